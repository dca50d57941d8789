"""Claim form preview (QtPdf, from memory), printing, saving, and batch PDF export off the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QPointF,
    QRect,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.tasks import CancelToken, Task, TaskRunner
from workbench.errors import WorkbenchError
from workbench.queries.claims import claim_ids_by_number
from workbench.services.claim_archive import ExportResult, PrintedForm, export_claim_pdfs, printed_form
from workbench.store import Store

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0
POINTS_PER_INCH = 72.0


PRINT_DPI_MAX = 600  # pages are sent to the printer as images of at most this resolution


class PdfPreviewError(WorkbenchError):
    """The PDF bytes could not be opened for preview (never expected for our own documents)."""


class ClaimPreviewDialog(QDialog):
    """Shows a claim form PDF held in memory: zoom, page navigation, print, and save as PDF.

    The bytes shown are the bytes saved: a submitted claim's archive, byte for byte, never a re-render.
    """

    def __init__(
        self, pdf_bytes: bytes, title: str, parent: QWidget | None = None, *, notice: str = ""
    ) -> None:
        super().__init__(parent)
        self.pdf_bytes = bytes(pdf_bytes)
        self.setWindowTitle(title)
        self.suggested_name = title
        # QPdfDocument reads from the device while it is open, so the buffer lives as long as the dialog.
        self._data = QByteArray(self.pdf_bytes)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise PdfPreviewError(self.tr("无法打开申请表 PDF"))

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.navigator = self.view.pageNavigator()

        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        toolbar = QToolBar(self)
        self.actions_by_name: dict[str, QAction] = {}
        self._add_action(
            toolbar,
            "previous",
            self.tr("上一页"),
            self.previous_page,
            QKeySequence.StandardKey.MoveToPreviousPage,
        )
        toolbar.addWidget(self.page_label)
        self._add_action(
            toolbar, "next", self.tr("下一页"), self.next_page, QKeySequence.StandardKey.MoveToNextPage
        )
        toolbar.addSeparator()
        self._add_action(
            toolbar, "zoom_out", self.tr("缩小"), self.zoom_out, QKeySequence.StandardKey.ZoomOut
        )
        toolbar.addWidget(self.zoom_label)
        self._add_action(toolbar, "zoom_in", self.tr("放大"), self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._add_action(toolbar, "fit_width", self.tr("适合宽度"), self.fit_width)
        self._add_action(toolbar, "fit_page", self.tr("整页"), self.fit_page)
        for name in ("fit_width", "fit_page"):
            self.actions_by_name[name].setCheckable(True)
        toolbar.addSeparator()
        self._add_action(
            toolbar, "print", self.tr("打印…"), self.print_with_dialog, QKeySequence.StandardKey.Print
        )
        self._add_action(
            toolbar, "save", self.tr("另存为 PDF…"), self.save_with_dialog, QKeySequence.StandardKey.Save
        )

        # What the printout will lack (characters the font cannot print), said before anyone prints.
        self.notice_label = QLabel(notice, self)
        self.notice_label.setObjectName("printNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_label.setStyleSheet(
            "QLabel#printNotice { background: #fff4ce; color: #5c4400; padding: 6px 10px;"
            " border-bottom: 1px solid #e0c97a; }"
        )
        self.notice_label.setVisible(bool(notice))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.view, 1)

        self.navigator.currentPageChanged.connect(self._update_page_label)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)
        self.view.zoomModeChanged.connect(self._update_zoom_label)
        self.fit_width()
        self._update_page_label()
        self.resize(900, 1000)

    def _add_action(
        self,
        toolbar: QToolBar,
        name: str,
        text: str,
        slot: object,
        shortcut: QKeySequence.StandardKey | None = None,
    ) -> None:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        toolbar.addAction(action)
        self.actions_by_name[name] = action

    # -- pages ---------------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    @property
    def current_page(self) -> int:
        return int(self.navigator.currentPage())

    def go_to_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count - 1))
        self.navigator.jump(page, QPointF(), self.navigator.currentZoom())
        self._update_page_label()

    def next_page(self) -> None:
        self.go_to_page(self.current_page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page - 1)

    def _update_page_label(self) -> None:
        page = self.current_page
        self.page_label.setText(self.tr("第 {0} 页，共 {1} 页").format(page + 1, self.page_count))
        self.actions_by_name["previous"].setEnabled(page > 0)
        self.actions_by_name["next"].setEnabled(page < self.page_count - 1)

    # -- zoom ----------------------------------------------------------------------------------------

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
        self._update_zoom_label()

    def zoom_in(self) -> None:
        self._set_zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        # In the fit modes the checked action says how the page is shown; a percentage would be stale.
        mode = self.view.zoomMode()
        self.actions_by_name["fit_width"].setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.actions_by_name["fit_page"].setChecked(mode == QPdfView.ZoomMode.FitInView)
        custom = mode == QPdfView.ZoomMode.Custom
        self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)}%" if custom else "")

    # -- print and save ------------------------------------------------------------------------------

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印申请表"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Draw every page, scaled to the printable area, as an opaque image (pdfium renders with a
        transparent background, which some printer drivers turn black).
        """
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("无法打印"), self.tr("打印机无法开始打印，请检查打印机设置。"))
            return
        try:
            dpi = printer.resolution()
            area = printer.pageLayout().paintRectPixels(dpi)
            # A 1200 dpi printer would want a 560 MB image per A4 page; 600 dpi is sharper than the
            # smallest print on the form needs, and the painter scales it up.
            raster = min(1.0, PRINT_DPI_MAX / dpi)
            for page in range(self.page_count):
                if page:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                scale = min(area.width() / size.width(), area.height() / size.height())
                placed = QSize(round(size.width() * scale), round(size.height() * scale))
                image = self.page_image(page, placed * raster)
                x = (area.width() - placed.width()) // 2
                painter.drawImage(QRect(x, 0, placed.width(), placed.height()), image)
        finally:
            painter.end()

    def page_image(self, page: int, size: QSize) -> QImage:
        """One page rendered at ``size`` on white (the renderer leaves the background transparent)."""
        rendered = self.document.render(page, size)
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.drawImage(0, 0, rendered)
        painter.end()
        return image

    def save_with_dialog(self) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), f"{self.suggested_name}.pdf", self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            self.save_to(target)
        except OSError as exc:
            QMessageBox.warning(
                self, self.tr("无法保存"), self.tr("无法写入 {0}：{1}").format(target, exc.strerror or exc)
            )
            return None
        return target

    def save_to(self, path: Path) -> None:
        """Write the exact bytes shown (an archived form stays identical to the one submitted)."""
        path.write_bytes(self.pdf_bytes)


