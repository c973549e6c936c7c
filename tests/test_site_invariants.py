"""Invariants of the built site, as facts about the output, on the fixture site and the portal.

What each page, feed, sitemap entry and search document should be is worked out here from
content/ with test_site_truth's own reader (`content_of`, never the site model), and compared
with what the built files say. Nothing depends on an address: pages are found by their markup
and by following links (cards carry `data-item="type:slug:lang"`, `<body class="page-KIND">`
names what a page is, embed views are `<html class="embed-view">`, the language switcher is
`nav.lang-switcher`, the search page names its index in `data-index`, robots.txt names the
sitemap, the root page's canonical link gives the public address).

1. Related items, both ways (docs/authors/fields.md, "Related": "Links are shown both ways").
   An item's neighbours are the slugs its `Related:` and `Measures:` name and the items whose
   `Related:` or `Measures:` name it (shared fields: any published translation says it). In
   language L, a page shows its neighbours published in L. A measure page shows the cases
   whose `Measures:` name it in their own section ("Practice examples that use this measure")
   and not again under Related; every other item shows all its neighbours under Related,
   measures first, then cases, then stories.
2. Feeds (docs/embedding.*.md, "Feeds"; catalogue.FEED_LIMIT): the feed of a language holds
   its published measures, cases and stories, a region or sector feed those carrying that
   term; newest `Date` first (same day: slug descending), at most 50. An entry's `updated` is
   midnight of `Modified` (else `Date`) in the portal's time zone, RFC 3339, `published` the
   same of `Date`; its id is the stable `urn:uuid:` name of language, type and slug
   (feeds.py), so it survives a new address or title. The JSON Feed twin has the same items.
3. The sitemap lists every indexable page once: an HTML page whose canonical link is itself
   and that does not say `noindex` (embed views say noindex and point elsewhere; the
   editors' page says noindex), except the not-found pages, which the host serves for a
   missing address. Each entry has one alternate per language the page exists in (an item:
   where it is published; a generated page: every language) and an x-default: the Dutch
   page, or, for the home pages and the root, the root chooser.
4. Every page is reachable from its language's home by links within that language, except
   the root chooser, the not-found pages and the editors' status page.
5. Every internal link resolves to a file, and its #fragment to an id on that page; no link
   goes to a bare "#" (what an unresolved `{ref}` becomes).
6. Each language's search index (docs/dev/search.md, "What is indexed") holds every published
   item of the language except the home page: measures, cases, stories, hubs and pages,
   each once, read as search.js reads it (meta.json, then d/<n>.json for n < meta.n).
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest

import pelicanconf
from tests.support import ROOT, SITES, moved
from tests.test_site_truth import FOLDERS, LANGS, TYPES, Built, Entry, _header, content_of

ITEM_TYPES = tuple(TYPES.values())  # measure, case, story: the types with cards
EVERYTHING = ("measures", "cases", "stories", "hubs", "pages")
FEED_LIMIT = 50  # embeds/catalogue.py: "how many items ... a feed carries"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
FEED_TYPES = ("application/atom+xml", "application/feed+json")
#: Pages no link leads to, on purpose (by their <body class>): the root chooser at `/` (the
#: address people and search engines start from), the not-found pages (what the host answers
#: for a missing address) and the editors' translation status page ("not linked from the
#: portal, not in the sitemap, noindex"). Besides these, the embed views of the latest
#: examples and stories: partners use them by key (docs/embedding.*.md, "What you can show");
#: the library pages they stand for have no "Embed this" panel.
#: And the notices at the addresses of items no longer offered (docs/dev/identity-and-addresses.md).
UNLINKED_KINDS = ("root", "404", "editorial", "withdrawn")
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")


@pytest.fixture(scope="module", params=["fixture", "portal"])
def site(request) -> Built:
    if request.param == "fixture":
        return Built(request.getfixturevalue("fixture_site"), SITES / "multilingual" / "content")
    return Built(request.getfixturevalue("portal_site"), ROOT / "content")


# -- every built page, parsed once ------------------------------------------------------------
@dataclass
class Page:
    rel: str  # the file, relative to the output
    lang: str
    kind: str | None  # <body class="page-KIND">; None for an embed view
    embed: bool
    robots: str
    canonical: str | None
    alternates: dict  # hreflang -> href (<link rel="alternate" hreflang> in the head)
    switch: dict  # lang -> href (the language switcher)
    anchors: list  # every <a href>
    forms: list  # the action of every GET form (the search box: a way to the search page)
    links: list  # (element, href) of every other link: <link>, img, script, iframe, form
    ids: frozenset
    cards: list  # (data-item, href of its first link), every card on the page
    related: list  # data-item of the cards under Related
    used: list  # data-item of the cards in the item's other sections (a measure's cases)
    h1: str
    feeds: list  # hrefs of the head's feed links
    hub: str | None  # data-hub of a hub page
    index: str | None  # data-index of the search page


def _classes(node) -> list[str]:
    return (node.get("class") or "").split() if node is not None else []


def _parse(root: Path, rel: str) -> Page:
    doc = lxml.html.fromstring((root / rel).read_bytes())
    head, body = doc.find("head"), doc.find("body")
    kind = next((c[5:] for c in _classes(body) if c.startswith("page-")), None)
    meta = head.xpath("meta[@name='robots']/@content") if head is not None else []
    cards = [(li.get("data-item"), li.xpath("string(.//a[1]/@href)"))
             for li in doc.xpath("//li[@data-item]")]
    article = doc.xpath("//article[contains(concat(' ', @class, ' '), ' item ')]")
    related = used = []
    if article:
        related = article[0].xpath(".//section[contains(concat(' ', @class, ' '), ' related ')]"
                                   "//li/@data-item")
        used = article[0].xpath(".//section[not(contains(concat(' ', @class, ' '), "
                                "' related '))]//li/@data-item")
    hub = doc.xpath("//main//*[@data-hub]/@data-hub")
    return Page(
        rel=rel, lang=doc.get("lang", ""), kind=kind,
        embed="embed-view" in _classes(doc), robots=" ".join(meta).lower(),
        canonical=next(iter(doc.xpath("//head/link[@rel='canonical']/@href")), None),
        alternates={link.get("hreflang"): link.get("href") for link in
                    doc.xpath("//head/link[@rel='alternate'][@hreflang][not(@type)]")},
        switch={a.get("lang"): a.get("href")
                for a in doc.xpath("//nav[contains(@class, 'lang-switcher')]//a[@lang]")},
        anchors=doc.xpath("//a/@href"),
        forms=[f.get("action") for f in doc.xpath("//form[@action]")
               if (f.get("method") or "get").lower() == "get"],
        links=[(el.tag, el.get(attr)) for el, attr in
               [(el, "href") for el in doc.xpath("//link[@href]")]
               + [(el, "src") for el in doc.xpath("//img[@src] | //script[@src] | "
                                                  "//iframe[@src] | //source[@src]")]
               + [(el, "action") for el in doc.xpath("//form[@action]")]],
        ids=frozenset(doc.xpath("//@id") + doc.xpath("//a/@name")),
        cards=cards, related=list(related), used=list(used),
        h1=" ".join(doc.xpath("string(//h1[1])").split()),
        feeds=[link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@type]")
               if link.get("type") in FEED_TYPES],
        hub=hub[0] if hub and kind == "hub" else None,
        index=next(iter(doc.xpath("//*[@data-search]/@data-index")), None),
    )


@cache
def pages_of(site: Built) -> dict[str, Page]:
    return {rel: _parse(site.root, rel) for rel in site.html_files()}


@cache
def public_url(site: Built) -> str:
    """The portal's public address, from the root chooser's canonical link."""
    canonical = pages_of(site)["index.html"].canonical
    assert canonical and canonical.endswith("/"), f"the root page's canonical: {canonical}"
    return canonical[:-1]


def own_url(rel: str) -> str:
    """The address a file is served at: `nl/x/index.html` -> `/nl/x/`."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(site: Built, base: str, href: str) -> tuple[str | None, str, str]:
    """(file, fragment, problem) of a link on the page `base`; file None for a link off the
    portal (another host, mailto: ...). problem is "" or why the link leads nowhere."""
    href = href.strip()
    public = public_url(site)
    if href == public or href.startswith(public + "/"):
        href = href[len(public):] or "/"
    elif urlsplit(href).scheme or href.startswith("//"):
        return None, "", ""
    if href == "#":
        return base, "", "a link to '#' (to nothing)"
    parts = urlsplit(urljoin(own_url(base), href))
    rel = unquote(parts.path).lstrip("/")
    rel = rel + "index.html" if not rel or rel.endswith("/") else rel
    if not (site.root / rel).is_file():
        return rel, unquote(parts.fragment), "no such file"
    return rel, unquote(parts.fragment), ""


