"""The static files the portal publishes as they are: content/images/, checked file by file.

Pelican's own static copy is not used (STATIC_PATHS is empty): it follows every link, so a
link back into content/ published the Markdown sources, drafts included, and a link to its
own folder copied every image forty times. Here:

- Only regular files are published, each under its own name below /images/. A link is
  followed only when it stays inside content/images/ and leads to a regular file (the file it
  leads to is published under the link's name, checked like any other). A link out of the
  folder, a link to a folder (or a loop), a link to nothing, a named pipe, a device or a
  socket is a content error naming the path; none of them is ever opened, so a named pipe
  cannot make the build or `invoke check` wait.
- Hidden files and folders, editors' temporary and backup files (`.foo`, `foo~`, `*.swp`,
  `#foo#`, `.DS_Store`, `Thumbs.db`) are ignored: neither published nor refused.
- Each file must be an image of an allowed type, by its extension AND its content: PNG, JPEG,
  GIF, WebP and AVIF by their magic bytes, SVG by a real XML parser (defusedxml) and a list of
  what an image may not hold: scripts, event handlers, `<foreignObject>`, HTML, frames and
  objects, `javascript:`, references to other files (only `#id` and embedded
  `data:image/...` pictures), a DOCTYPE or entities. HTML and every other type are refused.
- What `scan` checked is what `read_checked` reads again and the build writes: a file that
  changed in between is checked again, so the published bytes are always checked bytes.

The published folder is served with a strict content security policy (`sandbox`, see
embeds/headers.py), so even a script the check missed could not run in the portal's origin.
`invoke check` and the build both run `scan` (content_model.load, portal/loading.py).
"""

from __future__ import annotations

import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from xml.sax import SAXException, handler

from .errors import Problem
from .reader import STATIC_FOLDER, _check_link, _inside, special_kind

FOLDER = STATIC_FOLDER
#: Extension -> the type its content must have.
TYPES = {".avif": "AVIF", ".gif": "GIF", ".jpeg": "JPEG", ".jpg": "JPEG", ".png": "PNG",
         ".svg": "SVG", ".webp": "WebP"}
EXTENSION = {"AVIF": ".avif", "GIF": ".gif", "JPEG": ".jpg", "PNG": ".png", "SVG": ".svg",
             "WebP": ".webp"}
ALLOWED = ", ".join(sorted(TYPES))
#: Files of other programs (operating systems, editors) that are never published nor refused.
SYSTEM_FILES = {"Thumbs.db", "desktop.ini"}
EDITOR_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".bak", ".tmp")


@dataclass(frozen=True, order=True)
class StaticFile:
    """A checked file: published as images/<rel>, read from `source` (for a link inside
    content/images/, the file it leads to)."""

    rel: str  # below content/images/, with forward slashes
    source: str


def ignored(name: str) -> bool:
    """Hidden files, editors' temporary and backup files, operating systems' files."""
    return name.startswith(".") or name.endswith(EDITOR_SUFFIXES) or name in SYSTEM_FILES \
        or (len(name) > 1 and name.startswith("#") and name.endswith("#"))


