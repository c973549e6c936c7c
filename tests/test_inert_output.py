"""Text an author may write never becomes markup, script or syntax in anything the build writes.

Hostile but printable strings (closing tags, attribute breakouts, CDATA ends, Jinja and
template syntax, entities, comment openers, quotes, backslashes, long Unicode text) are put
into every header field that reaches the output (see TEXT_FIELDS: Title and Summary of every
type, Provider, Organisation, Partners, Period, Contact, Source-Hash) of every file of the
fixture site, and into Markdown bodies (as text, in code spans and in a code block). The build
accepts them, and then, for every file type it writes (every file of output/ must be of a kind
listed in `kind()`):

- HTML pages parse; they run exactly the scripts the unmodified build's page runs (same `src`
  and `type`), have no `on*` attribute, no tag or attribute name the unmodified page lacks (no
  `<img src=x>`, no `<x>`), no `javascript:` address; the text shows each value literally
  (headings, lede, facts, <title>, meta description, Open Graph, links to the item);
- every JSON-LD block parses, cannot end its script early, and names the values exactly;
- XML files (feeds, sitemap, the icon) parse strictly; Atom entries hold the values exactly,
  feedparser (a second, forgiving reader) agrees and sees no error;
- JSON files (JSON Feeds, oEmbed, the search export, the editorial report) parse and hold the
  values exactly; the HTML inside them (feed content, oEmbed snippets) is inert as well;
- the server files (_headers, _redirects, nginx snippets, robots.txt), the sitemap and the
  theme's files are byte for byte those of the unmodified build: author text never reaches them
  (no case changes a Slug);
- no file other than JSON holds a live `<script>alert` or `<img src=x`; drafts and future items
  leave no trace.

Where a value starts with a marker (`Q007 …`), every place in every file that shows the marker
must show the whole value after it: text that is escaped twice, cut at a `<` or swallowed by a
comment is caught wherever it appears, not only where this file thought to look.

Everything is judged with independent parsers (lxml, json, xml.etree, feedparser) and a plain
scan of the HTML source for tags (lxml reads <svg> and <title> as HTML 4 did; the scan does not
depend on a parser), never with the project's code. Five builds (the unmodified site and four
cases) take about 25 s of CPU.

Each check was seen to fail on a planted bug (a copy of the theme passed as THEME, or a
function replaced in the build's process): `| safe` on an item's h1, a card's summary, a
case's partners, the meta description, a hub's h1, the embed lede, the map's SVG <title>, an
iframe snippet's title; the embed code not escaped in its <textarea>; a hand-written JSON-LD
block (with and without `| safe`); a double-escaped lede; oEmbed titles as markup; feeds
serialised without escaping; the search export HTML-escaped; backslashes not escaped in JSON.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import feedparser
import lxml.html
import pytest

from tests.support import SITES, build

SITE = SITES / "multilingual"
BASE = SITE / "content"
SITENAME = "Overstap"
PUBLIC_URL = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"

#: Printable strings that are syntax somewhere: HTML, attributes, XML, Jinja, JS templates,
#: entities, comments, CSS, JSON escapes, the sitemap. Header values cannot hold line ends,
#: control or format characters (the build refuses them), so none of these do.
UNICODE = "😀🇧🇪🎉 مرحبا بالعالم 你好，世界 こんにちは e\u0301 Z\u0324\u0308 ñ שלום Ω≈ç√"
PAYLOADS = (
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]><x>",
    "{{ 7*7 }}",
    "{% raw %}",
    "${7*7}",
    "&amp;lt;",
    "&#x3C;script&#x3E;",
    "</title>",
    "<!--",
    "'",
    '"',
    "\\",
    "C:\\temp\\new \\u003c \\\" \\\\",
    UNICODE,
    "javascript:alert(1)",
    "*/",
    "--></style>",
    "</loc>",
    "' onmouseover='alert(1)' x='",
    "</textarea><svg onload=alert(1)>",
    "<![CDATA[x]]>",
    "{# #} {%- endraw %} }}",
    "%3Cscript%3E &lt;b&gt; &",
    "`whoami` $(id)",
)

#: The header fields that are text and reach the output, by content type (the other text
#: field, a hub's Term, is a taxonomy key: the build refuses anything else).
TEXT_FIELDS = {
    "measure": ("Title", "Summary", "Provider"),
    "case": ("Title", "Summary", "Organisation", "Partners", "Period", "Contact"),
    "story": ("Title", "Summary"),
    "hub": ("Title", "Summary"),
    "page": ("Title", "Summary"),
}
#: Set on translations only (the fingerprint of the Dutch text); shown in the editorial report.
SOURCE_HASH = "Source-Hash"
#: Set on every file; never on a reader's page, only in the editors' report of overdue items.
OWNER = "Owner"
NOT_SHOWN = {"Term"}
LIMITS = {"Title": 120, "Summary": 200, "Provider": 200, "Organisation": 200, "Partners": 300,
          "Period": 100, "Contact": 300, SOURCE_HASH: 120, OWNER: 100}


@dataclass(frozen=True)
class Source:
    rel: str
    type: str
    url: str | None  # its page; None: never published (a draft, a future date)
    withdrawn: bool = False  # expired: a notice page with its title, nothing else

    @property
    def lang(self) -> str:
        return self.rel.split("/")[1]

    @property
    def fields(self) -> tuple[str, ...]:
        extra = (SOURCE_HASH,) if self.lang != "nl" else ()
        return TEXT_FIELDS[self.type] + extra + (OWNER,)

    @property
    def embed(self) -> str | None:
        return self.url and self.url.replace(f"/{self.lang}/", f"/{self.lang}/embed/", 1)


SOURCES = (
    Source("measures/nl/loopbaanbegeleiding.md", "measure", "/nl/maatregelen/loopbaanbegeleiding/"),
    Source("measures/fr/loopbaanbegeleiding.md", "measure",
           "/fr/mesures/accompagnement-de-carriere/"),
    Source("measures/en/loopbaanbegeleiding.md", "measure", "/en/measures/career-guidance/"),
    Source("measures/nl/opleiding.md", "measure", "/nl/maatregelen/opleiding/"),
    Source("measures/nl/premie-corona.md", "measure", "/nl/maatregelen/premie-corona/",
           withdrawn=True),
    Source("measures/nl/klad.md", "measure", None),
    Source("measures/nl/later.md", "measure", None),
    Source("cases/nl/voorbeeld-gent.md", "case", "/nl/praktijkvoorbeelden/voorbeeld-gent/"),
    Source("cases/fr/voorbeeld-gent.md", "case", "/fr/exemples/exemple-gand/"),
    Source("cases/en/voorbeeld-gent.md", "case", "/en/cases/example-ghent/"),
    Source("stories/nl/een-verhaal.md", "story", "/nl/verhalen/een-verhaal/"),
    Source("stories/fr/een-verhaal.md", "story", "/fr/recits/un-recit/"),
    Source("stories/en/een-verhaal.md", "story", "/en/stories/a-story/"),
    Source("hubs/nl/sector-zorg.md", "hub", "/nl/sector/zorg/"),
    Source("hubs/fr/sector-zorg.md", "hub", "/fr/secteur/soins/"),
    Source("hubs/en/sector-zorg.md", "hub", "/en/sector/care/"),
    Source("pages/nl/home.md", "page", "/nl/"),
    Source("pages/fr/home.md", "page", "/fr/"),
    Source("pages/en/home.md", "page", "/en/"),
    Source("pages/nl/over.md", "page", "/nl/over/"),
    Source("pages/fr/over.md", "page", "/fr/a-propos/"),
    Source("pages/en/over.md", "page", "/en/about/"),
    Source("pages/nl/bronnen.md", "page", "/nl/bronnen/"),
)
LISTED = tuple(s for s in SOURCES if s.url and not s.withdrawn)
ITEMS = tuple(s for s in LISTED if s.type in ("measure", "case", "story"))

#: A Markdown body an author may write: Jinja and template syntax as text (the `*` escaped
#: for Markdown), markup written as entities, every payload in a code span and in a block, a
#: heading (its anchor is made from its text) and a link title with hostile text.
CODE_SPANS = tuple(p for p in PAYLOADS if "`" not in p and p.strip() == p and p != "\\")
BLOCK = "\n".join(PAYLOADS)
BODY = "\n\n".join([
    r"Tekst: {{ 7\*7 }} en {% raw %} en ${7\*7} en javascript:alert(1) en C:\temp "
    "en &amp;lt; en &#x3C;script&#x3E; en 😀👩\u200d👩\u200d👧 مرحبا 你好 e\u0301.",
    "Ontsnapt: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; en "
    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; en ]]&gt;&lt;x&gt; en &lt;/loc&gt; en "
    "&lt;/title&gt; en &lt;/textarea&gt;",
    "Code: " + " en ".join(f"`{p}`" for p in CODE_SPANS),
    f"```\n{BLOCK}\n```",
    r"## Kop &lt;/title&gt; {{ 7\*7 }} &quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
    '[een link](https://example.org/?q=%22%3E "titel &quot;&gt;&lt;img src=x '
    'onerror=alert(1)&gt; {{ 7*7 }}")',
])
HEADING = 'Kop </title> {{ 7*7 }} "><img src=x onerror=alert(1)>'
LINK_TITLE = 'titel "><img src=x onerror=alert(1)> {{ 7*7 }}'
#: What the body's text shows (entities decoded, Markdown escapes gone).
BODY_SHOWS = ("{{ 7*7 }}", "{% raw %}", "${7*7}", "javascript:alert(1)", "&lt;", "<script>",
              "</script><script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
              "]]><x>", "</loc>", "</title>", "</textarea>", "مرحبا 你好")
BODY_FILES = ("measures/nl/opleiding.md", "hubs/nl/sector-zorg.md", "pages/nl/over.md")
BODY_PAGES = {"measures/nl/opleiding.md": ("/nl/maatregelen/opleiding/",
                                           "/nl/embed/maatregelen/opleiding/"),
              "hubs/nl/sector-zorg.md": ("/nl/sector/zorg/", "/nl/embed/sector/zorg/"),
              "pages/nl/over.md": ("/nl/over/",)}


# -- the cases: which value goes into which field ---------------------------------------------
def _slots():
    """(source, field) for every text field of every file, in a fixed order."""
    return [(s, f) for s in SOURCES for f in s.fields]


def _pack(parts, limit: int, start: str = "") -> str:
    value = start
    for part in parts:
        joined = f"{value} {part}" if value else part
        if len(joined) > limit:
            continue
        value = joined
    return value


def _ends_in_backslash(value: str, limit: int) -> str:
    if value.endswith("\\"):
        return value
    return (value if len(value) + 2 <= limit else value[: limit - 2].rstrip()) + " \\"


def packed_values():
    """Every field: a marker, then as many payloads as fit, each field starting elsewhere in
    the list; every Summary ends in a backslash."""
    values = {}
    for i, (src, name) in enumerate(_slots()):
        turned = PAYLOADS[i % len(PAYLOADS):] + PAYLOADS[: i % len(PAYLOADS)]
        value = _pack(turned, LIMITS[name], start=f"Q{i:03d}")
        values[src.rel, name] = (_ends_in_backslash(value, LIMITS[name])
                                 if name == "Summary" else value)
    return values


def bare_values(shift: int):
    """Every field holds exactly one payload, nothing else: the k-th published field of a
    name takes payload k + shift (+ 11 for a Summary, so that an item's title and summary
    differ), so two shifts give every payload to some Title and some Summary (unpublished
    files: a marker too)."""
    values, counts = {}, Counter()
    for i, (src, name) in enumerate(_slots()):
        if src.url:
            turn = counts[name] + shift + (11 if name == "Summary" else 0)
            values[src.rel, name] = PAYLOADS[turn % len(PAYLOADS)]
            counts[name] += 1
        else:
            values[src.rel, name] = f"Q{i:03d} {PAYLOADS[i % len(PAYLOADS)]}"
    return values


def unicode_values():
    """Every field as long as allowed, in scripts of every direction, emoji and combining
    marks (the cards and descriptions must not cut or reorder it)."""
    values = {}
    for i, (src, name) in enumerate(_slots()):
        limit = LIMITS[name]
        text = f"Q{i:03d} " + (UNICODE + " ") * (limit // len(UNICODE) + 1)
        value = text[:limit].rstrip()
        while value[-1] in "\u0301\u0324\u0308":  # never end on a lone combining mark
            value = value[:-1].rstrip()
        values[src.rel, name] = (_ends_in_backslash(value, limit) if name == "Summary"
                                 else value)
    return values


#: name -> (the values, whether the bodies change too, whether published values are marked)
CASES = {"packed": (packed_values, True, True), "bare": (lambda: bare_values(0), False, False),
         "bare-shifted": (lambda: bare_values(13), False, False),
         "unicode": (unicode_values, False, True)}
MARKER_RE = re.compile(r"Q\d{3}")
#: Elements a page may gain: what Markdown makes of a new body, a case's optional facts (a
#: list), the editorial page's note on a translation whose Source-Hash no longer matches.
NEW_ELEMENTS = {"code", "pre", "em", "strong", "p", "h2", "a", "dl", "dt", "dd", "div", "small",
                "br"}


# -- building ----------------------------------------------------------------------------------
def _set_field(path: Path, name: str, value: str) -> None:
    lines = path.read_text("utf-8").split("\n")
    at = [i for i, line in enumerate(lines) if line.split(":", 1)[0] == name]
    if at:
        lines[at[0]] = f"{name}: {value}"
    else:
        lines.insert(lines.index(""), f"{name}: {value}")
    path.write_text("\n".join(lines), "utf-8")


def _set_body(path: Path, body: str) -> None:
    text = path.read_text("utf-8")
    header = text[: text.index("\n\n")]
    path.write_text(f"{header}\n\n{body}\n", "utf-8")


def _build(folder: Path, values: dict, body: bool) -> Path:
    content = folder / "content"
    shutil.copytree(BASE, content, symlinks=True)
    shutil.copy(SITE / "addresses.tsv", folder)  # the same old addresses as the fixture
    for (rel, name), value in values.items():
        _set_field(content / rel, name, value)
    if body:
        for rel in BODY_FILES:
            _set_body(content / rel, BODY)
    out = folder / "output"
    code, report = build(content, out)
    assert code == 0, f"the build refused text an author may write:\n{report}"
    return out


# -- reading the output (independent parsers only) -------------------------------------------
def kind(rel: str) -> str:
    """What a file of output/ is; an unknown kind fails the test (a new kind needs checks)."""
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith("theme/"):
        return "static"
    if name in ("_headers", "_redirects", "_nginx.conf", "_nginx-brotli.conf",
                "_nginx-headers.conf", "_nginx-redirects.conf", "robots.txt", "sitemap.xml"):
        return "server"
    if name.endswith(".html"):
        return "html"
    if name.endswith(".xml"):
        return "xml"
    if name.endswith(".json"):
        return "json"
    raise AssertionError(f"{rel}: a kind of file this test does not know; add its checks")


def nfc(text: str) -> str:
    """The search export holds its texts in NFC (search/index.py: it compares them so), which
    a browser shows the same way."""
    return unicodedata.normalize("NFC", text)


def _local(url: str) -> str:
    return url[len(PUBLIC_URL):] if url.startswith(PUBLIC_URL) else url


def _page_file(url: str) -> str:
    return url.strip("/") + "/index.html" if url.strip("/") else "index.html"


#: Keys of JSON strings that hold HTML (feed content, oEmbed and embed snippets).
HTML_KEYS = {"html", "content_html", "iframe"}


def _strings(node):
    """Every string in a parsed JSON document; HTML in it as its reader shows it."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in HTML_KEYS and isinstance(value, str):
                yield from _shown_strings(_fragment(value))
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _dicts(node):
    """Every object in a parsed JSON document."""
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _fragment(markup: str):
    """A piece of HTML (feed content, an oEmbed snippet) parsed into a wrapper element."""
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def _shown_strings(root) -> list[str]:
    """The text nodes and attribute values of parsed HTML as a reader gets them: an SVG <text>
    is one string (its lines are <tspan>s); a <textarea> holds HTML code to copy (an embed
    snippet), parsed on its own; a <script> holds JSON, checked as JSON."""
    found = []

    def walk(el):
        found.extend(el.attrib.values())
        if el.tag == "text":
            found.append(" ".join(t.strip() for t in el.itertext() if t.strip()))
        elif el.tag == "textarea":
            found.extend(_shown_strings(_fragment(el.text or "")))
        elif el.tag != "script":
            if el.text:
                found.append(el.text)
            for child in el:
                if isinstance(child.tag, str):
                    walk(child)
                if child.tail:
                    found.append(child.tail)

    walk(root)
    return found


