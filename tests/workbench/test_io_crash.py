"""Crash safety of imports (issue 11 × issue 12): an import killed at any moment is all or nothing.

A real ``workbench import`` of a spreadsheet runs in a child process and is SIGKILLed at random moments
inside its usual running time. After each kill the next normal start finds either none of the file's rows or
all of them — never part — the integrity check passes, no temporary file is left, and the same import run
again to its end brings every row in once. The short run is in the default suite; ``--run-long`` runs more.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import keyring
import pytest
import xlsxwriter

from tests.keychain_fakes import no_keychain
from tests.workbench.test_cli_crash import PASSPHRASE, child_env, cli, stray_files
from workbench import keys

ROWS = 1500


def _sheet(path: Path, rows: int, tag: str) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("成果")
    sheet.write_row(0, 0, ["成果名称", "专利号", "技术领域", "完成单位"])
    for i in range(rows):
        sheet.write_row(i + 1, 0, [f"{tag}导入成果{i:05d}号 高性能涂层工艺", "", "新材料", "宁波大学"])
    book.close()


def _count(capsys: pytest.CaptureFixture[str], db: Path, tag: str) -> int:
    code, page = cli(capsys, db, "list", "technology", "--text", f"{tag}导入成果", "--limit", "1")
    assert code == 0, page
    return int(page["total"])


def _trials(tmp_path: Path, capsys: pytest.CaptureFixture[str], trials: int, seed: int) -> dict[str, Any]:
    keyring.set_keyring(no_keychain())
    db = tmp_path / "data" / "workbench.db"
    assert cli(capsys, db, "init")[0] == 0
    rng = random.Random(seed)
    figures: dict[str, Any] = {"trials": 0, "kills": 0, "completed": 0, "partial": [], "failed_checks": []}
    # One import run to its end first, so the kills fall inside an import's real running time (reading,
    # checking, writing and indexing), not only its start.
    warm = tmp_path / "warm-up.xlsx"
    _sheet(warm, ROWS, "W")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), "import", "technology", str(warm)],
        env=child_env(),
        check=True,
        capture_output=True,
    )
    typical = time.monotonic() - started
    figures["typical_s"] = round(typical, 2)
    for n in range(trials):
        tag = f"T{n:03d}"
        sheet = tmp_path / f"{tag}.xlsx"
        _sheet(sheet, ROWS, tag)
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench.cli", "--db", str(db), "import", "technology", str(sheet)],
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        delay = rng.uniform(0.3, 1.1) * typical
        try:
            _, err = proc.communicate(timeout=delay)
            figures["completed"] += 1
            typical = time.monotonic() - started
            assert b"Traceback" not in err, err.decode()
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            figures["kills"] += 1
        figures["trials"] += 1
        found = _count(capsys, db, tag)
        if found not in (0, ROWS):
            figures["partial"].append(f"trial {n}: {found} of {ROWS} rows")
        code, report = cli(capsys, db, "check")
        if code != 0:
            figures["failed_checks"].append(f"trial {n}: {report}")
        if found == 0:  # the import never committed: running it again brings everything in, once
            code, _ = cli(capsys, db, "import", "technology", str(sheet))
            assert code == 0
            assert _count(capsys, db, tag) == ROWS
    figures["stray"] = sorted(stray_files(db.parent))
    return figures


def _check(figures: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\nimport crash harness: {json.dumps(figures, ensure_ascii=False)}")
    assert figures["kills"] > 0
    assert figures["partial"] == []
    assert figures["failed_checks"] == []
    assert figures["stray"] == []


def test_an_import_killed_at_any_moment_is_all_or_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    _check(_trials(tmp_path, capsys, trials=4, seed=11), capsys)


@pytest.mark.long
def test_an_import_killed_at_any_moment_is_all_or_nothing_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    _check(_trials(tmp_path, capsys, trials=30, seed=12), capsys)
