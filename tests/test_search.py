"""Search with Whoosh: analysis, the index built by the build, the export, the command line and
the service (search/, plugins/search_index/). The browser engine: test_search_engines.py and
test_search_browser.py."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

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


def test_operators_are_words_not_syntax(portal_nl):
    # NOT/OR/AND and wildcards have no meaning: "zorg OR xyzzy" needs both words
    assert portal_nl.search("zorg OR xyzzyq").total == 0
    assert portal_nl.search("zorg*").total == portal_nl.search("zorg").total


# -- the command line --------------------------------------------------------------------------
def test_cli_prints_ranked_results_with_urls(fixture_site, capsys):
    assert cli_main(["loopbaanbegeleiding", "--lang", "nl", "--output", str(fixture_site)]) == 0
    out = capsys.readouterr().out
    assert "for 'loopbaanbegeleiding' (nl)" in out
    assert " 1. [Loopbaanbegeleiding]" in out and "/nl/maatregelen/loopbaanbegeleiding/" in out


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


def test_service_runs_under_wsgiref(portal_site):
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, make_app(portal_site), handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with urllib.request.urlopen(base + "/api/search?q=zorg&lang=en") as response:
            data = json.loads(response.read())
        assert response.status == 200 and data["lang"] == "en"
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(base + "/api/search?lang=xx")
        assert error.value.code == 400
    finally:
        server.shutdown()
        server.server_close()


def test_relevance_set_is_public_in_the_docs():
    import tomllib

    from tests.support import FIXTURES, ROOT

    spec = tomllib.loads((FIXTURES / "search" / "relevance.toml").read_text("utf-8"))
    doc = (ROOT / "docs" / "dev" / "search.md").read_text("utf-8")
    missing = [case["q"] for cases in spec.values() for case in cases
               if f"`{case['q']}`" not in doc]
    assert not missing, f"add these queries to docs/dev/search.md: {missing}"
