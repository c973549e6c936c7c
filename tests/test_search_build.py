"""Building the search indexes fast, in parallel and incrementally, with the same result
(search/index.py, search/export.py, plugins/search_index/languages.py):

- the one-pass analysis and the in-memory writer give the index Whoosh's own analyzers and
  writer give (every term, posting, length and stored field), and the export made from memory
  is the export read back from the index;
- languages built in forked processes equal languages built one by one; a failing one stops
  the build with a message;
- a language whose documents did not change is reused, one that changed is rebuilt, and an
  incremental build equals a clean one, byte for byte, after edits, additions, deletions and
  changes of a translation.
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search import analysis
from search.export import build as build_and_export
from search.export import export
from search.index import (
    FACETS,
    SIDE_FILE,
    index_home,
    make_schema,
    section_texts,
    write_index,
)
from search.model import SearchDoc
from search.query import Engine
from search_index import languages
from tests.support import SITES, build, tree_digest

LANGS = ("nl", "fr", "en")
#: Text that tests the corners of the analysis: folding, odd letters, stop words, lengths,
#: compounds, digits, marks.
ODD = ("Ｌoopbaan-begeleiding ﬁnancement Straße ÆRØ İstanbul ½ Ⅻ x2 ab a "
       "loopbaanbegeleidingen arbeidsmarktbeleid " + "z" * 41 + " " + "y" * 40 +
       " cafe\u0301 e\u0301nergie 💼 werk_loos l'employeur don't")


# -- the slow reference: Whoosh's own analyzers and writer --------------------------------------
def _reference_display(docs: list[SearchDoc], lang: str) -> dict[str, str]:
    counts: dict[str, Counter] = {}
    stops = analysis.stopwords(lang)
    for doc in docs:
        for text in (doc.title, doc.summary, doc.body):
            for match in analysis.WORD_RE.finditer(unicodedata.normalize("NFC", text)):
                written = match.group(0).lower()
                folded = analysis.fold(written)
                if len(folded) >= 3 and folded not in stops and folded != written:
                    counts.setdefault(folded, Counter())[written] += 1
    return {folded: sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            for folded, forms in counts.items()}


def reference_index(docs: list[SearchDoc], lang: str, directory: Path) -> Path:
    """The index as the build made it before it was made fast: every text through Whoosh's
    analyzer, token by token, and Whoosh's own writer."""
    import json

    directory.mkdir(parents=True)
    docs = sorted(docs, key=SearchDoc.sort_key)
    splitter = None
    if lang in analysis.COMPOUND_LANGS:
        known = analysis.vocabulary((t for d in docs for t in (d.title, d.summary, d.body)),
                                    lang)
        splitter = analysis.CompoundSplitter(analysis.stemmer(lang), known.__contains__)
    ix = whoosh_index.create_in(str(directory), make_schema(lang, splitter))
    writer = ix.writer(procs=1, limitmb=256)
    for doc in docs:
        title, summary, body = (unicodedata.normalize("NFC", t)
                                for t in (doc.title, doc.summary, doc.body))
        spell = " ".join(sorted(set(analysis.words("\n".join((title, summary, body)), lang))))
        fields = {"slug": doc.slug, "lang": lang, "url": doc.url, "title": title,
                  "summary": summary, "body": body, "spell": spell, "type": doc.type,
                  "sections": [[a, h, len(unicodedata.normalize("NFC", t))]
                               for a, h, t in doc.section_list()]}
        if doc.date:
            from search.index import _date

            fields["date"] = _date(doc.date)
        for key, _taxonomy in FACETS[1:]:
            if doc.facets.get(key):
                fields[key] = " ".join(doc.facets[key])
        writer.add_document(**fields)
    writer.commit()
    ix.close()
    side = {"lang": lang, "display": _reference_display(docs, lang)}
    (directory / SIDE_FILE).write_text(json.dumps(side, ensure_ascii=False, sort_keys=True),
                                       "utf-8")
    return directory


