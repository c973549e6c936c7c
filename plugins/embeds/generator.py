"""EmbedsGenerator: embed views, oEmbed files, feeds and the security headers files.

Order (it runs after the portal's generator, see docs/dev/architecture.md):
  generate_context  1. check the EMBED_ALLOWED_ORIGINS setting
                    2. list every embed and feed (catalogue.py) and put the catalogue in the
                       context; `share_with_templates` makes it the `embeds` template global
                       before any page is rendered
  generate_output   3. per language: the theme's strings for titles and snippets, then every
                       embed view, its oEmbed file, and the Atom and JSON feeds
                    4. `_headers`, the nginx snippet and `_nginx.conf` (nginx.py)
"""

from __future__ import annotations

import functools
import json
import os

from pelican.generators import Generator

from content_model import static
from portal import addresses, memo
from portal.parallel import fork_map

from . import feeds, headers, nginx
from .catalogue import Catalogue


class EmbedsGenerator(Generator):
    """Writes what partners embed and syndicate, through the portal's renderer."""

    def generate_context(self):
        self.origins = headers.check_origins(self.settings.get("EMBED_ALLOWED_ORIGINS", ["*"]))
        self.frame_hosts = tuple(self.settings.get("MARKDOWN_ALLOWED_IFRAME_HOSTS") or ())
        headers.page_policy(self.frame_hosts)  # a bad host stops the build here
        self.address = self.settings.get("SEARCH_SERVICE_ADDRESS", "127.0.0.1:8001")
        nginx.upstream(self.address)  # and a bad service address
        self.catalogue = Catalogue(self.context["portal_site"])
        self.context["portal_embeds"] = self.catalogue

    def generate_output(self, writer):
        portal, site = self.context["portal"], self.context["portal_site"]
        ctx = feeds.Context(self.settings["PUBLIC_URL"].rstrip("/"), self.settings["SITENAME"],
                            self.settings["TIMEZONE"], site)
        files = [job for lang in site.langs for job in self._files_of(portal, lang, ctx)]
        # on both cores like the pages; each file reused when its inputs did not change
        for entry in fork_map(lambda job: portal.write_memo(*job), files, here=False):
            portal.memo.keep(entry)
        # every address published before still answers: redirects and aliases (they need the
        # headers too, so before those); the list of addresses is kept once all is written
        manifest, redirects = addresses.publish(portal, self.context["portal_plan"],
                                                self.catalogue, site, self.settings)
        self._write_headers(portal, site, redirects)
        if manifest is not None:
            addresses.write(addresses.manifest_path(self.settings), manifest)

    def _files_of(self, portal, lang: str, ctx: feeds.Context) -> list[tuple]:
        """(file, what it is made from, how to make it) for every embed view, oEmbed file
        and feed of a language."""
        embeds, lang_feeds = self.catalogue.in_language(lang)
        strings = json.loads(portal.render("embed/strings.html", lang, embed_list=embeds,
                                           feed_list=lang_feeds))
        size = (self.catalogue.fixed_width, self.catalogue.fixed_height)
        types = strings["types"]
        files = []
        for embed in embeds:
            said = strings["embeds"][embed.key]
            files.append((self._file(embed.url), (embed.template, lang, embed),
                          functools.partial(portal.render_page, embed.template, lang, embed=embed,
                                            **embed.data)))
            files.append((self._file(embed.oembed_url), ("oembed", embed, said),
                          functools.partial(feeds.oembed, embed, said, ctx, *size)))
        for feed in lang_feeds:
            text = strings["feeds"][feed.key]
            for url, make in ((feed.atom_url, feeds.atom), (feed.json_url, feeds.json_feed)):
                files.append((self._file(url), (make.__name__, feed, feed.items, text, types),
                              functools.partial(make, feed, text, types, ctx)))
        return files

    def _file(self, url: str) -> str:
        """The output file of a URL: `/nl/embed/x/` -> `nl/embed/x/index.html`."""
        site = self.context["portal_site"]
        return site.output_path(url, site.siteurl)

    def _write_headers(self, portal, site, redirects: dict[str, str]) -> None:
        """`_headers` and the nginx files, from the pages written so far (plugins that add
        pages are listed before this one) and the redirects of the address manifest."""
        out = str(self.output_path)
        # a page of the last site that this build did not make (an item removed) is still in
        # the staging folder until the swap (memo.prepare_staging, prune_staging): not listed
        gone = memo.KEPT - portal.memo.files.keys()
        pages = sorted(rel for rel in (
            os.path.relpath(os.path.join(folder, name), out).replace(os.sep, "/")
            for folder, _dirs, names in os.walk(out) for name in names
            if name.endswith(".html")) if rel not in gone)
        theme = self.settings["THEME_STATIC_DIR"]
        layout = headers.layout_of(pages, site.langs, (static.FOLDER, theme))
        found = headers.rules(layout, self.origins, self.frame_hosts)
        portal.write_file(headers.HEADERS_FILE, headers.headers_file(found))
        portal.write_file(headers.NGINX_FILE,
                          headers.nginx_snippet(layout, self.origins, self.frame_hosts))
        cached = {f"/{folder}/*": nginx.HOUR for folder in layout.static}
        portal.write_file(nginx.SERVER_FILE, nginx.server_conf(
            found, site.langs, cached, f"/{theme}/*", redirects, self.address))
        portal.write_file(nginx.BROTLI_FILE, nginx.brotli_conf())
