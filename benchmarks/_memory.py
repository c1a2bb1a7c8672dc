"""Memory of a process tree: the proportional set size (PSS) summed over a process and its
descendants, sampled from ``/proc`` (Linux). PSS splits each shared page between the
processes that share it, so forked workers sharing a loaded workbook count it once."""

from __future__ import annotations

import os
import threading
import time
from types import TracebackType

__all__ = ["TreeSampler", "tree_pss_mb"]


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return pids
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                for child in handle.read().split():
                    pids.extend(_tree(int(child)))
        except OSError:
            pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mb(pid: int) -> float:
    """PSS of ``pid`` and all its descendants now, in MB."""
    return sum(_pss_kb(p) for p in _tree(pid)) / 1024


class TreeSampler:
    """Samples :func:`tree_pss_mb` of a process every ``interval`` seconds; ``peak_mb``."""

    def __init__(self, pid: int | None = None, interval: float = 0.05) -> None:
        self.pid = os.getpid() if pid is None else pid
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_pss_mb(self.pid))
            time.sleep(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
