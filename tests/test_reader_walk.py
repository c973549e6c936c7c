"""What a fresh reader's walk found (issue 15), as facts about the built portal: the funnel's
last step (workers → care → Ghent) exists and says what applies there when nothing is made for
it; the finder's region filters and the region hubs count the same measures; "Who can help
you?" is short and names a local branch instead of its network; the register of organisations
has a contents list by kind; the search page's filters are one tap from the top on a phone.

Expectations are worked out from content/ and content/_data/ with the independent reader of
tests/test_site_truth.py, never from the site model."""

from __future__ import annotations

import re
import tomllib
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from tests.support import ROOT
from tests.test_reader_layout import FINDERS, item_urls
from tests.test_site_truth import content_of, general_terms

CONTENT = ROOT / "content"
LANGS = ("nl", "fr", "en")


def _data(name: str) -> dict:
    return tomllib.loads((CONTENT / "_data" / f"{name}.toml").read_text("utf-8"))


def _specific(taxonomy: str) -> list[str]:
    return [k for k in _data(taxonomy) if k not in general_terms(CONTENT, taxonomy)]


def _doc(site, url: str):
    path = urlsplit(url).path
    rel = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    return lxml_html.fromstring((site / rel).read_bytes())


def _hub(site, url: str) -> str:
    return _doc(site, url).xpath("string(//main//*[@data-hub]/@data-hub)")


def _cards(node) -> list[str]:
    return node.xpath(".//li[contains(concat(' ', @class, ' '), ' card ')]/@data-item")


def _number(text: str) -> int:
    return int(re.findall(r"\d+", text)[0])


def combination_pages(site) -> dict[tuple[str, str], str]:
    """(lang, data-hub) -> address of every combination hub of the built site."""
    found = {}
    for path in site.glob("*/**/index.html"):
        rel = path.relative_to(site).as_posix()
        if "/embed/" in rel:
            continue
        doc = lxml_html.fromstring(path.read_bytes())
        for hub in doc.xpath("//main//*[contains(concat(' ', @class, ' '), ' hub-combination ')]"
                             "/@data-hub"):
            found[(doc.get("lang"), hub)] = "/" + rel.removesuffix("index.html")
    return found


# -- 1. the funnel's last step -------------------------------------------------------------------
def test_an_audience_in_a_sector_offers_every_region_and_leads_to_that_sector_there(portal_site):
    """Workers in care offer Ghent, Leuven, Aalst and the Coast (every specific region of
    regions.toml), each leading to care in that region; workers in Ghent offer every sector,
    each leading to that sector in Ghent."""
    pages, checked, wrong = combination_pages(portal_site), 0, []
    for (_lang, hub), url in sorted(pages.items()):
        (first, a), (second, b) = (step.split("=") for step in hub.split())
        if first != "audiences":
            continue
        missing = "regions" if second == "sectors" else "sectors"
        chips = _doc(portal_site, url).xpath(
            f"//nav[contains(@class, 'narrow-down')]//ul[@aria-labelledby='narrow-{missing}']"
            "//a/@href")
        led = sorted(_hub(portal_site, href) for href in chips)
        if missing == "regions":
            expected = sorted(f"sectors={b} regions={r}" for r in _specific("regions"))
        else:
            expected = sorted(f"sectors={s} regions={b}" for s in _specific("sectors"))
        if led != expected:
            wrong.append(f"{url}: leads to {led}, expected {expected}")
        checked += 1
    assert checked >= 3 * 10
    assert not wrong, "\n".join(wrong[:10])


@pytest.mark.parametrize("lang", LANGS)
def test_a_sector_in_a_region_without_items_says_what_applies_instead(portal_site, lang):
    """Every sector has a page in every region. Where no item carries both (care in Ghent),
    the page says so, lists what applies instead (the sector's items for all of Flanders and
    the region's items for every sector, e.g. the werkschakelpunten) and who helps in the
    region (a link to its hub); where items carry both, no such notice."""
    pages = combination_pages(portal_site)
    entries = [e for e in content_of(CONTENT) if e.lang == lang and e.type != "hub"]
    wide_sector, wide_region = general_terms(CONTENT, "sectors"), general_terms(CONTENT, "regions")
    empty = 0
    for s in _specific("sectors"):
        for r in _specific("regions"):
            url = pages.get((lang, f"sectors={s} regions={r}"))
            assert url, f"no page for {s} in {r} in {lang}"
            doc = _doc(portal_site, url)
            own = [e for e in entries if s in e.terms["sectors"] and r in e.terms["regions"]]
            notice = doc.xpath("//main//*[contains(@class, 'combination-empty')]")
            assert bool(notice) == (not own), url
            if own:
                continue
            empty += 1
            instead = {e.ident for e in entries
                       if (s in e.terms["sectors"] and e.terms["regions"] & wide_region)
                       or (r in e.terms["regions"] and e.terms["sectors"] & wide_sector)}
            shown = _cards(doc.xpath("//main")[0])
            assert instead and sorted(shown) == sorted(instead), url
            helps = doc.xpath("//section[contains(@class, 'region-help')]//a/@href")
            assert [_hub(portal_site, h) for h in helps] == [f"regions={r}"], url
    assert empty, "no sector without items in some region: the premise is gone"
    care_in_ghent = _doc(portal_site, pages[(lang, "sectors=zorg regions=gent")])
    werkschakelpunten = [e.ident for e in entries if e.type == "measure"
                         and "gent" in e.terms["regions"] and e.terms["sectors"] & wide_sector]
    assert werkschakelpunten and set(werkschakelpunten) <= set(_cards(care_in_ghent))


