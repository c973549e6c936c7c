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
- A raster image is decoded by Pillow (with only the decoder of its type) and published
  re-encoded, never as it came: EXIF (GPS position, camera, dates), XMP, comments and text
  chunks are left behind, the EXIF orientation is applied to the pixels, the format stays the
  same. Only the colour profile (ICC), transparency and an animation's frames, durations and
  loop count are kept. Encoder settings are fixed (`ENCODER`), so the published bytes depend
  only on the file's bytes and the pinned Pillow (part of `fingerprint.runtime_key`). An image
  that does not decode (cut off, damaged) or has more than `MAX_PIXELS` pixels (all frames of
  an animation together: a decompression bomb) is a content error, and so is an animated AVIF
  (libavif writes the time of encoding into animations: never the same bytes twice).
- Width and height of every published image (an SVG's only when its root gives them in px or
  without unit) are known: `with_sizes` gives the `<img>` of a rendered body its `width` and
  `height`, so the page does not move while images load.
- What `scan` checked is what `checked` reads again and the build writes: a file that
  changed in between is checked again, so the published bytes are always checked bytes.

The published folder is served with a strict content security policy (`sandbox`, see
embeds/headers.py), so even a script the check missed could not run in the portal's origin.
`invoke check` and the build both run `scan` (content_model.load, portal/loading.py).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax import SAXException, handler

from .errors import Problem
from .messages import concat, msg
from .reader import STATIC_FOLDER, _check_link, _inside, ignored, special_kind

FOLDER = STATIC_FOLDER
#: Extension -> the type its content must have.
TYPES = {".avif": "AVIF", ".gif": "GIF", ".jpeg": "JPEG", ".jpg": "JPEG", ".png": "PNG",
         ".svg": "SVG", ".webp": "WebP"}
EXTENSION = {"AVIF": ".avif", "GIF": ".gif", "JPEG": ".jpg", "PNG": ".png", "SVG": ".svg",
             "WebP": ".webp"}
ALLOWED = ", ".join(sorted(TYPES))


@dataclass(frozen=True, order=True)
class StaticFile:
    """A checked file: published as images/<rel>, read from `source` (for a link inside
    content/images/, the file it leads to); its size in pixels when known."""

    rel: str  # below content/images/, with forward slashes
    source: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Checked:
    """What is published for one file: its bytes (a raster image re-encoded) and size."""

    data: bytes
    width: int | None = None
    height: int | None = None


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
        return [], [Problem(rel, 0, "", msg("is a link to a folder"),
                            msg("make {rel}/ a real folder and put the images in it: links to "
                                "folders are not followed", rel=rel), code="images-link-to-folder")]
    if not folder.is_dir():
        kind = special_kind(folder) or "file"
        return [], [
            Problem(
                rel,
                0,
                "",
                msg("is a {kind}, not a folder", kind=kind),
                msg("make {rel}/ a folder and put the images in it", rel=rel),
                code="special-file",
            )
        ]
    real_images = folder.resolve()
    files: list[StaticFile] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else rel
        problems.append(Problem(where, 0, "", msg("cannot be read ({exc_strerror_or_exc})",
                                                  exc_strerror_or_exc=exc.strerror or exc),
                                msg("check that the folder exists and may be read"),
                                code="file-unreadable"))

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
            result, found = checked(path.relative_to(root).as_posix(), source)
            problems += found
            if result is not None:
                files.append(StaticFile(inside, source, result.width, result.height))
    return sorted(files), problems


def _folder_link(path: Path, real_content: Path, real_images: Path, root: Path):
    rel = path.relative_to(root).as_posix()
    problems = _check_link(path, True, real_content, root)  # out of content/, or nowhere
    if problems:
        return problems
    target = Path(os.path.realpath(path))
    if _inside(path.parent.resolve(), target):
        return [Problem(rel, 0, "", msg("is a link to a folder that holds it (a loop)"),
                        msg("delete the link: links to folders are not followed"),
                        code="images-link-loop")]
    if not _inside(target, real_images):
        return [
            Problem(
                rel,
                0,
                "",
                msg(
                    "is a link to {shown_target_real_content}, outside content/{folder}/",
                    shown_target_real_content=_shown(target, real_content),
                    folder=FOLDER,
                ),
                msg(
                    "only the files in content/{folder}/ are "
                    "published: copy the images you need "
                    "into it and delete the link",
                    folder=FOLDER,
                ),
                code="link-outside",
            )
        ]
    return [Problem(rel, 0, "", msg("is a link to a folder"),
                    msg("links to folders are not followed: move the folder here instead"),
                    code="images-link-to-folder")]


