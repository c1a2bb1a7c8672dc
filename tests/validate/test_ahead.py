"""What a spare core prepares while the workbook loads: the memory, and claims ruled out."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from export_kit.translate.memory import TranslationMemory
from export_kit.validate.ahead import MemoryAhead
from export_kit.validate.prepared import load_prepared
from export_kit.validate.rules.claims import scanner


def _letters(n: int) -> str:
    """A made-up word for ``n`` (no digit: "n°1" would read as a claim)."""
    return "".join("bdfglmnprstv"[int(d)] if d != "0" else "ou" for d in str(n)) + "a"


def _memory(workspace: Path, count: int) -> None:
    with TranslationMemory.open(workspace) as memory:
        memory.add_human_many(
            [(f"Crème {_letters(n)} aux fleurs du Midi", f"面霜{n}") for n in range(count)]
            + [("Soigne l'eczéma en trois jours", "治疗湿疹")]
        )


def test_the_memory_comes_as_a_plain_load_gives_it_and_claims_are_ruled_out(
    tmp_path: Path,
) -> None:
    _memory(tmp_path / "ws", 2000)
    catalogue = tmp_path / "catalogue.xlsx"
    catalogue.write_bytes(b"x" * 1_000_000)  # a size: the memory is worth loading whole
    compiled: list[str] = []
    with MemoryAhead(
        tmp_path / "ws",
        catalogue,
        size_hint=catalogue.stat().st_size,
        also=[lambda: compiled.append("template")],
    ) as ahead:
        time.sleep(1.0)  # the workbook loading
        snapshot = ahead.snapshot()
    plain = load_prepared(tmp_path / "ws", catalogue, size_hint=1_000_000)
    assert plain is not None and snapshot == plain.snapshot
    assert compiled == ["template"]
    claims = scanner()
    assert claims.may_hold_claims([f"Crème {_letters(7)} aux fleurs du Midi"]) is False
    assert claims.ruled_out(f"Crème {_letters(7)} aux fleurs du Midi")
    assert not claims.ruled_out("Soigne l'eczéma en trois jours")
    assert claims.scan("Soigne l'eczéma en trois jours")  # still found


def test_nothing_waits_for_the_work_ahead_once_the_rows_are_there(tmp_path: Path) -> None:
    _memory(tmp_path / "ws", 50)
    catalogue = tmp_path / "catalogue.xlsx"
    catalogue.write_bytes(b"x" * 1_000_000)
    slow = threading.Event()
    start = time.monotonic()
    with MemoryAhead(
        tmp_path / "ws", catalogue, size_hint=1_000_000, also=[lambda: slow.wait(0.2)]
    ) as ahead:
        snapshot = ahead.snapshot()  # the rows came at once
    assert snapshot is not None and len(snapshot) == 51
    assert time.monotonic() - start < 5


def test_a_failing_preparation_is_left_for_the_caller(tmp_path: Path) -> None:
    _memory(tmp_path / "ws", 5)
    catalogue = tmp_path / "catalogue.xlsx"
    catalogue.write_bytes(b"x" * 100_000)

    def broken() -> None:
        raise ValueError("a template with a syntax error")

    with MemoryAhead(tmp_path / "ws", catalogue, size_hint=100_000, also=[broken]) as ahead:
        time.sleep(0.2)
        assert ahead.snapshot() is not None


def test_disabled_it_runs_nothing(tmp_path: Path) -> None:
    with MemoryAhead(tmp_path / "ws", tmp_path / "c.csv", size_hint=0, enabled=False) as ahead:
        assert ahead.snapshot() is None
    assert not (tmp_path / "ws").exists()
