"""The small dialog asked when a match changes stage: the day it happened and, for a drop, why.

The date defaults to the app's today, so Enter alone records the step as happening today; a broker who
records a step after the fact types or picks the real day (the claim form prints steps by that day).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.editors import DateEdit
from ui.widgets.banner import error_label
from workbench.enums import MatchStage
from workbench.errors import ValidationError, WorkbenchError
from workbench.services import MATCHES
from workbench.validation import check_date


class StepDialog(QDialog):
    """Record one stage change; the move is written on OK and a refusal is shown at its field.

    A refusal that belongs to no field of the dialog (the workflow's own) closes it with ``refusal`` set,
    so the board shows it in its banner and the card stays where it was.
    """

    def __init__(
        self,
        ctx: AppContext,
        match_id: str,
        stage: str,
        *,
        need_title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.match_id = match_id
        self.stage = MatchStage(stage)
        self.refusal: str | None = None
        self.setObjectName("stepDialog")
        self.setWindowTitle(
            self.tr("放弃对接")
            if self.stage is MatchStage.DROPPED
            else self.tr("移至“%1”").replace("%1", self.stage.label)
        )
        self.question = QLabel(
            self.tr("为什么放弃“%1”的这项对接？").replace("%1", need_title)
            if self.stage is MatchStage.DROPPED
            else self.tr("“%1”进入“%2”阶段。").replace("%1", need_title).replace("%2", self.stage.label)
        )
        self.question.setWordWrap(True)

        today = ctx.clock.today()
        self.occurred_on = DateEdit(today=ctx.clock.today)
        self.occurred_on.setObjectName("occurredOn")
        self.occurred_on.setText(today.isoformat())
        self.occurred_on.setToolTip(
            self.tr("这一步实际发生的日期；事后补记时改成当天的日期。不能晚于今天，也不能早于上一步。")
        )
        self.date_error = error_label("occurredOnError")
        self.text = QLineEdit()
        self.text.setObjectName("stepReason" if self.stage is MatchStage.DROPPED else "stepNote")
        self.text_error = error_label("stepTextError")

        form = QFormLayout()
        form.addRow(self.tr("发生日期"), self.occurred_on)
        form.addRow("", self.date_error)
        form.addRow(
            self.tr("放弃原因") if self.stage is MatchStage.DROPPED else self.tr("备注（可不填）"), self.text
        )
        form.addRow("", self.text_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        # The dropped reason must be typed; otherwise the date has the focus and Enter accepts it as is.
        (self.text if self.stage is MatchStage.DROPPED else self.occurred_on).setFocus()

    def accept(self) -> None:
        self.date_error.hide()
        self.text_error.hide()
        checked = check_date(self.occurred_on.text(), field="occurred_on", required=True)
        if checked.value is None:
            self._show(self.date_error, "\n".join(i.message for i in checked.errors))
            return
        day, text = checked.value, self.text.text()
        dropped = self.stage is MatchStage.DROPPED
        try:
            self.ctx.write(
                lambda s: MATCHES.move(
                    s,
                    self.match_id,
                    self.stage.value,
                    reason=text if dropped else "",
                    note="" if dropped else text.strip(),
                    occurred_on=day,
                ),
                {"match"},
            )
        except WorkbenchError as exc:
            message = (
                "\n".join(i.message for i in exc.errors) if isinstance(exc, ValidationError) else exc.message
            )
            if exc.field == "occurred_on":
                self._show(self.date_error, message)
            elif exc.field == "dropped_reason":
                self._show(self.text_error, message)
            else:
                self.refusal = exc.message
                self.done(QDialog.DialogCode.Rejected)
            return
        super().accept()

    def _show(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.show()
        (self.occurred_on if label is self.date_error else self.text).setFocus()
