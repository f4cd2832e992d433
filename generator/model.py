"""The data model of a disclosure, declared once.

Each class is one mapping in the YAML files; each field carries its Chinese label and a line of
documentation (see `generator.fields.f`). The loader validates against these declarations and the
schema page (数据字段说明) is generated from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal

from generator.fields import Amount, AmountYuan, Code, Number, Paragraphs, Text, f
from generator.money import ZERO

Fund = Literal["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "事业收入",
               "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"]
FISCAL_FUNDS: tuple[str, ...] = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
UnitType = Literal["行政单位", "参照公务员法管理事业单位", "公益一类事业单位", "公益二类事业单位",
                   "生产经营类事业单位", "其他事业单位", "其他单位"]
Level1 = Literal["产出指标", "效益指标", "满意度指标", "成本指标"]
Nature = Literal["=", "≥", "≤", ">", "<", "定性"]
GovLevel = Literal["省级", "市级", "区级", "县级", "乡镇级"]


# ---------------------------------------------------------------- site-wide files

@dataclass(frozen=True, kw_only=True)
class Site:
    """`data/site.yaml`: settings shared by every disclosure on the site."""

    ZH: ClassVar[str] = "全站设置"

    site_name: Text = f("网站名称", "显示在每页页眉和浏览器标题中", example="达州市达川区部门预算公开")
    region: Text = f("地区", "本级政府所在地区全称，用于正文", example="达州市达川区")
    level: GovLevel = f("政府层级", "全站唯一的政府层级，正文中“区级财政”等措辞由此生成", example="区级")
    host_org: Text | None = f("主办单位", "页脚显示的网站主办单位", None)
    contact: Text | None = f("联系方式", "页脚显示的联系电话或地址", None)
    site_code: Text | None = f("网站标识码", "政府网站标识码", None)
    icp: Text | None = f("ICP 备案号", "页脚显示的 ICP 备案号", None)
    police_record: Text | None = f("公安备案号", "页脚显示的公安机关备案号", None)
    identity_url: Text | None = f("党政机关网站标识链接",
                                  "页脚“党政机关网站”标识指向的开办信息页面（门户的网站标识页）",
                                  None, example="https://bszs.conac.cn/sitename?method=show&id=0000000000")
    error_report_url: Text | None = f("我为政府网站找错链接", "页脚“我为政府网站找错”指向的网址", None,
                                      example="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=0000000000")
    privacy_url: Text | None = f("隐私声明链接", "页脚“隐私声明”指向的网址（http:// 或 https:// 开头）", None)
    copyright_url: Text | None = f("版权声明链接", "页脚“版权声明”指向的网址（http:// 或 https:// 开头）", None)
    accessibility_url: Text | None = f("无障碍入口链接", "页脚“无障碍”指向的门户无障碍服务入口", None)
    url: Text | None = f("网站地址", "本站发布后的完整网址（http:// 或 https:// 开头）；"
                         "404 页面、站点地图和门户元标签 SiteDomain 由此生成",
                         None, example="https://www.example.gov.cn/xxgk/yjsgk/")
    column_name: Text = f("栏目名称", "门户元标签 ColumnName：本站在门户网站中所属的栏目", "预决算公开")
    keywords: tuple[Text, ...] = f("关键词", "门户元标签 Keywords 的全站关键词；各页另加单位名称和年度", ())


@dataclass(frozen=True, kw_only=True)
class Term:
    """A glossary entry (名词解释)."""

    ZH: ClassVar[str] = "名词解释条目"

    term: Text = f("名词", "被解释的名词", example="三公经费")
    definition: Text = f("解释", "一句话解释，不换行；写 {本级} 时按全站设置替换为区级、县级等")
    requires: Fund | None = f("适用资金来源", "只在有这种资金来源的单位的名词解释中列出；不填则都列出", None)


@dataclass(frozen=True, kw_only=True)
class Glossary:
    """`data/glossary.yaml`: the shared glossary; a disclosure may add or override terms."""

    ZH: ClassVar[str] = "全站名词解释"

    terms: tuple[Term, ...] = f("名词列表", "全站共用的名词解释，按显示顺序排列")


@dataclass(frozen=True, kw_only=True)
class CodeEntry:
    """One classification code in a catalogue file under `data/codes/`."""

    ZH: ClassVar[str] = "编码表条目"

    code: Code = f("编码", "科目编码")
    name: Text = f("名称", "科目名称")
    source: Text = f("来源", "该条目出自何处（文件、年度或本地补充）")


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """`data/codes/<scheme>.yaml`: a classification code list that accepts local additions."""

    ZH: ClassVar[str] = "分类科目编码表"

    scheme: Literal["function", "dept_econ"] = f("分类", "function 支出功能分类；dept_econ 部门预算支出经济分类")
    entries: tuple[CodeEntry, ...] = f("条目", "编码与名称；类、款、项（或类、款）都要列出")


# ---------------------------------------------------------------- one disclosure: identity

@dataclass(frozen=True, kw_only=True)
class Staffing:
    """人员情况."""

    ZH: ClassVar[str] = "人员情况"

    authorized: int = f("编制人数", "核定编制数")
    active: int = f("在职人数", "在职在编人员数")
    retired: int = f("退休人数", "离退休人员数", 0)


@dataclass(frozen=True, kw_only=True)
class KeyWork:
    """One item of the year's key work (重点工作)."""

    ZH: ClassVar[str] = "重点工作"

    title: Text = f("标题", "一句话标题", example="全面加强网站新媒体管理")
    text: Paragraphs = f("内容", "具体内容")