def _snippets(doc) -> dict:
    """id -> the HTML code in each <textarea> (what a partner pastes), parsed."""
    return {ta.get("id"): _fragment(ta.text or "") for ta in doc.iter("textarea")}


RAW_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)")


def _raw_tags(markup: str) -> Counter:
    """Tag names as any HTML tokenizer meets them in the source: text that is escaped has no
    `<`, so this does not depend on how one parser or another builds its tree (lxml follows
    HTML 4 inside <svg> and <title>, browsers HTML 5)."""
    return Counter(name.lower() for name in RAW_TAG.findall(markup))


def _scripts(doc) -> list:
    """What a page runs: the `src` and `type` of each <script>."""
    return sorted((s.get("src") or "", s.get("type") or "") for s in doc.iter("script"))


def _jsonld(doc) -> list:
    return [s for s in doc.iter("script") if s.get("type") == "application/ld+json"]


class Output:
    def __init__(self, root: Path):
        self.root = root
        self.files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
                      if p.is_file()}

    def text(self, rel: str) -> str:
        return self.files[rel].read_text("utf-8")

    def of_kind(self, wanted: str) -> list[str]:
        return [rel for rel in self.files if kind(rel) == wanted]

    @cached_property
    def html(self) -> dict:
        return {rel: lxml.html.document_fromstring(self.text(rel)) for rel in self.of_kind("html")}

    @cached_property
    def json(self) -> dict:
        return {rel: json.loads(self.text(rel)) for rel in self.of_kind("json")}

    def page(self, url: str):
        return self.html[_page_file(url)]


