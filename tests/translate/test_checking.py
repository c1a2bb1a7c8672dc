"""Chinese checked against its French: each check, a provider making each mistake, the
needs-review status through translate, validate --platform, the review workbook and import."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from export_kit.cli import cli
from export_kit.translate.checking import CHECKS, TextChecker
from export_kit.translate.memory import TranslationMemory
from export_kit.translate.stub import LibreStub

CHECKER = TextChecker({"Crème de nuit": "晚霜"}, ["Génifique"], {"Lancôme": "兰蔻"})


@pytest.mark.parametrize(
    ("french", "chinese", "code"),
    [
        ("Sérum 50 ml", "精华 毫升", "number-mismatch"),  # the number lost
        ("Sérum 50 ml", "精华 30ml", "number-mismatch"),  # another number
        ("Lot de 3 savons", "香皂套装", "number-mismatch"),
        ("Crème de nuit Génifique", "夜霜 Génifique", "glossary-not-applied"),
        ("Crème de nuit Génifique", "晚霜 精华", "protected-term-changed"),  # keep term lost
        ("Sérum Lancôme", "精华", "protected-term-changed"),  # the brand lost
        ("<p>Un <b>sérum</b></p>", "<p>一款精华</p>", "markup-mismatch"),
        ("<p>Un <b>sérum</b></p>", "<b><p>一款精华</p></b>", "markup-mismatch"),  # nesting
        ("Sérum éclat", "", "untranslated"),
        ("Sérum éclat", "Sérum éclat", "untranslated"),
        ("Sérum éclat", "SERUM ECLAT", "untranslated"),  # Latin letters only
    ],
)
def test_each_check_catches_its_mistake(french: str, chinese: str, code: str) -> None:
    assert code in [f.code for f in CHECKER.check(french, chinese)]


@pytest.mark.parametrize(
    ("french", "chinese"),
    [
        ("Sérum 50 ml", "精华 50ml"),
        ("Sérum 50 ml", "精华 50毫升"),  # the unit in Chinese
        ("Vin 75 cl", "葡萄酒 750ml"),  # centilitres as millilitres
        ("Huile 1,5 l", "油 1.5L"),
        ("Lot de 3 savons", "三块香皂"),  # a small number in Chinese
        ("Crème de nuit Génifique", "晚霜 Génifique"),
        ("Sérum Lancôme", "兰蔻精华"),  # the brand by its Chinese name
        ("Sérum Lancôme", "Lancôme精华"),
        ("<p>Un <b>sérum</b></p>", "<p>一款<b>精华</b></p>"),
        ("Lancôme", "Lancôme"),  # a brand alone is its own Chinese
    ],
)
def test_a_good_translation_passes(french: str, chinese: str) -> None:
    assert CHECKER.check(french, chinese) == []


HEADER = "Référence;Désignation;Marque;Description;Prix TTC (€);Code SH;Image 1\n"


def _catalogue(tmp_path: Path, name: str, description: str = "Crème visage") -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(
        HEADER + f"P-1;{name};Lancôme;{description};30,00;33049900;https://img.example.fr/1.jpg\n",
        encoding="utf-8",
    )
    return path


def _translate(runner: CliRunner, catalogue: Path, tmp_path: Path) -> dict[str, object]:
    result = runner.invoke(
        cli,
        ["translate", str(catalogue), "--provider", "libre", "--format", "json",
         "--workspace", str(tmp_path / "ws"), "--review", str(tmp_path / "review.xlsx")],
    )  # fmt: skip
    assert "Traceback" not in result.output
    return dict(json.loads(result.stdout))


def _validate(runner: CliRunner, catalogue: Path, tmp_path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(
        cli,
        ["validate", str(catalogue), "--platform", "tmall-global", "--format", "json",
         "--workspace", str(tmp_path / "ws")],
    )  # fmt: skip
    return result.exit_code, json.loads(result.stdout)


def test_a_provider_that_drops_digits_gives_needs_review_and_a_product_not_ready(
    runner: CliRunner, tmp_path: Path, libre: LibreStub
) -> None:
    libre.mistake = "drop-digits"
    catalogue = _catalogue(tmp_path, "Lot de 3 savons")
    summary = _translate(runner, catalogue, tmp_path)
    checks = summary["checks"]
    assert isinstance(checks, dict)
    assert (
        checks["checked"] == 2 and checks["passed"] == 1
    )  # the name failed, the description passed
    assert checks["failed"]["number-mismatch"] == 1
    assert checks["needs_review"] == 1
    with TranslationMemory.open(tmp_path / "ws") as memory:
        entry = memory.get("Lot de 3 savons")
        assert entry is not None and not entry.approved  # kept, never approved
        assert memory.needs_review()["Lot de 3 savons"].startswith("number-mismatch: '3'")

    # the review workbook lists it first, with its reason
    sheet = openpyxl.load_workbook(tmp_path / "review.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("sku", "field", "french", "chinese", "origin", "status", "reason")
    assert rows[1][:3] == ("P-1", "name", "Lot de 3 savons") and rows[1][5] == "needs-review"
    assert str(rows[1][6]).startswith("number-mismatch")
    assert all(row[5] != "needs-review" for row in rows[2:])

    code, report = _validate(runner, catalogue, tmp_path)
    assert code == 1
    [finding] = [f for f in report["findings"] if f["code"] == "number-mismatch"]
    assert finding["severity"] == "error" and finding["field"] == "name"
    assert finding["column"] == "Désignation"
    assert report["excluded"] == [{"sku": "P-1", "codes": ["number-mismatch"]}]
    # run asks the same gate: the feed leaves the product out with the same code
    ran = runner.invoke(
        cli,
        ["run", str(catalogue), "--platform", "tmall-global", "--out", str(tmp_path / "out"),
         "--rate", "7.8", "--format", "json", "--workspace", str(tmp_path / "ws")],
    )  # fmt: skip
    assert json.loads(ran.stdout)["excluded_products"] == report["excluded"]

    # accept_unchecked lets it through, with a warning
    (tmp_path / "export-kit.toml").write_text("[translation]\naccept_unchecked = true\n")
    accepted = runner.invoke(
        cli,
        ["validate", str(catalogue), "--platform", "tmall-global", "--format", "json",
         "--workspace", str(tmp_path / "ws"), "--config", str(tmp_path / "export-kit.toml")],
    )  # fmt: skip
    report = json.loads(accepted.stdout)
    [finding] = [f for f in report["findings"] if f["code"] == "number-mismatch"]
    assert finding["severity"] == "warning" and report["excluded"] == []

    # a reviewed import replaces it and passes the checks again
    workbook = openpyxl.load_workbook(tmp_path / "review.xlsx")
    workbook.active.cell(row=2, column=4, value="三块香皂")
    workbook.save(tmp_path / "review.xlsx")
    imported = runner.invoke(
        cli,
        ["memory", "import", str(tmp_path / "review.xlsx"), "--workspace", str(tmp_path / "ws")],
    )
    assert imported.exit_code == 0, imported.output
    with TranslationMemory.open(tmp_path / "ws") as memory:
        assert memory.needs_review() == {}
        entry = memory.get("Lot de 3 savons")
        assert entry is not None and entry.approved and entry.target == "三块香皂"
    code, report = _validate(runner, catalogue, tmp_path)
    assert not [f for f in report["findings"] if f["code"] == "number-mismatch"]


def test_a_provider_that_answers_in_latin_letters_is_untranslated(
    runner: CliRunner, tmp_path: Path, libre: LibreStub
) -> None:
    libre.mistake = "latin"
    catalogue = _catalogue(tmp_path, "Sérum éclat")
    summary = _translate(runner, catalogue, tmp_path)
    assert summary["checks"]["failed"]["untranslated"] == 2  # type: ignore[index]
    _, report = _validate(runner, catalogue, tmp_path)
    assert {f["code"] for f in report["findings"] if f["severity"] == "error"} >= {"untranslated"}


def test_a_provider_that_leaves_the_french_is_rejected(
    runner: CliRunner, tmp_path: Path, libre: LibreStub
) -> None:
    libre.mistake = "leave-french"
    summary = _translate(runner, _catalogue(tmp_path, "Sérum éclat"), tmp_path)
    assert summary["missing"] == 2  # never stored: nothing to review, nothing published
    assert summary["checks"] == {
        "checked": 2,
        "passed": 0,
        "failed": {
            "untranslated": 2,
            "number-mismatch": 0,
            "glossary-not-applied": 0,
            "protected-term-changed": 0,
            "markup-mismatch": 0,
        },
        "needs_review": 0,
    }


def test_a_provider_that_loses_tags_cannot_break_the_markup(
    runner: CliRunner, tmp_path: Path, libre: LibreStub
) -> None:
    # HTML goes to the provider one text node at a time: the tags are export-kit's own
    libre.mistake = "lose-tag"
    catalogue = _catalogue(tmp_path, "Sérum", description="<p>Une crème <b>douce</b></p>")
    summary = _translate(runner, catalogue, tmp_path)
    assert summary["checks"]["failed"]["markup-mismatch"] == 0  # type: ignore[index]
    assert summary["checks"]["needs_review"] == 0  # type: ignore[index]


def test_an_import_that_loses_a_tag_needs_review(runner: CliRunner, tmp_path: Path) -> None:
    tmx = tmp_path / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="fr-FR" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
        'creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="fr-FR"><seg>&lt;p&gt;Une &lt;b&gt;crème&lt;/b&gt;&lt;/p&gt;</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>&lt;p&gt;一款面霜&lt;/p&gt;</seg></tuv></tu>'
        '<tu><tuv xml:lang="fr-FR"><seg>Sérum 50 ml</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>精华 50ml</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        ["memory", "import", str(tmx), "--workspace", str(tmp_path / "ws"), "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["needs_review"] == 1
    with TranslationMemory.open(tmp_path / "ws") as memory:
        flagged = memory.needs_review()
        assert list(flagged) == ["<p>Une <b>crème</b></p>"]
        assert flagged["<p>Une <b>crème</b></p>"].startswith("markup-mismatch")
        kept = memory.get("<p>Une <b>crème</b></p>")
        assert kept is not None and not kept.approved
        good = memory.get("Sérum 50 ml")
        assert good is not None and good.approved


def _tmx(pairs: list[tuple[str, str]]) -> str:
    units = "".join(
        f'<tu><tuv xml:lang="fr-FR"><seg>{fr}</seg></tuv><tuv xml:lang="zh-CN"><seg>{zh}</seg>'
        "</tuv></tu>"
        for fr, zh in pairs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="fr-FR" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
        f'creationtoolversion="1"/><body>{units}</body></tmx>'
    )


def test_a_sidecar_is_checked_with_the_catalogues_brands(runner: CliRunner, tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path, "Lot de 3 savons", description="Lancôme")
    sidecar = tmp_path / "catalogue.csv.zh.tmx"
    # the brand alone is its own Chinese (a registered brand); the name lost its number
    sidecar.write_text(_tmx([("Lot de 3 savons", "香皂套装"), ("Lancôme", "Lancôme")]), "utf-8")
    code, report = _validate(runner, catalogue, tmp_path)
    assert code == 1
    flagged = [f for f in report["findings"] if f["code"] in CHECKS]
    assert [(f["code"], f["field"]) for f in flagged] == [("number-mismatch", "name")]
    assert report["excluded"] == [{"sku": "P-1", "codes": ["number-mismatch"]}]
