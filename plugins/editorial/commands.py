"""What `invoke new` and `invoke translations` do; tasks.py only passes the options in."""

from __future__ import annotations

import difflib
from pathlib import Path

import content_model
from content_model import scaffold, translations
from content_model.messages import author_lang, msg, say
from content_model.reader import read_file
from content_model.scaffold import ScaffoldError

from .checks import build_date
from .report import review_report, translation_report

STATE_WIDTH = 9
#: The states of a translation, as `invoke translations` shows them.
STATES = {"complete": msg("complete"), "stale": msg("stale"), "draft": msg("draft"),
          "missing": msg("missing")}


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
            raise ScaffoldError(msg("translate into which language? — add --lang "
                                    "{or_lang_join_others}",
                                    or_lang_join_others=' or --lang '.join(others)))
        if source.meta["slug"] in {i.meta.get("slug") for i in content.items if i.lang == lang}:
            raise ScaffoldError(msg("`{translate}` already has a {lang} version — edit that "
                                    "file", translate=translate, lang=lang))
        path = scaffold.new_translation(content_dir, source, lang, title, content.taxonomies,
                                        today)
    else:
        path = scaffold.new_item(content_dir, type_, lang or default, title,
                                 content.taxonomies, list(settings["LANGS"]), default, today)
    return _created(root, settings, content, path, bool(translate))


def new_source(root: Path, settings, source, interactive: bool, prompt=input) -> str:
    """`invoke new --type source`: add the source to content/_data/sources.toml (asking in a
    terminal for what is missing), or print a ready entry when it cannot ask."""
    from content_model import new_source as sources

    langs = list(settings["LANGS"])
    lang = author_lang(settings)
    if source.missing(langs) and interactive:
        source = sources.ask(source, langs, prompt)
    if source.missing(langs):
        missing = ", ".join(f"--{name}" for name in source.missing(langs))
        return say(msg("Not added: {missing} still missing. Give them, or copy this entry to "
                       "the end of content/_data/sources.toml and fill in every `...`:",
                       missing=missing), lang) + "\n\n" + sources.entry(source, langs)
    data_dir = root / settings["PATH"] / "_data"
    key = sources.add(data_dir, root, source, langs)
    steps = [msg("Name it in `Sources:` of every item that uses a fact from it: "
                 "`Sources: {key}`.", key=key),
             msg("Read the page online. Is every fact that cites it right? Then remove the line "
                 "`verified = false`."),
             msg("Check: `invoke check`.")]
    return say(msg("Added source `{key}` to content/_data/sources.toml:", key=key), lang) + \
        "\n\n" + sources.entry(source, langs) + "\n" + \
        "\n".join(f"  {n}. {say(s, lang)}" for n, s in enumerate(steps, 1))


def _source(items, slug: str, default: str):
    found = next((i for i in items if i.lang == default and i.meta.get("slug") == slug), None)
    if found is None:
        slugs = sorted({i.meta.get("slug") for i in items if i.lang == default} - {None})
        close = difflib.get_close_matches(slug, slugs, n=1, cutoff=0.6)
        hint = msg("did you mean `{close_0}`?", close_0=close[0]) if close else \
            msg("use the name of the Dutch file, without .md")
        raise ScaffoldError(msg("no {default} item is named `{slug}` — {hint}", default=default,
                                slug=slug, hint=hint))
    return found


def _created(root: Path, settings, content, path: Path, translation: bool) -> str:
    from portal.site import Site

    item = read_file(path, root, root / settings["PATH"], content.taxonomies,
                     list(settings["LANGS"]), [])
    site = Site([], content.taxonomies, settings["LANGS"], settings["DEFAULT_LANG"])
    rel = path.relative_to(root).as_posix()
    steps = [msg("Translate the empty fields and the text (it is still Dutch).")] if translation \
        else [msg("Fill in the header (`invoke check` lists the fields still empty).")]
    steps += [msg("Write and check: `invoke check`."),
              msg("Preview: `make serve`, then http://127.0.0.1:8000{site_item_url_item}",
                  site_item_url_item=site.item_url(item)),
              msg("Publish: remove the line `Status: draft`.")]
    if translation and "address" in item.lines and "address" not in item.meta:
        steps.insert(1, msg("Write the page's address in your language after `Slug:` (keep the "
                            "file name: it pairs the translation with the Dutch item)."))
    lang = author_lang(settings)
    return say(msg("Created {path}", path=rel), lang) + "\n" + \
        "\n".join(f"  {n}. {say(s, lang)}" for n, s in enumerate(steps, 1))


