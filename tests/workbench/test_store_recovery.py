"""The recovery paths of issue 11: restore when the file is damaged, empty or foreign files, stray temporary
files, backups over the wrong file, permissions, and messages that say what actually happened.

Each test reproduces one finding with real SQLCipher files; every one of them failed on the code before the
fix (checked against commit b3f297a).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from workbench.errors import StoreError
from workbench.keys import key_file_for
from workbench.models import Enterprise
from workbench.store import Store

POSIX = os.name == "posix"


def _names(store: Store) -> list[str]:
    with store.session(actor="test") as s:
        return sorted(e.name for e in s.exec(select(Enterprise)).all())


def _add(store: Store, names: list[str]) -> None:
    with store.session(actor="test") as s:
        for name in names:
            s.add(Enterprise(name=name, notes="备注" * 40))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data" / "workbench.db"


# -- 1. restore when the data file is damaged --------------------------------------------------------


def _damage_late_page(db: Path) -> None:
    """Flip bytes inside page 100 (of ~200): not seen when the file opens, only when that page is read."""
    data = bytearray(db.read_bytes())
    assert len(data) > 150 * 4096
    start = 100 * 4096 + 200
    for i in range(start, start + 64):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))


def test_restore_works_when_the_data_file_is_damaged_and_keeps_its_bytes(db: Path) -> None:
    with Store.open(db) as store:
        _add(store, [f"企业{i:04d}" for i in range(300)])
        good = store.backup(reason="manual")
        _add(store, ["备份之后"])
    _damage_late_page(db)
    damaged = db.read_bytes()
    with Store.open(db) as store:  # the damage is not detected when the file opens
        aside = store.restore(good)
        assert len(_names(store)) == 300 and "备份之后" not in _names(store)
        assert store.integrity_check() == []
    assert aside.read_bytes() == damaged  # the damaged bytes are kept, as they were
    assert aside.parent == db.parent and ".damaged-" in aside.name


# -- 2. an empty or missing data file is never replaced silently ----------------------------------------


def test_an_empty_data_file_is_reported_not_replaced(db: Path) -> None:
    with Store.open(db) as store:
        _add(store, ["老数据"])
        store.backup(reason="manual")
    key_file = key_file_for(db)
    key_before = _digest(key_file)
    db.write_bytes(b"")
    for sidecar in ("-wal", "-shm"):
        db.with_name(db.name + sidecar).unlink(missing_ok=True)
    for create in (False, True):
        with pytest.raises(StoreError) as err:
            Store.open(db, create=create)
        assert "空的" in err.value.message and "workbench restore" in err.value.message
    assert db.stat().st_size == 0
    assert _digest(key_file) == key_before  # the old key (which opens the backups) is still in place
    assert not list(db.parent.glob("*.old"))


def test_a_missing_data_file_says_how_to_restore(db: Path) -> None:
    with pytest.raises(StoreError) as err:
        Store.open(db, create=False)
    assert "workbench restore" in err.value.message and "workbench init" in err.value.message
    assert not db.exists()


def test_restore_puts_a_backup_in_place_of_an_empty_data_file(db: Path) -> None:
    with Store.open(db) as store:
        _add(store, ["老数据"])
        good = store.backup(reason="manual")
    db.write_bytes(b"")
    from workbench.store import CorruptFileError

    # The CLI's restore falls back to replace_damaged for a file that cannot be opened: so must an empty one.
    with pytest.raises(CorruptFileError):
        Store.open(db, create=False)
    store, _aside = Store.replace_damaged(db, good)
    with store:
        assert _names(store) == ["老数据"]


# -- 4. a foreign plaintext SQLite file is refused untouched ------------------------------------------


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('holiday')")
    conn.commit()
    conn.close()
    before = _digest(other)
    with pytest.raises(StoreError) as err:
        Store.open(other, create=False)
    assert "不是工作台的数据文件" in err.value.message
    assert _digest(other) == before
    assert not key_file_for(other).exists()


def test_an_old_plaintext_workbench_file_is_converted_only_when_confirmed(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = _digest(old)
    with pytest.raises(StoreError) as err:
        Store.open(old, create=False)
    assert "未加密" in err.value.message and getattr(err.value, "kind", "") == "plaintext"
    assert _digest(old) == before


# -- 5. leftovers of interrupted backups are cleaned up --------------------------------------------------


def test_leftovers_of_interrupted_backups_are_removed_at_start_and_by_backup_keep(db: Path) -> None:
    with Store.open(db) as store:
        _add(store, ["甲"])
        real = store.backup(reason="manual")
    backups = real.parent
    strays = [backups / "workbench-20260101-000000-000000-manual.db.part", backups / "x.db.part-journal"]
    for p in strays:
        p.write_bytes(b"\0" * 8192)
    beside = [db.with_name("workbench.db.rekey"), db.with_name("workbench.key.json.part")]
    for p in beside:
        p.write_bytes(b"\0" * 4096)
    mine = db.with_name("workbench.db.notes.part")  # not one of our names: the folder may be the user's
    mine.write_bytes(b"user's file")
    with Store.open(db) as store:
        assert not any(p.exists() for p in strays + beside)
        assert mine.exists()
        for p in strays:
            p.write_bytes(b"\0" * 8192)
        removed = store.prune_backups(10, automatic_only=True)
        assert set(strays) <= set(removed)
        assert not any(p.exists() for p in strays)
        assert real.exists()


# -- 6. a backup never overwrites the key file, the data file or somebody else's file ---------------------


def test_a_backup_refuses_to_overwrite_the_key_file_the_data_file_or_a_foreign_file(
    db: Path, tmp_path: Path
) -> None:
    with Store.open(db) as store:
        _add(store, ["甲"])
        foreign = tmp_path / "notes.txt"
        foreign.write_text("我的笔记", encoding="utf-8")
        protected = [key_file_for(db), db, foreign]
        before = {p: _digest(p) for p in protected}
        for target in protected:
            with pytest.raises(StoreError) as err:
                store.backup(target)
            assert "没有覆盖" in err.value.message or "密钥文件" in err.value.message
        assert {p: _digest(p) for p in protected} == before
        # Writing again over our own earlier backup is fine.
        mine = store.backup(tmp_path / "mine.db")
        assert store.backup(mine) == mine
    with Store.open(db) as store:
        assert _names(store) == ["甲"]


def test_a_key_file_overwritten_by_binary_data_gives_words_and_key_recover_works(db: Path) -> None:
    import keyring

    from workbench.keys import SERVICE, EnvKeyProvider, KeyMissingError, keychain_username

    provider = EnvKeyProvider({})
    with Store.open(db, keys=provider) as store:
        _add(store, ["甲"])
        backup = store.backup(reason="manual")
    assert provider.recovery is not None
    key_file = key_file_for(db)
    key_file.write_bytes(backup.read_bytes()[:8192])  # what `workbench backup w.key.json` used to do
    # A second computer: no keychain entry either, so the key file was the only way in.
    keyring.get_keyring().delete_password(SERVICE, keychain_username(db))
    with pytest.raises(KeyMissingError) as err:
        Store.open(db, create=False)
    assert "恢复密钥" in err.value.message
    Store.recover(db, provider.recovery.text())
    with Store.open(db, create=False) as store:
        assert _names(store) == ["甲"]
    assert list(db.parent.glob("workbench.key.json.*.old"))  # the broken file was kept aside


# -- 8. permissions ------------------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_data_file_backups_and_folders_are_owner_only(db: Path, tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        with Store.open(db) as store:
            _add(store, ["甲"])
            backup = store.backup(reason="manual")
            outside = store.backup(tmp_path / "copy.db")
        from workbench.paths import default_paths

        paths = default_paths(data_dir=tmp_path / "portable").ensure()
    finally:
        os.umask(old_umask)

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700  # the data folder was created by the store
    assert mode(backup) == 0o600 and mode(outside) == 0o600
    assert mode(backup.parent) == 0o700
    for folder in (paths.data_dir, paths.log_dir, paths.backup_dir, paths.drafts_dir):
        assert mode(folder) == 0o700


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_the_recovery_sheet_written_by_the_cli_is_owner_only(tmp_path: Path) -> None:
    import io

    from workbench.keys import TerminalKeyProvider

    sheet = tmp_path / "sheet.pdf"
    old_umask = os.umask(0o022)
    try:
        provider = TerminalKeyProvider({}, out=io.StringIO(), sheet=sheet, interactive=False)
        Store.open(tmp_path / "w.db", keys=provider).close()
    finally:
        os.umask(old_umask)
    assert sheet.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600


# -- 12. messages that name the real problem --------------------------------------------------------


def test_a_folder_given_as_the_data_file_is_called_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "somewhere"
    folder.mkdir()
    with pytest.raises(StoreError) as err:
        Store.open(folder, create=False)
    assert "文件夹" in err.value.message
    assert "恢复密钥" not in err.value.message
    assert list(folder.iterdir()) == []


def test_a_backup_of_a_damaged_file_says_damaged_not_free_space(db: Path) -> None:
    with Store.open(db) as store:
        _add(store, [f"企业{i:04d}" for i in range(300)])
    _damage_late_page(db)
    with Store.open(db) as store:
        with pytest.raises(StoreError) as err:
            store.backup(reason="manual")
        assert "损坏" in err.value.message
        assert "磁盘空间" not in err.value.message
    assert not list((db.parent / "backups").glob("*.part*"))


def test_restoring_a_plain_sqlite_file_names_that_file_not_a_temporary_one(db: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        _add(store, ["甲"])
        with pytest.raises(StoreError) as err:
            store.restore(plain)
        assert str(plain) in err.value.message
        assert ".import-" not in err.value.message
        assert _names(store) == ["甲"]
    assert not list((db.parent / "backups").glob(".import-*"))


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_the_log_file_and_its_rotations_are_owner_only(tmp_path: Path) -> None:
    import logging

    from workbench.paths import default_paths, private_log_handler

    paths = default_paths(data_dir=tmp_path / "portable")
    old_umask = os.umask(0o022)
    handler = private_log_handler(paths, max_bytes=200, backups=2)
    try:
        logger = logging.getLogger("test.private.log")
        logger.propagate = False
        logger.addHandler(handler)
        for i in range(20):
            logger.warning("记录 %d：%s", i, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
        os.umask(old_umask)
    files = sorted(paths.log_dir.glob("workbench.log*"))
    assert len(files) == 3  # the log and two rotations
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert stat.S_IMODE(paths.log_dir.stat().st_mode) == 0o700