def _strip(site: Built, url: str) -> str:
    public = public_url(site)
    assert url.startswith(public + "/"), f"not an address of the portal: {url}"
    rel = urlsplit(url[len(public):]).path.lstrip("/")
    return rel + "index.html" if not rel or rel.endswith("/") else rel


def of_kind(site: Built, kind: str, lang: str | None = None) -> list[Page]:
    return [p for p in pages_of(site).values()
            if p.kind == kind and (lang is None or p.lang == lang)]


# -- items and their pages ----------------------------------------------------------------------
def published(site: Built, folders=tuple(TYPES)) -> dict[str, Entry]:
    return {e.ident: e for e in content_of(site.content, folders=folders)}


@cache
def item_pages(site: Built) -> dict[str, str]:
    """data-item -> the file its cards lead to (every card of an item leads to one page)."""
    found: dict[str, set] = collections.defaultdict(set)
    for page in pages_of(site).values():
        for ident, href in page.cards:
            rel, _, problem = resolve(site, page.rel, href)
            found[ident].add(rel if not problem else f"{href} ({problem})")
    doubled = {i: sorted(f) for i, f in found.items() if len(f) > 1}
    assert not doubled, f"cards of one item lead to different pages: {doubled}"
    return {ident: files.pop() for ident, files in found.items()}


