"""The one escaping function for data values written into Markdown (and the HTML inside it).

Measured (and checked again by tests/test_units.py and tests/test_hostile.py): of the approaches
tried, only writing every ASCII punctuation character of a data value as a numeric character
reference never changed the text and never let Markdown or HTML structure through. Newlines
cannot be made safe in a table row or a heading, so they are refused; the loader already keeps
them out of single-line fields.
"""

from __future__ import annotations

import string

_TABLE = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


class Safe(str):
    """Text that is already Markdown/HTML and must be printed as is (built by our own code)."""

    __slots__ = ()


class UnsafeValue(ValueError):
    """A value that cannot be written safely (a newline or a control character)."""


# Characters that end a line somewhere (Python's str.splitlines): never inside an escaped value.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def esc(value: object) -> Safe:
    """Escape a data value for Markdown text, HTML text and HTML attribute values alike."""
    if isinstance(value, Safe):
        return value
    text = str(value)
    if any(ch in text for ch in LINE_BREAKS):
        raise UnsafeValue(f"value contains a line break: {text[:40]!r}")
    text = "".join(ch for ch in text if ch == "\t" or ch >= " ")
    return Safe(text.translate(_TABLE))


def safe_url(url: str) -> Safe:
    """A link target from data: http(s), mailto or a relative path without a scheme."""
    lowered = url.strip().lower()
    if ":" in lowered.split("/")[0] and not lowered.startswith(_ALLOWED_SCHEMES):
        raise UnsafeValue(f"link scheme not allowed: {url[:40]!r}")
    return esc(url.strip())
