"""The web editor on loopback: `/admin/` (Decap CMS from node_modules, its configuration generated
from the content model) and its local backend, `/api/v1`, which reads and writes `content/`.

The backend speaks the protocol of Decap's `proxy` backend (what `decap-server` answers in its
`local_fs` mode), in Python, so `make serve` needs no second program: `entriesByFolder`,
`entriesByFiles`, `getEntry`, `persistEntry`, `getMedia`, `getMediaFile`, `persistMedia`,
`deleteFile(s)`; plus `checkFiles`, the content checks of the files just saved, which the editor
shows under its toolbar.

It listens on 127.0.0.1 only, answers only requests addressed to its own origin (Host and Origin
checked: no other web page can drive it, no DNS rebinding), writes only Markdown files in
`content/<type>/<lang>/` and images in `content/images/` (no `..`, no links followed), each by
a temporary file and a rename. Every response carries the editor's own security policy
(`POLICY`); the public pages keep theirs. See docs/dev/editor.md.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import re
import socketserver
import threading
from pathlib import Path

from content_model import schema

HERE = Path(__file__).resolve().parent
#: Decap's bundle needs `unsafe-eval` (its configuration is validated by ajv, which compiles
#: validators with `new Function`; decap-cms issue 2138) and inline styles (emotion). Both are
#: limited to this loopback origin; nothing is loaded from another origin.
POLICY = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob:; "
          "frame-src 'self' blob:; worker-src 'self' blob:; manifest-src 'self'; "
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
TYPES = {".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
         ".json": "application/json", ".html": "text/html; charset=utf-8",
         ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".webp": "image/webp", ".avif": "image/avif", ".gif": "image/gif"}
MAX_REQUEST = 8 * 1024 * 1024
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")
IMAGE_RE = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*\.(jpe?g|png|webp|avif|svg|gif)$")

PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Overstap: webeditor</title>
<link rel="stylesheet" href="/admin/admin.css">
</head>
<body>
<div id="overstap-check" role="status" aria-live="polite"></div>
<script src="/admin/header.js"></script>
<script src="/admin/admin.js"></script>
<script src="/admin/decap-cms.js"></script>
</body>
</html>
"""


