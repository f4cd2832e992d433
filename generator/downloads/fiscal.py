"""The Fiscal Data Package (OpenSpending's fiscal model, spec 0.3): `datapackage.json` + one CSV.

One row per budget line of every disclosure, in both directions, at the finest grain the data has
without counting any money twice:

- 支出, 基本支出: one row per spending line (function 项 × fund × unit). The economic
  classification of basic spending is entered per unit and fund but not per function code
  (表3-1), so it cannot be put on these rows; it is left empty rather than guessed.
- 支出, 项目支出: one row per project part (function 项, economic 类 or 款, fund, unit, project).
  The checks (t3-vs-t3-2-project) hold these to the spending lines' 项目支出.
- 收入: per spending line, the part funded this year (本年收入) and the part carried over
  (上年结转), by fund: the income side of 表1-1, which classifies income by function too.

So the two measures reconcile with the disclosure: Σ 支出 = Σ 收入 = 表1 收支总计. Amounts stay
in 万元 as entered (`factor` 10000 gives yuan), written as exact decimals with two places.

The fund dimension groups the nine sources of the data into the four the issue names:
一般公共预算, 政府性基金, 国有资本经营 and 单位资金 (财政专户管理资金, 事业收入, 事业单位经营收入,
上级补助收入, 附属单位上缴收入, 其他收入), keeping the source itself as a child attribute.
Codes are strings (with a pattern), so no reader drops a digit.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.catalogue import Names
from generator.derive import line_unit, members, project_lines
from generator.downloads.csvfiles import BOM, guard
from generator.model import Disclosure, Site
from generator.money import CENT

RESOURCE = "budget-lines"
CSV_NAME = f"{RESOURCE}.csv"
FUND_GROUPS = {"一般公共预算": "一般公共预算", "政府性基金预算": "政府性基金", "国有资本经营预算": "国有资本经营"}
OTHER_FUNDS = "单位资金"

# (name, type, title, description, pattern) of each column, in file order.
FIELDS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("fiscal_year", "year", "预算年度", "部门预算的年度", None),
    ("department_code", "string", "部门编码", "公开本预算的部门（单位）的编码", r"^[0-9]+$"),
    ("department_name", "string", "部门名称", "公开本预算的部门（单位）全称", None),
    ("unit_code", "string", "预算单位编码", "本行所属的预算单位（部门本级或所属单位）的编码", r"^[0-9]+$"),
    ("unit_name", "string", "预算单位名称", "本行所属的预算单位名称", None),
    ("direction", "string", "收支", "支出或收入", None),
    ("function_class_code", "string", "功能分类类编码", "支出功能分类科目：类（3位）", r"^[0-9]{3}$"),
    ("function_class_name", "string", "功能分类类名称", "", None),
    ("function_subclass_code", "string", "功能分类款编码", "支出功能分类科目：款（5位）", r"^[0-9]{5}$"),
    ("function_subclass_name", "string", "功能分类款名称", "", None),
    ("function_item_code", "string", "功能分类项编码", "支出功能分类科目：项（7位）", r"^[0-9]{7}$"),
    ("function_item_name", "string", "功能分类项名称", "", None),
    ("economic_class_code", "string", "经济分类类编码",
     "部门预算支出经济分类：类（3位）；只有项目支出行填写", r"^[0-9]{3}$"),
    ("economic_class_name", "string", "经济分类类名称", "", None),
    ("economic_item_code", "string", "经济分类款编码",
     "部门预算支出经济分类：款（5位）；项目只细化到类时不填", r"^[0-9]{5}$"),
    ("economic_item_name", "string", "经济分类款名称", "", None),
    ("fund_group", "string", "资金性质", "一般公共预算、政府性基金、国有资本经营或单位资金", None),
    ("fund", "string", "资金来源", "数据中的资金来源，如财政专户管理资金、事业收入", None),
    ("spending_type", "string", "支出类型", "基本支出或项目支出（支出行）", None),
    ("revenue_type", "string", "收入类型", "本年收入或上年结转（收入行）", None),
    ("project_name", "string", "项目名称", "项目支出行的项目名称", None),
    ("expenditure", "number", "支出金额（万元）", "预算支出，万元，两位小数", None),
    ("revenue", "number", "收入金额（万元）", "预算收入，万元，两位小数", None),
)
COLUMNS = tuple(f[0] for f in FIELDS)


@dataclass(frozen=True)
class Line:
    """One row of the package's CSV, before formatting."""

    year: int
    department: tuple[str, str]
    unit: tuple[str, str]
    direction: str
    function: str
    fund: str
    amount: Decimal
    econ: str = ""
    spending_type: str = ""
    revenue_type: str = ""
    project: str = ""


