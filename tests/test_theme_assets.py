"""The theme's static files as published (plugins/theme_assets): every file of theme/static/
in /theme/ under a name that carries the first 10 hex digits of the SHA-256 of its published
bytes (`css/portal.<hash>.css`), except `js/embed.js` (partners' snippets name it); scripts and
style sheets minified by the pinned libraries (tdewolff-minify, rcssmin), every other file as it is;
every theme file a page names exists, and every published one is named by some page; the
sources stay readable; publishing never writes into a file that may be a link to the published
site; hidden and backup files stay out.

What is expected is computed here from the sources with the libraries themselves and
hashlib (not with the plugin); that the minified scripts still work is what the browser tests
(search, embeds, finder, keyboard) and the node differential test (test_search_engines.py)
show, since they run the published bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess

import minify  # tdewolff-minify
import pytest
import rcssmin

from tests.support import ROOT

STATIC = ROOT / "theme" / "static"


def _expected(path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".js":
        minify.config({"js-keep-var-names": False})
        data = minify.string("application/javascript", data.decode()).encode() + b"\n"
    elif path.suffix == ".css":
        data = rcssmin.cssmin(data) + b"\n"
    return data


HASHED = re.compile(r"^(?P<stem>[^.]+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[a-z0-9]+)$")


def _published(site) -> dict[str, str]:
    """Source path -> published path, read off the published folder: a hashed name's source
    is the name without its hash."""
    out = {}
    for path in sorted((site / "theme").rglob("*")):
        if not path.is_file() or path.suffix in (".gz", ".br"):  # test_precompress
            continue
        rel = path.relative_to(site / "theme").as_posix()
        folder, _, name = rel.rpartition("/")
        match = HASHED.match(name)
        source = f"{match['stem']}{match['suffix']}" if match else name
        source = f"{folder}/{source}" if folder else source
        assert source not in out, f"{source} published twice: {out.get(source)} and {rel}"
        out[source] = rel
    return out


def test_the_published_theme_is_the_sources_minified_under_hashed_names(portal_site):
    sources = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*")
                     if p.is_file() and not p.name.startswith("."))
    published = _published(portal_site)
    assert sorted(published) == sources
    assert published["js/embed.js"] == "js/embed.js", "partners' snippets name /theme/js/embed.js"
    for rel in sources:
        expected = _expected(STATIC / rel)
        name = published[rel]
        assert (portal_site / "theme" / name).read_bytes() == expected, rel
        if rel != "js/embed.js":
            digest = HASHED.match(name.rpartition("/")[2])["hash"]
            assert digest == hashlib.sha256(expected).hexdigest()[:10], \
                f"{name}: the name's hash is not the hash of its bytes"
        if rel.endswith((".js", ".css")):
            assert len(expected) < 0.9 * (STATIC / rel).stat().st_size, f"{rel}: not minified"


def test_every_theme_file_a_page_names_exists_and_every_one_is_named(portal_site):
    named = set()
    for page in portal_site.rglob("*.html"):
        named |= set(re.findall(r'(?:src|href)="(?:https?://[^/"]+)?/theme/([^"?#]+)"',
                                page.read_text("utf-8")))
    published = set(_published(portal_site).values())
    assert named, "no page names a theme file"
    assert named <= published, f"pages name theme files that are not there: {named - published}"
    assert published <= named, f"theme files no page names: {published - named}"
    assert "js/embed.js" in named and not any(
        HASHED.match(n.rpartition("/")[2]) is None for n in named - {"js/embed.js"})


def test_a_changed_file_gets_a_new_name_and_the_same_file_the_same_name(tmp_path):
    from theme_assets import publish

    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "a.css").write_text("a { color: red }\n", "utf-8")
    first = publish(source, tmp_path / "one")
    assert first == publish(source, tmp_path / "two")
    (source / "css" / "a.css").write_text("a { color: blue }\n", "utf-8")
    second = publish(source, tmp_path / "three")
    assert first != second and first[0].startswith("css/a.") and second[0].startswith("css/a.")


def test_the_minified_scripts_are_still_javascript(portal_site):
    node = shutil.which("node")
    assert node, "node is needed (Debian: nodejs)"
    for path in sorted((portal_site / "theme" / "js").glob("*.js")):
        result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path.name}: {result.stderr}"


def test_the_sources_stay_readable():
    """Minifying happens on the way out: the files in theme/static/ keep their comments."""
    for path in sorted(STATIC.rglob("*.js")) + sorted(STATIC.rglob("*.css")):
        text = path.read_text("utf-8")
        assert "/*" in text and "\n" in text.strip(), f"{path.name} looks minified"


def test_publishing_replaces_files_and_leaves_hidden_ones_out(tmp_path):
    from theme_assets import publish

    source = tmp_path / "static"
    (source / "js").mkdir(parents=True)
    (source / "js" / "a.js").write_text("/* a comment */\nvar  a = 1 ;  // end\n", "utf-8")
    (source / "js" / ".a.js.swp").write_text("swap", "utf-8")
    (source / "js" / "a.js~").write_text("backup", "utf-8")
    (source / "b.css").write_text("/* c */ a  {  color : red ; }\n", "utf-8")
    (source / "icon.svg").write_bytes(b"<svg/>\n")
    out = tmp_path / "out"
    (out / "js").mkdir(parents=True)
    published_elsewhere = tmp_path / "published-a.js"
    published_elsewhere.write_text("the live site's file", "utf-8")
    os.link(published_elsewhere, out / "js" / "a.js")  # staging shares the live file
    written = publish(source, out)

    def named(rel, data):  # worked out by hand: <stem>.<10 hex of sha256>.<suffix>
        stem, suffix = rel.rsplit(".", 1)
        return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"

    a_js, b_css, icon = named("js/a.js", b"var a=1\n"), named("b.css", b"a{color:red}\n"), \
        named("icon.svg", b"<svg/>\n")
    assert written == [b_css, icon, a_js]
    assert (out / a_js).read_bytes() == b"var a=1\n"  # comments, spaces, last `;` out
    assert (out / b_css).read_bytes() == b"a{color:red}\n"
    assert (out / icon).read_bytes() == b"<svg/>\n"
    assert published_elsewhere.read_text("utf-8") == "the live site's file"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        sorted([a_js, b_css, icon, "js/a.js"])  # js/a.js: the linked file, left as it was
    again = tmp_path / "again"
    publish(source, again)
    assert all((again / rel).read_bytes() == (out / rel).read_bytes() for rel in written)


def test_pelicans_own_theme_copy_stays_off():
    """theme_assets publishes theme/static/; Pelican's copy would put the unminified files
    back over them."""
    import pelicanconf
    from theme_assets.theme_assets import ThemeAssetsGenerator

    assert pelicanconf.THEME_STATIC_PATHS == []
    assert "theme_assets" in pelicanconf.PLUGINS
    generator = ThemeAssetsGenerator.__new__(ThemeAssetsGenerator)
    generator.settings = {"THEME_STATIC_PATHS": ["static"], "THEME_STATIC_DIR": "theme"}
    with pytest.raises(RuntimeError, match="THEME_STATIC_PATHS must stay empty"):
        generator.generate_output(None)
