"""The main window: navigation between workspaces, a status bar about the data file, remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import col, func, select

from workbench.models import ENTITY_TABLES
from workbench.paths import DataPaths
from workbench.store import Store


class OverviewPage(QWidget):
    """How much the data file holds, kind by kind, so the broker sees at once that it opened."""

    KINDS = ("enterprise", "contact", "visit", "need", "technology", "match", "contract", "payment", "claim")

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("数据概览"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(title)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.labels: dict[str, QLabel] = {}
        names = {
            "enterprise": self.tr("企业"),
            "contact": self.tr("联系人"),
            "visit": self.tr("走访记录"),
            "need": self.tr("技术需求"),
            "technology": self.tr("技术成果"),
            "match": self.tr("对接"),
            "contract": self.tr("技术合同"),
            "payment": self.tr("到款记录"),
            "claim": self.tr("奖励申请"),
        }
        for kind in self.KINDS:
            value = QLabel("0")
            value.setObjectName(f"count_{kind}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[kind] = value
            self.form.addRow(names[kind] + "：", value)
        self.refresh()

    def counts(self) -> dict[str, int]:
        with self.store.session() as session:
            return {
                kind: int(
                    session.exec(
                        select(func.count())
                        .select_from(ENTITY_TABLES[kind])
                        .where(col(ENTITY_TABLES[kind].deleted_at).is_(None))
                    ).one()
                )
                for kind in self.KINDS
            }

    def refresh(self) -> None:
        for kind, n in self.counts().items():
            self.labels[kind].setText(f"{n:,}")


class MainWindow(QMainWindow):
    def __init__(self, store: Store, paths: DataPaths, *, demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.paths = paths
        self.setWindowTitle(self.tr("技术经纪人工作台") + (self.tr("（演示数据）") if demo else ""))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setMaximumWidth(200)
        self.pages = QStackedWidget()
        self.overview = OverviewPage(store)
        self._add_page(self.tr("概览"), self.overview)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.data_label = QLabel(self.tr("数据文件：{0}").replace("{0}", str(store.path)))
        self.statusBar().addWidget(self.data_label, 1)
        self.resize(1100, 720)
        self._restore_state()

    def _add_page(self, title: str, page: QWidget) -> None:
        self.nav.addItem(title)
        self.pages.addWidget(page)

    def _state(self) -> QSettings:
        return QSettings(str(self.paths.config_dir / "window-state.ini"), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        state = self._state()
        geometry = state.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = state.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        state = self._state()
        state.setValue("main/geometry", self.saveGeometry())
        state.setValue("main/splitter", self.splitter.saveState())
        state.sync()
        super().closeEvent(event)
