"""`invoke search "loopbaanbegeleiding" --lang nl --type measure`: ranked results for authors.

Searches the Whoosh index the last `make build` (or `invoke build --output DIR`) left beside
the output folder; the same ranking as the search page and the search service.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .index import index_home
from .model import FACET_KEYS


class NoIndex(Exception):
    exitcode = 1


def engine(output: Path, lang: str):
    from .query import engine_for

    folder = index_home(output) / lang
    if not (folder / "overstap.json").exists():
        raise NoIndex(f"no search index for '{lang}' in {folder} — build the site first "
                      f"(`make build`, or `invoke build --output {output}`)")
    return engine_for(folder)


def parse_filters(types=(), filters=()) -> dict[str, list[str]]:
    """`--type measure,case` and `--filter sectors=zorg` into {facet: [values]}."""
    out: dict[str, list[str]] = {}
    for value in types or ():
        out.setdefault("type", []).extend(v for v in value.split(",") if v)
    for item in filters or ():
        key, _, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if key not in FACET_KEYS or not value:
            raise ValueError(f"--filter {item!r}: write FACET=VALUE with FACET one of "
                             + ", ".join(FACET_KEYS))
        out.setdefault(key, []).extend(v for v in value.split(",") if v)
    return out


def marked(pieces) -> str:
    return "".join(f"[{text}]" if mark else text for text, mark in pieces)


def render(results, lang: str, public: str = "") -> str:
    lines = []
    shown = results.query if len(results.query) <= 80 else results.query[:80] + "…"
    if not results.words:
        lines.append(f"No words to search for in {shown!r} (stop words and symbols are "
                     "ignored).")
    else:
        plural = "result" if results.total == 1 else "results"
        filters = "".join(f" {k}={','.join(v)}" for k, v in results.filters.items())
        lines.append(f"{results.total} {plural} for {shown!r} ({lang}{filters})")
    for number, hit in enumerate(results.hits, 1):
        lines.append("")
        lines.append(f"{number:>2}. {marked(hit.title_marked)}  [{hit.type}]  "
                     f"score {hit.score:.3f}")
        lines.append(f"    {public}{hit.url}")
        if hit.snippet:
            lines.append(f"    {marked(hit.snippet)}")
    if results.suggestion:
        sug = results.suggestion
        if sug["kind"] == "filters":
            lines.append(f"\nWithout the filters: {sug['total']} results.")
        else:
            lines.append(f"\nDid you mean {sug['q']!r}? ({sug['total']} results)")
    return "\n".join(lines)


def run(query: str, lang: str = "nl", types=(), filters=(), limit: int = 10,
        output: Path = Path("output"), as_json: bool = False, public: str = "") -> int:
    try:
        chosen = parse_filters(types, filters)
        results = engine(Path(output), lang).search(query, chosen, limit=limit)
    except (NoIndex, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(dict(results.as_dict(), lang=lang), ensure_ascii=False, indent=1))
    else:
        print(render(results, lang, public))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search", description=__doc__.split("\n")[0])
    parser.add_argument("query")
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--type", action="append", default=[],
                        help="measure, case, story, hub or page (repeat or comma-separate)")
    parser.add_argument("--filter", action="append", default=[],
                        help="FACET=VALUE, e.g. sectors=zorg (facets: "
                        + ", ".join(FACET_KEYS[1:]) + ")")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--output", default="output", help="the built site (default output)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    return run(args.query, args.lang, args.type, args.filter, args.limit, Path(args.output),
               args.json)
