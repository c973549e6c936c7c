"""Reference values worked out by hand, written into the tests.

The other search and authoring tests compare the site with itself (Whoosh with the browser,
the build with the golden files); they keep passing when a constant of a formula is wrong on
both sides. Here the expected numbers come from the formulas as documented
(docs/dev/search.md, plugins/content_model/plain_language.py's docstring,
docs/authors/README.md §7), counted and computed by hand, never from the code under test:
change a weight, K1, B or a readability constant and a test below fails.

1. Search: a three-document English index built with the project's own code
   (`search.export.build`: schema, analysis, writer, export), queried with the project's own
   engines (`search.query.Engine`; `theme/static/js/search.js` under node), scores checked
   against BM25F computed by hand.
2. Plain language: Flesch-Douma (nl), Kandel-Moles (fr), Flesch reading ease (en) on
   sentences whose words, sentences and syllables are counted by hand; the thresholds of the
   author-facing warnings, just above and just below.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# =============================================================================================
# 1. Search: BM25F by hand
# =============================================================================================
#
# Documented (docs/dev/search.md, "Query and ranking"): Whoosh's BM25F with B = 0.75 and
# K1 = 1.2, each field scored on its own and added, query boosts title x 4, summary x 2,
# body x 1; the idf rounded to a multiple of 2**-20 and each field score to a multiple of
# 2**-16. Whoosh's formula (whoosh/scoring.py, installed 2.7.x):
#
#     bm25(idf, tf, fl, avgfl, B, K1) = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * fl / avgfl))
#     idf = log(N / (df + 1)) + 1          (df: documents with the term *in that field*)
#
# The values below are written out here, not read from search.index: a wrong constant there
# must not leak into the expected numbers.
DOC_B, DOC_K1 = 0.75, 1.2
DOC_BOOSTS = {"title": 4, "summary": 2, "body": 1}

# Three English documents (no compound splitting in English; every word below is a content
# word, none is a stop word, none stems to `garden` or `lemon` but `garden`/`lemon` itself).
# Field lengths are counted in words after analysis:
#
#   doc  field    text                                    length  tf(garden)  tf(lemon)
#   X    title    Apple orchard                           2       0           0
#   X    summary  Garden garden                           2       2           0
#   X    body     Garden lemon river stone cloud paper    6       1           1
#   Y    title    Garden lemon garden tools               4       2           1
#   Y    summary  River stone cloud paper music bread     6       0           0
#   Y    body     Garden bench                            2       1           0
#   Z    title    Garden river stone cloud paper music    6       1           0
#   Z    summary  Garden lemon cloud paper                4       1           1
#   Z    body     River stone cloud music                 4       0           0
#
# N = 3. Average field length: title (2+4+6)/3 = 4, summary (2+6+4)/3 = 4, body (6+2+4)/3 = 4
# (lengths up to 10 are stored exactly in Whoosh's 256 length steps).
DOCS = {  # slug: (title, summary, body); slugs in index order (type, then slug)
    "x-orchard": ("Apple orchard", "Garden garden", "Garden lemon river stone cloud paper"),
    "y-tools": ("Garden lemon garden tools", "River stone cloud paper music bread",
                "Garden bench"),
    "z-music": ("Garden river stone cloud paper music", "Garden lemon cloud paper",
                "River stone cloud music"),
}
LENGTHS = {"title": [2, 4, 6], "summary": [2, 6, 4], "body": [6, 2, 4]}

# -- query `garden` ----------------------------------------------------------------------------
# In every field `garden` is in 2 of the 3 documents: idf = log(3 / (2 + 1)) + 1 = 1 exactly.
# With K1 = 1.2, B = 0.75, avgfl = 4 the length factor is K1 * (0.25 + 0.75 * fl / 4):
#   fl = 2: 1.2 * 0.625 = 0.75      fl = 4: 1.2 * 1 = 1.2      fl = 6: 1.2 * 1.375 = 1.65
# Field scores (then rounded to n / 65536):
#   X summary tf 2, fl 2: 2 * 2.2 / (2 + 0.75) = 4.4 / 2.75 = 1.6        -> 104858 / 65536
#   X body    tf 1, fl 6: 2.2 / (1 + 1.65)     = 44 / 53 = 0.830188...   ->  54407 / 65536
#   Y title   tf 2, fl 4: 4.4 / (2 + 1.2)      = 1.375                   ->  90112 / 65536
#   Y body    tf 1, fl 2: 2.2 / (1 + 0.75)     = 44 / 35 = 1.257142...   ->  82388 / 65536
#   Z title   tf 1, fl 6: 44 / 53                                        ->  54407 / 65536
#   Z summary tf 1, fl 4: 2.2 / 2.2            = 1                       ->  65536 / 65536
# Documents (boosts 4 / 2 / 1):
#   X = 2 * 104858/65536 + 1 * 54407/65536 = 264123 / 65536 = 4.0301971435546875
#   Y = 4 * 1.375       + 1 * 82388/65536 = 5.5 + 1.25714111328125 = 6.75714111328125
#   Z = 4 * 54407/65536 + 2 * 1           = 3.32073974609375 + 2    = 5.32073974609375
# Ranking: Y, Z, X. (With boosts 1/1/1 it would be Y 2.63, X 2.43, Z 1.83; with the summary
# and body boosts swapped X 3.26, Y 8.01, Z 4.32.)
GARDEN = {"y-tools": 6.75714111328125, "z-music": 5.32073974609375,
          "x-orchard": 4.0301971435546875}

# -- query `lemon` -----------------------------------------------------------------------------
# In every field `lemon` is in 1 document: idf = log(3 / 2) + 1 = 1.4054651081081644,
# rounded: 1473737 / 2**20 = 1.4054651260375977.
#   Y title   tf 1, fl 4: idf * 2.2 / 2.2 = idf = 1.40546512... -> 92109 / 65536
#   Z summary tf 1, fl 4: idf                                   -> 92109 / 65536
#   X body    tf 1, fl 6: idf * 44 / 53 = 1.16680123...         -> 76467 / 65536
#   Y = 4 * 92109/65536 = 5.62188720703125
#   Z = 2 * 92109/65536 = 2.810943603515625
#   X = 1 * 76467/65536 = 1.1667938232421875
# Ranking: Y, Z, X (summary and body boosts swapped: Y, X, Z).
LEMON = {"y-tools": 5.62188720703125, "z-music": 2.810943603515625,
         "x-orchard": 1.1667938232421875}


def _bm25_by_hand(idf: float, tf: int, fl: int, avgfl: float) -> float:
    return idf * tf * (DOC_K1 + 1) / (tf + DOC_K1 * (1 - DOC_B + DOC_B * fl / avgfl))


def _round(value: float, quantum: int) -> float:
    return math.floor(value * quantum + 0.5) / quantum


def test_hand_arithmetic_is_consistent():
    """The literals above are what the documented formula gives (a check of the comments'
    arithmetic, independent of the project's code)."""
    one = _round(math.log(3 / 3) + 1, 2 ** 20)
    assert one == 1.0

    def field(idf, tf, fl):
        return _round(_bm25_by_hand(idf, tf, fl, 4), 2 ** 16)

    assert field(one, 2, 2) == 104858 / 65536 and field(one, 1, 6) == 54407 / 65536
    assert field(one, 2, 4) == 90112 / 65536 and field(one, 1, 2) == 82388 / 65536
    assert field(one, 1, 4) == 1.0
    title, summary, body = DOC_BOOSTS["title"], DOC_BOOSTS["summary"], DOC_BOOSTS["body"]
    assert GARDEN == {
        "x-orchard": summary * field(one, 2, 2) + body * field(one, 1, 6),
        "y-tools": title * field(one, 2, 4) + body * field(one, 1, 2),
        "z-music": title * field(one, 1, 6) + summary * field(one, 1, 4),
    }
    rare = _round(math.log(3 / 2) + 1, 2 ** 20)
    assert rare == 1473737 / 2 ** 20
    assert LEMON == {"y-tools": title * field(rare, 1, 4),
                     "z-music": summary * field(rare, 1, 4),
                     "x-orchard": body * field(rare, 1, 6)}
    assert field(rare, 1, 4) == 92109 / 65536 and field(rare, 1, 6) == 76467 / 65536


def test_configured_weights_are_the_documented_ones():
    from search import index

    doc = (ROOT / "docs" / "dev" / "search.md").read_text("utf-8")
    found = re.search(r"BM25F \(`B = ([\d.]+)`, `K1 = ([\d.]+)`\)", doc)
    assert found, "docs/dev/search.md no longer states B and K1"
    assert (float(found.group(1)), float(found.group(2))) == (DOC_B, DOC_K1)
    boosts = re.search(r"title × (\d+), summary × (\d+), body × (\d+)", doc)
    assert boosts, "docs/dev/search.md no longer states the boosts"
    assert dict(zip(("title", "summary", "body"), map(int, boosts.groups()), strict=True)) \
        == DOC_BOOSTS
    assert index.BOOSTS == DOC_BOOSTS
    assert (index.B, index.K1) == (DOC_B, DOC_K1)
    assert (index.IDF_QUANTUM, index.SCORE_QUANTUM) == (2 ** 20, 2 ** 16)


@pytest.fixture(scope="module")
def three_docs(tmp_path_factory):
    """The three documents indexed by the project's code: (Whoosh index folder, static site
    folder holding search/en/, the export's meta)."""
    from search.export import build
    from search.model import SearchDoc

    root = tmp_path_factory.mktemp("reference")
    docs = [SearchDoc(slug, "en", "measure", f"/en/measures/{slug}/", *texts)
            for slug, texts in DOCS.items()]
    files = build(docs, "en", root / "index")
    site = root / "site"
    for rel, data in files.items():
        path = site / "search" / "en" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root / "index", site, json.loads(files["meta.json"])


@pytest.fixture(scope="module")
def whoosh_engine(three_docs):
    from search.query import Engine

    engine = Engine(three_docs[0])
    yield engine
    engine.close()


def test_the_index_has_the_hand_counted_lengths(three_docs, whoosh_engine):
    """The premises of the hand computation: N, field lengths, average lengths, tf."""
    _, _, meta = three_docs
    assert meta["n"] == 3 and meta["fields"] == ["title", "summary", "body"]
    assert meta["len"] == [LENGTHS["title"], LENGTHS["summary"], LENGTHS["body"]]
    assert meta["avgfl"] == [4, 4, 4]
    reader = whoosh_engine.reader
    assert [reader.stored_fields(d)["slug"] for d in range(3)] == list(DOCS)
    for name, lengths in LENGTHS.items():
        assert [reader.doc_field_length(d, name) for d in range(3)] == lengths
        assert whoosh_engine.searcher.avg_field_length(name) == 4
    tf = {name: dict(reader.postings(name, "garden").items_as("frequency"))
          for name in ("title", "summary", "body")}
    assert tf == {"title": {1: 2, 2: 1}, "summary": {0: 2, 2: 1}, "body": {0: 1, 1: 1}}


@pytest.mark.parametrize("query,expected", [("garden", GARDEN), ("lemon", LEMON)])
def test_whoosh_scores_equal_bm25f_by_hand(whoosh_engine, query, expected):
    results = whoosh_engine.search(query)
    assert results.total == 3
    assert [h.slug for h in results.hits] == list(expected)  # the ranking
    for hit in results.hits:
        assert hit.score == pytest.approx(expected[hit.slug], abs=1e-6), hit.slug


def test_title_beats_summary_beats_body(whoosh_engine):
    """`lemon` once in a 4-word title (Y), once in a 4-word summary (Z), once in a 6-word body
    (X): title x 4 > summary x 2 > body x 1, whatever the documents' order in the index."""
    hits = whoosh_engine.search("lemon").hits
    assert [h.slug for h in hits] == ["y-tools", "z-music", "x-orchard"]
    y, z, x = (h.score for h in hits)
    assert y == pytest.approx(2 * z, abs=1e-9)  # same field score, boost 4 against 2


def test_the_export_carries_the_documented_constants(three_docs):
    meta = three_docs[2]
    assert meta["boost"] == [DOC_BOOSTS[f] for f in ("title", "summary", "body")]
    assert (meta["B"], meta["K1"], meta["iq"], meta["sq"]) == (DOC_B, DOC_K1, 2 ** 20, 2 ** 16)


@pytest.fixture(scope="module")
def node():
    from search.node import NodeEngine

    with NodeEngine() as engine:
        yield engine


@pytest.mark.parametrize("query,expected", [("garden", GARDEN), ("lemon", LEMON)])
def test_browser_engine_scores_equal_bm25f_by_hand(three_docs, node, query, expected):
    answer = node.search(three_docs[1], "en", query)
    assert answer["total"] == 3
    assert [h["slug"] for h in answer["hits"]] == list(expected)
    for hit in answer["hits"]:
        assert hit["score"] == pytest.approx(expected[hit["slug"]], abs=1e-6), hit["slug"]


# =============================================================================================
# 2. Plain language: readability by hand
# =============================================================================================
#
# Documented (plain_language.py, docs/authors/README.md §7):
#   nl  Flesch-Douma         206.835 - 0.93  x words/sentences - 77   x syllables/words
#   fr  Kandel-Moles         207     - 1.015 x words/sentences - 73.6 x syllables/words
#   en  Flesch reading ease  206.835 - 1.015 x words/sentences - 84.6 x syllables/words
# Warnings: a sentence of more than 25 words (fr 30), a word of more than 20 letters (fr 16,
# en 15), and a whole text (3 sentences or more) scoring below 50 (fr 55).
FORMULA = {"nl": (206.835, 0.93, 77.0), "fr": (207.0, 1.015, 73.6), "en": (206.835, 1.015, 84.6)}
LIMITS = {  # sentence words, word letters, minimum score
    "nl": (25, 20, 50.0), "fr": (30, 16, 55.0), "en": (25, 15, 50.0)}
SCORE_NAMES = {"nl": "Flesch-Douma", "fr": "Kandel-Moles", "en": "Flesch reading ease"}


def _by_hand(lang: str, words: int, sentences: int, syllables: int) -> float:
    base, per_word, per_syllable = FORMULA[lang]
    return base - per_word * words / sentences - per_syllable * syllables / words


# Words whose syllables are not open to debate, counted by hand (hyphens: the syllables).
# French words end in a pronounced vowel or a consonant, never in a mute e, except where the
# test says so (the project counts a final mute e as silent: « porte » is one syllable).
VOCABULARY = {
    "nl": {1: ["kat", "zit", "mat", "huis", "boek", "melk", "brood", "fiets"],
           2: ["ta-fel", "wa-ter", "ap-pel", "moe-der", "kof-fie", "sui-ker", "zo-mer",
               "win-ter"],
           3: ["kin-de-ren", "to-ma-ten", "te-le-foon", "bak-ke-rij"]},
    "fr": {1: ["chat", "dort", "sur", "nous", "vous", "pain", "bon", "beau"],
           2: ["jar-din", "ma-tin", "pe-tit", "a-vez", "mai-son", "lun-di", "ca-fé", "a-mi"],
           3: ["a-ni-mal", "cho-co-lat", "ci-né-ma", "ca-na-pé"]},
    "en": {1: ["cat", "sat", "mat", "dog", "sun", "bread", "milk", "book"],
           2: ["gar-den", "sis-ter", "wa-ter", "pa-per", "hap-py", "win-dow"],
           3: ["ba-na-na", "com-pu-ter", "hol-i-day", "to-ma-to"]},
}
MORE_WORDS = {
    "nl": ["de", "op", "mijn", "vrij-heid", "op-lei-ding", "ge-meen-te", "eeuw", "moei-lijk",
           "blij"],
    "fr": ["le", "un", "grand", "so-cié-té", "i-dée", "an-née", "jour-née", "du-rée",
           "por-te:1", "por-tes:1"],
    "en": ["the", "a", "my", "lit-tle", "ta-ble", "peo-ple", "make:1", "a-gree", "de-gree",
           "while:1", "role:1", "whole:1", "ag-ile:2"],
}


def _hand_cases(lang):
    for count, words in VOCABULARY[lang].items():
        for word in words:
            yield lang, word.replace("-", ""), count
    for word in MORE_WORDS[lang]:
        written, _, forced = word.partition(":")
        yield lang, written.replace("-", ""), int(forced) if forced else written.count("-") + 1


def _rules(lang):
    from content_model import plain_language

    return plain_language.RULES[lang]


@pytest.mark.parametrize("lang,word,count",
                         [case for lang in FORMULA for case in _hand_cases(lang)])
def test_syllables_counted_by_hand(lang, word, count):
    from content_model.plain_language import syllables

    assert syllables(word, _rules(lang)) == count
    assert syllables(word.capitalize(), _rules(lang)) == count


# A diaeresis (trema) starts a new syllable: Dutch `ideeën` is i-dee-ën, French `naïf` is
# na-ïf. The vowel-group rule joins it to the vowel before it.
@pytest.mark.parametrize("lang,word,count", [
    ("nl", "ideeën", 3), ("nl", "België", 3), ("nl", "cliënt", 2), ("nl", "reünie", 3),
    ("nl", "coördinator", 5), ("fr", "naïf", 2), ("fr", "Noël", 2), ("fr", "maïs", 2),
    # Dutch `ij` before a vowel is a consonant and a vowel: ri-jen, bij-een, vrij-uit
    ("nl", "rijen", 2), ("nl", "bijeen", 2), ("nl", "vrijuit", 2), ("nl", "blijven", 2),
    ("nl", "ijzer", 2), ("nl", "zijn", 1), ("nl", "vrijheid", 2), ("nl", "gebruiken", 3)])
def test_a_diaeresis_or_ij_before_a_vowel_starts_a_syllable(lang, word, count):
    from content_model.plain_language import syllables

    assert syllables(word, _rules(lang)) == count


# Reference texts: a heading (not counted) and two sentences of six words each.
REFERENCE = {
    # De(1) kat(1) zit(1) op(1) de(1) mat(1): 6 words, 6 syllables.
    # Mijn(1) moe-der(2) drinkt(1) kof-fie(2) met(1) sui-ker(2): 6 words, 9 syllables.
    # 12 words, 2 sentences, 15 syllables: 206.835 - 0.93 x 6 - 77 x 1.25
    #                                     = 206.835 - 5.58 - 96.25 = 105.005
    "nl": ("# Een titel met heel veel lettergrepen\n\n"
           "De kat zit op de mat. Mijn moeder drinkt koffie met suiker.", 12, 2, 15, 105.005),
    # Le(1) chat(1) dort(1) sur(1) un(1) beau(1) ta-pis(2): 7 words, 8 syllables.
    # Vous(1) a-vez(2) un(1) grand(1) jar-din(2): 5 words, 7 syllables.
    # 12 words, 2 sentences, 15 syllables: 207 - 1.015 x 6 - 73.6 x 1.25
    #                                     = 207 - 6.09 - 92 = 108.91
    "fr": ("# Un titre aux nombreuses syllabes\n\n"
           "Le chat dort sur un beau tapis. Vous avez un grand jardin.", 12, 2, 15, 108.91),
    # The(1) cat(1) sat(1) on(1) the(1) mat(1): 6 words, 6 syllables.
    # My(1) lit-tle(2) sis-ter(2) has(1) a(1) gar-den(2): 6 words, 9 syllables.
    # 12 words, 2 sentences, 15 syllables: 206.835 - 1.015 x 6 - 84.6 x 1.25
    #                                     = 206.835 - 6.09 - 105.75 = 94.995
    "en": ("# A heading with extraordinarily many syllables\n\n"
           "The cat sat on the mat. My little sister has a garden.", 12, 2, 15, 94.995),
}


@pytest.mark.parametrize("lang", FORMULA)
def test_readability_of_reference_text_by_hand(lang):
    from content_model.markdown_text import blocks, body_lines
    from content_model.plain_language import readability, sentences

    text, words, sentence_count, syllable_count, value = REFERENCE[lang]
    assert _by_hand(lang, words, sentence_count, syllable_count) == pytest.approx(value,
                                                                                  abs=1e-9)
    found = [s for b in blocks(body_lines(text, 1)) if b.kind != "heading"
             for s in sentences(b, _rules(lang))]
    assert (sum(len(s.words) for s in found), len(found), sum(s.syllables for s in found)) \
        == (words, sentence_count, syllable_count)
    assert readability(lang, text) == pytest.approx(value, abs=1e-9)


def _sentence(lang: str, words: int, syllables: int, start: int) -> str:
    """A sentence of `words` hand-counted words with `syllables` syllables in all."""
    extra = syllables - words
    threes, twos = extra // 2, extra % 2
    assert 0 <= extra and threes + twos <= words
    vocab = VOCABULARY[lang]
    picked = ([vocab[3][(start + i) % len(vocab[3])] for i in range(threes)]
              + [vocab[2][(start + i) % len(vocab[2])] for i in range(twos)]
              + [vocab[1][(start + i) % len(vocab[1])] for i in range(words - threes - twos)])
    text = " ".join(w.replace("-", "") for w in picked)
    return text[0].upper() + text[1:] + "."


def _text(lang: str, sentences: int, words: int, syllables: int) -> str:
    """One paragraph of `sentences` sentences with `words` words and `syllables` syllables."""
    out = []
    for n in range(sentences):
        w = words // sentences + (n < words % sentences)
        y = syllables // sentences + (n < syllables % sentences)
        out.append(_sentence(lang, w, y, n))
    return " ".join(out)


def _check(lang: str, body: str):
    from content_model.plain_language import check_text

    return check_text("item.md", lang, body, 10)


def _overall(problems):
    return [p for p in problems if "hard to read" in p.message]


# (sentences, words, syllables) just above and just below the minimum score, found by trying
# every text of 3 to 6 sentences of 4 to 20 words:
BOUNDARY = {
    # nl, minimum 50:
    #   4 sentences, 43 words, 82 syllables: 206.835 - 0.93 x 43/4 - 77 x 82/43
    #     = 206.835 - 9.9975 - 146.8372093... = 50.0002906...        (no warning)
    #   3 sentences, 21 words, 41 syllables: 206.835 - 0.93 x 7 - 77 x 41/21
    #     = 206.835 - 6.51 - 150.3333333... = 49.9916666...          (warning)
    "nl": ((4, 43, 82, 50.000290697674), (3, 21, 41, 49.991666666667)),
    # fr, minimum 55:
    #   6 sentences, 53 words, 103 syllables: 207 - 1.015 x 53/6 - 73.6 x 103/53
    #     = 207 - 8.9658333... - 143.0339622... = 55.0002044...      (no warning)
    #   6 sentences, 63 words, 121 syllables: 207 - 1.015 x 10.5 - 73.6 x 121/63
    #     = 207 - 10.6575 - 141.3587301... = 54.9837698...           (warning)
    "fr": ((6, 53, 103, 55.000204402516), (6, 63, 121, 54.983769841270)),
    # en, minimum 50:
    #   5 sentences, 78 words, 130 syllables: 206.835 - 1.015 x 15.6 - 84.6 x 130/78
    #     = 206.835 - 15.834 - 141 = 50.001                          (no warning)
    #   6 sentences, 33 words, 59 syllables: 206.835 - 1.015 x 5.5 - 84.6 x 59/33
    #     = 206.835 - 5.5825 - 151.2545454... = 49.9979545...        (warning)
    "en": ((5, 78, 130, 50.001), (6, 33, 59, 49.997954545455)),
}


@pytest.mark.parametrize("lang", FORMULA)
def test_readability_warning_just_above_and_just_below_the_minimum(lang):
    from content_model.plain_language import readability

    minimum = LIMITS[lang][2]
    (s1, w1, y1, above), (s2, w2, y2, below) = BOUNDARY[lang]
    assert _by_hand(lang, w1, s1, y1) == pytest.approx(above, abs=1e-9)
    assert _by_hand(lang, w2, s2, y2) == pytest.approx(below, abs=1e-9)
    assert below < minimum < above and above - below < 0.02

    easy, hard = _text(lang, s1, w1, y1), _text(lang, s2, w2, y2)
    assert readability(lang, easy) == pytest.approx(above, abs=1e-9)
    assert readability(lang, hard) == pytest.approx(below, abs=1e-9)
    assert _check(lang, easy) == []
    found = _check(lang, hard)
    assert len(found) == 1 and found == _overall(found)
    assert found[0].severity == "warning" and found[0].line == 10
    assert f"{SCORE_NAMES[lang]} score " in found[0].message
    assert f"(aim for {minimum:.0f} or more)" in found[0].message


@pytest.mark.parametrize("lang", FORMULA)
def test_a_score_equal_to_the_minimum_gets_no_warning(lang, monkeypatch):
    """"Below 50 (French 55)": a score exactly at the minimum is fine. No text of 3 to 6
    sentences scores exactly 50 or 55 in floating point, so the minimum is moved onto the
    score of a text (and one step of a float above it)."""
    from dataclasses import replace

    from content_model import plain_language

    text = _text(lang, *BOUNDARY[lang][1][:3])
    value = plain_language.readability(lang, text)
    rules = plain_language.RULES[lang]
    monkeypatch.setitem(plain_language.RULES, lang, replace(rules, minimum_score=value))
    assert _overall(_check(lang, text)) == []
    monkeypatch.setitem(plain_language.RULES, lang,
                        replace(rules, minimum_score=math.nextafter(value, math.inf)))
    assert len(_overall(_check(lang, text))) == 1


@pytest.mark.parametrize("lang", FORMULA)
def test_two_sentences_never_get_the_score_warning(lang):
    """The score is only given for 3 sentences or more: two very hard sentences pass."""
    hard = _text(lang, 2, 8, 24)  # 8 words of 3 syllables: far below any minimum
    assert _by_hand(lang, 8, 2, 24) < 0
    assert _overall(_check(lang, hard)) == []
    assert _overall(_check(lang, hard + " " + _sentence(lang, 4, 12, 0))) != []


@pytest.mark.parametrize("lang", FORMULA)
def test_long_sentence_warning_starts_one_word_above_the_limit(lang):
    limit = LIMITS[lang][0]
    for words, warned in ((limit, False), (limit + 1, True)):
        found = [p for p in _check(lang, _sentence(lang, words, words, 0))
                 if "a sentence of" in p.message]
        assert bool(found) is warned, words
        if warned:
            assert f"a sentence of {limit + 1} words (more than {limit})" in found[0].message


LONG_WORDS = {  # (exactly the limit, one letter more)
    "nl": ("arbeidsmarktanalyses", "arbeidsmarktanalysten"),
    "fr": ("professionnelles", "constitutionnelle"),
    "en": ("internationally", "responsibilities"),
}


@pytest.mark.parametrize("lang", FORMULA)
def test_long_word_warning_starts_one_letter_above_the_limit(lang):
    limit = LIMITS[lang][1]
    fits, too_long = LONG_WORDS[lang]
    assert (len(fits), len(too_long)) == (limit, limit + 1)
    short = VOCABULARY[lang][1]
    found = [p for p in _check(lang, f"{short[0].capitalize()} {fits} {too_long} {short[1]}.")
             if "long word" in p.message]
    assert [p.message for p in found] == [f"long word: {too_long}"]
