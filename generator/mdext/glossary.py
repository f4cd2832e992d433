"""Glossary terms inside Chinese text, linked to their definitions with the definition as tooltip.

Python-Markdown's `abbr` finds terms with `\\b…\\b`; Chinese has no word boundaries, so a term
inside a sentence (本部门“三公”经费预算) is missed. This tree processor finds terms anywhere in
running text, longest first, asking for a boundary only next to ASCII letters and digits. It
links the first occurrence of each term in every section (h2), so a reader who jumps to a
section still finds the tooltip, without every repeat being underlined. Headings, links, code
and raw HTML (the budget tables) are left alone.

On a glossary page it instead gives each defined term (`<dt>`) the id the links point to.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.slugs import slugify

from generator.model import Term

SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"})
SECTION = frozenset({"h1", "h2"})
# Python-Markdown's placeholder for stashed raw HTML and entities: never match inside one.
PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_slug = slugify(case="lower")


@dataclass(frozen=True)
class PageTerms:
    """What the current page needs: the terms, and either the link to the glossary page (a path
    to its Markdown source, which MkDocs resolves and checks) or None when the page is the
    glossary itself (anchor mode)."""

    terms: tuple[Term, ...]
    glossary_link: str | None


def term_ids(terms: Sequence[Term]) -> dict[str, str]:
    """Stable, readable anchors (`#term-三公经费`), made unique in glossary order."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for t in terms:
        base = "term-" + (_slug(t.term, "-") or str(len(ids)))
        anchor, n = base, 1
        while anchor in taken:
            anchor, n = f"{base}_{n}", n + 1
        taken.add(anchor)
        ids.setdefault(t.term, anchor)
    return ids


def term_pattern(terms: Sequence[Term]) -> re.Pattern[str] | None:
    """One alternation, longest term first; placeholders are matched (and skipped) as a whole."""
    parts = []
    for t in sorted({t.term for t in terms if t.term.strip()}, key=len, reverse=True):
        head = r"(?<![A-Za-z0-9])" if t[0].isascii() and t[0].isalnum() else ""
        tail = r"(?![A-Za-z0-9])" if t[-1].isascii() and t[-1].isalnum() else ""
        parts.append(head + re.escape(t) + tail)
    if not parts:
        return None
    return re.compile(f"(?P<ph>{PLACEHOLDER.pattern})|(?P<term>{'|'.join(parts)})")


class GlossaryProcessor(Treeprocessor):
    def __init__(self, md: Markdown, page: PageTerms) -> None:
        super().__init__(md)
        self.page = page
        self.ids = term_ids(page.terms)
        self.definitions = {t.term: t.definition for t in page.terms}
        self.pattern = term_pattern(page.terms)
        self.seen: set[str] = set()

    def run(self, root: etree.Element) -> None:
        if self.page.glossary_link is None:
            self._anchor_terms(root)
        elif self.pattern is not None:
            for child in list(root):
                if child.tag in SECTION:
                    self.seen.clear()
                self._walk(child)

    def _anchor_terms(self, root: etree.Element) -> None:
        for dt in root.iter("dt"):
            term = self._plain_text(dt).strip()
            if term in self.ids and "id" not in dt.attrib:
                dt.set("id", self.ids[term])

    def _plain_text(self, el: etree.Element) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        return PLACEHOLDER.sub(lambda m: html.unescape(str(stash[int(m[1])])), "".join(el.itertext()))

    def _walk(self, el: etree.Element) -> None:
        if el.tag in SKIP:
            return
        children = list(el)  # before inserting links, which need no walking
        if el.text:
            el.text, new = self._link(el.text)
            for i, a in enumerate(new):
                el.insert(i, a)
        for child in children:
            self._walk(child)
            if child.tail:
                child.tail, new = self._link(child.tail)
                at = list(el).index(child) + 1
                for i, a in enumerate(new):
                    el.insert(at + i, a)

    def _link(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split `text` at first occurrences of unseen terms: (leading text, [<a> with tails])."""
        assert self.pattern is not None
        lead: str | None = None
        made: list[etree.Element] = []
        pos = 0
        for m in self._matches(text):
            a = etree.Element("a", {"href": f"{self.page.glossary_link}#{self.ids[m[0]]}",
                                    "class": "glossary-term", "title": self.definitions[m[0]]})
            a.text = AtomicString(m[0])
            if made:
                made[-1].tail = text[pos:m.start()]
            else:
                lead = text[:m.start()]
            made.append(a)
            pos = m.end()
        if not made:
            return text, []
        made[-1].tail = text[pos:]
        return lead or "", made

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        assert self.pattern is not None
        for m in self.pattern.finditer(text):
            term = m["term"]
            if term is not None and term not in self.seen:
                self.seen.add(term)
                yield m


class GlossaryExtension(Extension):
    """Links glossary terms. MkDocs builds a new Markdown instance per page, which calls
    `extendMarkdown`; `current` (given by the plugin) says what that page needs, so the extension
    itself never changes between pages."""

    def __init__(self, current: Callable[[], PageTerms | None], **kwargs: object) -> None:
        self.current = current
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        page = self.current()
        if page is not None and page.terms:
            # After inline processing (20), so text nodes are final; before prettify (10).
            md.treeprocessors.register(GlossaryProcessor(md, page), "glossary_terms", 15)
