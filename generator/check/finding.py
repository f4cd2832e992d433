"""Findings, rules and reports: the checker's vocabulary.

A rule is a small declarative class (stable code, Chinese title, description that doubles as the
fix hint, default severity, an example) whose `check` *yields* findings; nothing raises. The
registry keeps the rules in declaration order, so the catalogue page is generated from the classes
themselves and cannot drift from what runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from generator.errors import GeneratorError, Location

if TYPE_CHECKING:
    from generator.check.subject import Subject


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


class Rule:
    """Base of every rule. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]  # one sentence; printed as the fix hint
    severity: ClassVar[Severity]
    example: ClassVar[str]      # a short failing case, shown on the rule catalogue page
    family: ClassVar[str] = ""
    audit_only: ClassVar[bool] = False  # runs only on a published text (`check --audit`)

    def check(self, s: Subject) -> Iterator[Finding]:
        raise NotImplementedError

    def found(self, location: Location, message: str, *, severity: Severity | None = None,
              figures: tuple[tuple[str, str], ...] = (), field: str | None = None,
              phrase: str | None = None, hint: str | None = None) -> Finding:
        return Finding(self.code, severity or self.severity, location, message, hint or self.description,
                       figures, field, phrase)


RULES: list[Rule] = []
FAMILIES: dict[str, str] = {}  # module name -> Chinese family title, in registration order


def rule(cls: type[Rule]) -> type[Rule]:
    """Register a rule; its family is the FAMILY constant of the module that declares it."""
    module = sys.modules[cls.__module__]
    cls.family = module.__name__.rsplit(".", 1)[-1]
    FAMILIES.setdefault(cls.family, getattr(module, "FAMILY"))
    if any(r.code == cls.code for r in RULES):
        raise ValueError(f"duplicate rule code {cls.code}")
    RULES.append(cls())
    return cls


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


class CheckError(GeneratorError):
    """The checks found errors: nothing is generated. Carries one formatted line per finding."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return list(self._lines)
