"""Embeds in Chromium, the way a partner uses them.

The portal is served on one loopback port with its generated security headers applied, once
as a static host applies `_headers` (test_headers.serve_with_headers) and once by Debian's
nginx with the generated `_nginx.conf`; a partner page is served on another port, so it is another
origin. The snippet is copied from the portal page's "Embed this" panel, as a partner would.
"""

from __future__ import annotations

import time

import pytest

import pelicanconf
from tests.browser import StaticServer, describe, run_axe
from tests.support import part
from tests.test_headers import WATCH_CSP, serve_with_headers

LANGS = list(pelicanconf.LANGS)
SECTIONS = {lang: info["sections"] for lang, info in pelicanconf.LANGS.items()}
#: How long the frame may take to fit its content (issue 6: "within a second").
RESIZE_DEADLINE = 1.0


def gent_hub(lang):
    regions, gent = SECTIONS[lang]["regions"], part("regions", "gent", lang)
    return f"/{lang}/{regions}/{gent}/", f"{lang}/{regions}/{gent}"


def care_measures(lang):
    care = part("sectors", "zorg", lang)
    return (f"/{lang}/{SECTIONS[lang]['sectors']}/{care}/",
            f"{lang}/{SECTIONS[lang]['measure']}/{SECTIONS[lang]['sectors']}/{care}")


@pytest.fixture(scope="module", params=["static host", "nginx"])
def portal(request, portal_site):
    """The portal with its headers, as a static host applies `_headers` and as Debian's nginx
    serves it with `_nginx.conf` (conftest `portal_nginx`)."""
    if request.param == "nginx":
        yield request.getfixturevalue("portal_nginx")
        return
    with serve_with_headers(portal_site) as server:
        yield server


@pytest.fixture(scope="module")
def partner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partner")
    with StaticServer(folder) as server:
        server.folder = folder
        yield server


def partner_page(partner, name: str, body: str, lang: str = "nl") -> str:
    """Write a partner's page around `body`; its address."""
    (partner.folder / name).write_text(
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>Partner</title></head><body><h1>Werkschakelpunt</h1><p>Our news.</p>\n"
        f"{body}\n<p>Contact us.</p></body></html>\n", "utf-8")
    return f"{partner.origin}/{name}"


