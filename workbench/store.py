"""The one place that opens the database: engine and sessions, migrations, backup, restore, integrity.

Every database is a SQLCipher 4 file opened with a raw 256-bit key (see :mod:`workbench.keys`); its WAL and
every backup are encrypted with the same key, and an unencrypted file of an earlier version is converted
on first open. Every connection goes through sqlcipher3's SQLite (one SQLite for everything, FTS5
included), in WAL mode with foreign keys on. Transactions are explicit (``BEGIN`` on first use) so that
a crash mid-write rolls back cleanly. The change log is written here, by a flush hook, so no service can
forget it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.keys import (
    CorruptFileError,
    DiskFullError,
    ForeignFileError,
    KeyMissingError,
    KeyProvider,
    KeyStore,
    OpenError,
    PassphraseRequiredError,
    ReadOnlyError,
    RecoveryKey,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    os_error,
    raw_key_pragma,
)
from workbench.models import ChangeLog, Record, utcnow
from workbench.search import index as _search_index  # noqa: F401 - registers the index's session hooks

log = logging.getLogger(__name__)

__all__ = [
    "AutoBackup",
    "BackupError",
    "BackupInfo",
    "CorruptFileError",
    "DiskFullError",
    "ForeignFileError",
    "KeyMissingError",
    "OpenError",
    "PassphraseRequiredError",
    "ReadOnlyError",
    "Store",
    "StoreError",
    "WrongPassphraseError",
    "WrongRecoveryKeyError",
]

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


SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BACKUP_KEEP = 10
BACKUP_KEEP_SETTING = "backup.keep"
AUTO_PREFIX = "auto-"
# <db stem>-<YYYYmmdd>-<HHMMSS>-<microseconds>-<reason>.db, as backup() names them.
_BACKUP_NAME = re.compile(r"-\d{8}-\d{6}-\d{6}-(.+)$")
DAILY = timedelta(days=1)


def is_plaintext(path: Path) -> bool:
    """A database written by a version without encryption (or any plain SQLite file)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _has_content(path: Path) -> bool:
    """False for a missing or empty file with no WAL beside it: a database still to be created."""
    for p in (path, _sidecar(path, "-wal")):
        with suppress(OSError):
            if p.stat().st_size > 0:
                return True
    return False


def _page_aligned(path: Path) -> bool:
    try:
        return path.stat().st_size % 512 == 0
    except OSError:
        return True  # let SQLite report what is wrong with it


def _damaged_message(path: Path) -> str:
    return t(
        "无法读取数据文件 {p}：文件已损坏。文件保持原样；请从备份恢复。",
        "Cannot read the data file {p}: it is damaged. It was left as it is; restore a backup.",
        p=path,
    )


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def file_salt(path: Path) -> bytes | None:
    """SQLCipher's per-file salt: the first 16 bytes, in clear; it tells one encrypted file from another."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    return head if len(head) == 16 and head != SQLITE_HEADER else None


def _sqlite_name(exc: BaseException) -> str:
    """The SQLite error name (``SQLITE_NOTADB`` …) behind a driver or SQLAlchemy exception, if any."""
    seen: BaseException | None = exc
    while seen is not None:
        name = getattr(seen, "sqlite_errorname", None)
        if isinstance(name, str):
            return name
        seen = getattr(seen, "orig", None) or seen.__cause__
    return ""


def _os_error_of(exc: BaseException) -> OSError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__
    return None


def _connect(path: Path, key: bytes | None) -> Any:
    """A driver connection outside the pool (backups, checks); ``key`` None only for plaintext files."""
    conn = dbapi.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(raw_key_pragma(key))
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def key_opens(path: Path, key: bytes) -> bool:
    """Does ``key`` decrypt ``path``? Reads page 1 only; never writes.

    A disk that cannot be read at all (read-only without the WAL index, I/O errors) raises its OpenError
    instead of answering "no", so that it is not mistaken for a wrong key or a damaged file.
    """
    if not path.is_file() or is_plaintext(path):
        return False
    try:
        conn = _connect(path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except dbapi.DatabaseError as exc:
        found = _open_error(exc, path)
        if found is not None:
            raise found from exc
        return False
    return True


def _table_counts(conn: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ).fetchall()
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if os.name == "posix":  # the rename itself must reach the disk too
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _check_copy(tmp: Path, key: bytes, expected: dict[str, int] | None) -> None:
    """Integrity check (and row counts per table) of a freshly written encrypted copy, or StoreError."""
    conn = _connect(tmp, key)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()
        counts = _table_counts(conn) if expected is not None else None
    finally:
        conn.close()
    if result is None or result[0] != "ok":
        raise StoreError(t("副本校验失败：{r}", "The copy failed its integrity check: {r}", r=result))
    if expected is not None and counts != expected:
        raise StoreError(
            t(
                "副本的记录数与原文件不一致，已放弃：{a} ≠ {b}",
                "The copy's row counts differ from the original; abandoned: {a} ≠ {b}",
                a=counts,
                b=expected,
            )
        )


def _remove_empty_sidecars(path: Path) -> None:
    """Drop a closed database's ``-shm`` and an empty ``-wal``; refuse while a ``-wal`` still holds pages."""
    wal = _sidecar(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            t(
                "{p} 仍被另一个程序打开（有未写回的日志）。请关闭其他工作台窗口后重试。",
                "{p} is still open in another program (its log is not written back). "
                "Close other workbench windows and retry.",
                p=path,
            )
        )
    for p in (wal, _sidecar(path, "-shm")):
        p.unlink(missing_ok=True)


