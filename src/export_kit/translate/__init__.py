"""Stage 3: French → Simplified Chinese.

Lookup order: translation memory (human-approved first) → glossary and brand names →
machine provider. Offline readers (validate, render) use :class:`ChineseTexts`; the
``translate`` command uses :func:`translate_catalogue`, which fills the memory.

The names below are loaded on first use: ``validate`` and ``render`` need the memory, not
the providers (``requests``, deep-translator, deepl), whose import costs start-up time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from export_kit.translate.providers import (
        Translator,
        get_provider,
        provider_names,
        register_provider,
        resolve_provider_name,
    )
    from export_kit.translate.run import (
        ProviderDownError,
        TranslationSummary,
        translate_catalogue,
    )
    from export_kit.translate.texts import ChineseTexts, Resolution
    from export_kit.translate.title import (
        TITLE_TEMPLATES,
        TitleTemplate,
        compose_title,
        title_length,
    )
    from export_kit.validate.chinese import chinese_rules

_WHERE = {
    "Translator": "export_kit.translate.providers",
    "get_provider": "export_kit.translate.providers",
    "provider_names": "export_kit.translate.providers",
    "register_provider": "export_kit.translate.providers",
    "resolve_provider_name": "export_kit.translate.providers",
    "ProviderDownError": "export_kit.translate.run",
    "TranslationSummary": "export_kit.translate.run",
    "translate_catalogue": "export_kit.translate.run",
    "ChineseTexts": "export_kit.translate.texts",
    "Resolution": "export_kit.translate.texts",
    "TITLE_TEMPLATES": "export_kit.translate.title",
    "TitleTemplate": "export_kit.translate.title",
    "compose_title": "export_kit.translate.title",
    "title_length": "export_kit.translate.title",
    "chinese_rules": "export_kit.validate.chinese",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
