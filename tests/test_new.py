"""`invoke new`: a new item with every field, and the start of a translation."""

from __future__ import annotations

import pytest

from content_model import schema
from content_model.messages import say
from content_model.reader import split_header
from content_model.scaffold import ScaffoldError, slugify
from content_model.translations import source_hash
from editorial import commands
from tests.authoring_project import about, check, edit, invoke, load, make, settings

TITLE = "Overstap in de Gentse haven"
NEW = "content/cases/nl/overstap-in-de-gentse-haven.md"


@pytest.fixture()
def project(tmp_path):
    return make(tmp_path)


def _header(path) -> dict[str, str]:
    entries = split_header(path.read_text("utf-8"), "x", [])[0]
    return {name: value for _, name, value in entries}


def test_slugs_are_made_from_titles():
    assert slugify("Coördinatie in de zorg: één aanpak!") == "coordinatie-in-de-zorg-een-aanpak"
    assert slugify("Œuvre & manœuvre") == "oeuvre-manoeuvre"


def test_a_new_case_lists_every_field_and_starts_as_a_draft(project):
    message = commands.new(project, settings(), "case", "nl", TITLE, "")
    assert f"Created {NEW}" in message
    assert "http://127.0.0.1:8000/nl/praktijkvoorbeelden/overstap-in-de-gentse-haven/" in message
    header = _header(project / NEW)
    wanted = [f.name for f in schema.fields_for("case") if f.name != "Source-Hash"]
    assert list(header) == wanted
    assert header["Title"] == TITLE and header["Status"] == "draft"
    assert header["Slug"] == "overstap-in-de-gentse-haven" and header["Date"] == "2026-11-22"
    text = (project / NEW).read_text("utf-8")
    assert "\n<!--\nNieuw item, gemaakt met `invoke new`." in text and text.count("-->") == 1
    assert "- Sectors (verplicht; één of meer waarden" in text
    assert "Toegelaten: alle-sectoren, voeding, zorg" in text  # allowed values, from the data
    assert "## Wat gebeurde er?" in text  # the sections every case has


def test_invoke_check_then_lists_what_is_left_to_fill_in(project):
    commands.new(project, settings(), "case", "nl", TITLE, "")
    problems = about(check(project, plain=False), NEW)
    empty = {p.field for p in problems if p.code == "field-empty"}
    assert {say(p.message, "nl") for p in problems if p.code == "field-empty"} == {"is leeg"}
    required = {f.name for f in schema.fields_for("case") if f.required} - \
        {"Title", "Slug", "Lang", "Type", "Date"}
    assert empty == required
    assert all(p.line > 1 and p.hint for p in problems)


def test_the_new_file_is_valid_once_filled_in(project):
    commands.new(project, settings(), "measure", "nl", "Nieuwe maatregel", "")
    path = project / "content" / "measures" / "nl" / "nieuwe-maatregel.md"
    for field, value in (("Summary", "Een korte uitleg."), ("Audiences", "werkenden"),
                         ("Sectors", "alle-sectoren"), ("Regions", "vlaanderen"),
                         ("Sources", "ams-2021"), ("Duration", "structureel"),
                         ("Approach", "proactief"), ("Focus", "werknemers"),
                         ("Parties", "werknemer"), ("Support", "begeleiding"),
                         ("Target-Groups", "algemeen"), ("Level", "vlaams"),
                         ("Provider", "VDAB")):
        edit(path, f"\n{field}:\n", f"\n{field}: {value}\n")
    for heading in ("Wat is het?", "Voor wie?", "Hoe werkt het?", "Wie biedt het aan?",
                    "Wat kun je nu doen?"):
        edit(path, f"## {heading}\n", f"## {heading}\n\nDat leggen we hier uit.\n")
    assert about(check(project, plain=False), path.name) == []


