"""The search service: a small WSGI app over the Whoosh indexes, answering JSON.

    GET /api/search?q=loopbaanbegeleiding&lang=nl&type=measure&sectors=zorg&limit=10&offset=0

Answers what `invoke search --json` prints and what the search page shows: the same words,
totals (`total`: pages with some of the words, `full`: with all of them), ranked results
(URL, title, summary, type, date, score, the words each lacks, the sections that matched,
each other one with its excerpt, highlights), suggestion and the other languages where every
word finds pages.

Limits of the app: the query string at most MAX_REQUEST bytes (414 otherwise) and MAX_FIELDS
parameters, UTF-8 (percent-encoded); `q` cut to 200 characters and 10 words, `limit` at most
50, `offset` at most 1000, 20 values per filter. Everything the app answers is JSON:
`{"error": ...}` with a 4xx status for a request it refuses, 503 while no index is built; a
failure inside is logged, answered `500 {"error": "internal error"}`, never shown.

Run it: `python -m search.service --output output --port 8001` (loopback by default; `--port 0`
picks a free port and prints it), mount `make_app(output)` in any WSGI server, or use `make
serve` (the preview answers /api/search). The standalone server is waitress (`make_server`),
which holds the HTTP limits: request line and headers at most MAX_HEADERS bytes, a body at most
MAX_BODY bytes, THREADS requests at once, CONNECTIONS open, a connection idle for TIMEOUT
seconds closed. Its own refusals (a malformed or oversize request) are waitress's plain text,
not JSON; behind the portal's nginx (`_nginx.conf`), nginx refuses those first.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs, unquote

from .index import index_home
from .model import FACET_KEYS

MAX_REQUEST = 4096  # bytes of query string
MAX_FIELDS = 100  # parameters in one query string
MAX_OFFSET = 1000
# the standalone server's limits (waitress)
MAX_HEADERS = 8192  # bytes of request line and headers (431 over it)
MAX_BODY = 4096  # the service needs no body: a small one is ignored, a larger one refused (413)
THREADS = 8  # requests answered at once; more wait for a thread
CONNECTIONS = 200  # connections open at once; more wait in the listen queue
TIMEOUT = 10  # seconds a connection may stay idle
PATHS = ("/api/search", "/api/search/")
METHODS = ("GET", "HEAD")
STATUS = {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found",
          405: "405 Method Not Allowed", 414: "414 URI Too Long",
          500: "500 Internal Server Error", 503: "503 Service Unavailable"}
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


# -- the standalone server: waitress --------------------------------------------------------------
def make_server(output: Path, host: str = "127.0.0.1", port: int = 8001):
    """waitress (a maintained pure-Python WSGI server) with the service's limits: it refuses
    oversize headers (431) and bodies (413), malformed requests (400) in plain text, closes a
    connection idle for TIMEOUT seconds, answers THREADS requests at once and keeps at most
    CONNECTIONS open. `.effective_port`, `.run()`, `.close()`."""
    from waitress.server import create_server

    return create_server(make_app(Path(output)), host=host, port=port, threads=THREADS,
                         connection_limit=CONNECTIONS, channel_timeout=TIMEOUT,
                         cleanup_interval=2,
                         max_request_header_size=MAX_HEADERS, max_request_body_size=MAX_BODY,
                         ident="overstap-search", expose_tracebacks=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.service")
    parser.add_argument("--output", default="output", help="the built site (default output)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001, help="0: a free port (printed)")
    args = parser.parse_args(argv)

    server = make_server(Path(args.output), args.host, args.port)
    print(f"Search service on http://{args.host}:{server.effective_port}/api/search?q=... "
          "(Ctrl+C stops)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
