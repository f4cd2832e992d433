"""Fuzzing: whatever the input, the loader and the binder raise nothing but the project's own
DataError, and report problems with a location."""

from __future__ import annotations

import contextlib
import dataclasses
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import model
from generator.bind import INVALID, Binder
from generator.errors import DataError
from generator.pages import all_pages
from generator.pipeline import render
from generator.yamlsafe import decode, load_text
from tests.test_check_hypothesis import dataset, disclosures

FIELD_NAMES = sorted({fl.name for cls in vars(model).values()
                      if isinstance(cls, type) and dataclasses.is_dataclass(cls) for fl in dataclasses.fields(cls)})
YAML_PIECES = ["a: 1", "- x", "  ", "\n", ":", "&a", "*a", "!!str", "!x", "[", "]", "{", "}", "'", '"', "#", "|", ">",
               "---", "...", "\t", "- - -", "? k", "0x1F", "1.5", ".inf", "2024-02-30", "~", "null", "\\", "%YAML 1.1"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.sampled_from(FIELD_NAMES), st.text(max_size=8)),
                max_size=40))
def test_the_loader_raises_only_data_errors(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        load_text(text, "fuzz.yaml")
    except DataError as exc:
        assert exc.problems and all(p.location.file == "fuzz.yaml" for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_decoding_raises_only_data_errors(raw: bytes) -> None:
    with contextlib.suppress(DataError):
        load_text(decode(raw, "fuzz.yaml"), "fuzz.yaml")


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**12), st.text(max_size=12),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(Decimal),
                    st.dates())
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=6)), max_leaves=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), trees, max_size=12))
def test_the_binder_reports_problems_instead_of_raising(tree: dict[str, Any]) -> None:
    binder = Binder("fuzz.yaml")
    result = binder.bind(model.Disclosure, tree, (0, 0), "")
    assert (result is INVALID) == bool(binder.problems)
    if result is not INVALID:
        assert isinstance(result, model.Disclosure)
    for problem in binder.problems:
        assert problem.code and problem.message and problem.location.file == "fuzz.yaml"



@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(disclosures())
def test_the_renderer_writes_any_well_formed_disclosure(d: model.Disclosure) -> None:
    """Every page of a random well-formed disclosure renders (charts included); no exception."""
    ds = dataset(d)
    pages = render(ds.root, all_pages(ds))
    assert any(path.endswith("/tables.md") for path in pages)
    assert all(text.startswith("# ") or text.lstrip().startswith("#") for text in pages.values())
