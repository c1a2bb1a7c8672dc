"""A big catalogue's rows checked or rendered in several processes, a range at a time.

After a workbook is loaded (python-calamine holds it outside Python's heap), worker
processes are forked, so they share the loaded sheet and the loaded translation memory
instead of reading them again, and the rows already split into ranges no product spans
(:meth:`Catalogue.split`: one pass over the key columns, before the fork, so the workers
inherit its keys rather than each making the same pass). There are more ranges than
processes: each process takes the next ranges nobody has taken yet, many at a time
while many are left and one by one at the end, so the processes end together even when
one core runs slower than the other (on a shared machine, one often does by a fifth).
The ranges a process takes only move forward through the file, so its reader never
reads a row twice. The parent gathers the results in row order.

Only where ``fork`` exists and is safe (Linux); elsewhere, or for small catalogues, the
callers work in one process. An SQLite connection must not be used across a fork: the
workers open their own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from export_kit.collector import fewer_collections

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.catalogue.rows import RowReader

__all__ = [
    "MIN_ROWS_PER_JOB",
    "PIECES_PER_JOB",
    "Board",
    "can_fork",
    "default_jobs",
    "in_shares",
    "planned_shares",
    "usable_cpus",
]

#: below this many rows per process, starting processes costs more than it saves
MIN_ROWS_PER_JOB = 10_000
_MAX_JOBS = 8
#: ranges per process a caller may ask for (``pieces``): the last ones a process takes
#: are this small, so the processes end within a small range of each other
PIECES_PER_JOB = 64

T = TypeVar("T")
#: ``work(first, stop, index)``: the result of the range of rows numbered ``index``
Work = Callable[[int, int, int], T]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says, on Linux)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    """The processes worth using here: the CPUs this process may run on (at most 8)."""
    return min(usable_cpus(), _MAX_JOBS)


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
    catalogue: Catalogue,
    parts: int,
    work: Work[T],
    *,
    min_rows: int | None = None,
    pieces: int | None = None,
) -> list[T]:
    """``work(first, stop, index)`` over all rows, in ``parts`` processes; the results of
    every call in row order.

    ``pieces``: how many ranges to cut (default ``parts``), each of at least ``min_rows``
    rows over ``pieces / parts``. Every process, the parent too, takes the next adjacent
    ranges nobody has taken (see :func:`_take`) until none is left; ``work`` gets them as
    one range of rows, ``index`` the number of its first range. Afterwards the catalogue
    reads every row again. An error in a worker is raised here.
    """
    min_rows = MIN_ROWS_PER_JOB if min_rows is None else min_rows
    pieces = max(parts, pieces or parts)
    least = max(1, min_rows * parts // pieces)
    fork = multiprocessing.get_context("fork")
    # a child flushes inherited buffers when it ends: empty them first
    sys.stdout.flush()
    sys.stderr.flush()
    taken = fork.Value("i", 0)  # the next range nobody has taken
    workers: list[tuple[BaseProcess, Connection]] = []
    done: dict[int, tuple[int, object]] = {}
    with contextlib.ExitStack() as stack:
        # the collector would visit (and so copy) every object the processes share
        stack.enter_context(fewer_collections())
        stack.callback(_stop, workers)
        # split once, before the fork: the workers inherit the ranges and the keys
        # (splitting in every process cost each the same pass, and copied pages)
        _keys_in_two(catalogue, fork)
        ranges = catalogue.split(pieces, least)
        for _ in range(1, parts):
            receive, send = fork.Pipe(duplex=False)
            worker = fork.Process(
                target=_work,
                args=(send, catalogue, parts, ranges, taken, work),
                daemon=True,
            )
            worker.start()
            send.close()
            workers.append((worker, receive))
        try:
            done.update(_take(catalogue, ranges, taken, parts, work))
        finally:
            catalogue.limit(ranges[0][0], ranges[-1][1])  # every row again, for later
        for process, receive in workers:
            received = _receive(receive, process)
            if not isinstance(received, dict):
                raise RuntimeError(f"a worker process sent {type(received).__name__}")
            for index, (count, data) in received.items():
                done[index] = (count, pickle.loads(data))  # our own worker's bytes
    results: list[T] = []
    index = 0
    while index < len(ranges):
        if index not in done:  # a worker split the rows otherwise: never expected
            raise RuntimeError(f"range {index} of the catalogue's rows was not done")
        count, result = done[index]
        results.append(result)  # type: ignore[arg-type]
        index += count
    return results


def _keys_in_two(catalogue: Catalogue, fork: Any) -> None:
    """The split's key pass over a workbook's rows in two processes, each half the rows.

    Made in one, it keeps one core busy and the other idle (0.35-0.57 s on a 100,000-row
    sheet); a helper process forked for the second half takes 0.07 s off that on two
    cores. A text file is read from its start whatever row is wanted: one pass."""
    reader = catalogue.reader
    middle = reader.key_split_row() if reader is not None else None
    if reader is None or middle is None:
        return
    receive, send = fork.Pipe(duplex=False)
    helper = fork.Process(target=_scan_from, args=(send, reader, middle), daemon=True)
    try:
        helper.start()
    except OSError:  # no process to be had (a limit on processes): one pass, in the split
        receive.close()
        send.close()
        return
    send.close()
    try:
        head = reader.scan_keys(0, middle)
        try:
            tail: object = _receive(receive, helper)
        except Exception:  # the split's own key pass meets a real error again
            tail = None
    finally:
        receive.close()
        if helper.is_alive():
            helper.terminate()
        helper.join()
    from export_kit.catalogue.rows import KeyScan

    if isinstance(tail, KeyScan):  # else (a helper killed, failed) the split makes it all
        reader.adopt_keys([head, tail])


def _scan_from(send: Connection, reader: RowReader, first: int) -> None:
    """A helper process of :func:`_keys_in_two`: the key pass from row ``first`` on."""
    try:
        result: object = reader.scan_keys(first)
    except BaseException as error:  # the parent falls back to one pass
        result = error
    _reply(send, result)


def _take(
    catalogue: Catalogue, ranges: list[tuple[int, int]], taken: Any, parts: int, work: Work[T]
) -> dict[int, tuple[int, T]]:
    """The results of the ranges this process takes, by the number of their first range.

    Each time, a process takes adjacent ranges, as many as half its part of those left
    (at least one), and works on them as one: few big calls while many are left, small
    ones at the end, where the processes must end together.
    """
    results: dict[int, tuple[int, T]] = {}
    total = len(ranges)
    while True:
        with taken.get_lock():
            index = taken.value
            count = max(1, (total - index) // (2 * parts))
            taken.value = index + count
        if index >= total:
            return results
        count = min(count, total - index)
        first, stop = ranges[index][0], ranges[index + count - 1][1]
        catalogue.limit(first, stop)
        results[index] = (count, work(first, stop, index))


class Board:
    """Numbers the processes of :func:`in_shares` share: a row of ``width`` counters per
    range (each written only by the process doing that range, read by all) and one total
    any process adds to (e.g. products done, for a progress bar).

    Made before :func:`in_shares` forks; the memory is shared, not copied.
    """

    def __init__(self, ranges: int, width: int = 1) -> None:
        fork = multiprocessing.get_context("fork")
        self.ranges = ranges
        self.width = width
        self._cells = fork.RawArray("q", max(1, ranges * width))
        self._total = fork.Value("q", 0)

    def put(self, index: int, values: Sequence[int]) -> None:
        """Set the counters of range ``index``."""
        base = index * self.width
        for offset, value in enumerate(values[: self.width]):
            self._cells[base + offset] = value

    def get(self, index: int) -> list[int]:
        """The counters of range ``index`` (zeros until its process sets them)."""
        base = index * self.width
        return list(self._cells[base : base + self.width])

    def add(self, count: int) -> None:
        """Add ``count`` to the shared total."""
        with self._total.get_lock():
            self._total.value += count

    @property
    def total(self) -> int:
        """The shared total."""
        return int(self._total.value)


def _stop(workers: list[tuple[BaseProcess, Connection]]) -> None:
    for process, receive in workers:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()


class _Pickled(bytes):
    """A worker's result, pickled where it was made."""


def _work(
    send: Connection,
    catalogue: Catalogue,
    parts: int,
    ranges: list[tuple[int, int]],
    taken: Any,
    work: Work[object],
) -> None:
    """A worker process: the ranges it takes, their results sent back (or its error).

    Each result is pickled as soon as it is done, while the other processes still work,
    rather than all at the end, when the parent waits for them.
    """

    def pickled(first: int, stop: int, index: int) -> _Pickled:
        done = work(first, stop, index)
        return _Pickled(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))

    try:
        result: object = _take(catalogue, ranges, taken, parts, pickled)
    except BaseException as error:  # the parent reports it; a worker prints nothing
        result = error
    _reply(send, result)


def _reply(send: Connection, result: object) -> NoReturn:
    """End a forked process: send its result (or its error) to the parent, and exit."""
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
