"""Atomic writes and formula neutralisation."""

from __future__ import annotations

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
