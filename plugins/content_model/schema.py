"""The content model, declared once.

Every field an author can write in a Markdown header is declared here, with its kind, the
content types it belongs to, whether translations must agree on it, and a docstring. The
reader, the validator, the templates, the search schema, the feeds, `invoke new` and the
authors' field reference (docs/authors/fields.md) all read this declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

#: The content types, with the folder they live in under content/.
TYPES: dict[str, str] = {
    "measure": "measures",
    "case": "cases",
    "story": "stories",
    "hub": "hubs",
    "page": "pages",
}

#: Types that are public items, classified by audience, sector and region.
ITEM_TYPES = ("measure", "case", "story")

#: Types classified on the research's six dimensions.
DIMENSION_TYPES = ("measure", "case")

ALL = tuple(TYPES)


@dataclass(frozen=True, eq=False)
class Field:
    """One metadata field.

    kind is one of: text, slug, lang, type, date, status, term (one taxonomy value),
    terms (several taxonomy values), refs (names of other items), choice (one of `choices`),
    change (a date and one line: `Changed:`, content_model/upkeep.py).

    `attr` names the value in `item.meta` when it differs from the header name: the header
    `Slug:` is the page's address in its language (`meta["address"]`), while `meta["slug"]`
    is the item's name, the file name it shares with its translations (see
    docs/dev/identity-and-addresses.md).
    """

    name: str
    kind: str
    doc: str
    types: tuple[str, ...] = ALL
    required: bool = True
    shared: bool = True  # translations must carry the same value
    taxonomy: str | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    example: str = ""
    attr: str = ""
    #: The attribute name templates use: `Target-Groups` -> `target_groups`.
    key: str = dataclass_field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "key", self.attr or self.name.lower().replace("-", "_"))

    def applies_to(self, type_: str) -> bool:
        return type_ in self.types

    @property
    def is_list(self) -> bool:
        return self.kind in ("terms", "refs")


FIELDS: tuple[Field, ...] = (
    Field("Title", "text", "The title of the item, in the language of the file.", shared=False,
          max_length=120, example="Loopbaanbegeleiding"),
    Field("Slug", "slug", "The last part of this page's web address, in the language of the "
          "file: lowercase letters, digits and hyphens. Empty: the file name. The file name is "
          "the item's name: every translation has the same file name, in its own language "
          "folder.", types=("measure", "case", "story", "page"), required=False,
          shared=False, attr="address", example="loopbaanbegeleiding"),
    Field("Lang", "lang", "The language of the file: nl, fr or en. Must match the folder.",
          shared=False, example="nl"),
    Field("Type", "type", "The kind of content: measure, case, story, hub or page. Must match "
          "the folder.", example="measure"),
    Field("Date", "date", "Publication date, YYYY-MM-DD. An item dated in the future is "
          "published by the first build on or after that date.", example="2026-11-20"),
    Field("Modified", "date", "Date of the last real change, YYYY-MM-DD. Shown as 'last "
          "updated'.", required=False, shared=False, example="2026-11-21"),
    Field("Summary", "text", "One or two plain sentences that say what the item is about. Shown "
          "in lists, search results, feeds and link previews.", shared=False, max_length=200,
          example="Een loopbaancoach helpt je om je talenten en je volgende stap te zien."),
    Field("Status", "choice", "published (the default) or draft. A draft is never published; "
          "`make serve` shows it.", required=False, shared=False,
          choices=("published", "draft"), example="published"),
    Field("Expires", "date", "Date after which the item is no longer published, YYYY-MM-DD "
          "(for temporary initiatives).", required=False, example="2027-06-30"),
    Field("Changed", "change", "A change in substance readers should know of: the day and one "
          "line, in the language of the file, that says what changed (`YYYY-MM-DD — what "
          "changed`). The page shows it as 'last updated' with that line; a later change "
          "replaces it. A correction of a typo is not a change.", required=False,
          shared=False, example="2026-11-21 — De voorwaarden voor 2027 zijn toegevoegd."),
    Field("Owner", "text", "Who keeps the item correct: a team or a role (not a person's "
          "e-mail address). Optional; items without one are listed for the editors "
          "(`invoke translations`, the status page).", required=False, shared=False,
          max_length=100, example="Team loopbaanbeleid"),
    Field("Review-By", "date", "The day by which someone must read the item again, "
          "YYYY-MM-DD. Empty: one year after the last change (Changed, Modified) or "
          "the Date. Items past it are listed for the editors.", required=False,
          shared=False, example="2027-11-20"),
    Field("Audiences", "terms", "Who the item is for.", types=ITEM_TYPES,
          taxonomy="audiences", example="werkenden, werkgevers"),
    Field("Sectors", "terms", "The sectors the item is about; `alle-sectoren` when it applies "
          "to every sector.", types=ITEM_TYPES, taxonomy="sectors", example="alle-sectoren"),
    Field("Regions", "terms", "The regions the item is about; `vlaanderen` when it applies "
          "everywhere in Flanders.", types=ITEM_TYPES, taxonomy="regions",
          example="vlaanderen"),
    Field("Sources", "terms", "The documents the facts come from (keys of "
          "content/_data/sources.toml).", types=ITEM_TYPES, taxonomy="sources",
          example="ams-2021"),
    Field("Related", "refs", "Names (file names without .md) of related measures, cases and "
          "stories. Links are shown both ways.", types=ITEM_TYPES, required=False,
          example="opleiding, alimento"),
    Field("Duration", "term", "Dimension: temporary or structural.", types=DIMENSION_TYPES,
          taxonomy="duration", example="structureel"),
    Field("Approach", "term", "Dimension: reactive (after a change has hit) or proactive "
          "(before it does).", types=DIMENSION_TYPES, taxonomy="approach",
          example="proactief"),
    Field("Focus", "term", "Dimension: aimed at employees, employers or both.",
          types=DIMENSION_TYPES, taxonomy="focus", example="werknemers"),
    Field("Parties", "terms", "Dimension: the parties involved.", types=DIMENSION_TYPES,
          taxonomy="parties", example="werknemer, loopbaancoach, vdab"),
    Field("Support", "terms", "Dimension: training, guidance and/or transition (one or more).",
          types=DIMENSION_TYPES, taxonomy="support", example="begeleiding"),
    Field("Target-Groups", "terms", "Dimension: `algemeen` (everyone) or one or more specific "
          "groups.", types=DIMENSION_TYPES, taxonomy="target-groups", example="algemeen"),
    Field("Level", "terms", "Who organises the measure: federal, Flemish, sectoral, local or "
          "within the organisation.", types=("measure",), taxonomy="levels",
          example="vlaams"),
    Field("Provider", "text", "Who offers the measure, in the language of the file. Name an "
          "organisation of the register (content/_data/organisations.toml) with `{org}key`: "
          "the page shows its name and links to its entry and website.",
          types=("measure",), shared=False, max_length=200,
          example="{org}vdab en erkende loopbaancentra"),
    Field("Organisation", "text", "The organisation behind the case, named with `{org}key` "
          "(a key of content/_data/organisations.toml).", types=("case",),
          shared=False, max_length=200, example="{org}alimento"),
    Field("Partners", "text", "The partners in the case; organisations of the register with "
          "`{org}key`.", types=("case",), required=False,
          shared=False, max_length=300, example="{org}vdab, werkgevers uit de sector"),
    Field("Measures", "refs", "Names (file names without .md) of the measures the case uses.",
          types=("case",),
          example="loopbaanbegeleiding"),
    Field("Period", "text", "When the case ran, as the source gives it.", types=("case",),
          required=False, shared=False, max_length=100, example="sinds 2023"),
    Field("Contact", "text", "Who to contact about the case: organisations of the register "
          "with `{org}key` (their website comes from the register).", types=("case",),
          required=False, shared=False, max_length=300,
          example="{org}werkschakelpunt-gent"),
    Field("Kind", "term", "The kind of story.", types=("story",), taxonomy="story-kinds",
          example="interview"),
    Field("Taxonomy", "choice", "Which funnel level the hub belongs to.", types=("hub",),
          choices=("audiences", "sectors", "regions"), example="regions"),
    Field("Term", "text", "The taxonomy value the hub is about (a key of that taxonomy).",
          types=("hub",), example="gent"),
    Field("Template", "choice", "How a page is laid out: page (the default), home or sources.",
          types=("page",), required=False, choices=("page", "home", "sources"),
          example="page"),
    Field("Source-Hash", "text", "Set on a translation by `invoke translations --mark`: the "
          "fingerprint of the Dutch text it was translated from. Used to report stale "
          "translations.", required=False, shared=False, example="3fa2c1d9e0"),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name.lower(): f for f in FIELDS}
#: By the name the value has in `item.meta` (`target_groups`, `address`).
FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}


_FOR_TYPE: dict[str, list[Field]] = {t: [f for f in FIELDS if f.applies_to(t)] for t in TYPES}


def fields_for(type_: str) -> list[Field]:
    """The fields an item of this type may carry, in declaration order."""
    return _FOR_TYPE.get(type_, [])


def field(name: str) -> Field | None:
    """Look a field up by its header name, case-insensitively."""
    return FIELDS_BY_NAME.get(name.strip().lower())
