"""Templates rendered in parts: which ones may be, and how parts join (or refuse to)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from export_kit.render.environment import make_environment
from export_kit.render.parts import join_parts, render_part, renders_in_parts


@pytest.mark.parametrize(
    "name", ["tmall-global.xml.j2", "jd-worldwide.csv.j2", "douyin-global.jsonl.j2"]
)
def test_the_built_in_feeds_render_in_parts(name: str) -> None:
    assert renders_in_parts(make_environment(), name)


def test_a_users_templates_never_do(tmp_path: Path) -> None:
    assert not renders_in_parts(make_environment(tmp_path), "tmall-global.xml.j2")


@pytest.mark.parametrize(
    ("source", "alone"),
    [
        ("<a>{% for i in items %}<b>{{ i }}</b>{% endfor %}</a>", True),
        # an inner loop's own loop variable is the item's business
        ("{% for i in items %}{% for x in i %}{{ loop.first }}{% endfor %}{% endfor %}", True),
        # a counter made inside the item is too
        ("{% for i in items %}{% set n = namespace(k=0) %}{{ n.k }}{% endfor %}", True),
        # numbering across items would restart in each part
        ("{% for i in items %}{{ loop.index }}{% endfor %}", False),
        ("{% for i in items %}{% for x in i if loop.index %}{% endfor %}{% endfor %}", False),
        (
            "{% set n = namespace(k=0) %}{% for i in items %}{% set n.k = n.k + 1 %}{% endfor %}",
            False,
        ),
        ("{% for i in items recursive %}{{ i }}{% endfor %}", False),
        ('{% include "other" %}{% for i in items %}{{ i }}{% endfor %}', False),
        ("{{ items|list|length }}", False),  # no items loop at all
    ],
)
def test_which_templates_render_in_parts(source: str, alone: bool) -> None:
    environment = Environment(loader=DictLoader({"feed": source, "other": ""}))
    assert renders_in_parts(environment, "feed") is alone


def _environment() -> Environment:
    return Environment(
        loader=DictLoader(
            {
                "feed": "<feed from='{{ source }}'>\n{% for i in items %}  <i>{{ i }}</i>\n"
                "{% endfor %}</feed>\n"
            }
        ),
        autoescape=True,
    )


def test_parts_join_into_the_whole(tmp_path: Path) -> None:
    environment = _environment()
    items = ["un", "deux", "trois & quatre", "cinq", "六"]
    whole = render_part(environment, "feed", {"source": "x"}, items, tmp_path / "whole")
    parts = [
        render_part(environment, "feed", {"source": "x"}, items[:2], tmp_path / "p1"),
        render_part(environment, "feed", {"source": "x"}, [], tmp_path / "p2"),  # none
        render_part(environment, "feed", {"source": "x"}, items[2:], tmp_path / "p3"),
    ]
    joined = join_parts(parts, tmp_path / "joined.xml", bom=False)
    assert joined is not None
    assert (tmp_path / "joined.xml").read_bytes() == whole.path.read_bytes()
    assert joined.bytes == whole.path.stat().st_size
    with_bom = join_parts(parts, tmp_path / "joined.csv", bom=True)
    assert with_bom is not None
    assert (tmp_path / "joined.csv").read_bytes() == "\ufeff".encode() + whole.path.read_bytes()


def test_parts_whose_heads_differ_do_not_join(tmp_path: Path) -> None:
    environment = _environment()
    parts = [
        render_part(environment, "feed", {"source": "a"}, ["un"], tmp_path / "p1"),
        render_part(environment, "feed", {"source": "b"}, ["deux"], tmp_path / "p2"),
    ]
    assert join_parts(parts, tmp_path / "joined.xml", bom=False) is None
    assert not (tmp_path / "joined.xml").exists()
