"""第二部分 预算情况说明 is written from the data: every amount and percentage in it is re-read
and checked against figures computed here, independently of the generator's own arithmetic."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import generate
from tests.conftest import SAMPLE_FILE, copy_project, edit_sample, yaml_rt

AMOUNT = re.compile(r"(\d+(?:\.\d+)?)万元")
PERCENT = re.compile(r"(\d+\.\d{2})%")


def variant(tmp_path: Path, mutate: Callable[[Any], None] | None = None) -> str:
    """Generate the sample (optionally changed by `mutate`) and return its explanation Markdown."""
    root = copy_project(tmp_path / "project")
    if mutate:
        edit_sample(root, mutate)
    generate(root)
    text = (root / "content" / "generated" / "2024" / "103003" / "explanation.md").read_text(encoding="utf-8")
    # Charts carry their own figures (and their own tests, tests/test_charts.py); the prose is the rest.
    return re.sub(r'<figure class="budget-chart".*?</figure>', "", text, flags=re.S)


def _sample() -> Any:
    return yaml_rt().load((Path(__file__).parent.parent / SAMPLE_FILE).read_text(encoding="utf-8"))


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def legitimate_figures(data: Any) -> tuple[set[Decimal], set[Decimal]]:
    """Every amount and share the explanation may print, computed from the YAML by hand."""
    lines = data["spending"]
    basic = sum((_d(x.get("basic", 0)) for x in lines), Decimal(0))
    project = sum((_d(x.get("project", 0)) for x in lines), Decimal(0))
    grand = basic + project
    by_class: dict[str, Decimal] = {}
    for x in lines:
        by_class[x["code"][:3]] = (by_class.get(x["code"][:3], Decimal(0)) + _d(x.get("basic", 0))
                                   + _d(x.get("project", 0)))
    econ = data["basic_econ"]
    personnel = sum((_d(x["amount"]) for x in econ if x["code"][:3] in ("301", "303")), Decimal(0))
    public = sum((_d(x["amount"]) for x in econ if x["code"][:3] not in ("301", "303")), Decimal(0))
    previous = _d(data["previous_year"]["total"])
    threshold = _d(data["assets"].get("threshold", 200))
    amounts = {grand, basic, project, personnel, public, abs(grand - previous), Decimal(0), threshold}
    amounts |= set(by_class.values())
    amounts |= {_d(x.get("basic", 0)) + _d(x.get("project", 0)) for x in lines}
    amounts |= {_d(p["amount"]) for p in data["projects"]}
    amounts.add(sum((_d(p["amount"]) for p in data["projects"]), Decimal(0)))
    pct = lambda part: (part * 100 / grand).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # noqa: E731
    percents = {Decimal("100.00"), pct(basic), pct(project), *(pct(v) for v in by_class.values())}
    return amounts, percents


def test_every_amount_and_percentage_in_the_sample_explanation_is_a_table_figure(tmp_path: Path) -> None:
    text = variant(tmp_path)
    amounts, percents = legitimate_figures(_sample())
    found_amounts = [Decimal(m) for m in AMOUNT.findall(text)]
    found_percents = [Decimal(m) for m in PERCENT.findall(text)]
    assert len(found_amounts) >= 30 and len(found_percents) >= 7
    assert [a for a in found_amounts if a not in amounts] == []
    assert [p for p in found_percents if p not in percents] == []


def test_the_sample_explanation_states_the_corrected_seed_figures(tmp_path: Path) -> None:
    text = variant(tmp_path)
    # the seed printed 2.78 / 2.09% and 4.97%, and 8.26 for 2080505; 133.05 "元" for 万元
    assert "卫生健康支出2.87万元，占2.16%" in text
    assert "住房保障支出6.52万元，占4.90%" in text
    assert "机关事业单位基本养老保险缴费支出（项）2024年预算数为7.81万元" in text
    assert "其他社会保障和就业支出（项）2024年预算数为0.45万元。" in text
    assert "一般公共预算拨款收入133.05万元，占收入预算的100.00%" in text
    assert "比2023年收支总预算减少10.52万元，主要原因是预算人员减少" in text
    assert "基本支出75.45万元，占支出预算的56.71%；项目支出57.60万元，占43.29%" in text


def test_shares_of_the_structure_add_to_one_hundred(tmp_path: Path) -> None:
    text = variant(tmp_path)
    section = text.split("（二）一般公共预算当年拨款结构情况")[1].split("###")[0]
    assert sum((Decimal(p) for p in PERCENT.findall(section)), Decimal(0)) == Decimal("100.00")


def test_all_zero_three_public_is_said_plainly_without_purposes(tmp_path: Path) -> None:
    text = variant(tmp_path)
    section = text.split("## 五、")[1].split("## 六、")[0]
    # the corrected wording of the sample's erratum (第二部分 五), not "预算0.00万元"
    assert "2024年“三公”经费财政拨款预算为0，未安排因公出国（境）费、公务用车购置及运行费和公务接待费。" in section
    for part in ("因公出国（境）费", "公务用车购置及运行费", "公务接待费"):
        assert f"区信息公开服务中心2024年无{part}预算。" in section
    assert "主要用于" not in section


def test_a_non_zero_three_public_with_a_change_and_its_reason(tmp_path: Path) -> None:
    def mutate(d: Any) -> None:
        d["three_public"] = {"reception": Decimal("1.20"), "purposes": {"reception": "上级部门检查指导等公务接待"}}
        d["previous_year"]["three_public"] = {"reception": Decimal("1.50")}
        d["previous_year"]["three_public_reason"] = "压减一般性支出"

    section = variant(tmp_path, mutate).split("## 五、")[1].split("## 六、")[0]
    assert "“三公”经费财政拨款预算1.20万元，比2023年减少0.30万元，主要原因是压减一般性支出。" in section
    # each item is compared with its own last-year figure; no item reason was given, so none is invented
    assert "公务接待费预算1.20万元，比2023年减少0.30万元。主要用于上级部门检查指导等公务接待。" in section
    assert "区信息公开服务中心2024年无因公出国（境）费预算。" in section


def test_an_increase_is_phrased_as_an_increase(tmp_path: Path) -> None:
    def mutate(d: Any) -> None:
        d["previous_year"].update(total=Decimal("120.00"), fiscal=Decimal("120.00"), general_budget=Decimal("120.00"),
                                  reason="新增政务公开专区建设项目")

    text = variant(tmp_path, mutate)
    assert "比2023年收支总预算增加13.05万元，主要原因是新增政务公开专区建设项目。" in text
    assert "减少" not in text.split("## 二、")[0]


def test_no_change_is_phrased_as_level_and_needs_no_reason(tmp_path: Path) -> None:
    def mutate(d: Any) -> None:
        d["previous_year"].update(total=Decimal("133.05"), fiscal=Decimal("133.05"), general_budget=Decimal("133.05"))

    text = variant(tmp_path, mutate)
    assert "比2023年收支总预算持平。" in text
    assert "主要原因" not in text.split("## 四、")[0]


def test_a_unit_with_no_previous_year(tmp_path: Path) -> None:
    text = variant(tmp_path, lambda d: d.pop("previous_year"))
    assert "比2023年" not in text
    assert "区信息公开服务中心无2023年预算数可比" in text
    assert "收支总预算133.05万元。" in text


def test_a_class_with_a_single_item(tmp_path: Path) -> None:
    text = variant(tmp_path)
    # 221 住房保障 has one 项: the structure names the 类, the use list names the 项 path once.
    assert text.count("住房保障（类）住房改革支出（款）住房公积金（项）") == 1
    assert "住房保障支出6.52万元，占4.90%" in text


def test_empty_fund_tables_get_the_statutory_sentence(tmp_path: Path) -> None:
    text = variant(tmp_path)
    assert "区信息公开服务中心2024年无使用政府性基金预算拨款安排的支出。" in text
    assert "区信息公开服务中心2024年无国有资本经营预算拨款安排的支出。" in text


def test_a_department_with_subordinate_units(tmp_path: Path) -> None:
    def mutate(d: Any) -> None:
        d["unit"]["subordinates"] = [{"code": "103004", "name": "达州市达川区政务服务中心", "type": "公益一类事业单位"},
                                     {"code": "103005", "name": "达州市达川区档案馆", "type": "公益二类事业单位"}]

    root_text = variant(tmp_path, mutate)
    overview = (tmp_path / "project" / "content" / "generated" / "2024" / "103003"
                / "index.md").read_text(encoding="utf-8")
    assert ("单位共3个，包括部门本级和所属单位2个：达州市达川区政务服务中心（公益一类事业单位）、"
            "达州市达川区档案馆（公益二类事业单位）。") in overview
    assert "无下属单位" not in overview
    assert "133.05万元" in root_text


def test_no_purpose_is_printed_for_a_zero_amount(tmp_path: Path) -> None:
    def mutate(d: Any) -> None:
        d["procurement"] = {"purpose": "采购办公设备"}  # amount stays zero

    text = variant(tmp_path, mutate)
    assert "安排政府采购预算0.00万元。" in text
    assert "采购办公设备" not in text


def test_a_portal_can_override_a_template(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    override = root / "templates" / "partials" / "meta.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<p class=\"disclosure-meta\">本页由{{ site.region }}财政局发布</p>\n", encoding="utf-8")
    generate(root)
    page = (root / "content" / "generated" / "2024" / "103003" / "explanation.md").read_text(encoding="utf-8")
    assert "本页由达州市达川区财政局发布" in page
    assert "公开日期" not in page


@pytest.mark.parametrize("level", ["区级", "县级", "市级"])
def test_the_government_level_comes_from_the_site_settings(tmp_path: Path, level: str) -> None:
    root = copy_project(tmp_path / "project")
    site = root / "data" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("level: 区级", f"level: {level}"), encoding="utf-8")
    generate(root)
    glossary = (root / "content" / "generated" / "2024" / "103003" / "glossary.md").read_text(encoding="utf-8")
    assert f"指{level}财政当年拨付的资金" in glossary
    assert glossary.count("财政当年拨付") == 1
