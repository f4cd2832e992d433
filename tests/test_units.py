"""Small behaviours the rest relies on: money, escaping, shares, code names, the schema page."""

from __future__ import annotations

import dataclasses
import html
import re
import typing
from decimal import Decimal

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import errors, model, schemadoc
from generator.derive import shares
from generator.escape import Safe, UnsafeValue, esc, safe_url
from generator.money import AmountError, fmt, parse_amount, yuan_to_wan
from generator.tables import numeral


def test_amounts_are_exact_decimals_with_two_places() -> None:
    assert parse_amount(Decimal("133.05")) == Decimal("133.05")
    assert str(parse_amount(7)) == "7.00"
    assert fmt(Decimal("57.6")) == "57.60"
    assert yuan_to_wan(Decimal("1330470.18")) == Decimal("133.05")


@pytest.mark.parametrize("raw, reason", [
    (Decimal("1.005"), "最多保留 2 位小数"),
    (Decimal("-1"), "不能为负数"),
    (Decimal("1e13"), "超出合理范围"),
    (1.5, "浮点数"),
    (True, "应为金额数字"),
    ("abc", "应为金额数字"),
])
def test_bad_amounts_are_refused_with_a_reason(raw: object, reason: str) -> None:
    with pytest.raises(AmountError, match=reason):
        parse_amount(raw)


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=30))
def test_shares_of_a_whole_add_to_exactly_one_hundred(parts: list[Decimal]) -> None:
    whole = sum(parts, Decimal(0))
    result = shares(parts, whole)
    if whole:
        assert sum(result, Decimal(0)) == Decimal("100.00")
        for part, pct in zip(parts, result, strict=True):
            assert abs(pct - part * 100 / whole) < Decimal("0.01")


def test_shares_of_the_sample_match_the_official_rounding() -> None:
    parts = [Decimal("115.40"), Decimal("8.26"), Decimal("2.87"), Decimal("6.52")]
    assert shares(parts, Decimal("133.05")) == [Decimal(x) for x in ("86.73", "6.21", "2.16", "4.90")]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_escaped_text_renders_as_the_same_text(text: str) -> None:
    """Through Python-Markdown, an escaped value comes back as exactly its text, with no markup."""
    out = markdown.markdown(f"前{esc(text)}后", extensions=["attr_list", "tables", "def_list"])
    assert re.fullmatch(r"<p>前(.*)后</p>", out, re.S), out
    inner = out[len("<p>前"):-len("后</p>")]
    assert "<" not in inner.replace("&lt;", "")
    assert html.unescape(inner) == text.strip(" ") or html.unescape(inner).strip() == text.strip()


def test_escaping_refuses_line_breaks_and_keeps_safe_text() -> None:
    with pytest.raises(UnsafeValue):
        esc("a\nb")
    assert esc(Safe("<b>ours</b>")) == "<b>ours</b>"
    assert esc("a|b") == "a&#124;b"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:x", "data:text/html,x", "vbscript:x"])
def test_unsafe_link_schemes_are_refused(url: str) -> None:
    with pytest.raises(UnsafeValue):
        safe_url(url)


@pytest.mark.parametrize("url", ["https://www.dachuan.gov.cn/", "mailto:xxgk@example.cn", "../2023/"])
def test_allowed_links_pass(url: str) -> None:
    assert html.unescape(safe_url(url)) == url


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (26, "二十六")])
def test_row_numerals(n: int, text: str) -> None:
    assert numeral(n) == text


def _records() -> list[type]:
    return [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


@pytest.mark.parametrize("cls", _records(), ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type) -> None:
    assert cls.ZH  # type: ignore[attr-defined]
    for fl in dataclasses.fields(cls):
        assert fl.metadata["label"] and fl.metadata["doc"], f"{cls.__name__}.{fl.name}"


def test_schema_page_lists_every_record_and_field() -> None:
    sections = {s.title: s for s in schemadoc.sections()}
    for cls in _records():
        title = next(t for t in sections if t.startswith(cls.ZH))  # type: ignore[attr-defined]
        assert [r.key for r in sections[title].rows] == [fl.name for fl in dataclasses.fields(cls)]


def test_every_problem_code_used_is_catalogued() -> None:
    from pathlib import Path

    source = "".join(p.read_text(encoding="utf-8") for p in Path(errors.__file__).parent.glob("*.py"))
    used = set(re.findall(r'problem\(\s*"([a-z-]+)"', source)) | set(re.findall(r'fail\(\s*"([a-z-]+)"', source))
    used |= set(re.findall(r'_Reject\(\s*"([a-z-]+)"', source))
    assert used and used <= set(errors.PROBLEM_CODES), used - set(errors.PROBLEM_CODES)


def test_model_money_fields_never_default_to_int() -> None:
    for cls in _records():
        hints = typing.get_type_hints(cls, include_extras=True)
        for fl in dataclasses.fields(cls):
            if "Decimal" in str(hints[fl.name]) and fl.default is not dataclasses.MISSING and fl.default is not None:
                assert isinstance(fl.default, Decimal), f"{cls.__name__}.{fl.name}"
