"""The district office's commands: create and migrate the schema, add people, see status, decide claims.

Every function takes the administrator's connection URL (``postgresql://admin@host/db?sslmode=verify-full``)
and opens its own connection; failures come back as :class:`ServerError` in the user's language.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import t

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
BROKER_ROLE = "wb_broker"
ADMIN_ROLE = "wb_admin"


class ServerError(WorkbenchError):
    """The district server refused or could not be reached; the message says which, in words."""


def check_url(url: str) -> str:
    """The URL if psycopg can read it (``postgresql://…`` or ``host=… dbname=…``), else words saying so."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise ServerError(
            t(
                "服务器地址无效（应如 postgresql://主机/数据库?sslmode=verify-full）：{u}",
                "Not a server address (like postgresql://host/database?sslmode=verify-full): {u}",
                u=url,
            )
        ) from exc
    return url


@contextmanager
def connect(url: str, *, autocommit: bool = False) -> Iterator[Any]:
    """A psycopg connection, with connection failures turned into words."""
    import psycopg

    check_url(url)
    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise ServerError(
            t(
                "无法连接区服务器：{e}",
                "Cannot connect to the district server: {e}",
                e=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
            )
        ) from exc
    try:
        yield conn
    finally:
        conn.close()


def _alembic_config(conn: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def init(url: str) -> str:
    """Create or upgrade the district schema; returns the schema revision now in force."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    check_url(url)
    try:
        engine = sa.create_engine(_sqlalchemy_url(url), poolclass=sa.pool.NullPool)
    except sa.exc.ArgumentError as exc:
        raise ServerError(t("服务器地址无效：{u}", "Not a server address: {u}", u=url)) from exc
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE SCHEMA IF NOT EXISTS wb"))
            command.upgrade(_alembic_config(conn), "head")
            context = MigrationContext.configure(conn, opts={"version_table_schema": "wb"})
            return str(context.get_current_revision())
    except sa.exc.OperationalError as exc:
        raise ServerError(
            t("无法连接区服务器：{e}", "Cannot connect to the district server: {e}", e=exc.orig)
        ) from exc
    except sa.exc.ProgrammingError as exc:
        raise ServerError(
            t("服务器拒绝创建数据结构：{e}", "The server refused to create the schema: {e}", e=exc.orig)
        ) from exc
    finally:
        engine.dispose()


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class NewUser:
    name: str
    role: str
    password: str
    generated: bool


def add_user(
    url: str, name: str, *, role: str, broker_id: str | None = None, password: str | None = None
) -> NewUser:
    """Create a login role for one person (SCRAM password) in the broker or administrator group."""
    from psycopg import errors, sql

    if not ROLE_NAME.fullmatch(name):
        raise ServerError(
            t(
                "用户名只能用小写字母、数字和下划线，且不以数字开头：{n}",
                "A user name uses lower-case letters, digits and underscores, not starting with a digit: {n}",
                n=name,
            )
        )
    if role not in ("broker", "admin"):
        raise ServerError(t("角色应为 broker 或 admin", "The role is broker or admin"))
    generated = not password
    secret = password or secrets.token_urlsafe(18)
    group = ADMIN_ROLE if role == "admin" else BROKER_ROLE
    with connect(url) as conn:
        try:
            with conn.transaction():
                conn.execute("SET LOCAL password_encryption = 'scram-sha-256'")
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        sql.Identifier(name), sql.Literal(secret), sql.Identifier(group)
                    )
                )
                conn.execute(
                    sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                        sql.Identifier(conn.info.dbname), sql.Identifier(name)
                    )
                )
                conn.execute(
                    "INSERT INTO wb.account (role_name, is_admin, broker_id) VALUES (%s, %s, %s)",
                    (name, role == "admin", broker_id),
                )
        except errors.DuplicateObject as exc:
            raise ServerError(t("用户“{n}”已存在", "User “{n}” already exists", n=name)) from exc
        except errors.UndefinedTable as exc:
            raise ServerError(
                t(
                    "服务器上还没有数据结构：先运行 workbench server init",
                    "The server has no schema yet: run workbench server init first",
                )
            ) from exc
    return NewUser(name=name, role=role, password=secret, generated=generated)


@dataclass(frozen=True)
class UserStatus:
    name: str
    role: str
    broker_id: str | None
    joined_at: datetime | None
    last_sync_at: datetime | None
    open_conflicts: int


@dataclass(frozen=True)
class ServerStatus:
    revision: str
    records: int
    changes: int
    users: list[UserStatus]


def status(url: str) -> ServerStatus:
    with connect(url) as conn:
        try:
            revision = conn.execute("SELECT version_num FROM wb.alembic_version").fetchone()
            records = conn.execute("SELECT count(*) FROM wb.record").fetchone()
            changes = conn.execute("SELECT count(*) FROM wb.change").fetchone()
            rows = conn.execute(
                """
                SELECT a.role_name, a.is_admin, a.broker_id, a.joined_at, a.last_sync_at,
                       (SELECT count(*) FROM wb.conflict c
                         WHERE c.owner = a.role_name AND c.resolved_at IS NULL)
                  FROM wb.account a ORDER BY a.role_name
                """
            ).fetchall()
        except Exception as exc:
            raise ServerError(
                t("无法读取服务器状态：{e}", "Cannot read the server's status: {e}", e=exc)
            ) from exc
    return ServerStatus(
        revision=str(revision[0]) if revision else "",
        records=int(records[0]) if records else 0,
        changes=int(changes[0]) if changes else 0,
        users=[
            UserStatus(
                name=r[0],
                role="admin" if r[1] else "broker",
                broker_id=r[2],
                joined_at=r[3],
                last_sync_at=r[4],
                open_conflicts=int(r[5]),
            )
            for r in rows
        ],
    )


CLAIM_STEPS = {"approve": "approved", "reject": "rejected", "pay": "paid"}


def claim_step(url: str, claim: str, step: str, *, reason: str | None = None) -> str:
    """Approve, reject or mark paid one claim (by id or claim number); returns its new status.

    The server's trigger checks the step; a refusal comes back in words.
    """
    from psycopg import errors
    from psycopg.types.json import Jsonb

    from workbench.sync.children import status_event

    if step not in CLAIM_STEPS:
        raise ServerError(t("未知的操作：{s}", "Unknown step: {s}", s=step))
    if step == "reject" and not (reason or "").strip():
        raise ServerError(t("退回申请须写明原因", "A rejection needs a reason"))
    to = CLAIM_STEPS[step]
    with connect(url) as conn:
        try:
            with conn.transaction():
                row = conn.execute(
                    "SELECT id, data FROM wb.record"
                    " WHERE kind = 'claim' AND (id = %s OR data->>'claim_no' = %s) FOR UPDATE",
                    (claim, claim),
                ).fetchone()
                if row is None:
                    raise ServerError(t("服务器上没有申请 {c}", "No claim {c} on the server", c=claim))
                data = dict(row[1])
                who = str(conn.execute("SELECT session_user").fetchone()[0])
                # The step joins the claim's history: the broker's laptop and printout show when and by whom.
                note = (reason or "").strip()
                event = status_event(data.get("status"), to, datetime.now(UTC), who, note)
                data["_history"] = [*data.get("_history", []), event]
                data["status"] = to
                if reason:
                    data["status_reason"] = reason.strip()
                conn.execute("UPDATE wb.record SET data = %s WHERE id = %s", (Jsonb(data), row[0]))
        except (errors.InsufficientPrivilege, errors.CheckViolation) as exc:
            raise ServerError(
                t("服务器拒绝了这一步：{e}", "The server refused this step: {e}", e=exc.diag.message_primary)
            ) from exc
    return to


def publish_policy(url: str, path: str | Path) -> tuple[str, int]:
    """Publish a reward policy (a TOML file as in ``resources/policies``) to every laptop; (key, version).

    The record's id is derived from key and version, so publishing the same file again changes nothing,
    while different rules under a version already published are refused: publish them as a new version.
    """
    import uuid

    from psycopg import errors
    from psycopg.types.json import Jsonb

    from workbench.rules import load_policy_file

    rules = load_policy_file(path)
    ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"broker-workbench:policy:{rules.id}:{rules.version}"))
    data = {
        "policy_key": rules.id,
        "version": rules.version,
        "name": rules.name,
        "data": rules.to_dict(),
        "fingerprint": rules.fingerprint(),
        "active": True,
    }
    with connect(url) as conn:
        try:
            with conn.transaction():
                row = conn.execute("SELECT data FROM wb.record WHERE id = %s", (ident,)).fetchone()
                if row is not None:
                    if row[0].get("fingerprint") != data["fingerprint"]:
                        raise ServerError(
                            t(
                                "政策 {k} 第 {v} 版已发布且内容不同；请把修改发布为新的版本（version）",
                                "Policy {k} version {v} was published with other rules; publish the change "
                                "as a new version",
                                k=rules.id,
                                v=rules.version,
                            )
                        )
                    return rules.id, rules.version
                conn.execute(
                    "INSERT INTO wb.record (id, kind, data) VALUES (%s, 'policy', %s)", (ident, Jsonb(data))
                )
        except (errors.InsufficientPrivilege, errors.CheckViolation) as exc:
            raise ServerError(
                t("服务器拒绝发布：{e}", "The server refused to publish: {e}", e=exc.diag.message_primary)
            ) from exc
    return rules.id, rules.version
