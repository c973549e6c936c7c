"""A build that reuses the last build's files (portal/memo.py) writes exactly what a clean
build writes: for edits, additions, deletions, translation and taxonomy changes.

Each case starts from one full build of a copy of the real content, changes the copy, builds
again (which keeps the files whose inputs did not change) and compares every byte of the result
with a clean build of the changed content into an empty folder. Each case also checks that the
second build really did reuse files and really did make some: an incremental build that
rebuilt everything, or nothing, would prove nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT, build, tree_digest

pytestmark = pytest.mark.slow  # builds many sites or loads a server: not in --fast

REPORT = re.compile(r"\((\d+) files made, (\d+) unchanged ones kept\)")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """content/ copied, built once: content, output and the records beside it."""
    base = tmp_path_factory.mktemp("first")
    shutil.copytree(ROOT / "content", base / "content")
    code, text = build(base / "content", base / "output")
    assert code == 0, text
    assert (base / ".output.pages").is_file()
    return base


@pytest.fixture()
def project(first_build, tmp_path):
    """A copy of the first build (modification times kept: the records check them)."""
    here = tmp_path / "project"
    shutil.copytree(first_build, here, symlinks=True)
    return here


def rebuild_and_compare(project: Path, tmp_path: Path) -> tuple[int, int]:
    """Incremental build of project/, clean build of the same content; both must be equal.
    Returns (files made, files kept) of the incremental build."""
    code, text = build(project / "content", project / "output")
    assert code == 0, text
    found = REPORT.search(text)
    assert found, f"the build reused nothing:\n{text}"
    made, kept = int(found[1]), int(found[2])
    clean = tmp_path / "clean" / "output"
    code, text = build(project / "content", clean)
    assert code == 0, text
    assert "unchanged ones kept" not in text
    incremental, expected = tree_digest(project / "output"), tree_digest(clean)
    assert sorted(incremental) == sorted(expected), "different files"
    differ = [rel for rel in expected if incremental[rel] != expected[rel]]
    assert differ == [], f"{len(differ)} files differ from a clean build, e.g. {differ[:5]}"
    assert folders(project / "output") == folders(clean), "different (empty) folders"
    return made, kept


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


def body_paragraph(path: Path, sentence: str) -> None:
    """Add a sentence after the header (the first blank line)."""
    edit(path, "\n\n", f"\n\n{sentence}\n\n")


def test_editing_the_text_of_a_measure_remakes_only_what_shows_that_text(project, tmp_path):
    page = project / "content" / "measures" / "nl" / "loopbaanbegeleiding.md"
    body_paragraph(page, "Een zin die er eerst niet stond.")
    made, kept = rebuild_and_compare(project, tmp_path)
    html = (project / "output" / "nl" / "maatregelen" / "loopbaanbegeleiding" / "index.html")
    assert "Een zin die er eerst niet stond." in html.read_text("utf-8")
    assert made <= 12, f"{made} files made for one changed text"
    assert kept > 700


def test_changing_a_title_remakes_the_lists_that_show_it(project, tmp_path):
    case = project / "content" / "cases" / "nl" / "help-de-zorg.md"
    text = case.read_text("utf-8")
    title = re.search(r"^Title: (.+)$", text, re.M)[1]
    edit(case, f"Title: {title}", f"Title: {title} (bijgewerkt)")
    made, kept = rebuild_and_compare(project, tmp_path)
    assert made > 5 and kept > 100
    library = project / "output" / "nl" / "praktijkvoorbeelden" / "index.html"
    assert f"{title} (bijgewerkt)" in library.read_text("utf-8")


def test_adding_a_story(project, tmp_path):
    source = project / "content" / "stories" / "nl" / "onderzoek-werk-naar-werk.md"
    text = source.read_text("utf-8")
    text = re.sub(r"^Title: .+$", "Title: Een nieuw verhaal over overstappen", text, flags=re.M)
    text = re.sub(r"^Slug: .+$", "Slug: nieuw-verhaal-overstappen", text, flags=re.M)
    (source.parent / "nieuw-verhaal-overstappen.md").write_text(text, "utf-8")
    made, kept = rebuild_and_compare(project, tmp_path)
    story = project / "output" / "nl" / "verhalen" / "nieuw-verhaal-overstappen"
    assert (story / "index.html").is_file()
    assert made > 3 and kept > 100


def test_deleting_a_case_in_every_language(project, tmp_path):
    slug = "alimento"
    gone = [p for p in (project / "content" / "cases").rglob("*.md") if p.stem == slug]
    assert len(gone) == 3
    for path in gone:
        path.unlink()
    for other in (project / "content").rglob("*.md"):  # nothing may point at it any more
        text = other.read_text("utf-8")
        if slug in text:
            text = re.sub(r"(?m)^(Related|Measures): (.*)$", lambda m: _without(m, slug), text)
            text = re.sub(rf"\[([^\]]+)\]\(\{{ref\}}(?:[a-z]{{2}}/)?{slug}\)", r"\1", text)
            other.write_text(text, "utf-8")
    made, kept = rebuild_and_compare(project, tmp_path)
    assert not (project / "output" / "nl" / "praktijkvoorbeelden" / slug).exists()
    assert made > 3 and kept > 100


def _without(match, slug: str) -> str:
    values = [v.strip() for v in match[2].split(",") if v.strip() != slug]
    return f"{match[1]}: {', '.join(values)}" if values else f"{match[1]}: "


def test_removing_and_changing_translations(project, tmp_path):
    english = project / "content" / "measures" / "en"
    (english / "opleiding.md").unlink()  # the Dutch and French versions stay
    french = sorted((project / "content" / "stories" / "fr").glob("*.md"))[0]
    text = french.read_text("utf-8")
    title = re.search(r"^Title: (.+)$", text, re.M)[1]
    edit(french, f"Title: {title}", f"Title: {title} : nouvelle version")
    made, kept = rebuild_and_compare(project, tmp_path)
    assert made > 3 and kept > 100


def test_moving_a_measure_to_another_sector(project, tmp_path):
    """One measure leaves its sector, another leaves all sectors for its own. (A sector
    without evidence in content/_data/sector-evidence.toml is an error, and a data file change
    remakes everything: both moves keep to sectors that have their evidence.)"""
    measure = project / "content" / "measures"
    moves = {"loopbaanbegeleiding": "alle-sectoren", "loopbaanfondsen": "voeding"}
    changed = 0
    for path in measure.rglob("*.md"):
        text = path.read_text("utf-8")
        if path.stem in moves:
            path.write_text(re.sub(r"^Sectors: .+$", f"Sectors: {moves[path.stem]}", text,
                                   flags=re.M), "utf-8")
            changed += 1
    assert changed == 6
    made, kept = rebuild_and_compare(project, tmp_path)
    assert made > 3 and kept > 100


def test_a_changed_taxonomy_label_remakes_everything_that_could_show_it(project, tmp_path):
    regions = project / "content" / "_data" / "regions.toml"
    edit(regions, 'nl = "Gent"', 'nl = "Gent en omstreken"')
    code, text = build(project / "content", project / "output")
    assert code == 0, text
    assert "unchanged ones kept" not in text  # global input: nothing kept
    clean = tmp_path / "clean" / "output"
    assert build(project / "content", clean)[0] == 0
    assert tree_digest(project / "output") == tree_digest(clean)


def test_records_are_not_trusted_when_the_output_was_changed_by_hand(project, tmp_path):
    page = project / "output" / "nl" / "over" / "index.html"
    page.write_text("changed by hand", "utf-8")
    body_paragraph(project / "content" / "measures" / "nl" / "opleiding.md", "Nog een zin.")
    code, text = build(project / "content", project / "output")
    assert code == 0, text
    assert "unchanged ones kept" not in text
    assert page.read_text("utf-8") != "changed by hand"


def test_a_failed_build_keeps_the_records_of_the_published_site(project, tmp_path):
    broken = project / "content" / "measures" / "nl" / "opleiding.md"
    original = broken.read_text("utf-8")
    edit(broken, "Sectors: ", "Sectors: ruimtevaart, ")
    code, text = build(project / "content", project / "output")
    assert code == 1 and "ruimtevaart" in text
    broken.write_text(original.replace("\n\n", "\n\nNa de fout.\n\n", 1), "utf-8")
    made, kept = rebuild_and_compare(project, tmp_path)
    assert kept > 700


def test_reused_files_are_links_and_the_published_site_is_never_written_into(project):
    """Kept files are hard links to the published ones; the build replaces files, so the
    site being served is never modified while a build runs."""
    output = project / "output"
    about = output / "nl" / "over" / "index.html"
    before = about.read_bytes()
    inode = about.stat().st_ino
    body_paragraph(project / "content" / "pages" / "nl" / "over.md", "Een nieuwe zin.")
    linked = output / "nl" / "maatregelen" / "index.html"
    linked_inode = linked.stat().st_ino
    code, text = build(project / "content", output)
    assert code == 0, text
    assert linked.stat().st_ino == linked_inode  # kept: the same file
    assert about.stat().st_ino != inode  # made anew: a new file, not the old one rewritten
    assert b"Een nieuwe zin." in about.read_bytes() and before != about.read_bytes()


def test_cached_authoring_checks_see_a_removed_image(project):
    """Each file's authoring problems are cached by its digest; removing an image it shows
    must still be found although the file itself did not change."""
    images = project / "content" / "images"
    images.mkdir()
    shutil.copyfile(FIXTURES / "bad_content" / "coach.png", images / "kaart.png")
    body_paragraph(project / "content" / "pages" / "nl" / "over.md",
                   "![Een kaart van Vlaanderen](/images/kaart.png)")
    found_after_removing(project, images / "kaart.png", "over.md", "kaart.png")


def found_after_removing(project: Path, path: Path, *words: str) -> None:
    """A build passes; `path` is removed; the next build fails and names `words`."""
    code, text = build(project / "content", project / "output")
    assert code == 0, text
    path.unlink()
    code, text = build(project / "content", project / "output")
    assert code == 1, text
    assert all(word in text for word in words), text


def test_the_global_key_covers_templates_catalogs_code_data_and_settings(tmp_path):
    """What every file is made with: a change to any of it renders everything again."""
    from portal import memo

    root = tmp_path / "project"
    for name in ("theme", "plugins", "search"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    data = tmp_path / "content" / "_data"
    shutil.copytree(ROOT / "content" / "_data", data)
    settings = {"SITENAME": "Overstap", "OUTPUT_PATH": "/a", "PATH": "/b"}

    def key(**changed):
        return memo.global_key({**settings, **changed}, [data], root=root)

    before = key()
    assert key(OUTPUT_PATH="/elsewhere", PATH="/c", PUBLISHED_DIGEST="x") == before
    assert key(SITENAME="Anders") != before
    for changed in (root / "theme" / "templates" / "components" / "_card.html",
                    root / "theme" / "translations" / "fr" / "LC_MESSAGES" / "messages.po",
                    root / "plugins" / "portal" / "site.py",
                    root / "search" / "analysis.py",
                    data / "regions.toml",
                    root / "pelicanconf.py"):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert key() != before, changed
        changed.write_bytes(original)
        assert key() == before


def test_cached_link_checks_see_a_removed_page(project):
    """The portal's addresses and each file's link problems are cached; a link in an
    unchanged file to a page that is then removed must still be found."""
    pages = project / "content" / "pages" / "nl"
    text = (pages / "privacy.md").read_text("utf-8")
    text = re.sub(r"^Title: .+$", "Title: Een tijdelijke pagina", text, flags=re.M)
    text = re.sub(r"^Slug: .+$", "Slug: tijdelijk", text, flags=re.M)
    (pages / "tijdelijk.md").write_text(text, "utf-8")
    body_paragraph(pages / "over.md", "Lees ook [de tijdelijke pagina](/nl/tijdelijk/).")
    found_after_removing(project, pages / "tijdelijk.md", "over.md", "/nl/tijdelijk/")


def test_each_build_starts_from_the_site_the_last_one_replaced(project, tmp_path):
    """After a build, the replaced site is kept (`.output.spare`) and the next build starts
    from it: its unchanged files are still the published ones, so they need no new links.
    A series of changes (a text, a deletion, an addition), each built on the site the build
    before replaced, still ends equal to a clean build."""
    output = project / "output"
    folder = output / "nl" / "maatregelen"
    trees = [folder.stat().st_ino]

    def build_here():
        code, text = build(project / "content", output)
        assert code == 0, text
        assert not (project / ".output.staging").exists()
        assert (project / ".output.spare").is_dir()
        trees.append(folder.stat().st_ino)

    body_paragraph(project / "content" / "measures" / "nl" / "opleiding.md", "Eerste zin.")
    build_here()
    body_paragraph(project / "content" / "measures" / "nl" / "opleiding.md", "Tweede zin.")
    build_here()
    assert trees[2] == trees[0]  # the third site was made from the first one's folders
    for path in (project / "content" / "stories").rglob("webinar-transities-in-perspectief.md"):
        path.unlink()
    for other in (project / "content").rglob("*.md"):
        text = other.read_text("utf-8")
        if "webinar-transities-in-perspectief" in text:
            text = re.sub(r"(?m)^(Related|Measures): (.*)$",
                          lambda m: _without(m, "webinar-transities-in-perspectief"), text)
            text = re.sub(r"\[([^\]]+)\]\(\{ref\}(?:[a-z]{2}/)?webinar-transities-in-perspectief\)",
                          r"\1", text)
            other.write_text(text, "utf-8")
    made, kept = rebuild_and_compare(project, tmp_path)
    assert trees[1] == folder.stat().st_ino
    assert not (output / "nl" / "verhalen" / "webinar-transities-in-perspectief").exists()
    assert kept > 100
