"""The Dask engine: per-document tasks on an existing Dask cluster, or on a local one started for the run.

`--cluster tcp://HOST:8786` connects to a running scheduler (`dask scheduler`, with workers
started by `dask worker tcp://HOST:8786 --nthreads 1`, each on a machine with policykg installed);
`--workers N` starts a `LocalCluster` of N single-threaded worker processes and stops it after.
A worker plugin loads the spaCy pipeline when a worker starts (and when the nanny restarts one),
so no task pays for it. What goes over the network: each file's bytes to a worker, and its source
graph back as compressed N-Quads; the client writes the store. This module is imported only when
one of the two options is given, so Dask is needed only then. For example

    with closing(DaskEngine(None, workers=2)) as engine:
        for outcome in run_jobs(jobs, engine): ...
"""
from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from typing import Any

from graph import GraphError
from graph.tasks import FileJob, warm_up

try:
    import dask
    from distributed import Client, LocalCluster, as_completed
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as missing:  # the `cluster` extra is not installed
    raise GraphError("--cluster and --workers need Dask: pip install 'policykg[cluster]'") from missing

_CONNECT_TIMEOUT = "10s"
_FIRST_WORKER_TIMEOUT = 120  # seconds for a worker to join (a started worker loads spaCy first)
_LOOKAHEAD_PER_THREAD = 2  # one running and one queued keeps a worker busy between results
_LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,  # a task whose worker died fails at once: run_jobs retries it once
    # Dask's statistical profiler walks the running task's stack every 10 ms; on spaCy's deep stacks
    # it cost a third of a worker's time (a 2-worker run of 40 documents: 70 s with it, 52 s without).
    "distributed.worker.profile.enabled": False,
    # The nanny sets MALLOC_TRIM_THRESHOLD_ in each worker's environment to hand freed memory back at
    # once; any value also stops glibc adjusting its thresholds, so spaCy's buffers are mapped and
    # unmapped again for every sentence (30 documents on 2 workers: 4,630 tokens/s with it, 5,167
    # without; the process pool, which does not set it, 5,385). None unsets it.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class PipelineLoader(WorkerPlugin):
    """Loads the language pipeline once per worker process, as the worker starts."""

    name = "policykg-pipeline"

    def setup(self, worker: Any) -> None:
        warm_up()


class DaskEngine:
    """Submits tasks to a Dask cluster: an existing scheduler at `address`, else `workers` local processes.

    A local cluster's scheduler is told to fail a task at once when its worker dies
    (`allowed-failures: 0`), so `run_jobs` retries it exactly once, and its workers run without
    Dask's profiler and without the nanny's malloc trimming. An existing cluster keeps its own
    settings: the scheduler applies its allowed failures before `run_jobs` sees one, and its
    workers profile and trim unless configured not to (README, "Scaling out").
    """

    def __init__(self, address: str | None, workers: int | None) -> None:
        self._cluster: LocalCluster | None = None
        if address is not None:
            try:
                self._client = Client(address, timeout=_CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as error:
                raise GraphError(f"cannot reach the Dask scheduler at {address} ({error}); start one with "
                                 "`dask scheduler` and workers with `dask worker ADDRESS`, or check the address") \
                    from error
        else:
            with dask.config.set(_LOCAL_CLUSTER_CONFIG):
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        try:
            self._client.register_plugin(PipelineLoader())
            self._client.wait_for_workers(1, timeout=_FIRST_WORKER_TIMEOUT)
        except TimeoutError as error:
            self.close()
            raise GraphError(f"no Dask worker joined {address or 'the local cluster'} within "
                             f"{_FIRST_WORKER_TIMEOUT} s; start workers with `dask worker ADDRESS --nthreads 1`") \
                from error
        except BaseException:
            self.close()
            raise
        # Tracked on this client's own event loop, whichever Dask client was made last in the process.
        self._finished = as_completed(loop=self._client.loop)
        self.lookahead = _LOOKAHEAD_PER_THREAD * max(1, sum(self._client.nthreads().values()))

    def submit(self, task: Any, job: FileJob) -> Any:
        future = self._client.submit(task, job, pure=False)  # pure=False: a retry is a new task, not the failed one
        self._finished.add(future)
        return future

    def first_done(self, futures: Collection[Any]) -> Iterable[Any]:
        """The futures finished since the last call: all of them were submitted here, so are among `futures`."""
        return self._finished.next_batch(block=True)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
