"""Meaning of the built fixture site's HTML: language, headings, links between languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support import moved


class Page(HTMLParser):
    """Just what the assertions need from one HTML file."""

    def __init__(self, text: str):
        super().__init__()
        self.lang = None
        self.h1 = []
        self.links = []  # (href, attrs)
        self.alternates = {}
        self.ids = set()
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        elif tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def pages(site: Path):
    old = moved(site)
    return sorted(p for p in site.rglob("*.html") if "embed" not in p.parts and p not in old)


def parse(path: Path) -> Page:
    return Page(path.read_text("utf-8"))


def test_every_page_has_lang_one_h1_and_skip_link(fixture_site):
    for path in pages(fixture_site):
        page = parse(path)
        rel = path.relative_to(fixture_site).as_posix()
        expected = rel.split("/")[0] if rel.split("/")[0] in ("nl", "fr", "en") else "nl"
        assert page.lang == expected, rel
        assert len(page.h1) == 1 and page.h1[0].strip(), rel
        if rel.count("/"):
            assert page.links[0][0] == "#main", f"{rel}: the first link is the skip link"


def test_root_and_language_homes_exist_and_link_each_other(fixture_site):
    root = parse(fixture_site / "index.html")
    assert {h for h, _ in root.links} >= {"/nl/", "/fr/", "/en/"}
    for lang in ("nl", "fr", "en"):
        home = parse(fixture_site / lang / "index.html")
        switch = {a.get("lang"): h for h, a in home.links if a.get("lang") in ("nl", "fr", "en")}
        assert switch == {"nl": "/nl/", "fr": "/fr/", "en": "/en/"}


def test_hreflang_pairs_are_reciprocal(fixture_site):
    graph = {}
    for path in pages(fixture_site):
        page = parse(path)
        url = "/" + path.relative_to(fixture_site).as_posix().removesuffix("index.html")
        graph[url] = {lang: re.sub(r"^https?://[^/]+", "", href)
                      for lang, href in page.alternates.items()}
    assert graph["/nl/maatregelen/loopbaanbegeleiding/"]["fr"] == \
        "/fr/mesures/accompagnement-de-carriere/"
    for url, alternates in graph.items():
        for lang, other in alternates.items():
            if lang == "x-default":
                continue
            assert other in graph, f"{url} names {other}, which does not exist"
            back = graph[other]
            assert url in back.values(), f"{other} does not link back to {url}"


def test_switcher_falls_back_when_a_translation_is_missing(fixture_site):
    page = parse(fixture_site / "nl" / "maatregelen" / "opleiding" / "index.html")
    switch = {a.get("lang"): h for h, a in page.links if a.get("hreflang")}
    assert switch == {"fr": "/fr/mesures/", "en": "/en/measures/"}
    assert "fr" not in page.alternates


@pytest.mark.parametrize("path,text", [
    ("nl/maatregelen/loopbaanbegeleiding/index.html", "2 november 2026"),
    ("fr/mesures/accompagnement-de-carriere/index.html", "2 novembre 2026"),
    ("en/measures/career-guidance/index.html", "2 November 2026"),
])
def test_dates_are_formatted_for_the_page_language(fixture_site, path, text):
    assert text in (fixture_site / path).read_text("utf-8")


def test_theme_strings_are_translated(fixture_site):
    assert "Naar de hoofdinhoud" in (fixture_site / "nl" / "index.html").read_text("utf-8")
    assert "Aller au contenu principal" in (fixture_site / "fr" / "index.html").read_text("utf-8")
    assert "Skip to main content" in (fixture_site / "en" / "index.html").read_text("utf-8")


def test_drafts_and_future_items_are_not_published(fixture_site):
    assert not (fixture_site / "nl" / "maatregelen" / "klad").exists()
    assert not (fixture_site / "nl" / "maatregelen" / "later").exists()
    assert "/klad/" not in (fixture_site / "sitemap.xml").read_text("utf-8")


def test_ref_links_resolve_to_the_same_language(fixture_site):
    page = parse(fixture_site / "fr" / "mesures" / "accompagnement-de-carriere" / "index.html")
    assert "/nl/maatregelen/opleiding/" in {h for h, _ in page.links}  # no fr version: nl


def test_internal_links_and_fragments_resolve(fixture_site):
    broken = []
    for path in pages(fixture_site):
        for href, _ in parse(path).links:
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target, _, fragment = href.partition("#")
            target = target.partition("?")[0]  # a query (the finder's filters) names no file
            file = path if not target else fixture_site / target.lstrip("/")
            if file.is_dir() or target.endswith("/"):
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{path.relative_to(fixture_site)} -> {href}")
            elif fragment and fragment not in parse(file).ids:
                broken.append(f"{path.relative_to(fixture_site)} -> {href} (no #{fragment})")
    assert not broken, "\n".join(broken[:20])


def test_item_pages_describe_themselves_in_json_ld(fixture_site):
    import json

    expected = {"maatregelen": "GovernmentService", "praktijkvoorbeelden": "Article",
                "verhalen": "Article"}
    for section, kind in expected.items():
        for path in (fixture_site / "nl" / section).glob("*/index.html"):
            if "notice-withdrawn" in path.read_text("utf-8"):
                continue  # no longer offered: a notice, not the item (test_addresses.py)
            blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                path.read_text("utf-8"), flags=re.S)
            assert len(blocks) == 1, path
            data = json.loads(blocks[0])
            assert data["@type"] == kind and data["inLanguage"] == "nl", path


def test_labels_from_imported_components_follow_the_page_language(fixture_site):
    """Macro modules are cached by Jinja: each language needs its own environment."""
    en = (fixture_site / "en" / "measures" / "career-guidance" / "index.html").read_text("utf-8")
    fr = (fixture_site / "fr" / "mesures" / "accompagnement-de-carriere" / "index.html")
    assert 'item-type">Measure' in en
    assert 'item-type">Mesure' in fr.read_text("utf-8")
