"""Theme catalogs: complete in every language; a broken one is refused with a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

from portal.catalogs import check_catalogs
from tests.support import ROOT, SITES, build

CATALOGS = ROOT / "theme" / "translations"


def test_committed_catalogs_are_complete():
    problems = check_catalogs(CATALOGS, CATALOGS / "messages.pot", ["nl", "fr"])
    assert problems == []


def _copy_catalogs(tmp_path):
    target = tmp_path / "translations"
    shutil.copytree(CATALOGS, target, ignore=shutil.ignore_patterns("*.mo"))
    return target


def test_untranslated_and_fuzzy_entries_are_reported(tmp_path):
    catalogs = _copy_catalogs(tmp_path)
    po = catalogs / "nl" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    text = text.replace('msgstr "Naar de hoofdinhoud"', 'msgstr ""', 1)
    text = text.replace('msgid "Search"\n', '#, fuzzy\nmsgid "Search"\n', 1)
    po.write_text(text, "utf-8")
    problems = check_catalogs(catalogs, catalogs / "messages.pot", ["nl"])
    assert any("`Skip to main content` is not translated" in p for p in problems)
    assert any("`Search` is marked fuzzy" in p for p in problems)


def test_broken_placeholder_stops_the_build_with_a_message(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme, ignore=shutil.ignore_patterns("*.mo"))
    po = theme / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    start = text.index('msgid "Published on %(date)s"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + 'msgid "Published on %(date)s"\nmsgstr "Publié le %(dat)s"'
                  + text[end:], "utf-8")
    out = tmp_path / "output"
    code, report = build(SITES / "multilingual" / "content", out, THEME=str(theme))
    assert code == 1
    assert "`Published on %(date)s` has placeholders ['dat'] but needs ['date']" in report
    assert "Traceback" not in report and not out.exists()


def test_every_string_of_the_templates_is_in_the_catalogs(tmp_path):
    """The templates' strings extracted afresh (pybabel, as `invoke i18n.extract`) are the
    committed template's, so every one is translated: a template changed without extracting
    shows its English text on a Dutch page (it happened: "Measures: Gent" on
    /nl/maatregelen/regio/gent/, and the golden tree held it)."""
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    fresh = tmp_path / "messages.pot"
    pybabel = str(Path(sys.executable).parent / "pybabel")
    subprocess.run([pybabel, "-q", "extract", "--no-location", "-F",
                    str(ROOT / "theme" / "babel.cfg"), "-o", str(fresh),
                    str(ROOT / "theme" / "templates")], check=True, cwd=ROOT)

    def ids(path):
        with path.open("rb") as fh:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}

    missing = ids(fresh) - ids(CATALOGS / "messages.pot")
    assert not missing, f"not in theme/translations (run invoke i18n.update): {sorted(missing)}"
