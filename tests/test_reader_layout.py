"""The portal as a reader uses it (issue 15), measured in Debian's Chromium at 320, 390 and
1280 px: nothing scrolls sideways, the audience doors come first, hubs stay short on a phone,
the finder keeps its result count in view, the words are the same in menu, breadcrumb and
eyebrow, the language switcher keeps what the reader chose, and the embed panel stays out of
the way. Facts are read from the rendered page, not from the templates."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from tests.browser import describe, run_axe
from tests.support import ROOT
from tests.test_accessibility import all_urls
from tests.test_site_truth import content_of, general_terms

PHONE = {"width": 390, "height": 844}
SMALL = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"320": SMALL, "390": PHONE, "1280": DESKTOP}
HOMES = ["/nl/", "/fr/", "/en/"]
FINDERS = {"nl": "/nl/maatregelen/", "fr": "/fr/mesures/", "en": "/en/measures/"}
#: A combination hub (two funnel levels) and a finder page of one filter value, besides the
#: page types the accessibility test already visits.
EXTRA = ["/nl/doelgroep/werkgevers/sector/zorg/", "/fr/public/employeurs/secteur/soins/",
         "/en/audience/employers/sector/care/", "/nl/maatregelen/aanpak/proactief/",
         "/fr/mesures/approche/proactive/", "/en/measures/approach/proactive/"]


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per width, shared by the tests of this module."""
    contexts, found = [], {}
    for name, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        found[name] = context.new_page()
    yield found
    for context in contexts:
        context.close()


def _doc(site, url: str):
    rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
    return lxml_html.fromstring((site / rel).read_bytes())


def _existing(site, urls):
    return [u for u in urls if (site / (u.lstrip("/") + ("index.html" if u.endswith("/")
                                                            else ""))).is_file()]


def hub_urls(site) -> list[str]:
    """Every audience, sector and region hub in every language, from the doors of the funnel
    pages that the main menu links."""
    found = []
    for home in HOMES:
        menu = _doc(site, home).xpath("//nav[contains(@class, 'main-nav')]//a/@href")
        for section in menu[:3]:
            found += _doc(site, section).xpath("//main//a[contains(@class, 'door')]/@href")
    return sorted(set(found))


# -- 2. built for the phone: nothing scrolls sideways ------------------------------------------
SIDEWAYS = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) out.push('page ' + root.scrollWidth);
  for (const el of document.querySelectorAll('main *')) {
    if (el.matches('textarea, pre, pre *') || el.closest('.visually-hidden')) continue;
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      out.push('scroll box ' + el.tagName + '.' + el.className);
  }
  return out;
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_page_scrolls_sideways(tabs, width, portal_site, portal_server):
    tab, wrong = tabs[width], []
    urls = all_urls(portal_site) + _existing(portal_site, EXTRA) + ["/404.html"]
    for url in urls:
        tab.goto(portal_server.origin + url)
        problems = tab.evaluate(SIDEWAYS)
        if problems:
            wrong.append(f"{url}: {problems[:3]}")
    assert len(urls) > 50
    assert not wrong, f"sideways at {width} px:\n" + "\n".join(wrong)


# -- 1. the funnel first -------------------------------------------------------------------------
DOORS = """() => {
  const doors = [...document.querySelectorAll('main .doors .door')];
  const figures = document.querySelector('main .figures');
  return {tops: doors.map(d => d.getBoundingClientRect().top + scrollY),
          bottoms: doors.map(d => d.getBoundingClientRect().bottom + scrollY),
          figures: figures ? figures.getBoundingClientRect().top + scrollY : null};
}"""


