"""Property-based fuzzing: whatever the input, no crash, and every failure is a clear Problem.

Thousands of generated inputs go through the metadata reader, the taxonomy loader, the
validator (checks across files), the raw-HTML check with the sanitiser, and the search
query (what people type, and the facet filters they send). The runs are derandomised, so
the suite is stable; set OVERSTAP_FUZZ=explore for a longer run with fresh random inputs.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import re
import shutil
import string
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_model import Problem, schema
from content_model.reader import Item, read_file
from content_model.taxonomy import KEY_RE, load_taxonomies
from content_model.validate import validate
from portal.markup import URL_SCHEMES, Policy, Renderer, check_item, sanitise
from tests.support import SITES

BASE = SITES / "multilingual" / "content"
LANGS = ["nl", "fr", "en"]
EXTENSIONS = ["extra", "sane_lists", "smarty", "toc"]
TAXONOMIES, _ = load_taxonomies(BASE / "_data", LANGS, BASE.parent)

settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", database=None, deadline=None, max_examples=20_000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("explore" if os.environ.get("OVERSTAP_FUZZ") == "explore" else "ci")
EXPLORING = os.environ.get("OVERSTAP_FUZZ") == "explore"


def examples(n: int):
    return settings(max_examples=20 * n if EXPLORING else n)


# -- what every reported problem must be -------------------------------------------------------
def assert_clear(problems: list[Problem], paths: set[str], max_line: int = 10**9) -> None:
    """A Problem names one of the files, a line in it (0 = the whole file), a message and a
    hint, and formats as `path:line: field: what is wrong — what to do`."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path in paths, problem
        assert isinstance(problem.line, int) and 0 <= problem.line <= max_line, problem
        assert problem.message.strip() and problem.hint.strip(), problem
        assert problem.severity in ("error", "warning"), problem
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", problem.code), problem  # a stable code
        assert "Traceback" not in problem.message
        text = problem.format()
        assert text.startswith(f"{problem.path}:" if problem.line else f"{problem.path}: ")
        assert f" — {problem.hint}" in text


def errors(problems):
    return [p for p in problems if p.severity == "error"]


# -- generated content files -------------------------------------------------------------------
def _example(fld: schema.Field) -> st.SearchStrategy[str]:
    """Values a field may hold, right and wrong."""
    keys = TAXONOMIES.keys(fld.taxonomy) if fld.taxonomy else []
    right = {
        "text": st.text(min_size=1, max_size=40),
        "slug": st.sampled_from(["loopbaanbegeleiding", "opleiding", "a", "b-2"]),
        "lang": st.sampled_from(LANGS),
        "type": st.sampled_from(list(schema.TYPES)),
        "date": st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(str),
        "change": st.tuples(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(str),
                            st.text(min_size=1, max_size=40)).map(" — ".join),
        "choice": st.sampled_from(list(fld.choices) or ["x"]),
        "term": st.sampled_from(keys or ["x"]),
        "terms": st.lists(st.sampled_from(keys or ["x"]), min_size=1, max_size=4)
        .map(", ".join),
        "refs": st.lists(st.sampled_from(["loopbaanbegeleiding", "opleiding", "a", "b-2"]),
                         min_size=1, max_size=3).map(", ".join),
    }[fld.kind]
    wrong = st.one_of(
        st.text(max_size=60),
        st.sampled_from(["2026-02-30", "2026-13-01", "０２-１１", "2026-1-1", ",", ", ,", "a,,b",
                         "x" * 300, "Ja", "\u200b", "<script>", "null", "-1", "🙂"]),
    )
    return st.one_of(right, right, wrong)


EXAMPLES = {f.name: _example(f) for f in schema.FIELDS}
ANY_VALUE = st.text(max_size=30)
NAMES = st.one_of(st.sampled_from([f.name for f in schema.FIELDS]),
                  st.sampled_from([f.name.lower() for f in schema.FIELDS] + ["Colour", "Tags",
                                                                              "Titel"]),
                  st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=12))


@st.composite
def header_line(draw) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 5:
        name = draw(NAMES)
        fld = schema.field(name)
        value = draw(EXAMPLES[fld.name] if fld else ANY_VALUE)
        space = draw(st.sampled_from(["", " ", "  ", "\t"]))
        return f"{draw(st.sampled_from(['', ' ', '   ']))}{name}{space}:{space}{value}"
    if kind == 6:
        return "    " + draw(st.text(max_size=30))  # a continuation line
    if kind == 7:
        return draw(st.sampled_from(["---", "...", "# Titel", "Title", ":", "=: x"]))
    return draw(st.text(max_size=40))


