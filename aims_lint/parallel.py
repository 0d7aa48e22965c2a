"""Share independent work among forked worker processes of a standard process pool (`--jobs N`)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported only where a pool starts: a run in one process never loads them
    import concurrent.futures
    import multiprocessing

from aims_lint.errors import open_files_limit

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per process, a fork and a pickle cost more than they save.
MIN_ITEMS_PER_JOB = 200
# Items are sent to the pool in chunks of at least this many, each taken by whichever worker is free first.
MIN_CHUNK = 16
# At most this many chunks (futures) for one call, however many items.
MAX_CHUNKS = 1024
# The pool is stalled when no chunk has come back for max(WAIT_LEAST, WAIT_FACTOR * the time the call has taken)
# seconds and no worker has used CPU time meanwhile or is waiting for a CPU (they are stopped, or blocked for
# good): its workers are then killed and what they did not finish is done here. Otherwise it waits as long again.
WAIT_LEAST = 2.0
WAIT_FACTOR = 1.0
# Descriptors the pool holds in this process (its queues and wake-up pipe), and those each worker adds here.
POOL_DESCRIPTORS = 8
DESCRIPTORS_PER_WORKER = 2
# A pool is started only while this many file descriptors would still be free, to read files and import with.
SPARE_DESCRIPTORS = 4

# The most worker processes the command line starts by itself (--jobs not given); measured on 2 CPUs only.
AUTO_JOBS_MAX = 8

# What the workers run: set before the pool forks them, so that they inherit it and nothing but chunk bounds
# (and results) cross between processes.
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def auto_jobs() -> int:
    """The command line's --jobs when none is given: one process for each CPU this process may run on, at most
    AUTO_JOBS_MAX (fork_map still keeps a small scan in one process)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, AUTO_JOBS_MAX))


def can_fork() -> bool:
    """Forking without exec is safe only on Linux (macOS frameworks may crash in a forked child) and only while
    this process runs a single thread (a lock held by another thread would stay locked in the child)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def chunks_of(count: int) -> list[range]:
    """The chunks `count` items are handed out in: consecutive ranges of equal size (the last may be shorter)."""
    size = max(MIN_CHUNK, -(-count // MAX_CHUNKS))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[function(item) for item in items], computed by up to `jobs` forked workers of a ProcessPoolExecutor.

    The results come back in the order of the items and are the same as without workers: where forking is
    unsafe or unavailable, or the pool cannot start, everything is done in this process; any chunk a worker did
    not finish (it raised, died, or was stopped or stuck: see WAIT_LEAST) is done here afterwards, so an error
    `function` raises is raised here, as it would be without workers.
    """
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB, _workers_descriptors_allow())
    if jobs <= 1 or not can_fork():
        return [function(item) for item in items]
    chunks = chunks_of(len(items))
    global _task
    _task = (function, items)
    try:
        done = _pool_results(chunks, jobs)
    finally:
        _task = None
    results: list[R] = []
    for chunk, values in zip(chunks, done, strict=True):
        results.extend(values if values is not None else [function(items[i]) for i in chunk])
    return results


def _run_chunk(start: int, stop: int) -> list[Any]:
    """In a worker: the results of items[start:stop]."""
    assert _task is not None  # inherited from the caller at the fork
    function, items = _task
    return [function(items[i]) for i in range(start, stop)]


def _pool_results(chunks: Sequence[range], jobs: int) -> list[list[Any] | None]:
    """Each chunk's results from a pool of `jobs` workers; None for a chunk no worker finished."""
    import concurrent.futures
    import multiprocessing

    started = time.monotonic()
    threads = set(threading.enumerate())
    before = set(multiprocessing.active_children())
    pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    futures: list[concurrent.futures.Future[list[Any]]] = []
    try:
        try:  # with fork, the first submit starts every worker
            futures = [pool.submit(_run_chunk, chunk.start, chunk.stop) for chunk in chunks]
        except (OSError, RuntimeError):  # no process or descriptor to spare: the work is done here
            futures = []
        workers = [p for p in multiprocessing.active_children() if p not in before]
        if futures:
            _wait_or_stop(futures, workers, started)
    finally:
        for future in futures:
            future.cancel()
        _stop(pool, [p for p in multiprocessing.active_children() if p not in before], threads)
    return [_result(future) for future in futures] if futures else [None] * len(chunks)


def _wait_or_stop(
    futures: Sequence[concurrent.futures.Future[Any]], workers: Sequence[multiprocessing.process.BaseProcess],
    started: float,
) -> None:
    """Wait until every future is done; kill the workers when the pool has stalled (see WAIT_LEAST)."""
    import concurrent.futures

    pending = set(futures)
    used, _ = _activity(workers)
    while pending:
        grace = max(WAIT_LEAST, WAIT_FACTOR * (time.monotonic() - started))
        finished, pending = concurrent.futures.wait(pending, timeout=grace)
        now_used, runnable = _activity(workers)
        if finished or runnable or now_used != used:  # still working: as long again
            used = now_used
            continue
        for process in workers:
            process.kill()
        return


def _stop(
    pool: concurrent.futures.ProcessPoolExecutor, workers: Sequence[multiprocessing.process.BaseProcess],
    threads: set[threading.Thread],
) -> None:
    """Shut the pool down, reap its workers (one that does not end within a moment is killed) and wait for the
    pool's own threads (those not in `threads`), so that the next call may fork again. Every wait is bounded."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.join(timeout=WAIT_LEAST)
        if process.is_alive():
            process.kill()
            process.join()
    for thread in set(threading.enumerate()) - threads:
        thread.join(timeout=WAIT_LEAST)


def _result(future: concurrent.futures.Future[list[Any]]) -> list[Any] | None:
    if future.cancelled() or not future.done() or future.exception() is not None:
        return None
    return future.result()


def _workers_descriptors_allow() -> int:
    """How many workers a pool may have while leaving SPARE_DESCRIPTORS free in this process."""
    limit = open_files_limit()
    if limit is None:
        return sys.maxsize
    try:
        lowest_free = os.open(os.devnull, os.O_RDONLY)  # descriptors are numbered from the lowest free one
    except OSError:
        return 0
    os.close(lowest_free)
    return (limit - lowest_free - POOL_DESCRIPTORS - SPARE_DESCRIPTORS) // DESCRIPTORS_PER_WORKER


def _activity(workers: Sequence[multiprocessing.process.BaseProcess]) -> tuple[int, bool]:
    """The CPU time the workers have used (clock ticks), and whether one is runnable, only waiting for a CPU on a
    busy machine. Where /proc cannot tell, (0, False): the pool is then judged by its results alone."""
    total, runnable = 0, False
    for process in workers:
        try:
            with open(f"/proc/{process.pid}/stat", "rb") as stat:
                # pid (name) state ... utime stime ...: the name may hold anything, so fields are counted after it.
                fields = stat.read().rpartition(b")")[2].split()
        except OSError:
            return 0, False
        if len(fields) >= 13:
            runnable = runnable or fields[0] == b"R"
            total += int(fields[11]) + int(fields[12])
    return total, runnable
