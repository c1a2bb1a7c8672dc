"""``report.json``, written a block of findings at a time: the document of
``Report.to_json()``, one finding per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_kit.render.manifest import indented_json, write_report
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


_TEXT = st.text(alphabet=st.sampled_from(["a", '"', "\\", "中", "\n", "\x01", "\u2028", "é", "/"]))


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "source": _TEXT,
            "products": st.integers(),
            "excluded": st.lists(
                st.fixed_dictionaries({"sku": _TEXT, "codes": st.lists(_TEXT, max_size=3)}),
                max_size=4,
            ),
            "feed": st.fixed_dictionaries({"path": _TEXT, "bytes": st.integers()}),
        }
    )
)
def test_a_manifest_is_indented_as_json_indents_it(manifest: dict[str, object]) -> None:
    assert indented_json(manifest) == json.dumps(manifest, ensure_ascii=False, indent=2)


def test_other_excluded_shapes_are_left_to_json() -> None:
    for data in (
        {"excluded": 3},
        {"excluded": [{"codes": ["a"], "sku": "S"}]},  # another key order
        {"excluded": [{"sku": None, "codes": []}]},
        {"excluded": [{"sku": "S", "codes": ["a"], "more": 1}]},
        [1, 2],
    ):
        assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2)
