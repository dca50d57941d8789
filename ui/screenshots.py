"""Render every workspace and the main dialogs with demo data to PNG files, offscreen, for review.

Usage: ``python -m ui.screenshots OUTDIR [--lang zh_CN|en] [--size 1440x900 ...]``; each size goes to its own
sub-folder (``OUTDIR/1440x900/01-today.png``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ui.app import install_translators
from ui.context import AppContext
from ui.fonts import register_bundled_font
from ui.mainwindow import MainWindow, workspace_registry
from ui.preferences import WindowState
from workbench.paths import default_paths
from workbench.store import Store

SIZES: tuple[tuple[int, int], ...] = ((1440, 900), (1280, 800))


def settle(ctx: AppContext, msecs: int = 400) -> None:
    """Let background loads finish and the event loop paint before grabbing."""
    deadline = time.monotonic() + msecs / 1000
    while True:
        QCoreApplication.processEvents()
        ctx.tasks.wait(50)
        if time.monotonic() >= deadline:
            break
    QCoreApplication.processEvents()


def grab(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def dialogs(ctx: AppContext, window: MainWindow) -> list[tuple[str, Callable[[], QDialog | QWidget]]]:
    """The main dialogs, each built ready to be photographed (some with typed input or errors)."""
    from ui.forms import EntityFormDialog
    from ui.workspaces.enterprises import enterprise_fields
    from workbench.services import ENTERPRISES

    def enterprise_form_with_error() -> QDialog:
        dialog = EntityFormDialog(
            ctx,
            ENTERPRISES,
            enterprise_fields(),
            title=QCoreApplication.translate("Screenshots", "新建企业"),
            initial={"engineering_centre": "none"},
            parent=window,
        )
        dialog.rows["name"].set_value("宁波示例新材料有限公司")
        dialog.rows["uscc"].set_value("91330211ABC")
        dialog.save()
        dialog.confirm_leave = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
        return dialog

    def enterprise_form_existing() -> QDialog:
        with ctx.store.session(write=False) as session:
            first = [r.id for r in ENTERPRISES.list(session, limit=1).rows]
        dialog = EntityFormDialog(
            ctx,
            ENTERPRISES,
            enterprise_fields(),
            title=QCoreApplication.translate("Screenshots", "编辑企业"),
            record_id=first[0] if first else None,
            parent=window,
        )
        return dialog

    from ui.about import AboutDialog, ShortcutsDialog

    found: list[tuple[str, Callable[[], QDialog | QWidget]]] = [
        ("enterprise-form-error", enterprise_form_with_error),
        ("enterprise-form", enterprise_form_existing),
        ("about", lambda: AboutDialog(window)),
        ("shortcuts", lambda: ShortcutsDialog(window.shortcut_rows(), window)),
    ]
    hooks = (
        ("ui.visit_entry", "visit-entry", "screenshot_dialog"),
        ("ui.claim_preview", "claim-preview", "screenshot_dialog"),
        ("ui.global_search", "global-search", "screenshot_dialog"),
    )
    for module, name, attr in hooks:
        if _has(module):
            factory = getattr(importlib.import_module(module), attr, None)
            if callable(factory):
                found.append((name, partial(factory, ctx, window)))
    return found


def _dialog_shots(ctx: AppContext, window: MainWindow, folder: Path) -> list[Path]:
    written = []
    for name, factory in dialogs(ctx, window):
        widget = factory()
        widget.show()
        settle(ctx)
        written.append(grab(widget, folder / f"dialog-{name}.png"))
        if isinstance(widget, QDialog):
            widget.done(0)
        widget.deleteLater()
    return written


def run(outdir: Path, lang: str, sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    register_bundled_font(app)
    with tempfile.TemporaryDirectory() as tmp:
        paths = default_paths(data_dir=tmp).ensure()
        install_translators(app, lang, paths.config_dir / "cache")
        from workbench.demo import generate
        from workbench.services.policies import sync_default_policies

        # A throwaway database: a random key that dies with the process, no keychain involved.
        store = Store.open(paths.db, key=os.urandom(32), backup_dir=paths.backup_dir)
        with store.session(write=False) as session:
            sync_default_policies(session)
        generate(store, technologies=600, enterprises=30, seed=2026)
        ctx = AppContext.for_paths(store, paths, demo=True)
        written = []
        for width, height in sizes:
            folder = outdir / f"{width}x{height}"
            folder.mkdir(parents=True, exist_ok=True)
            # Each size as a first start at that size: column widths and splitters remembered from the
            # previous size would show that size's layout, not this one's.
            ctx.state = WindowState(paths.config_dir / f"state-{width}x{height}")
            window = MainWindow(ctx)
            window.resize(width, height)
            window.show()
            for number, entry in enumerate(workspace_registry(), start=1):
                window.show_workspace(entry.key)
                settle(ctx)
                written.append(grab(window, folder / f"{number:02d}-{entry.key}.png"))
            if (width, height) == sizes[0]:
                written += _dialog_shots(ctx, window, folder)
            window.close()
            window.deleteLater()
        ctx.tasks.wait()
        store.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN")
    parser.add_argument("--size", action="append", help="WIDTHxHEIGHT; default 1440x900 and 1280x800")
    args = parser.parse_args(argv)
    sizes = SIZES
    if args.size:
        sizes = tuple((int(w), int(h)) for w, h in (s.lower().split("x") for s in args.size))
    for path in run(args.outdir, args.lang, sizes):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
