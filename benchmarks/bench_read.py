"""Reading speed and memory: a bare python-calamine read vs ``read_catalogue``.

Each measurement runs in its own process (peak RSS is per process), in this order:

- ``calamine``: ``CalamineWorkbook.from_path(...).get_sheet_by_index(0).iter_rows()``,
  every row touched: the floor for reading an xlsx in Python.
- ``xlsx``: ``read_catalogue`` + ``iter_products()`` over every product (rows parsed into
  ``Sku`` models, grouped into products), the reading part of ``validate``.
- ``csv``: the same on the ``;``-separated cp1252 CSV of the same data.
- ``csv-half``: the CSV's first half, to show that memory stays flat as rows grow.

Prints wall times, the xlsx / calamine ratio, and peak RSS from ``resource.getrusage``.
Make the files first: ``python benchmarks/make_catalogue.py 100000``.

Usage: python benchmarks/bench_read.py [ROWS] [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_calamine(path: Path) -> dict[str, float]:
    """Bare python-calamine: open, load the first sheet, touch every row."""
    import python_calamine

    start, cpu = time.perf_counter(), _cpu()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = 0
    for _ in sheet.iter_rows():
        rows += 1
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "rows": rows,
        "peak_mb": _peak_mb(),
    }


def run_catalogue(path: Path, limit: int | None = None) -> dict[str, float]:
    """``read_catalogue`` and every product (``limit``: stop after that many rows)."""
    from export_kit.catalogue import read_catalogue

    start, cpu = time.perf_counter(), _cpu()
    catalogue = read_catalogue(path)
    opened = time.perf_counter() - start
    rows = products = issues = 0
    if limit is None:
        for product in catalogue.iter_products():
            products += 1
            rows += len(product.skus)
            issues += sum(len(sku.issues) for sku in product.skus)
    else:
        for sku in itertools.islice(catalogue.iter_skus(), limit):
            rows += 1
            issues += len(sku.issues)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "open_seconds": opened,
        "rows": rows,
        "products": products,
        "issues": issues,
        "peak_mb": _peak_mb(),
    }


def _child(kind: str, path: str, limit: str) -> None:
    target = Path(path)
    if kind == "calamine":
        result = run_calamine(target)
    else:
        result = run_catalogue(target, int(limit) if limit != "-" else None)
    print(json.dumps(result))


def _measure(kind: str, path: Path, limit: int | None = None) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(limit or "-")],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Run each measurement ``--repeat`` times and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    xlsx = DATA / f"catalogue-{args.rows}.xlsx"
    csv_path = DATA / f"catalogue-{args.rows}.csv"
    for needed in (xlsx, csv_path):
        if not needed.is_file():
            sys.exit(f"{needed} is missing: run python benchmarks/make_catalogue.py {args.rows}")
    plan = [
        ("calamine", xlsx, None),
        ("xlsx", xlsx, None),
        ("csv", csv_path, None),
        ("csv-half", csv_path, args.rows // 2),
    ]
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in plan}
    for _ in range(args.repeat):
        for name, path, limit in plan:
            kind = "calamine" if name == "calamine" else "catalogue"
            results[name].append(_measure(kind, path, limit))
    print(f"{args.rows:,} rows x 25 columns, median of {args.repeat} (each in its own process)")
    medians: dict[str, tuple[float, float]] = {}
    for name, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        medians[name] = (seconds, cpu)
        spread = ", ".join(f"{r['seconds']:.2f}" for r in runs)
        extra = ""
        if "products" in runs[0] and runs[0]["products"]:
            extra = f"  rows {int(runs[0]['rows']):,}, products {int(runs[0]['products']):,}"
        print(
            f"  {name:<9} wall {seconds:6.2f} s (runs: {spread})  cpu {cpu:6.2f} s"
            f"  peak RSS {peak:5.0f} MB{extra}"
        )
    wall = medians["xlsx"][0] / medians["calamine"][0]
    cpu_ratio = medians["xlsx"][1] / medians["calamine"][1]
    print(f"  xlsx / calamine ratio: wall {wall:.2f}, cpu {cpu_ratio:.2f}")


if __name__ == "__main__":
    main()