def _inverted(directory: Path) -> dict:
    """Everything Whoosh keeps of an index, except its file names: every field's terms with
    their postings and statistics, every document's stored fields and lengths."""
    ix = whoosh_index.open_dir(str(directory))
    out: dict = {}
    with ix.reader() as reader:
        for fieldname, term in reader.all_terms():
            info = reader.term_info(fieldname, term)
            matcher = reader.postings(fieldname, term)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out[(fieldname, term)] = (postings, info.weight(), info.doc_frequency(),
                                      info.min_length(), info.max_length(), info.max_weight())
        for docnum in range(reader.doc_count_all()):
            out[("doc", docnum)] = (reader.stored_fields(docnum), [
                reader.doc_field_length(docnum, name) for name in reader.schema.names()])
        out["lengths"] = {name: reader.field_length(name) for name in reader.schema.names()}
        out["count"] = reader.doc_count_all()
    ix.close()
    return out


def docs_of(index: Path) -> list[SearchDoc]:
    """The SearchDocs an index was built from (its stored fields)."""
    from search.model import FACET_KEYS

    engine = Engine(index)
    try:
        docs = []
        for docnum in range(engine.reader.doc_count_all()):
            stored = engine.reader.stored_fields(docnum)
            date = stored.get("date")
            docs.append(SearchDoc(
                slug=stored["slug"], lang=stored["lang"], type=stored["type"],
                url=stored["url"], title=stored["title"], summary=stored["summary"],
                body=stored["body"], date=date.date().isoformat() if date else "",
                facets={k: stored[k].split() for k in FACET_KEYS[1:] if stored.get(k)},
                sections=[list(s) for s in section_texts(stored)]))
        return docs
    finally:
        engine.close()


