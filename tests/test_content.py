"""The portal's own content: complete in every language, and every source initiative,
region, sector and audience of the brief has its page."""

from __future__ import annotations

from collections import defaultdict

import content_model
from tests.support import ROOT

LANGS = ("nl", "fr", "en")
REQUIRED = {
    "case": ["alimento", "experience-at-work", "bridge-acerta", "federgon-transitietrajecten",
             "help-de-zorg", "leerambassadeur-volvo-gent"],
    "story": ["onderzoek-werk-naar-werk", "webinar-transities-in-perspectief",
              "interview-werkschakelpunt-gent", "interview-loopbaangesprekken",
              "onderzoek-loopbaanbegeleiding-bedrijven"],
    "measure": ["opleiding", "verlofregelingen", "terbeschikkingstelling", "werknemers-delen",
                "externe-mobiliteit", "loopbaanbegeleiding", "loopbaangesprek",
                "interne-mobiliteit", "werkschakelpunten", "tijdelijke-crisisinitiatieven",
                "loopbaanfondsen"],
    "page": ["home", "over", "bronnen", "toegankelijkheid", "privacy", "contact"],
}
HUB_TERMS = {
    "audiences": ["werkenden", "werkgevers", "sectoren", "regionale-partners", "beleid",
                  "persoonlijk-netwerk"],
    "sectors": ["voeding", "zorg", "uitzendarbeid", "technologie", "haven-logistiek",
                "publieke-sector"],
    "regions": ["vlaanderen", "gent", "leuven", "aalst", "kust"],
}


def _content():
    content = content_model.load(ROOT / "content", list(LANGS), "nl", ROOT)
    assert not content_model.errors_only(content.problems), \
        content_model.report(content.problems)
    return content


def test_every_translation_group_is_complete():
    groups = defaultdict(set)
    for item in _content().items:
        groups[(item.type, item.meta["slug"])].add(item.lang)
    incomplete = {key: sorted(set(LANGS) - langs) for key, langs in groups.items()
                  if langs != set(LANGS)}
    assert not incomplete, f"missing translations: {incomplete}"


def test_every_required_item_exists_in_every_language():
    have = {(i.type, i.meta["slug"], i.lang) for i in _content().items}
    missing = [(t, s, lang) for t, slugs in REQUIRED.items() for s in slugs for lang in LANGS
               if (t, s, lang) not in have]
    assert not missing
    assert sum(1 for t, _, lang in have if t == "measure" and lang == "nl") >= 10
    assert sum(1 for t, _, lang in have if t == "story" and lang == "nl") >= 5


def test_every_hub_of_the_funnel_has_its_text_in_every_language():
    hubs = {(i.meta["taxonomy"], i.meta["term"], i.lang) for i in _content().items
            if i.type == "hub"}
    missing = [(t, term, lang) for t, terms in HUB_TERMS.items() for term in terms
               for lang in LANGS if (t, term, lang) not in hubs]
    assert not missing


def test_every_item_names_its_sources():
    for item in _content().items:
        if item.type in ("measure", "case", "story"):
            assert item.meta.get("sources"), item.path
