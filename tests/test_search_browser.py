"""Searching the built portal in Chromium, in every language: the results equal Whoosh's, the
filters work, the query is in the URL, the live region announces the count, partial matches
say what they lack, words of another language lead there, results lead to the section that
matched, hostile input is shown as text, the header box leads here, and axe finds nothing
wrong."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from search.index import index_home
from search.query import engine_for
from tests.browser import describe, run_axe

PAGES = {"nl": "/nl/zoeken/", "fr": "/fr/recherche/", "en": "/en/search/"}
QUERIES = {"nl": "loopbaanbegeleiding", "fr": "accompagnement de carrière",
           "en": "career guidance"}
RESULT_LINKS = "[data-results] li h3 a"


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _urls(page) -> list[str]:
    return page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.getAttribute('href'))")


def _wait_for(page, text: str) -> None:
    """Until the live region says `text` (it is updated once results are shown)."""
    page.wait_for_function(
        "t => document.querySelector('[data-announce]').textContent.includes(t)", arg=text,
        timeout=10_000)


def _wait_count(page, total: int, shown: int) -> None:
    """Until the live region announces `total` results and `shown` are listed."""
    page.wait_for_function(
        "([t, n]) => document.querySelector('[data-announce]').textContent.startsWith(t + ' ')"
        " && document.querySelectorAll('[data-results] > li').length === n",
        arg=[total, shown], timeout=10_000)


def _params(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("lang", list(PAGES))
def test_search_filters_url_and_live_region(tab, portal_server, portal_site, lang):
    engine = engine_for(index_home(portal_site) / lang)
    query = QUERIES[lang]
    tab.goto(portal_server.origin + PAGES[lang])
    tab.fill("#search-q", query)
    tab.press("#search-q", "Enter")
    expected = engine.search(query)
    assert expected.total > 10
    _wait_count(tab, expected.total, 10)
    assert _urls(tab) == [h.url for h in expected.hits]
    assert _params(tab)["q"] == [query]
    assert tab.locator("[data-results] mark").count() > 0
    heading = tab.text_content("[data-heading]")
    assert str(expected.total) in heading and query in heading

    # a filter: results and count follow Whoosh's, the filter goes into the URL
    tab.check("input[name=type][value=measure]")
    measures = engine.search(query, {"type": ["measure"]})
    _wait_count(tab, measures.total, len(measures.hits))
    assert _urls(tab) == [h.url for h in measures.hits]
    assert _params(tab)["type"] == ["measure"]
    assert tab.is_visible("[data-reset]")

    # the address can be shared: opening it shows the same results and the same filter
    tab.goto(tab.url)
    _wait_count(tab, measures.total, len(measures.hits))
    assert _urls(tab) == [h.url for h in measures.hits]
    assert tab.is_checked("input[name=type][value=measure]")

    # removing the filters brings back every result; "more" shows the next ten
    tab.click("[data-reset]")
    _wait_count(tab, expected.total, 10)
    tab.click("[data-more]")
    tab.wait_for_function("n => document.querySelectorAll('[data-results] > li').length === n",
                          arg=min(20, expected.total))
    assert _urls(tab) == [h.url for h in engine.search(query, limit=20).hits]
    violations = run_axe(tab)
    assert not violations, describe(violations)
    assert not tab.errors and not tab.dialogs


def test_no_results_offers_a_suggestion(tab, portal_server, portal_site):
    tab.goto(portal_server.origin + "/nl/zoeken/?q=loopbaanbegelijding")
    _wait_for(tab, "loopbaanbegelijding")
    assert tab.is_visible("[data-empty]") and "loopbaanbegelijding" in tab.text_content(
        "[data-heading]")
    link = tab.locator("[data-suggestion] a")
    assert link.text_content() == "loopbaanbegeleiding"
    violations = run_axe(tab)
    assert not violations, describe(violations)
    link.click()
    total = engine_for(index_home(portal_site) / "nl").search("loopbaanbegeleiding").total
    _wait_count(tab, total, 10)
    assert _params(tab)["q"] == ["loopbaanbegeleiding"]


@pytest.mark.parametrize("text", ['"><img src=x onerror=alert(1)>', "<script>alert(1)</script>",
                                  "zorg OR * AND NOT ~2", "x" * 3000])
def test_hostile_queries_are_shown_as_text(tab, portal_server, text):
    tab.goto(portal_server.origin + "/nl/zoeken/?q=" + quote(text))
    tab.wait_for_function("document.querySelector('[data-announce]').textContent.length > 0",
                          timeout=10_000)
    shown = tab.text_content("[data-search]")
    assert text[:60] in shown or text[:60] in tab.input_value("#search-q")
    assert tab.locator("main img, main script:not([src])").count() == 0
    assert not tab.dialogs and not tab.errors


def test_the_header_search_box_leads_to_the_search_page(tab, portal_server, portal_site):
    tab.goto(portal_server.origin + "/fr/")
    tab.fill("#site-search", "formation")
    tab.press("#site-search", "Enter")
    tab.wait_for_url("**/fr/recherche/?q=formation")
    expected = engine_for(index_home(portal_site) / "fr").search("formation")
    _wait_count(tab, expected.total, len(expected.hits))
    assert _urls(tab) == [h.url for h in expected.hits]


def test_without_javascript_the_page_points_to_the_finder(browser, portal_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_server.origin + "/en/search/?q=training")
    assert page.is_visible("main p.notice")
    assert "measure finder" in page.text_content("main p.notice")
    assert page.is_visible("main p.notice a[href='/en/measures/']")
    assert not page.is_visible("[data-filters]")
    context.close()


def test_partial_matches_say_which_words_they_lack(tab, portal_server, portal_site):
    """One word that is nowhere: the pages with the other words, as Whoosh ranks them, each
    saying what it lacks."""
    engine = engine_for(index_home(portal_site) / "nl")
    query = "loopbaanbegeleiding xyzzyq"
    expected = engine.search(query)
    assert expected.total and expected.full == 0
    tab.goto(portal_server.origin + "/nl/zoeken/?q=" + quote(query))
    _wait_count(tab, expected.total, len(expected.hits))
    assert _urls(tab) == [h.url for h in expected.hits]
    missing = tab.eval_on_selector_all(
        "[data-results] > li", "els => els.map(li => li.querySelector('.search-missing s')"
        " ? li.querySelector('.search-missing s').textContent : '')")
    assert missing == ["xyzzyq"] * len(expected.hits)
    assert tab.is_visible("[data-note]")
    violations = run_axe(tab)
    assert not violations, describe(violations)


def test_words_of_another_language_lead_there(tab, portal_server, portal_site):
    fr = engine_for(index_home(portal_site) / "fr")
    nl = engine_for(index_home(portal_site) / "nl")
    query = "loopbaanbegeleiding"
    assert fr.search(query).full == 0 and nl.search(query).full > 0
    tab.goto(portal_server.origin + "/fr/recherche/?q=" + query)
    tab.wait_for_selector("[data-elsewhere] a", timeout=10_000)
    link = tab.locator("[data-elsewhere] a")
    assert link.count() == 1 and link.get_attribute("hreflang") == "nl"
    assert str(nl.search(query).full) in link.text_content()
    link.click()
    tab.wait_for_url("**/nl/zoeken/?q=" + query)
    expected = nl.search(query)
    _wait_count(tab, expected.total, len(expected.hits))


def test_results_lead_to_the_section_that_matched(tab, portal_server, portal_site):
    """The first section link of a result goes to the heading of its section and asks the
    browser to highlight the words found there (a text fragment)."""
    engine = engine_for(index_home(portal_site) / "nl")
    query = "loopbaancheques"
    hit = next(h for h in engine.search(query).hits if h.section["anchor"])
    tab.goto(portal_server.origin + "/nl/zoeken/?q=" + query)
    _wait_for(tab, query)
    card = tab.locator("[data-results] > li").filter(
        has=tab.locator(f"h3 a[href='{hit.url}']"))
    link = card.locator(".search-sections a").first
    href = link.get_attribute("href")
    assert href.startswith(f"{hit.url}#{hit.section['anchor']}:~:text=")
    assert link.text_content() == hit.section["heading"]
    marked = [t for t, m in hit.snippet if m]
    assert quote(marked[0]).lower() in href.lower()
    link.click()
    tab.wait_for_url(f"**{hit.url}*")
    tab.wait_for_timeout(300)
    top = tab.evaluate("id => document.getElementById(id).getBoundingClientRect().top",
                       hit.section["anchor"])
    assert tab.evaluate("window.scrollY") > 0 and -tab.viewport_size["height"] < top < \
        tab.viewport_size["height"], "the section is in view"