def _queries(index: Path) -> list[str]:
    engine = Engine(index)
    try:
        words = sorted(w.decode() if isinstance(w, bytes) else w
                       for w in engine.reader.lexicon("spell"))
    finally:
        engine.close()
    picked = words[::max(1, len(words) // 40)]
    return picked + [a + b for a, b in zip(picked, picked[1:], strict=False)][:10] + \
        [w[:-1] + "q" for w in picked[:10]] + [" ".join(picked[:3])]


def _answers(index: Path, queries: list[str]) -> list[dict]:
    engine = Engine(index)
    try:
        return [engine.search(q, limit=20).as_dict() for q in queries] + \
            [engine.search(q, {"type": ["measure", "case"]}, limit=20).as_dict()
             for q in queries[:10]]
    finally:
        engine.close()


# -- the fast build is Whoosh's build --------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_fast_build_equals_whoosh_own_build(portal_site, tmp_path, lang):
    docs = docs_of(index_home(portal_site) / lang)
    odd = copy.deepcopy(docs[0])
    odd.slug, odd.title, odd.summary, odd.body = "zz-odd", ODD[:40], "", ODD * 3
    odd.sections = []
    docs.append(odd)
    reference = reference_index(docs, lang, tmp_path / "reference")
    files = build_and_export(docs, lang, tmp_path / "fast")
    assert _inverted(tmp_path / "fast") == _inverted(reference)
    assert (tmp_path / "fast" / SIDE_FILE).read_bytes() == (reference / SIDE_FILE).read_bytes()
    assert files == export(tmp_path / "fast") == export(reference)
    queries = _queries(reference)
    assert _answers(tmp_path / "fast", queries) == _answers(reference, queries)


def test_analyser_gives_the_terms_of_the_whoosh_analyzer(portal_site):
    docs = docs_of(index_home(portal_site) / "nl")
    known = analysis.vocabulary((t for d in docs for t in (d.title, d.summary, d.body)), "nl")
    splitter = analysis.CompoundSplitter(analysis.stemmer("nl"), known.__contains__)
    chain = analysis.analyzer("nl", splitter)
    fast = analysis.Analyser("nl")
    fast.split_with(known.__contains__)
    texts = " ".join(t for d in docs for t in (d.title, d.summary, d.body))
    assert fast.vocabulary(Counter(fast.tokens(texts))) == known
    for text in [ODD] + [d.body for d in docs[:40]]:
        assert fast.terms(fast.tokens(text)) == Counter(t.text for t in chain(text))
        assert fast.words(fast.tokens(text)) == analysis.words(text, "nl")


# -- languages side by side ------------------------------------------------------------------
def _jobs(docs: dict[str, list[SearchDoc]], root: Path, previous: Path | None = None):
    previous = previous or root.with_name(root.name + "-none")
    return [languages.Job(lang, (lambda d=docs[lang]: d), root / "index" / lang,
                          root / "output" / "search" / lang, previous / "index" / lang,
                          previous / "output" / "search" / lang) for lang in LANGS]


@pytest.fixture(scope="module")
def fixture_docs(fixture_site) -> dict[str, list[SearchDoc]]:
    return {lang: docs_of(index_home(fixture_site) / lang) for lang in LANGS}


def test_languages_built_in_parallel_processes_equal_one_by_one(fixture_docs, tmp_path):
    forked = languages.run(_jobs(fixture_docs, tmp_path / "forked"), fork=True)
    here = languages.run(_jobs(fixture_docs, tmp_path / "here"), fork=False)
    assert [o.lang for o in forked] == list(LANGS) and not any(o.reused for o in forked)
    assert len({o.pid for o in forked} | {os.getpid()}) == len(LANGS) + 1
    assert {o.pid for o in here} == {os.getpid()}
    assert tree_digest(tmp_path / "forked" / "output") == \
        tree_digest(tmp_path / "here" / "output")
    for lang in LANGS:
        assert _inverted(tmp_path / "forked" / "index" / lang) == \
            _inverted(tmp_path / "here" / "index" / lang)


def _failing(monkeypatch, lang: str, how):
    import search.export

    real, parent = search.export.build, os.getpid()

    def build(docs, language, directory):
        if language == lang and os.getpid() != parent:
            how()
        return real(docs, language, directory)

    monkeypatch.setattr(search.export, "build", build)
    monkeypatch.setattr(languages, "can_fork", lambda: True)


def _broken():
    raise ValueError("no space left for the shards")


@pytest.mark.parametrize("lang,how,message", [
    ("fr", _broken, "ValueError: no space left for the shards"),
    ("en", lambda: os.kill(os.getpid(), signal.SIGKILL), "stopped by signal 9"),
])
def test_a_failing_language_stops_the_build_with_a_message(tmp_path, monkeypatch, lang, how,
                                                           message):
    out = tmp_path / "output"
    out.mkdir()
    (out / "keep.html").write_text("previous", "utf-8")
    _failing(monkeypatch, lang, how)
    code, text = build(SITES / "multilingual" / "content", out)
    assert code == 1, text
    assert f"the search index of language '{lang}' could not be built" in text
    assert message in text and "Traceback" not in text
    assert "Nothing was published" in text
    assert tree_digest(out) == {"keep.html": tree_digest(out)["keep.html"]}
    assert not index_home(out).exists()


# -- reuse and incremental builds --------------------------------------------------------------
def _inode(path: Path) -> int:
    return path.stat().st_ino


def _toc(index: Path) -> Path:
    return next(index.glob("_MAIN_*.toc"))


def test_unchanged_languages_are_reused_and_an_edit_rebuilds_only_its_language(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "multilingual" / "content", content)
    out = tmp_path / "output"
    assert build(content, out)[0] == 0
    home = index_home(out)
    tocs = {lang: _inode(_toc(home / lang)) for lang in LANGS}
    meta = {lang: _inode(out / "search" / lang / "meta.json") for lang in LANGS}
    before = tree_digest(out / "search")

    # no change to the documents (the build runs: another option): every language reused
    assert build(content, out, SEARCH_TEST_RUN="2")[0] == 0
    assert {lang: _inode(_toc(home / lang)) for lang in LANGS} == tocs
    assert {lang: _inode(out / "search" / lang / "meta.json") for lang in LANGS} == meta
    assert tree_digest(out / "search") == before

    # one Dutch page edited: Dutch rebuilt, its unchanged files linked; French and English
    page = content / "measures" / "nl" / "opleiding.md"
    page.write_text(page.read_text("utf-8").replace("bijleert", "leert en groeit"), "utf-8")
    assert build(content, out)[0] == 0
    assert _inode(_toc(home / "nl")) != tocs["nl"]
    assert _inode(out / "search" / "nl" / "meta.json") != meta["nl"]
    assert {lang: _inode(_toc(home / lang)) for lang in ("fr", "en")} == \
        {lang: tocs[lang] for lang in ("fr", "en")}
    after = tree_digest(out / "search")
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert changed and all(rel.startswith("nl/") for rel in changed)
    assert len(changed) < len([rel for rel in after if rel.startswith("nl/")]) / 2

    # the same as a clean build of the edited content
    clean = tmp_path / "clean" / "output"
    assert build(content, clean)[0] == 0
    assert tree_digest(clean / "search") == after
    for lang in LANGS:
        assert export(index_home(clean) / lang) == export(home / lang)
        assert _inverted(index_home(clean) / lang) == _inverted(home / lang)
        queries = _queries(home / lang)
        assert _answers(index_home(clean) / lang, queries) == _answers(home / lang, queries)


def _edit(docs):
    more = " Loopbaanbegeleidingstrajecten voor werkzoekenden en zorgpersoneel."
    docs["nl"][1].body += more
    if docs["nl"][1].sections:  # the sections are the body: the last one grows
        docs["nl"][1].sections[-1][2] += more
    return {"nl"}


def _add(docs):
    new = copy.deepcopy(docs["nl"][0])
    new.slug, new.url = "aaa-nieuw", new.url.rstrip("/") + "-nieuw/"
    new.title, new.body = "Nieuwe maatregel", "Een nieuwe tekst over opleidingsverlof en werk."
    new.sections = []
    docs["nl"].append(new)  # its place in the index is before the others of its type
    return {"nl"}


def _delete(docs):
    del docs["nl"][0]
    return {"nl"}


def _translation(docs):
    docs["fr"][0].title += " et formation"
    docs["fr"][0].facets = {k: v[:1] for k, v in docs["fr"][0].facets.items()}
    return {"fr"}


@pytest.mark.parametrize("change", [_edit, _add, _delete, _translation])
def test_incremental_build_equals_clean_build(fixture_docs, tmp_path, change):
    docs = copy.deepcopy(fixture_docs)
    languages.run(_jobs(docs, tmp_path / "first"))
    changed = change(docs)
    outcomes = languages.run(_jobs(docs, tmp_path / "next", tmp_path / "first"))
    assert {o.lang for o in outcomes if not o.reused} == changed
    languages.run(_jobs(docs, tmp_path / "clean"))
    assert tree_digest(tmp_path / "next" / "output") == \
        tree_digest(tmp_path / "clean" / "output")
    for lang in LANGS:
        assert _inverted(tmp_path / "next" / "index" / lang) == \
            _inverted(tmp_path / "clean" / "index" / lang)
        assert (tmp_path / "next" / "index" / lang / languages.RECORD).read_bytes() == \
            (tmp_path / "clean" / "index" / lang / languages.RECORD).read_bytes()


def test_a_changed_previous_export_or_search_code_is_not_reused(fixture_docs, tmp_path,
                                                                monkeypatch):
    languages.run(_jobs(fixture_docs, tmp_path / "first"))
    shard = tmp_path / "first" / "output" / "search" / "fr" / "t" / "0.json"
    shard.write_bytes(shard.read_bytes() + b" ")  # edited by hand since
    outcomes = languages.run(_jobs(fixture_docs, tmp_path / "next", tmp_path / "first"))
    assert [o.lang for o in outcomes if not o.reused] == ["fr"]
    languages.run(_jobs(fixture_docs, tmp_path / "clean"))
    assert tree_digest(tmp_path / "next" / "output") == \
        tree_digest(tmp_path / "clean" / "output")
    monkeypatch.setattr(languages, "code_digest", lambda: "other search code")
    outcomes = languages.run(_jobs(fixture_docs, tmp_path / "third", tmp_path / "next"))
    assert not any(o.reused for o in outcomes)
    assert tree_digest(tmp_path / "third" / "output") == \
        tree_digest(tmp_path / "clean" / "output")


def test_write_index_replaces_the_folder(fixture_docs, tmp_path):
    folder = tmp_path / "nl"
    folder.mkdir()
    (folder / "stale.seg").write_text("old", "utf-8")
    write_index(fixture_docs["nl"], "nl", folder)
    assert not (folder / "stale.seg").exists() and (folder / SIDE_FILE).exists()