@st.composite
def content_file(draw) -> tuple[str, bytes]:
    """(path under content/, bytes) of a Markdown file, mostly well-formed, often not."""
    folder = draw(st.sampled_from(list(schema.TYPES.values())))
    lang = draw(st.sampled_from(LANGS + ["de"]))
    name = draw(st.one_of(st.sampled_from(["loopbaanbegeleiding", "opleiding", "a"]),
                          st.text(string.ascii_letters + string.digits + " _-", min_size=1,
                                  max_size=12)))
    lines = draw(st.lists(header_line(), max_size=25))
    if draw(st.booleans()):
        lines = ["---", *lines, "---"]
    body = draw(st.text(max_size=200))
    text = "\n".join(lines) + draw(st.sampled_from(["\n\n", "\n", ""])) + body
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    raw = text.replace("\n", ending).encode("utf-8", "surrogatepass")
    raw = draw(st.one_of(st.just(raw), st.just(b"\xef\xbb\xbf" + raw),
                         st.binary(max_size=200), st.just(raw + b"\xff\xfe")))
    return f"{folder}/{lang}/{name}.md", raw


def _typed(fld: schema.Field, value) -> bool:
    if fld.kind == "date":
        return isinstance(value, dt.date)
    if fld.is_list:
        return isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    if fld.kind in ("term", "terms") and fld.taxonomy:
        return value in TAXONOMIES.keys(fld.taxonomy)
    return isinstance(value, str) and value != ""


class Files:
    """A scratch project folder reused across examples (a fresh one per example is slow):
    `reset` removes the files the previous example wrote."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="fuzz-"))
        self.content = self.root / "content"
        shutil.copytree(BASE / "_data", self.content / "_data")
        self.written: list[Path] = []

    def reset(self) -> None:
        for path in self.written:
            path.unlink(missing_ok=True)
        self.written = []

    def write(self, rel: str, raw: bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        self.written.append(path)
        return path


FILES = Files()
atexit.register(shutil.rmtree, FILES.root, True)


@examples(1000)
@given(content_file())
def test_metadata_reader_never_crashes_and_explains_every_refusal(file):
    rel, raw = file
    FILES.reset()
    path = FILES.write(rel, raw)
    problems: list[Problem] = []
    item = read_file(path, FILES.root, FILES.content, TAXONOMIES, LANGS, problems)
    assert_clear(problems, {f"content/{rel}"}, raw.count(b"\n") + raw.count(b"\r") + 1)
    if item is None:
        assert errors(problems), "a file was dropped without an error"
        return
    assert isinstance(item, Item)
    if errors(problems) or item.type not in schema.TYPES:
        return
    for fld in schema.fields_for(item.type):  # a file without errors is complete and typed
        if fld.required:
            assert fld.key in item.meta, fld.name
        if fld.key in item.meta:
            assert _typed(fld, item.meta[fld.key]), (fld.name, item.meta[fld.key])


# -- the validator: sets of items ----------------------------------------------------------------
SLUGS = ["loopbaanbegeleiding", "opleiding", "verhaal", "zorg"]
NAMES_BY_LANG = {"nl": None, "fr": ["formation", "orientation"], "en": ["training", "guidance"]}


def _valid(fld: schema.Field) -> st.SearchStrategy[str]:
    """Values that pass the per-file checks (references may point nowhere)."""
    keys = TAXONOMIES.keys(fld.taxonomy) if fld.taxonomy else []
    if fld.name == "Target-Groups":
        return st.just("algemeen")
    if fld.kind == "term" or fld.name == "Term":
        return st.sampled_from(keys or TAXONOMIES.keys("sectors"))
    if fld.kind == "terms":
        return st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True).map(", ".join)
    if fld.kind == "refs":
        return st.lists(st.sampled_from(SLUGS + ["bestaat-niet"]), min_size=1, max_size=2,
                        unique=True).map(", ".join)
    if fld.kind == "date":  # Modified on or after Date (the earlier one is Date's)
        return st.sampled_from(["2026-11-02"] if fld.name == "Date" else
                               ["2026-11-02", "2026-11-03"])
    if fld.kind == "choice":
        return st.just("sectors" if fld.name == "Taxonomy" else fld.choices[0])
    if fld.kind == "change":  # a day on or after Date, then one line
        return st.sampled_from(["2026-11-02 — Een titel", "2026-11-03 — Un titre"])
    return st.sampled_from(["Een titel", "Un titre", "VDAB"])


SKIPPED = ("Slug", "Lang", "Type", "Status", "Expires", "Source-Hash", "Template")
#: type -> [(field, strategy for its header line or "")]: required fields always, others often.
HEADERS = {type_: [(f, _valid(f).map(lambda v, f=f: f"{f.name}: {v}") if f.required else
                    st.one_of(st.just(""), _valid(f).map(lambda v, f=f: f"{f.name}: {v}")))
                   for f in schema.fields_for(type_) if f.name not in SKIPPED]
           for type_ in schema.TYPES}
FILE_NAMES = {"fr": st.sampled_from(["formation", "orientation"]),
              "en": st.sampled_from(["training", "guidance"])}
BODY_REFS = st.lists(st.sampled_from(SLUGS + ["bestaat-niet", "fr/opleiding"]), max_size=3)


@st.composite
def item_file(draw) -> tuple[str, bytes]:
    """A file that passes the per-file checks: the validator's input."""
    type_ = draw(st.sampled_from(["measure", "measure", "case", "story", "hub"]))
    lang = draw(st.sampled_from(LANGS))
    slug = draw(st.sampled_from(SLUGS))  # the name: the file name, shared by translations
    lines = [f"Lang: {lang}", f"Type: {type_}"]
    if type_ != "hub":  # `Slug:` is the address in the file's language
        lines.insert(0, f"Slug: {slug if lang == 'nl' else draw(FILE_NAMES[lang])}")
    lines += [line for _, strategy in HEADERS[type_] if (line := draw(strategy))]
    body = "\n".join(f"Zie [x]({{ref}}{ref})." for ref in draw(BODY_REFS))
    text = "\n".join(lines) + "\n\n" + (body or "Tekst.") + "\n"
    return f"{schema.TYPES[type_]}/{lang}/{slug}.md", text.encode()


