"""Figures for the editor choice (docs/dev/editor.md), printed, never asserted.

    .venv/bin/python -m editor.measure [path/to/unpacked/@sveltia/cms/package]

Decap (node_modules/decap-cms, served by editor/server.py on a copy of content/): bytes the
editor page loads in Chromium, axe-core violations on its screens. Sveltia, when an unpacked
package is given (`npm pack @sveltia/cms@VERSION` in a temporary folder, then `tar xzf`): its
bundle's bytes and axe on the screen it shows first (sign in; it has no local backend a test
could drive: its local mode asks for a folder with the browser's folder picker).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import socketserver
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "plugins"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))


def _axe(page) -> list[tuple[str, str, int]]:
    from tests.browser import run_axe

    return [(v["id"], v["impact"], len(v["nodes"])) for v in run_axe(page)]


def _loaded(page, origin: str):
    sizes: list[int] = []
    page.on("response", lambda r: r.url.startswith(origin) and r.request.method == "GET"
            and sizes.append(len(r.body())))
    return sizes


def decap(browser) -> None:
    from editor.server import EditorServer

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "content", Path(tmp) / "content")
        with EditorServer(Path(tmp)) as server:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sizes = _loaded(page, f"http://127.0.0.1:{server.port}/admin/")
            page.goto(server.url)
            page.get_by_role("button", name="Inloggen").wait_for()
            print("decap: login screen axe", _axe(page))
            page.get_by_role("button", name="Inloggen").click()
            page.get_by_text("Praktijkvoorbeelden").first.wait_for()
            page.wait_for_timeout(1000)
            print("decap: collection list axe", _axe(page))
            page.goto(server.url + "#/collections/cases/new")
            page.wait_for_selector('label[for^="Title-field-"]')
            page.wait_for_timeout(1000)
            print("decap: new case axe", _axe(page))
            print(f"decap: {len(sizes)} files from /admin/, {sum(sizes)} bytes")
            page.set_viewport_size({"width": 320, "height": 800})
            page.wait_for_timeout(500)
            width = page.evaluate("document.documentElement.scrollWidth")
            print(f"decap: page width at 320 px: {width} px")
            page.close()
    bundle = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    data = bundle.read_bytes()
    print(f"decap: decap-cms.js {len(data)} bytes, gzip {len(gzip.compress(data, 9))}")


def sveltia(browser, package: Path) -> None:
    dist = package / "dist"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        shutil.copytree(dist, site / "admin")
        (site / "admin" / "index.html").write_text(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>CMS</title>'
            '</head><body><script src="sveltia-cms.js" type="module"></script></body></html>')
        (site / "admin" / "config.yml").write_text(
            "backend: {name: github, repo: voorbeeld/overstap, branch: main}\n"
            "media_folder: content/images\nlocale: nl\ncollections:\n"
            " - {name: cases, label: Cases, folder: content/cases, create: true, "
            "fields: [{name: Title, widget: string}]}\n")

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0),
                                                functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sizes = _loaded(page, origin)
        away: list[str] = []
        page.on("request", lambda r: r.url.startswith(origin) or away.append(r.url))
        page.goto(origin + "/admin/")
        page.wait_for_timeout(4000)
        print("sveltia: first screen axe", _axe(page))
        print(f"sveltia: {len(sizes)} files, {sum(sizes)} bytes; elsewhere: {away}")
        page.close()
        httpd.shutdown()
    data = (dist / "sveltia-cms.js").read_bytes()
    print(f"sveltia: sveltia-cms.js {len(data)} bytes, gzip {len(gzip.compress(data, 9))}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        decap(browser)
        if len(sys.argv) > 1:
            sveltia(browser, Path(sys.argv[1]))
        browser.close()


if __name__ == "__main__":
    main()
