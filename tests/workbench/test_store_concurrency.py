"""Two processes writing one data file at the same moment: nobody sees "database is locked", nothing is lost.

Each writer reads before it writes (the pattern that made half of the writes fail with a deferred
``BEGIN``). The default run does 2×50 writes; ``--run-long`` adds the issue's 2×400.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from workbench.models import Enterprise
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _run_writers(tmp_path: Path, count: int) -> tuple[list[dict[str, Any]], Path, bytes]:
    db = tmp_path / "shared.db"
    key = os.urandom(32)
    Store.open(db, key=key).close()
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.workbench.store_writer_child",
                str(db),
                key.hex(),
                tag,
                str(count),
                str(go),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    time.sleep(1.5)  # both have opened the file and wait for the signal
    go.touch()
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports, db, key


def _check(tmp_path: Path, count: int) -> dict[str, int]:
    reports, db, key = _run_writers(tmp_path, count)
    errors = [e for r in reports for e in r["errors"]]
    assert errors == [], errors[:5]
    with Store.open(db, key=key, create=False) as store:
        assert store.integrity_check() == []
        with store.session(write=False) as s:
            rows = {e.id: e for e in s.exec(select(Enterprise)).all()}
    checked = lost = 0
    for r in reports:
        for ident in r["created"]:
            checked += 1
            lost += ident not in rows
        for ident, notes in r["updated"].items():
            checked += 1
            lost += ident not in rows or rows[ident].notes != notes
        for ident in r["deleted"]:
            checked += 1
            lost += ident not in rows or rows[ident].deleted_at is None
    assert lost == 0
    assert sum(len(r["created"]) for r in reports) == len(rows)
    stray = [
        p.name
        for p in tmp_path.iterdir()
        if p.name.endswith((".part", ".part-journal", ".rekey", ".encrypting"))
    ]
    assert stray == []
    return {"writes": 2 * count, "checked": checked, "lost": lost, "errors": len(errors), "stray": len(stray)}


def test_two_processes_write_one_file_without_locked_errors_or_lost_writes(tmp_path: Path) -> None:
    figures = _check(tmp_path, 50)
    print("concurrency 2x50:", figures)


@pytest.mark.long
def test_two_processes_400_writes_each(tmp_path: Path) -> None:
    figures = _check(tmp_path, 400)
    print("concurrency 2x400:", figures)


def test_a_write_blocked_longer_than_the_busy_timeout_says_so_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.store.engine as engine
    from workbench.store import BusyError
    from workbench.store.files import _connect

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 1)
    db = tmp_path / "shared.db"
    key = os.urandom(32)
    with Store.open(db, key=key) as store:
        other = _connect(db, key)  # another program, in the middle of a long write
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        try:
            with pytest.raises(BusyError) as err, store.session(actor="test") as s:
                s.add(Enterprise(name="等不到的写入"))
            waited = time.monotonic() - started
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert 0.9 <= waited < 10
        assert "另一个程序" in err.value.message and "没有保存任何改动" in err.value.message
        assert "retry" in err.value.remedies
        with store.session(write=False) as s:
            assert s.exec(select(Enterprise)).all() == []
        with store.session(actor="test") as s:  # once the other program is done, writing works again
            s.add(Enterprise(name="后来的写入"))
        with store.session(write=False) as s:
            assert [e.name for e in s.exec(select(Enterprise)).all()] == ["后来的写入"]
