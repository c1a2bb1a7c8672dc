"""The environment's faults are exit 3 with one line, never "a bug" (70) nor a traceback:
a read-only output folder or workspace, a full disk, a missing or blocked folder, a file
that cannot be read. Nothing half-written is left, and a previous output stays whole."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.hostile.conftest import Limited

HEADER = "Référence;Désignation;Marque;Prix TTC;Code SH;Image\n"
CSV = (
    HEADER
    + "A-1;Crème;Maison;12,50;33049900;https://cdn.example.fr/a.jpg\n"
    + "A-2;Baume;Maison;0;33049900;https://cdn.example.fr/b.jpg\n"
)
RUN = ["--platform", "jd-worldwide", "--rate", "7.8"]

Mount = Callable[[str, str], Path]


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Mount]:
    """``mount(name, options)``: a tmpfs folder of tmp_path (root only; else skipped)."""
    mounted: list[Path] = []

    def make(name: str, options: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("mounting a tmpfs needs root")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"mount is not permitted here: {done.stderr.decode().strip()}")
        mounted.append(folder)
        return folder

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "cat.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _one_line_3(done: Limited, *words: str) -> str:
    assert done.code == 3, (done.code, done.stderr)
    assert done.one_line_error and "Exception ignored" not in done.stderr, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "bug" not in line
    for word in words:
        assert word in line, line
    return line


def _read_only_folder(tmp_path: Path, mount: Mount) -> Path:
    if os.geteuid() == 0:  # chmod does not stop root: a read-only mount does
        return mount("ro", "ro,size=64k")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def test_a_read_only_output_folder(
    catalogue: Path, tmp_path: Path, mount: Mount, run_limited: Callable[..., Limited]
) -> None:
    folder = _read_only_folder(tmp_path, mount)
    cases = [
        ["validate", catalogue, "--report", folder / "r.xlsx"],
        ["validate", catalogue, "--invalid-rows", folder / "i.csv"],
        ["run", catalogue, *RUN, "--out", folder / "out"],
        ["translate", catalogue, "--provider", "none", "--review", folder / "review.xlsx"],
    ]
    for args in cases:
        line = _one_line_3(run_limited(args, cwd=tmp_path))
        assert "read-only" in line or "permission denied" in line, line
    assert list(folder.iterdir()) == []


def test_a_read_only_workspace(
    catalogue: Path, tmp_path: Path, mount: Mount, run_limited: Callable[..., Limited]
) -> None:
    workspace = _read_only_folder(tmp_path, mount)
    for args in (
        ["validate", catalogue, "--workspace", workspace],
        ["run", catalogue, *RUN, "--out", tmp_path / "out", "--workspace", workspace],
        ["memory", "export", "--out", tmp_path / "m.tmx", "--workspace", workspace],
    ):
        line = _one_line_3(run_limited(args, cwd=tmp_path))
        assert str(workspace) in line, line


def test_a_full_disk_leaves_the_previous_output_whole(
    tmp_path: Path, mount: Mount, run_limited: Callable[..., Limited]
) -> None:
    # random names: the annotated copy does not compress below the 64 KB of the disk
    rows = "".join(
        f"A-{n};{os.urandom(60).hex()};Maison;0;33049900;https://cdn.example.fr/{n}.jpg\n"
        for n in range(1500)
    )
    big = tmp_path / "big.csv"
    big.write_text(HEADER + rows, encoding="utf-8")
    full = mount("full", "size=64k")
    (full / "r.xlsx").write_bytes(b"the previous report")
    for args, target in (
        (["--report", full / "r.xlsx"], "r.xlsx"),
        (["--invalid-rows", full / "i.xlsx"], "i.xlsx"),
        (["--invalid-rows", full / "i.csv"], "i.csv"),
    ):
        done = run_limited(["validate", big, *args, "-q"], cwd=tmp_path)
        _one_line_3(done, target, "no space left")
    run = run_limited(["run", big, *RUN, "--out", full / "out", "-q"], cwd=tmp_path)
    _one_line_3(run, "no space left")
    assert (full / "r.xlsx").read_bytes() == b"the previous report"
    # no temporary file is left; what was written is whole (the feed, done before the disk
    # filled up), what was not is absent
    assert [p.name for p in full.rglob(".*")] == []
    assert sorted(p.name for p in full.rglob("*") if p.is_file()) in (
        ["r.xlsx"],
        ["jd-worldwide.csv", "r.xlsx"],
    )


def test_a_missing_or_blocked_folder_of_a_file_output(
    catalogue: Path, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    nowhere = tmp_path / "nowhere"
    for args in (
        ["validate", catalogue, "--report", nowhere / "r.xlsx"],
        ["validate", catalogue, "--invalid-rows", nowhere / "i.csv"],
        ["translate", catalogue, "--provider", "none", "--review", nowhere / "review.xlsx"],
    ):
        _one_line_3(run_limited(args, cwd=tmp_path), str(nowhere), "does not exist")
    done = run_limited(["validate", catalogue, "-q"], cwd=tmp_path)  # a memory to export
    assert done.code == 1, done.stderr  # its price of 0
    export = run_limited(["memory", "export", "--out", nowhere / "m.tmx"], cwd=tmp_path)
    _one_line_3(export, "does not exist")
    assert not nowhere.exists()  # nothing made on the way
    # a file where a folder is needed, for a file output and for --out
    blocked = run_limited(["validate", catalogue, "--report", catalogue / "r.xlsx"], cwd=tmp_path)
    _one_line_3(blocked, "cat.csv is a file")
    out = run_limited(["run", catalogue, *RUN, "--out", catalogue / "out"], cwd=tmp_path)
    _one_line_3(out, "cat.csv")


def _run_without_root_powers(args: list[str | Path], cwd: Path) -> Limited:
    """The command line as a user whom file permissions stop (root drops the
    capabilities that let it read any file)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root reads every file, and setpriv is not there to stop it")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "export_kit", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    return Limited(done.returncode, done.stdout, done.stderr, 0.0, 0.0, False)


