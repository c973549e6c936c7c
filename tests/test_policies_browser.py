"""The security policies the build writes must BLOCK in Chromium what they are meant to block.

A fixture site is built with EMBED_ALLOWED_ORIGINS set to one partner origin and served on
127.0.0.1 with the headers of its own `_headers` file applied (test_headers.serve_with_headers
reads that file the way static hosts do; nothing here writes a policy). Two more servers on
other ports are other origins: "allowed" (the listed partner) and "other" (any other site).

Probes are copies of built pages with an inline script, an inline event handler, an image from
the other site, an image and a script of the portal's own added. They are written next to the
page they copy (`/nl/regio/csp-probe/` beside `/nl/regio/gent/`) so the same `_headers` rule
applies; each test checks that the probe got the very header of the page it copies. Every test
also has its positive control (the portal's own scripts run and its own images load; the
allowed partner can frame an embed view; the portal can frame its own pages), so a policy that
blocks everything, or a harness that sends no headers, fails here too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import pelicanconf
from embeds import headers
from tests.browser import StaticServer
from tests.support import build_fixture, theme_file
from tests.test_headers import WATCH_CSP, headers_for, parse_headers_file, serve_with_headers

pytestmark = pytest.mark.browser

SECTIONS = pelicanconf.LANGS["nl"]["sections"]
PAGE = f"/nl/{SECTIONS['regions']}/gent/"
EMBED = f"/nl/{SECTIONS['embed']}/{SECTIONS['regions']}/gent/"
PROBE = "csp-probe"
#: An image with a size of its own, served by the other site.
PIXEL = ('<svg xmlns="http://www.w3.org/2000/svg" width="7" height="5">'
         '<rect width="7" height="5" fill="#c00"/></svg>')
#: What ran is pushed to window.__ran: "inline", "attribute", "self" or "eval".
PUSH = "(window.__ran = window.__ran || []).push"
OWN_SCRIPT = f'{PUSH}("self");\ntry {{ Function("return 1")(); {PUSH}("eval"); }} catch (e) {{}}\n'
#: What the portal's own theme script does to each page: embed.js readies the "Embed this"
#: panel, embed-frame.js points the links of an embed view at the top window.
THEME_SCRIPT_RAN = {
    "page": "typeof window.OverstapEmbed === 'object' && "
            "document.querySelector('[data-overstap-panel][data-overstap-ready]') !== null",
    "embed": "document.querySelector('main a[href]').getAttribute('target') === '_top'",
}
KINDS = ("page", "embed")


def write_probe(site: Path, page_url: str, other: str, *, keep_meta: bool = True,
                name: str = PROBE) -> str:
    """A copy of the built page `page_url` with the probes added; its address."""
    html = (site / page_url.strip("/") / "index.html").read_text("utf-8")
    if not keep_meta:  # test the header alone, not the embed view's <meta> policy
        start = html.index('<meta http-equiv="Content-Security-Policy"')
        html = html[:start] + html[html.index(">", start) + 1:]
        assert "http-equiv" not in html
    assert html.count("</body>") == 1
    probe = (f'<script>{PUSH}("inline")</script>\n'
             f'<img id="probe-own" alt="" src="/{theme_file(site, "favicon.svg")}"'
             f' onload=\'{PUSH}("attribute")\'>\n'
             f'<img id="probe-foreign" alt="" src="{other}/pixel.svg">\n'
             '<script src="probe.js"></script>\n')
    url = page_url.rstrip("/").rpartition("/")[0] + f"/{name}/"
    folder = site / url.strip("/")
    folder.mkdir()
    (folder / "index.html").write_text(html.replace("</body>", probe + "</body>"), "utf-8")
    (folder / "probe.js").write_text(OWN_SCRIPT, "utf-8")
    return url


@dataclass
class World:
    site: Path
    portal: StaticServer  # the built site with its _headers applied
    allowed: StaticServer  # the origin in EMBED_ALLOWED_ORIGINS
    other: StaticServer  # any other site
    probes: dict[str, str]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    partner = tmp_path_factory.mktemp("partner")
    allowed, other = StaticServer(partner), StaticServer(partner)
    site = tmp_path_factory.mktemp("restricted") / "output"
    assert build_fixture("multilingual", site, EMBED_ALLOWED_ORIGINS=[allowed.origin]) == 0
    probes = {"page": write_probe(site, PAGE, other.origin),
              "embed": write_probe(site, EMBED, other.origin, keep_meta=False),
              "embed-meta": write_probe(site, EMBED, other.origin, name=PROBE + "-meta")}
    frame_self = site / PAGE.strip("/").rpartition("/")[0] / "frame-probe" / "index.html"
    frame_self.parent.mkdir()
    frame_self.write_text((site / PAGE.strip("/") / "index.html").read_text("utf-8").replace(
        "</body>", f'<iframe id="framed" title="probe" src="{PAGE}"></iframe>\n</body>'), "utf-8")
    (partner / "pixel.svg").write_text(PIXEL, "utf-8")
    (partner / "pixel.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>partner</title><link rel="icon" href="data:,">'
        f'<img id="probe-foreign" alt="" src="{other.origin}/pixel.svg?control">', "utf-8")
    with serve_with_headers(site) as portal, allowed, other:
        for kind, url in (("embed", EMBED), ("page", PAGE)):
            (partner / f"frame-{kind}.html").write_text(
                '<!DOCTYPE html><html lang="en"><title>partner</title>'
                '<link rel="icon" href="data:,">'
                f'<iframe id="framed" title="portal" src="{portal.origin}{url}"></iframe>',
                "utf-8")
        yield World(site, portal, allowed, other, probes)


class Visit:
    """One browser context; CSP violation events of every frame and console lines recorded."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.context.add_init_script(WATCH_CSP)
        self.tab = self.context.new_page()
        self.console: list[str] = []
        self.tab.on("console", lambda m: self.console.append(m.text))

    def violations(self) -> list[str]:
        return [v for f in self.tab.frames for v in f.evaluate("window.__csp || []")]

    def wait_for_violation(self, *parts: str, timeout: float = 3.0) -> list[str]:
        """The violation events once one names every part (they arrive as queued tasks)."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.violations()
            if any(all(p in v for p in parts) for v in seen):
                return seen
            if time.monotonic() > deadline:
                pytest.fail(f"no violation event naming {parts}: {seen}")
            time.sleep(0.05)


@pytest.fixture
def visit(browser):
    opened = Visit(browser)
    yield opened
    opened.context.close()


def expected_policy(world: World, page_url: str) -> str:
    """The policy `_headers` gives the page the probe copies (one value, not a joined pair)."""
    rules = parse_headers_file((world.site / headers.HEADERS_FILE).read_text("utf-8"))
    values = headers_for(rules, page_url)["content-security-policy"]
    assert len(values) == 1, values
    return values[0]


def open_probe(visit: Visit, world: World, kind: str):
    """Load the probe of `kind` and check it was sent the policy of the page it copies."""
    original = PAGE if kind == "page" else EMBED
    response = visit.tab.goto(world.portal.origin + world.probes[kind])
    assert response.status == 200
    assert response.headers.get("content-security-policy") == expected_policy(world, original)
    return response


def wait_until(tab, expression: str, timeout: float = 5.0, what: str = "") -> None:
    """Poll `expression` in the page. (Not wait_for_function: Playwright evaluates its string
    predicate with eval, which a page's own script-src forbids.)"""
    deadline = time.monotonic() + timeout
    while not tab.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"{what or expression}: not after {timeout} s")
        time.sleep(0.05)


