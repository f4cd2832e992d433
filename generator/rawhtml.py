"""The generator's HTML blocks (tables, charts) kept away from Python-Markdown's HTML parser.

Python-Markdown reads a raw HTML block tag by tag with the standard library's pure-Python
`html.parser`, only to pass it through unchanged. On the demo district that was two thirds of
MkDocs' time: a 预算表 page is mostly table markup. The templates put such blocks between two
marker lines (`<!--budget-html-->` … `<!--/budget-html-->`, at the start of a line); before
Markdown runs, the plugin swaps each outermost block for a token paragraph and, after, puts the
block back in its place. Built with the plugin off (the bench's baseline), the markers are plain
HTML comments and Markdown passes the blocks through as before: the same page.

A token carries a random part chosen per page, so text from the data cannot forge one; a token
missing from Markdown's output is an error, so a block is never silently dropped.
"""

from __future__ import annotations

import re
import secrets

OPEN = "<!--budget-html-->"
CLOSE = "<!--/budget-html-->"
_MARK = re.compile(r"^<!--(/?)budget-html-->\n?", re.M)


class UnbalancedMarkers(ValueError):
    """An open marker without its close, or a close without its open."""


class Stash:
    """One page's hidden blocks, by token."""

    def __init__(self) -> None:
        self.salt = secrets.token_hex(8)
        self.blocks: dict[str, str] = {}

    def hide(self, markdown: str) -> str:
        """`markdown` with each outermost marked block replaced by a token on its own line."""
        out: list[str] = []
        pos, depth, start = 0, 0, 0
        for mark in _MARK.finditer(markdown):
            if not mark[1]:
                if depth == 0:
                    start = mark.start()
                depth += 1
                continue
            depth -= 1
            if depth < 0:
                raise UnbalancedMarkers(f"第 {markdown.count(chr(10), 0, mark.start()) + 1} 行的 {CLOSE} 前没有 {OPEN}")
            if depth == 0:
                token = f"budgethtml{len(self.blocks)}x{self.salt}"
                self.blocks[token] = _MARK.sub("", markdown[start:mark.start()]).rstrip("\n")
                out += [markdown[pos:start], token, "\n"]
                pos = mark.end()
        if depth:
            raise UnbalancedMarkers(f"第 {markdown.count(chr(10), 0, start) + 1} 行的 {OPEN} 没有对应的 {CLOSE}")
        out.append(markdown[pos:])
        return "".join(out)

    def restore(self, html: str) -> str:
        """Markdown's output with every token replaced by its block."""
        if not self.blocks:
            return html
        pattern = re.compile(rf"<p>(budgethtml\d+x{self.salt})</p>|(budgethtml\d+x{self.salt})")
        seen: set[str] = set()

        def put(m: re.Match[str]) -> str:
            token = m[1] or m[2]
            seen.add(token)
            return self.blocks[token]

        out = pattern.sub(put, html)
        if len(seen) != len(self.blocks):
            lost = sorted(set(self.blocks) - seen)
            raise UnbalancedMarkers(f"Markdown 输出中缺少 {len(lost)} 个生成的表格或图表（{lost[0]}）")
        return out
