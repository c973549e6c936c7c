"""Searching one language's Whoosh index: the query, filters, ranking, snippets, suggestions.

What people type is read with a small, fixed syntax (`parse`, the same in the browser): it is
cut to MAX_QUERY_CHARS characters and split at spaces into chunks;

- `-word` (a chunk that starts with a minus) and `NOT word` leave out the pages that have the
  word (as the word would find them: stem, compound parts);
- words between quotes (`"..."`, `“...”`, `„...“`, `«...»`) must all be on the page, in any
  order (the index keeps no positions: not a phrase);
- `AND` and `OR` in capitals are left out: every word counts anyway;
- everything else is analysed like the documents (see analysis.py) into words.

Each word (at most MAX_WORDS) becomes `OR` over the fields (title, summary, body) of its stem,
plus, for a Dutch compound, `AND` over its parts (so `loopbaanbegeleiding` also finds a page
that says `begeleiding` of je `loopbaan`). A page is found when it has at least one of the
words (and every quoted one, and none of the left-out ones); pages are ranked by how many of
the words they have (all of them first), then by score (the sum of their words' BM25F scores),
then by document order. Each result says which words it lacks. Filters (facets) keep
documents that have one of the chosen values of every facet used; they do not change scores.

theme/static/js/search-engine.js builds the same query from the exported index and ranks the
same.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.query import And, Term
from whoosh.query import Or as WhooshOr

from . import analysis
from .index import BOOSTS, SIDE_FILE, TEXT_FIELDS, PortalBM25F, open_index, section_texts
from .model import FACET_KEYS

MAX_QUERY_CHARS = 200
MAX_WORDS = 10
MAX_RESULTS = 50
MAX_VALUES = 20  # values per facet in one request
#: Stems and compound splits remembered per index: bounded, whatever people type.
CACHE_WORDS = 20_000
OPEN_ATTEMPTS = 3
#: Text of a section kept for snippets (also the text the browser receives per section).
SECTION_LIMIT = 2000
SNIPPET_WORDS = 28
SNIPPET_LEAD = 4  # words shown before the first highlighted word
SUB_SNIPPET_WORDS = 18  # the excerpt under each sub-result (another section that matched)
#: Other sections that matched, shown under a result besides the one its snippet is from.
MORE_SECTIONS = 2
#: What separates the chunks of a query, and the quotes (the same list in the browser).
SPACE_RE = re.compile("[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                      "\u202f\u205f\u3000\ufeff]+")
QUOTES = "\"\u201c\u201d\u201e\u00ab\u00bb"
NEGATIONS = ("NOT", "-")
IGNORED = ("AND", "OR")


@dataclass
class Parsed:
    """A query read: its words (folded, at most MAX_WORDS, in order), how each was first
    written, the quoted ones, and the words whose pages are left out."""

    words: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


def parse(text: str, lang: str) -> Parsed:
    """The query syntax of the module doc. `text` is cut to MAX_QUERY_CHARS already."""
    text = unicodedata.normalize("NFC", text)
    stops = analysis.stopwords(lang)
    out = Parsed()
    pieces = re.split("[" + QUOTES + "]", text)
    negate = False
    for number, piece in enumerate(pieces):
        quoted = number % 2 == 1
        for chunk in SPACE_RE.split(piece):
            if not chunk:
                continue
            if not quoted and chunk in NEGATIONS:
                negate = True
                continue
            if not quoted and chunk in IGNORED:
                continue
            leave_out = negate or (not quoted and chunk.startswith("-"))
            found = False
            for match in analysis.WORD_RE.finditer(chunk):
                found = True
                word = analysis.fold(match.group(0))
                if not analysis.MIN_WORD <= len(word) <= analysis.MAX_WORD or word in stops:
                    continue
                if leave_out:
                    if word not in out.excluded and len(out.excluded) < MAX_WORDS:
                        out.excluded.append(word)
                    continue
                if word not in out.words and len(out.words) < MAX_WORDS:
                    out.words.append(word)
                    out.typed.append(match.group(0))
                if quoted and word in out.words and word not in out.required:
                    out.required.append(word)
            if found and not quoted:
                negate = False
        if quoted:
            negate = False
    out.required = [w for w in out.words if w in out.required]
    return out


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
    missing: list = field(default_factory=list)  # the query's words it lacks, as typed
    section: dict = field(default_factory=dict)  # {"anchor", "heading"}: where the snippet is
    sections: list = field(default_factory=list)  # other sections that matched, best first:
    # {"anchor", "heading", "snippet"}, the snippet (SUB_SNIPPET_WORDS) from that section

    def as_dict(self) -> dict:
        return {"slug": self.slug, "url": self.url, "type": self.type, "title": self.title,
                "summary": self.summary, "date": self.date, "score": self.score,
                "missing": self.missing, "section": self.section, "sections": self.sections,
                "highlights": {"title": self.title_marked, "summary": self.summary_marked,
                               "snippet": self.snippet}}


@dataclass
class Results:
    query: str  # the text searched (cut to MAX_QUERY_CHARS)
    words: list[str]  # its folded words
    filters: dict[str, list[str]]
    total: int = 0  # pages found (with at least one of the words)
    full: int = 0  # of which with every word
    hits: list[Hit] = field(default_factory=list)
    suggestion: dict | None = None  # {"kind": "words"|"filters", "q": str, "total": int}
    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    #: Other languages where every word finds pages, when none does here: [{"lang", "total"}]
    elsewhere: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"query": self.query, "words": self.words, "filters": self.filters,
                "total": self.total, "full": self.full, "required": self.required,
                "excluded": self.excluded, "results": [h.as_dict() for h in self.hits],
                "suggestion": self.suggestion, "elsewhere": self.elsewhere}


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
        # the sections' words, analysed as the index analysed them (for the best section)
        self.analyser = analysis.Analyser(self.lang)
        if self.lang in analysis.COMPOUND_LANGS:
            self.analyser.split_with(self.known)
        self._section_terms: dict[int, list[set[str]]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    # -- the query ---------------------------------------------------------------------------
    def known(self, stem: str) -> bool:
        return any((name, stem) in self.reader for name in TEXT_FIELDS)

    def parse(self, text: str) -> Parsed:
        return parse(cut(text), self.lang)

    def words(self, text: str) -> list[str]:
        return self.parse(text).words

    def tree(self, word: str) -> tuple:
        """("or", [("term", stem), ("and", [parts...])]): what a word matches."""
        alternatives: list[tuple] = [("term", self.stem(word))]
        parts = self.splitter.split(word) if self.splitter else None
        if parts:
            alternatives.append(("and", [self.tree(p) for p in parts]))
        return ("or", alternatives)

    def word_query(self, word: str):
        return self._whoosh(self.tree(word))

    def _whoosh(self, node: tuple):
        kind, value = node
        if kind == "term":
            return Or([Term(name, value, boost=BOOSTS[name]) for name in TEXT_FIELDS])
        if kind == "and":
            return And([self._whoosh(n) for n in value])
        return Or([self._whoosh(n) for n in value])

    def query(self, words: list[str]):
        """Every word (`count`, the other languages, suggestions)."""
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
    def _scores(self, word: str) -> dict[int, float]:
        """Every document the word finds, with its score (no filters)."""
        found = self.searcher.search(self.word_query(word), limit=None)
        return {docnum: score for score, docnum in found.top_n}

    def _allowed(self, filters) -> set[int] | None:
        allowed = self.filter_query(filters)
        return None if allowed is None else set(self.searcher.docs_for_query(allowed))

    def _docnums(self, words, filters) -> list[int]:
        found = self.searcher.docs_for_query(self.query(words))
        keep = self._allowed(filters)
        return [d for d in found if keep is None or d in keep]

    def count(self, words, filters=None) -> int:
        """Documents with every one of the words."""
        return len(self._docnums(words, filters or {})) if words else 0

    def search(self, text: str, filters=None, limit: int = 10, offset: int = 0,
               siblings=None) -> Results:
        """Ranked results `offset`..`offset+limit` (limit at most MAX_RESULTS). `siblings`:
        {lang: Engine} of the portal's other languages, asked when no page here has every
        word (`Results.elsewhere`)."""
        limit = max(0, min(int(limit), MAX_RESULTS))
        offset = max(0, min(int(offset), 10_000))
        filters = clean_filters(filters)
        query_text = cut(text or "")
        with self._lock:
            if self.splitter is not None and len(self.splitter._memo) > CACHE_WORDS:
                self.splitter._memo.clear()  # the splits it remembers: bounded too
            parsed = self.parse(query_text)
            out = Results(query_text, parsed.words, filters, required=parsed.required,
                          excluded=parsed.excluded)
            if not parsed.words:
                return out
            ranked, per_word, unfiltered = self._ranked(parsed, filters)
            out.total = len(ranked)
            out.full = sum(1 for _, cover, _ in ranked if cover == len(parsed.words))
            stems, folded = self.stems(parsed.words)
            marker = Marker(self.lang, self.stem, stems, folded)
            for docnum, _cover, score in ranked[offset:offset + limit]:
                hit = self._hit(docnum, score, marker, parsed)
                hit.missing = [typed for word, typed in zip(parsed.words, parsed.typed,
                                                             strict=True)
                               if docnum not in per_word[word]]
                out.hits.append(hit)
            out.suggestion = self.suggest(parsed, filters, out.total, per_word, unfiltered)
        if siblings and out.full == 0:
            out.elsewhere = elsewhere(siblings, self.lang, query_text, filters)
        return out

    def _ranked(self, parsed: Parsed, filters):
        """[(docnum, words it has, score)] best first; {word: {docnum: score}} (filtered);
        how many documents the query finds without the filters."""
        keep = self._allowed(filters)
        left_out: set[int] = set()
        for word in parsed.excluded:
            left_out.update(self._scores(word))
        per_word_all = {w: self._scores(w) for w in parsed.words}

        def found(only) -> dict[int, tuple[int, float]]:
            out: dict[int, list] = {}
            for word in parsed.words:
                for docnum, score in per_word_all[word].items():
                    if docnum in left_out or (only is not None and docnum not in only):
                        continue
                    entry = out.setdefault(docnum, [0, 0.0])
                    entry[0] += 1
                    entry[1] += score
            return {d: (c, s) for d, (c, s) in out.items()
                    if all(d in per_word_all[w] for w in parsed.required)}

        chosen = found(keep)
        ranked = sorted(((d, c, s) for d, (c, s) in chosen.items()),
                        key=lambda t: (-t[1], -t[2], t[0]))
        per_word = {w: {d: s for d, s in scores.items() if d in chosen}
                    for w, scores in per_word_all.items()}
        unfiltered = len(found(None)) if keep is not None else len(chosen)
        return ranked, per_word, unfiltered

    def _hit(self, docnum: int, score: float, marker: Marker, parsed: Parsed) -> Hit:
        stored = self.reader.stored_fields(docnum)
        date = stored.get("date")
        texts = section_texts(stored)
        best, more = self.best_sections(docnum, texts, parsed.words)
        return Hit(docnum, stored["slug"], stored["url"], stored["type"], stored["title"],
                   stored["summary"], date.date().isoformat() if date else "", score,
                   marker.mark(stored["title"]), marker.mark(stored["summary"]),
                   snippet(texts[best][2], marker),
                   section={"anchor": texts[best][0], "heading": texts[best][1]},
                   sections=[{"anchor": texts[i][0], "heading": texts[i][1],
                              "snippet": snippet(texts[i][2], marker, SUB_SNIPPET_WORDS)}
                             for i in more])

    # -- sections ------------------------------------------------------------------------------
    def terms_of_sections(self, docnum: int, texts) -> list[set[str]]:
        found = self._section_terms.get(docnum)
        if found is None:
            if len(self._section_terms) > CACHE_WORDS:
                self._section_terms.clear()
            found = self._section_terms[docnum] = [
                set(self.analyser.terms(self.analyser.tokens(text))) for _, _, text in texts]
        return found

    def best_sections(self, docnum: int, texts, words: list[str]) -> tuple[int, list[int]]:
        """The section with the most words of the query (the first of equals; the first
        section when none has any), and up to MORE_SECTIONS others that have some, with a
        heading to link to."""
        terms = self.terms_of_sections(docnum, texts)
        trees = [self.tree(w) for w in words]
        counts = [sum(1 for t in trees if _matches(t, found)) for found in terms]
        order = sorted((i for i, c in enumerate(counts) if c), key=lambda i: (-counts[i], i))
        best = order[0] if order else 0
        more = [i for i in order if i != best and texts[i][0]][:MORE_SECTIONS]
        return best, more

    # -- a suggestion ----------------------------------------------------------------------------
    def closest(self, word: str) -> str | None:
        """The corpus word nearest to `word` (same first two letters, at most 1 edit for
        words up to 4 letters, 2 for longer ones); more frequent first, then alphabetical.
        Every corpus word finds a page."""
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

    def suggest(self, parsed: Parsed, filters: dict, total: int, per_word: dict,
                unfiltered: int) -> dict | None:
        """Nothing found because of the filters: how many without them. A word that finds
        no page at all: the query with each such word replaced by the nearest corpus word,
        when that query finds pages with every word."""
        words = parsed.words
        if total == 0 and filters and unfiltered:
            return {"kind": "filters", "q": " ".join(self.shown(w) for w in words),
                    "total": unfiltered}
        unknown = [w for w in words if not self._scores(w)]
        if not unknown:
            return None
        fixed: list[str] = []
        replaced = False
        for word in words:
            near = self.closest(word) if word in unknown else word
            replaced = replaced or (near is not None and near != word)
            if near and near not in fixed:
                fixed.append(near)
        if replaced:
            found = set(self._docnums(fixed, filters))
            for word in parsed.excluded:
                found.difference_update(self._scores(word))
            if found:
                q = [self.shown(w) for w in fixed] + ["-" + w for w in parsed.excluded]
                return {"kind": "words", "q": " ".join(q), "total": len(found)}
        return None

    def shown(self, word: str) -> str:
        return self.display.get(word, word)


def _matches(node: tuple, terms: set[str]) -> bool:
    kind, value = node
    if kind == "term":
        return value in terms
    if kind == "and":
        return all(_matches(n, terms) for n in value)
    return any(_matches(n, terms) for n in value)


def elsewhere(siblings: dict, lang: str, text: str, filters) -> list[dict]:
    """The portal's other languages in which some page has every word of the query (read
    with that language's words), with how many such pages."""
    out = []
    for other, engine in siblings.items():
        if other == lang or engine is None:
            continue
        found = engine.search(text, filters, limit=0)
        if found.full:
            out.append({"lang": other, "total": found.full})
    return out


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


def snippet(body: str, marker: Marker, size: int = SNIPPET_WORDS) -> list:
    """About `size` words of a section around its most highlighted stretch."""
    text = unicodedata.normalize("NFC", body)[:SECTION_LIMIT]
    tokens = list(analysis.WORD_RE.finditer(text))
    if not tokens:
        return []
    hits = [i for i, m in enumerate(tokens) if marker.hit(m.group(0))]
    first = 0
    if hits:
        best = -1
        for i in hits:
            start = max(0, i - SNIPPET_LEAD)
            inside = sum(1 for h in hits if start <= h < start + size)
            if inside > best:
                best, first = inside, start
    last = min(len(tokens), first + size)
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
