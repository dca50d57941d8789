"""Settings, data: where the data file is, its keys, backups (make, list, restore, keep), the integrity check."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.context import AppContext, CancelToken
from ui.forms import ERROR_STYLE
from ui.workspaces.settings.common import NOTE_STYLE, OK_STYLE, heading, note, translate
from ui.workspaces.settings.passphrase_dialog import PassphraseDialog
from ui.workspaces.settings.recovery_key_dialog import RecoveryKeyDialog
from workbench.errors import WorkbenchError
from workbench.models import ENTITY_TABLES
from workbench.services.base import Changes


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"


def backup_reason_label(reason: str) -> str:
    if reason == "manual":
        return translate("Settings", "手动")
    if reason == "auto-close":
        return translate("Settings", "自动（关闭时）")
    if reason == "auto-daily":
        return translate("Settings", "自动（每日）")
    if reason.startswith("auto"):
        return translate("Settings", "自动")
    if reason == "pre-restore":
        return translate("Settings", "恢复前的数据")
    if reason.startswith("pre-migration"):
        return translate("Settings", "升级前的数据")
    return translate("Settings", "其他")


class _KeyAnswers:
    """A key provider for one operation: answers with what the user typed beforehand, keeps the recovery key.

    The core asks its provider from the worker thread; dialogs can only run on the UI thread, so the
    questions are asked first and the answers handed over here.
    """

    def __init__(self, *, current: str | None = None, new: str | None = None) -> None:
        self.current = current
        self.new = new
        self.recovery: Any = None

    def passphrase(self, request: Any) -> str | None:
        if request.attempt > 1:
            return None  # the same answer would fail the same way
        return self.new if request.new else self.current

    def show_recovery_key(self, db: Path, recovery: Any) -> None:
        self.recovery = recovery


class DataPage(QWidget):
    """Where the data file is, its protection, backups (make, list, restore, how many to keep), a check."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dataPage")
        self._busy = False

        # -- location
        self.path_label = QLabel(str(ctx.store.path))
        self.path_label.setObjectName("dataPath")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_folder_button.setObjectName("openDataFolder")
        self.open_folder_button.clicked.connect(lambda: self.open_folder(ctx.store.path.parent))
        location = QGroupBox(self.tr("数据文件"))
        location_layout = QHBoxLayout(location)
        location_layout.addWidget(self.path_label, 1)
        location_layout.addWidget(self.open_folder_button)

        # -- protection (only when the store exposes its keys)
        self.keystore = getattr(ctx.store, "keystore", None)
        self.protection_label = QLabel()
        self.protection_label.setObjectName("protectionState")
        self.protection_label.setWordWrap(True)
        self.passphrase_button = QPushButton(self.tr("设置或修改密码…"))
        self.passphrase_button.setObjectName("changePassphrase")
        self.rotate_button = QPushButton(self.tr("更换密钥…"))
        self.rotate_button.setObjectName("rotateKey")
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.rotate_button.clicked.connect(self.rotate_key)
        protection = QGroupBox(self.tr("加密与密钥"))
        protection_layout = QVBoxLayout(protection)
        protection_layout.addWidget(self.protection_label)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.passphrase_button)
        key_buttons.addWidget(self.rotate_button)
        key_buttons.addStretch(1)
        protection_layout.addLayout(key_buttons)
        protection.setVisible(self.keystore is not None and hasattr(ctx.store, "rotate_key"))

        # -- backups
        self.backups = QTreeWidget()
        self.backups.setObjectName("backupList")
        self.backups.setRootIsDecorated(False)
        self.backups.setAlternatingRowColors(True)
        self.backups.setHeaderLabels([self.tr("时间"), self.tr("类型"), self.tr("大小"), self.tr("文件名")])
        header = self.backups.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backupNow")
        self.restore_button = QPushButton(self.tr("从所选备份恢复…"))
        self.restore_button.setObjectName("restoreSelected")
        self.restore_file_button = QPushButton(self.tr("从其他文件恢复…"))
        self.restore_file_button.setObjectName("restoreFile")
        self.open_backups_button = QPushButton(self.tr("打开备份文件夹"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.open_backups_button.clicked.connect(lambda: self.open_folder(ctx.store.backup_dir))
        self.backups.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 100)
        # The store's own setting is what its automatic rotation obeys; show that when it has one.
        self.keep.setValue(int(getattr(ctx.store, "backup_keep", None) or ctx.prefs.get("backup_keep")))
        self.keep.setSuffix(self.tr(" 份"))
        self.keep.valueChanged.connect(self._keep_changed)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("自动备份保留")))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(note(self.tr("（关闭程序时和每天自动备份；手动备份不会被自动删除）")), 1)
        backup_buttons = QHBoxLayout()
        backup_buttons.addWidget(self.backup_button)
        backup_buttons.addWidget(self.restore_button)
        backup_buttons.addWidget(self.restore_file_button)
        backup_buttons.addStretch(1)
        backup_buttons.addWidget(self.open_backups_button)
        backups = QGroupBox(self.tr("备份"))
        backups_layout = QVBoxLayout(backups)
        backups_layout.addWidget(self.backups, 1)
        backups_layout.addLayout(backup_buttons)
        backups_layout.addLayout(keep_row)

        # -- integrity
        self.check_button = QPushButton(self.tr("检查数据完整性"))
        self.check_button.setObjectName("integrityCheck")
        self.check_button.clicked.connect(self.check_integrity)
        self.check_result = QLabel()
        self.check_result.setObjectName("integrityResult")
        self.check_result.setWordWrap(True)
        integrity = QGroupBox(self.tr("完整性检查"))
        integrity_layout = QHBoxLayout(integrity)
        integrity_layout.addWidget(self.check_button)
        integrity_layout.addWidget(self.check_result, 1)

        # -- progress of whatever runs
        self.progress = QProgressBar()
        self.progress.setObjectName("dataProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("dataStatus")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("数据")))
        layout.addWidget(location)
        layout.addWidget(protection)
        layout.addWidget(backups, 1)
        layout.addWidget(integrity)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.load_backups()
        self.update_protection()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._busy:
            # Automatic backups appear while the app runs (daily, before a restore): list what is there now.
            self.load_backups()
            self.update_protection()

    # -- prompts and shell (overridable) --------------------------------------------------------------------

    def open_folder(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def confirm_restore(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("从备份恢复？"),
            self.tr(
                "用备份 %1 替换现在的全部数据？\n\n恢复前会先把现在的数据另存为一份备份，需要时可以再恢复回来。"
            ).replace("%1", path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_backup_file(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择备份文件"), str(self.ctx.store.backup_dir), self.tr("数据文件 (*.db)")
        )
        return Path(name) if name else None

    def ask_new_passphrase(self) -> str | None:
        from workbench.keys import MIN_PASSPHRASE_LENGTH

        dialog = PassphraseDialog(new=True, minimum=MIN_PASSPHRASE_LENGTH, parent=self)
        return dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_passphrase(self) -> str | None:
        dialog = PassphraseDialog(new=False, minimum=0, parent=self)
        return dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm_rotate(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("更换密钥？"),
            self.tr(
                "将用新密钥重新加密数据文件和备份文件夹中的备份，并显示新的恢复密钥（只显示一次）。"
                "数据较多时需要一些时间，期间请不要关闭程序。继续吗？"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_recovery_key(self, text: str) -> None:
        RecoveryKeyDialog(text, self).exec()

    # -- running work off the UI thread ------------------------------------------------------------------
    # One of the app's several off-thread patterns (ctx.tasks with the page's own busy state); kept as it
    # is here because one shared worker helper is due to replace them all (issue 10).

    def _run(
        self,
        what: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._busy = True
        self._update_buttons()
        self.progress.show()
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText(what)

        def work(_progress: Callable[[int, int], None], _cancel: CancelToken) -> Any:
            return fn()

        def done(result: Any) -> None:
            if not isValid(self):
                return  # the page was closed while the work ran; the work itself is complete
            self._finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._finish()
            if on_error is not None:
                on_error(exc)
            message = exc.message if isinstance(exc, WorkbenchError) else self.tr("操作失败，详情见日志。")
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(message)

        self.ctx.tasks.start(work, on_done=done, on_error=failed)

    def _finish(self) -> None:
        self._busy = False
        self.progress.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy
        for button in (
            self.backup_button,
            self.restore_file_button,
            self.check_button,
            self.passphrase_button,
            self.rotate_button,
        ):
            button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected_backup() is not None)

    # -- backups --------------------------------------------------------------------------------------------

    def load_backups(self) -> None:
        current = self.selected_backup()
        self.backups.clear()
        infos = self.ctx.store.list_backups()
        for info in infos:
            item = QTreeWidgetItem(
                [
                    info.created.strftime("%Y-%m-%d %H:%M:%S"),
                    backup_reason_label(info.reason),
                    _size_text(info.size),
                    info.path.name,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(3, str(info.path))
            self.backups.addTopLevelItem(item)
            if current is not None and info.path == current:
                self.backups.setCurrentItem(item)
        if not infos:
            placeholder = QTreeWidgetItem([self.tr("还没有备份。点击“立即备份”创建第一份。"), "", "", ""])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            placeholder.setFirstColumnSpanned(True)
            self.backups.addTopLevelItem(placeholder)
        self._update_buttons()

    def selected_backup(self) -> Path | None:
        item = self.backups.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(value) if value else None

    def select_backup(self, path: Path) -> None:
        for i in range(self.backups.topLevelItemCount()):
            item = self.backups.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == str(path):
                self.backups.setCurrentItem(item)

    def backup_now(self) -> None:
        if self._busy:
            return
        started = time.monotonic()

        def done(path: Path) -> None:
            self.load_backups()
            self.select_backup(path)
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(
                self.tr("已备份到 %1（用时 %2 秒）。")
                .replace("%1", str(path))
                .replace("%2", f"{time.monotonic() - started:.1f}")
            )

        self._run(self.tr("正在备份…"), lambda: self.ctx.store.backup(reason="manual"), done)

    def _keep_changed(self, value: int) -> None:
        self.ctx.prefs.set("backup_keep", value)
        setter = getattr(self.ctx.store, "set_backup_keep", None)
        if callable(setter):
            # The store rotates its automatic backups by its own setting: keep it in step.
            try:
                setter(value)
            except WorkbenchError as exc:
                self.status.setText(exc.message)

    def restore_selected(self) -> None:
        path = self.selected_backup()
        if path is not None:
            self.restore(path)

    def restore_from_file(self) -> None:
        path = self.choose_backup_file()
        if path is not None:
            self.restore(path)

    def restore(self, path: Path) -> None:
        if self._busy or not self.confirm_restore(path):
            return

        def done(safety: Path) -> None:
            # Everything may have changed: every view reloads.
            self.ctx.bus.publish(Changes(frozenset(ENTITY_TABLES)))
            self.load_backups()
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(
                self.tr("已从 %1 恢复。恢复前的数据已另存为 %2。")
                .replace("%1", path.name)
                .replace("%2", safety.name)
            )

        self._run(self.tr("正在从备份恢复…"), lambda: self.ctx.store.restore(path), done)

    # -- integrity ------------------------------------------------------------------------------------------

    def check_integrity(self) -> None:
        if self._busy:
            return
        started = time.monotonic()

        def done(problems: list[str]) -> None:
            seconds = f"{time.monotonic() - started:.1f}"
            if problems:
                shown = "\n".join(problems[:10])
                more = len(problems) - 10
                if more > 0:
                    shown += "\n" + self.tr("……另有 %n 处", "", more)
                self.check_result.setText(
                    self.tr("发现 %n 处问题，请从备份恢复或联系技术支持：", "", len(problems)) + "\n" + shown
                )
                self.check_result.setStyleSheet(ERROR_STYLE)
            else:
                self.check_result.setText(
                    self.tr("检查通过：数据文件完好（用时 %1 秒）。").replace("%1", seconds)
                )
                self.check_result.setStyleSheet(OK_STYLE)
            self.status.clear()

        self.check_result.clear()
        self._run(self.tr("正在检查数据完整性…"), self.ctx.store.integrity_check, done)

    # -- keys -----------------------------------------------------------------------------------------------

    def protection_mode(self) -> str:
        if self.keystore is None:
            return ""
        try:
            return str(self.keystore.mode())
        except Exception:  # a locked or broken keychain must not break the settings page
            return "unknown"

    def update_protection(self) -> None:
        if self.keystore is None:
            return
        mode = self.protection_mode()
        places = []
        if "keychain" in mode:
            places.append(self.tr("系统钥匙串"))
        if "passphrase" in mode:
            places.append(self.tr("数据文件密码"))
        where = "、".join(places) if places else self.tr("未找到（打开时需要恢复密钥）")
        lines = [
            self.tr("数据文件已加密（SQLCipher，256 位密钥）。"),
            self.tr("密钥保存在：%1").replace("%1", where),
        ]
        try:
            kf = self.keystore.read()
        except Exception:
            kf = None
        if kf is not None and getattr(kf, "rotated_at", None):
            lines.append(self.tr("上次更换密钥：%1").replace("%1", str(kf.rotated_at)[:10]))
        self.protection_label.setText("\n".join(lines))
        self.passphrase_button.setText(self.tr("修改密码…") if "passphrase" in mode else self.tr("设置密码…"))

    def change_passphrase(self) -> None:
        if self._busy or self.keystore is None:
            return
        new = self.ask_new_passphrase()
        if not new:
            return
        keystore, answers = self.keystore, _KeyAnswers(new=new)

        def work() -> None:
            previous, keystore.provider = keystore.provider, answers
            try:
                self.ctx.store.change_passphrase()
            finally:
                keystore.provider = previous

        def done(_result: Any) -> None:
            self.update_protection()
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(self.tr("密码已设置。没有系统钥匙串的电脑上用它打开数据文件。"))

        self._run(self.tr("正在设置密码…"), work, done)

    def rotate_key(self) -> None:
        if self._busy or self.keystore is None or not self.confirm_rotate():
            return
        current = None
        if "passphrase" in self.protection_mode():
            current = self.ask_passphrase()
            if current is None:
                return
        keystore, answers = self.keystore, _KeyAnswers(current=current, new=current)

        def work() -> Any:
            previous, keystore.provider = keystore.provider, answers
            try:
                return self.ctx.store.rotate_key()
            finally:
                keystore.provider = previous

        def done(recovery: Any) -> None:
            self.update_protection()
            self.load_backups()
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(self.tr("密钥已更换，数据文件和备份已重新加密。"))
            key = answers.recovery or recovery
            if key is not None:
                self.show_recovery_key(key.text())

        self._run(self.tr("正在更换密钥并重新加密…"), work, done)