@dataclass
class Built:
    name: str
    out: Output
    values: dict  # (rel, field) -> the value written
    body: bool
    marked: bool

    def value(self, src: Source, name: str) -> str:
        return self.values[src.rel, name]

    @cached_property
    def markers(self) -> dict[str, str]:
        """marker -> the whole value, for values that start with one."""
        return {m.group(): v for v in self.values.values() if (m := MARKER_RE.match(v))}

    @cached_property
    def unpublished_markers(self) -> list[str]:
        return [MARKER_RE.match(v).group() for (rel, _), v in self.values.items()
                if not next(s for s in SOURCES if s.rel == rel).url]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Output:
    return Output(_build(tmp_path_factory.mktemp("unmodified"), {}, body=False))


_BUILT: dict[str, Built] = {}


def _built(name: str, tmp_path_factory) -> Built:
    """Each case built once for the module, whichever fixture asks first."""
    if name not in _BUILT:
        make, body, marked = CASES[name]
        values = make()
        out = _build(tmp_path_factory.mktemp(name), values, body)
        _BUILT[name] = Built(name, Output(out), values, body, marked)
    return _BUILT[name]


@pytest.fixture(scope="module", params=sorted(CASES))
def site(request, tmp_path_factory) -> Built:
    return _built(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=sorted(n for n, c in CASES.items() if c[2]))
