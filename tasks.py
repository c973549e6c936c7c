"""The front door for developers and authors: `invoke --list` shows every task.

Build and test through `make build` / `make test`; they prepare the environment and call these.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
for extra in (ROOT, ROOT / "plugins"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

THEME = ROOT / "theme"
CATALOGS = THEME / "translations"
POT = CATALOGS / "messages.pot"
PYBABEL = Path(sys.executable).parent / "pybabel"
FIELDS_DOC = ROOT / "docs" / "authors" / "fields.md"
#: The messages for authors (checks, `invoke new`, `invoke translations`, the preview):
#: `msg("...")` in plugins/ and tasks.py, translated like the theme (content_model/messages.py).
AUTHOR_CATALOGS = ROOT / "plugins" / "content_model" / "translations"
AUTHOR_POT = AUTHOR_CATALOGS / "messages.pot"
AUTHOR_LANGS = ("nl", "fr")


def _settings():
    import pelicanconf

    return pelicanconf


# -- build, check, serve ------------------------------------------------------------------------
@task
def build(c, settings="publishconf.py", output=None):
    """Build the whole portal into output/ (only replaced when everything succeeded)."""
    compile_catalogs(c, quiet=True)
    from safe_publish.build import run

    overrides = {"RECORD_ADDRESSES": True}  # addresses.tsv: every address ever published
    if output:
        overrides["OUTPUT_PATH"] = str(Path(output).resolve())
    code = run(str(ROOT / settings), overrides)
    if code:
        raise Exit(code=code)


@task(help={"to": "where: a folder, user@host:/path or ssh://user@host:port/path "
                  "(default: PUBLISH_DESTINATION in the settings)",
            "dry_run": "list what would change, copy nothing",
            "ssh": "the ssh command to use, e.g. \"ssh -i ~/.ssh/portal\"",
            "no_build": "publish output/ as it is (it must be a build that passed)"})
def publish(c, to="", dry_run=False, ssh="", no_build=False, settings="publishconf.py"):
    """Build, then copy the site to where readers get it: assets, then pages, then removals."""
    from pelican.settings import read_settings

    from safe_publish import publish as pub

    values = read_settings(str(ROOT / settings))
    try:
        dest = pub.destination(to or values.get("PUBLISH_DESTINATION") or "", ssh)
    except pub.PublishError as exc:
        raise Exit(f"publish: {exc}", code=2) from None
    if not no_build:
        build(c, settings=settings)
    try:
        changes = pub.publish(ROOT / values["OUTPUT_PATH"], dest, dry_run=dry_run)
    except pub.PublishError as exc:
        raise Exit(f"publish: {exc} — nothing more was copied", code=1) from None
    print(pub.summary(changes, dest, dry_run))


@task(help={"strict": "treat warnings (plain language, links to drafts ...) as errors, for CI",
            "only": "show only the problems of this file (or folder), e.g. content/cases/nl/x.md",
            "json": "print the problems as JSON, each with its stable code"})
def check(c, strict=False, only="", json=False):
    """Check every content file and data file; print every problem; exit 1 on errors.
    With --json: one JSON object per problem (path, line, field, code, severity, message,
    hint), for tools such as an editor."""
    import content_model
    from content_model.messages import author_lang, msg, say
    from editorial.checks import check_all
    from editorial.checks import strict as as_errors

    conf = _settings()
    content = check_all(ROOT, dict(_settings_dict(), THEME=str(ROOT / conf.THEME),
                                   RECORD_ADDRESSES=True))  # as `invoke build`
    if strict:
        content.problems = as_errors(content.problems)
    if only:
        wanted = Path(only).resolve()
        wanted = (wanted.relative_to(ROOT) if wanted.is_relative_to(ROOT) else wanted).as_posix()
        content.problems = [p for p in content.problems if p.path.startswith(wanted)]
    lang = author_lang(_settings_dict())
    if json:
        import json as json_module
        print(json_module.dumps([p.translated(lang) for p in sorted(content.problems)],
                                ensure_ascii=True, indent=1))
    else:
        print(content_model.report(content.problems, lang))
    if content_model.errors_only(content.problems):
        raise Exit(code=1)
    if not json:
        print(say(msg("{count} files checked: no errors.", count=len(content.items)), lang))


@task
def docs(c):
    """Regenerate docs/authors/fields.md from the content model."""
    import content_model
    from content_model.reference import field_reference

    conf = _settings()
    taxonomies, problems = content_model.taxonomy.load_taxonomies(
        ROOT / conf.PATH / "_data", list(conf.LANGS), ROOT)
    if problems:
        print(content_model.report(problems))
        raise Exit(code=1)
    FIELDS_DOC.write_text(field_reference(taxonomies), "utf-8")
    print(f"Wrote {FIELDS_DOC.relative_to(ROOT)}")


# -- authoring: new items, translations -----------------------------------------------------------
def _say(text) -> str:
    """A message for authors, in their language (`content_model/messages.py`)."""
    from content_model.messages import author_lang, say

    return say(text, author_lang(_settings_dict()))


def _settings_dict() -> dict:
    conf = _settings()
    return {k: getattr(conf, k) for k in dir(conf) if k.isupper()}


@task(help={"type": "measure, case, story, hub or page; or source (content/_data/sources.toml)",
            "lang": "nl (the default)",
            "title": "the title; the file name (or a translation's Slug) is made from it; for "
                     "a source: its reference (author or organisation, title, publisher)",
            "translate": "the name of a Dutch item (file name without .md): start its "
                         "translation into --lang",
            "key": "source: its key, as items name it in Sources: (made from --title if empty)",
            "url": "source: the https address of the official page",
            "year": "source: the year it appeared (optional)",
            "nl": "source: what the document is, in Dutch", "fr": "... in French",
            "en": "... in English"})
def new(c, type="", lang="", title="", translate="", key="", url="", year="",  # noqa: A002
        nl="", fr="", en=""):
    """Start a content file: --type case --title "..." ; or --translate SLUG --lang fr;
    or add a source: --type source --key ... --title "..." --url https://... --nl ... ."""
    from content_model.scaffold import ScaffoldError
    from editorial import commands

    try:
        if type == "source":
            from content_model.new_source import Source

            source = Source(key, title, url, str(year), {"nl": nl, "fr": fr, "en": en})
            print(commands.new_source(ROOT, _settings_dict(), source, sys.stdin.isatty()))
            return
        print(commands.new(ROOT, _settings_dict(), type, lang, title, translate))
    except ScaffoldError as exc:
        print(f"invoke new: {_say(exc.args[0])}", file=sys.stderr)
        raise Exit(code=1) from None