def images(tab) -> dict[str, int]:
    wait_until(tab, "[...document.querySelectorAll('img[id^=probe-]')].every(i => i.complete)")
    return tab.evaluate("Object.fromEntries([...document.querySelectorAll('img[id^=probe-]')]"
                        ".map(i => [i.id, i.naturalWidth]))")


def what_ran(tab) -> list[str]:
    return sorted(tab.evaluate("window.__ran || []"))


# -- 1. inline code ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_injected_inline_script_does_not_run(visit, world, kind):
    open_probe(visit, world, kind)
    wait_until(visit.tab, THEME_SCRIPT_RAN[kind], what="the portal's own theme script ran")
    assert what_ran(visit.tab) == ["self"], \
        "only the portal's own script file may run: no inline script, handler or eval"
    seen = visit.wait_for_violation("script-src-elem inline")
    visit.wait_for_violation("script-src-attr inline")
    assert not [v for v in seen if "script-src" in v and "probe.js" in v.split(" ")[1]], seen


# -- 2. images from another site ----------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_images_from_another_site_do_not_load(visit, world, kind):
    visit.tab.goto(world.allowed.origin + "/pixel.html")
    assert images(visit.tab) == {"probe-foreign": 7}, "control: without a policy it loads"
    open_probe(visit, world, kind)
    loaded = images(visit.tab)
    assert loaded["probe-own"] > 0, "the portal's own image loads"
    assert loaded["probe-foreign"] == 0, "the other site's image must not load"
    visit.wait_for_violation("img-src", world.other.origin + "/pixel.svg")