def test_a_translation_copies_the_shared_fields_and_the_hash(project):
    (project / "content" / "measures" / "fr" / "loopbaanbegeleiding.md").unlink()
    message = commands.new(project, settings(), "", "fr", "Orientation professionnelle",
                           "loopbaanbegeleiding")
    # the Dutch file name pairs the two; the address comes from the French title
    path = project / "content" / "measures" / "fr" / "loopbaanbegeleiding.md"
    assert "Created content/measures/fr/loopbaanbegeleiding.md" in message
    assert "/fr/mesures/orientation-professionnelle/" in message
    header = _header(path)
    assert header["Slug"] == "orientation-professionnelle"
    dutch = _header(project / "content" / "measures" / "nl" / "loopbaanbegeleiding.md")
    for fld in schema.fields_for("measure"):
        if fld.shared:
            assert header[fld.name] == dutch.get(fld.name, ""), fld.name
    assert header["Lang"] == "fr" and header["Status"] == "draft"
    assert header["Title"] == "Orientation professionnelle"
    assert header["Summary"] == "" and header["Provider"] == ""
    source = next(i for i in load(project).items if i.path.endswith("nl/loopbaanbegeleiding.md"))
    assert header["Source-Hash"] == source_hash(source)
    text = path.read_text("utf-8")
    assert "\n<!--\nVertaling (fr) van content/measures/nl/loopbaanbegeleiding.md" in text
    assert text.count("-->") == 1
    assert "Summary: Een coach helpt je je talenten" in text  # the Dutch value, to translate
    assert "Een loopbaancoach luistert en helpt je kiezen." in text  # the Dutch text
    problems = about(check(project, plain=False), path.name)
    assert {p.field for p in problems if p.severity == "error"} == {"Summary", "Provider"}
    assert any(p.field == "text" and p.code == "text-untranslated" and
               say(p.message, "nl") == "deze alinea is nog de tekst in het Nederlands"
               for p in problems)


def test_a_translation_without_title_asks_for_an_address(project):
    (project / "content" / "measures" / "en" / "loopbaanbegeleiding.md").unlink()
    message = commands.new(project, settings(), "", "en", "", "loopbaanbegeleiding")
    path = project / "content" / "measures" / "en" / "loopbaanbegeleiding.md"
    assert path.exists() and _header(path)["Slug"] == ""
    assert "Write the page's address in your language after `Slug:`" in message
    problems = about(check(project, plain=False), "en/loopbaanbegeleiding.md")
    assert [(p.field, p.severity) for p in problems if p.field == "Slug"] == [("Slug", "warning")]


@pytest.mark.parametrize("args,words", [
    (("cases", "nl", TITLE, ""), "`cases` is geen soort inhoud"),
    (("case", "de", TITLE, ""), "`de` is geen taal van het portaal"),
    (("case", "fr", TITLE, ""), "invoke new --translate SLUG --lang fr"),
    (("case", "nl", "!!!", ""), "de titel is leeg"),
    (("", "fr", "", "loopbaanbegeleidin"), "bedoel je `loopbaanbegeleiding`?"),
    (("", "fr", "", "loopbaanbegeleiding"), "heeft al een versie in het Frans"),
    (("", "", "", "opleiding"), "naar welke taal vertaal je?"),
])
def test_mistakes_are_explained(project, args, words):
    """In Dutch, the authors' language (English in the code: `str`)."""
    with pytest.raises(ScaffoldError) as refused:
        commands.new(project, settings(), *args)
    assert words in say(refused.value.args[0], "nl")


def test_an_existing_file_is_never_overwritten(project):
    commands.new(project, settings(), "case", "nl", TITLE, "")
    before = (project / NEW).read_bytes()
    with pytest.raises(ScaffoldError, match="already exists"):
        commands.new(project, settings(), "case", "nl", TITLE, "")
    assert (project / NEW).read_bytes() == before


def test_invoke_new_on_the_command_line(tmp_path):
    root = make(tmp_path, with_code=True)
    done = invoke(root, "new", "--type", "story", "--title", "Een nieuw verhaal")
    assert done.returncode == 0, done.stderr
    assert (root / "content" / "stories" / "nl" / "een-nieuw-verhaal.md").exists()
    failed = invoke(root, "new", "--type", "story", "--title", "Een nieuw verhaal", lang="nl")
    assert failed.returncode == 1
    assert "content/stories/nl/een-nieuw-verhaal.md bestaat al" in failed.stderr
    assert "Traceback" not in failed.stderr
