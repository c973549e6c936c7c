"""The bad-content corpus: every way content goes wrong, and the exact message for each.

Each case copies tests/fixtures/sites/multilingual/content into a fresh folder, changes one
thing (small files for the case live in tests/fixtures/bad_content/), builds into an output/
that holds a previous site, and asserts the whole report (file, line, field, what is wrong,
what to do), exit code 1, and that output/ is byte for byte what it was. The cases that must
work (byte-order mark, Windows line ends, hostile but harmless text) build and are checked
in the output.

Line numbers in the expected messages refer to the base files; for
measures/nl/loopbaanbegeleiding.md: 1 Title, 2 Slug, 3 Lang, 4 Type, 5 Date, 6 Modified,
7 Summary, 8 Audiences, 9 Sectors, 10 Regions, 11 Sources, 12 Related, 13 Duration,
14 Approach, 15 Focus, 16 Parties, 17 Support, 18 Target-Groups, 19 Level, 20 Provider,
22 the first line of text; measures/nl/opleiding.md has no Modified and no Related: 5 Date,
6 Summary, 7 Audiences, 8 Sectors, 9 Regions, ... 17 Level, 18 Provider, 20 the text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT, SITES, build, tree_digest

BASE = SITES / "multilingual" / "content"
CASE_FILES = FIXTURES / "bad_content"
ATOM = "{http://www.w3.org/2005/Atom}"
MEASURE = "measures/nl/loopbaanbegeleiding.md"
MEASURE_FR = "measures/fr/loopbaanbegeleiding.md"
MEASURE_EN = "measures/en/loopbaanbegeleiding.md"
MEASURES = (MEASURE, MEASURE_FR, MEASURE_EN)
TRAINING = "measures/nl/opleiding.md"
TRAINING_TEXT = "Wie bijleert, kan makkelijker overstappen."  # line 20
LATER = "measures/nl/later.md"
CASE = "cases/nl/voorbeeld-gent.md"
CASES_ALL = (CASE, "cases/fr/voorbeeld-gent.md", "cases/en/voorbeeld-gent.md")
HUB = "hubs/nl/sector-zorg.md"
#: Texts with nothing to read, for measures/nl/opleiding.md (see `empty_text`): each must build
#: (here) and pass `invoke check` with a warning, or none for the table (tests/test_authoring.py).
EMPTY_TEXTS = {
    "header-only": "",
    "only-blank-lines": "\n\n   \n\t\n",
    "only-spaces-and-non-breaking-spaces": "\n\u00a0\u00a0\n \u2003 \u00a0\n",
    "only-a-comment": "\n<!-- de tekst volgt -->\n",
    "only-a-comment-of-several-lines": "\n<!--\nNieuw item, gemaakt met `invoke new`.\n\n"
                                       "1. Vul de velden in.\n-->\n",
    "only-a-table": "\n| Wie | Wat |\n|---|---|\n| werkgever | opleiding |\n",
}

Op = Callable[[Path], None]


# -- what a case does to the copied content folder ---------------------------------------------
def change(rel: str, old: str, new: str) -> Op:
    """Replace `old` (which must occur once) by `new` in a base file."""
    def apply(content: Path) -> None:
        path = content / rel
        text = path.read_text("utf-8")
        assert text.count(old) == 1, f"{rel}: `{old}` must occur once"
        path.write_text(text.replace(old, new, 1), "utf-8")
    return apply


def change_all(rels, old: str, new: str) -> Op:
    """The same change in several files (a value written alike in every translation)."""
    def apply(content: Path) -> None:
        for rel in rels:
            change(rel, old, new)(content)
    return apply


def put(rel: str, name: str) -> Op:
    """Copy tests/fixtures/bad_content/<name> to content/<rel>."""
    def apply(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CASE_FILES / name, content / rel)
    return apply


def write(rel: str, data: str | bytes) -> Op:
    def apply(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        (content / rel).write_bytes(raw)
    return apply


def recode(rel: str, convert: Callable[[bytes], bytes]) -> Op:
    """Rewrite a base file's bytes (encodings, line ends)."""
    def apply(content: Path) -> None:
        (content / rel).write_bytes(convert((content / rel).read_bytes()))
    return apply


def move(rel: str, to: str) -> Op:
    def apply(content: Path) -> None:
        (content / to).parent.mkdir(parents=True, exist_ok=True)
        os.rename(content / rel, content / to)
    return apply


def remove(rel: str) -> Op:
    def apply(content: Path) -> None:
        target = content / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return apply


def link(rel: str, target: str) -> Op:
    """A symlink at content/<rel> to <target>, relative to the case folder (content's parent),
    which holds a copy of tests/fixtures/bad_content/ as `outside/`."""
    def apply(content: Path) -> None:
        at = content / rel
        at.parent.mkdir(parents=True, exist_ok=True)
        at.symlink_to(os.path.relpath(content.parent / target, at.parent))
    return apply


def text(new: str) -> Op:
    """Replace the text of measures/nl/opleiding.md (it starts on line 20)."""
    return change(TRAINING, TRAINING_TEXT, new)


def empty_text(name: str) -> Op:
    """Replace the blank line and the text of measures/nl/opleiding.md by EMPTY_TEXTS[name]:
    its header (ending on line 18) is then followed by that, or by nothing."""
    return change(TRAINING, f"\n\n{TRAINING_TEXT}\n", "\n" + EMPTY_TEXTS[name])


def theme_catalog(lang: str, old: str | None, new: str = "") -> Op:
    """Copy the theme next to content/ (the case's THEME) and change, or delete, one catalog."""
    def apply(content: Path) -> None:
        theme = content.parent / "theme"
        if not theme.exists():
            shutil.copytree(ROOT / "theme", theme, ignore=shutil.ignore_patterns("*.mo"))
        po = theme / "translations" / lang / "LC_MESSAGES" / "messages.po"
        if old is None:
            po.unlink()
        else:
            change(str(po), old, new)(content)  # an absolute path: content / po is po
    return apply


