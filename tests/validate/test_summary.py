"""The summary a person reads: findings by code, what to do, the next step."""

from __future__ import annotations

from export_kit.validate.report import CODES, Finding, Report
from export_kit.validate.summary import ADVICE, group_by_code, next_step, summary_lines


def _f(code: str, severity: str, row: int | None) -> Finding:
    return Finding(code, severity, f"message of {code}", row=row)  # type: ignore[arg-type]


def test_every_code_has_one_line_of_advice() -> None:
    assert set(CODES) <= set(ADVICE)
    assert all("\n" not in text for text in ADVICE.values())


def test_groups_errors_first_then_by_count_with_their_rows() -> None:
    findings = [
        _f("missing-image", "warning", 4),
        _f("missing-value", "error", 9),
        _f("missing-value", "error", 3),
        _f("missing-value", "error", 3),
        _f("missing-column", "error", None),
    ]
    groups = group_by_code(findings)
    assert [(g.code, g.count) for g in groups] == [
        ("missing-value", 3),
        ("missing-column", 1),
        ("missing-image", 1),
    ]
    assert groups[0].rows == {3, 9} and groups[1].file_level


def test_summary_lines_show_where_and_what_to_do() -> None:
    findings = [_f("invalid-number", "error", r) for r in range(2, 12)]
    findings.append(_f("missing-column", "error", None))
    report = Report(source="c.csv", platform="jd-worldwide", products=10, findings=findings)
    report.excluded = [{"sku": f"S{r}", "codes": ["invalid-number"]} for r in range(10)]
    lines = summary_lines(report, catalogue="c.csv", width=120)
    number = next(line for line in lines if "invalid-number" in line)
    assert "rows 2, 3, 4, 5, 6, … (10 rows)" in number
    assert any(line.strip().startswith("→ Write the number") for line in lines)
    assert "the file" in next(line for line in lines if "missing-column" in line)
    assert "Left out of the jd-worldwide feed: 10 of 10 products." in lines


def test_next_step_for_the_whole_catalogue() -> None:
    clean = Report(source="c.csv", platform="tmall-global", excluded=[])
    assert next_step(clean, catalogue="c.csv") == (
        "export-kit run c.csv --platform tmall-global --out out/"
    )
    assert next_step(clean, catalogue="c.csv", out="out").startswith(
        "export-kit publish out --platform tmall-global --dry-run"
    )
    untranslated = Report(
        source="c.csv", platform="tmall-global", findings=[_f("missing-translation", "error", 2)]
    )
    assert next_step(untranslated, catalogue="c.csv").startswith(
        "translate: export-kit translate c.csv --provider"
    )
    broken = Report(source="c.csv", findings=[_f("invalid-ean", "error", 2)])
    assert next_step(broken, catalogue="c.csv").startswith("fix the errors above")
    warned = Report(source="c.csv", findings=[_f("missing-image", "warning", 2)])
    assert next_step(warned, strict=True).startswith("look at the warnings")
