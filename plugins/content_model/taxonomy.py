"""Taxonomies: the allowed values of classified fields, with their labels in every language.

They live once, in content/_data/*.toml, with the other data files (key figures). This module
loads them and checks every file against its declaration in data_schema.py: every problem (a
syntax error, an unknown or missing key, a value of the wrong type, a reference to nothing, a
character that is not text) is a Problem with the line of the key itself and a stable code.
A data file is opened only when it is a regular file in content/ (a named pipe would make the
build wait forever) and read only up to data_schema.MAX_BYTES.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import data_schema
from . import text as chars
from .data_schema import DataFile, Key, Row
from .errors import Problem
from .messages import msg

#: Data files holding one taxonomy each (file stem = taxonomy name).
TAXONOMY_FILES = tuple(f.name for f in data_schema.FILES if f.role == "taxonomy")
#: The file that declares the six dimensions (four hold their values inline).
DIMENSIONS_FILE = "dimensions"
#: Other data files: loaded as plain tables for templates.
DATA_FILES = tuple(f.name for f in data_schema.FILES if f.role == "table")

KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: An official home page (organisations.toml): https, a host with a dot, `/`, nothing after.
WEBSITE_RE = re.compile(r"^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+/$")
LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}


def slugify(text: str) -> str:
    """`Coördinatie in de zorg!` -> `coordinatie-in-de-zorg`: a name or an address part."""
    text = "".join(LIGATURES.get(ch, ch) for ch in text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


@dataclass(frozen=True)
class Term:
    key: str
    labels: dict[str, str]
    general: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    #: The value's part of an address, per language (`slug.fr = "salaries"` in the data file;
    #: by default the key in the first language, the label made into an address part in the
    #: others).
    slugs: dict = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("nl") or self.key

    def slug(self, lang: str) -> str:
        return self.slugs.get(lang) or self.key


@dataclass(frozen=True)
class Dimension:
    """One of the six dimensions: the header field that holds it and its taxonomy."""

    key: str
    field: str
    taxonomy: str
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.key


@dataclass
class Taxonomies:
    terms: dict[str, dict[str, Term]]
    dimensions: list[Dimension]
    data: dict[str, dict]
    #: Taxonomies whose data file could not be read as a whole (reported): values written in
    #: content are not checked against them, which would only repeat the one real problem.
    broken: set[str] = field(default_factory=set)

    def get(self, taxonomy: str, key: str) -> Term | None:
        return self.terms.get(taxonomy, {}).get(key)

    def keys(self, taxonomy: str) -> list[str]:
        return list(self.terms.get(taxonomy, {}))

    def label(self, taxonomy: str, key: str, lang: str) -> str:
        term = self.get(taxonomy, key)
        return term.label(lang) if term else key

    def slug(self, taxonomy: str, key: str, lang: str) -> str:
        """A value's part of an address in one language (`werkenden` -> `salaries` in fr)."""
        term = self.get(taxonomy, key)
        return term.slug(lang) if term else key


# -- reading a data file: regular files in content/ only, bounded -------------------------------
MISSING = object()  # an optional data file that is not there


def _restore(rel: str) -> str:
    return msg("restore it from git (`git checkout -- {rel}`)", rel=rel)


