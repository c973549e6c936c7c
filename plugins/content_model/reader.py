"""Read one content file: its metadata header (with line numbers) and its Markdown body.

The header is Pelican's standard Markdown metadata: `Field: value` lines, optionally between
`---` lines, ended by a blank line. Values are checked and converted against the schema; every
problem is reported with its line, never raised.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import bounds, organisations, schema, upkeep
from . import text as chars
from .errors import Problem
from .messages import a_type, example, msg
from .taxonomy import KEY_RE, Taxonomies, slugify

MAX_BYTES = 512 * 1024
#: A file name or an address (`Slug:`): one part of a web address, well under what file
#: systems allow (255 bytes) with room for the folders and the language.
MAX_NAME = 80
#: Dates the portal can mean: a typo such as 1026 or 2206 is refused, and feeds never get
#: a date before the time zones of today (Brussels kept local mean time until 1892).
DATE_YEARS = (1990, 2100)
#: The folder of content/ whose files are published as they are: static.py checks it, entry
#: by entry (`discover` leaves it alone).
STATIC_FOLDER = "images"
META_RE = re.compile(r"^[ ]{0,3}([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$")
CONT_RE = re.compile(r"^[ ]{4,}(\S.*)$")
DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")  # ASCII digits only


@dataclass
class Item:
    """One content file, its metadata converted to Python values."""

    path: str  # relative to the project root, with forward slashes
    type: str
    lang: str
    name: str  # the last segment of the item's URL: its `Slug:`, else the file name
    meta: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    digest: str
    extra: dict[str, Any] = field(default_factory=dict)  # filled by later build steps

    def __getattr__(self, key: str) -> Any:
        # item.title, item.audiences, item.target_groups ... (None when absent)
        meta = self.__dict__.get("meta")
        if meta is None or key.startswith("__"):
            raise AttributeError(key)
        if key in meta:
            return meta[key]
        fld = schema.FIELDS_BY_KEY.get(key)
        if fld is not None:
            return [] if fld.is_list else None
        raise AttributeError(key)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.lang, self.meta.get("slug", ""))

    @property
    def ident(self) -> str:
        """`type:slug:lang`: the item's identity in the markup (`data-item` on every card)."""
        return f"{self.type}:{self.meta.get('slug', '')}:{self.lang}"

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


class NotAFile(OSError):
    """A path that is not a regular file (a named pipe, a device, a socket, a folder)."""


def read_regular(path: Path, limit: int, follow: bool = True) -> bytes:
    """At most `limit` + 1 bytes of `path`, read only when it is a regular file: opened
    without waiting (a named pipe put there meanwhile cannot block), checked on the open file
    (no race between a check and the read); with `follow` False, a link is not followed."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags if follow else flags | os.O_NOFOLLOW)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFile(f"{path} is not a file")
        parts, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - size))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def decode(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """Bytes to text: UTF-8 (a byte-order mark is dropped), Windows line endings accepted."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "", msg("the file is not UTF-8 text (byte "
                                                   "{raw_exc_start:#04x})",
                                                   raw_exc_start=raw[exc.start]),
                                msg("save the file as UTF-8 in your editor"), code="not-utf8"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_header(text: str, rel: str, problems: list[Problem]):
    """Return ([(line, name, value)], body, body_line). Lines that are not `Field: value`
    are reported only when the file has a header at all (else: "no metadata header")."""
    lines = text.split("\n")
    malformed: list[Problem] = []
    entries: list[list] = []
    i = 0
    fenced = lines and lines[0].strip() == "---"
    if fenced:
        i = 1
    while i < len(lines):
        line = lines[i]
        if fenced and line.strip() in ("---", "..."):
            i += 1
            break
        if not line.strip():
            break
        match = META_RE.match(line)
        cont = CONT_RE.match(line)
        if match:
            entries.append([i + 1, match.group(1), match.group(2).strip()])
        elif cont and entries:
            entries[-1][2] = (entries[-1][2] + " " + cont.group(1).strip()).strip()
        else:
            malformed.append(Problem(rel, i + 1, "", msg("this header line is not `Field: value`: "
                                                         "{shorten_line_strip!r}",
                                                         shorten_line_strip=_shorten(line.strip())),
                                    msg("write `Field: value`, or leave a blank line between "
                                        "the header and the text"), code="header-line"))
        i += 1
    if entries:
        problems += malformed
    while i < len(lines) and not lines[i].strip():
        i += 1
    return [tuple(e) for e in entries], "\n".join(lines[i:]), i + 1


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return msg("did you mean `{close_0}`? ", close_0=close[0]) if close else ""


