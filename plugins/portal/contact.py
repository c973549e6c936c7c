"""The editorial contact: one setting, shown where a text asks for it.

`CONTACT_EMAIL` (pelicanconf.py; publishconf.py takes `OVERSTAP_CONTACT_EMAIL`, else
`redactie@` and the host of the public address) is the editors' mailbox; `CONTACT_FORM_URL`
an optional https feedback form. A text writes `{contact-email}` where the address belongs (the
contact page, the accessibility statement): it becomes a `mailto:` link showing the address.
`{contact-form}` becomes a link to the form, and is an error while no form is set.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup

from content_model import Problem
from content_model.messages import msg

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
FORM_RE = re.compile(r"^https://[^\s\"'<>]+$")
TOKEN_RE = re.compile(r"\{contact-(email|form)\}")
#: Domains that never receive mail (RFC 2606, RFC 6761): a placeholder, not a mailbox.
RESERVED = (".example", ".invalid", ".test", ".localhost", "example.com", "example.org",
            "example.net")
SETTINGS = "pelicanconf.py"


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def placeholder(domain: str) -> bool:
    domain = domain.lower()
    return domain.endswith(RESERVED) or domain in ("localhost", "127.0.0.1")


def problems(settings) -> list[Problem]:
    """The contact settings are usable: an address; an https form or none; and a publishing
    build for a real domain does not show a placeholder mailbox."""
    email = str(settings.get("CONTACT_EMAIL") or "")
    form = str(settings.get("CONTACT_FORM_URL") or "")
    found = []
    if not EMAIL_RE.match(email):
        found.append(Problem(SETTINGS, 0, "CONTACT_EMAIL", msg("`{email}` is not an e-mail address",
                                                               email=email),
                             msg("set the editors' mailbox, e.g. `CONTACT_EMAIL = "
                                 "\"redactie@overstap.example\"` (or OVERSTAP_CONTACT_EMAIL when "
                                 "publishing)"), code="contact-email-invalid"))
    elif placeholder(email.rpartition("@")[2]) and not placeholder(_host(
            str(settings.get("PUBLIC_URL") or ""))):
        found.append(
            Problem(
                SETTINGS,
                0,
                "CONTACT_EMAIL",
                msg(
                    "`{email}` is a placeholder, but the "
                    "portal is published at "
                    "{settings_get_public_url}",
                    email=email,
                    settings_get_public_url=settings.get("PUBLIC_URL"),
                ),
                msg("set OVERSTAP_CONTACT_EMAIL to the editors' real mailbox"),
                code="contact-email-placeholder",
            )
        )
    if form and not FORM_RE.match(form):
        found.append(
            Problem(
                SETTINGS,
                0,
                "CONTACT_FORM_URL",
                msg("`{form}` is not an https address", form=form),
                msg("write the form's full https address, or leave it empty"),
                code="contact-form-invalid",
            )
        )
    return found


def text_problems(items, settings) -> list[Problem]:
    """`{contact-form}` in a text while no form is set would show nothing."""
    if settings.get("CONTACT_FORM_URL"):
        return []
    return [
        Problem(
            item.path,
            item.body_line + n,
            "text",
            msg("`{{contact-form}}` but no form is set"),
            msg("set CONTACT_FORM_URL in pelicanconf.py, or write `{{contact-email}}`"),
            code="contact-form-unset",
        )
        for item in items
        for n, line in enumerate(item.body.split("\n"))
        if "{contact-form}" in line
    ]


def expand(html: str, settings) -> str:
    """`{contact-email}` and `{contact-form}` in rendered HTML as links."""
    def link(match) -> str:
        if match.group(1) == "email":
            email = settings.get("CONTACT_EMAIL") or ""
            return str(Markup('<a href="mailto:{}">{}</a>').format(email, email))
        form = settings.get("CONTACT_FORM_URL") or ""
        shown = form.split("://", 1)[-1].rstrip("/")
        return str(Markup('<a href="{}" rel="noopener">{}</a>').format(form, shown))
    return TOKEN_RE.sub(link, html) if "{contact-" in html else html
