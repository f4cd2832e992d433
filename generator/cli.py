"""Command line: `python -m generator build|serve|generate|check`. The one place that turns errors into
messages and exit codes; tracebacks only with --debug."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator import freshness, heap
from generator import offline as offline_package
from generator.errors import BuildError, DataError, GeneratorError, HostError
from generator.release.epoch import normalise_environment
from generator.selection import ALL, Selection
from generator.selection import parse as parse_selection

if TYPE_CHECKING:  # imported where used: `build` with nothing changed answers before loading them
    from generator.pipeline import Result
    from generator.plugin import BudgetPlugin

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


UP_TO_DATE = "网站已是最新，未重新构建"


def build_site(root: Path, site_dir: Path, verbose: bool = False, offline: bool = False, *,
               prepared: Result | None = None, selection: Selection = ALL, site_url: str | None = None,
               remember: bool = True) -> Path:
    """Check and generate pages, build strictly into a fresh folder, then swap it in; the old site
    survives failure. `prepared` (a library call only: tests that render knowingly invalid data with
    `pipeline.generate(root, checked=False)`) replaces the checked generation. When nothing the
    build reads has changed since the last build of `site_dir`, nothing is done (freshness.py);
    `remember=False` (a throwaway folder, as `release` builds into) neither asks nor records."""
    normalise_environment()  # SOURCE_DATE_EPOCH: malformed stops here, empty counts as unset
    shim = (offline_package.find_shim(root),) if offline else ()  # fail first when `make setup` has not run
    if not offline:
        from generator import pagefind_index

        pagefind_index.executable()  # the served site's search index, written after MkDocs
    site_dir = site_dir.resolve()
    remember = remember and prepared is None
    stamp = ""
    if remember:
        stamp = freshness.inputs(root, {"site_dir": str(site_dir), "offline": offline, "site_url": site_url,
                                        "years": sorted(selection.years or ()),
                                        "units": sorted(selection.units or ())}, shim)
        if freshness.up_to_date(root, site_dir, stamp):
            print(f"{UP_TO_DATE}：{site_dir}")
            return site_dir
        freshness.forget(root, site_dir)
    from generator.pipeline import generate_cached

    result = prepared or generate_cached(root, selection)
    _print_findings(result)
    tmp = _prepare(site_dir)
    try:
        _mkdocs_build(root, tmp, verbose, offline, prepared, selection, site_url)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _publish(tmp, site_dir)
    if remember:
        freshness.record(root, site_dir, stamp)
    print(f"已生成 {len(result.data.entries)} 份公开文本，网站位于 {site_dir}"
          f"（生成的页面和下载文件更新 {len(result.report.written)} 个，未变 {result.report.unchanged} 个）")
    return site_dir


def _mkdocs_build(root: Path, tmp: Path, verbose: bool, offline: bool, prepared: Result | None,
                  selection: Selection = ALL, site_url: str | None = None) -> None:
    """MkDocs in strict mode into `tmp`, then every local link and anchor of the result checked."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.linkcheck import check_site

    _mkdocs_logging(verbose)
    try:
        config = load_config(config_file=str(_config_file(root)), strict=True, site_dir=str(tmp))
        if offline:  # the file:// review package, see generator/offline.py
            config.extra["offline"] = True
        plugin = _budget_plugin(config)
        if prepared is not None:
            plugin.prepared = prepared
        if not selection.everything:
            plugin.config["years"] = sorted(selection.years or ())
            plugin.config["units"] = sorted(selection.units or ())
        if site_url:
            plugin.config["site_url"] = site_url
        build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs 构建失败，原网站未改动：{exc}") from None
    broken = check_site(tmp, urlsplit(config.site_url or "/").path or "/")
    if broken:
        raise BuildError("链接检查未通过，原网站未改动：\n" + "\n".join(str(b) for b in broken[:50]))


