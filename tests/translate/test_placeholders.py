"""Placeholders: what the provider must not touch is taken out and put back."""

from __future__ import annotations

import pytest

from export_kit.translate.placeholders import Protected, Protector, format_quantity


@pytest.mark.parametrize(
    ("number", "unit", "expected"),
    [
        ("50", "ml", "50ml"),
        ("50", "ML", "50ml"),
        ("75", "cl", "750ml"),
        ("1,5", "l", "1.5L"),
        ("200", "g", "200g"),
        ("12,5", "%", "12.5%"),
        ("2", "kg", "2kg"),
    ],
)
def test_quantities_take_their_chinese_listing_form(number: str, unit: str, expected: str) -> None:
    assert format_quantity(number, unit) == expected


def test_brand_sku_quantity_and_keep_terms_are_replaced_by_tokens() -> None:
    protector = Protector(keep=["Lancôme", "LAN-SER-50", "Génifique"])
    protected = protector.protect("Sérum Génifique de lancome 50 ml, réf. LAN-SER-50")
    assert "Lancôme" not in protected.text and "50 ml" not in protected.text
    assert "⟦" in protected.text and protected.needs_translation
    assert sorted(protected.values) == ["50ml", "Génifique", "LAN-SER-50", "lancome"]
    assert protected.restore(protected.text) == "Sérum Génifique de lancome 50ml, réf. LAN-SER-50"


def test_brand_after_an_elided_article_and_multi_word_brand() -> None:
    protector = Protector(keep=["Avène", "Moët & Chandon", "L'Oréal"])
    protected = protector.protect("Eau thermale d'Avène, Moët  &  Chandon et L’Oréal")
    assert protected.text == "Eau thermale d'⟦0⟧, ⟦1⟧ et ⟦2⟧"
    assert protected.values == ("Avène", "Moët  &  Chandon", "L’Oréal")


def test_glossary_terms_come_back_as_their_chinese() -> None:
    protector = Protector(replace={"crème hydratante": "保湿霜"})
    protected = protector.protect("Crème Hydratante pour le visage")
    assert protected.restore("⟦0⟧用于面部") == "保湿霜用于面部"


def test_longest_term_wins() -> None:
    protector = Protector(keep=["Rouge", "Rouge Allure"])
    assert Protector(keep=["Rouge", "Rouge Allure"]).protect("Rouge Allure velours").values == (
        "Rouge Allure",
    )
    assert protector.protect("rouge à lèvres").values == ("rouge",)


@pytest.mark.parametrize(
    ("answer", "restored"),
    [
        ("⟦1⟧精华⟦0⟧", "Lancôme精华50ml"),
        ("⟦ 1 ⟧ 精华 ⟦ 0 ⟧", "Lancôme 精华 50ml"),  # spaces inside a token are accepted
        ("⟦１⟧精华⟦０⟧", "Lancôme精华50ml"),  # full-width digits too
        ("精华⟦0⟧", None),  # a token lost
        ("⟦1⟧⟦1⟧精华⟦0⟧", None),  # a token doubled
        ("⟦1⟧精华⟦0⟧⟦2⟧", None),  # an unknown token
        ("⟦1⟧精华【0】", None),  # a token damaged
        ("⟦1⟧精华⟦0", None),  # half a token
    ],
)
def test_damaged_tokens_reject_the_translation(answer: str, restored: str | None) -> None:
    protected = Protected("Sérum ⟦1⟧ ⟦0⟧", ("50ml", "Lancôme"))
    assert protected.restore(answer) == restored


def test_a_text_of_only_protected_pieces_needs_no_provider() -> None:
    protected = Protector(keep=["Lancôme"]).protect("Lancôme - 50 ml")
    assert not protected.needs_translation
    assert protected.restore(protected.text) == "Lancôme - 50ml"