def marked_site(request, tmp_path_factory) -> Built:
    """The cases whose values carry markers (nothing skipped: the others are not asked)."""
    return _built(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=sorted(n for n, c in CASES.items() if c[1]))
def body_site(request, tmp_path_factory) -> Built:
    """The cases whose bodies are hostile too."""
    return _built(request.param, tmp_path_factory)


# -- checks shared by the kinds of file ---------------------------------------------------------
def _whole_values_at_markers(built: Built, strings, where: str, form=None) -> int:
    """Every string holding a marker holds the whole value right after it (in Unicode
    normal form `form`, if given). Returns how many markers it saw."""
    seen = 0
    for s in strings:
        for m in MARKER_RE.finditer(s):
            value = built.markers.get(m.group())
            if value is None:
                continue
            value = unicodedata.normalize(form, value) if form else value
            seen += 1
            assert s[m.start(): m.start() + len(value)] == value, (
                f"{where}: {value!r} is shown as {s[m.start(): m.start() + len(value) + 20]!r}")
    return seen


def _inert(fragment_or_doc, where: str, scripts: bool = True) -> None:
    """No event handler, no script address, no element the hostile text spells out; with
    `scripts` False (HTML inside a feed or an oEmbed answer), no <script> at all."""
    for el in fragment_or_doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert scripts or el.tag != "script", f"{where}: <script>"
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), f"{where}: <{el.tag} {attr}={value!r}>"
            if attr in ("href", "src", "action", "formaction", "srcdoc", "data"):
                assert not re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                    ("javascript:", "data:", "vbscript:")), f"{where}: {attr}={value!r}"
        assert el.tag not in ("x", "loc"), f"{where}: <{el.tag}> in the page"
        assert not (el.tag == "img" and el.get("src") == "x"), f"{where}: <img src=x>"


