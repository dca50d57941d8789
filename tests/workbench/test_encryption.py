"""Protected at rest: nothing readable on disk, keys in the keychain or behind a passphrase, recovery,
rotation, upgrade of old plaintext files, automatic backups, and every failure leaving the data intact."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlcipher3
from sqlalchemy import event
from sqlmodel import select

from tests.keychain_fakes import LockedKeyring, MemoryKeyring, no_keychain
from workbench import keys
from workbench.keys import (
    KeyStore,
    PassphraseRequest,
    RecoveryKey,
    key_file_for,
    keychain_username,
)
from workbench.models import Enterprise, Need
from workbench.store import (
    AutoBackup,
    BackupError,
    CorruptFileError,
    DiskFullError,
    ForeignFileError,
    KeyMissingError,
    PassphraseRequiredError,
    ReadOnlyError,
    Store,
    StoreError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)

SECRET = "镇海甬江铜材需求：未公开的工艺参数与合同金额叁佰万元"
NAME = "宁波绝密新材料有限公司"
HEADER = b"SQLite format 3"


class Recorder:
    """A key provider like the app's dialogs: answers with a fixed passphrase, records the recovery key."""

    def __init__(self, passphrase: str | None = None, new_passphrase: str | None = None) -> None:
        self.passphrase_value = passphrase
        self.new_passphrase = new_passphrase
        self.requests: list[PassphraseRequest] = []
        self.recovery: RecoveryKey | None = None
        self.shown = 0

    def passphrase(self, request: PassphraseRequest) -> str | None:
        self.requests.append(request)
        if request.change and self.new_passphrase is not None:
            return self.new_passphrase
        return self.passphrase_value

    def show_recovery_key(self, db: Path, recovery: RecoveryKey) -> None:
        self.recovery = recovery
        self.shown += 1


def digest(*paths: Path) -> dict[str, str]:
    """Hashes of every file given (and of any -wal/-shm beside it), to prove nothing was touched."""
    out = {}
    for p in paths:
        for q in (p, p.with_name(p.name + "-wal"), p.with_name(p.name + "-shm")):
            if q.exists():
                out[q.name] = hashlib.sha256(q.read_bytes()).hexdigest()
    return out


def add_secret_records(store: Store, n: int = 1) -> None:
    with store.session(actor="test") as s:
        for i in range(n):
            ent = Enterprise(name=f"{NAME}{i or ''}", address="宁波市镇海区")
            s.add(ent)
            s.flush()
            s.add(Need(enterprise_id=ent.id, title=f"铜材需求{i}", problem=SECRET))


def names(store: Store) -> list[str]:
    with store.session() as s:
        return sorted(e.name for e in s.exec(select(Enterprise)).all())


def independent_read(path: Path, key: bytes | None) -> list[tuple[str]]:
    """Plain sqlcipher3 code, nothing from the app: what another SQLCipher client sees."""
    conn = sqlcipher3.dbapi2.connect(str(path))
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return list(conn.execute("SELECT problem FROM need").fetchall())
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "workbench.db"


# -- nothing readable on disk --------------------------------------------------------------------------


def test_database_wal_and_every_backup_hold_no_plaintext(db: Path) -> None:
    store = Store.open(db, auto_backup=AutoBackup(daily=False))
    add_secret_records(store, 50)
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 0  # the records are in the WAL right now
    wal_bytes = wal.read_bytes()
    store.backup()
    store.backup(db.parent / "elsewhere" / "copy.db")
    store.close()  # writes the automatic on-close backup too
    backups = [*sorted(store.backup_dir.glob("*.db")), db.parent / "elsewhere" / "copy.db"]
    assert len(backups) == 3 and any("auto-close" in b.name for b in backups)
    leftovers = [p for p in db.parent.rglob("*") if p.is_file() and p.suffix not in (".db", ".json")]
    blobs = {"db": db.read_bytes(), "wal": wal_bytes} | {b.name: b.read_bytes() for b in backups}
    blobs |= {p.name: p.read_bytes() for p in leftovers}
    for name, data in blobs.items():
        assert SECRET.encode() not in data, name
        assert NAME.encode() not in data, name
        assert "铜材".encode() not in data, name
        assert HEADER not in data, name
    # An independent SQLCipher client with the key from the keychain reads it back …
    value = keyring.get_password("BrokerWorkbench", keychain_username(db))
    assert value is not None and len(value) == 64
    key = bytes.fromhex(value)
    for path in [db, *backups]:
        assert (SECRET,) in independent_read(path, key)
    # … and without the key, or with another one, it reads nothing.
    for wrong in (None, os.urandom(32)):
        with pytest.raises(sqlcipher3.dbapi2.DatabaseError, match="not a database"):
            independent_read(db, wrong)


