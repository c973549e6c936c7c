"""The authoring checks run with what only the portal knows: its addresses and static folders.

Used by `invoke check` (everything, plain language included) and by the build (errors only
stop it; see editorial.py), so both report the same mistakes the same way.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from content_model import Problem, authoring
from content_model.authoring import SiteLinks

from .links import site_links, static_folders


def build_date(settings) -> dt.date:
    """The date that decides scheduled and expired items (as the portal's build decides)."""
    value = settings.get("BUILD_DATE") or os.environ.get("OVERSTAP_BUILD_DATE")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def links_for(items, taxonomies, settings, content_dir: Path) -> SiteLinks:
    """The portal's addresses, for the link checks."""
    theme = Path(settings.get("THEME", "theme"))
    return site_links(items, taxonomies, settings["LANGS"], settings["DEFAULT_LANG"],
                      build_date(settings), static_folders(content_dir, theme, settings),
                      settings.get("SITEURL", ""))


def authoring_problems(items, taxonomies, settings, content_dir: Path, plain: bool = True,
                       links: SiteLinks | None = None, subjects=None) -> list[Problem]:
    """Every authoring check over `items` (all of them, drafts included), or over `subjects`
    only (the preview's changed files)."""
    links = links or links_for(items, taxonomies, settings, content_dir)
    return authoring.check(items, content_dir.parent, content_dir, settings["DEFAULT_LANG"],
                           links, build_date(settings), plain, subjects)


def strict(problems: list[Problem]) -> list[Problem]:
    """`--strict`: every warning becomes an error (for CI)."""
    return [replace(p, severity="error") for p in problems]
