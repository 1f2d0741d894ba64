"""Running a command the way the benchmark measures it: wall time and the peak memory of its
whole process tree (dbt runs as a child of ``materialize``), sampled from ``/proc``.

The resident set of a tree is the sum of its processes' ``VmRSS``: pages shared between them
(the Python runtime, DuckDB's library) count once per process, so it errs high, which is the
safe side for a memory budget.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the ppid follows the last ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree_pids(root: int) -> list[int]:
    children = _children_map()
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, ()))
    return pids


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(root: int) -> int:
    return sum(rss_bytes(pid) for pid in tree_pids(root))


class TreeSampler:
    """Samples a process tree's resident memory every ``interval`` seconds in a thread."""

    def __init__(self, root: int, interval: float = 0.1):
        self.root = root
        self.interval = interval
        self.samples: list[tuple[float, int]] = []  # (epoch seconds, bytes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rss-{root}", daemon=True)

    def start(self) -> "TreeSampler":
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), tree_rss_bytes(self.root)))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> int:
        return max((b for _, b in self.samples), default=0)

    def peak_between(self, start: float, end: float) -> int:
        return max((b for t, b in self.samples if start <= t <= end), default=0)


@dataclass
class Measured:
    command: list[str]
    returncode: int
    seconds: float
    started_at: float  # epoch seconds
    ended_at: float
    peak_rss: int
    stdout: str
    stderr_tail: str
    samples: list[tuple[float, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def peak_between(self, start: float, end: float) -> int:
        return max((b for t, b in self.samples if start <= t <= end), default=0)


def run_measured(command: list[str], env: dict[str, str], log_path: Path, cwd: Path | None = None,
                 interval: float = 0.1) -> Measured:
    """Run ``command`` to completion; its stderr goes to ``log_path`` (long runs print progress there)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        started = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=log)
        sampler = TreeSampler(proc.pid, interval).start()
        try:
            stdout, _ = proc.communicate()
        finally:
            sampler.stop()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        seconds = time.perf_counter() - t0
    tail = log_path.read_bytes()[-4000:].decode("utf-8", "replace")
    return Measured(command, proc.returncode, seconds, started, started + seconds, sampler.peak,
                    stdout.decode("utf-8", "replace"), tail, sampler.samples)
