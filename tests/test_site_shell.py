"""Issue 12 without a browser: phone-table labels, the 关于本站数据 area, the sitemap and the
warning without a site address, and the link 原文 to a disclosure's source document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalogue import Names
from generator.derive import figures
from generator.load import load
from generator.pagefind_index import documents
from generator.perftables import indicator_table
from generator.portal import NO_URL_WARNING, placeholder_fields
from generator.tablemodel import Cell, Row, Table, code, h
from generator.tables import Builder
from tests.conftest import REPO, edit_sample, run_cli


@pytest.fixture(scope="module")
def tables() -> dict[str, Table]:
    data = load(REPO)
    d = data.entries[0].data
    return {t.number: t for t in Builder(d, figures(d), Names(data.catalogue)).all()}


def test_column_labels_flatten_multi_row_headers(tables: dict[str, Table]) -> None:
    assert tables["表1"].column_labels == ("收入 项目", "收入 预算数", "支出 项目", "支出 预算数")
    assert tables["表2-1"].column_labels[3:7] == ("合计", "基本支出 小计", "基本支出 人员经费", "基本支出 公用经费")
    # a group over every grouped column tells nothing apart: 当年财政拨款预算安排 is left out
    assert tables["表3-3"].column_labels[2:5] == ("合计", "因公出国（境）费", "公务用车购置及运行费 小计")
    assert tables["表1-1"].column_labels[:5] == ("类", "款", "项", "科目名称", "合计")


def test_each_body_cell_gets_its_columns_label_and_codes_their_own_name(tables: dict[str, Table]) -> None:
    t = tables["表2-1"]
    row = next(r for r in t.body if r.kind == "item")
    labelled = t.labelled(row)
    assert [label for cell, label in labelled if cell.code] == ["类", "款"]  # not 科目编码 类
    assert [label for cell, label in labelled if cell.num][:2] == ["合计", "基本支出 小计"]
    total = t.labelled(t.body[0])  # 合计 spans the code and name columns
    assert total[0][0].colspan == 3 and total[1][1] == "合计"


def test_a_direction_column_blank_in_every_row_is_not_printed() -> None:
    data = load(REPO)
    pp = data.entries[0].data.project_performance[0]
    blank = indicator_table("x", "表6-1", "x", tuple(i for i in pp.indicators if not i.direction))
    assert "指标方向性" in [c.text for c in blank.head[0]]
    assert "指标方向性" not in [c.text for c in blank.trimmed().head[0]]
    assert all(len(r.cells) == len(blank.trimmed().head[0]) for r in blank.trimmed().body)
    rows = (Row((Cell("a"), Cell("正向指标"))), Row((Cell("b"), Cell())))
    some = Table("y", "", "", "", ((h("名称"), h("指标方向性")),), rows)
    assert some.trimmed() is some
    mixed = Table("z", "", "", "", ((h("科目编码", 2),), (h("类"), h("款"))), (Row((code("201"), code("03"))),))
    assert mixed.trimmed() is mixed  # only one-row headers are trimmed


def test_the_data_editors_pages_leave_the_main_nav_for_the_footer(built_sample: Path) -> None:
    home = (built_sample / "index.html").read_text(encoding="utf-8")
    nav = [h for h in re.findall(r'<a href="([^"]*)" class="md-nav__link', home) if not h.startswith("#")]
    assert nav == [".", "2024/", "units/", "glossary/"]  # 首页, 2024年 (its 全区总览 pruned), 单位列表, 名词解释
    footer = home[home.index("portal-footer"):]
    assert re.search(r'<a href="about-data/">关于本站数据</a>', footer)
    about = (built_sample / "about-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../schema/"' in about and 'href="../rules/"' in about


def test_the_data_editors_pages_rank_after_every_citizen_page(built_sample: Path) -> None:
    """The search box multiplies each result's score by its page's boost (Pagefind meta), and
    searches the explaining pages (filter tier 1) first: the editors' pages are neither."""
    docs = documents(built_sample)
    boost = {url: float(d["meta"]["boost"]) for url, d in docs.items()}
    editors = [boost[p] for p in ("schema/", "rules/", "about-data/")]
    citizens = [b for p, b in boost.items() if p not in ("schema/", "rules/", "about-data/")]
    assert max(editors) < min(citizens)
    assert all("tier" not in docs[p]["filters"] for p in ("schema/", "rules/", "about-data/"))
    assert docs["2024/103003/explanation/"]["filters"] == {"tier": ["1"]}  # an explaining page: searched first


