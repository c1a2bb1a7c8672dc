"""The whole job in one call: read → validate → translate → price → render (→ publish).

:func:`run` and :func:`render` make one streaming pass over the products: each product is
validated, priced and turned into a listing, and either goes into the feed (written as the
template asks for the next item) or is left out and listed in the manifest. Nothing holds
all products at once; only the findings (for ``report.json``) and the left-out outer ids
(for ``manifest.json``) are kept, and the preview's listings are spooled to a temporary file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from export_kit.catalogue import is_workbook, read_catalogue
from export_kit.catalogue.base import Catalogue
from export_kit.collector import fewer_collections
from export_kit.config import CONFIG_NAME, Config, load_config
from export_kit.errors import ConfigError, ExportKitError
from export_kit.model import Product
from export_kit.platforms import Platform, get_platform
from export_kit.pricing import Rate, SkuPrice, resolve_rate
from export_kit.render import (
    MANIFEST_NAME,
    PREVIEW_NAME,
    REPORT_NAME,
    PreviewSpool,
    WrittenFile,
    build_listing,
    build_manifest,
    make_environment,
    render_to_file,
    write_chunks,
    write_json,
)
from export_kit.render.compliance import (
    PACK_CSV,
    PACK_HTML,
    PACK_TEMPLATE,
    PackSpool,
    pack_header,
    product_record,
    write_pack,
)
from export_kit.render.filters import csv_row
from export_kit.render.listing import listing_gaps
from export_kit.render.manifest import EncodedFindings, encode_findings, write_report
from export_kit.render.output import BOM_SUFFIXES
from export_kit.render.parts import Part, copy_parts, parts_agree, render_part, renders_in_parts
from export_kit.render.preview import PREVIEW_LIMIT, PREVIEW_TEMPLATE, SpoolRecords, finding_dict
from export_kit.shares import PIECES_PER_JOB, Board, default_jobs, in_shares, planned_shares
from export_kit.targets import catalogue_inputs, check_output_folder
from export_kit.translate import ChineseTexts
from export_kit.validate.ahead import MemoryAhead
from export_kit.validate.gate import PlatformGate, incomplete_listing
from export_kit.validate.report import Finding, Report
from export_kit.workspace import workspace_dir

__all__ = [
    "BatchJob",
    "Progress",
    "RunResult",
    "expand_catalogues",
    "output_folders",
    "render",
    "run",
    "run_batch",
    "run_job",
]

#: products a process counts before it adds them to the shared progress of a parallel run
_TALLY_EVERY = 256
#: ``progress(done, total)`` after each product (``total`` counted before the pass)
Progress = Callable[[int, int], None]


@dataclass
class RunResult:
    """What a run produced: the counts, the files and the findings."""

    source: Path
    platform: str
    out: Path
    report: Report
    rate: Rate
    products: int
    exported: int
    excluded: list[dict[str, Any]]
    feed: WrittenFile
    preview: WrittenFile
    manifest: dict[str, Any]
    strict: bool = False
    translation: Any = None
    receipt: Any = None
    catalogue_errors: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Error findings in the report."""
        return self.report.errors

    @property
    def warnings(self) -> int:
        """Warning findings in the report."""
        return self.report.warnings

    @property
    def publish_failed(self) -> bool:
        """True when ``--publish`` stopped early or some item failed after retries."""
        if self.receipt is None:
            return False
        return bool(getattr(self.receipt, "stopped", None) or getattr(self.receipt, "failed", 0))

    @property
    def exit_code(self) -> int:
        """4 when publishing failed; 1 when a product was left out or the report fails
        (warnings too with ``strict``); else 0."""
        if self.publish_failed:
            return 4
        if self.excluded or not self.report.ok(strict=self.strict):
            return 1
        return 0

    def summary(self) -> dict[str, Any]:
        """The ``run --format json`` document."""
        return {
            "source": str(self.source),
            "platform": self.platform,
            "out": str(self.out),
            "products": self.products,
            "exported": self.exported,
            "excluded": len(self.excluded),
            "excluded_products": self.manifest["excluded"],
            "errors": self.errors,
            "warnings": self.warnings,
            "feed": str(self.feed.path),
            "preview": str(self.preview.path),
            "manifest": str(self.out / MANIFEST_NAME),
            "report": str(self.out / REPORT_NAME),
            "rate": self.rate.to_dict(),
            "translation": _as_dict(self.translation),
            "publish": _as_dict(self.receipt),
            "exit_status": self.exit_code,
        }


