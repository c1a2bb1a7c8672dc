"""The report as a person reads it: findings grouped by code, what to do, the next step.

``validate`` and ``run`` print this in text mode: one line per code (severity, count, the
first rows, one line of what to do), the products a platform's feed leaves out, then the
next step for the whole catalogue. ``report.json`` and ``--format json`` keep every
finding; ``validate --details`` prints them one per line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from export_kit.validate.report import Finding, Report

__all__ = ["ADVICE", "CodeGroup", "group_by_code", "next_step", "summary_lines"]

#: what to do about each code, in one line
ADVICE: dict[str, str] = {
    "low-quality": "Add images, a Chinese description, the net content...: the message "
    "names the points lost per criterion (docs/compliance.md).",
    "unreadable-file": "Open the file in Excel or LibreOffice and save it again, or save as CSV.",
    "missing-column": "Map the column with --map 'COLUMN=FIELD' or [mapping] in export-kit.toml.",
    "missing-value": "Fill the empty cells named in each finding.",
    "missing-recommended": "Fill these cells if you can: the platform ranks listings with them.",
    "duplicate-sku": "Give each row its own SKU (the message names the first row that has it).",
    "invalid-number": "Write the number as digits (24,90 or 24.90), without text around it.",
    "formula-without-value": "Open and save the file in Excel or LibreOffice: values get stored.",
    "non-positive-price": "Give a price above zero.",
    "invalid-ean": "Check the barcode digits (13 for EAN-13); format the column as text in Excel.",
    "invalid-hs-code": "Write the customs code with 6 to 10 digits (e.g. 33049900).",
    "missing-hs-code": "Add the customs code (Code SH) of each product: China's customs need it.",
    "missing-image": "Add at least one image URL per product.",
    "invalid-image-url": "Give absolute image URLs (https://...).",
    "insecure-image-url": "Serve the images over https://.",
    "superlative-claim": "Reword: superlatives become banned words in Chinese advertising.",
    "medical-claim": "Remove medical claims: Chinese law forbids them outside medicines.",
    "special-cosmetic-claim": "Remove the claim, or register the product as a special cosmetic.",
    "banned-term": "Reword the Chinese text without the absolute term.",
    "overbroad-term": "Review the Chinese term: some lists ban it.",
    "missing-translation": (
        "Get the Chinese: export-kit translate CATALOGUE --provider NAME, or fill the review "
        "workbook (translate --review FILE.xlsx) and run export-kit memory import FILE.xlsx."
    ),
    "missing-brand-name": "Add the brand and its Chinese name: [brand] name and chinese_name.",
    "title-too-long": "Shorten the Chinese title to the platform's limit.",
    "title-shortened": "Check the shortened title (export-kit titles); write a shorter one.",
    "unencodable-character": "Write the title without the character, or keep the replacement.",
    "untranslated": "Translate the text in the review workbook and import it.",
    "number-mismatch": "Correct the numbers of the Chinese in the review workbook; import it.",
    "glossary-not-applied": "Use the glossary's Chinese in the review workbook; import it.",
    "protected-term-changed": "Keep brands and do-not-translate terms as written; import it.",
    "markup-mismatch": "Give the Chinese the French's HTML tags in the review workbook.",
    "over-cbec-limit": "A unit above CNY 5,000 cannot be sold cross-border: sell it elsewhere.",
    "stale-exchange-rate": "Use a fresh rate: --rates ecb, or update [pricing] rate_date.",
    "unmapped-category": "Map the category in [platforms.NAME.categories] of export-kit.toml.",
    "too-many-images": "Keep the best images first: the extra ones are left out.",
    "derived-sku": "Nothing to do, or give the variant its own SKU in the shop.",
    "not-a-listing": "Nothing to do: grouped and affiliate products are not sold themselves.",
    "no-header-row": "Add a header row, or map columns by letter (--map A=sku), header_row = 0.",
    "ambiguous-number": "Write the number unambiguously (1 299,00 or 1,299).",
    "mixed-encoding": "Check the text of these rows; save the file as UTF-8.",
    "restricted-ean": "Use the product's GS1 barcode, not an in-store code (prefix 02, 04, 2).",
    "incomplete-listing": "Fill the name, the price and the SKU of every variant.",
    "rate-not-checked": "Give a rate (--rate EUR_CNY, or [pricing] eur_cny) to check prices.",
    "rounded-price": "Round the price to the cent in the file if the rounding is not right.",
    "weight-in-grams": "Write the unit in the weight header: Poids (g) or Poids (kg).",
    "separator-in-sku": "Rename the SKU without the separator (B,2 → B-2), then render again.",
    "config-error": "Fix the setting, option or variable the message names, then run again.",
    "usage-error": "Correct the command line: export-kit COMMAND --help lists the options.",
    "output-error": "Write elsewhere, or free the folder the message names (rights, space).",
    "remote-error": "Run again later (nothing done is lost), or check the service's address.",
    "internal-error": "Rerun with --debug and report the traceback: this is a bug.",
    "interrupted": "Run the command again: finished work is kept.",
}

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
#: rows shown per code
_FIRST_ROWS = 5


@dataclass
class CodeGroup:
    """The findings of one code: how many, the first rows, what to do."""

    code: str
    severity: str
    count: int = 0
    rows: set[int] = field(default_factory=set)
    file_level: bool = False
    example: str = ""

    @property
    def advice(self) -> str:
        """One line of what to do (the first finding's message for an unknown code)."""
        return ADVICE.get(self.code, self.example)


def group_by_code(findings: Sequence[Finding]) -> list[CodeGroup]:
    """Findings grouped by code and severity: errors first, then the most frequent."""
    groups: dict[tuple[str, str], CodeGroup] = {}
    for finding in findings:
        key = (finding.code, finding.severity)
        group = groups.get(key)
        if group is None:
            group = groups[key] = CodeGroup(finding.code, finding.severity, example=finding.message)
        group.count += 1
        if finding.row is None:
            group.file_level = True
        else:
            group.rows.add(finding.row)
    return sorted(
        groups.values(), key=lambda g: (_SEVERITY_ORDER.get(g.severity, 3), -g.count, g.code)
    )


def _where(group: CodeGroup) -> str:
    rows = sorted(group.rows)
    shown = [str(r) for r in rows[:_FIRST_ROWS]]
    parts = ["the file"] if group.file_level else []
    if shown:
        parts.append(("row " if len(rows) == 1 else "rows ") + ", ".join(shown))
        if len(rows) > _FIRST_ROWS:
            parts[-1] += f", … ({len(rows)} rows)"
    return "; ".join(parts)


def summary_lines(
    report: Report,
    *,
    catalogue: str | None = None,
    strict: bool = False,
    width: int = 100,
    out: str | None = None,
) -> list[str]:
    """The grouped summary of ``report``: one line per code, then the left-out products
    and the next step (``catalogue``: the file's name, for the commands suggested;
    ``width``: the terminal's, what to do is wrapped to it; ``out``: the folder a run
    wrote, whose next step is publishing)."""
    groups = group_by_code(report.findings)
    name = catalogue or "CATALOGUE"
    lines: list[str] = []
    if groups:
        lines.append("Findings by code (count, where, what to do):")
        code_width = max(len(g.code) for g in groups)
        indent = " " * (2 + 7 + 2 + code_width + 2 + 6 + 2)
        for group in groups:
            lines.append(
                f"  {group.severity:<7}  {group.code:<{code_width}}  {group.count:>6}  "
                f"{_where(group)}"
            )
            advice = "→ " + group.advice.replace("CATALOGUE", name)
            lines += textwrap.wrap(
                advice,
                max(width, len(indent) + 30),
                initial_indent=indent,
                subsequent_indent=indent + "  ",
                break_on_hyphens=False,
            )
    if report.excluded is not None and report.platform:
        left = len(report.excluded)
        lines.append("")
        lines.append(
            f"Left out of the {report.platform} feed: {left} of {report.products} products."
            if left
            else f"Every product can go to {report.platform}."
        )
    step = next_step(report, catalogue=catalogue, strict=strict, out=out)
    if step:
        lines += ["", f"Next: {step}"]
    return lines


def next_step(
    report: Report, *, catalogue: str | None = None, strict: bool = False, out: str | None = None
) -> str:
    """What to do next with the whole catalogue, in one sentence (``out``: after a run
    that wrote that folder)."""
    name = catalogue or "CATALOGUE"
    codes = {f.code for f in report.findings if f.severity == "error"}
    if "unreadable-file" in codes:
        return "make the file readable (see above), then validate again."
    platform = report.platform
    ok = report.ok(strict=strict)
    if ok and platform and out is not None:
        return f"export-kit publish {out} --platform {platform} --dry-run (then without it)"
    if ok and platform:
        return f"export-kit run {name} --platform {platform} --out out/"
    if ok:
        return f"check a platform's rules: export-kit validate {name} --platform tmall-global"
    if not codes:
        return "look at the warnings above (--strict makes them fail), then validate again."
    others = codes - {"missing-translation"}
    if codes == {"missing-translation"}:
        return (
            f"translate: export-kit translate {name} --provider NAME (or --review "
            "review.xlsx, then export-kit memory import review.xlsx), then validate again."
        )
    step = (
        f"fix the errors above in your file (export-kit validate {name} --report "
        "annotated.xlsx marks each cell), then validate again."
    )
    if others and "missing-translation" in codes:
        step += f" Then translate what has no Chinese yet (export-kit translate {name})."
    return step
