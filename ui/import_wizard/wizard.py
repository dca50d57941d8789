"""The import wizard: file → sheet → column mapping → preview → import, with progress and cancel.

Every step asks the core (``workbench.io``): the wizard reads nothing itself and builds no SQL. The preview
and the import run on the task pool; the import is one transaction, so Cancel leaves the data untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ui.context import AppContext, CancelToken
from workbench.errors import WorkbenchError
from workbench.io import fieldmap as fm
from workbench.io.cells import as_text
from workbench.io.mapping import save_mapping
from workbench.io.plan import Plan, RowStatus
from workbench.services.base import Changes
from workbench.services.labels import kind_label

PREVIEW_ROWS_SHOWN = 2000
SAMPLE_ROWS = 3


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("选择文件"))
        self.setSubTitle(self.tr("Excel/WPS 表格（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK）"))
        self.kind = QComboBox()
        for kind in fm.IMPORT_KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("文件路径"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("导入内容"), self.kind)
        form.addRow(self.tr("文件"), row)
        form.addRow(self.error)
        self.path.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择要导入的文件"), "", self.tr("表格文件 (*.xlsx *.xls *.csv *.txt)")
        )
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        from workbench.io.importer import open_file

        try:
            self.w.opened = open_file(
                self.path.text().strip(), str(self.kind.currentData()), config_dir=self.w.ctx.paths.config_dir
            )
        except WorkbenchError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("选择工作表"))
        self.list = QListWidget()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        box = QVBoxLayout(self)
        box.addWidget(self.list)
        box.addWidget(self.error)

    def initializePage(self) -> None:
        opened = self.w.opened
        assert opened is not None
        self.list.clear()
        for sheet in opened.sheets:
            rows = sum(1 for r in sheet.rows if any(as_text(c) for c in r))
            item = QListWidgetItem(self.tr("%1（%2 行）").replace("%1", sheet.name).replace("%2", str(rows)))
            item.setData(Qt.ItemDataRole.UserRole, sheet.name)
            self.list.addItem(item)
            if sheet is opened.sheet:
                self.list.setCurrentItem(item)

    def validatePage(self) -> bool:
        from workbench.io.importer import remap

        opened = self.w.opened
        item = self.list.currentItem()
        if opened is None or item is None:
            return False
        chosen = next(s for s in opened.sheets if s.name == item.data(Qt.ItemDataRole.UserRole))
        if chosen.is_empty:
            self.error.setText(self.tr("这个工作表是空的"))
            return False
        opened.sheet = chosen
        try:
            remap(opened, config_dir=self.w.ctx.paths.config_dir)
        except WorkbenchError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("核对列对应关系"))
        self.setSubTitle(self.tr("每一列导入到哪个字段；可以更改。下次导入表头相同的文件时会记住。"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("文件中的列"), self.tr("导入到"), self.tr("示例")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(self.note)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        opened = self.w.opened
        assert opened is not None
        lay = opened.layout
        fields = fm.import_fields(opened.kind)
        self.table.setRowCount(len(lay.headers))
        self.combos = []
        samples = [r for r in opened.sheet.rows[lay.header_row + 1 :] if any(as_text(c) for c in r)][
            :SAMPLE_ROWS
        ]
        for i, heading in enumerate(lay.headers):
            self.table.setItem(i, 0, QTableWidgetItem(heading))
            combo = QComboBox()
            combo.addItem(self.tr("（不导入）"), "")
            for f in fields:
                combo.addItem(f.label + (" *" if f.required else ""), f.name)
            combo.setCurrentIndex(max(0, combo.findData(lay.mapping.get(i, ""))))
            self.table.setCellWidget(i, 1, combo)
            self.combos.append(combo)
            example = "；".join(as_text(r[i])[:30] for r in samples if i < len(r) and as_text(r[i]))
            self.table.setItem(i, 2, QTableWidgetItem(example))
        self.table.resizeColumnsToContents()
        self.note.setText(
            self.tr("表头在第 %1 行。").replace("%1", str(lay.header_row + 1))
            + (self.tr("已使用上次保存的对应关系。") if lay.remembered else "")
        )

    def mapping(self) -> dict[int, str]:
        return {i: str(c.currentData()) for i, c in enumerate(self.combos) if c.currentData()}

    def validatePage(self) -> bool:
        mapping = self.mapping()
        if len(set(mapping.values())) != len(mapping):
            self.note.setText(self.tr("同一个字段只能对应一列"))
            return False
        opened = self.w.opened
        assert opened is not None
        opened.layout.mapping = mapping
        opened.layout.unmapped = [h for i, h in enumerate(opened.layout.headers) if h and i not in mapping]
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("预览"))
        self.setSubTitle(self.tr("检查每一行：新增、更新、无变化或有错误。此时尚未写入任何数据。"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("行"), self.tr("结果"), self.tr("列"), self.tr("说明")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.valid_only = QCheckBox(self.tr("只导入正确的行（跳过有错误的行）"))
        self.same_firm = QCheckBox(self.tr("名称相近的企业视为同一家（更新已有企业，否则新增）"))
        self.save_problems = QPushButton(self.tr("保存问题清单…"))
        self.save_problems.clicked.connect(self._save_problems)
        bottom = QHBoxLayout()
        bottom.addWidget(self.valid_only)
        bottom.addWidget(self.same_firm)
        bottom.addStretch(1)
        bottom.addWidget(self.save_problems)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.progress)
        box.addWidget(self.table, 1)
        box.addLayout(bottom)
        self.valid_only.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.w.plan = None
        self.table.setRowCount(0)
        self.summary.setText(self.tr("正在检查…"))
        self.progress.show()
        opened, store = self.w.opened, self.w.ctx.store
        assert opened is not None

        def work(progress: Any, cancel: CancelToken) -> Plan:
            from workbench.io.importer import dry_run

            return dry_run(
                store, opened, progress=lambda _s, d, t: progress(d, t), cancel=lambda: cancel.cancelled
            )

        self.w.ctx.tasks.start(work, on_done=self._shown, on_error=self._failed, on_progress=self._step)

    def _step(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.summary.setText(exc.message if isinstance(exc, WorkbenchError) else str(exc))

    def _shown(self, plan: Plan) -> None:
        self.w.plan = plan
        self.progress.hide()
        c = plan.counts
        text = self.tr("共 %1 行：新增 %2，更新 %3，无变化 %4，有错误 %5")
        for n, value in enumerate((len(plan.rows), c["new"], c["update"], c["unchanged"], c["invalid"]), 1):
            text = text.replace(f"%{n}", str(value))
        notes = "\n".join(plan.notices)
        self.summary.setText(text + ("\n" + notes if notes else ""))
        lines: list[tuple[int, str, str, str]] = []
        labels = {f.name: f.label for f in fm.import_fields(plan.kind)}
        for r in plan.rows:
            if r.problems:
                lines += [(r.row, r.status.label, p.column, p.message) for p in r.problems]
            elif r.status is not RowStatus.UNCHANGED:
                changed = "、".join(labels.get(k, k) for k in r.changes)
                lines.append((r.row, r.status.label, "", changed))
            if len(lines) >= PREVIEW_ROWS_SHOWN:
                break
        self.table.setRowCount(len(lines))
        for i, (line_no, status, column, message) in enumerate(lines):
            for j, cell in enumerate((str(line_no), status, column, message)):
                self.table.setItem(i, j, QTableWidgetItem(cell))
        self.table.resizeColumnsToContents()
        self.save_problems.setEnabled(bool(plan.problems))
        self.same_firm.setVisible(bool(plan.similar_rows))
        self.valid_only.setVisible(bool(c["invalid"]))
        self.completeChanged.emit()

    def _save_problems(self) -> None:
        from workbench.io.export import write_problems

        if self.w.plan is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存问题清单"), "", self.tr("Excel 表格 (*.xlsx)")
        )
        if name:
            try:
                write_problems(self.w.plan, name if name.endswith(".xlsx") else name + ".xlsx")
            except WorkbenchError as exc:
                self.summary.setText(exc.message)

    def isComplete(self) -> bool:
        plan = self.w.plan
        if plan is None:
            return False
        return not plan.count(RowStatus.INVALID) or self.valid_only.isChecked()


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("导入"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.cancel = QPushButton(self.tr("取消导入"))
        self.cancel.clicked.connect(self._cancel)
        box = QVBoxLayout(self)
        box.addWidget(self.status)
        box.addWidget(self.progress)
        box.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        self.done = False
        self.token: CancelToken | None = None

    def initializePage(self) -> None:
        plan, opened = self.w.plan, self.w.opened
        assert plan is not None and opened is not None
        self.done = False
        self.status.setText(self.tr("正在导入…（一次写入：取消或出错时数据保持原样）"))
        self.cancel.setEnabled(True)
        preview: PreviewPage = self.w.preview_page
        valid_only = preview.valid_only.isChecked()
        similar = "update" if preview.same_firm.isChecked() else "new"
        store = self.w.ctx.store

        def work(progress: Any, cancel: CancelToken) -> Any:
            from workbench.io.apply import apply

            return apply(
                store,
                plan,
                valid_only=valid_only,
                similar=similar,
                progress=lambda _s, d, t: progress(d, t),
                cancel=lambda: cancel.cancelled,
            )

        task = self.w.ctx.tasks.start(
            work, on_done=self._finished, on_error=self._failed, on_progress=self._step
        )
        self.token = task.cancel_token

    def _step(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.cancel.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.cancel.setEnabled(False)
        message = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        self.status.setText(message + "\n" + self.tr("没有写入任何数据。"))
        self.done = True
        self.completeChanged.emit()

    def _finished(self, result: Any) -> None:
        opened = self.w.opened
        assert opened is not None
        save_mapping(self.w.ctx.paths.config_dir, opened.kind, opened.layout.headers, opened.layout.mapping)
        self.cancel.setEnabled(False)
        text = self.tr("导入完成：新增 %1，更新 %2，无变化 %3，跳过 %4")
        for n, value in enumerate((result.created, result.updated, result.unchanged, result.skipped), 1):
            text = text.replace(f"%{n}", str(value))
        self.status.setText(text)
        self.progress.setValue(self.progress.maximum())
        self.done = True
        kinds = {opened.kind} | ({"institution"} if result.owners_created else set())
        self.w.ctx.bus.publish(Changes(frozenset(kinds), tuple(result.ids)))
        self.w.result = result
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done


class ImportWizard(QWizard):
    """The import wizard over an application context."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, kind: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opened: Any = None
        self.plan: Plan | None = None
        self.result: Any = None
        self.setWindowTitle(self.tr("导入数据"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.import_page):
            self.addPage(page)
        if kind is not None:
            self.file_page.kind.setCurrentIndex(max(0, self.file_page.kind.findData(kind)))
        self.resize(880, 600)

    def set_file(self, path: str | Path) -> None:
        self.file_page.path.setText(str(path))
