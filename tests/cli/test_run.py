"""``export-kit run`` and ``render`` from the command line: outputs, exit codes, JSON."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from export_kit.cli import cli
from export_kit.translate.stub import LibreStub

CATALOGUE = Path(__file__).resolve().parents[1] / "golden" / "catalogue"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    return folder / "maison-azur.csv"


@pytest.fixture
def libre(monkeypatch: pytest.MonkeyPatch) -> Iterator[LibreStub]:
    with LibreStub() as stub:
        monkeypatch.setenv("EXPORT_KIT_LIBRE_URL", stub.url)
        monkeypatch.delenv("EXPORT_KIT_LIBRE_API_KEY", raising=False)
        yield stub


def test_render_json_summary(runner: CliRunner, tmp_path: Path, catalogue: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        cli,
        [
            "render",
            str(catalogue),
            "--platform",
            "tmall-global",
            "--out",
            str(out),
            "--workspace",
            str(tmp_path / "ws"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["products"] == 5
    assert summary["exported"] == 3
    assert summary["excluded"] == 2
    assert summary["excluded_products"] == [
        {"sku": "VIN-01", "codes": ["missing-image"]},
        {"sku": "BAU-01", "codes": ["missing-translation"]},
    ]
    assert summary["errors"] >= 2
    assert summary["exit_status"] == 1
    assert Path(summary["feed"]) == out / "tmall-global.xml"
    assert (out / "preview.html").is_file()
    assert result.stderr == ""  # no progress bar, no text summary with --format json


def test_run_text_summary_goes_to_stderr(
    runner: CliRunner, tmp_path: Path, catalogue: Path
) -> None:
    result = runner.invoke(
        cli,
        [
            "run",
            str(catalogue),
            "-p",
            "jd-worldwide",
            "-o",
            str(tmp_path / "out"),
            "--workspace",
            str(tmp_path / "ws"),
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "5 products, 3 in the feed, 2 left out" in result.stderr
    assert "left out BAU-01: missing-translation" in result.stderr
    assert "Traceback" not in result.output


def test_run_exits_0_when_every_product_goes_in(
    runner: CliRunner, tmp_path: Path, catalogue: Path
) -> None:
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    catalogue.write_text(
        "\n".join(x for x in lines if not x.startswith(("VIN-01", "BAU-01"))) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        [
            "run",
            str(catalogue),
            "--platform",
            "douyin-global",
            "--out",
            str(tmp_path / "out"),
            "--workspace",
            str(tmp_path / "ws"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["exported"] == 3


def test_run_with_a_provider_translates_what_is_missing(
    runner: CliRunner, tmp_path: Path, catalogue: Path, libre: LibreStub
) -> None:
    """BAU-01 has no Chinese in the sidecar: the provider fills it, so it goes in."""
    args = [
        "run",
        str(catalogue),
        "--platform",
        "tmall-global",
        "--out",
        str(tmp_path / "out"),
        "--workspace",
        str(tmp_path / "ws"),
        "--format",
        "json",
    ]
    result = runner.invoke(cli, [*args, "--provider", "libre"])
    summary = json.loads(result.stdout)
    assert "BAU-01" not in [e["sku"] for e in summary["excluded_products"]]
    assert summary["translation"] is not None
    assert libre.requests, "the provider was called"
    sent = len(libre.requests)
    # render afterwards uses the memory only: BAU-01 still in, no new request
    again = runner.invoke(cli, ["render", *args[1:]])
    assert "BAU-01" not in [e["sku"] for e in json.loads(again.stdout)["excluded_products"]]
    assert len(libre.requests) == sent


def test_unknown_platform_is_exit_3_with_one_line(
    runner: CliRunner, tmp_path: Path, catalogue: Path
) -> None:
    result = runner.invoke(
        cli,
        [
            "run",
            str(catalogue),
            "--platform",
            "tmal-global",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 3
    assert "Unknown platform 'tmal-global'" in result.stderr
    assert "Traceback" not in result.output


def test_missing_catalogue_is_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli,
        [
            "render",
            str(tmp_path / "nope.xlsx"),
            "--platform",
            "tmall-global",
            "--out",
            str(tmp_path / "out"),
            "--rate",
            "7.8",
            "--workspace",
            str(tmp_path / "ws"),
        ],
    )
    assert result.exit_code == 3
    assert "nope.xlsx" in result.stderr


def test_a_broken_user_template_is_exit_3(
    runner: CliRunner, tmp_path: Path, catalogue: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "jd-worldwide.csv.j2").write_text("{{ items.__class__ }}", encoding="utf-8")
    result = runner.invoke(
        cli,
        [
            "render",
            str(catalogue),
            "--platform",
            "jd-worldwide",
            "--out",
            str(tmp_path / "out"),
            "--workspace",
            str(tmp_path / "ws"),
            "--templates",
            str(mine),
        ],
    )
    assert result.exit_code == 3
    assert "jd-worldwide.csv.j2" in result.stderr


def test_a_user_template_extending_the_default(
    runner: CliRunner, tmp_path: Path, catalogue: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "tmall-global.xml.j2").write_text(
        '{% extends "default:tmall-global.xml.j2" %}', encoding="utf-8"
    )
    plain = runner.invoke(
        cli,
        [
            "render",
            str(catalogue),
            "-p",
            "tmall-global",
            "-o",
            str(tmp_path / "a"),
            "--workspace",
            str(tmp_path / "ws"),
        ],
    )
    extended = runner.invoke(
        cli,
        [
            "render",
            str(catalogue),
            "-p",
            "tmall-global",
            "-o",
            str(tmp_path / "b"),
            "--workspace",
            str(tmp_path / "ws"),
            "--templates",
            str(mine),
        ],
    )
    assert plain.exit_code == extended.exit_code == 1
    assert (tmp_path / "a" / "tmall-global.xml").read_bytes() == (
        tmp_path / "b" / "tmall-global.xml"
    ).read_bytes()


def test_run_publish_to_the_sandbox(
    runner: CliRunner, tmp_path: Path, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from export_kit.publish.sandbox import Sandbox

    monkeypatch.setenv("EXPORT_KIT_TMALL_APP_KEY", "sandbox-app-key")
    monkeypatch.setenv("EXPORT_KIT_TMALL_APP_SECRET", "sandbox-app-secret")
    monkeypatch.setenv("EXPORT_KIT_TMALL_SESSION", "sandbox-session")
    with Sandbox() as sandbox:
        result = runner.invoke(
            cli,
            [
                "run",
                str(catalogue),
                "--platform",
                "tmall-global",
                "--out",
                str(tmp_path / "out"),
                "--workspace",
                str(tmp_path / "ws"),
                "--publish",
                "--endpoint",
                sandbox.top_url,
                "--format",
                "json",
            ],
        )
        stored = sandbox.items("tmall-global")
    summary = json.loads(result.stdout)
    assert result.exit_code == 1  # two products were left out; the rest was published
    assert summary["publish"]["created"] == 3
    assert sorted(item["outer_id"] for item in stored) == ["SAC-01", "SER-01", "TSH-01"]
    assert "sandbox-app-secret" not in result.output


def test_run_publish_failure_is_exit_4_and_keeps_the_outputs(
    runner: CliRunner, tmp_path: Path, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from export_kit.publish.sandbox import Sandbox

    monkeypatch.setenv("EXPORT_KIT_TMALL_APP_KEY", "sandbox-app-key")
    monkeypatch.setenv("EXPORT_KIT_TMALL_APP_SECRET", "not-the-secret")
    monkeypatch.setenv("EXPORT_KIT_TMALL_SESSION", "sandbox-session")
    with Sandbox() as sandbox:
        result = runner.invoke(
            cli,
            [
                "run",
                str(catalogue),
                "--platform",
                "tmall-global",
                "--out",
                str(tmp_path / "out"),
                "--workspace",
                str(tmp_path / "ws"),
                "--publish",
                "--endpoint",
                sandbox.top_url,
            ],
        )
        stored = sandbox.items("tmall-global")
    assert result.exit_code == 4, result.output
    assert "Error: publishing to tmall-global" in result.stderr
    assert "not-the-secret" not in result.output
    assert stored == []
    assert (tmp_path / "out" / "manifest.json").is_file()
