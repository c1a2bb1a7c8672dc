"""Images: ``missing-image``, ``invalid-image-url``, ``insecure-image-url``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from export_kit.validate.rules.base import ColumnGap, RuleContext, column_gap

if TYPE_CHECKING:
    from export_kit.model import Product
    from export_kit.validate.report import Finding

__all__ = ["ImageRule", "url_problem"]

# scheme, then a host (no spaces), then an optional path/query/fragment without spaces
_HTTP_URL = re.compile(r"(?i)(https?)://[^\s/?#]*[^\s/?#:@.][^\s/?#]*(?:[/?#]\S*)?")


def url_problem(url: str) -> str | None:
    """``invalid`` for anything but an absolute http(s) URL, ``insecure`` for http://."""
    match = _HTTP_URL.fullmatch(url)
    if match is None:
        return "invalid"
    return "insecure" if match.end(1) == 4 else None  # the scheme group: http or https


def _invalid_message(url: str) -> str:
    head, slash, _ = url.partition("/")
    if any(ch.isspace() for ch in url):
        hint = "remove the spaces (or write them %20)"
    elif url.startswith("//"):
        hint = f"add the scheme: https:{url}"
    elif "://" in url or url.lower().startswith(("http:", "https:")):
        hint = "use an http(s) address (https://…)"
    elif url.lower().startswith("www.") or ("." in head and slash and head):
        hint = f"add the scheme: https://{url}"
    else:
        hint = "use the full address of the image (https://…), not a file name or a path"
    return f"'{url}' is not an absolute http(s) image URL: {hint}."


class ImageRule:
    """At least one image per product; every image an absolute https URL."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.has_column = "images" in ctx.present
        #: no image column: one finding for the file instead of one per product
        self.gaps: list[ColumnGap] = []
        if not self.has_column:
            self.gaps.append(
                column_gap(
                    "missing-image",
                    "No column of the file holds image URLs, so no product has an image: "
                    "marketplaces need a main image. Add an image column (Image, Photo, URL "
                    "image) with https:// URLs, or map one with --map 'COLUMN=images'.",
                    "images",
                    ctx.catalogue,
                )
            )

    def check(self, product: Product) -> list[Finding]:
        """A missing image once per product; each bad URL once, at its first row."""
        ctx = self.ctx
        out: list[Finding] = []
        seen: set[str] = set()
        for sku in product.skus:
            for url in sku.images:
                if url in seen:
                    continue
                seen.add(url)
                if url.startswith("https://") and _HTTP_URL.fullmatch(url) is not None:
                    continue  # the usual case, without url_problem's call
                problem = url_problem(url)
                if problem == "invalid":
                    out.append(
                        ctx.finding(
                            "invalid-image-url",
                            _invalid_message(url),
                            sku,
                            field="images",
                            value=url,
                        )
                    )
                elif problem == "insecure":
                    out.append(
                        ctx.finding(
                            "insecure-image-url",
                            f"'{url}' uses http://: marketplaces load images over https. "
                            "Use the https:// address of the image.",
                            sku,
                            field="images",
                            value=url,
                        )
                    )
        if not seen and self.has_column:
            out.append(
                ctx.finding(
                    "missing-image",
                    "The product has no image: marketplaces need a main image. Add at least "
                    "one image URL (https://…).",
                    product.skus[0],
                    field="images",
                )
            )
        return out