# -- walking the folder --------------------------------------------------------------------------
def scan(content_dir: Path, root: Path) -> tuple[list[StaticFile], list[Problem]]:
    """Every file of content/images/ that may be published, and every problem."""
    content_dir = Path(content_dir)
    folder = content_dir / FOLDER
    if not os.path.lexists(folder):
        return [], []
    real_content = content_dir.resolve()
    rel = folder.relative_to(root).as_posix()
    problems = _check_link(folder, True, real_content, root)
    if problems:
        return [], problems
    if folder.is_symlink():
        return [], [Problem(rel, 0, "", "is a link to a folder",
                            f"make {rel}/ a real folder and put the images in it: links to "
                            "folders are not followed")]
    if not folder.is_dir():
        kind = special_kind(folder) or "file"
        return [], [Problem(rel, 0, "", f"is a {kind}, not a folder",
                            f"make {rel}/ a folder and put the images in it")]
    real_images = folder.resolve()
    files: list[StaticFile] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else rel
        problems.append(Problem(where, 0, "", f"cannot be read ({exc.strerror or exc})",
                                "check that the folder exists and may be read"))

    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False, onerror=unreadable):
        base = Path(dirpath)
        for name in sorted(dirnames):
            if ignored(name):
                dirnames.remove(name)
            elif (base / name).is_symlink():
                dirnames.remove(name)  # never followed (os.walk would not either)
                problems += _folder_link(base / name, real_content, real_images, root)
        dirnames.sort()
        for name in sorted(filenames):
            if ignored(name):
                continue
            path = base / name
            source, found = _source(path, real_content, real_images, root)
            problems += found
            if source is None:
                continue
            inside = path.relative_to(folder).as_posix()
            data, found = read_checked(path.relative_to(root).as_posix(), source)
            problems += found
            if data is not None:
                files.append(StaticFile(inside, source))
    return sorted(files), problems


def _folder_link(path: Path, real_content: Path, real_images: Path, root: Path):
    rel = path.relative_to(root).as_posix()
    problems = _check_link(path, True, real_content, root)  # out of content/, or nowhere
    if problems:
        return problems
    target = Path(os.path.realpath(path))
    if _inside(path.parent.resolve(), target):
        return [Problem(rel, 0, "", "is a link to a folder that holds it (a loop)",
                        "delete the link: links to folders are not followed")]
    if not _inside(target, real_images):
        return [Problem(rel, 0, "", f"is a link to {_shown(target, real_content)}, outside "
                        f"content/{FOLDER}/", f"only the files in content/{FOLDER}/ are "
                        "published: copy the images you need into it and delete the link")]
    return [Problem(rel, 0, "", "is a link to a folder",
                    "links to folders are not followed: move the folder here instead")]


def _source(path: Path, real_content: Path, real_images: Path, root: Path):
    """(the file to read, problems): the path itself, or where its link leads."""
    rel = path.relative_to(root).as_posix()
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return None, [Problem(rel, 0, "", f"cannot be read ({exc.strerror or exc})",
                              "check that the file exists and may be read")]
    if stat.S_ISREG(mode):
        return str(path), []
    if not stat.S_ISLNK(mode):
        return None, [Problem(rel, 0, "", f"is a {special_kind(path)}, not a file",
                              f"delete it: only image files are published from "
                              f"content/{FOLDER}/")]
    problems = _check_link(path, False, real_content, root)  # out of content/, or nowhere
    if problems:
        return None, problems
    target = Path(os.path.realpath(path))
    if not _inside(target, real_images):
        return None, [Problem(rel, 0, "", f"is a link to {_shown(target, real_content)}, "
                              f"outside content/{FOLDER}/", f"only the files in "
                              f"content/{FOLDER}/ are published: copy the file into it "
                              "instead of linking it")]
    kind = special_kind(target)
    if kind:
        return None, [Problem(rel, 0, "", f"is a link to a {kind}",
                              f"delete it: only image files are published from "
                              f"content/{FOLDER}/")]
    return str(target), []


def _shown(target: Path, real_content: Path) -> str:
    return "content/" + target.relative_to(real_content).as_posix() \
        if target != real_content else "content/"


# -- reading and checking one file -------------------------------------------------------------
class _NotAFile(OSError):
    pass


