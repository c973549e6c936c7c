"""Helpers shared by the tests and by `invoke golden`."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "plugins"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

FIXTURES = ROOT / "tests" / "fixtures"
SITES = FIXTURES / "sites"
GOLDEN = FIXTURES / "golden" / "multilingual"
#: Fixture builds use a fixed date, so scheduled and expired items are stable.
FIXTURE_DATE = "2026-11-22"


def build(content: Path, output: Path, settings: str = "pelicanconf.py", **overrides):
    """Build `content` into `output` in this process. Returns (exit code, report text)."""
    from safe_publish.build import run

    stream = io.StringIO()
    options = {"PATH": str(content), "OUTPUT_PATH": str(output), "BUILD_DATE": FIXTURE_DATE}
    options.update(overrides)
    code = run(str(ROOT / settings), options, stream=stream)
    return code, stream.getvalue()


#: What the golden tree leaves out: copies of the theme's files and the search export (their
#: own tests check them) and the build's sidecar files beside the output.
GOLDEN_SKIP = ("theme/", "search/")


def golden_digest(folder: Path) -> dict[str, str]:
    """tree_digest of what the golden tree keeps: pages, embeds, feeds, sitemap, headers."""
    return {rel: digest for rel, digest in tree_digest(folder).items()
            if not rel.startswith(GOLDEN_SKIP)}


def write_golden(built: Path) -> None:
    """Replace the golden tree with the kept files of a fresh build."""
    import shutil

    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel in golden_digest(built):
        (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built / rel, GOLDEN / rel)


def build_fixture(name: str, output: Path, **overrides) -> int:
    code, text = build(SITES / name / "content", output, **overrides)
    if code:
        print(text, file=sys.stderr)
    return code


def tree_digest(folder: Path) -> dict[str, str]:
    """relative path -> sha256 of every file below folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


#: The address parts of a few values of the real portal, per language (content/_data/).
PARTS = {("regions", "gent"): {"nl": "gent", "fr": "gand", "en": "ghent"},
         ("regions", "vlaanderen"): {"nl": "vlaanderen", "fr": "flandre", "en": "flanders"},
         ("sectors", "zorg"): {"nl": "zorg", "fr": "soins", "en": "care"}}


def part(taxonomy: str, term: str, lang: str) -> str:
    """`gent` in French addresses is `gand`: what the data files say, written out."""
    return PARTS[(taxonomy, term)][lang]


def moved(site: Path) -> set[Path]:
    """The files at old addresses that now redirect (aliases and copies, portal/addresses.py):
    not pages of the portal as it is now, so tests of what the portal shows leave them out."""
    found = set()
    redirects = site / "_redirects"
    for line in redirects.read_text("utf-8").splitlines() if redirects.exists() else ():
        if line and not line.startswith("#"):
            old = line.split()[0].lstrip("/")
            found.add(site / (old + "index.html" if old.endswith("/") or not old else old))
    return found


def rename_once_then_die():
    """A stand-in for os.rename that does the first rename and is killed at the second (for
    the swap fallbacks, which rename twice)."""
    real_rename, calls = os.rename, []

    def rename(src, dst):
        if calls:
            raise KeyboardInterrupt("killed between the two renames")
        calls.append((src, dst))
        real_rename(src, dst)

    return rename


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


#: A fixture build takes about ten seconds; one that runs this long hangs.
CHILD_TIMEOUT = 180
_CHILD_BUILD = """
import json, sys
from pathlib import Path
from tests.support import build
code, text = build(Path(sys.argv[1]), Path(sys.argv[2]), **json.loads(sys.argv[3]))
sys.stdout.write(text)
sys.exit(code)
"""


def run_guarded(args: list[str], cwd: Path, timeout: int = CHILD_TIMEOUT,
                env=None) -> tuple[int, str]:
    """Run a command in a session of its own: (exit code, output). One that does not finish
    in time is killed with everything it started, and the test fails: it hangs."""
    import signal
    import subprocess

    import pytest

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


def build_in_child(content: Path, output: Path, env=None, **overrides) -> tuple[int, str]:
    """`build`, in a process of its own under `run_guarded` (a build that could wait on a
    named pipe, or that must run with another PYTHONHASHSEED)."""
    import json

    return run_guarded([sys.executable, "-c", _CHILD_BUILD, str(content), str(output),
                        json.dumps(overrides)], ROOT, env=env)


def theme_file(site: Path, rel: str) -> str:
    """The published path (below the site) of the theme file `rel` of theme/static/
    (`css/portal.css` -> `theme/css/portal.<10 hex digits>.css`; `js/embed.js` as it is),
    found in the published folder by its name's pattern, not by the plugin."""
    import re

    folder, _, name = f"theme/{rel}".rpartition("/")
    stem, _, suffix = name.partition(".")
    pattern = re.compile(rf"^{re.escape(stem)}(\.[0-9a-f]{{10}})?\.{re.escape(suffix)}$")
    found = [p.name for p in (site / folder).iterdir() if pattern.match(p.name)]
    assert len(found) == 1, f"{rel}: published as {found}"
    return f"{folder}/{found[0]}"


@contextlib.contextmanager
def preview_server(preview, editor: str | None = None):
    """The preview's request handler (portal/devserver.py) for `preview` (anything with a
    `folder`) on a free loopback port, in a thread: yields its origin."""
    import functools
    import http.server
    import threading

    from portal.devserver import make_handler

    handler = functools.partial(make_handler(preview, editor), directory=str(preview.folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
