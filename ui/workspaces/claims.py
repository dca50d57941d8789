"""Reward claims: the list by status, and a pane with the computation, shares, attachments and status steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import ReferenceEdit
from ui.listview import ListWorkspace
from ui.models import Column, Related
from ui.widgets.banner import error_label
from ui.widgets.lists import bullet_list, issue_lines
from ui.widgets.money import yuan
from ui.workspaces.claim_detail import ACTIONS, ClaimDetail
from ui.workspaces.claim_tables import ComputationModel, SharesModel
from workbench.enums import ClaimStatus
from workbench.errors import WorkbenchError
from workbench.queries import Session, sources
from workbench.queries.claims import claim_list_facts
from workbench.queries.contracts import policy_choices
from workbench.services import CLAIMS
from workbench.services.base import Changes
from workbench.services.claim_archive import PrintedForm, print_notice, printed_form, submit_with_archive

translate = QCoreApplication.translate

__all__ = [
    "ACTIONS",
    "ClaimDetail",
    "ClaimsWorkspace",
    "ComputationModel",
    "NewClaimDialog",
    "SharesModel",
    "contract_choices",
]

Index = QModelIndex | QPersistentModelIndex


def contract_choices(session: Session, text: str) -> list[tuple[str, str]]:
    """Contracts by project name, registration number or party (the new-claim dialog's picker)."""
    return sources.contracts(session, text)


class NewClaimDialog(QDialog):
    """Pick a contract and a policy; the core computes the claim or says why it cannot."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.claim_id: str | None = None
        self.setWindowTitle(self.tr("新建奖励申请"))
        self.setObjectName("newClaim")
        self.contract = ReferenceEdit(ctx, contract_choices)
        self.contract.setObjectName("field_contract")
        self.contract.setPlaceholderText(self.tr("输入项目名称或登记编号"))
        self.policy = QComboBox()
        self.policy.setObjectName("field_policy")
        with ctx.store.session(write=False) as s:
            choices = policy_choices(s)
        for row in choices.policies:
            self.policy.addItem(f"{row.name}（v{row.version}）", row.key)
        self.policy.setCurrentIndex(max(self.policy.findData(choices.default_key), 0))
        self.problems = error_label("claimProblems")
        form = QFormLayout()
        form.addRow(self.tr("合同"), self.contract)
        form.addRow(self.tr("奖励政策"), self.policy)
        hint = QLabel(self.tr("按所选政策计算奖励金额，创建一份草稿；不符合政策条件时会逐条说明原因。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #546e7a;")
        form.addRow(hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if ok is not None:
            ok.setText(self.tr("计算并创建"))
        if cancel is not None:
            cancel.setText(self.tr("取消"))
        self.buttons.accepted.connect(self.create_claim)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.resize(520, 200)

    def create_claim(self) -> None:
        contract_id = self.contract.reference()
        if contract_id is None:
            self.problems.setText(self.tr("请从列表中选择合同"))
            self.problems.show()
            return
        key = self.policy.currentData()
        try:
            claim = self.ctx.write(
                lambda s: CLAIMS.create_claim(s, contract_id, policy_key=key), {"claim", "contract"}
            )
        except WorkbenchError as exc:
            self.problems.setText(self.tr("不能申请奖励：") + "\n" + bullet_list(issue_lines(exc)))
            self.problems.show()
            return
        self.claim_id = claim.id
        self.accept()


def _policy_text(record: Any, _rel: Related) -> str:
    snapshot = record.policy_snapshot or {}
    return f"{snapshot.get('name', '')} v{snapshot.get('version', '')}"


class ClaimsWorkspace(ListWorkspace):
    keep_whole = frozenset({"claim_no", "status"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column(
                "claim_no",
                translate("ClaimsWorkspace", "申请编号"),
                lambda r, _rel: r.claim_no,
                sort="claim_no",
                width=160,
            ),
            Column(
                "project",
                translate("ClaimsWorkspace", "项目"),
                lambda r, rel: rel.contracts.get(r.contract_id, ""),
                width=220,
            ),
            Column(
                "status",
                translate("ClaimsWorkspace", "状态"),
                lambda r, _rel: ClaimStatus(r.status).label,
                sort="status",
                width=70,
            ),
            Column(
                "amount",
                translate("ClaimsWorkspace", "金额（元）"),
                lambda r, _rel: yuan(r.amount_fen),
                sort="amount_fen",
                align_right=True,
                width=100,
            ),
            Column(
                "policy",
                translate("ClaimsWorkspace", "政策及版本"),
                _policy_text,
                sort="policy_id",
                width=170,
            ),
            Column(
                "claimed_on",
                translate("ClaimsWorkspace", "申请日期"),
                lambda r, _rel: r.claimed_on,
                sort="claimed_on",
                width=92,
                # Shown in the detail pane; hidden here so claim numbers and policies fit at 1280 px.
                visible=False,
            ),
            Column(
                "broker",
                translate("ClaimsWorkspace", "申请人"),
                lambda r, rel: rel.brokers.get(r.broker_id, ""),
                visible=False,
            ),
        ]
        self.detail_pane = ClaimDetail(ctx)
        super().__init__(
            ctx,
            CLAIMS,
            columns,
            title=translate("ClaimsWorkspace", "奖励申请"),
            related=claim_list_facts,
            detail=self.detail_pane,
            parent=parent,
        )
        self.filter.setPlaceholderText(self.tr("筛选：申请编号…（Ctrl+F）"))
        self.show_badges("status", ClaimStatus)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("全部状态"), None)
        for status in ClaimStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._status_changed())
        bar = self._toolbar()
        if bar is not None:
            bar.insertWidget(bar.indexOf(self.filter) + 1, self.status_filter)
        if ctx.state.load_bytes(f"{self.kind}/splitter") is None:
            self.splitter.setSizes([520, 540])  # the computation lines need the wider half
        self._pending_focus: str | None = None
        self.model.loaded.connect(lambda _n: self._focus_pending())
        pane = self.detail_pane
        pane.buttons["submit"].clicked.connect(self.submit)
        pane.buttons["approve"].clicked.connect(lambda: self._step(CLAIMS.approve))
        pane.buttons["pay"].clicked.connect(lambda: self._step(CLAIMS.mark_paid))
        pane.buttons["reject"].clicked.connect(self.reject)
        pane.buttons["amend"].clicked.connect(self.amend)
        pane.buttons["preview"].clicked.connect(self.preview)
        ctx.bus.changed.connect(self._detail_changes)

    def _toolbar(self) -> QHBoxLayout | None:
        outer = self.layout()
        if outer is None:
            return None
        for i in range(outer.count()):
            item = outer.itemAt(i)
            bar = item.layout() if item is not None else None
            if isinstance(bar, QHBoxLayout) and bar.indexOf(self.filter) >= 0:
                return bar
        return None

    def _status_changed(self) -> None:
        status = self.status_filter.currentData()
        self.model.set_filters({"status": status} if status else {})

    def depends_on(self) -> set[str]:
        return {"contract"}

    def _detail_changes(self, changes: Changes) -> None:
        watched = {"claim", "broker", "contract", "payment", "policy"}
        if self.detail_pane.claim_id and changes.kinds & watched:
            self.detail_pane.load(self.detail_pane.claim_id)

    def show_detail(self, ident: str) -> None:
        self.detail_pane.load(ident)

    # -- navigation -----------------------------------------------------------------------------------------

    def focus_record(self, ident: str) -> None:
        """Show one claim (e.g. just created from a contract): clear the filters, select it when loaded."""
        self._pending_focus = ident
        self.filter.clear()
        if self.status_filter.currentIndex() != 0:
            self.status_filter.setCurrentIndex(0)
        self.detail_pane.load(ident)
        self._focus_pending()

    def _focus_pending(self) -> None:
        if self._pending_focus and self.model.row_of(self._pending_focus) >= 0:
            self.select_id(self._pending_focus)
            self._pending_focus = None

    # -- dialogs and prompts (tests replace these) ----------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> int:
        return int(dialog.exec())

    def ask_reason(self) -> str | None:
        """Why the claim is sent back; None when the user cancels."""
        text, ok = QInputDialog.getText(self, self.tr("退回申请"), self.tr("退回原因："))
        return text if ok else None

    def show_preview(self, dialog: QDialog) -> None:
        dialog.show()

    # -- actions --------------------------------------------------------------------------------------------

    def create_record(self) -> None:
        dialog = NewClaimDialog(self.ctx, parent=self)
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.claim_id:
            self.focus_record(dialog.claim_id)

    def open_record(self, ident: str) -> None:
        self.detail_pane.load(ident)
        self.detail_pane.tabs.setFocus()

    def _refused(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, WorkbenchError):
            self.detail_pane.show_problems(title, issue_lines(exc))
        else:
            self.detail_pane.show_problems(title, [self.tr("出现意外错误，详情见日志。")])

    def _step(self, step: Callable[..., Any], **kwargs: Any) -> None:
        ident = self.detail_pane.claim_id
        if ident is None:
            return
        try:
            self.ctx.write(lambda s: step(s, ident, **kwargs), {"claim"})
        except WorkbenchError as exc:
            self._refused(self.tr("操作未完成："), exc)

    def submit(self) -> None:
        """Submit (and archive the printed form, which takes a moment: it runs off the UI thread).

        The archived form can no longer change, so a form that would print a character as 〓 is
        submitted only once the broker has read which and agreed.
        """
        ident = self.detail_pane.claim_id
        if ident is None:
            return
        store = self.ctx.store

        def check(_progress: Any, _cancel: Any) -> str:
            with store.session(write=False) as s:
                return print_notice(s, ident)

        self.detail_pane.buttons["submit"].setEnabled(False)
        self.ctx.tasks.start(
            check,
            on_done=lambda notice: self._submit_after_notice(ident, notice),
            on_error=self._submit_failed,
        )

    def _submit_after_notice(self, ident: str, notice: str) -> None:
        if notice and not self.confirm_unprintable(notice):
            self.detail_pane.buttons["submit"].setEnabled(self.detail_pane.status == "draft")
            return
        store, actor = self.ctx.store, self.ctx.actor

        def work(_progress: Any, _cancel: Any) -> str:
            with store.session(actor=actor) as s:
                # Submitting archives the printed form with the claim, in the same transaction.
                return str(submit_with_archive(s, ident).id)

        self.detail_pane.buttons["submit"].setEnabled(False)
        self.ctx.tasks.start(
            work,
            on_done=lambda cid: self.ctx.bus.publish(Changes(frozenset({"claim"}), (cid,))),
            on_error=self._submit_failed,
        )

    def confirm_unprintable(self, notice: str) -> bool:
        """Ask before archiving a form with characters the font cannot print (tests answer for the user)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("提交奖励申请"),
            self.tr("提交后申请表将存档，不能再修改。") + "\n\n" + notice,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unprintableConfirm")
        submit = box.addButton(self.tr("仍然提交"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is submit

    def _submit_failed(self, exc: BaseException) -> None:
        self._refused(self.tr("不能提交："), exc)
        self.detail_pane.buttons["submit"].setEnabled(self.detail_pane.status == "draft")

    def reject(self) -> None:
        reason = self.ask_reason()
        if reason is None:
            return
        self._step(CLAIMS.reject, reason=reason)

    def amend(self) -> None:
        ident = self.detail_pane.claim_id
        if ident is None:
            return
        try:
            claim = self.ctx.write(lambda s: CLAIMS.amend(s, ident), {"claim"})
        except WorkbenchError as exc:
            self._refused(self.tr("不能修订："), exc)
            return
        self.focus_record(claim.id)

    def preview(self) -> None:
        """Open the printed form: the archive of a submitted claim, a fresh rendering of a draft."""
        ident = self.detail_pane.claim_id
        if ident is None:
            return
        store = self.ctx.store

        def work(_progress: Any, _cancel: Any) -> PrintedForm:
            with store.session(write=False) as s:
                return printed_form(s, ident)

        self.detail_pane.buttons["preview"].setEnabled(False)
        self.ctx.tasks.start(work, on_done=self._open_preview, on_error=self._preview_failed)

    def _open_preview(self, form: PrintedForm) -> None:
        from ui.claim_preview import preview_dialog

        self.detail_pane.buttons["preview"].setEnabled(True)
        self.show_preview(preview_dialog(form, self))

    def _preview_failed(self, exc: BaseException) -> None:
        self.detail_pane.buttons["preview"].setEnabled(True)
        self._refused(self.tr("不能生成申请表："), exc)
