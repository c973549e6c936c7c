"""No published address ever breaks (docs/dev/identity-and-addresses.md).

`addresses.tsv`, beside the content folder and kept in git, lists every address the portal has
published (pages, embeds, oEmbed files, feeds) with the identity of what it showed there:
`measure:loopbaangesprek:fr`, `hub:regions=gent:nl`, `atom:regions=gent:en` ... A build reads
it; every address it no longer makes gets
- a permanent redirect to the address that shows the same thing now (or, when nothing does, to
  the closest page above it that still exists), in `_redirects` and in the nginx snippet;
- a static alias at the old place for hosts that read neither: a small page that sends the
  reader on (HTML), or a copy of the current file (feeds and oEmbed files).
After a successful build with `RECORD_ADDRESSES` on (`invoke build`), the addresses it made are
added to the file; tests build with it off, so they never write into the repository.
"""

from __future__ import annotations

import json
import os
import re
import stat
from html import escape
from pathlib import Path

from content_model import Problem
from content_model.messages import msg
from content_model.reader import read_regular

MANIFEST = "addresses.tsv"
REDIRECTS_FILE = "_redirects"
NGINX_FILE = "_nginx-redirects.conf"
HEADER = ("# Every address the portal has published, with what it showed. Added to by "
          "`invoke build`;\n# commit it with the content. Never remove a line: "
          "docs/dev/identity-and-addresses.md\n")
ALIAS_MARK = '<meta name="overstap-alias" content="'


# -- what each address shows -----------------------------------------------------------------
def page_identity(page) -> str:
    data, lang = page.data, page.lang
    if "withdrawn" in data:  # the same item, no longer offered: its address stays its own
        return data["withdrawn"].ident
    if "item" in data:
        item = data["item"]
        return f"{item.type}:{item.meta['slug']}:{lang}"
    if page.kind == "hub":
        return f"hub:{data['taxonomy']}={data['term']}:{lang}"
    if page.kind == "combination":
        return f"combination:{data['first']}={data['a']}+{data['second']}={data['b']}:{lang}"
    if page.kind == "funnel":
        return f"funnel:{data['taxonomy']}:{lang}"
    if page.kind == "finder":
        return f"finder:{data['facet']}={data['value']}:{lang}" if data.get("facet") \
            else f"finder:all:{lang}"
    if page.kind == "library":
        return f"library:{data['type']}:{lang}"
    if page.kind in ("root", "404") and page.template.endswith("root"):
        return page.kind
    return f"{page.kind}:{lang}"


def embed_identity(embed) -> str:
    data = embed.data
    if embed.kind == "item":
        return f"embed:{data['item'].ident}"
    if embed.kind == "withdrawn":
        return f"embed:{data['withdrawn'].ident}"
    if embed.kind == "hub":
        return f"embed:hub:{data['taxonomy']}={data['term']}:{embed.lang}"
    scope = f"{data['taxonomy']}={data['term']}" if data.get("taxonomy") else "latest"
    return f"embed:list:{data['type']}:{scope}:{embed.lang}"


def feed_identity(feed) -> str:
    return f"{feed.scope}={feed.term or ''}:{feed.lang}"


def made_now(plan, catalogue, langs) -> dict[str, str]:
    """address -> identity of everything this build publishes."""
    now = {page.url: page_identity(page) for page in plan}
    for lang in langs:
        embeds, feeds = catalogue.in_language(lang)
        for embed in embeds:
            now[embed.url] = embed_identity(embed)
            now[embed.oembed_url] = "oembed:" + embed_identity(embed)
        for feed in feeds:
            now[feed.atom_url] = "atom:" + feed_identity(feed)
            now[feed.json_url] = "json:" + feed_identity(feed)
    return now


# -- the manifest ----------------------------------------------------------------------------
def manifest_path(settings) -> Path:
    return Path(settings["PATH"]).resolve().parent / MANIFEST


#: An address the portal makes: folders of lowercase letters, digits and hyphens (a dot
#: inside a name, never a name of dots), ending in `/` or in one .html, .xml or .json file.
ADDRESS_RE = re.compile(r"/(?:[a-z0-9][a-z0-9._-]*/)*(?:[a-z0-9][a-z0-9_.-]*\.(?:html|xml|json))?")
IDENTITY_RE = re.compile(r"[a-z0-9][a-z0-9:=_.+/-]*")
MAX_BYTES = 4 * 1024 * 1024