@dataclass(frozen=True, kw_only=True)
class Overview:
    """第一部分 概况."""

    ZH: ClassVar[str] = "概况"

    duties: Paragraphs = f("主要职能", "单位的基本职能")
    key_work: tuple[KeyWork, ...] = f("重点工作", "本年度重点工作，按顺序排列")
    staffing: Staffing = f("人员情况", "编制、在职与退休人数")


# ---------------------------------------------------------------- money tables

@dataclass(frozen=True, kw_only=True)
class SpendingLine:
    """A line of expenditure by function classification, at 项 level (表1-2, 表3, 表4, 表5)."""

    ZH: ClassVar[str] = "支出明细（功能分类，到项）"

    code: Code = f("功能分类科目编码", "7 位项级编码", example="2010302")
    fund: Fund = f("资金来源", "一般公共预算、政府性基金预算等", "一般公共预算")
    basic: Amount = f("基本支出", "本行基本支出（万元）", ZERO)
    project: Amount = f("项目支出", "本行项目支出（万元），须等于该科目下项目金额之和", ZERO)
    carryover: Amount = f("其中上年结转", "本行金额中来自上年结转的部分（万元）", ZERO)
    unit: Code | None = f("单位编码", "有所属单位时，本行所属单位的编码；默认为本单位", None)
    name: Text | None = f("科目名称", "可不填，由编码表得出；填写时须与编码表一致", None)
    purpose: Text | None = f("主要用途", "“主要用于”之后的说明，金额为零时不写", None)


@dataclass(frozen=True, kw_only=True)
class EconLine:
    """A line of basic expenditure by economic classification, at 款 level (表3-1, 表2-1)."""

    ZH: ClassVar[str] = "基本支出明细（经济分类，到款）"

    code: Code = f("经济分类科目编码", "5 位款级编码", example="30101")
    amount: Amount = f("金额", "万元")
    fund: Fund = f("资金来源", "一般公共预算、政府性基金预算等", "一般公共预算")
    category: Literal["人员经费", "公用经费"] | None = f(
        "经费类别", "不填时 301、303 类计入人员经费，其余计入公用经费", None)
    unit: Code | None = f("单位编码", "有所属单位时，本行所属单位的编码", None)
    name: Text | None = f("科目名称", "可不填，由编码表得出", None)


@dataclass(frozen=True, kw_only=True)
class ProjectPart:
    """One part of a project's money: an economic code and a fund (when a project spans several)."""

    ZH: ClassVar[str] = "项目资金构成"

    econ: Code = f("经济分类科目编码", "3 位类级或 5 位款级编码", example="30227")
    amount: Amount = f("金额", "万元")
    fund: Fund = f("资金来源", "一般公共预算、政府性基金预算、事业收入等", "一般公共预算")


