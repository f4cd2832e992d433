"""The checker on departments with subordinate units: consistent demo data passes; one wrong fact
in a multi-unit disclosure (a unit's line, a project part, a unit code, a 表6 amount, a unit's 三公 …)
is an error located at the YAML line that was changed.

Each case edits the education bureau of a small demo district (本级 + 8 schools, 财政专户 and 事业收入,
projects with parts, 三公 per unit, a 表6 subset) through a ruamel round trip, and names the field
it changed; the line is read back from the edited file by ruamel, not by the checker's own locator.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.check import Report, check
from generator.demo import make_demo
from generator.load import load
from tests.conftest import yaml_rt

BUREAU = "data/units/101/2024.yaml"
PAIRED = {"2080501", "2080502", "2080505", "2080506", "2101101", "2101102", "2101103", "2210201"}
ONE = Decimal("1.00")

Mutation = Callable[[Any], str]  # edits the tree in place, returns the field path it changed


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("units") / "demo"
    make_demo(root, units=4, years=2, seed=1)
    return root


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def subordinate(d: Any, k: int = 1) -> str:
    return str(d["unit"]["subordinates"][k]["code"])


def sub_operating_line(d: Any) -> str:
    """The basic spending of a school's operating line (事业运行 …), not one of its paired lines."""
    code = subordinate(d)
    i = next(i for i, x in enumerate(d["spending"]) if x.get("unit") == code and "basic" in x
             and x["code"] not in PAIRED and "fund" not in x)
    d["spending"][i]["basic"] = money(d["spending"][i]["basic"]) + ONE
    return f"spending[{i}].basic"


def sub_econ_line(d: Any) -> str:
    """A school's 住房公积金 (30113) in 表3-1."""
    code = subordinate(d)
    i = next(i for i, x in enumerate(d["basic_econ"]) if x.get("unit") == code and x["code"] == "30113")
    d["basic_econ"][i]["amount"] = money(d["basic_econ"][i]["amount"]) + ONE
    return f"basic_econ[{i}].amount"


def part_amount(d: Any) -> str:
    """One part of a project whose parts come from different funds."""
    j = next(j for j, p in enumerate(d["projects"]) if "parts" in p and len({x["fund"] for x in p["parts"]}) > 1)
    part = d["projects"][j]["parts"][1]
    part["amount"] = money(part["amount"]) + ONE
    return f"projects[{j}].parts[1].amount"


def plain_project_amount(d: Any) -> str:
    """A school's project that alone makes up its spending line's project money (parts counted too)."""
    def keys(p: Any) -> list[tuple[str, str, str]]:
        return [(p["function"], x.get("fund", "一般公共预算"), p.get("unit")) for x in p.get("parts", [p])]

    every = [k for p in d["projects"] for k in keys(p)]
    j = next(j for j, p in enumerate(d["projects"])
             if "parts" not in p and p.get("unit") and every.count(keys(p)[0]) == 1)
    d["projects"][j]["amount"] = money(d["projects"][j]["amount"]) + ONE
    return f"projects[{j}].amount"


def unknown_unit(d: Any) -> str:
    code = subordinate(d)
    i = next(i for i, x in enumerate(d["spending"]) if x.get("unit") == code)
    d["spending"][i]["unit"] = "999999"
    return f"spending[{i}].unit"


def table6_amount(d: Any) -> str:
    entry = d["project_performance"][0]
    amount = next(p["amount"] for p in d["projects"] if p["name"] == entry["project"])
    entry.insert(1, "amount", money(amount) + ONE)
    return "project_performance[0].amount"


def sub_three_public(d: Any) -> str:
    """A school's 公务接待费 set below the 30217 it spends in 表3-1."""
    k, sub = next((k, s) for k, s in enumerate(d["unit"]["subordinates"])
                  if any(x.get("unit") == s["code"] and x["code"] == "30217" for x in d["basic_econ"]))
    sub["three_public"]["reception"] = Decimal("0.00")
    sub["three_public"]["purposes"].pop("reception", None)
    return f"unit.subordinates[{k}].three_public.reception"