@cache
def page_entries(site: Built) -> dict[str, Entry]:
    """file -> the published item (measure, case, story, page) it is the page of."""
    out = {rel: published(site)[ident] for ident, rel in item_pages(site).items()
           if ident in published(site)}
    pages = content_of(site.content, folders=("pages",))
    for page in pages_of(site).values():
        if page.kind == "page":
            found = [e for e in pages if e.lang == page.lang and e.head["title"] == page.h1]
            if len(found) == 1:
                out[page.rel] = found[0]
    return out


def test_every_published_item_has_a_page_its_cards_lead_to(site):
    """The ground the tests below stand on: each card of an item leads to one page, in the
    item's language, about that item; each published item has one."""
    pages, wrong = pages_of(site), []
    for ident, entry in published(site).items():
        rel = item_pages(site).get(ident)
        if rel is None:
            wrong.append(f"{ident}: no card anywhere")
        elif rel not in pages or pages[rel].kind != entry.type or pages[rel].lang != entry.lang \
                or pages[rel].h1 != entry.head["title"]:
            wrong.append(f"{ident}: cards lead to {rel}, not its page")
    unknown = set(item_pages(site)) - set(published(site))
    assert not unknown, f"cards of items that are not published: {sorted(unknown)}"
    assert not wrong, wrong[:10]


# -- 1. related items, both ways -----------------------------------------------------------------
@cache
def expected_relations(site: Built) -> dict[str, tuple[set, set]]:
    """data-item -> (under Related, in the measure's own list of cases), from the headers."""
    entries = published(site)
    neighbours: dict[str, set] = collections.defaultdict(set)
    for entry in entries.values():
        for ref in entry.values("related") + entry.values("measures"):
            neighbours[entry.slug].add(ref)
            neighbours[ref].add(entry.slug)
    by_slug = {(e.slug, e.lang): e for e in entries.values()}
    out = {}
    for ident, entry in entries.items():
        shown = {by_slug[(s, entry.lang)].ident for s in neighbours[entry.slug] - {entry.slug}
                 if (s, entry.lang) in by_slug}
        used = set()
        if entry.type == "measure":
            used = {e.ident for e in entries.values() if e.type == "case"
                    and e.lang == entry.lang and entry.slug in e.values("measures")}
        out[ident] = (shown - used, used)
    return out


