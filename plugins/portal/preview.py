"""The preview never goes dark: a file with problems still shows its page, with a banner.

In `make serve` (`PREVIEW = True`) content errors do not stop the build. Each file's problems
are attached to its item (`item.extra["problems"]`), missing values a template needs get a
stand-in, and every page of such an item opens with a banner (components/_preview_banner.html)
that lists them, in the authors' language (Dutch by default: `AUTHOR_LANG`), each with its
line and its stable code. Drafts, scheduled items (Date in the
future) and expired items carry a banner too. A publishing build (`make build`) never comes
here: it stops on the first error, and its pages have no banner (`banner` is not a global of
its templates).

Files that cannot be placed on a page at all (no header, no Type or Lang, a broken data
file, an address another page has) are reported over every page by the preview server.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from content_model import Problem, schema
from content_model.messages import Msg, author_lang, msg, say
from content_model.validate import state

#: The banner speaks the authors' language (Dutch unless OVERSTAP_AUTHOR_LANG or AUTHOR_LANG
#: says otherwise: content_model/messages.py), whatever the language of the page.
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
PROBLEMS = "problems"  # item.extra key: the file's own problems (a tuple, part of its card)
#: Advice only `invoke check` gives (plain language, terminology): the preview's fast path
#: prints it for the file being edited, but a banner shows what the build checks, so that a
#: page is the same whether the fast path or a full build made it.
CHECK_ONLY = frozenset({"hard-to-read", "long-sentence", "long-word", "source-says-nothing",
                        "terminology"})


def usable(item, langs) -> bool:
    """An item the site can place: its type, language and name are known."""
    meta = item.meta
    if item.type not in schema.TYPES or item.lang not in langs or not meta.get("slug"):
        return False
    return item.type != "hub" or bool(meta.get("taxonomy") and meta.get("term"))


def tolerate(items, problems, langs, today: dt.date):
    """(items the preview shows, problems of no page). Each kept item gets its own problems
    and stand-ins for the missing values its templates read."""
    kept = [item for item in items if usable(item, langs)]
    paths = {item.path for item in kept}
    for item in kept:
        attach(item, [p for p in problems if p.path == item.path])
        fill_in(item, today)
    return kept, [p for p in problems if p.path not in paths]


def attach(item, problems) -> None:
    """Give the item its problems (errors first), as plain tuples: the page's memo key
    (memo.card) sees them, so a page whose problems changed is made again."""
    item.extra[PROBLEMS] = tuple(sorted({row(p) for p in problems
                                         if p.code not in CHECK_ONLY}))


def row(problem) -> tuple:
    """A problem as the banner keeps it: (warning?, line, field, code, message, hint)."""
    return (problem.severity != "error", problem.line, problem.field, problem.code,
            problem.message, problem.hint)


def add(item, problems) -> None:
    """Problems found after the first `attach` (the authoring checks)."""
    old = [Problem(item.path, line, fld, message, hint, "warning" if warn else "error", code)
           for warn, line, fld, code, message, hint in item.extra.get(PROBLEMS, ())]
    attach(item, old + list(problems))


def fill_in(item, today: dt.date) -> None:
    """Stand-ins for the required values a page shows (dates, texts, lists), so that the
    page renders while the author fills them in: the banner says they are missing."""
    for fld in schema.fields_for(item.type):
        if not fld.required or fld.key in item.meta:
            continue
        if fld.kind == "date":
            item.meta[fld.key] = today
        elif fld.kind == "text":
            item.meta[fld.key] = item.meta["slug"] if fld.key == "title" else ""
        elif fld.is_list:
            item.meta[fld.key] = []


def errors(item) -> int:
    return sum(1 for row in item.extra.get(PROBLEMS, ()) if not row[0])


# -- the banner -------------------------------------------------------------------------------
def banner(subject, today: dt.date, settings=None) -> dict | None:
    """What the banner of `subject`'s pages says (None: no banner), in the author's language
    (content_model/messages.py: Dutch unless AUTHOR_LANG says otherwise). Called by the
    template components/_preview_banner.html."""
    if subject is None or not hasattr(subject, "meta"):
        return None
    lang = author_lang(settings)
    notices = [say(n, lang) for n in (_state_notice(subject, today, lang),) if n]
    rows = subject.extra.get(PROBLEMS, ())
    if not notices and not rows:
        return None
    return {"lang": lang, "title": say(_title(subject, notices), lang),
            "file": say(msg("File: {path}", path=subject.path), lang),
            "notices": notices, "problems": [_problem(row, lang) for row in rows],
            "kind": "error" if errors(subject) else "notice"}


def _title(item, notices) -> Msg:
    count = errors(item)
    if count == 1:
        return msg("Preview: 1 error in this file")
    if count:
        return msg("Preview: {count} errors in this file", count=count)
    if notices:
        return msg("Preview: readers do not see this page")
    return msg("Preview: warnings about this file")


def _day(value: dt.date, lang: str) -> str:
    return format_date(value, "long", locale=LOCALES.get(lang, lang))


def _state_notice(item, today: dt.date, lang: str) -> Msg | None:
    found = state(item, today)
    if found == "draft":
        return msg("Draft: this file says `Status: draft`. Readers do not see it; only the "
                   "preview shows it. Remove the line `Status: draft` to publish it.")
    if found == "scheduled":
        return msg("Scheduled: this page appears on {day} (Date: {date}). Until then readers "
                   "do not see it.", day=_day(item.meta["date"], lang),
                   date=item.meta["date"].isoformat())
    if found == "expired":
        return msg("Expired: this page is no longer published since {day} (Expires: {date}). "
                   "At its address readers see a notice that it is no longer offered.",
                   day=_day(item.meta["expires"], lang), date=item.meta["expires"].isoformat())
    return None


def _problem(row, lang: str) -> dict:
    warning, line, fld, code, message, hint = row
    parts = [say(msg("line {line}", line=line), lang) if line else "",
             say(fld, lang) if fld else ""]
    return {"severity": say(msg("Warning") if warning else msg("Error"), lang),
            "where": ", ".join(p for p in parts if p), "message": say(message, lang),
            "hint": say(hint, lang) if hint else "", "code": code}


def fallback(error: Exception, settings=None) -> str:
    """A page the template could not render (a value it needs is wrong): what to do."""
    return say(msg("This page could not be shown in full ({error}). Fix the errors above and "
                   "save the file: the page then comes back by itself.",
                   error=type(error).__name__), author_lang(settings))


def attach_problems(items, problems) -> None:
    """Problems found by a later check (the authoring checks), each to its own item."""
    by_path: dict[str, list] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    for item in items:
        if item.path in by_path:
            add(item, by_path[item.path])
