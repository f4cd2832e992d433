"""The MkDocs plugin: generate pages before every build, serve them at clean URLs, watch the data.

Enabled under `plugins:` in mkdocs.yml (entry point `budget`, declared in pyproject.toml), so plain
`mkdocs build` and `mkdocs serve` work on their own. The CLI generates first (to report data
problems cleanly) and the plugin then reuses that result: `pipeline.generate_cached` always checks,
so no sequence of calls publishes data that fails a check. All state lives on the plugin instance,
which MkDocs makes anew for every configuration it loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pathspec.gitignore import GitIgnoreSpec

from generator import offline, pagefind_index, rawhtml, searchtext
from generator.errors import GeneratorError
from generator.mdext.glossary import GlossaryExtension, PageTerms
from generator.pages import NOT_IN_NAV, NOT_IN_NAV_PAGES
from generator.pipeline import GENERATED, Result, generate_cached
from generator.portal import EXPECTED_URL, NOT_FOUND_TITLE, Portal, folder_address, footer, html, meta_tags, site_url
from generator.selection import Selection

PREFIX = f"{GENERATED}/"


class BudgetConfig(Config):  # type: ignore[no-untyped-call]
    """`plugins: - budget: {offline: true}`: the file:// review package (see generator/offline.py).
    `years`, `units` (empty: all) build a subset and `site_url` overrides data/site.yaml's url, for
    a shard served under its own sub-path (see selection.py; `build --years/--units/--site-url`)."""

    offline = c.Type(bool, default=False)
    years = c.ListOfItems(c.Type(int), default=[])
    units = c.ListOfItems(c.Type(str), default=[])
    site_url = c.Type(str, default="")

    def selection(self) -> Selection:
        return Selection(frozenset(self.years) if self.years else None, frozenset(self.units) if self.units else None)


class BudgetPlugin(BasePlugin[BudgetConfig]):  # type: ignore[no-untyped-call]
    """Pages from data/, clean URLs, the portal shell and glossary links."""

    def __init__(self) -> None:
        # A library caller (tests rendering knowingly invalid data) may hand over a result made
        # with `pipeline.generate(root, checked=False)`; the CLI and MkDocs never do.
        self.prepared: Result | None = None
        self.portal: Portal | None = None
        self.shim: Path | None = None
        self.page_terms: PageTerms | None = None
        self.stash = rawhtml.Stash()
        # page URL → search boost (None: not searched), for Pagefind on the served site
        self.search_boosts: dict[str, float | None] = {}
        self.glossary = GlossaryExtension(lambda: self.page_terms)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = _root(config)
        try:
            result = self.prepared or generate_cached(root, self.config.selection())
        except GeneratorError as exc:
            raise Abort("数据有误，未生成网站：\n" + "\n".join(exc.lines())) from None
        handwritten = sorted(
            p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md")
            if not p.relative_to(config.docs_dir).as_posix().startswith(PREFIX))
        config.nav = result.nav + handwritten
        config.not_in_nav = GitIgnoreSpec.from_lines([NOT_IN_NAV.format(prefix=PREFIX),
                                                      *(f"/{PREFIX}{name}" for name in NOT_IN_NAV_PAGES)])
        self._portal_config(config, result, root)
        return config

    def _portal_config(self, config: MkDocsConfig, result: Result, root: Path) -> None:
        """Site name and footer from data/site.yaml, glossary links, and the file:// review variant."""
        data = result.data
        self.portal = Portal(data, PREFIX)
        config.site_name = html(data.site.site_name)
        try:
            config.site_url = self._site_url() or site_url(data) or config.site_url
        except ValueError as exc:
            raise Abort(str(exc)) from None
        config.extra["portal"] = footer(data.site)
        config.markdown_extensions.append(self.glossary)  # type: ignore[arg-type]
        if self.offline(config):
            config.extra["offline"] = True
            try:
                self.shim = offline.find_shim(root)
            except offline.ShimMissing as exc:
                raise Abort(str(exc)) from None
            config.extra["polyfills"] = [offline.SHIM_DEST]

    def _site_url(self) -> str | None:
        url = self.config.site_url
        if not url:
            return None
        address = folder_address(url)
        if address is None:
            raise Abort(f"--site-url（site_url）{EXPECTED_URL}，实际为 {url!r}")
        return address

    def offline(self, config: MkDocsConfig) -> bool:
        return self.config.offline or offline.enabled(config)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Serve generated/2024/103003/tables.md at /2024/103003/tables/ and refuse collisions."""
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(PREFIX)}
        for f in files:
            if f.src_uri.startswith(PREFIX):
                dest = f.dest_uri[len(PREFIX):]
                if dest in taken:
                    raise Abort(f"content/{taken[dest]} 与生成的页面 content/{f.src_uri} 网址冲突，"
                                "请改名或移走手写页面")
                f.dest_uri = dest
                for cached in ("url", "abs_dest_path"):
                    f.__dict__.pop(cached, None)
        if self.shim is not None:
            files.append(File.generated(config, offline.SHIM_DEST, abs_src_path=str(self.shim)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.portal is not None
        # Read by the glossary extension when MkDocs builds this page's Markdown instance.
        self.page_terms = self.portal.page_terms(page, files)
        boost = self.portal.search_boost(page.file.src_uri)
        if self.offline(config):
            page.meta.setdefault("search", {"boost": boost})
        else:  # searched with Pagefind (on_post_build): Material's index is not built
            own = page.meta.get("search") or {}  # a handwritten page's front matter
            self.search_boosts[page.url] = None if own.get("exclude") else float(own.get("boost", boost))
            page.meta["search"] = {"exclude": True}
        self.stash = rawhtml.Stash()  # the generated tables and charts, put back in on_page_content
        try:
            return self.stash.hide(markdown)
        except rawhtml.UnbalancedMarkers as exc:
            raise Abort(f"content/{page.file.src_uri}：{exc}") from None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        try:
            html = self.stash.restore(html)
        except rawhtml.UnbalancedMarkers as exc:
            raise Abort(f"content/{page.file.src_uri}：{exc}") from None
        # Separators between table cells for Material's search plugin, which reads page.content next
        # (on_page_context); on_post_page takes them out of the page written to disk. Only the
        # offline package has that index: the served site's pages are excluded from it (Pagefind).
        return searchtext.mark(html) if self.offline(config) else html

    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        assert self.portal is not None
        page.meta["portal"] = self.portal.page_meta(page)  # theme/main.html prints them
        return context

    def on_template_context(self, context: Any, template_name: str, config: MkDocsConfig) -> Any:
        """Static templates (404.html) carry the site's portal meta tags too (theme/main.html)."""
        assert self.portal is not None
        if template_name == "404.html":
            context["portal_meta"] = meta_tags(self.portal.data.site, None, NOT_FOUND_TITLE)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not self.offline(config):
            return output
        return offline.fix_links(searchtext.strip(output))

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.offline(config):
            offline.inline_search_index(site)
            return
        # The served site: Pagefind's index instead of Material's (empty) one.
        (site / "search" / "search_index.json").unlink(missing_ok=True)
        if (site / "search").is_dir() and not any((site / "search").iterdir()):
            (site / "search").rmdir()
        try:
            pagefind_index.build(site, lambda url: self.search_boosts.get(url, 1.0))
        except GeneratorError as exc:
            raise Abort(str(exc)) from None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = _root(config)
        for folder in (root / "data", root / "templates", Path(__file__).parent / "templates"):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _root(config: MkDocsConfig) -> Path:
    return Path(str(config.config_file_path)).resolve().parent
