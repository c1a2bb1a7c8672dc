"""Read a rendered folder back: its ``manifest.json`` and the feed file, one item per product.

The feed shapes are those of docs/architecture.md: ``tmall-global.xml``
(``<items><item>…``), ``jd-worldwide.csv`` (UTF-8 with BOM, one row per SKU, ``outerId``
first) and ``douyin-global.jsonl`` (one product per line). The feed's sha256 must match the
manifest: publishing a feed edited by hand after rendering would bypass validation.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from export_kit.errors import InputError
from export_kit.fileio import FORMULA_PREFIXES

__all__ = [
    "FEED_FILES",
    "MANIFEST_NAME",
    "FeedItem",
    "RenderedFeed",
    "canonical_json",
    "manifest_source",
    "read_feed",
    "read_rendered",
]

MANIFEST_NAME = "manifest.json"

#: platform → feed file name
FEED_FILES: dict[str, str] = {
    "tmall-global": "tmall-global.xml",
    "jd-worldwide": "jd-worldwide.csv",
    "douyin-global": "douyin-global.jsonl",
}

#: JD CSV columns that belong to one SKU row; the others describe the product.
_JD_SKU_COLUMNS = ("skuOuterId", "jdPrice", "stock", "barcode", "saleAttrs")


def canonical_json(data: Any) -> str:
    """Compact, key-sorted JSON with Chinese kept as is: the form that gets hashed."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class FeedItem:
    """One product of a feed, as the platform APIs need it.

    ``fields`` holds every value the feed carries for the product (SKUs as a list of
    dicts), so an adapter can send what its API takes; the named attributes are the
    values every platform uses. ``price`` is a decimal string in yuan (the lowest SKU
    price when the feed gives none at product level).
    """

    outer_id: str
    title: str
    price: str | None
    quantity: int
    images: tuple[str, ...]
    description: str
    skus: tuple[Mapping[str, Any], ...]
    fields: Mapping[str, Any] = field(repr=False)

    @functools.cached_property
    def content_hash(self) -> str:
        """sha256 (hex) of the item's canonical JSON: what the journal compares."""
        return hashlib.sha256(canonical_json(self.fields).encode("utf-8")).hexdigest()

    def get(self, name: str) -> str:
        """A product-level field as text ('' when absent or empty)."""
        value = self.fields.get(name)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class RenderedFeed:
    """A rendered folder: the manifest, the feed path and the items it holds."""

    folder: Path
    platform: str
    manifest: Mapping[str, Any]
    feed_path: Path
    items: list[FeedItem]

    @property
    def excluded(self) -> set[str]:
        """Outer ids the render left out of the feed for errors (manifest ``excluded``)."""
        result: set[str] = set()
        for entry in self.manifest.get("excluded") or []:
            if isinstance(entry, Mapping) and entry.get("sku"):
                result.add(str(entry["sku"]))
        return result


