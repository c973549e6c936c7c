"""The nginx configuration the build writes (`_nginx.conf`), served by Debian's real nginx.

The real portal is built (conftest `portal_site`) and served by nginx on a loopback port with
its own prefix (tests/nginx_server.py; `nginx -t` first), the search service (waitress) behind
it. What must be true is computed from the published files themselves, never from the
generator: the headers of every path are what `_headers` (the static hosts' file) gives it;
a missing page answers 404 with the 404 page of its language folder; `/` is the language
chooser; every address of the manifest that the portal no longer makes answers 301 to a page
that exists; `/api/search` is the service's JSON; the precompressed `.gz` file is sent to
browsers that accept it; and in Chromium a page, a 404 and a search work under the policy.
"""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import tomllib
from pathlib import Path
from urllib.parse import quote

import pytest

import pelicanconf
from embeds import nginx
from portal.addresses import ALIAS_MARK
from search.index import index_home
from search.query import engine_for
from tests.browser import until
from tests.nginx_server import Nginx
from tests.support import ROOT, moved, theme_file
from tests.test_headers import WATCH_CSP, headers_for, parse_headers_file, url_of

LANGS = list(pelicanconf.LANGS)
#: The headers `_headers` may set, and so the ones compared.
POLICY_HEADERS = ("content-security-policy", "access-control-allow-origin", "referrer-policy",
                  "x-content-type-options", "permissions-policy")