def _allowed(values) -> str:
    values = list(values)
    return ", ".join(values) if len(values) <= 20 else ", ".join(values[:20]) + ", …"


def convert(fld: schema.Field, raw: str, taxonomies: Taxonomies, langs, rel: str, line: int,
            problems: list[Problem]) -> Any:
    """Check and convert one raw header value; report problems; return None when unusable."""

    def bad(message: str, hint: str, code: str) -> None:
        problems.append(Problem(rel, line, fld.name, message, hint, code=code))

    if fld.kind in ("text", "slug", "lang", "type", "choice", "date", "term") and "\n" in raw:
        raw = raw.replace("\n", " ")
    if fld.kind == "text":
        if fld.max_length and len(raw) > fld.max_length:
            bad(msg("is {len_raw} characters long, the limit is {fld_max_length}",
                    len_raw=len(raw), fld_max_length=fld.max_length),
                msg("shorten it"), code="too-long")
        return raw
    if fld.kind == "slug":
        if len(raw) > MAX_NAME:
            bad(
                msg(
                    "is {len_raw} characters long, the limit is {max_name}",
                    len_raw=len(raw),
                    max_name=MAX_NAME,
                ),
                msg("shorten it: it is the last part of the page's web address"),
                code="slug-too-long",
            )
            return None
        if not KEY_RE.match(raw):
            bad(msg("`{raw}` is not a valid slug", raw=raw),
                msg("use lowercase letters, digits and hyphens, e.g. `loopbaanbegeleiding`"),
                code="slug-invalid")
            return None
        return raw
    if fld.kind == "lang":
        if raw not in langs:
            bad(
                msg("`{raw}` is not a language of the portal", raw=raw),
                msg("use one of: {allowed_langs}", allowed_langs=_allowed(langs)),
                code="lang-unknown",
            )
            return None
        return raw
    if fld.kind == "type":
        if raw not in schema.TYPES:
            bad(msg("`{raw}` is not a content type", raw=raw),
                msg("{suggest_raw_schema_types}use one of: {allowed_schema_types}",
                    suggest_raw_schema_types=_suggest(raw, schema.TYPES),
                    allowed_schema_types=_allowed(schema.TYPES)),
                code="type-unknown")
            return None
        return raw
    if fld.kind == "choice":
        if raw not in fld.choices:
            bad(msg("`{raw}` is not allowed", raw=raw),
                msg("{suggest_raw_fld_choices}use one of: {allowed_fld_choices}",
                    suggest_raw_fld_choices=_suggest(raw, fld.choices),
                    allowed_fld_choices=_allowed(fld.choices)),
                code="value-not-allowed")
            return None
        return raw
    if fld.kind == "date":
        return _date(raw, bad)
    if fld.kind == "change":  # `Changed: 2026-11-02 — what changed` (upkeep.py)
        return upkeep.change(raw, bad, _date)
    if fld.kind == "term":
        if "," in raw:
            bad(
                msg("takes exactly one value"), msg("keep one of the values"), code="one-value-only"
            )
            return None
        found = _terms(fld, [raw], taxonomies, bad)
        return found[0] if found else None
    values = [v.strip() for v in raw.split(",")]
    if any(not v for v in values):
        bad(
            msg("has an empty value in the list"),
            msg(
                "separate values with one comma each, e.g. `{fld_example}`", fld_example=fld.example
            ),
            code="empty-list-value",
        )
        values = [v for v in values if v]
    if len(set(values)) != len(values):
        bad(msg("names the same value twice"), msg("keep each value once"), code="repeated-value")
        values = list(dict.fromkeys(values))
    if fld.kind == "refs":
        wrong = [v for v in values if not KEY_RE.match(v)]
        for v in wrong:
            bad(
                msg("`{v}` is not an item's name", v=v),
                msg(
                    "write the other item's file name without .md, e.g. `{fld_example_split_0}`",
                    fld_example_split_0=fld.example.split(",")[0],
                ),
                code="ref-invalid",
            )
        return [v for v in values if v not in wrong]
    return _terms(fld, values, taxonomies, bad)


