"""`_nginx.conf`: everything nginx needs to serve the published folder, written by the build.

Include it inside the `server { }` block that serves the folder (the host writes `listen`,
`server_name`, TLS and `root`; see docs/operations.md):

- security headers per path: one location per rule of `_headers` (headers.rules, the one
  source of both files), each with the common headers too, since a location with add_header
  lines of its own drops the inherited ones; a path no rule names gets the common ones only,
  as `/*` gives on a static host;
- caching: pages, feeds, `meta.json` and anything unnamed `no-cache` (always revalidated, by
  ETag); the theme's files and images an hour (`embed.js` is named in partners' snippets, so
  it is never immutable); theme files with a content hash in their name and search files
  fetched with `?v=<version>` (search.js adds the index's version) a year, immutable;
- precompressed files: `gzip_static` (the `.gz` beside each text file); brotli's `.br` only
  where the module is installed: `_nginx-brotli.conf` is the optional include;
- 404 pages in the reader's language (`error_page`: /fr/... -> /fr/404.html, else /404.html;
  a folder without a page is a 404 too, as on static hosts, not nginx's 403);
- `/` is the language chooser (root.html), as on every host: no automatic redirect, the reader
  chooses; `/nl` gets its slash (301, a relative address);
- the redirects of the address manifest (portal/addresses.py, the same as `_redirects`);
- `/api/` proxied to the search service (SEARCH_SERVICE_ADDRESS), its answers passed as they
  are (JSON); when the service does not answer, or a request carries a body, a JSON error;
- files whose name starts with `_` (these configurations) are not served.

Deterministic: every list is sorted and nothing depends on the time or the machine.
"""

from __future__ import annotations

import re

from portal import addresses

from .headers import COMMON, CSP, Rule, SettingError

SERVER_FILE = "_nginx.conf"
BROTLI_FILE = "_nginx-brotli.conf"
SEARCH_PREFIX = "/search/"  # the browser engine's files (search/export.py)
API_PREFIX = "/api/"
MAX_BODY = "4k"  # the search service takes no body
API_POLICY = "default-src 'none'; frame-ancestors 'none'"  # as the service's own (service.py)

NO_CACHE = "no-cache"
HOUR = "public, max-age=3600"
YEAR = "public, max-age=31536000, immutable"
#: A file name with a content hash (`portal.3f2a9c1b.css`): its bytes never change.
FINGERPRINTED = r"\.[0-9a-f]{8,}\.[a-z0-9]+$"
#: The version search.js adds to every search file but meta.json (search/export.py: `v`).
VERSION = "^[0-9a-f]{6,64}$"

#: host:port, [v6]:port, unix:/path, or the name of an `upstream` block (several copies)
_ADDRESS = re.compile(r"^(unix:/[A-Za-z0-9_./-]+|[A-Za-z0-9.-]+:\d{1,5}"
                      r"|\[[0-9a-fA-F:]+\]:\d{1,5}|[a-z_][a-z0-9_]*)$")
DOWN = '{"error": "the search service is not answering: try again in a moment"}'
BODY = '{"error": "the search service takes no request body"}'


def upstream(address: str) -> str:
    """The proxy_pass target of SEARCH_SERVICE_ADDRESS, or SettingError saying what to write."""
    if not isinstance(address, str) or not _ADDRESS.match(address):
        raise SettingError(f"SEARCH_SERVICE_ADDRESS: {address!r} is not host:port, "
                           "unix:/path or an upstream's name — write it like 127.0.0.1:8001 "
                           "(pelicanconf.py)")
    return f"http://{address}:" if address.startswith("unix:") else f"http://{address}"


def _adds(headers, cache: str, indent: str) -> list[str]:
    pairs = [*COMMON, *headers, ("Cache-Control", cache)]
    return [f'{indent}add_header {name} "{value}" always;' for name, value in pairs]


def _location(rule: Rule) -> str:
    """The nginx location of a `_headers` pattern: `/x/*` a prefix, anything else exact."""
    if "*" in rule.pattern.removesuffix("/*") or ":" in rule.pattern:
        raise ValueError(f"no nginx location for the _headers pattern {rule.pattern}")
    if rule.pattern.endswith("/*"):
        return f"location ^~ {rule.pattern[:-1]}"
    return f"location = {rule.pattern}"


def _language(pattern: str, langs) -> str | None:
    first = pattern.strip("/").split("/")[0]
    return first if first in langs else None


def _block(head: str, lines: list[str]) -> list[str]:
    return [f"{head} {{", *lines, "}", ""]


def _rule_block(rule: Rule, langs, static: dict[str, str], theme: str) -> list[str]:
    """One rule's location: its headers, its cache time, its language's 404 page; the theme's
    folder with a nested location for fingerprinted names (a year): embed.js has no hash in
    its name, so it stays an hour."""
    lang = _language(rule.pattern, langs)
    lines = _adds(rule.headers, static.get(rule.pattern, NO_CACHE), "    ")
    if lang:
        lines.append(f"    error_page 403 404 =404 /{lang}/404.html;")
    if rule.pattern == theme:
        lines += ["", f'    location ~ "{FINGERPRINTED}" {{',
                  *_adds(rule.headers, YEAR, "        "), "    }"]
    return _block(_location(rule), lines)


