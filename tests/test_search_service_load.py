"""The search service under hostile input and load, behind nginx (issue 9 item 4, issue 23).

The real service runs as a host runs it: `python -m search.service` (waitress) in its own
process on 127.0.0.1, over the Whoosh index of the real portal, behind Debian's nginx with the
`_nginx.conf` the build wrote (conftest `portal_nginx`, tests/nginx_server.py). A pool of
client threads sends nginx 10 000 requests over raw sockets (so that malformed requests can be
sent at all), never to any address but 127.0.0.1: real queries, random Unicode, very long
text, query syntax, markup, control characters, percent-encoding garbage, invalid UTF-8, bad
`limit`/`offset`, unknown and repeated parameters, bogus filter values, other methods, path
traversal, oversize request lines, headers and bodies, malformed request lines. Meanwhile a few
clients connect and say nothing.

Who answers: the service (JSON: results, or `{"error": ...}` with a 4xx), nginx's JSON
refusals at /api/ (a body, 413), nginx itself (a malformed, oversize or climbing request:
its own 4xx page, or the site's 404 page), or waitress (a request nginx passes on but waitress
will not read, such as raw bytes that are not UTF-8 in the address: a 400 in plain text).

Asserted: no 5xx, ever, from anyone (one answer of the protocol's own excepted: nginx's 505
to a request line that says HTTP/2 or later); every JSON answer is well formed (results, or a
clear error), without traceback text or a raw `<`; every other answer is a 4xx to a hostile
request, never to a real search; no answer holds a byte of a file outside the site; silent
clients are dropped and block nobody; the service's peak memory grows by less than 200 MB.
The figures (latency median, p95, p99; requests per second; who answered what) are printed
(`pytest -s`) and written down in docs/dev/search.md; no time is asserted.

The index swap: a new build's index replaces the previous one with one atomic exchange
(plugins/search_index, like safe_publish), so the service, answering all the while, never finds
no index and never answers 5xx.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import statistics
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from search.index import index_home
from search.model import FACET_KEYS
from search.service import MAX_BODY, MAX_FIELDS, MAX_HEADERS, MAX_REQUEST, TIMEOUT
from tests.nginx_server import Service
from tests.support import FIXTURES, ROOT, rename_once_then_die

pytestmark = pytest.mark.slow  # builds many sites or loads a server: not in --fast

HOST = "127.0.0.1"  # loopback only: nothing in this file talks to any other address
REQUESTS = 10_000
CLIENTS = 6
SILENT_CLIENTS = 4
SILENT_LIMIT = 10  # seconds nginx waits for a request's headers (client_header_timeout)
CLIENT_TIMEOUT = max(TIMEOUT, SILENT_LIMIT) + 15  # the server drops a silent client first
DEADLINE = 600  # seconds for the whole load: past it, what is left is not sent (and fails)
GROWTH_LIMIT = 200 * 2 ** 20  # bytes of peak memory the load may add to the service
LEAKS = (b"Traceback", b'File "/', b"root:x:0:0", b"PATH=", b"/work/", b"Error response")
#: What nginx and waitress may answer on their own, to a hostile request only.
REFUSALS = frozenset({400, 404, 405, 414})
#: The kinds of request that nginx or waitress may refuse before the service sees them.
#: ("long": a query over nginx's 8 KiB request line; "raw UTF-8": bytes not percent-encoded,
#: which browsers never send and waitress refuses as a malformed address)
HOSTILE = frozenset({"controls", "malformed", "oversize", "path traversal", "paths", "methods",
                     "bytes", "invalid UTF-8", "raw UTF-8", "long"})
#: A path with `..` that nginx resolves to a public address answers that page (or its slash).
RESOLVED = frozenset({200, 301})


def memory(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, in bytes, read from outside."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text("utf-8").splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0]) * 1024
    return out


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used (its own threads), from outside."""
    fields = Path(f"/proc/{pid}/stat").read_text("utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- a raw HTTP client -----------------------------------------------------------------------------
@dataclass
class Case:
    kind: str  # what the request tries (figures and messages are grouped by it)
    data: bytes  # the request, byte for byte
    expect: frozenset  # the statuses that are right for it when the service answers
    found: bool = False  # a real query: it must find something
    method: str = "GET"


@dataclass
class Answer:
    status: int | None
    headers: dict
    body: bytes
    seconds: float
    failure: str = ""

    @property
    def json(self) -> bool:
        return self.headers.get("content-type", "").startswith("application/json")


def request(target, method="GET", headers=(), body=b"", version="HTTP/1.1") -> bytes:
    """The request's bytes; `Connection: close`, so the answer ends with the connection."""
    target = target.encode("latin-1") if isinstance(target, str) else target
    method = method.encode("latin-1") if isinstance(method, str) else method
    lines = [method + b" " + target + b" " + version.encode(), b"Host: 127.0.0.1",
             b"Connection: close"]
    lines += [h.encode("latin-1") if isinstance(h, str) else h for h in headers]
    if body and not any(h.lower().startswith((b"content-length", b"transfer-encoding"))
                        for h in lines[1:]):
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def send(port: int, data: bytes) -> Answer:
    started = time.perf_counter()
    chunks = []
    try:
        with socket.create_connection((HOST, port), timeout=CLIENT_TIMEOUT) as conn:
            try:
                conn.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused before it read everything: the answer is still to be read
            while chunk := conn.recv(65536):
                chunks.append(chunk)
    except OSError as exc:
        if chunks:  # answered, then reset: the server closed with the request unread
            return parse(b"".join(chunks), time.perf_counter() - started)
        return Answer(None, {}, b"".join(chunks), time.perf_counter() - started,
                      f"{type(exc).__name__}: {exc}")
    return parse(b"".join(chunks), time.perf_counter() - started)


def parse(raw: bytes, seconds: float) -> Answer:
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if not sep or len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        return Answer(None, {}, raw, seconds, f"not an HTTP answer: {raw[:80]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(parts[1]), headers, body, seconds)


def http09(case: Case, answer: Answer) -> bool:
    """`GET /api/search` without a version is HTTP/0.9, which nginx still speaks: the answer
    is the service's body alone, without status line or headers."""
    return case.data.startswith(b"GET /api/search\r\n") and answer.body.startswith(b"{")


def who(answer: Answer) -> str:
    if answer.json:  # nginx's own JSON at /api/: a body (413), no service (503)
        return "nginx (JSON)" if answer.status in (413, 503) else "service"
    if answer.headers.get("content-type", "").startswith("text/plain"):
        return "waitress"
    return "nginx" if answer.status is not None else "no answer"


def problems(case: Case, answer: Answer) -> list[str]:
    """What is wrong with the answer to this request (nothing: [])."""
    if case.data == b"\r\n" and answer.failure == "not an HTTP answer: b''":
        return []  # a blank line and nothing more: nginx waits for a request, then closes
    if answer.failure and not http09(case, answer):
        return [answer.failure]
    out = [f"{leak.decode()!r} in the body" for leak in LEAKS if leak in answer.body]
    if answer.status is None:  # HTTP/0.9
        return out + ([] if json.loads(answer.body).get("results") is not None
                      else ["HTTP/0.9: not search results"])
    if answer.status >= 500 and not (answer.status == 505 and b" HTTP/" in case.data
                                     and case.kind == "malformed"):
        out.append(f"server error {answer.status} ({who(answer)})")
    if not answer.json:
        allowed = REFUSALS | {413, 431, 505} | (RESOLVED if "path" in case.kind else set())
        if case.kind not in HOSTILE or answer.status not in allowed:
            out.append(f"{who(answer)} answered {answer.status} to a request of the service")
        return out
    if answer.status not in case.expect:
        out.append(f"status {answer.status}, expected {sorted(case.expect)}")
    if answer.headers.get("content-length") != str(len(answer.body)) \
            and not (case.method == "HEAD" and answer.body == b""):
        out.append("Content-Length does not match the body")
    if answer.headers.get("x-content-type-options") != "nosniff":
        out.append("no nosniff")
    if b"<" in answer.body:
        out.append("a raw `<` in the body")
    if case.method == "HEAD":
        return out + (["a body for HEAD"] if answer.body else [])
    try:
        data = json.loads(answer.body)
    except ValueError:
        return out + [f"not JSON: {answer.body[:80]!r}"]
    if answer.status >= 400:
        if not (isinstance(data, dict) and set(data) == {"error"}
                and isinstance(data["error"], str) and 10 < len(data["error"]) < 300):
            out.append(f"not a clear error: {data!r:.120}")
    elif not (isinstance(data, dict) and isinstance(data.get("results"), list)
              and isinstance(data.get("total"), int)
              and len(data["results"]) <= data.get("limit", -1) <= 50):
        out.append(f"not search results: {str(data)[:120]}")
    elif case.found and not data["results"]:
        out.append(f"a real query found nothing: {data['query']!r}")
    return out


# -- the requests ---------------------------------------------------------------------------------
def realistic() -> list[tuple[str, str, dict]]:
    spec = tomllib.loads((FIXTURES / "search" / "relevance.toml").read_text("utf-8"))
    return [(lang, case["q"], case.get("filters", {}))
            for lang, cases in spec.items() for case in cases if case.get("expect")]


REAL = realistic()
WORDS = sorted({w for _lang, q, _f in REAL for w in q.split()})
OPERATORS = ["AND", "OR", "NOT", "&&", "||", "!", "-", "+", '"', "'", "(", ")", "[", "]", "{",
             "}", "*", "?", "~", "~2", "^", "^4", ":", "\\", "/", "title:", "body:zorg",
             "type:measure", "url:*", "slug:../..", "*:*", "lo*p", "l?op", "TO", "<", ">=", "$",
             "%", "_"]
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>",
          "javascript:alert(1)", "<iframe src=//x>", "</script><script>x</script>",
          "{{7*7}}", "${7*7}", "<%= 7*7 %>", "'; DROP TABLE docs; --", "<!--", "]]>",
          "\u003cscript\u003e", "&lt;script&gt;", "<a href='data:text/html,x'>"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\t", "\n", "\r", "\x1b[31m", "\x7f", "\x85",
            "\u200b", "\u200e", "\u202e", "\u2028", "\ufeff", "\ufffd", "\ufffe", "\U0010ffff"]
#: Unicode to draw from: Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, CJK, Hangul,
#: combining marks, symbols, emoji and other astral characters, private use.
RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x5FF),
          (0x600, 0x6FF), (0x900, 0x97F), (0xE00, 0xE7F), (0x4E00, 0x4FFF), (0xAC00, 0xAD00),
          (0x300, 0x36F), (0x2000, 0x2BFF), (0x1F300, 0x1FAFF), (0x10000, 0x1008F),
          (0xE000, 0xE0FF), (0xFB00, 0xFB4F)]
BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80",
            b"\xf8\x88\x80\x80\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80"]
PERCENT_GARBAGE = ["%", "%%", "%%%", "%z", "%zz", "%1", "%u0041", "%%32%65", "%25", "%2", "%0"]
PERCENT_BAD_UTF8 = ["%FF", "%C3", "%C3%28", "%E2%82", "%ED%A0%80", "%C0%AF", "%F8%88%80%80%80"]
TRAVERSALS = [
    "/api/../../etc/passwd", "/api/search/../../etc/passwd", "/api/search/../../../etc/passwd?q=x",
    "/%2e%2e/%2e%2e/etc/passwd", "/api/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/api/search/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/search%2f..%2f..%2fetc%2fpasswd",
    "/api/%252e%252e/%252e%252e/etc/passwd", "/..%c0%af..%c0%afetc%c0%afpasswd",
    "/..%2f..%2f..%2fetc%2fpasswd", "/api/search/..;/..;/etc/passwd", "/api/search%00/../x",
    "/api/search\\..\\..\\windows\\win.ini", "//etc/passwd", "/etc/passwd", "/etc/shadow",
    "/proc/self/environ", "/proc/self/cmdline", "/api/search/../../proc/self/environ",
    "http://127.0.0.1/etc/passwd", "file:///etc/passwd", "/.output.search/nl/overstap.json",
    "/../.output.search/nl/overstap.json", "/search/service.py", "/api/search.json",
    "/api/search/index.html", "/api/search/../../../../../../../../etc/passwd",
    "/api/search/" + "../" * 200 + "etc/passwd", "/%00", "/api/search/%00", "*",
]