@pytest.mark.parametrize("home", HOMES)
def test_the_audience_doors_come_first_on_the_home_page(tabs, home, portal_server):
    desktop, phone = tabs["1280"], tabs["390"]
    desktop.goto(portal_server.origin + home)
    wide = desktop.evaluate(DOORS)
    assert len(wide["tops"]) == 6
    assert max(wide["bottoms"]) <= DESKTOP["height"], f"a door below the fold at 1280: {wide}"
    phone.goto(portal_server.origin + home)
    narrow = phone.evaluate(DOORS)
    assert narrow["tops"][0] < PHONE["height"], f"the first door is below the fold: {narrow}"
    assert max(narrow["bottoms"]) <= 1.5 * PHONE["height"], f"doors beyond 1.5 screens: {narrow}"
    for measured in (wide, narrow):
        if measured["figures"] is not None:
            assert measured["figures"] > max(measured["bottoms"]), "key figures after the doors"


def test_every_hub_fits_four_phone_screens_with_refinements_near_the_top(tabs, portal_site,
                                                                         portal_server):
    tab, wrong = tabs["390"], []
    hubs = hub_urls(portal_site)
    assert len(hubs) >= 3 * 15
    for url in hubs:
        tab.goto(portal_server.origin + url)
        measured = tab.evaluate("""() => {
          const top = el => el ? el.getBoundingClientRect().top + scrollY : null;
          const first = document.querySelector('main .hub-list');
          return {height: document.documentElement.scrollHeight,
                  refine: top(document.querySelector('main .narrow-down')),
                  lists: top(first), groups: document.querySelectorAll('main .hub-list').length,
                  toc: document.querySelectorAll('main .on-this-page a').length,
                  panelOpen: !!document.querySelector('.embed-panel > details[open]')};
        }""")
        if measured["height"] > 4 * PHONE["height"]:
            wrong.append(f"{url}: {measured['height']} px")
        if measured["refine"] is not None and measured["lists"] is not None \
                and measured["refine"] > measured["lists"]:
            wrong.append(f"{url}: the refinements come after the lists")
        if measured["groups"] > 1 and measured["toc"] != measured["groups"]:
            wrong.append(f"{url}: {measured['groups']} groups, {measured['toc']} contents links")
        if measured["panelOpen"]:
            wrong.append(f"{url}: the embed panel is open")
    assert not wrong, "\n".join(wrong)


def test_a_hub_shows_the_first_few_and_all_the_rest_behind_show_all(tabs, portal_site,
                                                                    portal_server):
    """Every card of a group is on the page: the first few in view, the rest in a closed
    <details> whose summary says how many there are in all (no JavaScript needed)."""
    checked = 0
    for url in hub_urls(portal_site):
        for section in _doc(portal_site, url).xpath("//section[contains(@class, 'hub-list')]"):
            more = section.xpath("./details[contains(@class, 'more')]"
                                 "[not(contains(@class, 'more-wider'))]")
            if not more:
                continue
            shown = section.xpath("./ul/li[@data-item]")
            hidden = more[0].xpath("./ul/li[@data-item]")
            said = int(re.findall(r"\d+", more[0].xpath("string(./summary)"))[0])
            assert said == len(shown) + len(hidden), f"{url}: says {said}"
            assert 2 <= len(shown) <= 3 and hidden, url
            checked += 1
    assert checked > 20