def errors(*lines: str) -> list[str]:
    """A report: the errors, then their count (warnings are left out of the comparison)."""
    return [*lines, f"{len(lines)} error(s)."]


@dataclass
class Case:
    id: str
    ops: list[Op]
    expect: list[str]
    settings: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.id


def case(id_: str, *ops: Op, expect: list[str], **settings) -> Case:
    return Case(id_, list(ops), expect, settings)


def _published_on_line() -> int:
    """Where the French catalog holds `Published on %(date)s` (it moves as strings are added)."""
    po = ROOT / "theme" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text("utf-8").splitlines()
    return lines.index('msgid "Published on %(date)s"') + 1


CASES = [
    # -- the metadata header --------------------------------------------------------------------
    case("header-line-without-colon",
         change(MEASURE, "Summary: Een coach", "Summary Een coach"),
         expect=errors(
             f"content/{MEASURE}:1: Summary: is missing — add `Summary: Een loopbaancoach helpt "
             "je om je talenten en je volgende stap te zien.` to the header",
             f"content/{MEASURE}:7: this header line is not `Field: value`: 'Summary Een coach "
             "helpt je je talenten en je volgende stap…' — write `Field: value`, or leave a "
             "blank line between the header and the text")),
    case("header-starts-with-a-heading",
         change(LATER, "Title: Later\n", "# Later\nTitle: Later\n"), expect=errors(
             "content/measures/nl/later.md:1: this header line is not `Field: value`: '# Later' "
             '— write `Field: value`, or leave a blank line between the header and the text')),
    case("header-without-blank-line",
         change(TRAINING, "sectorfonds\n\nWie", "sectorfonds\nWie"), expect=errors(
             "content/measures/nl/opleiding.md:19: this header line is not `Field: value`: 'Wie "
             "bijleert, kan makkelijker overstappen.' — write `Field: value`, or leave a blank "
             'line between the header and the text')),
    case("no-header-at-all",
         write("measures/nl/zonder-kop.md", "Gewoon tekst, zonder kop.\n\nNog een alinea.\n"),
         expect=errors(
             'content/measures/nl/zonder-kop.md:1: the file has no metadata header — start the '
             'file with `Title: ...`, `Lang: ...` lines (see docs/authors/fields.md)')),
    case("unknown-field",
         change(TRAINING, "Provider:", "Colour: blauw\nProvider:"), expect=errors(
             'content/measures/nl/opleiding.md:18: Colour: is not a known field — fields for '
             'this type: Title, Slug, Lang, Type, Date, Modified, Summary, Status, Expires, '
             'Changed, Owner, Review-By, Audiences, Sectors, Regions, Sources, Related, '
             'Duration, Approach, Focus, Parties, Support, Target-Groups, Level, Provider, '
             'Source-Hash')),
    case("misspelt-field",
         change(TRAINING, "Summary:", "Sumary:"), expect=errors(
             'content/measures/nl/opleiding.md:1: Summary: is missing — add `Summary: Een '
             'loopbaancoach helpt je om je talenten en je volgende stap te zien.` to the header',
             'content/measures/nl/opleiding.md:6: Sumary: is not a known field — did you mean '
             '`Summary`? fields for this type: Title, Slug, Lang, Type, Date, Modified, Summary, '
             'Status, Expires, Changed, Owner, Review-By, Audiences, Sectors, Regions, Sources, '
             'Related, Duration, Approach, Focus, Parties, Support, Target-Groups, Level, '
             'Provider, Source-Hash')),
    case("field-twice",
         change(TRAINING, "Regions: gent\n", "Regions: gent\nRegions: leuven\n"), expect=errors(
             'content/measures/nl/opleiding.md:10: Regions: appears twice in the header — keep '
             'one `Regions:` line (the other is on line 9)')),
    case("missing-required-field",
         change(TRAINING, "Provider: Je werkgever of je sectorfonds\n", ""), expect=errors(
             'content/measures/nl/opleiding.md:1: Provider: is missing — add '
             '`Provider: {org}vdab en erkende loopbaancentra` to the header')),
    case("empty-required-field",
         change(TRAINING, "Summary: Leren op het werk maakt een overstap makkelijker.", "Summary:"),
         expect=errors(
             'content/measures/nl/opleiding.md:6: Summary: is empty — fill it in, e.g. `Summary: '
             'Een loopbaancoach helpt je om je talenten en je volgende stap te zien.`')),
    case("field-of-another-type",
         change(TRAINING, "Provider:", "Kind: interview\nProvider:"), expect=errors(
             'content/measures/nl/opleiding.md:18: Kind: is not used on a measure — remove the '
             'line')),
    case("missing-type",
         change(LATER, "Type: measure\n", ""), expect=errors(
             'content/measures/nl/later.md:1: Type: is missing — add `Type: ...` with one of: '
             'measure, case, story, hub, page')),
    case("unknown-type",
         change(LATER, "Type: measure", "Type: maatregel"), expect=errors(
             'content/measures/nl/later.md:4: Type: `maatregel` is not a content type — use one '
             'of: measure, case, story, hub, page')),
    case("type-in-the-wrong-folder",
         change(LATER, "Type: measure", "Type: story"), expect=errors(
             'content/measures/nl/later.md:4: Type: `story` files belong in content/stories/ — '
             'move the file or correct the Type')),
    case("unknown-language",
         change(LATER, "Lang: nl", "Lang: de"), expect=errors(
             'content/measures/nl/later.md:3: Lang: `de` is not a language of the portal — use '
             'one of: nl, fr, en')),
    case("language-in-the-wrong-folder",
         change(LATER, "Lang: nl", "Lang: fr"), expect=errors(
             'content/measures/nl/later.md:3: Lang: says `fr` but the file is in the `nl` folder '
             '— move the file to the folder of its language or correct Lang')),
    case("invalid-slug",
         change(LATER, "Slug: later", "Slug: Later Maar"), expect=errors(
             'content/measures/nl/later.md:2: Slug: `Later Maar` is not a valid slug — use '
             'lowercase letters, digits and hyphens, e.g. `loopbaanbegeleiding`')),
    case("translation-named-after-its-address",  # the layout before names were file names
         move(MEASURE_FR, "measures/fr/accompagnement-de-carriere.md"),
         change("measures/fr/accompagnement-de-carriere.md", "Slug: accompagnement-de-carriere",
                "Slug: loopbaanbegeleiding"), expect=errors(
             'content/measures/fr/accompagnement-de-carriere.md:1: no nl item is named '
             '`accompagnement-de-carriere.md` — rename the file to `loopbaanbegeleiding.md` (the '
             'name of the nl item) and write `Slug: accompagnement-de-carriere` to keep its '
             'address')),
    case("two-items-with-one-address",
         change(LATER, "Slug: later", "Slug: opleiding"), expect=errors(
             'content/measures/nl/later.md:2: Slug: the address `opleiding` is already used by '
             'content/measures/nl/opleiding.md — give this page another Slug')),
    # -- values ---------------------------------------------------------------------------------
    case("value-outside-taxonomy",
         change(TRAINING, "Sectors: zorg", "Sectors: ruimtevaart"), expect=errors(
             'content/measures/nl/opleiding.md:8: Sectors: `ruimtevaart` is not an allowed value '
             '— allowed values: alle-sectoren, voeding, zorg, uitzendarbeid, technologie, '
             'haven-logistiek, publieke-sector (defined in content/_data/)')),
    case("misspelt-taxonomy-value",
         change(LATER, "Regions: gent", "Regions: gnet"), expect=errors(
             'content/measures/nl/later.md:9: Regions: `gnet` is not an allowed value — did you '
             'mean `gent`? allowed values: vlaanderen, gent, leuven, aalst, kust (defined in '
             'content/_data/)')),
    case("two-values-in-a-one-value-field",
         change(LATER, "Duration: tijdelijk", "Duration: tijdelijk, structureel"),
         expect=errors(
             'content/measures/nl/later.md:11: Duration: takes exactly one value — keep one of '
             'the values')),
    case("empty-value-in-a-list",
         change(TRAINING, "Audiences: werkenden, werkgevers", "Audiences: werkenden,, werkgevers"),
         expect=errors(
             'content/measures/nl/opleiding.md:7: Audiences: has an empty value in the list — '
             'separate values with one comma each, e.g. `werkenden, werkgevers`')),
    case("same-value-twice-in-a-list",
         change(LATER, "Parties: werknemer", "Parties: werknemer, werknemer"), expect=errors(
             'content/measures/nl/later.md:14: Parties: names the same value twice — keep each '
             'value once')),
    case("text-where-a-list-of-slugs-is-expected",
         change(MEASURE, "Related: opleiding", "Related: zie ook de opleiding"), expect=errors(
             'content/measures/nl/loopbaanbegeleiding.md:12: Related: `zie ook de opleiding` is '
             "not an item's name — write the other item's file name without .md, e.g. "
             '`opleiding`')),
    case("text-where-a-date-is-expected",
         change(LATER, "Date: 2099-01-01", "Date: volgende week"), expect=errors(
             'content/measures/nl/later.md:5: Date: `volgende week` is not a date in the form '
             'YYYY-MM-DD — write it like `2026-11-20`')),
    case("date-in-another-format",
         change(LATER, "Date: 2099-01-01", "Date: 01/01/2099"), expect=errors(
             'content/measures/nl/later.md:5: Date: `01/01/2099` is not a date in the form '
             'YYYY-MM-DD — write it like `2026-11-20`')),
    case("impossible-date",
         change(LATER, "Date: 2099-01-01", "Date: 2099-02-30"), expect=errors(
             'content/measures/nl/later.md:5: Date: `2099-02-30` does not exist in the calendar '
             '— check the day and the month')),
    case("date-with-other-digits",
         change(LATER, "Date: 2099-01-01", "Date: ２０９９-０１-０１"), expect=errors(
             'content/measures/nl/later.md:5: Date: `２０９９-０１-０１` is not a date in the form '
             'YYYY-MM-DD — write it like `2026-11-20`')),
    case("value-not-among-the-choices",
         change(LATER, "Provider:", "Status: klaar\nProvider:"), expect=errors(
             'content/measures/nl/later.md:18: Status: `klaar` is not allowed — use one of: '
             'published, draft')),
    case("title-too-long",
         change(LATER, "Title: Later", "Title: " + "Heel lang " * 13), expect=errors(
             'content/measures/nl/later.md:1: Title: is 129 characters long, the limit is 120 — '
             'shorten it')),
    case("general-target-group-with-specific-ones",
         change(LATER, "Target-Groups: algemeen", "Target-Groups: algemeen, oudere-werknemers"),
         expect=errors(
             'content/measures/nl/later.md:16: Target-Groups: `algemeen` (everyone) cannot be '
             'combined with specific groups — keep `algemeen` alone, or list only the specific '
             'groups')),
    case("hub-term-outside-its-taxonomy",
         change(HUB, "Term: zorg", "Term: zorgen"), expect=errors(
             'content/hubs/nl/sector-zorg.md:7: Term: `zorgen` is not a value of sectors — did '
             'you mean `zorg`? allowed values: alle-sectoren, voeding, zorg, uitzendarbeid, '
             'technologie, haven-logistiek, publieke-sector')),
    # -- across files ---------------------------------------------------------------------------
    case("duplicate-name",
         put("pages/nl/later.md", "page-later.md"), expect=errors(
             'content/pages/nl/later.md:1: the name `later` is already used by '
             'content/measures/nl/later.md — give one of the two items another file name, the '
             'same in every language folder')),
    case("page-with-the-address-of-a-generated-page",
         put("pages/nl/maatregelen.md", "page-maatregelen.md"), expect=errors(
             "content/pages/nl/maatregelen.md:2: Slug: its address /nl/maatregelen/ is also the "
             "portal's finder page — give the page another address with `Slug:`")),
    case("page-with-the-address-of-a-folder-of-the-portal",
         put("pages/nl/feeds.md", "page-maatregelen.md"),
         change("pages/nl/feeds.md", "Slug: maatregelen", "Slug: feeds"), expect=errors(
             "content/pages/nl/feeds.md:2: Slug: its address /nl/feeds/ is also the portal's "
             "`feeds` "
             "folder — give the page another address with `Slug:`")),
    case("two-hubs-for-one-term",
         put("hubs/nl/zorg-bis.md", "hub-zorg-bis.md"), expect=errors(
             'content/hubs/nl/zorg-bis.md:7: Term: content/hubs/nl/sector-zorg.md is already the '
             'hub for this term — merge the two hubs into one file')),
    case("translation-without-its-dutch-source",
         move(MEASURE_FR, "measures/fr/orphelin.md"),
         expect=errors(
             'content/measures/fr/orphelin.md:1: no nl item is named `orphelin.md` — write the nl '
             'version first, or rename this file: a translation has the file name of its nl '
             'item, in its own language folder')),
    case("translations-disagree-on-a-taxonomy",
         change(MEASURE_FR, "Sectors: alle-sectoren", "Sectors: zorg"), expect=errors(
             'content/measures/fr/loopbaanbegeleiding.md:9: Sectors: differs from the '
             'Dutch version (content/measures/nl/loopbaanbegeleiding.md:9): Dutch has '
             '`alle-sectoren`, this file has `zorg` — translations carry the same value; copy it '
             'from the Dutch file')),
    case("translations-disagree-on-a-dimension",
         change(MEASURE_EN, "Duration: structureel", "Duration: tijdelijk"), expect=errors(
             'content/measures/en/loopbaanbegeleiding.md:13: Duration: differs from the Dutch '
             'version (content/measures/nl/loopbaanbegeleiding.md:13): Dutch has `structureel`, '
             'this file has `tijdelijk` — translations carry the same value; copy it from the '
             'Dutch file')),
    case("translations-disagree-on-the-date",
         change(MEASURE_EN, "Date: 2026-11-02", "Date: 2026-11-03"), expect=errors(
             'content/measures/en/loopbaanbegeleiding.md:5: Date: differs from the Dutch version '
             '(content/measures/nl/loopbaanbegeleiding.md:5): Dutch has `2026-11-02`, this file '
             'has `2026-11-03` — translations carry the same value; copy it from the Dutch file')),
    case("related-item-that-does-not-exist",
         change_all(MEASURES, "Related: opleiding", "Related: opleidingen"), expect=errors(
             'content/measures/en/loopbaanbegeleiding.md:12: Related: `opleidingen` is not the '
             'name '
             "of any item — did you mean `opleiding`? use the other item's file name, without "
             ".md",
             'content/measures/fr/loopbaanbegeleiding.md:12: Related: `opleidingen` is '
             "not the name of any item — did you mean `opleiding`? use the other item's file "
             "name, without .md",
             'content/measures/nl/loopbaanbegeleiding.md:12: Related: `opleidingen` is not the '
             "name of any item — did you mean `opleiding`? use the other item's file name, "
             "without .md")),
    case("related-item-is-the-item-itself",
         change_all(MEASURES, "Related: opleiding", "Related: loopbaanbegeleiding"), expect=errors(
             'content/measures/en/loopbaanbegeleiding.md:12: Related: refers to the item itself — '
             'remove its own name from the list',
             'content/measures/fr/loopbaanbegeleiding.md:12: Related: refers to the item '
             'itself — remove its own name from the list',
             'content/measures/nl/loopbaanbegeleiding.md:12: Related: refers to the item itself '
             '— remove its own name from the list')),
    case("related-item-is-a-hub",
         change_all(MEASURES, "Related: opleiding", "Related: sector-zorg"), expect=errors(
             'content/measures/en/loopbaanbegeleiding.md:12: Related: `sector-zorg` is a hub, '
             'not a '
             'measure or case or story — remove it or name another item',
             'content/measures/fr/loopbaanbegeleiding.md:12: Related: `sector-zorg` is a '
             'hub, not a measure or case or story — remove it or name another item',
             'content/measures/nl/loopbaanbegeleiding.md:12: Related: `sector-zorg` is a hub, '
             'not a measure or case or story — remove it or name another item')),
    case("case-uses-a-story-as-measure",
         change_all(CASES_ALL, "Measures: loopbaanbegeleiding, opleiding",
                    "Measures: een-verhaal"),
         expect=errors(
             'content/cases/en/voorbeeld-gent.md:18: Measures: `een-verhaal` is a story, not a '
             'measure — remove it or name another item',
             'content/cases/fr/voorbeeld-gent.md:18: Measures: `een-verhaal` is a story, not a '
             'measure — remove it or name another item',
             'content/cases/nl/voorbeeld-gent.md:18: Measures: `een-verhaal` is a story, not a '
             'measure — remove it or name another item')),
    case("link-to-an-item-that-does-not-exist",
         change(MEASURE, "{ref}opleiding", "{ref}opleidingen"), expect=errors(
             "content/measures/nl/loopbaanbegeleiding.md:26: link: `{ref}opleidingen` points to "
             "no item — did you mean `opleiding`? use the other item's file name, without "
             ".md")),
    case("link-to-a-missing-translation",
         change(MEASURE, "{ref}opleiding", "{ref}fr/opleiding"), expect=errors(
             'content/measures/nl/loopbaanbegeleiding.md:26: link: `{ref}fr/opleiding` has no '
             '`fr` version — link to a language the item exists in')),
    # -- files ----------------------------------------------------------------------------------
    case("not-utf8",
         recode(MEASURE_FR, lambda raw: raw.decode("utf-8").encode("latin-1")),
         expect=errors(
             'content/measures/fr/loopbaanbegeleiding.md:1: the file is not UTF-8 text '
             '(byte 0xe8) — save the file as UTF-8 in your editor')),
    case("utf16",
         recode(LATER, lambda raw: raw.decode("utf-8").encode("utf-16")), expect=errors(
             'content/measures/nl/later.md:1: the file is not UTF-8 text (byte 0xff) — save the '
             'file as UTF-8 in your editor')),
    case("empty-file", write("measures/nl/leeg.md", ""), expect=errors(
             'content/measures/nl/leeg.md:1: the file is empty — start from `invoke new`, or '
             'delete the file')),
    case("only-blank-lines", write("measures/nl/leeg.md", "\n  \n\t\n"), expect=errors(
             'content/measures/nl/leeg.md:1: the file is empty — start from `invoke new`, or '
             'delete the file')),
    case("huge-file",
         change(LATER, "Klad.", "Klad. " * 110_000), expect=errors(
             'content/measures/nl/later.md: the file is 644 KiB; the limit is 512 KiB — split it '
             'into several items')),
    case("file-name-with-spaces",
         move(LATER, "measures/nl/later versie.md"), expect=errors(
             'content/measures/nl/later versie.md: the file name may only hold lowercase '
             'letters, digits and hyphens — rename it to `later-versie.md`')),
    case("file-name-with-capitals",
         move(MEASURE_FR, "measures/fr/Accompagnement.md"), expect=errors(
             'content/measures/fr/Accompagnement.md: the file name may only hold lowercase '
             'letters, digits and hyphens — rename it to `accompagnement.md`')),
    case("symlink-to-a-file-outside-content",
         link("measures/nl/buiten.md", "outside/outside.md"), expect=errors(
             'content/measures/nl/buiten.md: is a link to a file outside content/ — copy the '
             'file into content/ instead of linking it')),
    case("symlink-to-a-folder-outside-content",
         link("pages/de", "outside"), expect=errors(
             'content/pages/de: is a link to a folder outside content/ — copy the folder into '
             'content/ instead of linking it')),
    case("file-outside-the-content-folders",
         write("notities.md", "Title: Notities\n\nTekst.\n"),
         write("measures/nl/oud/later.md", "Title: Oud\n\nTekst.\n"), expect=errors(
             'content/measures/nl/oud/later.md: is not in a content folder — put it in '
             'content/<type>/<lang>/, where type is one of: measures, cases, stories, hubs, '
             'pages',
             'content/notities.md: is not in a content folder — put it in '
             'content/<type>/<lang>/, where type is one of: measures, cases, stories, hubs, '
             'pages')),
    # -- data files -----------------------------------------------------------------------------
    case("taxonomy-syntax-error",
         put("_data/sectors.toml", "sectors-syntax-error.toml"), expect=errors(
             'content/_data/sectors.toml:10: TOML syntax error: Invalid value — fix the syntax; '
             'every entry looks like `nl = "Label"` under a `[key]` heading')),
    case("taxonomy-file-missing", remove("_data/levels.toml"), expect=errors(
             'content/_data/levels.toml: data file is missing — restore it from git (`git '
             'checkout -- content/_data/levels.toml`)')),
    case("taxonomy-not-utf8",
         recode("_data/regions.toml", lambda raw: raw.decode("utf-8").encode("latin-1")),
         expect=errors(
             'content/_data/regions.toml:29: file is not UTF-8 text — save it as UTF-8 in your '
             'editor')),
    case("taxonomy-label-missing",
         change("_data/regions.toml", 'en = "Ghent"\n', ""), expect=errors(
             'content/_data/regions.toml:12: gent.en: is missing — add `en = "..."` under '
             '`[gent]`')),
    case("taxonomy-key-with-capitals",
         change("_data/regions.toml", "[gent]", "[Gent]"), expect=errors(
             'content/_data/regions.toml:12: Gent: key must be lowercase letters, digits and '
             'hyphens — rename it, e.g. `[gent]`')),
    case("dimension-values-from-no-file",
         change("_data/dimensions.toml", 'values_from = "parties"', 'values_from = "partijen"'),
         expect=errors(
             'content/_data/dimensions.toml:74: parties.values_from: `partijen` names no data '
             'file — did you mean `parties`? give the dimension `[parties.values.*]` tables or '
             'name one of: audiences, sectors, regions, levels, parties, target-groups, '
             'story-kinds, sources, organisations')),
    case("dimension-that-is-not-a-table",
         change("_data/dimensions.toml", "[duration]\n", "extra = \"Duur\"\n\n[duration]\n"),
         expect=errors(
             'content/_data/dimensions.toml:5: extra: expected a table with `field`, labels and '
             '`[extra.values.*]` tables — copy the layout of another dimension in the file')),
    case("symlink-in-images-to-a-file-outside-content",
         link("images/logo.png", "outside/coach.png"), expect=errors(
             'content/images/logo.png: is a link to a file outside content/ — copy the file into '
             'content/ instead of linking it')),
    case("symlink-loop",
         link("measures/nl/rond.md", "content/measures/nl/rond.md"), expect=errors(
             "content/measures/nl/rond.md: is a link that leads nowhere — delete the link, or "
             "make it point to an existing file in content/")),
    case("symlink-to-nothing",
         link("measures/nl/weg.md", "content/measures/nl/bestaat-niet.md"), expect=errors(
             'content/measures/nl/weg.md: is a link that leads nowhere — delete the link, or '
             'make it point to an existing file in content/')),
    # -- images (checked by content_model/authoring.py) ------------------------------------------
    case("image-file-missing",
         text("![Een coach in gesprek](/images/coach.png)"), expect=errors(
             'content/measures/nl/opleiding.md:20: image: `/images/coach.png`: there is no file '
             'content/images/coach.png — put the file in content/images/ and write '
             '`![description](/images/name.jpg)`')),
    case("image-without-alt-text",
         put("images/coach.png", "coach.png"), text("![](/images/coach.png)"), expect=errors(
             'content/measures/nl/opleiding.md:20: image: `/images/coach.png` has no alt text — '
             'describe what the image shows between the brackets: `![Een loopbaancoach in '
             'gesprek](/images/coach.png)`')),
    case("image-path-escapes-content",
         text("![Coach](/images/../../outside/coach.png)"), expect=errors(
             "content/measures/nl/opleiding.md:20: html: the address "
             "`/images/../../outside/coach.png` climbs out of its folder with `..` — write the "
             "address from the root of the site, e.g. `/images/coach.png`, or link an item with "
             "{ref}slug")),
    case("link-path-escapes-the-site",
         text("[Wachtwoorden](/nl/%2e%2e/%2e%2e/etc/passwd)"), expect=errors(
             "content/measures/nl/opleiding.md:20: html: the address "
             "`/nl/%2e%2e/%2e%2e/etc/passwd` climbs out of its folder with `..` — write the "
             "address from the root of the site, e.g. `/images/coach.png`, or link an item with "
             "{ref}slug")),
    case("image-from-another-site",
         text("![Logo](https://tracker.example/pixel.png)"), expect=errors(
             'content/measures/nl/opleiding.md:20: html: the image is loaded from another site '
             '(`tracker.example`) — put the image in content/images/ and write `/images/<name>`: '
             'the portal makes no requests to other sites')),
    # -- an item with no text: a warning that must not hide the errors (authoring.py) -----------
    case("no-text-beside-an-error",
         empty_text("header-only"), change(MEASURE, "## Wat is het?", "# Wat is het?"),
         expect=errors(
             f"content/{MEASURE}:24: heading: a level-1 heading “Wat is het?” in the text — the "
             "Title is the page's only level-1 heading: start section headings with `## `")),
    # -- raw HTML in the text (portal/markup.py) ------------------------------------------------
    case("html-script",
         text("Wie bijleert.\n\n<script>alert('hallo')</script>"), expect=errors(
             'content/measures/nl/opleiding.md:22: html: `<script>` is not allowed in the text — '
             'remove it: the portal runs no scripts from content (a content security policy '
             'blocks them)')),
    case("html-script-inline-from-another-site",
         text('Wie <script src="https://evil.example/x.js"></script>bijleert.'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<script>` is not allowed in the text — '
             'remove it: the portal runs no scripts from content (a content security policy '
             'blocks them)')),
    case("html-event-handler",
         text('<span onmouseover="alert(1)">Wie bijleert</span>, stapt over.'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: the event handler `onmouseover` on '
             '`<span>` is not allowed — remove the attribute: the portal runs no scripts from '
             'content')),
    case("html-event-handler-through-attribute-list",
         text('Wie bijleert.\n\n## Meer weten {: onclick="alert(1)" }\n\nVraag het.'),
         expect=errors(
             'content/measures/nl/opleiding.md:22: html: the event handler `onclick` on `<h2>` '
             'is not allowed — remove the attribute: the portal runs no scripts from content')),
    case("html-javascript-link",
         text("[Klik hier](javascript:alert(document.cookie))"), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `javascript:` addresses are not allowed '
             'in `href` — link to a web page (https://…), an e-mail address (mailto:) or an item '
             '({ref}slug)')),
    case("html-javascript-link-mixed-case-in-raw-html",
         text('<a href=" JaVaScRiPt:alert(1)">klik</a>'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `javascript:` addresses are not allowed '
             'in `href` — link to a web page (https://…), an e-mail address (mailto:) or an item '
             '({ref}slug)')),
    case("html-data-url",
         text('<a href="data:text/html;base64,PHNjcmlwdD4=">klik</a>'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `data:` addresses are not allowed in '
             '`href` — link to a web page (https://…), an e-mail address (mailto:) or an item '
             '({ref}slug)')),
    case("html-iframe-when-none-are-allowed",
         text('<iframe src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>'),
         expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<iframe>` is not allowed in the text — '
             'no site may be embedded yet: a developer can add its host to '
             'MARKDOWN_ALLOWED_IFRAME_HOSTS in pelicanconf.py')),
    case("html-iframe-from-a-host-not-allowed",
         text('<iframe src="https://evil.example/embed" title="Video"></iframe>'),
         expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<iframe>` from `evil.example` is not '
             'allowed — only https addresses on these hosts may be embedded: '
             'www.youtube-nocookie.com (setting MARKDOWN_ALLOWED_IFRAME_HOSTS in pelicanconf.py)'),
         MARKDOWN_ALLOWED_IFRAME_HOSTS=("www.youtube-nocookie.com",)),
    case("html-iframe-over-http",
         text('<iframe src="http://www.youtube-nocookie.com/embed/x" title="V"></iframe>'),
         expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<iframe>` address '
             '`http://www.youtube-nocookie.com/embed/x` does not start with https:// — embed '
             'only https pages: write `src="https://…"`'),
         MARKDOWN_ALLOWED_IFRAME_HOSTS=("www.youtube-nocookie.com",)),
    case("html-iframe-without-title",
         text('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'),
         expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<iframe>` has no title — add title="…" '
             'saying what it shows: screen readers announce it'),
         MARKDOWN_ALLOWED_IFRAME_HOSTS=("www.youtube-nocookie.com",)),
    case("html-style-attribute-with-expression",
         text('<p style="width: expression(alert(1))">Wie bijleert.</p>'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: the `style` attribute on `<p>` is not '
             'allowed — remove it: inline styles are blocked by the content security policy; the '
             'layout comes from the theme')),
    case("html-style-element",
         text("Wie bijleert.\n\n<style>body { display: none }</style>"), expect=errors(
             'content/measures/nl/opleiding.md:22: html: `<style>` is not allowed in the text — '
             "remove it: the layout comes from the theme's stylesheet")),
    case("html-form",
         text('<form action="https://evil.example/"><input name="pin"></form>'),
         expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<form>` is not allowed in the text — '
             'remove it: content may not run code, embed other documents or ask for input',
             'content/measures/nl/opleiding.md:20: html: `<input>` is not allowed in the text — '
             'remove it: content may not run code, embed other documents or ask for input')),
    case("html-svg-with-onload", text('<svg onload="alert(1)"></svg>'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<svg>` is not allowed in the text — '
             'remove it: content may not run code, embed other documents or ask for input')),
    case("html-object", text('<object data="/x.swf"></object>'), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<object>` is not allowed in the text — '
             'remove it: content may not run code, embed other documents or ask for input')),
    case("html-unknown-tag-that-would-swallow-text",
         text("Vraag het aan <VDAB-consulent> in je buurt."), expect=errors(
             'content/measures/nl/opleiding.md:20: html: `<vdab-consulent>` is not allowed in '
             'the text — write it in Markdown (**bold**, *italic*, lists, tables, links), or use '
             'an allowed tag (see HTML in docs/authors/writing.en.md)')),
    case("html-second-script-on-a-later-line",
         text("`<script>` in code is tekst.\n\n<script>a()</script>\n\n<script>b()</script>"),
         expect=errors(
             'content/measures/nl/opleiding.md:22: html: `<script>` is not allowed in the text — '
             'remove it: the portal runs no scripts from content (a content security policy '
             'blocks them)',
             'content/measures/nl/opleiding.md:24: html: `<script>` is not allowed in the text — '
             'remove it: the portal runs no scripts from content (a content security policy '
             'blocks them)')),
    case("html-setting-that-would-admit-scripts",
         expect=[
             'error: pelicanconf.py: MARKDOWN_EXTRA_TAGS: `<script>` can never be allowed in '
             'content — remove it (iframes: use MARKDOWN_ALLOWED_IFRAME_HOSTS)'],
         MARKDOWN_EXTRA_TAGS={"script": {"src"}}),
    # -- sector evidence (content/_data/sector-evidence.toml) -----------------------------------
    case("sector-without-evidence-or-from-an-uncited-source",
         write("_data/sector-evidence.toml",
               '[voorbeeld-gent-technologie]\nitem = "voorbeeld-gent"\nsector = "technologie"\n'
               'source = "ams-2021"\nquote = "Een zin uit het onderzoek."\n'),
         expect=errors(
             "content/cases/nl/voorbeeld-gent.md:10: Sources: the evidence for sector "
             "`technologie` comes from ams-2021, which this item does not cite — add ams-2021 to "
             "`Sources:`, or give evidence from a source the item cites in "
             "content/_data/sector-evidence.toml",
             *[f"content/measures/nl/{name}.md:{line}: Sectors: `zorg` has no evidence: no "
               "source sentence says this item belongs to that sector — add "
               f"`[{name}-zorg]` with `item = \"{name}\"`, `sector = \"zorg\"`, `source` and "
               "`quote` to content/_data/sector-evidence.toml, or remove the sector "
               "(docs/authors/README.md, 'Sectoren')"
               for name, line in (("klad", 9), ("later", 8), ("opleiding", 8),
                                  ("premie-corona", 9))])),
    # -- theme catalogs -------------------------------------------------------------------------
    case("catalog-broken-placeholder",
         theme_catalog("fr", 'msgid "Published on %(date)s"\nmsgstr "Publié le %(date)s"',
                       'msgid "Published on %(date)s"\nmsgstr "Publié le %(dat)s"'),
         expect=[
             f'error: TMP/theme/translations/fr/LC_MESSAGES/messages.po:{_published_on_line()}: '
             "`Published on %(date)s` has placeholders ['dat'] but needs ['date'] — copy them "
             'exactly, e.g. %(date)s'], THEME="{tmp}/theme"),
    case("catalog-missing",
         theme_catalog("nl", None), expect=[
             'error: theme/translations/nl/LC_MESSAGES/messages.po is missing — run `invoke '
             'i18n.update` to create it, then translate it'], THEME="{tmp}/theme"),
]


