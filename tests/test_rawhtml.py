"""Generated HTML blocks skip Python-Markdown's HTML parser (rawhtml.py) and come back unchanged."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.rawhtml import CLOSE, OPEN, Stash, UnbalancedMarkers

TABLE = '<div class="budget-table">\n<table><tr><td>**not bold**</td><td>1,234.00</td></tr></table>\n</div>'
FIGURE = f'<figure id="c">\n<svg viewBox="0 0 1 1"></svg>\n{OPEN}\n{TABLE}\n{CLOSE}\n</figure>'


def page(*blocks: str) -> str:
    parts = ["# 标题", "一段 *文字*。"]
    for b in blocks:
        parts += [f"{OPEN}\n{b}\n{CLOSE}", "之后的段落。"]
    return "\n\n".join(parts) + "\n"


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables"])


def test_blocks_come_back_in_place_as_markdown_would_have_passed_them() -> None:
    text = page(TABLE, FIGURE)
    stash = Stash()
    hidden = stash.hide(text)
    assert "<table" not in hidden and "<svg" not in hidden and len(stash.blocks) == 2
    built = stash.restore(convert(hidden))
    plain = convert(text).replace(f"{OPEN}\n", "").replace(f"\n{CLOSE}", "")
    assert built.split() == plain.split()  # the same markup; only blank lines may differ
    assert built.index("<em>文字</em>") < built.index("**not bold**") < built.index('<svg viewBox="0 0 1 1">')
    assert OPEN not in built and CLOSE not in built


def test_a_page_without_markers_is_left_as_it_is() -> None:
    text = "# 手写页面\n\n<div>原样</div>\n"
    stash = Stash()
    assert stash.hide(text) == text and stash.restore("<p>x</p>") == "<p>x</p>"


def test_text_cannot_forge_a_token() -> None:
    stash = Stash()
    hidden = stash.hide(page(TABLE))
    token = next(iter(stash.blocks))
    forged = "budgethtml0x" + "0" * 16
    assert forged != token
    built = stash.restore(convert(hidden + f"\n{forged}\n"))
    assert built.count("<table>") == 1 and forged in built


@pytest.mark.parametrize("text", [f"{OPEN}\n<div>\n", f"<div>\n{CLOSE}\n", f"{OPEN}\n{OPEN}\n<p>\n{CLOSE}\n"])
def test_unbalanced_markers_are_refused(text: str) -> None:
    with pytest.raises(UnbalancedMarkers):
        Stash().hide(text)


def test_a_block_markdown_lost_is_an_error_not_a_missing_table() -> None:
    stash = Stash()
    stash.hide(page(TABLE))
    with pytest.raises(UnbalancedMarkers, match="缺少 1 个"):
        stash.restore("<p>nothing here</p>")


def test_built_pages_hold_every_generated_table(built_sample: Path) -> None:
    """The sample's 预算表 page: every table the Markdown holds is in the HTML, no marker left."""
    md = (built_sample.parent / "content" / "generated" / "2024" / "103003" / "tables.md").read_text(encoding="utf-8")
    html = (built_sample / "2024" / "103003" / "tables" / "index.html").read_text(encoding="utf-8")
    assert md.count(OPEN) == md.count('<table class="budget"') == html.count('<table class="budget"') > 10
    assert "budgethtml" not in html and "budget-html" not in html
