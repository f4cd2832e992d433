"""A catalogue of bad inputs, each with its exact expected outcome.

Every case breaks a fresh copy of the sample project in one way and runs `generate`; the run must
exit with status 1, print no traceback, and report exactly the expected problems, one line each, as
`<file>:<line>[:<col>]: <Chinese message> [<code>]`. Expected lines are computed from the text
each case injects, never copied from a run. A last group builds the site first and checks that a
failed build leaves `site/` and `content/generated/` byte-identical.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import errors
from generator.errors import DataError
from generator.load import load
from generator.writer import MARKER
from generator.yamlsafe import MAX_BYTES, MAX_DEPTH
from tests.conftest import REPO, SAMPLE_FILE, copy_project, run_cli, tree_hashes

HEADER = "错误：未生成网站，原有输出保持不变。"
CJK = re.compile(r"[\u4e00-\u9fff]")
UNIT_DIR, YEAR = SAMPLE_FILE.split("/")[2], SAMPLE_FILE.split("/")[3].removesuffix(".yaml")


@dataclass(frozen=True)
class Expect:
    """One expected problem line: code, file, line (None: the whole file) and a message fragment."""

    code: str
    file: str = SAMPLE_FILE
    line: int | None = None
    says: str = ""

    def pattern(self) -> re.Pattern[str]:
        where = re.escape(self.file) + (f":{self.line}(:\\d+)?" if self.line is not None else "")
        return re.compile(f"^{where}: .*\\[{re.escape(self.code)}\\]$")


Mutation = Callable[[Path], list[Expect]]

# ------------------------------------------------------------------ helpers to break a copy


def sample(root: Path) -> Path:
    return root / SAMPLE_FILE


def line_at(text: str, index: int) -> int:
    """1-based line number of character `index` in `text`."""
    return text.count("\n", 0, index) + 1


def edit(pattern: str, repl: str, code: str, says: str = "", *, offset: int = 0,
         rel: str = SAMPLE_FILE) -> Mutation:
    """Replace the first match of `pattern` (multiline regex) in `rel`, the sample by default.

    The expected problem is on the line where the match starts, plus `offset` lines (for a
    replacement that inserts lines before the bad one).
    """

    def mutate(root: Path) -> list[Expect]:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        match = re.search(pattern, text, flags=re.M)
        assert match, f"{rel} no longer contains {pattern!r}; update this case"
        path.write_text(text[: match.start()] + match.expand(repl) + text[match.end():], encoding="utf-8")
        return [Expect(code, rel, line_at(text, match.start()) + offset, says)]

    return mutate


def drop(pattern: str, parent: str | None, code: str, says: str) -> Mutation:
    """Delete the first line matching `pattern`; the problem is reported on the line of the mapping
    that now lacks it: the `parent` key's line, or line 1 for the document itself."""

    def mutate(root: Path) -> list[Expect]:
        path = sample(root)
        text = path.read_text(encoding="utf-8")
        match = re.search(pattern + r".*\n", text, flags=re.M)
        assert match, f"the sample no longer contains {pattern!r}; update this case"
        path.write_text(text[: match.start()] + text[match.end():], encoding="utf-8")
        owner = re.search(f"^{parent}:", text, flags=re.M) if parent else None
        return [Expect(code, SAMPLE_FILE, line_at(text, owner.start()) if owner else 1, says)]

    return mutate


def append(block: str, code: str, says: str = "", *, offset: int = 0) -> Mutation:
    """Append `block` to the sample; the problem is on its first line plus `offset`."""

    def mutate(root: Path) -> list[Expect]:
        path = sample(root)
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + block, encoding="utf-8")
        return [Expect(code, SAMPLE_FILE, text.count("\n") + 1 + offset, says)]

    return mutate


def write(rel: str, content: bytes | str, expect: list[Expect]) -> Mutation:
    def mutate(root: Path) -> list[Expect]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return expect

    return mutate


