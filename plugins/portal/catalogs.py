"""Catalog check: every theme string translated, nothing fuzzy, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(text or ""))


def _msgstrs(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def check_catalog(po_path: Path, template_ids: set, placeholders=_placeholders,
                  update: str = "invoke i18n.update") -> list[str]:
    """Problems of one catalog; `placeholders(text)` lists a text's placeholders (the theme's
    `%(name)s`; the authors' messages pass `{name}`: `content_model/messages.py`)."""
    problems = []
    rel = po_path.as_posix()
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        seen.add(key)
        where = f"{rel}:{message.lineno}"
        if message.fuzzy:
            problems.append(f"{where}: `{key}` is marked fuzzy — check the translation and "
                            "remove the `#, fuzzy` line")
        elif not all(_msgstrs(message)):
            problems.append(f"{where}: `{key}` is not translated — fill in msgstr")
        else:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = placeholders(ids[-1])
            for text in _msgstrs(message):
                if placeholders(text) != wanted:
                    problems.append(f"{where}: `{key}` has placeholders "
                                    f"{placeholders(text) or 'none'} but needs "
                                    f"{wanted or 'none'} — copy them exactly, e.g. %(date)s")
    for missing in sorted(template_ids - seen):
        problems.append(f"{rel}: `{missing}` is missing — run `{update}`")
    return problems


def check_catalogs(directory: Path, pot: Path, langs, placeholders=_placeholders,
                   update: str = "invoke i18n.update") -> list[str]:
    with pot.open("rb") as fh:
        template = read_po(fh)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    problems = []
    for lang in langs:
        po = directory / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            problems.append(f"{po}: missing — run `{update}`")
            continue
        problems += check_catalog(po, ids, placeholders, update)
    return problems
