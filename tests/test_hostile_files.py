"""Never touch what is not ours: output only to new paths or regular files, a store only in a folder policykg made.

Everything here lives in the test's temporary folder: the device node, FIFO and socket the
writer must refuse are made there (the node only where the test runs as root, as CI does).
"""
from __future__ import annotations

import gc
import json
import os
import socket
import stat
from pathlib import Path

import pytest
from conftest import make_extraction
from pyoxigraph import Store
from test_cli_bad_input import refused, store_dir  # noqa: F401 - store_dir is a fixture

from graph import GraphError
from graph.atomic import write_file
from graph.cli import main
from graph.store import open_store, replace_source
from graph.store_folder import FORMAT_VERSION, MARKER


def special_files(folder: Path) -> dict[str, Path]:
    """A FIFO, a listening socket's path, a directory and, as root, a character device node like /dev/full."""
    made = {"fifo": folder / "fifo", "directory": folder / "directory", "socket": folder / "socket"}
    os.mkfifo(made["fifo"])
    made["directory"].mkdir()
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(str(made["socket"]))
    unix.close()
    try:
        os.mknod(folder / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))
        made["device"] = folder / "full"
    except PermissionError:
        pass
    return made


def kind_of(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


def test_the_writer_refuses_every_file_that_is_not_regular_and_leaves_it(tmp_path: Path) -> None:
    for name, path in special_files(tmp_path).items():
        before = kind_of(path)
        with pytest.raises(GraphError, match=f"^cannot write {path}: it is .*not a regular file") as error:
            write_file(path, b"data")
        assert "\n" not in str(error.value), name
        assert kind_of(path) == before, name
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


def test_export_to_a_fifo_is_one_line_and_writes_nothing(capsys, tmp_path: Path, store_dir: Path) -> None:
    fifo = special_files(tmp_path)["fifo"]
    assert "FIFO" in refused(capsys, store_dir, "export", "duties", "--out", str(fifo))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_dash_writes_to_standard_output(capsys, store_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(store_dir), "export", "duties", "--format", "csv", "--out", "-"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("id,document,section,text")


@pytest.mark.parametrize("out", ["x" * 300 + ".json", "a-file/inside.json"])
def test_write_failures_name_the_target_not_the_temporary_file(tmp_path: Path, out: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(GraphError, match=r"^cannot write .*: (File name too long|Not a directory)") as error:
        write_file(tmp_path / out, b"[]")
    assert ".tmp" not in str(error.value)


def test_a_folder_of_user_files_is_not_turned_into_a_store(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(GraphError, match="is not a policykg store"):
        open_store(folder)
    with pytest.raises(GraphError, match="is not a policykg store"):
        open_store(folder, read_only=True)
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


def test_a_junk_current_file_is_not_blamed_on_another_process(tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "CURRENT").write_text("garbage\n")
    with pytest.raises(GraphError) as error:
        open_store(folder)
    assert "is not a policykg store" in str(error.value) and "another" not in str(error.value)


def test_a_new_store_is_marked_with_its_format_version(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new")
    del store
    gc.collect()
    assert json.loads((tmp_path / "new" / MARKER).read_text())["version"] == FORMAT_VERSION


def test_an_oxigraph_store_without_marker_is_adopted_on_first_write(tmp_path: Path) -> None:
    folder = tmp_path / "older"
    store = Store(str(folder))  # as policykg built stores before the marker
    replace_source(store, make_extraction())
    store.flush()
    del store
    gc.collect()
    open_store(folder, read_only=True)  # readable as it is
    assert not (folder / MARKER).exists()
    store = open_store(folder)
    assert len(store) > 0
    del store
    gc.collect()
    assert (folder / MARKER).exists()


def test_a_store_of_another_format_version_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "future"
    store = open_store(folder)
    del store
    gc.collect()
    (folder / MARKER).write_text(json.dumps({"format": "policykg-store", "version": FORMAT_VERSION + 1}))
    with pytest.raises(GraphError, match=f"format version {FORMAT_VERSION + 1}"):
        open_store(folder)


def test_a_name_too_long_for_a_file_is_one_line_in_the_viewers_add(tmp_path: Path) -> None:
    from graph.corpus import MAX_NAME_BYTES, add_document

    with pytest.raises(GraphError, match=f"give a name of at most {MAX_NAME_BYTES} bytes") as error:
        add_document(tmp_path / "store", "n" * 300 + ".txt", b"The Office shall act.")
    assert "Errno" not in str(error.value) and "/tmp" not in str(error.value)
    assert not (tmp_path / "store").exists()
