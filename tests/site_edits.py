"""Edits an author can make to a content folder, each one valid, derived from the content model.

Shared by tests/test_every_edit.py (a table of edits) and tests/test_edit_sequences.py (random
sequences of them). Every edit reads the content as it is now and writes a value that the
build accepts: a new text, another date, other taxonomy terms, other references, another
address (`Slug:`), a translation moved to another language, an item turned into another
content type, a data file label, a file added or removed, an item renamed (its file name in
every language folder, and every reference to it).

An item's name is its file name, the same in every language folder (`meta["slug"]`, what
`Related:`, `Measures:` and `{ref}` links name); `Slug:` is the address of one language's
page (docs/dev/identity-and-addresses.md). New values come from the schema
(plugins/content_model/schema.py: kinds, taxonomies, examples) and the taxonomies in
content/_data/, so a field added to the schema gets an edit without a change here.

`pick(options)` chooses among valid values: the first by default (the table), a random draw
in the stateful test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import content_model
from content_model import schema
from content_model.validate import state
from tests.support import FIXTURE_DATE, build, tree_digest

LANGS = ("nl", "fr", "en")
DEFAULT_LANG = "nl"
TODAY = dt.date.fromisoformat(FIXTURE_DATE)
SUFFIX = {"nl": "bijgewerkt", "fr": "mis à jour", "en": "updated"}
ADDRESS = {"nl": "nieuw", "fr": "nouveau", "en": "new"}
#: Another content type for each type (Type edits): fields are dropped and added to fit.
RETYPE = {"measure": "story", "case": "measure", "story": "case", "hub": "page",
          "page": "hub"}
REPORT = re.compile(r"\((\d+) files made, (\d+) unchanged ones kept\)")

Pick = Callable[[Sequence], object]


def first(options: Sequence):
    return options[0]


class NotApplicable(Exception):
    """This edit cannot be made to the content as it is (e.g. no free language)."""


# -- one content file --------------------------------------------------------------------------
@dataclasses.dataclass
class Doc:
    """A content file: its `Field: value` header (in order) and its body."""

    path: Path
    header: list[list[str]]
    body: str

    @classmethod
    def read(cls, path: Path) -> Doc:
        head, _, body = path.read_text("utf-8").partition("\n\n")
        header = [[part.strip() for part in line.split(":", 1)] for line in head.split("\n")]
        return cls(path, header, body)

    def write(self, path: Path | None = None) -> None:
        self.path = path or self.path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        head = "\n".join(f"{name}: {value}" for name, value in self.header)
        self.path.write_text(f"{head}\n\n{self.body}", "utf-8")

    def get(self, name: str) -> str | None:
        return next((v for n, v in self.header if n.lower() == name.lower()), None)

    def set(self, name: str, value: str | None) -> None:
        for entry in self.header:
            if entry[0].lower() == name.lower():
                if value is None:
                    self.header.remove(entry)
                else:
                    entry[1] = value
                return
        if value is not None:
            self.header.append([name, value])


def _values(raw: str | None) -> list[str]:
    return [v.strip() for v in (raw or "").split(",") if v.strip()]


# -- the content folder ------------------------------------------------------------------------
class Content:
    """A content folder and what the content model reads from it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.refresh()

    def refresh(self, check: bool = True) -> None:
        """Read the content again; `check`: it must be valid (no errors, warnings allowed)."""
        loaded = content_model.load(self.folder, list(LANGS), DEFAULT_LANG,
                                    self.folder.parent)
        errors = [p for p in loaded.problems if p.severity == "error"]
        assert not check or not errors, "the edit left invalid content:\n" + \
            "\n".join(map(str, errors))
        self.items, self.taxonomies = loaded.items, loaded.taxonomies

    def path(self, item) -> Path:
        return self.folder.parent / item.path

    def files(self, name: str) -> dict[str, Path]:
        """lang -> file of the item with this Slug."""
        return {i.lang: self.path(i) for i in self.items if i.meta.get("slug") == name}

    def item(self, name: str, lang: str = DEFAULT_LANG):
        return next(i for i in self.items if i.meta.get("slug") == name and i.lang == lang)

    def names(self, types=schema.ALL, published=True) -> list[str]:
        found = {i.meta["slug"] for i in self.items if i.type in types and i.lang == DEFAULT_LANG
                 and (not published or state(i, TODAY) == "published")}
        return sorted(found)

    def subjects(self, type_: str) -> list[str]:
        """Published items of this type in every language (a home page is never moved)."""
        return [s for s in self.names((type_,))
                if set(self.files(s)) == set(LANGS)
                and self.item(s).meta.get("template") != "home"]

    def hubs(self) -> set[tuple[str, str]]:
        return {(i.meta.get("taxonomy"), i.meta.get("term")) for i in self.items
                if i.type == "hub"}


