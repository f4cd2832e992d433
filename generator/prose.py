"""Phrases the explanation needs, computed from the data: changes, shares, classification paths."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.catalogue import Names
from generator.derive import Figures, Split, econ_category, shares
from generator.escape import Safe, esc
from generator.model import Disclosure, EconLine
from generator.money import fmt


def wan(value: Decimal) -> Safe:
    return Safe(f"{fmt(value)}万元")


def change(current: Decimal, previous: Decimal) -> Safe:
    """增加/减少 X万元, or 持平, phrased by the sign of the change."""
    diff = current - previous
    if diff > 0:
        return Safe(f"增加{fmt(diff)}万元")
    if diff < 0:
        return Safe(f"减少{fmt(-diff)}万元")
    return Safe("持平")


def class_label(name: str) -> str:
    """一般公共服务支出 → 一般公共服务 (the （类） form drops the trailing 支出)."""
    return name.removesuffix("支出") if len(name) > 3 else name


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    amount: Decimal
    share: Decimal


def class_parts(rows: dict[str, Split], whole: Decimal, names: Names) -> list[Part]:
    """Non-zero 类 rows with their shares of the whole, adding to 100.00%."""
    classes = [(c, s.total) for c, s in rows.items() if len(c) == 3 and s.total]
    pct = shares([a for _, a in classes], whole)
    return [Part(c, names.function(c), a, p) for (c, a), p in zip(classes, pct)]


def fund_parts(fig: Figures, funds: tuple[str, ...], labels: dict[str, str]) -> list[Part]:
    present = [(f, fig.by_fund[f].current) for f in funds if f in fig.by_fund and fig.by_fund[f].current]
    whole = sum((a for _, a in present), Decimal(0))
    pct = shares([a for _, a in present], whole)
    return [Part(f, labels[f], a, p) for (f, a), p in zip(present, pct)]


@dataclass(frozen=True)
class ItemUse:
    path: Safe
    amount: Decimal
    purpose: str | None


def item_uses(d: Disclosure, names: Names, fund: str = "一般公共预算") -> list[ItemUse]:
    """Each 项 with its 类/款/项 path in words, amount and purpose (具体使用情况)."""
    out = []
    for line in sorted((x for x in d.spending if x.fund == fund), key=lambda x: x.code):
        lei, kuan, xiang = names.function_path(line.code, line.name)
        path = Safe(f"{esc(class_label(lei))}（类）{esc(kuan)}（款）{esc(xiang)}（项）")
        out.append(ItemUse(path, line.basic + line.project, line.purpose))
    return out


def main_items(lines: tuple[EconLine, ...], category: str, names: Names, limit: int = 5) -> list[str]:
    """Names of the largest economic items of 人员经费 or 公用经费, largest first."""
    chosen = [x for x in lines if x.fund == "一般公共预算" and econ_category(x) == category and x.amount]
    chosen.sort(key=lambda x: (-x.amount, x.code))
    return [names.econ(x.code, x.name) for x in chosen[:limit]]