def _budget_plugin(config: Any) -> BudgetPlugin:
    from generator.plugin import BudgetPlugin

    plugin = next((p for p in config.plugins.values() if isinstance(p, BudgetPlugin)), None)
    if plugin is None:
        raise BuildError(f"{_config_file(Path(config.config_file_path).parent)}: plugins 中没有 budget")
    return plugin


# File-system errors a finance officer can act on, said in Chinese.
_OS_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "所在磁盘只读",
    errno.EEXIST: "路径中有同名的文件", errno.ENOTDIR: "路径中有同名的文件", errno.ENOSPC: "磁盘空间不足",
}


def _reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _unwritable(folder: Path, exc: OSError) -> HostError:
    return HostError(f"无法写入网站文件夹 {folder}（{_reason(exc)}），原网站未改动；"
                     "请检查该位置的权限，或用 --site-dir 指定其他文件夹")


def _prepare(site_dir: Path) -> Path:
    """A fresh temporary folder next to `site_dir`, after cleaning up what a killed build left."""
    if site_dir.exists() and not site_dir.is_dir():
        raise HostError(f"无法写入网站文件夹 {site_dir}（这是一个文件，不是文件夹）；"
                        "请移走该文件，或用 --site-dir 指定其他文件夹")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        _recover(site_dir)
        return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-tmp-", dir=site_dir.parent))
    except OSError as exc:
        raise _unwritable(site_dir.parent, exc) from None


def _publish(tmp: Path, site_dir: Path) -> None:
    """Swap the checked new site in; on failure drop it and leave the old one."""
    try:
        _swap(tmp, site_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _unwritable(site_dir, exc) from None


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
    from generator.check.finding import Severity
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

    with heap.generation():  # a district's data, loaded and checked with few collections
        try:
            data = load(root)
        except DataError as exc:  # the data cannot be checked further: its problems are the report
            data, report = None, from_problems(exc)
        if data is not None:
            heap.settled()
            report = check(data)
            try:
                if args.audit:
                    audit(data, args.audit.resolve(), str(args.audit), args.unit, args.year, report)
            except DataError as exc:
                report.extend(from_problems(exc).findings)
    if args.format in ("github", "gitlab"):  # CI annotations, see generator/annotations.py
        from generator.annotations import for_ci

        print(for_ci(report, args.format, root))
    else:
        print(as_json(report) if args.format == "json" else as_text(report))
    return 1 if report.failed(args.strict) else 0


def _check_port(dev_addr: str) -> None:
    """Fail at once, before the first build, when the preview address cannot be listened on."""
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise HostError(f"预览地址 {dev_addr} 格式不对；请写成 主机:端口，如 --dev-addr 127.0.0.1:8000")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview server does
        try:
            probe.bind((host, int(port)))
        except OSError as exc:
            raise _port_error(dev_addr, exc) from None


def _port_error(dev_addr: str, exc: OSError) -> HostError:
    if exc.errno == errno.EADDRINUSE:
        return HostError(f"无法在 {dev_addr} 启动预览：端口已被其他程序占用；"
                         "请关闭占用它的程序，或用 --dev-addr 换一个端口，如 127.0.0.1:8001")
    return HostError(f"无法在 {dev_addr} 启动预览（{exc.strerror or exc}）；"
                     "请用 --dev-addr 指定本机的地址和端口，如 127.0.0.1:8000")


def serve(root: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.pipeline import generate_cached

    _check_port(dev_addr)
    generate_cached(root)
    _mkdocs_logging(True)
    try:
        mkdocs_serve(config_file=str(_config_file(root)), dev_addr=dev_addr, livereload=True)
    except OSError as exc:  # taken meanwhile by another program, after the check above
        if exc.errno != errno.EADDRINUSE:
            raise
        raise _port_error(dev_addr, exc) from None


def parser() -> argparse.ArgumentParser:
    # --root and --debug are accepted before or after the command (`check --root DIR` as the README
    # shows); SUPPRESS keeps a subcommand from resetting a value given before it. The defaults are
    # applied in main(): set_defaults() would change the actions the subcommands share.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                        help="项目根目录（含 mkdocs.yml 与 data/），默认当前目录")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="出错时显示 Python 调用栈")
    p = argparse.ArgumentParser(prog="python -m generator", description="部门预算公开网站生成器", parents=[common])
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=text, parents=[common])

    b = command("build", "检查数据、生成页面并构建网站到 site/")
    b.add_argument("--site-dir", type=Path, default=None, help="输出目录，默认 <root>/site")
    b.add_argument("-v", "--verbose", action="store_true", help="显示 MkDocs 的详细输出")
    b.add_argument("--offline", action="store_true",
                   help="离线审阅版：可从文件夹直接打开（含搜索），默认输出到 <root>/site-offline")
    b.add_argument("--years", metavar="年度,…", help="只构建这些年度，如 2023,2024（子站点或分片）")
    b.add_argument("--units", metavar="编码,…", help="只构建这些单位，如 101,102（子站点或分片）")
    b.add_argument("--site-url", metavar="URL", help="本次构建的发布网址，覆盖 data/site.yaml 的 url（分片各有子路径）")
    s = command("serve", "本地预览；修改 data/ 中的 YAML 后自动重新生成")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    command("generate", "只检查数据并生成 Markdown 页面到 content/generated/")
    c = command("check", "只检查数据，不生成页面；可用 --audit 核对一份已公开的文本")
    c.add_argument("--strict", action="store_true", help="有警告也按失败处理（退出状态 1）")
    c.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                   help="输出格式：text（默认）、json，或供 CI 标注的 github（工作流命令）、gitlab（代码质量报告）")
    c.add_argument("--audit", type=Path, metavar="FILE", help="核对一份已公开的文本（纯文本或 Markdown）与数据是否一致")
    c.add_argument("--unit", help="--audit 的文本所属单位编码（数据中有多个单位时）")
    c.add_argument("--year", type=int, help="--audit 的文本所属年度（数据中有多个年度时）")
    for module in _command_modules():
        module.add_arguments(command(module.NAME, module.HELP))
    return p