@dataclass(frozen=True, kw_only=True)
class Project:
    """A project (项目支出, 表3-2 for 一般公共预算 money)."""

    ZH: ClassVar[str] = "项目（表3-2）"

    name: Text = f("项目名称", "与绩效目标表一致的项目全称")
    function: Code = f("功能分类科目编码", "7 位项级编码", example="2010302")
    amount: Amount = f("金额", "万元；有资金构成（parts）时须等于各部分之和")
    fund: Fund = f("资金来源", "一般公共预算、政府性基金预算等；有资金构成时以各部分为准", "一般公共预算")
    econ: Code | None = f("经济分类科目编码", "3 位类级或 5 位款级编码；用于表2-1；有资金构成时以各部分为准", None)
    unit: Code | None = f("单位编码", "有所属单位时，项目所属单位的编码", None)
    parts: tuple[ProjectPart, ...] = f("资金构成", "项目资金跨多个经济分类科目或资金来源时逐项列出；只有一种时不写", ())

    def split(self) -> tuple[ProjectPart, ...]:
        """The project's money by economic code and fund: its parts, or itself as one part."""
        return self.parts or (ProjectPart(econ=self.econ or "", amount=self.amount, fund=self.fund),)


@dataclass(frozen=True, kw_only=True)
class ThreePublicPurposes:
    """What each 三公 part is for (only where the amount is not zero)."""

    ZH: ClassVar[str] = "“三公”经费用途"

    abroad: Text | None = f("因公出国（境）费用途", "“主要用于”之后的说明；金额为零时不写", None)
    vehicle: Text | None = f("公务用车购置及运行费用途", "“主要用于”之后的说明；金额为零时不写", None)
    reception: Text | None = f("公务接待费用途", "“主要用于”之后的说明；金额为零时不写", None)


@dataclass(frozen=True, kw_only=True)
class ThreePublic:
    """“三公”经费 (表3-3, 表4-1)."""

    ZH: ClassVar[str] = "“三公”经费"

    abroad: Amount = f("因公出国（境）费", "万元", ZERO)
    vehicle_purchase: Amount = f("公务用车购置费", "万元", ZERO)
    vehicle_operation: Amount = f("公务用车运行费", "万元", ZERO)
    reception: Amount = f("公务接待费", "万元", ZERO)
    purposes: ThreePublicPurposes = f("用途", "各项的用途", ThreePublicPurposes())


# ---------------------------------------------------------------- one disclosure: units

@dataclass(frozen=True, kw_only=True)
class SubUnit:
    """A subordinate unit (所属单位) included in the department's disclosure."""

    ZH: ClassVar[str] = "所属单位"

    code: Code = f("单位编码", "预算单位编码；各明细行的 unit 写这个编码", example="103002")
    name: Text = f("单位名称", "单位全称")
    type: UnitType = f("单位性质", "行政单位、公益一类事业单位等")
    budget_level: Literal["二级预算单位", "三级预算单位"] = f("预算级次", "本单位在预算管理中的级次", "二级预算单位")
    staffing: Staffing | None = f("人员情况", "本单位的编制、在职与退休人数；不填则不单列", None)
    three_public: ThreePublic = f("“三公”经费", "本单位的一般公共预算“三公”经费（表3-3 中本单位一行）",
                                  ThreePublic())


