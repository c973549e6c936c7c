"""Print the pinned dependencies from pyproject.toml, or link the project into the venv.

`pins.py dependencies` / `pins.py test` / `pins.py bench`: requirement lines for pip.
`pins.py pth`: write a .pth file so the venv imports the project's `plugins/` and `search/`.
"""

import sys
import sysconfig
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(what: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    if what == "dependencies":
        print("\n".join(project["dependencies"]))
    elif what in project["optional-dependencies"]:  # test, bench
        print("\n".join(project["optional-dependencies"][what]))
    elif what == "pth":
        site = Path(sysconfig.get_paths()["purelib"])
        (site / "overstap.pth").write_text(f"{ROOT}\n{ROOT / 'plugins'}\n", "utf-8")
    else:
        sys.exit(f"unknown argument {what!r}: use dependencies, test or pth")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
