"""PortalGenerator: reads content/ once for every language and writes the whole portal.

Order (see docs/dev/architecture.md):
  generate_context  1. load taxonomies and every content file, check them (content_model)
                    2. stop with every problem at once if anything is wrong
                    3. keep what is published today; build the site model and the page plan
                    4. render every Markdown body once
  generate_output   5. render every planned page, language by language, with its catalog
                    6. write the sitemap, robots.txt and the root pages
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from pelican.generators import Generator

import content_model
from content_model import ContentErrors

from . import i18n, measure_map, sitemap
from .markup import Renderer
from .plan import build_plan
from .site import FACETS, FUNNEL, Site, is_published

log = logging.getLogger(__name__)


def build_date(settings) -> dt.date:
    value = settings.get("BUILD_DATE") or os.environ.get("OVERSTAP_BUILD_DATE")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def contains_value(held, value) -> bool:
    """Jinja test: a list field holds the value, or a single-value field equals it."""
    return value in held if isinstance(held, list) else held == value


class PortalGenerator(Generator):
    """Reads the content model and writes every page of the portal."""

    def generate_context(self):
        root = Path(self.path).parent
        langs = list(self.settings["LANGS"])
        content = content_model.load(Path(self.path), langs, self.settings["DEFAULT_LANG"], root)
        self.context["content_problems"] = content.problems
        if content_model.errors_only(content.problems):
            raise ContentErrors(content.problems)
        today = build_date(self.settings)
        preview = bool(self.settings.get("PREVIEW"))
        published = [i for i in content.items if is_published(i, today, preview)]
        self.site = Site(published, content.taxonomies, self.settings["LANGS"],
                         self.settings["DEFAULT_LANG"], self.settings.get("SITEURL", ""))
        self.plan = build_plan(self.site)
        self._render_bodies()
        self.context["portal_site"] = self.site
        self.context["portal_plan"] = self.plan

    def _render_bodies(self) -> None:
        renderer = Renderer(self.settings["MARKDOWN_EXTENSIONS"])
        for item in self.site.items:
            item.extra["html"] = renderer.render(item.body, self._resolver(item))

    def _resolver(self, item):
        def resolve(target: str) -> str:
            lang, _, slug = target.rpartition("/")
            found = self.site.get(slug, lang or item.lang) or \
                self.site.get(slug, self.site.default_lang)
            return found.extra["url"] if found else "#"
        return resolve

    # -- output ------------------------------------------------------------------------------
    def generate_output(self, writer):
        self._install_filters()
        directory = Path(self.theme) / "translations"
        for lang in self.site.langs:
            self.env.install_gettext_translations(
                i18n.load_translations(directory, lang, self.settings["I18N_SOURCE_LANG"],
                                       self.settings["I18N_DOMAIN"]), newstyle=True)
            for page in (p for p in self.plan if p.lang == lang and p.kind not in ("root",)
                         and p.template != "404-root"):
                self._write(page)
        self.env.install_gettext_translations(
            i18n.load_translations(directory, self.site.default_lang,
                                   self.settings["I18N_SOURCE_LANG"],
                                   self.settings["I18N_DOMAIN"]), newstyle=True)
        for page in (p for p in self.plan if p.kind == "root" or p.template == "404-root"):
            self._write(page)
        public = self.settings["PUBLIC_URL"]
        self._write_file("sitemap.xml", sitemap.render(self.plan, public,
                                                       self.site.default_lang))
        self._write_file("robots.txt", sitemap.robots(public))

    def _install_filters(self) -> None:
        locales = {lang: info.get("locale", lang) for lang, info in self.site.langs.items()}
        self.env.filters.update({
            "date": lambda d, lang, style="long": i18n.date_filter(d, locales[lang], style),
            "number": lambda n, lang: i18n.number_filter(n, locales[lang]),
        })
        self.env.tests["contains_value"] = contains_value
        self.env.globals.update({"site": self.site, "map_layout": measure_map.layout,
                                 "FACETS": FACETS, "FUNNEL": FUNNEL,
                                 "SITENAME": self.settings["SITENAME"],
                                 "SITEURL": self.settings["SITEURL"],
                                 "PUBLIC_URL": self.settings["PUBLIC_URL"],
                                 "THEME_URL": f"{self.settings['SITEURL']}/"
                                              f"{self.settings['THEME_STATIC_DIR']}"})
        # URL helpers every template may use, including at its top level
        self.env.globals["links"] = self.env.get_template("components/_links.html").module

    def _write(self, page) -> None:
        template = self.env.get_template(f"{page.template}.html")
        html = template.render(page=page, lang=page.lang, **page.data)
        self._write_file(page.path(self.settings["SITEURL"]), html)

    def _write_file(self, rel: str, text: str) -> None:
        path = Path(self.output_path) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
