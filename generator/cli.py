"""Command line: `python -m generator build|serve|schema`. The one place that turns errors into
messages and exit codes; tracebacks only with --debug."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from urllib.parse import urlsplit

from generator.errors import BuildError, GeneratorError
from generator.linkcheck import check_site
from generator.pipeline import generate_cached

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _config_file(root: Path) -> Path:
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise BuildError(f"{path}: 找不到 mkdocs.yml；请在项目根目录运行，或用 --root 指定")
    return path


def _mkdocs_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    log = logging.getLogger("mkdocs")
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.propagate = False
    try:  # jieba (Chinese search segmentation) announces its dictionary loading on stderr
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass


def build_site(root: Path, site_dir: Path, verbose: bool = False) -> Path:
    """Generate pages, build strictly into a fresh folder, then swap it in; the old site survives failure."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    result = generate_cached(root)
    _mkdocs_logging(verbose)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover(site_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-tmp-", dir=site_dir.parent))
    try:
        config = load_config(config_file=str(_config_file(root)), strict=True, site_dir=str(tmp))
        build(config)
        broken = check_site(tmp, urlsplit(config.site_url or "/").path or "/")
        if broken:
            raise BuildError("链接检查未通过，原网站未改动：\n" + "\n".join(str(b) for b in broken[:50]))
    except MkDocsException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"MkDocs 构建失败，原网站未改动：{exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, site_dir)
    print(f"已生成 {len(result.data.entries)} 份公开文本，网站位于 {site_dir}"
          f"（页面更新 {len(result.report.written)} 个，未变 {result.report.unchanged} 个）")
    return site_dir


def _recover(target: Path) -> None:
    """Undo what a killed build left: finish an interrupted swap, drop stale temporary folders."""
    old = target.with_name(f".{target.name}-old")
    if old.is_dir() and not target.exists():
        old.rename(target)
    for stale in target.parent.glob(f".{target.name}-tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old copy is deleted last."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def serve(root: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    generate_cached(root)
    _mkdocs_logging(True)
    mkdocs_serve(config_file=str(_config_file(root)), dev_addr=dev_addr, livereload=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="部门预算公开网站生成器")
    p.add_argument("--root", type=Path, default=Path("."), help="项目根目录（含 mkdocs.yml 与 data/），默认当前目录")
    p.add_argument("--debug", action="store_true", help="出错时显示 Python 调用栈")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    b = sub.add_parser("build", help="检查数据、生成页面并构建网站到 site/")
    b.add_argument("--site-dir", type=Path, default=None, help="输出目录，默认 <root>/site")
    b.add_argument("-v", "--verbose", action="store_true", help="显示 MkDocs 的详细输出")
    s = sub.add_parser("serve", help="本地预览；修改 data/ 中的 YAML 后自动重新生成")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    sub.add_parser("generate", help="只检查数据并生成 Markdown 页面到 content/generated/")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "build":
            build_site(root, args.site_dir or root / "site", args.verbose)
        elif args.command == "serve":
            serve(root, args.dev_addr)
        else:
            result = generate_cached(root)
            print(f"已生成 {len(result.report.written)} 个页面，{result.report.unchanged} 个未变")
    except GeneratorError as exc:
        if args.debug:
            raise
        print("错误：未生成网站，原有输出保持不变。", file=sys.stderr)
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
