"""The page plan: every page the portal writes, in a fixed order, before anything is rendered.

Each entry says which template renders it, in which language, with what data, at which URL,
and which URLs are the same page in the other languages. Rendering, the sitemap and the
language switcher all read this one list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from content_model import ITEM_TYPES, Problem
from content_model.messages import msg

from .site import FACETS, FUNNEL, Site


@dataclass
class Page:
    kind: str
    template: str
    lang: str
    url: str
    data: dict = field(default_factory=dict)
    alternates: dict[str, str] = field(default_factory=dict)  # real translations (hreflang)
    switch: dict[str, str] = field(default_factory=dict)  # where the language switcher goes
    indexed: bool = True  # listed in the sitemap
    x_default: str | None = None  # hreflang x-default; the default language's page if unset

    def x_default_for(self, default_lang: str) -> str | None:
        return self.x_default or self.alternates.get(default_lang)

    def path(self, siteurl: str = "") -> str:
        return Site.output_path(self.url, siteurl)


def _everywhere(site: Site, make_url) -> dict[str, str]:
    return {lang: make_url(lang) for lang in site.langs}


def _generated(site, kind, template, lang, make_url, **data) -> Page:
    urls = _everywhere(site, make_url)
    return Page(kind, template, lang, urls[lang], data, urls, urls)


def item_pages(site: Site, lang: str) -> list[Page]:
    pages = []
    for item in (i for i in site.items if i.lang == lang):
        if item.type == "hub" or item.meta.get("template") == "home":
            continue  # rendered as part of the hub page or the home page
        translations = {lg: t.extra["url"] for lg, t in site.translations(item).items()}
        switch = {lg: translations.get(lg) or _fallback(site, item, lg) for lg in site.langs}
        template = item.meta.get("template") or "page" if item.type == "page" else item.type
        pages.append(Page(item.type, template, lang, item.extra["url"], {"item": item},
                          translations, switch))
    return pages


def _fallback(site: Site, item, lang: str) -> str:
    """Where the switcher goes when an item has no translation: its section, or the home."""
    if item.type in ITEM_TYPES:
        if item.type == "measure":
            return site.url(lang, site.section(lang, "measure"))
        return site.library_url(lang, item.type)
    return site.url(lang)


def funnel_pages(site: Site, lang: str) -> list[Page]:
    pages = []
    for taxonomy in FUNNEL:
        pages.append(_generated(site, "funnel", "funnel", lang,
                                lambda lg, t=taxonomy: site.url(lg, site.section(lg, t)),
                                taxonomy=taxonomy))
        for term in site.funnel_terms(taxonomy):
            pages.append(_generated(site, "hub", "hub", lang,
                                    lambda lg, t=taxonomy, k=term: site.hub_url(lg, t, k),
                                    taxonomy=taxonomy, term=term,
                                    hub=site.hub_item(lang, taxonomy, term)))
    for first, a, second, b in site.combinations():
        pages.append(_generated(site, "combination", "combination", lang,
                                lambda lg, c=(first, a, second, b): site.combination_url(lg, *c),
                                first=first, a=a, second=second, b=b))
    return pages


def finder_pages(site: Site, lang: str) -> list[Page]:
    pages = [_generated(site, "finder", "finder", lang,
                        lambda lg: site.url(lg, site.section(lg, "measure")),
                        facet=None, value=None)]
    for facet, _fld, _tax in FACETS:
        for value in site.facet_values(facet):
            if not site.has_facet(facet, value, lang):
                continue  # no measure of this language has this value: no page for it
            urls = {lg: site.facet_url(lg, facet, value) for lg in site.langs
                    if site.has_facet(facet, value, lg)}
            switch = {lg: urls.get(lg) or site.url(lg, site.section(lg, "measure"))
                      for lg in site.langs}
            pages.append(Page("finder", "finder", lang, urls[lang],
                              {"facet": facet, "value": value}, urls, switch))
    return pages


def section_pages(site: Site, lang: str) -> list[Page]:
    home = _generated(site, "home", "home", lang, lambda lg: site.url(lg), home=site.home(lang))
    home.x_default = f"{site.siteurl}/"
    pages = [home]
    for type_ in ("case", "story"):
        pages.append(_generated(site, "library", "library", lang,
                                lambda lg, t=type_: site.library_url(lg, t), type=type_))
    pages.append(_generated(site, "map", "map", lang,
                            lambda lg: site.url(lg, site.section(lg, "map"))))
    pages.append(_generated(site, "search", "search", lang,
                            lambda lg: site.url(lg, site.section(lg, "search"))))
    if site.glossary_url(lang):  # content/_data/glossary.toml has terms
        pages.append(_generated(site, "glossary", "glossary", lang, site.glossary_url))
    if site.organisation_keys(lang):  # content/_data/organisations.toml has entries
        pages.append(_generated(site, "organisations", "organisations", lang,
                                site.register_url))
    not_found = _generated(site, "404", "404", lang,
                           lambda lg: f"{site.siteurl}/{lg}/404.html")
    not_found.indexed = False
    pages.append(not_found)
    return pages


def withdrawn_pages(site: Site, lang: str, taken: set[str]) -> list[Page]:
    """A notice at the address of each item no longer offered (not in the sitemap)."""
    pages = []
    for gone in site.withdrawn:
        if gone.lang == lang and gone.url not in taken:
            switch = {lg: _fallback(site, gone, lg) for lg in site.langs}
            pages.append(Page("withdrawn", "withdrawn", lang, gone.url, {"withdrawn": gone},
                              {}, switch, indexed=False))
    return pages


def build_plan(site: Site) -> list[Page]:
    """All pages, language by language, in a stable order."""
    plan: list[Page] = []
    for lang in site.langs:
        plan += section_pages(site, lang)
        plan += item_pages(site, lang)
        plan += funnel_pages(site, lang)
        plan += finder_pages(site, lang)
    taken = {page.url for page in plan}
    for lang in site.langs:
        plan += withdrawn_pages(site, lang, taken)
    root = _everywhere(site, lambda lg: site.url(lg))
    plan.append(Page("root", "root", site.default_lang, f"{site.siteurl}/", {}, root, root,
                     x_default=f"{site.siteurl}/"))
    plan.append(Page("404", "404-root", site.default_lang, f"{site.siteurl}/404.html", {},
                     {}, root, indexed=False))
    return plan


def collisions(plan: list[Page], site: Site) -> list[Problem]:
    """Items whose address another planned page also has, or that is a folder of the portal
    (feeds, embed, search ...): one of the two would silently replace the other."""
    by_url: dict[str, list[Page]] = defaultdict(list)
    for page in plan:
        by_url[page.url].append(page)
    problems = []
    for page in plan:
        item = page.data.get("item")
        if item is None:
            continue
        others = [f"{p.kind} page" for p in by_url[page.url] if p is not page]
        if item.type == "page" and item.name in site.langs[page.lang]["sections"].values():
            others.append(f"`{item.name}` folder")
        if others:
            problems.append(Problem(item.path, item.line("address") if "address" in item.meta
                                    else 0, "Slug" if "address" in item.meta else "",
                                    msg("its address {page_url} is also the portal's {others_0}",
                                        page_url=page.url, others_0=others[0]),
                                    msg("give the page another address with `Slug:`"),
                                    code="address-taken"))
    return problems
