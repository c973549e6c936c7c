"""`invoke publish`: a build that passed, copied so that readers never see a half-new site.

What must be true, computed from the two built trees themselves (not from the publisher):
after publishing, the destination holds exactly the build, byte for byte; during it, every page
a reader can open links only to files that are there; the dry run lists exactly the files that
differ and writes nothing; a build that did not pass is never copied. Over SSH against Debian's
real OpenSSH server, started on loopback by the test.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from safe_publish import fingerprint
from safe_publish import publish as pub
from tests import authoring_project as project
from tests.support import SITES, build, tree_digest

SSHD = Path("/usr/sbin/sshd")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Two passed builds of the fixture site: `old`, and `new` after an edit of a title, a new
    item and a removed one."""
    base = tmp_path_factory.mktemp("publish")
    old, new = base / "old" / "output", base / "new" / "output"
    assert build(SITES / "multilingual" / "content", old)[0] == 0
    content = base / "new-content"
    shutil.copytree(SITES / "multilingual" / "content", content)
    measure = content / "measures" / "nl" / "loopbaanbegeleiding.md"
    text = measure.read_text("utf-8")
    title = re.search(r"^Title: (.*)$", text, re.M).group(1)
    measure.write_text(text.replace(f"Title: {title}", f"Title: {title} en coaching", 1), "utf-8")
    for case in content.glob("cases/*/voorbeeld-gent.md"):
        case.unlink()
    code, report = build(content, new)
    assert code == 0, report
    return old, new


def _links(page: Path, root: Path) -> set[str]:
    """The site's own files a page loads or links to (root-relative addresses)."""
    found = set()
    for ref in re.findall(r'(?:href|src)="(/[^"#?]*)', page.read_text("utf-8", "replace")):
        target = root / ref.lstrip("/")
        found.add(str(target / "index.html") if ref.endswith("/") else str(target))
    return found


def _broken(dest: Path) -> list[str]:
    """Links from any page at `dest` to a file that is not there."""
    missing = []
    for page in dest.rglob("*.html"):
        missing += [f"{page.relative_to(dest)} -> {link}" for link in _links(page, dest)
                    if not Path(link).exists() and not Path(link + ".html").exists()]
    return missing


def test_a_folder_becomes_the_build_byte_for_byte(builds, tmp_path):
    old, new = builds
    dest = tmp_path / "www"
    changes = pub.publish(old, pub.destination(str(dest)))
    assert tree_digest(dest) == tree_digest(old)
    assert {c.path for c in changes} == set(tree_digest(old))
    assert {c.kind for c in changes} == {"new"}
    pub.publish(new, pub.destination(str(dest)))
    assert tree_digest(dest) == tree_digest(new)
    again = pub.publish(new, pub.destination(str(dest)))
    assert again == [], "a second publish of the same build copies nothing"


def test_readers_never_see_a_half_new_site(builds, tmp_path, monkeypatch):
    """Snapshot the destination after each pass: assets first (the old pages untouched and
    whole), then pages (every link resolves, old files still there), then removals."""
    old, new = builds
    dest = tmp_path / "www"
    pub.publish(old, pub.destination(str(dest)))
    before, after = tree_digest(old), tree_digest(new)
    assert _broken(dest) == []
    snapshots = []
    real = pub._rsync

    def watched(args, where):
        result = real(args, where)
        if args[-1].rstrip("/").endswith(".search"):  # the search service's index
            return result
        snapshots.append(tree_digest(dest))
        assert _broken(dest) == [], f"pass {len(snapshots)} left a page with a broken link"
        return result

    monkeypatch.setattr(pub, "_rsync", watched)
    pub.publish(new, pub.destination(str(dest)))
    assert len(snapshots) == 3
    first, second, third = snapshots
    pages = {p for p in before if not p.startswith(("theme/", "images/", "search/"))
             or re.fullmatch(r"search/[^/]+/meta\.json", p)}
    assert {p: first[p] for p in pages} == {p: before[p] for p in pages}, \
        "the first pass changed a page or a search meta.json"
    changed_assets = {p for p in after if p not in pages and before.get(p) != after[p]}
    assert changed_assets, "the edit should change some search shards"
    assert all(first.get(p) == after[p] for p in changed_assets)
    assert {p: second[p] for p in after} == after
    gone = set(before) - set(after)
    assert gone, "the removed case should leave files behind"
    assert gone <= set(second), "removals come last"
    assert third == after


