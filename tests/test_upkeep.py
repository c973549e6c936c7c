"""Keeping content alive (issue 21, part 4; content_model/upkeep.py): owners, review dates and
change notes. The expected lists are worked out here from the files' headers, with a few lines
of our own, never with the portal's reader."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from editorial import commands
from tests.authoring_project import about, load, settings
from tests.support import FIXTURE_DATE, SITES, build

TODAY = dt.date.fromisoformat(FIXTURE_DATE)


def _header(path: Path) -> dict[str, tuple[int, str]]:
    found = {}
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if not line.strip():
            break
        name, _, value = line.partition(":")
        found[name.strip().lower()] = (number, value.strip())
    return found


def _set(path: Path, field: str, value: str) -> None:
    """Replace the field's line, or add it after `Date:`."""
    lines = path.read_text("utf-8").split("\n")
    for number, line in enumerate(lines):
        if line.split(":")[0].strip().lower() == field.lower():
            lines[number] = f"{field}: {value}"
            break
    else:
        lines.insert(next(n for n, ln in enumerate(lines) if ln.startswith("Date:")) + 1,
                     f"{field}: {value}")
    path.write_text("\n".join(lines), "utf-8")


@pytest.fixture()
def content(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(SITES / "multilingual" / "content", root / "content")
    measures = root / "content" / "measures"
    _set(measures / "nl" / "opleiding.md", "Date", "2025-06-01")  # default review: passed
    _set(measures / "nl" / "loopbaanbegeleiding.md", "Review-By", "2026-11-10")
    _set(measures / "nl" / "loopbaanbegeleiding.md", "Owner", "Team loopbaan")
    _set(measures / "en" / "loopbaanbegeleiding.md", "Review-By", "2027-01-01")
    _set(measures / "nl" / "klad.md", "Date", "2025-01-01")  # a draft: never listed
    _set(measures / "nl" / "premie-corona.md", "Date", "2025-01-05")  # expired: not listed
    return root


def _review_day(header: dict) -> dt.date:
    values = {k: v for k, (_, v) in header.items()}
    if values.get("review-by"):
        return dt.date.fromisoformat(values["review-by"])
    days = [dt.date.fromisoformat(values["date"])]
    days += [dt.date.fromisoformat(values[k][:10]) for k in ("modified", "changed")
             if values.get(k)]
    return max(days) + dt.timedelta(days=365)


def _published(header: dict) -> bool:
    values = {k: v for k, (_, v) in header.items()}
    return values.get("status") != "draft" and \
        dt.date.fromisoformat(values["date"]) <= TODAY and \
        not (values.get("expires") and dt.date.fromisoformat(values["expires"]) < TODAY)


def _expected_overdue(root: Path) -> set[str]:
    found = set()
    for path in (root / "content").rglob("*.md"):
        header = _header(path)
        if _published(header) and _review_day(header) < TODAY:
            found.add(path.relative_to(root).as_posix())
    return found


def test_items_past_their_review_date_are_listed_for_editors(content, tmp_path):
    expected = _expected_overdue(content)
    assert expected == {"content/measures/nl/opleiding.md",
                        "content/measures/nl/loopbaanbegeleiding.md"}  # the setup did that
    code, report = build(content / "content", tmp_path / "out")
    assert code == 0, report
    status = tmp_path / "out" / "nl" / "redactie" / "vertalingen" / "index.html"
    rows = lxml_html.fromstring(status.read_text("utf-8")).xpath("//tr[@data-review]")
    assert {row.get("data-review") for row in rows} == expected
    owners = {row.get("data-review"): row.xpath("./td")[0].text_content() for row in rows}
    assert owners["content/measures/nl/loopbaanbegeleiding.md"] == "Team loopbaan"
    data = json.loads((tmp_path / "out" / "nl" / "redactie" / "vertalingen.json")
                      .read_text("utf-8"))
    assert {row["path"] for row in data["review"]["overdue"]} == expected
    days = {row["path"]: row["days"] for row in data["review"]["overdue"]}
    assert days["content/measures/nl/loopbaanbegeleiding.md"] == \
        (TODAY - dt.date(2026, 11, 10)).days

    printed = commands.report(content, settings())
    review_part = printed[printed.rindex("\n\n"):]
    listed = {line.split(":")[0].strip() for line in review_part.splitlines()
              if line.strip().startswith("content/")}
    assert listed == expected


def test_a_change_note_is_shown_as_last_updated(content, tmp_path):
    page = content / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    note = "De voorwaarden voor 2027 zijn toegevoegd."
    _set(page, "Changed", f"2026-11-20 — {note}")
    code, report = build(content / "content", tmp_path / "out")
    assert code == 0, report
    built = (tmp_path / "out" / "nl" / "maatregelen" / "loopbaanbegeleiding" / "index.html")
    tree = lxml_html.fromstring(built.read_text("utf-8"))
    shown = tree.xpath('//p[@class="change-note"]')
    assert len(shown) == 1 and note in shown[0].text_content()
    assert "20 november 2026" in shown[0].text_content()
    meta = tree.xpath('//footer[@class="item-meta"]')[0].text_content()
    assert "20 november 2026" in meta  # last updated: the change's day
    ld = json.loads(tree.xpath('//script[@type="application/ld+json"]')[0].text)
    assert ld["dateModified"] == "2026-11-20"
    other = tmp_path / "out" / "nl" / "maatregelen" / "opleiding" / "index.html"
    assert 'class="change-note"' not in other.read_text("utf-8")


@pytest.mark.parametrize("field,value,code", [
    ("Changed", "2026-11-20 zonder streep", "change-format"),
    ("Changed", "2026-11-20 —", "change-format"),
    ("Changed", "2026-13-01 — Nieuw.", "date-impossible"),
    ("Changed", "2026-10-01 — Voor de publicatie.", "date-order"),
    ("Review-By", "2026-10-01", "date-order"),
    ("Review-By", "volgend jaar", "date-format"),
])
def test_a_wrong_review_date_or_change_line_is_reported_where_it_is(content, field, value,
                                                                     code):
    path = content / "content" / "measures" / "nl" / "opleiding.md"
    _set(path, "Date", "2026-11-03")
    _set(path, field, value)
    line = _header(path)[field.lower()][0]
    found = [(p.line, p.code) for p in about(load(content).problems, "nl/opleiding.md", field)]
    assert found == [(line, code)]


def test_owner_and_review_by_do_not_make_translations_stale(content):
    """Per-file bookkeeping, not text: the Dutch file's fingerprint stays the same."""
    from content_model.translations import source_hash

    path = content / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    before = next(i for i in load(content).items if i.path.endswith("nl/loopbaanbegeleiding.md"))
    _set(path, "Owner", "Een ander team")
    _set(path, "Review-By", "2028-01-01")
    after = next(i for i in load(content).items if i.path.endswith("nl/loopbaanbegeleiding.md"))
    assert source_hash(before) == source_hash(after)
