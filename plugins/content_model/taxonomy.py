"""Taxonomies: the allowed values of classified fields, with their labels in every language.

They live once, in content/_data/*.toml. This module loads them and reports every problem
in them (syntax errors with their line, missing labels) as Problems.
"""

from __future__ import annotations

import re
import tomllib
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


@dataclass(frozen=True)
class Term:
    key: str
    labels: dict[str, str]
    general: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("nl") or self.key


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

    def get(self, taxonomy: str, key: str) -> Term | None:
        return self.terms.get(taxonomy, {}).get(key)

    def keys(self, taxonomy: str) -> list[str]:
        return list(self.terms.get(taxonomy, {}))

    def label(self, taxonomy: str, key: str, lang: str) -> str:
        term = self.get(taxonomy, key)
        return term.label(lang) if term else key


def _toml_problem(path: str, exc: tomllib.TOMLDecodeError) -> Problem:
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    line = int(match.group(1)) if match else 0
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    return Problem(path, line, "", f"TOML syntax error: {message}",
                   "fix the syntax; every entry looks like `nl = \"Label\"` under a "
                   "`[key]` heading")


def _read_toml(path: Path, rel: str, problems: list[Problem]) -> dict | None:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        problems.append(Problem(rel, 0, "", "data file is missing",
                                "restore it from git (`git checkout -- " + rel + "`)"))
    except UnicodeDecodeError:
        problems.append(Problem(rel, 0, "", "file is not UTF-8 text",
                                "save it as UTF-8 in your editor"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(_toml_problem(rel, exc))
    return None


def _key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[(?:[\w-]+\.values\.)?{re.escape(key)}\]", line):
            return number
    return 0


def _terms(table: dict, rel: str, text: str, langs, problems) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for key, entry in table.items():
        line = _key_line(text, key)
        if not KEY_RE.match(key):
            problems.append(Problem(rel, line, key, "key must be lowercase letters, digits "
                                    "and hyphens", "rename it, e.g. `[sector-fund]`"))
        if not isinstance(entry, dict):
            problems.append(Problem(rel, line, key, "expected a table of labels",
                                    f"write `[{key}]` followed by `nl = \"...\"` lines"))
            continue
        labels = {lang: entry.get(lang) for lang in langs if isinstance(entry.get(lang), str)}
        for lang in langs:
            if not labels.get(lang, "").strip():
                problems.append(Problem(rel, line, key, f"no `{lang}` label",
                                        f"add `{lang} = \"...\"` under `[{key}]`"))
        extra = {k: v for k, v in entry.items() if k not in langs}
        terms[key] = Term(key, labels, bool(entry.get("general", False)), extra)
    return terms


def load_taxonomies(data_dir: Path, langs, root: Path | None = None):
    """Load every data file. Returns (Taxonomies, problems)."""
    problems: list[Problem] = []
    root = root or data_dir.parent.parent
    terms: dict[str, dict[str, Term]] = {}
    data: dict[str, dict] = {}

    def rel(name: str) -> str:
        return str((data_dir / f"{name}.toml").relative_to(root))

    for name in TAXONOMY_FILES:
        path = data_dir / f"{name}.toml"
        table = _read_toml(path, rel(name), problems)
        terms[name] = _terms(table, rel(name), path.read_text("utf-8-sig"), langs, problems) \
            if table is not None else {}

    dimensions: list[Dimension] = []
    path = data_dir / f"{DIMENSIONS_FILE}.toml"
    table = _read_toml(path, rel(DIMENSIONS_FILE), problems) or {}
    text = path.read_text("utf-8-sig") if table else ""
    for key, entry in table.items():
        labels = {lang: entry.get(lang, key) for lang in langs}
        source = entry.get("values_from") or key
        if "values" in entry:
            terms[key] = _terms(entry["values"], rel(DIMENSIONS_FILE), text, langs, problems)
        elif source not in terms:
            problems.append(Problem(rel(DIMENSIONS_FILE), _key_line(text, key), key,
                                    f"`values_from = \"{source}\"` names no data file",
                                    "give the dimension `[{key}.values.*]` tables or name an "
                                    "existing data file"))
        dimensions.append(Dimension(key, entry.get("field", key), source, labels))

    for name in DATA_FILES:
        path = data_dir / f"{name}.toml"
        if path.exists():
            data[name] = _read_toml(path, rel(name), problems) or {}
    return Taxonomies(terms, dimensions, data), problems
