"""The web editor's header format (editor/header.js) against the Python reader.

The JavaScript parser runs in node over every content file of the portal and of the fixture
sites, and over generated headers (fences, continuation lines, indentation, Unicode spaces,
malformed lines, Windows line endings, byte-order marks); what it finds (fields with their line
numbers and values, malformed lines, where the body starts, the body) must be what
`content_model.reader.split_header` finds. Saving: an untouched file is written back byte for
byte; an edited field changes that line only, and the Python reader reads the new value.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from content_model import schema
from content_model.reader import decode, split_header
from tests.support import ROOT, SITES

NODE = shutil.which("node")
DRIVER = r"""
const H = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const format = new H.Format(input.fields);
const out = input.jobs.map(function (job) {
  if (job.op === 'parse') {
    const p = H.parse(job.text);
    return {entries: p.entries.map(e => [e.line, e.name, e.value]), malformed: p.malformed,
            body: p.body, bodyLine: p.bodyLine};
  }
  const data = job.text === null ? {} : format.fromFile(job.text);
  Object.keys(job.set || {}).forEach(k => { data[k] = job.set[k]; });
  (job.unset || []).forEach(k => { delete data[k]; });
  return {data: data, file: format.toFile(data)};
});
process.stdout.write(JSON.stringify(out));
"""


def run_js(jobs: list[dict]) -> list:
    assert NODE, "node is missing (apt-get install nodejs; make test installs it)"
    fields = [{"name": f.name, "list": f.is_list} for f in schema.FIELDS]
    done = subprocess.run([NODE, "-e", DRIVER, str(ROOT / "editor" / "header.js")],
                          input=json.dumps({"fields": fields, "jobs": jobs}), text=True,
                          capture_output=True, check=True, encoding="utf-8")
    return json.loads(done.stdout)


def python_view(text: str) -> dict:
    problems: list = []
    entries, body, body_line = split_header(text, "x.md", problems)
    return {"entries": [list(e) for e in entries],
            "malformed": [p.line for p in problems if p.code == "header-line"],
            "body": body, "bodyLine": body_line}


def content_files() -> list:
    files = sorted((ROOT / "content").glob("*/*/*.md"))
    files += sorted(SITES.glob("*/content/*/*/*.md"))
    return files


def test_every_content_file_parses_as_the_python_reader_reads_it():
    files = content_files()
    assert len(files) > 150  # the portal's content and the fixture sites
    texts = [decode(p.read_bytes(), "x", []) for p in files]
    found = run_js([{"op": "parse", "text": t} for t in texts])
    for path, text, js in zip(files, texts, found, strict=True):
        assert js == python_view(text), path
        assert js["entries"], path  # every file has a header: nothing was compared empty


PIECES = ["Title: Een titel", "title:x", "  Lang : nl", "   Type:\tcase", "    Type: case",
          "Sources: a, b,, c", "Related:", "X-1_y: z", "9bad: no", ": empty", "Title:é ü",
          "Summary: één\u00a0twee", "Summary: x\u2003", "    vervolg van de regel",
          "     \u00a0vervolg", "\tgeen veld", "geen veld", "---", "...", " --- ", "", "   ",
          "\u00a0", "\u2003", "\x1c", "Title: a\x85", "Tekst: a\u2028b", "Date:2026-01-01",
          "Title: `code` {ref}x {: .klasse }", "Title: tabs\t\t", "Title:    ", "    ",
          "Summary: a: b: c"]


def generated(seed: int) -> str:
    rng = random.Random(seed)
    lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 9))]
    if rng.random() < 0.4:
        lines.insert(0, rng.choice(["---", "--- ", " ---"]))
    body = rng.choice(["", "Tekst.", "\n\nTekst\n", "  ingesprongen\n\n# Kop\n", "Title: x\n"])
    text = "\n".join(lines) + rng.choice(["", "\n", "\n\n", "\n   \n"]) + body
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.1:
        text = "\ufeff" + text
    return text


def test_generated_headers_parse_as_the_python_reader_reads_them():
    texts = [generated(seed) for seed in range(3000)]
    found = run_js([{"op": "parse", "text": t} for t in texts])
    for seed, (text, js) in enumerate(zip(texts, found, strict=True)):
        assert js == python_view(decode(text.encode("utf-8"), "x", [])), (seed, text)
    # the generator reaches what matters: fences, continuations, malformed lines, no header
    views = [python_view(decode(t.encode("utf-8"), "x", [])) for t in texts]
    assert sum(bool(v["malformed"]) for v in views) > 100
    assert sum(not v["entries"] for v in views) > 100
    assert sum(any("vervolg" in e[2] for e in v["entries"]) for v in views) > 50


def test_an_untouched_file_is_saved_byte_for_byte():
    files = content_files()
    texts = [p.read_text("utf-8") for p in files]
    saved = run_js([{"op": "save", "text": t} for t in texts])
    changed = [str(p) for p, t, s in zip(files, texts, saved, strict=True) if s["file"] != t]
    assert changed == []


def test_generated_headers_survive_a_save_byte_for_byte():
    texts = [decode(generated(seed).encode("utf-8"), "x", []) for seed in range(3000)]
    texts = [t for t in texts if python_view(t)["entries"]]
    saved = run_js([{"op": "save", "text": t} for t in texts])
    assert [t for t, s in zip(texts, saved, strict=True) if s["file"] != t] == []


ALIMENTO = ROOT / "content" / "cases" / "nl" / "alimento.md"


def test_an_edited_field_changes_its_line_only_and_the_reader_reads_it():
    text = ALIMENTO.read_text("utf-8")
    [saved] = run_js([{"op": "save", "text": text,
                       "set": {"Title": "Een nieuwe titel", "Sectors": ["voeding", "zorg"]}}])
    before, after = text.split("\n"), saved["file"].split("\n")
    assert len(before) == len(after)
    differ = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    old_title = next(line for line in before if line.startswith("Title: "))
    old_sectors = next(line for line in before if line.startswith("Sectors: "))
    assert differ == [(old_title, "Title: Een nieuwe titel"),
                      (old_sectors, "Sectors: voeding, zorg")]
    entries = dict((n, v) for _, n, v in python_view(saved["file"])["entries"])
    assert entries["Title"] == "Een nieuwe titel" and entries["Sectors"] == "voeding, zorg"


def test_a_new_field_goes_where_the_schema_puts_it_and_an_emptied_one_goes():
    text = ALIMENTO.read_text("utf-8")
    [saved] = run_js([{"op": "save", "text": text, "set": {"Expires": "2027-06-30",
                                                             "Period": ""}}])
    names = [n for _, n, _ in python_view(saved["file"])["entries"]]
    order = [f.name for f in schema.FIELDS]
    assert "Expires" in names and "Period" not in names
    assert names == sorted(names, key=order.index)  # alimento's header is in schema order
    assert python_view(saved["file"])["body"] == python_view(text)["body"]


def test_a_new_file_is_written_in_schema_order_and_read_back_whole():
    values = {"Title": "Nieuw", "Lang": "nl", "Type": "case", "Audiences": ["werkenden"],
              "Slug": "nieuw", "Date": "2026-12-01", "body": "Tekst met [link]({ref}x).\n"}
    [saved] = run_js([{"op": "save", "text": None, "set": values}])
    view = python_view(saved["file"])
    assert [n for _, n, _ in view["entries"]] == ["Title", "Slug", "Lang", "Type", "Date",
                                                  "Audiences"]
    assert view["body"] == values["body"]


@pytest.mark.parametrize("data", [{"Lang": "en", "Type": "case"}, {}])
def test_a_translation_never_begun_writes_no_file(data):
    # Decap copies the shared fields into every language; without a title nothing is written
    [saved] = run_js([{"op": "save", "text": None, "set": data}])
    assert saved["file"] == ""
