"""A build made with another Python or another version of any installed library reuses
nothing made with the old one (safe_publish/fingerprint.py: `runtime_key`).

Every way a build reuses earlier work has that key in its own: the whole-build skip
(`fingerprint.inputs`), each file's record (`memo.global_key`), the content cache
(`loading._fingerprint`), the search indexes (`languages.code_digest`), the authoring caches
(`checks._common_key`, and `links_for` through the global key), the compiled templates
(`generator._bytecode_cache`); the preview's fast path refuses to go on once the installation
is no longer the one its process builds with.

The upgrade is faked where a build process finds it: a folder first on PYTHONPATH with a copy
of Markdown's metadata, one version higher (`importlib.metadata` then reports both versions).
The builds run in processes of their own, as `make build` does, each with its own key, so the
key must also be the same from one process to the next: without the fake, an unchanged
build is still skipped and an edit still reuses everything else.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safe_publish import fingerprint
from tests.support import FIXTURE_DATE, ROOT, SITES

pytestmark = pytest.mark.slow  # builds many sites or loads a server: not in --fast
LANGS = ("nl", "fr", "en")
REPORT = re.compile(r"\((\d+) files made, (\d+) unchanged ones kept\)")
CACHES = ("content.pickle", "authoring.pickle", "links.pickle")
#: A build in a process of its own, of the project copy named on the command line.
BUILD = """
import sys
from safe_publish.build import run
root = sys.argv[1]
sys.exit(run(root + "/pelicanconf.py", {"PATH": root + "/content", "OUTPUT_PATH":
             root + "/output", "BUILD_DATE": sys.argv[2]}, stream=sys.stdout))
"""
#: The runtime key of a process of its own.
KEY = "from safe_publish import fingerprint; print(fingerprint.runtime_key())"


def one_step_higher(version: str) -> str:
    parts = version.split(".")
    last = re.match(r"\d*", parts[-1])[0] or "0"
    return ".".join(parts[:-1] + [str(int(last) + 1)])


def fake_distribution(folder: Path, name: str, version: str, copy_of: str | None = None) -> Path:
    """`folder` holds the metadata of `name` at `version`: a copy of the installed `copy_of`'s
    (its entry points too: Markdown finds its extensions through them), or a bare one."""
    info = folder / f"{name.lower()}-{version}.dist-info"
    info.mkdir(parents=True)
    files = {"METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"}
    if copy_of:
        real = importlib.metadata.distribution(copy_of)
        files = {file: real.read_text(file) for file in
                 ("METADATA", "entry_points.txt", "top_level.txt", "WHEEL")
                 if real.read_text(file) is not None}
        files["METADATA"] = re.sub(r"(?m)^Version: .*$", f"Version: {version}",
                                   files["METADATA"], count=1)
    for file, text in files.items():
        (info / file).write_text(text, "utf-8")
    return folder


@pytest.fixture()
def upgraded_markdown(tmp_path) -> Path:
    """A folder that, first on the path, makes Markdown look upgraded by one version."""
    version = importlib.metadata.version("Markdown")
    return fake_distribution(tmp_path / "upgrade", "Markdown", one_step_higher(version),
                             copy_of="Markdown")


@pytest.fixture()
def fresh_key():
    """runtime_key read anew, and again after the test (it is read once per process)."""
    fingerprint.runtime_key.cache_clear()
    yield
    fingerprint.runtime_key.cache_clear()


@pytest.fixture()
def project(tmp_path) -> Path:
    """The fixture site as a project of its own (code, theme, settings, content), so that its
    builds see no edit made meanwhile to the working tree, only the faked upgrade."""
    from portal.i18n import compile_catalog

    root = tmp_path / "project"
    for name in ("theme", "plugins", "search"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    for po in (root / "theme" / "translations").rglob("*.po"):  # as `invoke build` does first
        compile_catalog(po, po.with_suffix(".mo"))
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    shutil.copytree(SITES / "multilingual" / "content", root / "content")
    return root


def run_python(code: str, *args: str, path: list[Path] = (), cwd: Path = ROOT) -> str:
    """Python code in a process of its own, `path` first on its PYTHONPATH; its output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(p) for p in path] +
                                        ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def build_in_process(project: Path, upgrade: Path | None = None) -> str:
    """`make build` of the project: a new process (with the faked upgrade, if given)."""
    path = ([upgrade] if upgrade else []) + [project, project / "plugins"]
    return run_python(BUILD, str(project), FIXTURE_DATE, path=path, cwd=project)


