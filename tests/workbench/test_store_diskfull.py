"""A full disk during a write, a backup, a key rotation and a restore: a clear message, and the data intact.

The disk fills where the store writes: SQLite's own limit on a connection's file size (``max_page_count``,
which makes SQLite return ``SQLITE_FULL`` exactly as a full disk does) on the connection that writes, or
the operating system's ``ENOSPC`` from the key file's write. No root, no mounted filesystem: it runs in CI.
Afterwards every test checks that the data file opens with its key, passes its integrity check, holds
every record committed before, and that no temporary file was left behind.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select

import workbench.store.files as store_files
from workbench.errors import StoreError
from workbench.keys import key_file_for
from workbench.models import Enterprise
from workbench.store import DiskFullError, Store, remove_stray_files

STRAY = (".part", ".part-journal", ".rekey", ".rekey-journal", ".encrypting")


def _names(store: Store) -> list[str]:
    with store.session(write=False) as s:
        return sorted(e.name for e in s.exec(select(Enterprise)).all())


def _add(store: Store, names: list[str]) -> None:
    with store.session(actor="test") as s:
        for name in names:
            s.add(Enterprise(name=name, notes="很长的备注" * 60))


def _strays(db: Path) -> list[Path]:
    return [p for p in db.parent.rglob("*") if p.name.endswith(STRAY) or p.name.startswith(".import-")]


def _intact(db: Path, expected: list[str]) -> None:
    with Store.open(db, create=False) as store:
        assert _names(store) == expected
        assert store.integrity_check() == []
    assert _strays(db) == []


def _full_after(pages: int) -> Callable[[Any, Any], None]:
    def limit(dbapi_conn: Any, _record: Any = None) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    return limit


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "workbench.db"


@pytest.fixture
def saved(db: Path) -> list[str]:
    names = [f"企业{i:03d}" for i in range(40)]
    with Store.open(db) as store:
        _add(store, names)
    return names


def _limit_connections(monkeypatch: pytest.MonkeyPatch, match: Callable[[Path], bool], pages: int) -> None:
    """Every keyed connection the store opens on a matching file may grow to ``pages`` pages only."""
    real = store_files._connect

    def connect(path: Path, key: bytes | None) -> Any:
        conn = real(path, key)
        if match(Path(path)):
            current = int(conn.execute("PRAGMA page_count").fetchone()[0])
            conn.execute(f"PRAGMA max_page_count = {max(current, pages)}")
        return conn

    monkeypatch.setattr(store_files, "_connect", connect)


def test_disk_full_during_a_write(db: Path, saved: list[str]) -> None:
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
        event.listen(store.engine, "connect", _full_after(pages + 1))
        store.engine.dispose()
        with pytest.raises(DiskFullError) as err:
            _add(store, [f"新{i}" for i in range(300)])
        assert "磁盘已满" in err.value.message
        assert _names(store) == saved
    _intact(db, saved)


def test_disk_full_during_a_backup(db: Path, saved: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as store:
        real = store._connect_raw

        def small_disk(path: Path, key: bytes | None = None) -> Any:
            conn = real(path, key)
            conn.execute("PRAGMA max_page_count = 3")
            return conn

        monkeypatch.setattr(store, "_connect_raw", small_disk)
        with pytest.raises(StoreError) as err:
            store.backup(reason="manual")
        assert "磁盘已满" in err.value.message and "原数据没有改动" in err.value.message
        assert store.list_backups() == []
        assert _names(store) == saved
    _intact(db, saved)


def test_disk_full_during_a_key_rotation(db: Path, saved: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as store:
        store.backup(reason="manual")
        before = store.key
        _limit_connections(monkeypatch, lambda p: p.name.endswith(".rekey"), 3)
        with pytest.raises(DiskFullError) as err:
            store.rotate_key()
        assert "磁盘已满" in err.value.message
        assert store.key == before
        assert _names(store) == saved
    monkeypatch.undo()
    _intact(db, saved)


def test_no_space_for_the_key_file_during_a_key_rotation(
    db: Path, saved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.keys.keystore as keystore_module

    key_file = key_file_for(db)
    before = key_file.read_bytes()

    def no_space(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    with Store.open(db) as store:
        monkeypatch.setattr(keystore_module, "_write_private", no_space)
        with pytest.raises(DiskFullError) as err:
            store.rotate_key()
        assert "磁盘已满" in err.value.message
    monkeypatch.undo()
    assert key_file.read_bytes() == before
    _intact(db, saved)


def test_disk_full_during_a_restore(db: Path, saved: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    more = saved + [f"后来{i:03d}" for i in range(200)]
    with Store.open(db) as store:
        _add(store, more[len(saved) :])
        big = store.backup(reason="manual")
        # Back to the small data set, and a file that has not grown: the big backup no longer fits.
        with store.session(actor="test") as s:
            for e in s.exec(select(Enterprise).where(Enterprise.name.startswith("后来"))).all():
                s.delete(e)
    conn = store_files._connect(db, store.key)
    conn.execute("VACUUM")
    conn.close()
    with Store.open(db) as store:
        _limit_connections(monkeypatch, lambda p: p == db, 0)
        with pytest.raises(StoreError) as err:
            store.restore(big)
        assert "恢复失败" in err.value.message and "磁盘已满" in err.value.message
        assert _names(store) == saved
    monkeypatch.undo()
    _intact(db, saved)
    assert remove_stray_files(db.parent / "backups") == []


@pytest.mark.long
def test_disk_full_at_every_size_during_writes_and_backups(
    db: Path, saved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills after 1…30 more pages of a write, and after 2…30 pages of a backup: 59 trials."""
    trials = 0
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
        real = store._connect_raw
        for extra in range(1, 31):
            listener = _full_after(pages + extra)
            event.listen(store.engine, "connect", listener)
            store.engine.dispose()
            with pytest.raises(DiskFullError):
                _add(store, [f"新{i}" for i in range(400)])
            event.remove(store.engine, "connect", listener)
            store.engine.dispose()
            assert _names(store) == saved
            trials += 1
        for limit in range(2, 31):

            def small_disk(path: Path, key: bytes | None = None, limit: int = limit) -> Any:
                conn = real(path, key)
                conn.execute(f"PRAGMA max_page_count = {limit}")
                return conn

            monkeypatch.setattr(store, "_connect_raw", small_disk)
            with pytest.raises(StoreError, match="磁盘已满"):
                store.backup(reason="manual")
            assert store.list_backups() == [] and _strays(db) == []
            trials += 1
    _intact(db, saved)
    print(f"disk-full trials: {trials}, records checked per trial: {len(saved)}, lost: 0")