@dataclass(frozen=True, kw_only=True)
class Unit:
    """The unit that publishes the disclosure."""

    ZH: ClassVar[str] = "单位信息"

    code: Code = f("单位编码", "预算单位编码，须与所在文件夹名一致", example="103003")
    name: Text = f("单位全称", "全文唯一的单位名称", example="达州市达川区人民政府信息公开服务中心")
    short_name: Text = f("单位简称", "正文中使用的简称", example="区信息公开服务中心")
    type: UnitType = f("单位性质", "行政单位、公益一类事业单位等")
    budget_level: Literal["一级预算单位", "二级预算单位", "三级预算单位"] = f(
        "预算级次", "本单位在预算管理中的级次", "一级预算单位")
    parent: Text | None = f("主管部门", "二级及以下预算单位的主管部门名称", None)
    own_code: Code | None = f(
        "本级单位编码", "有所属单位时，部门本级自己的单位编码（如 103001）；不填则与单位编码相同", None)
    own_name: Text | None = f("本级单位名称", "表中本级一行的名称；不填则为“单位全称（本级）”", None)
    subordinates: tuple[SubUnit, ...] = f("所属单位", "纳入本部门预算的下属单位；没有则不写", ())
    group: Literal["部门", "乡镇街道"] | None = f(
        "分组", "单位列表和全区总览中的分组；不填则按单位全称判断：去掉末尾的“人民政府”或“办事处”后以"
        "“镇”“乡”或“街道”结尾的为乡镇街道，其余为部门", None)


@dataclass(frozen=True, kw_only=True)
class ThreePublicReasons:
    """Why each 三公 item changed on last year."""

    ZH: ClassVar[str] = "“三公”经费各项增减原因"

    abroad: Text | None = f("因公出国（境）费增减原因", "与上年相比增减的主要原因；持平时可不写", None)
    vehicle: Text | None = f("公务用车购置及运行费增减原因", "与上年相比增减的主要原因；持平时可不写", None)
    reception: Text | None = f("公务接待费增减原因", "与上年相比增减的主要原因；持平时可不写", None)


@dataclass(frozen=True, kw_only=True)
class PreviousYear:
    """The previous year's figures the explanation compares against, each with its own reason."""

    ZH: ClassVar[str] = "上年数"

    total: Amount = f("上年收支总预算", "万元")
    fiscal: Amount = f("上年财政拨款收支总预算", "万元")
    general_budget: Amount = f("上年一般公共预算当年拨款", "万元")
    reason: Text | None = f("收支总预算增减原因", "本年收支总预算与上年相比增减的主要原因；持平时可不写", None)
    fiscal_reason: Text | None = f("财政拨款增减原因", "财政拨款收支总预算增减的主要原因；持平时可不写", None)
    general_budget_reason: Text | None = f("一般公共预算当年拨款增减原因", "持平时可不写", None)
    government_fund: Amount | None = f("上年政府性基金预算支出", "万元；不填则不作比较", None)
    government_fund_reason: Text | None = f("政府性基金增减原因", "持平时可不写", None)
    state_capital: Amount | None = f("上年国有资本经营预算支出", "万元；不填则不作比较", None)
    state_capital_reason: Text | None = f("国有资本经营预算增减原因", "持平时可不写", None)
    three_public: ThreePublic | None = f("上年“三公”经费", "部门合计；不填则不作比较", None)
    three_public_reason: Text | None = f("“三公”经费增减原因", "与上年相比增减的主要原因；持平时可不写", None)
    three_public_reasons: ThreePublicReasons = f("“三公”经费各项增减原因", "各项的增减原因", ThreePublicReasons())


@dataclass(frozen=True, kw_only=True)
class OperatingCosts:
    """机关运行经费."""

    ZH: ClassVar[str] = "机关运行经费"

    amount: Amount | None = f("金额", "万元；事业单位无机关运行经费时不填", None)
    previous: Amount | None = f("上年金额", "万元", None)
    reason: Text | None = f("增减原因", "与上年相比增减的主要原因；持平时可不写", None)
    note: Text | None = f("说明", "如“属事业单位，无机关运行经费”", None)


@dataclass(frozen=True, kw_only=True)
class Procurement:
    """政府采购预算."""

    ZH: ClassVar[str] = "政府采购"

    goods: Amount = f("货物类", "万元", ZERO)
    works: Amount = f("工程类", "万元", ZERO)
    services: Amount = f("服务类", "万元", ZERO)
    sme_reserved: Amount = f("预留中小企业", "面向中小企业预留的金额（万元）", ZERO)
    purpose: Text | None = f("主要用途", "金额为零时不写", None)


