"""`make serve` on the real portal, in Chromium: a saved item is shown at once.

The preview server runs on a copy of the project; the test edits a file, as an author's
editor would, and waits until the open tab shows the change. It prints the figures (time from
saving the file to the text being on screen); it asserts only that the change arrives.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.browser

SAVES = 5
SERVE = ("import sys; from pathlib import Path; root = Path(sys.argv[1]); "
         "sys.path[:0] = [str(root), str(root / 'plugins')]; "
         "from portal.devserver import serve; serve(root, int(sys.argv[2]))")
CASE = "content/cases/nl/alimento.md"
CASE_URL = "/nl/praktijkvoorbeelden/alimento/"
SENTENCE = "Een sectorfonds kan mensen helpen"


class Server:
    """The preview server in its own process, its output collected."""

    def __init__(self, root, port):
        self.root, self.origin, self.lines = root, f"http://127.0.0.1:{port}", []
        self.process = subprocess.Popen([sys.executable, "-u", "-c", SERVE, str(root),
                                         str(port)], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, seconds: float = 300) -> None:
        end = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, "the preview server stopped:\n" + \
                "\n".join(self.lines)
            assert time.monotonic() < end, f"no {text!r} from the server:\n" + \
                "\n".join(self.lines)
            time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview") / "project"
    root.mkdir()
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = Server(root, port)
    running.wait_for("Preview on")
    yield running
    running.process.terminate()
    running.process.wait(timeout=20)


@pytest.fixture()
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _open(tab, server, url):
    tab.goto(server.origin + url)
    tab.wait_for_selector("html[data-preview=on]", state="attached")


def _save(server, rel, old, new):
    path = server.root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return time.perf_counter()


def _shown(tab, text: str, saved: float, seconds: float = 30) -> float:
    """Seconds from saving until `text` is on the page (polled every few milliseconds)."""
    end = saved + seconds
    while time.perf_counter() < end:
        try:
            if tab.evaluate("t => !!document.body && document.body.innerText.includes(t)",
                            text):
                return time.perf_counter() - saved
        except Exception:  # noqa: BLE001 - the tab is reloading; ask again
            pass
        time.sleep(0.005)
    raise AssertionError(f"{text!r} did not appear within {seconds} s of saving")


def _figures(label: str, seconds: list[float], capsys, server=None) -> None:
    """Print the figures; with the server, also its own share (re-read, check, render)."""
    work = [float(m.group(1)) for line in (server.lines if server else [])
            for m in [re.search(r"\.md: \d+ page\(s\) in ([\d.]+) s", line)] if m]
    own = f"; the server's fast path took median {statistics.median(work):.3f} s" if work else ""
    with capsys.disabled():
        print(f"\n[benchmark] {label}: median {statistics.median(seconds):.3f} s, "
              f"min {min(seconds):.3f} s, max {max(seconds):.3f} s over {len(seconds)} saves "
              f"({', '.join(f'{s:.3f}' for s in seconds)}){own}; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def test_an_edited_item_shows_in_the_open_tab(server, tab, capsys):
    _open(tab, server, CASE_URL)
    seconds, current = [], SENTENCE
    for number in range(1, SAVES + 1):
        marker = f"Meting {number}: een sectorfonds kan mensen helpen"
        saved = _save(server, CASE, current, marker)
        seconds.append(_shown(tab, marker, saved))
        current = marker
        tab.wait_for_selector("html[data-preview=on]", state="attached")
    _save(server, CASE, current, SENTENCE)
    _figures("edited item visible in Chromium after saving", seconds, capsys, server)


def test_a_list_that_shows_the_item_follows(server, tab, capsys):
    _open(tab, server, "/nl/praktijkvoorbeelden/")
    seconds, current = [], "Summary: Alimento, het sectorfonds"
    for number in range(1, 4):
        marker = f"Summary: Lijstmeting {number}, het sectorfonds"
        saved = _save(server, CASE, current, marker)
        seconds.append(_shown(tab, f"Lijstmeting {number}", saved))
        current = marker
        tab.wait_for_selector("html[data-preview=on]", state="attached")
    _save(server, CASE, current, "Summary: Alimento, het sectorfonds")
    _figures("list page (cases library) visible after saving the item", seconds, capsys)


def test_a_mistake_is_shown_on_the_page_until_it_is_fixed(server, tab):
    """The page reloads with the problem in a banner at its top (portal/preview.py): its
    line, field and code; fixed, the banner is gone."""
    _open(tab, server, CASE_URL)
    _save(server, CASE, "Sectors: voeding", "Sectors: ruimtevaart")
    item = tab.wait_for_selector('[data-preview-banner] li[data-code="term-unknown"]',
                                 timeout=20000)
    line = next(n for n, text in enumerate((ROOT / "content" / "cases" / "nl" / "alimento.md")
                                           .read_text("utf-8").splitlines(), 1)
                if text.startswith("Sectors:"))
    assert f"{line}, Sectors" in item.inner_text() and "ruimtevaart" in item.inner_text()
    _save(server, CASE, "Sectors: ruimtevaart", "Sectors: voeding")
    tab.wait_for_selector("[data-preview-banner]", state="detached", timeout=20000)
