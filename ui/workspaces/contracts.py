"""Technology contracts: the list, the contract and payment forms, and a pane with payments, provenance, claims."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from ui.context import AppContext
from ui.forms import EntityFormDialog, FieldDef, Hint, ReferenceEdit, catalog_fields
from ui.listview import ListWorkspace
from ui.models import Column
from ui.widgets.lists import issue_lines
from ui.widgets.money import yuan
from ui.workspaces.contract_detail import ContractDetail, PaymentsModel
from workbench.enums import ContractType
from workbench.errors import WorkbenchError
from workbench.queries import Session, sources
from workbench.queries.common import name_of
from workbench.queries.contracts import (
    ContractStatus,
    contract_list_facts,
    enterprise_party,
    institution_party,
    prefill_from_match,
)
from workbench.services import CLAIMS, CONTRACTS, PAYMENTS
from workbench.services.base import Changes

translate = QCoreApplication.translate

__all__ = [
    "ContractDetail",
    "ContractForm",
    "ContractsWorkspace",
    "PaymentForm",
    "PaymentsModel",
    "contract_fields",
    "payment_fields",
]

Index = QModelIndex | QPersistentModelIndex


def match_choices(session: Session, text: str) -> list[tuple[str, str]]:
    """Matches not dropped, found by need or technology title (the contract form's “from match” field)."""
    return sources.matches(session, text)


def contract_fields() -> list[FieldDef]:
    return catalog_fields(
        "contract",
        {
            "match_id": Hint(source=match_choices),
            "seller_institution_id": Hint(source=sources.institutions),
            "buyer_enterprise_id": Hint(source=sources.enterprises),
        },
    )


def initial_from_match(session: Session, match_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Contract values a match implies: seller = the technology's owner, buyer = the need's enterprise."""
    prefill = prefill_from_match(session, match_id)
    return dict(prefill.values), dict(prefill.labels)


class ContractForm(EntityFormDialog):
    """The contract form; choosing a match, seller or buyer fills the names and codes left empty."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        record_id: str | None = None,
        initial: dict[str, Any] | None = None,
        labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = translate("ContractForm", "编辑合同") if record_id else translate("ContractForm", "登记合同")
        base = {"contract_type": ContractType.TRANSFER.value}
        super().__init__(
            ctx,
            CONTRACTS,
            contract_fields(),
            title=title,
            record_id=record_id,
            initial={**base, **(initial or {})} if not record_id else initial,
            labels=labels,
            parent=parent,
        )
        for key in ("match_id", "seller_institution_id", "buyer_enterprise_id"):
            editor = self.rows[key].editor
            completer = editor.completer() if isinstance(editor, ReferenceEdit) else None
            if completer is not None:
                completer.activated.connect(lambda _label, key=key: self._reference_chosen(key))
        for key in ("match_id", "seller_institution_id", "buyer_enterprise_id"):
            editor = self.rows[key].editor
            if isinstance(editor, ReferenceEdit):
                editor.setCursorPosition(0)  # show the start of a long label, not its tail
        self.resize(600, 760)

    @classmethod
    def from_match(cls, ctx: AppContext, match_id: str, *, parent: QWidget | None = None) -> ContractForm:
        with ctx.store.session(write=False) as session:
            values, labels = initial_from_match(session, match_id)
        return cls(ctx, initial=values, labels=labels, parent=parent)

    def reference_labels(self, session: Session, values: dict[str, Any]) -> dict[str, str]:
        labels: dict[str, str] = {}
        if values.get("match_id"):
            label = sources.match_choice_label(session, values["match_id"])
            if label:
                labels["match_id"] = label
        if values.get("seller_institution_id"):
            labels["seller_institution_id"] = name_of(session, "institution", values["seller_institution_id"])
        if values.get("buyer_enterprise_id"):
            labels["buyer_enterprise_id"] = name_of(session, "enterprise", values["buyer_enterprise_id"])
        return labels

    def _fill_empty(self, values: dict[str, Any], labels: dict[str, str]) -> None:
        for key, value in values.items():
            row = self.rows.get(key)
            if row is None or value in (None, ""):
                continue
            current = row.value()
            if current in (None, "") or (key == "contract_type" and not self.record_id and not self.dirty):
                row.set_value(value, labels.get(key, ""))

    def _reference_chosen(self, key: str) -> None:
        ident = self.rows[key].value()
        if not ident:
            return
        with self.ctx.store.session(write=False) as session:
            if key == "match_id":
                values, labels = initial_from_match(session, ident)
                values.pop("match_id", None)
            elif key == "seller_institution_id":
                inst = institution_party(session, ident)
                values = {"seller_name": inst.name, "seller_uscc": inst.uscc} if inst else {}
                labels = {}
            else:
                ent = enterprise_party(session, ident)
                values = (
                    {"buyer_name": ent.name, "buyer_uscc": ent.uscc, "buyer_division_code": ent.division_code}
                    if ent
                    else {}
                )
                labels = {}
        self._fill_empty(values, labels)
        self._changed()


def payment_fields() -> list[FieldDef]:
    return catalog_fields("payment", exclude=("contract_id",))  # a payment is entered on its contract


class PaymentForm(EntityFormDialog):
    def __init__(
        self,
        ctx: AppContext,
        contract_id: str,
        *,
        record_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.contract_id = contract_id
        title = translate("PaymentForm", "编辑到账") if record_id else translate("PaymentForm", "添加到账")
        super().__init__(ctx, PAYMENTS, payment_fields(), title=title, record_id=record_id, parent=parent)

    def values(self) -> dict[str, Any]:
        data = super().values()
        if not self.record_id:
            data["contract_id"] = self.contract_id
        return data


class ContractsWorkspace(ListWorkspace):
    keep_whole = frozenset({"status", "registration", "total", "signed"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        def title(key: str) -> str:
            return {
                "title": translate("ContractsWorkspace", "项目名称"),
                "status": translate("ContractsWorkspace", "状态"),
                "type": translate("ContractsWorkspace", "合同类型"),
                "seller": translate("ContractsWorkspace", "卖方"),
                "buyer": translate("ContractsWorkspace", "买方"),
                "registration": translate("ContractsWorkspace", "登记编号"),
                "signed": translate("ContractsWorkspace", "签订日期"),
                "registered": translate("ContractsWorkspace", "登记日期"),
                "total": translate("ContractsWorkspace", "成交额（元）"),
                "tech": translate("ContractsWorkspace", "技术交易额（元）"),
                "received": translate("ContractsWorkspace", "已到账（元）"),
                "claims": translate("ContractsWorkspace", "奖励申请"),
            }[key]

        columns = [
            Column("title", title("title"), lambda r, _rel: r.title, sort="title", width=240),
            # Derived from payments and claims, so not sortable in the store.
            Column("status", title("status"), lambda r, rel: rel.status(r).label, width=90),
            Column(
                "type",
                title("type"),
                lambda r, _rel: ContractType(r.contract_type).label,
                sort="contract_type",
                width=90,
                visible=False,
            ),
            # The seller (usually a university) is in the pane; the list keeps room for the buyer and status.
            Column(
                "seller",
                title("seller"),
                lambda r, _rel: r.seller_name,
                sort="seller_name",
                width=150,
                visible=False,
            ),
            Column("buyer", title("buyer"), lambda r, _rel: r.buyer_name, sort="buyer_name", width=150),
            Column(
                "registration",
                title("registration"),
                lambda r, _rel: r.registration_no,
                sort="registration_no",
                width=130,
            ),
            Column("signed", title("signed"), lambda r, _rel: r.signed_on, sort="signed_on", width=92),
            Column(
                "registered",
                title("registered"),
                lambda r, _rel: r.registered_on,
                sort="registered_on",
                width=92,
                visible=False,
            ),
            Column(
                "total", title("total"), lambda r, _rel: yuan(r.total_fen), sort="total_fen", align_right=True
            ),
            Column(
                "tech",
                title("tech"),
                lambda r, _rel: yuan(r.tech_amount_fen),
                sort="tech_amount_fen",
                align_right=True,
                visible=False,
            ),
            Column(
                "received",
                title("received"),
                lambda r, rel: yuan(rel.received_fen.get(r.id, 0)),
                align_right=True,
                visible=False,
            ),
            Column(
                "claims",
                title("claims"),
                lambda r, rel: rel.claims.get(r.id, 0),
                align_right=True,
                visible=False,
            ),
        ]
        self.detail_pane = ContractDetail(ctx)
        super().__init__(
            ctx,
            CONTRACTS,
            columns,
            title=translate("ContractsWorkspace", "合同"),
            related=contract_list_facts,
            detail=self.detail_pane,
            parent=parent,
        )
        self.filter.setPlaceholderText(self.tr("筛选：项目名称、登记编号、买方或卖方…（Ctrl+F）"))
        self.show_badges("status", ContractStatus)
        if ctx.state.load_bytes(f"{self.kind}/splitter") is None:
            self.splitter.setSizes([600, 460])  # the list is the main thing; the pane needs ~460 px
        pane = self.detail_pane
        pane.add_payment.clicked.connect(self.add_payment)
        pane.edit_payment_button.clicked.connect(self.edit_payment)
        pane.payment_activated.connect(self.edit_payment)
        pane.delete_payment_button.clicked.connect(self.delete_payment)
        pane.claim_button.clicked.connect(self.request_claim)
        ctx.bus.changed.connect(self._detail_changes)
        self._last_payment: str | None = None
        self._pending_focus: str | None = None
        self.model.loaded.connect(lambda _n: self._focus_pending())

    def depends_on(self) -> set[str]:
        return {"payment", "claim", "enterprise", "institution"}

    def _detail_changes(self, changes: Changes) -> None:
        if "policy" in changes.kinds:
            self.detail_pane._load_policies()
        watched = {"contract", "payment", "claim", "match", "need", "visit", "enterprise", "technology"}
        if self.detail_pane.contract_id and changes.kinds & watched:
            self.detail_pane.load(self.detail_pane.contract_id)

    def show_detail(self, ident: str) -> None:
        self.detail_pane.load(ident)

    # -- dialogs --------------------------------------------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a form modally; tests replace this to fill the form as a user would."""
        return int(dialog.exec())

    def create_record(self) -> None:
        form = ContractForm(self.ctx, parent=self)
        if self.run_dialog(form) == QDialog.DialogCode.Accepted and form.result_record is not None:
            self.focus_record(form.result_record.id)

    def open_record(self, ident: str) -> None:
        self.run_dialog(ContractForm(self.ctx, record_id=ident, parent=self))

    def add_payment(self) -> None:
        if self.detail_pane.contract_id:
            self.run_dialog(PaymentForm(self.ctx, self.detail_pane.contract_id, parent=self))

    def edit_payment(self) -> None:
        ident = self.detail_pane.selected_payment()
        if self.detail_pane.contract_id and ident:
            self.run_dialog(PaymentForm(self.ctx, self.detail_pane.contract_id, record_id=ident, parent=self))

    def delete_payment(self) -> None:
        ident = self.detail_pane.selected_payment()
        if ident is None:
            return
        try:
            self.ctx.write(lambda s: PAYMENTS.delete(s, [ident]), {"payment"})
        except WorkbenchError as exc:
            self.detail_pane.show_problems([exc.message])
            return
        self._last_payment = ident
        self.undo_bar.show_message(self.tr("已删除 1 笔到账"))

    def undo_delete(self) -> None:
        ident = self._last_payment
        if ident:
            self._last_payment = None
            self.ctx.write(lambda s: PAYMENTS.restore(s, [ident]), {"payment"})
            return
        super().undo_delete()

    def delete_selected(self) -> None:
        self._last_payment = None
        super().delete_selected()

    # -- claims ---------------------------------------------------------------------------------------------

    def request_claim(self) -> None:
        """Create a draft claim on the selected contract; say plainly why not when the core refuses."""
        contract_id = self.detail_pane.contract_id
        if contract_id is None:
            return
        key = self.detail_pane.policy.currentData()
        self.detail_pane.problems.hide()
        try:
            claim = self.ctx.write(
                lambda s: CLAIMS.create_claim(s, contract_id, policy_key=key), {"claim", "contract"}
            )
        except WorkbenchError as exc:
            self.detail_pane.show_problems(issue_lines(exc))
            return
        window = self.window()
        show = getattr(window, "show_workspace", None)
        if callable(show):
            workspace = show("claims")
            focus = getattr(workspace, "focus_record", None)
            if callable(focus):
                focus(claim.id)

    def focus_record(self, ident: str) -> None:
        """Select a record as soon as the list has it (after a create or when another workspace asks)."""
        self._pending_focus = ident
        self.filter.clear()
        self._focus_pending()

    def _focus_pending(self) -> None:
        if self._pending_focus and self.model.row_of(self._pending_focus) >= 0:
            self.select_id(self._pending_focus)
            self._pending_focus = None
