"""Each language's search index in a build: reused when nothing it is made of changed,
otherwise built in a process of its own, the languages side by side on the machine's cores.

A job per language (`Job`), in a forked process where that is safe (see `run`), computes the
language's SearchDocs, then

- reuses: when the digest of those documents and of the search code (`digest`) equals the one
  recorded beside the previous Whoosh index (`.output.search/<lang>/build.json`) and the
  previous export in the published output is intact, the index and the export are hard-linked
  (copied where links are impossible) into the build's staging folders: no Whoosh at all;
- or builds: the Whoosh index into the staged index folder and its export (from memory,
  search.export.build) into the output being built. Each export file whose bytes equal the
  previous build's file is linked to it, so only the shards whose terms (and the documents
  whose text) changed are new files.

Same documents in, same bytes out: a reused or partly linked export is byte-identical to a
clean build's (tests/test_search_build.py). Whoosh's own `update_document` is not used for
one edited document: it appends the document as the index's last (a new document number,
which decides the order of equal scores and the export's `d/<n>.json`), and the replaced
document keeps counting in document frequencies until a merge, so the result would differ
from a clean build.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import os
import pickle
import resource
import shutil
import signal
import sys
import threading
import time
import traceback
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Beside a language's Whoosh index: the digest it was built from and its export's files.
RECORD = "build.json"
PR_SET_PDEATHSIG = 1  # prctl(2)
#: The search code: a change to any of these files rebuilds every index (the content model's
#: schema decides the facets).
CODE = ("search/*.py", "plugins/search_index/*.py", "plugins/content_model/schema.py")


class SearchIndexFailed(Exception):
    """A language's index could not be built (not a content mistake): the build stops with
    this message and exit code 1, and nothing is published."""

    exitcode = 1


@dataclass
class Job:
    lang: str
    docs: Callable[[], list]  # the language's SearchDocs, computed where the job runs
    index: Path  # the new Whoosh index (in the staged index folder)
    target: Path  # the export's folder in the output being built
    previous_index: Path  # the Whoosh index of the last successful build
    previous_export: Path  # its export, in the published output


@dataclass
class Outcome:
    lang: str
    reused: bool
    written: list[str] = field(default_factory=list)  # export files, relative to target
    new: int = 0  # files written with new bytes (the others: linked to the previous build's)
    seconds: float = 0.0
    pid: int = 0  # the process that ran the job
    peak_kb: int = 0  # its peak resident memory (a forked child's counts what it shares)


# -- digests ---------------------------------------------------------------------------------
def code_digest() -> str:
    """The search code (`CODE`), Whoosh's, Python's and Unicode's versions, and every
    installed library's (`fingerprint.runtime_key`)."""
    import whoosh

    from safe_publish import fingerprint

    root = Path(__file__).resolve().parent.parent.parent
    out = hashlib.sha256(fingerprint.runtime_key().encode())
    for pattern in CODE:
        for path in sorted(root.glob(pattern)):
            out.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes() + b"\0")
    out.update(f"{whoosh.versionstring()}\0{sys.version}\0{unicodedata.unidata_version}".encode())
    return out.hexdigest()