def test_related_items_are_linked_both_ways(site):
    pages, wrong, pairs = pages_of(site), [], 0
    shown = {ident: set(pages[rel].related) | set(pages[rel].used)
             for ident, rel in item_pages(site).items()}
    for ident, others in shown.items():
        for other in others:
            pairs += 1
            if other.rsplit(":", 1)[1] != ident.rsplit(":", 1)[1]:
                wrong.append(f"{ident} lists {other}, in another language")
            elif ident not in shown.get(other, ()):
                wrong.append(f"{ident} lists {other}, {other} does not list {ident}")
    assert pairs > 3, f"only {pairs} related links found: is section.related still there?"
    assert not wrong, f"{len(wrong)} one-way links, first: {wrong[:5]}"


def test_each_item_page_shows_the_relations_its_headers_imply(site):
    pages, wrong = pages_of(site), []
    order = {t: n for n, t in enumerate(ITEM_TYPES)}
    for ident, (related, used) in expected_relations(site).items():
        page = pages[item_pages(site)[ident]]
        for name, shown, expected in (("related", page.related, related),
                                      ("cases using it", page.used, used)):
            if set(shown) != expected or len(shown) != len(expected):
                wrong.append(f"{ident} {name}: shows {sorted(shown)}, expected {sorted(expected)}")
        types = [order[i.split(":")[0]] for i in page.related]
        if types != sorted(types):
            wrong.append(f"{ident} related: not measures, then cases, then stories: "
                         f"{page.related}")
    assert not wrong, f"{len(wrong)} wrong relation lists, first: {wrong[:5]}"


# -- 2. feeds --------------------------------------------------------------------------------------
def stable_id(entry: Entry) -> str:
    """feeds.py: `urn:uuid:` names made from the language, type and slug."""
    name = f"overstap:{entry.lang}:{entry.type}:{entry.slug}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), ZoneInfo(pelicanconf.TIMEZONE))


