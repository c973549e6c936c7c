"""The Whoosh index: schema, scoring model and building, one index per language.

Scoring is Whoosh's BM25F (B=0.75, K1=1.2; title, summary and body scored separately and
added, title and summary boosted) with two roundings that make the browser's arithmetic
equal to Whoosh's bit for bit:

- the idf, `log(N / (df + 1)) + 1`, is rounded to a multiple of 2**-20 (the browser's
  `Math.log` may differ from Python's in the last bit; the export lists the few document
  frequencies whose rounding such a difference could change, with Python's value);
- each term's field score is rounded to a multiple of 2**-16, so that sums of scores are exact
  and do not depend on the order in which Whoosh's matcher tree adds them.

Building (`write_index`) gives the index Whoosh's analyzers and writer would give, about ten
times faster: every distinct written word of the language is analysed once (`analyse`,
analysis.Analyser) and each field is handed to the writer already counted; the writer
(`_Writer`) keeps postings per term in memory instead of sorting them, and what the export
needs stays in memory (`Built`). tests/test_search_build.py compares both, term by term.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Frequency
from whoosh.scoring import BM25F, BM25FScorer, bm25
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from . import analysis
from .model import FACETS, SearchDoc

TEXT_FIELDS = ("title", "summary", "body")
#: Query-time boosts: integers keep boosted scores exact multiples of the score quantum.
BOOSTS = {"title": 4, "summary": 2, "body": 1}
B = 0.75
K1 = 1.2
IDF_QUANTUM = 2 ** 20
SCORE_QUANTUM = 2 ** 16
SPELL_MIN = 3  # suggestions and display forms: words of at least 3 letters
SIDE_FILE = "overstap.json"  # beside Whoosh's files: what the export and suggestions need


def quantize(value: float, quantum: int) -> float:
    return math.floor(value * quantum + 0.5) / quantum


def raw_idf(doc_count: int, doc_frequency: int) -> float:
    return math.log(doc_count / (doc_frequency + 1)) + 1


class PortalBM25F(BM25F):
    """Whoosh's BM25F with the idf and each term score rounded (see the module doc)."""

    def __init__(self):
        super().__init__(B=B, K1=K1)

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        return quantize(raw_idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text)),
                        IDF_QUANTUM)

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return super().scorer(searcher, fieldname, text, qf)
        return PortalScorer(searcher, fieldname, text, self.B, self.K1, qf=qf)


class PortalScorer(BM25FScorer):
    def _score(self, weight, length):
        return quantize(bm25(self.idf, weight, length, self.avgfl, self.B, self.K1),
                        SCORE_QUANTUM)


def make_schema(lang: str, splitter=None) -> Schema:
    text = analysis.analyzer(lang, splitter)
    spell = (analysis.WordTokenizer() | analysis.FoldFilter()
             | StopFilter(stoplist=analysis.stopwords(lang), minsize=SPELL_MIN,
                                   maxsize=analysis.MAX_WORD))
    fields = {
        "slug": ID(stored=True, unique=True),
        "lang": ID(stored=True),
        "url": STORED(),
        "date": DATETIME(stored=True),
        "title": TEXT(analyzer=text, stored=True, phrase=False),
        "summary": TEXT(analyzer=text, stored=True, phrase=False),
        "body": TEXT(analyzer=text, stored=True, phrase=False),
        # the words as written (folded, not stemmed), once per document: suggestions
        "spell": TEXT(analyzer=spell, phrase=False),
        # the body's sections: [[anchor, heading, length], ...] (see `section_texts`)
        "sections": STORED(),
    }
    for key, _taxonomy in FACETS:
        fields[key] = KEYWORD(stored=True, scorable=False)
    return Schema(**fields)


def _date(value: str):
    return dt.datetime.fromisoformat(value) if value else None


def section_texts(stored: dict) -> list[tuple[str, str, str]]:
    """[(anchor, heading, text)] of a document's stored fields: its body cut by section."""
    body = stored.get("body") or ""
    out, at = [], 0
    for anchor, heading, length in stored.get("sections") or [["", "", len(body)]]:
        out.append((anchor, heading, body[at:at + length]))
        at += length + 1
    return out


def section_masks(analyser: analysis.Analyser, texts) -> dict[str, int]:
    """term -> the sections (bit n: section n) whose text has it, for one document."""
    masks: dict[str, int] = {}
    for number, text in enumerate(texts):
        for term in analyser.terms(analyser.tokens(text)):
            masks[term] = masks.get(term, 0) | (1 << number)
    return masks


@dataclass
class Analysed:
    """One language's documents in index order, analysed once: their texts (NFC), the terms
    of every text field and of `spell`, the sections of each body (and which sections hold
    each body term), and the display forms of the folded words."""

    docs: list[SearchDoc]
    texts: list[tuple[str, str, str]]
    terms: list[dict[str, Counter]]
    display: dict[str, str]
    splitter: analysis.CompoundSplitter | None = None
    sections: list[list[list]] = field(default_factory=list)  # [[anchor, heading, length]]
    masks: list[dict[str, int]] = field(default_factory=list)


