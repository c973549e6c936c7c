"""`make serve`: preview with drafts on 127.0.0.1; a saved file shows in the open tab at once.

The preview is built into .build/preview/ (never into output/). Pages are served as built, plus
one script tag (preview only) that listens for server-sent events: `reload` when the tab's own
page was rewritten, and the problems no page can show (a file without a usable header, a
broken data file), shown over every page. A file with problems still has its page, with its
problems in a banner at the top (portal/preview.py): the preview never goes dark.

A saved content file takes the fast path (portal/incremental.py): that file alone is re-read
and checked, its own pages are rewritten and their tabs reloaded, then the pages that list it.
Anything else (theme, data, settings, a new or deleted file) gets a full build.
"""

from __future__ import annotations

import collections
import functools
import html
import http.server
import io
import json
import queue
import socketserver
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from content_model import ContentErrors, report
from content_model.messages import author_lang, msg, say

from .incremental import LiveSite, NeedsFullBuild

RELOAD_JS = b"""(function () {
  var page = location.pathname.replace(/index\\.html$/, '');
  var events = new EventSource('/__events?page=' + encodeURIComponent(page));
  var box = null;
  function show(text) {
    if (!text) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement('pre');
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;' +
        'margin:0;padding:1rem;background:#fff3f3;color:#5a0000;border-top:4px solid #b00020;' +
        'font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647';
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  events.onopen = function () { document.documentElement.setAttribute('data-preview', 'on'); };
  events.onmessage = function (event) {
    var data = JSON.parse(event.data);
    if (data.reload) { location.reload(); } else { show(data.problems); }
  };
}());"""
WAITING = ("<!DOCTYPE html><html lang=\"{lang}\"><meta charset=\"utf-8\"><title>{title}</title>"
           "<h1>{heading}</h1><p>{fix}</p><noscript><pre>{problems}</pre>"
           "</noscript><script src=\"/__reload.js\"></script></html>")


def waiting_page(problems: str, lang: str | None = None) -> str:
    """The page every address answers while the preview cannot be built, in the author's
    language."""
    lang = lang or author_lang()
    return WAITING.format(
        lang=lang, title=html.escape(say(msg("Preview"), lang)),
        heading=html.escape(say(msg("The preview could not be built"), lang)),
        fix=html.escape(say(msg("Fix the problems shown below (and in the terminal) and save: "
                                "this page reloads by itself."), lang)),
        problems=html.escape(problems or say(msg("Building…"), lang)))


def missing_page(lang: str | None = None) -> str:
    """What an address without a page answers in the preview, in the author's language."""
    lang = lang or author_lang()
    return WAITING.format(
        lang=lang, title=html.escape(say(msg("Preview"), lang)),
        heading=html.escape(say(msg("There is no page at this address (yet)"), lang)),
        fix=html.escape(say(msg("Just made a new file or translation? The preview is building "
                                "it: this page reloads by itself when it is ready. Otherwise, "
                                "check the address."), lang)),
        problems="")


WATCHED = ("content", "theme", "plugins", "pelicanconf.py")
IGNORED_SUFFIXES = (".mo", ".pyc", ".swp", ".swx", "~")
HISTORY = 200  # updates remembered for tabs that were busy reloading
GRACE = 0.3  # seconds between an item's page and the pages that list it


