"""Theme strings (gettext catalogs compiled by the build) and Babel formatting per locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from .catalogs import check_catalog


class CatalogError(Exception):
    """A theme catalog that cannot be used; the message says what to do."""

    exitcode = 1


def compile_catalog(po: Path, mo: Path) -> None:
    """Compile a .po into its .mo (what `pybabel compile` does), deterministically."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.parent.parent.name)
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


def load_translations(directory: Path, lang: str, source_lang: str, domain: str):
    """The compiled catalog for `lang` (compiled now if the .po is newer); the source
    language needs none."""
    if lang == source_lang:
        return NullTranslations()
    po = directory / lang / "LC_MESSAGES" / f"{domain}.po"
    mo = po.with_suffix(".mo")
    if not po.exists():
        raise CatalogError(f"{po.relative_to(directory.parent.parent)} is missing — run "
                             "`invoke i18n.update` to create it, then translate it")
    broken = [p for p in check_catalog(po, set()) if "placeholders" in p]
    if broken:
        raise CatalogError("\n".join(broken))
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        compile_catalog(po, mo)
    with mo.open("rb") as fh:
        return Translations(fh, domain=domain)


def date_filter(value: dt.date | None, lang: str, style: str = "long") -> str:
    """`15 januari 2025`, `15 janvier 2025`, `15 January 2025`: never the OS locale."""
    return format_date(value, format=style, locale=lang) if value else ""


def number_filter(value, lang: str) -> str:
    return format_decimal(value, locale=lang)
