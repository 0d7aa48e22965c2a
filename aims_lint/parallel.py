"""Spread independent work over forked worker processes: reading and adapting files is most of a large run."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from aims_lint.errors import open_files_limit

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
# Once this process has no work of its own left, it waits for a worker as long as the run has taken so far
# (times WAIT_FACTOR), and at least WAIT_LEAST seconds. A worker that has used no CPU time meanwhile (stopped,
# or blocked reading a pipe) is then killed and what it did not finish is done here; one still working is
# given as long again.
WAIT_LEAST = 2.0
WAIT_FACTOR = 1.0
# A worker is started only while this many file descriptors would still be free: each process needs some to
# read files and import modules, and the results of a worker cost this one a descriptor.
SPARE_DESCRIPTORS = 4
# Where a worker's exit cannot be waited for on a descriptor, this process looks again this often (seconds).
_NAP = 0.002


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
    a worker took but did not finish (it failed or was killed, or it was stopped or stuck and is killed: see
    WAIT_LEAST), the work is done in this process: the results are the same either way, and an error
    `function` raises is raised here, as it would be without workers.

    few_costly: the items are few and each is much work (the caller has judged that sharing them pays), so
    they are handed out one by one, however few.
    """
    if not few_costly:
        jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        return [function(item) for item in items]
    started = time.monotonic()
    chunks = chunks_of(len(items), 1 if few_costly else None)
    try:
        queue, queue_end = os.pipe()
    except OSError:  # out of file descriptors: no workers
        return [function(item) for item in items]
    os.write(queue_end, b"".join(_TOKEN.pack(number) for number in range(len(chunks))))
    os.close(queue_end)  # a read past the last number then returns nothing: no more work
    workers: list[tuple[int, int]] = []  # (pid, file of its results)
    running: set[int] = set()  # workers not yet reaped
    try:
        for _ in range(jobs - 1):
            out = _results_file()
            if out is None:  # no descriptor to spare: go on with the workers there are
                break
            try:
                pid = os.fork()
            except OSError:  # no more processes allowed
                os.close(out)
                break
            if pid == 0:  # the worker
                _work(function, items, chunks, queue, out)
            workers.append((pid, out))
            running.add(pid)
        results: list[R | None] = [None] * len(items)
        done = [False] * len(chunks)
        while number := _next_chunk(queue):
            index = _TOKEN.unpack(number)[0]
            for item_index in chunks[index]:
                results[item_index] = function(items[item_index])
            done[index] = True
        _reap(running, max(WAIT_LEAST, WAIT_FACTOR * (time.monotonic() - started)))
        for _, out in workers:
            _collect(out, chunks, results, done)
    finally:
        os.close(queue)
        for pid in running:  # this process is leaving on an error: stop the rest, leave no zombie
            _kill(pid)
        for _, out in workers:
            os.close(out)
    for index, chunk in enumerate(chunks):
        if not done[index]:  # taken by a worker that did not finish it
            for item_index in chunk:
                results[item_index] = function(items[item_index])
    return results  # type: ignore[return-value]  # every slot is filled above


def _next_chunk(queue: int) -> bytes:
    return os.read(queue, _TOKEN.size)


def _results_file() -> int | None:
    """A file for a worker's results, or None when that would leave fewer than SPARE_DESCRIPTORS free."""
    try:
        out = _memory_file()
    except OSError:
        return None
    # Descriptors are numbered from the lowest free one: out is about the number of those open.
    if out + SPARE_DESCRIPTORS >= _descriptor_limit():
        os.close(out)
        return None
    return out


def _descriptor_limit() -> int:
    return open_files_limit() or sys.maxsize


def _reap(running: set[int], grace: float) -> None:
    """Wait until every worker of running has ended, taking each out of it once reaped. One that used no CPU
    time for `grace` seconds is killed: it is stopped or stuck, and what it did not finish is done here."""
    now = time.monotonic()
    watched = {pid: (_cpu_time(pid), now + grace) for pid in running}
    with _ExitWatch(running) as exits:
        while watched:
            now = time.monotonic()
            for pid, (used, deadline) in list(watched.items()):
                if not _ended(pid):
                    if now < deadline:
                        continue
                    current = _cpu_time(pid)
                    if current is not None and current != used:  # still working: as long again
                        watched[pid] = (current, now + grace)
                        continue
                    _kill(pid)
                del watched[pid]
                running.discard(pid)
                exits.forget(pid)
            if watched:
                exits.wait(min(deadline for _, deadline in watched.values()) - now)


def _ended(pid: int) -> bool:
    """Reap pid if it has ended."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:  # already reaped
        return True


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _cpu_time(pid: int) -> int | None:
    """The CPU time a running process has used, in clock ticks; None when it is stopped or cannot be told."""
    try:
        fd = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
    except OSError:
        return None
    try:
        # pid (name) state ... utime stime ...: the name may hold anything, so fields are counted after it.
        fields = os.read(fd, 4096).rpartition(b")")[2].split()
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(fields) < 13 or fields[0] in (b"T", b"t"):
        return None
    return int(fields[11]) + int(fields[12])


class _ExitWatch:
    """Sleeps until a worker ends or a time passes: woken by a pidfd where Linux gives one, else in short naps."""

    def __init__(self, pids: set[int]) -> None:
        self._poll = select.poll()
        self._fds: dict[int, int] = {}
        self._napping = False
        for pid in pids:
            try:
                fd = os.pidfd_open(pid)
            except (AttributeError, OSError):  # an old kernel, or no descriptor left
                self._napping = True
                continue
            self._fds[pid] = fd
            self._poll.register(fd, select.POLLIN)

    def __enter__(self) -> _ExitWatch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for pid in list(self._fds):
            self.forget(pid)

    def forget(self, pid: int) -> None:
        fd = self._fds.pop(pid, None)
        if fd is not None:
            self._poll.unregister(fd)
            os.close(fd)

    def wait(self, seconds: float) -> None:
        if self._napping:
            seconds = min(seconds, _NAP)
        self._poll.poll(max(0, int(seconds * 1000) + 1))


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
    with os.fdopen(out, "rb", closefd=False) as stream:  # no descriptor more: there may be none left
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
