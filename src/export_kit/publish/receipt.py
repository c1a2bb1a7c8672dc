"""The receipt of a publish run: every item with its outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from export_kit.fileio import atomic_writer

__all__ = ["Action", "ItemResult", "Receipt", "Status", "receipt_path"]

Action = Literal["create", "update", "skip", "delist"]
Status = Literal["created", "updated", "unchanged", "delisted", "failed", "planned"]


@dataclass
class ItemResult:
    """One product's outcome. ``sku`` is the product's outer id."""

    sku: str
    action: Action
    status: Status
    remote_id: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"sku", "action", "status", "remote_id", "error"}``."""
        return {
            "sku": self.sku,
            "action": self.action,
            "status": self.status,
            "remote_id": self.remote_id,
            "error": self.error,
        }


@dataclass
class Receipt:
    """What a publish run did (or, with ``dry_run``, would do), item by item.

    ``stopped`` says why the run stopped early (bad credentials, an interrupt); the
    items it never reached are listed as failed with that reason. ``missing`` counts the
    live items the feed no longer has (delisted only with ``--delist-missing``).
    """

    platform: str
    items: list[ItemResult] = field(default_factory=list)
    dry_run: bool = False
    endpoint: str | None = None
    stopped: str | None = None
    missing: int = 0

    def _count(self, status: Status) -> int:
        if self.dry_run:
            wanted = {
                "created": "create",
                "updated": "update",
                "unchanged": "skip",
                "delisted": "delist",
            }.get(status)
            return sum(1 for i in self.items if i.action == wanted)
        return sum(1 for i in self.items if i.status == status)

    @property
    def created(self) -> int:
        """Items created (planned creates on a dry run)."""
        return self._count("created")

    @property
    def updated(self) -> int:
        """Items updated (planned updates on a dry run)."""
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        """Items skipped because the platform already has their content."""
        return self._count("unchanged")

    @property
    def delisted(self) -> int:
        """Items taken off sale (planned on a dry run)."""
        return self._count("delisted")

    @property
    def failed(self) -> int:
        """Items that failed after retries (0 on a dry run)."""
        return 0 if self.dry_run else self._count("failed")

    def to_dict(self) -> dict[str, Any]:
        """The receipt as a dict (its JSON); counts are integers."""
        return {
            "platform": self.platform,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "delisted": self.delisted,
            "failed": self.failed,
            "items": [item.to_dict() for item in self.items],
        }

    def write(self, folder: Path) -> Path:
        """Write ``receipt-<platform>.json`` into ``folder`` atomically; return its path."""
        path = receipt_path(folder, self.platform)
        with atomic_writer(path) as handle:
            json.dump(self.to_dict(), handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        return path


def receipt_path(folder: Path, platform: str) -> Path:
    """``<folder>/receipt-<platform>.json``."""
    return Path(folder) / f"receipt-{platform}.json"
