"""Messages name a field by its Chinese labels from the model, with the YAML path beside them."""

from __future__ import annotations

import pytest

from generator.issues import ERROR, Finding, Location, line
from generator.labels import field_label

UNIT = "data/units/103003/2024.yaml"


@pytest.mark.parametrize(("file", "path", "label"), [
    (UNIT, "unit_performance.indicators[12].weight", "整体绩效目标›年度绩效指标第13项›权重"),
    (UNIT, "spending[2].basic", "支出（功能分类）第3项›基本支出"),
    (UNIT, "unit.subordinates[0].three_public.abroad", "单位›所属单位第1项›“三公”经费›因公出国（境）费"),
    (UNIT, "projects[1].parts[0].amount", "项目第2项›资金构成第1项›金额"),
    ("data/site.yaml", "url", "网站地址"),
    ("data/codes/function.yaml", "entries[3].name", "条目第4项›名称"),
])
def test_a_path_reads_as_its_labels(file: str, path: str, label: str) -> None:
    assert field_label(file, path) == label


@pytest.mark.parametrize(("file", "path"), [(UNIT, "no_such_field"), (UNIT, "year.more"), ("notes.txt", "x")])
def test_an_unknown_path_has_no_label(file: str, path: str) -> None:
    assert field_label(file, path) is None


def test_a_message_gives_the_label_and_the_path() -> None:
    f = Finding("sum-total", ERROR, Location(UNIT, 12, 3), "合计不符", "请核对", field="spending[0].project")
    assert line(f) == ("data/units/103003/2024.yaml:12:3: 错误："
                       "字段 支出（功能分类）第1项›项目支出（spending[0].project）："
                       "合计不符。处理：请核对 [sum-total]")


def test_the_rounding_hint_is_given_only_for_a_rounding_difference() -> None:
    from generator.check import RULES
    from generator.issues import WARNING

    rule = next(r for r in RULES if r.code == "sum-total")
    at = Location(UNIT, 1)
    assert "尾差" not in rule.found(at, "合计 66.45，明细相加 60.00").hint
    assert "尾差" in rule.found(at, "合计 66.45，明细相加 66.44", severity=WARNING).hint
    assert "尾差" in rule.documented  # the catalogue page still states the rule
