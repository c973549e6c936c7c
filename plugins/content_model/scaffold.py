"""`invoke new`: a new content file with every field of its type, explained in a comment.

A new item starts as a draft with its required fields empty, so `invoke check` lists what is
left to fill in. A translation (`--translate SLUG --lang fr`) copies the shared fields from
the Dutch file as written, records the fingerprint of the Dutch text it starts from
(Source-Hash) and starts from the Dutch text, to be translated in place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import schema
from .messages import msg
from .reader import Item, split_header
from .reference import DUTCH, DUTCH_KIND
from .taxonomy import Taxonomies, slugify
from .translations import source_hash, text_fields, without_comments

#: Section headings a new item starts with, as the portal's items use them.
SECTIONS = {
    ("measure", "nl"): ["Wat is het?", "Voor wie?", "Hoe werkt het?", "Wie biedt het aan?",
                        "Wat kun je nu doen?"],
    ("measure", "fr"): ["De quoi s'agit-il ?", "Pour qui ?", "Comment ça marche ?",
                        "Qui le propose ?", "Que pouvez-vous faire maintenant ?"],
    ("measure", "en"): ["What is it?", "Who is it for?", "How does it work?", "Who offers it?",
                        "What can you do next?"],
    ("case", "nl"): ["De organisatie en haar partners", "Wat gebeurde er?",
                     "Wat leverde het op?",
                     "Wat leert dit voorbeeld, en wat betekent het voor jou?"],
    ("case", "fr"): ["L'organisation et ses partenaires", "Ce qui s'est passé", "Les résultats",
                     "Ce que cet exemple enseigne, et ce qu'il signifie pour vous"],
    ("case", "en"): ["The organisation and its partners", "What happened", "What came of it",
                     "What this example teaches, and what it means for you"],
}
#: Fields `invoke new` fills in itself.
FILLED = ("title", "address", "lang", "type", "date", "status", "source_hash")


class ScaffoldError(Exception):
    """A request `invoke new` cannot carry out; the message says what to do (a `Msg`:
    `messages.say(exc.args[0])` in the author's language)."""


def new_item(content_dir: Path, type_: str, lang: str, title: str, taxonomies: Taxonomies,
             langs, default_lang: str, today: dt.date) -> Path:
    """Write a new draft item; return its path."""
    _require(type_ in schema.TYPES, msg("`{type}` is not a content type", type=type_),
             msg("use one of: {types}", types=", ".join(schema.TYPES)))
    _require(lang in langs, msg("`{lang}` is not a language of the portal", lang=lang),
             msg("use one of: {langs}", langs=", ".join(langs)))
    _require(lang == default_lang, msg("a new item starts in {default}, the source language",
                                       default=default_lang),
             msg("write it in {default} first, then start the translation with `invoke new "
                 "--translate SLUG --lang {lang}`", default=default_lang, lang=lang))
    _require(bool(slugify(title)), msg("the title is empty"), msg('give one: --title "..."'))
    slug = slugify(title)
    values = {"title": title, "address": slug, "lang": lang, "type": type_,
              "date": today.isoformat(), "status": "draft"}
    fields = [f for f in schema.fields_for(type_) if f.key != "source_hash"]
    text = _header(fields, values) + "\n" + _comment(fields, taxonomies)
    return _write(content_dir / schema.TYPES[type_] / lang / f"{slug}.md",
                  text + _sections(type_, lang))


def new_translation(content_dir: Path, source: Item, lang: str, title: str,
                    taxonomies: Taxonomies, today: dt.date) -> Path:
    """Write a draft translation of `source` into `lang`; return its path."""
    raw = {schema.field(name).key: value for _, name, value in
           split_header(source_text(content_dir.parent, source), source.path, [])[0]
           if schema.field(name)}
    values = {key: raw.get(key, "") for key in (f.key for f in schema.fields_for(source.type)
                                                 if f.shared)}
    values.update({"title": title, "lang": lang, "status": "draft", "address": slugify(title),
                   "source_hash": source_hash(source)})
    fields = schema.fields_for(source.type)
    text = (_header(fields, values) + "\n" + _translation_comment(source, lang)
            + without_comments(source.body).rstrip("\n") + "\n")  # its notes are for its author
    # the same file name as the original: that is what pairs them (and what web editors do)
    return _write(content_dir / schema.TYPES[source.type] / lang / f"{source.meta['slug']}.md",
                  text)


def source_text(root: Path, item: Item) -> str:
    return (root / item.path).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def _require(ok: bool, message: str, hint: str) -> None:
    if not ok:
        raise ScaffoldError(msg("{message} — {hint}", message=message, hint=hint))


def _header(fields, values: dict) -> str:
    lines = [f"{f.name}: {values.get(f.key, '')}".rstrip() for f in fields]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> Path:
    _require(not path.exists(), msg("{path} already exists", path="/".join(path.parts[-4:])),
             msg("choose another title (--title), or edit the existing file"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")
    return path


def _comment(fields, taxonomies: Taxonomies) -> str:
    lines = ["<!--",
             "Nieuw item, gemaakt met `invoke new`. Dit commentaar komt niet op de site; haal",
             "het weg als je klaar bent. Uitleg: docs/authors/README.md.",
             "",
             "1. Vul de velden hierboven in: `invoke check` zegt welke nog leeg of fout zijn.",
             "2. Schrijf de tekst onder dit commentaar. Tussenkoppen beginnen met `## `.",
             "3. Bekijk het resultaat met `make serve` (concepten worden getoond).",
             "4. Klaar? Haal de regel `Status: draft` weg: dan wordt het item gepubliceerd."]
    lines += ["", "De velden (verplicht = moet ingevuld zijn):"]
    for fld in fields:
        if fld.key not in FILLED or fld.key == "address":
            lines += _field_lines(fld, taxonomies)
    return "\n".join(lines) + "\n-->\n"


def _field_lines(fld: schema.Field, taxonomies: Taxonomies) -> list[str]:
    need = "verplicht" if fld.required else "mag leeg blijven"
    lines = [f"- {fld.name} ({need}; {DUTCH_KIND[fld.kind]}): {DUTCH[fld.name]}"]
    if fld.max_length:
        lines.append(f"    Hoogstens {fld.max_length} tekens.")
    allowed = list(fld.choices) or (taxonomies.keys(fld.taxonomy) if fld.taxonomy else [])
    if allowed:
        lines.append(f"    Toegelaten: {', '.join(allowed)}")
    elif fld.example:
        lines.append(f"    Bijvoorbeeld: {fld.example}")
    return [line.replace("--", "- -") for line in lines]


def _sections(type_: str, lang: str) -> str:
    headings = SECTIONS.get((type_, lang), [])
    return "".join(f"\n## {heading}\n" for heading in headings)


def _translation_comment(source: Item, lang: str) -> str:
    lines = [f"Vertaling ({lang}) van {source.path}, gemaakt met `invoke new`. Dit commentaar",
             "komt niet op de site; haal het weg als je klaar bent.",
             "",
             "1. Vertaal de lege velden hierboven. De Nederlandse waarden:"]
    for fld in text_fields(source.type):
        value = source.meta.get(fld.key)
        if value:
            lines.append(f"     {fld.name}: {value}")
    if schema.FIELDS_BY_KEY["address"].applies_to(source.type):
        lines += ["   Slug: het webadres van deze pagina, in je taal (kleine letters, cijfers,",
                  "   koppeltekens), bijvoorbeeld de titel zonder lidwoorden."]
    lines += ["2. Vertaal de tekst hieronder (nu nog Nederlands); `invoke check` wijst",
              "   alinea's aan die nog Nederlands zijn.",
              "3. Laat de andere velden staan zoals ze zijn: ze zijn gelijk aan het Nederlands.",
              "4. Laat de bestandsnaam zoals ze is: gelijk aan het Nederlands.",
              "5. Klaar? Haal `Status: draft` weg. Verandert de Nederlandse tekst later, dan",
              "   meldt `invoke translations` deze vertaling als verouderd."]
    return "<!--\n" + "\n".join(ln.replace("--", "- -") for ln in lines) + "\n-->\n\n"
