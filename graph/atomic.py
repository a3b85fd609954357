"""Atomic file writes: a reader sees the old files or the new ones, never half of either.

Each file is written to a temporary file beside it (same directory, so the same file system)
and synced, and only when every file of the batch is written are they moved over their
targets with `os.replace`, which POSIX makes atomic. A failure while writing (disk full, an
exception in the caller's generator) leaves every target as it was and no temporary behind.
For example `write_files({Path("out/duties.json"): b"[]", Path("out/goals.json"): b"[]"})`.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from graph import GraphError

_NEW_FILE_MODE = 0o644


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write all `files` (path -> content) or none of them; parent directories are created."""
    for target in files:
        if target.is_dir():
            raise GraphError(f"cannot write {target}: it is a directory")
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE)
    except BaseException:
        for temporary, _ in staged:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically."""
    write_files({path: data})
