"""The whole run (read → validate → price → render) vs a bare python-calamine read.

With a warm memory: a sidecar ``<catalogue>.zh.tmx`` holding Chinese for every distinct text
of the generated catalogue is written and imported into the benchmark's workspace first,
so the timed runs read Chinese from the memory, as ``render`` does on a translated
catalogue. Each measurement runs in its own process (peak RSS is per process):

- ``calamine``: ``CalamineWorkbook.from_path(...).get_sheet_by_index(0).iter_rows()``,
  every row touched: the floor for reading an xlsx in Python.
- ``xlsx <platform>``: :func:`export_kit.pipeline.render` of the xlsx to each platform: the
  feed, ``preview.html``, ``manifest.json`` and ``report.json``. The memory comes from the
  workspace's ``memory.prepared``, as on every run while the memory does not change.
- ``xlsx <platform>, memory from SQLite``: the same with ``memory.prepared`` deleted first,
  as on the first run after the memory changed (that run writes it again at its end).
- ``csv 10k`` / ``csv <rows>``: the same to ``tmall-global`` from the CSV of the same data, at
  10,000 rows and at all rows: memory must stay flat as rows grow (< 100 MB more).

The timed runs are not sampled: reading ``/proc/<pid>/smaps_rollup`` of a 400 MB process
takes the kernel about 20 ms, so sampling every 0.1 s took a fifth of a core from a run
that uses both. The PSS of each case comes from one more run of it, sampled every 50 ms;
the peak RSS of the largest process (``ru_maxrss``) from the timed runs.

Targets: a run ≤ 3× the bare read; peak RSS ≤ 800 MB on the 100,000-row xlsx.
Makes missing catalogues with ``benchmarks/make_catalogue.py``.

Usage: python benchmarks/bench_run.py [ROWS] [--repeat N] [--platforms P,...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from _memory import TreeSampler

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
WORK = DATA / "run"
PLATFORMS = ("tmall-global", "jd-worldwide", "douyin-global")
SMALL_CSV_ROWS = 10_000

# Chinese product words for the generated texts: deterministic, short, and free of the
# Advertising Law and medical terms the validator reports.
_CHARS = (
    "精华面霜乳液香水柔润清新滋养手袋皮革丝巾红酒果酱"
    "蜂蜜饼干焦糖黄油香料玫瑰绿茶柑橘香草琥珀棉麻羊绒"
)
_CATEGORIES = {
    "Beauté > Soins visage": "美容 > 面部护理",
    "Beauté > Parfums": "美容 > 香水",
    "Beauté > Maquillage": "美容 > 彩妆",
    "Mode > Sacs": "时尚 > 包袋",
    "Mode > Accessoires": "时尚 > 配饰",
    "Vins > Rouges": "葡萄酒 > 红葡萄酒",
    "Spiritueux > Cognac": "烈酒 > 干邑",
    "Épicerie fine > Sucré": "精品食品 > 甜食",
}
_COLOURS = {
    "Rouge": "红色",
    "Noir": "黑色",
    "Bleu marine": "海军蓝",
    "Beige": "米色",
    "Blanc cassé": "米白色",
    "Vert sapin": "松绿色",
}
CONFIG = """# export-kit.toml of the run benchmark (written by benchmarks/bench_run.py)
[brand]
name = "Maison Exemple"
chinese_name = "示例之家"

