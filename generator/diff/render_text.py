"""The diff for a terminal: the summary, then each disclosure's changes, one line each.

Word changes are marked as `git diff --word-diff` does, [-删除-]{+新增+}, readable without colour.
"""

from __future__ import annotations

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
from generator.issues import line


def render(diff: Diff) -> str:
    out = [f"比较 旧：{diff.old.description} → 新：{diff.new.description}"]
    if not diff.comparable:
        bad = "、".join(s for s, side in (("旧", diff.old), ("新", diff.new)) if not side.loaded)
        out.append(f"{bad}版数据无法读取，未比较金额；只列出检查结果的变化。")
    if diff.empty:
        return "\n".join([*out, "两边的预算数据没有差别。"]) + "\n"
    if diff.disclosures:
        out += [f"{len(diff.disclosures)} 份公开数据有变动（{counts(diff)}）；合计增减：{net_phrase(diff)}。"]
    out.append(f"检查结果：{findings_phrase(diff)}。")
    for d in diff.disclosures:
        out += ["", *_disclosure(d)]
    if diff.shared_texts or diff.shared_findings:
        what = "全站设置、名词解释与其他文件" if diff.comparable else "检查结果的变化"
        out += ["", f"== {what}", *_texts(diff.shared_texts), *_findings(diff.shared_findings)]
    return "\n".join(out) + "\n"


def _disclosure(d: DisclosureDiff) -> list[str]:
    out = [f"== {title(d)}：{STATUS_ZH[d.status]}（{d.file}）"]
    out += [f"  {label}：{total_change(d.old_totals, d.new_totals, field)} 万元" for field, label in TOTAL_LABELS]
    for t in d.tables:
        out.append(f"  {t.number} {t.title}（{t.unit}）")
        for r in t.rows:
            where = (f"〔{r.unit}〕" if r.unit else "") + r.row
            status = "" if r.status == "changed" else f"（{STATUS_ZH[r.status]}）"
            cells = "；".join(f"{a.column} {' → '.join(before_after(r, a))}（{signed(a.delta)}）" for a in r.amounts)
            out.append(f"    {where}{status}：{cells}")
    if d.projects:
        out.append("  项目")
        out += [f"    {STATUS_ZH[p.status]} {p.name}{f'（{p.unit}）' if p.unit else ''}："
                f"{money(p.old)} → {money(p.new)}（{signed(p.delta)}）" for p in d.projects]
    return out + _texts(d.texts) + _findings(d.findings)


def word_diff(t: TextChange) -> str:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[s.op].format(s.text.replace("\n", " ¶ ")) for s in trimmed(t.segments))


def _texts(texts: tuple[TextChange, ...]) -> list[str]:
    if not texts:
        return []
    return ["  文字（[-删除-]{+新增+}）", *(f"    {t.label}（{t.path}，{STATUS_ZH[t.status]}）：{word_diff(t)}"
                                        for t in texts)]


def _findings(fc: FindingChanges) -> list[str]:
    out: list[str] = []
    if fc.introduced:
        out += ["  新出现的检查问题", *(f"    {line(f)}" for f in fc.introduced)]
    if fc.fixed:
        out += ["  已消除的检查问题", *(f"    {line(f)}" for f in fc.fixed)]
    return out