def random_text(rng: random.Random, size: int) -> str:
    out = []
    while len(out) < size:
        low, high = rng.choice(RANGES)
        char = chr(rng.randint(low, high))
        if not 0xD800 <= ord(char) <= 0xDFFF:
            out.append(char)
    return "".join(out)


def search_case(kind, query_string: str, expect=(200,), found=False, method="GET", headers=(),
                body=b"") -> Case:
    expect = frozenset(expect)
    if len(query_string.encode("latin-1", "replace")) > MAX_REQUEST:
        expect = frozenset({414})
    target = "/api/search?" + query_string
    return Case(kind, request(target.encode("latin-1"), method, headers, body), expect, found,
                method)


def q(text: str, lang: str = "nl", **extra) -> str:
    pairs = [("q", text), ("lang", lang), *extra.items()]
    return "&".join(f"{key}={quote(str(value), safe='')}" for key, value in pairs)


def crafted() -> list[Case]:
    """Every crafted request once."""
    cases = []
    for lang, text, filters in REAL:
        params = {k: ",".join(v) for k, v in filters.items()}
        cases.append(search_case("real", q(text, lang, **params), found=True))
    for word in OPERATORS:
        cases.append(search_case("operators", q(f"loopbaan {word} zorg {word}")))
        cases.append(search_case("operators", q(word * 3)))
    for text in MARKUP:
        cases.append(search_case("markup", q(text)))
        cases.append(search_case("markup", q("zorg", type=text, sectors=text)))
    for char in CONTROLS:
        cases.append(search_case("controls", q(f"zorg{char}opleiding{char}")))
    for char in ("\x00", "\x01", "\x1b", "\x7f"):  # raw in the request line, not encoded
        cases.append(search_case("controls", f"q=zorg{char}x&lang=nl", expect=(200, 400)))
    for garbage in PERCENT_GARBAGE:
        cases.append(search_case("percent garbage", f"q=zorg{garbage}&lang=nl{garbage}",
                                 expect=(200, 400)))
        cases.append(search_case("percent garbage", f"q={garbage}", expect=(200,)))
    for garbage in PERCENT_BAD_UTF8:
        cases.append(search_case("invalid UTF-8", f"q=zorg{garbage}", expect=(400,)))
        cases.append(search_case("invalid UTF-8", f"q=zorg&type={garbage}", expect=(400,)))
    for raw in BAD_UTF8:  # raw bytes in the query string
        cases.append(search_case("invalid UTF-8", "q=zorg" + raw.decode("latin-1"),
                                 expect=(400,)))
    cases.append(search_case("raw UTF-8", "q=" + "énergie".encode().decode("latin-1"),
                             expect=(200,)))
    for value in ("99999999999999999999", "1" * 3000, "-1", "-0", "+5", "1e3", "0x10", "10.5",
                  "NaN", "Infinity", "٣", "²", "５", " 5", "", "null", "[]", "5,6", "%00"):
        for name in ("limit", "offset"):
            digits = value.strip().isascii() and value.strip().isdigit()
            expect = (200,) if digits or not value.strip() else (400,)
            cases.append(search_case("numbers", f"q=zorg&{name}={quote(value)}", expect))
    for lang in ("", "de", "NL", "nl ", "../nl", "nl\x00", "x" * 500, "en-GB"):
        cases.append(search_case("lang", f"q=zorg&lang={quote(lang)}",
                                 (200,) if lang == "" else (400,)))
    for extra in ("foo=bar", "__proto__[x]=1", "q[]=zorg", "callback=alert", "lang",
                  "=", "&&&", "a=" + "b" * 1000, ";q=zorg", "q"):
        cases.append(search_case("unknown parameters", f"q=zorg&{extra}"))
    cases.append(search_case("repeated", "q=zorg&q=opleiding&lang=nl&lang=fr&limit=1&limit=50"))
    cases.append(search_case("repeated", "&".join(["type=measure"] * MAX_FIELDS)))
    cases.append(search_case("repeated", "&".join(["type=measure"] * (MAX_FIELDS + 1)), (400,)))
    cases.append(search_case("repeated", "&" * 5000))
    for key in FACET_KEYS:
        for value in ("bogus", "x" * 1000, ",".join(str(i) for i in range(200)), "../../etc",
                      "*", "%00", "<b>", "measure OR 1=1", "☃", ",,,,", ""):
            cases.append(search_case("filters", q("zorg opleiding", **{key: value})))
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND",
                   "get", "G\x00T", "X" * 100):
        cases.append(Case("methods", request("/api/search?q=zorg", method), frozenset({405}),
                          method=method))
        cases.append(Case("methods", request("/api/search", method, body=b"q=zorg&lang=nl"),
                          frozenset({405}), method=method))
    cases.append(Case("methods", request("/api/search?q=zorg&lang=fr", "HEAD"),
                      frozenset({200}), method="HEAD"))
    cases.append(Case("methods", request("/nothing/here", "HEAD"), frozenset({404}),
                      method="HEAD"))
    for target in TRAVERSALS:
        cases.append(Case("path traversal", request(target), frozenset({404})))
    cases += oversize()
    for line in (b"GET /api/search HTTP/2.0", b"GET /api/search HTTP/9.9",
                 b"GET /api/search HTTP/1.10000000000000", b"GET /api/search FTP/1.0",
                 b"GET /api/search", b"GET", b"hello", b" ", b"GET  /api/search  HTTP/1.1 x",
                 b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello
                 b"PRI * HTTP/2.0\r\n\r\nSM"):
        cases.append(Case("malformed", line + b"\r\n\r\n", frozenset({400})))
    cases.append(Case("malformed", b"\r\n", frozenset({400})))
    return cases


