"""Addresses: in the reader's language, and none that was ever published breaks.

See docs/dev/identity-and-addresses.md. The expected address parts are read here from the
settings (`LANGS` sections) and the data files (`slug.<lang>`, else the label as an address
part), not from the site model.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from functools import cache
from pathlib import Path

import pytest

from content_model.taxonomy import slugify
from portal import addresses
from tests.support import ROOT, SITES, build, tree_digest

LANGS = ("nl", "fr", "en")
FACET_KEYS = {"audiences", "sectors", "regions", "duration", "approach", "focus", "support",
              "parties", "target", "level"}
FIXED = {"embed", "feeds", "search", "index.html", "atom.xml", "feed.json", "oembed.json",
         "404.html"}


def _settings():
    import pelicanconf

    return pelicanconf.LANGS


@cache
def declared_parts(content: Path, lang: str) -> frozenset[str]:
    """Every address part a page in `lang` may have: its sections and facet folders, its
    values' parts, its items' Slugs (or file names)."""
    parts = set(_settings()[lang]["sections"].values())
    for data in (content / "_data").glob("*.toml"):
        table = tomllib.loads(data.read_text("utf-8"))
        terms = table.items() if data.stem != "dimensions" else \
            [kv for dim in table.values() for kv in dim.get("values", {}).items()]
        for key, term in terms:
            if isinstance(term, dict) and lang in term:
                given = term.get("slug", {}).get(lang)
                parts.add(given or (key if lang == "nl" else slugify(term[lang])))
    for path in content.glob(f"*/{lang}/*.md"):
        slug = re.search(r"^Slug:[ \t]*(\S*)", path.read_text("utf-8"), re.M)
        parts.add(slug[1] if slug and slug[1] else path.stem)
    return frozenset(parts)


def dutch_only(content: Path, lang: str) -> set[str]:
    return declared_parts(content, "nl") - declared_parts(content, lang)


@pytest.fixture(scope="module", params=["fixture", "portal"])
def site(request):
    if request.param == "fixture":
        return request.getfixturevalue("fixture_site"), SITES / "multilingual"
    return request.getfixturevalue("portal_site"), ROOT


def _published(out: Path) -> list[str]:
    """Every address the build made itself (old addresses, which redirect, left out)."""
    old = _redirects(out)
    found = []
    for path in sorted(out.rglob("*")):
        if path.suffix not in (".html", ".xml", ".json") or "search" in path.parts[:1]:
            continue
        address = "/" + path.relative_to(out).as_posix().removesuffix("index.html")
        if address not in old:
            found.append(address)
    return found


def test_addresses_are_in_the_page_language(site):
    out, project = site
    content = project / "content"
    wrong = []
    for address in _published(out):
        segments = [s for s in address.split("/") if s]
        if not segments or segments[0] not in LANGS:
            continue
        lang = segments[0]
        for segment in segments[1:]:
            if segment in FIXED:
                continue
            if lang != "nl" and segment in dutch_only(content, lang):
                wrong.append(f"{address}: `{segment}` is Dutch")
            if lang == "nl" and segment in FACET_KEYS - declared_parts(content, "nl"):
                wrong.append(f"{address}: `{segment}` is an English facet key")
    assert not wrong, f"{len(wrong)} addresses, first: {wrong[:8]}"


def test_the_check_itself_sees_a_dutch_segment():
    """Checks the checker: the Dutch keys of the fixture are not French address parts."""
    content = SITES / "multilingual" / "content"
    assert {"werkenden", "zorg", "loopbaanbegeleiding", "maatregelen"} <= dutch_only(content, "fr")
    assert "gent" in dutch_only(content, "en") and "gand" not in dutch_only(content, "fr")


def _redirects(out: Path) -> dict[str, str]:
    found = {}
    for line in (out / addresses.REDIRECTS_FILE).read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            old, new, code = line.split()
            assert code == "301", line
            found[old] = new
    return found


def _file(out: Path, address: str) -> Path:
    return out / addresses.output_file(address)


def _alias_target(path: Path) -> str | None:
    text = path.read_text("utf-8", errors="replace") if path.suffix == ".html" else ""
    found = re.search(re.escape(addresses.ALIAS_MARK) + r'([^"]+)"', text)
    return found[1] if found else None


def test_every_published_address_still_answers(site):
    """Each address in the committed manifest answers 200, or a redirect (in `_redirects` and
    the nginx snippet, and as a static alias) to an address that answers 200 itself."""
    out, project = site
    manifest = addresses.read(project / addresses.MANIFEST)
    assert len(manifest) > 400, "the manifest of published addresses is missing"
    redirects = _redirects(out)
    nginx = (out / addresses.NGINX_FILE).read_text("utf-8")
    wrong = []
    for address in sorted(manifest):
        path = _file(out, address)
        if not path.is_file():
            wrong.append(f"{address}: no file")
            continue
        alias = _alias_target(path)
        moved = redirects.get(address)
        if moved is None and alias is None and address not in redirects:
            continue  # answered by the page itself
        target = moved or alias
        if moved is None:
            wrong.append(f"{address}: an alias without a redirect")
        elif alias is not None and alias != moved:
            wrong.append(f"{address}: the alias leads to {alias}, the redirect to {moved}")
        if f"location = {address} {{ return 301 {target}; }}" not in nginx:
            wrong.append(f"{address}: not redirected in the nginx snippet")
        final = _file(out, target)
        if not final.is_file() or _alias_target(final) or target in redirects:
            wrong.append(f"{address} → {target}: does not answer 200")
    assert not wrong, f"{len(wrong)} broken addresses, first: {wrong[:8]}"


def test_a_moved_page_keeps_its_old_address(tmp_path):
    """A changed Slug: the old address redirects to the new one, the manifest keeps both, and
    the next build (with the longer manifest) is byte for byte the same."""
    project = tmp_path / "site"
    shutil.copytree(SITES / "multilingual", project, ignore=shutil.ignore_patterns(".build"))
    measure = project / "content" / "measures" / "fr" / "loopbaanbegeleiding.md"
    text = measure.read_text("utf-8")
    old = re.search(r"^Slug: (.+)$", text, re.M)[1]
    measure.write_text(text.replace(f"Slug: {old}", "Slug: orientation-de-carriere"), "utf-8")
    out = tmp_path / "output"
    code, report = build(project / "content", out, RECORD_ADDRESSES=True)
    assert code == 0, report
    assert _redirects(out)[f"/fr/mesures/{old}/"] == "/fr/mesures/orientation-de-carriere/"
    assert _alias_target(out / "fr" / "mesures" / old / "index.html") == \
        "/fr/mesures/orientation-de-carriere/"
    assert (out / "fr" / "mesures" / "orientation-de-carriere" / "index.html").is_file()
    manifest = addresses.read(project / addresses.MANIFEST)
    assert manifest[f"/fr/mesures/{old}/"] == manifest["/fr/mesures/orientation-de-carriere/"] \
        == "measure:loopbaanbegeleiding:fr"
    first = tree_digest(out)
    again = tmp_path / "again"
    code, report = build(project / "content", again, RECORD_ADDRESSES=True)
    assert code == 0, report
    assert tree_digest(again) == first


def test_builds_without_recording_leave_the_manifest_alone(tmp_path):
    manifest = SITES / "multilingual" / addresses.MANIFEST
    before = manifest.read_bytes()
    code, report = build(SITES / "multilingual" / "content", tmp_path / "output")
    assert code == 0, report
    assert manifest.read_bytes() == before


# -- withdrawal instead of disappearance --------------------------------------------------------
EXPIRED = "/nl/maatregelen/premie-corona/"  # the fixture's measure that expired on 2026-10-31


def _text(out: Path, address: str) -> str:
    return _file(out, address).read_text("utf-8")


def test_an_expired_item_keeps_its_address_with_a_notice(fixture_site):
    page = _text(fixture_site, EXPIRED)
    assert "<h1>Tijdelijke overstappremie</h1>" in page
    assert "Deze maatregel wordt niet meer aangeboden." in page
    assert 'href="/nl/maatregelen/"' in page  # where to go instead
    assert '<meta name="robots" content="noindex">' in page
    embed = _text(fixture_site, "/nl/embed/maatregelen/premie-corona/")
    assert "Deze maatregel wordt niet meer aangeboden." in embed
    assert _file(fixture_site, "/nl/embed/maatregelen/premie-corona/oembed.json").is_file()


def test_an_expired_item_is_in_no_list_search_feed_or_sitemap(fixture_site):
    pages = [p for p in fixture_site.rglob("*.html") if p != _file(fixture_site, EXPIRED)
             and "premie-corona" not in p.parts]
    assert not [p for p in pages if EXPIRED in p.read_text("utf-8")]
    assert "premie-corona" not in (fixture_site / "sitemap.xml").read_text("utf-8")
    for feed in fixture_site.glob("*/feeds/**/*.*"):
        assert "premie-corona" not in feed.read_text("utf-8"), feed
    for shard in (fixture_site / "search").rglob("*"):
        if shard.is_file():
            assert b"premie-corona" not in shard.read_bytes(), shard


def test_a_removed_item_keeps_its_address_with_a_notice(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(SITES / "multilingual", project, ignore=shutil.ignore_patterns(".build"))
    (project / "content" / "measures" / "nl" / "opleiding.md").unlink()
    for path in (project / "content").rglob("*.md"):  # nothing may point at it any more
        text = path.read_text("utf-8")
        text = re.sub(r"(?m)^(Related|Measures): (.*)$", lambda m: m[0].replace(
            "opleiding, ", "").replace(", opleiding", "").replace(": opleiding", ": "), text)
        path.write_text(re.sub(r"\[([^\]]+)\]\(\{ref\}(?:[a-z]{2}/)?opleiding\)", r"\1", text),
                        "utf-8")
    out = tmp_path / "output"
    code, report = build(project / "content", out)
    assert code == 0, report
    page = _text(out, "/nl/maatregelen/opleiding/")
    assert "<h1>Niet meer beschikbaar</h1>" in page
    assert "Deze maatregel wordt niet meer aangeboden." in page
    embed = _text(out, "/nl/embed/maatregelen/opleiding/")
    assert "Deze maatregel wordt niet meer aangeboden." in embed
    assert "opleiding" not in (out / "sitemap.xml").read_text("utf-8")


@pytest.mark.browser
def test_the_notice_is_accessible(browser, fixture_site):
    from tests.browser import StaticServer, describe, run_axe

    with StaticServer(fixture_site) as server:
        context = browser.new_context()
        tab = context.new_page()
        for address in (EXPIRED, "/nl/embed/maatregelen/premie-corona/"):
            tab.goto(server.origin + address)
            violations = run_axe(tab)
            assert not violations, f"{address}:\n{describe(violations)}"
        context.close()
