"""The authors' field reference, generated from the schema and the taxonomies.

`invoke docs` writes it to docs/authors/fields.md; a test fails when the committed file
differs, so the documentation cannot drift from the model.
"""

from __future__ import annotations

from . import schema
from .taxonomy import Taxonomies

TYPE_NAMES = {"measure": "measure (maatregel)", "case": "case (praktijkvoorbeeld)",
              "story": "story (verhaal)", "hub": "hub (funnel page)", "page": "page"}
#: Every field explained in Dutch, for the authors' guide and the comments of `invoke new`.
#: A test fails when a field of the schema has no Dutch description here.
DUTCH = {
    "Title": "De titel, in de taal van het bestand.",
    "Slug": "Het laatste deel van het webadres van deze pagina, in de taal van het bestand: "
            "kleine letters, cijfers en koppeltekens. Leeg: de bestandsnaam. De bestandsnaam "
            "is de naam van het item: elke vertaling heeft dezelfde bestandsnaam, in de map "
            "van haar taal.",
    "Lang": "De taal van het bestand: nl, fr of en. Moet kloppen met de map.",
    "Type": "Het soort inhoud: measure, case, story, hub of page. Moet kloppen met de map.",
    "Date": "Publicatiedatum (JJJJ-MM-DD). Een datum in de toekomst: het item verschijnt bij "
            "de eerste build op of na die dag.",
    "Modified": "Datum van de laatste echte wijziging (JJJJ-MM-DD). Wordt getoond als 'laatst "
                "bijgewerkt'.",
    "Summary": "Eén of twee eenvoudige zinnen over waar het item over gaat. Staat in lijsten, "
               "zoekresultaten, feeds en voorbeelden van links.",
    "Status": "published (standaard) of draft. Een concept (draft) wordt nooit gepubliceerd; "
              "`make serve` toont het wel.",
    "Expires": "Na deze datum (JJJJ-MM-DD) verdwijnt het item van de site, voor tijdelijke "
               "initiatieven.",
    "Changed": "Een inhoudelijke wijziging die lezers moeten kennen: de dag en één regel in de "
               "taal van het bestand over wat er veranderde (`JJJJ-MM-DD — wat veranderde`). "
               "De pagina toont ze als 'laatst bijgewerkt' met die regel; een latere wijziging "
               "vervangt ze. Een tikfout verbeteren is geen wijziging.",
    "Owner": "Wie het item juist houdt: een team of een functie (geen e-mailadres van een "
             "persoon). Mag leeg blijven; items zonder eigenaar staan in de lijsten voor de "
             "redactie (`invoke translations`, de statuspagina).",
    "Review-By": "De dag (JJJJ-MM-DD) waarop iemand het item uiterlijk opnieuw leest. Leeg: "
                 "één jaar na de laatste wijziging (Changed, Modified) of na Date. Items "
                 "waarvan die dag voorbij is, staan in de lijsten voor de redactie.",
    "Audiences": "Voor wie het item is.",
    "Sectors": "Over welke sectoren het gaat; `alle-sectoren` als het voor elke sector geldt.",
    "Regions": "Over welke regio's het gaat; `vlaanderen` als het overal in Vlaanderen geldt.",
    "Sources": "De documenten waar de feiten uit komen (sleutels uit "
               "content/_data/sources.toml).",
    "Related": "Namen (bestandsnamen zonder .md) van verwante maatregelen, "
               "praktijkvoorbeelden en verhalen. De links worden in beide richtingen getoond.",
    "Duration": "Dimensie: tijdelijk of structureel.",
    "Approach": "Dimensie: reactief (nadat een verandering toeslaat) of proactief (ervoor).",
    "Focus": "Dimensie: gericht op werknemers, werkgevers of beide.",
    "Parties": "Dimensie: de betrokken partijen.",
    "Support": "Dimensie: opleiding, begeleiding en/of transitie (één of meer).",
    "Target-Groups": "Dimensie: `algemeen` (iedereen) of één of meer specifieke groepen.",
    "Level": "Wie de maatregel organiseert: federaal, Vlaams, sectoraal, lokaal of binnen de "
             "organisatie.",
    "Provider": "Wie de maatregel aanbiedt, in de taal van het bestand. Een organisatie uit het "
                "register (content/_data/organisations.toml) noem je met `{org}sleutel`: de "
                "pagina toont haar naam en linkt naar haar fiche en website.",
    "Organisation": "De organisatie achter het praktijkvoorbeeld, met `{org}sleutel` (een "
                    "sleutel uit content/_data/organisations.toml).",
    "Partners": "De partners in het praktijkvoorbeeld; organisaties uit het register met "
                "`{org}sleutel`.",
    "Measures": "Namen (bestandsnamen zonder .md) van de maatregelen die het "
                "praktijkvoorbeeld gebruikt.",
    "Period": "Wanneer het praktijkvoorbeeld liep, zoals de bron het zegt.",
    "Contact": "Bij wie je terechtkunt over het praktijkvoorbeeld: organisaties uit het "
               "register met `{org}sleutel` (hun website komt uit het register).",
    "Kind": "Het soort verhaal.",
    "Taxonomy": "Bij welk niveau van de trechter de hub hoort.",
    "Term": "De waarde waar de hub over gaat (een sleutel uit die lijst).",
    "Template": "Hoe een pagina eruitziet: page (standaard), home of sources.",
    "Source-Hash": "Staat op een vertaling, gezet door `invoke new --translate` en `invoke "
                   "translations --mark`: de vingerafdruk van de Nederlandse tekst waaruit "
                   "vertaald is. Zo ziet `invoke translations` welke vertalingen verouderd zijn.",
}
DUTCH_KIND = {
    "text": "tekst", "slug": "slug", "lang": "taalcode", "type": "soort inhoud",
    "date": "datum JJJJ-MM-DD", "choice": "één van de woorden hieronder",
    "term": "één waarde uit de lijst", "terms": "één of meer waarden, gescheiden door komma's",
    "refs": "één of meer slugs van andere items, gescheiden door komma's",
    "change": "datum JJJJ-MM-DD, een streepje en één regel",
}
KIND_TEXT = {
    "text": "text", "slug": "slug", "lang": "language code", "type": "content type",
    "date": "date (YYYY-MM-DD)", "choice": "one of the listed words",
    "term": "one value from the list", "terms": "one or more values, separated by commas",
    "refs": "one or more slugs of other items, separated by commas",
    "change": "date (YYYY-MM-DD), a dash and one line",
}