def test_connections_keep_temporary_data_in_memory(db: Path) -> None:
    with Store.open(db) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2
        assert str(conn.exec_driver_sql("PRAGMA cipher_version").scalar()).startswith("4.")


def test_the_key_file_holds_no_key(db: Path) -> None:
    rec = Recorder(passphrase="长江后浪推前浪 2026")
    keyring.set_keyring(no_keychain())
    Store.open(db, keys=rec).close()
    key = KeyStore(db, rec).unlock()
    text = key_file_for(db).read_text(encoding="utf-8")
    assert key_file_for(db).name == "workbench.key.json"
    for form in (key.hex(), key.hex().upper(), __import__("base64").b64encode(key).decode()):
        assert form not in text
    assert rec.recovery is not None and rec.recovery.text().replace("-", "") not in text
    data = json.loads(text)
    assert data["passphrase"]["kdf"] == "scrypt" and data["keychain_username"] is None


# -- keychain ------------------------------------------------------------------------------------------


def test_key_lives_in_the_keychain_and_the_recovery_key_is_shown_once(db: Path) -> None:
    backend = keyring.get_keyring()
    assert isinstance(backend, MemoryKeyring)
    rec = Recorder()
    Store.open(db, keys=rec).close()
    assert rec.shown == 1 and rec.recovery is not None
    stored = backend.items[("BrokerWorkbench", keychain_username(db))]
    assert bytes.fromhex(stored) == rec.recovery.database_key()
    with Store.open(db, keys=rec) as again:
        assert again.key.hex() == stored
    assert rec.shown == 1 and rec.requests == []  # never asked for a passphrase, never shown again


def test_moving_the_data_folder_keeps_working_through_the_key_file(tmp_path: Path) -> None:
    old = tmp_path / "a" / "workbench.db"
    with Store.open(old) as store:
        add_secret_records(store)
    new_dir = tmp_path / "moved"
    shutil.move(old.parent, new_dir)
    with Store.open(new_dir / "workbench.db") as moved:
        assert names(moved) == [NAME]
    data = json.loads(key_file_for(new_dir / "workbench.db").read_text())
    assert data["keychain_username"] == keychain_username(new_dir / "workbench.db")


# -- no keychain: the passphrase path ------------------------------------------------------------------


@pytest.mark.parametrize("backend", [no_keychain, LockedKeyring], ids=["no-keychain", "locked"])
def test_without_a_keychain_a_passphrase_wraps_the_key(db: Path, backend: Callable[[], Any]) -> None:
    keyring.set_keyring(backend())
    rec = Recorder(passphrase="门口的梧桐树 2026")
    store = Store.open(db, keys=rec)
    add_secret_records(store)
    store.close()
    assert rec.requests[0].new is True
    with Store.open(db, keys=Recorder(passphrase="门口的梧桐树 2026")) as again:
        assert names(again) == [NAME]
    before = digest(db, key_file_for(db))
    with pytest.raises(WrongPassphraseError) as wrong:
        Store.open(db, keys=Recorder(passphrase="wrong passphrase"))
    assert wrong.value.kind == "wrong_passphrase" and "recovery_key" in wrong.value.remedies
    with pytest.raises(PassphraseRequiredError):
        Store.open(db, keys=Recorder(passphrase=None))
    assert digest(db, key_file_for(db)) == before


