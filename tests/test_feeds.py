"""Atom and JSON Feed files of the built portal, parsed and checked against their specs.

Atom (RFC 4287): feed and entries have exactly one atom:id (an absolute IRI), atom:title and
atom:updated (RFC 3339); the feed has an author (so every entry has one); a rel="self" link;
no two rel="alternate" links share type and hreflang; entry ids are unique; xml:lang is set.
JSON Feed 1.1: `version`, `title`, `items` required; every item has a string `id` and
`content_html` or `content_text`; dates are RFC 3339; authors have a name, url or avatar;
keys outside the spec are extensions (`_` and a letter).
What feed readers show: Python's feedparser reads every feed of the fixture site, and each
entry's link must be its own page in the feed's language (readers pick one rel="alternate"
link; the translations are rel="related").
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest

import pelicanconf
from tests.support import SITES, moved, part
from tests.test_embed import Doc, file_of, public_url

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
LANGS = pelicanconf.LANGS
JSON_FEED_KEYS = {"version", "title", "home_page_url", "feed_url", "description",
                  "user_comment", "next_url", "icon", "favicon", "authors", "language",
                  "expired", "hubs", "items"}
JSON_ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text",
                  "summary", "image", "banner_image", "date_published", "date_modified",
                  "authors", "tags", "language", "attachments"}


def feed_folders(site: Path) -> list[Path]:
    old = moved(site)
    return sorted(p.parent for p in site.glob("*/feeds/**/atom.xml") if p not in old)


def when(text: str) -> dt.datetime:
    assert RFC3339.match(text), f"not an RFC 3339 date-time: {text}"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def is_absolute_iri(text: str) -> bool:
    return bool(urlparse(text).scheme) and (":" in text)


def local(site: Path, url: str) -> Path:
    public = public_url(site)
    assert url.startswith(public + "/"), f"{url} is not on the portal"
    return file_of(site, url[len(public):])


def one(parent, tag: str):
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{len(found)} atom:{tag} in {parent.tag}"
    return found[0]


def check_links(parent) -> dict[tuple[str, str | None], str]:
    """(type, hreflang) -> href of the alternate links; at most one of each."""
    alternates: dict[tuple[str, str | None], str] = {}
    for link in parent.findall(A + "link"):
        assert link.get("href"), "atom:link needs href"
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            assert key not in alternates, f"two alternate links with {key}"
            alternates[key] = link.get("href")
    return alternates


def test_there_is_a_feed_per_language_region_and_sector(portal_site):
    folders = {p.relative_to(portal_site).as_posix() for p in feed_folders(portal_site)}
    for lang, info in LANGS.items():
        assert f"{lang}/feeds" in folders
        for term in ("gent", "vlaanderen"):
            assert f"{lang}/feeds/{info['sections']['regions']}/{part('regions', term, lang)}" \
                in folders
        assert f"{lang}/feeds/{info['sections']['sectors']}/{part('sectors', 'zorg', lang)}" \
            in folders
    for folder in feed_folders(portal_site):
        assert (folder / "feed.json").exists()


def test_atom_feeds_follow_rfc_4287(portal_site):
    public = public_url(portal_site)
    for folder in feed_folders(portal_site):
        url = public + "/" + folder.relative_to(portal_site).as_posix() + "/atom.xml"
        root = ET.parse(folder / "atom.xml").getroot()
        lang = folder.relative_to(portal_site).parts[0]
        assert root.tag == A + "feed" and root.get(XML_LANG) == lang, folder
        assert is_absolute_iri(one(root, "id").text)
        assert one(root, "title").text.strip()
        newest = when(one(root, "updated").text)
        assert one(one(root, "author"), "name").text.strip()
        selfs = [ln for ln in root.findall(A + "link") if ln.get("rel") == "self"]
        assert [ln.get("href") for ln in selfs] == [url]
        alternates = check_links(root)
        assert alternates[("text/html", lang)].startswith(public)
        assert local(portal_site, alternates[("application/feed+json", lang)]).exists()
        for other in LANGS:
            if other != lang:  # the same feed in the other languages links back
                twin = ET.parse(local(portal_site, alternates[("application/atom+xml", other)]))
                assert check_links(twin.getroot())[("application/atom+xml", lang)] == url
        check_entries(portal_site, root, newest)


def check_entries(site: Path, root, newest: dt.datetime) -> None:
    ids, previous = set(), None
    for entry in root.findall(A + "entry"):
        entry_id = one(entry, "id").text
        assert is_absolute_iri(entry_id) and entry_id not in ids
        ids.add(entry_id)
        assert one(entry, "title").text.strip()
        updated, published = when(one(entry, "updated").text), when(one(entry, "published").text)
        assert published <= updated <= newest
        assert previous is None or published <= previous, "newest first"
        previous = published
        links = check_links(entry)
        assert list(links) == [("text/html", root.get(XML_LANG))], "one alternate: its page"
        assert local(site, links[("text/html", root.get(XML_LANG))]).exists()
        for link in entry.findall(A + "link"):  # the alternate and the translations (related)
            assert link.get("rel") in ("alternate", "related"), link.get("rel")
            href = link.get("href")
            assert local(site, href).exists(), href
            assert Doc(local(site, href).read_text("utf-8")).lang == link.get("hreflang")
        assert one(entry, "summary").text.strip()
        content = one(entry, "content")
        assert content.get("type") == "html" and "<p>" in content.text
        assert ' href="/' not in content.text and ' src="/' not in content.text, "absolute"
        assert all(c.get("term") for c in entry.findall(A + "category"))


def test_region_and_sector_feeds_hold_only_their_items(portal_site):
    for lang, info in LANGS.items():
        for taxonomy, term in (("regions", "gent"), ("sectors", "zorg")):
            section = info["sections"][taxonomy]
            folder = portal_site / lang / "feeds" / section / part(taxonomy, term, lang)
            root = ET.parse(folder / "atom.xml").getroot()
            entries = root.findall(A + "entry")
            assert entries, f"{lang} {term}: an empty feed"
            for entry in entries:
                terms = {(c.get("term"), c.get("scheme")) for c in entry.findall(A + "category")}
                assert any(t == term and s.endswith(f"/{lang}/{section}/") for t, s in terms)


# -- what feed readers show -------------------------------------------------------------------
def source_versions(content: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(lang, title) -> {lang: address} of every measure, case and story, read from the
    Markdown files themselves: the page of `content/<folder>/<lang>/<name>.md` is
    `/<lang>/<section of its type>/<its Slug, or else name>/`; translations share the name."""
    found, by_slug = {}, {}
    for path in sorted(content.glob("*/*/*.md")):
        header = {}
        for line in path.read_text("utf-8").split("\n"):
            if not line.strip():
                break
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
        if header.get("Type") not in ("measure", "case", "story"):
            continue
        lang = header["Lang"]
        url = f"/{lang}/{LANGS[lang]['sections'][header['Type']]}/" \
              f"{header.get('Slug') or path.stem}/"
        versions = by_slug.setdefault(path.stem, {})
        versions[lang] = url
        assert (lang, header["Title"]) not in found, f"two {lang} items titled {header['Title']}"
        found[(lang, header["Title"])] = versions
    return found


