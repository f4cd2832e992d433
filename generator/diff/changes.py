"""What a diff found, as typed values: every renderer (Markdown, text, JSON) reads only these.

Amounts are the `Decimal`s the statutory tables print (万元, to the cent; 表7's funding in 元);
nothing here is formatted yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from generator.issues import Finding, Severity
from generator.money import ZERO

Status = Literal["added", "removed", "changed"]
Op = Literal["equal", "delete", "insert"]

STATUS_ZH: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}


@dataclass(frozen=True)
class AmountChange:
    """One amount cell of a row: its column label, the old and the new figure (0 where absent)."""

    column: str
    old: Decimal
    new: Decimal

    @property
    def delta(self) -> Decimal:
        return self.new - self.old


@dataclass(frozen=True)
class RowChange:
    """A row of a statutory table whose amounts changed. `unit` names the per-unit block of a
    department with subordinate units ("201002 示例区第一中学"); None for the department's rows."""

    row: str
    status: Status
    amounts: tuple[AmountChange, ...]
    unit: str | None = None


@dataclass(frozen=True)
class TableChange:
    """A statutory table with at least one changed row, rows in the table's own order."""

    number: str
    title: str
    unit: str  # the table's money unit: 万元 (元 for 表7's funding)
    rows: tuple[RowChange, ...]


@dataclass(frozen=True)
class ProjectChange:
    """A project (表3-2 and the other project tables) added, removed, or with a changed amount."""

    name: str
    status: Status
    old: Decimal | None
    new: Decimal | None
    unit: str | None = None  # the subordinate unit's code, None for the publishing unit itself

    @property
    def delta(self) -> Decimal:
        return (self.new or ZERO) - (self.old or ZERO)


@dataclass(frozen=True)
class Segment:
    """A run of words of a text diff: kept, deleted (old only) or inserted (new only)."""

    op: Op
    text: str


@dataclass(frozen=True)
class TextChange:
    """A text field whose wording changed: where (YAML path and its Chinese label) and the word diff."""

    path: str
    label: str
    old: str | None
    new: str | None
    segments: tuple[Segment, ...]

    @property
    def status(self) -> Status:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


@dataclass(frozen=True)
class Totals:
    """The figures a reviewer reads first: 收支总预算, 财政拨款收支总预算, 一般公共预算拨款 (万元)."""

    total: Decimal
    fiscal: Decimal
    general: Decimal

    def minus(self, other: Totals | None) -> Totals:
        base = other or Totals(ZERO, ZERO, ZERO)
        return Totals(self.total - base.total, self.fiscal - base.fiscal, self.general - base.general)


TOTAL_LABELS = (("total", "收支总预算"), ("fiscal", "财政拨款"), ("general", "一般公共预算拨款"))


@dataclass(frozen=True)
class FindingChanges:
    """Check findings introduced by the new side, and fixed (present on the old side only)."""

    introduced: tuple[Finding, ...] = ()
    fixed: tuple[Finding, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.introduced or self.fixed)

    @property
    def new_errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.introduced if f.severity is Severity.ERROR)


@dataclass(frozen=True)
class DisclosureDiff:
    """One unit's disclosure for one year: added, removed, or changed (tables, projects, texts, findings)."""

    code: str
    name: str
    year: int
    status: Status
    old_totals: Totals | None
    new_totals: Totals | None
    file: str
    tables: tuple[TableChange, ...] = ()
    projects: tuple[ProjectChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    findings: FindingChanges = field(default_factory=FindingChanges)

    @property
    def net(self) -> Totals:
        """New totals minus old ones (a removed disclosure counts as a decrease)."""
        if self.new_totals is None:
            return Totals(ZERO, ZERO, ZERO).minus(self.old_totals)
        return self.new_totals.minus(self.old_totals)

    @property
    def rows_changed(self) -> int:
        return sum(len(t.rows) for t in self.tables)


@dataclass(frozen=True)
class SideInfo:
    """One side of the comparison: what the user named, what it was read from, whether it loaded."""

    spec: str
    description: str  # 提交 abc1234（main） / 文件夹 /path
    loaded: bool
    disclosures: int
    checked: int  # disclosures derived and checked: those the change can affect (generator.diff.scope)
    errors: int   # among the checked ones, or the load problems of a side that did not load
    warnings: int


@dataclass(frozen=True)
class Diff:
    """The whole comparison. `disclosures` lists only those with a difference, in (year, code) order;
    `shared_texts` are the site-wide files (site.yaml, glossary.yaml); `shared_findings` are findings
    outside any disclosure file (or every finding when a side could not be loaded)."""

    old: SideInfo
    new: SideInfo
    disclosures: tuple[DisclosureDiff, ...]
    shared_texts: tuple[TextChange, ...] = ()
    shared_findings: FindingChanges = field(default_factory=FindingChanges)

    @property
    def comparable(self) -> bool:
        """Both sides loaded, so their amounts could be compared (else only findings are)."""
        return self.old.loaded and self.new.loaded

    @property
    def all_findings(self) -> FindingChanges:
        introduced = [*self.shared_findings.introduced]
        fixed = [*self.shared_findings.fixed]
        for d in self.disclosures:
            introduced += d.findings.introduced
            fixed += d.findings.fixed
        return FindingChanges(tuple(introduced), tuple(fixed))

    @property
    def net(self) -> Totals:
        out = Totals(ZERO, ZERO, ZERO)
        for d in self.disclosures:
            n = d.net
            out = Totals(out.total + n.total, out.fiscal + n.fiscal, out.general + n.general)
        return out

    @property
    def empty(self) -> bool:
        return not (self.disclosures or self.shared_texts or self.shared_findings)
