"""A real, throw-away PostgreSQL cluster for the district-server tests (no mock, no SQLite stand-in).

``WORKBENCH_PG_URL`` (a superuser URL) uses a running server instead. Otherwise the fixture runs Debian's
``initdb``/``pg_ctl`` — as the ``postgres`` user when the tests run as root, since PostgreSQL refuses root —
on a free loopback port with SCRAM passwords, and stops it afterwards. Without PostgreSQL the tests skip,
unless ``WORKBENCH_REQUIRE_PG=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest

from tests.server.pg import Cluster, UnavailableError, throwaway_cluster
from workbench.server import admin


def _unavailable(reason: str) -> None:
    if os.environ.get("WORKBENCH_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL is required here but {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    given = os.environ.get("WORKBENCH_PG_URL")
    if given:
        parts = urlparse(given)
        yield Cluster(
            parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "", parts.password or ""
        )
        return
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except UnavailableError as exc:
        _unavailable(str(exc))


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
