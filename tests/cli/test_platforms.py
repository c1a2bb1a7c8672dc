"""``export-kit platforms``: the marketplaces with their rules, in text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from export_kit.cli import cli
from export_kit.config import Config
from export_kit.platforms import list_platforms


def test_json_is_the_list_of_design_7_3(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["platforms", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [entry["name"] for entry in data] == ["tmall-global", "jd-worldwide", "douyin-global"]
    for entry in data:
        assert set(entry) == {
            "name", "feed_file", "title_limit", "title", "description_limit", "max_images",
            "price_unit", "required", "recommended", "confirmed",
        }  # fmt: skip
        assert set(entry["title_limit"]) == {"max", "unit"}
        assert entry["title_limit"]["unit"] in ("gbk-bytes", "chars")
        assert entry["price_unit"] in ("yuan", "fen")
        assert all(isinstance(value, bool) for value in entry["confirmed"].values())
    tmall, _jd, douyin = data
    assert tmall["title_limit"] == {"max": 60, "unit": "gbk-bytes"}
    assert tmall["title"] == {
        "template": "{brand_zh} {brand} {name_zh} {net_content}",
        "drop": ["brand", "net_content", "brand_zh"],
    }
    assert tmall["feed_file"] == "tmall-global.xml"
    assert douyin["price_unit"] == "fen" and douyin["max_images"] == 5
    assert data == [p.to_dict() for p in list_platforms(Config())]


def test_text_marks_the_unconfirmed_defaults(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["platforms"])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "tmall-global", "jd-worldwide", "douyin-global",
    ]  # fmt: skip
    tmall, jd, _douyin = blocks
    title_line = next(line for line in tmall.splitlines() if line.strip().startswith("title"))
    assert "60" in title_line and "GBK" in title_line and "unconfirmed" not in title_line
    images_line = next(line for line in tmall.splitlines() if line.strip().startswith("images"))
    assert "(default, unconfirmed)" in images_line
    assert jd.count("(default, unconfirmed)") == 4


def test_overrides_of_the_config_are_shown(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "export-kit.toml"
    config.write_text(
        "[platforms.jd-worldwide]\nmax_images = 8\n\n[platforms.jd-worldwide.categories]\n"
        '"Parfums" = "1234"\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["platforms", "--config", str(config)])
    assert result.exit_code == 0, result.output
    jd = result.stdout.split("\n\n")[1]
    images_line = next(line for line in jd.splitlines() if line.strip().startswith("images"))
    assert "at most 8" in images_line and "(configured)" in images_line
    assert "1 mapped" in jd

    as_json = runner.invoke(cli, ["platforms", "--config", str(config), "--format", "json"])
    jd_json = json.loads(as_json.stdout)[1]
    assert jd_json["max_images"] == 8 and jd_json["confirmed"]["max_images"] is False


def test_a_misspelt_platform_in_the_config_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "export-kit.toml"
    config.write_text("[platforms.tmall]\ntitle_max = 50\n", encoding="utf-8")
    result = runner.invoke(cli, ["platforms", "--config", str(config)])
    assert result.exit_code == 3
    assert "[platforms.tmall]" in result.stderr and "tmall-global" in result.stderr
    assert "Traceback" not in result.output
