"""The theme's static files (`theme/static/`), published into `THEME_STATIC_DIR` (`/theme/`),
scripts and style sheets minified.

Pelican's own theme copy (`StaticGenerator`, `THEME_STATIC_PATHS`) copies files as they are;
`pelicanconf.py` leaves THEME_STATIC_PATHS empty and this generator publishes the folder
instead: `.js` through tdewolff-minify (comments and spaces out, local names shortened; global
and property names kept) and `.css` through rcssmin (comments and spaces out), every other
file copied byte for byte. The sources in `theme/static/` stay as they are written.

Names: every file is published under a name with the first 10 hex digits of the SHA-256 of its
published bytes (`css/portal.css` -> `css/portal.3f2a9c1b07.css`), so a server may let browsers
keep it a year without asking again (`_nginx.conf`, `_headers`: immutable): a changed file is a
new name, and the pages that name it change with it. Templates name a file through the
`asset()` global (`{{ asset('css/portal.css') }}`); `names()` is the table. The one exception
is `js/embed.js`: partners' snippets name it, so it keeps its name and is cached briefly.

Determinism: both minifiers are pure functions of their input (the C extension and the
pure-Python fallback give the same bytes), pinned in pyproject.toml; files are walked in
sorted order and each is written as a new file (never written into: in the staging folder it
could be a link to the published site), so a clean and an incremental build publish the same
bytes. The policies in `_headers` allow `'self'` (no hashes in them), and `search.bench` and the
node runner of the browser engine (`search/node.py`) use `minified()` so the figures and the
differential test are about the bytes that are published.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from pathlib import Path

import rcssmin
from pelican import signals
from pelican.generators import Generator

SOURCE = "static"  # theme/static/
MINIFIED = (".js", ".css")
#: Files published under their own name: partners' snippets name them (docs/embedding.*.md).
KEEP_NAME = frozenset({"js/embed.js"})
DIGITS = 10


def minified(name: str, data: bytes) -> bytes:
    """The published bytes of a theme file named `name` whose source is `data`.

    Scripts go through tdewolff's minifier (`tdewolff-minify`, the Go minifier Hugo uses, a
    binary wheel from PyPI: no node, no Go in the build): besides comments and spaces it
    renames local names and shortens syntax; global and property names (`OverstapSearch`,
    `Engine.prototype.search`) are kept. A pure function of its input, so clean and incremental
    builds publish the same bytes (issue 16: a first search costs about 2 KiB less than with
    rjsmin, which only takes out comments and spaces)."""
    if name.endswith(".js"):
        import minify  # tdewolff-minify

        minify.config({"js-keep-var-names": False, "js-version": 0, "js-precision": 0})
        out = minify.string("application/javascript", data.decode("utf-8")).encode("utf-8")
    elif name.endswith(".css"):
        out = rcssmin.cssmin(data)
    else:
        return data
    return out if out.endswith(b"\n") or not out else out + b"\n"


def files(folder: Path, ignores=()) -> list[Path]:
    """The files below `folder` that are published, in sorted order: regular files (not
    links), none hidden (an editor's `.x.swp`), none whose name matches IGNORE_FILES."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") or part.endswith("~") or
               any(fnmatch.fnmatch(part, pattern) for pattern in ignores) for part in rel.parts):
            continue
        if path.is_file() and not path.is_symlink():
            out.append(path)
    return out


def published_name(rel: str, data: bytes) -> str:
    """The published path of the file `rel` (posix, below theme/static/) whose published bytes
    are `data`: `css/portal.css` -> `css/portal.<10 hex digits>.css`; KEEP_NAME as it is."""
    if rel in KEEP_NAME:
        return rel
    folder, _, name = rel.rpartition("/")
    stem, dot, suffix = name.partition(".")  # search-stem-nl.js -> search-stem-nl.<hash>.js
    digest = hashlib.sha256(data).hexdigest()[:DIGITS]
    named = f"{stem}.{digest}{dot}{suffix}" if dot else f"{stem}.{digest}"
    return f"{folder}/{named}" if folder else named


_NAMES: dict[tuple, tuple[str, bytes]] = {}  # (name, source bytes) -> (published name, bytes)


def _published(path: Path, rel: str) -> tuple[str, bytes]:
    """The published name and bytes of a theme file, minified once per content (keyed by the
    bytes, not by the file's time: two edits within one tick of the clock still differ)."""
    key = (rel, path.read_bytes())
    if key not in _NAMES:
        data = minified(path.name, key[1])
        _NAMES[key] = (published_name(rel, data), data)
    return _NAMES[key]


def names(source: Path, ignores=()) -> dict[str, str]:
    """Source path -> published path (both relative, posix) of every file published."""
    return {rel: _published(path, rel)[0] for path in files(source, ignores)
            for rel in [path.relative_to(source).as_posix()]}


def publish(source: Path, destination: Path, ignores=()) -> list[str]:
    """Write the published form of every file of `source` into `destination` under its
    published name; the relative paths written."""
    written = []
    for path in files(source, ignores):
        name, data = _published(path, path.relative_to(source).as_posix())
        rel = Path(name)
        target = destination / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)  # a new file: a link to the published one is untouched
        written.append(rel.as_posix())
    return written


class ThemeAssetsGenerator(Generator):
    """Publishes theme/static/ into THEME_STATIC_DIR (see the module's doc)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        del writer
        if self.settings.get("THEME_STATIC_PATHS"):
            raise RuntimeError("THEME_STATIC_PATHS must stay empty: plugins/theme_assets "
                               "publishes theme/static/ (minified); Pelican would copy it "
                               "again unminified (pelicanconf.py)")
        publish(Path(self.theme) / SOURCE,
                Path(self.output_path) / self.settings["THEME_STATIC_DIR"],
                self.settings.get("IGNORE_FILES") or ())


def add_generator(pelican_object):
    return ThemeAssetsGenerator


def register():
    signals.get_generators.connect(add_generator)
