"""Taxonomies: the allowed values of classified fields, with their labels in every language.

They live once, in content/_data/*.toml. This module loads them and reports every problem
in them (syntax errors with their line, missing labels) as Problems.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem

#: Data files holding one taxonomy each (file stem = taxonomy name).
TAXONOMY_FILES = ("audiences", "sectors", "regions", "levels", "parties", "target-groups",
                  "story-kinds", "sources")
#: The file that declares the six dimensions (four hold their values inline).
DIMENSIONS_FILE = "dimensions"
#: Other data files: loaded as plain tables for templates.
DATA_FILES = ("key-figures",)

KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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


def _toml_problem(path: str, exc: tomllib.TOMLDecodeError) -> Problem:
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    line = int(match.group(1)) if match else 0
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    return Problem(path, line, "", f"TOML syntax error: {message}",
                   "fix the syntax; every entry looks like `nl = \"Label\"` under a "
                   "`[key]` heading")


def _read_toml(path: Path, rel: str, problems: list[Problem]) -> tuple[dict, str] | None:
    """(table, text) of a data file, or None when it cannot be used (reported)."""
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        return tomllib.loads(text), text
    except FileNotFoundError:
        problems.append(Problem(rel, 0, "", "data file is missing",
                                "restore it from git (`git checkout -- " + rel + "`)"))
    except OSError as exc:
        problems.append(Problem(rel, 0, "", f"data file cannot be read ({exc.strerror or exc})",
                                "make it a normal, readable file"))
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "", "file is not UTF-8 text",
                                "save it as UTF-8 in your editor"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(_toml_problem(rel, exc))
    return None


def _key_line(text: str, key: str) -> int:
    """The line of `[key]` (or `[dimension.values.key]`), else of a plain `key = ...`."""
    lines = text.splitlines()
    for pattern in (rf"\s*\[(?:[\w-]+\.values\.)?{re.escape(key)}\]", rf"{re.escape(key)}\s*="):
        for number, line in enumerate(lines, 1):
            if re.match(pattern, line):
                return number
    return 0


def _terms(table: dict, rel: str, text: str, langs, problems) -> tuple[dict[str, Term], bool]:
    """The terms of one table, and whether every key and entry could be read."""
    terms: dict[str, Term] = {}
    whole = True
    for key, entry in table.items():
        line = _key_line(text, key)
        if not KEY_RE.match(key):
            fixed = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "sector-fund"
            problems.append(Problem(rel, line, key, "key must be lowercase letters, digits "
                                    "and hyphens", f"rename it, e.g. `[{fixed}]`"))
            whole = False
        if not isinstance(entry, dict):
            problems.append(Problem(rel, line, key, "expected a table of labels",
                                    f"write `[{key}]` followed by `nl = \"...\"` lines"))
            whole = False
            continue
        labels = {lang: entry.get(lang) for lang in langs if isinstance(entry.get(lang), str)}
        for lang in langs:
            if not labels.get(lang, "").strip():
                problems.append(Problem(rel, line, key, f"no `{lang}` label",
                                        f"add `{lang} = \"...\"` under `[{key}]`"))
        extra = {k: v for k, v in entry.items() if k not in langs and k != "slug"}
        slugs = _slugs(key, entry.get("slug"), labels, langs, rel, line, problems)
        terms[key] = Term(key, labels, bool(entry.get("general", False)), extra, slugs)
    _unique_slugs(terms, rel, text, langs, problems)
    return terms, whole


def _slugs(key: str, given, labels: dict, langs, rel: str, line: int, problems) -> dict:
    """Each language's address part of a value: `slug.<lang>` if given, else the key (first
    language) or the label made into an address part."""
    if given is not None and not isinstance(given, dict):
        problems.append(Problem(rel, line, key, "`slug` must give an address part per language",
                                f"write `slug.fr = \"...\"` lines under `[{key}]`"))
    given = given if isinstance(given, dict) else {}
    slugs = {}
    for n, lang in enumerate(langs):
        value = given.get(lang)
        if value is not None and (not isinstance(value, str) or not KEY_RE.match(value)):
            problems.append(Problem(rel, line, key, f"`slug.{lang}` must be lowercase letters, "
                                    "digits and hyphens",
                                    f"write e.g. `slug.{lang} = \"{slugify(str(value)) or key}\"`"))
            value = None
        slugs[lang] = value or (key if n == 0 else slugify(labels.get(lang, "")) or key)
    return slugs


def _unique_slugs(terms: dict[str, Term], rel: str, text: str, langs, problems) -> None:
    """Two values of one taxonomy may not share an address in a language."""
    for lang in langs:
        seen: dict[str, str] = {}
        for term in terms.values():
            other = seen.setdefault(term.slug(lang), term.key)
            if other != term.key:
                problems.append(Problem(rel, _key_line(text, term.key), term.key,
                                        f"its {lang} address part `{term.slug(lang)}` is also "
                                        f"that of `{other}`",
                                        f"give it its own: `slug.{lang} = \"...\"` under "
                                        f"`[{term.key}]`"))


def load_taxonomies(data_dir: Path, langs, root: Path | None = None):
    """Load every data file. Returns (Taxonomies, problems)."""
    problems: list[Problem] = []
    root = root or data_dir.parent.parent
    terms: dict[str, dict[str, Term]] = {}
    broken: set[str] = set()

    def rel(name: str) -> str:
        return str((data_dir / f"{name}.toml").relative_to(root))

    for name in TAXONOMY_FILES:
        read = _read_toml(data_dir / f"{name}.toml", rel(name), problems)
        table, text = read or ({}, "")
        terms[name], whole = _terms(table, rel(name), text, langs, problems)
        if read is None or not whole:
            broken.add(name)
    dimensions = _dimensions(data_dir, rel(DIMENSIONS_FILE), langs, terms, broken, problems)
    data: dict[str, dict] = {}
    for name in DATA_FILES:
        if (data_dir / f"{name}.toml").exists():
            read = _read_toml(data_dir / f"{name}.toml", rel(name), problems)
            data[name] = read[0] if read else {}
    return Taxonomies(terms, dimensions, data, broken), problems


def _dimensions(data_dir: Path, rel: str, langs, terms, broken, problems) -> list[Dimension]:
    """The six dimensions; four hold their values inline (added to `terms`)."""
    read = _read_toml(data_dir / f"{DIMENSIONS_FILE}.toml", rel, problems)
    table, text = read or ({}, "")
    dimensions: list[Dimension] = []
    for key, entry in table.items():
        line = _key_line(text, key)
        if not isinstance(entry, dict) or not isinstance(entry.get("values", {}), dict):
            problems.append(Problem(rel, line, key, "expected a table with `field`, labels and "
                                    "`[" + key + ".values.*]` tables",
                                    "copy the layout of another dimension in the file"))
            broken.add(key)
            continue
        labels = {lang: str(entry.get(lang, key)) for lang in langs}
        source = str(entry.get("values_from") or key)
        if "values" in entry:
            terms[key], whole = _terms(entry["values"], rel, text, langs, problems)
            if not whole:
                broken.add(key)
        elif source not in terms:
            problems.append(Problem(rel, line, key,
                                    f"`values_from = \"{source}\"` names no data file",
                                    f"give the dimension `[{key}.values.*]` tables or name an "
                                    "existing data file"))
        dimensions.append(Dimension(key, str(entry.get("field", key)), source, labels))
    if read is None:
        broken.update(_inline_taxonomies())
    return dimensions


def _inline_taxonomies() -> set[str]:
    """Taxonomies the schema names that have no data file of their own (dimensions.toml)."""
    from . import schema

    return {f.taxonomy for f in schema.FIELDS if f.taxonomy} - set(TAXONOMY_FILES)