def _stamp(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text and RFC3339.fullmatch(text) else None


@cache
def feeds_of(site: Built) -> dict[str, set]:
    """Atom feed file -> the pages that link it in their head."""
    found = collections.defaultdict(set)
    for page in pages_of(site).values():
        for href in page.feeds:
            rel, _, problem = resolve(site, page.rel, href)
            assert not problem, f"{page.rel}: feed link {href}: {problem}"
            if rel.endswith(".xml"):
                found[rel].add(page.rel)
    return found


def expected_feed(site: Built, lang: str, scope: str | None) -> list[Entry]:
    """`scope` None: the whole language; "regions=gent": the items carrying that term."""
    entries = [e for e in published(site).values() if e.lang == lang]
    if scope:
        tax, term = scope.split("=")
        entries = [e for e in entries if term in e.terms[tax]]
    return sorted(entries, key=lambda e: (e.day("date"), e.slug), reverse=True)[:FEED_LIMIT]


@cache
def atom_of(site: Built, rel: str) -> ET.Element:
    return ET.parse(site.root / rel).getroot()


@cache
def feed_pages(site: Built) -> dict[str, str]:
    """The page a feed follows (its one text/html alternate) -> the Atom feed."""
    found = {}
    for rel in feeds_of(site):
        follows = _feed_scope(site, rel, atom_of(site, rel))[2]
        assert found.setdefault(follows, rel) == rel, f"two feeds follow {follows}"
    return found


def test_every_home_and_region_or_sector_page_links_its_own_feed(site):
    wrong = []
    for page in pages_of(site).values():
        if page.kind == "home" or (page.hub or "=").split("=")[0] in ("regions", "sectors"):
            feed = feed_pages(site).get(page.rel)
            if feed is None or page.rel not in feeds_of(site)[feed]:
                wrong.append(f"{page.rel}: no feed of its own in its head ({page.feeds})")
    on_disk = {p.relative_to(site.root).as_posix() for p in site.root.rglob("*.xml")
               if p not in moved(site.root)}
    unlinked = on_disk - {_sitemap_file(site)} - set(feeds_of(site))
    assert not unlinked, f"feeds no page links: {sorted(unlinked)[:5]}"
    assert not wrong, wrong[:5]


def _feed_scope(site: Built, rel: str, root: ET.Element) -> tuple[str, str | None, str]:
    """(language, scope, the page it follows) of an Atom feed, from its own links."""
    html = [link.get("href") for link in root.findall(f"{ATOM}link")
            if link.get("rel") == "alternate" and link.get("type") == "text/html"]
    assert len(html) == 1, f"{rel}: {len(html)} text/html alternates"
    follows = pages_of(site)[_strip(site, html[0])]
    assert follows.kind in ("home", "hub"), f"{rel} follows {follows.rel}, a {follows.kind} page"
    return follows.lang, follows.hub, follows.rel


def test_each_feed_holds_its_published_items_newest_first_with_stable_ids(site):
    wrong, checked = [], 0
    for rel, linked_from in sorted(feeds_of(site).items()):
        root = atom_of(site, rel)
        lang, scope, follows = _feed_scope(site, rel, root)
        if follows not in linked_from:
            wrong.append(f"{rel}: not linked from the page it follows, {follows}")
        if root.get("{http://www.w3.org/XML/1998/namespace}lang") != lang:
            wrong.append(f"{rel}: xml:lang is not {lang}")
        expected = expected_feed(site, lang, scope)
        entries = root.findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        if ids != [stable_id(e) for e in expected]:
            by_id = {stable_id(e): e.ident for e in published(site).values()}
            wrong.append(f"{rel}: holds {[by_id.get(i, i) for i in ids]}, expected "
                         f"{[e.ident for e in expected]}")
            continue
        for node, entry in zip(entries, expected, strict=True):
            updated, published_ = (_stamp(node.findtext(f"{ATOM}{t}"))
                                   for t in ("updated", "published"))
            want = midnight(entry.day("modified") or entry.day("date"))
            if updated != want or updated.utcoffset() != want.utcoffset():
                wrong.append(f"{rel} {entry.ident}: updated {node.findtext(f'{ATOM}updated')}, "
                             f"expected {want.isoformat()}")
            if published_ != midnight(entry.day("date")):
                wrong.append(f"{rel} {entry.ident}: published "
                             f"{node.findtext(f'{ATOM}published')}")
            pages = [link.get("href") for link in node.findall(f"{ATOM}link")
                     if link.get("rel") == "alternate"]
            if [_strip(site, p) for p in pages] != [item_pages(site)[entry.ident]]:
                wrong.append(f"{rel} {entry.ident}: alternate links {pages}")
        newest = max((midnight(e.day("modified") or e.day("date")) for e in expected),
                     default=None)
        if newest and _stamp(root.findtext(f"{ATOM}updated")) != newest:
            wrong.append(f"{rel}: feed updated {root.findtext(f'{ATOM}updated')}, newest "
                         f"entry {newest.isoformat()}")
        if len(set(ids)) != len(ids):
            wrong.append(f"{rel}: an id twice")
        checked += 1
    assert checked >= 3 * 2, f"only {checked} feeds found"
    assert not wrong, f"{len(wrong)} wrong feeds, first: {wrong[:5]}"


def test_each_json_feed_holds_the_same_items_as_its_atom_twin(site):
    wrong = []
    for rel in sorted(feeds_of(site)):
        root = atom_of(site, rel)
        lang, scope, _ = _feed_scope(site, rel, root)
        twin = [link.get("href") for link in root.findall(f"{ATOM}link")
                if link.get("type") == "application/feed+json"]
        assert len(twin) == 1, f"{rel}: {len(twin)} JSON Feed links"
        data = json.loads((site.root / _strip(site, twin[0])).read_text("utf-8"))
        expected = expected_feed(site, lang, scope)
        items = data["items"]
        if [i["id"] for i in items] != [stable_id(e) for e in expected]:
            wrong.append(f"{twin[0]}: ids differ from the expected {[e.ident for e in expected]}")
            continue
        for item, entry in zip(items, expected, strict=True):
            want = midnight(entry.day("modified") or entry.day("date"))
            if _stamp(item.get("date_modified")) != want or \
                    _stamp(item.get("date_published")) != midnight(entry.day("date")):
                wrong.append(f"{twin[0]} {entry.ident}: dates {item.get('date_published')}, "
                             f"{item.get('date_modified')}")
            if _strip(site, item["url"]) != item_pages(site)[entry.ident] or \
                    item.get("language") != lang:
                wrong.append(f"{twin[0]} {entry.ident}: url {item['url']}")
        if data.get("language") != lang:
            wrong.append(f"{twin[0]}: language {data.get('language')}")
    assert not wrong, f"{len(wrong)} wrong JSON feeds, first: {wrong[:5]}"


# -- 3. the sitemap ------------------------------------------------------------------------------
def _sitemap_file(site: Built) -> str:
    lines = (site.root / "robots.txt").read_text("utf-8").splitlines()
    named = [line.partition(":")[2].strip() for line in lines if line.startswith("Sitemap:")]
    assert len(named) == 1, f"robots.txt names {len(named)} sitemaps"
    return _strip(site, named[0])


@cache
def sitemap_of(site: Built) -> list[tuple[str, dict]]:
    """[(file, {hreflang: file})] of every <url> in the sitemap, in order."""
    root = ET.parse(site.root / _sitemap_file(site)).getroot()
    out = []
    for url in root.findall(f"{SITEMAP}url"):
        alternates = collections.defaultdict(list)
        for link in url.findall(f"{XHTML}link"):
            assert link.get("rel") == "alternate", link.attrib
            alternates[link.get("hreflang")].append(_strip(site, link.get("href")))
        doubled = {k: v for k, v in alternates.items() if len(v) > 1}
        assert not doubled, f"{url.findtext(f'{SITEMAP}loc')}: hreflang twice {doubled}"
        out.append((_strip(site, url.findtext(f"{SITEMAP}loc").strip()),
                    {k: v[0] for k, v in alternates.items()}))
    return out


def indexable(site: Built, page: Page) -> bool:
    """What the page says of itself: it is its own canonical page and does not say noindex."""
    return "noindex" not in page.robots and page.canonical == public_url(site) + own_url(page.rel)


def test_the_sitemap_lists_every_indexable_page_once(site):
    pages = pages_of(site)
    listed = [rel for rel, _ in sitemap_of(site)]
    doubled = [rel for rel, n in collections.Counter(listed).items() if n > 1]
    assert not doubled, f"listed twice: {doubled[:5]}"
    not_pages = [rel for rel in listed if rel not in pages]
    assert not not_pages, f"sitemap entries that are no page of the site: {not_pages[:5]}"
    wrong = [rel for rel in listed if not indexable(site, pages[rel])]
    assert not wrong, f"pages that say noindex or point elsewhere, in the sitemap: {wrong[:5]}"
    missing = {p.rel for p in pages.values() if indexable(site, p)} - set(listed)
    assert not missing, f"indexable pages missing from the sitemap: {sorted(missing)[:5]}"
    not_found = [rel for rel in listed if pages[rel].kind == "404"]
    assert not not_found, f"not-found pages in the sitemap: {not_found}"


def test_the_sitemap_lists_no_unpublished_item(site):
    """Drafts, scheduled and expired items: every item page in the sitemap is the page of a
    published item (its cards say which; a content page, its title), and no built page is
    the page of an unpublished one."""
    pages, entries = pages_of(site), page_entries(site)
    wrong = [rel for rel, _ in sitemap_of(site) if rel not in pages
             or pages[rel].kind in (*ITEM_TYPES, "page") and rel not in entries]
    assert not wrong, f"entries of no page or no published item in the sitemap: {wrong[:5]}"
    everything = {e.ident for e in content_of(site.content, folders=EVERYTHING)}
    unpublished = {(e.type, e.lang, e.head.get("title")) for e in all_entries(site.content)
                   if e.ident not in everything}
    assert unpublished or site.content != SITES / "multilingual" / "content", \
        "the fixture has a draft and a scheduled item: the reader should see them"
    built = [p.rel for p in pages.values() if (p.kind, p.lang, p.h1) in unpublished]
    assert not built, f"pages of unpublished items: {built}"


@cache
def all_entries(content: Path) -> tuple[Entry, ...]:
    """Every item of content/, published or not."""
    return tuple(Entry(type_, path.stem, path.parent.name, {}, _header(path))
                 for folder, type_ in FOLDERS.items()
                 for path in sorted((content / folder).glob("*/*.md")))


def _expected_alternates(site: Built, page: Page) -> tuple[dict, str | None]:
    """({lang: file} of a page's versions, the x-default file), from content/ and markup."""
    pages, homes = pages_of(site), {p.lang: p.rel for p in of_kind(site, "home")}
    if page.kind in ("root", "home"):
        return homes, "index.html"
    entry = page_entries(site).get(page.rel)
    if page.kind in ITEM_TYPES:
        versions = {e.lang: item_pages(site)[e.ident] for e in published(site).values()
                    if (e.type, e.slug) == (entry.type, entry.slug)}
    else:  # a content page (its translations) or a generated page (every language)
        langs = LANGS if entry is None else \
            [e.lang for e in content_of(site.content, folders=("pages",)) if e.slug == entry.slug]
        versions = {}
        for lang in langs:
            rel, _, problem = resolve(site, page.rel, page.switch.get(lang, ""))
            other = pages.get(rel)
            if problem or other is None or other.kind != page.kind or other.lang != lang:
                versions[lang] = f"(the switcher leads to {page.switch.get(lang)})"
            elif lang == page.lang or resolve(site, rel, other.alternates.get(page.lang, ""))[0] \
                    == page.rel:
                versions[lang] = rel  # the same page in that language: each names the other
            # else the switcher falls back to a wider page (no finder page for the value there)
    return versions, versions.get(pelicanconf.DEFAULT_LANG)


def test_each_sitemap_entry_has_its_language_versions_and_an_x_default(site):
    pages, wrong = pages_of(site), []
    for rel, alternates in sitemap_of(site):
        if rel not in pages:
            continue  # test_the_sitemap_lists_every_indexable_page_once says so
        versions, x_default = _expected_alternates(site, pages[rel])
        expected = dict(versions, **({"x-default": x_default} if x_default else {}))
        if alternates != expected:
            wrong.append(f"{rel}: {alternates}, expected {expected}")
        head = {k: _strip(site, v) for k, v in pages[rel].alternates.items()}
        if head != alternates:
            wrong.append(f"{rel}: the page's own hreflang links {head} differ from the sitemap")
    assert not wrong, f"{len(wrong)} wrong alternates, first: {wrong[:3]}"


def test_only_embeds_notices_404s_and_the_editors_page_say_noindex(site):
    pages = pages_of(site)
    noindex = sorted(rel for rel, p in pages.items() if "noindex" in p.robots)
    expected = sorted(rel for rel, p in pages.items()
                      if p.embed or p.kind in ("editorial", "withdrawn", "404"))
    assert noindex == expected
    assert any(p.kind == "editorial" for p in pages.values()), "no editors' page found"
    pointing_elsewhere = [rel for rel in expected if pages[rel].embed and indexable(site,
                                                                                    pages[rel])]
    assert not pointing_elsewhere


# -- 4. every page is reachable -------------------------------------------------------------------
def reachable(site: Built) -> set[str]:
    """Every page a reader reaches from their language's home by following links (and the
    search box) without leaving that language."""
    pages, reached = pages_of(site), set()
    for lang in LANGS:
        home, = of_kind(site, "home", lang)
        queue, seen = collections.deque([home.rel]), {home.rel}
        while queue:
            page = pages[queue.popleft()]
            for href in page.anchors + page.forms:
                rel, _, problem = resolve(site, page.rel, href)
                if rel in pages and not problem and rel not in seen and pages[rel].lang == lang:
                    seen.add(rel)
                    queue.append(rel)
        reached |= seen
    return reached


def _empty_finder_page(page: Page) -> bool:
    """A finder page for a value only measures of other languages have (KNOWN BUG below)."""
    return page.kind == "finder" and not page.cards


def test_every_page_is_reachable_from_its_language_home(site):
    pages = pages_of(site)
    unreached = set(pages) - reachable(site)
    latest = {rel for rel, p in pages.items() if p.embed
              and pages[_strip(site, p.canonical)].kind == "library"}
    notices = {rel for rel, p in pages.items() if p.embed  # of items no longer offered
               and pages[_strip(site, p.canonical)].kind == "withdrawn"}
    unlinked = {rel for rel, p in pages.items() if p.kind in UNLINKED_KINDS} | latest | notices
    empty = {rel for rel in unreached if _empty_finder_page(pages[rel])}
    assert unreached - empty == unlinked, (
        f"unreachable: {sorted(unreached - empty - unlinked)[:10]}; "
        f"linked after all: {sorted(unlinked - unreached)}")
    kinds = collections.Counter(pages[rel].kind for rel in unlinked - latest - notices)
    assert kinds["root"] == 1 and kinds["404"] == 1 + len(LANGS) and kinds["editorial"] >= 1, \
        kinds
    assert len(latest) == 2 * len(LANGS), f"latest lists of examples and stories: {latest}"


def test_no_empty_unlinked_finder_page_is_in_the_sitemap(site):
    """A finder value that only an untranslated measure has gets no (empty) page in the other
    languages (it did: plan.finder_pages and Site.has_facet looked at every language)."""
    pages, listed = pages_of(site), {rel for rel, _ in sitemap_of(site)}
    empty = sorted(rel for rel in listed - reachable(site) if _empty_finder_page(pages[rel]))
    assert not [p for p in pages.values() if _empty_finder_page(p)]
    assert not empty, f"{len(empty)} empty finder pages in the sitemap: {empty[:5]}"


# -- 5. every link resolves ---------------------------------------------------------------------
def test_every_internal_link_and_fragment_resolves(site):
    pages, broken, checked = pages_of(site), [], 0
    for page in pages.values():
        for tag, href in [("a", h) for h in page.anchors] + page.links:
            rel, fragment, problem = resolve(site, page.rel, href)
            if rel is None:
                continue
            checked += 1
            if problem:
                broken.append(f"{page.rel}: <{tag}> {href}: {problem}")
            elif fragment and rel.endswith(".html") and fragment not in pages[rel].ids:
                broken.append(f"{page.rel}: <{tag}> {href}: no id {fragment!r} on {rel}")
    assert checked > 100 * len(LANGS), f"only {checked} links checked"
    assert not broken, f"{len(broken)} broken links, first: {broken[:10]}"


# -- 6. the search index --------------------------------------------------------------------------
def _search_documents(site: Built, lang: str) -> list[dict]:
    """The documents of a language's index, fetched as search.js does: the folder in the
    search page's data-index, meta.json, then d/<n>.json for every n below meta.n."""
    search, = of_kind(site, "search", lang)
    base = search.index
    assert base and base.endswith("/"), f"{search.rel}: data-index {base}"
    folder = site.root / base.lstrip("/")
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    assert meta["lang"] == lang
    docs = []
    for n in range(meta["n"]):
        path = folder / "d" / f"{n}.json"
        assert path.is_file(), f"{base}: meta.json counts {meta['n']}, d/{n}.json is missing"
        docs.append(json.loads(path.read_text("utf-8")))
    for shard in (folder / "t").glob("*.json"):  # every posting names a document that exists
        for stem, fields in json.loads(shard.read_text("utf-8")).items():
            for name, flat in zip(meta["fields"], fields, strict=True):
                step = 3 if name == "body" else 2  # body: (gap, frequency, sections)
                numbers = list(itertools.accumulate(flat[0::step]))
                assert all(0 <= d < meta["n"] for d in numbers), f"{shard}: {stem} {numbers}"
    return docs


def test_each_search_index_holds_exactly_its_published_items(site):
    """Rule (docs/dev/search.md): every published item of the language but the home page."""
    pages, wrong = pages_of(site), []
    for lang in LANGS:
        expected = {(e.type, e.slug): e for e in content_of(site.content, folders=EVERYTHING)
                    if e.lang == lang and e.head.get("template") != "home"}
        docs = _search_documents(site, lang)
        found = collections.Counter((d["y"], d["k"]) for d in docs)
        doubled = [k for k, n in found.items() if n > 1]
        if set(found) != set(expected) or doubled:
            wrong.append(f"{lang}: missing {sorted(set(expected) - set(found))}, not published "
                         f"{sorted(set(found) - set(expected))}, twice {doubled}")
        for doc in docs:
            entry = expected.get((doc["y"], doc["k"]))
            rel, _, problem = resolve(site, f"{lang}/index.html", doc["u"])
            if problem or rel not in pages or pages[rel].lang != lang:
                wrong.append(f"{lang}: {doc['k']} leads to {doc['u']}: {problem or 'no page'}")
            elif entry and entry.type in ITEM_TYPES and rel != item_pages(site)[entry.ident]:
                wrong.append(f"{lang}: {doc['k']} leads to {rel}, its cards to another page")
            if entry and doc["t"] != entry.head["title"]:
                wrong.append(f"{lang}: {doc['k']} titled {doc['t']!r}")
    assert not wrong, wrong[:5]
