"""``export-kit init``: a commented config that loads, an empty glossary, no overwrite."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from export_kit.cli import cli
from export_kit.config import Config, load_config


def _init(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", *map(str, args)])
    return result.exit_code, result.stderr


def test_init_writes_a_config_that_loads_with_the_defaults(tmp_path: Path) -> None:
    folder = tmp_path / "maison"
    code, err = _init(folder)
    assert code == 0
    assert "export-kit.toml" in err and "glossary.csv" in err
    config = load_config(folder / "export-kit.toml")
    assert config.translation.glossary == Path("glossary.csv")
    assert config.resolve(config.translation.glossary) == folder / "glossary.csv"
    written = config.model_dump(exclude={"translation": {"glossary"}})
    assert written == Config().model_dump(exclude={"translation": {"glossary"}})


def test_every_section_is_there_with_a_comment_per_setting(tmp_path: Path) -> None:
    _init(tmp_path)
    text = (tmp_path / "export-kit.toml").read_text(encoding="utf-8")
    for section in (
        "[brand]",
        "[catalogue]",
        "[mapping]",
        "[pricing]",
        "[translation]",
        "[rules]",
        "[platforms.",
    ):
        assert section in text
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if re.match(r"#? ?[a-z_-]+ = ", line):
            assert lines[number - 1].startswith("#"), line
    for name in ("eur_cny", "provider", "sector", "chinese_name", "max_images", "app_key_env"):
        assert f"# {name} = " in text, name


def test_every_commented_setting_is_valid_once_uncommented(tmp_path: Path) -> None:
    _init(tmp_path)
    text = (tmp_path / "export-kit.toml").read_text(encoding="utf-8")
    setting = re.compile(r'^# ((?:\[[\w.-]+\])|(?:"[^"]+"|[a-z_-]+) = .+)$')
    uncommented = "\n".join(
        m.group(1) if (m := setting.match(line)) else line for line in text.splitlines()
    )
    target = tmp_path / "all.toml"
    target.write_text(uncommented, encoding="utf-8")
    config = load_config(target)
    assert config.catalogue.sector == "cosmetics"
    assert config.mapping["Prix public TTC"] == "price"
    assert config.rules["insecure-image-url"] == "off"
    assert config.platforms["tmall-global"].categories["Parfums"] == "50011980"


def test_the_glossary_has_the_translation_header(tmp_path: Path) -> None:
    _init(tmp_path)
    lines = (tmp_path / "glossary.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    assert lines[1] == "term,chinese,kind"
    assert len(lines) == 2


def test_existing_files_are_kept_unless_force(tmp_path: Path) -> None:
    (tmp_path / "export-kit.toml").write_text("[brand]\nname = 'Mine'\n", encoding="utf-8")
    code, err = _init(tmp_path)
    assert code == 3
    assert "--force" in err and "export-kit.toml" in err
    assert (tmp_path / "export-kit.toml").read_text(encoding="utf-8") == "[brand]\nname = 'Mine'\n"
    assert not (tmp_path / "glossary.csv").exists()
    assert _init(tmp_path, "--force")[0] == 0
    assert load_config(tmp_path / "export-kit.toml").brand.name is None


def test_validate_uses_the_config_written_by_init(tmp_path: Path) -> None:
    _init(tmp_path)
    config = tmp_path / "export-kit.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            '# name = "Maison Exemple"', 'name = "Maison Exemple"'
        ),
        encoding="utf-8",
    )
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(
        "Référence;Désignation;Prix TTC;Code SH;Image\n"
        "A-1;Crème;12,50;33049900;https://cdn.example.fr/a.jpg\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(catalogue)])
    assert result.exit_code == 0, result.output
