"""The web editor in Chromium, on a copy of the portal's content (never the real content/).

An author creates a case in Dutch with its French translation and publishes it: both files
appear where the identity decision puts them (one file name, one folder per language), hold
what was typed, and `invoke check` finds nothing new. An existing item edited in the editor
changes by the edited line only: its body (with the portal's own Markdown: `{ref}` links,
attribute lists, hard line breaks) and its translations stay byte for byte.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from content_model.reader import decode, split_header
from tests.browser import until
from tests.support import ROOT

INVOKE = Path(sys.executable).parent / "invoke"
CASE = {
    "Title": "Bouwbedrijf leidt schilders op tot zorgkundigen",
    "Slug": "bouw-naar-zorg",
    "Date": "2026-12-01",
    "Summary": "Een bouwbedrijf en een zorgnetwerk helpen schilders om zorgkundige te worden.",
    "Organisation": "{org}vdab",
}
#: select fields: what the author types, the value the file must hold
CHOICES = [("Audiences", "Werkenden", "werkenden"), ("Sectors", "Alle sectoren", "alle-sectoren"),
           ("Regions", "Vlaanderen", "vlaanderen"), ("Sources", "ams-2021", "ams-2021"),
           ("Duration", "Structureel", "structureel"), ("Approach", "Proactief", "proactief"),
           ("Focus", "Werknemers", "werknemers"), ("Parties", "Werknemer", "werknemer"),
           ("Support", "Opleiding", "opleiding"), ("Target-Groups", "Iedereen", "algemeen"),
           ("Measures", "Loopbaanbegeleiding", "loopbaanbegeleiding")]
FRENCH = {
    "Title": "Une entreprise de construction forme des peintres aux soins",
    "Slug": "de-la-construction-aux-soins",
    "Summary": "Une entreprise et un réseau de soins aident des peintres à devenir "
               "aides-soignants.",
    "Organisation": "{org}vdab",
}
BODY_NL = ("Een tekst met een [link]({ref}loopbaanbegeleiding).\n\n## Wat gebeurde er?\n\n"
           "Meer tekst.\n")
BODY_FR = "Un texte avec un [lien]({ref}loopbaanbegeleiding).\n"
#: Markdown the portal relies on, put into an existing item's body before the editor opens it
TRICKY = ("\n## Proef {: #proef .klasse }\n\nEen regel met een harde breuk  \nen verder, "
          "[een item]({ref}loopbaanfondsen) en [VDAB]({org}vdab).\n\n* ster\n* lijst\n\n"
          "1) haakje\n2) lijst\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n<!-- opmerking -->\n"
          "Kop met streep\n-------------\n\n\\*geen nadruk\\* en een\u00a0harde spatie.\n"
          "\tmet tab\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the portal (content, code, settings) to edit: `invoke check` runs in it."""
    root = tmp_path_factory.mktemp("editor") / "project"
    shutil.copytree(ROOT / "content", root / "content")
    for name in ("plugins", "theme", "search"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "addresses.tsv"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def editor(project):
    from editor.server import EditorServer

    with EditorServer(project) as server:
        yield server


def check(root: Path) -> tuple[int, list[dict]]:
    done = subprocess.run([str(INVOKE), "check", "--json"], cwd=root, capture_output=True,
                          text=True, timeout=600)
    return done.returncode, json.loads(done.stdout[done.stdout.index("["):])


def header(path: Path) -> tuple[dict, str]:
    entries, body, _ = split_header(decode(path.read_bytes(), "x", []), "x", [])
    return {name: value for _, name, value in entries}, body


def field_id(page, name: str, pane: int = 0) -> str:
    return "#" + page.locator(f'label[for^="{name}-field-"]').nth(pane).get_attribute("for")


def open_editor(browser, editor, hash_: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    away: list[str] = []
    page.on("request", lambda r: r.url.startswith(f"http://127.0.0.1:{editor.port}/")
            or r.url.startswith(("blob:", "data:")) or away.append(r.url))
    page.goto(editor.url)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(editor.url + hash_)
    page.wait_for_selector('label[for^="Title-field-"]')
    return page, errors, away


def type_body(page, pane: int, text: str) -> None:
    page.locator('[aria-label="markdown field"] [contenteditable=true]').nth(pane).click()
    page.keyboard.insert_text(text)


def publish(page) -> None:
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_text("Publiceer nu", exact=True).click()
    until(page, "/ok|has-problems/.test(document.getElementById('overstap-check').className)",
          timeout=120)


def test_an_author_creates_a_case_and_its_french_translation(browser, editor, project):
    code, before = check(project)
    assert code == 0, before
    page, errors, away = open_editor(browser, editor, "#/collections/cases/new")
    for name, value in CASE.items():
        page.fill(field_id(page, name), value)
    for name, typed, _ in CHOICES:
        page.click(field_id(page, name))
        page.keyboard.type(typed)
        page.get_by_role("option").first.wait_for(timeout=10000)
        page.keyboard.press("Enter")
    type_body(page, 0, BODY_NL)
    for name, value in FRENCH.items():
        page.fill(field_id(page, name, 1), value)
    type_body(page, 1, BODY_FR)
    publish(page)

    nl = project / "content" / "cases" / "nl" / "bouw-naar-zorg.md"
    fr = project / "content" / "cases" / "fr" / "bouw-naar-zorg.md"
    assert nl.is_file() and fr.is_file()
    assert not (project / "content" / "cases" / "en" / "bouw-naar-zorg.md").exists()
    nl_fields, nl_body = header(nl)
    fr_fields, fr_body = header(fr)
    assert {k: nl_fields[k] for k in CASE} == CASE
    assert {k: fr_fields[k] for k in FRENCH} == FRENCH
    assert (nl_fields["Lang"], fr_fields["Lang"]) == ("nl", "fr")
    assert nl_fields["Type"] == fr_fields["Type"] == "case"
    for name, _, value in CHOICES:
        assert nl_fields[name] == fr_fields[name] == value, name
    assert fr_fields["Date"] == CASE["Date"]
    assert (nl_body, fr_body) == (BODY_NL, BODY_FR)
    # the editor tells the author the result of the checks on the saved files
    assert "geen problemen" in page.inner_text("#overstap-check")

    code, after = check(project)
    new = [p for p in after if p not in before]
    assert (code, new) == (0, []), new
    assert errors == [] and away == []
    page.close()


def test_an_edit_leaves_the_body_and_the_translations_byte_for_byte(browser, editor, project):
    cases = project / "content" / "cases"
    nl = cases / "nl" / "alimento.md"
    nl.write_text(nl.read_text("utf-8") + TRICKY, "utf-8")
    before = {lang: (cases / lang / "alimento.md").read_bytes() for lang in ("nl", "fr", "en")}
    page, errors, away = open_editor(browser, editor, "#/collections/cases/entries/alimento")
    summary = "Alimento biedt loopbaanbegeleiding aan via het sectorfonds."
    page.fill(field_id(page, "Summary"), summary)
    publish(page)

    after = {lang: (cases / lang / "alimento.md").read_bytes() for lang in ("nl", "fr", "en")}
    assert after["fr"] == before["fr"] and after["en"] == before["en"]
    old = before["nl"].decode().split("\n")
    new = after["nl"].decode().split("\n")
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [(next(x for x in old if x.startswith("Summary:")), f"Summary: {summary}")]
    assert errors == [] and away == []
    page.close()


def test_the_checks_messages_show_in_the_editor_after_a_save(browser, editor, project):
    # a sector no source sentence supports: `invoke check` reports it, and so must the editor
    page, errors, away = open_editor(browser, editor, "#/collections/cases/entries/alimento")
    page.click(field_id(page, "Sectors"))
    page.keyboard.type("Zorg")
    page.get_by_role("option").first.wait_for(timeout=10000)
    page.keyboard.press("Enter")
    publish(page)
    shown = page.inner_text("#overstap-check")
    code, problems = check(project)
    mine = [p for p in problems if p["path"].endswith("/alimento.md")]
    assert code == 1 and any(p["field"] == "Sectors" for p in mine)
    assert "probleem" in shown
    for problem in mine:  # every problem of the saved files, with where and what to do
        assert f"{problem['path']}:{problem['line']}: " in shown
        assert problem["message"] in shown and f"[{problem['code']}]" in shown
    assert errors == [] and away == []
    page.close()


def test_the_editors_preview_uses_the_portals_style_sheet(browser, editor, project):
    page, errors, away = open_editor(browser, editor, "#/collections/cases/entries/alimento")
    sheets: list[tuple[str, int]] = []
    page.on("response", lambda r: r.url.endswith(".css") and sheets.append((r.url, r.status)))
    page.get_by_title("Wissel voorvertoning").click()
    frame = page.frame_locator("iframe").first
    frame.locator("body").wait_for()
    title = header(project / "content" / "cases" / "nl" / "alimento.md")[0]["Title"]
    until(page, "(t) => { const f = document.querySelector('iframe'); return f && "
                "f.contentDocument && f.contentDocument.body.textContent.includes(t); }", title)
    links = page.evaluate("Array.from(document.querySelector('iframe').contentDocument"
                          ".querySelectorAll('link[rel=stylesheet]')).map(l => l.href)")
    portal = f"http://127.0.0.1:{editor.port}/admin/portal.css"
    assert portal in links and (portal, 200) in sheets
    assert errors == [] and away == []
    page.close()


def test_axe_finds_nothing_in_what_the_portal_adds_to_the_editor(browser, editor):
    # Decap's own findings are listed in docs/dev/editor.md; the parts this project adds (the
    # filled-in language and type, the names of the Markdown text boxes) must be clean
    from tests.browser import run_axe

    page, errors, away = open_editor(browser, editor, "#/collections/cases/new")
    until(page, "document.querySelectorAll('[aria-label=\"markdown field\"] "
                "[role=textbox][aria-label]').length === 2")
    found = run_axe(page)
    ours = [v["id"] for v in found for node in v["nodes"]
            if re.search(r"#(Lang|Type)-field-|overstap|role=\"textbox\"", json.dumps(node))]
    assert ours == []
    assert "aria-input-field-name" not in [v["id"] for v in found]
    page.close()


def test_the_editor_runs_under_its_own_policy_and_loads_nothing_from_elsewhere(editor):
    import urllib.request

    with urllib.request.urlopen(editor.url) as response:
        policy = response.headers["Content-Security-Policy"]
        page = response.read().decode()
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert re.findall(r'(?:src|href)="([^"]+)"', page) and \
        all(u.startswith("/admin/") for u in re.findall(r'(?:src|href)="([^"]+)"', page))
