"""Which sheet of the data-entry workbook holds which block of a disclosure, declared once.

The template writer, the reader and the instructions sheet all read these declarations, and every
column takes its header, help text and kind from the model (`generator.model`, each field's
`f("label", …)`), so the workbook cannot drift from the YAML it is imported into. A test checks that
every leaf field of `Disclosure` has exactly one place in the workbook.

Two shapes of sheet: a *form* (one row per field of singleton blocks such as 单位信息 or 上年数) and a
*table* (one row per item of a list such as `spending`); a table may be the *child* of another,
its rows tied to the parent's rows by a key column (a project's `parts` by 项目名称).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from generator import fields as K
from generator import model

# Which catalogue a code column is validated against; its name is shown beside it.
FUNCTION = "function"   # 支出功能分类, 项 (7 digits)
ECON = "econ"           # 部门预算支出经济分类, 类 (3 digits) or 款 (5 digits)
ECON_KUAN = "econ_kuan"  # 部门预算支出经济分类, 款 only
CODE_LISTS: dict[str, str] = {FUNCTION: "功能分类科目", ECON: "经济分类科目（类、款）", ECON_KUAN: "经济分类科目（款）"}

FIRST_TABLE_ROW = 4      # row 1 title, row 2 headers, row 3 hints
HEADER_ROW = 2
FIRST_FORM_ROW = 3       # row 1 title, row 2 headers
FORM_HEADERS = ("分组", "项目", "填写内容", "说明")
FORM_VALUE_COLUMN = 3
INSTRUCTIONS = "填表说明"
CODES_SHEET = "代码表"


@dataclass(frozen=True)
class Field:
    """One value of the YAML: where it lives, how it is labelled and what kind of value it takes."""

    path: str                 # from the sheet's item (tables) or from the disclosure (forms)
    label: str
    doc: str
    kind: str                 # amount, yuan, code, text, paras, number, int, date, choice
    required: bool
    default: Any
    choices: tuple[str, ...] = ()
    codes: str | None = None  # FUNCTION / ECON / ECON_KUAN: a validated code with its name beside it
    group: str = ""           # forms: the labels of the records around the field

    @property
    def hint(self) -> str:
        """What the cell takes, in a few words, for the hint row and the instructions."""
        need = "必填" if self.required else "可不填"
        return f"{need}；{KIND_WORDS[self.kind]}"


KIND_WORDS = {
    "amount": "金额（万元，最多两位小数）", "yuan": "金额（元，最多两位小数）", "code": "数字编码（文本格式）",
    "text": "一行文字", "paras": "文字，可分段（单元格内换行）", "number": "数值", "int": "整数",
    "date": "日期，如 2024-03-20", "choice": "从下拉列表中选择",
}


@dataclass(frozen=True)
class Form:
    """A sheet of fixed rows: group, label, value, help; the value column is C."""

    name: str
    title: str
    fields: tuple[Field, ...]

    def row_of(self, index: int) -> int:
        return FIRST_FORM_ROW + index


@dataclass(frozen=True)
class Table:
    """A sheet of rows, one per list item; `parent` and `key` tie a child table to its parent's rows."""

    name: str
    title: str
    list_path: str            # from the disclosure, or from the parent's item for a child table
    columns: tuple[Field, ...]
    parent: str | None = None  # the parent table's sheet name
    key: Field | None = None   # the child's first column: the parent item's identifying field

    def headers(self) -> list[tuple[str, Field | None]]:
        """Every column in order: (header, field); the catalogue names beside codes have field None."""
        out: list[tuple[str, Field | None]] = []
        if self.key is not None:
            out.append((self.key.label, None))
        for col in self.columns:
            out.append((col.label, col))
            if col.codes:
                out.append((name_header(col), None))
        return out


Sheet = Form | Table


def name_header(col: Field) -> str:
    return f"{col.label.removesuffix('编码')}名称（对照用，导入时不读取）"


