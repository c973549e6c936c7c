"""Hostile and broken input, by kind: each kind is generated over its whole class (every
refused Unicode category, every bound of the Markdown converter, every way browsers read an
address), not by the examples someone happened to think of.

For every refused case: `invoke check` (editorial.checks.check_all, in this process) reports
the expected problem codes at the expected lines; the build reports exactly the same errors,
exits 1 and leaves output/ byte for byte as it was; no report holds a character that is not
printable (a terminal escape, a direction override). What must work builds.

The oracles are independent of the code under test: characters are classified here with
`unicodedata` categories written out by hand, lines are counted in the base files (see
tests/test_bad_content.py for their layout), and addresses are checked against what the
WHATWG standard says browsers do, spelled out case by case.
"""

from __future__ import annotations

import os
import shutil
import signal
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import ROOT, SITES, build, tree_digest

BASE = SITES / "multilingual" / "content"
MEASURE = "measures/nl/loopbaanbegeleiding.md"  # 1 Title ... 7 Summary ... 22 text
TITLE = "Title: Loopbaanbegeleiding"
SUMMARY = "Summary: Een coach helpt je je talenten en je volgende stap te zien."
TEXT = "Een loopbaancoach luistert en helpt je kiezen."
END = None  # the line after the last line of the base file (an appended block starts there)

Op = Callable[[Path], None]


# -- what a case does --------------------------------------------------------------------------
def replace_in(rel: str, old: str, new: str) -> Op:
    def apply(content: Path) -> None:
        path = content / rel
        text = path.read_text("utf-8")
        assert text.count(old) == 1, f"{rel}: {old!r}"
        path.write_text(text.replace(old, new), "utf-8")
    return apply


def append(rel: str, block: str) -> Op:
    """A block appended after a blank line; it starts on the line `appended_line(rel)`."""
    def apply(content: Path) -> None:
        path = content / rel
        path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + block, "utf-8")
    return apply


def appended_line(rel: str) -> int:
    return len((BASE / rel).read_text("utf-8").rstrip("\n").split("\n")) + 2


def in_every_language(rel_nl: str, old: str, new: str) -> Op:
    def apply(content: Path) -> None:
        for lang in ("nl", "fr", "en"):
            replace_in(rel_nl.replace("/nl/", f"/{lang}/"), old, new)(content)
    return apply


