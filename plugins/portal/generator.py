"""PortalGenerator: reads content/ once for every language and writes the whole portal.

Order (see docs/dev/architecture.md):
  generate_context  1. load taxonomies and every content file, check them (content_model)
                    2. stop with every problem at once if anything is wrong
                    3. keep what is published today; build the site model and the page plan
                    4. render every Markdown body once
  generate_output   5. render every planned page, language by language, with its catalog
                    6. write the sitemap, robots.txt and the root pages
                    7. copy the checked files of content/images/ (content_model/static.py)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from pathlib import Path

import jinja2
from pelican.generators import Generator

import content_model
from content_model import ContentErrors, static, upkeep
from content_model.glossary import Glossary
from theme_assets import theme_assets

from . import addresses, contact, i18n, loading, measure_map, memo, sitemap, typography
from . import preview as preview_notes
from .glossary_links import link_terms
from .markup import Policy, Renderer
from .organisation_links import adds_words, organisation_links
from .parallel import fork_map
from .plan import build_plan, collisions
from .site import FACETS, FUNNEL, Site, is_published

log = logging.getLogger(__name__)


def build_date(settings) -> dt.date:
    value = settings.get("BUILD_DATE") or os.environ.get("OVERSTAP_BUILD_DATE")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def contains_value(held, value) -> bool:
    """Jinja test: a list field holds the value, or a single-value field equals it."""
    return value in held if isinstance(held, list) else held == value


def _bytecode_cache(folder: Path, options) -> jinja2.FileSystemBytecodeCache:
    """Compiled templates kept between builds (Jinja checks each one against its source);
    one folder per environment configuration and runtime (Python and every installed
    library, Jinja's among them: `fingerprint.runtime_key`), which the compiled code also
    depends on."""
    from safe_publish import fingerprint

    config = hashlib.sha256(repr((fingerprint.runtime_key(), sorted(
        (k, repr(v)) for k, v in options.items()))).encode()).hexdigest()[:16]
    target = folder / f"jinja-{config}"
    target.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(target))


class PortalGenerator(Generator):
    """Reads the content model and writes every page of the portal."""

    def generate_context(self):
        static.check_settings(self.settings)  # Pelican copies no content folder itself
        root = Path(self.path).parent
        cache = self.settings.get("CONTENT_CACHE_PATH")  # relative: beside the content folder
        content = loading.load(Path(self.path), root, self.settings,
                               root / cache if cache else None)
        if not self.settings.get("PREVIEW"):  # the manifest of every published address
            content.problems = sorted(set(content.problems
                                          + addresses.manifest_problems(self.settings)
                                          + contact.problems(self.settings)
                                          + contact.text_problems(content.items, self.settings)))
        self.context["content_problems"] = content.problems
        self.context["portal_content"] = content  # every item, drafts too (editorial plugin)
        today = build_date(self.settings)
        preview = bool(self.settings.get("PREVIEW"))
        if preview and not content.taxonomies.broken:  # problems go into banners (preview.py)
            content.items, self.context["preview_problems"] = preview_notes.tolerate(
                content.items, content.problems, self.settings["LANGS"], today)
        elif content_model.errors_only(content.problems):
            raise ContentErrors(content.problems)
        published = [i for i in content.items if is_published(i, today, preview)]
        self.site = Site(published, content.taxonomies, self.settings["LANGS"],
                         self.settings["DEFAULT_LANG"], self.settings.get("SITEURL", ""))
        if not preview:  # what is no longer offered keeps its address, with a notice
            known = addresses.read(addresses.manifest_path(self.settings))
            self.site.withdrawn = addresses.withdrawn(self.site, content.items, known, today)
        self.plan = build_plan(self.site)
        if clashes := collisions(self.plan, self.site):
            if not preview:
                raise ContentErrors(clashes)
            self._leave_out(clashes)
        self._render_bodies()
        self.context["portal_site"] = self.site
        self.context["portal_plan"] = self.plan

    def _leave_out(self, clashes) -> None:
        """The preview: of items that share an address, the one whose file name is that
        address (else the first) keeps it, with the problem in its banner; the others, and an
        item whose address is a portal page or folder, are left out (reported over every
        page)."""
        paths, sharing = {p.path for p in clashes}, {}
        for page in self.plan:
            if (item := page.data.get("item")) is not None and item.path in paths:
                sharing.setdefault(page.url, []).append(item)
        kept = {min(items, key=lambda i: (i.name != i.meta["slug"], i.path)).path
                for items in sharing.values() if len(items) > 1}
        for item in self.site.items:
            if item.path in kept:
                preview_notes.add(item, [p for p in clashes if p.path == item.path])
        self.context["preview_problems"] = self.context.get("preview_problems", []) + \
            [p for p in clashes if p.path not in kept]
        paths -= kept
        self.site = Site([i for i in self.site.items if i.path not in paths],
                         self.site.taxonomies, self.settings["LANGS"],
                         self.settings["DEFAULT_LANG"], self.settings.get("SITEURL", ""))
        self.plan = build_plan(self.site)

    def _render_bodies(self, items=None) -> None:
        """Render the Markdown of `items` (default: every item; the preview passes one)."""
        renderer = Renderer(self.settings["MARKDOWN_EXTENSIONS"],
                            Policy.from_settings(self.settings))
        keep = items is not None or bool(self.settings.get("PREVIEW"))
        # every <img> of content/images/ gets its width and height (content_model/static.py)
        content = self.context.get("portal_content")
        sizes = static.sizes(content.static) if content is not None else {}
        glossary = Glossary.from_data(self.site.taxonomies.data.get("glossary"))
        for item in self.site.items if items is None else items:
            html = renderer.render(item.body, self._resolver(item),
                                   item.extra.get("markdown_html"),
                                   lambda key, lg=item.lang: self.site.organisation_url(lg, key))
            html = link_terms(html, item.lang, glossary, self.site.glossary_url(item.lang))
            html = contact.expand(html, self.settings)  # `{contact-email}`: portal/contact.py
            item.extra["html"] = static.with_sizes(html, sizes)
            if not keep:  # the content cache has it; a publishing build needs it no more
                item.extra.pop("markdown_html", None)

    def _resolver(self, item):
        def resolve(target: str) -> str:
            lang, _, slug = target.rpartition("/")
            found = self.site.get(slug, lang or item.lang) or \
                self.site.get(slug, self.site.default_lang)
            return found.extra["url"] if found else "#"
        return resolve

    # -- output ------------------------------------------------------------------------------
    def generate_output(self, writer):
        """Write every planned page, then the sitemap. Other plugins' generators run after
        this one and render through `context["portal"]` (see `render` and `write_file`)."""
        self._prepare_environment()
        for env in self.envs.values():  # compile once, before the work is split
            for name in sorted({f"{p.template}.html" for p in self.plan}):
                env.get_template(name)
        self.memo = self._memo()
        for entry in fork_map(self.write_page_once, self.plan, here=False):
            self.memo.keep(entry)
        public = self.settings["PUBLIC_URL"]
        self.write_file("sitemap.xml", sitemap.render(self.plan, public, self.site.default_lang))
        self.write_file("robots.txt", sitemap.robots(public))
        # content/images/: the files the content check accepted, checked again as they are
        # copied (content_model/static.py); never linked to content/, never kept by memo.py
        static.publish(self.context["portal_content"].static, Path(self.path),
                       Path(self.path).parent, self.write_file)

    def _prepare_environment(self) -> None:
        locales = {lang: info.get("locale", lang) for lang, info in self.site.langs.items()}
        theme_url = f"{self.settings['SITEURL']}/{self.settings['THEME_STATIC_DIR']}"
        # the theme's files under their published names (plugins/theme_assets: a content hash)
        published = theme_assets.names(Path(self.theme) / theme_assets.SOURCE,
                                       self.settings.get("IGNORE_FILES") or ())

        def asset(rel: str) -> str:
            if rel not in published:
                raise KeyError(f"asset({rel!r}): no file theme/static/{rel}")
            return f"{theme_url}/{published[rel]}"
        self.env.filters.update({
            "date": lambda d, lang, style="long": i18n.date_filter(d, locales[lang], style),
            "number": lambda n, lang: i18n.number_filter(n, locales[lang]),
        })
        self.env.tests["contains_value"] = contains_value
        self.env.filters["orgs"] = lambda text, lang: organisation_links(text, lang, self.site)
        self.env.tests["wordy"] = adds_words
        self.env.globals.update({"site": self.site, "map_layout": measure_map.layout,
                                 "last_update": upkeep.last_update,
                                 "FACETS": FACETS, "FUNNEL": FUNNEL,
                                 "SITENAME": self.settings["SITENAME"],
                                 "SITEURL": self.settings["SITEURL"],
                                 "PUBLIC_URL": self.settings["PUBLIC_URL"],
                                 "THEME_URL": theme_url, "asset": asset})
        if self.settings.get("PREVIEW"):  # components/_preview_banner.html: preview only
            today = build_date(self.settings)
            self.env.globals["preview_banner"] = lambda item: preview_notes.banner(
                item, today, self.settings)
        if cache := self.settings.get("CONTENT_CACHE_PATH"):
            self.env.bytecode_cache = _bytecode_cache(Path(self.path).parent / cache,
                                                      self.settings["JINJA_ENVIRONMENT"])
        directory = Path(self.theme) / "translations"
        # One environment per language: Jinja caches imported macro modules with the
        # gettext functions they were first made with, so languages must not share a cache.
        self.envs = {}
        for lang in self.site.langs:
            env = self.env.overlay()
            env.globals = dict(self.env.globals)
            # the overlay's own bound i18n extension (env.install_gettext_translations would
            # still point at the base environment)
            env.extensions["jinja2.ext.InternationalizationExtension"]._install(
                i18n.load_translations(directory, lang, self.settings["I18N_SOURCE_LANG"],
                                       self.settings["I18N_DOMAIN"]), newstyle=True)
            # URL helpers every template may use, including at its top level
            env.globals["links"] = env.get_template("components/_links.html").module
            self.envs[lang] = env
        self.context["portal"] = self

    def set_global(self, name: str, value) -> None:
        """Give every language's templates the same global (e.g. a new site model)."""
        for env in self.envs.values():
            env.globals[name] = value

    def render(self, template: str, lang: str, **data) -> str:
        """Render `template` (a name under theme/templates/) in `lang`."""
        return self.envs[lang].get_template(template).render(lang=lang, **data)

    def render_page(self, template: str, lang: str, **data) -> str:
        """An HTML page (a planned page, an embed view): rendered, then its text set in the
        language's typography (typography.py: French spaces before ? ! ; : »)."""
        return typography.apply(lang, self.render(template, lang, **data))

    def write_page_once(self, page):
        """Render and write a planned page, or take the last build's when nothing it shows
        changed (memo.py). Returns the page's record."""
        return self.write_memo(page.path(self.settings["SITEURL"]),
                               (page.template, page.lang, page),
                               lambda: self.render_planned(page))

    def render_planned(self, page) -> str:
        """A planned page. In the preview, a page whose own file has errors and that its
        template cannot render shows its banner and what to do (portal/preview.py)."""
        try:
            return self.render_page(f"{page.template}.html", page.lang, page=page, **page.data)
        except Exception as error:
            subject = next((page.data[k] for k in ("item", "hub", "home") if k in page.data),
                           None)
            if not self.settings.get("PREVIEW") or subject is None or \
                    not preview_notes.errors(subject):
                raise
            log.warning("%s: %s", page.url, error)
            return self.render_page("preview_fallback.html", page.lang, page=page,
                                    subject=subject,
                                    why=preview_notes.fallback(error, self.settings))

    def write_memo(self, rel: str, key_parts: tuple, make):
        """Write `rel` from make() (its text), unless the last build's file can be reused:
        `key_parts` is everything make() is given directly; what it asks the site model is
        recorded (memo.py). Returns the file's record; the caller gives it to memo.keep."""
        key = memo.key_of(*key_parts)
        if (entry := self.memo.reuse(rel, key)) is not None:
            return entry
        data, entry = self.memo.produce(rel, key, make)
        self.write_file(rel, data)
        return entry

    def _memo(self) -> memo.Memo:
        """This build's memo: the last build's records, checked against the site now."""
        from safe_publish import fingerprint

        target = self.settings.get("PUBLISH_TARGET")
        published = Path(target) if target and Path(target).is_dir() else None
        targets = {"Site": self.site}
        if embeds := self.context.get("portal_embeds"):
            targets["Catalogue"] = embeds
        world = memo.World(self.site, self.plan, targets)
        key = memo.global_key(self.settings, [Path(self.path) / "_data"])
        digest = self.settings.get("PUBLISHED_DIGEST")  # safe_publish.build has it already
        old = memo.load(published, digest if digest is not None else
                        fingerprint.output(published)) if published else None
        found = memo.Memo(key, world, published, Path(self.output_path), old)
        memo.PENDING = found
        return found

    def write_file(self, rel: str, data: str | bytes) -> None:
        """Write one output file (text as UTF-8 with \\n line ends). A file already there
        may be a link to the published site's (memo.py): it is replaced, never written into."""
        path = Path(self.output_path) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")