class EditorError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Backend:
    """The files the editor may read and write, under `root` (the project)."""

    def __init__(self, root: Path, decap_dist: Path, css: Path):
        self.root = root.resolve()
        self.content = self.root / "content"
        self.dist = decap_dist
        self.css = css
        self.lock = threading.Lock()

    # -- paths ----------------------------------------------------------------------------------
    def _path(self, rel: str, write: bool = False) -> Path:
        """A path the editor names, relative to the project, checked: inside content/, no
        hidden or `..` parts, no link on the way; written files only where items and images
        live."""
        if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
            raise EditorError(400, f"not a path: {rel!r}")
        parts = rel.strip("/").split("/")
        if parts[0] != "content" or any(p in ("", ".", "..") or p.startswith(".")
                                        for p in parts):
            raise EditorError(403, f"outside content/: {rel}")
        path = self.root.joinpath(*parts)
        probe = self.root
        for part in parts:
            probe = probe / part
            if probe.is_symlink():
                raise EditorError(403, f"a link: {rel}")
        if write:
            inner = parts[1:]
            item = (len(inner) == 3 and inner[0] in schema.TYPES.values()
                    and inner[1] in ("nl", "fr", "en") and NAME_RE.match(inner[2]))
            image = len(inner) == 2 and inner[0] == "images" and IMAGE_RE.match(inner[1])
            if not (item or image):
                raise EditorError(403, f"the editor does not write {rel}")
        return path

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _entry(self, path: Path) -> dict:
        data = path.read_bytes()
        return {"data": data.decode("utf-8", errors="replace"),
                "file": {"path": self._rel(path), "id": hashlib.sha1(data).hexdigest()}}

    def _media(self, path: Path) -> dict:
        data = path.read_bytes()
        return {"id": hashlib.sha1(data).hexdigest(), "content": base64.b64encode(data).decode(),
                "encoding": "base64", "path": self._rel(path), "name": path.name}

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.parent / f".{path.name}.editor.tmp"
        temp.write_bytes(data)
        os.replace(temp, path)

    # -- the protocol ---------------------------------------------------------------------------
    def handle(self, action: str, params: dict):
        method = getattr(self, "do_" + action, None) if re.match(r"^[A-Za-z]+$", action) else None
        if method is None:
            raise EditorError(422, f"unknown action {action!r}")
        if action == "checkFiles":  # slow (seconds): never holds the files' lock
            return method(params or {})
        with self.lock:
            return method(params or {})

    def do_info(self, params):
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def do_entriesByFolder(self, params):
        folder = self._path(params.get("folder", ""))
        extension = str(params.get("extension") or "md")
        depth = int(params.get("depth") or 1)
        found = []
        if folder.is_dir():
            for path in sorted(folder.rglob(f"*.{extension}")):
                rel = path.relative_to(folder)
                if len(rel.parts) <= depth and not any(p.startswith((".", "_"))
                                                       for p in rel.parts) \
                        and path.is_file() and not path.is_symlink():
                    found.append(self._entry(path))
        return found

    def do_entriesByFiles(self, params):
        out = []
        for file in params.get("files") or []:
            path = self._path(file.get("path", ""))
            if path.is_file():
                out.append(self._entry(path))
        return out

    def do_getEntry(self, params):
        path = self._path(params.get("path", ""))
        if not path.is_file():
            raise EditorError(404, f"no such file: {params.get('path')}")
        return self._entry(path)

    def do_persistEntry(self, params):
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        for asset in params.get("assets") or []:
            self._write(self._path(asset["path"], write=True), base64.b64decode(asset["content"]))
        for file in files:
            if not file.get("raw", "").strip():
                continue  # a language the author did not write (Decap sends it as "\n")
            path = self._path(file["path"], write=True)
            if file.get("newPath"):
                new = self._path(file["newPath"], write=True)
                self._write(new, file["raw"].encode("utf-8"))
                if new != path and path.exists():
                    path.unlink()
            else:
                self._write(path, file["raw"].encode("utf-8"))
        return {"message": "entry persisted"}

    def do_getMedia(self, params):
        folder = self._path(params.get("mediaFolder") or "content/images")
        return [self._media(p) for p in sorted(folder.iterdir())
                if p.is_file() and not p.is_symlink() and not p.name.startswith(".")] \
            if folder.is_dir() else []

    def do_getMediaFile(self, params):
        return self._media(self._path(params.get("path", "")))

    def do_persistMedia(self, params):
        asset = params.get("asset") or {}
        path = self._path(asset.get("path", ""), write=True)
        self._write(path, base64.b64decode(asset.get("content", "")))
        return self._media(path)

    def do_deleteFile(self, params):
        path = self._path(params.get("path", ""), write=True)
        if path.exists():
            path.unlink()
        return {"message": "deleted"}

    def do_deleteFiles(self, params):
        for rel in params.get("paths") or []:
            self.do_deleteFile({"path": rel})
        return {"message": "deleted"}

    def do_checkFiles(self, params):
        """`invoke check --json` in the project, the problems of the files just saved:
        [{path, line, field, severity, message, hint, code}]."""
        import subprocess
        import sys

        wanted = {str(p) for p in params.get("paths") or []}
        invoke = Path(sys.executable).parent / "invoke"
        done = subprocess.run([str(invoke), "check", "--json"], cwd=self.root,
                              capture_output=True, text=True, timeout=600)
        try:
            problems = json.loads(done.stdout[done.stdout.index("["):])
        except ValueError:
            raise EditorError(500, "invoke check failed: "
                              + (done.stderr or done.stdout)[-2000:]) from None
        return [p for p in problems if p.get("path") in wanted]

    # -- static files ---------------------------------------------------------------------------
    def static(self, name: str) -> tuple[bytes, str] | None:
        if name in ("", "index.html"):
            return PAGE.encode(), TYPES[".html"]
        if name == "config.json":
            from . import config

            return json.dumps(config.build(self.root), ensure_ascii=False).encode(), TYPES[".json"]
        if name in ("header.js", "admin.js", "admin.css"):
            path = HERE / name
        elif name == "portal.css":
            path = self.css
        elif re.match(r"^[A-Za-z0-9._-]+$", name) and not name.startswith(".") \
                and not name.endswith(".map"):
            path = self.dist / name
        else:
            return None
        if not path.is_file():
            return None
        return path.read_bytes(), TYPES.get(path.suffix, "application/octet-stream")