# -- the tests ----------------------------------------------------------------------------------
def test_the_fields_cover_every_text_field_of_the_schema():
    """The content model declares the fields; every text field is set by the cases here."""
    from content_model import schema  # the input side only: which fields exist

    for type_ in schema.TYPES:
        text = {f.name for f in schema.fields_for(type_) if f.kind == "text"}
        assert text - NOT_SHOWN - {SOURCE_HASH, OWNER} == set(TEXT_FIELDS[type_]), type_
        for name in TEXT_FIELDS[type_]:
            assert schema.field(name).max_length in (LIMITS[name], None), name
    assert {s.rel for s in SOURCES} == {p.relative_to(BASE).as_posix()
                                        for p in BASE.rglob("*.md")}


def test_every_file_is_of_a_known_kind_and_the_same_files_are_written(site, base):
    def kept(files):  # the search export is split in shards by the words it holds
        return {rel for rel in files if not rel.startswith("search/")}

    assert kept(site.out.files) == kept(base.files), "author text changed which files exist"
    assert {kind(rel) for rel in site.out.files} == {"html", "xml", "json", "server", "static"}
    for lang in ("nl", "fr", "en"):
        assert f"search/{lang}/meta.json" in site.out.files


def test_server_files_theme_files_and_the_sitemap_do_not_change(site, base):
    """No case changes a Slug: addresses, headers and redirects hold no author text."""
    for rel in site.out.of_kind("server") + site.out.of_kind("static"):
        assert site.out.files[rel].read_bytes() == base.files[rel].read_bytes(), rel


