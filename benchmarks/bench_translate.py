"""Translation at scale: provider requests and time, and the cost of memory lookups.

Generates a CSV catalogue of ROWS rows holding exactly DISTINCT distinct French texts
(names, descriptions — half of them HTML —, category paths, colours, sizes) and runs,
against the LibreTranslate-compatible stub server of ``export_kit.translate.stub`` on
127.0.0.1 with deep-translator's own ``LibreTranslator``:

1. cold: ``translate_catalogue`` on an empty workspace: provider requests (each distinct
   unit once: HTML text nodes and category segments are units) and wall time;
2. warm: the same again, everything in the memory: requests (must be 0) and time;
3. the validate pass with and without Chinese lookups, interleaved, best of REPEAT:
   ``read_catalogue`` → every product → ``Validator.check``, and for "with lookups" also
   ``ChineseTexts.field`` for every text field of every row, the brand and
   ``compose_title`` (what ``render`` asks of the memory): the strictest comparison;
4. the render run (``pipeline.render`` to tmall-global: validate, price, feed, preview)
   with the warm memory vs "translation switched off" (a stand-in whose Chinese is the
   French text: no memory, no glossary), best of RENDER_REPEAT. Target: ≤ 10 % more;
5. with ``--review``: the review workbook (one row per row and text field) on its own.

Usage: python benchmarks/bench_translate.py [--rows 100000] [--distinct 5000]
           [--repeat 5] [--render-repeat 3] [--concurrency 4] [--review]
"""

from __future__ import annotations

import argparse
import csv
import functools
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

WORDS = (  # noqa: SIM905 - a sentence of words is easier to read than a list
    "crème hydratante sérum éclat visage huile sèche parfum eau toilette baume lèvres gel "
    "douche savon lavande rose thé vert agrumes vanille ambre cuir sac pochette ceinture "
    "foulard soie laine cachemire coton lin vin rouge champagne cognac confiture miel "
    "chocolat biscuits caramel beurre salé épices truffe moutarde nuit jour corps mains"
).split()
SIZES_ML = (30, 50, 100)
T = TypeVar("T")
# brands with a built-in Chinese name, so that no product lacks one
BRANDS = ("Lancôme", "Guerlain", "Clarins", "Sisley")


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def make_catalogue(path: Path, rows: int, distinct: int, seed: int = 7) -> dict[str, int]:
    """Write the CSV; returns how many distinct texts each field holds."""
    rng = random.Random(seed)
    shares = {"name": 0.40, "description": 0.50, "category": 0.06, "colour": 0.03}
    counts = {field: int(distinct * share) for field, share in shares.items()}
    counts["size"] = distinct - sum(counts.values())
    pools: dict[str, list[str]] = {}
    seen: set[str] = set()

    def unique(make: Callable[[], str]) -> str:
        while True:
            text = make()
            if text not in seen:
                seen.add(text)
                return text

    pools["name"] = [
        unique(lambda: _phrase(rng, 3).capitalize() + f" {rng.choice([30, 50, 100])} ml")
        for _ in range(counts["name"])
    ]

    def description(i: int) -> str:
        if i % 2:
            return (
                f"<p>{_phrase(rng, 8).capitalize()}.</p><ul><li>{_phrase(rng, 3)}"
                f"</li><li>{_phrase(rng, 2)}</li></ul>"
            )
        return _phrase(rng, 12).capitalize() + "."

    pools["description"] = [
        unique(functools.partial(description, i)) for i in range(counts["description"])
    ]
    pools["category"] = [
        unique(lambda: f"{_phrase(rng, 1).capitalize()} > {_phrase(rng, 2)}")
        for _ in range(counts["category"])
    ]
    pools["colour"] = [
        unique(lambda: f"{_phrase(rng, 1).capitalize()} {_phrase(rng, 1)}")
        for _ in range(counts["colour"])
    ]

    def size(n: int) -> str:
        return f"T{n}"

    pools["size"] = [unique(functools.partial(size, n)) for n in range(1, counts["size"] + 1)]
    assert len(seen) == distinct
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Référence",
                "Désignation",
                "Marque",
                "Prix TTC (€)",
                "Catégorie",
                "Couleur",
                "Taille",
                "Description",
                "Code SH",
                "Contenance",
                "Images",
            ]
        )
        for row in range(rows):
            # the first rows use every text once, then texts repeat at random
            pick = {
                f: pool[row] if row < len(pool) else rng.choice(pool) for f, pool in pools.items()
            }
            writer.writerow(
                [
                    f"SKU-{row:06d}",
                    pick["name"],
                    BRANDS[row % len(BRANDS)],
                    f"{rng.randint(500, 9000) / 100:.2f}".replace(".", ","),
                    pick["category"],
                    pick["colour"],
                    pick["size"],
                    pick["description"],
                    "3304.99.00",
                    "50 ml",
                    f"https://img.example.com/{row:06d}.jpg",
                ]
            )
    return counts


