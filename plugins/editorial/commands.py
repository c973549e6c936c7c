"""What `invoke new` and `invoke translations` do; tasks.py only passes the options in."""

from __future__ import annotations

import difflib
from pathlib import Path

import content_model
from content_model import scaffold, translations
from content_model.reader import read_file
from content_model.scaffold import ScaffoldError

from .checks import build_date
from .report import translation_report

STATE_WIDTH = 9


def _load(root: Path, settings):
    return content_model.load(root / settings["PATH"], list(settings["LANGS"]),
                              settings["DEFAULT_LANG"], root)


def new(root: Path, settings, type_: str, lang: str, title: str, translate: str) -> str:
    """Create the file; return what to tell the author. Raises ScaffoldError."""
    content = _load(root, settings)
    content_dir, default = root / settings["PATH"], settings["DEFAULT_LANG"]
    today = build_date(settings)
    if translate:
        source = _source(content.items, translate, default)
        if not lang or lang == default or lang not in settings["LANGS"]:
            others = [lg for lg in settings["LANGS"] if lg != default]
            raise ScaffoldError(f"translate into which language? — add --lang "
                                f"{' or --lang '.join(others)}")
        if source.meta["slug"] in {i.meta.get("slug") for i in content.items if i.lang == lang}:
            raise ScaffoldError(f"`{translate}` already has a {lang} version — edit that file")
        path = scaffold.new_translation(content_dir, source, lang, title, content.taxonomies,
                                        today)
    else:
        path = scaffold.new_item(content_dir, type_, lang or default, title,
                                 content.taxonomies, list(settings["LANGS"]), default, today)
    return _created(root, settings, content, path, bool(translate))


def _source(items, slug: str, default: str):
    found = next((i for i in items if i.lang == default and i.meta.get("slug") == slug), None)
    if found is None:
        slugs = sorted({i.meta.get("slug") for i in items if i.lang == default} - {None})
        close = difflib.get_close_matches(slug, slugs, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else \
            "use the name of the Dutch file, without .md"
        raise ScaffoldError(f"no {default} item is named `{slug}` — {hint}")
    return found


def _created(root: Path, settings, content, path: Path, translation: bool) -> str:
    from portal.site import Site

    item = read_file(path, root, root / settings["PATH"], content.taxonomies,
                     list(settings["LANGS"]), [])
    site = Site([], content.taxonomies, settings["LANGS"], settings["DEFAULT_LANG"])
    rel = path.relative_to(root).as_posix()
    steps = ["Translate the empty fields and the text (it is still Dutch)."] if translation \
        else ["Fill in the header (`invoke check` lists the fields still empty)."]
    steps += ["Write and check: `invoke check`.",
              f"Preview: `make serve`, then http://127.0.0.1:8000{site.item_url(item)}",
              "Publish: remove the line `Status: draft`."]
    if translation and "address" in item.lines and "address" not in item.meta:
        steps.insert(1, "Write the page's address in your language after `Slug:` (keep the "
                        "file name: it pairs the translation with the Dutch item).")
    return f"Created {rel}\n" + "\n".join(f"  {n}. {s}" for n, s in enumerate(steps, 1))


def report(root: Path, settings, only_lang: str = "") -> str:
    content = _load(root, settings)
    langs = [lg for lg in settings["LANGS"] if lg != settings["I18N_SOURCE_LANG"]]
    data = translation_report(content.items, settings["LANGS"], settings["DEFAULT_LANG"],
                              root / settings["THEME"] / "translations", langs)
    shown = [lg for lg in data["languages"] if not only_lang or lg == only_lang]
    out = [f"Translations of the {len(data['items'])} {data['source_lang']} items "
           "(complete, stale, draft or missing):", ""]
    out += [_item_line(row, shown) for row in data["items"]]
    out += ["", "To do:"] + (_todo(data, shown) or ["  nothing: every translation is complete."])
    out += ["", "Totals:"] + [f"  {lg}: " + ", ".join(f"{n} {state}" for state, n in
                                                       data["counts"].get(lg, {}).items())
                              for lg in shown]
    out += ["", "Theme strings (theme/translations/, the lead's catalogs):"]
    out += [_catalog_line(lg, c) for lg, c in sorted(data["theme_strings"].items())
            if not only_lang or lg == only_lang]
    return "\n".join(out)


def _item_line(row, shown) -> str:
    states = "  ".join(f"{lg} {row['translations'][lg]['state']:<{STATE_WIDTH}}" for lg in shown)
    return f"  {row['type']:<8} {row['slug']:<45} {states}".rstrip()


def _todo(data, shown) -> list[str]:
    lines = []
    for row in data["items"]:
        for lg in shown:
            cell = row["translations"][lg]
            if cell["state"] == "missing":
                lines.append(f"  {row['path']}: no {lg} version — start it with "
                             f"`invoke new --translate {row['slug']} --lang {lg}`")
            elif cell["state"] == "stale":
                lines.append(f"  {cell['path']}: stale ({cell['detail']}) — update it from "
                             f"{row['path']}, then `invoke translations --mark {row['slug']} "
                             f"--lang {lg}`")
            elif cell["state"] == "draft":
                lines.append(f"  {cell['path']}: draft — finish it and remove `Status: draft`")
    return lines


def _catalog_line(lang: str, catalog: dict) -> str:
    todo = catalog["untranslated"] + catalog["fuzzy"] + catalog["missing"]
    if not todo:
        return f"  {lang}: all {catalog['total']} strings translated ({catalog['catalog']})"
    listed = "; ".join(f"“{m}”" for m in todo)
    return f"  {lang}: {len(todo)} of {catalog['total']} to translate in {catalog['catalog']}: " \
           f"{listed}"


def mark(root: Path, settings, target: str, lang: str) -> str:
    """Record the current Dutch fingerprint on a translation (after updating it)."""
    content = _load(root, settings)
    default = settings["DEFAULT_LANG"]
    item = _translation(content.items, root, target, lang, default)
    source = _source(content.items, item.meta.get("slug", ""), default)
    value = translations.source_hash(source)
    translations.mark(root / item.path, value)
    return f"{item.path}: Source-Hash: {value} (translated from {source.path})"


def _translation(items, root: Path, target: str, lang: str, default: str):
    wanted = {Path(target).resolve(), (root / target).resolve()}
    for item in items:
        if (root / item.path).resolve() in wanted:
            return item
    found = [i for i in items if i.meta.get("slug") == target and i.lang != default
             and (not lang or i.lang == lang)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ScaffoldError(f"`{target}` has several translations — add --lang "
                            f"{' or --lang '.join(sorted(i.lang for i in found))}")
    raise ScaffoldError(f"`{target}` is neither a translation's file nor the name of one"
                        f"{' in ' + lang if lang else ''} — give the file (content/...) or "
                        "the name of the Dutch item (its file name without .md) with --lang")