def _source(path: Path, real_content: Path, real_images: Path, root: Path):
    """(the file to read, problems): the path itself, or where its link leads."""
    rel = path.relative_to(root).as_posix()
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return None, [
            Problem(
                rel,
                0,
                "",
                msg(
                    "cannot be read ({exc_strerror_or_exc})",
                    exc_strerror_or_exc=exc.strerror or exc,
                ),
                msg("check that the file exists and may be read"),
                code="file-unreadable",
            )
        ]
    if stat.S_ISREG(mode):
        return str(path), []
    if not stat.S_ISLNK(mode):
        return None, [Problem(rel, 0, "", msg("is a {special_kind_path}, not a file",
                                              special_kind_path=special_kind(path)),
                              msg("delete it: only image files are published from "
                                  "content/{folder}/", folder=FOLDER), code="special-file")]
    problems = _check_link(path, False, real_content, root)  # out of content/, or nowhere
    if problems:
        return None, problems
    target = Path(os.path.realpath(path))
    if not _inside(target, real_images):
        return None, [
            Problem(
                rel,
                0,
                "",
                msg(
                    "is a link to {shown_target_real_content}, outside content/{folder}/",
                    shown_target_real_content=_shown(target, real_content),
                    folder=FOLDER,
                ),
                msg(
                    "only the files in content/{folder}/ are "
                    "published: copy the file into it "
                    "instead of linking it",
                    folder=FOLDER,
                ),
                code="link-outside",
            )
        ]
    kind = special_kind(target)
    if kind:
        return None, [Problem(rel, 0, "", msg("is a link to a {kind}", kind=kind),
                              msg("delete it: only image files are published from "
                                  "content/{folder}/", folder=FOLDER), code="special-file")]
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
            raise _NotAFile(0, msg("not a regular file"))
        return fh.read()