def test_an_unreadable_file_is_exit_3_from_every_command(catalogue: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text(CSV, encoding="utf-8")
    secret.chmod(0)
    config = tmp_path / "secret.toml"
    config.write_text("[brand]\nname = 'Maison'\n", encoding="utf-8")
    config.chmod(0)
    tmx = tmp_path / "secret.tmx"
    tmx.write_text("<tmx/>", encoding="utf-8")
    tmx.chmod(0)
    probe = _run_without_root_powers(["inspect", secret], tmp_path)
    if probe.code == 0:
        pytest.skip("this user reads a file of mode 000")
    for args in (
        ["validate", secret],
        ["validate", secret, "--format", "json"],
        ["inspect", secret],
        ["price", secret, "--rate", "7.8"],
        ["translate", secret, "--provider", "none"],
        ["render", secret, *RUN, "--out", "out"],
        ["run", secret, *RUN, "--out", "out"],
        ["memory", "import", tmx],
        ["validate", catalogue, "--config", config],
        ["platforms", "--config", config],
    ):
        done = _run_without_root_powers(args, tmp_path)
        _one_line_3(done, "secret")
        if "json" in args:  # CI parses stdout: a report even for a file it cannot read
            [finding] = json.loads(done.stdout)["findings"]
            assert finding["code"] == "unreadable-file"


def test_an_unreadable_catalogue_of_a_batch_fails_alone(catalogue: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text(CSV, encoding="utf-8")
    secret.chmod(0)
    args: list[str | Path] = ["batch", secret, catalogue, *RUN, "--out", "feeds"]
    done = _run_without_root_powers([*args, "--format", "json"], tmp_path)
    if json.loads(done.stdout)["catalogues"][0]["status"] != "failed":
        pytest.skip("this user reads a file of mode 000")
    assert done.code == 1 and done.one_line_error, done.stderr
    rows = json.loads(done.stdout)["catalogues"]
    assert [row["status"] for row in rows] == ["failed", "errors"]
    assert "secret.csv" in rows[0]["message"] and "ermission" in rows[0]["message"]


def test_a_folder_given_as_a_file_is_exit_3_from_every_command(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for args in (
        ["validate", folder],
        ["validate", folder, "--format", "json"],
        ["inspect", folder],
        ["price", folder, "--rate", "7.8"],
        ["translate", folder, "--provider", "none"],
        ["render", folder, *RUN, "--out", "out"],
        ["run", folder, *RUN, "--out", "out"],
        ["memory", "import", folder],
        ["platforms", "--config", folder],
    ):
        done = run_limited(args, cwd=tmp_path)
        _one_line_3(done, "folder.csv", "is a folder")
        if "json" in args:
            assert json.loads(done.stdout)["findings"][0]["code"] == "unreadable-file"
