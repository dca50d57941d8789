"""The Help menu's dialogs: About (versions and the licences of what the app bundles) and the shortcut list."""

from __future__ import annotations

import platform
from importlib import metadata

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.style import LUCIDE_VERSION

translate = QCoreApplication.translate


def app_version() -> str:
    try:
        return metadata.version("broker-workbench")
    except metadata.PackageNotFoundError:
        from workbench import __version__

        return str(__version__)


def about_text() -> str:
    """Versions of the app, Qt, PySide and Python, and the licences of the bundled font and icons."""
    name = translate("About", "技术经纪人工作台")
    lines = [
        f"<h3>{name} {app_version()}</h3>",
        "<p>" + translate("About", "技术经纪人的企业走访、需求、成果、对接、合同和奖励申请工作台。") + "</p>",
        "<p>"
        + translate("About", "Qt %1 · PySide6 %2 · Python %3")
        .replace("%1", qVersion())
        .replace("%2", PySide6.__version__)
        .replace("%3", platform.python_version())
        + "</p>",
        "<p><b>" + translate("About", "随附的第三方资源") + "</b></p><ul>",
        "<li>"
        + translate("About", "字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache License 2.0 / GPLv3")
        + "</li>",
        "<li>" + translate("About", "图标：Lucide %1，ISC 许可证").replace("%1", LUCIDE_VERSION) + "</li>",
        "</ul>",
        "<p>"
        + translate("About", "许可证全文在程序的 resources/fonts 与 resources/icons/lucide 文件夹中。")
        + "</p>",
    ]
    return "".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("关于技术经纪人工作台"))
        layout = QVBoxLayout(self)
        self.text = QLabel(about_text())
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, read from its actions, so the list cannot drift."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("键盘快捷键"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcuts")
        self.table.setHorizontalHeaderLabels([self.tr("操作"), self.tr("快捷键")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            key_item = QTableWidgetItem(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
            self.table.setItem(row, 1, key_item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, 480)
