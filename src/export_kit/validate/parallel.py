"""Validating a big catalogue in several processes (:mod:`export_kit.shares`).

Each process checks the products of its range of rows, knowing the SKUs of the rows
before its range (from the split's pass over the key columns), so it judges
``duplicate-sku`` as one validator going through the file would; the parent merges the
findings. The report is the one a single process gives.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from export_kit.shares import (
    MIN_ROWS_PER_JOB,
    PIECES_PER_JOB,
    can_fork,
    default_jobs,
    in_shares,
    planned_shares,
)
from export_kit.validate import Validator
from export_kit.validate.report import Finding, Report
from export_kit.validate.sectors import catalogue_sector

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.validate.checks import ExtraChecks

__all__ = ["MIN_ROWS_PER_JOB", "can_fork", "default_jobs", "validate_in_parallel"]

OpenChecks = Callable[[], AbstractContextManager["ExtraChecks"]]


@dataclass
class _Share:
    """What checking one range found: findings (those needing every row last), rows and
    products."""

    findings: list[Finding]
    late: list[Finding]
    rows: int
    products: int


def validate_in_parallel(
    catalogue: Catalogue,
    config: Config,
    *,
    jobs: int,
    open_checks: OpenChecks,
    platform: str | None = None,
    min_rows: int | None = None,
) -> Report | None:
    """Validate ``catalogue`` in up to ``jobs`` processes; None when not worth it here.

    ``open_checks`` opens the extra rules (Chinese texts, platform) in each process; it
    must not import sidecars (do that before: the processes would race to write).
    None means: validate in this process (one job, a small catalogue, no ``fork``). When
    products spread over the whole file, the rows make one range, which this process
    checks alone. ``min_rows``: the fewest rows worth a process.
    """
    parts = planned_shares(catalogue, jobs, min_rows)
    if parts < 2:
        return None
    # facts of the whole catalogue, before any process is limited to its rows
    catalogue_sector(catalogue, config)
    parent = os.getpid()
    # per process: its checks, and what opened them (dropping that would close them)
    opened: dict[int, tuple[object, ExtraChecks]] = {}

    with contextlib.ExitStack() as stack:

        def checks_here() -> ExtraChecks:
            # the rules (and their caches) opened once per process for all its ranges; a
            # worker's are never closed: they only read, and it ends with os._exit
            pid = os.getpid()
            if pid not in opened:
                opened.clear()
                manager = open_checks()
                entered = stack.enter_context(manager) if pid == parent else manager.__enter__()
                opened[pid] = (manager, entered)
            return opened[pid][1]

        def check(first: int, stop: int, index: int) -> _Share:
            checks = checks_here()
            validator = Validator(
                catalogue,
                config,
                extra_rules=checks.rules,
                severity_defaults=checks.severity_defaults,
                platform=platform,
                seen_skus=catalogue.first_rows_before(first),
            )
            findings: list[Finding] = []
            products = 0
            for product in checks.products(catalogue):
                products += 1
                findings.extend(validator.check(product))
            return _Share(findings, validator.finish(), catalogue.rows, products)

        shares = in_shares(
            catalogue, parts, check, min_rows=min_rows, pieces=parts * PIECES_PER_JOB
        )
    with open_checks() as checks:
        validator = Validator(
            catalogue,
            config,
            extra_rules=checks.rules,
            severity_defaults=checks.severity_defaults,
            platform=platform,
        )
        findings = [*validator.adopt(checks.catalogue_findings), *validator.catalogue_findings()]
    for share in shares:
        findings.extend(share.findings)
    for share in shares:
        findings.extend(share.late)
    return Report(
        source=validator.source,
        platform=platform,
        rows=sum(s.rows for s in shares),
        products=sum(s.products for s in shares),
        findings=findings,
    )
