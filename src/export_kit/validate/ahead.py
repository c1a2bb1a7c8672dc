"""What a spare core prepares while python-calamine loads a workbook (it frees the GIL).

A thread imports the catalogue's sidecar translations and loads the translation memory
whole (when it is not much bigger than the catalogue) with the checks prepared on it
(:mod:`export_kit.validate.prepared`): from the workspace's ``memory.prepared`` when the
memory has not changed since it was written, else from SQLite. In the second case it
finds the entries whose Chinese may hold a listed term
(:func:`~export_kit.validate.chinese.prepare_scan`) and then, until the workbook is
loaded, rules out claims in the French of the memory's entries
(:meth:`~export_kit.validate.rules.claims.ClaimScanner.rule_out`): a translated
catalogue's texts are its memory's keys, so the pass skips their word pass. That part
stops as soon as the rows are there; it never delays them; :meth:`MemoryAhead.keep`
finishes it after the run and writes ``memory.prepared`` for the next one. The caller may
add other preparations (``render`` compiles its feed and preview templates).

Worker processes forked afterwards inherit what was prepared.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from export_kit.validate.prepared import Prepared, keep_prepared, load_prepared

if TYPE_CHECKING:
    from export_kit.config import Config
    from export_kit.translate.memory import Known

__all__ = ["MemoryAhead"]


class MemoryAhead:
    """The memory loaded (and claims ruled out) in a thread while the caller reads.

    Use as a context manager around the read, then call :meth:`snapshot`::

        with MemoryAhead(workspace, path, size_hint=size) as ahead:
            catalogue = read_catalogue(path)
            snapshot = ahead.snapshot()

    ``size_hint``: the catalogue's size in bytes (0: import the sidecars only, never load
    the memory whole). ``also``: other preparations, run after the load if the caller
    still reads (e.g. compiling templates); what they raise is left for the caller to
    meet again. With ``enabled=False`` nothing runs and :meth:`snapshot` is None. After
    the run, :meth:`keep` writes what was prepared, for the next run.
    """

    def __init__(
        self,
        workspace: Path,
        catalogue: Path,
        *,
        size_hint: int,
        enabled: bool = True,
        also: Sequence[Callable[[], object]] = (),
        config: Config | None = None,
    ) -> None:
        self.config = config
        self.workspace = workspace
        self.catalogue = catalogue
        self.size_hint = size_hint
        self.enabled = enabled
        self.also = tuple(also)
        self._pool: ThreadPoolExecutor | None = None
        self._loaded: Future[Prepared | None] | None = None
        self._stop = threading.Event()

    def __enter__(self) -> MemoryAhead:
        if self.enabled:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="export-kit-ahead")
            self._loaded = self._pool.submit(
                load_prepared,
                self.workspace,
                self.catalogue,
                size_hint=self.size_hint,
                config=self.config,
            )
            self._pool.submit(self._prepare, self._loaded)
        return self

    def snapshot(self) -> dict[str, Known] | None:
        """The memory loaded whole (None: not loaded whole, or not enabled); stops the
        work that only helps while the caller still reads. Raises what the load raised."""
        self._stop.set()
        prepared = self._loaded.result() if self._loaded is not None else None
        return None if prepared is None else prepared.snapshot

    def keep(self) -> bool:
        """After the run: write ``memory.prepared`` when the memory was read from SQLite
        (finishing the claims not ruled out yet); True when written."""
        if self._loaded is None or not self._loaded.done() or self._loaded.exception():
            return False
        return keep_prepared(self.workspace, self._loaded.result())

    def _prepare(self, loaded: Future[Prepared | None]) -> None:
        for prepare in self.also:
            if self._stop.is_set():
                return
            with contextlib.suppress(Exception):  # the caller meets it again, and says so
                prepare()
        if self._stop.is_set() or loaded.exception() is not None:
            return
        prepared = loaded.result()
        if prepared is None or prepared.kept or not prepared.snapshot:
            return
        from export_kit.validate.rules.claims import scanner

        scanner().rule_out(prepared.snapshot, stop=self._stop.is_set)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # a batch of the claims pass: about a millisecond