def pipeline(path: Path, workspace: Path, *, lookups: bool) -> float:
    """Seconds for read → products → validate (→ Chinese lookups and titles)."""
    from export_kit.catalogue import read_catalogue
    from export_kit.config import Config
    from export_kit.model import TEXT_FIELDS
    from export_kit.translate import ChineseTexts, compose_title
    from export_kit.validate import Validator

    config = Config()
    start = time.perf_counter()
    catalogue = read_catalogue(path, config=config)
    validator = Validator(catalogue, config)
    texts = ChineseTexts.open(workspace, config, catalogue) if lookups else None
    found = 0
    for product in catalogue.iter_products():
        validator.check(product)
        if texts is not None:
            for sku in product.skus:
                for field in TEXT_FIELDS:
                    found += texts.field(sku, field) is not None
            texts.brand(product.brand)
            compose_title(product, texts, max_len=60, unit="gbk-bytes")
    validator.finish()
    if texts is not None:
        texts.close()
    return time.perf_counter() - start


class FrenchTexts:
    """ "Translation switched off": the French text stands in for the Chinese, no lookups."""

    default_brand = None
    snapshot = None  # no memory loaded whole: nothing to look up
    needs_review: dict[str, str] = {}  # noqa: RUF012 - no checks: nothing needs review

    def review_reasons(self, sku: object, field: str) -> None:
        return None

    @classmethod
    def open(
        cls, workspace: Path, config: object, catalogue: object = None, **options: object
    ) -> FrenchTexts:
        return cls()

    def prefetching(self, products: Iterable[T], fields: object = None) -> Iterator[T]:
        return iter(products)

    def field(self, sku: object, field: str) -> str | None:
        value = getattr(sku, field, None)
        return value if isinstance(value, str) and value.strip() else None

    def field_resolution(self, sku: object, field: str) -> object:
        from export_kit.translate import Resolution

        value = self.field(sku, field)
        return Resolution(value, "human" if value else None, bool(value))

    def brand(self, brand: str | None) -> str | None:
        return brand

    def close(self) -> None:
        return None


def render_run(path: Path, workspace: Path, out: Path, *, lookups: bool) -> float:
    """Seconds for ``pipeline.render`` to tmall-global, with the memory or with French texts."""
    from decimal import Decimal

    import export_kit.pipeline as pipeline_module
    from export_kit.config import Config

    # the pipeline's own name for the class, swapped for the run without lookups
    original = vars(pipeline_module)["ChineseTexts"]
    if not lookups:
        vars(pipeline_module)["ChineseTexts"] = FrenchTexts
    try:
        start = time.perf_counter()
        pipeline_module.render(
            path,
            platform="tmall-global",
            out=out,
            config=Config(),
            workspace=workspace,
            rate=Decimal("7.8"),
        )
        return time.perf_counter() - start
    finally:
        vars(pipeline_module)["ChineseTexts"] = original


