"""Text analysis, shared by the index, the query builder and (ported) the browser engine.

One chain per language, in this order, for every text field and every query:

1. words: runs of Unicode letters and digits (`[^\\W_]+`) in NFC-normalised text;
2. folding: lowercase, compatibility decomposition, accents dropped, a few letters spelled
   out (ß -> ss, æ -> ae, œ -> oe ...): `énergie`, `Energie` and `ENERGIE` are one word;
3. stop words (Whoosh's list for the language, folded, plus a few) and words shorter than
   2 or longer than 40 characters are dropped;
4. Dutch only: compound splitting (`loopbaanbegeleiding` also yields `loopbaan` and
   `begeleiding`), decided by the corpus vocabulary (see `CompoundSplitter`);
5. Snowball stemming for the language (Whoosh's stemmers).

`theme/static/js/search-engine.js` (with `search-stem-<lang>.js`) implements the same steps;
tests/test_search_engines.py checks that both give the same words and stems for the whole
vocabulary of the portal.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

from whoosh.analysis import StemFilter, StopFilter
from whoosh.analysis.acore import Token
from whoosh.analysis.filters import Filter
from whoosh.analysis.tokenizers import Tokenizer
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists

WORD_RE = re.compile(r"[^\W_]+")
MIN_WORD = 2
MAX_WORD = 40
#: Letters that no decomposition turns into ASCII.
SPELLED_OUT = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
               "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t"}
#: Added to Whoosh's lists (which lack, for example, French `les`).
EXTRA_STOPS = {
    "nl": ("jouw", "jullie", "we", "wij", "waar", "welke", "deze", "dat", "hun", "jij"),
    "fr": ("les", "cette", "cet", "ces", "leurs", "dont", "ils", "elles", "est"),
    "en": ("can", "could", "would", "also", "may"),
}
#: Compound splitting (Dutch): the smallest part, and the letters that may join two parts
#: (`arbeid-s-markt`, `zieke-n-huis` is `ziek-en-huis`).
COMPOUND_LANGS = ("nl",)
MIN_PART = 4
LINKS = ("", "s", "en")


def fold(word: str) -> str:
    """Lowercase, drop accents and marks, spell out a few letters; characters outside the
    Basic Multilingual Plane are dropped (the browser counts them differently). Words longer
    than MAX_WORD are not cached: what people type cannot fill the cache with long strings."""
    return _fold(word) if len(word) <= MAX_WORD else _fold.__wrapped__(word)


@functools.lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    text = unicodedata.normalize("NFKD", word.lower()).lower()
    out = []
    for char in text:
        if ord(char) > 0xFFFF or unicodedata.category(char) == "Mn":
            continue
        out.append(SPELLED_OUT.get(char, char))
    return "".join(out)


def stopwords(lang: str) -> frozenset[str]:
    words = set(stoplists.get(lang, ())) | set(EXTRA_STOPS.get(lang, ()))
    return frozenset(fold(w) for w in words)


class SafeStemmer:
    """Whoosh's Snowball stemmer for a language; a word it cannot stem (an index error in the
    algorithm) is kept as it is. Picklable, for the index's schema."""

    def __init__(self, lang: str):
        self.lang = lang
        self._stem = stemmer_for_language(lang)

    def __getstate__(self):
        return {"lang": self.lang}

    def __setstate__(self, state):
        self.__init__(state["lang"])

    def __call__(self, word: str) -> str:
        try:
            return self._stem(word)
        except IndexError:
            return word


def stemmer(lang: str) -> Callable[[str], str]:
    """The stemmer of the language (SafeStemmer), with an unbounded cache."""
    stem = SafeStemmer(lang)
    cache: dict[str, str] = {}

    def cached(word: str) -> str:
        found = cache.get(word)
        if found is None:
            found = cache[word] = stem(word)
        return found
    return cached


class WordTokenizer(Tokenizer):
    """Runs of letters and digits in NFC-normalised text (the same in the browser)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        text = unicodedata.normalize("NFC", value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, match in enumerate(WORD_RE.finditer(text)):
            token.text = match.group(0)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class FoldFilter(Filter):
    """Accent and case folding (see `fold`)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


class CompoundSplitter:
    """Splits a Dutch compound into words the corpus knows.

    `known(stem)` says whether a stem is a word of the corpus (at index time: the stems of
    every word of the language's documents; at query time: the index's terms, which are the
    same set). A word of at least 2 × MIN_PART letters is split into a head and a tail, the
    longest known head first, optionally joined by `s` or `en`; the tail is a known word or
    is split again. `None` when no split exists.
    """

    def __init__(self, stem: Callable[[str], str], known: Callable[[str], bool]):
        self.stem = stem
        self.known = known
        self._memo: dict[str, list[str] | None] = {}

    def split(self, word: str) -> list[str] | None:
        if word in self._memo:
            return self._memo[word]
        found = None
        if len(word) >= 2 * MIN_PART:
            for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
                head = word[:cut]
                if not self.known(self.stem(head)):
                    continue
                rest = word[cut:]
                for link in LINKS:
                    if not rest.startswith(link) or len(rest) - len(link) < MIN_PART:
                        continue
                    tail = rest[len(link):]
                    if self.known(self.stem(tail)):
                        found = [head, tail]
                        break
                    deeper = self.split(tail)
                    if deeper:
                        found = [head, *deeper]
                        break
                if found:
                    break
        self._memo[word] = found
        return found

    def all_parts(self, word: str) -> list[str]:
        """Every part of the word, the parts of its parts included, in order."""
        out: list[str] = []
        for part in self.split(word) or ():
            out.append(part)
            out += self.all_parts(part)
        return out


