"""The authors' guide is complete: every field in Dutch too, every command, every message."""

from __future__ import annotations

import re

import pytest

from content_model import FIELDS
from content_model.reference import DUTCH
from tests.support import ROOT

AUTHORS = ROOT / "docs" / "authors"
GUIDES = {"nl": AUTHORS / "README.md", "en": AUTHORS / "writing.en.md"}
#: What an author types, from the first time to publishing.
COMMANDS = ["make build", "source .venv/bin/activate", "invoke new --type case",
            "invoke new --translate", "make serve", "invoke check --only", "invoke check --strict",
            "invoke translations", "invoke translations --mark", "Status: draft", "Expires:",
            "content/images/", "/nl/redactie/vertalingen/"]
#: The field of every problem the checks report, as the table "what each message means" shows.
MESSAGES = ["is missing", "is empty", "is not an allowed value", "is not a known field",
            "is not a date", "the limit is", "this header line is not",
            "Slug: is empty: the address of this page would be the file name",
            "is already used by", "differs from the Dutch version", "no nl item is named",
            "is not the name of any item", "points to no item", "has no … version",
            "image: … has no alt text", "there is no file", "heading: a level-1 heading",
            "heading: jumps from level", "has no text", "is not a page of the portal",
            "is not a full address", "needs two slashes", "contains a space",
            "is a page in another language", "expired on", "expires on", "is draft",
            "is published only from", "Summary: has 3 sentences", "still the nl text",
            "the item has no text", "plain language", "html:", "is not UTF-8",
            "is not in a content folder", "Nothing was published"]


def test_every_field_is_explained_in_dutch():
    assert set(DUTCH) == {f.name for f in FIELDS}
    fields = (AUTHORS / "fields.md").read_text("utf-8")
    for fld in FIELDS:
        assert f"*Nederlands:* {DUTCH[fld.name]}" in fields, f"{fld.name}: run `invoke docs`"


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guide_names_every_step(lang):
    text = GUIDES[lang].read_text("utf-8")
    for command in COMMANDS:
        assert command in text, f"{GUIDES[lang].name} does not mention `{command}`"


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guide_explains_every_message(lang):
    table = GUIDES[lang].read_text("utf-8")
    for message in MESSAGES:
        assert message in table, f"{GUIDES[lang].name} does not explain `{message}`"


def test_links_between_the_authors_pages_work():
    for page in AUTHORS.glob("*.md"):
        text = page.read_text("utf-8")
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", text):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
        anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
        for anchor in re.findall(r"\]\(#([^)]+)\)", text):
            assert anchor in anchors, f"{page.name}: no heading for #{anchor}"


def _anchor(heading: str) -> str:
    """The id GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")