def make_handler(backend: Backend, port_holder: list):
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "overstap-editor"
        sys_version = ""

        def log_message(self, *args):
            pass

        def own_origin(self) -> bool:
            port = port_holder[0]
            hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
            if self.headers.get("Host") not in hosts:
                return False
            origin = self.headers.get("Origin")
            return origin is None or origin in {f"http://{h}" for h in hosts}

        def send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            for name, value in HEADERS.items():
                self.send_header(name, value)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def send_json(self, status: int, value) -> None:
            self.send(status, json.dumps(value, ensure_ascii=False).encode(),
                      "application/json; charset=utf-8")

        def do_GET(self):  # noqa: N802 - the stdlib's name
            if not self.own_origin():
                return self.send(421, b"wrong host", "text/plain")
            path = self.path.split("?")[0]
            if path in ("/", "/admin"):
                self.send_response(302)
                self.send_header("Location", "/admin/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not path.startswith("/admin/"):
                return self.send(404, b"not found", "text/plain")
            found = backend.static(path[len("/admin/"):])
            if found is None:
                return self.send(404, b"not found", "text/plain")
            self.send(200, *found)

        do_HEAD = do_GET  # noqa: N815

        def do_POST(self):  # noqa: N802
            if not self.own_origin() or self.path.split("?")[0] != "/api/v1":
                return self.send_json(403, {"error": "not allowed"})
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                return self.send_json(415, {"error": "JSON only"})
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_REQUEST:
                return self.send_json(413, {"error": "request too large"})
            try:
                body = json.loads(self.rfile.read(length))
                result = backend.handle(str(body.get("action", "")), body.get("params") or {})
            except EditorError as exc:
                return self.send_json(exc.status, {"error": str(exc)})
            except (ValueError, KeyError, TypeError, OSError) as exc:
                return self.send_json(400, {"error": f"{type(exc).__name__}: {exc}"})
            self.send_json(200, result)

    return Handler


class EditorServer:
    """The editor on 127.0.0.1:`port` (0: a free port), in a thread; a context manager."""

    def __init__(self, root: Path, port: int = 0):
        root = Path(root).resolve()
        code = Path(__file__).resolve().parent.parent  # the repository (node_modules, theme)
        dist = code / "node_modules" / "decap-cms" / "dist"
        if not (dist / "decap-cms.js").is_file():
            raise FileNotFoundError(f"{dist / 'decap-cms.js'} is missing: run `npm ci`")
        self.backend = Backend(root, dist, code / "theme" / "static" / "css" / "portal.css")
        holder = [port]
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.httpd = socketserver.ThreadingTCPServer(("127.0.0.1", port),
                                                     make_handler(self.backend, holder))
        self.httpd.daemon_threads = True
        self.port = holder[0] = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/admin/"

    def start(self) -> EditorServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main() -> None:  # python -m editor.server [root] [port]
    import sys
    import time

    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    server = EditorServer(root, int(sys.argv[2]) if len(sys.argv) > 2 else 8001).start()
    print(f"Web editor on {server.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