def read_rendered(folder: Path, platform: str | None = None) -> RenderedFeed:
    """Read ``folder/manifest.json`` and its feed; check the feed's sha256.

    Raises :class:`InputError` (exit 3) when the folder is not a rendered output, when it
    was rendered for another platform, or when the feed changed after rendering.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder. Give the --out folder of export-kit render.")
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.is_file():
        raise InputError(
            f"{folder} is not a rendered output (no {MANIFEST_NAME}). "
            "Run export-kit render CATALOGUE --platform P --out DIR first."
        )
    manifest = _read_manifest(manifest_path)
    rendered_for = str(manifest.get("platform") or "")
    if platform is not None and rendered_for != platform:
        raise InputError(
            f"{folder} was rendered for {rendered_for or 'an unknown platform'}, not {platform}. "
            f"Render it with --platform {platform}, or publish it with --platform {rendered_for}."
        )
    name = platform or rendered_for
    if name not in FEED_FILES:
        raise InputError(f"{manifest_path}: unknown platform '{rendered_for}'.")
    feed_info = manifest.get("feed")
    if not isinstance(feed_info, Mapping) or not feed_info.get("sha256"):
        raise InputError(f"{manifest_path}: no feed.sha256. Render the folder again.")
    feed_path = _feed_path(folder, feed_info, name)
    digest = _sha256(feed_path)
    if digest != str(feed_info["sha256"]).lower():
        raise InputError(
            f"{feed_path}: the feed was changed after rendering (its sha256 differs from "
            f"{MANIFEST_NAME}); render again."
        )
    items = list(read_feed(feed_path, name))
    seen: set[str] = set()
    for item in items:
        if item.outer_id in seen:
            raise InputError(
                f"{feed_path}: outer id '{item.outer_id}' appears on two products. "
                "Each product needs its own outer id; fix the catalogue and render again."
            )
        seen.add(item.outer_id)
    return RenderedFeed(folder, name, manifest, feed_path, items)


def manifest_source(folder: Path) -> Path | None:
    """The catalogue a rendered folder came from (its config is beside it), if it exists."""
    try:
        data = json.loads((Path(folder) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    source = data.get("source") if isinstance(data, dict) else None
    if not isinstance(source, str) or not source:
        return None
    path = Path(source)
    return path if path.is_file() else None


def read_feed(path: Path, platform: str) -> Iterator[FeedItem]:
    """Parse a feed file of ``platform`` into items, one per product."""
    if platform == "tmall-global":
        return _read_xml(path)
    if platform == "jd-worldwide":
        return _read_jd_csv(path)
    if platform == "douyin-global":
        return _read_jsonl(path)
    raise InputError(f"No feed reader for platform '{platform}'.")


def _read_manifest(path: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc}).") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc}). Render the folder again.") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a manifest (a JSON object is expected).")
    return data


def _feed_path(folder: Path, feed_info: Mapping[str, Any], platform: str) -> Path:
    given = feed_info.get("path")
    candidates = []
    if given:
        given_path = Path(str(given))
        candidates.append(given_path if given_path.is_absolute() else folder / given_path)
    candidates.append(folder / FEED_FILES[platform])
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InputError(
        f"{folder}: the feed file {candidates[0].name} named in {MANIFEST_NAME} is missing. "
        "Render the folder again."
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc}).") from None
    return digest.hexdigest()


# --- tmall-global.xml -------------------------------------------------------------------


def _text(element: Element | None) -> str:
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def _read_xml(path: Path) -> Iterator[FeedItem]:
    try:
        tree = SafeET.parse(str(path))
    except SafeET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc}). Render again.") from None
    except Exception as exc:  # defusedxml refuses entities and DTDs with its own errors
        raise InputError(f"{path}: refused XML ({type(exc).__name__}: {exc}).") from None
    root = tree.getroot()
    if root.tag != "items":
        raise InputError(f"{path}: the root element is <{root.tag}>, not <items>.")
    for number, element in enumerate(root.findall("item"), start=1):
        fields: dict[str, Any] = {}
        for child in element:
            if child.tag == "images":
                fields["images"] = [
                    _text(image) for image in child.findall("image") if _text(image)
                ]
            elif child.tag == "skus":
                fields["skus"] = [
                    {part.tag: _text(part) for part in sku} for sku in child.findall("sku")
                ]
            else:
                fields[child.tag] = _text(child)
        where = f"{path}: item {number}"
        yield _make_item(fields, where, title_key="title", price_key="price")


# --- jd-worldwide.csv -------------------------------------------------------------------


def _unneutralise(value: str) -> str:
    # The render prefixes formula-like cells with an apostrophe for spreadsheets; the API
    # gets the text the catalogue had.
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _read_jd_csv(path: Path) -> Iterator[FeedItem]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc}). Render again.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc}).") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or reader.fieldnames[0] != "outerId":
        raise InputError(f"{path}: the first column is not outerId; not a jd-worldwide feed.")
    products: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {key: _unneutralise(value or "") for key, value in row.items() if key}
        outer_id = values.get("outerId", "").strip()
        if not outer_id:
            raise InputError(f"{path}: line {line} has no outerId.")
        product = products.get(outer_id)
        if product is None:
            product = {k: v for k, v in values.items() if k not in _JD_SKU_COLUMNS}
            images = product.get("images", "")
            product["images"] = [part for part in images.split("|") if part] if images else []
            product["skus"] = []
            products[outer_id] = product
            first_line[outer_id] = line
        product["skus"].append({k: values.get(k, "") for k in _JD_SKU_COLUMNS})
    for outer_id, product in products.items():
        skus = product["skus"]
        prices = [p for p in (_decimal(s.get("jdPrice")) for s in skus) if p is not None]
        product_fields = dict(product)
        where = f"{path}: line {first_line[outer_id]} (outerId {outer_id})"
        quantity = sum(_int(s.get("stock"), where) for s in skus)
        yield _make_item(
            product_fields,
            where,
            title_key="wareTitle",
            price=str(min(prices)) if prices else None,
            quantity=quantity,
            description_key="description",
            outer_key="outerId",
        )


# --- douyin-global.jsonl ----------------------------------------------------------------


def _read_jsonl(path: Path) -> Iterator[FeedItem]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc}).") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}: line {number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc}).") from None
            if not isinstance(data, dict):
                raise InputError(f"{where}: a JSON object is expected.")
            skus = data.get("skus") or []
            fen = [s.get("price") for s in skus if isinstance(s, dict)]
            prices = [Decimal(int(p)) / 100 for p in fen if isinstance(p, int)]
            quantity = sum(_int(s.get("stock_num"), where) for s in skus if isinstance(s, dict))
            yield _make_item(
                data,
                where,
                title_key="name",
                price=f"{min(prices):.2f}" if prices else None,
                quantity=quantity,
                outer_key="out_product_id",
                images_key="pics",
            )


# --- common -----------------------------------------------------------------------------


def _decimal(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _int(value: object, where: str) -> int:
    if value in (None, ""):
        return 0
    try:
        return int(str(value))
    except ValueError:
        raise InputError(f"{where}: '{value}' is not a whole number of items.") from None


def _make_item(
    fields: dict[str, Any],
    where: str,
    *,
    title_key: str,
    price_key: str | None = None,
    price: str | None = None,
    quantity: int | None = None,
    description_key: str = "description",
    outer_key: str = "outer_id",
    images_key: str = "images",
) -> FeedItem:
    outer_id = str(fields.get(outer_key) or "").strip()
    if not outer_id:
        raise InputError(f"{where} has no {outer_key}. Render the folder again.")
    if price_key is not None:
        raw = fields.get(price_key)
        if raw not in (None, "") and _decimal(raw) is None:
            raise InputError(f"{where}: price '{raw}' is not a number.")
        price = str(raw) if raw not in (None, "") else None
    if quantity is None:
        quantity = _int(fields.get("quantity"), where)
    skus = fields.get("skus") or []
    images = fields.get(images_key) or []
    return FeedItem(
        outer_id=outer_id,
        title=str(fields.get(title_key) or ""),
        price=price,
        quantity=quantity,
        images=tuple(str(i) for i in images),
        description=str(fields.get(description_key) or ""),
        skus=tuple(s for s in skus if isinstance(s, Mapping)),
        fields=fields,
    )
