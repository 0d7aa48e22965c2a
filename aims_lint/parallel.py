"""Spread independent work over forked worker processes: reading and adapting files is most of a large run."""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per process, a fork and a pickle cost more than they save.
MIN_ITEMS_PER_JOB = 200
# Items are handed out in chunks of at least this many, each taken by whichever process is free first.
MIN_CHUNK = 16
# At most this many chunks: their numbers are queued in a pipe before any process starts, and this many fit in
# the smallest pipe buffer Linux gives (one 4 KiB page, when a user's pipe quota runs low).
MAX_CHUNKS = 1024
_TOKEN = struct.Struct("<I")
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


def chunks_of(count: int, smallest: int | None = None) -> list[range]:
    """The chunks `count` items are handed out in: consecutive ranges of equal size (the last may be shorter)."""
    size = max(MIN_CHUNK if smallest is None else smallest, -(-count // MAX_CHUNKS))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def fork_map(
    function: Callable[[T], R], items: Sequence[T], jobs: int, *, few_costly: bool = False
) -> list[R]:
    """[function(item) for item in items], with the items shared among up to `jobs` processes, this one included.

    Workers are forked, so they start with everything this process has loaded and need nothing sent to them.
    The items are cut into chunks whose numbers wait in a pipe; every process, this one too, takes the next
    number whenever it is free (a read of four bytes from a pipe is atomic), so a slow process simply takes
    fewer chunks. A worker writes each finished chunk's results, pickled, to a file of its own in memory.
    The results come back in the order of the items. Where forking is unsafe or unavailable, and for any chunk
    a worker took but did not finish (it failed or was killed), the work is done in this process: the results
    are the same either way, and an error `function` raises is raised here, as it would be without workers.

    few_costly: the items are few and each is much work (the caller has judged that sharing them pays), so
    they are handed out one by one, however few.
    """
    if not few_costly:
        jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        return [function(item) for item in items]
    chunks = chunks_of(len(items), 1 if few_costly else None)
    try:
        queue, queue_end = os.pipe()
    except OSError:  # out of file descriptors: no workers
        return [function(item) for item in items]
    os.write(queue_end, b"".join(_TOKEN.pack(number) for number in range(len(chunks))))
    os.close(queue_end)  # a read past the last number then returns nothing: no more work
    workers: list[tuple[int, int]] = []  # (pid, file of its results)
    waited = 0
    try:
        for _ in range(jobs - 1):
            try:
                out = _memory_file()
            except OSError:  # no more file descriptors: go on with the workers there are
                break
            try:
                pid = os.fork()
            except OSError:  # no more processes allowed
                os.close(out)
                break
            if pid == 0:  # the worker
                _work(function, items, chunks, queue, out)
            workers.append((pid, out))
        results: list[R | None] = [None] * len(items)
        done = [False] * len(chunks)
        while number := _next_chunk(queue):
            index = _TOKEN.unpack(number)[0]
            for item_index in chunks[index]:
                results[item_index] = function(items[item_index])
            done[index] = True
        for pid, out in workers:
            os.waitpid(pid, 0)
            waited += 1
            _collect(out, chunks, results, done)
    finally:
        os.close(queue)
        for position, (pid, out) in enumerate(workers):
            if position >= waited:  # this process is leaving on an error: stop the rest, leave no zombie
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            os.close(out)
    for index, chunk in enumerate(chunks):
        if not done[index]:  # taken by a worker that did not finish it
            for item_index in chunk:
                results[item_index] = function(items[item_index])
    return results  # type: ignore[return-value]  # every slot is filled above


def _next_chunk(queue: int) -> bytes:
    return os.read(queue, _TOKEN.size)


def _memory_file() -> int:
    """A file descriptor for a worker's results: in memory where Linux allows, else an unnamed temporary file."""
    if hasattr(os, "memfd_create"):
        try:
            return os.memfd_create("aims-lint-results", getattr(os, "MFD_CLOEXEC", 0))
        except OSError:
            pass
    import tempfile

    with tempfile.TemporaryFile() as handle:  # already unlinked: the duplicate descriptor is all that remains
        return os.dup(handle.fileno())


def _collect(out: int, chunks: Sequence[range], results: list[Any], done: list[bool]) -> None:
    """Take a worker's finished chunks from its results file; a torn last record (a killed worker) ends it."""
    import pickle  # here and in _work, not at the top: most runs are too small to share, and never need it

    os.lseek(out, 0, os.SEEK_SET)
    with os.fdopen(os.dup(out), "rb") as stream:
        while True:
            try:
                index, values = pickle.load(stream)
            except Exception:  # EOFError at the end; anything else is a torn record
                return
            chunk = chunks[index]
            if len(values) != len(chunk):
                return
            results[chunk.start : chunk.stop] = values
            done[index] = True


def _work(function: Callable[[T], R], items: Sequence[T], chunks: Sequence[range], queue: int, out: int) -> None:
    """In a forked worker: take chunks until none is left, write their results, and end without returning."""
    import pickle

    status = _WORKER_FAILED
    try:
        with os.fdopen(out, "wb") as stream:
            while number := _next_chunk(queue):
                index = _TOKEN.unpack(number)[0]
                values = [function(items[item_index]) for item_index in chunks[index]]
                pickle.dump((index, values), stream, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException:  # whatever happens, the caller redoes the chunks this worker did not finish
        pass
    finally:
        # No atexit handlers, no flushing of buffers inherited from the parent, no unwinding into its code.
        os._exit(status)
