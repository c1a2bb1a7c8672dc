"""Publish a rendered feed through the marketplace APIs.

``publish_feed(folder, platform, config=..., workspace=...)`` reads a folder written by
``export-kit render`` (manifest + feed), sends what is new or changed through the signed
TOP / JOS client, keeps the journal of what is live in ``<workspace>/journal.sqlite`` and
returns the :class:`Receipt` (also written to ``<folder>/receipt-<platform>.json``).
:class:`Sandbox` emulates both gateways on 127.0.0.1.
"""

from __future__ import annotations

from export_kit.publish.feeds import FeedItem, RenderedFeed, read_feed, read_rendered
from export_kit.publish.publisher import publish_feed, raise_for_failures
from export_kit.publish.receipt import ItemResult, Receipt
from export_kit.publish.sandbox import Account, Sandbox

__all__ = [
    "Account",
    "FeedItem",
    "ItemResult",
    "Receipt",
    "RenderedFeed",
    "Sandbox",
    "publish_feed",
    "raise_for_failures",
    "read_feed",
    "read_rendered",
]
