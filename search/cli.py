"""`invoke search "loopbaanbegeleiding" --lang nl --type measure`: ranked results for authors.

Searches the Whoosh index the last `make build` (or `invoke build --output DIR`) left beside
the output folder; the same ranking as the search page and the search service, and the same
sentences, in the language searched (the theme's catalogs: `1 resultaat`, `2 résultats`).
A query that starts with a minus (`-zorg`: leave out pages with `zorg`) comes after `--`:
`python -m search -- -zorg werk`, `invoke search -- -zorg werk`.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

from .index import index_home
from .model import FACET_KEYS

CATALOGS = Path(__file__).resolve().parent.parent / "theme" / "translations"


class NoIndex(Exception):
    exitcode = 1


def languages(output: Path) -> list[str]:
    """The languages whose index the last build left beside `output`."""
    home = index_home(output)
    if not home.is_dir():
        return []
    return sorted(p.name for p in home.iterdir() if (p / "overstap.json").exists())


def engine(output: Path, lang: str):
    from .query import engine_for

    folder = index_home(output) / lang
    if not (folder / "overstap.json").exists():
        known = languages(output)
        if known:
            raise NoIndex(f"unknown language {lang!r}: the portal is searched in "
                          + ", ".join(known))
        raise NoIndex(f"no search index for '{lang}' in {folder} — build the site first "
                      f"(`make build`, or `invoke build --output {output}`)")
    return engine_for(folder)


def translations(lang: str):
    """The theme's catalog for a language (English: the msgids themselves)."""
    import gettext

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


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
    t = translations(lang)
    lines = []
    shown = results.query if len(results.query) <= 80 else results.query[:80] + "…"
    filters = "".join(f" {k}={','.join(v)}" for k, v in results.filters.items())
    if not results.words:
        lines.append(t.gettext("Type one or more words to search for."))
    elif results.total:
        lines.append(t.ngettext("%(num)d result for “%(query)s”", "%(num)d results for “%(query)s”",
                                results.total) % {"num": results.total, "query": shown}
                     + f" ({lang}{filters})")
        if results.full < results.total:
            lines.append(t.ngettext("%(num)d page has all the words; the others lack some.",
                                    "%(num)d pages have all the words; the others lack some.",
                                    results.full) % {"num": results.full} if results.full else
                         t.gettext("No page has all the words. These pages have some of them."))
    else:
        lines.append(t.gettext("No results for “%(query)s”.") % {"query": shown}
                     + f" ({lang}{filters})")
    for number, hit in enumerate(results.hits, 1):
        lines.append("")
        lines.append(f"{number:>2}. {marked(hit.title_marked)}  [{hit.type}]  "
                     f"score {hit.score:.3f}")
        anchor = f"#{hit.section['anchor']}" if hit.section.get("anchor") else ""
        lines.append(f"    {public}{hit.url}{anchor}")
        if hit.missing:
            lines.append("    " + t.gettext("Missing: %(words)s")
                         % {"words": ", ".join(hit.missing)})
        if hit.snippet:
            lines.append(f"    {marked(hit.snippet)}")
        for sub in hit.sections:  # other sections that matched, each with its excerpt
            lines.append(f"    > {sub['heading']}  {public}{hit.url}#{sub['anchor']}")
            if sub["snippet"]:
                lines.append(f"      {marked(sub['snippet'])}")
    if results.suggestion:
        sug = results.suggestion
        if sug["kind"] == "filters":
            lines.append("\n" + t.ngettext("Without the filters there is %(num)d result.",
                                           "Without the filters there are %(num)d results.",
                                           sug["total"]) % {"num": sug["total"]})
        else:
            lines.append("\n" + t.gettext("Did you mean %(suggestion)s?")
                         % {"suggestion": f"“{sug['q']}”"} + " " +
                         t.ngettext("%(num)d result for “%(query)s”",
                                    "%(num)d results for “%(query)s”", sug["total"])
                         % {"num": sug["total"], "query": sug["q"]})
    if results.elsewhere:
        names = {"nl": t.gettext("Dutch"), "fr": t.gettext("French"), "en": t.gettext("English")}
        lines.append("\n" + t.gettext("Every word of your search is on pages in another language:"))
        for other in results.elsewhere:
            lines.append("  " + t.ngettext("Search in %(language)s (%(num)d result)",
                                           "Search in %(language)s (%(num)d results)",
                                           other["total"])
                         % {"language": names.get(other["lang"], other["lang"]),
                            "num": other["total"]} + f": --lang {other['lang']}")
    return "\n".join(lines)


def run(query: str, lang: str = "nl", types=(), filters=(), limit: int = 10,
        output: Path = Path("output"), as_json: bool = False, public: str = "") -> int:
    try:
        chosen = parse_filters(types, filters)
        found = engine(Path(output), lang)
        siblings = {other: engine(Path(output), other) for other in languages(Path(output))}
        results = found.search(query, chosen, limit=limit, siblings=siblings)
    except (NoIndex, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(dict(results.as_dict(), lang=lang), ensure_ascii=False, indent=1))
    else:
        print(render(results, lang, public))
    return 0


def split_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """(options, query words): everything after `--` is query, and so is a word that starts
    with a single minus and is no option (`-zorg`); `--anything` else is an option."""
    options, words = [], []
    rest = iter(argv)
    takes_value = {"--lang", "--type", "--filter", "--limit", "--output"}
    for arg in rest:
        if arg == "--":
            words += list(rest)
            break
        if arg in takes_value:
            options += [arg, next(rest, "")]
        elif arg.startswith("--") or arg in ("-h",):
            options.append(arg)
        else:
            words.append(arg)
    return options, words


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m search", description=__doc__.split("\n")[0],
        epilog="A query that starts with a minus: python -m search -- -zorg werk")
    parser.add_argument("query", nargs="*", help="what to search for (several words are one query)")
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--type", action="append", default=[],
                        help="measure, case, story, hub or page (repeat or comma-separate)")
    parser.add_argument("--filter", action="append", default=[],
                        help="FACET=VALUE, e.g. sectors=zorg (facets: "
                        + ", ".join(FACET_KEYS[1:]) + ")")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--output", default="output", help="the built site (default output)")
    parser.add_argument("--json", action="store_true")
    options, words = split_argv(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(options)
    return run(" ".join(words), args.lang, args.type, args.filter, args.limit,
               Path(args.output), args.json)