def digest(docs: list, lang: str) -> str:
    """What a language's index and export are made of: its documents and the search code."""
    from search.model import SearchDoc

    text = json.dumps([vars(d) for d in sorted(docs, key=SearchDoc.sort_key)],
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{code_digest()}\0{lang}\0{text}".encode()).hexdigest()


def _record(index: Path) -> dict:
    try:
        return json.loads((index / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


# -- files -----------------------------------------------------------------------------------
def _link(source: Path, target: Path) -> None:
    """`target` becomes the same file as `source` (a copy where hard links are impossible)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class _Files:
    """Writes one language's export into `target`, linking the files whose bytes the previous
    build's export (in `previous`) already has. `target` is `previous` when `make serve`
    updates its output in place; a file that is there is replaced, never written through (it
    may be a link shared with another tree)."""

    def __init__(self, target: Path, previous: Path):
        self.target, self.previous = str(target), str(previous)
        self.in_place = self.target == self.previous
        self.fresh = not os.path.exists(self.target)  # nothing to replace or remove
        self.folders: set[str] = set()
        self.new = 0  # files written with new bytes

    def _make_way(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        if not self.fresh and os.path.lexists(path):
            os.unlink(path)

    def link(self, rel: str) -> None:
        """The previous build's file, unchanged."""
        if not self.in_place:
            path = os.path.join(self.target, rel)
            self._make_way(path)
            _link(os.path.join(self.previous, rel), path)

    def put(self, rel: str, data: bytes) -> None:
        """These bytes, linked to the previous build's file when it has the same."""
        old = os.path.join(self.previous, rel)
        try:
            with open(old, "rb") as file:
                same = os.fstat(file.fileno()).st_size == len(data) and file.read() == data
        except OSError:
            same = False
        if same:
            self.link(rel)
            return
        path = os.path.join(self.target, rel)
        self._make_way(path)
        with open(path, "wb") as file:
            file.write(data)
        self.new += 1

    def remove_stale(self, keep) -> None:
        """Export files of an earlier build that this one does not have."""
        if self.fresh:
            return
        target = Path(self.target)
        for path in sorted(target.rglob("*.json")):
            if path.relative_to(target).as_posix() not in keep:
                path.unlink()


def _intact(folder: Path, files: dict[str, str]) -> bool:
    """Whether `folder` holds these files (relative path -> sha256) with these bytes."""
    try:
        for rel, sha in files.items():
            with open(os.path.join(folder, rel), "rb") as file:
                if hashlib.sha256(file.read()).hexdigest() != sha:
                    return False
    except OSError:
        return False
    return True


# -- one language ----------------------------------------------------------------------------
def run_job(job: Job) -> Outcome:
    from search.export import build
    from search.index import SIDE_FILE

    started = time.perf_counter()
    job.target, job.previous_export = job.target.resolve(), job.previous_export.resolve()
    docs = job.docs()
    wanted = digest(docs, job.lang)
    record = _record(job.previous_index)
    files: dict[str, str] = record.get("files") or {}
    if record.get("digest") == wanted and (job.previous_index / SIDE_FILE).exists() and \
            _intact(job.previous_export, files):
        if job.index.exists():
            shutil.rmtree(job.index)
        shutil.copytree(job.previous_index, job.index, copy_function=_link)
        out = _Files(job.target, job.previous_export)
        for rel in sorted(files):
            out.link(rel)
        out.remove_stale(files)
        outcome = Outcome(job.lang, True, sorted(files))
    else:
        data = build(docs, job.lang, job.index)
        out = _Files(job.target, job.previous_export)
        for rel in sorted(data):
            out.put(rel, data[rel])
        out.remove_stale(data)
        hashes = {rel: hashlib.sha256(value).hexdigest() for rel, value in data.items()}
        (job.index / RECORD).write_text(
            json.dumps({"digest": wanted, "files": hashes}, sort_keys=True), "utf-8")
        outcome = Outcome(job.lang, False, sorted(data), out.new)
    outcome.seconds = time.perf_counter() - started
    outcome.pid = os.getpid()
    outcome.peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


# -- every language --------------------------------------------------------------------------
def can_fork() -> bool:
    """Fork only where it is safe: not in a process with threads (`make serve`), whose
    forked child could inherit a lock held by another thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def run(jobs: list[Job], fork: bool | None = None) -> list[Outcome]:
    """Run the jobs, each in a forked process when there are several and `can_fork()` (or
    `fork`): the children inherit the site model, nothing is pickled on the way in. Waits for
    all of them; a failure in one raises here after every job has ended: ContentErrors as
    they are, anything else as SearchIndexFailed, which names the language."""
    return finish(start(jobs, fork))


class Started:
    """Jobs under way in child processes (or done here already): `finish` collects them."""

    def __init__(self, children: list, outcomes: list | None = None):
        self.children, self.outcomes = children, outcomes


#: Started jobs not finished yet, so that a build that fails before it collects them can stop
#: them (`abandon`): a build run inside a longer-lived process (the tests) must not leave them.
_UNDER_WAY: list[Started] = []


def start(jobs: list[Job], fork: bool | None = None) -> Started:
    """Start the jobs (see `run`); the build goes on while they work."""
    import search.export  # noqa: F401 - imported once, before forking

    if not (fork if fork is not None else len(jobs) > 1 and can_fork()):
        return Started([], [_run_here(job) for job in jobs])
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    try:
        for job in jobs:
            children.append((job, *_fork(job)))
    except OSError as exc:  # no more processes: the ones started are waited for first
        _wait(children)
        raise SearchIndexFailed(f"the search indexes could not be built: {exc}") from exc
    started = Started(children)
    _UNDER_WAY.append(started)
    return started


def finish(started: Started) -> list[Outcome]:
    """Wait for started jobs: their outcomes, or the first failure raised."""
    if started.outcomes is not None:
        return started.outcomes
    if started in _UNDER_WAY:
        _UNDER_WAY.remove(started)
    outcomes, failures = _wait(started.children)
    started.outcomes = outcomes
    if failures:
        raise _failure(*failures[0])
    return outcomes


def abandon() -> None:
    """Stop and reap every started job nobody will collect (the build failed meanwhile)."""
    while _UNDER_WAY:
        started = _UNDER_WAY.pop()
        for _job, pid, reader in started.children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.close(reader)
            os.waitpid(pid, 0)


def _wait(children) -> tuple[list[Outcome], list[tuple]]:
    """Every child's outcome, or its failure (language, kind, what)."""
    outcomes, failures = [], []
    for job, pid, reader in children:
        with os.fdopen(reader, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - nothing (or half) sent: the process was stopped
            kind, value = "stopped", _stopped(status)
        if kind == "ok":
            outcomes.append(value)
        else:
            failures.append((job.lang, kind, value))
    return outcomes, failures


def _run_here(job: Job) -> Outcome:
    """A job in this process, its failures reported as in a child."""
    from content_model import ContentErrors

    try:
        return run_job(job)
    except ContentErrors:
        raise
    except Exception as exc:  # noqa: BLE001 - the build's message, the cause kept
        kind, value = pickle.loads(_pickled_failure(exc))
        raise _failure(job.lang, kind, value) from exc


def _fork(job: Job) -> tuple[int, int]:
    parent = os.getpid()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # the child: its result (or its failure) goes through the pipe; it leaves with os._exit,
    # so nothing of the parent (atexit, open files, the build's finally blocks) runs twice
    os.close(reader)
    code = 0
    try:
        _die_with(parent)
        gc.freeze()  # the inherited build stays out of the collector's way (and unshared)
        gc.disable()  # a quarter of the time; the process ends with its job, cycles and all
        data = pickle.dumps(("ok", run_job(job)))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        code = 1
        data = _pickled_failure(exc)
    try:
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    """A killed build takes its search processes with it (Linux): none of them goes on
    writing into a staging folder the next build is using."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass
    if os.getppid() != parent:  # killed before that took effect
        os._exit(1)


def _pickled_failure(exc: BaseException) -> bytes:
    from content_model import ContentErrors

    if isinstance(exc, ContentErrors):
        return pickle.dumps(("content", exc.problems))
    detail = "".join(traceback.format_exception(exc))[-4000:]
    return pickle.dumps(("error", (f"{type(exc).__name__}: {exc}", detail)))


def _stopped(status: int) -> tuple[str, str]:
    if os.WIFSIGNALED(status):
        return f"its process was stopped by signal {os.WTERMSIG(status)}", ""
    return f"its process ended with code {os.waitstatus_to_exitcode(status)}", ""


def _failure(lang: str, kind: str, value) -> Exception:
    """The exception the parent raises for a job that failed in its child."""
    if kind == "content":
        from content_model import ContentErrors

        return ContentErrors(value)
    message, detail = value
    if detail:
        import logging

        logging.getLogger(__name__).debug("search index (%s) failed:\n%s", lang, detail)
    return SearchIndexFailed(f"the search index of language {lang!r} could not be built: "
                             f"{message}")
