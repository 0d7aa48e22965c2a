"""Spread independent work over forked worker processes: reading and adapting files is most of a large run."""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per process, a fork and a pickle cost more than they save.
MIN_ITEMS_PER_JOB = 200
# Past this, the results each worker sends back, unpickled here one after another, outweigh what one more
# worker saves.
MAX_JOBS = 8
# The exit status of a worker that could not finish; its share is then done in this process.
_WORKER_FAILED = 70


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    return min(available_cpus(), MAX_JOBS)


def can_fork() -> bool:
    """Forking without exec is safe only on Linux (macOS frameworks may crash in a forked child) and only while
    this process runs a single thread (a lock held by another thread would stay locked in the child)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def shares(count: int, jobs: int) -> list[list[int]]:
    """Which item indexes each of `jobs` processes takes: interleaved, so that expensive items spread evenly, and
    with a larger share for this process (the first), as each worker also pickles its results and this process
    unpickles them."""
    block = _CALLER_WEIGHT + _WORKER_WEIGHT * (jobs - 1)
    owned: list[list[int]] = [[] for _ in range(jobs)]
    for index in range(count):
        place = index % block
        owner = 0 if place < _CALLER_WEIGHT else 1 + (place - _CALLER_WEIGHT) // _WORKER_WEIGHT
        owned[owner].append(index)
    return owned


# Of every 5 + 4 * (jobs - 1) items, this process takes 5 and each worker 4: pickling the results costs a worker
# about a fifth of the time it took to make them, and unpickling costs this process about half that per worker.
_CALLER_WEIGHT = 5
_WORKER_WEIGHT = 4


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[function(item) for item in items], with the items shared among up to `jobs` processes, this one included.

    Workers are forked, so they start with everything this process has loaded and need nothing sent to them;
    each sends its results back pickled through a pipe. The results come back in the order of the items.
    Where forking is unsafe or unavailable, or a worker fails for any reason, its share is done in this
    process: the results are the same either way, and an error `function` raises is raised here, as it would
    be without workers.
    """
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if jobs <= 1 or not can_fork():
        return [function(item) for item in items]
    owned = shares(len(items), jobs)
    workers: list[tuple[list[int], int, int]] = []  # (its share, pid, read end of its pipe)
    for share in owned[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(read_end)
            _work(function, [items[i] for i in share], write_end)
        os.close(write_end)
        workers.append((share, pid, read_end))
    results: list[R | None] = [None] * len(items)
    for index in owned[0]:
        results[index] = function(items[index])
    for share, pid, read_end in workers:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        done: list[R] | None = None
        if os.waitstatus_to_exitcode(status) == 0:
            try:
                done = pickle.loads(data)
            except Exception:  # a worker killed mid-write leaves a torn pickle; its share is redone below
                done = None
        if done is None or len(done) != len(share):
            done = [function(items[i]) for i in share]
        for index, result in zip(share, done, strict=True):
            results[index] = result
    return results  # type: ignore[return-value]  # every slot is filled above


def _work(function: Callable[[T], R], share: Sequence[T], write_end: int) -> None:
    """In a forked worker: do its share, write the pickled results, and end without returning to the caller."""
    status = _WORKER_FAILED
    try:
        data = pickle.dumps([function(item) for item in share], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    except BaseException:  # whatever happens, the caller redoes this share and reports it
        pass
    finally:
        # No atexit handlers, no flushing of buffers inherited from the parent, no unwinding into its code.
        os._exit(status)
