"""`python -m generator template --unit CODE --year YEAR [--prefill] [--output FILE]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from generator.model import Disclosure

NAME = "template"
HELP = "生成填报用的 Excel 工作簿（--prefill 填入已有数据）；填好后用 import 导入"
CODE = re.compile(r"^[0-9]{1,20}$")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--unit", required=True, metavar="CODE", help="单位编码，如 103003")
    p.add_argument("--year", required=True, type=int, metavar="YEAR", help="年度，如 2024")
    p.add_argument("--prefill", action="store_true", help="填入 data/units/<单位编码>/<年度>.yaml 中的已有数据")
    p.add_argument("--output", type=Path, metavar="FILE", help="输出文件，默认为当前文件夹下的 <单位编码>-<年度>.xlsx")


def run(args: argparse.Namespace, root: Path) -> int:
    from generator.errors import DataError, HostError
    from generator.workbook.codes import load_codes
    from generator.workbook.template import build, save

    if not CODE.match(args.unit):
        raise HostError(f"单位编码应为数字，实际为“{args.unit}”")
    if not 1900 <= args.year <= 2200:
        raise HostError(f"年度应为四位年份，实际为 {args.year}")
    output: Path = args.output or Path(f"{args.unit}-{args.year}.xlsx")
    if output.suffix.lower() != ".xlsx":
        raise HostError(f"输出文件 {output} 的扩展名应为 .xlsx")
    if output.exists():
        raise HostError(f"{output} 已存在，未覆盖（它可能是已填写的工作簿）；请移走它，或用 --output 指定其他文件名")
    try:
        codes = load_codes(root)
        data = _prefill(root, args.unit, args.year) if args.prefill else None
    except DataError as exc:
        print("错误：数据文件有误，未生成工作簿：", file=sys.stderr)
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 1
    try:
        save(build(codes, args.unit, args.year, data), output)
    except OSError as exc:
        raise HostError(f"无法写入 {output}（{exc.strerror or exc}）；请检查文件夹是否存在、是否有写入权限") from None
    filled = f"已填入 data/units/{args.unit}/{args.year}.yaml 的数据" if data is not None else "空白模板"
    print(f"已生成工作簿 {output}（{filled}）。填好后运行：python -m generator import {output}")
    return 0


def _prefill(root: Path, unit: str, year: int) -> Disclosure:
    """The disclosure to fill in, bound by the project's loader; DataError when it has problems."""
    from generator.bind import INVALID, Binder
    from generator.errors import DataError, HostError
    from generator.yamlsafe import load_file

    rel = f"data/units/{unit}/{year}.yaml"
    if not (root / rel).is_file():
        raise HostError(f"找不到 {rel}，无法 --prefill；不加 --prefill 可生成空白模板")
    binder = Binder(rel)
    data = binder.bind(Disclosure, load_file(root / rel, rel), (0, 0), "")
    if binder.problems or data is INVALID:
        raise DataError(binder.problems)
    assert isinstance(data, Disclosure)
    return data
