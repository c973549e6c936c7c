"""Random sequences of edits: after every step, the build on top of the last one equals a
clean build, byte for byte; and the preview's fast path gives the pages a full build gives.

A Hypothesis state machine edits a copy of the fixture site (tests/fixtures/sites/
multilingual) with its own copy of the theme (the build's THEME points at it): header fields
of any item in any language (tests/site_edits.py: values derived from the content model),
an address (Slug), a language, a content type, a hub's taxonomy, bodies, items and
translations added and removed, items renamed (their file in every language folder), taxonomy
labels in content/_data/, a template and a catalog (.po) of the theme. After each step it
builds on top of the last build and compares the whole output with a clean build of the same
content and theme.

Profiles (chosen with OVERSTAP_HYPOTHESIS; the names are this file's own, so the profiles of
tests/test_fuzz.py are not touched):

- `sequences.ci` (the default, `make test`): a few short sequences, derandomised: the same
  ones on every run;
- `sequences.explore` (OVERSTAP_HYPOTHESIS=explore): 100 sequences of up to 50 steps, fresh
  random ones each run (hours on two cores); OVERSTAP_SEQUENCES sets another number of
  sequences. The run must take at least 10 steps per sequence on average (a machine whose
  rules are mostly not applicable would pass while testing little), and prints how many it
  took.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from content_model import ContentErrors, schema
from tests import site_edits as E
from tests.support import FIXTURE_DATE, ROOT, SITES, tree_digest

pytestmark = pytest.mark.slow  # builds many sites: not in `invoke test --fast`

_COMMON = {"deadline": None, "database": None, "print_blob": False,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much,
                                     HealthCheck.large_base_example]}
settings.register_profile("sequences.ci", max_examples=2, stateful_step_count=3,
                          derandomize=True, phases=[Phase.explicit, Phase.generate],
                          **_COMMON)
settings.register_profile("sequences.explore",
                          max_examples=int(os.environ.get("OVERSTAP_SEQUENCES", "100")),
                          stateful_step_count=50,
                          derandomize=False, **_COMMON)
EXPLORE = os.environ.get("OVERSTAP_HYPOTHESIS") == "explore"
PROFILE = settings.get_profile("sequences.explore" if EXPLORE else "sequences.ci")
#: The explore profile's floor: steps per sequence, on average.
MIN_STEPS_PER_SEQUENCE = 10
#: Fields whose change moves the item (another address, language, type or hub).
MOVES = ("slug", "lang", "type")
CLOSING = re.compile(r"</(?:p|h1|h2|footer|main|li|dd|nav)>")
MSGSTR = re.compile(r'^msgstr "([^"%]+)"$', re.M)


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The fixture site's content and a copy of the theme, built once, at `work` (the path
    every sequence works at: the theme's place is part of what a build is made with); kept
    in `pristine`, from where every sequence starts again."""
    base = tmp_path_factory.mktemp("sequences")
    work, pristine = base / "work", base / "pristine"
    shutil.copytree(SITES / "multilingual" / "content", work / "content")
    shutil.copytree(ROOT / "theme", work / "theme", ignore=shutil.ignore_patterns("*.mo"))
    E.build_ok(work / "content", work / "output", THEME=str(work / "theme"))
    shutil.copytree(work, pristine, symlinks=True)
    return work, pristine


