"""The listing quality score: 0 to 100 per product, from documented criteria.

The score tells a brand which listings the platforms will show poorly, not which are
unlawful (that is the gate's decision). Each criterion follows what the platforms' own
listing rules and APIs ask of a product (the title limit, the main images, the
description, net content, shelf life, the brand and the category, see
docs/compliance.md) and gives its points in proportion to what the listing has:

=============== ====== ==================================================================
criterion       points full points when
=============== ====== ==================================================================
``title``       15     the Chinese title uses at least 80 % of the platform's limit
``images``      20     the product has as many images as the platform shows (5 when it
                       sets no limit); 4 points an image
``description`` 15     the Chinese description has at least 200 characters (tags and
                       spaces not counted)
``net_content`` 10     the net content is given (goods sold by the piece: always)
``shelf_life``  10     the shelf life is given (only food, drinks and cosmetics need one)
``brand_zh``    10     the brand has a Chinese name (glossary or ``[brand] name_zh``)
``category``    10     the category maps to a platform category id
``no_warning``  10     the product has no open warning or error (one the config lowered
                       to ``info`` or ``off`` is closed; ``too-many-images`` is not
                       counted)
=============== ====== ==================================================================

Every criterion only ever grows with what the listing has, so adding an image, a
description or a Chinese brand name never lowers the score. Image sizes are not scored:
a catalogue gives image addresses only, and export-kit never downloads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CRITERIA",
    "DESCRIPTION_TARGET",
    "IMAGE_TARGET",
    "TITLE_TARGET",
    "Criterion",
    "ListingFacts",
    "Quality",
    "description_length",
    "open_findings",
    "score",
]


@dataclass(frozen=True)
class Criterion:
    """One criterion of the score: its name, its points and what earns them."""

    name: str
    points: int
    rule: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("title", 15, "the Chinese title uses at least 80 % of the platform's limit"),
    Criterion("images", 20, "as many images as the platform shows (5 without a limit)"),
    Criterion("description", 15, "a Chinese description of at least 200 characters"),
    Criterion("net_content", 10, "the net content is given (not asked of piece goods)"),
    Criterion("shelf_life", 10, "the shelf life is given (asked of food and cosmetics)"),
    Criterion("brand_zh", 10, "the brand has a Chinese name"),
    Criterion("category", 10, "the category maps to a platform category id"),
    Criterion("no_warning", 10, "no open warning or error on the product"),
)

#: share of the title limit that earns the title's full points
TITLE_TARGET = (4, 5)
#: images for full points on a platform without an image limit
IMAGE_TARGET = 5
#: Chinese characters of the description for full points
DESCRIPTION_TARGET = 200

_POINTS = {c.name: c.points for c in CRITERIA}
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ListingFacts:
    """What the score reads of one listing (plain numbers and flags, nothing else).

    ``net_content`` and ``shelf_life`` are ``None`` when the product's sector does not
    ask for them (full points).
    """

    title_length: int
    title_max: int
    images: int
    image_target: int
    description_chars: int
    net_content: bool | None
    shelf_life: bool | None
    brand_zh: bool
    category_mapped: bool
    open_findings: int


@dataclass(frozen=True)
class Quality:
    """A product's score and the points it lost, per criterion (only those with a loss)."""

    score: int
    lost: Mapping[str, int]

    def to_dict(self, sku: str) -> dict[str, Any]:
        """The ``quality`` entry of report.json: ``{"sku", "score", "lost"}``."""
        return {"sku": sku, "score": self.score, "lost": dict(self.lost)}

    def lost_text(self) -> str:
        """``images -8; description -15`` (empty when nothing was lost)."""
        return "; ".join(f"{name} -{points}" for name, points in self.lost.items())


def _share(points: int, have: int, target: int) -> int:
    """``points`` × min(1, have / target), rounded down (integers only: exact)."""
    if target <= 0 or have >= target:
        return points
    return points * max(have, 0) // target


def score(facts: ListingFacts) -> Quality:
    """The quality score of one listing (0 to 100) and the points lost per criterion."""
    num, den = TITLE_TARGET
    earned = {
        "title": _share(_POINTS["title"], facts.title_length * den, facts.title_max * num),
        "images": _share(_POINTS["images"], facts.images, facts.image_target),
        "description": _share(_POINTS["description"], facts.description_chars, DESCRIPTION_TARGET),
        "net_content": _flag("net_content", facts.net_content),
        "shelf_life": _flag("shelf_life", facts.shelf_life),
        "brand_zh": _flag("brand_zh", facts.brand_zh),
        "category": _flag("category", facts.category_mapped),
        "no_warning": _POINTS["no_warning"] if facts.open_findings == 0 else 0,
    }
    if facts.title_length <= 0:
        earned["title"] = 0
    lost = {c.name: c.points - earned[c.name] for c in CRITERIA if earned[c.name] < c.points}
    return Quality(sum(earned.values()), lost)


def _flag(name: str, value: bool | None) -> int:
    return _POINTS[name] if value is None or value else 0


def description_length(text: str | None) -> int:
    """Characters of a description without its tags and spaces."""
    if not text:
        return 0
    return len(_SPACES.sub("", _TAGS.sub("", text)))


def open_findings(findings: Iterable[Any], ignore: Callable[[Any], bool] | None = None) -> int:
    """Warnings and errors among ``findings`` (those the config lowered are closed)."""
    return sum(
        1
        for f in findings
        if f.severity in ("warning", "error") and (ignore is None or not ignore(f))
    )