@task(help={"lang": "only this language", "mark": "a translation (its file, or the Slug with "
            "--lang) you brought up to date: records the Dutch text's Source-Hash on it"})
def translations(c, lang="", mark=""):
    """Translation status of every item (complete, stale, draft, missing) and theme strings."""
    from content_model.scaffold import ScaffoldError
    from editorial import commands

    try:
        print(commands.mark(ROOT, _settings_dict(), mark, lang) if mark else
              commands.report(ROOT, _settings_dict(), lang))
    except ScaffoldError as exc:
        print(f"invoke translations: {_say(exc.args[0])}",
              file=sys.stderr)
        raise Exit(code=1) from None


# -- translations of the theme ------------------------------------------------------------------
def _langs_with_catalogs():
    conf = _settings()
    return [lang for lang in conf.LANGS if lang != conf.I18N_SOURCE_LANG]


@task
def extract(c):
    """Collect the theme's translatable strings into theme/translations/messages.pot."""
    c.run(f"{PYBABEL} -q extract --no-location --sort-output -F {THEME / 'babel.cfg'} "
          f"-o {POT} {THEME / 'templates'}")
    _strip_pot_date(POT)


def _strip_pot_date(path: Path) -> None:
    # a creation date in the .pot would change it on every extract: keep it stable
    lines = [ln for ln in path.read_text("utf-8").splitlines()
             if not ln.startswith('"POT-Creation-Date')]
    path.write_text("\n".join(lines) + "\n", "utf-8")


