"""`invoke bench.search`: search figures, printed (never asserted), side by side with Pagefind.

For the built portal (`output/`, from `make build`) and for a synthetic corpus of N documents
per language (words drawn from the portal's own texts, so Dutch compounds and French accents
are real), it measures:

- index build time: Whoosh index + static export (ours), `python -m pagefind_bin` (Pagefind);
- exported bytes (raw and gzip);
- bytes a browser fetches for a first query, gzip-compressed (files already compressed are
  counted as they are), the engine's script included: ours from the files the browser engine
  loads until its first 10 results can be shown (the page renders them then), and apart from
  that the sub-result fill the page fetches after it (one file per sub-result); Pagefind's
  from what Chromium fetches for `pagefind.search(q)` and the data of its first 10 results
  (its sub-results included);
- query time: the browser engine under node and Pagefind in Chromium (files in memory or
  cache, median and p95), and Whoosh (median and p95, snippets included);
- the relevance set (tests/fixtures/search/relevance.toml): queries with their pages in the
  top 3, for Whoosh, the browser engine and Pagefind;
- latency in Chromium with LATENCY (100 ms) added to every response (a phone on a slow
  network): the sequential rounds of requests a query needs and the time until its results
  are there, on a page already open (ours: the search page, which fetched meta.json as it
  loaded; Pagefind: after `pagefind.init()`) and on a page opened with the query in its
  address (from navigation start); and, ours only, typed into the open page a key every
  TYPE_DELAY and timed from the Enter key (the page fetches what the words need as they are
  typed). "Results" is the moment the page has rendered the result list (the results
  heading shown and `aria-busy` false: search.js sets both as it renders);
  our sub-results are fetched after that and timed apart ("sub-results filled": the last
  section file's arrival). Rounds are counted from the requests' start times, which come in
  clusters LATENCY apart.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .export import build
from .index import index_home, section_texts
from .model import FACETS, TYPES, SearchDoc
from .node import NodeEngine
from .query import Engine

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "theme" / "static" / "js"
LATENCY = 0.1  # seconds added to every response in Chromium
RELEVANCE = ROOT / "tests" / "fixtures" / "search" / "relevance.toml"
LANGS = ("nl", "fr", "en")
SEARCH_PAGES = {"nl": "/nl/zoeken/", "fr": "/fr/recherche/", "en": "/en/search/"}


def gz(data: bytes) -> int:
    """Bytes on the wire with gzip: already-compressed files are sent as they are."""
    return min(len(data), len(gzip.compress(data, 9, mtime=0)))


def pct(values, p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def scripts(lang: str) -> list[str]:
    """The scripts the search page of a language loads (theme/templates/search.html)."""
    return ["search-engine.js", f"search-stem-{lang}.js", "search.js"]


def script_bytes(site: Path, name: str) -> bytes:
    """A script as the site publishes it (site/theme/js/), or as the build would publish it
    (minified, plugins/theme_assets) for a site without the theme (the synthetic corpus)."""
    from theme_assets import minified
    from theme_assets.theme_assets import names

    # published under a name with its content hash (plugins/theme_assets)
    published = site / "theme" / names(JS.parent).get(f"js/{name}", f"js/{name}")
    if published.exists():
        return published.read_bytes()
    return minified(name, (JS / name).read_bytes())


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def ms(v: float) -> str:
    return f"{v:.2f} ms"


# -- our engine ---------------------------------------------------------------------------------
def our_figures(site: Path, home: Path, queries: dict, runs: int, relevance=None) -> dict:
    """Figures for an exported site (site/search/<lang>/) and its Whoosh indexes (home)."""
    figures = {"export_raw": 0, "export_gz": 0, "first": [], "fill": [], "browser": [],
               "whoosh": [], "rel_whoosh": 0, "rel_browser": 0}
    for path in (site / "search").rglob("*.json"):
        data = path.read_bytes()
        figures["export_raw"] += len(data)
        figures["export_gz"] += gz(data)
    with NodeEngine() as node:
        for lang, items in queries.items():
            engine = Engine(home / lang)
            folder = site / "search" / lang
            script_gz = sum(gz(script_bytes(site, name)) for name in scripts(lang))
            for q, filters in items:
                answer = node.search(site, lang, q, filters, fresh=True)
                figures["first"].append(script_gz + sum(
                    gz((folder / rel).read_bytes()) for rel in answer["fetched"]))
                figures["fill"].append(sum(
                    gz((folder / rel).read_bytes()) for rel in answer["fetched_fill"]))
                timed = node.search(site, lang, q, filters, repeat=runs)
                figures["browser"] += timed["times"]
                for _ in range(runs):
                    started = time.perf_counter()
                    engine.search(q, filters)
                    figures["whoosh"].append((time.perf_counter() - started) * 1000)
            for case in (relevance or {}).get(lang, []):
                if not case["expect"]:
                    continue
                top = [h.slug for h in engine.search(case["q"], case.get("filters")).hits[:3]]
                figures["rel_whoosh"] += all(s in top for s in case["expect"])
                got = node.search(site, lang, case["q"], case.get("filters"))
                top = [h["slug"] for h in got["hits"][:3]]
                figures["rel_browser"] += all(s in top for s in case["expect"])
            engine.close()
    return figures


# -- Pagefind -------------------------------------------------------------------------------
def pagefind_index(site: Path) -> float:
    """Run Pagefind over a copy of `site` (main content only). Returns seconds."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(site),
                             "--root-selector", "main", "--quiet"],
                            capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError("pagefind failed: " + result.stdout + result.stderr)
    return time.perf_counter() - started


