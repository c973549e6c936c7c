"""Searching one language's Whoosh index: the query, filters, ranking, snippets, suggestions.

What people type is never parsed as query syntax: it is cut to MAX_QUERY_CHARS characters,
analysed like the documents (see analysis.py) and becomes, for at most MAX_WORDS distinct
words, `AND` over the words of `OR` over the fields (title, summary, body) of the word's stem,
plus, for a Dutch compound, `AND` over its parts (so `loopbaanbegeleiding` also finds a page
that says `begeleiding` of je `loopbaan`). Operators, wildcards and markup are just characters
that are not words. Filters (facets) keep documents that have one of the chosen values of
every facet used; they do not change scores. Ranking: score, then document order.

theme/static/js/search.js builds the same query from the exported index and ranks the same.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.query import And, Term
from whoosh.query import Or as WhooshOr

from . import analysis
from .index import BOOSTS, SIDE_FILE, TEXT_FIELDS, PortalBM25F, open_index
from .model import FACET_KEYS

MAX_QUERY_CHARS = 200
MAX_WORDS = 10
MAX_RESULTS = 50
MAX_VALUES = 20  # values per facet in one request
#: Stems and compound splits remembered per index: bounded, whatever people type.
CACHE_WORDS = 20_000
OPEN_ATTEMPTS = 3
#: Body text kept for snippets (also the text the browser receives per result).
BODY_LIMIT = 4000
SNIPPET_WORDS = 28
SNIPPET_LEAD = 4  # words shown before the first highlighted word


class Or(WhooshOr):
    """Whoosh's Or as a tree of unions. Left to itself, Whoosh gives an index under 5000
    documents an array matcher that fills 2048 slots in Python for every Or: most of the time
    of a query. Same documents, same scores (they are exact sums, see index.py)."""

    matcher_type = WhooshOr.DEFAULT_MATCHER


@dataclass
class Hit:
    docnum: int
    slug: str
    url: str
    type: str
    title: str
    summary: str
    date: str
    score: float
    title_marked: list = field(default_factory=list)
    summary_marked: list = field(default_factory=list)
    snippet: list = field(default_factory=list)  # [(text, highlighted?), ...]

    def as_dict(self) -> dict:
        return {"slug": self.slug, "url": self.url, "type": self.type, "title": self.title,
                "summary": self.summary, "date": self.date, "score": self.score,
                "highlights": {"title": self.title_marked, "summary": self.summary_marked,
                               "snippet": self.snippet}}


@dataclass
class Results:
    query: str  # the text searched (cut to MAX_QUERY_CHARS)
    words: list[str]  # its folded words
    filters: dict[str, list[str]]
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    suggestion: dict | None = None  # {"kind": "words"|"filters", "q": str, "total": int}

    def as_dict(self) -> dict:
        return {"query": self.query, "words": self.words, "filters": self.filters,
                "total": self.total, "results": [h.as_dict() for h in self.hits],
                "suggestion": self.suggestion}


def cut(text: str) -> str:
    return text[:MAX_QUERY_CHARS]


def clean_filters(filters) -> dict[str, list[str]]:
    """Known facets only, string values, at most MAX_VALUES each, in a stable order."""
    out: dict[str, list[str]] = {}
    for key in FACET_KEYS:
        values = (filters or {}).get(key) or []
        if isinstance(values, str):
            values = [values]
        kept = []
        for value in values:
            for part in str(value).split(","):
                part = part.strip()[:60]
                if part and part not in kept:
                    kept.append(part)
        if kept:
            out[key] = kept[:MAX_VALUES]
    return out


class Engine:
    """One language's index, opened once; `search` is safe to call from several threads."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.ix = open_index(self.directory)
        side = json.loads((self.directory / SIDE_FILE).read_text("utf-8"))
        self.lang = side["lang"]
        self.display = side["display"]
        self.searcher = self.ix.searcher(weighting=PortalBM25F())
        self.reader = self.searcher.reader()
        self.stem = functools.lru_cache(maxsize=CACHE_WORDS)(analysis.SafeStemmer(self.lang))
        self.splitter = (analysis.CompoundSplitter(self.stem, self.known)
                         if self.lang in analysis.COMPOUND_LANGS else None)
        self._lock = threading.Lock()

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    # -- the query ---------------------------------------------------------------------------
    def known(self, stem: str) -> bool:
        return any((name, stem) in self.reader for name in TEXT_FIELDS)

    def words(self, text: str) -> list[str]:
        found: list[str] = []
        for word in analysis.words(cut(text), self.lang):
            if word not in found:
                found.append(word)
        return found[:MAX_WORDS]

    def word_query(self, word: str):
        stem = self.stem(word)
        alternatives = [Term(name, stem, boost=BOOSTS[name]) for name in TEXT_FIELDS]
        parts = self.splitter.split(word) if self.splitter else None
        if parts:
            alternatives.append(And([self.word_query(p) for p in parts]))
        return Or(alternatives)

    def query(self, words: list[str]):
        return And([self.word_query(w) for w in words])

    @staticmethod
    def filter_query(filters: dict[str, list[str]]):
        if not filters:
            return None
        return And([Or([Term(key, value) for value in values])
                    for key, values in filters.items()])

    def stems(self, words: list[str]) -> tuple[set[str], list[str]]:
        """Every stem and folded word of the query, compound parts included (highlights)."""
        stems: set[str] = set()
        folded: list[str] = []
        todo = list(words)
        while todo:
            word = todo.pop(0)
            if word in folded:
                continue
            folded.append(word)
            stems.add(self.stem(word))
            todo += (self.splitter.split(word) or []) if self.splitter else []
        return stems, folded

    # -- searching ---------------------------------------------------------------------------
    def _docnums(self, words, filters) -> list[int]:
        allowed = self.filter_query(filters)
        found = self.searcher.docs_for_query(self.query(words))
        if allowed is not None:
            keep = set(self.searcher.docs_for_query(allowed))
            return [d for d in found if d in keep]
        return list(found)

    def count(self, words, filters=None) -> int:
        return len(self._docnums(words, filters or {})) if words else 0

    def search(self, text: str, filters=None, limit: int = 10, offset: int = 0) -> Results:
        """Ranked results `offset`..`offset+limit` (limit at most MAX_RESULTS)."""
        limit = max(0, min(int(limit), MAX_RESULTS))
        offset = max(0, min(int(offset), 10_000))
        filters = clean_filters(filters)
        query_text = cut(text or "")
        with self._lock:
            if self.splitter is not None and len(self.splitter._memo) > CACHE_WORDS:
                self.splitter._memo.clear()  # the splits it remembers: bounded too
            words = self.words(query_text)
            out = Results(query_text, words, filters)
            if not words:
                return out
            allowed = self.filter_query(filters)
            found = self.searcher.search(self.query(words), limit=offset + limit or 1,
                                         filter=allowed)
            out.total = self.count(words, filters)
            stems, folded = self.stems(words)
            marker = Marker(self.lang, self.stem, stems, folded)
            for number in range(offset, min(offset + limit, len(found.top_n))):
                score, docnum = found.top_n[number]
                out.hits.append(self._hit(docnum, score, marker))
            if out.total == 0:
                out.suggestion = self.suggest(words, filters)
        return out

    def _hit(self, docnum: int, score: float, marker: Marker) -> Hit:
        stored = self.reader.stored_fields(docnum)
        date = stored.get("date")
        return Hit(docnum, stored["slug"], stored["url"], stored["type"], stored["title"],
                   stored["summary"], date.date().isoformat() if date else "", score,
                   marker.mark(stored["title"]), marker.mark(stored["summary"]),
                   snippet(stored["body"], marker))

    # -- no results: a suggestion ------------------------------------------------------------
    def closest(self, word: str) -> str | None:
        """The corpus word nearest to `word` (same first two letters, at most 1 edit for
        words up to 4 letters, 2 for longer ones); more frequent first, then alphabetical."""
        if len(word) < 3:
            return None
        limit = 1 if len(word) <= 4 else 2
        best = None
        for candidate in self.reader.expand_prefix("spell", word[:2]):
            candidate = candidate.decode("utf-8") if isinstance(candidate, bytes) else candidate
            if candidate == word or abs(len(candidate) - len(word)) > limit:
                continue
            distance = edit_distance(word, candidate, limit)
            if distance > limit:
                continue
            key = (distance, -self.reader.frequency("spell", candidate), candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else None

    def suggest(self, words: list[str], filters: dict) -> dict | None:
        if filters:
            total = self.count(words)
            if total:
                return {"kind": "filters", "q": " ".join(self.shown(w) for w in words),
                        "total": total}
        fixed: list[str] = []
        for word in words:
            if self.count([word]):
                fixed.append(word)
            else:
                near = self.closest(word)
                if near and near not in fixed:
                    fixed.append(near)
        if fixed and fixed != words:
            total = self.count(fixed, filters)
            if total:
                return {"kind": "words", "q": " ".join(self.shown(w) for w in fixed),
                        "total": total}
        if len(words) > 1:
            counts = [(self.count([w], filters), -i, w) for i, w in enumerate(words)]
            total, _, word = max(counts)
            if total:
                return {"kind": "words", "q": self.shown(word), "total": total}
        return None

    def shown(self, word: str) -> str:
        return self.display.get(word, word)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (an adjacent swap is one edit), capped at limit+1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


class Marker:
    """Which words of a text to highlight: those whose stem is a stem of the query and, in
    Dutch, compounds that contain a query word of at least MIN_PART letters."""

    def __init__(self, lang, stem, stems, folded):
        self.lang, self.stem, self.stems = lang, stem, stems
        self.stops = analysis.stopwords(lang)
        self.parts = [w for w in folded if len(w) >= analysis.MIN_PART] \
            if lang in analysis.COMPOUND_LANGS else []
        self._seen: dict[str, bool] = {}

    def hit(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            folded = analysis.fold(word)
            found = self._seen[word] = not (
                len(folded) < analysis.MIN_WORD or len(folded) > analysis.MAX_WORD
                or folded in self.stops) and (
                self.stem(folded) in self.stems or any(p in folded for p in self.parts))
        return found

    def mark(self, text: str, start: int = 0, end: int | None = None) -> list:
        """[(text, highlighted?), ...] for text[start:end], neighbours merged."""
        text = unicodedata.normalize("NFC", text)
        end = len(text) if end is None else end
        out: list[list] = []

        def add(piece: str, marked: bool):
            if not piece:
                return
            if out and out[-1][1] == marked:
                out[-1][0] += piece
            else:
                out.append([piece, marked])

        at = start
        for match in analysis.WORD_RE.finditer(text, start, end):
            if self.hit(match.group(0)):
                add(text[at:match.start()], False)
                add(match.group(0), True)
                at = match.end()
        add(text[at:end], False)
        return out


def snippet(body: str, marker: Marker) -> list:
    """About SNIPPET_WORDS words of the body around the most highlighted stretch."""
    text = unicodedata.normalize("NFC", body)[:BODY_LIMIT]
    tokens = list(analysis.WORD_RE.finditer(text))
    if not tokens:
        return []
    hits = [i for i, m in enumerate(tokens) if marker.hit(m.group(0))]
    first = 0
    if hits:
        best = -1
        for i in hits:
            start = max(0, i - SNIPPET_LEAD)
            inside = sum(1 for h in hits if start <= h < start + SNIPPET_WORDS)
            if inside > best:
                best, first = inside, start
    last = min(len(tokens), first + SNIPPET_WORDS)
    begin = tokens[first].start() if first > 0 else 0
    end = tokens[last - 1].end() if last < len(tokens) else len(text)
    pieces = marker.mark(text, begin, end)
    if begin > 0:
        pieces.insert(0, ["… ", False])
    if end < len(text):
        pieces.append([" …", False])
    return pieces


_engines: dict[Path, tuple[tuple, Engine]] = {}
_engines_lock = threading.Lock()


def _stamp(directory: Path) -> tuple:
    side = (directory / SIDE_FILE).stat()
    # a new file, not only a new time: an index copied in with its times kept is new too
    return (side.st_dev, side.st_ino, side.st_mtime_ns)


def engine_for(directory: Path) -> Engine:
    """One open Engine per index folder (opening Whoosh costs more than a search), opened
    again when a new build replaced the index. The engine it replaces is not closed here: a
    request may have just been given it; it closes when the last one lets go of it. Opening
    can fail while a swap removes the previous index (it may be read as it goes): then it
    tries again."""
    directory = Path(directory).resolve()
    with _engines_lock:
        for attempt in range(OPEN_ATTEMPTS):
            stamp = _stamp(directory)
            known = _engines.get(directory)
            if known is not None and known[0] == stamp:
                return known[1]
            try:
                engine = Engine(directory)
            except Exception:
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.05)
                continue
            _engines[directory] = (stamp, engine)
            return engine
    raise AssertionError("unreachable")