def _compare(label: str, off: list[float], on: list[float]) -> None:
    best_off, best_on = min(off), min(on)
    print(
        f"{label} without lookups: best {best_off:.2f} s (median "
        f"{statistics.median(off):.2f} s, n={len(off)})"
    )
    print(
        f"{label} with lookups:    best {best_on:.2f} s (median "
        f"{statistics.median(on):.2f} s, n={len(on)})"
    )
    print(
        f"{label} lookups cost: {100 * (best_on / best_off - 1):+.1f} % (best), "
        f"{100 * (statistics.median(on) / statistics.median(off) - 1):+.1f} % (median); "
        "target ≤ +10 %"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the validate pass")
    parser.add_argument("--render-repeat", type=int, default=3, help="runs of render (0: none)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--review", action="store_true", help="also time the review workbook")
    parser.add_argument(
        "--reviewed",
        action="store_true",
        help="clear the needs-review marks after the warm run (as if a reviewer accepted "
        "them), so both renders list the same products",
    )
    args = parser.parse_args()

    import os

    from export_kit.catalogue import read_catalogue
    from export_kit.config import Config, TranslationConfig
    from export_kit.translate import ChineseTexts, translate_catalogue
    from export_kit.translate.exchange import write_review_rows
    from export_kit.translate.run import review_rows
    from export_kit.translate.stub import LibreStub

    folder = Path(tempfile.mkdtemp(prefix="bench-translate-"))
    try:
        path = folder / "catalogue.csv"
        started = time.perf_counter()
        counts = make_catalogue(path, args.rows, args.distinct)
        print(
            f"catalogue: {args.rows:,} rows, {args.distinct:,} distinct texts {counts} "
            f"({time.perf_counter() - started:.1f} s to write)"
        )
        workspace = folder / "ws"
        config = Config(translation=TranslationConfig(concurrency=args.concurrency))
        with LibreStub() as stub:
            os.environ["EXPORT_KIT_LIBRE_URL"] = stub.url
            catalogue = read_catalogue(path, config=config)
            started = time.perf_counter()
            cold = translate_catalogue(
                catalogue, config, provider="libre", workspace=workspace, review=None
            )
            cold_s = time.perf_counter() - started
            cold_requests = len(stub.requests)
            print(
                f"cold:  {cold_s:6.2f} s, {cold_requests:,} provider requests "
                f"({len(set(stub.requests)):,} distinct), summary {cold.to_dict()}"
            )
            started = time.perf_counter()
            warm = translate_catalogue(
                catalogue, config, provider="libre", workspace=workspace, review=None
            )
            warm_s = time.perf_counter() - started
            print(
                f"warm:  {warm_s:6.2f} s, {len(stub.requests) - cold_requests:,} provider "
                f"requests, summary {warm.to_dict()}"
            )
        if args.reviewed:
            from export_kit.translate.memory import TranslationMemory

            with TranslationMemory.open(workspace) as memory:
                memory.clear_review(memory.needs_review())
        if args.review:
            with ChineseTexts.open(workspace, config) as texts:
                started = time.perf_counter()
                written = write_review_rows(folder / "review.xlsx", review_rows(catalogue, texts))
                print(f"review workbook: {written:,} rows in {time.perf_counter() - started:.1f} s")

        off: list[float] = []
        on: list[float] = []
        for _ in range(args.repeat):
            off.append(pipeline(path, workspace, lookups=False))
            on.append(pipeline(path, workspace, lookups=True))
        _compare("validate pass", off, on)
        off, on = [], []
        for _ in range(args.render_repeat):
            off.append(render_run(path, workspace, folder / "out-off", lookups=False))
            on.append(render_run(path, workspace, folder / "out-on", lookups=True))
        if args.render_repeat:
            _compare("render run", off, on)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
