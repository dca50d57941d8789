"""The bulk writer's shortcuts keep the store's promises.

It builds index rows in a worker process, skips the queueing triggers inside its transaction and lets
SQLite write the change log: what a user sees must be what the services would have made — the same
uploads to the district server, a search index that finds imported text and follows later edits,
an empty queue, the triggers in place, nothing left behind by a cancel or by a killed import.
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlmodel import col, select

from tests.keychain_fakes import no_keychain
from tests.workbench.test_cli_crash import PASSPHRASE, child_env, cli
from tests.workbench.test_io_bulk import index_vocabulary
from tests.workbench.test_io_import import patent, xlsx
from workbench import keys
from workbench.io import apply as apply_mod
from workbench.io.apply import ImportCancelledError, apply
from workbench.io.bulk import TechnologyWriter
from workbench.io.importer import dry_run, open_file
from workbench.models import ChangeLog, Technology, utcnow
from workbench.search import index as search_index
from workbench.search import pool as search_pool
from workbench.search.docs import technology_batch
from workbench.search.matcher import rank_technologies
from workbench.services import service_for
from workbench.store import Store
from workbench.sync.engine import changes_from_log

HEAD = ["成果名称", "专利号", "成果简介", "完成单位", "关键词", "意向价格（万元）", "发明人"]


def _sheet(path: Path, n: int, *, word: str = "耐腐蚀涂层", start: int = 0) -> Path:
    rows: list[list[Any]] = [HEAD]
    for i in range(start, start + n):
        rows.append(
            [
                *(
                    f"一种{word}的制备方法（{i}）",
                    "ZL" + patent(i),
                    f"本成果针对船舶防腐，采用{word}，第{i}号。",
                ),
                *("宁波大学", f"{word}、防腐", f"{i % 9 + 1}万元", "王五"),
            ]
        )
    return xlsx(path, rows)


def _triggers(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def _one(store: Store, sql: str) -> Any:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar()


def _word_index(store: Store, word: str) -> set[str]:
    """Technologies whose word-index row holds ``word``."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT k.entity_id FROM tech_fts JOIN search_key k ON k.id = tech_fts.rowid "
            "WHERE tech_fts MATCH ? AND k.kind = 'technology'",
            (f'"{word}"',),
        )
        return {r[0] for r in rows}


def test_bulk_written_technologies_are_uploaded_as_the_service_made_ones(tmp_path: Path) -> None:
    """Written in bulk or through the service, a technology reaches the district server alike.

    The bulk writer logs its creations without content (the record as it stands) and no row for their
    patents; sync makes the content, patents included, from the record when it uploads, so the server is
    sent the same record: the service's creation and its patents' row in one.
    """
    raw: dict[str, Any] = {
        "title": '含"引号"、反斜杠\\、制表\t与 emoji 😀 的成果 ＡＢＣ',
        "abstract": "第一行\n第二行 </script> 'single' \u2028 end",
        "keywords": ['带"引号"', "中文", "a\\b"],
        "inventors": ["张三", "李四"],
        "ipc_codes": ["C08J 5/04"],
        "technical_field": "新材料",
        "asking_price_fen": 12_345_600,
        "patents": "ZL" + patent(7) + "\nZL" + patent(3),
    }
    service = service_for("technology")
    sent: dict[str, list[tuple[Any, ...]]] = {}
    logged: dict[str, list[tuple[Any, ...]]] = {}
    for way in ("service", "bulk"):
        with Store.open(tmp_path / way / "workbench.db") as store:
            with store.session(actor="import:t.xlsx") as s:
                if way == "service":
                    made = service.create(s, raw, accept_warnings=True)
                    ident = made.id
                else:
                    cleaned, issues = service.clean(s, raw, current=None)
                    assert not [i for i in issues if i.is_error]
                    ident = "00000000-0000-4000-8000-000000000001"
                    writer = TechnologyWriter(s.connection(), actor="import:t.xlsx")
                    try:
                        writer.write([(ident, cleaned, cleaned["patents"], utcnow())])
                        writer.finish()
                    finally:
                        writer.close()
            with store.session() as s:
                rows = s.exec(
                    select(ChangeLog).where(ChangeLog.entity_id == ident).order_by(col(ChangeLog.id))
                ).all()
                logged[way] = [(r.op, r.actor, r.field) for r in rows]
                changes = changes_from_log(s, rows, "install")
                sent[way] = [(c.kind, c.op, c.field, c.base, c.new) for c in changes]
                assert s.get(Technology, ident) is not None
    # The service logs the record, then its patents; the bulk the record alone, both with the file as source.
    assert logged["service"] == [("create", "import:t.xlsx", None), ("update", "import:t.xlsx", "_patents")]
    assert logged["bulk"] == [("create", "import:t.xlsx", None)]
    (created, patents), (bulk,) = sent["service"], sent["bulk"]
    assert patents[:4] == ("technology", "update", "_patents", []) and len(patents[4]) == 2
    assert bulk[:4] == created[:4] == ("technology", "create", None, None)
    assert bulk[4] == {**created[4], "_patents": patents[4]}
    assert bulk[4]["title"] == raw["title"]


