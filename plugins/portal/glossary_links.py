"""The first use of each glossary term on a page links to its entry on the glossary page.

Done on a body's safe HTML (after portal/markup.py sanitised it), so authors never write these
links. A term is linked once per page, at its first use in running text: never inside a
heading, a link, code, an abbreviation or a definition, a `<summary>`. The words themselves
stay as written; a Dutch word in a French or English text gets `lang="nl"`.
"""

from __future__ import annotations

import html
import re

from content_model.glossary import Glossary

from .typography import apply_to_html

#: Elements whose text is never linked (a link may not hold a link; headings and code stay
#: as written); scripts, styles and text areas are never touched (portal/typography.py).
SKIP = ("a", "abbr", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "pre", "samp",
        "summary")
LINK_CLASS = "glossary-link"


def link_terms(body_html: str, lang: str, glossary: Glossary, url: str | None) -> str:
    """`body_html` with the first use of each glossary term linked to `url#<key>`."""
    if not glossary or not url:
        return body_html
    matcher, done = glossary.matcher(lang), set()
    return apply_to_html(body_html, lambda text: _text(text, matcher, done, lang, url), SKIP)


def _in_a_name(match, text: str) -> bool:
    """A term written with a capital and followed by a capitalised word is part of a name
    ("Werkschakelpunt Gent"): the name is not the term, so it is not linked there."""
    after = re.match(r"[ \u00a0]+(\w)", text[match.end():])
    return match.group(0)[:1].isupper() and after is not None and after.group(1).isupper()


def _text(segment: str, matcher, done: set[str], lang: str, url: str) -> str:
    """A run of text between tags, with the first use of each term not yet linked linked."""
    if not segment.strip():
        return segment
    text = html.unescape(segment)
    pieces, at, changed = [], 0, False
    for match, entry, form_lang in matcher.finditer(text):
        if entry.key in done or _in_a_name(match, text):
            continue
        done.add(entry.key)
        changed = True
        pieces.append(html.escape(text[at:match.start()], quote=False))
        other = f' lang="{form_lang}"' if form_lang != lang else ""
        pieces.append(f'<a class="{LINK_CLASS}" href="{html.escape(url)}#{entry.key}"{other}>'
                      f"{html.escape(match.group(0), quote=False)}</a>")
        at = match.end()
    if not changed:
        return segment
    pieces.append(html.escape(text[at:], quote=False))
    return "".join(pieces)
