"""Crash safety (issue 11): CLI writes killed with SIGKILL at random moments lose nothing committed.

Each trial runs one real write command in a child process — a claim step (submit, approve, pay, reject,
amend), a delete or its undo, a backup, a restore, a key rotation — and kills it at a random moment inside
its usual running time (some trials finish first). After each trial the next normal start must find: every
record committed before present, the integrity check passing, no stray temporary files, commands working.
The short run is in the default suite; ``-m long`` runs 200 trials.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import pytest

from tests.keychain_fakes import no_keychain
from workbench import keys
from workbench.cli import main

PASSPHRASE = "断电也不丢的数据 2026"
STRAY = re.compile(r"\.part($|-)|\.tmp$|-journal$")
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Figures:
    trials: int = 0
    kills: int = 0
    completed: int = 0
    records_checked: int = 0
    lost: list[str] = field(default_factory=list)
    stray: dict[str, str] = field(default_factory=dict)  # file in the store's folders -> first seen in
    # A backup killed while writing to a folder the user chose leaves its .part there: the store cannot
    # know that folder at the next start. Counted, not asserted.
    stray_elsewhere: dict[str, str] = field(default_factory=dict)
    failed_checks: list[str] = field(default_factory=list)
    by_op: dict[str, list[int]] = field(default_factory=dict)  # op -> [runs, kills]


def cli(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, Any]:
    """A command in this process, as the next normal start after a crash."""
    capsys.readouterr()
    code = main(["--db", str(db), "--json", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, json.loads(out) if out.strip() and code == 0 else err


def state(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, dict[str, Any]]:
    """Every record the crash could touch, by id, read through the CLI."""
    records: dict[str, dict[str, Any]] = {}
    for kind in ("claim", "enterprise", "contract", "payment"):
        code, page = cli(capsys, db, "list", kind, "--include-deleted", "--limit", "100000")
        assert code == 0, page
        for row in page["rows"]:
            records[row["id"]] = {"kind": kind, "status": row.get("status"), "deleted": row.get("deleted_at")}
    return records


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            keys.PASSPHRASE_ENV: PASSPHRASE,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop(keys.NEW_PASSPHRASE_ENV, None)
    return env


def pick_operation(
    rng: random.Random,
    records: dict[str, dict[str, Any]],
    capsys: pytest.CaptureFixture[str] | None,
    db: Path,
    n: int,
    *,
    dry: bool = False,
) -> tuple[str, list[str], set[str]]:
    """A write command for the current data, and the ids it may legitimately change."""
    claims = {i: r for i, r in records.items() if r["kind"] == "claim" and not r["deleted"]}
    steps = {
        "draft": ["submit"],
        "submitted": ["approve", "reject"],
        "approved": ["pay"],
        "rejected": ["amend"],
    }
    movable = [(i, s) for i, r in claims.items() for s in steps.get(str(r["status"]), [])]
    enterprises = sorted(i for i, r in records.items() if r["kind"] == "enterprise")
    kinds = ["claim", "delete", "backup", "backup-to", "restore", "rotate", "claim", "claim"]
    # The first trials take every kind once, so that even the short run covers each write.
    choice = kinds[n] if n < len(kinds) else rng.choice(kinds)
    if choice == "claim" and movable:
        claim_id, step = rng.choice(sorted(movable))
        argv = ["claim", step, claim_id] + (["--reason", "材料不全，请补充"] if step == "reject" else [])
        return f"claim {step}", argv, {claim_id}
    if choice in ("claim", "delete"):
        target = rng.choice(enterprises)
        undo = records[target]["deleted"] is not None
        return (
            ("undelete" if undo else "delete"),
            ["delete", "enterprise", target, *(["--undo"] if undo else [])],
            {target},
        )
    if choice == "backup":
        return "backup", ["backup"], set()
    if choice == "backup-to":
        return "backup to a file", ["backup", str(db.parent.parent / "copies" / f"copy-{n}.db")], set()
    if choice == "restore":
        # A backup of the current state: a restore (finished or killed) must leave exactly these records.
        copy = db.parent.parent / "copies" / f"restore-{n}.db"
        if not dry:
            assert capsys is not None
            code, made = cli(capsys, db, "backup", str(copy))
            assert code == 0, made
        return "restore", ["restore", str(copy)], set()
    return "key rotate", ["key", "rotate"], set()


def stray_files(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and STRAY.search(p.name)
    )


def run_trials(tmp_path: Path, capsys: pytest.CaptureFixture[str], trials: int, seed: int) -> Figures:
    keyring.set_keyring(no_keychain())
    db = tmp_path / "data" / "workbench.db"
    copies = tmp_path / "copies"  # backups to a file the user names, outside the data folder
    copies.mkdir()
    code, _ = cli(capsys, db, "demo", "--technologies", "30", "--enterprises", "10")
    assert code == 0
    rng = random.Random(seed)
    figures = Figures()
    committed = state(capsys, db)
    # Until a command has finished once, its running time is guessed from the interpreter's start-up.
    started = time.monotonic()
    version = [sys.executable, "-m", "workbench.cli", "--version"]
    subprocess.run(version, env=child_env(), check=True, capture_output=True)
    startup = time.monotonic() - started
    typical: dict[str, float] = {}
    for n in range(trials):
        name, argv, touched = pick_operation(rng, committed, capsys, db, n)
        runs_kills = figures.by_op.setdefault(name, [0, 0])
        runs_kills[0] += 1
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench.cli", "--db", str(db), "--json", *argv],
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # Killed somewhere inside the command's usual running time; a finished run updates that time.
        budget = typical.get(name, 1.5 * startup)
        delay = rng.uniform(0.5 * budget, 1.1 * budget)
        try:
            _, err = proc.communicate(timeout=delay)
            figures.completed += 1
            typical[name] = time.monotonic() - started
            assert b"Traceback" not in err, err.decode()
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            figures.kills += 1
            runs_kills[1] += 1
        figures.trials += 1
        # The next normal start.
        now = state(capsys, db)
        figures.records_checked += len(committed)
        for record_id, before in committed.items():
            after = now.get(record_id)
            if after is None:
                figures.lost.append(f"trial {n} ({name}): {before['kind']} {record_id}")
            elif record_id not in touched and after != before:
                figures.lost.append(
                    f"trial {n} ({name}): {before['kind']} {record_id} changed {before} → {after}"
                )
        code, report = cli(capsys, db, "check")
        if code != 0:
            figures.failed_checks.append(f"trial {n} ({name}): {report}")
        for path in stray_files(db.parent):
            figures.stray.setdefault(path, f"trial {n} ({name})")
        for path in stray_files(copies):
            figures.stray_elsewhere.setdefault(path, f"trial {n} ({name})")
        committed = now
    return figures


def report(figures: Figures) -> str:
    return json.dumps(
        {
            "trials": figures.trials,
            "kills": figures.kills,
            "completed": figures.completed,
            "records_checked": figures.records_checked,
            "lost": len(figures.lost),
            "stray_files": len(figures.stray),
            "stray_beside_user_destinations": len(figures.stray_elsewhere),
            "failed_checks": len(figures.failed_checks),
            "by_op (runs, kills)": figures.by_op,
        },
        ensure_ascii=False,
    )


def _harness(tmp_path: Path, capsys: pytest.CaptureFixture[str], trials: int, seed: int) -> None:
    figures = run_trials(tmp_path, capsys, trials, seed)
    with capsys.disabled():
        print(f"\ncrash harness: {report(figures)}")
    assert figures.trials == trials and figures.kills > 0
    assert figures.lost == []
    assert figures.failed_checks == []
    assert figures.stray == {}


@pytest.mark.slow
def test_killed_cli_writes_lose_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    _harness(tmp_path, capsys, trials=10, seed=11)


@pytest.mark.long
def test_killed_cli_writes_lose_nothing_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    _harness(tmp_path, capsys, trials=int(os.environ.get("WORKBENCH_CRASH_TRIALS", "200")), seed=2026)


def test_the_harness_picks_every_operation() -> None:
    """The harness exercises every write the brief names (a guard against an operation silently dropped)."""
    rng = random.Random(0)
    records: dict[str, dict[str, Any]] = {
        "c1": {"kind": "claim", "status": "draft", "deleted": None},
        "e1": {"kind": "enterprise", "status": None, "deleted": None},
    }
    seen = {pick_operation(rng, records, None, Path("/nonexistent/w.db"), n, dry=True)[0] for n in range(200)}
    assert {"claim submit", "delete", "backup", "backup to a file", "restore", "key rotate"} <= seen


def test_a_backup_killed_mid_copy_leaves_no_part_file_after_the_next_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(no_keychain())
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    db = tmp_path / "data" / "workbench.db"
    assert cli(capsys, db, "demo", "--technologies", "200", "--enterprises", "20")[0] == 0
    backups = db.parent / "backups"  # the store's own folder, which it can clean at start

    def parts() -> list[Path]:
        return list(backups.glob("*.part*")) if backups.is_dir() else []

    caught = False
    for _ in range(10):
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench.cli", "--db", str(db), "backup"],
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while proc.poll() is None and not parts():
            time.sleep(0.0005)
        if parts() and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            caught = True
            break
        proc.wait()
    if not caught:
        pytest.skip("the backup finished before it could be killed mid-copy on this machine")
    assert parts()  # the kill happened mid-copy
    assert cli(capsys, db, "check")[0] == 0  # the next normal start
    assert cli(capsys, db, "backup", "list")[0] == 0
    assert parts() == [] and stray_files(db.parent) == []
