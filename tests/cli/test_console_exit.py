"""The console command ends with the command's exit code and every byte of its output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "export_kit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_exit_codes_and_whole_output_through_a_pipe(tmp_path: Path) -> None:
    sample = SAMPLES / "with-findings"
    catalogue = next(p for p in sorted(sample.iterdir()) if p.suffix in (".csv", ".xlsx"))
    done = _run("validate", str(catalogue), "--format", "json", "--workspace", "ws", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)  # all of it arrived: it parses
    assert report["summary"]["errors"] > 0
    assert (
        len(report["findings"])
        == report["summary"]["errors"] + report["summary"]["warnings"] + report["summary"]["infos"]
    )
    assert "errors" in done.stderr  # the summary line on stderr

    missing = _run("validate", "nowhere.csv", cwd=tmp_path)
    assert missing.returncode == 3
    assert missing.stderr.startswith("Error: nowhere.csv: no such file")
    assert "Traceback" not in missing.stderr

    assert _run("--version", cwd=tmp_path).returncode == 0
    usage = _run("validate", cwd=tmp_path)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
