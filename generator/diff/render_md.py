"""The diff as a pull-request comment (GitHub and GitLab Markdown): summary first, details folded.

Every value taken from data goes through `generator.escape.esc` (ASCII punctuation as numeric
character references), so a `|`, `<`, `*` or backquote in a unit name, a reason or a finding cannot
break a table cell, open an HTML tag or start emphasis. Word changes are marked with <del> and
<ins>: GFM's ~~ and ** do not open next to CJK punctuation (flanking rules), the tags always work.
A comment is limited (GitHub: 65,536 characters), so details stop before the limit with a note.
"""

from __future__ import annotations

import re

from generator.diff.changes import STATUS_ZH, TOTAL_LABELS, Diff, DisclosureDiff, FindingChanges, TextChange
from generator.diff.wording import (
    before_after,
    counts,
    findings_phrase,
    money,
    net_phrase,
    signed,
    title,
    total_change,
    trimmed,
)
from generator.escape import LINE_BREAKS, esc
from generator.issues import Finding, where

LIMIT = 60_000
BREAKS = re.compile(f"[{re.escape(LINE_BREAKS)}]+")


def md(value: object) -> str:
    """A data value for a Markdown table cell or HTML text: escaped, line breaks as <br>."""
    return "<br>".join(esc(part) for part in BREAKS.split(str(value)))


def render(diff: Diff) -> str:
    head = _summary(diff)
    parts: list[str] = []
    size = sum(map(len, head))
    blocks = [_disclosure(d) for d in diff.disclosures]
    if diff.shared_texts or diff.shared_findings:
        blocks.append(_shared(diff))
    for i, block in enumerate(blocks):
        text = "\n".join(block)
        if size + len(text) > LIMIT:
            parts.append(f"> 其余 {len(blocks) - i} 项详情过长，未在此显示；"
                         "请运行 `python -m generator diff` 查看完整结果。\n")
            break
        parts.append(text)
        size += len(text)
    return "\n".join([*head, *parts]).rstrip() + "\n"


def _summary(diff: Diff) -> list[str]:
    out = [f"### 预算数据变更：{md(diff.old.spec)} → {md(diff.new.spec)}", "",
           f"旧：{md(diff.old.description)}；新：{md(diff.new.description)}", ""]
    if not diff.comparable:
        bad = "、".join(s for s, side in (("旧", diff.old), ("新", diff.new)) if not side.loaded)
        out += [f"**{bad}版数据无法读取，未比较金额**；下面只列出检查结果的变化。", ""]
    if diff.empty:
        return [*out, "两边的预算数据没有差别。", ""]
    if diff.disclosures:
        out += [f"- **{len(diff.disclosures)} 份公开数据有变动**（{counts(diff)}）",
                f"- 合计增减：{net_phrase(diff)}"]
    out += [f"- 检查结果：{findings_phrase(diff)}"]
    if diff.shared_texts:
        out.append(f"- 全站设置或名词解释的文字改动 {len(diff.shared_texts)} 处")
    out.append("")
    if diff.disclosures:
        out += ["| 年度 | 单位 | 变动 | 收支总预算（万元） | 金额变动 | 项目 | 文字 | 检查（新出现/已消除） |",
                "|---|---|---|--:|---|---|---|---|"]
        for d in diff.disclosures:
            out.append(f"| {d.year} | {md(d.code)} {md(d.name)} | {STATUS_ZH[d.status]} "
                       f"| {total_change(d.old_totals, d.new_totals)} "
                       f"| {_count(len(d.tables), '张表')}{_count(d.rows_changed, '行', ' ')} "
                       f"| {_count(len(d.projects), '个')} | {_count(len(d.texts), '处')} "
                       f"| {len(d.findings.introduced)} / {len(d.findings.fixed)} |")
        out.append("")
    return out


def _count(n: int, unit: str, sep: str = "") -> str:
    return f"{sep}{n} {unit}" if n else ("" if sep else "—")


