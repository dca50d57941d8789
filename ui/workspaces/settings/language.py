"""Settings, language: the interface language, kept in the preferences for the next start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import WARNING_STYLE
from ui.workspaces.settings.common import NOTE_STYLE, heading, note
from workbench import i18n

LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "简体中文"), ("en", "English"))


class LanguagePage(QWidget):
    """The interface language, kept in the preferences; it takes effect at the next start."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("languagePage")
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        box = QGroupBox(self.tr("界面语言"))
        box.setMaximumWidth(560)
        box_layout = QVBoxLayout(box)
        choices = [("", self.tr("跟随系统（无法判断时使用简体中文）")), *LANGUAGES]
        for value, label in choices:
            button = QRadioButton(label)
            button.setObjectName(f"language_{value or 'system'}")
            self.buttons[value] = button
            self.group.addButton(button)
            box_layout.addWidget(button)
        chosen = str(ctx.prefs.get("language") or "")
        self.buttons.get(chosen, self.buttons[""]).setChecked(True)
        self.note = QLabel()
        self.note.setObjectName("languageNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("语言")))
        layout.addWidget(
            note(self.tr("更改界面语言后，需要重新启动工作台才会生效（当前窗口保持原来的语言）。"))
        )
        layout.addWidget(box)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        self._updatenote()

    def _toggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        value = next(v for v, b in self.buttons.items() if b is button)
        self.ctx.prefs.set("language", value)
        self._updatenote()

    def _updatenote(self) -> None:
        running = "English" if i18n.language() == "en" else "简体中文"
        chosen = str(self.ctx.prefs.get("language") or "")
        names = dict(LANGUAGES)
        if chosen and names.get(chosen) != running:
            self.note.setText(
                self.tr("已保存。重新启动工作台后界面将使用 %1；现在仍为 %2。")
                .replace("%1", names[chosen])
                .replace("%2", running)
            )
            self.note.setStyleSheet(WARNING_STYLE)
        else:
            self.note.setText(self.tr("当前界面语言：%1").replace("%1", running))
            self.note.setStyleSheet(NOTE_STYLE)
