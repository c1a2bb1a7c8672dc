"""``export-kit translate``: JSON summary, exit codes, review file, provider failures."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from export_kit.cli import cli
from export_kit.translate.memory import TranslationMemory
from export_kit.translate.stub import LibreStub

CATALOGUE = (
    "Référence;Désignation;Nom chinois;Marque;Prix TTC (€);Couleur;Description\n"
    "S-1;Sérum visage;面部精华;Lancôme;89,00;Rouge;<p>Une crème <b>très douce</b></p>\n"
    "S-2;Crème de nuit Lancôme 50 ml;;Lancôme;45,00;Noir;<p>Une crème <b>très douce</b></p>\n"
    "S-3;Huile corps;;Lancôme;25,00;Vert sapin;\n"
)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "soins.csv"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


@pytest.fixture
def libre(monkeypatch: pytest.MonkeyPatch) -> Iterator[LibreStub]:
    with LibreStub() as stub:
        monkeypatch.setenv("EXPORT_KIT_LIBRE_URL", stub.url)
        yield stub


def run(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--workspace", str(tmp_path / "ws")])


def test_offline_translate_reports_missing_texts_with_exit_1(
    catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path, "translate", str(catalogue), "--format", "json")
    assert result.exit_code == 1, result.stderr
    summary = json.loads(result.stdout)
    assert list(summary) == [
        "texts",
        "distinct",
        "from_memory",
        "from_glossary",
        "machine",
        "missing",
        "checks",
    ]
    # offline: nothing came from a provider, so nothing was checked
    checks = summary.pop("checks")
    assert checks["checked"] == 0 and checks["needs_review"] == 0
    assert all(isinstance(value, int) for value in summary.values())
    # 3 names, 2 descriptions, 3 colours; Rouge and Noir are built-in colour words,
    # "Sérum visage" has its Chinese in the catalogue
    assert summary == {
        "texts": 8,
        "distinct": 7,
        "from_memory": 1,
        "from_glossary": 2,
        "machine": 0,
        "missing": 4,
    }
    review = tmp_path / "soins.review.xlsx"
    assert f"Review workbook: {review}" in result.stderr
    assert "memory import" in result.stderr
    rows = list(openpyxl.load_workbook(review).active.iter_rows(values_only=True))
    assert rows[0] == ("sku", "field", "french", "chinese", "origin", "status", "reason")
    assert ("S-1", "name", "Sérum visage", "面部精华", "human", "approved", None) in rows
    assert len(rows) == 1 + 8


def test_translate_with_libre_then_nothing_is_sent_again(
    catalogue: Path, tmp_path: Path, libre: LibreStub
) -> None:
    review = tmp_path / "out" / "review.xlsx"
    review.parent.mkdir()
    first = run(
        tmp_path,
        "translate",
        str(catalogue),
        "--provider",
        "libre",
        "--format",
        "json",
        "--review",
        str(review),
    )
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["missing"] == 0
    assert review.is_file()
    sent = len(libre.requests)
    assert sent == len(set(libre.requests)) == 5  # 2 names, 2 HTML nodes, "Vert sapin"
    second = run(
        tmp_path,
        "translate",
        str(catalogue),
        "--provider",
        "libre",
        "--format",
        "json",
        "--review",
        str(review),
    )
    assert second.exit_code == 0
    assert json.loads(second.stdout)["machine"] == 0
    assert len(libre.requests) == sent


def test_provider_from_the_config(catalogue: Path, tmp_path: Path, libre: LibreStub) -> None:
    (tmp_path / "export-kit.toml").write_text(
        '[translation]\nprovider = "libre"\n', encoding="utf-8"
    )
    result = run(tmp_path, "translate", str(catalogue), "--review", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert "by libre" in result.stderr
    assert libre.requests


def test_server_error_exits_4_with_one_line_and_keeps_the_results(
    catalogue: Path, tmp_path: Path, libre: LibreStub
) -> None:
    (tmp_path / "export-kit.toml").write_text(
        "[translation]\ntimeout = 0.5\nretries = 1\nconcurrency = 1\n", encoding="utf-8"
    )
    libre.ok_budget = 2
    result = run(
        tmp_path,
        "translate",
        str(catalogue),
        "--provider",
        "libre",
        "--format",
        "json",
        "--review",
        str(tmp_path / "r.xlsx"),
    )
    assert result.exit_code == 4
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "500" in errors[0] and "Traceback" not in result.stderr
    partial = json.loads(result.stdout)
    assert partial["missing"] > 0
    with TranslationMemory.open(tmp_path / "ws") as memory:
        kept = [e.source for e in memory.iter_entries() if e.origin == "machine:libre"]
    assert len(kept) == 2  # the two answers before the failure

    libre.ok_budget = None
    before = list(libre.requests)
    again = run(
        tmp_path,
        "translate",
        str(catalogue),
        "--provider",
        "libre",
        "--format",
        "json",
        "--review",
        str(tmp_path / "r.xlsx"),
    )
    assert again.exit_code == 0
    assert not set(kept) & set(libre.requests[len(before) :]), "a stored text was sent again"


def test_hanging_server_ends_the_run_in_bounded_time(
    catalogue: Path, tmp_path: Path, libre: LibreStub
) -> None:
    (tmp_path / "export-kit.toml").write_text(
        "[translation]\ntimeout = 0.5\nretries = 1\n", encoding="utf-8"
    )
    libre.mode = "hang"
    started = time.monotonic()
    result = run(
        tmp_path,
        "translate",
        str(catalogue),
        "--provider",
        "libre",
        "--review",
        str(tmp_path / "r.xlsx"),
    )
    assert result.exit_code == 4
    assert time.monotonic() - started < 10
    assert "no answer" in result.stderr


def test_configuration_errors_exit_3(
    catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EXPORT_KIT_DEEPL_API_KEY", raising=False)
    missing_key = run(tmp_path, "translate", str(catalogue), "--provider", "deepl")
    assert missing_key.exit_code == 3
    assert "EXPORT_KIT_DEEPL_API_KEY" in missing_key.stderr
    unknown = run(tmp_path, "translate", str(catalogue), "--provider", "babelfish")
    assert unknown.exit_code == 3
    assert "Available:" in unknown.stderr and "libre" in unknown.stderr
    absent = run(tmp_path, "translate", str(tmp_path / "absent.csv"))
    assert absent.exit_code == 3