def oversize() -> list[Case]:
    """Oversize requests through nginx, with the status each gets, whoever answers: nginx
    refuses what is over its buffers (414, 400) and a body at /api/ (413, JSON); it passes no
    header and no body on to the service, so big headers or a small body change nothing."""
    def case(data, status):
        return Case("oversize", data, frozenset({status}))

    return [
        case(request("/api/search?q=" + "a" * 70_000), 414),  # over nginx's 8 KiB line buffer
        case(request("/api/search?q=" + "a" * 20_000), 414),
        case(request("/api/search?q=" + "%C3%A9" * 700), 414),  # over MAX_REQUEST: the service
        case(request("/" + "a" * 100_000), 414),
        case(request("/api/search?q=zorg", headers=["X-Big: " + "a" * 70_000]), 400),
        case(request("/api/search?q=zorg", headers=[f"X-{i}: 1" for i in range(150)]), 200),
        case(request("/api/search?q=zorg",
                     headers=[f"X-{i}: " + "a" * 1000 for i in range(12)]), 200),
        case(request("/api/search?q=zorg", headers=["Cookie: " + "a" * (MAX_HEADERS + 1)]), 400),
        case(request("/api/search?q=zorg", headers=["Content-Length: 1000000000000"]), 413),
        case(request("/api/search?q=zorg", headers=["Content-Length: " + "9" * 5000]), 400),
        case(request("/api/search?q=zorg", headers=["Content-Length: 99999999999999999"]), 413),
        case(request("/api/search?q=zorg", "POST", body=b"x" * 1_000_000), 413),
        case(request("/api/search?q=zorg", "PUT", body=b"x" * (MAX_BODY + 1)), 413),
        case(request("/api/search?q=zorg", body=b"x" * 100), 200),  # small: read, dropped
        case(request("/api/search?q=zorg&limit=" + "0" * 4000 + "5",
                     headers=["Content-Length: " + "0" * 5000 + "5"], body=b"hello"), 200),
        case(request("/api/search?q=zorg", headers=["Content-Length: -1"]), 400),
        case(request("/api/search?q=zorg", headers=["Content-Length: abc"]), 400),
        case(request("/api/search?q=zorg", "POST",
                     headers=["Transfer-Encoding: chunked"], body=b"5\r\nhello\r\n0\r\n\r\n"),
             405),
    ]


