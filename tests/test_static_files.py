"""content/images/: only checked image files are published (content_model/static.py).

Pelican's own static copy followed every link: a link back into content/ published the
Markdown sources (drafts too), a link to its own folder copied every image forty times, a
named pipe made the build wait forever, and an HTML page or an SVG with a script was served
from the portal's own origin. Each case copies the multilingual fixture site, adds one thing
to content/images/, builds into an output/ that holds a previous site and asserts the report
(`path:line: field: what is wrong — what to do`), exit code 1 and output/ byte for byte as it
was. Builds run in a child process with a time limit: a build that hangs fails the test.

Links: a link that stays inside content/images/ and leads to a regular file is followed (the
file it leads to is published under the link's name, checked like any other); every other
link is refused. Hidden files and editors' temporary and backup files are ignored.

Raster images are decoded and published re-encoded: what the tests expect of them (no EXIF, no
GPS position, no text chunks, the picture upright, the sizes in the pages) is read back from
the published files with Pillow and with small readers of the file formats written here, never
with the code under test.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageSequence, PngImagePlugin

from tests.support import FIXTURES, SITES, tree_digest
from tests.support import build_in_child as build
from tests.test_headers import headers_for, nginx_headers_for, parse_headers_file, parse_nginx

BASE = SITES / "multilingual" / "content"
PNG = (FIXTURES / "bad_content" / "coach.png").read_bytes()
STATIC_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
CLEAN_SVG = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a map -->\n<svg {SVG_NS} '
             'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'
             '<defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff"/>'
             '</linearGradient><style>.a { fill: url(#g) }</style></defs>\n'
             '<title>Kaart</title><rect class="a" width="5" height="5" fill="url(#g)"/>\n'
             '<use xlink:href="#g"/><a href="#g"><text>Gent</text></a>\n'
             '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>\n'
             '</svg>\n').encode()


def picture(fmt: str, size=(24, 16), colour=(200, 30, 30), mode: str = "RGB", **save) -> bytes:
    """A small image of one colour, made by Pillow."""
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt, **save)
    return out.getvalue()


def animation(fmt: str, colours, durations, **save) -> bytes:
    frames = [Image.new("RGB", (12, 10), colour) for colour in colours]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=durations, **save)
    return out.getvalue()


ANIMATION = ((255, 0, 0), (0, 160, 0), (0, 0, 255)), [120, 240, 360]
#: One real image of each allowed raster type (still images of one colour, an animated GIF).
RASTERS = {
    "foto.jpg": picture("JPEG", quality=95),
    "foto.jpeg": picture("JPEG", size=(8, 8), colour=(20, 90, 200)),
    "anim.gif": animation("GIF", *ANIMATION, loop=0),
    "foto.webp": picture("WEBP", lossless=True),
    "foto.avif": picture("AVIF", quality=90),
}
LOSSY = {"JPEG", "AVIF"}

Op = Callable[[Path], None]


# -- what a case does to the copied content folder ---------------------------------------------
def write(rel: str, data: str | bytes) -> Op:
    def apply(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return apply


def link(rel: str, target: str) -> Op:
    """A relative symlink at content/<rel> to <target>, a path from the case folder (the
    content folder's parent, which holds `outside/` with a PNG in it)."""
    def apply(content: Path) -> None:
        at = content / rel
        at.parent.mkdir(parents=True, exist_ok=True)
        at.symlink_to(os.path.relpath(content.parent / target, at.parent))
    return apply


def fifo(rel: str) -> Op:
    def apply(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(content / rel)
    return apply


def svg(rel: str, body: str, head: str = "") -> Op:
    """An SVG image: `head` before the root element, `body` inside it (line 2 on)."""
    return write(rel, f'{head}<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink">\n'
                      f'{body}\n</svg>\n')


def make_content(tmp_path: Path, ops: list[Op]) -> Path:
    """The fixture content with a clean content/images/coach.png, changed by `ops`."""
    content = tmp_path / "content"
    shutil.copytree(BASE, content, symlinks=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "coach.png").write_bytes(PNG)
    write("images/coach.png", PNG)(content)
    for op in ops:
        op(content)
    return content


def previous_site(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    for rel, data in (("index.html", b"<!doctype html><title>Overstap</title>"),
                      ("nl/index.html", b"<!doctype html><title>Vorige versie</title>"),
                      ("images/coach.png", PNG)):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out


# -- building in a child process, with a time limit --------------------------------------------
def refused(tmp_path: Path, ops: list[Op], **overrides) -> list[str]:
    """Build the case: it must fail with a report and leave output/ as it was. Returns the
    report's lines about content/ (warnings left out)."""
    content = make_content(tmp_path, ops)
    out = previous_site(tmp_path)
    before = tree_digest(out)
    code, text = build(content, out, **overrides)
    assert code == 1, text
    assert "Traceback" not in text, text
    assert f"Nothing was published: {out} is unchanged." in text, text
    assert tree_digest(out) == before
    return [line for line in text.splitlines()
            if line.startswith("content/") and not line.endswith(" (warning)")]


# -- the cases ----------------------------------------------------------------------------------
LINK_OUT = ("only the files in content/images/ are published: copy the file into it instead "
            "of linking it")
FOLDER_OUT = ("only the files in content/images/ are published: copy the images you need into "
              "it and delete the link")
LOOP = "is a link to a folder that holds it (a loop) — delete the link: links to folders are " \
    "not followed"
NO_CODE = "remove it: an image may not run code"
SELF_CONTAINED = ("remove it: an image must hold everything it shows: only `#id` references "
                  "and embedded `data:image/...` pictures are allowed")
EXPORT = "export the SVG again as plain SVG (or clean it with SVGO)"
ONLY_IMAGES = "content/images/ holds images only (.avif, .gif, .jpeg, .jpg, .png, .svg, .webp)"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


#: A well-formed PNG whose header claims 50000 x 50000 pixels (2.5 gigapixels, 7.5 GB as RGB)
#: in a few hundred bytes: a decompression bomb.
BOMB = b"".join([b"\x89PNG\r\n\x1a\n",
                 png_chunk(b"IHDR", struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)),
                 png_chunk(b"IDAT", zlib.compress(bytes(4096))), png_chunk(b"IEND", b"")])


def noise_png() -> bytes:
    """A PNG of noise: its pixel data does not compress, so half the file is half the data."""
    pixels = bytes((i * 7919 + i // 3) % 256 for i in range(64 * 64 * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", (64, 64), pixels).save(out, "PNG")
    return out.getvalue()


#: A PNG cut off in the middle of its pixel data.
CUT_PNG = noise_png()[: len(noise_png()) // 2]
REEXPORT = "open it in an image editor and export it again as {}, or remove the file"
TOO_LARGE = ("is too large: 2500.0 megapixels, more than the 40 megapixels an image may have — "
             "scale it down (a page shows at most about 2000 pixels across) and export it again")

CASES = {
    # -- links ---------------------------------------------------------------------------------
    "symlink-back-into-content-sources": (
        [link("images/bronnen", "content/measures")],
        [f"content/images/bronnen: is a link to content/measures, outside content/images/ — "
         f"{FOLDER_OUT}"]),
    "symlink-back-to-the-content-folder": (
        [link("images/terug", "content")], [f"content/images/terug: {LOOP}"]),
    "symlink-to-its-own-folder": (
        [link("images/lus", "content/images")], [f"content/images/lus: {LOOP}"]),
    "symlink-to-a-folder-inside-images": (
        [write("images/foto/gent.png", PNG), link("images/ook", "content/images/foto")],
        ["content/images/ook: is a link to a folder — links to folders are not followed: move "
         "the folder here instead"]),
    "symlink-to-a-draft-markdown-file": (
        [link("images/later.png", "content/measures/nl/later.md")],
        [f"content/images/later.png: is a link to content/measures/nl/later.md, outside "
         f"content/images/ — {LINK_OUT}"]),
    "symlink-to-a-file-outside-content": (
        [link("images/logo.png", "outside/coach.png")],
        ["content/images/logo.png: is a link to a file outside content/ — copy the file into "
         "content/ instead of linking it"]),
    "symlink-to-itself": (
        [link("images/zelf.png", "content/images/zelf.png")],
        ["content/images/zelf.png: is a link that leads nowhere — delete the link, or make it "
         "point to an existing file in content/"]),
    # -- what is not a file ----------------------------------------------------------------------
    "named-pipe": (
        [fifo("images/pijp.png")],
        ["content/images/pijp.png: is a named pipe (FIFO), not a file — delete it: only image "
         "files are published from content/images/"]),
    "link-to-a-hidden-named-pipe": (
        [fifo("images/.pijp"), link("images/pijp.png", "content/images/.pijp")],
        ["content/images/pijp.png: is a link to a named pipe (FIFO) — delete it: only image "
         "files are published from content/images/"]),
    "named-pipe-elsewhere-in-content": (
        [fifo("measures/nl/pijp.md")],
        ["content/measures/nl/pijp.md: is a named pipe (FIFO), not a file — delete it: "
         "content/ holds files and folders only"]),
    "images-is-a-named-pipe": (
        [lambda content: shutil.rmtree(content / "images"), fifo("images")],
        ["content/images: is a named pipe (FIFO), not a folder — make content/images/ a folder "
         "and put the images in it"]),
    # -- types ---------------------------------------------------------------------------------
    "html-file": (
        [write("images/pagina.html", "<!doctype html><script>alert(document.cookie)</script>")],
        ["content/images/pagina.html: is an HTML file, not an image the portal publishes — "
         f"remove it: HTML would run in the portal's own address; {ONLY_IMAGES}"]),
    "file-of-another-type": (
        [write("images/folder.pdf", "%PDF-1.7\n")],
        ["content/images/folder.pdf: is a .pdf file, not an image the portal publishes — "
         f"remove it, or save it as one of the image types: {ONLY_IMAGES}"]),
    "png-that-is-html": (
        [write("images/foto.png", "<!doctype html>\n<script>alert(document.cookie)</script>")],
        ["content/images/foto.png: is not a PNG image: it holds HTML — remove it: the portal "
         "never publishes HTML from content/images/ (it would run in the portal's own "
         "address)"]),
    "jpg-that-is-a-png": (
        [write("images/foto.jpg", PNG)],
        ["content/images/foto.jpg: is not a JPEG image: it holds a PNG image — rename it to "
         "`foto.png`"]),
    "png-that-is-a-jpeg": (
        [write("images/foto.png", RASTERS["foto.jpg"])],
        ["content/images/foto.png: is not a PNG image: it holds a JPEG image — rename it to "
         "`foto.jpg`"]),
    "png-cut-off": (
        [write("images/kapot.png", CUT_PNG)],
        ["content/images/kapot.png: is a damaged PNG image: the file ends too early (it was cut "
         f"off) — {REEXPORT.format('PNG')}"]),
    "decompression-bomb": (
        [write("images/bom.png", BOMB)], [f"content/images/bom.png: {TOO_LARGE}"]),
    "animated-avif": (
        [write("images/film.avif", animation("AVIF", *ANIMATION))],
        ["content/images/film.avif: is an animated AVIF image: the portal publishes AVIF stills "
         "only (an animation would differ at every build) — export the animation as WebP or "
         "GIF, or save one picture as AVIF"]),
    "empty-png": (
        [write("images/leeg.png", b"")],
        ["content/images/leeg.png: is not a PNG image: it holds nothing (the file is empty) — "
         "export the image again as PNG, or remove the file"]),
    # -- SVG -----------------------------------------------------------------------------------
    "svg-with-script": (
        [svg("images/kaart.svg", "<script>alert(document.cookie)</script>")],
        [f"content/images/kaart.svg:2: svg: `<script>` is not allowed in an image — {NO_CODE}"]),
    "svg-with-onload": (
        [write("images/kaart.svg", f'<svg {SVG_NS} onload="alert(1)"/>')],
        ["content/images/kaart.svg:1: svg: `onload` (an event handler) is not allowed — remove "
         "the attribute: an image may not run code"]),
    "svg-with-external-href": (
        [svg("images/kaart.svg", '<image xlink:href="https://tracker.example/p.png"/>')],
        ['content/images/kaart.svg:2: svg: `xlink:href="https://tracker.example/p.png"` refers '
         f"to another file — {SELF_CONTAINED}"]),
    "svg-with-external-url-in-style": (
        [svg("images/kaart.svg", '<rect style="fill: url(//tracker.example/p.svg#a)"/>')],
        ["content/images/kaart.svg:2: svg: `url(//tracker.example/p.svg#a)` refers to another "
         f"file — {SELF_CONTAINED}"]),
    "svg-with-javascript-link": (
        [svg("images/kaart.svg", '<a href="java&#x09;script:alert(1)"><text>x</text></a>')],
        [f"content/images/kaart.svg:2: svg: `javascript:` is not allowed — {NO_CODE}"]),
    "svg-with-foreign-object": (
        [svg("images/kaart.svg", '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
                                 "<iframe/></body></foreignObject>")],
        ["content/images/kaart.svg:2: svg: `<body>` (HTML) is not allowed in an image — remove "
         "it: an SVG image holds SVG only",
         "content/images/kaart.svg:2: svg: `<foreignObject>` is not allowed in an image — "
         "remove it: it embeds HTML in the image",
         "content/images/kaart.svg:2: svg: `<iframe>` is not allowed in an image — remove it: "
         "an image may not embed other documents"]),
    "svg-with-entity": (
        [svg("images/kaart.svg", "<text>&xxe;</text>",
             head='<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM '
                  '"file:///etc/passwd">]>\n')],
        [f"content/images/kaart.svg:2: svg: declares entities (`<!ENTITY`) — remove them: "
         f"{EXPORT}"]),
    "svg-with-doctype": (
        [svg("images/kaart.svg", "<rect/>",
             head='<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                  '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')],
        [f"content/images/kaart.svg:1: svg: has a `<!DOCTYPE>` declaration — remove that line: "
         f"{EXPORT}"]),
    "svg-that-does-not-parse": (
        [svg("images/kaart.svg", "<g><rect>\n</g>")],
        ["content/images/kaart.svg:3: svg: is not a well-formed SVG file (mismatched tag) — "
         "open it in an SVG editor and save it again, or export it again"]),
    "svg-that-is-html": (
        [write("images/kaart.svg", "<html><body><script>alert(1)</script></body></html>")],
        [f"content/images/kaart.svg:1: svg: `<script>` is not allowed in an image — {NO_CODE}",
         f"content/images/kaart.svg:1: svg: is not an SVG image: it starts with `<html>` — "
         f"{EXPORT}"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_what_may_not_be_published_is_refused_by_the_build(name, tmp_path):
    ops, expected = CASES[name]
    assert refused(tmp_path, ops) == expected


def frames_of(data: bytes):
    """(format, size, [(RGBA pixels, duration) of every frame], loop count), as Pillow reads
    the file."""
    with Image.open(io.BytesIO(data)) as image:
        frames = [(frame.convert("RGBA").tobytes(), frame.info.get("duration"))
                  for frame in ImageSequence.Iterator(image)]
        return image.format, image.size, frames, image.info.get("loop")


def assert_same_picture(published: bytes, source: bytes, rel: str) -> None:
    """The same format, size, number of frames, durations and loop count; the same pixels
    (within a little for the lossy formats)."""
    kind, size, frames, loop = frames_of(published)
    expected_kind, expected_size, expected_frames, expected_loop = frames_of(source)
    assert (kind, size, len(frames), loop) == \
        (expected_kind, expected_size, len(expected_frames), expected_loop), rel
    for (pixels, duration), (expected, expected_duration) in zip(frames, expected_frames,
                                                                 strict=True):
        assert duration == expected_duration, rel
        worst = max(abs(a - b) for a, b in zip(pixels, expected, strict=True))
        assert worst <= (12 if kind in LOSSY else 0), (rel, worst)


def test_the_clean_images_are_published_byte_for_byte_and_nothing_else(tmp_path):
    """PNG, JPEG, GIF (animated), WebP, AVIF and a clean SVG, in a subfolder too, and a link
    to a file inside content/images/: published as regular files, the SVG byte for byte, the
    raster images re-encoded as the same picture (format, size, frames, durations, loop and
    pixels). Hidden, temporary and backup files (HTML inside, even a named pipe) are ignored:
    neither published nor refused. The headers files give every one of them the strict
    policy and nosniff."""
    ignored = [write("images/.verborgen.html", "<script>alert(1)</script>"),
               write("images/kaart.svg~", "<script>alert(1)</script>"),
               write("images/kaart.svg.swp", b"\x00vim"),
               write("images/#kaart.svg#", "<script>alert(1)</script>"),
               write("images/.DS_Store", b"\x00\x00\x00\x01Bud1"),
               write("images/Thumbs.db", b"\xd0\xcf\x11\xe0"),
               write("images/.git/config", "[core]"),
               fifo("images/.pijp"),
               link("images/.#kaart.svg", "content/images/root@host.1234:1700000000")]
    content = make_content(tmp_path, [
        write("images/kaart.svg", CLEAN_SVG), write("images/foto/gent.png", PNG),
        link("images/ook-coach.png", "content/images/coach.png"),
        *[write(f"images/{name}", data) for name, data in RASTERS.items()], *ignored])
    out = tmp_path / "output"
    code, text = build(content, out)
    assert code == 0, text
    published = {p.relative_to(out / "images").as_posix(): p for p in (out / "images").rglob("*")
                 if not p.is_dir()}
    expected = {"coach.png": PNG, "ook-coach.png": PNG, "kaart.svg": CLEAN_SVG,
                "foto/gent.png": PNG, **RASTERS}
    assert sorted(published) == sorted(expected)
    for rel, path in published.items():
        assert not path.is_symlink(), rel
        if rel.endswith(".svg"):
            assert path.read_bytes() == expected[rel], rel
        else:
            assert_same_picture(path.read_bytes(), expected[rel], rel)
        assert path.stat().st_ino != (content / "images" / rel).stat().st_ino, \
            f"{rel} is linked to content/: editing the source would change the published site"
    assert not list(out.rglob("*.md")), "Markdown sources published"

    rules = parse_headers_file((out / "_headers").read_text("utf-8"))
    server, locations = parse_nginx((out / "_nginx-headers.conf").read_text("utf-8"))
    for rel in published:
        url = f"/images/{rel}"
        sent = headers_for(rules, url)
        assert sent["content-security-policy"] == [STATIC_POLICY], url
        assert sent["x-content-type-options"] == ["nosniff"], url
        nginx = nginx_headers_for(server, locations, url)
        assert nginx["content-security-policy"] == STATIC_POLICY, url
        assert nginx["x-content-type-options"] == "nosniff", url


def test_invoke_check_reports_the_same_problems_and_does_not_hang(tmp_path):
    """`invoke check` (no Pelican) and the build report the same problems, named pipe, cut-off
    image and decompression bomb all, and neither waits on the pipe."""
    from tests.authoring_project import invoke, make

    project = make(tmp_path, with_code=True)
    for op in (fifo("images/pijp.png"), link("images/lus", "content/images"),
               link("images/bron.png", "content/measures/nl/opleiding.md"),
               write("images/foto.png", "<html><script>alert(1)</script></html>"),
               fifo("measures/nl/pijp.md"), write("images/kapot.png", CUT_PNG),
               write("images/bom.png", BOMB),
               svg("images/kaart.svg", '<rect onclick="alert(1)"/>')):
        op(project / "content")
    done = invoke(project, "check")  # `invoke check` in its own process, as authors run it
    code, checked = done.returncode, done.stdout + done.stderr
    assert code == 1, checked
    assert "Traceback" not in checked, checked
    code, built = build(project / "content", tmp_path / "output")
    assert code == 1, built

    def static_lines(text: str) -> list[str]:
        return [line for line in text.splitlines()
                if line.startswith(("content/images", "content/measures/nl/pijp"))]

    assert len(static_lines(checked)) == 8, checked
    assert static_lines(checked) == static_lines(built)


def test_pelicans_own_static_copy_cannot_be_switched_back_on(tmp_path):
    """STATIC_PATHS = ["images"] (Pelican's default) would copy content/images/ unchecked."""
    content = make_content(tmp_path, [link("images/bronnen", "content/measures")])
    out = previous_site(tmp_path)
    before = tree_digest(out)
    code, text = build(content, out, STATIC_PATHS=["images"])
    assert code == 1, text
    assert "error: STATIC_PATHS = ['images']: Pelican would copy those folders unchecked" in text
    assert "set STATIC_PATHS = [] in pelicanconf.py" in text and "Traceback" not in text
    assert tree_digest(out) == before


def test_an_incremental_build_publishes_the_images_as_a_clean_build_does(tmp_path):
    """A changed, an added and a removed image: the build that reuses the last build's pages
    writes what a clean build writes, and the removed image is gone."""
    content = make_content(tmp_path, [write("images/kaart.svg", CLEAN_SVG),
                                      write("images/oud/weg.png", PNG)])
    out = tmp_path / "output"
    code, text = build(content, out)
    assert code == 0, text
    assert_same_picture((out / "images" / "oud" / "weg.png").read_bytes(), PNG, "oud/weg.png")
    (content / "images" / "kaart.svg").write_bytes(CLEAN_SVG.replace(b"Gent", b"Antwerpen"))
    shutil.rmtree(content / "images" / "oud")
    write("images/nieuw.gif", RASTERS["anim.gif"])(content)
    code, text = build(content, out)
    assert code == 0, text
    assert "unchanged ones kept" in text, text  # it did reuse pages
    clean = tmp_path / "clean"
    code, text = build(content, clean)
    assert code == 0, text
    assert tree_digest(out) == tree_digest(clean)
    assert not (out / "images" / "oud").exists()
    assert (out / "images" / "kaart.svg").read_bytes() == \
        CLEAN_SVG.replace(b"Gent", b"Antwerpen")


# -- what a published image no longer says, and what the pages know of it -----------------------
GPS_MARK = "OVERSTAP-GPS-DATUM"
#: Strings the test images hide in their metadata: none may be published.
SECRETS = [GPS_MARK.encode(), b"OVERSTAP-CAMERA", b"OVERSTAP-COMMENT", b"OVERSTAP-XMP",
           b"OVERSTAP-PNG-TEXT", b"OVERSTAP-PNG-ITXT"]
RED, BLUE = (230, 20, 20), (20, 20, 230)


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "OVERSTAP-CAMERA"  # Make
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps.update({1: "N", 2: (51.0, 3.0, 27.5), 3: "E", 4: (3.0, 43.0, 12.0), 0x12: GPS_MARK})
    return exif


def gps_jpeg() -> bytes:
    """A photo taken in Ghent: GPS position, camera, a comment and XMP."""
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (30, 120, 200)).save(
        out, "JPEG", exif=exif_with_gps(), comment=b"OVERSTAP-COMMENT",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>OVERSTAP-XMP</x:xmpmeta>")
    return out.getvalue()


def turned_jpeg() -> bytes:
    """Stored 40 x 20 with a red top-left quarter; EXIF orientation 6: shown turned a quarter
    clockwise, 20 x 40, the red quarter at the top right."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 10))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif_with_gps(orientation=6))
    return out.getvalue()


def text_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "OVERSTAP-PNG-TEXT")
    info.add_itxt("Description", "OVERSTAP-PNG-ITXT")
    out = io.BytesIO()
    Image.new("RGB", (30, 10), (10, 200, 10)).save(out, "PNG", pnginfo=info,
                                                   exif=exif_with_gps())
    return out.getvalue()


def png_chunks(data: bytes) -> list[str]:
    """The chunk types of a PNG file, in order."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    found, at = [], 8
    while at < len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        found.append(data[at + 4:at + 8].decode("ascii"))
        at += 12 + size
    return found


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG file up to its image data (0xE1: EXIF or XMP, 0xFE: comment)."""
    assert data.startswith(b"\xff\xd8")
    found, at = [], 2
    while at < len(data):
        assert data[at] == 0xFF, at
        marker = data[at + 1]
        found.append(marker)
        if marker == 0xDA:  # start of scan: the image data follows
            return found
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return found


SIZED_SVG = CLEAN_SVG.replace(b'viewBox="0 0 10 10"', b'width="120" height="80px" '
                                                       b'viewBox="0 0 10 10"')
SHOWN = {"gps.jpg": gps_jpeg(), "gedraaid.jpg": turned_jpeg(), "tekst.png": text_png(),
         "anim.gif": RASTERS["anim.gif"], "foto.webp": RASTERS["foto.webp"],
         "foto.avif": RASTERS["foto.avif"], "kaart.svg": SIZED_SVG, "plan.svg": CLEAN_SVG}
PAGE = "pages/nl/over.md"


def show_images(content: Path) -> None:
    """Every image of SHOWN in the text of a page, and one with the author's own size."""
    text = "".join(f"\n\n![Afbeelding {name}](/images/{name})" for name in SHOWN)
    text += '\n\n<img alt="Met eigen maten" src="/images/gps.jpg" width="10" height="5">\n'
    with (content / PAGE).open("a", encoding="utf-8") as fh:
        fh.write(text)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> list[Path]:
    """The fixture site with images that say too much, shown on a page, built twice, each
    time in a process of its own with another hash seed."""
    tmp = tmp_path_factory.mktemp("metadata")
    content = make_content(tmp, [*[write(f"images/{name}", data)
                                   for name, data in SHOWN.items()], show_images])
    outputs = []
    for seed in ("1", "2"):
        out = tmp / f"output-{seed}"
        code, text = build(content, out, env={**os.environ, "PYTHONHASHSEED": seed})
        assert code == 0, text
        outputs.append(out)
    return outputs


def test_a_photo_is_published_without_exif_gps_position_comment_or_xmp(published):
    source = SHOWN["gps.jpg"]
    with Image.open(io.BytesIO(source)) as image:  # the test's photo does say it all
        assert image.getexif().get_ifd(0x8825)[0x12] == GPS_MARK
    assert 0xE1 in jpeg_segments(source) and 0xFE in jpeg_segments(source)
    assert all(secret in source for secret in SECRETS[:4])
    for name in ("gps.jpg", "gedraaid.jpg"):
        data = (published[0] / "images" / name).read_bytes()
        assert not {0xE1, 0xFE} & set(jpeg_segments(data)), name  # no EXIF, XMP, comment
        assert not [secret for secret in SECRETS if secret in data], name
        assert b"Exif\x00\x00" not in data and b"adobe:ns:meta" not in data, name
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and len(image.getexif()) == 0, name
            assert not {"exif", "xmp", "comment"} & set(image.info), name
    assert_same_picture((published[0] / "images" / "gps.jpg").read_bytes(), source, "gps.jpg")


def test_the_exif_orientation_is_applied_to_the_pixels(published):
    """The picture looks as it did with its EXIF orientation, which is gone: turned."""
    with Image.open(published[0] / "images" / "gedraaid.jpg") as image:
        assert image.size == (20, 40)
        picture = image.convert("RGB")
    for corner, colour in (((15, 5), RED), ((4, 5), BLUE), ((15, 34), BLUE), ((4, 34), BLUE)):
        found = picture.getpixel(corner)
        assert max(abs(a - b) for a, b in zip(found, colour, strict=True)) <= 24, \
            (corner, found, colour)


def test_a_png_loses_its_text_chunks_and_exif(published):
    source = SHOWN["tekst.png"]
    assert {"tEXt", "iTXt", "eXIf"} <= set(png_chunks(source))  # what the test wrote
    data = (published[0] / "images" / "tekst.png").read_bytes()
    assert png_chunks(data) == ["IHDR", "IDAT", "IEND"]
    assert not [secret for secret in SECRETS if secret in data]
    assert_same_picture(data, source, "tekst.png")


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


def test_pages_give_every_image_its_real_width_and_height(published):
    """Each `<img>` of a published image has the width and height of the published file (the
    turned photo: as it is shown); an SVG has them only when its root gives pixels; a size
    the author wrote is kept."""
    out = published[0]
    parser = _Images()
    for page in sorted(out.rglob("*.html")):
        parser.feed(page.read_text("utf-8"))
    shown = [img for img in parser.found if img.get("src", "").startswith("/images/")]
    assert {img["src"] for img in shown} == {f"/images/{name}" for name in SHOWN}
    for img in shown:
        name = img["src"].removeprefix("/images/")
        if img["alt"] == "Met eigen maten":
            assert (img["width"], img["height"]) == ("10", "5")
        elif name == "kaart.svg":
            assert (img["width"], img["height"]) == ("120", "80")
        elif name == "plan.svg":
            assert "width" not in img and "height" not in img
        else:
            with Image.open(out / "images" / name) as image:
                assert (img.get("width"), img.get("height")) == tuple(map(str, image.size)), img
    assert ("20", "40") in {(img.get("width"), img.get("height")) for img in shown}


def test_two_builds_publish_the_same_re_encoded_bytes(published):
    """Byte for byte the same site from two processes, the re-encoded images included (an
    image Pillow wrote with the same settings may come out as it was; those with metadata
    cannot)."""
    first, second = (tree_digest(out) for out in published)
    assert first == second
    for name in ("gps.jpg", "gedraaid.jpg", "tekst.png"):
        assert (published[0] / "images" / name).read_bytes() != SHOWN[name], name


# -- the SVG check on its own (no build) ---------------------------------------------------------
def svg_problems(data: bytes) -> list[str]:
    from content_model.static import check_svg

    return [message for _line, message, _hint in check_svg(data)]


def svg_doc(body: str, head: str = "", root: str = "") -> bytes:
    return (f'{head}<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink"{root}>'
            f"{body}</svg>").encode()


INKSCAPE = svg_doc(
    '<sodipodi:namedview id="nv" inkscape:zoom="1"/><metadata><rdf:RDF><cc:Work rdf:about="">'
    '<dc:format>image/svg+xml</dc:format><dc:type rdf:resource="http://purl.org/dc/dcmitype/'
    'StillImage"/></cc:Work></rdf:RDF></metadata><g inkscape:label="Laag 1">'
    '<path d="M0 0h10v10z" style="fill:#0055a4;stroke:none"/></g>',
    head='<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
    root=' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
         'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
         'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
         'xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"')


@pytest.mark.parametrize("data", [CLEAN_SVG, INKSCAPE], ids=["clean", "inkscape"])
def test_clean_svgs_pass(data):
    assert svg_problems(data) == []


@pytest.mark.parametrize("data, message", [
    (svg_doc("<script>1</script>"), "`<script>` is not allowed in an image"),
    (svg_doc('<h:script xmlns:h="http://www.w3.org/1999/xhtml">1</h:script>'),
     "`<script>` is not allowed in an image"),
    (svg_doc('<rect onmouseover="x()"/>'), "`onmouseover` (an event handler) is not allowed"),
    (svg_doc('<set attributeName="onclick" to="x()"/>'), "`<set>` changes `onclick`"),
    (svg_doc('<a><animate attributeName="href" values="https://x.example"/></a>'),
     "`<animate>` changes `href`"),
    (svg_doc('<a href="data:text/html,x"><text>x</text></a>'),
     '`href="data:text/html,x"` refers to another file'),
    (svg_doc('<use href="sprite.svg#icon"/>'), '`href="sprite.svg#icon"` refers to another file'),
    (svg_doc('<a xlink:href="&#106;avascript:x()"><text>x</text></a>'),
     "`javascript:` is not allowed"),
    (svg_doc("<!-- javascript:x() -->"), "`javascript:` is not allowed"),
    (svg_doc('<style>@import "https://x.example/a.css";</style>'),
     "`@import` is not allowed in the image's style"),
    (svg_doc('<rect style="fill:\\75 rl(https://x.example/a)"/>'),
     "a CSS escape (`\\`) is not allowed in the image's style"),
    (svg_doc("<rect/>", head='<?xml-stylesheet href="https://x.example/a.css"?>'),
     "`<?xml-stylesheet?>` is not allowed"),
    (svg_doc("<embed/><object/>"), "`<embed>` is not allowed in an image"),
    (svg_doc("<foreignObject/>"), "`<foreignObject>` is not allowed in an image"),
    (svg_doc("&a;", head='<!DOCTYPE svg [<!ENTITY a "&b;&b;"><!ENTITY b "lol">]>'),
     "declares entities (`<!ENTITY`)"),
    (b"<svg/>", "`<svg>` lacks the SVG namespace: browsers do not show it as an image"),
    (b"", "is not a well-formed SVG file (the file is empty)"),
    (svg_doc('<use xlink:href="#a"/>').replace(b' xmlns:xlink="http://www.w3.org/1999/xlink"',
                                                b""),
     "is not a well-formed SVG file (unbound prefix)"),
    ('<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + svg_doc(
        "<script>1</script>").decode().encode("utf-16")[2:],
     "`<script>` is not allowed in an image"),
])
def test_what_an_svg_may_not_hold(data, message):
    assert message in svg_problems(data)


@pytest.mark.parametrize("name, data, ok", [
    ("a.png", PNG, True), ("a.png", PNG[:7], False), ("a.gif", picture("GIF"), True),
    ("a.webp", b"RIFF\x00\x00\x00\x00WEBX", False), ("a.avif", RASTERS["foto.avif"], True),
    ("a.avif", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", False),
    ("A.PNG", PNG, True), ("a.svg", PNG, False), ("a.jpg", RASTERS["foto.jpg"], True),
])
def test_raster_images_are_known_by_their_magic_bytes(tmp_path, name, data, ok):
    from content_model.static import read_checked

    (tmp_path / name).write_bytes(data)
    found, problems = read_checked(f"content/images/{name}", str(tmp_path / name))
    if ok:
        assert problems == [] and frames_of(found)[:2] == frames_of(data)[:2]
    else:
        assert found is None and len(problems) == 1


@pytest.mark.parametrize("root, size", [
    (' width="120" height="80"', (120, 80)), (' width="120px" height=" 80.5px "', (120, 81)),
    (' width="100%" height="80"', (None, None)), (' width="12cm" height="8cm"', (None, None)),
    (' width="120"', (None, None)), (' width="0" height="80"', (None, None)), ("", (None, None)),
])
def test_an_svg_has_a_size_only_when_its_root_gives_pixels(tmp_path, root, size):
    from content_model.static import checked

    data = svg_doc("<rect/>", root=root)
    (tmp_path / "a.svg").write_bytes(data)
    found, problems = checked("content/images/a.svg", str(tmp_path / "a.svg"))
    assert problems == [] and found.data == data and (found.width, found.height) == size


def test_sizes_go_to_the_images_of_the_portal_only():
    """Unknown files, other sites' images and images the author gave a size keep their tag;
    an address is compared decoded, without query or fragment; alt text may hold `>`."""
    from content_model.static import with_sizes

    known = {"/images/a b.png": (3, 4)}
    body = ('<p><img alt="x &gt; y > z" src="/images/a%20b.png?v=1"><img src="/images/c.png">'
            '<img src="https://other.example/images/a%20b.png">'
            '<img src="/images/a%20b.png" height="9"></p>')
    assert with_sizes(body, known) == body.replace(
        'src="/images/a%20b.png?v=1">', 'src="/images/a%20b.png?v=1" width="3" height="4">')


#: The smallest headers of each raster type: right magic bytes, no picture.
HEADERS_ONLY = {
    "a.png": b"\x89PNG\r\n\x1a\n",
    "a.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(16),
    "a.gif": b"GIF89a\x01\x00\x01\x00" + bytes(16),
    "a.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(16),
    "a.avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + bytes(16),
}


@pytest.mark.parametrize("name", list(HEADERS_ONLY))
def test_magic_bytes_without_a_picture_are_refused_with_a_stable_message(tmp_path, name):
    """Magic bytes are not enough: the picture must decode. The message names the type and
    holds nothing that changes from run to run (Pillow's own names an object's address)."""
    from content_model.static import TYPES, read_checked

    (tmp_path / name).write_bytes(HEADERS_ONLY[name])
    found, problems = read_checked(f"content/images/{name}", str(tmp_path / name))
    kind = TYPES[Path(name).suffix]
    assert found is None and [p.code for p in problems] == ["image-not-decodable"]
    text = problems[0].format()
    assert text.startswith(f"content/images/{name}: is a damaged {kind} image: "), text
    assert text.endswith(f" — open it in an image editor and export it again as {kind}, or "
                         "remove the file"), text
    assert " at 0x" not in text, text


def test_a_jpeg_with_further_pictures_publishes_its_first_as_a_plain_jpeg(tmp_path):
    """Phones write JPEGs with further pictures (MPO: an HDR gain map, a depth map): browsers
    show the first, so that one is published, as a plain JPEG."""
    from content_model.static import read_checked

    out = io.BytesIO()
    Image.new("RGB", (16, 12), RED).save(out, "MPO", save_all=True,
                                         append_images=[Image.new("RGB", (8, 6), BLUE)])
    (tmp_path / "foto.jpg").write_bytes(out.getvalue())
    found, problems = read_checked("content/images/foto.jpg", str(tmp_path / "foto.jpg"))
    assert problems == []
    with Image.open(io.BytesIO(found)) as image:
        assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (16, 12), 1)
        assert max(abs(a - b) for a, b in zip(image.getpixel((8, 6)), RED, strict=True)) <= 8
