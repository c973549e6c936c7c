"""`invoke bench.lighthouse`: Lighthouse scores for one page of each type, offline.

Lighthouse 12.8.2 (13.x needs a newer node) is installed on first use into .build/tools/
from the npm registry; it drives Debian's Chromium. About 12 s per page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from tests.browser import FLAGS, StaticServer  # noqa: E402

TOOLS = ROOT / ".build" / "tools"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.8.2"
PAGES = ["/nl/", "/nl/sector/zorg/", "/nl/regio/gent/", "/nl/maatregelen/",
         "/nl/kaart/", "/nl/maatregelen/loopbaanbegeleiding/", "/nl/praktijkvoorbeelden/alimento/",
         "/fr/recits/", "/en/search/", "/nl/404.html"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        "--prefix", str(TOOLS), f"lighthouse@{VERSION}"], check=True)


def score(url: str) -> dict[str, int]:
    flags = " ".join(["--headless=new"] + FLAGS).replace("MAP * ~NOTFOUND , EXCLUDE",
                                                         "MAP * ~NOTFOUND,EXCLUDE")
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def main(site: Path) -> int:
    ensure_lighthouse()
    rows = []
    with StaticServer(site) as server:
        for path in PAGES:
            rows.append((path, score(server.origin + path)))
    print(f"{'page':44} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES))
    for path, scores in rows:
        print(f"{path:44} " + " ".join(f"{scores[c]:>13}" for c in CATEGORIES))
    below = [(p, c, s[c]) for p, s in rows for c in CATEGORIES if s[c] < 100]
    print(f"{len(rows)} pages; {len(below)} scores below 100" +
          ("".join(f"\n  {p} {c}: {v}" for p, c, v in below)))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output"))
