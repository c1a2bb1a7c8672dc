"""Generate a large French catalogue for the reading benchmarks.

Writes ``benchmarks/data/catalogue-<rows>.xlsx`` (openpyxl write-only, numbers as number
cells, EAN codes as text, a title row and a blank row above the header) and the same data
as ``catalogue-<rows>.csv`` (``;``-separated, cp1252, French decimals), 25 columns each.
Deterministic: the same row count gives the same files.

Usage: python benchmarks/make_catalogue.py [ROWS] [--csv-only | --xlsx-only]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import time
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

HEADERS = [
    "Référence",
    "Référence parent",
    "Désignation",
    "Marque",
    "Description",
    "Catégorie",
    "Prix TTC (€)",
    "Prix HT",
    "Code EAN",
    "Code SH",
    "Contenance",
    "Poids (kg)",
    "Pays d'origine",
    "Image 1",
    "Image 2",
    "Stock",
    "Durée de conservation (mois)",
    "Taille",
    "Couleur",
    "Matière",
    "Date de création",
    "Actif",
    "Taux TVA",
    "Fournisseur",
    "Remarque",
]
WORDS = (
    "crème",
    "hydratante",
    "sérum",
    "éclat",
    "visage",
    "huile",
    "sèche",
    "parfum",
    "eau",
    "de",
    "toilette",
    "rouge",
    "à",
    "lèvres",
    "mascara",
    "baume",
    "lèvres",
    "gel",
    "douche",
    "savon",
    "lavande",
    "rose",
    "thé",
    "vert",
    "agrumes",
    "vanille",
    "ambre",
    "cuir",
    "sac",
    "pochette",
    "ceinture",
    "portefeuille",
    "foulard",
    "soie",
    "laine",
    "cachemire",
    "coton",
    "lin",
    "vin",
    "rouge",
    "bordeaux",
    "bourgogne",
    "champagne",
    "cognac",
    "armagnac",
    "confiture",
    "miel",
    "chocolat",
    "biscuits",
    "sablés",
    "caramel",
    "beurre",
    "salé",
    "épices",
    "truffe",
    "moutarde",
)
HS_HEADINGS = ("3304", "3303", "4202", "2204", "2208", "1704")
CATEGORIES = (
    "Beauté > Soins visage",
    "Beauté > Parfums",
    "Beauté > Maquillage",
    "Mode > Sacs",
    "Mode > Accessoires",
    "Vins > Rouges",
    "Spiritueux > Cognac",
    "Épicerie fine > Sucré",
)
CONTENTS = ("30 ml", "50 ml", "75 cl", "1,5 L", "200 g", "250 g", "100 ml", "15 ml", "1 kg")
COUNTRIES = ("France", "France", "France", "Italie", "Espagne", "FR", "Made in France")
SIZES = ("XS", "S", "M", "L", "XL")
COLOURS = ("Rouge", "Noir", "Bleu marine", "Beige", "Blanc cassé", "Vert sapin")


def ean13(rng: random.Random) -> str:
    """A valid French EAN-13 (GS1 prefix 300-379)."""
    body = str(rng.randint(300, 379)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    odd = sum(int(d) for d in body[-1::-2])
    even = sum(int(d) for d in body[-2::-2])
    return body + str((10 - (odd * 3 + even) % 10) % 10)


def rows(count: int, seed: int = 20240501) -> Iterator[list[object]]:
    """``count`` data rows: single products and products with three size variants."""
    rng = random.Random(seed)
    made = dt.datetime(2022, 1, 1)
    produced = 0
    product = 0
    while produced < count:
        product += 1
        base = f"FR-{product:07d}"
        variants = 3 if product % 5 == 0 else 1
        name = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
        description = " ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + "."
        category = rng.choice(CATEGORIES)
        price = round(rng.uniform(5, 900), 2)
        content = rng.choice(CONTENTS)
        for v in range(variants):
            if produced >= count:
                return
            produced += 1
            sku = base if variants == 1 else f"{base}-{SIZES[v]}"
            yield [
                sku,
                "" if variants == 1 else base,
                name,
                "Maison Exemple",
                description,
                category,
                price,
                round(price / 1.2, 2),
                ean13(rng),
                f"{rng.choice(HS_HEADINGS)}.{rng.randint(10, 99)}.00",
                content,
                round(rng.uniform(0.05, 3), 3),
                rng.choice(COUNTRIES),
                f"https://cdn.exemple.fr/p/{sku}-1.jpg",
                f"https://cdn.exemple.fr/p/{sku}-2.jpg" if rng.random() < 0.7 else "",
                rng.randint(0, 500),
                rng.choice((12, 18, 24, 36)),
                SIZES[v] if variants > 1 else "",
                rng.choice(COLOURS),
                rng.choice(("Verre", "Cuir", "Coton", "Soie", "Carton")),
                made + dt.timedelta(minutes=rng.randint(0, 10**6)),
                rng.random() < 0.9,
                0.2,
                rng.choice(("Atelier Dupont", "Verrerie du Sud", "Tannerie Martin")),
                "" if rng.random() < 0.8 else "Nouveauté",
            ]


def write_xlsx(path: Path, count: int) -> None:
    """The catalogue as an xlsx, written with openpyxl in write-only mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Catalogue")
    sheet.append(["Catalogue Maison Exemple — export généré pour les mesures"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows(count):
        sheet.append(row)
    workbook.save(path)


def _french(value: object) -> str:
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",") if abs(value) >= 0.01 else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)


def write_csv(path: Path, count: int) -> None:
    """The catalogue as a French Excel CSV: ``;``, cp1252, decimal commas."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for row in rows(count):
            writer.writerow([_french(v) for v in row])


def _report(target: Path, start: float) -> None:
    size = target.stat().st_size / 1e6
    print(f"{target} ({size:.1f} MB) in {time.perf_counter() - start:.1f} s")


def main() -> None:
    """Write the files (both unless told otherwise)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--csv-only", action="store_true")
    group.add_argument("--xlsx-only", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    if not args.csv_only:
        start = time.perf_counter()
        target = DATA / f"catalogue-{args.rows}.xlsx"
        write_xlsx(target, args.rows)
        _report(target, start)
    if not args.xlsx_only:
        start = time.perf_counter()
        target = DATA / f"catalogue-{args.rows}.csv"
        write_csv(target, args.rows)
        _report(target, start)


if __name__ == "__main__":
    main()
