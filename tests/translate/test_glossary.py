"""Glossary files and the built-in brand registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import DOMAIN

from export_kit.config import Config, TranslationConfig
from export_kit.errors import ConfigError
from export_kit.translate.glossary import load_brands, load_glossary, read_data_lines


def _config(tmp_path: Path, name: str, text: str) -> Config:
    (tmp_path / name).write_text(text, encoding="utf-8")
    config = Config(
        translation=TranslationConfig(glossary=Path(name), do_not_translate=["Génifique"])
    )
    config.path = tmp_path / "export-kit.toml"
    return config


def test_csv_glossary_with_comments_kinds_and_case_insensitive_terms(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "glossary.csv",
        "# my brand's terms\nterm,chinese,kind\nCrème de nuit,晚霜,translate\n"
        "Advanced,,keep\n# a comment\nSérum,精华,\n",
    )
    glossary = load_glossary(config)
    assert glossary.lookup("crème  de NUIT") == "晚霜"
    assert glossary.lookup("Sérum") == "精华"  # empty kind means translate
    assert glossary.lookup("Advanced") == "Advanced"
    assert glossary.lookup("Génifique") == "Génifique"  # [translation] do_not_translate
    assert glossary.lookup("Inconnu") is None
    assert glossary.replacements() == {"Crème de nuit": "晚霜", "Sérum": "精华"}


def test_tsv_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(
        _config(
            tmp_path, "glossary.tsv", "term\tchinese\tkind\nEau de toilette\t淡香水\ttranslate\n"
        )
    )
    assert glossary.lookup("eau de toilette") == "淡香水"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mot,chinois\nA,B\n", "term, chinese"),
        ("term,chinese,kind\nSérum,,translate\n", "line 2: 'Sérum' has no Chinese"),
        ("term,chinese,kind\nSérum,精华,traduire\n", "kind 'traduire'"),
    ],
)
def test_bad_glossary_is_a_config_error_naming_the_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_glossary(_config(tmp_path, "glossary.csv", text))


def test_missing_glossary_file_is_a_config_error(tmp_path: Path) -> None:
    config = Config(translation=TranslationConfig(glossary=Path("absent.csv")))
    config.path = tmp_path / "export-kit.toml"
    with pytest.raises(ConfigError, match=r"absent\.csv: file not found"):
        load_glossary(config)


def test_builtin_brands_are_the_confirmed_rows_of_the_research() -> None:
    if not DOMAIN.is_dir():
        pytest.skip("../shared/domain is not present")
    rows = [
        line.split("\t")
        for line in (DOMAIN / "brand-names-fr-zh.txt").read_text(encoding="utf-8").splitlines()[1:]
    ]
    notes = (DOMAIN / "NOTES.md").read_text(encoding="utf-8")
    confirmed_table = notes[
        notes.index("Confirmed by two or more sources") : notes.index("Single-source:")
    ]
    confirmed = {r[0]: r[1] for r in rows if r[4] == "confirmed" and r[0] in confirmed_table}
    registry = load_brands(Config())
    assert sorted(registry.names()) == sorted(confirmed)
    for brand, chinese in confirmed.items():
        assert registry.chinese(brand) == chinese
    assert registry.chinese("Bonne Maman") is None


def test_data_files_carry_a_source_header() -> None:
    from importlib import resources

    for name in (
        "brands-fr-zh.tsv",
        "terms-fr-zh.tsv",
        "adlaw-absolute-terms.txt",
        "adlaw-overbroad-terms.txt",
        "medical-claim-terms.txt",
        "cosmetics-special-claim-terms.txt",
    ):
        text = resources.files("export_kit").joinpath("data", name).read_text(encoding="utf-8")
        assert text.startswith("#") and "Source" in text.split("\n\n")[0][:600], name
        assert read_data_lines(name)


def test_term_lists_match_the_research_data() -> None:
    if not DOMAIN.is_dir():
        pytest.skip("../shared/domain is not present")
    for name in (
        "adlaw-absolute-terms.txt",
        "adlaw-overbroad-terms.txt",
        "medical-claim-terms.txt",
        "cosmetics-special-claim-terms.txt",
    ):
        source = [
            line.strip()
            for line in (DOMAIN / name).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        assert read_data_lines(name) == source, name


def test_the_glossary_written_by_init_loads(tmp_path: Path) -> None:
    from importlib import resources

    template = resources.files("export_kit").joinpath("data", "init", "glossary.csv")
    if not template.is_file():
        pytest.skip("export-kit init has no glossary template in this checkout")
    text = template.read_text(encoding="utf-8") + "Crème de nuit,晚霜,translate\n"
    glossary = load_glossary(_config(tmp_path, "glossary.csv", text))
    assert glossary.lookup("Crème de nuit") == "晚霜"
