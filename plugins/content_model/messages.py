"""What the checks and the authoring commands tell authors, in the author's language.

Every text is written in English in the code, as `msg("`{value}` is not allowed",
value=raw)`; pybabel extracts the `msg(...)` calls (`invoke i18n.authors`) into
`content_model/translations/messages.pot`, translated in
`translations/<lang>/LC_MESSAGES/messages.po` (Dutch and French; English is the source).

A `Msg` is a `str`, the English text, so problems sort, compare, pickle and cache as before;
it keeps its template and values and is translated only when it is shown (`say`): a cached
problem is shown in whatever language the author chose. Values that are themselves `Msg`
(a reason, a kind of file) are translated too; other values (a file name, a field's value,
an example in the language of the file) are shown as they are.

The language: `OVERSTAP_AUTHOR_LANG` in the environment, else `AUTHOR_LANG` in the settings
(pelicanconf.py), else Dutch.
"""

from __future__ import annotations

import functools
import os
import re
import string
from pathlib import Path

from babel.messages.pofile import read_po

#: The languages authors can be answered in; the first is the default.
AUTHOR_LANGS = ("nl", "fr", "en")
#: The language the texts are written in, in the code.
SOURCE_LANG = "en"
ENV = "OVERSTAP_AUTHOR_LANG"
CATALOGS = Path(__file__).parent / "translations"
DOMAIN = "messages"


class Msg(str):
    """The English text of a message, which remembers how it was made."""

    template: str
    params: dict

    def __new__(cls, template: str, /, **params) -> Msg:
        self = super().__new__(cls, template.format(**params))
        self.template, self.params = template, params
        return self

    def __reduce__(self):
        return _rebuild, (str(self), self.template, self.params)


def _rebuild(text: str, template: str, params: dict) -> Msg:
    self = str.__new__(Msg, text)
    self.template, self.params = template, params
    return self


def msg(template: str, /, **params) -> Msg:
    """A text for authors: `template` in English with `{name}` for each value."""
    return Msg(template, **params)


def later(text: str) -> str:
    """Marks a text with `{name}` placeholders filled in later (`msg(text, name=...)`), for
    pybabel to extract: declarations such as `data_schema.Row` keep plain strings."""
    return text


def concat(*parts) -> Msg:
    """Texts one after the other (a suggestion, then a hint), each translated when shown."""
    names = [f"p{n}" for n in range(len(parts))]
    return Msg("".join(f"{{{name}}}" for name in names), **dict(zip(names, parts, strict=True)))


def author_lang(settings=None) -> str:
    """The language authors are answered in (see the module's docstring); without
    `settings`, the project's pelicanconf.py when it can be imported."""
    wanted = os.environ.get(ENV) or (settings.get("AUTHOR_LANG") if settings is not None
                                     else _configured()) or AUTHOR_LANGS[0]
    wanted = str(wanted).strip().lower()[:2]
    return wanted if wanted in AUTHOR_LANGS else AUTHOR_LANGS[0]


@functools.cache
def _configured() -> str:
    try:
        import pelicanconf
    except Exception:  # noqa: BLE001 - no project settings here: the default language
        return ""
    return getattr(pelicanconf, "AUTHOR_LANG", "")


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The translated texts of one language (none for English): msgid -> msgstr; fuzzy and
    untranslated entries are left out, so their English text is shown."""
    po = CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == SOURCE_LANG or not po.is_file():
        return {}
    with po.open("rb") as fh:
        entries = read_po(fh)
    return {m.id: m.string for m in entries if m.id and m.string and not m.fuzzy}


#: A language named in a message, in the author's language: "in het Frans", not "in het fr".
#: (English messages keep the codes: the tests and `--json` tools read the English text.)
LANGUAGE_NAMES = {"nl": {"nl": "Nederlands", "fr": "Frans", "en": "Engels"},
                  "fr": {"nl": "néerlandais", "fr": "français", "en": "anglais"}}
LANGUAGE_PARAMS = frozenset({"lang", "item_lang", "default", "default_lang", "source_lang"})


def _param(key: str, value, lang: str, template: str):
    if isinstance(value, Msg):
        return say(value, lang)
    # named, unless the sentence puts it in code (`invoke new --lang {lang}`: typed as it is)
    if key in LANGUAGE_PARAMS and isinstance(value, str) and not any(
            f"{{{key}}}" in code for code in re.findall(r"`[^`]*`", template)):
        return LANGUAGE_NAMES.get(lang, {}).get(value, value)
    return value


def say(text, lang: str | None = None) -> str:
    """`text` in the author's language (or `lang`); a plain string is looked up as it is."""
    if not isinstance(text, str):
        return text
    lang = lang or author_lang()
    table = catalog(lang)
    if not isinstance(text, Msg):
        return table.get(text, text)
    template = table.get(text.template, text.template)
    params = {k: _param(k, v, lang, template) for k, v in text.params.items()}
    try:
        return table.get(text.template, text.template).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
        return text.template.format(**params)


#: The names problems give to what is not a header field (the text, a link ...): shown
#: translated, kept in English in the data (tests and `--json` tools match them).
PLACES = (msg("text"), msg("link"), msg("image"), msg("heading"), msg("plain language"),
          msg("terminology"), msg("html"), msg("svg"))

#: Examples of text fields in the language of the file they are about (the schema's own
#: example, in Dutch, serves the other fields and Dutch files).
EXAMPLES = {
    ("title", "fr"): "Accompagnement de carrière",
    ("title", "en"): "Career guidance",
    ("summary", "fr"): "Un coach de carrière vous aide à voir vos talents et votre prochaine "
                       "étape.",
    ("summary", "en"): "A career coach helps you see your talents and your next step.",
    ("provider", "fr"): "{org}vdab et les centres d'accompagnement de carrière agréés",
    ("provider", "en"): "{org}vdab and recognised career guidance centres",
    ("partners", "fr"): "{org}vdab, des employeurs du secteur",
    ("partners", "en"): "{org}vdab, employers in the sector",
    ("period", "fr"): "depuis 2023",
    ("period", "en"): "since 2023",
    ("alt", "nl"): "Een loopbaancoach in gesprek",
    ("alt", "fr"): "Une coach de carrière en entretien",
    ("alt", "en"): "A career coach in conversation",
}


#: "a measure" ... for messages about a content type.
A_TYPE = {"measure": msg("a measure"), "case": msg("a case"), "story": msg("a story"),
          "hub": msg("a hub"), "page": msg("a page")}


def a_type(type_: str) -> str:
    """`a measure`, translated when shown; an unknown type as `a <type>`."""
    return A_TYPE.get(type_) or msg("a {type}", type=type_)


def example(field, lang: str) -> str:
    """The example of `field` (a `schema.Field`) in the language of the file."""
    return EXAMPLES.get((field.key, lang), field.example)


def placeholders(text: str) -> list[str]:
    """The `{name}` placeholders of a text, sorted (`{{` is a brace, not a placeholder)."""
    try:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text or "")
                      if name is not None)
    except ValueError:  # an unmatched brace
        return ["<unmatched brace>"]


def check_catalogs(langs=("nl", "fr")) -> list[str]:
    """Every message translated in `langs`, nothing fuzzy, placeholders intact (as the
    theme's catalogs, `portal/catalogs.py`)."""
    from portal.catalogs import check_catalogs as check

    return check(CATALOGS, CATALOGS / f"{DOMAIN}.pot", list(langs), placeholders,
                 "invoke i18n.authors")
