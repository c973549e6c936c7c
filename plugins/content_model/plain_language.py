"""Plain language (B1), per language: long sentences, long words and a readability score.

The scores are the classic Flesch formula adapted to each language:
  nl  Flesch-Douma       206.835 - 0.93 x words per sentence - 77 x syllables per word
  fr  Kandel-Moles       207 - 1.015 x words per sentence - 73.6 x syllables per word
  en  Flesch reading ease 206.835 - 1.015 x words per sentence - 84.6 x syllables per word
Higher is easier; around 60 reads as plain everyday language. Syllables are counted with a
vowel-group rule per language: good enough to rank sentences, not a linguist's count.
Everything found is a warning (`invoke check --strict` makes warnings errors).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .errors import Problem
from .markdown_text import Block, Line, blocks, body_lines
from .messages import msg


@dataclass(frozen=True)
class Rules:
    name: str  # the score's name, shown in the warning
    base: float
    per_word: float  # weight of words per sentence
    per_syllable: float  # weight of syllables per word
    vowels: str  # a regex of one vowel group
    sentence_words: int  # a sentence longer than this is long
    word_letters: int  # a word (or part of a hyphenated word) longer than this is long
    minimum_score: float  # a text scoring lower gets a warning


#: A syllable is a group of vowels. Dutch `ij` is a vowel unless a vowel follows (ri-jen,
#: bij-een); a vowel with a diaeresis starts a new group (i-dee-ën, na-ïf, co-ör-di-na-tor).
_NL = "aeiouyàáâèéêìíîòóôùúû"
_FR = "aeiouyàâéèêîôùûÿœæ"
VOWELS_NL = rf"(?:ij(?![{_NL}])|[{_NL}])+|[äëïöü](?:ij(?![{_NL}])|[{_NL}])*"
VOWELS_FR = rf"[{_FR}]+|[äëïöü][{_FR}]*"
VOWELS_EN = r"[aeiouy]+"
RULES = {
    "nl": Rules("Flesch-Douma", 206.835, 0.93, 77.0, VOWELS_NL, 25, 20, 50.0),
    "fr": Rules("Kandel-Moles", 207.0, 1.015, 73.6, VOWELS_FR, 30, 16, 55.0),
    "en": Rules("Flesch reading ease", 206.835, 1.015, 84.6, VOWELS_EN, 25, 15, 50.0),
}
HINT = (msg("write for everyone (B1): one idea per sentence, everyday words, explain the terms "
            "you need (docs/authors/README.md, 'Eenvoudige taal')"))

WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?…:;])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ])")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
MARKUP_RE = re.compile(r"<[^>]+>|[*_~`#>|]|\{ref\}\S+")


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str
    words: tuple[str, ...]
    syllables: int


def plain(text: str) -> str:
    """Markdown inline syntax removed: what a reader reads."""
    text = IMAGE_RE.sub(" ", text)
    text = LINK_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return re.sub(r"\s+", " ", MARKUP_RE.sub("", text)).strip()


@functools.cache
def _vowel_groups(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def syllables(word: str, rules: Rules) -> int:
    word = word.lower()
    count = len(_vowel_groups(rules.vowels).findall(word))
    if rules is RULES["fr"] and count > 1 and re.search(r"[^aeiouyàâäéèêëîïôöùûüÿœæ]es?$", word):
        count -= 1  # the silent final e: « porte », « portes » (not « idée »)
    if (rules is RULES["en"] and count > 1 and re.search(r"[^aeiouy]e$", word)
            and not re.search(r"[^aeiouy]le$", word)):
        count -= 1  # the silent final e: "make", "guidance", "while" (not "agree", "table")
    return max(count, 1)


#: What a name of several words counts as: one short word (a reader takes it in at once).
NAME_WORD = "Naam"


def without_names(text: str, names: re.Pattern | None) -> str:
    """Each known name (an organisation, a document's title) made one word."""
    return names.sub(NAME_WORD, text) if names is not None else text


def names_pattern(names) -> re.Pattern | None:
    """One pattern for names of two words or more, longest first, as whole words."""
    many = sorted({n.strip() for n in names if len(n.split()) > 1}, key=lambda n: (-len(n), n))
    if not many:
        return None
    parts = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in many)
    return re.compile(rf"(?<!\w)(?:{parts})(?!\w)", re.I)


def sentences(block: Block, rules: Rules, names: re.Pattern | None = None) -> list[Sentence]:
    """The sentences of a block, each with the line it starts on; `names`: known names of
    several words, each read as one word."""
    found, text, starts = [], "", []
    for line in block.lines:
        starts.append((len(text), line.number))
        text += plain(line.text) + " "
    position = 0
    for part in SENTENCE_END_RE.split(text):
        line = max((n for at, n in starts if at <= position), default=block.number)
        position += len(part) + 1
        words = tuple(WORD_RE.findall(without_names(part, names)))
        if words:
            count = sum(syllables(w, rules) for w in words)
            found.append(Sentence(line, part.strip(), words, count))
    return found


