"""A fictional district (示例区) to try the generator on: `python -m generator demo DIR`.

Every unit name contains 示例 and every file says it is demo data. The district has departments
and townships of many shapes (see `shapes.py`): subordinate units, every kind of money, 上年结转,
projects spanning several economic codes and funds, empty and full tables, with and without a
previous year. Every relation between the tables holds, so `check` finds nothing to report.
Deterministic: the same seed gives byte-identical files.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.bind import INVALID, Binder
from generator.demo.catalog import DEPARTMENTS, ECON_CODES, FUNCTION_CODES, TOWNS, Dept, township
from generator.demo.plan import UnitPlan, growth, plan
from generator.demo.shapes import RECIPES
from generator.demo.tree import Names, Totals, disclosure, guessed, totals
from generator.demo.write import repo_root, skeleton, write
from generator.demo.year import year_money
from generator.errors import GeneratorError
from generator.issues import line
from generator.model import Catalogue, Disclosure
from generator.yamlsafe import load_file, load_text

LAST_YEAR = 2024
MAX_UNITS = len(DEPARTMENTS) + len(TOWNS)
SITE = {"site_name": "示例区部门预算公开", "region": "示例区", "level": "区级", "host_org": "示例区财政局（示例）",
        "contact": "0000-0000000（示例）", "keywords": ["部门预算", "预算公开", "示例数据"]}
HEADER = ("示例数据：虚构的示例区，不是真实单位的预算（由 python -m generator demo 生成）。",)


class DemoError(GeneratorError):
    """The demo cannot be written where or as asked; the message is one line of Chinese."""


@dataclass(frozen=True)
class Summary:
    root: Path
    units: int
    disclosures: int
    shapes: Counter[str] = field(default_factory=Counter)


def _catalogue(root: Path) -> dict[str, dict[str, str]]:
    """The repository's code lists (scheme → code → name)."""
    merged: dict[str, dict[str, str]] = {"function": {}, "dept_econ": {}}
    for path in sorted((root / "data" / "codes").glob("*.yaml")):
        cat = Binder(path.name).bind(Catalogue, load_file(path, path.name), None, "")
        if cat is not INVALID:
            merged[cat.scheme].update({e.code: e.name for e in cat.entries})
    return merged


def _codes(dest: Path) -> Names:
    """Write the codes the demo needs and the repository lacks; the names every code goes by."""
    known = _catalogue(repo_root())
    for scheme, extra, name in (("function", FUNCTION_CODES, "demo.yaml"), ("dept_econ", ECON_CODES, "demo_econ.yaml")):
        missing = [(c, n) for c, n in extra if c not in known[scheme]]
        known[scheme].update(missing)
        entries = [{"code": c, "name": n, "source": "示例数据"} for c, n in missing]
        write(dest / "data" / "codes" / name, {"scheme": scheme, "entries": entries},
              ("示例数据：示例区用到、而项目编码表中没有的科目（名称按 2024 年政府收支分类科目，供演示）。",))
    return Names(known["function"], known["dept_econ"])


def _check(text: str, rel: str) -> Disclosure:
    """The written file read back as the generator reads it: a demo that does not load is a bug here."""
    binder = Binder(rel)
    d = binder.bind(Disclosure, load_text(text, rel), None, "")
    if binder.problems or d is INVALID:
        raise AssertionError(f"{rel}: " + "; ".join(line(p) for p in binder.problems))
    assert isinstance(d, Disclosure)
    return d


def _district(units: int) -> list[tuple[str, Dept]]:
    """(code prefix, unit) for `units` units: about 47 departments for every 24 townships."""
    towns = min(len(TOWNS), units - max(1, round(units * len(DEPARTMENTS) / MAX_UNITS)))
    depts = units - towns
    return ([(f"{101 + i}", d) for i, d in enumerate(DEPARTMENTS[:depts])]
            + [(f"{201 + j}", township(j)) for j in range(towns)])


def _unit(rng: random.Random, dest: Path, prefix: str, dept: Dept, years: range, names: Names) -> int:
    """Write every year of one unit; returns the number of files."""
    recipe = RECIPES[dept.shape]
    founded = years.stop - 1 - recipe.founded if recipe.founded else None
    first = max(years.start, founded) if founded is not None else years.start
    p: UnitPlan = plan(rng, dept, recipe, prefix, first, names.function)
    factor, before, count = Decimal(1), None, 0
    for year in range(first, years.stop):
        if year > first:
            factor = (factor * growth(rng)).quantize(Decimal("0.0001"))
        money = year_money(rng, p, year, factor)
        now: Totals = totals(p, money)
        if before is None and (founded is None or year > founded):
            before = guessed(rng, now)
        tree = disclosure(rng, p, money, before, names)
        header = (*HEADER, f"shape: {recipe.shape} — {recipe.summary}")
        path = dest / "data" / "units" / p.code / f"{year}.yaml"
        write(path, tree, header)
        _check(path.read_text(encoding="utf-8"), path.relative_to(dest).as_posix())
        before, count = now, count + 1
    return count


def make_demo(dest: Path, units: int = MAX_UNITS, years: int = 5, seed: int = 1) -> Summary:
    """Write the demo district into `dest` (new or empty folder)."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise DemoError(f"{dest} 不是空文件夹：示例数据只写入新的或空的文件夹，请换一个目录")
    if not 1 <= units <= MAX_UNITS:
        raise DemoError(f"--units 应在 1 到 {MAX_UNITS} 之间"
                        f"（示例区共 {len(DEPARTMENTS)} 个部门、{len(TOWNS)} 个乡镇街道）")
    if not 1 <= years <= 20:
        raise DemoError("--years 应在 1 到 20 之间")
    skeleton(dest)
    write(dest / "data" / "site.yaml", SITE, HEADER)
    names = _codes(dest)
    rng = random.Random(seed)
    district = _district(units)
    span = range(LAST_YEAR - years + 1, LAST_YEAR + 1)
    count = sum(_unit(random.Random(rng.getrandbits(64)), dest, prefix, dept, span, names) for prefix, dept in district)
    return Summary(dest, len(district), count, Counter(d.shape for _, d in district))
