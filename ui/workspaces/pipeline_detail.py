"""The selected match under the board: its parties, stage history, notes and the actions on it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.banner import error_label
from ui.widgets.facts import FactGrid
from ui.workspaces.pipeline_board import STAGES
from workbench.enums import MatchStage
from workbench.errors import ValidationError, WorkbenchError
from workbench.queries.common import as_local
from workbench.queries.pipeline import match_parties
from workbench.services import MATCHES


class MatchDetail(QWidget):
    """The selected match: its parties, the stage history (when, who, note) and editable notes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.match_id: str | None = None
        self.stage: str = ""
        self.heading = QLabel()
        self.heading.setObjectName("matchHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = FactGrid("matchFacts")
        self.history = QListWidget()
        self.history.setObjectName("stageHistory")
        self.history.setWordWrap(True)
        self.history.setResizeMode(QListView.ResizeMode.Adjust)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("matchNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("洽谈要点、下一步、联系人……"))
        self.notes_error = error_label("notesError")
        self.save_notes = QPushButton(self.tr("保存备注"))
        self.save_notes.setObjectName("saveNotes")
        self.save_notes.setEnabled(False)
        self.register_contract = QPushButton(self.tr("登记合同…"))
        self.register_contract.setObjectName("registerContract")
        self.register_contract.setToolTip(self.tr("达成意向后登记技术合同；登记后对接自动进入“已签约”"))
        self.move_button = QPushButton(self.tr("移至阶段"))
        self.move_button.setObjectName("moveButton")
        self.move_menu = QMenu(self.move_button)
        self.move_button.setMenu(self.move_menu)
        self.delete_button = QPushButton(self.tr("删除对接"))
        self.delete_button.setObjectName("deleteMatch")

        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.facts)
        actions = QHBoxLayout()
        actions.addWidget(self.register_contract)
        actions.addWidget(self.move_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        left.addLayout(actions)
        left.addWidget(QLabel(self.tr("阶段记录")))
        left.addWidget(self.history, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("备注")))
        right.addWidget(self.notes, 1)
        right.addWidget(self.notes_error)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_notes)
        right.addLayout(save_row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.notes.textChanged.connect(lambda: self.save_notes.setEnabled(self.match_id is not None))
        self.save_notes.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self.notes, self.save)
        self.clear()

    def clear(self) -> None:
        self.match_id = None
        self.stage = ""
        self.heading.setText(self.tr("选择一张卡片查看对接详情"))
        self.facts.clear()
        self.history.clear()
        self.notes.blockSignals(True)
        self.notes.clear()
        self.notes.blockSignals(False)
        self.notes_error.hide()
        for widget in (
            self.notes,
            self.save_notes,
            self.register_contract,
            self.move_button,
            self.delete_button,
        ):
            widget.setEnabled(False)
        # Nothing to show: the board takes the whole height rather than an empty pane of disabled buttons.
        self.setVisible(False)

    def load(self, match_id: str | None) -> None:
        if match_id is None:
            self.clear()
            return
        with self.ctx.store.session(write=False) as s:
            try:
                match = MATCHES.get(s, match_id)
            except WorkbenchError:
                self.clear()
                return
            parties = match_parties(s, match_id)
            events = MATCHES.history(s, match_id)
        same = match_id == self.match_id
        self.match_id = match_id
        self.stage = match.stage
        stage = MatchStage(match.stage)
        self.heading.setText(parties.need_title)
        self.facts.set_facts(
            [
                (self.tr("企业"), parties.enterprise or "—"),
                (self.tr("技术成果"), parties.technology or "—"),
                (self.tr("持有单位"), parties.owner or "—"),
                (self.tr("当前阶段"), stage.label),
                (self.tr("放弃原因"), match.dropped_reason or ""),
            ]
        )
        self.history.clear()
        for event in events:
            arrow = (
                f"{MatchStage(event.from_stage).label} → {MatchStage(event.to_stage).label}"
                if event.from_stage
                else self.tr("新建（%1）").replace("%1", MatchStage(event.to_stage).label)
            )
            entered = as_local(event.at)
            parts = [entered.strftime("%Y-%m-%d %H:%M"), arrow, event.actor or "—"]
            if event.occurred_on is not None and event.occurred_on != entered.date():
                # Recorded after the fact: the day it happened is what the claim form prints.
                parts.insert(1, self.tr("（发生于 %1）").replace("%1", event.occurred_on.isoformat()))
            if event.note:
                parts.append(event.note)
            self.history.addItem("　".join(parts))
        if not same or not self.save_notes.isEnabled():
            # Do not overwrite notes the user is typing when the same match is reloaded after a change.
            self.notes.blockSignals(True)
            self.notes.setPlainText(match.notes)
            self.notes.blockSignals(False)
            self.save_notes.setEnabled(False)
        self.notes_error.hide()
        self.notes.setEnabled(True)
        self.move_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self.register_contract.setEnabled(stage is MatchStage.INTENT)
        if self.isHidden():
            self.setVisible(True)
            # Lay the pane out now, so its buttons have their real places before the next click lands.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.move_menu.clear()
        for target in STAGES:
            if target is stage or target is MatchStage.CONTRACTED:
                continue
            action = self.move_menu.addAction(target.label)
            action.setData(target.value)

    def save(self) -> None:
        if self.match_id is None:
            return
        ident, text = self.match_id, self.notes.toPlainText()
        self.notes_error.hide()
        try:
            self.ctx.write(lambda s: MATCHES.update(s, ident, {"notes": text}), {"match"})
        except ValidationError as exc:
            self.notes_error.setText("\n".join(i.message for i in exc.issues))
            self.notes_error.show()
            return
        except WorkbenchError as exc:
            self.notes_error.setText(exc.message)
            self.notes_error.show()
            return
        self.save_notes.setEnabled(False)
