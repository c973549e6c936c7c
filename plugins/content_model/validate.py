"""Checks across items: duplicates, translations, references.

Per-file checks happen while reading (reader.py); these need every item at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from . import schema
from .errors import Problem
from .evidence import check_sector_evidence
from .markdown_text import outside_code
from .messages import concat, msg
from .reader import Item

REF_RE = re.compile(r"\{ref\}([a-z0-9-]+(?:/[a-z0-9-]+)?)")


def by_slug(items: list[Item]) -> dict[str, dict[str, Item]]:
    """name -> lang -> item (first one wins; duplicates are reported separately). The name
    (`meta["slug"]`) is the file name that an item shares with its translations."""
    groups: dict[str, dict[str, Item]] = defaultdict(dict)
    for item in items:
        slug = item.meta.get("slug")
        if slug and item.lang:
            groups[slug].setdefault(item.lang, item)
    return groups


#: Templates one page per language may have.
SINGLE_TEMPLATES = ("home", "sources")
#: Whatever follows `{ref}` up to the end of the address.
REF_TOKEN_RE = re.compile(r"(\(|=[\"']?)?\{ref\}([^\s)\]\"'<>`]*)")
REF_TARGET_RE = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)?(?:#[A-Za-z0-9_-]*)?")


def check_duplicates(items: list[Item]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], Item] = {}
    addresses: dict[tuple[str, str, str], list[Item]] = {}
    hubs: dict[tuple[str, str, str], Item] = {}
    singles: dict[tuple[str, str], Item] = {}
    for item in items:
        template = item.meta.get("template")
        if template in SINGLE_TEMPLATES and item.lang:
            first = singles.setdefault((item.lang, template), item)
            if first is not item:
                problems.append(
                    Problem(
                        item.path,
                        item.line("template"),
                        "Template",
                        msg(
                            "{first_path} is already the {template} page in `{item_lang}`",
                            first_path=first.path,
                            template=template,
                            item_lang=item.lang,
                        ),
                        msg(
                            "a language has one: remove this line "
                            "(the page becomes a normal page) or the "
                            "other file"
                        ),
                        code="duplicate-singleton",
                    )
                )
        slug = item.meta.get("slug")
        if not slug or not item.lang:
            continue
        first = seen.setdefault((item.lang, slug), item)
        if first is not item:
            problems.append(
                Problem(
                    item.path,
                    1,
                    "",
                    msg(
                        "the name `{slug}` is already used by {first_path}",
                        slug=slug,
                        first_path=first.path,
                    ),
                    msg(
                        "give one of the two items another file "
                        "name, the same in every language folder"
                    ),
                    code="name-duplicate",
                )
            )
        addresses.setdefault((item.lang, item.type, item.name), []).append(item)
        if item.type == "hub" and item.meta.get("term"):
            hub_key = (item.lang, item.meta.get("taxonomy", ""), item.meta["term"])
            first = hubs.setdefault(hub_key, item)
            if first is not item:
                problems.append(
                    Problem(
                        item.path,
                        item.line("term"),
                        "Term",
                        msg("{first_path} is already the hub for this term", first_path=first.path),
                        msg("merge the two hubs into one file"),
                        code="hub-duplicate",
                    )
                )
    return problems + _shared_addresses(addresses)


def _shared_addresses(addresses: dict) -> list[Problem]:
    """Two items of a type and language with one address: the one whose `Slug:` takes the
    address of another's file name is told (or every one but the first, if neither is)."""
    problems = []
    for claimants in addresses.values():
        if len(claimants) < 2:
            continue
        owner = next((i for i in claimants if "address" not in i.meta
                      or i.name == i.meta.get("slug")), claimants[0])
        for item in claimants:
            if item is not owner:
                problems.append(
                    Problem(
                        item.path,
                        item.line("address"),
                        "Slug",
                        msg(
                            "the address `{item_name}` is already used by {owner_path}",
                            item_name=item.name,
                            owner_path=owner.path,
                        ),
                        msg("give this page another Slug"),
                        code="address-duplicate",
                    )
                )
    return problems


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(nothing)"
    return "(nothing)" if value is None else str(value)


def check_translations(items: list[Item], default_lang: str) -> list[Problem]:
    problems = []
    for slug, langs in sorted(by_slug(items).items()):
        source = langs.get(default_lang)
        for lang, item in sorted(langs.items()):
            if lang == default_lang:
                continue
            if source is None:
                problems.append(_orphan(item, slug, langs, default_lang, items))
                continue
            problems += _compare(source, item)
    return problems


