"""Mutations of a rendered text: amounts, percentages, years, counts, unit names and code names
changed one at a time (see mutation.py for what is mutated and why)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from generator.check.facts import PATH, norm
from generator.check.mutation import Case, Mutation
from generator.derive import members

SKIP_LINE = re.compile(r"<svg")  # chart images: their words repeat the chart's data table
TAGS = r"(?:\s*<[^>]+>)*\s*"  # markup between a number and its unit (<span>…</span><span>万元</span>)
AMOUNT = re.compile(r"(?<![\d.])(\d+\.\d{2})(?=" + TAGS + r"(?:万元|元)|</td>)")
PERCENT = re.compile(r"(?<![\d.])(\d+\.\d{2})(?=" + TAGS + r"[%％])")
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)")
# Counts the data holds (staff, units, projects, vehicles …), not numbers in free text ("全区47个部门").
COUNT = re.compile(r"(?:编制|编制人数|在职|退休|单位共|所属单位|项目|共|其中|车辆|设备|人员)" + TAGS
                   + r"(\d+)(?=" + TAGS + r"(?:人|个|辆|台))|(?<![\d.])(\d+)(?=" + TAGS + r"人编制)")
COUNT_CELL = re.compile(r'<td class="num"[^>]*>(\d+)</td>')
ROW_CELLS = re.compile(r"<(t[dh])\b[^>]*>(.*?)</t[dh]>")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _replace(lines: list[str], n: int, start: int, end: int, new: str) -> str:
    """The text with line n (0-based) changed at [start, end)."""
    changed = lines[:]
    changed[n] = lines[n][:start] + new + lines[n][end:]
    return "\n".join(changed)


def _spans(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, int, str]]:
    """(line index, start, end, matched group 1) of every match outside chart images."""
    for n, line in enumerate(_lines(text)):
        if SKIP_LINE.search(line):
            continue
        for m in pattern.finditer(line):
            group = next(g for g in range(1, (pattern.groups or 1) + 1) if m[g] is not None)
            yield n, m.start(group), m.end(group), m[group]


def _numeric(text: str, cls: str, pattern: re.Pattern[str], change: Callable[[str, int], str | None]) -> list[Mutation]:
    lines, out = _lines(text), []
    for i, (n, a, b, old) in enumerate(_spans(text, pattern)):
        new = change(old, i)
        if new is not None and new != old:
            out.append(Mutation(cls, n + 1, (n + 1,), f"{old} → {new}", _replace(lines, n, a, b, new)))
    return out


def _plus_minus(step: Decimal, low: Decimal, high: Decimal | None = None) -> Callable[[str, int], str | None]:
    """Alternately + and − `step` (the other way when that would leave [low, high])."""
    def change(old: str, i: int) -> str:
        value = Decimal(old)
        new = value + step if i % 2 == 0 else value - step
        if new < low or (high is not None and new > high):
            new = value - step if i % 2 == 0 else value + step
        return f"{new:.{max(-value.as_tuple().exponent, 0)}f}"  # type: ignore[operator]
    return change


def amount_mutations(text: str) -> list[Mutation]:
    return _numeric(text, "text-amount", AMOUNT, _plus_minus(Decimal(1), Decimal(0)))


def percent_mutations(text: str) -> list[Mutation]:
    return _numeric(text, "text-percent", PERCENT, _plus_minus(Decimal("0.5"), Decimal(0), Decimal(100)))


def year_mutations(text: str) -> list[Mutation]:
    out = []
    for step in (1, -1):
        out += _numeric(text, "text-year", YEAR, lambda old, _i, step=step: str(int(old) + step))  # type: ignore[misc]
    return out


def count_mutations(text: str) -> list[Mutation]:
    def change(old: str, i: int) -> str:
        return str(int(old) + 1 if i % 2 == 0 or old == "0" else int(old) - 1)
    return _numeric(text, "text-count", COUNT, change) + _numeric(text, "text-count", COUNT_CELL, change)


def unit_groups(case: Case) -> list[set[str]]:
    """The names a text of this disclosure calls its units by, one set per unit: the department (full
    and short name), 本级 (when it has a name of its own), each subordinate unit."""
    d = case.d
    groups = [{d.unit.name, d.unit.short_name}]
    for m in members(d):
        if m.name not in groups[0]:
            groups.append({m.name})
    return groups


def unit_names(case: Case) -> list[str]:
    return sorted({n for g in unit_groups(case) for n in g if n}, key=len, reverse=True)


def other_names(case: Case, old: str) -> list[str]:
    """Names to swap in for `old`: another unit of the department (not the department's name for
    本级's, which a table may print either way), else another disclosure's unit, else the site's
    host organisation, else a made-up neighbour in the same region."""
    groups = unit_groups(case)
    mine = next(g for g in groups if old in g)
    found = [n for g in groups if g is not mine for n in sorted(g, key=len, reverse=True)]
    if old == members(case.d)[0].name:  # 本级's own name: not the department's
        found = [n for n in found if n not in groups[0]]
    if not found:
        host = re.sub(r"[（(][^（）()]*[）)]$", "", case.data.site.host_org or "")  # 示例区财政局（示例）
        found = [*case.neighbours[:8], host, f"{case.data.site.region}示例管理局"]
    return [n for n in dict.fromkeys(found) if n and norm(n) not in {norm(x) for x in mine}]


def unit_name_mutations(case: Case) -> list[Mutation]:
    names = unit_names(case)
    pattern = re.compile("(" + "|".join(re.escape(n) for n in names) + ")")
    lines, out = _lines(case.text), []
    shared = members(case.d)[0].code == case.d.unit.code  # 本级 and the department print the same code
    for n, a, b, old in _spans(case.text, pattern):
        choices = other_names(case, old)
        if shared and lines[n].lstrip().startswith("<tr"):  # a row with that code may name either
            same = unit_groups(case)[0] | {members(case.d)[0].name}
            choices = [x for x in choices if not (old in same and x in same)]
        if not choices:
            continue
        new = choices[(n + a) % len(choices)]
        out.append(Mutation("text-unit-name", n + 1, (n + 1,), f"{old} → {new}", _replace(lines, n, a, b, new)))
    return out


def _name_pool(case: Case) -> dict[tuple[str, int], list[str]]:
    """Names of the codes this disclosure uses, and of the catalogue, by scheme and code length."""
    pool: dict[tuple[str, int], list[str]] = {}
    used = {x.code[:k] for x in case.d.spending for k in (3, 5, 7)}
    used_econ = {x.code[:k] for x in case.d.basic_econ for k in (3, 5)}
    for scheme, codes in (("function", used), ("dept_econ", used_econ)):
        catalogue = case.data.catalogue.get(scheme, {})
        for code in sorted(codes) + sorted(catalogue):
            if code in catalogue:
                pool.setdefault((scheme, len(code)), []).append(catalogue[code][0])
    return {k: list(dict.fromkeys(v)) for k, v in pool.items()}


def _swap_name(pool: dict[tuple[str, int], list[str]], scheme: str, size: int, old: str, salt: int) -> str | None:
    same = norm(old).removesuffix("支出")
    choices = [x for x in pool.get((scheme, size), []) if norm(x).removesuffix("支出") != same]
    return choices[salt % min(len(choices), 8)] if choices else None


def _row_code(cells: list[tuple[str, str]]) -> tuple[str, int] | None:
    """(code, index of the name cell) of a table row that prints a code before its name."""
    tds: list[str] = []
    for i, (tag, text) in enumerate(cells):
        if tag == "th":
            code = "".join(tds)
            return (code, i) if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", code) and tds and tds[0] else None
        tds.append(text.strip())
    return None


def code_name_mutations(case: Case) -> list[Mutation]:
    pool, lines, out = _name_pool(case), _lines(case.text), []
    econ = False
    for n, line in enumerate(lines):
        if re.match(r"^#+\s", line) or "<caption" in line:
            econ = "经济分类" in line or bool(re.search(r"表\s*(?:2|3)&#45;1|表\s*(?:2|3)-1", line))
        if SKIP_LINE.search(line) or not line.lstrip().startswith("<tr"):
            continue
        cells = [(m[1], m[2]) for m in ROW_CELLS.finditer(line)]
        found = _row_code(cells)
        if not found:
            continue
        code, at = found
        scheme = "dept_econ" if econ or (len(code) == 5 and code[0] == "3") else "function"
        new = _swap_name(pool, scheme, len(code), cells[at][1], n)
        m = list(ROW_CELLS.finditer(line))[at]
        start = m.start(2)
        if new:
            out.append(Mutation("text-code-name", n + 1, (n + 1,), f"{code} {cells[at][1]} → {new}",
                                _replace(lines, n, start, start + len(cells[at][1]), new)))
    return out + _path_mutations(case, pool)


def _path_mutations(case: Case, pool: dict[tuple[str, int], list[str]]) -> list[Mutation]:
    """类/款/项 paths in prose: the 款 or the 项 name swapped for another one's."""
    lines, out = _lines(case.text), []
    for n, line in enumerate(lines):
        if SKIP_LINE.search(line):
            continue
        for m in PATH.finditer(line):
            for group, size in (("xiang", 7), ("kuan", 5)):
                new = _swap_name(pool, "function", size, m[group], n + m.start())
                if new and m[group]:
                    out.append(Mutation("text-code-name", n + 1, (n + 1,), f"（{group}）{m[group]} → {new}",
                                        _replace(lines, n, m.start(group), m.end(group), new)))
    return out


def text_mutations(case: Case) -> list[Mutation]:
    text = case.text
    return [*amount_mutations(text), *percent_mutations(text), *year_mutations(text), *unit_name_mutations(case),
            *code_name_mutations(case), *count_mutations(text)]
