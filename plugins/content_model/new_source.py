"""`invoke new --type source`: a new entry in content/_data/sources.toml.

A fact that is not in the research's five documents needs a source of its own: an official
public page. The entry is written at the end of the file (the others stay where they are),
with `verified = false` until an editor has read the page online. The file is then checked
exactly as the build checks it (`taxonomy.load_taxonomies`); when the new entry has a
problem, the file is put back as it was and the problems are the error.

What the author did not give is asked for in a terminal; elsewhere (a script, CI), a ready
entry with `...` in place of the missing values is printed and nothing is written.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import report
from .messages import msg, say
from .scaffold import ScaffoldError
from .taxonomy import KEY_RE, load_taxonomies, slugify

SOURCES = "sources.toml"
#: Words the key leaves out when it is made from the reference.
KEY_WORDS = 6


@dataclass
class Source:
    """What an author gives for a source; `labels` by language."""

    key: str = ""
    reference: str = ""
    url: str = ""
    year: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    verified: bool = False

    def missing(self, langs) -> list[str]:
        """The options still empty, as the author types them (`--url`)."""
        wanted = ["reference", "url"] + list(langs)
        values = {"reference": self.reference, "url": self.url, **self.labels}
        return [name for name in wanted if not values.get(name, "").strip()]


def entry(source: Source, langs) -> str:
    """The TOML table of `source` (`...` for what is missing), as sources.toml writes them."""
    key = source.key or _key(source.reference) or "..."
    lines = [f"[{key}]", f"reference = {_text(source.reference)}"]
    if source.year:
        lines.append(f"year = {source.year}")
    lines.append(f"url = {_text(source.url)}")
    if not source.verified:
        lines.append("verified = false")
    lines += [f"{lang} = {_text(source.labels.get(lang, ''))}" for lang in langs]
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    return json.dumps(value.strip() or "...", ensure_ascii=False)


def _key(reference: str) -> str:
    return slugify(" ".join(reference.replace(".", " ").split()[:KEY_WORDS]))


def ask(source: Source, langs, prompt=input) -> Source:
    """Ask for every missing value (in a terminal)."""
    questions = {"reference": msg("Reference (author or organisation, title, publisher): "),
                 "url": msg("Web address of the official page (https://...): ")}
    for name in source.missing(langs):
        question = questions.get(name) or msg("What the document is, in {lang}: ", lang=name)
        answer = prompt(say(question)).strip()
        if name in questions:
            setattr(source, name, answer)
        else:
            source.labels[name] = answer
    if not source.key:
        suggested = _key(source.reference)
        source.key = prompt(say(msg("Key [{key}]: ", key=suggested))).strip() or suggested
    return source


def add(data_dir: Path, root: Path, source: Source, langs) -> str:
    """Write `source` at the end of sources.toml; check the file as the build does; return the
    key. Raises ScaffoldError (and leaves the file as it was) when anything is wrong."""
    source.key = source.key or _key(source.reference)
    path = data_dir / SOURCES
    rel = path.relative_to(root).as_posix()
    if not KEY_RE.match(source.key):
        raise ScaffoldError(msg("`{key}` is not a key: use lowercase letters, digits and "
                                "hyphens (--key vdab-loopbaancheques)", key=source.key))
    before = path.read_text("utf-8") if path.is_file() else ""
    if f"\n[{source.key}]\n" in "\n" + before:
        raise ScaffoldError(msg("{rel} already has a source `{key}`: choose another key "
                                "(--key), or use that source", rel=rel, key=source.key))
    if not source.url.startswith("https://"):
        raise ScaffoldError(msg("`{url}` is not an https address: copy it from the browser's "
                                "address bar (--url https://...)", url=source.url))
    text = before + ("\n" if before and not before.endswith("\n\n") else "") + \
        entry(source, langs)
    _replace(path, text)
    _, problems = load_taxonomies(data_dir, langs, root)
    if problems:
        _replace(path, before)
        raise ScaffoldError(msg("the new source was not added:\n{problems}",
                                problems=report(problems)))
    return source.key


def _replace(path: Path, text: str) -> None:
    """Write the whole file at once: a reader never sees half of it."""
    spare = path.with_name(f".{path.name}.new")
    spare.write_text(text, "utf-8", newline="\n")
    os.replace(spare, path)