# Commands that live in their own module: each has NAME, HELP, add_arguments(parser) and
# run(args, root) -> exit status. A new command adds its module here and touches nothing else.
COMMAND_MODULES = (
    "generator.demo.command",
    "generator.diff.command",
    "generator.release.command",
    "generator.workbook.template_command",
    "generator.workbook.import_command",
    "generator.shards",
)


def _module_commands() -> dict[str, Any]:
    return {m.NAME: m for m in _command_modules()}


def _command_modules() -> list[Any]:
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = Path(getattr(args, "root", ".")).resolve()
    args.debug = getattr(args, "debug", False)
    try:
        if args.command == "build":
            default = root / ("site-offline" if args.offline else "site")
            build_site(root, args.site_dir or default, args.verbose, args.offline,
                       selection=parse_selection(args.years, args.units), site_url=args.site_url)
        elif args.command == "serve":
            serve(root, args.dev_addr)
        elif args.command == "check":
            return run_check(root, args)
        elif args.command in _module_commands():
            return int(_module_commands()[args.command].run(args, root))
        else:
            from generator.pipeline import generate_cached

            result = generate_cached(root)
            _print_findings(result)
            print(f"已生成页面和下载文件：更新 {len(result.report.written)} 个，{result.report.unchanged} 个未变")
    except (GeneratorError, OSError) as exc:
        if args.debug:
            raise
        _print_error(exc)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def _print_error(exc: GeneratorError | OSError) -> None:
    """The message for the user, on stderr: one line for the machine's problems, else a header and the lines."""
    if isinstance(exc, OSError):  # not foreseen above: still one located line, the traceback with --debug
        where = f"{exc.filename}：" if exc.filename else ""
        print(f"错误：{where}{_reason(exc)}（运行时加 --debug 可看详细信息）", file=sys.stderr)
    elif isinstance(exc, HostError):
        print(f"错误：{exc}", file=sys.stderr)
    else:
        print("错误：未生成网站，原有输出保持不变。", file=sys.stderr)
        for line in exc.lines():
            print(line, file=sys.stderr)
