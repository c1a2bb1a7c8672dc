"""Cutting texts into translation units: HTML text nodes, category paths, long texts."""

from __future__ import annotations

from html.parser import HTMLParser

from export_kit.translate.segments import MAX_UNIT_CHARS, Unit, html_to_text, is_html, segment


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("startend", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, []))


def _tags(text: str) -> list[tuple[str, str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


SOURCE = (
    "<!-- fiche --><h2 class='titre'>Crème &eacute;clat</h2>\n"
    '<p style="color:red">Pour peaux &lt;sensibles&gt; &amp; sèches.&nbsp;<br/>'
    "Prix &gt; 10&nbsp;€</p><p>&nbsp;</p><script>var a = 'ne pas traduire';</script>"
)


def test_html_text_nodes_are_units_and_markup_is_kept_byte_for_byte() -> None:
    segmented = segment(SOURCE, "description")
    assert [u.text for u in segmented.units] == [
        "Crème éclat",
        "Pour peaux <sensibles> & sèches.",
        "Prix > 10\u00a0€",
    ]
    assert all(u.html for u in segmented.units)
    rebuilt = segmented.rebuild(lambda u: u.text)
    assert rebuilt is not None
    assert _tags(rebuilt) == _tags(SOURCE)
    assert "<!-- fiche -->" in rebuilt and "var a = 'ne pas traduire';" in rebuilt
    assert "<p>&nbsp;</p>" in rebuilt  # a node without letters is kept with its entity
    assert "&lt;sensibles&gt; &amp; sèches." in rebuilt  # text re-escaped


def test_translation_with_markup_characters_is_escaped() -> None:
    segmented = segment("<p>Crème</p>", "description")
    assert segmented.rebuild(lambda u: "霜 <b> & 乳") == "<p>霜 &lt;b&gt; &amp; 乳</p>"
    assert segmented.rebuild(lambda u: None) is None


def test_is_html() -> None:
    assert is_html("<p>a</p>") and is_html("a<br/>b") and is_html("x <!-- y -->")
    assert not is_html("5 < 10 ml") and not is_html("Taille <38")


def test_category_path_is_cut_at_separators() -> None:
    segmented = segment("Beauté > Soins visage > Sérums", "category")
    assert [u.text for u in segmented.units] == ["Beauté", "Soins visage", "Sérums"]
    assert (
        segmented.rebuild(
            lambda u: {"Beauté": "美容", "Soins visage": "面部护理", "Sérums": "精华"}[u.text]
        )
        == "美容 > 面部护理 > 精华"
    )
    assert segment("Beauté > Soins", "name").units == [Unit("Beauté > Soins")]


def test_long_text_is_cut_at_sentence_ends() -> None:
    sentence = "Cette crème nourrit la peau en profondeur grâce au beurre de karité. "
    text = (sentence * 20).strip()
    units = segment(text, "description").units
    assert len(units) > 1
    assert all(len(u.text) <= MAX_UNIT_CHARS for u in units)
    assert " ".join(u.text for u in units) == text


def test_html_to_text() -> None:
    assert html_to_text("<p>最佳<b>精华</b></p>") == "最佳 精华"
    assert html_to_text("plain 最佳") == "plain 最佳"