# -- running a case ---------------------------------------------------------------------------
def make_content(tmp_path: Path, ops: list[Op]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(BASE, content, symlinks=True)
    shutil.copy(BASE.parent / "addresses.tsv", tmp_path)  # the same old addresses as BASE
    shutil.copytree(CASE_FILES, tmp_path / "outside")
    for op in ops:
        op(content)
    return content


def previous_site(tmp_path: Path) -> Path:
    """An output/ as an earlier build left it."""
    out = tmp_path / "output"
    for rel, text in (("index.html", "<!doctype html><title>Overstap</title>"),
                      ("nl/index.html", "<!doctype html><title>Vorige versie</title>"),
                      ("nl/maatregelen/loopbaanbegeleiding/index.html", "vorige maatregel"),
                      ("theme/css/portal.css", "body { margin: 0 }")):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, "utf-8")
    return out


def run_case(tmp_path: Path, test_case: Case) -> tuple[int, list[str], Path, dict]:
    """Build the case; (exit code, report lines without warnings, output/, its digest before)."""
    content = make_content(tmp_path, test_case.ops)
    out = previous_site(tmp_path)
    before = tree_digest(out)
    settings = {k: v.format(tmp=tmp_path) if isinstance(v, str) else v
                for k, v in test_case.settings.items()}
    code, report = build(content, out, **settings)
    lines = [re.sub(r"^(\d+ error\(s\)), \d+ warning\(s\)\.$", r"\1.", line)
             for line in report.replace(str(tmp_path), "TMP").splitlines()
             if not line.endswith(" (warning)")]
    return code, lines, out, before


