"""Command line: `python -m generator build|serve|generate|check`. The one place that turns errors into
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

from generator.check.finding import Severity
from generator.errors import BuildError, DataError, GeneratorError
from generator.linkcheck import check_site
from generator.pipeline import Result, generate_cached

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


def build_site(root: Path, site_dir: Path, verbose: bool = False, offline: bool = False,
               checked: bool = True) -> Path:
    """Generate pages, build strictly into a fresh folder, then swap it in; the old site survives failure."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    result = generate_cached(root, checked)
    _print_findings(result)
    _mkdocs_logging(verbose)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover(site_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-tmp-", dir=site_dir.parent))
    try:
        config = load_config(config_file=str(_config_file(root)), strict=True, site_dir=str(tmp))
        if offline:  # the file:// review package, see generator/offline.py
            config.extra["offline"] = True
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


def _print_findings(result: Result) -> None:
    """Warnings of the checks (errors stop generation before this): one line each, on stderr."""
    from generator.check.report import lines

    for line in lines(result.findings, Severity.WARNING):
        print(line, file=sys.stderr)
    if result.findings.notes:
        print(f"另有 {len(result.findings.notes)} 条提示，运行 python -m generator check 查看。")


def run_check(root: Path, args: argparse.Namespace) -> int:
    """`check`: every rule over the data, and over a published text with --audit; nothing is written."""
    from generator.check import audit, check
    from generator.check.report import as_json, as_text, from_problems
    from generator.load import load

    try:
        data = load(root)
    except DataError as exc:  # the data cannot be checked further: its problems are the report
        data, report = None, from_problems(exc)
    if data is not None:
        report = check(data)
        try:
            if args.audit:
                audit(data, args.audit.resolve(), str(args.audit), args.unit, args.year, report)
        except DataError as exc:
            report.extend(from_problems(exc).findings)
    print(as_json(report) if args.format == "json" else as_text(report))
    return 1 if report.failed(args.strict) else 0


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
    b.add_argument("--offline", action="store_true",
                   help="离线审阅版：可从文件夹直接打开（含搜索），默认输出到 <root>/site-offline")
    s = sub.add_parser("serve", help="本地预览；修改 data/ 中的 YAML 后自动重新生成")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    g = sub.add_parser("generate", help="只检查数据并生成 Markdown 页面到 content/generated/")
    for command in (b, g):
        command.add_argument("--no-check", action="store_true",
                             help="不做数据检查直接生成（只用于测试页面显示，切勿用于发布）")
    c = sub.add_parser("check", help="只检查数据，不生成页面；可用 --audit 核对一份已公开的文本")
    c.add_argument("--strict", action="store_true", help="有警告也按失败处理（退出状态 1）")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    c.add_argument("--audit", type=Path, metavar="FILE", help="核对一份已公开的文本（纯文本或 Markdown）与数据是否一致")
    c.add_argument("--unit", help="--audit 的文本所属单位编码（数据中有多个单位时）")
    c.add_argument("--year", type=int, help="--audit 的文本所属年度（数据中有多个年度时）")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "build":
            default = root / ("site-offline" if args.offline else "site")
            build_site(root, args.site_dir or default, args.verbose, args.offline, not args.no_check)
        elif args.command == "serve":
            serve(root, args.dev_addr)
        elif args.command == "check":
            return run_check(root, args)
        else:
            result = generate_cached(root, not args.no_check)
            _print_findings(result)
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
