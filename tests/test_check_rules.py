"""Every rule, specified by examples: a small consistent disclosure (tests/fixtures/check_minimal)
broken in one place must give exactly the findings listed, each on the line of the YAML it names;
a passing variant next to it must give none.

Each case edits the YAML text with regular expressions (each must match exactly once) and names
each expected finding by its rule code and a pattern that finds its line in the edited file.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.check import RULES, DistrictRule, check
from generator.load import load
from tests.conftest import REPO

MINIMAL = Path(__file__).parent / "fixtures" / "check_minimal"
UNIT = "data/units/100001/2024.yaml"


@dataclass(frozen=True)
class Case:
    rule: str                                  # the rule this case specifies
    edits: tuple[tuple[str, str], ...]         # (regex, replacement), each matching exactly once
    expect: tuple[tuple[str, str], ...] = ()   # (code, regex of its line in the edited file); () passes
    severity: str = ""                         # severity of the first expected finding, when it matters
    files: tuple[tuple[str, str], ...] = ()    # other files to write: (path under the project, content)

    @property
    def passes(self) -> bool:
        return not self.expect


def fail(rule: str, *edits: tuple[str, str], expect: tuple[tuple[str, str], ...] = (), severity: str = "") -> Case:
    return Case(rule, edits, expect or ((rule, re.escape(edits[-1][1].strip().splitlines()[-1])),), severity)


def ok(rule: str, *edits: tuple[str, str], files: tuple[tuple[str, str], ...] = ()) -> Case:
    return Case(rule, edits, files=files)


def stated(row: str, column: str, amount: str, table: str = "表3-1") -> tuple[str, str]:
    return (r"\Z", f"stated_totals:\n  - {{table: {table}, row: {row}, column: {column}, amount: {amount}}}\n")


TEXT = r"text: 全年完成示例任务。"
DUTIES = r"duties: 负责全区示例工作。"

CASES: dict[str, Case] = {
    # ---- 合计与尾差
    "sum-total-error": fail("sum-total", stated("合计", "合计", "10.05"), severity="error"),
    "sum-total-rounding": fail("sum-total", stated("合计", "人员经费", "8.01"), severity="warning"),
    "sum-total-ok": ok("sum-total", stated("302 商品和服务支出", "公用经费", "2.00")),
    "stated-total-unknown": fail("stated-total-unknown", stated("合计", "人员", "8.00")),
    "stated-total-unknown-table": fail("stated-total-unknown", stated("合计", "合计", "8.00", table="表9")),
    "income-equals-spending": fail("income-equals-spending", (r"\Z", "stated_totals:\n"
                                   "  - {table: 表1, row: 收入总计, column: 预算数, amount: 15.00}\n"
                                   "  - {table: 表1, row: 支出总计, column: 预算数, amount: 15.10}\n"),
                                   expect=(("sum-total", r"amount: 15\.10"),
                                           ("income-equals-spending", r"amount: 15\.10"))),
    "income-equals-spending-ok": ok("income-equals-spending", (r"\Z", "stated_totals:\n"
                                    "  - {table: 表1, row: 收入总计, column: 预算数, amount: 15.00}\n"
                                    "  - {table: 表1, row: 支出总计, column: 预算数, amount: 15.00}\n")),
    # ---- 表间勾稽关系
    "t3-1-vs-t1-2-basic": fail("t3-1-vs-t1-2-basic", (r'"30201", amount: 2\.00', '"30201", amount: 2.50'),
                               expect=(("t3-1-vs-t1-2-basic", r'"30101"'),), severity="error"),
    "t3-1-vs-t1-2-basic-rounding": fail("t3-1-vs-t1-2-basic", (r'"30201", amount: 2\.00', '"30201", amount: 2.01'),
                                        expect=(("t3-1-vs-t1-2-basic", r'"30101"'),), severity="warning"),
    "t3-1-vs-t1-2-basic-ok": ok("t3-1-vs-t1-2-basic", (r'"30201", amount: 2\.00', '"30201", amount: 1.50'),
                                (r'"30101", amount: 7\.00', '"30101", amount: 7.50')),
    "t3-vs-t3-2-project": fail("t3-vs-t3-2-project", (r"name: 2024年示例宣传项目, function: \"2010302\"",
                                                      'name: 2024年示例宣传项目, function: "2010301"'),
                               expect=(("t3-vs-t3-2-project", r"project: 5\.00"),
                                       ("t3-vs-t3-2-project", r'function: "2010301"'))),
    "t7-funding-error": fail("t7-funding", (r"basic_fiscal: 100000\.00", "basic_fiscal: 101000.00"), severity="error",
                             expect=(("t7-funding", "basic_fiscal"),)),
    "t7-funding-rounding": fail("t7-funding", (r"basic_fiscal: 100000\.00", "basic_fiscal: 100060.00"),
                                severity="warning", expect=(("t7-funding", "basic_fiscal"),)),
    "t7-funding-ok": ok("t7-funding", (r"basic_fiscal: 100000\.00", "basic_fiscal: 100049.99")),
    "three-public-vs-econ": fail("three-public-vs-econ", (r'"30201", amount: 2\.00',
                                                          '"30201", amount: 1.00}\n  - {code: "30217", amount: 1.00'),
                                 expect=(("three-public-vs-econ", r"three_public:"),)),
    "three-public-vs-econ-ok": ok("three-public-vs-econ", (r'"30201", amount: 2\.00',
                                                           '"30201", amount: 1.00}\n  - {code: "30217", amount: 1.00'),
                                  (r"three_public: \{reception: 0\}", "three_public: {reception: 1.00}")),
    "line-consistency": fail("line-consistency", (r"    basic: 9\.00", "    basic: 9.00\n    carryover: 9.50")),
    "line-consistency-ok": ok("line-consistency", (r"    basic: 9\.00", "    basic: 9.00\n    carryover: 9.00")),
    "operating-costs": fail("operating-costs", (r"type: 公益一类事业单位", "type: 行政单位"),
                            expect=(("operating-costs", r"operating_costs:"),)),
    "operating-costs-ok": ok("operating-costs", (r"type: 公益一类事业单位", "type: 行政单位"),
                             (r"operating_costs: \{note: .*\}", "operating_costs: {amount: 1.00}")),
    "empty-table-statement": fail("empty-table-statement", (r"three_public: \{reception: 0\}",
                                  "three_public: {reception: 1.00}\n"
                                  "empty_statements: {t3_3: 本单位无三公经费，故本表为空表。}")),
    "empty-table-statement-ok": ok("empty-table-statement", (r"three_public: \{reception: 0\}",
                                   "three_public: {reception: 0}\n"
                                   "empty_statements: {t3_3: 本单位无“三公”经费，故本表为空表。}")),
    "econ-function-pair": fail("econ-function-pair", (r"    basic: 9\.00", "    basic: 8.90"),
                               (r"    basic: 1\.00", "    basic: 1.10"),
                               expect=(("econ-function-pair", r'"30113"'),)),
    "econ-function-pair-ok": ok("econ-function-pair", (r"    basic: 9\.00", "    basic: 8.90"),
                                (r"    basic: 1\.00", "    basic: 1.10"),
                                (r'"30113", amount: 1\.00', '"30113", amount: 1.10'),
                                (r'"30101", amount: 7\.00', '"30101", amount: 6.90')),
    # ---- 绩效目标
    "perf-project-name": fail("perf-project-name", (r"project: 2024年示例宣传项目", "project: 2024年示例宣传活动项目")),
    "perf-project-missing": fail("perf-project-name",
                                 (r"  - project: 2024年示例宣传项目\n(    .*\n)+?(?=\nunit_performance)", ""),
                                 (r"    - \{level1: 产出指标, level2: 质量指标, name: 宣传资料合格率.*\n", ""),
                                 expect=(("perf-project-name", r"name: 2024年示例宣传项目"),), severity="warning"),
    "perf-project-amount": fail("perf-project-amount", (r"  - project: 2024年示例宣传项目",
                                                        "  - project: 2024年示例宣传项目\n    amount: 2.50"),
                                expect=(("perf-project-amount", r"amount: 2\.50"),)),
    "perf-project-amount-ok": ok("perf-project-amount", (r"  - project: 2024年示例宣传项目",
                                                         "  - project: 2024年示例宣传项目\n    amount: 2.00")),
    "perf-goal-missing": fail("perf-goal", (r"goal: 2024年示例宣传项目共需资金2万元，用于宣传示例工作。",
                                            "goal: 2024年示例宣传项目")),
    "perf-goal-amount": fail("perf-goal", (r"goal: 2024年示例宣传项目共需资金2万元，用于宣传示例工作。",
                                           "goal: 2024年示例宣传项目用于宣传示例工作，共需资金2.5万元。"),
                             expect=(("perf-goal", r"共需资金2\.5万元"),)),
    "perf-goal-amount-named": fail("perf-goal", (r"宣传项目共需资金2万元", "宣传项目共需资金2.5万元"),
                                   expect=(("text-amount", r"共需资金2\.5万元"),)),  # names the project: 表3-2's amount
    "perf-other-project": fail("perf-other-project", (r"name: 示例业务成效", "name: 2024年示例宣传项目成效"),
                               expect=(("perf-other-project", r"name: 2024年示例宣传项目成效"),)),
    "perf-indicator-row-value": fail("perf-indicator-row", (r'name: 宣传活动次数, nature: "≥", value: "4"',
                                                            'name: 宣传活动次数, nature: "≥", value: "较多"'),
                                     expect=(("perf-indicator-row", r'value: "较多"'),)),
    "perf-indicator-row-grade": fail("perf-indicator-row", (r"value: 优", 'value: "100"'),
                                     expect=(("perf-indicator-row", r'name: 示例业务成效'),)),
    "perf-indicator-row-unit": fail("perf-indicator-row", (r'value: "10", unit: 件, weight: 40\}\n      ',
                                                           'value: "10", weight: 40}\n      '),
                                    expect=(("perf-indicator-row",
                                             r'name: 完成示例业务件数, nature: "≥", value: "10", weight'),
                                            ("perf-t7-vs-t6",
                                             r'name: 完成示例业务件数, nature: "≥", value: "10", unit'))),
    "perf-weight-total": fail("perf-weight-total", (r"name: 示例业务成效, nature: 定性, value: 优, weight: 20",
                                                    "name: 示例业务成效, nature: 定性, value: 优, weight: 15"),
                              expect=(("perf-weight-total",
                                       r"name: 完成示例业务件数.*weight: 40\}\n      - \{level1: 效益"),)),
    "perf-weight-total-mixed": fail("perf-weight-total",
                                    (r"name: 宣传活动次数, nature: \"≥\", value: \"4\", unit: 次, weight: 40",
                                     'name: 宣传活动次数, nature: "≥", value: "4", unit: 次, weight: 50'),
                                    expect=(("perf-weight-total", r"name: 宣传活动次数"),), severity="warning"),
    "perf-weight-value": fail("perf-weight-value",
                              (r'(name: 宣传资料合格率.*\})\n\nglossary',
                               '\\1\n    - {level1: 满意度指标, level2: 满意度指标, name: 单位职工满意度, '
                               'nature: "≥", value: "90", unit: "%", weight: 0.5}\n\nglossary'),
                              expect=(("perf-weight-value", r"单位职工满意度"),), severity="note"),
    "perf-cost-indicator": fail("perf-cost-indicator", (r'业务项目预算控制数, nature: "≤", value: "3"',
                                                        '业务项目预算控制数, nature: "≤", value: "3.5"')),
    "perf-t7-vs-t6": fail("perf-t7-vs-t6",
                          (r'name: 宣传资料合格率, nature: "=", value: "100", unit: "%", weight: 20\}\n\n',
                           'name: 宣传资料合格率, nature: "=", value: "98", unit: "%", weight: 20}\n\n')),
    "perf-t7-vs-t6-style": fail("perf-t7-vs-t6",
                                (r'name: 宣传资料合格率, nature: "=", value: "100", unit: "%", weight: 20\}\n\n',
                                 'name: 宣传资料合格率, nature: "≥", value: "100", unit: "%", weight: 20}\n\n'),
                                severity="note"),
    "perf-t7-vs-t6-unmatched": fail("perf-t7-vs-t6",
                                    (r'(name: 宣传资料合格率.*\})\n\nglossary',
                                     '\\1\n    - {level1: 效益指标, level2: 社会效益指标, name: 示例工作影响力, '
                                     'nature: 定性, value: 优, weight: 10}\n\nglossary'),
                                    expect=(("perf-t7-vs-t6", r"示例工作影响力"),), severity="warning"),
    # ---- 分类科目编码
    "code-unknown": fail("code-unknown", (r"  - code: \"2210201\"", '  - code: "2019999"\n  - code: "2210201"'),
                         expect=(("code-unknown", r'code: "2019999"'),)),
    "code-unknown-econ": fail("code-unknown", (r'"30201", amount: 2\.00', '"30298", amount: 2.00'),
                              expect=(("code-unknown", r'"30298"'), ("text-econ-item", r"包括基本工资和办公费"))),
    "code-unknown-length": fail("code-unknown", (r'econ: "302", amount: 3\.00', 'econ: "3021", amount: 3.00')),
    "code-name": fail("code-name", (r'  - code: "2010350"\n', '  - code: "2010350"\n    name: 事业运营\n'),
                      expect=(("code-name", r"name: 事业运营"),)),
    "code-name-path": fail("code-name", (r"term: 一般公共服务（类）政府办公厅（室）及相关机构事务（款）",
                                         "term: 一般公共服务（类）财政事务（款）"),
                           expect=(("code-name", r"term: 一般公共服务（类）财政事务"),)),
    "code-name-ok": ok("code-name", (r'  - code: "2010350"\n', '  - code: "2010350"\n    name: 事业运行\n')),
    "code-unused": fail("code-unused", (r"term: 一般公共服务（类）政府办公厅（室）及相关机构事务（款）事业运行（项）",
                                        "term: 一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"),
                        expect=(("code-unused", r"行政运行（项）"),)),
    # ---- 单位、年度与层级
    "text-year": fail("text-year", (TEXT, "text: 2021年完成示例任务。"), expect=(("text-year", "2021年"),)),
    "text-year-ok": ok("text-year", (TEXT, "text: 比2023年多完成示例任务。")),
    "text-level": fail("text-level", (TEXT, "text: 经费由市级财政当年拨付。"), expect=(("text-level", "市级财政"),)),
    "text-level-ok": ok("text-level", (TEXT, "text: 经费由区级财政当年拨付。")),
    "unit-name": fail("unit-name", (DUTIES, "duties: 达州市达川区示例服务中心办公室负责全区示例工作。"),
                      expect=(("unit-name", "办公室"),)),
    "unit-name-other": fail("unit-name", (DUTIES, "duties: 负责全区示例工作（达州市达川区示范服务中心本级）。"),
                            expect=(("unit-name", "本级"),)),
    "unit-name-ok": ok("unit-name", (DUTIES, "duties: 达州市达川区示例服务中心本级负责全区示例工作。")),
    "unit-code": fail("unit-code", (DUTIES, "duties: 100002-达州市达川区示例服务中心负责全区示例工作。"),
                      expect=(("unit-code", "100002"),)),
    "unit-code-ok": ok("unit-code", (DUTIES, "duties: 100001-达州市达川区示例服务中心负责全区示例工作。")),
    "unit-type": fail("unit-type", (DUTIES, "duties: 单位性质为公益二类事业单位，负责全区示例工作。"),
                      expect=(("unit-type", "公益二类"),)),
    "unit-type-level": fail("unit-type", (DUTIES, "duties: 本单位为二级预算单位，负责全区示例工作。"),
                            expect=(("unit-type", "二级"),)),
    "unit-type-ok": ok("unit-type", (DUTIES, "duties: 单位性质为公益一类事业单位，为一级预算单位。")),
    # ---- 文字与数据一致
    "text-amount": fail("text-amount", (r"财政预算资金15\.00万元", "财政预算资金15.50万元"),
                        expect=(("text-amount", "15.50"),), severity="error"),
    "text-amount-rounding": fail("text-amount", (r"财政预算资金15\.00万元", "财政预算资金15.01万元"),
                                 expect=(("text-amount", "15.01"),), severity="warning"),
    "text-amount-change": fail("text-amount", (TEXT, "text: 收支总预算15.00万元，比2023年收支总预算增加2.00万元。"),
                               expect=(("text-amount", "增加2.00"),)),
    "text-amount-ok": ok("text-amount",
                         (TEXT, "text: 收支总预算15.00万元，比2023年收支总预算增加1.00万元；公用经费2万元。")),
    "text-percent": fail("text-percent", (TEXT, "text: 基本支出10.00万元，占60.00%。"),
                         expect=(("text-percent", "60.00"),)),
    "text-percent-ok": ok("text-percent", (TEXT, "text: 基本支出10.00万元，占66.67%；项目支出5.00万元，占33.33%。")),
    "text-share-unverifiable": fail("text-share-unverifiable", (r"包括基本工资和办公费", "包括基本工资的30%和办公费"),
                                    expect=(("text-share-unverifiable", "基本工资的30%"),)),
    "text-unit": fail("text-unit", (r"财政预算资金15\.00万元", "财政预算资金15.00元"),
                      expect=(("text-unit", "15.00元"),)),
    "text-unit-wan": fail("text-unit", (r"财政预算资金15\.00万元", "财政预算资金15万"),
                          expect=(("text-unit", "15万"),), severity="warning"),
    "text-comparison": fail("text-comparison",
                            (TEXT, "text: 一般公共预算当年拨款15.00万元，比2023年收支总预算增加1.00万元。"),
                            expect=(("text-comparison", "当年拨款"),)),
    "text-comparison-ok": ok("text-comparison",
                             (TEXT, "text: 一般公共预算当年拨款15.00万元，比2023年一般公共预算当年拨款增加1.00万元。")),
    "text-count": fail("text-count", (TEXT, "text: 编制5人，在职人员5人。"), expect=(("text-count", "在职人员5人"),)),
    "text-count-ok": ok("text-count", (TEXT, "text: 编制5人，在职人员4人，退休人员0人。")),
    "text-class-list": fail("text-class-list", (TEXT, "text: 支出包括：一般公共服务支出、卫生健康支出。"),
                            expect=(("text-class-list", "支出包括"), ("text-class-list", "支出包括"))),
    "text-class-list-ok": ok("text-class-list",
                             (TEXT, "text: 支出包括：一般公共服务支出14.00万元、住房保障支出1.00万元。")),
    # ---- 用途说明
    "purpose-zero-amount": fail("purpose-zero-amount", (r"procurement: \{goods: 0\}",
                                                        "procurement: {goods: 0, purpose: 采购办公设备}")),
    "purpose-zero-amount-text": fail("purpose-zero-amount",
                                     (TEXT, "text: 安排政府采购预算0万元，主要用于采购办公设备。"),
                                     expect=(("purpose-zero-amount", "主要用于采购"),)),
    "purpose-zero-amount-ok": ok("purpose-zero-amount", (r"procurement: \{goods: 0\}",
                                                         "procurement: {goods: 1.00, purpose: 采购办公设备}")),
    "text-econ-item": fail("text-econ-item", (r"包括基本工资和办公费", "包括基本工资和印刷费"),
                           expect=(("text-econ-item", "基本工资和印刷费"),)),
    "text-econ-item-project": fail("text-econ-item", (r"包括印刷费等商品和服务支出", "包括印刷费、设备购置等支出"),
                                   expect=(("text-econ-item", "设备购置"),)),
    "text-econ-item-ok": ok("text-econ-item", (r"包括印刷费等商品和服务支出", "包括印刷费、邮电费、差旅费等支出")),
    # ---- 措辞与模板残留
    "template-residue": fail("template-residue", (r"共需资金3万元", "共需资金XX万元"),
                             expect=(("template-residue", "XX"),)),
    "template-residue-braces": fail("template-residue", (DUTIES, "duties: 负责{单位名称}的示例工作。"),
                                    expect=(("template-residue", "单位名称"),)),
    "template-residue-ok": ok("template-residue", (DUTIES, "duties: 负责全区示例工作（XXL 号码除外）。")),
    "other-unit-wording": fail("other-unit-wording", (TEXT, "text: 完成全镇示例任务。"),
                               expect=(("other-unit-wording", "全镇"),)),
    "other-unit-wording-ok": ok("other-unit-wording", (TEXT, "text: 完成全区示例任务。")),
    "text-typo": fail("text-typo", (TEXT, "text: 培养思想好、本能强的干部。"),
                      expect=(("text-typo", "本能强"),), severity="warning"),
    "text-quotes": fail("text-quotes", (TEXT, "text: 开展“示例活动。"), expect=(("text-quotes", "示例活动"),)),
    "text-quotes-ok": ok("text-quotes", (TEXT, "text: 开展“示例”活动（全年）。")),
    "glossary-differs": fail("glossary-differs", (r"\Z", "  - term: 基本支出\n    definition: 指为保证机构正常运转，"
                                                         "完成日常工作而发生的人员支出和公用支出。\n"),
                             expect=(("glossary-differs", "完成日常工作而"),)),
    "glossary-differs-ok": ok("glossary-differs", (r"\Z", "  - term: 基本支出\n    definition: 指为保证机构正常运转，"
                                                          "完成日常工作任务而发生的人员支出和公用支出。\n")),
    # ---- 公开时间
    "publish-20-days": fail("publish-20-days", (r"approved_on: 2024-03-01", "approved_on: 2024-02-01"),
                            (r"published_on: 2024-03-15", "published_on: 2024-02-22"),
                            expect=(("publish-20-days", "published_on"),)),
    "publish-20-days-ok": ok("publish-20-days", (r"approved_on: 2024-03-01", "approved_on: 2024-02-01"),
                             (r"published_on: 2024-03-15", "published_on: 2024-02-21")),
    "publish-before-approval": fail("publish-20-days", (r"published_on: 2024-03-15", "published_on: 2024-02-28"),
                                    expect=(("publish-20-days", "published_on"),)),
    "publish-unknown-approval": fail("publish-20-days", (r"approved_on: 2024-03-01\n", ""),
                                     expect=(("publish-20-days", "published_on"),), severity="note"),
    "date-year": fail("date-year", (r"as_of: 2023-12-31", "as_of: 2013-12-31"), expect=(("date-year", "as_of"),)),
    "date-year-ok": ok("date-year", (TEXT, "text: 截至2023年12月31日完成示例任务。")),
}

# Passing variants of the rules whose failing cases above change something the minimal disclosure
# does not hold: each is the nearest correct version of its failing case.
CASES.update({
    "stated-total-unknown-ok": ok("stated-total-unknown", stated("合计", "人员经费", "8.00")),
    "t3-vs-t3-2-project-ok": ok("t3-vs-t3-2-project",
                                (r"name: 2024年示例宣传项目, function: \"2010302\"",
                                 'name: 2024年示例宣传项目, function: "2010301"'),
                                (r"    project: 5\.00\n", "    project: 3.00\n"),
                                (r"  - code: \"2210201\"",
                                 '  - code: "2010301"\n    project: 2.00\n  - code: "2210201"')),
    "perf-project-name-ok": ok("perf-project-name", (r"name: 2024年示例宣传项目,", "name: 2024年示例宣传活动项目,"),
                               (r"project: 2024年示例宣传项目", "project: 2024年示例宣传活动项目")),
    "perf-goal-ok": ok("perf-goal", (r"goal: 2024年示例宣传项目共需资金2万元，用于宣传示例工作。",
                                     "goal: 2024年示例宣传项目用于宣传示例工作，共需资金2万元。")),
    "perf-other-project-ok": ok("perf-other-project", (r"name: 示例业务成效", "name: 2024年示例业务项目成效")),
    "perf-indicator-row-ok": ok("perf-indicator-row", (r"value: 优", "value: 良")),
    "perf-weight-total-ok": ok("perf-weight-total", (r"name: 示例业务成效, nature: 定性, value: 优, weight: 20",
                                                     "name: 示例业务成效, nature: 定性, value: 优, weight: 30"),
                               (r'name: 宣传活动次数, nature: "≥", value: "4", unit: 次, weight: 40',
                                'name: 宣传活动次数, nature: "≥", value: "4", unit: 次, weight: 50')),
    "perf-weight-value-ok": ok("perf-weight-value",
                               (r'(name: 宣传资料合格率.*\})\n\nglossary',
                                '\\1\n    - {level1: 满意度指标, level2: 满意度指标, name: 单位职工满意度, '
                                'nature: "≥", value: "90", unit: "%", weight: 1}\n\nglossary')),
    "perf-cost-indicator-ok": ok("perf-cost-indicator", (r'业务项目预算控制数, nature: "≤", value: "3"',
                                                         '业务项目预算控制数, nature: "≤", value: "3.00"')),
    "perf-t7-vs-t6-ok": ok("perf-t7-vs-t6",
                           (r'(name: 宣传资料合格率.*\})\n\nglossary',
                            '\\1\n    - {level1: 效益指标, level2: 社会效益指标, name: 示例业务成效, '
                            'nature: 定性, value: 优, weight: 20}\n\nglossary')),
    "code-unknown-ok": ok("code-unknown", (r"  - code: \"2210201\"", '  - code: "2019999"\n  - code: "2210201"'),
                          files=(("data/codes/local.yaml",
                                  'scheme: function\nentries:\n'
                                  '  - {code: "2019999", name: "其他一般公共服务支出", source: "本地补充（测试）"}\n'
                                  '  - {code: "20199", name: "其他一般公共服务支出", source: "本地补充（测试）"}\n'),)),
    "code-unused-ok": ok("code-unused", (r"\Z", "  - term: 住房保障（类）住房改革支出（款）住房公积金（项）\n"
                                                "    definition: 指单位及其在职职工缴存的长期住房储金。\n")),
    "code-name-prose": fail("code-name", (TEXT, "text: 2210201 住房补贴按时发放。"),
                            expect=(("code-name", "2210201"),)),
    "code-name-prose-ok": ok("code-name", (TEXT, "text: 2210201 住房公积金按时缴存。")),
    "text-share-unverifiable-ok": ok("text-share-unverifiable", (r"包括基本工资和办公费",
                                                                 "包括基本工资（全年100%保障）和办公费")),
    "text-unit-ok": ok("text-unit", (r"财政预算资金15\.00万元", "财政预算资金150000.00元")),
    "text-typo-ok": ok("text-typo", (TEXT, "text: 培养思想好、本领强的干部。")),
})

# Departments with subordinate units, projects with parts, 表6 subsets and successive years.
SUBS = (r"type: 公益一类事业单位\n", "type: 公益一类事业单位\n  subordinates:\n"
        "    - {code: \"100002\", name: 示例分中心甲, type: 公益一类事业单位}\n"
        "    - {code: \"100003\", name: 示例分中心乙, type: 公益一类事业单位}\n")
PUBLICITY = r'name: 2024年示例宣传项目, function: "2010302", econ: "302", amount: 2\.00\}'
BUSINESS = r'\{name: 2024年示例业务项目, function: "2010302", econ: "302", amount: 3\.00\}'
COVERAGE = r"procurement: \{goods: 0\}\n"
LAST_YEAR = ("data/units/100001/2023.yaml", """\
unit: {code: "100001", name: 达州市达川区示例服务中心, short_name: 区示例中心, type: 公益一类事业单位}
year: 2023
approved_on: 2023-03-01
published_on: 2023-03-15
overview:
  duties: 负责全区示例工作。
  key_work: [{title: 做好示例工作, text: 全年完成示例任务。}]
  staffing: {authorized: 5, active: 4}
