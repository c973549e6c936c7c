"""An author's journey, scripted in Chromium (issue 21, part 5): a new case with empty fields
shows in the preview with a banner (not a 503), the author fills it in and the banner says
only that it is a draft, starts the French translation and opens the address `invoke new`
printed at once, fills it in, `invoke check` passes, `invoke build` publishes both, without
a banner. Everything runs in a copy of the fixture project; the preview server is the real
`make serve` code in its own process."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.authoring_project import invoke, make
from tests.browser import describe, run_axe

pytestmark = pytest.mark.browser

SERVE = ("import sys; from pathlib import Path; root = Path(sys.argv[1]); "
         "sys.path[:0] = [str(root), str(root / 'plugins')]; "
         "from portal.devserver import serve; serve(root, int(sys.argv[2]))")
FILLED_NL = {
    "Summary": "Een sectorfonds helpt zorgpersoneel naar een nieuwe job in de zorg.",
    "Audiences": "werkenden", "Sectors": "zorg", "Regions": "gent", "Sources": "ams-2021",
    "Duration": "tijdelijk", "Approach": "reactief", "Focus": "werknemers",
    "Parties": "werknemer, sectorfonds", "Support": "transitie", "Target-Groups": "algemeen",
    "Organisation": "Het sectorfonds van de zorg", "Measures": "loopbaanbegeleiding",
}
FILLED_FR = {"Summary": "Un fonds sectoriel aide le personnel soignant vers un nouvel emploi.",
             "Organisation": "Le fonds sectoriel des soins"}
TEXT_NL = "Het fonds begeleidt werknemers die van job willen veranderen."
TEXT_FR = "Le fonds accompagne les travailleurs qui veulent changer d'emploi."


class Server:
    """`make serve` in its own process, its output collected."""

    def __init__(self, root):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.origin, self.lines = f"http://127.0.0.1:{port}", []
        env = {k: v for k, v in os.environ.items() if k != "OVERSTAP_AUTHOR_LANG"}
        self.process = subprocess.Popen([sys.executable, "-u", "-c", SERVE, str(root),
                                         str(port)], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, seconds: float = 300) -> None:
        end = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, "the preview stopped:\n" + "\n".join(self.lines)
            assert time.monotonic() < end, f"no {text!r}:\n" + "\n".join(self.lines)
            time.sleep(0.1)

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.origin + path, timeout=30) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def wait_until_served(self, path: str, seconds: float = 300) -> None:
        end = time.monotonic() + seconds
        while self.status(path) != 200:
            assert time.monotonic() < end, f"{path} never answered 200:\n" + \
                "\n".join(self.lines[-30:])
            time.sleep(0.25)


def _fill(path, values: dict[str, str], text: str, publish: bool = False) -> None:
    """Fill the header's fields and the empty sections, as an author does in an editor."""
    lines = path.read_text("utf-8").split("\n")
    for number, line in enumerate(lines):
        name = line.split(":")[0]
        if name in values and line.strip() == f"{name}:":
            lines[number] = f"{name}: {values[name]}"
    if publish:
        lines = [line for line in lines if line != "Status: draft"]
    body = "\n".join(lines)
    body = re.sub(r"<!--.*?-->\n*", "", body, flags=re.S)  # the scaffold's explanation
    body = re.sub(r"^(## .+)$", lambda m: f"{m.group(1)}\n\n{text}", body, flags=re.M)
    path.write_text(body, "utf-8")


def _address(printed: str) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(\S+)", printed).group(1)


def _banner(tab) -> dict:
    return tab.evaluate("""() => {
      const box = document.querySelector('[data-preview-banner]');
      if (!box) return null;
      const rect = box.getBoundingClientRect();
      return {kind: box.dataset.previewBanner, text: box.innerText, top: rect.top,
              visible: rect.height > 0, lang: box.lang,
              codes: [...box.querySelectorAll('li[data-code]')].map(li => li.dataset.code)};
    }""")


def _wait_for_banner(tab, kind: str, seconds: float = 120) -> dict:
    """The banner once it is of `kind`; the tab reloads meanwhile (server-sent events)."""
    end = time.monotonic() + seconds
    while True:
        try:
            banner = _banner(tab)
            if banner and banner["kind"] == kind:
                return banner
        except Exception:  # noqa: BLE001 - the tab is reloading: ask again
            pass
        assert time.monotonic() < end, f"no {kind} banner after {seconds} s"
        time.sleep(0.1)


def test_new_case_preview_fill_in_translate_check_build(tmp_path, browser, capsys):
    root = make(tmp_path, with_code=True)
    created = invoke(root, "new", "--type", "case", "--title", "Proef in de zorg")
    assert created.returncode == 0, created.stderr
    nl_file = root / "content" / "cases" / "nl" / "proef-in-de-zorg.md"
    assert nl_file.is_file()
    nl_url = _address(created.stdout)
    server = Server(root)
    tab = browser.new_page()
    try:
        server.wait_for("Preview on")
        # 1. the new case, every required field empty: its page, with the banner
        assert server.status(nl_url) == 200
        tab.goto(server.origin + nl_url)
        banner = _banner(tab)
        assert banner and banner["kind"] == "error" and banner["visible"], banner
        assert banner["top"] < 200
        assert banner["lang"] == "nl"  # the project's AUTHOR_LANG, whatever the page's
        assert banner["codes"].count("field-empty") >= len(FILLED_NL), banner["codes"]
        assert server.status("/nl/") == 200  # and the rest of the portal answers
        violations = run_axe(tab)
        assert violations == [], describe(violations)
        # 2. filled in: the open tab reloads by itself; the banner says only "draft"
        tab.wait_for_selector("html[data-preview=on]", state="attached")
        _fill(nl_file, FILLED_NL, TEXT_NL)
        banner = _wait_for_banner(tab, "notice")
        assert "Status: draft" in banner["text"] and banner["codes"] == []
        # 3. the French translation: the address `invoke new` prints answers at once
        started = invoke(root, "new", "--translate", "proef-in-de-zorg", "--lang", "fr",
                         "--title", "Essai dans les soins")
        assert started.returncode == 0, started.stderr
        fr_url = _address(started.stdout)
        server.wait_until_served(fr_url)
        # in a tab of its own, as an author opens a printed address: the Dutch tab reloads
        # by itself after the build the new file starts, which would cut a navigation short
        tab.close()
        tab = browser.new_page()
        tab.goto(server.origin + fr_url)
        banner = _banner(tab)
        assert banner and banner["kind"] == "error" and "field-empty" in banner["codes"]
        # 4. filled in and published: the check passes, the build publishes both pages
        fr_file = root / "content" / "cases" / "fr" / "proef-in-de-zorg.md"
        _fill(fr_file, FILLED_FR, TEXT_FR, publish=True)
        _fill(nl_file, {}, TEXT_NL, publish=True)
        checked = invoke(root, "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        tab.close()
        server.process.terminate()
        server.process.wait(timeout=30)
    built = invoke(root, "build", "--settings", "pelicanconf.py")
    assert built.returncode == 0, built.stdout + built.stderr
    output = root / "output"
    for url in (nl_url, fr_url):
        page = (output / url.strip("/") / "index.html").read_text("utf-8")
        assert "preview-banner" not in page
    assert not [p for p in output.rglob("*.html") if "data-preview-banner" in
                p.read_text("utf-8")]
    with capsys.disabled():
        print(f"\n[journey] nl {nl_url}, fr {fr_url}: preview, check and build passed")
