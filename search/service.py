"""The search service: a small WSGI app over the Whoosh indexes, answering JSON.

    GET /api/search?q=loopbaanbegeleiding&lang=nl&type=measure&sectors=zorg&limit=10&offset=0

Answers what `invoke search --json` prints and what the search page shows: the same words,
totals (`total`: pages with some of the words, `full`: with all of them), ranked results
(URL, title, summary, type, date, score, the words each lacks, the sections that matched,
highlights), suggestion and the other languages where every word finds pages.

Limits: the query string at most MAX_REQUEST bytes (414 otherwise) and MAX_FIELDS parameters,
UTF-8 (percent-encoded); `q` cut to 200 characters and 10 words, `limit` at most 50, `offset`
at most 1000, 20 values per filter; request headers at most MAX_HEADERS bytes (431); no
request body over MAX_BODY bytes (413; a smaller one is read and ignored). Every answer is
JSON: `{"error": ...}` with a 4xx status for a request it refuses, 503 while no index is
built; a failure inside is logged, answered `500 {"error": "internal error"}`, never shown.

Run it: `python -m search.service --output output --port 8001` (loopback by default; `--port 0`
picks a free port and prints it), mount `make_app(output)` in any WSGI server, or use `make
serve` (the preview answers /api/search). The standalone server (`Server`, `Handler`) is the
standard library's wsgiref, hardened: at most WORKERS requests at once (more wait in the
listen queue), a client silent for TIMEOUT seconds is dropped, and the HTTP layer's own
refusals (request line over 64 KiB, a header line over 64 KiB or more than 100 headers, a
malformed request line, HTTP/0.9 or 2+) are JSON 4xx too, never HTML.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, unquote
from wsgiref import simple_server

from .index import index_home
from .model import FACET_KEYS

MAX_REQUEST = 4096  # bytes of query string
MAX_FIELDS = 100  # parameters in one query string
MAX_HEADERS = 8192  # bytes of request headers, names and values
MAX_BODY = 4096  # the service needs no body: a small one is read and dropped, a larger one refused
MAX_OFFSET = 1000
WORKERS = 16  # requests answered at once by the standalone server
TIMEOUT = 10  # seconds a client may stay silent
LINGER_BYTES = 1 << 20  # read and dropped after a refusal, so the client gets the answer
PATHS = ("/api/search", "/api/search/")
METHODS = ("GET", "HEAD")
STATUS = {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found",
          405: "405 Method Not Allowed", 408: "408 Request Timeout", 411: "411 Length Required",
          413: "413 Content Too Large", 414: "414 URI Too Long",
          431: "431 Request Header Fields Too Large", 500: "500 Internal Server Error",
          503: "503 Service Unavailable"}
HEADERS = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store"),
           ("X-Content-Type-Options", "nosniff"),
           ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")]


class Refused(Exception):
    """A request the service does not answer: the status and what to tell the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _json(data) -> bytes:
    # `<` escaped: the body stays inert even if a browser is made to render it as HTML
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c") \
        .encode("utf-8")