def render(
    catalogue_path: Path,
    *,
    platform: str,
    out: Path,
    config: Config | None = None,
    workspace: Path | None = None,
    rate: Decimal | None = None,
    rates: str | None = None,
    rates_file: Path | None = None,
    templates: Path | None = None,
    strict: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
    mappings: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    preview_limit: int | None = PREVIEW_LIMIT,
    jobs: int | None = None,
    compliance: bool = False,
) -> RunResult:
    """Render the feed, ``preview.html``, ``manifest.json`` and ``report.json`` into ``out``.

    Chinese texts come from the translation memory only (with the catalogue's sidecar
    ``<file>.zh.tmx`` imported); no provider is called. Products with error findings (and
    warnings, with ``strict``) are left out of the feed and listed in the manifest.
    """
    return run(
        catalogue_path,
        platform=platform,
        out=out,
        config=config,
        workspace=workspace,
        provider=None,
        rate=rate,
        rates=rates,
        rates_file=rates_file,
        templates=templates,
        strict=strict,
        sheet=sheet,
        encoding=encoding,
        mappings=mappings,
        progress=progress,
        now=now,
        preview_limit=preview_limit,
        jobs=jobs,
        compliance=compliance,
    )


def run(
    catalogue_path: Path,
    *,
    platform: str,
    out: Path,
    config: Config | None = None,
    workspace: Path | None = None,
    provider: str | None = None,
    rate: Decimal | None = None,
    rates: str | None = None,
    rates_file: Path | None = None,
    templates: Path | None = None,
    strict: bool = False,
    publish: bool = False,
    endpoint: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    mappings: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    preview_limit: int | None = PREVIEW_LIMIT,
    jobs: int | None = None,
    compliance: bool = False,
) -> RunResult:
    """Read, validate, translate (with ``provider``), price and render; publish if asked.

    Args:
        config: the configuration (default: the ``export-kit.toml`` beside the catalogue,
            else in the current folder).
        provider: a translation provider name; ``None`` or ``"none"`` calls none (the
            memory, the glossary and the sidecar translations only).
        rate, rates, rates_file: the EUR→CNY rate (``--rate``, ``--rates ecb``,
            ``--rates-file``); else ``[pricing]`` of the config.
        templates: a folder of the user's templates (``--templates``).
        strict: warnings count as errors (their products are left out too).
        publish, endpoint: upload the rendered feed afterwards (``run --publish``).
        progress: called as ``progress(done, total)`` after each product.
        now: the ``generated_at`` time (default: now).
        preview_limit: cards shown per section of ``preview.html`` (``None``: all).
        jobs: processes for a big catalogue (Linux, built-in templates; default: one per
            CPU for a workbook, one for a text file, which streams in flat memory): each
            checks and renders a share of the rows (:mod:`export_kit.shares`).
    """
    catalogue_path = Path(catalogue_path)
    out = Path(out)
    cfg = config if config is not None else load_config(None, catalogue_path)
    target = get_platform(platform, cfg)
    writes = [target.feed_file, PREVIEW_NAME, MANIFEST_NAME, REPORT_NAME, PACK_HTML, PACK_CSV]
    if publish:
        writes.append(f"receipt-{target.name}.json")
    check_output_folder(
        out,
        option="--out",
        writes=writes,
        inputs=catalogue_inputs(
            catalogue_path,
            cfg.path,
            ("the glossary", cfg.resolve(cfg.translation.glossary)),
            ("the rates file", rates_file),
            ("the templates folder", templates),
        ),
        workspace=workspace,
    )
    ws = workspace_dir(workspace)
    the_rate = resolve_rate(cfg, rate=rate, rates=rates, rates_file=rates_file, workspace=ws)
    if the_rate is None:  # resolve_rate raises first; kept for the type checker
        raise ConfigError("No EUR to CNY exchange rate: pass --rate EUR_CNY or --rates ecb.")
    environment = make_environment(templates)
    translating = provider is not None and provider.strip().casefold() != "none"
    # a workbook is held whole in memory anyway; a text catalogue streams in flat memory,
    # its Chinese looked up a chunk at a time
    workbook = is_workbook(catalogue_path)
    # without a provider the memory will not change: it loads (sidecars imported first)
    # while python-calamine reads the workbook, which frees the GIL
    ahead = workbook and not translating
    with MemoryAhead(
        ws,
        catalogue_path,
        size_hint=catalogue_path.stat().st_size if ahead else 0,
        enabled=ahead,
        config=cfg,
        # compiled once here, not in each process (the preview's takes 50 ms)
        also=[
            functools.partial(environment.get_template, target.template),
            functools.partial(environment.get_template, PREVIEW_TEMPLATE),
            functools.partial(environment.get_template, PACK_TEMPLATE),
        ],
    ) as memory:
        catalogue = read_catalogue(
            catalogue_path, config=cfg, sheet=sheet, encoding=encoding, mappings=mappings
        )
        snapshot = memory.snapshot()
    translation = None
    if translating and provider is not None:
        translation = _translate(catalogue, cfg, ws, provider)
    generated_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    texts = ChineseTexts.open(
        ws, cfg, None if ahead else catalogue, snapshot=snapshot, whole_memory=workbook
    )
    try:
        packing = PackSpool() if compliance else contextlib.nullcontext(None)
        with fewer_collections(), PreviewSpool(preview_limit) as spool, packing as pack:
            state = _Pass(
                pack=pack,
                catalogue=catalogue,
                config=cfg,
                platform=target,
                rate=the_rate,
                texts=texts,
                strict=strict,
                spool=spool,
                progress=progress,
            )
            context = {
                "platform": _platform_dict(target),
                "rate": the_rate.to_dict(),
                "generated_at": generated_at.isoformat(timespec="seconds"),
                "source": catalogue_path.name,
            }
            joining: Future[WrittenFile] | None = None
            parts = 1
            if renders_in_parts(environment, target.template):
                # a text catalogue streams in flat memory: in several processes only when
                # asked (each holds its share's findings and its own copy of touched pages)
                wanted = jobs if jobs is not None else default_jobs() if workbook else 1
                parts = planned_shares(catalogue, wanted)
            if parts > 1:
                joining = _render_in_shares(
                    parts,
                    state,
                    out=out,
                    environment=environment,
                    context=context,
                    workspace=ws,
                    whole_memory=workbook,
                    preview_limit=preview_limit,
                )
            if joining is None:
                joining = Future()
                joining.set_result(
                    render_to_file(
                        environment,
                        target.template,
                        {**context, "items": state.listings()},
                        out / target.feed_file,
                    )
                )
            report = state.finish()
            write_report(
                out / REPORT_NAME,
                report,
                leading=len(state.catalogue_level),
                encoded=state.encoded,
            )
            feed = joining.result()
            manifest = build_manifest(
                source=catalogue_path.name,
                platform=target.name,
                rate=the_rate,
                products=state.products,
                exported=state.exported,
                excluded=state.excluded,
                feed=feed,
                out=out,
                generated_at=generated_at,
                quality=state.quality,
            )
            summary = {
                **manifest,
                "excluded": len(state.excluded),
                "errors": report.errors,
                "warnings": report.warnings,
                "infos": report.infos,
            }
            preview = spool.render(
                environment,
                out / PREVIEW_NAME,
                {
                    **context,
                    "summary": summary,
                    "catalogue_findings": [finding_dict(f) for f in state.catalogue_level],
                },
            )
            write_json(out / MANIFEST_NAME, manifest)
            header = pack_header(
                catalogue=catalogue_path,
                platform=target,
                rate=the_rate,
                config=cfg,
                generated_at=generated_at,
            )
            if pack is not None:
                write_pack(out, environment=environment, header=header, spool=pack)
    finally:
        texts.close()
    memory.keep()  # the memory as prepared, for the next run (when read from SQLite)
    result = RunResult(
        source=catalogue_path,
        platform=target.name,
        out=out,
        report=report,
        rate=the_rate,
        products=state.products,
        exported=state.exported,
        excluded=state.excluded,
        feed=feed,
        preview=preview,
        manifest=manifest,
        strict=strict,
        translation=translation,
    )
    if publish:
        result.receipt = _publish(out, target, cfg, ws, endpoint)
    return result


