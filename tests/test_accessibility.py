"""axe-core in Debian's Chromium: zero violations on every page type in every language."""

from __future__ import annotations

import re

import pytest

from tests.browser import describe, run_axe

#: One page of every type, in Dutch; the French and English ones are found through hreflang.
DUTCH_PAGES = ["/nl/", "/nl/doelgroep/", "/nl/doelgroep/werkenden/", "/nl/sector/zorg/",
           "/nl/regio/gent/", "/nl/maatregelen/", "/nl/maatregelen/steun/begeleiding/",
           "/nl/kaart/", "/nl/maatregelen/loopbaanbegeleiding/",
           "/nl/praktijkvoorbeelden/alimento/", "/nl/verhalen/interview-werkschakelpunt-gent/",
           "/nl/praktijkvoorbeelden/", "/nl/verhalen/", "/nl/over/", "/nl/bronnen/",
           "/nl/zoeken/", "/nl/woordenlijst/", "/nl/404.html"]


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def _translations(site, url):
    """The fr and en URLs of a Dutch page, from its hreflang links."""
    path = site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
    text = path.read_text("utf-8")
    found = dict(re.findall(r'hreflang="(fr|en)" href="https?://[^/"]+(/[^"]*)"', text))
    return found


def all_urls(site):
    urls = ["/"]
    for url in DUTCH_PAGES:
        urls.append(url)
        if url.endswith("404.html"):
            urls += ["/fr/404.html", "/en/404.html"]
            continue
        others = _translations(site, url)
        assert set(others) == {"fr", "en"}, f"{url} lacks a translation: {others}"
        urls += [others["fr"], others["en"]]
    return urls


def test_every_page_type_in_every_language_has_no_axe_violations(page, portal_site,
                                                                  portal_server):
    failures = []
    urls = all_urls(portal_site)
    assert len(urls) >= 3 * len(DUTCH_PAGES)
    for url in urls:
        page.goto(portal_server.origin + url)
        violations = run_axe(page)
        if violations:
            failures.append(f"{url}:\n{describe(violations)}")
    assert not failures, "\n".join(failures)


#: Pages of issue 17: the glossary and pages whose text links terms to it; the organisations
#: register, pages with a "Who can help you?" block, the contact page and the accessibility
#: statement (their mailto: link); in every language.
GLOSSARY_PAGES = ["/nl/woordenlijst/", "/fr/glossaire/", "/en/glossary/",
                  "/nl/maatregelen/terbeschikkingstelling/", "/fr/mesures/conges/",
                  "/en/measures/leave-schemes/"]
REGISTER_PAGES = ["/nl/organisaties/", "/fr/organisations/", "/en/organisations/",
                  "/nl/maatregelen/werkschakelpunten/", "/fr/exemples/help-de-zorg/",
                  "/en/cases/help-de-zorg/", "/nl/contact/", "/fr/contact/", "/en/contact/",
                  "/nl/toegankelijkheid/", "/fr/accessibilite/", "/en/accessibility/"]


@pytest.mark.parametrize("width", [320, 1280])
def test_glossary_register_help_blocks_and_contact_have_no_axe_violations(
        page, portal_site, portal_server, width):
    page.set_viewport_size({"width": width, "height": 800})
    failures = []
    for url in GLOSSARY_PAGES + REGISTER_PAGES:
        assert (portal_site / url.lstrip("/") / "index.html").is_file(), url
        page.goto(portal_server.origin + url)
        if url in GLOSSARY_PAGES[3:]:
            assert page.locator("main a.glossary-link").count() > 0, url
        violations = run_axe(page)
        if violations:
            failures.append(f"{url}:\n{describe(violations)}")
        wide = page.evaluate("document.documentElement.scrollWidth > innerWidth")
        assert not wide, f"{url} scrolls sideways at {width} px"
    assert not failures, "\n".join(failures)
