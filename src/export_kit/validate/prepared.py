"""The translation memory loaded whole, as the checks prepared it, kept in the workspace.

``render`` and ``validate`` of a workbook load the memory whole while python-calamine reads
the sheet, then prepare the checks on it: which entries' Chinese may hold a listed term
(:meth:`~export_kit.validate.chinese.ChineseScanner.flagged`) and which French texts hold
no claim (:meth:`~export_kit.validate.rules.claims.ClaimScanner.rule_out`). For a
142,530-entry memory that is about 1.05 s of CPU taken from the read, and it comes out the
same on every run while the memory does not change.

So the result is kept in ``<workspace>/memory.prepared`` and loaded again in 0.25-0.4 s, as
long as the memory's state (:class:`~export_kit.translate.memory.MemoryState`: a token that
database triggers draw again on any change of a row, and the number of entries) and the
term lists are the same. Anything else (another state, another version of export-kit or
of Python, a damaged or foreign file) and the memory is loaded from SQLite as before; the
file is written again at the end of the run. It is derived data: deleting it is safe.

File: a magic line, a marshalled header (what it was made from), the CRC-32 of the rest,
then the marshalled entries in columns with one byte per entry for each flag.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import zlib
from dataclasses import dataclass
from importlib import resources
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from export_kit import __version__
from export_kit.collector import paused_collections
from export_kit.fileio import atomic_path
from export_kit.translate.memory import Known, MemoryState, TranslationMemory
from export_kit.translate.texts import import_sidecars, sidecar_checker, snapshot_limit

if TYPE_CHECKING:
    from export_kit.config import Config
from export_kit.validate.chinese import chinese_scanner, prepare_scan
from export_kit.validate.rules.claims import scanner as claims_scanner

__all__ = ["PREPARED_FILE", "Prepared", "keep_prepared", "load_prepared"]

PREPARED_FILE = "memory.prepared"
#: bump when what is kept, or how a flag is decided, changes
_FORMAT = 1
_MAGIC = b"export-kit prepared memory\n"
#: the data the flags were decided with
_TERM_FILES = (
    "adlaw-absolute-terms.txt",
    "adlaw-overbroad-terms.txt",
    "medical-claim-terms.txt",
    "cosmetics-special-claim-terms.txt",
    "claims-fr.toml",
)


@dataclass
class Prepared:
    """The memory whole (keys are normalised French texts) and the state it was read in.

    ``kept``: it came from ``memory.prepared`` with every check prepared; False: read from
    SQLite, its claims not all ruled out yet (:func:`keep_prepared` finishes and writes).
    """

    snapshot: dict[str, Known]
    state: MemoryState
    source_lang: str
    target_lang: str
    kept: bool


def load_prepared(
    workspace: Path, catalogue_path: Path, *, size_hint: int, config: Config | None = None
) -> Prepared | None:
    """Import a catalogue's sidecars, then load the whole memory with the checks prepared.

    From ``memory.prepared`` when it was made from the memory as it is now, else from
    SQLite (then :func:`~export_kit.validate.chinese.prepare_scan`; the claims are ruled
    out by the caller's thread, as time allows). None when the memory is bigger than a
    catalogue of ``size_hint`` bytes may ask for (see
    :func:`~export_kit.translate.texts.load_snapshot`). ``config``: its glossary and
    brands are what the sidecars' Chinese is checked against.
    """
    limit = snapshot_limit(size_hint)
    with TranslationMemory.open(Path(workspace)) as memory:
        checker = sidecar_checker(config) if config is not None else None
        import_sidecars(memory, Path(catalogue_path), checker)
        state = memory.state()
        if state.entries > limit:
            return None
        langs = (memory.source_lang, memory.target_lang)
        kept = _read(Path(workspace) / PREPARED_FILE, _header(state, *langs))
        if kept is not None:
            return kept
        state, snapshot = memory.snapshot_with_state(limit)
    if snapshot is None:
        return None
    prepare_scan(snapshot)
    return Prepared(snapshot, state, *langs, kept=False)


def keep_prepared(workspace: Path, prepared: Prepared | None) -> bool:
    """Write ``memory.prepared`` for a memory loaded from SQLite, after ruling out the
    claims of the entries not done yet; True when written. A workspace that cannot be
    written is left as it is: the file only saves time."""
    if prepared is None or prepared.kept or not prepared.snapshot:
        return False
    snapshot = prepared.snapshot
    keys = list(snapshot)
    claims = claims_scanner()
    claims.rule_out([key for key in keys if not claims.ruled_out(key)])
    flagged = chinese_scanner().flagged(snapshot)
    ruled_out = claims.ruled_out
    known = list(snapshot.values())
    origins: dict[str, str] = {}  # a few distinct origins: marshalled once each
    payload = (
        keys,
        [entry.target for entry in known],
        [origins.setdefault(entry.origin, entry.origin) for entry in known],
        bytes(entry.approved for entry in known),
        bytes(key in flagged for key in keys),
        bytes(map(ruled_out, keys)),
    )
    data = marshal.dumps(payload)
    header = _header(prepared.state, prepared.source_lang, prepared.target_lang)
    try:
        with atomic_path(Path(workspace) / PREPARED_FILE) as tmp, tmp.open("wb") as out:
            out.write(_MAGIC)
            marshal.dump(header, out)
            out.write(zlib.crc32(data).to_bytes(4, "big"))
            out.write(data)
    except OSError:
        return False
    return True


def _header(state: MemoryState, source_lang: str, target_lang: str) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "version": __version__,
        # marshal's format may change between Python versions
        "python": [*sys.version_info[:2], marshal.version],
        "terms": _terms_digest(),
        "languages": [source_lang, target_lang],
        "token": state.token,
        "entries": state.entries,
    }


def _terms_digest() -> str:
    digest = hashlib.sha256()
    data = resources.files("export_kit").joinpath("data")
    for name in _TERM_FILES:
        digest.update(data.joinpath(name).read_bytes())
    return digest.hexdigest()


def _read(path: Path, header: dict[str, Any]) -> Prepared | None:
    """The prepared memory of ``path`` when it was made as ``header`` says, else None."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC or marshal.load(handle) != header:
                return None
            crc = int.from_bytes(handle.read(4), "big")
            data = handle.read()
        if zlib.crc32(data) != crc:
            return None
        payload = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    columns = _columns(payload, header["entries"])
    if columns is None:
        return None
    keys, targets, origins, approved, flagged, ruled_out = columns
    with paused_collections():
        entries = zip(targets, origins, map(bool, approved), strict=True)
        snapshot = dict(zip(keys, map(tuple.__new__, repeat(Known), entries), strict=True))
    if len(snapshot) != len(keys):
        return None
    chinese_scanner().adopt_flagged(snapshot, frozenset(compress(keys, flagged)))
    claims_scanner().adopt_ruled_out(compress(keys, ruled_out))
    state = MemoryState(header["token"], header["entries"])
    source_lang, target_lang = header["languages"]
    return Prepared(snapshot, state, source_lang, target_lang, kept=True)


def _columns(payload: object, entries: int) -> tuple[Any, ...] | None:
    """The six columns of a payload, each checked for its type and length."""
    if not isinstance(payload, tuple) or len(payload) != 6:
        return None
    texts, flags = payload[:3], payload[3:]
    if not all(isinstance(c, list) and len(c) == entries for c in texts):
        return None
    if not all(isinstance(c, bytes) and len(c) == entries for c in flags):
        return None
    if any(entries and set(map(type, column)) != {str} for column in texts):
        return None
    return payload
