"""Atom (RFC 4287) and JSON Feed 1.1 documents, and oEmbed (1.0) responses.

Pure functions: they take a Feed or an Embed from the catalogue, the translated strings the
theme gave for it, and the public address; they return the text to write. Ids are stable
`urn:uuid:` names made from the language, type and slug, so they survive a new address or title.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from content_model import upkeep

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
#: How long oEmbed consumers may cache a response (seconds).
OEMBED_CACHE_AGE = 86400
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


@dataclass
class Context:
    """What every feed of one build shares."""

    public_url: str  # https://overstap.example (no trailing slash)
    sitename: str
    timezone: str
    site: object  # the portal's Site: translations, labels, sections

    def absolute(self, url: str) -> str:
        return url if url.startswith(("http://", "https://")) else self.public_url + url

    def timestamp(self, day: dt.date) -> str:
        """Midnight of that day where the portal is (RFC 3339)."""
        return dt.datetime.combine(day, dt.time(0), ZoneInfo(self.timezone)).isoformat()


def stable_id(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "overstap:" + ":".join(parts)))


def item_id(item) -> str:
    return stable_id(item.lang, item.type, item.meta["slug"])


def absolute_html(html: str, public_url: str) -> str:
    """Root-relative links and images made absolute, for readers far from the portal."""
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + public_url + "/", html)


def updated(item) -> dt.date:
    return upkeep.last_update(item.meta) or item.meta["date"]


def feed_updated(feed, ctx: Context) -> dt.date:
    """The newest change in the feed; an empty feed takes the language's newest change."""
    items = feed.items or ctx.site.newest(feed.lang)
    return max((updated(i) for i in items), default=dt.date(2000, 1, 1))


def _translations(item, ctx: Context) -> dict[str, str]:
    """lang -> absolute URL of every other language's version of the item."""
    return {lg: ctx.absolute(other.extra["url"])
            for lg, other in sorted(ctx.site.translations(item).items()) if lg != item.lang}


def _categories(item, ctx: Context) -> list[tuple[str, str, str]]:
    """(term, scheme, label) of the item's sectors and regions."""
    site, found = ctx.site, []
    for taxonomy in ("sectors", "regions"):
        scheme = ctx.absolute(site.url(item.lang, site.section(item.lang, taxonomy)))
        for term in item.meta.get(taxonomy) or []:
            found.append((term, scheme, site.label(taxonomy, term, item.lang)))
    return found


# -- Atom -----------------------------------------------------------------------------------
def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def atom(feed, strings: dict, type_labels: dict, ctx: Context) -> str:
    """The feed as Atom: feed and entry ids, titles, updated, authors, self and alternate
    links (the feed: one per type and language; an entry: its own page, its translations as
    rel="related"), xml:lang."""
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": feed.lang})
    _sub(root, "id", stable_id("feed", feed.key))
    _sub(root, "title", strings["title"])
    _sub(root, "subtitle", strings["description"])
    _sub(root, "updated", ctx.timestamp(feed_updated(feed, ctx)))
    author = _sub(root, "author")
    _sub(author, "name", ctx.sitename)
    _sub(author, "uri", ctx.absolute(ctx.site.url(feed.lang)))
    _sub(root, "link", rel="self", type=ATOM_TYPE, href=ctx.absolute(feed.atom_url))
    _sub(root, "link", rel="alternate", type="text/html", hreflang=feed.lang,
         href=ctx.absolute(feed.page_url))
    _sub(root, "link", rel="alternate", type=JSON_FEED_TYPE, hreflang=feed.lang,
         href=ctx.absolute(feed.json_url))
    for lang, folder in sorted(feed.alternates.items()):
        if lang != feed.lang:
            _sub(root, "link", rel="alternate", type=ATOM_TYPE, hreflang=lang,
                 href=ctx.absolute(folder + "atom.xml"))
    for item in feed.items:
        _entry(root, item, type_labels, ctx)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _entry(root, item, type_labels: dict, ctx: Context) -> None:
    entry = _sub(root, "entry")
    _sub(entry, "id", item_id(item))
    _sub(entry, "title", item.meta["title"])
    _sub(entry, "published", ctx.timestamp(item.meta["date"]))
    _sub(entry, "updated", ctx.timestamp(updated(item)))
    # Exactly one rel="alternate" text/html link, the entry's own page: readers take that as
    # the entry's link, and with several (one per language, as RFC 4287 allows) they disagree
    # on which (feedparser takes the last). The translations are rel="related", with hreflang.
    _sub(entry, "link", rel="alternate", type="text/html", hreflang=item.lang,
         href=ctx.absolute(item.extra["url"]))
    for lang, url in _translations(item, ctx).items():
        _sub(entry, "link", rel="related", type="text/html", hreflang=lang, href=url)
    _sub(entry, "category", term=item.type, label=type_labels[item.type])
    for term, scheme, label in _categories(item, ctx):
        _sub(entry, "category", term=term, scheme=scheme, label=label)
    _sub(entry, "summary", item.meta["summary"])
    if item.extra["html"].strip():  # an item with no text: readers show the summary
        _sub(entry, "content", absolute_html(item.extra["html"], ctx.public_url), type="html")


# -- JSON Feed --------------------------------------------------------------------------------
def json_feed(feed, strings: dict, type_labels: dict, ctx: Context) -> str:
    """The feed as JSON Feed 1.1; translations and the Atom twin in an `_overstap` extension."""
    doc = {
        "version": JSON_FEED_VERSION,
        "title": strings["title"],
        "home_page_url": ctx.absolute(feed.page_url),
        "feed_url": ctx.absolute(feed.json_url),
        "description": strings["description"],
        "language": feed.lang,
        "authors": [{"name": ctx.sitename, "url": ctx.absolute(ctx.site.url(feed.lang))}],
        "_overstap": {
            "atom": ctx.absolute(feed.atom_url),
            "translations": {lg: ctx.absolute(folder + "feed.json")
                             for lg, folder in sorted(feed.alternates.items())
                             if lg != feed.lang},
        },
        "items": [_json_item(item, type_labels, ctx) for item in feed.items],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _json_item(item, type_labels: dict, ctx: Context) -> dict:
    html = item.extra["html"]
    # JSON Feed needs content_html or content_text: an item with no text gives its summary
    content = {"content_html": absolute_html(html, ctx.public_url)} if html.strip() else \
        {"content_text": item.meta["summary"]}
    return {
        "id": item_id(item),
        "url": ctx.absolute(item.extra["url"]),
        "title": item.meta["title"],
        "summary": item.meta["summary"],
        **content,
        "date_published": ctx.timestamp(item.meta["date"]),
        "date_modified": ctx.timestamp(updated(item)),
        "language": item.lang,
        "tags": [type_labels[item.type]] + [label for _t, _s, label in _categories(item, ctx)],
        "_overstap": {"type": item.type, "translations": _translations(item, ctx)},
    }


# -- oEmbed -----------------------------------------------------------------------------------
def oembed(embed, strings: dict, ctx: Context, width: int, height: int) -> str:
    """A static oEmbed 1.0 response of type `rich`: the plain iframe snippet."""
    doc = {
        "version": "1.0",
        "type": "rich",
        "title": strings["title"],
        "provider_name": ctx.sitename,
        "provider_url": ctx.absolute(ctx.site.url(embed.lang)),
        "cache_age": OEMBED_CACHE_AGE,
        "html": strings["iframe"],
        "width": width,
        "height": height,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
