"""Settings: the workspace that holds the profile, policies, language and data pages, one tab each."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
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
        self.tabs.addTab(self.profile, self.tr("经纪人档案"))
        self.tabs.addTab(self.policies, self.tr("奖励政策"))
        self.tabs.addTab(self.language, self.tr("语言"))
        self.tabs.addTab(self.data, self.tr("数据"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def show_section(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)