def _orphan(item: Item, name: str, langs, default_lang: str, items) -> Problem:
    """A translation without an original of the same file name: say which file to rename."""
    import difflib

    names = sorted({i.meta["slug"] for i in items if i.lang == default_lang
                    and i.type == item.type and i.meta.get("slug")})
    if item.meta.get("address") in names and item.name != name:  # the address is the name
        hint = (msg("rename the file to `{item_meta_address}.md` (the name of the "
                    "{default_lang} item) and write `Slug: {name}` to keep its address",
                    item_meta_address=item.meta['address'], default_lang=default_lang, name=name))
    else:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = concat(msg("did you mean `{close_0}.md`? ", close_0=close[0]) if close else "",
                      msg("write the {default_lang} version first, or rename this file: a "
                          "translation has the file name of its {default_lang} item, in its own "
                          "language folder", default_lang=default_lang))
    return Problem(item.path, 1, "", msg("no {default_lang} item is named `{name}.md`",
                                         default_lang=default_lang, name=name), hint,
                   code="translation-without-source")


def _compare(source: Item, item: Item) -> list[Problem]:
    problems = []
    for fld in schema.fields_for(source.type):
        if not fld.shared or fld.key in ("slug", "lang"):
            continue
        if any(k in i.lines and k not in i.meta for i in (source, item) for k in [fld.key]):
            continue  # a bad value there is reported already; comparing it says nothing new
        mine, theirs = item.meta.get(fld.key), source.meta.get(fld.key)
        if _norm(mine) != _norm(theirs):
            problems.append(Problem(
                item.path, item.line(fld.key) if fld.key in item.lines else 1, fld.name,
                msg("differs from the Dutch version ({source_path}:{source_line_fld_key}): "
                    "Dutch has `{shown_theirs}`, this file has `{shown_mine}`",
                    source_path=source.path, source_line_fld_key=source.line(fld.key),
                    shown_theirs=_shown(theirs), shown_mine=_shown(mine)),
                msg("translations carry the same value; copy it from the Dutch file"),
                code="translation-differs"))
    return problems


def _norm(value):
    return sorted(value) if isinstance(value, list) else value


def check_references(items: list[Item], default_lang: str) -> list[Problem]:
    problems = []
    groups = by_slug(items)
    for item in items:
        for key, wanted in (("related", schema.ITEM_TYPES), ("measures", ("measure",))):
            for ref in item.meta.get(key) or []:
                problems += _check_ref(item, key, ref, wanted, groups, default_lang)
        problems += _check_body_refs(item, groups)
    return problems


def _check_ref(item, key, ref, wanted, groups, default_lang) -> list[Problem]:
    fld = schema.FIELDS_BY_NAME[key]
    target = groups.get(ref, {}).get(default_lang) or next(iter(groups.get(ref, {}).values()),
                                                           None)
    if ref == item.meta.get("slug"):
        return [Problem(item.path, item.line(key), fld.name, msg("refers to the item itself"),
                        msg("remove its own name from the list"), code="ref-self")]
    if target is None:
        return [
            Problem(
                item.path,
                item.line(key),
                fld.name,
                msg("`{ref}` is not the name of any item", ref=ref),
                _close_slugs(ref, groups, wanted),
                code="ref-unknown",
            )
        ]
    if target.type not in wanted:
        return [
            Problem(
                item.path,
                item.line(key),
                fld.name,
                msg(
                    "`{ref}` is a {target_type}, not a {or_join_wanted}",
                    ref=ref,
                    target_type=target.type,
                    or_join_wanted=" or ".join(wanted),
                ),
                msg("remove it or name another item"),
                code="ref-wrong-type",
            )
        ]
    return []


def _close_slugs(ref, groups, wanted) -> str:
    import difflib

    candidates = [s for s, langs in groups.items()
                  if any(i.type in wanted for i in langs.values())]
    close = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
    hint = msg("did you mean `{close_0}`? ", close_0=close[0]) if close else ""
    return concat(hint, msg("use the other item's file name, without .md"))


def _check_body_refs(item: Item, groups) -> list[Problem]:
    problems = []
    for offset, line in enumerate(outside_code(item.body)):
        for token in REF_TOKEN_RE.finditer(line):
            if not token.group(2) and not token.group(1):
                continue  # `{ref}` named in a sentence, not a link
            if not REF_TARGET_RE.fullmatch(token.group(2)):
                problems.append(Problem(item.path, item.body_line + offset, "link",
                                        msg("`{{ref}}{token_group_2}` is not a name of an item",
                                            token_group_2=token.group(2)),
                                        msg("write `{{ref}}` and the other item's file name "
                                            "without .md (`{{ref}}loopbaanbegeleiding`), or a "
                                            "language and the name "
                                            "(`{{ref}}fr/loopbaanbegeleiding`)"),
                                        code="ref-malformed"))
                continue
            target = token.group(2).split("#")[0]
            lang, _, slug = target.rpartition("/")
            lang = lang or item.lang
            if slug == item.meta.get("slug") and lang == item.lang:
                problems.append(Problem(item.path, item.body_line + offset, "link",
                                        msg("`{{ref}}{target}` links the item to itself",
                                            target=target),
                                        msg("link a heading of this page with `#heading`, or "
                                            "remove the link"), code="ref-self"))
                continue
            if slug not in groups:
                problems.append(Problem(item.path, item.body_line + offset, "link",
                                        msg("`{{ref}}{target}` points to no item", target=target),
                                        _close_slugs(slug, groups, schema.ALL), code="ref-unknown"))
            elif lang not in groups[slug] and lang != item.lang:
                problems.append(Problem(item.path, item.body_line + offset, "link",
                                        msg("`{{ref}}{target}` has no `{lang}` version",
                                            target=target, lang=lang),
                                        msg("link to a language the item exists in"),
                                        code="ref-no-language"))
    return problems