[pricing]
eur_cny = 7.8
rate_date = 2026-11-02
max_rate_age_days = 36500
"""
# every category mapped, as in a configured catalogue (ids invented)
CONFIG += "".join(
    f"\n[platforms.{platform}.categories]\n"
    + "".join(f'"{category}" = "{5000 + n}"\n' for n, category in enumerate(_CATEGORIES))
    for platform in PLATFORMS
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    # CPU time of this process and its finished workers: steadier than wall time on a
    # shared, busy machine
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _chinese(text: str, length: int) -> str:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=32).digest()
    return "".join(_CHARS[b % len(_CHARS)] for b in digest[:length])


def write_sidecar(catalogue: Path, rows: int) -> Path:
    """``<catalogue>.zh.tmx``: Chinese for every distinct text of the generated rows."""
    sys.path.insert(0, str(HERE))
    from make_catalogue import rows as generated_rows

    pairs: dict[str, str] = {}
    for row in generated_rows(rows):
        name, description, category = str(row[2]), str(row[4]), str(row[5])
        size, colour = str(row[17]), str(row[18])
        pairs.setdefault(name, _chinese(name, 6))
        pairs.setdefault(description, _chinese(description, 24) + "。")
        pairs.setdefault(category, _CATEGORIES.get(category, _chinese(category, 4)))
        if colour:
            pairs.setdefault(colour, _COLOURS.get(colour, _chinese(colour, 2)))
        if size:
            pairs.setdefault(size, size)
    target = catalogue.with_name(catalogue.name + ".zh.tmx")
    with target.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        handle.write(
            '<header creationtool="bench_run" creationtoolversion="1" datatype="plaintext" '
            'segtype="block" adminlang="en" srclang="fr-FR" o-tmf="export-kit"/>\n<body>\n'
        )
        for french, chinese in pairs.items():
            handle.write(
                f'<tu><tuv xml:lang="fr-FR"><seg>{escape(french)}</seg></tuv>'
                f'<tuv xml:lang="zh-CN"><seg>{escape(chinese)}</seg></tuv></tu>\n'
            )
        handle.write("</body>\n</tmx>\n")
    return target


def run_calamine(path: Path) -> dict[str, float]:
    """Bare python-calamine: open, load the first sheet, touch every row."""
    import python_calamine

    cpu = _cpu()
    start = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = 0
    for _ in sheet.iter_rows():
        rows += 1
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu() - cpu,
        "rows": rows,
        "peak_mb": _peak_mb(),
    }


def run_render(path: Path, platform: str) -> dict[str, float]:
    """``pipeline.render`` of the catalogue to ``platform`` with the benchmark config."""
    from export_kit.config import load_config
    from export_kit.pipeline import render

    config = load_config(WORK / "export-kit.toml")
    out = WORK / "out" / f"{path.stem}-{path.suffix[1:]}-{platform}"
    cpu = _cpu()
    start = time.perf_counter()
    result = render(path, platform=platform, out=out, config=config, workspace=WORK / "ws")
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu() - cpu,
        "products": result.products,
        "exported": result.exported,
        "errors": result.errors,
        "warnings": result.warnings,
        "feed_mb": result.feed.bytes / 1e6,
        "preview_mb": result.preview.bytes / 1e6,
        "peak_mb": _peak_mb(),
    }


def warm_memory(paths: list[Path]) -> None:
    """Import the sidecars into the benchmark workspace (done once, before any timing)."""
    from export_kit.translate.memory import TranslationMemory
    from export_kit.translate.texts import import_sidecars

    with TranslationMemory.open(WORK / "ws") as memory:
        for path in paths:
            start = time.perf_counter()
            changed = import_sidecars(memory, path)
            print(
                f"  memory: {changed:,} entries from {path.name}.zh.tmx "
                f"in {time.perf_counter() - start:.1f} s",
                flush=True,
            )


def _child(kind: str, path: str, platform: str) -> None:
    target = Path(path)
    if kind == "render-cold":
        # the memory read from SQLite, as on the first run after it changed (the run
        # writes memory.prepared again at its end, for the runs that follow)
        from export_kit.validate.prepared import PREPARED_FILE

        (WORK / "ws" / PREPARED_FILE).unlink(missing_ok=True)
    result = run_calamine(target) if kind == "calamine" else run_render(target, platform)
    print(json.dumps(result))


def _measure(
    kind: str, path: Path, platform: str = "-", *, sample: bool = False
) -> dict[str, float]:
    # the PSS of the child's process tree is sampled from here (a sampling thread inside
    # the measured process would take its GIL), and only when asked: each sample costs
    # the kernel ~20 ms of a core the measured run would use
    with subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(path), platform],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        if sample:
            with TreeSampler(child.pid, interval=0.05) as sampler:
                stdout, stderr = child.communicate()
        else:
            stdout, stderr = child.communicate()
    if child.returncode != 0:
        sys.exit(f"{kind} {path.name} {platform} failed:\n{stderr[-3000:]}")
    result: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    if sample:
        result["tree_mb"] = sampler.peak_mb
    return result


def _ensure(path: Path, rows: int, flag: str) -> None:
    if not path.is_file():
        print(f"  making {path.name}...", flush=True)
        subprocess.run(
            [sys.executable, str(HERE / "make_catalogue.py"), str(rows), flag], check=True
        )


def main() -> None:
    """Run each measurement ``--repeat`` times and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--platforms", default=",".join(PLATFORMS))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    platforms = [p for p in args.platforms.split(",") if p]
    xlsx = DATA / f"catalogue-{args.rows}.xlsx"
    big_csv = DATA / f"catalogue-{args.rows}.csv"
    small_csv = DATA / f"catalogue-{SMALL_CSV_ROWS}.csv"
    _ensure(xlsx, args.rows, "--xlsx-only")
    _ensure(big_csv, args.rows, "--csv-only")
    _ensure(small_csv, SMALL_CSV_ROWS, "--csv-only")
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "export-kit.toml").write_text(CONFIG, encoding="utf-8")
    print("warming the translation memory", flush=True)
    for path, rows in ((xlsx, args.rows), (big_csv, args.rows), (small_csv, SMALL_CSV_ROWS)):
        write_sidecar(path, rows)
    warm_memory([xlsx, big_csv, small_csv])

    plan: list[tuple[str, str, Path, str]] = [("calamine", "calamine", xlsx, "-")]
    # first in each round: it writes the memory.prepared the other runs load
    cold = f"xlsx {platforms[0]}, memory from SQLite"
    plan += [(cold, "render-cold", xlsx, platforms[0])]
    plan += [(f"xlsx {p}", "render", xlsx, p) for p in platforms]
    plan += [
        ("csv 10k", "render", small_csv, "tmall-global"),
        (f"csv {args.rows:,}", "render", big_csv, "tmall-global"),
    ]
    results: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in plan}
    for _ in range(args.repeat):
        for name, kind, path, platform in plan:
            results[name].append(_measure(kind, path, platform))
            last = results[name][-1]
            print(
                f"  {name}: {last['seconds']:.2f} s (CPU {last['cpu_seconds']:.2f} s)", flush=True
            )

    # memory: one more run of each case, its process tree's PSS sampled (not timed)
    trees = {
        name: _measure(kind, path, platform, sample=True)["tree_mb"]
        for name, kind, path, platform in plan
    }

    print(f"\n{args.rows:,} rows x 25 columns, median of {args.repeat} (each in its own process)")
    medians: dict[str, dict[str, float]] = {}
    for name, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        tree = trees[name]
        medians[name] = {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak}
        spread = ", ".join(f"{r['seconds']:.2f}" for r in runs)
        extra = ""
        if "products" in runs[0]:
            first = runs[0]
            extra = (
                f"  products {int(first['products']):,}, exported {int(first['exported']):,},"
                f" feed {first['feed_mb']:.1f} MB, preview {first['preview_mb']:.1f} MB"
            )
        print(
            f"  {name:<38} {seconds:6.2f} s  (runs: {spread}; CPU {cpu:.2f} s)"
            f"  peak RSS {peak:6.0f} MB (PSS of all its processes, own run: {tree:.0f} MB){extra}"
        )
    floor = medians["calamine"]
    for name in [f"xlsx {p}" for p in platforms] + [cold]:
        run = medians[name]
        # the machine's speed drifts: each run against the bare read of the same round
        paired = statistics.median(
            r["seconds"] / c["seconds"]
            for r, c in zip(results[name], results["calamine"], strict=True)
        )
        print(
            f"  run / calamine, {name[5:]}: wall {run['seconds'] / floor['seconds']:.2f} "
            f"(median of pairs {paired:.2f}), CPU {run['cpu_seconds'] / floor['cpu_seconds']:.2f}"
            " (target <= 3; CPU counts every process)"
        )
    big = medians[f"csv {args.rows:,}"]["peak_mb"]
    small = medians["csv 10k"]["peak_mb"]
    print(
        f"  CSV peak RSS growth {SMALL_CSV_ROWS:,} -> {args.rows:,} rows: {big - small:+.0f} MB "
        "(target < 100)"
    )


if __name__ == "__main__":
    main()
