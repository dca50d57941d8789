"""The store: migrations, the change log, crash safety, backup, restore and integrity checks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlcipher3
from sqlmodel import col, select

from tests.workbench.factories import make_enterprise
from workbench.errors import StoreError
from workbench.keys import KeyStore
from workbench.models import ChangeLog, Enterprise
from workbench.services import ENTERPRISES
from workbench.store import Store


def test_new_database_is_at_the_newest_migration(store: Store) -> None:
    assert store.current_revision() == store.head_revision()
    # Opening an up-to-date file skips Alembic by comparing with this constant: it must name the newest.
    from workbench.store.migrations import HEAD_REVISION

    assert store.head_revision() == HEAD_REVISION
    with store.engine.connect() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert {"enterprise", "need", "technology", "match", "contract", "claim", "change_log"} <= tables
    assert store.integrity_check() == []


def test_the_migrated_schema_has_exactly_the_models_indexes(store: Store) -> None:
    # The migrations build the schema, the models describe it: an index declared in one and not the
    # other (as the full technology title index dropped by 0006) is found here, not at 1M rows.
    from sqlmodel import SQLModel

    with store.engine.connect() as conn:
        found = {
            (r[0], r[1])
            for r in conn.exec_driver_sql(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
    declared = {(t.name, i.name) for t in SQLModel.metadata.tables.values() for i in t.indexes}
    assert {f for f in found if f[0] in SQLModel.metadata.tables} == declared
    assert ("technology", "ix_technology_title") not in found
    assert ("technology", "ix_technology_live_title") in found


def test_reopening_does_not_migrate_or_back_up_again(store: Store, tmp_path: Path) -> None:
    store.close()
    again = Store.open(store.path, backup_dir=store.backup_dir)
    assert again.migrate() is False
    assert again.list_backups() == []
    again.close()


def test_change_log_records_who_changed_what(store: Store) -> None:
    with store.session(actor="alice") as s:
        ent = make_enterprise(s)
    with store.session(actor="bob") as s:
        ENTERPRISES.update(s, ent.id, {"address": "宁波市镇海区骆驼街道 1 号"})
    with store.session(actor="carol") as s:
        ENTERPRISES.delete(s, [ent.id])
    with store.session(actor="carol") as s:
        ENTERPRISES.restore(s, [ent.id])
    with store.session() as s:
        rows = s.exec(
            select(ChangeLog).where(ChangeLog.entity_id == ent.id).order_by(col(ChangeLog.id))
        ).all()
    ops = [(r.actor, r.op, r.field) for r in rows]
    assert ops == [
        ("alice", "create", None),
        ("bob", "update", "address"),
        ("carol", "delete", "deleted_at"),
        ("carol", "restore", "deleted_at"),
    ]
    assert rows[1].old == "" and rows[1].new == "宁波市镇海区骆驼街道 1 号"
    assert "宁波材料科技有限公司" in (rows[0].new or "")


def test_an_error_inside_a_unit_of_work_writes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        make_enterprise(s)
        raise RuntimeError("power cut")
    with store.session() as s:
        assert s.exec(select(Enterprise)).all() == []
        assert s.exec(select(ChangeLog).where(ChangeLog.entity == "enterprise")).all() == []


def test_killed_process_mid_transaction_leaves_the_file_intact(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        make_enterprise(s, name="已保存的企业")
    store.close()
    script = textwrap.dedent(f"""
        import sys, time
        from workbench.store import Store
        from workbench.models import Enterprise
        st = Store.open({str(store.path)!r}, key=bytes.fromhex({store.key.hex()!r}))
        with st.session() as s:
            for i in range(2000):
                s.add(Enterprise(name=f"未提交{{i}}"))
                if i % 500 == 0:
                    s.flush()
            print("writing", flush=True)
            time.sleep(60)
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    reopened = Store.open(store.path)
    try:
        assert reopened.integrity_check() == []
        with reopened.session() as s:
            names = [e.name for e in s.exec(select(Enterprise)).all()]
        assert names == ["已保存的企业"]
    finally:
        reopened.close()


def test_backup_is_a_verified_copy_that_opens_on_its_own(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        make_enterprise(s)
    path = store.backup()
    assert path.parent == store.backup_dir and path.suffix == ".db"
    assert not list(store.backup_dir.glob("*.part"))
    conn = sqlcipher3.dbapi2.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{store.key.hex()}'\"")
    assert conn.execute("SELECT name FROM enterprise").fetchall() == [("宁波材料科技有限公司",)]
    conn.close()
    explicit = store.backup(tmp_path / "copy.db")
    assert explicit == tmp_path / "copy.db" and explicit.stat().st_size > 0


def test_backup_to_an_unwritable_place_fails_clearly_and_leaves_no_partial_file(
    store: Store, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="备份失败"):
        store.backup(blocker / "b.db")
    assert blocker.read_text() == "x"


def test_restore_brings_old_data_back_and_keeps_the_replaced_data(store: Store) -> None:
    with store.session() as s:
        make_enterprise(s, name="备份前的企业")
    snapshot = store.backup()
    with store.session() as s:
        make_enterprise(s, name="备份后的企业", uscc="91310110666007217T")
    safety = store.restore(snapshot)
    with store.session() as s:
        assert [e.name for e in s.exec(select(Enterprise)).all()] == ["备份前的企业"]
    conn = sqlcipher3.dbapi2.connect(str(safety))
    conn.execute(f"PRAGMA key = \"x'{store.key.hex()}'\"")
    assert len(conn.execute("SELECT name FROM enterprise").fetchall()) == 2
    conn.close()


def test_restore_refuses_a_file_that_is_not_a_backup(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        make_enterprise(s)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        store.restore(junk)
    with store.session() as s:
        assert len(s.exec(select(Enterprise)).all()) == 1


def test_opening_a_damaged_file_explains_and_does_not_touch_it(tmp_path: Path) -> None:
    bad = tmp_path / "damaged.db"
    content = b"\x00garbage" * 1000
    bad.write_bytes(content)
    with pytest.raises(StoreError, match="无法读取数据文件"):
        Store.open(bad)
    assert bad.read_bytes() == content


def test_missing_file_without_create_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="workbench init"):
        Store.open(tmp_path / "none.db", create=False)


def test_migration_backs_up_first_and_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    # A file with data but no schema version: as left by a hypothetical pre-Alembic build (its empty
    # version table marks it as ours, so converting it is allowed once the user confirms).
    legacy = tmp_path / "legacy.db"
    conn = sqlite3.connect(legacy)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("CREATE TABLE enterprise (id TEXT PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO enterprise VALUES ('1', '老数据')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="升级前已自动备份"):
        Store.open(legacy, backup_dir=tmp_path / "backups", convert_plaintext=True)
    backups = list((tmp_path / "backups").glob("*pre-migration*.db"))
    assert len(backups) == 1
    # The old unencrypted file was encrypted on the way in; its rows are intact under the new key.
    key = KeyStore(legacy).unlock()
    conn = sqlcipher3.dbapi2.connect(str(legacy))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert conn.execute("SELECT name FROM enterprise").fetchall() == [("老数据",)]
    conn.close()


def test_prune_keeps_the_newest_backups(store: Store) -> None:
    made = []
    for _ in range(4):
        made.append(store.backup())
        time.sleep(0.01)
    removed = store.prune_backups(2)
    assert sorted(removed) == sorted(made[:2])
    assert {b.path for b in store.list_backups()} == set(made[2:])
