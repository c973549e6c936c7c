"""Markdown bodies to safe HTML: `{ref}` links resolved, headings anchored, HTML sanitised.

Raw HTML in Markdown passes two gates (see docs/dev/security.md):

1. `check_items` (before anything is built): every construct that is dangerous, or that the
   sanitiser would silently drop where an author would notice, is a content error with file
   and line: `<script>`, `<style>`, any tag not on the allowlist, event handler attributes,
   `style`/`srcdoc` attributes, URLs with a scheme other than http(s)/mailto/tel,
   images from another site, `<iframe>` from a host not in MARKDOWN_ALLOWED_IFRAME_HOSTS.
2. `sanitise` (nh3, an allowlist): whatever reaches the page is cut down to the allowed tags,
   attributes and URL schemes, even if a check above missed it. Harmless attributes that are
   not on the list (class, align, target, data-*) and HTML comments are dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import markdown
import nh3
from markdown.extensions.toc import slugify as toc_slugify

from content_model import Problem, urls
from content_model.markdown_text import outside_code
from content_model.messages import msg
from content_model.organisations import LINK_RE as ORG_LINK_RE
from content_model.validate import REF_RE

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
    "ol": {"start"},
    "time": {"datetime"},
}
IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allow", "allowfullscreen"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: What the authoring link check says about a link (with the mistake it recognises).
LINK_VERDICTS = {"url-invalid", "url-disguised"}
ANY_REF_RE = re.compile(r"\{(?:ref|org)\}[^\s\"'<>]*")
#: Never admitted, not even through MARKDOWN_EXTRA_TAGS: they run code, load other
#: documents or take input.
FORBIDDEN_TAGS = {
    "applet", "base", "button", "embed", "form", "frame", "frameset", "iframe", "input",
    "link", "math", "meta", "noscript", "object", "portal", "script", "select", "style", "svg",
    "template", "textarea",
}
#: h1 is produced by a `# ` heading; the authoring check reports it (nh3 keeps its text).
LEFT_TO_AUTHORING = {"h1"}
#: Markdown writes table column alignment as a style attribute; nh3 drops it.
MARKDOWN_ALIGN = re.compile(r"text-align: (left|right|center);")
#: Attributes browsers read as addresses (judged wherever a setting admits them; an iframe's
#: src is checked against the allowed hosts).
URL_ATTRIBUTES = {"action", "archive", "background", "cite", "codebase", "data", "formaction",
                  "href", "icon", "longdesc", "lowsrc", "manifest", "ping", "poster", "src",
                  "srcset", "xlink:href"}


class SettingsError(Exception):
    """MARKDOWN_* settings that would let unsafe HTML through."""

    exitcode = 1


@dataclass(frozen=True)
class Policy:
    """What raw HTML an author may write: the house allowlist plus the settings."""

    iframe_hosts: frozenset[str] = frozenset()
    extra: dict[str, frozenset[str]] = field(default_factory=dict)
    #: ids the theme gives its own elements (`main`, `embed-code-3` ...): an id in content
    #: that equals one (or starts like a numbered one) would break the skip link, the embed
    #: panel's copy button, a label.
    theme_ids: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ())

    @classmethod
    def from_settings(cls, settings) -> Policy:
        hosts = frozenset(h.lower() for h in settings.get("MARKDOWN_ALLOWED_IFRAME_HOSTS", ()))
        extra = {tag.lower(): frozenset(a.lower() for a in attrs)
                 for tag, attrs in (settings.get("MARKDOWN_EXTRA_TAGS") or {}).items()}
        for tag, attrs in sorted(extra.items()):
            if tag in FORBIDDEN_TAGS:
                raise SettingsError(f"pelicanconf.py: MARKDOWN_EXTRA_TAGS: `<{tag}>` can never "
                                    "be allowed in content — remove it (iframes: use "
                                    "MARKDOWN_ALLOWED_IFRAME_HOSTS)")
            for attr in sorted(attrs):
                if _dangerous_attribute(attr):
                    raise SettingsError(f"pelicanconf.py: MARKDOWN_EXTRA_TAGS: `{attr}` on "
                                        f"`<{tag}>` can never be allowed — remove it")
        return cls(hosts, extra, theme_ids(settings.get("THEME") or DEFAULT_THEME))

    def reserved_id(self, value: str) -> bool:
        exact, prefixes = self.theme_ids
        return value.lower() in exact or value.lower().startswith(prefixes)

    @cached_property
    def tags(self) -> set[str]:
        return ALLOWED_TAGS | set(self.extra) | ({"iframe"} if self.iframe_hosts else set())

    @cached_property
    def attributes(self) -> dict[str, set[str]]:
        merged = {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}
        for tag, attrs in self.extra.items():
            merged.setdefault(tag, set()).update(attrs)
        if self.iframe_hosts:
            merged["iframe"] = set(IFRAME_ATTRIBUTES)
        return merged


class Renderer:
    """One Markdown instance reused for every body (resetting is cheaper than creating)."""

    def __init__(self, extensions, policy: Policy | None = None):
        self.policy = policy or Policy()
        reserved = self.policy.reserved_id

        def heading_id(text: str, separator: str) -> str:
            """toc's id, never one the page itself uses (a heading "Main" gets `main-1`)."""
            made = toc_slugify(text, separator)
            return f"{made}{separator}1" if reserved(made) else made

        self.md = markdown.Markdown(extensions=extensions, extension_configs={
            "toc": {"permalink": False, "slugify": heading_id},
            "smarty": {"smart_angled_quotes": False},
        })

    def convert(self, text: str) -> str:
        """Markdown to HTML, not yet sanitised."""
        return self.md.reset().convert(text)

    def render(self, text: str, resolve, converted: str | None = None,
               resolve_org=None) -> str:
        """Safe HTML of a body: converted (or `converted`, what `check_item` kept, so the
        Markdown is not converted twice), `{ref}` links resolved, `{org}` links to the
        organisations register (`resolve_org(key)`) resolved, sanitised."""
        html = self.convert(text) if converted is None else converted
        html = REF_RE.sub(lambda m: resolve(m.group(1)), html)
        if resolve_org is not None:
            html = ORG_LINK_RE.sub(lambda m: resolve_org(m.group(1)), html)
        return sanitise(html, self.policy)


