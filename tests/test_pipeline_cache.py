"""Publishing always checks: no command skips the checks, and nothing unchecked is ever cached.

`pipeline.generate(root, checked=False)` exists for tests that render knowingly invalid data; the
tests below show that no sequence of calls in one process lets such a result reach a site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.check.finding import CheckError
from generator.pipeline import generate, generate_cached, remember
from tests.conftest import SAMPLE_FILE, run_cli


def break_sample(root: Path) -> None:
    """An error only the checks see: more reserved for small firms than the whole procurement."""
    path = root / SAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    assert "  sme_reserved: 0" in text
    path.write_text(text.replace("  sme_reserved: 0", "  sme_reserved: 1.00", 1), encoding="utf-8")


def test_a_cached_call_after_an_unchecked_render_still_reports_the_error(project: Path) -> None:
    break_sample(project)
    assert not generate(project, checked=False).findings.errors  # the library renders it for tests
    with pytest.raises(CheckError) as caught:
        generate_cached(project)
    assert any("[line-consistency]" in line for line in caught.value.lines())


def test_an_unchecked_result_cannot_be_cached(project: Path) -> None:
    break_sample(project)
    with pytest.raises(ValueError):
        remember(project, generate(project, checked=False))
    with pytest.raises(CheckError):
        generate_cached(project)


def test_plain_mkdocs_build_after_an_unchecked_render_refuses_to_publish(project: Path) -> None:
    break_sample(project)
    generate(project, checked=False)  # content/generated/ now holds pages of invalid data
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    with pytest.raises(Abort, match="line-consistency"):
        build(config)
    assert not (project / "site").exists()


def test_the_cli_has_no_way_round_the_checks(project: Path) -> None:
    break_sample(project)
    for command in ("build", "generate"):
        assert run_cli(project, command).code == 1
        assert run_cli(project, command, "--no-check").code == 2  # no such option
    assert not (project / "site").exists()


def test_a_checked_result_is_reused_while_nothing_changes(project: Path) -> None:
    first = generate_cached(project)
    assert generate_cached(project) is first
