"""Writing outputs safely: atomic replacement and spreadsheet formula neutralisation."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["FORMULA_PREFIXES", "atomic_path", "atomic_writer", "neutralise"]

#: Cell starts that spreadsheet programs execute as formulas (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers: ``-12`` typed in a number cell is a value, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success.

    A crash or an exception leaves the previous ``target`` untouched and no partial file.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    os.close(fd)
    try:
        # mkstemp makes the file private (0600); an output gets the mode a plain open()
        # would give it, or keeps the mode of the file it replaces
        with contextlib.suppress(OSError):  # a file system without modes (some mounts)
            os.chmod(tmp, _mode_for(target))
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _mode_for(target: Path) -> int:
    """The permission bits of an existing ``target``; else what ``open()`` would create."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    # os.umask can only be read by setting it: done once, at import, before any thread
    # of this program could create a file meanwhile
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextlib.contextmanager
def atomic_writer(
    target: Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``target`` for writing; rename it into place on success."""
    with atomic_path(target) as tmp:
        if "b" in mode:
            with open(tmp, mode) as handle:
                yield handle
        else:
            with open(tmp, mode, encoding=encoding, newline=newline) as handle:
                yield handle
