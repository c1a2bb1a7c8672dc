"""Writing outputs safely: atomic replacement, spreadsheet formula neutralisation, one
temporary folder per run, and the environment's faults (read-only folder, full disk,
missing folder) as one-line errors.

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
import errno
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from export_kit.errors import OutputError

__all__ = [
    "ENVIRONMENT_ERRNOS",
    "FORMULA_PREFIXES",
    "atomic_path",
    "atomic_writer",
    "describe_os_error",
    "neutralise",
    "output_error",
    "output_errors",
    "remove_run_temp_dir",
    "run_temp_dir",
    "save_workbook",
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


#: what the file system, not export-kit, is at fault for: exit 3 with one line, not a bug
ENVIRONMENT_ERRNOS = frozenset(
    {
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.ENOSPC,
        errno.EDQUOT,
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EEXIST,
        errno.EIO,
        errno.ENAMETOOLONG,
        errno.ELOOP,
        errno.EFBIG,
        errno.EMFILE,
        errno.ENFILE,
        errno.ETXTBSY,
    }
)
#: faults of the writes themselves: the only ones mapped while the caller writes the
#: temporary file (an ENOENT there may be an input the caller reads, not the output)
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG})
_REASONS = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOSPC: "no space left on the device (the disk is full)",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EEXIST: "a file of that name is in the way",
    errno.EIO: "input/output error of the device",
    errno.EFBIG: "the file is too large for the file system",
    errno.ENAMETOOLONG: "the name is too long",
}
_ADVICE = {
    errno.EROFS: "Choose a folder you can write to.",
    errno.EACCES: "Choose a folder you can write to, or fix its permissions.",
    errno.EPERM: "Choose a folder you can write to, or fix its permissions.",
    errno.ENOSPC: "Free some space and rerun; any previous file is left as it was.",
    errno.EDQUOT: "Free some space and rerun; any previous file is left as it was.",
    errno.ENOENT: "Create the folder first, or check the path.",
    errno.ENOTDIR: "Check the path.",
    errno.EISDIR: "Give a file name.",
}


def describe_os_error(error: OSError) -> str:
    """One line for an ``OSError`` of the file system: the file, the reason in words."""
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    where = error.filename
    if where is None:
        return reason[:1].upper() + reason[1:] + "."
    return f"{os.fsdecode(where)}: {reason}."


def output_error(error: OSError, target: Path) -> OutputError:
    """The one-line exit-3 error for ``error``, met while writing ``target``."""
    code = error.errno or 0
    reason = _REASONS.get(code) or error.strerror or str(error)
    where = os.fsdecode(error.filename) if error.filename is not None else None
    folder = str(target.parent)
    if code == errno.ENOENT:
        reason = f"the folder {folder} does not exist"
    elif where is not None and where not in (str(target), folder) and ".tmp" not in where:
        reason = f"{where}: {reason}"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM) and where != str(target):
        reason = f"{reason} in {folder}"
    advice = _ADVICE.get(code, "")
    mapped = OutputError(f"Cannot write {target}: {reason}. {advice}".rstrip())
    mapped.errno = error.errno
    return mapped


@contextlib.contextmanager
def output_errors(target: Path, *, only: frozenset[int] = ENVIRONMENT_ERRNOS) -> Iterator[None]:
    """Turn an ``OSError`` of the file system (errno in ``only``) into an
    :class:`~export_kit.errors.OutputError` naming ``target``: exit 3, one line."""
    try:
        yield
    except OSError as error:
        if isinstance(error, OutputError) or error.errno not in only:
            raise  # mapped already (by a nested writer), or not the file system's fault
        raise output_error(error, Path(target)) from None


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success.

    A crash or an exception leaves the previous ``target`` untouched and no partial file.
    A read-only folder, a full disk or a folder that cannot be made is an
    :class:`~export_kit.errors.OutputError` (exit 3) naming ``target``.
    """
    target = Path(target)
    with output_errors(target):
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
        with output_errors(target, only=_WRITE_ERRNOS):
            yield tmp
        with output_errors(target):
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):  # the error already raised says more
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


def save_workbook(workbook: Any, target: Path) -> None:
    """Save an openpyxl ``workbook`` to ``target`` atomically (see :func:`atomic_path`).

    When the disk fills up mid-save, openpyxl leaves its zip archive open; freed later, it
    would fail again and print a traceback. The archive writes to a file that, once a
    write failed, takes nothing more, so only the one-line error is seen.
    """
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        sink = _FailOnce(handle)
        try:
            workbook.save(sink)
        finally:
            sink.close()
        if sink.failed is not None:
            raise sink.failed


class _FailOnce:
    """A binary file that swallows every write after the first one that failed."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.failed: OSError | None = None

    def write(self, data: bytes) -> int:
        if self.failed is None:
            try:
                return self._handle.write(data)
            except OSError as error:
                self.failed = error
        return len(data)

    def flush(self) -> None:
        if self.failed is None:
            try:
                self._handle.flush()
            except OSError as error:
                self.failed = error

    def tell(self) -> int:
        return self._handle.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def seekable(self) -> bool:
        return self._handle.seekable()

    def close(self) -> None:
        self.flush()


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