def write(rel: str, data: str | bytes) -> Op:
    def apply(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


@dataclass(frozen=True)
class Case:
    name: str
    op: Op
    expect: tuple[tuple[str, int, str], ...]  # (path under content/, line, code)

    def __str__(self) -> str:
        return self.name


def case(name: str, op: Op, *expect: tuple[str, int, str]) -> Case:
    return Case(name, op, tuple(expect))


# -- characters, by Unicode category ------------------------------------------------------------
#: One character of every refused kind (the category is asserted below, so the table cannot
#: drift from its claim).
REFUSED = {
    "U+0000": ("\x00", "Cc", "control-character"), "U+0007": ("\x07", "Cc", "control-character"),
    "U+001B": ("\x1b", "Cc", "control-character"), "U+007F": ("\x7f", "Cc", "control-character"),
    "U+0085": ("\x85", "Cc", "control-character"), "U+009B": ("\x9b", "Cc", "control-character"),
    "U+200B": ("\u200b", "Cf", "invisible-character"),
    "U+200E": ("\u200e", "Cf", "invisible-character"),
    "U+202E": ("\u202e", "Cf", "invisible-character"),
    "U+2066": ("\u2066", "Cf", "invisible-character"),
    "U+2060": ("\u2060", "Cf", "invisible-character"),
    "U+FEFF": ("\ufeff", "Cf", "invisible-character"),
    "U+E0041": ("\U000e0041", "Cf", "invisible-character"),
    "U+2028": ("\u2028", "Zl", "invisible-character"),
    "U+2029": ("\u2029", "Zp", "invisible-character"),
    "U+E000": ("\ue000", "Co", "not-text-character"),
    "U+FFFE": ("\ufffe", "Cn", "not-text-character"),
    "U+FDD0": ("\ufdd0", "Cn", "not-text-character"),
}
#: Invisible characters writing needs: allowed in the text, refused in a header value.
BODY_ONLY = {"U+00AD": "\u00ad", "U+200C": "\u200c", "U+200D": "\u200d"}


def test_the_character_table_says_what_unicode_says():
    for name, (char, category, _) in REFUSED.items():
        assert unicodedata.category(char) == category, name
        assert f"U+{ord(char):04X}" == name
    for name, char in BODY_ONLY.items():
        assert unicodedata.category(char) == "Cf", name


#: Where a character is put: the Title (line 1), the Summary (line 7), the text (line 22),
#: in turn, so every kind is tried and every place sees several kinds.
PLACES = [
    lambda c: replace_in(MEASURE, TITLE, f"{TITLE} met{c}teken"),
    lambda c: replace_in(MEASURE, SUMMARY, f"Summary: Een{c} coach."),
    lambda c: replace_in(MEASURE, TEXT, f"Een{c} loopbaancoach."),
]
PLACE_LINES = (1, 7, 22)
CHARACTER_CASES = [
    *(case(f"{('title', 'summary', 'text')[n % 3]}-{name}", PLACES[n % 3](char),
           (MEASURE, PLACE_LINES[n % 3], code))
      for n, (name, (char, _, code)) in enumerate(REFUSED.items())),
    *(case(f"title-{name}-needed-only-in-text", replace_in(MEASURE, TITLE, f"{TITLE}{char}x"),
           (MEASURE, 1, "invisible-character")) for name, char in BODY_ONLY.items()),
    case("a-field-name-with-a-control-character",
         replace_in(MEASURE, "Provider: VDAB", "Prov\x1bider: VDAB"),
         (MEASURE, 20, "control-character"), (MEASURE, 20, "header-line"),
         (MEASURE, 1, "field-missing")),  # the line is not read as `Provider:`
]


# -- Markdown the converter cannot bear --------------------------------------------------------
#: Headings the base file has already (`## ` lines).
BASE_HEADINGS = sum(line.startswith("## ") for line in (BASE / MEASURE).read_text("utf-8")
                    .split("\n"))


def nested_list(depth: int) -> str:
    return "".join("    " * i + "- punt\n" for i in range(depth))


MARKDOWN_CASES = [
    case("lists-nested-17-deep", append(MEASURE, nested_list(17)),
         (MEASURE, appended_line(MEASURE) + 16, "markdown-nesting")),
    case("lists-nested-300-deep", append(MEASURE, nested_list(300)),
         (MEASURE, appended_line(MEASURE) + 16, "markdown-nesting")),
    case("quotes-nested-17-deep", append(MEASURE, ">" * 17 + " diep\n"),
         (MEASURE, appended_line(MEASURE), "markdown-nesting")),
    case("emphasis-nested-1000-deep", append(MEASURE, "*a " * 1000 + "x" + " a*" * 1000),
         (MEASURE, appended_line(MEASURE), "markdown-block")),
    case("brackets-5000", append(MEASURE, "[" * 5000 + "x" + "]" * 5000),
         (MEASURE, appended_line(MEASURE), "markdown-block")),
    case("html-openers-over-lines", append(MEASURE, "<a \n" * 401),
         (MEASURE, appended_line(MEASURE) + 400, "markdown-block")),
    case("markup-spread-over-many-paragraphs",
         append(MEASURE, "\n\n".join("[a]({ref}opleiding) " * 390 for _ in range(11))),
         (MEASURE, appended_line(MEASURE) + 2 * 10, "markdown-markers")),
    case("a-table-of-65-columns", append(MEASURE, "|" + "a|" * 65 + "\n|" + "-|" * 65),
         (MEASURE, appended_line(MEASURE), "markdown-columns")),
    case("301-headings", append(MEASURE, "".join(f"## Kop {n}\n\nTekst.\n\n"
                                                  for n in range(301 - BASE_HEADINGS))),
         (MEASURE, appended_line(MEASURE) + 4 * (300 - BASE_HEADINGS), "markdown-headings")),
]


# -- addresses, as browsers read them ------------------------------------------------------------
#: (what is written, what a browser does with it on a page of the portal, code)
IMAGE_ADDRESSES = [
    ("/\\evil.example/x.png", "`/\\` is read as `//`: another host", "image-other-site"),
    ("\\\\evil.example/x.png", "two backslashes: another host", "image-other-site"),
    ("//evil.example/x.png", "scheme-relative: another host", "image-other-site"),
    ("https:evil.example/x.png", "on an http page another host, on an https one a path",
     "url-invalid"),
    ("http:\\\\evil.example/x.png", "backslashes after the scheme: another host",
     "image-other-site"),
    ("https://portal.invalid@evil.example/x.png", "the host is after the @",
     "image-other-site"),
    (" \thttps://evil.example/x.png", "leading space and tab cut", "image-other-site"),
    ("HTTPS://EVIL.EXAMPLE/x.png", "scheme and host are case-insensitive", "image-other-site"),
    ("https://0x7f.1/x.png", "a host in hex: another host", "image-other-site"),
    ("/images/%2e%2e/nl/index.html", "`%2e%2e` is `..`", "url-climbs"),
    ("data:image/png;base64,iVBORw0KGgo=", "a data: address", "url-scheme"),
    ("java\nscript:alert(1)", "a line end inside the scheme is dropped", "url-scheme"),
]
LINK_ADDRESSES = [
    ("/\\evil.example/", "looks local, leads to another host", "url-disguised"),
    ("//evil.example/", "scheme-relative: another host", "url-disguised"),
    ("https://www.vdab.be@evil.example/", "the host is after the @", "url-disguised"),
    ("https:\\\\evil.example/", "backslashes: another host", "url-disguised"),
    ("https:evil.example/", "depends on the page's scheme: the link check's own words",
     "link-malformed"),
    ("javascript:alert(1)", "runs code", "url-scheme"),
    (" JaVaScRiPt:alert(1)", "scheme case-insensitive, leading space cut", "url-scheme"),
    ("vbscript:x", "runs code in old browsers", "url-scheme"),
    ("file:///etc/passwd", "a file of the reader's machine", "url-scheme"),
    ("https://[::1", "does not parse", "url-invalid"),
]
LINE = appended_line(MEASURE)
ADDRESS_CASES = [
    *(case(f"image-{n}-{why.split(':')[0].replace(' ', '-')[:30]}",
           append(MEASURE, f'<img alt="foto" src="{value}">'), (MEASURE, LINE, code))
      for n, (value, why, code) in enumerate(IMAGE_ADDRESSES)),
    *(case(f"link-{n}-{why.split(':')[0].replace(' ', '-')[:30]}",
           append(MEASURE, f'<a href="{value}">meer</a>'), (MEASURE, LINE, code))
      for n, (value, why, code) in enumerate(LINK_ADDRESSES)),
    case("markdown-image-with-backslash-host", append(MEASURE, "![foto](/\\evil.example/x.png)"),
         (MEASURE, LINE, "image-other-site")),
]

# -- HTML as a browser's parser builds it -------------------------------------------------------
HTML_CASES = [
    case("script-after-a-comment-ended-by-bang",
         append(MEASURE, "<!-- a --!><script>alert(1)</script> -->"), (MEASURE, LINE, "html")),
    case("handler-after-an-abruptly-closed-comment",
         append(MEASURE, '<!--><img alt="x" src="/x.png" onerror="alert(1)">-->'),
         (MEASURE, LINE, "html")),
    case("handler-on-an-svg-inside-a-paragraph",
         append(MEASURE, "<p><svg><g onload=alert(1)></g></svg></p>"),
         (MEASURE, LINE, "html"), (MEASURE, LINE, "html")),  # <svg> and <g>
]

# -- references, singletons and dates -------------------------------------------------------------
RELATION_CASES = [
    case("ref-that-climbs", append(MEASURE, "Zie [dit]({ref}../../etc/passwd)."),
         (MEASURE, LINE, "ref-malformed")),
    case("ref-with-nothing", append(MEASURE, "Zie [dit]({ref})."),
         (MEASURE, LINE, "ref-malformed")),
    case("ref-with-capitals", append(MEASURE, "Zie [dit]({ref}Opleiding)."),
         (MEASURE, LINE, "ref-malformed")),
    case("a-second-home-page",
         write("pages/nl/thuis.md", "Title: Thuis\nLang: nl\nType: page\nDate: 2026-11-01\n"
               "Summary: Nog een startpagina.\nTemplate: home\n\nTekst.\n"),
         ("pages/nl/thuis.md", 6, "duplicate-singleton")),
    case("expires-before-date",
         in_every_language(MEASURE, "Date: 2026-11-02", "Date: 2026-11-02\nExpires: 2026-11-01"),
         *((MEASURE.replace("/nl/", f"/{lang}/"), 6, "date-order") for lang in ("en", "fr", "nl"))),
    case("modified-before-date",
         in_every_language(MEASURE, "Modified: 2026-11-10", "Modified: 2026-10-01"),
         *((MEASURE.replace("/nl/", f"/{lang}/"), 6, "date-order") for lang in ("en", "fr", "nl"))),
]

# -- found by a red team that had not seen the code (each kind, not just its example) ---------
OVER = "pages/nl/over.md"  # 2 Slug, 5 Date, 9 the text
RED_TEAM_CASES = [
    case("attribute-list-replaces-a-link's-address",
         append(MEASURE, '[meer]({ref}opleiding){: href="//evil.example/" }'),
         (MEASURE, LINE, "attribute-list-address")),
    case("attribute-list-sets-an-image-source",
         append(MEASURE, '![foto](/images/x.png){: src="https://evil.example/x.png" }'),
         (MEASURE, LINE, "attribute-list-address"), (MEASURE, LINE, "image-other-site")),
    case("an-id-the-page-itself-uses", append(MEASURE, "Zin.\n{: #embed-code-1 }"),
         (MEASURE, LINE + 1, "id-reserved")),
    case("an-id-the-page-itself-uses-in-html", append(MEASURE, '<p id="main">Zin.</p>'),
         (MEASURE, LINE, "id-reserved")),
    case("markdown-escaped-backslashes-in-an-image",
         append(MEASURE, "![foto](\\\\evil.example\\x.png)"),
         (MEASURE, LINE, "image-not-in-images")),
    case("a-slug-longer-than-a-file-name-may-be",
         replace_in(OVER, "Slug: over", "Slug: " + "a" * 300), (OVER, 2, "slug-too-long")),
    case("a-page-with-the-address-of-the-feeds-folder",
         replace_in(OVER, "Slug: over", "Slug: feeds"), (OVER, 2, "address-taken")),
    case("a-year-typed-wrong", replace_in(OVER, "Date: 2026-11-01", "Date: 1026-11-01"),
         (OVER, 5, "date-out-of-range")),
    case("a-taxonomy-file-emptied", write("_data/regions.toml", "# leeg\n"),
         ("_data/regions.toml", 0, "data-no-values")),
    case("a-dutch-file-that-cannot-be-read", lambda content: (content / MEASURE).write_bytes(
        (content / MEASURE).read_text("utf-8").replace("Een", "\u00c9\u00e9n").encode("latin-1")),
         (MEASURE, 7, "not-utf8")),  # and no "no nl item" for its translations
    case("a-link-to-the-item-itself", append(MEASURE, "Zie [dit]({ref}loopbaanbegeleiding)."),
         (MEASURE, LINE, "ref-self")),
    case("a-content-file-that-is-not-markdown", write("cases/nl/nieuw.MD", "Title: Nieuw\n"),
         ("cases/nl/nieuw.MD", 0, "file-not-markdown")),
]

CASES = CHARACTER_CASES + MARKDOWN_CASES + ADDRESS_CASES + HTML_CASES + RELATION_CASES \
    + RED_TEAM_CASES
#: The cases also built (a build costs seconds): some of every kind. The others are checked
#: by `check_all`, which is what the build runs before it writes anything.
BUILT = {*CHARACTER_CASES[::6], *MARKDOWN_CASES[::3], *ADDRESS_CASES[::5], *HTML_CASES,
         *RELATION_CASES, *RED_TEAM_CASES}


@contextmanager
def no_hang(seconds: int):
    """A guard, not a measure: a hang fails the test instead of stalling the suite."""
    def stop(*_):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def checked(content: Path):
    """What `invoke check` reports for `content` (editorial.checks.check_all)."""
    import pelicanconf
    from editorial.checks import check_all

    settings = {k: getattr(pelicanconf, k) for k in dir(pelicanconf) if k.isupper()}
    settings.update(PATH=str(content), THEME=str(ROOT / "theme"), BUILD_DATE="2026-11-22")
    return check_all(content.parent, settings).problems


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A built site: every refused case's build goes into a copy of it."""
    out = tmp_path_factory.mktemp("previous") / "output"
    code, report = build(BASE, out)
    assert code == 0, report
    return out


def copy(tmp_path: Path, op: Op) -> Path:
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    op(content)
    return content


@pytest.mark.parametrize("test_case", CASES, ids=str)
def test_hostile_input_is_refused_by_check_and_build_alike(test_case, tmp_path, previous):
    content = copy(tmp_path, test_case.op)
    with no_hang(120):
        problems = checked(content)
    errors = sorted((p.path.removeprefix("content/"), p.line, p.code)
                    for p in problems if p.severity == "error")
    assert errors == sorted(test_case.expect), [p.format() for p in problems]
    assert all(p.code for p in problems), [p for p in problems if not p.code]
    if test_case not in BUILT:
        return
    out = tmp_path / "output"
    shutil.copytree(previous, out, symlinks=True)
    before = tree_digest(out)
    with no_hang(120):
        code, report = build(content, out)
    assert code == 1
    built = [line for line in report.splitlines() if line.startswith("content/")]
    assert built == [p.format() for p in sorted(problems) if p.severity == "error"]
    assert report.isprintable() or all(line.isprintable() for line in report.splitlines())
    assert "Traceback" not in report
    assert tree_digest(out) == before


# -- what must work -----------------------------------------------------------------------------
FINE = [
    case("invisible-characters-writing-needs-in-the-text",
         replace_in(MEASURE, TEXT, "Loop\u00adbaan\u00adcoach, 👩\u200d💻 en ZWNJ\u200c.")),
    case("non-breaking-and-narrow-spaces", replace_in(MEASURE, SUMMARY,
                                                     "Summary: 55\u00a0% van de 11\u202fjaar.")),
    case("tabs-in-the-text", replace_in(MEASURE, TEXT, "Een\tloopbaancoach.")),
    case("lists-nested-16-deep", append(MEASURE, nested_list(16))),
    case("quotes-nested-16-deep", append(MEASURE, ">" * 16 + " diep\n")),
    case("400-markers-in-a-paragraph", append(MEASURE, "[a]({ref}opleiding) " * 200
                                              + "*x* " * 100)),
    case("a-table-of-64-columns", append(MEASURE, "|" + "a|" * 63 + "\n|" + "-|" * 63)),
    case("300-headings", append(MEASURE, "".join(f"## Kop {n}\n\nTekst.\n\n"
                                                  for n in range(300 - BASE_HEADINGS)))),
    case("plain-links-elsewhere", append(MEASURE, "[VDAB](https://www.vdab.be/) en "
                                                  "[mail](mailto:info@vdab.be) en "
                                                  "[bel](tel:+3280030700).")),
    case("ref-with-a-fragment", append(MEASURE, "Zie [dit]({ref}opleiding#wat-is-het).")),
    case("ref-named-in-a-sentence", append(MEASURE, "Met `{ref}` link je naar een item.")),
    case("a-heading-named-like-the-page's-main-text", append(MEASURE, "## Main\n\nTekst.")),
    case("a-64-column-table-with-outer-pipes",
         append(MEASURE, "|" + "a|" * 64 + "\n|" + "-|" * 64)),
    case("300-horizontal-rules", append(MEASURE, "\n\n".join(["Tekst.\n\n---"] * 300))),
    case("a-ref-in-code", append(MEASURE, "```\n[x]({ref}bestaat-niet)\n```\n\n`{ref}nee`")),
    case("editors-files-beside-the-content", lambda content: [
        (content / "measures/nl/.#loopbaanbegeleiding.md").symlink_to("user@host.4242"),
        (content / "measures/nl/loopbaanbegeleiding.md~").write_text("oud\x07", "utf-8"),
        (content / "measures/nl/.loopbaanbegeleiding.md.swp").write_bytes(b"\x00\xff"),
        (content / "measures/nl/#opleiding.md#").write_text("Title:", "utf-8"),
        (content / "measures/nl/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1"),
        (content / "measures/nl/Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0"),
        (content / ".git").mkdir(), (content / ".git/HEAD").write_text("ref: x", "utf-8")]),
]


@pytest.mark.parametrize("test_case", FINE, ids=str)
def test_what_must_work_builds(test_case, tmp_path):
    content = copy(tmp_path, test_case.op)
    with no_hang(180):
        errors = [p.format() for p in checked(content) if p.severity == "error"]
        assert not errors, errors
        code, report = build(content, tmp_path / "output")
    assert code == 0, report


def test_editors_files_change_nothing(tmp_path):
    """Hidden, temporary and backup files are ignored: the site is the one built without
    them, byte for byte."""
    plain = tmp_path / "plain"
    shutil.copytree(BASE, plain / "content")
    code, report = build(plain / "content", plain / "output")
    assert code == 0, report
    busy = tmp_path / "busy"
    busy.mkdir()
    content = copy(busy, next(c for c in FINE if c.name.startswith("editors")).op)
    code, report = build(content, busy / "output")
    assert code == 0, report
    assert tree_digest(busy / "output") == tree_digest(plain / "output")


# -- generated: whatever a report shows is printable -------------------------------------------
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.text(), st.text(), st.text())
def test_a_report_line_never_holds_a_character_that_is_not_printable(path, field, message,
                                                                    hint):
    from content_model import Problem

    line = Problem(path, 3, field, message, hint).format()
    assert line.isprintable(), repr(line)
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")
               for c in line)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_a_header_value_is_refused_exactly_when_it_holds_a_refused_character(value):
    """The reader's verdict on a Title, against a classification written here."""
    from content_model import reader, taxonomy

    value = value.replace("\n", " ").replace("\r", " ").strip(" \t")
    text = f"Title: X{value}X\nLang: nl\nType: page\nDate: 2026-11-01\nSummary: S.\n\nTekst.\n"
    problems: list = []
    header = reader.split_header(text, "p.md", problems)
    found = reader._header_characters(text, header[2], "p.md")
    bad = [c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")
           or (ord(c) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(c) <= 0xFDEF]
    assert bool(found) == bool(bad), (value, found)
    if bad:
        assert found[0].line == 1 and f"U+{ord(bad[0]):04X}" in found[0].message
    del taxonomy


MARKUP = st.sampled_from(["[", "]", "(", ")", "<", ">", "*", "_", "`", "!", "|", "#", ">",
                          "    ", "- ", "1. ", "\n", "\n\n", "&", ";", "<a ", "<!--", "-->",
                          "{ref}", "http://", "x", " "])


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(MARKUP, max_size=3000).map("".join))
def test_generated_markdown_gives_a_page_or_a_message_never_a_crash(body):
    """Any body, however degenerate: the bounds and the raw-HTML check either accept it (and
    it converts) or report it; never an exception, never a hang."""
    import pelicanconf
    from content_model import bounds
    from content_model.reader import Item
    from portal.markup import Policy, Renderer, check_item

    with no_hang(60):
        over = [p for p in bounds.body_problems(body, 20, "x.md") if p.code in bounds.OVER]
        if over:
            return
        item = Item("x.md", "measure", "nl", "x", {}, {}, body, 20, "")
        for problem in check_item(item, Renderer(pelicanconf.MARKDOWN_EXTENSIONS, Policy())):
            assert problem.code and problem.line >= 20


