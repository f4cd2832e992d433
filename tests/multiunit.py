"""A small department with subordinate units, as data inside the tests: 本级 and two schools/centres,
every kind of line a department's tables print per unit (事业收入, 政府性基金, 上年结转, a project in
two economic codes), 三公 of 本级 and of a subordinate unit, and 表6 with two projects."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO

UNIT = "201"
YEAR = 2024

DEPARTMENT = """\
unit:
  code: "201"
  name: 示例区教育局
  short_name: 区教育局
  type: 行政单位
  own_code: "201001"
  subordinates:
    - code: "201002"
      name: 示例区第一中学
      type: 公益一类事业单位
      staffing: {authorized: 80, active: 75, retired: 20}
      three_public: {reception: 0.50}
    - {code: "201003", name: 示例区教育服务中心, type: 公益二类事业单位}
year: 2024
published_on: 2024-03-20
approved_on: 2024-03-05
overview:
  duties: [负责全区教育工作。]
  key_work:
    - {title: 推进教育均衡, text: 推进义务教育均衡发展。}
  staffing: {authorized: 20, active: 18, retired: 5}
spending:
  - {code: "2010301", basic: 100.00, purpose: 机关正常运转}
  - {code: "2050203", basic: 300.00, project: 50.00, carryover: 10.00, unit: "201002", purpose: 初中教育}
  - {code: "2050203", basic: 20.00, fund: 事业收入, unit: "201002"}
  - {code: "2080505", basic: 40.00, unit: "201002", purpose: 养老保险缴费}
  - {code: "2080505", basic: 10.00, purpose: 养老保险缴费}
  - {code: "2120803", project: 30.00, fund: 政府性基金预算, unit: "201003", purpose: 城市建设}
basic_econ:
  - {code: "30101", amount: 60.00}
  - {code: "30108", amount: 10.00}
  - {code: "30201", amount: 40.00}
  - {code: "30101", amount: 200.00, unit: "201002"}
  - {code: "30108", amount: 40.00, unit: "201002"}
  - {code: "30201", amount: 99.50, unit: "201002"}
  - {code: "30217", amount: 0.50, unit: "201002"}
  - {code: "30201", amount: 20.00, unit: "201002", fund: 事业收入}
projects:
  - name: 初中教育提升项目
    function: "2050203"
    amount: 50.00
    unit: "201002"
    parts: [{econ: "30201", amount: 20.00}, {econ: "31002", amount: 30.00}]
  - {name: 城市建设项目, function: "2120803", amount: 30.00, fund: 政府性基金预算, econ: "310", unit: "201003"}
three_public: {reception: 1.00, vehicle_operation: 2.00, purposes: {reception: 接待上级检查}}
previous_year:
  total: 500.00
  fiscal: 480.00
  general_budget: 450.00
  reason: 学生人数增加
  fiscal_reason: 财政保障增加
  general_budget_reason: 人员经费调增
  government_fund: 40.00
  government_fund_reason: 基建项目减少
  three_public: {reception: 2.00, vehicle_operation: 2.00}
  three_public_reason: 厉行节约
  three_public_reasons: {reception: 压减接待}
operating_costs: {amount: 40.00, previous: 38.00, reason: 人员增加}
procurement: {goods: 10.00}
project_performance:
  - project: 初中教育提升项目
    goal: 提升全区初中教育教学质量，改善办学条件。
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 改造教室数量, nature: "≥", value: "10", unit: 间, weight: 50}
      - {level1: 满意度指标, level2: 满意度指标, name: 家长满意度, nature: "≥", value: "95", unit: "%", weight: 50}
  - project: 城市建设项目
    goal: 完成城市建设相关工程，改善城市面貌。
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 完成工程数量, nature: "≥", value: "2", unit: 个, weight: 50}
      - {level1: 满意度指标, level2: 满意度指标, name: 群众满意度, nature: "≥", value: "95", unit: "%", weight: 50}
"""

LOCAL_CODES = """\
scheme: function
entries:
  - {code: "20502", name: "普通教育", source: "test"}
  - {code: "2050203", name: "初中教育", source: "test"}
  - {code: "21208", name: "国有土地使用权出让收入安排的支出", source: "test"}
  - {code: "2120803", name: "城市建设支出", source: "test"}
"""


def make_project(root: Path) -> Path:
    """The department's project in `root`: the sample's site, glossary and codes, and its own file."""
    data = root / "data"
    (data / "units" / UNIT).mkdir(parents=True)
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(REPO / "data" / name, data / name)
    shutil.copytree(REPO / "data" / "codes", data / "codes")
    (data / "codes" / "test-local.yaml").write_text(LOCAL_CODES, encoding="utf-8")
    (data / "units" / UNIT / f"{YEAR}.yaml").write_text(DEPARTMENT, encoding="utf-8")
    return root
