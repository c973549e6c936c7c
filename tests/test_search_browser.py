"""Searching the built portal in Chromium, in every language: the results equal Whoosh's, the
filters work, the query is in the URL, the live region announces the count, partial matches
say what they lack, words of another language lead there, results lead to the section that
matched, a typed query's words are fetched before Enter, hostile input is shown as text, the
header box leads here, and axe finds nothing wrong. The portal is served as a host serves it:
by Debian's nginx with the generated `_nginx.conf` (conftest `portal_nginx`), so the search
files come with its caching headers."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from search.index import index_home
from search.query import engine_for
from tests.browser import describe, run_axe, until

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
    until(page, "t => document.querySelector('[data-announce]').textContent.includes(t)", text)


def _wait_count(page, total: int, shown: int) -> None:
    """Until the live region announces `total` results and `shown` are listed."""
    until(page, "([t, n]) => document.querySelector('[data-announce]').textContent"
          ".startsWith(t + ' ') && document.querySelectorAll('[data-results] > li').length === n",
          [total, shown])


def _params(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("lang", list(PAGES))
def test_search_filters_url_and_live_region(tab, portal_nginx, portal_site, lang):
    engine = engine_for(index_home(portal_site) / lang)
    query = QUERIES[lang]
    tab.goto(portal_nginx.origin + PAGES[lang])
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
    until(tab, "n => document.querySelectorAll('[data-results] > li').length === n",
          min(20, expected.total))
    assert _urls(tab) == [h.url for h in engine.search(query, limit=20).hits]
    violations = run_axe(tab)
    assert not violations, describe(violations)
    assert not tab.errors and not tab.dialogs


def test_no_results_offers_a_suggestion(tab, portal_nginx, portal_site):
    tab.goto(portal_nginx.origin + "/nl/zoeken/?q=loopbaanbegelijding")
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
def test_hostile_queries_are_shown_as_text(tab, portal_nginx, text):
    tab.goto(portal_nginx.origin + "/nl/zoeken/?q=" + quote(text))
    until(tab, "document.querySelector('[data-announce]').textContent.length > 0")
    shown = tab.text_content("[data-search]")
    assert text[:60] in shown or text[:60] in tab.input_value("#search-q")
    assert tab.locator("main img, main script:not([src])").count() == 0
    assert not tab.dialogs and not tab.errors


def test_the_header_search_box_leads_to_the_search_page(tab, portal_nginx, portal_site):
    tab.goto(portal_nginx.origin + "/fr/")
    tab.fill("#site-search", "formation")
    tab.press("#site-search", "Enter")
    tab.wait_for_url("**/fr/recherche/?q=formation")
    expected = engine_for(index_home(portal_site) / "fr").search("formation")
    _wait_count(tab, expected.total, len(expected.hits))
    assert _urls(tab) == [h.url for h in expected.hits]


def test_without_javascript_the_page_points_to_the_finder(browser, portal_nginx):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_nginx.origin + "/en/search/?q=training")
    assert page.is_visible("main p.notice")
    assert "measure finder" in page.text_content("main p.notice")
    assert page.is_visible("main p.notice a[href='/en/measures/']")
    assert not page.is_visible("[data-filters]")
    context.close()


def test_partial_matches_say_which_words_they_lack(tab, portal_nginx, portal_site):
    """One word that is nowhere: the pages with the other words, as Whoosh ranks them, each
    saying what it lacks."""
    engine = engine_for(index_home(portal_site) / "nl")
    query = "loopbaanbegeleiding xyzzyq"
    expected = engine.search(query)
    assert expected.total and expected.full == 0
    tab.goto(portal_nginx.origin + "/nl/zoeken/?q=" + quote(query))
    _wait_count(tab, expected.total, len(expected.hits))
    assert _urls(tab) == [h.url for h in expected.hits]
    missing = tab.eval_on_selector_all(
        "[data-results] > li", "els => els.map(li => li.querySelector('.search-missing s')"
        " ? li.querySelector('.search-missing s').textContent : '')")
    assert missing == ["xyzzyq"] * len(expected.hits)
    assert tab.is_visible("[data-note]")
    violations = run_axe(tab)
    assert not violations, describe(violations)


def test_words_of_another_language_lead_there(tab, portal_nginx, portal_site):
    fr = engine_for(index_home(portal_site) / "fr")
    nl = engine_for(index_home(portal_site) / "nl")
    query = "loopbaanbegeleiding"
    assert fr.search(query).full == 0 and nl.search(query).full > 0
    tab.goto(portal_nginx.origin + "/fr/recherche/?q=" + query)
    tab.wait_for_selector("[data-elsewhere] a", timeout=10_000)
    link = tab.locator("[data-elsewhere] a")
    assert link.count() == 1 and link.get_attribute("hreflang") == "nl"
    assert str(nl.search(query).full) in link.text_content()
    link.click()
    tab.wait_for_url("**/nl/zoeken/?q=" + query)
    expected = nl.search(query)
    _wait_count(tab, expected.total, len(expected.hits))


def test_results_lead_to_the_section_that_matched(tab, portal_nginx, portal_site):
    """The first section link of a result goes to the heading of its section and asks the
    browser to highlight the words found there (a text fragment)."""
    engine = engine_for(index_home(portal_site) / "nl")
    query = "loopbaancheques"
    hit = next(h for h in engine.search(query).hits if h.section["anchor"])
    tab.goto(portal_nginx.origin + "/nl/zoeken/?q=" + query)
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
    # the browser scrolls to the text fragment, in the section: it comes into view
    until(tab, "id => { const top = document.getElementById(id).getBoundingClientRect().top;"
          " return window.scrollY > 0 && -innerHeight < top && top < innerHeight; }",
          hit.section["anchor"], timeout=5)


def test_sub_results_show_an_excerpt_of_their_section(tab, portal_nginx, portal_site):
    """Under a result, each other section that matched: its heading (a link to it that asks
    the browser to highlight its words) and an excerpt of it, the query's words marked, as
    Whoosh has them."""
    engine = engine_for(index_home(portal_site) / "nl")
    query = "opleiding verlof"
    hit = next(h for h in engine.search(query).hits if h.sections)
    tab.goto(portal_nginx.origin + "/nl/zoeken/?q=" + quote(query))
    _wait_for(tab, query)
    card = tab.locator("[data-results] > li").filter(
        has=tab.locator(f"h3 a[href='{hit.url}']"))
    entries = card.locator(".search-sections > li")
    first = 1 if hit.section["anchor"] else 0
    until(tab, "([url, n]) => document.querySelector(`[data-results] h3 a[href='${url}']`)"
          ".closest('li').querySelectorAll('.search-sections > li').length === n",
          [hit.url, first + len(hit.sections)])  # they are added after the results
    assert entries.count() == first + len(hit.sections)
    for number, sub in enumerate(hit.sections, first):
        entry = entries.nth(number)
        link = entry.locator("a")
        assert link.text_content() == sub["heading"]
        assert link.get_attribute("href").startswith(f"{hit.url}#{sub['anchor']}:~:text=")
        excerpt = entry.locator("p.search-sub-snippet")
        assert excerpt.text_content() == "".join(piece for piece, _ in sub["snippet"])
        assert excerpt.locator("mark").all_text_contents() == \
            [piece for piece, marked in sub["snippet"] if marked]


def test_results_do_not_wait_for_the_sub_results(browser, portal_nginx, portal_site):
    """The results are shown, announced and focused while the sub-results' files are still
    on their way (held back here); when they come, each card gets its sub-results, as Whoosh
    has them, and nothing else moves: focus stays on the results heading, the live region
    says nothing more."""
    engine = engine_for(index_home(portal_site) / "nl")
    query = "opleiding verlof"
    expected = engine.search(query)
    subs = sum(len(h.sections) for h in expected.hits)
    assert subs
    context = browser.new_context()
    held = []
    context.route("**/search/nl/s/**", lambda route: held.append(route))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(portal_nginx.origin + "/nl/zoeken/?q=" + quote(query))
    _wait_count(page, expected.total, len(expected.hits))
    assert _urls(page) == [h.url for h in expected.hits]
    assert page.evaluate("document.activeElement.hasAttribute('data-heading')")
    for _ in range(200):  # the page asks for them once the results are shown
        if len(held) >= subs:
            break
        page.wait_for_timeout(50)
    assert len(held) == subs, [r.request.url for r in held]
    assert page.locator(".search-sub-snippet").count() == 0
    announced = page.text_content("[data-announce]")
    for route in held:
        route.continue_()
    until(page, "n => document.querySelectorAll('.search-sub-snippet').length === n", subs)
    cards = page.locator("[data-results] > li")
    for number, hit in enumerate(expected.hits):
        links = cards.nth(number).locator(".search-sections > li > a")
        headings = ([hit.section["heading"]] if hit.section["anchor"] else []) + \
            [sub["heading"] for sub in hit.sections]
        assert links.all_text_contents() == headings
    assert page.evaluate("document.activeElement.hasAttribute('data-heading')")
    assert page.text_content("[data-announce]") == announced
    assert page.locator("[data-results] [aria-live], [data-results] [role=status]").count() == 0
    assert not errors
    context.close()


def test_a_typed_query_needs_only_its_results_after_enter(browser, portal_nginx, portal_site):
    """What the words need (term and word shards) is fetched while they are typed (a finished
    word at once), so after Enter the page asks only for the results' own files, then the
    sub-results': one round of requests before the results instead of two."""
    query = "werknemers delen "
    engine = engine_for(index_home(portal_site) / "nl")
    expected = engine.search(query)
    meta = json.loads((portal_site / "search" / "nl" / "meta.json").read_text("utf-8"))
    # the spelling shard of the last word, as the export names it (a shard per first two letters)
    last = f"/search/nl/w/{meta['wkeys'].index('delen'[:meta['spellkey']])}.json"
    context = browser.new_context()
    page = context.new_page()
    asked, done = [], []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.on("requestfinished", lambda r: done.append(urlsplit(r.url).path))
    page.goto(portal_nginx.origin + "/nl/zoeken/")
    page.click("#search-q")
    page.keyboard.type(query)
    quiet = 0  # until the last word's files are there and nothing has been on its way for
    for _ in range(400):  # a while (a prefetch asks in steps: shards, then what they name)
        quiet = quiet + 1 if last in done and len(done) == len(asked) else 0
        if quiet >= 10:
            break
        page.wait_for_timeout(50)
    assert last in done, asked
    before = len(asked)
    page.keyboard.press("Enter")
    _wait_count(page, expected.total, len(expected.hits))
    assert _urls(page) == [h.url for h in expected.hits]
    after = [path for path in asked[before:] if path.startswith("/search/")]
    assert after, asked
    assert all(path.startswith(("/search/nl/d/", "/search/nl/s/")) for path in after), after
    context.close()


def test_each_key_asks_for_the_words_own_shards(browser, portal_nginx, portal_site):
    """A fast typist does not pause: at every key the page asks for the own shards of the words
    typed so far, so the last word's spelling shard was asked for before Enter was pressed
    (not only after a pause, nor by the search itself)."""
    meta = json.loads((portal_site / "search" / "nl" / "meta.json").read_text("utf-8"))
    last = f"/search/nl/w/{meta['wkeys'].index('delen'[:meta['spellkey']])}.json"
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal_nginx.origin + "/nl/zoeken/")
    page.evaluate("() => document.addEventListener('keydown', (e) => {"
                  " if (e.key === 'Enter') { window.enterAt = performance.now(); } }, true)")
    page.click("#search-q")
    page.keyboard.type("werknemers delen")
    page.keyboard.press("Enter")
    starts = ("p => performance.getEntriesByType('resource')"
              ".filter(e => new URL(e.name).pathname === p).map(e => e.startTime)")
    until(page, f"p => ({starts})(p).length > 0 && window.enterAt !== undefined", last)
    assert min(page.evaluate(starts, last)) < page.evaluate("window.enterAt")
    context.close()
