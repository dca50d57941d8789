"""Entity forms generated from the core's field catalogue, with the core's validation shown at the field.

The catalogue (``workbench.catalog``) says a field's label, kind, limits, help and whether it is
required; :func:`catalog_fields` turns an entity's fields into :class:`FieldDef` rows, and a screen adds
only :class:`Hint`s — which editor, where a reference's choices come from, a placeholder, a width.
Errors and warnings are placed by ``Issue.field``, never by reading the message text.

A refused save keeps everything typed; errors appear in red under their field, warnings in amber with a
one-click override; leaving with unsaved changes asks first. Widgets are plain Qt editors, so undo
(Ctrl+Z), input methods and the tab order (the order of the fields) work as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.editors import CheckList, CodePicker, DateEdit, ReferenceEdit, Source, enum_combo
from workbench import catalog
from workbench.catalog import schema as kinds
from workbench.enums import LabelledEnum
from workbench.errors import Issue, ValidationError, WorkbenchError
from workbench.money import format_yuan
from workbench.queries import Session
from workbench.services.base import EntityService, changes_in

__all__ = [
    "ERROR_STYLE",
    "WARNING_STYLE",
    "CheckList",
    "DateEdit",
    "EntityFormDialog",
    "FieldDef",
    "FieldRow",
    "FormResult",
    "Hint",
    "ReferenceEdit",
    "catalog_fields",
    "enum_combo",
    "form_field",
]

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #b26a00;"


@dataclass(frozen=True)
class FieldDef:
    """One form row: ``kind`` picks the editor; ``source`` lists reference choices as (id, label).

    Build them with :func:`catalog_fields`; writing one by hand is left for forms of things that are
    not catalogue entities.
    """

    key: str
    label: str
    # text, multiline, money, date, datetime, choice, multichoice, flag, reference, list, keywords
    kind: str = "text"
    required: bool = False
    choices: type[LabelledEnum] | None = None
    source: Source | None = None
    placeholder: str = ""
    help: str = ""
    width: int | None = None  # characters the editor should make room for
    options: Callable[[], list[tuple[str, str]]] | None = None  # (code, label) for a "code" editor


@dataclass(frozen=True)
class Hint:
    """What a screen adds to a catalogue field: nothing about the data, only how it is edited."""

    editor: str | None = None  # another editor than the kind's (patents are typed one a line)
    source: Source | None = None  # where a reference's choices come from
    placeholder: str | None = None  # instead of the catalogue's example
    width: int | None = None
    options: Callable[[], list[tuple[str, str]]] | None = None  # (code, label) for editor="code"


# The editor each catalogue kind gets unless a hint says otherwise.
_EDITORS = {
    kinds.PATENTS: "multiline",
    kinds.INT: "text",
    kinds.NUMBER: "text",
    kinds.PERCENT: "text",
    kinds.REFERENCES: "list",
}


def form_field(f: catalog.Field, hint: Hint | None = None) -> FieldDef:
    """One catalogue field as a form row: label with unit, asterisk, help with limits, example."""
    hint = hint or Hint()
    editor = hint.editor or _EDITORS.get(f.kind, f.kind)
    if editor == "reference" and hint.source is None:
        raise ValueError(f"{f.name}: a reference field needs a Hint(source=…) listing its choices")
    placeholder = hint.placeholder
    if placeholder is None:
        placeholder = f.example_text()
        if not placeholder and f.kind in {kinds.KEYWORDS, kinds.LIST}:
            placeholder = "，".join(f.limit_texts())  # "1–5 个，用逗号、顿号或空格分开"
    return FieldDef(
        key=f.name,
        label=f.heading(),
        kind=editor,
        required=f.must_fill,
        choices=f.enum,
        source=hint.source,
        placeholder=placeholder,
        help=f.help_text(),
        width=hint.width or f.width_hint,
        options=hint.options,
    )


def catalog_fields(
    kind: str,
    hints: Mapping[str, Hint] | None = None,
    *,
    only: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> list[FieldDef]:
    """The form rows of an entity, in catalogue order: every editable field, or those named in ``only``
    (in that order), less ``exclude``. A field added to the catalogue appears here with no change.
    """
    entry = catalog.entity(kind)
    chosen = [entry.field(name) for name in only] if only is not None else list(entry.editable())
    hints = hints or {}
    unknown = set(hints) - {f.name for f in chosen}
    if unknown:
        raise ValueError(f"hints for fields not on the {kind} form: {sorted(unknown)}")
    return [form_field(f, hints.get(f.name)) for f in chosen if f.name not in exclude]


class FieldRow:
    """The editor, its error line and how to read and write its value as the services expect it."""

    def __init__(self, ctx: AppContext, fd: FieldDef) -> None:
        self.fd = fd
        self.editor: QWidget
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName(f"error_{fd.key}")
        self.message.hide()
        self.on_change: Callable[[], None] = lambda: None
        kind = fd.kind
        if kind == "multiline":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(72)
            edit.textChanged.connect(lambda: self.on_change())  # noqa: PLW0108 - on_change is replaced later
            self.editor = edit
        elif kind == "date":
            d = DateEdit(today=ctx.clock.today)
            d.textEdited.connect(lambda _t: self.on_change())
            self.editor = d
        elif kind == "choice":
            assert fd.choices is not None
            combo = enum_combo(fd.choices, optional=not fd.required)
            combo.currentIndexChanged.connect(lambda _i: self.on_change())
            self.editor = combo
        elif kind == "multichoice":
            assert fd.choices is not None
            checks = CheckList(fd.choices)
            checks.toggled.connect(lambda: self.on_change())  # noqa: PLW0108 - on_change is replaced later
            self.editor = checks
        elif kind == "flag":
            box = QCheckBox()
            box.toggled.connect(lambda _b: self.on_change())
            self.editor = box
        elif kind == "code":
            assert fd.options is not None
            picker = CodePicker(fd.options())
            picker.currentTextChanged.connect(lambda _t: self.on_change())
            self.editor = picker
        elif kind == "reference":
            assert fd.source is not None
            ref = ReferenceEdit(ctx, fd.source)
            ref.textEdited.connect(lambda _t: self.on_change())
            self.editor = ref
        else:
            line = QLineEdit()
            line.textEdited.connect(lambda _t: self.on_change())
            if kind == "money":
                line.setAlignment(Qt.AlignmentFlag.AlignRight)
                line.setPlaceholderText(self.fd.placeholder or "0.00")
            elif kind == "datetime":
                line.setPlaceholderText(self.fd.placeholder or "2026-03-05 14:30")
            elif self.fd.placeholder:
                line.setPlaceholderText(self.fd.placeholder)
            self.editor = line
        self.editor.setObjectName(f"field_{fd.key}")
        if fd.help:
            self.editor.setToolTip(fd.help)
        if fd.width:
            metrics = self.editor.fontMetrics()
            self.editor.setMinimumWidth(metrics.averageCharWidth() * fd.width)

    def set_value(self, value: Any, label: str = "") -> None:
        w = self.editor
        blockers = [QSignalBlocker(w)]
        if isinstance(w, DateEdit):
            blockers.append(QSignalBlocker(w.line))
        kind = self.fd.kind
        if isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, DateEdit):
            w.setText(value.isoformat() if isinstance(value, date) else (value or ""))
        elif isinstance(w, CodePicker):
            w.set_code(value)
        elif isinstance(w, QComboBox):
            idx = w.findData(value)
            w.setCurrentIndex(max(idx, 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, CheckList):
            w.set_values(list(value or []))
        elif isinstance(w, ReferenceEdit):
            w.set_reference(value, label)
        elif isinstance(w, QLineEdit):
            if kind == "money":
                w.setText("" if value is None else format_yuan(int(value)))
            elif kind == "datetime" and isinstance(value, datetime):
                w.setText(value.astimezone().strftime("%Y-%m-%d %H:%M"))
            elif kind in {"list", "keywords"} and isinstance(value, list | tuple):
                w.setText("，".join(str(v) for v in value))
            else:
                w.setText("" if value is None else str(value))
        del blockers

    def value(self) -> Any:
        """The raw input, as typed; the core cleans and validates it."""
        w = self.editor
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, DateEdit):
            return w.text().strip() or None
        if isinstance(w, CodePicker):
            return w.code()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, CheckList):
            return w.values()
        if isinstance(w, ReferenceEdit):
            return w.reference()
        assert isinstance(w, QLineEdit)
        text = w.text().strip()
        if self.fd.kind in {"money", "datetime"}:
            return text or None
        return text

    def show_issue(self, issue: Issue | None) -> None:
        if issue is None:
            self.message.hide()
            self.message.clear()
            return
        self.message.setText(issue.message)
        self.message.setStyleSheet(ERROR_STYLE if issue.is_error else WARNING_STYLE)
        self.message.show()


@dataclass
class FormResult:
    record: Any = None
    created: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class EntityFormDialog(QDialog):
    """Create or edit one record of ``service`` through the fields in ``fields``."""

    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        service: EntityService[Any],
        fields: Sequence[FieldDef],
        *,
        title: str,
        record_id: str | None = None,
        initial: dict[str, Any] | None = None,
        labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service
        self.record_id = record_id
        self.setWindowTitle(title)
        self.setObjectName(f"form_{service.kind}")
        self.rows: dict[str, FieldRow] = {}
        self._dirty = False
        self._accept_warnings = False
        self.result_record: Any = None

        outer = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("formBanner")
        self.banner.hide()
        outer.addWidget(self.banner)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        form = QFormLayout()
        body_layout.addLayout(form)
        body_layout.addStretch(1)  # spare height goes below the last field, not into gaps between fields
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for fd in fields:
            row = FieldRow(ctx, fd)
            row.on_change = self._changed
            self.rows[fd.key] = row
            label = QLabel(fd.label + ("<span style='color:#c62828'> *</span>" if fd.required else ""))
            label.setBuddy(row.editor)
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.setAlignment(Qt.AlignmentFlag.AlignTop)  # beside its label, however tall the row
            cell_layout.addWidget(row.editor)
            cell_layout.addWidget(row.message)
            form.addRow(label, cell)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if save is not None:
            save.setText(self.tr("保存"))
        if cancel is not None:
            cancel.setText(self.tr("取消"))
        self.override = QPushButton(self.tr("忽略警告并保存"))
        self.override.setObjectName("overrideWarnings")
        self.buttons.addButton(self.override, QDialogButtonBox.ButtonRole.ActionRole)
        self.override.hide()  # after addButton, which shows the buttons it is given
        self.override.clicked.connect(self._save_anyway)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self._load(initial or {}, labels or {})
        self.resize(560, min(120 + 56 * len(fields), 760))

    def _load(self, initial: dict[str, Any], labels: dict[str, str]) -> None:
        values = dict(initial)
        if self.record_id:
            with self.ctx.store.session(write=False) as session:
                record = self.service.get(session, self.record_id)
                values = {**record.model_dump(), **self.extra_values(session, record), **values}
                labels = {**self.reference_labels(session, values), **labels}
        for key, row in self.rows.items():
            if key in values:
                row.set_value(values[key], labels.get(key, ""))
        self._dirty = False

    def extra_values(self, session: Session, record: Any) -> dict[str, Any]:
        """Values that are not columns of the record (e.g. patents); override per form."""
        return {}

    def reference_labels(self, session: Session, values: dict[str, Any]) -> dict[str, str]:
        """Display names of referenced records; override per form."""
        return {}

    def _changed(self) -> None:
        self._dirty = True
        self._accept_warnings = False
        self.override.hide()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def values(self) -> dict[str, Any]:
        return {key: row.value() for key, row in self.rows.items()}

    def _save_anyway(self) -> None:
        self._accept_warnings = True
        self.save()

    def save(self) -> None:
        data = self.values()
        for row in self.rows.values():
            row.show_issue(None)
        self.banner.hide()
        try:
            with self.ctx.store.session(actor=self.ctx.actor) as session:
                if self.record_id:
                    record = self.service.update(
                        session, self.record_id, data, accept_warnings=self._accept_warnings
                    )
                else:
                    record = self.service.create(session, data, accept_warnings=self._accept_warnings)
                self.after_save(session, record)
                changes = changes_in(session)  # the record, and what its save moved (a match, a need…)
        except ValidationError as exc:
            self._show_issues(exc.issues)
            return
        except WorkbenchError as exc:
            if exc.field in self.rows:  # an operation's error that names its field is shown at the field
                self._show_issues([Issue(exc.field, exc.code, exc.message)])
                return
            self.banner.setText(exc.message)
            self.banner.setStyleSheet(ERROR_STYLE)
            self.banner.show()
            return
        self.result_record = record
        self._dirty = False
        self.ctx.bus.publish(changes)
        self.saved.emit(record)
        self.accept()

    def after_save(self, session: Session, record: Any) -> None:
        """Extra writes in the same unit of work; override per form."""

    def _show_issues(self, issues: Sequence[Issue]) -> None:
        stray = []
        first: QWidget | None = None
        for item in issues:
            row = self.rows.get(item.field)
            if row is None:
                stray.append(item.message)
                continue
            row.show_issue(item)
            first = first or row.editor
        only_warnings = all(not i.is_error for i in issues)
        if stray or only_warnings:
            text = "\n".join(stray)
            if only_warnings:
                text = (text + "\n" if text else "") + self.tr(
                    "请核对上面的提示；确认无误可点击“忽略警告并保存”。"
                )
            self.banner.setText(text)
            self.banner.setStyleSheet(WARNING_STYLE if only_warnings else ERROR_STYLE)
            self.banner.show()
        self.override.setVisible(only_warnings)
        if first is not None:
            first.setFocus()

    def confirm_leave(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved changes: Save, Discard or Cancel."""
        return QMessageBox.question(
            self,
            self.tr("放弃修改？"),
            self.tr("表单有未保存的修改。要保存吗？"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def reject(self) -> None:
        if self._dirty:
            answer = self.confirm_leave()
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
            if answer == QMessageBox.StandardButton.Cancel:
                return
        self._dirty = False
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
