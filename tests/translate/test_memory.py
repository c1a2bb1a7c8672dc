"""The SQLite translation memory: keys, precedence of human entries, several processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from export_kit.errors import InputError
from export_kit.translate.memory import MEMORY_FILE, TranslationMemory
from export_kit.translate.normalise import normalise


def test_key_is_nfc_with_folded_whitespace() -> None:
    decomposed = "Cre\u0300me  hydratante\n"  # è as e + combining grave, two spaces
    assert normalise(decomposed) == "Crème hydratante"
    assert normalise("\u00a0Crème\thydratante ") == "Crème hydratante"


def test_spellings_that_normalise_alike_share_one_entry(tmp_path: Path) -> None:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_machine("Crème  hydratante", "保湿霜", "libre")
        entry = memory.get("Cre\u0300me hydratante")
        assert entry is not None
        assert (entry.target, entry.origin, entry.approved) == ("保湿霜", "machine:libre", False)
        assert len(memory) == 1
    assert (tmp_path / MEMORY_FILE).is_file()


def test_machine_never_overwrites_and_human_always_wins(tmp_path: Path) -> None:
    with TranslationMemory.open(tmp_path) as memory:
        assert memory.add_machine("Sérum", "精华A", "libre")
        assert not memory.add_machine("Sérum", "精华B", "google")
        assert memory.get("Sérum").target == "精华A"  # type: ignore[union-attr]
        assert memory.add_human("Sérum", "精华液")
        assert not memory.add_machine("Sérum", "精华C", "libre")
        entry = memory.get("Sérum")
        assert entry is not None
        assert (entry.target, entry.origin, entry.approved) == ("精华液", "human", True)
        assert not memory.add_human("Sérum", "精华液"), "an identical import changes nothing"
        assert memory.add_human("Sérum", "精华素")
        assert memory.get("Sérum").target == "精华素"  # type: ignore[union-attr]


def test_get_many_and_timestamps(tmp_path: Path) -> None:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_human_many([("Rouge", "红色"), ("Noir", "黑色"), ("", "空"), ("Vide", " ")])
        found = memory.get_many(["Rouge", " Noir ", "Bleu"])
        assert set(found) == {"Rouge", "Noir"}
        assert len(memory) == 2  # empty French or Chinese is not stored
        entry = found["Rouge"]
        assert entry.created_at.endswith("Z") and entry.updated_at >= entry.created_at


def test_a_file_that_is_not_a_database_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / MEMORY_FILE).write_text("not sqlite at all" * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"memory\.sqlite"):
        TranslationMemory.open(tmp_path)


def _writer(workspace: str, name: str, count: int, start: Any) -> None:
    start.wait(10)
    with TranslationMemory.open(Path(workspace)) as memory:
        for i in range(count):
            memory.add_machine(f"texte commun {i}", f"{name}-{i}", name)
            memory.add_machine(f"texte {name} {i}", f"{name}-{i}", name)
            if i % 10 == 0:
                memory.add_human(f"texte humain {i}", f"人工-{i}")


def test_two_processes_write_the_memory_at_once(tmp_path: Path) -> None:
    # fork: the child runs this module's function without re-importing the test module
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method")
    context = multiprocessing.get_context("fork")
    start = context.Event()
    TranslationMemory.open(tmp_path).close()
    processes = [
        context.Process(target=_writer, args=(str(tmp_path), name, 200, start))
        for name in ("alpha", "beta")
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0, 0]
    with TranslationMemory.open(tmp_path) as memory:
        entries = list(memory.iter_entries())
    sources = [e.source for e in entries]
    assert len(sources) == len(set(sources))
    assert len(entries) == 200 + 200 * 2 + 20  # common texts once, each own text, humans
    common = [e for e in entries if e.source.startswith("texte commun")]
    assert all(e.origin in ("machine:alpha", "machine:beta") for e in common)
    humans = [e for e in entries if e.source.startswith("texte humain")]
    assert all(e.approved and e.origin == "human" for e in humans)
    connection = sqlite3.connect(tmp_path / MEMORY_FILE)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_entries_by_text_as_given_and_the_whole_memory_at_once(tmp_path: Path) -> None:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_human("Crème hydratante", "保湿霜")
        memory.add_machine("Sérum", "精华", "libre")
        found = memory.get_by_text(["Crème  hydratante", "Sérum", "Inconnu", "Sérum"])
        # keyed by each text as written (two spellings of one key each get the entry)
        assert set(found) == {"Crème  hydratante", "Sérum", "Inconnu"}
        assert found["Crème  hydratante"] is not None
        assert found["Crème  hydratante"].target == "保湿霜"
        assert found["Inconnu"] is None
        snapshot = memory.snapshot(limit=2)
        assert snapshot is not None
        assert snapshot[normalise("Sérum")] == ("精华", "machine:libre", False)
        assert snapshot[normalise("Crème hydratante")].approved
        assert memory.snapshot(limit=1) is None  # more entries than the limit


def test_a_new_memory_opens_while_another_process_is_creating_it(tmp_path: Path) -> None:
    import threading
    import time

    path = tmp_path / MEMORY_FILE
    # another process half-way through creating the file: still in rollback mode, its
    # write lock held (SQLite then refuses the WAL pragma at once, without waiting)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE IF NOT EXISTS started (a)")
    other.execute("BEGIN IMMEDIATE")
    released = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    released.start()
    start = time.monotonic()
    with TranslationMemory(path) as memory:
        memory.add_human("Crème", "面霜")
        assert memory.get("Crème") is not None
    assert time.monotonic() - start >= 0.25  # it waited for the other process
    released.join()
    other.close()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    check.close()
