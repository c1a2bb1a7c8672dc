"""Writing outputs safely: atomic replacement, spreadsheet formula neutralisation, and one
temporary folder per run.

Every temporary file of a run lives in one folder, ``export-kit-<pid>-<random>`` under the
system's temporary folder (:func:`run_temp_dir`), removed when the run ends (also on an
error) and, when a run was killed, swept by the next run once that pid is gone. The
temporary file an atomic write renames into place sits beside its target, named
``.<name>.export-kit-tmp-<pid>-<random>``; one left by a killed run is swept the next
time a run writes into that folder.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = [
    "FORMULA_PREFIXES",
    "atomic_path",
    "atomic_writer",
    "neutralise",
    "remove_run_temp_dir",
    "run_temp_dir",
    "sweep_stale",
]

_RUN_PREFIX = "export-kit-"
_RUN_DIR = re.compile(r"export-kit-(\d+)-[A-Za-z0-9_]+")
_TMP_MARK = ".export-kit-tmp-"
_TMP_FILE = re.compile(r"\..+\.export-kit-tmp-(\d+)-[A-Za-z0-9_]+")
_lock = threading.Lock()
_run_dir: tuple[int, Path] | None = None
_swept: set[Path] = set()


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or no way to tell: leave its files
    return True


def _owned(path: Path) -> bool:
    try:
        return path.lstat().st_uid == os.getuid()
    except (OSError, AttributeError):
        return False


def sweep_stale() -> None:
    """Remove the temporary folders of earlier runs whose process is gone (a killed run).

    Only folders named as :func:`run_temp_dir` names them, of this user, are looked at.
    """
    base = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        match = _RUN_DIR.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False) and _owned(path):
            shutil.rmtree(path, ignore_errors=True)


def run_temp_dir() -> Path:
    """This run's temporary folder, made on first use (and the stale ones of killed runs
    swept then); removed at exit by :func:`remove_run_temp_dir`."""
    global _run_dir
    with _lock:
        if _run_dir is not None and _run_dir[0] == os.getpid() and _run_dir[1].is_dir():
            return _run_dir[1]
        sweep_stale()
        path = Path(tempfile.mkdtemp(prefix=f"{_RUN_PREFIX}{os.getpid()}-"))
        _run_dir = (os.getpid(), path)
        return path


def remove_run_temp_dir() -> None:
    """Remove this run's temporary folder and all in it (only in the process that made
    it: a forked worker leaves its parent's folder alone)."""
    global _run_dir
    with _lock:
        if _run_dir is not None and _run_dir[0] == os.getpid():
            shutil.rmtree(_run_dir[1], ignore_errors=True)
            _run_dir = None


atexit.register(remove_run_temp_dir)


def _sweep_folder(folder: Path) -> None:
    """Remove the atomic-write temporary files a killed run left in ``folder`` (once a
    run per folder)."""
    with _lock:
        if folder in _swept:
            return
        _swept.add(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if _TMP_MARK not in entry.name:
            continue
        match = _TMP_FILE.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and _owned(Path(entry.path)):
                os.unlink(entry.path)

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
    _sweep_folder(target.parent.resolve())
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}{_TMP_MARK}{os.getpid()}-", dir=target.parent
    )
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
