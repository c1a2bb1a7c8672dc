"""The report as text: an aligned table of findings and a one-line summary."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from export_kit.validate.report import Finding, Report

__all__ = ["format_table", "summary_line"]

_HEADERS = ("Row", "Column", "SKU", "Severity", "Code", "Message")
_MAX_COLUMN = 22
_MAX_SKU = 18
_MIN_MESSAGE = 28


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(report: Report) -> str:
    """``12 rows, 11 products: 3 errors, 2 warnings`` (infos only when there are some)."""
    text = (
        f"{_count(report.rows, 'row')}, {_count(report.products, 'product')}: "
        f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
    )
    if report.infos:
        text += f", {_count(report.infos, 'info')}"
    return text


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cells(finding: Finding, column_width: int, sku_width: int) -> tuple[str, ...]:
    return (
        "-" if finding.row is None else str(finding.row),
        _clip(finding.column or "-", column_width),
        _clip(finding.sku or "-", sku_width),
        finding.severity,
        finding.code,
    )


def format_table(report: Report, *, width: int = 100, header: bool = True) -> str:
    """The findings in reading order, one per line, messages wrapped to ``width``.

    Args:
        header: print the column titles and their underline (``-q`` leaves them out).
    """
    findings = report.sorted_findings()
    if not findings:
        return ""
    column_width, sku_width = _MAX_COLUMN, _MAX_SKU
    while True:
        rows = [_cells(f, column_width, sku_width) for f in findings]
        widths = [max(len(_HEADERS[i]), *(len(cells[i]) for cells in rows)) for i in range(5)]
        indent = sum(widths) + 2 * 5
        # narrow terminal: clip the column and SKU cells before squeezing the message
        if indent + _MIN_MESSAGE <= width or (column_width, sku_width) == (8, 8):
            break
        column_width, sku_width = max(8, widths[1] - 4), max(8, widths[2] - 2)
    message_width = max(_MIN_MESSAGE, width - indent)
    lines: list[str] = []
    if header:
        lines.append(_line(_HEADERS[:5], widths, _HEADERS[5]))
        lines.append(_line(tuple("-" * w for w in widths), widths, "-" * min(message_width, 40)))
    for cells, finding in zip(rows, findings, strict=True):
        wrapped = textwrap.wrap(
            finding.message, message_width, break_long_words=False, break_on_hyphens=False
        ) or [""]
        lines.append(_line(cells, widths, wrapped[0]))
        lines.extend(" " * indent + more for more in wrapped[1:])
    return "\n".join(lines)


def _line(cells: tuple[str, ...], widths: list[int], message: str) -> str:
    row = cells[0].rjust(widths[0])
    rest = "  ".join(cell.ljust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))
    return f"{row}  {rest}  {message}".rstrip()
