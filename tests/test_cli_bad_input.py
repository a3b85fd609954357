"""Bad input at the command line: refused in one line that says what to do, and nothing changes.

Every case runs against a built store and checks the same contract: a non-zero exit, exactly one
line on stderr (`policykg: error: ...`, saying what to do), no traceback, nothing on
stdout, no output file, and the store's quads exactly as before.
"""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEXT, make_extraction
from pdfs import make_pdf
from test_ingest import encrypted

from graph.cli import main
from graph.store import load_ontology, open_store, replace_source

PDF = make_pdf([["The Office shall set up a register by 2015."]])
BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\n",
    "binary.txt": b"\x00\x01\x02binary\x00" * 50,
    "truncated.pdf": PDF[: len(PDF) // 2],
    "locked.pdf": encrypted(PDF, "user-secret", "AES-128"),
    "scripts-only.html": b"<html><head><script>var a = 1;</script></head><body><script>run()</script></body></html>",
    "latin1.txt": "Caf\u00e9 policy: the Office shall act.".encode("latin-1"),
    "text-named.pdf": b"The Office shall act.\n",
    "text-named.docx": b"The Office shall act.\n",
    "image-named.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
}


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A built store (ontology and one source), closed again so the command under test can open it."""
    directory = tmp_path / "store"
    store = open_store(directory)
    load_ontology(store)
    replace_source(store, make_extraction())
    del store
    gc.collect()
    return directory


def quads(store_dir: Path) -> list[str]:
    """The store's quads as sorted N-Quads lines."""
    store = open_store(store_dir, read_only=True)
    lines = sorted(str(quad) for quad in store)
    del store
    gc.collect()
    return lines


def refused(capsys: pytest.CaptureFixture[str], store_dir: Path, *args: str) -> str:
    """Run `policykg --store STORE ARGS` in-process, check the contract, and return the error line."""
    before = quads(store_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(store_dir), *args])
    out, err = capsys.readouterr()
    assert exit_.value.code not in (0, None)
    assert_one_error_line(err)
    assert out == ""
    assert quads(store_dir) == before
    return err


def assert_one_error_line(err: str) -> None:
    assert err.startswith("policykg: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", BAD_FILES)
def test_adding_a_bad_file_is_refused_and_changes_nothing(capsys, tmp_path, store_dir, name):
    (tmp_path / name).write_bytes(BAD_FILES[name])
    assert name in refused(capsys, store_dir, "add", str(tmp_path / name))


def test_a_bad_file_named_with_good_ones_stops_the_run_before_any_write(capsys, tmp_path, store_dir):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "empty.txt is empty" in refused(capsys, store_dir, "add", str(tmp_path / "good.txt"),
                                           str(tmp_path / "empty.txt"))


def test_a_missing_file_and_a_folder_of_nothing_are_refused(capsys, tmp_path, store_dir):
    assert "no such file" in refused(capsys, store_dir, "add", str(tmp_path / "absent.txt"))
    (tmp_path / "empty-folder").mkdir()
    assert "found no .txt, .pdf, .html or .docx file" in refused(capsys, store_dir, "add",
                                                                 str(tmp_path / "empty-folder"))


def test_a_folder_of_unreadable_files_warns_for_each_and_fails_in_one_line(capsys, tmp_path, store_dir, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(TEXT, encoding="utf-8")
    before = quads(store_dir)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root reads any file, so chmod cannot show this
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(store_dir), "add", str(folder)])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    *warnings, error = err.splitlines(keepends=True)
    assert exit_.value.code == 1 and out == ""
    assert [line.split(" cannot be read")[0] for line in warnings] == [
        f"policykg: warning: {folder / name}" for name in ("a.txt", "b.txt")]
    assert_one_error_line(error)
    assert "no document in" in error
    assert quads(store_dir) == before


@pytest.mark.parametrize("args, message", [
    (["query", "SELEC ?s WHERE { ?s ?p ?o }"], "invalid SPARQL"),
    (["query", "SELECT ?s WHERE { ?s ?p ?o "], "invalid SPARQL"),
    (["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "only reads: SPARQL Update"),
    (["query", "DELETE WHERE { ?s ?p ?o }"], "only reads: SPARQL Update"),
    (["query", "DROP ALL"], "only reads: SPARQL Update"),
    (["query", "--name", "goals-by-year", "--param", "year=abc"], "year must be a year like 2015"),
    (["query", "--name", "goals-by-year", "--param", "year"], "is not NAME=VALUE"),
    (["query", "--name", "no-such-query"], "no named query"),
    (["serve", "--port", "99999"], "--port"),
    (["serve", "--port", "0"], "--port"),
    (["serve", "--timeout", "-1"], "--timeout"),
    (["serve", "--timeout", "0"], "--timeout"),
    (["serve", "--max-rows", "0"], "--max-rows"),
    (["add", "--processes", "0", "whatever.txt"], "--processes"),
    (["analyse", "--top", "0"], "--top"),
])
def test_malformed_queries_and_absurd_parameters_are_refused(capsys, store_dir, args, message):
    assert message in refused(capsys, store_dir, *args)


def test_a_failing_export_writes_no_file(capsys, tmp_path, store_dir):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "duties.json"
    refused(capsys, store_dir, "export", "duties", "--input", str(tmp_path / "empty.txt"), "--out", str(out))
    refused(capsys, store_dir, "analyse", "--input", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "net"))
    assert not out.exists() and not (tmp_path / "net").exists()


@pytest.mark.parametrize("args", [["add", "binary.txt"], ["query", "DROP ALL"]])
def test_the_console_script_refuses_in_one_line_too(tmp_path, store_dir, args):
    (tmp_path / "binary.txt").write_bytes(BAD_FILES["binary.txt"])
    before = quads(store_dir)
    result = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "--store", str(store_dir),
                             *args], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert_one_error_line(result.stderr)
    assert quads(store_dir) == before