class CompoundFilter(Filter):
    """Index time: after each compound, its parts at the same position (before stemming)."""

    def __init__(self, splitter: CompoundSplitter):
        self.splitter = splitter

    def __getstate__(self):  # the index's pickled schema does not need the vocabulary
        return {"splitter": None}

    def __setstate__(self, state):
        self.splitter = state.get("splitter")

    def __call__(self, tokens):
        for token in tokens:
            word = token.text
            stopped = token.stopped
            yield token  # the next filter may change token.text: `word` keeps the original
            if stopped or self.splitter is None:
                continue
            for part in self.splitter.all_parts(word):
                token.text = part
                token.stopped = False
                yield token


def analyzer(lang: str, splitter: CompoundSplitter | None = None):
    """The Whoosh analyzer for a text field of this language."""
    chain = WordTokenizer() | FoldFilter() | StopFilter(
        stoplist=stopwords(lang), minsize=MIN_WORD, maxsize=MAX_WORD)
    if splitter is not None:
        chain = chain | CompoundFilter(splitter)
    return chain | StemFilter(stemfn=SafeStemmer(lang), cachesize=-1)


def words(text: str, lang: str) -> list[str]:
    """The folded, unstemmed words of a text, stop words removed, in order."""
    chain = WordTokenizer() | FoldFilter() | StopFilter(
        stoplist=stopwords(lang), minsize=MIN_WORD, maxsize=MAX_WORD)
    return [t.text for t in chain(text)]


class Analyser:
    """The chain above for all the documents of one language, at index time, with every
    distinct written word analysed once: the same terms as the Whoosh analyzer of
    `analyzer()` gives token by token (tests/test_search_build.py compares them), in a
    fraction of the time. `split_with(known)` turns compound splitting on."""

    def __init__(self, lang: str, min_word: int = MIN_WORD):
        self.lang = lang
        self.stops = stopwords(lang)
        self.min_word = min_word
        self.stem = stemmer(lang)
        self.splitter: CompoundSplitter | None = None
        self._folded: dict[str, str] = {}  # written word -> folded word ("" if dropped)
        self._terms: dict[str, tuple[str, ...]] = {}  # written word -> its index terms

    @staticmethod
    def tokens(text: str) -> list[str]:
        """The written words of a text (step 1)."""
        return WORD_RE.findall(unicodedata.normalize("NFC", text))

    def folded(self, word: str) -> str:
        """Steps 2-3 for one written word: its folded form, or "" when it is dropped."""
        found = self._folded.get(word)
        if found is None:
            found = fold(word)
            if not self.min_word <= len(found) <= MAX_WORD or found in self.stops:
                found = ""
            self._folded[word] = found
        return found

    def words(self, tokens: Iterable[str]) -> list[str]:
        """The folded words of these written words, dropped ones left out (`words()`)."""
        folded = self.folded
        return [w for w in map(folded, tokens) if w]

    def vocabulary(self, tokens: Iterable[str]) -> set[str]:
        """The stems of these written words (see `vocabulary()`)."""
        stem = self.stem
        return {stem(w) for w in set(self.words(set(tokens)))}

    def split_with(self, known: Callable[[str], bool]) -> None:
        self.splitter = CompoundSplitter(self.stem, known)
        self._terms = {}

    def terms(self, tokens: Iterable[str]) -> Counter:
        """The index terms of these written words, counted (steps 2-5)."""
        out: Counter = Counter()
        cache = self._terms
        for word, count in Counter(tokens).items():
            found = cache.get(word)
            if found is None:
                found = cache[word] = self._analyse(word)
            for term in found:
                out[term] += count
        return out

    def _analyse(self, word: str) -> tuple[str, ...]:
        folded = self.folded(word)
        if not folded:
            return ()
        parts = self.splitter.all_parts(folded) if self.splitter is not None else []
        return tuple(self.stem(w) for w in (folded, *parts))


def vocabulary(texts: Iterable[str], lang: str) -> set[str]:
    """The stems of every word of these texts: what compound splitting may use."""
    stem = stemmer(lang)
    found: set[str] = set()
    for text in texts:
        found.update(stem(w) for w in words(text, lang))
    return found
