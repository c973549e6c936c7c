"""The authors' field reference, generated from the schema and the taxonomies.

`invoke docs` writes it to docs/authors/fields.md; a test fails when the committed file
differs, so the documentation cannot drift from the model.
"""

from __future__ import annotations

from . import schema
from .taxonomy import Taxonomies

TYPE_NAMES = {"measure": "measure (maatregel)", "case": "case (praktijkvoorbeeld)",
              "story": "story (verhaal)", "hub": "hub (funnel page)", "page": "page"}
KIND_TEXT = {
    "text": "text", "slug": "slug", "lang": "language code", "type": "content type",
    "date": "date (YYYY-MM-DD)", "choice": "one of the listed words",
    "term": "one value from the list", "terms": "one or more values, separated by commas",
    "refs": "one or more slugs of other items, separated by commas",
}


def _values(fld: schema.Field, taxonomies: Taxonomies) -> str:
    if fld.choices:
        return ", ".join(f"`{c}`" for c in fld.choices)
    if fld.taxonomy:
        terms = taxonomies.terms.get(fld.taxonomy, {})
        return ", ".join(f"`{k}` ({t.label('nl')})" for k, t in terms.items())
    return ""


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
           ""]
    for type_ in schema.TYPES:
        out += [f"## {TYPE_NAMES[type_]}", "",
                f"Files live in `content/{schema.TYPES[type_]}/<lang>/<name>.md`.", "",
                "| Field | Required | Kind | Example |", "| --- | --- | --- | --- |"]
        for fld in schema.fields_for(type_):
            required = "yes" if fld.required else "no"
            kind = KIND_TEXT[fld.kind] + (", shared" if fld.shared else "")
            out.append(f"| `{fld.name}` | {required} | {kind} | `{fld.example}` |")
        out.append("")
    out += ["## What each field means", ""]
    for fld in schema.FIELDS:
        types = ", ".join(fld.types) if fld.types != schema.ALL else "every type"
        out += [f"### {fld.name}", "", fld.doc, "", f"- Used on: {types}."]
        if fld.max_length:
            out.append(f"- At most {fld.max_length} characters.")
        values = _values(fld, taxonomies)
        if values:
            out.append(f"- Allowed values: {values}.")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
