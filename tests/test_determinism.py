"""The same content gives the same bytes in every process.

Each build here runs in a Python process of its own with its own PYTHONHASHSEED (so a set of
strings is iterated in a different order in each), from its own copy of the content (so no
cache is shared): two clean builds of the fixture site and two of the real portal (content/,
publishconf.py) must be byte-identical, every file of the output. And a build that reuses
the files of a build made by another process (portal/memo.py reads that process's records)
equals a clean build, made in a third process, of the same edited content.

tests/test_incremental.py and tests/test_every_edit.py compare builds made in one process,
where every set iterates in the same order: only a test like this one sees output that
depends on the hash seed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import site_edits as E
from tests.support import ROOT, SITES

pytestmark = pytest.mark.slow  # builds many sites: not in `invoke test --fast`

BUILD = ("import sys; from pathlib import Path; root = sys.argv[1]; "
         "sys.path[:0] = [root, root + '/plugins']; "
         "from tests.support import build\n"
         "for content, output, settings in zip(*[iter(sys.argv[2:])] * 3):\n"
         "    code, text = build(Path(content), Path(output), settings)\n"
         "    print(text.strip())\n"
         "    code and sys.exit(code)")


def start(seed: int, *jobs: tuple[Path, Path, str]) -> subprocess.Popen:
    """A new Python process, hash seed `seed`, that builds each (content, output, settings)."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONDONTWRITEBYTECODE": "1"}
    args = [str(part) for job in jobs for part in job]
    return subprocess.Popen([sys.executable, "-c", BUILD, str(ROOT), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(*processes: subprocess.Popen) -> list[str]:
    said = []
    for process in processes:
        out, _ = process.communicate(timeout=900)
        assert process.returncode == 0, out
        said.append(out)
    return said


def copy_sites(folder: Path) -> tuple[Path, Path]:
    fixture, portal = folder / "fixture" / "content", folder / "portal" / "content"
    shutil.copytree(SITES / "multilingual" / "content", fixture)
    shutil.copytree(ROOT / "content", portal)
    return fixture, portal


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """Both sites, built clean by two processes side by side (hash seeds 1 and 2)."""
    one, two = tmp_path_factory.mktemp("seed-1"), tmp_path_factory.mktemp("seed-2")
    jobs = {}
    for seed, folder in ((1, one), (2, two)):
        fixture, portal = copy_sites(folder)
        jobs[seed] = start(seed, (fixture, fixture.parent / "output", "pelicanconf.py"),
                           (portal, portal.parent / "output", "publishconf.py"))
    finish(*jobs.values())
    yield one, two
    for folder in (one, two):  # two copies of the portal, built: not kept for later runs
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("site", ["fixture", "portal"])
def test_clean_builds_in_two_processes_are_byte_identical(two_processes, site):
    one, two = (folder / site / "output" for folder in two_processes)
    assert len(list(one.rglob("*.html"))) > 50
    differ = E.differences(one, two)
    assert not differ, f"{len(differ)} differences between hash seeds 1 and 2: {differ[:8]}"


def test_a_build_on_another_process_s_build_equals_a_clean_build(two_processes):
    """The records of seed 1's build, read by a process with seed 3: an edited Summary, a
    body, a new translation; compared with a clean build of the same content (seed 4)."""
    one, two = (folder / "fixture" for folder in two_processes)
    for project in (one, two):
        content = E.Content(project / "content")
        measure = content.subjects("measure")[0]
        E.edit_field(content, measure, "Summary", "fr")
        E.edit_body(content, content.subjects("story")[0], "en")
        E.add_translation(content, next(s for s in content.names(("measure",))
                                        if set(content.files(s)) == {"nl"}), "en")
    for stale in [two / "output", two / ".build", *two.glob(".output*")]:  # all but content
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    incremental, clean = finish(
        start(3, (one / "content", one / "output", "pelicanconf.py")),
        start(4, (two / "content", two / "output", "pelicanconf.py")))
    assert "unchanged ones kept" in incremental, \
        f"the records of another process were not used:\n{incremental}"
    assert "unchanged ones kept" not in clean
    differ = E.differences(one / "output", two / "output")
    assert not differ, f"{len(differ)} differences from a clean build: {differ[:8]}"
