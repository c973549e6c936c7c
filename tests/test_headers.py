"""The generated security headers: `_headers` for static hosts and the nginx snippet.

The browser tests serve the built portal twice: through a tiny handler that reads `_headers`
the way Netlify and Cloudflare Pages do (every matching rule applies; a header named twice is
joined with a comma), and through Debian's nginx with the generated `_nginx.conf`
(test_nginx.py checks its headers path by path); every page type must work under the policy
in Chromium on both. The embed tests (test_embed_browser.py) run on both too.
"""

from __future__ import annotations

import http.server
import re
import shutil
from pathlib import Path

import pytest

from embeds import headers
from tests.browser import StaticServer, until
from tests.support import ROOT, SITES, build, theme_file, tree_digest


# -- reading _headers like a static host ------------------------------------------------------
def parse_headers_file(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """[(compiled path pattern, [(name, value)])] in file order."""
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((_pattern(line.strip()), []))
        else:
            name, _, value = line.strip().partition(":")
            assert rules and value, f"a header line outside a rule: {line!r}"
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _pattern(path: str) -> re.Pattern:
    parts = re.split(r"(\*|:[A-Za-z]\w*)", path)
    regex = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p)
                    for p in parts if p)
    return re.compile(regex)


def headers_for(rules, path: str) -> dict[str, list[str]]:
    """Every header a host sends for `path`: name -> the values of every matching rule."""
    found: dict[str, list[str]] = {}
    for pattern, pairs in rules:
        if pattern.fullmatch(path):
            for name, value in pairs:
                found.setdefault(name.lower(), []).append(value)
    return found


