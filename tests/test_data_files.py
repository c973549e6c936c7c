"""Data files (content/_data/*.toml) are checked like content files: every key of every row
against the declaration in content_model/data_schema.py, with `file:line: key: what is wrong —
what to do` at the line of the key itself and a stable code.

The cases copy the multilingual fixture site, change one thing in one data file, build into an
output/ that holds a previous site, and assert the whole report, exit code 1 and output/ byte
for byte unchanged (as tests/test_bad_content.py does). A named pipe is built and checked in
child processes with a time limit: reading one would wait forever. A Hypothesis property writes
hostile data files (random keys, types and text with control and direction characters) for
every data file and asserts that whatever is wrong is reported, located and coded, and that no
text that reaches a page holds a character that is not text.

Line numbers refer to the fixture's data files: key-figures.toml has `[jaren]` on line 1, then
value (2), nl (3), fr (4), en (5), source (6); sources.toml has `[ams-2021]` on line 5, then
reference (6), year (7); `[vereecken-loopbaanbegeleiding]` is on line 19, its reference on 20;
regions.toml has `[vlaanderen]` on line 4 (slug.fr 8, general 10) and `[gent]` on line 12
(nl 13, fr 14, en 15); dimensions.toml has `[duration]` on line 5 (field 6, nl 7) and
`[duration.values.tijdelijk]` on line 10.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_model import Problem
from content_model import text as chars
from content_model.taxonomy import KEY_RE, load_taxonomies
from tests.support import ROOT, SITES, build_in_child, tree_digest
from tests.test_bad_content import case, change, errors, previous_site, run_case, write

BASE = SITES / "multilingual" / "content"
DATA = BASE / "_data"
LANGS = ["nl", "fr", "en"]
FIGURES = "_data/key-figures.toml"
SOURCES = "_data/sources.toml"
REGIONS = "_data/regions.toml"
DIMENSIONS = "_data/dimensions.toml"
DELETE = ("delete it (retype the text around it if you cannot see it); it often comes with text "
          "pasted from a PDF, a word processor or a chat")

CASES = [
    case("key-figure-with-an-unknown-source",
         change(FIGURES, 'source = "vov-webinar-2022"', 'source = "vov-webinar-2023"'),
         expect=errors(
             "content/_data/key-figures.toml:6: jaren.source: `vov-webinar-2023` is not a key of "
             "sources.toml — did you mean `vov-webinar-2022`? keys there: ams-2021, "
             "vov-webinar-2022, vereecken-loopbaanbegeleiding, werkschakelpunt-gent-interview, "
             "obelisk-loopbaangesprekken")),
    case("key-figure-missing-a-language-label",
         change(FIGURES, 'en = "years in the same job"\n', ""), expect=errors(
             'content/_data/key-figures.toml:1: jaren.en: is missing — add `en = "..."` under '
             "`[jaren]`")),
    case("key-figure-without-a-source",
         change(FIGURES, 'source = "vov-webinar-2022"\n', ""), expect=errors(
             'content/_data/key-figures.toml:1: jaren.source: is missing — add `source = '
             '"ams-2021"` under `[jaren]`')),
    case("key-figure-with-a-misspelt-key",
         change(FIGURES, "source =", "sorce ="), expect=errors(
             "content/_data/key-figures.toml:6: jaren.sorce: is not a known key — did you mean "
             "`source`? keys of a key figure: value, nl, fr, en, source")),
    case("key-figure-with-a-number-for-its-value",
         change(FIGURES, 'value = "11"', "value = 11"), expect=errors(
             "content/_data/key-figures.toml:2: jaren.value: is the number `11`, expected text — "
             'write it between quotes: `value = "11"`')),
    case("source-year-that-is-not-a-number",
         change(SOURCES, "year = 2021", 'year = "twee"'), expect=errors(
             'content/_data/sources.toml:7: ams-2021.year: is text `"twee"`, expected a whole '
             "number — write a number without quotes, e.g. `year = 2021`")),
    case("source-year-out-of-range",
         change(SOURCES, "year = 2021", "year = 20211"), expect=errors(
             "content/_data/sources.toml:7: ams-2021.year: `20211` is not between 1800 and 2100 "
             "— write the year the document appeared, e.g. `year = 2021`")),
    case("source-without-a-reference",
         change(SOURCES, 'reference = "Vereecken, H. Artikel over onderzoek naar '
                'loopbaanbegeleiding in een bedrijfscontext door Vlerick Leuven Gent Management '
                'School, KU Leuven en Lessius Hogeschool, met uitspraken van Anneleen Forrier, '
                'Ans De Vos en Nele Soens."\n', ""), expect=errors(
             "content/_data/sources.toml:19: vereecken-loopbaanbegeleiding.reference: is "
             'missing — add `reference = "Auteur, A. (2021). Titel. Uitgever."` under '
             "`[vereecken-loopbaanbegeleiding]`")),
    case("label-with-a-right-to-left-override",
         change(REGIONS, 'en = "Ghent"', 'en = "Gh\u202eent"'), expect=errors(
             "content/_data/regions.toml:15: gent.en: U+202E (RIGHT-TO-LEFT OVERRIDE) at column "
             f"9 is an invisible or direction-changing character — {DELETE}")),
    case("label-with-a-bell-written-as-an-escape",
         change(REGIONS, 'en = "Ghent"', 'en = "Gh\\u0007ent"'), expect=errors(
             "content/_data/regions.toml:15: gent.en: U+0007 (BELL) at column 9 is a control "
             f"character — {DELETE}")),
    case("label-with-a-bell-as-it-is",
         change(REGIONS, 'en = "Ghent"', 'en = "Gh\u0007ent"'), expect=errors(
             "content/_data/regions.toml:15: U+0007 (BELL) at column 9 is a control character — "
             f"{DELETE}")),
    case("general-that-is-text",
         change(REGIONS, "general = true", 'general = "ja"'), expect=errors(
             'content/_data/regions.toml:10: vlaanderen.general: is text `"ja"`, expected `true` '
             "or `false` — write `general = true` or leave the line out")),
    case("address-part-in-a-language-the-portal-does-not-have",
         change(REGIONS, 'slug.fr = "flandre"', 'slug.fr = "flandre"\nslug.de = "flandern"'),
         expect=errors(
             "content/_data/regions.toml:9: vlaanderen.slug.de: `de` is not a language of the "
             "portal — write `slug.<lang>` for one of: nl, fr, en")),
    case("dimension-whose-field-is-no-header-field",
         change(DIMENSIONS, 'field = "Duration"', 'field = "Duur"'), expect=errors(
             "content/_data/dimensions.toml:6: duration.field: `Duur` is not a header field that "
             "holds values — fields: Audiences, Sectors, Regions, Sources, Duration, Approach, "
             "Focus, Parties, Support, Target-Groups, Level, Kind")),
    case("dimension-value-with-an-unknown-key",
         change(DIMENSIONS, '  nl = "Tijdelijk"\n', '  nl = "Tijdelijk"\n  uitleg = "Kort"\n'),
         expect=errors(
             "content/_data/dimensions.toml:12: duration.values.tijdelijk.uitleg: is not a known "
             "key — keys of a value: nl, fr, en, slug.nl, slug.fr, slug.en, general")),
    case("data-file-over-the-size-limit",
         write(REGIONS, (DATA / "regions.toml").read_text("utf-8") + "# " + "x" * 300_000 + "\n"),
         expect=errors(
             "content/_data/regions.toml: the file is 293 KiB; the limit is 256 KiB — a data "
             "file holds keys and short labels: remove what does not belong there")),
    case("data-file-the-portal-does-not-know",
         write("_data/key-figure.toml", '[jaren]\nvalue = "11"\n'), expect=errors(
             "content/_data/key-figure.toml: is not a data file of the portal — did you mean "
             "`key-figures.toml`? rename it to one of: audiences.toml, sectors.toml, "
             "regions.toml, levels.toml, parties.toml, target-groups.toml, story-kinds.toml, "
             "sources.toml, dimensions.toml, key-figures.toml, sector-evidence.toml, "
             "glossary.toml, terminology.toml, organisations.toml, or delete it")),
]


@pytest.mark.parametrize("test_case", CASES, ids=str)
def test_a_bad_data_file_is_refused_with_its_message(test_case, tmp_path):
    code, lines, out, before = run_case(tmp_path, test_case)
    assert lines == test_case.expect + ["Nothing was published: TMP/output is unchanged."]
    assert code == 1
    assert tree_digest(out) == before


# -- files that are not files: in child processes, with a time limit ----------------------------
def pipe(name: str) -> str:
    return (f"content/_data/{name}.toml: is a named pipe (FIFO), not a file — delete it: "
            "content/ holds files and folders only")


def test_a_named_pipe_as_a_data_file_is_reported_and_never_opened(tmp_path):
    """Reading a named pipe waits for a writer that never comes: the build reports it (once,
    as for any named pipe in content/) and stops, output/ unchanged."""
    shutil.copytree(BASE, tmp_path / "content")
    shutil.copy(BASE.parent / "addresses.tsv", tmp_path)
    (tmp_path / "content" / "_data" / "sectors.toml").unlink()
    os.mkfifo(tmp_path / "content" / "_data" / "sectors.toml")
    out = previous_site(tmp_path)
    before = tree_digest(out)
    code, text = build_in_child(tmp_path / "content", out)
    assert text.replace(str(tmp_path), "TMP").splitlines() == [
        pipe("sectors"), "1 error(s), 0 warning(s).",
        "Nothing was published: TMP/output is unchanged."]
    assert code == 1
    assert tree_digest(out) == before


def test_a_link_out_of_content_as_a_data_file_is_reported_and_not_read(tmp_path):
    """A data file that is a link to a file outside content/ (reader.discover reports it) is
    not read: its values are not the portal's."""
    shutil.copytree(BASE, tmp_path / "content")
    outside = tmp_path / "elders.toml"
    outside.write_text('[ergens]\nnl = "Ergens"\nfr = "Ailleurs"\nen = "Elsewhere"\n', "utf-8")
    data = tmp_path / "content" / "_data"
    (data / "levels.toml").unlink()
    (data / "levels.toml").symlink_to(outside)
    taxonomies, problems = load_taxonomies(data, LANGS, tmp_path)
    assert [p.format() for p in problems] == [
        "content/_data/levels.toml: is a link to a file outside content/ — copy the file into "
        "content/ instead of linking it"]
    assert taxonomies.keys("levels") == [] and "levels" in taxonomies.broken


