"""`python -m generator import FILE.xlsx [--force]`: the messages a finance officer reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "import"
HELP = "把填好的 Excel 工作簿导入为 data/units/<单位编码>/<年度>.yaml（先全部检查，有误不改动任何文件）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE.xlsx", help="用 template 命令生成并填好的工作簿")
    p.add_argument("--force", action="store_true", help="已有的 YAML 与工作簿内容不同时，用工作簿的内容覆盖")


def run(args: argparse.Namespace, root: Path) -> int:
    from generator.workbook.importer import ImportRefused, import_workbook
    from generator.workbook.problems import WorkbookError

    try:
        outcome = import_workbook(root, args.file, str(args.file), force=args.force)
    except WorkbookError as exc:
        print(f"错误：工作簿有 {len(exc.problems)} 处问题，未改动任何文件：", file=sys.stderr)
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 1
    except ImportRefused as exc:
        print("错误：" + "\n".join(exc.lines()), file=sys.stderr)
        return 1
    for warning in outcome.warnings:
        print(f"警告：{warning.line(str(args.file))}", file=sys.stderr)
    done = {"created": "已新建", "updated": "已更新", "unchanged": "内容没有变化，未改动"}[outcome.status]
    print(f"{done} {outcome.rel}")
    return 0
