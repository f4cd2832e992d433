"""The checker on the real seed: every published inconsistency is reported, where it is.

EXPECTED_DATA and EXPECTED_TEXT were transcribed by reading the seed
(shared/seed/000_c3e30e10afc67c71.txt) and its as-published entry
(tests/fixtures/seed_as_published/), one line per published error, each with the erratum of the
corrected sample (data/units/103003/2024.yaml `errata:`) or the issue's list it stands for. They
were not copied from the checker's output. The corrected sample must give no error and no warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import Report, audit, check
from generator.load import load
from tests.conftest import REPO, SEED

FIXTURE = Path(__file__).parent / "fixtures" / "seed_as_published"
UNIT_FILE = "data/units/103003/2024.yaml"
TEXT = "seed.txt"

# (rule code, line in the as-published YAML entry)
EXPECTED_DATA = [
    ("publish-20-days", 20),        # no approval date printed: the 20-day rule cannot be checked (note)
    ("text-typo", 25),              # 重点工作 1 "面加强网站新媒体管理" (全 missing)
    ("text-econ-item", 42),         # 一般行政管理事务 purpose "办公室设备购置": projects are 302, procurement 0
    ("text-econ-item", 45),         # 事业运行 purpose "印刷费": 表3-1 has no 30202
    ("text-share-unverifiable", 45),  # "绩效工资的 30%": all of 30107 is in this line
    ("t3-1-vs-t1-2-basic", 61),     # 表3-1 items add to 75.44, 表1-2 basic 75.45 (rounding)
    ("purpose-zero-amount", 92),    # 公务接待费 0 with a purpose
    ("purpose-zero-amount", 108),   # 政府采购 0, "主要用于采购办公设备"
    ("perf-project-name", 146),     # 表6 "…政务服务新媒体…" vs 表3-2 "…政务新媒体…"
    ("perf-other-project", 148),    # that row's goal and cost indicator describe the 门户网站 project
    ("perf-weight-total", 150),     # its weights add to 75
    ("perf-cost-indicator", 153),   # "门户网站…预算控制数 ≤ 5.6", 表3-2 10.00
    ("perf-goal", 161),             # 门户网站 row: goal cell empty
    ("perf-weight-total", 163),     # its weights add to 75
    ("perf-other-project", 163),    # its indicators describe 政务新媒体
    ("perf-cost-indicator", 166),   # "政府系统、政务新媒体…预算控制数 ≤ 10", 表3-2 5.60
    ("perf-project-amount", 175),   # 社会监督员: amount cell blank, 表3-2 5.00
    ("perf-goal", 176),             # 社会监督员: goal cell empty
    ("perf-weight-total", 178),     # 社会监督员 weights add to 95 (新媒体 row printed on its line)
    ("perf-other-project", 178),    # that first row is 政务新媒体's
    ("other-unit-wording", 210),    # 表7 task "全镇党支部"
    ("text-typo", 210),             # "本能强"
    ("text-amount", 220),           # 表7 goal 143.57 (the 2023 total) vs 133.05
    ("text-amount", 220),           # 公用经费 10.2 vs 9.00
    ("text-amount", 220),           # 人员类经费 75.77 vs 66.44
    ("text-quotes", 220),           # stray ” after 干成事。
    ("text-typo", 220),             # "本能强"
    ("perf-t7-vs-t6", 234),         # 表7 "= 100%" where 表6 has "≥ 100%" (4 rows, one note)
    ("perf-t7-vs-t6", 241),         # 表7 选聘监督员及时率 missing from 表6
    ("perf-t7-vs-t6", 252),         # 表7 提升政府网站的公信力… missing from 表6
    ("perf-weight-value", 256),     # 单位职工满意度 weight 0.5 (note)
    ("perf-cost-indicator", 259),   # 表7 门户网站 ≤ 5.6
    ("perf-cost-indicator", 260),   # 表7 政务新媒体 ≤ 10
    ("text-level", 268),            # "市级财政" on a 区级 site
    ("glossary-differs", 268),      # …one character from the site's definition (区 → 市)
    ("code-name", 271),             # "事务(款)行政运行(项)"
    ("other-unit-wording", 272),    # "局机关"
    ("code-name", 273),             # "事务(款)一般行政管理事务(项)"
    ("other-unit-wording", 274),    # "局机关"
    ("code-unused", 277),           # 职业年金: no such spending
    ("code-unused", 281),           # 行政单位医疗: no such spending
    ("other-unit-wording", 282),    # "局机关"
    ("code-unused", 285),           # 公务员医疗补助: no such spending
    ("other-unit-wording", 286),    # "局机关"
    ("glossary-differs", 296),      # 机关运行经费: "运行维护以及" (费 missing), 指 missing
    ("sum-total", 318),             # 表3-1 合计 75.45 vs 75.44 (rounding)
    ("sum-total", 319),             # 表3-1 人员经费 66.45 vs 66.44 (rounding)
    ("sum-total", 327),             # 表6 合计 57.60, printed amounts add to 52.60
]

# (rule code, line in the seed text)
EXPECTED_TEXT = [
    ("text-typo", 64),              # "面加强"
    ("unit-name", 76),              # "…服务中心办公室"
    ("unit-type", 76),              # "公益性事业单位"
    ("text-class-list", 88),        # 项 一般行政管理事务 listed among the 类
    ("text-unit", 92),              # "133.05 元"
    ("text-comparison", 108),       # 当年拨款 compared with 财政拨款收支总预算
    ("text-amount", 112),           # 卫生健康支出 2.78 (2.87)
    ("text-percent", 112),          # 2.09% (2.16%)
    ("text-percent", 112),          # 4.97% (4.90%)
    ("text-missing-item", 114),     # 2089999 (0.45) never described
    ("text-econ-item", 116),        # 印刷费
    ("text-share-unverifiable", 116),  # 绩效工资的 30%
    ("text-econ-item", 120),        # 办公室设备购置
    ("code-name", 122),             # 行政事业单位离退休（款）
    ("text-amount", 122),           # 8.26 (the 208 class total) for 2080505's 7.81
    ("text-amount", 130),           # 人员经费 66.45 against items adding to 66.44 (rounding)
    ("text-econ-item", 132),        # 公用经费 "公务接待费": none in 表3-1
    ("purpose-zero-amount", 136),   # "0 万元：主要用于"
    ("purpose-zero-amount", 142),   # 公务接待费 "计划用于"
    ("purpose-zero-amount", 162),   # 政府采购 0 "主要用于采购办公设备"
    ("text-amount", 170),           # "政府门户网站智能监测经费5.6万元" (10.00; 5.60 is 政务新媒体's)
    ("text-unit", 170),             # "57.6万"
    ("code-name", 176),             # 财政事务（款）事业运行
    ("code-name", 178),             # 财政事务（款）一般行政管理事务
    ("code-name", 180),             # 行政事业单位离退休（款）
    ("text-year", 190),             # "2021 年"
    ("unit-name", 329),             # 表3 "达州市达川区人民政府办公室本级"
    ("unit-code", 330),             # 表3 unit code 103 (6 rows)
    ("sum-total", 347),             # 表3-1 合计 75.45 / 66.45 vs 75.44 / 66.44 (rounding)
    ("empty-table-statement", 389),  # 表3-3
    ("empty-table-statement", 403),  # 表4
    ("empty-table-statement", 417),  # 表4-1
    ("empty-table-statement", 430),  # 表5
    ("unit-code", 465),             # 表6 "103-…本级"
    ("text-amount", 468),           # 表6 门户网站 ≤ 5.6 万元
    ("text-amount", 474),           # 表6 政务新媒体 ≤ 10 万元
    ("other-unit-wording", 510),    # 全镇
    ("text-typo", 510),             # 本能强
    ("text-amount", 516),           # 143.57
    ("text-amount", 516),           # 10.2
    ("text-amount", 516),           # 75.77
    ("text-quotes", 516),           # stray ”
    ("text-typo", 516),             # 本能强
    ("text-amount", 557),           # 表7 门户网站 ≤ 5.6
    ("text-amount", 558),           # 表7 政务新媒体 ≤ 10
    ("glossary-differs", 564),      # 市级 for 区级 (one character)
    ("text-level", 564),            # 市级财政
    ("code-name", 568),             # 事务（款）行政运行
    ("other-unit-wording", 568),    # 局机关
    ("code-name", 570),             # 事务（款）一般行政管理事务
    ("other-unit-wording", 570),    # 局机关
    ("code-unused", 574),           # 职业年金
    ("code-unused", 578),           # 行政单位医疗
    ("other-unit-wording", 578),    # 局机关
    ("code-unused", 582),           # 公务员医疗补助
    ("other-unit-wording", 582),    # 局机关
    ("glossary-differs", 594),      # 机关运行经费 "运行维护以及"
]


@pytest.fixture(scope="module")
def seed_report() -> Report:
    data = load(FIXTURE, cache=False)  # a fixture of the repository: no .cache/ written into it
    report = check(data)
    return audit(data, SEED, TEXT, report=report)


def _found(report: Report, file: str) -> list[tuple[str, int]]:
    return sorted((f.code, f.location.line or 0) for f in report if f.location.file == file)


def test_every_inconsistency_of_the_seed_entry_is_reported_where_it_is(seed_report: Report) -> None:
    assert _found(seed_report, UNIT_FILE) == sorted(EXPECTED_DATA)


def test_every_inconsistency_of_the_seed_text_is_reported_on_its_line(seed_report: Report) -> None:
    assert _found(seed_report, TEXT) == sorted(EXPECTED_TEXT)


def test_nothing_else_is_reported(seed_report: Report) -> None:
    assert {f.location.file for f in seed_report} == {UNIT_FILE, TEXT}


def test_the_seed_fails_the_check(seed_report: Report) -> None:
    assert seed_report.failed()
    assert len(seed_report.errors) > 60


def test_rounding_differences_are_warnings_and_real_ones_errors(seed_report: Report) -> None:
    by_line = {(f.code, f.location.line): f.severity.value for f in seed_report if f.location.file == UNIT_FILE}
    assert by_line[("sum-total", 319)] == "warning"   # 66.45 vs 66.44
    assert by_line[("sum-total", 327)] == "error"     # 57.60 vs 52.60
    assert by_line[("t3-1-vs-t1-2-basic", 61)] == "warning"


def test_messages_give_the_figures_and_the_phrase(seed_report: Report) -> None:
    health = next(f for f in seed_report if f.location == f.location.__class__(TEXT, 112) and f.code == "text-amount")
    assert "卫生健康支出2.78万元" in health.message and "2.87" in health.message
    assert dict(health.figures) == {"文字": "2.78", "数据": "2.87"}
    goal = [f for f in seed_report if f.code == "text-amount" and f.location.line == 220]
    assert any("与上年财政拨款收支总预算相同" in f.hint for f in goal)  # 143.57 is last year's total


def test_the_corrected_sample_has_no_error_and_no_warning() -> None:
    report = check(load(REPO))
    assert report.errors == [] and report.warnings == []
    assert [(f.code, f.location.line) for f in report.notes] == [
        ("publish-20-days", 24),     # no approval date in the seed: the 20-day rule cannot be checked
        ("perf-t7-vs-t6", 288),      # 表7 writes "= 100%" where 表6 writes "≥ 100%" (same meaning)
        ("perf-weight-value", 308),  # 单位职工满意度 weight 0.5, kept as published
    ]
