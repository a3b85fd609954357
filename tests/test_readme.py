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

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import docx
import httpx
from pdfs import make_pdf
from servers import ROOT, free_port, graph_sizes

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


def _environment() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("POLICYKG_STORE", "POLICYKG_PUSH"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


@contextmanager
def _background(words: list[str], cwd: Path, env: dict[str, str]) -> Iterator[int]:
    """Start a server line and wait until its port answers; yields the port, stops it at the end."""
    port = _port_of(words)
    log = cwd / f"server-{port}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(words, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + _STARTUP_S
        while not _answers(port):
            assert server.poll() is None, f"{shlex.join(words)} exited: {log.read_text(errors='replace')}"
            assert time.monotonic() < deadline, f"{shlex.join(words)} did not listen on {port}"
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _is_server(words: list[str]) -> bool:
    return words[-1] == "&" or tuple(words[:2]) in SERVER_COMMANDS


def test_the_readme_block_is_what_the_cli_does(tmp_path):
    lines = using_it_block(README.read_text(encoding="utf-8"))
    assert len(lines) >= 10 and all(line.split()[0] in ("policykg", "oxigraph") for line in lines)
    commands = with_free_ports([shlex.split(line, comments=True) for line in lines])
    make_inputs(tmp_path)
    env = _environment()
    outputs: dict[str, str] = {}
    servers: dict[str, int] = {}
    with ExitStack() as running:
        for line, words in zip(lines, commands):
            if _is_server(words):
                words = [word for word in words if word != "&"]
                servers[words[0] + " " + words[1]] = running.enter_context(_background(words, tmp_path, env))
                continue
            done = subprocess.run(words, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{line}\n{done.stderr}"
            assert "Traceback" not in done.stderr, line
            if "--out" in words:
                out = tmp_path / words[words.index("--out") + 1]
                assert out.is_file() or (out.is_dir() and any(out.iterdir())), f"{line} wrote no {out}"
            outputs[line] = done.stdout
        listed = subprocess.run([str(BIN / "policykg"), "list"], cwd=tmp_path, env=env, capture_output=True,
                                text=True, check=True).stdout.splitlines()
        for name, port in servers.items():
            assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code < 500, name
        pushed = next(out for line, out in outputs.items() if line.startswith("policykg push"))
        assert len(pushed.splitlines()) == len(listed) == len(graph_sizes(f"http://127.0.0.1:{servers['oxigraph serve']}"))
    sources = [line.split("\t")[0] for line in listed]
    assert "a" not in sources and {"b", "forests", "ports", "sipo-2013-ip-talents-opinions"} <= set(sources)
    export_lines = next(out for line, out in outputs.items() if line.startswith("policykg export all --input"))
    assert len(export_lines.splitlines()) == 4