def fund_group(fund: str) -> str:
    return FUND_GROUPS.get(fund, OTHER_FUNDS)


def lines(d: Disclosure) -> Iterator[Line]:
    """Every budget line of one disclosure, both directions; zero amounts are left out."""
    dept = (d.unit.code, d.unit.name)
    unit_names = {m.code: m.name for m in members(d)}

    def unit(code: str | None) -> tuple[str, str]:
        c = line_unit(d, code)
        return (c, unit_names.get(c, ""))

    for x in d.spending:
        if x.basic:
            yield Line(d.year, dept, unit(x.unit), "支出", x.code, x.fund, x.basic, spending_type="基本支出")
    for p in project_lines(d):
        if p.part.amount:
            yield Line(d.year, dept, (p.unit, unit_names.get(p.unit, "")), "支出", p.function, p.part.fund,
                       p.part.amount, econ=p.part.econ, spending_type="项目支出", project=p.name)
    for x in d.spending:
        current = x.basic + x.project - x.carryover
        for kind, amount in (("本年收入", current), ("上年结转", x.carryover)):
            if amount:
                yield Line(d.year, dept, unit(x.unit), "收入", x.code, x.fund, amount, revenue_type=kind)


# The same few thousand names and codes fill most of a district's ~180,000 text cells.
_guard = functools.lru_cache(maxsize=8192)(guard)


def row(line: Line, names: Names) -> list[str | int | Decimal]:
    """Text quoted and guarded; the year and the amounts bare (QUOTE_NONNUMERIC)."""
    f, e = line.function, line.econ
    econ_class = e[:3] if e else ""
    econ_item = e if len(e) == 5 else ""
    amount = line.amount.quantize(CENT)
    text = [
        line.department[0], line.department[1], line.unit[0], line.unit[1], line.direction,
        f[:3], names.function(f[:3]), f[:5], names.function(f[:5]), f, names.function(f),
        econ_class, names.econ(econ_class) if econ_class else "", econ_item, names.econ(econ_item) if econ_item else "",
        fund_group(line.fund), line.fund, line.spending_type, line.revenue_type, line.project,
    ]
    return [line.year, *(_guard(c) for c in text),
            amount if line.direction == "支出" else "", amount if line.direction == "收入" else ""]