def score(items: list[Sentence], rules: Rules) -> float:
    words = sum(len(s.words) for s in items)
    if not words:
        return 100.0
    syllable_count = sum(s.syllables for s in items)
    return (rules.base - rules.per_word * words / len(items)
            - rules.per_syllable * syllable_count / words)


def long_parts(word: str, rules: Rules) -> bool:
    """A word too long to read at a glance; hyphenated words count per part; names and
    abbreviations (a capital inside) are left alone."""
    if len(word) <= rules.word_letters or any(ch.isupper() for ch in word[1:]) \
            or word == NAME_WORD:
        return False
    return any(len(part) > rules.word_letters for part in re.split(r"['’-]", word))


def check_text(path: str, lang: str, body: str, body_line: int, extra=(),
               title: str = "", known=frozenset(), names: re.Pattern | None = None
               ) -> list[Problem]:
    """Plain-language warnings for one item. `extra` holds (line, text) pairs such as the
    summary, checked like the body; the words of the title are the subject, never too long;
    `known` words (lowercase: the glossary's terms, explained there) are never too long;
    `names` (names_pattern: organisations, titles of documents) read as one word each, and a
    word written with a capital inside a sentence is a name, not a long word."""
    rules = RULES.get(lang)
    if rules is None:
        return []
    found: list[Sentence] = []
    for line, text in extra:
        found += sentences(Block("paragraph", _lines(line, text)), rules, names)
    for block in blocks(body_lines(body, body_line)):
        if block.kind != "heading":
            found += sentences(block, rules, names)
    known = {w.lower() for w in WORD_RE.findall(title)} | set(known)
    return (_long_sentences(path, found, rules) + _long_words(path, found, rules, known)
            + _overall(path, body_line, found, rules))


def _lines(line: int, text: str) -> tuple[Line, ...]:
    return (Line(line, text),)


def _long_sentences(path: str, found: list[Sentence], rules: Rules) -> list[Problem]:
    return [
        Problem(
            path,
            s.line,
            "plain language",
            msg(
                "a sentence of {len_s_words} words (more than {rules_sentence_words}): "
                "{quote_s_text}",
                len_s_words=len(s.words),
                rules_sentence_words=rules.sentence_words,
                quote_s_text=quote(s.text),
            ),
            msg("split it into two or three shorter sentences"),
            "warning",
            code="long-sentence",
        )
        for s in found
        if len(s.words) > rules.sentence_words
    ]


def _long_words(path: str, found: list[Sentence], rules: Rules, known) -> list[Problem]:
    """Each long word once per file, on the line where it first appears."""
    first: dict[str, int] = {}
    for s in found:
        for number, word in enumerate(s.words):
            if long_parts(word, rules) and word.lower() not in known \
                    and not (number and word[:1].isupper()):  # a name inside a sentence
                first.setdefault(word.lower(), s.line)
    by_line: dict[int, list[str]] = {}
    for word, line in first.items():
        by_line.setdefault(line, []).append(word)
    return [Problem(path, line, "plain language",
                    msg("long words: {words}", words=", ".join(words)) if len(words) > 1 else
                    msg("long word: {word}", word=words[0]),
                    msg("use a shorter, everyday word, or explain it the first time you use it"),
                    "warning", code="long-word")
            for line, words in sorted(by_line.items())]


def _overall(path: str, line: int, found: list[Sentence], rules: Rules) -> list[Problem]:
    if len(found) < 3:
        return []
    value = score(found, rules)
    if value >= rules.minimum_score:
        return []
    candidates = [s for s in found if len(s.words) >= 8] or found
    worst = sorted(candidates, key=lambda s: (score([s], rules), s.line))[:2]
    quoted = "; ".join(f"line {s.line}: {quote(s.text)}" for s in worst)
    return [Problem(path, line, "plain language",
                    msg("the text is hard to read: {rules_name} score {value:.0f} (aim for "
                        "{rules_minimum_score:.0f} or more); hardest sentences: {quoted}",
                        rules_name=rules.name, value=value,
                        rules_minimum_score=rules.minimum_score, quoted=quoted),
                    HINT, "warning", code="hard-to-read")]


def quote(text: str, limit: int = 90) -> str:
    text = text.strip()
    return f"“{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}”"


def readability(lang: str, body: str) -> float | None:
    """The score of a whole text (for reports and tests)."""
    rules = RULES.get(lang)
    if rules is None:
        return None
    found = [s for b in blocks(body_lines(body, 1)) if b.kind != "heading"
             for s in sentences(b, rules)]
    return score(found, rules)
