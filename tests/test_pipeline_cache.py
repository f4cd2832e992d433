"""The in-process cache of `pipeline.generate_cached` never skips checks that a caller asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.finding import CheckError
from generator.pipeline import generate_as_before, generate_cached
from tests.conftest import SAMPLE_FILE, run_cli


def break_sample(root: Path) -> None:
    """An error only the checks see: more reserved for small firms than the whole procurement."""
    path = root / SAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    assert "  sme_reserved: 0" in text
    path.write_text(text.replace("  sme_reserved: 0", "  sme_reserved: 1.00", 1), encoding="utf-8")


def test_a_checked_call_after_an_unchecked_one_still_reports_the_error(project: Path) -> None:
    break_sample(project)
    assert not generate_cached(project, checked=False).findings.errors  # --no-check renders it
    with pytest.raises(CheckError) as caught:
        generate_cached(project, checked=True)
    assert any("[line-consistency]" in line for line in caught.value.lines())


def test_a_checked_result_answers_both_kinds_of_call(project: Path) -> None:
    first = generate_cached(project, checked=True)
    assert generate_cached(project, checked=False) is first
    assert generate_cached(project, checked=True) is first


def test_the_hook_reuses_the_mode_the_cli_ran_in(project: Path) -> None:
    break_sample(project)
    unchecked = generate_cached(project, checked=False)
    assert generate_as_before(project) is unchecked


def test_the_hook_checks_when_nothing_ran_before(project: Path) -> None:
    break_sample(project)
    with pytest.raises(CheckError):
        generate_as_before(project)


def test_build_no_check_still_builds_knowingly_invalid_data(project: Path) -> None:
    break_sample(project)
    assert run_cli(project, "build").code == 1
    run = run_cli(project, "build", "--no-check")
    assert run.code == 0, run.stderr
    assert (project / "site" / "index.html").is_file()
