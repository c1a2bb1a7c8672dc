"""Stage 4, render: listings → feed files, ``preview.html``, ``manifest.json``.

Feeds are Jinja2 templates (top-level ``templates/``, shipped in the wheel); rendering is
streamed to disk with ``Template.generate`` and written atomically.
"""

from __future__ import annotations

from export_kit.render.environment import DEFAULT_PREFIX, builtin_template_dir, make_environment
from export_kit.render.filters import clean_text, csv_row, json_line
from export_kit.render.listing import build_listing
from export_kit.render.manifest import MANIFEST_NAME, REPORT_NAME, build_manifest, write_json
from export_kit.render.output import WrittenFile, render_to_file, write_chunks
from export_kit.render.preview import PREVIEW_NAME, PreviewSpool

__all__ = [
    "DEFAULT_PREFIX",
    "MANIFEST_NAME",
    "PREVIEW_NAME",
    "REPORT_NAME",
    "PreviewSpool",
    "WrittenFile",
    "build_listing",
    "build_manifest",
    "builtin_template_dir",
    "clean_text",
    "csv_row",
    "json_line",
    "make_environment",
    "render_to_file",
    "write_chunks",
    "write_json",
]
