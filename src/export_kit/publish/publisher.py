"""``publish_feed``: send a rendered feed to a marketplace, incrementally and idempotently.

A run plans every product against the journal (create, update, skip), then:

1. looks up by outer id every product it would create (the journal has no live entry for
   it: a first publish, a lost workspace in CI, or a create that was in flight when the
   previous run died). Found ones are updated (or, if the previous run's create landed
   with the same content, simply recorded); the others are created;
2. sends creates and updates from a pool of ``concurrency`` threads at the platform's
   request rate. A create is journalled as in flight before it is sent and as live with
   its remote id right after; after an answer that may hide a stored item (timeout, 5xx,
   ``isp.*``), the item is looked up again before any new create;
3. with ``--delist-missing``, takes off sale the live items the feed no longer has, unless
   that is more than 20 % of the live items (then only with ``--force``).

Item failures are listed in the receipt (the CLI exits 4); bad credentials stop the run.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import httpx

from export_kit.config import Config
from export_kit.errors import ConfigError, InputError, PublishError
from export_kit.publish.client import ApiClient, ApiError, RetryPolicy
from export_kit.publish.credentials import CredentialNames, credential_names, load_credentials
from export_kit.publish.feeds import FeedItem, read_rendered
from export_kit.publish.journal import Journal, JournalEntry
from export_kit.publish.platforms import PlatformAdapter, get_adapter
from export_kit.publish.receipt import Action, ItemResult, Receipt
from export_kit.publish.signing import Clock
from export_kit.scrub import Redactor, scrubbed_errors
from export_kit.workspace import workspace_dir

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RATE_LIMIT",
    "DELIST_SHARE",
    "Plan",
    "plan_publish",
    "publish_feed",
    "raise_for_failures",
]

DEFAULT_CONCURRENCY = 8
#: requests per second when [platforms.NAME] rate_limit is not set (apps' quotas differ:
#: set yours from the TOP / JOS console)
DEFAULT_RATE_LIMIT = 20.0
#: delisting more than this share of the live items needs --force
DELIST_SHARE = 0.20

Progress = Callable[[ItemResult], None]


@dataclass
class Plan:
    """What a run would do with one product."""

    item: FeedItem | None
    outer_id: str
    action: Literal["create", "update", "skip", "delist"]
    remote_id: str | None = None
    entry: JournalEntry | None = None


def plan_publish(
    items: Sequence[FeedItem],
    entries: Mapping[str, JournalEntry],
    *,
    excluded: set[str],
    delist_missing: bool,
    force: bool,
    platform: str,
) -> tuple[list[Plan], int]:
    """Plans for the feed's items (and delists), and how many live items the feed lacks.

    Raises :class:`ConfigError` when delisting would remove more than 20 % of live items
    and ``force`` is not given.
    """
    plans: list[Plan] = []
    in_feed = set()
    for item in items:
        in_feed.add(item.outer_id)
        entry = entries.get(item.outer_id)
        if entry is not None and entry.status == "live" and entry.remote_id:
            action: Literal["create", "update", "skip"] = (
                "skip" if entry.content_hash == item.content_hash else "update"
            )
            plans.append(Plan(item, item.outer_id, action, entry.remote_id, entry))
        elif entry is not None and entry.status == "delisted" and entry.remote_id:
            plans.append(Plan(item, item.outer_id, "update", entry.remote_id, entry))
        else:
            plans.append(Plan(item, item.outer_id, "create", None, entry))
    live = [e for e in entries.values() if e.status == "live"]
    missing = [e for e in live if e.outer_id not in in_feed and e.outer_id not in excluded]
    if delist_missing and missing:
        share = len(missing) / len(live)
        if share > DELIST_SHARE and not force:
            raise ConfigError(
                f"Refusing to delist {len(missing)} of {len(live)} live items on {platform} "
                f"({share:.0%}): more than 20 % of the live items are missing from the feed. "
                "Check the feed, or pass --force to delist them."
            )
        plans.extend(Plan(None, e.outer_id, "delist", e.remote_id, e) for e in missing)
    return plans, len(missing)


def publish_feed(
    folder: Path,
    platform: str,
    *,
    config: Config,
    workspace: Path | None,
    endpoint: str | None = None,
    dry_run: bool = False,
    delist_missing: bool = False,
    force: bool = False,
    concurrency: int | None = None,
    rate_limit: float | None = None,
    retry: RetryPolicy | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
) -> Receipt:
    """Publish the rendered ``folder`` to ``platform``; return the receipt.

    Writes ``<folder>/receipt-<platform>.json`` (not on a dry run, which sends nothing
    and needs no credentials). ``rate_limit=0`` means no client-side limit. Raises
    :class:`ConfigError`/:class:`InputError` (exit 3) before anything is sent; item
    failures are in the receipt (see :func:`raise_for_failures`). No secret of the
    platform's credential variables reaches the receipt, the progress callback or the
    error a run ends with, in any form a gateway may echo it (:mod:`export_kit.scrub`).
    """
    adapter = get_adapter(platform)
    names = credential_names(platform, adapter.credentials, config)
    redact = Redactor(_secret_values(names, environ))
    with scrubbed_errors(redact):
        rendered = read_rendered(folder, platform)
        _refuse_unsafe(adapter, rendered.items, rendered.feed_path)
        section = config.platforms.get(platform)
        url = endpoint or (section.endpoint if section else None) or adapter.default_endpoint
        target = _target(url)
        receipt = Receipt(platform, dry_run=dry_run, endpoint=target)
        with Journal(workspace_dir(workspace), platform, target) as journal:
            if not dry_run:
                journal.lock()
            plans, receipt.missing = plan_publish(
                rendered.items,
                journal.entries(),
                excluded=rendered.excluded,
                delist_missing=delist_missing,
                force=force,
                platform=platform,
            )
            if dry_run:
                receipt.items = [
                    ItemResult(p.outer_id, p.action, "planned", p.remote_id) for p in plans
                ]
                return receipt
            credentials = load_credentials(platform, names, environ)
            sign_method = section.sign_method if section else None
            width = concurrency or (section.concurrency if section else None) or DEFAULT_CONCURRENCY
            rate = (
                rate_limit
                if rate_limit is not None
                else ((section.rate_limit if section else None) or DEFAULT_RATE_LIMIT)
            )
            try:
                gateway = adapter.gateway(credentials, sign_method=sign_method, clock=clock)
            except ValueError as exc:
                raise ConfigError(f"[platforms.{platform}] sign_method: {exc}.") from None
            client = ApiClient(
                gateway,
                url,
                concurrency=width,
                rate_limit=rate or None,
                retry=retry,
                redact=redact,
                transport=transport,
            )
            hint = f"check {names.app_key}, {names.app_secret} and {names.token}"
            run = _Run(adapter, client, journal, width, progress, hint, redact)
            try:
                with client:
                    run.execute(plans)
            finally:
                # also after Ctrl-C: the receipt says what was done and what was not sent
                receipt.items = run.outcomes()
                receipt.stopped = redact.optional(run.stop_reason)
                receipt.write(rendered.folder)
        return receipt


def _secret_values(names: CredentialNames, environ: Mapping[str, str] | None) -> list[str]:
    env = os.environ if environ is None else environ
    values = [env.get(names.app_secret) or "", env.get(names.token) or ""]
    return [*values, *(v.strip() for v in values)]


def raise_for_failures(receipt: Receipt) -> None:
    """:class:`PublishError` (exit 4) when the run stopped or any item failed."""
    if receipt.stopped:
        raise PublishError(f"publishing to {receipt.platform} stopped: {receipt.stopped}")
    if receipt.failed:
        first = next(i for i in receipt.items if i.status == "failed")
        error = first.error or "failed"
        about = error if first.sku in error else f"{first.sku}: {error}"
        raise PublishError(
            f"{receipt.failed} item(s) failed on {receipt.platform} after retries; "
            f"first: {about}. Fix them and publish again (the rest is not resent)."
        )


#: refused values listed in the error before "and N more"
_SHOWN = 5


#: the keys a feed's SKU carries its seller SKU under (tmall, jd, douyin)
_SKU_IDS = ("outer_id", "skuOuterId", "out_sku_id", "sku")


def blank_parts(item: FeedItem) -> list[str]:
    """What a feed item lacks that every platform requires: a title, a positive price and
    a seller SKU on each of its SKUs (empty when it has them all)."""
    lacking: list[str] = []
    if not item.title.strip():
        lacking.append("a title")
    try:
        priced = item.price is not None and Decimal(item.price) > 0
    except ArithmeticError:
        priced = False
    if not priced:
        lacking.append("a positive price")
    if not item.skus or any(
        not any(str(sku.get(key) or "").strip() for key in _SKU_IDS) for sku in item.skus
    ):
        lacking.append("a seller SKU on every SKU")
    return lacking


def _refuse_blank(items: Sequence[FeedItem], feed: Path, platform: str) -> None:
    """:class:`InputError` before anything is sent when an item is blank (a feed written
    by hand or by another tool: export-kit's render never writes one)."""
    blank = [(item.outer_id, parts) for item in items if (parts := blank_parts(item))]
    if not blank:
        return
    shown = "; ".join(f"{outer} has no {' and no '.join(p.removeprefix('a ') for p in parts)}"
                      for outer, parts in blank[:_SHOWN])
    more = f"; and {len(blank) - _SHOWN} more" if len(blank) > _SHOWN else ""
    raise InputError(
        f"{feed}: {len(blank)} item(s) cannot be listed on {platform}, nothing was sent: "
        f"{shown}{more}. Fix the catalogue, run export-kit validate --platform {platform}, "
        "and render again."
    )


def _refuse_unsafe(adapter: PlatformAdapter, items: Sequence[FeedItem], feed: Path) -> None:
    """:class:`InputError` before anything is sent when an item cannot be sent safely."""
    _refuse_blank(items, feed, adapter.name)
    problems = [text for item in items for text in adapter.refusals(item)]
    if not problems:
        return
    shown = "; ".join(problems[:_SHOWN])
    more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
    raise InputError(
        f"{feed}: {len(problems)} value(s) cannot be published to {adapter.name}, nothing "
        f"was sent: {shown}{more}. Rename them in the catalogue without ',' (e.g. 'B-2' for "
        f"'B,2'), run export-kit validate --platform {adapter.name} and render again."
    )


def _target(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise ConfigError(f"'{url}' is not a URL. Check --endpoint.") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigError(f"'{url}' is not an http(s) URL. Check --endpoint.")
    # without user info: the receipt and the journal show this URL
    return str(parsed.copy_with(userinfo=b"", query=None, fragment=None)).rstrip("/")


class _Run:
    """One execution of the plans: look-ups, then writes, then delists."""

    def __init__(
        self,
        adapter: PlatformAdapter,
        client: ApiClient,
        journal: Journal,
        width: int,
        progress: Progress | None,
        hint: str,
        redact: Redactor,
    ) -> None:
        self.adapter = adapter
        self.redact = redact
        self.client = client
        self.journal = journal
        self.width = width
        self.progress = progress
        self.hint = hint
        self.stop = threading.Event()
        self.stop_reason: str | None = None
        self.plans: list[Plan] = []
        self.results: dict[str, ItemResult] = {}
        self._lock = threading.Lock()

    def execute(self, plans: list[Plan]) -> None:
        """Run the plans; ``results()`` gives the outcomes, also after an interrupt."""
        self.plans = plans
        for plan in plans:
            if plan.action == "skip":
                self.results[plan.outer_id] = ItemResult(
                    plan.outer_id, "skip", "unchanged", plan.remote_id
                )
        pool = ThreadPoolExecutor(max_workers=self.width, thread_name_prefix="publish")
        try:
            creates = [p for p in plans if p.action == "create"]
            found = self._lookup_all(pool, creates)
            writes = [
                p
                for p in plans
                if p.action == "update" or (p.action == "create" and p.outer_id not in self.results)
            ]
            self._collect([(p, pool.submit(self._write, p, found)) for p in writes])
            delists = [p for p in plans if p.action == "delist"]
            self._collect([(p, pool.submit(self._delist, p)) for p in delists])
        except BaseException:
            self._halt("interrupted")
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            pool.shutdown(wait=True)

    def outcomes(self) -> list[ItemResult]:
        """One result per plan, in plan order; plans never reached are failed (not sent)."""
        results = [self.results.get(p.outer_id) or self._not_sent(p) for p in self.plans]
        return [self._scrubbed(r) for r in results]

    def _scrubbed(self, result: ItemResult) -> ItemResult:
        if not result.error:
            return result
        return dataclasses.replace(result, error=self.redact(result.error))

    # --- look-ups ---------------------------------------------------------------------

    def _lookup_all(self, pool: ThreadPoolExecutor, creates: list[Plan]) -> dict[str, str]:
        size = max(1, self.adapter.lookup_batch)
        batches = [creates[i : i + size] for i in range(0, len(creates), size)]
        futures = [
            (batch, pool.submit(self._lookup, [p.outer_id for p in batch])) for batch in batches
        ]
        found: dict[str, str] = {}
        for batch, future in futures:
            try:
                found.update(future.result())
            except ApiError as error:
                self._note(error)
                for plan in batch:
                    self.results[plan.outer_id] = self._failed(
                        plan, f"look-up before create failed, nothing sent: {error}"
                    )
        for plan in creates:
            remote = found.get(plan.outer_id)
            entry = plan.entry
            if remote is None or plan.outer_id in self.results or plan.item is None:
                continue
            if (
                entry is not None
                and entry.status == "in-flight"
                and (entry.content_hash == plan.item.content_hash)
            ):
                # the previous run's create landed but died before it was journalled
                self.journal.mark_live(plan.outer_id, plan.item.content_hash, remote)
                result = ItemResult(plan.outer_id, "create", "created", remote)
                self.results[plan.outer_id] = result
                self._report(result)
        return found

    def _lookup(self, outer_ids: list[str]) -> dict[str, str]:
        if self.stop.is_set():
            raise ApiError(self._stopped_text(), method="look-up", kind="auth")
        call = self.adapter.lookup_call(outer_ids)
        try:
            return self.adapter.found_ids(self.client.call(call))
        except ApiError as error:
            self._note(error)  # at once, so the other threads stop sending
            raise

    # --- creates and updates ----------------------------------------------------------

    def _write(self, plan: Plan, found: Mapping[str, str]) -> ItemResult:
        assert plan.item is not None
        item = plan.item
        remote = plan.remote_id or found.get(plan.outer_id)
        if self.stop.is_set():
            return self._not_sent(plan, "update" if remote else "create")
        try:
            if remote is not None:
                self.client.call(self.adapter.update_call(item, remote))
                self.journal.mark_live(item.outer_id, item.content_hash, remote)
                return ItemResult(item.outer_id, "update", "updated", remote)
            remote = self._create(item)
            return ItemResult(item.outer_id, "create", "created", remote)
        except ApiError as error:
            self._note(error)
            action: Action = "update" if remote is not None else "create"
            return ItemResult(item.outer_id, action, "failed", remote, error.describe())

    def _create(self, item: FeedItem) -> str:
        self.journal.mark_in_flight(item.outer_id, item.content_hash)
        attempts = 0
        while True:
            try:
                answer = self.client.call(self.adapter.create_call(item), retry_ambiguous=False)
            except ApiError as error:
                if not (error.kind == "transient" and error.ambiguous):
                    # refused or never delivered: nothing exists remotely
                    self.journal.mark_failed(item.outer_id)
                    raise
                attempts += 1
                if attempts >= self.client.retry.max_attempts:
                    raise  # stays in flight: the next run looks it up first
                self.client.retry.sleep(self.client.retry.delay(attempts))
                remote = self._lookup([item.outer_id]).get(item.outer_id)
                if remote is not None:
                    self.journal.mark_live(item.outer_id, item.content_hash, remote)
                    return remote
                continue
            remote = self.adapter.created_id(answer)
            if remote is None:
                raise ApiError(
                    "the answer has no item id; the item may exist: publish again to look it up",
                    method=self.adapter.create_call(item).method,
                    kind="caller",
                    outer_id=item.outer_id,
                )
            self.journal.mark_live(item.outer_id, item.content_hash, remote)
            return remote

    # --- delists ----------------------------------------------------------------------

    def _delist(self, plan: Plan) -> ItemResult:
        if self.stop.is_set():
            return self._not_sent(plan)
        if not plan.remote_id:
            self.journal.mark_delisted(plan.outer_id, None)
            return ItemResult(plan.outer_id, "delist", "delisted", None)
        try:
            self.client.call(self.adapter.delist_call(plan.outer_id, plan.remote_id))
        except ApiError as error:
            self._note(error)
            return ItemResult(plan.outer_id, "delist", "failed", plan.remote_id, error.describe())
        self.journal.mark_delisted(plan.outer_id, plan.remote_id)
        return ItemResult(plan.outer_id, "delist", "delisted", plan.remote_id)

    # --- bookkeeping ------------------------------------------------------------------

    def _collect(self, futures: list[tuple[Plan, Future[ItemResult]]]) -> None:
        for plan, future in futures:
            result = future.result()
            self.results[plan.outer_id] = result
            self._report(result)

    def _report(self, result: ItemResult) -> None:
        if self.progress is not None:
            self.progress(self._scrubbed(result))

    def _note(self, error: ApiError) -> None:
        if error.kind == "auth":
            self._halt(f"{error.describe()}; {self.hint}")

    def _halt(self, reason: str) -> None:
        with self._lock:
            if self.stop_reason is None:
                self.stop_reason = reason
        self.stop.set()

    def _stopped_text(self) -> str:
        return f"not sent: the run stopped ({self.stop_reason or 'interrupted'})"

    def _not_sent(self, plan: Plan, action: Action | None = None) -> ItemResult:
        return ItemResult(
            plan.outer_id,
            action or plan.action,
            "failed",
            plan.remote_id,
            self._stopped_text(),
        )

    def _failed(self, plan: Plan, error: str) -> ItemResult:
        return ItemResult(plan.outer_id, plan.action, "failed", plan.remote_id, error)
