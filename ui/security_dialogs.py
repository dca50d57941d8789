"""Dialogs around the encrypted data file: passphrase, the recovery key (shown once), and errors with a way out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.style import monospace_font
from workbench.errors import WorkbenchError
from workbench.keys import (
    MIN_PASSPHRASE_LENGTH,
    KeyProvider,
    OpenError,
    PassphraseRequest,
    RecoveryKey,
    WrongRecoveryKeyError,
    key_file_for,
)
from workbench.paths import DataPaths

if TYPE_CHECKING:
    # The data layer loads when a file is opened: the passphrase dialog comes before it (ui.app).
    from workbench.store import BackupInfo, Store

log = logging.getLogger(__name__)


class PassphraseDialog(QDialog):
    """Asks for the data file's passphrase, or (``request.new``) for a new one typed twice."""

    def __init__(self, request: PassphraseRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.setWindowTitle(self.tr("数据文件密码"))
        layout = QVBoxLayout(self)
        if request.new:
            intro = self.tr(
                "这台电脑没有可用的系统钥匙串，数据文件的密钥将由密码保护。"
                "请设置一个至少 %1 个字符的密码。忘记密码时，可以用恢复密钥打开数据文件。"
            ).replace("%1", str(MIN_PASSPHRASE_LENGTH))
        else:
            intro = self.tr("请输入数据文件的密码：\n%1").replace("%1", str(request.db))
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.first)
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setPlaceholderText(self.tr("再输入一次"))
        self.second.setVisible(request.new)
        layout.addWidget(self.second)
        self.error = QLabel(request.error or "")
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(request.error))
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if self.request.new:
            if len(self.first.text()) < MIN_PASSPHRASE_LENGTH:
                self._show_error(
                    self.tr("密码太短：至少 %1 个字符。").replace("%1", str(MIN_PASSPHRASE_LENGTH))
                )
                return
            if self.first.text() != self.second.text():
                self._show_error(self.tr("两次输入的密码不一致。"))
                return
        elif not self.first.text():
            self._show_error(self.tr("请输入密码。"))
            return
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def passphrase(self) -> str:
        return self.first.text()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once, with a printable sheet; continuing needs an explicit "I have kept it"."""

    def __init__(self, db: Path, recovery: RecoveryKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.recovery = recovery
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("恢复密钥（只显示这一次）"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "数据文件已加密。下面的恢复密钥只显示这一次：电脑损坏、换电脑或忘记密码时，"
                "用它打开数据文件和备份。请抄写或打印恢复密钥单，和电脑分开保管。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        mono = monospace_font(self.font().pointSizeF() + 6)
        for i, group in enumerate(recovery.groups()):
            label = QLabel(group)
            label.setFont(mono)
            label.setObjectName(f"group{i}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, i // 7, i % 7)
        layout.addLayout(grid)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存恢复密钥单 PDF…"))
        self.save_button.setObjectName("saveSheet")
        self.save_button.clicked.connect(self.save_sheet)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.kept = QCheckBox(self.tr("我已抄写或保存了恢复密钥，并会妥善保管"))
        self.kept.setObjectName("kept")
        layout.addWidget(self.kept)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("继续"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.kept.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        # Esc or the close button must not dismiss the only view of the key by accident.
        if self.kept.isChecked():
            super().reject()

    def sheet_path(self) -> Path | None:
        """Where to save the sheet (a file dialog; tests replace it)."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存恢复密钥单"), str(Path.home() / "恢复密钥单.pdf"), "PDF (*.pdf)"
        )
        return Path(name) if name else None

    def save_sheet(self) -> None:
        from workbench.pdf.recovery_sheet import save_recovery_sheet

        target = self.sheet_path()
        if target is None:
            return
        try:
            save_recovery_sheet(self.recovery, target, db=self.db)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), f"{target}: {exc.strerror or exc}")
            return
        self.saved_to = target
        self.save_button.setText(self.tr("已保存：%1").replace("%1", target.name))


