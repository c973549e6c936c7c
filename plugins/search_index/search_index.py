"""The search_index plugin: builds the Whoosh index of every language during the build and
publishes its static export under `search/<lang>/` (see search/ and docs/dev/search.md). Each
language is built in a process of its own, or reused when nothing it is made of changed
(languages.py).

The Whoosh index itself is not published: it is kept beside the output folder, in
`.<output>.search/<lang>/` (for `output/`: `.output.search/`), for `invoke search` and the search
service. It is built into `.<output>.search.new/` and swapped in only when the whole build
succeeded, like the output itself: one atomic exchange (`swap`), so the service never finds
no index.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
import shutil
import time
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

log = logging.getLogger(__name__)
TAG_RE = re.compile(r"<[^>]+>")
#: Tags inside a line of text: removed without a space ("<strong>x</strong>." -> "x.").
INLINE_RE = re.compile(r"</?(a|abbr|b|code|del|dfn|em|i|ins|kbd|mark|q|s|small|span|strong|sub|"
                       r"sup)(\s[^>]*)?>", re.I)
#: A heading with an id in a rendered body (Markdown's toc extension gives every heading one):
#: where a section starts, for results that lead to the passage that matched.
HEADING_RE = re.compile(r"<h([2-6])\b[^>]*?\sid=\"([^\"]+)\"[^>]*>(.*?)</h\1\s*>", re.I | re.S)
#: Pages that are not worth a search result (the home page is the campaign, found anyway).
SKIPPED_TEMPLATES = ("home",)


def index_home(settings) -> Path:
    """Where the Whoosh indexes of a build live: beside its output folder."""
    from search.index import index_home as home

    return home(Path(settings.get("PUBLISH_TARGET") or settings["OUTPUT_PATH"]))


def _staged(home: Path) -> Path:
    return home.with_name(home.name + ".new")


def plain_text(markup: str) -> str:
    """The visible text of sanitised HTML, entities decoded, whitespace folded."""
    text = TAG_RE.sub(" ", INLINE_RE.sub("", markup))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def sections(markup: str) -> list[list[str]]:
    """[anchor, heading, text] per section of a rendered body: the text before the first
    heading (anchor ""), then each heading with an id and what follows it up to the next one.
    Their texts joined by a space are `plain_text(markup)`."""
    out, start, anchor, heading = [], 0, "", ""
    for match in HEADING_RE.finditer(markup):
        out.append([anchor, heading, plain_text(markup[start:match.start()])])
        start, anchor = match.start(), html.unescape(match.group(2))
        heading = plain_text(match.group(3))
    out.append([anchor, heading, plain_text(markup[start:])])
    return [s for s in out if s[2]]


def documents(site, lang: str):
    """The SearchDocs of one language: every published item except the home page."""
    from search.model import FACETS, SearchDoc

    docs = []
    for item in site.items:
        if item.lang != lang or item.meta.get("template") in SKIPPED_TEMPLATES:
            continue
        facets = {}
        for key, _taxonomy in FACETS[1:]:
            value = item.meta.get(key)
            values = value if isinstance(value, list) else [] if value is None else [value]
            if values:
                facets[key] = [str(v) for v in values]
        date = item.meta.get("date")
        parts = sections(item.extra.get("html") or "")
        docs.append(SearchDoc(
            slug=item.meta["slug"], lang=lang, type=item.type, url=item.extra["url"],
            title=item.meta.get("title") or "", summary=item.meta.get("summary") or "",
            body=" ".join(s[2] for s in parts),
            date=date.isoformat() if date else "", facets=facets, sections=parts))
    return docs


class SearchIndexGenerator(Generator):
    """Runs after the portal's generator: reads `portal_site`, writes `search/<lang>/`."""

    def generate_context(self):
        """Start every language's index (in processes of their own, see languages.py) as
        soon as the site model is there: they work while the pages are rendered, and they
        are forked from a build that is still small."""
        site = self.context.get("portal_site")
        self.started = None
        if site is None:
            return
        self.begun = time.perf_counter()
        recover(index_home(self.settings))
        staged = _staged(index_home(self.settings))
        if staged.exists():
            shutil.rmtree(staged)
        self.started = self._start(site, list(site.langs), staged)

    def generate_output(self, writer):
        if self.started is None:  # no site model (see generate_context)
            return
        self._finish(self.context["portal_site"], self.started)
        self.context["search_index_seconds"] = time.perf_counter() - self.begun
        log.info("search index built in %.2f s", self.context["search_index_seconds"])

    def _index(self, portal, site, langs, staged: Path) -> list[str]:
        """Build the indexes of `langs` into `staged` and write their exports, each language
        in a process of its own, or reused when nothing it is made of changed (see
        languages.py); the URLs of the export files."""
        return self._finish(site, self._start(site, langs, staged))

    def _start(self, site, langs, staged: Path):
        from . import languages

        home = index_home(self.settings)
        output = Path(self.output_path)  # the staging folder of this build
        published = Path(self.settings.get("PUBLISH_TARGET") or output)
        jobs = []
        for lang in langs:
            base = site.search_index_url(lang)[len(site.siteurl):].lstrip("/")
            jobs.append(languages.Job(
                lang, functools.partial(documents, site, lang), staged / lang,
                output / base, home / lang, published / base))
        return languages.start(jobs)

    def _finish(self, site, started) -> list[str]:
        from . import languages

        outcomes = languages.finish(started)
        self.context["search_index_languages"] = outcomes
        for done in outcomes:
            log.info("search index %s: %s in %.2f s", done.lang,
                     "reused" if done.reused else f"built, {done.new} new files", done.seconds)
        return [site.search_index_url(done.lang) + rel
                for done in outcomes for rel in done.written]

    def preview_update(self, items) -> list[str]:
        """`make serve`'s fast path (portal/incremental.py): the languages of the edited items
        are indexed again and their indexes replaced at once."""
        portal = self.context.get("portal")
        site = getattr(portal, "site", None)
        if site is None:
            return []
        home = index_home(self.settings)
        staged = _staged(home)
        langs = sorted({item.lang for item in items if item.lang in site.langs})
        written = self._index(portal, site, langs, staged)
        home.mkdir(parents=True, exist_ok=True)
        for lang in langs:
            recover(home / lang)
            swap(staged / lang, home / lang)
        return written