def encrypt_plaintext_file(path: Path, key: bytes) -> None:
    """Convert an unencrypted database in place, safely.

    ``sqlcipher_export`` writes an encrypted copy beside it; the copy must pass an integrity check and match
    the original's row count in every table before it atomically replaces the original (``os.replace``).
    Until then the original is untouched; on any failure the copy is removed and the original stays.
    """
    tmp = _sidecar(path, ".encrypting")
    tmp.unlink(missing_ok=True)  # our own leftover from an interrupted attempt, encrypted anyway
    try:
        conn = _connect(path, None)
        try:
            # Fold an old WAL into the main file so the export and the counts see every committed row.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            counts = _table_counts(conn)
            user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(tmp),))
            # The copy is thrown away on any failure, and verified and fsynced before it replaces anything:
            # no journal and no fsync per statement while writing it (0.7 s → 2 ms for a 40-object schema).
            conn.execute("PRAGMA encrypted.journal_mode = OFF")
            conn.execute("PRAGMA encrypted.synchronous = OFF")
            conn.execute("BEGIN")
            conn.execute("SELECT sqlcipher_export('encrypted')")
            conn.execute("COMMIT")
            # sqlcipher_export copies schema and rows but not the header's user_version.
            conn.execute(f"PRAGMA encrypted.user_version = {user_version}")
            conn.execute("DETACH DATABASE encrypted")
        finally:
            conn.close()
        _check_copy(tmp, key, counts)
        _fsync(tmp)
        _remove_empty_sidecars(path)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) or _sqlite_name(exc) in ("SQLITE_FULL", "SQLITE_READONLY"):
            raise _open_error(exc, path) or exc from exc
        raise
    log.info("encrypted the unencrypted database %s", path)