# -- the finder on a phone: "Filters (n)", the count in view --------------------------------------
IN_VIEW = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"""
#: How many result counts a reader sees on screen (the bar's and the heading's): one.
COUNTS_SEEN = """() => [...document.querySelectorAll(
  '[data-count-mirror], .results-title [data-count]')]
  .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0
      && s.visibility === 'visible' && e.closest('[hidden]') === null; }).length"""


@pytest.mark.parametrize("lang", list(FINDERS))
@pytest.mark.parametrize("width", ["320", "390"])
def test_on_a_phone_the_filters_fold_and_the_count_stays_in_view(tabs, lang, width,
                                                                  portal_server):
    tab = tabs[width]
    tab.goto(portal_server.origin + FINDERS[lang])
    total = tab.locator(".results .card:not([hidden])").count()
    assert tab.locator(".facets").is_hidden(), "the filters are folded"
    toggle = tab.locator("[data-filters-toggle]")
    assert re.search(r"\(0\)$", toggle.inner_text().strip())
    tab.wait_for_function(f"() => ({COUNTS_SEEN})() === 1")  # said once, on the first screen
    if width == "390":
        first_card = tab.evaluate("document.querySelector('.results .card')"
                                  ".getBoundingClientRect().top")
        assert first_card < PHONE["height"], "the first result is on the first screen"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    box = tab.locator('details[data-facet="level"] summary')
    box.click()
    tab.locator('input[name="level"]').first.check()
    shown = tab.locator(".results .card:not([hidden])").count()
    assert 0 < shown < total
    tab.wait_for_function(f"() => ({COUNTS_SEEN})() === 1")  # said once, in view
    assert int(re.findall(r"\d+", tab.text_content("[data-count-mirror]"))[0]) == shown
    assert re.search(r"\(1\)$", toggle.inner_text().strip())
    tab.click("[data-filters-done]")
    assert tab.locator(".facets").is_hidden()
    tab.wait_for_function(IN_VIEW, arg=".results-title")  # scrolls smoothly there


@pytest.mark.parametrize("lang", list(FINDERS))
def test_on_a_wide_screen_the_count_stays_in_view_after_a_filter(tabs, lang, portal_server):
    tab = tabs["1280"]
    tab.goto(portal_server.origin + FINDERS[lang])
    assert tab.locator("[data-finder-bar]").is_hidden()
    summary = tab.locator('details[data-facet="level"] summary')
    summary.scroll_into_view_if_needed()
    summary.click()
    tab.locator('input[name="level"]').first.check()
    shown = tab.locator(".results .card:not([hidden])").count()
    assert tab.evaluate(IN_VIEW, ".results-title [data-count]")
    assert int(re.findall(r"\d+", tab.inner_text(".results-title"))[0]) == shown


def test_filter_groups_and_hub_disclosures_show_their_arrow(tabs, portal_server):
    tab = tabs["390"]
    for url in ("/nl/maatregelen/", "/nl/doelgroep/werkenden/"):
        tab.goto(portal_server.origin + url)
        displays = tab.eval_on_selector_all(
            "main summary", "els => els.map(e => getComputedStyle(e).display)")
        assert displays and set(displays) == {"list-item"}, (url, displays)


def test_without_javascript_a_filter_page_counts_what_it_shows(portal_site):
    """On /nl/maatregelen/aanpak/proactief/ the other filters count the measures listed there,
    worked out here from the cards' own data attributes."""
    checked = 0
    for url in _existing(portal_site, EXTRA[3:]):
        doc = _doc(portal_site, url)
        cards = doc.xpath("//section[contains(@class, 'results')]//li[@data-item]")
        for group in doc.xpath("//nav[contains(@class, 'facets')]//details[@data-facet]"):
            key = group.get("data-facet")
            for span in group.xpath(".//*[@data-within]"):
                said = int(re.findall(r"\d+", span.xpath("string(.//*[@class='count-within'])"))[0])
                value = span.get("data-within")
                held = sum(value in (c.get(f"data-{key}") or "").split() for c in cards)
                assert said == held, f"{url} {key}={value}: says {said}, {held} listed"
                checked += 1
    assert checked > 10


# -- 3. words people use --------------------------------------------------------------------------
def test_each_section_has_one_name_in_menu_breadcrumb_and_singular_eyebrows(portal_site):
    wrong = []
    for home in HOMES:
        menu = {urlsplit(a.get("href")).path: a.text_content().strip() for a in
                _doc(portal_site, home).xpath("//nav[contains(@class, 'main-nav')]//a")}
        for section, name in list(menu.items())[:3]:
            page = _doc(portal_site, section)
            if page.xpath("string(//h1)").strip() != name:
                wrong.append(f"{section}: h1 {page.xpath('string(//h1)')!r}, menu {name!r}")
            for hub in page.xpath("//main//a[contains(@class, 'door')]/@href"):
                doc = _doc(portal_site, hub)
                crumb = doc.xpath("string(//nav[contains(@class, 'breadcrumbs')]//li[2])").strip()
                if crumb != name:
                    wrong.append(f"{hub}: breadcrumb {crumb!r}, menu {name!r}")
                eyebrow = doc.xpath("string(//main//p[contains(@class, 'item-type')])").strip()
                if not eyebrow or (eyebrow == name and not section.rstrip("/").endswith(
                        ("doelgroep", "public", "audience"))):
                    wrong.append(f"{hub}: eyebrow {eyebrow!r} (the plural {name!r})")
    assert not wrong, "\n".join(wrong[:10])