def _read(source: str) -> bytes:
    """The bytes of a regular file, never waiting: a named pipe put in its place meanwhile is
    opened without blocking and refused; a link put in its place is not followed."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(source, flags)
    with open(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _NotAFile(0, "not a regular file")
        return fh.read()


def read_checked(rel: str, source: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes when it may be published (else None), and its problems. `rel`: the
    name it is published and reported under (content/images/...)."""
    suffix = os.path.splitext(rel)[1].lower()
    if suffix not in TYPES:
        html = suffix in (".html", ".htm", ".xhtml", ".shtml", ".xht")
        what = "an HTML file" if html else f"a {suffix} file" if suffix else \
            "a file without an extension"
        hint = "remove it: HTML would run in the portal's own address; " if html else \
            "remove it, or save it as one of the image types: "
        return None, [Problem(rel, 0, "", f"is {what}, not an image the portal publishes",
                              f"{hint}content/{FOLDER}/ holds images only ({ALLOWED})")]
    try:
        data = _read(source)
    except OSError as exc:
        return None, [Problem(rel, 0, "", f"cannot be read ({exc.strerror or exc})",
                              "check that the file exists and is a normal file")]
    expected = TYPES[suffix]
    if expected == "SVG" and sniff(data).endswith(" image") and sniff(data) != "an SVG image":
        problems = [_wrong_content(rel, expected, data)]  # a picture saved under .svg
    elif expected == "SVG":
        problems = [Problem(rel, line, "svg", message, hint)
                    for line, message, hint in check_svg(data)]
    else:
        problems = _check_raster(rel, expected, data)
    return (None if problems else data), problems


# -- raster images: magic bytes ----------------------------------------------------------------
def _is_avif(data: bytes) -> bool:
    if data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[:4], "big")
    brands = [data[8:12]] + [data[i:i + 4] for i in range(16, min(size, len(data), 256), 4)]
    return any(brand in (b"avif", b"avis") for brand in brands)


MAGIC = {
    "PNG": lambda d: d.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda d: d.startswith(b"\xff\xd8\xff"),
    "GIF": lambda d: d.startswith((b"GIF87a", b"GIF89a")),
    "WebP": lambda d: d.startswith(b"RIFF") and d[8:12] == b"WEBP",
    "AVIF": _is_avif,
}
HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|script|iframe|"
                        rb"meta|title|div|p|a|form|object|embed|style|link)\b", re.I | re.S)


def sniff(data: bytes) -> str:
    """What a file holds, for a message: `a PNG image`, `HTML`, `text` ..."""
    for kind, test in MAGIC.items():
        if test(data):
            return f"a {kind} image"
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if not head.strip():
        return "nothing (the file is empty)"
    if HTML_START.match(head) or re.search(rb"<(html|script|body)\b", head, re.I):
        return "HTML"
    if re.search(rb"<svg\b", head, re.I):
        return "an SVG image"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "something else"
    return "text"


def _check_raster(rel: str, expected: str, data: bytes) -> list[Problem]:
    if MAGIC[expected](data):
        return []
    return [_wrong_content(rel, expected, data)]


def _wrong_content(rel: str, expected: str, data: bytes) -> Problem:
    found = sniff(data)
    other = next((kind for kind in EXTENSION if found == f"a {kind} image"), None)
    if other:
        hint = f"rename it to `{Path(rel).stem}{EXTENSION[other]}`"
    elif found == "HTML":
        hint = "remove it: the portal never publishes HTML from content/images/ (it would " \
            "run in the portal's own address)"
    else:
        hint = f"export the image again as {expected}, or remove the file"
    return Problem(rel, 0, "", f"is not a{'n' if expected[0] in 'AS' else ''} {expected} "
                   f"image: it holds {found}", hint)


# -- SVG: a real XML parser and what an image may not hold -------------------------------------
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Namespaces whose elements a browser would run or render as a document inside the image.
ACTIVE_NS = {"http://www.w3.org/1999/xhtml": "HTML", "http://www.w3.org/1998/Math/MathML":
             "MathML", "http://www.w3.org/2001/XInclude": "XInclude",
             "http://www.w3.org/1999/XSL/Transform": "XSLT"}
