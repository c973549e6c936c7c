"""Rebuild only what changed: every written file remembers what it was made from.

While a file is rendered, every question it asks the site model (`Site.tagged`, `Site.related`,
the embed catalogue's `panel` ...: the methods marked `@recorded`) is noted as a *query*: the
method and its arguments. Items handed to the file directly (a page's `item`, an embed's `hub`)
are part of the file's own *key*. Items count by their metadata (title, summary, dimensions,
address): lists and cards show no body, and reading an item's converted Markdown
(`item.extra.html`, in a template or in Python) is noted as a query of its own, so an edit of
a text re-renders the pages that show that text, not every list that names the item.

After a successful build, the record of every file (its key and its queries), the answer
of every query (a digest) and a digest of everything global the files were made with
(templates, catalogs, plugins, taxonomies, settings, Python and the installed libraries) are
kept beside `output/`, in `.output.pages`. The next build, before rendering, asks every
recorded query again of the new site model. A file whose key is the same and whose queries all
answer the same is not rendered: it is hard-linked from the published `output/` into the
staging folder. Everything else is rendered and recorded anew.

The record is trusted only while `output/` is exactly what it describes (the same digest of
names, sizes and modification times as `safe_publish.fingerprint.output`): a changed, missing
or interrupted output means a full render. tests/test_incremental.py proves that a build
reusing files equals a clean build, for edits, additions, deletions, translation changes,
taxonomy, template and catalog changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pickle
import re
from array import array
from pathlib import Path

from content_model.reader import Item
from safe_publish import fingerprint

VERSION = 3
#: The project: its theme, plugins and search code are in every file's global key.
PROJECT = Path(__file__).resolve().parents[2]
#: Folders whose files every rendered file depends on (relative to the project root).
GLOBAL_FOLDERS = ("theme", "plugins", "search")
#: Settings that say where things are, not what they contain.
PLACE_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", "PATH", "PUBLISH_TARGET", "PUBLISHED_DIGEST",
                  "PUBLISH_SPARE"}


def record_file(target: Path) -> Path:
    return target.parent / f".{target.name}.pages"


# -- recording ------------------------------------------------------------------------------
class _State:
    queries: set | None = None  # the queries of the file being rendered (None: not recording)
    depth = 0  # recorded methods calling each other: only the outermost call counts
    unstable = False  # the file asked something that cannot be replayed: never reuse it


STATE = _State()


def recorded(method):
    """Mark a method of the site model (or the embed catalogue) as a query files depend on."""
    owner = method.__qualname__.split(".")[0]
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        state = STATE
        if state.queries is None or state.depth:
            return method(self, *args, **kwargs)
        state.depth += 1
        try:
            result = method(self, *args, **kwargs)
        finally:
            state.depth -= 1
        try:
            state.queries.add((owner, name, _args(args), _args(tuple(sorted(kwargs.items())))))
        except _Unreplayable:
            state.unstable = True
        return result

    return wrapper


def note(owner: str, name: str, *args) -> None:
    """Record a query by hand: `owner.name(*args)` (see the embed catalogue, whose three
    per-page lookups count as one query, `page_embeds`)."""
    if STATE.queries is not None and not STATE.depth:
        try:
            STATE.queries.add((owner, name, _args(args), ()))
        except _Unreplayable:
            STATE.unstable = True


class _Unreplayable(Exception):
    pass


def _args(value):
    """Arguments in a form that can be stored and resolved in the next build."""
    if isinstance(value, Item):
        return ("@item", value.path)
    if isinstance(value, tuple):
        return tuple(_args(v) for v in value)
    if isinstance(value, (str, int, bool, type(None))):
        return value
    if hasattr(value, "url") and type(value).__name__ == "Page":
        return ("@page", value.url)
    raise _Unreplayable(type(value).__name__)


def _resolve(value, world: World):
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == "@item":
            return world.item(value[1])
        if len(value) == 2 and value[0] == "@page":
            return world.page(value[1])
        return tuple(_resolve(v, world) for v in value)
    return value


class Extra(dict):
    """An item's `extra`, which notes when the item's converted Markdown is read."""

    __slots__ = ("owner",)

    def __getitem__(self, key):
        if key == "html" and STATE.queries is not None:
            STATE.queries.add(("Body", "html", (("@item", self.owner),), ()))
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        return self[key] if key in self else default


def track_bodies(items) -> None:
    """Give every item an `Extra` (done once per build, when the site model is made)."""
    for item in items:
        item.__dict__.pop(CARD, None)
        if type(item.extra) is not Extra:
            extra = Extra(item.extra)
            extra.owner = item.path
            item.extra = extra


# -- digests --------------------------------------------------------------------------------
CARD = "_memo_card"  # where an item keeps its card digest (cleared when a site model is made)


def card(item: Item) -> bytes:
    """What lists and cards can show of an item: everything but its body."""
    found = item.__dict__.get(CARD)
    if found is None:
        extra = {k: v for k, v in dict.items(item.extra) if k not in ("html", "markdown_html")}
        found = _digest((item.path, item.type, item.lang, item.name,
                         sorted(item.meta.items()), sorted(extra.items())))
        item.__dict__[CARD] = found
    return found


def body(item: Item) -> bytes:
    """An item's converted Markdown, as pages show it."""
    return _digest(dict.get(item.extra, "html"))


