"""Safe publishing: build into a staging folder, swap it in only when the build succeeded.

A build that fails (bad content, a template error, a kill signal) never reaches `output/`:
the previous site stays byte for byte as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path

from pelican import signals


def staging_for(output: Path) -> Path:
    return output.parent / f".{output.name}.staging"


def previous_for(output: Path) -> Path:
    return output.parent / f".{output.name}.previous"


def recover(output: Path) -> None:
    """If a swap was interrupted between its two renames, put the old site back."""
    previous = previous_for(output)
    if previous.exists() and not output.exists():
        os.rename(previous, output)
    elif previous.exists():
        shutil.rmtree(previous)


def redirect_to_staging(pelican) -> None:
    output = Path(pelican.output_path).resolve()
    recover(output)
    staging = staging_for(output)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    pelican.settings["PUBLISH_TARGET"] = str(output)
    pelican.settings["OUTPUT_PATH"] = str(staging)
    pelican.output_path = str(staging)


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2 RENAME_EXCHANGE), so
    there is no moment without either. False where the system cannot (then rename twice)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_into_place(pelican) -> None:
    target = pelican.settings.get("PUBLISH_TARGET")
    if not target:
        return
    output, staging = Path(target), Path(pelican.output_path)
    if output.is_dir() and not output.is_symlink() and exchange(staging, output):
        shutil.rmtree(staging)  # the previous site; a kill here leaves it for the next build
    else:
        previous = previous_for(output)
        if output.exists():
            os.rename(output, previous)
        os.rename(staging, output)  # an interrupted swap is repaired by recover()
        if previous.exists():
            shutil.rmtree(previous)
    pelican.output_path = str(output)
    pelican.settings["OUTPUT_PATH"] = str(output)


def register():
    signals.initialized.connect(redirect_to_staging)
    signals.finalized.connect(swap_into_place)