class RecoveryEntryDialog(QDialog):
    """Enter a recovery key; a mistyped one is caught here (checksum) before the file is tried."""

    def __init__(self, db: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("输入恢复密钥"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr("请输入 %1 的恢复密钥（恢复密钥单上的 14 组字母和数字，大小写和短横线均可）：").replace(
                "%1", str(db)
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.edit = QLineEdit()
        self.edit.setObjectName("recoveryKey")
        self.edit.setPlaceholderText("XXXX-XXXX-…")
        self.edit.setFont(monospace_font(self.font().pointSizeF() + 2))
        layout.addWidget(self.edit)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def accept(self) -> None:
        try:
            RecoveryKey.parse(self.edit.text())
        except WrongRecoveryKeyError as exc:
            self.set_error(exc.message)
            return
        super().accept()

    def text(self) -> str:
        return self.edit.text()


class Action(Enum):
    RECOVERY_KEY = "recovery_key"
    BACKUP = "backup"
    RETRY = "retry"
    CREATE = "create"
    CONVERT = "convert"
    QUIT = "quit"


@dataclass(frozen=True)
class OpenOptions:
    """What the user agreed to while opening: make a new data file, or encrypt an old plaintext one."""

    create: bool = False
    convert: bool = False


def may_create_new(error: OpenError) -> bool:
    """A new file is offered only where none is, or an empty one without a key file beside it.

    An empty file whose key file is still there once held data; a new key would orphan its backups.
    """
    if error.kind != "missing" or error.path is None:
        return False
    return not (error.path.exists() and key_file_for(error.path).exists())


class OpenErrorDialog(QDialog):
    """Why the data file did not open, and the ways forward the error allows (recovery key, a backup, retry)."""

    def __init__(self, error: OpenError, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.action = Action.QUIT
        self.chosen: Path | None = None
        self.setWindowTitle(self.tr("无法打开数据文件"))
        layout = QVBoxLayout(self)
        message = QLabel(error.message)
        message.setObjectName("message")
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        reassurance = QLabel(self.tr("数据文件没有被改动或删除。"))
        layout.addWidget(reassurance)
        self.backups = QListWidget()
        self.backups.setObjectName("backups")
        if "backup" in error.remedies:
            layout.addWidget(QLabel(self.tr("可以从下面的备份恢复（损坏的文件会改名保留，不会删除）：")))
            for info in backups:
                item = QListWidgetItem(
                    f"{info.created:%Y-%m-%d %H:%M}  {self._reason(info.reason)}  ({info.size // 1024} KB)"
                )
                item.setData(Qt.ItemDataRole.UserRole, str(info.path))
                self.backups.addItem(item)
            if backups:
                self.backups.setCurrentRow(0)
            layout.addWidget(self.backups)
        else:
            self.backups.setVisible(False)
        if "free_space" in error.remedies:
            hint = QLabel(self.tr("请释放磁盘空间，或确认磁盘可写（不是只读的 U 盘或光盘），然后重试。"))
            hint.setWordWrap(True)
            layout.addWidget(hint)
        if may_create_new(error):
            hint = QLabel(self.tr("第一次使用本软件？请选择“新建数据文件”。如果这里曾有数据，请从备份恢复。"))
            hint.setWordWrap(True)
            layout.addWidget(hint)
        if "convert" in error.remedies:
            hint = QLabel(
                self.tr(
                    "这是早期版本的未加密数据文件。转换后它将被加密保存，之后需要密钥（钥匙串或口令）才能打开。"
                )
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)
        row = QHBoxLayout()
        self.buttons: dict[Action, QPushButton] = {}
        if "recovery_key" in error.remedies:
            self._button(row, Action.RECOVERY_KEY, self.tr("输入恢复密钥…"))
        if "backup" in error.remedies:
            self._button(row, Action.BACKUP, self.tr("从所选备份恢复"))
            other = QPushButton(self.tr("选择其他备份文件…"))
            other.setObjectName("otherBackup")
            other.clicked.connect(self._other_file)
            row.addWidget(other)
            self.buttons[Action.BACKUP].setEnabled(bool(backups))
        if {"free_space", "retry", "passphrase"} & set(error.remedies):
            self._button(row, Action.RETRY, self.tr("重试"))
        if may_create_new(error):
            self._button(row, Action.CREATE, self.tr("新建数据文件"))
        if "convert" in error.remedies:
            self._button(row, Action.CONVERT, self.tr("加密并打开此文件"))
        row.addStretch(1)
        self._button(row, Action.QUIT, self.tr("退出"))
        layout.addLayout(row)

    def _reason(self, reason: str) -> str:
        names = {
            "auto-close": self.tr("关闭时自动备份"),
            "auto-daily": self.tr("每日自动备份"),
            "manual": self.tr("手动备份"),
            "pre-restore": self.tr("恢复前的备份"),
        }
        return names.get(reason, reason)

    def _button(self, row: QHBoxLayout, action: Action, text: str) -> None:
        button = QPushButton(text)
        button.setObjectName(f"action_{action.value}")
        button.clicked.connect(lambda: self._choose(action))
        row.addWidget(button)
        self.buttons[action] = button

    def _choose(self, action: Action) -> None:
        self.action = action
        if action is Action.BACKUP:
            item = self.backups.currentItem()
            if item is None:
                return
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def other_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), "", self.tr("数据文件 (*.db)"))
        return Path(name) if name else None

    def _other_file(self) -> None:
        chosen = self.other_file()
        if chosen is not None:
            self.action, self.chosen = Action.BACKUP, chosen
            self.accept()


class DialogKeyProvider:
    """The app's key provider: a passphrase dialog when there is no keychain, the recovery key shown once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def passphrase(self, request: PassphraseRequest) -> str | None:
        dialog = PassphraseDialog(request, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase()

    def show_recovery_key(self, db: Path, recovery: RecoveryKey) -> None:
        RecoveryKeyDialog(db, recovery, self.parent).exec()


def _translate(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("security", text)


def open_with_dialogs(
    paths: DataPaths,
    opener: Callable[[DataPaths, KeyProvider, OpenOptions], Store],
    *,
    keys: KeyProvider | None = None,
    error_dialog: Callable[[OpenError, list[BackupInfo]], tuple[Action, Path | None]] | None = None,
    recovery_dialog: Callable[[Path, str | None], str | None] | None = None,
) -> Store | None:
    """Open the data file, leading the user through every failure to a way forward; None when they quit.

    Nothing here overwrites the data file: a backup replaces a damaged file only after the user picked
    it, and the damaged file is renamed, not deleted. A new data file is made, and an old plaintext one
    encrypted, only when the user chose that in the dialog.
    """
    from workbench.store import Store, list_backup_files

    provider = keys or DialogKeyProvider()
    ask_error = error_dialog or _ask_error
    ask_recovery = recovery_dialog or _ask_recovery
    options = OpenOptions()
    while True:
        try:
            return opener(paths, provider, options)
        except OpenError as exc:
            log.warning("cannot open %s: %s", paths.db, exc.kind)
            action, chosen = ask_error(exc, list_backup_files(paths.backup_dir))
        if action is Action.QUIT:
            return None
        if action in (Action.RETRY, Action.CREATE, Action.CONVERT):
            options = OpenOptions(
                create=options.create or action is Action.CREATE,
                convert=options.convert or action is Action.CONVERT,
            )
            continue
        try:
            if action is Action.RECOVERY_KEY:
                _recover(paths, provider, ask_recovery)
            elif action is Action.BACKUP and chosen is not None:
                store, aside = Store.replace_damaged(
                    paths.db, chosen, keys=provider, backup_dir=paths.backup_dir
                )
                store.close()
                log.info("replaced the unreadable data file with %s; kept it as %s", chosen, aside)
        except WorkbenchError as exc:
            QMessageBox.warning(None, QCoreApplication.translate("app", "无法完成操作"), exc.message)


def _recover(paths: DataPaths, provider: KeyProvider, ask: Callable[[Path, str | None], str | None]) -> None:
    from workbench.store import Store

    error: str | None = None
    while True:
        text = ask(paths.db, error)
        if text is None:
            return
        try:
            Store.recover(paths.db, text, keys=provider)
            return
        except WrongRecoveryKeyError as exc:
            error = exc.message


def _ask_error(error: OpenError, backups: list[BackupInfo]) -> tuple[Action, Path | None]:
    dialog = OpenErrorDialog(error, backups)
    dialog.exec()
    return dialog.action, dialog.chosen


def _ask_recovery(db: Path, error: str | None) -> str | None:
    dialog = RecoveryEntryDialog(db)
    if error:
        dialog.set_error(error)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.text()
