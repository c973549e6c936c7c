"""The organisations register (content/_data/organisations.toml) as readers meet it.

Expectations are worked out here from the data files and the Markdown headers with a reader of
our own (`Key: value` lines until the first blank line, `{org}key` found with one regular
expression), never from the site model:

- every measure and case page links, inside `<main>`, to the register entry of each
  organisation its header names (`{org}key` in Provider, Organisation, Partners, Contact, and
  the parties that are organisations), lists exactly those, and shows each one's website as the
  register has it; its embed view links the organisation line too;
- the register page of each language lists every entry once, with exactly the items that name
  it (header or text);
- an unknown key stops `invoke check` and the build, with the file, line, field and code;
- the contact page and the accessibility statement carry a `mailto:` of the setting.
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
import tomllib
from pathlib import Path
from urllib.parse import urldefrag

import lxml.html
import pytest

from tests import authoring_project as project
from tests.support import FIXTURE_DATE, ROOT, build

CONTENT = ROOT / "content"
LANGS = ("nl", "fr", "en")
TOKEN = re.compile(r"\{org\}([a-z0-9-]+)")
BODY_LINK = re.compile(r"\]\(\{org\}([a-z0-9-]+)\)")
HEADER_TEXTS = ("Provider", "Organisation", "Partners", "Contact")


def register() -> dict:
    return tomllib.loads((CONTENT / "_data" / "organisations.toml").read_text("utf-8"))


def party_organisations() -> dict:
    parties = tomllib.loads((CONTENT / "_data" / "parties.toml").read_text("utf-8"))
    return {k: v["organisation"] for k, v in parties.items() if "organisation" in v}


def sections() -> dict:
    import pelicanconf

    return {lang: info["sections"] for lang, info in pelicanconf.LANGS.items()}


def read(path: Path) -> tuple[dict, str]:
    head, _, body = path.read_text("utf-8").partition("\n\n")
    fields = {}
    for line in head.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields, body


def words(text: str) -> str:
    """Text as read: French typography puts a narrow no-break space before `:`."""
    return " ".join(text.split())


def published(fields: dict) -> bool:
    return fields.get("Status") != "draft" and fields.get("Date", "") <= FIXTURE_DATE and \
        not ("Expires" in fields and fields["Expires"] < FIXTURE_DATE)


def named(fields: dict) -> list[str]:
    """The organisations a header names: its texts' `{org}` keys, then its parties'."""
    keys = [k for name in HEADER_TEXTS for k in TOKEN.findall(fields.get(name, ""))]
    by_party = party_organisations()
    parties = [p.strip() for p in fields.get("Parties", "").split(",") if p.strip()]
    keys += [by_party[p] for p in parties if p in by_party]
    return list(dict.fromkeys(keys))


def items(folder: str, lang: str):
    for path in sorted((CONTENT / folder / lang).glob("*.md")):
        fields, body = read(path)
        if published(fields):
            yield path, fields, body


def page(site: Path, url: str):
    return lxml.html.parse(str(site / url.strip("/") / "index.html")).getroot()


def register_url(lang: str) -> str:
    return f"/{lang}/{sections()[lang]['organisations']}/"


ITEM_FOLDERS = {"measures": "measure", "cases": "case"}


# -- item pages ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("folder", ITEM_FOLDERS)
def test_item_pages_link_each_organisation_they_name(portal_site, folder, lang):
    orgs, checked = register(), 0
    for path, fields, _ in items(folder, lang):
        url = f"/{lang}/{sections()[lang][ITEM_FOLDERS[folder]]}/{fields.get('Slug') or path.stem}/"
        main = page(portal_site, url).find(".//main")
        hrefs = {a.get("href") for a in main.iter("a")}
        wanted = named(fields)
        for key in wanted:
            assert f"{register_url(lang)}#{key}" in hrefs, f"{url} does not link {key}"
        listed = {}
        for entry in main.cssselect("li.org"):
            links = [a.get("href") for a in entry.iter("a")]
            own = urldefrag(links[0])
            assert own.url == register_url(lang), f"{url}: {links[0]}"
            assert own.fragment not in listed, f"{url} lists {own.fragment} twice"
            listed[own.fragment] = {h for h in links if h.startswith("https://")}
        # a local branch stands for its network (`part_of`): the network is not listed
        branches_of = {orgs[k].get("part_of") for k in wanted}
        assert list(listed) == [k for k in wanted if k not in branches_of], url
        for key, external in listed.items():
            website = orgs[key].get("website")
            assert external == ({website} if website else set()), (url, key)
            assert main.cssselect(f'li.org a[href="{website}"][rel~="noopener"]') \
                if website else True
        checked += bool(wanted)
    assert checked, f"no {folder} in {lang} names an organisation"


@pytest.mark.parametrize("lang", LANGS)
def test_embed_views_link_the_organisation_line(portal_site, lang):
    for path, fields, _ in items("cases", lang):
        url = f"/{lang}/embed/{sections()[lang]['case']}/{fields.get('Slug') or path.stem}/"
        facts = page(portal_site, url).cssselect(".embed-fact")
        hrefs = {a.get("href") for fact in facts for a in fact.iter("a")}
        keys = TOKEN.findall(fields["Organisation"])
        assert keys and hrefs == {f"{register_url(lang)}#{k}" for k in keys}, url


# -- the register page --------------------------------------------------------------------------
def naming_titles(lang: str) -> dict[str, list[str]]:
    """key -> titles of the published items of `lang` that name it (header or text)."""
    found: dict[str, list[str]] = {}
    for folder in ("measures", "cases", "stories", "hubs", "pages"):
        for _, fields, body in items(folder, lang):
            keys = dict.fromkeys(named(fields) + BODY_LINK.findall(body))
            for key in keys:
                found.setdefault(key, []).append(words(fields["Title"]))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_register_page_lists_every_entry_once_with_the_items_that_name_it(portal_site, lang):
    orgs, expected = register(), naming_titles(lang)
    root = page(portal_site, register_url(lang))
    entries = root.find(".//main").cssselect("section.org-entry")
    ids = [e.get("id") for e in entries]
    assert sorted(ids) == sorted(orgs) and len(set(ids)) == len(ids)
    for entry in entries:
        key = entry.get("id")
        assert words(entry.cssselect("h3")[0].text_content()) == words(orgs[key][lang])
        titles = [words(a.text_content()) for a in entry.cssselect(".org-items a")]
        assert sorted(titles) == sorted(expected.get(key, [])), key
        external = [a.get("href") for a in entry.iter("a") if a.get("href", "").startswith("http")]
        assert external == ([orgs[key]["website"]] if "website" in orgs[key] else []), key


def test_every_website_is_an_https_home_page_marked_to_verify():
    for key, org in register().items():
        if "website" in org:
            assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]+/", org["website"]), key
        assert org["verified"] is False, f"{key}: nobody has checked it online yet"


def test_status_page_lists_the_entries_to_verify(portal_site):
    data = json.loads((portal_site / "nl" / "redactie" / "vertalingen.json").read_text("utf-8"))
    to_verify = {k for k, v in register().items() if not v["verified"]}
    assert {row["key"] for row in data["organisations_to_verify"]} == to_verify
    html = page(portal_site, "/nl/redactie/vertalingen/")
    rows = html.cssselect('[aria-labelledby="verify-title"] tbody th a')
    assert {urldefrag(a.get("href")).fragment for a in rows} == to_verify


# -- an organisation the register lacks ---------------------------------------------------------
def project_with_register(tmp_path: Path) -> Path:
    root = project.make(tmp_path, with_code=True)
    shutil.copy(CONTENT / "_data" / "organisations.toml", root / "content" / "_data")
    return root


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if line.startswith(start))


@pytest.mark.parametrize("where", ["header", "text"])
def test_an_unknown_organisation_stops_check_and_build(tmp_path, where):
    root = project_with_register(tmp_path)
    case = root / "content" / "cases" / "nl" / "voorbeeld-gent.md"
    fields, body = read(case)
    if where == "header":
        old = f"Organisation: {fields['Organisation']}"
        project.edit(case, old, "Organisation: {org}vdabb en anderen")
        line, field = line_of(case, "Organisation:"), "Organisation"
    else:
        first = next(t for t in body.splitlines() if t.strip() and not t.startswith("#"))
        project.edit(case, first, first + " Vraag [VDAB]({org}vdabb).")
        line, field = line_of(case, first), "link"
    result = project.invoke(root, "check", "--json")
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [p for p in json.loads(result.stdout) if p["code"] == "organisation-unknown"]
    assert [(p["path"], p["line"], p["field"]) for p in problems] == \
        [("content/cases/nl/voorbeeld-gent.md", line, field)]
    assert "{org}vdab`" in problems[0]["hint"]  # the closest key
    if where == "header":
        out = tmp_path / "output"
        code, report = build(root / "content", out)
        assert code != 0 and not out.exists()
        assert f"content/cases/nl/voorbeeld-gent.md:{line}: Organisation: `{{org}}vdabb`" in report


def test_register_mistakes_have_codes_and_lines(tmp_path):
    from content_model.taxonomy import load_taxonomies

    data = tmp_path / "content" / "_data"
    shutil.copytree(CONTENT / "_data", data)
    path = data / "organisations.toml"
    text = path.read_text("utf-8")
    text = text.replace('website = "https://www.vdab.be/"', 'website = "http://www.vdab.be/x"')
    text = text.replace('kind = "federatie"', 'kind = "vereniging"')
    path.write_text(text, "utf-8")
    parties = data / "parties.toml"
    parties.write_text(parties.read_text("utf-8").replace('organisation = "vlaio"',
                                                          'organisation = "vlaoi"'), "utf-8")
    _, problems = load_taxonomies(data, list(LANGS), tmp_path)
    found = {(p.path.split("/")[-1], p.line, p.code) for p in problems}
    assert found == {
        ("organisations.toml", line_of(path, 'website = "http://'), "data-bad-website"),
        ("organisations.toml", line_of(path, 'kind = "vereniging"'), "data-unknown-choice"),
        ("parties.toml", line_of(parties, 'organisation = "vlaoi"'), "data-unknown-reference"),
    }


# -- the editorial contact ----------------------------------------------------------------------
def contact_email() -> str:
    return runpy.run_path(str(ROOT / "publishconf.py"))["CONTACT_EMAIL"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["contact", "toegankelijkheid"])
def test_contact_and_accessibility_pages_give_the_editors_address(portal_site, name, lang):
    fields, _ = read(CONTENT / "pages" / lang / f"{name}.md")
    main = page(portal_site, f"/{lang}/{fields.get('Slug') or name}/").find(".//main")
    mails = [a for a in main.iter("a") if a.get("href", "").startswith("mailto:")]
    email = contact_email()
    assert email and [(a.get("href"), a.text_content()) for a in mails] == \
        [(f"mailto:{email}", email)]


def test_the_published_address_follows_the_public_domain_unless_set(monkeypatch):
    monkeypatch.setenv("OVERSTAP_PUBLIC_URL", "https://www.overstap.be")
    monkeypatch.delenv("OVERSTAP_CONTACT_EMAIL", raising=False)
    assert runpy.run_path(str(ROOT / "publishconf.py"))["CONTACT_EMAIL"] == \
        "redactie@overstap.be"
    monkeypatch.setenv("OVERSTAP_CONTACT_EMAIL", "info@werk.example.org")
    assert runpy.run_path(str(ROOT / "publishconf.py"))["CONTACT_EMAIL"] == \
        "info@werk.example.org"


@pytest.mark.parametrize(("email", "public", "form", "codes"), [
    ("redactie@overstap.example", "https://overstap.example", "", []),
    ("redactie@overstap.example", "http://127.0.0.1:8000", "", []),
    ("redactie@overstap.example", "https://www.overstap.be", "", ["contact-email-placeholder"]),
    ("redactie@overstap.be", "https://www.overstap.be", "", []),
    ("redactie at overstap.be", "https://www.overstap.be", "", ["contact-email-invalid"]),
    ("redactie@overstap.be", "https://www.overstap.be", "http://form.example/x",
     ["contact-form-invalid"]),
])
def test_contact_settings_are_checked(email, public, form, codes):
    from portal import contact

    found = contact.problems({"CONTACT_EMAIL": email, "PUBLIC_URL": public,
                              "CONTACT_FORM_URL": form})
    assert [(p.code, p.severity) for p in found] == [(c, "error") for c in codes]
