"""``export-kit memory export|import``: the round trip through files a translator edits."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from click.testing import CliRunner, Result

from export_kit.cli import cli
from export_kit.translate.memory import TranslationMemory


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    with TranslationMemory.open(folder) as memory:
        memory.add_human("Crème de nuit", "晚霜")
        memory.add_machine("Sérum éclat", "亮肤精华", "libre")
        memory.add_machine("Huile sèche", "干油", "libre")
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _memory(workspace: Path) -> dict[str, tuple[str, str]]:
    with TranslationMemory.open(workspace) as memory:
        return {e.source: (e.target, e.origin) for e in memory.iter_entries()}


@pytest.mark.parametrize("extension", ["tmx", "xliff", "xlsx"])
def test_export_edit_import_changes_exactly_that_entry(
    workspace: Path, tmp_path: Path, extension: str
) -> None:
    out = tmp_path / f"memory.{extension}"
    exported = run("memory", "export", "--out", str(out), "--workspace", str(workspace))
    assert exported.exit_code == 0, exported.stderr
    assert f"Exported 3 entries to {out} ({extension})" in exported.stderr
    before = _memory(workspace)
    if extension == "xlsx":
        workbook = openpyxl.load_workbook(out)
        for row in workbook.active.iter_rows(min_row=2):
            if row[2].value == "Huile sèche":
                row[3].value = "干性精油"
        workbook.save(out)
    else:
        out.write_text(
            out.read_text(encoding="utf-8").replace(">干油<", ">干性精油<"), encoding="utf-8"
        )

    imported = run("memory", "import", str(out), "--workspace", str(workspace), "--format", "json")

    assert imported.exit_code == 0, imported.stderr
    assert json.loads(imported.stdout) == {
        "entries": 3,
        "changed": 1,
        "unchanged": 2,
        "needs_review": 0,
    }
    after = _memory(workspace)
    assert after["Huile sèche"] == ("干性精油", "human")
    assert {k: v for k, v in after.items() if k != "Huile sèche"} == {
        k: v for k, v in before.items() if k != "Huile sèche"
    }


def test_format_option_and_tmx_header(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "memoire.txt"
    result = run(
        "memory", "export", "--format", "tmx", "--out", str(out), "--workspace", str(workspace)
    )
    assert result.exit_code == 0
    root = ElementTree.parse(out).getroot()
    assert root.find("header").get("srclang") == "fr-FR"  # type: ignore[union-attr]
    assert len(root.findall("body/tu")) == 3


def test_errors_exit_3_with_one_line(workspace: Path, tmp_path: Path) -> None:
    no_memory = run(
        "memory", "export", "--out", str(tmp_path / "m.tmx"), "--workspace", str(tmp_path / "empty")
    )
    assert no_memory.exit_code == 3 and "export-kit translate" in no_memory.stderr
    unknown = run(
        "memory", "export", "--out", str(tmp_path / "m.doc"), "--workspace", str(workspace)
    )
    assert unknown.exit_code == 3 and ".tmx" in unknown.stderr
    evil = tmp_path / "evil.xliff"
    evil.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<xliff version="1.2"><file target-language="zh-CN"><body><trans-unit id="1">'
        "<source>&e;</source><target>x</target></trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    refused = run("memory", "import", str(evil), "--workspace", str(workspace))
    assert refused.exit_code == 3
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    missing = run("memory", "import", str(tmp_path / "absent.tmx"), "--workspace", str(workspace))
    assert missing.exit_code == 3


def test_review_rows_holding_the_glossary_chinese_are_not_edits(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    review = tmp_path / "review.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["sku", "field", "french", "chinese", "origin", "status"])
    sheet.append(["A-1", "colour", "Noir", "黑色", "glossary", "glossary"])
    sheet.append(["A-1", "colour", "Vert sapin", "墨绿色", "", "missing"])
    workbook.save(review)
    result = run("memory", "import", str(review), "--workspace", str(workspace), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "entries": 2,
        "changed": 1,
        "unchanged": 1,
        "needs_review": 0,
    }
    assert _memory(workspace) == {"Vert sapin": ("墨绿色", "human")}


@pytest.mark.parametrize("sub", ["export", "import"])
def test_help(sub: str) -> None:
    result = run("memory", sub, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--workspace" in result.stdout
