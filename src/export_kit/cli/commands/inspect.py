"""``export-kit inspect``: how a catalogue reads, before anything is checked (DESIGN §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from export_kit.catalogue import Catalogue, read_catalogue
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


def inspect_data(catalogue: Catalogue) -> dict[str, Any]:
    """The JSON document of ``inspect``: source kind, sheet, header row, mapping, counts."""
    keys = list(catalogue.keys_factory())
    return {
        "source_kind": catalogue.source_kind,
        "sheet": catalogue.sheet,
        "header_row": catalogue.header_row,
        "mapping": dict(catalogue.mapping),
        "rows": len(keys),
        "products": len(set(keys)),
    }


def _text(catalogue: Catalogue, data: dict[str, Any]) -> list[str]:
    lines = [f"File:         {catalogue.path.name}", f"Source kind:  {data['source_kind']}"]
    if catalogue.sheet is not None:
        lines.append(f"Sheet:        {catalogue.sheet}")
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
        "",
        "Column mapping (header → field):",
    ]
    mapped = catalogue.mapping
    width = max((len(h) for h in mapped), default=0)
    lines += [f"  {header.ljust(width)}  → {name}" for header, name in mapped.items()]
    if not mapped:
        lines.append("  (none: map columns with --map COLUMN=FIELD)")
    other = [h for h in catalogue.headers if h and h not in mapped]
    if other:
        lines += ["", "Other columns (kept as attributes, or read by the source's own rules):"]
        lines += [f"  {header}" for header in other]
    if catalogue.findings:
        lines += ["", "Findings:"]
        lines += [f"  {f.severity} {f.code}: {f.message}" for f in catalogue.findings]
    return lines


@click.command("inspect")
@click.argument("catalogue_path", metavar="CATALOGUE", type=InputPath(dir_okay=False))
@format_option
@common_options
def command(catalogue_path: Path, output_format: str, opts: CommonOptions) -> None:
    """Show how a catalogue reads: source kind, sheet, header row, column mapping, counts.

    Nothing is validated: use it to check that export-kit found the right header row and
    understood your columns, and fix the mapping with --map or [mapping] if it did not.

    Example:

        export-kit inspect catalogue.xlsx

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
    data = inspect_data(catalogue)
    if output_format == "json":
        echo_json(data)
        return
    click.echo("\n".join(_text(catalogue, data)))
