"""Bounds on what a Markdown body may ask of the converter, and on the characters of a file.

Python-Markdown parses with regular expressions and recursion. Measured on this project's
converter (extra, sane_lists, smarty, toc): lists nested 250 deep, or emphasis 1,000 deep,
exhaust Python's recursion; 4,000 `[`, `![` or `<` in one paragraph, 16,000 table columns or
4,000 headings take 4 to over 15 seconds, and the time grows with the square of the count.
Real pages are far below every bound here (the portal's longest page: 3 levels of nesting,
under 60 markers in a paragraph, 12 headings). A body over a bound is refused with its line
and never converted, so neither the build nor `invoke check` can hang on it; what the bounds
do not foresee is caught by `portal/markup.py` (a `RecursionError` there is a message too).
"""

from __future__ import annotations

import re

from . import text as chars
from .errors import Problem
from .messages import msg

#: Levels of lists and quotes inside one another.
MAX_NESTING = 16
#: Characters that open inline markup (links, images, HTML, emphasis) in one paragraph, and
#: in the whole text.
MAX_MARKERS_PER_BLOCK = 400
MAX_MARKERS = 4000
#: Table columns (cells on one line) and headings in one text.
MAX_COLUMNS = 64
MAX_HEADINGS = 300
#: The codes of the problems that stop a body from being converted at all.
OVER = {"markdown-nesting", "markdown-block", "markdown-markers", "markdown-columns",
        "markdown-headings"}
MARKERS = re.compile(r"[\[<*_`!]")
ATX = re.compile(r"^ {0,3}#{1,6}(\s|$)")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")  # a heading only under a line of text
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
LIST_ITEM = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?:\s|$)")


def _depth(line: str) -> int:
    """Levels of quote (`>`) and list (four spaces or a tab each, and the list item the line
    starts) of a line."""
    depth, col, i = 0, 0, 0
    while i < len(line):
        char = line[i]
        if char == ">":
            depth += 1
            col = 0
        elif char == "\t":
            col += 4 - col % 4
        elif char == " ":
            col += 1
        else:
            break
        i += 1
    return depth + col // 4 + (1 if LIST_ITEM.match(line, i) else 0)


def body_problems(body: str, body_line: int, rel: str) -> list[Problem]:
    """What in `body` is over a bound (one problem per kind, at its first line), and every
    refused character (one per line)."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def over(kind: str, number: int, message: str, hint: str) -> None:
        if kind not in seen:
            seen.add(kind)
            problems.append(Problem(rel, number, "text", message, hint,
                                    code=f"markdown-{kind}"))

    markers = block = headings = 0
    fenced = False
    lines = body.split("\n")
    for offset, line in enumerate(lines):
        previous = lines[offset - 1] if offset else ""
        number = body_line + offset
        found = chars.first_refused(line, body=True)
        if found:
            message, hint = chars.problem_text(found[1], found[0], body=True)
            problems.append(Problem(rel, number, "text", message, hint,
                                    code=chars.code(found[1])))
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        if not line.strip():
            block = 0
            continue
        depth = _depth(line)
        if depth > MAX_NESTING:
            over(
                "nesting",
                number,
                msg(
                    "lists or quotes are nested {depth} levels deep here; "
                    "the limit is {max_nesting}",
                    depth=depth,
                    max_nesting=MAX_NESTING,
                ),
                msg("write fewer levels: a list inside a list is as deep as a reader can follow"),
            )
        count = len(MARKERS.findall(line))
        markers += count
        block += count
        if block > MAX_MARKERS_PER_BLOCK:
            over("block", number, msg("this paragraph has over {max_markers_per_block} "
                                      "characters that start markup (`[`, `!`, `<`, `*`, `_`, "
                                      "`` ` ``)", max_markers_per_block=MAX_MARKERS_PER_BLOCK),
                 msg("split it into paragraphs with blank lines, or remove the repeated "
                     "characters"))
        if markers > MAX_MARKERS and "block" not in seen:
            over("markers", number, msg("the text has over {max_markers} characters that start "
                                        "markup (`[`, `!`, `<`, `*`, `_`, `` ` ``)",
                                        max_markers=MAX_MARKERS),
                 msg("split it into several items, or remove the repeated characters"))
        columns = line.strip().strip("|").count("|") + 1 if "|" in line else 0
        if columns > MAX_COLUMNS:
            over(
                "columns",
                number,
                msg(
                    "this table row has {columns} columns; a table has at most {max_columns}",
                    columns=columns,
                    max_columns=MAX_COLUMNS,
                ),
                msg("split the table, or write the list as text"),
            )
        if ATX.match(line) or SETEXT.match(line) and previous.strip() \
                and not ATX.match(previous) and not SETEXT.match(previous):
            headings += 1
            if headings > MAX_HEADINGS:
                over("headings", number, msg("the text has over {max_headings} headings",
                                             max_headings=MAX_HEADINGS),
                     msg("split it into several items"))
    return problems
