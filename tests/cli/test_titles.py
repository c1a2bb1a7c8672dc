"""``export-kit titles`` and the title findings of ``validate --platform`` and ``run``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from export_kit.cli import cli
from export_kit.translate.memory import TranslationMemory
from export_kit.translate.wordcut import boundaries

HEADER = (
    "Référence;Désignation;Marque;Description;Contenance;Prix TTC (€);Code SH;Image 1;Nom chinois\n"
)
#: 34 Chinese characters a machine gave: 68 bytes, over Tmall's 60 on its own
MACHINE_ZH = "小黑瓶精华肌底液修护保湿抗皱紧致提亮肤色淡化细纹适合所有肤质使用"
HUMAN_ZH = "玫瑰" * 16  # 64 bytes a translator wrote


def _setup(tmp_path: Path) -> tuple[Path, list[str]]:
    catalogue = tmp_path / "catalogue.csv"
    rows = [
        "P-1;Concentré jeunesse;Lancôme;Un sérum.;50 ml;80,00;33049900;https://img.example.fr/1.jpg;",
        f"P-2;Eau de rose;Lancôme;Un sérum.;50 ml;30,00;33049900;https://img.example.fr/2.jpg;{HUMAN_ZH}",
        "P-3;Crème Génifique®;Lancôme;Un sérum.;50 ml;40,00;33049900;https://img.example.fr/3.jpg;",
    ]
    catalogue.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    ws = tmp_path / "ws"
    with TranslationMemory.open(ws) as memory:
        memory.add_machine("Concentré jeunesse", MACHINE_ZH, "libre")
        memory.add_machine("Crème Génifique®", "Génifique®面霜", "libre")
        memory.add_human("Un sérum.", "一款精华。")
        memory.add_human("Eau de rose", "玫瑰水")
    return catalogue, ["--workspace", str(ws)]


def test_titles_lists_what_the_feed_will_hold(runner: CliRunner, tmp_path: Path) -> None:
    catalogue, ws = _setup(tmp_path)
    result = runner.invoke(
        cli, ["titles", str(catalogue), "--platform", "tmall-global", "--format", "json", *ws]
    )
    assert result.exit_code == 1, result.output  # P-2 stays too long
    data = json.loads(result.stdout)
    assert data["platform"] == "tmall-global"
    machine, human, marked = data["products"]

    assert machine["sku"] == "P-1" and machine["fits"] and machine["written_by"] == "machine"
    assert [d["part"] for d in machine["dropped"]] == ["brand", "net_content", "brand_zh"]
    assert machine["title"] + machine["cut"] == MACHINE_ZH
    assert len(machine["title"]) in boundaries(MACHINE_ZH)  # cut between two words
    assert machine["length"] == len(machine["title"].encode("gbk")) <= machine["limit"] == 60

    assert human["title"] == HUMAN_ZH and not human["fits"] and human["cut"] is None
    assert human["written_by"] == "person" and human["length"] == 64

    assert marked["original"] == "兰蔻 Lancôme Génifique®面霜 50ml"
    assert marked["title"] == "兰蔻 Lancome Génifique面霜 50ml"
    assert marked["replaced"] == [
        {"position": 8, "char": "ô", "replacement": "o"},
        {"position": 21, "char": "®", "replacement": ""},
    ]
    assert marked["length"] == len(marked["title"].encode("gbk"))


def test_titles_as_text(runner: CliRunner, tmp_path: Path) -> None:
    catalogue, ws = _setup(tmp_path)
    result = runner.invoke(cli, ["titles", str(catalogue), "--platform", "tmall-global", *ws])
    assert "P-2: " + HUMAN_ZH + "  [64/60 bytes]  OVER THE LIMIT" in result.stdout
    assert "character 8 'ô' -> 'o'" in result.stdout
    assert "cut from the machine translation: " in result.stdout
    # P-2 lost its optional parts too, and is still over the limit
    assert "3 titles for tmall-global: 2 shortened, 1 with characters replaced, 1 over" in (
        result.stderr
    )


def test_validate_and_run_report_what_was_shortened_and_replaced(
    runner: CliRunner, tmp_path: Path
) -> None:
    catalogue, ws = _setup(tmp_path)
    checked = runner.invoke(
        cli, ["validate", str(catalogue), "--platform", "tmall-global", "--format", "json", *ws]
    )
    report = json.loads(checked.stdout)
    by_code: dict[str, list[dict[str, object]]] = {}
    for finding in report["findings"]:
        by_code.setdefault(str(finding["code"]), []).append(finding)

    [shortened] = by_code["title-shortened"]
    assert shortened["severity"] == "info" and shortened["sku"] == "P-1"
    assert "left out the brand as written 'Lancôme'" in str(shortened["message"])
    assert "cut the machine translation before" in str(shortened["message"])

    [too_long] = by_code["title-too-long"]
    assert too_long["sku"] == "P-2" and too_long["column"] == "Nom chinois"
    assert "never cut" in str(too_long["message"])

    unencodable = by_code["unencodable-character"]
    # P-1 and P-2 lost the brand as written (Lancôme) for length: only what a title holds
    assert {(f["sku"], f["severity"]) for f in unencodable} == {("P-3", "warning")}
    assert any("'ô' (U+00F4) at character 8" in str(f["message"]) for f in unencodable)
    assert any("'®' (U+00AE)" in str(f["message"]) and "leaves it out" in str(f["message"])
               for f in unencodable)  # fmt: skip
    assert all(f["value"] == "兰蔻 Lancôme Génifique®面霜 50ml" for f in unencodable)
    assert [e["sku"] for e in report["excluded"]] == ["P-2"]

    out = tmp_path / "out"
    ran = runner.invoke(
        cli,
        ["run", str(catalogue), "--platform", "tmall-global", "--out", str(out), "--rate", "7.8",
         "--format", "json", *ws],
    )  # fmt: skip
    assert [e["sku"] for e in json.loads(ran.stdout)["excluded_products"]] == ["P-2"]
    feed = (out / "tmall-global.xml").read_text("utf-8")
    assert "兰蔻 Lancome Génifique面霜 50ml" in feed and "Lancôme Génifique®" not in feed
    assert MACHINE_ZH not in feed and MACHINE_ZH[:6] in feed