#: Examples that depend on the type (the schema's own example serves the rest): each table of
#: fields.md shows a header that could be that type's.
TYPE_EXAMPLES = {
    "case": {"title": "Overstap in de Gentse haven", "address": "overstap-in-de-gentse-haven",
             "summary": "Wie het project opzette, voor wie, en wat het opleverde."},
    "story": {"title": "Van de bouw naar de zorg", "address": "van-de-bouw-naar-de-zorg",
              "summary": "Een werknemer vertelt hoe de overstap naar een nieuwe job verliep."},
    "hub": {"title": "Gent", "address": "gent",
            "summary": "Wat er in Gent bestaat om van job te veranderen, en bij wie je "
                       "terechtkunt."},
    "page": {"title": "Over Overstap", "address": "over-overstap",
             "summary": "Wie achter dit portaal zit en waarom het bestaat."},
}


def example(fld: schema.Field, type_: str) -> str:
    """The example of `fld` in the table of `type_`."""
    if fld.key == "type":
        return type_
    return TYPE_EXAMPLES.get(type_, {}).get(fld.key, fld.example)


def _values(fld: schema.Field, taxonomies: Taxonomies) -> str:
    if fld.choices:
        return ", ".join(f"`{c}`" for c in fld.choices)
    if fld.taxonomy:
        terms = taxonomies.terms.get(fld.taxonomy, {})
        return ", ".join(f"`{k}` ({t.label('nl')})" for k, t in terms.items())
    return ""


def _organisations(taxonomies: Taxonomies) -> str:
    terms = taxonomies.terms.get("organisations", {})
    return ", ".join(f"`{k}` ({t.label('nl')})" for k, t in terms.items()) or "none"


def field_reference(taxonomies: Taxonomies) -> str:
    out = ["# Fields: every header line an item can have",
           "",
           "<!-- Generated from plugins/content_model/schema.py and content/_data/ by "
           "`invoke docs`. Do not edit by hand. -->",
           "",
           "Every content file starts with a header of `Field: value` lines, then one blank "
           "line, then the text in Markdown. Lists are separated by commas. Fields marked "
           "*shared* must be the same in every translation of an item (copy them from the "
           "Dutch file); the others are written in the file's own language.",
           "",
           "*Nederlands:* elk bestand begint met regels `Veld: waarde`, dan één lege regel, "
           "dan de tekst in Markdown. Lijsten scheid je met komma's. Velden met *shared* zijn "
           "in elke vertaling gelijk (kopieer ze uit het Nederlandse bestand); de andere schrijf "
           "je in de taal van het bestand. `invoke new` maakt een bestand met alle velden.",
           ""]
    for type_ in schema.TYPES:
        out += [f"## {TYPE_NAMES[type_]}", "",
                f"Files live in `content/{schema.TYPES[type_]}/<lang>/<name>.md`.", "",
                "| Field | Required | Kind | Example |", "| --- | --- | --- | --- |"]
        for fld in schema.fields_for(type_):
            required = "yes" if fld.required else "no"
            kind = KIND_TEXT[fld.kind] + (", shared" if fld.shared else "")
            out.append(f"| `{fld.name}` | {required} | {kind} | `{example(fld, type_)}` |")
        out.append("")
    out += ["## Organisaties / Organisations", "",
            "*Nederlands:* `Provider`, `Organisation`, `Partners` en `Contact` noemen een "
            "organisatie met `{org}sleutel` (de naam uit het register) of "
            "`[woorden]({org}sleutel)`; in de tekst schrijf je `[VDAB]({org}vdab)`. De sleutels "
            "staan in `content/_data/organisations.toml`; een sleutel die daar niet staat, is een "
            "fout (`organisation-unknown`). Een organisatie toevoegen: zie README.md, "
            "\"Organisaties\".",
            "",
            "`Provider`, `Organisation`, `Partners` and `Contact` name an organisation with "
            "`{org}key` (the register's name) or `[words]({org}key)`; in the text, write "
            "`[VDAB]({org}vdab)`. The keys are those of `content/_data/organisations.toml`; a key "
            "it lacks is an error (`organisation-unknown`). Registered organisations: "
            + _organisations(taxonomies) + ".", ""]
    out += ["## What each field means", ""]
    for fld in schema.FIELDS:
        types = ", ".join(fld.types) if fld.types != schema.ALL else "every type"
        out += [f"### {fld.name}", "", fld.doc, "", f"*Nederlands:* {DUTCH[fld.name]}", "",
                f"- Used on: {types}."]
        if fld.max_length:
            out.append(f"- At most {fld.max_length} characters.")
        values = _values(fld, taxonomies)
        if values:
            out.append(f"- Allowed values: {values}.")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