# ---------------------------------------------------------------- reading the model


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model), include_extras=True)


def strip_optional(tp: Any) -> Any:
    """`X` of `X | None`; any other type as it is."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(tp) if a is not type(None))
    return tp


def list_item(tp: Any) -> Any:
    """The dataclass of `tuple[X, ...]`, else None."""
    tp = strip_optional(tp)
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        return item if dataclasses.is_dataclass(item) else None
    return None


def _kind(tp: Any) -> tuple[str, tuple[str, ...]]:
    tp = strip_optional(tp)
    if typing.get_origin(tp) is typing.Annotated:
        kind = typing.get_args(tp)[1]
        return {K.WAN: "amount", K.YUAN: "yuan", K.LINE: "text", K.PARAS: "paras",
                K.DIGITS: "code", K.NUMBER: "number"}[kind], ()
    if typing.get_origin(tp) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(tp))
    if tp is int:
        return "int", ()
    if tp is dt.date:
        return "date", ()
    raise TypeError(f"no workbook kind for {tp!r}")


def leaves(cls: Any, prefix: str = "", group: str = "", skip: tuple[str, ...] = (),
           codes: dict[str, str] | None = None) -> tuple[Field, ...]:
    """Every scalar field of `cls`, nested records flattened (`staffing.active`); lists left out
    (they get sheets of their own); `skip` names fields left out on purpose."""
    out: list[Field] = []
    for fl in dataclasses.fields(cls):
        path = f"{prefix}{fl.name}"
        if fl.name in skip or path in skip:
            continue
        tp = _hints(cls)[fl.name]
        inner = strip_optional(tp)
        label = str(fl.metadata["label"])
        if dataclasses.is_dataclass(inner):
            sub_group = f"{group}›{label}" if group else label
            out.extend(leaves(inner, f"{path}.", sub_group, skip, codes))
            continue
        if list_item(tp) is not None:
            continue
        kind, choices = _kind(tp)
        out.append(Field(path, label, str(fl.metadata["doc"]), kind, K.is_required(fl), _default(fl), choices,
                         (codes or {}).get(path), group))
    return tuple(out)


def _default(fl: dataclasses.Field[Any]) -> Any:
    if fl.default is not dataclasses.MISSING:
        return fl.default
    if fl.default_factory is not dataclasses.MISSING:
        return fl.default_factory()
    return dataclasses.MISSING


def resolve(path: str) -> Any:
    """The model class found at a dotted path from the disclosure (through lists: their item class)."""
    cls: Any = model.Disclosure
    for name in path.split("."):
        tp = _hints(cls)[name]
        cls = list_item(tp) or strip_optional(tp)
    return cls


def _form(name: str, title: str, *blocks: tuple[str, tuple[str, ...], tuple[str, ...]]) -> Form:
    """A form over blocks (record path, only these fields or all, fields skipped)."""
    fields: list[Field] = []
    for path, only, skip in blocks:
        cls = resolve(path) if path else model.Disclosure
        prefix = f"{path}." if path else ""
        group = _group(path)
        for fl in leaves(cls, prefix, group, tuple(f"{prefix}{s}" for s in skip)):
            if not only or fl.path.removeprefix(prefix) in only:
                fields.append(fl)
    return Form(name, title, tuple(fields))


def _group(path: str) -> str:
    """The labels along a record path: previous_year.three_public → 上年数›上年“三公”经费."""
    words: list[str] = []
    cls: Any = model.Disclosure
    for name in path.split(".") if path else ():
        fl = next(f for f in dataclasses.fields(cls) if f.name == name)
        words.append(str(fl.metadata["label"]))
        cls = strip_optional(_hints(cls)[name])
    return "›".join(words) or "年度与日期"


def _table(name: str, title: str, list_path: str, *, skip: tuple[str, ...] = (),
           codes: dict[str, str] | None = None) -> Table:
    return Table(name, title, list_path, leaves(resolve(list_path), skip=skip, codes=codes))


def _child(name: str, title: str, parent: Table, key: str, list_path: str,
           codes: dict[str, str] | None = None) -> Table:
    cls = resolve(f"{parent.list_path}.{list_path}")
    key_field = next(c for c in parent.columns if c.path == key)
    return Table(name, title, list_path, leaves(cls, codes=codes), parent.name, key_field)


PROJECTS = _table("项目", "项目支出（表3-2）", "projects", skip=("parts",),
                  codes={"function": FUNCTION, "econ": ECON})
PERFORMANCE = _table("项目绩效目标", "项目绩效目标（表6）", "project_performance")

SHEETS: tuple[Sheet, ...] = (
    _form("单位信息", "单位信息与概况",
          ("", ("year", "kind", "approved_on", "published_on", "source_document"), ()),
          ("unit", (), ()),
          ("overview", (), ())),
    _table("所属单位", "所属单位（没有则不填）", "unit.subordinates"),
    _table("重点工作", "概况·重点工作", "overview.key_work"),
    _table("支出明细", "支出明细（功能分类，到项；表1-2、表3、表4、表5）", "spending", codes={"code": FUNCTION}),
    _table("基本支出经济分类", "基本支出明细（经济分类，到款；表3-1、表2-1）", "basic_econ",
           codes={"code": ECON_KUAN}),
    PROJECTS,
    _child("项目资金构成", "项目资金构成（项目跨多个经济分类科目或资金来源时填写）", PROJECTS, "name", "parts",
           codes={"econ": ECON}),
    _form("三公经费", "“三公”经费（表3-3、表4-1）", ("three_public", (), ()), ("fund_three_public", (), ())),
    _form("上年数", "上年数与增减原因（新设单位不填）", ("previous_year", (), ())),
    _form("其他情况", "机关运行经费、政府采购、国有资产、绩效目标覆盖情况、空表说明",
          ("operating_costs", (), ()), ("procurement", (), ()), ("assets", (), ()),
          ("performance_coverage", (), ()), ("empty_statements", (), ())),
    PERFORMANCE,
    _child("项目绩效指标", "项目绩效指标（表6）", PERFORMANCE, "project", "indicators"),
    _form("整体绩效目标", "部门整体支出绩效目标（表7）", ("unit_performance", (), ())),
    _table("年度主要任务", "整体绩效·年度主要任务（表7）", "unit_performance.tasks"),
    _table("整体绩效指标", "整体绩效·年度绩效指标（表7）", "unit_performance.indicators"),
    _table("补充名词解释", "本单位补充的名词解释", "glossary"),
    _table("原文合计数", "原文合计数（核对已公开文本时使用）", "stated_totals"),
    _table("勘误", "勘误（对已公开文本的更正说明）", "errata"),
)
DATA_SHEETS: dict[str, Sheet] = {s.name: s for s in SHEETS}


def full_list_path(table: Table) -> str:
    """A table's list path from the disclosure, through its parent's list for a child table."""
    if table.parent is None:
        return table.list_path
    parent = DATA_SHEETS[table.parent]
    assert isinstance(parent, Table)
    return f"{full_list_path(parent)}.{table.list_path}"


def covered_paths() -> list[str]:
    """Every disclosure field the workbook holds, as a model path (list items written `[]`)."""
    out: list[str] = []
    for sheet in SHEETS:
        if isinstance(sheet, Form):
            out.extend(f.path for f in sheet.fields)
        else:
            out.extend(f"{_list_base(sheet)}.{c.path}" for c in sheet.columns)
    return out


def _list_base(table: Table) -> str:
    if table.parent is None:
        return f"{table.list_path}[]"
    parent = DATA_SHEETS[table.parent]
    assert isinstance(parent, Table)
    return f"{_list_base(parent)}.{table.list_path}[]"
