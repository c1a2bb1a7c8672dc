"""Hostile inputs: each case runs the real command line in a child process under a memory
and time limit, so a file that would abort, hang or exhaust the machine fails its test
instead of the test run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

#: what one hostile run may take unless a test says otherwise
MEMORY_MB = 1536
SECONDS = 60.0


@dataclass
class Limited:
    """What a run under limits did: its exit status, output, peak memory and time."""

    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    timed_out: bool

    @property
    def one_line_error(self) -> bool:
        """stderr is a short message, never a traceback."""
        return "Traceback" not in self.stderr and "panicked" not in self.stderr


def _limit(memory_mb: int) -> Callable[[], None]:
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_limited_cli(
    args: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    memory_mb: int = MEMORY_MB,
    seconds: float = SECONDS,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> Limited:
    """Run ``python -m export_kit ARGS`` in ``cwd`` under an address-space limit of
    ``memory_mb`` and a wall-clock limit of ``seconds`` (killed past it)."""
    started = time.monotonic()
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        done = subprocess.run(
            [sys.executable, "-m", "export_kit", *map(str, args)],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=seconds,
            preexec_fn=_limit(memory_mb),
            env=full_env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return Limited(-9, out, err, 0.0, time.monotonic() - started, True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest of all so far: a fair figure only when
    # this run is the largest, which is what a limit test wants to know anyway
    peak = max(after, before) / 1024
    return Limited(
        done.returncode, done.stdout, done.stderr, peak, time.monotonic() - started, False
    )


@pytest.fixture
def run_limited() -> Callable[..., Limited]:
    """The runner of :func:`run_limited_cli`, as a fixture."""
    return run_limited_cli
