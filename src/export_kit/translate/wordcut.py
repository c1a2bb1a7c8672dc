"""Cutting Chinese text at a word boundary, never inside a brand name.

Runs of Chinese characters are cut into words by jieba (its dictionary loads once, the
first time a title needs cutting: about half a second); a run of Latin letters and
digits (``Lancôme``, ``50ml``, ``SPF50+``) is one word; any other character stands alone.
A boundary inside a protected term (the brand as written, its Chinese name) is no
boundary. The same text always gives the same words.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["boundaries", "cut_words", "words"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(
    rf"(?P<han>[{_HAN}]+)"
    rf"|(?P<word>(?:(?![{_HAN}])[^\W_])+(?:[-'’.,/&+](?:(?![{_HAN}])[^\W_])+)*[%+]?)"
    r"|(?P<other>.)",
    re.DOTALL,
)
#: left at the end of a cut title they would dangle from
_DANGLING = " \t,，、;；:：-–—/·(（[【{《“‘+&|"


@functools.cache
def _segmenter() -> Any:
    import jieba

    # jieba reports its dictionary loading (and a cache it cannot write) on stderr
    jieba.setLogLevel(logging.CRITICAL + 1)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def words(text: str) -> list[str]:
    """``text`` cut into words (joined, they give ``text`` again)."""
    out: list[str] = []
    for match in _RUN.finditer(text):
        han = match.group("han")
        if han is None:
            out.append(match.group())
        elif len(han) == 1:
            out.append(han)
        else:
            out.extend(_segmenter().cut(han, HMM=True))
    return out


def boundaries(text: str, protected: Iterable[str] = ()) -> list[int]:
    """Offsets in ``text`` where it may be cut: between two words, outside protected terms."""
    spans = [
        (m.start(), m.end())
        for term in protected
        if term.strip()
        for m in re.finditer(re.escape(term.strip()), text, re.IGNORECASE)
    ]
    offsets: list[int] = []
    position = 0
    for word in words(text):
        position += len(word)
        if position < len(text) and not any(start < position < end for start, end in spans):
            offsets.append(position)
    return offsets


def cut_words(text: str, fits: Callable[[str], bool], protected: Iterable[str] = ()) -> str | None:
    """The longest start of ``text`` ending at a word boundary for which ``fits`` is true.

    Punctuation and spaces left dangling at the end are taken off. None when no start
    fits (not even the first word).
    """
    for offset in reversed(boundaries(text, protected)):
        kept = text[:offset].rstrip(_DANGLING)
        if kept and fits(kept):
            return kept
    return None
