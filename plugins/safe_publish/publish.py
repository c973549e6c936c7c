"""Copy a build that passed to where readers get it: a folder or a server over SSH (rsync).

Readers never see a half-new site: the copy runs in three passes, each one rsync run,
1. assets: the theme's files, images and the search shards (everything under `theme/`,
   `images/` and `search/` but each language's `search/<lang>/meta.json`): new files that no
   page links to yet, and changed ones;
2. pages: everything else, the search `meta.json` files, the HTML pages, feeds, embeds,
   sitemap, `_headers` ... (now every file they link to is there);
3. removals: files the new build no longer has.
A file is replaced by rsync's own temporary-file-and-rename, so a reader gets the old or the
new file, never half of one. Files are compared by content (`--checksum`): a page rendered again
with the same bytes is not sent, and the dry run lists only real changes.

Before the site, the search indexes the search service reads (`.output.search/`, never
published in the site) go to the folder beside the destination that the service on that host
reads (`/srv/.portal.search/` for `/srv/portal/`): new segments first, then the table each
service process notices (`overstap.json`, search/query.py `engine_for`), then removals; the
service switches to the new index at its next query, without a restart.

Only a build that passed is published: `output/` must be exactly what the last successful
build wrote (its fingerprint record, `safe_publish.fingerprint`); `invoke publish` builds
first, and a build that fails publishes nothing.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from search.index import index_home

from . import fingerprint

#: rsync filter rules of the first pass (first match wins): assets and search shards.
ASSET_RULES = ("--exclude=/search/*/meta.json", "--include=/theme/***", "--include=/images/***",
               "--include=/search/***", "--exclude=*")
BASE = ("rsync", "--mkpath", "--recursive", "--links", "--times", "--perms", "--chmod=D755,F644",
        "--checksum", "--itemize-changes", "--out-format=%i %n")


class PublishError(Exception):
    """Why nothing (more) was published, in words for the person publishing."""


@dataclass
class Destination:
    """Where the site goes: `target` as rsync writes it (`prefix` "user@host:" and `path`),
    `shell` the ssh command, if any."""
    prefix: str
    path: str
    shell: list[str] = field(default_factory=list)
    remote: bool = False

    @property
    def target(self) -> str:
        return self.prefix + self.path

    def beside(self, suffix: str) -> str:
        """The folder beside the destination named `.<name><suffix>` (the search index the
        service reads: search/index.py `index_home`)."""
        path = self.path.rstrip("/") or "."
        parent, _, name = path.rpartition("/")
        folder = f".{name}{suffix}"
        return self.prefix + (f"{parent}/{folder}" if _ else folder)

    def describe(self) -> str:
        return self.target


def destination(text: str, ssh: str = "") -> Destination:
    """Read a destination: a folder (`/srv/portal`, `./site`), `[user@]host:path`, or
    `ssh://[user@]host[:port]/path`. `ssh` is the ssh command to use (options, a key)."""
    text = (text or "").strip()
    if not text:
        raise PublishError("say where to publish: --to FOLDER, --to user@host:/path or "
                           "--to ssh://user@host:port/path (or PUBLISH_DESTINATION in "
                           "publishconf.py)")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise PublishError(f"the destination {text!r} holds a control character")
    if text.startswith("-"):
        raise PublishError(f"{text}: a leading '-' is not a host name nor a folder (write "
                           f"./{text} for a folder of that name)")
    shell = shlex.split(ssh) if ssh else []
    if text.startswith("ssh://"):
        parts = urlsplit(text)
        if not parts.hostname or not parts.path or parts.path == "/":
            raise PublishError(f"{text}: an ssh:// destination needs a host and a folder, "
                               "e.g. ssh://deploy@www.example.be:22/srv/portal")
        try:
            port = parts.port
        except ValueError:
            raise PublishError(f"{text}: the port is not a number from 1 to 65535") from None
        shell = shell or ["ssh"]
        if port:
            shell += ["-p", str(port)]
        user = f"{unquote(parts.username)}@" if parts.username else ""
        _check_host(parts.hostname, text)
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        return Destination(f"{user}{host}:", unquote(parts.path), shell, True)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        raise PublishError(f"{text}: only folders and SSH (host:path or ssh://) are supported")
    match = re.match(r"^(?:([^@/:\s]+)@)?(\[[0-9A-Fa-f:.]+\]|[^@/:\s]+):(.*)$", text)
    if match and not Path(text).exists():  # host:path (rsync's own form)
        user, host, path = match.groups()
        if not path:
            raise PublishError(f"{text}: say which folder on {host}, e.g. {host}:/srv/portal")
        _check_host(host.strip("[]"), text)
        return Destination(text[:len(text) - len(path)], path, shell or ["ssh"], True)
    folder = Path(text).expanduser().resolve()
    return Destination("", str(folder), [], False)


def _check_host(host: str, text: str) -> None:
    if host.startswith("-") or not re.fullmatch(r"[A-Za-z0-9._:-]+", host):
        raise PublishError(f"{text}: {host!r} is not a host name")


def passed_build(output: Path) -> None:
    """Raise unless `output` is exactly what the last successful build wrote."""
    record = fingerprint.record_file(output)
    if not output.is_dir() or not record.exists():
        raise PublishError(f"{output}/ holds no successful build: run `invoke build` (or "
                           "`make build`) first")
    stored = record.read_text("utf-8").split()
    if len(stored) != 2 or stored[1] != fingerprint.output(output):
        raise PublishError(f"{output}/ changed after its build passed (or the build did not "
                           "finish): build again before publishing")


@dataclass
class Change:
    kind: str  # "new", "changed" or "removed"
    path: str


def _rsync(args: list[str], dest: Destination) -> list[Change]:
    command = list(args)
    if dest.remote:
        command[1:1] = ["-e", shlex.join(dest.shell)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise PublishError("rsync is not installed: apt-get install rsync") from None
    except subprocess.TimeoutExpired:
        raise PublishError(f"publishing to {dest.describe()} took over an hour and was "
                           "stopped") from None
    if done.returncode:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        why = "; ".join(lines[-3:]) or f"rsync exit code {done.returncode}"
        raise PublishError(f"copying to {dest.describe()} failed: {why}")
    return _changes(done.stdout)


def _changes(text: str) -> list[Change]:
    """Read rsync's --itemize-changes lines: files only (folders come with their files)."""
    changes = []
    for line in text.splitlines():
        code, name = line[:11].rstrip(), line[12:]  # %i is 11 characters wide
        if code == "*deleting":
            if not name.endswith("/"):
                changes.append(Change("removed", name))
            continue
        if len(code) < 2 or code[1] != "f" or code[0] not in "<>c":
            continue
        changes.append(Change("new" if "+++++" in code else "changed", name))
    return changes


