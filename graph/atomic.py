"""Atomic file writes: a reader sees the old files or the new ones, never half of either.

Each file is written to a temporary file beside it (same directory, so the same file system)
and synced, and only when every file of the batch is written are they moved over their
targets with `os.replace`, which POSIX makes atomic. A failure while writing (disk full, an
exception in the caller's generator) leaves every target as it was and no temporary behind.
For example `write_files({Path("out/duties.json"): b"[]", Path("out/goals.json"): b"[]"})`.

Only a new path or an existing regular file is written: renaming over `/dev/full`, a FIFO, a
socket or a directory would replace something that is not ours (as root, a device node), so
those are refused with one line before anything is written, and checked again just before the
rename. Failures name the target, never the temporary file.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from graph import GraphError

_NEW_FILE_MODE = 0o644
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write all `files` (path -> content) or none of them; parent directories are created."""
    for target in files:
        check_target(target)
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        for _, target in staged:
            check_target(target)  # nothing took its place meanwhile
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


def check_target(target: Path) -> None:
    """Raise GraphError unless `target` is a new path or a regular file (a symbolic link is followed)."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise _cannot_write(target, error) from error
    kind = next((name for is_kind, name in _KINDS if is_kind(mode)), None if stat.S_ISREG(mode) else "not a file")
    if kind is not None:
        raise GraphError(f"cannot write {target}: it is {kind}, not a regular file; "
                         "give the path of a file (or - for standard output where the command allows it)")


def _stage(target: Path, data: bytes) -> str:
    """Write `data` to a synced temporary file beside `target`; returns its path."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:64]}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(target, error) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE)
    except BaseException as error:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from error
        raise
    return temporary


def _cannot_write(target: Path, error: OSError) -> GraphError:
    """One line naming the target and what the system said (not the temporary file's name)."""
    reason = error.strerror or type(error).__name__
    return GraphError(f"cannot write {target}: {reason}; check the path, its permissions and the free space")
