"""Characters a content or data file may hold, judged by their Unicode category.

A header value (a title, a summary, a label in a data file) holds printable text only: letters,
marks, digits, punctuation, symbols and spaces. Control characters (terminal escapes, the bell,
characters XML 1.0 forbids, so the feeds would break), format characters (zero-width spaces,
direction overrides that make a title read backwards, the byte-order mark in mid-text),
private-use characters, line and paragraph separators and non-characters are refused with the
code point and its name: `U+202E (RIGHT-TO-LEFT OVERRIDE)`.

The body of a file may also hold tabs and line ends, and three invisible characters that
writing needs: the soft hyphen (a hyphenation hint), the zero-width non-joiner and joiner
(emoji sequences and some scripts).

`shown()` makes any text safe to print in a report: every character that is not printable is
written as `<U+XXXX>`, so a message never echoes a terminal escape or hides the character that
is wrong.
"""

from __future__ import annotations

import unicodedata

from .messages import msg

#: Invisible characters the body may hold.
BODY_FORMAT_OK = {"\u00ad", "\u200c", "\u200d"}
#: Categories refused everywhere (Cc controls, Cf format, Co private use, Cs surrogates,
#: Zl/Zp line and paragraph separators).
REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def refused(char: str, *, body: bool = False) -> bool:
    """True when `char` may not stand in a header value (or, with `body`, in a text)."""
    if body and (char in "\t\n" or char in BODY_FORMAT_OK):
        return False
    return unicodedata.category(char) in REFUSED_CATEGORIES or _noncharacter(ord(char))


def describe(char: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = CONTROL_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


#: Names of the control characters Unicode leaves unnamed, as people know them.
CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
                 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
                 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def first_refused(text: str, *, body: bool = False) -> tuple[int, str] | None:
    """(column from 1, character) of the first refused character of `text`, or None."""
    for column, char in enumerate(text, 1):
        if refused(char, body=body):
            return column, char
    return None


def shown(text: str) -> str:
    """`text` safe for a report: refused characters (tabs and line ends too) as `<U+XXXX>`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text)


def code(char: str) -> str:
    """The problem code for a refused character."""
    category = unicodedata.category(char)
    return ("control-character" if category == "Cc" else
            "invisible-character" if category in ("Cf", "Zl", "Zp") else "not-text-character")


def problem_text(char: str, column: int, *, body: bool = False) -> tuple[str, str]:
    """(message, hint) for a refused character."""
    kind = (msg("an invisible or direction-changing character")
            if unicodedata.category(char) in ("Cf", "Zl", "Zp") else
            msg("a control character") if unicodedata.category(char) == "Cc" else
            msg("a character that is not text"))
    hint = (msg("delete it (retype the text around it if you cannot see it); it often comes "
                "with text pasted from a PDF, a word processor or a chat; soft hyphens, tabs "
                "and emoji are allowed in the text") if body else
            msg("delete it (retype the text around it if you cannot see it); it often comes "
                "with text pasted from a PDF, a word processor or a chat"))
    return msg("{describe_char} at column {column} is {kind}", describe_char=describe(char),
               column=column, kind=kind), hint