PAGEFIND_JS = """async ([q, n, runs]) => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.options({});
  const first = await pf.search(q);
  const top = await Promise.all(first.results.slice(0, n).map(r => r.data()));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const again = await pf.search(q);
    await Promise.all(again.results.slice(0, n).map(r => r.data()));
    times.push(performance.now() - t);
  }
  return {urls: top.map(d => d.url), times};
}"""


def pagefind_figures(site: Path, pages: dict, queries: dict, runs: int, relevance=None,
                     url_slugs=None) -> dict:
    """Pagefind in Chromium: first-query bytes, query times, relevance (top 3)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser import CHROMIUM, FLAGS, StaticServer

    figures = {"export_raw": 0, "export_gz": 0, "first": [], "browser": [], "rel": 0}
    for path in (site / "pagefind").rglob("*"):
        if path.is_file():
            figures["export_raw"] += path.stat().st_size
            figures["export_gz"] += gz(path.read_bytes())
    with StaticServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)

        def run(lang, q, first_only=False):
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.origin + pages[lang])
            fetched = []
            page.on("request", lambda r: fetched.append(r.url))
            answer = page.evaluate(PAGEFIND_JS, [q, 10, 0 if first_only else runs])
            context.close()
            files = [u.split(server.origin, 1)[1].split("?")[0] for u in fetched
                     if "/pagefind/" in u]
            return answer, sum(gz((site / f.lstrip("/")).read_bytes()) for f in set(files))

        for lang, items in queries.items():
            for q, _filters in items:
                answer, first = run(lang, q)
                figures["first"].append(first)
                figures["browser"] += answer["times"]
            for case in (relevance or {}).get(lang, []):
                if not case["expect"]:
                    continue
                answer, _ = run(lang, case["q"], first_only=True)
                top = [url_slugs.get(u) for u in answer["urls"][:3]]
                figures["rel"] += all(s in top for s in case["expect"])
        browser.close()
    return figures


# -- latency in Chromium --------------------------------------------------------------------------
#: In the page: when the query's results are shown and which requests it made, from `t0`
#: (resource timing: start and end of every request, on the page's own clock).
ROUNDS_JS = """(t0) => performance.getEntriesByType('resource')
  .filter(e => e.startTime >= t0 - 1).map(e => [e.startTime - t0, e.responseEnd - t0, e.name])"""
OURS_WARM_JS = """async (q) => {
  const page = document.querySelector('[data-search]');
  const input = page.querySelector('input[name=q]');
  input.value = q;
  const t0 = performance.now();
  page.querySelector('form').requestSubmit();
  await new Promise((resolve) => {
    const done = () => page.getAttribute('aria-busy') === 'false' &&
      !page.querySelector('[data-heading]').hidden;
    const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); resolve(); } });
    watch.observe(page, {attributes: true, subtree: true, childList: true});
  });
  return [t0, performance.now() - t0];
}"""
OURS_COLD_JS = """async () => {
  const page = document.querySelector('[data-search]');
  const done = () => page.getAttribute('aria-busy') === 'false' &&
    !page.querySelector('[data-heading]').hidden;
  if (!done()) {
    await new Promise((resolve) => {
      const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); resolve(); } });
      watch.observe(page, {attributes: true, subtree: true, childList: true});
    });
  }
  return [0, performance.now()];
}"""
#: "typed": the reader types the query into the open page, a key every TYPE_DELAY seconds
#: (about 60 words a minute), and presses Enter after the same pause; timed from the Enter key.
#: The page fetches what the words need as they are typed (search.js: prefetch), so this is
#: the time a reader waits after Enter; the rounds count what was asked for after it.
TYPE_DELAY = 0.2
OURS_ENTER_JS = """() => {
  window.benchEnter = null;
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && window.benchEnter === null) { window.benchEnter = performance.now(); }
  }, true);
}"""
OURS_TYPED_JS = """async () => {
  const page = document.querySelector('[data-search]');
  const done = () => page.getAttribute('aria-busy') === 'false' &&
    !page.querySelector('[data-heading]').hidden;
  if (!done()) {
    await new Promise((resolve) => {
      const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); resolve(); } });
      watch.observe(page, {attributes: true, subtree: true, childList: true});
    });
  }
  return [window.benchEnter, performance.now() - window.benchEnter];
}"""


async def _typed(page, q: str) -> tuple[float, float]:
    """Type `q` into the search page's field key by key, press Enter: (Enter's time, ms until
    the results were shown)."""
    await page.evaluate(OURS_ENTER_JS)
    await page.focus("[data-search] input[name=q]")
    await page.keyboard.type(q, delay=TYPE_DELAY * 1000)
    await page.wait_for_timeout(TYPE_DELAY * 1000)
    await page.keyboard.press("Enter")
    return await page.evaluate(OURS_TYPED_JS)


PAGEFIND_INIT_JS = """async () => {
  window.pf = await import('/pagefind/pagefind.js');
  await window.pf.options({});
  await window.pf.init();
}"""
PAGEFIND_QUERY_JS = """async ([q, n, cold]) => {
  const t0 = cold ? 0 : performance.now();
  if (cold) {
    window.pf = await import('/pagefind/pagefind.js');
    await window.pf.options({});
  }
  const found = await window.pf.search(q);
  await Promise.all(found.results.slice(0, n).map(r => r.data()));
  return [t0, performance.now() - t0];
}"""


def rounds(entries, t0: float = 0.0, after: float = 0.0) -> int:
    """Sequential rounds of requests: their start times (ms from the query), in clusters at
    least half a latency apart; `after`: requests that started before it are not counted
    (the page's own HTML)."""
    starts = sorted(start for start, _end, _name in entries if start >= after)
    count, last = 0, None
    for start in starts:
        if last is None or start - last > LATENCY * 1000 / 2:
            count += 1
        last = start
    return count


#: A service worker that holds every response of the page back by LATENCY: every request
#: waits at once, as on HTTP/2 (the local server answers in a millisecond; Chromium's six
#: connections per host do not add up waits the way an interception outside the browser did).
LATENCY_WORKER = """self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  e.respondWith(new Promise((r) => setTimeout(r, %d)).then(() => fetch(e.request)));
});
"""
WORKER_FILE = "bench-latency-worker.js"
FILL_WAIT = 4 * LATENCY  # seconds: time enough for the sub-results' one round after the results
REGISTER_JS = """async (file) => {
  await navigator.serviceWorker.register('/' + file, {scope: '/'});
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r));
  }
}"""


async def _latency(site: Path, pages: dict, queries: dict, pagefind: bool) -> dict:
    from playwright.async_api import async_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser import CHROMIUM, FLAGS, StaticServer

    figures = {"warm_ms": [], "warm_rounds": [], "cold_ms": [], "cold_rounds": [],
               "typed_ms": [], "typed_rounds": [],
               "warm_fill_ms": [], "cold_fill_ms": [], "typed_fill_ms": [], "fill_rounds": []}
    kinds = ("warm", "cold") if pagefind else ("warm", "typed", "cold")
    (site / WORKER_FILE).write_text(LATENCY_WORKER % round(LATENCY * 1000), "utf-8")
    try:
        with StaticServer(site) as server:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
                for lang, items in queries.items():
                    for q, _filters in items:
                        for kind in kinds:
                            cold = kind == "cold"
                            context = await browser.new_context()
                            page = await context.new_page()
                            await page.goto(server.origin + "/")
                            await page.evaluate(REGISTER_JS, WORKER_FILE)
                            url = server.origin + pages[lang]
                            if cold and not pagefind:
                                await page.goto(url + "?" + urlencode({"q": q}))
                                t0, ms_ = await page.evaluate(OURS_COLD_JS)
                            else:
                                await page.goto(url)
                                await page.wait_for_load_state("networkidle")
                                if pagefind and not cold:
                                    await page.evaluate(PAGEFIND_INIT_JS)
                                    await page.wait_for_load_state("networkidle")
                                if pagefind:
                                    t0, ms_ = await page.evaluate(PAGEFIND_QUERY_JS,
                                                                  [q, 10, cold])
                                elif kind == "typed":
                                    t0, ms_ = await _typed(page, q)
                                else:
                                    t0, ms_ = await page.evaluate(OURS_WARM_JS, q)
                            if not pagefind:  # the sub-results come after the results
                                await page.wait_for_timeout(FILL_WAIT * 1000)
                            entries = await page.evaluate(ROUNDS_JS, t0)
                            folder = "/pagefind/" if pagefind else f"/search/{lang}/"
                            entries = [e for e in entries
                                       if urlsplit(e[2]).path.startswith(folder)]
                            # the sub-results' section files: the page asks for them as it
                            # renders the results (so they start a hair before the observer
                            # sees the render); never before (tests/test_search_engines.py)
                            fill = [e for e in entries
                                    if urlsplit(e[2]).path.startswith(folder + "s/")]
                            if fill:
                                figures[f"{kind}_fill_ms"].append(max(e[1] for e in fill))
                                figures["fill_rounds"].append(rounds(fill))
                            # the index's files until the results were there (ours: of the
                            # page's language; the other languages' check comes after)
                            entries = [e for e in entries if e[0] <= ms_ and e not in fill]
                            figures[f"{kind}_ms"].append(ms_)
                            figures[f"{kind}_rounds"].append(rounds(entries))
                            await context.close()
                await browser.close()
    finally:
        (site / WORKER_FILE).unlink()
    return figures


def latency_figures(site: Path, pages: dict, queries: dict, pagefind: bool = False) -> dict:
    """Rounds and time to results with LATENCY added to every response (see the module doc).
    Rounds count the index's files only (ours: search/<lang>/, Pagefind: pagefind/, its
    script and WebAssembly included), not the page and its own scripts."""
    return asyncio.run(_latency(site, pages, queries, pagefind))


# -- synthetic corpus ---------------------------------------------------------------------------
def synthetic_docs(home: Path, lang: str, count: int, seed: int = 7) -> list[SearchDoc]:
    """`count` documents whose words are drawn (by frequency) from the portal's own texts."""
    from .analysis import WORD_RE

    engine = Engine(home / lang)
    words, weights = [], []
    counts: dict[str, int] = {}
    facet_values: dict[str, set] = {}
    for docnum in range(engine.reader.doc_count_all()):
        stored = engine.reader.stored_fields(docnum)
        for text in (stored["title"], stored["summary"], stored["body"]):
            for match in WORD_RE.finditer(text):
                counts[match.group(0)] = counts.get(match.group(0), 0) + 1
        for key, _tax in FACETS[1:]:
            facet_values.setdefault(key, set()).update((stored.get(key) or "").split())
    engine.close()
    for word, n in sorted(counts.items()):
        words.append(word)
        weights.append(n)
    rng = random.Random(f"{seed}-{lang}")

    def text(n: int) -> str:
        picked = rng.choices(words, weights, k=n)
        return " ".join(picked)

    docs = []
    for number in range(count):
        type_ = rng.choice(TYPES[:3])
        facets = {key: sorted(rng.sample(sorted(values), min(len(values), rng.randint(1, 2))))
                  for key, values in sorted(facet_values.items()) if values}
        body = ". ".join(text(rng.randint(8, 20)) for _ in range(rng.randint(15, 35)))
        docs.append(SearchDoc(
            slug=f"doc-{number:04d}", lang=lang, type=type_,
            url=f"/{lang}/synthetic/doc-{number:04d}/", title=text(rng.randint(3, 8)).capitalize(),
            summary=text(rng.randint(14, 26)).capitalize() + ".", body=body,
            date="2026-11-01", facets=facets))
    return docs


def synthetic_site(folder: Path, home: Path, source_home: Path, count: int) -> tuple[dict, float]:
    """Build indexes, exports and plain HTML pages (for Pagefind) for the synthetic corpus."""
    seconds = 0.0
    docs_by_lang = {}
    for lang in LANGS:
        docs = synthetic_docs(source_home, lang, count)
        docs_by_lang[lang] = docs
        started = time.perf_counter()
        for rel, data in build(docs, lang, home / lang).items():
            path = folder / "search" / lang / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        seconds += time.perf_counter() - started
        page = folder / SEARCH_PAGES[lang].lstrip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                        f'<title>search</title></head><body><main></main></body></html>',
                        "utf-8")
        for doc in docs:
            path = folder / doc.url.lstrip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>'
                f'{_esc(doc.title)}</title></head><body><nav>menu</nav><main><h1>'
                f'{_esc(doc.title)}</h1><p>{_esc(doc.summary)}</p><p>{_esc(doc.body)}</p>'
                f'</main></body></html>', "utf-8")
    return docs_by_lang, seconds


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def synthetic_queries(docs_by_lang: dict, per_lang: int = 30) -> dict:
    from .analysis import words as words_of

    out = {}
    for lang, docs in docs_by_lang.items():
        rng = random.Random(f"q-{lang}")
        out[lang] = []
        for _ in range(per_lang):
            doc = rng.choice(docs)
            pool = words_of(doc.title + " " + doc.summary, lang) or ["werk"]
            out[lang].append((" ".join(rng.sample(pool, min(len(pool), rng.choice((1, 2))))),
                              {}))
    return out


