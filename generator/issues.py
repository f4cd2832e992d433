"""What a user can be told, in one vocabulary for every stage: load, bind, check, audit, render.

A `Finding` has a stable code, a severity, a location (file, line, column), a message, and a hint
that says what to do. Every stage collects findings into a `Report`; one formatter prints them as
text (one line each, in Chinese) and one as JSON, so a problem reads the same under `build` and
under `check`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from generator.labels import field_label


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file relative to the project root, a 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "note": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


ERROR, WARNING, NOTE = Severity.ERROR, Severity.WARNING, Severity.NOTE

_INDEX = re.compile(r"\[\d+\]")
# Positions that move when lines or list items are added above: "第 12 行", "第13项", "x.yaml:12:3".
_LINE_REFS = re.compile(r"第\s*\d+\s*[行项]|(?<=\.yaml):\d+(?::\d+)?|(?<=\.md):\d+(?::\d+)?|(?<=\.txt):\d+(?::\d+)?")


@dataclass(frozen=True)
class Finding:
    """One thing the checks found: where, what (in Chinese), the figures involved and how to fix it."""

    code: str
    severity: Severity
    location: Location
    message: str
    hint: str
    figures: tuple[tuple[str, str], ...] = ()
    field: str | None = None
    phrase: str | None = None

    def sort_key(self) -> tuple[str, int, int, int, str]:
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0, self.severity.rank, self.code)

    def identity(self) -> tuple[str, str, str, str]:
        """What tells this finding apart across commits (the diff, GitLab's Code Quality): file, rule,
        field path without list indices (`spending[].purpose`) and message without line numbers or
        item ordinals. Lines shift whenever a line is added above, indices when an item is inserted."""
        return (self.location.file, self.code, _INDEX.sub("[]", self.field or ""), _LINE_REFS.sub("", self.message))


@dataclass
class Report:
    """Every finding of a run, without duplicates, in file and line order."""

    findings: list[Finding] = field(default_factory=list)
    _seen: set[tuple[Any, ...]] = field(default_factory=set, repr=False)

    def add(self, finding: Finding) -> None:
        key = (finding.code, finding.location, finding.message)
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(finding)

    def extend(self, findings: Iterator[Finding] | list[Finding]) -> None:
        for f in findings:
            self.add(f)

    def __iter__(self) -> Iterator[Finding]:
        return iter(sorted(self.findings, key=Finding.sort_key))

    def __len__(self) -> int:
        return len(self.findings)

    def of(self, severity: Severity) -> list[Finding]:
        return [f for f in self if f.severity is severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of(ERROR)

    @property
    def warnings(self) -> list[Finding]:
        return self.of(WARNING)

    @property
    def notes(self) -> list[Finding]:
        return self.of(NOTE)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        return f"错误 {len(self.errors)} 条，警告 {len(self.warnings)} 条，提示 {len(self.notes)} 条"


def line(f: Finding) -> str:
    """`file:line[:col]: 严重程度：[字段 标签（path）：]message。处理：hint [code]`."""
    message = f.message.rstrip("。")
    return f"{f.location}: {f.severity.zh}：{where(f)}{message}。处理：{f.hint} [{f.code}]"


def where(f: Finding) -> str:
    """The field in words and as its YAML path, e.g.
    字段 整体绩效目标›年度绩效指标第13项（unit_performance.indicators[12]）："""
    if not f.field:
        return ""
    label = field_label(f.location.file, f.field)
    return f"字段 {label}（{f.field}）：" if label else f"字段 {f.field}："


def lines(report: Report, *severities: Severity) -> list[str]:
    wanted = severities or tuple(Severity)
    return [line(f) for f in report if f.severity in wanted]


def finding_json(f: Finding) -> dict[str, Any]:
    """One finding as `check --format json` and `diff --format json` print it."""
    return {
        "code": f.code, "severity": f.severity.value, "file": f.location.file, "line": f.location.line,
        "column": f.location.column, "field": f.field,
        "field_label": field_label(f.location.file, f.field) if f.field else None,
        "phrase": f.phrase, "message": f.message, "hint": f.hint,
        "figures": dict(f.figures),
    }


def as_json(report: Report) -> str:
    findings = [finding_json(f) for f in report]
    summary = {"errors": len(report.errors), "warnings": len(report.warnings), "notes": len(report.notes)}
    return json.dumps({"summary": summary, "findings": findings}, ensure_ascii=False, indent=2)


def as_text(report: Report) -> str:
    body = lines(report)
    return "\n".join([*body, f"检查完成：{report.summary()}。"])
