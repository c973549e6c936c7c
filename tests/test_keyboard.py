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
