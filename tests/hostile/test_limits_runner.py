"""The hostile-suite runner itself: a child past its time limit is stopped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.hostile.conftest import Limited


def test_a_plain_command_runs_within_limits(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    done = run_limited(["--help"], cwd=tmp_path)
    assert done.code == 0 and "inspect" in done.stdout and not done.timed_out


def test_time_limit_kills(tmp_path: Path, run_limited: Callable[..., Limited]) -> None:
    # `sandbox` serves until stopped: the limit must end it
    done = run_limited(["sandbox", "--port", "0"], cwd=tmp_path, seconds=3)
    assert done.timed_out
