"""The editors a form row uses beyond Qt's own: a date typed or picked, a record picked by typing its
name, and several enum members checked in a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ui.context import AppContext
from ui.style import icon
from workbench.enums import LabelledEnum
from workbench.queries import Session

Source = Callable[[Session, str], list[tuple[str, str]]]


class DateEdit(QWidget):
    """A date typed as text (2026-03-05, 2026/3/5, 2026年3月5日 …) with a calendar button; may be empty."""

    textEdited = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self.today = today  # the app's clock; the calendar opens on its date when nothing is typed
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setPlaceholderText(self.tr("年-月-日"))
        self.line.textEdited.connect(self.textEdited)
        self.button = QToolButton()
        self.button.setObjectName("calendarButton")
        self.button.setIcon(icon("calendar"))
        self.button.setAutoRaise(True)
        self.button.setToolTip(self.tr("选择日期（Alt+↓）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        menu = QMenu(self.button)
        menu.aboutToShow.connect(self._sync_calendar)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar.clicked.connect(self._picked)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        # Alt+Down opens the calendar from the keyboard, as in a date field of any desktop program.
        QShortcut(QKeySequence("Alt+Down"), self.line, self.button.showMenu)

    def _sync_calendar(self) -> None:
        """Open the calendar on the date typed so far (or today when none can be read)."""
        text = self.line.text().strip().replace("/", "-")
        typed = QDate.fromString(text, "yyyy-MM-dd")
        if not typed.isValid():
            typed = QDate.fromString(text, "yyyy-M-d")
        if not typed.isValid():
            today = self.today() if self.today is not None else None
            typed = QDate(today.year, today.month, today.day) if today else QDate.currentDate()
        self.calendar.setSelectedDate(typed)

    def _picked(self, qdate: QDate) -> None:
        self.line.setText(qdate.toString("yyyy-MM-dd"))
        self.textEdited.emit(self.line.text())
        menu = self.button.menu()
        if menu is not None:
            menu.hide()

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:
        self.line.setText(text)


def fit_popup(completer: QCompleter) -> None:
    """Make a shown completer popup tall enough for its tallest rows.

    QCompleter sizes its popup as the first row's height × rows; a row whose text falls back to another
    font (Latin and CJK mixed) is taller than the first, and the last row came out clipped.
    """
    popup = completer.popup()
    model = popup.model() if popup is not None else None
    if popup is None or model is None or not popup.isVisible():
        return
    rows = min(model.rowCount(), completer.maxVisibleItems())
    needed = sum(popup.sizeHintForRow(r) for r in range(rows)) + 2 * popup.frameWidth() + 2
    if popup.horizontalScrollBar().isVisible():
        needed += popup.horizontalScrollBar().height()
    if popup.height() < needed:
        popup.resize(popup.width(), needed)


class ReferenceEdit(QLineEdit):
    """Pick a record by typing part of its name, pinyin initials or code; remembers the chosen id."""

    def __init__(
        self,
        ctx: AppContext,
        source: Callable[[Session, str], list[tuple[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = source
        self._id: str | None = None
        self._choices: dict[str, str] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.textEdited.connect(self._lookup)
        self.setPlaceholderText(self.tr("输入名称、拼音首字母或代码"))

    def _lookup(self, text: str) -> None:
        self._id = None
        with self.ctx.store.session(write=False) as session:
            found = self.source(session, text)
        self._choices = {label: ident for ident, label in found}
        self._model.setStringList(list(self._choices))
        completer = self.completer()
        if completer is not None and found:
            completer.complete()
            fit_popup(completer)

    def _chosen(self, label: str) -> None:
        self._id = self._choices.get(label)
        self.setText(label)

    def set_reference(self, ident: str | None, label: str) -> None:
        self._id = ident
        self.setText(label)

    def chosen_id(self) -> str | None:
        """The id picked so far, without looking the typed text up (which would open the list)."""
        return self._id if self.text().strip() else None

    def reference(self) -> str | None:
        if self._id is None and self.text().strip():
            # Accept an exact label typed in full without using the popup.
            self._lookup(self.text())
            self._id = self._choices.get(self.text().strip())
        return self._id if self.text().strip() else None


class CheckList(QWidget):
    """Several members of an enum chosen with check boxes in a row (e.g. a technology's transfer modes)."""

    toggled = Signal()

    def __init__(self, enum: type[LabelledEnum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for member in enum:
            box = QCheckBox(member.label)
            box.setObjectName(f"choice_{member.value}")
            box.toggled.connect(lambda _b: self.toggled.emit())
            self.boxes[member.value] = box
            layout.addWidget(box)
        layout.addStretch(1)
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def values(self) -> list[str]:
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: Sequence[str]) -> None:
        for value, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(value in values)


def enum_combo(enum: type[LabelledEnum], *, optional: bool) -> QComboBox:
    combo = QComboBox()
    if optional:
        combo.addItem("", None)
    for member in enum:
        combo.addItem(member.label, member.value)
    return combo


class CodePicker(QComboBox):
    """A code picked from a searchable list of "330206 北仑区" lines, or typed (an unlisted code is kept).

    Typing any part of the code or the name narrows the list; the value is the code alone.
    """

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for code, label in choices:
            self.addItem(label, code)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

        self.setCompleter(completer)
        self.setMaxVisibleItems(15)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("输入代码或名称"))

    def code(self) -> str:
        text = self.currentText().strip()
        index = self.findText(text)
        if index > 0:
            return str(self.itemData(index))
        return text.split(" ", 1)[0] if text else ""

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else 0
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code or "")
