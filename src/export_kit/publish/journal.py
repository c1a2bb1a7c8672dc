"""The publish journal: what is live on each platform, in ``<workspace>/journal.sqlite``.

One row per platform, target (the gateway URL, so a rehearsal against the sandbox never
makes the real shop look up to date) and product outer id: the content hash last sent,
the remote id, a status and the time. Statuses:

- ``in-flight``: a create was sent and its answer not yet recorded. If the process dies
  there, the next run looks the item up by outer id before creating it again.
- ``live``: the platform holds the item with ``content_hash``.
- ``failed``: a create was refused; nothing exists remotely (looked up again next run).
- ``delisted``: taken off sale with ``--delist-missing``.

Every change is committed at once (WAL, so a SIGKILL loses nothing committed). The journal
holds no credentials.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from export_kit.errors import ConfigError, InputError

try:  # advisory lock so two publishes of one workspace never run at once
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["JOURNAL_NAME", "Journal", "JournalEntry"]

JOURNAL_NAME = "journal.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    platform     TEXT NOT NULL,
    target       TEXT NOT NULL,
    outer_id     TEXT NOT NULL,
    content_hash TEXT,
    remote_id    TEXT,
    status       TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (platform, target, outer_id)
)
"""


@dataclass(frozen=True)
class JournalEntry:
    """What the journal knows of one product on one platform."""

    outer_id: str
    content_hash: str | None
    remote_id: str | None
    status: str
    updated_at: str


class Journal:
    """The journal of one platform and target, safe to use from several threads."""

    def __init__(self, workspace: Path, platform: str, target: str) -> None:
        self.path = Path(workspace) / JOURNAL_NAME
        self.platform = platform
        self.target = target
        self._lock = threading.Lock()
        self._lock_file: IO[str] | None = None
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"{self.path}: cannot open the publish journal ({exc}). "
                "Move the file away to start a new journal (the next publish looks every "
                "item up on the platform)."
            ) from None

    def lock(self) -> None:
        """Take the workspace's publish lock; :class:`ConfigError` when another run holds it."""
        if fcntl is None:
            return
        handle = (self.path.parent / "journal.lock").open("a", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise ConfigError(
                f"Another export-kit publish is using {self.path.parent}. Wait for it to "
                "finish (two publishes at once could create items twice)."
            ) from None
        self._lock_file = handle

    def close(self) -> None:
        """Close the database and release the lock."""
        with self._lock:
            self._db.close()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def entries(self) -> dict[str, JournalEntry]:
        """Every entry of this platform and target, by outer id."""
        with self._lock:
            rows = self._db.execute(
                "SELECT outer_id, content_hash, remote_id, status, updated_at FROM items "
                "WHERE platform = ? AND target = ?",
                (self.platform, self.target),
            ).fetchall()
        return {row[0]: JournalEntry(*row) for row in rows}

    def mark_in_flight(self, outer_id: str, content_hash: str) -> None:
        """Record that a create of ``outer_id`` is about to be sent."""
        self._put(outer_id, content_hash, None, "in-flight")

    def mark_live(self, outer_id: str, content_hash: str, remote_id: str) -> None:
        """Record that the platform holds ``outer_id`` as ``remote_id`` with this content."""
        self._put(outer_id, content_hash, remote_id, "live")

    def mark_failed(self, outer_id: str) -> None:
        """Record that a create of ``outer_id`` was refused (nothing exists remotely)."""
        self._put(outer_id, None, None, "failed")

    def mark_delisted(self, outer_id: str, remote_id: str | None) -> None:
        """Record that ``outer_id`` was taken off sale."""
        self._put(outer_id, None, remote_id, "delisted")

    def _put(
        self, outer_id: str, content_hash: str | None, remote_id: str | None, status: str
    ) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO items (platform, target, outer_id, content_hash, remote_id, "
                "status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (platform, target, outer_id) DO UPDATE SET "
                "content_hash = excluded.content_hash, "
                "remote_id = COALESCE(excluded.remote_id, items.remote_id), "
                "status = excluded.status, updated_at = excluded.updated_at",
                (self.platform, self.target, outer_id, content_hash, remote_id, status, now),
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            yield
            self._db.commit()
        except BaseException:
            self._db.rollback()
            raise