def state(item: Item, today: dt.date) -> str:
    """published, draft, scheduled (dated in the future) or expired, on `today`."""
    if item.meta.get("status") == "draft":
        return "draft"
    if item.meta.get("date") and item.meta["date"] > today:
        return "scheduled"
    if item.meta.get("expires") and item.meta["expires"] < today:
        return "expired"
    return "published"


def check_unpublished_targets(items: list[Item], default_lang: str,
                              today: dt.date) -> list[Problem]:
    """Warnings for links and relations from a published item to an item that is a draft, is
    scheduled, has expired or will expire: on the public site they lead nowhere (then)."""
    problems = []
    groups = by_slug(items)
    for item in items:
        if state(item, today) != "published":
            continue
        for key in ("related", "measures"):
            for ref in item.meta.get(key) or []:
                problems += _target_warning(item, item.line(key), schema.FIELDS_BY_NAME[key].name,
                                            ref, _target(groups, ref, item.lang, default_lang),
                                            today, "relation")
        problems += _body_target_warnings(item, groups, default_lang, today)
    return problems


def _target(groups, slug: str, lang: str, default_lang: str) -> Item | None:
    return groups.get(slug, {}).get(lang) or groups.get(slug, {}).get(default_lang)


def _body_target_warnings(item, groups, default_lang, today) -> list[Problem]:
    problems = []
    for offset, line in enumerate(outside_code(item.body)):
        for match in REF_RE.finditer(line):
            lang, _, slug = match.group(1).rpartition("/")
            target = _target(groups, slug, lang or item.lang, default_lang)
            problems += _target_warning(item, item.body_line + offset, "link",
                                        f"{{ref}}{match.group(1)}", target, today, "link")
    return problems


def _target_warning(item, line, field, name, target, today, what) -> list[Problem]:
    if target is None:
        return []  # a missing target is an error reported by check_references
    now, expires = state(target, today), target.meta.get("expires")
    if now == "published" and not expires:
        return []
    relation = what == "relation"
    gone = msg("the relation is not shown") if relation else msg("the link leads nowhere")
    if now == "draft":
        message = msg("`{name}` is a draft ({target_path}): {gone} on the public site",
                      name=name, target_path=target.path, gone=gone)
    elif now == "scheduled":
        message = msg("`{name}` is published only from {date} ({target_path}): until then "
                      "{gone}", name=name, date=target.meta["date"], target_path=target.path,
                      gone=gone)
    elif now == "expired":
        message = msg("`{name}` expired on {expires} ({target_path}): {gone}",
                      name=name, expires=expires, target_path=target.path, gone=gone)
    else:
        message = msg("`{name}` expires on {expires} ({target_path}): after that {gone}",
                      name=name, expires=expires, target_path=target.path, gone=gone)
    return [Problem(item.path, line, field, message,
                    msg("remove the relation, or change the other item's Status, Date or "
                        "Expires") if relation else
                    msg("remove the link, or change the other item's Status, Date or Expires"),
                    "warning", code="target-unpublished")]


def validate(items: list[Item], default_lang: str, found: set[str] | None = None,
             taxonomies=None) -> list[Problem]:
    """Every check across items. `found`: the paths of every content file discovered, read or
    not: a translation whose Dutch file is there but could not be read is not told that it
    has none (the Dutch file has its own problem). With `taxonomies`: sector evidence too."""
    problems = (check_duplicates(items) + check_translations(items, default_lang)
                + check_references(items, default_lang)
                + check_sector_evidence(items, taxonomies, default_lang))
    if found:
        problems = [p for p in problems if p.code != "translation-without-source"
                    or _original_path(p.path, default_lang) not in found]
    return problems


def _original_path(path: str, default_lang: str) -> str:
    """content/cases/fr/x.md -> content/cases/nl/x.md"""
    parts = path.split("/")
    return "/".join(parts[:-2] + [default_lang, parts[-1]]) if len(parts) >= 3 else path
