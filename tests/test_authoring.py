"""The authoring checks of `invoke check`: each one fails on a mistake and passes the fix.

Every problem must carry the file, the line and a hint, so an author knows what to do.
"""

from __future__ import annotations

import pytest

from content_model.messages import say
from tests.authoring_project import about, check, edit, invoke, make
from tests.test_bad_content import EMPTY_TEXTS, TRAINING_TEXT

MEASURE = "content/measures/nl/loopbaanbegeleiding.md"
BODY_LINE = 22  # the first line of its text
ANCHOR = "Een loopbaancoach luistert en helpt je kiezen."


@pytest.fixture()
def project(tmp_path):
    return make(tmp_path)


def _write_text(project, text: str) -> None:
    """Put `text` where the measure's first paragraph is."""
    edit(project / MEASURE, ANCHOR, text)


def _problems(project, field: str, plain: bool = False) -> list:
    return about(check(project, plain=plain), MEASURE, field)


def _one(found: list, line: int, words: str, severity: str = "error"):
    assert len(found) == 1, "\n".join(p.format() for p in found)
    problem = found[0]
    assert problem.line == line and problem.severity == severity and problem.hint
    assert words in problem.message, problem.format()
    return problem


def test_the_fixture_content_passes(project):
    assert check(project, plain=False) == []


# -- images -----------------------------------------------------------------------------------
def test_image_without_alt_text(project):
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "coach.png").write_bytes(b"\x89PNG\r\n")
    _write_text(project, "![](/images/coach.png)")
    _one(_problems(project, "image"), BODY_LINE, "has no alt text")
    edit(project / MEASURE, "![](", "![Een coach in gesprek met een werknemer](")
    assert _problems(project, "image") == []


def test_image_file_missing_or_outside_images(project):
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "coach.png").write_bytes(b"\x89PNG\r\n")
    _write_text(project, "![Een coach](/images/Coach.png)")
    problem = _one(_problems(project, "image"), BODY_LINE, "there is no file")
    assert "coach.png" in problem.hint  # the close match, names are case-sensitive
    edit(project / MEASURE, "/images/Coach.png", "images/coach.png")
    _one(_problems(project, "image"), BODY_LINE, "is not an address under /images/")
    edit(project / MEASURE, "images/coach.png", "/images/coach.png")
    assert _problems(project, "image") == []


def test_raw_html_image_needs_alt_too(project):
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "kaart.svg").write_text("<svg/>", "utf-8")
    _write_text(project, '<img src="/images/kaart.svg">')
    _one(_problems(project, "image"), BODY_LINE, "has no alt text")
    edit(project / MEASURE, "<img ", '<img alt="Kaart van Vlaanderen" ')
    assert _problems(project, "image") == []


# -- headings ---------------------------------------------------------------------------------
def test_level_one_heading_in_the_text(project):
    _write_text(project, "# Loopbaanbegeleiding")
    _one(_problems(project, "heading"), BODY_LINE, "a level-1 heading")
    edit(project / MEASURE, "# Loopbaanbegeleiding", "Een inleiding.")
    assert _problems(project, "heading") == []


def test_underlined_level_one_heading(project):
    _write_text(project, "Loopbaanbegeleiding\n===================")
    _one(_problems(project, "heading"), BODY_LINE, "a level-1 heading")


def test_heading_that_skips_a_level(project):
    edit(project / MEASURE, "## Wat is het?", "#### Wat is het?")
    problem = _one(_problems(project, "heading"), 24, "jumps from level 1 to level 4")
    assert "##" in problem.hint
    edit(project / MEASURE, "#### Wat is het?", "## Wat is het?\n\nTekst.\n\n### Meer")
    assert _problems(project, "heading") == []