_PLAIN = (str, int, float, bool, type(None), dt.date, bytes)
#: Shapes of the dataclass objects of one build (embeds, feeds, pages: made once, never
#: changed during a build), by id; the objects are kept alive with their shapes.
_SHAPES: dict[int, tuple] = {}


def shape(value):
    """A value as plain data for a digest. Items count by their card: what a file shows of
    an item's body is noted when it is read (`Extra`)."""
    kind = type(value)
    if kind is Item:
        return card(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return tuple([shape(v) for v in value])
    if kind is dict:
        return tuple([(k, shape(v)) for k, v in value.items()])
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(shape(v)) for v in value))
    if isinstance(value, _PLAIN):
        return value
    known = _SHAPES.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    if hasattr(value, "memo_shape"):  # a class that says what of it others can see
        found = (kind.__name__, shape(value.memo_shape()))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = (kind.__name__,) + tuple(
            (f.name, shape(getattr(value, f.name))) for f in dataclasses.fields(value))
    else:
        raise _Unreplayable(kind.__name__)
    if kind.__name__ != "Page":  # pages are made per build too, but cheap and many
        _SHAPES[id(value)] = (value, found)
    return found


def _digest(value) -> bytes:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


def key_of(*parts) -> bytes | None:
    """A file's own key: what it is given directly. None when some part cannot be digested
    (the file is then always made anew)."""
    try:
        return _digest(shape(parts))
    except _Unreplayable:
        return None


def global_key(settings, extra_folders=(), root: Path = PROJECT) -> str:
    """Everything every file is made with: theme, plugins, search code, taxonomies and other
    data files, the settings files, the settings that decide content, and the runtime (Python
    and every installed library: `fingerprint.runtime_key`)."""
    digest = hashlib.sha256(fingerprint.runtime_key().encode())
    folders = [root / name for name in GLOBAL_FOLDERS] + [Path(f) for f in extra_folders]
    theme = settings.get("THEME")
    if theme and Path(theme).is_absolute() and Path(theme) != root / "theme":
        folders.append(Path(theme))  # the theme the pages are made with (THEME elsewhere)
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith(".pyc"):
                    continue
                path = Path(dirpath) / name
                digest.update(f"{path.relative_to(folder.parent)}\0".encode())
                known = fingerprint.known_digest(path)  # the build's input check read it
                digest.update(bytes.fromhex(known) if known else
                              hashlib.sha256(path.read_bytes()).digest())
    for path in sorted(root.glob("*conf.py")):
        digest.update(path.read_bytes())
    chosen = [(k, _canonical(v)) for k, v in sorted(settings.items())
              if k.isupper() and k not in PLACE_SETTINGS]
    digest.update(repr(chosen).encode())
    return digest.hexdigest()


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _canonical(value):
    """A settings value as text that is the same in every process (no set order, no
    memory addresses; functions count by name, their code is hashed with the plugins)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_canonical(k)}: {_canonical(v)}" for k, v in
                               sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_canonical(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_canonical(v) for v in value)) + "}"
    return _ADDRESS.sub("", repr(value))


# -- the world a query is asked of ---------------------------------------------------------
class World:
    """The current build's objects, for replaying recorded queries."""

    def __init__(self, site, plan, targets: dict):
        """`targets`: where queries are asked, by the class that records them ("Site": the
        site model, "Catalogue": the embed catalogue)."""
        _SHAPES.clear()  # a new build: new objects
        self.items = {item.path: item for item in site.items}
        self.pages = {page.url: page for page in plan}
        self.targets = targets
        self.answers: dict = {}
        self._cards: dict | None = None

    def cards(self) -> dict[str, bytes]:
        """Every published item's card, by path: when none changed, no query of the site
        model can answer differently."""
        if self._cards is None:
            self._cards = {path: card(item) for path, item in self.items.items()}
        return self._cards

    def item(self, path):
        found = self.items.get(path)
        if found is None:
            raise LookupError(path)
        return found

    def page(self, url):
        found = self.pages.get(url)
        if found is None:
            raise LookupError(url)
        return found

    def answer(self, query) -> bytes | None:
        """The digest of a query's answer in this build (None: it cannot be asked any more,
        an item it names is gone)."""
        if query in self.answers:
            return self.answers[query]
        owner, name, args, kwargs = query
        try:
            if owner == "Body":
                value = body(_resolve(args, self)[0])
            else:
                target = self.targets[owner]
                value = _digest(shape(getattr(target, name)(*_resolve(args, self),
                                                            **dict(_resolve(kwargs, self)))))
        except (LookupError, _Unreplayable):
            value = None
        self.answers[query] = value
        return value


