"""Shared fixtures: sample paths, the real catalogues of ../shared, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_catalogs"
REAL_CATALOGUES = ROOT.parent / "shared" / "real_catalogues"
DOMAIN = ROOT.parent / "shared" / "domain"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden feed files.")


@pytest.fixture
def runner() -> CliRunner:
    """A Click runner keeping stdout and stderr apart."""
    return CliRunner()


@pytest.fixture
def real_catalogues() -> Path:
    """The real shop exports of ../shared (skips when ../shared is absent)."""
    if not REAL_CATALOGUES.is_dir():
        pytest.skip("../shared/real_catalogues is not present")
    return REAL_CATALOGUES