def test_readers_see_no_jargon(tabs, portal_site, portal_server):
    tab, wrong = tabs["1280"], []
    for url in [u for u in all_urls(portal_site) if u.startswith("/en/")]:
        tab.goto(portal_server.origin + url)
        text = tab.inner_text("body")
        for word in re.findall(r"\bitems?\b|JSON Feed|Practice examples?", text):
            wrong.append(f"{url}: {word}")
    assert not wrong, wrong[:10]


def test_the_root_404_has_the_portal_header_with_three_languages(portal_site):
    doc = _doc(portal_site, "/404.html")
    header = doc.xpath("//header[contains(@class, 'site-header')]")
    assert header, "the portal's header"
    homes = header[0].xpath(".//nav[contains(@class, 'lang-switcher')]//a/@href")
    assert [urlsplit(h).path for h in homes] == HOMES
    assert len(doc.xpath("//main//a")) >= 3


@pytest.mark.parametrize("start, lang, expected", [
    ("/nl/maatregelen/?duration=tijdelijk", "fr", "/fr/mesures/?duration=tijdelijk"),
    ("/en/measures/?approach=reactief", "nl", "/nl/maatregelen/?approach=reactief"),
    ("/nl/zoeken/?q=opleiding", "en", "/en/search/?q=opleiding"),
])
def test_the_language_switcher_keeps_the_query_and_the_filters(tabs, start, lang, expected,
                                                               portal_server):
    tab = tabs["1280"]
    tab.goto(portal_server.origin + start)
    tab.click(f'.lang-switcher a[hreflang="{lang}"]')
    tab.wait_for_url(portal_server.origin + expected)
    key, value = urlsplit(expected).query.split("=")
    if key != "q":
        assert tab.is_checked(f'input[name="{key}"][value="{value}"]')


def test_a_filter_ticked_after_loading_goes_along_to_the_other_language(tabs, portal_server):
    tab = tabs["1280"]
    tab.goto(portal_server.origin + "/nl/maatregelen/")
    tab.click('details[data-facet="approach"] summary')
    tab.check('input[name="approach"][value="proactief"]')
    tab.click('.lang-switcher a[hreflang="en"]')
    tab.wait_for_url("**/en/measures/?approach=proactief")
    assert tab.is_checked('input[name="approach"][value="proactief"]')


# -- 4. the embed panel out of the way -------------------------------------------------------------
@pytest.mark.parametrize("url", ["/nl/regio/gent/", "/fr/mesures/accompagnement-de-carriere/",
                                 "/en/cases/alimento/"])
def test_the_embed_panel_is_closed_at_the_foot_and_previews_one_at_a_time(tabs, url,
                                                                          portal_site,
                                                                          portal_server):
    if not _existing(portal_site, [url]):
        url = "/nl/regio/gent/"
    tab = tabs["390"]
    tab.goto(portal_server.origin + url)
    last = tab.evaluate("[...document.querySelectorAll('main > * > *, main > *')]"
                        ".filter(e => e.tagName !== 'SCRIPT').pop().className")
    assert "embed-panel" in last, f"the panel is last in the page, not {last}"
    assert tab.locator(".embed-panel > details[open]").count() == 0
    tab.click(".embed-panel > details > summary")
    assert tab.locator(".embed-panel details[data-embed-preview][open]").count() == 1
    previews = tab.locator(".embed-panel details[data-embed-preview] > summary")
    if previews.count() > 1:
        previews.nth(1).click()
        # the other preview closes on the toggle event, after the click returns
        tab.wait_for_function("document.querySelectorAll("
                              "'.embed-panel details[data-embed-preview][open]').length === 1")


