"""Start and stop a throw-away PostgreSQL cluster on loopback, for the tests and ``scripts/bench_sync.py``.

Debian's ``initdb``/``pg_ctl`` refuse to run as root, so as root they run as the ``postgres`` user. The
cluster listens on 127.0.0.1 only, on a free port, with SCRAM passwords (as the district runs it), and
``fsync=off`` because it is thrown away.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class UnavailableError(RuntimeError):
    """No PostgreSQL here (not installed, or it would not start); the message says which."""


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    superuser: str
    password: str
    data_dir: Path | None = None

    def url(self, db: str, user: str | None = None, password: str | None = None) -> str:
        return (
            f"postgresql://{user or self.superuser}:{password or self.password}"
            f"@{self.host}:{self.port}/{db}?sslmode=disable"
        )

    def postmaster_pid(self) -> int | None:
        if self.data_dir is None:
            return None
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def throwaway_cluster(max_connections: int = 300) -> Iterator[Cluster]:
    bindir = bin_dir()
    if bindir is None:
        raise UnavailableError("initdb was not found (Debian package postgresql)")
    as_root = os.geteuid() == 0
    runas = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="wb-pg-"))
    data = base / "data"
    password = secrets.token_hex(12)
    pwfile = base / "pw"
    pwfile.write_text(password)
    if as_root:
        shutil.chown(base, "postgres")
        shutil.chown(pwfile, "postgres")
    port = _free_port()
    initdb = [
        *runas,
        str(bindir / "initdb"),
        *("-D", str(data), "-U", "wb_super", "--pwfile", str(pwfile), "-E", "UTF8", "--locale=C.UTF-8"),
        "--auth-host=scram-sha-256",
        "--auth-local=scram-sha-256",
    ]
    made = subprocess.run(initdb, capture_output=True, text=True, check=False)
    if made.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise UnavailableError(f"initdb failed: {made.stderr.strip()}")
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections={max_connections} -c fsync=off"
    )
    pg_ctl = [*runas, str(bindir / "pg_ctl"), "-D", str(data)]
    started = subprocess.run(
        [*pg_ctl, "-o", options, "-l", str(base / "log"), "-w", "start"],
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode != 0:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise UnavailableError(f"pg_ctl start failed: {started.stderr.strip() or log}")
    try:
        yield Cluster("127.0.0.1", port, "wb_super", password, data)
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(base, ignore_errors=True)
