"""Item lists of the detail panes: wrapping lines, a grey "none" line, bullet text of a refusal."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from workbench.errors import ValidationError, WorkbenchError


def wrapping_list(name: str) -> QListWidget:
    """A short list of long lines (history, provenance) that wraps them rather than scrolling sideways."""
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return widget


def add_placeholder(widget: QListWidget, text: str) -> None:
    """A grey, inert line in an empty list, so an empty list reads as "none" rather than broken."""
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(QColor("#888888"))
    widget.addItem(item)


def issue_lines(exc: WorkbenchError) -> list[str]:
    """The messages of a refusal, one per problem (each names its field)."""
    if isinstance(exc, ValidationError) and exc.issues:
        return [i.message for i in exc.issues]
    return [exc.message]


def bullet_list(lines: Sequence[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def open_match_in_pipeline(widget: QWidget, match_id: str) -> None:
    """Show the match in the pipeline workspace, when the window has one."""
    window = widget.window()
    show = getattr(window, "show_workspace", None)
    if not callable(show):
        return
    try:
        pipeline = show("pipeline")
    except (StopIteration, KeyError):
        return
    focus = getattr(pipeline, "focus_match", None)
    if callable(focus):
        focus(match_id)
        return
    detail = getattr(pipeline, "detail", None)
    load = getattr(detail, "load", None)
    if callable(load):
        load(match_id)


def open_match_item(widget: QWidget, item: QListWidgetItem) -> None:
    """Double-click on a match line: open it in the pipeline."""
    ident = item.data(Qt.ItemDataRole.UserRole)
    if ident:
        open_match_in_pipeline(widget, ident)
