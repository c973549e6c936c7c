"""The whole built portal: valid HTML (Nu validator), no third-party requests, size budgets,
images with width, height and alt."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

from tests.support import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BUDGET = 60 * 1024  # bytes, gzipped: one page's HTML + its CSS + its JS


def test_nu_validator_finds_no_errors(portal_site):
    assert VNU.exists(), "node_modules/vnu-jar is missing: run `npm ci` (make test does)"
    java = shutil.which("java")
    assert java, "java is missing: apt-get install default-jre-headless (.ci/run does)"
    result = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only",
                             "--format", "gnu", str(portal_site)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr[:4000]


def _html_files(site: Path):
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_another_origin(portal_site):
    loaded = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="(https?:)?//',
                        re.I)
    linked = re.compile(r'<link\b(?=[^>]*\brel="(?:stylesheet|icon|preload|modulepreload)")'
                        r'[^>]*\bhref="(https?:)?//', re.I)
    css_url = re.compile(r"url\((['\"]?)(https?:)?//", re.I)
    offenders = []
    for path in _html_files(portal_site):
        text = path.read_text("utf-8")
        if loaded.search(text) or linked.search(text) or css_url.search(text):
            offenders.append(path.relative_to(portal_site).as_posix())
    for path in portal_site.rglob("*.css"):
        if css_url.search(path.read_text("utf-8")) or "@import" in path.read_text("utf-8"):
            offenders.append(path.relative_to(portal_site).as_posix())
    assert not offenders, offenders[:10]


def _assets(site: Path, html: str) -> list[Path]:
    refs = re.findall(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="(/[^"]+)"', html)
    return [site / ref.lstrip("/") for ref in refs]


def test_every_page_fits_the_size_budget(portal_site):
    over = []
    largest = (0, "")
    for path in _html_files(portal_site):
        html = path.read_text("utf-8")
        total = len(gzip.compress(html.encode("utf-8"), 9))
        for asset in _assets(portal_site, html):
            assert asset.exists(), f"{path}: {asset} is missing"
            total += len(gzip.compress(asset.read_bytes(), 9))
        largest = max(largest, (total, path.relative_to(portal_site).as_posix()))
        if total > BUDGET:
            over.append(f"{path.relative_to(portal_site)}: {total} bytes")
    assert not over, over
    print(f"largest page: {largest[1]} at {largest[0]} bytes gzipped (budget {BUDGET})")


def test_images_have_width_height_and_alt(portal_site):
    bad = []
    for path in _html_files(portal_site):
        for tag in re.findall(r"<img\b[^>]*>", path.read_text("utf-8")):
            if not all(re.search(rf'\b{a}="', tag) for a in ("width", "height", "alt")):
                bad.append(f"{path.relative_to(portal_site)}: {tag}")
    assert not bad, bad[:10]
