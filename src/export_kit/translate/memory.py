"""The translation memory: French → Chinese pairs in SQLite, in the workspace.

One row per (source language, target language, normalised source text), with the
Chinese, its origin (``human``, ``glossary``, ``machine:NAME``), an approval flag and
timestamps. Several processes (``batch --jobs``) may use one memory at once: the
database runs in WAL mode with a busy timeout, every write is a short ``BEGIN
IMMEDIATE`` transaction, and rows are written with ``INSERT … ON CONFLICT`` so two
writers of the same text never fail. A machine result never replaces an existing row;
a human one replaces anything but an identical human row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from export_kit.collector import paused_collections
from export_kit.errors import InputError
from export_kit.translate.normalise import SOURCE_LANG, TARGET_LANG, normalise

__all__ = ["MEMORY_FILE", "Known", "MemoryEntry", "MemoryState", "TranslationMemory"]

MEMORY_FILE = "memory.sqlite"
T = TypeVar("T")
_BATCH = 500
_BUSY_TIMEOUT_S = 60.0

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS memory (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    approved INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, key)
) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS imports (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
)""",
    # a random token drawn again on every change of a memory row, by triggers: they live
    # in the database, so any writer (another version, the sqlite3 shell) draws it too;
    # what was derived from the memory is kept while the token stays (validate.prepared)
    """CREATE TABLE IF NOT EXISTS state (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    token INTEGER NOT NULL
)""",
    "INSERT OR IGNORE INTO state (id, token) VALUES (0, random())",
    # texts whose Chinese failed a check (export_kit.translate.checking): needs-review,
    # with the reasons, until a reviewed Chinese that passes replaces them
    """CREATE TABLE IF NOT EXISTS review (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    key TEXT NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, key)
) WITHOUT ROWID""",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()} AFTER {event} ON {table} "
        "BEGIN UPDATE state SET token = random() WHERE id = 0; END"
        for table in ("memory", "review")
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
)

_UPSERT_HUMAN = """
INSERT INTO memory (source_lang, target_lang, key, source, target, origin, approved,
                    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
ON CONFLICT (source_lang, target_lang, key) DO UPDATE SET
    source = excluded.source, target = excluded.target, origin = excluded.origin,
    approved = 1, updated_at = excluded.updated_at
WHERE memory.target IS NOT excluded.target OR memory.approved = 0
   OR memory.origin IS NOT excluded.origin
"""

_UPSERT_UNCHECKED = """
INSERT INTO memory (source_lang, target_lang, key, source, target, origin, approved,
                    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
ON CONFLICT (source_lang, target_lang, key) DO UPDATE SET
    source = excluded.source, target = excluded.target, origin = excluded.origin,
    updated_at = excluded.updated_at
WHERE memory.approved = 0 AND memory.target IS NOT excluded.target
"""

_INSERT_MACHINE = """
INSERT INTO memory (source_lang, target_lang, key, source, target, origin, approved,
                    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
ON CONFLICT (source_lang, target_lang, key) DO NOTHING
"""


@dataclass(frozen=True, slots=True)
class MemoryEntry:
    """One memory row."""

    source: str
    target: str
    origin: str
    approved: bool
    created_at: str
    updated_at: str

    @property
    def is_human(self) -> bool:
        """Approved by a person (imported, typed in a catalogue column, or a glossary row)."""
        return self.approved


class MemoryState(NamedTuple):
    """What says whether a memory changed: a token drawn again on every change of a row
    (any writer's), and the number of entries of the language pair."""

    token: int
    entries: int