def test_without_a_site_address_the_build_warns_once_and_the_sitemap_is_relative(
        built_sample: Path, project: Path) -> None:
    sitemap = (built_sample / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "./" in locs and "2024/103003/tables/" in locs and "about-data/" in locs
    assert len(locs) == len(list(built_sample.rglob("index.html")))
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    assert run.stderr.count(NO_URL_WARNING) == 1
    assert run.stderr.count("仍是示例占位") == 1  # the sample's footer placeholders
    assert "sitemap.xml" in NO_URL_WARNING and "404" in NO_URL_WARNING and "SiteDomain" in NO_URL_WARNING


def test_with_a_site_address_the_sitemap_is_absolute_and_nothing_is_said(project: Path) -> None:
    site_yaml = project / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "url: https://www.example.gov.cn/xxgk/yjsgk/\n",
                         encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    assert NO_URL_WARNING not in run.stderr
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://www.example.gov.cn/xxgk/yjsgk/2024/103003/tables/</loc>" in sitemap


def _source_links(site: Path) -> dict[str, list[str]]:
    unit = site / "2024" / "103003"
    pages = {"概况": unit / "index.html", "勘误": unit / "errata" / "index.html"}
    return {name: re.findall(r'<a class="source-link" href="([^"]*)">原文</a>', p.read_text(encoding="utf-8"))
            for name, p in pages.items()}


def _plain(href: str) -> str:
    return re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), href)


def test_a_source_document_shipped_with_the_site_is_linked_from_the_overview_and_the_errata(project: Path) -> None:
    edit_sample(project, lambda tree: tree.__setitem__("source_document", "files/2024-103003.pdf"))
    run = run_cli(project, "build")
    assert run.code == 1
    assert "2024/103003/index.html: 链接 ../../files/2024-103003.pdf 指向的文件不存在" in run.stderr
    (project / "content" / "files").mkdir()
    (project / "content" / "files" / "2024-103003.pdf").write_bytes(b"%PDF-1.4\n")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    links = _source_links(project / "site")
    assert {k: [_plain(h) for h in v] for k, v in links.items()} == {
        "概况": ["../../files/2024-103003.pdf"], "勘误": ["../../../files/2024-103003.pdf"]}
    assert (project / "site" / "files" / "2024-103003.pdf").is_file()


def test_a_source_document_on_the_portal_is_linked_as_given(project: Path) -> None:
    url = "https://www.example.gov.cn/xxgk/2024/103003.pdf?from=yjsgk&x=1"
    edit_sample(project, lambda tree: tree.__setitem__("source_document", url))
    run = run_cli(project, "generate")
    assert run.code == 0, run.stderr
    page = (project / "content" / "generated" / "2024" / "103003" / "index.md").read_text(encoding="utf-8")
    href = re.search(r'<a class="source-link" href="([^"]*)">原文</a>', page)
    assert href is not None and _plain(href[1]) == url and "&x=" not in href[1]


def test_no_source_link_without_a_source_document(built_sample: Path) -> None:
    assert _source_links(built_sample) == {"概况": [], "勘误": []}


def test_placeholders_left_in_site_yaml_are_named_in_a_warning() -> None:
    import dataclasses

    site = load(REPO).site
    assert placeholder_fields(site) == ["contact（联系方式）", "site_code（网站标识码）", "icp（ICP 备案号）",
                                        "police_record（公安备案号）"]
    real = dataclasses.replace(site, contact="0818-2345678", site_code="5117030001", icp="蜀ICP备12345678号",
                               police_record="川公网安备51170302000001号")
    assert placeholder_fields(real) == []


