"""Real servers for tests: a free loopback port, a subprocess started and stopped around a test.

Tests talk to servers over real sockets, so what they check is what a client would see.

    with running([sys.executable, "-m", "http.server", str(port)], f"http://127.0.0.1:{port}/"):
        httpx.get(f"http://127.0.0.1:{port}/")
"""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parent.parent
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    """A loopback port nothing listens on right now (the OS picks it, so parallel runs do not clash)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(command: list[str], ready_url: str, *, startup_s: float = 30.0,
            log_path: Path | None = None, cwd: Path = ROOT) -> Iterator[subprocess.Popen]:
    """Run `command` from `cwd` (the project root) until the block ends; ready once `ready_url` answers.

    Its output goes to `log_path` when given (a test may read it afterwards), else to a temporary file.
    """
    with (open(log_path, "w+b") if log_path else tempfile.TemporaryFile()) as log:
        server = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_answering(server, ready_url, startup_s, log)
            yield server
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_answering(server: subprocess.Popen, url: str, startup_s: float, log: IO[bytes]) -> None:
    deadline = time.monotonic() + startup_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited with {server.returncode}:\n{log.read().decode(errors='replace')}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not answer {url} within {startup_s} s")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A real Oxigraph server storing in `location`, on a free port; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with running(command, base + "/query?query=ASK%7B%7D"):
        yield base


def graph_sizes(server: str) -> dict[str, int]:
    """Triples per named graph on a SPARQL server, by graph IRI."""
    response = httpx.get(
        server + "/query",
        params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"},
    )
    response.raise_for_status()
    return {row["g"]["value"]: int(row["n"]["value"]) for row in response.json()["results"]["bindings"]}


@contextmanager
def loopback_listener() -> Iterator[tuple[int, list[bytes]]]:
    """A loopback TCP port that records the first bytes of every connection made to it.

    A test that must make no outbound request points the request there and asserts the list
    stays empty: `with loopback_listener() as (port, received): ...; assert received == []`.
    """
    received: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.05)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1.0)
                try:
                    received.append(connection.recv(200) or b"(connected)")
                except OSError:
                    received.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        time.sleep(0.2)  # a request on its way still arrives
        stop.set()
        thread.join()
        server.close()


def client_from(address: str, **options: object) -> httpx.Client:
    """An HTTP client whose connections come from another loopback address (127.0.0.2, ...): another client host."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), **options)
