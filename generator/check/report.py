"""A report as text (one line per finding, in Chinese) or as JSON (for CI annotations)."""

from __future__ import annotations

import json

from generator.check.finding import ERROR, Finding, Report, Severity
from generator.errors import PROBLEM_CODES, DataError


def line(f: Finding) -> str:
    """`file:line[:col]: 严重程度：[字段 field：]message。处理：hint [code]`."""
    message = f.message.rstrip("。")
    where = f"字段 {f.field}：" if f.field else ""
    return f"{f.location}: {f.severity.zh}：{where}{message}。处理：{f.hint} [{f.code}]"


def lines(report: Report, *severities: Severity) -> list[str]:
    wanted = severities or tuple(Severity)
    return [line(f) for f in report if f.severity in wanted]


def as_json(report: Report) -> str:
    findings = [{
        "code": f.code, "severity": f.severity.value, "file": f.location.file, "line": f.location.line,
        "column": f.location.column, "field": f.field, "phrase": f.phrase, "message": f.message, "hint": f.hint,
        "figures": dict(f.figures),
    } for f in report]
    summary = {"errors": len(report.errors), "warnings": len(report.warnings), "notes": len(report.notes)}
    return json.dumps({"summary": summary, "findings": findings}, ensure_ascii=False, indent=2)


def as_text(report: Report) -> str:
    body = lines(report)
    return "\n".join([*body, f"检查完成：{report.summary()}。"])


def from_problems(exc: DataError) -> Report:
    """Problems found while loading, as findings (the data could not be checked further)."""
    report = Report()
    for p in exc.problems:
        report.add(Finding(p.code, ERROR, p.location, p.message, f"{PROBLEM_CODES.get(p.code, '')}；请先改正这一处。",
                           field=p.field))
    return report
