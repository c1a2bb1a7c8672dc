"""The workspace folder (default ``.export-kit/``): memory, journal, cached rates."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFAULT_WORKSPACE", "workspace_dir"]

DEFAULT_WORKSPACE = Path(".export-kit")


def workspace_dir(path: Path | None) -> Path:
    """Create (if needed) and return the workspace folder."""
    folder = Path(path) if path is not None else DEFAULT_WORKSPACE
    folder.mkdir(parents=True, exist_ok=True)
    return folder
