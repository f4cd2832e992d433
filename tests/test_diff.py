"""`python -m generator diff OLD NEW`: crafted changes of the sample (and of the multi-unit department),
each with expected figures worked out by hand from the YAML, not by the code under test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.check import check
from generator.cli import main
from generator.diff import render_md, render_text
from generator.diff.changes import Diff, DisclosureDiff, RowChange, TableChange, Totals
from generator.diff.compare import compare, compare_projects
from generator.diff.findings import key
from generator.diff.scope import scope
from generator.diff.sources import load_side
from generator.issues import ERROR, Finding, Location
from generator.load import load
from tests import multiunit
from tests.conftest import REPO, SAMPLE_FILE, Run, run_cli

D = Decimal


def data_copy(dest: Path) -> Path:
    """A project root holding a copy of the sample's data/ (all `diff` reads)."""
    shutil.copytree(REPO / "data", dest / "data")
    return dest


def replace(root: Path, old: str, new: str, rel: str = SAMPLE_FILE) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff(old: Path, new: Path) -> Diff:
    return compare(load_side("旧", "旧", old), load_side("新", "新", new))


def only(diff: Diff) -> DisclosureDiff:
    assert len(diff.disclosures) == 1, diff.disclosures
    return diff.disclosures[0]


def table(d: DisclosureDiff, number: str) -> TableChange:
    return next(t for t in d.tables if t.number == number)


def cells(row: RowChange) -> dict[str, tuple[Decimal, Decimal]]:
    return {a.column: (a.old, a.new) for a in row.amounts}


def rows(t: TableChange) -> dict[tuple[str | None, str], dict[str, tuple[Decimal, Decimal]]]:
    return {(r.unit, r.row): cells(r) for r in t.rows}


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return data_copy(tmp_path / "old")


@pytest.fixture
def new(tmp_path: Path) -> Path:
    return data_copy(tmp_path / "new")


