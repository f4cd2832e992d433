#!/usr/bin/env python
"""Mutation testing of the checker: how many single-fact changes it catches, and on the right line.

    python bench/mutations.py                        # every disclosure of the project in .
    python bench/mutations.py --root DIR --limit 40  # at most 40 mutations of each class per disclosure
    python bench/mutations.py --missed 10            # also list up to 10 missed mutations per class
    python bench/mutations.py --jobs 2               # disclosures in 2 processes

Each disclosure's pages are rendered, then one fact at a time is changed in the text (an amount,
a percentage, a year, a unit name, a code's name, a count) or in its YAML (a line's amount, a
subordinate unit's line, two 表6 projects swapped, a weight) and the check and audit are run
(see generator/check/mutation.py). The unmutated text must audit with no finding at all: the
command exits with status 1 when one does.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.check import mutation as mu
from generator.load import load


@dataclass
class Result:
    """What one disclosure's run sends back: counts by class, unexpected findings, missed mutations."""

    tallies: list[mu.Tally]
    noise: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def one(root: Path, unit: str, year: int, limit: int | None, seed: int, missed: int) -> Result:
    data = load(root)
    entry = next(e for e in data.entries if e.data.unit.code == unit and e.data.year == year)
    case = mu.make_case(data, entry)
    base, outcomes = mu.run_case(case, limit, seed)
    noise = [f"{unit} {year} 第 {f.location.line} 行 {f.code}：{f.message}" for f in mu.text_findings(base)]
    lost = []
    for cls in mu.CLASSES:
        for o in [o for o in outcomes if o.mutation.cls == cls and not o.at_line][:missed]:
            where = f"报在 {o.findings[0].location}：{o.findings[0].message[:60]}" if o.findings else "未发现"
            lost.append(f"{cls} {unit} {year} 第 {o.mutation.line} 行 {o.mutation.note[:80]}（{where}）")
    return Result(mu.tally(outcomes), noise, lost)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="检查规则的变异测试：改动一处事实，看检查能否在正确的行发现")
    ap.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 data/）")
    ap.add_argument("--limit", type=int, default=None, help="每份公开数据每类最多试多少个变异（随机抽样）")
    ap.add_argument("--seed", type=int, default=0, help="抽样用的随机种子")
    ap.add_argument("--unit", help="只测这个单位编码")
    ap.add_argument("--year", type=int, help="只测这个年度")
    ap.add_argument("--missed", type=int, default=0, help="每类每份列出多少个未发现（或未在正确行发现）的变异")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    keys = [(e.data.unit.code, e.data.year) for e in load(root).entries
            if (args.unit is None or e.data.unit.code == args.unit) and (args.year is None or e.data.year == args.year)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, min(args.jobs, len(keys)))) as pool:
        jobs = [pool.submit(one, root, u, y, args.limit, args.seed, args.missed) for u, y in keys]
        results = [j.result() for j in jobs]
    rows = [mu.Tally(cls, sum(t.tried for r in results for t in r.tallies if t.cls == cls),
                     sum(t.caught for r in results for t in r.tallies if t.cls == cls),
                     sum(t.at_line for r in results for t in r.tallies if t.cls == cls)) for cls in mu.CLASSES]
    dirty = [r for r in results if r.noise]
    print_table(rows, len(keys), len(dirty), time.perf_counter() - start)
    for line in [x for r in results for x in r.noise][:20]:
        print("未变异文本的发现：" + line, file=sys.stderr)
    for line in [x for r in results for x in r.missed]:
        print(line)
    return 1 if dirty else 0


def print_table(rows: list[mu.Tally], disclosures: int, dirty: int, seconds: float) -> None:
    print(f"公开数据 {disclosures} 份，未变异文本有发现的 {dirty} 份，用时 {seconds:.0f} 秒")
    print("| class | 类别 | tried | caught | caught at the right line | % caught | % at line |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r.cls} | {r.label} | {r.tried} | {r.caught} | {r.at_line} | {r.rate:.1f} | {r.line_rate:.1f} |")


if __name__ == "__main__":
    raise SystemExit(main())
