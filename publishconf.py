"""Production settings: everything from pelicanconf.py plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

#: Set OVERSTAP_PUBLIC_URL to the address the portal is published at.
PUBLIC_URL = os.environ.get("OVERSTAP_PUBLIC_URL", "https://overstap.example")
#: Set OVERSTAP_CONTACT_EMAIL to the editors' mailbox; by default `redactie@` on the portal's
#: own host, which must then receive mail (README, "Publishing").
_HOST = PUBLIC_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
CONTACT_EMAIL = os.environ.get("OVERSTAP_CONTACT_EMAIL") or \
    "redactie@" + _HOST.removeprefix("www.")
CONTACT_FORM_URL = os.environ.get("OVERSTAP_CONTACT_FORM_URL", CONTACT_FORM_URL)  # noqa: F405

#: Where `invoke publish` copies the site: a folder, user@host:/path or
#: ssh://user@host:port/path (OVERSTAP_PUBLISH_TO, or `invoke publish --to ...`).
PUBLISH_DESTINATION = os.environ.get("OVERSTAP_PUBLISH_TO", "")

#: `.gz` and `.br` beside every text file, for nginx's gzip_static (safe_publish/precompress.py)
PRECOMPRESS = True