def test_an_embed_view_blocks_on_its_own_where_headers_are_ignored(visit, world):
    """Hosts that ignore `_headers` (the embed view's <meta> policy is all there is)."""
    with StaticServer(world.site) as plain:
        response = visit.tab.goto(plain.origin + world.probes["embed-meta"])
        assert "content-security-policy" not in response.headers
        wait_until(visit.tab, THEME_SCRIPT_RAN["embed"], what="the embed view's script ran")
        assert what_ran(visit.tab) == ["self"]
        loaded = images(visit.tab)
        assert loaded["probe-own"] > 0 and loaded["probe-foreign"] == 0
        visit.wait_for_violation("img-src", world.other.origin + "/pixel.svg")


# -- 3. framing ---------------------------------------------------------------------------------
def framed(visit: Visit, url: str, portal_url: str) -> bool:
    """Open `url`; whether its #framed iframe shows the portal document `portal_url`."""
    visit.console.clear()
    visit.tab.goto(url)
    frame = visit.tab.wait_for_selector("#framed").content_frame()
    frame.wait_for_load_state("load")
    if frame.url != portal_url:
        return False
    return frame.evaluate("document.querySelector('main h1, h1') !== null")


def refused(visit: Visit, timeout: float = 2.0) -> list[str]:
    """Chromium's console line for a frame-ancestors refusal (reported to the framing page)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in visit.console if "frame-ancestors" in m and "blocked" in m]
        if found or time.monotonic() > deadline:
            return found
        visit.tab.wait_for_timeout(50)


def test_only_the_allowed_origin_can_frame_an_embed_view(visit, world):
    target = world.portal.origin + EMBED
    assert framed(visit, world.allowed.origin + "/frame-embed.html", target), \
        "control: the origin in EMBED_ALLOWED_ORIGINS can embed"
    assert not refused(visit, timeout=0), visit.console
    assert not framed(visit, world.other.origin + "/frame-embed.html", target), \
        "another origin framed an embed view although EMBED_ALLOWED_ORIGINS lists one site"
    assert refused(visit), visit.console


def test_portal_pages_cannot_be_framed_by_any_other_origin(visit, world):
    target = world.portal.origin + PAGE
    own = world.portal.origin + PAGE.rstrip("/").rpartition("/")[0] + "/frame-probe/"
    assert framed(visit, own, target), "control: the portal may frame its own pages"
    assert not refused(visit, timeout=0), visit.console
    for partner in (world.allowed, world.other):  # the embed allowlist is for embed views only
        assert not framed(visit, partner.origin + "/frame-page.html", target), \
            f"{partner.origin} framed a portal page"
        assert refused(visit), visit.console
