"""The preview never goes dark (issue 21, part 2; plugins/portal/preview.py).

A file with problems still has its page in `make serve`, with its problems in a banner at the
top (each with its stable code and the line of the header it is about); every other page keeps
answering; drafts, scheduled and expired items carry a banner; a publishing build never has
one. Lines, dates and states are read from the files here, with a few lines of our own.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html

from portal.devserver import Preview
from tests.support import FIXTURE_DATE, ROOT, SITES, build, preview_server

MEASURES = Path("content") / "measures" / "nl"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """The fixture site as a project of its own: content, theme, plugins, settings."""
    monkeypatch.setenv("OVERSTAP_BUILD_DATE", FIXTURE_DATE)
    monkeypatch.delenv("OVERSTAP_AUTHOR_LANG", raising=False)
    shutil.copytree(SITES / "multilingual" / "content", tmp_path / "content")
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    return tmp_path


@pytest.fixture()
def served(project):
    """A built preview and its server on a free port: (preview, origin)."""
    preview = Preview(project)
    assert preview.build()
    with preview_server(preview) as origin:
        yield preview, origin


def _get(origin: str, url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(origin + url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _pages(folder: Path) -> list[str]:
    return sorted("/" + p.relative_to(folder).as_posix().removesuffix("index.html")
                  for p in folder.rglob("index.html") if "/embed/" not in p.as_posix())


def _html(folder: Path) -> dict[str, bytes]:
    """The pages the fast path keeps up to date (as tests/test_authoring_incremental.py)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.html")
            if "/embed/" not in p.as_posix() or "redactie" in p.as_posix()}


def _header(path: Path) -> dict[str, tuple[int, str]]:
    """{field: (line, value)} of a file's header, read here (not by the portal's reader)."""
    found = {}
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if not line.strip():
            break
        name, _, value = line.partition(":")
        found[name.strip().lower()] = (number, value.strip())
    return found


def _banner(page: str):
    tree = lxml_html.fromstring(page)
    found = tree.xpath('//*[@data-preview-banner]')
    return found[0] if found else None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_broken_file_shows_its_page_with_its_problems_and_every_other_page_answers(
        project, served):
    preview, origin = served
    before = _pages(preview.folder)  # the pages of the preview while nothing was wrong
    broken = project / MEASURES / "loopbaanbegeleiding.md"
    header = _header(broken)
    _edit(broken, f"Summary: {header['summary'][1]}", "Summary:")
    _edit(broken, "Sectors: ", "Sectors: ruimtevaart, ")
    (project / MEASURES / "zonder-kop.md").write_text("Geen kop hier.\n\nTekst.\n", "utf-8")
    assert preview.build(), "a content error must not stop the preview"

    answers = {url: _get(origin, url)[0] for url in before}
    assert {url: code for url, code in answers.items() if code != 200} == {}
    status, page = _get(origin, "/nl/maatregelen/loopbaanbegeleiding/")
    assert status == 200
    banner = _banner(page)
    assert banner is not None, "the broken file's page has no banner"
    assert banner.get("role") == "region" and banner.get("aria-labelledby")
    assert banner.get("lang") == "nl"  # the authors' language, whatever the page's
    assert page.index("data-preview-banner") < page.index("<main")  # at the top
    codes = {(li.get("data-code"), re.search(r"(\d+)", li.text_content()).group(1))
             for li in banner.xpath(".//li[@data-code]")}
    assert ("field-empty", str(header["summary"][0])) in codes
    assert ("term-unknown", str(header["sectors"][0])) in codes
    assert "content/measures/nl/loopbaanbegeleiding.md" in banner.text_content()
    # the file without a header has no page: its problem is shown over every page
    assert "content/measures/nl/zonder-kop.md" in preview.problems
    # the other pages of the fixture's items have no error banner
    for url in before:
        other = _banner(_get(origin, url)[1])
        assert other is None or other.get("data-preview-banner") != "error" or \
            url.startswith("/nl/maatregelen/loopbaanbegeleiding/"), url


def test_a_new_translation_with_empty_fields_answers_at_once(project, served):
    """`invoke new --translate` leaves Summary and the title empty: the address works."""
    preview, origin = served
    source = project / MEASURES / "opleiding.md"
    target = project / "content" / "measures" / "fr" / "opleiding.md"
    text = source.read_text("utf-8")
    for field in ("Title", "Summary", "Provider"):
        text = re.sub(rf"^{field}:.*$", f"{field}:", text, count=1, flags=re.M)
    text = re.sub(r"^Slug:.*$", "Slug: formation", text, count=1, flags=re.M)
    target.write_text(text.replace("Lang: nl\n", "Lang: fr\nStatus: draft\n", 1), "utf-8")
    assert preview.build()
    status, page = _get(origin, "/fr/mesures/formation/")
    assert status == 200
    banner = _banner(page)
    codes = {li.get("data-code") for li in banner.xpath(".//li[@data-code]")}
    assert "field-empty" in codes
    assert "Status: draft" in banner.text_content()


def _states(content: Path, today: dt.date) -> dict[Path, str]:
    """draft, scheduled or expired, from each file's header (read here)."""
    found = {}
    for path in content.rglob("*.md"):
        header = {k: v for k, (_, v) in _header(path).items()}
        if header.get("status") == "draft":
            found[path] = "draft"
        elif dt.date.fromisoformat(header["date"]) > today:
            found[path] = "scheduled"
        elif header.get("expires") and dt.date.fromisoformat(header["expires"]) < today:
            found[path] = "expired"
    return found


