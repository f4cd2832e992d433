"""The demo's words: duties, key work, purposes, reasons, goals and indicators, in Simplified Chinese.

The texts are plain on purpose: they name no amount except where a rule can check it (表6 goals,
表7's goal), no other unit, no other year and no economic item the tables do not have.
"""

from __future__ import annotations

import random
from decimal import Decimal

from generator.demo.catalog import Dept
from generator.demo.money import plain

Indicator = dict[str, object]

UP = ("人员经费按政策调整增加，重点工作任务增加", "新增重点工作项目，项目支出增加", "在职人员增加，基本支出相应增加")
DOWN = ("部分项目已完成，项目支出减少", "严格落实过紧日子要求，压减一般性支出", "在职人员减少，基本支出相应减少")
OPERATING_UP = ("办公用房维修和日常运转费用增加",)
OPERATING_DOWN = ("压减一般性支出，日常运转费用减少",)
BENEFITS = ("提升公共服务质量和效率", "增强群众获得感和满意度", "推动重点工作落地见效")


def where(dept: Dept) -> str:
    """How the unit names the area it serves: 全区, 全镇, 全乡 or 辖区."""
    return {"镇": "全镇", "乡": "全乡", "街道": "辖区"}.get(dept.town, "全区")


def duties(dept: Dept) -> list[str]:
    if dept.town:
        area = where(dept)
        out = [f"贯彻执行党和国家的路线方针政策，落实区委、区政府的决策部署，统筹推进{area}经济社会发展。",
               f"负责{area}基层治理、社会事业、公共服务和生态环境保护等工作。",
               "负责辖区安全生产、应急管理和防灾减灾工作。"]
    else:
        f = dept.field
        out = [f"贯彻执行党和国家关于{f}工作的方针政策和法律法规，拟订全区{f}工作的具体措施并组织实施。",
               f"负责全区{f}领域的统筹规划、指导协调和监督管理。",
               f"承担{f}方面公共服务和重点项目的组织推进工作。"]
    out.append("完成区委、区政府交办的其他任务。")
    return out


def key_work(dept: Dept, themes: list[str]) -> list[dict[str, object]]:
    titles = [f"扎实推进{themes[0]}" if themes else f"做好{dept.field}重点工作",
              "持续改善人居环境" if dept.town in ("镇", "乡") else
              ("提升社区治理水平" if dept.town else f"推动{dept.field}工作提质增效"),
              "加强干部队伍和作风建设"]
    return [{"title": t, "text": [f"一是围绕“{t}”细化工作措施，明确责任分工和完成时限。",
                                  "二是加强统筹协调，及时研究解决工作推进中的困难和问题。",
                                  "三是强化督促检查，确保各项任务按期保质完成。"]} for t in titles]


def basic_purpose(personnel: list[str], public: list[str]) -> str:
    text = "保障机构正常运转的基本支出"
    if personnel and public:
        return f"{text}，包括{'、'.join(personnel)}等人员经费以及{'、'.join(public)}等日常公用经费"
    if personnel or public:
        return f"{text}，包括{'、'.join(personnel or public)}等"
    return text


def fund_purpose(fund: str, names: list[str]) -> str:
    return f"以{fund}安排的基本支出，包括{'、'.join(names)}等" if names else f"以{fund}安排的基本支出"


LINE_PURPOSES = {
    "2080505": "按规定由单位缴纳的基本养老保险费支出",
    "2080506": "按规定由单位缴纳的职业年金支出",
    "2101101": "按规定由单位缴纳的基本医疗保险费支出",
    "2101102": "按规定由单位缴纳的基本医疗保险费支出",
    "2101103": "按规定由单位缴纳的公务员医疗补助支出",
    "2210201": "按规定为在职职工缴存的住房公积金",
    "2080501": "按规定支付的离退休人员退休费",
    "2080502": "按规定支付的离退休人员退休费",
}


def project_purpose(dept: Dept, names: list[str]) -> str:
    text = f"开展{dept.field}相关专项工作的项目支出"
    return f"{text}，包括{'、'.join(names)}等" if names else text


def three_public_purposes(abroad: bool, vehicle: bool, purchase: bool, reception: bool) -> dict[str, str]:
    out = {}
    if abroad:
        out["abroad"] = "按计划组织因公出国（境）交流学习的国际旅费、住宿费和伙食费等"
    if vehicle:
        out["vehicle"] = "公务用车燃料、维修、保险等运行维护" + ("以及公务用车更新购置" if purchase else "")
    if reception:
        out["reception"] = "按规定标准接待上级检查指导、考察调研等公务活动"
    return out


def change(rng: random.Random, now: Decimal, before: Decimal, up: tuple[str, ...] = UP,
           down: tuple[str, ...] = DOWN) -> str | None:
    """A reason for a change, in the direction of the change; none when the figure did not change."""
    if now == before:
        return None
    return rng.choice(up if now > before else down)