class Visit:
    """A fresh browser context with everything a test checks afterwards recorded."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.context.add_init_script(WATCH_CSP)
        self.tab = self.context.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.tab.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
        self.tab.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.tab.on("request", lambda r: self.requests.append(r.url))

    def violations(self) -> list[str]:
        return [v for f in self.tab.frames for v in (f.evaluate("window.__csp || []"))]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_(**options):
        opened.append(Visit(browser, **options))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


def snippet_from_panel(tab, portal, page_url: str, key: str, kind: str = "code",
                       open_panel: bool = False) -> str:
    """The code the panel of `page_url` offers for `key`, as a partner copies it (with the
    panel closed its previews stay unloaded, which is quicker)."""
    tab.goto(portal.origin + page_url)
    tab.wait_for_load_state("load")
    if open_panel:
        tab.click(".embed-panel > details > summary")
    codes = tab.eval_on_selector_all(f"textarea[id^=embed-{kind}-]", "els => els.map(e => e.value)")
    found = [c for c in codes if f'"{key}"' in c or f"/embed/{key.partition('/')[2]}/" in c]
    assert len(found) == 1, f"{page_url} offers no single snippet for {key}: {codes}"
    return found[0]


def frame_of(tab, selector="iframe"):
    handle = tab.wait_for_selector(selector)
    frame = handle.content_frame()
    frame.wait_for_load_state("load")
    frame.wait_for_selector("h1")
    return handle, frame


def content_height(frame) -> int:
    return frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")


def wait_until_fitted(handle, frame, deadline=RESIZE_DEADLINE, other_than=None) -> float:
    """Seconds until the frame's height equals its content's; fails after `deadline`."""
    start = time.perf_counter()
    while True:
        inner = content_height(frame)
        outer = round(handle.bounding_box()["height"])
        if abs(inner - outer) <= 1 and inner != other_than:
            return time.perf_counter() - start
        assert time.perf_counter() - start < deadline, \
            f"the frame is {outer}px high, its content {inner}px, after {deadline} s"
        time.sleep(0.02)


def assert_private_and_local(v: Visit, frame, portal, partner):
    assert v.context.cookies() == [], "embeds set no cookies"
    stored = frame.evaluate("localStorage.length + sessionStorage.length + "
                            "(document.cookie ? 1 : 0)")
    assert stored == 0, "embeds use no storage"
    assert frame.evaluate("indexedDB.databases().then(d => d.length)") == 0
    elsewhere = [u for u in v.requests
                 if not u.startswith((portal.origin + "/", partner.origin + "/"))]
    assert not elsewhere, f"requests to other origins: {elsewhere}"


# -- what issue 6 asks ----------------------------------------------------------------------
CASES = [(lang, which) for lang in LANGS for which in ("gent-hub", "care-measures")]


@pytest.mark.parametrize("lang,which", CASES)
def test_a_partner_embeds_by_pasting_the_snippet(visit, portal, partner, lang, which):
    page_url, key = gent_hub(lang) if which == "gent-hub" else care_measures(lang)
    portal_user = visit()
    snippet = snippet_from_panel(portal_user.tab, portal, page_url, key)
    assert portal.origin + "/theme/js/embed.js" in snippet, "the code names where it is served"
    title = portal_user.tab.eval_on_selector(
        f'[data-overstap-embed="{key}"]', "e => e.getAttribute('data-title')")

    v = visit(viewport={"width": 1200, "height": 900})
    v.tab.goto(partner_page(partner, f"{which}-{lang}.html", snippet, lang))
    handle, frame = frame_of(v.tab, "[data-overstap-embed] iframe")
    assert handle.get_attribute("title") == title
    assert frame.evaluate("document.documentElement.lang") == lang
    wide = wait_until_fitted(handle, frame)
    first = content_height(frame)
    v.tab.set_viewport_size({"width": 390, "height": 800})
    narrow = wait_until_fitted(handle, frame, other_than=first)
    assert content_height(frame) > first, "a narrower frame is taller"
    print(f"\n{lang} {which}: fitted in {wide * 1000:.0f} ms, again in {narrow * 1000:.0f} ms")

    violations = run_axe(frame)
    assert not violations, describe(violations)
    assert_private_and_local(v, frame, portal, partner)
    assert v.violations() == [] and v.problems == []

    link = frame.locator("main a[href]").first
    target = link.get_attribute("href")
    with v.tab.expect_navigation():
        link.click()
    assert v.tab.url.split("#")[0] == portal.origin + target.split("#")[0], \
        "the link opened the portal in the top window"
    assert target.startswith(f"/{lang}/"), "links stay in the embed's language"


def test_the_plain_iframe_works_without_a_script(visit, portal, partner):
    page_url, key = gent_hub("nl")
    snippet = snippet_from_panel(visit().tab, portal, page_url, key, kind="frame")
    assert "<script" not in snippet
    v = visit(java_script_enabled=False)
    v.tab.goto(partner_page(partner, "plain.html", snippet))
    handle, frame = frame_of(v.tab)
    assert round(handle.bounding_box()["height"]) == 640
    assert frame.evaluate("document.documentElement.scrollHeight") > 640, "it scrolls"
    with v.tab.expect_navigation():
        frame.locator("main a[href]").first.click()
    assert v.tab.url.startswith(portal.origin + "/nl/"), "<base target=_top> without script"


def test_without_the_script_the_placeholder_is_a_link(visit, portal, partner):
    page_url, key = gent_hub("nl")
    snippet = snippet_from_panel(visit().tab, portal, page_url, key)
    v = visit(java_script_enabled=False)
    v.tab.goto(partner_page(partner, "noscript.html", snippet))
    link = v.tab.locator("[data-overstap-embed] a")
    assert link.get_attribute("href") == portal.origin + page_url
    assert v.tab.locator("iframe").count() == 0


def test_a_frame_far_below_the_fold_has_its_height_before_it_is_scrolled_to(visit, portal,
                                                                            partner):
    """A partner's page does not jump when the reader scrolls: the frame loads at once and
    takes its content's height while it is still off screen (issue 15)."""
    spacer = '<div style="height:4000px">&nbsp;</div>'
    body = (f'{spacer}<div data-overstap-embed="nl/regio/gent"></div>'
            f'<script src="{portal.origin}/theme/js/embed.js" async></script>')
    v = visit(viewport={"width": 1000, "height": 700})
    v.tab.goto(partner_page(partner, "offscreen.html", body))
    handle, frame = frame_of(v.tab)
    wait_until_fitted(handle, frame)
    assert v.tab.evaluate("window.scrollY") == 0, "fitted without scrolling to it"
    assert handle.bounding_box()["y"] > 3000, "and it is still far below the fold"