Cli = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI in this process, from `root` as the current folder (run_cli where a process matters)."""
    def run(root: Path, *args: str) -> Run:
        monkeypatch.chdir(root)
        code = main(["--root", str(root), *args])
        out = capsys.readouterr()
        return Run(code, out.out, out.err)
    return run


def test_identical_data_has_no_difference(old: Path, new: Path) -> None:
    result = diff(old, new)
    assert result.empty and result.comparable
    assert "没有差别" in render_md.render(result)


def test_an_amount_flows_through_every_table_that_prints_it(old: Path, new: Path) -> None:
    # 事业单位医疗 (2101102) and its economic line 职工基本医疗保险缴费 (30110): 2.87 → 3.87 万元.
    replace(new, "basic: 2.87", "basic: 3.87")
    replace(new, '{code: "30110", amount: 2.87}', '{code: "30110", amount: 3.87}')
    d = only(diff(old, new))
    assert (d.status, d.old_totals, d.new_totals) == (
        "changed", Totals(D("133.05"), D("133.05"), D("133.05")), Totals(D("134.05"), D("134.05"), D("134.05")))
    assert rows(table(d, "表1-2")) == {
        (None, "合计"): {"合计": (D("133.05"), D("134.05")), "基本支出": (D("75.45"), D("76.45"))},
        (None, "210 卫生健康支出"): {"合计": (D("2.87"), D("3.87")), "基本支出": (D("2.87"), D("3.87"))},
        (None, "210 11 行政事业单位医疗"): {"合计": (D("2.87"), D("3.87")), "基本支出": (D("2.87"), D("3.87"))},
        (None, "210 11 02 事业单位医疗"): {"合计": (D("2.87"), D("3.87")), "基本支出": (D("2.87"), D("3.87"))},
    }
    assert rows(table(d, "表3-1"))[(None, "301 10 职工基本医疗保险缴费")] == {
        "合计": (D("2.87"), D("3.87")), "人员经费": (D("2.87"), D("3.87"))}
    assert rows(table(d, "表1"))[(None, "十、卫生健康支出")] == {"支出 预算数": (D("2.87"), D("3.87"))}
    assert {t.number for t in d.tables} == {"表1", "表1-1", "表1-2", "表2", "表2-1", "表3", "表3-1"}
    assert not d.projects and not d.texts
    # The goal's "使用财政预算资金133.05万元" now disagrees with the data: a finding introduced.
    assert "text-amount" in {f.code for f in d.findings.introduced} and not d.findings.fixed
    text = render_text.render(diff(old, new))
    assert "210 11 02 事业单位医疗：合计 2.87 → 3.87（+1.00）；基本支出 2.87 → 3.87（+1.00）" in text


def test_per_unit_rows_of_a_department(tmp_path: Path) -> None:
    old, new = multiunit.make_project(tmp_path / "old"), multiunit.make_project(tmp_path / "new")
    rel = f"data/units/{multiunit.UNIT}/{multiunit.YEAR}.yaml"
    # 示例区第一中学's pension contributions, function line and economic line: 40.00 → 45.00.
    replace(new, '{code: "2080505", basic: 40.00, unit: "201002"',
            '{code: "2080505", basic: 45.00, unit: "201002"', rel)
    replace(new, '{code: "30108", amount: 40.00, unit: "201002"}',
            '{code: "30108", amount: 45.00, unit: "201002"}', rel)
    d = only(diff(old, new))
    assert d.old_totals == Totals(D("550.00"), D("530.00"), D("500.00"))
    assert d.new_totals == Totals(D("555.00"), D("535.00"), D("505.00"))
    t = rows(table(d, "表1-2"))
    both = {"合计": (D("40.00"), D("45.00")), "基本支出": (D("40.00"), D("45.00"))}
    # The department row (本级 10.00 + 第一中学 40.00) and the school's own block.
    assert t[(None, "208 05 05 机关事业单位基本养老保险缴费支出")] == {
        "合计": (D("50.00"), D("55.00")), "基本支出": (D("50.00"), D("55.00"))}
    assert t[("201002 示例区第一中学", "208 05 05 机关事业单位基本养老保险缴费支出")] == both
    # The school's block total: 300 + 50 + 20 + 40 = 410.00 → 415.00.
    assert t[("201002 示例区第一中学", "单位合计")] == {
        "合计": (D("410.00"), D("415.00")), "基本支出": (D("360.00"), D("365.00"))}
    assert not any(unit == "201001 示例区教育局（本级）" for unit, _ in t)
    md = render_md.render(diff(old, new))
    assert "〔201002 示例区第一中学〕208 05 05 机关事业单位基本养老保险缴费支出" in md


ADDED = '  - {name: 2024年政务公开培训项目, function: "2010302", econ: "302", amount: 3.00}\n'
LAST_PROJECT = '  - {name: 2024年政务公开专区建设项目, function: "2010302", econ: "302", amount: 8.00}\n'


def test_projects_are_matched_by_name_and_order_whatever_the_name_holds(old: Path) -> None:
    """A name with "#" (C#语言培训) is reported whole; of two projects with one name, the second
    is told apart by its place."""
    from dataclasses import replace as with_

    [e] = load(old).entries
    d = e.data
    base = d.projects[-1]
    twins = (with_(base, name="C#语言培训", amount=D("2.00")), with_(base, name="C#语言培训", amount=D("1.00")))
    before = with_(d, projects=(*d.projects, *twins))
    after = with_(d, projects=(*d.projects, twins[0], with_(twins[1], amount=D("1.50"))))
    assert [(p.name, p.status, p.old, p.new) for p in compare_projects(before, after)] == [
        ("C#语言培训", "changed", D("1.00"), D("1.50"))]


def test_table_7_funding_in_yuan_is_compared_as_printed(old: Path, new: Path) -> None:
    replace(new, "    project_fiscal: 576000.00", "    project_fiscal: 606000.00")
    t7 = table(only(diff(old, new)), "表7")
    assert t7.unit == "元"
    assert rows(t7) == {(None, "总体资金情况"): {
        "预算支出总额": (D("1330470.18"), D("1360470.18")), "项目支出 合计": (D("576000.00"), D("606000.00")),
        "项目支出 财政拨款": (D("576000.00"), D("606000.00"))}}


def test_a_project_added(old: Path, new: Path) -> None:
    replace(new, LAST_PROJECT, LAST_PROJECT + ADDED)
    replace(new, "project: 57.60", "project: 60.60")
    d = only(diff(old, new))
    assert [(p.name, p.status, p.old, p.new, p.unit) for p in d.projects] == [
        ("2024年政务公开培训项目", "added", None, D("3.00"), None)]
    assert rows(table(d, "表3-2"))[(None, "201 03 02 103003 2024年政务公开培训项目")] == {
        "金额": (D("0.00"), D("3.00"))}
    assert table(d, "表3-2").rows[-1].status == "added"
    assert d.net.total == D("3.00")
    # Not in 表6: the project check warns; the project's name is not reported again as a text.
    assert [f.code for f in d.findings.introduced if f.severity.value == "warning"] == ["perf-project-name"]
    assert not [t for t in d.texts if t.path.startswith("projects")]


def test_a_text_edited_is_a_word_diff(old: Path, new: Path) -> None:
    replace(new, "  reason: 预算人员减少", "  reason: 预算人员大幅减少")
    d = only(diff(old, new))
    assert not d.tables and not d.projects and not d.findings
    [t] = d.texts
    assert (t.path, t.label, t.old, t.new) == ("previous_year.reason", "上年数›收支总预算增减原因",
                                               "预算人员减少", "预算人员大幅减少")
    assert [(s.op, s.text) for s in t.segments] == [("equal", "预算人员"), ("insert", "大幅"), ("equal", "减少")]
    assert "预算人员<ins>大幅</ins>减少" in render_md.render(diff(old, new))
    assert "预算人员{+大幅+}减少" in render_text.render(diff(old, new))


def test_findings_introduced_and_fixed_are_matched_without_line_numbers(old: Path, new: Path) -> None:
    replace(old, "思想好、本领强、业绩优", "思想好、本能强、业绩优")  # a typo the new side fixes
    replace(new, "使用财政预算资金133.05万元", "使用财政预算资金143.57万元")  # an amount the new side breaks
    path = new / SAMPLE_FILE
    shifted = "# 新增一行注释：以下每个问题的行号都后移一行\n" + path.read_text(encoding="utf-8")
    path.write_text(shifted, encoding="utf-8")
    d = only(diff(old, new))
    assert [(f.code, f.severity.value) for f in d.findings.introduced] == [("text-amount", "error")]
    assert "143.57" in d.findings.introduced[0].message
    assert [(f.code, f.severity.value) for f in d.findings.fixed] == [("text-typo", "warning")]
    # The sample's three notes are on both sides (one line lower in the new file): neither introduced nor fixed.
    assert len(check(load(new)).notes) == len(check(load(old)).notes) == 3


def test_a_unit_added_is_reported_with_its_totals_not_its_rows(old: Path, new: Path) -> None:
    (new / "data" / "codes" / "test-local.yaml").write_text(multiunit.LOCAL_CODES, encoding="utf-8")
    (new / "data" / "units" / "201").mkdir()
    (new / "data" / "units" / "201" / "2024.yaml").write_text(multiunit.DEPARTMENT, encoding="utf-8")
    result = diff(old, new)
    d = only(result)
    # Σ spending: 100 + 350 + 20 (事业收入) + 40 + 10 + 30 (基金) = 550; 财政拨款 without 事业收入 = 530;
    # 一般公共预算 = 100 + 350 + 40 + 10 = 500.
    assert (d.code, d.name, d.year, d.status) == ("201", "示例区教育局", 2024, "added")
    assert (d.old_totals, d.new_totals) == (None, Totals(D("550.00"), D("530.00"), D("500.00")))
    assert not d.tables and not d.projects and not d.texts
    assert result.net.total == D("550.00")
    md = render_md.render(result)
    assert "| 2024 | 201 示例区教育局 | 新增 | 550.00 |" in md


def test_a_year_removed(old: Path, new: Path) -> None:
    earlier = old / "data" / "units" / "103003" / "2023.yaml"
    earlier.write_text((old / SAMPLE_FILE).read_text(encoding="utf-8").replace("year: 2024", "year: 2023", 1),
                       encoding="utf-8")
    removed, kept = diff(old, new).disclosures
    assert (removed.code, removed.year, removed.status, removed.old_totals, removed.new_totals) == (
        "103003", 2023, "removed", Totals(D("133.05"), D("133.05"), D("133.05")), None)
    assert removed.net.total == D("-133.05") and not removed.findings.fixed
    # 2024 was compared with its copy as 2023 (上年数 143.57 against 2023's 133.05): those warnings go.
    assert (kept.year, kept.status, kept.tables, kept.texts) == (2024, "changed", (), ())
    assert not kept.findings.introduced
    assert {f.code for f in kept.findings.fixed} == {"previous-year-vs-data"}
    assert "2023 年 103003 达州市达川区人民政府信息公开服务中心：删除" in render_text.render(diff(old, new))


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


def test_two_git_refs_of_a_repository_leave_the_checkout_alone(tmp_path: Path) -> None:
    repo = data_copy(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-qm", "sample")
    replace(repo, "  reason: 预算人员减少", "  reason: 预算人员大幅减少")
    replace(repo, LAST_PROJECT, LAST_PROJECT + ADDED)
    replace(repo, "project: 57.60", "project: 60.60")
    git(repo, "commit", "-qam", "a project added")
    replace(repo, "  reason: 预算人员大幅减少", "  reason: 未提交的改动")  # uncommitted: must survive
    head = git(repo, "rev-parse", "HEAD")
    status = git(repo, "status", "--porcelain")
    run = run_cli(repo, "diff", "HEAD~1", "main", "--format", "json")
    assert (run.code, run.stderr) == (0, "")
    out = json.loads(run.stdout)
    assert out["old"]["description"].startswith("提交 ") and out["new"]["spec"] == "main"
    assert out["summary"]["net"] == {"total": "3.00", "fiscal": "3.00", "general": "3.00"}
    [d] = out["disclosures"]
    assert d["projects"] == [{"name": "2024年政务公开培训项目", "unit": None, "status": "added", "old": None,
                              "new": "3.00", "change": "3.00"}]
    assert [(t["path"], t["new"]) for t in d["texts"]] == [("previous_year.reason", "预算人员大幅减少")]
    # The working copy against the last commit: "." is the folder.
    work = run_cli(repo, "diff", "HEAD", ".")
    assert work.code == 0 and "：[-预算人员大幅减少-]{+未提交的改动+}" in work.stdout
    assert (git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain")) == (head, status)
    assert "未提交的改动" in (repo / SAMPLE_FILE).read_text(encoding="utf-8")


def test_a_missing_ref_or_folder_is_one_line_in_chinese(tmp_path: Path) -> None:
    repo = data_copy(tmp_path / "repo")
    git(repo, "init", "-q")
    for root, spec, expected in (
            (repo, "no-such-branch", "错误：找不到 no-such-branch：既不是已有的文件夹，也不是"),
            (data_copy(tmp_path / "plain"), "no-such-folder", "错误：找不到文件夹 no-such-folder，且")):
        run = run_cli(root, "diff", spec, ".")
        assert run.code == 1 and run.stdout == ""
        assert run.stderr.startswith(expected) and run.stderr.count("\n") == 1, run.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli(repo, "diff", str(empty), ".")
    assert run.code == 1 and run.stderr.startswith(f"错误：文件夹 {empty} 中没有 data/")


def test_a_data_folder_itself_is_accepted(old: Path, new: Path, cli: Cli) -> None:
    replace(new, "  reason: 预算人员减少", "  reason: 预算人员大幅减少")
    run = cli(old, "diff", str(old / "data"), str(new / "data"))
    assert run.code == 0 and "预算人员{+大幅+}减少" in run.stdout


def test_a_side_that_does_not_load_is_reported_not_a_crash(old: Path, new: Path, cli: Cli) -> None:
    replace(new, "year: 2024", "year: 二〇二四")
    run = cli(old, "diff", str(old), str(new), "--format", "markdown")
    assert run.code == 0 and "Traceback" not in run.stderr
    assert "**新版数据无法读取，未比较金额**" in run.stdout and "wrong&#45;type" in run.stdout
    assert "已消除 0 条" in run.stdout  # the old side's notes are not "fixed": nothing to compare them with
    # The other way round, the new side's findings are all new: the sample's three notes.
    back = cli(old, "diff", str(new), str(old), "--format", "json")
    findings = json.loads(back.stdout)["shared"]["findings"]
    assert [f["code"] for f in findings["fixed"]] == ["wrong-type"]
    assert [f["severity"] for f in findings["introduced"]] == ["note"] * 3
    assert cli(old, "diff", str(old), str(new), "--fail-on-new-errors").code == 1


def test_fail_on_new_errors_and_output_file(old: Path, new: Path, tmp_path: Path, cli: Cli) -> None:
    replace(new, "  reason: 预算人员减少", "  reason: 预算人员大幅减少")  # no new error
    assert cli(old, "diff", str(old), str(new), "--fail-on-new-errors").code == 0
    replace(new, "使用财政预算资金133.05万元", "使用财政预算资金143.57万元")  # a new error
    out = tmp_path / "comment" / "diff.md"
    run = cli(old, "diff", str(old), str(new), "--format", "markdown", "--output", str(out))
    assert run.code == 0 and run.stdout == "" and out.read_text(encoding="utf-8").startswith("### 预算数据变更")
    assert out.stat().st_mode & 0o044 == 0o044 and list(out.parent.iterdir()) == [out]  # readable, no temp file left
    assert cli(old, "diff", str(old), str(new), "--fail-on-new-errors").code == 1


HOSTILE = "预算|减少<script>alert(1)</script> **粗** `码` ~~删~~ [链](javascript:x)"
HOSTILE_PROJECT = "2024年政务|公开<b>专区</b>建设项目"
# What a comment may contain: our own markup only.
COMMENT_TAGS = {"h3", "h4", "p", "ul", "li", "strong", "code", "br", "details", "summary", "table", "thead",
                "tbody", "tr", "th", "td", "del", "ins", "blockquote"}


class Html(HTMLParser):
    """Tags, table rows (as cell counts) and text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.rows: list[list[int]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "table":
            self.rows.append([])
        elif tag == "tr":
            self.rows[-1].append(0)
        elif tag in ("td", "th"):
            self.rows[-1][-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_escapes_hostile_text(old: Path, new: Path) -> None:
    replace(new, "  reason: 预算人员减少", f"  reason: '{HOSTILE}'")
    replace(new, "name: 2024年政务公开专区建设项目", f"name: {HOSTILE_PROJECT}")
    md = render_md.render(diff(old, new))
    for raw in ("<script", "<b>", "**粗**", "`码`", "~~删~~", "](javascript", "|减少", "|公开"):
        assert raw not in md, raw
    # Rendered as GitHub and GitLab do (CommonMark, raw HTML allowed, GFM tables): only our tags, every
    # table row as wide as its header, and the hostile text shown as text, character for character.
    page = Html()
    page.feed(MarkdownIt("commonmark", {"html": True}).enable("table").render(md))
    assert page.tags <= COMMENT_TAGS, page.tags - COMMENT_TAGS
    assert [set(rows) for rows in page.rows] == [{8}, {4}, {6}, {6}]  # summary, totals, amounts, projects
    text = "".join(page.text)
    assert HOSTILE_PROJECT in text
    assert "减少<script>alert(1)</script> **粗** `码` ~~删~~ [链](javascript:x)" in text
    assert md.count("<details>") == md.count("</details>") == 1


def test_a_renamed_subordinate_unit_keeps_its_rows(tmp_path: Path) -> None:
    old, new = multiunit.make_project(tmp_path / "old"), multiunit.make_project(tmp_path / "new")
    rel = f"data/units/{multiunit.UNIT}/{multiunit.YEAR}.yaml"
    replace(new, "name: 示例区第一中学", "name: 示例区第一初级中学", rel)
    d = only(diff(old, new))
    assert not d.tables and not d.projects  # its block (by unit code) and its 表3-3 row (by code) match
    assert [(t.path, t.old, t.new) for t in d.texts] == [
        ("unit.subordinates[0].name", "示例区第一中学", "示例区第一初级中学")]


def test_only_the_units_a_change_touches_are_derived_and_checked(old: Path, new: Path) -> None:
    for root in (old, new):
        (root / "data" / "codes" / "test-local.yaml").write_text(multiunit.LOCAL_CODES, encoding="utf-8")
        (root / "data" / "units" / "201").mkdir()
        (root / "data" / "units" / "201" / "2024.yaml").write_text(multiunit.DEPARTMENT, encoding="utf-8")
        text = (root / SAMPLE_FILE).read_text(encoding="utf-8").replace("year: 2024", "year: 2023", 1)
        (root / "data" / "units" / "103003" / "2023.yaml").write_text(text, encoding="utf-8")
    replace(new, "  reason: 预算人员减少", "  reason: 预算人员大幅减少", "data/units/103003/2023.yaml")
    assert scope(load(old), load(new)) == {"103003"}
    result = diff(old, new)
    # 103003's two years (2024's history checks read 2023), not the department 201.
    assert (result.new.disclosures, result.new.checked, result.old.checked) == (3, 2, 2)
    assert [(d.year, d.code) for d in result.disclosures] == [(2023, "103003")]
    replace(new, "site_name: ", "site_name: 新", "data/site.yaml")  # a site-wide file: everything
    assert scope(load(old), load(new)) is None and diff(old, new).new.checked == 3


def test_finding_keys_ignore_positions() -> None:
    def finding(line: int, field: str, message: str) -> Finding:
        return Finding("x", ERROR, Location(SAMPLE_FILE, line, 3), message, "hint", field=field)

    a = finding(12, "spending[2].purpose", "第 12 行的年度绩效指标第3项与 data/units/1/2024.yaml:40:2 不一致")
    b = finding(14, "spending[3].purpose", "第 14 行的年度绩效指标第4项与 data/units/1/2024.yaml:41:2 不一致")
    assert key(a) == key(b)
    assert key(a) != key(finding(12, "spending[2].purpose", "第 12 行的年度绩效指标第3项与 2024.yaml:40:2 相同"))
    assert key(a) != key(finding(12, "spending[2].basic", a.message))
