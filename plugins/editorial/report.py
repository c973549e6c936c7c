"""The translation report: every item's status per language and the theme strings to translate.

One structure, three outputs: `invoke translations` prints it, the build writes it as JSON and
as a page for editors (editorial.html).
"""

from __future__ import annotations

from pathlib import Path

from content_model import organisations, translations, upkeep
from content_model.validate import state

from .catalog_status import catalog_status


def translation_report(items, langs, default_lang: str, catalogs: Path | None,
                       catalog_langs=(), today=None, url_of=None) -> dict:
    """`today` given: only items published on that day are listed (the public build);
    `url_of(item)` gives the address of a published item, or None."""
    found = translations.statuses(items, list(langs), default_lang)
    if today is not None:
        found = [s for s in found if state(s.source, today) == "published"]
    rows: dict[str, dict] = {}
    for status in found:
        row = rows.setdefault(status.source.path, _row(status.source, url_of))
        row["translations"][status.lang] = _cell(status, url_of, today)
    return {
        "source_lang": default_lang,
        "languages": [lang for lang in langs if lang != default_lang],
        "counts": translations.counts(found),
        "items": list(rows.values()),
        "theme_strings": {c.lang: {"catalog": c.path, "total": c.total,
                                   "untranslated": c.untranslated, "fuzzy": c.fuzzy,
                                   "missing": c.missing}
                          for c in (catalog_status(catalogs, catalog_langs) if catalogs else [])},
    }


def _row(source, url_of) -> dict:
    return {"slug": source.meta["slug"], "type": source.type,
            "title": source.meta.get("title", ""), "path": source.path,
            "url": url_of(source) if url_of else None,
            "source_hash": translations.source_hash(source), "translations": {}}


def _cell(status, url_of, today) -> dict:
    item = status.item
    shown = item is not None and (today is None or state(item, today) == "published")
    return {"state": status.state, "basis": status.basis, "detail": status.detail,
            "path": item.path if item is not None else None,
            "url": url_of(item) if shown and url_of else None,
            "recorded_hash": item.meta.get("source_hash") if item is not None else None}


def review_report(items, today) -> dict:
    """Keeping content alive (content_model/upkeep.py): the items published on `today` whose
    review day has passed, the longest overdue first, and how many name no owner."""
    published = [i for i in items if state(i, today) == "published"]
    return {"date": today.isoformat(), "overdue": upkeep.overdue(published, today),
            "without_owner": sum(1 for i in published if not i.meta.get("owner")),
            "published": len(published)}


def to_verify(taxonomies, lang: str) -> list[dict]:
    """The register's organisations whose website and lines no editor has checked online yet
    (`verified = false` in content/_data/organisations.toml), by name."""
    found = [{"key": key, "name": term.label(lang), "website": term.extra.get("website", "")}
             for key, term in organisations.register(taxonomies).items()
             if term.extra.get("verified") is not True]
    return sorted(found, key=lambda row: (row["name"].lower(), row["key"]))
