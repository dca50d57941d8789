"""Settings: the workspace that holds the profile, policies, language and data pages, one tab each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.workspaces.settings.data import DataPage
from ui.workspaces.settings.language import LanguagePage
from ui.workspaces.settings.policies import PoliciesPage
from ui.workspaces.settings.profile import ProfilePage


class SettingsWorkspace(QWidget):
    """Profile, policies, language and data, one tab each."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("workspace_settings")
        title = QLabel(self.tr("设置"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.profile = ProfilePage(ctx)
        self.policies = PoliciesPage(ctx)
        self.language = LanguagePage(ctx)
        self.data = DataPage(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setDocumentMode(True)
        # Form pages sit in a centred card of reading width rather than in the top-left corner.
        self._tab_of: dict[QWidget, QWidget] = {
            self.profile: _centred(self.profile, 820),
            self.policies: self.policies,
            self.language: _centred(self.language, 820),
            self.data: _centred(self.data, 980),
        }
        self.tabs.addTab(self._tab_of[self.profile], self.tr("经纪人档案"))
        self.tabs.addTab(self.policies, self.tr("奖励政策"))
        self.tabs.addTab(self._tab_of[self.language], self.tr("语言"))
        self.tabs.addTab(self._tab_of[self.data], self.tr("数据"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def show_section(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(self._tab_of.get(page, page))


def _centred(page: QWidget, width: int) -> QWidget:
    """``page`` at most ``width`` px wide, centred, on a white card with a little air around it."""
    card = QFrame()
    card.setObjectName("settingsCard")
    card.setStyleSheet(
        "QFrame#settingsCard { background: #ffffff; border: 1px solid #e0e4e8; border-radius: 8px; }"
    )
    card.setMaximumWidth(width)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(16, 12, 16, 12)
    inner.addWidget(page)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(12, 12, 12, 12)
    row.addStretch(1)
    row.addWidget(card, 100, Qt.AlignmentFlag.AlignTop)
    row.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(holder)
    return scroll
