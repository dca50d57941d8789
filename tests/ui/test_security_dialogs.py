"""The data-file security dialogs: passphrase, recovery key shown once (and its PDF), recovery entry, and
opening through every failure to a way forward with the data left intact."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import keyring
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.keychain_fakes import MemoryKeyring, no_keychain
from tests.ui.typing_helpers import type_text
from tests.workbench.test_encryption import Recorder
from ui.app import open_store
from ui.security_dialogs import (
    Action,
    DialogKeyProvider,
    OpenErrorDialog,
    PassphraseDialog,
    RecoveryEntryDialog,
    RecoveryKeyDialog,
    open_with_dialogs,
)
from workbench.keys import CorruptFileError, KeyMissingError, PassphraseRequest, RecoveryKey
from workbench.models import Enterprise
from workbench.paths import DataPaths, default_paths
from workbench.store import BackupInfo, Store, list_backup_files


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return default_paths(data_dir=tmp_path / "app").ensure()


def names(store: Store) -> list[str]:
    with store.session() as s:
        return [e.name for e in s.exec(select(Enterprise)).all()]


def test_new_passphrase_must_be_long_enough_and_typed_twice(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(PassphraseRequest(tmp_path / "w.db", new=True))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.first, "短pw")
    dialog.accept()
    assert dialog.isVisible() and "太短" in dialog.error.text()
    dialog.first.clear()
    type_text(qtbot, dialog.first, "足够长的一个密码")
    type_text(qtbot, dialog.second, "不一样的另一个密码")
    dialog.accept()
    assert dialog.isVisible() and "不一致" in dialog.error.text()
    dialog.second.clear()
    type_text(qtbot, dialog.second, "足够长的一个密码")
    dialog.accept()
    assert not dialog.isVisible() and dialog.passphrase() == "足够长的一个密码"


def test_the_dialog_provider_asks_through_a_modal_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog)
        assert "密码不对" in dialog.error.text()
        edit = dialog.findChild(QLineEdit, "passphrase")
        assert edit is not None
        edit.setText("门口的梧桐树 2026")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    request = PassphraseRequest(tmp_path / "w.db", new=False, attempt=2, error="密码不对，请重试。")
    assert DialogKeyProvider().passphrase(request) == "门口的梧桐树 2026"


def test_recovery_key_is_shown_once_with_a_printable_sheet(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recovery = RecoveryKey.generate()
    dialog = RecoveryKeyDialog(tmp_path / "w.db", recovery)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = [label.text() for label in dialog.findChildren(QLabel) if label.objectName().startswith("group")]
    assert shown == recovery.groups()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.reject()  # Esc: the only view of the key must not vanish by accident
    assert dialog.isVisible()
    sheet = tmp_path / "恢复密钥单.pdf"
    monkeypatch.setattr(dialog, "sheet_path", lambda: sheet)
    dialog.save_button.click()
    reader = PdfReader(sheet)
    assert len(reader.pages) == 1 and recovery.groups()[0] in reader.pages[0].extract_text()
    resources: Any = reader.pages[0]["/Resources"]
    fonts = {str(f["/BaseFont"]) for f in resources["/Font"].values()}
    assert len(fonts) == 1 and "WenQuanYi" in fonts.pop()
    dialog.kept.setChecked(True)
    assert ok.isEnabled()
    ok.click()
    assert not dialog.isVisible()


def test_a_mistyped_recovery_key_is_caught_in_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = RecoveryEntryDialog(tmp_path / "w.db")
    qtbot.addWidget(dialog)
    dialog.show()
    text = RecoveryKey.generate().text()
    dialog.edit.setText(text[:-1] + ("A" if text[-1] != "A" else "B"))
    dialog.accept()
    assert dialog.isVisible() and "输入错误" in dialog.error.text()
    dialog.edit.setText(text.lower())
    dialog.accept()
    assert not dialog.isVisible() and dialog.text() == text.lower()


def test_the_error_dialog_offers_the_ways_forward_of_its_kind(qtbot: QtBot, tmp_path: Path) -> None:
    backup = tmp_path / "workbench-20260101-000000-000000-auto-close.db"
    backup.write_bytes(b"\0" * 4096)
    infos = list_backup_files(tmp_path)
    dialog = OpenErrorDialog(CorruptFileError("文件已损坏", path=tmp_path / "w.db"), infos)
    qtbot.addWidget(dialog)
    assert set(dialog.buttons) == {Action.BACKUP, Action.QUIT}
    assert "关闭时自动备份" in dialog.backups.item(0).text()
    dialog.buttons[Action.BACKUP].click()
    assert dialog.action is Action.BACKUP and dialog.chosen == backup
    missing = OpenErrorDialog(KeyMissingError("没有密钥"), [])
    qtbot.addWidget(missing)
    assert set(missing.buttons) == {Action.RECOVERY_KEY, Action.QUIT}
    assert missing.findChild(QPushButton, "action_recovery_key") is not None


def test_opening_a_damaged_file_through_a_chosen_backup(qtbot: QtBot, paths: DataPaths) -> None:
    store = open_store(paths, demo=False, create=True)
    with store.session() as s:
        s.add(Enterprise(name="备份里的企业"))
    store.close()  # automatic backup on close
    data = bytearray(paths.db.read_bytes())
    data[300:700] = os.urandom(400)
    paths.db.write_bytes(bytes(data))
    damaged = hashlib.sha256(bytes(data)).hexdigest()
    seen: list[str] = []

    def choose_backup(error: object, backups: list[BackupInfo]) -> tuple[Action, Path | None]:
        seen.append(getattr(error, "kind", ""))
        return Action.BACKUP, backups[0].path

    opened = open_with_dialogs(
        paths, lambda p, k, _asked: open_store(p, demo=False, keys=k), error_dialog=choose_backup
    )
    assert opened is not None and seen == ["corrupt"]
    assert names(opened) == ["备份里的企业"]
    opened.close()
    kept = [p for p in paths.data_dir.iterdir() if ".damaged-" in p.name]
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in kept] == [damaged]


def test_key_missing_then_recovery_key_then_open(qtbot: QtBot, paths: DataPaths) -> None:
    rec = Recorder()
    store = open_store(paths, demo=False, keys=rec, create=True)
    with store.session() as s:
        s.add(Enterprise(name="恢复后的企业"))
    store.close()
    keyring.set_keyring(MemoryKeyring())  # another laptop
    assert rec.recovery is not None
    answers = iter(["WRONG-KEY", rec.recovery.text()])
    errors: list[str | None] = []

    def enter(_db: Path, error: str | None) -> str | None:
        errors.append(error)
        return next(answers)

    def choose(error: object, _backups: list[BackupInfo]) -> tuple[Action, Path | None]:
        return Action.RECOVERY_KEY, None

    opened = open_with_dialogs(
        paths,
        lambda p, k, _asked: open_store(p, demo=False, keys=k),
        error_dialog=choose,
        recovery_dialog=enter,
    )
    assert opened is not None and names(opened) == ["恢复后的企业"]
    opened.close()
    assert errors[0] is None and errors[1] is not None and "恢复密钥" in errors[1]


def test_quitting_leaves_everything_as_it_was(qtbot: QtBot, paths: DataPaths) -> None:
    keyring.set_keyring(no_keychain())
    Store.open(paths.db, keys=Recorder(passphrase="没有钥匙串时的密码")).close()
    before = hashlib.sha256(paths.db.read_bytes()).hexdigest()

    wrong = Recorder(passphrase="错的密码错的密码")
    result = open_with_dialogs(
        paths,
        lambda p, k, _asked: open_store(p, demo=False, keys=wrong),
        error_dialog=lambda e, b: (Action.QUIT, None),
    )
    assert result is None
    assert hashlib.sha256(paths.db.read_bytes()).hexdigest() == before


def test_a_missing_data_file_is_made_only_when_the_user_says_so(qtbot: QtBot, paths: DataPaths) -> None:
    asked: list[str] = []

    def quit_now(error: Any, _backups: list[BackupInfo]) -> tuple[Action, Path | None]:
        asked.append(error.kind)
        dialog = OpenErrorDialog(error, [])
        qtbot.addWidget(dialog)
        assert Action.CREATE in dialog.buttons and Action.BACKUP in dialog.buttons
        return Action.QUIT, None

    opener = lambda p, k, o: open_store(p, demo=False, create=o.create)  # noqa: E731
    assert open_with_dialogs(paths, opener, error_dialog=quit_now) is None
    assert asked == ["missing"] and not paths.db.exists()  # nothing made behind the user's back

    def create(error: Any, _backups: list[BackupInfo]) -> tuple[Action, Path | None]:
        return Action.CREATE, None

    store = open_with_dialogs(paths, opener, error_dialog=create)
    assert store is not None and paths.db.stat().st_size > 0
    store.close(backup=False)


def test_an_emptied_file_with_its_key_is_never_replaced_by_a_new_one(qtbot: QtBot, paths: DataPaths) -> None:
    store = open_store(paths, demo=False, create=True)
    store.close(backup=False)
    paths.db.write_bytes(b"")  # a failed copy or a sync tool emptied it; its key file is still there
    seen: list[Any] = []

    def look(error: Any, _backups: list[BackupInfo]) -> tuple[Action, Path | None]:
        dialog = OpenErrorDialog(error, [])
        qtbot.addWidget(dialog)
        seen.append(dialog)
        return Action.QUIT, None

    opener = lambda p, k, o: open_store(p, demo=False, create=o.create)  # noqa: E731
    assert open_with_dialogs(paths, opener, error_dialog=look) is None
    assert Action.CREATE not in seen[0].buttons and Action.BACKUP in seen[0].buttons
    assert paths.db.stat().st_size == 0


def test_an_old_plaintext_file_is_encrypted_only_when_confirmed(qtbot: QtBot, paths: DataPaths) -> None:
    import sqlite3

    from workbench.store import is_plaintext

    # An earlier release wrote its data file without encryption (its schema version table tells it is ours).
    conn = sqlite3.connect(paths.db)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.commit()
    conn.close()
    kinds: list[str] = []

    def answer(error: Any, _backups: list[BackupInfo]) -> tuple[Action, Path | None]:
        kinds.append(error.kind)
        dialog = OpenErrorDialog(error, [])
        qtbot.addWidget(dialog)
        return (Action.CONVERT if Action.CONVERT in dialog.buttons else Action.QUIT), None

    opener = lambda p, k, o: open_store(p, demo=False, convert=o.convert)  # noqa: E731
    assert is_plaintext(paths.db)
    store = open_with_dialogs(paths, opener, error_dialog=answer)
    assert kinds == ["plaintext"]
    assert store is not None and not is_plaintext(paths.db)
    store.close(backup=False)