# -- new values --------------------------------------------------------------------------------
def registered(text: str, content: Content | None) -> str:
    """`text` with `{org}key` kept only for keys of the project's organisations register
    (content/_data/organisations.toml; a site without one names organisations in words)."""
    keys = set(content.taxonomies.terms.get("organisations", {})) if content else set()
    return re.sub(r"\{org\}([a-z0-9-]+)",
                  lambda m: m.group(0) if m.group(1) in keys else m.group(1).upper(), text)


def new_text(fld: schema.Field, current: str | None, lang: str, salt: str = "",
             content: Content | None = None) -> str:
    if fld.name == "Source-Hash":
        return hashlib.sha256(f"{current}{salt}".encode()).hexdigest()[:10]
    if current is None:
        value = f"{registered(fld.example, content)}{salt}"
    else:
        value = f"{current} ({SUFFIX[lang]}{salt})"
    if fld.max_length and len(value) > fld.max_length:
        value = value[-fld.max_length:].strip()
    return value


def new_date(fld: schema.Field, doc: Doc, pick: Pick) -> str:
    """Another date that keeps the item published (Expires: one that ends it)."""
    published = dt.date.fromisoformat(doc.get("Date"))
    if fld.name == "Expires":
        return (TODAY - dt.timedelta(days=1)).isoformat()
    current = doc.get(fld.name)
    low = published if fld.name == "Modified" else TODAY - dt.timedelta(days=60)
    # Date stays on or before the last change, as the reader requires (Modified: not before)
    # and before today, so an Expires edit (yesterday) can still end it without preceding it
    high = dt.date.fromisoformat(doc.get("Modified")) if fld.name == "Date" and \
        doc.get("Modified") else TODAY
    high = min(high, TODAY - dt.timedelta(days=1)) if fld.name == "Date" else TODAY
    options = [low + dt.timedelta(days=n) for n in range((high - low).days + 1)]
    options = [d.isoformat() for d in reversed(options) if d.isoformat() != current]
    return pick(options)


def new_terms(fld: schema.Field, current: list[str], content: Content, pick: Pick) -> list[str]:
    terms = content.taxonomies.terms[fld.taxonomy]
    others = [k for k, t in terms.items() if k not in current and not t.general]
    if not others:
        raise NotApplicable(f"no other {fld.taxonomy}")
    return [pick(others)]


def new_refs(fld: schema.Field, name: str, current: list[str], content: Content,
             pick: Pick) -> list[str]:
    wanted = ("measure",) if fld.name == "Measures" else schema.ITEM_TYPES
    others = [[s] for s in content.names(wanted) if s != name and s not in current]
    options = others + ([current[:-1]] if len(current) > 1 else [])  # another, or one less
    if not options:
        raise NotApplicable(f"nothing else for {fld.name}")
    return pick(options)


def free_term(content: Content, taxonomy: str, pick: Pick) -> str:
    taken = {term for tax, term in content.hubs() if tax == taxonomy}
    free = [k for k, t in content.taxonomies.terms[taxonomy].items()
            if not t.general and k not in taken]
    if not free:
        raise NotApplicable(f"every {taxonomy} term has a hub")
    return pick(free)


