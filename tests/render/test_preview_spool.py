"""The preview's spool: cards kept within the limit, across the shares of a parallel run."""

from __future__ import annotations

from export_kit.render.preview import PreviewSpool


def _fill(spool: PreviewSpool, cards: int, excluded: int, tag: str) -> None:
    for n in range(cards):
        spool.add_card({"outer_id": f"{tag}{n}"}, [])
    for n in range(excluded):
        spool.add_excluded(
            f"{tag}x{n}", title=None, title_fr=None, image=None, codes=["c"], findings=[]
        )


def test_a_later_share_keeps_only_what_the_preview_can_still_show() -> None:
    with PreviewSpool(5) as whole:
        _fill(whole, 4, 1, "a")
        _fill(whole, 6, 7, "b")
        expected = whole.records()
    with PreviewSpool(5) as first, PreviewSpool(5, kept_before=(4, 1)) as second:
        _fill(first, 4, 1, "a")
        _fill(second, 6, 7, "b")
        kept = second.records()
        assert [c["listing"]["outer_id"] for c in kept.cards] == ["b0"]
        assert len(kept.excluded) == 4
        assert (kept.cards_total, kept.excluded_total) == (6, 7)  # all counted
        with PreviewSpool(5) as joined:
            joined.absorb(first.records())
            joined.absorb(kept)
            assert joined.records() == expected


def test_a_share_after_a_full_preview_keeps_no_card_and_no_limit_keeps_all() -> None:
    with PreviewSpool(3, kept_before=(9, 3)) as late:
        _fill(late, 2, 2, "z")
        assert late.records().cards == [] and late.records().excluded == []
        assert late.records().cards_total == 2
    with PreviewSpool(None, kept_before=(9, 3)) as unlimited:
        _fill(unlimited, 2, 2, "z")
        assert len(unlimited.records().cards) == 2