@dataclass
class _Share:
    """What one process found and rendered for its range of rows."""

    part: Part
    findings: list[Finding]
    #: the same findings, sorted and encoded for report.json in the process that had them
    encoded: EncodedFindings
    excluded: list[dict[str, Any]]
    quality: list[dict[str, Any]]
    products: int
    exported: int
    spool: SpoolRecords
    #: the share's compliance-pack spool file and its record count
    pack: tuple[str, int] | None = None


def _render_in_shares(
    parts: int,
    state: _Pass,
    *,
    out: Path,
    environment: Any,
    context: dict[str, Any],
    workspace: Path,
    whole_memory: bool,
    preview_limit: int | None,
) -> Future[WrittenFile] | None:
    """Check and render ``state``'s catalogue in ``parts`` processes, each a range of rows;
    merge what they found into ``state`` and join the feed, in a thread: its future. None:
    the parts do not join (nothing merged: render in one process)."""
    catalogue, platform = state.catalogue, state.platform
    target = out / platform.feed_file
    parent = os.getpid()
    progress = state.progress
    pieces = parts * PIECES_PER_JOB
    # per range: the preview cards and left-out products it had in all, so a later range
    # keeps only as many as the preview can still show; and the products done in all
    board = Board(pieces, width=2)
    opened: dict[int, ChineseTexts] = {}
    overall: list[int] = []  # the products of the whole file, once known (parent only)

    def texts_here() -> ChineseTexts:
        # one memory reader per process for all its ranges; a worker's is never closed:
        # it only read, and the process ends with os._exit
        if os.getpid() == parent:
            return state.texts
        pid = os.getpid()
        if pid not in opened:
            opened.clear()  # a fork of a process that had one
            opened[pid] = ChineseTexts.open(
                workspace, state.config, snapshot=state.texts.snapshot, whole_memory=whole_memory
            )
        return opened[pid]

    def share(first: int, stop: int, index: int) -> _Share:
        mine = os.getpid() == parent
        cards_before = excluded_before = 0
        for earlier in range(index):  # those not done yet count as none: keeps enough
            cards, excluded = board.get(earlier)
            cards_before += cards
            excluded_before += excluded
        counted = 0

        def tick(done: int, total: int) -> None:
            nonlocal counted
            if done - counted >= _TALLY_EVERY:
                board.add(done - counted)
                counted = done
            if mine and progress is not None:
                if not overall:
                    overall.append(catalogue.whole_products())
                progress(board.total + done - counted, overall[0])

        with (
            PreviewSpool(preview_limit, kept_before=(cards_before, excluded_before)) as spool,
            (
                PackSpool(target.parent, f".{target.name}.pack.")
                if state.pack is not None
                else contextlib.nullcontext(None)
            ) as pack,
        ):
            shared = _Pass(
                pack=pack,
                catalogue=catalogue,
                config=state.config,
                platform=platform,
                rate=state.rate,
                texts=texts_here(),
                strict=state.strict,
                spool=spool,
                progress=tick,
                seen_skus=catalogue.first_rows_before(first),
            )
            part = render_part(
                environment,
                platform.template,
                context,
                shared.listings(),
                target.with_name(f".{target.name}.{first}.part"),
            )
            shared.finish()
            board.add(shared.products - counted)
            board.put(index, (spool.cards_total, spool.excluded_total))
            findings = shared.report.findings[len(shared.catalogue_level) :]
            return _Share(
                part=part,
                findings=findings,
                encoded=encode_findings(findings),
                excluded=shared.excluded,
                quality=shared.quality,
                products=shared.products,
                exported=shared.exported,
                spool=spool.records(),
                pack=pack.detach() if pack is not None else None,
            )

    shares: list[_Share] = []
    joining: Future[WrittenFile] | None = None
    try:
        shares = in_shares(catalogue, parts, share, pieces=pieces)
        if parts_agree([s.part for s in shares]):
            # joined in a thread (copying and hashing free the GIL) while the results
            # are merged and the report written: 0.15 s of a 100,000-row render
            pool = ThreadPoolExecutor(1, thread_name_prefix="export-kit-join")
            joining = pool.submit(_join, [s.part for s in shares], target)
            pool.shutdown(wait=False)  # the thread ends with the join
    finally:
        if joining is None:
            _remove_parts([s.part for s in shares], target)
            for done in shares:  # the pack spools of shares that are not merged
                if done.pack is not None:
                    Path(done.pack[0]).unlink(missing_ok=True)
    if joining is None:
        return None
    if progress is not None:
        whole = overall[0] if overall else catalogue.whole_products()
        progress(whole, whole)
    for done in shares:
        state.products += done.products
        state.exported += done.exported
        state.excluded.extend(done.excluded)
        state.quality.extend(done.quality)
        state.report.findings.extend(done.findings)
        state.encoded.append(done.encoded)
        state.spool.absorb(done.spool)
        if done.pack is not None and state.pack is not None:
            state.pack.absorb(done.pack)
    return joining


