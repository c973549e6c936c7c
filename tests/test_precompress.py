"""`.gz` and `.br` beside the site's text files (`PRECOMPRESS`, on in publishconf.py).

True of the output, checked with the standard decompressors, not the code under test: each
compressed file unpacks to exactly its file and is smaller; every text file a reader fetches
(256 bytes or more) has both; server configurations have none; no compressed file outlives its
file; two clean builds and a clean and an incremental build are byte-identical; an edit
compresses only the files it changed.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import brotli
import pytest

from safe_publish import precompress
from tests.support import SITES, build, tree_digest

TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest")


def _copy(tmp_path: Path, name: str) -> Path:
    content = tmp_path / name / "content"  # the cache goes beside it, in tmp_path
    shutil.copytree(SITES / "multilingual" / "content", content)
    return content


def _build(content: Path, output: Path) -> None:
    code, report = build(content, output, PRECOMPRESS=True)
    assert code == 0, report


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("precompress")
    out = tmp / "output"
    _build(_copy(tmp, "a"), out)
    return out


def test_each_text_file_has_both_forms_and_they_unpack_to_it(site):
    checked = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".gz", ".br"):
            continue
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        data = path.read_bytes()
        if path.suffix not in TEXT or path.name.startswith("_"):
            assert not gz.exists() and not br.exists(), path
            continue
        if len(data) < 256:
            assert not gz.exists() and not br.exists(), f"{path}: too small to compress"
            continue
        for packed, unpack in ((gz, gzip.decompress), (br, brotli.decompress)):
            if packed.exists():
                assert unpack(packed.read_bytes()) == data, packed
                assert packed.stat().st_size < len(data)
        assert gz.exists() and br.exists(), f"{path} ({len(data)} bytes) has no .gz/.br"
        checked += 1
    assert checked > 100, "the fixture site has pages to compress"
    assert not list(site.rglob("_headers.gz")) and not list(site.rglob("*.conf.gz"))


def test_no_compressed_file_without_its_file(site):
    for packed in [*site.rglob("*.gz"), *site.rglob("*.br")]:
        assert packed.with_suffix("").is_file(), packed


def test_gzip_files_carry_no_time_nor_name(site):
    for packed in list(site.rglob("*.gz"))[:200]:
        head = packed.read_bytes()[:10]
        assert head[:2] == b"\x1f\x8b" and head[4:8] == b"\0\0\0\0", f"{packed}: a time"
        assert not head[3] & 0x08, f"{packed}: a file name"


def test_clean_and_incremental_builds_are_byte_identical_and_edits_compress_little(
        tmp_path, monkeypatch):
    content = _copy(tmp_path, "edited")
    out = tmp_path / "incremental"
    _build(content, out)
    before = tree_digest(out)
    measure = content / "measures" / "nl" / "loopbaanbegeleiding.md"
    text = measure.read_text("utf-8")
    paragraph = re.search(r"\n\n([A-Z][^\n]{40,})\n", text).group(1)
    measure.write_text(text.replace(paragraph, paragraph + " Vraag ernaar.", 1), "utf-8")
    calls = []
    real = precompress._compress
    monkeypatch.setattr(precompress, "_compress",
                        lambda data, kind: calls.append(kind) or real(data, kind))
    _build(content, out)
    monkeypatch.undo()
    after = tree_digest(out)
    changed = {p for p in after if not p.endswith((".gz", ".br")) and before.get(p) != after[p]}
    assert changed, "the edit changed some files"
    assert 0 < len(calls) <= 2 * len(changed), "only changed files are compressed again"
    clean = tmp_path / "clean"
    shutil.copytree(content, tmp_path / "fresh" / "content")
    _build(tmp_path / "fresh" / "content", clean)
    assert tree_digest(clean) == after


def test_the_cache_holds_exactly_this_site(tmp_path):
    """After a build the cache holds the compressed forms of this site's files and nothing
    else (it does not grow with every edit)."""
    import hashlib

    content = _copy(tmp_path, "cache")
    out = tmp_path / "out"
    _build(content, out)
    folder = precompress.cache_folder(content.parent / ".build" / "cache")
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*")
               if p.is_file() and p.suffix in TEXT and not p.name.startswith("_")
               and p.stat().st_size >= 256}
    assert {p.name for p in folder.iterdir()} == {f"{d}.{k}" for d in digests for k in ("gz", "br")}
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]
