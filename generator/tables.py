"""The 14 statutory tables laid out from the data, in the official column order."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.catalogue import Names
from generator.derive import (
    EconRow,
    Figures,
    Member,
    Split,
    dept_three_public,
    econ_rollup,
    figures,
    members,
    project_lines,
    three_public_total,
    unit_slice,
)
from generator.model import FISCAL_FUNDS, Disclosure, ThreePublic
from generator.money import ZERO, total
from generator.tablemodel import Cell, Row, Table, amount, amounts, code, h, label

NUMERALS = "一二三四五六七八九十"
INCOME_ROWS = (
    ("一般公共预算", "一般公共预算拨款收入"),
    ("政府性基金预算", "政府性基金预算拨款收入"),
    ("国有资本经营预算", "国有资本经营预算拨款收入"),
    ("财政专户管理资金", "财政专户管理资金收入"),
    ("事业收入", "事业收入"),
    ("事业单位经营收入", "事业单位经营收入"),
    ("上级补助收入", "上级补助收入"),
    ("附属单位上缴收入", "附属单位上缴收入"),
    ("其他收入", "其他收入"),
)
# Rows every 表1 prints (the Sichuan template); the other sources appear when a disclosure has them.
STANDARD_INCOME = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "事业收入", "事业单位经营收入", "其他收入")


def income_funds(by_fund: dict[str, Split]) -> list[str]:
    """The income sources a disclosure's 表1 and 表1-1 print, in the template's order."""
    return [f for f, _ in INCOME_ROWS if f in STANDARD_INCOME or f in by_fund]


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六 (row numbering of the official tables)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


def _code_cells(c: str) -> tuple[Cell, ...]:
    return (code(c[:3]), code(c[3:5]), code(c[5:7]))


def _function_body(rows: dict[str, Split], names: Names,
                   columns: Callable[[str, Split], tuple[Cell, ...]]) -> list[Row]:
    """类, 款 and 项 rows: code columns, the name as row header, then `columns(code, split)`."""
    kind = {3: "class", 5: "subclass", 7: "item"}
    return [Row((*_code_cells(c), label(names.function(c)), *columns(c, split)), kind[len(c)])
            for c, split in rows.items()]


def _total_row(width: int, cells: tuple[Cell, ...], text: str = "合计") -> Row:
    return Row((label(text, colspan=width), *cells), "total")


def _unit_row(width: int, m: Member, cells: tuple[Cell, ...]) -> Row:
    """The head of one unit's block in a department table: its code and name, then its totals."""
    return Row((label(f"{m.code} {m.name}", colspan=width), *cells), "unit")


