"""A big catalogue's rows checked or rendered in several processes, each a share of them.

After a workbook is loaded (python-calamine holds it outside Python's heap), worker
processes are forked, so they share the loaded sheet and the loaded translation memory
instead of reading them again. Every process splits the rows the same way, into ranges
no product spans (:meth:`Catalogue.split`; one pass over the key columns, on its own
CPU, so nobody waits for a split), and works on the range of its number; the parent
works on the first, slightly bigger range (the others first read past the rows before
theirs, and send their results back), then gathers the results in row order.

Only where ``fork`` exists and is safe (Linux); elsewhere, or for small catalogues, the
callers work in one process. An SQLite connection must not be used across a fork: the
workers open their own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, TypeVar

from export_kit.collector import fewer_collections

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue

__all__ = ["MIN_ROWS_PER_JOB", "can_fork", "default_jobs", "in_shares", "planned_shares"]

#: below this many rows per process, starting processes costs more than it saves
MIN_ROWS_PER_JOB = 10_000
_MAX_JOBS = 8
#: the parent's range, relative to a worker's
LEAD = 1.06

T = TypeVar("T")
#: ``work(first, stop)``: the result of one range of rows
Work = Callable[[int, int], T]


def default_jobs() -> int:
    """The processes worth using here: the CPUs this process may run on (at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, _MAX_JOBS))


def can_fork() -> bool:
    """True where worker processes can share the loaded catalogue (Linux), and this process
    may start them (a pool's worker may not)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def planned_shares(catalogue: Catalogue, jobs: int, min_rows: int | None = None) -> int:
    """How many processes to use: 1 unless forking works and the rows are many enough
    (``min_rows`` per process; default :data:`MIN_ROWS_PER_JOB`)."""
    if jobs < 2 or not can_fork():
        return 1
    least = MIN_ROWS_PER_JOB if min_rows is None else min_rows
    return max(1, min(jobs, (catalogue.row_hint or 0) // max(least, 1)))


def in_shares(
    catalogue: Catalogue, parts: int, work: Work[T], *, min_rows: int | None = None
) -> list[T]:
    """``work(first, stop)`` on each range of rows, in ``parts`` processes; results in order.

    The parent runs the first range itself; a worker whose range does not exist (the rows
    split into fewer) returns nothing. Afterwards the catalogue reads every row again. An
    error in a worker is raised here.
    """
    min_rows = MIN_ROWS_PER_JOB if min_rows is None else min_rows
    fork = multiprocessing.get_context("fork")
    # a child flushes inherited buffers when it ends: empty them first
    sys.stdout.flush()
    sys.stderr.flush()
    workers: list[tuple[BaseProcess, Connection]] = []
    results: list[T] = []
    with contextlib.ExitStack() as stack:
        # the collector would visit (and so copy) every object the processes share
        stack.enter_context(fewer_collections())
        stack.callback(_stop, workers)
        for index in range(1, parts):
            receive, send = fork.Pipe(duplex=False)
            worker = fork.Process(
                target=_work,
                args=(send, catalogue, index, parts, min_rows, work),
                daemon=True,
            )
            worker.start()
            send.close()
            workers.append((worker, receive))
        ranges = catalogue.split(parts, min_rows, LEAD)
        try:
            catalogue.limit(*ranges[0])
            results.append(work(*ranges[0]))
        finally:
            catalogue.limit(ranges[0][0], ranges[-1][1])  # every row again, for later
        for process, receive in workers:
            received = _receive(receive, process)
            if not isinstance(received, _NoRange):
                results.append(received)  # type: ignore[arg-type]
    return results


class _NoRange:
    """What a worker sends when the rows split into fewer ranges than processes."""


_NOTHING = _NoRange()


def _stop(workers: list[tuple[BaseProcess, Connection]]) -> None:
    for process, receive in workers:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _work(
    send: Connection,
    catalogue: Catalogue,
    index: int,
    parts: int,
    min_rows: int,
    work: Work[object],
) -> None:
    """A worker process: the range of its number, its result sent back (or its error)."""
    try:
        ranges = catalogue.split(parts, min_rows, LEAD)
        if index < len(ranges):
            catalogue.limit(*ranges[index])
            result: object = work(*ranges[index])
        else:
            result = _NOTHING
    except BaseException as error:  # the parent reports it; a worker prints nothing
        result = error
    with contextlib.suppress(BaseException):
        try:
            send.send(result)
        except Exception:  # an error that does not pickle: send what it says
            send.send(RuntimeError(f"{type(result).__name__}: {result}"))
        send.close()
    os._exit(0)  # no atexit handlers, no flushing of buffers inherited from the parent


def _receive(receive: Connection, process: BaseProcess) -> object:
    try:
        result = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(
            f"a worker process stopped without a result (exit code {process.exitcode})"
        ) from None
    if isinstance(result, BaseException):
        raise result
    return result