class EditSequences(RuleBasedStateMachine):
    """Random edits; after each, the build on top of the last one equals a clean build."""

    work: Path
    pristine: Path
    sequences = 0  # counted over the whole run
    total_steps = 0

    def __init__(self):
        super().__init__()
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.copytree(self.pristine, self.work, symlinks=True)  # modification times kept
        self.content = E.Content(self.work / "content")
        self.theme = self.work / "theme"
        self.steps = 0
        EditSequences.sequences += 1

    def teardown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------------------
    def _pick(self, data):
        return lambda options: data.draw(st.sampled_from(list(options)))

    def _check(self, done: str) -> None:
        """Build on top of the last build; compare with a clean build."""
        self.steps += 1
        EditSequences.total_steps += 1
        note(f"step {self.steps}: {done}")
        made, kept = E.incremental_equals_clean(self.work / "content", self.work / "output",
                                                self.work.parent / "clean",
                                                THEME=str(self.theme))
        note(f"  {made} files made, {kept} kept")

    def _salt(self) -> str:
        return str(self.steps + 1)

    def _item(self, pick, *, moves=False):
        """An item (drawn by its path, which reads well in a report); with `moves`, not a
        home or sources page (those keep their place)."""
        items = {i.path: i for i in self.content.items
                 if not moves or i.meta.get("template") not in ("home", "sources")}
        return items[pick(sorted(items))]

    # -- rules ---------------------------------------------------------------------------------
    @rule(data=st.data())
    def edit_a_field(self, data):
        pick, salt = self._pick(data), self._salt()
        item = self._item(pick)
        name = pick([f.name for f in schema.fields_for(item.type)
                     if f.kind not in MOVES and f.name != "Taxonomy"])
        try:
            done = E.edit_field(self.content, item.meta["slug"], name, item.lang, pick, salt)
        except E.NotApplicable:
            return
        self._check(done)

    @rule(data=st.data())
    def move_an_item(self, data):
        """A new Slug, another language, another content type, another level of the funnel."""
        pick, salt = self._pick(data), self._salt()
        item = self._item(pick, moves=True)
        fields = [f.name for f in schema.fields_for(item.type)
                  if f.kind in MOVES or f.name == "Taxonomy"]
        try:
            done = E.edit_field(self.content, item.meta["slug"], pick(fields), item.lang,
                                pick, salt)
        except E.NotApplicable:
            return
        self._check(done)

    @rule(data=st.data())
    def edit_a_body(self, data):
        item = self._item(self._pick(data))
        self._check(E.edit_body(self.content, item.meta["slug"], item.lang, self._salt()))

    @rule(data=st.data())
    def add_an_item(self, data):
        pick, salt = self._pick(data), self._salt()
        like = pick([s for s in self.content.names(published=False)
                     if self.content.item(s).type != "hub"
                     and self.content.item(s).meta.get("template") not in ("home", "sources")])
        langs = pick([("nl",), tuple(self.content.files(like))])
        self._check(E.add_item(self.content, like, f"nieuw-{salt}", langs))

    @rule(data=st.data())
    def add_a_translation(self, data):
        pick = self._pick(data)
        options = [(s, lang) for s in self.content.names(published=False)
                   for lang in E.LANGS if lang not in self.content.files(s)]
        if options:
            self._check(E.add_translation(self.content, *pick(options)))

    @rule(data=st.data())
    def remove_a_file(self, data):
        """A translation, or an item in every language (never the last measure, which the
        cases need, nor a home page)."""
        pick = self._pick(data)
        item = self._item(pick, moves=True)
        if item.lang == E.DEFAULT_LANG and item.type == "measure" and \
                len(self.content.names(("measure",))) < 2:
            return
        self._check(E.remove_file(self.content, item.meta["slug"], item.lang))

    @rule(data=st.data())
    def rename_an_item(self, data):
        """Its file, in every language folder (references follow)."""
        pick, salt = self._pick(data), self._salt()
        item = self._item(pick, moves=True)
        name = item.meta["slug"]
        self._check(E.rename_item(self.content, name, f"{name}-{salt}"))

    @rule(data=st.data())
    def change_a_label(self, data):
        pick, salt = self._pick(data), self._salt()
        name = pick(sorted(p.stem for p in (self.content.folder / "_data").glob("*.toml")))
        self._check(E.edit_label(self.content, name, pick, salt))

    @rule(data=st.data())
    def change_a_template(self, data):
        self._check(change_template(self.theme, self._pick(data), self._salt()))

    @rule(data=st.data())
    def change_a_catalog(self, data):
        self._check(change_catalog(self.theme, self._pick(data), self._salt()))


def change_template(theme: Path, pick: E.Pick, salt: str, name: str | None = None) -> str:
    """A comment written into a template of the theme (`name`, or one drawn), before a
    closing tag."""
    templates = sorted(p for p in (theme / "templates").rglob("*.html")
                       if CLOSING.search(p.read_text("utf-8")))
    path = theme / "templates" / name if name else pick(templates)
    text = path.read_text("utf-8")
    spot = pick([m.start() for m in CLOSING.finditer(text)])
    path.write_text(f"{text[:spot]}<!-- edit {salt} -->{text[spot:]}", "utf-8")
    return f"template {path.relative_to(theme)}"


