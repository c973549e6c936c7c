"""Load all content in one pass: taxonomies, every file, then the checks across files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import static
from .errors import Problem
from .reader import Item, discover, read_file
from .taxonomy import Taxonomies, load_taxonomies
from .validate import validate


@dataclass
class Content:
    items: list[Item]
    taxonomies: Taxonomies
    problems: list[Problem]
    #: the checked files of content/images/, which the build publishes as they are
    static: list[static.StaticFile] = field(default_factory=list)


def load(content_dir: Path, langs, default_lang: str, root: Path | None = None) -> Content:
    """Read and check everything under content_dir. Never raises for content mistakes."""
    content_dir = Path(content_dir)
    root = Path(root) if root else content_dir.parent
    taxonomies, problems = load_taxonomies(content_dir / "_data", langs, root)
    items = []
    paths = discover(content_dir, root, problems)
    for path in paths:
        item = read_file(path, root, content_dir, taxonomies, langs, problems)
        if item is not None:
            items.append(item)
    files, static_problems = static.scan(content_dir, root)
    problems += validate(items, default_lang, {p.relative_to(root).as_posix() for p in paths},
                         taxonomies) + static_problems
    return Content(items, taxonomies, sorted(set(problems)), files)