def read_checked(rel: str, source: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes to publish for the file when it may be published (else None), and its
    problems. `rel`: the name it is published and reported under (content/images/...)."""
    result, problems = checked(rel, source)
    return (None if result is None else result.data), problems


def checked(rel: str, source: str) -> tuple[Checked | None, list[Problem]]:
    """What to publish for the file (its bytes, a raster image re-encoded, and its size)
    when it may be published (else None), and its problems."""
    suffix = os.path.splitext(rel)[1].lower()
    if suffix not in TYPES:
        html = suffix in (".html", ".htm", ".xhtml", ".shtml", ".xht")
        what = msg("an HTML file") if html else f"a {suffix} file" if suffix else \
            msg("a file without an extension")
        hint = msg("remove it: HTML would run in the portal's own address; ") if html else \
            msg("remove it, or save it as one of the image types: ")
        return None, [Problem(rel, 0, "", msg("is {what}, not an image the portal publishes",
                                              what=what),
                              msg("{hint}content/{folder}/ holds images only ({allowed})",
                                  hint=hint, folder=FOLDER, allowed=ALLOWED),
                              code="image-wrong-type")]
    try:
        data = _read(source)
    except OSError as exc:
        return None, [Problem(rel, 0, "", msg("cannot be read ({exc_strerror_or_exc})",
                                              exc_strerror_or_exc=exc.strerror or exc),
                              msg("check that the file exists and is a normal file"),
                              code="file-unreadable")]
    expected = TYPES[suffix]
    if expected == "SVG" and sniff(data).endswith(" image") and sniff(data) != msg("an SVG image"):
        return None, [_wrong_content(rel, expected, data)]  # a picture saved under .svg
    if expected == "SVG":
        found, size = _parse_svg(data)
        problems = [Problem(rel, line, "svg", message, hint, code="svg-unsafe")
                    for line, message, hint in found]
        return (None if problems else Checked(data, *size)), problems
    problems = _check_raster(rel, expected, data)
    if problems:
        return None, problems
    return _reencoded(rel, expected, data)


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
        return msg("nothing (the file is empty)")
    if HTML_START.match(head) or re.search(rb"<(html|script|body)\b", head, re.I):
        return "HTML"
    if re.search(rb"<svg\b", head, re.I):
        return msg("an SVG image")
    if head.startswith(b"%PDF"):
        return msg("a PDF document")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return msg("something else")
    return "text"


def _check_raster(rel: str, expected: str, data: bytes) -> list[Problem]:
    if MAGIC[expected](data):
        return []
    return [_wrong_content(rel, expected, data)]


# -- raster images: decoded and encoded again --------------------------------------------------
#: At most this many pixels (all frames of an animation together): 40 megapixels, a photo of
#: a good camera; more is a decompression bomb or far more than a web page needs.
MAX_PIXELS = 40_000_000
#: The type -> Pillow's name of the only decoder and encoder used for it.
PILLOW = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WebP": "WEBP", "AVIF": "AVIF"}
#: Fixed encoder settings (the published bytes depend on nothing else). JPEG: quality 85,
#: the source's chroma subsampling kept (`_encode`); WebP: lossless stays lossless, lossy is
#: quality 85; AVIF: one thread (the same bytes on every machine). Changing any of these
#: changes the plugins' code, which every build fingerprint covers.
ENCODER = {
    "PNG": {"compress_level": 6, "optimize": False},
    "JPEG": {"quality": 85, "optimize": True, "progressive": False},
    "GIF": {"optimize": True},
    "WebP": {"quality": 85, "method": 4},
    "AVIF": {"quality": 75, "speed": 6, "max_threads": 1},
}
#: What of the decoded image's information is kept: the colour profile and transparency.
KEEP_INFO = ("icc_profile", "transparency")
#: EXIF orientation -> the transposition that shows the picture upright (as
#: `ImageOps.exif_transpose` does), applied to every frame.
ORIENTATION = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE",
               6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}
REEXPORT = "open it in an image editor and export it again as {kind}, or remove the file"
#: Re-encoded images of this process by the digest of their source (scan checks, publish
#: writes: one encoding per build), up to CACHE_BYTES.
_ENCODED: dict[str, Checked] = {}
CACHE_BYTES = 64 * 1024 * 1024


def _reencoded(rel: str, kind: str, data: bytes) -> tuple[Checked | None, list[Problem]]:
    key = hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()
    if (known := _ENCODED.get(key)) is not None:
        return known, []
    try:
        result = _transcode(kind, data)
    except _Refused as refused:
        return None, [Problem(rel, 0, "", refused.message, refused.hint, code=refused.code)]
    if sum(len(c.data) for c in _ENCODED.values()) + len(result.data) <= CACHE_BYTES:
        _ENCODED[key] = result
    return result, []


class _Refused(Exception):
    def __init__(self, code: str, message: str, hint: str):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def _too_large(pixels: int, frames: int = 1) -> _Refused:
    what = concat(f"{pixels / 1e6:.1f} megapixels",
                  msg(" in {frames} frames", frames=frames) if frames > 1 else "")
    return _Refused(
        "image-too-large",
        msg(
            "is too large: {what}, more than the "
            "{max_pixels_1_000_000} megapixels an image may have",
            what=what,
            max_pixels_1_000_000=MAX_PIXELS // 1_000_000,
        ),
        concat(msg("scale it down (a page shows at most about 2000 pixels across) and export "
                   "it again"), msg(", or shorten the animation") if frames > 1 else ""),
    )


def _transcode(kind: str, data: bytes) -> Checked:
    """The image decoded by Pillow and encoded again (raises _Refused)."""
    from PIL import Image, features

    if kind == "AVIF" and not features.check("avif"):
        raise _Refused(
            "image-type-not-supported",
            msg("cannot be checked: this Pillow has no AVIF decoder"),
            msg(
                "install the pinned Pillow (`pip install "
                "-c constraints.txt pillow`), or save "
                "the image as WebP"
            ),
        )
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    damaged = REEXPORT.format(kind=kind)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[PILLOW[kind]]) as image:
                frames, durations, loop = _frames(kind, image)
        except _Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise _too_large(int(found.group(1)) if found else MAX_PIXELS + 1) from None
        except Exception as exc:  # whatever a hostile file makes Pillow raise
            raise _Refused("image-not-decodable", msg("is a damaged {kind} image: "
                                                      "{why_exc_kind}",
                                                      kind=kind, why_exc_kind=_why(exc, kind)),
                           damaged) from None
    try:
        encoded = _encode(kind, data, frames, durations, loop)
    except Exception as exc:  # an image Pillow reads but cannot write
        raise _Refused("image-not-decodable", msg("cannot be published as {kind}: "
                                                  "{why_exc_kind}",
                                                  kind=kind, why_exc_kind=_why(exc, kind)),
                       damaged) from None
    return Checked(encoded, *frames[0].size)


def _why(exc: Exception, kind: str) -> str:
    """Pillow's reason, in words that stay the same from one run to the next."""
    from PIL import UnidentifiedImageError

    text = " ".join(re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "", str(exc)).split())
    if "truncated" in text.lower() or isinstance(exc, EOFError):
        return msg("the file ends too early (it was cut off)")
    if isinstance(exc, UnidentifiedImageError):
        return (msg("only its first bytes are those of an {kind} image", kind=kind)
                if kind[0] in "AS" else
                msg("only its first bytes are those of a {kind} image", kind=kind))
    text = text or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "…"