def state(project: Path) -> dict:
    """What later builds may reuse: every output file (by inode), each language's Whoosh
    index (its table of contents, by inode), the keys of the caches, the template caches."""
    output, cache = project / "output", project / ".build" / "cache"
    keys = {}
    for name in CACHES:
        with (cache / name).open("rb") as fh:
            keys[name] = pickle.load(fh)[0]
    return {
        "files": {p.relative_to(output).as_posix(): p.stat().st_ino
                  for p in output.rglob("*") if p.is_file()},
        "search": {lang: next((project / ".output.search" / lang).glob("_MAIN_*.toc"))
                   .stat().st_ino for lang in LANGS},
        "keys": keys,
        "jinja": {p.name for p in cache.glob("jinja-*") if any(p.iterdir())},
    }


def test_an_upgraded_library_rebuilds_everything_and_the_same_runtime_reuses(project,
                                                                            upgraded_markdown):
    text = build_in_process(project)
    assert text.startswith("Built "), text
    first = state(project)

    # the same runtime in a new process: the same keys, so nothing to do ...
    text = build_in_process(project)
    assert "Nothing changed since the last build" in text, text

    # ... and after an edit, only what shows the edit is made; every cache is reused
    page = project / "content" / "measures" / "nl" / "opleiding.md"
    page.write_text(page.read_text("utf-8").replace("\n\n", "\n\nEen nieuwe zin.\n\n", 1),
                    "utf-8")
    text = build_in_process(project)
    found = REPORT.search(text)
    assert found and int(found[2]) > 200 and int(found[1]) < 30, text
    edited = state(project)
    assert edited["keys"] == first["keys"] and edited["jinja"] == first["jinja"]
    assert {lang: edited["search"][lang] for lang in ("fr", "en")} == \
        {lang: first["search"][lang] for lang in ("fr", "en")}

    # Markdown one version higher: nothing is kept, nothing is skipped
    text = build_in_process(project, upgraded_markdown)
    assert text.startswith("Built ") and "unchanged ones kept" not in text, text
    upgraded = state(project)
    kept = [rel for rel, inode in upgraded["files"].items()
            if edited["files"].get(rel) == inode and not rel.startswith("search/")]
    assert kept == [], f"{len(kept)} files kept from the old runtime's build, e.g. {kept[:5]}"
    assert sorted(upgraded["files"]) == sorted(edited["files"])
    assert all(upgraded["search"][lang] != edited["search"][lang] for lang in LANGS), \
        "a search index made with the old runtime was reused"
    changed = [name for name in CACHES if upgraded["keys"][name] != edited["keys"][name]]
    assert changed == list(CACHES), "content, authoring and link caches: new keys"
    assert upgraded["jinja"] - edited["jinja"], "compiled templates: a folder of their own"

    # the upgraded runtime's key is stable too; going back is a change like any other
    text = build_in_process(project, upgraded_markdown)
    assert "Nothing changed since the last build" in text, text
    text = build_in_process(project)
    assert text.startswith("Built ") and "unchanged ones kept" not in text, text


