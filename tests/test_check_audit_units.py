"""The audit of a department with subordinate units: per-unit table rows, shares against the base
their sentence names, amounts by section, and 表6 in the text.

The department is built in a temporary folder from tests/multiunit.py; its text is what the
generator renders from it (so it audits with no finding), then changed one fact at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import audit_text
from generator.check.mutation import Case, make_case
from generator.check.textfile import parse
from generator.load import Dataset, load
from tests.multiunit import UNIT, YEAR, make_project

TEXT = "t.md"


@pytest.fixture(scope="module")
def dept(tmp_path_factory: pytest.TempPathFactory) -> Case:
    data = load(make_project(tmp_path_factory.mktemp("dept")))
    return make_case(data, data.entries[0])


def findings(data: Dataset, text: str) -> list[tuple[str, int]]:
    report = audit_text(data, parse(text, TEXT), UNIT, YEAR)
    return sorted((f.code, f.location.line or 0) for f in report if f.location.file == TEXT)


def line_after(text: str, marker: str, needle: str) -> int:
    """1-based number of the first line containing `needle` after the first one containing `marker`."""
    lines = text.split("\n")
    start = next(i for i, x in enumerate(lines) if marker in x)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def row_in_block(text: str, table: str, unit: str, name: str) -> int:
    """1-based number of the row named `name` in `unit`'s block of `table`."""
    block = line_after(text, table, unit)
    lines = text.split("\n")
    return next(i for i in range(block, len(lines)) if f">{name}</th>" in lines[i]) + 1


