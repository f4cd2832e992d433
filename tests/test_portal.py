"""Portal conventions without a browser: glossary links inside Chinese text, the meta tags and
footer portal CMSs read, escaping of every site value, and the file:// review package's links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.mdext.glossary import GlossaryExtension, PageTerms
from generator.model import Term
from generator.offline import file_url, fix_links
from tests.conftest import copy_project, run_cli

TERMS = (Term(term="“三公”经费", definition="因公出国（境）费、公务用车购置及运行费和公务接待费。"),
         Term(term="基本支出", definition="保障机构正常运转的支出。"),
         Term(term="支出", definition="一个更短的词。"),
         Term(term="PPP", definition="政府和社会资本合作。"))


def render(text: str, link: str | None = "../glossary.md", terms: tuple[Term, ...] = TERMS) -> str:
    page = PageTerms(terms, link)
    ext = GlossaryExtension(lambda: page)
    return markdown.markdown(text, extensions=[ext, "def_list", "attr_list"])


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="glossary-term" href="([^"]+)" title="[^"]*">([^<]+)</a>', html)


# ---------------------------------------------------------------- glossary links

def test_a_term_inside_a_chinese_sentence_is_linked_to_its_definition() -> None:
    html = render("本部门2024年“三公”经费预算为零。")
    assert links(html) == [("../glossary.md#term-三公经费", "“三公”经费")]
    assert 'title="因公出国（境）费、公务用车购置及运行费和公务接待费。"' in html


def test_the_longest_term_wins_and_a_shorter_one_is_not_found_inside_it() -> None:
    assert [t for _, t in links(render("基本支出增加。"))] == ["基本支出"]


def test_ascii_terms_need_ascii_word_boundaries_only() -> None:
    assert [t for _, t in links(render("采用PPP模式，不是PPPX，也不是XPPP。"))] == ["PPP"]


def test_only_the_first_occurrence_in_each_section_is_linked() -> None:
    html = render("基本支出和基本支出。\n\n又是基本支出。\n\n## 二、下一节\n\n基本支出。")
    assert len(links(html)) == 2
    assert html.index("<h2") < html.rindex("glossary-term")


def test_headings_links_code_and_raw_html_are_left_alone() -> None:
    html = render("# 基本支出\n\n[基本支出](x.md) `基本支出`\n\n<div>基本支出</div>\n")
    assert links(html) == []


def test_a_hostile_definition_is_escaped_in_the_tooltip() -> None:
    evil = (Term(term="基本支出", definition='"><script>alert(1)</script>&'),)
    html = render("基本支出。", terms=evil)
    assert "<script>" not in html
    assert 'title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"' in html


def test_the_glossary_page_gives_each_defined_term_the_anchor_links_point_to() -> None:
    html = render("**“三公”经费**\n:   定义\n\n**基本支出**\n:   定义\n", link=None)
    assert '<dt id="term-三公经费">' in html and '<dt id="term-基本支出">' in html
    assert links(html) == []


# ---------------------------------------------------------------- the file:// review package

@pytest.mark.parametrize(("url", "expected"), [
    ("2024/103003/", "2024/103003/index.html"),
    ("../glossary/#term-基本支出", "../glossary/index.html#term-基本支出"),
    ("./", "./index.html"),
    ("..", "../index.html"),
    ("../explanation/?h=x", "../explanation/index.html?h=x"),
    ("#t1", "#t1"),
    ("assets/budget.css", "assets/budget.css"),
    ("https://beian.miit.gov.cn/", "https://beian.miit.gov.cn/"),
    ("mailto:a@b.cn", "mailto:a@b.cn"),
])
def test_folder_links_get_their_index_file(url: str, expected: str) -> None:
    assert file_url(url) == expected


def test_fix_links_rewrites_hrefs_only() -> None:
    html = '<a href="2024/">x</a><img src="a/"><a data-href="b/">'
    assert fix_links(html) == '<a href="2024/index.html">x</a><img src="a/"><a data-href="b/">'


# ---------------------------------------------------------------- the built sample

class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta[a["name"] or ""] = a.get("content") or ""
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.update(name for name, _ in attrs)


def page_meta(site: Path, path: str) -> _Meta:
    parser = _Meta()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parser


def test_disclosure_pages_carry_the_portal_meta_tags(built_sample: Path) -> None:
    m = page_meta(built_sample, "2024/103003/explanation")
    assert m.meta["SiteName"] == "达州市达川区部门预算公开"
    assert m.meta["SiteIDCode"] == "0000000000（示例）"
    assert m.meta["ColumnName"] == "预决算公开"
    assert m.meta["ArticleTitle"] == m.h1.rstrip("¶") == "区信息公开服务中心2024年部门预算情况说明"
    assert m.meta["PubDate"] == "2024-03-20"
    assert m.meta["ContentSource"] == "达州市达川区人民政府信息公开服务中心"
    assert m.meta["Keywords"].split(",")[:3] == ["部门预算", "预算公开", "三公经费"]
    assert "达州市达川区人民政府信息公开服务中心" in m.meta["Keywords"].split(",")
    assert m.meta["Description"].startswith("达州市达川区人民政府信息公开服务中心2024年部门预算公开")
    assert "description" not in m.meta  # one Description, not Material's lower-case duplicate


def test_site_pages_name_the_host_and_have_no_publication_date(built_sample: Path) -> None:
    m = page_meta(built_sample, "glossary")
    assert m.meta["ArticleTitle"] == "名词解释"
    assert m.meta["ContentSource"] == "达州市达川区财政局"
    assert "PubDate" not in m.meta


def test_the_footer_shows_every_registration_field_marked_as_an_example(built_sample: Path) -> None:
    html = (built_sample / "2024" / "103003" / "tables" / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('class="md-copyright portal-footer"'):]
    for text in ("主办单位：达州市达川区财政局", "联系方式：0818-0000000（示例）", "网站标识码：0000000000（示例）",
                 "蜀ICP备00000000号（示例）", "川公网安备00000000000000号（示例）"):
        assert text in footer


def test_every_glossary_link_points_at_a_defined_term(built_sample: Path) -> None:
    found = 0
    for page in built_sample.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'class="glossary-term" href="([^"]+)"', html):
            target, _, anchor = href.partition("#")
            target_html = (page.parent / target / "index.html").resolve().read_text(encoding="utf-8")
            assert f'<dt id="{anchor}">' in target_html, (page, href)
            found += 1
    assert found >= 10


def test_hostile_site_settings_are_escaped_everywhere(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    evil = '<script>alert(1)</script>"\' onmouseover=alert(2) &amp;'
    text = (project / "data" / "site.yaml").read_text(encoding="utf-8")
    for key in ("site_name", "host_org", "contact", "site_code", "icp", "police_record", "column_name"):
        text = re.sub(rf"^{key}: .*$", f"{key}: '{evil.replace(chr(39), chr(39) * 2)}'", text, flags=re.M)
    (project / "data" / "site.yaml").write_text(text, encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    for page in ("index.html", "2024/103003/explanation/index.html", "404.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39; onmouseover=alert(2) &amp;amp;" in html
        attributes = _Attributes()
        attributes.feed(html)
        assert "onmouseover" not in attributes.names
    m = page_meta(project / "site", "2024/103003/explanation")
    assert m.meta["SiteName"] == evil and m.meta["ColumnName"] == evil


def test_the_offline_build_needs_no_server_and_says_how_to_get_its_shim(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    run = run_cli(project, "build", "--offline")
    assert run.code == 0, run.stderr
    site = project / "site-offline"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in html and "unpkg" not in html
    assert 'href="2024/103003/index.html"' in html
    assert (site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    assert not (project / "site").exists()  # the deployable site is not replaced by the review package


def _with_url(tmp_path: Path, url: str) -> Path:
    project = copy_project(tmp_path / "p")
    site_yaml = project / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"url: '{url}'\n", encoding="utf-8")
    return project


def test_the_site_address_sets_the_404_links_and_the_domain_tag(tmp_path: Path) -> None:
    project = _with_url(tmp_path, "https://www.example.gov.cn/xxgk/yjsgk")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    assert 'href="/xxgk/yjsgk/assets/portal.css"' in (project / "site" / "404.html").read_text(encoding="utf-8")
    assert page_meta(project / "site", "2024/103003").meta["SiteDomain"] == "www.example.gov.cn"


def test_a_site_address_that_is_not_a_web_address_is_refused_with_its_line(tmp_path: Path) -> None:
    project = _with_url(tmp_path, "javascript:alert(1)")
    run = run_cli(project, "build")
    assert run.code == 1
    lines = (project / "data" / "site.yaml").read_text(encoding="utf-8").splitlines()
    assert f"data/site.yaml:{len(lines)}: url（网站地址）应为 http:// 或 https:// 开头的完整网址" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "site").exists()
