"""Authoring checks: what a writer can get wrong in the text of an item, before it is published.

Every problem says where (file, line), what is wrong and what to do. Errors (a missing image, a
link to nowhere, an h1 in the text) stop the build like any content error; warnings are advice
(`invoke check --strict` turns them into errors, for CI). The reader (reader.py) already checks
every header field, including Summary (required, at most 200 characters).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import plain_language, terminology, urls
from .errors import Problem
from .markdown_text import HEADING_RE, Line, blocks, body_lines
from .messages import EXAMPLES, concat, msg
from .reader import Item
from .validate import by_slug, check_unpublished_targets

IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)>]*?)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
AUTOLINK_RE = re.compile(r"<((?:https?|mailto|tel|ftp):[^>\s]*)>")
REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
HTML_HREF_RE = re.compile(r"<a\b[^>]*\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))",
                          re.I)
HTML_H_RE = re.compile(r"<h([1-6])\b", re.I)
ATTR_RE = r"\b{}\s*=\s*[\"']([^\"']*)[\"']"
SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
HOST_RE = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$"
                     r"|^localhost$|^\d{1,3}(\.\d{1,3}){3}$")
MAIL_RE = re.compile(r"^[^@\s/]+@[^@\s/]+\.[^@\s/]+$")
TEL_RE = re.compile(r"^\+?[0-9][0-9 ().-]{5,}$")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")
IMAGES_URL = "/images/"


@dataclass(frozen=True)
class Vocabulary:
    """What the text checks know of the portal's words (content/_data): the terminology rules,
    the glossary's words per language (explained, so not "long"), and names of several words
    (organisations, documents' titles) that read as one. Made by `vocabulary`."""

    rules: tuple = ()
    known: dict = field(default_factory=dict)  # lang -> frozenset of lowercase words
    names: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        return repr((self.rules, sorted((k, sorted(v)) for k, v in self.known.items()),
                     self.names))


def vocabulary(taxonomies, langs) -> Vocabulary:
    """The Vocabulary of the loaded data files."""
    from .glossary import Glossary

    data = taxonomies.data if taxonomies is not None else {}
    glossary = Glossary.from_data(data.get("glossary"))
    rules = terminology.rules_from(data.get("terminology"), langs)
    names = [r.prefer for r in rules] + [r.avoid for r in rules]
    sources = taxonomies.terms.get("sources", {}) if taxonomies is not None else {}
    for term in sources.values():  # a document's title, quoted in a text, is a name
        names += re.split(r"(?<=[.?!])\s+", str(term.extra.get("reference", "")))
    for row in _organisations(taxonomies):
        names += [v for k, v in row.items() if k in langs and isinstance(v, str)]
        names += [v for v in (row.get("name") or {}).values() if isinstance(v, str)] \
            if isinstance(row.get("name"), dict) else []
    names = tuple(sorted({n.strip().rstrip(".") for n in names
                          if 1 < len(n.split()) <= 12 and n.strip()}))
    return Vocabulary(rules, {lang: glossary.known_words(lang) for lang in langs}, names)


def _organisations(taxonomies) -> list[dict]:
    """The rows of the organisations register (content/_data/organisations.toml), when there
    is one, as a data table or a taxonomy."""
    if taxonomies is None:
        return []
    table = taxonomies.data.get("organisations")
    if isinstance(table, dict) and table:
        return [row for row in table.values() if isinstance(row, dict)]
    terms = taxonomies.terms.get("organisations", {})
    return [{**term.labels, **term.extra} for term in terms.values()]


@dataclass
class SiteLinks:
    """What the link checks know of the portal's addresses (made by the portal's site model,
    see editorial/links.py)."""

    pages: dict[str, str]  # url -> published | draft | scheduled | expired
    page_lang: dict[str, str]  # url -> language of the page
    alternates: dict[str, dict[str, str]]  # url -> {lang: url of the same page}
    sections: set[str]  # "/nl/maatregelen": folders the page plan fills
    other_sections: set[str]  # "/nl/feeds": folders other build steps fill (not checked)
    static: dict[str, Path] = field(default_factory=dict)  # url prefix -> folder


def check(items: list[Item], root: Path, content_dir: Path, default_lang: str,
          links: SiteLinks | None, today: dt.date, plain: bool = True,
          subjects: list[Item] | None = None, cache: dict | None = None,
          words: Vocabulary | None = None) -> list[Problem]:
    """Every authoring check on every item (or only on `subjects`, seen among all `items`).
    `links` None: root-relative links are not checked. `cache` (path -> (key, problems)) keeps
    each item's own problems by the digest of its file and of its source translation; the
    caller empties it when the links, the static files or `plain` change."""
    problems: list[Problem] = []
    groups = by_slug(items)
    for item in items if subjects is None else subjects:
        source = groups.get(item.meta.get("slug"), {}).get(default_lang)
        source = source if source is not item else None
        key = (item.digest, source.digest if source is not None else "")
        hit = cache.get(item.path) if cache is not None else None
        if hit is not None and hit[0] == key:
            problems += hit[1]
            continue
        found = check_item(item, source, content_dir, links, plain, words)
        if cache is not None:
            cache[item.path] = (key, found)
        problems += found
    problems += check_unpublished_targets(items, default_lang, today)
    if subjects is None:
        return problems
    paths = {item.path for item in subjects}
    return [p for p in problems if p.path in paths]


def check_item(item: Item, source: Item | None, content_dir: Path, links: SiteLinks | None,
               plain: bool, words: Vocabulary | None = None) -> list[Problem]:
    """The checks of one item's own text (`source`: the default language's version)."""
    problems: list[Problem] = []
    lines = body_lines(item.body, item.body_line)
    problems += check_images(item, lines, content_dir)
    problems += check_headings(item, lines)
    problems += check_empty_sections(item, lines)
    problems += check_links(item, lines, links)
    problems += check_summary(item)
    problems += check_empty(item, lines)
    if source is not None:
        problems += check_untranslated(item, source)
    words = words or Vocabulary()
    if plain:
        problems += plain_language.check_text(
            item.path, item.lang, item.body, item.body_line,
            [(item.line("summary"), item.meta.get("summary", ""))],
            item.meta.get("title", ""), words.known.get(item.lang, frozenset()),
            _names_pattern(words.names))
        problems += terminology.check_item(item, words.rules)
    return problems


@functools.lru_cache(maxsize=4)
def _names_pattern(names: tuple[str, ...]):
    return plain_language.names_pattern(names)


#: Markdown's backslash escapes: the address a page gets has the character, not the backslash.
MARKDOWN_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def unescaped(address: str) -> str:
    """An address as Markdown writes it into the page (`\\.` is `.`, `\\\\` is `\\`)."""
    return MARKDOWN_ESCAPE.sub(r"\1", address)


# -- images -----------------------------------------------------------------------------------
def _images(lines: list[Line]):
    for line in lines:
        for match in IMAGE_RE.finditer(line.text):
            yield line.number, match.group(1).strip(), unescaped(match.group(2))
        for tag in HTML_IMG_RE.findall(line.text):
            alt = re.search(ATTR_RE.format("alt"), tag)
            src = re.search(ATTR_RE.format("src"), tag)
            yield line.number, alt.group(1).strip() if alt else "", src.group(1) if src else ""


def check_images(item: Item, lines: list[Line], content_dir: Path) -> list[Problem]:
    problems = []
    for number, alt, src in _images(lines):
        if not alt:
            problems.append(Problem(item.path, number, "image", msg("`{src}` has no alt text",
                                                                    src=src),
                                    msg("describe what the image shows between the brackets: "
                                        "`![{example}]({src})`", src=src,
                                        example=EXAMPLES.get(("alt", item.lang),
                                                             EXAMPLES["alt", "nl"])),
                                    code="image-no-alt"))
        problems += _image_source(item, number, src, content_dir)
    return problems


def _image_source(item: Item, number: int, src: str, content_dir: Path) -> list[Problem]:
    def bad(message: str, hint: str, code: str) -> list[Problem]:
        return [Problem(item.path, number, "image", message, hint, code=code)]

    put = msg("put the file in content/images/ and write `![description](/images/name.jpg)`")
    if not src:
        return bad(msg("has no file"), put, code="image-no-file")
    resolved = urls.resolve(src)  # as browsers read it
    if resolved is None or urls.judge(src, image=True) is not None:
        return []  # another site, another scheme, unreadable: the raw-HTML check refuses it
    if not resolved.path.startswith(IMAGES_URL):
        return bad(
            msg("`{src}` is not an address under /images/", src=src),
            put,
            code="image-not-in-images",
        )
    name = resolved.path[len(IMAGES_URL):]
    path = content_dir / "images" / name
    if not path.is_file():
        return bad(msg("`{src}`: there is no file content/images/{name}", src=src, name=name),
                   _close_file(path) or put, code="image-missing")
    if path.suffix.lower() not in IMAGE_EXTENSIONS:
        return bad(
            msg("`{src}` is not an image", src=src),
            msg(
                "use one of: {join_image_extensions}",
                join_image_extensions=", ".join(IMAGE_EXTENSIONS),
            ),
            code="image-not-image",
        )
    return []


def _close_file(path: Path) -> str:
    if not path.parent.is_dir():
        return ""
    names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    return (
        msg("did you mean `{close_0}`? (names are case-sensitive)", close_0=close[0])
        if close
        else ""
    )


# -- headings ---------------------------------------------------------------------------------
def _headings(lines: list[Line]):
    previous = None
    for line in lines:
        match = HEADING_RE.match(line.text)
        setext = SETEXT_RE.match(line.text)
        if match:
            yield line.number, len(match.group(1)), match.group(2)
        elif setext and previous is not None and previous.text.strip() \
                and not HEADING_RE.match(previous.text):
            yield previous.number, 1 if setext.group(1)[0] == "=" else 2, previous.text.strip()
        for level in HTML_H_RE.findall(line.text):
            yield line.number, int(level), ""
        previous = line


def check_headings(item: Item, lines: list[Line]) -> list[Problem]:
    """The title is the page's only level-1 heading; the text starts at `##` and goes down one
    level at a time."""
    problems, level = [], 1
    for number, found, text in _headings(lines):
        shown = f" “{text}”" if text else ""
        if found == 1:
            problems.append(Problem(item.path, number, "heading",
                                    msg("a level-1 heading{shown} in the text", shown=shown),
                                    msg("the Title is the page's only level-1 heading: start "
                                        "section headings with `## `"), code="heading-level-1"))
        elif found > level + 1:
            problems.append(Problem(item.path, number, "heading",
                                    msg("jumps from level {level} to level {found}{shown}",
                                        level=level, found=found, shown=shown),
                                    msg("use {level_1} here (go down one level at a time, so "
                                        "screen readers can follow the outline)",
                                        level_1='#' * (level + 1)),
                                    code="heading-jump"))
        level = max(found, 2) if found == 1 else found
    return problems


def check_empty_sections(item: Item, lines: list[Line]) -> list[Problem]:
    """A heading with no text under it (as `invoke new` leaves them) is a warning. A text with
    no block at all (empty, blank, only a table or a comment) has no section: `check_empty`."""
    problems = []
    for block, after in itertools.pairwise([*blocks(lines), None]):
        if block.kind == "heading" and (after is None or after.kind == "heading"
                                        and _level(after) <= _level(block)):
            title = HEADING_RE.match(block.lines[0].text).group(2)
            problems.append(Problem(item.path, block.number, "heading",
                                    msg("the section “{title}” has no text", title=title),
                                    msg("write the text under the heading, or remove the "
                                        "heading"),
                                    "warning", code="section-empty"))
    return problems


def _level(block) -> int:
    return len(HEADING_RE.match(block.lines[0].text).group(1))


# -- links ------------------------------------------------------------------------------------
def _links(lines: list[Line]):
    for line in lines:
        for regex in (LINK_RE, AUTOLINK_RE, HTML_HREF_RE):
            for match in regex.finditer(line.text):
                found = next(g for g in match.groups() if g is not None)
                yield line.number, unescaped(found) if regex is LINK_RE else found
        refdef = REFDEF_RE.match(line.text)
        if refdef:
            yield line.number, unescaped(refdef.group(1))


def check_links(item: Item, lines: list[Line], links: SiteLinks | None) -> list[Problem]:
    problems = []
    for number, url in _links(lines):
        for message, hint, severity, code in _link_problems(item, url, links):
            problems.append(Problem(item.path, number, "link", message, hint, severity, code))
    return problems


def _link_problems(item: Item, url: str, links: SiteLinks | None):
    if url.startswith(("{ref}", "{org}", "#")):
        return []  # {ref} links are checked with the references (validate.py), {org} links
        # with the organisations register (organisations.py)
    if not url:
        return [(msg("is empty"), msg("write the address between the brackets: "
                                 "`[text](https://...)`, `[text]({{ref}}slug)` or "
                                 "`[text](/{lang}/...)`", lang=item.lang or "nl"), "error",
                 "link-empty")]
    verdict = urls.judge(url)
    if verdict is not None and verdict.code in ("url-scheme", "url-climbs"):
        return []  # an address that may not be published: the raw-HTML check reports it
    found = _written_link_problems(item, url, links)
    if verdict is not None and (verdict.code == "url-disguised" or  # it says where it leads
                                not any(severity == "error" for _, _, severity, _ in found)):
        return [(verdict.message, verdict.hint, "error", verdict.code)]
    return found


def _written_link_problems(item: Item, url: str, links: SiteLinks | None):
    """What is wrong with a link as it is written (the specific mistakes people make);
    `_link_problems` adds what browsers would make of it (content_model/urls.py)."""
    if url.startswith("{"):
        return [(msg("`{url}`: the portal only knows `{{ref}}` and `{{org}}`", url=url),
                 msg("link to another item with `[text]({{ref}}slug)`, to an organisation with "
                     "`[text]({{org}}key)`"), "error", "link-placeholder")]
    try:
        parts = urlsplit(url)
    except ValueError:  # what urllib cannot split: urls.judge says what browsers make of it
        return []
    if parts.scheme:
        return _external(url, parts)
    if url.startswith("//"):
        return [
            (
                msg("`{url}` has no https:", url=url),
                msg("write `https:{url}`", url=url),
                "error",
                "link-no-scheme",
            )
        ]
    if url.startswith("/"):
        return _internal(item, parts.path, links)
    return [(msg("`{url}` is not a full address", url=url),
             msg("write `https://` in front of a website (`https://www.vdab.be`), "
                 "`{{ref}}slug` for another item or `/{lang}/...` for a page of the portal",
                 lang=item.lang or "nl"), "error", "link-not-full")]


def _external(url: str, parts) -> list:
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        problem = _web_address(url, parts)
    elif scheme == "mailto":
        problem = None if MAIL_RE.match(parts.path) else msg("is not an e-mail address")
    elif scheme == "tel":
        problem = None if TEL_RE.match(parts.path) else msg("is not a phone number")
    else:
        return []  # another scheme: refused by the raw-HTML check (portal/markup.py)
    return [(f"`{url}` {problem}", msg("copy the address from the browser's address bar"),
             "error", "link-malformed")] if problem else []


def _web_address(url: str, parts) -> str | None:
    if " " in url:
        return msg("contains a space")
    if not url.lower().startswith(("http://", "https://")):
        return msg("needs two slashes after the colon")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return msg("has a port that is not a number")
    host = parts.hostname or ""
    if not host:
        return msg("has no website name")
    if not HOST_RE.match(host):
        return msg("has `{host}`, which is not a website name", host=host)
    return None


def _internal(item: Item, path: str, links: SiteLinks | None) -> list:
    if links is None:
        return []
    for prefix, folder in links.static.items():
        if path.startswith(prefix):
            exists = (folder / path[len(prefix):]).is_file()
            return [] if exists else [(msg("`{path}`: no such file", path=path),
                                       msg("put it in {folder_name}/ or correct the address",
                                           folder_name=folder.name),
                                       "error", "link-no-file")]
    page = path if path.endswith("/") or path.endswith(".html") else path + "/"
    state = links.pages.get(page)
    if state is None:
        return _missing(path, page, links)
    problems = []
    if page != path:
        problems.append(
            (
                msg("`{path}` lacks the closing slash", path=path),
                f"write `{page}`",
                "warning",
                "link-no-slash",
            )
        )
    problems += _state(path, state)
    problems += _other_language(item, path, page, links)
    return problems


def _missing(path: str, page: str, links: SiteLinks) -> list:
    folder = "/".join(page.split("/")[:3])
    if folder in links.other_sections and folder not in links.sections:
        return []  # feeds, embeds ...: written by other build steps, not known here
    close = difflib.get_close_matches(page, list(links.pages), n=1, cutoff=0.75)
    hint = msg("did you mean `{close_0}`? ", close_0=close[0]) if close else ""
    return [
        (
            msg("`{path}` is not a page of the portal", path=path),
            concat(hint, msg("to link to an item, write `{{ref}}slug`: it always finds the page")),
            "error",
            "link-no-page",
        )
    ]


def _state(path: str, state: str) -> list:
    if state == "published":
        return []
    return [(msg("`{path}` is {state}: on the public site the link leads nowhere", path=path,
                 state=state),
             msg("remove the link, or publish the page first"), "warning", "link-unpublished")]


def _other_language(item: Item, path: str, page: str, links: SiteLinks) -> list:
    lang = links.page_lang.get(page)
    if not lang or lang == item.lang or item.lang not in links.page_lang.values():
        return []
    same = links.alternates.get(page, {}).get(item.lang)
    hint = (
        msg("link to `{same}`, the {item_lang} version", same=same, item_lang=item.lang)
        if same
        else msg(
            "there is no {item_lang} version; say in the text that the page is in another language",
            item_lang=item.lang,
        )
    )
    return [
        (
            msg("`{path}` is a page in another language ({lang})", path=path, lang=lang),
            hint,
            "warning",
            "link-other-language",
        )
    ]


# -- summary, empty text, translations --------------------------------------------------------
def check_summary(item: Item) -> list[Problem]:
    summary = item.meta.get("summary") or ""
    count = len(re.findall(r"[.!?](?:\s|$)", summary.strip() + " "))
    if count <= 2:
        return []
    return [Problem(item.path, item.line("summary"), "Summary", msg("has {count} sentences",
                                                                    count=count),
                    msg("keep it to one or two sentences: it is shown in lists and previews"),
                    "warning", code="summary-sentences")]


def check_empty(item: Item, lines: list[Line]) -> list[Problem]:
    """A measure, case or story with no text (nothing after the header, blank lines, spaces,
    only a comment) is a warning, not an error: a draft from `invoke new` starts like that, and
    the page works (it shows the summary and the fields). A table or a heading is text."""
    if item.type not in ("measure", "case", "story") or any(ln.text.strip() for ln in lines):
        return []
    # blank lines after the header are skipped: point at the line after the header, in the file
    line = item.body_line if item.body.strip() else max(item.lines.values(), default=0) + 1
    return [Problem(item.path, line, "text", msg("the item has no text"),
                    msg("write the text below the header (the page would show only the summary)"),
                    "warning", code="text-empty")]


def check_untranslated(item: Item, source: Item) -> list[Problem]:
    """Paragraphs still identical to the Dutch text in a translation."""
    dutch = {_norm(b) for b in blocks(body_lines(source.body, 1)) if len(_norm(b).split()) >= 6}
    problems = []
    for block in blocks(body_lines(item.body, item.body_line)):
        if _norm(block) in dutch:
            problems.append(
                Problem(
                    item.path,
                    block.number,
                    "text",
                    msg("this paragraph is still the {source_lang} text", source_lang=source.lang),
                    msg("translate it into {item_lang}", item_lang=item.lang),
                    "warning",
                    code="text-untranslated",
                )
            )
    return problems


def _norm(block) -> str:
    return " ".join(" ".join(line.text for line in block.lines).split())
