"""Shared fixtures: built sites (fixture and real portal) and the browser."""

from __future__ import annotations

import os

import pytest

# The tests that compare whole reports were written against the English texts, which the code
# holds: they run with English messages (child processes inherit it). The authors' languages
# are tested by setting the language themselves (tests/test_author_messages.py).
os.environ.setdefault("OVERSTAP_AUTHOR_LANG", "en")

from tests.support import ROOT, build, build_fixture


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The small nl/fr/en fixture site, built once."""
    out = tmp_path_factory.mktemp("fixture") / "output"
    assert build_fixture("multilingual", out) == 0
    return out


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory):
    """The real portal (content/), built once with the production settings."""
    out = tmp_path_factory.mktemp("portal") / "output"
    code, text = build(ROOT / "content", out, settings="publishconf.py")
    assert code == 0, text
    return out


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, shared by every browser test."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS, require_tools

    require_tools()
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def portal_server(portal_site):
    from tests.browser import StaticServer

    with StaticServer(portal_site) as server:
        yield server


@pytest.fixture(scope="session")
def portal_nginx(portal_site, tmp_path_factory):
    """The real portal served by Debian's nginx with the build's `_nginx.conf`, the search
    service (`python -m search.service`, waitress) behind it at /api/ (`.service`)."""
    from tests.nginx_server import Nginx, Service

    service = Service(portal_site, tmp_path_factory.mktemp("service") / "service.log")
    try:
        with Nginx(portal_site, service.port) as server:
            server.service = service
            yield server
    finally:
        service.stop()


def pytest_collection_modifyitems(items):
    """A test that uses Chromium is a browser test, marked or not (`invoke test --fast`)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
