"""The README's "Using it" block, run as written, line by line and in order, on a fresh store.

The block is read from README.md itself, so what the README tells a new user and what this test
runs cannot drift apart. Each line is one command, its comment dropped; the files the lines name
(a.pdf, b.docx, policies/, my-policy.txt) are made here from invented policy sentences, in an
empty folder that is the commands' working directory (so the store is ./data/store, as for a
user). A server line (one ending in `&`, or `policykg serve` / `policykg app`) is started in the
background and must answer on its port before the next line runs, as it would in a user's
shell; servers are stopped when the block is done. The README's ports are moved to free ones,
so parallel runs do not clash. Every other line must exit 0, print no traceback, and write the
file or folder its `--out` names.
"""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import docx
import httpx
from pdfs import make_pdf
from servers import ROOT, free_port, graph_sizes, running

README = ROOT / "README.md"
BIN = Path(sys.executable).parent  # policykg and oxigraph, as installed by `make setup`
SERVER_COMMANDS = {("policykg", "serve"), ("policykg", "app")}
_PORT = re.compile(r"(?<=:)(\d{4,5})(?=/|$)")  # 127.0.0.1:7879, http://127.0.0.1:7879/store
_STARTUP_S = 90.0


def using_it_block(readme: str) -> list[str]:
    """The command lines of the first ```sh block under the "## Using it" heading."""
    section = readme.split("\n## Using it\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def with_free_ports(commands: list[list[str]]) -> list[list[str]]:
    """The commands with each port they name (after --port, or as host:PORT) moved to a free one."""
    ports: dict[str, str] = {}

    def moved(port: str) -> str:
        return ports.setdefault(port, str(free_port()))

    result = []
    for words in commands:
        changed = []
        for index, word in enumerate(words):
            if index and words[index - 1] == "--port":
                changed.append(moved(word))
            else:
                changed.append(_PORT.sub(lambda found: moved(found.group(1)), word))
        result.append(changed)
    return result


def _port_of(words: list[str]) -> int:
    if "--port" in words:
        return int(words[words.index("--port") + 1])
    found = next(_PORT.search(word) for word in words if _PORT.search(word))
    return int(found.group(1))


def make_inputs(folder: Path) -> None:
    """The documents the block names, each a few invented policy sentences."""
    (folder / "a.pdf").write_bytes(make_pdf([[
        "Notice on Coastal Water Safety",
        "1. The Ministry of Water Resources shall publish a drought plan by 2030.",
        "2. Local water boards should report leaks to the Ministry every year.",
    ]]))
    document = docx.Document()
    document.add_heading("Opinions on Rural Broadband", level=1)
    document.add_paragraph("The Rural Broadband Agency shall connect every village school by 2028.")
    document.add_paragraph("Telecom operators must publish their coverage maps each quarter.")
    document.save(folder / "b.docx")
    (folder / "policies").mkdir()
    (folder / "policies" / "forests.txt").write_text(
        "Forest Protection Measures\n\nI. Tasks\n\nThe Forestry Bureau shall establish a fire monitoring "
        "platform by 2027. Improve the training system for rangers.\n", encoding="utf-8")
    (folder / "policies" / "ports.html").write_text(
        "<html><head><title>Port Safety Circular</title></head><body><h1>Port Safety Circular</h1>"
        "<p>The Port Authority shall inspect every crane twice a year.</p></body></html>", encoding="utf-8")
    (folder / "my-policy.txt").write_text(
        "Measures on Clean Buses\n\nThe Transport Office shall replace 500 diesel buses by 2026. "
        "Cities are encouraged to build charging stations.\n", encoding="utf-8")


def _is_server(words: list[str]) -> bool:
    return words[-1] == "&" or tuple(words[:2]) in SERVER_COMMANDS


def _installed(words: list[str]) -> list[str]:
    """The command with its program (policykg, oxigraph) as `make setup` installed it."""
    return [str(BIN / words[0]), *words[1:]]


def test_the_readme_block_is_what_the_cli_does(tmp_path, monkeypatch):
    lines = using_it_block(README.read_text(encoding="utf-8"))
    assert len(lines) >= 10 and all(line.split()[0] in ("policykg", "oxigraph") for line in lines)
    commands = with_free_ports([shlex.split(line, comments=True) for line in lines])
    make_inputs(tmp_path)
    for name in ("POLICYKG_STORE", "POLICYKG_PUSH_TOKEN", "POLICYKG_PUSH_USER", "POLICYKG_PUSH_PASSWORD"):
        monkeypatch.delenv(name, raising=False)  # a fresh user's shell
    outputs: dict[str, str] = {}
    servers: dict[str, int] = {}
    with ExitStack() as started:
        for line, words in zip(lines, commands):
            if _is_server(words):
                words = [word for word in words if word != "&"]
                port = _port_of(words)
                started.enter_context(running(_installed(words), f"http://127.0.0.1:{port}/", startup_s=_STARTUP_S,
                                              cwd=tmp_path))
                servers[f"{words[0]} {words[1]}"] = port
                continue
            done = subprocess.run(_installed(words), cwd=tmp_path, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{line}\n{done.stderr}"
            assert "Traceback" not in done.stderr, line
            if "--out" in words:
                out = tmp_path / words[words.index("--out") + 1]
                assert out.is_file() or (out.is_dir() and any(out.iterdir())), f"{line} wrote no {out}"
            outputs[line] = done.stdout
        listed = subprocess.run([str(BIN / "policykg"), "list"], cwd=tmp_path, capture_output=True,
                                text=True, check=True).stdout.splitlines()
        for name, port in servers.items():
            assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code < 500, name
        pushed = next(out for line, out in outputs.items() if line.startswith("policykg push"))
        assert len(pushed.splitlines()) == len(listed) == len(graph_sizes(f"http://127.0.0.1:{servers['oxigraph serve']}"))
    sources = [line.split("\t")[0] for line in listed]
    assert "a" not in sources and {"b", "forests", "ports", "sipo-2013-ip-talents-opinions"} <= set(sources)
    export_lines = next(out for line, out in outputs.items() if line.startswith("policykg export all --input"))
    assert len(export_lines.splitlines()) == 4
