"""French claims that become banned Chinese wording.

``superlative-claim`` (le meilleur → 最佳), ``medical-claim`` (guérit → 治愈; an error
for cosmetics and food, a warning otherwise) and ``special-cosmetic-claim`` (SPF → 防晒,
needs an NMPA registration; cosmetics only). The phrases are data
(``data/claims-fr.toml``), loaded once.

Scanning is built for 100,000-row catalogues: each distinct text is scanned once
(descriptions repeat across variants), a cheap pass over its ASCII words decides which
patterns can match at all, and only those run, each a regex with a literal start.
"""

from __future__ import annotations

import functools
import html
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from export_kit.validate.normalise import ascii_text, fold, plain_text, unaccent
from export_kit.validate.rules.base import RuleContext
from export_kit.validate.sectors import FOOD_SECTORS

if TYPE_CHECKING:
    from export_kit.model import Product
    from export_kit.validate.report import Finding, Severity

__all__ = ["ClaimHit", "ClaimRule", "ClaimScanner", "ClaimTerm", "claim_terms", "scanner"]

CODES = ("superlative-claim", "medical-claim", "special-cosmetic-claim")
_CACHE_LIMIT = 8192
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, eq=False)
class ClaimTerm:
    """One family of French phrases and what it becomes in Chinese."""

    index: int
    code: str
    label: str
    chinese: tuple[str, ...]
    meaning: str | None
    sectors: frozenset[str] | None
    regex: re.Pattern[str]
    words: frozenset[bytes]
    also: frozenset[bytes]
    contains: tuple[bytes, ...]
    examples: tuple[str, ...]
    unlike: tuple[str, ...]

    def applies_to(self, sector: str | None) -> bool:
        """Whether the term concerns a catalogue of ``sector`` (``None``: unknown); a
        special-cosmetic claim concerns cosmetics only."""
        if self.sectors is not None and sector not in self.sectors:
            return False
        if self.code == "special-cosmetic-claim":
            return sector == "cosmetics"
        return True

    def spans(self, folded: str) -> Iterator[tuple[int, int]]:
        """Spans of whole-word matches in a :func:`fold`-ed text."""
        search = self.regex.search
        pos = 0
        while (match := search(folded, pos)) is not None:
            start = match.start()
            # The start boundary is checked here, not in the regex: a leading
            # look-behind would cost the regex its literal-prefix scan (20-40x slower).
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                pos = start + 1
                continue
            yield start, match.end()
            pos = max(match.end(), start + 1)


@dataclass(frozen=True)
class ClaimHit:
    """A claim found in a text: the term and the phrase as written."""

    term: ClaimTerm
    phrase: str


def _compile(raw: str, label: str) -> re.Pattern[str]:
    if re.search(r" [?*+{]", raw):
        raise ValueError(f"claim '{label}': write \\s* or \\s+ for optional spaces")
    source = unaccent(raw).replace(" ", r"\s+")
    regex = re.compile(f"(?:{source})(?!\\w)")
    if regex.groups:
        raise ValueError(f"claim '{label}': use (?:...) groups, not capturing ones")
    return regex


def _word_forms(word: str, label: str) -> set[bytes]:
    forms = {fold(word), word.lower().encode("ascii", "ignore").decode()}
    for form in forms:
        if not _WORD.fullmatch(form):
            raise ValueError(f"claim '{label}': trigger word '{word}' is not one word")
    return {form.encode() for form in forms}


def _term(index: int, entry: dict[str, Any]) -> ClaimTerm:
    label = entry["label"]
    if entry["code"] not in CODES:
        raise ValueError(f"claim '{label}': unknown code {entry['code']}")
    words: set[bytes] = set()
    for word in entry["words"]:
        words |= _word_forms(word, label)
    also: set[bytes] = set()
    for word in entry.get("also", ()):
        also |= _word_forms(word, label)
    sectors = entry.get("sectors")
    return ClaimTerm(
        index=index,
        code=entry["code"],
        label=label,
        chinese=tuple(entry["chinese"]),
        meaning=entry.get("meaning"),
        sectors=frozenset(sectors) if sectors else None,
        regex=_compile(entry["pattern"], label),
        words=frozenset(words),
        also=frozenset(also),
        contains=tuple(fold(c).encode() for c in entry.get("contains", ())),
        examples=tuple(entry.get("examples", ())),
        unlike=tuple(entry.get("unlike", ())),
    )


@functools.cache
def claim_terms() -> tuple[ClaimTerm, ...]:
    """Every claim of ``data/claims-fr.toml``, compiled."""
    text = resources.files("export_kit").joinpath("data/claims-fr.toml").read_text("utf-8")
    entries = tomllib.loads(text)["claim"]
    return tuple(_term(i, entry) for i, entry in enumerate(entries))


