"""Settings, data: the dialog that shows a new recovery key once, with a copy button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.style import monospace_font
from ui.workspaces.settings.common import note


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once, with a copy button."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新的恢复密钥"))
        key = QLabel(text)
        key.setObjectName("recoveryKey")
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setFont(monospace_font(QFont().pointSizeF() * 1.3))
        key.setWordWrap(True)
        copy = QPushButton(self.tr("复制"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
        done = QPushButton(self.tr("我已抄下"))
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addStretch(1)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                self.tr(
                    "密钥已更换。这是新的恢复密钥，只显示这一次：请抄写或打印后妥善保管，不要存放在这台电脑上。"
                    "电脑损坏或更换电脑时，用它打开数据文件及之后的备份。"
                )
            )
        )
        layout.addWidget(key)
        layout.addLayout(buttons)