def _lines(path: Path) -> list[str] | None:
    """The manifest's lines, read only from a regular file that is not a link (a named pipe
    would make the build wait forever; a link could read any file); None when there is no
    such file."""
    try:
        raw = read_regular(path, MAX_BYTES, follow=False)
    except OSError:  # missing, a link, a pipe, a folder, unreadable: manifest_problems says
        return None
    try:
        return raw.decode("utf-8").splitlines() if len(raw) <= MAX_BYTES else None
    except UnicodeDecodeError:
        return None


def _entries(lines: list[str]):
    """(line number, address, identity, what is wrong or "") of each line that is not a
    comment."""
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        address, tab, identity = line.partition("\t")
        wrong = (
            msg("is not `address<TAB>identity`")
            if not tab
            else msg("`{address}` is not an address of the portal", address=address)
            if not ADDRESS_RE.fullmatch(address)
            else msg("`{identity}` is not an identity", identity=identity)
            if not IDENTITY_RE.fullmatch(identity)
            else ""
        )
        yield number, address, identity, wrong


def read(path: Path) -> dict[str, str]:
    """Every well-formed line of the manifest (the others are `manifest_problems`)."""
    return {address: identity for _, address, identity, wrong in _entries(_lines(path) or [])
            if not wrong}


def manifest_problems(settings) -> list[Problem]:
    """What is wrong with the manifest: not a plain file, not UTF-8, a line that is not an
    address and an identity; or missing while a published site exists (every old address
    would be forgotten)."""
    path = manifest_path(settings)
    rel = MANIFEST
    restore = msg("restore it from git: `git checkout -- {manifest}`", manifest=MANIFEST)
    if not os.path.lexists(path):
        published = Path(settings.get("PUBLISH_TARGET") or settings.get("OUTPUT_PATH")
                         or "output")  # PUBLISH_TARGET: the site online, while OUTPUT_PATH
        # is the staging folder (safe_publish)
        if settings.get("RECORD_ADDRESSES") and (published / REDIRECTS_FILE).is_file():
            return [
                Problem(
                    rel,
                    0,
                    "",
                    msg(
                        "is missing, but a site was published: every "
                        "address it had would be forgotten"
                    ),
                    restore,
                    code="manifest-missing",
                )
            ]
        return []
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        return [Problem(rel, 0, "", msg("is not a plain file (a link, a folder, a named pipe …)"),
                        restore, code="manifest-not-a-file")]
    if info.st_size > MAX_BYTES:
        return [Problem(rel, 0, "", msg("is over {max_bytes_1024_1024} MiB",
                                        max_bytes_1024_1024=MAX_BYTES // 1024 // 1024), restore,
                        code="manifest-too-large")]
    lines = _lines(path)
    if lines is None:
        return [Problem(rel, 0, "", msg("is not UTF-8 text"), restore, code="manifest-not-utf8")]
    return [
        Problem(
            rel,
            number,
            "",
            wrong,
            msg(
                "each line is an address the portal published, "
                "a tab and what it showed "
                "(`/nl/maatregelen/naam/<TAB>measure:naam:nl`); "
                "only `invoke build` writes this file: {restore}",
                restore=restore,
            ),
            code="manifest-line",
        )
        for number, _, _, wrong in _entries(lines)
        if wrong
    ]


def extended(known: dict[str, str], now: dict[str, str]) -> dict[str, str]:
    """The manifest after this build: every address ever published, each with what it shows
    now or, if nothing, what it showed last."""
    return {**known, **now}


def write(path: Path, manifest: dict[str, str]) -> None:
    text = HEADER + "".join(f"{a}\t{i}\n" for a, i in sorted(manifest.items()))
    if path.exists() and path.read_text("utf-8") == text:
        return
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, "utf-8", newline="\n")
    os.replace(temp, path)


# -- the redirects ---------------------------------------------------------------------------
def redirects(known: dict[str, str], now: dict[str, str]) -> dict[str, str]:
    """old address -> where it leads now, for every known address this build does not make."""
    where = {}
    for identity_address, identity in sorted(now.items()):
        where.setdefault(identity, identity_address)
    found = {}
    for old, identity in sorted(known.items()):
        if old in now:
            continue
        kind, lang = identity.partition(":")[0], identity.rpartition(":")[2]
        found[old] = where.get(identity) or where.get(f"{kind}:site=:{lang}") \
            or _closest(old, now)  # a feed that is gone: its language's feed
    return found


def _closest(old: str, now: dict[str, str]) -> str:
    """The nearest page above an address that the portal still has (at worst the root)."""
    parts = old.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        candidate = "/".join(parts) + "/"
        if candidate in now and now[candidate] not in ("404",):
            return candidate
    return "/"