@dataclass(frozen=True, kw_only=True)
class Assets:
    """国有资产占有使用情况."""

    ZH: ClassVar[str] = "国有资产占有使用情况"

    as_of: dt.date = f("截至日期", "资产数据的截止日期", example="2023-12-31")
    vehicles: int = f("车辆数", "车辆总数（辆）", 0)
    large_equipment: int = f("大型设备数", "单位价值达到标准的大型设备（台、套）", 0)
    threshold: Amount = f("大型设备标准", "单位价值标准（万元）", Decimal("200.00"))
    new_vehicles: int = f("本年拟购车辆", "辆", 0)
    new_large_equipment: int = f("本年拟购大型设备", "台、套", 0)


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One row of performance indicators (三级指标)."""

    ZH: ClassVar[str] = "绩效指标行"

    level1: Level1 = f("一级指标", "产出、效益、满意度、成本")
    level2: Text = f("二级指标", "如数量指标、社会效益指标")
    name: Text = f("三级指标", "指标名称")
    nature: Nature = f("指标性质", "=、≥、≤ 或 定性")
    value: Text = f("指标值", "数字或等级（优、良、中、差），请写成字符串", example="\"98\"")
    unit: Text | None = f("度量单位", "定量指标必填，如 %、万元、个", None)
    weight: Number = f("权重", "分值")
    direction: Text | None = f("指标方向性", "如正向指标、反向指标", None)


@dataclass(frozen=True, kw_only=True)
class ProjectPerformance:
    """A project's performance targets (表6)."""

    ZH: ClassVar[str] = "项目绩效目标（表6）"

    project: Text = f("项目名称", "须与表3-2中的项目名称一致")
    goal: Paragraphs = f("年度目标", "项目的年度绩效目标")
    indicators: tuple[Indicator, ...] = f("绩效指标", "三级指标行")
    amount: Amount | None = f("预算数", "万元；不填则取表3-2同名项目的金额", None)


@dataclass(frozen=True, kw_only=True)
class PerformanceCoverage:
    """How many projects carry performance targets, of which 表6 lists some."""

    ZH: ClassVar[str] = "绩效目标覆盖情况"

    projects: int = f("项目个数", "实行绩效目标管理的项目个数（含表6 未列出的）")
    amount: Amount = f("涉及资金", "这些项目的资金合计（万元）")


@dataclass(frozen=True, kw_only=True)
class Funding:
    """表7's funding block, in 元 to the fen."""

    ZH: ClassVar[str] = "总体资金情况（表7，元）"

    basic_fiscal: AmountYuan = f("基本支出·财政拨款", "元", ZERO)
    basic_special: AmountYuan = f("基本支出·专户资金", "元", ZERO)
    basic_unit: AmountYuan = f("基本支出·单位资金", "元", ZERO)
    project_fiscal: AmountYuan = f("项目支出·财政拨款", "元", ZERO)
    project_special: AmountYuan = f("项目支出·专户资金", "元", ZERO)
    project_unit: AmountYuan = f("项目支出·单位资金", "元", ZERO)


@dataclass(frozen=True, kw_only=True)
class Task:
    """One of the year's main tasks in 表7."""

    ZH: ClassVar[str] = "年度主要任务"

    name: Text = f("任务名称", "一项年度主要任务的名称")
    content: Paragraphs = f("主要内容", "该任务的主要内容")


@dataclass(frozen=True, kw_only=True)
class UnitPerformance:
    """部门整体支出绩效目标 (表7)."""

    ZH: ClassVar[str] = "部门整体支出绩效目标（表7）"

    funding: Funding = f("总体资金情况", "单位为元")
    tasks: tuple[Task, ...] = f("年度主要任务", "按顺序排列的年度主要任务")
    goal: Paragraphs = f("整体绩效目标", "部门整体的年度绩效目标；金额须与预算表一致")
    indicators: tuple[Indicator, ...] = f("年度绩效指标", "部门整体的三级指标行")