def replace_on(text: str, line: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def test_the_rendered_text_of_a_department_with_units_audits_clean(dept: Case) -> None:
    assert findings(dept.data, dept.text) == []


# ------------------------------------------------------------------ rows of a unit's block


def test_a_wrong_row_in_a_unit_block_is_found_on_its_line(dept: Case) -> None:
    # 表3, block of 201002: 2050203 初中教育 basic 300.00 (the department's row says 300.00 too).
    line = row_in_block(dept.text, "## 表3 ", "201002 示例区第一中学", "初中教育")
    changed = replace_on(dept.text, line, ">300.00<", ">301.00<")
    assert findings(dept.data, changed) == [("table-figure", line)]


def test_the_departments_figure_in_a_units_block_is_wrong(dept: Case) -> None:
    # 表1-2: 2080505 is 50.00 for the department, 40.00 for 201002; 50.00 in 201002's block is an error.
    line = row_in_block(dept.text, "## 表1&#45;2", "201002 示例区第一中学", "机关事业单位基本养老保险缴费支出")
    assert ">40.00<" in dept.text.split("\n")[line - 1]
    assert findings(dept.data, replace_on(dept.text, line, ">40.00<", ">50.00<")) == [("table-figure", line)]


HAND_TYPED = """\
表1-2
部门支出总表
\t\t\t合计\t550.00\t470.00\t80.00
208\t05\t05\t机关事业单位基本养老保险缴费支出\t50.00\t50.00\t
201002 示例区第一中学\t410.00\t360.00\t50.00
208\t05\t05\t机关事业单位基本养老保险缴费支出\t{amount}\t{amount}\t
"""


def test_hand_typed_rows_are_matched_by_unit_code_and_classification_code(dept: Case) -> None:
    assert findings(dept.data, HAND_TYPED.format(amount="40.00")) == []
    assert findings(dept.data, HAND_TYPED.format(amount="50.00")) == [("table-figure", 6)]


def test_a_unit_code_with_another_units_name_is_found(dept: Case) -> None:
    line = line_after(dept.text, "## 表3 ", "201002 示例区第一中学")
    changed = replace_on(dept.text, line, "201002 示例区第一中学", "201002 示例区教育服务中心")
    assert findings(dept.data, changed) == [("unit-pair", line)]


# ------------------------------------------------------------------ shares and their bases


def test_a_wrong_share_is_found_even_when_it_is_the_share_of_another_base(dept: Case) -> None:
    # 490.00 is 100% of 一般公共预算当年拨款, but the sentence says 占收入预算的 (550.00): 89.09%.
    line = line_after(dept.text, "收入预算情况", "占收入预算的89.09%")
    changed = replace_on(dept.text, line, "占收入预算的89.09%", "占收入预算的100.00%")
    assert findings(dept.data, changed) == [("text-percent", line)]


def test_a_base_named_on_the_first_item_holds_for_the_rest_of_the_list(dept: Case) -> None:
    # 一般公共服务 100.00 is 18.18% of 收入预算 and 20.41% of 当年拨款; naming 收入预算 makes both wrong.
    line = line_after(dept.text, "结构情况", "占一般公共预算当年拨款的20.41%")
    changed = replace_on(dept.text, line, "占一般公共预算当年拨款的20.41%", "占收入预算的18.18%")
    assert findings(dept.data, changed) == [("text-percent", line), ("text-percent", line)]  # 69.39% and 10.20%


SECTIONS = """\
二、财政拨款收支预算情况说明
支出包括：一般公共服务支出100.00万元、教育支出{fiscal}万元、社会保障和就业支出50.00万元、城乡社区支出30.00万元。
三、一般公共预算当年拨款情况说明
（二）一般公共预算当年拨款结构情况
教育支出{current}万元，占{share}%。
六、政府性基金预算支出情况说明
城乡社区支出{fund}万元，占政府性基金预算支出的100.00%。
"""


def test_a_class_amount_is_read_in_the_scope_of_its_section(dept: Case) -> None:
    right = dict(fiscal="350.00", current="340.00", share="69.39", fund="30.00")
    assert findings(dept.data, SECTIONS.format(**right)) == []
    assert findings(dept.data, SECTIONS.format(**{**right, "fiscal": "370.00"})) == [("text-amount", 2)]
    assert findings(dept.data, SECTIONS.format(**{**right, "current": "350.00"})) == [("text-amount", 5)]
    # 61.82% is 340.00 of 收入预算 (550.00); the section's base is 一般公共预算当年拨款 (490.00).
    assert findings(dept.data, SECTIONS.format(**{**right, "share": "61.82"})) == [("text-percent", 5)]


def test_three_public_and_staff_are_the_departments(dept: Case) -> None:
    text = ("五、“三公”经费财政拨款预算安排情况说明\n"
            "区教育局2024年“三公”经费财政拨款预算3.50万元，其中：公务接待费1.50万元。\n"
            "本部门编制100人，在职人员93人，退休人员25人。\n")
    assert findings(dept.data, text) == []
    assert findings(dept.data, text.replace("1.50", "1.00").replace("93人", "18人")) == [
        ("text-amount", 2), ("text-count", 3)]


# ------------------------------------------------------------------ 表6 in the text


def test_a_weight_of_table_6_is_checked(dept: Case) -> None:
    line = line_after(dept.text, "## 表6", ">改造教室数量<")
    changed = replace_on(dept.text, line, 'data-label="权重">50<', 'data-label="权重">40<')
    assert findings(dept.data, changed) == [("perf-table-text", line)]


def test_a_project_amount_of_table_6_is_checked(dept: Case) -> None:
    line = line_after(dept.text, "## 表6", ">初中教育提升项目<")
    changed = replace_on(dept.text, line, ">50.00<", ">55.00<")
    assert findings(dept.data, changed) == [("perf-table-text", line)]


def test_an_indicator_under_another_project_is_reported_where_the_project_is_named(dept: Case) -> None:
    caption = line_after(dept.text, "## 表6", "表6&#45;1")
    line = line_after(dept.text, "## 表6", ">改造教室数量<")
    changed = replace_on(dept.text, line, ">改造教室数量<", ">完成工程数量<")
    assert findings(dept.data, changed) == [("perf-table-text", caption)]


T6_TYPED = """\
部门预算项目绩效目标申报表（2024年度）
项目名称\t预算数\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重
初中教育提升项目\t50.00\t产出指标\t数量指标\t改造教室数量\t≥\t10\t间\t{weight}
\t\t满意度指标\t满意度指标\t家长满意度\t≥\t95\t%\t50
城市建设项目\t{amount}\t产出指标\t数量指标\t完成工程数量\t≥\t2\t个\t50
"""


def test_table_6_typed_by_hand_is_audited(dept: Case) -> None:
    assert findings(dept.data, T6_TYPED.format(weight="50", amount="30.00")) == []
    assert findings(dept.data, T6_TYPED.format(weight="45", amount="30.00")) == [("perf-table-text", 3)]
    assert findings(dept.data, T6_TYPED.format(weight="50", amount="35.00")) == [("perf-table-text", 5)]


def test_nothing_is_written_outside_the_temporary_project(dept: Case) -> None:
    assert Path(dept.data.root).name.startswith("dept")
