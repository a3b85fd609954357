"""The console side of `policykg app`: the Streamlit command line, and a port already taken.

Streamlit reads `.streamlit/config.toml` only from the directory it is started in (and the
user's home), so the project's settings (no Deploy button, no usage statistics) would hold only
when started from the project. `viewer_command` therefore passes each setting of that file as a
command-line option, which wins wherever the viewer is started from. A port already in use is
said at once, with the option that picks another, rather than left to Streamlit's own message.

    os.execv(sys.executable, viewer_command(Path("app.py"), 8501, ["--store", "data/store"]))
"""
from __future__ import annotations

import errno
import socket
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from graph import GraphError

CONFIG_FILE = Path(".streamlit") / "config.toml"  # beside app.py


def viewer_command(viewer: Path, port: int, viewer_args: list[str], server_options: Sequence[str] = ()) -> list[str]:
    """`streamlit run app.py` headless on `port`, through `viewer.serve` (which imports the first page's
    code before the server starts), with the project's settings and any other `server_options`
    (`--server.address 127.0.0.1` ...), given `viewer_args` (`--store PATH` ...)."""
    return [sys.executable, "-m", "viewer.serve", str(viewer), "--server.headless", "true",
            "--server.port", str(port), *config_options(viewer.parent / CONFIG_FILE), *server_options,
            "--", *viewer_args]


def config_options(config: Path) -> list[str]:
    """Each `[section] key = value` of a Streamlit config file as `--section.key value`; none if there is no file."""
    if not config.is_file():
        return []
    with config.open("rb") as file:
        settings = tomllib.load(file)
    options = []
    for section, values in settings.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            options += [f"--{section}.{key}", text]
    return options


def check_port_free(port: int) -> None:
    """Fail in one line when something already listens on `port`, as Streamlit would bind it (every interface)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the web server does
        try:
            probe.bind(("", port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise GraphError(f"port {port} is already in use (another viewer or server?); "
                             f"stop it, or choose another port: `policykg app --port {_another(port)}`") from None


def _another(port: int) -> int:
    return port + 1 if port < 65535 else 8502