# -- edits of one item -------------------------------------------------------------------------
def edit_field(content: Content, name: str, field_name: str, lang: str | None = None,
               pick: Pick = first, salt: str = "") -> str:
    """Give the field `field_name` of the item `name` a new valid value: in `lang` for a field
    translations need not share, in every language for one they share. Returns what was
    done."""
    fld = schema.field(field_name)
    files = content.files(name)
    type_ = content.item(name).type
    assert fld is not None and fld.applies_to(type_), (field_name, type_)
    if fld.kind == "slug":
        return new_address(content, name, lang or DEFAULT_LANG, salt)
    if fld.kind == "lang":
        return move_language(content, name, pick)
    if fld.kind == "type":
        return retype(content, name, RETYPE[type_], pick)
    if fld.name == "Taxonomy":
        return move_hub(content, name, pick)
    langs = list(files) if fld.shared else [lang or DEFAULT_LANG]
    docs = {lg: Doc.read(files[lg]) for lg in langs}
    source = docs[langs[0]]
    current = source.get(fld.name)
    if fld.name == "Term":
        value = free_term(content, source.get("Taxonomy"), pick)
    elif fld.kind == "text":
        value = new_text(fld, current, DEFAULT_LANG, salt, content) if fld.shared else None
    elif fld.kind == "date":
        value = new_date(fld, source, pick)
    elif fld.kind == "change":  # `Changed: <day> — <one line>`: a day from Date to today
        published = dt.date.fromisoformat(source.get("Date"))
        days = [published + dt.timedelta(days=n) for n in range((TODAY - published).days + 1)]
        value = f"{pick(days).isoformat()} — De voorwaarden zijn bijgewerkt{salt}."
    elif fld.kind == "choice":
        options = [c for c in fld.choices if c != (current or fld.choices[0]) and c != "home"]
        if not options:
            raise NotApplicable(f"no other {fld.name}")
        value = pick(options)
        if value == "sources":  # one page per language is it: the one that was becomes a page
            for other in [i for i in content.items if i.meta.get("template") == value
                          and i.meta.get("slug") != name]:
                doc = Doc.read(content.path(other))
                doc.set("Template", "page")
                doc.write()
    elif fld.kind == "term":
        value = new_terms(fld, [current], content, pick)[0]
    elif fld.kind == "terms":
        value = ", ".join(new_terms(fld, _values(current), content, pick))
    elif fld.kind == "refs":
        value = ", ".join(new_refs(fld, name, _values(current), content, pick))
    else:
        raise AssertionError(f"no edit for fields of kind {fld.kind!r} ({fld.name}): "
                             "add one to tests/site_edits.py")
    for lg, doc in docs.items():
        doc.set(fld.name, value if value is not None else
                new_text(fld, doc.get(fld.name), lg, salt, content))
        doc.write()
    content.refresh()
    return f"{fld.name} of {name} ({'/'.join(langs)}) -> {value or '(new text)'}"


def edit_body(content: Content, name: str, lang: str, salt: str = "") -> str:
    doc = Doc.read(content.files(name)[lang])
    doc.body = f"{doc.body.rstrip()}\n\nEen nieuwe alinea {salt} ({SUFFIX[lang]}).\n"
    doc.write()
    content.refresh()
    return f"body of {name} ({lang})"


def _fix_references(content: Content, old: str, new: str | None, allowed: Callable) -> None:
    """Every reference to `old`: renamed to `new`, or dropped (new=None). `allowed(field)`
    says whether the field may (still) name the item."""
    link = re.compile(rf"\[([^\]]+)\]\(\{{ref\}}((?:[a-z]{{2}}/)?){re.escape(old)}\)")
    for item in content.items:
        doc, changed = Doc.read(content.path(item)), False
        for fld in schema.fields_for(item.type):
            values = _values(doc.get(fld.name)) if fld.kind == "refs" else []
            if old not in values:
                continue
            keep = new is not None and allowed(fld)
            values = [new if v == old else v for v in values] if keep else \
                [v for v in values if v != old]
            if not values and fld.required:
                spare = [s for s in new_refs_pool(content, fld) if s != old
                         and s != item.meta.get("slug")]
                values = spare[:1]
            doc.set(fld.name, ", ".join(values) if values else None)
            changed = True
        if link.search(doc.body):
            doc.body = link.sub((lambda m: f"[{m[1]}]({{ref}}{m[2]}{new})") if new else
                                (lambda m: m[1]), doc.body)
            changed = True
        if changed:
            doc.write()


def new_refs_pool(content: Content, fld: schema.Field) -> list[str]:
    return content.names(("measure",) if fld.name == "Measures" else schema.ITEM_TYPES)


def new_address(content: Content, name: str, lang: str, salt: str = "") -> str:
    """Slug: the page of one language gets another address."""
    item = content.item(name, lang)
    doc = Doc.read(content.path(item))
    address = f"{item.name}-{ADDRESS[lang]}{salt}"
    doc.set("Slug", address)
    doc.write()
    content.refresh()
    return f"address of {name} ({lang}) -> {address}"


def rename_item(content: Content, old: str, new: str) -> str:
    """An item renamed: its file in every language folder, and every reference to it."""
    for path in content.files(old).values():
        path.rename(path.with_name(f"{new}.md"))
    content.refresh(check=False)
    _fix_references(content, old, new, lambda fld: True)
    content.refresh()
    return f"renamed {old} -> {new} (every language)"