# -- item pages: the text, then a short end (the fresh reader's second walk) -------------------
def item_urls(site) -> list[str]:
    """Every measure, case and story page in every language, found in the built site (an
    `article.item` of one of the three types) and counted against content/ read on its own."""
    found = []
    for path in sorted(site.glob("*/**/index.html")):
        rel = path.relative_to(site).as_posix()
        if "/embed/" in rel:
            continue
        if lxml_html.fromstring(path.read_bytes()).xpath(
                "//article[contains(@class, 'item-measure') or contains(@class, 'item-case') "
                "or contains(@class, 'item-story')]"):
            found.append("/" + rel.removesuffix("index.html"))
    assert len(found) == len(content_of(ROOT / "content")), "one page per published item"
    return found


ITEM_END = """() => {
  const height = s => { const e = document.querySelector(s);
                        return e ? e.getBoundingClientRect().height : 0; };
  return {height: document.documentElement.scrollHeight, text: height('.item-layout .prose'),
          organisations: height('.help-block'), related: height('main .related'),
          next: height('main .item-next'),
          panelOpen: !!document.querySelector('.embed-panel > details[open]')};
}"""


def test_item_pages_on_a_phone_keep_what_surrounds_the_text_within_four_screens(
        tabs, portal_site, portal_server):
    """Measure pages were 9,000 px at 390 px (nine full cards under "Related"). At 390×844
    with the embed panel closed, on every measure, case and story page in nl, fr and en:
    everything the portal puts around the item's own text (header, facts, cases, related
    items, what to do next, sources, footer) takes at most four screens; the related items
    at most one, what to do next at most half of one. The text itself (2,000 to 4,600 px
    for these items) is what the reader came for and is never folded, so a whole page is
    longer than four screens; the block of organisations to contact (`.help-block`, built
    by the organisations register) is left out of this budget."""
    tab, wrong = tabs["390"], []
    for url in item_urls(portal_site):
        tab.goto(portal_server.origin + url)
        m = tab.evaluate(ITEM_END)
        around = m["height"] - m["text"] - m["organisations"]
        if m["panelOpen"]:
            wrong.append(f"{url}: the embed panel is open")
        if around > 4 * PHONE["height"]:
            wrong.append(f"{url}: {around:.0f} px around the text (page {m['height']})")
        if m["related"] > PHONE["height"] or m["next"] > PHONE["height"] / 2:
            wrong.append(f"{url}: related {m['related']:.0f} px, next step {m['next']:.0f} px")
    assert not wrong, "\n".join(wrong)


GROUPS = ("//section[contains(@class, 'related')]"
          "//div[contains(concat(' ', @class, ' '), ' compact-group ')]")


def test_related_items_are_compact_groups_with_the_rest_behind_show_all(portal_site):
    """Under "Related", one group per type (measures, cases, stories, in that order): its
    heading and its "Show all" say how many items the group holds, two are in view and the
    rest in a closed <details>; every related item stays in the HTML."""
    checked, wrong = 0, []
    order = ["measure", "case", "story"]
    for url in item_urls(portal_site):
        for group in _doc(portal_site, url).xpath(GROUPS):
            items = group.xpath(".//li[@data-item]/@data-item")
            shown = group.xpath("./ul/li[@data-item]")
            more = group.xpath("./details")
            types = {i.split(":")[0] for i in items}
            said = int(re.findall(r"\d+", group.xpath("string(.//h3)"))[0])
            if len(types) != 1 or said != len(items) or len(shown) > 2:
                wrong.append(f"{url}: {said} said, {len(items)} items, {len(shown)} in view")
            if more and (more[0].get("open") is not None or int(re.findall(
                    r"\d+", more[0].xpath("string(summary)"))[0]) != len(items)):
                wrong.append(f"{url}: the 'Show all' of {types} is open or miscounts")
            if len(items) > 2 and not more:
                wrong.append(f"{url}: {len(items)} items and no 'Show all'")
            checked += 1
        groups = _doc(portal_site, url).xpath(GROUPS)
        kinds = [order.index(g.xpath("string(.//li/@data-item)").split(":")[0]) for g in groups]
        if kinds != sorted(set(kinds)):
            wrong.append(f"{url}: groups in the order {kinds}")
    assert checked > 50
    assert not wrong, "\n".join(wrong[:10])