def generated(rng: random.Random, count: int) -> list[Case]:
    """`count` random requests: two thirds searches, one third refused (random paths that
    climb out, raw bytes, other methods)."""
    kinds = ["unicode", "unicode", "words", "words", "real", "long", "mixed", "filters",
             "numbers", "markup", "paths", "paths", "bytes", "bytes", "methods"]
    climbs = ["..", "%2e%2e", ".%2e", "%2f", "%252e", "%00", "\\", "etc", "passwd", "api",
              "search", ";", "%c0%af", "~", "*", "index.html"]
    out = []
    for _ in range(count):
        kind = rng.choice(kinds)
        lang = rng.choice(("nl", "fr", "en"))
        if kind == "paths":  # always a `..`: never the service's own path
            parts = [rng.choice(climbs) for _ in range(rng.randint(0, 8))] + [".."]
            parts += [quote(random_text(rng, 3)) for _ in range(rng.randint(0, 2))]
            rng.shuffle(parts)
            out.append(Case(kind, request("/" + "/".join(parts) + "?" + q("zorg")),
                            frozenset({404})))
        elif kind == "bytes":
            raw = bytes(rng.randint(0x80, 0xFF) for _ in range(rng.randint(1, 12)))
            try:  # \x85 and \xa0 split the request line (http.server: whitespace)
                raw.decode("utf-8")
                expect = (400,) if b"\x85" in raw or b"\xa0" in raw else (200,)
            except UnicodeDecodeError:
                expect = (400,)
            out.append(search_case(kind, "q=zorg" + raw.decode("latin-1"), expect))
        elif kind == "methods":
            method = rng.choice(("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "head",
                                 "SEARCH", "MKCOL", "COPY", "LOCK", "QUERY"))
            out.append(Case(kind, request("/api/search?" + q(rng.choice(WORDS)), method),
                            frozenset({405}), method=method))
        elif kind == "unicode":
            out.append(search_case(kind, q(random_text(rng, rng.randint(1, 60)), lang)))
        elif kind == "words":
            words = rng.sample(WORDS, rng.randint(1, 6))
            out.append(search_case(kind, q(" ".join(words), lang, limit=rng.randint(0, 60))))
        elif kind == "real":
            lang, text, _filters = rng.choice(REAL)
            out.append(search_case(kind, q(text, lang, offset=rng.choice((0, 0, 1, 999))),
                                   found=False))
        elif kind == "long":
            text = rng.choice(WORDS) * rng.randint(10, 600)
            out.append(search_case(kind, q(text, lang)))
        elif kind == "mixed":
            pieces = [rng.choice(WORDS + OPERATORS + MARKUP + CONTROLS)
                      for _ in range(rng.randint(1, 12))]
            out.append(search_case(kind, q(" ".join(pieces), lang)))
        elif kind == "filters":
            key = rng.choice(FACET_KEYS)
            value = rng.choice((random_text(rng, 8), "zorg", "measure", "nl"))
            out.append(search_case(kind, q(rng.choice(WORDS), lang, **{key: value})))
        elif kind == "numbers":
            value = rng.choice((str(rng.randint(-10**6, 10**12)), random_text(rng, 3), ""))
            name = rng.choice(("limit", "offset"))
            ok = not value.strip() or (value.strip().isascii() and value.strip().isdigit())
            out.append(search_case(kind, q("zorg", lang, **{name: value}),
                                   (200,) if ok else (400,)))
        else:
            out.append(search_case(kind, q(rng.choice(MARKUP) + rng.choice(WORDS), lang)))
    return out