def test_every_problem_the_code_makes_has_a_stable_code():
    """Every `Problem(...)` written in plugins/ passes `code=` (or all seven fields), so every
    report line, `invoke check --json` and the preview can name its kind."""
    import ast

    missing = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" \
                    and len(node.args) < 7 and not any(k.arg == "code" for k in node.keywords):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing, missing


# -- generated, through the whole build ---------------------------------------------------------
HOSTILE_TEXT = st.lists(st.one_of(
    st.characters(codec="utf-8"),  # any character, controls and formats included
    st.sampled_from(list("<>&\"'`\\{}[]()*_#|!:;/%\t")
                    + [char for char, _, _ in REFUSED.values()]
                    + ["{ref}", "</script>", "]]>", "{{", "%}", "javascript:", "&#x3C;"])),
    max_size=40).map("".join)
BODY = st.lists(st.one_of(MARKUP, HOSTILE_TEXT), max_size=400).map("".join)
FIELD_LINES = {"Title": TITLE, "Summary": SUMMARY, "Provider": "Provider: VDAB"}


def _fuzz_examples() -> int:
    from tests.test_fuzz import EXPLORING

    return 120 if EXPLORING else 6


@settings(max_examples=_fuzz_examples(), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(FIELD_LINES)), value=HOSTILE_TEXT, body=BODY)
def test_generated_headers_and_bodies_build_or_are_refused_cleanly(field, value, body,
                                                                   tmp_path_factory, previous):
    """A generated header value and body, through `invoke check` and the build: either both
    accept it, or both refuse it with the same errors, exit 1, no traceback, output/
    untouched. (OVERSTAP_FUZZ=explore: twenty times as many.)"""
    value = value.replace("\n", " ").replace("\r", " ")
    line = FIELD_LINES[field]
    work = tmp_path_factory.mktemp("fuzz")
    content = copy(work, lambda c: [replace_in(MEASURE, line, f"{field}: X {value}")(c),
                                    append(MEASURE, body)(c)])
    with no_hang(120):
        errors = [p.format() for p in sorted(checked(content)) if p.severity == "error"]
    out = work / "output"
    shutil.copytree(previous, out, symlinks=True)
    before = tree_digest(out)
    with no_hang(180):
        code, report = build(content, out)
    assert "Traceback" not in report
    assert all(line.isprintable() for line in report.splitlines())
    if errors:
        assert code == 1, report
        assert [ln for ln in report.splitlines() if ln.startswith("content/")] == errors
        assert tree_digest(out) == before
    else:
        assert code == 0, report