def test_a_too_short_new_passphrase_is_refused_and_nothing_is_created(db: Path) -> None:
    keyring.set_keyring(no_keychain())
    with pytest.raises(PassphraseRequiredError, match="太短"):
        Store.open(db, keys=Recorder(passphrase="short"))
    assert not key_file_for(db).exists()


def test_the_environment_passphrase_serves_the_cli(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(no_keychain())
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "环境变量里的密码")
    Store.open(db).close()
    Store.open(db).close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "another one")
    with pytest.raises(WrongPassphraseError):
        Store.open(db)


def test_a_passphrase_file_moves_into_a_keychain_when_one_appears(db: Path) -> None:
    keyring.set_keyring(no_keychain())
    Store.open(db, keys=Recorder(passphrase="先有密码后有钥匙串")).close()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    Store.open(db, keys=Recorder(passphrase="先有密码后有钥匙串")).close()
    asked = Recorder(passphrase=None)
    Store.open(db, keys=asked).close()
    assert asked.requests == [] and ("BrokerWorkbench", keychain_username(db)) in backend.items


def test_change_passphrase(db: Path) -> None:
    keyring.set_keyring(no_keychain())
    rec = Recorder(passphrase="第一个密码很长很长", new_passphrase="第二个密码也很长很长")
    with Store.open(db, keys=rec) as store:
        add_secret_records(store)
        store.change_passphrase()
    with pytest.raises(WrongPassphraseError):
        Store.open(db, keys=Recorder(passphrase="第一个密码很长很长"))
    with Store.open(db, keys=Recorder(passphrase="第二个密码也很长很长")) as store:
        assert names(store) == [NAME]


# -- recovery ------------------------------------------------------------------------------------------


def test_recovery_key_text_is_forgiving_but_catches_typos() -> None:
    rk = RecoveryKey.generate()
    text = rk.text()
    assert len(rk.groups()) == 14 and all(len(g) == 4 for g in rk.groups())
    assert RecoveryKey.parse(text.lower().replace("-", " ")) == rk
    assert RecoveryKey.parse(text.replace("0", "O").replace("1", "l")) == rk
    typo = text[:5] + ("A" if text[5] != "A" else "B") + text[6:]
    with pytest.raises(WrongRecoveryKeyError, match="输入错误"):
        RecoveryKey.parse(typo)
    with pytest.raises(WrongRecoveryKeyError, match="格式不对"):
        RecoveryKey.parse("1234")


def test_a_file_copied_to_another_laptop_opens_with_the_recovery_key(tmp_path: Path) -> None:
    here = tmp_path / "laptop-a" / "workbench.db"
    rec = Recorder()
    with Store.open(here, keys=rec) as store:
        add_secret_records(store)
        backup = store.backup()
    assert rec.recovery is not None
    # The other laptop: a fresh keychain, and only the .db file was copied (no key file).
    keyring.set_keyring(MemoryKeyring())
    there = tmp_path / "laptop-b" / "workbench.db"
    there.parent.mkdir()
    shutil.copyfile(here, there)
    before = digest(there)
    with pytest.raises(KeyMissingError) as missing:
        Store.open(there)
    assert missing.value.kind == "key_missing" and missing.value.remedies == ("recovery_key",)
    assert digest(there) == before and not key_file_for(there).exists()
    with pytest.raises(WrongRecoveryKeyError, match="另一个数据文件"):
        Store.recover(there, RecoveryKey.generate().text())
    Store.recover(there, rec.recovery.text().lower())
    with Store.open(there) as store:
        assert names(store) == [NAME]
    # The same recovery key opens a backup that travelled on its own.
    assert (SECRET,) in independent_read(backup, rec.recovery.database_key())


def test_key_missing_from_the_keychain_offers_the_recovery_key(db: Path) -> None:
    rec = Recorder()
    with Store.open(db, keys=rec) as store:
        add_secret_records(store)
    keyring.set_keyring(MemoryKeyring())  # e.g. the keychain was reset
    before = digest(db, key_file_for(db))
    with pytest.raises(KeyMissingError):
        Store.open(db)
    assert digest(db, key_file_for(db)) == before
    assert rec.recovery is not None
    Store.recover(db, rec.recovery.text())
    with Store.open(db) as store:
        assert names(store) == [NAME]