def test_what_to_do_next_leads_to_the_items_own_hubs_and_a_finder_that_narrows(portal_site):
    """"More on this portal" on every item page, worked out from the item's header: a link
    to the hub of each of its audiences, of each sector and region that is not the general
    one (else to the page where readers pick theirs), the search, and the finder preset with
    the item's kind of support (or audiences) only when that leaves some measures but not
    all, counted on the finder's own cards."""
    entries = {(e.lang, e.type, e.slug): e for e in content_of(ROOT / "content")}
    general = {tax: general_terms(ROOT / "content", tax) for tax in ("sectors", "regions")}
    wrong = []
    for url in item_urls(portal_site):
        doc = _doc(portal_site, url)
        address = doc.xpath("string(//link[@rel='canonical']/@href)")
        nav = doc.xpath("//main//nav[contains(@class, 'item-next')]")
        if len(nav) != 1 or nav[0].xpath(".//li[@data-item]"):
            wrong.append(f"{url}: {len(nav)} next-step blocks, or one with item cards")
            continue
        lang, name = doc.get("lang"), address.rstrip("/").rsplit("/", 1)[1]
        kind = doc.xpath("string(//article/@class)").split()[1].removeprefix("item-")
        entry, = (e for (la, type_, slug), e in entries.items()
                  if (la, type_) == (lang, kind) and (e.head.get("slug") or slug) == name)
        hubs = set()
        for href in nav[0].xpath(".//a/@href"):
            path = urlsplit(href).path
            hub = _doc(portal_site, path).xpath("//main//*[@data-hub]/@data-hub")
            hubs.update(hub)
        expected = {f"audiences={a}" for a in entry.terms["audiences"]}
        for tax in ("sectors", "regions"):
            expected |= {f"{tax}={t}" for t in entry.terms[tax] - general[tax]}
        if not expected <= hubs:
            wrong.append(f"{url}: hubs {sorted(hubs)}, expected {sorted(expected)}")
        finder = [h for h in nav[0].xpath(".//a/@href") if urlsplit(h).path == FINDERS[lang]]
        search = [h for h in nav[0].xpath(".//a/@href") if "/zoeken/" in h or "/recherche/" in h
                  or "/search/" in h]
        if len(finder) != 1 or len(search) != 1:
            wrong.append(f"{url}: {len(finder)} finder links, {len(search)} search links")
            continue
        query = urlsplit(finder[0]).query
        cards = _doc(portal_site, FINDERS[lang]).xpath(
            "//section[contains(@class, 'results')]//li[@data-item]")
        if query:
            key, values = query.split("=")
            values = values.split(",")
            own = entry.values(key) if key == "support" else sorted(entry.terms["audiences"])
            held = [c for c in cards if set(values) & set((c.get(f"data-{key}") or "").split())]
            if sorted(values) != sorted(own) or not 0 < len(held) < len(cards):
                wrong.append(f"{url}: finder ?{query} leaves {len(held)} of {len(cards)}")
    assert not wrong, "\n".join(wrong[:10])


