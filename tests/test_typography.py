"""French typography on the page: a narrow no-break space (U+202F) before ? ! ; : » and after «,
so that the sign never starts a line; never in code, tags, attributes or the search index.

The facts are read from the built pages with lxml (text nodes in document order), not with the
code under test (portal/typography.py), and the rule's expected output is written by hand."""

from __future__ import annotations

import json
import re

from lxml import etree
from lxml import html as lxml_html

from portal.typography import apply
from tests.support import ROOT

NNBSP = "\u202f"
#: elements whose text is not the reader's prose: code and raw text
SKIP = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
#: a sign after a space (or at the start of the page's text stream), or a space after «
LOOSE = re.compile(r"(?:^|[ \t\r\n\u00a0])[?!;:»%]|«[ \t\r\n\u00a0]|\d%")


def test_the_rule_worked_out_by_hand():
    page = ('<p title="Qui ?">Qui ? Oui ! « mot » ; a : b&nbsp;: 55% et 3 %. '
            '<a href="https://x.be/?q=a ?">lien</a> ?\n? 10:30 a;b</p>'
            '<pre><code>x : y ?</code></pre><script>var a = "b ?";</script>'
            '<textarea>c ?</textarea><!-- d ? -->')
    expected = ('<p title="Qui ?">Qui\u202f? Oui\u202f! «\u202fmot\u202f»\u202f; a\u202f: b\u202f: '
                '55\u202f% et 3\u202f%. '
                '<a href="https://x.be/?q=a ?">lien</a>\u202f?\u202f? 10:30 a;b</p>'
                '<pre><code>x : y ?</code></pre><script>var a = "b ?";</script>'
                '<textarea>c ?</textarea><!-- d ? -->')
    assert apply("fr", page) == expected
    assert apply("fr", expected) == expected, "a second pass changes nothing"
    assert apply("nl", page) == page and apply("en", page) == page


def _text_stream(doc) -> str:
    """The page's text as a reader's browser lays it out: text and tails in document order,
    code, scripts, styles, text areas and comments left out."""
    out = []

    def walk(el):
        if not isinstance(el.tag, str) or el.tag in SKIP:
            return
        out.append(el.text or "")
        for child in el:
            walk(child)
            out.append(child.tail or "")

    walk(doc)
    return "".join(out)


def french_pages(site):
    for path in sorted(site.rglob("*.html")):
        doc = lxml_html.fromstring(path.read_bytes())
        if doc.get("lang") == "fr":
            yield path.relative_to(site).as_posix(), doc


def test_no_french_page_leaves_a_sign_to_start_a_line(portal_site):
    wrong, pages, narrow = [], 0, 0
    for rel, doc in french_pages(portal_site):
        text = _text_stream(doc)
        pages += 1
        narrow += text.count(NNBSP)
        for found in LOOSE.finditer(text):
            wrong.append(f"{rel}: …{text[max(0, found.start() - 30):found.end() + 10]!r}")
    assert pages > 100
    assert narrow > pages, "the French pages carry narrow no-break spaces"
    assert not wrong, f"{len(wrong)} loose signs, first: {wrong[:5]}"


def test_attributes_other_languages_and_the_search_index_keep_the_text_as_written(portal_site):
    """The content has no U+202F of its own: any on a Dutch or English page, in an attribute
    (a URL, a label) or in the French search export was put there by the page's typography."""
    written = [p for folder in (ROOT / "content", ROOT / "theme" / "translations")
               for p in folder.rglob("*") if p.suffix in (".md", ".toml", ".po")]
    assert written and not [p for p in written if NNBSP in p.read_text("utf-8")]
    for path in sorted(portal_site.rglob("*.html")):
        doc = lxml_html.fromstring(path.read_bytes())
        rel = path.relative_to(portal_site).as_posix()
        if doc.get("lang") != "fr":
            assert NNBSP not in path.read_text("utf-8"), rel
        else:
            assert not [a for a in doc.xpath("//@*") if NNBSP in a], rel
            code = doc.xpath("//code | //pre | //script | //textarea")
            assert not [c for c in code if NNBSP in etree.tostring(c, encoding="unicode")], rel
    exported = list((portal_site / "search" / "fr").rglob("*.json"))
    assert exported
    for path in exported:
        assert NNBSP not in json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False)
