"""Facts the other tests left unchecked, found by `invoke mutants` (tools/mutants.py).

Each test below states a fact about the output with an expectation worked out here (by hand,
or from content/ read with test_site_truth's own reader), never from the code under test;
each names the one-line regressions (mutants) it catches:

1. A boundary site: the fixture site plus generated Dutch measures that sit on the limits the
   site model has: a region hub with exactly 3 measures (no wider level) and one with exactly
   2 (the wider level), a general audience value (audience hubs never widen), and more items
   than a feed carries (50). The truth and invariant tests run on it.
2. Combination hubs exist for exactly the pairs of specific values some item carries
   together: never for a general value (every sector, all of Flanders).
3. Dutch compounds: the linking `-en-` (`mensenrechten` = `mens` + `rechten`), and parts of
   at least four letters (`dakgoot` is no compound of `dak`).
4. The query: every word must be there (AND), in Whoosh and in the browser engine.
5. The export: facet lists (f.json) name exactly the documents with the value; the average
   field lengths are each field's own (counted by hand), and the browser engine scores as
   Whoosh does where they differ.
6. The build date is an input of the whole-build skip: the next day's build is not skipped
   (a scheduled item appears), also when the date comes from OVERSTAP_BUILD_DATE; and every
   other input of that skip (content, theme, plugins, search code, settings files,
   addresses.tsv, options, the runtime) changes its fingerprint.
7. The security policies the build writes let nothing load from another origin (the portal
   makes no requests to other sites): every source is 'self' or 'none'.
8. The raw-HTML check: a table cell's `style` is refused unless it is exactly the alignment
   Markdown writes.
9. Plain language: a hyphenated word counts per part, a part of exactly the limit is fine;
   the words of the title are never too long.
10. Hub pages exist for every value of the funnel but the general ones (all regions).
11. The common headers have their documented values; an embed view's policy allows exactly
    the kinds of resources embed views load.
12. `javascript:` however it is spelt (an entity for a tab, a newline) is reported.
13. Translations may list shared values in another order.
14. An empty feed says it was updated when its language last changed.
15. The output's fingerprint sees a file rewritten with the same size.
16. Accented stop words are stop words however they are written.
17. List order: hub, combination and finder lists by title; library pages newest first.
18. Feed entries carry the item's own title and summary.
19. The sanitiser (the second gate) keeps only the portal's URL schemes.
20. A Dutch compound finds a page only when that page has all of its parts.
21. An old folder address keeps answering as `<address>index.html` too.
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import tests.test_site_invariants as invariants
import tests.test_site_truth as truth
from tests.support import ROOT, SITES, build
from tests.test_site_truth import FUNNEL, Built, content_of, general_terms

FIXTURE = SITES / "multilingual" / "content"


# =============================================================================================
# 1. A site on the boundaries
# =============================================================================================
#: Generated Dutch measures: (name, region, date, sectors). Leuven gets exactly 3 (a hub that
#: shows no wider level: "fewer than 3"), Aalst exactly 2 (the wider level, all of Flanders),
#: the coast the rest, so the Dutch feed has more items than it may carry. One measure is for
#: care and for every sector: in the care hub's own list, never again in its wider one.
AT_THREE = [(f"grens-leuven-{n}", "leuven", f"2026-10-0{n}", "voeding") for n in (1, 2, 3)]
AT_TWO = [(f"grens-aalst-{n}", "aalst", f"2026-10-1{n}", "voeding") for n in (1, 2)]
MANY = [(f"grens-kust-{n:02}", "kust", f"2026-09-{n % 28 + 1:02}", "voeding")
        for n in range(46)] + [("grens-zorg", "kust", "2026-10-20", "zorg, alle-sectoren")]
FEED_LIMIT = 50  # docs/embedding.*.md, "Feeds": at most 50 items per feed
MEASURE = """Title: Grensgeval {title}
Lang: nl
Type: measure
Date: {date}
Summary: Een maatregel op een grens van het sitemodel.
Audiences: iedereen
Sectors: {sectors}
Regions: {region}
Sources: ams-2021
Duration: structureel
Approach: proactief
Focus: beide
Parties: werkgever
Support: opleiding
Target-Groups: algemeen
Level: vlaams
Provider: De werkgever