spending:
  - {code: "2010350", basic: %s}
basic_econ:
  - {code: "30101", amount: %s}
  - {code: "30201", amount: 2.00}
operating_costs: {note: 属事业单位，无机关运行经费}
""")
PUBLICITY_AT = 'name: 2024年示例宣传项目, function: "2010302", econ: "302", amount: 2.00, unit: "%s"}'
PARTS = ('{name: 2024年示例业务项目, function: "2010302", amount: 3.00, '
         'parts: [{econ: "30227", amount: 2.00}, {econ: "30202", amount: %s}]}')
ADMIN = (r"type: 公益一类事业单位", "type: 行政单位")
OPERATING = r"operating_costs: \{note: .*\}"


def coverage(projects: int, amount: str) -> tuple[str, str]:
    return COVERAGE, f"procurement: {{goods: 0}}\nperformance_coverage: {{projects: {projects}, amount: {amount}}}\n"


CASES.update({
    "unit-unknown": fail("unit-unknown", (PUBLICITY, PUBLICITY_AT % "100009"),
                         expect=(("unit-unknown", r'unit: "100009"'), ("t3-vs-t3-2-project", r'unit: "100009"'),
                                 ("t3-vs-t3-2-project", r"project: 5\.00"))),
    "unit-unknown-ok": ok("unit-unknown", (PUBLICITY, PUBLICITY_AT % "100001")),
    "unit-duplicate": fail("unit-duplicate", (SUBS[0], SUBS[1].replace("100003", "100002")),
                           expect=(("unit-duplicate", "示例分中心乙"),)),
    "unit-duplicate-ok": ok("unit-duplicate", SUBS),
    "project-parts-sum": fail("project-parts-sum", (BUSINESS, PARTS % "1.50"),
                              expect=(("project-parts-sum", "parts"), ("t3-vs-t3-2-project", r"project: 5\.00"))),
    "project-parts-sum-ok": ok("project-parts-sum", (BUSINESS, PARTS % "1.00")),
    "operating-costs-vs-public": fail("operating-costs-vs-public", ADMIN,
                                      (OPERATING, "operating_costs: {amount: 7.01}"), severity="warning"),
    "operating-costs-vs-public-ok": ok("operating-costs-vs-public", ADMIN,
                                       (OPERATING, "operating_costs: {amount: 7.00}")),
    "previous-year-vs-data": Case("previous-year-vs-data", (), (("previous-year-vs-data", "previous_year:"),) * 3,
                                  "warning", ((LAST_YEAR[0], LAST_YEAR[1] % ("12.00", "10.00")),)),
    "previous-year-vs-data-ok": ok("previous-year-vs-data",
                                   files=((LAST_YEAR[0], LAST_YEAR[1] % ("14.00", "12.00")),)),
    "perf-coverage": fail("perf-coverage", coverage(1, "3.00"),
                          expect=(("perf-coverage", "performance_coverage"),) * 2),
    "perf-coverage-ok": ok("perf-coverage", coverage(2, "5.00")),
    "perf-project-subset-ok": ok("perf-project-name", *CASES["perf-project-missing"].edits, coverage(2, "5.00")),
})


def project(tmp: Path, case: Case) -> tuple[Path, str]:
    root = tmp / "project"
    shutil.copytree(MINIMAL / "data", root / "data")
    shutil.copytree(REPO / "data" / "codes", root / "data" / "codes")
    for rel, content in case.files:
        (root / rel).write_text(content, encoding="utf-8")
    path = root / UNIT
    text = path.read_text(encoding="utf-8")
    for pattern, repl in case.edits:
        text, n = re.subn(pattern, repl, text, flags=re.M)
        assert n == 1, f"{pattern!r} matched {n} times in the minimal disclosure"
    path.write_text(text, encoding="utf-8")
    return root, text


def line_of(text: str, pattern: str) -> int:
    m = re.search(pattern, text, flags=re.M)
    assert m, f"{pattern!r} not in the edited file"
    return text.count("\n", 0, m.start()) + 1


@pytest.mark.parametrize("name", list(CASES))
def test_rule_case(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    root, text = project(tmp_path, case)

    report = check(load(root))

    found = sorted((f.code, f.location.line) for f in report)
    assert found == sorted((code, line_of(text, where)) for code, where in case.expect)
    assert all(f.location.file == UNIT for f in report)
    if case.severity:
        first = next(f for f in report if f.code == case.expect[0][0])
        assert first.severity.value == case.severity


def test_the_minimal_disclosure_passes_every_rule() -> None:
    report = check(load_minimal())
    assert list(report) == []


def load_minimal() -> object:
    return load(MINIMAL) if (MINIMAL / "data" / "codes").exists() else _with_codes()


def _with_codes() -> object:
    import tempfile
    tmp = Path(tempfile.mkdtemp())
    root, _ = project(tmp, Case("", ()))
    try:
        return load(root)
    finally:
        shutil.rmtree(tmp)


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    # A district rule compares two computations of the same data, so no YAML can make it fail:
    # tests/test_history.py feeds it a corrupted view or overview instead.
    codes = {r.code for r in RULES if not r.audit_only and not isinstance(r, DistrictRule)}
    failing = {c.rule for c in CASES.values() if not c.passes}
    passing = {c.rule for c in CASES.values() if c.passes}
    assert codes - failing == set(), "add a failing case for these rules"
    assert codes - passing == set(), "add a passing case for these rules"