def test_the_dry_run_lists_exactly_the_differences_and_writes_nothing(builds, tmp_path):
    old, new = builds
    dest = tmp_path / "www"
    pub.publish(old, pub.destination(str(dest)))
    untouched = tree_digest(dest)
    before, after = tree_digest(old), tree_digest(new)
    listed = pub.publish(new, pub.destination(str(dest)), dry_run=True)
    assert tree_digest(dest) == untouched
    expected = ({("new", p) for p in set(after) - set(before)}
                | {("changed", p) for p in set(after) & set(before) if after[p] != before[p]}
                | {("removed", p) for p in set(before) - set(after)})
    assert {(c.kind, c.path) for c in listed} == expected
    text = pub.summary(listed, pub.destination(str(dest)), dry_run=True)
    counts = {kind: sum(k == kind for k, _ in expected) for kind in ("new", "changed", "removed")}
    assert (f"{counts['new']} new, {counts['changed']} changed and {counts['removed']} removed "
            "files would be published") in text


def test_only_a_build_that_passed_is_published(builds, tmp_path):
    old, _new = builds
    copy = tmp_path / "output"
    shutil.copytree(old, copy)
    dest = tmp_path / "www"
    with pytest.raises(pub.PublishError, match="no successful build"):
        pub.publish(copy, pub.destination(str(dest)))  # no record beside the copy
    fingerprint.remember(copy, "inputs")
    page = next(copy.rglob("*.html"))
    page.write_text(page.read_text("utf-8") + "<!-- edited by hand -->", "utf-8")
    with pytest.raises(pub.PublishError, match="changed after its build passed"):
        pub.publish(copy, pub.destination(str(dest)))
    assert not dest.exists() or not any(dest.iterdir())


@pytest.mark.parametrize("text, target, remote", [
    ("/srv/portal", "/srv/portal", False),
    ("deploy@www.example.be:/srv/portal", "deploy@www.example.be:/srv/portal", True),
    ("www.example.be:site", "www.example.be:site", True),
    ("ssh://deploy@www.example.be:2222/srv/portal", "deploy@www.example.be:/srv/portal", True),
    ("ssh://[::1]/srv/portal", "[::1]:/srv/portal", True),
])
def test_destinations_people_write(text, target, remote):
    dest = pub.destination(text)
    assert (dest.target, dest.remote) == (target, remote)
    if text.startswith("ssh://deploy"):
        assert dest.shell == ["ssh", "-p", "2222"]


@pytest.mark.parametrize("text, why", [
    ("", "say where to publish"),
    ("ftp://www.example.be/site", "only folders and SSH"),
    ("s3://bucket/site", "only folders and SSH"),
    ("ssh://www.example.be", "needs a host and a folder"),
    ("ssh://www.example.be:99999/srv", "port"),
    ("-oProxyCommand=touch /tmp/x:site", "not a host name"),
    ("ssh://-oProxyCommand=x/srv", "not a host name"),
    ("www.example.be:", "say which folder"),
    ("/srv/por\ntal", "control character"),
])
def test_destinations_that_are_refused_say_why(text, why):
    with pytest.raises(pub.PublishError, match=why):
        pub.destination(text)


# -- over SSH, to Debian's OpenSSH server on loopback ------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory):
    """sshd on a loopback port with its own host key, config and authorized key; yields the
    ssh command (key, known hosts) and the port."""
    assert SSHD.exists(), "Debian's openssh-server is missing (make test installs it)"
    home = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(home / name)],
                       check=True)
    (home / "authorized_keys").write_text((home / "client.pub").read_text())
    port = _free_port()
    (home / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {home / 'host'}\n"
        f"PidFile {home / 'sshd.pid'}\nAuthorizedKeysFile {home / 'authorized_keys'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin prohibit-password\n")
    Path("/run/sshd").mkdir(exist_ok=True)  # the privilege separation folder sshd wants
    server = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(home / "sshd_config")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert server.poll() is None, server.stderr.read().decode()
        time.sleep(0.05)
    (home / "known_hosts").write_text(f"[127.0.0.1]:{port} " + (home / "host.pub").read_text())
    ssh = (f"ssh -i {home / 'client'} -o UserKnownHostsFile={home / 'known_hosts'} "
           "-o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes")
    yield ssh, port
    server.terminate()
    server.wait(10)


