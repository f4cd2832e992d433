"""MkDocs hook: generate pages before every build, serve them at clean URLs, watch the data.

Listed under `hooks:` in mkdocs.yml, so `mkdocs build` and `mkdocs serve` work on their own; the
CLI generates first (to report data problems cleanly) and the hook then reuses that result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from pathspec.gitignore import GitIgnoreSpec

from generator import offline
from generator.errors import GeneratorError
from generator.mdext.glossary import GlossaryExtension
from generator.pages import NOT_IN_NAV, NOT_IN_NAV_PAGES
from generator.pipeline import GENERATED, generate_as_before
from generator.portal import Portal, footer, html, site_url

PREFIX = f"{GENERATED}/"
# Per-build state for the portal and glossary events below (MkDocs loads this module anew per config).
_state: dict[str, Any] = {}
_glossary = GlossaryExtension()


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: Any) -> Any:
    try:
        result = generate_as_before(_root(config))
    except GeneratorError as exc:
        raise Abort("数据有误，未生成网站：\n" + "\n".join(exc.lines())) from None
    handwritten = sorted(
        p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md")
        if not p.relative_to(config.docs_dir).as_posix().startswith(PREFIX))
    config.nav = result.nav + handwritten
    config.not_in_nav = GitIgnoreSpec.from_lines([NOT_IN_NAV.format(prefix=PREFIX),
                                                  *(f"/{PREFIX}{name}" for name in NOT_IN_NAV_PAGES)])
    _portal_config(config, result.data)
    return config


def _portal_config(config: Any, data: Any) -> None:
    """Site name and footer from data/site.yaml, glossary links, and the file:// review variant."""
    _state["portal"] = Portal(data, PREFIX)
    config.site_name = html(data.site.site_name)
    try:
        config.site_url = site_url(data.site, _root(config)) or config.site_url
    except ValueError as exc:
        raise Abort(str(exc)) from None
    config.extra["portal"] = footer(data.site)
    config.markdown_extensions.append(_glossary)
    if offline.enabled(config):
        try:
            _state["shim"] = offline.find_shim(_root(config))
        except offline.ShimMissing as exc:
            raise Abort(str(exc)) from None
        config.extra["polyfills"] = [offline.SHIM_DEST]


def on_files(files: Any, config: Any) -> Any:
    """Serve generated/2024/103003/tables.md at /2024/103003/tables/ and refuse collisions."""
    taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(PREFIX)}
    for f in files:
        if f.src_uri.startswith(PREFIX):
            dest = f.dest_uri[len(PREFIX):]
            if dest in taken:
                raise Abort(f"content/{taken[dest]} 与生成的页面 content/{f.src_uri} 网址冲突，请改名或移走手写页面")
            f.dest_uri = dest
            for cached in ("url", "abs_dest_path"):
                f.__dict__.pop(cached, None)
    if "shim" in _state:
        files.append(File.generated(config, offline.SHIM_DEST, abs_src_path=str(_state["shim"])))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _glossary.page = _state["portal"].page_terms(page, files)
    page.meta.setdefault("search", {"boost": _state["portal"].search_boost(page.file.src_uri)})
    return markdown


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    page.meta["portal"] = _state["portal"].page_meta(page)  # theme/main.html prints them
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    return offline.fix_links(output) if offline.enabled(config) else output


def on_post_build(config: Any) -> None:
    if offline.enabled(config):
        offline.inline_search_index(Path(config.site_dir))


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    root = _root(config)
    for folder in (root / "data", root / "templates", Path(__file__).parent / "templates"):
        if folder.is_dir():
            server.watch(str(folder))
    return server
