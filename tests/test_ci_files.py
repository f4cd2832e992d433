"""The shipped CI files cannot run here: lint them, and pin what they promise (docs/ci.md).

GitHub Actions: actionlint (with ShellCheck on every `run:`). GitLab CI: the vendored GitLab schema
of check-jsonschema (offline) and ShellCheck on every job's script. Both: every `python -m generator`
line parses with the CLI's own parser, so an option renamed in the code breaks a test, not a pipeline.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.cli import parser
from tests.conftest import REPO

GITHUB = REPO / ".github" / "workflows" / "budget.yml"
GITLAB = REPO / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: install the test extra (make setup)")
    return str(path)


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # actionlint finds shellcheck
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_github_workflow_passes_actionlint() -> None:
    result = run(tool("actionlint"), "-no-color", "-oneline", str(GITHUB.relative_to(REPO)))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_does_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "budget.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(GITHUB.read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    result = run(tool("actionlint"), "-no-color", "-oneline", str(broken), cwd=tmp_path)
    assert result.returncode == 1 and "runs_on" in result.stdout


def test_gitlab_file_matches_the_gitlab_ci_schema(tmp_path: Path) -> None:
    ok = run(tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(GITLAB))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("expose_as:", "expose_ass:", 1), encoding="utf-8")
    assert run(tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(broken)).returncode == 1


def gitlab_jobs() -> dict[str, Any]:
    return {k: v for k, v in load(GITLAB).items() if isinstance(v, dict) and "script" in v}


@pytest.mark.parametrize("job", sorted(gitlab_jobs()))
def test_gitlab_job_scripts_pass_shellcheck(job: str) -> None:
    script = "\n".join([*load(GITLAB)["default"]["before_script"], *gitlab_jobs()[job]["script"]])
    result = subprocess.run([tool("shellcheck"), "--shell=sh", "-"], input=script, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_gitlab_file_reaches_no_outside_host() -> None:
    """Mainland-China intranets reach their GitLab and package mirrors only: no URL is written in the
    file (the instance's own come from CI variables), and the image and mirrors are variables."""
    text = GITLAB.read_text(encoding="utf-8")
    config = load(GITLAB)
    assert [s for s in strings(config) if "://" in s or "github" in s.lower()] == []  # comments aside
    assert config["default"]["image"] == "$PYTHON_IMAGE"
    assert not any("image" in job for job in gitlab_jobs().values())
    assert {"PYTHON_IMAGE", "DEBIAN_MIRROR"} <= set(config["variables"])
    assert "PIP_INDEX_URL" in text and "NPM_CONFIG_REGISTRY" in text  # documented where they are set


def test_gitlab_merge_requests_get_a_code_quality_report_a_preview_and_main_the_packages() -> None:
    jobs = gitlab_jobs()
    assert jobs["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert jobs["check"]["artifacts"]["when"] == "always"
    assert jobs["review"]["artifacts"]["expose_as"] and jobs["review"]["environment"]["url"].startswith("$CI_")
    assert "BUDGET_NOTE_TOKEN" in (REPO / "scripts" / "gitlab_note.py").read_text(encoding="utf-8")
    assert jobs["release"]["artifacts"]["paths"] == ["dist/"]


def test_github_permissions_are_least_privilege() -> None:
    """Read-only by default; only `comment`, which checks out and runs nothing of the pull request,
    may write, and only to pull requests."""
    workflow = load(GITHUB)
    assert workflow["permissions"] == {"contents": "read"}
    writers = {name: job["permissions"] for name, job in workflow["jobs"].items() if "permissions" in job}
    assert writers == {"comment": {"pull-requests": "write"}}
    steps = workflow["jobs"]["comment"]["steps"]
    assert not any("run" in s or "checkout" in s.get("uses", "") for s in steps)


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def generator_commands(path: Path) -> list[list[str]]:
    """Every `python -m generator …` of the file, as arguments, cut at the first shell operator."""
    found = []
    for text in strings(load(path)):
        for line in text.splitlines():
            if "python -m generator " in line:
                args = shlex.split(line.split("python -m generator ", 1)[1])
                cut = next((i for i, a in enumerate(args) if a in ("||", "&&", "|", ">", ";")), len(args))
                found.append(args[:cut])
    return found


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_every_generator_command_of_the_ci_files_parses(path: Path) -> None:
    commands = generator_commands(path)
    assert {c[0] for c in commands} >= {"check", "build", "release", "diff"}
    known = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for args in commands:
        if args[0] not in known:  # `diff` is built on another branch; checked once both are merged
            assert args[0] == "diff", args
            continue
        parser().parse_args(args)
