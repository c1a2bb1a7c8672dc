"""``manifest.json`` and the other JSON files of a rendered folder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from export_kit import __version__
from export_kit.fileio import atomic_writer
from export_kit.pricing.rates import Rate
from export_kit.render.jsontext import compact_encoder
from export_kit.render.output import WrittenFile
from export_kit.validate.report import Finding, Report, report_order

__all__ = [
    "MANIFEST_NAME",
    "REPORT_NAME",
    "EncodedFindings",
    "build_manifest",
    "encode_findings",
    "quality_summary",
    "rate_dict",
    "write_json",
    "write_report",
]

MANIFEST_NAME = "manifest.json"
REPORT_NAME = "report.json"


def rate_dict(rate: Rate) -> dict[str, str | None]:
    """The rate as the manifest and reports print it: a decimal string, an ISO date."""
    return rate.to_dict()


def build_manifest(
    *,
    source: str,
    platform: str,
    rate: Rate,
    products: int,
    exported: int,
    excluded: Sequence[dict[str, Any]],
    feed: WrittenFile,
    out: Path,
    generated_at: dt.datetime,
    quality: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The manifest of a rendered folder.

    ``feed.path`` is written relative to ``out`` (the feed file name); counts are integers;
    ``excluded`` lists ``{"sku": outer id, "codes": [...]}`` of every product left out;
    ``quality`` gives the listing quality scores: their average (one decimal), the
    lowest, and each product's score by outer id.
    """
    manifest: dict[str, Any] = {
        "source": source,
        "platform": platform,
        "generated_at": generated_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "export_kit_version": __version__,
        "rate": rate_dict(rate),
        "products": int(products),
        "exported": int(exported),
        "excluded": [{"sku": e["sku"], "codes": list(e["codes"])} for e in excluded],
        "feed": {
            "path": Path(feed.path).resolve().relative_to(Path(out).resolve()).as_posix(),
            "sha256": feed.sha256,
            "bytes": int(feed.bytes),
        },
    }
    manifest["quality"] = quality_summary(quality)
    return manifest


