"""The sync button in the status bar: last sync, changes waiting, conflicts; connecting to the district.

Sync runs off the UI thread through the app's task runner; when it ends every view refreshes from the one
change bus. Offline is normal: a failed connection is said in the status line and nothing local changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.style import icon
from ui.tasks import NewestAnswer
from workbench.errors import WorkbenchError
from workbench.models import ENTITY_TABLES
from workbench.queries.sync import SyncSummary, sync_summary
from workbench.services.base import Changes
from workbench.sync.state import is_connected


class ConnectDialog(QDialog):
    """Server address, user name and password; checked against the server before anything is kept."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("连接区服务器"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("区科技局提供服务器地址和您的用户名、初始密码。密码保存在系统钥匙串中，不写入数据文件。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        with ctx.store.session(write=False) as session:
            current = sync_summary(session)
        self.url = QLineEdit(current.url or "")
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql://zhenhai-db.example.gov.cn/zhenhai?sslmode=verify-full")
        self.user = QLineEdit(current.user or "")
        self.user.setObjectName("serverUser")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("服务器地址"), self.url)
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kept_in_keychain = False

    def accept(self) -> None:
        from workbench.sync import state

        url, user, password = self.url.text().strip(), self.user.text().strip(), self.password.text()
        if not url or not user or not password:
            self._show(self.tr("请填写服务器地址、用户名和密码。"))
            return
        try:
            self.kept_in_keychain = state.connect_laptop(self.ctx.store, url, user, password)
        except WorkbenchError as exc:
            self._show(exc.message)  # what was typed stays, so a typo is fixed in place
            return
        except Exception as exc:  # a malformed address: psycopg's own message names the part
            self._show(self.tr("服务器地址无效：%1").replace("%1", str(exc)))
            return
        super().accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class SyncWidget(QWidget):
    """Status-bar piece: a "同步" button with a menu, and one line saying where this laptop stands."""

    synced = Signal(object)  # the SyncReport, for tests and the Conflicts workspace

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QToolButton()
        self.button.setObjectName("syncButton")
        self.button.setText(self.tr("同步"))
        self.button.setIcon(icon("refresh-cw"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setToolTip(self.tr("与区服务器同步（上传本机更改，下载他人更新）"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.clicked.connect(self.sync_now)
        menu = QMenu(self.button)
        self.connect_action = menu.addAction(self.tr("连接区服务器…"), self.connect_server)
        self.button.setMenu(menu)
        self.status = QLabel()
        self.status.setObjectName("syncStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.button)
        layout.addWidget(self.status)
        self.offline_reason = ""
        self._summary = NewestAnswer(self)
        ctx.bus.changed.connect(lambda _c: self.refresh())
        self.refresh()

    def _connected(self) -> bool:
        with self.ctx.store.session(write=False) as session:
            return is_connected(session)

    def summary(self) -> SyncSummary:
        with self.ctx.store.session(write=False) as session:
            return sync_summary(session)

    def refresh(self) -> None:
        """The status line, worked out on a pool thread: what waits to be uploaded is counted in the change
        log (before the first sync, in every table), a noticeable moment at a million technologies, which on
        the UI thread held up the first paint and followed every write.
        """
        if self.running:
            return
        self._summary.ask(self.ctx.tasks, self.summary, self._show_summary)

    def _show_summary(self, s: SyncSummary) -> None:
        if self.running:
            return  # a sync started meanwhile: its end refreshes again
        if not s.connected:
            self.status.setText(self.tr("未连接区服务器"))
            return
        parts = [
            self.tr("上次同步 %1").replace("%1", s.last_sync.astimezone().strftime("%m-%d %H:%M"))
            if s.last_sync
            else self.tr("尚未同步")
        ]
        if s.pending:
            parts.append(self.tr("待上传 %1 项").replace("%1", f"{s.pending:,}"))
        if s.conflicts:
            parts.append(self.tr("冲突 %1 个").replace("%1", str(s.conflicts)))
        if self.offline_reason:
            parts.append(self.tr("离线"))
        self.status.setText(" · ".join(parts))
        self.status.setToolTip(self.offline_reason or (s.url or ""))

    def connect_server(self) -> bool:
        dialog = ConnectDialog(self.ctx, self.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if not dialog.kept_in_keychain:
            QMessageBox.information(
                self,
                self.tr("已连接"),
                self.tr("本机没有可用的钥匙串，密码不会保存；每次同步时会再询问密码。"),
            )
        self.refresh()
        return True

    def _password(self) -> str | None:
        from workbench.sync import engine, state

        try:
            return state.password_for(engine.status(self.ctx.store))
        except WorkbenchError:
            text, ok = QInputDialog.getText(
                self, self.tr("区服务器密码"), self.tr("密码："), QLineEdit.EchoMode.Password
            )
            return text if ok and text else None

    def sync_now(self) -> None:
        from workbench.sync import engine, state

        if self.running:
            return
        if not self._connected() and not self.connect_server():
            return
        password = self._password()
        if password is None:
            return
        current = engine.status(self.ctx.store)
        connect = state.connector(current, password)
        self.running = True
        self.button.setEnabled(False)
        self.status.setText(self.tr("正在同步…"))

        def work(progress: Any, _cancel: Any) -> Any:
            return engine.sync(self.ctx.store, connect, lambda _stage, done, total: progress(done, total))

        self.ctx.tasks.start(work, on_done=self._done, on_error=self._failed)

    def _finish(self) -> None:
        self.running = False
        self.button.setEnabled(True)

    def _done(self, report: Any) -> None:
        self._finish()
        self.offline_reason = ""
        self.ctx.bus.publish(Changes(frozenset(ENTITY_TABLES)))
        self.refresh()
        if report.refused:
            QMessageBox.warning(
                self,
                self.tr("部分更改未被服务器接受"),
                self.tr("服务器拒绝了 %1 项更改，本机已恢复为服务器上的内容：\n%2")
                .replace("%1", str(len(report.refused)))
                .replace("%2", "\n".join(report.refused[:10])),
            )
        self.synced.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.offline_reason = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        self.refresh()
        self.ctx.bus.publish(Changes(frozenset({"sync"})))
