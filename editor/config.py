"""The web editor's configuration (Decap CMS), generated from the content model.

Nothing here is written by hand per field: every collection, field, widget, hint, required flag
and select option comes from `content_model.schema` (the fields, their kinds, docs and types),
the taxonomies in `content/_data/` (values and their labels in the editor's language) and the
content itself (the items `Related:` may name). See docs/dev/editor.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from content_model import schema
from content_model.reader import META_RE, split_header
from content_model.taxonomy import load_taxonomies

#: What the editor calls each type (Dutch, the communication teams' language).
TYPE_LABELS = {
    "measure": ("Maatregelen", "Maatregel"),
    "case": ("Praktijkvoorbeelden", "Praktijkvoorbeeld"),
    "story": ("Verhalen", "Verhaal"),
    "hub": ("Overzichtspagina's", "Overzichtspagina"),
    "page": ("Pagina's", "Pagina"),
}
#: Field labels in the editor (the header name stays the key the file is written with).
FIELD_LABELS = {
    "Title": "Titel", "Slug": "Adres (Slug)", "Lang": "Taal", "Type": "Type", "Date": "Datum",
    "Modified": "Laatst gewijzigd", "Summary": "Samenvatting", "Status": "Status",
    "Expires": "Vervalt op", "Audiences": "Doelgroepen", "Sectors": "Sectoren",
    "Regions": "Regio's", "Sources": "Bronnen", "Related": "Verwant", "Duration": "Duur",
    "Approach": "Aanpak", "Focus": "Focus", "Parties": "Betrokken partijen",
    "Support": "Ondersteuning", "Target-Groups": "Doelgroepen (dimensie)", "Level": "Niveau",
    "Provider": "Aanbieder", "Organisation": "Organisatie", "Partners": "Partners",
    "Measures": "Maatregelen", "Period": "Periode", "Contact": "Contact", "Kind": "Soort",
    "Taxonomy": "Taxonomie", "Term": "Waarde", "Template": "Sjabloon",
    "Changed": "Inhoudelijke wijziging", "Owner": "Beheerder", "Review-By": "Nalezen tegen",
}
#: Fields the editor does not show: set by tools (`invoke translations --mark`); kept as they
#: are in the file by the header format (editor/header.js).
HIDDEN = {"Source-Hash"}
#: Types whose items are made in the editor; hubs belong to their taxonomy value (`Term`).
CREATABLE = ("measure", "case", "story", "page")
#: The kinds of field with a widget of their own; any other kind is edited as one line of text
#: (tests/test_editor_config.py lists the schema's kinds that fall back to it).
KINDS = ("text", "slug", "lang", "type", "date", "choice", "term", "terms", "refs")
KEY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_FORMAT = "YYYY-MM-DD"
REFS_TYPES = schema.ITEM_TYPES


def _hint(fld: schema.Field) -> str:
    hint = fld.doc
    if fld.example and fld.kind not in ("date", "type", "lang"):
        hint += f" Voorbeeld: `{fld.example}`."
    return hint


def _options(taxonomies, name: str, lang: str, with_key: bool = False) -> list[dict]:
    terms = taxonomies.terms.get(name, {})
    return [{"label": f"{key}: {term.label(lang)}" if with_key else term.label(lang),
             "value": key} for key, term in terms.items()]


def _items(content_dir: Path, default_lang: str) -> list[dict]:
    """The items `Related:` may name: every measure, case and story of the default language,
    labelled with its title and kind."""
    found = []
    for type_ in REFS_TYPES:
        folder = content_dir / schema.TYPES[type_] / default_lang
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            entries, _, _ = split_header(path.read_text("utf-8", errors="replace"),
                                         path.name, [])
            title = next((v for _, n, v in entries if n.lower() == "title"), path.stem)
            found.append({"label": f"{title} ({TYPE_LABELS[type_][1].lower()})",
                          "value": path.stem})
    return sorted(found, key=lambda o: o["label"].lower())


def field_config(fld: schema.Field, type_: str, taxonomies, items, lang: str) -> dict:
    """One header field as a Decap field."""
    out: dict = {"name": fld.name, "label": FIELD_LABELS.get(fld.name, fld.name),
                 "hint": _hint(fld), "required": fld.required,
                 "i18n": "duplicate" if fld.shared else True}
    if fld.kind == "text":
        out["widget"] = "text" if (fld.max_length or 0) >= 200 else "string"
        if fld.max_length:
            out["pattern"] = [f"^[\\s\\S]{{0,{fld.max_length}}}$",
                              f"Hoogstens {fld.max_length} tekens."]
        if fld.name == "Term" and type_ == "hub":
            out["i18n"] = "duplicate"
    elif fld.kind == "slug":
        out.update(widget="string", pattern=[KEY_PATTERN, "Kleine letters, cijfers en "
                                             "koppeltekens, bv. `loopbaanbegeleiding`."])
        # the Dutch address is the item's file name (docs/dev/identity-and-addresses.md)
        out["required"] = True
        out["hint"] += (" In het Nederlands is dit ook de bestandsnaam van het item (en van "
                        "zijn vertalingen); in het Frans en Engels het adres in die taal.")
    elif fld.kind in ("lang", "type"):
        out.update(widget="overstap-fixed", value="{{locale}}" if fld.kind == "lang" else type_,
                   i18n=True if fld.kind == "lang" else "duplicate")
    elif fld.kind == "date":
        out.update(widget="datetime", format=DATE_FORMAT, date_format=DATE_FORMAT,
                   time_format=False, picker_utc=True)
        if not fld.required:
            out["default"] = ""
    elif fld.kind == "choice":
        out.update(widget="select", options=list(fld.choices))
    elif fld.kind in ("term", "terms"):
        out.update(widget="select", multiple=fld.kind == "terms",
                   options=_options(taxonomies, fld.taxonomy, lang,
                                    with_key=fld.taxonomy == "sources"))
    elif fld.kind == "refs" and fld.name == "Measures":
        out.update(widget="relation", collection="measures", value_field="{{slug}}",
                   search_fields=["Title"], display_fields=["Title"], multiple=True)
    elif fld.kind == "refs":
        out.update(widget="select", multiple=True, options=items)
    else:  # `change` (`Changed: YYYY-MM-DD — line`) and kinds added later: the text as written
        out["widget"] = "string"
    return out


def collection(type_: str, taxonomies, items, lang: str) -> dict:
    folder = schema.TYPES[type_]
    plural, singular = TYPE_LABELS[type_]
    fields = [field_config(f, type_, taxonomies, items, lang)
              for f in schema.fields_for(type_) if f.name not in HIDDEN]
    fields.append({"name": "body", "label": "Tekst", "widget": "markdown", "modes": ["raw"],
                   "i18n": True, "required": False,
                   "hint": "De tekst in Markdown (docs/authors/README.md). Links naar andere "
                           "items: `[tekst]({ref}naam)`; organisaties: `[tekst]({org}sleutel)`."})
    has_slug = schema.FIELDS_BY_KEY["address"].applies_to(type_)
    return {
        "name": folder, "label": plural, "label_singular": singular,
        "folder": f"content/{folder}", "extension": "md", "format": "overstap",
        "create": type_ in CREATABLE, "delete": False,
        "slug": "{{fields.Slug}}" if has_slug else "{{fields.Term}}",
        "identifier_field": "Title", "summary": "{{Title}}", "i18n": True,
        "sortable_fields": ["Title", "Date"],
        "fields": fields,
    }


def build(root: Path, lang: str = "nl", langs=("nl", "fr", "en"),
          proxy_url: str = "/api/v1") -> dict:
    """{"decap": the CMS configuration, "model": what editor/header.js needs}."""
    content_dir = root / "content"
    taxonomies, _ = load_taxonomies(content_dir / "_data", list(langs), root)
    items = _items(content_dir, langs[0])
    config = {
        "load_config_file": False,
        "backend": {"name": "proxy", "proxy_url": proxy_url, "branch": "main"},
        "locale": lang,
        "media_folder": "content/images",
        "public_folder": "/images",
        "i18n": {"structure": "multiple_folders", "locales": list(langs),
                 "default_locale": langs[0]},
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": [collection(t, taxonomies, items, lang) for t in schema.TYPES],
    }
    model = {"fields": [{"name": f.name, "list": f.is_list} for f in schema.FIELDS],
             "meta": META_RE.pattern}
    return {"decap": config, "model": model}


def main() -> None:  # python -m editor.config [root]: print the configuration
    import sys

    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    print(json.dumps(build(root), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
