"""Problems found in content are data: (path, line, field, message, hint, severity).

They are collected, never raised one by one, so an author sees every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def format(self) -> str:
        """`path:line: field: what is wrong — what to do`. Whatever the input put into it is
        shown escaped (`<U+001B>`): a report never writes a terminal escape, a direction
        override or an invisible character."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{where}: {what}"
        if self.hint:
            text += f" — {self.hint}"
        if self.severity == "warning":
            text += " (warning)"
        return shown(text)


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


def report(problems: list[Problem]) -> str:
    """The human report: every problem on its own line, then a count."""
    problems = sorted(problems)
    lines = [p.format() for p in problems]
    n_err = len(errors_only(problems))
    n_warn = len(problems) - n_err
    lines.append(f"{n_err} error(s), {n_warn} warning(s).")
    return "\n".join(lines)