def test_heading_without_text_is_a_warning(project):
    edit(project / MEASURE, "## Wat kun je nu doen?", "## Wat kun je nu doen?\n\n## Leeg")
    found = [p for p in _problems(project, "heading") if p.code == "section-empty"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert say(found[0].message, "nl") == "de tussenkop “Wat kun je nu doen?” heeft geen tekst"


def test_headings_in_code_blocks_are_text(project):
    _write_text(project, "```\n# niet een kop\n```")
    assert _problems(project, "heading") == []


# -- an item with no text ---------------------------------------------------------------------
TRAINING = "content/measures/nl/opleiding.md"  # its header ends on line 18
NO_TEXT = ("text: the item has no text — write the text below the header (the page would show "
           "only the summary) (warning)")


@pytest.mark.parametrize("name", sorted(EMPTY_TEXTS))
def test_invoke_check_on_an_item_with_no_text(name, tmp_path):
    """A warning on the line after the header (or on the comment), no traceback, exit 0; with
    --strict (CI) exit 1. A table is text: no warning."""
    root = make(tmp_path, with_code=True)
    edit(root / TRAINING, f"\n\n{TRAINING_TEXT}\n", "\n" + EMPTY_TEXTS[name])
    done = invoke(root, "check", "--only", TRAINING)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    line = 20 if "comment" in name else 19
    expected = [] if name == "only-a-table" else [f"{TRAINING}:{line}: {NO_TEXT}"]
    assert done.stdout.splitlines() == [*expected, f"0 error(s), {len(expected)} warning(s).",
                                        "23 files checked: no errors."]
    strict = invoke(root, "check", "--strict", "--only", TRAINING)
    assert strict.returncode == (0 if name == "only-a-table" else 1), strict.stdout
    assert "Traceback" not in strict.stderr, strict.stderr


def test_a_new_story_is_checked_before_it_has_text(tmp_path):
    """`invoke new --type story` leaves a comment and no text: `invoke check` lists what is
    left to do, the empty text among it, and no traceback."""
    root = make(tmp_path, with_code=True)
    assert invoke(root, "new", "--type", "story", "--title", "Een nieuw verhaal").returncode == 0
    new = "content/stories/nl/een-nieuw-verhaal.md"
    done = invoke(root, "check", "--only", new)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert f"{new}:7: Summary: is empty" in done.stdout
    assert any(ln.startswith(f"{new}:") and ln.endswith(NO_TEXT)
               for ln in done.stdout.splitlines()), done.stdout


# -- summary ----------------------------------------------------------------------------------
def test_summary_missing(project):
    edit(project / MEASURE, "Summary: Een coach helpt je je talenten en je volgende stap te "
         "zien.\n", "")
    problem = _one(_problems(project, "Summary"), 1, "is missing")
    assert "Summary:" in problem.hint


def test_summary_too_long(project):
    longer = "te zien" + ", en nog veel meer woorden" * 10 + "."
    edit(project / MEASURE, "te zien.", longer)
    _one(_problems(project, "Summary"), 7, "the limit is 200")
    edit(project / MEASURE, longer, "te zien.")
    assert _problems(project, "Summary") == []


def test_summary_of_many_sentences_is_a_warning(project):
    edit(project / MEASURE, "te zien.", "te zien. Het is gratis. Vraag het aan.")
    _one(_problems(project, "Summary"), 7, "has 3 sentences", "warning")
    edit(project / MEASURE, " Het is gratis. Vraag het aan.", "")
    assert _problems(project, "Summary") == []


# -- links ------------------------------------------------------------------------------------
def test_link_to_a_portal_page_that_does_not_exist(project):
    _write_text(project, "Lees [de opleiding](/nl/maatregelen/opleidingen/).")
    problem = _one(_problems(project, "link"), BODY_LINE, "is not a page of the portal")
    assert "/nl/maatregelen/opleiding/" in problem.hint  # the close match
    edit(project / MEASURE, "/nl/maatregelen/opleidingen/", "/nl/maatregelen/opleiding/")
    assert _problems(project, "link") == []


def test_link_to_a_page_in_another_language_is_a_warning(project):
    _write_text(project, "Lees [la page](/fr/mesures/accompagnement-de-carriere/).")
    problem = _one(_problems(project, "link"), BODY_LINE, "in another language (fr)", "warning")
    assert "/nl/maatregelen/loopbaanbegeleiding/" in problem.hint


def test_ref_link_to_a_language_that_does_not_exist(project):
    _write_text(project, "Lees [dit]({ref}fr/opleiding).")
    _one(_problems(project, "link"), BODY_LINE, "has no `fr` version")
    edit(project / MEASURE, "{ref}fr/opleiding", "{ref}opleiding")
    assert _problems(project, "link") == []


def test_link_to_a_draft_is_a_warning(project):
    _write_text(project, "Zie [het concept](/nl/maatregelen/klad/).")
    _one(_problems(project, "link"), BODY_LINE, "is draft", "warning")


@pytest.mark.parametrize("url,words", [
    ("https//www.vdab.be", "is not a full address"),
    ("www.vdab.be", "is not a full address"),
    ("http:/www.vdab.be", "needs two slashes"),
    ("https://www vdab.be", "contains a space"),
    ("https://vdab", "is not a website name"),
    ("https://www.vdab.be:80a/", "port"),
    ("mailto:info-at-vdab.be", "is not an e-mail address"),
    ("tel:12", "is not a phone number"),
    ("", "is empty"),
])
def test_malformed_external_links(project, url, words):
    _write_text(project, f"Zie [VDAB]({url}).")
    _one(_problems(project, "link"), BODY_LINE, words)


@pytest.mark.parametrize("url", ["https://www.vdab.be/loopbaanbegeleiding",
                                 "mailto:info@vdab.be", "tel:+32 2 506 15 11", "#wat-is-het"])
def test_good_external_links(project, url):
    _write_text(project, f"Zie [VDAB]({url}).")
    assert _problems(project, "link") == []


# -- translations, plain language -------------------------------------------------------------
def test_paragraph_left_in_dutch_in_a_translation(project):
    french = project / "content" / "measures" / "fr" / "loopbaanbegeleiding.md"
    edit(french, "## ", "Gesprekken met een coach buiten je werk. Zie ook het aanbod.\n\n## ")
    edit(project / MEASURE, "Gesprekken met een coach buiten je werk. Zie ook "
         "[opleiding]({ref}opleiding).", "Gesprekken met een coach buiten je werk. Zie ook het "
         "aanbod.")
    found = [p for p in about(check(project, plain=False), "fr/loopbaanbegeleiding.md",
                              "text")]
    assert len(found) == 1 and "still the nl text" in found[0].message
    assert found[0].severity == "warning"


def test_plain_language_warnings_quote_the_sentence(project):
    long = ("Wie een loopbaanbegeleidingstraject wil volgen moet eerst bij een erkend centrum "
            "een aanvraag indienen waarna een begeleider samen met de werknemer in een reeks "
            "gesprekken nagaat welke competenties en interesses er zijn en welke stappen er "
            "daarna kunnen volgen.")
    _write_text(project, long)
    found = _problems(project, "plain language", plain=True)
    assert {p.severity for p in found} == {"warning"}
    sentence = next(p for p in found if p.code == "long-sentence")
    assert sentence.line == BODY_LINE and "“Wie een loopbaanbegeleidingstraject" in \
        sentence.message
    assert say(sentence.message, "nl").startswith("een zin van ")
    assert any("loopbaanbegeleidingstraject" in say(p.message, "nl") for p in found
               if p.code == "long-word" and say(p.message, "nl").startswith("lang"))
    edit(project / MEASURE, long, "Wil je begeleiding? Vraag het aan een erkend centrum.")
    assert _problems(project, "plain language", plain=True) == []


def test_strict_turns_warnings_into_errors(tmp_path):
    root = make(tmp_path, with_code=True)
    edit(root / MEASURE, ANCHOR, "Zie [het concept](/nl/maatregelen/klad/).")
    relaxed = invoke(root, "check", "--only", MEASURE)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert f"{MEASURE}:{BODY_LINE}: link: `/nl/maatregelen/klad/` is draft" in relaxed.stdout
    strict = invoke(root, "check", "--strict", "--only", MEASURE)
    assert strict.returncode == 1
    assert "(warning)" not in strict.stdout and "0 warning(s)" in strict.stdout


# -- issue 17: terminology, "the source says nothing", names and glossary terms ----------------
def test_invoke_check_json_reports_terminology_and_a_silent_source_with_code_and_line(tmp_path):
    """Through the real `invoke check --json`: each warning with its stable code and line;
    a glossary term is not a long word there."""
    import json

    root = make(tmp_path, with_code=True)
    (root / "content" / "_data" / "terminology.toml").write_text(
        '[vdab]\nprefer.nl = "VDAB"\nprefer.fr = "le VDAB"\nprefer.en = "VDAB"\n'
        'avoid.nl = "de VDAB"\n', "utf-8")
    (root / "content" / "_data" / "glossary.toml").write_text(
        '[terbeschikkingstelling]\nnl = "terbeschikkingstelling"\nfr = "mise à disposition"\n'
        'en = "secondment"\ndefinition.nl = "Tijdelijk bij een andere werkgever werken."\n'
        'definition.fr = "Travailler un temps chez un autre employeur."\n'
        'definition.en = "Working for another employer for a while."\n', "utf-8")
    _write_text(root, "Vraag het aan de VDAB.\nHet verslag noemt geen partners.\n"
                      "Terbeschikkingstelling kan ook.")
    done = invoke(root, "check", "--json", "--only", MEASURE)
    assert "Traceback" not in done.stderr, done.stderr
    found = {(p["code"], p["line"]) for p in json.loads(done.stdout) if p["path"] == MEASURE}
    assert ("terminology", BODY_LINE) in found
    assert ("source-says-nothing", BODY_LINE + 1) in found
    assert not {code for code, _ in found} & {"long-word"}, found
