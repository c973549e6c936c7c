"""Translation status: complete, stale (by Source-Hash or by date), draft, missing; the
`invoke translations` report, `--mark`, and the editors' page and JSON in the build."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from content_model import translations
from editorial import commands
from editorial.catalog_status import catalog_status
from tests.authoring_project import edit, invoke, load, make, settings
from tests.support import ROOT, build

NL = "content/measures/nl/loopbaanbegeleiding.md"
FR = "content/measures/fr/loopbaanbegeleiding.md"
EN = "content/measures/en/loopbaanbegeleiding.md"


@pytest.fixture()
def project(tmp_path):
    return make(tmp_path)


def _state(project, slug: str = "loopbaanbegeleiding", lang: str = "fr"):
    found = translations.statuses(load(project).items, ["nl", "fr", "en"], "nl")
    return next(s for s in found if s.slug == slug and s.lang == lang)


def test_translations_of_the_fixture_are_complete_by_date(project):
    status = _state(project)
    assert (status.state, status.basis) == ("complete", "date")


def test_a_dutch_change_after_the_translation_makes_it_stale_by_date(project):
    edit(project / NL, "Modified: 2026-11-10", "Modified: 2026-11-20")
    status = _state(project)
    assert (status.state, status.basis) == ("stale", "date")
    assert "2026-11-20" in status.detail


def test_the_source_hash_decides_once_it_is_recorded(project):
    print(commands.mark(project, settings(), FR, ""))
    assert _state(project).state == "complete"
    assert _state(project).basis == "hash"
    edit(project / NL, "luistert en helpt je kiezen", "luistert en denkt met je mee")
    stale = _state(project)
    assert (stale.state, stale.basis) == ("stale", "hash")
    assert _state(project, lang="en").basis == "date"  # not marked: still by date
    message = commands.mark(project, settings(), "loopbaanbegeleiding", "fr")
    assert message.startswith(f"{FR}: Source-Hash: ")
    assert _state(project).state == "complete"


def test_reflowing_the_dutch_text_changes_nothing(project):
    commands.mark(project, settings(), FR, "")
    edit(project / NL, "luistert en helpt", "luistert\nen helpt")
    assert _state(project).state == "complete"


def test_removing_the_notes_of_invoke_new_changes_nothing_but_a_word_does(project):
    """A comment (`<!-- ... -->`, what `invoke new` writes for the author) is never shown to
    readers: adding or removing one leaves the translation complete; a word of text does not."""
    commands.mark(project, settings(), FR, "")
    text = (project / NL).read_text("utf-8")
    head, _, body = text.partition("\n\n")
    (project / NL).write_text(head + "\n\n<!--\nVul alles in en haal dit weg.\n-->\n\n" + body
                              + "\n<!-- nog een -->\n", "utf-8")
    assert _state(project).state == "complete"
    (project / NL).write_text(text, "utf-8")
    assert _state(project).state == "complete"
    edit(project / NL, "luistert en helpt", "luistert goed en helpt")
    assert _state(project).state == "stale"


def test_a_new_translation_does_not_copy_the_authors_notes(project):
    from content_model.scaffold import new_translation

    text = (project / NL).read_text("utf-8")
    head, _, body = text.partition("\n\n")
    (project / NL).write_text(head + "\n\n<!--\nNOTITIE-VOOR-DE-AUTEUR\n-->\n\n" + body,
                              "utf-8")
    source = next(i for i in load(project).items
                  if i.path.endswith("measures/nl/loopbaanbegeleiding.md"))
    (project / FR).unlink()
    written = new_translation(project / "content", source, "fr", "Orientation",
                              load(project).taxonomies, __import__("datetime").date(2026, 12, 7))
    copied = written.read_text("utf-8")
    assert "NOTITIE-VOOR-DE-AUTEUR" not in copied
    assert body.split("\n")[0] in copied  # the text itself is there to translate


def test_marking_changes_only_the_source_hash_line(project):
    before = (project / FR).read_text("utf-8").split("\n")
    commands.mark(project, settings(), FR, "")
    after = (project / FR).read_text("utf-8").split("\n")
    added = [line for line in after if line not in before]
    assert len(added) == 1 and re.fullmatch(r"Source-Hash: [0-9a-f]{10}", added[0])
    assert after.index(added[0]) < after.index("")  # in the header
    commands.mark(project, settings(), FR, "")  # marking again replaces, never adds
    assert (project / FR).read_text("utf-8").count("Source-Hash:") == 1
    assert load(project).problems == []


def test_missing_and_draft_translations(project):
    (project / EN).unlink()
    edit(project / FR, "Lang: fr\n", "Lang: fr\nStatus: draft\n")
    assert _state(project, lang="en").state == "missing"
    assert _state(project, lang="fr").state == "draft"


def test_the_report_says_what_to_do(project):
    (project / EN).unlink()
    edit(project / NL, "Modified: 2026-11-10", "Modified: 2026-11-20")
    text = commands.report(project, settings(THEME=str(ROOT / "theme"), PATH="content"))
    line = next(ln for ln in text.splitlines() if "loopbaanbegeleiding" in ln
                and "measure" in ln)
    assert re.search(r"fr stale\s+en missing", line), line
    assert "invoke new --translate loopbaanbegeleiding --lang en" in text
    assert "invoke translations --mark loopbaanbegeleiding --lang fr" in text
    assert "fr: " in text.split("Totals:")[1] and "1 stale" in text
    assert "Theme strings" in text


def test_untranslated_theme_strings_are_listed(tmp_path):
    catalogs = tmp_path / "translations"
    shutil.copytree(ROOT / "theme" / "translations", catalogs,
                    ignore=shutil.ignore_patterns("*.mo"))
    po = catalogs / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    first = re.search(r'msgid "([^"]+)"\nmsgstr "[^"]+"', text)
    po.write_text(text.replace(first.group(0), f'msgid "{first.group(1)}"\nmsgstr ""'), "utf-8")
    found = {c.lang: c for c in catalog_status(catalogs, ["fr", "nl"])}
    assert found["fr"].untranslated == [first.group(1)]
    assert found["nl"].untranslated == [] and found["nl"].missing == []


def test_invoke_translations_on_the_command_line(tmp_path):
    root = make(tmp_path, with_code=True)
    shown = invoke(root, "translations", "--lang", "fr")
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"measure\s+loopbaanbegeleiding\s+fr complete", shown.stdout)
    assert " en " not in shown.stdout.split("To do:")[0]
    marked = invoke(root, "translations", "--mark", FR)
    assert marked.returncode == 0 and "Source-Hash:" in marked.stdout
    wrong = invoke(root, "translations", "--mark", "bestaat-niet", "--lang", "fr")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr


# -- in the build -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make(tmp_path_factory.mktemp("status"))
    edit(root / NL, "Modified: 2026-11-10", "Modified: 2026-11-20")
    out = root / "output"
    code, text = build(root / "content", out)
    assert code == 0, text
    return out


def test_the_build_writes_the_status_as_json(built):
    data = json.loads((built / "nl" / "redactie" / "vertalingen.json").read_text("utf-8"))
    row = next(r for r in data["items"] if r["slug"] == "loopbaanbegeleiding")
    assert row["translations"]["fr"]["state"] == "stale"
    assert row["translations"]["fr"]["url"] == "/fr/mesures/accompagnement-de-carriere/"
    assert data["counts"]["fr"]["stale"] == 1
    assert set(data["theme_strings"]) == {"fr", "nl"}
    slugs = {r["slug"] for r in data["items"]}
    assert "klad" not in slugs and "later" not in slugs  # drafts, scheduled: not published


def test_the_status_page_is_for_editors_only(built):
    page = (built / "nl" / "redactie" / "vertalingen" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'lang="nl"' in page and page.count("<h1") == 1
    assert "redactie" not in (built / "sitemap.xml").read_text("utf-8")
    others = [p for p in built.rglob("*.html") if "redactie" not in p.parts]
    assert others and not any("redactie" in p.read_text("utf-8") for p in others)
