"""1,000 random well-formed disclosures, built from the model's dataclasses: the checker returns
findings and never raises. A second property does the same for random published texts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import audit_text, check
from generator.check.textfile import parse
from generator.load import Dataset, Entry, Source, load
from generator.model import (
    Assets,
    Disclosure,
    EconLine,
    EmptyStatements,
    Funding,
    Glossary,
    Indicator,
    KeyWork,
    OperatingCosts,
    Overview,
    PreviousYear,
    Procurement,
    Project,
    ProjectPerformance,
    SpendingLine,
    Staffing,
    StatedTotal,
    SubUnit,
    Task,
    Term,
    ThreePublic,
    ThreePublicPurposes,
    Unit,
    UnitPerformance,
)
from tests.conftest import REPO

SAMPLE = load(REPO)
CATALOGUE = SAMPLE.catalogue
FUNCTION = [*sorted(c for c in CATALOGUE["function"] if len(c) == 7), "2019999"]
ECON = [*sorted(c for c in CATALOGUE["dept_econ"] if len(c) == 5), "39999"]
FUNDS = ("一般公共预算", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
         "事业收入", "其他收入")
FRAGMENTS = ("收支总预算", "基本支出", "人员经费", "公用经费", "占", "%", "万元", "元", "万", "比2023年", "增加",
             "减少", "一般公共服务（类）", "政府办公厅（室）及相关机构事务（款）", "事业运行（项）", "（项）",
             "主要用于", "2021年", "达州市达川区", "信息公开服务中心", "办公室", "本级", "市级财政拨付", "全镇",
             "局机关", "XX", "{", "}", "“", "”", "（", "）", "\t", "表3-1", "合 计", "单位性质为", "编制", "人", "项目",
             "预算控制数", "的", "。", "，", "；")

amounts = st.integers(min_value=0, max_value=10**8).map(lambda c: Decimal(c).scaleb(-2))
digits = st.integers(min_value=0, max_value=999).map(str)
words = st.lists(st.one_of(st.sampled_from(FRAGMENTS), digits, amounts.map(str),
                           st.text(alphabet="达川区预算资金项目支出元万%（）()“”，。.0123456789", max_size=6)),
                 max_size=12).map("".join)
name = st.sampled_from(("2024年政府门户网站智能监测经费项目", "2024年政务公开专区建设项目",
                        "2024年政府系统政务新媒体智能监测经费项目"))


# Single-line texts for the model's text fields: drawn from a fixed pool (cheap to generate) of
# fragment combinations that exercise every text rule, plus short free text.
POOL = tuple(sorted({"".join(FRAGMENTS[(i * k + j) % len(FRAGMENTS)] for j in range(k)).replace("\t", " ")
                     for i in range(len(FRAGMENTS)) for k in (1, 2, 3, 5, 8)}))
text1 = st.one_of(st.sampled_from(POOL), st.text(alphabet="达川区预算资金项目支出元万%（）“”，。.0123456789{}X",
                                                  min_size=1, max_size=8))
paragraphs = st.lists(text1, min_size=1, max_size=3).map(tuple)

indicators = st.builds(
    Indicator, level1=st.sampled_from(("产出指标", "效益指标", "满意度指标", "成本指标")), level2=text1,
    name=st.one_of(name, text1), nature=st.sampled_from(("=", "≥", "≤", ">", "<", "定性")),
    value=st.one_of(digits, st.sampled_from(("优", "良", "5.6"))),
    unit=st.one_of(st.none(), st.sampled_from(("%", "万元", "个"))),
    weight=st.integers(min_value=0, max_value=4000).map(lambda c: Decimal(c).scaleb(-2)))
projects = st.builds(Project, name=st.one_of(name, text1), function=st.sampled_from(FUNCTION), amount=amounts,
                     fund=st.sampled_from(FUNDS),
                     econ=st.one_of(st.none(), st.sampled_from(("302", "310", "3021", "30201"))),
                     unit=st.one_of(st.none(), st.just("900001")))
three_public = st.builds(ThreePublic, abroad=amounts, vehicle_purchase=amounts, vehicle_operation=amounts,
                         reception=amounts, purposes=st.builds(ThreePublicPurposes, abroad=st.none() | text1,
                                                               vehicle=st.none() | text1, reception=st.none() | text1))
dates = st.one_of(st.none(), st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))


maybe_text = st.none() | text1
fund_three_public = st.one_of(st.just(ThreePublic()), three_public)
subunits = st.lists(st.builds(SubUnit, code=st.just("900001"), name=text1, type=st.just("其他单位")),
                    max_size=1).map(tuple)
key_work = st.lists(st.builds(KeyWork, title=text1, text=paragraphs), max_size=2).map(tuple)
spending = st.lists(st.builds(SpendingLine, code=st.sampled_from(FUNCTION), fund=st.sampled_from(FUNDS), basic=amounts,
                              project=amounts, carryover=amounts, unit=st.none() | st.just("900001"), name=maybe_text,
                              purpose=maybe_text), max_size=5).map(tuple)
econ = st.lists(st.builds(EconLine, code=st.sampled_from(ECON), amount=amounts, fund=st.sampled_from(FUNDS),
                          category=st.sampled_from((None, "人员经费", "公用经费"))), max_size=5).map(tuple)
previous = st.none() | st.builds(PreviousYear, total=amounts, fiscal=amounts, general_budget=amounts, reason=maybe_text,
                                 three_public=st.none() | st.just(ThreePublic(reception=Decimal("1.00"))))
operating = st.builds(OperatingCosts, amount=st.none() | amounts, previous=st.none() | amounts, note=maybe_text)
procurement = st.builds(Procurement, goods=amounts, works=amounts, services=amounts, sme_reserved=amounts,
                        purpose=maybe_text)
assets = st.none() | st.builds(Assets, as_of=st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
indicator_rows = st.lists(indicators, max_size=5).map(tuple)
unit_performance = st.none() | st.builds(
    UnitPerformance, funding=st.builds(Funding, basic_fiscal=amounts, project_fiscal=amounts, basic_unit=amounts),
    tasks=st.lists(st.builds(Task, name=text1, content=paragraphs), max_size=2).map(tuple), goal=paragraphs,
    indicators=indicator_rows)
glossary = st.lists(st.builds(Term, term=st.one_of(text1, st.sampled_from(("机关运行经费", "基本支出"))),
                              definition=text1),
                    max_size=3).map(tuple)
statements = st.builds(EmptyStatements, t3_3=maybe_text, t4=maybe_text)
stated = st.lists(st.builds(StatedTotal, table=st.sampled_from(("表1", "表2", "表3", "表3-1", "表3-2", "表6", "表9")),
                            row=st.sampled_from(("合计", "收入总计", "支出总计", "301 工资福利支出",
                                                 "一般公共服务支出", "x")),
                            column=st.sampled_from(("合计", "预算数", "人员经费", "金额")), amount=amounts),
                  max_size=3).map(tuple)
unit_names = st.sampled_from(("达州市达川区人民政府信息公开服务中心", "达州市达川区示例局"))
unit_types = st.sampled_from(("行政单位", "公益一类事业单位", "其他单位"))
staffing = st.builds(Staffing, authorized=st.integers(0, 50), active=st.integers(0, 50))


@st.composite
def disclosures(draw: st.DrawFn) -> Disclosure:
    projects_ = draw(st.lists(projects, max_size=3).map(tuple))
    own_names = st.sampled_from([p.name for p in projects_] or ["无"])
    performance = st.lists(st.builds(ProjectPerformance, project=st.one_of(own_names, text1), goal=paragraphs,
                                     indicators=indicator_rows, amount=st.none() | amounts), max_size=3).map(tuple)
    return Disclosure(
        unit=Unit(code="103003", name=draw(unit_names), short_name=draw(text1), type=draw(unit_types),
                  subordinates=draw(subunits)),
        year=draw(st.integers(min_value=2018, max_value=2030)),
        overview=Overview(duties=draw(paragraphs), key_work=draw(key_work), staffing=draw(staffing)),
        spending=draw(spending), basic_econ=draw(econ), approved_on=draw(dates), published_on=draw(dates),
        projects=projects_, three_public=draw(three_public), fund_three_public=draw(fund_three_public),
        previous_year=draw(previous), operating_costs=draw(operating), procurement=draw(procurement),
        assets=draw(assets), project_performance=draw(performance), unit_performance=draw(unit_performance),
        glossary=draw(glossary), empty_statements=draw(statements), stated_totals=draw(stated),
    )


def dataset(d: Disclosure) -> Dataset:
    entry = Entry(d, Source(f"data/units/103003/{d.year}.yaml", None))
    return Dataset(Path("/nonexistent"), SAMPLE.site, Glossary(terms=SAMPLE.glossary.terms), CATALOGUE, (entry,))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(disclosures())
def test_random_well_formed_disclosures_give_findings_never_exceptions(d: Disclosure) -> None:
    report = check(dataset(d))
    assert all(f.code and f.message and f.location.file.startswith("data/") for f in report)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(words, st.just(""),
                          st.sampled_from(("表3-1", "表6", "（三）一般公共预算当年拨款具体使用情况",
                                           "201\t03\t50\t103003\t事业运行\t57.80", "## 标题 {#x}")))))
def test_random_published_texts_give_findings_never_exceptions(lines: list[str]) -> None:
    report = audit_text(SAMPLE, parse("\n".join(lines), "t.txt"))
    assert all(f.location.file in ("t.txt", "data/units/103003/2024.yaml") for f in report)