# -- the tests ------------------------------------------------------------------------------------
def _figures(seconds: list[float]) -> str:
    ordered = sorted(seconds)

    def at(share):
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return (f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {at(0.95):.1f} ms, "
            f"p99 {at(0.99):.1f} ms, max {ordered[-1] * 1000:.1f} ms")


def _wait_closed(conn: socket.socket, since: float, out: list) -> None:
    """Read a silent client's connection until the server closes it: (what came, when)."""
    raw = b""
    with conn:
        try:
            while chunk := conn.recv(65536):
                raw += chunk
        except OSError:
            pass
    out.append((raw, time.monotonic() - since))


def test_ten_thousand_hostile_and_real_requests_through_nginx_no_5xx(portal_nginx):
    service = portal_nginx.service
    rng = random.Random(9)
    cases = crafted()
    cases += generated(rng, REQUESTS - len(cases))
    rng.shuffle(cases)
    assert len(cases) == REQUESTS

    for lang in ("nl", "fr", "en"):  # warm up: every index opened, suggestions used once
        for text in ("opleiding", "loopbaanbegelijding"):
            assert send(portal_nginx.port, request(f"/api/search?{q(text, lang)}")).status == 200
    before, cpu_before = memory(service.pid), cpu_seconds(service.pid)

    silent = [socket.create_connection((HOST, portal_nginx.port), timeout=CLIENT_TIMEOUT)
              for _ in range(SILENT_CLIENTS)]
    silent[0].sendall(b"GET /api/sea")  # a request line that never ends
    silent_since = time.monotonic()
    dropped: list[tuple[bytes, float]] = []
    watchers = [threading.Thread(target=_wait_closed, args=(conn, silent_since, dropped))
                for conn in silent]
    for watcher in watchers:
        watcher.start()

    started = time.perf_counter()
    deadline = time.monotonic() + DEADLINE

    def one(case: Case) -> Answer:
        if time.monotonic() > deadline:
            return Answer(None, {}, b"", 0.0, f"not sent: the load took over {DEADLINE} s")
        return send(portal_nginx.port, case.data)

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(one, cases))
    wall = time.perf_counter() - started
    after, cpu = memory(service.pid), cpu_seconds(service.pid) - cpu_before

    for watcher in watchers:
        watcher.join()

    failures: dict[str, list[str]] = {}
    for case, answer in zip(cases, answers, strict=True):
        for problem in problems(case, answer):
            failures.setdefault(f"{case.kind}: {problem}", []).append(repr(case.data[:100]))
    table: dict[str, dict] = {}
    for answer in answers:
        by = table.setdefault(who(answer), {})
        by[answer.status] = by.get(answer.status, 0) + 1
    searches = [a.seconds for c, a in zip(cases, answers, strict=True)
                if a.status == 200 and c.method == "GET"]
    growth = after["VmHWM"] - before["VmRSS"]
    print(f"\n{REQUESTS} requests through nginx from {CLIENTS} clients in {wall:.1f} s "
          f"({REQUESTS / wall:.0f}/s)")
    for name, statuses in sorted(table.items()):
        print(f"  answered by {name}: {dict(sorted(statuses.items(), key=str))}")
    served = sum(table.get("service", {}).values())
    print(f"service CPU: {cpu:.1f} s for {served} answers, {cpu / served * 1000:.1f} ms each "
          "(the machine's load does not change it much; the latency below it does)")
    print(f"latency, all: {_figures([a.seconds for a in answers])}")
    print(f"latency, answered searches ({len(searches)}): {_figures(searches)}")
    print(f"service memory: {before['VmRSS'] / 2**20:.1f} MB after warm-up, peak "
          f"{after['VmHWM'] / 2**20:.1f} MB, growth {growth / 2**20:.1f} MB; "
          f"{after['VmRSS'] / 2**20:.1f} MB at the end")
    print("silent clients closed after " + ", ".join(f"{s:.1f} s" for _r, s in dropped))

    assert not failures, "\n".join(f"{what} ({len(where)}x), e.g. {where[:3]}"
                                   for what, where in sorted(failures.items()))
    assert len(dropped) == SILENT_CLIENTS
    assert all(raw == b"" or raw.startswith(b"HTTP/1.1 4") for raw, _s in dropped)
    assert all(seconds < CLIENT_TIMEOUT for _r, seconds in dropped), "nginx drops them"
    assert growth < GROWTH_LIMIT, f"the service grew by {growth / 2**20:.0f} MB"
    assert service.process.poll() is None, "the service died"
    assert "Traceback" not in service.errors(), service.errors()[-3000:]
    assert "[alert]" not in portal_nginx.errors() and "[crit]" not in portal_nginx.errors()