def _frames(kind: str, image):
    """Every frame decoded, upright, without metadata; their durations; the loop count."""
    from PIL import Image

    width, height = image.size
    # a JPEG's further pictures (MPO: a phone's HDR gain map, a depth map, a preview) are
    # not frames of an animation: browsers show the first, which alone is published
    count = 1 if kind == "JPEG" else getattr(image, "n_frames", 1)
    if width * height * count > MAX_PIXELS:
        raise _too_large(width * height * count, count)
    if kind == "AVIF" and count > 1:
        raise _Refused(
            "image-animation-not-supported",
            msg(
                "is an animated AVIF image: the portal "
                "publishes AVIF stills only (an "
                "animation would differ at every build)"
            ),
            msg("export the animation as WebP or GIF, or save one picture as AVIF"),
        )
    orientation = image.getexif().get(0x0112, 1)
    method = ORIENTATION.get(orientation) if isinstance(orientation, int) else None
    loop = image.info.get("loop")
    frames, durations = [], []
    for index in range(count):
        if count > 1:
            image.seek(index)
        frame = image.copy()  # decodes the whole frame: a damaged file raises here
        keep = {key: image.info[key] for key in KEEP_INFO if key in image.info}
        if method:
            frame = frame.transpose(getattr(Image.Transpose, method))
        frame.info = keep
        frames.append(frame)
        durations.append(int(round(image.info.get("duration", 0) or 0)))
    return frames, durations, loop


def _encode(kind: str, data: bytes, frames, durations, loop) -> bytes:
    options = dict(ENCODER[kind])
    if kind == "JPEG":
        options["subsampling"] = _subsampling(data)
    if kind == "WebP" and _webp_lossless(data):
        options.update(lossless=True, quality=80)  # for lossless, quality is the effort
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:], duration=durations)
        if loop is not None:
            options["loop"] = loop
        if kind == "GIF" and any(f.mode in ("RGBA", "LA", "PA") or "transparency" in f.info
                                 for f in frames):
            options["disposal"] = 2  # frames are whole pictures: clear before the next one
    out = io.BytesIO()
    frames[0].save(out, format=PILLOW[kind], **options)
    return out.getvalue()


def _subsampling(data: bytes) -> int:
    """The source's chroma subsampling (0: 4:4:4, 1: 4:2:2, 2: 4:2:0, the default)."""
    from PIL import Image, JpegImagePlugin

    with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
        found = JpegImagePlugin.get_sampling(image)
    return found if found in (0, 1, 2) else 2


def _webp_lossless(data: bytes) -> bool:
    """Whether the first picture in a WebP file is lossless (`VP8L`), in a frame too."""
    at = 12
    while at + 8 <= len(data):
        fourcc, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if fourcc in (b"VP8L", b"VP8 "):
            return fourcc == b"VP8L"
        at = at + 8 + 16 if fourcc == b"ANMF" else at + 8 + size + (size & 1)
    return False


def _wrong_content(rel: str, expected: str, data: bytes) -> Problem:
    found = sniff(data)
    other = next((kind for kind in EXTENSION if found == f"a {kind} image"), None)
    if other:
        hint = msg("rename it to `{path_rel_stem}{extension_other}`", path_rel_stem=Path(rel).stem,
                   extension_other=EXTENSION[other])
    elif found == "HTML":
        hint = msg("remove it: the portal never publishes HTML from content/images/ (it would "
                   "run in the portal's own address)")
    else:
        hint = msg("export the image again as {expected}, or remove the file", expected=expected)
    return Problem(
        rel,
        0,
        "",
        msg("is not an {expected} image: it holds {found}", expected=expected, found=found)
        if expected[0] in "AS" else
        msg("is not a {expected} image: it holds {found}", expected=expected, found=found),
        hint,
        code="image-content-mismatch",
    )