def move_language(content: Content, name: str, pick: Pick) -> str:
    """Lang: a translation moved to another language (the one there, if any, is replaced)."""
    files = content.files(name)
    sources = [lg for lg in files if lg != DEFAULT_LANG]
    if not sources:
        raise NotApplicable(f"{name} has no translation to move")
    source = pick(sources)
    target = pick([lg for lg in LANGS if lg not in (DEFAULT_LANG, source)])
    if target in files:
        files[target].unlink()
    doc = Doc.read(files[source])
    doc.set("Lang", target)
    files[source].unlink()
    doc.write(content.folder / files[source].parent.parent.name / target / files[source].name)
    content.refresh()
    return f"Lang of {name}: {source} -> {target}"


def retype(content: Content, name: str, new_type: str, pick: Pick) -> str:
    """Type: the item becomes another type; it gets the fields that type needs (the schema's
    examples, or valid values) and loses the others; references that may not name it go."""
    old_type = content.item(name).type
    wanted = schema.fields_for(new_type)
    added: dict[str, str] = {}
    for fld in wanted:
        if not fld.required or fld.kind in ("slug", "lang", "type"):
            continue
        if fld.name == "Taxonomy":
            added["Taxonomy"] = pick(list(fld.choices))
        elif fld.name == "Term":
            added["Term"] = free_term(content, added["Taxonomy"], pick)
        elif fld.taxonomy:
            keys = content.taxonomies.keys(fld.taxonomy)
            good = [v for v in _values(fld.example) if v in keys] or keys[:1]
            added[fld.name] = ", ".join(good)
        elif fld.kind == "refs":
            pool = [s for s in new_refs_pool(content, fld) if s != name]
            good = [v for v in _values(fld.example) if v in pool] or pool[:1]
            added[fld.name] = ", ".join(good)
        else:
            added[fld.name] = registered(fld.example, content)
    for path in content.files(name).values():
        doc = Doc.read(path)
        doc.header = [[n, v] for n, v in doc.header
                      if (f := schema.field(n)) is not None and f in wanted]
        doc.set("Type", new_type)
        for header, value in added.items():
            if doc.get(header) is None:
                doc.set(header, value)
        path.unlink()
        doc.write(content.folder / schema.TYPES[new_type] / path.parent.name / path.name)
    allowed = {"Related": schema.ITEM_TYPES, "Measures": ("measure",)}
    content.refresh(check=False)
    _fix_references(content, name, name,
                    lambda fld: new_type in allowed.get(fld.name, schema.ALL))
    content.refresh()
    return f"Type of {name}: {old_type} -> {new_type}"


def move_hub(content: Content, name: str, pick: Pick) -> str:
    """Taxonomy (with the Term it needs): a hub moved to another level of the funnel."""
    files = content.files(name)
    current = Doc.read(files[DEFAULT_LANG]).get("Taxonomy")
    taxonomy = pick([c for c in schema.field("Taxonomy").choices if c != current])
    term = free_term(content, taxonomy, pick)
    for path in files.values():
        doc = Doc.read(path)
        doc.set("Taxonomy", taxonomy)
        doc.set("Term", term)
        doc.write()
    content.refresh()
    return f"hub {name} -> {taxonomy}/{term}"


# -- files -------------------------------------------------------------------------------------
def add_item(content: Content, like: str, name: str, langs=LANGS, salt: str = "") -> str:
    """A new item, made from `like` (its files in `langs`) with its own name, title and
    addresses."""
    for lang, path in content.files(like).items():
        if lang not in langs:
            continue
        doc = Doc.read(path)
        doc.set("Title", f"{doc.get('Title')} ({name}{salt})"[-120:])
        if doc.get("Slug") is not None or lang != DEFAULT_LANG:
            doc.set("Slug", _own_address(doc, name, lang))
        doc.write(path.with_name(f"{name}.md"))
    content.refresh()
    return f"added {name} ({'/'.join(langs)}), made from {like}"


def _own_address(doc: Doc, name: str, lang: str) -> str | None:
    """An address of its own for a new page (none for a type without addresses: a hub)."""
    if not schema.field("Slug").applies_to(doc.get("Type")) or doc.get("Template") == "home":
        return doc.get("Slug")
    return name if lang == DEFAULT_LANG else f"{name}-{lang}"


