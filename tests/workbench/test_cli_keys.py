"""The CLI's key and backup commands: status, passphrase, rotation, recovery, backup list/keep, restore."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import keyring
import pytest
from pypdf import PdfReader

from tests.keychain_fakes import MemoryKeyring, no_keychain
from workbench.cli import main
from workbench.keys import RecoveryKey, key_file_for
from workbench.models import Enterprise
from workbench.store import AutoBackup, Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add_enterprises(db: Path, n: int) -> None:
    """Write as the app does, with automatic backups on close."""
    with Store.open(db, auto_backup=AutoBackup()) as store, store.session() as s:
        for i in range(n):
            s.add(Enterprise(name=f"测试企业{i}"))


def recovery_from(err: str) -> str:
    for raw in err.splitlines():
        line = raw.strip()
        if line.count("-") == 13:
            return line
    raise AssertionError(f"no recovery key printed in {err!r}")


def test_init_shows_the_recovery_key_once_and_writes_the_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sheet = tmp_path / "w.db", tmp_path / "sheet.pdf"
    code, out, err = run(capsys, "--db", str(db), "--json", "init", "--recovery-sheet", str(sheet))
    assert code == 0, err
    text = recovery_from(err)
    assert RecoveryKey.parse(text)
    assert text not in out  # stdout (JSON for scripts) never carries the secret
    reader = PdfReader(sheet)
    assert len(reader.pages) == 1
    page_text = reader.pages[0].extract_text()
    assert "恢复密钥单" in page_text and text.split("-")[0] in page_text
    code, _, err = run(capsys, "--db", str(db), "check")
    assert code == 0 and "-" * 1 not in err.strip()  # opened from the keychain: nothing asked, nothing shown


def test_key_status_rotate_and_recover(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.db"
    _, _, err = run(capsys, "--db", str(db), "init")
    first = recovery_from(err)
    code, out, _ = run(capsys, "--db", str(db), "--json", "key", "status")
    status = json.loads(out)
    assert code == 0 and status["in_keychain"] and not status["passphrase"]
    code, out, err = run(capsys, "--db", str(db), "--json", "key", "rotate")
    assert code == 0, err
    second = recovery_from(err)
    assert second != first and json.loads(out)["key_id"] != status["key_id"]
    # A new laptop: empty keychain, the files copied across.
    keyring.set_keyring(MemoryKeyring())
    code, _, err = run(capsys, "--db", str(db), "list", "enterprise")
    assert code == 1 and "恢复密钥" in err
    code, _, err = run(capsys, "--db", str(db), "key", "recover", "--recovery-key", first)
    assert code == 1 and "另一个数据文件" in err
    code, out, err = run(capsys, "--db", str(db), "key", "recover", "--recovery-key", second.lower())
    assert code == 0, err
    assert run(capsys, "--db", str(db), "list", "enterprise")[0] == 0


def test_passphrase_from_the_environment_and_changing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(no_keychain())
    db = tmp_path / "w.db"
    code, _, err = run(capsys, "--db", str(db), "init")
    assert code == 1 and "WORKBENCH_PASSPHRASE" in err and not db.exists()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "第一把密码足够长")
    assert run(capsys, "--db", str(db), "init")[0] == 0
    code, _, err = run(capsys, "--db", str(db), "key", "change-passphrase")
    assert code == 1 and "WORKBENCH_PASSPHRASE" in err  # no new passphrase given: nothing changed
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", "第二把密码也够长")
    assert run(capsys, "--db", str(db), "key", "change-passphrase")[0] == 0
    code, _, err = run(capsys, "--db", str(db), "check")
    assert code == 1 and "密码不对" in err
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "第二把密码也够长")
    assert run(capsys, "--db", str(db), "check")[0] == 0


def test_backup_list_keep_and_restore_over_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.db"
    run(capsys, "--db", str(db), "init")
    assert run(capsys, "--db", str(db), "backup", "keep", "2")[0] == 0
    for i in range(3):
        add_enterprises(db, 1 + i)
    code, out, _ = run(capsys, "--db", str(db), "--json", "backup", "list")
    listing = json.loads(out)
    assert code == 0 and listing["keep"] == 2
    autos = [b for b in listing["backups"] if b["reason"].startswith("auto-")]
    assert len(autos) == 2
    good = autos[0]["file"]
    data = bytearray(db.read_bytes())
    data[300:700] = os.urandom(400)
    db.write_bytes(bytes(data))
    damaged = bytes(data)
    code, _, err = run(capsys, "--db", str(db), "list", "enterprise")
    assert code == 1 and "已损坏" in err and "备份" in err
    code, out, err = run(capsys, "--db", str(db), "--json", "restore", good)
    assert code == 0, err
    assert Path(json.loads(out)["damaged_file"]).read_bytes() == damaged
    assert run(capsys, "--db", str(db), "check")[0] == 0


def test_restore_a_backup_from_another_computer_with_its_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other" / "w.db"
    _, _, err = run(capsys, "--db", str(other), "init")
    other_recovery = recovery_from(err)
    add_enterprises(other, 3)
    copy = tmp_path / "copy.db"
    assert run(capsys, "--db", str(other), "backup", str(copy))[0] == 0
    shutil.rmtree(other.parent)
    mine = tmp_path / "mine.db"
    run(capsys, "--db", str(mine), "init")
    code, _, err = run(capsys, "--db", str(mine), "restore", str(copy))
    assert code == 1 and "另一把密钥" in err
    code, _, err = run(capsys, "--db", str(mine), "restore", str(copy), "--recovery-key", other_recovery)
    assert code == 0, err
    code, out, _ = run(capsys, "--db", str(mine), "--json", "list", "enterprise")
    assert json.loads(out)["total"] == 3
    assert key_file_for(mine).exists()