def analyse(docs: list[SearchDoc], lang: str) -> Analysed:
    docs = sorted(docs, key=SearchDoc.sort_key)
    parts = [[[a, h, unicodedata.normalize("NFC", t)] for a, h, t in d.section_list()]
             for d in docs]
    texts = [(unicodedata.normalize("NFC", d.title), unicodedata.normalize("NFC", d.summary),
              " ".join(t for _, _, t in p)) for d, p in zip(docs, parts, strict=True)]
    words = analysis.Analyser(lang)
    tokens = [[analysis.WORD_RE.findall(t) for t in doc] for doc in texts]
    written = Counter(chain.from_iterable(chain.from_iterable(tokens)))
    if lang in analysis.COMPOUND_LANGS:
        words.split_with(words.vocabulary(written).__contains__)
    spell_words = analysis.Analyser(lang, min_word=SPELL_MIN)
    terms = []
    for doc in tokens:
        counted = {name: words.terms(field) for name, field in zip(TEXT_FIELDS, doc, strict=True)}
        # each written word once per document: suggestions rank by document frequency
        spell = " ".join(sorted(set(words.words(set(chain.from_iterable(doc))))))
        counted["spell"] = Counter(spell_words.words(spell_words.tokens(spell)))
        terms.append(counted)
    masks = [section_masks(words, [t for _, _, t in p]) for p in parts]
    sections = [[[a, h, len(t)] for a, h, t in p] for p in parts]
    return Analysed(docs, texts, terms, display_forms(written, lang), words.splitter,
                    sections, masks)


def display_forms(written: Counter, lang: str) -> dict[str, str]:
    """folded word -> how it is most often written (lowercase, accents kept), where the two
    differ: spelling suggestions show `énergie`, not `energie`. `written`: how often each
    word occurs as written, in the language's titles, summaries and bodies."""
    counts: dict[str, Counter] = {}
    stops = analysis.stopwords(lang)
    for word, count in written.items():
        lower = word.lower()
        folded = analysis.fold(lower)
        if len(folded) >= SPELL_MIN and folded not in stops and folded != lower:
            counts.setdefault(folded, Counter())[lower] += count
    out = {}
    for folded, forms in counts.items():
        best = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out[folded] = best
    return out


def stored_length(length: int) -> int:
    """A field length as Whoosh stores and gives it back: one of 256 steps (0 for none)."""
    step = length_to_byte(length) if length else 0
    return byte_to_length(step) if step else 0


class _Writer(SegmentWriter):
    """Whoosh's SegmentWriter for a new index written in one go, with the same index:

    - a text field's value may come analysed, as a Counter {term: frequency} (what its
      analyzer would give, see `analyse`), its stored text as `_stored_<field>`;
    - postings are kept per term in memory, in document order, instead of in Whoosh's
      sorting pool (documents are only added: only the terms need sorting), and written
      with the field lengths known, not looked up once per posting;
    - what the export needs stays at hand (`Built`).
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.postings: dict[str, dict[bytes, list]] = {}  # field -> term -> postings
        self.stored: list[dict] = []  # each document's stored fields
        self.lengths: dict[str, dict[int, int]] = {}  # field -> document -> its length
        self._indexed: dict[tuple, list] = {}  # (field, value) -> what field.index() gave

    def _items(self, name: str, fieldobj, value):
        """What `fieldobj.index(value)` gives: (term bytes, frequency, weight, value bytes);
        the same for the same value (dates, facets, types repeat)."""
        if isinstance(value, Counter):
            return _counted(fieldobj, value)
        key = (name, value)
        found = self._indexed.get(key)
        if found is None:
            found = self._indexed[key] = list(fieldobj.index(value))
        return found

    def add_document(self, **fields):
        self._check_state()
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        docboost = self._doc_boost(fields)
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        stored_fields = {}
        for name in names:
            value = fields[name]
            if value is None:
                continue
            fieldobj = schema[name]
            if fieldobj.vector or fieldobj.separate_spelling() or fieldobj.column_type:
                raise NotImplementedError(f"{name}: vectors, spelling and columns")
            length = 0
            if fieldobj.indexed:
                boost = self._field_boost(fields, name, docboost)
                terms = self.postings.setdefault(name, {})
                for tbytes, freq, weight, vbytes in self._items(name, fieldobj, value):
                    if fieldobj.scorable:
                        length += freq
                    found = terms.get(tbytes)
                    if found is None:
                        found = terms[tbytes] = []
                    found.append((docnum, weight * boost, vbytes))
            stored = fields.get(f"_stored_{name}", value) if fieldobj.stored else None
            if stored is not None:
                stored_fields[name] = stored
            if length:
                self.lengths.setdefault(name, {})[docnum] = length
            perdoc.add_field(name, fieldobj, stored, length)
        perdoc.finish_doc()
        self.stored.append(stored_fields)
        self._added = True
        self.docnum += 1

    def stored_lengths(self, fieldname: str) -> list[int]:
        """Each document's length of a field, as Whoosh stores and gives it back."""
        found = self.lengths.get(fieldname, {})
        return [stored_length(found.get(docnum, 0)) for docnum in range(self.docnum)]

    def _flush_segment(self):
        """Whoosh's FieldWriter.add_postings, from the postings in memory."""
        self.perdocwriter.close()
        out = self.fieldwriter
        for name in sorted(self.postings):
            fieldobj = self.schema[name]
            lengths = self.stored_lengths(name) if fieldobj.scorable else [0] * self.docnum
            out.start_field(name, fieldobj)
            terms = self.postings[name]
            for tbytes in sorted(terms):
                out.start_term(tbytes)
                add = out.add
                for docnum, weight, vbytes in terms[tbytes]:
                    add(docnum, weight, vbytes, lengths[docnum])
                out.finish_term()
            out.finish_field()
        out.close()


