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
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT, SITES, tree_digest
from tests.test_headers import headers_for, nginx_headers_for, parse_headers_file, parse_nginx

BASE = SITES / "multilingual" / "content"
PNG = (FIXTURES / "bad_content" / "coach.png").read_bytes()
TIMEOUT = 180  # seconds: a fixture build takes about ten; more means it hangs
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
#: The smallest headers of each allowed raster type (what the magic-bytes check reads).
RASTERS = {
    "foto.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(16),
    "foto.jpeg": b"\xff\xd8\xff\xdb" + bytes(16),
    "anim.gif": b"GIF89a\x01\x00\x01\x00" + bytes(16),
    "foto.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(16),
    "foto.avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + bytes(16),
}

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
BUILD = """
import json, sys
from pathlib import Path
from tests.support import build
code, text = build(Path(sys.argv[1]), Path(sys.argv[2]), **json.loads(sys.argv[3]))
sys.stdout.write(text)
sys.exit(code)
"""


def run(args: list[str], cwd: Path, timeout: int = TIMEOUT, env=None) -> tuple[int, str]:
    """Run a command in a session of its own; a command that does not finish in time is
    killed with everything it started, and the test fails."""
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        text, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"`{' '.join(args[:2])}` did not finish in {timeout} s: it hangs")
    return proc.returncode, text


def build(content: Path, out: Path, **overrides) -> tuple[int, str]:
    return run([sys.executable, "-c", BUILD, str(content), str(out), json.dumps(overrides)],
               ROOT)


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


def test_the_clean_images_are_published_byte_for_byte_and_nothing_else(tmp_path):
    """PNG, JPEG, GIF, WebP, AVIF and a clean SVG, in a subfolder too, and a link to a file
    inside content/images/: published as regular files. Hidden, temporary and backup files
    (HTML inside, even a named pipe) are ignored: neither published nor refused. The
    headers files give every one of them the strict policy and nosniff."""
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
        assert not path.is_symlink() and path.read_bytes() == expected[rel], rel
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
    """`invoke check` (no Pelican) and the build report the same problems, named pipe and
    all, and neither waits on the pipe."""
    from tests.authoring_project import INVOKE, make

    project = make(tmp_path, with_code=True)
    for op in (fifo("images/pijp.png"), link("images/lus", "content/images"),
               link("images/bron.png", "content/measures/nl/opleiding.md"),
               write("images/foto.png", "<html><script>alert(1)</script></html>"),
               fifo("measures/nl/pijp.md"),
               svg("images/kaart.svg", '<rect onclick="alert(1)"/>')):
        op(project / "content")
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1",
           "OVERSTAP_BUILD_DATE": "2026-11-22"}
    if "PYTHONPATH" in os.environ:  # a worktree's code under test
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    code, checked = run([str(INVOKE), "check"], project, env=env)
    assert code == 1, checked
    assert "Traceback" not in checked, checked
    code, built = build(project / "content", tmp_path / "output")
    assert code == 1, built

    def static_lines(text: str) -> list[str]:
        return [line for line in text.splitlines()
                if line.startswith(("content/images", "content/measures/nl/pijp"))]

    assert len(static_lines(checked)) == 6, checked
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
    assert (out / "images" / "oud" / "weg.png").read_bytes() == PNG
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
    ("a.png", PNG, True), ("a.png", PNG[:7], False), ("a.gif", b"GIF87a" + bytes(8), True),
    ("a.webp", b"RIFF\x00\x00\x00\x00WEBX", False), ("a.avif", RASTERS["foto.avif"], True),
    ("a.avif", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", False),
    ("A.PNG", PNG, True), ("a.svg", PNG, False), ("a.jpg", RASTERS["foto.jpg"], True),
])
def test_raster_images_are_known_by_their_magic_bytes(tmp_path, name, data, ok):
    from content_model.static import read_checked

    (tmp_path / name).write_bytes(data)
    found, problems = read_checked(f"content/images/{name}", str(tmp_path / name))
    assert (found == data and problems == []) if ok else (found is None and len(problems) == 1)
