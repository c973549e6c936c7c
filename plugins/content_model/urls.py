"""Addresses in content, read as browsers read them (the WHATWG URL standard, through ada).

A checker that splits an address its own way can be fooled: browsers drop tabs and line ends
anywhere in an address, cut leading and trailing controls and spaces, read `\\` as `/` in
http(s) addresses, resolve `%2e%2e` as `..`, and read `https:host/x` as a path on an https
page but as another host on an http one. So every address is resolved by ada against two
pages of the portal (one served over https, one over http) and judged on what it resolves to:

- an address that does not parse is refused;
- its scheme must be http, https, mailto or tel;
- it must resolve to the same place from both pages (else it is ambiguous);
- an address that leads to another site must say so plainly: `http(s)://host/...`, with no
  user name before the host (`https://portal@elsewhere`) and no backslash;
- an image must stay on the portal, under /images/ (authoring.check_images finds the file);
- a relative address may not climb out of its folder with `..`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ada_url import URL, join_url

from .messages import msg

SCHEMES = {"http", "https", "mailto", "tel"}
HOST = "portal.invalid"
BASES = (f"https://{HOST}/nl/maatregelen/naam/", f"http://{HOST}/nl/maatregelen/naam/")
STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space, cut at both ends
PLAIN_OTHER_SITE = re.compile(r"(?i)https?://[^/\\?#@]+(?:[/?#]|$)")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Verdict:
    """What is wrong with an address: `message`, `hint` and a stable `code`."""

    message: str
    hint: str
    code: str


@dataclass(frozen=True)
class Resolved:
    scheme: str  # without the colon
    host: str  # "" for mailto:, tel:
    path: str  # percent-decoded
    other_site: bool


def normal(value: str) -> str:
    """What a browser reads: tabs and line ends removed, controls and spaces cut."""
    return re.sub(r"[\t\n\r]", "", value).strip(STRIP)


def resolve(value: str) -> Resolved | None:
    """Where `value` leads from a page of the portal, or None when browsers could not
    follow it (invalid, or leading elsewhere depending on the page's scheme)."""
    found = []
    for base in BASES:
        try:
            url = URL(join_url(base, value))
        except ValueError:
            return None
        found.append((url.protocol.rstrip(":"), url.hostname, url.pathname))
    (scheme, host, path), other = found
    if host != other[1]:  # `https:host/x`: a path on an https page, a host on an http one
        return None
    return Resolved(scheme, host, unquote(path), bool(host) and host != HOST)


def judge(value: str, *, image: bool = False) -> Verdict | None:
    """None when `value` is an address the portal may publish (in `href`, or with `image`
    in an image's `src`); else what is wrong."""
    plain = normal(value)
    written = SCHEME.match(plain)
    if written and written.group(1).lower() not in SCHEMES:
        scheme = written.group(1).lower()
        return Verdict(msg("`{scheme}:` addresses are not allowed", scheme=scheme),
                       msg("link to a web page (https://…), an e-mail address (mailto:) or an "
                           "item ({{ref}}slug)"), "url-scheme")
    resolved = resolve(value)
    if resolved is None:
        return Verdict(
            msg("`{value}` is not an address browsers read the same way everywhere", value=value),
            msg(
                "write a full address (`https://www.example.be/page`), an address "
                "on the portal (`/images/name.png`) or an item ({{ref}}slug)"
            ),
            "url-invalid",
        )
    if resolved.scheme not in SCHEMES:
        return Verdict(msg("`{resolved_scheme}:` addresses are not allowed",
                           resolved_scheme=resolved.scheme),
                       msg("link to a web page (https://…), an e-mail address (mailto:) or an "
                           "item ({{ref}}slug)"), "url-scheme")
    if resolved.other_site:
        if image:
            return Verdict(msg("the image is loaded from another site (`{resolved_host}`)",
                               resolved_host=resolved.host),
                           msg("put the image in content/images/ and write `/images/<name>`: "
                               "the portal makes no requests to other sites"), "image-other-site")
        if not PLAIN_OTHER_SITE.match(plain) or "\\" in plain or not plain.isprintable():
            return Verdict(msg("`{value}` leads to another site (`{resolved_host}`) but is not "
                               "written as a plain web address",
                               value=value, resolved_host=resolved.host),
                           msg("write it as `https://{resolved_host}/…`, without a user name "
                               "(`…@`) or backslashes, so readers and checks see where it leads",
                               resolved_host=resolved.host),
                           "url-disguised")
        return None
    if image and resolved.scheme not in ("http", "https"):
        return Verdict(msg("`{value}` is not an image address", value=value),
                       msg("put the image in content/images/ and write `/images/<name>`"),
                       "image-address")
    written_path = unquote(re.split(r"[?#]", plain, maxsplit=1)[0])
    if not written and not plain.startswith("//") and \
            ".." in re.split(r"[/\\]", written_path):
        return Verdict(msg("the address `{value}` climbs out of its folder with `..`", value=value),
                       msg("write the address from the root of the site, e.g. "
                           "`/images/coach.png`, or link an item with {{ref}}slug"), "url-climbs")
    return None
