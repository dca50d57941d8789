"""Export actions for the lists' toolbars and the Today workspace: a list as shown, and the period report.

A list's toolbar calls :func:`export_list` with its kind, filter text, filters, order and visible columns;
the Today workspace opens :class:`PeriodReportDialog`. Both write through ``workbench.io`` on the task pool
and say where the file went (or, in words, why it could not be written).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
) -> None:
    """Ask for a file (unless ``path`` is given) and export the list as shown; ``on_done`` gets the message."""
    texts = _Texts()
    if path is None:
        chosen, selected = QFileDialog.getSaveFileName(parent, texts.save_title(), "", texts.filters())
        if not chosen:
            return
        if not chosen.lower().endswith((".xlsx", ".csv")):
            chosen += ".csv" if "csv" in selected else ".xlsx"
        path = chosen
    target = str(path)
    store = ctx.store

    def work(_progress: Any, _cancel: CancelToken) -> int:
        from workbench.io.export import export_list as write

        with store.session() as session:
            return write(
                session,
                kind,
                target,
                text=text,
                filters=filters,
                order_by=order_by,
                descending=descending,
                visible=visible,
            )

    def finished(rows: int) -> None:
        if on_done is not None:
            on_done(texts.done(rows, target))

    def failed(exc: BaseException) -> None:
        if on_done is not None:
            on_done(exc.message if isinstance(exc, WorkbenchError) else str(exc))

    ctx.tasks.start(work, on_done=finished, on_error=failed)


class PeriodReportDialog(QDialog):
    """From and to dates, then the workbook for the district's review."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("期间工作报表"))
        today = today or date.today()
        self.start = QDateEdit(QDate(today.year, 1, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
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
