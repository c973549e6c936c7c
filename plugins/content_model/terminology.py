"""Words an author should not write: names in a form the terminology list avoids, and the stock
phrases of "the source does not say".

- `terminology` (content/_data/terminology.toml): each name has one preferred form per language;
  every avoided form found in a text is a warning with the form to write (`terminology`). In
  French, a number is followed by a space before `%` (`55 %`).
- `source-says-nothing`: a sentence that only says a source is silent ("Het verslag noemt
  geen…", "La source ne donne pas de chiffres…", "The sources of this portal say little…").
  A section about which the sources say nothing is left out; what is unknown is said once.

Both are warnings (`invoke check --strict` makes them errors). Code (fenced or inline) is not
checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Problem
from .glossary import form_pattern, split_forms
from .markdown_text import Line, body_lines, outside_code
from .messages import msg


@dataclass(frozen=True)
class Rule:
    key: str
    lang: str
    avoid: str
    prefer: str


def rules_from(table, langs) -> tuple[Rule, ...]:
    """Every (language, avoided form) of the loaded terminology file."""
    found = []
    for key, row in sorted((table or {}).items()):
        if not isinstance(row, dict):
            continue
        prefer = row.get("prefer") if isinstance(row.get("prefer"), dict) else {}
        avoid = row.get("avoid") if isinstance(row.get("avoid"), dict) else {}
        for lang in langs:
            wanted = prefer.get(lang)
            if isinstance(wanted, str) and wanted.strip():
                found += [Rule(key, lang, form, wanted.strip())
                          for form in split_forms(avoid.get(lang)) if form != wanted.strip()]
    return tuple(found)


def _whole(form: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){form_pattern(form)}(?![\w-])")




def check_terminology(path: str, lang: str, lines: list[Line], rules) -> list[Problem]:
    """A warning for each avoided form, at its line."""
    problems = []
    mine = [(rule, _whole(rule.avoid)) for rule in rules if rule.lang == lang]
    for line in lines:
        for rule, pattern in mine:
            for match in pattern.finditer(line.text):
                problems.append(Problem(
                    path, line.number, "terminology",
                    msg("`{found}`: write `{prefer}`", found=match.group(0), prefer=rule.prefer),
                    msg("one name has one form per language (content/_data/terminology.toml)"),
                    "warning", code="terminology"))
    return problems


#: "the source does not say": a source as subject, then a verb of saying or giving, then a
#: negation or "little", within one clause. One pattern family per language.
_SOURCE_NL = r"(?:het\s+verslag|de\s+bron(?:nen)?(?:\s+van\s+dit\s+portaal)?|het\s+onderzoek|" \
    r"het\s+interview|het\s+artikel|het\s+webinar|de\s+tekst)"
_SOURCE_FR = r"(?:le\s+(?:compte\s+rendu|rapport|texte|webinaire|article)|" \
    r"l['’](?:interview|article|étude)|la\s+source|les\s+sources(?:\s+de\s+ce\s+portail)?|" \
    r"la\s+recherche)"
_SOURCE_EN = r"(?:the\s+(?:report|source|sources|interview|article|webinar|research|text)" \
    r"(?:\s+of\s+this\s+portal|\s+behind\s+this\s+portal)?)"
_SAY_NL = r"(?:noemt|noemen|geeft|geven|zegt|zeggen|vermeldt|vermelden|beschrijft|" \
    r"beschrijven|vertelt|vertellen)"
_NOT_NL = r"(?:geen|niet|niets|weinig|nergens)\b"
STOCK_PHRASES = {
    "nl": re.compile(rf"\b{_SOURCE_NL}\s+(?:\w+\s+){{0,4}}?{_SAY_NL}\s+(?:\w+\s+){{0,2}}?"
                     rf"{_NOT_NL}|\b{_SAY_NL}\s+{_SOURCE_NL}\s+(?:\w+\s+){{0,2}}?{_NOT_NL}",
                     re.I),
    "fr": re.compile(rf"(?<!\w){_SOURCE_FR}\s+(?:\w+\s+){{0,2}}?"
                     r"(?:ne\s+|n['’])(?:\w+\s+){0,2}?"
                     r"(?:pas|rien|guère|aucune?)\b|(?<!\w)"
                     rf"{_SOURCE_FR}\s+(?:en\s+)?(?:disent|dit|donnent|donne)\s+peu\b", re.I),
    "en": re.compile(rf"\b{_SOURCE_EN}\s+(?:\w+\s+){{0,2}}?"
                     r"(?:(?:does|do)\s+not|doesn['’]t|don['’]t)\s+"
                     r"(?:say|give|name|mention|describe|tell)\b|\b"
                     rf"{_SOURCE_EN}\s+(?:says?|gives?|names?|mentions?)\s+"
                     r"(?:little|nothing|no)\b", re.I),
}
STOCK_HINT = ("laat die sectie weg; zeg één keer per pagina wat niet bekend is en waar de lezer "
              "het kan vragen (docs/authors/README.md, 'Wat de bronnen niet zeggen')")


def check_stock_phrases(path: str, lang: str, lines: list[Line]) -> list[Problem]:
    """A warning for each sentence that only says a source is silent."""
    pattern = STOCK_PHRASES.get(lang)
    if pattern is None:
        return []
    joined = _joined(lines)
    problems = []
    for match in pattern.finditer(joined.text):
        problems.append(
            Problem(
                path,
                joined.line_at(match.start()),
                "text",
                msg(
                    "“{match_group_0}…”: the text says what the source does not say",
                    match_group_0=match.group(0),
                ),
                STOCK_HINT,
                "warning",
                code="source-says-nothing",
            )
        )
    return problems


@dataclass
class _Joined:
    text: str
    starts: list[tuple[int, int]]

    def line_at(self, position: int) -> int:
        return max(n for at, n in self.starts if at <= position)


def _joined(lines: list[Line]) -> _Joined:
    """The lines as one text (a phrase may wrap), each start remembered."""
    text, starts = "", []
    for line in lines:
        starts.append((len(text), line.number))
        text += line.text + "\n"
    return _Joined(text, starts or [(0, 0)])


def text_lines(item) -> list[Line]:
    """The lines an item's reader reads: title, summary, then the body without code."""
    found = [Line(item.line(name), str(item.meta.get(name) or ""))
             for name in ("title", "summary") if item.meta.get(name)]
    body = body_lines(item.body, item.body_line)
    code_free = outside_code(item.body)
    return found + [Line(line.number, code_free[line.number - item.body_line])
                    if 0 <= line.number - item.body_line < len(code_free) else line
                    for line in body]


def check_item(item, rules) -> list[Problem]:
    lines = text_lines(item)
    return (check_terminology(item.path, item.lang, lines, rules)
            + check_stock_phrases(item.path, item.lang, lines))
