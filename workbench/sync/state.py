"""Where this laptop stands with the district server, kept inside the encrypted data file.

The server address and user name, this install's id, the last change-log row pushed, the server sequence
number pulled up to, and the open conflicts (so they can be read offline). The password is never here: it
lives in the operating system's keychain, or comes from ``WORKBENCH_SYNC_PASSWORD`` where there is none.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlmodel import Session, col, select

from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.models import Setting

PREFIX = "sync."
KEYRING_SERVICE = "broker-workbench-sync"
PASSWORD_ENV = "WORKBENCH_SYNC_PASSWORD"


@dataclass
class SyncState:
    url: str | None = None
    user: str | None = None
    install: str = ""
    pushed: int | None = None
    cursor: int = 0
    last_sync: str | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def connected(self) -> bool:
        return bool(self.url and self.user)


def _get(session: Session, name: str) -> str | None:
    row = session.get(Setting, PREFIX + name)
    return row.value if row is not None else None


def load(session: Session) -> SyncState:
    install = _get(session, "install") or ""
    pushed = _get(session, "pushed")
    return SyncState(
        url=_get(session, "url"),
        user=_get(session, "user"),
        install=install,
        pushed=int(pushed) if pushed not in (None, "") else None,
        cursor=int(_get(session, "cursor") or 0),
        last_sync=_get(session, "last_sync"),
        conflicts=json.loads(_get(session, "conflicts") or "[]"),
    )


def is_connected(session: Session) -> bool:
    """Whether this laptop is set up to sync: one query, for the lists that ask on every page."""
    keys = [PREFIX + "url", PREFIX + "user"]
    rows = session.exec(select(Setting.value).where(col(Setting.key).in_(keys))).all()
    return len([v for v in rows if v]) == 2


def ensure_install(session: Session, current: SyncState) -> str:
    """The laptop's install id, made on its first push (reading the state never writes)."""
    if not current.install:
        current.install = uuid.uuid4().hex
        save(session, install=current.install)
    return current.install


def save(session: Session, **changes: Any) -> None:
    for name, value in changes.items():
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
        session.merge(Setting(key=PREFIX + name, value=text))


def strip_password(url: str) -> str:
    """The URL as kept in the data file: never with a password in it."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def connect_url(sync: SyncState, password: str) -> str:
    if not sync.url or not sync.user:
        raise WorkbenchError(
            t(
                "本机尚未连接区服务器：先运行 workbench sync connect URL --user 用户名",
                "Not connected to a district server: run workbench sync connect URL --user NAME",
            )
        )
    from psycopg.conninfo import make_conninfo

    from workbench.server.admin import check_url

    return str(make_conninfo(check_url(sync.url), user=sync.user, password=password))


def _keyring_name(url: str, user: str) -> str:
    return f"{user}@{strip_password(url)}"


def store_password(url: str, user: str, password: str) -> bool:
    """Keep the password in the keychain; False where there is none (then the environment is used)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_name(url, user), password)
    except (KeyringError, RuntimeError):
        return False
    return True


def password_for(sync: SyncState) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    import keyring
    from keyring.errors import KeyringError

    found: str | None = None
    if sync.url and sync.user:
        try:
            found = keyring.get_password(KEYRING_SERVICE, _keyring_name(sync.url, sync.user))
        except (KeyringError, RuntimeError):
            found = None
    if not found:
        raise WorkbenchError(
            t(
                "没有区服务器的密码：钥匙串中没有，也未设置 {env}",
                "No password for the district server: none in the keychain and {env} is not set",
                env=PASSWORD_ENV,
            )
        )
    return found


def connector(sync: SyncState, password: str) -> Any:
    """A function that opens a connection to the district server, failures said in words."""
    import psycopg

    from workbench.server.admin import ServerError

    url = connect_url(sync, password)

    def connect() -> Any:
        try:
            return psycopg.connect(url, connect_timeout=10)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ServerError(
                t(
                    "无法连接区服务器（本机数据未受影响）：{e}",
                    "Cannot reach the district server (nothing local changed): {e}",
                    e=first,
                )
            ) from exc

    return connect


def connect_laptop(store: Any, url: str, user: str, password: str) -> bool:
    """Check the address, user and password against the server, then remember them on this laptop.

    The address and user go into the (encrypted) data file, the password into the keychain; returns
    whether the keychain took it (without one, ``WORKBENCH_SYNC_PASSWORD`` or a prompt supplies it later).
    """
    from workbench.server.admin import check_url

    clean = strip_password(check_url(url))
    with store.session(actor="sync") as session:
        current = load(session)
    current.url, current.user = clean, user
    with connector(current, password)() as conn:
        conn.execute("SELECT 1 FROM wb.account LIMIT 1")
    with store.session(actor="sync") as session:
        save(session, url=clean, user=user)
    return store_password(clean, user, password)