def encoded(encoding: str, code: str, says: str) -> Mutation:
    """The whole sample saved in another encoding: the problem is on the first non-ASCII line."""

    def mutate(root: Path) -> list[Expect]:
        path = sample(root)
        text = path.read_text(encoding="utf-8")
        path.write_bytes(text.encode(encoding, errors="replace"))
        if encoding.startswith("utf-16"):
            line = 1  # recognised from the byte-order mark or the NUL bytes: the file as a whole
        else:
            line = line_at(text, next(i for i, ch in enumerate(text) if not ch.isascii()))
        return [Expect(code, SAMPLE_FILE, line, says)]

    return mutate


def one_gbk_line(root: Path) -> list[Expect]:
    """A UTF-8 file with one line pasted in GBK: the problem is on that line."""
    path = sample(root)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, ln in enumerate(lines) if ln.startswith("  short_name: "))
    raw = b"".join(ln.encode("gbk") if i == index else ln.encode("utf-8") for i, ln in enumerate(lines))
    path.write_bytes(raw)
    return [Expect("yaml-encoding", SAMPLE_FILE, index + 1, "UTF-8")]


def oversize(root: Path) -> list[Expect]:
    path = sample(root)
    text = path.read_text(encoding="utf-8")
    padding = MAX_BYTES + 1 - len(text.encode("utf-8"))
    path.write_text(text + "#" * max(padding, 1) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    return [Expect("yaml-too-large", SAMPLE_FILE, 1, "超过上限")]


def deep_block(root: Path) -> list[Expect]:
    """30 levels of block mappings. Key a<i> sits inside i + 1 mappings (the document's and those of
    a0 … a<i-1>); the first key inside more than MAX_DEPTH - 1 of them is refused."""
    path = sample(root)
    text = path.read_text(encoding="utf-8")
    block = "".join("  " * i + f"a{i}:\n" for i in range(30)) + "  " * 30 + "x: 1\n"
    path.write_text(text + block, encoding="utf-8")
    first = text.count("\n") + 1
    return [Expect("yaml-too-deep", SAMPLE_FILE, first + MAX_DEPTH - 1, f"{MAX_DEPTH} 层")]


def remove(rel: str, expect: list[Expect]) -> Mutation:
    def mutate(root: Path) -> list[Expect]:
        (root / rel).unlink()
        return expect

    return mutate


def misfiled_copy(root: Path) -> list[Expect]:
    """The sample copied into another unit's folder: its code disagrees with the folder, and the
    same unit and year now appear twice."""
    text = sample(root).read_text(encoding="utf-8")
    other = f"data/units/{int(UNIT_DIR) + 1}/{YEAR}.yaml"
    (root / other).parent.mkdir(parents=True)
    (root / other).write_text(text, encoding="utf-8")
    code_line = line_at(text, re.search(r"^  code: ", text, flags=re.M).start())  # type: ignore[union-attr]
    return [Expect("duplicate-disclosure", other, None, "已在"),
            Expect("path-mismatch", other, code_line, "与所在文件夹")]


# A small "billion laughs": each level repeats the one before four times (4**7 x-es if expanded);
# refused at the first anchor, before anything is expanded.
ALIAS_BOMB = "lol0: &a0 [x, x]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 4)}]\n" for i in range(1, 8))

SHORT = r"^  short_name: (.*)$"
BASIC = r"^(    basic: )[0-9.]+"

