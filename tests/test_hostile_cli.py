"""The command line under hostile input: crashes and hangs of the red-team pass, each now one line."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line, refused, store_dir  # noqa: F401 - store_dir is a fixture

from servers import ROOT


def policykg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the command in a process of its own, so a crash shows as a signal rather than killing the tests."""
    return subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_a_query_too_big_for_the_planners_stack_is_stopped_not_a_crash(store_dir: Path, tmp_path: Path) -> None:
    patterns = " ".join(f"?s{number} <urn:p> ?o{number} ." for number in range(10_000))
    (tmp_path / "wide.rq").write_text(f"SELECT * WHERE {{ {patterns} }}")
    done = policykg("--store", str(store_dir), "query", "--timeout", "2", "--file", str(tmp_path / "wide.rq"))
    assert done.returncode == 1, done  # not -11 (signal 11), as on the main thread's stack
    assert_one_error_line(done.stderr)
    assert "ran longer than 2 s" in done.stderr


def test_a_deeply_nested_query_file_is_refused_not_a_crash(store_dir: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE " + "{ " * 5000 + "} " * 5000)
    done = policykg("--store", str(store_dir), "query", "--file", str(deep))
    assert done.returncode == 1, done
    assert "more than 64 levels" in done.stderr


def test_a_fifo_as_query_file_is_refused_without_waiting_for_a_writer(capsys, store_dir: Path, tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "q.rq")
    assert "is not a regular file" in refused(capsys, store_dir, "query", "--file", str(tmp_path / "q.rq"))


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "1e999"])
def test_timeouts_must_be_finite_and_positive(capsys, store_dir: Path, value: str) -> None:
    assert "finite number of seconds" in refused(capsys, store_dir, "serve", "--timeout", value)
    assert "finite number of seconds" in refused(capsys, store_dir, "query", "--timeout", value, "ASK {}")


def test_serve_on_a_port_in_use_is_one_line(capsys, store_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        err = refused(capsys, store_dir, "serve", "--port", str(taken.getsockname()[1]))
    assert "Address already in use" in err and "Errno" not in err


@pytest.mark.parametrize("host", ["x> <y", "999.1.1.1"])
def test_serve_on_a_host_that_is_not_one_is_one_line(capsys, store_dir: Path, host: str) -> None:
    assert "cannot listen on" in refused(capsys, store_dir, "serve", "--host", host)