def budget_csv(disclosures: list[Disclosure], names: Names) -> bytes:
    """The package's data: UTF-8 with a BOM (Excel opens it), ASCII column names, text and codes
    quoted, amounts bare, `\\r\\n` rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for d in sorted(disclosures, key=lambda d: (d.year, d.unit.code)):
        for line in lines(d):
            writer.writerow(row(line, names))
    return (BOM + buf.getvalue()).encode("utf-8")


def _attr(source: str, **extra: str) -> dict[str, str]:
    return {"source": source, **extra}


def model() -> dict[str, Any]:
    """The logical model: two measures (one per direction) and the dimensions of every row."""
    measure = {"currency": "CNY", "factor": 10000, "phase": "approved", "resource": RESOURCE}
    return {
        "measures": {
            "expenditure": {"source": "expenditure", "direction": "expenditure", **measure,
                            "title": "预算支出（万元）"},
            "revenue": {"source": "revenue", "direction": "revenue", **measure, "title": "预算收入（万元）"},
        },
        "dimensions": {
            "fiscal-year": {"dimensionType": "datetime", "primaryKey": "fiscal_year",
                            "attributes": {"fiscal_year": _attr("fiscal_year")}},
            "administrative-classification": {
                "dimensionType": "classification", "classificationType": "administrative",
                "primaryKey": ["department_code", "unit_code"],
                "attributes": {
                    "department_code": _attr("department_code"),
                    "department_name": _attr("department_name", labelfor="department_code"),
                    "unit_code": _attr("unit_code", parent="department_code"),
                    "unit_name": _attr("unit_name", labelfor="unit_code"),
                }},
            "functional-classification": {
                "dimensionType": "classification", "classificationType": "functional",
                "primaryKey": "function_item_code",
                "attributes": {
                    "function_class_code": _attr("function_class_code"),
                    "function_class_name": _attr("function_class_name", labelfor="function_class_code"),
                    "function_subclass_code": _attr("function_subclass_code", parent="function_class_code"),
                    "function_subclass_name": _attr("function_subclass_name", labelfor="function_subclass_code"),
                    "function_item_code": _attr("function_item_code", parent="function_subclass_code"),
                    "function_item_name": _attr("function_item_name", labelfor="function_item_code"),
                }},
            "economic-classification": {
                "dimensionType": "classification", "classificationType": "economic",
                "primaryKey": ["economic_class_code", "economic_item_code"],
                "attributes": {
                    "economic_class_code": _attr("economic_class_code"),
                    "economic_class_name": _attr("economic_class_name", labelfor="economic_class_code"),
                    "economic_item_code": _attr("economic_item_code", parent="economic_class_code"),
                    "economic_item_name": _attr("economic_item_name", labelfor="economic_item_code"),
                }},
            "fund": {"dimensionType": "entity", "primaryKey": "fund",
                     "attributes": {"fund_group": _attr("fund_group"), "fund": _attr("fund", parent="fund_group")}},
            "direction": {"dimensionType": "other", "primaryKey": "direction",
                          "attributes": {"direction": _attr("direction")}},
            "spending-type": {"dimensionType": "classification", "primaryKey": "spending_type",
                              "attributes": {"spending_type": _attr("spending_type")}},
            "revenue-type": {"dimensionType": "other", "primaryKey": "revenue_type",
                             "attributes": {"revenue_type": _attr("revenue_type")}},
            "project": {"dimensionType": "activity", "primaryKey": "project_name",
                        "attributes": {"project_name": _attr("project_name")}},
        },
    }


def schema() -> dict[str, Any]:
    """The Table Schema of the CSV: codes are strings with a digit pattern, amounts numbers."""
    fields = []
    for name, kind, title, description, pattern in FIELDS:
        field: dict[str, Any] = {"name": name, "type": kind, "title": title}
        if description:
            field["description"] = description
        if pattern:
            field["constraints"] = {"pattern": pattern}
        if name in ("fiscal_year", "department_code", "unit_code", "direction", "function_item_code",
                    "fund_group", "fund"):
            field.setdefault("constraints", {})["required"] = True
        if kind == "number":
            field["constraints"] = {"minimum": 0}
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def descriptor(site: Site, years: list[int], size: int) -> dict[str, Any]:
    """`datapackage.json`: package metadata, the one resource with its schema, and the model."""
    doc: dict[str, Any] = {
        "profile": "fiscal-data-package",
        "name": "department-budgets",
        "title": f"{site.site_name}：部门预算数据",
        "description": (f"{site.region}各部门（单位）部门预算的收支明细，每行一条预算数据，"
                        "金额单位万元（factor 10000 折算为元）。由公开页面所用的同一份数据生成。"),
        "countryCode": "CN",
        "granularity": "aggregated",
        "resources": [{
            "name": RESOURCE, "path": CSV_NAME, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": size,
            "title": "部门预算收支明细", "schema": schema(),
        }],
        "model": model(),
    }
    if years:
        doc["fiscalPeriod"] = {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31"}
    if site.url:
        doc["homepage"] = site.url
    return doc
