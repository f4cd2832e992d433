"""`check --format github|gitlab`: findings as annotations on the YAML lines of a pull/merge request."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from generator.annotations import as_github, fingerprint, github_line, gitlab_issues, repository_prefix
from generator.issues import ERROR, NOTE, WARNING, Finding, Location, Report
from tests.conftest import SAMPLE_FILE, run_cli
from tests.test_check_cli import break_sample

TITLES = {"table-sum": "合计:不符, 请查"}


def finding(message: str = "合计 100%，应为 99.5%。", line: int | None = 12, column: int | None = 5,
            severity: object = ERROR, file: str = "data/a,b.yaml", code: str = "table-sum") -> Finding:
    loc = Location(file, line, column if line is not None else None)
    return Finding(code, severity, loc, message, "改正:合计, 或明细")  # type: ignore[arg-type]


def test_github_command_escapes_data_and_properties() -> None:
    assert github_line(finding("一\r\n二 100%。"), TITLES) == (
        "::error file=data/a%2Cb.yaml,line=12,col=5,title=合计%3A不符%2C 请查 [table-sum]"
        "::一%0D%0A二 100%25。%0A处理：改正:合计, 或明细")


def test_github_levels_and_a_finding_without_a_line() -> None:
    assert github_line(finding(severity=WARNING, column=None)).startswith(
        "::warning file=data/a%2Cb.yaml,line=12,title=[table-sum]::")
    assert github_line(finding(severity=NOTE, line=None)).startswith(
        "::notice file=data/a%2Cb.yaml,title=[table-sum]::")


def test_github_output_has_one_command_per_finding_then_the_summary() -> None:
    report = Report()
    report.extend([finding(line=3), finding(severity=NOTE, line=1, message="另一条")])
    out = as_github(report).splitlines()
    assert [x[:9] for x in out[:2]] == ["::notice ", "::error f"]  # in file and line order
    assert out[2] == "检查完成：错误 1 条，警告 0 条，提示 1 条。"


def test_gitlab_entry_fields() -> None:
    report = Report()
    report.add(finding(line=None, severity=WARNING))
    (entry,) = gitlab_issues(report, TITLES, prefix="site")
    assert entry == {
        "description": "合计:不符, 请查 [table-sum] 合计 100%，应为 99.5%。 处理：改正:合计, 或明细",
        "check_name": "table-sum",
        "fingerprint": entry["fingerprint"],
        "severity": "minor",
        "location": {"path": "site/data/a,b.yaml", "lines": {"begin": 1}},
    }
    assert len(str(entry["fingerprint"])) == 64


def test_gitlab_fingerprint_survives_a_move_but_not_a_new_message() -> None:
    assert fingerprint(finding(line=12)) == fingerprint(finding(line=40))
    assert fingerprint(finding(line=12)) != fingerprint(finding(line=12, message="合计 101%。"))
    assert fingerprint(finding()) != fingerprint(finding(file="data/c.yaml"))
    # An item inserted above: its list index and the line quoted in the message move, the finding is the same.
    moved = [dataclasses.replace(finding(f"第 {n} 行的用途与科目不符"), field=f"spending[{n}].purpose") for n in (2, 3)]
    assert fingerprint(moved[0]) == fingerprint(moved[1])


def test_gitlab_fingerprints_are_unique_in_one_report() -> None:
    report = Report()
    report.extend([finding(line=3), finding(line=9)])  # same rule, file and message: two places
    prints = [e["fingerprint"] for e in gitlab_issues(report)]
    assert len(set(prints)) == 2 and prints[0] == fingerprint(finding(line=3))
    assert [e["severity"] for e in gitlab_issues(report)] == ["critical", "critical"]


def test_paths_are_relative_to_the_folder_ci_runs_in(tmp_path: Path) -> None:
    root = tmp_path / "sites" / "budget"
    root.mkdir(parents=True)
    assert repository_prefix(root, tmp_path) == "sites/budget"
    assert repository_prefix(root, root) == ""
    assert repository_prefix(tmp_path, root) == ""  # outside: paths stay relative to the project


def test_check_format_github_annotates_the_broken_line(project: Path) -> None:
    line = break_sample(project, "使用财政预算资金133.05万元", "使用财政预算资金143.57万元")
    run = run_cli(project, "check", "--format", "github")
    assert run.code == 1 and run.stderr == ""
    errors = [x for x in run.stdout.splitlines() if x.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={SAMPLE_FILE},line={line},col=")
    assert "[text-amount]::" in errors[0] and "143.57" in errors[0] and "%0A处理：" in errors[0]
    assert sum(x.startswith("::notice ") for x in run.stdout.splitlines()) == 3  # the sample's notes


def test_check_format_gitlab_is_a_code_quality_report(project: Path) -> None:
    line = break_sample(project, "使用财政预算资金133.05万元", "使用财政预算资金143.57万元")
    run = run_cli(project, "check", "--format", "gitlab")
    assert run.code == 1
    report = json.loads(run.stdout)
    critical = [e for e in report if e["severity"] == "critical"]
    assert [(e["check_name"], e["location"]) for e in critical] == [
        ("text-amount", {"path": SAMPLE_FILE, "lines": {"begin": line}})]
    assert {e["severity"] for e in report} == {"critical", "info"} and len(report) == 4
