"""``validate --report`` and ``--invalid-rows`` on a big workbook: time and peak memory.

Each case is its own process: it reads and checks the catalogue, then writes one output,
and prints the time of the write and the process's peak RSS before and after it (the
read's own peak is the "before").

- ``whole``: the annotated copy made from the workbook loaded whole (openpyxl), as for a
  workbook up to ``WHOLE_COPY_MAX_CELLS`` cells.
- ``rows``: the annotated copy written row by row, as past that size (and for a CSV).
- ``rejected``: ``--invalid-rows`` as a CSV when a file-level error rejects every row
  (a ``missing-column`` for the price added to the report): the product pass and every
  row written.

Make the files first: ``python benchmarks/make_catalogue.py 20000 --xlsx-only``.

Usage: python benchmarks/bench_outputs.py [ROWS] [--cases whole,rows,rejected]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_CASE = r"""
import resource, sys, time
from pathlib import Path
from export_kit.catalogue import read_catalogue
from export_kit.config import Config
from export_kit.validate import annotate, validate_catalogue
from export_kit.validate.outputs import write_invalid_rows
from export_kit.validate.report import Finding

case, source, folder = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
catalogue = read_catalogue(source)
report = validate_catalogue(catalogue, Config())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
if case == "rejected":
    report.findings.append(
        Finding("missing-column", "error", "No price column.", row=catalogue.header_row,
                field="price")
    )
    written = write_invalid_rows(catalogue, report, folder / "rejected.csv")
else:
    annotate.WHOLE_COPY_MAX_CELLS = 10**12 if case == "whole" else 0
    annotate.write_annotated_copy(catalogue, report, folder / "annotated.xlsx")
    written = catalogue.rows
seconds = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{case:9} {seconds:6.1f} s  peak {before:5.0f} MB before, {after:5.0f} MB after "
      f"({written:,} rows)")
"""


def main() -> None:
    """Run each case once on ``benchmarks/data/catalogue-ROWS.xlsx``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=20_000)
    parser.add_argument("--cases", default="whole,rows,rejected")
    args = parser.parse_args()
    source = DATA / f"catalogue-{args.rows}.xlsx"
    if not source.is_file():
        sys.exit(f"{source} is missing: run python benchmarks/make_catalogue.py {args.rows}")
    with tempfile.TemporaryDirectory() as folder:
        for case in args.cases.split(","):
            subprocess.run(
                [sys.executable, "-c", _CASE, case.strip(), str(source), folder], check=True
            )


if __name__ == "__main__":
    main()