def _search_block() -> list[str]:
    """The browser engine's files: no rule of `_headers` names them (the common headers);
    meta.json always revalidated, a file asked with the index's version kept a year."""
    return _block(f"location ^~ {SEARCH_PREFIX}", [
        f"    set $overstap_cache {NO_CACHE};",
        f'    if ($arg_v ~ "{VERSION}") {{',
        f'        set $overstap_cache "{YEAR}";',
        "    }",
        '    if ($uri ~ "/meta\\.json$") {',
        f"        set $overstap_cache {NO_CACHE};",
        "    }",
        *[f'    add_header {name} "{value}" always;' for name, value in COMMON],
        "    add_header Cache-Control $overstap_cache always;"])


def _api_blocks(address: str) -> list[str]:
    """The search service behind nginx: its own answers pass as they are (JSON, with its own
    nosniff, so nginx's is not added twice); it reads no header and no body, so neither is
    passed on; nginx's refusals here are JSON too."""
    json_error = [*[f'    add_header {name} "{value}" always;' for name, value in
                    (*COMMON, ("Cache-Control", "no-store"), (CSP, API_POLICY))],
                  "    default_type application/json;"]
    return [
        *_block(f"location ^~ {API_PREFIX}", [
            f"    proxy_pass {upstream(address)};",
            "    proxy_http_version 1.1;",
            '    proxy_set_header Connection "";',
            "    proxy_pass_request_headers off;",
            "    proxy_set_header Host $host;",
            "    proxy_set_header X-Forwarded-For $remote_addr;",
            "    proxy_set_header X-Forwarded-Proto $scheme;",
            "    proxy_pass_request_body off;",
            '    proxy_set_header Content-Length "";',
            "    proxy_connect_timeout 2s;",
            "    proxy_read_timeout 10s;",
            "    proxy_hide_header X-Content-Type-Options;",
            *[f'    add_header {name} "{value}" always;' for name, value in COMMON],
            f"    client_max_body_size {MAX_BODY};",
            "    error_page 413 @overstap_search_body;",
            "    error_page 502 504 =503 @overstap_search_down;"]),
        *_block("location @overstap_search_body", [*json_error, f"    return 413 '{BODY}';"]),
        *_block("location @overstap_search_down", [*json_error, f"    return 503 '{DOWN}';"]),
    ]


def server_conf(found: list[Rule], langs, static: dict[str, str], theme: str,
                redirects: dict[str, str], address: str) -> str:
    """`_nginx.conf` from the rules of `_headers` (`found`), the languages, the cache time of
    the folders published as they are (`{"/theme/*": HOUR}`), the theme's pattern
    (`/theme/*`), the redirects (old -> new) and the search service's address."""
    _check_values(found)
    out = ["# nginx configuration for the Overstap portal. Generated by the build: do not edit;",
           "# change the settings. Include it inside the server { } block that serves the",
           "# published folder (root), after listen and server_name; see docs/operations.md:",
           f"#     include /srv/overstap/{SERVER_FILE};",
           f"# Where the brotli module is loaded, include {BROTLI_FILE} beside it.", "",
           "server_tokens off;", "absolute_redirect off;", "index index.html;",
           "charset utf-8;",
           "charset_types text/css text/plain text/xml application/javascript application/json "
           "application/atom+xml application/feed+json image/svg+xml;",
           "gzip_static on;", "gzip_vary on;",
           "client_header_timeout 10s;", "client_body_timeout 10s;", "send_timeout 10s;",
           "keepalive_timeout 15s;", "error_page 403 404 =404 /404.html;", ""]
    server = [rule for rule in found if rule.pattern == "/*"]
    if [rule.headers for rule in server] != [COMMON]:
        raise ValueError("_headers must start with the common headers for /*")
    out += _adds((), NO_CACHE, "") + [""]
    out += ["# -- security headers per path (the rules of _headers), caching, 404 pages"]
    for rule in found:
        if rule.pattern != "/*":
            out += _rule_block(rule, langs, static, theme)
    out += ["# -- an address in a language folder that no rule names: that language's 404"]
    for lang in sorted(langs):
        out += _block(f"location ^~ /{lang}/", [f"    error_page 403 404 =404 /{lang}/404.html;"])
    out += ["# -- the browser's search engine files"] + _search_block()
    out += ["# -- the search service"] + _api_blocks(address)
    out += ["# -- these configurations are not for visitors",
            *_block("location ^~ /_", ["    return 404;"])]
    out += ["# -- old addresses of the portal and where they lead now (portal/addresses.py)"]
    out += [line for line in addresses.nginx_snippet(redirects).splitlines()
            if not line.startswith("#")]
    return "\n".join(out) + "\n"


def brotli_conf() -> str:
    return ("# Include beside _nginx.conf only where nginx has the brotli module "
            "(ngx_brotli):\n# the .br file beside each text file is sent to browsers that "
            "accept it.\nbrotli_static on;\n")


def _check_values(found: list[Rule]) -> None:
    """Every header value can be written between double quotes (the settings are checked
    before: headers.check_origins, page_policy)."""
    for rule in found:
        for name, value in rule.headers:
            if any(char in value for char in '"\\\n$'):
                raise SettingError(f"{name} for {rule.pattern} cannot be written for nginx")
