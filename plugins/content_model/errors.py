"""Problems found in content are data: (path, line, field, message, hint, severity).

They are collected, never raised one by one, so an author sees every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import msg, say
from .text import shown


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning"
    code: str = ""  # the kind of problem, stable across wording changes: `control-character`

    def format(self, lang: str | None = None) -> str:
        """`path:line: field: what is wrong — what to do`, in the author's language (`lang`,
        else `messages.author_lang()`). Whatever the input put into it is shown escaped
        (`<U+001B>`): a report never writes a terminal escape, a direction override or an
        invisible character."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        message = say(self.message, lang)
        what = f"{say(self.field, lang)}: {message}" if self.field else message
        text = f"{where}: {what}"
        if self.hint:
            text += f" — {say(self.hint, lang)}"
        if self.severity == "warning":
            text += " " + say(msg("(warning)"), lang)
        return shown(text)

    def translated(self, lang: str | None = None) -> dict:
        """The problem as data (`invoke check --json`), its texts in the author's language."""
        return {"path": self.path, "line": self.line, "field": self.field,
                "message": say(self.message, lang), "hint": say(self.hint, lang),
                "severity": self.severity, "code": self.code}


class ContentErrors(Exception):
    """Raised once, after everything was checked, when there are errors."""

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the content")

    def __reduce__(self):
        """Picklable, problems and all: a build process on another core can raise it."""
        return (type(self), (self.problems,))


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def report(problems: list[Problem], lang: str | None = None) -> str:
    """The human report: every problem on its own line, then a count; in the author's
    language (`lang`, else `messages.author_lang()`)."""
    problems = sorted(problems)
    lines = [p.format(lang) for p in problems]
    n_err = len(errors_only(problems))
    n_warn = len(problems) - n_err
    lines.append(say(msg("{errors} error(s), {warnings} warning(s).", errors=n_err,
                         warnings=n_warn), lang))
    return "\n".join(lines)
