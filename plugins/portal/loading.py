"""Reading content fast: every file once, in parallel on a cold build, from a cache after.

Per file, the work is pure: its bytes, the taxonomies and the Markdown settings decide the
item, its problems and its converted Markdown. So results are cached by the file's digest
(under CACHE_PATH), and files not in the cache are read on both cores. Checks across files
(duplicates, translations, references) always run, on every build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import content_model
from content_model import Content, Problem, static
from content_model.reader import discover, read_file
from content_model.taxonomy import load_taxonomies
from content_model.validate import validate
from safe_publish import fingerprint

from .markup import Policy, Renderer, check_item
from .parallel import fork_map

CACHE_FILE = "content.pickle"
#: Code whose change must empty the cache (the reading and checking of one file).
#: Every module of the content model (the reader, its bounds, characters, addresses and data
#: schemas), the raw-HTML check and this file: a change to any of them reads every file again.
CODE = sorted(Path(content_model.__file__).parent.glob("*.py")) + \
    [Path(__file__).parent / "markup.py", Path(__file__)]


def _fingerprint(data_dir: Path, settings) -> str:
    """The code, data and settings that decide every file's result, and the runtime (the
    Markdown library above all: `fingerprint.runtime_key`)."""
    digest = hashlib.sha256(fingerprint.runtime_key().encode())
    for path in CODE + sorted(data_dir.glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    options = (settings["MARKDOWN_EXTENSIONS"], sorted(settings["LANGS"]),
               settings.get("MARKDOWN_ALLOWED_IFRAME_HOSTS"),
               sorted((settings.get("MARKDOWN_EXTRA_TAGS") or {}).items()))
    digest.update(repr(options).encode())
    return digest.hexdigest()


def _digest(path: Path) -> str:
    if known := fingerprint.known_digest(path):  # the build's input check read it already
        return known
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # unreadable: read_file reports it, and "" is never cached as good


class Reader:
    """read_file + Markdown conversion + the raw-HTML check, for one file."""

    def __init__(self, root: Path, content_dir: Path, taxonomies, settings):
        self.root, self.content_dir, self.taxonomies = root, content_dir, taxonomies
        self.langs = list(settings["LANGS"])
        self.renderer = Renderer(settings["MARKDOWN_EXTENSIONS"], Policy.from_settings(settings))

    def __call__(self, path: Path):
        problems: list[Problem] = []
        item = read_file(path, self.root, self.content_dir, self.taxonomies, self.langs,
                         problems)
        if item is not None:
            problems += check_item(item, self.renderer)
        return item, problems


def load(content_dir: Path, root: Path, settings, cache_dir: Path | None) -> Content:
    """Like content_model.load, plus each item's converted Markdown (item.extra) and the
    raw-HTML problems; cached by file digest in cache_dir (None: no cache)."""
    problems: list[Problem] = []
    taxonomies, data_problems = load_taxonomies(content_dir / "_data", list(settings["LANGS"]),
                                                root)
    problems += data_problems
    paths = discover(content_dir, root, problems)
    cache = _Cache(cache_dir, _fingerprint(content_dir / "_data", settings)) \
        if cache_dir and not data_problems else None
    digests = {p: _digest(p) for p in paths}
    found = {p: cache.get(p, digests[p]) if cache else None for p in paths}
    missing = [p for p in paths if found[p] is None]
    for path, result in zip(missing, fork_map(Reader(root, content_dir, taxonomies, settings),
                                               missing), strict=True):
        found[path] = result
    items = []
    for path in paths:
        item, file_problems = found[path]
        problems += file_problems
        if item is not None:
            items.append(item)
    if cache and (missing or set(cache.entries) != {str(p) for p in paths}):
        cache.save({str(p): (digests[p], found[p]) for p in paths})  # something changed
    files, static_problems = static.scan(content_dir, root)  # content/images/
    problems += validate(items, settings["DEFAULT_LANG"],
                         {p.relative_to(root).as_posix() for p in paths},
                         taxonomies) + static_problems
    return Content(items, taxonomies, sorted(set(problems)), files)


class _Cache:
    def __init__(self, folder: Path, fingerprint: str):
        self.file = Path(folder) / CACHE_FILE
        self.fingerprint = fingerprint
        self.entries: dict = {}
        try:
            with self.file.open("rb") as fh:
                stored_fingerprint, entries = pickle.load(fh)
            if stored_fingerprint == fingerprint:
                self.entries = entries
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
                ImportError, TypeError):
            self.entries = {}  # no cache, or one from other code: read everything

    def get(self, path: Path, digest: str):
        entry = self.entries.get(str(path))
        return entry[1] if entry and digest and entry[0] == digest else None

    def save(self, entries: dict) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temp = self.file.with_suffix(f".{os.getpid()}.tmp")  # builds may run side by side
        with temp.open("wb") as fh:
            pickle.dump((self.fingerprint, entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
        temp.replace(self.file)
