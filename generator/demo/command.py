"""`python -m generator demo DIR`: the subcommand's arguments and what it prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "demo"
HELP = "生成一个虚构的示例区项目（多单位、多年度），可直接检查和构建"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", type=Path, metavar="DIR", help="输出目录（须为新的或空的文件夹）")
    p.add_argument("--units", type=int, default=71, help="单位个数，默认 71（47 个部门、24 个乡镇街道）")
    p.add_argument("--years", type=int, default=5, help="年度个数（截至 2024 年），默认 5")
    p.add_argument("--seed", type=int, default=1, help="随机种子，默认 1；同一种子生成的文件完全相同")


def run(args: argparse.Namespace, root: Path) -> int:
    from generator.demo import DemoError, make_demo

    try:
        summary = make_demo(args.dir.resolve(), args.units, args.years, args.seed)
    except DemoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    shapes = "、".join(f"{k} {v}" for k, v in sorted(summary.shapes.items()))
    print(f"已在 {summary.root} 生成示例区：{summary.units} 个单位、{summary.disclosures} 份公开数据"
          f"（{len(summary.shapes)} 种形态：{shapes}）")
    print(f"下一步：python -m generator check --root {summary.root}，或 build --root {summary.root}")
    return 0
