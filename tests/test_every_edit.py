"""Every edit an author can make gives, built on top of the last build, exactly a clean build.

The table is derived from the content model (plugins/content_model/schema.py): every header
field of every content type (measure, case, story, hub, page), in every language for a field
translations do not share and in all of them at once for one they share; the body of every
type in every language; a label in every data file of content/_data/; files added (an item,
a translation), removed (a translation, an item in every language) and renamed (an item: its
file in every language folder). A field added to the schema is in the table without a change
here; a field of a new kind fails until tests/site_edits.py knows a valid value for it.

Each case starts from a copy of the fixture site (tests/fixtures/sites/multilingual) built
twice, so that its build starts, as builds do day to day, from the site the last build
replaced (memo.prepare_staging); it makes its edit, builds again (portal/memo.py keeps the
files whose inputs did not change) and compares every byte of the whole output (pages,
embeds, feeds, sitemap, _headers, search export, editors' status) with a clean build of the
same content into an empty folder.

`make test` builds once per header field (that field changed on every type that has it, in
every language), once for all bodies, once for all data files and once per kind of file
operation: 37 cases. Edits of one field are never grouped with edits of another: a second
field's change would make the lists and pages that show the first one again and hide a field
the build forgot to track (e.g. a `Summary` left out of an item's card, portal/memo.py).
With OVERSTAP_EVERY_EDIT=all every edit is a case of its own: 193 cases, each field of each
type in each language, each data file, each type removed and renamed (about 12 minutes on
two busy cores).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from content_model import schema
from tests import site_edits as E
from tests.support import SITES, tree_digest

pytestmark = pytest.mark.slow  # builds many sites: not in `invoke test --fast`
EVERY = os.environ.get("OVERSTAP_EVERY_EDIT") == "all"
FIXTURE = SITES / "multilingual" / "content"


@dataclass
class Case:
    name: str
    steps: list[tuple] = field(default_factory=list)  # (function name, args...)
    whole_site: bool = False  # a global input (data file): nothing can be kept

    def apply(self, content: E.Content) -> list[str]:
        return [getattr(E, step[0])(content, *step[1:]) for step in self.steps]


def _cases() -> list[Case]:
    pristine = E.Content(FIXTURE)
    subjects = {type_: pristine.subjects(type_)[0] for type_ in schema.TYPES}
    atoms: dict[str, list[Case]] = {}  # group -> one case per edit

    def add(group: str, case: Case) -> None:
        atoms.setdefault(group, []).append(case)

    for type_, name in subjects.items():
        for fld in schema.fields_for(type_):
            langs = [None] if fld.shared or fld.kind == "lang" else E.LANGS
            for lang in langs:
                add(fld.name, Case(f"{type_}-{fld.name}" + (f"-{lang}" if lang else ""),
                                   [("edit_field", name, fld.name, lang)]))
        for lang in E.LANGS:
            add("body", Case(f"{type_}-body-{lang}", [("edit_body", name, lang)]))
    for data in sorted((FIXTURE / "_data").glob("*.toml")):
        add("data", Case(f"label-{data.stem}", [("edit_label", data.stem)], whole_site=True))
    measure = subjects["measure"]
    one_language = next(s for s in pristine.names(("measure",))
                        if set(pristine.files(s)) == {E.DEFAULT_LANG})
    add("file-added", Case("file-added", [("add_item", measure, "nieuwe-maatregel", ("nl",))]))
    add("file-added", Case("translation-added", [("add_translation", one_language, "fr")]))
    add("file-removed", Case("translation-removed", [("remove_file", measure, "fr")]))
    for type_, name in subjects.items():  # its address (a page's own folder) goes too
        if type_ == "page" or EVERY:
            add("file-removed", Case(f"{type_}-removed", [("remove_file", name, "nl")]))
    for type_, name in subjects.items():  # the file, in every language folder
        if type_ == "story" or EVERY:
            add("file-renamed", Case(f"{type_}-renamed", [("rename_item", name, f"{name}-2")]))
    if EVERY:
        return [case for group in atoms.values() for case in group]
    return [Case(group, [step for case in found for step in case.steps],
                 any(case.whole_site for case in found)) for group, found in atoms.items()]


CASES = _cases()


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The fixture site's content, copied and built twice: the second build (a body edited)
    starts, like every build after it, from the site the first one replaced (.output.spare:
    its unchanged files are hard links to the published ones, memo.prepare_staging), so each
    case below builds the way builds run day to day, not on a first build."""
    base = tmp_path_factory.mktemp("every-edit")
    shutil.copytree(FIXTURE, base / "content")
    E.build_ok(base / "content", base / "output")
    content = E.Content(base / "content")
    E.edit_body(content, content.subjects("measure")[0], E.DEFAULT_LANG, "0")
    assert "unchanged ones kept" in E.build_ok(base / "content", base / "output")
    assert (base / ".output.pages").is_file() and (base / ".output.spare").is_dir()
    return base


def copy_project(source: Path, target: Path) -> None:
    """A copy with modification times and hard links kept (the records check both)."""
    target.mkdir(parents=True)
    subprocess.run(["cp", "-a", f"{source}/.", str(target)], check=True)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_edit_built_on_the_last_build_equals_a_clean_build(case, first_build, tmp_path):
    project = tmp_path / "project"
    copy_project(first_build, project)
    content = E.Content(project / "content")
    done = case.apply(content)
    assert tree_digest(project / "content") != tree_digest(first_build / "content"), done
    made, kept = E.incremental_equals_clean(project / "content", project / "output", tmp_path)
    if case.whole_site:
        assert kept == 0, f"{kept} files kept after a change to a data file"
    else:
        assert kept > 0, f"the build kept nothing: the incremental path was not tested ({done})"
        assert made > 0, done
    shutil.rmtree(project)  # 1,500 files a case: not kept for pytest's last three runs


def test_the_table_covers_every_field_of_every_type():
    """Derived from the schema: a field or a type added there is edited here."""
    pristine = E.Content(FIXTURE)
    steps = [step for case in CASES for step in case.steps]
    fields = {(pristine.item(step[1]).type, step[2]) for step in steps
              if step[0] == "edit_field"}
    assert fields == {(t, f.name) for t in schema.TYPES for f in schema.fields_for(t)}
    bodies = {(pristine.item(step[1]).type, step[2]) for step in steps
              if step[0] == "edit_body"}
    assert bodies == {(t, lang) for t in schema.TYPES for lang in E.LANGS}
    labels = {step[1] for step in steps if step[0] == "edit_label"}
    assert labels == {p.stem for p in (FIXTURE / "_data").glob("*.toml")}