def test_the_runtime_key_is_the_same_in_every_process_and_sees_every_distribution(
        tmp_path, monkeypatch, fresh_key):
    keys = {run_python(KEY, path=[ROOT, ROOT / "plugins"]) for _ in range(2)}
    assert len(keys) == 1, "a key that differs from one process to the next reuses nothing"
    assert fingerprint.runtime_key() == keys.pop().strip()

    before = fingerprint.runtime_key()
    installed = fingerprint.installed()
    assert ("markdown", importlib.metadata.version("Markdown")) in installed
    assert installed == sorted(installed)

    # read once per process: what this process has imported does not change under it
    monkeypatch.syspath_prepend(str(fake_distribution(tmp_path / "a", "Markdown", "99.0")))
    assert fingerprint.runtime_key() == before
    upgraded = fingerprint.installed_runtime_key()
    assert upgraded != before
    fingerprint.runtime_key.cache_clear()
    assert fingerprint.runtime_key() == upgraded
    # two versions of one name both count, whatever their order on the path
    assert ("markdown", "99.0") in fingerprint.installed()
    assert ("markdown", importlib.metadata.version("Markdown")) in fingerprint.installed()
    monkeypatch.syspath_prepend(str(fake_distribution(tmp_path / "b", "markdown", "98.0")))
    both = fingerprint.installed_runtime_key()
    assert both not in (before, upgraded)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if not p.endswith(("/a", "/b"))] +
                        [str(tmp_path / "a"), str(tmp_path / "b")])
    assert fingerprint.installed_runtime_key() == both
    # the project itself, should it be installed, counts by its files, not its version
    monkeypatch.syspath_prepend(str(fake_distribution(tmp_path / "c", "Overstap", "0.2.0")))
    assert fingerprint.installed_runtime_key() == both


def test_every_cache_key_includes_the_runtime(tmp_path, monkeypatch):
    """Each key, made with two runtimes: different."""
    from content_model.authoring import SiteLinks
    from editorial import checks
    from portal import generator, loading, memo
    from search_index import languages

    content = SITES / "multilingual" / "content"
    settings = {"PATH": str(content), "THEME": str(ROOT / "theme"), "SITENAME": "x",
                "MARKDOWN_EXTENSIONS": ["extra"], "LANGS": {"nl": {}}, "DEFAULT_LANG": "nl"}
    data = content / "_data"
    links = SiteLinks(pages={}, page_lang={}, alternates={}, sections=set(),
                      other_sections=set(), static={})
    keys = {
        "fingerprint.inputs": lambda: fingerprint.inputs(
            settings, str(ROOT / "pelicanconf.py"), {}, FIXTURE_DATE),
        "memo.global_key": lambda: memo.global_key(settings, [data]),
        "loading._fingerprint": lambda: loading._fingerprint(data, settings),
        "languages.code_digest": languages.code_digest,
        "checks._common_key": lambda: checks._common_key(links, True, settings),
        "generator._bytecode_cache": lambda: generator._bytecode_cache(
            tmp_path, {"trim_blocks": True}).directory,
    }
    made = {}
    for runtime in ("old", "upgraded"):
        monkeypatch.setattr(fingerprint, "runtime_key", lambda runtime=runtime: runtime)
        made[runtime] = {name: key() for name, key in keys.items()}
    same = [name for name in keys if made["old"][name] == made["upgraded"][name]]
    assert same == [], f"keys that do not see an upgrade: {same}"


def test_the_preview_fast_path_stops_when_the_installation_changed(monkeypatch):
    from types import SimpleNamespace

    from portal.incremental import LiveSite, NeedsFullBuild

    live = LiveSite(ROOT, ROOT / ".build" / "preview")
    fingerprint.runtime_key()  # what the full build read, before the upgrade
    live.capture([SimpleNamespace(plan=[], site=None, output_path="")])
    monkeypatch.setattr(fingerprint, "installed_runtime_key", lambda: "upgraded since")
    with pytest.raises(NeedsFullBuild, match="installed library changed"):
        live.update([ROOT / "content" / "pages" / "nl" / "over.md"])