def test_after_a_bulk_import_the_queue_is_empty_and_an_edit_is_reindexed(
    tmp_path: Path, store: Store
) -> None:
    before = _triggers(store)
    assert set(search_index.trigger_ddl()) <= before
    plan = dry_run(store, open_file(_sheet(tmp_path / "t.xlsx", 700), "technology"))
    result = apply(store, plan)
    assert result.bulk and result.created == 700
    # The triggers the writer set aside inside its transaction are back, and nothing waits in the queue.
    assert _triggers(store) == before
    assert _one(store, "SELECT count(*) FROM search_queue") == 0
    assert all(s.ok for s in search_index.verify(store))
    with store.session() as s:
        found = {c.id for c in rank_technologies(s, text="耐腐蚀涂层", top=1000)}
        assert found == set(result.ids)
        edited = result.ids[123]
        # A later edit of an imported technology goes through the triggers and the commit hook again.
        service_for("technology").update(s, edited, {"abstract": "改用钛合金激光熔覆。"})
    with store.session() as s:
        assert [c.id for c in rank_technologies(s, text="钛合金激光熔覆")] == [edited]
        # Its old text left the index (the matcher's related terms would still rank it: ask FTS itself).
        assert _word_index(store, "船舶") == set(result.ids) - {edited}
    assert _one(store, "SELECT count(*) FROM search_queue") == 0


def test_cancelling_mid_bulk_leaves_no_row_no_index_entry_and_the_triggers(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apply_mod, "BULK_BATCH", 200)
    plan = dry_run(store, open_file(_sheet(tmp_path / "t.xlsx", 900), "technology"))
    before = {
        t: _one(store, f"SELECT count(*) FROM {t}")
        for t in ("technology", "tech_patent", "change_log", "search_key", "tech_fts_data", "search_fts_data")
    }
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= 3  # two batches are written, then the user cancels

    with pytest.raises(ImportCancelledError):
        apply(store, plan, cancel=cancel)
    assert {t: _one(store, f"SELECT count(*) FROM {t}") for t in before} == before
    assert set(search_index.trigger_ddl()) <= _triggers(store)
    assert _one(store, "SELECT count(*) FROM search_queue") == 0
    with store.session() as s:
        assert rank_technologies(s, text="耐腐蚀涂层") == []
    # The same plan imported afterwards goes in whole.
    assert apply(store, plan).created == 900


def test_the_worker_builds_the_index_rows_this_process_would(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the index worker (any import of enough rows), the index equals a rebuild of the same rows."""
    monkeypatch.setattr(search_pool, "PARALLEL_MIN_ROWS", 100)
    monkeypatch.setattr(apply_mod, "BULK_BATCH", 150)
    started: list[bool] = []
    real = search_pool.DocWorker.__init__

    def spy(self: search_pool.DocWorker, *, parallel: bool) -> None:
        real(self, parallel=parallel)
        started.append(self.parallel)

    monkeypatch.setattr(search_pool.DocWorker, "__init__", spy)
    plan = dry_run(store, open_file(_sheet(tmp_path / "t.xlsx", 600), "technology"))
    assert apply(store, plan).created == 600
    assert started == [True]

    written = index_vocabulary(store)
    search_index.rebuild(store, kinds=["technology"])
    assert index_vocabulary(store) == written and len(written) > 600


def test_a_dead_worker_is_replaced_by_this_process() -> None:
    items = [
        (f"碳纤维复合材料{i}", ["碳纤维"], "一种高强度碳纤维。", "新材料", None, [patent(i)])
        for i in range(50)
    ]
    worker = search_pool.DocWorker(parallel=True)
    try:
        assert worker.parallel
        assert worker.technologies(items[:5]).result() == technology_batch(items[:5])
        for process in list(worker._pool._processes.values()):  # type: ignore[union-attr]
            process.kill()
            process.join()
        # The batch in flight, and the ones after, are built here: slower, the same rows.
        assert worker.technologies(items).result() == technology_batch(items)
        assert worker.technologies(items[:3]).result() == technology_batch(items[:3])
    finally:
        worker.close()


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for tasks in glob.glob(f"/proc/{pid}/task/*/children"):
        out += [int(p) for p in Path(tasks).read_text().split()]
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc")
def test_a_killed_import_leaves_no_worker_behind_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    keyring.set_keyring(no_keychain())
    db = tmp_path / "data" / "workbench.db"
    assert cli(capsys, db, "init")[0] == 0
    sheet = _sheet(tmp_path / "big.xlsx", search_pool.PARALLEL_MIN_ROWS + 500)
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), "import", "technology", str(sheet)],
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    helpers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        helpers = _children(proc.pid)
        if len(helpers) >= 2:  # the index worker (and multiprocessing's resource tracker) are running
            break
        time.sleep(0.02)
    assert helpers, "the import finished before its index worker started"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in helpers):
        time.sleep(0.05)
    assert not [p for p in helpers if Path(f"/proc/{p}").exists()]
    code, page = cli(capsys, db, "list", "technology", "--limit", "1")
    assert code == 0 and page["total"] == 0