# -- the address manifest (addresses.tsv, beside content/) -------------------------------------
MANIFEST_LINES = [  # (line, why it is not an address of the portal)
    ("/nl/../../../../tmp/x/\tcase:voorbeeld-gent:nl", "climbs out of the site"),
    ("/../buiten/\tcase:voorbeeld-gent:nl", "climbs out of the output"),
    ("/nl/evil https://evil.example/ 200\tcase:voorbeeld-gent:nl", "a redirect rule"),
    ("/nl/x y/\tcase:voorbeeld-gent:nl", "a space"),
    ("/nl/hash#x/\tcase:voorbeeld-gent:nl", "a fragment"),
    ("  Access-Control-Allow-Origin: *\tcase:voorbeeld-gent:nl", "a header"),
    ("/nl/a/index.html/x\tcase:voorbeeld-gent:nl", "a folder under a file"),
    ("/nl/a/\tcase:x:nl\t<script>", "an identity with a tab and markup"),
    ("/nl/zonder-identiteit/", "no tab"),
]


@pytest.mark.parametrize("line,why", MANIFEST_LINES, ids=[w for _, w in MANIFEST_LINES])
def test_a_manifest_line_that_is_not_an_address_is_refused(line, why, tmp_path):
    from portal import addresses

    (tmp_path / "content").mkdir()
    (tmp_path / "addresses.tsv").write_text(f"# kop\n/nl/goed/\tcase:a:nl\n{line}\n", "utf-8")
    settings = {"PATH": str(tmp_path / "content")}
    found = addresses.manifest_problems(settings)
    assert [(p.path, p.line, p.code) for p in found] == [("addresses.tsv", 3, "manifest-line")]
    assert addresses.read(tmp_path / "addresses.tsv") == {"/nl/goed/": "case:a:nl"}


