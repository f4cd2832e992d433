"""`python -m generator shards index --out DIR SHARD_DIR…`: one small page that links built shards.

A province is too big for one build, so CI builds it in shards, each a complete site of a subset
(`build --years 2024 --site-dir public/2024 --site-url https://…/yjsgk/2024/`, one job each; see
bench/README.md). This command, run after the shards are collected under one folder, writes that
folder's index.html: a static page in the site's language that links each shard and says which
years and how many units it holds, read from the shard's own folders (<year>/<unit>/index.html)
and its home page's title. It makes no request outside itself and needs no script.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError, GeneratorError
from generator.writer import atomic_write

NAME = "shards"
HELP = "分片构建：为多个分别构建的子站点生成一个总入口页面"

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@dataclass(frozen=True)
class Shard:
    href: str  # relative to the index page, ending in "/"
    title: str
    years: tuple[int, ...]
    units: int


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("index",), help="index：写出总入口页面 DIR/index.html")
    p.add_argument("shard_dirs", nargs="+", type=Path, metavar="SHARD_DIR",
                   help="已构建的分片文件夹（须在 --out 之内）")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="放各分片的发布文件夹，入口页面写在这里")
    p.add_argument("--title", help="入口页面标题，默认取第一个分片首页的标题")


def run(args: argparse.Namespace, root: Path) -> int:
    try:
        shards = [read_shard(args.out.resolve(), d.resolve()) for d in args.shard_dirs]
        page = write_index(args.out.resolve(), shards, args.title)
    except GeneratorError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已写出分片入口页面 {page}（{len(shards)} 个分片）")
    return 0


def read_shard(out: Path, folder: Path) -> Shard:
    """What a built shard holds, from its folders: <year>/index.html and <year>/<unit>/index.html."""
    home = folder / "index.html"
    if not home.is_file():
        raise BuildError(f"{folder}: 不是已构建的网站（没有 index.html）；请先运行 build --site-dir {folder}")
    if not folder.is_relative_to(out) or folder == out:
        raise BuildError(f"{folder}: 分片须放在 --out 文件夹 {out} 之内的子文件夹中，入口页面才能用相对链接指向它")
    years = sorted(int(y.name) for y in folder.iterdir() if re.fullmatch(r"[0-9]{4}", y.name)
                   and (y / "index.html").is_file())
    units = {u.name for y in years for u in (folder / str(y)).iterdir()
             if u.name.isdigit() and (u / "index.html").is_file()}  # unit folders, not 2024/overview/
    match = _TITLE.search(home.read_text(encoding="utf-8", errors="replace"))
    title = html.unescape(re.sub(r"<[^>]+>", "", match[1])).strip() if match else folder.name
    return Shard(os.path.relpath(folder, out).replace(os.sep, "/") + "/", title, tuple(years), len(units))


def label(s: Shard) -> str:
    if not s.years:
        return f"{s.units} 个单位"
    years = f"{s.years[0]}年" if len(s.years) == 1 else f"{s.years[0]}—{s.years[-1]}年（{len(s.years)} 个年度）"
    return f"{years}，{s.units} 个单位"


def index_html(shards: list[Shard], title: str) -> str:
    """The entry page: a heading and one link per shard, readable on a phone and by a screen reader."""
    items = "\n".join(f'<li><a href="{html.escape(s.href)}">{html.escape(label(s))}</a></li>' for s in shards)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ margin: 0 auto; max-width: 40rem; padding: 1rem; font-family: sans-serif; line-height: 1.6; color: #1a1a1a; }}
h1 {{ font-size: 1.5rem; }}
ul {{ padding: 0; list-style: none; }}
li {{ margin: 0 0 0.8rem; padding: 0.6rem 0.8rem; border: 1px solid #ccc; }}
a {{ color: #8b1a1a; font-weight: bold; text-decoration: underline; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>本站按年度或单位分为以下几部分，请选择：</p>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""


def write_index(out: Path, shards: list[Shard], title: str | None = None) -> Path:
    page = out / "index.html"
    atomic_write(page, index_html(shards, title or shards[0].title))
    return page
