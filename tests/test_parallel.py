"""Reading in a pool of forked workers: the same results as one process, whatever happens to a worker."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, PROJECT, CliResult, make_git_repo

from aims_lint import parallel
from aims_lint.engine import run
from aims_lint.model import Field, FieldState, Location
from aims_lint.packs import load_rules
from aims_lint.read import ScanOptions, build_inventory
from aims_lint.report import FormatContext, formatters

sys.path.insert(0, str(PROJECT / "benchmarks"))
from generate_repo import generate

RunCli = Callable[..., CliResult]
pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")


@pytest.fixture
def small_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even for a handful of items, handed out one at a time, so that small inputs exercise the workers."""
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 1)


def _square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("jobs", [2, 3, 5])
def test_results_come_back_in_order(jobs: int, small_shares: None) -> None:
    items = list(range(97))
    assert parallel.fork_map(_square, items, jobs) == [n * n for n in items]


def test_the_pool_is_gone_when_the_call_returns(small_shares: None) -> None:
    """No thread of the pool is left running, so that the next call may fork again: its work is shared too."""
    import threading

    for _ in range(10):
        assert os.getpid() not in parallel.fork_map(_pid, list(range(4)), 2)
        assert threading.active_count() == 1


@pytest.mark.parametrize("count", [1, 15, 16, 17, 1000, 16 * 1024, 16 * 1024 + 1, 100_000])
def test_chunks_cover_every_item_once_in_order_and_are_bounded_in_number(count: int) -> None:
    chunks = parallel.chunks_of(count)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    assert len(chunks) <= parallel.MAX_CHUNKS
    assert all(len(chunk) >= parallel.MIN_CHUNK for chunk in chunks[:-1])


def _pid(_: int) -> int:
    return os.getpid()


def _slow_pid(_: int) -> int:
    time.sleep(0.01)
    return os.getpid()


def test_work_is_really_shared_among_processes(small_shares: None) -> None:
    pids = parallel.fork_map(_slow_pid, list(range(60)), 3)
    assert os.getpid() not in pids  # the workers do it all
    assert len(set(pids)) == 3


def test_a_slow_process_takes_fewer_chunks(small_shares: None, tmp_path: Path) -> None:
    """Chunks go to whichever worker is free: when one is slow, the other does most of the work."""
    slow = tmp_path / "slow"

    def slow_in_one(_: int) -> int:
        try:
            slow.touch(exist_ok=False)
            slow.write_text(str(os.getpid()))
        except FileExistsError:
            pass
        if slow.read_text() == str(os.getpid()):
            time.sleep(0.05)
        return os.getpid()

    pids = parallel.fork_map(slow_in_one, list(range(40)), 2)
    assert pids.count(int(slow.read_text())) < 20


def test_a_worker_that_fails_has_its_chunks_redone_here(small_shares: None, tmp_path: Path) -> None:
    parent = os.getpid()
    tried = tmp_path / "tried"

    def flaky(n: int) -> int:
        time.sleep(0.005)
        if os.getpid() != parent:
            tried.write_text("a worker took a chunk")
            raise RuntimeError("only in a worker")
        return n + 1

    assert parallel.fork_map(flaky, list(range(30)), 3) == list(range(1, 31))
    assert tried.exists()


def test_a_worker_that_dies_has_its_chunks_redone_here(small_shares: None, tmp_path: Path) -> None:
    parent = os.getpid()
    tried = tmp_path / "tried"

    def dies(n: int) -> int:
        time.sleep(0.005)
        if os.getpid() != parent and n > 5:
            tried.write_text("a worker died")
            os._exit(9)
        return -n

    assert parallel.fork_map(dies, list(range(30)), 2) == [-n for n in range(30)]
    assert tried.exists()


