"""Translation status of every item: complete, stale, missing or draft, per language.

A translation is stale when the Dutch text changed after it was translated. That is decided by
the `Source-Hash` field: the fingerprint of the Dutch text the translation was made from,
written by `invoke new --translate` and `invoke translations --mark`. A translation without
one is compared by date instead (the Dutch `Modified`, else `Date`, against its own).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .messages import msg
from .reader import Item
from .validate import by_slug

HASH_LENGTH = 10
#: Per-file fields that say nothing about the text itself (the address is not re-translated
#: when the Dutch address changes).
NOT_TEXT = ("address", "lang", "status", "modified", "source_hash", "owner", "review_by",
            "changed")  # the change line is per language: the text beside it is hashed
STATES = ("complete", "stale", "draft", "missing")


def text_fields(type_: str) -> list[schema.Field]:
    """The fields a translator translates (besides the body)."""
    return [f for f in schema.fields_for(type_) if not f.shared and f.key not in NOT_TEXT]


#: A comment in the text (`<!-- ... -->`, like the notes `invoke new` writes): never shown to
#: readers, so never something to translate.
COMMENT = re.compile(r"<!--.*?-->", re.S)


def without_comments(body: str) -> str:
    """The body without its comments (and without the blank lines they leave at the start)."""
    return COMMENT.sub("", body).lstrip("\n")


def source_hash(item: Item) -> str:
    """The fingerprint of an item's translatable text: its text fields and its body, with
    whitespace folded (re-wrapping a paragraph changes nothing) and comments left out
    (removing the notes of `invoke new` does not make the translations stale)."""
    parts = [f"{f.name}: {item.meta.get(f.key) or ''}" for f in text_fields(item.type)]
    parts.append(" ".join(without_comments(item.body).split()))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Status:
    source: Item
    lang: str
    state: str  # complete, stale, draft, missing
    item: Item | None = None
    basis: str = ""  # hash or date: how staleness was decided
    detail: str = ""

    @property
    def slug(self) -> str:
        return self.source.meta.get("slug", "")


def statuses(items: list[Item], langs, default_lang: str) -> list[Status]:
    """One status per default-language item and other language, by type and slug."""
    found = []
    sources = [i for i in items if i.lang == default_lang and i.meta.get("slug")]
    groups = by_slug(items)
    for source in sorted(sources, key=lambda i: (list(schema.TYPES).index(i.type)
                                                 if i.type in schema.TYPES else 99,
                                                 i.meta["slug"])):
        for lang in langs:
            if lang != default_lang:
                found.append(status_of(source, groups[source.meta["slug"]].get(lang), lang))
    return found


def status_of(source: Item, item: Item | None, lang: str) -> Status:
    if item is None:
        return Status(source, lang, "missing")
    if item.meta.get("status") == "draft":
        return Status(source, lang, "draft", item)
    recorded, current = item.meta.get("source_hash"), source_hash(source)
    if recorded:
        if recorded == current:
            return Status(source, lang, "complete", item, "hash")
        return Status(source, lang, "stale", item, "hash",
                      msg("translated from {recorded}, the Dutch text is now {current}",
                          recorded=recorded, current=current))
    theirs = source.meta.get("modified") or source.meta.get("date")
    mine = item.meta.get("modified") or item.meta.get("date")
    if theirs and mine and theirs > mine:
        return Status(source, lang, "stale", item, "date",
                      msg("the Dutch text changed on {theirs}, the translation on {mine}",
                          theirs=theirs, mine=mine))
    return Status(source, lang, "complete", item, "date")


def counts(found: list[Status]) -> dict[str, dict[str, int]]:
    """lang -> state -> how many."""
    table: dict[str, dict[str, int]] = {}
    for status in found:
        row = table.setdefault(status.lang, dict.fromkeys(STATES, 0))
        row[status.state] += 1
    return table


def mark(path: Path, value: str) -> None:
    """Write `Source-Hash: value` into the header of the file at `path` (replacing an old
    one); everything else in the file stays as it is."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    end = _header_end(lines)
    new = f"Source-Hash: {value}" + ("\r" if text.count("\r\n") else "")
    for number in range(end):
        if re.match(r"^\s{0,3}source-hash\s*:", lines[number], re.I):
            lines[number] = new
            break
    else:
        lines.insert(end, new)
    path.write_text("\n".join(lines), "utf-8", newline="")


def _header_end(lines: list[str]) -> int:
    """Index of the line that ends the header (the blank line or closing `---`)."""
    fenced = bool(lines) and lines[0].strip() == "---"
    for number in range(1 if fenced else 0, len(lines)):
        stripped = lines[number].strip()
        if (fenced and stripped in ("---", "...")) or (not fenced and not stripped):
            return number
    return len(lines)
