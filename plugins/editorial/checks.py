"""The authoring checks run with what only the portal knows: its addresses and static folders.

Used by `invoke check` (everything, plain language included) and by the build (errors only
stop it; see editorial.py), so both report the same mistakes the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import replace
from pathlib import Path

from content_model import Problem, authoring
from content_model.authoring import SiteLinks
from safe_publish import fingerprint

from .links import site_links, static_folders


def build_date(settings) -> dt.date:
    """The date that decides scheduled and expired items (as the portal's build decides)."""
    value = settings.get("BUILD_DATE") or os.environ.get("OVERSTAP_BUILD_DATE")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def links_for(items, taxonomies, settings, content_dir: Path,
              cache_dir: Path | None = None) -> SiteLinks:
    """The portal's addresses, for the link checks. `cache_dir`: kept there, and reused
    while every item's card (header and address, portal/memo.py), the build date and what
    every build is made with (memo.global_key: code, theme, data, settings, runtime) stay the
    same."""
    theme = Path(settings.get("THEME", "theme"))
    key = None
    if cache_dir is not None:
        from portal import memo

        digest = hashlib.sha256(memo.global_key(settings, [content_dir / "_data"]).encode())
        digest.update(repr((str(content_dir), build_date(settings).isoformat())).encode())
        for item in sorted(items, key=lambda i: i.path):
            digest.update(memo.card(item))
        key = digest.hexdigest()
        found = _load(cache_dir, key, LINKS_FILE)
        if isinstance(found, SiteLinks):
            return found
    links = site_links(items, taxonomies, settings["LANGS"], settings["DEFAULT_LANG"],
                       build_date(settings), static_folders(content_dir, theme, settings),
                       settings.get("SITEURL", ""))
    if key is not None:
        _save(cache_dir, key, links, LINKS_FILE)
    return links


def authoring_problems(items, taxonomies, settings, content_dir: Path, plain: bool = True,
                       links: SiteLinks | None = None, subjects=None,
                       cache_dir: Path | None = None) -> list[Problem]:
    """Every authoring check over `items` (all of them, drafts included), or over `subjects`
    only (the preview's changed files). `cache_dir`: each file's own problems are kept there
    by its digest (for as long as the site's addresses and static files stay the same)."""
    links = links or links_for(items, taxonomies, settings, content_dir)
    words = authoring.vocabulary(taxonomies, list(settings["LANGS"]))
    common = _common_key(links, plain, settings, words)
    cache = (_load(cache_dir, common) or {}) if cache_dir else None
    problems = authoring.check(items, content_dir.parent, content_dir, settings["DEFAULT_LANG"],
                               links, build_date(settings), plain, subjects, cache, words)
    if cache_dir and subjects is None:
        _save(cache_dir, common, cache)
    return problems


CACHE_FILE = "authoring.pickle"
LINKS_FILE = "links.pickle"


def _common_key(links: SiteLinks, plain: bool, settings, words=None) -> str:
    """What every item's checks depend on besides its own file: the portal's addresses, the
    static files links and images may point at, the checks' code, the runtime (Python and
    every installed library: `fingerprint.runtime_key`)."""
    digest = hashlib.sha256(repr((links.pages, links.page_lang, links.alternates,
                                  sorted(links.sections), sorted(links.other_sections),
                                  plain, settings["DEFAULT_LANG"],
                                  fingerprint.runtime_key(),
                                  words.digest if words else "")).encode())
    for prefix, folder in sorted(links.static.items()):
        digest.update(f"{prefix}={folder}\n".encode())
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                digest.update(f"{os.path.join(dirpath, name)}\n".encode())
    for code in sorted(Path(authoring.__file__).parent.glob("*.py")):
        digest.update(code.read_bytes())
    return digest.hexdigest()


def _load(folder: Path, common: str, name: str = CACHE_FILE):
    """What `_save` kept under this key, or None."""
    try:
        with (folder / name).open("rb") as fh:
            stored, entries = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
            ImportError, TypeError):
        return None
    return entries if stored == common else None


def _save(folder: Path, common: str, entries, name: str = CACHE_FILE) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"{name}.{os.getpid()}.tmp"
    with temp.open("wb") as fh:
        pickle.dump((common, entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
    temp.replace(folder / name)


def strict(problems: list[Problem]) -> list[Problem]:
    """`--strict`: every warning becomes an error (for CI)."""
    return [replace(p, severity="error") for p in problems]


def check_all(root: Path, settings: dict):
    """What `invoke check` checks: every content and data file (content_model.load), the raw
    HTML the build would refuse (portal/markup.py) and every authoring check. Returns the
    loaded content with all its problems in `content.problems`, sorted, each once."""
    import content_model
    from portal.markup import check_items

    content_dir = Path(settings["PATH"])
    content_dir = content_dir if content_dir.is_absolute() else root / content_dir
    content = content_model.load(content_dir, list(settings["LANGS"]),
                                 settings["DEFAULT_LANG"], root)
    from portal import addresses, contact
    from portal.plan import build_plan, collisions
    from portal.site import Site, is_published

    problems = content.problems + check_items(content.items, settings) \
        + addresses.manifest_problems(settings) + contact.problems(settings) \
        + contact.text_problems(content.items, settings)
    if not content.taxonomies.broken:  # the portal's addresses need every taxonomy whole
        earlier = bool(content_model.errors_only(problems))
        # the build stops on the errors above before its authoring checks run: so do their
        # errors here (their warnings are `invoke check`'s own), and both report one set
        problems += [p for p in authoring_problems(content.items, content.taxonomies,
                                                   settings, content_dir)
                     if not earlier or p.severity != "error"]
    if not content_model.errors_only(problems):  # as the build: once the rest is right
        today = build_date(settings)
        site = Site([i for i in content.items if is_published(i, today, False)],
                    content.taxonomies, settings["LANGS"], settings["DEFAULT_LANG"],
                    settings.get("SITEURL", ""))
        problems += collisions(build_plan(site), site)
    content.problems = sorted(set(problems))
    return content
