"""One cell's value, both ways: what the template writes for a model value, and what a filled-in cell
means for the YAML.

Reading takes the stored value only: a formula is refused (never evaluated, its cached result never
trusted), a float becomes an exact Decimal through its shortest repr (so 57.6 stays 57.60 and a
sum with binary error such as 0.30000000000000004 is refused, not rounded), a date where an amount
belongs is refused. Each refusal is a Chinese sentence naming what was expected and what was found.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.bind import NATURE_ALIASES
from generator.money import MAX_AMOUNT, AmountError, parse_amount
from generator.workbook.layout import Field

MAX_CELL_CHARS = 10_000
NUMBER_PLACES = 4
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNIT_WORDS = {"amount": "万元", "yuan": "元"}


class CellError(ValueError):
    """The cell cannot be read as the field's kind; the message is the user's sentence."""


def shown(value: Any) -> str:
    """A cell value as the message quotes it: text as typed, numbers as stored, dates as dates."""
    if isinstance(value, float):
        return f"“{value!r}”"
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return f"日期 {value.date().isoformat()}"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"日期 {value.isoformat()}" if not isinstance(value, dt.time) else f"时间 {value.isoformat()}"
    if isinstance(value, bool):
        return "逻辑值 TRUE" if value else "逻辑值 FALSE"
    text = str(value).replace("\r", "").replace("\n", "↵")
    return f"“{text[:40]}{'…' if len(text) > 40 else ''}”"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read(field: Field, value: Any) -> Any:
    """The YAML value of a non-blank cell for `field`, or CellError."""
    if isinstance(value, bool):
        raise CellError(f"应为{_expected(field)}，实际为{shown(value)}")
    if isinstance(value, str):
        _check_text(value)
    reader = _READERS[field.kind]
    return reader(field, value)


def _check_text(value: str) -> None:
    if len(value) > MAX_CELL_CHARS:
        raise CellError(f"文字过长（{len(value)} 字），每个单元格最多 {MAX_CELL_CHARS} 字")
    if CONTROL.search(value):
        raise CellError("文字中有不可见的控制字符，请删除后重新输入")


def _expected(field: Field) -> str:
    if field.kind in UNIT_WORDS:
        return f"金额（{UNIT_WORDS[field.kind]}，最多两位小数）"
    return {"code": "数字编码", "text": "文字", "paras": "文字", "number": "数值", "int": "整数",
            "date": "日期（如 2024-03-20）", "choice": f"以下之一：{'、'.join(field.choices)}"}[field.kind]


def _is_date(value: Any) -> bool:
    return isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta))


def _decimal(value: Any) -> Decimal:
    """A number cell or a numeric text as the exact Decimal it shows; ValueError otherwise."""
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as this float: what the user typed
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
    else:
        raise ValueError(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def _read_decimal(value: Any, expected: str) -> Decimal:
    """The cell's number as an exact Decimal, or a CellError saying what was `expected`."""
    if _is_date(value):
        raise CellError(f"应为{expected}，实际为{shown(value)}（单元格可能被设成了日期格式）")
    try:
        return _decimal(value)
    except ValueError:
        raise CellError(f"应为{expected}，实际为{shown(value)}") from None


def _amount(field: Field, value: Any) -> Decimal:
    expected = _expected(field)
    try:
        return parse_amount(_read_decimal(value, expected))
    except AmountError:
        raise CellError(f"应为{expected}，实际为{shown(value)}") from None


def _number(field: Field, value: Any) -> Decimal | int:
    number = _read_decimal(value, "数值")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > NUMBER_PLACES or abs(number) >= MAX_AMOUNT:
        raise CellError(f"应为数值（最多 {NUMBER_PLACES} 位小数），实际为{shown(value)}")
    return int(number) if number == number.to_integral_value() and exponent >= 0 else number


def _int(field: Field, value: Any) -> int:
    number = _read_decimal(value, "整数")
    if number != number.to_integral_value() or abs(number) > 10**9:
        raise CellError(f"应为整数，实际为{shown(value)}")
    return int(number)


def _code(field: Field, value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    raise CellError(f"应为数字编码（请把单元格设为文本格式后填写），实际为{shown(value)}")


def _text(field: Field, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    raise CellError(f"应为文字，实际为{shown(value)}（单元格可能被设成了日期格式，请设为文本格式）")


def _paras(field: Field, value: Any) -> str | list[str]:
    text = _text(field, value)
    paras = [p.strip() for p in text.splitlines() if p.strip()]
    return paras[0] if len(paras) == 1 else paras


def _choice(field: Field, value: Any) -> str:
    if not isinstance(value, str):
        raise CellError(f"应为{_expected(field)}，实际为{shown(value)}")
    return NATURE_ALIASES.get(value.strip(), value.strip())  # the list offers ＝ for "="


def _date(field: Field, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError(f"应为日期（不带时间），实际为{shown(value)}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellError(f"应为日期（如 2024-03-20），实际为{shown(value)}")


_READERS: dict[str, Any] = {
    "amount": _amount, "yuan": _amount, "number": _number, "int": _int, "code": _code,
    "text": _text, "paras": _paras, "choice": _choice, "date": _date,
}


def write(field: Field, value: Any, blank_default: bool = True) -> Any:
    """What the template puts in the cell for a model value; None leaves it blank.

    In a table a value equal to its default is left blank, as the official tables print zero
    cells. A form shows it: there a record of zeros (上年“三公”经费 all 0.00, 表7's funding) is not
    the same as no record, and blank cells would read back as no record.
    """
    if value is None or (blank_default and not field.required and value == field.default
                         and field.kind != "choice"):
        return None
    if field.kind == "paras":
        return "\n".join(value)
    if field.kind == "number" and isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value