@task(name="authors")
def authors_catalogs(c):
    """Collect the messages for authors (`msg("...")` in plugins/ and tasks.py) into
    plugins/content_model/translations/messages.pot and merge them into the nl and fr .po
    (new ones untranslated: translate them, then `invoke i18n.check`)."""
    c.run(f"{PYBABEL} -q extract --no-location --sort-output --no-default-keywords -k msg -k later "
          f"--project Overstap -o {AUTHOR_POT} {ROOT / 'plugins'} {ROOT / 'tasks.py'}")
    _strip_pot_date(AUTHOR_POT)
    for lang in AUTHOR_LANGS:
        po = AUTHOR_CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        command = "update --no-fuzzy-matching --ignore-obsolete" if po.exists() else "init"
        c.run(f"{PYBABEL} -q {command} -i {AUTHOR_POT} -d {AUTHOR_CATALOGS} -l {lang}")


@task(pre=[extract])
def update(c):
    """Merge new strings from the .pot into every language's .po (new ones are untranslated)."""
    for lang in _langs_with_catalogs():
        po = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            c.run(f"{PYBABEL} -q update --no-fuzzy-matching --ignore-obsolete -i {POT} "
                  f"-d {CATALOGS} -l {lang}")
        else:
            c.run(f"{PYBABEL} -q init -i {POT} -d {CATALOGS} -l {lang}")


@task(name="compile")
def compile_catalogs(c, quiet=False):
    """Compile every .po into the .mo the build reads (never committed)."""
    for lang in _langs_with_catalogs():
        c.run(f"{PYBABEL} -q compile -d {CATALOGS} -l {lang} --statistics" if not quiet else
              f"{PYBABEL} -q compile -d {CATALOGS} -l {lang}", hide=quiet)


@task(name="check")
def check_catalogs(c):
    """Fail when a catalog has untranslated, fuzzy, stale or broken entries."""
    from content_model.messages import check_catalogs as check_authors
    from portal.catalogs import check_catalogs as run_check

    problems = run_check(CATALOGS, POT, _langs_with_catalogs()) + check_authors(AUTHOR_LANGS)
    for problem in problems:
        print(problem)
    if problems:
        raise Exit(code=1)
    print("Catalogs complete: " + ", ".join(_langs_with_catalogs()) + " (theme); "
          + ", ".join(AUTHOR_LANGS) + " (messages for authors)")


# -- tests --------------------------------------------------------------------------------------
@task
def test(c, k="", x=False, fast=False):
    """Run every test (--fast: all but the browser and slow ones, for the edit-test loop); the
    slowest are listed. pytest's 'no tests collected' (exit 5) counts as a failure."""
    args = [sys.executable, "-m", "pytest", "--durations=15"] + (["-k", k] if k else []) + \
        (["-x"] if x else []) + (["-m", "not browser and not slow"] if fast else [])
    code = subprocess.call(args, cwd=ROOT)
    if code == 5:
        print("pytest collected no tests: that is a failure.", file=sys.stderr)
    if code:
        raise Exit(code=code or 1)


@task(help={"only": "only these mutants, comma-separated (names from --list)",
            "list": "list the mutants (name, area, file, the bug, the tests) and stop",
            "jobs": "mutants run at once (default 1: the machine has 2 cores)",
            "timeout": "seconds for one mutant's tests (a timeout is tried once more)"})
def mutants(c, only="", list=False, jobs=1, timeout=900):  # noqa: A002 - the option is --list
    """Curated one-line regressions (tools/mutants.py), each applied to a scratch copy with
    its fast tests run: every one must be killed (docs/dev/testing.md)."""
    args = [sys.executable, str(ROOT / "tools" / "mutants.py"), "--jobs", str(int(jobs)),
            "--timeout", str(float(timeout))] + (["--only", only] if only else []) + \
        (["--list"] if list else [])
    code = subprocess.call(args, cwd=ROOT)
    if code:
        raise Exit(code=code)


@task
def golden(c):
    """Rebuild the golden tree (tests/fixtures/golden): the fixture site without theme files and
    search export. It catches change only: read its diff page by page."""
    import tempfile

    from tests.support import GOLDEN, build_fixture, write_golden

    with tempfile.TemporaryDirectory() as temp:
        code = build_fixture("multilingual", Path(temp) / "output")
        if code:
            raise Exit(code=code)
        write_golden(Path(temp) / "output")
    print(f"Golden tree written to {GOLDEN.relative_to(ROOT)}: review it with `git diff`.")


@task(help={"editor": "the web editor on http://127.0.0.1:PORT+1/admin/ (default on; "
                      "--no-editor: without it)"})