def test_a_worker_killed_has_its_chunks_redone_here(small_shares: None, bounded_wait: None, tmp_path: Path) -> None:
    """SIGKILL breaks the pool: every chunk not yet back is redone here, and no worker is left behind."""
    work = _stuck_once(tmp_path, lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert parallel.fork_map(work, list(range(40)), 3) == [-n for n in range(40)]
    assert (tmp_path / "stuck").exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_an_error_is_raised_here_as_without_workers(small_shares: None) -> None:
    def broken(n: int) -> int:
        if n == 13:
            raise ValueError("item 13")
        return n

    with pytest.raises(ValueError, match="item 13"):
        parallel.fork_map(broken, list(range(30)), 2)
    # The workers were stopped and reaped: no process is left behind.
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_without_fork_the_work_is_done_here(small_shares: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert parallel.fork_map(_square, list(range(50)), 4) == [n * n for n in range(50)]


def test_no_workers_while_another_thread_runs(small_shares: None) -> None:
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not parallel.can_fork()
        assert set(parallel.fork_map(lambda _: os.getpid(), list(range(20)), 4)) == {os.getpid()}
    finally:
        release.set()
        other.join()


def _scan_roots() -> Iterator[Path]:
    yield PROJECT / "examples"
    yield PROJECT / "tests" / "fixtures"
    if CORPUS.is_dir():
        yield CORPUS


@pytest.mark.parametrize("root", list(_scan_roots()), ids=lambda p: p.name)
def test_an_inventory_read_by_workers_equals_one_read_here(root: Path, small_shares: None) -> None:
    here = build_inventory([root], ScanOptions(jobs=1))
    shared = build_inventory([root], ScanOptions(jobs=3))
    assert len(here.artifacts) > 5
    assert shared.artifacts == here.artifacts
    assert shared.problems == here.problems
    # The reports agree byte for byte, positions and fingerprints included.
    rules = load_rules()
    render = formatters()["json"]
    ctx = FormatContext(version="test", color=False)
    assert render(run(shared, rules), ctx) == render(run(here, rules), ctx)


@pytest.mark.parametrize("root", list(_scan_roots()), ids=lambda p: p.name)
def test_every_artifact_survives_the_trip_from_a_worker(root: Path) -> None:
    inventory = build_inventory([root], ScanOptions(jobs=1))
    for artifact in inventory.artifacts:
        assert pickle.loads(pickle.dumps(artifact, protocol=pickle.HIGHEST_PROTOCOL)) == artifact, artifact.path
    assert pickle.loads(pickle.dumps(inventory.problems)) == inventory.problems


def test_the_command_gives_the_same_bytes_with_and_without_workers(tmp_path: Path) -> None:
    """A generated repository large enough for the command to fork on its own (no lowered threshold)."""
    repo = tmp_path / "mono"
    generate(repo, artifacts=600, files=1500)
    make_git_repo(repo, {})
    outputs = []
    for jobs in ("1", "2", "4", "default"):
        proc = subprocess.run(
            [sys.executable, "-m", "aims_lint", "check", str(repo), *(("--jobs", jobs) if jobs != "default" else ()),
             "-f", "json",
             "-f", f"sarif:{tmp_path / f'{jobs}.sarif'}"],
            capture_output=True, check=False, cwd=tmp_path,
        )
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr == b""
        outputs.append((proc.stdout, (tmp_path / f"{jobs}.sarif").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    assert json.loads(outputs[0][0])["summary"]["artifacts"] >= 600


def test_jobs_must_be_a_positive_number(run_cli: RunCli) -> None:
    result = run_cli("check", str(PROJECT / "examples"), "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_the_command_line_uses_every_cpu_it_may_run_on_up_to_a_bound() -> None:
    cpus = len(os.sched_getaffinity(0))
    assert parallel.auto_jobs() == max(1, min(cpus, parallel.AUTO_JOBS_MAX))


def test_a_worker_sends_the_model_back_as_calls_of_its_classes() -> None:
    """pickled_by_fields: a value comes back equal, of the same class, from one call with its fields in order."""
    location = Location("a.md", 3, 7, "/x")
    field = Field({"k": [1, 2]}, location, "key 'x'", FieldState.WEAK, "says only 'N/A'")
    constructor, arguments = field.__reduce__()
    assert (constructor, arguments) == (Field, (field.value, location, "key 'x'", FieldState.WEAK, "says only 'N/A'"))
    assert pickle.loads(pickle.dumps(field)) == field


@pytest.fixture
def bounded_wait(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A short wait for stuck workers, and a guard that fails the test (instead of hanging it) after a minute."""
    monkeypatch.setattr(parallel, "WAIT_LEAST", 0.2)
    monkeypatch.setattr(parallel, "WAIT_FACTOR", 0.0)

    def interrupt(signum: int, frame: object) -> None:
        raise TimeoutError("fork_map is still waiting for a worker")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _stuck_once(tmp_path: Path, get_stuck: Callable[[], None]) -> Callable[[int], int]:
    """n -> -n, slowly; the first worker to take an item gets stuck (get_stuck) before it returns."""
    parent = os.getpid()
    flag = tmp_path / "stuck"

    def work(n: int) -> int:
        time.sleep(0.005)
        if os.getpid() != parent:
            try:
                flag.touch(exist_ok=False)
            except FileExistsError:
                pass
            else:
                get_stuck()
        return -n

    return work


def _stop_myself() -> None:
    os.kill(os.getpid(), signal.SIGSTOP)


def test_a_stopped_worker_has_its_chunks_redone_here(small_shares: None, bounded_wait: None, tmp_path: Path) -> None:
    """A worker stopped (SIGSTOP, a debugger) while no other has work left is killed after the wait, and its
    chunks are redone here: the call returns, with every result."""
    began = time.monotonic()
    assert parallel.fork_map(_stuck_once(tmp_path, _stop_myself), list(range(40)), 3) == [-n for n in range(40)]
    assert time.monotonic() - began < 20
    assert (tmp_path / "stuck").exists()
    with pytest.raises(ChildProcessError):  # every worker was reaped
        os.waitpid(-1, os.WNOHANG)


def test_a_worker_stuck_reading_a_pipe_has_its_chunks_redone_here(
    small_shares: None, bounded_wait: None, tmp_path: Path
) -> None:
    """A worker blocked for good (here on a named pipe nobody writes to) is treated like a stopped one."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def read_fifo() -> None:
        fifo.read_bytes()

    assert parallel.fork_map(_stuck_once(tmp_path, read_fifo), list(range(40)), 2) == [-n for n in range(40)]
    assert (tmp_path / "stuck").exists()


def test_a_worker_still_working_is_waited_for(small_shares: None, bounded_wait: None, tmp_path: Path) -> None:
    """A worker that takes much longer than the wait, but is using the CPU, is not killed: its result is its own."""

    def spin() -> None:
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            pass

    parent = os.getpid()
    work = _stuck_once(tmp_path, spin)
    pids = parallel.fork_map(lambda n: (work(n), os.getpid())[1], list(range(20)), 2)
    assert (tmp_path / "stuck").exists()
    assert any(pid != parent for pid in pids)


def test_workers_leave_file_descriptors_to_spare(small_shares: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Near the limit of open files no worker is started: the work is done here, with descriptors left to read."""
    free = os.open(os.devnull, os.O_RDONLY)
    os.close(free)
    limit = free + parallel.POOL_DESCRIPTORS + parallel.SPARE_DESCRIPTORS + parallel.DESCRIPTORS_PER_WORKER
    monkeypatch.setattr(parallel, "open_files_limit", lambda: limit)
    pids = parallel.fork_map(_slow_pid, list(range(30)), 4)
    assert set(pids) == {os.getpid()}