# -- the report ---------------------------------------------------------------------------------
def table(title: str, ours: dict, theirs: dict, build_ours: float, build_theirs: float,
          relevance_total: int | None) -> str:
    def ratio(a, b):
        return f"{a / b:.2f}" if b else "—"

    def spread(values, unit=""):
        if not values:
            return "—"
        return f"{statistics.median(values):.0f} / {max(values):.0f}{unit}"

    rows = [
        ("index build time", f"{build_ours:.2f} s", f"{build_theirs:.2f} s",
         ratio(build_ours, build_theirs)),
        ("exported bytes (raw)", kib(ours["export_raw"]), kib(theirs["export_raw"]),
         ratio(ours["export_raw"], theirs["export_raw"])),
        ("exported bytes (gzip)", kib(ours["export_gz"]), kib(theirs["export_gz"]),
         ratio(ours["export_gz"], theirs["export_gz"])),
        ("first query until results, gzip, median", kib(statistics.median(ours["first"])),
         kib(statistics.median(theirs["first"])),
         ratio(statistics.median(ours["first"]), statistics.median(theirs["first"]))),
        ("first query until results, gzip, max", kib(max(ours["first"])),
         kib(max(theirs["first"])), ratio(max(ours["first"]), max(theirs["first"]))),
        ("then sub-result fill, gzip, median / max",
         f"{kib(statistics.median(ours['fill']))} / {kib(max(ours['fill']))}", "(in the above)",
         ""),
        ("query time, browser engine, median", ms(statistics.median(ours["browser"])),
         ms(statistics.median(theirs["browser"])),
         ratio(statistics.median(ours["browser"]), statistics.median(theirs["browser"]))),
        ("query time, browser engine, p95", ms(pct(ours["browser"], .95)),
         ms(pct(theirs["browser"], .95)), ratio(pct(ours["browser"], .95),
                                                pct(theirs["browser"], .95))),
        ("query time, Whoosh, median", ms(statistics.median(ours["whoosh"])), "—", ""),
        ("query time, Whoosh, p95", ms(pct(ours["whoosh"], .95)), "—", ""),
    ]
    if ours.get("latency"):
        mine, other = ours["latency"], theirs["latency"]
        for kind, label in (("warm", "page open"),
                            ("typed", f"typed, {TYPE_DELAY * 1000:.0f} ms a key, from Enter"),
                            ("cold", "page opened with ?q=")):
            if not mine[kind + "_ms"]:
                continue
            rows.append((f"rounds of requests, {label}, median / max",
                         spread(mine[kind + "_rounds"]), spread(other[kind + "_rounds"]), ""))
            rows.append((f"results at +{LATENCY * 1000:.0f} ms/response, {label}, median / max",
                         spread(mine[kind + "_ms"], " ms"), spread(other[kind + "_ms"], " ms"),
                         ratio(statistics.median(mine[kind + "_ms"]),
                               statistics.median(other[kind + "_ms"]))
                         if other[kind + "_ms"] else ""))
            if mine[kind + "_fill_ms"]:
                rows.append((f"then sub-results filled, {label}, median / max",
                             f"{statistics.median(mine[kind + '_fill_ms']):.0f} / "
                             f"{max(mine[kind + '_fill_ms']):.0f} ms", "(in results)", ""))
        if mine["fill_rounds"]:
            rows.append(("rounds of the sub-result fill, max", f"{max(mine['fill_rounds'])}",
                         "—", ""))
    if relevance_total:
        rows.append(("relevance set in top 3 (Whoosh / browser)",
                     f"{ours['rel_whoosh']}/{relevance_total} / "
                     f"{ours['rel_browser']}/{relevance_total}",
                     f"{theirs['rel']}/{relevance_total}", ""))
    width = max(len(r[0]) for r in rows) + 2
    lines = [title, f"{'':{width}}{'Overstap (Whoosh + search.js)':>30}{'Pagefind':>18}"
             f"{'ratio':>8}"]
    for name, a, b, c in rows:
        lines.append(f"{name:{width}}{a:>30}{b:>18}{c:>8}")
    return "\n".join(lines)


