"""``export-kit validate`` against a bare python-calamine read of the same file.

Each measurement is its own process, timed from outside (wall time), with two memory
figures: the peak RSS of the largest process (``resource.getrusage(RUSAGE_CHILDREN)``) and
the peak of the proportional set size of the whole process tree, sampled every 50 ms from
``/proc`` (``validate`` forks worker processes on Linux; PSS counts the pages they share
with it once). The PSS comes from one more, untimed run of each case: a sample of a
400 MB process costs the kernel about 20 ms, a share of the cores the timed run uses.

- ``calamine``: a Python process that opens the workbook with python-calamine and touches
  every row of the first sheet: the floor for reading an xlsx in Python.
- ``validate``: the real command, ``export-kit validate FILE --format json``, stdout
  discarded (the report of a clean generated catalogue is small). Its first run, in a
  fresh workspace, imports the sidecar and writes ``memory.prepared``; the timed runs
  load the memory from there, as every run does while the memory does not change.

The machine's speed drifts (shared cores): runs alternate, and the ratio is given both of
the medians and as the median of each validate run over the bare read just before it.
Targets: validate ≤ 2× the bare read, peak memory ≤ 600 MB. Make the files first:
``python benchmarks/make_catalogue.py 100000``.

Usage: python benchmarks/bench_validate.py [ROWS] [--repeat N] [--csv]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BARE_READ = (
    "import sys, python_calamine\n"
    "sheet = python_calamine.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)\n"
    "n = sum(1 for _ in sheet.iter_rows())\n"
)


_PROBE = r"""
import resource, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
from _memory import TreeSampler

sample = sys.argv[2] == "sample"
t = time.perf_counter()
process = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL)
if sample:
    with TreeSampler(process.pid) as sampler:
        rc = process.wait()
    tree = sampler.peak_mb
else:
    rc, tree = process.wait(), 0.0
wall = time.perf_counter() - t
largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{wall} {largest} {tree} {rc}")
"""


def _measure(command: list[str], cwd: Path, *, sample: bool = False) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) of the largest process, and (``sample``) the peak of the
    whole process tree's proportional set size (MB: shared pages split between the
    processes that share them, so worker processes are counted once, fairly; else 0)."""
    # a fresh interpreter per measurement, so RUSAGE_CHILDREN's maximum is this child's
    here = str(Path(__file__).resolve().parent)
    probe = [sys.executable, "-c", _PROBE, here, "sample" if sample else "time", *command]
    out = subprocess.run(probe, cwd=cwd, capture_output=True, text=True, check=True).stdout
    wall, largest, tree, rc = out.split()
    if int(rc) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {rc}")
    return float(wall), float(largest), float(tree)


def main() -> None:
    """Run the comparison and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv", action="store_true", help="also validate the CSV")
    args = parser.parse_args()
    xlsx = DATA / f"catalogue-{args.rows}.xlsx"
    if not xlsx.exists():
        raise SystemExit(f"{xlsx} is missing: python benchmarks/make_catalogue.py {args.rows}")
    exe = str(Path(sys.executable).with_name("export-kit"))
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        work = ["--workspace", str(cwd / "ws")]
        cases = {
            "calamine": [sys.executable, "-c", BARE_READ, str(xlsx)],
            "validate xlsx": [exe, "validate", str(xlsx), "--format", "json", *work],
        }
        if args.csv:
            csv = xlsx.with_suffix(".csv")
            cases["validate csv"] = [exe, "validate", str(csv), "--format", "json", *work]
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases}
        # a catalogue with a sidecar .zh.tmx imports it into a fresh workspace on the first
        # read: time that once, apart, then measure the steady state (warm workspace)
        first: dict[str, tuple[float, float, float]] = {}
        for name, command in cases.items():
            if name != "calamine":
                first[name] = _measure(command, cwd)
        for _ in range(args.repeat):
            for name, command in cases.items():
                results[name].append(_measure(command, cwd))
        trees = {name: _measure(command, cwd, sample=True)[2] for name, command in cases.items()}
    print(f"{args.rows} rows, median of {args.repeat} runs (each its own process):")
    medians = {}
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        largest = max(r[1] for r in runs)
        tree = trees[name]
        medians[name] = wall
        print(
            f"  {name:14s} {wall:7.2f} s   peak RSS {largest:6.0f} MB (largest process), "
            f"{tree:6.0f} MB PSS (all its processes, own run)"
        )
    for name, (wall, largest, _) in first.items():
        print(
            f"  {name:14s} {wall:7.2f} s   peak RSS {largest:6.0f} MB  (first run, fresh workspace)"
        )
    ratio = medians["validate xlsx"] / medians["calamine"]
    # the machine's speed drifts: each validate run against the bare read just before it
    paired = statistics.median(
        v[0] / c[0] for v, c in zip(results["validate xlsx"], results["calamine"], strict=True)
    )
    print(
        f"  validate / bare read: {ratio:.2f}x of the medians, {paired:.2f}x median of pairs "
        "(target <= 2x)"
    )
    print(
        "  runs (validate, bare): "
        + ", ".join(
            f"{v[0]:.2f}/{c[0]:.2f}"
            for v, c in zip(results["validate xlsx"], results["calamine"], strict=True)
        )
    )


if __name__ == "__main__":
    main()