# -- the store ------------------------------------------------------------------------------
@dataclasses.dataclass
class Record:
    global_key: str
    output: str  # digest of the output folder the record describes
    files: dict  # rel -> (key, array of query numbers)
    queries: list  # query id -> query
    answers: list  # query id -> digest
    cards: dict  # path -> card digest of every published item


class Memo:
    """One build's view of the last build's records: which files can be reused, and the new
    records of this build."""

    def __init__(self, global_key: str, world: World, published: Path | None,
                 staging: Path, old: Record | None):
        self.global_key, self.world = global_key, world
        self.published, self.staging = published, staging
        # this build: rel -> (key, queries): a frozenset of queries, or the last build's
        # query numbers (an array) for a file taken over as it was
        self.files: dict[str, tuple] = {}
        self.reused = self.rendered = 0
        self.old_queries: list = []
        self.fresh: dict[str, tuple] = {}  # the last build's files whose queries still hold
        if old is not None and published is not None and old.global_key == global_key:
            self.old_queries = old.queries
            if old.cards == world.cards():
                # The same items with the same cards: the site model and the embed catalogue
                # are made from nothing else (and the global key), so every query of theirs
                # answers as before; only the bodies read directly need asking again.
                for query, answer in zip(old.queries, old.answers, strict=True):
                    if query[0] != "Body":
                        world.answers[query] = answer
            same = [a is not None and world.answer(q) == a
                    for q, a in zip(old.queries, old.answers, strict=True)]
            for rel, (key, ids) in old.files.items():
                if key is not None and all(same[i] for i in ids):
                    self.fresh[rel] = (key, ids)

    def reuse(self, rel: str, key: bytes | None):
        """If `rel` (key `key`) can be taken from the published output as it is, link it into
        the staging folder and return its record; else None."""
        found = self.fresh.get(rel)
        if found is None or key is None or found[0] != key:
            return None
        if rel in KEPT:  # the reused staging folder has it already (prepare_staging)
            return (rel, key, found[1], True)
        target = self.staging / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(self.published / rel, target)
        except OSError:
            return None
        return (rel, key, found[1], True)

    @staticmethod
    def produce(rel: str, key: bytes | None, make):
        """make() -> the file's data, with what it asked recorded: (data, record)."""
        STATE.queries, STATE.depth, STATE.unstable = set(), 0, False
        try:
            data = make()
            queries = frozenset(STATE.queries)
            stable = not STATE.unstable
        finally:
            STATE.queries = None
        return data, (rel, key if stable else None, queries, False)

    def keep(self, entry) -> None:
        """Note the record of a file (made here or in a child process)."""
        rel, key, queries, reused = entry
        self.files[rel] = (key, queries)
        if reused:
            self.reused += 1
        else:
            self.rendered += 1

    def record(self, output_digest: str) -> Record:
        """The records of this build, for the next one. Query numbers stay those of the last
        build (a file taken over keeps its numbers as they are); new queries are added at the
        end, and the list is renumbered when a quarter of it is no longer used."""
        queries = list(self.old_queries)
        number = {q: i for i, q in enumerate(queries)}
        files = {}
        for rel, (key, asked) in self.files.items():
            if not isinstance(asked, array):
                asked = _ids(number.setdefault(q, len(number)) for q in asked)
            files[rel] = (key, asked)
        queries += list(number)[len(queries):]
        used = set().union(*(ids for _key, ids in files.values())) if files else set()
        if len(used) < 0.75 * len(queries):
            kept = sorted(used)
            renumber = {old: new for new, old in enumerate(kept)}
            queries = [queries[i] for i in kept]
            files = {rel: (key, _ids(renumber[i] for i in ids))
                     for rel, (key, ids) in files.items()}
        answers = [self.world.answer(q) for q in queries]
        return Record(self.global_key, output_digest, files, queries, answers,
                      self.world.cards())