def _date(raw: str, bad) -> dt.date | None:
    match = DATE_RE.match(raw)
    if not match:
        bad(
            msg("`{raw}` is not a date in the form YYYY-MM-DD", raw=raw),
            msg("write it like `2026-11-20`"),
            code="date-format",
        )
        return None
    try:
        value = dt.date(*map(int, match.groups()))
    except ValueError:
        bad(
            msg("`{raw}` does not exist in the calendar", raw=raw),
            msg("check the day and the month"),
            code="date-impossible",
        )
        return None
    if not DATE_YEARS[0] <= value.year <= DATE_YEARS[1]:
        bad(msg("`{raw}` is not a year the portal can mean ({date_years_0} to {date_years_1})",
                raw=raw, date_years_0=DATE_YEARS[0], date_years_1=DATE_YEARS[1]),
            msg("check the year"), code="date-out-of-range")
        return None
    return value


def _terms(fld, values, taxonomies: Taxonomies, bad) -> list:
    if fld.taxonomy in taxonomies.broken:
        return values  # its data file is reported; checking against it would only add noise
    allowed = taxonomies.keys(fld.taxonomy)
    good = []
    for value in values:
        if value in allowed:
            good.append(value)
        else:
            bad(msg("`{value}` is not an allowed value", value=value),
                msg("{suggest_value_allowed}allowed values: {allowed_allowed} (defined in "
                    "content/_data/)",
                    suggest_value_allowed=_suggest(value, allowed),
                    allowed_allowed=_allowed(allowed)), code="term-unknown")
    return good


def read_file(path: Path, root: Path, content_dir: Path, taxonomies: Taxonomies, langs,
              problems: list[Problem]) -> Item | None:
    """Read and check one file. Problems go into `problems`; returns None if unusable."""
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, 0, "", msg("cannot be read ({exc_strerror_or_exc})",
                                                exc_strerror_or_exc=exc.strerror or exc),
                                msg("check that the file exists and is a normal file (a link "
                                    "must point to an existing file in content/)"),
                                code="file-unreadable"))
        return None
    if len(raw) > MAX_BYTES:
        problems.append(
            Problem(
                rel,
                0,
                "",
                msg(
                    "the file is {len_raw_1024} KiB; the limit is {max_bytes_1024} KiB",
                    len_raw_1024=len(raw) // 1024,
                    max_bytes_1024=MAX_BYTES // 1024,
                ),
                msg("split it into several items"),
                code="file-too-large",
            )
        )
        return None
    text = decode(raw, rel, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(
                rel,
                1,
                "",
                msg("the file is empty"),
                msg("start from `invoke new`, or delete the file"),
                code="file-empty",
            )
        )
        return None
    entries, body, body_line = split_header(text, rel, problems)
    if not entries:
        problems.append(Problem(rel, 1, "", msg("the file has no metadata header"),
                                msg("start the file with `Title: ...`, `Lang: ...` lines (see "
                                    "docs/authors/fields.md)"), code="header-missing"))
        return None
    header_problems = _header_characters(text, body_line, rel)
    problems += header_problems
    body_problems = bounds.body_problems(body, body_line, rel)
    problems += body_problems
    if any(p.code in bounds.OVER for p in body_problems):
        body = ""  # over a bound: never converted (the build stops on the problem anyway)
    meta, lines, empty = _read_meta(entries, rel, taxonomies, langs, problems)
    if KEY_RE.match(path.stem):
        meta["slug"] = path.stem  # the item's name, shared by its translations
    item = Item(rel, meta.get("type") or "", meta.get("lang") or "",
                meta.get("address") or path.stem, meta, lines, body, body_line,
                hashlib.sha256(raw).hexdigest(), {"empty": empty})
    _check_place(item, path, content_dir, rel, problems)
    _check_fields(item, rel, taxonomies, problems)
    _check_address(item, langs, problems)
    problems += organisations.check(item, taxonomies)  # `{org}key` names the register's
    return item


def _header_characters(text: str, body_line: int, rel: str) -> list[Problem]:
    """Refused characters in the header's lines (the field names and values; spaces and
    tabs around them are layout): one problem per line, with its column."""
    problems = []
    for number, line in enumerate(text.split("\n")[:body_line - 1], 1):
        value = line.rstrip(" \t")
        found = chars.first_refused(value.lstrip(" \t"))
        if not found:
            continue
        column = found[0] + len(value) - len(value.lstrip(" \t"))
        match = META_RE.match(line)
        name = match.group(1) if match and found[0] > len(match.group(1)) else ""
        message, hint = chars.problem_text(found[1], column)
        problems.append(Problem(rel, number, name, message, hint, code=chars.code(found[1])))
    return problems


