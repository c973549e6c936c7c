"""Debian's nginx and the search service (waitress), started on loopback by the tests.

`Nginx(site, service_port)` serves a built folder with the `_nginx.conf` the build wrote,
included in a server block as docs/operations.md says, with a prefix, pid file, temporary and
log folders of its own in a temporary folder, run as the current user; `nginx -t` first. The
search service's address in the copy of `_nginx.conf` is the test's own port: the generated
file names SEARCH_SERVICE_ADDRESS (127.0.0.1:8001 by default), a port another program may hold.
Nothing here skips: a missing nginx fails with what to install.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from embeds import nginx
from tests.support import ROOT

NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
DEFAULT_SERVICE = "127.0.0.1:8001"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, errors) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex((HOST, port)) == 0:
                return
        assert process.poll() is None, f"it stopped: {errors()}"
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port} after 30 s: {errors()}")


class Service:
    """`python -m search.service --output SITE --port 0` in its own process: port, pid."""

    def __init__(self, site: Path, log: Path):
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "search.service", "--output", str(site), "--host", HOST,
             "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=log.open("wb"), text=True)
        line = self.process.stdout.readline()
        assert f"http://{HOST}:" in line, f"the service did not start: {self.errors()}"
        self.port = int(line.split(f"http://{HOST}:")[1].split("/")[0])
        self.pid = self.process.pid

    def errors(self) -> str:
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""

    def stop(self) -> None:
        _stop(self.process)
        self.process.stdout.close()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def main_conf(prefix: Path, site: Path, port: int, include: Path) -> str:
    """The http and server blocks a host writes around the generated include."""
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    temps = "".join(f"    {kind}_temp_path {prefix / kind};\n"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\ndaemon off;\npid {prefix / 'nginx.pid'};\n"
            f"error_log {prefix / 'error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
            f"    access_log {prefix / 'access.log'};\n{temps}"
            "    server {\n"
            f"        listen {HOST}:{port};\n        server_name localhost;\n"
            f"        root {site};\n"
            f"        include {include};\n"
            "    }\n}\n")


class Nginx:
    """nginx on a free loopback port serving `site` with its `_nginx.conf`."""

    def __init__(self, site: Path, service_port: int | None = None):
        assert NGINX.exists(), "Debian's nginx is missing: apt-get install nginx-light " \
                               "(make test installs it)"
        self.site = site
        self.prefix = Path(tempfile.mkdtemp(prefix="nginx-"))
        generated = (site / nginx.SERVER_FILE).read_text("utf-8")
        assert generated.count(f"proxy_pass http://{DEFAULT_SERVICE};") == 1
        include = self.prefix / nginx.SERVER_FILE
        include.write_text(generated.replace(
            f"proxy_pass http://{DEFAULT_SERVICE};",
            f"proxy_pass http://{HOST}:{service_port or free_port()};"), "utf-8")
        self.port = free_port()
        self.conf = self.prefix / "nginx.conf"
        self.conf.write_text(main_conf(self.prefix, site, self.port, include), "utf-8")
        command = [str(NGINX), "-p", str(self.prefix), "-c", str(self.conf),
                   "-e", str(self.prefix / "error.log")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        self.test_output = checked.stdout + checked.stderr
        assert checked.returncode == 0, self.test_output
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        wait_for_port(self.port, self.process, self.errors)

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def errors(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text("utf-8", "replace") if log.exists() else ""

    def stop(self) -> None:
        _stop(self.process)
        self.process.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
