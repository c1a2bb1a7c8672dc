"""translate_catalogue offline: counts, catalogue Chinese columns, the review workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from export_kit.config import Config
from export_kit.model import Sku
from export_kit.translate import ChineseTexts, translate_catalogue
from export_kit.translate.exchange import import_file

HTML = "<p>Crème <b>douce</b></p>"


def _skus() -> list[Sku]:
    return [
        Sku(
            row=2,
            sku="A-1",
            name="Crème de jour",
            name_zh="日霜",
            brand="Lancôme",
            description=HTML,
            colour="Noir",
            size="M",
        ),
        Sku(row=3, sku="A-2", name="Crème de jour", brand="Lancôme", colour="Vert sapin", size="L"),
        Sku(row=4, sku="A-3", name="-Promo =1+1", brand="Lancôme"),
    ]


def test_offline_run_counts_and_review_rows(make_catalogue, tmp_path: Path) -> None:
    review = tmp_path / "out" / "cat.review.xlsx"
    summary = translate_catalogue(
        make_catalogue(_skus()), Config(), provider="none", workspace=tmp_path / "ws", review=review
    )
    assert summary.to_dict() == {
        "texts": 8,
        "distinct": 7,
        "from_memory": 1,
        "from_glossary": 3,
        "machine": 0,
        "missing": 3,
        "checks": {
            "checked": 0,
            "passed": 0,
            "failed": {
                "untranslated": 0,
                "number-mismatch": 0,
                "glossary-not-applied": 0,
                "protected-term-changed": 0,
                "markup-mismatch": 0,
            },
            "needs_review": 0,
        },
    }
    assert summary.review == review

    sheet = openpyxl.load_workbook(review).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["sku", "field", "french", "chinese", "origin", "status", "reason"]
    assert all(r[6] is None for r in rows[1:])  # nothing failed a check
    body = {(r[0], r[1]): r[2:6] for r in rows[1:]}
    assert len(rows) - 1 == summary.texts
    assert body[("A-1", "name")] == ["Crème de jour", "日霜", "human", "approved"]
    assert body[("A-2", "name")] == ["Crème de jour", "日霜", "human", "approved"]
    assert body[("A-1", "description")] == [HTML, None, None, "missing"]  # whole value
    assert body[("A-1", "colour")] == ["Noir", "黑色", "glossary", "glossary"]
    assert body[("A-1", "size")] == ["M", "M", "glossary", "glossary"]
    assert body[("A-2", "colour")][1:] == [None, None, "missing"]
    assert body[("A-3", "name")][0] == "'-Promo =1+1"  # neutralised against formulas


def test_review_round_trip_fills_the_missing_texts(make_catalogue, tmp_path: Path) -> None:
    review = tmp_path / "cat.review.xlsx"
    catalogue = make_catalogue(_skus())
    translate_catalogue(
        catalogue, Config(), provider="none", workspace=tmp_path / "ws", review=review
    )
    workbook = openpyxl.load_workbook(review)
    for row in workbook.active.iter_rows(min_row=2):
        if row[2].value == HTML:
            row[3].value = "<p>柔和<b>面霜</b></p>"
        elif row[2].value == "Vert sapin":
            row[3].value = "墨绿色"
        elif row[2].value == "'-Promo =1+1":
            row[3].value = "促销 买一送一"
    workbook.save(review)
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        result = import_file(
            texts.memory, review, lookup=lambda french, field: texts.resolve(french, field).chinese
        )
    assert result.changed == 3  # the glossary rows (Noir, M, L) were not edits
    summary = translate_catalogue(
        catalogue, Config(), provider="none", workspace=tmp_path / "ws", review=None
    )
    assert summary.missing == 0
    assert summary.from_memory == 4


def test_one_edited_row_of_a_repeated_text_wins_over_its_unchanged_copies(
    make_catalogue, tmp_path: Path
) -> None:
    review = tmp_path / "cat.review.xlsx"
    skus = [Sku(row=r, sku=f"R-{r}", name="Crème de jour") for r in range(2, 6)]
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        texts.memory.add_machine("Crème de jour", "日霜", "libre")
    translate_catalogue(
        make_catalogue(skus), Config(), provider="none", workspace=tmp_path / "ws", review=review
    )
    workbook = openpyxl.load_workbook(review)
    rows = list(workbook.active.iter_rows(min_row=2))
    assert [r[5].value for r in rows] == ["machine"] * 4
    rows[2][3].value = "白天用面霜"  # the third of four identical rows
    workbook.save(review)
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        result = import_file(texts.memory, review)
        entry = texts.memory.get("Crème de jour")
    assert (result.changed, result.unchanged) == (1, 3)
    assert entry is not None and (entry.target, entry.origin) == ("白天用面霜", "human")
