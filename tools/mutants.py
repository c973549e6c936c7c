"""Curated mutants: one-line regressions the fast tests must catch (`invoke mutants`).

Each mutant in MUTANTS is a plausible one-line bug (an off-by-one, a wrong comparison, a
dropped condition, a wrong constant, a loosened policy, a cache key missing an input ...):
the exact text it replaces (which must occur exactly once in its file: a stale mutant is an
error, never silently skipped), the text it puts there, and the fast tests of its area.

For each mutant the project is copied into a scratch folder (never /work/main's own files),
the replacement is made in the copy, and pytest runs the mutant's tests there with the copy
first on PYTHONPATH (the venv's .pth points at the working tree; PYTHONPATH comes first, and
every run checks that the mutated module is imported from the copy). pytest failing means
KILLED; pytest passing means SURVIVED: some regression of that kind would reach the site and
no test would say so. Before any mutant, the unmutated copy runs every selected test once
(the baseline): if that fails, the run says nothing and stops.

    tools/mutants.py [--only NAME[,NAME]] [--list] [--jobs 1] [--timeout S] [--keep]

A mutant that cannot be told apart from the original by any output is marked
`equivalent=True` with the reason in its `why`; it is reported, never counted as a survivor.
The `sanity` mutant breaks the import of the module it mutates: if it survives, the tests ran
the working tree's code, not the copy's, and the whole run is invalid.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
#: What a copy holds: the brief's list, plus docs/ and the top files some tests read
#: (docs/dev/search.md states B and K1; test_docs reads the README and Makefile).
COPY = ("plugins", "search", "theme", "tests", "content", "tools", "docs", "pelicanconf.py",
        "publishconf.py", "tasks.py", "pyproject.toml", "addresses.tsv", "README.md",
        "Makefile", "package.json", "package-lock.json", "constraints.txt")
LINKED = ("node_modules",)
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".build", "output", ".output*", ".venv",
                              ".pytest_cache", ".hypothesis", ".ruff_cache")
#: 826 files that only tests/test_golden.py reads: copied only when that file is among the
#: tests (copying and removing them was a third of a mutant's time).
GOLDEN_TREE = ("tests", "fixtures", "golden")
GOLDEN_TESTS = "tests/test_golden.py"
TIMEOUT = 900  # seconds for one mutant's tests; the baseline gets BASELINE_FACTOR times it
BASELINE_FACTOR = 3


@dataclass(frozen=True)
class Mutant:
    name: str
    area: str
    file: str  # relative to the project root
    old: str  # must occur exactly once in the file
    new: str
    tests: tuple[str, ...]  # pytest node ids or files: the fast subset, likeliest killer first
    why: str = ""  # the bug it stands for; for an equivalent mutant, why nothing can see it
    equivalent: bool = False


# -- the fast test subsets, per area ------------------------------------------------------------
T = "tests/"
TRUTH = T + "test_site_truth.py::"
INV = T + "test_site_invariants.py::"
REF = T + "test_reference_values.py::"
SEARCH = T + "test_search.py::"
HEAD = T + "test_headers.py::"
POLICY = T + "test_policies_browser.py::"
BAD = T + "test_bad_content.py::test_bad_content_is_refused_with_its_message"
STATIC = T + "test_static_files.py::"
DATES = T + "test_publishing_dates.py::"
ADDR = T + "test_addresses.py::"
EDIT = T + "test_every_edit.py::test_an_edit_built_on_the_last_build_equals_a_clean_build"
INC = T + "test_incremental.py::"
GAPS = T + "test_mutant_gaps.py::"
HOSTILE = T + "test_hostile_input.py::"


def bad(case: str) -> str:
    return f"{BAD}[{case}]"


def edit(field: str) -> str:
    return f"{EDIT}[{field}]"


SITE = "plugins/portal/site.py"
MEMO = "plugins/portal/memo.py"
PLAN = "plugins/portal/plan.py"
ADDRESSES = "plugins/portal/addresses.py"
SITEMAP = "plugins/portal/sitemap.py"
MARKUP = "plugins/portal/markup.py"
ANALYSIS = "search/analysis.py"
INDEX = "search/index.py"
QUERY = "search/query.py"
EXPORT = "search/export.py"
FEEDS = "plugins/embeds/feeds.py"
CATALOGUE = "plugins/embeds/catalogue.py"
HEADERS = "plugins/embeds/headers.py"
VALIDATE = "plugins/content_model/validate.py"
READER = "plugins/content_model/reader.py"
STATICPY = "plugins/content_model/static.py"
PLAIN = "plugins/content_model/plain_language.py"
TEXT = "plugins/content_model/text.py"
ERRORS = "plugins/content_model/errors.py"
BOUNDS = "plugins/content_model/bounds.py"
URLS = "plugins/content_model/urls.py"
FINGERPRINT = "plugins/safe_publish/fingerprint.py"
SEARCH_JS = "theme/static/js/search-engine.js"  # the browser engine (node runs it in tests)

MUTANTS: list[Mutant] = [
    # -- sanity: the copy's code is the code under test ------------------------------------------
    Mutant("sanity", "sanity", ANALYSIS,
           "MIN_WORD = 2\n",
           "MIN_WORD = 2; raise ImportError('mutant sanity: the copy is imported')\n",
           (SEARCH + "test_folding_drops_accents_and_case",),
           "must be KILLED: if it survives, the tests imported the working tree's code"),

    # -- site model (plugins/portal/site.py) -----------------------------------------------------
    Mutant("site-doubled-index", "site", SITE,
           "            for key in TAGGED_FIELDS:\n",
           "            for key in FUNNEL + tuple(f[1] for f in FACETS):\n",
           (TRUTH + "test_no_list_holds_an_item_twice[fixture]",
            TRUTH + "test_no_list_holds_an_item_twice[portal]"),
           "(7) the index loops over FUNNEL and FACETS, which overlap: every hub shows each "
           "card twice"),
    Mutant("site-related-one-way", "site", SITE,
           "                links[ref].add(mine)\n", "",
           (INV + "test_related_items_are_linked_both_ways[fixture]",
            INV + "test_related_items_are_linked_both_ways[portal]"),
           "(3) related items linked one way only"),
    Mutant("site-hub-fallback-threshold", "site", SITE,
           'if len(specific) < 3 and taxonomy != "audiences":',
           'if len(specific) <= 3 and taxonomy != "audiences":',
           (GAPS + "test_boundary_hubs_list_exactly_their_items_and_the_wider_level",
            TRUTH + "test_every_hub_lists_exactly_the_items_with_its_tags[fixture]"),
           "off by one: a hub with exactly 3 items also shows the wider level"),
    Mutant("site-hub-fallback-audiences", "site", SITE,
           'if len(specific) < 3 and taxonomy != "audiences":',
           "if len(specific) < 3:",
           (GAPS + "test_boundary_hubs_list_exactly_their_items_and_the_wider_level",
            TRUTH + "test_every_hub_lists_exactly_the_items_with_its_tags[fixture]"),
           "dropped condition: audience hubs get a wider level too (seen only once an "
           "audience value is general: the boundary site has one)"),
    Mutant("site-hub-fallback-two", "site", SITE,
           'if len(specific) < 3 and taxonomy != "audiences":',
           'if len(specific) < 2 and taxonomy != "audiences":',
           (GAPS + "test_boundary_hubs_list_exactly_their_items_and_the_wider_level",),
           "wrong constant: a hub with 2 items shows no wider level"),
    Mutant("site-combination-wider-any", "site", SITE,
           "wider = [i for i in first_items if id(i) not in with_b and id(i) in general]",
           "wider = [i for i in first_items if id(i) not in with_b]",
           (TRUTH + "test_every_hub_lists_exactly_the_items_with_its_tags[fixture]",
            TRUTH + "test_every_hub_lists_exactly_the_items_with_its_tags[portal]"),
           "dropped condition: a combination hub's wider list holds every item of the first "
           "term, not only those for the general value of the second"),
    Mutant("site-related-by-title-only", "site", SITE,
           'return sorted(found, key=lambda i: (order[i.type], i.meta["title"].lower()))',
           'return sorted(found, key=lambda i: i.meta["title"].lower())',
           (INV + "test_each_item_page_shows_the_relations_its_headers_imply[fixture]",
            INV + "test_each_item_page_shows_the_relations_its_headers_imply[portal]"),
           "related items by title only: not measures, then cases, then stories"),
    Mutant("site-measure-shows-its-cases-twice", "site", SITE,
           'if item.type == "measure":  # its cases have their own section',
           'if item.type == "case":  # its cases have their own section',
           (INV + "test_each_item_page_shows_the_relations_its_headers_imply[fixture]",
            INV + "test_each_item_page_shows_the_relations_its_headers_imply[portal]"),
           "wrong type: a measure lists the cases that use it under Related too"),
    Mutant("site-published-from-the-day-after", "site", SITE,
           'if item.meta.get("date") and item.meta["date"] > today:',
           'if item.meta.get("date") and item.meta["date"] >= today:',
           (DATES + "test_a_future_item_publishes_on_the_first_build_after_its_date",),
           "off by one: an item dated today is not published until tomorrow"),
    Mutant("site-expires-a-day-early", "site", SITE,
           'return not (item.meta.get("expires") and item.meta["expires"] < today)',
           'return not (item.meta.get("expires") and item.meta["expires"] <= today)',
           (DATES + "test_an_expired_item_is_withdrawn_and_its_links_removed",),
           "off by one: an item disappears on its last day (Expires is the last day shown)"),
    Mutant("site-newest-is-oldest", "site", SITE,
           'return sorted(found, key=lambda i: (i.meta["date"], i.meta["slug"]), reverse=True)',
           'return sorted(found, key=lambda i: (i.meta["date"], i.meta["slug"]))',
           (INV + "test_each_feed_holds_its_published_items_newest_first_with_stable_ids"
            "[fixture]",),
           "wrong order: feeds and latest lists oldest first"),
    Mutant("site-combinations-of-general-terms", "site", SITE,
           "return [t for t in _as_list(item.meta.get(taxonomy)) if t not in general]",
           "return [t for t in _as_list(item.meta.get(taxonomy))]",
           (GAPS + "test_combination_hubs_exist_for_pairs_of_specific_values_only[fixture]",
            TRUTH + "test_every_hub_lists_exactly_the_items_with_its_tags[fixture]"),
           "dropped condition: combination steps for general terms (every sector x Ghent)"),
    Mutant("site-hub-for-every-sector", "site", SITE,
           'if not t.general or taxonomy == "regions"]',
           'if not t.general or taxonomy != "audiences"]',
           (GAPS + "test_hub_pages_exist_for_every_funnel_value_but_the_general_ones[fixture]",
            TRUTH + "test_every_hub_lists_exactly_the_items_with_its_tags[fixture]"),
           "wrong comparison: a hub page for every sector"),
    Mutant("site-related-without-measures", "site", SITE,
           'for ref in (item.meta.get("related") or []) + (item.meta.get("measures") or []):',
           'for ref in item.meta.get("related") or []:',
           (INV + "test_each_item_page_shows_the_relations_its_headers_imply[fixture]",),
           "a source left out: a case's Measures are not shown as related"),
    Mutant("site-draft-status-misspelt", "site", SITE,
           'if item.meta.get("status") == "draft":',
           'if item.meta.get("status") == "concept":',
           (T + "test_html.py::test_drafts_and_future_items_are_not_published",),
           "wrong constant: drafts are published"),
    Mutant("site-lists-by-slug", "site", SITE,
           'by_title = sorted(self.items, key=lambda i: (i.meta["title"].lower(), i.meta["slug"]))',
           'by_title = sorted(self.items, key=lambda i: i.meta["slug"])',
           (GAPS + "test_lists_are_in_their_documented_order[fixture]",
            GAPS + "test_lists_are_in_their_documented_order[portal]"),
           "wrong key: hub and finder lists by file name, not by title"),
    Mutant("site-hub-wider-repeats-own", "site", SITE,
           "                              if id(i) not in seen]",
           "                              ]",
           (GAPS + "test_boundary_hubs_list_exactly_their_items_and_the_wider_level",),
           "dropped condition: an item of the hub's own list is shown again in the wider one"),

    # -- memo: incremental builds (plugins/portal/memo.py, generator.py) -------------------------
    Mutant("memo-summary-not-in-card", "memo", MEMO,
           "sorted(item.meta.items()), sorted(extra.items())))",
           'sorted((k, v) for k, v in item.meta.items() if k != "summary"),\n'
           "                         sorted(extra.items())))",
           (edit("Summary"),),
           "(6) the card leaves out Summary: list pages keep old summaries after an edit"),
    Mutant("memo-reuse-ignores-own-key", "memo", MEMO,
           "if found is None or key is None or found[0] != key:",
           "if found is None or key is None:",
           (edit("Title"),),
           "dropped condition: a page whose own item changed is reused when its queries did not"),
    Mutant("memo-body-reads-not-recorded", "memo", MEMO,
           'if key == "html" and STATE.queries is not None:',
           'if key == "markdown_html" and STATE.queries is not None:',
           (edit("body"),),
           "wrong key: reading an item's text is not recorded, an edited text is not re-rendered"),
    Mutant("memo-cards-compared-by-count", "memo", MEMO,
           "if old.cards == world.cards():",
           "if len(old.cards) == len(world.cards()):",
           (edit("Title"),),
           "weaker comparison: the same number of items counts as the same items, every old "
           "answer is reused after a title edit"),
    Mutant("memo-global-key-skips-catalogs", "memo", MEMO,
           'if name.endswith(".pyc"):',
           'if name.endswith((".pyc", ".po")):',
           (INC + "test_the_global_key_covers_templates_catalogs_code_data_and_settings",),
           "a cache key missing an input: a translated theme string reuses old pages"),
    Mutant("memo-global-key-without-data", "memo", "plugins/portal/generator.py",
           'key = memo.global_key(self.settings, [Path(self.path) / "_data"])',
           "key = memo.global_key(self.settings)",
           (edit("data"),),
           "a cache key missing an input: a changed taxonomy label keeps old pages"),
    Mutant("memo-body-answers-reused", "memo", MEMO,
           'if query[0] != "Body":',
           'if query[0] != "body":',
           (edit("body"),),
           "wrong constant: every old answer, bodies too, is reused while cards are the same"),

    # -- page plan (plugins/portal/plan.py) ------------------------------------------------------
    Mutant("plan-alternates-are-fallbacks", "plan", PLAN,
           "                          translations, switch))",
           "                          switch, switch))",
           (INV + "test_each_sitemap_entry_has_its_language_versions_and_an_x_default[fixture]",
            T + "test_html.py::test_hreflang_pairs_are_reciprocal"),
           "swapped argument: hreflang alternates point at the switcher's fallback pages"),
    Mutant("plan-not-found-indexed", "plan", PLAN,
           "not_found.indexed = False",
           "not_found.indexed = True",
           (INV + "test_the_sitemap_lists_every_indexable_page_once[fixture]",),
           "wrong constant: the language 404 pages are in the sitemap"),
    Mutant("plan-finder-alternates-everywhere", "plan", PLAN,
           "                    if site.has_facet(facet, value, lg)}",
           "                    }",
           (INV + "test_each_sitemap_entry_has_its_language_versions_and_an_x_default[fixture]",
            INV + "test_each_sitemap_entry_has_its_language_versions_and_an_x_default[portal]"),
           "dropped condition: a finder page names translations that do not exist"),
    Mutant("plan-home-without-x-default", "plan", PLAN,
           'home.x_default = f"{site.siteurl}/"',
           "home.x_default = None",
           (INV + "test_each_sitemap_entry_has_its_language_versions_and_an_x_default[fixture]",),
           "the home pages' x-default is the Dutch home, not the root chooser"),
    Mutant("plan-x-default-order", "plan", PLAN,
           "return self.x_default or self.alternates.get(default_lang)",
           "return self.alternates.get(default_lang) or self.x_default",
           (INV + "test_each_sitemap_entry_has_its_language_versions_and_an_x_default[fixture]",),
           "swapped operands: the root and homes get the Dutch page as x-default"),
    Mutant("plan-withdrawn-indexed", "plan", PLAN,
           "{}, switch, indexed=False))",
           "{}, switch, indexed=True))",
           (INV + "test_the_sitemap_lists_every_indexable_page_once[fixture]",
            ADDR + "test_an_expired_item_is_in_no_list_search_feed_or_sitemap"),
           "wrong constant: the notice of an expired item is in the sitemap"),

    # -- addresses (plugins/portal/addresses.py) -------------------------------------------------
    Mutant("addresses-redirect-live-pages", "addresses", ADDRESSES,
           "        if old in now:\n",
           "        if old in where:\n",
           (ADDR + "test_every_published_address_still_answers[fixture]",),
           "wrong mapping: addresses still published get a redirect (to themselves)"),
    Mutant("addresses-drafts-withdrawn", "addresses", ADDRESSES,
           'and state(item, today) == "expired" and item.ident not in live:',
           'and state(item, today) != "published" and item.ident not in live:',
           (T + "test_html.py::test_drafts_and_future_items_are_not_published",
            DATES + "test_drafts_and_future_items_are_not_published"),
           "wrong comparison: drafts and scheduled items get a public notice at their address"),
    Mutant("addresses-index-html-not-redirected", "addresses", ADDRESSES,
           '            lines.append(f"{old}index.html {new} 301")\n',
           "            pass\n",
           (GAPS + "test_an_old_folder_address_is_redirected_with_and_without_index_html",
            ADDR + "test_every_published_address_still_answers[fixture]"),
           "a line lost: /old/index.html answers 404 where /old/ redirects"),

    # -- sitemap (plugins/portal/sitemap.py) -----------------------------------------------------
    Mutant("sitemap-x-default-only-when-set", "sitemap", SITEMAP,
           "x_default = page.x_default_for(default_lang)",
           "x_default = page.x_default",
           (INV + "test_each_sitemap_entry_has_its_language_versions_and_an_x_default[fixture]",),
           "no x-default but on the root and the homes"),
    Mutant("sitemap-lists-noindex-pages", "sitemap", SITEMAP,
           "        if not page.indexed:\n",
           "        if not page.indexed and not page.alternates:\n",
           (INV + "test_the_sitemap_lists_every_indexable_page_once[fixture]",),
           "weakened condition: noindex pages with translations (the 404s) are listed"),
    Mutant("sitemap-relative-loc", "sitemap", SITEMAP,
           'out.append(f"  <url><loc>{absolute(page.url, public_url)}</loc>")',
           'out.append(f"  <url><loc>{page.url}</loc>")',
           (INV + "test_the_sitemap_lists_every_indexable_page_once[fixture]",),
           "missing call: <loc> is root-relative (the protocol needs absolute URLs)"),

    # -- search analysis (search/analysis.py) ----------------------------------------------------
    Mutant("analysis-accents-kept", "analysis", ANALYSIS,
           'unicodedata.category(char) == "Mn"',
           'unicodedata.category(char) == "Mc"',
           (SEARCH + "test_folding_drops_accents_and_case",),
           "wrong constant: combining accents are not dropped"),
    Mutant("analysis-no-compatibility-folding", "analysis", ANALYSIS,
           'unicodedata.normalize("NFKD", word.lower())',
           'unicodedata.normalize("NFD", word.lower())',
           (SEARCH + "test_folding_drops_accents_and_case",),
           "wrong normal form: ligatures (ﬁ) and other compatibility forms are not folded"),
    Mutant("analysis-french-stop-word", "analysis", ANALYSIS,
           '"fr": ("les", "cette",',
           '"fr": ("cette",',
           (SEARCH + "test_words_drop_stop_words_and_keep_order",),
           "a stop word lost: `les` is indexed"),
    Mutant("analysis-compound-link-en", "analysis", ANALYSIS,
           'LINKS = ("", "s", "en")',
           'LINKS = ("", "s")',
           (SEARCH + "test_compounds_split_on_known_words_only",
            GAPS + "test_a_compound_joined_by_en_is_split"),
           "a linking sound lost: compounds joined by -en- are not split"),
    Mutant("analysis-compound-part-of-three", "analysis", ANALYSIS,
           "MIN_PART = 4\n",
           "MIN_PART = 3\n",
           (SEARCH + "test_compounds_split_on_known_words_only",
            GAPS + "test_compound_parts_have_at_least_four_letters"),
           "off by one: three-letter parts split words that are no compounds"),
    Mutant("analysis-index-terms-unstemmed", "analysis", ANALYSIS,
           "return tuple(self.stem(w) for w in (folded, *parts))",
           "return tuple(w for w in (folded, *parts))",
           (T + "test_search_build.py::test_analyser_gives_the_terms_of_the_whoosh_analyzer",
            SEARCH + "test_drafts_and_the_home_page_are_not_searchable"),
           "missing call: the one-pass analysis indexes words unstemmed"),
    Mutant("analysis-stop-words-unfolded", "analysis", ANALYSIS,
           "return frozenset(fold(w) for w in words)",
           "return frozenset(words)",
           (SEARCH + "test_words_drop_stop_words_and_keep_order",
            GAPS + "test_accented_stop_words_are_dropped_however_they_are_written"),
           "missing fold: accented stop words (été, même) are indexed"),

    # -- ranking (search/index.py, search/query.py) ----------------------------------------------
    Mutant("ranking-boosts-flattened", "ranking", INDEX,
           'BOOSTS = {"title": 4, "summary": 2, "body": 1}',
           'BOOSTS = {"title": 1, "summary": 1, "body": 1}',
           (REF + "test_configured_weights_are_the_documented_ones",
            REF + "test_title_beats_summary_beats_body"),
           "(1) search boosts flattened from 4/2/1 to 1/1/1"),
    Mutant("ranking-b", "ranking", INDEX,
           "B = 0.75\n", "B = 0.5\n",
           (REF + "test_configured_weights_are_the_documented_ones",
            REF + "test_whoosh_scores_equal_bm25f_by_hand"),
           "wrong constant: BM25F length normalisation"),
    Mutant("ranking-k1", "ranking", INDEX,
           "K1 = 1.2\n", "K1 = 2.0\n",
           (REF + "test_configured_weights_are_the_documented_ones",
            REF + "test_whoosh_scores_equal_bm25f_by_hand"),
           "wrong constant: BM25F term frequency saturation"),
    Mutant("ranking-idf-without-plus-one", "ranking", INDEX,
           "return math.log(doc_count / (doc_frequency + 1)) + 1",
           "return math.log(doc_count / doc_frequency) + 1",
           (REF + "test_whoosh_scores_equal_bm25f_by_hand",),
           "off by one in the idf"),
    Mutant("ranking-words-or", "ranking", QUERY,
           "return And([self.word_query(w) for w in words])",
           "return Or([self.word_query(w) for w in words])",
           (REF + "test_whoosh_scores_equal_bm25f_by_hand",
            GAPS + "test_every_word_of_the_query_must_be_there"),
           "OR instead of AND: every word of the query no longer has to be there"),
    Mutant("ranking-filter-values-and", "ranking", QUERY,
           "return And([Or([Term(key, value) for value in values])",
           "return And([And([Term(key, value) for value in values])",
           (SEARCH + "test_filters_keep_only_matching_documents",),
           "AND instead of OR: two values of one facet find nothing"),
    Mutant("ranking-suggestion-distance", "ranking", QUERY,
           "limit = 1 if len(word) <= 4 else 2",
           "limit = 1",
           (SEARCH + "test_no_results_suggests_a_correction",),
           "wrong constant: no suggestion two edits away for longer words"),
    Mutant("query-compound-parts-or", "ranking", QUERY,
           'alternatives.append(("and", [self.tree(p) for p in parts]))',
           'alternatives.append(("or", [self.tree(p) for p in parts]))',
           (GAPS + "test_a_compound_finds_pages_with_all_of_its_parts",),
           "OR for AND: a compound finds pages that have only one of its parts"),
    Mutant("js-words-or", "ranking", SEARCH_JS,
           "return e[1] === n; }).length;",
           "return e[1] >= 1; }).length;",
           (GAPS + "test_every_word_of_the_query_must_be_there",),
           "OR for AND in the browser engine: pages with some words counted as with all"),
    Mutant("js-compound-parts-or", "ranking", SEARCH_JS,
           'if (parts) { alts.push({t: "and", c: parts.map(node)}); }',
           'if (parts) { alts.push({t: "or", c: parts.map(node)}); }',
           (GAPS + "test_a_compound_finds_pages_with_all_of_its_parts",),
           "OR for AND over a compound's parts in the browser engine"),
    Mutant("js-length-normalisation", "ranking", SEARCH_JS,
           "((1 - m.B) + m.B * fl / avg)",
           "((1 - m.B) + m.B * avg / fl)",
           (REF + "test_browser_engine_scores_equal_bm25f_by_hand",
            GAPS + "test_each_field_has_its_own_average_length"),
           "swapped operands: the browser engine favours long fields"),

    # -- export for the browser engine (search/export.py, search/index.py) ------------------------
    Mutant("export-boosts-order", "export", EXPORT,
           '"boost": [BOOSTS[name] for name in TEXT_FIELDS]',
           '"boost": [BOOSTS[name] for name in sorted(TEXT_FIELDS)]',
           (REF + "test_the_export_carries_the_documented_constants",),
           "wrong order: the browser gets body's boost for the title"),
    Mutant("export-postings-not-gaps", "export", INDEX,
           "                last = docnum\n            out[tbytes",
           "            out[tbytes",
           (SEARCH + "test_export_is_deterministic_and_matches_what_was_published",),
           "missing update: postings exported as absolute numbers where gaps are read"),
    Mutant("export-facet-gaps", "export", EXPORT,
           "        out.append(n - last)\n        last = n\n",
           "        out.append(n - last)\n",
           (SEARCH + "test_export_is_deterministic_and_matches_what_was_published",
            GAPS + "test_facet_lists_name_exactly_the_documents_with_the_value"),
           "missing update: facet lists (f.json) hold wrong document numbers"),
    Mutant("export-avgfl-of-body", "export", EXPORT,
           '"avgfl": [source.avg_length(name) or 1 for name in TEXT_FIELDS]',
           '"avgfl": [source.avg_length("body") or 1 for name in TEXT_FIELDS]',
           (REF + "test_browser_engine_scores_equal_bm25f_by_hand",
            GAPS + "test_each_field_has_its_own_average_length"),
           "wrong argument: every field's average length is the body's"),
    Mutant("index-facets-skip-audiences", "export", INDEX,
           "        for key, _taxonomy in FACETS[1:]:\n            values = doc.facets",
           "        for key, _taxonomy in FACETS[2:]:\n            values = doc.facets",
           (GAPS + "test_facet_lists_name_exactly_the_documents_with_the_value",),
           "off by one: the audiences facet is not indexed, its filter finds nothing"),

    # -- feeds (plugins/embeds/feeds.py, catalogue.py) -------------------------------------------
    Mutant("feeds-updated-ignores-modified", "feeds", FEEDS,
           'return item.meta.get("modified") or item.meta["date"]',
           'return item.meta["date"]',
           (INV + "test_each_feed_holds_its_published_items_newest_first_with_stable_ids"
            "[fixture]",),
           "(4) feed `updated` ignores Modified"),
    Mutant("feeds-limit-is-latest", "feeds", CATALOGUE,
           "newest[:FEED_LIMIT], folders)]",
           "newest[:LATEST], folders)]",
           (INV + "test_each_feed_holds_its_published_items_newest_first_with_stable_ids"
            "[portal]",),
           "wrong constant: a language's feed carries 10 items, not 50"),
    Mutant("feeds-limit-off-by-one", "feeds", CATALOGUE,
           "newest[:FEED_LIMIT], folders)]",
           "newest[:FEED_LIMIT + 1], folders)]",
           (GAPS + "test_boundary_feeds_carry_at_most_fifty_newest_items",),
           "off by one: a language's feed carries 51 items"),
    Mutant("feeds-id-from-address", "feeds", FEEDS,
           'return stable_id(item.lang, item.type, item.meta["slug"])',
           "return stable_id(item.lang, item.type, item.name)",
           (INV + "test_each_feed_holds_its_published_items_newest_first_with_stable_ids"
            "[fixture]",),
           "wrong field: entry ids made from the address, so they change with a new Slug"),
    Mutant("feeds-updated-oldest", "feeds", FEEDS,
           "return max((updated(i) for i in items), default=dt.date(2000, 1, 1))",
           "return min((updated(i) for i in items), default=dt.date(2000, 1, 1))",
           (INV + "test_each_feed_holds_its_published_items_newest_first_with_stable_ids"
            "[fixture]",),
           "min for max: a feed's updated is its oldest change"),
    Mutant("feeds-timestamps-in-utc", "feeds", FEEDS,
           "dt.datetime.combine(day, dt.time(0), ZoneInfo(self.timezone))",
           "dt.datetime.combine(day, dt.time(0), dt.timezone.utc)",
           (INV + "test_each_feed_holds_its_published_items_newest_first_with_stable_ids"
            "[fixture]",),
           "wrong time zone: midnight UTC, not midnight in Brussels"),
    Mutant("feeds-entry-related-to-itself", "feeds", FEEDS,
           "for lg, other in sorted(ctx.site.translations(item).items()) if lg != item.lang}",
           "for lg, other in sorted(ctx.site.translations(item).items())}",
           (T + "test_feeds.py::test_atom_feeds_follow_rfc_4287",
            T + "test_feeds.py::test_feed_readers_open_every_entry_in_the_feeds_language"),
           "dropped condition: an entry names itself among its translations"),
    Mutant("feeds-empty-feed-updated", "feeds", FEEDS,
           "items = feed.items or ctx.site.newest(feed.lang)",
           "items = feed.items",
           (GAPS + "test_an_empty_feed_was_updated_when_its_language_last_changed",),
           "dropped fallback: an empty feed says it was updated in 2000"),
    Mutant("feeds-entry-summary-is-title", "feeds", FEEDS,
           '_sub(entry, "summary", item.meta["summary"])',
           '_sub(entry, "summary", item.meta["title"])',
           (GAPS + "test_feed_entries_carry_the_items_title_and_summary",),
           "wrong field: an Atom entry's summary is its title"),
    Mutant("feeds-content-root-relative", "feeds", FEEDS,
           'return _ROOT_RELATIVE.sub(lambda m: m.group(1) + public_url + "/", html)',
           "return html",
           (T + "test_feeds.py::test_atom_feeds_follow_rfc_4287",),
           "missing call: links and images in feed content stay root-relative (broken in readers)"),

    # -- headers (plugins/embeds/headers.py) ------------------------------------------------------
    Mutant("headers-embed-img-src-star", "headers", HEADERS,
           """EMBED_POLICY = ("default-src 'none'", "script-src 'self'", "style-src 'self'", """
           """"img-src 'self'",""",
           """EMBED_POLICY = ("default-src 'none'", "script-src 'self'", "style-src 'self'", """
           """"img-src *",""",
           (POLICY + "test_images_from_another_site_do_not_load[embed]",
            POLICY + "test_an_embed_view_blocks_on_its_own_where_headers_are_ignored"),
           "(5) the embed policy loosened to img-src *"),
    Mutant("headers-page-frame-ancestors-star", "headers", HEADERS,
           """"form-action 'self'", "frame-ancestors 'self'")""",
           """"form-action 'self'", "frame-ancestors *")""",
           (POLICY + "test_portal_pages_cannot_be_framed_by_any_other_origin",),
           "loosened policy: any site may frame the portal's pages (clickjacking)"),
    Mutant("headers-page-script-unsafe-inline", "headers", HEADERS,
           """PAGE_POLICY = ("default-src 'self'", "script-src 'self'",""",
           """PAGE_POLICY = ("default-src 'self'", "script-src 'self' 'unsafe-inline'",""",
           (HEAD + "test_the_policies_allow_no_inline_code_and_no_other_origin",
            POLICY + "test_injected_inline_script_does_not_run[page]"),
           "loosened policy: inline scripts run on portal pages"),
    Mutant("headers-page-connect-src-any", "headers", HEADERS,
           """"font-src 'self'", "connect-src 'self'",""",
           """"font-src 'self'", "connect-src *",""",
           (HEAD + "test_the_policies_allow_no_inline_code_and_no_other_origin",
            GAPS + "test_no_policy_lets_anything_load_from_another_origin"),
           "loosened policy: a script may send data to any site"),
    Mutant("headers-embed-frame-ancestors-any", "headers", HEADERS,
           "((CSP, embed_policy(origins)), CORS)))",
           '((CSP, embed_policy(["*"])), CORS)))',
           (POLICY + "test_only_the_allowed_origin_can_frame_an_embed_view",),
           "wrong argument: the embed views ignore EMBED_ALLOWED_ORIGINS in _headers"),
    Mutant("headers-static-without-sandbox", "headers", HEADERS,
           """STATIC_POLICY = ("default-src 'none'", "style-src 'unsafe-inline'", "sandbox")""",
           """STATIC_POLICY = ("default-src 'none'", "style-src 'unsafe-inline'")""",
           (HEAD + "test_static_files_get_a_policy_that_runs_and_loads_nothing",),
           "loosened policy: an SVG opened on its own is not sandboxed"),
    Mutant("headers-static-folder-page-policy", "headers", HEADERS,
           "        elif parts[0] not in lay.static:",
           "        else:",
           (HEAD + "test_a_static_folder_never_gets_the_page_policy_too",),
           "dropped condition: /images/ gets the page policy too (hosts join the two)"),
    Mutant("headers-feeds-without-cors", "headers", HEADERS,
           'found.append(Rule(f"/{lang}/{lay.feeds[lang]}/*", (*page, CORS)))',
           'found.append(Rule(f"/{lang}/{lay.feeds[lang]}/*", page))',
           (HEAD + "test_feeds_and_oembed_files_may_be_read_from_other_sites",),
           "missing header: partners' scripts cannot read the feeds"),
    Mutant("headers-referrer-policy", "headers", HEADERS,
           '("Referrer-Policy", "strict-origin-when-cross-origin")',
           '("Referrer-Policy", "no-referrer-when-downgrade")',
           (GAPS + "test_every_response_gets_the_documented_common_headers",
            HEAD + "test_every_page_gets_one_policy_and_the_common_headers"),
           "loosened header: the full address leaks to other sites"),
    Mutant("headers-embed-form-action-self", "headers", HEADERS,
           """"base-uri 'self'", "form-action 'none'")""",
           """"base-uri 'self'", "form-action 'self'")""",
           (HEAD + "test_the_policies_allow_no_inline_code_and_no_other_origin",
            GAPS + "test_an_embed_views_policy_allows_exactly_what_embed_views_load"),
           "loosened policy: embed views may post forms"),

    # -- sanitising (plugins/portal/markup.py) ---------------------------------------------------
    Mutant("markup-javascript-scheme", "sanitising", MARKUP,
           'URL_SCHEMES = {"http", "https", "mailto", "tel"}',
           'URL_SCHEMES = {"http", "https", "mailto", "tel", "javascript"}',
           (bad("html-javascript-link"),
            T + "test_fuzz.py::test_raw_html_is_reported_with_its_line_and_never_reaches_the_page"),
           "loosened allowlist: javascript: links pass the check and the sanitiser"),
    Mutant("markup-style-attribute-kept", "sanitising", MARKUP,
           '"*": {"id", "lang", "title"},',
           '"*": {"id", "lang", "title", "style"},',
           (T + "test_bad_content.py::test_html_that_is_allowed_or_harmless_builds",
            T + "test_fuzz.py::test_raw_html_is_reported_with_its_line_and_never_reaches_the_page"),
           "loosened allowlist: style attributes reach the page"),
    Mutant("markup-images-from-http-only", "sanitising", MARKUP,
           'host = parts.hostname if tag == "img" else None',
           'host = parts.hostname if tag == "img" and parts.scheme == "http" else None',
           (bad("image-from-another-site"),),
           "weakened condition: an https image from another site is not reported"),
    Mutant("markup-handler-check-exact", "sanitising", MARKUP,
           """    if name.startswith("on"):\n        return Finding(name, f"the event handler""",
           """    if name in ("onclick", "onload", "onerror"):\n        return Finding(name, """
           """f"the event handler""",
           (bad("html-event-handler"),),
           "a list instead of a rule: other event handlers are not reported"),
    Mutant("markup-alignment-style-prefix", "sanitising", MARKUP,
           'if name == "style" and not (tag in ("th", "td") and MARKDOWN_ALIGN.fullmatch(value)):',
           'if name == "style" and not (tag in ("th", "td") and MARKDOWN_ALIGN.match(value)):',
           (bad("html-style-attribute-with-expression"),
            GAPS + "test_a_table_cell_style_is_refused_unless_it_is_markdown_alignment"),
           "loosened pattern: a cell style that starts with an alignment passes the check"),
    Mutant("markup-tab-in-scheme", "sanitising", MARKUP,
           'return re.sub(r"[\\t\\n\\r]", "", url)',
           'return re.sub(r"[\\n\\r]", "", url)',
           (GAPS + "test_javascript_urls_are_reported_however_they_are_spelt",
            bad("html-javascript-link-mixed-case-in-raw-html")),
           "a character left out: `java<tab>script:` is not seen as javascript:"),
    Mutant("markup-dotdot-encoded", "sanitising", MARKUP,
           '".." in unquote(parts.path).split("/")',
           '".." in parts.path.split("/")',
           (bad("link-path-escapes-the-site"),),
           "missing decode: `%2e%2e/` climbs out unreported"),
    Mutant("markup-nh3-default-schemes", "sanitising", MARKUP,
           "url_schemes=URL_SCHEMES, link_rel=None,",
           "link_rel=None,",
           (GAPS + "test_the_sanitiser_keeps_only_the_portals_url_schemes",),
           "a setting dropped: the sanitiser keeps its own (longer) list of URL schemes"),

    # -- validation (plugins/content_model/validate.py, reader.py) ------------------------------
    Mutant("validate-shared-address-unreported", "validation", VALIDATE,
           "if len(claimants) < 2:",
           "if len(claimants) < 3:",
           (bad("two-items-with-one-address"),),
           "off by one: two items with one address are not reported (one page replaces the "
           "other)"),
    Mutant("validate-self-reference-by-address", "validation", VALIDATE,
           'if ref == item.meta.get("slug"):',
           "if ref == item.name:",
           (bad("related-item-is-the-item-itself"),),
           "wrong field: a translation (whose address differs) may relate to itself"),
    Mutant("validate-related-any-type", "validation", VALIDATE,
           'for key, wanted in (("related", schema.ITEM_TYPES), ("measures", ("measure",))):',
           'for key, wanted in (("related", schema.ALL), ("measures", ("measure",))):',
           (bad("related-item-is-a-hub"),),
           "loosened check: Related may name a hub or a page"),
    Mutant("validate-body-ref-missing-translation", "validation", VALIDATE,
           "elif lang not in groups[slug] and lang != item.lang:",
           "elif lang not in groups[slug] and lang == item.lang:",
           (bad("link-to-a-missing-translation"),),
           "wrong comparison: `{ref}en/x` to an item with no English version is not reported"),
    Mutant("validate-translation-date-not-shared", "validation", VALIDATE,
           'if not fld.shared or fld.key in ("slug", "lang"):',
           'if not fld.shared or fld.key in ("slug", "lang", "date"):',
           (bad("translations-disagree-on-the-date"),),
           "a shared field left out: translations may disagree on Date"),
    Mutant("reader-date-any-digits", "validation", READER,
           'DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")',
           r'DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")',
           (bad("date-with-other-digits"),),
           "loosened pattern: dates in full-width or other digits are accepted"),
    Mutant("reader-general-group-with-one-more", "validation", READER,
           'if "algemeen" in groups and len(groups) > 1:',
           'if "algemeen" in groups and len(groups) > 2:',
           (bad("general-target-group-with-specific-ones"),),
           "off by one: `algemeen` plus one specific group is accepted"),
    Mutant("validate-list-order-matters", "validation", VALIDATE,
           "return sorted(value) if isinstance(value, list) else value",
           "return value",
           (GAPS + "test_translations_may_list_shared_values_in_another_order",
            bad("translations-disagree-on-a-taxonomy")),
           "missing normalisation: translations listing the same values in another order "
           "are refused"),

    # -- static files (plugins/content_model/static.py) -------------------------------------------
    Mutant("static-svg-script-allowed", "static", STATICPY,
           '    "script": CODE,\n',
           "",
           (STATIC + "test_what_an_svg_may_not_hold",),
           "an entry lost from the list: an SVG with <script> is published"),
    Mutant("static-any-magic", "static", STATICPY,
           "    if MAGIC[expected](data):",
           "    if any(test(data) for test in MAGIC.values()):",
           (STATIC + "test_raster_images_are_known_by_their_magic_bytes",
            STATIC + "test_what_may_not_be_published_is_refused_by_the_build[jpg-that-is-a-png]"),
           "weakened check: a PNG named .jpg is published (served with the wrong type)"),
    Mutant("static-data-urls-of-any-type", "static", STATICPY,
           'return url == "" or url.startswith("#") or bool(SAFE_DATA.match(url))',
           'return url == "" or url.startswith(("#", "data:"))',
           (STATIC + "test_what_an_svg_may_not_hold",),
           "loosened allowlist: an SVG may link data:text/html"),
    Mutant("static-extension-case", "static", STATICPY,
           "suffix = os.path.splitext(rel)[1].lower()",
           "suffix = os.path.splitext(rel)[1]",
           (STATIC + "test_raster_images_are_known_by_their_magic_bytes",),
           "missing call: IMAGE.PNG is refused"),
    Mutant("static-hidden-files-published", "static", READER,
           'return name.startswith(".") or name.endswith(EDITOR_SUFFIXES)',
           "return name.endswith(EDITOR_SUFFIXES)",
           (HOSTILE + "test_editors_files_change_nothing",
            STATIC + "test_the_clean_images_are_published_byte_for_byte_and_nothing_else"),
           "dropped condition: hidden files (.DS_Store, an editor's lock file) are read and "
           "refused, or published"),

    # -- hostile input by kind (content_model/text.py, bounds.py, urls.py, markup, validate) --
    Mutant("text-format-characters-allowed", "hostile", TEXT,
           'REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}',
           'REFUSED_CATEGORIES = {"Cc", "Co", "Cs", "Zl", "Zp"}',
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike[title-U+200B]",),
           "dropped set member: zero-width and direction-override characters pass in titles"),
    Mutant("text-report-not-escaped", "hostile", ERRORS,
           "        return shown(text)", "        return text",
           (HOSTILE + "test_a_report_line_never_holds_a_character_that_is_not_printable",),
           "removed call: a report echoes terminal escapes from the input"),
    Mutant("bounds-nesting-unbounded", "hostile", BOUNDS, "MAX_NESTING = 16",
           "MAX_NESTING = 160",
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike"
            "[lists-nested-17-deep]",),
           "wrong constant: lists nested 250 deep overflow the converter's recursion"),
    Mutant("bounds-block-counter-not-reset", "hostile", BOUNDS,
           "            block = 0\n", "            pass\n",
           (HOSTILE + "test_what_must_work_builds",),
           "removed statement: every paragraph counts the markers of those before it"),
    Mutant("urls-ambiguous-accepted", "hostile", URLS,
           "    if host != other[1]:", "    if False:",
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike",),
           "removed condition: `https:host/x` (another host on an http page) is accepted"),
    Mutant("urls-disguised-link-accepted", "hostile", URLS,
           'if not PLAIN_OTHER_SITE.match(plain) or "\\\\" in plain or not plain.isprintable():',
           "if False:",
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike",),
           "removed condition: `/\\host` or `https://portal@host` links pass as local ones"),
    Mutant("markup-browser-parse-skipped", "hostile", MARKUP,
           "    for tag, attrs in _browser_elements(html):",
           "    for tag, attrs in []:",
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike"
            "[handler-after-an-abruptly-closed-comment]",),
           "removed call: HTML is judged only as the tokenizer reads it, not as browsers do"),
    Mutant("validate-second-home-accepted", "hostile", VALIDATE,
           'SINGLE_TEMPLATES = ("home", "sources")', 'SINGLE_TEMPLATES = ("sources",)',
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike"
            "[a-second-home-page]",),
           "dropped set member: two home pages in one language"),
    Mutant("reader-date-order-reversed", "hostile", READER,
           "        if other and other < date:", "        if other and other > date:",
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike"
            "[modified-before-date]",),
           "flipped comparison: a change dated before the publication passes"),
    Mutant("validate-malformed-ref-accepted", "hostile", VALIDATE,
           "            if not REF_TARGET_RE.fullmatch(token.group(2)):",
           "            if False:",
           (HOSTILE + "test_hostile_input_is_refused_by_check_and_build_alike"
            "[ref-that-climbs]",),
           "removed condition: `{ref}../../x` is published as a broken link"),

    # -- plain language (plugins/content_model/plain_language.py) ---------------------------------
    Mutant("plain-douma-syllable-weight", "plain", PLAIN,
           '"nl": Rules("Flesch-Douma", 206.835, 0.93, 77.0,',
           '"nl": Rules("Flesch-Douma", 206.835, 0.93, 7.0,',
           (REF + "test_readability_of_reference_text_by_hand",),
           "(2) the Flesch-Douma syllable weight 77 -> 7"),
    Mutant("plain-french-minimum", "plain", PLAIN,
           "VOWELS_FR, 30, 16, 55.0)",
           "VOWELS_FR, 30, 16, 50.0)",
           (REF + "test_readability_warning_just_above_and_just_below_the_minimum",),
           "wrong constant: French texts warned below 50, not 55"),
    Mutant("plain-long-sentence-at-the-limit", "plain", PLAIN,
           "for s in found if len(s.words) > rules.sentence_words]",
           "for s in found if len(s.words) >= rules.sentence_words]",
           (REF + "test_long_sentence_warning_starts_one_word_above_the_limit",),
           "off by one: a sentence of exactly the limit is called long"),
    Mutant("plain-long-word-at-the-limit", "plain", PLAIN,
           "if len(word) <= rules.word_letters or",
           "if len(word) < rules.word_letters or",
           (REF + "test_long_word_warning_starts_one_letter_above_the_limit",),
           "EQUIVALENT: a word of exactly the limit now goes on to the per-part test, which "
           "asks `len(part) > limit` of parts no longer than the word: still not long",
           equivalent=True),
    Mutant("plain-long-word-part-at-the-limit", "plain", PLAIN,
           "return any(len(part) > rules.word_letters for part in",
           "return any(len(part) >= rules.word_letters for part in",
           (REF + "test_long_word_warning_starts_one_letter_above_the_limit",
            GAPS + "test_a_hyphenated_word_is_long_only_when_a_part_is"),
           "off by one: a hyphenated word with a part of exactly the limit is called long"),
    Mutant("plain-score-on-two-sentences", "plain", PLAIN,
           "    if len(found) < 3:\n        return []\n    value = score(found, rules)",
           "    if len(found) < 2:\n        return []\n    value = score(found, rules)",
           (REF + "test_two_sentences_never_get_the_score_warning",),
           "off by one: two sentences get a readability score warning"),
    Mutant("plain-minimum-itself-warns", "plain", PLAIN,
           "if value >= rules.minimum_score:",
           "if value > rules.minimum_score:",
           (REF + "test_a_score_equal_to_the_minimum_gets_no_warning",),
           "wrong comparison: a score equal to the minimum is warned"),
    Mutant("plain-english-le-ending", "plain", PLAIN,
           '            and not re.search(r"[^aeiouy]le$", word)):',
           "            ):",
           (REF + "test_syllables_counted_by_hand",),
           "dropped condition: `table` counted as one syllable"),
    Mutant("plain-french-silent-e-one-syllable", "plain", PLAIN,
           'if rules is RULES["fr"] and count > 1 and',
           'if rules is RULES["fr"] and count > 0 and',
           (REF + "test_syllables_counted_by_hand",),
           "EQUIVALENT: with one vowel group the decrement gives 0 and `max(count, 1)` gives 1 "
           "back, exactly what `count > 1` keeps: no word scores differently",
           equivalent=True),
    Mutant("plain-title-words-long", "plain", PLAIN,
           "if long_parts(word, rules) and word.lower() not in known:",
           "if long_parts(word, rules):",
           (GAPS + "test_a_title_word_is_never_too_long",),
           "dropped condition: the title's own words are called long"),

    # -- runtime cache key (plugins/safe_publish/fingerprint.py) ----------------------------------
    Mutant("fingerprint-runtime-without-versions", "runtime", FINGERPRINT,
           'found.append((name, fields.get("Version", "")))',
           'found.append((name, ""))',
           (T + "test_upgrade.py::test_the_runtime_key_is_the_same_in_every_process_and_sees_"
            "every_distribution",),
           "a cache key missing an input: an upgraded library reuses everything"),
    Mutant("fingerprint-inputs-without-build-date", "runtime", FINGERPRINT,
           "    digest.update(build_date.encode())\n",
           "",
           (T + "test_build.py::test_unchanged_inputs_skip_the_build_and_any_change_rebuilds",
            GAPS + "test_every_input_of_the_whole_build_skip_changes_its_fingerprint",
            GAPS + "test_the_next_days_build_is_not_skipped"),
           "a cache key missing an input: the next day's build is skipped, a scheduled item "
           "never appears"),
    Mutant("fingerprint-inputs-without-search-code", "runtime", FINGERPRINT,
           'CODE_FOLDERS = ("plugins", "search")',
           'CODE_FOLDERS = ("plugins",)',
           (GAPS + "test_every_input_of_the_whole_build_skip_changes_its_fingerprint",),
           "a cache key missing an input: a change to the search code skips the build"),
    Mutant("fingerprint-output-ignores-mtime", "runtime", FINGERPRINT,
           'f"{stat.st_mtime_ns}\\n".encode())',
           '"\\n".encode())',
           (GAPS + "test_the_output_fingerprint_sees_a_file_rewritten_with_the_same_size",),
           "a key missing an input: an output file rewritten with the same size is trusted"),
    Mutant("fingerprint-skips-catalogs", "runtime", FINGERPRINT,
           'if not name.endswith((".pyc", ".mo")):',
           'if not name.endswith((".pyc", ".mo", ".po")):',
           (GAPS + "test_every_input_of_the_whole_build_skip_changes_its_fingerprint",),
           "a key missing an input: a translated theme string skips the build"),
]


