"""The main window: navigation between workspaces, global search, status bar, remembered layout."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from ui.context import AppContext
from ui.style import apply_style, icon
from ui.tasks import NewestAnswer
from workbench.models import ENTITY_TABLES
from workbench.queries.status import live_counts
from workbench.services.base import Changes

if TYPE_CHECKING:
    # Loaded when first used: the first screen needs neither lists nor dialogs (tests/ui/test_startup.py).
    from ui.listview import ListWorkspace

translate = QCoreApplication.translate


@dataclass(frozen=True)
class WorkspaceEntry:
    key: str
    title: Callable[[], str]
    target: str  # "module:Class" of a QWidget subclass taking the AppContext
    shortcut: str = ""
    icon: str = ""  # a bundled Lucide icon name (resources/icons/lucide)

    def factory(self, ctx: AppContext) -> QWidget:
        module, _, name = self.target.partition(":")
        cls = getattr(importlib.import_module(module), name)
        widget: QWidget = cls(ctx)
        return widget


# Navigation order; titles are looked up when shown so a language switch applies.
WORKSPACES = (
    WorkspaceEntry(
        "today",
        lambda: translate("MainWindow", "今日"),
        "ui.workspaces.today:TodayWorkspace",
        "Ctrl+1",
        "sun",
    ),
    WorkspaceEntry(
        "enterprises",
        lambda: translate("MainWindow", "企业"),
        "ui.workspaces.enterprises:EnterprisesWorkspace",
        "Ctrl+2",
        "building-2",
    ),
    WorkspaceEntry(
        "visits",
        lambda: translate("MainWindow", "走访"),
        "ui.workspaces.visits:VisitsWorkspace",
        "Ctrl+3",
        "footprints",
    ),
    WorkspaceEntry(
        "needs",
        lambda: translate("MainWindow", "需求"),
        "ui.workspaces.needs:NeedsWorkspace",
        "Ctrl+4",
        "clipboard-list",
    ),
    WorkspaceEntry(
        "technologies",
        lambda: translate("MainWindow", "技术成果"),
        "ui.workspaces.technologies:TechnologiesWorkspace",
        "Ctrl+5",
        "lightbulb",
    ),
    WorkspaceEntry(
        "pipeline",
        lambda: translate("MainWindow", "对接"),
        "ui.workspaces.pipeline:PipelineWorkspace",
        "Ctrl+6",
        "kanban",
    ),
    WorkspaceEntry(
        "contracts",
        lambda: translate("MainWindow", "合同"),
        "ui.workspaces.contracts:ContractsWorkspace",
        "Ctrl+7",
        "file-signature",
    ),
    WorkspaceEntry(
        "claims",
        lambda: translate("MainWindow", "奖励申请"),
        "ui.workspaces.claims:ClaimsWorkspace",
        "Ctrl+8",
        "award",
    ),
    WorkspaceEntry(
        "conflicts",
        lambda: translate("MainWindow", "冲突"),
        "ui.workspaces.conflicts:ConflictsWorkspace",
        "Ctrl+9",
        "git-compare",
    ),
    WorkspaceEntry(
        "settings",
        lambda: translate("MainWindow", "设置"),
        "ui.workspaces.settings:SettingsWorkspace",
        "Ctrl+,",
        "settings",
    ),
)


def workspace_registry() -> list[WorkspaceEntry]:
    """The workspaces whose modules exist (they land one by one), in navigation order."""
    return [e for e in WORKSPACES if importlib.util.find_spec(e.target.partition(":")[0]) is not None]


class MainWindow(QMainWindow):
    # Once the window has been drawn for the first time: work it does not need starts from here.
    first_painted = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app)
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
        # The selected item is shown by its colour bar; no dotted focus rectangle around it.
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.workspace_actions: list[QAction] = []
        for entry in self.entries:
            entry_icon = icon(entry.icon) if entry.icon else QIcon()
            item = QListWidgetItem(entry.title())
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setIcon(entry_icon)
            if entry.shortcut:
                item.setToolTip(QKeySequence(entry.shortcut).toString(QKeySequence.SequenceFormat.NativeText))
            self.nav.addItem(item)
            placeholder = QWidget()
            self.pages.addWidget(placeholder)
            action = QAction(entry_icon, entry.title(), self)
            action.setObjectName(f"show_{entry.key}")
            if entry.shortcut:
                action.setShortcut(QKeySequence(entry.shortcut))
            action.triggered.connect(lambda _c=False, k=entry.key: self.show_workspace(k))
            self.addAction(action)
            self.workspace_actions.append(action)
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        # Wide enough for the longest name in the current language (“Reward claims”), icon and padding.
        nav_font = QFont(self.nav.font())
        nav_font.setPointSize(12)  # the stylesheet's size for navigation items
        metrics = QFontMetrics(nav_font)
        longest = max((metrics.horizontalAdvance(e.title()) for e in self.entries), default=60)
        self.nav.setMinimumWidth(min(longest + 20 + 14 * 2 + 3 + 24, 220))
        self.splitter.setSizes([self.nav.minimumWidth(), 1130])
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._show_row)

        self.data_label = QLabel()
        self.data_label.setObjectName("dataFile")
        # The path gives way first when the status bar is full: sync state, protection, backup and counts
        # matter more, and the whole path is in the tooltip.
        self.data_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.protection_label = QLabel(self._protection())
        self.protection_label.setObjectName("protection")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("lastBackup")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self._counts = NewestAnswer(self)
        from ui.sync_widget import SyncWidget

        self.sync = SyncWidget(ctx)
        self.statusBar().addWidget(self.data_label, 1)
        self.statusBar().addPermanentWidget(self.sync)
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
        self.search_action.setIcon(icon("search"))
        self.menus = self._build_menus()
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
        self.first_painted.emit()

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

    # -- menus ------------------------------------------------------------------------------------------

    def _build_menus(self) -> dict[str, QMenu]:
        """File, Edit, View and Help. Others add to ``self.menus["file"]`` etc.; the shortcut list follows."""
        bar = self.menuBar()
        menus = {
            "file": bar.addMenu(self.tr("文件(&F)")),
            "edit": bar.addMenu(self.tr("编辑(&E)")),
            "view": bar.addMenu(self.tr("视图(&V)")),
            "help": bar.addMenu(self.tr("帮助(&H)")),
        }
        for name, menu in menus.items():
            menu.setObjectName(f"menu_{name}")
        self.import_action = QAction(icon("file-up"), self.tr("导入…"), self)
        self.import_action.setObjectName("importAction")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_data)
        self.export_action = QAction(icon("file-down"), self.tr("导出当前列表…"), self)
        self.export_action.setObjectName("exportAction")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_current_list)
        self.report_action = QAction(icon("file-spreadsheet"), self.tr("导出期间报表…"), self)
        self.report_action.setObjectName("periodReportAction")
        self.report_action.triggered.connect(self.period_report)
        for action in (self.import_action, self.export_action, self.report_action):
            menus["file"].addAction(action)
            self.addAction(action)
        menus["file"].addSeparator()
        # Export needs a list on screen: say so in the menu rather than after the click.
        menus["file"].aboutToShow.connect(
            lambda: self.export_action.setEnabled(self._current_list() is not None)
        )
        self.quit_action = QAction(icon("log-out"), self.tr("退出"), self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        menus["file"].addAction(self.quit_action)
        menus["edit"].addAction(self.search_action)
        for action in self.workspace_actions:
            menus["view"].addAction(action)
        self.shortcuts_action = QAction(icon("keyboard"), self.tr("键盘快捷键"), self)
        self.shortcuts_action.setObjectName("shortcutsAction")
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(icon("info"), self.tr("关于技术经纪人工作台"), self)
        self.about_action.setObjectName("aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        menus["help"].addAction(self.shortcuts_action)
        menus["help"].addSeparator()
        menus["help"].addAction(self.about_action)
        for action in (self.quit_action, self.shortcuts_action, self.about_action):
            self.addAction(action)
        return menus

    def _current_list(self) -> ListWorkspace | None:
        from ui.listview import ListWorkspace

        page = self.pages.currentWidget()
        return page if isinstance(page, ListWorkspace) else None

    def import_data(self) -> None:
        """The import wizard, for the current list's kind when files can fill it."""
        page = self._current_list()
        if page is not None and page.import_button is not None:
            page.import_records()
            return
        from ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()

    def export_current_list(self) -> None:
        page = self._current_list()
        if page is None:
            self.statusBar().showMessage(
                self.tr("请先打开一个列表（企业、走访、需求、成果、合同等）再导出。"), 10000
            )
            return
        page.export_records()

    def period_report(self) -> None:
        """The district's period report; dates default to the current month of the app's clock."""
        from ui.import_wizard.exports import PeriodReportDialog

        dialog = PeriodReportDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) of every window action with a shortcut, then the keys every list understands."""
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for action in self.findChildren(QAction):
            keys = action.shortcut().toString()
            text = action.text().replace("&", "").rstrip("…").removesuffix("...").strip()
            if keys and text and keys not in seen:
                seen.add(keys)
                rows.append((text, keys))
        rows += [
            (self.tr("在列表中筛选"), "Ctrl+F"),
            (self.tr("打开选中的记录"), "Return"),
            (self.tr("删除选中的记录"), "Del"),
            (self.tr("撤销（表单中）"), "Ctrl+Z"),
        ]
        return rows

    def show_shortcuts(self) -> None:
        from ui.about import ShortcutsDialog

        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def show_about(self) -> None:
        from ui.about import AboutDialog

        AboutDialog(self).exec()

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
        self.data_label.setToolTip(str(self.ctx.store.path))
        backups = self.ctx.store.list_backups()
        if backups:
            when = backups[0].created.astimezone().strftime("%Y-%m-%d %H:%M")
            self.backup_label.setText(self.tr("最近备份：%1").replace("%1", when))
        else:
            self.backup_label.setText(self.tr("尚无备份"))
        self._refresh_counts()

    def _refresh_counts(self) -> None:
        """The record counts, on a pool thread: a COUNT over a million technologies takes 0.1-0.2 s, and on
        the UI thread it held up the first paint and froze the window after every write.
        """

        def read() -> dict[str, int]:
            with self.ctx.store.session(write=False) as session:
                return live_counts(session)

        self._counts.ask(self.ctx.tasks, read, self._show_counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
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
