"""The match pipeline: one column of cards per stage, moved by dragging; history, notes and contract entry."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import sources
from ui.context import AppContext
from ui.forms import EntityFormDialog, FieldDef, Hint, catalog_fields
from ui.listview import UndoBar
from ui.widgets.banner import ErrorBanner
from ui.widgets.filterbar import FilterBar
from ui.workspaces.pipeline_board import MIME_TYPE, STAGES, StageColumn
from ui.workspaces.pipeline_detail import MatchDetail
from ui.workspaces.pipeline_step import StepDialog
from workbench.errors import WorkbenchError
from workbench.queries.pipeline import Card
from workbench.services import MATCHES
from workbench.services.base import Changes

translate = QCoreApplication.translate

__all__ = ["MIME_TYPE", "STAGES", "MatchDetail", "PipelineWorkspace", "StageColumn", "match_fields"]

# Changes to these kinds alter what a card shows (titles, names) or where it sits (a contract moves it).
WATCHED = frozenset({"match", "need", "technology", "enterprise", "institution", "contract"})


def match_fields() -> list[FieldDef]:
    return catalog_fields(
        "match",
        {"need_id": Hint(source=sources.needs), "technology_id": Hint(source=sources.technologies)},
        exclude=("score",),  # the matcher's score, not typed by a person
    )


class PipelineWorkspace(QWidget):
    """Matches by stage as columns of cards; drag a card to another column to move the match."""

    kind = "match"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("workspace_pipeline")
        self._pending_select: str | None = None
        self._last_deleted: list[str] = []

        self.bar = FilterBar(
            self.tr("对接"), self.tr("筛选：需求、技术成果、企业名称或拼音首字母…（Ctrl+F）")
        )
        self.title, self.filter, self.count = self.bar.title, self.bar.filter, self.bar.count
        self.new_button = self.bar.add_button(self.tr("新建对接"), "newButton")

        # Why the last move was refused; stays until the next successful move or the user dismisses it.
        self.banner_box = ErrorBanner("refusal", dismiss_text=self.tr("知道了"))
        self.banner, self.dismiss = self.banner_box.label, self.banner_box.dismiss

        self.columns: dict[str, StageColumn] = {}
        board = QWidget()
        board_layout = QHBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.setSpacing(6)
        for stage in STAGES:
            column = StageColumn(ctx, stage)
            self.columns[stage.value] = column
            board_layout.addWidget(column, 1)
            column.model.move_requested.connect(self._on_move_requested, Qt.ConnectionType.QueuedConnection)
            column.model.loaded.connect(lambda _n, c=column: self._column_loaded(c))
            column.model.failed.connect(self._failed)
            column.view.selectionModel().currentChanged.connect(
                lambda cur, _prev, c=column: self._card_selected(c, cur)
            )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(board)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.detail = MatchDetail(ctx)
        self.detail.register_contract.clicked.connect(self.register_contract)
        self.detail.move_menu.triggered.connect(
            lambda action: self.detail.match_id and self.request_move(self.detail.match_id, action.data())
        )
        self.detail.delete_button.clicked.connect(self.delete_selected)
        self.undo_bar = UndoBar()
        self.undo_bar.undo.connect(self.undo_delete)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("splitter_pipeline")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.undo_bar)

        self.bar.text_changed.connect(self._apply_filter)
        self.bar.focus_shortcut(self)
        self.new_button.clicked.connect(self.new_match)
        ctx.bus.changed.connect(self._on_changes)
        self._restore_layout()
        for column in self.columns.values():
            column.model.refresh()

    # -- layout memory ------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        state = self.ctx.state.load_bytes("pipeline/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([560, 220])

    def save_layout(self) -> None:
        self.ctx.state.save("pipeline/splitter", self.splitter.saveState())

    # -- loading ------------------------------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        for column in self.columns.values():
            column.model.set_text(text)

    def refresh(self) -> None:
        for column in self.columns.values():
            column.model.refresh()

    @property
    def loaded(self) -> bool:
        """True once every column has its first answer (tests and screenshots wait for it)."""
        return all(c.model.total is not None and not c.model.busy for c in self.columns.values())

    def _column_loaded(self, column: StageColumn) -> None:
        totals = [c.model.total for c in self.columns.values()]
        if all(t is not None for t in totals):
            self.count.setText(self.tr("共 %n 项对接", "", sum(t or 0 for t in totals)))
        if self._pending_select is not None:
            row = column.model.row_of(self._pending_select)
            if row >= 0:
                self._pending_select = None
                self.select_match(column, row)
        if self.detail.match_id is not None:
            current = self.detail.match_id
            # Keep the selection highlighted in whichever column now holds the match.
            row = column.model.row_of(current)
            if row >= 0 and not column.view.selectionModel().isSelected(column.model.index(row, 0)):
                self.select_match(column, row)

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, WorkbenchError) else self.tr("读取对接失败，详情见日志。")
        self.show_refusal(message)

    def _on_changes(self, changes: Changes) -> None:
        if changes.kinds & WATCHED:
            self.refresh()
            if self.detail.match_id is not None:
                self.detail.load(self.detail.match_id)

    # -- selection ----------------------------------------------------------------------------------------

    def _card_selected(self, column: StageColumn, current: QModelIndex) -> None:
        card = column.model.card_at(current.row()) if current.isValid() else None
        if card is None:
            return
        for other in self.columns.values():
            if other is not column:
                other.view.selectionModel().clear()
        if card.id != self.detail.match_id:
            self.detail.load(card.id)

    def select_match(self, column: StageColumn, row: int) -> None:
        index = column.model.index(row, 0)
        column.view.selectionModel().setCurrentIndex(
            index, column.view.selectionModel().SelectionFlag.ClearAndSelect
        )
        column.view.scrollTo(index)

    def card(self, match_id: str) -> Card | None:
        for column in self.columns.values():
            row = column.model.row_of(match_id)
            if row >= 0:
                return column.model.card_at(row)
        return None

    def stage_of(self, match_id: str) -> str | None:
        card = self.card(match_id)
        return card.stage if card else None

    # -- moving -------------------------------------------------------------------------------------------

    def _on_move_requested(self, match_id: str, stage: str) -> None:
        self.request_move(match_id, stage)

    def request_move(self, match_id: str, stage: str) -> bool:
        """Move a match as the user asked, after asking when it happened (and why, for a drop).

        A move the workflow refuses is refused before the dialog opens (no date to type for nothing); the
        banner says why and the card stays where it was.
        """
        refusal = self.dry_run(match_id, stage)
        if refusal is not None:
            self.show_refusal(refusal)
            return False
        card = self.card(match_id)
        dialog = self.step_dialog(match_id, stage, card.need_title if card else "")
        accepted = self.run_dialog(dialog) == QDialog.DialogCode.Accepted
        if dialog.refusal is not None:
            self.show_refusal(dialog.refusal)
            return False
        if not accepted:
            return False  # the user changed their mind: the card stays where it was
        self.hide_refusal()
        self._pending_select = match_id
        return True

    def dry_run(self, match_id: str, stage: str) -> str | None:
        """Why the core would refuse this move, or None; nothing is written (the unit is rolled back)."""

        class _UndoError(Exception):
            pass

        try:
            with self.ctx.store.session(actor=self.ctx.actor) as s:
                # The reason is asked in the dialog; a placeholder lets the other rules speak first.
                MATCHES.move(s, match_id, stage, reason="…")
                raise _UndoError
        except _UndoError:
            return None
        except WorkbenchError as exc:
            return exc.message

    def step_dialog(self, match_id: str, stage: str, need_title: str) -> StepDialog:
        return StepDialog(self.ctx, match_id, stage, need_title=need_title, parent=self)

    def show_refusal(self, message: str) -> None:
        """Say why a move (or another action) was refused, in a banner above the board."""
        self.banner_box.show_message(message)

    def hide_refusal(self) -> None:
        self.banner_box.hide()

    # -- create, contract, delete -------------------------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a form modally; tests replace this to fill the form as a user would."""
        return int(dialog.exec())

    def match_form(self) -> EntityFormDialog:
        return EntityFormDialog(self.ctx, MATCHES, match_fields(), title=self.tr("新建对接"), parent=self)

    def new_match(self) -> None:
        form = self.match_form()
        if self.run_dialog(form) == QDialog.DialogCode.Accepted and form.result_record is not None:
            self._pending_select = form.result_record.id

    def contract_form(self, match_id: str) -> QDialog:
        from ui.workspaces.contracts import ContractForm

        form: QDialog = ContractForm.from_match(self.ctx, match_id, parent=self)
        return form

    def register_contract(self) -> None:
        """Open the contract form pre-filled from the selected match (intent stage)."""
        if self.detail.match_id is None:
            return
        match_id = self.detail.match_id
        self.run_dialog(self.contract_form(match_id))
        self._pending_select = match_id

    def delete_selected(self) -> None:
        ident = self.detail.match_id
        if ident is None:
            return
        try:
            self.ctx.write(lambda s: MATCHES.delete(s, [ident]), {"match"})
        except WorkbenchError as exc:
            self.show_refusal(exc.message)
            return
        self._last_deleted = [ident]
        self.detail.clear()
        self.undo_bar.show_message(self.tr("已删除 %n 项对接", "", 1))

    def undo_delete(self) -> None:
        ids, self._last_deleted = self._last_deleted, []
        if ids:
            self.ctx.write(lambda s: MATCHES.restore(s, ids), {"match"})
            self._pending_select = ids[0]
