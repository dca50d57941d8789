"""The main window: navigation between workspaces, global search, status bar, remembered layout."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from ui.context import AppContext
from workbench.models import ENTITY_TABLES
from workbench.queries.status import live_counts
from workbench.services.base import Changes

translate = QCoreApplication.translate


@dataclass(frozen=True)
class WorkspaceEntry:
    key: str
    title: Callable[[], str]
    target: str  # "module:Class" of a QWidget subclass taking the AppContext
    shortcut: str = ""

    def factory(self, ctx: AppContext) -> QWidget:
        module, _, name = self.target.partition(":")
        cls = getattr(importlib.import_module(module), name)
        widget: QWidget = cls(ctx)
        return widget


# Navigation order; titles are looked up when shown so a language switch applies.
WORKSPACES = (
    WorkspaceEntry(
        "today", lambda: translate("MainWindow", "今日"), "ui.workspaces.today:TodayWorkspace", "Ctrl+1"
    ),
    WorkspaceEntry(
        "enterprises",
        lambda: translate("MainWindow", "企业"),
        "ui.workspaces.enterprises:EnterprisesWorkspace",
        "Ctrl+2",
    ),
    WorkspaceEntry(
        "visits", lambda: translate("MainWindow", "走访"), "ui.workspaces.visits:VisitsWorkspace", "Ctrl+3"
    ),
    WorkspaceEntry(
        "needs", lambda: translate("MainWindow", "需求"), "ui.workspaces.needs:NeedsWorkspace", "Ctrl+4"
    ),
    WorkspaceEntry(
        "technologies",
        lambda: translate("MainWindow", "成果"),
        "ui.workspaces.technologies:TechnologiesWorkspace",
        "Ctrl+5",
    ),
    WorkspaceEntry(
        "pipeline",
        lambda: translate("MainWindow", "对接"),
        "ui.workspaces.pipeline:PipelineWorkspace",
        "Ctrl+6",
    ),
    WorkspaceEntry(
        "contracts",
        lambda: translate("MainWindow", "合同"),
        "ui.workspaces.contracts:ContractsWorkspace",
        "Ctrl+7",
    ),
    WorkspaceEntry(
        "claims",
        lambda: translate("MainWindow", "奖励申请"),
        "ui.workspaces.claims:ClaimsWorkspace",
        "Ctrl+8",
    ),
    WorkspaceEntry(
        "settings",
        lambda: translate("MainWindow", "设置"),
        "ui.workspaces.settings:SettingsWorkspace",
        "Ctrl+,",
    ),
)


def workspace_registry() -> list[WorkspaceEntry]:
    """The workspaces whose modules exist (they land one by one), in navigation order."""
    return [e for e in WORKSPACES if importlib.util.find_spec(e.target.partition(":")[0]) is not None]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        title = self.tr("技术经纪人工作台")
        if ctx.demo:
            title += self.tr("（演示数据）")
        self.setWindowTitle(title)
        self.entries = workspace_registry()
        self.workspaces: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setMinimumWidth(120)
        self.nav.setMaximumWidth(220)
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #f3f5f8; font-size: 12pt; padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 9px 18px; border-left: 3px solid transparent; }"
            "QListWidget#navigation::item:selected { background: #e1eaf7; color: #0d47a1;"
            " border-left: 3px solid #1565c0; }"
        )
        self.pages = QStackedWidget()
        for entry in self.entries:
            item = QListWidgetItem(entry.title())
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
            placeholder = QWidget()
            self.pages.addWidget(placeholder)
            if entry.shortcut:
                action = QAction(self)
                action.setShortcut(QKeySequence(entry.shortcut))
                action.triggered.connect(lambda _c=False, k=entry.key: self.show_workspace(k))
                self.addAction(action)
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 1130])
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._show_row)

        self.data_label = QLabel()
        self.data_label.setObjectName("dataFile")
        self.protection_label = QLabel(self._protection())
        self.protection_label.setObjectName("protection")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("lastBackup")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.statusBar().addWidget(self.data_label, 1)
        self.statusBar().addPermanentWidget(self.protection_label)
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(300)
        self._counts_timer.timeout.connect(self.refresh_status)
        ctx.bus.changed.connect(lambda _c: self._counts_timer.start())
        from ui.global_search import install_global_search

        self.search_action = install_global_search(self, ctx)
        self.resize(1280, 800)
        self._restore_state()
        self.nav.setCurrentRow(0)
        self._painted = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted:
            self._painted = True
            # After the first paint: the counts (a COUNT over a million rows) and the index check are not
            # needed to draw the window, and started earlier they delayed it.
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.refresh_status()
        self._check_search_index()

    def _check_search_index(self) -> None:
        """After a crash the search index may lag the data: check it off the UI thread, repair if needed."""
        from workbench.search.index import RepairReport, verify_and_repair

        def done(report: RepairReport) -> None:
            if report.changed:
                self.statusBar().showMessage(self.tr("搜索索引已与数据核对并修复。"), 10000)
                self.ctx.bus.publish(Changes(frozenset(ENTITY_TABLES)))

        self.ctx.tasks.start(
            lambda _p, cancel: verify_and_repair(self.ctx.store, cancel=lambda: cancel.cancelled),
            on_done=done,
            on_error=lambda exc: None,
        )

    # -- navigation ---------------------------------------------------------------------------------------

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.pages.setCurrentWidget(self.workspace(self.entries[row].key))

    def workspace(self, key: str) -> QWidget:
        """The workspace for ``key``, created on first use."""
        if key not in self.workspaces:
            index = next(i for i, e in enumerate(self.entries) if e.key == key)
            widget = self.entries[index].factory(self.ctx)
            old = self.pages.widget(index)
            self.pages.insertWidget(index, widget)
            if old is not None:
                self.pages.removeWidget(old)
                old.deleteLater()
            self.workspaces[key] = widget
        return self.workspaces[key]

    def show_workspace(self, key: str) -> QWidget:
        index = next(i for i, e in enumerate(self.entries) if e.key == key)
        self.nav.setCurrentRow(index)
        return self.workspace(key)

    # -- status bar ---------------------------------------------------------------------------------------

    def _protection(self) -> str:
        """How the data file is protected, said once at start-up (asking the keychain is not free)."""
        keystore = self.ctx.store.keystore
        mode = keystore.mode() if keystore is not None else "explicit"
        if "keychain" in mode:
            return self.tr("已加密（密钥在系统钥匙串）")
        if "passphrase" in mode:
            return self.tr("已加密（密码保护）")
        return self.tr("已加密")

    def refresh_status(self) -> None:
        self.data_label.setText(self.tr("数据文件：%1").replace("%1", str(self.ctx.store.path)))
        backups = self.ctx.store.list_backups()
        if backups:
            when = backups[0].created.astimezone().strftime("%Y-%m-%d %H:%M")
            self.backup_label.setText(self.tr("最近备份：%1").replace("%1", when))
        else:
            self.backup_label.setText(self.tr("尚无备份"))
        with self.ctx.store.session(write=False) as session:
            counts = live_counts(session)
        self.counts_label.setText(
            self.tr("企业 %1 · 需求 %2 · 成果 %3 · 合同 %4")
            .replace("%1", f"{counts['enterprise']:,}")
            .replace("%2", f"{counts['need']:,}")
            .replace("%3", f"{counts['technology']:,}")
            .replace("%4", f"{counts['contract']:,}")
        )

    # -- state ------------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.ctx.state.load_bytes("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.ctx.state.load_bytes("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        self.ctx.state.save("main/geometry", self.saveGeometry())
        self.ctx.state.save("main/splitter", self.splitter.saveState())
        for widget in self.workspaces.values():
            save = getattr(widget, "save_layout", None)
            if callable(save):
                save()
        self.ctx.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        # Work that checks for cancel (the index check) stops at its next step, so quitting is not held up.
        self.ctx.tasks.cancel_all()
        super().closeEvent(event)
