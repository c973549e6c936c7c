"""Nothing changed, nothing to do: a fingerprint of everything a build reads.

After a successful build, the fingerprint of its inputs (content, theme, plugins, search
code, settings, the options it was given and the build date, which decides scheduled and
expired items) is kept beside output/, with a fingerprint of output/ itself. When both
still match, the build is skipped: output/ is already what the build would write.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

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
    digest.update(repr(sorted((k, repr(v)) for k, v in overrides.items())).encode())
    digest.update(build_date.encode())
    return digest.hexdigest()


def _content_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as exc:  # a broken link: the build reports it; here it is just an input
        return f"unreadable {exc.errno}".encode()


def output(folder: Path) -> str:
    """Every file of output/ by name, size and modification time (cheap, and enough to see
    that someone changed or removed something)."""
    digest = hashlib.sha256()
    for path in _files(folder):
        stat = path.lstat()
        digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                      .encode())
    return digest.hexdigest()


def record_file(target: Path) -> Path:
    return target.parent / f".{target.name}.fingerprint"


def up_to_date(target: Path, fingerprint: str) -> bool:
    record = record_file(target)
    if not target.is_dir() or not record.exists():
        return False
    stored = record.read_text("utf-8").split()
    return stored == [fingerprint, output(target)]


def remember(target: Path, fingerprint: str) -> str:
    """Keep the fingerprint of a successful build; returns the digest of its output."""
    published = output(target)
    record_file(target).write_text(f"{fingerprint}\n{published}\n", "utf-8")
    return published


def forget(target: Path) -> None:
    record_file(target).unlink(missing_ok=True)
