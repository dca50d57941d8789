"""``broker-workbench --self-test``: does this installation work? Checked end to end, in a throw-away folder.

Made for the packaged app (``scripts/build_app.py`` runs it on the frozen build), where a missing data
file, hidden import or Qt plugin only shows when the code that needs it runs. It opens an encrypted store
in a temporary data directory (migrations, search index), fills it with a small demo, renders a claim
PDF and reads it back with QtPdf, shows the main window offscreen, and goes through every workspace.
It prints one line per step and exits 0; on any failure it prints what failed and exits 1.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

# Qt messages that say nothing about this installation (the offscreen platform's known limitations).
_HARMLESS = ("propagateSizeHints",)


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step; 0 when all passed, 1 otherwise (the failure is printed to stderr)."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists: no screen needed
    qt_problems: list[str] = []
    started = time.perf_counter()

    def step(name: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        result = fn()
        print(f"ok  {name} ({time.perf_counter() - t0:.2f} s)", file=out, flush=True)
        return result

    try:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        def on_qt_message(kind: QtMsgType, _context: Any, message: str) -> None:
            if kind in {QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg} or (
                kind == QtMsgType.QtWarningMsg and not any(h in message for h in _HARMLESS)
            ):
                qt_problems.append(message)

        qInstallMessageHandler(on_qt_message)
        with tempfile.TemporaryDirectory(prefix="workbench-self-test-") as tmp:
            _steps(Path(tmp), step)
        if qt_problems:
            raise RuntimeError("Qt reported problems:\n" + "\n".join(qt_problems))
    except BaseException as exc:  # whatever broke, the report must say it
        if isinstance(exc, KeyboardInterrupt):
            raise
        print("self-test FAILED", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return 1
    print(f"self-test passed ({time.perf_counter() - started:.1f} s)", file=out, flush=True)
    return 0


def _steps(tmp: Path, step: Callable[[str, Callable[[], Any]], Any]) -> None:
    from workbench.paths import default_paths
    from workbench.store import Store

    paths = default_paths(data_dir=tmp).ensure()

    def open_store() -> Store:
        from workbench.services.policies import sync_default_policies

        store = Store.open(paths.db, key=secrets.token_bytes(32), backup_dir=paths.backup_dir)
        with store.session(actor="self-test") as session:
            sync_default_policies(session)
        return store

    store = step("open an encrypted data file (migrations, policies)", open_store)
    try:
        step("fill it with a small demo (services, search index, word tables)", lambda: _demo(store))
        step("build index rows in the import's worker process", _index_worker)
        pdf = step("render a claim form as PDF", lambda: _claim_pdf(store))
        step("read the PDF back with QtPdf", lambda: _read_pdf(pdf, tmp))
        step("show the main window and every workspace (offscreen)", lambda: _main_window(store, paths))
        step("back up and check the data file", lambda: _backup(store))
    finally:
        store.close(backup=False)


def _demo(store: Any) -> None:
    from workbench import demo

    demo.generate(store, technologies=demo.MIN_TECHNOLOGIES, enterprises=demo.MIN_ENTERPRISES)


def _index_worker() -> None:
    """A big import segments words in a second process; a frozen build must be able to start it."""
    from workbench.search import docs
    from workbench.search.pool import DocWorker

    item: docs.TechInput = ("碳纤维复合材料", ["碳纤维"], "一种碳纤维增强复合材料的制备方法", None, None, [])
    worker = DocWorker(parallel=True)
    try:
        pending = worker.technologies([item])
        if pending.future is None:
            raise RuntimeError("the index worker did not start")
        got = pending.future.result(timeout=120)  # not result(): that would quietly build it here instead
    finally:
        worker.close()
    if got != docs.technology_batch([item]):
        raise RuntimeError("the index worker built different index rows")


def _claim_pdf(store: Any) -> bytes:
    from workbench.services import CLAIMS
    from workbench.services.claim_archive import printed_form

    with store.session(write=False) as session:
        first = CLAIMS.list(session, order_by="claim_no", limit=1).rows
        if not first:
            raise RuntimeError("the demo made no claim")
        pdf: bytes = printed_form(session, first[0].id).pdf
    if not pdf.startswith(b"%PDF") or len(pdf) < 10_000:
        raise RuntimeError(f"the claim PDF looks wrong ({len(pdf)} bytes)")
    return pdf


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from ui.fonts import register_bundled_font

    if not register_bundled_font(app):
        raise RuntimeError("the bundled CJK font was not found")
    return app


def _read_pdf(pdf: bytes, tmp: Path) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    _app()
    path = tmp / "claim.pdf"
    path.write_bytes(pdf)
    document = QPdfDocument()
    document.load(str(path))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise RuntimeError(f"QtPdf cannot read the claim PDF (status {document.status()})")
    image = document.render(0, QSize(595, 842))
    if image.isNull():
        raise RuntimeError("QtPdf rendered an empty page")
    document.close()


def _main_window(store: Any, paths: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.app import install_translators
    from ui.context import AppContext
    from ui.mainwindow import MainWindow

    app = _app()
    translators = install_translators(app, "zh_CN", paths.config_dir / "cache")
    ctx = AppContext.for_paths(store, paths, demo=True, actor="self-test")
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    try:
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            deadline = time.monotonic() + 0.3
            while time.monotonic() < deadline:
                QCoreApplication.processEvents()
        ctx.tasks.wait()
        QCoreApplication.processEvents()
        if not window.isVisible():
            raise RuntimeError("the main window did not show")
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
        for translator in translators:
            app.removeTranslator(translator)


def _backup(store: Any) -> None:
    made = Path(store.backup())
    if not made.exists():
        raise RuntimeError("the backup file is missing")
    problems = store.integrity_check()
    if problems:
        raise RuntimeError(f"integrity check: {problems}")
