"""The build as a whole: errors reported at once, output untouched on failure, determinism."""

from __future__ import annotations

import shutil

from tests.support import ROOT, SITES, build, tree_digest


def test_bad_content_reports_every_problem_and_keeps_output(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("previous site", "utf-8")
    before = tree_digest(out)

    code, text = build(SITES / "bad" / "content", out)

    assert code == 1
    expected = (SITES / "bad" / "expected.txt").read_text("utf-8")
    assert text == expected.replace("OUTPUT", str(out))
    assert "Traceback" not in text
    assert tree_digest(out) == before


def test_two_builds_are_byte_identical(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(SITES / "multilingual" / "content", one)[0] == 0
    assert build(SITES / "multilingual" / "content", two)[0] == 0
    assert tree_digest(one) == tree_digest(two)


def test_successful_build_replaces_output_entirely(tmp_path, fixture_site):
    out = tmp_path / "output"
    out.mkdir()
    (out / "stale.html").write_text("old", "utf-8")
    assert build(SITES / "multilingual" / "content", out)[0] == 0
    assert not (out / "stale.html").exists()
    assert (out / "nl" / "index.html").exists()
    assert not (tmp_path / ".output.staging").exists()
    assert not (tmp_path / ".output.previous").exists()


def test_template_error_keeps_output(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme, ignore=shutil.ignore_patterns("*.mo"))
    broken = "{% extends 'item.html' %}{% block x"
    (theme / "templates" / "measure.html").write_text(broken, "utf-8")
    out = tmp_path / "output"
    out.mkdir()
    (out / "keep.html").write_text("previous", "utf-8")
    code, text = build(SITES / "multilingual" / "content", out, THEME=str(theme))
    assert code == 1
    assert "measure.html" in text and "Traceback" not in text
    assert tree_digest(out) == {"keep.html": tree_digest(out)["keep.html"]}


def test_unchanged_inputs_skip_the_build_and_any_change_rebuilds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "multilingual" / "content", content)
    out = tmp_path / "output"
    code, text = build(content, out)
    assert code == 0 and text.startswith("Built ")
    before = tree_digest(out)
    code, text = build(content, out)
    assert code == 0 and "Nothing changed since the last build" in text
    assert tree_digest(out) == before
    (out / "nl" / "index.html").write_text("tampered", "utf-8")  # output changed by hand
    assert build(content, out)[1].startswith("Built ")
    assert tree_digest(out) == before
    page = content / "measures" / "nl" / "opleiding.md"
    page.write_text(page.read_text("utf-8").replace("bijleert", "leert"), "utf-8")
    assert build(content, out)[1].startswith("Built ")
    assert tree_digest(out) != before


def test_a_content_error_raised_in_a_build_process_reaches_the_build_whole():
    """Pages, embeds and content files are handled in forked processes, whose exceptions come
    back pickled (portal/parallel.py: `_spawn`); a ContentErrors must arrive as itself, with
    its problems (file, line, field). Checked on the pickle itself: the test process has
    threads, so fork_map would not fork here."""
    import pickle

    from content_model import ContentErrors, Problem

    problem = Problem("content/measures/nl/x.md", 3, "sectors", "`ruimtevaart` is not a sector",
                      "use one of the sectors")
    status, back = pickle.loads(pickle.dumps(("error", ContentErrors([problem]))))
    assert status == "error" and isinstance(back, ContentErrors)
    assert back.problems == [problem]
    assert str(back) == str(ContentErrors([problem]))
