"""Drafts, scheduled items and expiry, end to end: what the build publishes on a given day,
what the preview shows, and the check's warnings about links to items that go away."""

from __future__ import annotations

import pytest

from tests.authoring_project import about, check, edit, make
from tests.support import build

DRAFT = "nl/maatregelen/klad/index.html"
LATER = "nl/maatregelen/later/index.html"
TRAINING = "nl/maatregelen/opleiding/index.html"
GUIDANCE = "content/measures/nl/loopbaanbegeleiding.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make(tmp_path_factory.mktemp("dates"))
    edit(root / "content" / "measures" / "nl" / "opleiding.md", "Type: measure\n",
         "Type: measure\nExpires: 2026-12-31\n")
    return root


def _built(project, tmp_path, **settings):
    out = tmp_path / "out"
    code, text = build(project / "content", out, **settings)
    assert code == 0, text
    return out


def test_drafts_and_future_items_are_not_published(project, tmp_path):
    out = _built(project, tmp_path)
    assert not (out / DRAFT).exists() and not (out / LATER).exists()
    assert (out / TRAINING).exists()
    everything = "\n".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    assert "/nl/maatregelen/klad/" not in everything
    assert "/nl/maatregelen/later/" not in everything


def test_the_preview_shows_drafts_and_future_items(project, tmp_path):
    out = _built(project, tmp_path, PREVIEW=True)
    assert (out / DRAFT).exists() and (out / LATER).exists()


def test_a_future_item_publishes_on_the_first_build_after_its_date(project, tmp_path):
    out = _built(project, tmp_path, BUILD_DATE="2099-01-01")
    assert (out / LATER).exists()
    assert not (out / DRAFT).exists()  # a draft stays a draft, whatever the date


def test_an_expired_item_is_withdrawn_and_its_links_removed(project, tmp_path):
    before = _built(project, tmp_path / "before", BUILD_DATE="2026-12-31")
    assert "notice-withdrawn" not in (before / TRAINING).read_text("utf-8")
    after = _built(project, tmp_path / "after", BUILD_DATE="2027-01-01")
    assert "notice-withdrawn" in (after / TRAINING).read_text("utf-8")  # its address stays
    guidance = (after / "nl" / "maatregelen" / "loopbaanbegeleiding" / "index.html")
    assert "/nl/maatregelen/opleiding/" not in guidance.read_text("utf-8")


def test_the_check_warns_about_links_to_an_item_that_will_expire(project):
    found = about(check(project, plain=False), GUIDANCE)
    related = [p for p in found if p.field == "Related"]
    link = [p for p in found if p.field == "link"]
    assert len(related) == 1 and len(link) == 1
    for problem in related + link:
        assert problem.severity == "warning" and "expires on 2026-12-31" in problem.message
        assert "content/measures/nl/opleiding.md" in problem.message and problem.hint
    assert link[0].line == 26  # the line with {ref}opleiding


def test_after_expiry_the_check_says_the_link_leads_nowhere(project):
    found = about(check(project, plain=False, BUILD_DATE="2027-01-01"), GUIDANCE, "link")
    assert len(found) == 1 and "expired on 2026-12-31" in found[0].message
    assert "leads nowhere" in found[0].message


def test_links_to_drafts_and_scheduled_items_are_warnings(tmp_path):
    root = make(tmp_path)
    edit(root / GUIDANCE, "Related: opleiding", "Related: opleiding, klad, later")
    found = about(check(root, plain=False), GUIDANCE, "Related")
    messages = sorted(p.message for p in found)
    assert len(found) == 2 and all(p.severity == "warning" for p in found)
    assert "`klad` is a draft" in messages[0]
    assert "`later` is published only from 2099-01-01" in messages[1]
