"""Plain validate checks the Chinese that exists; --platform also reports what is missing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from export_kit.cli import cli

HEADER = "Référence;Désignation;Marque;Prix TTC (€);Code SH;Image 1;Nom chinois\n"


def _catalogue(tmp_path: Path, chinese_name: str) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(
        HEADER
        + f"P-1;Crème de jour;Maison Test;25,00;33049900;https://img.example.fr/1.jpg;{chinese_name}\n"
        + "P-2;Lait corps;Maison Test;18,00;33049900;https://img.example.fr/2.jpg;\n",
        encoding="utf-8",
    )
    return path


def _findings(runner: CliRunner, args: list[str]) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(cli, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_plain_validate_reports_a_banned_term_in_existing_chinese(
    runner: CliRunner, tmp_path: Path
) -> None:
    catalogue = _catalogue(tmp_path, "最佳日霜")
    code, findings = _findings(
        runner, ["validate", str(catalogue), "--workspace", str(tmp_path / "ws")]
    )
    banned = [f for f in findings if f["code"] == "banned-term"]
    assert code == 1
    assert len(banned) == 1
    assert banned[0]["row"] == 2 and banned[0]["sku"] == "P-1"
    assert banned[0]["column"] == "Nom chinois"
    # plain validate says nothing of translations
    assert not [f for f in findings if f["code"] in ("missing-translation", "missing-brand-name")]


def test_clean_chinese_gives_no_chinese_finding(runner: CliRunner, tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path, "保湿日霜")
    code, findings = _findings(
        runner, ["validate", str(catalogue), "--workspace", str(tmp_path / "ws")]
    )
    assert code == 0
    assert findings == []


def test_platform_validate_adds_missing_translations(runner: CliRunner, tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path, "保湿日霜")
    _, findings = _findings(
        runner,
        [
            "validate",
            str(catalogue),
            "--platform",
            "tmall-global",
            "--rate",
            "7.8",
            "--workspace",
            str(tmp_path / "ws"),
        ],
    )
    missing = {(f["code"], f["sku"], f["field"]) for f in findings}
    assert ("missing-translation", "P-2", "name") in missing
    assert ("missing-brand-name", "P-1", "brand") in missing