THREE_PUBLIC_REASONS = {
    "abroad": (("新增因公出国（境）交流计划",), ("本年压减因公出国（境）安排",)),
    "vehicle": (("公务用车运行维护费用增加",), ("公务用车运行维护费用下降",)),
    "purchase": (("安排公务用车更新购置",), ("上年已完成公务用车更新购置，本年未安排",)),
    "reception": (("上级检查和考察调研接待任务增加",), ("严格控制公务接待标准和次数",)),
}


def project_goal(name: str, theme: str, amount: Decimal, rng: random.Random) -> str:
    return f"{name}共需资金{plain(amount)}万元，主要用于{theme}相关工作，有利于{rng.choice(BENEFITS)}。"


def weights(rng: random.Random, n: int, whole: int) -> list[int]:
    """`n` integer weights of at least 5 that add up to `whole`."""
    out = [5] * n
    for _ in range(whole - 5 * n):
        out[rng.randrange(n)] += 1
    return out


def row(level1: str, level2: str, name: str, nature: str, value: str, unit: str | None, weight: int) -> Indicator:
    out: Indicator = {"level1": level1, "level2": level2, "name": name, "nature": nature, "value": value}
    if unit:
        out["unit"] = unit
    out["weight"] = weight
    return out


COUNTS = (("覆盖单位数量", "个"), ("开展活动次数", "次"), ("服务对象人次", "人次"), ("完成任务数量", "项"))


def project_indicators(rng: random.Random, name: str, theme: str, amount: Decimal, whole: int) -> list[Indicator]:
    noun, unit = rng.choice(COUNTS)
    w = weights(rng, 7, whole)
    return [
        row("产出指标", "数量指标", f"{theme}{noun}", "≥", str(rng.randint(2, 60)), unit, w[0]),
        row("产出指标", "质量指标", f"{theme}验收合格率", "=", "100", "%", w[1]),
        row("产出指标", "时效指标", f"{theme}按期完成率", "≥", str(rng.choice((90, 95))), "%", w[2]),
        row("成本指标", "经济成本指标", f"{name}预算控制数", "≤", plain(amount), "万元", w[3]),
        row("效益指标", "社会效益指标", f"{theme}社会效益", "定性", rng.choice(("优", "良好", "明显")), None, w[4]),
        row("效益指标", "可持续影响指标", f"{theme}长效机制", "定性", rng.choice(("有效", "提升")), None, w[5]),
        row("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", str(rng.choice((90, 95))), "%", w[6]),
    ]


def unit_indicators(rng: random.Random, dept: Dept, people: int, budget: Decimal,
                    borrowed: list[Indicator]) -> list[Indicator]:
    """表7's indicators: the department's own, plus a few taken from 表6 with 表7's own weights."""
    own = [
        ("产出指标", "数量指标", "保障在编在岗人员数", "=", str(people), "人"),
        ("产出指标", "质量指标", "重点工作任务完成率", "=", "100", "%"),
        ("产出指标", "时效指标", "预算执行进度达标率", "≥", "90", "%"),
        ("成本指标", "经济成本指标", "部门整体支出预算控制数", "≤", plain(budget), "万元"),
        ("效益指标", "社会效益指标", f"{dept.field}工作社会效益", "定性", "明显", None),
        ("效益指标", "可持续影响指标", "部门履职能力", "定性", "提升", None),
        ("满意度指标", "服务对象满意度指标", "部门服务对象满意度", "≥", "90", "%"),
    ]
    w = weights(rng, len(own) + len(borrowed), 100)
    rows = [row(*r, weight=w[i]) for i, r in enumerate(own)]
    for k, b in enumerate(borrowed):
        rows.insert(2 + k, {**b, "weight": w[len(own) + k]})
    return rows


def tasks(dept: Dept, themes: list[str], active: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = [{"name": "保障机构正常运转",
                                     "content": f"保障部门在职人员{active}人的工资福利待遇和日常办公运转。"}]
    for theme in themes[:2]:
        out.append({"name": theme, "content": f"围绕{theme}，落实工作责任，确保年度目标任务按期完成。"})
    if len(out) == 1:
        out.append({"name": f"{dept.field}重点工作", "content": f"统筹推进{dept.field}各项重点工作，提升履职效能。"})
    return out


def unit_goal(year: int, figures: dict[str, Decimal], field: str) -> list[str]:
    total, fiscal, basic, project = (figures[k] for k in ("total", "fiscal", "basic", "project"))
    out = [f"{year}年，本部门收支总预算{total:f}万元，其中财政拨款收入{fiscal:f}万元。"]
    parts = [f"基本支出{basic:f}万元"] + ([f"项目支出{project:f}万元"] if project else [])
    out.append(f"按支出性质分，{'，'.join(parts)}。")
    if basic:
        out.append(f"基本支出中，人员经费{figures['personnel']:f}万元，公用经费{figures['public']:f}万元。")
    out.append(f"全面完成年度重点工作任务，推动{field}工作取得新成效。")
    return out


def empty_statement(short: str, year: int, what: str) -> str:
    return f"{short}{year}年无{what}，故本表为空表。"


def glossary_term(class_name: str, kuan: str, xiang: str, definition: str) -> dict[str, str]:
    return {"term": f"{class_name.removesuffix('支出')}（类）{kuan}（款）{xiang}（项）", "definition": definition}
