"""The legal basis of each China-law finding code, as ``data/legal-bases.toml`` records it.

The compliance pack cites, for every finding of these codes, the provision and where it was
read; nothing is cited that the data file does not hold.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "LegalBasis",
    "ReferenceData",
    "legal_basis",
    "legal_codes",
    "reference_data",
    "tax_basis",
]

_FILE = "legal-bases.toml"


@dataclass(frozen=True)
class LegalBasis:
    """A provision, what it says in one line, the word lists it is checked with, sources."""

    code: str
    basis: str
    summary: str
    lists: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str

    def to_dict(self) -> dict[str, Any]:
        """The basis as the pack's records hold it."""
        return {
            "basis": self.basis,
            "summary": self.summary,
            "lists": list(self.lists),
            "sources": list(self.sources),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class ReferenceData:
    """The version and date of the reference data, and a digest of its files."""

    version: str
    date: str
    sha256: str


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("export_kit").joinpath("data", _FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=256)
def legal_basis(code: str, sector: str | None = None) -> LegalBasis | None:
    """The basis of ``code`` for a product of ``sector``; ``None``: not a China-law code."""
    entry = _data()["codes"].get(code)
    if entry is None:
        return None
    override = entry.get("sectors", {}).get(sector or "", {})
    return LegalBasis(
        code=code,
        basis=override.get("basis", entry["basis"]),
        summary=override.get("summary", entry["summary"]),
        lists=tuple(entry.get("lists", ())),
        sources=tuple(override.get("sources", entry["sources"])),
        confidence=override.get("confidence", entry.get("confidence", "single-source")),
    )


def legal_codes() -> tuple[str, ...]:
    """Every code the data file gives a basis for."""
    return tuple(_data()["codes"])


def tax_basis() -> dict[str, Any]:
    """The CBEC tax's basis, formula and sources (``[tax]`` of the data file)."""
    return dict(_data()["tax"])


@functools.cache
def reference_data() -> ReferenceData:
    """The reference data's version and date, and the sha256 of all its files together."""
    folder = resources.files("export_kit").joinpath("data")
    digest = hashlib.sha256()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith((".txt", ".toml", ".tsv")):
            digest.update(entry.name.encode("utf-8") + b"\0")
            digest.update(entry.read_bytes())
    head = _data()["reference"]
    return ReferenceData(str(head["version"]), str(head["date"]), digest.hexdigest())