# -- running ------------------------------------------------------------------------------------
def module_of(rel: str) -> str:
    """plugins/portal/site.py -> portal.site; search/index.py -> search.index."""
    parts = Path(rel).with_suffix("").parts
    return ".".join(parts[1:] if parts[0] == "plugins" else parts)


def make_copy(dest: Path, golden: bool = True) -> None:
    def ignore(folder, names):
        skipped = set(SKIP(folder, names))
        if not golden and Path(folder).parts[-2:] == GOLDEN_TREE[:2]:
            skipped.add(GOLDEN_TREE[2])
        return skipped

    dest.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore, symlinks=True)
        elif source.exists():
            shutil.copy2(source, dest / name)
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)


def apply(copy: Path, mutant: Mutant) -> None:
    path = copy / mutant.file
    text = path.read_text("utf-8")
    found = text.count(mutant.old)
    if found != 1:
        raise StaleMutant(f"{mutant.name}: the text to replace occurs {found} times in "
                          f"{mutant.file} (must be exactly once): {mutant.old!r}")
    path.write_text(text.replace(mutant.old, mutant.new), "utf-8")
    if path.suffix == ".py":  # a one-line bug is still Python: a syntax error proves nothing
        try:
            compile(path.read_text("utf-8"), str(path), "exec")
        except SyntaxError as exc:
            raise StaleMutant(f"{mutant.name}: the mutated {mutant.file} does not compile: "
                              f"{exc}") from None


