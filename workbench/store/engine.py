"""The open store: one encrypted SQLite file, its engine and sessions, opened with its key.

Every database is a SQLCipher 4 file opened with a raw 256-bit key (see :mod:`workbench.keys`); its WAL and
every backup are encrypted with the same key. Every connection goes through sqlcipher3's SQLite (one SQLite
for everything, FTS5 included), in WAL mode with foreign keys on. Transactions are explicit: a session that
writes begins with ``BEGIN IMMEDIATE`` (it waits for another writer instead of failing), so that a crash
mid-write rolls back cleanly and two processes can write one file. Migrations, backups and the change log
live in their own modules of this package.

Opening never creates or converts a file behind the user's back: a missing or empty data file is reported
(unless ``create`` asks for a new one), and an unencrypted file of an earlier version is converted only
when ``convert_plaintext`` says the user agreed; an SQLite file that is not ours is refused untouched.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.keys import (
    CorruptFileError,
    ForeignFileError,
    KeyProvider,
    KeyStore,
    OpenError,
    RecoveryKey,
    key_file_for,
    os_error,
    raw_key_pragma,
)
from workbench.paths import private_dir, private_file
from workbench.store import changelog as _changelog  # noqa: F401 - the change log's session hook
from workbench.store.backups import (
    AutoBackup,
    BackupsMixin,
    is_workbench_plaintext,
    put_backup_in_place,
)
from workbench.store.files import (
    _damaged_message,
    _has_content,
    _open_error,
    _page_aligned,
    _sqlite_name,
    dbapi,
    encrypt_plaintext_file,
    file_salt,
    is_plaintext,
    key_opens,
    private_database,
    reencrypt_file,
    remove_stray_files,
)
from workbench.store.migrations import MigrationsMixin

log = logging.getLogger(__name__)

# How long a write waits for another process's write to finish before it gives up (seconds).
BUSY_TIMEOUT_S = 30


class BusyError(OpenError):
    kind = "busy"
    remedies: ClassVar[tuple[str, ...]] = ("retry",)


class MissingDataFileError(CorruptFileError):
    """The data file is missing or empty: nothing to open, and nothing is created unless asked."""

    kind = "missing"


class PlaintextFileError(OpenError):
    """An unencrypted data file of an earlier version: converting it is a step the user confirms."""

    kind = "plaintext"
    remedies: ClassVar[tuple[str, ...]] = ("convert",)


class NotOurFileError(OpenError):
    """An SQLite file (or a folder, or anything else) that is not a workbench data file; left untouched."""

    kind = "not_ours"
    remedies: ClassVar[tuple[str, ...]] = ()


def _missing_message(path: Path, *, empty: bool) -> str:
    if empty:
        return t(
            "数据文件 {p} 是空的（0 字节），没有可打开的数据。没有新建任何文件。"
            "请从备份恢复（workbench restore 备份文件），或确认要新建时运行 workbench init。",
            "The data file {p} is empty (0 bytes): there is no data to open, and no new file was made. "
            "Restore a backup (workbench restore BACKUP), or run `workbench init` to start a new one.",
            p=path,
        )
    return t(
        "数据文件不存在：{p}。如果这里曾有数据，请从备份恢复（workbench restore 备份文件）；"
        "要新建数据文件，请运行 workbench init。",
        "The data file does not exist: {p}. If there was data here, restore a backup "
        "(workbench restore BACKUP); to start a new data file, run `workbench init`.",
        p=path,
    )


def _check_path(p: Path, *, create: bool) -> bool:
    """Refuse what is no data file, before any key is asked for; True when a new file is to be made."""
    if p.is_dir():
        raise NotOurFileError(
            t(
                "{p} 是一个文件夹，不是数据文件。请给出数据文件本身（例如 {p}/workbench.db）。",
                "{p} is a folder, not a data file. Give the data file itself (for example {p}/workbench.db).",
                p=p,
            ),
            path=p,
        )
    if p.exists() and not p.is_file():
        raise NotOurFileError(t("{p} 不是一个普通文件。", "{p} is not a regular file.", p=p), path=p)
    if _has_content(p):
        return False
    empty = p.exists()
    # An empty file with its key file beside it once held data (a failed copy, a sync tool): never replace
    # it silently, even when asked to create, because the new key would orphan the user's backups.
    if not create or (empty and key_file_for(p).exists()):
        raise MissingDataFileError(_missing_message(p, empty=empty), path=p)
    return True


def _remove_own_leftovers(p: Path) -> None:
    """Temporary files an interrupted conversion, rotation or key-file write left beside the data file.

    Only these exact names: the folder may be the user's own (``--db``), with files that are none of ours.
    """
    key_file = key_file_for(p)
    for leftover in (
        p.with_name(p.name + ".encrypting"),
        p.with_name(p.name + ".rekey"),
        p.with_name(p.name + ".rekey-journal"),
        key_file.with_name(key_file.name + ".part"),
    ):
        with suppress(OSError):
            leftover.unlink()


class Store(BackupsMixin, MigrationsMixin):
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
        self._reopen_engine()

    def _reopen_engine(self) -> None:
        self.engine = self._create_engine(self.path)
        writer = self.engine.execution_options(immediate=True)
        self._sessions = sessionmaker(writer, class_=Session, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)

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
        convert_plaintext: bool = False,
    ) -> Store:
        """Open (and, when asked, create, convert or upgrade) the database at ``path``.

        The key comes from ``key`` when given (tools, tests), else from the keychain or a passphrase via
        :class:`~workbench.keys.KeyStore` and ``keys`` (the app's dialogs, the CLI's prompt). Failures raise
        :class:`~workbench.keys.OpenError` subclasses whose ``kind`` says what the user can do.

        ``create`` makes a new data file where none exists (``init``, the app's first start); an existing
        empty file is still refused when its key file is there. ``convert_plaintext`` encrypts an
        unencrypted file of an earlier version (the user confirmed); without it such a file is refused
        with :class:`PlaintextFileError`, and any other SQLite file with :class:`NotOurFileError`.
        """
        p = Path(path)
        fresh = _check_path(p, create=create)
        try:
            if not p.parent.exists():
                private_dir(p.parent)
        except OSError as exc:
            raise os_error(exc, p.parent) from exc
        backups = backup_dir or p.parent / "backups"
        plaintext = not fresh and is_plaintext(p)
        if plaintext:
            cls._check_plaintext(p, convert=convert_plaintext)
        if not fresh and not plaintext and not _page_aligned(p):
            # Neither SQLite nor SQLCipher writes a file whose size is not a whole number of pages.
            raise CorruptFileError(_damaged_message(p), path=p)
        keystore = KeyStore(p, keys) if key is None else None
        if keystore is not None:
            new_key = fresh or (plaintext and keystore.read() is None)
            key = keystore.create() if new_key else keystore.unlock()
        assert key is not None
        if plaintext:
            encrypt_plaintext_file(p, key)
            cls._encrypt_plaintext_backups(backups, key)
        key = cls._usable_key(p, key, keystore, fresh=fresh)
        if fresh:
            cls._create_private(p)
        remove_stray_files(backups)
        _remove_own_leftovers(p)
        store = cls(p, key=key, backup_dir=backup_dir, keystore=keystore, auto_backup=auto_backup)
        try:
            store._probe()
            private_database(p)
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
    def _create_private(p: Path) -> None:
        """Create the new data file owner-only before SQLite writes to it (its WAL inherits the mode)."""
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            os.close(fd)
            private_file(p)
        except OSError as exc:
            raise os_error(exc, p) from exc

    @staticmethod
    def _check_plaintext(p: Path, *, convert: bool) -> None:
        if not is_workbench_plaintext(p):
            raise NotOurFileError(
                t(
                    "{p} 是一个普通的 SQLite 数据库，不是工作台的数据文件。文件保持原样，没有被打开或改动。",
                    "{p} is a plain SQLite database, not a workbench data file. It was left as it is: "
                    "not opened, not changed.",
                    p=p,
                ),
                path=p,
            )
        if not convert:
            raise PlaintextFileError(
                t(
                    "{p} 是旧版本的未加密数据文件。需要先确认把它转换为加密文件"
                    "（转换前会校验，原文件在成功前保持不变）。",
                    "{p} is an unencrypted data file of an earlier version. Confirm converting it to an "
                    "encrypted file first (the copy is verified; the original stays until it succeeds).",
                    p=p,
                ),
                path=p,
            )

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
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
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
            # A write transaction takes the write lock at BEGIN, where SQLite can wait for another writer
            # (busy timeout); a deferred BEGIN that reads first cannot wait once it wants to write, and
            # fails at once with "database is locked" when two processes write together.
            if not conn.get_execution_options().get("immediate", False):
                conn.exec_driver_sql("BEGIN")
                return
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except DBAPIError as exc:
                if not _sqlite_name(exc).startswith("SQLITE_READONLY"):
                    raise
                # A read-only disk or file: reading must still work; a write then says "read-only".
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
        if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
            return BusyError(
                t(
                    "数据文件 {p} 正被另一个程序长时间写入，等了 {s} 秒仍未轮到。"
                    "没有保存任何改动；请稍后重试。",
                    "The data file {p} has been busy in another program for {s} seconds. Nothing was "
                    "saved; retry in a moment.",
                    p=self.path,
                    s=BUSY_TIMEOUT_S,
                ),
                path=self.path,
            )
        return StoreError(t("数据库错误：{err}", "Database error: {err}", err=exc))

    # -- sessions ----------------------------------------------------------------------------------

    @contextmanager
    def session(self, *, actor: str = "", write: bool = True) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any exception.

        ``write`` (the default) takes the write lock at the start (``BEGIN IMMEDIATE``), waiting up to
        :data:`BUSY_TIMEOUT_S` for another writer; a block that only reads may pass ``write=False`` so it
        never waits for, nor holds up, a writer.

        A full disk, a read-only file or a damaged page becomes an :class:`OpenError` the UI can explain;
        the rollback guarantees that nothing of the failed unit was written.
        """
        with (self._sessions if write else self._read_sessions)() as session:
            session.info["actor"] = actor
            try:
                yield session
                session.commit()
            except DBAPIError as exc:
                with suppress(DBAPIError):
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
        _, aside = put_backup_in_place(p, Path(backup), KeyStore(p, keys))
        store = cls.open(p, keys=keys, backup_dir=backup_dir, auto_backup=auto_backup, create=False)
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
            self._reopen_engine()
            found = _open_error(exc, self.path)
            if found is not None:
                raise found from exc
            raise
        self.keystore.finish_rotation(old, new, passphrase)
        self.key = new
        self.keystore.adopt(new, file_salt(self.path))
        self._reopen_engine()
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
