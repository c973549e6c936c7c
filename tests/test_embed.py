"""Embed views, the "Embed this" panel and oEmbed files of the built portal (no browser).

oEmbed rules checked (oEmbed 1.0, section 2.3.4): `type` and `version` ("1.0") always; a
`rich` response has `html`, `width` and `height` (integers); thumbnail fields come as a set.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import pelicanconf
from embeds import headers
from embeds.catalogue import EMBED_SECTION, FIXED_HEIGHT
from tests.support import ROOT, moved, part, theme_file

LANGS = pelicanconf.LANGS
POLICY_META = ('<meta http-equiv="Content-Security-Policy" content="'
               + "; ".join(headers.EMBED_POLICY) + '">')


class Doc(HTMLParser):
    """What the assertions need from one HTML file."""

    def __init__(self, text: str):
        super().__init__()
        self.lang, self.h1, self.base_target = None, 0, None
        self.links: list[str] = []  # <a href>
        self.loads: list[str] = []  # what the page loads: scripts, styles, images, frames
        self.heads: list[dict] = []  # <link> elements
        self.textareas: list[str] = []
        self.classes: set[str] = set()
        self._area = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.classes.update((a.get("class") or "").split())
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "base":
            self.base_target = a.get("target")
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link":
            self.heads.append(a)
            if a.get("rel") in ("stylesheet", "icon", "preload"):
                self.loads.append(a["href"])
        elif tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.loads.append(a["src"])
        elif tag == "textarea":
            self._area = ""

    def handle_data(self, data):
        if self._area is not None:
            self._area += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._area is not None:
            self.textareas.append(self._area)
            self._area = None


def public_url(site: Path) -> str:
    robots = (site / "robots.txt").read_text("utf-8")
    return re.search(r"Sitemap: (\S+)/sitemap.xml", robots)[1]


def file_of(site: Path, url: str) -> Path:
    path = site / url.partition("#")[0].lstrip("/")
    return path / "index.html" if url.partition("#")[0].endswith("/") else path


def embed_pages(site: Path):
    old = moved(site)
    return sorted(p for p in site.glob(f"*/{EMBED_SECTION}/**/index.html") if p not in old)


def test_every_language_keeps_embeds_where_embed_js_looks():
    for lang, info in LANGS.items():
        assert info["sections"]["embed"] == EMBED_SECTION, \
            f"{lang}: embed.js maps data-overstap-embed keys to /<lang>/{EMBED_SECTION}/..."
    script = (ROOT / "theme" / "static" / "js" / "embed.js").read_text("utf-8")
    assert f'"/{EMBED_SECTION}/"' in script


def test_embed_views_are_chromeless_and_in_their_language(portal_site):
    pages = embed_pages(portal_site)
    assert len(pages) > 100
    for path in pages:
        rel = path.relative_to(portal_site).as_posix()
        doc = Doc(path.read_text("utf-8"))
        assert doc.lang == rel.split("/")[0], rel
        assert doc.h1 == 1, rel
        assert doc.base_target == "_top", f"{rel}: links must open the portal in the top window"
        assert not doc.classes & {"site-header", "site-footer", "main-nav", "breadcrumbs",
                                  "lang-switcher", "skip-link"}, rel
        assert {"embed-view", "embed"} <= doc.classes, rel
        assert '<meta name="robots" content="noindex">' in path.read_text("utf-8"), rel
        assert POLICY_META in html.unescape(path.read_text("utf-8")), f"{rel}: a policy anyway"


def test_embed_views_load_only_from_the_portal(portal_site):
    for path in embed_pages(portal_site):
        doc = Doc(path.read_text("utf-8"))
        outside = [u for u in doc.loads if not u.startswith("/") or u.startswith("//")]
        assert not outside, f"{path}: loads {outside}"
        assert {"/" + theme_file(portal_site, "js/embed-frame.js"),
                "/" + theme_file(portal_site, "css/embed.css")} <= set(doc.loads)


def test_links_in_embeds_lead_to_portal_pages_in_the_same_language(portal_site):
    for path in embed_pages(portal_site):
        lang = path.relative_to(portal_site).parts[0]
        for href in Doc(path.read_text("utf-8")).links:
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            assert f"/{EMBED_SECTION}/" not in href, f"{path}: {href} stays in the embed"
            assert file_of(portal_site, href).exists(), f"{path}: {href} does not exist"
            if not href.startswith(f"/{lang}/"):  # a {ref} without a translation
                assert href.startswith(f"/{pelicanconf.DEFAULT_LANG}/"), f"{path}: {href}"


@pytest.mark.parametrize("lang", list(LANGS))
def test_gent_and_care_offer_the_snippets_in_the_page_language(portal_site, lang):
    public = public_url(portal_site)
    regions, sectors = LANGS[lang]["sections"]["regions"], LANGS[lang]["sections"]["sectors"]
    measures = LANGS[lang]["sections"]["measure"]
    gent = {"nl": "gent", "fr": "gand", "en": "ghent"}[lang]  # addresses in the page language
    care = {"nl": "zorg", "fr": "soins", "en": "care"}[lang]
    cases = {(f"{lang}/{regions}/{gent}/index.html", f"{lang}/{regions}/{gent}"),
             (f"{lang}/{sectors}/{care}/index.html", f"{lang}/{measures}/{sectors}/{care}")}
    for page, key in cases:
        doc = Doc((portal_site / page).read_text("utf-8"))
        assert doc.lang == lang
        snippets = [t for t in doc.textareas if f'data-overstap-embed="{key}"' in t]
        assert len(snippets) == 1, f"{page} has no snippet for {key}"
        assert f'<script src="{public}/theme/js/embed.js" async></script>' in snippets[0]
        view = f"{public}/{lang}/{EMBED_SECTION}/{key.partition('/')[2]}/"
        plain = [t for t in doc.textareas if t.startswith(f'<iframe src="{view}"')]
        assert len(plain) == 1 and f'height="{FIXED_HEIGHT}"' in plain[0], page
        assert file_of(portal_site, view[len(public):]).exists()
        assert Doc(file_of(portal_site, view[len(public):]).read_text("utf-8")).lang == lang


def test_every_measure_and_case_page_has_the_panel_and_stories_do_not(portal_site):
    seen = {"measure": 0, "case": 0, "story": 0}
    for page in sorted(set(portal_site.glob("*/*/*/index.html")) - moved(portal_site)):
        text = page.read_text("utf-8")
        kind = re.search(r'<article class="item item-(\w+)', text)
        if not kind:
            continue
        seen[kind[1]] += 1
        has_panel = "data-overstap-panel" in text
        assert has_panel == (kind[1] in ("measure", "case")), page
        if has_panel:
            assert "/theme/js/embed.js" in text
            assert "/" + theme_file(portal_site, "css/embed.css") in text
    assert all(seen.values()), seen


# -- oEmbed -------------------------------------------------------------------------------------
def oembed_files(site: Path):
    old = moved(site)
    return sorted(p for p in site.glob(f"*/{EMBED_SECTION}/**/oembed.json") if p not in old)


def test_every_embed_has_a_valid_oembed_file(portal_site):
    public = public_url(portal_site)
    files = oembed_files(portal_site)
    assert len(files) == len(embed_pages(portal_site))
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        view = public + "/" + path.parent.relative_to(portal_site).as_posix() + "/"
        assert doc["version"] == "1.0" and doc["type"] == "rich", path
        assert isinstance(doc["width"], int) and isinstance(doc["height"], int), path
        assert doc["height"] == FIXED_HEIGHT
        assert isinstance(doc["title"], str) and doc["title"].strip(), path
        assert doc["provider_name"] == "Overstap" and doc["provider_url"].startswith(public)
        assert isinstance(doc["cache_age"], int)
        thumbs = {k for k in doc if k.startswith("thumbnail_")}
        assert thumbs in (set(), {"thumbnail_url", "thumbnail_width", "thumbnail_height"})
        frame = re.fullmatch(r'<iframe src="([^"]+)" title="([^"]+)" [^<>]*></iframe>',
                             doc["html"])
        assert frame, f"{path}: html is not one iframe: {doc['html']}"
        assert frame[1] == view and html.unescape(frame[2]) == doc["title"] + " · Overstap"


def test_portal_pages_announce_their_embed(portal_site):
    public = public_url(portal_site)
    for lang, info in LANGS.items():
        for folder in (info["sections"]["regions"] + "/" + part("regions", "gent", lang),
                       info["sections"]["sectors"] + "/" + part("sectors", "zorg", lang),
                       info["sections"]["story"]):
            doc = Doc((portal_site / lang / folder / "index.html").read_text("utf-8"))
            found = [h for h in doc.heads if h.get("type") == "application/json+oembed"]
            assert len(found) == 1 and found[0]["title"], f"{lang}/{folder}"
            href = found[0]["href"]
            assert href == f"{public}/{lang}/{EMBED_SECTION}/{folder}/oembed.json"
            assert file_of(portal_site, href[len(public):]).exists()


def test_embed_views_announce_their_own_oembed(portal_site):
    public = public_url(portal_site)
    for path in embed_pages(portal_site):
        doc = Doc(path.read_text("utf-8"))
        found = [h["href"] for h in doc.heads if h.get("type") == "application/json+oembed"]
        assert found == [public + "/" + path.parent.relative_to(portal_site).as_posix()
                         + "/oembed.json"]
