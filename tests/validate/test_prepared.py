"""memory.prepared: the memory as the checks prepared it, used only while nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

import export_kit.validate.prepared as prepared_module
from export_kit.config import load_config
from export_kit.pipeline import render
from export_kit.translate.memory import MEMORY_FILE, TranslationMemory
from export_kit.translate.normalise import normalise
from export_kit.validate.ahead import MemoryAhead
from export_kit.validate.chinese import ChineseScanner
from export_kit.validate.prepared import PREPARED_FILE, keep_prepared, load_prepared
from export_kit.validate.rules.claims import ClaimScanner, claim_terms, scanner

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
SIZE = 1_000_000  # a catalogue this big is worth loading the memory whole for


def _memory(workspace: Path, count: int = 300) -> None:
    with TranslationMemory.open(workspace) as memory:
        memory.add_human_many(
            [(f"Baume numéro {n} aux fleurs", f"花香香膏{n}") for n in range(count)]
            + [
                ("Le meilleur baume", "最佳香膏"),  # a banned term in the Chinese
                ("Soigne l'eczéma en trois jours", "三天治疗湿疹"),  # a claim in the French
                ("Crème et baume", "面霜&amp;香膏"),  # an entity: kept in for the scan
            ]
        )
        memory.add_machine("Baume nu", "香膏", "libre")


def _load(workspace: Path, catalogue: Path) -> prepared_module.Prepared:
    loaded = load_prepared(workspace, catalogue, size_hint=SIZE)
    assert loaded is not None
    return loaded


def test_a_kept_memory_loads_as_sqlite_gives_it_with_the_same_flags(tmp_path: Path) -> None:
    ws, catalogue = tmp_path / "ws", tmp_path / "catalogue.xlsx"
    _memory(ws)
    first = _load(ws, catalogue)
    assert not first.kept and not (ws / PREPARED_FILE).exists()
    assert keep_prepared(ws, first)
    second = _load(ws, catalogue)
    assert second.kept
    assert second.snapshot == first.snapshot
    assert second.state == first.state
    # the flags found again by fresh scanners, over every entry
    fresh = ChineseScanner().flagged(first.snapshot)
    assert {normalise("Le meilleur baume"), normalise("Crème et baume")} <= fresh
    assert ChineseScanner().flagged(second.snapshot) == fresh
    from export_kit.validate.chinese import chinese_scanner

    assert chinese_scanner().flagged(second.snapshot) == fresh
    claims = ClaimScanner(claim_terms())
    claims.rule_out(list(first.snapshot))
    for key in first.snapshot:
        assert scanner().ruled_out(key) == claims.ruled_out(key), key
    assert not scanner().ruled_out(normalise("Soigne l'eczéma en trois jours"))
    assert keep_prepared(ws, second) is False  # nothing to write: it came from the file


@pytest.mark.parametrize("change", ["human", "machine", "other-writer", "delete"])
def test_any_change_of_the_memory_makes_it_load_from_sqlite(tmp_path: Path, change: str) -> None:
    ws, catalogue = tmp_path / "ws", tmp_path / "catalogue.xlsx"
    _memory(ws)
    assert keep_prepared(ws, _load(ws, catalogue))
    if change == "human":
        with TranslationMemory.open(ws) as memory:
            memory.add_human("Baume nu", "纯香膏")
    elif change == "machine":
        with TranslationMemory.open(ws) as memory:
            memory.add_machine("Un nouveau baume", "新香膏", "libre")
    else:  # another program on the database: the triggers are in it
        with sqlite3.connect(ws / MEMORY_FILE) as conn:
            if change == "delete":
                conn.execute("DELETE FROM memory WHERE key = ?", (normalise("Baume nu"),))
            else:
                conn.execute(
                    "UPDATE memory SET target = '纯香膏' WHERE key = ?", (normalise("Baume nu"),)
                )
                assert conn.total_changes >= 1
    loaded = _load(ws, catalogue)
    assert not loaded.kept
    with TranslationMemory.open(ws) as memory:
        assert loaded.snapshot == memory.snapshot(10_000)


def test_an_unchanged_write_keeps_it(tmp_path: Path) -> None:
    ws, catalogue = tmp_path / "ws", tmp_path / "catalogue.xlsx"
    _memory(ws)
    assert keep_prepared(ws, _load(ws, catalogue))
    with TranslationMemory.open(ws) as memory:
        assert memory.add_human("Le meilleur baume", "最佳香膏") is False  # the same pair
        assert memory.add_machine("Baume nu", "别的", "libre") is False  # never replaces
    assert _load(ws, catalogue).kept


@pytest.mark.parametrize(
    "damage", ["truncated", "flipped", "empty", "foreign", "other-format", "a-folder"]
)
def test_a_damaged_or_foreign_file_is_read_past_and_written_again(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, catalogue = tmp_path / "ws", tmp_path / "catalogue.xlsx"
    _memory(ws)
    plain = _load(ws, catalogue)
    assert keep_prepared(ws, plain)
    path = ws / PREPARED_FILE
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0x55]) + data[-9:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "foreign":
        path.write_bytes(b"PK\x03\x04 not ours at all" * 100)
    elif damage == "other-format":
        monkeypatch.setattr(prepared_module, "_FORMAT", prepared_module._FORMAT + 1)
    else:
        path.unlink()
        path.mkdir()
    loaded = _load(ws, catalogue)
    assert not loaded.kept
    assert loaded.snapshot == plain.snapshot
    if damage == "a-folder":
        assert keep_prepared(ws, loaded) is False  # cannot be written: left as it is
        assert path.is_dir()
    else:
        assert keep_prepared(ws, loaded)
        assert _load(ws, catalogue).kept


def test_a_memory_too_big_for_the_catalogue_is_not_loaded_nor_kept(tmp_path: Path) -> None:
    ws, catalogue = tmp_path / "ws", tmp_path / "catalogue.xlsx"
    _memory(ws)
    assert load_prepared(ws, catalogue, size_hint=1_000) is None
    with MemoryAhead(ws, catalogue, size_hint=1_000) as ahead:
        assert ahead.snapshot() is None
    assert ahead.keep() is False
    assert not (ws / PREPARED_FILE).exists()


def _workbook(path: Path, names: list[str]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Référence", "Désignation", "Marque", "Prix TTC (€)", "Code SH", "Image 1"])
    for n, name in enumerate(names):
        sheet.append([f"P-{n}", name, "Maison Test", 25.0, "33049900", f"https://img.fr/{n}"])
    workbook.save(path)


def _render(tmp_path: Path, catalogue: Path, out: str) -> tuple[dict[str, str], set[str]]:
    config = tmp_path / "export-kit.toml"
    config.write_text('[brand]\nname = "Maison Test"\nchinese_name = "测试之家"\n', "utf-8")
    render(
        catalogue,
        platform="douyin-global",
        out=tmp_path / out,
        workspace=tmp_path / "ws",
        config=load_config(config),
        rate=Decimal("7.8"),
        now=NOW,
    )
    lines = (tmp_path / out / "douyin-global.jsonl").read_text("utf-8").splitlines()
    titles = {item["out_product_id"]: item["name"] for item in map(json.loads, lines)}
    report = json.loads((tmp_path / out / "report.json").read_text("utf-8"))
    return titles, {f"{f['sku']} {f['code']}" for f in report["findings"]}


def test_renders_use_the_kept_memory_and_see_every_change(tmp_path: Path) -> None:
    """What a user sees: the second render, from memory.prepared, writes what the first
    wrote; after a translation is changed the next render has the new Chinese, and finds
    the banned term in it."""
    catalogue = tmp_path / "catalogue.xlsx"
    _workbook(catalogue, ["Baume nu", "Le meilleur baume", "Soigne l'eczéma en trois jours"])
    _memory(tmp_path / "ws", count=10)  # a small workbook loads only a small memory whole
    first = _render(tmp_path, catalogue, "one")
    assert (tmp_path / "ws" / PREPARED_FILE).is_file()
    assert _load(tmp_path / "ws", catalogue).kept
    second = _render(tmp_path, catalogue, "two")
    assert second == first
    assert (tmp_path / "one" / "douyin-global.jsonl").read_bytes() == (
        tmp_path / "two" / "douyin-global.jsonl"
    ).read_bytes()
    titles, findings = first
    assert "香膏" in titles["P-0"] and "P-1 banned-term" in findings
    assert "P-2 medical-claim" in findings and "P-0 banned-term" not in findings

    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human("Baume nu", "最佳纯香膏")  # reviewed again: now with a banned term
    titles, findings = _render(tmp_path, catalogue, "three")
    assert "P-0 banned-term" in findings
    assert "P-0" not in titles  # left out of the feed for it
    assert _load(tmp_path / "ws", catalogue).kept  # written again for the new memory
