"""Messages for authors in their language: Dutch by default, French and English by a setting;
examples in the language of the file; no path of the machine; `invoke new --type source`."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import tomllib
from pathlib import Path

from babel.messages.pofile import read_po

from content_model import Problem
from content_model import messages as author_messages
from content_model.messages import CATALOGS, check_catalogs, msg, say
from tests import authoring_project as project
from tests.support import ROOT, SITES

PYBABEL = Path(sys.executable).parent / "pybabel"
SECTORS = SITES / "multilingual" / "content" / "_data" / "sectors.toml"


def _ids(pot: Path) -> set[str]:
    with pot.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_every_message_is_translated_in_dutch_and_french():
    assert check_catalogs(["nl", "fr"]) == []


def test_the_catalogs_hold_every_message_of_the_code(tmp_path):
    """A message added to the code without `invoke i18n.authors` would be shown in English."""
    fresh = tmp_path / "messages.pot"
    subprocess.run([str(PYBABEL), "-q", "extract", "--no-location", "--no-default-keywords",
                    "-k", "msg", "-k", "later", "-o", str(fresh), str(ROOT / "plugins"),
                    str(ROOT / "tasks.py")], check=True)
    assert _ids(fresh) == _ids(CATALOGS / "messages.pot"), "run `invoke i18n.authors`"


def _wrong_sector(tmp_path) -> tuple[Path, int]:
    root = project.make(tmp_path, with_code=True)
    path = root / "content" / "measures" / "nl" / "opleiding.md"
    project.edit(path, "Sectors: zorg\n", "Sectors: zorgg\n")
    line = path.read_text("utf-8").splitlines().index("Sectors: zorgg") + 1
    return root, line


def test_a_wrong_sector_is_reported_in_dutch_by_default(tmp_path):
    root, line = _wrong_sector(tmp_path)
    done = project.invoke(root, "check", lang="nl")
    assert done.returncode == 1
    sectors = list(tomllib.loads(SECTORS.read_text("utf-8")))
    where = f"content/measures/nl/opleiding.md:{line}: Sectors: "
    [report] = [ln for ln in done.stdout.splitlines() if ln.startswith(where)]
    assert report.startswith(where + "`zorgg` is geen toegelaten waarde — bedoel je `zorg`? "
                             "toegelaten waarden: ")
    assert report.endswith("(vastgelegd in content/_data/)")
    assert all(f" {key}," in report or f" {key} (" in report for key in sectors)
    assert done.stdout.splitlines()[-1] == "1 fout(en), 0 waarschuwing(en)."
    assert str(tmp_path) not in done.stdout + done.stderr


def test_the_setting_answers_in_french_or_english(tmp_path):
    root, line = _wrong_sector(tmp_path)
    french = project.invoke(root, "check", lang="fr").stdout
    assert f"opleiding.md:{line}: Sectors: `zorgg` n'est pas une valeur autorisée — " \
           "vouliez-vous dire `zorg` ? valeurs autorisées : " in french
    assert "1 erreur(s), 0 avertissement(s)." in french
    english = project.invoke(root, "check", lang="en").stdout
    assert f"opleiding.md:{line}: Sectors: `zorgg` is not an allowed value — did you mean " \
           "`zorg`? allowed values: " in english
    assert "is geen toegelaten waarde" in project.invoke(root, "check", lang="").stdout
    project.edit(root / "pelicanconf.py", 'AUTHOR_LANG = "nl"', 'AUTHOR_LANG = "fr"')
    assert "n'est pas une valeur autorisée" in project.invoke(root, "check", lang="").stdout


def test_json_keeps_the_code_and_translates_the_text(tmp_path):
    root, line = _wrong_sector(tmp_path)
    found = json.loads(project.invoke(root, "check", "--json", lang="nl").stdout)
    [problem] = [p for p in found if p["path"].endswith("nl/opleiding.md")]
    assert (problem["line"], problem["field"], problem["code"]) == (line, "Sectors",
                                                                     "term-unknown")
    assert problem["message"] == "`zorgg` is geen toegelaten waarde"


def test_the_example_for_an_empty_summary_is_in_the_language_of_the_file(tmp_path):
    root = project.make(tmp_path)
    for lang in ("nl", "fr"):
        path = root / "content" / "measures" / lang / "loopbaanbegeleiding.md"
        summary = next(ln for ln in path.read_text("utf-8").splitlines()
                       if ln.startswith("Summary:"))
        project.edit(path, summary + "\n", "Summary:\n")
    problems = {p.path.split("/")[2]: p for p in project.check(root)
                if p.code == "field-empty" and p.field == "Summary"}
    assert "Un coach de carrière vous aide" in say(problems["fr"].hint, "nl")
    assert "loopbaancoach" not in say(problems["fr"].hint, "nl")
    assert say(problems["fr"].hint, "nl").startswith("vul het in, bv. `Summary: ")
    assert "Een loopbaancoach helpt je" in say(problems["nl"].hint, "nl")


def test_the_example_alt_text_is_in_the_language_of_the_file(tmp_path):
    root = project.make(tmp_path)
    path = root / "content" / "measures" / "fr" / "loopbaanbegeleiding.md"
    path.write_text(path.read_text("utf-8") + "\n![](/images/coach.png)\n", "utf-8")
    [alt] = [p for p in project.check(root) if p.code == "image-no-alt"]
    assert say(alt.hint, "nl") == "beschrijf tussen de haakjes wat de afbeelding toont: " \
                                  "`![Une coach de carrière en entretien](/images/coach.png)`"


def test_a_problem_from_the_cache_is_shown_in_the_language_asked_for():
    problem = Problem("content/x.md", 3, "Sectors", msg("`{value}` is not an allowed value",
                                                        value="zorgg"), msg("shorten it"))
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem
    assert again.format("nl") == "content/x.md:3: Sectors: `zorgg` is geen toegelaten " \
                                 "waarde — maak het korter"
    assert again.format("en") == "content/x.md:3: Sectors: `zorgg` is not an allowed value " \
                                 "— shorten it"


def test_a_broken_translation_shows_the_english_text(monkeypatch):
    broken = {"`{value}` is not an allowed value": "`{waarde}` is fout"}
    monkeypatch.setattr(author_messages, "catalog", lambda lang: broken)
    text = msg("`{value}` is not an allowed value", value="x")
    assert say(text, "nl") == "`x` is not an allowed value"


def test_new_and_translations_answer_in_dutch(tmp_path):
    root = project.make(tmp_path, with_code=True)
    made = project.invoke(root, "new", "--type", "case", "--title", "Overstap in de haven",
                          lang="nl")
    assert made.stdout.splitlines()[0] == "content/cases/nl/overstap-in-de-haven.md gemaakt"
    assert (root / "content" / "cases" / "nl" / "overstap-in-de-haven.md").is_file()
    again = project.invoke(root, "new", "--type", "case", "--title", "Overstap in de haven",
                           lang="nl")
    assert again.returncode == 1
    assert "content/cases/nl/overstap-in-de-haven.md bestaat al" in again.stderr
    wrong = project.invoke(root, "new", "--type", "cas", "--title", "X", lang="nl")
    assert "`cas` is geen soort inhoud: gebruik een van: measure, case" in wrong.stderr
    status = project.invoke(root, "translations", lang="nl").stdout
    assert status.startswith("Vertalingen van de ")
    assert "Te doen:" in status and "Totalen:" in status
    assert " ontbreekt" in status and " missing" not in status
    for out in (made, again, wrong):
        assert str(tmp_path) not in out.stdout + out.stderr


def test_the_preview_error_page_is_in_the_author_language():
    from portal.devserver import waiting_page

    dutch = waiting_page("content/x.md:1: <fout>", "nl")
    assert '<html lang="nl">' in dutch and "De preview kon niet gebouwd worden" in dutch
    assert "content/x.md:1: &lt;fout&gt;" in dutch
    assert "L&#x27;aperçu n&#x27;a pas pu être construit" in waiting_page("", "fr")


def _sources(root: Path) -> Path:
    return root / "content" / "_data" / "sources.toml"


SOURCE = ["--key", "vdab-loopbaancheques", "--title", "VDAB. Loopbaanbegeleiding.",
          "--url", "https://www.vdab.be/loopbaanbegeleiding", "--year", "2024",
          "--nl", "Webpagina van VDAB over loopbaanbegeleiding",
          "--fr", "Page web du VDAB sur l'accompagnement de carrière",
          "--en", "VDAB web page on career guidance"]


def test_new_source_adds_an_entry_the_build_accepts(tmp_path):
    root = project.make(tmp_path, with_code=True)
    before = tomllib.loads(_sources(root).read_text("utf-8"))
    done = project.invoke(root, "new", "--type", "source", *SOURCE, lang="nl")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Bron `vdab-loopbaancheques` toegevoegd")
    after = tomllib.loads(_sources(root).read_text("utf-8"))
    assert {k: v for k, v in after.items() if k != "vdab-loopbaancheques"} == before
    assert after["vdab-loopbaancheques"] == {
        "reference": "VDAB. Loopbaanbegeleiding.", "year": 2024,
        "url": "https://www.vdab.be/loopbaanbegeleiding", "verified": False,
        "nl": "Webpagina van VDAB over loopbaanbegeleiding",
        "fr": "Page web du VDAB sur l'accompagnement de carrière",
        "en": "VDAB web page on career guidance"}
    item = root / "content" / "measures" / "nl" / "opleiding.md"
    sources = next(ln for ln in item.read_text("utf-8").splitlines() if ln.startswith("Sources:"))
    project.edit(item, sources + "\n", sources + ", vdab-loopbaancheques\n")
    assert project.invoke(root, "check").returncode == 0


def test_new_source_refuses_without_touching_the_file(tmp_path):
    root = project.make(tmp_path, with_code=True)
    assert project.invoke(root, "new", "--type", "source", *SOURCE).returncode == 0
    written = _sources(root).read_bytes()
    twice = project.invoke(root, "new", "--type", "source", *SOURCE, lang="nl")
    assert twice.returncode == 1
    assert "heeft al een bron `vdab-loopbaancheques`" in twice.stderr
    too_long = [*SOURCE[:-1], "x" * 300]
    too_long[1] = "andere-bron"
    refused = project.invoke(root, "new", "--type", "source", *too_long, lang="nl")
    assert refused.returncode == 1
    assert "de nieuwe bron werd niet toegevoegd" in refused.stderr
    assert ".en: is 300 tekens lang, het maximum is 200" in refused.stderr
    missing = project.invoke(root, "new", "--type", "source", "--title", "X", lang="nl")
    assert "Niet toegevoegd: --url, --nl, --fr, --en ontbreekt nog" in missing.stdout
    assert 'nl = "..."' in missing.stdout
    assert _sources(root).read_bytes() == written


def test_new_source_asks_for_what_is_missing(tmp_path):
    from content_model.new_source import Source
    from editorial import commands

    root = project.make(tmp_path)
    answers = iter(["VDAB. Opleidingsverlof.", "https://www.vlaanderen.be/opleidingsverlof",
                    "Webpagina over Vlaams opleidingsverlof", "Page sur le congé-éducation",
                    "Page on training leave", ""])
    asked = []

    def prompt(question):
        asked.append(question)
        return next(answers)

    said = commands.new_source(root, project.settings(PATH="content"), Source(), True, prompt)
    entry = tomllib.loads(_sources(root).read_text("utf-8"))["vdab-opleidingsverlof"]
    assert entry["url"] == "https://www.vlaanderen.be/opleidingsverlof"
    assert entry["fr"] == "Page sur le congé-éducation" and entry["verified"] is False
    assert len(asked) == 6 and "vdab-opleidingsverlof" in said


def test_languages_are_named_not_coded_in_dutch_and_french():
    """"in het Frans", not "in het fr": a language in a message is named in the author's
    language (worked out by hand from the catalogs' sentences)."""
    from content_model.messages import msg, say

    text = msg("`{translate}` already has a {lang} version — edit that file",
               translate="opleiding", lang="fr")
    assert say(text, "nl") == "`opleiding` heeft al een versie in het Frans: pas dat bestand aan"
    assert "{lang}" not in say(text, "fr") and "français" in say(text, "fr")
    assert say(text, "en") == str(text) == "`opleiding` already has a fr version — edit that file"


def test_an_address_without_a_page_in_the_preview_says_so_and_reloads_itself():
    """A new translation's address before its build ends: a page in the author's language
    that reloads by itself (the preview's reload script), not the server's English 404."""
    from portal.devserver import missing_page

    page = missing_page("nl")
    assert '<html lang="nl">' in page and "Op dit adres staat (nog) geen pagina" in page
    assert "laadt vanzelf opnieuw" in page and '<script src="/__reload.js">' in page
    assert "Error response" not in page and "File not found" not in page
    assert "Il n’y a pas (encore) de page" in missing_page("fr")


def test_the_preview_server_answers_a_missing_address_with_that_page(tmp_path):
    import types
    import urllib.error
    import urllib.request

    from portal.devserver import missing_page
    from tests.support import preview_server

    with preview_server(types.SimpleNamespace(folder=tmp_path)) as origin:
        try:
            urllib.request.urlopen(origin + "/fr/exemples/nouveau/", timeout=30)
            raise AssertionError("a missing address answered")
        except urllib.error.HTTPError as answer:
            assert answer.code == 404
            assert answer.read().decode() == missing_page()