def test_html_pages_run_only_the_portals_scripts_and_gain_no_markup(site, base):
    for rel, doc in site.out.html.items():
        before = base.html[rel]
        raw, raw_before = site.out.text(rel), base.text(rel)
        tags, had = _raw_tags(raw), _raw_tags(raw_before)
        assert tags["script"] == had["script"], f"{rel}: <script> in the source"
        assert set(tags) <= set(had) | NEW_ELEMENTS, f"{rel}: new tags {set(tags) - set(had)}"
        assert raw.count("<!--") == raw_before.count("<!--"), f"{rel}: a comment opened"
        assert _scripts(doc) == _scripts(before), rel
        _inert(doc, rel)
        snippets, had_snippets = _snippets(doc), _snippets(before)
        assert snippets.keys() == had_snippets.keys(), rel
        for key, snippet in snippets.items():
            _inert(snippet, f"{rel}: the code in #{key}")
            assert _scripts(snippet) == _scripts(had_snippets[key]), f"{rel}: #{key}"
            assert [el.tag for el in snippet.iter()] == [
                el.tag for el in had_snippets[key].iter()], f"{rel}: #{key}"
        tags = {el.tag for el in doc.iter() if isinstance(el.tag, str)}
        had = {el.tag for el in before.iter() if isinstance(el.tag, str)}
        assert tags <= had | NEW_ELEMENTS, f"{rel}: new elements {tags - had}"
        attrs = {a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib}
        had_attrs = {a for el in before.iter() if isinstance(el.tag, str) for a in el.attrib}
        assert attrs <= had_attrs | {"href", "title", "id", "class"}, (
            f"{rel}: new attributes {attrs - had_attrs}")
        assert len(doc.findall(".//title")) == len(before.findall(".//title")), rel
        assert len(doc.findall("head/title")) == 1, rel
        head = doc.find("head")
        assert [el.tag for el in head] == [el.tag for el in base.html[rel].find("head")], rel


def test_html_pages_show_the_text_literally(site):
    pages = site.out
    for src in LISTED:
        doc, where = pages.page(src.url), src.url
        title, summary = site.value(src, "Title"), site.value(src, "Summary")
        assert [h.text_content() for h in doc.iter("h1")] == [title], where
        assert doc.findtext("head/title") in (title, f"{title} · {SITENAME}"), where
        meta = {m.get("name") or m.get("property"): m.get("content") for m in doc.iter("meta")}
        assert meta["description"] == meta["og:description"] == summary, where
        assert meta["og:title"] == title, where
        if src.type != "page":
            lede = [p.text_content() for p in doc.iter("p") if p.get("class") == "lede"]
            assert lede == [summary], where
        text = doc.find("body").text_content()
        for name in TEXT_FIELDS[src.type][2:]:
            assert site.value(src, name) in text, f"{where}: {name}"
        if src.type == "case":
            shown = [dd.text_content() for dd in doc.iter("dd")]
            for name in TEXT_FIELDS["case"][2:]:
                assert site.value(src, name) in shown, f"{where}: {name}"
        snippets = _snippets(doc).values()  # the code a partner copies to embed the page
        if snippets:
            links = [a.text_content() for s in snippets for a in s.iter("a")]
            frames = [f.get("title") for s in snippets for f in s.iter("iframe")]
            assert f"{title} · {SITENAME}" in links, where
            assert f"{title} · {SITENAME}" in frames, where
        embed = src.embed and pages.files.get(_page_file(src.embed))
        if embed:
            view = pages.page(src.embed)
            assert [h.text_content() for h in view.iter("h1")] == [title], src.embed
            assert view.findtext("head/title") == f"{title} · {SITENAME}", src.embed
            assert summary in view.find("body").text_content(), src.embed
    for src in SOURCES:
        if src.withdrawn:
            doc = pages.page(src.url)
            assert [h.text_content() for h in doc.iter("h1")] == [site.value(src, "Title")]


