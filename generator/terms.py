"""The glossary a page shows: shared terms, a disclosure's own, and the site's government level."""

from __future__ import annotations

import dataclasses

from generator.model import Term

LEVEL_PLACEHOLDER = "{本级}"


def merged_terms(shared: tuple[Term, ...], own: tuple[Term, ...], level: str,
                 funds: frozenset[str] | None = None) -> list[Term]:
    """The shared glossary with this disclosure's terms replacing or following it; `{本级}` in a
    definition becomes the site's government level (区级, 县级 …), set once in data/site.yaml.
    With `funds`, a shared term about a fund the disclosure does not have is left out."""
    own_by_term = {t.term: t for t in own}
    shown = [t for t in shared if funds is None or t.requires is None or t.requires in funds or t.term in own_by_term]
    merged = [own_by_term.pop(t.term, t) for t in shown] + list(own_by_term.values())
    return [with_level(t, level) for t in merged]


def with_level(term: Term, level: str) -> Term:
    return dataclasses.replace(term, definition=term.definition.replace(LEVEL_PLACEHOLDER, level))
