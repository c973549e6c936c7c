"""The glossary, the terminology list and the "source says nothing" check, as facts.

The expectations are worked out here from content/_data/glossary.toml and the built pages
with a reader of our own (tomllib, lxml and a whole-word search written here), never with
content_model.glossary: a fault in its matcher cannot make the expectation wrong the same way.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata

import lxml.html
import pytest

from tests import authoring_project as project
from tests.support import ROOT

LANGS = ("nl", "fr", "en")
GLOSSARY = tomllib.loads((ROOT / "content" / "_data" / "glossary.toml").read_text("utf-8"))
PAGES = {"nl": "nl/woordenlijst/index.html", "fr": "fr/glossaire/index.html",
         "en": "en/glossary/index.html"}
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "abbr", "dfn", "summary"}


def forms(key: str, lang: str) -> list[str]:
    """The words that stand for a term in a text of `lang`: its own, then the Dutch ones."""
    row = GLOSSARY[key]
    found = [row[lang]] + [f.strip() for f in row.get("forms", {}).get(lang, "").split(",")]
    if lang != "nl":
        found += [row["nl"]] + [f.strip() for f in row.get("forms", {}).get("nl", "").split(",")]
    return [f for f in found if f]


def find(text: str, form: str) -> int:
    """Where `form` first stands in `text` as whole words (first letter either case), not in a
    web address (`www.werkschakelpunt.be`) nor in a name (a capital, then a capitalised word:
    "Werkschakelpunt Gent"), or -1."""
    words = [re.escape(w) for w in form.replace("'", "’").split()]
    head = words[0]
    pattern = "(?:" + head[0].lower() + "|" + head[0].upper() + ")" + head[1:]
    pattern = r"\s+".join([pattern] + words[1:]).replace("’", "['’]")
    for found in re.finditer(rf"(?<![\w./@-]){pattern}(?![\w-]|[./@:]\w)", text):
        after = re.match(r"[ \u00a0]+(\w)", text[found.end():])
        if found.group(0)[0].isupper() and after and after.group(1).isupper():
            continue  # "Werkschakelpunt Gent": a name, not the term
        return found.start()
    return -1


# -- the data: every term in every language ------------------------------------------------------
def test_every_term_has_a_term_and_a_definition_in_every_language():
    assert len(GLOSSARY) >= 10
    for key, row in GLOSSARY.items():
        for lang in LANGS:
            assert row.get(lang, "").strip(), f"{key}: no term in {lang}"
            assert len(row["definition"].get(lang, "").strip()) > 20, f"{key}: {lang}"


def test_a_definition_from_outside_the_research_cites_a_source_to_verify():
    sources = tomllib.loads((ROOT / "content" / "_data" / "sources.toml").read_text("utf-8"))
    outside = {"loopbaancheques", "outplacement", "tijdelijke-werkloosheid", "opleidingsverlof",
               "tijdskrediet", "terbeschikkingstelling"}
    for key in outside:
        source = GLOSSARY[key].get("source")
        assert source in sources, f"{key}: no source"
        assert sources[source].get("verified") is False, f"{key}: {source} is not marked"


def test_every_definition_is_plain_language():
    """B1: no sentence over the limit, no long word (the glossary's own terms excepted)."""
    from content_model.glossary import Glossary
    from content_model.plain_language import check_text

    known = Glossary.from_data(GLOSSARY)
    for key, row in GLOSSARY.items():
        for lang in LANGS:
            found = [p.message for p in check_text(f"{key}.{lang}", lang, row["definition"][lang],
                                                   1, known=known.known_words(lang))
                     if p.code in ("long-sentence", "long-word")]
            assert found == [], f"{key}.{lang}: {found}"


def test_the_definitions_follow_the_terminology_list():
    rules = tomllib.loads((ROOT / "content" / "_data" / "terminology.toml").read_text("utf-8"))
    for key, row in GLOSSARY.items():
        for lang in LANGS:
            text = row["definition"][lang] + " " + row[lang]
            for name, rule in rules.items():
                for form in rule.get("avoid", {}).get(lang, "").split(","):
                    if form.strip():
                        assert find(text, form.strip()) < 0, f"{key}.{lang}: {form} ({name})"


# -- the glossary page --------------------------------------------------------------------------
def spaced(text: str) -> str:
    """White space as one plain space (French pages put no-break spaces before `:`)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def flat(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_page_lists_each_term_once_with_its_definition(portal_site, lang):
    doc = lxml.html.fromstring((portal_site / PAGES[lang]).read_bytes())
    assert doc.get("lang") == lang
    entries = doc.xpath("//main//dl[@class='glossary']/div")
    assert sorted(e.get("id") for e in entries) == sorted(GLOSSARY)
    terms = [e.xpath("./dt/dfn")[0].text_content() for e in entries]
    assert terms == sorted(terms, key=flat), "not in alphabetical order"
    for entry in entries:
        row = GLOSSARY[entry.get("id")]
        assert spaced(entry.xpath("./dt/dfn")[0].text_content()) == spaced(row[lang])
        assert spaced(row["definition"][lang]) in spaced(entry.xpath("./dd")[0].text_content())
    assert len(doc.xpath("//h1")) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_the_glossary_in_its_footer(portal_site, lang):
    doc = lxml.html.fromstring((portal_site / lang / "index.html").read_bytes())
    hrefs = doc.xpath("//footer//a/@href")
    assert "/" + PAGES[lang].removesuffix("index.html") in hrefs


# -- first use on a page links to its entry -----------------------------------------------------
def item_pages(site) -> list[tuple[str, str]]:
    found = []
    for lang, sections in (("nl", ("maatregelen", "praktijkvoorbeelden", "verhalen")),
                           ("fr", ("mesures", "exemples", "recits")),
                           ("en", ("measures", "cases", "stories"))):
        for section in sections:
            for path in sorted((site / lang / section).glob("*/index.html")):
                doc = lxml.html.fromstring(path.read_bytes())
                if doc.xpath("//article//div[contains(@class, 'prose')]"):
                    found.append((lang, path.relative_to(site).as_posix()))
    return found


def eligible_text(prose) -> tuple[str, dict[int, str]]:
    """The text of the body a reader reads in running text (headings, code and links other
    than glossary links left out), and where each glossary link starts in it -> its key."""
    text, links = [], {}
    length = 0

    def walk(node, skipped):
        nonlocal length
        tag = node.tag if isinstance(node.tag, str) else ""
        glossary = tag == "a" and "glossary-link" in (node.get("class") or "")
        skip = skipped or tag in SKIP or (tag == "a" and not glossary)
        if glossary and not skipped:
            links[length] = node.get("href").rpartition("#")[2]
        if node.text and not skip:
            text.append(node.text)
            length += len(node.text)
        for child in node:
            walk(child, skip)
            if child.tail and not skip:
                text.append(child.tail)
                length += len(child.tail)
    walk(prose, False)
    return "".join(text), links


def test_the_first_use_of_each_term_links_to_its_entry_and_only_the_first(portal_site):
    pages = item_pages(portal_site)
    assert len(pages) > 60
    linked_somewhere = 0
    for lang, rel in pages:
        doc = lxml.html.fromstring((portal_site / rel).read_bytes())
        prose = doc.xpath("//article//div[contains(@class, 'prose')]")[0]
        hrefs = [a.get("href") for a in prose.xpath(".//a[contains(@class, 'glossary-link')]")]
        keys = [h.rpartition("#")[2] for h in hrefs]
        assert len(keys) == len(set(keys)), f"{rel}: a term linked twice: {keys}"
        assert all(h.startswith("/" + PAGES[lang].removesuffix("index.html")) for h in hrefs)
        text, links = eligible_text(prose)
        for key in GLOSSARY:
            firsts = [at for at in (find(text, f) for f in forms(key, lang)) if at >= 0]
            if not firsts:
                assert key not in keys, f"{rel}: {key} linked but not used"
                continue
            # the link stands where the term is first used, by any of its forms
            at = min(firsts)
            where = [pos for pos, k in links.items() if k == key]
            assert where == [at], f"{rel}: {key} first used at {at}, linked at {where}"
            linked_somewhere += 1
    assert linked_somewhere > 100


def test_no_glossary_link_stands_in_a_heading_a_link_or_code(portal_site):
    for _lang, rel in item_pages(portal_site):
        doc = lxml.html.fromstring((portal_site / rel).read_bytes())
        for link in doc.xpath("//a[contains(@class, 'glossary-link')]"):
            assert not link.xpath("ancestor::h1 | ancestor::h2 | ancestor::h3 | ancestor::h4 "
                                  "| ancestor::code | ancestor::pre | ancestor::a"), rel
            assert link.text_content().strip()


# -- the linker on crafted HTML: what it must never do --------------------------------------------
def glossary():
    from content_model.glossary import Glossary

    return Glossary.from_data({
        "werkschakelpunt": {"nl": "werkschakelpunt", "fr": "werkschakelpunt",
                            "en": "werkschakelpunt",
                            "definition": {"nl": "x", "fr": "x", "en": "x"},
                            "forms": {"nl": "werkschakelpunten", "en": "werkschakelpunten"}},
        "terbeschikkingstelling": {"nl": "terbeschikkingstelling", "fr": "mise à disposition",
                                   "en": "secondment",
                                   "definition": {"nl": "x", "fr": "x", "en": "x"}},
    })


def link(html: str, lang: str = "nl") -> str:
    from portal.glossary_links import link_terms

    return link_terms(html, lang, glossary(), "/nl/woordenlijst/")


def test_the_linker_links_the_first_use_only():
    out = link("<p>Twee werkschakelpunten. Een werkschakelpunt.</p><p>Werkschakelpunten.</p>")
    assert out.count("glossary-link") == 1
    assert out.startswith('<p>Twee <a class="glossary-link" href="/nl/woordenlijst/'
                          '#werkschakelpunt">werkschakelpunten</a>.')


@pytest.mark.parametrize("inside", ["h2", "h3", "a href='/x/'", "code", "pre", "summary"])
def test_the_linker_never_links_inside_headings_links_or_code(inside):
    tag = inside.split()[0]
    html = f"<{inside}>werkschakelpunt</{tag}><p>Het werkschakelpunt helpt.</p>"
    out = link(html)
    assert out.startswith(f"<{inside}>werkschakelpunt</{tag}>")
    assert '<p>Het <a class="glossary-link"' in out


def test_the_linker_keeps_words_and_entities_and_is_whole_word():
    out = link("<p>Tom &amp; Jerry: werkschakelpuntje, werkschakelpunt&#39;s.</p>")
    assert "Tom &amp; Jerry" in out
    assert "werkschakelpuntje" in out and out.count("glossary-link") == 1
    assert link("<p>Geen term hier &lt;b&gt;.</p>") == "<p>Geen term hier &lt;b&gt;.</p>"


def test_a_term_inside_a_name_is_not_the_term():
    """"Werkschakelpunt Gent" is a name (its entry is in the organisations register): the
    first use of the term itself is linked, wherever it comes."""
    out = link("<p>Het Werkschakelpunt Gent helpt. Elk werkschakelpunt doet dat.</p>")
    assert "Het Werkschakelpunt Gent helpt." in out
    assert 'Elk <a class="glossary-link" href="/nl/woordenlijst/#werkschakelpunt">' \
        'werkschakelpunt</a>' in out
    out = link("<p>Werkschakelpunten helpen.</p>")
    assert out.count("glossary-link") == 1, "a capital at the start of a sentence is no name"


def test_a_term_inside_a_web_address_is_left_alone():
    out = link("<p>Kijk op www.werkschakelpunt.be of mail info@werkschakelpunt.be of "
               "werkschakelpunt.be/gent. Een werkschakelpunt helpt.</p>")
    assert "www.werkschakelpunt.be" in out and "info@werkschakelpunt.be" in out
    assert "werkschakelpunt.be/gent" in out
    assert out.count("glossary-link") == 1 and "Een <a class" in out


def test_a_dutch_word_in_another_language_is_marked_dutch():
    out = link("<p>A secondment, or terbeschikkingstelling.</p>", "en")
    assert 'href="/nl/woordenlijst/#terbeschikkingstelling">secondment</a>' in out
    out = link("<p>The terbeschikkingstelling.</p>", "en")
    assert 'lang="nl">terbeschikkingstelling</a>' in out


# -- terminology and stock phrases in a test project --------------------------------------------
TERMINOLOGY = """
[vlaio]
prefer.nl = "VLAIO"
prefer.fr = "le VLAIO"
prefer.en = "VLAIO"
avoid.nl = "het VLAIO"
avoid.fr = "et VLAIO"
"""


def _with_terminology(tmp_path):
    root = project.make(tmp_path)
    (root / "content" / "_data" / "terminology.toml").write_text(TERMINOLOGY, "utf-8")
    return root


def _append(path, text: str) -> int:
    """Add a paragraph at the end of a file; the line number it stands on."""
    body = path.read_text("utf-8").rstrip("\n") + "\n\n"
    path.write_text(body + text + "\n", "utf-8")
    return body.count("\n") + 1


def test_an_avoided_form_is_a_warning_with_its_line_and_the_form_to_write(tmp_path):
    root = _with_terminology(tmp_path)
    page = next((root / "content" / "measures" / "nl").glob("*.md"))
    line = _append(page, "Het VLAIO werkt mee. VLAIO en VDAB ook.")
    found = [p for p in project.check(root) if p.code == "terminology"]
    assert [(p.path.endswith(page.name), p.line, p.severity) for p in found] == \
        [(True, line, "warning")]
    assert "`Het VLAIO`" in found[0].message and "`VLAIO`" in found[0].message


def test_french_figures_need_no_warning_the_page_spaces_them(tmp_path):
    """`55%` in French is not an author's mistake: the page's typography writes `55 %`
    (portal/typography.py, tests/test_typography.py); only the name variant is reported."""
    root = _with_terminology(tmp_path)
    page = next((root / "content" / "measures" / "fr").glob("*.md"))
    line = _append(page, "Ainsi 55% des travailleurs, et 11 % des autres, avec le VDAB et VLAIO.")
    found = sorted((p.line, p.message) for p in project.check(root) if p.code == "terminology")
    assert [f[0] for f in found] == [line]
    assert "`et VLAIO`" in found[0][1] and "%" not in found[0][1]


@pytest.mark.parametrize(("lang", "sentence"), [
    ("nl", "Het verslag noemt geen partners die hierbij helpen."),
    ("nl", "De bron geeft geen cijfers over de resultaten."),
    ("nl", "De bronnen van dit portaal zeggen weinig over de sector."),
    ("nl", "Over de haven zeggen de bronnen niets."),
    ("fr", "Le compte rendu ne mentionne aucun partenaire."),
    ("fr", "La source ne donne pas de chiffres sur les résultats."),
    ("fr", "Les sources de ce portail disent peu de choses sur le secteur."),
    ("en", "The report names no partners that help here."),
    ("en", "The source gives no figures or results."),
    ("en", "The sources of this portal do not describe it in detail."),
    ("en", "The sources of this portal say little about the sector."),
])
def test_the_stock_phrases_of_a_silent_source_are_warnings(tmp_path, lang, sentence):
    root = project.make(tmp_path)
    page = next((root / "content" / "measures" / lang).glob("*.md"))
    line = _append(page, f"Een zin ervoor.\n{sentence}")
    found = [p for p in project.check(root) if p.code == "source-says-nothing"]
    assert [(p.line, p.severity) for p in found] == [(line + 1, "warning")]
    assert "laat die sectie weg" in found[0].hint


@pytest.mark.parametrize(("lang", "sentence"), [
    ("nl", "Het verslag noemt Alimento als voorbeeld van een sectorfonds."),
    ("fr", "Le compte rendu cite Alimento comme exemple."),
    ("en", "The report names Alimento as an example of a sector fund."),
])
def test_a_source_that_does_say_something_is_no_warning(tmp_path, lang, sentence):
    root = project.make(tmp_path)
    page = next((root / "content" / "measures" / lang).glob("*.md"))
    _append(page, sentence)
    assert not [p for p in project.check(root) if p.code == "source-says-nothing"]


def test_a_stock_phrase_in_code_is_no_warning(tmp_path):
    root = project.make(tmp_path)
    page = next((root / "content" / "measures" / "nl").glob("*.md"))
    _append(page, "Schrijf nooit `Het verslag noemt geen partners`.")
    assert not [p for p in project.check(root) if p.code == "source-says-nothing"]


# -- names and glossary terms are not long words --------------------------------------------------
def _long_words(lang: str, body: str, **kwargs) -> list[str]:
    from content_model.plain_language import check_text

    return [p.message for p in check_text("x.md", lang, body, 1, **kwargs)
            if p.code == "long-word"]


def test_a_glossary_form_is_not_a_long_word_but_other_long_words_still_are():
    body = ("Er zijn vier werkschakelpunten. Vraag naar terbeschikkingstelling bij "
            "opleidingsverstrekkers.")
    assert _long_words("nl", body) == ["long words: terbeschikkingstelling, opleidingsverstrekkers"]
    known = glossary().known_words("nl")
    assert _long_words("nl", body, known=known) == ["long word: opleidingsverstrekkers"]
    assert _long_words("en", "There are four werkschakelpunten.",
                       known=glossary().known_words("en")) == []


def test_a_name_inside_a_sentence_is_not_a_long_word():
    body = "VLAIO is Flanders Innovation & Entrepreneurship, an agency for entrepreneurship."
    assert _long_words("en", body) == ["long word: entrepreneurship"]


def test_a_registered_name_counts_as_one_word_in_a_sentence():
    from content_model.plain_language import check_text, names_pattern

    title = "Loopbaanmobiliteit en loopbaangesprekken: pijlers van een wendbare organisatie"
    body = (f'Source: interview "{title}" (career mobility and career conversations: pillars '
            "of an agile organisation) with Helen Goovaerts, business unit manager at Obelisk.")
    codes = [p.code for p in check_text("x.md", "en", body, 1)]
    assert "long-sentence" in codes
    names = names_pattern([title])
    found = check_text("x.md", "en", body, 1, names=names)
    assert [p.code for p in found if p.code in ("long-sentence", "long-word")] == []


def test_the_shipped_checks_report_no_glossary_term_or_name_as_a_long_word():
    """On the real content: no warning names a glossary form or a word of a registered name."""
    from content_model.authoring import vocabulary
    from editorial.checks import check_all

    content = check_all(ROOT, project.settings())
    words = vocabulary(content.taxonomies, LANGS)
    for problem in content.problems:
        if problem.code != "long-word":
            continue
        for word in problem.message.split(":", 1)[1].split(","):
            word = word.strip()
            for lang in LANGS:
                assert word not in words.known[lang], problem.format()
            assert not any(word in name.casefold().split() for name in words.names), \
                problem.format()


# -- the data file: its mistakes at their line, with a stable code ------------------------------
def test_a_glossary_term_without_a_definition_in_a_language_is_refused_at_its_line(tmp_path):
    import shutil

    from content_model.taxonomy import load_taxonomies

    data = tmp_path / "content" / "_data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sites" / "multilingual" / "content" / "_data",
                    data)
    (data / "glossary.toml").write_text(
        "# a comment\n[werkschakelpunt]\nnl = \"werkschakelpunt\"\nfr = \"werkschakelpunt\"\n"
        "en = \"werkschakelpunt\"\ndefinition.nl = \"Een aanspreekpunt.\"\n"
        "definition.de = \"Eine Anlaufstelle.\"\ndefinition.en = 3\n", "utf-8")
    _, problems = load_taxonomies(data, LANGS, tmp_path)
    found = sorted((p.line, p.field, p.code) for p in problems)
    assert found == [(6, "werkschakelpunt.definition.fr", "data-missing-key"),  # beside nl
                     (7, "werkschakelpunt.definition.de", "data-unknown-key"),
                     (8, "werkschakelpunt.definition.en", "data-wrong-type")], found