def test_links_to_items_carry_their_titles_on_every_page(site, base):
    """Wherever the unmodified site links to an item with its title as the link text (lists,
    cards, related items, breadcrumbs, embeds), the link text is now the hostile title."""
    titles = {}
    for src in ITEMS:
        before = next(h.text_content() for h in base.page(src.url).iter("h1"))
        titles[src.url] = (before, site.value(src, "Title"))

    def links(doc, which: int):
        found = Counter()
        for a in doc.iter("a"):
            url = _local(a.get("href") or "")
            if url in titles and a.text_content().strip() == titles[url][which]:
                found[url] += 1
        return found

    compared = 0
    for rel, doc in site.out.html.items():
        expected = links(base.html[rel], 0)
        assert links(doc, 1) == expected, rel
        compared += sum(expected.values())
    assert compared > 50


def test_marked_values_are_whole_wherever_they_appear(marked_site):
    """Where a value shows, all of it shows, exactly (packed and unicode cases)."""
    site = marked_site
    assert site.marked
    seen = 0
    for rel, doc in site.out.html.items():
        raw = site.out.text(rel)
        in_scripts = [s.text or "" for s in doc.iter("script")]
        found = _whole_values_at_markers(site, _shown_strings(doc), rel)
        found_raw = len([m for m in MARKER_RE.finditer(raw) if m.group() in site.markers])
        scripted = sum(len([m for m in MARKER_RE.finditer(s) if m.group() in site.markers])
                       for s in in_scripts)
        assert found + scripted == found_raw, f"{rel}: a marker hides in a comment or a tag"
        for script in _jsonld(doc):
            found += _whole_values_at_markers(site, _strings(json.loads(script.text)), rel)
        seen += found
    for rel, doc in site.out.json.items():
        form = "NFC" if rel.startswith("search/") else None  # what the search compares
        seen += _whole_values_at_markers(site, _strings(doc), rel, form)
    for rel in site.out.of_kind("xml"):
        tree = ET.fromstring(site.out.files[rel].read_bytes())
        strings = [t for el in tree.iter() for t in (el.text, el.tail, *el.attrib.values()) if t]
        seen += _whole_values_at_markers(site, strings, rel)
    assert seen > 500


def test_unpublished_items_leave_no_trace(site):
    assert site.unpublished_markers
    for rel, path in site.out.files.items():
        text = path.read_text("utf-8", errors="replace")
        for marker in site.unpublished_markers:
            assert not re.search(rf"{marker}(?!\d)", text), f"{rel}: {marker} of a draft"


def test_jsonld_parses_cannot_close_its_script_and_names_the_values(site):
    blocks = 0
    for rel, doc in site.out.html.items():
        for script in _jsonld(doc):
            raw = script.text or ""
            lowered = raw.lower()
            assert "</script" not in lowered and "<!--" not in raw and "<script" not in lowered, (
                rel)
            json.loads(raw)
            blocks += 1
    assert blocks > 20
    for src in LISTED:
        if src.type == "page":
            continue
        (doc,) = [json.loads(s.text) for s in _jsonld(site.out.page(src.url))]
        name = "name" if src.type in ("measure", "hub") else "headline"
        assert doc[name] == site.value(src, "Title"), src.url
        assert doc["description"] == site.value(src, "Summary"), src.url
    for lang in ("nl", "fr", "en"):
        (home,) = [json.loads(s.text) for s in _jsonld(site.out.page(f"/{lang}/"))]
        assert home["name"] == SITENAME