@pytest.mark.parametrize("test_case", CASES, ids=str)
def test_bad_content_is_refused_with_its_message(test_case, tmp_path):
    code, lines, out, before = run_case(tmp_path, test_case)
    assert lines == test_case.expect + ["Nothing was published: TMP/output is unchanged."]
    assert code == 1
    assert tree_digest(out) == before


# -- what must work ----------------------------------------------------------------------------
ENCODINGS = {
    "byte-order-mark": lambda raw: b"\xef\xbb\xbf" + raw,
    "windows-line-ends": lambda raw: raw.replace(b"\n", b"\r\n"),
    "byte-order-mark-and-windows-line-ends":
        lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
    "old-mac-line-ends": lambda raw: raw.replace(b"\n", b"\r"),
}


@pytest.fixture(scope="module")
def base_build(tmp_path_factory):
    """The untouched base content, built once: what the variants below must equal."""
    out = tmp_path_factory.mktemp("base") / "output"
    code, report = build(BASE, out)
    assert code == 0, report
    return tree_digest(out)


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encodings_that_must_work_give_the_same_site(name, tmp_path, base_build):
    convert = ENCODINGS[name]
    content = make_content(tmp_path, [recode(rel, convert) for rel in (MEASURE, MEASURE_FR)]
                           + [recode("_data/regions.toml", convert)])
    code, report = build(content, tmp_path / "output")
    assert code == 0, report
    assert tree_digest(tmp_path / "output") == base_build


