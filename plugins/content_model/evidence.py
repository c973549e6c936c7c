"""Sector evidence: every sector an item carries, other than the general one, has a source
sentence in content/_data/sector-evidence.toml that says so.

A site without that data file (or with an empty one) is not checked: the check starts with the
first entry an editor writes. Translations share `Sectors:` with the Dutch file (validate.py
compares them), so only the items of the default language are checked.
"""

from __future__ import annotations

from .errors import Problem
from .messages import msg
from .reader import Item

DATA_FILE = "sector-evidence"
WHERE = "content/_data/sector-evidence.toml"


def evidence_index(rows: dict) -> dict[tuple[str, str], list[dict]]:
    """The entries by (item, sector)."""
    index: dict[tuple[str, str], list[dict]] = {}
    for row in rows.values():
        if isinstance(row, dict):
            index.setdefault((row.get("item"), row.get("sector")), []).append(row)
    return index


def check_sector_evidence(items: list[Item], taxonomies, default_lang: str) -> list[Problem]:
    rows = taxonomies.data.get(DATA_FILE) or {} if taxonomies is not None else {}
    if not rows or "sectors" in taxonomies.broken:
        return []
    general = {t.key for t in taxonomies.terms.get("sectors", {}).values() if t.general}
    index = evidence_index(rows)
    problems = []
    for item in items:
        if item.lang != default_lang:
            continue
        for sector in item.meta.get("sectors") or []:
            if sector not in general:
                problems += _check_one(item, sector, index.get((item.meta["slug"], sector)))
    return problems


def _check_one(item: Item, sector: str, entries: list[dict] | None) -> list[Problem]:
    name = item.meta["slug"]
    if not entries:
        return [Problem(item.path, item.line("sectors"), "Sectors",
                        msg("`{sector}` has no evidence: no source sentence says this item "
                            "belongs to that sector", sector=sector),
                        msg("add `[{name}-{sector}]` with `item = \"{name}\"`, `sector = "
                            "\"{sector}\"`, `source` and `quote` to {where}, or remove the "
                            "sector (docs/authors/README.md, 'Sectoren')",
                            name=name, sector=sector, where=WHERE),
                        code="sector-without-evidence")]
    cited = set(item.meta.get("sources") or [])
    if any(e.get("source") in cited for e in entries):
        return []
    named = ", ".join(sorted({str(e.get("source")) for e in entries}))
    return [
        Problem(
            item.path,
            item.line("sources"),
            "Sources",
            msg(
                "the evidence for sector `{sector}` comes from {named}, which this "
                "item does not cite",
                sector=sector,
                named=named,
            ),
            msg(
                "add {named} to `Sources:`, or give evidence from a source the item "
                "cites in {where}",
                named=named,
                where=WHERE,
            ),
            code="sector-evidence-not-cited",
        )
    ]
