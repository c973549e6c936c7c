"""The portal's addresses for the authoring link checks, made by the portal's own site model.

Two site models are built from the same items: one with everything (what the preview shows)
and one with what is published on the build date. A page in the first but not the second is
a draft, scheduled or expired page; a page in neither does not exist.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from content_model import ITEM_TYPES, static
from content_model.authoring import SiteLinks
from content_model.validate import state
from portal.plan import build_plan
from portal.site import Site

#: Header fields the site model needs to place an item; an item lacking one is left out.
PLACED_BY = ("slug", "type", "lang", "title", "date")


def placeable(items) -> list:
    """Items complete enough to have an address (the others have errors of their own)."""
    return [i for i in items if all(i.meta.get(k) for k in PLACED_BY)
            and (i.type != "hub" or (i.meta.get("taxonomy") and i.meta.get("term")))]


def site_links(items, taxonomies, langs: dict, default_lang: str, today: dt.date,
               static: dict[str, Path], siteurl: str = "") -> SiteLinks:
    items = placeable(items)
    everything = build_plan(Site(items, taxonomies, langs, default_lang, siteurl))
    public = {p.url for p in build_plan(Site([i for i in items if state(i, today) == "published"],
                                             taxonomies, langs, default_lang, siteurl))}
    pages, page_lang, alternates = {}, {}, {}
    for page in everything:
        item = page.data.get("item") or page.data.get("hub")
        pages[page.url] = "published" if page.url in public else \
            state(item, today) if item is not None else "not published"
        page_lang[page.url] = page.lang
        alternates[page.url] = dict(page.alternates)
    sections = {"/".join(url.split("/")[:3]) for url in pages if url.count("/") > 3}
    others = {f"{siteurl}/{lang}/{name}" for lang, info in langs.items()
              for key, name in info["sections"].items() if key not in ITEM_TYPES}
    return SiteLinks(pages, page_lang, alternates, sections, others, static)


def static_folders(content_dir: Path, theme_dir: Path, settings) -> dict[str, Path]:
    """URL prefix -> folder, for the static files the build copies (content/images/ by the
    portal itself, content_model/static.py; the theme's by Pelican)."""
    folders = {f"/{name}/": content_dir / name
               for name in [static.FOLDER, *settings.get("STATIC_PATHS", [])]}
    folders[f"/{settings.get('THEME_STATIC_DIR', 'theme')}/"] = theme_dir / "static"
    return folders
