"""The preview's fast path writes exactly what a full build writes (portal/incremental.py)."""

from __future__ import annotations

import shutil

import pytest

from content_model import ContentErrors, errors_only
from portal.devserver import Preview
from portal.incremental import NeedsFullBuild
from tests.support import ROOT, SITES, tree_digest


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """The fixture site as a project of its own: content, theme, plugins, settings."""
    monkeypatch.setenv("OVERSTAP_BUILD_DATE", "2026-11-22")
    shutil.copytree(SITES / "multilingual" / "content", tmp_path / "content")
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    return tmp_path


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _pages(folder):
    """The portal's pages and the editors' status: what the fast path keeps up to date."""
    return {k: v for k, v in tree_digest(folder).items()
            if k.endswith(".html") and "/embed/" not in k or "redactie" in k}


def _full_build(project, tmp_path):
    fresh = Preview(project)
    fresh.folder = tmp_path / "fresh"
    fresh.live.folder = fresh.folder
    assert fresh.build()
    return fresh.folder


@pytest.mark.parametrize("old,new", [
    ("luistert en helpt je kiezen", "luistert en denkt mee"),  # the text
    ("Title: Loopbaanbegeleiding", "Title: Loopbaancoaching"),  # shown in every list
])
def test_an_edit_gives_the_same_pages_as_a_full_build(project, tmp_path, old, new):
    preview = Preview(project)
    assert preview.build()
    source = project / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    _edit(source, old, new)
    update = preview.live.update([source])
    assert update.pages == ["/nl/maatregelen/loopbaanbegeleiding/"]
    preview.live.finish(update)
    assert _pages(preview.folder) == _pages(_full_build(project, tmp_path))


def test_shared_fields_changed_file_by_file_give_the_same_pages(project, tmp_path):
    """Sectors changed in the Dutch file: shown while the translations differ (the pages of
    the translations that still differ say so in their banner: portal/preview.py), then every
    page follows, banners gone."""
    preview = Preview(project)
    assert preview.build()
    measures = project / "content" / "measures"
    files = [measures / "nl" / "loopbaanbegeleiding.md",
             measures / "fr" / "loopbaanbegeleiding.md",
             measures / "en" / "loopbaanbegeleiding.md"]
    for number, path in enumerate(files, 1):
        _edit(path, "Sectors: alle-sectoren", "Sectors: zorg")
        update = preview.live.update([path])
        assert update.structural
        preview.live.finish(update)
        if number < len(files):
            assert {p.field for p in errors_only(update.problems)} == {"Sectors"}
            assert {p.path for p in errors_only(update.problems)} == \
                {f.relative_to(project).as_posix() for f in files[number:]}
    assert errors_only(update.problems) == []
    assert _pages(preview.folder) == _pages(_full_build(project, tmp_path))


def test_a_content_error_is_shown_on_its_page_and_says_where(project):
    """The page is written with the problem in its banner (tests/test_preview_banners.py);
    a file the reader cannot use at all is refused, and the pages stay as they were."""
    preview = Preview(project)
    assert preview.build()
    source = project / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    _edit(source, "Sectors: alle-sectoren", "Sectors: ruimtevaart")
    update = preview.live.update([source])
    assert any(p.path.endswith("loopbaanbegeleiding.md") and p.field == "Sectors"
               and p.code == "term-unknown" for p in errors_only(update.problems))
    page = preview.folder / "nl" / "maatregelen" / "loopbaanbegeleiding" / "index.html"
    assert 'data-code="term-unknown"' in page.read_text("utf-8")
    preview.live.finish(update)
    before = tree_digest(preview.folder)
    source.write_text("", "utf-8")
    with pytest.raises(ContentErrors) as failed:
        preview.live.update([source])
    assert {p.code for p in failed.value.problems} == {"file-empty"}
    assert tree_digest(preview.folder) == before


def test_a_new_page_layout_or_a_new_file_needs_a_full_build(project):
    preview = Preview(project)
    assert preview.build()
    source = project / "content" / "pages" / "nl" / "over.md"
    _edit(source, "Template: page", "Template: sources")
    with pytest.raises(NeedsFullBuild):
        preview.live.update([source])
    new = source.with_name("nieuw.md")
    new.write_text(source.read_text("utf-8").replace("Slug: over", "Slug: nieuw"), "utf-8")
    with pytest.raises(NeedsFullBuild):
        preview.live.update([new])


def test_the_open_tab_reloads_only_when_its_page_changed(project):
    preview = Preview(project)
    seen = preview.version
    preview.announce(frozenset({"/nl/maatregelen/opleiding/"}), "")
    assert preview.touched("/nl/maatregelen/opleiding/", seen)
    assert not preview.touched("/nl/", seen)
    preview.announce(None, "")
    assert preview.touched("/nl/", seen)


def test_an_editor_saving_through_a_temporary_file_takes_the_fast_path(project, monkeypatch):
    preview = Preview(project)
    assert preview.build()
    builds = []
    monkeypatch.setattr(preview, "build", lambda: builds.append(1))
    source = project / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    _edit(source, "luistert en helpt je kiezen", "luistert en denkt mee")
    gone = source.with_name("sedX1b2c3")  # written, then renamed onto the file by `sed -i`
    preview.apply({source, gone})
    assert builds == []
    page = preview.folder / "nl" / "maatregelen" / "loopbaanbegeleiding" / "index.html"
    assert "luistert en denkt mee" in page.read_text("utf-8")


def test_a_new_save_cuts_step_two_short_and_the_next_update_catches_up(project, tmp_path):
    preview = Preview(project)
    assert preview.build()
    source = project / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    _edit(source, "Title: Loopbaanbegeleiding", "Title: Loopbaancoaching")
    update = preview.live.update([source])
    preview.live.finish(update, stop=lambda: True)  # the author saved again at once
    assert preview.live.leftover  # the lists showing the new title: not done yet
    _edit(source, "luistert en helpt je kiezen", "luistert en denkt mee")
    preview.live.finish(preview.live.update([source]))
    assert not preview.live.leftover
    assert _pages(preview.folder) == _pages(_full_build(project, tmp_path))
