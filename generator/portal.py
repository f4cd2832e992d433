"""Portal conventions, set once in data/site.yaml and handed to the theme by the MkDocs plugin.

The site name, the footer (主办单位, 联系方式, 网站标识码, ICP 备案号, 公安备案号, and the links
党政机关网站标识, 我为政府网站找错, 隐私声明, 版权声明, 无障碍), the meta
tags that government portal CMSs read (SiteName, SiteIDCode, ColumnName, ArticleTitle, PubDate,
ContentSource, Keywords, Description) and which glossary each page links its terms to.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from generator.load import Dataset
from generator.mdext.glossary import PageTerms
from generator.model import Disclosure, Site
from generator.pages import folder, page_kind
from generator.terms import merged_terms

FOOTER_FIELDS = ("host_org", "contact", "site_code", "icp", "police_record")
_log = logging.getLogger(__name__)
NO_URL_WARNING = ("警告：data/site.yaml 未设置 url（网站地址）。站点地图 sitemap.xml 只能写相对地址"
                  "（搜索引擎要求完整网址），404 页面要靠浏览器脚本找到网站根目录（禁用脚本时无样式），"
                  "门户元标签 SiteDomain 和规范网址（canonical）不生成。"
                  "知道发布地址后请填写，如 url: https://www.example.gov.cn/xxgk/yjsgk/")

# Search ranking by page (Material's per-page `search.boost`), following the site's hierarchy:
# a year's list of units, then a unit's landing page, then what the prose explains (三公经费,
# 133.05万元), before table internals, glossaries, the 勘误 list and the data-entry reference,
# which all stay findable.
DISCLOSURE_BOOST = {"index.md": 2.5, "explanation.md": 2.0, "tables.md": 0.6, "performance.md": 1.0,
                    "glossary.md": 0.5, "errata.md": 0.3, "compare.md": 0.4}
# The pages for data editors (数据字段说明, 检查规则, 关于本站数据) get a negative boost: a positive one,
# however small, is outweighed by Material's ×1000 on a title match (the schema's section 政府采购
# outranked the unit's pages); a negative score sorts after every citizen page, yet stays findable.
SITE_BOOST = {"index.md": 1.0, "glossary.md": 0.5, "schema.md": -1.0, "rules.md": -1.0, "about-data.md": -1.0}
YEAR_BOOST = 3.0
NOT_FOUND_TITLE = "404 - 页面不存在"  # theme/404.html's heading, its ArticleTitle meta tag


def html(value: object) -> Markup:
    """A data value for the theme's templates. MkDocs renders them without autoescaping, so
    values are escaped here, once, as Markup: Material's own `|e` then leaves them alone."""
    return escape(str(value))


def footer(site: Site) -> dict[str, Markup | None]:
    """`config.extra.portal`, read by theme/partials/copyright.html. Warns (once per build, like
    site_url) while a required portal field is missing or still holds the sample's placeholder,
    marked （示例）. A link field that is not an http(s) address is left out, with a warning."""
    problems = []
    if placeholders := placeholder_fields(site):
        problems.append(PLACEHOLDER_PART.format(fields="、".join(placeholders)))
    if missing := missing_fields(site):
        problems.append(MISSING_PART.format(fields="、".join(missing)))
    if problems:
        _log.warning(PLACEHOLDER_WARNING.format(problems="；".join(problems)))
    values: dict[str, Markup | None] = {
        name: (html(v) if (v := getattr(site, name)) else None) for name in FOOTER_FIELDS}
    for name in LINK_FIELDS:
        link = getattr(site, name)
        if link and urlsplit(link).scheme not in ("http", "https"):
            _log.warning(BAD_LINK_WARNING.format(field=_label(name), value=link))
            link = None
        values[name] = html(link) if link else None
    return values


# Links portal rules expect in the footer: 党政机关网站标识, 我为政府网站找错, 隐私/版权声明, 无障碍.
LINK_FIELDS = ("identity_url", "error_report_url", "privacy_url", "copyright_url", "accessibility_url")
# What a portal requires before publishing; the other links are shown when set.
REQUIRED_FIELDS = ("host_org", "contact", "site_code", "icp", "police_record", "identity_url", "error_report_url")
PLACEHOLDER_MARK = "示例"
PLACEHOLDER_PART = "{fields} 仍是示例占位（含“示例”）"
MISSING_PART = "门户要求的 {fields} 未填写"
PLACEHOLDER_WARNING = "警告：data/site.yaml 中的 {problems}；发布前请换成门户网站的真实信息"
BAD_LINK_WARNING = "警告：data/site.yaml 中的 {field} 应为 http:// 或 https:// 开头的网址，实际为 {value!r}，页脚不显示"


def _label(name: str) -> str:
    labels = {fld.name: fld.metadata.get("label", fld.name) for fld in dataclasses.fields(Site)}
    return f"{name}（{labels[name]}）"


def placeholder_fields(site: Site) -> list[str]:
    """`name（标签）` of each footer field whose value still says 示例."""
    return [_label(name) for name in (*FOOTER_FIELDS, *LINK_FIELDS)
            if PLACEHOLDER_MARK in (getattr(site, name) or "")]


