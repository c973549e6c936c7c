"""The search step of the build, measured: cold, rebuilt with no change, rebuilt after one edit.

    .venv/bin/python tools/bench_search_build.py [--docs 1000] [--runs 3] [--work DIR]

Generates the synthetic corpus (tools/corpus.py: DOCS items × nl, fr, en) into the work
folder (default .build/bench-search/), then, RUNS times, builds it in a fresh process each
time: into an empty output (cold), again with nothing changed (an extra option, so the build
is not skipped as up to date), and after editing one Dutch measure. For each it times the
search step from the start of its processes (the search plugin's `generate_context`) until
the build collects them (`generate_output`; the pages are rendered meanwhile), and the
longest language's own time, reads the peak resident memory of those processes, and prints
medians. Figures: docs/dev/search.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build" / "bench-search"

#: Runs in the build's process: times the search step, prints one JSON line.
DRIVER = r'''
import json, resource, sys, time
sys.path[:0] = ["plugins", "."]
import search_index.search_index as plugin
from safe_publish.build import run

seen = {}
begin = plugin.SearchIndexGenerator.generate_context
generate = plugin.SearchIndexGenerator.generate_output

def started(self):
    seen["start"] = time.perf_counter()
    return begin(self)

def timed(self, writer):
    try:
        return generate(self, writer)
    finally:
        # from the start of the search processes (generate_context) until they are collected
        # (generate_output): the pages are rendered meanwhile
        seen["search"] = time.perf_counter() - seen.pop("start")
        seen["parent_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        outcomes = self.context.get("search_index_languages") or []
        seen["langs"] = {o.lang: ("reused" if o.reused else "built") for o in outcomes}
        seen["child_kb"] = max((o.peak_kb for o in outcomes), default=0)
        seen["cpu"] = max((o.seconds for o in outcomes), default=0.0)

plugin.SearchIndexGenerator.generate_context = started
plugin.SearchIndexGenerator.generate_output = timed
content, output, tag = sys.argv[1:4]
started = time.perf_counter()
code = run("pelicanconf.py", {"PATH": content, "OUTPUT_PATH": output,
                              "BUILD_DATE": "2026-11-22", "BENCH_RUN": tag},
           stream=open("/dev/null", "w"))
seen["total"] = time.perf_counter() - started
seen["code"] = code
print(json.dumps(seen))
'''


def build(content: Path, output: Path, tag: str) -> dict:
    done = subprocess.run([sys.executable, "-c", DRIVER, str(content), str(output), tag],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        sys.exit(f"the build failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    figures = json.loads(lines[-1])
    if figures["code"] != 0:
        sys.exit(f"the build failed with exit code {figures['code']}")
    return figures


def edit(content: Path, number: int) -> None:
    page = sorted((content / "measures" / "nl").glob("*.md"))[0]
    text = page.read_text("utf-8")
    page.write_text(text.rstrip("\n") + f"\n\nBewerkt voor meting {number}: "
                    "loopbaanbegeleiding en opleidingsverlof.\n", "utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args(argv)
    work = args.work.resolve()
    sys.path.insert(0, str(ROOT / "tools"))
    import corpus

    content = work / "content"
    if content.exists():
        shutil.rmtree(content)
    corpus.main(args.docs, out=str(content))
    rows: dict[str, list[dict]] = {"cold": [], "no change": [], "one edit": []}
    for number in range(args.runs):
        output = work / "output"
        for folder in (output, work / ".output.search", work / ".output.fingerprint",
                       work / ".output.pages"):
            if folder.is_dir():
                shutil.rmtree(folder)
            elif folder.exists():
                folder.unlink()
        rows["cold"].append(build(content, output, f"cold-{number}"))
        rows["no change"].append(build(content, output, f"again-{number}"))
        edit(content, number)
        rows["one edit"].append(build(content, output, f"again-{number}"))
    print(f"search step, {args.docs} items × 3 languages, medians of {args.runs} runs")
    print(f"{'':10} {'search step':>12} {'longest':>9} {'whole build':>12} {'peak MB':>8}  "
          "languages")
    for name, runs in rows.items():
        peak = statistics.median(max(r["parent_kb"], r.get("child_kb", 0)) for r in runs)
        langs = ", ".join(f"{k} {v}" for k, v in runs[-1].get("langs", {}).items())
        print(f"{name:10} {statistics.median(r['search'] for r in runs):>10.2f} s "
              f"{statistics.median(r['cpu'] for r in runs):>7.2f} s "
              f"{statistics.median(r['total'] for r in runs):>10.1f} s {peak / 1024:>8.0f}  "
              f"{langs}")


if __name__ == "__main__":
    main()