def handler_for(rules):
    class WithHeaders(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            for name, values in headers_for(rules, path).items():
                self.send_header(name, ", ".join(values))
            super().end_headers()

        def log_message(self, *args):
            pass

    return WithHeaders


def serve_with_headers(site: Path, text: str | None = None) -> StaticServer:
    """A StaticServer for `site` that sends the headers of its `_headers` (or of `text`)."""
    rules = parse_headers_file(text if text is not None else
                               (site / headers.HEADERS_FILE).read_text("utf-8"))
    return StaticServer(site, handler=handler_for(rules))


@pytest.fixture(scope="session", params=["static host", "nginx"])
def secured_server(request, portal_site):
    """The portal with its headers: as a static host applies `_headers`, and as Debian's nginx
    serves it with the generated `_nginx.conf` (conftest `portal_nginx`)."""
    if request.param == "nginx":
        yield request.getfixturevalue("portal_nginx")
        return
    with serve_with_headers(portal_site) as server:
        yield server


def url_of(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def policy(values: list[str]) -> dict[str, str]:
    """A CSP header value as {directive: sources}."""
    assert len(values) == 1, f"two rules set the policy, hosts would join them: {values}"
    found = {}
    for part in values[0].split(";"):
        name, _, sources = part.strip().partition(" ")
        found[name] = sources
    return found


# -- the settings -----------------------------------------------------------------------------
def test_frame_ancestors_follow_the_allowlist():
    assert headers.frame_ancestors(["*"]) == "frame-ancestors *"
    assert headers.frame_ancestors(["https://www.gent.be", "https://*.vdab.be"]) == \
        "frame-ancestors 'self' https://*.vdab.be https://www.gent.be"
    assert headers.frame_ancestors([]) == "frame-ancestors 'self'"


@pytest.mark.parametrize("bad", ["www.gent.be", "https://www.gent.be/partners",
                                 "javascript:alert(1)", "https://gent.be; script-src *"])
def test_an_allowlist_entry_that_is_not_an_origin_is_refused(bad):
    with pytest.raises(headers.SettingError) as caught:
        headers.frame_ancestors([bad])
    message = str(caught.value)
    assert "EMBED_ALLOWED_ORIGINS" in message and repr(bad) in message
    assert "https://www.gent.be" in message  # what to write instead


def test_a_bad_allowlist_stops_the_build_and_keeps_the_output(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("previous", "utf-8")
    before = tree_digest(out)
    code, text = build(SITES / "multilingual" / "content", out,
                       EMBED_ALLOWED_ORIGINS=["www.gent.be"])
    assert code == 1
    assert "EMBED_ALLOWED_ORIGINS: 'www.gent.be' is not an origin" in text
    assert "Traceback" not in text
    assert tree_digest(out) == before


def test_the_policies_allow_no_inline_code_and_no_other_origin():
    for value in (headers.page_policy(), headers.embed_policy(["*"])):
        directives = policy([value])
        assert "unsafe-inline" not in value and "unsafe-eval" not in value
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
    assert policy([headers.embed_policy(["*"])])["default-src"] == "'none'"
    assert policy([headers.page_policy(["www.youtube-nocookie.com"])])["frame-src"] == \
        "'self' https://www.youtube-nocookie.com"
    with pytest.raises(headers.SettingError):
        headers.page_policy(["x.be; script-src *"])


# -- the generated files ------------------------------------------------------------------------
def test_every_page_gets_one_policy_and_the_common_headers(portal_site):
    rules = parse_headers_file((portal_site / "_headers").read_text("utf-8"))
    embed_policy = headers.embed_policy(["*"])
    pages = sorted(portal_site.rglob("*.html"))
    assert len(pages) > 300
    for file in pages:
        url = url_of(portal_site, file)
        sent = headers_for(rules, url)
        for name, value in headers.COMMON:
            assert sent.get(name.lower()) == [value], f"{url}: {name}"
        directives = policy(sent.get("content-security-policy", []))
        if "/embed/" in url:
            assert sent["content-security-policy"] == [embed_policy], url
            assert sent["access-control-allow-origin"] == ["*"], url
        else:
            assert directives["frame-ancestors"] == "'self'", url
            assert directives["script-src"] == "'self'", url


def test_feeds_and_oembed_files_may_be_read_from_other_sites(portal_site):
    rules = parse_headers_file((portal_site / "_headers").read_text("utf-8"))
    files = list(portal_site.glob("*/feeds/**/*.*")) + list(portal_site.rglob("oembed.json"))
    assert len(files) > 50
    for file in files:
        assert headers_for(rules, url_of(portal_site, file))["access-control-allow-origin"] == \
            ["*"], file


def test_the_headers_file_fits_the_hosts_limits(portal_site):
    text = (portal_site / "_headers").read_text("utf-8")
    rules = parse_headers_file(text)
    assert len(rules) <= 100, "Cloudflare Pages reads at most 100 rules"
    assert max(len(line) for line in text.splitlines()) <= 2000, "and lines up to 2000 chars"


#: Files content/images/ may hold (the real portal has none yet: the rules hold for every name).
IMAGE_URLS = ["/images/coach.png", "/images/kaart.svg", "/images/foto/gent.jpg"]


def theme_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "theme").rglob("*") if p.is_file())


def test_static_files_get_a_policy_that_runs_and_loads_nothing(portal_site):
    """Images and the theme's files are published as they are: nosniff, and a policy under
    which an SVG opened on its own runs nothing, loads nothing and is sandboxed (an origin of
    its own), in _headers and in the nginx snippet alike."""
    assert policy([headers.static_policy()]) == {
        "default-src": "'none'", "style-src": "'unsafe-inline'", "sandbox": ""}
    rules = parse_headers_file((portal_site / "_headers").read_text("utf-8"))
    server, locations = parse_nginx((portal_site / headers.NGINX_FILE).read_text("utf-8"))
    files = theme_files(portal_site)
    assert any(file.suffix == ".svg" for file in files) and any(f.suffix == ".js" for f in files)
    for url in IMAGE_URLS + [url_of(portal_site, file) for file in files]:
        sent = headers_for(rules, url)
        assert sent["content-security-policy"] == [headers.static_policy()], url
        for name, value in headers.COMMON:
            assert sent.get(name.lower()) == [value], f"{url}: {name}"
        nginx = nginx_headers_for(server, locations, url)
        assert nginx["content-security-policy"] == headers.static_policy(), url
        assert nginx["x-content-type-options"] == "nosniff", url


def test_a_static_folder_never_gets_the_page_policy_too():
    """One policy per path: a page written into a static folder does not add a second rule."""
    lay = headers.layout_of(["index.html", "images/x.html", "theme/y.html", "extra/z.html"],
                            {"nl": {"sections": {"embed": "embed", "feeds": "feeds"}}},
                            ("images", "theme"))
    assert lay.root_folders == {"extra"}
    patterns = [rule.pattern for rule in headers.rules(lay, ["*"])]
    assert patterns.count("/images/*") == patterns.count("/theme/*") == 1


def parse_nginx(text: str):
    """(server-level headers, [(location regex, headers)]) of the snippet."""
    server: dict[str, str] = {}
    locations: list[tuple[re.Pattern, dict[str, str]]] = []
    current = server
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("location ~ "):
            current = {}
            locations.append((re.compile(line[len("location ~ "):-1].strip()), current))
        elif line == "}":
            current = server
        elif line.startswith("add_header "):
            found = re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line)
            assert found, line
            current[found[1].lower()] = found[2]
        elif line.startswith("return 404"):
            current["status"] = "404"
    return server, locations


def nginx_headers_for(server, locations, path: str) -> dict[str, str]:
    for pattern, headers_ in locations:  # regex locations: the first match wins
        if pattern.search(path):
            return headers_
    return server


