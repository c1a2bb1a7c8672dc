"""Validating a big catalogue in several processes, each checking whole products.

After the workbook is loaded (python-calamine holds it outside Python's heap), worker
processes are forked, so that they share the loaded sheet instead of reading the file
again; each splits the rows into the same ranges that no product spans
(:meth:`Catalogue.split`) and checks the range of its number. Each process opens its
own translation memory (an SQLite connection must not cross a fork); the parent checks
the first range itself, then gathers the others' findings and judges ``duplicate-sku``
over every row, in file order, as one validator would. The report is the one a single
process gives.

Only where ``fork`` exists and is safe (Linux); elsewhere, or for small catalogues, the
caller validates in one process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from export_kit.collector import fewer_collections
from export_kit.validate import Validator
from export_kit.validate.report import Finding, Report
from export_kit.validate.rules.identifiers import Sighting

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.validate.checks import ExtraChecks

__all__ = ["MIN_ROWS_PER_JOB", "default_jobs", "validate_in_parallel"]

#: below this many rows per process, starting processes costs more than it saves
MIN_ROWS_PER_JOB = 10_000
#: the parent's range, relative to a worker's: a worker first reads past the rows before
#: its range (python-calamine iterates from the top) and sends its findings back
_LEAD = 1.12
_MAX_JOBS = 8

OpenChecks = Callable[[], AbstractContextManager["ExtraChecks"]]


@dataclass
class _Share:
    """What checking one range found: findings, every row's SKU, rows and products."""

    findings: list[Finding]
    sightings: list[Sighting]
    rows: int
    products: int


def default_jobs() -> int:
    """The processes worth using here: the CPUs this process may run on (at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, _MAX_JOBS))


def can_fork() -> bool:
    """True where worker processes can share the loaded catalogue (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def validate_in_parallel(
    catalogue: Catalogue,
    config: Config,
    *,
    jobs: int,
    open_checks: OpenChecks,
    platform: str | None = None,
    min_rows: int = MIN_ROWS_PER_JOB,
) -> Report | None:
    """Validate ``catalogue`` in up to ``jobs`` processes; None when not worth it here.

    ``open_checks`` opens the extra rules (Chinese texts, platform) in each process; it
    must not import sidecars (do that before: the processes would race to write).
    None means: validate in this process (one job, a small catalogue, no ``fork``). When
    products spread over the whole file, the rows make one range, which this process
    checks alone.
    ``min_rows``: the fewest rows worth a process.
    """
    if jobs < 2 or not can_fork():
        return None
    parts = min(jobs, (catalogue.row_hint or 0) // max(min_rows, 1))
    if parts < 2:
        return None
    fork = multiprocessing.get_context("fork")
    # a child flushes inherited buffers when it ends: empty them first
    sys.stdout.flush()
    sys.stderr.flush()
    workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    # the collector would visit (and so copy) every object the processes share
    with contextlib.ExitStack() as stack:
        stack.enter_context(fewer_collections())
        stack.callback(_stop, workers)
        # every process finds the same ranges itself (one pass over the key columns, on
        # its own CPU), then checks the one of its number: nobody waits for a split
        for index in range(1, parts):
            receive, send = fork.Pipe(duplex=False)
            worker = fork.Process(
                target=_work,
                args=(send, catalogue, config, index, parts, min_rows, open_checks, platform),
                daemon=True,
            )
            worker.start()
            send.close()
            workers.append((worker, receive))
        ranges = catalogue.split(parts, min_rows, _LEAD)
        with open_checks() as checks:
            validator = Validator(
                catalogue,
                config,
                extra_rules=checks.rules,
                severity_defaults=checks.severity_defaults,
                platform=platform,
            )
            findings = validator.catalogue_findings()
            findings[:0] = validator.adopt(checks.catalogue_findings)
            shares = [_check(catalogue, config, *ranges[0], checks, platform)]
        catalogue.limit(ranges[0][0], ranges[-1][1])  # every row again, for later stages
        for process, receive in workers:
            share = _receive(receive, process)
            if share is not None:
                shares.append(share)
    for share in shares:
        findings.extend(share.findings)
    for share in shares:
        findings.extend(validator.see(share.sightings))
    findings.extend(validator.finish())
    return Report(
        source=validator.source,
        platform=platform,
        rows=sum(s.rows for s in shares),
        products=sum(s.products for s in shares),
        findings=findings,
    )


def _stop(workers: list[tuple[multiprocessing.process.BaseProcess, Connection]]) -> None:
    for process, receive in workers:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _check(
    catalogue: Catalogue,
    config: Config,
    first: int,
    stop: int,
    checks: ExtraChecks,
    platform: str | None,
) -> _Share:
    """Check the products of rows ``first`` ≤ row < ``stop`` (SKUs noted, not judged)."""
    catalogue.limit(first, stop)
    validator = Validator(
        catalogue,
        config,
        extra_rules=checks.rules,
        severity_defaults=checks.severity_defaults,
        platform=platform,
        record_skus=True,
    )
    findings: list[Finding] = []
    products = 0
    for product in checks.products(catalogue):
        products += 1
        findings.extend(validator.check(product))
    return _Share(findings, validator.sightings, catalogue.rows, products)


def _work(
    send: Connection,
    catalogue: Catalogue,
    config: Config,
    index: int,
    parts: int,
    min_rows: int,
    open_checks: OpenChecks,
    platform: str | None,
) -> None:
    """A worker process: check range ``index`` and send back what it found (or the error);
    None when the rows split into fewer ranges."""
    try:
        ranges = catalogue.split(parts, min_rows, _LEAD)
        if index < len(ranges):
            with open_checks() as checks:
                result: object = _check(catalogue, config, *ranges[index], checks, platform)
        else:
            result = None
    except BaseException as error:  # the parent reports it; a worker prints nothing
        result = error
    with contextlib.suppress(BaseException):
        try:
            send.send(result)
        except Exception:  # an error that does not pickle: send what it says
            send.send(RuntimeError(f"{type(result).__name__}: {result}"))
        send.close()
    os._exit(0)  # no atexit handlers, no flushing of buffers inherited from the parent


def _receive(
    receive: Connection, process: multiprocessing.process.BaseProcess
) -> _Share | None:
    try:
        result = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(
            f"a validation worker stopped without a result (exit code {process.exitcode})"
        ) from None
    if isinstance(result, BaseException):
        raise result
    if result is not None and not isinstance(result, _Share):
        raise RuntimeError(f"a validation worker sent {type(result).__name__}")
    return result
