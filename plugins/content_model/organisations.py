"""The organisations register (content/_data/organisations.toml) as items use it.

An item names an organisation of the register by its key:

- in the header texts `Provider:`, `Organisation:`, `Partners:` and `Contact:`: `{org}vdab`
  (shown as the register's name in the page's language) or `[the werkschakelpunten]({org}key)`
  (shown as the words between the brackets);
- in the text: `[VDAB]({org}vdab)`, a link like `[text]({ref}slug)`;
- through a party of parties.toml that is one organisation (`organisation = "vdab"`).

Every such key must be a row of the register: otherwise a content error with the file, the
line, the field, and the closest key (`organisation-unknown`, `organisation-malformed`).
"""

from __future__ import annotations

import difflib
import re

from .errors import Problem
from .markdown_text import shown_text
from .messages import concat, msg

#: The header fields that may name organisations, in the order a page shows them.
HEADER_FIELDS = ("provider", "organisation", "partners", "contact")
#: `{org}` and whatever follows it up to the end of the address or word.
TOKEN_RE = re.compile(r"\{org\}([^\s)\]\"'<>`,;:.!?]*)")
KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: In a header text: `[words]({org}key)` or `{org}key`.
HEADER_RE = re.compile(r"\[([^\[\]]*)\]\(\{org\}([a-z0-9-]+)\)|\{org\}([a-z0-9-]+)")
#: A link to an organisation in converted Markdown: `href="{org}key"`.
LINK_RE = re.compile(r"\{org\}([a-z0-9-]+)")


def register(taxonomies) -> dict:
    """key -> Term of every organisation in the register ({} when there is none)."""
    return taxonomies.terms.get("organisations", {})


def header_keys(meta: dict) -> list[str]:
    """The keys the header texts name, in order, each once."""
    keys: list[str] = []
    for name in HEADER_FIELDS:
        value = meta.get(name)
        if isinstance(value, str):
            keys += [m.group(2) or m.group(3) for m in HEADER_RE.finditer(value)]
    return list(dict.fromkeys(keys))


def party_keys(meta: dict, taxonomies) -> list[str]:
    """The organisations behind the item's parties (`organisation = ...` in parties.toml)."""
    keys = []
    for party in meta.get("parties") or []:
        term = taxonomies.get("parties", party)
        key = term.extra.get("organisation") if term else None
        if isinstance(key, str) and key in register(taxonomies):
            keys.append(key)
    return keys


def body_keys(body: str) -> list[str]:
    """The keys the text links to with `({org}key)`, in order, each once."""
    return list(dict.fromkeys(m.group(1) for line in shown_text(body)
                              for m in TOKEN_RE.finditer(line) if KEY_RE.fullmatch(m.group(1))))


def named(meta: dict, taxonomies) -> list[str]:
    """Every organisation the item's header names (texts, then parties), each once."""
    known = register(taxonomies)
    keys = header_keys(meta) + party_keys(meta, taxonomies)
    return [k for k in dict.fromkeys(keys) if k in known]


def _unknown(key: str, known, path: str, line: int, fld: str) -> Problem:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
    hint = msg("did you mean `{{org}}{close_0}`? ", close_0=close[0]) if close else ""
    return Problem(path, line, fld, msg("`{{org}}{key}` is not an organisation of the register",
                                        key=key),
                   concat(hint, msg("use a key of content/_data/organisations.toml, or add "
                                    "the organisation there (docs/authors/README.md, "
                                    "\"Organisaties\")")),
                   code="organisation-unknown")


def _malformed(written: str, path: str, line: int, fld: str) -> Problem:
    return Problem(path, line, fld, msg("`{{org}}{written}` is not a key of an organisation",
                                        written=written),
                   msg("write `{{org}}` and the key, lowercase letters, digits and hyphens "
                       "(`{{org}}vdab`)"), code="organisation-malformed")


def check(item, taxonomies) -> list[Problem]:
    """Every `{org}` in the item's header texts and text names an organisation of the
    register (unless the register itself could not be read: that is reported on its own)."""
    if "organisations" in taxonomies.broken:
        return []
    known = register(taxonomies)
    problems = []
    for name in HEADER_FIELDS:
        value = item.meta.get(name)
        if isinstance(value, str):
            fld = name.capitalize()
            problems += _tokens(value, known, item.path, item.line(name), fld)
    for offset, line in enumerate(shown_text(item.body)):
        problems += _tokens(line, known, item.path, item.body_line + offset, "link")
    return problems


def _tokens(text: str, known, path: str, line: int, fld: str) -> list[Problem]:
    problems = []
    for token in TOKEN_RE.finditer(text):
        key = token.group(1)
        if not key and fld == "link":
            continue  # `{org}` named in a sentence (as this guide does), not a link
        if not KEY_RE.fullmatch(key):
            problems.append(_malformed(key, path, line, fld))
        elif key not in known:
            problems.append(_unknown(key, known, path, line, fld))
    return problems
