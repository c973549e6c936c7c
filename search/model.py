"""What is searched: one `SearchDoc` per published page worth finding, and its facets.

The facets come from the content model: the item type, and every field whose values are
taxonomy terms for audiences, sectors, regions, levels and the six dimensions. Adding such a
field to `content_model/schema.py` adds a facet here, in the index and on the search page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content_model.schema import DIMENSION_TYPES, FIELDS

#: Types that are searched, in the order of the type filter (and of documents in the index:
#: equal scores keep this order).
TYPES = ("measure", "case", "story", "hub", "page")
FUNNEL_TAXONOMIES = ("audiences", "sectors", "regions", "levels")


def facet_fields() -> list[tuple[str, str | None]]:
    """(facet key, taxonomy) in display order; `type` first (its values are TYPES)."""
    out: list[tuple[str, str | None]] = [("type", None)]
    for fld in FIELDS:
        if fld.kind not in ("term", "terms") or not fld.taxonomy:
            continue
        if fld.taxonomy in FUNNEL_TAXONOMIES or fld.types == DIMENSION_TYPES:
            out.append((fld.key, fld.taxonomy))
    return out


#: Sections of a document told apart (bits of a number in the export: see search/export.py).
MAX_SECTIONS = 30


def cap_sections(sections) -> list[list[str]]:
    out = [list(s) for s in sections if s[2]]
    if len(out) > MAX_SECTIONS:
        out = out[:MAX_SECTIONS - 1] + [[out[MAX_SECTIONS - 1][0], out[MAX_SECTIONS - 1][1],
                                         " ".join(s[2] for s in out[MAX_SECTIONS - 1:])]]
    return out or [["", "", ""]]


FACETS = facet_fields()
FACET_KEYS = tuple(key for key, _ in FACETS)


@dataclass
class SearchDoc:
    slug: str
    lang: str
    type: str
    url: str
    title: str
    summary: str
    body: str  # plain text
    date: str = ""  # YYYY-MM-DD
    facets: dict[str, list[str]] = field(default_factory=dict)
    #: The body by section: [anchor, heading, text], the texts joined by a space are the body
    #: (see `section_list`); the first one's anchor is "" when text comes before any heading.
    sections: list[list[str]] = field(default_factory=list)

    def section_list(self) -> list[list[str]]:
        """The sections of the body, at most MAX_SECTIONS (the last one takes the rest); a
        document without headings is one section."""
        return cap_sections(self.sections or [["", "", self.body]])

    def sort_key(self):
        return (TYPES.index(self.type) if self.type in TYPES else len(TYPES), self.slug)
