"""The collector runs less often inside ``fewer_collections`` and as before after it."""

from __future__ import annotations

import gc

import pytest

from export_kit.collector import fewer_collections


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
        assert inside[0] >= 50_000 and inside[1:] == before[1:]
        assert gc.get_freeze_count() > 0  # what existed is no longer scanned
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_restored_after_an_error_and_cycles_still_collected() -> None:
    before = gc.get_threshold()

    class Node:
        pass

    with pytest.raises(RuntimeError), fewer_collections():
        for _ in range(1000):
            a, b = Node(), Node()
            a.other, b.other = b, a  # a cycle only the collector frees
        assert gc.collect() >= 2 * 999  # still collected, when it runs (a, b still held)
        raise RuntimeError("stop")
    assert gc.get_threshold() == before