def _join(parts: list[Part], target: Path) -> WrittenFile:
    try:
        return copy_parts(parts, target, bom=target.suffix.lower() in BOM_SUFFIXES)
    finally:
        _remove_parts(parts, target, packs=False)


def _remove_parts(parts: list[Part], target: Path, *, packs: bool = True) -> None:
    """Remove the feed's parts (and, with ``packs``, the workers' compliance spools: not
    from the join thread, while the parent may still be reading them)."""
    for part in parts:
        part.path.unlink(missing_ok=True)
    # parts of workers stopped on an error, and their temporary files
    patterns = [f".{target.name}.*.part", f"..{target.name}.*.part.export-kit-tmp-*"]
    if packs:
        patterns.append(f".{target.name}.pack.*")
    for pattern in patterns:
        for leftover in target.parent.glob(pattern):
            leftover.unlink(missing_ok=True)


class _Pass:
    """One pass over the products: the gate's decisions, listings, the left-out list."""

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        config: Config,
        platform: Platform,
        rate: Rate,
        texts: ChineseTexts,
        strict: bool,
        spool: PreviewSpool,
        progress: Progress | None,
        seen_skus: Mapping[str, int] | None = None,
        pack: PackSpool | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.config = config
        self.platform = platform
        self.rate = rate
        #: the compliance pack's records, one per product (None: no pack)
        self.pack = pack
        self.texts = texts
        self.strict = strict
        self.spool = spool
        self.progress = progress
        self.products = 0
        self.exported = 0
        self.excluded: list[dict[str, Any]] = []
        #: each product's listing quality score, ``{"sku", "score", "lost"}``
        self.quality: list[dict[str, Any]] = []
        self.report = Report(source=Path(catalogue.path).name, platform=platform.name)
        self.gate = PlatformGate(
            catalogue, config, platform, texts=texts, rate=rate, strict=strict, seen_skus=seen_skus
        )
        self.catalogue_level: list[Finding] = self.gate.catalogue_level
        self.report.findings.extend(self.catalogue_level)
        #: the findings of the processes of a parallel run, encoded there (in row order)
        self.encoded: list[EncodedFindings] = []

    def listings(self) -> Iterator[dict[str, Any]]:
        """The listings of the products that go into the feed, in catalogue order."""
        total = self.catalogue.products if self.progress is not None else 0
        brand_zh = self.config.brand.name_zh
        default_brand = self.config.brand.name
        gate = self.gate
        for product in self.texts.prefetching(self.catalogue.iter_products()):
            self.products += 1
            decision = gate.decide(product)
            findings = decision.findings
            self.report.findings.extend(findings)
            blocking, title = decision.blocking, decision.title
            quality = None
            if decision.quality is not None:
                quality = decision.quality.to_dict(product.outer_id)
                self.quality.append(quality)
            listing = None
            if not blocking:
                listing = build_listing(
                    product,
                    title=title,
                    texts=self.texts,
                    prices=self._prices(product),
                    platform=self.platform,
                    brand_zh=brand_zh,
                    default_brand=default_brand,
                    category_id=gate.category_id,
                )
                gaps = listing_gaps(listing, len(product.variants))
                if gaps:
                    # the gate's prediction missed it: the feed never holds a blank listing
                    gap = incomplete_listing(product, gaps, self.platform)
                    findings.append(gap)
                    self.report.findings.append(gap)
                    blocking, listing = [gap], None
            if self.pack is not None and gate.prices_of is not None:
                self.pack.add(
                    product_record(
                        product,
                        findings=findings,
                        blocking=blocking,
                        title=title,
                        quality=decision.quality,
                        prices=gate.prices_of(product),
                        config=self.config,
                        sector=gate.sectors(product),
                    )
                )
            if listing is None:
                codes = list(dict.fromkeys(f.code for f in blocking))
                self.excluded.append({"sku": product.outer_id, "codes": codes})
                images = product.images
                self.spool.add_excluded(
                    product.outer_id,
                    title=title,
                    title_fr=product.name,
                    image=images[0] if images else None,
                    codes=codes,
                    findings=findings,
                    quality=quality,
                )
            else:
                self.spool.add_card(listing, findings, quality)
                self.exported += 1
                yield listing
            if self.progress is not None:
                self.progress(self.products, total)

    def _prices(self, product: Product) -> dict[str, SkuPrice]:
        prices = self.gate.prices(product)
        return {sku: price for sku, price in prices.items() if isinstance(price, SkuPrice)}

    def finish(self) -> Report:
        """The report, once the pass is over (with the validator's cross-row findings)."""
        self.report.findings.extend(self.gate.finish())
        self.report.rows = self.catalogue.rows
        self.report.products = self.products
        self.report.quality = self.quality
        return self.report