class Preview:
    """Builds the preview and tells open tabs what changed."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / ".build" / "preview"
        self.live = LiveSite(root, self.folder)
        self.version = 0
        self.history: list[tuple[int, frozenset | None]] = []  # None: every page
        self.problems = ""  # the report shown over every page while the content has errors
        self.elsewhere = ""  # problems no page's banner shows (portal/preview.py)
        self.open_pages: collections.Counter = collections.Counter()  # page -> open tabs
        self.saved: queue.Queue[set[Path]] = queue.Queue()  # files saved, not yet applied
        self.changed = threading.Condition()

    # -- building --------------------------------------------------------------------------------
    def build(self) -> bool:
        """A full build; its generators are kept for the fast path."""
        from pelican import signals

        from safe_publish.build import run

        started, captured, said = time.perf_counter(), [], io.StringIO()

        def keep(generators):
            captured[:] = generators

        signals.all_generators_finalized.connect(keep, weak=False)
        try:
            code = run(str(self.root / "pelicanconf.py"),
                       {"OUTPUT_PATH": str(self.folder), "PREVIEW": True}, stream=said)
        finally:
            signals.all_generators_finalized.disconnect(keep)
        print(said.getvalue().rstrip(), flush=True)
        print(f"[preview] full build {'ok' if code == 0 else 'FAILED'} in "
              f"{time.perf_counter() - started:.2f} s", flush=True)
        if code:
            self.live.forget()
            self.announce(frozenset(), said.getvalue().strip())
            return False
        self.live.capture(captured)
        self.elsewhere = self._elsewhere(captured)
        self.announce(None, self.elsewhere)
        self.live.index_links()
        return True

    @staticmethod
    def _elsewhere(generators) -> str:
        """The problems no page can show (a file without a usable header, a data file):
        shown over every page; the others are in their page's banner (portal/preview.py)."""
        portal = next((g for g in generators if "preview_problems" in g.context), None)
        problems = portal.context["preview_problems"] if portal else []
        if not problems:
            return ""
        text = report(problems)
        print(text, flush=True)
        return text

    def apply(self, paths: set[Path]) -> None:
        """React to saved files: the fast path when it can, else a full build."""
        content = self.root / "content"
        paths = {p for p in paths if p.exists() or p.suffix == ".md"}  # not editors' temp files
        items = sorted(p for p in paths if _is_item_file(p, content))
        if not paths:
            return
        if not items or len(items) != len(paths):
            self.build()
            return
        try:
            update = self.live.update(items)
        except NeedsFullBuild as why:
            print(f"[preview] {why}: full build", flush=True)
            self.build()
            return
        except ContentErrors as exc:
            text = report(exc.problems)
            print(text, flush=True)
            self.announce(frozenset(), text)
            return
        self.announce(frozenset(update.pages), self.elsewhere)
        self._print(update)
        self._pause(GRACE)  # let the open tab load the new page before step 2 takes the CPU
        started = time.perf_counter()
        with self.changed:
            open_pages = frozenset(self.open_pages)
        rest = self.live.finish(update, open_pages,
                                lambda urls: self.announce(frozenset(urls), self.elsewhere),
                                stop=lambda: not self.saved.empty())
        self.announce(frozenset(rest), self.elsewhere)
        print(f"[preview] then {len(rest)} other page(s) in "
              f"{time.perf_counter() - started:.2f} s", flush=True)

    def _pause(self, seconds: float) -> None:
        """Wait a little, unless a newer save is waiting."""
        end = time.monotonic() + seconds
        while self.saved.empty() and time.monotonic() < end:
            time.sleep(0.01)

    def _print(self, update) -> None:
        names = ", ".join(i.path for i in update.items)
        print(f"[preview] {names}: {len(update.pages)} page(s) in {update.seconds:.2f} s",
              flush=True)
        if update.problems:
            print(report(update.problems), flush=True)

    # -- telling the tabs ------------------------------------------------------------------------
    def announce(self, pages: frozenset | None, problems: str) -> None:
        """Pages rewritten (None: all of them) and the problems to show (empty: none)."""
        with self.changed:
            self.version += 1
            self.history = (self.history + [(self.version, pages)])[-HISTORY:]
            self.problems = problems
            self.changed.notify_all()

    def newer(self, version: int) -> bool:
        return self.version != version

    def touched(self, page: str, since: int) -> bool:
        """Whether `page` was rewritten after version `since`."""
        if self.history and self.history[0][0] > since + 1:
            return True  # too long ago to know: reload to be sure
        return any(pages is None or page in pages
                   for version, pages in self.history if version > since)

    # -- watching --------------------------------------------------------------------------------
    def watch(self, stop: threading.Event | None = None) -> None:
        """Saved files go into a queue (this thread); `work` applies them (another thread),
        so a save made while the pages that list an item are rewritten cuts that work short."""
        import watchfiles

        threading.Thread(target=self.work, daemon=True).start()
        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        relevant = watchfiles.DefaultFilter()
        for changes in watchfiles.watch(*paths, step=20, stop_event=stop, raise_interrupt=False,
                                        watch_filter=lambda change, path: relevant(change, path)
                                        and not path.endswith(IGNORED_SUFFIXES)):
            self.saved.put({Path(path) for _, path in changes})

    def work(self) -> None:
        while True:
            paths = self.saved.get()
            while not self.saved.empty():
                paths |= self.saved.get()
            self.apply(paths)


