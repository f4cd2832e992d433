"""`python -m generator release`: the subcommand's arguments and what it prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.release.epoch import SAFE_TAG

NAME = "release"
HELP = "构建网站并打包成可复现的 .tar.gz 与 .zip（含 SHA256SUMS 校验清单）"


def _file_part(value: str) -> str:
    """A package name or version: goes into file names and the folder inside the packages."""
    if not SAFE_TAG.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} 不能用于文件名：只用字母、数字和 . _ + -，以字母或数字开头")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    from generator.release.package import DEFAULT_NAME

    p.add_argument("--out", type=Path, default=None, help="发布包输出目录，默认 <root>/dist")
    p.add_argument("--site-dir", type=Path, default=None,
                   help="同时把构建好的网站保留在此目录（默认构建到临时目录，打包后删除）")
    p.add_argument("--name", type=_file_part, default=DEFAULT_NAME, help=f"发布包名称，默认 {DEFAULT_NAME}")
    p.add_argument("--version", type=_file_part, default=None,
                   help="版本号，默认取指向当前提交的 git 标签，没有标签时用时间戳的日期（如 20240601）")


def run(args: argparse.Namespace, root: Path) -> int:
    from generator.release.epoch import uncommitted
    from generator.release.package import release

    made = release(root, args.out or root / "dist", args.site_dir, args.name, args.version)
    if uncommitted(root):
        print("警告：git 工作区有未提交的修改（git status 可查看）；这个发布包无法从某一提交重新生成，"
              "正式发布前请先提交", file=sys.stderr)
    print(f"已生成发布包 {made.base}：网站 {made.files} 个文件，时间戳 {made.stamp.date}"
          f"（{made.stamp.epoch}，来源：{made.stamp.source}）")
    for path in made.paths:
        print(f"  {path}  sha256 {made.sha256(path)}")
    return 0