def _disclosure(d: DisclosureDiff) -> list[str]:
    summary = f"{md(title(d))}：{STATUS_ZH[d.status]}，收支总预算 {signed(d.net.total)} 万元"
    out = ["<details>", f"<summary>{summary}</summary>", ""]
    if d.status != "changed":
        side = "新增" if d.status == "added" else "删除"
        out += [f"本份公开数据为{side}（<code>{md(d.file)}</code>）。", "", "| 合计 | 金额（万元） |", "|---|--:|"]
        totals = d.new_totals or d.old_totals
        out += [f"| {label} | {money(getattr(totals, field))} |" for field, label in TOTAL_LABELS] + [""]
    else:
        out += [f"文件 <code>{md(d.file)}</code>。", "",
                "| 合计 | 原（万元） | 新（万元） | 增减 |", "|---|--:|--:|--:|"]
        out += [f"| {label} | {money(getattr(d.old_totals, field))} | {money(getattr(d.new_totals, field))} "
                f"| {signed(getattr(d.net, field))} |" for field, label in TOTAL_LABELS] + [""]
    out += _tables(d) + _projects(d) + _texts(d.texts) + _findings(d.findings)
    return [*out, "</details>", ""]


def _tables(d: DisclosureDiff) -> list[str]:
    if not d.tables:
        return []
    out = ["#### 表格金额", "", "| 表 | 行 | 列 | 原 | 新 | 增减 |", "|---|---|---|--:|--:|--:|"]
    for t in d.tables:
        first = f"{md(t.number)} {md(t.title)}（{md(t.unit)}）"
        for r in t.rows:
            row = (f"〔{md(r.unit)}〕" if r.unit else "") + md(r.row) + ("" if r.status == "changed"
                                                                       else f"（{STATUS_ZH[r.status]}）")
            for a in r.amounts:
                out.append(f"| {first} | {row} | {md(a.column)} | {' | '.join(before_after(r, a))} "
                           f"| {signed(a.delta)} |")
                first = row = ""
    return [*out, ""]


def _projects(d: DisclosureDiff) -> list[str]:
    if not d.projects:
        return []
    out = ["#### 项目", "", "| 项目 | 所属单位 | 变动 | 原（万元） | 新（万元） | 增减 |", "|---|---|---|--:|--:|--:|"]
    out += [f"| {md(p.name)} | {md(p.unit or '本单位')} | {STATUS_ZH[p.status]} | {money(p.old)} | {money(p.new)} "
            f"| {signed(p.delta)} |" for p in d.projects]
    return [*out, ""]


def word_diff(t: TextChange) -> str:
    parts = []
    for s in trimmed(t.segments):
        text = md(s.text)
        parts.append(text if s.op == "equal" else f"<del>{text}</del>" if s.op == "delete" else f"<ins>{text}</ins>")
    return "".join(parts)


def _texts(texts: tuple[TextChange, ...]) -> list[str]:
    if not texts:
        return []
    out = ["#### 文字（<del>删除</del>、<ins>新增</ins>）", ""]
    out += [f"- **{md(t.label)}**（<code>{md(t.path)}</code>，{STATUS_ZH[t.status]}）：{word_diff(t)}" for t in texts]
    return [*out, ""]


def _finding(f: Finding) -> str:
    loc = f"{f.location.file}:{f.location.line}" if f.location.line else f.location.file
    return f"- {f.severity.zh} <code>{md(f.code)}</code> {md(loc)}：{md(where(f))}{md(f.message.rstrip('。'))}"


def _findings(fc: FindingChanges) -> list[str]:
    out: list[str] = []
    if fc.introduced:
        out += ["#### 新出现的检查问题", "", *map(_finding, fc.introduced), ""]
    if fc.fixed:
        out += ["#### 已消除的检查问题", "", *map(_finding, fc.fixed), ""]
    return out


def _shared(diff: Diff) -> list[str]:
    what = "全站设置、名词解释与其他文件" if diff.comparable else "检查结果的变化"
    out = ["<details>", f"<summary>{what}</summary>", ""]
    out += _texts(diff.shared_texts) + _findings(diff.shared_findings)
    return [*out, "</details>", ""]
