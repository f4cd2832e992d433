"""Findings as CI annotations: GitHub workflow commands and GitLab's Code Quality report.

A reviewer of a pull/merge request sees each finding on the YAML line it is about, in the changed
file's diff, instead of reading a log. `check --format github` prints one workflow command per
finding (`::error file=…,line=…,col=…,title=…::message`, which GitHub Actions turns into an
annotation); `check --format gitlab` prints the JSON report GitLab reads from
`artifacts: reports: codequality`.

Paths: findings name files relative to the project root; CI wants them relative to the repository
root, which is the folder the job runs in. `prefix` is the project root seen from there ("" when
they are the same folder, as in the shipped workflows).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Mapping
from pathlib import Path

from generator.issues import Finding, Report, Severity, where

# GitHub's workflow command per severity (its three annotation levels).
GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
# GitLab Code Quality severities: info, minor, major, critical, blocker. An error stops publishing
# (critical); a warning should be read (minor); a note is information.
GITLAB_SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.NOTE: "info"}


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF percent-encoded (GitHub's toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, plus `:` and `,` (toolkit `escapeProperty`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def path_of(f: Finding, prefix: str = "") -> str:
    """The finding's file relative to the repository root."""
    return posixpath.normpath(posixpath.join(prefix, f.location.file)) if prefix else f.location.file


def title_of(f: Finding, titles: Mapping[str, str]) -> str:
    """`title [code]`, e.g. 表内合计不符 [table-sum]; the code alone for an unknown one."""
    title = titles.get(f.code)
    return f"{title} [{f.code}]" if title else f"[{f.code}]"


def message_of(f: Finding) -> str:
    """What is wrong, then on a line of its own what to do (both in Chinese, as `check` prints them)."""
    return f"{where(f)}{f.message.rstrip('。')}。\n处理：{f.hint}"


def github_line(f: Finding, titles: Mapping[str, str] | None = None, prefix: str = "") -> str:
    """One workflow command; `line`/`col` only when known (a file-level annotation otherwise)."""
    props = [f"file={escape_property(path_of(f, prefix))}"]
    if f.location.line is not None:
        props.append(f"line={f.location.line}")
        if f.location.column is not None:
            props.append(f"col={f.location.column}")
    props.append(f"title={escape_property(title_of(f, titles or {}))}")
    return f"::{GITHUB_COMMANDS[f.severity]} {','.join(props)}::{escape_data(message_of(f))}"


def as_github(report: Report, titles: Mapping[str, str] | None = None, prefix: str = "") -> str:
    """Every finding as a workflow command, then the summary as plain log text."""
    return "\n".join([*(github_line(f, titles, prefix) for f in report), f"检查完成：{report.summary()}。"])


def fingerprint(f: Finding, prefix: str = "") -> str:
    """What identifies a finding across commits (`Finding.identity`, as the diff matches findings),
    so a finding that only moved (lines or list items added above it) is not reported as fixed and
    new again."""
    key = "\x1f".join([path_of(f, prefix), *f.identity()[1:]])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def gitlab_issues(report: Report, titles: Mapping[str, str] | None = None,
                  prefix: str = "") -> list[dict[str, object]]:
    """GitLab Code Quality entries; a repeated fingerprint (the same message twice in one file)
    gets its occurrence number, since GitLab keeps one entry per fingerprint."""
    seen: dict[str, int] = {}
    out: list[dict[str, object]] = []
    for f in report:
        base = fingerprint(f, prefix)
        seen[base] = seen.get(base, 0) + 1
        fp = base if seen[base] == 1 else hashlib.sha256(f"{base}\x1f{seen[base]}".encode()).hexdigest()
        out.append({
            "description": f"{title_of(f, titles or {})} {message_of(f)}".replace("\n", " "),
            "check_name": f.code,
            "fingerprint": fp,
            "severity": GITLAB_SEVERITIES[f.severity],
            "location": {"path": path_of(f, prefix), "lines": {"begin": f.location.line or 1}},
        })
    return out


def as_gitlab(report: Report, titles: Mapping[str, str] | None = None, prefix: str = "") -> str:
    return json.dumps(gitlab_issues(report, titles, prefix), ensure_ascii=False, indent=2)


def rule_titles() -> dict[str, str]:
    """Every finding code's Chinese title: the check rules' and the loader's problem codes'."""
    from generator.check import RULES
    from generator.errors import PROBLEM_CODES

    return {**PROBLEM_CODES, **{r.code: r.title for r in RULES}}


def repository_prefix(root: Path, cwd: Path | None = None) -> str:
    """The project root relative to the folder CI runs in (the repository root), "" when the same or
    when the project lies outside it (then paths stay relative to the project root)."""
    try:
        rel = root.resolve().relative_to((cwd or Path.cwd()).resolve())
    except ValueError:
        return ""
    return "" if rel == Path() else rel.as_posix()


def for_ci(report: Report, fmt: str, root: Path) -> str:
    """`check --format github|gitlab`."""
    prefix = repository_prefix(root)
    return (as_github if fmt == "github" else as_gitlab)(report, rule_titles(), prefix)
