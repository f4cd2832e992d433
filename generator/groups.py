"""Which group a unit is listed under on the units page and the district overview: 部门 or 乡镇街道.

A unit's `group` field says it; without one, the unit's full name decides: a name ending in 镇、乡
or 街道 (with 人民政府 or 办事处 after it, or not) is a township or sub-district, anything else a
department. The rule is printed on 数据字段说明 with the field (model.Unit.group).
"""

from __future__ import annotations

from generator.model import Unit

DEPARTMENT = "部门"
TOWNSHIP = "乡镇街道"
GROUPS = (DEPARTMENT, TOWNSHIP)
ANCHORS = {DEPARTMENT: "departments", TOWNSHIP: "townships"}  # each group's section on 单位列表
_SUFFIXES = ("人民政府", "办事处")
_TOWN_ENDINGS = ("镇", "乡", "街道")


def unit_group(u: Unit) -> str:
    """The unit's group: as entered, else derived from its name."""
    if u.group:
        return u.group
    name = u.name
    for suffix in _SUFFIXES:
        name = name.removesuffix(suffix)
    return TOWNSHIP if name.endswith(_TOWN_ENDINGS) else DEPARTMENT
