"""`python -m generator diff OLD NEW`: what changed between two versions of the data, for review.

Exit status: 0 when the comparison ran, whatever it found; 1 on an error (a ref or folder that does
not exist, an output file that cannot be written). With --fail-on-new-errors, also 1 when the new
side has check errors the old side did not have, so CI can stop a pull request that breaks checks.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from generator.errors import HostError
from generator.writer import replace_atomically

NAME = "diff"
HELP = "比较两个版本的数据（git 提交或文件夹）：各表金额、项目、文字和检查结果的变化"
FORMATS = ("text", "markdown", "json")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help="旧版本：git 提交（分支、标签、提交号）或文件夹（项目根目录或 data/）")
    p.add_argument("new", metavar="NEW", help="新版本：同上；文件夹按当前目录解析，如 . 即当前文件夹（含未提交的改动）")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="输出格式：text（终端，默认）、markdown（合并请求评论）或 json（供程序读取）")
    p.add_argument("--output", type=Path, metavar="FILE", help="写入文件而不是打印")
    p.add_argument("--fail-on-new-errors", action="store_true",
                   help="新版本出现旧版本没有的检查错误时，退出状态为 1")


def run(args: argparse.Namespace, root: Path) -> int:
    from generator.diff import render_json, render_md, render_text
    from generator.diff.compare import compare
    from generator.diff.sources import open_side

    with ExitStack() as stack:
        old = open_side(args.old, root, stack)
        new = open_side(args.new, root, stack)
        diff = compare(old, new)
    renderer = {"text": render_text, "markdown": render_md, "json": render_json}[args.format]
    text = renderer.render(diff)
    if args.output:
        write(args.output, text)
        print(f"已写入 {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if args.fail_on_new_errors and diff.all_findings.new_errors else 0


def write(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename: never a half-written file."""
    target = path.resolve()
    if target.is_dir():
        raise HostError(f"无法写入 {path}：这是一个文件夹；请给出文件路径")
    try:
        replace_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    except OSError as exc:
        raise HostError(f"无法写入 {path}（{exc.strerror or exc}）；请检查该位置的权限，或换一个路径") from None