CASES: list[tuple[str, Mutation]] = [
    # ---- YAML syntax and structure
    ("syntax-colon-in-value", edit(SHORT, "  short_name: 区信息: 公开服务中心", "yaml-syntax", "YAML 语法错误")),
    ("syntax-second-document", edit(r"^year: (\d+)$", "year: \\1\n---\nyear: \\1", "yaml-syntax", "YAML 语法错误",
                                    offset=1)),
    ("duplicate-key", edit(r"^year: (\d+)$", "year: \\1\nyear: \\1", "yaml-duplicate-key", "键“year”", offset=1)),
    ("duplicate-key-in-flow-mapping", edit(r'^  - \{code: ("\d+"), ', '  - {code: \\1, code: \\1, ',
                                           "yaml-duplicate-key", "键“code”")),
    ("tab-indentation", edit(r"^  short_name:", "\tshort_name:", "yaml-tab", "制表符")),
    ("control-character", edit(SHORT, "  short_name: 区信息\x07公开服务中心", "yaml-syntax", "控制字符")),
    ("nul-character", edit(SHORT, "  short_name: 区信息\x00公开服务中心", "yaml-syntax", "#x0000")),
    ("anchor", edit(SHORT, "  short_name: &s \\1", "yaml-alias", "锚点或别名")),
    ("alias-bomb", append(ALIAS_BOMB, "yaml-alias", "锚点或别名")),
    ("python-tag", append("boom: !!python/object/apply:os.system ['touch pwned']\n", "yaml-tag", "类型标签")),
    ("custom-tag", edit(r"^year: (\d+)$", "year: !year \\1", "yaml-tag", "类型标签")),
    ("deep-nesting-flow-30", append("deep: " + "[" * 30 + "]" * 30 + "\n", "yaml-too-deep", f"{MAX_DEPTH} 层")),
    ("deep-nesting-flow-100000", append("deep: " + "[" * 100_000 + "]" * 100_000 + "\n", "yaml-too-deep")),
    ("deep-nesting-block-30", deep_block),
    ("oversize-file", oversize),
    ("utf-16-with-bom", encoded("utf-16", "yaml-encoding", "UTF-16")),
    ("utf-16-without-bom", encoded("utf-16-le", "yaml-encoding", "UTF-16")),
    ("gbk-file", encoded("gbk", "yaml-encoding", "GBK")),
    ("gbk-line-in-utf8-file", one_gbk_line),
    ("empty-file", write(SAMPLE_FILE, b"", [Expect("yaml-empty", SAMPLE_FILE, 1, "文件为空")])),
    ("only-comments", write(SAMPLE_FILE, "# 待填写\n", [Expect("yaml-empty", SAMPLE_FILE, 1, "没有数据")])),
    ("top-level-list", write("data/site.yaml", "- 达川区\n",
                             [Expect("wrong-type", "data/site.yaml", 1, "应为一组“字段: 值”（全站设置）")])),
    # ---- fields
    ("unknown-key-did-you-mean", edit(r"^  short_name:", "  shrot_name:", "unknown-key", "是不是“short_name”？")),
    ("unknown-key-no-match", edit(r"^year: (\d+)$", "year: \\1\ncolour: 红", "unknown-key", "可用字段：", offset=1)),
    ("missing-required-field", drop(r"^  short_name: ", "unit", "missing-field",
                                    "缺少必填字段“short_name”（单位简称）")),
    ("missing-top-level-field", drop(r"^year: ", None, "missing-field", "缺少必填字段“year”（年度）")),
    ("mapping-where-list-expected", edit(r"^  budget_level: .*$", "\\g<0>\n  subordinates:\n    code: \"1\"",
                                         "wrong-type", "应为列表", offset=1)),
    ("text-where-int-expected", edit(r"^    authorized: \d+$", "    authorized: 十人", "wrong-type",
                                     "应为整数，实际为文字“十人”")),
    ("block-text-where-int-expected", edit(r"^year: \d+$", "year: |\n  20\n  24", "wrong-type", "20↵24")),
    ("text-where-number-expected", edit(r"weight: (\d+)\}", 'weight: "\\1"}', "wrong-type", "应为数值")),
    ("integer-too-long", edit(r"^    authorized: \d+$", "    authorized: 1" + "0" * 5000, "wrong-type",
                              "无法识别的整数")),
    ("impossible-date", edit(r"^published_on: .*$", "published_on: 2024-13-45", "wrong-type",
                             "日期“2024-13-45”不存在")),
    ("amount-quoted", edit(BASIC, '\\1"57.80"', "bad-amount", "不要加引号")),
    ("amount-three-decimals", edit(BASIC, "\\g<1>57.805", "bad-amount", "最多保留 2 位小数")),
    ("amount-negative", edit(BASIC, "\\g<1>-57.80", "bad-amount", "不能为负数")),
    ("amount-huge", edit(BASIC, "\\g<1>1000000000000", "bad-amount", "超出合理范围")),
    ("amount-inf", edit(BASIC, "\\g<1>.inf", "wrong-type", "不允许 .inf")),
    ("amount-nan", edit(BASIC, "\\g<1>.nan", "wrong-type", "不允许 .nan")),
    ("amount-empty", edit(BASIC, "\\1", "bad-amount", "应为金额数字")),
    ("fund-not-a-choice", edit(r'^  - code: "\d+".*$', "\\g<0>\n    fund: 一般预算", "bad-value",
                               "应为以下之一：一般公共预算", offset=1)),
    ("unit-type-not-a-choice", edit(r"^  type: .*$", "  type: 公益性事业单位", "bad-value", "应为以下之一")),
    ("unit-code-not-digits", edit(r'^  code: "\d+"', '  code: "10300X"', "bad-code", "应为数字编码")),
    ("function-code-not-digits", edit(r'^  - code: "\d+"', '  - code: "201O302"', "bad-code", "应为数字编码")),
    ("newline-in-single-line-field", edit(SHORT, "  short_name: |\n    区信息\n    公开服务中心", "newline",
                                          "只能写一行")),
    # ---- files and folders
    ("unit-code-not-folder", edit(r'^  code: "\d+"', f'  code: "{int(UNIT_DIR) + 1}"', "path-mismatch",
                                  f"与所在文件夹 {UNIT_DIR} 不一致")),
    ("year-not-file-name", edit(r"^year: \d+$", f"year: {int(YEAR) - 1}", "path-mismatch",
                                f"与文件名 {YEAR}.yaml 不一致")),
    ("misfiled-copy", misfiled_copy),
    ("stray-file-in-data", write("data/notes.txt", "备忘\n", [Expect("misplaced-file", "data/notes.txt", None,
                                                                   "只认识")])),
    ("stray-folder-in-data", write("data/old/2023.yaml", "year: 2023\n",
                                   [Expect("misplaced-file", "data/old/", None, "只认识")])),
    ("unit-file-without-unit-folder", write(f"data/units/{YEAR}.yaml", "year: 2024\n",
                                            [Expect("misplaced-file", f"data/units/{YEAR}.yaml", None, "应放在")])),
    ("missing-site-yaml", remove("data/site.yaml", [Expect("missing-file", "data/site.yaml", None, "缺少文件")])),
    ("glossary-terms-not-a-list", write("data/glossary.yaml", "terms: 三公经费\n",
                                        [Expect("wrong-type", "data/glossary.yaml", 1, "应为列表")])),
    ("code-list-bad-scheme", edit(r"^scheme: .*$", "scheme: functions", "bad-value", "应为以下之一",
                                  rel="data/codes/function.yaml")),
]


