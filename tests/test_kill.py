"""Publishing under failure: a build killed halfway never breaks the live site.

A build of a copy of the real content runs in a subprocess and gets SIGKILL or SIGTERM while
it is writing pages into the staging folder. The previous output/ must stay byte for byte as
it was and keep being served; the next build must recover and publish. The swap itself is
one atomic exchange, so there is no moment without a site; where the fallback (two renames)
is interrupted, the next build puts the previous site back.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from safe_publish import safe_publish
from tests.browser import StaticServer
from tests.support import FIXTURE_DATE, ROOT, build, rename_once_then_die, tree_digest

pytestmark = pytest.mark.slow  # builds many sites or loads a server: not in --fast

MEASURE = "measures/nl/loopbaanbegeleiding.md"
BUILD_SCRIPT = (
    "import sys\n"
    "from tests.support import build\n"
    "code, report = build(*map(__import__('pathlib').Path, sys.argv[1:3]),"
    " settings='publishconf.py')\n"
    "sys.exit(code)\n"
)


@pytest.fixture
def site(tmp_path, portal_site):
    """A copy of the real content with one change, and an output/ holding the real portal as
    an earlier build published it."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / MEASURE
    text = page.read_text("utf-8")
    page.write_text(text.replace("Title: ", "Title: Nieuw: ", 1), "utf-8")
    output = tmp_path / "output"
    shutil.copytree(portal_site, output)
    return SimpleNamespace(content=content, output=output, staging=tmp_path / ".output.staging",
                           previous=tmp_path / ".output.previous")


def _pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.exists() else 0


def kill_build_midway(site, sig: int, pages: int) -> subprocess.Popen:
    """Start the build, wait until the staging folder holds `pages` pages, send `sig`."""
    env = dict(os.environ, OVERSTAP_BUILD_DATE=FIXTURE_DATE, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen([sys.executable, "-c", BUILD_SCRIPT, str(site.content),
                             str(site.output)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while _pages(site.staging) < pages:
        assert proc.poll() is None, "the build ended before it could be killed:\n" + \
            proc.stdout.read().decode()
        assert time.monotonic() < deadline, "the build wrote no pages in 300 s"
        time.sleep(0.005)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    proc.stdout.close()
    return proc


def assert_served_as_before(output: Path, before: dict[str, str]) -> None:
    """The live site answers every request from the previous build's files."""
    pages = ["index.html", "nl/index.html", "fr/index.html", "en/index.html",
             "nl/maatregelen/loopbaanbegeleiding/index.html"]
    pages += sorted(p for p in before if p.endswith(".css"))[:2]
    with StaticServer(output) as server:
        for rel in pages:
            assert rel in before, rel
            url = f"{server.origin}/{rel.removesuffix('index.html')}"
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200
                assert response.read() == (output / rel).read_bytes()


def assert_previous_site_kept(site, proc, sig: int, pages: int, before) -> None:
    assert proc.returncode == -sig
    assert _pages(site.staging) >= pages, "the kill did not happen mid-build"
    assert tree_digest(site.output) == before
    page = site.output / "nl/maatregelen/loopbaanbegeleiding/index.html"
    assert "Nieuw: " not in page.read_text("utf-8")
    assert_served_as_before(site.output, before)


def test_build_killed_early_keeps_the_site_and_the_next_build_recovers(site):
    before = tree_digest(site.output)
    proc = kill_build_midway(site, signal.SIGKILL, 20)
    assert_previous_site_kept(site, proc, signal.SIGKILL, 20, before)

    code, report = build(site.content, site.output, settings="publishconf.py")
    assert code == 0, report
    page = site.output / "nl/maatregelen/loopbaanbegeleiding/index.html"
    assert "Nieuw: " in page.read_text("utf-8")
    assert not site.staging.exists() and not site.previous.exists()


def test_build_terminated_late_keeps_the_site(site):
    before = tree_digest(site.output)
    proc = kill_build_midway(site, signal.SIGTERM, 300)
    assert_previous_site_kept(site, proc, signal.SIGTERM, 300, before)


# -- the swap ----------------------------------------------------------------------------------
def _fake_pelican(output: Path, staging: Path):
    return SimpleNamespace(settings={"PUBLISH_TARGET": str(output)}, output_path=str(staging))


def _tree(folder: Path, text: str) -> None:
    (folder / "nl").mkdir(parents=True)
    (folder / "index.html").write_text(text, "utf-8")
    (folder / "nl" / "index.html").write_text(text, "utf-8")


def test_swap_is_one_atomic_exchange_with_no_moment_without_a_site(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.staging"
    _tree(output, "0")
    misses, done = [], threading.Event()

    def watch():
        while not done.is_set():
            if not (output / "index.html").exists():
                misses.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for number in range(1, 301):
            _tree(staging, str(number))
            safe_publish.swap_into_place(_fake_pelican(output, staging))
    finally:
        done.set()
        watcher.join()
    assert misses == []
    assert (output / "index.html").read_text("utf-8") == "300"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_exchange_swaps_two_folders(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    _tree(one, "one")
    _tree(two, "two")
    assert safe_publish.exchange(one, two), "RENAME_EXCHANGE is not supported here"
    assert (one / "index.html").read_text("utf-8") == "two"
    assert (two / "index.html").read_text("utf-8") == "one"


def test_fallback_swap_interrupted_between_its_renames_is_repaired(tmp_path, monkeypatch):
    output, staging = tmp_path / "output", tmp_path / ".output.staging"
    _tree(output, "old")
    _tree(staging, "new")
    before = tree_digest(output)
    monkeypatch.setattr(safe_publish, "exchange", lambda a, b: False)
    monkeypatch.setattr(safe_publish.os, "rename", rename_once_then_die())
    with pytest.raises(KeyboardInterrupt):
        safe_publish.swap_into_place(_fake_pelican(output, staging))
    monkeypatch.undo()
    assert not output.exists()  # the gap the fallback has: the next build closes it

    safe_publish.recover(output)
    assert tree_digest(output) == before
    assert not (tmp_path / ".output.previous").exists()
