"""The whole disclosure as JSON: the data model as loaded, for programs rather than people.

Field names are the YAML keys (documented on the page 数据字段说明); amounts are strings with
their two decimals ("57.60"), because a JSON number is a float to most readers and money must
stay exact; dates are ISO strings. Totals are not stored: they are computed from the lines, as
on the site (the per-table CSVs and the workbook carry them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from generator.model import Disclosure

FORMAT = "budget-disclosure/1"


def plain(value: Any) -> Any:
    """Dataclasses to objects in declaration order, tuples to lists, Decimals and dates to strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def disclosure_json(d: Disclosure, source: str) -> bytes:
    """`source` is the data file it was read from (data/units/<code>/<year>.yaml)."""
    doc = {"format": FORMAT, "source": source,
           "amount_unit": "万元（unit_performance.funding 为元）", "disclosure": plain(d)}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
