"""gunicorn workers' memory, read from /proc while a load runs (bench/soak.py, bench/site.py).

``workers_of(master)`` finds a master's worker processes by their parent pid;
``MemorySampler`` reads each one's resident set (VmRSS) every few seconds in a
thread, and ``summary()`` gives each worker's first, last and largest sample
with the verdict the issue asks for: memory flat, every worker's last sample
within ±10 % of its first. A worker that died or was replaced during the run
(gunicorn restarts one after a crash or a timeout) makes the verdict fail: its
memory cannot be followed, and it should not have happened.
"""

import threading
import time
from pathlib import Path

PROC = Path("/proc")
TOLERANCE = 0.10


def children_of(pid: int) -> list[int]:
    """The pids whose parent is ``pid``, from /proc/<pid>/stat (Linux)."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # Gone between the listing and the read.
            continue
        # The command name is in parentheses and may hold spaces: the parent pid follows it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def gunicorn_master(parent: int) -> int | None:
    """The gunicorn master started by ``parent`` (this process), if it runs."""
    for pid in children_of(parent):
        try:
            command = (PROC / str(pid) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"gunicorn" in command:
            return pid
    return None


def rss_kb(pid: int) -> int | None:
    """The resident set of ``pid`` in KiB, or None once it is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class MemorySampler:
    """Every ``interval`` seconds, in a thread, each worker's RSS under ``master``."""

    def __init__(self, master: int, interval: float) -> None:
        self.master, self.interval = master, interval
        self.samples: dict[int, list[tuple[float, int]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = 0.0

    def __enter__(self) -> "MemorySampler":
        self._start = time.monotonic()
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        at = round(time.monotonic() - self._start, 1)
        for pid in children_of(self.master):
            kb = rss_kb(pid)
            if kb is not None:
                self.samples.setdefault(pid, []).append((at, kb))

    def summary(self) -> dict:
        """Per worker: first, last and max RSS (KiB), change last/first; the verdict."""
        workers = {}
        ends = [samples[-1][0] for samples in self.samples.values() if samples]
        end = max(ends, default=0)
        for pid, samples in sorted(self.samples.items()):
            first, last = samples[0][1], samples[-1][1]
            workers[str(pid)] = {
                "first_kb": first,
                "last_kb": last,
                "max_kb": max(kb for _, kb in samples),
                "change": (last - first) / first,
                "max_change": (max(kb for _, kb in samples) - first) / first,
                "samples": len(samples),
                # Present from the first sample to the last: not replaced during the run.
                "whole_run": samples[0][0] == 0 and samples[-1][0] == end,
            }
        flat = bool(workers) and all(
            abs(w["change"]) <= TOLERANCE and w["whole_run"] for w in workers.values()
        )
        return {
            "interval_s": self.interval,
            "tolerance": TOLERANCE,
            "workers": workers,
            "flat": flat,
            "series": {str(pid): samples for pid, samples in sorted(self.samples.items())},
        }


def worker_count(master: int) -> int:
    return len(children_of(master))


def wait_for_workers(master: int, count: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while worker_count(master) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn started {worker_count(master)} of {count} workers")
        time.sleep(0.2)