def quality_summary(quality: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``{"average", "lowest", "scores": {outer id: score}}`` of the products' scores."""
    scores = [int(entry["score"]) for entry in quality]
    average = (
        str((Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP))
        if scores
        else None
    )
    return {
        "average": average,
        "lowest": min(scores) if scores else None,
        "scores": {str(entry["sku"]): int(entry["score"]) for entry in quality},
    }


def write_json(path: Path, data: Any) -> None:
    """Write a JSON document atomically (UTF-8, Chinese readable, indented)."""
    text = indented_json(data)
    with atomic_writer(path) as handle:
        handle.write(text)
        handle.write("\n")


def indented_json(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, the text exactly.

    A manifest's ``excluded`` list (tens of thousands of ``{"sku", "codes"}`` entries in a
    big catalogue) is laid out here: ``json`` indents through its pure-Python encoder, a
    tenth of a second per 20,000 entries.
    """
    excluded = data.get("excluded") if isinstance(data, dict) else None
    if not isinstance(excluded, list) or not excluded or not _plain_excluded(excluded):
        return json.dumps(data, ensure_ascii=False, indent=2)
    text = json.dumps({**data, "excluded": _PLACEHOLDER}, ensure_ascii=False, indent=2)
    marker = json.dumps(_PLACEHOLDER)
    if text.count(marker) != 1:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace(marker, _excluded_text(excluded))


#: stands for the excluded list while the rest is encoded (no file name holds a NUL)
_PLACEHOLDER = "\x00excluded\x00"
_STRING = json.encoder.encode_basestring  # ensure_ascii=False, as json.dumps above


def _plain_excluded(entries: list[Any]) -> bool:
    return all(
        entry.__class__ is dict
        and len(entry) == 2
        and entry.get("sku").__class__ is str
        and entry.get("codes").__class__ is list
        and list(entry) == ["sku", "codes"]
        and all(code.__class__ is str for code in entry["codes"])
        for entry in entries
    )


def _excluded_text(entries: list[dict[str, Any]]) -> str:
    """The excluded list as ``indent=2`` writes it one level down (under the root)."""
    items = []
    for entry in entries:
        codes = entry["codes"]
        codes_text = (
            "[\n" + ",\n".join(f"        {_STRING(c)}" for c in codes) + "\n      ]"
            if codes
            else "[]"
        )
        items.append(
            f'    {{\n      "sku": {_STRING(entry["sku"])},\n      "codes": {codes_text}\n    }}'
        )
    return "[\n" + ",\n".join(items) + "\n  ]"


@dataclass(frozen=True)
class EncodedFindings:
    """A run of findings in report order, already encoded as ``report.json`` lines.

    A process of a parallel run encodes its own findings (:func:`encode_findings`), so
    the process writing the report only joins the runs (:func:`write_report`).
    """

    #: how many findings, and the report-order keys of the first and the last
    count: int
    first: tuple[int, str, str] | None
    last: tuple[int, str, str] | None
    #: the findings' lines, joined as the report joins them
    text: str


def encode_findings(findings: Sequence[Finding]) -> EncodedFindings:
    """``findings`` sorted as the report sorts them and encoded as its lines."""
    ordered = sorted(findings, key=report_order)
    encode = _ENCODER
    return EncodedFindings(
        count=len(ordered),
        first=report_order(ordered[0]) if ordered else None,
        last=report_order(ordered[-1]) if ordered else None,
        text=_SEPARATOR.join([encode(finding.to_dict()) for finding in ordered]),
    )


def write_report(
    path: Path,
    report: Report,
    *,
    leading: int = 0,
    encoded: Sequence[EncodedFindings] = (),
) -> None:
    """Write ``report.json`` (:meth:`Report.to_dict`), one finding per line, streamed.

    The same document as ``Report.to_json()``, without building it whole in memory: a
    100,000-row catalogue can carry hundreds of thousands of findings.

    ``encoded``: the findings after the first ``leading`` of ``report.findings``, in runs
    already encoded (in order); used when joining them gives the report's order, which
    is checked from the runs' first and last keys. Otherwise every finding is encoded here.
    """
    head = report.to_dict() if not report.findings else None
    with atomic_writer(path) as handle:
        if head is not None:
            json.dump(head, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            return
        summary = {
            "rows": report.rows,
            "products": report.products,
            "errors": report.errors,
            "warnings": report.warnings,
            "infos": report.infos,
        }
        handle.write("{\n")
        handle.write(f'  "source": {_dumps(report.source)},\n')
        handle.write(f'  "platform": {_dumps(report.platform)},\n')
        handle.write(f'  "summary": {_dumps(summary)},\n')
        handle.write('  "findings": [\n    ')
        runs = _joinable(report, leading, encoded) if encoded else None
        if runs is not None:
            separator = ""
            for run in runs:
                if run.count:
                    handle.write(separator)
                    handle.write(run.text)
                    separator = _SEPARATOR
        else:
            encode = _ENCODER
            lines = (encode(finding.to_dict()) for finding in report.sorted_findings())
            separator = ""
            while block := list(islice(lines, _BLOCK)):
                handle.write(separator)
                handle.write(_SEPARATOR.join(block))
                separator = _SEPARATOR
        quality = report.quality
        if quality is None:
            handle.write("\n  ]\n}\n")
            return
        handle.write('\n  ],\n  "quality": [')
        separator = "\n    "
        for start in range(0, len(quality), _BLOCK):
            entries = quality[start : start + _BLOCK]
            handle.write(separator)
            handle.write(_SEPARATOR.join([_ENCODER(entry) for entry in entries]))
            separator = _SEPARATOR
        handle.write("\n  ]\n}\n" if quality else "]\n}\n")


def _joinable(
    report: Report, leading: int, encoded: Sequence[EncodedFindings]
) -> list[EncodedFindings] | None:
    """The runs to join, the leading findings first, when that is the report's order:
    sorting each run stably and joining them gives what one stable sort of all gives
    when no run starts before the one ahead of it ends. None otherwise."""
    if leading + sum(run.count for run in encoded) != len(report.findings):
        return None  # findings were added after the runs were encoded
    runs = [encode_findings(report.findings[:leading]), *encoded]
    last: tuple[int, str, str] | None = None
    for run in runs:
        if run.first is None or run.last is None:
            continue
        if last is not None and run.first < last:
            return None
        last = run.last
    return runs


#: one encoder for every finding (``json.dumps`` with options builds one per call)
_ENCODER = compact_encoder()
#: findings joined and written at a time
_BLOCK = 4096
#: between two findings of the report's list
_SEPARATOR = ",\n    "


def _dumps(value: Any) -> str:
    return _ENCODER(value)
