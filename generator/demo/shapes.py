"""Shape recipes: what kind of money a demo unit has. Each unit keeps its shape over the years."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipe:
    """The ingredients of one shape of disclosure."""

    shape: str
    summary: str                              # one line of English for the file's header comment
    staff: tuple[int, int]                    # 本级 staff (在职) range
    subs: tuple[int, int] = (0, 0)            # number of subordinate units
    projects: tuple[int, int] = (2, 4)        # 本级 projects (一般公共预算 functions)
    size: tuple[str, str] = ("3", "40")       # 万元 per project
    three_public: bool = False                # 本级 has 三公 (reception, vehicles)
    sub_three_public: bool = False            # subordinate units have their own 三公
    abroad: bool = False
    vehicle_purchase: bool = False            # every other year, a 公务用车购置 project (econ 31013)
    fund_three_public: bool = False           # 表4-1 not empty
    basic_funds: tuple[str, ...] = ()         # 本级 basic spending besides 一般公共预算
    project_funds: tuple[str, ...] = ()       # other funds in 本级 project parts
    fund_projects: int = 0                    # 政府性基金预算 projects
    capital_projects: int = 0                 # 国有资本经营预算 projects
    carryover: tuple[str, ...] = ()           # "fiscal" (财政拨款结转), "nonfiscal" (非财政拨款结转)
    parts: bool = False                       # some projects span several economic codes or funds
    perf: str = "all"                         # 表6: all | declared (all, with coverage) | subset | none
    table7: bool = True
    founded: int = 0                          # founded this many years before the last year (0: long ago)
    own_code: bool = False                    # department code + separate 本级 code (unit.own_code)
    explicit_own_unit: bool = False           # 本级 lines carry unit: <本级 code> instead of leaving it out
    sub_staffing: bool = True                 # subordinates give their own 人员情况
    empty_statements: bool = False            # custom statements under empty 表4 / 表5 / 表3-3
    glossary: bool = False                    # unit glossary terms for the codes it uses
    table6_amounts: bool = False              # 表6 entries repeat 表3-2's amount
    operating_all_funds: bool = False         # 机关运行经费 includes 公用经费 paid from 事业收入
    pay: str = "1"                            # scale of pay and running costs (a part-time office: less)


RECIPES: dict[str, Recipe] = {r.shape: r for r in (
    Recipe("solo-office", "one-person office, a few 万元, basic spending only, no 表7", (1, 1), projects=(0, 0),
           perf="none", table7=False, pay="0.6"),
    Recipe("centre-general", "service centre like the sample: 100% 一般公共预算, projects, 三公 zero", (4, 9),
           projects=(3, 5), size=("4", "20"), glossary=True),
    Recipe("admin-bureau", "administrative bureau: 三公 with vehicles, 表6 all with declared coverage", (12, 30),
           projects=(2, 4), size=("8", "60"), three_public=True, perf="declared", table6_amounts=True),
    Recipe("admin-carryover", "bureau with 财政拨款结转 on project lines and a 表6 subset", (10, 25),
           projects=(3, 4), size=("5", "80"), three_public=True, carryover=("fiscal",), perf="subset"),
    Recipe("bureau-schools", "~2000 万元 education bureau: 本级 + schools, 财政专户, 事业收入, parts, per-unit 三公",
           (18, 26), subs=(8, 8), projects=(3, 4), size=("20", "90"), three_public=True, sub_three_public=True,
           vehicle_purchase=True, project_funds=("财政专户管理资金",), carryover=("fiscal",), parts=True,
           perf="subset", own_code=True, empty_statements=True),
    Recipe("bureau-hospitals", "health bureau: hospitals with 事业收入/经营收入/其他收入, 非财政拨款结转, parts",
           (15, 22), subs=(2, 4), projects=(2, 3), size=("10", "70"), three_public=True, sub_three_public=True,
           carryover=("nonfiscal",), parts=True, own_code=True, explicit_own_unit=True),
    Recipe("fund-bureau", "bureau with 政府性基金 projects (表4, 表4-1), custom empty-表5 statement", (14, 28),
           projects=(2, 3), size=("10", "60"), three_public=True, fund_three_public=True, fund_projects=2,
           parts=True, empty_statements=True),
    Recipe("state-capital", "centre with 国有资本经营 projects (表5), custom empty-表4 statement", (5, 9),
           projects=(1, 2), size=("5", "30"), capital_projects=2, empty_statements=True),
    Recipe("self-funded", "公益二类 institution: 事业收入, 经营收入, 其他收入, 非财政拨款结转", (20, 35),
           projects=(2, 2), size=("10", "40"), three_public=True,
           basic_funds=("事业收入", "事业单位经营收入", "其他收入"),
           project_funds=("事业收入",), carryover=("nonfiscal",), parts=True),
    Recipe("canggong-income", "参公 unit with 事业收入 公用经费 counted in 机关运行经费", (8, 14), projects=(2, 2),
           size=("5", "25"), three_public=True, basic_funds=("事业收入",), operating_all_funds=True),
    Recipe("mass-org-upper", "mass organisation with 上级补助收入 projects, 三公 zero", (4, 8), projects=(2, 3),
           size=("2", "15"), project_funds=("上级补助收入",), parts=True),
    Recipe("dept-subs-plain", "department with 1-3 subordinates, no separate 本级 code, 附属单位上缴收入", (12, 24),
           subs=(1, 3), projects=(2, 3), size=("5", "40"), three_public=True, basic_funds=("附属单位上缴收入",),
           sub_staffing=False, perf="declared"),
    Recipe("kitchen-sink", "every fund at once, both kinds of 结转, all four 三公 items, 表4/表4-1/表5",
           (20, 30), subs=(3, 5), projects=(3, 4), size=("10", "80"), three_public=True, sub_three_public=True,
           abroad=True, vehicle_purchase=True, fund_three_public=True,
           basic_funds=("上级补助收入", "附属单位上缴收入", "其他收入"),
           project_funds=("上级补助收入", "财政专户管理资金"),
           fund_projects=2, capital_projects=1, carryover=("fiscal", "nonfiscal"), parts=True, perf="subset",
           own_code=True, glossary=True),
    Recipe("new-unit", "unit founded last year: its first disclosure has no previous_year", (8, 15),
           projects=(2, 3), size=("5", "30"), three_public=True, founded=1),
    Recipe("no-projects", "basic spending only: 表3-2 and 表6 empty, 表7 present", (6, 12), projects=(0, 0),
           three_public=True, perf="none"),
    Recipe("town", "town government: village projects, 三公", (25, 45), projects=(4, 6), size=("5", "60"),
           three_public=True, table6_amounts=True),
    Recipe("town-fund", "town with 政府性基金 (land revenue) projects and 财政拨款结转", (25, 40), projects=(3, 5),
           size=("5", "50"), three_public=True, fund_projects=1, carryover=("fiscal",), parts=True),
    Recipe("town-centres", "town with two service centres as subordinate units", (25, 40), subs=(2, 2),
           projects=(3, 5), size=("5", "40"), three_public=True, sub_three_public=True, perf="subset"),
    Recipe("xiang-small", "small township (乡), modest 三公", (12, 18), projects=(2, 3), size=("3", "25"),
           three_public=True, glossary=True),
    Recipe("street-office", "sub-district office (街道): no town wording", (20, 35), projects=(3, 4),
           size=("5", "40"), three_public=True),
    Recipe("new-street", "sub-district founded two years ago", (15, 25), projects=(2, 3), size=("5", "30"),
           three_public=True, founded=2),
)}
