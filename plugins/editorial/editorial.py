"""The editorial plugin: authoring checks in the build, and the translation status for editors.

EditorialGenerator runs after the portal's generator (listed after "portal" in PLUGINS):
  generate_context  the authoring checks that need the portal's addresses (links, images,
                    headings): an error stops the build like any content error
  generate_output   /nl/redactie/vertalingen/ (a page for editors: not linked, not in the
                    sitemap, noindex) and /nl/redactie/vertalingen.json
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from content_model import ContentErrors, errors_only, schema
from portal.plan import Page
from portal.preview import attach_problems

from .checks import authoring_problems, build_date, links_for
from .report import review_report, to_verify, translation_report

FOLDER = "redactie"
NAME = "vertalingen"


class EditorialGenerator(Generator):
    """Checks the text of every item; writes the translation status."""

    def generate_context(self):
        content = self.context.get("portal_content")
        if content is None:
            return
        cache = self.settings.get("CONTENT_CACHE_PATH")  # beside the content folder
        cache_dir = Path(self.path).parent / cache if cache else None
        self.links = links_for(content.items, content.taxonomies, self.settings,
                               Path(self.path), cache_dir)
        problems = authoring_problems(content.items, content.taxonomies, self.settings,
                                      Path(self.path), plain=False, links=self.links,
                                      cache_dir=cache_dir)
        if self.settings.get("PREVIEW"):  # shown in each page's banner (portal/preview.py)
            attach_problems(content.items, problems)
        elif errors_only(problems):  # warnings are for `invoke check`; the build shows errors
            raise ContentErrors(self.context.get("content_problems", []) + errors_only(problems))

    # -- the preview's fast path (portal/incremental.py) ---------------------------------------
    def preview_check(self, items, changed) -> list:
        """The authoring checks for the changed items, plain language included: the preview
        prints the warnings of the file being edited."""
        content = self.context["portal_content"]
        before = {i.path: i for i in content.items}
        if any(_shared(before.get(i.path)) != _shared(i) for i in changed):
            self.links = links_for(items, content.taxonomies, self.settings, Path(self.path))
        return authoring_problems(items, content.taxonomies, self.settings, Path(self.path),
                                  links=self.links, subjects=changed)

    def preview_update(self, changed) -> list[str]:
        """Rewrite the translation status after an edit."""
        portal, site = self.context["portal"], self.context["portal_site"]
        return self.write_translation_status(portal, site, only_changed=True)

    def generate_output(self, writer):
        portal, site = self.context.get("portal"), self.context.get("portal_site")
        if portal is None or site is None:
            return
        self.write_translation_status(portal, site)

    def write_translation_status(self, portal, site, only_changed=False) -> list[str]:
        """Write the page and the JSON; return the URLs written."""
        report = self.report(site)
        page, data = status_page(site), json_page(site)
        html = portal.render("editorial.html", site.default_lang, page=page, report=report)
        text = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        written = []
        for each, output in ((page, html), (data, text)):
            path = Path(self.output_path) / each.path(site.siteurl)
            if not (only_changed and path.is_file() and path.read_text("utf-8") == output):
                portal.write_file(each.path(site.siteurl), output)
                written.append(each.url)
        return written

    def report(self, site) -> dict:
        content = self.context["portal_content"]
        preview = bool(self.settings.get("PREVIEW"))
        shown = {id(i) for i in site.items}
        catalogs = Path(self.theme) / "translations"
        report = translation_report(
            content.items, site.langs, site.default_lang, catalogs,
            [lg for lg in site.langs if lg != self.settings["I18N_SOURCE_LANG"]],
            None if preview else build_date(self.settings),
            lambda item: item.extra.get("url") if id(item) in shown else None)
        report["organisations_to_verify"] = to_verify(site.taxonomies, site.default_lang)
        report["review"] = review_report(content.items, build_date(self.settings))
        return report


def _shared(item) -> tuple:
    if item is None:
        return ()
    return tuple(item.meta.get(f.key) for f in schema.FIELDS if f.shared)


def status_page(site) -> Page:
    url = site.url(site.default_lang, FOLDER, NAME)
    switch = {lang: site.url(lang) for lang in site.langs}
    return Page("editorial", "editorial", site.default_lang, url, {}, {}, switch,
                indexed=False)


def json_page(site) -> Page:
    url = site.url(site.default_lang, FOLDER) + f"{NAME}.json"
    return Page("editorial-json", "", site.default_lang, url, indexed=False)


def add_generator(pelican):
    return EditorialGenerator


def register():
    signals.get_generators.connect(add_generator)
