"""Nothing changed, nothing to do: a fingerprint of everything a build reads.

After a successful build, the fingerprint of its inputs (content, theme, plugins, search
code, settings, the options it was given, the build date, which decides scheduled and
expired items, and the runtime: Python and every installed library, `runtime_key`) is kept
beside output/, with a fingerprint of output/ itself. When both still match, the build is
skipped: output/ is already what the build would write.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
import sys
from pathlib import Path
from stat import S_ISREG

#: Folders below the project root whose files are inputs of every build.
CODE_FOLDERS = ("plugins", "search")
SKIP_PARTS = {"__pycache__", ".pytest_cache"}


def _files(folder: Path):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_PARTS)
        for name in sorted(filenames):
            if not name.endswith((".pyc", ".mo")):
                yield Path(dirpath) / name


def inputs(settings, settings_file: str, overrides: dict, build_date: str) -> str:
    digest = hashlib.sha256()
    root = Path(settings_file).resolve().parent
    folders = [Path(settings["PATH"]), Path(settings["THEME"])] + \
        [root / name for name in CODE_FOLDERS]
    for folder in folders:
        for path in _files(folder):
            digest.update(str(path).encode() + b"\0" + _content_digest(path))
    for path in sorted(root.glob("*conf.py")):
        digest.update(path.read_bytes())
    manifest = Path(settings["PATH"]).resolve().parent / "addresses.tsv"  # portal/addresses.py
    if manifest.exists():
        digest.update(manifest.read_bytes())
    digest.update(repr(sorted((k, repr(v)) for k, v in overrides.items())).encode())
    digest.update(build_date.encode())
    digest.update(runtime_key().encode())
    return digest.hexdigest()


# -- the runtime -----------------------------------------------------------------------------
#: The project itself, should it be installed: its code is hashed file by file instead.
PROJECT_NAME = "overstap"
_HEADER = re.compile(r"^(Name|Version):[ \t]*(.*?)[ \t]*$", re.M)


def installed() -> list[tuple[str, str]]:
    """(name, version) of every distribution Python can import from (`sys.path`), names
    normalized (PEP 503), sorted. A name found twice (a second copy earlier on the path, a
    left-over dist-info folder) is listed twice. Read from the metadata's header alone:
    `Distribution.metadata` parses whole files and costs ten times as much."""
    found = []
    for dist in importlib.metadata.distributions():
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
        fields = dict(_HEADER.findall(text.split("\n\n", 1)[0]))
        name = re.sub(r"[-_.]+", "-", fields.get("Name", "")).lower()
        if name != PROJECT_NAME:
            found.append((name, fields.get("Version", "")))
    return sorted(found)


def installed_runtime_key() -> str:
    """The runtime as installed now: Python's version and implementation, `installed()`."""
    runtime = (sys.version, sys.implementation.name, sys.implementation.cache_tag,
               sys.platform, installed())
    return hashlib.sha256(repr(runtime).encode()).hexdigest()


@functools.cache
def runtime_key() -> str:
    """The runtime this process builds with (`installed_runtime_key`, read once: the libraries
    it has imported stay as they were). Part of every key that lets a build reuse earlier
    work: the fingerprint above, each file's record (portal/memo.py: `global_key`), the
    content cache (portal/loading.py), the search indexes (search_index/languages.py), the
    authoring caches (editorial/checks.py) and the compiled templates (portal/generator.py);
    the preview's fast path compares it with the installation (portal/incremental.py)."""
    return installed_runtime_key()


#: str(path) -> (size, mtime_ns, sha256 hex) of the files `inputs` read, so that the
#: content loader (portal/loading.py) need not read and hash them a second time.
KNOWN: dict[str, tuple[int, int, str]] = {}


def known_digest(path: Path) -> str | None:
    """The digest `inputs` found for this file, if the file has not changed since."""
    found = KNOWN.get(str(path))
    if found is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return found[2] if (stat.st_size, stat.st_mtime_ns) == found[:2] else None


def _content_digest(path: Path) -> bytes:
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):  # a named pipe would wait forever: never opened (the
            return f"special {stat.st_mode:o}".encode()  # build reports it)
        digest = hashlib.sha256(path.read_bytes())
    except OSError as exc:  # a broken link: the build reports it; here it is just an input
        return f"unreadable {exc.errno}".encode()
    KNOWN[str(path)] = (stat.st_size, stat.st_mtime_ns, digest.hexdigest())
    return digest.digest()


def output(folder: Path) -> str:
    """Every file of output/ by name, size and modification time (cheap, and enough to see
    that someone changed or removed something). "" when there is no output/."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    top = str(folder)

    def walk(directory: str) -> None:
        with os.scandir(directory) as entries:
            found = sorted(entries, key=lambda e: e.name)
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_PARTS:
                    walk(entry.path)
            elif not entry.name.endswith((".pyc", ".mo")):
                stat = entry.stat(follow_symlinks=False)
                digest.update(f"{entry.path[len(top) + 1:]}\0{stat.st_size}\0"
                              f"{stat.st_mtime_ns}\n".encode())

    walk(top)
    return digest.hexdigest()


def record_file(target: Path) -> Path:
    return target.parent / f".{target.name}.fingerprint"


def up_to_date(target: Path, fingerprint: str, published: str | None = None) -> bool:
    """Whether the last build had these inputs and output/ is still what it wrote
    (`published`: output(target), when the caller has it already)."""
    record = record_file(target)
    if not target.is_dir() or not record.exists():
        return False
    stored = record.read_text("utf-8").split()
    return stored == [fingerprint, published if published is not None else output(target)]


def remember(target: Path, fingerprint: str) -> str:
    """Keep the fingerprint of a successful build; returns the digest of its output."""
    published = output(target)
    record_file(target).write_text(f"{fingerprint}\n{published}\n", "utf-8")
    return published


def forget(target: Path) -> None:
    record_file(target).unlink(missing_ok=True)