def _is_item_file(path: Path, content: Path) -> bool:
    """An existing Markdown file in content/<type>/<lang>/ (what the fast path handles)."""
    try:
        parts = path.relative_to(content).parts
    except ValueError:
        return False
    return (len(parts) == 3 and not parts[0].startswith(("_", ".")) and path.suffix == ".md"
            and path.is_file())


def make_handler(preview: Preview, editor: str | None = None):
    """`editor`: the web editor's address (its own origin, docs/dev/editor.md), where the
    preview's `/admin/` leads."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - the stdlib's name
            if self.path.startswith("/__events"):
                return self.events()
            if editor and self.path.split("?")[0] in ("/admin", "/admin/"):
                self.send_response(303)
                self.send_header("Location", editor)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if self.path == "/__reload.js":
                return self.send_bytes(RELOAD_JS, "text/javascript")
            if self.path.split("?")[0] in ("/api/search", "/api/search/"):
                return self.search_api()
            if not preview.folder.is_dir():
                return self.send_waiting()
            return super().do_GET()

        def send_waiting(self):
            """No preview yet (the first build failed): the problems, until it is built."""
            body = waiting_page(preview.problems).encode()
            self.send_response(503)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def search_api(self):
            """The search service (search/service.py) over the preview's index."""
            from search.service import make_app, respond

            status, headers, body = respond(make_app(preview.folder), self.path)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def send_error(self, code, message=None, explain=None):
            """A page not (yet) in the preview: said in the author's language, and the page
            reloads by itself once the build that makes it is done (a new translation's
            address works as soon as its build ends)."""
            if code != 404:
                return super().send_error(code, message, explain)
            body = missing_page().encode()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return None

        def send_bytes(self, body: bytes, kind: str):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def events(self):
            page = parse_qs(urlsplit(self.path).query).get("page", [""])[0]
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = preview.version
            with preview.changed:
                preview.open_pages[page] += 1
            try:
                if preview.problems:
                    self.send_event(False)
                while True:
                    with preview.changed:
                        preview.changed.wait_for(functools.partial(preview.newer, seen), 15)
                    if preview.version == seen:
                        self.wfile.write(b": ping\n\n")
                        self.wfile.flush()
                        continue
                    reload, seen = preview.touched(page, seen), preview.version
                    self.send_event(reload)
            except (BrokenPipeError, ConnectionResetError):
                return
            finally:
                with preview.changed:
                    preview.open_pages[page] -= 1
                    if preview.open_pages[page] <= 0:
                        del preview.open_pages[page]

        def send_event(self, reload: bool) -> None:
            data = json.dumps({"reload": reload, "problems": preview.problems})
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        def end_headers(self):
            if self.path.split("?")[0].endswith(("/", ".html")):
                self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def copyfile(self, source, outputfile):
            if self.path.split("?")[0].endswith(("/", ".html")):
                body = source.read().replace(
                    b"</body>", b'<script src="/__reload.js"></script></body>', 1)
                outputfile.write(body)
            else:
                super().copyfile(source, outputfile)

        def send_header(self, keyword, value):
            if keyword == "Content-Length" and self.path.split("?")[0].endswith(("/", ".html")):
                return  # the page grows by one script tag
            super().send_header(keyword, value)

    return Handler


def serve(root: Path, port: int = 8000, ready: threading.Event | None = None,
          editor: str | None = None) -> None:
    preview = Preview(root)
    preview.build()
    threading.Thread(target=preview.watch, daemon=True).start()
    handler = functools.partial(make_handler(preview, editor), directory=str(preview.folder))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Preview on http://127.0.0.1:{port}/nl/ (drafts shown). Ctrl+C stops.", flush=True)
        if ready is not None:
            ready.set()
        httpd.serve_forever()
