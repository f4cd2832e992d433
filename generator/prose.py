"""Phrases the explanation needs, computed from the data: changes, shares, classification paths."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.catalogue import Names
from generator.derive import Figures, Split, econ_category, members, shares
from generator.escape import Safe, esc
from generator.model import Disclosure, EconLine
from generator.money import ZERO, fmt


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


def reason(current: Decimal, previous: Decimal, why: str | None) -> Safe:
    """，主要原因是…: said only when the figure changed and a reason was given."""
    if current == previous or not why:
        return Safe("")
    return Safe(f"，主要原因是{esc(why.rstrip('。'))}")


def versus(year: int, what: str, current: Decimal, previous: Decimal | None, why: str | None) -> Safe:
    """，比2023年X增加Y万元，主要原因是…: the comparison with last year's own figure and its own reason."""
    if previous is None:
        return Safe("")
    return Safe(f"，比{year - 1}年{esc(what)}{change(current, previous)}{reason(current, previous, why)}")


def class_label(name: str) -> str:
    """一般公共服务支出 → 一般公共服务 (the （类） form drops the trailing 支出)."""
    return name.removesuffix("支出") if len(name) > 3 else name


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    amount: Decimal
    share: Decimal


def class_parts(rows: dict[str, Split], whole: Decimal, names: Names, current: bool = False) -> list[Part]:
    """Non-zero 类 rows with their shares of the whole, adding to 100.00%.

    `current`: this year's appropriation only (the row less its 上年结转), as 当年拨款 sentences need.
    """
    classes = [(c, s.current if current else s.total) for c, s in rows.items() if len(c) == 3]
    classes = [(c, a) for c, a in classes if a]
    pct = shares([a for _, a in classes], whole)
    return [Part(c, names.function(c), a, p) for (c, a), p in zip(classes, pct, strict=True)]


def fund_parts(fig: Figures, funds: tuple[str, ...], labels: dict[str, str], carryover: bool = False) -> list[Part]:
    """This year's income by source and, with `carryover`, 上年结转 as a last part; shares of their sum."""
    present = [(f, labels[f], fig.by_fund[f].current) for f in funds if f in fig.by_fund and fig.by_fund[f].current]
    if carryover:
        carried = sum((fig.by_fund[f].carryover for f in funds if f in fig.by_fund), ZERO)
        if carried:
            present.append(("上年结转", "上年结转", carried))
    whole = sum((a for _, _, a in present), ZERO)
    pct = shares([a for _, _, a in present], whole)
    return [Part(f, name, a, p) for (f, name, a), p in zip(present, pct, strict=True)]


def path_words(names: Names, code: str, fallback: str | None = None) -> Safe:
    """2010302 → 一般公共服务（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）; a 款 code stops at 款."""
    words = [f"{esc(class_label(names.function(code[:3])))}（类）"]
    words += [f"{esc(names.function(code[:n], fallback if n == len(code) else None))}（{level}）"
              for n, level in ((5, "款"), (7, "项")) if len(code) >= n]
    return Safe("".join(words))


@dataclass(frozen=True)
class ItemUse:
    path: Safe
    amount: Decimal
    purpose: str | None


def item_uses(d: Disclosure, names: Names, fund: str = "一般公共预算", current: bool = True) -> list[ItemUse]:
    """Each 项 with its 类/款/项 path in words, amount and purpose (具体使用情况).

    Lines of the same code (one per unit) are one item; with `current` only this year's appropriation
    counts, so an item paid wholly from 上年结转 is left out.
    """
    grouped: dict[str, tuple[Decimal, list[str]]] = {}
    entered = {x.code: x.name for x in d.spending if x.name}
    for line in sorted((x for x in d.spending if x.fund == fund), key=lambda x: x.code):
        value = line.basic + line.project - (line.carryover if current else ZERO)
        old_amount, purposes = grouped.get(line.code, (ZERO, []))
        if line.purpose and line.purpose not in purposes and value:
            purposes.append(line.purpose)
        grouped[line.code] = (old_amount + value, purposes)
    return [ItemUse(path_words(names, c, entered.get(c)), value, summary(purposes))
            for c, (value, purposes) in grouped.items() if value]


def summary(purposes: list[str], most: int = 2) -> str | None:
    """Purposes of one item entered for several units: the first `most` distinct ones, then 等."""
    said = [p.rstrip("。；") for p in purposes]
    if len(said) <= most:
        return "；".join(said) or None
    return "；".join(said[:most]) + "等"


def main_items(lines: tuple[EconLine, ...], category: str, names: Names, limit: int = 5) -> list[str]:
    """Names of the largest economic 款 of 人员经费 or 公用经费 (summed over units), largest first."""
    by_code: dict[str, Decimal] = {}
    for x in lines:
        if x.fund == "一般公共预算" and econ_category(x) == category and x.amount:
            by_code[x.code] = by_code.get(x.code, ZERO) + x.amount
    chosen = sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
    return [names.econ(c) for c, _ in chosen[:limit]]


def unit_purposes(d: Disclosure, key: str) -> Safe | None:
    """The 主要用于 clause of a 三公 item: plain for one unit, by unit (部门本级主要用于…；示例区第一中学
    主要用于…) when several units give a purpose."""
    given = [(m, getattr(m.three_public.purposes, key)) for m in members(d)]
    given = [(m, text.rstrip("。；")) for m, text in given if text]
    if len(given) <= 1:
        return Safe(f"主要用于{esc(given[0][1])}") if given else None
    return Safe("；".join(f"{'部门本级' if m.own else esc(m.name)}主要用于{esc(text)}" for m, text in given))
