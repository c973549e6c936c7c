"""Safe publishing: build into a staging folder, swap it in only when the build succeeded.

A build that fails (bad content, a template error, a kill signal) never reaches `output/`:
the previous site stays byte for byte as it was.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pelican import signals


def staging_for(output: Path) -> Path:
    return output.parent / f".{output.name}.staging"


def previous_for(output: Path) -> Path:
    return output.parent / f".{output.name}.previous"


def recover(output: Path) -> None:
    """If a swap was interrupted between its two renames, put the old site back. Old sites
    whose removal did not finish are removed."""
    previous = previous_for(output)
    if previous.exists() and not output.exists():
        os.rename(previous, output)
    elif previous.exists():
        shutil.rmtree(previous)
    for left in output.parent.glob(f".{output.name}.discard.*"):
        remove_later(left)


_DISCARDS = itertools.count()


def discard(folder: Path, output: Path, background: bool = False) -> None:
    """Remove a replaced site. `background`: renamed out of the way at once and removed by a
    separate process, so the build is done as soon as the new site is in place; what such a
    process leaves (a crash, a reboot) is removed by the next build's `recover`."""
    if background:
        target = output.parent / f".{output.name}.discard.{os.getpid()}.{next(_DISCARDS)}"
        try:
            os.rename(folder, target)
            folder = target
        except OSError:
            pass
        if remove_later(folder):
            return
    shutil.rmtree(folder, ignore_errors=True)


def remove_later(folder: Path) -> bool:
    """`rm -rf folder` in a process of its own session (it outlives the build)."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    except OSError:
        return False
    return True


def spare_for(output: Path) -> Path:
    return output.parent / f".{output.name}.spare"


def redirect_to_staging(pelican) -> None:
    output = Path(pelican.output_path).resolve()
    recover(output)
    staging = staging_for(output)
    if staging.exists():  # a build that was stopped
        shutil.rmtree(staging)
    spare = spare_for(output)
    if spare.is_dir() and not spare.is_symlink():
        os.rename(spare, staging)  # the site the last build replaced: most files still right
        from portal import memo

        if not memo.prepare_staging(staging, output,
                                    pelican.settings.get("PUBLISHED_DIGEST", "")):
            discard(staging, output, background=True)  # not what the records describe
    staging.mkdir(parents=True, exist_ok=True)
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
    keep_spare = pelican.settings.get("PUBLISH_SPARE")
    if keep_spare:
        from portal import memo

        memo.prune_staging(staging, output)
    if pelican.settings.get("PRECOMPRESS"):  # .gz and .br beside each text file
        from .precompress import precompress

        cache = pelican.settings.get("CONTENT_CACHE_PATH")
        precompress(staging, Path(pelican.settings["PATH"]).parent / cache if cache else None)
    if output.is_dir() and not output.is_symlink() and exchange(staging, output):
        if keep_spare:  # the previous site: the next build starts from it (memo.py)
            spare = spare_for(output)
            if spare.exists():  # left by a build that stopped: not needed any more
                discard(spare, output, background=True)
            os.rename(staging, spare)
        else:  # a kill here leaves it for the next build's recover()
            discard(staging, output)
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