class Known(NamedTuple):
    """What a look-up needs of an entry: the Chinese, its origin, whether it is approved."""

    target: str
    origin: str
    approved: bool


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, waiting as the busy timeout would.

    While another process creates the same new memory (its file still in rollback mode,
    its schema being written), SQLite answers this pragma "database is locked" at once,
    without calling the busy handler: two catalogues of ``batch --jobs 2`` starting on a
    new workspace met that (one of them failed).
    """
    deadline = time.monotonic() + _BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


class TranslationMemory:
    """A handle on ``<workspace>/memory.sqlite`` (one connection, one thread)."""

    def __init__(
        self, path: Path, *, source_lang: str = SOURCE_LANG, target_lang: str = TARGET_LANG
    ) -> None:
        self.path = Path(path)
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(
                self.path,
                timeout=_BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
            self._conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            _set_wal(self._conn)
            self._conn.execute("PRAGMA synchronous = NORMAL")
            with self._write() as conn:
                for statement in _SCHEMA:
                    conn.execute(statement)
        except sqlite3.DatabaseError as exc:
            folder = self.path.parent
            if not os.access(folder, os.W_OK) or (
                self.path.exists() and not os.access(self.path, os.W_OK)
            ):
                advice = (
                    f"The workspace {folder} cannot be written (a read-only folder or no "
                    "permission): pass a --workspace you can write to."
                )
            elif "full" in str(exc):
                advice = "The disk is full: free some space and rerun."
            else:
                advice = "Move the file away to start a new memory, or pass another --workspace."
            raise InputError(
                f"{self.path}: the translation memory cannot be opened ({exc}). {advice}"
            ) from None

    @classmethod
    def open(cls, workspace: Path) -> TranslationMemory:
        """The memory of a workspace folder (created when missing)."""
        return cls(Path(workspace) / MEMORY_FILE)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front, so a busy database makes this
        # wait (busy timeout) instead of failing half-way through the transaction.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- reading ---------------------------------------------------------------------

    def get(self, text: str) -> MemoryEntry | None:
        """The entry for a French text (any spelling that normalises the same), or None."""
        row = self._conn.execute(
            "SELECT source, target, origin, approved, created_at, updated_at FROM memory "
            "WHERE source_lang = ? AND target_lang = ? AND key = ?",
            (self.source_lang, self.target_lang, normalise(text)),
        ).fetchone()
        return (
            None
            if row is None
            else MemoryEntry(row[0], row[1], row[2], bool(row[3]), row[4], row[5])
        )

    def get_many(self, texts: Iterable[str]) -> dict[str, MemoryEntry]:
        """Entries for many texts at once, keyed by normalised text."""
        return self.get_keys(normalise(t) for t in texts)

    def get_keys(self, keys: Iterable[str]) -> dict[str, MemoryEntry]:
        """Entries for many keys (texts already normalised: :func:`normalise`)."""
        return self._select(list(dict.fromkeys(keys)))

    def get_by_text(self, texts: Iterable[str]) -> dict[str, MemoryEntry | None]:
        """Entries for many texts at once, keyed by each text as given (None: no entry).

        One query per 500 distinct texts instead of one per text: what a 100,000-row run
        asks for, a chunk of rows at a time.
        """
        keys = {text: normalise(text) for text in texts}
        entries = self._select(list(dict.fromkeys(keys.values())))
        return {text: entries.get(key) for text, key in keys.items()}

    def _select(self, keys: list[str]) -> dict[str, MemoryEntry]:
        found: dict[str, MemoryEntry] = {}
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                "SELECT key, source, target, origin, approved, created_at, updated_at "
                f"FROM memory WHERE source_lang = ? AND target_lang = ? AND key IN ({marks})",
                (self.source_lang, self.target_lang, *chunk),
            )
            for row in rows:
                found[row[0]] = MemoryEntry(row[1], row[2], row[3], bool(row[4]), row[5], row[6])
        return found

    def snapshot(self, limit: int) -> dict[str, Known] | None:
        """Every entry of the language pair keyed by normalised text; None above ``limit``.

        One scan of the table costs a third of looking its entries up one by one (even
        500 at a time): worth it when a run asks for a good share of them.
        """
        return self.snapshot_with_state(limit)[1]

    def snapshot_with_state(self, limit: int) -> tuple[MemoryState, dict[str, Known] | None]:
        """:meth:`snapshot`, and the state of the memory it was read in (one transaction)."""
        conn = self._conn
        conn.execute("BEGIN")  # one read transaction: the state is the snapshot's
        try:
            state = self.state()
            if state.entries > limit:
                return state, None
            cursor = conn.execute(
                "SELECT key, target, origin, approved FROM memory "
                "WHERE source_lang = ? AND target_lang = ?",
                (self.source_lang, self.target_lang),
            )
            # Known's own __new__ is a Python function around tuple.__new__: calling this
            # directly builds 142,530 entries in 0.16 s instead of 0.20-0.29 s
            new = tuple.__new__
            with paused_collections():
                return state, {
                    key: new(Known, (target, origin, approved == 1))
                    for key, target, origin, approved in cursor
                }
        finally:
            conn.execute("COMMIT")

    def state(self) -> MemoryState:
        """The memory's change token and its number of entries of the language pair."""
        token = self._conn.execute("SELECT token FROM state WHERE id = 0").fetchone()
        return MemoryState(int(token[0]) if token else 0, len(self))

    def iter_entries(self) -> Iterator[MemoryEntry]:
        """Every entry of the language pair, in source order."""
        cursor = self._conn.execute(
            "SELECT source, target, origin, approved, created_at, updated_at FROM memory "
            "WHERE source_lang = ? AND target_lang = ? ORDER BY key",
            (self.source_lang, self.target_lang),
        )
        for row in cursor:
            yield MemoryEntry(row[0], row[1], row[2], bool(row[3]), row[4], row[5])

    def __len__(self) -> int:
        row = self._conn.execute(
            "SELECT count(*) FROM memory WHERE source_lang = ? AND target_lang = ?",
            (self.source_lang, self.target_lang),
        ).fetchone()
        return int(row[0])

    # -- writing ---------------------------------------------------------------------

    def add_human(self, source: str, target: str, *, origin: str = "human") -> bool:
        """Store an approved translation; True when the memory changed."""
        return self.add_human_many([(source, target)], origin=origin) > 0

    def add_human_many(self, pairs: Iterable[tuple[str, str]], *, origin: str = "human") -> int:
        """Store approved translations (they win over anything); returns rows changed."""
        return self._store(_UPSERT_HUMAN, _keyed(pairs), origin)

    def add_human_keyed(
        self, entries: Iterable[tuple[str, str, str]], *, origin: str = "human"
    ) -> int:
        """:meth:`add_human_many` of ``(key, source, target)`` whose key is
        ``normalise(source)`` already. In key order, a big import writes 2× faster: each
        short transaction then touches neighbouring pages of the table, not pages all over
        it (142,530 entries: 9.8 s instead of 17-19 s)."""
        return self._store(_UPSERT_HUMAN, entries, origin)

    def add_machine(self, source: str, target: str, provider: str) -> bool:
        """Store a machine translation unless the text already has one; True if stored."""
        return self.add_machine_many([(source, target)], provider) > 0

    def add_machine_many(
        self, pairs: Iterable[tuple[str, str]], provider: str, *, origin: str | None = None
    ) -> int:
        """Store unapproved translations as ``machine:PROVIDER``; never replaces a row.

        ``origin`` overrides the origin (``glossary`` for texts made only of brand names,
        quantities and glossary terms, which need no provider).
        """
        return self._store(_INSERT_MACHINE, _keyed(pairs), origin or f"machine:{provider}")

    def _store(self, statement: str, entries: Iterable[tuple[str, str, str]], origin: str) -> int:
        """Write ``(key, source, target)`` in short batched transactions with ``statement``;
        rows changed."""
        changed = 0
        for batch in _batches(entries):
            now = _now()
            rows = [
                (
                    self.source_lang,
                    self.target_lang,
                    key,
                    src.strip(),
                    tgt.strip(),
                    origin,
                    now,
                    now,
                )
                for key, src, tgt in batch
                if key and tgt.strip()
            ]
            if not rows:
                continue
            with self._write() as conn:
                # the statements' own changes (total_changes would count the triggers')
                changed += conn.executemany(statement, rows).rowcount
        return changed

    def add_unchecked_many(
        self, entries: Iterable[tuple[str, str, str]], *, origin: str = "human"
    ) -> int:
        """Store ``(source, target, reasons)`` whose Chinese failed a check: never approved,
        marked needs-review with the reasons (replacing an entry not approved by a
        person); rows changed."""
        rows = [(normalise(source), source, target, reasons) for source, target, reasons in entries]
        changed = self._store(
            _UPSERT_UNCHECKED, ((key, src, tgt) for key, src, tgt, _ in rows), origin
        )
        self.mark_needs_review((key, reasons) for key, _, _, reasons in rows)
        return changed

    def mark_needs_review(self, entries: Iterable[tuple[str, str]]) -> None:
        """Mark ``(key, reasons)`` as needs-review (keys are normalised texts)."""
        for batch in _batches(entries):
            with self._write() as conn:
                conn.executemany(
                    "INSERT INTO review (source_lang, target_lang, key, reasons) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (source_lang, target_lang, key) "
                    "DO UPDATE SET reasons = excluded.reasons "
                    "WHERE review.reasons IS NOT excluded.reasons",
                    [(self.source_lang, self.target_lang, k, r) for k, r in batch],
                )

    def clear_review(self, keys: Iterable[str]) -> None:
        """Take ``keys`` off the needs-review list (their Chinese now passes)."""
        for batch in _batches(keys):
            with self._write() as conn:
                conn.executemany(
                    "DELETE FROM review WHERE source_lang = ? AND target_lang = ? AND key = ?",
                    [(self.source_lang, self.target_lang, k) for k in batch],
                )

    def needs_review(self) -> dict[str, str]:
        """Every needs-review text (normalised) with the reasons its Chinese failed."""
        rows = self._conn.execute(
            "SELECT key, reasons FROM review WHERE source_lang = ? AND target_lang = ?",
            (self.source_lang, self.target_lang),
        )
        return {str(key): str(reasons) for key, reasons in rows}

    # -- imported files ------------------------------------------------------------------

    def imported_sha256(self, path: Path) -> str | None:
        """The sha256 of ``path`` when it was last imported, or None."""
        row = self._conn.execute(
            "SELECT sha256 FROM imports WHERE path = ?", (str(Path(path).resolve()),)
        ).fetchone()
        return None if row is None else str(row[0])

    def mark_imported(self, path: Path, sha256: str) -> None:
        """Remember that ``path`` with this content has been imported."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO imports (path, sha256, imported_at) VALUES (?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, "
                "imported_at = excluded.imported_at",
                (str(Path(path).resolve()), sha256, _now()),
            )


def _keyed(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    return ((normalise(source), source, target) for source, target in pairs)


def _batches(entries: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
