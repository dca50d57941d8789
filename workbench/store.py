"""The one place that opens the database: engine and sessions, migrations, backup, restore, integrity.

Every connection goes through sqlcipher3's SQLite (one SQLite for everything, FTS5 included), in WAL
mode with foreign keys on. Transactions are explicit (``BEGIN`` on first use) so that a crash mid-write
rolls back cleanly. The change log is written here, by a flush hook, so no service can forget it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.models import ChangeLog, Record, utcnow

log = logging.getLogger(__name__)

dbapi = sqlcipher3.dbapi2
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _jsonable(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _log_changes(session: OrmSession, _context: Any, _instances: Any) -> None:
    """Append one change-log row per changed field; stamp ``updated_at`` on every modified record."""
    actor = str(session.info.get("actor", ""))
    now = utcnow()
    rows: list[ChangeLog] = []
    for obj in session.new:
        if isinstance(obj, Record):
            values = {
                a.key: _jsonable(getattr(obj, a.key))
                for a in inspect(obj).mapper.column_attrs
                if a.key not in obj.unlogged and a.key not in {"id", "created_at", "deleted_at"}
            }
            rows.append(
                ChangeLog(
                    at=now,
                    actor=actor,
                    op="create",
                    entity=obj.kind,
                    entity_id=obj.id,
                    new=json.dumps(values, ensure_ascii=False, sort_keys=True),
                )
            )
    for obj in session.dirty:
        if not isinstance(obj, Record) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changed = False
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if not hist.has_changes() or attr.key in obj.unlogged:
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new:
                continue
            changed = True
            op = "update"
            if attr.key == "deleted_at":
                op = "delete" if new is not None else "restore"
            rows.append(
                ChangeLog(
                    at=now,
                    actor=actor,
                    op=op,
                    entity=obj.kind,
                    entity_id=obj.id,
                    field=attr.key,
                    old=_jsonable(old),
                    new=_jsonable(new),
                )
            )
        if changed:
            obj.updated_at = now
    session.add_all(rows)


event.listen(OrmSession, "before_flush", _log_changes)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    created: datetime


class Store:
    """An open database file. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, path: Path, *, key: bytes | None = None, backup_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.key = key
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self.engine = self._create_engine(self.path)
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        key: bytes | None = None,
        create: bool = True,
        migrate: bool = True,
        backup_dir: Path | None = None,
    ) -> Store:
        """Open (and create or upgrade) the database at ``path``; raises StoreError with a way forward."""
        p = Path(path)
        if not p.exists() and not create:
            raise StoreError(
                t(
                    "数据文件不存在：{path}。请先运行 workbench init。",
                    "The data file does not exist: {path}. Run `workbench init` first.",
                    path=p,
                )
            )
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                t(
                    "无法创建数据目录 {dir}：{err}",
                    "Cannot create the data folder {dir}: {err}",
                    dir=p.parent,
                    err=exc.strerror or exc,
                )
            ) from exc
        store = cls(p, key=key, backup_dir=backup_dir)
        try:
            store._probe()
            if migrate:
                store.migrate()
        except BaseException:
            store.close()
            raise
        return store

    def _create_engine(self, path: Path) -> Engine:
        engine = create_engine(
            f"sqlite:///{path}",
            module=dbapi,
            poolclass=QueuePool,
            pool_size=5,
            max_overflow=10,
            connect_args={"check_same_thread": False, "timeout": 15},
        )
        key = self.key

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Autocommit at the driver level; SQLAlchemy's "begin" event below emits BEGIN itself, which
            # makes transactions (and SAVEPOINTs) behave as written instead of pysqlite's guesses.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            if key is not None:
                cur.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA cache_size=-32000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

        return engine

    def _probe(self) -> None:
        """Fail early, in plain words, when the file is not a database we can read or write."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except Exception as exc:
            raise StoreError(self._explain(exc)) from exc

    def _explain(self, exc: BaseException) -> str:
        text = str(exc).lower()
        if "not a database" in text or "encrypted" in text:
            return t(
                "无法读取数据文件 {path}：文件已损坏，或需要另一把密钥。可以从备份恢复。",
                "Cannot read the data file {path}: it is damaged or needs another key. "
                "You can restore a backup.",
                path=self.path,
            )
        if "readonly" in text or "read-only" in text:
            return t(
                "数据文件 {path} 是只读的，无法写入。", "The data file {path} is read-only.", path=self.path
            )
        if "disk" in text and "full" in text:
            return t(
                "磁盘已满，无法写入 {path}。请释放空间后重试。",
                "The disk is full; cannot write {path}. Free some space and retry.",
                path=self.path,
            )
        if "unable to open" in text:
            return t("无法打开数据文件 {path}。", "Cannot open the data file {path}.", path=self.path)
        return t("数据库错误：{err}", "Database error: {err}", err=exc)

    # -- sessions ----------------------------------------------------------------------------------

    @contextmanager
    def session(self, *, actor: str = "") -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any exception."""
        with self._sessions() as session:
            session.info["actor"] = actor
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations ------------------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        return cfg

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def migrate(self) -> bool:
        """Bring the schema to the newest revision; back the file up first if it holds data.

        Returns True when a migration ran.
        """
        current, head = self.current_revision(), self.head_revision()
        if current == head:
            return False
        if current is not None or self._has_user_tables():
            self.backup(reason=f"pre-migration-{current or 'none'}")
        cfg = self._alembic_config()
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:
            raise StoreError(
                t(
                    "数据库升级失败，数据未改动（升级前已自动备份）：{err}",
                    "Upgrading the database failed; the data is unchanged (a backup was made first): {err}",
                    err=exc,
                )
            ) from exc
        log.info("migrated %s from %s to %s", self.path, current, head)
        return True

    def _has_user_tables(self) -> bool:
        with self.engine.connect() as conn:
            n = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).scalar()
        return bool(n)

    # -- integrity, backup, restore --------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """SQLite's integrity and foreign-key checks; an empty list means the file is sound."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            for (row,) in conn.exec_driver_sql("PRAGMA integrity_check").fetchall():
                if row != "ok":
                    problems.append(str(row))
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                problems.append(
                    t(
                        "外键失效：表 {table} 第 {rowid} 行引用 {parent}",
                        "Broken reference: table {table} row {rowid} points to {parent}",
                        table=row[0],
                        rowid=row[1],
                        parent=row[2],
                    )
                )
        return problems

    def _connect_raw(self, path: Path) -> Any:
        conn = dbapi.connect(str(path), isolation_level=None, check_same_thread=False)
        if self.key is not None:
            conn.execute(f"PRAGMA key = \"x'{self.key.hex()}'\"")
        return conn

    def backup(self, dest: str | os.PathLike[str] | None = None, *, reason: str = "manual") -> Path:
        """Copy the live database (online, consistent) to ``dest`` or the backup folder; verify it.

        The copy is written to a temporary name and renamed only after its integrity check passes, so a
        failed backup never leaves a half-written file that looks like a good one.
        """
        if dest is None:
            self.backup_dir.mkdir(parents=True, exist_ok=True)
            stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
            target = self.backup_dir / f"{self.path.stem}-{stamp}-{reason}.db"
        else:
            target = Path(dest)
            if target.is_dir():
                target = target / f"{self.path.stem}-{utcnow().strftime('%Y%m%d-%H%M%S')}.db"
        tmp = target.with_name(target.name + ".part")
        if tmp.exists():
            tmp.unlink()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            src = self.engine.raw_connection()
            try:
                dst = self._connect_raw(tmp)
                try:
                    src.driver_connection.backup(dst)  # type: ignore[union-attr]
                    dst.execute("PRAGMA journal_mode=DELETE")
                    result = dst.execute("PRAGMA integrity_check").fetchone()
                finally:
                    dst.close()
            finally:
                src.close()
            if result is None or result[0] != "ok":
                raise StoreError(
                    t("备份校验失败：{r}", "The backup failed its integrity check: {r}", r=result)
                )
            os.replace(tmp, target)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink()
            raise StoreError(
                t(
                    "备份失败：{err}。请检查磁盘空间和目标文件夹的写权限。",
                    "Backup failed: {err}. Check free space and write access to the destination.",
                    err=exc.strerror or exc,
                )
            ) from exc
        except BaseException:
            with suppress(OSError):
                tmp.unlink()
            raise
        log.info("backup written to %s", target)
        return target

    def list_backups(self) -> list[BackupInfo]:
        if not self.backup_dir.is_dir():
            return []
        infos = [
            BackupInfo(p, p.stat().st_size, datetime.fromtimestamp(p.stat().st_mtime))
            for p in self.backup_dir.glob("*.db")
        ]
        return sorted(infos, key=lambda b: b.created, reverse=True)

    def prune_backups(self, keep: int) -> list[Path]:
        """Delete all but the ``keep`` newest automatic backups; returns what was removed."""
        removed = []
        for info in self.list_backups()[keep:]:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
        return removed

    def verify_file(self, path: Path) -> None:
        """Check that ``path`` is a readable, sound database of this application, or raise StoreError."""
        if not path.is_file():
            raise StoreError(t("找不到备份文件：{p}", "Backup file not found: {p}", p=path))
        try:
            conn = self._connect_raw(path)
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone()
                has_version = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name='alembic_version'"
                ).fetchone()
            finally:
                conn.close()
        except dbapi.DatabaseError as exc:
            raise StoreError(
                t(
                    "{p} 不是可读取的工作台数据文件（已损坏或密钥不同）。",
                    "{p} is not a readable workbench data file (damaged, or it needs another key).",
                    p=path,
                )
            ) from exc
        if ok is None or ok[0] != "ok" or not has_version or not has_version[0]:
            raise StoreError(
                t(
                    "{p} 未通过完整性检查，或不是工作台数据文件。",
                    "{p} failed its integrity check or is not a workbench data file.",
                    p=path,
                )
            )

    def restore(self, src: str | os.PathLike[str]) -> Path:
        """Replace the live data with a verified backup; the current data is backed up first.

        Returns the path of the safety backup of the data that was replaced.
        """
        source = Path(src)
        self.verify_file(source)
        safety = self.backup(reason="pre-restore")
        self.engine.dispose()
        try:
            src_conn = self._connect_raw(source)
            try:
                dst_conn = self._connect_raw(self.path)
                try:
                    src_conn.backup(dst_conn)
                finally:
                    dst_conn.close()
            finally:
                src_conn.close()
        except dbapi.Error as exc:
            raise StoreError(
                t(
                    "恢复失败，原数据已备份在 {safety}：{err}",
                    "Restore failed; the previous data is safe in {safety}: {err}",
                    safety=safety,
                    err=exc,
                )
            ) from exc
        self.migrate()
        return safety


def copy_file_safely(src: Path, dest: Path) -> None:
    """Copy a closed database file without ever leaving a partial ``dest`` behind."""
    tmp = dest.with_name(dest.name + ".part")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)
