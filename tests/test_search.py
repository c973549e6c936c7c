"""Search with Whoosh: analysis, the index built by the build, the export, the command line and
the service (search/, plugins/search_index/). The browser engine: test_search_engines.py and
test_search_browser.py."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from search import analysis
from search.cli import main as cli_main
from search.export import export
from search.index import index_home
from search.query import MAX_QUERY_CHARS, MAX_WORDS, Engine, engine_for
from search.service import make_app, respond

HOSTILE = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "loopbaan AND NOT zorg",
    "title:(zorg OR *)", "lo*p?aan~2", "{{7*7}} ${7*7} %s %n", "\\x00\x00\u202e\ufeff",
    "'; DROP TABLE docs; --", "zorg" * 3000, "a " * 5000, "💼🔍 ẞtraße ﬁnancement",
    "../../etc/passwd", "\n\t\r", "", "   ", "*", "?", "((((((", "and or not",
]


@pytest.fixture(scope="module")
def nl(fixture_site):
    return engine_for(index_home(fixture_site) / "nl")


@pytest.fixture(scope="module")
def portal_nl(portal_site):
    return engine_for(index_home(portal_site) / "nl")


# -- analysis ---------------------------------------------------------------------------------
@pytest.mark.parametrize("written,folded", [
    ("Énergie", "energie"), ("ENERGIE", "energie"), ("Straße", "strasse"), ("Œuvre", "oeuvre"),
    ("ﬁnancement", "financement"), ("naïef", "naief"), ("Ærø", "aero"), ("Ça", "ca"),
])
def test_folding_drops_accents_and_case(written, folded):
    assert analysis.fold(written) == folded


def test_words_drop_stop_words_and_keep_order():
    assert analysis.words("De loopbaan van een werknemer, en zijn opleiding.", "nl") == \
        ["loopbaan", "werknemer", "opleiding"]
    assert analysis.words("Les congés de l'employeur", "fr") == ["conges", "employeur"]


def test_dutch_stemming_joins_inflections():
    stem = analysis.stemmer("nl")
    assert stem("besparingen") == stem("besparing")
    assert stem("gemeenten") == stem("gemeente")


def test_compounds_split_on_known_words_only():
    stem = analysis.stemmer("nl")
    known = {stem(w) for w in ("loopbaan", "begeleiding", "arbeid", "markt", "verlof")}
    splitter = analysis.CompoundSplitter(stem, known.__contains__)
    assert splitter.split("loopbaanbegeleiding") == ["loopbaan", "begeleiding"]
    assert [stem(p) for p in splitter.split("arbeidsmarkt")] == ["arbeid", "markt"]
    assert splitter.split("loopbaanverlof") == ["loopbaan", "verlof"]
    assert splitter.split("opleiding") is None
    assert splitter.split("xyzloopbaan") is None  # every part must be a known word


# -- the index the build made -----------------------------------------------------------------
def test_build_publishes_the_export_and_keeps_whoosh_out_of_output(fixture_site):
    for lang in ("nl", "fr", "en"):
        meta = json.loads((fixture_site / "search" / lang / "meta.json").read_text("utf-8"))
        assert meta["lang"] == lang and meta["n"] > 0
        assert (index_home(fixture_site) / lang / "overstap.json").exists()
    assert not list(fixture_site.rglob("*.seg")) and not list(fixture_site.rglob("_*.toc"))


def test_export_is_deterministic_and_matches_what_was_published(fixture_site):
    folder = index_home(fixture_site) / "nl"
    first, second = export(folder), export(folder)
    assert first == second
    for rel, data in first.items():
        assert (fixture_site / "search" / "nl" / rel).read_bytes() == data


def test_drafts_and_the_home_page_are_not_searchable(nl):
    assert "klad" not in {h.slug for h in nl.search("klad").hits}
    slugs = {nl.reader.stored_fields(d)["slug"] for d in range(nl.reader.doc_count_all())}
    assert "klad" not in slugs and "later" not in slugs and "home" not in slugs


def test_compound_query_finds_its_parts_and_the_reverse(portal_nl):
    # the compound finds pages with its parts, and a part finds the compound
    begeleiding = {h.slug for h in portal_nl.search("begeleiding", limit=50).hits}
    assert "loopbaanbegeleiding" in begeleiding
    compound = portal_nl.search("loopbaanbegeleiding", limit=50)
    assert compound.hits[0].slug == "loopbaanbegeleiding"
    assert portal_nl.splitter.split("loopbaanbegeleiding") == ["loopbaan", "begeleiding"]


def test_title_and_summary_weigh_more_than_body(portal_nl):
    hits = portal_nl.search("opleiding").hits
    assert hits[0].slug == "opleiding"  # "Opleiding en leren op het werk"


def test_accents_do_not_matter(portal_site):
    fr = engine_for(index_home(portal_site) / "fr")
    with_accent = [h.slug for h in fr.search("carrière").hits]
    assert with_accent and with_accent == [h.slug for h in fr.search("CARRIERE").hits]


def test_filters_keep_only_matching_documents(portal_nl):
    every = portal_nl.search("werk", limit=50)
    measures = portal_nl.search("werk", {"type": ["measure"]}, limit=50)
    assert 0 < measures.total < every.total
    assert {h.type for h in measures.hits} == {"measure"}
    both = portal_nl.search("werk", {"type": ["measure", "case"], "sectors": ["zorg"]}, limit=50)
    assert both.hits and all(h.type in ("measure", "case") for h in both.hits)
    nothing = portal_nl.search("werk", {"sectors": ["no-such-sector"]})
    assert nothing.total == 0 and nothing.suggestion["kind"] == "filters"


def test_no_results_suggests_a_correction(portal_nl):
    results = portal_nl.search("loopbaanbegelijding")
    assert results.total == 0
    assert results.suggestion == {"kind": "words", "q": "loopbaanbegeleiding",
                                  "total": portal_nl.search("loopbaanbegeleiding").total}


def test_snippets_highlight_the_query_words(portal_nl):
    hit = portal_nl.search("loopbaancheques").hits[0]
    assert ["loopbaancheques", True] in hit.snippet or any(
        m and "loopbaancheques" in t.lower() for t, m in hit.snippet)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_crash(portal_nl, text):
    results = portal_nl.search(text, {"type": [text[:100]], "sectors": text})
    assert len(results.query) <= MAX_QUERY_CHARS and len(results.words) <= MAX_WORDS
    assert all(len(w) <= analysis.MAX_WORD for w in results.words)
    json.dumps(results.as_dict())


def test_operators_and_wildcards_are_not_words(portal_nl):
    # OR and AND in capitals are left out, wildcards are not words
    assert portal_nl.search("zorg OR xyzzyq").words == ["zorg", "xyzzyq"]
    assert portal_nl.search("zorg AND werk").words == ["zorg", "werk"]
    assert portal_nl.search("zorg*").total == portal_nl.search("zorg").total


# -- partial matches, operators, sections: a garden worked out by hand --------------------------
#: Five documents (English), in index order. Which words each has (stemmed: gardens = garden):
#:   a-alpha  title: garden, tools   summary: tools, garden   body: spade, rake
#:   b-beta   title: river           summary: boats, river    body: garden, river
#:   c-gamma  title: orchard         summary: apple, trees    body: garden, apple, spade
#:   d-delta  title: stone           summary: stone, wall     body: wall, stone
#:   e-shed   title: shed            summary: shed            sections: (no heading) shed,
#:            back | "Tools": tools, hoe, rake | "Paint": paint, shed, green
GARDEN = [
    ("a-alpha", "Garden tools", "Tools for the garden", "Spade rake", None),
    ("b-beta", "River", "Boats on the river", "Gardens by the river", None),
    ("c-gamma", "Orchard", "Apple trees", "Garden apple spade", None),
    ("d-delta", "Stone", "Stone wall", "Wall of stone", None),
    ("e-shed", "Shed", "A shed", None, [["", "", "A shed at the back."],
                                       ["tools", "Tools", "Tools: a hoe and a rake."],
                                       ["paint", "Paint", "Paint the shed green."]]),
]


@pytest.fixture(scope="module")
def garden(tmp_path_factory):
    """(Whoosh engine, static site with search/en/) of GARDEN."""
    from search.export import build as build_export
    from search.model import SearchDoc

    root = tmp_path_factory.mktemp("garden")
    docs = [SearchDoc(slug, "en", "measure", f"/en/measures/{slug}/", title, summary,
                      body or " ".join(s[2] for s in sections), sections=sections or [])
            for slug, title, summary, body, sections in GARDEN]
    for rel, data in build_export(docs, "en", root / "index").items():
        path = root / "site" / "search" / "en" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    engine = Engine(root / "index")
    yield engine, root / "site"
    engine.close()


@pytest.fixture(scope="module")
def node():
    from search.node import NodeEngine

    with NodeEngine() as engine:
        yield engine


#: query -> [(slug, words it lacks)], best first, worked out from the table above: pages with
#: more of the words first; among equals, the higher score (a word in a title, boosted 4,
#: outweighs one in a body; a shorter field weighs more).
RANKED = {
    # xyzzy is nowhere: a and c have garden and spade, a in its title; b garden only
    "garden spade xyzzy": [("a-alpha", ["xyzzy"]), ("c-gamma", ["xyzzy"]),
                           ("b-beta", ["spade", "xyzzy"])],
    # b has both; a (garden in its title) before c (garden in its body)
    "gardens river": [("b-beta", []), ("a-alpha", ["river"]), ("c-gamma", ["river"])],
    "garden -spade": [("b-beta", [])],  # a and c have spade: left out
    "garden NOT river": [("a-alpha", []), ("c-gamma", [])],
    "garden not river": [("b-beta", []), ("a-alpha", ["river"]), ("c-gamma", ["river"])],
    '"garden spade" river': [("a-alpha", ["river"]), ("c-gamma", ["river"])],  # b lacks spade
    "garden OR river": [("b-beta", []), ("a-alpha", ["river"]), ("c-gamma", ["river"])],
    "-garden": [],  # nothing to look for
    # d has two words; then garden in a title (a), in a body of 2 words (b), of 3 words (c)
    "stone wall Garden": [("d-delta", ["Garden"]), ("a-alpha", ["stone", "wall"]),
                          ("b-beta", ["stone", "wall"]), ("c-gamma", ["stone", "wall"])],
}


@pytest.mark.parametrize("query", list(RANKED))
def test_partial_matches_rank_the_pages_with_the_most_words_first(garden, node, query):
    engine, site = garden
    found = engine.search(query)
    expected = RANKED[query]
    assert [(h.slug, h.missing) for h in found.hits] == expected
    assert found.total == len(expected)
    assert found.full == sum(1 for _, missing in expected if not missing)
    browser = node.search(site, "en", query)
    assert [(h["slug"], h["missing"]) for h in browser["hits"]] == expected
    assert (browser["total"], browser["full"]) == (found.total, found.full)


def test_the_query_syntax(garden, node):
    engine, site = garden
    cases = {
        'garden -spade NOT "river boats" OR "stone wall" AND': (
            ["garden", "stone", "wall"], ["stone", "wall"], ["spade", "river", "boats"]),
        "«apple trees» -»": (["apple", "trees"], ["apple", "trees"], []),
        "job-to-job -hr-dienst": (["job"], [], ["hr", "dienst"]),
        "NOT": ([], [], []),
    }
    for text, (words, required, excluded) in cases.items():
        parsed = engine.parse(text)
        assert (parsed.words, parsed.required, parsed.excluded) == (words, required, excluded)
        browser = node.parse(site, "en", text)
        assert (browser["words"], browser["required"], browser["excluded"]) == \
            (words, required, excluded)


def test_a_suggestion_only_offers_words_that_find_pages(garden, node):
    engine, site = garden
    # gardn finds nothing; garden is one letter away, and garden spade finds a and c
    fixed = engine.search("gardn spade")
    assert [h.slug for h in fixed.hits] == ["a-alpha", "c-gamma"]  # spade, in the shorter body
    assert fixed.suggestion == {"kind": "words", "q": "garden spade", "total": 2}
    # garden stone: no page has both, so no suggestion (not the most common word either)
    assert engine.search("gardn stone").suggestion is None
    assert engine.search("xyzzy garden").suggestion is None  # nothing near xyzzy
    for query in ("gardn spade", "gardn stone", "xyzzy garden"):
        assert node.search(site, "en", query)["suggestion"] == engine.search(query).suggestion


@pytest.mark.parametrize("query,section,more", [
    ("hoe", "tools", []),
    ("paint green", "paint", []),  # both words in Paint
    ("hoe green", "tools", ["paint"]),  # one word in each: the first, and the other below
    ("shed", "", ["paint"]),  # the text before the first heading, then Paint
    ("boats", "", []),  # in no section (the summary): the first one
])
def test_each_result_leads_to_the_section_that_matched(garden, node, query, section, more):
    engine, site = garden
    hit = engine.search(query).hits[0]
    assert hit.section["anchor"] == section
    assert [s["anchor"] for s in hit.sections] == more
    browser = node.search(site, "en", query)["hits"][0]
    assert (browser["section"], browser["sections"]) == (hit.section, hit.sections)
    assert browser["marks"]["snippet"] == hit.snippet


@pytest.mark.parametrize("query,excerpt", [
    # hoe in Tools (the result's section), green in Paint: Paint is a sub-result
    ("hoe green", [["Paint the shed ", False], ["green", True], [".", False]]),
    # shed before the first heading (the result's section) and in Paint
    ("shed", [["Paint the ", False], ["shed", True], [" green.", False]]),
])
def test_each_sub_result_has_an_excerpt_of_its_section(garden, node, query, excerpt):
    """Under a result, every other section that matched shows its own excerpt, the query's
    words marked (here the whole section: it is shorter than an excerpt)."""
    engine, site = garden
    hit = engine.search(query).hits[0]
    assert [(s["anchor"], s["heading"], s["snippet"]) for s in hit.sections] == \
        [("paint", "Paint", excerpt)]
    browser = node.search(site, "en", query)["hits"][0]
    assert browser["sections"] == hit.sections


def _section_text(page: Path, anchor: str) -> str:
    """The text of a built page from the heading with this id (included: a section's text
    starts with its heading) to the next heading, spaces collapsed (read with lxml, not with
    the search code)."""
    from lxml import html as lxml_html

    tree = lxml_html.parse(str(page))
    start = tree.xpath(f'//*[@id="{anchor}"]')[0]
    parts = [start.text_content()]
    for node in start.itersiblings():
        if node.tag in ("h2", "h3", "h4", "h5", "h6"):
            break
        parts.append(node.text_content())
    return " ".join(" ".join(parts).split())


def test_sub_result_excerpts_come_from_their_section_on_the_page(portal_nl, portal_site):
    """Each sub-result's excerpt is a stretch of that section's text as the page shows it,
    at most SUB_SNIPPET_WORDS words, with at least one of the query's words marked."""
    from search.query import SUB_SNIPPET_WORDS

    seen = 0
    for query in ("loopbaanbegeleiding", "opleiding verlof", "werkgever", "loopbaancheques",
                  "tijdelijk werklozen in de zorg"):
        for hit in portal_nl.search(query).hits:
            page = portal_site / hit.url.strip("/") / "index.html"
            for sub in hit.sections:
                text = "".join(piece for piece, _ in sub["snippet"])
                text = " ".join(text.removeprefix("… ").removesuffix(" …").split())
                assert text and text in _section_text(page, sub["anchor"]), (query, hit.url)
                assert len(analysis.WORD_RE.findall(text)) <= SUB_SNIPPET_WORDS
                assert any(marked for _, marked in sub["snippet"]), (query, hit.url, sub)
                seen += 1
    assert seen >= 10  # the queries do reach sub-results


