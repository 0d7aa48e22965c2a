"""Network access refused and recorded in the Python processes a test starts: an audit hook, installed by a
sitecustomize module on PYTHONPATH or, for an isolated interpreter (python -I ignores PYTHONPATH), by a .pth file in
its environment's site-packages; it acts only where NETWORK_GUARD_LOG names the file it records attempts in."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

LOG_VARIABLE = "NETWORK_GUARD_LOG"
MODULE = "aims_lint_test_network_guard"

# Every audit event of the standard library that resolves a name or opens a connection.
HOOK = f'''"""Refuse and record every network attempt of this process (a test's guard; inert without {LOG_VARIABLE})."""
import os
import sys

_EVENTS = frozenset({{
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
    "socket.sendto", "socket.sendmsg", "socket.bind", "http.client.connect", "urllib.Request", "ftplib.connect",
    "smtplib.connect", "poplib.connect", "imaplib.open", "nntplib.connect", "telnetlib.Telnet.open",
    "webbrowser.open",
}})
_LOG = os.environ.get("{LOG_VARIABLE}")


def _refuse(event, args):
    if event in _EVENTS:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{{os.getpid()}} {{event}} {{args!r:.200}}\\n")
        raise ConnectionRefusedError(f"network access refused by the test's guard: {{event}}")


if _LOG:
    sys.addaudithook(_refuse)
'''


def guarded_env(folder: Path, env: Mapping[str, str] | None = None) -> tuple[dict[str, str], Path]:
    """env (default: this process's) with the guard on PYTHONPATH, and the file the attempts are recorded in."""
    (folder / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    log = folder / "network-attempts.log"
    base = dict(os.environ if env is None else env)
    path = os.pathsep.join(p for p in (str(folder), base.get("PYTHONPATH", "")) if p)
    return {**base, "PYTHONPATH": path, LOG_VARIABLE: str(log)}, log


def install_in(python: str) -> None:
    """The guard in the site-packages of python's environment, imported at every start, isolated or not."""
    where = subprocess.run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    (Path(where) / f"{MODULE}.py").write_text(HOOK, encoding="utf-8")
    (Path(where) / f"{MODULE}.pth").write_text(f"import {MODULE}\n", encoding="utf-8")


def attempts(log: Path) -> list[str]:
    """The network attempts recorded, one line each."""
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []
