"""Labels of Qt's own dialogs that the Simplified Chinese catalogue shipped with Qt lacks.

Qt 6 reworded a few labels of its file and print dialogs ("&Look in:" was "Look in:"), and the
``qtbase_zh_CN.qm`` that comes with PySide6 holds only the old wording: the file dialog of every import,
export and save said "Look in:" and "Files of type:" in English amid Chinese. They are translated here,
in Qt's own contexts (the dialog's class or form) and with Qt's own Chinese for the old wording, and reach
the dialogs through the app's translator, which Qt consults after its own. ``tests/ui/test_translations.py``
opens the dialogs and finds every label in Chinese.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

# Only marked for lupdate, which files them under the context given; nothing calls them at run time.
QT_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Page &Set:"),
)
# Their source text is Qt's English: the Chinese catalogue translates them, the English one keeps them.
QT_CONTEXTS = frozenset({"QFileDialog", "QPrintSettingsOutput"})