def _page(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text("utf-8")


def test_hostile_text_in_a_header_is_escaped(tmp_path):
    content = make_content(tmp_path, [change_all(
        MEASURES, "Title: ", "Title: <script>alert(1)</script> & <b>")])
    code, report = build(content, tmp_path / "output")
    assert code == 0, report
    html = _page(tmp_path / "output", "nl/maatregelen/loopbaanbegeleiding")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Loopbaanbegeleiding" in html


def test_html_that_is_allowed_or_harmless_builds(tmp_path):
    body = "\n\n".join([
        "Code is text: `<script>alert(1)</script>`.",
        "```\n<iframe src=\"https://evil.example/\"></iframe>\n```",
        "<!-- a note for the editors -->",
        '<abbr title="Vlaamse Dienst voor Arbeidsbemiddeling">VDAB</abbr> helpt.',
        "| links | rechts |\n|:--|--:|\n| 1 | 2 |",
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Uitleg in beeld">'
        "</iframe>",
    ])
    content = make_content(tmp_path, [text(body)])
    code, report = build(content, tmp_path / "output",
                         MARKDOWN_ALLOWED_IFRAME_HOSTS=("www.youtube-nocookie.com",))
    assert code == 0, report
    html = _page(tmp_path / "output", "nl/maatregelen/opleiding")
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in html
    assert '<code>&lt;iframe src="https://evil.example/"&gt;' in html
    assert "a note for the editors" not in html
    assert '<abbr title="Vlaamse Dienst voor Arbeidsbemiddeling">VDAB</abbr>' in html
    assert "<th>links</th>" in html and "style=" not in html
    assert ('<iframe src="https://www.youtube-nocookie.com/embed/abc" '
            'title="Uitleg in beeld"></iframe>') in html


@pytest.mark.parametrize("name", sorted(EMPTY_TEXTS))
def test_an_item_with_no_text_builds_and_its_feeds_give_the_summary(name, tmp_path):
    """No traceback: the page shows the title, the summary and the fields; the feeds give the
    summary where the text would be (Atom: no atom:content; JSON Feed: content_text); search
    finds the page by its title."""
    content = make_content(tmp_path, [empty_text(name)])
    out = tmp_path / "output"
    code, report = build(content, out)
    assert code == 0, report
    html = _page(out, "nl/maatregelen/opleiding")
    summary = "Leren op het werk maakt een overstap makkelijker."
    assert "<h1>Opleiding</h1>" in html and summary in html
    table = name == "only-a-table"
    assert ("<th>Wie</th>" in html) == table
    assert "de tekst volgt" not in html and "Nieuw item" not in html
    atom = ET.parse(out / "nl" / "feeds" / "atom.xml").getroot()
    entry = next(e for e in atom.iter(ATOM + "entry") if e.findtext(ATOM + "title") == "Opleiding")
    assert entry.findtext(ATOM + "summary") == summary
    contents = entry.findall(ATOM + "content")
    assert ["<th>Wie</th>" in c.text for c in contents] == ([True] if table else [])
    doc = json.loads((out / "nl" / "feeds" / "feed.json").read_text("utf-8"))
    item = next(i for i in doc["items"] if i["title"] == "Opleiding")
    if table:
        assert "<th>Wie</th>" in item["content_html"] and "content_text" not in item
    else:
        assert item["content_text"] == summary and "content_html" not in item
    found = [json.loads(p.read_text("utf-8"))
             for p in (out / "search" / "nl" / "d").glob("*.json")]
    assert [d["t"] for d in found if d["u"] == "/nl/maatregelen/opleiding/"] == ["Opleiding"]


def test_the_corpus_has_at_least_forty_cases():
    assert len({c.id for c in CASES}) == len(CASES) >= 40


def _discover():  # pragma: no cover - a helper for writing new cases: python -m tests.test_...
    import tempfile

    for test_case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            code, lines, _, _ = run_case(Path(tmp), test_case)
        print(f"== {test_case.id} (exit {code})")
        print("\n".join(lines))


if __name__ == "__main__":
    _discover()

