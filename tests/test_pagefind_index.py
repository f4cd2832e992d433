"""The page copies Pagefind indexes (generator/pagefind_index.py), and a build without Pagefind."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cli
from generator.pagefind_index import DECIMAL, documents, index_copy, multiplier
from tests.conftest import run_cli

PAGE = """<!doctype html><html lang="zh"><head><title>t</title></head><body><nav>导航 三公经费</nav>
<article class="md-content__inner md-typeset"><h1 id="a">住房公积金</h1>
<p>收入133.05万元，增长2.5%。</p>
<table><tr><td class="code">208</td><td class="code">05</td><td class="code">05</td>
<th scope="row">机关事业单位基本养老保险缴费支出</th><td class="num">12.30</td></tr>
<tr><td class="code">208</td><td class="code"></td><td class="code"></td>
<th scope="row">社会保障和就业支出</th><td class="num">1.00</td></tr></table>
</article></body></html>"""


def test_the_index_copy_keeps_amounts_and_codes_whole_and_cuts_words() -> None:
    words: set[str] = set()
    copy = index_copy(PAGE, 2.5, words)
    assert copy is not None
    assert '<html lang="und"' in copy  # a language Pagefind does not segment again
    assert f"133{DECIMAL}05" in copy and f"2{DECIMAL}5" in copy and f"12{DECIMAL}30" in copy
    assert "<td>2080505</td>" in copy and "<td>208</td>" in copy  # 类 alone stays 208
    assert 'class="code"' not in copy
    assert " 住房 公积金 " in copy  # jieba's words apart
    assert {"住房", "公积金", "收入", "增长"} <= words and "万元" in words
    assert 'data-pagefind-body data-pagefind-meta="boost:2.5" data-pagefind-filter="tier:1"' in copy
    assert "<nav>导航 三公经费</nav>" in copy  # outside the article: untouched (and not indexed)


def test_pages_without_an_article_are_not_indexed_and_boosts_become_multipliers() -> None:
    assert index_copy("<html><body><p>1.5</p></body></html>", 1.0, set()) is None
    assert multiplier(-1.0) == 0.1 and multiplier(0.3) == 0.3 and multiplier(3.0) == 3.0 and multiplier(50) == 10.0
    copy = index_copy(PAGE, 0.6, set())
    # only tier 1 is a filter value: a second value would make the index differ from build to build
    assert copy is not None and "data-pagefind-filter" not in copy and 'data-pagefind-meta="boost:0.6"' in copy


def test_a_built_site_is_indexed_page_by_page(built_sample: Path) -> None:
    docs = documents(built_sample)
    assert "2024/103003/" in docs and "404.html" not in docs
    assert (built_sample / "pagefind" / "budget-words.txt").read_text(encoding="utf-8").count("\n") > 100
    for unused in ("pagefind-ui.js", "pagefind-component-ui.js", "pagefind-highlight.js"):
        assert not (built_sample / "pagefind" / unused).exists()


def test_a_build_without_pagefind_says_what_to_install_and_writes_nothing(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(project / "no-such-pagefind"))
    assert cli.main(["--root", str(project), "build"]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Pagefind" in lines[0] and "make setup" in lines[0], lines
    assert not (project / "site").exists()


def test_a_handwritten_page_kept_out_of_search_is_not_indexed(project: Path) -> None:
    (project / "content" / "notes.md").write_text("---\nsearch:\n  exclude: true\n---\n\n# 内部说明\n\n不供搜索。\n",
                                                 encoding="utf-8")
    (project / "content" / "help.md").write_text("# 使用帮助\n\n如何查找预算。\n", encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    docs = documents(project / "site")
    assert "help/" in docs and "notes/" not in docs
