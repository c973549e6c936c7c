"""Markdown bodies to safe HTML: `{ref}` links resolved, headings anchored, HTML sanitised."""

from __future__ import annotations

import re

import markdown
import nh3

from content_model.validate import REF_RE

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class Renderer:
    """One Markdown instance reused for every body (resetting is cheaper than creating)."""

    def __init__(self, extensions):
        self.md = markdown.Markdown(extensions=extensions, extension_configs={
            "toc": {"permalink": False},
            "smarty": {"smart_angled_quotes": False},
        })

    def render(self, text: str, resolve) -> str:
        text = REF_RE.sub(lambda m: resolve(m.group(1)), text)
        html = self.md.reset().convert(text)
        return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None)


def plain_text(html: str) -> str:
    """Visible text of rendered HTML, whitespace folded (for search and feeds)."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = (text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<")
            .replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'"))
    return re.sub(r"\s+", " ", text).strip()
