"""Pieces of the quick entry: message lines under fields, the need block, list helpers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.forms import ERROR_STYLE, WARNING_STYLE
from workbench.errors import Issue

translate = QCoreApplication.translate

DRAFT_KIND = "visit"
NEW_CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1
INFO_STYLE = "color: #1b5e20;"
NEED_TEXT_FIELDS = ("title", "problem", "key_technology", "expected_goals", "keywords")


def message_label(name: str) -> QLabel:
    """A red (or amber) line under a field; hidden until the core has something to say about it."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def show_issues(label: QLabel, issues: Sequence[Issue]) -> None:
    if not issues:
        return
    text = "\n".join(i.message for i in issues)
    previous = label.text() if not label.isHidden() else ""
    label.setText(f"{previous}\n{text}" if previous else text)
    label.setStyleSheet(ERROR_STYLE if any(i.is_error for i in issues) else WARNING_STYLE)
    label.show()


def hide_message(label: QLabel) -> None:
    label.clear()
    label.hide()


def text_edit(name: str, placeholder: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field of a quick-entry form
    edit.setPlaceholderText(placeholder)
    # A fixed height keeps the form steady inside its scroll area; long text scrolls within the box.
    edit.setFixedHeight(height)
    return edit


class NeedBlock(QGroupBox):
    """One need captured on site: title, the three-part description and 1–5 keywords."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, number: int, *, need_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.need_id = need_id
        self.setObjectName("needBlock")
        self.title_line = QLineEdit()
        self.title_line.setObjectName("need_title")
        self.title_line.setPlaceholderText(self.tr("需求名称，如：碳纤维复合材料快速成型工艺"))
        self.problem = text_edit("need_problem", self.tr("① 主要问题：现状、瓶颈"))
        self.key_technology = text_edit("need_key_technology", self.tr("② 关键技术及指标：要达到的参数"))
        self.expected_goals = text_edit("need_expected_goals", self.tr("③ 预期目标：效益、用途"))
        self.keywords = QLineEdit()
        self.keywords.setObjectName("need_keywords")
        self.keywords.setPlaceholderText(self.tr("1–5 个，用逗号、顿号或空格分开"))
        self.remove = QPushButton(self.tr("删除此需求"))
        self.remove.setObjectName("removeNeed")
        self.remove.setAutoDefault(False)
        if need_id is not None:
            # A saved need may already have matches; it is deleted in the Needs workspace, not here.
            self.remove.hide()
        self.message = message_label("need_message")
        self.messages = {key: message_label(f"error_need_{key}") for key in NEED_TEXT_FIELDS}

        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        head = QHBoxLayout()
        title_label = QLabel(self.tr("需求名称") + "<span style='color:#c62828'> *</span>")
        title_label.setBuddy(self.title_line)
        head.addWidget(title_label)
        head.addWidget(self.title_line, 1)
        head.addWidget(self.remove)
        layout.addLayout(head)
        layout.addWidget(self.messages["title"])
        parts = QHBoxLayout()
        parts.setSpacing(10)
        for key, caption, edit in (
            ("problem", self.tr("主要问题"), self.problem),
            ("key_technology", self.tr("关键技术及指标"), self.key_technology),
            ("expected_goals", self.tr("预期目标"), self.expected_goals),
        ):
            cell = QVBoxLayout()
            cell.setSpacing(2)
            label = QLabel(caption)
            label.setBuddy(edit)
            cell.addWidget(label)
            cell.addWidget(edit)
            cell.addWidget(self.messages[key])
            parts.addLayout(cell, 1)
        layout.addLayout(parts)
        tail = QHBoxLayout()
        keywords_label = QLabel(self.tr("关键词") + "<span style='color:#c62828'> *</span>")
        keywords_label.setBuddy(self.keywords)
        tail.addWidget(keywords_label)
        tail.addWidget(self.keywords, 1)
        layout.addLayout(tail)
        layout.addWidget(self.messages["keywords"])
        layout.addWidget(self.message)
        self.set_number(number)

        for line in (self.title_line, self.keywords):
            line.textChanged.connect(lambda _t: self.changed.emit())
        for edit in (self.problem, self.key_technology, self.expected_goals):
            edit.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def set_number(self, number: int) -> None:
        self.setTitle(self.tr("需求 %1").replace("%1", str(number)))

    def state(self) -> dict[str, Any]:
        return {
            "need_id": self.need_id,
            "title": self.title_line.text(),
            "problem": self.problem.toPlainText(),
            "key_technology": self.key_technology.toPlainText(),
            "expected_goals": self.expected_goals.toPlainText(),
            "keywords": self.keywords.text(),
        }

    def set_state(self, data: dict[str, Any]) -> None:
        self.title_line.setText(str(data.get("title") or ""))
        self.problem.setPlainText(str(data.get("problem") or ""))
        self.key_technology.setPlainText(str(data.get("key_technology") or ""))
        self.expected_goals.setPlainText(str(data.get("expected_goals") or ""))
        keywords = data.get("keywords") or ""
        self.keywords.setText("，".join(keywords) if isinstance(keywords, list) else str(keywords))

    def is_blank(self) -> bool:
        return not any(str(v).strip() for k, v in self.state().items() if k != "need_id")

    def values(self) -> dict[str, Any]:
        """What the need service is given; it trims, splits the keywords and validates."""
        data = self.state()
        data.pop("need_id")
        return data

    def clear_issues(self) -> None:
        hide_message(self.message)
        for label in self.messages.values():
            hide_message(label)

    def show_issues(self, issues: Sequence[Issue]) -> QWidget | None:
        """Show each issue under its field; return the first field with a problem (to focus it)."""
        first: QWidget | None = None
        editors: dict[str, QWidget] = {
            "title": self.title_line,
            "problem": self.problem,
            "key_technology": self.key_technology,
            "expected_goals": self.expected_goals,
            "keywords": self.keywords,
        }
        for item in issues:
            if item.field in self.messages:
                show_issues(self.messages[item.field], [item])
                first = first or editors[item.field]
            else:
                show_issues(self.message, [item])
                first = first or self.title_line
        return first

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [
            self.title_line,
            self.problem,
            self.key_technology,
            self.expected_goals,
            self.keywords,
        ]
        if self.need_id is None:
            chain.append(self.remove)
        return chain


def list_items(widget: QListWidget) -> list[QListWidgetItem]:
    return [item for item in (widget.item(r) for r in range(widget.count())) if item is not None]


def is_checked(item: QListWidgetItem) -> bool:
    return item.checkState() == Qt.CheckState.Checked


def set_checked(widget: QListWidget, ids: set[str]) -> None:
    with QSignalBlocker(widget):
        for item in list_items(widget):
            ident = item.data(Qt.ItemDataRole.UserRole)
            if ident is not None:
                item.setCheckState(Qt.CheckState.Checked if ident in ids else Qt.CheckState.Unchecked)
