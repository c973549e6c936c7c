"""What the shipped content says is true to its sources, each fact read here from content/
itself (a few lines of our own), not through the content model:

- no text says "the source does not say" with one of the stock phrases (issue 17), in any
  language;
- no two cases share a run of more than 20 words (the copied paragraph of four cases);
- every sector an item carries, other than `alle-sectoren`, has evidence in
  content/_data/sector-evidence.toml from a source the item cites;
- every source an item cites exists in content/_data/sources.toml;
- the finder's sector filter on the built portal offers values that narrow the list.
"""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser

import pytest

from tests.support import ROOT

CONTENT = ROOT / "content"
DATA = CONTENT / "_data"
LANGS = ("nl", "fr", "en")

#: The stock phrases of "the source does not say", in each language (issue 17).
STOCK = re.compile("|".join((
    r"\b(het verslag|de bron|de bronnen|het interview)( van [^.]*?)? "
    r"(noemt|noemen|geeft|geven|zegt|zeggen|beschrijft|beschrijven) (geen|niet|weinig|niets)\b",
    r"\b(le compte rendu|la source|les sources)( [^.]*?)? (ne|n')\s?(mentionne|mentionnent|"
    r"cite|citent|donne|donnent|dit|disent|décrit|décrivent|précise|précisent)\b",
    r"\bles sources( de ce portail)? disent peu\b",
    r"\bthe (\w+ )?(report|source|sources)( [^.]*?)? (does not|do not|gives no|give no|"
    r"names no|name no|say little|says little)\b",
)), re.IGNORECASE)


def _files(kinds=("measures", "cases", "stories", "hubs", "pages")):
    for kind in kinds:
        for lang in LANGS:
            yield from sorted((CONTENT / kind / lang).glob("*.md"))


def _split(path):
    """(header fields, body) of a content file."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = {}
    for line in head.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields, body


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def test_the_stock_phrases_are_recognised():
    """The pattern catches the phrases the issue quotes (else the next test proves nothing)."""
    for said in ("Het verslag noemt geen partners.", "De bron geeft geen cijfers.",
                 "De bronnen van dit portaal zeggen weinig over de sector.",
                 "Le compte rendu ne mentionne aucun partenaire.",
                 "Les sources de ce portail disent peu de choses.",
                 "The source gives no figures.", "The webinar report names no other partners."):
        assert STOCK.search(said), said


def test_no_text_says_the_source_says_nothing():
    found = []
    for path in _files():
        fields, body = _split(path)
        for n, line in enumerate([fields.get("summary", "")] + body.splitlines()):
            if STOCK.search(line):
                where = "Summary" if n == 0 else f"body line {n}"
                found.append(f"{path.relative_to(ROOT)} ({where}): {STOCK.search(line)[0]!r}")
    assert not found, "\n".join(found)


def _words(body: str) -> list[str]:
    text = re.sub(r"\]\([^)]*\)", "]", body)  # a link's text counts, not its address
    return re.findall(r"[\w'@&-]+", text.lower())


def test_no_two_cases_share_a_run_of_more_than_20_words():
    run = 21
    for lang in LANGS:
        seen: dict[tuple[str, ...], str] = {}
        shared = set()
        for path in sorted((CONTENT / "cases" / lang).glob("*.md")):
            mine = set()
            for paragraph in _split(path)[1].split("\n\n"):  # headings are the template's
                words = _words(paragraph)
                mine |= {tuple(words[i:i + run]) for i in range(len(words) - run + 1)}
            for gram in mine:
                if gram in seen:
                    shared.add((seen[gram], path.name, " ".join(gram)))
                else:
                    seen[gram] = path.name
        assert not shared, sorted(shared)[:5]


def _dutch_items():
    for path in _files(("measures", "cases", "stories")):
        if path.parent.name == "nl":
            yield path.stem, _split(path)[0]


def test_every_sector_tag_has_evidence_from_a_cited_source():
    evidence = tomllib.loads((DATA / "sector-evidence.toml").read_text(encoding="utf-8"))
    general = {k for k, v in tomllib.loads((DATA / "sectors.toml").read_text(
        encoding="utf-8")).items() if v.get("general")}
    assert general == {"alle-sectoren"}
    tagged = 0
    for name, fields in _dutch_items():
        for sector in set(_list(fields.get("sectors"))) - general:
            tagged += 1
            rows = [r for r in evidence.values() if (r["item"], r["sector"]) == (name, sector)]
            assert rows, f"{name}: sector {sector} has no evidence"
            assert any(r["source"] in _list(fields.get("sources")) for r in rows), \
                f"{name}: the evidence for {sector} comes from a source it does not cite"
            assert all(len(r["quote"].split()) >= 5 for r in rows), name
    assert tagged >= 5  # the measures are no longer all `alle-sectoren`
    # and no evidence is left for a tag that is gone
    carried = {(name, sector) for name, fields in _dutch_items()
               for sector in _list(fields.get("sectors"))}
    stale = [key for key, r in evidence.items() if (r["item"], r["sector"]) not in carried]
    assert not stale, stale


def test_every_cited_source_exists_and_every_new_source_has_an_address():
    sources = tomllib.loads((DATA / "sources.toml").read_text(encoding="utf-8"))
    for path in _files(("measures", "cases", "stories")):
        for key in _list(_split(path)[0].get("sources")):
            assert key in sources, f"{path.relative_to(ROOT)}: {key}"
    for key, source in sources.items():
        if "verified" in source:  # an outside page, not read online yet
            assert source["verified"] is False and source["url"].startswith("https://"), key


def test_every_case_gives_its_period_in_every_language():
    for path in _files(("cases",)):
        assert _split(path)[0].get("period"), path.relative_to(ROOT)


class _Facet(HTMLParser):
    """The values offered under one facet of the finder, with their counts."""

    def __init__(self, facet: str):
        super().__init__()
        self.facet, self.inside, self.depth = facet, False, 0
        self.values: dict[str, int] = {}
        self.value, self.text = None, ""
        self.cards = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and attrs.get("data-facet") == self.facet:
            self.inside = True
        elif tag == "a" and self.inside and "data-value" in attrs:
            self.value, self.text = attrs["data-value"], ""
        if tag == "li" and "card-measure" in (attrs.get("class") or ""):
            self.cards += 1

    def handle_endtag(self, tag):
        if tag == "details":
            self.inside = False
        elif tag == "a" and self.value:
            self.values[self.value] = int(re.search(r"\((\d+)\)", self.text).group(1))
            self.value = None

    def handle_data(self, data):
        if self.value:
            self.text += data


@pytest.mark.parametrize("lang,path", [("nl", "nl/maatregelen"), ("fr", "fr/mesures"),
                                       ("en", "en/measures")])
def test_the_sector_filter_narrows_the_list(portal_site, lang, path):
    page = _Facet("sectors")
    page.feed((portal_site / path / "index.html").read_text(encoding="utf-8"))
    measures = len(list((CONTENT / "measures" / lang).glob("*.md")))
    assert page.cards == measures
    assert page.values, "the sector filter offers no value"
    # every value offered narrows the list: some measures have it, not all
    assert all(0 < n < page.cards for n in page.values.values()), page.values
    # and each count is the number of measures of that language tagged with it
    for value, n in page.values.items():
        tagged = sum(value in _list(_split(p)[0].get("sectors"))
                     for p in (CONTENT / "measures" / lang).glob("*.md"))
        assert n == tagged, value
