"""Settings, data: the dialog that asks for a data-file passphrase (a new one twice)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.forms import ERROR_STYLE
from ui.workspaces.settings.common import note


class PassphraseDialog(QDialog):
    """Asks for a passphrase (a new one twice)."""

    def __init__(self, *, new: bool, minimum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = new
        self.minimum = minimum
        self.setWindowTitle(self.tr("设置数据文件密码") if new else self.tr("输入数据文件密码"))
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("密码") if not new else self.tr("新密码"), self.first)
        if new:
            form.addRow(self.tr("再输入一次"), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if new:
            layout.addWidget(
                note(
                    self.tr("没有系统钥匙串的电脑上，用这个密码打开数据文件。至少 %1 个字符。").replace(
                        "%1", str(minimum)
                    )
                )
            )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if self.new and len(self.first.text()) < self.minimum:
            self.error.setText(self.tr("密码太短：至少 %1 个字符。").replace("%1", str(self.minimum)))
            self.error.show()
            return
        if self.new and self.first.text() != self.second.text():
            self.error.setText(self.tr("两次输入不一致。"))
            self.error.show()
            return
        self.accept()
