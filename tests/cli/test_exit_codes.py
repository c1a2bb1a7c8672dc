"""Exit codes (README, "Exit codes"), each at least once: 0, 1, 2, 3, 70; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from export_kit.cli import cli
from export_kit.cli.commands import validate as validate_command

CLEAN = (
    "Référence;Désignation;Marque;Prix TTC;Code SH;Image\n"
    "A-1;Crème;Maison;12,50;33049900;https://cdn.example.fr/a.jpg\n"
)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.csv"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def _run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_0_for_a_clean_catalogue(clean: Path) -> None:
    code, out, err = _run("validate", clean)
    assert code == 0
    # no finding: only the next step
    assert out.strip().startswith("Next: check a platform's rules: export-kit validate")
    assert err.strip() == "1 row, 1 product: 0 errors, 0 warnings"


def test_1_when_the_catalogue_has_errors(clean: Path) -> None:
    clean.write_text(CLEAN.replace("12,50", "0"), encoding="utf-8")
    assert _run("validate", clean)[0] == 1


def test_2_for_a_usage_error(clean: Path) -> None:
    code, _, err = _run("validate", clean, "--format", "yaml")
    assert code == 2
    assert "--format" in err
    assert _run("validate")[0] == 2


def test_3_for_a_missing_file(tmp_path: Path) -> None:
    code, out, err = _run("validate", tmp_path / "missing.csv")
    assert code == 3
    assert out == ""
    assert err.startswith("Error: ") and "missing.csv" in err
    assert len(err.strip().splitlines()) == 1


def test_3_for_a_bad_config(clean: Path) -> None:
    (clean.parent / "export-kit.toml").write_text('[rules]\nmissing-image = "loud"\n')
    code, _, err = _run("validate", clean)
    assert code == 3
    assert "export-kit.toml" in err and "missing-image" in err


def test_3_for_an_unknown_config_key(clean: Path) -> None:
    config = clean.parent / "custom.toml"
    config.write_text("[brand]\nnmae = 'Maison'\n")
    code, _, err = _run("validate", clean, "--config", config)
    assert code == 3
    assert "unknown key 'brand.nmae'" in err
    code, out, _ = _run("validate", clean, "--config", config, "--format", "json")
    assert code == 3
    finding = json.loads(out)["findings"][0]
    assert finding["code"] == "unreadable-file" and "brand.nmae" in finding["message"]


def test_70_for_a_bug_asks_for_debug_without_a_traceback(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(validate_command, "validate_catalogue", broken)
    code, out, err = _run("validate", clean)
    assert code == 70
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "something inside broke" in lines[0] and "--debug" in lines[0]


def test_3_for_a_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    # click's own check made this a usage error (2) for some commands
    folder = tmp_path / "catalogue.csv"
    folder.mkdir()
    for args in (
        ("validate", folder),
        ("run", folder, "--platform", "jd-worldwide", "--out", tmp_path / "out"),
        ("price", folder, "--rate", "7.8"),
        ("memory", "import", folder),
    ):
        code, _, err = _run(*args)
        assert code == 3, (args, err)
        assert len(err.strip().splitlines()) == 1 and "is a folder" in err


def test_3_for_an_output_onto_an_input(clean: Path) -> None:
    before = clean.read_bytes()
    link = clean.with_name("fix.csv")
    link.symlink_to(clean)
    code, _, err = _run("validate", clean, "--invalid-rows", link)
    assert code == 3 and "is the catalogue" in err
    assert clean.read_bytes() == before