def open_claim_preview(store: Store, claim_id: str, parent: QWidget | None = None) -> ClaimPreviewDialog:
    """The preview of one claim: its archived form if submitted, else the form as the data say now."""
    with store.session(write=False) as session:
        form = printed_form(session, claim_id)
    return preview_dialog(form, parent)


def preview_dialog(form: PrintedForm, parent: QWidget | None = None) -> ClaimPreviewDialog:
    """A preview window for a form read from the store (on any thread), closed and deleted as one."""
    dialog = ClaimPreviewDialog(form.pdf, form.claim_no, parent, notice=form.notice)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def screenshot_dialog(ctx: AppContext, parent: QWidget) -> ClaimPreviewDialog:
    """For ``ui.screenshots``: the preview of the first claim of the data file whose form can be printed."""
    with ctx.store.session(write=False) as session:
        ids = claim_ids_by_number(session)
    for claim_id in ids:
        try:
            return open_claim_preview(ctx.store, claim_id, parent)
        except WorkbenchError:
            continue  # a draft with missing fields: try the next one
    raise PdfPreviewError(QCoreApplication.translate("ClaimPreviewDialog", "没有可预览的奖励申请"))


# -- batch export ------------------------------------------------------------------------------------


class BatchPdfJob(QObject):
    """Writes the forms of the given claims into a folder on a pool thread, one file per claim.

    ``progress(done, total, claim_no)`` after each claim; ``finished(ExportResult)`` or ``failed(str)``
    once. ``cancel()`` stops after the claim being written (files already written stay).
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        claim_ids: Sequence[str],
        directory: Path,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.claim_ids = list(claim_ids)
        self.directory = Path(directory)
        self.tasks = TaskRunner(pool=pool or QThreadPool.globalInstance())
        self._cancel = CancelToken()
        self._task: Task | None = None

    def start(self) -> None:
        store, ids, directory, report = self.store, self.claim_ids, self.directory, self._report

        def work(_progress: object, _cancel: CancelToken) -> ExportResult:
            with store.session(write=False) as session:
                return export_claim_pdfs(session, ids, directory, progress=report)

        self._task = self.tasks.start(work, on_done=self.finished.emit, on_error=self._failed)

    def cancel(self) -> None:
        self._cancel.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.cancelled

    def wait(self, seconds: float = 30.0) -> bool:
        return self._task is not None and self._task.finished.wait(seconds)

    def _report(self, done: int, total: int, claim_no: str) -> bool:
        # Runs on the pool thread, so a receiver connected directly can stop the batch before the next
        # claim; receivers on the UI thread get it queued.
        self.progress.emit(done, total, claim_no)
        return not self._cancel.cancelled

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbenchError):
            self.failed.emit(exc.message)
        else:  # the runner has logged it with its traceback
            self.failed.emit(
                QCoreApplication.translate("BatchPdfJob", "生成申请表时出现意外错误，详细信息已写入日志。")
            )


def run_batch_export(
    store: Store,
    claim_ids: Sequence[str],
    directory: Path,
    parent: QWidget | None = None,
    *,
    pool: QThreadPool | None = None,
) -> tuple[BatchPdfJob, QProgressDialog]:
    """Start a batch export with a progress dialog whose Cancel button stops it; a summary follows."""
    translate = QCoreApplication.translate
    total = len(claim_ids)
    dialog = QProgressDialog(
        translate("BatchPdfJob", "正在生成申请表…"), translate("BatchPdfJob", "取消"), 0, total, parent
    )
    dialog.setWindowTitle(translate("BatchPdfJob", "批量生成申请表"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = BatchPdfJob(store, claim_ids, directory, dialog, pool=pool)

    def on_progress(done: int, count: int, claim_no: str) -> None:
        dialog.setValue(done)
        dialog.setLabelText(translate("BatchPdfJob", "已生成 {0}/{1}：{2}").format(done, count, claim_no))

    def on_finished(result: ExportResult) -> None:
        dialog.close()
        lines = [
            translate("BatchPdfJob", "已生成 {0} 份申请表，保存在 {1}。").format(
                len(result.written), directory
            )
        ]
        if result.cancelled:
            lines.append(translate("BatchPdfJob", "已取消，其余申请未生成。"))
        if result.failed:
            lines.append(translate("BatchPdfJob", "以下申请缺少资料，未生成："))
            lines += [f"{claim_no}：{why}" for claim_no, why in result.failed]
        if result.notices:
            lines.append(translate("BatchPdfJob", "以下申请表打印后需手写补全个别字符："))
            lines += [f"{claim_no}：{notice}" for claim_no, notice in result.notices]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("BatchPdfJob", "批量生成申请表"),
            "\n".join(lines),
            parent=parent,
        )
        box.setObjectName("batchSummary")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def on_failed(message: str) -> None:
        dialog.close()
        box = QMessageBox(
            QMessageBox.Icon.Warning, translate("BatchPdfJob", "批量生成申请表"), message, parent=parent
        )
        box.setObjectName("batchFailure")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    job.progress.connect(on_progress)
    job.finished.connect(on_finished)
    job.failed.connect(on_failed)
    dialog.canceled.connect(job.cancel)
    dialog.show()
    job.start()
    return job, dialog