class ClaimScanner:
    """Finds claims in French texts, remembering the answer for texts seen before."""

    def __init__(self, terms: tuple[ClaimTerm, ...]) -> None:
        self.terms = terms
        by_word: dict[bytes, list[int]] = {}
        for term in terms:
            for word in term.words:
                by_word.setdefault(word, []).append(term.index)
        self._by_word = {word: tuple(ids) for word, ids in by_word.items()}
        self._words = frozenset(by_word).union(*(term.also for term in terms))
        contains: dict[bytes, list[int]] = {}
        for term in terms:
            for needle in term.contains:
                contains.setdefault(needle, []).append(term.index)
        self._contains = tuple((needle, tuple(ids)) for needle, ids in contains.items())
        self._cache: dict[str, tuple[ClaimHit, ...]] = {}
        # texts found ahead to hold no claim (rule_out): unbounded, as the memory it came
        # from is held whole anyway
        self._clean: set[str] = set()

    def rule_out(
        self, texts: Iterable[str], *, stop: Callable[[], bool] | None = None, batch: int = 256
    ) -> int:
        """Note which of ``texts`` hold no claim, ``batch`` at a time, until ``stop()``
        says enough; :meth:`may_hold_claims` and :meth:`scan` then answer at once for them.

        For a thread with a core to spare (while a workbook loads): a translated
        catalogue's texts are its memory's keys. One word pass per batch, joined, as
        :meth:`may_hold_claims` does; each text of a batch that may hold one on its own.
        Returns how many texts were ruled out.
        """
        chunk: list[str] = []
        added = 0
        for text in texts:
            chunk.append(text)
            if len(chunk) < batch:
                continue
            if stop is not None and stop():
                return added
            added += self._rule_out(chunk)
            chunk = []
        if chunk and not (stop is not None and stop()):
            added += self._rule_out(chunk)
        return added

    def ruled_out(self, text: str) -> bool:
        """True when ``text`` was found to hold no claim by :meth:`rule_out`."""
        return text in self._clean

    def adopt_ruled_out(self, texts: Iterable[str]) -> None:
        """Take ``texts`` as ruled out, as :meth:`rule_out` found before (kept in the
        workspace: :mod:`export_kit.validate.prepared`)."""
        self._clean.update(texts)

    def _rule_out(self, chunk: list[str]) -> int:
        if not self._candidates("\n".join(chunk)):
            self._clean.update(chunk)
            return len(chunk)
        clean = [text for text in chunk if not self._candidates(text)]
        self._clean.update(clean)
        return len(clean)

    def scan(self, text: str) -> tuple[ClaimHit, ...]:
        """Claims in ``text`` (plain or HTML), at most one hit per term."""
        if text in self._clean:
            return ()
        cache = self._cache
        hits = cache.get(text)
        if hits is None:
            hits = self._scan(text)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[text] = hits
        return hits

    def may_hold_claims(self, texts: Collection[str]) -> bool:
        """False when :meth:`scan` would find no claim in any of ``texts``.

        One cheap word pass over the texts not seen before, joined: their words are the
        union of each one's words, so a text that could hold a claim always passes. Texts
        ruled out are remembered as claim-free, as :meth:`scan` would remember them.
        """
        cache = self._cache
        clean = self._clean
        unseen: list[str] = []
        for text in texts:
            if text in clean:
                continue
            hits = cache.get(text)
            if hits is None:
                unseen.append(text)
            elif hits:
                return True
        if not unseen:
            return False
        if self._candidates("\n".join(unseen)):
            return True
        if len(cache) + len(unseen) > _CACHE_LIMIT:
            cache.clear()
        for text in unseen:
            cache[text] = ()
        return False

    def _candidates(self, text: str) -> set[int]:
        """Indexes of the terms whose trigger words are in ``text`` (cheap, over ASCII)."""
        # Tags need not go before the word pass (they only add words like "p"), but
        # entities must: "m&eacute;dicament" would not read as one word.
        data = ascii_text(html.unescape(text) if "&" in text else text)
        present = self._words.intersection(data.split())
        candidates: set[int] = set()
        by_word = self._by_word
        for word in present:
            ids = by_word.get(word)
            if ids:
                candidates.update(ids)
        for needle, ids in self._contains:
            if data.find(needle) >= 0:  # measured faster than ``needle in data``
                candidates.update(ids)
        if not candidates:
            return candidates
        terms = self.terms
        return {i for i in candidates if not terms[i].also or terms[i].also & present}

    def _scan(self, text: str) -> tuple[ClaimHit, ...]:
        candidates = self._candidates(text)
        if not candidates:
            return ()
        plain = plain_text(text)
        folded = fold(plain)
        aligned = len(folded) == len(plain)
        found: list[tuple[int, int, ClaimTerm]] = []
        for index in sorted(candidates):
            term = self.terms[index]
            for start, end in term.spans(folded):
                found.append((start, end, term))
                break
        hits: list[ClaimHit] = []
        for position, (start, end, term) in enumerate(found):
            # "soigne l'eczéma" is one claim, not also "eczéma": drop a phrase inside
            # another (of two terms on the same phrase, the first listed stays)
            if any(
                s <= start and end <= e and ((s, e) != (start, end) or other < position)
                for other, (s, e, _) in enumerate(found)
                if other != position
            ):
                continue
            phrase = plain[start:end] if aligned else folded[start:end]
            hits.append(ClaimHit(term, " ".join(phrase.split())))
        return tuple(hits)