def test_drafts_scheduled_and_expired_items_carry_a_banner_in_the_preview_only(project,
                                                                               tmp_path):
    states = _states(project / "content", dt.date.fromisoformat(FIXTURE_DATE))
    assert sorted(set(states.values())) == ["draft", "expired", "scheduled"]  # the fixture
    preview = Preview(project)
    assert preview.build()
    for path, state in states.items():
        header = _header(path)
        slug = header.get("slug", (0, ""))[1] or path.stem
        page = (preview.folder / "nl" / "maatregelen" / slug / "index.html").read_text("utf-8")
        banner = _banner(page)
        assert banner is not None, f"{path.name} ({state}) has no banner in the preview"
        said = banner.text_content()
        expected = {"draft": "Status: draft", "scheduled": f"Date: {header['date'][1]}",
                    "expired": f"Expires: {header.get('expires', (0, '-'))[1]}"}[state]
        assert expected in said, (path.name, said)

    code, report = build(project / "content", tmp_path / "published")
    assert code == 0, report
    published = list((tmp_path / "published").rglob("*.html"))
    assert len(published) > 20
    with_banner = [p for p in published if "preview-banner" in p.read_text("utf-8")]
    assert with_banner == []
    for path, state in states.items():
        slug = _header(path).get("slug", (0, ""))[1] or path.stem
        page = tmp_path / "published" / "nl" / "maatregelen" / slug / "index.html"
        assert state == "expired" or not page.exists(), f"{path.name} ({state}) published"


def test_an_edit_that_breaks_a_file_shows_its_banner_and_a_fix_removes_it(project, tmp_path):
    """The fast path (portal/incremental.py): the page is written with its banner, the same
    pages as a full build of the broken content."""
    preview = Preview(project)
    assert preview.build()
    source = project / MEASURES / "loopbaanbegeleiding.md"
    line = _header(source)["sectors"][0]
    page = preview.folder / "nl" / "maatregelen" / "loopbaanbegeleiding" / "index.html"
    _edit(source, "Sectors: ", "Sectors: ruimtevaart, ")
    update = preview.live.update([source])
    preview.live.finish(update)
    banner = _banner(page.read_text("utf-8"))
    assert ("term-unknown", str(line)) in {
        (li.get("data-code"), re.search(r"(\d+)", li.text_content()).group(1))
        for li in banner.xpath(".//li[@data-code]")}
    fresh = Preview(project)
    fresh.folder = fresh.live.folder = tmp_path / "fresh"
    assert fresh.build()
    assert _html(preview.folder) == _html(fresh.folder)
    _edit(source, "Sectors: ruimtevaart, ", "Sectors: ")
    preview.live.finish(preview.live.update([source]))
    assert _banner(page.read_text("utf-8")) is None


def test_a_page_its_template_cannot_render_still_shows_the_banner(project, monkeypatch):
    """A template that fails on a file with errors gives the fallback page with the banner;
    on a file without errors the failure is not hidden (it is a bug of the theme)."""
    preview = Preview(project)
    assert preview.build()
    portal = preview.live.portal
    real = portal.render_page

    def failing(template, lang, **data):
        if template == "measure.html":
            raise TypeError("a value the template needs is wrong")
        return real(template, lang, **data)

    monkeypatch.setattr(portal, "render_page", failing)
    source = project / MEASURES / "loopbaanbegeleiding.md"
    _edit(source, "Sectors: ", "Sectors: ruimtevaart, ")
    preview.live.update([source])
    page = (preview.folder / "nl" / "maatregelen" / "loopbaanbegeleiding" /
            "index.html").read_text("utf-8")
    tree = lxml_html.fromstring(page)
    assert "term-unknown" in {li.get("data-code") for li in
                              _banner(page).xpath(".//li[@data-code]")}
    assert "TypeError" in tree.xpath("//main")[0].text_content()
    assert tree.xpath("//h1")[0].text_content() == _header(source)["title"][1]
    other = project / MEASURES / "opleiding.md"
    _edit(other, "Wie bijleert", "Wie bijleert of bijschoolt")
    with pytest.raises(TypeError):
        preview.live.update([other])


def test_two_files_with_one_address_the_one_named_after_it_keeps_it(project):
    """`Slug:` of one measure set to another's file name: the file whose name is that address
    keeps its page (with the problem in its banner); the other is reported over every page."""
    other = project / MEASURES / "opleiding.md"
    _edit(other, "Slug: opleiding", "Slug: loopbaanbegeleiding")
    preview = Preview(project)
    assert preview.build()
    page = (preview.folder / "nl" / "maatregelen" / "loopbaanbegeleiding" /
            "index.html").read_text("utf-8")
    title = _header(project / MEASURES / "loopbaanbegeleiding.md")["title"][1]
    assert lxml_html.fromstring(page).xpath("//h1")[0].text_content() == title
    assert "address-taken" in {li.get("data-code") for li in
                               _banner(page).xpath(".//li[@data-code]")}
    assert "content/measures/nl/opleiding.md" in preview.problems