# -- resizing: origins and formats ------------------------------------------------------------
def test_height_messages_from_elsewhere_are_ignored(visit, portal, partner):
    body = (f'<div data-overstap-embed="nl/regio/gent"></div>'
            f'<script src="{portal.origin}/theme/js/embed.js" async></script>')
    v = visit()
    v.tab.goto(partner_page(partner, "spoof.html", body))
    handle, frame = frame_of(v.tab)
    wait_until_fitted(handle, frame)
    before = round(handle.bounding_box()["height"])
    v.tab.evaluate("window.postMessage({type: 'resize', height: 7}, '*')")
    v.tab.wait_for_timeout(200)
    assert round(handle.bounding_box()["height"]) == before


def fitted_by_the_partners_script(visit, portal, partner, lang: str, script: str):
    """The plain iframe snippet of the Gent hub with the partner's own resizing script: the
    frame must fit its content. Returns the visit."""
    page_url, key = gent_hub(lang)
    snippet = snippet_from_panel(visit().tab, portal, page_url, key, kind="frame")
    v = visit()
    v.tab.goto(partner_page(partner, f"own-script-{lang}.html", snippet + script, lang))
    handle, frame = frame_of(v.tab)
    wait_until_fitted(handle, frame)
    return v


def test_a_partners_own_listener_in_the_common_format_works(visit, portal, partner):
    fitted_by_the_partners_script(visit, portal, partner, "en", (
        "<script>window.addEventListener('message', function (e) {"
        f"  if (e.origin !== '{portal.origin}' || !e.data || e.data.type !== 'resize') return;"
        "  document.querySelector('iframe').style.height = e.data.height + 'px';"
        "});</script>"))


def test_an_iframe_resizer_style_parent_gets_its_messages(visit, portal, partner):
    v = fitted_by_the_partners_script(visit, portal, partner, "fr", (
        "<script>var f = document.querySelector('iframe'); f.id = 'partnerframe';"
        "f.addEventListener('load', function () {"
        "  f.contentWindow.postMessage('[iFrameSizer]partnerframe:8:false:true:32:true:"
        f"true:null:bodyOffset:null:null:0:false:parent:scroll:true', '{portal.origin}');"
        "});"
        "window.addEventListener('message', function (e) {"
        f"  if (e.origin !== '{portal.origin}' || typeof e.data !== 'string') return;"
        "  var m = /^\\[iFrameSizer\\]partnerframe:(\\d+):(\\d+):(\\w+)$/.exec(e.data);"
        "  if (m) { f.style.height = m[1] + 'px'; window.lastType = m[3]; }"
        "});</script>"))
    assert v.tab.evaluate("window.lastType") in ("init", "resizeObserver")


# -- branding -------------------------------------------------------------------------------
def contrast(rgb: str) -> float:
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


@pytest.mark.parametrize("accent,expected", [("#6a1b9a", "rgb(106, 27, 154)"),
                                             ("#ffee00", None)])
def test_the_accent_colour_stays_readable(visit, portal, partner, accent, expected):
    body = (f'<div data-overstap-embed="nl/maatregelen/sector/zorg" data-accent="{accent}">'
            f'</div><script src="{portal.origin}/theme/js/embed.js" async></script>')
    v = visit()
    v.tab.goto(partner_page(partner, f"accent-{accent[1:]}.html", body))
    _handle, frame = frame_of(v.tab)
    colour = frame.evaluate("getComputedStyle(document.querySelector('main a')).color")
    if expected:
        assert colour == expected
    assert contrast(colour) >= 4.5, f"{accent} became {colour}"
    violations = run_axe(frame)
    assert not violations, describe(violations)


