"""Keeping content alive: who owns an item, when it must be read again, what changed.

Three header fields (content_model/schema.py), each per language file:

- `Owner:` who keeps the item correct (a team or a role). Optional: the portal's existing
  items have no known owner and inventing one would hide the gap; the editors' status page
  and `invoke translations` list the items without one, so editors assign them.
- `Review-By:` the day by which someone must read the item again. Empty, it is one year
  after the item's last real change (`Changed`, else `Modified`, else `Date`): an honest
  default, since nobody has looked at the item since then.
- `Changed: 2026-11-02 — what changed`: a change in substance readers should know of; the
  page shows "last updated" with that line.

`overdue` lists the items whose review day has passed; `last_update` is the date a page
shows as "last updated".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .messages import msg

#: `2026-11-02 — what changed` (an em dash, an en dash, or a hyphen between spaces).
CHANGE_RE = re.compile(r"^(\S+)\s*(?:—|–|\s-)\s*(.*)$")
DEFAULT_REVIEW = 365  # days after the last real change
NOTE_LENGTH = 160


@dataclass(frozen=True, order=True)
class Change:
    """A change in substance: its day and the one line that says what changed."""

    date: dt.date
    note: str


def change(raw: str, bad, parse_date) -> Change | None:
    """The value of `Changed:`; problems through `bad(message, hint, code)`."""
    match = CHANGE_RE.match(raw)
    if not match or not match.group(2).strip():
        bad(msg("`{value}` is not a date followed by what changed", value=raw),
            msg("write it like `Changed: 2026-11-02 — The conditions for 2027 were added.`"),
            code="change-format")
        return None
    day = parse_date(match.group(1), bad)
    note = match.group(2).strip()
    if len(note) > NOTE_LENGTH:
        bad(msg("the line about the change is {length} characters long, the limit is {limit}",
                length=len(note), limit=NOTE_LENGTH),
            msg("say in one short sentence what changed"), code="too-long")
    return Change(day, note) if day else None


def last_change(meta) -> dt.date | None:
    """The last real change: `Changed`, else `Modified`, else `Date`."""
    found = [d for d in (meta.get("changed") and meta["changed"].date, meta.get("modified"),
                         meta.get("date")) if d]
    return max(found) if found else None


def last_update(meta) -> dt.date | None:
    """The date readers see as "last updated" (None: not updated since publication)."""
    found = [d for d in (meta.get("changed") and meta["changed"].date, meta.get("modified"))
             if d]
    return max(found) if found else None


def review_by(meta) -> tuple[dt.date | None, bool]:
    """(the review day, whether it is the default of one year after the last change)."""
    if meta.get("review_by"):
        return meta["review_by"], False
    last = last_change(meta)
    return (last + dt.timedelta(days=DEFAULT_REVIEW), True) if last else (None, True)


def overdue(items, today: dt.date) -> list[dict]:
    """Every item whose review day is before `today`, the longest overdue first."""
    found = []
    for item in items:
        day, default = review_by(item.meta)
        if day is None or day >= today:
            continue
        found.append({"path": item.path, "slug": item.meta.get("slug", ""), "type": item.type,
                      "lang": item.lang, "title": item.meta.get("title", ""),
                      "owner": item.meta.get("owner", ""), "review_by": day.isoformat(),
                      "default": default, "days": (today - day).days})
    return sorted(found, key=lambda row: (row["review_by"], row["path"]))


def check_dates(meta, line_of, rel: str, problems, problem) -> None:
    """A review day or a change before the publication date."""
    date = meta.get("date")
    if not date:
        return
    for key, name in (("review_by", "Review-By"), ("changed", "Changed")):
        value = meta.get(key)
        value = value.date if isinstance(value, Change) else value
        if value and value < date:
            problems.append(problem(
                rel, line_of(key), name,
                msg("{name} ({value}) is before the publication date (Date: {date})",
                    name=name, value=value.isoformat(), date=date.isoformat()),
                msg("correct one of the two dates: {name} is on or after Date", name=name),
                code="date-order"))