def test_a_manifest_that_is_not_a_plain_file_is_never_opened(tmp_path):
    from portal import addresses

    (tmp_path / "content").mkdir()
    settings = {"PATH": str(tmp_path / "content"), "RECORD_ADDRESSES": True,
                "OUTPUT_PATH": str(tmp_path / "output")}
    manifest = tmp_path / "addresses.tsv"
    os.mkfifo(manifest)
    with no_hang(20):
        assert [p.code for p in addresses.manifest_problems(settings)] == \
            ["manifest-not-a-file"]
        assert addresses.read(manifest) == {}
    manifest.unlink()
    manifest.symlink_to("/etc/passwd")
    assert [p.code for p in addresses.manifest_problems(settings)] == ["manifest-not-a-file"]
    assert addresses.read(manifest) == {}
    manifest.unlink()
    assert addresses.manifest_problems(settings) == []  # a new portal: nothing published yet
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "_redirects").write_text("", "utf-8")
    assert [p.code for p in addresses.manifest_problems(settings)] == ["manifest-missing"]


def test_a_bad_manifest_stops_check_and_build_and_writes_nothing_outside(tmp_path, previous):
    shutil.copytree(BASE, tmp_path / "content")
    escape = tmp_path.parent / f"{tmp_path.name}-escaped"
    (tmp_path / "addresses.tsv").write_text(
        (SITES / "multilingual" / "addresses.tsv").read_text("utf-8")
        + f"/nl/../../{escape.name}/\tcase:voorbeeld-gent:nl\n", "utf-8")
    problems = [p for p in checked(tmp_path / "content") if p.severity == "error"]
    assert [(p.path, p.code) for p in problems] == [("addresses.tsv", "manifest-line")]
    out = tmp_path / "output"
    shutil.copytree(previous, out, symlinks=True)
    before = tree_digest(out)
    code, report = build(tmp_path / "content", out)
    assert code == 1 and report.startswith("addresses.tsv:"), report
    assert tree_digest(out) == before
    assert not escape.exists() and not (tmp_path.parent / "buiten").exists()