def duplicate_code(d: Any) -> str:
    d["unit"]["subordinates"][2]["code"] = subordinate(d, 1)
    return "unit.subordinates[2].code"


def carryover(d: Any) -> str:
    i = next(i for i, x in enumerate(d["spending"]) if "carryover" in x)
    x = d["spending"][i]
    x["carryover"] = money(x.get("basic", 0)) + money(x.get("project", 0)) + ONE
    return f"spending[{i}].carryover"


MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "a school's operating line (表1-2)": (sub_operating_line, "t3-1-vs-t1-2-basic"),
    "a school's 30113 (表3-1)": (sub_econ_line, "t3-1-vs-t1-2-basic"),
    "a project part": (part_amount, "project-parts-sum"),
    "a school's project": (plain_project_amount, "t3-vs-t3-2-project"),
    "an unknown unit code": (unknown_unit, "unit-unknown"),
    "a 表6 amount": (table6_amount, "perf-project-amount"),
    "a school's 三公 below its 30217": (sub_three_public, "three-public-vs-econ"),
    "a duplicate unit code": (duplicate_code, "unit-duplicate"),
    "a carryover above its line": (carryover, "line-consistency"),
}


def mutated(district: Path, tmp: Path, mutate: Mutation) -> tuple[Report, int, str]:
    """Check a copy of the district with one fact changed; (report, changed line, field path)."""
    root = tmp / "project"
    shutil.copytree(district / "data", root / "data")
    yaml = yaml_rt()
    yaml.indent(mapping=2, sequence=4, offset=2)
    path = root / BUREAU
    tree = yaml.load(path.read_text(encoding="utf-8"))
    field = mutate(tree)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(tree, fh)
    return check(load(root)), line_of(yaml.load(path.read_text(encoding="utf-8")), field), field


def line_of(tree: Any, field: str) -> int:
    """1-based line of a field path such as `projects[3].parts[1].amount`, by ruamel's positions."""
    parts = field.replace("[", ".[").split(".")
    node, line = tree, 0
    for part in parts:
        if part.startswith("["):
            index = int(part[1:-1])
            line = node.lc.item(index)[0]
            node = node[index]
        else:
            line = node.lc.value(part)[0] if not isinstance(node[part], (dict, list)) else node.lc.key(part)[0]
            node = node[part]
    return line + 1


def test_the_consistent_district_passes(district: Path) -> None:
    report = check(load(district))
    assert [f"{f.location}: {f.message} [{f.code}]" for f in report] == []


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_one_wrong_fact_is_an_error_on_its_line(district: Path, tmp_path: Path, name: str) -> None:
    mutate, code = MUTATIONS[name]
    report, line, field = mutated(district, tmp_path, mutate)
    here = [f for f in report.errors if f.location.file == BUREAU and f.location.line == line]
    assert code in {f.code for f in here}, (field, line, [f"{f.location} {f.code}" for f in report])
    assert all(f.message and f.hint for f in here)


def test_previous_year_off_by_a_little_is_a_warning_on_its_line(district: Path, tmp_path: Path) -> None:
    def shift(d: Any) -> str:
        d["previous_year"]["total"] = money(d["previous_year"]["total"]) + ONE
        return "previous_year.total"

    report, line, _ = mutated(district, tmp_path, shift)
    found = [(f.code, f.severity.value, f.location.line) for f in report if f.location.file == BUREAU]
    assert ("previous-year-vs-data", "warning", line) in found


def test_messages_name_the_unit_and_the_tables(district: Path, tmp_path: Path) -> None:
    report, line, _ = mutated(district, tmp_path, sub_operating_line)
    message = next(f.message for f in report.errors if f.location.line == line)
    assert "表3-1" in message and "表1-2" in message and "示例区" in message
