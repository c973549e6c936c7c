"""Helpers shared by the tests and by `invoke golden`."""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "plugins"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

FIXTURES = ROOT / "tests" / "fixtures"
SITES = FIXTURES / "sites"
GOLDEN = FIXTURES / "golden" / "multilingual"
#: Fixture builds use a fixed date, so scheduled and expired items are stable.
FIXTURE_DATE = "2026-11-22"


def build(content: Path, output: Path, settings: str = "pelicanconf.py", **overrides):
    """Build `content` into `output` in this process. Returns (exit code, report text)."""
    from safe_publish.build import run

    stream = io.StringIO()
    options = {"PATH": str(content), "OUTPUT_PATH": str(output), "BUILD_DATE": FIXTURE_DATE}
    options.update(overrides)
    code = run(str(ROOT / settings), options, stream=stream)
    return code, stream.getvalue()


def build_fixture(name: str, output: Path, **overrides) -> int:
    code, text = build(SITES / name / "content", output, **overrides)
    if code:
        print(text, file=sys.stderr)
    return code


def tree_digest(folder: Path) -> dict[str, str]:
    """relative path -> sha256 of every file below folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def rename_once_then_die():
    """A stand-in for os.rename that does the first rename and is killed at the second (for
    the swap fallbacks, which rename twice)."""
    real_rename, calls = os.rename, []

    def rename(src, dst):
        if calls:
            raise KeyboardInterrupt("killed between the two renames")
        calls.append((src, dst))
        real_rename(src, dst)

    return rename


def in_ci() -> bool:
    return bool(os.environ.get("CI"))