_PACKED = [pack_uint(n) for n in range(256)]


def _counted(fieldobj, value: Counter) -> list:
    """What a text field's `index()` gives for the terms its analyzer would have found."""
    if type(fieldobj.format) is not Frequency:
        raise TypeError("analysed values are for fields with frequencies only")
    boost = fieldobj.format.field_boost
    return [(term.encode("utf-8"), freq, freq * boost,
             _PACKED[freq] if freq < 256 else pack_uint(freq))
            for term, freq in value.items()]


class Built:
    """An index just written, as the export reads it (see export.assemble), from memory."""

    def __init__(self, lang: str, display: dict[str, str], writer: _Writer, masks):
        self.lang, self.display, self.count = lang, display, writer.docnum
        self._writer, self._postings, self._masks = writer, writer.postings, masks

    def masks(self, docnum: int) -> dict[str, int]:
        return self._masks[docnum]

    def postings(self, fieldname: str) -> dict[str, list[int]]:
        out = {}
        for tbytes, found in self._postings.get(fieldname, {}).items():
            flat, last = [], 0
            for docnum, weight, _vbytes in found:
                if weight != int(weight):
                    raise ValueError(f"{fieldname}:{tbytes!r}: weight {weight} is not a count")
                flat += [docnum - last, int(weight)]
                last = docnum
            out[tbytes.decode("utf-8")] = flat
        return out

    def frequencies(self, fieldname: str) -> dict[str, int]:
        return {tbytes.decode("utf-8"): int(sum(weight for _, weight, _ in found))
                for tbytes, found in self._postings.get(fieldname, {}).items()}

    def stored(self, docnum: int) -> dict:
        return self._writer.stored[docnum]

    def lengths(self, fieldname: str) -> list[int]:
        return self._writer.stored_lengths(fieldname)

    def avg_length(self, fieldname: str) -> float:
        return sum(self._writer.lengths.get(fieldname, {}).values()) / (self.count or 1)


def write_index(docs: list[SearchDoc], lang: str, directory: Path) -> Built:
    """Write the Whoosh index of these documents (one language) into `directory` (replaced).
    Documents are added in a fixed order: equal scores rank in that order."""
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    done = analyse(docs, lang)
    ix = whoosh_index.create_in(str(directory), make_schema(lang, done.splitter))
    writer = _Writer(ix)
    for doc, (title, summary, body), terms, sections in zip(
            done.docs, done.texts, done.terms, done.sections, strict=True):
        fields = {"slug": doc.slug, "lang": lang, "url": doc.url,
                  "title": terms["title"], "_stored_title": title,
                  "summary": terms["summary"], "_stored_summary": summary,
                  "body": terms["body"], "_stored_body": body, "spell": terms["spell"],
                  "sections": sections}
        if doc.date:
            fields["date"] = _date(doc.date)
        fields["type"] = doc.type
        for key, _taxonomy in FACETS[1:]:
            values = doc.facets.get(key) or []
            if values:
                fields[key] = " ".join(values)
        writer.add_document(**fields)
    writer.commit()
    ix.close()
    side = {"lang": lang, "display": done.display}
    (directory / SIDE_FILE).write_text(json.dumps(side, ensure_ascii=False, sort_keys=True),
                                       "utf-8")
    return Built(lang, done.display, writer, done.masks)


def index_home(output: Path) -> Path:
    """Where the Whoosh indexes of the site built into `output` live: beside it, in
    `.<output name>.search/<lang>/` (never published)."""
    output = Path(output).resolve()
    return output.parent / f".{output.name}.search"


def open_index(directory: Path):
    return whoosh_index.open_dir(str(directory))
