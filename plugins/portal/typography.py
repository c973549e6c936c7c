"""Typography of a language, applied to the text of a rendered page.

French puts a narrow no-break space (U+202F) before ? ! ; : » and after «, so that the sign never
stands alone at the start of a line. Authors and translators type an ordinary space (or none
on the keyboard's terms); the page is corrected when it is written (`PortalGenerator
.render_page`), in its text only: never in tags and their attributes (URLs, labels), never in
code (`code`, `pre`, `kbd`, `samp`), scripts, styles or text areas (the embed code), and never in
the site model: the search index and the feeds keep the text as written.

Only a space that is already there is replaced (`10:30`, `https://` and `a;b` stay as they are),
but for the per cent sign, which always gets one after a figure (`55%` → `55 %`); the result
depends on the text alone and a second pass changes nothing.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
#: spaces a text may hold before a sign: ordinary, tab, new line, no-break (as a character or
#: as the entities nh3 and Markdown write)
_SPACE = r"(?:[ \t\r\n\u00a0]|&nbsp;|&#160;|&#xa0;)+"
_BEFORE = re.compile(_SPACE + r"(?=[?!;:»]|&raquo;)")
_AFTER = re.compile(r"(«|&laquo;)" + _SPACE)
#: a tag or a comment (attribute values are escaped: Jinja and nh3 write `>` as `&gt;`)
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
#: elements whose text is left alone: raw text (copied to the end tag as it is) and code
_RAW = ("script", "style", "textarea")
_CODE = ("code", "pre", "kbd", "samp")
_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")


#: a figure and its per cent sign, with or without a space between them ("55%", "55 %")
_PERCENT = re.compile(r"(\d)(?:" + _SPACE + r")?%")


def french_spacing(text: str) -> str:
    """One text node: the space before ? ! ; : » and after « made a narrow no-break space, and
    one put between a figure and % (55 %: a figure shared by every language is written 55%)."""
    text = _PERCENT.sub(lambda m: m.group(1) + NNBSP + "%", text)
    return _AFTER.sub(lambda m: m.group(1) + NNBSP, _BEFORE.sub(NNBSP, text))


def apply_to_html(html: str, fix, skip=_CODE) -> str:
    """`fix` applied to every text node of `html` outside the `skip` elements (code, by
    default), scripts, styles and text areas; tags, attributes and comments are copied
    unchanged. Also the walk of portal/glossary_links.py."""
    out, pos, code_depth = [], 0, 0
    while (found := _TOKEN.search(html, pos)) is not None:
        text = html[pos:found.start()]
        out.append(text if code_depth else fix(text))
        tag = found.group(0)
        out.append(tag)
        pos = found.end()
        name = _NAME.match(tag)
        if name is None:
            continue
        closing, element = name.group(1) == "/", name.group(2).lower()
        if element in _RAW and not closing:  # copy up to its end tag as it is
            end = re.compile(rf"</\s*{element}\s*>", re.I).search(html, pos)
            stop = end.start() if end else len(html)
            out.append(html[pos:stop])
            pos = stop
        elif element in skip and not tag.endswith("/>"):
            code_depth = max(0, code_depth + (-1 if closing else 1))
    rest = html[pos:]
    out.append(rest if code_depth else fix(rest))
    return "".join(out)


#: The typography of each language that has rules of its own.
RULES = {"fr": french_spacing}


def apply(lang: str, html: str) -> str:
    """A page of `lang` with its language's typography (unchanged for other languages)."""
    fix = RULES.get(lang)
    return apply_to_html(html, fix) if fix else html