def feed_page(lang: str, scope: tuple[str, ...]) -> str:
    """The page a feed follows: /<lang>/feeds/ follows /<lang>/, /<lang>/feeds/<section>/<term>/
    follows /<lang>/<section>/<term>/."""
    return "/".join(("", lang, *scope, ""))


def test_feed_readers_open_every_entry_in_the_feeds_language(fixture_site):
    public = public_url(fixture_site)
    sources = source_versions(SITES / "multilingual" / "content")
    entries = 0
    for folder in feed_folders(fixture_site):
        lang, feeds, *scope = folder.relative_to(fixture_site).parts
        assert feeds == "feeds"
        parsed = feedparser.parse((folder / "atom.xml").read_bytes())
        assert not parsed.bozo, f"{folder}: {parsed.get('bozo_exception')}"
        assert parsed.feed.link == public + feed_page(lang, tuple(scope)), folder
        doc = json.loads((folder / "feed.json").read_text("utf-8"))
        assert doc["home_page_url"] == parsed.feed.link
        assert [e.title for e in parsed.entries] == [i["title"] for i in doc["items"]]
        for entry, item in zip(parsed.entries, doc["items"], strict=True):
            assert entry.title_detail.language == lang, f"{folder}: {entry.title}"
            versions = {lg: public + url for lg, url in sources[(lang, entry.title)].items()
                        if file_of(fixture_site, url).exists()}  # published translations
            own = versions.pop(lang)
            where = f"{folder.relative_to(fixture_site)}: “{entry.title}”"
            assert entry.link == own, f"{where} opens {entry.link}"
            assert item["url"] == own, f"{where}: the JSON Feed's url is {item['url']}"
            assert Doc(local(fixture_site, own).read_text("utf-8")).lang == lang
            # the translations stay listed, as links readers do not open
            related = {ln.hreflang: ln.href for ln in entry.links if ln.rel == "related"}
            assert related == versions, where
            assert item["_overstap"]["translations"] == versions, where
            assert [ln.href for ln in entry.links if ln.rel == "alternate"] == [own], where
            entries += 1
    assert entries >= 20, f"only {entries} entries: the fixture site's feeds lost their items"