def test_a_file_from_another_laptop_over_this_one_says_so_and_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "workbench.db"
    with Store.open(mine) as store:
        add_secret_records(store)
        my_backup = store.backup()
    other_rec = Recorder()
    other = tmp_path / "other" / "workbench.db"
    with Store.open(other, keys=other_rec) as store, store.session() as s:
        s.add(Enterprise(name="另一台电脑的企业"))
    shutil.copyfile(other, mine)  # copied over the top of this laptop's file
    before = digest(mine, key_file_for(mine))
    with pytest.raises(ForeignFileError) as foreign:
        Store.open(mine)
    assert foreign.value.remedies == ("recovery_key", "backup")
    assert digest(mine, key_file_for(mine)) == before
    assert other_rec.recovery is not None
    Store.recover(mine, other_rec.recovery.text())
    with Store.open(mine) as store:
        assert names(store) == ["另一台电脑的企业"]
        # This laptop's own older backups still verify: the old key is kept, wrapped by the new one.
        store.verify_file(my_backup)


# -- corrupted files -----------------------------------------------------------------------------------


def test_a_corrupted_file_offers_a_backup_and_is_never_overwritten(db: Path) -> None:
    with Store.open(db) as store:
        add_secret_records(store)
        backup = store.backup()
    data = bytearray(db.read_bytes())
    data[200:600] = os.urandom(400)  # page 1, after the public salt
    db.write_bytes(bytes(data))
    before = digest(db, key_file_for(db))
    with pytest.raises(CorruptFileError) as corrupt:
        Store.open(db)
    assert corrupt.value.kind == "corrupt" and corrupt.value.remedies == ("backup",)
    assert digest(db, key_file_for(db)) == before
    store, aside = Store.replace_damaged(db, backup)
    with store:
        assert names(store) == [NAME]
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == before[db.name]  # kept, byte for byte


def test_damage_beyond_page_one_is_found_by_the_check_and_backups_refuse_to_copy_it(db: Path) -> None:
    with Store.open(db) as store:
        add_secret_records(store, 300)
    size = db.stat().st_size
    data = bytearray(db.read_bytes())
    # Inside the records, not at the end of the file where the planner's statistics (read at open) live.
    middle = size // 2
    data[middle : middle + 1000] = os.urandom(1000)
    db.write_bytes(bytes(data))
    with Store.open(db) as store:
        before = {b.path for b in store.list_backups()}
        problems = store.integrity_check()
        assert problems  # SQLite's own findings, or our "damaged" message when a page fails its HMAC
        with pytest.raises(StoreError):
            store.backup()
        assert {b.path for b in store.list_backups()} == before
        assert not list(store.backup_dir.glob("*.part"))


def test_damage_to_pages_read_at_open_is_reported_as_a_damaged_file(db: Path) -> None:
    with Store.open(db) as store:
        add_secret_records(store, 300)
    size = db.stat().st_size
    data = bytearray(db.read_bytes())
    data[size - 3000 : size - 2000] = os.urandom(1000)
    db.write_bytes(bytes(data))
    damaged = db.read_bytes()
    with pytest.raises(CorruptFileError) as exc:
        Store.open(db)
    assert exc.value.kind == "corrupt"
    assert db.read_bytes() == damaged  # nothing overwritten to get past the error


# -- disk full, read-only ------------------------------------------------------------------------------


def _limit_pages(store: Store, extra_pages: int) -> None:
    """Make SQLite report a full disk after a few more pages (the same error code a full disk gives)."""
    with store.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    store.engine.dispose()


def test_disk_full_while_writing_says_free_space_and_keeps_what_was_saved(db: Path) -> None:
    with Store.open(db) as store:
        add_secret_records(store)
        _limit_pages(store, 2)
        with pytest.raises(DiskFullError) as full:
            add_secret_records(store, 400)
        assert full.value.kind == "disk_full" and "free_space" in full.value.remedies
        assert "磁盘已满" in full.value.message
        assert names(store) == [NAME]
    with Store.open(db) as store:
        assert names(store) == [NAME] and store.integrity_check() == []


