"""The browser engine (theme/static/js/search-engine.js and search-stem-<lang>.js) under node,
for the tests and the benchmark: the same scripts the search page loads, as the build publishes
them (minified by plugins/theme_assets), reading the exported files from disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

RUNNER = Path(__file__).resolve().parent / "engine_node.js"
SOURCES = Path(__file__).resolve().parent.parent / "theme" / "static" / "js"
SCRIPTS = ("search-engine.js", "search-stem-nl.js", "search-stem-fr.js", "search-stem-en.js")


def published_scripts(folder: Path) -> Path:
    """Write the engine's scripts into `folder` as the build publishes them."""
    from theme_assets import minified

    for name in SCRIPTS:
        (folder / name).write_bytes(minified(name, (SOURCES / name).read_bytes()))
    return folder


class NodeMissing(Exception):
    exitcode = 1


class NodeEngine:
    """One node process answering requests (see engine_node.js) one at a time."""

    def __init__(self):
        node = shutil.which("node")
        if not node:
            raise NodeMissing("node is needed to run the browser engine outside a browser "
                              "(Debian: apt-get install nodejs)")
        self.scripts = tempfile.TemporaryDirectory(prefix="search-js-")
        env = dict(os.environ, OVERSTAP_SEARCH_JS=str(published_scripts(Path(self.scripts.name))))
        self.proc = subprocess.Popen([node, str(RUNNER)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                     env=env)

    def ask(self, request: dict) -> dict:
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the node engine stopped")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer

    def search(self, site: Path, lang: str, q: str, filters=None, limit=10, offset=0,
               fresh=False, repeat=0, siblings=()) -> dict:
        """The browser engine's answer, both steps (search, then the sub-results: each hit's
        "sections"), with "fetched" (files read until the results could be shown) and
        "fetched_fill" (files read for the sub-results); with `siblings` (languages, in order)
        its "elsewhere" too, from their folders beside this language's."""
        folder = Path(site) / "search" / lang
        return self.ask({"op": "search", "dir": str(folder) + "/", "q": q,
                         "filters": filters or {}, "limit": limit, "offset": offset,
                         "fresh": fresh, "repeat": repeat, "siblings": list(siblings)})

    def rounds(self, site: Path, lang: str, q: str, filters=None) -> list[list[str]]:
        """The files a fresh engine fetches for a query until its results can be shown,
        round by round."""
        return self.rounds_and_fill(site, lang, q, filters)[0]

    def rounds_and_fill(self, site: Path, lang: str, q: str,
                        filters=None) -> tuple[list[list[str]], list[list[str]]]:
        """The rounds until the results can be shown, and the rounds of the sub-results'
        fill after them."""
        folder = Path(site) / "search" / lang
        got = self.ask({"op": "rounds", "dir": str(folder) + "/", "q": q,
                        "filters": filters or {}})
        return got["rounds"], got["fill"]

    def parse(self, site: Path, lang: str, q: str) -> dict:
        folder = Path(site) / "search" / lang
        return self.ask({"op": "parse", "dir": str(folder) + "/", "q": q})["parsed"]

    def stems(self, lang: str, words: list[str]) -> list[str]:
        return self.ask({"op": "stem", "lang": lang, "words": words})["stems"]

    def fold(self, words: list[str]) -> list[str]:
        return self.ask({"op": "fold", "words": words})["folded"]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        self.scripts.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
