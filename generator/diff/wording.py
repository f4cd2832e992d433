"""Shared phrasing of the renderers: signed amounts, side names, the one-line summary figures."""

from __future__ import annotations

from decimal import Decimal

from generator.diff.changes import TOTAL_LABELS, AmountChange, Diff, DisclosureDiff, RowChange, Segment, Totals
from generator.money import fmt

CONTEXT = 24  # characters of unchanged text kept on each side of a change


def signed(amount: Decimal) -> str:
    """+3.00, -1.20, 0.00: a change always shows its sign."""
    return f"+{fmt(amount)}" if amount > 0 else fmt(amount)


def money(amount: Decimal | None) -> str:
    return "—" if amount is None else fmt(amount)


def before_after(row: RowChange, cell: AmountChange) -> tuple[str, str]:
    """A cell's old and new figure; a dash for the side a row added or removed does not have."""
    return (money(None if row.status == "added" else cell.old), money(None if row.status == "removed" else cell.new))


def title(d: DisclosureDiff) -> str:
    return f"{d.year} 年 {d.code} {d.name}"


def total_change(old: Totals | None, new: Totals | None, field: str = "total") -> str:
    """133.05 → 136.05（+3.00）, or one side only for a disclosure added or removed."""
    a = getattr(old, field) if old else None
    b = getattr(new, field) if new else None
    if a is None or b is None:
        return money(b if a is None else a)
    return f"{fmt(a)} → {fmt(b)}（{signed(b - a)}）"


def net_phrase(diff: Diff) -> str:
    """收支总预算 +3.00 万元，财政拨款 +3.00 万元，一般公共预算拨款 +3.00 万元."""
    net = diff.net
    return "，".join(f"{label} {signed(getattr(net, field))} 万元" for field, label in TOTAL_LABELS)


def counts(diff: Diff) -> str:
    by = {s: sum(1 for d in diff.disclosures if d.status == s) for s in ("changed", "added", "removed")}
    return f"修改 {by['changed']} 份、新增 {by['added']} 份、删除 {by['removed']} 份"


def findings_phrase(diff: Diff) -> str:
    fc = diff.all_findings
    errors = len(fc.new_errors)
    scope = ""
    if diff.comparable and diff.new.checked < diff.new.disclosures:
        rest = diff.new.disclosures - diff.new.checked
        scope = f"（检查了受改动影响的 {diff.new.checked} 份公开数据，其余 {rest} 份未改动）"
    return f"新出现 {len(fc.introduced)} 条（其中错误 {errors} 条），已消除 {len(fc.fixed)} 条{scope}"


def trimmed(segments: tuple[Segment, ...]) -> list[Segment]:
    """Long unchanged runs shortened to their ends next to a change, with an ellipsis."""
    out: list[Segment] = []
    last = len(segments) - 1
    for i, s in enumerate(segments):
        text = s.text
        if s.op == "equal" and len(text) > 2 * CONTEXT + 1:
            head = text[:CONTEXT] if i > 0 else ""
            tail = text[-CONTEXT:] if i < last else ""
            text = f"{head}…{tail}"
        out.append(Segment(s.op, text))
    return out
