"""What the portal shows is right: lists, counts and hub contents, as facts about the output.

The expected values are worked out here from the Markdown headers in content/ and the
taxonomy files in content/_data/, with a reader of our own (a few lines: `Key: value` until the
first blank line). Nothing from the site model is used, so a fault in its indexes cannot make
the expectation wrong in the same way as the page.

Markup the assertions rely on (the templates' promise): every card of an item carries
`data-item="type:slug:lang"`; a hub, combination hub or hub embed says what it lists with
`data-hub="taxonomy=term[ taxonomy=term]"`; the wider level under a hub's own list is marked
`data-list="wider"`; counts are the `.door-count` of a funnel door, the `.count` of a filter
link and the `[data-count]` of a results heading.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag

import lxml.html
import pytest

from tests.support import FIXTURE_DATE, ROOT, SITES, moved

TYPES = {"measures": "measure", "cases": "case", "stories": "story"}
#: Every content folder: items, and the hubs and pages (for `content_of(..., folders=...)`).
FOLDERS = {**TYPES, "hubs": "hub", "pages": "page"}
FUNNEL = ("audiences", "sectors", "regions")
LANGS = ("nl", "fr", "en")


# -- the content, read independently -----------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    type: str
    slug: str
    lang: str
    terms: dict  # "audiences" -> frozenset of keys, ...
    head: dict = field(default_factory=dict, compare=False, repr=False)  # every header line

    @property
    def ident(self) -> str:
        return f"{self.type}:{self.slug}:{self.lang}"

    def values(self, key: str) -> list[str]:
        """A list field as written (`Related`, `Measures` ...): comma-separated, in order."""
        return [v.strip() for v in self.head.get(key.lower(), "").split(",") if v.strip()]

    def day(self, key: str) -> dt.date | None:
        """A date field (`Date`, `Modified`, `Expires`), or None when the item has none."""
        value = self.head.get(key.lower())
        return dt.date.fromisoformat(value) if value else None


def _header(path: Path) -> dict[str, str]:
    head = {}
    for line in path.read_text("utf-8-sig").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        head[key.strip().lower()] = value.strip()
    return head


def _published(head: dict, today: dt.date) -> bool:
    if head.get("status", "").lower() == "draft":
        return False
    if head.get("date") and dt.date.fromisoformat(head["date"]) > today:
        return False
    return not (head.get("expires") and dt.date.fromisoformat(head["expires"]) < today)


@cache
def content_of(content: Path, today: str = FIXTURE_DATE,
               folders: tuple[str, ...] = tuple(TYPES)) -> tuple[Entry, ...]:
    """Every published measure, case and story (or item of `folders`, keys of FOLDERS),
    one entry per language."""
    found = []
    for folder in folders:
        type_ = FOLDERS[folder]
        for path in sorted((content / folder).glob("*/*.md")):
            head = _header(path)
            if not _published(head, dt.date.fromisoformat(today)):
                continue
            terms = {tax: frozenset(t.strip() for t in head.get(tax, "").split(",") if t.strip())
                     for tax in FUNNEL}
            # the name is the file name, shared by translations (identity-and-addresses.md)
            found.append(Entry(type_, path.stem, path.parent.name, terms, head))
    return tuple(found)


@cache
def general_terms(content: Path, taxonomy: str) -> frozenset[str]:
    data = tomllib.loads((content / "_data" / f"{taxonomy}.toml").read_text("utf-8"))
    return frozenset(key for key, term in data.items() if term.get("general"))


def expected_hub(content: Path, lang: str, hub: str, type_: str) -> tuple[set, set]:
    """(the hub's own list, the wider level) of one type, as documented for authors: a region or
    sector hub with fewer than 3 items of a type also lists those for the general term (all of
    Flanders, every sector); a combination hub (two terms) lists the items carrying both, and
    what also applies: those carrying the first term and the general value of the second
    (care in all of Flanders), and those carrying the general value of the first and the
    second term (every sector in Ghent)."""
    entries = [e for e in content_of(content) if e.lang == lang and e.type == type_]
    steps = [tuple(step.split("=")) for step in hub.split()]
    if len(steps) == 1:
        (tax, term), = steps
        own = {e.ident for e in entries if term in e.terms[tax]}
        wider = set()
        if len(own) < 3 and tax != "audiences":
            general = general_terms(content, tax) - {term}
            wider = {e.ident for e in entries if e.terms[tax] & general} - own
        return own, wider
    (first, a), (second, b) = steps
    with_a = [e for e in entries if a in e.terms[first]]
    own = {e.ident for e in with_a if b in e.terms[second]}
    general = general_terms(content, second)
    wider = {e.ident for e in with_a if e.terms[second] & general} - own
    wide_a = general_terms(content, first)
    wider |= {e.ident for e in entries if b in e.terms[second] and e.terms[first] & wide_a} - own
    return own, wider


# -- the built site, read as a reader's browser would ------------------------------------------
@dataclass(eq=False)  # hashed by identity, for the caches below
class Built:
    root: Path
    content: Path

    @cache  # noqa: B019 (one object per built site, kept for the session)
    def doc(self, rel: str):
        return lxml.html.fromstring((self.root / rel).read_bytes())

    @cache  # noqa: B019
    def html_files(self) -> tuple[str, ...]:
        old = moved(self.root)  # old addresses that redirect: not pages of the portal now
        return tuple(p.relative_to(self.root).as_posix() for p in sorted(self.root.rglob("*.html"))
                     if p not in old)

    def target(self, href: str) -> tuple[str, str]:
        """(file, fragment) a root-relative link leads to."""
        path, fragment = urldefrag(href)
        assert path.startswith("/"), f"not a root-relative link: {href}"
        rel = path.lstrip("/")
        rel = rel + "index.html" if rel.endswith("/") or not rel else rel
        assert (self.root / rel).is_file(), f"link to {href}: no such file"
        return rel, fragment


def _idents(ul) -> list[str]:
    return [li.get("data-item") for li in ul.xpath("./li[@data-item]")]


def _cards(node) -> list[str]:
    """Items in a node's own lists (not the wider level), in order."""
    return [i for ul in node.xpath(".//ul[@data-list != 'wider' or not(@data-list)]")
            for i in _idents(ul)]


def _wider(node) -> list[str]:
    return [i for ul in node.xpath(".//ul[@data-list='wider']") for i in _idents(ul)]


def _number(text: str) -> int:
    found = re.findall(r"\d+", text)
    assert len(found) == 1, f"not one number in {text!r}"
    return int(found[0])


@pytest.fixture(scope="module", params=["fixture", "portal"])
def site(request) -> Built:
    if request.param == "fixture":
        return Built(request.getfixturevalue("fixture_site"), SITES / "multilingual" / "content")
    return Built(request.getfixturevalue("portal_site"), ROOT / "content")


# -- each list shows an item once ----------------------------------------------------------------
def test_no_list_holds_an_item_twice(site):
    doubled = []
    for rel in site.html_files():
        for ul in site.doc(rel).xpath("//ul[li/@data-item] | //ol[li/@data-item]"):
            counts = collections.Counter(_idents(ul))  # by identity, and by where each leads
            links = collections.Counter(li.xpath("string(.//a[1]/@href)") for li in ul)
            doubled += [f"{rel}: {what} ×{n}" for what, n in (counts + links).items() if n > 1]
    assert not doubled, f"{len(doubled)} doubled entries, first: {doubled[:5]}"


def test_every_card_names_its_item_in_the_page_language(site):
    wrong = []
    for rel in site.html_files():
        doc = site.doc(rel)
        lang = doc.get("lang")
        for li in doc.xpath("//li[contains(concat(' ', @class, ' '), ' card ') or "
                            "contains(concat(' ', @class, ' '), ' embed-card ')]"):
            ident = li.get("data-item")
            if not ident or ident.count(":") != 2:
                wrong.append(f"{rel}: a card without data-item")
            elif ident.rsplit(":", 1)[1] != lang:
                wrong.append(f"{rel}: {ident} on a page in {lang}")
    assert not wrong, wrong[:5]


# -- hubs list exactly the items with their tags -------------------------------------------------
def test_every_hub_lists_exactly_the_items_with_its_tags(site):
    checked, wrong = 0, []
    for rel in site.html_files():
        doc = site.doc(rel)
        for node in doc.xpath("//*[@data-hub]"):
            lang, hub = doc.get("lang"), node.get("data-hub")
            only = node.get("data-type")
            for type_ in (only,) if only else TYPES.values():
                own, wider = expected_hub(site.content, lang, hub, type_)
                if only:
                    section = node
                else:
                    found = node.xpath(f".//section[.//*[@id='list-{type_}']]")
                    if not found:
                        if own or wider:
                            wrong.append(f"{rel}: no {type_} list, expected {sorted(own | wider)}")
                        continue
                    section, = found
                shown, shown_wider = _cards(section), _wider(section)
                if set(shown) != own or len(shown) != len(own):
                    wrong.append(f"{rel} {type_}: shows {sorted(shown)}, expected {sorted(own)}")
                if set(shown_wider) != wider or len(shown_wider) != len(wider):
                    wrong.append(f"{rel} {type_} wider: shows {sorted(shown_wider)}, "
                                 f"expected {sorted(wider)}")
                checked += 1
    assert checked > 10, f"only {checked} hub lists found: is data-hub still in the templates?"
    assert not wrong, f"{len(wrong)} wrong hub lists, first: {wrong[:5]}"


# -- each count equals the items its link leads to -----------------------------------------------
def test_funnel_door_counts_equal_the_items_behind_the_door(site):
    checked, wrong = 0, []
    for rel in site.html_files():
        doc = site.doc(rel)
        for door in doc.xpath("//a[contains(@class, 'door')][.//*[@class='door-count']]"):
            n = _number(door.xpath("string(.//*[@class='door-count'])"))
            target, _ = site.target(door.get("href"))
            hub, = site.doc(target).xpath("//*[@data-hub]")
            lang = doc.get("lang")
            expected = {e.ident for e in content_of(site.content) if e.lang == lang
                        and any(hub.get("data-hub") == f"{tax}={term}"
                                for tax in FUNNEL for term in e.terms[tax])}
            behind = _cards(hub)
            if not n == len(expected) == len(behind) == len(set(behind)):
                wrong.append(f"{rel} → {target}: says {n}, content has {len(expected)}, "
                             f"the page lists {len(behind)}")
            checked += 1
    assert checked >= 3 * 6, f"only {checked} doors with a count found"
    assert not wrong, f"{len(wrong)} wrong counts, first: {wrong[:5]}"


def test_filter_counts_equal_the_items_they_lead_to(site):
    checked, wrong = 0, []
    for rel in site.html_files():
        doc = site.doc(rel)
        for link in doc.xpath("//nav[contains(@class, 'facets')]//a[.//*[@class='count']]"):
            n = _number(link.xpath("string(.//*[@class='count'])"))
            target, fragment = site.target(link.get("href"))
            page = site.doc(target)
            if fragment:  # a library filter: the hub's own list of that type
                section = page.xpath(f"//section[.//*[@id='{fragment}']]")
                behind = _cards(section[0]) if section else []
            else:  # a finder filter: the facet page's results
                behind = _cards(page.xpath("//section[contains(@class, 'results')]")[0])
            if n != len(behind) or len(behind) != len(set(behind)):
                wrong.append(f"{rel}: {link.get('href')} says {n}, leads to {len(behind)}")
            checked += 1
    assert checked > 20, f"only {checked} filter counts found"
    assert not wrong, f"{len(wrong)} wrong counts, first: {wrong[:5]}"


def test_results_headings_count_their_results(site):
    checked, wrong = 0, []
    for rel in site.html_files():
        for results in site.doc(rel).xpath("//section[contains(@class, 'results')]"
                                           "[.//*[@data-count]]"):
            said = _number(results.xpath("string(.//*[@data-count])"))
            shown = _cards(results)
            if said != len(shown):
                wrong.append(f"{rel}: says {said}, lists {len(shown)}")
            checked += 1
    assert checked > 3, f"only {checked} result lists found"
    assert not wrong, wrong[:5]


# -- the expectation itself: worked out by hand on the fixture site -----------------------------
def test_the_independent_reader_sees_the_fixture_content_as_written():
    """Checks the checker: the fixture's published measures, read by hand from its files
    (klad.md is a draft, later.md is dated after the fixture's build date)."""
    content = SITES / "multilingual" / "content"
    measures = sorted(e.ident for e in content_of(content) if e.type == "measure")
    assert measures == ["measure:loopbaanbegeleiding:en", "measure:loopbaanbegeleiding:fr",
                        "measure:loopbaanbegeleiding:nl", "measure:opleiding:nl"]
