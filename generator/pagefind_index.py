"""The served site's search index: Pagefind, written after MkDocs into `site/pagefind/`.

Why Pagefind and not Material's own index: Material's reader downloads the whole index
(search_index.json) before the first answer: 31 MB raw / 2.9 MB gzipped for the demo district's
1,760 pages, 20-30 s to the first results in Chromium. Pagefind splits its index into chunks by
word and one fragment per page: the first query downloads ~150-250 KB whatever the site's size
(bench/search_probe.py; figures in bench/README.md). The `file://` review package cannot fetch
chunks or load WebAssembly, so it keeps Material's search (generator/offline.py).

Pagefind reads a copy of each built page, changed for the index only (readers get the page as
MkDocs wrote it):
- its body is the article, without navigation, heading permalinks or chart internals;
- Chinese is cut into jieba's words, separated by spaces, and the page is declared in a language
  Pagefind does not segment (LANGUAGE): with zh, Pagefind's own segmenters (jieba in Rust at
  index time, the browser's Intl.Segmenter at query time) cut 住房公积金 differently on each side
  and the page that explains it was not found. The words are listed in WORDS, from which the
  search box cuts queries the same way (theme/assets/search-pagefind.js);
- a decimal point between digits becomes U+066B (ARABIC DECIMAL SEPARATOR, declared an indexed
  character): otherwise 133.05 is indexed as 133 and 05 and a search for it found every 133.xx;
- a table row's code cells (类 208, 款 05, 项 05) are joined into one cell, so 2080505 is found;
- the landing page's headline figures weigh as a heading does (HEADLINE_WEIGHT);
- the page's search boost (`portal.search_boost`, as Material used it) goes into its meta, by
  which the search box re-scores the first results, and the pages that explain (boost from
  PRIMARY up) are filter `tier:1`, searched first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import BuildError, HostError

OUTPUT = "pagefind"
DECIMAL = "\u066b"
# Pagefind's own Chinese segmentation (index: jieba in Rust; query: the browser's Intl.Segmenter)
# cut 住房公积金 differently on each side and the explanation page was not found: pages are
# indexed as a language Pagefind does not segment, with jieba's words already apart, and the
# search box cuts queries with the words listed in WORDS (longest match, as Material's did).
LANGUAGE = "und"
WORDS = "budget-words.txt"
# Pagefind's files a reader's browser can fetch; its ready-made UIs (~400 KB) are not used.
KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "index", "fragment", "filter", WORDS)
KEEP_SUFFIXES = (".pf_meta", ".pagefind")
EXCLUDE = [".headerlink", "nav", ".budget-chart__image", ".budget-chart__data", ".md-source-file"]
HEADLINE_WEIGHT = 5
# From this boost up, the pages that explain (a year's list of units 3, a landing page 2.5, its
# 预算情况说明 2: portal.DISCLOSURE_BOOST) are searched first, as filter tier 1.
PRIMARY = 2.0
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
_TEXT = re.compile(r">([^<]+)<")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LANG = re.compile(r'<html lang="[^"]*"')
_POINT = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CODES = re.compile(r'(?:<td class="code"[^>]*>[^<]*</td>\s*)+')
_CODE = re.compile(r'<td class="code"[^>]*>([^<]*)</td>')


class PagefindMissing(HostError):
    """The Pagefind binary (PyPI `pagefind[extended]`) is not installed."""


def multiplier(boost: float) -> float:
    """The score multiplier the search box applies (the page's `boost` meta) for Material's
    per-page boost (portal.search_boost): a negative boost (the data editors' reference pages)
    becomes a small positive one, since a multiplier must keep the order of positive scores."""
    return round(max(0.1, min(10.0, boost if boost > 0 else 0.1)), 2)


def _join_codes(row: str) -> str:
    def joined(m: re.Match[str]) -> str:
        code = "".join(c.strip() for c in _CODE.findall(m[0]))
        return f"<td>{code}</td>" if code else m[0]
    return _CODES.sub(joined, row)


@lru_cache(maxsize=1 << 17)
def _words(run: str) -> tuple[tuple[str, ...], str]:
    """A Han run's jieba words, and the run as the index holds it. Remembered: the same runs (the
    navigation, row labels, unit names) recur on every page: the demo district's 658,000 runs are
    5,600 distinct, and cutting each once took its index copies from 8.3 s to 2.1 s (same output)."""
    import jieba

    parts = tuple(w for w in jieba.cut(run, HMM=False) if w)
    return tuple(w for w in parts if len(w) > 1), " " + " ".join(parts) + " "


def _segment(text: str, words: set[str]) -> str:
    """Han runs cut into jieba's words, each between spaces; decimal points made U+066B."""
    def cut(run: re.Match[str]) -> str:
        long, spaced = _words(run[0])
        words.update(long)
        return spaced
    return _HAN.sub(cut, _POINT.sub(DECIMAL, text))


def index_copy(html: str, boost: float, words: set[str]) -> str | None:
    """The page as Pagefind reads it, or None for a page without an article (not indexed).
    The multi-character words of its text are added to `words` (the search box's vocabulary)."""
    found = _ARTICLE.search(html)
    if found is None:
        return None
    end = html.find("</article>", found.end())
    article = html[found.end():end if end >= 0 else len(html)]
    if '<td class="code"' in article:
        article = _ROW.sub(lambda m: _join_codes(m[0]), article)
    article = _TEXT.sub(lambda m: ">" + _segment(m[1], words) + "<", article)
    # The landing page's headline figures (收支总预算 133.05万元 …) weigh as a heading does.
    article = article.replace('<div class="headline"',
                              f'<div data-pagefind-weight="{HEADLINE_WEIGHT}" class="headline"')
    head = _LANG.sub(f'<html lang="{LANGUAGE}"', html[:found.end()], count=1)
    # Only tier 1 carries the filter (the search box asks for tier 1, then for everything): a filter
    # with two values is written in the order of Pagefind's hash map, which changes from run to run,
    # so the index would not be byte-identical between two builds of the same site.
    tier = ' data-pagefind-filter="tier:1"' if boost >= PRIMARY else ""
    return (head + f' data-pagefind-body data-pagefind-meta="boost:{boost}"' + tier + article
            + (html[end:] if end >= 0 else ""))


def pages(site: Path) -> Iterator[tuple[Path, str]]:
    """Every HTML page of the site with its URL relative to the site root (`2024/101/`)."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith(OUTPUT + "/"):
            continue
        yield path, rel[:-len("index.html")] if rel.endswith("index.html") else rel


def executable() -> Path:
    try:
        from pagefind.service import get_executable
        found = get_executable()
    except ImportError:
        found = None
    if found is None or not Path(found).is_file():
        raise PagefindMissing("找不到站内搜索索引工具 Pagefind（PyPI 包 pagefind[extended]），"
                              "请先运行 make setup 安装，再重新构建")
    return Path(found)


def _index(site: Path, out: Path, boost_of: Callable[[str], float | None]) -> int:
    """Write the pages' index copies to a scratch folder and run Pagefind's CLI over it (its
    Python API answers ten files a second: 3 minutes for the demo district, against 15 s)."""
    count = 0
    words: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="budget-pagefind-") as scratch:
        for path, url in pages(site):
            boost = boost_of(url)
            text = None if boost is None else index_copy(path.read_text(encoding="utf-8"), multiplier(boost), words)
            if text is not None:
                dest = Path(scratch) / path.relative_to(site)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
                count += 1
        args = [str(executable()), "--site", scratch, "--output-path", str(out), "--silent",
                "--include-characters", DECIMAL]
        for selector in EXCLUDE:
            args += ["--exclude-selectors", selector]
        run = subprocess.run(args, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise BuildError(f"{site}: 站内搜索索引（Pagefind）生成失败：{(run.stderr or run.stdout).strip()[:500]}")
    (out / WORDS).write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    return count


def build(site: Path, boost_of: Callable[[str], float | None]) -> int:
    """Index every page of the built site into `site/pagefind/`; returns the pages indexed.
    `boost_of(url)` is the page's search boost, None for a page kept out of search. Written
    beside, then renamed into place."""
    executable()
    tmp = site / f".{OUTPUT}-tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        count = _index(site, tmp, boost_of)
        for item in tmp.iterdir():
            if item.name not in KEEP and not item.name.endswith(KEEP_SUFFIXES):
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        shutil.rmtree(site / OUTPUT, ignore_errors=True)
        tmp.rename(site / OUTPUT)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return count


def documents(site: Path) -> dict[str, dict[str, Any]]:
    """What was indexed, per page URL (`2024/101/`): its text (`content`, with the index's word
    breaks and U+066B points) and `meta` (title, boost), read back from Pagefind's fragments."""
    import gzip
    import json

    out = {}
    for path in sorted((site / OUTPUT / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        out[str(fragment["url"]).lstrip("/")] = fragment
    return out
