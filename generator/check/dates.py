"""Dates: published within 20 days of approval (预算法第十四条), in the right year."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from generator.check.finding import ERROR, NOTE, WARNING, Finding, Rule, rule
from generator.check.subject import Subject

FAMILY = "公开时间"
DAYS = 20
DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@rule
class Publish20Days(Rule):
    code = "publish-20-days"
    title = "未在批复后 20 日内公开"
    severity = ERROR
    description = ("部门预算应在财政部门批复后 20 日内向社会公开；"
                   "请核对批复日期（approved_on）与公开日期（published_on）。")
    example = "批复日期 2024-02-01，公开日期 2024-02-22（第 21 天）"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        if d.kind != "预算":
            return
        if d.approved_on is None or d.published_on is None:
            missing = "批复日期（approved_on）" if d.approved_on is None else "公开日期（published_on）"
            path = "published_on" if d.published_on else "year"
            yield self.found(s.at(path), f"未填{missing}，无法核对是否在批复后 {DAYS} 日内公开", severity=NOTE,
                             field=path)
            return
        days = (d.published_on - d.approved_on).days
        if days < 0:
            yield self.found(s.at("published_on"), f"公开日期 {d.published_on} 早于批复日期 {d.approved_on}",
                             field="published_on")
        elif days > DAYS:
            yield self.found(s.at("published_on"), f"批复后第 {days} 天才公开（{d.approved_on} → {d.published_on}），"
                             f"超过 {DAYS} 日", field="published_on",
                             figures=(("批复", str(d.approved_on)), ("公开", str(d.published_on)), ("天数", str(days))))


@rule
class DateYear(Rule):
    code = "date-year"
    title = "日期与预算年度不符"
    severity = WARNING
    description = ("预算在年度开始前后批复和公开（上一年末或当年），决算在次年；资产数据截至上年末。"
                   "日期年份明显不对多是录入错误。")
    example = "2024 年预算的公开日期写成 2014-03-20"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        years = {d.year - 1, d.year} if d.kind == "预算" else {d.year + 1}
        for path, date in (("approved_on", d.approved_on), ("published_on", d.published_on)):
            if date and date.year not in years:
                yield self.found(s.at(path), f"{path} 为 {date}，与 {d.year} 年{d.kind}不符", field=path)
        if d.assets and d.assets.as_of.year not in (d.year - 1, d.year):
            yield self.found(s.at("assets.as_of"), f"资产截至日期 {d.assets.as_of}，应为上年末", field="assets.as_of")
        known = {x for x in (d.published_on, d.approved_on, d.assets.as_of if d.assets else None) if x}
        for p in s.passages:
            for m in DATE.finditer(p.text):
                try:
                    date = dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    yield self.found(p.at(m.start()), f"“{m.group()}”不是有效日期", severity=ERROR, field=p.field)
                    continue
                if known and date not in known and date.year not in years:
                    yield self.found(p.at(m.start()), f"“{m.group()}”与批复、公开日期都不符", field=p.field,
                                     phrase=m.group())
