"""The measure finder with JavaScript in Chromium: several filters, the URL, announcements."""

from __future__ import annotations

import re


def _open(page, facet: str) -> None:
    if page.get_attribute(f'details[data-facet="{facet}"]', "open") is None:
        page.click(f'details[data-facet="{facet}"] summary')


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        ".results .card:not([hidden]) .card-title", "els => els.map(e => e.textContent.trim())")


def _measures_in(region: str, sector: str | None = None) -> set[str]:
    """Dutch measures that apply in `region`, read from content/ here: those tagged with it
    and those for all of Flanders (`Regions: vlaanderen`, the general value)."""
    from tests.support import ROOT

    found = set()
    for path in (ROOT / "content" / "measures" / "nl").glob("*.md"):
        head = path.read_text("utf-8").split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        regions = {r.strip() for r in meta.get("Regions", "").split(",")}
        sectors = {s.strip() for s in meta.get("Sectors", "").split(",")}
        if (region in regions or "vlaanderen" in regions) and (
                sector is None or sector in sectors):
            found.add(meta["Title"])
    return found


def test_a_region_filter_keeps_the_measures_for_all_of_flanders(browser, portal_server):
    """Ticking Ghent shows what applies in Ghent: its own measures and the ones for all of
    Flanders (the Ghent page and the filter's "+ 10" say so); with care ticked too, the care
    measures among them."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal_server.origin + "/nl/maatregelen/")
    _open(page, "regions")
    page.check('input[name="regions"][value="gent"]')
    expected = _measures_in("gent")
    assert len(expected) >= 2
    assert set(_visible_titles(page)) == expected
    _open(page, "sectors")
    page.check('input[name="sectors"][value="zorg"]')
    assert set(_visible_titles(page)) == _measures_in("gent", "zorg")
    context.close()


def test_filters_combine_in_place_and_stay_in_the_url(browser, portal_server, portal_site):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(portal_server.origin + "/nl/maatregelen/")
    total = len(_visible_titles(page))
    assert total >= 10
    _open(page, "duration")
    page.check('input[name="duration"][value="tijdelijk"]')
    temporary = _visible_titles(page)
    assert 0 < len(temporary) < total
    assert page.url.endswith("/nl/maatregelen/?duration=tijdelijk")
    _open(page, "approach")
    page.check('input[name="approach"][value="reactief"]')
    both = _visible_titles(page)
    assert 0 < len(both) < len(temporary)
    assert "approach=reactief" in page.url and "duration=tijdelijk" in page.url
    # announced after a pause; on a slow machine the first filter's count may come first
    page.wait_for_function(
        "n => document.querySelector('[data-announce]').textContent.startsWith(n + ' ')",
        arg=len(both))
    announced = page.text_content("[data-announce]")
    assert re.match(rf"^{len(both)} maatregel", announced)
    # the filtered URL, opened anew, shows the same result
    page.goto(page.url)
    assert _visible_titles(page) == both
    page.click("[data-reset]")
    assert len(_visible_titles(page)) == total
    assert page.url.endswith("/nl/maatregelen/")
    assert not errors
    context.close()


def test_a_page_of_one_filter_value_continues_on_the_full_list(browser, portal_server):
    """Landing on /nl/maatregelen/regio/gent/ (the Ghent hub links it), a reader who changes
    the filters must see every measure again, not only Ghent's (the page holds only those)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal_server.origin + "/nl/maatregelen/")
    total = len(_visible_titles(page))
    page.goto(portal_server.origin + "/nl/maatregelen/regio/gent/")
    page.wait_for_url("**/nl/maatregelen/?regions=gent")
    page.wait_for_selector(".finder-enhanced")
    ghent = _visible_titles(page)
    assert len(ghent) == len(_measures_in("gent")), "Ghent's own and those for all of Flanders"
    assert page.is_checked('input[name="regions"][value="gent"]')
    page.uncheck('input[name="regions"][value="gent"]')
    assert len(_visible_titles(page)) == total
    context.close()


def test_without_javascript_the_facet_pages_filter(browser, portal_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_server.origin + "/nl/maatregelen/")
    _open(page, "duration")
    page.click('a[href="/nl/maatregelen/duur/tijdelijk/"]')
    page.wait_for_url("**/duur/tijdelijk/")
    shown = _visible_titles(page)
    assert shown and all(t for t in shown)
    count = page.text_content("[data-count]")
    assert count.startswith(f"{len(shown)} ")
    context.close()
