"""The theme's static files as published (plugins/theme_assets): every file of theme/static/
under its own name in /theme/, scripts and style sheets minified by the pinned libraries
(rjsmin, rcssmin), every other file as it is; the sources stay readable; publishing never
writes into a file that may be a link to the published site; hidden and backup files stay out.

What is expected is computed here from the sources with the libraries themselves (not with the
plugin); that the minified scripts still work is what the browser tests (search, embeds,
finder, keyboard) and the node differential test (test_search_engines.py) show, since they run
the published bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import rcssmin
import rjsmin

from tests.support import ROOT

STATIC = ROOT / "theme" / "static"


def _expected(path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".js":
        data = rjsmin.jsmin(data) + b"\n"
    elif path.suffix == ".css":
        data = rcssmin.cssmin(data) + b"\n"
    return data


def test_the_published_theme_is_the_sources_minified(portal_site):
    sources = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*")
                     if p.is_file() and not p.name.startswith("."))
    published = sorted(p.relative_to(portal_site / "theme").as_posix()
                       for p in (portal_site / "theme").rglob("*")
                       if p.is_file() and p.suffix not in (".gz", ".br"))  # test_precompress
    assert published == sources
    assert "js/embed.js" in published, "partners' snippets name /theme/js/embed.js"
    for rel in sources:
        expected = _expected(STATIC / rel)
        assert (portal_site / "theme" / rel).read_bytes() == expected, rel
        if rel.endswith((".js", ".css")):
            assert len(expected) < 0.9 * (STATIC / rel).stat().st_size, f"{rel}: not minified"


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
    assert written == ["b.css", "icon.svg", "js/a.js"]
    assert (out / "js" / "a.js").read_bytes() == b"var a=1;\n"
    assert (out / "b.css").read_bytes() == b"a{color:red}\n"
    assert (out / "icon.svg").read_bytes() == b"<svg/>\n"
    assert published_elsewhere.read_text("utf-8") == "the live site's file"
    assert sorted(p.name for p in out.rglob("*")) == ["a.js", "b.css", "icon.svg", "js"]
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
