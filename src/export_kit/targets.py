"""Which files a command may write: never an input of the run, never a workspace file.

Every command that writes a file the user names (``--out``, ``--report``,
``--invalid-rows``, ``--review``, ``memory export --out``, ``batch --out``) checks its
targets here first, so the rule is the same everywhere:

- a target that *is* an input of the run (the catalogue, its sidecar translations, the
  config, the glossary, a rates file, a template) is refused, whatever name reaches it:
  the same path, a symbolic link or a hard link (compared by device and inode);
- a target inside the workspace folder (the translation memory, the journal, cached
  rates), or the workspace folder itself given as ``--out``, is refused;
- a file target whose folder does not exist, or that is a folder, is refused.

Each refusal is an :class:`~export_kit.errors.OutputError`: exit 3, one line, nothing
written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from export_kit.errors import OutputError
from export_kit.workspace import DEFAULT_WORKSPACE

__all__ = [
    "SIDECAR_SUFFIXES",
    "Inputs",
    "catalogue_inputs",
    "check_output_file",
    "check_output_folder",
]

#: a labelled input of a run: ("the catalogue", path); a path of None is skipped
Inputs = Iterable[tuple[str, Path | None]]
#: the translations read beside a catalogue: ``cat.xlsx.zh.tmx``, ``cat.zh.xliff``...
SIDECAR_SUFFIXES = (".zh.tmx", ".zh.xliff", ".zh.xlf")
#: workspace files compared by inode at most (a hard link elsewhere to one of them)
_WORKSPACE_SCAN = 2000


def catalogue_inputs(
    catalogue: Path, config_path: Path | None = None, *others: tuple[str, Path | None]
) -> list[tuple[str, Path | None]]:
    """The inputs of a run on ``catalogue``: itself, its sidecar translations (existing
    or not), the config file and any ``others`` (glossary, rates file, templates...)."""
    catalogue = Path(catalogue)
    found: list[tuple[str, Path | None]] = [("the catalogue", catalogue)]
    for base in dict.fromkeys((catalogue.name, catalogue.stem)):
        for suffix in SIDECAR_SUFFIXES:
            found.append(
                ("the catalogue's sidecar translations", catalogue.with_name(base + suffix))
            )
    found.append(("the config", config_path))
    found.extend(others)
    return found


def check_output_file(
    target: Path,
    *,
    option: str,
    inputs: Inputs = (),
    workspace: Path | None = None,
) -> None:
    """Refuse ``target`` (named by ``option``) when it is a folder, its folder is
    missing, it is one of ``inputs`` or it lies in the ``workspace``."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{option} {target} is a folder; give a file name.")
    parent = target.parent
    if not parent.exists():
        raise OutputError(
            f"{option} {target}: the folder {parent} does not exist. Create it first, or "
            "check the path."
        )
    if not parent.is_dir():
        raise OutputError(f"{option} {target}: {parent} is a file, not a folder.")
    _refuse_inputs(target, option, inputs, workspace)


def check_output_folder(
    folder: Path,
    *,
    option: str,
    writes: Iterable[str] = (),
    inputs: Inputs = (),
    workspace: Path | None = None,
) -> None:
    """Refuse the output folder ``folder`` when it is a file, an input, the workspace or
    inside it, or when one of the files it ``writes`` (names in the folder) is an input.

    A missing folder is fine: the command creates it.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{option} {folder} is a file; give a folder.")
    _refuse_inputs(folder, option, inputs, workspace)
    for name in writes:
        _refuse_inputs(folder / name, option, inputs, workspace)


def _refuse_inputs(target: Path, option: str, inputs: Inputs, workspace: Path | None) -> None:
    shown = f"{option} {target}"
    identity = _identity(target)
    resolved = _resolved(target)
    for label, path in inputs:
        if path is None:
            continue
        other = _resolved(path)
        same = resolved == other or (identity is not None and identity == _identity(path))
        if same:
            raise OutputError(
                f"{shown} is {label} ({path}): export-kit never overwrites an input of the "
                "run. Choose another name."
            )
        if path.is_dir() and other in resolved.parents:
            raise OutputError(
                f"{shown} is inside {label} ({path}): export-kit never writes among its "
                "inputs. Choose another place."
            )
    folder = Path(workspace) if workspace is not None else DEFAULT_WORKSPACE
    home = _resolved(folder)
    if resolved == home or home in resolved.parents:
        raise OutputError(
            f"{shown} is in the workspace {folder} (the translation memory, the journal, "
            "cached rates): export-kit keeps its own files there. Choose another place."
        )
    if identity is not None:
        for kept in _workspace_files(folder):
            if _identity(kept) == identity:
                raise OutputError(
                    f"{shown} is the workspace file {kept} under another name (a link): "
                    "export-kit never overwrites it. Choose another name."
                )


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, links followed; None for a missing one."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop: compared as written
        return Path(os.path.abspath(path))


def _workspace_files(folder: Path) -> Iterator[Path]:
    """The workspace's files (a few: the memory, the journal, cached rates)."""
    if not folder.is_dir():
        return
    for count, path in enumerate(folder.rglob("*")):
        if count >= _WORKSPACE_SCAN:
            return
        if path.is_file():
            yield path