def _read_meta(entries, rel, taxonomies, langs, problems):
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    empty: set[str] = set()
    type_hint = next((v for _, n, v in entries if n.lower() == "type"), "")
    for line, name, value in entries:
        fld = schema.field(name)
        if fld is None:
            options = [f.name for f in schema.fields_for(type_hint)] or \
                [f.name for f in schema.FIELDS]
            problems.append(Problem(rel, line, name, msg("is not a known field"),
                                    msg("{suggest_name_options}fields for this type: "
                                        "{join_options}",
                                        suggest_name_options=_suggest(name, options),
                                        join_options=', '.join(options)), code="field-unknown"))
            continue
        if fld.key in lines:
            problems.append(
                Problem(
                    rel,
                    line,
                    fld.name,
                    msg("appears twice in the header"),
                    msg(
                        "keep one `{fld_name}:` line (the other is on line {lines_fld_key})",
                        fld_name=fld.name,
                        lines_fld_key=lines[fld.key],
                    ),
                    code="field-twice",
                )
            )
            continue
        lines[fld.key] = line
        if not value:
            empty.add(fld.key)  # reported below when the field is required
            continue
        converted = convert(fld, value, taxonomies, langs, rel, line, problems)
        if converted is not None and converted != []:
            meta[fld.key] = converted
    return meta, lines, empty


def _check_place(item: Item, path: Path, content_dir: Path, rel: str, problems) -> None:
    parts = path.relative_to(content_dir).parts
    folder, lang = (parts[0], parts[1]) if len(parts) == 3 else ("", "")
    if len(path.stem) > MAX_NAME:
        problems.append(
            Problem(
                rel,
                0,
                "",
                msg(
                    "the file name is {len_path_stem} characters long, the limit is {max_name}",
                    len_path_stem=len(path.stem),
                    max_name=MAX_NAME,
                ),
                msg("give the file a shorter name (it is the item's name in links and addresses)"),
                code="file-name-too-long",
            )
        )
    if not KEY_RE.match(path.stem):
        problems.append(Problem(rel, 0, "", msg("the file name may only hold lowercase "
                                                "letters, digits and hyphens"),
                                msg("rename it to `{clean_name_path_stem}.md`",
                                    clean_name_path_stem=_clean_name(path.stem)), code="file-name"))
    if item.type and schema.TYPES.get(item.type) != folder:
        problems.append(Problem(rel, item.line("type"), "Type",
                                msg("`{item_type}` files belong in "
                                    "content/{schema_types_item_type}/",
                                    item_type=item.type,
                                    schema_types_item_type=schema.TYPES[item.type]),
                                msg("move the file or correct the Type"), code="type-wrong-folder"))
        _forget(item, "type")  # its fields are checked once the Type and folder agree
    if item.lang and lang != item.lang:
        problems.append(Problem(rel, item.line("lang"), "Lang",
                                msg("says `{item_lang}` but the file is in the `{lang}` folder",
                                    item_lang=item.lang, lang=lang),
                                msg("move the file to the folder of its language or correct "
                                    "Lang"),
                                code="lang-wrong-folder"))
        _forget(item, "lang")  # not compared with other languages until it is settled


def _forget(item: Item, key: str) -> None:
    """Drop a value already reported as wrong, so later checks do not build on it."""
    item.meta.pop(key, None)
    if key in ("type", "lang"):
        setattr(item, key, "")


