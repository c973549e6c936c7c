"""Both cores: a function over a list, split across forked processes, results in order.

Fork (not spawn): the children inherit the loaded site model and templates, so nothing large
is pickled on the way in; only results travel back, through a pipe. Used where the work is
pure per element (converting Markdown, rendering and writing pages). Falls back to one
process when there is one CPU, when the list is short, or when threads are running (a forked
child of a threaded process, like `make serve`, could inherit a held lock).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import traceback

#: Below this many elements per process, forking costs more than it saves.
MIN_PER_PROCESS = 40


class WorkerFailed(Exception):
    """A child process failed in a way that is not a content or template error."""

    exitcode = 1


def processes(count: int) -> int:
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, count // MIN_PER_PROCESS))


def fork_map(fn, elements: list, workers: int | None = None, here: bool = True) -> list:
    """[fn(e) for e in elements], computed by up to `workers` processes (default: CPUs).
    `here`: this process takes a share too; else it only waits, so that what the work
    allocates never adds to this (long-lived, larger) process's memory.
    An exception in a child is raised here (its type kept when it can be pickled)."""
    n = min(workers or processes(len(elements)), processes(len(elements)))
    if n <= 1:
        return [fn(e) for e in elements]
    chunks = [elements[i::n] for i in range(n)]
    children = [_spawn(fn, chunk) for chunk in (chunks[1:] if here else chunks)]
    results = [[fn(e) for e in chunks[0]]] if here else []
    failure = None
    for pid, reader in children:
        with os.fdopen(reader, "rb") as pipe:
            status, payload = pickle.loads(pipe.read() or pickle.dumps(("lost", None)))
        os.waitpid(pid, 0)
        if status != "ok" and failure is None:
            failure = payload if isinstance(payload, BaseException) else \
                WorkerFailed(f"a build process stopped: {payload}")
        results.append(payload)
    if failure is not None:
        raise failure
    out: list = [None] * len(elements)
    for index, chunk_results in enumerate(results):
        out[index::n] = chunk_results
    return out


def _die_with_parent() -> None:
    """A killed build must not leave children writing into its staging folder (Linux:
    the kernel sends SIGKILL to this child when the parent dies)."""
    parent = os.getppid()
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _spawn(fn, chunk):
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)  # the child: compute, send, leave without running the parent's atexit
    _die_with_parent()
    try:
        data = pickle.dumps(("ok", [fn(e) for e in chunk]))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        try:
            data = pickle.dumps(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            data = pickle.dumps(("error", "".join(traceback.format_exception(exc))[-2000:]))
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(data)
    os._exit(0)
