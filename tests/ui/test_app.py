"""The desktop app opens on a data file: font, language, main window, status bar, remembered layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.workbench.factories import make_chain
from ui.app import choose_language, open_store, parse_args
from ui.context import AppContext
from ui.fonts import register_bundled_font
from ui.mainwindow import MainWindow
from workbench.paths import default_paths


def test_bundled_cjk_font_is_registered_and_used(qapp: QApplication) -> None:
    family = register_bundled_font(qapp)
    assert family == "WenQuanYi Micro Hei"
    assert qapp.font().family() == family


def test_language_defaults_to_chinese_unless_asked() -> None:
    assert choose_language("en") == "en"
    assert choose_language("zh_CN") == "zh_CN"
    assert choose_language(None) in {"zh_CN", "en"}


def test_data_dir_option_redirects_everything(tmp_path: Path) -> None:
    args = parse_args(["--data-dir", str(tmp_path), "--demo"])
    paths = default_paths(data_dir=args.data_dir, demo=args.demo)
    assert paths.db == tmp_path.resolve() / "demo" / "workbench.db"
    assert paths.log_dir.is_relative_to(tmp_path.resolve())


def test_main_window_opens_on_the_store_and_remembers_its_layout(qtbot: QtBot, tmp_path: Path) -> None:
    paths = default_paths(data_dir=tmp_path).ensure()
    store = open_store(paths, demo=False, create=True)
    with store.session() as s:
        make_chain(s)

    def context() -> AppContext:
        return AppContext.for_paths(store, paths)

    window = MainWindow(context())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The status bar fills in just after the first paint.
    qtbot.waitUntil(lambda: "企业 1" in window.counts_label.text() and "合同 1" in window.counts_label.text())
    assert str(paths.db) in window.data_label.text()
    assert window.protection_label.text().startswith("已加密")
    assert window.backup_label.text() in {"尚无备份"} or window.backup_label.text().startswith("最近备份")
    window.resize(700, 500)  # within the offscreen screen, which is 800×600
    left = (window.width(), window.height())
    window.close()
    again = MainWindow(context())
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == left
    again.close()
    store.close()
