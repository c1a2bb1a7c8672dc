"""Atomic writes and formula neutralisation."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from export_kit.errors import OutputError
from export_kit.fileio import atomic_writer, neutralise, output_error


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


def test_a_file_in_the_way_of_the_folder_is_an_exit_3_error(tmp_path: Path) -> None:
    blocker = tmp_path / "feeds"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError) as refused, atomic_writer(blocker / "out" / "feed.xml"):
        pass
    assert refused.value.exit_code == 3
    assert isinstance(refused.value, OSError)  # best-effort writers catching OSError still do
    assert str(refused.value).startswith(f"Cannot write {blocker / 'out' / 'feed.xml'}: ")
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "no space left on the device (the disk is full). Free some space"),
        (errno.EROFS, "the file system is read-only in"),
        (errno.EACCES, "permission denied in"),
        (errno.ENOENT, "the folder out does not exist. Create the folder first"),
    ],
)
def test_the_file_systems_faults_in_words(code: int, words: str) -> None:
    target = Path("out") / "report.json"
    error = OSError(code, os.strerror(code), str(target.parent / ".report.json.x.tmp"))
    mapped = output_error(error, target)
    assert str(mapped).startswith("Cannot write out/report.json: ") and words in str(mapped)
    assert mapped.errno == code
    assert "\n" not in str(mapped) and "Errno" not in str(mapped)


def test_other_errors_inside_the_write_are_left_alone(tmp_path: Path) -> None:
    # a missing input read while writing is the caller's error, not the output's
    with pytest.raises(FileNotFoundError), atomic_writer(tmp_path / "out.txt"):
        (tmp_path / "missing-input.csv").read_text()
    assert list(tmp_path.iterdir()) == []