def main(output: Path, docs: int = 1000, runs: int = 5, latency: bool = True,
         synthetic: bool = True) -> int:
    output = Path(output).resolve()
    home = index_home(output)
    if not (output / "search" / "nl" / "meta.json").exists() or not (home / "nl").exists():
        print(f"error: no built portal with a search index in {output} — run `make build` "
              "first", file=sys.stderr)
        return 1
    relevance = tomllib.loads(RELEVANCE.read_text("utf-8"))
    relevance_total = sum(1 for lang in LANGS for c in relevance[lang] if c["expect"])
    queries = {lang: [(c["q"], c.get("filters") or {}) for c in relevance[lang]]
               for lang in LANGS}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        tmp = Path(tmp)
        # 1. the built portal: our index again (timed), then Pagefind on a copy of the site
        started = time.perf_counter()
        rebuilt = tmp / "ours"
        for lang in LANGS:
            source = Engine(home / lang)
            docs_now = _docs_from_index(source, lang)
            source.close()
            build(docs_now, lang, rebuilt / lang)
        build_ours = time.perf_counter() - started
        ours = our_figures(output, home, queries, runs, relevance)
        site = tmp / "site"
        shutil.copytree(output, site, ignore=shutil.ignore_patterns("pagefind"))
        build_theirs = pagefind_index(site)
        url_slugs = {}
        for lang in LANGS:
            for path in (output / "search" / lang / "d").glob("*.json"):
                doc = json.loads(path.read_text("utf-8"))
                url_slugs[doc["u"]] = doc["k"]
        theirs = pagefind_figures(site, SEARCH_PAGES, queries, runs, relevance, url_slugs)
        if latency:
            ours["latency"] = latency_figures(site, SEARCH_PAGES, queries)
            theirs["latency"] = latency_figures(site, SEARCH_PAGES, queries, pagefind=True)
        print(table(f"Built portal ({output.name}/): "
                    f"{sum(1 for _ in (output / 'search').rglob('d/*.json'))} documents in "
                    f"{len(LANGS)} languages, {relevance_total} relevance queries",
                    ours, theirs, build_ours, build_theirs, relevance_total))
        print()
        if not synthetic:
            return 0
        # 2. the synthetic corpus
        synth = tmp / "synthetic"
        docs_by_lang, build_ours = synthetic_site(synth, tmp / "synthetic-index", home, docs)
        squeries = synthetic_queries(docs_by_lang)
        ours = our_figures(synth, tmp / "synthetic-index", squeries, runs)
        build_theirs = pagefind_index(synth)
        theirs = pagefind_figures(synth, SEARCH_PAGES, squeries, runs)
        print(table(f"Synthetic corpus: {docs} documents per language × {len(LANGS)}, "
                    f"{sum(len(v) for v in squeries.values())} queries", ours, theirs,
                    build_ours, build_theirs, None))
    print("\nFirst-query bytes: the engine's scripts plus every index file the query and its "
          "first 10 results load\nuntil the results are shown, gzip-compressed (Pagefind's own "
          "compressed files as they are; its\nsub-results come with its results); then the "
          "sub-result fill, fetched after the results are shown.\nTimes: warm (files loaded "
          "once), median and p95.\nRounds and results at "
          f"+{LATENCY * 1000:.0f} ms: Chromium, every response delayed; 'page open': the search "
          "page loaded first (ours\nfetched meta.json, Pagefind ran init()), from submitting "
          "the query; 'typed': ours, the query typed\ninto the open page key by key, from the "
          "Enter key; 'page opened with ?q=': from navigation\nstart, rounds of index files "
          "only.")
    return 0


def _docs_from_index(engine: Engine, lang: str) -> list[SearchDoc]:
    """The documents of an index, read back (to time a rebuild of the same index)."""
    docs = []
    for docnum in range(engine.reader.doc_count_all()):
        stored = engine.reader.stored_fields(docnum)
        date = stored.get("date")
        docs.append(SearchDoc(
            slug=stored["slug"], lang=lang, type=stored["type"], url=stored["url"],
            title=stored["title"], summary=stored["summary"], body=stored["body"],
            date=date.date().isoformat() if date else "",
            facets={k: (stored.get(k) or "").split() for k, _t in FACETS[1:] if stored.get(k)},
            sections=[list(s) for s in section_texts(stored)]))
    return docs
