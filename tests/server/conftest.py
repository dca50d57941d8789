"""A real, throw-away PostgreSQL cluster for the district-server tests (no mock, no SQLite stand-in).

``WORKBENCH_PG_URL`` (a superuser URL) uses a running server instead. Otherwise the fixture runs Debian's
``initdb``/``pg_ctl`` — as the ``postgres`` user when the tests run as root, since PostgreSQL refuses root —
on a free loopback port with SCRAM passwords, and stops it afterwards. Without PostgreSQL the tests skip,
unless ``WORKBENCH_REQUIRE_PG=1`` (set by ``.ci/run``) makes that a failure.
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
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.server import admin


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    superuser: str
    password: str

    def url(self, db: str, user: str | None = None, password: str | None = None) -> str:
        return (
            f"postgresql://{user or self.superuser}:{password or self.password}"
            f"@{self.host}:{self.port}/{db}?sslmode=disable"
        )


def _unavailable(reason: str) -> None:
    if os.environ.get("WORKBENCH_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL is required here but {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    given = os.environ.get("WORKBENCH_PG_URL")
    if given:
        from urllib.parse import urlparse

        parts = urlparse(given)
        yield Cluster(
            parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "", parts.password or ""
        )
        return
    bindir = _bin_dir()
    if bindir is None:
        _unavailable("initdb was not found (Debian package postgresql)")
        return
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
    subprocess.run(
        [
            *runas,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "wb_super",
            "--pwfile",
            str(pwfile),
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off"
    started = subprocess.run(
        [
            *runas,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode != 0:
        _unavailable(f"pg_ctl start failed: {started.stderr or (base / 'log').read_text()}")
        return
    try:
        yield Cluster("127.0.0.1", port, "wb_super", password)
    finally:
        subprocess.run(
            [*runas, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


@dataclass(frozen=True)
class District:
    """One fresh district database with its schema.

    User names are unique per test: roles belong to the whole cluster, not to one database.
    """

    cluster: Cluster
    db: str

    @property
    def admin_url(self) -> str:
        return self.cluster.url(self.db)

    def user(self, stem: str, *, role: str = "broker", broker_id: str | None = None) -> tuple[str, str]:
        """Create a person; returns (role name, their connection URL)."""
        name = f"{stem}_{self.db[-8:]}"
        made = admin.add_user(self.admin_url, name, role=role, broker_id=broker_id)
        return name, self.cluster.url(self.db, name, made.password)


@pytest.fixture
def district(pg_cluster: Cluster) -> Iterator[District]:
    import psycopg

    db = f"wb_{secrets.token_hex(6)}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    place = District(pg_cluster, db)
    admin.init(place.admin_url)
    yield place
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
