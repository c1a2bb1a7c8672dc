"""The glossary (terms and do-not-translate terms) and the brand registry.

Glossary file (``[translation] glossary``, path relative to the config): CSV or TSV with
the header ``term,chinese,kind``; ``kind`` is ``translate`` (default) or ``keep`` (a term
kept as written, e.g. a product line name); lines starting with ``#`` are comments. Terms
match whole texts and, inside sentences sent to a provider, whole words (case and accents
ignored).

Brand registry, first hit wins: ``[brand] name``/``chinese_name`` of the config, the
``[translation] brands`` file (``brand,chinese``), a glossary ``translate`` row for the
brand, then the names built into export-kit (``data/brands-fr-zh.tsv``, confirmed
names only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from export_kit.config import Config
from export_kit.errors import ConfigError
from export_kit.translate.normalise import fold

__all__ = ["BrandRegistry", "Glossary", "load_brands", "load_glossary", "read_data_lines"]

_BUILTIN_FIELDS = frozenset({"colour", "size"})


def read_data_lines(name: str) -> list[str]:
    """Lines of a file in ``export_kit/data`` without ``#`` comments and blank lines."""
    text = resources.files("export_kit").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _table(
    text: str, path: Path | None, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV/TSV text (comment lines skipped) as (line number, row) pairs."""
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        return
    header_line = lines[0][1]
    delimiter = (
        "\t"
        if "\t" in header_line or (path is not None and path.suffix == ".tsv")
        else ("," if "," in header_line else ";" if ";" in header_line else ",")
    )
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    missing = [name for name in required if name not in header]
    if missing:
        where = path if path is not None else "built-in table"
        raise ConfigError(
            f"{where}: the header must hold the columns {', '.join(required)} "
            f"(found {', '.join(header) or 'nothing'}). Fix the first line of the file."
        )
    for (number, _), cells in zip(lines[1:], reader, strict=False):
        yield (
            number,
            {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)},
        )


def _read_user_file(path: Path, setting: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: file not found (set in {setting} of the config). "
            "Create it or fix the path (relative to the config file)."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc}). Save it as UTF-8 text.") from None


class Glossary:
    """Term → Chinese and do-not-translate terms, matched without case or accents."""

    def __init__(
        self,
        terms: Iterable[tuple[str, str]] = (),
        keep: Iterable[str] = (),
        builtin: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.terms: dict[str, tuple[str, str]] = {}
        for term, chinese in terms:
            self.terms.setdefault(fold(term), (term, chinese))
        self.keep: dict[str, str] = {}
        for term in keep:
            self.keep.setdefault(fold(term), term)
        self._builtin: dict[str, str] = {}
        for term, chinese in builtin:
            self._builtin.setdefault(fold(term), chinese)

    def lookup(self, text: str, field: str | None = None) -> str | None:
        """The Chinese of a whole text: its glossary term, a keep term as is, else None.

        The built-in colour and size words apply to the ``colour`` and ``size`` fields only.
        """
        key = fold(text)
        if key in self.terms:
            return self.terms[key][1]
        if key in self.keep:
            return text.strip()
        if field in _BUILTIN_FIELDS:
            return self._builtin.get(key)
        return None

    def replacements(self) -> dict[str, str]:
        """French term → Chinese, for placeholders inside sentences."""
        return dict(self.terms.values())

    def keep_terms(self) -> list[str]:
        """The do-not-translate terms, as written in the glossary."""
        return list(self.keep.values())


class BrandRegistry:
    """French brand → registered Chinese name, first source wins (see the module doc)."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        *,
        glossary: Glossary | None = None,
        builtin: Iterable[tuple[str, str]] = (),
    ) -> None:
        self._names: dict[str, tuple[str, str]] = {}
        for brand, chinese in entries:
            if brand.strip() and chinese.strip():
                self._names.setdefault(fold(brand), (brand.strip(), chinese.strip()))
        self._glossary = glossary
        self._builtin: dict[str, tuple[str, str]] = {}
        for brand, chinese in builtin:
            if brand.strip() and chinese.strip():
                self._builtin.setdefault(fold(brand), (brand.strip(), chinese.strip()))

    def chinese(self, brand: str | None) -> str | None:
        """The Chinese name of a brand (any case or accents), or None."""
        if not brand or not brand.strip():
            return None
        key = fold(brand)
        if key in self._names:
            return self._names[key][1]
        if self._glossary is not None and key in self._glossary.terms:
            return self._glossary.terms[key][1]
        hit = self._builtin.get(key)
        return hit[1] if hit else None

    def names(self) -> list[str]:
        """Every registered brand (config, brands file, built-in), as written there."""
        return [brand for brand, _ in (*self._names.values(), *self._builtin.values())]


def load_glossary(config: Config) -> Glossary:
    """The configured glossary, ``[translation] do_not_translate`` and the built-in words."""
    terms: list[tuple[str, str]] = []
    keep: list[str] = list(config.translation.do_not_translate)
    path = config.resolve(config.translation.glossary)
    if path is not None:
        for number, row in _table(
            _read_user_file(path, "[translation] glossary"), path, ("term", "chinese")
        ):
            term, chinese = row.get("term", ""), row.get("chinese", "")
            kind = (row.get("kind") or "translate").lower()
            if not term:
                continue
            if kind == "keep":
                keep.append(term)
            elif kind == "translate":
                if not chinese:
                    raise ConfigError(
                        f"{path} line {number}: '{term}' has no Chinese. Fill the chinese "
                        "column, or set kind to keep to leave the term untranslated."
                    )
                terms.append((term, chinese))
            else:
                raise ConfigError(
                    f"{path} line {number}: kind '{kind}' is not translate or keep. Fix the cell."
                )
    builtin = [
        (row["term"], row["chinese"])
        for _, row in _table(
            "\n".join(read_data_lines("terms-fr-zh.tsv")), None, ("term", "chinese")
        )
    ]
    return Glossary(terms, keep, builtin)


def load_brands(config: Config, glossary: Glossary | None = None) -> BrandRegistry:
    """The brand registry: config ``[brand]``, brands file, glossary, built-in names."""
    entries: list[tuple[str, str]] = []
    if config.brand.name and config.brand.name_zh:
        entries.append((config.brand.name, config.brand.name_zh))
    path = config.resolve(config.translation.brands)
    if path is not None:
        for _, row in _table(
            _read_user_file(path, "[translation] brands"), path, ("brand", "chinese")
        ):
            entries.append((row.get("brand", ""), row.get("chinese", "")))
    builtin = "\n".join(read_data_lines("brands-fr-zh.tsv"))
    return BrandRegistry(
        entries,
        glossary=glossary,
        builtin=[
            (row["brand"], row["chinese"]) for _, row in _table(builtin, None, ("brand", "chinese"))
        ],
    )