def _request_bytes(text: str) -> bytes:
    """The bytes of a request string: WSGI servers pass them as latin-1 text (PEP 3333); a
    caller in Python may pass real text."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def parameters(query_string: str) -> dict[str, list[str]]:
    raw = _request_bytes(query_string)
    if len(raw) > MAX_REQUEST:
        raise Refused(414, f"the query string is longer than {MAX_REQUEST} bytes")
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, errors="strict",
                        max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise Refused(400, "the query string is not UTF-8: percent-encode UTF-8 text") \
            from None
    except ValueError:  # parse_qs: too many fields
        raise Refused(400, f"more than {MAX_FIELDS} parameters") from None


def _number(params, name: str, default: int, high: int) -> int:
    raw = (params.get(name) or [""])[0].strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise Refused(400, f"`{name}` must be a whole number from 0 to {high}")
    digits = raw.lstrip("0") or "0"  # never int() of thousands of digits
    return high if len(digits) > 6 else min(int(digits), high)


def check_request(environ) -> None:
    """Refuse oversized headers and bodies; read and drop a small body."""
    size = sum(len(key) + len(str(value)) for key, value in environ.items()
               if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH"))
    if size > MAX_HEADERS:
        raise Refused(431, f"the request headers are longer than {MAX_HEADERS} bytes")
    if environ.get("HTTP_TRANSFER_ENCODING"):
        raise Refused(411, "the service takes no request body (no Transfer-Encoding)")
    length = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not length:
        return
    if not (length.isascii() and length.isdigit()):
        raise Refused(400, "Content-Length must be a whole number")
    digits = length.lstrip("0") or "0"
    if len(digits) > 9 or int(digits) > MAX_BODY:
        raise Refused(413, f"the service takes no request body (at most {MAX_BODY} bytes, "
                           "ignored)")
    stream, todo = environ.get("wsgi.input"), int(digits)
    try:
        while stream is not None and todo > 0:
            chunk = stream.read(todo)
            if not chunk:
                break
            todo -= len(chunk)
    except OSError:  # socket.timeout included: the body never came
        raise Refused(408, "the request body did not arrive") from None


class SearchApp:
    def __init__(self, output: Path, langs=("nl", "fr", "en"), default_lang: str = "nl"):
        self.home = index_home(Path(output))
        self.langs = tuple(langs)
        self.default_lang = default_lang

    def engine(self, lang: str):
        from .query import engine_for

        folder = self.home / lang
        try:
            return engine_for(folder) if (folder / "overstap.json").exists() else None
        except FileNotFoundError:  # the index was removed while we looked
            return None

    def answer(self, method: str, path: str, query_string: str) -> tuple[int, dict]:
        from .query import MAX_RESULTS

        if path not in PATHS:
            return 404, {"error": "not found: the service answers /api/search"}
        if method not in METHODS:
            return 405, {"error": "only GET (or HEAD)"}
        try:
            params = parameters(query_string)
            lang = (params.get("lang") or [""])[0] or self.default_lang
            if lang not in self.langs:
                raise Refused(400, "`lang` must be one of " + ", ".join(self.langs))
            limit = _number(params, "limit", 10, MAX_RESULTS)
            offset = _number(params, "offset", 0, MAX_OFFSET)
        except Refused as refusal:
            return refusal.status, {"error": str(refusal)}
        engine = self.engine(lang)
        if engine is None:
            return 503, {"error": f"no search index for '{lang}' yet: build the site"}
        filters = {key: params[key] for key in FACET_KEYS if key in params}
        siblings = {other: self.engine(other) for other in self.langs if other != lang}
        results = engine.search((params.get("q") or [""])[0], filters, limit, offset,
                                siblings=siblings)
        return 200, dict(results.as_dict(), lang=lang, limit=limit, offset=offset)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            check_request(environ)
            status, data = self.answer(method, environ.get("PATH_INFO", ""),
                                       environ.get("QUERY_STRING", ""))
        except Refused as refusal:
            status, data = refusal.status, {"error": str(refusal)}
        except Exception:  # noqa: BLE001 - logged for the operator, never sent to the client
            print(traceback.format_exc(), file=environ.get("wsgi.errors", sys.stderr))
            status, data = 500, {"error": "internal error"}
        body = _json(data)
        headers = [*HEADERS, ("Content-Length", str(len(body)))]
        if status == 405:
            headers.append(("Allow", ", ".join(METHODS)))
        start_response(STATUS[status], headers)
        return [b""] if method == "HEAD" else [body]


def make_app(output: Path, langs=("nl", "fr", "en"), default_lang: str = "nl") -> SearchApp:
    return SearchApp(output, langs, default_lang)


def respond(app: SearchApp, path_and_query: str, method: str = "GET"):
    """Call the app without a server: (status code, headers, body). Used by `make serve`."""
    from wsgiref.util import setup_testing_defaults

    path, _, query = path_and_query.partition("?")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": unquote(path, "iso-8859-1"),
               "QUERY_STRING": query}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = int(status.split()[0]), headers

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


# -- the standalone server ------------------------------------------------------------------------
class _ServerHandler(simple_server.ServerHandler):
    server_software = "overstap-search"  # no version numbers for the curious


class Handler(simple_server.WSGIRequestHandler):
    """wsgiref's request handler: quiet, with a timeout, and JSON for its own refusals."""

    server_version, sys_version = "overstap-search", ""
    timeout = TIMEOUT
    linger = False  # the client may still be sending: read what it sends before closing
    answered = False  # by send_error

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def version_string(self) -> str:
        return self.server_version

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # answers without status or headers
            self.send_error(400, "HTTP/0.9 is not spoken: send HTTP/1.0 or HTTP/1.1")
            return False
        return True

    def send_error(self, code, message=None, explain=None):
        """http.server's own refusals, as JSON: a request line over 64 KiB (414), a header
        line over 64 KiB or more than 100 headers (431), a malformed request line or an HTTP
        version it does not speak (400: a client's mistake, never a 5xx)."""
        code = int(code)
        if code not in STATUS or code >= 500:
            code = 400
        text = {408: f"nothing came for {self.timeout} seconds: the request is dropped",
                414: "the request line is longer than 65536 bytes",
                431: "a request header line is too long, or there are more than 100"}.get(
            code, f"malformed request: {str(message or 'bad request')[:200]}")
        body = _json({"error": text})
        self.close_connection = self.linger = self.answered = True
        if self.request_version in ("", "HTTP/0.9"):
            self.request_version = "HTTP/1.0"  # so the answer has a status line and headers
        try:
            self.send_response(code)
            for name, value in [*HEADERS, ("Content-Length", str(len(body))),
                                ("Connection", "close")]:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            pass

    def handle(self):
        """wsgiref's `handle`, plus: a silent client gets 408, and what a refused client
        still sends is read (a little) before the connection closes, so it gets the answer
        instead of a reset."""
        self.requestline, self.request_version, self.command = "", "", ""
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.send_error(414)
            elif not self.raw_requestline:
                return  # connected and closed without a word
            elif not self.parse_request():
                if not self.answered:  # http.server says nothing to an empty request line
                    self.send_error(400, "no request line")
            else:
                if self.headers.get("Content-Length", "0").strip() not in ("", "0") \
                        or self.headers.get("Transfer-Encoding"):
                    self.linger = True
                handler = _ServerHandler(self.rfile, self.wfile, self.get_stderr(),
                                         self.get_environ(), multithread=True)
                handler.request_handler = self
                handler.run(self.server.get_app())
        except TimeoutError:
            self.send_error(408)
            return
        except ConnectionError:
            return
        if self.linger:
            self._linger()

    def _linger(self):
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1)
            todo, until = LINGER_BYTES, time.monotonic() + 2
            while todo > 0 and time.monotonic() < until:
                chunk = self.connection.recv(min(todo, 65536))
                if not chunk:
                    break
                todo -= len(chunk)
        except OSError:
            pass


class Server(ThreadingMixIn, simple_server.WSGIServer):
    """A thread per request, at most `workers` at once (more wait in the listen queue); a
    client that goes silent or away is dropped without a traceback in the log."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address, handler=Handler, workers: int = WORKERS):
        self.slots = threading.BoundedSemaphore(workers)
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        # a client that went silent or away is not the operator's problem; anything else is
        if not isinstance(sys.exc_info()[1], (TimeoutError, ConnectionError)):
            super().handle_error(request, client_address)


def make_server(output: Path, host: str = "127.0.0.1", port: int = 8001) -> Server:
    return simple_server.make_server(host, port, make_app(Path(output)), server_class=Server,
                                     handler_class=Handler)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.service")
    parser.add_argument("--output", default="output", help="the built site (default output)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001, help="0: a free port (printed)")
    args = parser.parse_args(argv)

    with make_server(Path(args.output), args.host, args.port) as server:
        print(f"Search service on http://{args.host}:{server.server_port}/api/search?q=... "
              "(Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
