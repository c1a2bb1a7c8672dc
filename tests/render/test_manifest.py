"""``report.json``, written a block of findings at a time: the document of
``Report.to_json()``, one finding per line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_kit.render.manifest import encode_findings, indented_json, write_report
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

_FINDING = st.builds(
    Finding,
    code=st.sampled_from(["banned-term", "missing-value", "duplicate-sku"]),
    severity=st.sampled_from(["error", "warning", "info"]),
    message=_TEXT,
    row=st.none() | st.integers(1, 12),
    column=st.none() | st.sampled_from(["", "Prix", "Nom"]),
    sku=st.none() | _TEXT,
)


@settings(max_examples=300, deadline=None)
@given(
    leading=st.lists(_FINDING, max_size=3),
    runs=st.lists(st.lists(_FINDING, max_size=5), max_size=4),
)
def test_a_report_joined_from_encoded_runs_is_the_report_encoded_whole(
    tmp_path_factory: pytest.TempPathFactory,
    leading: list[Finding],
    runs: list[list[Finding]],
) -> None:
    # what a parallel run does: each process encodes its findings, the report joins them
    # when that gives the report's order (runs of row ranges), else encodes them all
    folder = tmp_path_factory.mktemp("report")
    report = Report(source="catalogue.xlsx", platform="jd-worldwide")
    report.findings = [*leading, *(f for run in runs for f in run)]
    write_report(folder / "whole.json", report)
    encoded = [encode_findings(run) for run in runs]
    write_report(folder / "joined.json", report, leading=len(leading), encoded=encoded)
    whole = (folder / "whole.json").read_bytes()
    assert (folder / "joined.json").read_bytes() == whole
    # a finding added after the runs were encoded is written too (encoded whole again)
    report.findings.append(Finding(code="duplicate-sku", severity="error", message="x", row=1))
    write_report(folder / "late.json", report, leading=len(leading), encoded=encoded)
    assert json.loads((folder / "late.json").read_text(encoding="utf-8")) == json.loads(
        report.to_json()
    )


def test_runs_of_row_ranges_are_joined_without_encoding_again(tmp_path: Path) -> None:
    # runs in row order are written as they were encoded: a run's text is the file's
    report = Report(source="catalogue.xlsx", platform="tmall-global")
    first = [Finding(code="missing-value", severity="error", message="a", row=r) for r in (5, 3)]
    second = [Finding(code="banned-term", severity="error", message="b", row=r) for r in (9, 7)]
    report.findings = [*first, *second]
    runs = [encode_findings(first), encode_findings(second)]
    marked = [dataclasses.replace(run, text=run.text.replace('"a"', '"A"')) for run in runs]
    write_report(tmp_path / "report.json", report, encoded=marked)
    rows = [f["row"] for f in json.loads((tmp_path / "report.json").read_text())["findings"]]
    assert rows == [3, 5, 7, 9]
    assert '"A"' in (tmp_path / "report.json").read_text()
    # overlapping rows: encoded whole (the marked text is not used)
    report.findings = [*second, *first]
    write_report(tmp_path / "report.json", report, encoded=marked[::-1])
    text = (tmp_path / "report.json").read_text()
    assert '"A"' not in text
    assert [f["row"] for f in json.loads(text)["findings"]] == [3, 5, 7, 9]


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