def reencrypt_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt a closed database under ``new_key``: verified copy first, then an atomic swap."""
    tmp = _sidecar(path, ".rekey")
    tmp.unlink(missing_ok=True)
    try:
        src = _connect(path, old_key)
        try:
            counts = _table_counts(src)
            dst = _connect(tmp, new_key)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _check_copy(tmp, new_key, counts)
        _fsync(tmp)
        _remove_empty_sidecars(path)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def _open_error(exc: BaseException, path: Path) -> OpenError | None:
    """The disk-level problems every operation can meet: full, read-only, cannot open."""
    os_exc = _os_error_of(exc)
    if os_exc is not None:
        return os_error(os_exc, path)
    name = _sqlite_name(exc)
    if name == "SQLITE_FULL":
        return DiskFullError(
            t(
                "磁盘已满，无法写入 {p}。请释放空间后重试；已保存的数据没有改动。",
                "The disk is full; cannot write {p}. Free some space and retry; saved data is unchanged.",
                p=path,
            ),
            path=path,
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return ReadOnlyError(
            t(
                "无法写入数据文件 {p}：磁盘或文件是只读的（或没有权限）。请检查磁盘后重试。",
                "Cannot write the data file {p}: the disk or the file is read-only (or not permitted). "
                "Check the disk and retry.",
                p=path,
            ),
            path=path,
        )
    if name.startswith("SQLITE_IOERR"):
        return DiskFullError(
            t(
                "读写 {p} 时出现磁盘错误。请检查磁盘空间和连接后重试。",
                "A disk error occurred while using {p}. Check free space and the drive, then retry.",
                p=path,
            ),
            path=path,
        )
    return None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    created: datetime

    @property
    def reason(self) -> str:
        """What made it: ``auto-close``, ``auto-daily``, ``manual``, ``pre-restore``, ``pre-migration-…``."""
        found = _BACKUP_NAME.search(self.path.stem)
        return found.group(1) if found else ""

    @property
    def automatic(self) -> bool:
        return self.reason.startswith(AUTO_PREFIX)


def list_backup_files(backup_dir: Path) -> list[BackupInfo]:
    """The backups in a folder, newest first (usable while the data file itself cannot be opened)."""
    if not backup_dir.is_dir():
        return []
    infos = []
    for p in backup_dir.glob("*.db"):
        with suppress(OSError):
            st = p.stat()
            infos.append(BackupInfo(p, st.st_size, datetime.fromtimestamp(st.st_mtime)))
    return sorted(infos, key=lambda b: (b.created, b.path.name), reverse=True)


@dataclass(frozen=True)
class AutoBackup:
    """When the store backs itself up: on close (if anything changed) and once a day; ``keep`` such copies.

    ``keep`` None reads the number from the data's own settings (``backup.keep``, default 10).
    """

    on_close: bool = True
    daily: bool = True
    keep: int | None = None


class Store:
    """An open, encrypted database file. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(
        self,
        path: Path,
        *,
        key: bytes,
        backup_dir: Path | None = None,
        keystore: KeyStore | None = None,
        auto_backup: AutoBackup | None = None,
    ) -> None:
        if not isinstance(key, bytes) or len(key) != 32:
            # Never fall back to an unencrypted file: no key, no store.
            raise ValueError("Store needs the 32-byte database key")
        self.path = Path(path)
        self.key = key
        self.keystore = keystore
        self.auto_backup = auto_backup
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self.last_backup_error: StoreError | None = None
        self._dirty = False
        self._closed = False
        self.engine = self._create_engine(self.path)
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        key: bytes | None = None,
        keys: KeyProvider | None = None,
        create: bool = True,
        migrate: bool = True,
        backup_dir: Path | None = None,
        auto_backup: AutoBackup | None = None,
    ) -> Store:
        """Open (and create, encrypt or upgrade) the database at ``path``.

        The key comes from ``key`` when given (tools, tests), else from the keychain or a passphrase via
        :class:`~workbench.keys.KeyStore` and ``keys`` (the app's dialogs, the CLI's prompt). Failures raise
        :class:`~workbench.keys.OpenError` subclasses whose ``kind`` says what the user can do.
        """
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
            raise os_error(exc, p.parent) from exc
        keystore = KeyStore(p, keys) if key is None else None
        fresh = not _has_content(p)
        plaintext = not fresh and is_plaintext(p)
        if not fresh and not plaintext and not _page_aligned(p):
            # Neither SQLite nor SQLCipher writes a file whose size is not a whole number of pages.
            raise CorruptFileError(_damaged_message(p), path=p)
        if keystore is not None:
            new_key = fresh or (plaintext and keystore.read() is None)
            key = keystore.create() if new_key else keystore.unlock()
        assert key is not None
        if plaintext:
            encrypt_plaintext_file(p, key)
            cls._encrypt_plaintext_backups(backup_dir or p.parent / "backups", key)
        key = cls._usable_key(p, key, keystore, fresh=fresh)
        store = cls(p, key=key, backup_dir=backup_dir, keystore=keystore, auto_backup=auto_backup)
        try:
            store._probe()
            if keystore is not None:
                keystore.adopt(key, file_salt(p))
            if migrate:
                store.migrate()
            if auto_backup is not None and auto_backup.daily and not fresh:
                store.backup_if_due()
        except StoreError:
            store.close(backup=False)
            raise
        except Exception as exc:
            # A damaged page may only show when the schema version or the statistics are read.
            store.close(backup=False)
            raise store._translate(getattr(exc, "orig", None) or exc) from exc
        except BaseException:
            store.close(backup=False)
            raise
        return store

    @staticmethod
    def _usable_key(path: Path, key: bytes, keystore: KeyStore | None, *, fresh: bool) -> bytes:
        """``key`` if it opens the file, else an interrupted rotation's next key, else say why not."""
        if fresh or key_opens(path, key):
            return key
        if not path.is_file():
            return key  # only a -wal: let SQLite report it
        if keystore is not None:
            for other in keystore.alternatives(key):
                if key_opens(path, other):
                    # The rotation swapped the file but stopped before the keychain learnt the new key.
                    keystore.finish_rotation(key, other, None)
                    return other
        recorded = keystore.recorded_salt() if keystore is not None else None
        if recorded is not None and recorded == file_salt(path):
            raise CorruptFileError(_damaged_message(path), path=path)
        raise ForeignFileError(
            t(
                "无法读取数据文件 {p}：这台电脑上的密钥打不开它。"
                "它可能是从另一台电脑复制来的，也可能已损坏。文件保持原样；请输入它的恢复密钥，或从备份恢复。",
                "Cannot read the data file {p}: the key on this computer does not open it; it may have "
                "been copied from another computer, or it is damaged. The file was left as it is; "
                "enter its recovery key, or restore a backup.",
                p=path,
            ),
            path=path,
        )

    @staticmethod
    def _encrypt_plaintext_backups(backup_dir: Path, key: bytes) -> None:
        """Backups written by the unencrypted version would leak the same data: encrypt them too."""
        if not backup_dir.is_dir():
            return
        for old in sorted(backup_dir.glob("*.db")):
            if is_plaintext(old):
                try:
                    encrypt_plaintext_file(old, key)
                except StoreError as exc:
                    log.warning("could not encrypt the old backup %s: %s", old, exc.message)

    def _create_engine(self, path: Path) -> Engine:
        engine = create_engine(
            f"sqlite:///{path}",
            module=dbapi,
            poolclass=QueuePool,
            pool_size=5,
            max_overflow=10,
            connect_args={"check_same_thread": False, "timeout": 15},
            # Keep Chinese in JSON columns readable and compact instead of \uXXXX escapes.
            json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
        )
        key_pragma = raw_key_pragma(self.key)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, record: Any) -> None:
            # Autocommit at the driver level; SQLAlchemy's "begin" event below emits BEGIN itself, which
            # makes transactions (and SAVEPOINTs) behave as written instead of pysqlite's guesses.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # A wrong key is reported to the user by the store; SQLCipher's HMAC lines on stderr only alarm.
            cur.execute("PRAGMA cipher_log_level = NONE")
            cur.execute(key_pragma)  # first, before anything reads the file
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA cache_size=-32000")
            # Sorts and temporary indexes stay in memory: no temporary file ever holds record content.
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.close()
            record.info["changes"] = dbapi_conn.total_changes

        @event.listens_for(engine, "checkin")
        def _on_checkin(dbapi_conn: Any, record: Any) -> None:
            # Cheap change detection for the backup on close: SQLite counts rows written per connection.
            if dbapi_conn is None:
                return
            changes = dbapi_conn.total_changes
            if changes != record.info.get("changes", changes):
                self._dirty = True
            record.info["changes"] = changes

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
            raise self._translate(exc) from exc

    def _translate(self, exc: BaseException) -> StoreError:
        """The user-facing error for a database failure: a kind with a way forward wherever we know one."""
        found = _open_error(exc, self.path)
        if found is not None:
            return found
        name = _sqlite_name(exc)
        if name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT"):
            return CorruptFileError(_damaged_message(self.path), path=self.path)
        return StoreError(t("数据库错误：{err}", "Database error: {err}", err=exc))

    # -- sessions ----------------------------------------------------------------------------------

    @contextmanager
    def session(self, *, actor: str = "") -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any exception.

        A full disk, a read-only file or a damaged page becomes an :class:`OpenError` the UI can explain;
        the rollback guarantees that nothing of the failed unit was written.
        """
        with self._sessions() as session:
            session.info["actor"] = actor
            try:
                yield session
                session.commit()
            except DBAPIError as exc:
                session.rollback()
                translated = self._translate(exc)
                if isinstance(translated, OpenError):
                    raise translated from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def close(self, *, backup: bool = True) -> None:
        """Close the file; with automatic backups on, first copy it if anything changed since opening."""
        if self._closed:
            return
        if backup and self.auto_backup is not None and self.auto_backup.on_close and self._dirty:
            try:
                self.auto_backup_now("close")
            except StoreError as exc:
                # Closing must still work (the data itself is safe); the UI reads this and tells the user.
                self.last_backup_error = exc
                log.warning("automatic backup on close failed: %s", exc.message)
        if self._dirty:
            self.optimize()
        self.engine.dispose()
        self._closed = True

    def optimize(self, *, analyze_all: bool = False) -> None:
        """Refresh the query planner's statistics (SQLite's ``PRAGMA optimize``, or a full ``ANALYZE``).

        Without statistics SQLite prefers the index on ``deleted_at`` to the list indexes and sorts a
        million technologies for every first page; with them it walks the right index.
        """
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE" if analyze_all else "PRAGMA optimize")
                conn.commit()
        except Exception:  # statistics are an optimisation; never fail a close over them
            log.warning("could not refresh query statistics", exc_info=True)

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
            found = _open_error(exc, self.path)
            if found is not None:
                raise found from exc
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
        try:
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
        except DBAPIError as exc:
            # A page that fails its HMAC stops SQLite's check outright: that is itself the finding.
            problems.append(self._translate(exc).message)
        return problems

    def _connect_raw(self, path: Path, key: bytes | None = None) -> Any:
        return _connect(path, key or self.key)

    def backup(self, dest: str | os.PathLike[str] | None = None, *, reason: str = "manual") -> Path:
        """Copy the live database (online, consistent) to ``dest`` or the backup folder; verify it.

        The copy is encrypted with the same key (SQLite's backup API through a keyed connection), written
        to a temporary name, and renamed only after its integrity check passes, so a failed backup never
        leaves a half-written file that looks like a good one.
        """
        if dest is None:
            stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
            target = self.backup_dir / f"{self.path.stem}-{stamp}-{reason}.db"
        else:
            target = Path(dest)
            if target.is_dir():
                target = target / f"{self.path.stem}-{utcnow().strftime('%Y%m%d-%H%M%S')}.db"
        tmp = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
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
        except (OSError, DBAPIError, dbapi.Error) as exc:
            with suppress(OSError):
                tmp.unlink()
            found = _open_error(exc, target)
            message = found.message if found is not None else str(exc)
            raise BackupError(
                t(
                    "备份失败：{err}。请检查磁盘空间和目标文件夹的写权限；原数据没有改动。",
                    "Backup failed: {err}. Check free space and write access to the destination; "
                    "the data itself is unchanged.",
                    err=getattr(exc, "strerror", None) or message,
                ),
                path=target,
            ) from exc
        except BaseException:
            with suppress(OSError):
                tmp.unlink()
            raise
        log.info("backup written to %s", target)
        return target

    def list_backups(self) -> list[BackupInfo]:
        return list_backup_files(self.backup_dir)

    def prune_backups(self, keep: int, *, automatic_only: bool = False) -> list[Path]:
        """Delete all but the ``keep`` newest backups (only automatic ones if asked); returns what went."""
        removed = []
        candidates = [b for b in self.list_backups() if b.automatic or not automatic_only]
        for info in candidates[max(keep, 0) :]:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
        return removed

    # -- automatic backups

    @property
    def backup_keep(self) -> int:
        """How many automatic backups to keep (the data's own setting ``backup.keep``; default 10)."""
        if self.auto_backup is not None and self.auto_backup.keep is not None:
            return self.auto_backup.keep
        with self.engine.connect() as conn:
            value = conn.exec_driver_sql(
                "SELECT value FROM setting WHERE key = ?", (BACKUP_KEEP_SETTING,)
            ).scalar()
        try:
            return max(1, int(value)) if value is not None else DEFAULT_BACKUP_KEEP
        except ValueError:
            return DEFAULT_BACKUP_KEEP

    def set_backup_keep(self, keep: int) -> None:
        if keep < 1:
            raise StoreError(t("至少保留 1 份备份。", "Keep at least one backup."))
        with self.session(actor="settings") as session:
            from workbench.models import Setting

            session.merge(Setting(key=BACKUP_KEEP_SETTING, value=str(keep)))

    def auto_backup_now(self, why: str) -> Path:
        """An automatic backup, then rotation: only after the new copy verified are old ones removed."""
        path = self.backup(reason=AUTO_PREFIX + why)
        self.prune_backups(self.backup_keep, automatic_only=True)
        self._dirty = False
        return path

    def backup_if_due(self) -> Path | None:
        """The daily backup: when the newest automatic one is a day old (or none exists) and there is data."""
        newest = next((b for b in self.list_backups() if b.automatic), None)
        if newest is not None and datetime.now() - newest.created < DAILY:
            return None
        if not self._has_user_tables():
            return None
        try:
            return self.auto_backup_now("daily")
        except StoreError as exc:
            self.last_backup_error = exc
            log.warning("daily backup failed: %s", exc.message)
            return None

    # -- checking and restoring backups

    def _keys_to_try(self, extra: bytes | None = None) -> list[bytes]:
        keys = [self.key]
        if extra is not None:
            keys.insert(0, extra)
        if self.keystore is not None:
            keys.extend(self.keystore.alternatives(self.key))
        return keys

    def verify_file(self, path: Path, *, key: bytes | None = None) -> bytes:
        """Check that ``path`` is a readable, sound database of this application, or raise StoreError.

        Tries ``key`` if given, the current key, then keys this one replaced (backups written before a
        rotation); returns the key that opened it (``b""`` for an unencrypted backup of an earlier version).
        """
        return verify_backup(path, self._keys_to_try(key))

    def restore(self, src: str | os.PathLike[str], *, key: bytes | None = None) -> Path:
        """Replace the live data with a verified backup; the current data is backed up first.

        The backup is re-encrypted with the current key on the way in, whichever key it was written with.
        Returns the path of the safety backup of the data that was replaced.
        """
        source = Path(src)
        source_key = self.verify_file(source, key=key)
        imported: Path | None = None
        if source_key == b"":
            imported = self.backup_dir / f".import-{utcnow().strftime('%Y%m%d-%H%M%S-%f')}.db"
            self.backup_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, imported)
            encrypt_plaintext_file(imported, self.key)
            source, source_key = imported, self.verify_file(imported)
        try:
            safety = self.backup(reason="pre-restore")
            self.engine.dispose()
            try:
                _copy_database(source, source_key, self.path, self.key)
            except dbapi.Error as exc:
                raise StoreError(
                    t(
                        "恢复失败，原数据已备份在 {safety}：{err}",
                        "Restore failed; the previous data is safe in {safety}: {err}",
                        safety=safety,
                        err=exc,
                    )
                ) from exc
        finally:
            if imported is not None:
                imported.unlink(missing_ok=True)
        self._dirty = True
        if self.keystore is not None:
            self.keystore.adopt(self.key, file_salt(self.path))
        self.migrate()
        return safety

    @classmethod
    def replace_damaged(
        cls,
        path: str | os.PathLike[str],
        backup: str | os.PathLike[str],
        *,
        keys: KeyProvider | None = None,
        backup_dir: Path | None = None,
        auto_backup: AutoBackup | None = None,
    ) -> tuple[Store, Path]:
        """Put a backup in place of a data file that cannot be opened; the damaged file is kept, renamed.

        Returns the opened store and where the damaged file went (``workbench.db.damaged-<time>``).
        """
        p = Path(path)
        keystore = KeyStore(p, keys)
        key = keystore.unlock()
        source_key = verify_backup(Path(backup), [key, *keystore.alternatives(key)])
        if source_key == b"":
            raise StoreError(
                t(
                    "这是旧版本的未加密备份：请先打开数据文件，再从它恢复。",
                    "This is an unencrypted backup of an earlier version: open the data file first, "
                    "then restore from it.",
                )
            )
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        aside = p.with_name(f"{p.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = _sidecar(p, suffix)
            if part.exists():
                # Renamed, never deleted: the damaged file may still hold something a specialist can save.
                part.replace(_sidecar(aside, suffix))
        try:
            _copy_database(Path(backup), source_key, p, key)
        except BaseException:
            p.unlink(missing_ok=True)
            for suffix in ("", "-wal", "-shm"):
                if _sidecar(aside, suffix).exists():
                    _sidecar(aside, suffix).replace(_sidecar(p, suffix))
            raise
        keystore.adopt(key, file_salt(p))
        store = cls.open(p, keys=keys, backup_dir=backup_dir, auto_backup=auto_backup)
        return store, aside

    # -- keys

    def rotate_key(self) -> RecoveryKey:
        """Re-encrypt the database and every backup in the backup folder under a new key.

        The new key is noted in the key file (wrapped by the old one) before the file is touched, so an
        interruption at any point leaves a file that opens. Backups elsewhere keep the old key, which stays
        in the key file wrapped by the new one, so they still restore here. Returns the new recovery key
        (already shown to the user through the key provider).
        """
        if self.keystore is None:
            raise StoreError(
                t("这个数据文件的密钥由调用方管理。", "This file's key is managed by the caller.")
            )
        recovery, new, passphrase = self.keystore.begin_rotation(self.key)
        self.engine.dispose()
        old = self.key
        try:
            reencrypt_file(self.path, old, new)
        except BaseException as exc:
            self.engine = self._create_engine(self.path)
            self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
            found = _open_error(exc, self.path)
            if found is not None:
                raise found from exc
            raise
        self.keystore.finish_rotation(old, new, passphrase)
        self.key = new
        self.keystore.adopt(new, file_salt(self.path))
        self.engine = self._create_engine(self.path)
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        for info in self.list_backups():
            try:
                if key_opens(info.path, old):
                    reencrypt_file(info.path, old, new)
            except (StoreError, OSError, dbapi.Error) as exc:
                # It still opens here with the old key (kept in the key file); say so in the log.
                log.warning("backup %s keeps the previous key: %s", info.path.name, exc)
        self.keystore.provider.show_recovery_key(self.path, recovery)
        return recovery

    def change_passphrase(self) -> None:
        if self.keystore is None:
            raise StoreError(
                t("这个数据文件的密钥由调用方管理。", "This file's key is managed by the caller.")
            )
        self.keystore.change_passphrase(self.key)

    @classmethod
    def recover(
        cls, path: str | os.PathLike[str], recovery_key: str, *, keys: KeyProvider | None = None
    ) -> bytes:
        """Check a recovery key against the file and keep its key on this computer (keychain/passphrase)."""
        p = Path(path)
        if not p.is_file():
            raise StoreError(t("找不到数据文件：{p}", "Data file not found: {p}", p=p))
        return KeyStore(p, keys).recover(recovery_key, lambda k: key_opens(p, k))


class BackupError(OpenError):
    kind = "backup_failed"
    remedies = ("free_space", "retry")


def verify_backup(path: Path, keys: list[bytes]) -> bytes:
    """The key among ``keys`` that opens ``path`` as a sound workbench database, or StoreError."""
    if not path.is_file():
        raise StoreError(t("找不到备份文件：{p}", "Backup file not found: {p}", p=path))
    if is_plaintext(path):
        return b""  # an unencrypted backup of an earlier version: restore() encrypts it
    for candidate in keys:
        if not key_opens(path, candidate):
            continue
        try:
            conn = _connect(path, candidate)
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone()
                has_version = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name='alembic_version'"
                ).fetchone()
            finally:
                conn.close()
        except dbapi.DatabaseError:
            break
        if ok is None or ok[0] != "ok" or not has_version or not has_version[0]:
            break
        return candidate
    raise StoreError(
        t(
            "{p} 不是可读取的工作台数据文件（已损坏、不是备份，或用另一把密钥加密）。",
            "{p} is not a readable workbench data file (damaged, not a backup, or encrypted with "
            "another key).",
            p=path,
        )
    )


def _copy_database(src: Path, src_key: bytes, dest: Path, dest_key: bytes) -> None:
    """SQLite's backup API from one keyed file into another (re-encrypting when the keys differ)."""
    src_conn = _connect(src, src_key)
    try:
        dst_conn = _connect(dest, dest_key)
        try:
            src_conn.backup(dst_conn)
        finally:
            dst_conn.close()
    finally:
        src_conn.close()
