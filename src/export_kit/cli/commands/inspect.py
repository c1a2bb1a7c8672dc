"""``export-kit inspect``: how a catalogue reads, before anything is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from export_kit.catalogue import Catalogue, read_catalogue
from export_kit.catalogue.describe import describe
from export_kit.cli.options import (
    CommonOptions,
    InputPath,
    common_options,
    echo_json,
    format_option,
)
from export_kit.config import load_config

__all__ = ["command", "inspect_data"]

_ENCODINGS = {
    "utf-8-sig": "UTF-8 with BOM",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16 (with BOM)",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "cp1252": "Windows-1252",
    "utf-32": "UTF-32",
}
_DELIMITERS = {";": "semicolon (;)", ",": "comma (,)", "\t": "tab", "|": "pipe (|)"}
#: findings listed in the text output before "... and N more"
_SHOWN = 30


def inspect_data(catalogue: Catalogue, *, products: bool = False) -> dict[str, Any]:
    """The JSON document of ``inspect`` (:func:`export_kit.catalogue.describe.describe`)."""
    return describe(catalogue, products=products)


def _header_lines(catalogue: Catalogue, data: dict[str, Any]) -> list[str]:
    lines = [f"File:         {catalogue.path.name}", f"Source kind:  {data['source_kind']}"]
    if catalogue.sheet is not None:
        reason = f" ({data['sheet_reason']})" if data.get("sheet_reason") else ""
        lines.append(f"Sheet:        {catalogue.sheet}{reason}")
    if catalogue.encoding is not None:
        encoding = _ENCODINGS.get(catalogue.encoding, catalogue.encoding)
        lines.append(f"Encoding:     {encoding}")
    if catalogue.delimiter is not None:
        delimiter = _DELIMITERS.get(catalogue.delimiter, repr(catalogue.delimiter))
        lines.append(f"Delimiter:    {delimiter}")
    lines += [
        f"Header row:   {data['header_row']}",
        f"Rows:         {data['rows']}",
        f"Products:     {data['products']}",
    ]
    return lines


def _mapping_lines(catalogue: Catalogue) -> list[str]:
    lines = ["", "Column mapping (header → field):"]
    mapped = catalogue.mapping
    width = max((len(h) for h in mapped), default=0)
    lines += [f"  {header.ljust(width)}  → {name}" for header, name in mapped.items()]
    if not mapped:
        lines.append("  (none: map columns with --map COLUMN=FIELD)")
    other = [h for h in catalogue.headers if h and h not in mapped]
    if other:
        lines += ["", "Other columns (kept as attributes, or read by the source's own rules):"]
        lines += [f"  {header}" for header in other]
    return lines


def _skipped_lines(data: dict[str, Any]) -> list[str]:
    skipped = data["skipped_rows"]
    if not skipped:
        return []
    lines = ["", f"Rows skipped (not products): {len(skipped)}"]
    lines += [f"  row {s['row']}: {s['reason']}" for s in skipped[:_SHOWN]]
    if len(skipped) > _SHOWN:
        lines.append(f"  ... and {len(skipped) - _SHOWN} more (--format json lists them all)")
    return lines


def _finding_lines(data: dict[str, Any]) -> list[str]:
    findings = data["findings"]
    if not findings:
        return []
    lines = ["", f"Findings of reading: {len(findings)}"]
    for f in findings[:_SHOWN]:
        where = f"row {f['row']}" if f["row"] is not None else "file"
        column = f", {f['column']}" if f["column"] else ""
        lines.append(f"  {f['severity']} {f['code']} ({where}{column}): {f['message']}")
    if len(findings) > _SHOWN:
        lines.append(f"  ... and {len(findings) - _SHOWN} more (validate lists them all)")
    return lines


def _value(label: str, value: object) -> str:
    return "" if value is None else f"  {label} {value}"


def _product_lines(data: dict[str, Any]) -> list[str]:
    lines = ["", "Products:"]
    for item in data.get("items", []):
        name = item["name"] or "(no name)"
        brand = f" — {item['brand']}" if item["brand"] else ""
        category = f" [{item['category']}]" if item["category"] else ""
        lines.append(f"  {item['key']} (row {item['row']}): {name}{brand}{category}")
        for sku in item["skus"]:
            derived = " (derived)" if sku["derived_sku"] else ""
            values = "".join(
                (
                    _value("price", sku["price"]),
                    _value("weight_kg", sku["weight_kg"]),
                    _value("stock", sku["stock"]),
                    _value("ean", sku["ean"]),
                    _value("content", sku["net_content"]),
                )
            )
            lines.append(f"    row {sku['row']}: {sku['sku'] or '(no SKU)'}{derived}{values}")
    return lines


def _text(catalogue: Catalogue, data: dict[str, Any]) -> list[str]:
    lines = _header_lines(catalogue, data) + _mapping_lines(catalogue)
    lines += _skipped_lines(data) + _finding_lines(data)
    if "items" in data:
        lines += _product_lines(data)
    return lines


@click.command("inspect")
@click.argument("catalogue_path", metavar="CATALOGUE", type=InputPath(dir_okay=False))
@click.option(
    "--products",
    "show_products",
    is_flag=True,
    help="Also list every product with its SKUs and the values read from their cells.",
)
@format_option
@common_options
def command(
    catalogue_path: Path, show_products: bool, output_format: str, opts: CommonOptions
) -> None:
    """Show how a catalogue reads: sheet, header row, column mapping, skipped rows, counts.

    Nothing is validated: use it to check that export-kit found the right sheet and header
    row and understood your columns, and fix the mapping with --map or [mapping] if it did
    not. --products lists every product and SKU with the price, weight (kg), stock, EAN and
    net content read from its row.

    Example:

        export-kit inspect catalogue.xlsx --products

        export-kit inspect produits.csv --map "Réf fournisseur=sku" --format json
    """
    config = load_config(opts.config, catalogue_path)
    catalogue = read_catalogue(
        catalogue_path,
        config=config,
        sheet=opts.sheet,
        encoding=opts.encoding,
        mappings=opts.mappings,
    )
    data = inspect_data(catalogue, products=show_products)
    if output_format == "json":
        echo_json(data)
        return
    click.echo("\n".join(_text(catalogue, data)))
