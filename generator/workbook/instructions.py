"""The 填表说明 sheet: how to fill the workbook, then every sheet's columns with their help text.

The column list is generated from the layout (labels and documentation come from the model), so
the instructions describe exactly the workbook they sit in.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from generator.model import Disclosure
from generator.workbook.layout import CODES_SHEET, INSTRUCTIONS, KIND_WORDS, SHEETS, Form, Table
from generator.workbook.sheetstyle import HEADER_FILL, LINE_POINTS, WRAP, fit_row, lines

RULES = (
    "本工作簿用于填报 data/units/{unit}/{year}.yaml（单位 {unit}，{year} 年）。填好后在项目目录运行："
    "python -m generator import 本文件.xlsx",
    "每张工作表对应公开数据的一部分（见下表）。不要增加、删除或重命名工作表，不要修改第 2 行的表头。",
    "表格类工作表从第 4 行起每行填一条，行与行之间可以留空行；第 3 行是填写提示。"
    "表单类工作表（{forms}）只在 C 列填写。",
    "金额单位为万元，只有“整体绩效目标”中的总体资金情况为元；金额最多两位小数，直接填写数字，不要加单位。",
    "不要使用公式：导入时只读取直接填写的值，不计算公式，也不采用公式的计算结果，含公式的单元格会被报错。"
    "从其他表格复制来的公式请用“选择性粘贴→数值”替换。",
    "编码（功能分类、经济分类、单位编码）按文本填写，如 2010302；可从下拉列表选择，或对照“代码表”工作表。"
    "编码右侧灰色的名称列只供对照，导入时不读取。",
    "可以分段的文字（主要职能、重点工作内容、年度目标等）在单元格内按 Alt+Enter 换行，每行一段。",
    "“项目资金构成”和“项目绩效指标”的第一列填项目名称，须与“项目”“项目绩效目标”中的名称完全一致。",
    "不填的单元格按默认处理（金额为 0，资金来源为一般公共预算）；必填项见下表。",
    "不要合并单元格，不要另存为含宏的 .xlsm 文件，不要设置打开密码。",
    "导入时先检查全部数据，任何一处有误都不会改动任何文件，并逐条指出“工作表!单元格”、实际填写的内容和应填写的内容。"
    "已有的 YAML 与工作簿内容不同时，导入会列出不同之处并停止；确认覆盖时加 --force。",
)


FORMS = "、".join(s.name for s in SHEETS if isinstance(s, Form))
WIDTHS = (16, 34, 10, 26, 70)  # columns A to E; a rule is written across B:E


def write_instructions(ws: Worksheet, unit: str, year: int, data: Disclosure | None) -> None:
    """Fill the workbook's first sheet with the rules and the list of every sheet's columns."""
    ws.title = INSTRUCTIONS
    for letter, width in zip("ABCDE", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    name = data.unit.name if data is not None else f"单位 {unit}"
    ws["A1"] = f"{name} {year} 年部门预算公开数据填报工作簿"
    ws["A1"].font = Font(bold=True, size=16)
    row = 3
    ws.cell(row, 1, "填表规则").font = Font(bold=True, size=12)
    for number, rule in enumerate(RULES, 1):
        row += 1
        text = rule.format(unit=unit, year=year, forms=FORMS)
        ws.cell(row, 1, f"{number}.").alignment = Alignment(vertical="top", horizontal="right")
        ws.cell(row, 2, text).alignment = WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        ws.row_dimensions[row].height = LINE_POINTS * lines(text, sum(WIDTHS[1:])) + 4
    row += 2
    ws.cell(row, 1, "各工作表与各列").font = Font(bold=True, size=12)
    row += 1
    for col, title in enumerate(("工作表", "列或项目", "是否必填", "填写内容", "说明"), 1):
        cell = ws.cell(row, col, title)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for sheet in SHEETS:
        fields = sheet.fields if isinstance(sheet, Form) else sheet.columns
        if isinstance(sheet, Table) and sheet.key is not None:
            row += 1
            _line(ws, row, sheet.name, sheet.key.label, "必填", "一行文字", f"所属项目，与“{sheet.parent}”中的名称一致")
        for fl in fields:
            row += 1
            label = f"{fl.group}›{fl.label}" if isinstance(sheet, Form) else fl.label
            _line(ws, row, sheet.name, label, "必填" if fl.required else "可不填", KIND_WORDS[fl.kind], fl.doc)
    row += 2
    ws.cell(row, 1, f"“{CODES_SHEET}”工作表列出可选的功能分类和经济分类科目编码及名称（来自项目的 data/codes/）。")


def _line(ws: Worksheet, row: int, *values: str) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col, value)
        cell.data_type = "s"  # help text such as "=、≥、≤ 或 定性" is text, never a formula
        cell.alignment = WRAP
    fit_row(ws, row)