def test_invoke_check_and_the_build_report_the_same_data_problems_and_do_not_hang(tmp_path):
    """`invoke check` (content_model.load) and the build (portal.loading.load) both go through
    load_taxonomies: the same lines for the data files, a named pipe among them."""
    from tests.authoring_project import invoke, make

    project = make(tmp_path, with_code=True)
    data = project / "content" / "_data"
    for old, new, name in (('source = "vov-webinar-2022"', 'sorce = "vov-webinar-2023"',
                            "key-figures"),
                           ("year = 2021", 'year = "twee"', "sources"),
                           ('en = "Ghent"', 'en = "Gh\u202eent"', "regions")):
        path = data / f"{name}.toml"
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    # levels.toml: a broken audiences, sectors or regions file makes `invoke check` fail
    # after the report (its authoring checks build the site's combinations of terms)
    (data / "levels.toml").unlink()
    os.mkfifo(data / "levels.toml")
    done = invoke(project, "check")  # `invoke check` in its own process, as authors run it
    code, checked = done.returncode, done.stdout + done.stderr
    assert code == 1, checked
    assert "Traceback" not in checked, checked
    code, built = build_in_child(project / "content", tmp_path / "output")
    assert code == 1, built

    def data_lines(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("content/_data/")]

    assert data_lines(checked) == data_lines(built) == [
        "content/_data/key-figures.toml:6: jaren.sorce: is not a known key — did you mean "
        "`source`? keys of a key figure: value, nl, fr, en, source",
        pipe("levels"),
        "content/_data/regions.toml:15: gent.en: U+202E (RIGHT-TO-LEFT OVERRIDE) at column 9 is "
        f"an invisible or direction-changing character — {DELETE}",
        'content/_data/sources.toml:7: ams-2021.year: is text `"twee"`, expected a whole number '
        "— write a number without quotes, e.g. `year = 2021`"]