class StaleMutant(Exception):
    pass


def stale(mutants) -> list[str]:
    """Mutants whose text no longer occurs exactly once in the working tree."""
    out = []
    for mutant in mutants:
        text = (ROOT / mutant.file).read_text("utf-8")
        if text.count(mutant.old) != 1:
            out.append(f"{mutant.name}: {mutant.old!r} occurs {text.count(mutant.old)} times "
                       f"in {mutant.file}")
    return out


def environment(copy: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy), str(copy / "plugins")]
                                        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    return env


def imported_from(copy: Path, files) -> list[str]:
    """Modules of `files` that Python would import from anywhere but the copy."""
    modules = sorted({module_of(f) for f in files})
    # PathFinder on sys.path, package by package: nothing is imported or run (a mutated
    # module may not even import), and PYTHONPATH must come before the venv's .pth
    script = ("import json, sys\nfrom importlib.machinery import PathFinder\n"
              "def origin(name):\n"
              "    path = None\n"
              "    for depth in range(1, name.count('.') + 2):\n"
              "        spec = PathFinder.find_spec('.'.join(name.split('.')[:depth]), path)\n"
              "        path = spec.submodule_search_locations\n"
              "    return spec.origin\n"
              "print(json.dumps({m: origin(m) for m in sys.argv[1:]}))")
    done = subprocess.run([PYTHON, "-c", script, *modules], cwd=copy, env=environment(copy),
                          capture_output=True, text=True, timeout=120)
    if done.returncode:
        return [f"cannot locate {modules}: {done.stderr.strip()[-500:]}"]
    import json

    origins = json.loads(done.stdout)
    return [f"{m} is imported from {o}" for m, o in origins.items()
            if not Path(o).resolve().is_relative_to(copy.resolve())]


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # KILLED, SURVIVED, EQUIVALENT (survived, documented), TIMEOUT, ERROR
    seconds: float
    detail: str = ""  # the first failing test, or what went wrong


