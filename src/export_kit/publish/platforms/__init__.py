"""The platforms export-kit publishes to through an API, by name."""

from __future__ import annotations

from export_kit.errors import ConfigError, UnknownPluginError
from export_kit.publish.platforms.base import PlatformAdapter
from export_kit.publish.platforms.jd_worldwide import JdWorldwide
from export_kit.publish.platforms.tmall_global import TmallGlobal

__all__ = ["ADAPTERS", "FEED_ONLY", "PlatformAdapter", "get_adapter"]

ADAPTERS: dict[str, type[TmallGlobal] | type[JdWorldwide]] = {
    "tmall-global": TmallGlobal,
    "jd-worldwide": JdWorldwide,
}

#: platforms whose feed is uploaded by hand: no public source documents their API signing
FEED_ONLY: dict[str, str] = {
    "douyin-global": (
        "douyin-global is feed-only: upload douyin-global.jsonl in the Douyin seller console"
    ),
}


def get_adapter(name: str) -> PlatformAdapter:
    """The adapter for ``name``; :class:`ConfigError` (exit 3) for a feed-only or unknown one."""
    if name in FEED_ONLY:
        raise ConfigError(FEED_ONLY[name] + ".")
    try:
        return ADAPTERS[name]()
    except KeyError:
        raise UnknownPluginError("platform", name, [*ADAPTERS, *FEED_ONLY]) from None