# -- the schema: every data file, the real ones pass, the guide describes it --------------------
def test_every_data_file_has_a_schema_and_the_real_ones_follow_it():
    from content_model import data_schema

    for content in (ROOT / "content", BASE):
        names = {p.stem for p in (content / "_data").glob("*.toml")}
        assert names <= set(data_schema.BY_NAME), names - set(data_schema.BY_NAME)
        taxonomies, problems = load_taxonomies(content / "_data", LANGS, content.parent)
        assert [p.format() for p in problems] == []
        assert not taxonomies.broken


@pytest.mark.parametrize("guide", ["README.md", "writing.en.md"])
def test_the_authors_guide_describes_every_data_file_and_key(guide):
    from content_model import data_schema

    text = (ROOT / "docs" / "authors" / guide).read_text("utf-8")
    for spec in data_schema.FILES:
        assert f"`{spec.name}.toml`" in text, f"{guide}: {spec.name}.toml is not described"
        for key in spec.row.keys:
            if key.kind not in ("labels", "slugs"):
                assert f"`{key.name}`" in text, f"{guide}: `{key.name}` is not described"
    quoted = {"README.md": ("is geen bekende sleutel", "ontbreekt",  # the messages in Dutch
                            "maar er werd een geheel getal verwacht",
                            "is geen sleutel van sources.toml", "het maximum is 256 KiB"),
              "writing.en.md": ("is not a known key", "is missing", "expected a whole number",
                                "is not a key of sources.toml", "the limit is 256 KiB")}
    for code in quoted[guide]:
        assert code in text, f"{guide} does not explain `{code}`"


