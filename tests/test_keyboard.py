"""A keyboard-only journey in Chromium: home → region hub → a measure, focus always visible."""

from __future__ import annotations


def _tab_to(page, href_part: str, limit: int = 150) -> dict:
    """Press Tab until the focused element is a link whose href contains href_part."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {href: el.getAttribute('href') || '', tag: el.tagName,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== 'none'};
        }""")
        assert info["outline"] or info["shadow"], f"no visible focus on {info}"
        if href_part in info["href"]:
            return info
    raise AssertionError(f"could not reach a link to {href_part} with Tab")


def test_keyboard_journey_from_home_to_region_hub_to_measure(browser, portal_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal_server.origin + "/nl/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    _tab_to(page, "/nl/regio/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nl/regio/")
    _tab_to(page, "/nl/regio/gent/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nl/regio/gent/")
    assert page.locator("h1").inner_text().strip()
    _tab_to(page, "/nl/maatregelen/werkschakelpunten/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nl/maatregelen/werkschakelpunten/")
    assert "Werkschakelpunt" in page.locator("h1").inner_text()
    context.close()


# -- the search page: focus is never left on <body> ------------------------------------------------
def _active(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName, href: el.getAttribute('href') || '',
                heading: el.hasAttribute('data-heading'), text: el.textContent.trim(),
                more: el.hasAttribute('data-more'), reset: el.hasAttribute('data-reset')};
    }""")


def _settled(page) -> None:
    page.wait_for_function(
        "document.querySelector('[data-search]').getAttribute('aria-busy') === 'false'"
        " && !document.querySelector('[data-heading]').hidden", timeout=10_000)


def _search_page(browser, portal_server, path: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(portal_server.origin + path)
    return context, page


def test_after_a_search_the_first_result_is_one_tab_away(browser, portal_server, portal_site):
    from search.index import index_home
    from search.query import engine_for

    expected = engine_for(index_home(portal_site) / "nl").search("loopbaanbegeleiding")
    context, page = _search_page(browser, portal_server, "/nl/zoeken/")
    page.focus("#search-q")
    page.keyboard.type("loopbaanbegeleiding")
    page.keyboard.press("Enter")
    _settled(page)
    assert _active(page)["heading"], "focus moves to the results heading"
    page.keyboard.press("Tab")
    assert _active(page)["href"] == expected.hits[0].url
    # "show more": focus goes to the first of the new results, not to <body>
    more = page.locator("[data-more]")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('[data-results] > li').length > 10")
    assert _active(page)["href"] == engine_for(index_home(portal_site) / "nl").search(
        "loopbaanbegeleiding", limit=11).hits[10].url
    context.close()


def test_enter_on_the_suggestion_moves_focus_to_the_results(browser, portal_server):
    context, page = _search_page(browser, portal_server, "/nl/zoeken/?q=loopbaanbegelijding")
    _settled(page)
    link = page.locator("[data-suggestion] a")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#search-q').value === 'loopbaanbegeleiding'")
    _settled(page)
    active = _active(page)
    assert active["tag"] != "BODY" and active["heading"]
    assert "loopbaanbegeleiding" in active["text"]
    context.close()


def test_removing_the_filters_by_keyboard_keeps_focus(browser, portal_server, portal_site):
    from search.index import index_home
    from search.query import engine_for

    engine = engine_for(index_home(portal_site) / "nl")
    context, page = _search_page(browser, portal_server, "/nl/zoeken/?q=werk")
    _settled(page)
    box = page.locator("input[name=type][value=measure]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("!document.querySelector('[data-reset]').hidden")
    _settled(page)
    assert page.evaluate("document.activeElement.value") == "measure"  # stays on the filter
    page.locator("[data-reset]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-reset]').hidden")
    _settled(page)
    active = _active(page)
    assert active["tag"] != "BODY" and active["heading"]
    # the same from the "no results" box: its button goes, focus goes to the heading
    query, kind = next((q, t) for q in ("loopbaancheques", "opleidingsverlof", "werkschakelpunt")
                       for t in ("page", "hub", "story", "case", "measure")
                       if engine.search(q, {"type": [t]}).total == 0 and engine.search(q).total)
    page.goto(portal_server.origin + f"/nl/zoeken/?q={query}&type={kind}")
    _settled(page)
    page.locator("[data-suggestion] button").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('[data-suggestion] button')")
    _settled(page)
    assert _active(page)["heading"]
    context.close()


def test_on_a_phone_the_filters_come_after_the_results(browser, portal_server):
    context, page = _search_page(browser, portal_server, "/nl/zoeken/", width=390)
    page.focus("#search-q")
    page.keyboard.type("opleiding")
    page.keyboard.press("Enter")
    _settled(page)
    assert _active(page)["heading"]
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            return el.closest('[data-filters]') ? 'filters' :
                   el.closest('[data-results]') ? 'result' : el.tagName;
        }""")
        seen.append(info)
        if info == "filters":
            break
    assert seen[0] == "result", seen
    assert "filters" in seen and all(s != "filters" for s in seen[:seen.index("filters")])
    assert seen.count("result") >= 10, "every result before the filters"
    # on a wide screen the filters stand before the results again
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("document.querySelector('[data-filters]').nextElementSibling"
                           " === document.querySelector('[data-area]')")
    context.close()