def report(root: Path, settings, only_lang: str = "") -> str:
    content = _load(root, settings)
    langs = [lg for lg in settings["LANGS"] if lg != settings["I18N_SOURCE_LANG"]]
    data = translation_report(content.items, settings["LANGS"], settings["DEFAULT_LANG"],
                              root / settings["THEME"] / "translations", langs)
    shown = [lg for lg in data["languages"] if not only_lang or lg == only_lang]
    out = [msg("Translations of the {len_data_items} {data_source_lang} items (complete, "
               "stale, draft or missing):", len_data_items=len(data['items']),
               data_source_lang=data['source_lang']), ""]
    lang = author_lang(settings)
    out += [_item_line(row, shown, lang) for row in data["items"]]
    todo = [say(line, lang) for line in _todo(data, shown)] or \
        [say(msg("nothing: every translation is complete."), lang)]
    out += ["", msg("To do:")] + [f"  {line}" for line in todo]
    out += ["", msg("Totals:")] + [f"  {lg}: " + ", ".join(
        f"{n} {say(STATES.get(state, state), lang)}" for state, n in
        data["counts"].get(lg, {}).items()) for lg in shown]
    out += ["", msg("Theme strings (theme/translations/, the lead's catalogs):")]
    out += ["  " + say(_catalog_line(lg, c), lang)
            for lg, c in sorted(data["theme_strings"].items()) if not only_lang or lg == only_lang]
    out += _review_lines(review_report(content.items, build_date(settings)), only_lang)
    return "\n".join(say(line, lang) for line in out)


def _review_lines(review: dict, only_lang: str) -> list:
    """The items past their review day (content_model/upkeep.py), the longest overdue
    first; and how many name no owner."""
    rows = [r for r in review["overdue"] if not only_lang or r["lang"] == only_lang]
    out = ["", msg("Past their review date on {day} (Review-By, or one year after the last "
                   "change when it is empty):", day=review["date"])]
    out += [msg("  {path}: review by {day} ({days} days ago), owner: {owner} — read it, "
                "correct it, then set `Review-By:` to the next review day", path=r["path"],
                day=r["review_by"], days=r["days"], owner=r["owner"] or msg("none"))
            for r in rows] or [msg("  nothing: every published item was reviewed in time.")]
    if review["without_owner"]:
        out.append(msg("{count} of the {total} published items name no owner (`Owner:`).",
                       count=review["without_owner"], total=review["published"]))
    return out


def _item_line(row, shown, lang: str) -> str:
    states = "  ".join(f"{lg} {say(STATES.get(s, s), lang):<{STATE_WIDTH}}" for lg, s in
                       ((lg, row["translations"][lg]["state"]) for lg in shown))
    return f"  {row['type']:<8} {row['slug']:<45} {states}".rstrip()


def _todo(data, shown) -> list[str]:
    lines = []
    for row in data["items"]:
        for lg in shown:
            cell = row["translations"][lg]
            if cell["state"] == "missing":
                lines.append(msg("{row_path}: no {lg} version — start it with `invoke new "
                                 "--translate {row_slug} --lang {lg}`",
                                 row_path=row['path'], lg=lg, row_slug=row['slug']))
            elif cell["state"] == "stale":
                lines.append(msg("{cell_path}: stale ({cell_detail}) — update it from "
                                 "{row_path}, then `invoke translations --mark {row_slug} "
                                 "--lang {lg}`",
                                 cell_path=cell['path'], cell_detail=cell['detail'],
                                 row_path=row['path'], row_slug=row['slug'], lg=lg))
            elif cell["state"] == "draft":
                lines.append(msg("{cell_path}: draft — finish it and remove `Status: draft`",
                                 cell_path=cell['path']))
    return lines


def _catalog_line(lang: str, catalog: dict) -> str:
    todo = catalog["untranslated"] + catalog["fuzzy"] + catalog["missing"]
    if not todo:
        return msg("{lang}: all {catalog_total} strings translated ({catalog_catalog})",
                   lang=lang, catalog_total=catalog['total'], catalog_catalog=catalog['catalog'])
    listed = "; ".join(f"“{m}”" for m in todo)
    return msg("{lang}: {len_todo} of {catalog_total} to translate in {catalog_catalog}: "
               "{listed}", lang=lang, len_todo=len(todo),
               catalog_total=catalog['total'], catalog_catalog=catalog['catalog'], listed=listed)


def mark(root: Path, settings, target: str, lang: str) -> str:
    """Record the current Dutch fingerprint on a translation (after updating it)."""
    content = _load(root, settings)
    default = settings["DEFAULT_LANG"]
    item = _translation(content.items, root, target, lang, default)
    source = _source(content.items, item.meta.get("slug", ""), default)
    value = translations.source_hash(source)
    translations.mark(root / item.path, value)
    return msg("{item_path}: Source-Hash: {value} (translated from {source_path})",
               item_path=item.path, value=value, source_path=source.path)


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
        raise ScaffoldError(
            msg(
                "`{target}` has several translations — add --lang {or_lang_join_sorted_i_lang_for}",
                target=target,
                or_lang_join_sorted_i_lang_for=" or --lang ".join(sorted(i.lang for i in found)),
            )
        )
    raise ScaffoldError(msg("`{target}` is neither a translation's file nor the name of "
                            "one{in_lang_if_lang_else} — give the file (content/...) or the "
                            "name of the Dutch item (its file name without .md) with --lang",
                            target=target, in_lang_if_lang_else=' in ' + lang if lang else ''))