def _apply_rules(findings: list[Finding], config: Config) -> list[Finding]:
    from export_kit.validate.report import apply_severities

    return apply_severities(findings, config.rules)


def _platform_dict(platform: Platform) -> dict[str, Any]:
    data = platform.to_dict()
    data["template"] = platform.template
    return data


def _translate(catalogue: Catalogue, config: Config, workspace: Path, provider: str) -> Any:
    from export_kit.translate import translate_catalogue

    return translate_catalogue(
        catalogue, config, provider=provider, workspace=workspace, review=None
    )


def _publish(
    out: Path, platform: Platform, config: Config, workspace: Path, endpoint: str | None
) -> Any:
    from export_kit.publish.publisher import publish_feed

    return publish_feed(out, platform.name, config=config, workspace=workspace, endpoint=endpoint)


def _as_dict(value: Any) -> Any:
    if value is None:
        return None
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


# --- batch -----------------------------------------------------------------------------

#: catalogue files a folder given to ``batch`` expands to
CATALOGUE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")
SUMMARY_NAME = "summary.json"
SUMMARY_CSV_NAME = "summary.csv"
SUMMARY_COLUMNS = (
    "source",
    "status",
    "products",
    "exported",
    "excluded",
    "errors",
    "warnings",
    "feed",
    "message",
)