# -- 2. the finder and the region hubs agree ------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_region_filters_count_the_measures_for_all_of_flanders_as_the_hubs_do(portal_site, lang):
    """Beside each region's filter, "+ n for all of Flanders": n is the number of measures
    for all of Flanders that do not name the region; the region's finder page lists exactly
    those below its own, and the region's hub lists the same measures as its wider level."""
    measures = [e for e in content_of(CONTENT) if e.lang == lang and e.type == "measure"]
    general = general_terms(CONTENT, "regions")
    doc = _doc(portal_site, FINDERS[lang])
    checked = 0
    for li in doc.xpath("//nav[contains(@class, 'facets')]//details[@data-facet='regions']//li"):
        link = li.xpath(".//a[@data-value]")[0]
        region = link.get("data-value")
        wide = sorted(e.ident for e in measures
                      if e.terms["regions"] & general and region not in e.terms["regions"])
        said = li.xpath(".//*[contains(@class, 'count-wider')]")
        if region in general or not wide:
            assert not said, region
            continue
        assert said and _number(said[0].text_content()) == len(wide), region
        page = _doc(portal_site, link.get("href"))
        assert sorted(_cards(page.xpath("//section[contains(@class, 'finder-wider')]")[0])) \
            == wide, region
        checked += 1
    assert checked == len(_specific("regions"))
    for r in _specific("regions"):
        hubs = [path for path in portal_site.glob(f"{lang}/*/*/index.html")
                if f'data-hub="regions={r}"' in path.read_text("utf-8")]
        assert len(hubs) == 1, (r, hubs)
        hub = lxml_html.fromstring(hubs[0].read_bytes())
        wider = hub.xpath("//section[.//*[@id='list-measure']]//ul[@data-list='wider']")
        shown = sorted(i for ul in wider for i in _cards(ul))
        expected = sorted(e.ident for e in measures
                          if e.terms["regions"] & general and r not in e.terms["regions"])
        own = [e for e in measures if r in e.terms["regions"]]
        if len(own) < 3:  # the hub shows the wider level when it has few of its own
            assert shown == expected, r


# -- 3. "Who can help you?", short ----------------------------------------------------------------
def test_who_can_help_names_a_local_branch_instead_of_its_network(portal_site):
    """A measure or case page lists each organisation once; when it names a local branch
    (`part_of` in organisations.toml) the network itself is not listed beside it, and the
    details wait behind a closed disclosure."""
    register = _data("organisations")
    checked, wrong = 0, []
    for url in item_urls(portal_site):
        block = _doc(portal_site, url).xpath("//section[contains(@class, 'help-block')]")
        if not block:
            continue
        listed = [urlsplit(h).fragment for h in block[0].xpath(".//li[contains(@class, 'org')]"
                                                               "/p[@class='org-name']/a[1]/@href")]
        if len(listed) != len(set(listed)):
            wrong.append(f"{url}: {listed}")
        for key in listed:
            network = register[key].get("part_of")
            if network and network in listed:
                wrong.append(f"{url}: {network} beside its branch {key}")
        if block[0].xpath(".//details[@open]"):
            wrong.append(f"{url}: the details are open")
        checked += 1
    assert checked > 20
    assert not wrong, "\n".join(wrong[:10])


def test_the_volvo_case_names_werkschakelpunt_gent_and_not_the_network(portal_site):
    """The case the reader walked: its header names both Werkschakelpunt Gent and the
    werkschakelpunten (read from the Markdown); the help block shows only the local one."""
    head = (CONTENT / "cases" / "nl" / "leerambassadeur-volvo-gent.md").read_text("utf-8")
    assert "{org}werkschakelpunt-gent" in head and "{org}werkschakelpunten" in head
    doc = _doc(portal_site, "/nl/praktijkvoorbeelden/leerambassadeur-volvo-gent/")
    names = doc.xpath("//section[contains(@class, 'help-block')]//p[@class='org-name']/a[1]"
                      "/@href")
    keys = [urlsplit(h).fragment for h in names]
    assert "werkschakelpunt-gent" in keys and "werkschakelpunten" not in keys