def test_what_people_type_cannot_grow_the_caches_without_bound(portal_site, monkeypatch):
    """A long-running service remembers stems and compound splits of query words, and the
    folding of words: each store has a bound, so hostile traffic cannot grow it forever."""
    from search import analysis, query

    monkeypatch.setattr(query, "CACHE_WORDS", 300)
    engine = query.Engine(index_home(portal_site) / "nl")
    rng = random.Random(4)
    try:
        for number in range(1000):
            engine.search(f"{random_text(rng, 12)} loopbaan{number}zorg werkwoord{number}x")
            assert engine.stem.cache_info().currsize <= 300
            assert len(engine.splitter._memo) <= 2 * 300
    finally:
        engine.close()
    before = analysis._fold.cache_info().currsize
    for number in range(100):
        word = f"Ééé{number}" * 20  # longer than any word: folded, not remembered
        assert analysis.fold(word) == f"eee{number}" * 20
    assert analysis._fold.cache_info().currsize == before


@pytest.fixture
def service(portal_site, tmp_path):
    """The service alone (waitress), as `python -m search.service` runs it."""
    running = Service(portal_site, tmp_path / "service.log")
    yield running
    running.stop()


def _private(portal_site) -> list[bytes]:
    return [Path("/etc/passwd").read_bytes()[:16], Path("/proc/self/environ").read_bytes()[:16],
            (index_home(portal_site) / "nl" / "overstap.json").read_bytes()[:16],
            (ROOT / "search" / "service.py").read_bytes()[:16]]


def test_path_traversal_never_reaches_a_file(service, portal_site):
    """The service itself reads no file by a request's path: anything but /api/search is a
    JSON 404 (waitress refuses what it cannot read as an address, in plain text)."""
    for target in TRAVERSALS:
        answer = send(service.port, request(target))
        assert not any(start in answer.body for start in _private(portal_site) if start)
        if answer.json:
            assert answer.status == 404, (target, answer)
            assert json.loads(answer.body) == \
                {"error": "not found: the service answers /api/search"}
        else:
            assert answer.status == 400 and who(answer) == "waitress", (target, answer)


def test_path_traversal_through_nginx_never_reaches_a_file(portal_nginx, portal_site):
    """nginx resolves `..` before it chooses a location: a path that climbs out of the site is
    a 400, one that lands elsewhere in it the site's 404 page, one under /api/ the service's."""
    root_404 = (portal_site / "404.html").read_bytes()
    for target in TRAVERSALS:
        answer = send(portal_nginx.port, request(target))
        assert not any(start in answer.body for start in _private(portal_site) if start)
        assert answer.status in (400, 404), (target, answer.status)
        assert answer.json or answer.status == 400 or answer.body == root_404, target


def test_oversize_requests_through_nginx_are_refused_and_the_answer_arrives(portal_nginx):
    for case in oversize():
        answer = send(portal_nginx.port, case.data)
        assert answer.status in case.expect, (case.data[:80], answer.status, answer.body[:200])
        assert not problems(case, answer), (case.data[:80], answer.status, answer.body[:200])


def test_waitress_refuses_oversize_requests_itself(service):
    """Without nginx in front: waitress holds the limits (in plain text), the service answers
    the rest in JSON."""
    def status(data: bytes) -> int | None:
        return send(service.port, data).status

    assert status(request("/api/search?q=zorg", headers=["X-Big: " + "a" * 9000])) == 431
    assert status(request("/api/search?q=zorg", "POST", body=b"x" * (MAX_BODY + 1))) == 413
    assert status(request("/api/search?q=zorg", headers=["Content-Length: 99999999999"])) == 413
    answer = send(service.port, request("/api/search?q=" + "a" * (MAX_REQUEST + 1)))
    assert answer.status == 414 and answer.json
    answer = send(service.port, request("/api/search?q=zorg", body=b"x" * 100))
    assert answer.status == 200 and answer.json