def _previous(live: Path) -> Path:
    return live.with_name(live.name + ".old")


def swap(new: Path, live: Path) -> None:
    """`new` replaces `live` with no moment without an index for the search service and
    `invoke search`: one atomic exchange (safe_publish.exchange, Linux), then the previous
    index is removed. Elsewhere two renames; a kill between them is repaired by recover()."""
    from safe_publish.safe_publish import exchange

    if live.is_dir() and not live.is_symlink() and exchange(new, live):
        shutil.rmtree(new)  # the previous index; a kill here leaves it for the next build
        return
    previous = _previous(live)
    if previous.exists():
        shutil.rmtree(previous)
    if live.exists():
        os.rename(live, previous)
    os.rename(new, live)
    if previous.exists():
        shutil.rmtree(previous)


def recover(live: Path) -> None:
    """If a swap was interrupted between its two renames, put the previous index back."""
    previous = _previous(live)
    if previous.exists() and not live.exists():
        os.rename(previous, live)
    elif previous.exists():
        shutil.rmtree(previous)


def publish_index(pelican) -> None:
    """After a successful build: the new Whoosh indexes replace the previous ones."""
    home = index_home(pelican.settings)
    staged = _staged(home)
    if not staged.exists():
        return
    recover(home)
    swap(staged, home)


def add_generator(pelican):
    return SearchIndexGenerator


def register():
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(publish_index)