CODE = "an image may not run code"
#: Elements never allowed, whatever their namespace: why.
FORBIDDEN = {
    "script": CODE,
    "handler": CODE,
    "listener": CODE,
    "foreignobject": "it embeds HTML in the image",
    "iframe": "an image may not embed other documents",
    "frame": "an image may not embed other documents",
    "embed": "an image may not embed other documents",
    "object": "an image may not embed other documents",
    "applet": "an image may not embed other documents",
}
#: Animation elements, which could turn a link or an event handler into something else.
ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "animatecolor"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "poster"}
SAFE_DATA = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp|avif)[;,]", re.I)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
CSS_FORBIDDEN = re.compile(r"@import|image-set\(|\\", re.I)
SPACES = re.compile(r"[\x00-\x20\x7f]+")
JAVASCRIPT = re.compile(rb"j[\x00-\x20]*a[\x00-\x20]*v[\x00-\x20]*a[\x00-\x20]*s[\x00-\x20]*"
                        rb"c[\x00-\x20]*r[\x00-\x20]*i[\x00-\x20]*p[\x00-\x20]*t[\x00-\x20]*:",
                        re.I)
SELF_CONTAINED = "an image must hold everything it shows: only `#id` references and embedded " \
    "`data:image/...` pictures are allowed"
EXPORT = "export the SVG again as plain SVG (or clean it with SVGO)"