FAILED = re.compile(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", re.M)


def run_pytest(copy: Path, tests, timeout: float) -> tuple[int | None, str]:
    """pytest's exit code (None: timed out) and its output."""
    args = [PYTHON, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--rootdir",
            str(copy), "--basetemp", str(copy / ".pytest-tmp"), *tests]
    # a session of its own: on a timeout the whole group goes (builds fork, node and
    # Chromium are started by the tests), by its id
    proc = subprocess.Popen(args, cwd=copy, env=environment(copy), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, _ = proc.communicate()
        return None, out or ""
    return proc.returncode, out


def needs_golden(tests) -> bool:
    return any(t.split("::")[0] == GOLDEN_TESTS or t.rstrip("/") in ("tests", "tests/fixtures")
               for t in tests)


#: Scratch copies are removed by one background thread, while the next mutant runs.
REMOVER = ThreadPoolExecutor(max_workers=1)


def discard(copy: Path, keep: bool) -> None:
    if not keep:
        REMOVER.submit(shutil.rmtree, copy, ignore_errors=True)


def run_one(mutant: Mutant, work: Path, timeout: float, keep: bool) -> Outcome:
    started = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        copy = Path(tempfile.mkdtemp(prefix=f"{mutant.name}-", dir=work))
        try:
            make_copy(copy, golden=needs_golden(mutant.tests))
            apply(copy, mutant)
            wrong = imported_from(copy, [mutant.file]) if mutant.file.endswith(".py") else []
            if wrong:
                return Outcome(mutant, "ERROR", time.monotonic() - started, "; ".join(wrong))
            code, output = run_pytest(copy, mutant.tests, timeout)
        except StaleMutant as exc:
            return Outcome(mutant, "ERROR", time.monotonic() - started, str(exc))
        finally:
            discard(copy, keep)
        if code is None and attempts == 1:
            continue  # the machine is shared: one more try before calling it a survivor
        break
    seconds = time.monotonic() - started
    if code is None:
        return Outcome(mutant, "TIMEOUT", seconds, f"no answer within {timeout:.0f} s, twice")
    if code == 0:
        return Outcome(mutant, "EQUIVALENT" if mutant.equivalent else "SURVIVED", seconds,
                       mutant.why if mutant.equivalent else "every test passed")
    if code == 4 and "not found" in output:
        return Outcome(mutant, "ERROR", seconds, "a test id names no test: "
                       + " ".join(line for line in output.splitlines() if "not found" in line))
    # any failure kills: the baseline ran these very ids, so even a collection error (exit 4:
    # a test module no longer imports) is the mutant's doing
    found = FAILED.search(output)
    return Outcome(mutant, "KILLED", seconds, (found.group(1) if found else "")
                   + (f" (pytest exit {code})" if code != 1 or not found else "")
                   + (" (marked equivalent, but a test told it apart: fix its entry)"
                      if mutant.equivalent else ""))


def baseline(selected, work: Path, timeout: float, keep: bool) -> tuple[bool, float, str]:
    """Every selected test on the unmutated copy: all must pass."""
    started = time.monotonic()
    tests = list(dict.fromkeys(t for m in selected for t in m.tests))
    copy = Path(tempfile.mkdtemp(prefix="baseline-", dir=work))
    try:
        make_copy(copy, golden=needs_golden(tests))
        wrong = imported_from(copy, {m.file for m in selected if m.file.endswith(".py")})
        if wrong:
            return False, time.monotonic() - started, "; ".join(wrong)
        code, output = run_pytest(copy, tests, timeout)
    finally:
        discard(copy, keep)
    seconds = time.monotonic() - started
    if code != 0 or "not found" in (output or ""):
        found = FAILED.search(output or "")
        return False, seconds, (f"pytest exit {code}: " + (found.group(1) if found else "")
                                + "\n" + (output or "")[-3000:])
    return True, seconds, f"{len(tests)} test ids"


def table(outcomes: list[Outcome]) -> str:
    width = max([len(o.mutant.name) for o in outcomes] + [6])
    area = max([len(o.mutant.area) for o in outcomes] + [4])
    lines = [f"{'mutant':<{width}}  {'area':<{area}}  {'result':<10}  {'seconds':>7}  detail"]
    for o in outcomes:
        lines.append(f"{o.mutant.name:<{width}}  {o.mutant.area:<{area}}  {o.status:<10}  "
                     f"{o.seconds:7.1f}  {o.detail}")
    return "\n".join(lines)


def select(only: list[str]) -> list[Mutant]:
    if not only:
        return list(MUTANTS)
    names = {m.name for m in MUTANTS}
    unknown = [n for n in only if n not in names]
    if unknown:
        raise SystemExit(f"unknown mutant(s): {', '.join(unknown)} (see --list)")
    return [m for m in MUTANTS if m.name in only or m.area == "sanity"]  # sanity: always


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[],
                        help="run only these mutants (repeatable, or comma-separated)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds for one mutant's tests (default {TIMEOUT})")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies")
    args = parser.parse_args(argv)
    only = [n.strip() for arg in args.only for n in arg.split(",") if n.strip()]
    selected = select(only)
    names = [m.name for m in MUTANTS]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        print(f"mutant names used twice: {doubled}", file=sys.stderr)
        return 2
    if args.list:
        for m in selected:
            mark = "  [equivalent]" if m.equivalent else ""
            print(f"{m.name:<34} {m.area:<12} {m.file}{mark}\n    {m.why}\n"
                  f"    tests: {', '.join(m.tests)}")
        print(f"{len(selected)} mutants")
        return 0
    problems = stale(selected)
    if problems:
        print("stale mutants (their text is not in the file exactly once):\n  "
              + "\n  ".join(problems), file=sys.stderr)
        return 2
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="overstap-mutants-"))
    try:
        ok, seconds, detail = baseline(selected, work, args.timeout * BASELINE_FACTOR, args.keep)
        print(f"baseline (unmutated copy, every selected test): "
              f"{'passed' if ok else 'FAILED'} in {seconds:.0f} s ({detail.splitlines()[0]})",
              flush=True)
        if not ok:
            print(detail, file=sys.stderr)
            print("the baseline fails: the run is invalid", file=sys.stderr)
            return 2
        outcomes: list[Outcome] = []
        lock = threading.Lock()

        def one(mutant: Mutant) -> Outcome:
            outcome = run_one(mutant, work, args.timeout, args.keep)
            with lock:
                print(f"  {outcome.status:<10} {outcome.seconds:6.1f} s  {mutant.name}: "
                      f"{outcome.detail}", flush=True)
            return outcome

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = list(pool.map(one, selected))
    finally:
        REMOVER.shutdown(wait=True)  # every copy gone before their folder is
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(outcomes))
    sanity = [o for o in outcomes if o.mutant.area == "sanity"]
    outcomes = [o for o in outcomes if o.mutant.area != "sanity"]
    counted = [o for o in outcomes if o.status != "EQUIVALENT"]
    killed = sum(o.status == "KILLED" for o in counted)
    survived = sum(o.status in ("SURVIVED", "TIMEOUT") for o in counted)
    errors = sum(o.status == "ERROR" for o in counted)
    equivalent = len(outcomes) - len(counted)
    for o in sanity:
        print(f"\nsanity check ({o.mutant.name}): {o.status} by {o.detail}: the tests import the "
              "scratch copy's code" if o.status == "KILLED" else
              f"\nsanity check ({o.mutant.name}): {o.status}: the tests did NOT import the "
              "scratch copy's code, the run is invalid")
    print(f"\n{len(counted)} mutants: {killed} killed, {survived} survived"
          + (f", {errors} errors" if errors else "")
          + (f" ({equivalent} equivalent, documented)" if equivalent else "")
          + f"; {time.monotonic() - started:.0f} s in all")
    if any(o.status != "KILLED" for o in sanity):
        return 2
    return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())
