"""Production settings: everything from pelicanconf.py plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

#: Set OVERSTAP_PUBLIC_URL to the address the portal is published at.
PUBLIC_URL = os.environ.get("OVERSTAP_PUBLIC_URL", "https://overstap.example")
