"""``translate_catalogue``: fill the memory for every text of a catalogue, write the review.

1. Read the rows once: collect the distinct French texts of the text fields, the
   catalogue's brands and SKUs (protected from the provider), and the human Chinese of
   ``name_zh``/``description_zh`` (stored in the memory as human for that row's French).
2. Look every distinct text up offline (:class:`ChineseTexts`); cut what is missing
   into units, and send each distinct unit that needs one to the provider, once, with
   placeholders. Results are stored in the memory as they arrive, as ``machine:NAME``.
3. Write the review workbook: one row per row and text field (a second pass).

Counts are over distinct texts: ``from_memory + from_glossary + machine + missing ==
distinct``; ``texts`` counts every non-empty text field of every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from export_kit.catalogue.base import Catalogue
from export_kit.config import Config
from export_kit.errors import TranslationError
from export_kit.model import TEXT_FIELDS
from export_kit.translate.checking import CHECKS, TextChecker, reasons_text
from export_kit.translate.engine import run_provider
from export_kit.translate.exchange import write_review_rows
from export_kit.translate.normalise import normalise
from export_kit.translate.placeholders import Protected
from export_kit.translate.providers import Provider, get_provider
from export_kit.translate.segments import segment
from export_kit.translate.texts import ChineseTexts, Resolution

__all__ = ["ProviderDownError", "TranslationSummary", "review_rows", "translate_catalogue"]

_FLUSH_EVERY = 50
_PROBLEMS_KEPT = 20


class ProviderDownError(TranslationError):
    """The provider stayed down; ``summary`` counts what the memory holds now."""

    def __init__(self, message: str, summary: TranslationSummary) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass
class TranslationSummary:
    """What a translation run did (the JSON of ``translate --format json``)."""

    texts: int = 0
    distinct: int = 0
    from_memory: int = 0
    from_glossary: int = 0
    machine: int = 0
    missing: int = 0
    provider: str = "none"
    #: provider calls made, retries included
    requests: int = 0
    review: Path | None = None
    #: why some texts stayed missing (first few): "text: reason"
    problems: list[str] = field(default_factory=list)
    #: provider results checked against their French during this run, and passed
    checked: int = 0
    passed: int = 0
    #: check code → results that failed it (a result may fail several)
    failed: dict[str, int] = field(default_factory=dict)
    #: distinct texts of the catalogue whose Chinese needs review (a failed check)
    needs_review: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON document: counts only."""
        return {
            "texts": self.texts,
            "distinct": self.distinct,
            "from_memory": self.from_memory,
            "from_glossary": self.from_glossary,
            "machine": self.machine,
            "missing": self.missing,
            "checks": {
                "checked": self.checked,
                "passed": self.passed,
                "failed": {code: self.failed.get(code, 0) for code in CHECKS},
                "needs_review": self.needs_review,
            },
        }


def translate_catalogue(
    catalogue: Catalogue,
    config: Config,
    *,
    provider: str,
    workspace: Path,
    review: Path | None,
) -> TranslationSummary:
    """Translate every text of the catalogue into the memory; write the review workbook.

    Raises:
        UnknownPluginError, ConfigError: unknown provider or missing settings (exit 3).
        TranslationError: the provider stayed down (exit 4), after everything translated
            until then was stored in the memory (a rerun continues from there).
    """
    chosen = get_provider(provider, config)
    summary = TranslationSummary(provider=provider)
    with ChineseTexts.open(workspace, config, catalogue) as texts:
        distinct, brands, skus = _collect(catalogue, texts, summary)
        summary.distinct = len(distinct)
        texts.clear_cache()
        protector = texts.protector([*brands, *skus])

        pending: dict[str, tuple[str, Protected]] = {}
        local: dict[str, tuple[str, str]] = {}
        for value, text_field in distinct.values():
            if texts.resolve(value, text_field).chinese is not None:
                continue
            kind = _kind(text_field)
            segmented = segment(value, kind)
            entries = texts.memory.get_many(u.text for u in segmented.units)
            for unit in segmented.units:
                if unit.key in pending or unit.key in local:
                    continue
                if texts.whole(unit.text, kind, entries.get(unit.key)) is not None:
                    continue
                protected = protector.protect(unit.text)
                if not protected.needs_translation:
                    restored = protected.restore(protected.text)
                    if restored is not None:
                        local[unit.key] = (unit.text, restored)
                    continue
                pending[unit.key] = (unit.text, protected)
        texts.memory.add_machine_many(local.values(), provider, origin="glossary")

        translated_now: set[str] = set()
        failure: TranslationError | None = None
        if chosen is not None and pending:
            try:
                _translate_pending(
                    pending, chosen, texts, summary, translated_now, texts.checker(brands)
                )
            except TranslationError as exc:
                failure = exc
        elif pending:
            summary.problems.extend(
                f"{normalise(text)[:60]}: no provider (--provider none)"
                for text, _ in list(pending.values())[:_PROBLEMS_KEPT]
            )
        texts.clear_cache()

        flagged = texts.needs_review
        for key, (value, text_field) in distinct.items():
            result = texts.resolve(value, text_field)
            _count(summary, result, value, text_field, translated_now)
            if (
                flagged
                and result.chinese is not None
                and not result.approved
                and (
                    key in flagged
                    or any(u.key in flagged for u in segment(value, _kind(text_field)).units)
                )
            ):
                summary.needs_review += 1
        if failure is not None:
            raise ProviderDownError(str(failure), summary) from None

        if review is not None:
            write_review_rows(review, review_rows(catalogue, texts))
            summary.review = review
    return summary


