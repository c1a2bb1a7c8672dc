"""The rows ``validate --invalid-rows`` writes: every row of every rejected product.

A product is rejected when one of its findings is an error (with ``--platform``: when the
platform's feed would leave it out, :attr:`Report.excluded`). All its rows go to the file,
the parent row, the variant rows and the rows that only add an image (Shopify), so that
the fixed file read back gives each product whole. When a file-level error rejects every
product (no column for the SKU, the name or the price, or a field the platform requires
that no column holds), every data row goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.validate.report import Finding, Report

__all__ = [
    "LISTING_FIELDS",
    "PRODUCT_LEVEL_CODES",
    "PRODUCT_LEVEL_FIELDS",
    "is_product_level",
    "product_rows",
    "rejected_rows",
]

#: fields a product holds once: a missing one rejects every row of the product
PRODUCT_LEVEL_FIELDS = frozenset({"name", "brand", "description", "category", "images"})
#: codes about the listing as a whole (its title, texts, images, category)
PRODUCT_LEVEL_CODES = frozenset(
    {
        "missing-image",
        "missing-hs-code",
        "title-too-long",
        "missing-translation",
        "missing-brand-name",
        "unmapped-category",
        "too-many-images",
        "banned-term",
        "superlative-claim",
        "medical-claim",
        "special-cosmetic-claim",
    }
)


def is_product_level(finding: Finding) -> bool:
    """Whether a finding concerns the product as a whole rather than one row.

    A bad cell (an EAN, a price, an image URL) rejects its row; a listing-wide problem
    (no name, no image, a banned claim in its texts) rejects every row of the product.
    """
    if finding.code in PRODUCT_LEVEL_CODES:
        return True
    return finding.code in ("missing-value", "missing-recommended") and (
        finding.field in PRODUCT_LEVEL_FIELDS
    )


#: fields every listing needs: a file without their column has no product to list (the
#: same as the gate's)
LISTING_FIELDS = frozenset({"sku", "name", "price"})


def product_rows(catalogue: Catalogue) -> Iterator[tuple[int, str | None, bool]]:
    """Every data row of ``catalogue`` with the key of the product it belongs to (``None``:
    a row of no product, such as a WooCommerce grouped product) and whether it is read as
    a SKU, in file order.

    A row read as a SKU belongs to its product; a row that only adds an image (Shopify)
    to the product its handle names, else to the product of the rows above it.
    """
    from export_kit.catalogue.base import product_key

    key_of: dict[int, str] = {}
    for sku in catalogue.iter_skus():
        key_of[sku.row] = product_key(sku)
    keys = set(key_of.values())
    skipped = {s.row for s in catalogue.skipped_rows()}
    parent_col = _parent_column(catalogue)
    previous: str | None = None
    for raw in catalogue.iter_raw_rows():
        key = key_of.get(raw.row)
        if key is not None:
            previous = key
            yield raw.row, key, True
            continue
        if raw.row not in skipped:
            handle = ""
            if parent_col is not None and parent_col < len(raw.values):
                handle = raw.values[parent_col].strip()
            key = handle if handle in keys else previous
        yield raw.row, key, False


def _parent_column(catalogue: Catalogue) -> int | None:
    reader = catalogue.reader
    if reader is not None:
        return reader.parent_col
    header = catalogue.field_columns.get("parent_sku")
    return catalogue.headers.index(header) if header in catalogue.headers else None


def _label(finding: Finding) -> str:
    return f"{finding.column}: {finding.message}" if finding.column else finding.message


def _file_level(finding: Finding, catalogue: Catalogue) -> bool:
    """A finding about the file, not a row: no row, or the header's (``missing-column``)."""
    return finding.row is None or finding.row <= catalogue.header_row


def _rejects_every_product(finding: Finding) -> bool:
    """A file-level error that leaves every product out without a platform: no column for
    a field every listing needs, or a field an error rule needs that no column holds."""
    if finding.severity != "error" or finding.field is None or finding.column is not None:
        return False
    return finding.code != "missing-column" or finding.field in LISTING_FIELDS


def rejected_rows(catalogue: Catalogue, report: Report) -> dict[int, list[str]]:
    """Every row of every rejected product → its reasons, in file order.

    A row's reasons are its own blocking findings, then those of the whole product (a
    missing name, a banned claim...) and of the file (a column it lacks); a row of the
    product without a problem of its own says which row of the product to look at; a
    row that only adds an image to its product has none (an empty list).
    """

    platform = report.excluded is not None
    codes_of: dict[str, set[str]] = {}
    if platform:
        for entry in report.excluded or ():
            codes_of[str(entry["sku"])] = set(entry.get("codes") or ())
        if not codes_of:
            return {}
    elif not any(f.severity == "error" for f in report.findings):
        return {}
    owners = list(product_rows(catalogue))
    key_of = {row: key for row, key, _ in owners}
    all_keys = {key for _, key, _ in owners if key is not None}

    findings = report.sorted_findings()
    file_findings = [f for f in findings if _file_level(f, catalogue)]
    in_file = {id(f) for f in file_findings}
    if platform:
        common = set.intersection(*codes_of.values()) if all_keys <= set(codes_of) else set()
        everything = [f for f in file_findings if f.code in common]
    else:
        everything = [f for f in file_findings if _rejects_every_product(f)]

    own: dict[int, list[str]] = defaultdict(list)
    product_wide: dict[str | None, list[str]] = defaultdict(list)
    first_row: dict[str, int] = {}
    covered: dict[str, set[str]] = defaultdict(set)
    rejected: set[str] = set(codes_of)
    for finding in findings:
        if id(finding) in in_file or finding.row is None:
            continue
        key = key_of.get(finding.row)
        if platform:
            if key not in codes_of or finding.code not in codes_of[key or ""]:
                continue
        elif finding.severity != "error":
            continue
        if key is not None:
            rejected.add(key)
            first_row.setdefault(key, finding.row)
            covered[key].add(finding.code)
        if key is not None and is_product_level(finding):
            product_wide[key].append(_label(finding))
        else:
            own[finding.row].append(_label(finding))

    # with a platform, a product left out for a field the file lacks has no finding of its
    # own: the file's finding of that code says why
    by_code: dict[str, list[str]] = defaultdict(list)
    for finding in file_findings:
        by_code[finding.code].append(_label(finding))
    file_wide = [_label(f) for f in everything]

    reasons: dict[int, list[str]] = {}
    for row, key, listed in owners:
        if not listed and key is not None and (everything or key in rejected):
            # a row that only adds an image: its reasons are on its product's rows (a
            # filled cell there would make it a variant when the file is read back)
            reasons[row] = []
            continue
        if everything:
            found = [*product_wide.get(key, ()), *own.get(row, ()), *file_wide]
        elif key is None and row in own:
            found = own[row]  # a row of no product with an error of its own
        elif key is None or key not in rejected:
            continue
        else:
            found = [*product_wide.get(key, ()), *own.get(row, ())]
            for code in sorted(codes_of.get(key, set()) - covered[key]):
                found.extend(by_code.get(code, ()))
            if not found:
                where = first_row.get(key)
                found = [
                    f"Rejected with its product {key}"
                    + (f": see row {where}." if where is not None else ".")
                ]
        reasons[row] = list(dict.fromkeys(found))
    return reasons
