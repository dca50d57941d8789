"""Translation sources: complete, consistent with the code, and the English translator really applies."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import translations
from ui.context import AppContext
from workbench import i18n

# Qt's %1…%99 and %n, and str.format's {0} / {name}.
PLACEHOLDER = re.compile(r"%(?:\d{1,2}|n)|\{[^{}]*\}")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    finished: bool
    translations: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{path.name}: no <translation> in {name}"
            numerus = message.get("numerus") == "yes"
            texts = (
                tuple(f.text or "" for f in translation.iter("numerusform"))
                if numerus
                else (translation.text or "",)
            )
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    numerus=numerus,
                    # lupdate marks new and changed strings "unfinished"; "vanished"/"obsolete" are stale.
                    finished=translation.get("type") is None,
                    translations=texts,
                )
            )
    return messages


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", translations.LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    path = translations.ts_path(lang)
    messages = read_ts(path)
    assert messages, f"{path} has no messages"
    expected_forms = 1 if lang == "zh_CN" else 2  # Chinese has one plural form; English, singular and plural
    problems = []
    for m in messages:
        where = f"[{m.context}] {m.source!r}"
        if not m.finished:
            problems.append(f"{where}: unfinished")
        if m.numerus and len(m.translations) != expected_forms:
            problems.append(f"{where}: {len(m.translations)} plural forms, expected {expected_forms}")
        for text in m.translations:
            if not text.strip():
                problems.append(f"{where}: empty translation")
            elif _placeholders(text) != _placeholders(m.source):
                found, expected = _placeholders(text), _placeholders(m.source)
                problems.append(f"{where}: placeholders {found}, but the source has {expected}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_chinese_translations_are_the_source_text() -> None:
    from ui.qt_strings import QT_CONTEXTS

    for m in read_ts(translations.ts_path("zh_CN")):
        if m.context in QT_CONTEXTS:  # Qt's own English labels, which the Chinese catalogue translates
            assert m.translations != (m.source,) and re.search("[\u4e00-\u9fff]", m.translations[0])
            continue
        assert set(m.translations) == {m.source}, f"[{m.context}] {m.source!r}"


def _english_labels(widget: Any) -> set[str]:
    """Visible texts of a dialog's labels and buttons that hold English words and no Chinese."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [w.text() for w in widget.findChildren(QLabel)] + [
        w.text() for w in widget.findChildren(QAbstractButton)
    ]
    return {t for t in texts if re.search("[A-Za-z]{3,}", t) and not re.search("[\u4e00-\u9fff]", t)}


def test_qt_file_and_print_dialogs_speak_chinese(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> None:
    """Qt's Chinese catalogue misses its dialogs' Qt 6 wording ("&Look in:"); the app's translator has it."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog

    from ui.app import install_translators

    installed = install_translators(qapp, "zh_CN", tmp_path / "cache")
    try:
        files = QFileDialog(None, "选择文件")
        files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(files)
        printer = QPrinter()
        printing = QPrintDialog(printer)
        qtbot.addWidget(printing)
        assert _english_labels(files) == set()
        assert _english_labels(printing) == set()
        from PySide6.QtWidgets import QLabel

        assert {"查找范围(&L)：", "文件类型(&T)："} <= {w.text() for w in files.findChildren(QLabel)}
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
            translator.deleteLater()


def test_english_and_chinese_files_list_the_same_strings() -> None:
    en = {m.key for m in read_ts(translations.ts_path("en"))}
    zh = {m.key for m in read_ts(translations.ts_path("zh_CN"))}
    assert en == zh


def test_translation_files_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    """A string added to the UI but not to the .ts files (``python -m ui.translations update``) fails."""
    try:
        lupdate = translations._tool("lupdate")
    except FileNotFoundError:
        pytest.skip("pyside6-lupdate is not installed, so the strings in the code cannot be extracted")
    committed = translations.ts_path("en")
    root = committed.parents[2]
    fresh = tmp_path / committed.name
    shutil.copyfile(committed, fresh)
    files = sorted(str(p) for d in translations.SOURCE_DIRS for p in (root / d).rglob("*.py"))
    options = ["-no-obsolete", "-source-language", "zh_CN", "-target-language", "en"]
    subprocess.run(
        [lupdate, *files, *options, "-ts", str(fresh)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    in_code = {m.key for m in read_ts(fresh)}
    in_file = {m.key for m in read_ts(committed)}
    hint = "run `python -m ui.translations update`, translate the new strings and compile"
    missing, stale = sorted(in_code - in_file), sorted(in_file - in_code)
    assert not missing, f"strings missing from {committed.name} ({hint}): {missing}"
    assert not stale, f"stale strings in {committed.name} ({hint}): {stale}"


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[list[QTranslator]]:
    """The English translators installed for one test; Chinese again afterwards, for the other tests."""
    from ui.app import install_translators

    installed = install_translators(qapp, "en", tmp_path / "cache")
    try:
        yield installed
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
            translator.deleteLater()
        i18n.set_language("zh_CN")


def test_english_translator_applies_to_the_main_window_and_a_list(
    qtbot: QtBot, ctx: AppContext, english: list[QTranslator]
) -> None:
    from ui.mainwindow import MainWindow
    from ui.workspaces.enterprises import EnterprisesWorkspace

    assert english, "the English translation could not be loaded"
    assert QCoreApplication.translate("MainWindow", "企业") == "Enterprises"

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[:2] == ["Today", "Enterprises"]
    assert "Settings" in titles
    assert window.windowTitle() == "Broker Workbench"

    ws = EnterprisesWorkspace(ctx)
    qtbot.addWidget(ws)
    headers = [
        ws.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(ws.model.columnCount())
    ]
    assert headers[:2] == ["Name", "USCC"]
    # Strings of the shared base class translate too, though the widget is a subclass of it.
    assert ws.new_button.text() == "New"
    assert ws.filter.placeholderText().startswith("Filter:")


def test_plural_strings_of_the_list_base_class_translate_in_subclasses(
    qtbot: QtBot, ctx: AppContext, english: list[QTranslator]
) -> None:
    from ui.workspaces.enterprises import EnterprisesWorkspace

    ws = EnterprisesWorkspace(ctx)
    qtbot.addWidget(ws)
    qtbot.waitUntil(lambda: ws.model.total is not None)
    assert ws.count.text() == "0 records"


def test_every_string_is_extracted_into_its_context() -> None:
    stray = [m for m in read_ts(translations.ts_path("en")) if not m.context]
    assert not stray, [(m.source, m.comment) for m in stray]
