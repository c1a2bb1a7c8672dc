"""Stage 3: French → Simplified Chinese (DESIGN §7.1).

Lookup order: translation memory (human-approved first) → glossary and brand names →
machine provider. Offline readers (validate, render) use :class:`ChineseTexts`; the
``translate`` command uses :func:`translate_catalogue`, which fills the memory.
"""

from __future__ import annotations

from export_kit.translate.providers import (
    Translator,
    get_provider,
    provider_names,
    register_provider,
    resolve_provider_name,
)
from export_kit.translate.run import ProviderDownError, TranslationSummary, translate_catalogue
from export_kit.translate.texts import ChineseTexts, Resolution
from export_kit.translate.title import TITLE_TEMPLATES, TitleTemplate, compose_title, title_length
from export_kit.validate.chinese import chinese_rules

__all__ = [
    "TITLE_TEMPLATES",
    "ChineseTexts",
    "ProviderDownError",
    "Resolution",
    "TitleTemplate",
    "TranslationSummary",
    "Translator",
    "chinese_rules",
    "compose_title",
    "get_provider",
    "provider_names",
    "register_provider",
    "resolve_provider_name",
    "title_length",
    "translate_catalogue",
]