def serve(c, port=8000, editor=True):
    """Preview on http://127.0.0.1:PORT/ with drafts, rebuilding on every change; the web
    editor (docs/dev/editor.md) on PORT+1, stopped with the preview."""
    from portal.devserver import serve as run_server

    compile_catalogs(c, quiet=True)
    server = None
    if editor:
        from editor.server import EditorServer

        try:
            server = EditorServer(ROOT, int(port) + 1).start()
            print(f"Web editor on {server.url} (writes content/)", flush=True)
        except (FileNotFoundError, OSError) as exc:
            print(f"[editor] not started: {exc}", flush=True)
    try:
        run_server(ROOT, port=int(port), editor=server.url if server is not None else None)
    finally:
        if server is not None:
            server.stop()


# -- benchmarks (figures printed, never asserted) -----------------------------------------------
@task(name="lighthouse")
def bench_lighthouse(c, site="output"):
    """Lighthouse scores (performance, accessibility, best practices, SEO) for one page of
    each type of a built site (`make build` first)."""
    c.run(f"{sys.executable} {ROOT / 'tools' / 'lighthouse_bench.py'} {ROOT / site}", pty=False)


@task(name="search", help={"output": "the built site to measure (default output/)",
                            "docs": "synthetic documents per language (default 1000)",
                            "runs": "repetitions per query for the timings",
                            "latency": "rounds and time with 100 ms per response in Chromium "
                                       "(default on; --no-latency skips it)",
                            "synthetic": "the synthetic corpus too (default on)"})
def bench_search(c, output="output", docs=1000, runs=5, latency=True, synthetic=True):
    """Search figures: Whoosh, the browser engine and Pagefind side by side, on the built
    portal and on a synthetic corpus (build time, bytes, first-query bytes, query times,
    relevance set, rounds of requests and time to results at +100 ms per response)."""
    from search.bench import main as run_bench

    code = run_bench(ROOT / output, int(docs), int(runs), latency, synthetic)
    if code:
        raise Exit(code=code)


# -- search -------------------------------------------------------------------------------------
@task(iterable=["type", "filter"],
      help={"query": "what to search for, in quotes (a query that starts with a minus: after "
                     "--, `invoke search -- -zorg werk`)", "lang": "nl (default), fr or en",
            "type": "measure, case, story, hub or page (repeatable)",
            "filter": "FACET=VALUE, e.g. sectors=zorg (repeatable)",
            "limit": "how many results (default 10)", "output": "the built site (default output)",
            "json": "print JSON (what the search service answers)"})
def search(c, query="", lang="nl", type=None, filter=None, limit=10, output="output",  # noqa: A002
           json=False):
    """Search the built portal like the search page does: ranked results with URLs."""
    from search.cli import run

    query = " ".join(part for part in (query, c.remainder) if part)
    code = run(query, lang, type or [], filter or [], int(limit), ROOT / output, json)
    if code:
        raise Exit(code=code)


i18n = Collection("i18n", extract, update, compile_catalogs, check_catalogs, authors_catalogs)
@task
def corpus(c, docs=1000, langs="nl,fr,en", seed=1, out=".build/corpus/content"):
    """Write a synthetic corpus (DOCS items in every language of LANGS) outside content/."""
    sys.path.insert(0, str(ROOT / "tools"))
    import corpus as generator

    generator.main(int(docs), langs, int(seed), str(ROOT / out))


@task(name="build")
def bench_build(c, docs=1000, runs=3, only=""):
    """Full build, no-change rebuild, one-edit rebuild and peak memory of Pelican +
    i18n-subsites, the portal and Hugo on one generated corpus, with the ratios."""
    pins = ROOT / ".venv" / "requirements-bench.txt"
    c.run(f"{sys.executable} {ROOT / 'tools' / 'pins.py'} bench > {pins}")
    c.run(f"{sys.executable} -m pip install -q -c {ROOT / 'constraints.txt'} -r {pins}",
          hide=True)
    c.run(f"{sys.executable} {ROOT / 'tools' / 'bench_build.py'} {int(docs)} {int(runs)} {only}",
          pty=False)


bench = Collection("bench", bench_lighthouse, bench_search, bench_build)
ns = Collection(build, publish, check, test, mutants, golden, serve, docs, new, translations,
                search, corpus, i18n, bench)
os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
