"""MkDocs hook: generate pages before every build, serve them at clean URLs, watch the data.

Listed under `hooks:` in mkdocs.yml, so `mkdocs build` and `mkdocs serve` work on their own; the
CLI generates first (to report data problems cleanly) and the hook then reuses that result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import Abort  # noqa: E402
from pathspec.gitignore import GitIgnoreSpec  # noqa: E402

from generator.errors import GeneratorError  # noqa: E402
from generator.pages import NOT_IN_NAV  # noqa: E402
from generator.pipeline import GENERATED, generate_cached  # noqa: E402

PREFIX = f"{GENERATED}/"


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: Any) -> Any:
    try:
        result = generate_cached(_root(config))
    except GeneratorError as exc:
        raise Abort("数据有误，未生成网站：\n" + "\n".join(exc.lines())) from None
    handwritten = sorted(
        p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md")
        if not p.relative_to(config.docs_dir).as_posix().startswith(PREFIX))
    config.nav = result.nav + handwritten
    config.not_in_nav = GitIgnoreSpec.from_lines([NOT_IN_NAV.format(prefix=PREFIX)])
    return config


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
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    root = _root(config)
    for folder in (root / "data", root / "templates", Path(__file__).parent / "templates"):
        if folder.is_dir():
            server.watch(str(folder))
    return server
