"""The browser engine (search-engine.js and the stemmers, run under node) against Whoosh on the
built portal: the same words, the same stems, and for every query and filter (operators
included) the same totals, the same top 10 in the same order with the same scores, the same
missing words, sections, snippets, suggestion and other languages. Then the public relevance
set (tests/fixtures/search/relevance.toml) in both engines, and the rounds of requests."""

from __future__ import annotations

import random
import tomllib

import pytest

from search import analysis
from search.index import index_home
from search.model import FACET_KEYS
from search.node import NodeEngine
from search.query import engine_for
from tests.support import FIXTURES

RELEVANCE = FIXTURES / "search" / "relevance.toml"
LANGS = ("nl", "fr", "en")


@pytest.fixture(scope="module")
def node():
    with NodeEngine() as engine:
        yield engine


def _spell_words(engine) -> list[str]:
    return sorted(w.decode() if isinstance(w, bytes) else w
                  for w in engine.reader.lexicon("spell"))


@pytest.mark.parametrize("lang", LANGS)
def test_stemmers_and_folding_agree_on_the_whole_vocabulary(portal_site, node, lang):
    engine = engine_for(index_home(portal_site) / lang)
    words = _spell_words(engine)
    rng = random.Random(lang)
    # also odd shapes: every suffix and prefix of real words, doubled letters, y/i/u cases
    words += sorted({w[:n] for w in words for n in (2, 3, 5)} | {w[n:] for w in words
                    for n in (1, 3)} | {w + w[-1] for w in words} | {"y" + w for w in words[:50]})
    words += ["".join(rng.choice("aeiouyqlsnrtdkgbe") for _ in range(rng.randint(1, 14)))
              for _ in range(2000)]
    stem = analysis.stemmer(lang)
    assert node.stems(lang, words) == [stem(w) for w in words]
    samples = ["Énergie", "Straße", "ﬁnancement", "ÇA", "naïef", "Ærø", "İstanbul", "½", "Ⅻ"]
    assert node.fold(samples) == [analysis.fold(w) for w in samples]


def _same(whoosh, browser) -> list[str]:
    """The differences between the two answers (empty when equal)."""
    diffs = []
    for key in ("total", "full", "required", "excluded"):
        if getattr(whoosh, key) != browser[key]:
            diffs.append(f"{key} {getattr(whoosh, key)} != {browser[key]}")
    if "elsewhere" in browser and whoosh.elsewhere != browser["elsewhere"]:
        diffs.append(f"elsewhere {whoosh.elsewhere} != {browser['elsewhere']}")
    left = [(h.missing, h.section, h.sections) for h in whoosh.hits]
    right = [(h["missing"], h["section"], h["sections"]) for h in browser["hits"]]
    if left != right:
        diffs.append(f"missing words or sections {left} != {right}")
    left = [(h.slug, h.score) for h in whoosh.hits]
    right = [(h["slug"], h["score"]) for h in browser["hits"]]
    if left != right:
        diffs.append(f"ranking {left} != {right}")
    if [h.snippet for h in whoosh.hits] != [h["marks"]["snippet"] for h in browser["hits"]]:
        diffs.append("snippets differ")
    if [h.title_marked for h in whoosh.hits] != [h["marks"]["title"] for h in browser["hits"]]:
        diffs.append("title highlights differ")
    if whoosh.suggestion != browser["suggestion"]:
        diffs.append(f"suggestion {whoosh.suggestion} != {browser['suggestion']}")
    if whoosh.words != browser["words"]:
        diffs.append(f"words {whoosh.words} != {browser['words']}")
    return diffs