def _read_toml(path: Path, rel: str, required: bool, root: Path, problems: list[Problem]):
    """(table, text) of a data file; MISSING for an absent optional file; None when it cannot
    be used (reported)."""
    from . import reader  # reader imports this module

    # A link out of content/ or to nothing, a named pipe, a device, a socket: reported as
    # reader.discover reports it (the same Problem, so a report holds it once), never opened.
    refused = reader._check_link(path, False, path.parent.parent.resolve(), root) or \
        reader._check_kind(path, False, root)
    if refused:
        problems += refused
        return None
    try:
        raw = reader.read_regular(path, data_schema.MAX_BYTES)
    except FileNotFoundError:
        if not required:
            return MISSING
        problems.append(Problem(rel, 0, "", msg("data file is missing"), _restore(rel),
                                code="data-missing-file"))
        return None
    except reader.NotAFile:
        problems.append(
            Problem(
                rel,
                0,
                "",
                msg("is not a file"),
                msg("replace it by the data file: {restore}", restore=_restore(rel)),
                code="data-not-a-file",
            )
        )
        return None
    except OSError as exc:
        problems.append(Problem(rel, 0, "", msg("data file cannot be read "
                                                "({exc_strerror_or_exc})",
                                                exc_strerror_or_exc=exc.strerror or exc),
                                msg("make it a normal, readable file"), code="data-unreadable"))
        return None
    if len(raw) > data_schema.MAX_BYTES:
        size = max(len(raw), path.stat().st_size)
        problems.append(
            Problem(
                rel,
                0,
                "",
                msg(
                    "the file is {size_1024} KiB; the limit is {data_schema_max_bytes_1024} KiB",
                    size_1024=size // 1024,
                    data_schema_max_bytes_1024=data_schema.MAX_BYTES // 1024,
                ),
                msg("a data file holds keys and short labels: remove what does not belong there"),
                code="data-too-large",
            )
        )
        return None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "", msg("file is not UTF-8 text"),
                                msg("save it as UTF-8 in your editor"), code="data-not-utf8"))
        return None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        problems.append(_toml_problem(rel, text, exc))
    return None