def change_catalog(theme: Path, pick: E.Pick, salt: str) -> str:
    """A translation changed in a catalog of the theme (the build compiles it again)."""
    path = pick(sorted(theme.glob("translations/*/LC_MESSAGES/messages.po")))
    text = path.read_text("utf-8")
    found = pick(list(MSGSTR.finditer(text)))
    path.write_text(f"{text[:found.start(1)]}{found[1]} ({salt}){text[found.end(1):]}",
                    "utf-8")
    return f"catalog {path.relative_to(theme)}: {found[1]!r}"


def test_every_step_of_a_random_sequence_equals_a_clean_build(first_build):
    EditSequences.work, EditSequences.pristine = first_build
    EditSequences.sequences = EditSequences.total_steps = 0
    run_state_machine_as_test(EditSequences, settings=PROFILE)
    done = EditSequences.sequences, EditSequences.total_steps
    print(f"\nedit sequences: {done[0]} sequences, {done[1]} steps built and compared")
    if EXPLORE:
        assert done[1] >= MIN_STEPS_PER_SEQUENCE * done[0], \
            f"{done[1]} steps in {done[0]} sequences: fewer than {MIN_STEPS_PER_SEQUENCE} each"


def test_a_template_then_a_catalog_changed(first_build):
    """The theme's two kinds of input, in every run (the random sequences above may not
    draw them): each change built on the last build equals a clean build."""
    work, pristine = first_build
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work, symlinks=True)
    theme = work / "theme"
    try:
        change_template(theme, E.first, "1", "base.html")
        E.incremental_equals_clean(work / "content", work / "output", work.parent / "clean",
                                   THEME=str(theme))
        change_catalog(theme, E.first, "2")
        E.incremental_equals_clean(work / "content", work / "output", work.parent / "clean",
                                   THEME=str(theme))
        assert "<!-- edit 1 --></main>" in (work / "output" / "nl" / "index.html").read_text(
            "utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- the preview's fast path (`make serve`) ----------------------------------------------------
PREVIEW_EDITS = [  # (what, site_edits function, its arguments after the content)
    ("a Summary, shown in every list", "edit_field", "loopbaanbegeleiding", "Summary", "nl"),
    ("a shared field in every language: related items, shown both ways", "edit_field",
     "een-verhaal", "Related", None),
    ("the body of a hub", "edit_body", "sector-zorg", "fr"),
]


def _pages(folder: Path) -> dict[str, str]:
    """The pages the fast path keeps up to date: the portal's pages and the editors'
    status (as tests/test_authoring_incremental.py)."""
    return {k: v for k, v in tree_digest(folder).items()
            if k.endswith(".html") and "/embed/" not in k or "redactie" in k}


def test_the_preview_s_fast_path_gives_the_pages_of_a_full_build(tmp_path, monkeypatch):
    """One preview, edited again and again: after each edit (re-read alone, its pages and
    then the pages that show it rewritten) its pages equal those of a new full build."""
    from portal.devserver import Preview
    from portal.incremental import NeedsFullBuild

    monkeypatch.setenv("OVERSTAP_BUILD_DATE", FIXTURE_DATE)
    project = tmp_path / "project"
    shutil.copytree(SITES / "multilingual" / "content", project / "content")
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, project / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    preview = Preview(project)
    assert preview.build()
    content = E.Content(project / "content")
    for number, (what, function, *args) in enumerate(PREVIEW_EDITS):
        before = tree_digest(content.folder)
        getattr(E, function)(content, *args)
        after = tree_digest(content.folder)
        changed = sorted(content.folder / rel for rel in after if before.get(rel) != after[rel])
        try:
            update = preview.live.update(changed)
        except (NeedsFullBuild, ContentErrors) as exc:
            pytest.fail(f"{what}: the fast path refused it: {exc}")
        preview.live.finish(update)
        fresh = Preview(project)
        fresh.folder = fresh.live.folder = tmp_path / f"fresh-{number}"
        assert fresh.build()
        mine, full = _pages(preview.folder), _pages(fresh.folder)
        differ = sorted(k for k in full.keys() | mine.keys() if mine.get(k) != full.get(k))
        assert not differ, f"{what}: {len(differ)} pages differ from a full build: {differ[:8]}"
