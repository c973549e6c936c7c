"""The authors' guide is complete: every field in Dutch too, every command, every message."""

from __future__ import annotations

import re

import pytest

from content_model import FIELDS
from content_model.reference import DUTCH
from tests.support import ROOT

AUTHORS = ROOT / "docs" / "authors"
GUIDES = {"nl": AUTHORS / "README.md", "en": AUTHORS / "writing.en.md"}
#: What an author types, from the first time to publishing.
COMMANDS = ["make build", "source .venv/bin/activate", "invoke new --type case",
            "invoke new --translate", "make serve", "invoke check --only", "invoke check --strict",
            "invoke translations", "invoke translations --mark", "Status: draft", "Expires:",
            "content/images/", "/nl/redactie/vertalingen/", "invoke new --type source",
            "OVERSTAP_AUTHOR_LANG"]
#: The field of every problem the checks report, as the table "what each message means" shows.
MESSAGES = ["is missing", "is empty", "is not an allowed value", "is not a known field",
            "is not a date", "the limit is", "this header line is not",
            "Slug: is empty: the address of this page would be the file name",
            "is already used by", "differs from the Dutch version", "no nl item is named",
            "is not the name of any item", "points to no item", "has no … version",
            "image: … has no alt text", "there is no file", "heading: a level-1 heading",
            "heading: jumps from level", "has no text", "is not a page of the portal",
            "is not a full address", "needs two slashes", "contains a space",
            "is a page in another language", "expired on", "expires on", "is draft",
            "is published only from", "Summary: has 3 sentences", "still the nl text",
            "the item has no text", "plain language", "html:", "is not UTF-8",
            "is not in a content folder", "Nothing was published"]


def test_every_field_is_explained_in_dutch():
    assert set(DUTCH) == {f.name for f in FIELDS}
    fields = (AUTHORS / "fields.md").read_text("utf-8")
    for fld in FIELDS:
        assert f"*Nederlands:* {DUTCH[fld.name]}" in fields, f"{fld.name}: run `invoke docs`"


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guide_names_every_step(lang):
    text = GUIDES[lang].read_text("utf-8")
    for command in COMMANDS:
        assert command in text, f"{GUIDES[lang].name} does not mention `{command}`"


#: The Dutch guide quotes the messages as authors read them (Dutch, the default): a code and
#: the start of its Dutch text, each a piece of the Dutch catalog's translation.
DUTCH_MESSAGES = {
    "field-missing": "ontbreekt", "field-empty": "is leeg",
    "term-unknown": "is geen toegelaten waarde", "field-unknown": "is geen bekend veld",
    "date-format": "is geen datum in de vorm JJJJ-MM-DD",
    "date-impossible": "bestaat niet in de kalender", "too-long": "tekens lang, het maximum is",
    "header-line": "deze regel in de kop is niet",
    "address-missing": "is leeg: het adres van deze pagina zou de bestandsnaam",
    "name-duplicate": "wordt al gebruikt door",
    "translation-differs": "verschilt van de Nederlandse versie",
    "translation-without-source": "geen enkel item in het",
    "ref-unknown": "verwijst naar geen enkel item", "ref-no-language": "heeft geen versie in het",
    "image-no-alt": "heeft geen alt-tekst", "image-missing": "er is geen bestand",
    "heading-level-1": "een kop van niveau 1", "heading-jump": "springt van niveau",
    "section-empty": "heeft geen tekst", "link-no-page": "is geen pagina van het portaal",
    "link-not-full": "is geen volledig adres",
    "link-other-language": "is een pagina in een andere taal",
    "target-unpublished": "wordt pas gepubliceerd vanaf", "summary-sentences": "zinnen",
    "text-untranslated": "deze alinea is nog de tekst in het",
    "text-empty": "het item heeft geen tekst",
    "html": "is niet toegelaten", "not-utf8": "het bestand is geen UTF-8-tekst",
    "file-outside-folders": "staat niet in een map voor inhoud",
    "date-order": "valt vóór de publicatiedatum",
}


def test_the_english_guide_explains_every_message():
    table = GUIDES["en"].read_text("utf-8")
    for message in MESSAGES:
        assert message in table, f"{GUIDES['en'].name} does not explain `{message}`"


def test_the_dutch_guide_explains_every_message_in_dutch():
    """Each row of the Dutch table names a code the checks have and quotes the Dutch text
    authors see: the fragment is in the guide's row of that code and in the Dutch catalog."""
    from babel.messages.pofile import read_po

    guide = GUIDES["nl"].read_text("utf-8")
    rows = {code: line for line in guide.splitlines() if line.startswith("| `")
            for code in re.findall(r"`([a-z0-9*-]+)`", line.split("|")[1])}
    po = ROOT / "plugins" / "content_model" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        dutch = [re.sub(r"\{[^}]*\}", "…", m.string) for m in read_po(fh) if m.id]
    codes = set()
    for path in (ROOT / "plugins").rglob("*.py"):
        codes |= set(re.findall(r'"([a-z0-9]+(?:-[a-z0-9]+)+|html|terminology)"', path.read_text()))
    for code in rows:
        assert code in codes or code.endswith("*"), f"the guide names an unknown code `{code}`"
    for code, fragment in DUTCH_MESSAGES.items():
        assert code in rows, f"README.md's table has no row for `{code}`"
        assert fragment in rows[code], f"the row of `{code}` does not quote “{fragment}”"
        assert any(fragment in text for text in dutch), f"“{fragment}” is no Dutch message"
    assert "Er werd niets gepubliceerd" in guide


def test_links_between_the_authors_pages_work():
    for page in AUTHORS.glob("*.md"):
        text = page.read_text("utf-8")
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", text):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
        anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
        for anchor in re.findall(r"\]\(#([^)]+)\)", text):
            assert anchor in anchors, f"{page.name}: no heading for #{anchor}"


def _anchor(heading: str) -> str:
    """The id GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _tables(fields_doc: str) -> dict[str, list[tuple[str, str]]]:
    """fields.md's table per type: [(field, example)]."""
    tables, current = {}, None
    for line in fields_doc.splitlines():
        if line.startswith("## "):
            current = line[3:].split(" ")[0]
        elif current and line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            tables.setdefault(current, []).append((cells[0].strip("`"), cells[3][1:-1]))
    return tables


def test_every_table_of_fields_md_is_a_header_the_checker_accepts(tmp_path):
    """The examples of each type's table, written as one file's header, are read without a
    problem: the type is that type, and no example is one the checks refuse."""
    from content_model import schema
    from content_model.reader import read_file
    from content_model.taxonomy import load_taxonomies

    taxonomies, problems = load_taxonomies(ROOT / "content" / "_data", ["nl", "fr", "en"], ROOT)
    assert problems == []
    tables = _tables((AUTHORS / "fields.md").read_text("utf-8"))
    assert set(schema.TYPES) <= set(tables)
    titles = set()
    for type_, folder in schema.TYPES.items():
        rows = dict(tables[type_])
        assert rows["Type"] == type_
        titles.add(rows["Title"])
        header = "".join(f"{name}: {value}\n" for name, value in tables[type_]
                         if name not in ("Source-Hash", "Status", "Expires"))
        path = tmp_path / "content" / folder / "nl" / f"{rows.get('Slug') or 'x'}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + "\nTekst.\n", "utf-8")
        found = []
        read_file(path, tmp_path, tmp_path / "content", taxonomies, ["nl", "fr", "en"], found)
        assert [p.format("en") for p in found] == [], type_
    assert len(titles) == len(schema.TYPES), "each type's table has its own example title"
