"""`python -m generator check`, and the checks that every `build` and `generate` runs first."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from generator.check import RULES
from tests.conftest import SAMPLE_FILE, SEED, run_cli, tree_hashes

FIXTURE = Path(__file__).parent / "fixtures" / "seed_as_published"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+)(:\d+)?: (?P<sev>错误|警告|提示)：.+"
                  r"。处理：.+ \[(?P<code>[a-z0-9-]+)\]$")


def break_sample(root: Path, old: str, new: str) -> int:
    """Replace the first `old` in the sample; returns the line of the change."""
    path = root / SAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_check_on_the_sample_passes_and_lists_its_notes(project: Path) -> None:
    run = run_cli(project, "check")
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[-1] == "检查完成：错误 0 条，警告 0 条，提示 3 条。"
    assert [LINE.match(x)["sev"] for x in lines[:-1]] == ["提示"] * 3  # type: ignore[index]


def test_check_fails_on_an_error_with_one_located_line_per_finding(project: Path) -> None:
    line = break_sample(project, "使用财政预算资金133.05万元", "使用财政预算资金143.57万元")
    run = run_cli(project, "check")
    assert run.code == 1 and "Traceback" not in run.stderr
    errors = [m for m in map(LINE.match, run.stdout.splitlines()) if m and m["sev"] == "错误"]
    assert [(m["file"], int(m["line"]), m["code"]) for m in errors] == [(SAMPLE_FILE, line, "text-amount")]
    assert "143.57" in run.stdout and "133.05" in run.stdout


def test_warnings_pass_unless_strict(project: Path) -> None:
    break_sample(project, "思想好、本领强、业绩优", "思想好、本能强、业绩优")
    assert run_cli(project, "check").code == 0
    strict = run_cli(project, "check", "--strict")
    assert strict.code == 1 and "[text-typo]" in strict.stdout


def fixture_copy(tmp_path: Path) -> Path:
    """The published seed's project, copied: `check` keeps parsed files in the project's .cache/."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "seed"))


def test_json_output_for_ci(tmp_path: Path) -> None:
    run = run_cli(fixture_copy(tmp_path), "check", "--format", "json")
    assert run.code == 1
    out = json.loads(run.stdout)
    assert out["summary"]["errors"] == len([f for f in out["findings"] if f["severity"] == "error"]) > 0
    first = out["findings"][0]
    assert set(first) == {"code", "severity", "file", "line", "column", "field", "field_label", "phrase", "message",
                          "hint", "figures"}
    labelled = next(f for f in out["findings"] if f["field"] == "unit_performance.indicators[11]")
    assert labelled["field_label"] == "整体绩效目标›年度绩效指标第12项"
    assert all(f["file"] and f["line"] and f["message"] and f["hint"] for f in out["findings"])


def test_audit_reports_lines_of_the_text_as_named_on_the_command_line(tmp_path: Path) -> None:
    run = run_cli(fixture_copy(tmp_path), "check", "--audit", str(SEED))
    assert run.code == 1
    assert f"{SEED}:112: 错误：“卫生健康支出2.78万元”" in run.stdout


def test_an_unreadable_audit_file_is_a_located_error_not_a_traceback(project: Path) -> None:
    run = run_cli(project, "check", "--audit", "missing.txt")
    assert run.code == 1 and "Traceback" not in run.stdout + run.stderr
    assert next(x for x in run.stdout.splitlines() if x.startswith("missing.txt")).startswith(
        "missing.txt: 错误：无法读取要核对的文本")
    assert "提示 3 条" in run.stdout  # the data itself was still checked


def test_data_that_does_not_load_is_reported_by_check_in_the_same_form(project: Path) -> None:
    line = break_sample(project, "year: 2024", "year: 二〇二四")
    run = run_cli(project, "check")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert re.match(rf"^{re.escape(SAMPLE_FILE)}:{line}:\d+: 错误：.*\[wrong-type\]$", run.stdout.splitlines()[0])


def test_generate_publishes_nothing_on_a_check_error(project: Path) -> None:
    assert run_cli(project, "generate").code == 0
    before = tree_hashes(project / "content" / "generated")
    break_sample(project, "  - {code: \"30299\", amount: 2.50}", "  - {code: \"30299\", amount: 2.60}")
    text = (project / SAMPLE_FILE).read_text(encoding="utf-8")
    econ_start = text[: text.index('  - {code: "30101"')].count("\n") + 1
    goal = text[: text.index("使用财政预算资金133.05万元")].count("\n") + 1
    run = run_cli(project, "generate")
    assert run.code == 1 and "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines[0] == "错误：未生成网站，原有输出保持不变。"
    found = [(int(m["line"]), m["code"]) for m in map(LINE.match, lines[1:-1]) if m]
    assert found == [(econ_start, "t3-1-vs-t1-2-basic"),  # 表3-1 now adds to 75.55, 表1-2 basic 75.45
                     (goal, "text-amount")]               # 表7 goal: 公用经费 9.00, the data now 9.10
    assert lines[-1] == "检查结果：错误 2 条，警告 0 条，提示 3 条。"
    assert tree_hashes(project / "content" / "generated") == before


def test_generate_prints_warnings_and_goes_on(project: Path) -> None:
    break_sample(project, "思想好、本领强、业绩优", "思想好、本能强、业绩优")
    run = run_cli(project, "generate")
    assert run.code == 0
    assert "[text-typo]" in run.stderr and "另有 3 条提示" in run.stdout


def test_build_runs_the_checks_and_keeps_the_old_site_on_an_error(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    site = tree_hashes(project / "site")
    break_sample(project, "procurement:\n", "procurement:\n  purpose: 采购办公设备\n")  # a warning: still built
    assert run_cli(project, "build").code == 0
    break_sample(project, "  sme_reserved: 0", "  sme_reserved: 1.00")  # more than the procurement total
    run = run_cli(project, "build")
    assert run.code == 1 and "[line-consistency]" in run.stderr
    assert tree_hashes(project / "site")["index.html"] == site["index.html"]


def test_the_rule_catalogue_page_documents_every_rule(project: Path) -> None:
    assert run_cli(project, "generate").code == 0
    page = (project / "content" / "generated" / "rules.md").read_text(encoding="utf-8")
    for r in RULES:
        row = re.search(rf'<tr id="rule-{re.escape(r.code)}">(.*?)</tr>', page)
        assert row, r.code
        cells = html.unescape(row[1])
        assert f"<code>{r.code}</code>" in cells and r.title in cells and r.description in cells
    assert page.count("<tr id=\"rule-") == len(RULES)
