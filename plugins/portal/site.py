"""The site model: which items are published, where every page lives, and how items relate.

Built once per build from the content model; templates, feeds, embeds and search read it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from content_model import ITEM_TYPES, Item, Taxonomies, organisations

from .memo import recorded, track_bodies

FUNNEL = ("audiences", "sectors", "regions")
#: Facets of the measure finder, in order: (facet key, item field, taxonomy).
FACETS = (
    ("audiences", "audiences", "audiences"),
    ("sectors", "sectors", "sectors"),
    ("regions", "regions", "regions"),
    ("duration", "duration", "duration"),
    ("approach", "approach", "approach"),
    ("focus", "focus", "focus"),
    ("support", "support", "support"),
    ("parties", "parties", "parties"),
    ("target", "target_groups", "target-groups"),
    ("level", "level", "levels"),
)
FACET_TAXONOMY = {facet: taxonomy for facet, _, taxonomy in FACETS}
#: Every item field that `Site.tagged` answers for: the funnel's and the finder's, each once
#: (the two overlap, and an item listed once per overlapping name showed every card twice).
TAGGED_FIELDS = tuple(dict.fromkeys(FUNNEL + tuple(f[1] for f in FACETS)))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def is_published(item: Item, today: dt.date, preview: bool = False) -> bool:
    """Drafts never; future items from their date on; expired items no longer."""
    if preview:
        return True
    if item.meta.get("status") == "draft":
        return False
    if item.meta.get("date") and item.meta["date"] > today:
        return False
    return not (item.meta.get("expires") and item.meta["expires"] < today)


@dataclass(frozen=True)
class Withdrawn:
    """An item no longer offered that keeps its address with a notice: expired (`item` is the
    item), or its file removed (`item` is None; known from addresses.tsv)."""

    type: str
    slug: str
    lang: str
    url: str
    item: Item | None = None

    @property
    def ident(self) -> str:
        return f"{self.type}:{self.slug}:{self.lang}"


@dataclass
class Site:
    items: list[Item]
    taxonomies: Taxonomies
    langs: dict
    default_lang: str
    siteurl: str = ""
    _by_slug: dict = field(default_factory=dict)
    _related: dict = field(default_factory=dict)
    #: Items no longer offered: out of every list, search, feed and the sitemap, but their
    #: addresses answer with a notice (withdrawn.html, embed/withdrawn.html).
    withdrawn: list[Withdrawn] = field(default_factory=list)

    def __post_init__(self):
        self.items = sorted(self.items, key=lambda i: (i.lang, i.type, i.meta["slug"]))
        track_bodies(self.items)
        for item in self.items:
            self._by_slug.setdefault(item.meta["slug"], {})[item.lang] = item
            item.extra["url"] = self.item_url(item)
        self._link_related()
        self._index()

    def _index(self) -> None:
        """Lookups used on every page, computed once (templates must never scan all items)."""
        self._by_type: dict[tuple[str, str], list[Item]] = defaultdict(list)
        self._tagged: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
        self._facet_items: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
        self._cases_using: dict[tuple[str, str], list[Item]] = defaultdict(list)
        self._naming: dict[tuple[str, str], list[Item]] = defaultdict(list)
        by_title = sorted(self.items, key=lambda i: (i.meta["title"].lower(), i.meta["slug"]))
        for item in by_title:
            self._by_type[(item.lang, item.type)].append(item)
            for key in TAGGED_FIELDS:
                for term in dict.fromkeys(_as_list(item.meta.get(key))):
                    self._tagged[(item.lang, key, term)].append(item)
            for measure in item.meta.get("measures") or []:
                self._cases_using[(item.lang, measure)].append(item)
            for key in dict.fromkeys(self.organisations_named(item)
                                     + organisations.body_keys(item.body)):
                self._naming[(item.lang, key)].append(item)
            if item.type == "measure":
                item.extra["facets"] = {f: " ".join(_as_list(item.meta.get(fld)))
                                        for f, fld, _ in FACETS}
                for facet, fld, _ in FACETS:
                    for value in dict.fromkeys(_as_list(item.meta.get(fld))):
                        self._facet_items[(item.lang, facet, value)].append(item)
        # (lang, facet, value) that narrows the finder: some measures of that language have
        # it, not all (a value every measure has filters nothing: no page, no link)
        self._facets = {key for key, found in self._facet_items.items()
                        if len(found) < len(self._by_type.get((key[0], "measure"), ()))}
        self._tagged_ids: dict[tuple[str, str, str], set[int]] = {}
        self._combinations = None

    # -- addresses --------------------------------------------------------------------------
    def section(self, lang: str, key: str) -> str:
        return self.langs[lang]["sections"][key]

    def glossary(self, lang: str):
        """The glossary's entries in the alphabetical order of `lang` (content/_data: in the
        global key, so not recorded)."""
        from content_model.glossary import Glossary

        return Glossary.from_data(self.taxonomies.data.get("glossary")).sorted_for(lang)

    def glossary_url(self, lang: str) -> str | None:
        """The glossary page of a language (None when the glossary has no terms)."""
        if not self.taxonomies.data.get("glossary"):
            return None
        return self.url(lang, self.langs[lang]["sections"].get("glossary", "glossary"))

    def register_url(self, lang: str) -> str:
        """The organisations register's page of a language (content/_data/organisations.toml)."""
        return self.url(lang, self.langs[lang]["sections"].get("organisations", "organisations"))

    def organisation_url(self, lang: str, key: str) -> str:
        """An organisation's entry on the register page: its key is the anchor."""
        return f"{self.register_url(lang)}#{key}"

    def url(self, lang: str, *parts: str) -> str:
        path = "/".join(p.strip("/") for p in (lang, *parts) if p)
        return f"{self.siteurl}/{path}/"

    def item_url(self, item: Item) -> str:
        if item.type in ITEM_TYPES:
            return self.url(item.lang, self.section(item.lang, item.type), item.name)
        if item.type == "hub":
            return self.hub_url(item.lang, item.meta["taxonomy"], item.meta["term"])
        if item.meta.get("template") == "home":
            return self.url(item.lang)
        return self.url(item.lang, item.name)

    def term_slug(self, lang: str, taxonomy: str, term: str) -> str:
        """A value's part of an address in one language (from its data file)."""
        return self.taxonomies.slug(taxonomy, term, lang)

    def hub_url(self, lang: str, taxonomy: str, term: str) -> str:
        return self.url(lang, self.section(lang, taxonomy), self.term_slug(lang, taxonomy, term))

    def library_url(self, lang: str, type_: str) -> str:
        return self.url(lang, self.section(lang, type_))

    def facet_url(self, lang: str, facet: str, value: str) -> str:
        """A finder page: its facet's folder and the value, in the page's language."""
        taxonomy = FACET_TAXONOMY[facet]
        return self.url(lang, self.section(lang, "measure"), self.section(lang, facet),
                        self.term_slug(lang, taxonomy, value))

    def search_index_url(self, lang: str) -> str:
        """The folder of a language's exported search index (written by search_index)."""
        return f"{self.siteurl}/search/{lang}/"

    @staticmethod
    def output_path(url: str, siteurl: str = "") -> str:
        """The file a URL is served from: `/nl/x/` -> `nl/x/index.html`."""
        path = url[len(siteurl):].lstrip("/")
        return path + "index.html" if path.endswith("/") or not path else path

    # -- lookups ----------------------------------------------------------------------------
    @recorded
    def get(self, slug: str, lang: str) -> Item | None:
        return self._by_slug.get(slug, {}).get(lang)

    @recorded
    def translations(self, item: Item) -> dict[str, Item]:
        return self._by_slug.get(item.meta["slug"], {})

    @recorded
    def of_type(self, lang: str, type_: str) -> list[Item]:
        """Items of one type in one language, by title."""
        return self._by_type.get((lang, type_), [])

    @recorded
    def pages(self, lang: str) -> list[Item]:
        return self.of_type(lang, "page")

    @recorded
    def home(self, lang: str) -> Item | None:
        return next((p for p in self.pages(lang) if p.meta.get("template") == "home"), None)

    @recorded
    def hub_item(self, lang: str, taxonomy: str, term: str) -> Item | None:
        return next((h for h in self.of_type(lang, "hub")
                     if h.meta.get("taxonomy") == taxonomy and h.meta.get("term") == term),
                    None)

    @recorded
    def in_language(self, lang: str) -> list[Item]:
        """Every published item in one language (pages and hubs too)."""
        return [i for i in self.items if i.lang == lang]

    @recorded
    def newest(self, lang: str, types=ITEM_TYPES) -> list[Item]:
        found = [i for i in self.items if i.lang == lang and i.type in types]
        return sorted(found, key=lambda i: (i.meta["date"], i.meta["slug"]), reverse=True)

    # -- the funnel -------------------------------------------------------------------------
    @recorded
    def tagged(self, lang: str, key: str, term: str, types=ITEM_TYPES) -> list[Item]:
        """Items of these types whose field `key` holds `term`, by title."""
        return [i for i in self._tagged.get((lang, key, term), ()) if i.type in types]

    @recorded
    def facet_items(self, lang: str, facet: str, value: str) -> list[Item]:
        """Measures in the finder for one facet value, by title."""
        return self._facet_items.get((lang, facet, value), [])

    @recorded
    def hub_content(self, lang: str, taxonomy: str, term: str, type_: str):
        """(specific items, wider items): a hub never shows an empty list when the wider
        level (all sectors, all of Flanders, everyone) has something."""
        specific = self.tagged(lang, taxonomy, term, (type_,))
        general = [t.key for t in self.taxonomies.terms[taxonomy].values() if t.general]
        wider, seen = [], {id(i) for i in specific}  # identity: Item equality is slow
        if len(specific) < 3 and taxonomy != "audiences":
            for g in general:
                if g != term:
                    wider += [i for i in self.tagged(lang, taxonomy, g, (type_,))
                              if id(i) not in seen]
        return specific, wider

    @recorded
    def specific_terms(self, item: Item, taxonomy: str) -> list[str]:
        general = {t.key for t in self.taxonomies.terms[taxonomy].values() if t.general}
        return [t for t in _as_list(item.meta.get(taxonomy)) if t not in general]

    @recorded
    def combinations(self) -> list[tuple[str, str, str, str]]:
        """Funnel steps that combine two levels (employers × care, care × Ghent, ...), for
        every pair of specific terms that some item carries together. Sorted, in every
        language alike (shared metadata is the same in every translation)."""
        if self._combinations is None:
            self._combinations = self._find_combinations()
        return self._combinations

    def _find_combinations(self) -> list[tuple[str, str, str, str]]:
        # every sector in every region, with items or not: the last step of the funnel
        # (workers → care → Ghent) always exists and says what applies there
        found = {("sectors", s, "regions", r) for s in self._specific("sectors")
                 for r in self._specific("regions")}
        for item in self.items:
            if item.type not in ITEM_TYPES:
                continue
            for i, first in enumerate(FUNNEL):
                for second in FUNNEL[i + 1:]:
                    for a in self.specific_terms(item, first):
                        for b in self.specific_terms(item, second):
                            found.add((first, a, second, b))
        order = {tax: {k: n for n, k in enumerate(self.taxonomies.keys(tax))} for tax in FUNNEL}
        return sorted(found, key=lambda c: (FUNNEL.index(c[0]), order[c[0]][c[1]],
                                            FUNNEL.index(c[2]), order[c[2]][c[3]]))

    def _specific(self, taxonomy: str) -> list[str]:
        return [t.key for t in self.taxonomies.terms[taxonomy].values() if not t.general]

    def combination_url(self, lang: str, first: str, a: str, second: str, b: str) -> str:
        return self.url(lang, self.section(lang, first), self.term_slug(lang, first, a),
                        self.section(lang, second), self.term_slug(lang, second, b))

    @recorded
    def combination_content(self, lang, first, a, second, b, type_):
        """(items carrying both terms, wider items: those with the first term and the general
        value of the second (care in all of Flanders) and those with the general value of the
        first and the second term (every sector in Ghent; audiences have no general value)),
        each list by title."""
        first_items = self.tagged(lang, first, a, (type_,))
        with_b = self._ids(lang, second, b)
        both = [i for i in first_items if id(i) in with_b]
        wide_b = self._general_ids(lang, second)
        wider = [i for i in first_items if id(i) not in with_b and id(i) in wide_b]
        wide_a, seen = self._general_ids(lang, first), {id(i) for i in both + wider}
        wider += [i for i in self.tagged(lang, second, b, (type_,))
                  if id(i) in wide_a and id(i) not in seen]
        return both, sorted(wider, key=lambda i: (i.meta["title"].lower(), i.meta["slug"]))

    def _general_ids(self, lang: str, taxonomy: str) -> set[int]:
        return set().union(*(self._ids(lang, taxonomy, t.key)
                             for t in self.taxonomies.terms[taxonomy].values() if t.general))

    def _ids(self, lang: str, key: str, term: str) -> set[int]:
        """Identities of the items whose field `key` holds `term` (for fast intersections)."""
        found = self._tagged_ids.get((lang, key, term))
        if found is None:
            found = self._tagged_ids[(lang, key, term)] = \
                {id(i) for i in self._tagged.get((lang, key, term), ())}
        return found

    @recorded
    def combinations_of(self, taxonomy: str, term: str):
        """The combination steps below (or beside) one hub, as (other taxonomy, other term,
        combination tuple)."""
        out = []
        for combo in self.combinations():
            first, a, second, b = combo
            if (first, a) == (taxonomy, term):
                out.append((second, b, combo))
            elif (second, b) == (taxonomy, term):
                out.append((first, a, combo))
        return out

    def funnel_terms(self, taxonomy: str) -> list[str]:
        """Terms that get a hub page: all of them, general ones only for regions."""
        return [t.key for t in self.taxonomies.terms[taxonomy].values()
                if not t.general or taxonomy == "regions"]

    @recorded
    def has_facet(self, facet: str, value: str, lang: str) -> bool:
        """Whether the finder has a page for this value in this language: some measure of that
        language has it (no empty page for a value only an untranslated measure has), and not
        every one (a value all measures have would filter nothing)."""
        return (lang, facet, value) in self._facets

    def facet_values(self, facet_key: str) -> list[str]:
        return self.taxonomies.keys(FACET_TAXONOMY[facet_key])

    # -- relations --------------------------------------------------------------------------
    def _link_related(self) -> None:
        links: dict[str, set[str]] = defaultdict(set)
        for item in self.items:
            mine = item.meta["slug"]
            for ref in (item.meta.get("related") or []) + (item.meta.get("measures") or []):
                links[mine].add(ref)
                links[ref].add(mine)
        self._related = links

    @recorded
    def related(self, item: Item) -> list[Item]:
        """Related items in the item's language, both ways, measures first."""
        order = {"measure": 0, "case": 1, "story": 2}
        found = [self.get(slug, item.lang) for slug in self._related.get(item.meta["slug"], ())]
        found = [i for i in found if i is not None and i.type in ITEM_TYPES]
        if item.type == "measure":  # its cases have their own section on the measure page
            shown = {id(i) for i in self.cases_using(item)}
            found = [i for i in found if id(i) not in shown]
        return sorted(found, key=lambda i: (order[i.type], i.meta["title"].lower()))

    @recorded
    def cases_using(self, measure: Item) -> list[Item]:
        return self._cases_using.get((measure.lang, measure.meta["slug"]), [])

    # -- labels ------------------------------------------------------------------------------
    def label(self, taxonomy: str, key: str, lang: str) -> str:
        return self.taxonomies.label(taxonomy, key, lang)

    # -- organisations (content/_data/organisations.toml) ------------------------------------
    def organisation(self, key: str):
        """The register's entry (a Term: labels, and `about`, `kind`, `website` ... in extra)."""
        return organisations.register(self.taxonomies).get(key)

    def organisation_keys(self, lang: str) -> list[str]:
        """Every organisation of the register, by its name in `lang`."""
        found = organisations.register(self.taxonomies).values()
        return [t.key for t in sorted(found, key=lambda t: (t.label(lang).lower(), t.key))]

    def organisations_named(self, item: Item) -> list[str]:
        """The organisations an item's header names (texts, then its parties), each once."""
        return organisations.named(item.meta, self.taxonomies)

    @recorded
    def naming(self, lang: str, key: str) -> list[Item]:
        """The items of one language that name an organisation (header or text), by title."""
        return self._naming.get((lang, key), [])
