"""The preview's fast path: one edited content file, re-read alone, its pages rendered again.

After a full preview build, `LiveSite` keeps that build's generators (the site model, the
page plan, the Jinja environment with its catalogs). When only existing content files changed,
`update` re-reads just those files, checks them like the build does, and writes, in two steps:

1. the pages that show the item itself (its page, or the hub or home it is the text of);
2. the pages that link to it (lists, hubs, finder pages, related items, its translations),
   found in an index of the links in every written page; when shared metadata changed (what
   the item is classified as, its date), every page of the plan instead. Other generators
   that define `preview_update(items)` then rewrite their own files.

A page is written only when its HTML changed. Anything else (a new, renamed or deleted file,
a changed Slug (address), theme, data or settings) needs a full build: `update` says so. So does an
installation that is no longer the runtime this process builds with (`fingerprint.runtime_key`:
Python or a library upgraded since `make serve` started, which only a restart brings in).
The normal build (`make build`) never comes here.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from content_model import ContentErrors, Problem, errors_only, schema
from content_model.reader import Item, read_file
from content_model.validate import validate
from safe_publish import fingerprint

from . import preview, sitemap
from .generator import build_date
from .markup import check_items
from .plan import build_plan
from .site import Site

#: A change of these means new addresses or other pages: the full build handles it.
IDENTITY = ("slug", "address", "type", "lang", "template", "taxonomy", "term")
HREF_RE = re.compile(r'href="([^"#?]*)')
OTHERS = "other generators"  # in `leftover`: their preview_update is still due


class NeedsFullBuild(Exception):
    """This change cannot be applied in place."""


@dataclass
class Update:
    """What one incremental update did."""

    items: list[Item]
    pages: list[str] = field(default_factory=list)  # URLs rewritten by step 1
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)  # warnings (and errors if failed)
    structural: bool = False


class LiveSite:
    """The last full preview build, kept in memory to update it in place."""

    def __init__(self, root: Path, folder: Path):
        self.root, self.folder = root, folder
        self.generators: list = []
        self.links: dict[str, set[str]] = {}  # page URL -> URLs it links to
        self.pending: set[Path] = set()  # saved, but refused (content errors): try again
        self.leftover: set[str] = set()  # pages step 2 had no time for (a newer save came)
        self.checked: list[Problem] = []  # the last update's checks across files (validate)
        self.validated: dict | None = None  # the same by file, for the installed items

    # -- after a full build --------------------------------------------------------------------
    def capture(self, generators) -> None:
        """Keep the generators of a successful full build (they wrote into staging, which is
        now the preview folder)."""
        self.generators = list(generators)
        for generator in self.generators:
            generator.output_path = str(self.folder)
        self.links, self.pending, self.leftover = {}, set(), set()
        self.validated = None

    def forget(self) -> None:
        self.generators, self.links, self.pending, self.leftover = [], {}, set(), set()
        self.validated = None

    @property
    def portal(self):
        return next((g for g in self.generators if hasattr(g, "plan") and hasattr(g, "site")),
                    None)

    def index_links(self) -> None:
        """Which page links where, read from the written pages (once per full build)."""
        portal = self.portal
        self.links = {page.url: self._hrefs(page.path(portal.site.siteurl))
                      for page in portal.plan}

    def _hrefs(self, rel: str) -> set[str]:
        path = self.folder / rel
        return set(HREF_RE.findall(path.read_text("utf-8"))) if path.is_file() else set()

    # -- one change ----------------------------------------------------------------------------
    def update(self, paths: list[Path]) -> Update:
        """Step 1 for the changed files (and those refused before, until they pass).
        Raises NeedsFullBuild or ContentErrors."""
        started = time.perf_counter()
        portal = self.portal
        if portal is None:
            raise NeedsFullBuild("no full build to start from")
        if fingerprint.installed_runtime_key() != fingerprint.runtime_key():
            raise NeedsFullBuild("Python or an installed library changed since `make serve` "
                                 "started (restart it to build with them)")
        self.pending |= set(paths)
        paths = sorted(self.pending)
        old = {item.path: item for item in portal.site.items}
        problems: list[Problem] = []
        new = [self._reread(path, old, problems) for path in paths]
        items = [next((n for n in new if n.path == i.path), i) for i in portal.site.items]
        problems = self._check(portal, items, new, problems)
        flagged = self._banners(portal, old, items, new, problems)
        structural = any(_shared_changed(old[n.path], n) for n in new)
        self.pending = set()
        self._install(portal, items, new)
        done = Update(new, problems=problems, structural=structural)
        done.pages = self._write(portal, [p for p in portal.plan if _shows(p, new + flagged)])
        done.seconds = time.perf_counter() - started
        return done

    def finish(self, update: Update, open_pages=frozenset(), announce=None,
               stop=None) -> list[str]:
        """Step 2: every other page that shows the changed items, those open in a tab first
        (`announce(urls)` is called once they are written); other generators' files. When
        `stop()` becomes true (a new save), the pages not done yet wait for the next update."""
        portal = self.portal
        if update.structural:
            pages = [p for p in portal.plan if p.url not in update.pages]
        else:
            urls = {i.extra["url"] for i in update.items}
            pages = [p for p in portal.plan if p.url not in update.pages
                     and (self.links.get(p.url, set()) & urls or p.url in self.leftover)]
        self.leftover &= {OTHERS}
        first = self._write(portal, [p for p in pages if p.url in open_pages], stop)
        if announce is not None and first:
            announce(first)
        written = first + self._write(portal, [p for p in pages if p.url not in open_pages],
                                      stop)
        if update.structural:
            written += self._remove_stale(portal)
            portal.write_file("sitemap.xml", sitemap.render(
                portal.plan, portal.settings["PUBLIC_URL"], portal.site.default_lang))
        if stop is not None and stop():
            self.leftover.add(OTHERS)  # the other generators' files: with the next update
            return written
        self.leftover.discard(OTHERS)
        for generator in self.generators:
            if hasattr(generator, "preview_update"):
                written += generator.preview_update(update.items)
        return written

    # -- steps ---------------------------------------------------------------------------------
    def _reread(self, path: Path, old: dict[str, Item], problems: list[Problem]) -> Item:
        rel = path.relative_to(self.root).as_posix()
        if rel not in old:
            raise NeedsFullBuild(f"{rel} is new")
        portal = self.portal
        item = read_file(path, self.root, Path(portal.path), portal.site.taxonomies,
                         list(portal.site.langs), problems)
        if item is None or errors_only(problems) and not preview.usable(item, portal.site.langs):
            raise ContentErrors(problems)  # no page to show them on: over every page
        if any(old[rel].meta.get(key) != item.meta.get(key) for key in IDENTITY):
            raise NeedsFullBuild(f"{rel}: its Slug (address), Type, Lang or place changed")
        return item

    def _check(self, portal, items: list[Item], new: list[Item],
               problems: list[Problem]) -> list[Problem]:
        """What the build checks, for the changed files (errors raise ContentErrors)."""
        paths = {item.path for item in new}
        self.checked = validate(items, portal.site.default_lang)  # every file's: _banners
        problems = problems + [p for p in self.checked
                               if p.path in paths or p.severity == "error"]
        problems += check_items(new, portal.settings)
        for generator in self.generators:
            if hasattr(generator, "preview_check"):
                problems += generator.preview_check(items, new)
        if errors_only(problems) and not portal.settings.get("PREVIEW"):
            raise ContentErrors(problems)
        return sorted(set(problems))

    def _banners(self, portal, old: dict[str, Item], items: list[Item], new: list[Item],
                 problems: list[Problem]) -> list[Item]:
        """Each changed file's problems go into its page's banner (portal/preview.py); an
        other file whose problems across files (validate: translations, references) changed
        too is returned, so its pages are written again."""
        if not portal.settings.get("PREVIEW"):
            return []
        today = build_date(portal.settings)
        for item in new:
            preview.attach(item, [p for p in problems if p.path == item.path])
            preview.fill_in(item, today)
        paths = {item.path for item in new}
        before = self.validated if self.validated is not None else \
            _by_path(validate(list(old.values()), portal.site.default_lang))
        after = self.validated = _by_path(self.checked)  # the next save's `before`
        flagged = []
        for item in items:
            if item.path in paths or before.get(item.path) == after.get(item.path):
                continue
            gone = {preview.row(p) for p in before.get(item.path, ())}
            kept = [r for r in item.extra.get(preview.PROBLEMS, ()) if r not in gone]
            item.extra[preview.PROBLEMS] = tuple(sorted(set(kept) | {
                preview.row(p) for p in after.get(item.path, ())}))
            flagged.append(item)
        return flagged

    def _install(self, portal, items: list[Item], new: list[Item]) -> None:
        """A new site model and plan around the re-read items; their bodies rendered."""
        site = Site(items, portal.site.taxonomies, portal.site.langs, portal.site.default_lang,
                    portal.site.siteurl)
        portal.site, portal.plan = site, build_plan(site)
        portal._render_bodies(new)
        portal.set_global("site", site)
        portal.context["portal_site"], portal.context["portal_plan"] = site, portal.plan
        content = portal.context.get("portal_content")
        if content is not None:
            changed = {item.path: item for item in new}
            content.items = [changed.get(item.path, item) for item in content.items]
        self._refresh_others(portal)

    def _refresh_others(self, portal) -> None:
        """Plugins' generators that keep state built from the site model (an embeds catalogue
        the templates read) build it again, as in a build: their `generate_context`, then
        the `all_generators_finalized` signal (globals its receivers give the base Jinja
        environment go to every language's environment). Generators with preview hooks
        (`preview_update`) and Pelican's own are left alone."""
        from pelican import signals

        for generator in self.generators[self.generators.index(portal) + 1:]:
            if not type(generator).__module__.startswith("pelican.") and \
                    not hasattr(generator, "preview_update"):
                generator.generate_context()
        before = dict(portal.env.globals)
        signals.all_generators_finalized.send(self.generators)
        for name, value in portal.env.globals.items():  # what the signal's receivers set
            if before.get(name) is not value:
                portal.set_global(name, value)

    def _write(self, portal, pages, stop=None) -> list[str]:
        """Render `pages`; write those whose HTML changed; return their URLs. Pages left
        when `stop()` turns true are kept in `leftover` for the next update."""
        written = []
        for number, page in enumerate(pages):
            if stop is not None and stop():
                self.leftover |= {p.url for p in pages[number:]}
                break
            html = portal.render_planned(page)
            rel = page.path(portal.site.siteurl)
            target = self.folder / rel
            if target.is_file() and target.read_text("utf-8") == html:
                continue
            portal.write_file(rel, html)
            self.links[page.url] = set(HREF_RE.findall(html))
            written.append(page.url)
        return written

    def _remove_stale(self, portal) -> list[str]:
        """Pages that are no longer in the plan (a facet value nobody has any more)."""
        wanted = {p.url for p in portal.plan}
        gone = [url for url in self.links if url not in wanted]
        for url in gone:
            (self.folder / Site.output_path(url, portal.site.siteurl)).unlink(missing_ok=True)
            del self.links[url]
        return gone


def _by_path(problems: list[Problem]) -> dict[str, set[Problem]]:
    found: dict[str, set[Problem]] = {}
    for problem in problems:
        found.setdefault(problem.path, set()).add(problem)
    return found


def _shared_changed(old: Item, new: Item) -> bool:
    return any(old.meta.get(f.key) != new.meta.get(f.key) for f in schema.FIELDS if f.shared)


def _shows(page, items: list[Item]) -> bool:
    """Whether the page is the changed item's own (its page, its hub, the home it is)."""
    data = page.data
    return any(data.get("item") is i or data.get("hub") is i or data.get("home") is i
               for i in items)