@dataclass(frozen=True)
class BatchJob:
    """One catalogue of a batch: where it is, where its outputs go, and the run options."""

    source: Path
    out: Path
    options: dict[str, Any]


def expand_catalogues(paths: Iterable[Path]) -> list[Path]:
    """The catalogue files named by ``paths``: a folder gives its catalogue files (sorted).

    A path that does not exist is kept: its run fails and says so, without stopping the
    others.
    """
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in CATALOGUE_SUFFIXES
                    and not p.name.startswith((".", "~$"))
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def output_folders(sources: Sequence[Path], out: Path) -> list[Path]:
    """One folder per catalogue, named after its file stem (``-2``, ``-3``... on clashes).

    Every folder is inside ``out``: a stem of dots only (``...csv``, ``..xlsx``) or empty
    is named ``catalogue``, and the summaries' names are never taken by a folder.
    """
    taken: set[str] = {SUMMARY_NAME.casefold(), SUMMARY_CSV_NAME.casefold()}
    folders = []
    for source in sources:
        stem = source.stem.strip()
        if not stem.strip("."):
            stem = "catalogue"
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        folders.append(out / name)
    return folders


def run_job(job: BatchJob) -> dict[str, Any]:
    """Run one catalogue of a batch; never raises: a failure is a ``failed`` summary row.

    The configuration is the ``--config`` given to the batch, else the ``export-kit.toml``
    beside the catalogue (else in the current folder).
    """
    options = dict(job.options)
    config_path = options.pop("config_path", None)
    row: dict[str, Any] = {
        "source": str(job.source),
        "status": "failed",
        "products": 0,
        "exported": 0,
        "excluded": 0,
        "errors": 0,
        "warnings": 0,
        "feed": None,
        "message": "",
    }
    try:
        config = load_config(config_path, job.source)
        # catalogues run side by side, each in one process
        result = run(job.source, out=job.out, config=config, jobs=1, **options)
    except ExportKitError as error:
        row["message"] = str(error)
        row["exit_code"] = error.exit_code
        return row
    except Exception as error:  # one broken catalogue must not stop the batch
        row["message"] = f"unexpected {type(error).__name__}: {error} (a bug in export-kit)"
        row["exit_code"] = 70
        return row
    row.update(
        status="ok" if result.exit_code == 0 else "errors",
        products=result.products,
        exported=result.exported,
        excluded=len(result.excluded),
        errors=result.errors,
        warnings=result.warnings,
        feed=Path(os.path.relpath(result.feed.path, job.out.parent)).as_posix(),
        message=_batch_message(result),
        exit_code=result.exit_code,
    )
    return row