# -- SVG: a real XML parser and what an image may not hold -------------------------------------
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Namespaces whose elements a browser would run or render as a document inside the image.
ACTIVE_NS = {"http://www.w3.org/1999/xhtml": "HTML", "http://www.w3.org/1998/Math/MathML":
             "MathML", "http://www.w3.org/2001/XInclude": "XInclude",
             "http://www.w3.org/1999/XSL/Transform": "XSLT"}
CODE = msg("an image may not run code")
#: Elements never allowed, whatever their namespace: why.
FORBIDDEN = {
    "script": CODE,
    "handler": CODE,
    "listener": CODE,
    "foreignobject": msg("it embeds HTML in the image"),
    "iframe": msg("an image may not embed other documents"),
    "frame": msg("an image may not embed other documents"),
    "embed": msg("an image may not embed other documents"),
    "object": msg("an image may not embed other documents"),
    "applet": msg("an image may not embed other documents"),
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
SELF_CONTAINED = msg("an image must hold everything it shows: only `#id` references and "
                     "embedded `data:image/...` pictures are allowed")
EXPORT = msg("export the SVG again as plain SVG (or clean it with SVGO)")


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
        self.size: tuple[int | None, int | None] = (None, None)

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
                self.add(msg("`<svg>` lacks the SVG namespace: browsers do not show it as an "
                             "image"),
                         msg("write `<svg xmlns=\"{svg_ns}\" ...>`", svg_ns=SVG_NS))
            else:
                self.add(
                    msg("is not an SVG image: it starts with `<{local}>`", local=local), EXPORT
                )
        elif self.depth == 0:
            self.size = _svg_size(attrs.get((None, "width")), attrs.get((None, "height")))
        self.depth += 1
        if low in FORBIDDEN:
            self.add(
                msg("`<{local}>` is not allowed in an image", local=local),
                msg("remove it: {forbidden_low}", forbidden_low=FORBIDDEN[low]),
            )
        elif uri in ACTIVE_NS:
            self.add(msg("`<{local}>` ({active_ns_uri}) is not allowed in an image", local=local,
                         active_ns_uri=ACTIVE_NS[uri]),
                     msg("remove it: an SVG image holds SVG only"))
        if low == "style":
            self.style, self.style_line = [], self.line()
        if low in ANIMATIONS:
            target = (attrs.get((None, "attributeName")) or "").strip().lower()
            if target.startswith("on") or target.split(":")[-1] in URL_ATTRIBUTES:
                self.add(
                    f"`<{local}>` changes `{target}`",
                    msg("remove it: an animation may not change a link or an event handler"),
                )
        for (attr_uri, attr), value in attrs.items():
            self.attribute(attr_uri, attr, value)

    def attribute(self, uri, name: str, value: str) -> None:
        low = name.lower()
        if low.startswith("on"):
            self.add(msg("`{name}` (an event handler) is not allowed", name=name),
                     msg("remove the attribute: {code}", code=CODE))
        elif JAVASCRIPT.search(value.encode("utf-8", "replace")):
            self.add(msg("`javascript:` is not allowed"), msg("remove it: {code}", code=CODE))
        elif low in URL_ATTRIBUTES and not _same_document(value):
            shown = f"xlink:{name}" if uri == XLINK_NS else name
            self.add(msg("`{shown}=\"{short_value}\"` refers to another file", shown=shown,
                         short_value=_short(value)),
                     msg("remove it: {self_contained}", self_contained=SELF_CONTAINED))
        if low == "style" or "url(" in value.lower():
            self.css(value)

    def css(self, text: str, line: int | None = None) -> None:
        for match in CSS_URL.finditer(text):
            if not _same_document(match.group(2)):
                self.add(msg("`url({short_match_group_2})` refers to another file",
                             short_match_group_2=_short(match.group(2))),
                         msg("remove it: {self_contained}", self_contained=SELF_CONTAINED), line)
        if found := CSS_FORBIDDEN.search(text):
            what = msg("a CSS escape (`\\`)") if found.group(0) == "\\" else f"`{found.group(0)}`"
            self.add(
                msg("{what} is not allowed in the image's style", what=what),
                msg("remove it: {self_contained}", self_contained=SELF_CONTAINED),
                line,
            )

    def characters(self, content):
        if self.style is not None:
            self.style.append(content)
        if JAVASCRIPT.search(content.encode("utf-8", "replace")):
            self.add(msg("`javascript:` is not allowed"), msg("remove it: {code}", code=CODE))

    def endElementNS(self, name, qname):  # noqa: N802 - the SAX interface
        self.depth -= 1
        if name[1].lower() == "style" and self.style is not None:
            self.css("".join(self.style), self.style_line)
            self.style = None

    def processingInstruction(self, target, data):  # noqa: N802 - the SAX interface
        if target.lower() == "xml-stylesheet":
            self.add(msg("`<?xml-stylesheet?>` is not allowed"), msg("remove it: {self_contained}",
                                                                     self_contained=SELF_CONTAINED))


SVG_LENGTH = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(px)?\s*$")


def _svg_size(width: str | None, height: str | None) -> tuple[int | None, int | None]:
    """The root's width and height in pixels, when both are given in px or without unit
    (rounded half up), else none: `50%`, `10cm` or `2em` say nothing about pixels."""
    found = [SVG_LENGTH.match(value or "") for value in (width, height)]
    if not all(found):
        return None, None
    pixels = [int(float(match.group(1)) + 0.5) for match in found]
    return (pixels[0], pixels[1]) if all(pixels) else (None, None)


def check_svg(data: bytes) -> list[tuple[int, str, str]]:
    """Every kind of thing an SVG image may not hold, (line, message, hint), by line."""
    return _parse_svg(data)[0]


def _parse_svg(data: bytes):
    """(check_svg's findings, (width, height) in pixels or (None, None))."""
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
            return [
                (
                    line,
                    msg("declares entities (`<!ENTITY`)"),
                    msg("remove them: {export}", export=EXPORT),
                )
            ], (None, None)
        return [
            (
                line,
                msg("has a `<!DOCTYPE>` declaration"),
                msg("remove that line: {export}", export=EXPORT),
            )
        ], (None, None)
    except SAXException as exc:
        line = getattr(exc, "getLineNumber", lambda: 0)() or 0
        message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
        if not data.strip():
            message = msg("the file is empty")
        return [
            (
                line,
                msg("is not a well-formed SVG file ({message})", message=message),
                msg("open it in an SVG editor and save it again, or export it again"),
            )
        ], (None, None)
    if match := JAVASCRIPT.search(data):  # also in comments and in any encoding's ASCII
        findings.add(msg("`javascript:` is not allowed"), msg("remove it: {code}", code=CODE),
                     data[: match.start()].count(b"\n") + 1)
    return sorted(findings.found.values()), findings.size


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
        result, found = checked(shown, file.source)
        if result is None:
            problems += found
        elif (result.width, result.height) != (file.width, file.height):
            problems.append(Problem(shown, 0, "", msg("changed while the site was built"),
                                    msg("build the site again"), code="image-changed"))
        else:
            write(f"{FOLDER}/{file.rel}", result.data)
    if problems:
        raise ContentErrors(problems)


# -- width and height in the pages ---------------------------------------------------------------
IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
ATTRIBUTE = re.compile(r"""\s([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def sizes(files: list[StaticFile]) -> dict[str, tuple[int, int]]:
    """`/images/<rel>` -> (width, height) of every published image whose size is known."""
    return {f"/{FOLDER}/{f.rel}": (f.width, f.height) for f in files if f.width and f.height}


def with_sizes(body: str, known: dict[str, tuple[int, int]]) -> str:
    """Rendered (sanitised) HTML whose `<img src="/images/...">` have `width` and `height`,
    unless the author gave either. Addresses are compared decoded, without query or
    fragment; images from elsewhere and unknown files are left as they are."""
    if not known or "<img" not in body.lower():
        return body

    def add(match: re.Match) -> str:
        tag = match.group(0)
        attributes = {m.group(1).lower(): html.unescape(next(
            (v for v in m.group(2, 3, 4) if v is not None), ""))
            for m in ATTRIBUTE.finditer(tag[4:])}
        if "width" in attributes or "height" in attributes:
            return tag
        parts = urlsplit(attributes.get("src", "").strip())
        size = None if parts.scheme or parts.netloc else known.get(unquote(parts.path))
        if size is None:
            return tag
        end = "/>" if tag.endswith("/>") else ">"
        return f'{tag[:-len(end)].rstrip()} width="{size[0]}" height="{size[1]}"{end}'

    return IMG_TAG.sub(add, body)
