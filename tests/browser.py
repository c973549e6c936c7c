"""Real-browser helpers: Debian's Chromium driven by Playwright, axe-core injected offline.

Nothing here skips: a missing browser or axe file fails the test with what to install.
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading
from pathlib import Path

from tests.support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def require_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append("Debian's chromium (apt-get install chromium; .ci/run does this)")
    if not AXE.exists():
        missing.append("node_modules/axe-core (npm ci; make test does this)")
    assert not missing, "missing for browser tests: " + "; ".join(missing)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class StaticServer:
    """Serve a folder on 127.0.0.1 on a free port, in a thread."""

    def __init__(self, folder: Path, handler=_Quiet):
        socketserver.TCPServer.allow_reuse_address = True
        self.httpd = socketserver.ThreadingTCPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def until(page, script: str, arg=None, timeout: float = 10.0) -> None:
    """Wait until `script` (a JavaScript expression, or a function of `arg`) is true on the
    page. Polled from Python with `page.evaluate`, which a page's content security policy does
    not govern: Playwright's own `wait_for_function` evaluates its predicate with `eval` in the
    page, which a policy without 'unsafe-eval' (the portal's) refuses."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"not true after {timeout} s: {script}"
        page.wait_for_timeout(50)


def run_axe(page) -> list[dict]:
    """axe violations on the loaded page: [{'id', 'impact', 'help', 'nodes': [...]}]."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))", AXE_TAGS)
    return result


def describe(violations) -> str:
    return "\n".join(f"  {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
                     for v in violations)