DEFAULT_THEME = Path(__file__).resolve().parent.parent.parent / "theme"
THEME_ID_RE = re.compile(r'\bid="([A-Za-z][\w-]*?)(-?\{\{|")')


@lru_cache(maxsize=8)
def theme_ids(theme: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(ids, prefixes of numbered ids) written in the theme's templates."""
    exact, prefixes = set(), set()
    for path in sorted(Path(theme, "templates").rglob("*.html")):
        for name, end in THEME_ID_RE.findall(path.read_text("utf-8")):
            (exact if end == '"' else prefixes).add(name.lower() + ("-" if end != '"' else ""))
    return frozenset(exact), tuple(sorted(prefixes))


def sanitise(html: str, policy: Policy | None = None) -> str:
    policy = policy or Policy()
    return nh3.clean(html, tags=policy.tags, attributes=policy.attributes,
                     url_schemes=URL_SCHEMES, link_rel=None,
                     attribute_filter=_iframe_filter(policy.iframe_hosts))


def _iframe_filter(hosts):
    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "iframe" and attr == "src" and _iframe_host(value) not in hosts:
            return None
        return value
    return keep


def _iframe_host(url: str) -> str | None:
    """The host an iframe's address loads from, when it is a plain https address."""
    resolved = urls.resolve(url)
    plain = urls.normal(url)
    if resolved and resolved.scheme == "https" and resolved.other_site and \
            urls.PLAIN_OTHER_SITE.match(plain) and "\\" not in plain:
        return resolved.host
    return None


def _scheme(url: str) -> str:
    match = urls.SCHEME.match(urls.normal(url))
    return match.group(1).lower() if match else ""


def _dangerous_attribute(name: str) -> bool:
    return name.startswith("on") or name in ("style", "srcdoc", "formaction")


# -- the check: what an author wrote that the page would not show as written -------------------
@dataclass(frozen=True)
class Finding:
    """One rejected construct in the rendered HTML; `needle` finds its line in the source."""

    needle: str
    message: str
    hint: str
    code: str = ""


class _Scanner(HTMLParser):
    def __init__(self, policy: Policy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.findings: list[Finding] = []

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def _check_tag(self, tag: str, attrs) -> None:
        if tag in LEFT_TO_AUTHORING:
            return
        if tag not in self.policy.tags:
            self.findings.append(_tag_finding(tag))
            return
        for name, value in attrs:
            finding = _attribute_finding(tag, name, value or "", self.policy)
            if finding:
                self.findings.append(finding)
        if tag == "iframe":
            self.findings += _iframe_findings(dict(attrs), self.policy)


def _tag_finding(tag: str) -> Finding:
    if tag == "script":
        return Finding("<script", msg("`<script>` is not allowed in the text"),
                       msg("remove it: the portal runs no scripts from content (a content "
                           "security policy blocks them)"))
    if tag == "style":
        return Finding("<style", msg("`<style>` is not allowed in the text"),
                       msg("remove it: the layout comes from the theme's stylesheet"))
    if tag == "iframe":
        return Finding("<iframe", msg("`<iframe>` is not allowed in the text"),
                       msg("no site may be embedded yet: a developer can add its host to "
                           "MARKDOWN_ALLOWED_IFRAME_HOSTS in pelicanconf.py"))
    if tag in FORBIDDEN_TAGS:
        return Finding(f"<{tag}", msg("`<{tag}>` is not allowed in the text", tag=tag),
                       msg("remove it: content may not run code, embed other documents or ask "
                           "for input"))
    return Finding(f"<{tag}", msg("`<{tag}>` is not allowed in the text", tag=tag),
                   msg("write it in Markdown (**bold**, *italic*, lists, tables, links), or "
                       "use an allowed tag (see HTML in docs/authors/writing.en.md)"))


def _attribute_finding(tag: str, name: str, value: str, policy: Policy) -> Finding | None:
    if name.startswith("on"):
        return Finding(name, msg("the event handler `{name}` on `<{tag}>` is not allowed",
                                 name=name, tag=tag),
                       msg("remove the attribute: the portal runs no scripts from content"))
    if name == "style" and not (tag in ("th", "td") and MARKDOWN_ALIGN.fullmatch(value)):
        return Finding("style", msg("the `style` attribute on `<{tag}>` is not allowed", tag=tag),
                       msg("remove it: inline styles are blocked by the content security "
                           "policy; the layout comes from the theme"))
    if name == "id" and policy.reserved_id(value):
        return Finding(value, msg("the id `{value}` on `<{tag}>` is one the page itself uses",
                                  value=value, tag=tag),
                       msg("choose another id (the portal's own elements, such as the main "
                           "text and the embed code, must stay unique)"), "id-reserved")
    if name in ("srcdoc", "formaction"):
        return Finding(name, msg("the `{name}` attribute on `<{tag}>` is not allowed", name=name,
                                 tag=tag),
                       msg("remove the attribute"))
    if name in URL_ATTRIBUTES and tag != "iframe" and name in policy.attributes.get(tag, ()):
        return _url_finding(tag, name, value)
    return None


def _url_finding(tag: str, name: str, value: str) -> Finding | None:
    """An address judged as browsers read it (content_model/urls.py); in `srcset`, each
    candidate's address."""
    values = [c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" \
        else [value]
    for one in values:
        verdict = urls.judge(one, image=tag == "img")
        if verdict is None or (tag, name) == ("a", "href") and verdict.code in LINK_VERDICTS:
            continue  # a link's form is the link check's (content_model/authoring.py)
        if verdict.code == "url-scheme":
            scheme = urls.SCHEME.match(urls.normal(one))
            needle = f"{scheme.group(1).lower()}:" if scheme else one
            return Finding(needle, f"{verdict.message} in `{name}`", verdict.hint, verdict.code)
        return Finding(urls.normal(one), verdict.message, verdict.hint, verdict.code)
    return None


def _iframe_findings(attrs: dict, policy: Policy) -> list[Finding]:
    src = attrs.get("src") or ""
    host = _iframe_host(src)
    findings = []
    if _scheme(src) != "https":
        findings.append(Finding("<iframe", msg("`<iframe>` address `{src}` does not start with "
                                               "https://",
                                               src=src), msg("embed only https pages: write "
                                                                         "`src=\"https://…\"`")))
    elif host not in policy.iframe_hosts:
        resolved = urls.resolve(src)
        shown = resolved.host if resolved and resolved.host else src or msg("(no src)")
        findings.append(
            Finding(
                "<iframe",
                msg("`<iframe>` from `{shown}` is not allowed", shown=shown),
                msg(
                    "only https addresses on these hosts may be embedded: "
                    "{join_sorted_policy_iframe_host} (setting "
                    "MARKDOWN_ALLOWED_IFRAME_HOSTS in pelicanconf.py)",
                    join_sorted_policy_iframe_host=", ".join(sorted(policy.iframe_hosts)),
                ),
            )
        )
    if not (attrs.get("title") or "").strip():
        findings.append(Finding("<iframe", msg("`<iframe>` has no title"),
                                msg("add title=\"…\" saying what it shows: screen readers "
                                    "announce it")))
    return findings


def find_rejected(html: str, policy: Policy) -> list[Finding]:
    """Every rejected construct, as the standard library's tokenizer reads the HTML and as
    a browser's parser builds it (html5lib, the WHATWG parsing algorithm): where the two
    disagree (`--!>` ends a comment, `<img/src=…/onerror=…>`, a tag in an unclosed
    attribute), the construct the browser would build is reported too. A construct both
    find is reported as often as the one that finds it more often."""
    scanner = _Scanner(policy)
    scanner.feed(html)
    scanner.close()
    browser = _Scanner(policy)
    for tag, attrs in _browser_elements(html):
        browser._check_tag(tag, attrs)
    counts = Counter(scanner.findings)
    for finding, count in Counter(browser.findings).items():
        counts[finding] = max(counts[finding], count)
    ordered = list(dict.fromkeys(scanner.findings + browser.findings))
    return [f for f in ordered for _ in range(counts[f])]


def _browser_elements(html: str):
    """(tag, [(attribute, value)]) of every element a browser builds from `html`, in
    document order; names without their namespace (`xlink:href` keeps its prefix)."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue  # comments (never published: the sanitiser drops them)
        yield _local(element.tag), [(_local(k), v) for k, v in element.attrib.items()]


def _local(name: str) -> str:
    if name.startswith("{"):
        space, _, local = name[1:].partition("}")
        return f"xlink:{local}" if space.endswith("/xlink") else local.lower()
    return name.lower()


def _searchable_lines(body: str) -> list[str]:
    """Body lines outside code, lowercased (the needles are)."""
    return [line.lower() for line in outside_code(body)]


def _across_lines(lines: list[str], needle: str) -> list[int]:
    """The lines on which `needle` starts when line ends (and the spaces around them) are
    not counted: an address broken over two lines (browsers drop the line end)."""
    joined, starts = "", []
    for number, line in enumerate(lines):
        starts.append((len(joined), number))
        joined += line.strip()
    found, at = [], joined.find(needle)
    while at >= 0 and needle:
        found.append(max(n for start, n in starts if start <= at))
        at = joined.find(needle, at + 1)
    return found


def locate(body: str, body_line: int, findings: list[Finding]) -> list[int]:
    """The source line of each finding: the n-th finding with a needle is at the n-th line
    holding it (outside code); the first line of the text when it cannot be found."""
    lines = _searchable_lines(body)
    seen: dict[str, int] = defaultdict(int)
    found = []
    for finding in findings:
        needle = finding.needle.lower()
        places = [n for n, line in enumerate(lines) for _ in range(line.count(needle))] or \
            _across_lines(lines, needle)
        index = seen[needle]
        seen[needle] += 1
        offset = places[min(index, len(places) - 1)] if places else 0
        found.append(body_line + offset)
    return found


#: Python-Markdown's attribute list (`{: #id .class key="value" }`), as its extension reads it.
ATTR_LIST_RE = re.compile(r"\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")
ATTR_NAME_RE = re.compile(r"(?:^|\s)([A-Za-z_:][\w:.-]*)\s*=")


def _attribute_list_problems(item) -> list[Problem]:
    """An address set through an attribute list (`[x](/a){: href="//elsewhere" }`) would
    replace the one the link checks judged: refused, as is an attribute list without
    Markdown's attr_list extension reading it as one."""
    problems = []
    for offset, line in enumerate(_searchable_lines(item.body)):
        for found in ATTR_LIST_RE.finditer(line):
            names = {n.lower() for n in ATTR_NAME_RE.findall(found.group(1))}
            if names & URL_ATTRIBUTES:
                problems.append(Problem(
                    item.path, item.body_line + offset, "html",
                    msg("an attribute list sets `{sorted_names_url_attributes_0}`",
                        sorted_names_url_attributes_0=sorted(names & URL_ATTRIBUTES)[0]),
                    msg("write the address in the link or image itself: `[text](address)`"),
                    code="attribute-list-address"))
    return problems


def check_item(item, renderer: Renderer) -> list[Problem]:
    """Every rejected raw-HTML construct in one item's text, with its line. The converted
    Markdown (not yet safe) is kept in item.extra["markdown_html"] for `Renderer.render`."""
    try:
        html = item.extra["markdown_html"] = renderer.convert(item.body)
    except RecursionError:  # what content_model/bounds.py did not foresee
        item.extra["markdown_html"] = ""
        return [
            Problem(
                item.path,
                item.body_line,
                "text",
                msg("the text is nested too deeply to be converted"),
                msg("write fewer levels of lists, quotes and emphasis inside one another"),
                code="markdown-nesting",
            )
        ]
    # {ref} links, well formed or not, are the reference check's (content_model/validate.py)
    findings = find_rejected(ANY_REF_RE.sub("/", html), renderer.policy)
    lines = locate(item.body, item.body_line, findings)
    return [Problem(item.path, line, "html", f.message, f.hint, code=f.code or "html")
            for f, line in zip(findings, lines, strict=True)] + _attribute_list_problems(item)


def check_items(items, settings) -> list[Problem]:
    """The raw-HTML check over every item (drafts too), for the build and `invoke check`."""
    renderer = Renderer(settings["MARKDOWN_EXTENSIONS"], Policy.from_settings(settings))
    return [p for item in items for p in check_item(item, renderer)]
