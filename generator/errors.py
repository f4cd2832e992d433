"""The project's whole error vocabulary: locations, problems, and the exceptions that carry them.

The library collects `Problem`s and raises one `DataError` holding all of them; only the CLI
(and the MkDocs plugin) turn that into a message and an exit status.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file relative to the project root, a 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with a stable code for tests and documentation."""

    code: str
    message: str
    location: Location
    field: str | None = None

    def format(self) -> str:
        where = f"字段 {self.field}：" if self.field else ""
        return f"{self.location}: {where}{self.message} [{self.code}]"


class GeneratorError(Exception):
    """Base of every error meant for the user: the CLI prints it without a traceback."""

    def lines(self) -> list[str]:
        return [str(self)]


class DataError(GeneratorError):
    """The input data cannot be used; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location.file, p.location.line or 0))
        super().__init__("\n".join(p.format() for p in self.problems))

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


class BuildError(GeneratorError):
    """MkDocs or the output step failed; the previous site is left as it was."""


class HostError(GeneratorError):
    """This machine stops the command: a port in use, a folder that cannot be written, a tool not
    installed. One line says what failed, where, and what to do; the CLI prints it on its own."""


# Stable problem codes with a one-line Chinese title; the schema page lists them.
PROBLEM_CODES: dict[str, str] = {
    "yaml-syntax": "YAML 语法错误",
    "yaml-duplicate-key": "同一层级出现重复的键",
    "yaml-alias": "不允许使用锚点或别名（& 与 *）",
    "yaml-tag": "不允许使用类型标签（!! 或 !）",
    "yaml-too-large": "文件过大",
    "yaml-too-deep": "嵌套层级过深",
    "yaml-encoding": "文件不是 UTF-8 编码",
    "yaml-tab": "缩进中使用了制表符",
    "yaml-empty": "文件为空",
    "unknown-key": "未知字段",
    "missing-field": "缺少必填字段",
    "wrong-type": "字段类型不符",
    "bad-amount": "金额格式不符",
    "bad-value": "取值不在允许范围内",
    "bad-code": "分类科目编码不符",
    "newline": "单行文字中出现换行",
    "path-mismatch": "文件位置与内容不一致",
    "duplicate-disclosure": "同一单位同一年度出现两次",
    "misplaced-file": "文件放在了不认识的位置",
    "missing-file": "缺少必需的文件",
}