class Builder:
    """Lays out every table of one disclosure."""

    def __init__(self, d: Disclosure, fig: Figures, names: Names) -> None:
        self.d, self.fig, self.names = d, fig, names
        # A department with subordinate units prints, after its own rows, one block per unit.
        self._units: list[tuple[Member, Builder]] | None = None

    @property
    def units(self) -> list[tuple[Member, Builder]]:
        """Each unit with a builder of its own slice, made once for all the tables."""
        if self._units is None:
            slices = [(m, unit_slice(self.d, m.code)) for m in members(self.d)] if self.d.unit.subordinates else []
            self._units = [(m, Builder(part, figures(part), self.names)) for m, part in slices]
        return self._units

    def _blocks(self, width: int, totals: Callable[[Disclosure, Figures], tuple[Cell, ...]],
                rows: Callable[[Builder], list[Row]]) -> list[Row]:
        """Per-unit blocks: a unit row with `totals`, then the unit's own `rows` laid out by a sub-builder.
        A unit with nothing in this table (every total zero) gets no block."""
        out: list[Row] = []
        for m, sub in self.units:
            cells = totals(sub.d, sub.fig)
            if any(c.value for c in cells):
                out.append(_unit_row(width, m, cells))
                out += rows(sub)
        return out

    def all(self) -> list[Table]:
        return [self.t1(), self.t1_1(), self.t1_2(), self.t2(), self.t2_1(), self.t3(), self.t3_1(),
                self.t3_2(), self.t3_3(), self.t4(), self.t4_1(), self.t5()]

    def _empty(self, key: str, what: str) -> str:
        return getattr(self.d.empty_statements, key) or self._empty_text(what)

    def _empty_text(self, what: str) -> str:
        return f"{self.d.unit.short_name}{self.d.year}年无{what}，故本表为空表。"

    # ------------------------------------------------------------ 表1 部门收支总表

    def t1(self) -> Table:
        fig = self.fig
        labels = dict(INCOME_ROWS)
        income = [(f"{numeral(i + 1)}、{labels[fund]}", fig.by_fund.get(fund, Split()).current)
                  for i, fund in enumerate(income_funds(fig.by_fund))]
        classes = self.names.function_classes()
        spend = [(f"{numeral(i + 1)}、{name}", fig.all_rows.get(c, Split()).total)
                 for i, (c, name) in enumerate(classes)]
        carry = total([s.carryover for s in fig.by_fund.values()])
        length = max(len(income), len(spend))
        body = []
        for i in range(length):
            left = income[i] if i < len(income) else ("", None)
            right = spend[i] if i < len(spend) else ("", None)
            body.append(Row((label(left[0]), amount(left[1]) if left[1] is not None else Cell(),
                             label(right[0]), amount(right[1]) if right[1] is not None else Cell())))
        grand = fig.total.total
        body += [
            Row((label("本年收入合计"), amount(grand - carry, blank_zero=False), label("本年支出合计"),
                 amount(grand, blank_zero=False)), "subtotal"),
            Row((label("上年结转"), amount(carry), label("结转下年"), amount(ZERO)), "item"),
            Row((label("收入总计"), amount(grand, blank_zero=False), label("支出总计"),
                 amount(grand, blank_zero=False)), "total"),
        ]
        head = ((h("收入", 2), h("支出", 2)), (h("项目"), h("预算数"), h("项目"), h("预算数")))
        return Table("t1", "表1", "部门收支总表", "万元", head, tuple(body))

    # ------------------------------------------------------------ 表1-1 部门收入总表

    def t1_1(self) -> Table:
        funds = income_funds(self.fig.by_fund)

        def totals(_: Disclosure, fig: Figures) -> tuple[Cell, ...]:
            return amounts(fig.total.total, fig.total.carryover, *(fig.by_fund.get(f, Split()).current for f in funds),
                           blank_zero=False)

        def rows(b: Builder) -> list[Row]:
            per_fund = {fund: b.fig.fund_rows(fund) for fund in funds}

            def columns(code_: str, split: Split) -> tuple[Cell, ...]:
                return amounts(split.total, split.carryover,
                               *(per_fund[f].get(code_, Split()).current for f in funds))

            return _function_body(b.fig.all_rows, b.names, columns)

        body = [_total_row(4, totals(self.d, self.fig)), *rows(self), *self._blocks(4, totals, rows)]
        names = [dict(INCOME_ROWS)[f] for f in funds]
        head = ((h("科目编码", 3), h("科目名称", rowspan=2), h("合计", rowspan=2), h("上年结转", rowspan=2),
                 *(h(n, rowspan=2) for n in names)),
                (h("类"), h("款"), h("项")))
        return Table("t1-1", "表1-1", "部门收入总表", "万元", head, tuple(body),
                     notes=("本表由支出明细按资金来源汇总生成。",))

    # ------------------------------------------------------------ 表1-2 部门支出总表

    def t1_2(self) -> Table:
        def totals(_: Disclosure, fig: Figures) -> tuple[Cell, ...]:
            return amounts(fig.total.total, fig.total.basic, fig.total.project, blank_zero=False)

        def rows(b: Builder) -> list[Row]:
            return _function_body(b.fig.all_rows, b.names, lambda _, s: amounts(s.total, s.basic, s.project))

        body = [_total_row(4, totals(self.d, self.fig)), *rows(self), *self._blocks(4, totals, rows)]
        head = ((h("科目编码", 3), h("科目名称", rowspan=2), h("合计", rowspan=2), h("基本支出", rowspan=2),
                 h("项目支出", rowspan=2)), (h("类"), h("款"), h("项")))
        return Table("t1-2", "表1-2", "部门支出总表", "万元", head, tuple(body))

    # ------------------------------------------------------------ 表2 财政拨款收支预算总表

    def t2(self) -> Table:
        fig = self.fig
        per_fund = {f: fig.fund_rows(f) for f in FISCAL_FUNDS}
        income_names = [name for fund, name in INCOME_ROWS if fund in FISCAL_FUNDS]
        current = [fig.by_fund.get(f, Split()).current for f in FISCAL_FUNDS]
        carried = [fig.by_fund.get(f, Split()).carryover for f in FISCAL_FUNDS]
        left: list[tuple[str, Decimal | None]] = [("一、本年收入", total(current))]
        left += list(zip(income_names, current, strict=True))
        left += [("二、上年结转", total(carried)), *zip(income_names, carried, strict=True)]
        right: list[tuple[str, list[Decimal]]] = [
            ("一、本年支出", [fig.fiscal.total] + [fig.by_fund.get(f, Split()).total for f in FISCAL_FUNDS])]
        for c, name in self.names.function_classes():
            right.append((name, [fig.fiscal_rows.get(c, Split()).total]
                          + [per_fund[f].get(c, Split()).total for f in FISCAL_FUNDS]))
        body = []
        for i in range(max(len(left), len(right))):
            lt = left[i] if i < len(left) else ("", None)
            rt = right[i] if i < len(right) else ("", [])
            cells = (label(lt[0]), amount(lt[1]) if lt[1] is not None else Cell(), label(rt[0]),
                     *(amounts(*rt[1]) if rt[1] else (Cell(), Cell(), Cell(), Cell())))
            body.append(Row(cells, "subtotal" if i == 0 else "item"))
        body.append(Row((label("二、结转下年"), Cell(), label(""), *amounts(ZERO, ZERO, ZERO, ZERO))))
        grand = fig.fiscal.total
        body.append(Row((label("收入总计"), amount(grand, blank_zero=False), label("支出总计"),
                         *amounts(grand, *(fig.by_fund.get(f, Split()).total for f in FISCAL_FUNDS),
                                  blank_zero=False)), "total"))
        head = ((h("收入", 2), h("支出", 5)),
                (h("项目"), h("预算数"), h("项目"), h("合计"), h("一般公共预算"), h("政府性基金预算"),
                 h("国有资本经营预算")))
        return Table("t2", "表2", "财政拨款收支预算总表", "万元", head, tuple(body))

    # ------------------------------------------------------------ 表2-1 财政拨款支出（经济分类）

    def t2_1(self) -> Table:
        rows = econ_rollup(self.d, FISCAL_FUNDS)
        sums = [r for c, r in rows.items() if len(c) == 3 or c == ""]
        body = [_total_row(3, amounts(total([r.total for r in sums]), total([r.basic for r in sums]),
                                      total([r.personnel for r in sums]), total([r.public for r in sums]),
                                      total([r.project for r in sums]), blank_zero=False))]
        for c, r in rows.items():
            name = self.names.econ(c) if c else "未列经济分类的项目支出"
            kind = "class" if len(c) == 3 else "item"
            body.append(Row((code(c[:3]), code(c[3:5]), label(name),
                             *amounts(r.total, r.basic, r.personnel, r.public, r.project)), kind))
        head = ((h("科目编码", 2), h("科目名称", rowspan=2), h("合计", rowspan=2), h("基本支出", 3),
                 h("项目支出", rowspan=2)),
                (h("类"), h("款"), h("小计"), h("人员经费"), h("公用经费")))
        notes: tuple[str, ...] = ()
        if any(len(x.part.econ) == 3 for x in project_lines(self.d)):
            notes = ("项目支出的经济分类仅细化到类的，其金额列在类级行，不再分到款。",)
        return Table("t2-1", "表2-1", "财政拨款支出预算表（部门经济分类科目）", "万元", head, tuple(body),
                     notes=notes)

    # ------------------------------------------------------------ 表3 一般公共预算支出

    def t3(self) -> Table:
        def totals(_: Disclosure, fig: Figures) -> tuple[Cell, ...]:
            g = fig.general
            return amounts(g.total, g.basic, g.project, g.current, g.carryover, blank_zero=False)

        def rows(b: Builder) -> list[Row]:
            return _function_body(b.fig.general_rows, b.names,
                                  lambda _, s: amounts(s.total, s.basic, s.project, s.current, s.carryover))

        body = [_total_row(4, totals(self.d, self.fig)), *rows(self), *self._blocks(4, totals, rows)]
        head = ((h("科目编码", 3), h("科目名称", rowspan=2), h("合计", rowspan=2), h("基本支出", rowspan=2),
                 h("项目支出", rowspan=2), h("当年财政拨款安排", rowspan=2), h("上年结转安排", rowspan=2)),
                (h("类"), h("款"), h("项")))
        return Table("t3", "表3", "一般公共预算支出预算表", "万元", head, tuple(body))

    # ------------------------------------------------------------ 表3-1 一般公共预算基本支出

    def t3_1(self) -> Table:
        def econ_rows(d: Disclosure) -> dict[str, EconRow]:
            return {c: r for c, r in econ_rollup(d, ("一般公共预算",)).items() if r.basic}

        def totals(d: Disclosure, _: Figures) -> tuple[Cell, ...]:
            classes = [r for c, r in econ_rows(d).items() if len(c) == 3]
            return amounts(total([r.basic for r in classes]), total([r.personnel for r in classes]),
                           total([r.public for r in classes]), blank_zero=False)

        def rows(b: Builder) -> list[Row]:
            return [Row((code(c[:3]), code(c[3:5]), label(b.names.econ(c)), *amounts(r.basic, r.personnel, r.public)),
                        "class" if len(c) == 3 else "item") for c, r in econ_rows(b.d).items()]

        body = [_total_row(3, totals(self.d, self.fig)), *rows(self), *self._blocks(3, totals, rows)]
        head = ((h("科目编码", 2), h("科目名称", rowspan=2), h("合计", rowspan=2), h("人员经费", rowspan=2),
                 h("公用经费", rowspan=2)), (h("类"), h("款")))
        return Table("t3-1", "表3-1", "一般公共预算基本支出预算表", "万元", head, tuple(body))

    # ------------------------------------------------------------ 表3-2 一般公共预算项目支出

    def t3_2(self) -> Table:
        """一般公共预算 projects by 项 and unit; a project spanning several funds shows its 一般公共预算 part."""
        amounts_by: dict[tuple[str, str, str], Decimal] = {}
        for x in project_lines(self.d):
            if x.part.fund == "一般公共预算":
                key = (x.function, x.unit, x.name)
                amounts_by[key] = amounts_by.get(key, ZERO) + x.part.amount
        body = [_total_row(5, (amount(total(list(amounts_by.values())), blank_zero=False),))]
        for fcode in sorted({k[0] for k in amounts_by}):
            group = [(k, a) for k, a in amounts_by.items() if k[0] == fcode]
            body.append(Row((*_code_cells(fcode), code(""), label(self.names.function(fcode)),
                             amount(total([a for _, a in group]), blank_zero=False)), "subclass"))
            for (_, unit, name), a in group:
                body.append(Row((*_code_cells(fcode), code(unit), label(name), amount(a, blank_zero=False))))
        head = ((h("科目编码", 3), h("单位代码", rowspan=2), h("项目名称", rowspan=2), h("金额", rowspan=2)),
                (h("类"), h("款"), h("项")))
        empty = None if amounts_by else self._empty_text("一般公共预算项目支出")
        return Table("t3-2", "表3-2", "一般公共预算项目支出预算表", "万元", head, tuple(body), empty)

    # ------------------------------------------------------------ 表3-3 / 表4-1 “三公”经费

    def _three_public(self, tid: str, number: str, title: str, t: ThreePublic, key: str, what: str,
                      per_unit: list[tuple[str, str, ThreePublic]]) -> Table:
        def values(x: ThreePublic) -> tuple[Decimal, ...]:
            vehicle = x.vehicle_purchase + x.vehicle_operation
            return (three_public_total(x), x.abroad, vehicle, x.vehicle_purchase, x.vehicle_operation, x.reception)

        body = (_total_row(2, amounts(*values(t), blank_zero=False)),
                *(Row((code(c), label(n), *amounts(*values(x)))) for c, n, x in per_unit))
        head = ((h("单位编码", rowspan=3), h("单位名称", rowspan=3), h("当年财政拨款预算安排", 6)),
                (h("合计", rowspan=2), h("因公出国（境）费", rowspan=2), h("公务用车购置及运行费", 3),
                 h("公务接待费", rowspan=2)),
                (h("小计"), h("公务用车购置费"), h("公务用车运行费")))
        empty = self._empty(key, what) if three_public_total(t) == 0 else None
        return Table(tid, number, title, "万元", head, body, empty)

    def t3_3(self) -> Table:
        units = [(m.code, m.name, m.three_public) for m in members(self.d)]
        return self._three_public("t3-3", "表3-3", "一般公共预算“三公”经费支出预算表", dept_three_public(self.d),
                                  "t3_3", "一般公共预算“三公”经费支出", units)

    def t4_1(self) -> Table:
        return self._three_public("t4-1", "表4-1", "政府性基金预算“三公”经费支出预算表",
                                  self.d.fund_three_public, "t4_1", "使用政府性基金预算拨款安排的“三公”经费支出",
                                  [(self.d.unit.code, self.d.unit.name, self.d.fund_three_public)])

    # ------------------------------------------------------------ 表4 / 表5 by fund

    def _fund_table(self, tid: str, number: str, title: str, fund: str, key: str, what: str) -> Table:
        def totals(_: Disclosure, fig: Figures) -> tuple[Cell, ...]:
            x = fig.by_fund.get(fund, Split())
            return amounts(x.total, x.basic, x.project, blank_zero=False)

        def rows(b: Builder) -> list[Row]:
            return _function_body(b.fig.fund_rows(fund), b.names, lambda _, x: amounts(x.total, x.basic, x.project))

        s = self.fig.by_fund.get(fund, Split())
        blocks = [r for r in self._blocks(4, totals, rows)] if s.total else []
        body = [_total_row(4, totals(self.d, self.fig)), *rows(self), *blocks]
        head = ((h("科目编码", 3), h("科目名称", rowspan=2), h("合计", rowspan=2), h("基本支出", rowspan=2),
                 h("项目支出", rowspan=2)), (h("类"), h("款"), h("项")))
        empty = self._empty(key, what) if s.total == 0 else None
        return Table(tid, number, title, "万元", head, tuple(body), empty)

    def t4(self) -> Table:
        return self._fund_table("t4", "表4", "政府性基金预算支出预算表", "政府性基金预算", "t4",
                                "使用政府性基金预算拨款安排的支出")

    def t5(self) -> Table:
        return self._fund_table("t5", "表5", "国有资本经营预算支出预算表", "国有资本经营预算", "t5",
                                "国有资本经营预算拨款安排的支出")