def test_over_ssh_the_server_gets_the_build_and_then_the_next_one(builds, ssh_server, tmp_path):
    old, new = builds
    ssh, port = ssh_server
    user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True,
                                                    text=True).stdout.strip()
    dest = tmp_path / "remote-www"
    where = pub.destination(f"ssh://{user}@127.0.0.1:{port}{dest}", ssh)
    assert where.remote
    listed = pub.publish(old, where, dry_run=True)
    assert not dest.exists() or not any(dest.iterdir()), "a dry run over SSH writes nothing"
    assert {c.path for c in listed} == set(tree_digest(old))
    pub.publish(old, where)
    assert tree_digest(dest) == tree_digest(old)
    changes = pub.publish(new, where)
    assert tree_digest(dest) == tree_digest(new)
    assert {c.path for c in changes if c.kind == "removed"} == \
        set(tree_digest(old)) - set(tree_digest(new))


def test_a_wrong_key_is_refused_and_said(builds, ssh_server, tmp_path):
    old, _new = builds
    ssh, port = ssh_server
    other = tmp_path / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    wrong = re.sub(r"-i \S+", f"-i {other}", ssh)
    where = pub.destination(f"ssh://127.0.0.1:{port}{tmp_path / 'www'}", wrong)
    with pytest.raises(pub.PublishError, match="failed: .*(Permission denied|publickey)"):
        pub.publish(old, where)
    assert not (tmp_path / "www").exists()


# -- the command authors run ---------------------------------------------------------------------
def test_invoke_publish_builds_first_and_a_failed_build_publishes_nothing(tmp_path):
    root = project.make(tmp_path, with_code=True)
    shutil.copy(project.ROOT / "publishconf.py", root / "publishconf.py")
    dest = tmp_path / "www"
    done = project.invoke(root, "publish", "--to", str(dest))
    assert done.returncode == 0, done.stdout + done.stderr
    assert tree_digest(dest) == tree_digest(root / "output")
    assert "files were published to" in done.stdout
    published = tree_digest(dest)
    project.edit(next((root / "content" / "measures" / "nl").glob("loopbaanbegeleiding.md")),
                 "Title:", "Titel:")  # an unknown field: the build fails
    done = project.invoke(root, "publish", "--to", str(dest))
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert tree_digest(dest) == published


def test_the_search_index_goes_beside_the_destination_where_the_service_reads_it(builds,
                                                                                 tmp_path):
    from search.index import index_home

    old, new = builds
    dest = tmp_path / "www"
    pub.publish(old, pub.destination(str(dest)))
    assert tree_digest(index_home(dest)) == tree_digest(index_home(old))
    pub.publish(new, pub.destination(str(dest)))
    assert tree_digest(index_home(dest)) == tree_digest(index_home(new))
    assert pub.destination("deploy@host:/srv/portal").beside(".search") == \
        "deploy@host:/srv/.portal.search"
    assert pub.destination("host:site").beside(".search") == "host:.site.search"


def test_published_over_ssh_served_by_nginx_browsed_in_chromium(builds, ssh_server, tmp_path,
                                                                browser):
    """The whole way: publish over SSH, Debian's nginx serves the target with the build's
    configuration and the search service reads the published index; Chromium gets the pages
    with the headers in force, a French 404 for a French address, and search answers through
    /api/search."""
    import json

    from tests.nginx_server import Nginx, Service

    _old, new = builds
    ssh, port = ssh_server
    dest = tmp_path / "srv" / "portal"
    pub.publish(new, pub.destination(f"ssh://127.0.0.1:{port}{dest}", ssh))
    service = Service(dest, tmp_path / "service.log")
    try:
        with Nginx(dest, service.port) as server:
            context = browser.new_context()
            page = context.new_page()
            try:
                answer = page.goto(f"{server.origin}/nl/")
                assert answer.status == 200
                policy = answer.headers.get("content-security-policy", "")
                assert "default-src" in policy and "script-src" in policy
                assert answer.headers.get("x-content-type-options") == "nosniff"
                blocked = []
                page.on("console", lambda m: blocked.append(m.text)
                        if "Content Security Policy" in m.text else None)
                page.reload()
                assert blocked == [], "the portal's own pages run under its policy"
                missing = page.goto(f"{server.origin}/fr/cette-page-n-existe-pas/")
                assert missing.status == 404
                assert page.locator("html").get_attribute("lang") == "fr"
                title = re.search(r"^Title: (.*)$", (SITES / "multilingual" / "content" /
                                  "measures" / "nl" / "loopbaanbegeleiding.md")
                                  .read_text("utf-8"), re.M).group(1)
                word = title.split()[0].lower()
                found = page.goto(f"{server.origin}/api/search?q={word}&lang=nl")
                assert found.status == 200
                data = json.loads(found.text())
                assert data["total"] >= 1 and any("loopbaanbegeleiding" in hit["url"]
                                                  for hit in data["results"]), data
            finally:
                context.close()
    finally:
        service.stop()