class Client:
    """One keep-alive connection to nginx; `get` answers (status, headers, body)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, method: str = "GET", body: bytes | None = None, **headers):
        headers = {key.replace("_", "-"): value for key, value in headers.items()}
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, ConnectionError):  # closed by the server: again
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        found = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, {k: ", ".join(v) for k, v in found.items()}, data


@pytest.fixture(scope="module")
def client(portal_nginx):
    return Client(portal_nginx.port)


def served_files(site: Path) -> list[Path]:
    """Every file a reader may ask for: pages, feeds, oEmbed files, theme, search files and
    the sitemap; not the aliases at old addresses (they redirect) nor the server files."""
    aliases = moved(site)
    return sorted(p for p in site.rglob("*") if p.is_file() and p not in aliases
                  and not p.name.startswith("_") and p.suffix != ".gz" and p.suffix != ".br")


def test_nginx_accepts_the_generated_configuration(portal_nginx):
    assert "test is successful" in portal_nginx.test_output
    conf = (portal_nginx.site / nginx.SERVER_FILE).read_text("utf-8")
    assert not [line for line in conf.splitlines() if line.strip().startswith("brotli")], \
        "brotli directives only in the optional include: nginx without the module refuses them"
    assert (portal_nginx.site / nginx.BROTLI_FILE).read_text("utf-8").count(
        "\nbrotli_static on;\n") == 1


def test_every_path_gets_the_headers_its_headers_rule_gives(portal_nginx, client):
    site = portal_nginx.site
    rules = parse_headers_file((site / "_headers").read_text("utf-8"))
    files = served_files(site)
    assert len(files) > 1000
    wrong = []
    for file in files:
        url = url_of(site, file)
        status, sent, _ = client.get(url)
        expected = {name: ", ".join(values) for name, values in headers_for(rules, url).items()}
        got = {name: sent[name] for name in POLICY_HEADERS if name in sent}
        if status != 200 or got != expected:
            wrong.append(f"{url}: {status} {got} != {expected}")
    assert not wrong, "\n".join(wrong[:10])


def test_a_missing_page_gets_the_404_page_of_its_language(portal_nginx, client):
    site = portal_nginx.site
    sections = pelicanconf.LANGS
    for lang in LANGS:
        page = (site / lang / "404.html").read_bytes()
        assert f'<html lang="{lang}"'.encode() in page
        folder, embed = (sections[lang]["sections"][key] for key in ("measure", "embed"))
        assert not (site / lang / embed / "index.html").exists()
        for path in (f"/{lang}/nergens-te-vinden/", f"/{lang}/{folder}/nergens-te-vinden/",
                     f"/{lang}/{folder}/x.html", f"/{lang}/{embed}/"):
            status, sent, body = client.get(path)
            assert (status, body) == (404, page), path
            assert "content-security-policy" in sent
    root = (site / "404.html").read_bytes()
    for path in ("/nergens/", "/nergens.html", "/de/", "/_headers", "/" + nginx.SERVER_FILE):
        status, _sent, body = client.get(path)
        assert (status, body) == (404, root), path


def test_the_root_is_the_language_chooser_and_language_folders_get_their_slash(portal_nginx,
                                                                               client):
    site = portal_nginx.site
    status, sent, body = client.get("/")
    assert status == 200 and "location" not in sent
    assert body == (site / "index.html").read_bytes()
    for lang in LANGS:
        assert f'href="/{lang}/"'.encode() in body
        status, sent, _ = client.get(f"/{lang}")
        assert status == 301 and sent["location"] == f"/{lang}/"
        status, _, body = client.get(f"/{lang}/")
        assert status == 200 and f'<html lang="{lang}"'.encode() in body


def _manifest() -> dict[str, str]:
    lines = (ROOT / "addresses.tsv").read_text("utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def _real_page(site: Path, address: str) -> bool:
    file = site / (address.lstrip("/") + ("index.html" if address.endswith("/") else ""))
    return file.is_file() and ALIAS_MARK.encode() not in file.read_bytes()


def test_every_old_address_of_the_manifest_answers_301_to_a_page_that_exists(portal_nginx,
                                                                            client):
    site = portal_nginx.site
    gone = [a for a in sorted(_manifest()) if not _real_page(site, a)]
    assert len(gone) > 20, "the portal's manifest lists addresses it no longer makes"
    static_host = {}
    for line in (site / "_redirects").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            old, new, code = line.split()
            static_host[old] = (int(code), new)
    for old in gone:
        status, sent, _ = client.get(old)
        assert status == 301, old
        target = sent["location"]
        assert (301, target) == static_host[old], "nginx and _redirects agree"
        assert _real_page(site, target), f"{old} -> {target}, not a page of the portal"
        assert client.get(target)[0] == 200
        lang = old.strip("/").split("/")[0]
        if lang in LANGS:
            assert target.startswith(f"/{lang}/"), f"{old} -> {target}: another language"


def test_caching_pages_revalidate_hashed_theme_files_and_versioned_search_files_a_year(portal_nginx,
                                                                              client):
    site = portal_nginx.site
    for path in ("/", "/nl/", "/fr/recherche/", "/en/feeds/atom.xml", "/sitemap.xml",
                 "/search/nl/meta.json", "/search/nl/f.json"):
        assert client.get(path)[1]["cache-control"] == "no-cache", path
    cache = client.get("/theme/js/embed.js")[1]["cache-control"]  # partners name it
    assert "max-age=3600" in cache and "immutable" not in cache
    for rel in ("css/portal.css", "js/search.js", "favicon.svg"):  # a hash in the name
        path = "/" + theme_file(site, rel)
        assert path != f"/theme/{rel}", f"{rel}: no hash in its published name"
        assert client.get(path)[1]["cache-control"] == "public, max-age=31536000, immutable"
    version = json.loads((site / "search" / "nl" / "meta.json").read_bytes())["v"]
    shard = sorted((site / "search" / "nl" / "t").iterdir())[0].name
    sent = client.get(f"/search/nl/t/{shard}?v={version}")[1]
    assert sent["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/search/nl/meta.json?v={version}")[1]["cache-control"] == "no-cache"
    assert client.get(f"/search/nl/t/{shard}")[1]["cache-control"] == "no-cache"


def test_precompressed_files_are_sent_to_browsers_that_accept_them(portal_site, tmp_path):
    """A folder with the portal's `_nginx.conf`, a style sheet, its `.gz`, and a theme file
    with a content hash in its name (a year, immutable)."""
    site = tmp_path / "site"
    (site / "theme" / "css").mkdir(parents=True)
    shutil.copyfile(portal_site / nginx.SERVER_FILE, site / nginx.SERVER_FILE)
    text = (portal_site / theme_file(portal_site, "css/portal.css")).read_bytes()
    (site / "theme" / "css" / "portal.css").write_bytes(text)
    (site / "theme" / "css" / "portal.css.gz").write_bytes(gzip.compress(text, mtime=0))
    (site / "theme" / "css" / "portal.0123abcd.css").write_bytes(text)
    with Nginx(site) as server:
        client = Client(server.port)
        status, sent, body = client.get("/theme/css/portal.css", accept_encoding="gzip")
        assert (status, sent["content-encoding"]) == (200, "gzip")
        assert gzip.decompress(body) == text and "accept-encoding" in sent["vary"].lower()
        status, sent, body = client.get("/theme/css/portal.css")
        assert status == 200 and body == text and "content-encoding" not in sent
        sent = client.get("/theme/css/portal.0123abcd.css")[1]
        assert sent["cache-control"] == "public, max-age=31536000, immutable"
        assert sent["content-security-policy"] == client.get("/theme/css/portal.css")[1][
            "content-security-policy"]
    aliases = moved(portal_site)  # they redirect
    real = [gz for gz in sorted(portal_site.rglob("*.html.gz"))
            if gz.with_suffix("") not in aliases][:5]
    assert real, "the build writes a .gz beside each page (safe_publish/precompress.py)"
    with Nginx(portal_site) as server:
        client = Client(server.port)
        for gz in real:
            url = url_of(portal_site, gz.with_suffix(""))
            status, sent, body = client.get(url, accept_encoding="gzip")
            assert (status, sent.get("content-encoding")) == (200, "gzip"), url
            assert gzip.decompress(body) == gz.with_suffix("").read_bytes()


# -- the search service behind nginx ---------------------------------------------------------------
def test_the_search_service_answers_through_nginx(portal_nginx, client):
    site = portal_nginx.site
    status, sent, body = client.get("/api/search?q=loopbaan&lang=nl&type=measure&limit=5")
    assert status == 200 and sent["content-type"].startswith("application/json")
    data = json.loads(body)
    direct = engine_for(index_home(site) / "nl").search("loopbaan", {"type": ["measure"]},
                                                        limit=5)
    assert [r["url"] for r in data["results"]] == [h.url for h in direct.hits]
    assert data["total"] == direct.total > 0
    assert sent["x-content-type-options"] == "nosniff", "once, not twice"
    assert sent["cache-control"] == "no-store"
    for path, code in (("/api/search?q=zorg&lang=xx", 400), ("/api/elsewhere", 404),
                       ("/api/search?q=" + "x" * 5000, 414)):
        status, sent, body = client.get(path)
        assert status == code and set(json.loads(body)) == {"error"}, path
    status, sent, body = client.get("/api/search?q=zorg", method="POST", body=b"x" * 10_000,
                                    content_type="application/x-www-form-urlencoded")
    assert status == 413 and set(json.loads(body)) == {"error"}
    assert sent["content-type"].startswith("application/json")
    status, sent, body = client.get("/api/search?q=zorg", method="POST", body=b"q=x")
    assert status == 405 and set(json.loads(body)) == {"error"}


def test_a_service_that_does_not_answer_is_a_json_503(portal_site):
    with Nginx(portal_site) as server:  # proxies to a port nothing listens on
        status, sent, body = Client(server.port).get("/api/search?q=zorg")
    assert status == 503 and sent["content-type"].startswith("application/json")
    assert "not answering" in json.loads(body)["error"]


def test_the_generated_configuration_is_the_same_for_the_same_input(portal_site, tmp_path):
    from embeds import headers

    rules = parse_headers_file((portal_site / "_headers").read_text("utf-8"))
    assert rules, "the configuration below comes from the same rules"
    found = [headers.Rule("/*", headers.COMMON)]
    conf = nginx.server_conf(found, {"nl": {}}, {}, "/theme/*", {"/a/": "/b/"}, "10.0.0.2:9")
    assert conf == nginx.server_conf(found, {"nl": {}}, {}, "/theme/*", {"/a/": "/b/"},
                                     "10.0.0.2:9")
    assert "proxy_pass http://10.0.0.2:9;" in conf
    assert "location = /a/ { return 301 /b/; }" in conf
    for bad in ("127.0.0.1", "http://x:1", "x:1; evil", "unix:/run/a b.sock"):
        with pytest.raises(headers.SettingError, match="SEARCH_SERVICE_ADDRESS"):
            nginx.upstream(bad)
    assert nginx.upstream("unix:/run/overstap/search.sock") == \
        "http://unix:/run/overstap/search.sock:"


# -- in Chromium --------------------------------------------------------------------------------
@pytest.fixture
def tab(browser):
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    yield page
    context.close()


def test_chromium_browses_nginx_with_the_headers_in_force(tab, portal_nginx):
    origin = portal_nginx.origin
    response = tab.goto(origin + "/fr/")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    tab.wait_for_load_state("load")
    assert tab.evaluate("window.__csp") == [] and tab.problems == []
    # an inline script is refused by the policy nginx sent: the policy is in force
    tab.evaluate("() => { const s = document.createElement('script');"
                 " s.textContent = 'window.__inline = 1'; document.body.append(s); }")
    until(tab, "window.__csp.length > 0")
    assert tab.evaluate("window.__inline") is None
    tab.problems.clear()
    # a missing page: the French 404, styled, under the policy
    response = tab.goto(origin + "/fr/cette-page-nexiste-pas/")
    assert response.status == 404
    assert tab.evaluate("document.documentElement.lang") == "fr"
    assert tab.evaluate("[...document.styleSheets].some(s => s.cssRules.length > 20)"), \
        "the style sheet loaded"
    assert tab.evaluate("window.__csp") == []


def test_chromium_searches_through_nginx_and_the_api_answers_the_page(tab, portal_nginx):
    origin = portal_nginx.origin
    engine = engine_for(index_home(portal_nginx.site) / "fr")
    query = "accompagnement de carrière"
    expected = engine.search(query)
    tab.goto(origin + "/fr/recherche/?q=" + quote(query))
    until(tab, "n => document.querySelectorAll('[data-results] > li').length === n",
          min(10, expected.total), timeout=15)
    urls = tab.eval_on_selector_all("[data-results] li h3 a",
                                    "els => els.map(a => a.getAttribute('href'))")
    assert urls == [h.url for h in expected.hits]
    answer = tab.evaluate("q => fetch('/api/search?lang=fr&q=' + encodeURIComponent(q))"
                          ".then(r => r.json())", query)
    assert [r["url"] for r in answer["results"]] == [h.url for h in expected.hits]
    assert tab.evaluate("window.__csp") == [] and tab.problems == []


def test_the_relevance_queries_answer_alike_through_nginx_and_directly(portal_nginx, client):
    from tests.support import FIXTURES

    spec = tomllib.loads((FIXTURES / "search" / "relevance.toml").read_text("utf-8"))
    for lang, cases in spec.items():
        engine = engine_for(index_home(portal_nginx.site) / lang)
        for case in cases[:3]:
            status, _sent, body = client.get(f"/api/search?lang={lang}&q={quote(case['q'])}")
            assert status == 200
            assert [r["url"] for r in json.loads(body)["results"]] == \
                [h.url for h in engine.search(case["q"]).hits]
