"""Header texts that name organisations (`Provider: {org}vdab en ...`) as safe HTML.

`{org}key` becomes the register's name in the page's language, `[words]({org}key)` the words;
both link to the organisation's entry on the register page. Everything else is text, escaped.
The keys were checked when the file was read (content_model/organisations.py).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from content_model.organisations import HEADER_RE


def organisation_links(text, lang: str, site) -> Markup:
    """The Jinja filter `orgs`: `{{ item.meta.provider | orgs(lang) }}` (in an embed view the
    links open in the top window through its `<base target="_top">`)."""
    if not text:
        return Markup("")
    text = str(text)
    parts, pos = [], 0
    for match in HEADER_RE.finditer(text):
        key = match.group(2) or match.group(3)
        org = site.organisation(key)
        parts.append(escape(text[pos:match.start()]))
        words = match.group(1) if match.group(2) else (org.label(lang) if org else key)
        parts.append(Markup('<a href="{}">{}</a>').format(site.organisation_url(lang, key),
                                                          words) if org else escape(words))
        pos = match.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)



def adds_words(text) -> bool:
    """Whether a header text says more than the names it links (`{org}acerta` does not;
    `{org}help-de-zorg; for work in care today: {org}vdab` does): the Jinja test `wordy`."""
    rest = HEADER_RE.sub("", str(text or ""))
    return any(ch.isalpha() for ch in rest)
