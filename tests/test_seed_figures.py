"""Every figure of the seed's tables appears in the right table, row and column of the built site.

The expected figures come from tests/fixtures/seed_table_figures.yaml, transcribed by hand from
the seed text (not from data/). Where the published document is wrong, the site carries the
corrected figure; those few places are listed in CORRECTED with the erratum that explains them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.htmltables import HtmlCell, HtmlTable, parse_tables

FIXTURE = Path(__file__).parent / "fixtures" / "seed_table_figures.yaml"
PAGES = {"表6": "performance", "表7": "performance"}
NUMERAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+、")

# Published figures the sample data corrects (each has an erratum on the site's 勘误 page).
CORRECTED = {
    # 表3-1: the 301 items add to 66.44 while 人员经费 is 66.45 everywhere else; the 0.01 尾差
    # is carried by 其他工资福利支出, so the 301 subtotal becomes 66.45.
    ("表3-1", "30199", "合计"): "14.18",
    ("表3-1", "30199", "人员经费"): "14.18",
    ("表3-1", "301", "合计"): "66.45",
    ("表3-1", "301", "人员经费"): "66.45",
}
# 表6 prints one project under a name that differs from 表3-2 (服务 inserted).
RENAMED = {"2024年政府系统政务服务新媒体智能监测经费项目": "2024年政府系统政务新媒体智能监测经费项目"}


def _entries() -> list[dict[str, str]]:
    return list(YAML(typ="safe").load(FIXTURE.read_text(encoding="utf-8")))


def _row_matches(row: list[HtmlCell], key: str) -> int | None:
    """Index of the cell where `key` names this row, or None."""
    if key.isdigit():
        codes = []
        for i, cell in enumerate(row):
            if cell.header:
                return i if "".join(codes) == key else None
            codes.append(cell.text)
        return None
    for i, cell in enumerate(row):
        if cell.header and NUMERAL_PREFIX.sub("", cell.text) == key:
            return i
    return None


def lookup(table: HtmlTable, row_key: str, column: str) -> str | None:
    labels = table.column_labels()
    for row in table.rows():
        start = _row_matches(row, row_key)
        if start is None:
            continue
        for cell in row[start + 1:]:
            if cell.header:
                break
            stack = labels.get(cell.col, [])
            if column in stack or column == "".join(stack[-2:]):
                return cell.text
    return None


@pytest.fixture(scope="module")
def tables(built_sample: Path) -> dict[str, HtmlTable]:
    found: dict[str, HtmlTable] = {}
    for page in ("tables", "performance"):
        html = (built_sample / "2024" / "103003" / page / "index.html").read_text(encoding="utf-8")
        for t in parse_tables(html):
            found.setdefault(t.number, t)
    return found


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: f"{e['table']}-{e['row']}-{e['column']}")
def test_seed_figure_is_in_the_built_table(entry: dict[str, str], tables: dict[str, HtmlTable]) -> None:
    table = tables[entry["table"]]
    row = RENAMED.get(entry["row"], entry["row"])
    expected = CORRECTED.get((entry["table"], entry["row"], entry["column"]), entry["value"])
    assert lookup(table, row, entry["column"]) == expected, f"seed line {entry['seed_line']}"


def test_fixture_covers_every_table_with_figures() -> None:
    assert {e["table"] for e in _entries()} == {"表1", "表1-2", "表2", "表3", "表3-1", "表3-2", "表6", "表7"}
