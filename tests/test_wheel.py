"""The built wheel, installed in a fresh virtual environment, renders feeds outside the checkout.

This proves the templates travel inside the wheel (hatchling force-include): the installed
``export-kit`` is run from a folder that has no ``templates/``. Dependencies are installed
from the package registry; the test skips when it cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "tests" / "golden" / "catalogue"
NETWORK_TROUBLE = (
    "Could not find a version",
    "No matching distribution",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Connection refused",
    "ConnectTimeoutError",
    "ReadTimeoutError",
    "ProxyError",
)


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, capture_output=True, text=True, check=False, env=env, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.mark.slow
def test_installed_wheel_renders_a_feed_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)], timeout=600
    )
    if built.returncode != 0 and any(t in built.stdout + built.stderr for t in NETWORK_TROUBLE):
        pytest.skip("cannot reach the package registry to get the build backend (hatchling)")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheels = list(dist.glob("export_kit-*.whl"))
    assert len(wheels) == 1

    venv = tmp_path / "venv"
    created = _run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    installed = _run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(wheels[0])],
        timeout=900,
    )
    if installed.returncode != 0 and any(
        t in installed.stdout + installed.stderr for t in NETWORK_TROUBLE
    ):
        pytest.skip("pip cannot reach the package registry to install the dependencies")
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]

    work = tmp_path / "elsewhere"
    shutil.copytree(CATALOGUE, work)
    where = _run(
        [
            str(python),
            "-c",
            "from export_kit.render.environment import builtin_template_dir as d; print(d())",
        ],
        cwd=work,
        timeout=120,
    )
    assert where.returncode == 0, where.stderr
    templates = Path(where.stdout.strip())
    assert templates.is_relative_to(venv), templates  # the wheel's copy, not the checkout's
    assert (templates / "tmall-global.xml.j2").is_file()

    rendered = _run(
        [
            str(venv / "bin" / "export-kit"),
            "render",
            "maison-azur.csv",
            "--platform",
            "tmall-global",
            "--out",
            "out",
            "--workspace",
            "ws",
            "--format",
            "json",
        ],
        cwd=work,
        timeout=300,
    )
    assert rendered.returncode == 1, rendered.stderr  # two products of the catalogue are left out
    assert "Traceback" not in rendered.stderr
    feed = work / "out" / "tmall-global.xml"
    root = SafeET.parse(str(feed)).getroot()
    assert root.tag == "items"
    assert [i.findtext("outer_id") for i in root] == ["SER-01", "SAC-01", "TSH-01"]
    assert (work / "out" / "manifest.json").is_file()
    assert (work / "out" / "preview.html").is_file()
    golden = ROOT / "tests" / "golden" / "tmall-global" / "tmall-global.xml"
    assert feed.read_bytes() == golden.read_bytes()