def redirects_file(found: dict[str, str]) -> str:
    """Netlify's `_redirects` format (also read by Cloudflare Pages and others)."""
    lines = ["# Old addresses of the portal and where they lead now (portal/addresses.py)."]
    for old, new in sorted(found.items()):
        lines.append(f"{old} {new} 301")
        if old.endswith("/"):
            lines.append(f"{old}index.html {new} 301")
    return "\n".join(lines) + "\n"


def nginx_snippet(found: dict[str, str]) -> str:
    lines = ["# Old addresses of the portal and where they lead now (portal/addresses.py).",
             "# include inside the server { } block, beside the headers snippet."]
    for old, new in sorted(found.items()):
        lines.append(f"location = {old} {{ return 301 {new}; }}")
        if old.endswith("/"):
            lines.append(f"location = {old}index.html {{ return 301 {new}; }}")
    return "\n".join(lines) + "\n"


def alias_page(new: str, lang: str, sitename: str, public_url: str = "") -> str:
    """A page for hosts that read no redirect file: it sends the reader on at once (an instant
    redirect, WCAG technique G110)."""
    target = escape(new, quote=True)
    canonical = escape(public_url.rstrip("/") + new, quote=True)
    text = {"nl": ("Deze pagina is verhuisd", "Ga naar de nieuwe pagina"),
            "fr": ("Cette page a déménagé", "Aller à la nouvelle page"),
            "en": ("This page has moved", "Go to the new page")}.get(lang) or \
        ("This page has moved", "Go to the new page")
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{text[0]} · {escape(sitename)}</title>\n"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{canonical}">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n{ALIAS_MARK}{target}">\n'
            f'</head>\n<body>\n<main>\n<h1>{text[0]}</h1>\n<p><a href="{target}">{text[1]}</a>'
            f"</p>\n</main>\n</body>\n</html>\n")


def output_file(address: str) -> str:
    path = address.lstrip("/")
    return path + "index.html" if address.endswith("/") else path


def publish(portal, plan, catalogue, site, settings):
    """Write the redirect files and the aliases into the build's output; return the manifest
    to keep after a successful build (None when this build records nothing) and the
    redirects (old address -> new, for the nginx configuration)."""
    known = read(manifest_path(settings))
    now = made_now(plan, catalogue, site.langs)
    found = redirects(known, now)
    out = Path(portal.output_path)
    for old, new in sorted(found.items()):
        lang = old.strip("/").split("/")[0] if old.strip("/") else site.default_lang
        lang = lang if lang in site.langs else site.default_lang
        if old.endswith(("/", ".html")):  # reused from the last build like a page (memo.py)
            named = (new, lang, settings["SITENAME"], settings["PUBLIC_URL"])
            portal.memo.keep(portal.write_memo(output_file(old), ("alias", *named),
                                               lambda named=named: alias_page(*named)))
        elif new.endswith("/"):  # an oEmbed file whose embed is gone: a link to the page
            portal.write_file(output_file(old), json.dumps(
                {"version": "1.0", "type": "link", "title": settings["SITENAME"],
                 "provider_name": settings["SITENAME"],
                 "provider_url": settings["PUBLIC_URL"].rstrip("/") + new}, indent=1) + "\n")
        else:  # a feed or oEmbed file at its old place: the current one, for static hosts
            portal.write_file(output_file(old), (out / output_file(new)).read_bytes())
    portal.write_file(REDIRECTS_FILE, redirects_file(found))
    portal.write_file(NGINX_FILE, nginx_snippet(found))
    if settings.get("PREVIEW") or not settings.get("RECORD_ADDRESSES"):
        return None, found
    return extended(known, now), found


# -- what is no longer offered ---------------------------------------------------------------
def withdrawn(site, items, known: dict[str, str], today) -> list:
    """The items that keep their address with a notice: every expired item, and every item
    the manifest knows that is no longer published (its file removed, or made a draft again),
    unless the same item is still published at another address (then it redirects)."""
    from content_model.validate import state

    from .site import Withdrawn

    types = ("measure", "case", "story", "page")
    live = {i.ident for i in site.items}
    found: dict[str, Withdrawn] = {}
    for item in items:
        if item.type in types and item.lang in site.langs and item.meta.get("slug") \
                and state(item, today) == "expired" and item.ident not in live:
            found[item.ident] = Withdrawn(item.type, item.meta["slug"], item.lang,
                                          site.item_url(item), item)
    for address, identity in sorted(known.items()):
        type_, _, rest = identity.partition(":")
        slug, _, lang = rest.rpartition(":")
        if type_ in types and lang in site.langs and identity not in live | set(found) \
                and address.startswith(f"{site.siteurl}/{lang}/"):
            found[identity] = Withdrawn(type_, slug, lang, address)
    return sorted(found.values(), key=lambda w: (w.lang, w.type, w.slug))