@examples(250)
@given(st.lists(item_file(), min_size=1, max_size=8, unique_by=lambda f: f[0]))
def test_validator_never_crashes_and_finds_duplicates_and_dangling_references(files):
    FILES.reset()
    items, problems = [], []
    for rel, raw in files:
        item = read_file(FILES.write(rel, raw), FILES.root, FILES.content, TAXONOMIES, LANGS,
                         problems)
        assert item is not None and not errors(problems), problems
        items.append(item)
    found = validate(items, "nl")
    assert_clear(found, {i.path for i in items})
    slugs = {i.meta["slug"] for i in items}
    for item in items:
        for key in (lambda i: (i.meta["slug"], i.lang), lambda i: (i.name, i.lang, i.type)):
            same = [o for o in items if key(o) == key(item)]  # one name, or one address
            if len(same) > 1:
                assert any("is already used by" in p.message for p in found
                           if p.path in {o.path for o in same}), same
        for ref in item.meta.get("related", []) + item.meta.get("measures", []):
            if ref not in slugs:
                assert any(f"`{ref}` is not the name of any item" in p.message
                           for p in found if p.path == item.path), (item.path, ref)


# -- taxonomy data files -----------------------------------------------------------------------
TOML_SCRAPS = st.sampled_from([
    '[zorg]\nnl = "Zorg"\nfr = "Soins"\nen = "Care"\n', "[Zorg]\n", "[zorg]\nnl = 3\n",
    'zorg = "x"\n', "[zorg.values.a]\nnl = \"A\"\n", "[[zorg]]\n", "general = true\n",
    'values_from = "nergens"\n', "[duration]\nvalues = 3\n", 'field = "Duration"\n', "= \n",
    '[a]\nnl = "A"\nfr = "A"\nen = "A"\n[a]\n', "\ufeff", "\r", "\x00",
])


@examples(300)
@given(st.sampled_from(["sectors", "dimensions", "regions", "key-figures"]),
       st.one_of(st.lists(TOML_SCRAPS, max_size=6).map("".join), st.text(max_size=80),
                 st.binary(max_size=80)))
def test_taxonomy_loader_never_crashes(name, data):
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    path = FILES.content / "_data" / f"{name}.toml"
    path.write_bytes(raw)
    try:
        taxonomies, problems = load_taxonomies(FILES.content / "_data", LANGS, FILES.root)
    finally:
        shutil.copyfile(BASE / "_data" / f"{name}.toml", path)
    assert_clear(problems, {f"content/_data/{n}.toml" for n in
                            ("sectors", "dimensions", "regions", "key-figures")})
    for taxonomy, terms in taxonomies.terms.items():
        if taxonomy not in taxonomies.broken:
            assert all(KEY_RE.match(key) for key in terms), (taxonomy, list(terms))


# -- raw HTML in the text: the check and the sanitiser --------------------------------------------
SCHEMES = ["javascript:", "JaVaScRiPt:", " javascript:", "java\tscript:", "&#106;avascript:",
           "vbscript:", "data:text/html,", "https://example.org/", "/nl/", "#x", "mailto:a@b.be",
           "//evil.example/", "{ref}opleiding"]
TAGS = ["script", "style", "iframe", "img", "a", "p", "span", "svg", "form", "object", "b",
        "h1", "table", "td", "vdab", "math", "base", "template"]
