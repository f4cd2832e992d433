"""A department's tables: the department's rows, then one block per unit that has money in the table."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator.load import load
from generator.tablemodel import Table
from generator.view import View, derive
from tests.multiunit import UNIT, YEAR, make_project


@pytest.fixture(scope="module")
def department(tmp_path_factory: pytest.TempPathFactory) -> View:
    data = load(make_project(tmp_path_factory.mktemp("units") / "project"))
    return derive(data)[(UNIT, YEAR)]


def unit_rows(t: Table) -> list[tuple[str, list[D | None]]]:
    return [(r.cells[0].text, [c.value for c in r.cells if c.num]) for r in t.body if r.kind == "unit"]


def table(v: View, number: str) -> Table:
    found = v.table(number)
    assert found is not None
    return found


def test_each_unit_block_holds_that_units_totals(department: View) -> None:
    # 表1-2: 合计, 基本支出, 项目支出 per unit; 本级 110 + 第一中学 410 + 服务中心 30 = 550
    assert unit_rows(table(department, "表1-2")) == [
        ("201001 示例区教育局（本级）", [D("110.00"), D("110.00"), D("0.00")]),
        ("201002 示例区第一中学", [D("410.00"), D("360.00"), D("50.00")]),
        ("201003 示例区教育服务中心", [D("30.00"), D("0.00"), D("30.00")]),
    ]


def test_a_unit_without_money_in_a_table_gets_no_block(department: View) -> None:
    # only the service centre has 政府性基金; no unit has 国有资本经营 money
    assert [name for name, _ in unit_rows(table(department, "表4"))] == ["201003 示例区教育服务中心"]
    assert unit_rows(table(department, "表5")) == []
    # 一般公共预算: the centre has none, so 表3 has blocks for 本级 and the school only
    assert [name.split()[0] for name, _ in unit_rows(table(department, "表3"))] == ["201001", "201002"]


def test_the_department_rows_are_the_sums_of_the_unit_blocks(department: View) -> None:
    for number in ("表1-1", "表1-2", "表3", "表3-1", "表4"):
        t = table(department, number)
        total = next(r for r in t.body if r.kind == "total")
        sums = [sum(col, D(0)) for col in zip(*(values for _, values in unit_rows(t)), strict=True)]
        assert sums == [c.value for c in total.cells if c.num], number