def test_a_silent_client_is_dropped_by_waitress_and_blocks_nobody(service):
    silent = socket.create_connection((HOST, service.port), timeout=CLIENT_TIMEOUT)
    silent.sendall(b"GET /api/sea")
    since = time.monotonic()
    assert send(service.port, request("/api/search?q=zorg")).status == 200
    with silent:
        while silent.recv(65536):
            pass
    waited = time.monotonic() - since
    print(f"\nwaitress closed a silent connection after {waited:.1f} s")
    assert waited < CLIENT_TIMEOUT


# -- the index swap -------------------------------------------------------------------------------
def _settings(output: Path):
    return SimpleNamespace(settings={"OUTPUT_PATH": str(output)})


def _new_index(source: Path, home: Path) -> None:
    staged = home.with_name(home.name + ".new")
    shutil.copytree(source, staged)  # copy2: the files keep their times, as `cp -a` would


def _deleted(fd: Path) -> bool:
    try:
        return os.readlink(fd).endswith("(deleted)")
    except OSError:  # closed meanwhile
        return False


def test_the_service_keeps_answering_while_new_indexes_are_published(portal_site, tmp_path):
    from search_index.search_index import publish_index

    output = tmp_path / "output"
    source, home = index_home(portal_site), index_home(output)
    shutil.copytree(source, home)
    server = Service(output, tmp_path / "service.log")
    try:
        expected = send(server.port, request("/api/search?" + q("loopbaan", "nl")))
        assert expected.status == 200
        wanted = json.loads(expected.body)["total"]
        done, answers = threading.Event(), []

        def ask():
            while not done.is_set():
                for lang in ("nl", "fr", "en"):
                    answers.append((lang, send(server.port,
                                               request("/api/search?" + q("loopbaan", lang)))))

        clients = [threading.Thread(target=ask) for _ in range(3)]
        for client in clients:
            client.start()
        try:
            for _ in range(15):
                _new_index(source, home)
                publish_index(_settings(output))
                time.sleep(0.05)
        finally:
            done.set()
            for client in clients:
                client.join()
        bad = [(lang, a.status, a.body[:100]) for lang, a in answers if a.status != 200]
        assert not bad, (bad[:5], server.errors()[-3000:])
        assert all(json.loads(a.body)["total"] == wanted for lang, a in answers if lang == "nl")
        stale = [f for f in Path(f"/proc/{server.pid}/fd").iterdir() if _deleted(f)]
        print(f"\n{len(answers)} searches while 15 indexes were published: all 200; "
              f"{len(stale)} files of replaced indexes still open")
        assert len(stale) < 20, "replaced indexes are never closed"  # 45 engines were replaced
        assert "Traceback" not in server.errors(), server.errors()[-3000:]
    finally:
        server.stop()
    assert sorted(p.name for p in tmp_path.iterdir() if "search" in p.name) == [".output.search"]


def test_index_swap_has_no_moment_without_an_index(tmp_path):
    from search_index.search_index import publish_index, swap

    output = tmp_path / "output"
    home = index_home(output)
    (home / "nl").mkdir(parents=True)
    (home / "nl" / "overstap.json").write_text("0", "utf-8")
    misses, done = [], threading.Event()

    def watch():
        while not done.is_set():
            if not (home / "nl" / "overstap.json").exists():
                misses.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for number in range(1, 201):
            staged = home.with_name(home.name + ".new")
            (staged / "nl").mkdir(parents=True)
            (staged / "nl" / "overstap.json").write_text(str(number), "utf-8")
            if number % 2:
                publish_index(_settings(output))  # after a build: every language
            else:
                swap(staged / "nl", home / "nl")  # `make serve`: one language
                shutil.rmtree(staged)
    finally:
        done.set()
        watcher.join()
    assert misses == []
    assert (home / "nl" / "overstap.json").read_text("utf-8") == "200"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.search"]
    assert sorted(p.name for p in home.iterdir()) == ["nl"]


def test_fallback_index_swap_interrupted_between_its_renames_is_repaired(tmp_path, monkeypatch):
    from safe_publish import safe_publish
    from search_index import search_index

    output = tmp_path / "output"
    home = index_home(output)
    staged = home.with_name(home.name + ".new")
    for folder, text in ((home, "old"), (staged, "new")):
        (folder / "nl").mkdir(parents=True)
        (folder / "nl" / "overstap.json").write_text(text, "utf-8")
    monkeypatch.setattr(safe_publish, "exchange", lambda a, b: False)
    monkeypatch.setattr(search_index.os, "rename", rename_once_then_die())
    with pytest.raises(KeyboardInterrupt):
        search_index.publish_index(_settings(output))
    monkeypatch.undo()
    assert not home.exists()  # the gap the fallback has: the next build closes it

    search_index.recover(home)
    assert (home / "nl" / "overstap.json").read_text("utf-8") == "old"
    assert not home.with_name(home.name + ".old").exists()
