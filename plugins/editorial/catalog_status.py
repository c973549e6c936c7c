"""Theme strings still to translate, per catalog (the editors' view of `invoke i18n.check`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po


@dataclass
class CatalogStatus:
    lang: str
    path: str
    total: int = 0
    untranslated: list[str] = field(default_factory=list)  # msgids, English
    fuzzy: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the .pot, not yet in the .po


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def catalog_status(directory: Path, langs, domain: str = "messages") -> list[CatalogStatus]:
    """One status per language that has (or should have) a catalog."""
    pot = directory / f"{domain}.pot"
    with pot.open("rb") as fh:
        wanted = {_msgid(m) for m in read_po(fh) if m.id}
    found = []
    for lang in langs:
        po = directory / lang / "LC_MESSAGES" / f"{domain}.po"
        status = CatalogStatus(lang, po.relative_to(directory.parent.parent).as_posix(),
                               len(wanted))
        seen = set()
        if po.exists():
            with po.open("rb") as fh:
                for message in read_po(fh):
                    if not message.id:
                        continue
                    seen.add(_msgid(message))
                    if message.fuzzy:
                        status.fuzzy.append(_msgid(message))
                    elif not _translated(message):
                        status.untranslated.append(_msgid(message))
        status.missing = sorted(wanted - seen)
        status.untranslated.sort()
        status.fuzzy.sort()
        found.append(status)
    return found