# -- the measure map: one form on a phone ------------------------------------------------------
@pytest.mark.parametrize("url", ["/nl/kaart/", "/fr/carte/", "/en/map/"])
def test_the_measure_map_shows_one_form_on_a_phone_and_keeps_the_table(tabs, url, portal_site,
                                                                       portal_server):
    """At 390 px the map's lists are the one form in view (the SVG is not shown and the
    table waits, closed, behind a summary that says how many measures it holds); at 1280 px
    the SVG. Every measure of the finder is in the lists, the SVG and the table's rows."""
    measures = {urlsplit(h).path for h in _doc(portal_site, FINDERS[url[1:3]]).xpath(
        "//section[contains(@class, 'results')]//li[@data-item]//a[1]/@href")}
    doc = _doc(portal_site, url)
    for where in ("//div[contains(@class, 'map-narrow')]", "//div[contains(@class, 'map-wide')]",
                  "//table[contains(@class, 'map-table')]//th[@scope='row']"):
        assert {urlsplit(h).path for h in doc.xpath(where + "//a/@href")} == measures, where
    summary = doc.xpath("//details[contains(@class, 'map-table-more')]/summary")
    assert summary and int(re.findall(r"\d+", summary[0].text_content())[-1]) == len(measures)
    seen = """() => [...document.querySelectorAll('.map-narrow, .map-wide, .map-table')]
      .filter(e => e.checkVisibility()).map(e => e.className)"""
    for width, expected in (("390", ["map-narrow"]), ("1280", ["map-wide"])):
        tabs[width].goto(portal_server.origin + url)
        assert tabs[width].evaluate(seen) == expected, width
    tabs["390"].click(".map-table-more > summary")
    assert tabs["390"].evaluate(SIDEWAYS) == [], "the opened table fits the phone"


# -- hubs: refinements in labelled groups, the embed panel for partners --------------------------
def test_refinements_are_grouped_under_a_label_per_kind(portal_site):
    """"Narrow it down" holds one labelled list per kind (sector, region, audience): every
    list is named by its own heading, and every chip of a list leads to a combination hub of
    that kind (its data-hub names the kind)."""
    checked, wrong = 0, []
    for url in hub_urls(portal_site):
        doc = _doc(portal_site, url)
        for nav in doc.xpath("//nav[contains(@class, 'narrow-down')]"):
            if nav.xpath("./ul"):
                wrong.append(f"{url}: a list of refinements without a label")
            kinds = []
            for ul in nav.xpath(".//ul[contains(@class, 'inline-chips')]"):
                label = nav.xpath(f".//*[@id='{ul.get('aria-labelledby')}']")
                if not label or label[0].tag != "h3" or not label[0].text_content().strip():
                    wrong.append(f"{url}: a list of refinements without its heading")
                    continue
                kind = label[0].get("id").removeprefix("narrow-")
                kinds.append(kind)
                for href in ul.xpath(".//a/@href"):
                    hub = _doc(portal_site, urlsplit(href).path).xpath("//*[@data-hub]/@data-hub")
                    if not hub or f"{kind}=" not in hub[0]:
                        wrong.append(f"{url}: {href} under {kind} leads to {hub}")
                    checked += 1
            if len(kinds) != len(set(kinds)):
                wrong.append(f"{url}: {kinds}")
    assert checked > 20
    assert not wrong, "\n".join(wrong[:10])


def test_the_embed_panel_speaks_to_partners(portal_site):
    words = {"nl": "partners", "fr": "partenaires", "en": "partners"}
    pages = 0
    for url in item_urls(portal_site) + hub_urls(portal_site):
        doc = _doc(portal_site, url)
        for title in doc.xpath("//section[contains(@class, 'embed-panel')]/h2"):
            assert words[doc.get("lang")] in title.text_content().lower(), url
            pages += 1
    assert pages > 50


# -- axe at phone width -------------------------------------------------------------------------
def test_phone_layouts_have_no_axe_violations(tabs, portal_site, portal_server):
    tab, failures = tabs["390"], []
    for url in ["/nl/", "/fr/public/travailleurs/", "/en/region/ghent/", "/nl/kaart/",
                "/fr/carte/", "/en/measures/", "/nl/maatregelen/aanpak/proactief/", "/404.html"]:
        tab.goto(portal_server.origin + url)
        if url in FINDERS.values():
            tab.click("[data-filters-toggle]")
        violations = run_axe(tab)
        if violations:
            failures.append(f"{url}:\n{describe(violations)}")
    assert not failures, "\n".join(failures)