@functools.cache
def scanner() -> ClaimScanner:
    """The scanner over the built-in claims (one per process, its cache shared)."""
    return ClaimScanner(claim_terms())


def _message(hit: ClaimHit, sector: str | None) -> str:
    term = hit.term
    zh = " / ".join(term.chinese)
    if term.code == "superlative-claim":
        return (
            f"'{hit.phrase}' is a superlative claim: in Chinese it becomes {zh}, absolute "
            "terms the Advertising Law bans (art. 9) and marketplaces reject. Rephrase it "
            "without the superlative."
        )
    if term.code == "medical-claim":
        if sector == "cosmetics":
            tail = "Remove it, or describe a cosmetic effect instead (hydrate, apaise, nettoie)."
        elif sector in FOOD_SECTORS:
            tail = "Remove it: food and drinks may not claim to prevent or treat disease."
        else:
            tail = "Remove it or rephrase without the medical effect."
        return (
            f"'{hit.phrase}' is a medical claim ({zh} in Chinese): outside medicines the "
            f"Advertising Law forbids claims to treat or prevent disease (art. 17). {tail}"
        )
    return (
        f"'{hit.phrase}' claims {term.meaning or term.label} ({zh}): in China that makes "
        "the product a special cosmetic, which needs an NMPA registration (特字号). Remove "
        "the claim, or check the product is registered."
    )


def _severity(code: str, sector: str | None) -> Severity | None:
    if code == "medical-claim":
        return "error" if sector == "cosmetics" or sector in FOOD_SECTORS else "warning"
    return None


class ClaimRule:
    """Claims in the French name and description (HTML stripped) of each product."""

    FIELDS = ("name", "description")

    def __init__(
        self, ctx: RuleContext, sector: str | None, claims: ClaimScanner | None = None
    ) -> None:
        """``sector``: the catalogue's (:func:`~export_kit.validate.sectors.catalogue_sector`),
        which weighs the claims of every product alike."""
        self.ctx = ctx
        self.sector = sector
        self.scanner = claims or scanner()

    def check(self, product: Product) -> list[Finding]:
        """Each claim once per product and field, at the first row whose text holds it."""
        scan = self.scanner.scan
        skus = product.skus
        texts: Collection[str]
        if len(skus) == 1:
            texts = [text for text in (skus[0].name, skus[0].description) if text]
        else:
            texts = {text for sku in skus for text in (sku.name, sku.description) if text}
        if not self.scanner.may_hold_claims(texts):
            return []  # most products: every text ruled out by one word pass
        found: list[tuple[int, str, ClaimHit]] = []
        if len(skus) == 1:  # most products: no bookkeeping needed
            sku = skus[0]
            if sku.name:
                found.extend((0, "name", hit) for hit in scan(sku.name))
            if sku.description:
                found.extend((0, "description", hit) for hit in scan(sku.description))
        else:
            seen_texts: set[tuple[str, str]] = set()
            seen_terms: set[tuple[int, str]] = set()
            for position, sku in enumerate(skus):
                for field in self.FIELDS:
                    text = getattr(sku, field)
                    if not text or (field, text) in seen_texts:
                        continue
                    seen_texts.add((field, text))
                    for hit in scan(text):
                        key = (hit.term.index, field)
                        if key not in seen_terms:
                            seen_terms.add(key)
                            found.append((position, field, hit))
        if not found:
            return []
        sector = self.sector
        out: list[Finding] = []
        for position, field, hit in found:
            if not hit.term.applies_to(sector):
                continue
            out.append(
                self.ctx.finding(
                    hit.term.code,
                    _message(hit, sector),
                    skus[position],
                    field=field,
                    value=hit.phrase,
                    severity=_severity(hit.term.code, sector),
                )
            )
        return out
