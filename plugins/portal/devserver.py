"""`make serve`: preview with drafts on 127.0.0.1, rebuilt on every save, the tab reloaded.

The preview is built into .build/preview/ (never into output/). Pages are served as built,
plus one script tag that listens for "rebuilt" events; nothing of this reaches output/.
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import sys
import threading
import time
from pathlib import Path

RELOAD_JS = b"""(function(){var s=new EventSource('/__events');
s.onmessage=function(e){if(e.data==='reload'){location.reload();}};}());"""
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")


class Preview:
    def __init__(self, root: Path):
        self.root = root
        self.folder = root / ".build" / "preview"
        self.version = 0
        self.changed = threading.Condition()

    def build(self) -> bool:
        from safe_publish.build import run

        started = time.perf_counter()
        code = run(str(self.root / "pelicanconf.py"),
                   {"OUTPUT_PATH": str(self.folder), "PREVIEW": True}, stream=sys.stdout)
        print(f"[preview] {'ok' if code == 0 else 'FAILED'} in "
              f"{time.perf_counter() - started:.2f} s", flush=True)
        if code == 0:
            with self.changed:
                self.version += 1
                self.changed.notify_all()
        return code == 0

    def snapshot(self) -> dict:
        files = {}
        for name in WATCHED:
            path = self.root / name
            for file in ([path] if path.is_file() else path.rglob("*")):
                if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".mo":
                    files[file] = file.stat().st_mtime_ns
        return files

    def watch(self) -> None:
        seen = self.snapshot()
        while True:
            time.sleep(0.2)
            now = self.snapshot()
            if now != seen:
                seen = now
                self.build()


def make_handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - the stdlib's name
            if self.path == "/__events":
                return self.events()
            if self.path == "/__reload.js":
                return self.send_bytes(RELOAD_JS, "text/javascript")
            return super().do_GET()

        def send_bytes(self, body: bytes, kind: str):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = preview.version
            try:
                while True:
                    with preview.changed:
                        preview.changed.wait(timeout=15)
                    message = b"data: reload\n\n" if preview.version != version else b": ping\n\n"
                    version = preview.version
                    self.wfile.write(message)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def copyfile(self, source, outputfile):
            if self.path.endswith((".html", "/")) or self.path.split("?")[0].endswith("/"):
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


def serve(root: Path, port: int = 8000) -> None:
    preview = Preview(root)
    preview.build()
    threading.Thread(target=preview.watch, daemon=True).start()
    handler = functools.partial(make_handler(preview), directory=str(preview.folder))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Preview on http://127.0.0.1:{port}/nl/ (drafts shown). Ctrl+C stops.", flush=True)
        httpd.serve_forever()
