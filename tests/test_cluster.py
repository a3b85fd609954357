"""Extraction on a real Dask cluster: the same graph as one process, workers that die, unchanged files.

A `LocalCluster` of two single-threaded worker processes runs inside the suite, with the setting
`--workers` gives its own cluster (`allowed-failures: 0`, so a task whose worker dies comes back
to the client at once and `run_jobs` retries it exactly once). Its scheduler runs in this process,
so a scheduler plugin can count the tasks it is sent.
"""
from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import dask
import pytest
from distributed import Client, KilledWorker, LocalCluster
from distributed.diagnostics.plugin import SchedulerPlugin
from small_corpus import graphs, sorted_quads, write_corpus

from graph.add import add_documents
from graph.cli import main
from graph.cluster import DaskEngine
from graph.engines import FailedJob, run_jobs
from graph.store import open_store
from graph.tasks import ExtractedDocument, FileJob, extract_file

DOCUMENTS = 20
POISON = "poison.txt"
KILL_WITHIN = 30.0  # seconds to find a busy worker once the first document is written


class TaskCounter(SchedulerPlugin):
    """Counts the distinct tasks the scheduler is given."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        self.keys.add(str(key))


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield local
    local.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("cluster") / "corpus", DOCUMENTS)


@pytest.fixture(scope="module")
def single_process_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    store = tmp_path_factory.mktemp("single") / "store"
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(store), "add", str(corpus)])
    assert exit_.value.code == 0
    return store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def test_a_local_dask_cluster_and_a_process_pool_add_the_single_process_graph(capsys, tmp_path, corpus,
                                                                              single_process_store):
    expected = sorted_quads(single_process_store)
    for option in (["--workers", "2"], ["--processes", "2"]):
        store = tmp_path / option[0].strip("-")
        code, out, err = run(capsys, "--store", str(store), "add", *option, str(corpus))
        assert code == 0, err
        assert len([line for line in out.splitlines() if " duties, " in line]) == DOCUMENTS
        assert sorted_quads(store) == expected, option


def test_unchanged_files_send_no_task_to_the_cluster(capsys, tmp_path, cluster, corpus):
    counter = TaskCounter()
    cluster.scheduler.add_plugin(counter, name=f"counter-{tmp_path.name}")
    store = str(tmp_path / "store")
    few = write_corpus(tmp_path / "few", 3)
    assert run(capsys, "--store", store, "add", "--cluster", cluster.scheduler_address, str(few))[0] == 0
    assert len(counter.keys) == 3
    code, out, _ = run(capsys, "--store", store, "add", "--cluster", cluster.scheduler_address, str(few))
    assert code == 0 and out.count("unchanged, skipped") == 3
    assert len(counter.keys) == 3
    (few / "notice-01.txt").write_text("Notice\n\nThe Port Authority shall dredge the channel.\n", encoding="utf-8")
    code, out, _ = run(capsys, "--store", store, "add", "--cluster", cluster.scheduler_address, str(few))
    assert code == 0 and out.count("unchanged, skipped") == 2 and "notice-01: 1 duties" in out
    assert len(counter.keys) == 4


def kill_a_busy_worker(scheduler: str) -> None:
    """Kill the first worker seen holding a task, as the kernel's OOM killer would."""
    with Client(scheduler) as observer:
        pids = observer.run(os.getpid)
        deadline = time.monotonic() + KILL_WITHIN
        while time.monotonic() < deadline:
            busy = [worker for worker, keys in observer.processing().items() if keys and worker in pids]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                return
            time.sleep(0.005)


class CountingEngine(DaskEngine):
    """The Dask engine, counting the tasks submitted (a retry is a second submission)."""

    submitted = 0

    def submit(self, task: Any, job: FileJob) -> Any:
        self.submitted += 1
        return super().submit(task, job)


def test_a_worker_killed_midway_leaves_every_document_added_or_reported(tmp_path, cluster, corpus,
                                                                        single_process_store):
    expected = graphs(single_process_store)
    warnings: list[str] = []
    store = open_store(tmp_path / "store")
    killer = threading.Thread(target=kill_a_busy_worker, args=(cluster.scheduler_address,))
    with closing(CountingEngine(cluster.scheduler_address, None)) as engine:
        added = []
        for document in add_documents(store, [corpus], warn=warnings.append, unchanged=warnings.append, engine=engine):
            if not added:  # midway: one document is written
                killer.start()
            added.append(document.source_id)
        killer.join()
        assert engine.submitted > DOCUMENTS  # the killed worker's tasks were sent again
    del store
    reported = {Path(line.split(" skipped:")[0]).stem for line in warnings}
    assert sorted(added + sorted(reported)) == sorted(path.stem for path in corpus.iterdir())
    after = graphs(tmp_path / "store")
    for name, quads in after.items():  # each graph written is complete; the default graph is the ontology
        assert quads == expected[name], f"{name} is not the document's whole graph"
    assert set(after) == {name for name in expected if name == "DEFAULT" or any(name.endswith(f"/{sid}>") for sid in added)}


def extract_or_die(job: FileJob) -> Any:
    """The real task, but a worker given the poison file dies as if it ran out of memory."""
    if job.path.name == POISON:
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_file(job)


def test_a_file_whose_worker_dies_twice_is_reported_and_the_others_go_on(tmp_path, cluster):
    folder = write_corpus(tmp_path / "corpus", 4)
    (folder / POISON).write_text("Notice\n\nThe Port Authority shall dredge the channel.\n", encoding="utf-8")
    jobs = [FileJob.read(path) for path in sorted(folder.iterdir())]
    with closing(DaskEngine(cluster.scheduler_address, None)) as engine:
        outcomes = list(run_jobs(jobs, engine, task=extract_or_die))
    by_name = {(o.job.path if isinstance(o, FailedJob) else o.path).name: o for o in outcomes}
    assert sorted(by_name) == sorted(job.path.name for job in jobs) and len(outcomes) == len(jobs)
    poison = by_name.pop(POISON)
    assert isinstance(poison, FailedJob) and isinstance(poison.error, KilledWorker)
    for name, outcome in by_name.items():  # a file that shared a dying worker may have died with it, no other way
        assert isinstance(outcome, ExtractedDocument) or isinstance(outcome.error, KilledWorker), name
    assert sum(isinstance(o, ExtractedDocument) for o in by_name.values()) >= 1


def test_engine_options_that_contradict_or_an_unreachable_scheduler_fail_in_one_line(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 1)
    store = tmp_path / "store"
    code, _, err = run(capsys, "--store", str(store), "add", "--processes", "2", "--workers", "2", str(corpus))
    assert (code, err) == (1, "policykg: error: give one of --processes, --workers and --cluster, not several\n")
    with socket.socket() as probe:  # a port nothing listens on: bound here, never listened to
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
        code, _, err = run(capsys, "--store", str(store), "add", "--cluster", address, str(corpus))
    assert code == 1 and err.startswith(f"policykg: error: cannot reach the Dask scheduler at {address} (")
    assert err.count("\n") == 1 and "dask scheduler" in err


def test_a_local_cluster_runs_its_workers_without_profiling_or_malloc_trimming(monkeypatch):
    # A nanny writes its settings into its own process's environment too: the module's cluster did.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with closing(DaskEngine(None, workers=1)) as engine:
        seen = engine._client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"),
                                           dask.config.get("distributed.worker.profile.enabled")))
    assert list(seen.values()) == [(None, "1", False)]  # Dask's other pre-spawn settings stay