def test_the_nginx_snippet_sends_the_same_headers(portal_site):
    rules = parse_headers_file((portal_site / "_headers").read_text("utf-8"))
    server, locations = parse_nginx((portal_site / headers.NGINX_FILE).read_text("utf-8"))
    files = sorted(portal_site.rglob("*.html")) + sorted(portal_site.rglob("*/feeds/**/*.*")) + \
        sorted(portal_site.rglob("oembed.json")) + theme_files(portal_site)
    urls = [url_of(portal_site, file) for file in files] + IMAGE_URLS
    for url in urls:
        expected = {name: ", ".join(values) for name, values in headers_for(rules, url).items()}
        assert nginx_headers_for(server, locations, url) == expected, url
    for private in ("/_headers", "/" + headers.NGINX_FILE):
        assert nginx_headers_for(server, locations, private) == {"status": "404"}


# -- in Chromium ------------------------------------------------------------------------------
#: Records violations in every frame, before any script of the page runs.
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' +
                    e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def secured_page(browser):
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
           if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.problems = problems
    yield tab
    context.close()


def test_every_page_type_works_under_the_policy(secured_page, portal_site, secured_server):
    from tests.test_accessibility import all_urls

    failures = []
    for url in all_urls(portal_site):
        response = secured_page.goto(secured_server.origin + url)
        assert "content-security-policy" in response.headers, url
        secured_page.wait_for_load_state("load")
        violations = secured_page.evaluate("window.__csp")
        if violations or secured_page.problems:
            failures.append(f"{url}: {violations} {secured_page.problems}")
        secured_page.problems.clear()
    assert not failures, "\n".join(failures)


def test_scripts_still_run_under_the_policy(secured_page, secured_server):
    secured_page.goto(secured_server.origin + "/nl/maatregelen/")
    secured_page.wait_for_selector(".finder-enhanced .facets input[type=checkbox]")
    secured_page.goto(secured_server.origin + "/nl/regio/gent/")
    secured_page.click(".embed-panel summary")
    secured_page.wait_for_selector(".embed-panel button[data-copy]:visible")
    frame = secured_page.wait_for_selector(".embed-preview iframe")
    assert frame.get_attribute("title") == "Gent · Overstap"
    until(secured_page,
          "document.querySelector('.embed-preview iframe').getBoundingClientRect().height > 100")
    assert secured_page.evaluate("window.__csp") == []
    assert secured_page.problems == []


def test_portal_pages_cannot_be_framed_by_other_sites(browser, secured_server, tmp_path):
    page_url = secured_server.origin + "/nl/regio/gent/"
    embed_url = secured_server.origin + "/nl/embed/regio/gent/"
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>partner</title>'
        f'<iframe src="{page_url}" title="portal"></iframe>'
        f'<iframe src="{embed_url}" title="embed"></iframe>', "utf-8")
    with StaticServer(tmp_path) as partner:
        context = browser.new_context()
        tab = context.new_page()
        messages = []
        tab.on("console", lambda m: messages.append(m.text))
        tab.goto(partner.origin + "/")
        tab.wait_for_load_state("load")
        embed = next(f for f in tab.frames if f.url == embed_url)
        assert embed.evaluate("document.querySelector('h1').textContent") == "Gent"
        for frame in tab.frames:
            if frame.url == page_url:
                assert frame.evaluate("document.querySelector('h1') === null")
        refused = [m for m in messages if "frame-ancestors 'self'" in m and "blocked" in m]
        assert len(refused) == 1, messages
        context.close()


def test_an_svg_opened_on_its_own_runs_no_script_but_images_still_show(browser, portal_site,
                                                                       tmp_path):
    """The static policy in Chromium: an SVG with a script (one the content check would refuse,
    put there by hand) opened on its own is sandboxed and runs nothing, while images, the
    theme's SVG among them, still show in a page."""
    (tmp_path / "images").mkdir()
    (tmp_path / "theme").mkdir()
    shutil.copyfile(portal_site / theme_file(portal_site, "favicon.svg"),
                    tmp_path / "theme" / "favicon.svg")
    (tmp_path / "images" / "kaart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" '
        'onload="document.title=\'onload ran\'"><script>document.title="script ran"</script>'
        '<rect width="20" height="20"/></svg>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>probe</title><img alt="" '
        'src="/images/kaart.svg"><img alt="" src="/theme/favicon.svg"></html>', "utf-8")
    text = (portal_site / headers.HEADERS_FILE).read_text("utf-8")
    with serve_with_headers(tmp_path, text) as server:
        context = browser.new_context()
        tab = context.new_page()
        response = tab.goto(server.origin + "/images/kaart.svg")
        assert response.headers["content-security-policy"] == headers.static_policy()
        assert response.headers["x-content-type-options"] == "nosniff"
        tab.wait_for_timeout(300)
        assert tab.title() == ""
        tab.goto(server.origin + "/")
        tab.wait_for_load_state("load")
        assert tab.evaluate("[...document.images].map(i => i.naturalWidth > 0)") == [True, True]
        context.close()


def test_docs_name_the_generated_files():
    for lang in ("nl", "en"):
        text = (ROOT / "docs" / f"embedding.{lang}.md").read_text("utf-8")
        assert headers.HEADERS_FILE in text and headers.NGINX_FILE in text
        assert "EMBED_ALLOWED_ORIGINS" in text

