"""Security headers for the published folder: `_headers` (Netlify, Cloudflare Pages and other
static hosts that read that format) and an nginx snippet with the same headers.

- Every response: Referrer-Policy, X-Content-Type-Options, Permissions-Policy.
- Portal pages: a content security policy without 'unsafe-inline' and `frame-ancestors 'self'`
  (only the portal itself may frame them: the preview in the "Embed this" panel).
- Embed views (`/<lang>/embed/`): a stricter policy whose `frame-ancestors` comes from the
  EMBED_ALLOWED_ORIGINS setting, and CORS for their oEmbed files; feeds get CORS too.
- Static files (`/images/`, `/theme/`): published as they are, never a page of the portal:
  a policy that lets nothing run or load and puts a file opened on its own (an SVG) in a
  `sandbox`, an origin of its own, so even a script the content check (content_model/static.py)
  missed could not act in the portal's origin.

Static hosts apply every rule that matches a path and join a header named twice with a comma,
which would turn two policies into one stricter pair; so no two rules that can match the same
path set the same header. That is why the portal's folders are listed one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COMMON = (
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                           "magnetometer=(), microphone=(), payment=(), usb=()"),
)
PAGE_POLICY = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
               "font-src 'self'", "connect-src 'self'", "frame-src 'self'", "object-src 'none'",
               "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'")
EMBED_POLICY = ("default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
                "object-src 'none'", "base-uri 'self'", "form-action 'none'")
STATIC_POLICY = ("default-src 'none'", "style-src 'unsafe-inline'", "sandbox")
CSP = "Content-Security-Policy"
CORS = ("Access-Control-Allow-Origin", "*")
HEADERS_FILE = "_headers"
NGINX_FILE = "_nginx-headers.conf"

_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_ORIGIN = re.compile(r"^https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*"
                     r"[a-z0-9])?)*(:\d{1,5})?$")


class SettingError(Exception):
    """A setting the headers cannot be made from; the message says what to write instead."""

    exitcode = 1


def check_origins(origins) -> list[str]:
    """The allowlist as written, or SettingError naming the first entry that is no origin."""
    if isinstance(origins, str) or not isinstance(origins, list | tuple):
        raise SettingError('EMBED_ALLOWED_ORIGINS must be a list, for example ["*"] or '
                           '["https://www.gent.be"] — fix pelicanconf.py')
    for origin in origins:
        if origin != "*" and not (isinstance(origin, str) and _ORIGIN.match(origin)):
            raise SettingError(f"EMBED_ALLOWED_ORIGINS: {origin!r} is not an origin — write "
                               "the scheme and host only, like https://www.gent.be, or \"*\" "
                               "for every site (pelicanconf.py)")
    return list(origins)


def frame_ancestors(origins) -> str:
    """`*` when everyone may embed; else the portal itself plus the listed origins."""
    origins = check_origins(origins)
    if "*" in origins:
        return "frame-ancestors *"
    return " ".join(["frame-ancestors 'self'", *sorted(set(origins))])


def page_policy(frame_hosts=()) -> str:
    """The portal pages' policy; hosts an author may embed (MARKDOWN_ALLOWED_IFRAME_HOSTS)
    are added to frame-src."""
    for host in frame_hosts:
        if not _HOST.match(str(host)):
            raise SettingError(f"MARKDOWN_ALLOWED_IFRAME_HOSTS: {host!r} is not a host name — "
                               "write it like www.youtube-nocookie.com (pelicanconf.py)")
    extra = "".join(f" https://{host}" for host in sorted(frame_hosts))
    return "; ".join(d + extra if d.startswith("frame-src ") else d for d in PAGE_POLICY)


def embed_policy(origins) -> str:
    return "; ".join([*EMBED_POLICY, frame_ancestors(origins)])


def static_policy() -> str:
    """Images and the theme's files: nothing runs, nothing loads, a sandbox of its own."""
    return "; ".join(STATIC_POLICY)


@dataclass
class Layout:
    """Where pages are in the published folder."""

    embed: dict[str, str]  # lang -> embed folder name
    feeds: dict[str, str]  # lang -> feeds folder name
    folders: dict[str, set[str]] = field(default_factory=dict)  # lang -> folders with pages
    root_folders: set[str] = field(default_factory=set)  # folders with pages outside languages
    files: set[str] = field(default_factory=set)  # pages directly in a language or the root
    static: tuple[str, ...] = ()  # folders of files published as they are (images, theme)