def seed_generated(root: Path) -> dict[str, bytes]:
    """Pretend an earlier run wrote pages; a run that touched them would delete the sentinel."""
    out = root / "content" / "generated"
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("earlier run\n", encoding="utf-8")
    (out / "sentinel.md").write_text("# 上次生成的页面\n", encoding="utf-8")
    return tree_hashes(out)


# ------------------------------------------------------------------ the catalogue


@pytest.mark.parametrize("mutate", [pytest.param(m, id=name) for name, m in CASES])
def test_bad_input_is_reported_with_file_line_and_code(project: Path, mutate: Mutation) -> None:
    before = seed_generated(project)
    expected = mutate(project)

    run = run_cli(project, "generate")

    assert run.code == 1, f"exit {run.code}\nstdout: {run.stdout}\nstderr: {run.stderr}"
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines[0] == HEADER, run.stderr
    problems = lines[1:]
    assert len(problems) == len(expected), "\n".join(problems)
    for got, want in zip(problems, expected, strict=True):
        assert want.pattern().match(got), f"expected {want}\ngot      {got}"
        message = got.split(": ", 1)[1]
        assert CJK.search(message), got
        assert want.says in message, f"expected {want.says!r} in {got}"
    assert tree_hashes(project / "content" / "generated") == before
    assert not (project / "pwned").exists()


