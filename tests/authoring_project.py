"""A small project to author in: the fixture site's content with this repository's settings.

Shared by the authoring tests (checks, `invoke new`, translations, publishing dates).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import content_model
from editorial.checks import authoring_problems
from tests.support import FIXTURE_DATE, ROOT, SITES

INVOKE = Path(sys.executable).parent / "invoke"


def settings(**overrides) -> dict:
    import pelicanconf

    found = {k: getattr(pelicanconf, k) for k in dir(pelicanconf) if k.isupper()}
    found.update({"THEME": str(ROOT / "theme"), "BUILD_DATE": FIXTURE_DATE}, **overrides)
    return found


def make(tmp_path: Path, with_code: bool = False) -> Path:
    """A copy of the fixture content under tmp_path/project (with the code: for `invoke`)."""
    root = tmp_path / "project"
    shutil.copytree(SITES / "multilingual" / "content", root / "content")
    if with_code:
        for name in ("plugins", "theme"):
            shutil.copytree(ROOT / name, root / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        for name in ("tasks.py", "pelicanconf.py"):
            shutil.copy(ROOT / name, root / name)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def load(root: Path):
    return content_model.load(root / "content", ["nl", "fr", "en"], "nl", root)


def check(root: Path, plain: bool = True, **overrides) -> list:
    """Every problem `invoke check` reports for the project (content model + authoring)."""
    content = load(root)
    return sorted(content.problems + authoring_problems(
        content.items, content.taxonomies, settings(**overrides), root / "content", plain))


def about(problems, path_end: str, field: str | None = None) -> list:
    return [p for p in problems if p.path.endswith(path_end)
            and (field is None or p.field == field)]


def invoke(root: Path, *args: str, date: str = FIXTURE_DATE,
           lang: str | None = None) -> subprocess.CompletedProcess:
    """`invoke ARGS` in the project; its messages in `lang` (None: the tests' language,
    tests/conftest.py; "": the project's AUTHOR_LANG)."""
    env = {"PATH": "/usr/bin:/bin", "OVERSTAP_BUILD_DATE": date, "PYTHONDONTWRITEBYTECODE": "1"}
    if "PYTHONPATH" in os.environ:  # a worktree's code under test
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    lang = os.environ.get("OVERSTAP_AUTHOR_LANG") if lang is None else lang
    if lang:  # "": none, so the project's AUTHOR_LANG decides
        env["OVERSTAP_AUTHOR_LANG"] = lang
    return subprocess.run([str(INVOKE), *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)