def test_compact_mode_is_shorter(visit, portal, partner):
    body = ('<div data-overstap-embed="nl/regio/gent"></div>'
            '<div data-overstap-embed="nl/regio/gent" data-compact="true"></div>'
            f'<script src="{portal.origin}/theme/js/embed.js" async></script>')
    v = visit()
    v.tab.goto(partner_page(partner, "compact.html", body))
    frames = v.tab.locator("[data-overstap-embed] iframe")
    full, compact = frames.nth(0), frames.nth(1)
    for handle in (full, compact):
        frame = handle.element_handle().content_frame()
        frame.wait_for_selector("h1")
        wait_until_fitted(handle.element_handle(), frame)
    inner = compact.element_handle().content_frame()
    assert inner.evaluate("document.documentElement.classList.contains('compact')")
    assert inner.evaluate("getComputedStyle(document.querySelector('.embed-card-summary'))"
                          ".display") == "none"
    # the full view itself shows only the first three of each list (issue 15)
    assert compact.bounding_box()["height"] < full.bounding_box()["height"] * 0.7


# -- the panel and the allowlist -------------------------------------------------------------
def test_the_copy_button_copies_the_code(visit, portal):
    v = visit(permissions=["clipboard-read", "clipboard-write"])
    page_url, key = care_measures("nl")
    code = snippet_from_panel(v.tab, portal, page_url, key, open_panel=True)
    area = v.tab.locator("textarea[id^=embed-code-]").filter(has_text=key)
    button_id = area.get_attribute("id")
    v.tab.click(f'button[data-copy="{button_id}"]')
    status = v.tab.locator(f'button[data-copy="{button_id}"] ~ [role=status]')
    status.wait_for()
    assert status.inner_text().strip()
    assert v.tab.evaluate("navigator.clipboard.readText()") == code


def test_only_listed_sites_may_embed_when_an_allowlist_is_set(visit, portal_site, partner):
    text = (portal_site / "_headers").read_text("utf-8")
    assert "frame-ancestors *" in text
    limited = text.replace("frame-ancestors *", "frame-ancestors 'self' https://www.gent.be")
    with serve_with_headers(portal_site, limited) as strict:
        body = (f'<div data-overstap-embed="nl/regio/gent"></div>'
                f'<script src="{strict.origin}/theme/js/embed.js" async></script>')
        v = visit()
        v.tab.goto(partner_page(partner, "not-listed.html", body))
        v.tab.wait_for_selector("[data-overstap-embed] iframe")
        v.tab.wait_for_timeout(500)
        assert any("frame-ancestors" in p and "blocked" in p for p in v.problems), v.problems
        assert not any(f.url.startswith(strict.origin + "/nl/embed/") and
                       f.evaluate("document.querySelector('h1') !== null") for f in v.tab.frames)
        own = visit()
        own.tab.goto(strict.origin + "/nl/regio/gent/")
        own.tab.click(".embed-panel > details > summary")
        handle, frame = frame_of(own.tab, ".embed-preview iframe")
        wait_until_fitted(handle, frame)
        assert own.problems == [], "the portal's own preview is always allowed"


def test_the_open_panel_has_no_axe_violations(visit, portal):
    from tests.browser import AXE, AXE_TAGS

    v = visit()
    for page_url in (gent_hub("fr")[0], "/en/measures/career-guidance/"):
        v.tab.goto(portal.origin + page_url)
        v.tab.click(".embed-panel > details > summary")
        v.tab.click(".embed-fallback > summary")
        v.tab.locator(".embed-preview iframe").first.wait_for()
        v.tab.evaluate(AXE.read_text("utf-8"))
        violations = v.tab.evaluate(
            "tags => axe.run(document.querySelector('.embed-panel'), {iframes: false,"
            " runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map(x => ({id: x.id,"
            " impact: x.impact, help: x.help, nodes: x.nodes.map(n => n.target.join(' '))})))",
            AXE_TAGS)
        assert not violations, describe(violations)
        assert v.violations() == [] and v.problems == []
