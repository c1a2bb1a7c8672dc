"""The sandbox's item store (SQLite): what the emulated platforms hold.

Never de-duplicates: every create is a new row with a new remote id, as on the real
platforms, so a client that creates an item twice shows it twice.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from export_kit.publish.signing import GMT8, TIMESTAMP_FORMAT

__all__ = ["ItemStore", "StoredItem"]

#: remote ids look like the platforms' (TOP num_iid, JD wareId): large integers
ID_BASES = {"tmall-global": 600_000_000_000, "jd-worldwide": 100_000_000_000}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    platform  TEXT NOT NULL,
    outer_id  TEXT,
    remote_id TEXT,
    title     TEXT,
    price     TEXT,
    quantity  INTEGER,
    status    TEXT NOT NULL,
    fields    TEXT NOT NULL,
    created   TEXT NOT NULL,
    modified  TEXT NOT NULL,
    updates   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS items_outer ON items (platform, outer_id);
CREATE INDEX IF NOT EXISTS items_remote ON items (platform, remote_id);
"""

_LISTED = (
    "platform",
    "outer_id",
    "remote_id",
    "title",
    "price",
    "quantity",
    "status",
    "created",
    "modified",
    "updates",
)

#: (outer_id, remote_id, title, status) of a look-up
StoredItem = tuple[str, str, str, str]


class ItemStore:
    """Items by platform; thread-safe (one connection behind a lock)."""

    def __init__(self, db: Path | None, clock: Callable[[], dt.datetime]) -> None:
        self._db = sqlite3.connect(
            str(db) if db is not None else ":memory:", check_same_thread=False
        )
        self._db.executescript(_SCHEMA)
        self._last_id = int(
            self._db.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0]
        )
        self._lock = threading.Lock()
        self._clock = clock

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def now_text(self) -> str:
        """The current time as the gateways print it (GMT+8)."""
        return self._clock().astimezone(GMT8).strftime(TIMESTAMP_FORMAT)

    def items(self, platform: str | None = None) -> list[dict[str, Any]]:
        """Every stored item: ``platform``, ``outer_id``, ``remote_id``, ``title``, ``price``,
        ``quantity``, ``status`` (``onsale`` / ``delisted``), times, ``updates``, ``fields``."""
        query = f"SELECT {', '.join(_LISTED)}, fields FROM items"
        args: tuple[str, ...] = ()
        if platform:
            query += " WHERE platform = ?"
            args = (platform,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY id", args).fetchall()
        result = []
        for row in rows:
            entry = dict(zip(_LISTED, row[:-1], strict=True))
            entry["fields"] = json.loads(row[-1])
            result.append(entry)
        return result

    def insert(
        self,
        platform: str,
        outer_id: str | None,
        title: str,
        price: str,
        quantity: int,
        fields: Mapping[str, Any],
    ) -> str:
        """Store a new item on sale; return its new remote id."""
        now = self.now_text()
        data = json.dumps(fields, ensure_ascii=False)
        with self._lock:
            self._last_id += 1
            remote_id = str(ID_BASES.get(platform, 1) + self._last_id)
            self._db.execute(
                "INSERT INTO items (id, platform, outer_id, remote_id, title, price, quantity, "
                "status, fields, created, modified) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'onsale', ?, ?, ?)",
                (
                    self._last_id,
                    platform,
                    outer_id,
                    remote_id,
                    title,
                    price,
                    quantity,
                    data,
                    now,
                    now,
                ),
            )
            self._db.commit()
        return remote_id

    def find(self, platform: str, remote_id: str) -> tuple[dict[str, Any], str] | None:
        """``(fields, status)`` of one item, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT fields, status FROM items WHERE platform = ? AND remote_id = ?",
                (platform, remote_id),
            ).fetchone()
        return None if row is None else (json.loads(row[0]), str(row[1]))

    def update(
        self,
        platform: str,
        remote_id: str,
        changes: Mapping[str, Any],
        fields: Mapping[str, Any] | None = None,
    ) -> None:
        """Change columns (and the stored fields) of one item."""
        sets = [f"{column} = ?" for column in changes]
        values = list(changes.values())
        if fields is not None:
            sets.append("fields = ?")
            values.append(json.dumps(fields, ensure_ascii=False))
        with self._lock:
            self._db.execute(
                f"UPDATE items SET {', '.join(sets)}, modified = ?, updates = updates + 1 "
                "WHERE platform = ? AND remote_id = ?",
                (*values, self.now_text(), platform, remote_id),
            )
            self._db.commit()

    def by_outer_id(self, platform: str, outer_ids: list[str]) -> list[StoredItem]:
        """Every item (duplicates too) whose outer id is one of ``outer_ids``."""
        if not outer_ids:
            return []
        marks = ",".join("?" for _ in outer_ids)
        with self._lock:
            rows = self._db.execute(
                "SELECT outer_id, remote_id, title, status FROM items WHERE platform = ? "
                f"AND outer_id IN ({marks}) ORDER BY id",
                (platform, *outer_ids),
            ).fetchall()
        return [(str(a), str(b), str(c or ""), str(d)) for a, b, c, d in rows]