def _toml_problem(rel: str, text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    """A syntax error, at its line; a character that is not text (TOML refuses raw control
    characters in strings) is named as in content files."""
    lines = text.split("\n")
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    line, column = (int(match.group(1)), int(match.group(2))) if match else \
        (len(text.rstrip("\n").split("\n")), 0)
    if match and 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        char = lines[line - 1][column - 1]
        if chars.refused(char):
            message, hint = chars.problem_text(char, column)
            return Problem(rel, line, "", message, hint, code=chars.code(char))
    message = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
    if message == "Illegal character '\\n'":
        message = msg("a text is not closed on its line")
    return Problem(rel, line, "", msg("TOML syntax error: {message}", message=message),
                   msg("fix the syntax; every entry looks like `nl = \"Label\"` under a `[key]` "
                       "heading"), code="data-syntax")


# -- where each key is written ------------------------------------------------------------------
_SEGMENT = re.compile(r"[ \t]*([A-Za-z0-9_-]+|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')[ \t]*")


def _unquote(segment: str) -> str:
    if segment.startswith('"'):
        try:
            return tomllib.loads(f"k = {segment}")["k"]
        except tomllib.TOMLDecodeError:
            return segment[1:-1]
    return segment[1:-1] if segment.startswith("'") else segment


def _dotted(line: str, pos: int) -> tuple[tuple[str, ...], int] | None:
    """The dotted key at line[pos:] (`slug.fr`, `"a b".c`) and where it ends."""
    parts = []
    while True:
        match = _SEGMENT.match(line, pos)
        if not match:
            return None
        parts.append(_unquote(match.group(1)))
        pos = match.end()
        if line[pos:pos + 1] != ".":
            return tuple(parts), pos
        pos += 1


def _closes(rest: str, quotes: str) -> bool:
    if quotes == '"""':
        rest = re.sub(r"\\.", "", rest)
    return quotes in rest


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of every table heading and key of a (valid) TOML text, by its full path:
    `("gent",)` -> the line of `[gent]`, `("gent", "slug", "fr")` -> that of `slug.fr = ...`."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    open_quotes = ""
    for number, line in enumerate(text.split("\n"), 1):
        if open_quotes:  # inside a multi-line string
            if _closes(line, open_quotes):
                open_quotes = ""
            continue
        stripped = line.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            parsed = _dotted(stripped, 2 if stripped.startswith("[[") else 1)
            if parsed:
                table = parsed[0]
                for end in range(1, len(table) + 1):
                    found.setdefault(table[:end], number)
            continue
        parsed = _dotted(stripped, 0)
        if not parsed or stripped[parsed[1]:parsed[1] + 1] != "=":
            continue
        path = table + parsed[0]
        for end in range(len(table) + 1, len(path) + 1):
            found.setdefault(path[:end], number)
        rest = stripped[parsed[1] + 1:].lstrip(" \t")
        for quotes in ('"""', "'''"):
            if rest.startswith(quotes) and not _closes(rest[3:], quotes):
                open_quotes = quotes
    return found


# -- checking a file against its schema ---------------------------------------------------------
def _dot(path: tuple[str, ...]) -> str:
    return ".".join(path)


def _heading(path: tuple[str, ...]) -> str:
    return f"[{_dot(path)}]"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return msg("did you mean `{close_0}`? ", close_0=close[0]) if close else ""


def _listed(values) -> str:
    values = list(values)
    return ", ".join(values) if len(values) <= 20 else ", ".join(values[:20]) + ", …"


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _what(value) -> str:
    """How a TOML value reads in a message: text `"twee"`, the number `2`, a table ..."""
    if isinstance(value, str):
        return msg('text `"{value}"`', value=_short(value))
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return msg("the number `{value}`", value=value)
    if isinstance(value, dict):
        return msg("a table")
    if isinstance(value, list):
        return msg("a list")
    return msg("a date or time `{value}`", value=value)


class _Check:
    """The checks of one data file: every problem at the line of the key it is about."""

    def __init__(self, spec: DataFile, rel: str, text: str, langs, problems: list[Problem]):
        self.spec, self.rel, self.text, self.langs, self.problems = spec, rel, text, \
            list(langs), problems
        self.lines = key_lines(text)
        self.text_lines = text.split("\n")

    def line(self, path: tuple[str, ...]) -> int:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1 if self.text.strip() else 0

    def add(self, path: tuple[str, ...], message: str, hint: str, code: str,
            line: int = 0) -> None:
        self.problems.append(Problem(self.rel, line or self.line(path), _dot(path), message,
                                     hint, code=code))

    # -- rows ---------------------------------------------------------------------------------
    def rows(self, table: dict, row: Row, prefix: tuple[str, ...] = ()) -> tuple[dict, bool]:
        """The rows of a table that are tables (checked), and whether every row could be read
        (a key that is not a key, a row that is not a table: values are not checked against
        the taxonomy then)."""
        good: dict[str, dict] = {}
        whole = True
        for key, entry in table.items():
            path = prefix + (key,)
            if not KEY_RE.match(key):
                fixed = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "name"
                self.add(path, msg("key must be lowercase letters, digits and hyphens"),
                         msg("rename it, e.g. `{heading_prefix_fixed}`",
                             heading_prefix_fixed=_heading(prefix + (fixed,))), "data-bad-key")
                whole = False
            if not isinstance(entry, dict):
                what = msg(row.shape, key=_dot(path))
                self.add(path, msg("expected a table {what}", what=what),
                         msg(row.layout, key=_dot(path)), "data-not-a-table")
                whole = False
                continue
            self.row(path, entry, row)
            good[key] = entry
        return good, whole

    def row(self, path: tuple[str, ...], entry: dict, row: Row) -> None:
        allowed = data_schema.allowed_keys(row, self.langs)
        meant: set[str] = set()  # the keys that unknown ones are misspellings of
        for name, value in entry.items():
            key = self.key_for(row, name)
            if key is None:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                meant.update(close)
                self.add(path + (name,), msg("is not a known key"),
                         msg("{suggest_name_allowed}keys of {row_what}: {listed_allowed}",
                             suggest_name_allowed=_suggest(name, allowed), row_what=msg(row.what),
                             listed_allowed=_listed(allowed)),
                         "data-unknown-key")
            else:
                self.value(path + (name,), key, value, name)
        for key in row.keys:
            names = self.langs if key.kind == "labels" else [key.name]
            for name in names:
                if key.required and name not in entry and name not in meant:
                    example = key.example if key.kind != "labels" else "..."
                    self.add(
                        path + (name,),
                        msg("is missing"),
                        msg(
                            "add {self_written_key_name_example} under `{heading_path}`",
                            self_written_key_name_example=self.written(key, name, example, path),
                            heading_path=_heading(path),
                        ),
                        "data-missing-key",
                        line=self.line(path),
                    )
        present = [name for name in row.one_of if name in entry]
        if row.one_of and len(present) != 1 and not (meant & set(row.one_of)):
            ways = " or ".join(self.written(row.key(n), n, row.key(n).example, path)
                               for n in row.one_of)
            if present:
                both = " and ".join(f"`{n}`" for n in present)
                self.add(
                    path + (present[1],),
                    msg("has both {both}", both=both),
                    msg("keep one: {ways}", ways=ways),
                    "data-conflicting-keys",
                )
            else:
                self.add(
                    path,
                    msg(
                        "has none of {join_f_n_for_n_in_row_one_of}",
                        join_f_n_for_n_in_row_one_of=", ".join(f"`{n}`" for n in row.one_of),
                    ),
                    msg("add one: {ways}", ways=ways),
                    "data-missing-key",
                )

    def key_for(self, row: Row, name: str) -> Key | None:
        if name in self.langs:
            return next((k for k in row.keys if k.kind == "labels"), None)
        key = row.key(name)
        return key if key is not None and key.kind != "labels" else None

    @staticmethod
    def written(key: Key, name: str, example: str, row: tuple[str, ...] = ()) -> str:
        if key.kind == "rows":
            return f"`{_heading(row + (name, 'key'))}` tables"
        if key.kind == "slugs":
            return f'`{name}.fr = "{example}"`'
        if key.kind == "texts":
            return msg("`{name}.nl = \"{example}\"` (and fr, en)", name=name, example=example)
        if key.kind in ("integer", "boolean"):
            return f"`{name} = {example}`"
        return f'`{name} = "{example}"`'

    # -- values -------------------------------------------------------------------------------
    def value(self, path: tuple[str, ...], key: Key, value, name: str) -> bool:
        """Check one value against its key; True when it can be used."""
        if not self.right_type(path, key, value, name):
            return False
        if key.kind == "slugs":
            return self.slugs(path, value)
        if key.kind == "texts":
            return self.texts(path, key, value)
        if key.kind == "integer":
            if (key.minimum is not None and value < key.minimum) or \
                    (key.maximum is not None and value > key.maximum):
                self.add(path, msg("`{value}` is not between {key_minimum} and {key_maximum}",
                                   value=value, key_minimum=key.minimum, key_maximum=key.maximum),
                         f"write {key.doc[0].lower() + key.doc[1:].rstrip('.')}, e.g. "
                         f"`{name} = {key.example}`", "data-out-of-range")
                return False
            return True
        if isinstance(value, str):
            return self.text_value(path, key, value, name) and self.word(path, key, value, name)
        return True

    def word(self, path: tuple[str, ...], key: Key, value: str, name: str) -> bool:
        """A `choice` is one of its words; a `website` the https address of a home page."""
        if key.kind == "choice" and value not in key.choices:
            self.add(path, msg("`{short_value}` is not one of: {listed_key_choices}",
                               short_value=_short(value), listed_key_choices=_listed(key.choices)),
                     f"{_suggest(value, key.choices)}write e.g. `{name} = \"{key.example}\"`",
                     "data-unknown-choice")
            return False
        if key.kind == "website" and not WEBSITE_RE.match(value):
            self.add(path, msg("`{short_value}` is not the https address of a home page",
                               short_value=_short(value)),
                     msg("write the home page only, with https and a `/` at the end, e.g. "
                         "`{name} = \"{key_example}\"`; leave the line out when you are not sure",
                         name=name, key_example=key.example),
                     "data-bad-website")
            return False
        return True

    def right_type(self, path: tuple[str, ...], key: Key, value, name: str) -> bool:
        kind = key.kind
        if kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "integer":
            ok = _is_integer(value)
        elif kind in ("slugs", "rows", "texts"):
            ok = isinstance(value, dict)
        else:
            ok = isinstance(value, str)
        if ok:
            return True
        if kind == "integer":
            digits = value.strip() if isinstance(value, str) else ""
            example = digits if digits.isascii() and digits.isdigit() else key.example
            hint, expected = msg("write a number without quotes, e.g. `{name} = {example}`",
                                 name=name, example=example), \
                msg("a whole number")
        elif kind == "boolean":
            hint, expected = (
                msg("write `{name} = true` or leave the line out", name=name),
                msg("`true` or `false`"),
            )
        elif kind == "slugs":
            hint, expected = msg("write `slug.fr = \"...\"` lines under `{heading_path_1}`",
                                 heading_path_1=_heading(path[:-1])), \
                msg("a table of address parts per language")
        elif kind == "texts":
            hint, expected = msg("write `{name}.nl = \"...\"` lines under `{heading_path_1}`",
                                 name=name, heading_path_1=_heading(path[:-1])), \
                msg("a text per language")
        elif kind == "rows":
            hint, expected = (
                msg(
                    "write a `{heading_path_key}` table for each value, with its labels",
                    heading_path_key=_heading(path + ("key",)),
                ),
                msg("a table of values"),
            )
        else:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            example = value if number else "..." if kind == "labels" else key.example
            hint, expected = msg("write it between quotes: `{name} = \"{example}\"`", name=name,
                                 example=example), msg("text")
        self.add(path, msg("is {what_value}, expected {expected}", what_value=_what(value),
                           expected=expected), hint, "data-wrong-type")
        return False

    def texts(self, path: tuple[str, ...], key: Key, given: dict) -> bool:
        """`definition.nl = "..."`: a text per language of the portal (each one, when the key
        is required)."""
        good = True
        for lang, value in given.items():
            name = f"{key.name}.{lang}"
            if lang not in self.langs:
                self.add(path + (lang,), msg("is not a language of the portal"),
                         f"languages: {_listed(self.langs)}", "data-unknown-key")
                good = False
            elif not isinstance(value, str):
                self.add(path + (lang,), msg("is {what_value}, expected text",
                                             what_value=_what(value)),
                         msg("write it between quotes: `{name} = \"{key_example}\"`", name=name,
                             key_example=key.example),
                         "data-wrong-type")
                good = False
            else:
                good = self.text_value(path + (lang,), key, value, name) and good
        for lang in self.langs if key.required else ():
            if lang not in given:
                self.add(path + (lang,), msg("is missing"),
                         msg("add `{key_name}.{lang} = \"...\"` under `{heading_path_1}`",
                             key_name=key.name, lang=lang, heading_path_1=_heading(path[:-1])),
                         "data-missing-key", line=self.line(path))
                good = False
        return good

    def text_value(self, path: tuple[str, ...], key: Key, value: str, name: str) -> bool:
        if not self.printable(path, value):
            return False
        if not value.strip():
            example = "..." if key.kind == "labels" else key.example
            self.add(
                path,
                msg("is empty"),
                msg(
                    "fill it in, e.g. {self_written_key_name_example}",
                    self_written_key_name_example=self.written(key, name, example),
                ),
                "data-empty-value",
            )
            return False
        if key.max_length and len(value) > key.max_length:
            self.add(path, msg("is {len_value} characters long, the limit is {key_max_length}",
                               len_value=len(value), key_max_length=key.max_length),
                     msg("shorten it"), "data-too-long")
            return False
        return True

    def printable(self, path: tuple[str, ...], value: str) -> bool:
        """A text holds printable text only (content_model.text): else a Problem at the line
        and column of the first character refused."""
        found = chars.first_refused(value)
        if not found:
            return True
        index, char = found
        line, column = self.locate(path, value, index, char)
        message, hint = chars.problem_text(char, column)
        self.add(path, message, hint, chars.code(char), line=line)
        return False

    def locate(self, path, value: str, index: int, char: str) -> tuple[int, int]:
        """(line, column) of a value's `index`-th character (from 1) in the file: where it
        stands as it is, else where it is written as an escape (`\\u202E`)."""
        line = self.line(path)
        start = sum(len(row) + 1 for row in self.text_lines[:line - 1]) if line else 0
        at = self.text.find(value[:index], start)
        if at >= 0:
            at += index - 1
        elif (at := self.text.find(char, start)) < 0:  # written as it is, after an escape
            escapes = {"\t": r"\t", "\n": r"\n", "\r": r"\r", "\b": r"\b", "\f": r"\f"}
            pattern = rf"\\u{ord(char):04x}|\\U{ord(char):08x}" + (
                "|" + re.escape(escapes[char]) if char in escapes else "")
            match = re.compile(pattern, re.I).search(self.text, start)
            if not match:
                return line, 1
            at = match.start()
        before = self.text[:at]
        return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1

    def slugs(self, path: tuple[str, ...], given: dict) -> bool:
        ok = True
        for lang, value in given.items():
            where = path + (lang,)
            if lang not in self.langs:
                self.add(where, msg("`{lang}` is not a language of the portal", lang=lang),
                         msg("{suggest_lang_self_langs}write `slug.<lang>` for one of: "
                             "{listed_self_langs}",
                             suggest_lang_self_langs=_suggest(lang, self.langs),
                             listed_self_langs=_listed(self.langs)), "data-unknown-key")
                ok = False
            elif not isinstance(value, str):
                self.add(
                    where,
                    msg("is {what_value}, expected text", what_value=_what(value)),
                    msg('write e.g. `slug.{lang} = "{path_2}"`', lang=lang, path_2=path[-2]),
                    "data-wrong-type",
                )
                ok = False
            elif self.printable(where, value) and not KEY_RE.match(value):
                self.add(where, msg("must be lowercase letters, digits and hyphens"),
                         msg("write e.g. `slug.{lang} = \"{slugify_value_or_path_2}\"`", lang=lang,
                             slugify_value_or_path_2=slugify(value) or path[-2]),
                         "data-bad-slug")
                ok = False
        return ok


def _terms(check: _Check, table: dict, row: Row, prefix: tuple[str, ...] = ()
           ) -> tuple[dict[str, Term], bool]:
    """The terms of one table, and whether every key and entry could be read."""
    rows, whole = check.rows(table, row, prefix)
    langs = check.langs
    terms: dict[str, Term] = {}
    for key, entry in rows.items():
        labels = {lang: entry[lang] for lang in langs if isinstance(entry.get(lang), str)}
        extra = {k: v for k, v in entry.items() if k not in langs and k != "slug"}
        given = entry.get("slug") if isinstance(entry.get("slug"), dict) else {}
        slugs = {}
        for n, lang in enumerate(langs):
            value = given.get(lang)
            value = value if isinstance(value, str) and KEY_RE.match(value) else None
            slugs[lang] = value or (key if n == 0 else slugify(labels.get(lang, "")) or key)
        general = entry.get("general") is True
        terms[key] = Term(key, labels, general, extra, slugs)
    if row.key("slug") is not None:
        _unique_slugs(check, terms, prefix)
    return terms, whole


def _unique_slugs(check: _Check, terms: dict[str, Term], prefix: tuple[str, ...]) -> None:
    """Two values of one taxonomy may not share an address in a language."""
    for lang in check.langs:
        seen: dict[str, str] = {}
        for term in terms.values():
            other = seen.setdefault(term.slug(lang), term.key)
            if other != term.key:
                check.add(
                    prefix + (term.key, "slug", lang),
                    msg(
                        "its {lang} address part `{term_slug_lang}` is also that of `{other}`",
                        lang=lang,
                        term_slug_lang=term.slug(lang),
                        other=other,
                    ),
                    msg(
                        'give it its own: `slug.{lang} = "..."` under `{heading_prefix_term_key}`',
                        lang=lang,
                        heading_prefix_term_key=_heading(prefix + (term.key,)),
                    ),
                    "data-duplicate-address",
                )


# -- loading every data file --------------------------------------------------------------------
def load_taxonomies(data_dir: Path, langs, root: Path | None = None):
    """Load and check every data file. Returns (Taxonomies, problems)."""
    problems: list[Problem] = []
    data_dir = Path(data_dir)
    root = root or data_dir.parent.parent
    langs = list(langs)
    terms: dict[str, dict[str, Term]] = {}
    broken: set[str] = set()
    data: dict[str, dict] = {}
    dimensions: list[Dimension] = []
    checks: list[tuple[_Check, dict]] = []
    folder_ok = _folder(data_dir, root, problems)
    if folder_ok:
        _unknown_files(data_dir, root, problems)

    for spec in data_schema.FILES:
        rel = (data_dir / f"{spec.name}.toml").relative_to(root).as_posix()
        read = _read_toml(data_dir / f"{spec.name}.toml", rel, spec.required, root,
                          problems) if folder_ok else None
        if read is MISSING:
            data[spec.name] = {}
            if spec.role == "taxonomy":
                terms[spec.name] = {}  # an optional register that is not there: no values
            continue
        table, text = read or ({}, "")
        check = _Check(spec, rel, text, langs, problems)
        if spec.role == "taxonomy":
            terms[spec.name], whole = _terms(check, table, spec.row)
            if read is not None and whole and not terms[spec.name]:
                problems.append(Problem(rel, 0, "", msg("holds no values: every item that names "
                                                        "one of its values would be refused"),
                                        msg("restore it from git (`git checkout -- {rel}`)",
                                            rel=rel),
                                        code="data-no-values"))
                whole = False
            if read is None or not whole:
                broken.add(spec.name)
        elif spec.role == "dimensions":
            dimensions = _dimensions(check, table, terms, broken)
            if read is None:
                broken.update(_inline_taxonomies())
        else:
            rows, whole = check.rows(table, spec.row)
            data[spec.name] = table if read else {}
            if read is None or not whole:
                broken.add(spec.name)
        checks.append((check, table))
    for check, table in checks:
        _references(check, table, check.spec.row, terms, broken)
    return Taxonomies(terms, dimensions, data, broken), problems


def _folder(data_dir: Path, root: Path, problems: list[Problem]) -> bool:
    """Whether the data files can be read from content/_data/: not when it is a link out of
    content/ (reported as reader.discover reports it), or not a folder."""
    from . import reader

    refused = reader._check_link(data_dir, True, data_dir.parent.resolve(), root) or \
        reader._check_kind(data_dir, False, root)
    if refused:
        problems += refused
        return False
    if data_dir.exists() and not data_dir.is_dir():
        rel = data_dir.relative_to(root).as_posix()
        problems.append(Problem(rel, 0, "", msg("is not a folder"),
                                msg("it holds the data files: {restore}", restore=_restore(rel)),
                                code="data-not-a-folder"))
        return False
    return True


def _unknown_files(data_dir: Path, root: Path, problems: list[Problem]) -> None:
    """A `.toml` file the schema does not declare (`key-figure.toml`) would be ignored."""
    from . import reader

    try:
        names = sorted(os.listdir(data_dir))
    except OSError:
        return  # no folder: each data file is reported missing
    known = [f"{spec.name}.toml" for spec in data_schema.FILES]
    for name in names:
        if name.endswith(".toml") and name not in known and not reader.ignored(name):
            problems.append(Problem((data_dir / name).relative_to(root).as_posix(), 0, "",
                                    msg("is not a data file of the portal"),
                                    msg("{suggest_name_known}rename it to one of: "
                                        "{listed_known}, or delete it",
                                        suggest_name_known=_suggest(name, known),
                                        listed_known=_listed(known)),
                                    code="data-unknown-file"))


def _dimensions(check: _Check, table: dict, terms, broken) -> list[Dimension]:
    """The six dimensions; four hold their values inline (added to `terms`)."""
    from . import schema

    rows, _ = check.rows(table, check.spec.row)
    broken.update(key for key in table if key not in rows)
    dimensions: list[Dimension] = []
    for key, entry in rows.items():
        path = (key,)
        labels = {lang: entry[lang] if isinstance(entry.get(lang), str) else key
                  for lang in check.langs}
        source = entry.get("values_from")
        source = source if isinstance(source, str) and source else key
        values = entry.get("values")
        if isinstance(values, dict):
            terms[key], whole = _terms(check, values, data_schema.TERM, path + ("values",))
            if not whole:
                broken.add(key)
        elif "values_from" not in entry:
            broken.add(key)  # no values at all (reported): items are not checked against it
        #: Which taxonomy the values are: a wrong `values_from` is reported on its own.
        known = isinstance(values, dict) or source in TAXONOMY_FILES
        name = entry.get("field")
        fld = schema.field(name) if isinstance(name, str) and name.strip() else None
        if known and isinstance(name, str) and name.strip() and not chars.first_refused(name):
            options = [f.name for f in schema.FIELDS if f.taxonomy]
            if fld is None or not fld.taxonomy:
                check.add(path + ("field",), msg("`{name}` is not a header field that holds "
                                                 "values", name=name),
                          f"{_suggest(name, options)}fields: {_listed(options)}",
                          "data-unknown-reference")
            elif fld.taxonomy != source:
                check.add(path + ("field",), msg("`{fld_name}` holds the values of "
                                                 "`{fld_taxonomy}`, not of `{source}`",
                                                 fld_name=fld.name, fld_taxonomy=fld.taxonomy,
                                                 source=source),
                          msg("name the field of this dimension, or correct `values_from`"),
                          "data-unknown-reference")
        dimensions.append(Dimension(key, fld.name if fld else str(name or key), source, labels))
    return dimensions


def _references(check: _Check, table: dict, row: Row, terms, broken,
                prefix: tuple[str, ...] = ()) -> None:
    """Keys that name a row of another data file (`source`), or a data file (`values_from`):
    checked once every file is loaded, unless the other file is broken (reported)."""
    for key, entry in table.items():
        if not isinstance(entry, dict) or not KEY_RE.match(key):
            continue
        path = prefix + (key,)
        for spec in row.keys:
            value = entry.get(spec.name)
            if spec.kind == "rows" and isinstance(value, dict):
                _references(check, value, spec.row, terms, broken, path + (spec.name,))
            if not isinstance(value, str) or not value.strip() or chars.first_refused(value):
                continue
            if spec.kind == "reference" and spec.refers_to not in broken:
                allowed = list(terms.get(spec.refers_to, {}))
                if value not in allowed:
                    check.add(path + (spec.name,),
                              msg("`{value}` is not a key of {spec_refers_to}.toml", value=value,
                                  spec_refers_to=spec.refers_to),
                              msg("{suggest_value_allowed}keys there: {listed_allowed}",
                                  suggest_value_allowed=_suggest(value, allowed),
                                  listed_allowed=_listed(allowed)),
                              "data-unknown-reference")
            elif spec.kind == "file" and value not in TAXONOMY_FILES:
                check.add(
                    path + (spec.name,),
                    msg("`{value}` names no data file", value=value),
                    msg(
                        "{suggest_value_taxonomy_files}give the dimension "
                        "`[{key}.values.*]` tables or name one of: "
                        "{listed_taxonomy_files}",
                        suggest_value_taxonomy_files=_suggest(value, TAXONOMY_FILES),
                        key=key,
                        listed_taxonomy_files=_listed(TAXONOMY_FILES),
                    ),
                    "data-unknown-reference",
                )


def _inline_taxonomies() -> set[str]:
    """Taxonomies the schema names that have no data file of their own (dimensions.toml)."""
    from . import schema

    return {f.taxonomy for f in schema.FIELDS if f.taxonomy} - set(TAXONOMY_FILES)