def run_batch(
    sources: Sequence[Path],
    *,
    out: Path,
    jobs: int = 1,
    on_done: Callable[[dict[str, Any]], None] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """:func:`run` over many catalogues in parallel processes; writes the summaries.

    Each catalogue renders into its own folder of ``out``; ``summary.json`` and
    ``summary.csv`` list every catalogue with its status (``ok``, ``errors``, ``failed``)
    in the order given. ``options`` are those of :func:`run` (``platform``, ``provider``,
    ``rate``...), plus ``config_path`` (an explicit ``--config`` for every catalogue).
    """
    out = Path(out)
    folders = output_folders(sources, out)
    _check_batch_targets(sources, out, folders, options)
    batch = [BatchJob(s, f, options) for s, f in zip(sources, folders, strict=True)]
    rows: list[dict[str, Any] | None] = [None] * len(batch)
    if jobs <= 1 or len(batch) <= 1:
        for index, job in enumerate(batch):
            rows[index] = run_job(job)
            if on_done is not None:
                on_done(rows[index])  # type: ignore[arg-type]
    else:
        workers = min(jobs, len(batch))
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            futures = {pool.submit(run_job, job): i for i, job in enumerate(batch)}
            for future in as_completed(futures):
                index = futures[future]
                try:
                    rows[index] = future.result()
                except Exception as error:  # the worker process itself died
                    rows[index] = {
                        **dict.fromkeys(SUMMARY_COLUMNS, 0),
                        "source": str(batch[index].source),
                        "status": "failed",
                        "feed": None,
                        "message": f"the worker process failed: {error}",
                        "exit_code": 70,
                    }
                if on_done is not None:
                    on_done(rows[index])  # type: ignore[arg-type]
    done = [row for row in rows if row is not None]
    summary = {"catalogues": [{k: row[k] for k in SUMMARY_COLUMNS} for row in done]}
    write_json(out / SUMMARY_NAME, summary)
    lines = [csv_row(SUMMARY_COLUMNS)]
    lines.extend(csv_row(entry[k] for k in SUMMARY_COLUMNS) for entry in summary["catalogues"])
    write_chunks(lines, out / SUMMARY_CSV_NAME, bom=True)  # BOM: Excel reads it as UTF-8
    summary["exit_codes"] = [row.get("exit_code", 0) for row in done]
    return summary


def _check_batch_targets(
    sources: Sequence[Path], out: Path, folders: Sequence[Path], options: Mapping[str, Any]
) -> None:
    """Refuse the whole batch, before any run, when ``out``, a summary or a catalogue's
    folder is an input of the batch or in the workspace (each run checks its files too)."""
    config_path = options.get("config_path")
    inputs: list[tuple[str, Path | None]] = [
        ("the --config", config_path),
        ("the rates file", options.get("rates_file")),
        ("the templates folder", options.get("templates")),
    ]
    for source in sources:
        beside = source.parent / CONFIG_NAME if config_path is None else None
        inputs.extend(catalogue_inputs(source, beside))
    workspace = options.get("workspace")
    check_output_folder(
        out,
        option="--out",
        writes=[SUMMARY_NAME, SUMMARY_CSV_NAME],
        inputs=inputs,
        workspace=workspace,
    )
    for folder in folders:
        check_output_folder(folder, option="--out", inputs=inputs, workspace=workspace)


def _context() -> Any:
    # "spawn": a fresh interpreter per worker, never a fork of a process that may hold
    # threads or open SQLite connections.
    return multiprocessing.get_context("spawn")


def _batch_message(result: RunResult) -> str:
    if not result.excluded:
        return ""
    shown = ", ".join(
        f"{entry['sku']} ({', '.join(entry['codes'])})" for entry in result.excluded[:5]
    )
    more = f" and {len(result.excluded) - 5} more" if len(result.excluded) > 5 else ""
    return f"left out: {shown}{more}"