# ---------------------------------------------------------------- portal shell (issue 12)

PORTAL_LINKS = {
    "identity_url": "https://bszs.conac.cn/sitename?method=show&id=5117030001",
    "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=5117030001",
    "privacy_url": "https://www.example.gov.cn/yssm.html",
    "copyright_url": "https://www.example.gov.cn/bqsm.html",
    "accessibility_url": "https://www.example.gov.cn/wza/",
}


def _footer(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('class="md-copyright portal-footer"')
    return text[start:text.index("</div>", start)]


def test_footer_links_and_identity_block_come_from_site_yaml(project: Path) -> None:
    site_yaml = project / "data" / "site.yaml"
    real = {"contact": "0818-2345678", "site_code": "5117030001", "icp": "蜀ICP备12345678号",
            "police_record": "川公网安备51170302000001号"}
    text = site_yaml.read_text(encoding="utf-8")
    for name, value in real.items():
        text = re.sub(rf"^{name}: .*$", f"{name}: {value}", text, flags=re.M)
    site_yaml.write_text(text + "".join(f"{k}: {v}\n" for k, v in PORTAL_LINKS.items()), encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    assert "仍是示例占位" not in run.stderr and "未填写" not in run.stderr  # nothing left to fill in
    footer = _footer(project / "site" / "2024" / "103003" / "index.html")
    anchors = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', footer)
    links = {_plain(href).replace("&amp;", "&"): text for href, text in anchors}
    assert links[PORTAL_LINKS["error_report_url"]] == "我为政府网站找错"
    assert links[PORTAL_LINKS["privacy_url"]] == "隐私声明"
    assert links[PORTAL_LINKS["copyright_url"]] == "版权声明"
    assert links[PORTAL_LINKS["accessibility_url"]] == "无障碍"
    identity = links[PORTAL_LINKS["identity_url"]]
    assert "党政机关" in identity and "网站标识" in identity
    assert "<img" not in footer and "<script" not in footer  # links only: the build fetches nothing


def test_without_portal_links_the_footer_has_none_and_the_build_names_the_required_ones(
        built_sample: Path, project: Path) -> None:
    footer = _footer(built_sample / "index.html")
    for text in ("我为政府网站找错", "隐私声明", "版权声明", "无障碍", "党政机关"):
        assert text not in footer
    run = run_cli(project, "build")
    warning = next(line for line in run.stderr.splitlines() if "仍是示例占位" in line)
    assert "identity_url（党政机关网站标识链接）" in warning and "error_report_url（我为政府网站找错链接）" in warning
    assert "privacy_url" not in warning  # optional


def test_a_footer_link_that_is_not_a_web_address_is_left_out(project: Path) -> None:
    site_yaml = project / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "privacy_url: javascript:alert(1)\n",
                         encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    assert "privacy_url（隐私声明链接） 应为 http:// 或 https:// 开头的网址" in run.stderr
    assert "javascript:" not in _footer(project / "site" / "index.html")


def test_the_sitemap_link_in_the_footer_is_relative(built_sample: Path) -> None:
    for page, href in (("index.html", "sitemap.xml"), ("2024/103003/tables/index.html", "../../../sitemap.xml")):
        assert f'<a href="{href}">网站地图</a>' in _footer(built_sample / page)


def test_the_404_page_carries_the_portal_meta_tags(built_sample: Path) -> None:
    def tags(page: str) -> dict[str, str]:
        return dict(re.findall(r'<meta name="([A-Z]\w+)" content="([^"]*)">', page))

    missing = tags((built_sample / "404.html").read_text(encoding="utf-8"))
    home = tags((built_sample / "index.html").read_text(encoding="utf-8"))
    assert set(home) <= set(missing)
    assert missing["SiteName"] == home["SiteName"] and missing["SiteIDCode"] == home["SiteIDCode"]
    assert missing["ArticleTitle"] == "404 - 页面不存在"


def test_search_separators_never_reach_the_pages(built_sample: Path) -> None:
    for page in built_sample.rglob("*.html"):
        assert "search-only" not in page.read_text(encoding="utf-8"), page