def check_extensions(doc: dict, known: set[str]) -> None:
    for key in doc:
        assert key in known or re.match(r"^_[A-Za-z]", key), f"unknown key {key}"


def test_json_feeds_follow_json_feed_1_1(portal_site):
    public = public_url(portal_site)
    for folder in feed_folders(portal_site):
        url = public + "/" + folder.relative_to(portal_site).as_posix() + "/feed.json"
        lang = folder.relative_to(portal_site).parts[0]
        doc = json.loads((folder / "feed.json").read_text("utf-8"))
        assert doc["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(doc["title"], str) and doc["title"].strip()
        assert doc["feed_url"] == url and local(portal_site, doc["home_page_url"]).exists()
        assert doc["language"] == lang
        assert all({"name", "url", "avatar"} & set(a) for a in doc["authors"])
        check_extensions(doc, JSON_FEED_KEYS)
        for other, twin in doc["_overstap"]["translations"].items():
            assert json.loads(local(portal_site, twin).read_text("utf-8"))["language"] == other
        ids = [item["id"] for item in doc["items"]]
        assert len(set(ids)) == len(ids)
        for item in doc["items"]:
            check_extensions(item, JSON_ITEM_KEYS)
            assert isinstance(item["id"], str)
            assert item.get("content_html") or item.get("content_text")
            assert when(item["date_published"]) <= when(item["date_modified"])
            assert local(portal_site, item["url"]).exists()
            assert all(isinstance(t, str) for t in item["tags"])
        atom = ET.parse(folder / "atom.xml").getroot()
        assert ids == [one(e, "id").text for e in atom.findall(A + "entry")], "same items"


@pytest.mark.parametrize("lang", list(LANGS))
def test_pages_link_their_feeds(portal_site, lang):
    public = public_url(portal_site)
    regions = LANGS[lang]["sections"]["regions"]
    gent = part("regions", "gent", lang)
    doc = Doc((portal_site / lang / regions / gent / "index.html").read_text("utf-8"))
    feeds = {(h["type"], h["href"]) for h in doc.heads
             if h.get("rel") == "alternate" and "hreflang" not in h and "feed" in h["href"]}
    assert feeds == {
        ("application/atom+xml", f"{public}/{lang}/feeds/atom.xml"),
        ("application/feed+json", f"{public}/{lang}/feeds/feed.json"),
        ("application/atom+xml", f"{public}/{lang}/feeds/{regions}/{gent}/atom.xml"),
        ("application/feed+json", f"{public}/{lang}/feeds/{regions}/{gent}/feed.json"),
    }
    assert f"/{lang}/feeds/atom.xml" in doc.links, "the footer links the language's feed"