# -- 4. the register: a contents list by kind ----------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_register_has_a_contents_list_by_kind_and_says_status_only_when_it_matters(
        portal_site, lang):
    """One contents link per kind of organisation in the register, with the number of
    organisations of that kind; each entry sits under its kind's heading; "still runs" is not
    said (it is what a reader assumes), an ended or temporary one is."""
    import pelicanconf

    register = _data("organisations")
    url = f"/{lang}/{pelicanconf.LANGS[lang]['sections']['organisations']}/"
    doc = _doc(portal_site, url)
    kinds = {}
    for org in register.values():
        kinds[org["kind"]] = kinds.get(org["kind"], 0) + 1
    toc = doc.xpath("//nav[contains(@class, 'on-this-page')]//li")
    said = {li.xpath("string(.//a/@href)").removeprefix("#kind-"): _number(li.text_content())
            for li in toc}
    assert said == kinds
    for key, org in register.items():
        entry, = doc.xpath(f"//section[@id='{key}']")
        group = entry.getparent()
        assert group.xpath("string(./h2/@id)") == f"kind-{org['kind']}", key
        assert bool(entry.xpath(".//*[contains(@class, 'org-status')]")) == \
            (org["status"] != "loopt"), key
        assert not entry.xpath(".//details[@open]"), key


# -- 5. words in a sentence -----------------------------------------------------------------------
def _in_sentence(label: str) -> str:
    return label[0].lower() + label[1:] if label[1:2].islower() else label


@pytest.mark.parametrize("lang", LANGS)
def test_combination_pages_write_labels_as_words_in_a_sentence(portal_site, lang):
    """"for workers in care and welfare", not "for Workers in Care and welfare": the lede of
    an audience-in-a-sector page has both labels of the data files, each starting in lower
    case unless it starts with an abbreviation ("GPs")."""
    audiences, sectors = _data("audiences"), _data("sectors")
    checked = 0
    for (page_lang, hub), url in combination_pages(portal_site).items():
        (first, a), (second, b) = (step.split("=") for step in hub.split())
        if page_lang != lang or (first, second) != ("audiences", "sectors"):
            continue
        lede = " ".join(_doc(portal_site, url).xpath("string(//main//p[@class='lede'])").split())
        for label in (audiences[a][lang], sectors[b][lang]):
            assert _in_sentence(label) in lede, (url, label, lede)
        checked += 1
    assert checked >= 5


# -- 6. the search page on a phone ----------------------------------------------------------------
SEARCHES = {"nl": "/nl/zoeken/?q=opleiding", "fr": "/fr/recherche/?q=formation",
            "en": "/en/search/?q=training"}


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_search_filters_are_one_tap_from_the_top(browser, portal_server, lang):
    """At 390 px the filters come after the results; "Filters (n)" is on the first screen,
    says how many filters are ticked, and opens the filters and brings them into view. At
    1280 px (filters beside the results) it is not shown."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(portal_server.origin + SEARCHES[lang])
        tab.wait_for_selector("[data-results] li")
        jump = tab.locator("[data-filters-jump]")
        assert jump.is_visible()
        assert jump.bounding_box()["y"] + jump.bounding_box()["height"] <= 844
        filters_top = tab.evaluate("document.querySelector('[data-filters]')"
                                   ".getBoundingClientRect().top")
        assert filters_top > 2 * 844, "the premise: the filters are far below on a phone"
        assert _number(jump.inner_text()) == 0
        jump.locator("a").click()
        tab.wait_for_function("document.querySelector('[data-filters]').open")
        tab.locator("[data-filters] details.facet[open] input").first.check()
        tab.wait_for_timeout(300)
        ticked = tab.evaluate("document.querySelectorAll('[data-filters] input:checked').length")
        assert ticked == 1 and _number(jump.inner_text()) == ticked
        tab.evaluate("window.scrollTo(0, 0)")
        jump.locator("a").click()
        tab.wait_for_timeout(800)
        top = tab.evaluate("document.querySelector('[data-filters]').getBoundingClientRect().top")
        assert 0 <= top < 844 / 2, top
        tab.set_viewport_size({"width": 1280, "height": 800})
        tab.wait_for_timeout(300)
        assert not jump.is_visible()
    finally:
        context.close()


# -- axe on what changed --------------------------------------------------------------------------
AXE_PAGES = ["/nl/doelgroep/werkenden/sector/zorg/", "/fr/secteur/soins/region/gand/",
             "/en/sector/care/region/ghent/", "/nl/organisaties/", "/fr/organisations/",
             "/en/cases/learning-ambassador-volvo-ghent/", "/fr/mesures/werkschakelpunten/",
             "/nl/zoeken/?q=opleiding"]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_pages_of_the_walk_have_no_axe_violations(browser, portal_server, width):
    from tests.browser import describe, run_axe

    context = browser.new_context(viewport={"width": width, "height": 844})
    tab, failures = context.new_page(), []
    try:
        for url in AXE_PAGES:
            tab.goto(portal_server.origin + url)
            if "?q=" in url:
                tab.wait_for_selector("[data-results] li")
            for summary in tab.locator("main details:not([open]) > summary").all():
                if summary.is_visible():
                    summary.click()  # the folded details too
            violations = run_axe(tab)
            if violations:
                failures.append(f"{url}:\n{describe(violations)}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
