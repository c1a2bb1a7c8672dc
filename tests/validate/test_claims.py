"""French claim phrases: found with accents or without, in HTML, and not where they mean
something else (superlative-claim, medical-claim, special-cosmetic-claim)."""

from __future__ import annotations

import unicodedata

import pytest
from tests.conftest import DOMAIN

from export_kit.validate.rules.claims import ClaimScanner, ClaimTerm, claim_terms

TERMS = claim_terms()


def _scan(text: str) -> list[tuple[str, str]]:
    """(label, phrase) of every claim found by a fresh scanner (no cache shared)."""
    return [(hit.term.label, hit.phrase) for hit in ClaimScanner(TERMS).scan(text)]


def _labels(text: str) -> set[str]:
    return {label for label, _ in _scan(text)}


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


EXAMPLES = [(term, example) for term in TERMS for example in term.examples]
UNLIKE = [(term, text) for term in TERMS for text in term.unlike]


@pytest.mark.parametrize(
    ("term", "example"), EXAMPLES, ids=[f"{t.label}: {e}" for t, e in EXAMPLES]
)
def test_each_example_is_found_as_written_without_accents_and_in_capitals(
    term: ClaimTerm, example: str
) -> None:
    for variant in (example, _unaccented(example), example.upper(), f"<p>{example}</p>"):
        assert term.label in _labels(variant), variant


@pytest.mark.parametrize(("term", "text"), UNLIKE, ids=[f"{t.label}: {e}" for t, e in UNLIKE])
def test_look_alike_wording_is_not_taken_for_the_claim(term: ClaimTerm, text: str) -> None:
    assert term.label not in _labels(text)


def test_the_phrase_is_quoted_as_written() -> None:
    assert _scan("Une crème <b>MIRACULEUSE</b> pour vous") == [("miracle", "MIRACULEUSE")]
    assert ("le meilleur", "Le Meilleur") in _scan("Le Meilleur du Sud-Ouest")


def test_a_claim_inside_a_longer_claim_is_reported_once() -> None:
    assert _scan("Ce baume soigne l’eczéma des enfants.") == [("soigne", "soigne l’eczéma")]


def test_typographic_apostrophes_spaces_and_entities_are_read() -> None:
    assert _labels("100\u202f% efficace") == {"100 % efficace"}
    assert _labels("élimine l’acné") == {"élimine l'acné"}
    assert _labels("<p>gu&eacute;rit les br&ucirc;lures</p>") == {"guérit"}
    assert _labels("soin anti\u2011taches") == {"anti-taches"}


def test_wine_classifications_and_common_wording_raise_nothing() -> None:
    texts = [
        "Château Margaux, Premier Grand Cru Classé 2015, 75 cl",
        "Chablis 1er cru, un vin droit et minéral",
        "Crème hydratante, s'applique parfaitement, dès la première application",
        "Un soin du visage qui soigne la peau sèche, taille unique, 100 % coton",
        "Flacon de 100 ml, n°12, recommandé pour les peaux sensibles",
        "Parfait de foie de canard, 180 g",
        "Aromathérapie : huiles essentielles pour un moment de détente",
    ]
    for text in texts:
        assert _scan(text) == [], text


def test_a_realistic_description_shows_each_family() -> None:
    description = (
        "<h2>La crème n°1 en France</h2><p>Notre formule révolutionnaire, unique au monde, "
        "guérit les rougeurs et protège avec un SPF 50. Éclaircissant, elle atténue les "
        "taches brunes.</p>"
    )
    codes = {hit.term.code for hit in ClaimScanner(TERMS).scan(description)}
    assert codes == {"superlative-claim", "medical-claim", "special-cosmetic-claim"}
    assert {
        "n°1",
        "révolutionnaire",
        "unique au monde",
        "guérit",
        "SPF",
        "éclaircissant",
        "anti-taches",
    } <= _labels(description)


def test_results_are_cached_per_text() -> None:
    scanner = ClaimScanner(TERMS)
    first = scanner.scan("le meilleur des cognacs")
    assert scanner.scan("le meilleur des cognacs") is first


def test_every_chinese_equivalent_comes_from_the_reference_lists() -> None:
    if not DOMAIN.is_dir():
        pytest.skip("../shared/domain is not present")
    lists = {
        "superlative-claim": ["adlaw-absolute-terms.txt", "cosmetics-prohibited-terms.txt"],
        "medical-claim": ["medical-claim-terms.txt", "cosmetics-prohibited-terms.txt"],
        "special-cosmetic-claim": ["cosmetics-special-claim-terms.txt"],
    }
    for term in TERMS:
        known: set[str] = set()
        for name in lists[term.code]:
            known |= set((DOMAIN / name).read_text(encoding="utf-8").split())
        assert set(term.chinese) <= known, (term.label, set(term.chinese) - known)


def _letters(n: int) -> str:
    """A made-up word for ``n`` (no digit: "n°1" would read as a claim)."""
    return "".join("bdfglmnprstv"[int(d)] if d != "0" else "ou" for d in str(n)) + "a"


def test_texts_ruled_out_ahead_answer_as_a_scan_would() -> None:
    claims = [example for _, example in EXAMPLES]
    plain = [f"Crème douce {_letters(n)} pour le visage" for n in range(300)]
    texts = plain[:100] + claims + plain[100:]  # batches with and without claims
    ahead = ClaimScanner(TERMS)
    ruled_out = ahead.rule_out(texts, batch=64)
    # texts whose words rule a claim out (a few need the full scan), never a claim
    assert len(plain) - 5 <= ruled_out <= len(plain)
    assert not any(claim in ahead._clean for claim in claims)
    fresh = ClaimScanner(TERMS)
    for text in texts:
        assert ahead.scan(text) == fresh.scan(text)
        assert ahead.may_hold_claims([text]) == fresh.may_hold_claims([text])
    assert ahead.may_hold_claims([t for t in plain if t in ahead._clean]) is False
    assert ahead.may_hold_claims([plain[0], claims[0]]) is True


def test_ruling_out_stops_when_told() -> None:
    texts = [f"Savon {_letters(n)}" for n in range(1000)]
    calls = 0

    def stop() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2  # two batches, then enough

    scanner = ClaimScanner(TERMS)
    assert scanner.rule_out(texts, stop=stop, batch=100) == 200
    assert scanner.rule_out(texts, stop=lambda: True, batch=100) == 0


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Huile anti-infectieuse au tea tree", "anti-infectieux"),
        ("aux vertus anti-infectieuses", "anti-infectieux"),
        ("un ANTI-INFECTIEUX naturel", "anti-infectieux"),
        ("échinacée immunostimulante", "immunostimulant"),
        ("plantes immunostimulantes", "immunostimulant"),
        ("actifs immunostimulants", "immunostimulant"),
        ("un complexe immuno-stimulant", "immunostimulant"),
    ],
)
def test_anti_infective_and_immunostimulant_families_are_medical_claims(
    text: str, label: str
) -> None:
    hits = ClaimScanner(TERMS).scan(text)
    assert [(h.term.label, h.term.code) for h in hits] == [(label, "medical-claim")]


def test_the_new_medical_families_match_whole_words_only() -> None:
    texts = ("désinfectieux", "préimmunostimulant", "immunostimulantes2", "maladie infectieuse")
    for text in texts:
        assert not {"anti-infectieux", "immunostimulant"} & _labels(text), text
