"""What partners can embed and syndicate: every embed view and every feed, with its addresses.

Built once per build from the portal's site model. Templates read it through the `embeds`
global (`panel(page)`, `discovery(page)`, `feeds_for(page)`); the generator writes from it.

An embed's key is what a partner writes in `data-overstap-embed`: the path of the portal page
it stands for (`nl/regio/gent`, `nl/maatregelen/loopbaanbegeleiding`), and for lists
`<lang>/<type section>` (the latest items) or `<lang>/<type section>/<regions|sectors>/<term>`
(for measures that is the finder's page for that filter). The view itself lives at
`/<lang>/<embed section>/<the key without the language>/`; `theme/static/js/embed.js` makes the
same mapping, so every language's embed section must be "embed".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from content_model import ITEM_TYPES
from portal.memo import note, recorded

from .headers import EMBED_POLICY

#: Funnel taxonomies that get hub embeds, term lists and feeds.
PLACES = ("regions", "sectors")
#: Item types with an embed of a single item.
SINGLE_TYPES = ("measure", "case")
#: Types with a "latest" list (their library page exists).
LATEST_TYPES = ("case", "story")
#: How many items a "latest" list shows, and how many a feed carries.
LATEST = 10
FEED_LIMIT = 50
#: Height in pixels of the plain iframe snippet (no script, so no resizing) and in oEmbed.
FIXED_HEIGHT = 640
FIXED_WIDTH = 640
#: The folder every language's embeds live in (embed.js knows it too).
EMBED_SECTION = "embed"


@dataclass
class Embed:
    key: str
    lang: str
    kind: str  # "hub", "item" or "list"
    url: str  # the embed view
    page_url: str  # the portal page it stands for: where its links lead, oEmbed discovery
    data: dict = field(default_factory=dict)  # what its template needs
    panels: tuple[str, ...] = ()  # portal pages whose "Embed this" panel offers it

    @property
    def template(self) -> str:
        return f"embed/{self.kind}.html"

    @property
    def oembed_url(self) -> str:
        return self.url + "oembed.json"


@dataclass
class Feed:
    key: str  # "nl", "nl/regio/gent"
    lang: str
    scope: str  # "site", "regions" or "sectors"
    term: str | None
    folder: str  # /nl/feeds/ or /nl/feeds/regio/gent/
    page_url: str  # the portal page the feed follows
    items: list
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> folder, all languages

    def memo_shape(self):
        """What pages that link this feed show of it (portal/memo.py): not its items."""
        return (self.key, self.lang, self.scope, self.term, self.folder, self.page_url,
                self.alternates)

    @property
    def atom_url(self) -> str:
        return self.folder + "atom.xml"

    @property
    def json_url(self) -> str:
        return self.folder + "feed.json"


class Catalogue:
    """Every embed and feed of the site, and the lookups templates use."""

    fixed_height = FIXED_HEIGHT
    fixed_width = FIXED_WIDTH
    #: The embed views' policy in a <meta>, for hosts that send no headers (frame-ancestors
    #: cannot be set that way: it comes with the headers files only).
    meta_policy = "; ".join(EMBED_POLICY)

    def __init__(self, site):
        self.site = site
        self.embeds: list[Embed] = []
        self.feeds: list[Feed] = []
        for lang in site.langs:
            self.embeds += self._singles(lang) + self._places(lang) + self._latest(lang)
            self.feeds += self._feeds(lang)
        self._check_unique()
        self._panels: dict[str, list[Embed]] = defaultdict(list)
        self._pages: dict[str, Embed] = {}
        for embed in self.embeds:
            for url in embed.panels:
                self._panels[url].append(embed)
            self._pages.setdefault(embed.page_url, embed)
        self._feeds_by_page = {f.page_url: f for f in self.feeds if f.scope != "site"}
        self._site_feeds = {f.lang: f for f in self.feeds if f.scope == "site"}

    # -- what templates ask ------------------------------------------------------------------
    def page_embeds(self, page) -> tuple:
        """All a portal page shows of the catalogue (its panel, its oEmbed discovery, its feed
        links): what the three lookups below answer, as one recorded query."""
        return (self._panels.get(page.url, []), self._pages.get(page.url),
                self._feeds_of(page))

    def panel(self, page) -> list[Embed]:
        """The embeds the "Embed this" panel of this portal page offers, main one first."""
        note("Catalogue", "page_embeds", page)
        return self._panels.get(page.url, [])

    def discovery(self, page) -> Embed | None:
        """The embed this portal page announces through oEmbed discovery."""
        note("Catalogue", "page_embeds", page)
        return self._pages.get(page.url)

    def feeds_for(self, page) -> list[Feed]:
        """The feeds a page links in its head: its language's, and its hub's."""
        note("Catalogue", "page_embeds", page)
        return self._feeds_of(page)

    def _feeds_of(self, page) -> list[Feed]:
        found = [self._site_feeds[page.lang]] if page.lang in self._site_feeds else []
        if page.url in self._feeds_by_page:
            found.append(self._feeds_by_page[page.url])
        return found

    @recorded
    def site_feed(self, lang: str) -> Feed | None:
        return self._site_feeds.get(lang)

    @recorded
    def in_language(self, lang: str) -> tuple[list[Embed], list[Feed]]:
        return ([e for e in self.embeds if e.lang == lang],
                [f for f in self.feeds if f.lang == lang])

    # -- addresses -----------------------------------------------------------------------------
    def _key(self, url: str) -> str:
        return url[len(self.site.siteurl):].strip("/").partition("#")[0]

    def _embed_url(self, lang: str, key: str) -> str:
        return self.site.url(lang, EMBED_SECTION, key.partition("/")[2])

    def _make(self, lang, kind, page_url, data, panels, key_url=None) -> Embed:
        key = self._key(key_url or page_url)
        return Embed(key, lang, kind, self._embed_url(lang, key), page_url, data, panels)

    # -- the embeds ----------------------------------------------------------------------------
    def _singles(self, lang: str) -> list[Embed]:
        found = [self._make(lang, "item", item.extra["url"], {"item": item}, (item.extra["url"],))
                 for item in self.site.items
                 if item.lang == lang and item.type in SINGLE_TYPES]
        # an item no longer offered: a partner's frame shows the notice, not an error page
        return found + [self._make(lang, "withdrawn", gone.url, {"withdrawn": gone}, ())
                        for gone in self.site.withdrawn
                        if gone.lang == lang and gone.type in SINGLE_TYPES]

    def _places(self, lang: str) -> list[Embed]:
        site, found = self.site, []
        for taxonomy in PLACES:
            for term in site.funnel_terms(taxonomy):
                hub_url = site.hub_url(lang, taxonomy, term)
                data = {"taxonomy": taxonomy, "term": term,
                        "hub": site.hub_item(lang, taxonomy, term)}
                found.append(self._make(lang, "hub", hub_url, data, (hub_url,)))
                found += self._term_lists(lang, taxonomy, term, hub_url)
        return found

    def _term_lists(self, lang: str, taxonomy: str, term: str, hub_url: str) -> list[Embed]:
        site, found = self.site, []
        for type_ in ITEM_TYPES:
            specific, wider = site.hub_content(lang, taxonomy, term, type_)
            if not (specific or wider):
                continue
            key_url = site.url(lang, site.section(lang, type_), site.section(lang, taxonomy),
                               site.term_slug(lang, taxonomy, term))
            if type_ == "measure" and site.has_facet(taxonomy, term, lang):
                page_url = site.facet_url(lang, taxonomy, term)
                panels = (hub_url, page_url)
            else:
                page_url, panels = f"{hub_url}#list-{type_}", (hub_url,)
            data = {"type": type_, "taxonomy": taxonomy, "term": term,
                    "specific": specific, "wider": wider}
            found.append(self._make(lang, "list", page_url, data, panels, key_url))
        return found

    def _latest(self, lang: str) -> list[Embed]:
        found = []
        for type_ in LATEST_TYPES:
            items = self.site.newest(lang, (type_,))[:LATEST]
            if items:
                url = self.site.library_url(lang, type_)
                data = {"type": type_, "taxonomy": None, "term": None,
                        "specific": items, "wider": []}
                found.append(self._make(lang, "list", url, data, (url,)))
        return found

    def _check_unique(self) -> None:
        seen: dict[str, Embed] = {}
        for embed in self.embeds:
            other = seen.setdefault(embed.url, embed)
            if other is not embed:
                raise ValueError(f"two embeds at {embed.url}: {other.key} and {embed.key}")

    # -- the feeds -----------------------------------------------------------------------------
    def _feeds(self, lang: str) -> list[Feed]:
        site = self.site
        newest = site.newest(lang)
        folders = {lg: site.url(lg, site.section(lg, "feeds")) for lg in site.langs}
        found = [Feed(lang, lang, "site", None, folders[lang], site.url(lang),
                      newest[:FEED_LIMIT], folders)]
        for taxonomy in PLACES:
            for term in site.funnel_terms(taxonomy):
                folders = {lg: site.url(lg, site.section(lg, "feeds"), site.section(lg, taxonomy),
                                        site.term_slug(lg, taxonomy, term))
                           for lg in site.langs}
                items = [i for i in newest if _holds(i.meta.get(taxonomy), term)]
                found.append(Feed(self._key(folders[lang]), lang, taxonomy, term, folders[lang],
                                  site.hub_url(lang, taxonomy, term), items[:FEED_LIMIT],
                                  folders))
        return found


def _holds(value, term) -> bool:
    return term in value if isinstance(value, list) else value == term
