"""The feed code generator writes what Jinja's own compiler writes, in fewer chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup

from export_kit.render import make_environment
from export_kit.render.codegen import FeedCodeGenerator, escape_text
from export_kit.render.filters import FILTERS, finalize

_TEMPLATES = {
    "base.xml.j2": (
        "<a>{% block b %}{{ x }}&amp;{% endblock %}{% block c %}c{{ x }}{% endblock %}</a>"
        "{% macro m(v) %}<m>{{ v }}</m>{% endmacro %}"
    ),
    "child.xml.j2": (
        "{% extends 'base.xml.j2' %}{% block b %}[{{ super() }}]{{ x }}{{ self.c() }}"
        "{% endblock %}ignored{{ x }}"
    ),
    "maybe.xml.j2": "{{ x }}{% if c %}{% extends 'base.xml.j2' %}{% endif %}",
    "kinds.xml.j2": (
        "{% from 'base.xml.j2' import m %}{{ m('<') }}{% set y %}<{{ x }}>{% endset %}{{ y }}"
        "{% filter upper %}{{ x }}z{% endfilter %}{% autoescape false %}{{ x }}"
        "{% endautoescape %}{% for i in items %}{{ i }}{% if loop.last %}L{% endif %}"
        "{% else %}none{% endfor %}{% include 'inc.xml.j2' %}{{ x|e }}{{ x|safe }}"
    ),
    "inc.xml.j2": "{{ x }}-{{ 3 }}-{{ none }}-{{ 2.50 }}",
    "caller.xml.j2": (
        "{% macro w() %}<w>{{ caller() }}</w>{% endmacro %}{% call w() %}{{ x }}{% endcall %}"
    ),
    "plain.txt.j2": "{{ x }}|{% for i in items %}{{ i }},{% endfor %}",
    "recursive.xml.j2": (
        "{% for n in tree recursive %}<n>{{ n.name }}{% if n.kids %}"
        "{{ loop(n.kids) }}{% endif %}</n>{% endfor %}"
    ),
    "scopes.xml.j2": (
        "{% with y = x ~ '!' %}{{ y }}{% endwith %}{% for i in items if i %}"
        "{% set z = i ~ x %}{{ z }}{% if loop.index is odd %}|{{ loop.index }}{% endif %}"
        "{% endfor %}{% macro m(a) %}{{ a }}{{ caller(a) if caller }}{% endmacro %}"
        "{% call(v) m(x) %}[{{ v }}]{% endcall %}"
    ),
}
_TREE = [{"name": "<a>", "kids": [{"name": "b&", "kids": []}]}, {"name": "c", "kids": []}]
_CONTEXTS = [
    {"x": "<&'\">", "items": [1, "<b>", None], "c": False, "tree": _TREE},
    {"x": "Crème & Co", "items": [], "c": True, "tree": []},
]


def _environment(generator: type | None) -> Environment:
    environment = Environment(
        loader=DictLoader(_TEMPLATES),
        autoescape=select_autoescape(["xml.j2"]),
        finalize=finalize,
    )
    if generator is not None:
        environment.code_generator_class = generator
    environment.filters.update(FILTERS)
    return environment


def _render(environment: Environment, name: str, context: dict[str, Any]) -> str:
    return environment.get_template(name).render(**context)


@pytest.mark.parametrize("name", sorted(_TEMPLATES))
@pytest.mark.parametrize("context", _CONTEXTS, ids=["escaped", "plain"])
def test_every_kind_of_output_renders_as_jinja_renders_it(
    name: str, context: dict[str, Any]
) -> None:
    assert _render(_environment(FeedCodeGenerator), name, context) == _render(
        _environment(None), name, context
    )


@pytest.mark.parametrize(
    "name", ["tmall-global.xml.j2", "jd-worldwide.csv.j2", "douyin-global.jsonl.j2"]
)
def test_builtin_feeds_render_as_jinja_renders_them(name: str, make_listing: Any) -> None:
    listings = [make_listing(), make_listing(outer_id="A&B <2>", title="\"引号\" & 'x'")]
    ours = make_environment()
    jinjas = make_environment()
    jinjas.code_generator_class = Environment.code_generator_class
    assert isinstance(ours.code_generator_class, type)
    assert issubclass(ours.code_generator_class, FeedCodeGenerator)
    expected = jinjas.get_template(name).render(items=iter(listings), platform={}, rate={})
    chunks = list(ours.get_template(name).generate(items=iter(listings), platform={}, rate={}))
    assert "".join(chunks) == expected
    if name.endswith(".xml.j2"):
        # one chunk per run of output, not one per value: far fewer than Jinja's own
        theirs = list(jinjas.get_template(name).generate(items=iter(listings), platform={}))
        assert len(chunks) * 3 < len(theirs)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.integers(), st.none(), st.floats(allow_nan=False)))
def test_escape_text_is_markupsafe_escape_as_text(value: Any) -> None:
    from markupsafe import Markup, escape

    assert escape_text(value) == str(escape(value))
    assert escape_text(value).__class__ is str
    assert escape_text(Markup("<b>")) == "<b>"


class _Thing:
    title = "attribute <title>"
    items = "not the dict method"


@pytest.mark.parametrize("sandboxed", [False, True], ids=["builtin", "user-templates"])
def test_dict_keys_read_inline_as_the_environment_reads_them(
    tmp_path: Path, sandboxed: bool
) -> None:
    source = (
        "{% for i in rows %}{{ i.title }}|{{ i.items }}|{{ i.keys is defined }}|"
        "{{ i.get('title', 'none') if i is mapping else 'object' }};{% endfor %}"
        "{% set d = {'title': 'set & read'} %}{{ d.title }}"
    )
    (tmp_path / "t.xml.j2").write_text(source, encoding="utf-8")
    rows = [{"title": "<dict>", "items": "a key named items"}, _Thing()]
    ours = make_environment(tmp_path if sandboxed else None)
    jinjas = make_environment(tmp_path if sandboxed else None)
    jinjas.code_generator_class = Environment.code_generator_class
    name = "t.xml.j2"
    if not sandboxed:  # a built-in environment reads its own folder: use the source
        expected = jinjas.from_string(source).render(rows=rows)
        got = ours.from_string(source).render(rows=rows)
    else:
        expected = jinjas.get_template(name).render(rows=rows)
        got = ours.get_template(name).render(rows=rows)
    assert got == expected
    assert "&lt;dict&gt;" in got and "attribute &lt;title&gt;" in got
    # ``items`` is a dict method: Jinja's attribute-first rule gives the method
    assert "a key named items" not in got


def test_a_missing_key_is_still_an_undefined_error() -> None:
    from jinja2 import UndefinedError

    environment = make_environment()
    with pytest.raises(UndefinedError, match="titel"):
        environment.from_string("{% for i in rows %}{{ i.titel }}{% endfor %}").render(
            rows=[{"title": "x"}]
        )


_VALUES = st.one_of(
    st.text(),
    st.integers(),
    st.none(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.text().map(Markup),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_VALUES, max_size=5))
def test_any_value_prints_as_jinja_prints_it(values: list[Any]) -> None:
    source = (
        "<a>{% for v in values %}<v>{{ v }}</v>{{ v }}{% endfor %}</a>{{ values[0] if values }}"
    )
    for autoescape in (True, False):  # an XML or HTML feed, a CSV or JSON Lines one
        ours = make_environment()
        jinjas = make_environment()
        jinjas.code_generator_class = Environment.code_generator_class
        ours.autoescape = jinjas.autoescape = autoescape
        expected = jinjas.from_string(source).render(values=values)
        assert ours.from_string(source).render(values=values) == expected
