"""Claim preview dialog (pages, zoom, print, save) and the batch PDF job with progress and cancel."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.workbench.claim_samples import normal_claim
from ui import claim_preview
from ui.claim_preview import (
    ZOOM_MAX,
    BatchPdfJob,
    ClaimPreviewDialog,
    open_claim_preview,
    run_batch_export,
    screenshot_dialog,
)
from ui.context import AppContext
from workbench.claimdoc import build_claim_document
from workbench.pdf import render_claim_pdf
from workbench.services import BROKERS, CLAIMS
from workbench.services.claim_archive import ExportResult, submit_with_archive
from workbench.services.policies import sync_default_policies
from workbench.store import Store


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    store = Store.open(tmp_path_factory.mktemp("preview") / "claims.db", key=bytes(32))
    with store.session() as s:
        sync_default_policies(s)
        claim_id = normal_claim(s).claim_id
    with store.session() as s:
        data = render_claim_pdf(build_claim_document(s, claim_id))
    store.close()
    return data


@pytest.fixture
def dialog(qtbot: QtBot, pdf: bytes) -> ClaimPreviewDialog:
    dlg = ClaimPreviewDialog(pdf, "ZHENHAI-2026-0001")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_page_navigation_says_page_x_of_y(dialog: ClaimPreviewDialog) -> None:
    assert dialog.page_count == 3 and dialog.current_page == 0
    assert dialog.page_label.text() == "第 1 页，共 3 页"
    assert not dialog.actions_by_name["previous"].isEnabled()
    dialog.actions_by_name["next"].trigger()
    assert dialog.current_page == 1 and dialog.page_label.text() == "第 2 页，共 3 页"
    dialog.go_to_page(99)  # past the end stays on the last page
    assert dialog.current_page == 2 and dialog.page_label.text() == "第 3 页，共 3 页"
    assert not dialog.actions_by_name["next"].isEnabled()
    dialog.actions_by_name["previous"].trigger()
    assert dialog.current_page == 1 and dialog.actions_by_name["previous"].isEnabled()


def test_zoom_in_out_and_fit(dialog: ClaimPreviewDialog) -> None:
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.actions_by_name["fit_width"].isChecked() and dialog.zoom_label.text() == ""
    dialog.view.setZoomFactor(1.0)
    dialog.actions_by_name["zoom_in"].trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(1.25) and dialog.zoom_label.text() == "125%"
    assert not dialog.actions_by_name["fit_width"].isChecked()
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.view.zoomFactor() == pytest.approx(0.8) and dialog.zoom_label.text() == "80%"
    for _ in range(20):
        dialog.zoom_in()
    assert dialog.view.zoomFactor() == pytest.approx(ZOOM_MAX)
    dialog.actions_by_name["fit_page"].trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert (
        dialog.actions_by_name["fit_page"].isChecked() and not dialog.actions_by_name["fit_width"].isChecked()
    )


def test_save_as_pdf_writes_the_identical_bytes(
    dialog: ClaimPreviewDialog, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "申请表"  # the user typed no extension
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    saved = dialog.save_with_dialog()
    assert saved == tmp_path / "申请表.pdf" and saved.read_bytes() == pdf
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert dialog.save_with_dialog() is None  # cancelled: nothing written


def test_pages_render_on_white(dialog: ClaimPreviewDialog) -> None:
    image = dialog.page_image(0, QSize(298, 421))
    assert image.size() == QSize(298, 421)
    assert image.pixelColor(2, 2).name() == "#ffffff"  # pdfium leaves it transparent; we fill white


def test_print_goes_through_the_print_dialog_to_the_printer(
    dialog: ClaimPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "printed.pdf"

    class AcceptingPrintDialog:
        """Stands in for the system dialog: the user picks "print to file" and presses Print."""

        def __init__(self, printer: QPrinter, _parent: QWidget) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))
            printer.setResolution(72)  # keeps the test quick; real printers use their own resolution

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(claim_preview, "QPrintDialog", AcceptingPrintDialog)
    dialog.actions_by_name["print"].trigger()
    assert len(PdfReader(target).pages) == 3


def test_a_high_resolution_printer_gets_pages_of_bounded_size(
    dialog: ClaimPreviewDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "hires.pdf"))
    printer.setResolution(1200)
    sizes: list[QSize] = []
    render = dialog.page_image

    def recording(page: int, size: QSize) -> QImage:
        sizes.append(size)
        return render(page, QSize(8, 8))  # the content is not the point here; keep the test light

    monkeypatch.setattr(dialog, "page_image", recording)
    dialog.print_to(printer)
    assert len(sizes) == 3
    # An A4 page (8.27 in wide) at no more than 600 dpi, where 1200 dpi would be twice as wide.
    assert all(4000 < s.width() <= 8.27 * claim_preview.PRINT_DPI_MAX + 1 for s in sizes)
    assert len(PdfReader(tmp_path / "hires.pdf").pages) == 3


def test_opening_a_submitted_claim_shows_its_archive(qtbot: QtBot, store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
        submit_with_archive(s, sample.claim_id)
        archived = CLAIMS.get(s, sample.claim_id).pdf_bytes
    dlg = open_claim_preview(store, sample.claim_no)
    qtbot.addWidget(dlg)
    assert dlg.pdf_bytes == archived and dlg.windowTitle() == "ZHENHAI-2026-0001"


def test_characters_the_font_lacks_are_named_above_the_preview(qtbot: QtBot, store: Store) -> None:
    with store.session() as s:
        sample = normal_claim(s)
    plain = open_claim_preview(store, sample.claim_id)
    with store.session() as s:
        BROKERS.update(s, sample.broker_id, {"name": "刘䶮"})  # 䶮: a name character the font lacks
    qtbot.addWidget(plain)
    assert plain.notice_label.isHidden()  # nothing to say about a form that prints in full

    dlg = open_claim_preview(store, sample.claim_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.notice_label.isVisible()
    assert "“刘䶮”中的“䶮”（U+4DAE）" in dlg.notice_label.text() and "〓" in dlg.notice_label.text()
    assert "刘〓" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(dlg.pdf_bytes)).pages)


def _two_claims(store: Store) -> list[str]:
    """The original (submitted, rejected: archived) and its amendment (a draft, rendered fresh)."""
    with store.session() as s:
        sample = normal_claim(s)
        submit_with_archive(s, sample.claim_id)
        CLAIMS.reject(s, sample.claim_id, reason="补充材料")
        return [sample.claim_id, CLAIMS.amend(s, sample.claim_id).id]


def test_batch_job_writes_every_claim_off_the_ui_thread(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ids = _two_claims(store)
    job = BatchPdfJob(store, ids, tmp_path / "out")
    steps: list[tuple[int, int, str]] = []
    job.progress.connect(lambda done, total, no: steps.append((done, total, no)))
    with qtbot.waitSignal(job.finished, timeout=20000) as finished:
        job.start()
    result: ExportResult = finished.args[0]
    assert [p.name for p in result.written] == ["ZHENHAI-2026-0001.pdf", "ZHENHAI-2026-0001-R2.pdf"]
    assert not result.cancelled and result.failed == ()
    qtbot.waitUntil(lambda: len(steps) == 2)
    assert steps == [(1, 2, "ZHENHAI-2026-0001"), (2, 2, "ZHENHAI-2026-0001-R2")]


def test_batch_job_cancel_stops_after_the_current_claim(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ids = _two_claims(store)
    job = BatchPdfJob(store, ids, tmp_path / "out")
    # Cancelling from the worker's own progress report makes the timing certain: it stops after claim 1.
    job.progress.connect(job.cancel, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(job.finished, timeout=20000) as finished:
        job.start()
    result: ExportResult = finished.args[0]
    assert result.cancelled and [p.name for p in result.written] == ["ZHENHAI-2026-0001.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ZHENHAI-2026-0001.pdf"]


def test_progress_dialog_cancel_button_stops_the_batch(
    qtbot: QtBot, qapp: QApplication, store: Store, tmp_path: Path
) -> None:
    ids = _two_claims(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    # The only pool thread is held until the button is clicked, so the click always comes first.
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    gate = threading.Event()
    pool.start(lambda: gate.wait(20))
    job, progress = run_batch_export(store, ids, tmp_path / "out", parent, pool=pool)
    assert progress.isVisible() and progress.maximum() == 2
    cancel_button = progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "取消"
    QTest.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(job.finished, timeout=20000) as finished:
        gate.set()
    result: ExportResult = finished.args[0]
    assert job.cancelled and result.cancelled and len(result.written) == 1
    summary: Any = None

    def summary_shown() -> bool:
        nonlocal summary
        summary = parent.findChild(QMessageBox, "batchSummary")
        return summary is not None and summary.isVisible()

    qtbot.waitUntil(summary_shown)
    assert "已生成 1 份申请表" in summary.text() and "已取消" in summary.text()
    assert not progress.isVisible()
    summary.close()


def test_screenshot_hook_previews_the_first_printable_claim(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        normal_claim(s)
    parent = QWidget()
    qtbot.addWidget(parent)
    dlg = screenshot_dialog(ctx, parent)
    assert dlg.windowTitle() == "ZHENHAI-2026-0001" and dlg.page_count == 3
