"""The exceptions that carry findings out of the library, and the loader's problem codes.

The library collects findings (`generator.issues`) and raises one `DataError` holding all of them;
only the CLI (and the MkDocs plugin) turn that into a message and an exit status.
"""

from __future__ import annotations

from generator.issues import ERROR, Finding, Location, line

__all__ = ["PROBLEM_CODES", "BuildError", "DataError", "GeneratorError", "HostError", "Location", "problem"]


class GeneratorError(Exception):
    """Base of every error meant for the user: the CLI prints it without a traceback."""

    def lines(self) -> list[str]:
        return [str(self)]


class DataError(GeneratorError):
    """The input data cannot be used; carries every problem found (errors), in file order."""

    def __init__(self, problems: list[Finding]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location.file, p.location.line or 0))
        super().__init__("\n".join(line(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [line(p) for p in self.problems]


class BuildError(GeneratorError):
    """MkDocs or the output step failed; the previous site is left as it was."""


class HostError(GeneratorError):
    """This machine stops the command: a port in use, a folder that cannot be written, a tool not
    installed. One line says what failed, where, and what to do; the CLI prints it on its own."""


def problem(code: str, message: str, location: Location, field: str | None = None) -> Finding:
    """A finding of the loader: always an error, with the fix hint of its code."""
    return Finding(code, ERROR, location, message, PROBLEM_HINTS[code], field=field)


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

# What to do about each problem: the hint printed after 处理：.
PROBLEM_HINTS: dict[str, str] = {
    "yaml-syntax": "检查这一行及上一行的缩进、冒号和引号",
    "yaml-duplicate-key": "删除或合并重复的键",
    "yaml-alias": "把锚点和别名展开，直接写出完整内容",
    "yaml-tag": "删除类型标签，按普通的值填写",
    "yaml-too-large": "把内容拆到多个文件中，每个文件不超过 2 MiB",
    "yaml-too-deep": "减少嵌套层级",
    "yaml-encoding": "用 UTF-8 编码另存该文件",
    "yaml-tab": "把缩进中的制表符换成空格",
    "yaml-empty": "填入数据，或删除该文件",
    "unknown-key": "检查字段名的拼写；可用的字段见“数据字段说明”页",
    "missing-field": "补上该字段；各字段的写法见“数据字段说明”页",
    "wrong-type": "按“数据字段说明”页所列的类型填写",
    "bad-amount": "金额写成最多两位小数的非负数字，如 57.60",
    "bad-value": "从允许的取值中选择一个",
    "bad-code": "按编码表填写，编码用引号写成字符串，如 \"2010302\"",
    "newline": "去掉换行，写成一行",
    "path-mismatch": "让文件所在位置与文件内容一致",
    "duplicate-disclosure": "删除重复的一份",
    "misplaced-file": "移到正确的位置，或删除",
    "missing-file": "补上该文件，或改正路径",
}
