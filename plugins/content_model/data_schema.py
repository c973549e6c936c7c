"""The data files of content/_data/, declared once.

For every data file: what one of its rows (tables) is, which keys a row may hold, which it must
hold, and what each key holds. The loader (taxonomy.py) checks every file against this
declaration and reports each mistake as `content/_data/x.toml:LINE: row.key: what is wrong —
what to do` with a stable code; the authors' guide (docs/authors/) describes the same keys (a
test keeps the two together).

Kinds of key:

- `labels`: one text per language of the portal (`nl = "..."`, `fr = "..."`, `en = "..."`);
- `slugs`: `slug.<lang> = "..."`, the value's address part in a language;
- `texts`: `<name>.<lang> = "..."`, a text per language (`definition.fr = "..."`); when the key
  is required, every language must have one;
- `text`: printable text, at most `max_length` characters;
- `integer`: a whole number from `minimum` to `maximum`;
- `boolean`: `true` or `false`;
- `reference`: a key (row) of the data file `refers_to` (`source = "ams-2021"`);
- `file`: the name of a data file that holds values (`values_from = "parties"`);
- `field`: the name of a header field of the content schema that holds values
  (`field = "Duration"`);
- `rows`: a table of rows, each checked against `row` (a dimension's `[duration.values.*]`);
- `website`: the https address of a home page (`https://www.vdab.be/`), nothing after the `/`;
- `choice`: one of the words in `choices`.

Every text is checked with content_model.text: printable text only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import later

#: The largest data file read (a data file holds keys and short labels).
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Key:
    """One key a row may hold."""

    name: str  # for `labels`: "<lang>"; for `slugs`: "slug"
    kind: str
    doc: str
    required: bool = False
    refers_to: str = ""  # reference: the data file (stem) whose row keys it names
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    example: str = ""
    row: Row | None = None  # rows: what each row of the table is
    choices: tuple[str, ...] = ()  # choice: the words allowed


@dataclass(frozen=True)
class Row:
    """What one row of a data file is (`[gent]` in regions.toml)."""

    what: str  # `a region`, for messages: "keys of a region: ..."
    keys: tuple[Key, ...]
    #: Exactly one of these keys (a dimension: `values` tables or `values_from`).
    one_of: tuple[str, ...] = ()
    #: When the row is not a table: what it should be, and how to write it ({key}: the row).
    shape: str = later("of labels")
    layout: str = later('write `[{key}]` followed by `nl = "..."` lines')

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


@dataclass(frozen=True)
class DataFile:
    name: str  # the file's stem: content/_data/<name>.toml
    role: str  # taxonomy (its rows are values of header fields), dimensions, or table
    doc: str
    row: Row
    required: bool = True  # a missing file is an error (else: no rows)


LABEL_LENGTH = 200

LABELS = Key("<lang>", "labels", "The label in every language of the portal (nl, fr, en).",
             required=True, max_length=LABEL_LENGTH, example="Label")
SLUGS = Key("slug", "slugs", "The value's address part in a language (`slug.fr = \"soins\"`); "
            "by default the key (nl) or the label made into an address part.", example="soins")
GENERAL = Key("general", "boolean", "`true` for the value that stands for all the others "
              "(`alle-sectoren`, `vlaanderen`, `algemeen`).", example="true")


def _term(what: str) -> Row:
    """A value of a taxonomy: labels, address parts, whether it is the general one."""
    return Row(what, (LABELS, SLUGS, GENERAL))


TERM = _term(later("a value"))

SOURCE = Row(later("a source"), (
    Key("reference", "text", "The full reference of the document, in its original language.",
        required=True, max_length=2000, example="Auteur, A. (2021). Titel. Uitgever."),
    Key("year", "integer", "The year the document appeared.", minimum=1800, maximum=2100,
        example="2021"),
    Key("<lang>", "labels", "What the document is, in every language.", required=True,
        max_length=LABEL_LENGTH, example="Onderzoeksrapport"),
    Key("url", "text", "The web address of an official public page (`https://...`).",
        max_length=500, example="https://www.vdab.be"),
    Key("verified", "boolean", "`false` for a page the editors have not yet read online: the "
        "sources page marks it \"to verify\" until an editor checks it and removes the line.",
        example="false"),
), shape=later("with `reference` and labels"),
    layout=later('write `[{key}]` followed by `reference = "..."` and `nl = "..."` lines'))

KEY_FIGURE = Row(later("a key figure"), (
    Key("value", "text", "The figure, shown as it is in every language.", required=True,
        max_length=20, example="55%"),
    Key("<lang>", "labels", "The words that complete the figure, in every language.",
        required=True, max_length=LABEL_LENGTH, example="van de werknemers ..."),
    Key("source", "reference", "The source that gives the figure (a key of sources.toml).",
        required=True, refers_to="sources", example="ams-2021"),
), shape=later("with `value`, labels and `source`"),
    layout=later('write `[{key}]` followed by `value = "..."`, `nl = "..."` ... and '
                 '`source = "..."` lines'))

DIMENSION = Row(later("a dimension"), (
    Key("field", "field", "The header field that holds the dimension's values.", required=True,
        example="Duration"),
    Key("<lang>", "labels", "The dimension's name, in every language.", required=True,
        max_length=LABEL_LENGTH, example="Duur"),
    Key("values", "rows", "The dimension's values, one `[dimension.values.key]` table each.",
        row=TERM),
    Key("values_from", "file", "Or: the data file that holds the values.", example="parties"),
), one_of=("values", "values_from"),
    shape=later("with `field`, labels and `[{key}.values.*]` tables"),
    layout=later("copy the layout of another dimension in the file"))

GLOSSARY_TERM = Row(later("a glossary term"), (
    Key("<lang>", "labels", "The term as readers meet it, in every language (the entry's "
        "name).", required=True, max_length=80, example="werkschakelpunt"),
    Key("definition", "texts", "What it means, in one or two plain sentences (B1), in every "
        "language: `definition.nl = \"...\"`.", required=True, max_length=400,
        example="Een plaats waar ..."),
    Key("forms", "texts", "The other forms in which the term appears in a text (plural, "
        "inflections), per language, separated by commas: `forms.nl = \"werkschakelpunten\"`.",
        max_length=400, example="werkschakelpunten"),
    Key("source", "reference", "The source that gives the facts of the definition, when the "
        "five documents of the research do not (a key of sources.toml).", refers_to="sources",
        example="vdab-loopbaancheques"),
), shape=later("with labels and `definition.<lang>`"),
    layout=later('write `[{key}]` followed by `nl = "..."` and `definition.nl = "..."` lines'))

NAME_RULE = Row(later("a name"), (
    Key("prefer", "texts", "The one form to write, per language: `prefer.fr = \"le VDAB\"`.",
        required=True, max_length=LABEL_LENGTH, example="VDAB"),
    Key("avoid", "texts", "The forms not to write, per language, separated by commas: "
        "`avoid.nl = \"de VDAB\"`.", max_length=LABEL_LENGTH, example="de VDAB"),
), shape=later("with `prefer.<lang>` and `avoid.<lang>`"),
    layout=later('write `[{key}]` followed by `prefer.nl = "..."` and `avoid.nl = "..."` lines'))

SECTOR_EVIDENCE = Row(later("a piece of sector evidence"), (
    Key("item", "text", "The item (its file name without .md) that carries the sector.",
        required=True, max_length=100, example="alimento"),
    Key("sector", "reference", "The sector it carries (a key of sectors.toml).", required=True,
        refers_to="sectors", example="voeding"),
    Key("source", "reference", "The source that says so (a key of sources.toml, also in the "
        "item's `Sources:`).", required=True, refers_to="sources", example="vov-webinar-2022"),
    Key("quote", "text", "The sentence of the source that says so, word for word; for a "
        "source with `verified = false`, the fact it is cited for.", required=True,
        max_length=500, example="Het sectorfonds Alimento dat loopbaanbegeleiding voorziet"),
), shape=later("with `item`, `sector`, `source` and `quote`"),
    layout=later('write `[{key}]` followed by `item = "..."`, `sector = "..."`, '
                 '`source = "..."` and `quote = "..."` lines'))

#: The kinds of organisation in the register (`kind = "..."`), labelled in the theme.
ORGANISATION_KINDS = ("overheid", "sectorfonds", "federatie", "bedrijf", "stad", "netwerk",
                      "initiatief", "onderwijs")
#: Whether an organisation still runs: `loopt` (as far as the editors know), `gestopt`, or
#: `tijdelijk` (a temporary initiative; the sources do not say whether it still runs).
ORGANISATION_STATUS = ("loopt", "gestopt", "tijdelijk")

ORGANISATION = Row(later("an organisation"), (
    Key("<lang>", "labels", "The organisation's name in every language, one spelling each.",
        required=True, max_length=LABEL_LENGTH, example="VDAB"),
    Key("about", "texts", "One line, in every language, on what the organisation does: "
        "`about.nl = \"...\"`, `about.fr = ...`, `about.en = ...`.", required=True,
        max_length=LABEL_LENGTH, example="De Vlaamse dienst voor werk en opleiding."),
    Key("kind", "choice", "What kind of organisation it is.", required=True,
        choices=ORGANISATION_KINDS, example="overheid"),
    Key("website", "website", "Its official home page, https only (`https://www.vdab.be/`). "
        "Leave the line out when you are not sure of the address.",
        example="https://www.vdab.be/"),
    Key("status", "choice", "`loopt` (it still runs), `gestopt` (it ended) or `tijdelijk` (a "
        "temporary initiative that may have ended).", required=True,
        choices=ORGANISATION_STATUS, example="loopt"),
    Key("note", "texts", "Optional: one line in every language on its status (`note.nl = "
        "\"...\"`), e.g. when it ended.", max_length=LABEL_LENGTH,
        example="Een tijdelijk initiatief uit de coronaperiode."),
    Key("instead", "reference", "For an initiative that stopped or may have stopped: the "
        "organisation to go to today (a key of this file).", refers_to="organisations",
        example="vdab"),
    Key("part_of", "reference", "For a local branch of a network in this file (one "
        "werkschakelpunt of the werkschakelpunten): the network's key. A page that names both "
        "shows only the local one.", refers_to="organisations", example="werkschakelpunten"),
    Key("verified", "boolean", "`true` once an editor has checked the website and the lines "
        "online; `false` (\"to verify\") until then. Listed on the editors' status page.",
        required=True, example="false"),
), shape=later("with labels, `about.<lang>`, `kind`, `status` and `verified`"),
    layout=later('write `[{key}]` followed by `nl = "..."`, `about.nl = "..."`, `kind = "..."`, '
           '`status = "loopt"` and `verified = false` lines (copy another organisation)'))

PARTY = Row(later("a party"), (LABELS, SLUGS, GENERAL, Key(
    "organisation", "reference", "When the party is one organisation of the register: its key "
    "(`organisation = \"vdab\"`); pages that name the party then link to it.",
    refers_to="organisations", example="vdab")))

FILES: tuple[DataFile, ...] = (
    DataFile("audiences", "taxonomy", "Who an item is for (`Audiences:`).",
             _term(later("an audience"))),
    DataFile("sectors", "taxonomy", "Sectors (`Sectors:`).", _term(later("a sector"))),
    DataFile("regions", "taxonomy", "Regions (`Regions:`).", _term(later("a region"))),
    DataFile("levels", "taxonomy", "Who organises a measure (`Level:`).", _term(later("a level"))),
    DataFile("parties", "taxonomy", "Parties involved (`Parties:`), a dimension.", PARTY),
    DataFile("target-groups", "taxonomy", "Target groups (`Target-Groups:`), a dimension.",
             _term(later("a target group"))),
    DataFile("story-kinds", "taxonomy", "Kinds of story (`Kind:`).",
             _term(later("a kind of story"))),
    DataFile("sources", "taxonomy", "Every document the content is based on (`Sources:`).",
             SOURCE),
    DataFile("dimensions", "dimensions", "The six dimensions of the research; four hold their "
             "values inline.", DIMENSION),
    DataFile("key-figures", "table", "The key figures on the home page.", KEY_FIGURE,
             required=False),
    DataFile("sector-evidence", "table", "For every sector an item carries (other than the "
             "general one): the source sentence that says so.", SECTOR_EVIDENCE,
             required=False),
    DataFile("glossary", "table", "The glossary: specialist words explained in every language "
             "(content_model/glossary.py).", GLOSSARY_TERM, required=False),
    DataFile("terminology", "table", "One spelling per name and language: the forms not to "
             "write and the one to write (`invoke check` warns).", NAME_RULE, required=False),
    DataFile("organisations", "taxonomy", "The organisations register: every organisation "
             "that `Organisation:`, `Contact:`, `Provider:`, a party (`organisation = ...` in "
             "parties.toml) or a text names with `{org}key`.", ORGANISATION, required=False),
)

BY_NAME: dict[str, DataFile] = {f.name: f for f in FILES}


def allowed_keys(row: Row, langs) -> list[str]:
    """The keys a row may hold, as an author writes them (`nl`, `fr`, `en`, `slug.fr` ...)."""
    names: list[str] = []
    for key in row.keys:
        if key.kind == "labels":
            names += list(langs)
        elif key.kind == "slugs":
            names += [f"slug.{lang}" for lang in langs]
        elif key.kind == "texts":
            names += [f"{key.name}.{lang}" for lang in langs]
        else:
            names.append(key.name)
    return names
