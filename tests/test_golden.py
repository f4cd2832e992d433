"""Golden files pin the generated Markdown of the sample disclosure.

Refresh with `.venv/bin/python -m pytest tests/test_golden.py --update-golden`, then read
`git diff tests/golden/` before committing: a person checks every change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.conftest import copy_project, run_cli

GOLDEN = Path(__file__).parent / "golden" / "sample"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = copy_project(tmp_path_factory.mktemp("golden") / "project")
    run = run_cli(root, "generate")
    assert run.code == 0, run.stderr
    out = root / "content" / "generated"
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.md"))}


def test_golden_markdown(generated: dict[str, str], request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in generated.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten: review `git diff tests/golden/`")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*.md"))}
    assert sorted(generated) == sorted(expected)
    for rel, text in generated.items():
        if text != expected[rel]:
            diff = "".join(difflib.unified_diff(expected[rel].splitlines(True), text.splitlines(True),
                                                f"golden/{rel}", f"generated/{rel}"))
            pytest.fail(f"{rel} differs from its golden file:\n{diff}")
