"""Export actions for the lists' toolbars and the Today workspace: a list as shown, and the period report.

A list's toolbar calls :func:`export_shown` with what it shows (:class:`ShownList`: visible columns in
screen order, filter text, filters, order); :func:`export_list` writes a kind with the import headings
instead, so the file imports back. The Today workspace and the File menu open :class:`PeriodReportDialog`. Both write through ``workbench.io`` on the task pool
and say where the file went (or, in words, why it could not be written).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from ui.context import AppContext, CancelToken
from workbench.errors import WorkbenchError


class _Texts(QObject):
    """Translatable texts of the export functions (they are not widgets, so they borrow a context)."""

    def save_title(self) -> str:
        return self.tr("导出列表")

    def filters(self) -> str:
        return self.tr("Excel 表格 (*.xlsx);;CSV 文件（UTF-8） (*.csv)")

    def done(self, rows: int, path: str) -> str:
        return self.tr("已导出 %1 行到 %2").replace("%1", str(rows)).replace("%2", path)


def choose_export_path(parent: QWidget | None, suggested: str = "") -> str | None:
    """Ask where to save a list (.xlsx or .csv); None when the user cancels."""
    texts = _Texts()
    chosen, selected = QFileDialog.getSaveFileName(parent, texts.save_title(), suggested, texts.filters())
    if not chosen:
        return None
    if not chosen.lower().endswith((".xlsx", ".csv")):
        chosen += ".csv" if "csv" in selected else ".xlsx"
    return chosen


def _run_export(
    ctx: AppContext,
    target: str,
    write: Callable[[Any], int],
    on_done: Callable[[str], None] | None,
    on_error: Callable[[str], None] | None,
) -> None:
    """Run ``write(session)`` on the task pool; say how many rows went where, or why none did."""
    texts, store = _Texts(), ctx.store

    def work(_progress: Any, _cancel: CancelToken) -> int:
        with store.session(write=False) as session:
            return write(session)

    def finished(rows: int) -> None:
        if on_done is not None:
            on_done(texts.done(rows, target))

    def failed(exc: BaseException) -> None:
        message = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        report = on_error if on_error is not None else on_done
        if report is not None:
            report(message)

    ctx.tasks.start(work, on_done=finished, on_error=failed)


def export_list(
    ctx: AppContext,
    parent: QWidget | None,
    kind: str,
    *,
    text: str | None = None,
    filters: Mapping[str, Any] | None = None,
    order_by: str | None = None,
    descending: bool | None = None,
    visible: Sequence[str] | None = None,
    path: str | Path | None = None,
    on_done: Callable[[str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> None:
    """Export ``kind`` with the import headings (it imports back unchanged); ``on_done`` gets the message."""
    target = str(path) if path is not None else choose_export_path(parent)
    if target is None:
        return

    def write(session: Any) -> int:
        from workbench.io.export import export_list as write_list

        return write_list(
            session,
            kind,
            target,
            text=text,
            filters=filters,
            order_by=order_by,
            descending=descending,
            visible=visible,
        )

    _run_export(ctx, target, write, on_done, on_error)


@dataclass(frozen=True)
class ShownList:
    """A list as its screen shows it: visible columns in screen order, filter text, filters and order."""

    kind: str
    headings: list[str]
    cells: list[Callable[[Any, Any], str]]
    numeric: list[bool]
    related: Callable[[Any, list[Any]], Any] | None
    query: dict[str, Any]


def export_shown(
    ctx: AppContext,
    parent: QWidget | None,
    shown: ShownList,
    *,
    path: str | Path | None = None,
    on_done: Callable[[str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> None:
    """Export every record the list matches, with exactly the columns and order it shows."""
    target = str(path) if path is not None else choose_export_path(parent)
    if target is None:
        return

    def write(session: Any) -> int:
        from workbench.io.export import export_shown as write_shown

        return write_shown(
            session,
            shown.kind,
            target,
            shown.headings,
            shown.cells,
            numeric=shown.numeric,
            related=shown.related,
            **shown.query,
        )

    _run_export(ctx, target, write, on_done, on_error)


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


class PeriodReportDialog(QDialog):
    """From and to dates, then the workbook for the district's review."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("periodReportDialog")
        self.setWindowTitle(self.tr("期间工作报表"))
        # The current month of the app's clock (in demo mode, the demo data's own month).
        first, last = month_of(today or ctx.clock.today())
        self.start = QDateEdit(QDate(first.year, first.month, first.day))
        self.end = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.message = QLabel(self.tr("走访、需求、对接、合同、到账和奖励申请，每类一张表，并附汇总。"))
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.choose_file)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("开始日期"), self.start)
        form.addRow(self.tr("结束日期"), self.end)
        form.addRow(self.message)
        form.addRow(buttons)
        self.saved: Path | None = None

    def choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存报表"), "", self.tr("Excel 表格 (*.xlsx)"))
        if name:
            self.write(name if name.lower().endswith(".xlsx") else name + ".xlsx")

    def write(self, path: str | Path) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        store, target = self.ctx.store, Path(path)
        self.message.setText(self.tr("正在生成报表…"))

        def work(_progress: Any, _cancel: CancelToken) -> dict[str, int]:
            from workbench.io.report import period_report

            with store.session() as session:
                return period_report(session, start, end, target)  # type: ignore[arg-type]

        def finished(_counts: dict[str, int]) -> None:
            self.saved = target
            self.message.setText(self.tr("报表已保存：%1").replace("%1", str(target)))

        def failed(exc: BaseException) -> None:
            self.message.setText(exc.message if isinstance(exc, WorkbenchError) else str(exc))

        self.ctx.tasks.start(work, on_done=finished, on_error=failed)
