"""The glossary (content/_data/glossary.toml): specialist words explained in every language.

Read by the glossary page (an entry per term, alphabetical), by the renderer that links the
first use of each term on a page to its entry (portal/glossary_links.py), and by the plain
language check (a glossary term is explained, so it is not a "long word").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

DEFAULT_LANG = "nl"


def split_forms(text) -> tuple[str, ...]:
    """`"werkschakelpunten, werkschakelpunt"` -> its forms, in order, each once."""
    if not isinstance(text, str):
        return ()
    return tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))


def sort_key(text: str) -> str:
    """Alphabetical order as a reader expects it: case and accents do not count."""
    flat = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in flat if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Entry:
    key: str  # the row's key: the entry's anchor on the glossary page
    terms: dict  # lang -> the term
    definitions: dict  # lang -> its definition
    forms: dict  # lang -> other forms (tuple)
    source: str = ""

    def term(self, lang: str) -> str:
        return self.terms.get(lang) or self.terms.get(DEFAULT_LANG) or self.key

    def definition(self, lang: str) -> str:
        return self.definitions.get(lang) or self.definitions.get(DEFAULT_LANG) or ""

    def own_forms(self, lang: str) -> tuple[str, ...]:
        """The term and its forms in one language."""
        return tuple(dict.fromkeys((self.term(lang),) + tuple(self.forms.get(lang, ()))))

    def words(self, lang: str) -> list[tuple[str, str]]:
        """(form, language of the form) that stand for the term in a text of `lang`: its own
        forms, then the Dutch ones (French and English texts quote the Dutch word)."""
        own = self.own_forms(lang)
        found = [(form, lang) for form in own]
        if lang != DEFAULT_LANG:
            seen = {f.casefold() for f in own}
            found += [(f, DEFAULT_LANG) for f in self.own_forms(DEFAULT_LANG)
                      if f.casefold() not in seen]
        return found


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]

    @classmethod
    def from_data(cls, table) -> Glossary:
        """From the loaded data file (rows that are not tables are reported by the loader)."""
        entries = []
        for key, row in sorted((table or {}).items()):
            if not isinstance(row, dict):
                continue
            terms = {k: v for k, v in row.items() if isinstance(v, str) and k not in ("source",)}
            definitions = row.get("definition") if isinstance(row.get("definition"), dict) else {}
            forms = row.get("forms") if isinstance(row.get("forms"), dict) else {}
            entries.append(Entry(key, terms, {k: v for k, v in definitions.items()
                                              if isinstance(v, str)},
                                 {k: split_forms(v) for k, v in forms.items()},
                                 row.get("source") if isinstance(row.get("source"), str) else ""))
        return cls(tuple(entries))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def sorted_for(self, lang: str) -> list[Entry]:
        """The entries in the alphabetical order of their term in `lang`."""
        return sorted(self.entries, key=lambda e: (sort_key(e.term(lang)), e.key))

    def known_words(self, lang: str) -> frozenset[str]:
        """Every word of every form (lowercase) a text of `lang` may use for a term."""
        return frozenset(word.casefold() for entry in self.entries
                         for form, _ in entry.words(lang) for word in WORD_RE.findall(form))

    @cached_property
    def _patterns(self) -> dict:
        return {}

    def matcher(self, lang: str) -> Matcher:
        if lang not in self._patterns:
            self._patterns[lang] = Matcher(self, lang)
        return self._patterns[lang]


WORD_RE = re.compile(r"[^\W\d_]+")


def form_pattern(form: str) -> str:
    """A form as a pattern: its first letter in either case (the start of a sentence), any
    white space between words (a line break in the text), either apostrophe."""
    first, rest = form[:1], form[1:]
    head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]" if first.isalpha() \
        else re.escape(first)
    body = "".join(r"\s+" if ch.isspace() else "['’]" if ch in "'’" else re.escape(ch)
                   for ch in rest)
    return re.sub(r"(\\s\+)+", r"\\s+", head + body)


class Matcher:
    """Finds the forms of every term in a text, longest form first, as whole words."""

    def __init__(self, glossary: Glossary, lang: str):
        self.by_form: dict[str, tuple[Entry, str]] = {}
        for entry in glossary.entries:
            for form, form_lang in entry.words(lang):
                self.by_form.setdefault(self._norm(form), (entry, form_lang))
        forms = sorted({f for e in glossary.entries for f, _ in e.words(lang)},
                       key=lambda f: (-len(f), f))
        alternatives = "|".join(form_pattern(f) for f in forms)
        # whole words, never part of an address (`www.werkschakelpunt.be`, `a/b`, `x@y`)
        self.pattern = re.compile(rf"(?<![\w./@-])(?:{alternatives})(?![\w-]|[./@:]\w)") \
            if forms else None

    @staticmethod
    def _norm(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("’", "'")).casefold()

    def finditer(self, text: str):
        """(match, entry, language of the form) for every form found in `text`."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            found = self.by_form.get(self._norm(match.group(0)))
            if found is not None:
                yield match, found[0], found[1]
