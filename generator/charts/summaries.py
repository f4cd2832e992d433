"""One sentence per chart, generated from its rows: what a reader should take away.

Built like the prose (prose.py): names escaped with esc(), figures printed as the |wan filter
prints them, so the page source reads the same as the paragraph next to it. The shares are the
ones the prose prints (largest remainder).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP

from generator.charts.figure import Bar, ranked
from generator.escape import Safe, esc
from generator.money import CENT, fmt, total


def _amount(row: Bar) -> str:
    share = f"，占{fmt(row.share)}%" if row.share is not None else ""
    return f"{fmt(row.amount)}万元{share}"


def _tied(order: list[Bar]) -> list[Bar]:
    return [r for r in order if r.amount == order[0].amount]


def ranking(rows: list[Bar], *, runner_up: bool = True) -> Safe:
    """"一般公共服务支出最多，为115.40万元，占86.73%；其次是社会保障和就业支出，为8.26万元，占6.21%。\""""
    order = ranked(rows)
    top = _tied(order)
    if len(top) > 1:
        return Safe(f"{'、'.join(esc(r.label) for r in top)}并列最多，各为{fmt(top[0].amount)}万元。")
    first = f"{esc(top[0].label)}最多，为{_amount(top[0])}"
    rest = order[1:]
    if not runner_up or not rest or not rest[0].amount:
        return Safe(f"{first}。")
    second = _tied(rest)
    if len(second) > 1:
        return Safe(f"{first}；其次是{'、'.join(esc(r.label) for r in second)}，各为{fmt(second[0].amount)}万元。")
    return Safe(f"{first}；其次是{esc(second[0].label)}，为{_amount(second[0])}。")


def parts(whole: str, rows: list[Bar]) -> Safe:
    """"支出预算133.05万元，其中基本支出75.45万元，占56.71%；项目支出57.60万元，占43.29%。\""""
    listed = "；".join(f"{esc(r.label)}{_amount(r)}" for r in rows)
    return Safe(f"{esc(whole)}{fmt(total([r.amount for r in rows]))}万元，其中{listed}。")


def count(what: str, unit: str, rows: list[Bar]) -> Safe:
    """"共6个项目，合计57.60万元；2024年…项目最多，为19.00万元，占32.99%。\""""
    head = f"共{len(rows)}{esc(unit)}{esc(what)}，合计{fmt(total([r.amount for r in rows]))}万元"
    return Safe(f"{head}；{ranking(rows, runner_up=False)}" if len(rows) > 1 else f"{head}。")


def change(what: str, before: Bar, now: Bar) -> Safe:
    """"2024年一般公共预算当年拨款133.05万元，比2023年的143.57万元减少10.52万元，下降7.33%。\""""
    head = f"{esc(now.label)}{esc(what)}{fmt(now.amount)}万元"
    diff = now.amount - before.amount
    if diff == 0:
        return Safe(f"{head}，与{esc(before.label)}持平。")
    verb, direction = ("增加", "增长") if diff > 0 else ("减少", "下降")
    rate = ""
    if before.amount:
        pct = (abs(diff) * 100 / before.amount).quantize(CENT, rounding=ROUND_HALF_UP)
        rate = f"，{direction}{fmt(pct)}%"
    return Safe(f"{head}，比{esc(before.label)}的{fmt(before.amount)}万元{verb}{fmt(abs(diff))}万元{rate}。")
