"""Export one language's Whoosh index to the static files the browser engine reads.

Everything below `search/<lang>/` in the output, all JSON, byte-identical for the same index:

    meta.json      what every query needs first: document count, scoring constants, average
                   field lengths, each document's field lengths (as Whoosh stores them, rounded
                   to its 256 length steps), stop words, compound settings, the shard keys
                   and the word shard keys, and `plain`: the documents whose sections
                   without an anchor are not just the first one (sub-results link to anchors)
    t/<n>.json     terms whose stem starts with keys[n]: {stem: [title, summary, body]}, title
                   and summary a flat list of (document-number gap, term frequency) pairs, body
                   of (gap, frequency, sections) triples: bit n of `sections` is set when the
                   document's section n has the term
    w/<n>.json     written words (folded, not stemmed) that start with wkeys[n], with their
                   frequency (and accented spelling): fetched with the terms, for a "did you
                   mean"
    d/<n>.json     document n: URL, type, title, summary, date, and its first section:
                   anchor, heading and text (the start of it)
    d/<n>/<i>.json the same with section i: a result shown is one request, for the section
                   its snippet comes from
    s/<n>/<i>.json section i of document n alone: [anchor, heading, text], for the excerpt
                   under a sub-result (only sections with an anchor: the others are never
                   linked); fetched with the result, in the same round
    f.json         facet value -> document numbers (gaps): only fetched when filtering

Shard keys are term prefixes: one letter, made longer where a shard would be larger than
SHARD_BYTES, so a query fetches a few small files. Files are fetched with `?v=<version>` (a
hash of their content), so a new build is never mixed with an old cache.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from pathlib import Path

from . import analysis
from .index import (
    BOOSTS,
    IDF_QUANTUM,
    K1,
    SCORE_QUANTUM,
    SIDE_FILE,
    TEXT_FIELDS,
    B,
    PortalBM25F,
    open_index,
    quantize,
    raw_idf,
    section_masks,
    section_texts,
    write_index,
)
from .model import FACET_KEYS
from .query import (
    IGNORED,
    MAX_QUERY_CHARS,
    MAX_RESULTS,
    MAX_WORDS,
    MORE_SECTIONS,
    NEGATIONS,
    QUOTES,
    SECTION_LIMIT,
    SNIPPET_LEAD,
    SNIPPET_WORDS,
    SUB_SNIPPET_WORDS,
)

FORMAT = 3
SHARD_BYTES = 1500  # issue 16: 3000 -> 1500 saved 0.6 KiB of term shards per first query
SPELL_KEY = 2


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def doc_path(docnum: int, section: int) -> str:
    """The file of a document with the text of one of its sections."""
    return f"d/{docnum}.json" if section == 0 else f"d/{docnum}/{section}.json"


def section_path(docnum: int, section: int) -> str:
    """The file of one section of a document, alone (a sub-result's excerpt)."""
    return f"s/{docnum}/{section}.json"


def _gaps(numbers) -> list[int]:
    out, last = [], 0
    for n in numbers:
        out.append(n - last)
        last = n
    return out


class _WhooshSource:
    """What the export needs, read from a Whoosh index."""

    def __init__(self, searcher, lang: str):
        self.searcher, self.reader = searcher, searcher.reader()
        self.count = self.reader.doc_count_all()
        self.analyser = analysis.Analyser(lang)
        if lang in analysis.COMPOUND_LANGS:
            # the index's terms are the corpus vocabulary the build split compounds with
            self.analyser.split_with(
                lambda stem: any((name, stem) in self.reader for name in TEXT_FIELDS))

    def masks(self, docnum: int) -> dict[str, int]:
        return section_masks(self.analyser, [t for _, _, t in section_texts(
            self.reader.stored_fields(docnum))])

    def postings(self, fieldname: str) -> dict[str, list[int]]:
        """term -> flat (document-number gap, term frequency) pairs."""
        out = {}
        reader = self.reader
        for term in reader.lexicon(fieldname):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            flat, last = [], 0
            matcher = reader.postings(fieldname, term)
            while matcher.is_active():
                docnum, weight = matcher.id(), matcher.weight()
                if weight != int(weight):
                    raise ValueError(f"{fieldname}:{text}: weight {weight} is not a count")
                flat += [docnum - last, int(weight)]
                last = docnum
                matcher.next()
            out[text] = flat
        return out

    def frequencies(self, fieldname: str) -> dict[str, int]:
        out = {}
        for term in self.reader.lexicon(fieldname):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            out[word] = int(self.reader.frequency(fieldname, word))
        return out

    def stored(self, docnum: int) -> dict:
        return self.reader.stored_fields(docnum)

    def lengths(self, fieldname: str) -> list[int]:
        return [self.reader.doc_field_length(d, fieldname) or 0 for d in range(self.count)]

    def avg_length(self, fieldname: str) -> float:
        return self.searcher.avg_field_length(fieldname)


def _partition(entries: dict[str, bytes], key: str, terms: list[str], shards: dict) -> None:
    """Give `terms` (all starting with `key`) to shard `key`, or split by one more letter."""
    size = sum(len(entries[t]) for t in terms)
    longer = [t for t in terms if len(t) > len(key)]
    if size <= SHARD_BYTES or not longer:
        shards[key] = terms
        return
    exact = [t for t in terms if len(t) == len(key)]
    if exact:
        shards[key] = exact
    groups: dict[str, list[str]] = defaultdict(list)
    for term in longer:
        groups[term[:len(key) + 1]].append(term)
    for sub in sorted(groups):
        _partition(entries, sub, groups[sub], shards)


def _risky_idfs(doc_count: int) -> dict[str, float]:
    """Document frequencies whose rounded idf a last-bit difference of `log` could change."""
    out = {}
    for df in range(1, doc_count + 1):
        scaled = raw_idf(doc_count, df) * IDF_QUANTUM
        if abs(scaled - math.floor(scaled) - 0.5) < 1e-6:
            out[str(df)] = quantize(raw_idf(doc_count, df), IDF_QUANTUM)
    return out


def build(docs, lang: str, directory: Path) -> dict[str, bytes]:
    """Write the Whoosh index of these SearchDocs (one language) into `directory` and return
    its export, made from memory: the same bytes as `export(directory)`, sooner."""
    built = write_index(docs, lang, directory)
    return assemble(built.lang, built.display, built)


def export(directory: Path) -> dict[str, bytes]:
    """{relative path: bytes} of the static index of the Whoosh index in `directory`."""
    directory = Path(directory)
    side = json.loads((directory / SIDE_FILE).read_text("utf-8"))
    ix = open_index(directory)
    try:
        with ix.searcher(weighting=PortalBM25F()) as searcher:
            return assemble(side["lang"], side["display"], _WhooshSource(searcher, side["lang"]))
    finally:
        ix.close()


def assemble(lang: str, display: dict[str, str], source) -> dict[str, bytes]:
    """The export's files from a source of postings, stored fields and lengths: a Whoosh
    index (`export`) or the index just written, still in memory (`index.Built`): the same
    bytes either way (tests/test_search_build.py)."""
    files: dict[str, bytes] = {}
    count = source.count
    # terms
    per_field = [source.postings(name) for name in TEXT_FIELDS]
    masks = [source.masks(docnum) for docnum in range(count)]
    body = per_field[TEXT_FIELDS.index("body")]
    for term, flat in body.items():  # (gap, tf) -> (gap, tf, sections)
        triples, docnum = [], 0
        for i in range(0, len(flat), 2):
            docnum += flat[i]
            triples += [flat[i], flat[i + 1], masks[docnum][term]]
        body[term] = triples
    terms = sorted(set().union(*per_field))
    entries = {t: dumps([fld.get(t, []) for fld in per_field]) for t in terms}
    shards: dict[str, list[str]] = {}
    for first in sorted({t[0] for t in terms}):
        _partition(entries, first, [t for t in terms if t[0] == first], shards)
    keys = sorted(shards)
    for number, key in enumerate(keys):
        files[f"t/{number}.json"] = b"{" + b",".join(
            dumps(t) + b":" + entries[t] for t in sorted(shards[key])) + b"}"
    # words for suggestions
    spell: dict[str, dict] = defaultdict(lambda: {"f": {}, "d": {}})
    for word, frequency in sorted(source.frequencies("spell").items()):
        shard = spell[word[:SPELL_KEY]]
        shard["f"][word] = frequency
        if word in display:
            shard["d"][word] = display[word]
    wkeys = sorted(spell)
    for number, key in enumerate(wkeys):
        files[f"w/{number}.json"] = dumps(spell[key])
    # documents
    facets: dict[str, dict[str, list[int]]] = {key: defaultdict(list) for key in FACET_KEYS}
    plain: dict[str, list[int]] = {}
    for docnum in range(count):
        stored = source.stored(docnum)
        date = stored.get("date")
        parts = section_texts(stored)
        about = {"k": stored["slug"], "u": stored["url"], "y": stored["type"],
                 "t": stored["title"], "s": stored["summary"],
                 "d": date.date().isoformat() if date else ""}
        for number, (anchor, heading, text) in enumerate(parts):  # a result is one request
            files[doc_path(docnum, number)] = dumps(dict(about, a=anchor, e=heading,
                                                         x=text[:SECTION_LIMIT]))
            if anchor:
                files[section_path(docnum, number)] = dumps([anchor, heading,
                                                             text[:SECTION_LIMIT]])
        unlinked = [number for number, (anchor, _, _) in enumerate(parts) if not anchor]
        if unlinked != [0]:
            plain[str(docnum)] = unlinked
        for key in FACET_KEYS:
            for value in (stored.get(key) or "").split():
                facets[key][value].append(docnum)
    files["f.json"] = dumps({key: {v: _gaps(d) for v, d in values.items()}
                             for key, values in facets.items() if values})
    meta = {
        "format": FORMAT, "lang": lang, "n": count, "fields": list(TEXT_FIELDS),
        "boost": [BOOSTS[name] for name in TEXT_FIELDS], "B": B, "K1": K1,
        "iq": IDF_QUANTUM, "sq": SCORE_QUANTUM, "idf": _risky_idfs(count),
        "avgfl": [source.avg_length(name) or 1 for name in TEXT_FIELDS],
        "len": [source.lengths(name) for name in TEXT_FIELDS],
        "stop": sorted(analysis.stopwords(lang)), "minw": analysis.MIN_WORD,
        "maxw": analysis.MAX_WORD, "spellmin": 3, "spellkey": SPELL_KEY,
        "split": ({"min": analysis.MIN_PART, "links": list(analysis.LINKS)}
                  if lang in analysis.COMPOUND_LANGS else None),
        "keys": keys, "wkeys": wkeys, "facets": list(FACET_KEYS), "plain": plain,
        "maxq": MAX_QUERY_CHARS, "maxwords": MAX_WORDS, "maxresults": MAX_RESULTS,
        "snippet": [SNIPPET_WORDS, SNIPPET_LEAD],
        "subsnippet": [SUB_SNIPPET_WORDS, SNIPPET_LEAD], "more": MORE_SECTIONS,
        "ops": {"not": list(NEGATIONS), "skip": list(IGNORED), "quotes": QUOTES},
    }
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    digest.update(dumps(meta))
    meta["v"] = digest.hexdigest()[:12]
    files["meta.json"] = dumps(meta)
    return files
