"""Backups, restore and integrity: verified copies of the data file, and putting one back.

A backup is written under a temporary ``.part`` name through SQLite's backup API, checked, and only then
renamed; an interrupted one leaves a ``.part`` file that the next start (and ``backup keep``) removes.
Restoring first keeps the current data: a verified backup when the file is sound, its raw bytes beside it
when it is damaged (the case where restoring matters most).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.keys import CorruptFileError, DiskFullError, KeyStore, OpenError, key_file_for
from workbench.models import utcnow
from workbench.paths import private_dir, private_file
from workbench.store.files import (
    _connect,
    _open_error,
    _sqlite_name,
    copy_aside,
    copy_database,
    dbapi,
    encrypt_plaintext_file,
    is_plaintext,
    key_opens,
    private_database,
    remove_stray_files,
)

log = logging.getLogger(__name__)

DEFAULT_BACKUP_KEEP = 10
BACKUP_KEEP_SETTING = "backup.keep"
AUTO_PREFIX = "auto-"
# <db stem>-<YYYYmmdd>-<HHMMSS>-<microseconds>-<reason>.db, as backup() names them.
_BACKUP_NAME = re.compile(r"-\d{8}-\d{6}-\d{6}-(.+)$")
DAILY = timedelta(days=1)


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


def is_workbench_plaintext(path: Path) -> bool:
    """An unencrypted file of an earlier workbench version (it has our schema table), not any SQLite."""
    if not is_plaintext(path):
        return False
    try:
        conn = _connect(path, None)
        try:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
        finally:
            conn.close()
    except dbapi.Error:
        return False
    return bool(found and found[0])


def _is_damage(exc: BaseException) -> bool:
    name = _sqlite_name(exc)
    return name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT") or isinstance(exc, CorruptFileError)


class BackupsMixin:
    """Backup, automatic backups, restore and integrity checks of an open :class:`~workbench.store.Store`."""

    if TYPE_CHECKING:
        path: Path
        key: bytes
        keystore: KeyStore | None
        backup_dir: Path
        engine: Engine
        auto_backup: AutoBackup | None
        last_backup_error: StoreError | None
        _dirty: bool

        def _translate(self, exc: BaseException) -> StoreError: ...
        def session(self, *, actor: str = "") -> AbstractContextManager[Session]: ...
        def migrate(self) -> bool: ...
        def _has_user_tables(self) -> bool: ...
        def _reopen_engine(self) -> None: ...

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

    def _check_backup_target(self, target: Path) -> None:
        """Never write a backup over the key file, the live data file, or a file that is not our backup."""
        resolved = target.resolve()
        ours = {self.path.resolve(), key_file_for(self.path).resolve()}
        ours |= {self.path.resolve().with_name(self.path.name + s) for s in ("-wal", "-shm")}
        if resolved in ours:
            raise BackupError(
                t(
                    "不能把备份写到 {p}：那是数据文件或它的密钥文件。请换一个文件名或文件夹。",
                    "Cannot write the backup to {p}: that is the data file or its key file. "
                    "Choose another name or folder.",
                    p=target,
                ),
                path=target,
            )
        if target.exists():
            try:
                verify_backup(target, self._keys_to_try())
            except StoreError:
                raise BackupError(
                    t(
                        "{p} 已存在，而且不是这个数据文件的备份：没有覆盖它。请换一个文件名或文件夹。",
                        "{p} already exists and is not a backup of this data file: it was not overwritten. "
                        "Choose another name or folder.",
                        p=target,
                    ),
                    path=target,
                ) from None

    def backup(self, dest: str | os.PathLike[str] | None = None, *, reason: str = "manual") -> Path:
        """Copy the live database (online, consistent) to ``dest`` or the backup folder; verify it.

        The copy is encrypted with the same key (SQLite's backup API through a keyed connection), written
        to a temporary name, and renamed only after its integrity check passes, so a failed backup never
        leaves a half-written file that looks like a good one. The copy is owner-only (0600 on POSIX).
        """
        if dest is None:
            stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
            target = self.backup_dir / f"{self.path.stem}-{stamp}-{reason}.db"
        else:
            target = Path(dest)
            if target.is_dir():
                target = target / f"{self.path.stem}-{utcnow().strftime('%Y%m%d-%H%M%S')}.db"
            self._check_backup_target(target)
        tmp = target.with_name(target.name + ".part")
        try:
            if dest is None:
                private_dir(target.parent)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            src = self.engine.raw_connection()
            try:
                dst = self._connect_raw(tmp)
                try:
                    private_file(tmp)
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
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                with suppress(OSError):
                    leftover.unlink()
            if _is_damage(exc):
                raise BackupError(
                    t(
                        "备份失败：数据文件 {p} 已损坏，无法完整读取。"
                        "请从较早的备份恢复（workbench restore 备份文件）。",
                        "Backup failed: the data file {p} is damaged and cannot be read in full. "
                        "Restore an earlier backup (workbench restore BACKUP).",
                        p=self.path,
                    ),
                    path=self.path,
                ) from exc
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
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                with suppress(OSError):
                    leftover.unlink()
            raise
        log.info("backup written to %s", target)
        return target

    def list_backups(self) -> list[BackupInfo]:
        return list_backup_files(self.backup_dir)

    def prune_backups(self, keep: int, *, automatic_only: bool = False) -> list[Path]:
        """Delete all but the ``keep`` newest backups (only automatic ones if asked); returns what went.

        Leftovers of interrupted backups (``.part`` files) go too: they are never a usable copy.
        """
        removed = remove_stray_files(self.backup_dir)
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

    def _import_plaintext(self, source: Path) -> tuple[Path, bytes]:
        """An unencrypted backup of an earlier version, encrypted into a temporary copy for restoring."""
        if not is_workbench_plaintext(source):
            raise StoreError(
                t(
                    "{p} 是一个普通的 SQLite 文件，不是工作台的数据文件或备份：没有恢复。",
                    "{p} is a plain SQLite file, not a workbench data file or backup: nothing was restored.",
                    p=source,
                )
            )
        imported = self.backup_dir / f".import-{utcnow().strftime('%Y%m%d-%H%M%S-%f')}.db"
        try:
            private_dir(self.backup_dir)
            shutil.copyfile(source, imported)
            private_file(imported)
            encrypt_plaintext_file(imported, self.key)
            return imported, self.verify_file(imported)
        except BaseException as exc:
            imported.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise _open_error(exc, self.backup_dir) or exc from exc
            if isinstance(exc, StoreError) and not isinstance(exc, OpenError):
                raise StoreError(
                    t(
                        "无法读取旧版本的未加密备份 {p}：{e}",
                        "Cannot read the unencrypted backup of an earlier version {p}: {e}",
                        p=source,
                        e=exc.message,
                    )
                ) from exc
            raise

    def _keep_current_data(self) -> tuple[Path, bool]:
        """Before a restore: a verified backup of the current data, or its raw bytes if it is damaged.

        Returns where it went and whether the data file is damaged (then it is replaced, not written into).
        """
        try:
            return self.backup(reason="pre-restore"), False
        except BackupError as exc:
            if not _is_damage(exc.__cause__ or exc):
                raise
        log.warning("the data file is damaged; keeping its bytes before restoring")
        return copy_aside(self.path, "damaged"), True

    def restore(self, src: str | os.PathLike[str], *, key: bytes | None = None) -> Path:
        """Replace the live data with a verified backup; the current data is kept first.

        The backup is re-encrypted with the current key on the way in, whichever key it was written with.
        Returns where the replaced data went: a safety backup, or (when the data file is damaged, so no
        verified copy can be made) a byte copy ``workbench.db.damaged-<time>`` beside it.
        """
        source = Path(src)
        source_key = self.verify_file(source, key=key)
        imported: Path | None = None
        if source_key == b"":
            imported, source_key = self._import_plaintext(source)
            source = imported
        try:
            safety, damaged = self._keep_current_data()
            self.engine.dispose()
            try:
                if damaged:
                    # SQLite cannot write into a file whose pages fail their checks: start from a new one.
                    for suffix in ("-wal", "-shm", ""):
                        self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
                copy_database(source, source_key, self.path, self.key)
                private_database(self.path)
            except (dbapi.Error, OSError) as exc:
                self._reopen_engine()
                found = _open_error(exc, self.path)
                raise StoreError(
                    t(
                        "恢复失败，原数据已保存在 {safety}：{err}",
                        "Restore failed; the previous data is safe in {safety}: {err}",
                        safety=safety,
                        err=found.message if found is not None else exc,
                    )
                ) from exc
        finally:
            if imported is not None:
                imported.unlink(missing_ok=True)
        self._reopen_engine()
        self._dirty = True
        if self.keystore is not None:
            from workbench.store.files import file_salt

            self.keystore.adopt(self.key, file_salt(self.path))
        self.migrate()
        return safety


def put_backup_in_place(path: Path, backup: Path, keystore: KeyStore) -> tuple[bytes, Path]:
    """Put a backup in place of a data file that cannot be opened; the damaged file is kept, renamed.

    Returns the key (this computer's) and where the damaged file went (``workbench.db.damaged-<time>``).
    """
    from workbench.store.files import _sidecar, file_salt

    key = keystore.unlock()
    source_key = verify_backup(backup, [key, *keystore.alternatives(key)])
    if source_key == b"":
        raise StoreError(
            t(
                "这是旧版本的未加密备份：请先打开数据文件，再从它恢复。",
                "This is an unencrypted backup of an earlier version: open the data file first, "
                "then restore from it.",
            )
        )
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = _sidecar(path, suffix)
        if part.exists():
            # Renamed, never deleted: the damaged file may still hold something a specialist can save.
            part.replace(_sidecar(aside, suffix))
    try:
        copy_database(backup, source_key, path, key)
        private_file(path)
    except BaseException as exc:
        path.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if _sidecar(aside, suffix).exists():
                _sidecar(aside, suffix).replace(_sidecar(path, suffix))
        if isinstance(exc, OSError | dbapi.Error):
            found = _open_error(exc, path)
            if found is not None:
                raise found from exc
        raise
    keystore.adopt(key, file_salt(path))
    return key, aside


__all__ = [
    "AUTO_PREFIX",
    "BACKUP_KEEP_SETTING",
    "DAILY",
    "DEFAULT_BACKUP_KEEP",
    "AutoBackup",
    "BackupError",
    "BackupInfo",
    "BackupsMixin",
    "DiskFullError",
    "is_workbench_plaintext",
    "list_backup_files",
    "put_backup_in_place",
    "verify_backup",
]