def _kind(text_field: str) -> str | None:
    return text_field if text_field in ("category", "colour", "size") else None


def _collect(
    catalogue: Catalogue,
    texts: ChineseTexts,
    summary: TranslationSummary,
) -> tuple[dict[str, tuple[str, str]], set[str], set[str]]:
    distinct: dict[str, tuple[str, str]] = {}
    brands: set[str] = set()
    skus: set[str] = set()
    human: dict[str, tuple[str, str]] = {}
    for sku in catalogue.iter_skus():
        if sku.brand:
            brands.add(sku.brand)
        if sku.sku and any(ch.isdigit() for ch in sku.sku):
            skus.add(sku.sku)  # a SKU without digits could be a plain word: not protected
        for text_field in TEXT_FIELDS:
            value = getattr(sku, text_field, None)
            if not isinstance(value, str) or not value.strip():
                continue
            summary.texts += 1
            key = normalise(value)
            distinct.setdefault(key, (value, text_field))
            chinese = (
                sku.name_zh
                if text_field == "name"
                else (sku.description_zh if text_field == "description" else None)
            )
            if chinese and chinese.strip():
                human.setdefault(key, (value, chinese))
        if len(human) >= 1000:
            texts.memory.add_human_many(human.values())
            human.clear()
    texts.memory.add_human_many(human.values())
    return distinct, brands, skus


def _translate_pending(
    pending: dict[str, tuple[str, Protected]],
    chosen: Provider,
    texts: ChineseTexts,
    summary: TranslationSummary,
    translated_now: set[str],
    checker: TextChecker,
) -> None:
    # units that differ only in protected pieces ("Crème 30 ml", "Crème 50 ml") make one
    # provider text ("Crème ⟦0⟧"): it is sent once and restored for each of them
    groups: dict[str, list[str]] = {}
    for key, (_, protected) in pending.items():
        groups.setdefault(protected.text, []).append(key)
    sent = list(groups)
    buffer: list[tuple[str, str]] = []
    review: list[tuple[str, str]] = []

    def flush() -> None:
        texts.memory.add_machine_many(buffer, chosen.name)
        texts.memory.mark_needs_review(review)
        buffer.clear()
        review.clear()

    def on_result(index: int, chinese: str | None, problem: str | None) -> None:
        for key in groups[sent[index]]:
            source, protected = pending[key]
            restored = protected.restore(chinese) if chinese is not None else None
            reason = problem
            if chinese is not None and restored is None:
                reason = "the provider damaged a placeholder"
            elif restored is not None and normalise(restored) == normalise(source):
                restored, reason = None, "the provider returned the French unchanged"
                summary.checked += 1  # the untranslated check, failed: rejected outright
                summary.failed["untranslated"] = summary.failed.get("untranslated", 0) + 1
            if restored is None:
                if len(summary.problems) < _PROBLEMS_KEPT:
                    summary.problems.append(f"{normalise(source)[:60]}: {reason}")
                continue
            summary.checked += 1
            failures = checker.check(source, restored)
            if failures:
                # kept, never approved: the review workbook lists it first, with why
                review.append((key, reasons_text(failures)))
                for code in dict.fromkeys(f.code for f in failures):
                    summary.failed[code] = summary.failed.get(code, 0) + 1
            else:
                summary.passed += 1
            buffer.append((source, restored))
            translated_now.add(key)
        if len(buffer) >= _FLUSH_EVERY:
            flush()

    try:
        stats = run_provider(sent, chosen, on_result)
        summary.requests = stats.requests
    finally:
        flush()


def _count(
    summary: TranslationSummary,
    result: Resolution,
    value: str,
    text_field: str,
    translated_now: set[str],
) -> None:
    if result.chinese is None:
        summary.missing += 1
    elif result.origin == "glossary":
        summary.from_glossary += 1
    elif (result.origin or "").startswith("machine") and (
        normalise(value) in translated_now
        or any(u.key in translated_now for u in segment(value, _kind(text_field)).units)
    ):
        summary.machine += 1
    else:
        summary.from_memory += 1


def review_rows(catalogue: Catalogue, texts: ChineseTexts) -> Iterator[tuple[str | None, ...]]:
    """Rows of the review workbook: ``sku, field, french, chinese, origin, status, reason``.

    Texts whose Chinese failed a check come first (status ``needs-review``, the checks
    that failed in ``reason``), then every other text in catalogue order.
    """
    flagged = bool(texts.needs_review)
    for first in (True, False) if flagged else (False,):
        for sku in catalogue.iter_skus():
            for text_field in TEXT_FIELDS:
                value = getattr(sku, text_field, None)
                if not isinstance(value, str) or not value.strip():
                    continue
                result = texts.field_resolution(sku, text_field)
                reasons = (
                    texts.review_reasons(sku, text_field)
                    if flagged and result.chinese is not None and not result.approved
                    else None
                )
                if flagged and (reasons is not None) != first:
                    continue
                yield (
                    sku.sku or f"row {sku.row}",
                    text_field,
                    value,
                    result.chinese or "",
                    result.origin or "",
                    "needs-review" if reasons else result.status,
                    reasons or "",
                )