def _ids(numbers) -> array:
    """A file's query numbers, compactly (records are loaded at the start of every build)."""
    return array("I", sorted(numbers))


#: The memo of the build in progress, saved by `commit` once its output is published.
PENDING: Memo | None = None


def commit(target: Path, output_digest: str) -> None:
    """After a successful build: keep its records beside the published output."""
    global PENDING
    if PENDING is not None:
        save(target, PENDING.record(output_digest))
        PENDING = None


_LOADED: list = []  # (target, digest, record) of the last load, read once per build


def load(target: Path, output_digest: str) -> Record | None:
    """The last build's record, if it still describes `target` exactly."""
    if _LOADED and _LOADED[0][:2] == (str(target), output_digest):
        return _LOADED[0][2]
    record = _load(target, output_digest)
    _LOADED[:] = [(str(target), output_digest, record)]
    return record


def _load(target: Path, output_digest: str) -> Record | None:
    try:
        with record_file(target).open("rb") as fh:
            version, record = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
            ImportError, TypeError):
        return None
    if version != VERSION or not isinstance(record, Record) or record.output != output_digest:
        return None
    return record


def save(target: Path, record: Record) -> None:
    path = record_file(target)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with temp.open("wb") as fh:
        pickle.dump((VERSION, record), fh, protocol=pickle.HIGHEST_PROTOCOL)
    temp.replace(path)


def forget(target: Path) -> None:
    record_file(target).unlink(missing_ok=True)


# -- a staging folder made from the site the last build replaced -----------------------------
#: Files of the staging folder that are already the published site's (same inode), left in
#: place by `prepare_staging`: `Memo.reuse` needs no link for them.
KEPT: set[str] = set()


def prepare_staging(staging: Path, output: Path, output_digest: str) -> bool:
    """Turn the site the last build replaced (moved to `staging`) into a start for this
    build: keep the files the records know (pages, embeds, feeds) that are still the very
    files of the published site (hard links to them), remove everything else (search export,
    theme files ... are made again; nothing may be written into a file shared with the
    published site). False when the records do not describe `output`: then the caller
    starts from an empty folder."""
    KEPT.clear()
    record = load(output, output_digest)
    if record is None:
        return False
    top, published = str(staging), str(output)
    for folder, dirs, names in os.walk(top, topdown=False):
        rel_folder = os.path.relpath(folder, top)
        for name in names:
            path = os.path.join(folder, name)
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if rel in record.files and _same_file(path, os.path.join(published, rel)):
                KEPT.add(rel)
            else:
                os.unlink(path)
        for name in dirs:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.unlink(path)
            else:
                try:
                    os.rmdir(path)  # only when empty
                except OSError:
                    pass
    return True


def _same_file(a: str, b: str) -> bool:
    try:
        one, two = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (one.st_ino, one.st_dev) == (two.st_ino, two.st_dev) and os.path.isfile(a) \
        and not os.path.islink(a)


def prune_staging(staging: Path, output: Path) -> None:
    """Before the swap: kept files this build did not produce (a page that is gone) are
    removed, unless some other step replaced them meanwhile."""
    done = PENDING.files if PENDING is not None else {}
    for rel in sorted(KEPT - done.keys()):
        path = os.path.join(staging, rel)
        if _same_file(path, os.path.join(output, rel)):
            os.unlink(path)
            folder = os.path.dirname(path)
            while folder != str(staging):  # and the folders it leaves empty
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
    KEPT.clear()
