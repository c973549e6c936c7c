"""The Whoosh index: schema, scoring model and building, one index per language.

Scoring is Whoosh's BM25F (B=0.75, K1=1.2; title, summary and body scored separately and
added, title and summary boosted) with two roundings that make the browser's arithmetic
equal to Whoosh's bit for bit:

- the idf, `log(N / (df + 1)) + 1`, is rounded to a multiple of 2**-20 (the browser's
  `Math.log` may differ from Python's in the last bit; the export lists the few document
  frequencies whose rounding such a difference could change, with Python's value);
- each term's field score is rounded to a multiple of 2**-16, so that sums of scores are exact
  and do not depend on the order in which Whoosh's matcher tree adds them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.scoring import BM25F, BM25FScorer, bm25

from . import analysis
from .model import FACETS, SearchDoc

TEXT_FIELDS = ("title", "summary", "body")
#: Query-time boosts: integers keep boosted scores exact multiples of the score quantum.
BOOSTS = {"title": 4, "summary": 2, "body": 1}
B = 0.75
K1 = 1.2
IDF_QUANTUM = 2 ** 20
SCORE_QUANTUM = 2 ** 16
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
             | StopFilter(stoplist=analysis.stopwords(lang), minsize=3,
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
    }
    for key, _taxonomy in FACETS:
        fields[key] = KEYWORD(stored=True, scorable=False)
    return Schema(**fields)


def _date(value: str):
    return dt.datetime.fromisoformat(value) if value else None


def display_forms(docs: list[SearchDoc], lang: str) -> dict[str, str]:
    """folded word -> how it is most often written (lowercase, accents kept), where the two
    differ: spelling suggestions show `énergie`, not `energie`."""
    counts: dict[str, Counter] = {}
    stops = analysis.stopwords(lang)
    for doc in docs:
        for text in (doc.title, doc.summary, doc.body):
            for match in analysis.WORD_RE.finditer(unicodedata.normalize("NFC", text)):
                written = match.group(0).lower()
                folded = analysis.fold(written)
                if len(folded) >= 3 and folded not in stops and folded != written:
                    counts.setdefault(folded, Counter())[written] += 1
    out = {}
    for folded, forms in counts.items():
        best = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out[folded] = best
    return out


def build_index(docs: list[SearchDoc], lang: str, directory: Path) -> Path:
    """Write the Whoosh index of these documents (one language) into `directory` (replaced).
    Documents are added in a fixed order: equal scores rank in that order."""
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    docs = sorted(docs, key=SearchDoc.sort_key)
    splitter = None
    if lang in analysis.COMPOUND_LANGS:
        known = analysis.vocabulary(
            (t for d in docs for t in (d.title, d.summary, d.body)), lang)
        splitter = analysis.CompoundSplitter(analysis.stemmer(lang), known.__contains__)
    ix = whoosh_index.create_in(str(directory), make_schema(lang, splitter))
    writer = ix.writer(procs=1, limitmb=256)
    for doc in docs:
        title, summary, body = (unicodedata.normalize("NFC", t)
                                for t in (doc.title, doc.summary, doc.body))
        # each written word once per document: suggestions rank by document frequency
        spell = " ".join(sorted(set(analysis.words("\n".join((title, summary, body)), lang))))
        fields = {"slug": doc.slug, "lang": lang, "url": doc.url, "title": title,
                  "summary": summary, "body": body, "spell": spell}
        if doc.date:
            fields["date"] = _date(doc.date)
        fields["type"] = doc.type
        for key, _taxonomy in FACETS[1:]:
            values = doc.facets.get(key) or []
            if values:
                fields[key] = " ".join(values)
        writer.add_document(**fields)
    writer.commit()
    side = {"lang": lang, "display": display_forms(docs, lang)}
    (directory / SIDE_FILE).write_text(json.dumps(side, ensure_ascii=False, sort_keys=True),
                                       "utf-8")
    return directory


def index_home(output: Path) -> Path:
    """Where the Whoosh indexes of the site built into `output` live: beside it, in
    `.<output name>.search/<lang>/` (never published)."""
    output = Path(output).resolve()
    return output.parent / f".{output.name}.search"


def open_index(directory: Path):
    return whoosh_index.open_dir(str(directory))