ATTRS = ["onclick", "onerror", "ONLOAD", "style", "href", "src", "title", "class", "srcdoc",
         "alt"]


@st.composite
def html_fragment(draw) -> str:
    kind = draw(st.integers(0, 6))
    if kind <= 2:
        tag = draw(st.sampled_from(TAGS))
        attrs = " ".join(
            f'{a}="{draw(st.sampled_from(SCHEMES + ["alert(1)", "expression(x)", "x"]))}"'
            for a in draw(st.lists(st.sampled_from(ATTRS), max_size=3)))
        inner = draw(st.text(max_size=10))
        return draw(st.sampled_from([f"<{tag} {attrs}>{inner}</{tag}>", f"<{tag} {attrs}>",
                                     f"<{tag}{attrs}", f"</{tag}>"]))
    if kind == 3:
        url = draw(st.sampled_from(SCHEMES))
        return draw(st.sampled_from([f"[x]({url})", f"![alt]({url})", f"<{url}>"]))
    if kind == 4:
        attr = draw(st.sampled_from(ATTRS))
        return f'## Kop {{: {attr}="alert(1)" }}'
    if kind == 5:
        return draw(st.sampled_from(["`<script>`", "```\n<script>\n```", "<!-- x -->",
                                     "<!-- open", "| a |\n|:-|\n| 1 |", "> quote", "* list"]))
    return draw(st.text(max_size=30))


class _Seen(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


RENDERER = Renderer(EXTENSIONS, Policy())


@examples(1000)
@given(st.lists(html_fragment(), min_size=1, max_size=8).map("\n\n".join))
def test_raw_html_is_reported_with_its_line_and_never_reaches_the_page(body):
    item = Item("content/measures/nl/x.md", "measure", "nl", "x", {}, {}, body, 30, "")
    problems = check_item(item, RENDERER)
    assert_clear(problems, {item.path}, 30 + body.count("\n"))
    assert all(p.line >= 30 for p in problems)
    seen = _Seen()
    seen.feed(sanitise(RENDERER.convert(body)))
    for tag, attrs in seen.tags:
        assert tag in RENDERER.policy.tags, tag
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "srcdoc"), name
            if name in ("href", "src"):
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value or "")
                assert not scheme or scheme.group(1).lower() in URL_SCHEMES, value


# -- the search query: what people type, and the filters they send -------------------------------
HOSTILE_WORDS = st.sampled_from([
    "loopbaan", "loopbaanbegeleiding", "zorg", "opleiding", "AND", "OR", "NOT", "*", "?", "~2",
    "title:", "(", ")", '"', "'", "\\", "%s", "{{7*7}}", "<script>", "../../etc/passwd", "\x00",
    "\u202e", "\ufeff", "ẞtraße", "ﬁ", "💼", "\ud800", "e\u0301", "-", "+", "^", "&", "a" * 50,
])
QUERIES = st.one_of(st.text(max_size=300),
                    st.lists(HOSTILE_WORDS, max_size=30).map(" ".join),
                    st.lists(st.one_of(HOSTILE_WORDS, st.text(max_size=5)), max_size=15)
                    .map("".join))


@st.composite
def filters(draw) -> dict:
    from search.model import FACET_KEYS

    keys = st.one_of(st.sampled_from(FACET_KEYS), st.text(max_size=8))
    values = st.one_of(st.text(max_size=70), st.lists(st.one_of(
        st.sampled_from(["measure", "zorg", "gent", "vlaanderen", "", ",", "zorg,gent"]),
        st.text(max_size=70)), max_size=30))
    return draw(st.dictionaries(keys, values, max_size=6))


@examples(500)
@given(lang=st.sampled_from(LANGS), text=QUERIES, chosen=filters(),
       limit=st.integers(-5, 10_000), offset=st.integers(-5, 100_000))
def test_search_query_never_crashes_and_stays_bounded(fixture_site, lang, text, chosen, limit,
                                                      offset):
    import json

    from search.index import index_home
    from search.model import FACET_KEYS
    from search.query import MAX_QUERY_CHARS, MAX_RESULTS, MAX_VALUES, MAX_WORDS, engine_for

    results = engine_for(index_home(fixture_site) / lang).search(text, chosen, limit, offset)
    assert results.query == text[:MAX_QUERY_CHARS]
    assert len(results.words) <= MAX_WORDS
    assert len(results.hits) <= min(max(limit, 0), MAX_RESULTS)
    assert results.total >= len(results.hits) >= 0
    assert set(results.filters) <= set(FACET_KEYS)
    assert all(len(v) <= MAX_VALUES for v in results.filters.values())
    assert all(hit.url.startswith("/") for hit in results.hits)
    json.dumps(results.as_dict(), ensure_ascii=False)  # what the service sends