def _same_document(url: str) -> bool:
    url = SPACES.sub("", url)
    return url == "" or url.startswith("#") or bool(SAFE_DATA.match(url))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Findings(handler.ContentHandler):
    """Collects what an SVG may not hold: (line, message, hint), each kind once."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, tuple[int, str, str]] = {}
        self.locator = None
        self.depth = 0
        self.style: list[str] | None = None  # the text of the <style> being read
        self.style_line = 0

    def setDocumentLocator(self, locator):  # noqa: N802 - the SAX interface
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator is not None else 0

    def add(self, message: str, hint: str, line: int | None = None) -> None:
        self.found.setdefault(message, (self.line() if line is None else line, message, hint))

    def startElementNS(self, name, qname, attrs):  # noqa: N802 - the SAX interface
        uri, local = name
        low = local.lower()
        if self.depth == 0 and (uri, local) != (SVG_NS, "svg"):
            if local == "svg":
                self.add("`<svg>` lacks the SVG namespace: browsers do not show it as an image",
                         f'write `<svg xmlns="{SVG_NS}" ...>`')
            else:
                self.add(f"is not an SVG image: it starts with `<{local}>`", EXPORT)
        self.depth += 1
        if low in FORBIDDEN:
            self.add(f"`<{local}>` is not allowed in an image", f"remove it: {FORBIDDEN[low]}")
        elif uri in ACTIVE_NS:
            self.add(f"`<{local}>` ({ACTIVE_NS[uri]}) is not allowed in an image",
                     "remove it: an SVG image holds SVG only")
        if low == "style":
            self.style, self.style_line = [], self.line()
        if low in ANIMATIONS:
            target = (attrs.get((None, "attributeName")) or "").strip().lower()
            if target.startswith("on") or target.split(":")[-1] in URL_ATTRIBUTES:
                self.add(f"`<{local}>` changes `{target}`", "remove it: an animation may "
                         "not change a link or an event handler")
        for (attr_uri, attr), value in attrs.items():
            self.attribute(attr_uri, attr, value)

    def attribute(self, uri, name: str, value: str) -> None:
        low = name.lower()
        if low.startswith("on"):
            self.add(f"`{name}` (an event handler) is not allowed",
                     f"remove the attribute: {CODE}")
        elif JAVASCRIPT.search(value.encode("utf-8", "replace")):
            self.add("`javascript:` is not allowed", f"remove it: {CODE}")
        elif low in URL_ATTRIBUTES and not _same_document(value):
            shown = f"xlink:{name}" if uri == XLINK_NS else name
            self.add(f"`{shown}=\"{_short(value)}\"` refers to another file",
                     f"remove it: {SELF_CONTAINED}")
        if low == "style" or "url(" in value.lower():
            self.css(value)

    def css(self, text: str, line: int | None = None) -> None:
        for match in CSS_URL.finditer(text):
            if not _same_document(match.group(2)):
                self.add(f"`url({_short(match.group(2))})` refers to another file",
                         f"remove it: {SELF_CONTAINED}", line)
        if found := CSS_FORBIDDEN.search(text):
            what = "a CSS escape (`\\`)" if found.group(0) == "\\" else f"`{found.group(0)}`"
            self.add(f"{what} is not allowed in the image's style", "remove it: "
                     f"{SELF_CONTAINED}", line)

    def characters(self, content):
        if self.style is not None:
            self.style.append(content)
        if JAVASCRIPT.search(content.encode("utf-8", "replace")):
            self.add("`javascript:` is not allowed", f"remove it: {CODE}")

    def endElementNS(self, name, qname):  # noqa: N802 - the SAX interface
        self.depth -= 1
        if name[1].lower() == "style" and self.style is not None:
            self.css("".join(self.style), self.style_line)
            self.style = None

    def processingInstruction(self, target, data):  # noqa: N802 - the SAX interface
        if target.lower() == "xml-stylesheet":
            self.add("`<?xml-stylesheet?>` is not allowed", f"remove it: {SELF_CONTAINED}")


def check_svg(data: bytes) -> list[tuple[int, str, str]]:
    """Every kind of thing an SVG image may not hold, (line, message, hint), by line."""
    from defusedxml.common import DefusedXmlException
    from defusedxml.expatreader import create_parser

    findings = _Findings()
    parser = create_parser(namespaceHandling=1, forbid_dtd=True, forbid_entities=True,
                           forbid_external=True)
    parser.setContentHandler(findings)
    parser.setFeature(handler.feature_external_ges, False)
    parser.setFeature(handler.feature_external_pes, False)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException:
        line = parser.getLineNumber() or 1
        if re.search(rb"<!\s*ENTITY", data, re.I):
            return [(line, "declares entities (`<!ENTITY`)", f"remove them: {EXPORT}")]
        return [(line, "has a `<!DOCTYPE>` declaration", f"remove that line: {EXPORT}")]
    except SAXException as exc:
        line = getattr(exc, "getLineNumber", lambda: 0)() or 0
        message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
        if not data.strip():
            message = "the file is empty"
        return [(line, f"is not a well-formed SVG file ({message})",
                 "open it in an SVG editor and save it again, or export it again")]
    if match := JAVASCRIPT.search(data):  # also in comments and in any encoding's ASCII
        findings.add("`javascript:` is not allowed", f"remove it: {CODE}",
                     data[: match.start()].count(b"\n") + 1)
    return sorted(findings.found.values())


# -- publishing --------------------------------------------------------------------------------
class SettingError(Exception):
    """Pelican's own static copy was switched on again: it would follow links unchecked."""

    exitcode = 1


def check_settings(settings) -> None:
    """STATIC_PATHS must stay empty (Pelican's default is ["images"]): this module publishes
    content/images/, Pelican's static generator only copies the theme's files."""
    if settings.get("STATIC_PATHS"):
        raise SettingError(f"STATIC_PATHS = {list(settings['STATIC_PATHS'])!r}: Pelican would "
                           "copy those folders unchecked, following links — set STATIC_PATHS "
                           f"= [] in pelicanconf.py: content/{FOLDER}/ is published by the "
                           "portal's own checked copy (plugins/content_model/static.py)")


def publish(files: list[StaticFile], content_dir: Path, root: Path, write) -> None:
    """Write every checked file with write(images/<rel>, bytes), reading and checking each
    again: what is written is what was checked. A file that changed since `scan` and may no
    longer be published stops the build (ContentErrors), like any content error."""
    from .errors import ContentErrors

    problems: list[Problem] = []
    for file in files:
        shown = (Path(content_dir) / FOLDER / file.rel).relative_to(root).as_posix()
        data, found = read_checked(shown, file.source)
        if data is None:
            problems += found
        else:
            write(f"{FOLDER}/{file.rel}", data)
    if problems:
        raise ContentErrors(problems)