def test_every_problem_code_is_documented_and_exercised(tmp_path: Path) -> None:
    """Each case's expectations, computed on scratch copies of data/ (nothing is run)."""
    used: set[str] = set()
    for i, (_, mutate) in enumerate(CASES):
        shutil.copytree(REPO / "data", tmp_path / str(i) / "data")
        used |= {e.code for e in mutate(tmp_path / str(i))}
    assert used <= set(errors.PROBLEM_CODES)
    assert set(errors.PROBLEM_CODES) - used == set(), "add a catalogue case for each problem code"


# ------------------------------------------------------------------ accepted inputs


def test_utf8_bom_is_accepted(project: Path) -> None:
    for rel in (SAMPLE_FILE, "data/site.yaml"):
        path = project / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    run = run_cli(project, "generate")

    assert run.code == 0, run.stderr
    assert run.stderr == ""
    assert any((project / "content" / "generated").rglob("*.md"))


def test_bom_file_loads_like_the_original(project: Path) -> None:
    plain = load(project)
    path = sample(project)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load(project).entries[0].data == plain.entries[0].data


def test_explicit_str_tag_gives_plain_text(project: Path) -> None:
    """`!!str` is a standard tag; it must give ordinary text, not a wrapper the binder refuses."""
    edit(SHORT, "  short_name: !!str \\1", "none")(project)
    plain = copy_project(project.parent / "plain")
    assert load(project).entries[0].data.unit.short_name == load(plain).entries[0].data.unit.short_name


def test_all_files_are_checked_before_reporting(project: Path) -> None:
    """Problems in several files are collected into one report, sorted by file."""
    (project / "data" / "glossary.yaml").write_text("terms: 三公经费\n", encoding="utf-8")
    edit(r"^  short_name:", "  shrot_name:", "unknown-key")(project)
    (project / "data" / "notes.txt").write_text("备忘\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(project)
    assert [(p.location.file, p.code) for p in info.value.problems] == [
        ("data/glossary.yaml", "wrong-type"),
        ("data/notes.txt", "misplaced-file"),
        (SAMPLE_FILE, "unknown-key"),
    ]


def test_python_tag_is_never_executed(project: Path) -> None:
    marker = project / "pwned"
    append(f"boom: !!python/object/apply:os.system ['touch {marker}']\n", "yaml-tag")(project)
    with pytest.raises(DataError):
        load(project)
    assert not marker.exists()


# ------------------------------------------------------------------ earlier output survives


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    run = run_cli(root, "build")
    assert run.code == 0, run.stderr
    return root


BREAKS = ["syntax-colon-in-value", "python-tag", "oversize-file", "gbk-file", "amount-three-decimals",
          "stray-file-in-data", "missing-site-yaml"]


@pytest.mark.parametrize("name", BREAKS)
def test_failed_build_leaves_site_and_pages_untouched(built: Path, name: str) -> None:
    site, pages = built / "site", built / "content" / "generated"
    before = (tree_hashes(site), tree_hashes(pages), sorted(p.name for p in built.iterdir()))
    assert before[0] and before[1]
    saved = built.parent / "data-before"
    shutil.copytree(built / "data", saved)
    try:
        dict(CASES)[name](built)
        run = run_cli(built, "build")
        assert run.code == 1, run.stdout + run.stderr
        assert "Traceback" not in run.stderr
        assert run.stderr.splitlines()[0] == HEADER
        after = (tree_hashes(site), tree_hashes(pages), sorted(p.name for p in built.iterdir()))
        assert after == before
    finally:
        shutil.rmtree(built / "data")
        saved.rename(built / "data")