def missing_fields(site: Site) -> list[str]:
    """`name（标签）` of each field a portal requires that data/site.yaml leaves unset."""
    return [_label(name) for name in REQUIRED_FIELDS if not getattr(site, name)]


def site_url(data: Dataset) -> str | None:
    """`config.site_url` from data/site.yaml: MkDocs writes the 404 page's links under its path,
    so a site served from /xxgk/yjsgk/ gets a working 404 page. Raises ValueError with a
    located message when the address is not a plain http(s) URL; without one, warns (once per
    build, on the `generator` logger: not a MkDocs warning, so `--strict` builds still pass)."""
    site = data.site
    if not site.url:
        _log.warning(NO_URL_WARNING)
        return None
    address = folder_address(site.url)
    if address is None:
        where = data.locate("data/site.yaml", "url")
        at = dataclasses.replace(where, column=None)  # file:line, or the file alone when no line is known
        raise ValueError(f"{at}: url（网站地址）{EXPECTED_URL}，实际为 {site.url!r}")
    return address


EXPECTED_URL = "应为 http:// 或 https:// 开头的完整网址，如 https://www.example.gov.cn/xxgk/yjsgk/"


def folder_address(url: str) -> str | None:
    """`url` ending in "/" when it is a plain http(s) address (no query or fragment), else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return None
    return url if url.endswith("/") else url + "/"


def plain_title(title: str) -> str:
    """A page title as text: MkDocs may hand it over with entities or inline tags."""
    return Markup(title).striptags()


def meta_tags(site: Site, d: Disclosure | None, title: str) -> list[tuple[str, Markup]]:
    """The portal meta tags of one page, in the order portal CMSs document them."""
    tags: list[tuple[str, object]] = [("SiteName", site.site_name)]
    if site.url:
        tags.append(("SiteDomain", urlsplit(site.url).hostname or ""))
    if site.site_code:
        tags.append(("SiteIDCode", site.site_code))
    tags += [("ColumnName", site.column_name), ("ArticleTitle", title)]
    if d is not None and d.published_on:
        tags.append(("PubDate", d.published_on.isoformat()))
    tags.append(("ContentSource", d.unit.name if d else site.host_org or site.site_name))
    words = [*site.keywords, *((d.unit.name, d.unit.short_name, f"{d.year}年部门{d.kind}") if d else (site.region,))]
    tags.append(("Keywords", ",".join(dict.fromkeys(words))))
    about = f"{d.unit.name}{d.year}年部门{d.kind}公开" if d else f"{site.region}各部门（单位）部门预算公开"
    tags.append(("Description", f"{about}：{title}" if title != about else about))
    return [(name, html(value)) for name, value in tags]


@dataclass(frozen=True)
class Portal:
    """Per-page lookups for the plugin: which disclosure a page belongs to and its glossary."""

    data: Dataset
    prefix: str  # the generated folder inside docs_dir, e.g. "generated/"

    def disclosure(self, src_uri: str) -> Disclosure | None:
        if not src_uri.startswith(self.prefix):
            return None
        return self._by_folder.get(src_uri[len(self.prefix):].rpartition("/")[0])

    @cached_property
    def _by_folder(self) -> dict[str, Disclosure]:
        """Disclosures by folder (2024/103003): looked up three times per page, over hundreds of entries."""
        return {folder(e.data): e.data for e in self.data.entries}

    def page_meta(self, page: Any) -> list[tuple[str, Markup]]:
        h1 = page.toc.items[0].title if page.toc.items else page.title or self.data.site.site_name
        return meta_tags(self.data.site, self.disclosure(page.file.src_uri), plain_title(h1))

    def search_boost(self, src_uri: str) -> float:
        name = src_uri.rpartition("/")[2]
        if self.disclosure(src_uri) is not None:
            return DISCLOSURE_BOOST.get(page_kind(name), 1.0)
        rest = src_uri[len(self.prefix):] if src_uri.startswith(self.prefix) else None
        if rest is not None and rest.count("/") == 1 and name == "index.md":
            return YEAR_BOOST  # generated/2024/index.md: the year's list of units
        return SITE_BOOST.get(rest or "", 1.0)

    def page_terms(self, page: Any, files: Any) -> PageTerms:
        """A disclosure page links to its own glossary page; every other page to the site's."""
        site = self.data.site
        d = self.disclosure(page.file.src_uri)
        if d is None:
            terms, glossary = merged_terms(self.data.glossary.terms, (), site.level), "glossary.md"
        else:
            terms = merged_terms(self.data.glossary.terms, d.glossary, site.level)
            glossary = f"{folder(d)}/glossary.md"
        target = files.get_file_from_path(self.prefix + glossary)
        if target is None or target is page.file:
            return PageTerms(tuple(terms), None)
        # A link to the Markdown source: MkDocs turns it into a URL and checks the anchor exists.
        return PageTerms(tuple(terms), get_relative_url(target.src_uri, page.file.src_uri))