# -- the command line --------------------------------------------------------------------------
def test_cli_shows_sub_results_with_their_excerpts(portal_nl, portal_site, capsys):
    """Each result's other sections that matched: heading, address, excerpt ([marked])."""
    query = "opleiding verlof"
    hits = [h for h in portal_nl.search(query).hits if h.sections]
    assert hits, "the query reaches sub-results"
    assert cli_main([query, "--lang", "nl", "--output", str(portal_site)]) == 0
    out = capsys.readouterr().out.splitlines()
    for hit in hits:
        for sub in hit.sections:
            line = f"    > {sub['heading']}  {hit.url}#{sub['anchor']}"
            assert line in out
            excerpt = "".join(f"[{p}]" if m else p for p, m in sub["snippet"])
            assert out[out.index(line) + 1] == "      " + excerpt


def test_cli_prints_ranked_results_with_urls(fixture_site, capsys):
    assert cli_main(["loopbaanbegeleiding", "--lang", "nl", "--output", str(fixture_site)]) == 0
    out = capsys.readouterr().out
    assert "voor “loopbaanbegeleiding” (nl)" in out
    assert " 1. [Loopbaanbegeleiding]" in out and "/nl/maatregelen/loopbaanbegeleiding/" in out


@pytest.mark.parametrize("lang,one,other", [
    ("nl", "1 resultaat voor “{q}”", "{n} resultaten voor “{q}”"),
    ("fr", "1 résultat pour « {q} »", "{n} résultats pour « {q} »"),
    ("en", "1 result for “{q}”", "{n} results for “{q}”"),
])
def test_cli_counts_in_the_language_searched(fixture_site, capsys, lang, one, other):
    engine = engine_for(index_home(fixture_site) / lang)
    words = sorted(w.decode() if isinstance(w, bytes) else w
                   for w in engine.reader.lexicon("spell"))
    totals = {w: engine.search(w).total for w in words}
    single = next(w for w in words if totals[w] == 1)
    several = next(q for q in [*words, *(f"{single} {w}" for w in words)]
                   if totals.setdefault(q, engine.search(q).total) > 1)
    for query, line in ((single, one), (several, other)):
        assert cli_main([query, "--lang", lang, "--output", str(fixture_site)]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        assert first.startswith(line.format(q=query, n=totals[query])), first
    # a suggestion's count too: one page, in the language's words
    typo = single[:-1] + ("x" if single[-1] != "x" else "y")
    assert cli_main([typo, "--lang", lang, "--output", str(fixture_site)]) == 0
    out = capsys.readouterr().out
    if engine.search(typo).suggestion:
        assert "(1 results)" not in out and one.format(q=single) in out


def test_cli_reads_a_query_that_starts_with_a_minus(fixture_site, capsys):
    out = str(fixture_site)
    assert cli_main(["--output", out, "--json", "--", "-zorg", "werk"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["words"] == ["werk"] and data["excluded"] == ["zorg"]
    assert cli_main(["-zorg", "werk", "--output", out, "--json"]) == 0  # no option either
    assert json.loads(capsys.readouterr().out)["excluded"] == ["zorg"]
    assert cli_main(["--output", out, "--", "--lang", "xx"]) == 0  # words after --
    assert "--lang xx" in capsys.readouterr().out


def test_cli_names_an_unknown_language(fixture_site, capsys):
    assert cli_main(["zorg", "--lang", "de", "--output", str(fixture_site)]) == 1
    err = capsys.readouterr().err
    assert "unknown language 'de'" in err and "en, fr, nl" in err and "build" not in err


def test_cli_type_filter_and_json(fixture_site, capsys):
    assert cli_main(["gent", "--type", "case", "--output", str(fixture_site), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["filters"] == {"type": ["case"]}
    assert data["results"] and {r["type"] for r in data["results"]} == {"case"}


def test_cli_without_index_says_what_to_do(tmp_path, capsys):
    assert cli_main(["zorg", "--output", str(tmp_path / "output")]) == 1
    err = capsys.readouterr().err
    assert "no search index" in err and "make build" in err and "Traceback" not in err


def test_cli_rejects_unknown_facets(fixture_site, capsys):
    assert cli_main(["zorg", "--filter", "colour=blue", "--output", str(fixture_site)]) == 1
    assert "FACET=VALUE" in capsys.readouterr().err


# -- the service ---------------------------------------------------------------------------------
def _get(app, path):
    status, headers, body = respond(app, path)
    return status, dict(headers), json.loads(body)


def test_service_answers_like_the_cli(portal_site, portal_nl):
    app = make_app(portal_site)
    status, headers, data = _get(app, "/api/search?q=loopbaan&lang=nl&type=measure&limit=5")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    direct = portal_nl.search("loopbaan", {"type": ["measure"]}, limit=5)
    assert [r["url"] for r in data["results"]] == [h.url for h in direct.hits]
    assert data["total"] == direct.total


@pytest.mark.parametrize("path,status", [
    ("/api/search?q=zorg&lang=de", 400), ("/api/search?q=zorg&limit=abc", 400),
    ("/api/search?q=zorg&limit=-5", 400), ("/elsewhere", 404),
    ("/api/search?q=" + "x" * 5000, 414), ("/api/search/../../etc/passwd", 404),
])
def test_service_refuses_bad_requests_with_json(portal_site, path, status):
    got, headers, data = _get(make_app(portal_site), path)
    assert got == status and "error" in data


def test_service_caps_results_and_never_shows_tracebacks(portal_site, monkeypatch):
    app = make_app(portal_site)
    _status, _headers, data = _get(app, "/api/search?q=werk&limit=999")
    assert data["limit"] == 50 and len(data["results"]) <= 50

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")
    monkeypatch.setattr(Engine, "search", broken)
    status, _headers, body = respond(app, "/api/search?q=zorg")
    assert status == 500 and b"secret" not in body and b"Traceback" not in body


@pytest.mark.parametrize("text", HOSTILE)
def test_service_escapes_hostile_queries(portal_site, text):
    from urllib.parse import quote

    status, _headers, body = respond(make_app(portal_site),
                                     "/api/search?lang=nl&q=" + quote(text[:1000]))
    assert status in (200, 414)
    assert b"<" not in body  # `<` is sent as \\u003c


def test_service_runs_under_waitress(portal_site):
    """The standalone server (`make_server`, waitress): the app's answers, and its own limits."""
    from search.service import MAX_BODY, make_server

    server = make_server(portal_site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.effective_port}"
        with urllib.request.urlopen(base + "/api/search?q=zorg&lang=en") as response:
            data = json.loads(response.read())
        assert response.status == 200 and data["lang"] == "en"
        assert response.headers["Content-Type"].startswith("application/json")
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(base + "/api/search?lang=xx")
        assert error.value.code == 400 and "error" in json.loads(error.value.read())
        with pytest.raises(urllib.error.HTTPError) as error:  # waitress's own, in plain text
            urllib.request.urlopen(base + "/api/search?q=zorg", data=b"x" * (MAX_BODY + 1))
        assert error.value.code == 413
    finally:
        server.close()
        thread.join(10)


def test_relevance_set_is_public_in_the_docs():
    import tomllib

    from tests.support import FIXTURES, ROOT

    spec = tomllib.loads((FIXTURES / "search" / "relevance.toml").read_text("utf-8"))
    doc = (ROOT / "docs" / "dev" / "search.md").read_text("utf-8")
    missing = [case["q"] for cases in spec.values() for case in cases
               if f"`{case['q']}`" not in doc]
    assert not missing, f"add these queries to docs/dev/search.md: {missing}"
