"""load → derive → check → render → write: the whole generation step (`generate`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator import check, cores, downloads, errors, heap, schemadoc
from generator.charts import cache as chart_cache
from generator.charts import render as chart_render
from generator.check.finding import CheckError, Report, Severity
from generator.check.report import lines
from generator.downloads import Downloads
from generator.errors import BuildError, DataError, Location, problem
from generator.escape import UnsafeValue
from generator.load import Dataset, load
from generator.pagecache import PageCache, reusable
from generator.pages import Page, all_pages, nav
from generator.selection import ALL, Selection
from generator.templating import environment
from generator.unitkeys import unit_keys
from generator.view import Key, View, derive
from generator.writer import WriteReport, write_tree

GENERATED = "generated"


@dataclass(frozen=True)
class Result:
    data: Dataset
    nav: list[Any]
    report: WriteReport
    findings: Report = field(default_factory=Report)  # warnings and notes of the checks
    checked: bool = True  # False only for tests that render knowingly invalid data


def render_site(root: Path, data: Dataset, views: dict[Key, View],
                offered: Downloads | None = None, units: dict[str, str] | None = None) -> dict[str, str]:
    """Every page of the site in memory (see `render`): the pages of a disclosure whose inputs have
    not changed since the last build are read back (pagecache.py), the others rendered. `units`:
    unitkeys.unit_keys(data), when the caller has them already."""
    cache = PageCache(data, offered, units)
    reused = reusable(cache, views)
    pages: list[Page] = []

    def made() -> list[Page]:
        pages.extend(all_pages(data, views, offered, frozenset(reused)))
        return pages

    out = render(root, made)
    owned: dict[Key, dict[str, str]] = {}
    for page in pages:
        if page.owner is not None:
            owned.setdefault(page.owner, {})[page.path] = out[page.path]
    for owner, texts in owned.items():
        cache.store(owner, texts)
    for texts in reused.values():
        out.update(texts)
    return out


def render(root: Path, pages: list[Page] | Callable[[], list[Page]]) -> dict[str, str]:
    """Render every page in memory; nothing is written if any page fails. Charts are drawn once
    per distinct spec, read from the project's chart cache or drawn on the build's workers while
    the pages render (charts/cache.py); `pages` may be a function, so that the charts its pages
    make are batched."""
    with chart_cache.batch(chart_cache.cache_dir(root), chart_render.draw) as charts:
        out = _render_pages(root, pages() if callable(pages) else pages)
    return chart_cache.resolve(charts, out, chart_render.inline)


def _render_pages(root: Path, pages: list[Page]) -> dict[str, str]:
    env = environment(root)
    env.globals.update(schema_sections=schemadoc.sections, problem_codes=sorted(errors.PROBLEM_CODES.items()),
                       check_rules=check.catalogue)
    out: dict[str, str] = {}
    for page in pages:
        if page.path in out:
            raise DataError([problem("duplicate-disclosure", f"两处数据都要生成页面 {page.path}", Location("data/"))])
        try:
            out[page.path] = env.get_template(page.template).render({**page.context, "page": page})
        except jinja2.TemplateError as exc:
            raise BuildError(f"{_template_location(exc, page)}: 模板错误（生成 {page.path} 时）：{exc}") from None
        except UnsafeValue as exc:
            raise DataError([problem("newline", f"生成 {page.path} 时遇到无法安全输出的内容：{exc}",
                                     Location("data/"))]) from None
    return out


def _template_location(exc: jinja2.TemplateError, page: Page) -> str:
    """`file:line` of a template syntax error; the page's template for other template errors."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or page.template}:{exc.lineno}"
    return page.template


def generate(root: Path, checked: bool = True, selection: Selection = ALL) -> Result:
    """`checked=False` is for tests that render knowingly invalid data; no command offers it.
    `selection`: a subset build (`build --years/--units`), see selection.py."""
    # The workers for workbooks and charts, forked while the process is small; the collector kept
    # off the loaded data (heap.py).
    with heap.generation(), cores.pool():
        data = load(root, selection)
        if not data.entries and not selection.everything:
            raise BuildError(f"data/units/: 所选范围（{selection.describe()}）内没有任何公开数据；"
                             "请检查 --years 和 --units")
        heap.settled()
        views = derive(data)
        heap.settled()
        findings = check.check(data, views) if checked else Report()
        if findings.errors:  # nothing is rendered or written: the errors and warnings are the message
            raise CheckError([*lines(findings, Severity.ERROR, Severity.WARNING), f"检查结果：{findings.summary()}。"])
        out = root / "content" / GENERATED
        units = unit_keys(data)  # the inputs of each unit, for the downloads' and the pages' caches
        offered = downloads.make(data, views, out, units)  # static files the pages link to, with their sizes
        files: dict[str, str | bytes] = {**render_site(root, data, views, offered, units), **offered.files}
    report = write_tree(out, files)
    return Result(data, nav(data, f"{GENERATED}/"), report, findings, checked)


Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """What generation depends on: every data file and template, by path, size and mtime."""
    paths = [*(root / "data").rglob("*"), *(root / "templates").rglob("*"),
             *(Path(__file__).parent / "templates").rglob("*")]
    return tuple(sorted((str(p), st.st_size, st.st_mtime_ns) for p in paths if p.is_file() for st in [p.stat()]))


@dataclass(frozen=True)
class _Cached:
    fingerprint: Fingerprint
    result: Result


_cache: dict[tuple[Path, Selection], _Cached] = {}


def generate_cached(root: Path, selection: Selection = ALL) -> Result:
    """`generate` with every check, skipped when nothing it reads has changed since the last run in
    this process. Only checked results are kept, so nothing unchecked is ever served from here."""
    root = root.resolve()
    key = fingerprint(root)  # taken before generating: an edit made meanwhile is seen next time
    hit = _cache.get((root, selection))
    if hit and hit.fingerprint == key and (root / "content" / GENERATED).is_dir():
        return hit.result
    return remember(root, generate(root, selection=selection), key, selection)


def remember(root: Path, result: Result, key: Fingerprint | None = None, selection: Selection = ALL) -> Result:
    """Keep a checked `result` for the next `generate_cached` of `root` in this process (the bench fills it too)."""
    if not result.checked:
        raise ValueError("only checked results are kept")
    root = root.resolve()
    _cache[(root, selection)] = _Cached(key if key is not None else fingerprint(root), result)
    return result
