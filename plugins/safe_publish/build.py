"""The build's front door, used by `invoke build`, `make build` and the tests.

It runs Pelican in this process and turns every content mistake into the authors' report
(file, line, field, what is wrong, what to do) and exit code 1, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import jinja2
import pelican
from pelican.settings import read_settings

from content_model import ContentErrors, report
from content_model.messages import author_lang, msg, say
from portal import memo
from search_index import languages

from . import fingerprint


def _relative(target: str) -> str:
    """The output folder as authors know it: relative to the project they work in (no path
    of the machine); a folder elsewhere (given with --output) as it was given."""
    try:
        return Path(target).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(target)


class BuildFailed(Exception):
    """A mistake outside the content (settings, catalogs) with a message for people."""


def run(settings_file: str = "pelicanconf.py", overrides: dict | None = None,
        stream=sys.stderr) -> int:
    """Build the site. Returns the exit code; output/ changes only when it is 0."""
    logging.getLogger("pelican").setLevel(logging.WARNING)
    pelican.console.quiet = True
    start = time.perf_counter()
    settings = read_settings(settings_file, override=overrides or {})
    target = settings["OUTPUT_PATH"]
    shown, lang = _relative(target), author_lang(settings)
    from portal.generator import build_date  # the date that decides scheduled items

    when = build_date(settings).isoformat()
    inputs = fingerprint.inputs(settings, settings_file, overrides or {}, when)
    published = fingerprint.output(Path(target))  # what is online now (memo.py checks it too)
    if fingerprint.up_to_date(Path(target), inputs, published):
        print(say(msg("Nothing changed since the last build: {folder}/ is up to date.",
                      folder=shown), lang), file=stream)
        return 0
    fingerprint.forget(Path(target))
    memo.PENDING = None
    settings["PUBLISHED_DIGEST"] = published
    settings["PUBLISH_SPARE"] = True  # the replaced site: the next build's start (memo.py)
    try:
        site = pelican.Pelican(settings)
        try:
            site.run()
        finally:
            languages.abandon()  # search processes a failed build started and left
    except ContentErrors as exc:
        print(report(exc.problems, lang), file=stream)
        print(say(msg("Nothing was published: {folder} is unchanged.", folder=shown), lang),
              file=stream)
        return 1
    except jinja2.TemplateSyntaxError as exc:
        print(say(msg("{file}:{line}: template error: {error} — fix the template",
                      file=exc.filename, line=exc.lineno, error=exc.message), lang), file=stream)
        print(say(msg("Nothing was published: {folder} is unchanged.", folder=shown), lang),
              file=stream)
        return 1
    except jinja2.TemplateError as exc:
        print(say(msg("template error: {error} — fix the template", error=exc), lang),
              file=stream)
        print(say(msg("Nothing was published: {folder} is unchanged.", folder=shown), lang),
              file=stream)
        return 1
    except Exception as exc:  # noqa: BLE001 - turned into a message, with its kind
        if getattr(exc, "exitcode", None) is None:
            raise
        print(f"error: {exc}", file=stream)
        print(say(msg("Nothing was published: {folder} is unchanged.", folder=shown), lang),
              file=stream)
        return exc.exitcode
    done = memo.PENDING
    published = fingerprint.remember(Path(target), inputs)
    memo.commit(Path(target), published)  # what each page was made from, for the next build
    seconds = time.perf_counter() - start
    pages = sum(name.endswith(".html") for _dirs, _subs, names in os.walk(target)
                for name in names)
    reused = msg(" ({made} files made, {kept} unchanged ones kept)", made=done.rendered,
                 kept=done.reused) if done and done.reused else ""
    print(say(msg("Built {pages} pages into {folder}/ in {seconds:.1f} s{reused}.", pages=pages,
                  folder=shown, seconds=seconds, reused=reused), lang), file=stream)
    return 0


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:2]))
