"""`policykg add` says how it goes: a progress line on a terminal, one line per document off it."""
from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from conftest import TEXT

from graph.progress_line import ProgressLine

COMMAND = [sys.executable, "-c", "from graph.cli import main; main()"]


def _documents(folder: Path) -> list[Path]:
    """Two invented documents, the second long enough to take many clauses."""
    folder.mkdir()
    (folder / "short-notice.txt").write_text(TEXT, encoding="utf-8")
    sentences = [f"The Office of Region {number} shall publish a water plan by 20{30 + number % 60}; "
                 f"improve the flood warning system." for number in range(120)]
    (folder / "long-notice.txt").write_text("Notice on Water\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    return sorted(folder.iterdir())


def test_on_a_terminal_a_progress_line_counts_documents_and_clauses(tmp_path):
    folder = tmp_path / "docs"
    _documents(folder)
    leader, follower = pty.openpty()
    with subprocess.Popen([*COMMAND, "add", "--store", str(tmp_path / "store"), str(folder)], stdout=subprocess.PIPE,
                          stderr=follower, text=True) as process:
        os.close(follower)
        terminal = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            terminal += chunk
        out = process.stdout.read()
    os.close(leader)
    assert process.returncode == 0
    drawn = terminal.decode().replace("\r\n", "\n").split("\r\x1b[K")
    assert any("long-notice.txt [" in line and "clauses" in line for line in drawn)
    assert any(line.startswith("Extracting  2 docs") for line in drawn)
    assert [line.split(":")[0] for line in out.splitlines()[:2]] == ["long-notice", "short-notice"]


def test_off_a_terminal_each_document_is_one_line_and_nothing_is_redrawn(tmp_path):
    folder = tmp_path / "docs"
    _documents(folder)
    done = subprocess.run([*COMMAND, "add", "--store", str(tmp_path / "store"), str(folder)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert done.stderr == "" and "\r" not in done.stdout
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["long-notice", "short-notice", "store"]


def test_the_clause_bar_fills_as_clauses_are_read():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    line = ProgressLine(terminal)
    line.clause_read("big.pdf", 1, 4)
    assert line.text().endswith("big.pdf [#####---------------] 1/4 clauses")
    line.clause_read("big.pdf", 4, 4)
    assert line.text().endswith("[####################] 4/4 clauses")
    line.document_done(tokens=100)
    assert "clauses" not in line.text() and line.text().startswith("Extracting  1 docs")
    assert terminal.getvalue().count("\r\x1b[K") == 3