def add_translation(content: Content, name: str, lang: str) -> str:
    source = content.files(name)[DEFAULT_LANG]
    doc = Doc.read(source)
    doc.set("Lang", lang)
    doc.set("Title", f"{doc.get('Title')} ({lang})"[-120:])
    doc.set("Source-Hash", None)
    doc.set("Slug", _own_address(doc, name, lang))
    doc.write(content.folder / source.parent.parent.name / lang / source.name)
    content.refresh()
    return f"added the {lang} translation of {name}"


def remove_file(content: Content, name: str, lang: str) -> str:
    """A file deleted: a translation, or (the Dutch file) the item in every language, with
    every reference to it."""
    files = content.files(name)
    if lang != DEFAULT_LANG:
        files[lang].unlink()
    else:
        for path in files.values():
            path.unlink()
        content.refresh(check=False)
        _fix_references(content, name, None, lambda fld: False)
    content.refresh()
    return f"removed {name} ({lang if lang != DEFAULT_LANG else 'every language'})"


# -- data files --------------------------------------------------------------------------------
def used_table(content: Content, data_file: Path) -> str | None:
    """The heading of a table in a data file whose key some item uses (else the first)."""
    used = {v for i in content.items for value in i.meta.values()
            for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)}
    headings = re.findall(r"^\s*\[([^\]]+)\]\s*$", data_file.read_text("utf-8"), re.M)
    return next((h for h in headings if h.rsplit(".", 1)[-1] in used), None) or \
        next(iter(headings), None)


def labelled(text: str) -> list[str]:
    """The headings of the tables in a data file that hold labels."""
    found = re.split(r"^\s*\[([^\]]+)\]\s*$", text, flags=re.M)
    return [head for head, body in zip(found[1::2], found[2::2], strict=True)
            if re.search(r'^\s*(?:nl|fr|en) = "', body, re.M)]


def edit_label(content: Content, name: str, pick: Pick = first, salt: str = "") -> str:
    """A label changed in every language, in a table of the data file `name` (.toml)."""
    path = content.folder / "_data" / f"{name}.toml"
    text = path.read_text("utf-8")
    heading = used_table(content, path) if pick is first else pick(labelled(text))
    start = re.search(rf"^\s*\[{re.escape(heading)}\]\s*$", text, re.M).end()
    end = re.compile(r"^\s*\[", re.M).search(text, start)
    end = end.start() if end else len(text)
    part = re.sub(r'^(\s*(?:nl|fr|en) = ")([^"]*)(")',
                  lambda m: f"{m[1]}{m[2]} ({SUFFIX[m[1].strip()[:2]]}{salt}){m[3]}",
                  text[start:end], flags=re.M)
    assert part != text[start:end], f"no label in [{heading}] of {path.name}"
    path.write_text(text[:start] + part + text[end:], "utf-8")
    content.refresh()
    return f"labels of [{heading}] in {name}.toml"


# -- building ----------------------------------------------------------------------------------
def build_ok(content: Path, output: Path, **overrides) -> str:
    code, text = build(content, output, **overrides)
    assert code == 0, text
    return text


def differences(mine: Path, clean: Path) -> list[str]:
    """What differs between two output folders: files, their bytes, (empty) folders."""
    one, two = tree_digest(mine), tree_digest(clean)
    found = [f"only in the incremental build: {rel}" for rel in sorted(set(one) - set(two))]
    found += [f"missing from the incremental build: {rel}" for rel in sorted(set(two) - set(one))]
    found += [f"differs: {rel}" for rel in sorted(set(one) & set(two)) if one[rel] != two[rel]]
    if not found and folders(mine) != folders(clean):
        found.append("different (empty) folders")
    return found


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def incremental_equals_clean(content: Path, output: Path, scratch: Path,
                             **overrides) -> tuple[int, int]:
    """Build `content` into `output` on top of the last build, then into an empty folder;
    every byte must be the same. Returns (files made, files kept) of the first build."""
    text = build_ok(content, output, **overrides)
    found = REPORT.search(text)
    made, kept = (int(found[1]), int(found[2])) if found else (-1, 0)
    clean = scratch / "clean-output"
    shutil.rmtree(clean, ignore_errors=True)
    clean_text = build_ok(content, clean, **overrides)
    assert "unchanged ones kept" not in clean_text
    differ = differences(output, clean)
    shutil.rmtree(clean, ignore_errors=True)
    for stale in scratch.glob(".clean-output*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink()
    assert not differ, f"{len(differ)} differences from a clean build: {differ[:8]}"
    return made, kept