def test_read_only_file_says_so_and_keeps_the_data(db: Path) -> None:
    with Store.open(db) as store:
        add_secret_records(store)

        @event.listens_for(store.engine, "connect")
        def _ro(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA query_only = ON")  # SQLite's own read-only refusal

        store.engine.dispose()
        with pytest.raises(ReadOnlyError) as ro:
            add_secret_records(store)
        assert ro.value.kind == "read_only"
        assert names(store) == [NAME]


@contextlib.contextmanager
def tiny_disk(where: Path, size: str) -> Iterator[Path]:
    """A real small filesystem (tmpfs) for true ENOSPC/EROFS; skips where mounting is not allowed."""
    where.mkdir(parents=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root")
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, check=False
    )
    if res.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {res.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_real_full_disk_and_a_real_read_only_disk(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "3m") as disk:
        path = disk / "workbench.db"
        with Store.open(path, backup_dir=disk / "backups") as store:
            add_secret_records(store)
            ballast = disk / "ballast"
            with contextlib.suppress(OSError), ballast.open("wb") as fh:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            with pytest.raises((DiskFullError, BackupError)):
                store.backup()
            assert not list((disk / "backups").glob("*.part"))
            with pytest.raises(DiskFullError):
                add_secret_records(store, 300)
            assert names(store) == [NAME]
            ballast.unlink()
        before = digest(path, key_file_for(path))
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(ReadOnlyError), Store.open(path, backup_dir=disk / "backups") as store:
            add_secret_records(store)
        assert digest(path, key_file_for(path)) == before


# -- upgrading old unencrypted data ------------------------------------------------------------------


def make_plaintext(tmp: Path, target: Path, rows: int = 3) -> None:
    """A database as an earlier, unencrypted version left it (schema, data, WAL mode)."""
    key = os.urandom(32)
    src = tmp / "src.db"
    with Store.open(src, key=key) as store:
        add_secret_records(store, rows)
    conn = sqlcipher3.dbapi2.connect(str(src))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
    conn.execute("PRAGMA plain.synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def test_an_unencrypted_database_is_converted_verified_and_swapped(tmp_path: Path, db: Path) -> None:
    db.parent.mkdir(parents=True)
    make_plaintext(tmp_path, db, rows=20)
    (db.parent / "backups").mkdir()
    make_plaintext(tmp_path / "b", old_backup := db.parent / "backups" / "workbench-20250101-old.db")
    assert db.read_bytes().startswith(HEADER) and SECRET.encode() in db.read_bytes()
    rec = Recorder()
    with Store.open(db, keys=rec, convert_plaintext=True) as store:
        assert len(names(store)) == 20
        assert store.integrity_check() == []
    assert rec.recovery is not None  # an encrypted file is born: its recovery key is shown
    for p in (db, old_backup):
        data = p.read_bytes()
        assert not data.startswith(HEADER) and SECRET.encode() not in data
    assert not list(db.parent.glob("*.encrypting"))
    assert (SECRET,) in independent_read(old_backup, rec.recovery.database_key())


def test_a_failed_conversion_keeps_the_old_file_untouched(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.store.files as store_module

    db.parent.mkdir(parents=True)
    make_plaintext(tmp_path, db)
    before = digest(db)

    def fail_check(*_args: Any) -> None:
        raise StoreError("verification failed (simulated)")

    real_check = store_module._check_copy
    monkeypatch.setattr(store_module, "_check_copy", fail_check)
    with pytest.raises(StoreError, match="simulated"):
        Store.open(db, convert_plaintext=True)
    assert digest(db) == before
    assert not list(db.parent.glob("*.encrypting"))
    monkeypatch.setattr(store_module, "_check_copy", real_check)
    with Store.open(db, convert_plaintext=True) as store:  # the next attempt uses the key made the first time
        assert len(names(store)) == 3


# -- rotation --------------------------------------------------------------------------------------------


def test_rotation_re_encrypts_the_file_and_its_backups(tmp_path: Path, db: Path) -> None:
    rec = Recorder()
    store = Store.open(db, keys=rec)
    add_secret_records(store)
    local = store.backup()
    external = store.backup(tmp_path / "usb" / "copy.db")
    old_key, old_recovery = store.key, rec.recovery
    assert old_recovery is not None
    new_recovery = store.rotate_key()
    assert rec.recovery == new_recovery and rec.shown == 2
    assert store.key == new_recovery.database_key() != old_key
    assert names(store) == [NAME]
    store.close()
    for p in (db, local):
        with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
            independent_read(p, old_key)
        assert (SECRET,) in independent_read(p, new_recovery.database_key())
    # The copy on the USB stick keeps the old key; the store still restores it (old key kept, wrapped).
    assert (SECRET,) in independent_read(external, old_key)
    with Store.open(db) as again:
        assert again.key == new_recovery.database_key()
        again.restore(external)
        assert names(again) == [NAME]
    assert (SECRET,) in independent_read(db, new_recovery.database_key())


def test_rotation_without_a_keychain_keeps_the_passphrase(db: Path) -> None:
    keyring.set_keyring(no_keychain())
    rec = Recorder(passphrase="没有钥匙串也能换密钥")
    with Store.open(db, keys=rec) as store:
        add_secret_records(store)
        old = store.key
        store.rotate_key()
    with Store.open(db, keys=Recorder(passphrase="没有钥匙串也能换密钥")) as store:
        assert store.key != old and names(store) == [NAME]


def test_an_interrupted_rotation_still_opens(db: Path) -> None:
    from workbench.store import reencrypt_file

    with Store.open(db) as store:
        add_secret_records(store)
        ks = store.keystore
        assert ks is not None
        _, new, _ = ks.begin_rotation(store.key)
        old = store.key
    reencrypt_file(db, old, new)  # … and the power went off before the keychain learnt the new key
    with Store.open(db) as store:
        assert store.key == new and names(store) == [NAME]
    with Store.open(db) as store:
        assert store.key == new


# -- automatic backups --------------------------------------------------------------------------------


def test_automatic_backups_on_close_daily_and_rotating(db: Path) -> None:
    policy = AutoBackup(daily=True)
    store = Store.open(db, auto_backup=policy)
    store.set_backup_keep(3)
    store.close()
    first = store.list_backups()
    assert [b.reason for b in first] == ["auto-close"]
    Store.open(db, auto_backup=policy).close()  # nothing changed, and the last one is recent
    assert len(store.list_backups()) == 1
    manual = Store.open(db, auto_backup=policy)
    manual_backup = manual.backup()
    manual.close()
    for _ in range(4):
        s = Store.open(db, auto_backup=policy)
        add_secret_records(s)
        s.close()
    backups = store.list_backups()
    assert sum(b.automatic for b in backups) == 3  # the newest three automatic ones
    assert manual_backup in {b.path for b in backups}  # manual backups are never rotated away
    for b in backups:
        store.verify_file(b.path)
    # A day later, opening makes the daily backup.
    old = (datetime.now() - timedelta(days=2)).timestamp()
    for b in backups:
        os.utime(b.path, (old, old))
    with Store.open(db, auto_backup=policy) as s:
        assert s.list_backups()[0].reason == "auto-daily"
        assert s.backup_keep == 3


def test_restore_refuses_a_backup_of_another_key(tmp_path: Path, db: Path) -> None:
    with Store.open(tmp_path / "other" / "workbench.db") as other:
        foreign = other.backup()
    with Store.open(db) as store:
        add_secret_records(store)
        before = names(store)
        with pytest.raises(StoreError, match="另一把密钥"):
            store.restore(foreign)
        assert names(store) == before


def test_env_provider_never_reuses_the_old_passphrase_as_the_new_one() -> None:
    env = keys.EnvKeyProvider({"WORKBENCH_PASSPHRASE": "old-passphrase"})
    req = PassphraseRequest(Path("x.db"), new=True, change=True)
    assert env.passphrase(req) is None
    assert env.passphrase(PassphraseRequest(Path("x.db"), new=True)) == "old-passphrase"
    assert env.passphrase(PassphraseRequest(Path("x.db"), new=False, attempt=2)) is None
