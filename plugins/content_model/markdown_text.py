"""What the authoring checks see of a Markdown body: its lines, outside code and comments.

Each checked line keeps its number in the file, so every problem can say where it is. The
portal renders bodies with Python-Markdown; these helpers only recognise what authors write
(headings, paragraphs, list items, links, images), they do not render anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
COMMENT_START, COMMENT_END = "<!--", "-->"
LIST_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)(.*?)\s*#*\s*$")
TABLE_RE = re.compile(r"^\s*\|")
INLINE_CODE_RE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Line:
    number: int  # line number in the file
    text: str  # the line, inline code blanked


def body_lines(body: str, first_line: int) -> list[Line]:
    """The body's lines that hold text: fenced code blocks and HTML comments left out."""
    lines, in_fence, in_comment = [], False, False
    for offset, raw in enumerate(body.split("\n")):
        if in_comment or COMMENT_START in raw:
            raw, in_comment = _without_comments(raw, in_comment)
        if FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if not in_fence:
            lines.append(Line(first_line + offset, INLINE_CODE_RE.sub("``", raw)))
    return lines


def _without_comments(raw: str, in_comment: bool) -> tuple[str, bool]:
    kept = ""
    while raw:
        if in_comment:
            end = raw.find(COMMENT_END)
            if end < 0:
                return kept, True
            raw, in_comment = raw[end + len(COMMENT_END):], False
        else:
            start = raw.find(COMMENT_START)
            if start < 0:
                return kept + raw, False
            kept, raw, in_comment = kept + raw[:start], raw[start + len(COMMENT_START):], True
    return kept, in_comment


@dataclass(frozen=True)
class Block:
    """A heading, a list item or a paragraph: text that reads as one unit."""

    kind: str  # heading, item, paragraph
    lines: tuple[Line, ...]

    @property
    def number(self) -> int:
        return self.lines[0].number


def blocks(lines: list[Line]) -> list[Block]:
    """Group lines into headings, list items and paragraphs (tables are skipped)."""
    found: list[Block] = []
    current: list[Line] = []
    kind = "paragraph"

    def close():
        if current:
            found.append(Block(kind, tuple(current)))

    for line in lines:
        text = line.text
        if not text.strip() or TABLE_RE.match(text) or HEADING_RE.match(text):
            close()
            current, kind = [], "paragraph"
            if HEADING_RE.match(text):
                found.append(Block("heading", (line,)))
            continue
        if LIST_RE.match(text):
            close()
            current, kind = [Line(line.number, LIST_RE.sub("", text))], "item"
            continue
        current.append(line)
    close()
    return found


def outside_code(body: str) -> list[str]:
    """One entry per line of `body`: the line with code spans blanked, or "" inside a fenced
    code block (what code shows is text: its HTML and its `{ref}` are not markup)."""
    lines, fence = [], None
    for line in body.split("\n"):
        marker = re.match(r"\s{0,3}(`{3,}|~{3,})", line)
        if fence is None and marker:
            fence = marker.group(1)[0]
            lines.append("")
        elif fence is not None:
            if marker and marker.group(1)[0] == fence:
                fence = None
            lines.append("")
        else:
            lines.append(re.sub(r"(`+)(.+?)\1", "", line))
    return lines


def shown_text(body: str) -> list[str]:
    """`outside_code`, with HTML comments blanked too (a comment is not shown: the guidance
    `invoke new` writes into a new file names `{org}vdab` as an example, not a link)."""
    lines = outside_code(body)
    text = "\n".join(lines)
    text = re.sub(r"<!--.*?(?:-->|$)", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text,
                  flags=re.S)
    return text.split("\n")