# -- hostile data files: a property ---------------------------------------------------------------
settings.register_profile("data-ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("data-explore", database=None, deadline=None, max_examples=20_000,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = "data-explore" if os.environ.get("OVERSTAP_FUZZ") == "explore" else "data-ci"
FILES = sorted(p.stem for p in DATA.glob("*.toml"))
CODE_RE = re.compile(r"^[a-z]+(-[a-z]+)*$")
#: Codes of problems about one key: reported at the line where the key is written.
AT_THE_KEY = {"data-unknown-key", "data-wrong-type", "data-empty-value", "data-too-long",
              "data-out-of-range", "data-unknown-reference", "data-bad-slug",
              "data-conflicting-keys", "control-character", "invisible-character",
              "not-text-character"}
#: Codes of problems about a row: reported at the line of its heading.
AT_THE_ROW = {"data-missing-key", "data-bad-key", "data-not-a-table"}


def toml_string(text: str, raw: bool) -> str:
    """A TOML basic string; control characters escaped, or (raw) left as they are, which TOML
    refuses (a syntax error, reported as the character)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif (ord(char) < 0x20 or char == "\x7f") and not (raw and char not in "\n\r"):
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key, False)


HOSTILE_TEXT = st.one_of(
    st.text(max_size=24),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Co", "Zl", "Zp", "Zs", "Ll"]),
            max_size=12),
    st.sampled_from(["", " ", "Gent", "ams-2021", "vov-webinar-2022", "parties", "Duration",
                     "Focus", "x" * 250, "Gh\u202eent", "\u200bzorg", "a\u0007b", "\ufeff"]))
#: Keys a row may hold (three times in four) or anything.
KEYS = st.integers(0, 3).flatmap(lambda n: st.sampled_from(
    ["nl", "fr", "en", "slug", "general", "reference", "year", "value", "source", "field",
     "values", "values_from", "sorce", "Nl", "description", "de"]) if n else
    st.text(st.characters(codec="utf-8", exclude_characters=".\n\r"), min_size=1, max_size=8))
ROW_NAMES = st.one_of(st.sampled_from(["gent", "zorg", "a", "Gent", "a b", "jaren", "duration"]),
                      st.text(st.characters(codec="utf-8", exclude_characters=".\n\r"),
                              min_size=1, max_size=8))
SCALARS = st.one_of(HOSTILE_TEXT, st.integers(-10**6, 10**6), st.booleans(),
                    st.floats(allow_nan=False, allow_infinity=False), st.dates(),
                    st.lists(st.integers(0, 9), max_size=3))
#: Text (one value in two), other scalars, or a table (`slug.fr = ...`).
VALUES = st.integers(0, 3).flatmap(lambda n: HOSTILE_TEXT if n < 2 else SCALARS if n == 2 else
                                   st.dictionaries(st.sampled_from(LANGS + ["de", "x"]),
                                                   SCALARS, max_size=3))
ROW = st.dictionaries(KEYS, VALUES, max_size=6)
SUBROWS = st.dictionaries(ROW_NAMES, ROW, max_size=3)


@st.composite
def data_file(draw):
    """(TOML text, where each key was written: dotted path -> line). Rows are tables,
    except a few plain values at the top (a row that is not a table); dimensions may hold
    `[row.values.key]` tables."""
    raw = draw(st.booleans()) and draw(st.integers(0, 9)) == 0  # now and then: raw controls
    lines: list[str] = []
    where: dict[str, int] = {}

    def put(path: tuple[str, ...], text: str) -> None:
        lines.append(text)
        where.setdefault(".".join(path), len(lines))

    def scalar(value) -> str:
        if isinstance(value, str):
            return toml_string(value, raw)
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, list):
            return "[" + ", ".join(map(str, value)) + "]"
        return str(value) if not isinstance(value, float) else repr(value)

    def keys(path: tuple[str, ...], row: dict) -> None:
        for key, value in row.items():
            if isinstance(value, dict):
                for sub, inner in value.items():
                    put(path + (key, sub), f"{toml_key(key)}.{toml_key(sub)} = {scalar(inner)}")
            else:
                put(path + (key,), f"{toml_key(key)} = {scalar(value)}")

    rows = draw(st.dictionaries(ROW_NAMES, ROW, min_size=1, max_size=4))
    for key, value in draw(st.dictionaries(ROW_NAMES, SCALARS, max_size=2)).items():
        if key not in rows:  # else TOML refuses the file (a syntax error: tested enough)
            put((key,), f"{toml_key(key)} = {scalar(value)}")
    for name, row in rows.items():
        row = {k: v for k, v in row.items() if k != "values"}
        put((name,), f"[{toml_key(name)}]")
        keys((name,), row)
        if draw(st.booleans()):
            for sub, inner in draw(SUBROWS).items():
                put((name, "values", sub), f"[{toml_key(name)}.values.{toml_key(sub)}]")
                keys((name, "values", sub), inner)
    return "\n".join(lines) + "\n", where


class Scratch:
    """A project folder with the fixture's data files, reused across examples."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="data-files-"))
        self.data = self.root / "content" / "_data"
        shutil.copytree(DATA, self.data)


SCRATCH = Scratch()
atexit.register(shutil.rmtree, SCRATCH.root, True)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(key)
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


@settings(settings.get_profile(PROFILE), max_examples=20 * 300 if PROFILE == "data-explore"
          else 300)
@given(st.sampled_from(FILES), data_file())
def test_hostile_data_files_are_reported_with_path_line_and_code(name, generated):
    text, where = generated
    path = SCRATCH.data / f"{name}.toml"
    path.write_text(text, "utf-8", newline="\n")
    try:
        taxonomies, problems = load_taxonomies(SCRATCH.data, LANGS, SCRATCH.root)
    finally:
        shutil.copyfile(DATA / f"{name}.toml", path)
    rel = f"content/_data/{name}.toml"
    figures = (DATA / "key-figures.toml").read_text("utf-8")
    sizes = {"content/_data/key-figures.toml": len(figures.split("\n")),
             rel: len(text.split("\n"))}
    try:
        valid = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        valid = None
    for problem in problems:
        assert isinstance(problem, Problem)
        # the file, or key figures naming a source that the new sources.toml lacks
        assert problem.path in sizes, problem
        assert 1 <= problem.line <= sizes[problem.path], problem
        assert CODE_RE.match(problem.code), problem
        assert problem.severity == "error" and problem.message.strip() and problem.hint.strip()
        formatted = problem.format()
        assert formatted.isprintable(), formatted
        assert formatted.startswith(f"{problem.path}:{problem.line}: ")
        if problem.path != rel or valid is None:
            continue
        if problem.code in AT_THE_KEY and problem.field in where:
            assert problem.line == where[problem.field], (problem, text)
        if problem.code in AT_THE_ROW:
            row = problem.field.rsplit(".", 1)[0] if problem.code == "data-missing-key" \
                else problem.field
            if row in where:
                assert problem.line == where[row], (problem, text)
    if valid is None:
        assert any(p.path == rel for p in problems), text  # a syntax error is reported
        return
    mine = [p for p in problems if p.path == rel]
    if not mine:  # nothing reported: whatever reaches a page is printable text
        for taxonomy, terms in taxonomies.terms.items():
            for term in terms.values():
                for value in _strings([term.labels, term.extra, term.slugs]):
                    assert chars.first_refused(value) is None, (taxonomy, term)
        for value in _strings([d.labels for d in taxonomies.dimensions]):
            assert chars.first_refused(value) is None
        for value in _strings(taxonomies.data):
            assert chars.first_refused(value) is None
    for taxonomy, terms in taxonomies.terms.items():
        if taxonomy not in taxonomies.broken:
            assert all(KEY_RE.match(key) for key in terms), (taxonomy, list(terms))