def _queries(engine, lang: str, count: int) -> list[tuple[str, dict]]:
    """Random but repeatable queries: real words, misspelt words, glued words, stop words,
    with and without filters."""
    rng = random.Random(f"queries-{lang}")
    words = _spell_words(engine)
    facets = {}
    for docnum in range(engine.reader.doc_count_all()):
        stored = engine.reader.stored_fields(docnum)
        for key in FACET_KEYS:
            for value in (stored.get(key) or "").split():
                facets.setdefault(key, set()).add(value)
    out = []
    for _ in range(count):
        picked = [rng.choice(words) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        kind = rng.random()
        if kind < 0.15:  # a typo
            w = picked[0]
            at = rng.randrange(len(w))
            picked[0] = w[:at] + rng.choice("aeiost") + w[at + 1:]
        elif kind < 0.25 and len(picked) > 1:  # glued words (compound splitting)
            picked = ["".join(picked[:2])] + picked[2:]
        elif kind < 0.3:
            picked.append(rng.choice(sorted(analysis.stopwords(lang))))
        elif kind < 0.4:  # a word that is nowhere: partial matches
            picked.append("".join(rng.choice("qxzjw") for _ in range(6)))
        elif kind < 0.5 and len(picked) > 1:  # an operator
            picked[-1] = rng.choice(("-", "NOT ", '"')) + picked[-1] + \
                (rng.choice(('"', "")) if kind < 0.45 else "")
        text = " ".join(w.upper() if rng.random() < 0.1 else w for w in picked)
        filters = {}
        if rng.random() < 0.3:
            key = rng.choice(sorted(facets))
            filters[key] = rng.sample(sorted(facets[key]), min(2, len(facets[key])))
        out.append((text, filters))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_browser_top10_equals_whoosh_top10(portal_site, node, lang):
    engine = engine_for(index_home(portal_site) / lang)
    queries = _queries(engine, lang, 120) + [
        ("<script>alert(1)</script>", {}), ("zorg OR *", {}), ("x" * 500, {}), ("", {}),
        ("loopbaanbegeleiding opleidingsverlof", {"type": ["measure", "case"]}),
        ("werk", {"type": ["measure"], "sectors": ["zorg", "alle-sectoren"]}),
        ("loopbaanbegeleiding xyzzyq", {}), ("loopbaan -begeleiding", {}),
        ("NOT loopbaan werk", {}), ('"loopbaan begeleiding" werk', {}), ("zorg OR werk", {}),
        ("loopbaanbegeleiding werknemers delen", {}), ("formation carrière", {}),
        ("career guidance", {}), ("loopbaanbegelijding opleiding", {}),
    ]
    siblings = {other: engine_for(index_home(portal_site) / other) for other in LANGS}
    failures = []
    for number, (text, filters) in enumerate(queries):
        ask_others = number % 4 == 0 or number >= len(queries) - 14
        whoosh = engine.search(text, filters, siblings=siblings if ask_others else None)
        browser = node.search(portal_site, lang, text, filters,
                              siblings=LANGS if ask_others else ())
        diffs = _same(whoosh, browser)
        if diffs:
            failures.append(f"{text!r} {filters}: " + "; ".join(diffs))
    assert not failures, "\n".join(failures[:10])


def test_later_pages_agree_too(portal_site, node):
    engine = engine_for(index_home(portal_site) / "nl")
    whoosh = engine.search("werk", limit=10, offset=10)
    browser = node.search(portal_site, "nl", "werk", limit=10, offset=10)
    assert whoosh.hits and not _same(whoosh, browser)


def _relevance():
    spec = tomllib.loads(RELEVANCE.read_text("utf-8"))
    return [(lang, case) for lang in LANGS for case in spec[lang]]


def test_relevance_set_is_large_enough():
    cases = _relevance()
    assert len([c for _lang, c in cases if c["expect"]]) >= 30
    assert {lang for lang, _c in cases} == set(LANGS)


@pytest.mark.parametrize("lang,case", _relevance(), ids=lambda v: v if isinstance(v, str)
                         else v["q"])
def test_relevance_set_in_whoosh_and_in_the_browser_engine(portal_site, node, lang, case):
    engine = engine_for(index_home(portal_site) / lang)
    whoosh = [h.slug for h in engine.search(case["q"], case.get("filters")).hits[:3]]
    browser = [h["slug"] for h in node.search(portal_site, lang, case["q"],
                                                case.get("filters"))["hits"][:3]]
    missing = [slug for slug in case["expect"] if slug not in whoosh]
    assert not missing, f"Whoosh top 3 for {case['q']!r}: {whoosh}, missing {missing}"
    assert browser == whoosh


def test_any_query_needs_three_rounds_of_requests_at_most(portal_site, node):
    """meta.json, then every term shard (compound pieces included), then the results and a
    suggestion's shards: never a fourth round before the results can be shown, whatever the
    words (up to 10), compounds, typos, operators or filters. The sub-results come after, in
    one round of their own: one section file per sub-result Whoosh shows, none before.
    (Counted by answering each round's requests together.)"""
    spec = tomllib.loads(RELEVANCE.read_text("utf-8"))
    queries = [(lang, case["q"], case.get("filters") or {}) for lang in LANGS
               for case in spec[lang]]
    queries += [
        ("nl", "arbeidsmarktbeleid loopbaanbegeleidingstrajecten opleidingsverlofregeling "
               "werkschakelpuntwerking sectorfondsenbeleid", {}),
        ("nl", "loopbaanbegelijding werknemersdelen -zorg \"tijdelijke werkloosheid\" opleiding "
               "haven logistiek crisis jobcrafting verlof", {"type": ["measure"]}),
        ("fr", "accompagnement carriere formation congé mobilité interne soins secteur fonds "
               "transition", {"type": ["case", "story"]}),
        ("en", "training leave career guidance secondment xyzzyq", {}),
    ]
    filled = 0
    for lang, q, filters in queries:
        got, fill = node.rounds_and_fill(portal_site, lang, q, filters)
        assert len(got) <= 3, f"{lang} {q!r}: {len(got)} rounds: {got}"
        assert got[0] == ["meta.json"]
        assert not [p for r in got for p in r if p.startswith("s/")], f"{lang} {q!r}: {got}"
        subs = sum(len(h.sections) for h in
                   engine_for(index_home(portal_site) / lang).search(q, filters).hits)
        assert len(fill) == (1 if subs else 0), f"{lang} {q!r}: fill {fill}"
        assert sorted(p.split("/")[0] for r in fill for p in r) == ["s"] * subs
        filled += bool(subs)
    assert filled >= len(queries) // 2  # the fill was seen, not only its absence
