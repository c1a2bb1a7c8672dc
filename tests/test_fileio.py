"""Atomic writes and formula neutralisation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from export_kit.fileio import atomic_writer, neutralise


@pytest.mark.parametrize("text", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Crème", "", 12, -3.5, None, "1 299,00 €"])
def test_other_values_are_kept(value: object) -> None:
    assert neutralise(value) == value


def test_atomic_writer_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out" / "feed.xml"
    with atomic_writer(target) as handle:
        handle.write("<items/>")
    assert target.read_text(encoding="utf-8") == "<items/>"
    assert list(target.parent.iterdir()) == [target]


def test_atomic_writer_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half")
        raise RuntimeError("crash in the middle")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_new_output_gets_the_mode_of_a_file_opened_plainly(tmp_path: Path) -> None:
    # not the private 0600 of the temporary file: a web server or a colleague reads feeds
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    target = tmp_path / "feed.xml"
    with atomic_writer(target) as handle:
        handle.write("<items/>")
    assert _mode(target) == _mode(plain)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_replaced_output_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with atomic_writer(target) as handle:
        handle.write("new")
    assert _mode(target) == 0o640
    assert target.read_text(encoding="utf-8") == "new"
