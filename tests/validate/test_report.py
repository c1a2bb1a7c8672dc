"""The report's JSON shape and counts."""

from __future__ import annotations

import json

from export_kit.validate.report import CODES, Finding, Report, apply_severities

KEYS = {"code", "severity", "row", "sheet", "column", "field", "sku", "value", "message"}


def _report() -> Report:
    return Report(
        source="catalogue.csv",
        rows=12,
        products=11,
        findings=[
            Finding(
                "invalid-ean",
                "error",
                "EAN-13 check digit should be 1, not 3",
                row=7,
                column="Code EAN",
                field="ean",
                sku="P-007",
                value="3600523614563",
            ),
            Finding("missing-column", "error", "no brand column", row=1, field="brand"),
            Finding("missing-image", "warning", "no image", row=3, sku="P-003"),
        ],
    )


def test_json_has_every_key_and_the_summary() -> None:
    data = json.loads(_report().to_json())
    assert data["source"] == "catalogue.csv"
    assert data["platform"] is None
    assert data["summary"] == {"rows": 12, "products": 11, "errors": 2, "warnings": 1, "infos": 0}
    for finding in data["findings"]:
        assert set(finding) == KEYS
    assert [f["row"] for f in data["findings"]] == [1, 3, 7]


def test_ok_and_strict() -> None:
    warnings_only = Report(source="x", findings=[Finding("missing-image", "warning", "m")])
    assert warnings_only.ok()
    assert not warnings_only.ok(strict=True)
    assert not _report().ok()


def test_rules_change_severity_or_turn_a_code_off() -> None:
    findings = _report().findings
    kept = apply_severities(findings, {"missing-image": "off", "invalid-ean": "warning"})
    assert [f.code for f in kept] == ["invalid-ean", "missing-column"]
    assert kept[0].severity == "warning"


def test_every_code_has_a_valid_default() -> None:
    assert all(sev in ("error", "warning", "info") for sev, _ in CODES.values())
    assert "unreadable-file" in CODES and "too-many-images" in CODES


def test_a_finding_pickles_with_every_field() -> None:
    import dataclasses
    import pickle

    values = {f.name: f"{f.name}-value" for f in dataclasses.fields(Finding)}
    values["row"] = 12
    finding = Finding(**values)  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(finding)) == finding
