"""``report.json``, written a block of findings at a time: the document of
``Report.to_json()``, one finding per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from export_kit.render.manifest import write_report
from export_kit.validate.report import Finding, Report


@pytest.mark.parametrize("count", [0, 1, 2, 4095, 4096, 4097, 8192])
def test_report_file_is_the_report_document(tmp_path: Path, count: int) -> None:
    report = Report(source="catalogue.xlsx", platform="tmall-global")
    report.findings = [
        Finding(
            code="banned-term",
            severity="error" if n % 3 else "warning",
            message=f'« {n} » 最佳 "quoted"',
            row=count - n,
            sku=f"S-{n}",
        )
        for n in range(count)
    ]
    report.rows = report.products = count
    target = tmp_path / "report.json"
    write_report(target, report)
    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(report.to_json())
    lines = text.splitlines()
    finding_lines = [line for line in lines if line.startswith('    {"code": ')]
    assert len(finding_lines) == count
    assert all(line.endswith("},") for line in finding_lines[:-1])
    if count:
        assert lines[-3:] == [finding_lines[-1], "  ]", "}"]
