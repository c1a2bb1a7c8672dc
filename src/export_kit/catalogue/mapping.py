"""Column headers → canonical fields.

Headers are matched case-, accent- and punctuation-insensitively against a French and
English vocabulary of product sheets. A header is tried as written (``Prix (HT)`` →
``prix ht``), then for a language suffix (``Titre (zh)``, ``name-fr_FR``), then without the
part in parentheses or a trailing unit, whose unit is remembered (``Poids (g)`` is grams,
``Durée de conservation (mois)`` months), then without filler words (``Nom du produit``).

``--map COLUMN=FIELD`` and the config's ``[mapping]`` override the vocabulary; a field then
gets exactly one column (the best-ranked match, leftmost on a tie), except ``images``, which
takes every image column in order (``Image 1``, ``Image 2``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from export_kit.catalogue.parsing import fold_key
from export_kit.errors import ConfigError
from export_kit.model import CANONICAL_FIELDS

__all__ = [
    "IGNORE",
    "VOCABULARY",
    "Column",
    "ColumnMapping",
    "HeaderMatch",
    "column_letter",
    "header_score",
    "map_columns",
    "match_header",
    "unit_columns",
]

#: a ``--map`` target that keeps a column out of the canonical fields (as an attribute)
IGNORE = "ignore"

#: Canonical field → headers, best first. Matching uses :func:`fold_key` forms.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "sku": (
        "Référence",
        "Réf.",
        "Ref",
        "SKU",
        "Code article",
        "Référence article",
        "Réf. article",
        "Référence produit",
        "Réf. produit",
        "Code produit",
        "Variant SKU",
        "UGS",
        "Code SKU",
        "Référence interne",
        "Réf. interne",
        "Code interne",
        "Numéro d'article",
        "N° article",
        "No article",
        "Item number",
        "Item no",
        "Item code",
        "Article number",
        "Product code",
        "Product reference",
        "Reference code",
        "Code",
        "Références",
        "Réf. produits",
        "Codes articles",
        "N° produit",
        "Numéro de produit",
        "Numéro produit",
        "No produit",
    ),
    "parent_sku": (
        "Référence parent",
        "Réf. parent",
        "Référence mère",
        "Réf. mère",
        "SKU parent",
        "Parent SKU",
        "Parent reference",
        "Produit parent",
        "Parent",
        "Code modèle",
        "Référence modèle",
        "Réf. modèle",
        "Modèle",
        "Model",
        "Model code",
        "Handle",
    ),
    "name": (
        "Désignation",
        "Libellé",
        "Libellé produit",
        "Libellé article",
        "Désignation article",
        "Désignation produit",
        "Nom du produit",
        "Nom produit",
        "Nom",
        "Titre",
        "Titre du produit",
        "Intitulé",
        "Dénomination",
        "Dénomination commerciale",
        "Nom commercial",
        "Product name",
        "Product title",
        "Item name",
        "Name",
        "Title",
        "Produit",
        "Produits",
        "Article",
        "Articles",
        "Désignations",
        "Libellés",
        "Noms",
        "Intitulé produit",
    ),
    "brand": (
        "Marque",
        "Brand",
        "Nom de la marque",
        "Marque commerciale",
        "Brand name",
        "Vendor",
        "Fabricant",
        "Manufacturer",
        "Maison",
        "Brands",
        "Marques",
        "Fabricants",
        "Marque du produit",
    ),
    "description": (
        "Description",
        "Descriptif",
        "Description longue",
        "Description produit",
        "Description détaillée",
        "Description HTML",
        "Long description",
        "Body (HTML)",
        "Body",
        "Texte descriptif",
        "Présentation",
        "Argumentaire",
        "Description courte",
        "Short description",
        "Résumé",
        "Summary",
        "Descriptions",
        "Descriptifs",
    ),
    "category": (
        "Catégorie",
        "Catégories",
        "Catégorie produit",
        "Rayon",
        "Famille",
        "Famille de produits",
        "Sous-famille",
        "Gamme",
        "Univers",
        "Type",
        "Type de produit",
        "Product type",
        "Product category",
        "Category",
        "Categories",
        "Familles",
        "Rayons",
        "Gammes",
        "Sous-catégorie",
    ),
    "price": (
        "Prix TTC",
        "TTC",
        "Prix de vente TTC",
        "Prix public TTC",
        "Prix unitaire TTC",
        "Tarif TTC",
        "PPC TTC",
        "Prix",
        "Prix de vente",
        "Prix public",
        "Prix public conseillé",
        "PPC",
        "PVC",
        "Prix de vente conseillé",
        "Prix de vente public",
        "Prix unitaire",
        "Tarif",
        "Tarif public",
        "Tarif régulier",
        "Prix en euros",
        "Price",
        "Retail price",
        "Regular price",
        "Variant Price",
        "Price tax included",
        "Price incl. tax",
        "Price incl. VAT",
        "Price including VAT",
        "RRP",
        "MSRP",
        "PVC TTC",
        "Prix T.T.C.",
        "P.V.C.",
        "P.V.C. TTC",
        "P.P.C.",
        "Prix public conseillé TTC",
        "Prix de vente conseillé TTC",
        "Prix de vente public conseillé",
        "PVP",
        "PVP TTC",
        "Tarifs",
        "Tarifs TTC",
        "Prix unitaires",
        "Prix publics",
        "Prix TTC unitaire",
    ),
    "price_excl_vat": (
        "Prix HT",
        "Prix hors taxe",
        "Prix hors taxes",
        "Prix hors TVA",
        "Prix de vente HT",
        "Prix unitaire HT",
        "Tarif HT",
        "PV HT",
        "Price tax excluded",
        "Price excl. tax",
        "Price excl. VAT",
        "Price excluding VAT",
        "Price without VAT",
        "PVC HT",
        "Prix H.T.",
        "Prix public HT",
        "Prix public conseillé HT",
        "Tarifs HT",
        "Prix HT unitaire",
    ),
    "ean": (
        "Code EAN",
        "EAN",
        "EAN13",
        "EAN 13",
        "Code EAN13",
        "EAN code",
        "GTIN",
        "GTIN13",
        "Code GTIN",
        "EAN/GTIN",
        "GTIN/EAN",
        "Gencod",
        "Gencode",
        "Code gencod",
        "Code-barres",
        "Code barre",
        "Barcode",
        "Variant Barcode",
        "GTIN, UPC, EAN, or ISBN",
        "GTIN, UPC, EAN ou ISBN",
        "UPC",
        "EAN-13 complet",
        "EAN complet",
        "Code EAN complet",
        "Code EAN-13",
        "Codes EAN",
        "EANs",
        "Gencods",
        "Codes-barres",
        "EAN 8",
        "EAN8",
    ),
    "hs_code": (
        "Code SH",
        "Code HS",
        "HS code",
        "Nomenclature douanière",
        "Code douanier",
        "Code douane",
        "Code NC",
        "Nomenclature combinée",
        "Code nomenclature",
        "Code TARIC",
        "TARIC",
        "Customs code",
        "Tariff code",
        "Harmonized code",
        "Harmonized system code",
        "HS tariff number",
        "Variant HS Code",
        "HS",
        "SH",
        "NC",
    ),
    "net_content": (
        "Contenance",
        "Volume",
        "Poids net",
        "Contenu net",
        "Net content",
        "Quantité nette",
        "Volume net",
        "Contenu",
        "Capacité",
        "Net weight",
        "Net volume",
        "Format",
        "Contenant",
        "Contenants",
        "Contenances",
        "Volumes",
    ),
    "weight_kg": (
        "Poids",
        "Poids brut",
        "Poids d'expédition",
        "Poids expédition",
        "Poids colis",
        "Poids emballé",
        "Masse",
        "Weight",
        "Shipping weight",
        "Gross weight",
        "Variant Grams",
        "Grams",
        "Poids unitaire",
        "Poids brut unitaire",
        "Poids net unitaire",
    ),
    "origin_country": (
        "Pays d'origine",
        "Pays origine",
        "Origine",
        "Made in",
        "Pays de fabrication",
        "Lieu de fabrication",
        "Pays de production",
        "Origine du produit",
        "Provenance",
        "Country of origin",
        "Origin",
        "Origin country",
        "Variant Country of Origin",
        "Country",
        "Pays",
        "Origins",
    ),
    "images": (
        "Image",
        "Images",
        "URL image",
        "URLs images",
        "URL images",
        "Image URL",
        "Image URLs",
        "Lien image",
        "Liens images",
        "URL photo",
        "Photo",
        "Photos",
        "Visuel",
        "Visuels",
        "Image principale",
        "Photo principale",
        "Visuel principal",
        "Main image",
        "Image Src",
        "Variant Image",
        "Picture",
        "Pictures",
        "Image link",
        "Image_url",
        "Images supplémentaires",
        "Additional images",
    ),
    "stock": (
        "Stock",
        "Quantité",
        "Qté",
        "Quantité en stock",
        "Quantité disponible",
        "Stock disponible",
        "Inventaire",
        "Inventory",
        "Variant Inventory Qty",
        "Quantity",
        "Qty",
        "Stock quantity",
        "Stocks",
        "Quantités",
        "Qtés",
        "Qté en stock",
        "Quantité stock",
        "Stock actuel",
    ),
    "shelf_life_months": (
        "Durée de conservation",
        "DLUO",
        "DDM",
        "PAO",
        "Période après ouverture",
        "Durée de vie",
        "Conservation",
        "Shelf life",
        "Période d'utilisation après ouverture",
    ),
    "size": ("Taille", "Pointure", "Tailles", "Size", "Shoe size", "Pointures"),
    "colour": (
        "Couleur",
        "Coloris",
        "Teinte",
        "Couleurs",
        "Color",
        "Colour",
        "Shade",
        "Teintes",
    ),
    "tax_class": (
        "Classe fiscale",
        "Classe de taxe",
        "Classe de taxe CBEC",
        "Catégorie fiscale",
        "Classe CBEC",
        "CBEC tax class",
        "Tax class",
    ),
    "name_zh": (
        "Nom chinois",
        "Nom en chinois",
        "Titre chinois",
        "Désignation chinoise",
        "Libellé chinois",
        "Chinese name",
        "Name (Chinese)",
        "中文名称",
        "中文名",
        "商品名称",
    ),
    "description_zh": (
        "Description chinoise",
        "Description en chinois",
        "Chinese description",
        "Description (Chinese)",
        "中文描述",
        "商品描述",
    ),
}

#: fields whose headers may carry a unit, and what the unit words mean to them
_UNIT_WORDS: dict[str, str] = {
    "g": "g",
    "gr": "g",
    "grs": "g",
    "gramme": "g",
    "grammes": "g",
    "gram": "g",
    "grams": "g",
    "kg": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kgs": "kg",
    "kilogramme": "kg",
    "kilogrammes": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "oz": "oz",
    "ounce": "oz",
    "ounces": "oz",
    "fl oz": "floz",
    "floz": "floz",
    "dl": "dl",
    "mg": "mg",
    "ml": "ml",
    "cl": "cl",
    "l": "l",
    "litre": "l",
    "litres": "l",
    "liter": "l",
    "liters": "l",
    "millilitre": "ml",
    "millilitres": "ml",
    "centilitre": "cl",
    "centilitres": "cl",
    "mois": "months",
    "month": "months",
    "months": "months",
    "m": "months",
    "an": "years",
    "ans": "years",
    "annees": "years",
    "years": "years",
    "jours": "days",
    "days": "days",
    "j": "days",
    "eur": "eur",
    "euro": "eur",
    "euros": "eur",
    "€": "eur",
    "usd": "other-currency",
    "cny": "other-currency",
    "rmb": "other-currency",
    "gbp": "other-currency",
    "chf": "other-currency",
    "$": "other-currency",
    "£": "other-currency",
    "¥": "other-currency",
}
_UNIT_FIELDS = {"weight_kg", "net_content", "shelf_life_months", "price", "price_excl_vat"}
_LANG_FR = {"fr", "fr fr", "francais", "french", "fr be", "fr ch"}
_LANG_ZH = {"zh", "zh cn", "cn", "chinois", "chinese", "中文", "zh hans"}
_ZH_FIELDS = {"name": "name_zh", "description": "description_zh"}
_FILLER = {
    "du",
    "de",
    "la",
    "le",
    "les",
    "des",
    "d",
    "l",
    "the",
    "of",
    "produit",
    "product",
    "article",
    "item",
    "en",
    "a",
}
_NUMBERED_IMAGE = re.compile(
    r"^(?:url |lien |link )?(?:image|images|photo|photos|visuel|picture|img|image url|"
    r"image link|url image|url photo)(?: url| link| lien)? ?(\d{1,2})(?: url| link)?$"
)
_PICTURE_WORDS = {"image", "img", "photo", "visuel", "picture", "png", "jpg"}
_MAIN_IMAGE = {"image principale", "photo principale", "visuel principal", "main image"}


def _index(vocabulary: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for name, headers in vocabulary.items():
        for rank, header in enumerate(headers):
            index.setdefault(fold_key(header), (name, rank))
    return index


_INDEX = _index(VOCABULARY)


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """What a header means: its field, how good the match is, the unit it names."""

    field: str
    rank: int
    unit: str | None = None
    #: order of an image column (``Image 2`` → 2, main image 0)
    order: int = 0


def _split_header(header: str) -> tuple[str, str, list[str]]:
    """(full key, key outside brackets, keys inside brackets)."""
    inner = re.findall(r"[\(\[]([^\)\]]*)[\)\]]", header)
    outer = re.sub(r"[\(\[][^\)\]]*[\)\]]", " ", header)
    return fold_key(header), fold_key(outer), [i.strip().lower() for i in inner]


def _lookup(key: str, index: Mapping[str, tuple[str, int]]) -> tuple[str, int] | None:
    hit = index.get(key)
    if hit is not None:
        return hit
    numbered = _NUMBERED_IMAGE.match(key)
    if numbered:
        return ("images", 0)
    return None


def _image_order(key: str) -> int:
    numbered = _NUMBERED_IMAGE.match(key)
    if numbered:
        return int(numbered.group(1))
    if key in _MAIN_IMAGE:
        return 0
    if "suppl" in key or "additional" in key:
        return 1000
    return 1


def _with_unit(hit: tuple[str, int], unit: str | None, key: str) -> HeaderMatch | None:
    name, rank = hit
    if unit == "other-currency" and name in ("price", "price_excl_vat"):
        return None  # a price in another currency is not the euro price
    kept = unit if name in _UNIT_FIELDS and unit not in ("eur", "other-currency") else None
    order = _image_order(key) if name == "images" else 0
    return HeaderMatch(name, rank, kept, order)


def match_header(
    header: str, index: Mapping[str, tuple[str, int]] | None = None
) -> HeaderMatch | None:
    """The canonical field a header names, or None."""
    table = _INDEX if index is None else index
    if header.rstrip().endswith("?"):
        return None  # a yes/no question ("En stock ?", "In stock?"): a flag, not a value
    full, outer, inner = _split_header(header)
    if not full:
        return None
    tokens = full.split()
    hit = _lookup(full, table)
    if hit is not None:
        # a vocabulary header may name its unit ("Grams", "Variant Grams")
        last = _UNIT_WORDS.get(tokens[-1]) if hit[0] in ("weight_kg", "net_content") else None
        return _with_unit(hit, last, full)
    # language suffixes: "Titre (zh)", "name-fr_FR", "description-fr_FR-ecommerce"
    for size in (1, 2, 3):
        if len(tokens) > size:
            base, lang = " ".join(tokens[:-size]), " ".join(tokens[-size:])
            if lang.endswith((" ecommerce", " print", " mobile")):
                lang = lang.rsplit(" ", 1)[0]
            if lang in _LANG_ZH:
                hit = _lookup(base, table)
                if hit is not None and hit[0] in _ZH_FIELDS:
                    return HeaderMatch(_ZH_FIELDS[hit[0]], hit[1])
            elif lang in _LANG_FR:
                hit = _lookup(base, table)
                if hit is not None:
                    return _with_unit(hit, None, base)
    # units in brackets or at the end: "Poids (g)", "Poids en kg", "Prix €"
    unit = None
    for part in inner:
        word = part.replace(".", "").strip()
        if word in _UNIT_WORDS:
            unit = _UNIT_WORDS[word]
    if outer and outer != full:
        hit = _lookup(outer, table)
        if hit is not None and hit[0] != "images" and _PICTURE_WORDS.intersection(inner):
            return None  # "Code-barre (image)": a picture of the code, not the code
        if hit is not None:
            return _with_unit(hit, unit, outer)
    out_tokens = outer.split() if outer else tokens
    if "€" in header and unit is None:
        unit = "eur"
    if len(out_tokens) > 1 and out_tokens[-1] in _UNIT_WORDS:
        unit = _UNIT_WORDS[out_tokens[-1]]
        rest = out_tokens[:-1]
        if len(rest) > 1 and rest[-1] in ("en", "in"):
            rest = rest[:-1]
        hit = _lookup(" ".join(rest), table)
        if hit is not None:
            return _with_unit(hit, unit, " ".join(rest))
    # filler words: "Nom du produit" → "nom", "Référence de l'article" → "reference"
    kept = [t for t in out_tokens if t not in _FILLER]
    if kept and len(kept) < len(out_tokens):
        hit = _lookup(" ".join(kept), table)
        if hit is not None:
            return _with_unit(hit, unit, " ".join(kept))
    return None


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Column:
    """A mapped column: its position, its header as written, its field and unit."""

    index: int
    header: str
    field: str
    unit: str | None = None
    order: int = 0
    #: a price column's decimal separator (``,`` or ``.``) when its cells say it
    decimal: str | None = None


@dataclass
class ColumnMapping:
    """The result of mapping a header row."""

    headers: list[str]
    #: every mapped column, in column order
    columns: list[Column] = field(default_factory=list)
    #: (index, header) of the columns kept as free attributes
    unmapped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def by_field(self) -> dict[str, list[Column]]:
        """Field → its columns (one, except images)."""
        result: dict[str, list[Column]] = {}
        for column in self.columns:
            result.setdefault(column.field, []).append(column)
        return result

    def header_to_field(self) -> dict[str, str]:
        """Header → field, for :attr:`Catalogue.mapping`."""
        return {column.header: column.field for column in self.columns}


def _check_field(target: str, origin: str) -> str:
    name = target.strip()
    if name == IGNORE or name in CANONICAL_FIELDS:
        return name
    valid = ", ".join(CANONICAL_FIELDS)
    raise ConfigError(
        f"{origin}: '{target}' is not a field. Valid fields: {valid} "
        f"(or '{IGNORE}' to keep the column as an attribute)."
    )


def _find_header(column: str, headers: Sequence[str]) -> int | None:
    for i, header in enumerate(headers):
        if header == column:
            return i
    wanted = fold_key(column)
    for i, header in enumerate(headers):
        if fold_key(header) == wanted:
            return i
    # a column letter, as a spreadsheet shows it: "C", or "Column C", "Colonne C"
    letters = re.sub(r"^(?:column|colonne|col)\.?\s+", "", column.strip(), flags=re.IGNORECASE)
    if letters != column.strip():
        letters = letters.upper()
    if len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper():
        for i, header in enumerate(headers):  # a file read without header: named so
            if header == f"Column {letters}":
                return i
        for i in range(len(headers)):
            if column_letter(i) == letters:
                return i
    return None


def _resolve_overrides(
    headers: Sequence[str],
    mappings: Mapping[str, str],
    config_mapping: Mapping[str, str],
) -> dict[int, str]:
    """Column index → field (or IGNORE) from ``[mapping]`` then ``--map`` (which wins)."""
    forced: dict[int, str] = {}
    for column, target in config_mapping.items():
        name = _check_field(target, f"[mapping] '{column}'")
        index = _find_header(column, headers)
        if index is not None:  # a config may serve several files of one brand
            forced[index] = name
    for column, target in mappings.items():
        name = _check_field(target, f"--map '{column}={target}'")
        index = _find_header(column, headers)
        if index is None:
            shown = ", ".join(f"'{h}'" for h in headers if h)
            raise ConfigError(
                f"--map '{column}={target}': the catalogue has no column '{column}'. "
                f"Its columns are: {shown}."
            )
        forced[index] = name
    return forced


def map_columns(
    headers: Sequence[str],
    *,
    mappings: Mapping[str, str] | None = None,
    config_mapping: Mapping[str, str] | None = None,
    vocabulary: Mapping[str, HeaderMatch | None] | None = None,
    excluded: Iterable[int] = (),
    hints: Mapping[int, str] | None = None,
) -> ColumnMapping:
    """Map headers to fields: overrides first, then a source's own vocabulary, then the
    general one. ``vocabulary`` maps folded headers to a match (None: keep unmapped);
    ``excluded`` columns are read by a source's own rules and never mapped; ``hints``
    (column → field, from the cells' content) rank below the overrides."""
    forced = _resolve_overrides(headers, mappings or {}, config_mapping or {})
    for index, target in (hints or {}).items():
        forced.setdefault(index, target)
    skip = set(excluded) - set(forced)
    candidates: list[tuple[int, HeaderMatch]] = []
    for i, header in enumerate(headers):
        if i in skip or not header:
            continue
        if i in forced:
            target = forced[i]
            if target != IGNORE:
                found = match_header(header)
                unit = found.unit if found is not None and found.field == target else None
                order = _image_order(fold_key(header)) if target == "images" else 0
                # below every vocabulary's rank (a shop's own are -100 and up): the user wins
                candidates.append((i, HeaderMatch(target, -1000, unit, order)))
            continue
        found = None
        if vocabulary is not None:
            key = fold_key(header)
            if key in vocabulary:
                own = vocabulary[key]
                if own is None:
                    continue
                found = own
        if found is None:
            found = match_header(header)
        if found is not None:
            candidates.append((i, found))
    best: dict[str, tuple[int, int]] = {}
    for i, found in candidates:
        if found.field == "images":
            continue
        current = best.get(found.field)
        if current is None or found.rank < current[0]:
            best[found.field] = (found.rank, i)
    chosen = {i for _, i in best.values()}
    columns: list[Column] = []
    for i, found in candidates:
        if found.field == "images" or i in chosen:
            columns.append(Column(i, headers[i], found.field, found.unit, found.order))
    mapped = {c.index for c in columns}
    unmapped = [(i, h) for i, h in enumerate(headers) if i not in mapped and i not in skip]
    return ColumnMapping(list(headers), columns, unmapped)


def unit_columns(headers: Sequence[str], columns: Iterable[Column]) -> dict[int, int]:
    """Weight and content columns whose unit sits in a companion column, per row.

    Akeneo writes ``weight`` and ``weight-unit`` (GRAM, KILOGRAM), Système U
    ``UGC_MesureNette`` and ``UGC_uniteMesureNette``: column index → unit column index.
    """
    compact = [fold_key(h).replace(" ", "") for h in headers]
    found: dict[int, int] = {}
    for column in columns:
        if column.field not in ("weight_kg", "net_content"):
            continue
        key = compact[column.index]
        for j, other in enumerate(compact):
            if j == column.index or not other or column.index in found:
                continue
            for word in ("unite", "unit", "uom"):
                if word in other and other.replace(word, "", 1) == key:
                    found[column.index] = j
                    break
    return found


def header_score(cells: Sequence[object], extra: Iterable[str] = ()) -> int:
    """How much a row looks like a header: distinct fields its cells name."""
    wanted = {fold_key(c) for c in extra}
    fields: set[str] = set()
    for cell in cells:
        if not isinstance(cell, str) or not cell.strip() or len(cell) > 80:
            continue
        if wanted and fold_key(cell) in wanted:
            fields.add("override:" + fold_key(cell))
            continue
        found = match_header(cell)
        if found is not None:
            fields.add(found.field)
    return len(fields)