def _clean_name(name: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return name or "item"


def _check_fields(item: Item, rel: str, taxonomies: Taxonomies, problems) -> None:
    if item.type not in schema.TYPES:
        if "type" not in item.lines:
            problems.append(Problem(rel, 1, "Type", msg("is missing"),
                                    msg("add `Type: ...` with one of: {allowed_schema_types}",
                                        allowed_schema_types=_allowed(schema.TYPES)),
                                    code="field-missing"))
        return
    allowed = schema.fields_for(item.type)
    for key, line in item.lines.items():
        fld = schema.FIELDS_BY_KEY[key]
        if fld not in allowed:
            problems.append(Problem(rel, line, fld.name, msg("is not used on {item_type}",
                                                             item_type=a_type(item.type)),
                                    msg("remove the line"), code="field-not-for-type"))
    for fld in allowed:
        if not fld.required or fld.key in item.meta:
            continue
        if fld.key not in item.lines:
            problems.append(Problem(rel, 1, fld.name, msg("is missing"),
                                    msg("add `{fld_name}: {fld_example}` to the header",
                                        fld_name=fld.name, fld_example=example(fld, item.lang)),
                                    code="field-missing"))
        elif fld.key in item.extra["empty"]:
            problems.append(Problem(rel, item.line(fld.key), fld.name, msg("is empty"),
                                    msg("fill it in, e.g. `{fld_name}: {fld_example}`",
                                        fld_name=fld.name, fld_example=example(fld, item.lang)),
                                    code="field-empty"))
    _check_special(item, rel, taxonomies, problems)


def _check_address(item: Item, langs, problems) -> None:
    """A translation whose address would be the (Dutch) file name is told to give its own."""
    default = langs[0] if langs else ""
    if item.lang in ("", default) or "address" in item.meta or item.meta.get("template") == "home":
        return
    if not schema.FIELDS_BY_KEY["address"].applies_to(item.type):
        return
    example = slugify(item.meta.get("title") or "") or "..."
    problems.append(Problem(item.path, item.line("address") if "address" in item.lines else 1,
                            "Slug", msg("is empty: the address of this page would be the file "
                                        "name `{item_name}`, the name of the {default} item",
                                        item_name=item.name, default=default),
                            msg("give it an address in its own language, e.g. `Slug: {example}`",
                                example=example),
                            "warning", code="address-missing"))


def _check_special(item: Item, rel: str, taxonomies: Taxonomies, problems) -> None:
    _check_dates(item, rel, problems)
    upkeep.check_dates(item.meta, item.line, rel, problems, Problem)
    groups = item.meta.get("target_groups") or []
    if "algemeen" in groups and len(groups) > 1:
        problems.append(Problem(rel, item.line("target_groups"), "Target-Groups",
                                msg("`algemeen` (everyone) cannot be combined with specific "
                                    "groups"),
                                msg("keep `algemeen` alone, or list only the specific groups"),
                                code="target-groups-general"))
    if item.type == "hub" and item.meta.get("taxonomy") and item.meta.get("term"):
        tax, term = item.meta["taxonomy"], item.meta["term"]
        if term not in taxonomies.keys(tax) and tax not in taxonomies.broken:
            problems.append(
                Problem(
                    rel,
                    item.line("term"),
                    "Term",
                    msg("`{term}` is not a value of {tax}", term=term, tax=tax),
                    msg(
                        "{suggest_term_taxonomies_keys_t}allowed values: "
                        "{allowed_taxonomies_keys_tax}",
                        suggest_term_taxonomies_keys_t=_suggest(term, taxonomies.keys(tax)),
                        allowed_taxonomies_keys_tax=_allowed(taxonomies.keys(tax)),
                    ),
                    code="term-unknown",
                )
            )
            _forget(item, "term")


def _check_dates(item: Item, rel: str, problems) -> None:
    """Dates that contradict each other: a change before the publication, an end before it."""
    date = item.meta.get("date")
    if not date:
        return
    for key, name, what in (("modified", "Modified", msg("the last change")),
                            ("expires", "Expires", msg("the end of publication"))):
        other = item.meta.get(key)
        if other and other < date:
            problems.append(Problem(rel, item.line(key), name,
                                    msg("{what} ({other_isoformat}) is before the publication "
                                        "date (Date: {date_isoformat})",
                                        what=what, other_isoformat=other.isoformat(),
                                        date_isoformat=date.isoformat()),
                                    msg("correct one of the two dates: {name} is on or after "
                                        "Date", name=name),
                                    code="date-order"))


#: Files of other programs (operating systems, editors) that are never read nor refused.
SYSTEM_FILES = {"Thumbs.db", "desktop.ini"}
EDITOR_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".bak", ".tmp", ".orig", ".part")


def ignored(name: str) -> bool:
    """Hidden files and folders (and editors' lock files, `.#name`, often a link to
    nothing), editors' temporary and backup files, operating systems' files."""
    return name.startswith(".") or name.endswith(EDITOR_SUFFIXES) or name in SYSTEM_FILES \
        or (len(name) > 1 and name.startswith("#") and name.endswith("#"))


