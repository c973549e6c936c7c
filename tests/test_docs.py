"""Documentation that cannot drift: the field reference and the tasks are documented."""

from __future__ import annotations

import re

from content_model import FIELDS
from content_model.reference import field_reference
from content_model.taxonomy import load_taxonomies
from tests.support import ROOT

DOCS = ROOT / "docs"


def test_field_reference_is_generated_from_the_model():
    taxonomies, problems = load_taxonomies(ROOT / "content" / "_data", ["nl", "fr", "en"], ROOT)
    assert not problems
    committed = (DOCS / "authors" / "fields.md").read_text("utf-8")
    assert committed == field_reference(taxonomies), \
        "docs/authors/fields.md is out of date: run `invoke docs` and commit it"


def test_every_field_is_documented():
    text = (DOCS / "authors" / "fields.md").read_text("utf-8")
    for fld in FIELDS:
        assert f"### {fld.name}\n\n{fld.doc}" in text, f"{fld.name} is not documented"


def test_every_invoke_task_is_in_the_readme():
    import tasks

    readme = (ROOT / "README.md").read_text("utf-8")
    for name in tasks.ns.task_names:
        assert f"invoke {name}" in readme, f"`invoke {name}` is not in the README"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    first_blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, flags=re.S)[0]
    assert first_blocks.split() == ["make", "build", "make", "test"]