def layout_of(pages, langs: dict, static=()) -> Layout:
    """The layout from the paths of every HTML file (`nl/regio/gent/index.html`) and each
    language's URL sections (folders a plugin may fill later count too); `static`: the
    folders of files published as they are (`images`, the theme's folder)."""
    lay = Layout({lg: info["sections"]["embed"] for lg, info in langs.items()},
                 {lg: info["sections"]["feeds"] for lg, info in langs.items()},
                 static=tuple(sorted(set(static))))
    for lang, info in langs.items():
        skip = {lay.embed[lang], lay.feeds[lang]}
        lay.folders[lang] = {s for s in info["sections"].values() if s not in skip}
    for path in pages:
        parts = path.split("/")
        if len(parts) == 1 or (parts[0] in langs and len(parts) == 2):
            if parts[-1] != "index.html":
                lay.files.add("/" + path)
        elif parts[0] in langs:
            if parts[1] not in (lay.embed[parts[0]], lay.feeds[parts[0]]):
                lay.folders[parts[0]].add(parts[1])
        elif parts[0] not in lay.static:  # their own policy (one policy per path)
            lay.root_folders.add(parts[0])
    return lay


@dataclass
class Rule:
    pattern: str
    headers: tuple[tuple[str, str], ...]


def rules(lay: Layout, origins, frame_hosts=()) -> list[Rule]:
    """Every rule of `_headers`, in order; no two rules that can match one path set the same
    header."""
    page = ((CSP, page_policy(frame_hosts)),)
    found = [Rule("/*", COMMON), Rule("/", page), Rule("/index.html", page)]
    found += [Rule(path, page) for path in sorted(lay.files)]
    found += [Rule(f"/{folder}/*", page) for folder in sorted(lay.root_folders)]
    found += [Rule(f"/{folder}/*", ((CSP, static_policy()),)) for folder in lay.static]
    for lang in lay.embed:
        found += [Rule(f"/{lang}/", page), Rule(f"/{lang}/index.html", page)]
        found += [Rule(f"/{lang}/{folder}/*", page) for folder in sorted(lay.folders[lang])]
        found.append(Rule(f"/{lang}/{lay.embed[lang]}/*", ((CSP, embed_policy(origins)), CORS)))
        found.append(Rule(f"/{lang}/{lay.feeds[lang]}/*", (*page, CORS)))
    return found


def headers_file(found: list[Rule]) -> str:
    out = ["# Security headers for the Overstap portal (Netlify, Cloudflare Pages and other hosts",
           "# that read _headers). Generated by the build: do not edit; change the settings.",
           ""]
    for rule in found:
        out.append(rule.pattern)
        out += [f"  {name}: {value}" for name, value in rule.headers]
        out.append("")
    return "\n".join(out)


def nginx_snippet(lay: Layout, origins, frame_hosts=()) -> str:
    """The same headers for nginx, to include in the server block that serves the folder."""
    def adds(headers, indent=""):
        return [f'{indent}add_header {name} "{value}" always;' for name, value in headers]

    def folders(names):
        return "|".join(sorted(f"{re.escape(lang)}/{re.escape(name)}"
                               for lang, name in names.items()))

    embed = (*COMMON, (CSP, embed_policy(origins)), CORS)
    page = (CSP, page_policy(frame_hosts))
    feeds = (*COMMON, page, CORS)
    out = ["# Security headers for the Overstap portal, for nginx. Generated by the build: do not",
           "# edit; change the settings. Include this file inside the server { } block that serves",
           f"# the published folder, for example:  include /srv/overstap/{NGINX_FILE};",
           "# A location with add_header lines of its own drops the inherited ones, so every",
           "# location below repeats the common headers.", ""]
    out += adds((*COMMON, page)) + [""]
    out += [f"location ~ ^/(?:{folders(lay.embed)})/ {{", *adds(embed, "    "), "}", ""]
    out += [f"location ~ ^/(?:{folders(lay.feeds)})/ {{", *adds(feeds, "    "), "}", ""]
    if lay.static:
        names = "|".join(re.escape(name) for name in lay.static)
        out += ["# files published as they are: nothing runs, nothing loads, a sandbox",
                f"location ~ ^/(?:{names})/ {{",
                *adds((*COMMON, (CSP, static_policy())), "    "), "}", ""]
    out += ["# the headers files themselves are not for visitors",
            "location ~ ^/_ {", "    return 404;", "}", ""]
    return "\n".join(out)