@dataclass(frozen=True, kw_only=True)
class EmptyStatements:
    """Override of the statutory statement printed under an empty table."""

    ZH: ClassVar[str] = "空表说明"

    t3_3: Text | None = f("表3-3 空表说明", "不填则自动生成", None)
    t4: Text | None = f("表4 空表说明", "不填则自动生成", None)
    t4_1: Text | None = f("表4-1 空表说明", "不填则自动生成", None)
    t5: Text | None = f("表5 空表说明", "不填则自动生成", None)


@dataclass(frozen=True, kw_only=True)
class StatedTotal:
    """A total as printed in a published document, kept so the check can compare it."""

    ZH: ClassVar[str] = "原文合计数"

    table: Text = f("表号", "如 表3-1")
    row: Text = f("行", "如 合计")
    column: Text = f("列", "如 人员经费")
    amount: Amount = f("金额", "原文所印金额（万元）")


@dataclass(frozen=True, kw_only=True)
class Erratum:
    """A public correction of the published document (勘误)."""

    ZH: ClassVar[str] = "勘误"

    where: Text = f("位置", "原文中的位置，如 第二部分 三（二）")
    published: Text = f("原文", "原文所印内容")
    corrected: Text = f("更正为", "本站采用的内容")
    note: Text | None = f("说明", "依据", None)


# ---------------------------------------------------------------- one disclosure

@dataclass(frozen=True, kw_only=True)
class Disclosure:
    """`data/units/<单位编码>/<年度>.yaml`: one unit's disclosure for one year."""

    ZH: ClassVar[str] = "单位年度预算公开"

    unit: Unit = f("单位", "单位信息")
    year: int = f("年度", "预算年度，须与文件名一致", example="2024")
    overview: Overview = f("概况", "第一部分 概况")
    spending: tuple[SpendingLine, ...] = f("支出（功能分类）", "按支出功能分类到项的支出明细")
    basic_econ: tuple[EconLine, ...] = f("基本支出（经济分类）", "基本支出按部门经济分类到款的明细")
    kind: Literal["预算", "决算"] = f("类别", "部门预算或部门决算", "预算")
    approved_on: dt.date | None = f("批复日期", "财政部门批复预算的日期", None)
    published_on: dt.date | None = f("公开日期", "向社会公开的日期", None)
    projects: tuple[Project, ...] = f("项目", "项目支出明细（表3-2）", ())
    three_public: ThreePublic = f("“三公”经费", "一般公共预算“三公”经费（表3-3）", ThreePublic())
    fund_three_public: ThreePublic = f("政府性基金“三公”经费", "表4-1", ThreePublic())
    previous_year: PreviousYear | None = f("上年数", "上年预算数与增减原因；新设单位不填", None)
    operating_costs: OperatingCosts = f(
        "机关运行经费", "行政单位和参公事业单位填写金额；事业单位填写说明", OperatingCosts())
    procurement: Procurement = f("政府采购", "政府采购预算的货物、工程、服务金额", Procurement())
    assets: Assets | None = f("国有资产", "车辆和大型设备的占有与购置情况", None)
    project_performance: tuple[ProjectPerformance, ...] = f("项目绩效目标", "表6", ())
    performance_coverage: PerformanceCoverage | None = f(
        "绩效目标覆盖情况", "实行绩效目标管理的项目总数和金额；表6 只列其中一部分时必填", None)
    unit_performance: UnitPerformance | None = f("整体绩效目标", "表7", None)
    glossary: tuple[Term, ...] = f("补充名词解释", "本单位补充或覆盖的名词解释", ())
    empty_statements: EmptyStatements = f("空表说明", "空表下方的说明文字；不填则按统一格式生成", EmptyStatements())
    source_document: Text | None = f(
        "原文", "已公开的原始文件：content/ 下随网站发布的文件路径，或门户网站上的 http(s) 网址；"
        "概况和勘误页以“原文”链接到它", None, example="files/2024-103003.pdf")
    stated_totals: tuple[StatedTotal, ...] = f("原文合计数", "核对已公开文本时使用", ())
    errata: tuple[Erratum, ...] = f("勘误", "对已公开文本的更正说明", ())