def _md_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{_clean_name(stem)}.md"


def discover(content_dir: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """Every Markdown file under the type folders, sorted; stray or unsafe files reported.

    No link anywhere under content/ (data files too) may lead out of it or to nothing, and
    nothing may be a named pipe, a device or a socket (never opened: reading a named pipe
    would wait forever). content/images/ is checked by static.scan, with stricter rules."""
    found: list[Path] = []
    real_content = content_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        base = Path(dirpath)
        dirnames.sort()
        if base == content_dir:  # content/images/, whatever it is: static.scan checks it
            dirnames[:] = [d for d in dirnames if d != STATIC_FOLDER]
            filenames = [f for f in filenames if f != STATIC_FOLDER]
        dirnames[:] = [d for d in dirnames if not ignored(d)]
        filenames = [f for f in filenames if not ignored(f)]
        for name in dirnames + sorted(filenames):
            problems += _check_link(base / name, name in dirnames, real_content, root) or \
                _check_kind(base / name, name in dirnames, root)
        if any(part.startswith("_") for part in base.relative_to(content_dir).parts):
            continue  # _data/, _drafts/ ...: no items there (their links are checked above)
        for name in sorted(filenames):
            path = base / name
            if not name.endswith((".md", ".markdown")):
                if not (_check_link(path, False, real_content, root)
                        or _check_kind(path, False, root)):
                    problems.append(
                        Problem(
                            path.relative_to(root).as_posix(),
                            0,
                            "",
                            msg("is not a Markdown file (`.md`), so it is not published"),
                            msg(
                                "rename it to `{md_name_name}`, or move it out of content/",
                                md_name_name=_md_name(name),
                            ),
                            code="file-not-markdown",
                        )
                    )
                continue
            if not name.endswith((".md", ".markdown")) or \
                    _check_link(path, False, real_content, root) or \
                    _check_kind(path, False, root):
                continue  # a link out of content/ or to nothing, a named pipe: reported above
            if _in_type_folder(path, content_dir, root, problems):
                found.append(path)
    return found


def _check_link(path: Path, is_dir: bool, real_content: Path, root: Path) -> list[Problem]:
    if not path.is_symlink():
        return []
    rel, kind = path.relative_to(root).as_posix(), msg("folder") if is_dir else msg("file")
    if not _inside(Path(os.path.realpath(path)), real_content):  # realpath: loops do not raise
        return [Problem(rel, 0, "", msg("is a link to a {kind} outside content/", kind=kind),
                        msg("copy the {kind} into content/ instead of linking it", kind=kind),
                        code="link-outside")]
    if not path.exists():
        return [Problem(rel, 0, "", msg("is a link that leads nowhere"),
                        msg("delete the link, or make it point to an existing file in content/"),
                        code="link-nowhere")]
    return []


def special_kind(path: Path) -> str:
    """`named pipe (FIFO)`, `device` or `socket`; "" for a file, a folder or a link (the
    path itself, not where a link leads)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else ""


def _check_kind(path: Path, is_dir: bool, root: Path) -> list[Problem]:
    """A named pipe, a device or a socket (or a link to one) in content/: never opened."""
    if is_dir:
        return []
    kind = special_kind(Path(os.path.realpath(path)) if path.is_symlink() else path)
    if not kind:
        return []
    what = (
        msg("is a link to a {kind}", kind=kind)
        if path.is_symlink()
        else msg("is a {kind}, not a file", kind=kind)
    )
    return [Problem(path.relative_to(root).as_posix(), 0, "", what,
                    msg("delete it: content/ holds files and folders only"), code="special-file")]


def _in_type_folder(path: Path, content_dir: Path, root: Path, problems) -> bool:
    parts = path.relative_to(content_dir).parts
    if len(parts) == 3 and parts[0] in schema.TYPES.values():
        return True
    problems.append(
        Problem(
            path.relative_to(root).as_posix(),
            0,
            "",
            msg("is not in a content folder"),
            msg(
                "put it in content/<type>/<lang>/, where type is one of: "
                "{join_schema_types_values}",
                join_schema_types_values=", ".join(schema.TYPES.values()),
            ),
            code="file-outside-folders",
        )
    )
    return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False
