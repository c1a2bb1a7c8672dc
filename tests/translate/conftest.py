"""Fixtures for the translation tests: a LibreTranslate-compatible server, catalogues."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from export_kit.catalogue.base import Catalogue, product_key
from export_kit.config import Config, TranslationConfig
from export_kit.model import Sku
from export_kit.translate.stub import LibreStub

CatalogueFactory = Callable[..., Catalogue]


@pytest.fixture
def libre(monkeypatch: pytest.MonkeyPatch) -> Iterator[LibreStub]:
    """A LibreTranslate-compatible server on 127.0.0.1; EXPORT_KIT_LIBRE_URL points at it."""
    with LibreStub() as stub:
        monkeypatch.setenv("EXPORT_KIT_LIBRE_URL", stub.url)
        monkeypatch.delenv("EXPORT_KIT_LIBRE_API_KEY", raising=False)
        yield stub


@pytest.fixture
def fast_config() -> Config:
    """Small timeouts and retries so failure tests take about a second."""
    return Config(translation=TranslationConfig(timeout=0.5, retries=1, concurrency=2))


def build_catalogue(skus: Sequence[Sku], path: Path, **kwargs: Any) -> Catalogue:
    """A Catalogue over ready-made rows (the way a reader builds one)."""
    rows = list(skus)
    return Catalogue(
        path=path,
        source_kind="generic",
        sheet=None,
        header_row=1,
        headers=list(kwargs.pop("headers", [])),
        mapping=dict(kwargs.pop("mapping", {})),
        skus_factory=lambda: iter(rows),
        raw_factory=lambda: iter(()),
        keys_factory=lambda: (product_key(s) for s in rows),
        **kwargs,
    )


@pytest.fixture
def make_catalogue(tmp_path: Path) -> CatalogueFactory:
    """``make_catalogue(skus, name="cat.csv")``: a catalogue at tmp_path/name."""

    def make(skus: Sequence[Sku], name: str = "cat.csv") -> Catalogue:
        path = tmp_path / name
        path.touch()
        return build_catalogue(skus, path)

    return make