def publish(output: Path, dest: Destination, dry_run: bool = False, stream=None) -> list[Change]:
    """Copy `output` to `dest` in three passes (see above). Returns every change made, or, with
    `dry_run`, every change that would be made (nothing is written then)."""
    if shutil.which("rsync") is None:
        raise PublishError("rsync is not installed: apt-get install rsync")
    passed_build(output)
    source = f"{output.resolve()}/"
    target = dest.target if dest.target.endswith("/") else f"{dest.target}/"
    if not dest.remote:
        Path(dest.target).mkdir(parents=True, exist_ok=True)
    index = index_home(output)
    if dry_run:
        return _rsync([*BASE, "--dry-run", "--delete", source, target], dest)
    if index.is_dir():  # the search service's indexes: new segments, then their tables
        index_source, index_target = f"{index}/", f"{dest.beside('.search')}/"
        _rsync([*BASE, "--exclude=overstap.json", index_source, index_target], dest)
        _rsync([*BASE, index_source, index_target], dest)
        _rsync([*BASE, "--delete", index_source, index_target], dest)
    changes = _rsync([*BASE, *ASSET_RULES, source, target], dest)
    changes += _rsync([*BASE, source, target], dest)
    changes += _rsync([*BASE, "--delete", source, target], dest)
    return changes


def summary(changes: list[Change], dest: Destination, dry_run: bool) -> str:
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("new", "changed", "removed")}
    verb = "would be" if dry_run else "were"
    if not changes:
        return f"{dest.describe()} is already up to date: nothing {verb} copied."
    lines = [f"{c.kind:8} {c.path}" for c in changes] if dry_run else []
    lines.append(f"{counts['new']} new, {counts['changed']} changed and {counts['removed']} "
                 f"removed files {verb} published to {dest.describe()}.")
    return "\n".join(lines)