def test_xml_files_parse_strictly_and_feeds_hold_the_text(site):
    by_url = {src.url: src for src in LISTED}
    entries = 0
    for rel in [rel for rel in site.out.files if rel.endswith((".xml", ".svg"))]:
        tree = ET.fromstring(site.out.files[rel].read_bytes())  # raises on anything malformed
        for entry in tree.iter(ATOM + "entry"):
            link = next(li.get("href") for li in entry.iter(ATOM + "link")
                        if li.get("rel") == "alternate")
            src = by_url[_local(link)]
            assert entry.findtext(ATOM + "title") == site.value(src, "Title"), rel
            assert entry.findtext(ATOM + "summary") == site.value(src, "Summary"), rel
            for content in entry.findall(ATOM + "content"):
                assert content.get("type") == "html"
                _inert(_fragment(content.text), f"{rel}: content of {link}", scripts=False)
            entries += 1
    assert entries > 30
    for lang in ("nl", "fr", "en"):
        parsed = feedparser.parse(site.out.files[f"{lang}/feeds/atom.xml"].read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        for entry in parsed.entries:
            src = by_url[_local(entry.link)]
            assert entry.title == site.value(src, "Title"), entry.link
            assert entry.title_detail.type == "text/plain"
            assert entry.summary == site.value(src, "Summary"), entry.link


def test_json_files_parse_and_hold_the_text(site):
    out = site.out
    by_url = {src.url: src for src in LISTED}
    counted, searched = Counter(), set()
    for rel, doc in out.json.items():  # every file parses (json.loads above)
        if rel.endswith("/feed.json"):
            for item in doc["items"]:
                src = by_url[_local(item["url"])]
                assert item["title"] == site.value(src, "Title"), rel
                assert item["summary"] == site.value(src, "Summary"), rel
                if "content_html" in item:
                    _inert(_fragment(item["content_html"]), f"{rel}: {item['url']}",
                           scripts=False)
                counted["feed items"] += 1
        elif rel.endswith("/oembed.json"):
            snippet = _fragment(doc["html"])
            assert [el.tag for el in snippet.iter()] == ["div", "iframe"], rel
            _inert(snippet, rel, scripts=False)
            (iframe,) = snippet
            assert iframe.get("title") == f"{doc['title']} · {SITENAME}", rel
            src = by_url.get(_local(iframe.get("src")).replace("/embed/", "/", 1))
            if src:
                assert doc["title"] == site.value(src, "Title"), rel
                counted["item embeds"] += 1
        elif rel.startswith("search/"):  # whatever its layout: a record with the address
            for record in _dicts(doc):
                src = next((by_url[v] for v in record.values()
                            if isinstance(v, str) and v in by_url), None)
                if src:
                    shown = set(_strings(record))
                    for name in ("Title", "Summary"):  # whole, in NFC
                        assert nfc(site.value(src, name)) in shown, f"{rel}: {name}"
                    searched.add(src.rel)
        elif rel == "nl/redactie/vertalingen.json":
            for item in doc["items"]:
                for src in SOURCES:
                    if src.rel == item["path"].removeprefix("content/"):
                        assert item["title"] == site.value(src, "Title")
                        counted["editorial"] += 1
                for lang, trans in item["translations"].items():
                    src = next((s for s in SOURCES
                                if s.rel == (trans["path"] or "").removeprefix("content/")), None)
                    if src and SOURCE_HASH in src.fields:
                        assert trans["recorded_hash"] == site.value(src, SOURCE_HASH), lang
                        counted["source hashes"] += 1
    assert searched == {s.rel for s in LISTED if s.url != f"/{s.lang}/"}  # homes: not searched
    assert counted["feed items"] > 30
    assert counted["item embeds"] >= 6 and counted["source hashes"] >= 8
    assert counted["editorial"] >= 4


def test_no_live_markup_outside_json(site):
    for rel, path in site.out.files.items():
        if kind(rel) == "json":
            continue  # valid JSON holds such text only inside strings (parsed above)
        raw = path.read_text("utf-8").lower()
        for live in ("<script>alert", "<img src=x", "<x>", "<svg onload", "</textarea><svg"):
            assert live not in raw, f"{rel}: {live}"


def test_bodies_show_markup_as_text(body_site):
    site = body_site
    assert site.body
    for urls in BODY_PAGES.values():
        for url in urls:
            doc = site.out.page(url)
            text = doc.find("body").text_content()
            for shown in BODY_SHOWS:
                assert shown in text, f"{url}: {shown!r}"
            codes = [c.text_content() for c in doc.iter("code")]
            for payload in CODE_SPANS:
                assert payload in codes, f"{url}: `{payload}`"
            assert f"{BLOCK}\n" in codes, url
            assert HEADING in [h.text_content() for h in doc.iter("h2")], url
            assert LINK_TITLE in [a.get("title") for a in doc.iter("a")], url
    feed = site.out.json["nl/feeds/feed.json"]
    (item,) = [i for i in feed["items"] if i["url"].endswith("/nl/maatregelen/opleiding/")]
    html = _fragment(item["content_html"])
    assert f"{BLOCK}\n" in [c.text_content() for c in html.iter("code")]
    for shown in BODY_SHOWS:
        assert shown in html.text_content(), shown
    atom = ET.fromstring(site.out.files["nl/feeds/atom.xml"].read_bytes())
    (content,) = [e.find(ATOM + "content") for e in atom.iter(ATOM + "entry")
                  if e.findtext(ATOM + "id") == item["id"]]
    assert f"{BLOCK}\n" in [c.text_content() for c in _fragment(content.text).iter("code")]
    searched = [s for rel, doc in site.out.json.items() if rel.startswith("search/nl/")
                for s in _strings(doc)]
    for shown in BODY_SHOWS:
        assert any(shown in s for s in searched), f"search: {shown!r}"
