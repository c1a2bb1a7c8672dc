"""The configuration: where it is found, what it accepts, what it refuses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from export_kit.config import Config, load_config
from export_kit.errors import ConfigError


def test_defaults_when_there_is_no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None, tmp_path / "catalogue.csv")
    assert config == Config()
    assert config.pricing.rounding == "cent"
    assert config.pricing.markup == Decimal("0")


def test_config_beside_the_catalogue_wins_over_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brand_dir = tmp_path / "brand"
    brand_dir.mkdir()
    (brand_dir / "export-kit.toml").write_text('[brand]\nname = "Beside"\n', encoding="utf-8")
    (tmp_path / "export-kit.toml").write_text('[brand]\nname = "Here"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_config(None, brand_dir / "c.csv").brand.name == "Beside"
    assert load_config(None, tmp_path / "other" / "c.csv").brand.name == "Here"


def test_explicit_config_wins(tmp_path: Path) -> None:
    explicit = tmp_path / "mine.toml"
    explicit.write_text('[pricing]\neur_cny = 7.82\nrounding = "ending-8"\n', encoding="utf-8")
    config = load_config(explicit, tmp_path / "c.csv")
    assert config.pricing.eur_cny == Decimal("7.82")
    assert config.pricing.rounding == "ending-8"
    assert config.path == explicit


def test_unknown_key_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "export-kit.toml"
    bad.write_text("[pricing]\neur_cyn = 7.8\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'pricing\.eur_cyn'"):
        load_config(bad)


def test_unknown_section_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "export-kit.toml"
    bad.write_text("[pricng]\nmarkup = 0.1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'pricng'"):
        load_config(bad)


def test_bad_value_is_explained(tmp_path: Path) -> None:
    bad = tmp_path / "export-kit.toml"
    bad.write_text('[rules]\ninvalid-ean = "fatal"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.invalid-ean"):
        load_config(bad)


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "export-kit.toml"
    bad.write_text("[brand\nname=", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_paths_resolve_relative_to_the_config(tmp_path: Path) -> None:
    path = tmp_path / "export-kit.toml"
    path.write_text('[translation]\nglossary = "glossary.csv"\n', encoding="utf-8")
    config = load_config(path)
    assert config.resolve(config.translation.glossary) == tmp_path / "glossary.csv"


def test_platform_sections_and_brand_alias(tmp_path: Path) -> None:
    path = tmp_path / "export-kit.toml"
    path.write_text(
        '[brand]\nname = "Maison X"\nchinese_name = "X之家"\n'
        "[platforms.tmall-global]\ntitle_max = 50\n"
        '[platforms.tmall-global.categories]\n"Soin visage > Crèmes" = "50010815"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.brand.name_zh == "X之家"
    tmall = config.platforms["tmall-global"]
    assert tmall.title_max == 50
    assert tmall.categories == {"Soin visage > Crèmes": "50010815"}
