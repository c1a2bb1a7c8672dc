"""``preview.html``: every listing as a shopper would see it, and what was kept out.

The pipeline makes one pass over the products and writes the feed as it goes; the preview
needs the same listings, plus totals known only at the end. The listings are spooled to a
temporary file during the pass (constant memory) and read back to render the preview.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from jinja2 import Environment

from export_kit.render.output import WrittenFile, render_to_file
from export_kit.validate.report import Finding

__all__ = ["PREVIEW_LIMIT", "PREVIEW_NAME", "PREVIEW_TEMPLATE", "PreviewSpool", "finding_dict"]

PREVIEW_NAME = "preview.html"
PREVIEW_TEMPLATE = "preview.html.j2"
#: cards shown per section by default: a page of 100,000 cards helps no one and costs
#: more time than the feed itself (``--preview-limit 0`` shows them all)
PREVIEW_LIMIT = 1000


_ORDER = {"error": 0, "warning": 1, "info": 2}


def _by_severity(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    ordered = sorted(findings, key=lambda f: _ORDER.get(f.severity, 3))
    return [finding_dict(f) for f in ordered]


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The parts of a finding a card shows."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "row": finding.row,
        "column": finding.column,
        "sku": finding.sku,
    }


@dataclass
class SpoolRecords:
    """A spool's kept cards and left-out products, and how many there were in all."""

    cards: list[dict[str, Any]]
    excluded: list[dict[str, Any]]
    cards_total: int
    excluded_total: int


class PreviewSpool:
    """Listings and left-out products kept on disk until the preview is rendered.

    ``limit`` caps the cards kept per section (``None``: all); the others are counted.
    ``kept_before``: the cards and left-out products kept of the products before this
    spool's (another process's share of the catalogue): this one keeps only the rest.
    """

    def __init__(
        self, limit: int | None = PREVIEW_LIMIT, *, kept_before: tuple[int, int] = (0, 0)
    ) -> None:
        self.limit = limit
        self._room = (
            (None, None)
            if limit is None
            else (max(0, limit - kept_before[0]), max(0, limit - kept_before[1]))
        )
        # closed by close() / __exit__: the spool lives as long as the pipeline's pass
        self._cards: IO[bytes] = tempfile.TemporaryFile(prefix="export-kit-cards-")  # noqa: SIM115
        self._excluded: IO[bytes] = tempfile.TemporaryFile(prefix="export-kit-excluded-")  # noqa: SIM115
        self.cards = 0
        self.excluded = 0
        self.cards_total = 0
        self.excluded_total = 0

    def add_card(
        self,
        listing: dict[str, Any],
        findings: Iterable[Finding],
        quality: dict[str, Any] | None = None,
    ) -> None:
        """Keep an exported product's listing, its (non-error) findings and its listing
        quality score (``{"score", "lost"}``)."""
        self.cards_total += 1
        room = self._room[0]
        if room is not None and self.cards >= room:
            return
        pickle.dump(
            {"listing": listing, "findings": _by_severity(findings), "quality": quality},
            self._cards,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        self.cards += 1

    def add_excluded(
        self,
        outer_id: str,
        *,
        title: str | None,
        title_fr: str | None,
        image: str | None,
        codes: list[str],
        findings: Iterable[Finding],
        quality: dict[str, Any] | None = None,
    ) -> None:
        """Keep a product left out of the feed, with the reasons and its quality score."""
        self.excluded_total += 1
        room = self._room[1]
        if room is not None and self.excluded >= room:
            return
        pickle.dump(
            {
                "outer_id": outer_id,
                "title": title,
                "title_fr": title_fr,
                "image": image,
                "codes": codes,
                "findings": _by_severity(findings),
                "quality": quality,
            },
            self._excluded,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        self.excluded += 1

    def records(self) -> SpoolRecords:
        """What this spool holds, to be absorbed by another (a worker process's share)."""
        return SpoolRecords(
            cards=list(_read_back(self._cards)),
            excluded=list(_read_back(self._excluded)),
            cards_total=self.cards_total,
            excluded_total=self.excluded_total,
        )

    def absorb(self, records: SpoolRecords) -> None:
        """Add another spool's cards after this one's, within this spool's limit."""
        for handle, kept, name in (
            (self._cards, records.cards, "cards"),
            (self._excluded, records.excluded, "excluded"),
        ):
            handle.seek(0, 2)
            for record in kept:
                if self.limit is not None and getattr(self, name) >= self.limit:
                    break
                pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
                setattr(self, name, getattr(self, name) + 1)
        self.cards_total += records.cards_total
        self.excluded_total += records.excluded_total

    def render(
        self, environment: Environment, target: Path, context: dict[str, Any]
    ) -> WrittenFile:
        """Render ``preview.html.j2`` into ``target`` with ``cards`` and ``excluded`` streamed."""
        return render_to_file(
            environment,
            PREVIEW_TEMPLATE,
            {
                **context,
                "cards": _read_back(self._cards),
                "excluded": _read_back(self._excluded),
                "card_count": self.cards,
                "excluded_count": self.excluded,
                "cards_total": self.cards_total,
                "excluded_total": self.excluded_total,
            },
            target,
        )

    def close(self) -> None:
        """Delete the temporary files."""
        self._cards.close()
        self._excluded.close()

    def __enter__(self) -> PreviewSpool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _read_back(handle: IO[bytes]) -> Iterator[dict[str, Any]]:
    handle.seek(0)
    while True:
        try:
            record: dict[str, Any] = pickle.load(handle)  # our own spool file, never a user's
        except EOFError:
            return
        yield record