Een korte tekst over deze maatregel.
"""
#: A general audience value: audience hubs list their own items only, whatever is general.
GENERAL_AUDIENCE = """
[iedereen]
nl = "Iedereen"
fr = "Tout le monde"
en = "Everyone"
general = true
"""


@pytest.fixture(scope="module")
def boundary(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("boundary")
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    with (content / "_data" / "audiences.toml").open("a", encoding="utf-8") as fh:
        fh.write(GENERAL_AUDIENCE)
    for name, region, date, sectors in AT_THREE + AT_TWO + MANY:
        (content / "measures" / "nl" / f"{name}.md").write_text(
            MEASURE.format(title=name.removeprefix("grens-"), date=date, region=region,
                           sectors=sectors), "utf-8")
    out = root / "output"
    code, text = build(content, out)
    assert code == 0, text
    return Built(out, content)


def test_the_boundary_site_sits_on_the_boundaries(boundary):
    """The premises: read back with the independent reader, not from the build."""
    nl = [e for e in content_of(boundary.content) if e.lang == "nl"]
    measures = [e for e in nl if e.type == "measure"]
    assert sum("leuven" in e.terms["regions"] for e in measures) == 3
    assert sum("aalst" in e.terms["regions"] for e in measures) == 2
    assert any("vlaanderen" in e.terms["regions"] for e in measures)  # a wider level exists
    assert len(nl) > FEED_LIMIT + 1
    assert "iedereen" in general_terms(boundary.content, "audiences")
    care = [e for e in measures if "zorg" in e.terms["sectors"]]
    assert len(care) < 3 and any("alle-sectoren" in e.terms["sectors"] for e in care)
    hubs = {doc.get("data-hub") for rel in boundary.html_files()
            for doc in boundary.doc(rel).xpath("//*[@data-hub]")}
    assert {"regions=leuven", "regions=aalst", "audiences=werkgevers"} <= hubs


def test_boundary_hubs_list_exactly_their_items_and_the_wider_level(boundary):
    """Kills: the fallback threshold `< 3` as `<= 3` or `< 2`; audience hubs widened; an
    item of the own list repeated in the wider one."""
    truth.test_every_hub_lists_exactly_the_items_with_its_tags(boundary)


def test_boundary_lists_hold_each_item_once(boundary):
    truth.test_no_list_holds_an_item_twice(boundary)


def test_boundary_counts_equal_the_items_behind_them(boundary):
    truth.test_funnel_door_counts_equal_the_items_behind_the_door(boundary)
    truth.test_filter_counts_equal_the_items_they_lead_to(boundary)


def test_boundary_feeds_carry_at_most_fifty_newest_items(boundary):
    """Kills: a feed limit off by one (the Dutch feed has more items than it may carry)."""
    feed = ET.parse(boundary.root / "nl" / "feeds" / "atom.xml").getroot()
    assert len(feed.findall(f"{invariants.ATOM}entry")) == FEED_LIMIT
    invariants.test_each_feed_holds_its_published_items_newest_first_with_stable_ids(boundary)
    invariants.test_each_json_feed_holds_the_same_items_as_its_atom_twin(boundary)


# =============================================================================================
# 2. Combination hubs: pairs of specific values
# =============================================================================================
@pytest.fixture(scope="module", params=["fixture", "portal"])
def site(request) -> Built:
    if request.param == "fixture":
        return Built(request.getfixturevalue("fixture_site"), FIXTURE)
    return Built(request.getfixturevalue("portal_site"), ROOT / "content")


def expected_combinations(content: Path) -> set[str]:
    """`first=a second=b` for every pair of funnel steps (in funnel order) whose specific
    values some published measure, case or story carries together (any language: the values
    are shared by translations); and every specific sector in every specific region, carried
    together or not (the funnel's last step always exists: audience → sector → region)."""
    sectors, regions = (
        set(tomllib.loads((content / "_data" / f"{tax}.toml").read_text("utf-8")))
        - general_terms(content, tax) for tax in ("sectors", "regions"))
    found = {f"sectors={s} regions={r}" for s in sectors for r in regions}
    for entry in content_of(content):
        for i, first in enumerate(FUNNEL):
            for second in FUNNEL[i + 1:]:
                firsts = entry.terms[first] - general_terms(content, first)
                seconds = entry.terms[second] - general_terms(content, second)
                found |= {f"{first}={a} {second}={b}" for a in firsts for b in seconds}
    return found


def test_combination_hubs_exist_for_pairs_of_specific_values_only(site):
    """Kills: combination steps made for general values too (`specific_terms` unfiltered)."""
    expected = expected_combinations(site.content)
    assert expected, "no combination to expect: the premise is gone"
    by_lang: dict[str, set] = {}
    for rel in site.html_files():
        doc = site.doc(rel)
        if "page-combination" in (doc.find("body").get("class") or "").split():
            hub, = doc.xpath("//*[contains(concat(' ', @class, ' '), ' hub-combination ')]"
                             "/@data-hub")
            by_lang.setdefault(doc.get("lang"), set()).add(hub)
    assert set(by_lang) == set(truth.LANGS)
    for lang, hubs in sorted(by_lang.items()):
        assert hubs == expected, (f"{lang}: unexpected {sorted(hubs - expected)[:5]}, "
                                  f"missing {sorted(expected - hubs)[:5]}")


# =============================================================================================
# 3. Dutch compounds
# =============================================================================================
@pytest.fixture(scope="module")
def splitter():
    from search import analysis

    known = analysis.vocabulary(["Elke mens heeft rechten.", "Het dak en de goot.",
                                 "Werk en tijd."], "nl")
    return analysis.CompoundSplitter(analysis.stemmer("nl"), known.__contains__)


def test_a_compound_joined_by_en_is_split(splitter):
    """`mensen` is not a word of the corpus (only `mens`): the parts are joined by the
    linking `en` (docs/dev/search.md, analysis.py: `arbeid-s-markt`, `zieke-n-huis`).
    Kills: LINKS without "en"."""
    assert splitter.split("mensenrechten") == ["mens", "rechten"]


def test_compound_parts_have_at_least_four_letters(splitter):
    """`dak` and `goot` are both words, but a part has at least four letters: `dakgoot`
    (7 letters) is not split; `werktijd` (4 + 4) is. Kills: MIN_PART 3 (or 5)."""
    assert splitter.split("dakgoot") is None
    assert splitter.split("werktijd") == ["werk", "tijd"]


# =============================================================================================
# 4, 5. Queries and the export, on small indexes made with the project's code
# =============================================================================================
def _index(root: Path, docs: list) -> tuple[Path, Path, dict]:
    """(Whoosh index folder, a static site folder holding search/en/, the export's meta)."""
    from search.export import build as build_export

    files = build_export(docs, "en", root / "index")
    for rel, data in files.items():
        path = root / "site" / "search" / "en" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root / "index", root / "site", json.loads(files["meta.json"])


def _doc(slug: str, title: str, summary: str, body: str, **facets):
    from search.model import SearchDoc

    return SearchDoc(slug, "en", "measure", f"/en/measures/{slug}/", title, summary, body,
                     facets={k: v.split() for k, v in facets.items()})


#: Four documents, in index order (type, then slug). Field lengths in words, and facets:
#:   a-apple  title 1, summary 3, body 5   sectors care       audiences workers  regions ghent
#:   b-pear   title 2, summary 1, body 2   sectors care food  audiences workers
#:   c-fig    title 3, summary 2, body 1   (none)             audiences bosses   regions ghent
#:   d-kiwi   title 2, summary 2, body 4   sectors care
#: Averages: title 8/4 = 2, summary 8/4 = 2, body 12/4 = 3.
FOUR = [
    ("a-apple", "Apple", "Apple pear plum", "Apple pear plum fig kiwi",
     {"sectors": "care", "audiences": "workers", "regions": "ghent"}),
    ("b-pear", "Pear tree", "Fig", "Kiwi lime", {"sectors": "care food", "audiences": "workers"}),
    ("c-fig", "Fig garden orchard", "Garden lime", "Orchard",
     {"audiences": "bosses", "regions": "ghent"}),
    ("d-kiwi", "Kiwi bench", "Kiwi garden", "Bench garden river stone", {"sectors": "care"}),
]
AVERAGES = [2, 2, 3]
FACET_VALUES = {  # facet -> value -> documents, by hand from FOUR
    "sectors": {"care": ["a-apple", "b-pear", "d-kiwi"], "food": ["b-pear"]},
    "audiences": {"workers": ["a-apple", "b-pear"], "bosses": ["c-fig"]},
    "regions": {"ghent": ["a-apple", "c-fig"]},
    "type": {"measure": ["a-apple", "b-pear", "c-fig", "d-kiwi"]},
}


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    docs = [_doc(slug, t, s, b, **f) for slug, t, s, b, f in FOUR]
    return _index(tmp_path_factory.mktemp("four"), docs)


@pytest.fixture(scope="module")
def whoosh(four):
    from search.query import Engine

    engine = Engine(four[0])
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def node():
    from search.node import NodeEngine

    with NodeEngine() as engine:
        yield engine


@pytest.mark.parametrize("query,expected", [
    ("apple", ["a-apple"]),
    ("apple lime", []),  # no document holds both
    ("kiwi garden", ["d-kiwi"]),  # b-pear and a-apple hold kiwi only, c-fig garden only
    ("fig lime", ["b-pear", "c-fig"]),
])
def test_every_word_of_the_query_must_be_there(four, whoosh, node, query, expected):
    """The pages with every word (docs/dev/search.md) are counted apart and come first, the
    others say what they lack: kills `Or` for `And` in `count` and the ranking by words."""
    found = whoosh.search(query, limit=10)
    full = [h.slug for h in found.hits if not h.missing]
    assert sorted(full) == expected and found.full == len(expected)
    assert [h.slug for h in found.hits[:len(expected)]] == full
    assert whoosh.count(query.split()) == len(expected)
    answer = node.search(four[1], "en", query)
    assert sorted(h["slug"] for h in answer["hits"] if not h["missing"]) == expected
    assert answer["full"] == len(expected)


def test_facet_lists_name_exactly_the_documents_with_the_value(four, whoosh, node):
    """f.json, decoded as documented (document-number gaps), for every facet the documents
    carry; filtering in Whoosh and in the browser engine keeps exactly those documents.
    Kills: a wrong gap encoding; a facet left out of the index."""
    _, site, meta = four
    folder = site / "search" / "en"
    slugs = [json.loads((folder / "d" / f"{n}.json").read_text("utf-8"))["k"]
             for n in range(meta["n"])]
    assert slugs == [slug for slug, *_ in FOUR]
    facets = json.loads((folder / "f.json").read_text("utf-8"))
    decoded = {key: {value: [slugs[n] for n in itertools.accumulate(gaps)]
                     for value, gaps in values.items()} for key, values in facets.items()}
    assert decoded == FACET_VALUES
    fruit = {"a-apple", "b-pear", "c-fig", "d-kiwi"}  # `fig` or `kiwi` or ...: every document
    for key, values in FACET_VALUES.items():
        for value, wanted in values.items():
            for query in ("fig", "kiwi"):
                holders = {slug for slug, t, s_, b, _ in FOUR
                           if query in f"{t} {s_} {b}".lower()} & set(wanted) & fruit
                hits = whoosh.search(query, {key: [value]}).hits
                browser = node.search(site, "en", query, {key: [value]})["hits"]
                assert {h.slug for h in hits} == {h["slug"] for h in browser} == holders, \
                    (key, value, query)


def test_each_field_has_its_own_average_length(four, whoosh, node):
    """The export's average field lengths, counted by hand (see FOUR), and the browser
    engine's scores equal Whoosh's where the fields' averages differ. Kills: one field's
    average exported for all."""
    _, site, meta = four
    assert meta["len"] == [[1, 2, 3, 2], [3, 1, 2, 2], [5, 2, 1, 4]]
    assert meta["avgfl"] == AVERAGES
    for query in ("kiwi", "garden", "apple pear", "orchard"):
        mine = {h.slug: h.score for h in whoosh.search(query).hits}
        theirs = {h["slug"]: h["score"] for h in node.search(site, "en", query)["hits"]}
        assert mine and theirs == pytest.approx(mine, abs=1e-9), query


# =============================================================================================
# 6. The build date is an input of the whole-build skip
# =============================================================================================
def test_the_next_days_build_is_not_skipped(tmp_path, monkeypatch):
    """`later.md` is dated 2099-01-01: a build dated that day publishes it, although no file
    changed since the build of the day before. The date here comes from OVERSTAP_BUILD_DATE
    (how `make build` gets it), not from a setting. Kills: the build date left out of
    `fingerprint.inputs`."""
    from safe_publish.build import run

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "output"
    options = {"PATH": str(content), "OUTPUT_PATH": str(out)}
    later = out / "nl" / "maatregelen" / "later" / "index.html"

    def built(day: str) -> str:
        monkeypatch.setenv("OVERSTAP_BUILD_DATE", day)
        stream = io.StringIO()
        assert run(str(ROOT / "pelicanconf.py"), dict(options), stream=stream) == 0, \
            stream.getvalue()
        return stream.getvalue()

    assert built("2098-12-31").startswith("Built ") and not later.exists()
    assert "Nothing changed" in built("2098-12-31")
    assert built("2099-01-01").startswith("Built ")
    assert later.exists()


def test_every_input_of_the_whole_build_skip_changes_its_fingerprint(tmp_path, monkeypatch):
    """safe_publish/fingerprint.py: content, theme, plugins, search code, settings files,
    addresses.tsv, options, build date and runtime. Kills: any of them left out."""
    from safe_publish import fingerprint

    root = tmp_path / "project"
    for name in ("plugins", "search", "theme"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    shutil.copytree(FIXTURE, root / "content")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    (root / "addresses.tsv").write_text("/nl/\thome:nl\n", "utf-8")
    settings = {"PATH": str(root / "content"), "THEME": str(root / "theme")}

    def key(overrides=None, date="2026-11-22"):
        return fingerprint.inputs(settings, str(root / "pelicanconf.py"),
                                  overrides or {"BUILD_DATE": None}, date)

    before = key()
    assert key() == before, "the fingerprint of unchanged inputs is stable"
    for changed in (root / "content" / "measures" / "nl" / "opleiding.md",
                    root / "content" / "_data" / "regions.toml",
                    root / "theme" / "templates" / "base.html",
                    root / "theme" / "translations" / "fr" / "LC_MESSAGES" / "messages.po",
                    root / "plugins" / "portal" / "site.py",
                    root / "search" / "analysis.py",
                    root / "publishconf.py",
                    root / "addresses.tsv"):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert key() != before, changed.relative_to(root)
        changed.write_bytes(original)
        assert key() == before
    assert key({"BUILD_DATE": None, "SITENAME": "Anders"}) != before
    assert key(date="2026-11-23") != before
    monkeypatch.setattr(fingerprint, "runtime_key", lambda: "another Python")
    assert key() != before


# =============================================================================================
# 7. No policy lets anything load from another origin
# =============================================================================================
FETCH = ("default-src", "script-src", "style-src", "img-src", "font-src", "connect-src",
         "frame-src", "media-src", "object-src", "manifest-src", "worker-src", "child-src",
         "base-uri", "form-action")


def _directives(value: str) -> dict[str, list[str]]:
    found = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in found, f"{name} twice in {value!r}"
        found[name] = sources
    return found


def test_no_policy_lets_anything_load_from_another_origin(fixture_site):
    """Every CSP the build writes into _headers (pages, embed views, feeds, static files) and
    the embed views' <meta> policy: each fetch directive allows 'self' or 'none' only, and a
    policy without default-src 'none' names every fetch directive a page needs. Kills:
    connect-src, img-src, font-src ... loosened to another origin or `*`."""
    from embeds.catalogue import Catalogue

    text = (fixture_site / "_headers").read_text("utf-8")
    values = {line.split(":", 1)[1].strip() for line in text.splitlines()
              if line.strip().lower().startswith("content-security-policy:")}
    assert len(values) >= 3, values  # pages, embed views, static files
    for value in values | {Catalogue.meta_policy}:
        directives = _directives(value)
        for name, sources in directives.items():
            if name in FETCH:
                assert sources in (["'self'"], ["'none'"]) or \
                    (name == "style-src" and sources == ["'unsafe-inline'"]
                     and "sandbox" in directives), f"{name} {sources} in {value!r}"
        if directives.get("default-src") != ["'none'"]:
            assert directives.get("default-src") == ["'self'"], value
            for name in ("script-src", "style-src", "img-src", "font-src", "connect-src",
                         "object-src", "base-uri", "form-action"):
                assert name in directives, f"{name} missing from {value!r}"


# =============================================================================================
# 8. The raw-HTML check and table cells
# =============================================================================================
@pytest.mark.parametrize("cell,refused", [
    ('<td style="text-align: left;">1</td>', False),  # what Markdown writes for `:--`
    ('<td style="text-align: center;">1</td>', False),
    ('<td style="color: red">1</td>', True),
    ('<td style="text-align: left; background: url(https://x.example/a.png)">1</td>', True),
    ('<th style="text-align: right; position: fixed">1</th>', True),
])
def test_a_table_cell_style_is_refused_unless_it_is_markdown_alignment(cell, refused):
    """docs/dev/security.md: `style` attributes are refused; Markdown's own column
    alignment is the one exception. Kills: the alignment pattern loosened."""
    from content_model.reader import Item
    from portal.markup import Policy, Renderer, check_item

    body = f"<table><tr>{cell}</tr></table>"
    item = Item("content/measures/nl/x.md", "measure", "nl", "x", {}, {}, body, 20, "")
    problems = check_item(item, Renderer(["extra"], Policy()))
    assert [p.message for p in problems if "`style`" in p.message] == \
        ([f"the `style` attribute on `<{cell[1:3]}>` is not allowed"] if refused else [])


# =============================================================================================
# 9. Long words: hyphenated words count per part
# =============================================================================================
#: (a word of parts of at most the limit, one whose first part is one letter longer): the
#: parts are the words of tests/test_reference_values.py's LONG_WORDS, at the limit (nl 20,
#: fr 16, en 15 letters) and one above it.
HYPHENATED = {
    "nl": ("arbeidsmarktanalyses-overzicht", "arbeidsmarktanalysten-overzicht"),
    "fr": ("professionnelles-belges", "constitutionnelle-belge"),
    "en": ("internationally-minded", "responsibilities-based"),
}


@pytest.mark.parametrize("lang", sorted(HYPHENATED))
def test_a_hyphenated_word_is_long_only_when_a_part_is(lang):
    """plain_language.py: "hyphenated words count per part". Kills: a part of exactly the
    limit called long."""
    from tests.test_reference_values import LIMITS, VOCABULARY, _check

    limit = LIMITS[lang][1]
    fits, too_long = HYPHENATED[lang]
    assert max(len(p) for p in fits.split("-")) == limit < len(fits)
    assert len(too_long.split("-")[0]) == limit + 1
    short = VOCABULARY[lang][1]
    found = [p.message for p in _check(lang, f"{short[0].capitalize()} {fits} {too_long} "
                                              f"{short[1]}.") if "long word" in p.message]
    assert found == [f"long word: {too_long}"]


def test_a_title_word_is_never_too_long(tmp_path):
    """plain_language.check_text: "the words of the title are the subject, never too long";
    another long word in the same text is. Kills: the title's words not exempted."""
    from content_model.plain_language import check_text

    body = "Wat is een arbeidsmarktanalysten? Ook de loopbaanbegeleidingstrajecten helpen."
    found = [p.message for p in check_text("item.md", "nl", body, 10,
                                           title="De arbeidsmarktanalysten")
             if "long word" in p.message]
    assert found == ["long word: loopbaanbegeleidingstrajecten"]


# =============================================================================================
# 10. Hub pages: every value of the funnel but the general ones (every region)
# =============================================================================================
def test_hub_pages_exist_for_every_funnel_value_but_the_general_ones(site):
    """docs: a hub per audience, sector and region; `general` values (every sector) have
    none, but for regions (all of Flanders is a place). Kills: a hub for general sectors."""
    import tomllib

    expected = set()
    for taxonomy in FUNNEL:
        data = tomllib.loads((site.content / "_data" / f"{taxonomy}.toml").read_text("utf-8"))
        general = general_terms(site.content, taxonomy)
        expected |= {f"{taxonomy}={key}" for key in data
                     if key not in general or taxonomy == "regions"}
    by_lang: dict[str, set] = {}
    for rel in site.html_files():
        doc = site.doc(rel)
        if "page-hub" in (doc.find("body").get("class") or "").split():
            hub, = doc.xpath("//*[contains(concat(' ', @class, ' '), ' hub ')]/@data-hub")
            by_lang.setdefault(doc.get("lang"), set()).add(hub)
    assert set(by_lang) == set(truth.LANGS)
    for lang, hubs in sorted(by_lang.items()):
        assert hubs == expected, (f"{lang}: unexpected {sorted(hubs - expected)}, "
                                  f"missing {sorted(expected - hubs)}")


# =============================================================================================
# 11. The common headers, and the embed views' policy
# =============================================================================================
#: docs/dev/security.md: on every response.
COMMON = {"referrer-policy": "strict-origin-when-cross-origin",
          "x-content-type-options": "nosniff"}
FEATURES_OFF = ("camera", "microphone", "geolocation", "payment", "usb", "accelerometer",
                "gyroscope", "magnetometer")


def test_every_response_gets_the_documented_common_headers(fixture_site):
    """Kills: a common header loosened (its value is compared with the module's own constant
    elsewhere, so a wrong constant passed)."""
    from tests.test_headers import headers_for, nginx_headers_for, parse_headers_file, parse_nginx

    rules = parse_headers_file((fixture_site / "_headers").read_text("utf-8"))
    server, locations = parse_nginx((fixture_site / "_nginx-headers.conf").read_text("utf-8"))
    for url in ("/", "/nl/", "/nl/embed/regio/gent/", "/nl/feeds/atom.xml",
                "/theme/css/site.css", "/images/x.png"):
        for sent in ({k: ", ".join(v) for k, v in headers_for(rules, url).items()},
                     nginx_headers_for(server, locations, url)):
            for name, value in COMMON.items():
                assert sent.get(name) == value, f"{url}: {name}: {sent.get(name)}"
            features = dict(f.split("=") for f in sent["permissions-policy"].split(", "))
            assert all(features.get(f) == "()" for f in FEATURES_OFF), f"{url}: {features}"


def test_an_embed_views_policy_allows_exactly_what_embed_views_load(fixture_site):
    """What embed views load, read from their markup (scripts, stylesheets; no forms,
    frames or objects) and images (an item's text may hold one from /images/): their policy
    allows those from the portal and nothing else. Kills: the embed policy loosened where no
    embed view needs it (form-action ...)."""
    import lxml.html

    from embeds.headers import embed_policy

    used = set()
    views = [p for p in fixture_site.rglob("*.html")
             if 'class="embed-view"' in p.read_text("utf-8")[:400]]
    assert len(views) > 10
    for page in views:
        doc = lxml.html.fromstring(page.read_bytes())
        used |= {"script-src"} if doc.xpath("//script[@src]") else set()
        used |= {"style-src"} if doc.xpath("//link[@rel='stylesheet']") else set()
        used |= {"form-action"} if doc.xpath("//form") else set()
        used |= {"frame-src"} if doc.xpath("//iframe") else set()
        assert not doc.xpath("//script[not(@src)] | //*[@style] | //style | //object"), page
    assert {"script-src", "style-src"} <= used
    used.add("img-src")  # texts may hold images (content/images/, published by the portal)
    directives = _directives(embed_policy(["https://partner.example"]))
    assert directives["default-src"] == ["'none'"]
    for name in ("script-src", "style-src", "img-src", "form-action", "frame-src",
                 "connect-src", "font-src", "object-src"):
        allowed = directives.get(name, directives["default-src"])
        assert allowed == (["'self'"] if name in used else ["'none'"]), (name, allowed)


# =============================================================================================
# 12. javascript: however it is spelt
# =============================================================================================
@pytest.mark.parametrize("html", [
    '<a href="java&#9;script:alert(1)">x</a>',  # a tab inside: browsers drop it
    '<a href="java&#10;script:alert(1)">x</a>',  # a newline
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#1;javascript:alert(1)">x</a>',  # a leading control character
    '<img alt="x" src="jav&#13;ascript:alert(1)">',
])
def test_javascript_urls_are_reported_however_they_are_spelt(html):
    """docs/dev/security.md: `javascript:` URLs are content errors. Browsers remove tabs and
    newlines from a URL and skip leading controls and spaces. Kills: a character class
    without the tab."""
    from content_model.reader import Item
    from portal.markup import Policy, Renderer, check_item

    item = Item("content/measures/nl/x.md", "measure", "nl", "x", {}, {}, html, 20, "")
    found = [p.message for p in check_item(item, Renderer(["extra"], Policy()))]
    assert len(found) == 1 and found[0].startswith("`javascript:` addresses are not allowed")


# =============================================================================================
# 13. Translations and the order of shared values
# =============================================================================================
def test_translations_may_list_shared_values_in_another_order(tmp_path):
    """A shared list field (Audiences, Parties ...) holds the same values as the Dutch file;
    their order does not matter. Kills: lists compared in their written order."""
    import content_model

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    fr = content / "measures" / "fr" / "loopbaanbegeleiding.md"
    text = fr.read_text("utf-8")
    for old, new in (("Audiences: werkenden, persoonlijk-netwerk",
                      "Audiences: persoonlijk-netwerk, werkenden"),
                     ("Parties: werknemer, loopbaancoach, vdab",
                      "Parties: vdab, werknemer, loopbaancoach")):
        assert old in text
        text = text.replace(old, new)
    fr.write_text(text, "utf-8")
    loaded = content_model.load(content, ["nl", "fr", "en"], "nl", tmp_path)
    assert [p for p in loaded.problems if p.severity == "error"] == []


# =============================================================================================
# 14. An empty feed's updated
# =============================================================================================
def test_an_empty_feed_was_updated_when_its_language_last_changed(fixture_site):
    """feeds.py: "an empty feed takes the language's newest change" (a feed's updated is
    required, RFC 4287). Kills: an empty feed dated 2000-01-01."""
    built = Built(fixture_site, FIXTURE)
    empty = 0
    for rel in sorted(invariants.feeds_of(built)):
        root = invariants.atom_of(built, rel)
        if root.findall(f"{invariants.ATOM}entry"):
            continue
        lang = invariants._feed_scope(built, rel, root)[0]
        newest = max(invariants.midnight(e.day("modified") or e.day("date"))
                     for e in content_of(FIXTURE) if e.lang == lang)
        assert invariants._stamp(root.findtext(f"{invariants.ATOM}updated")) == newest, rel
        empty += 1
    assert empty, "the fixture site has no empty feed: the premise is gone"


# =============================================================================================
# 15. The output's fingerprint
# =============================================================================================
def test_the_output_fingerprint_sees_a_file_rewritten_with_the_same_size(tmp_path):
    """safe_publish/fingerprint.py: `output` is names, sizes and modification times, so a
    page edited by hand to the same length is seen. Kills: the time left out."""
    import os

    from safe_publish import fingerprint

    page = tmp_path / "out" / "nl" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>one</p>", "utf-8")
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    before = fingerprint.output(tmp_path / "out")
    page.write_text("<p>two</p>", "utf-8")
    os.utime(page, ns=(2_000_000_000, 2_000_000_000))
    assert fingerprint.output(tmp_path / "out") != before
    (tmp_path / "out" / "nl" / "extra.html").write_text("", "utf-8")
    assert len({before, fingerprint.output(tmp_path / "out")}) == 2


# =============================================================================================
# 16. Accented stop words
# =============================================================================================
def test_accented_stop_words_are_dropped_however_they_are_written():
    """Whoosh's French list has `été`, `était`, `même`: the words of a text are folded first,
    so the list must be folded too. Kills: the stop words left unfolded."""
    from search import analysis

    assert analysis.words("Même l'été était congé", "fr") == ["conge"]
    assert analysis.words("MEME ETE etait conges", "fr") == ["conges"]



# =============================================================================================
# 17. List order
# =============================================================================================
def _title_order(site: Built, idents: list[str]) -> list[str]:
    heads = {e.ident: e for e in content_of(site.content)}
    return sorted(idents, key=lambda i: (heads[i].head["title"].lower(), heads[i].slug))


def _newest_order(site: Built, idents: list[str]) -> list[str]:
    heads = {e.ident: e for e in content_of(site.content)}
    return sorted(idents, key=lambda i: (heads[i].day("date"), heads[i].slug), reverse=True)


def test_lists_are_in_their_documented_order(site):
    """Hubs, combination hubs and the measure finder list by title (then file name), each
    list on its own (the hub's own items, then the wider level); the libraries of practice
    examples and stories newest first (same day: file name, descending), like the feeds.
    Kills: lists sorted by another key."""
    checked, wrong = 0, []
    for rel in site.html_files():
        doc = site.doc(rel)
        body = (doc.find("body").get("class") or "").split()
        if {"page-hub", "page-combination", "page-finder"} & set(body):
            order = _title_order
        elif "page-library" in body:
            order = _newest_order
        else:
            continue
        for ul in doc.xpath("//main//ul[li/@data-item]"):
            idents = [li.get("data-item") for li in ul.xpath("./li[@data-item]")]
            checked += len(idents) > 1
            if idents != order(site, idents):
                wrong.append(f"{rel}: {idents}")
    # the small fixture site shows few items per group (the rest fold into "Show all"): the
    # real portal has many lists to check
    least = 5 if site.content == ROOT / "content" else 1
    assert checked > least, f"only {checked} lists of two or more items"
    assert not wrong, f"{len(wrong)} lists out of order, first: {wrong[:3]}"


# =============================================================================================
# 18. Feed entries: the item's own title and summary
# =============================================================================================
def test_feed_entries_carry_the_items_title_and_summary(fixture_site):
    """Each Atom entry and JSON Feed item has the title and summary of its item's header.
    Kills: a field swapped for another."""
    built = Built(fixture_site, FIXTURE)
    heads = {invariants.stable_id(e): e.head for e in content_of(FIXTURE)}
    checked = 0
    for rel in sorted(invariants.feeds_of(built)):
        for entry in invariants.atom_of(built, rel).findall(f"{invariants.ATOM}entry"):
            head = heads[entry.findtext(f"{invariants.ATOM}id")]
            assert entry.findtext(f"{invariants.ATOM}title") == head["title"], rel
            assert entry.findtext(f"{invariants.ATOM}summary") == head["summary"], rel
            checked += 1
        data = json.loads((fixture_site / rel.replace("atom.xml", "feed.json"))
                          .read_text("utf-8"))
        for item in data["items"]:
            head = heads[item["id"]]
            assert (item["title"], item["summary"]) == (head["title"], head["summary"]), rel
    assert checked > 10


# =============================================================================================
# 19. The sanitiser: the portal's URL schemes only
# =============================================================================================
@pytest.mark.parametrize("html,kept", [
    ('<a href="https://www.vdab.be/">x</a>', True),
    ('<a href="mailto:info@vdab.be">x</a>', True),
    ('<a href="tel:+3225061511">x</a>', True),
    ('<a href="/nl/maatregelen/">x</a>', True),
    ('<a href="ftp://files.example/x">x</a>', False),
    ('<a href="sms:+3225061511">x</a>', False),
    ('<a href="irc://irc.example/x">x</a>', False),
    ('<a href="javascript:alert(1)">x</a>', False),
    ('<img alt="" src="data:image/png;base64,AAAA">', False),
])
def test_the_sanitiser_keeps_only_the_portals_url_schemes(html, kept):
    """markup.py: whatever reaches the page is cut down to http(s), mailto and tel (and
    addresses on the portal), even if the check before it missed something. Kills: the
    sanitiser left with its library's own list of schemes."""
    from portal.markup import sanitise

    out = sanitise(html)
    attr = "href" if html.startswith("<a") else "src"
    assert (f'{attr}="' in out) is kept, out


# =============================================================================================
# 20. Dutch compounds in queries: all parts
# =============================================================================================
def test_a_compound_finds_pages_with_all_of_its_parts(tmp_path, node):
    """docs/dev/search.md: a Dutch compound also finds a page with its parts, AND over the
    parts. Kills: OR over the parts (a page with one part only)."""
    from search.model import SearchDoc
    from search.query import Engine

    def doc(slug, body):
        return SearchDoc(slug, "nl", "measure", f"/nl/maatregelen/{slug}/", slug.title(),
                         "Een maatregel.", body)

    docs = [doc("a-loopbaan", "Je loopbaan in handen nemen."),
            doc("b-begeleiding", "Begeleiding bij het zoeken."),
            doc("c-beide", "Begeleiding voor je loopbaan."),
            doc("d-samengesteld", "Loopbaanbegeleiding voor iedereen.")]
    folder, site, _ = _index_lang(tmp_path, docs, "nl")
    engine = Engine(folder)
    try:
        found = engine.search("loopbaanbegeleiding")
        assert sorted(h.slug for h in found.hits) == ["c-beide", "d-samengesteld"]
    finally:
        engine.close()
    answer = node.search(site, "nl", "loopbaanbegeleiding")
    assert sorted(h["slug"] for h in answer["hits"]) == ["c-beide", "d-samengesteld"]


def _index_lang(root: Path, docs: list, lang: str) -> tuple[Path, Path, dict]:
    from search.export import build as build_export

    files = build_export(docs, lang, root / "index")
    for rel, data in files.items():
        path = root / "site" / "search" / lang / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root / "index", root / "site", json.loads(files["meta.json"])



# =============================================================================================
# 21. Old addresses, with and without index.html
# =============================================================================================
def test_an_old_folder_address_is_redirected_with_and_without_index_html(fixture_site):
    """A static host serves a folder address `/x/` as `/x/index.html` too, so both were
    published: when `/x/` moved, both redirect to the same place, in `_redirects` and in
    the nginx snippet. Kills: the index.html line left out."""
    from portal import addresses

    lines = [line.split() for line in
             (fixture_site / addresses.REDIRECTS_FILE).read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    redirects = {old: new for old, new, _code in lines}
    nginx = (fixture_site / addresses.NGINX_FILE).read_text("utf-8")
    folders = [old for old in redirects if old.endswith("/")]
    assert folders, "the fixture's manifest has no moved folder address: the premise is gone"
    for old in folders:
        assert redirects.get(old + "index.html") == redirects[old], old
        assert f"location = {old}index.html {{ return 301 {redirects[old]}; }}" in nginx, old
