"""Technology contracts: the list, the contract and payment forms, and a pane with payments, provenance, claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import ERROR_STYLE, EntityFormDialog, FieldDef, ReferenceEdit
from ui.listview import ListWorkspace
from ui.models import Column, TitledTableModel
from ui.widgets.lists import bullet_list, issue_lines, wrapping_list
from ui.widgets.money import yuan
from workbench.enums import ContractType, MatchStage
from workbench.errors import WorkbenchError
from workbench.models import Payment
from workbench.queries import Session, sources
from workbench.queries.common import name_of
from workbench.queries.contracts import (
    contract_list_facts,
    enterprise_party,
    institution_party,
    policy_choices,
    prefill_from_match,
)
from workbench.services import CLAIMS, CONTRACTS, PAYMENTS
from workbench.services.base import Changes
from workbench.services.provenance import chains

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex


def match_choices(session: Session, text: str) -> list[tuple[str, str]]:
    """Matches not dropped, found by need or technology title (the contract form's “from match” field)."""
    return sources.matches(session, text)


def contract_fields() -> list[FieldDef]:
    return [
        FieldDef(
            "match_id",
            translate("Fields", "来源对接"),
            kind="reference",
            source=match_choices,
            help=translate("Fields", "可选：这份合同来自哪项对接（需求 ⇄ 成果）"),
        ),
        FieldDef("title", translate("Fields", "项目名称"), required=True),
        FieldDef(
            "contract_type",
            translate("Fields", "合同类型"),
            kind="choice",
            choices=ContractType,
            required=True,
        ),
        FieldDef(
            "seller_institution_id",
            translate("Fields", "卖方单位"),
            kind="reference",
            source=sources.institutions,
            help=translate("Fields", "选择后自动填写卖方名称和代码"),
        ),
        FieldDef(
            "seller_name",
            translate("Fields", "卖方名称"),
            required=True,
            help=translate("Fields", "未选卖方单位时直接填写"),
        ),
        FieldDef(
            "seller_uscc", translate("Fields", "卖方统一社会信用代码"), placeholder="12330200XXXXXXXXXX"
        ),
        FieldDef(
            "buyer_enterprise_id",
            translate("Fields", "买方企业"),
            kind="reference",
            source=sources.enterprises,
            help=translate("Fields", "选择后自动填写买方名称、代码和行政区划"),
        ),
        FieldDef("buyer_name", translate("Fields", "买方名称"), required=True),
        FieldDef("buyer_uscc", translate("Fields", "买方统一社会信用代码"), placeholder="91330211XXXXXXXXXX"),
        FieldDef("buyer_division_code", translate("Fields", "买方行政区划代码"), placeholder="330211"),
        FieldDef(
            "registration_no",
            translate("Fields", "合同登记编号"),
            placeholder="33021120260312",
            help=translate("Fields", "技术合同认定登记编号；格式不常见时会提示，可确认后保存"),
        ),
        FieldDef("signed_on", translate("Fields", "签订日期"), kind="date"),
        FieldDef("registered_on", translate("Fields", "登记日期"), kind="date"),
        FieldDef("valid_from", translate("Fields", "有效期自"), kind="date"),
        FieldDef("valid_to", translate("Fields", "有效期至"), kind="date"),
        FieldDef("total_fen", translate("Fields", "合同成交额（元）"), kind="money", required=True),
        FieldDef("tech_amount_fen", translate("Fields", "技术交易额（元）"), kind="money", required=True),
        FieldDef("notes", translate("Fields", "备注"), kind="multiline"),
    ]


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
        with ctx.store.session() as session:
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
        with self.ctx.store.session() as session:
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
    return [
        FieldDef("paid_on", translate("Fields", "到款日期"), kind="date", required=True),
        FieldDef("amount_fen", translate("Fields", "金额（元）"), kind="money", required=True),
        FieldDef("invoice_no", translate("Fields", "发票号")),
        FieldDef("voucher_ref", translate("Fields", "银行凭证号")),
        FieldDef("notes", translate("Fields", "备注"), kind="multiline"),
    ]


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
        title = translate("PaymentForm", "编辑到款") if record_id else translate("PaymentForm", "添加到款")
        super().__init__(ctx, PAYMENTS, payment_fields(), title=title, record_id=record_id, parent=parent)

    def values(self) -> dict[str, Any]:
        data = super().values()
        if not self.record_id:
            data["contract_id"] = self.contract_id
        return data


class PaymentsModel(TitledTableModel):
    """The payments of one contract (a handful), oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Payment] = []
        self.titles = [
            self.tr("到款日期"),
            self.tr("金额（元）"),
            self.tr("发票号"),
            self.tr("银行凭证号"),
            self.tr("备注"),
        ]

    def set_payments(self, rows: Sequence[Payment]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        payment = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [
                payment.paid_on.isoformat(),
                yuan(payment.amount_fen),
                payment.invoice_no,
                payment.voucher_ref,
                payment.notes,
            ][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() == 1:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return payment.id
        return None

    def id_at(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def total_fen(self) -> int:
        return sum(p.amount_fen for p in self._rows)


class ContractDetail(QWidget):
    """Payments (add, edit, delete, totals), the provenance chain and the reward claim button."""

    payment_activated = Signal()  # a payment was double-clicked or Enter pressed on it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contract_id: str | None = None
        self.total_fen = 0
        self.heading = QLabel()
        self.heading.setObjectName("contractHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.payments_model = PaymentsModel(self)
        self.payments = QTableView()
        self.payments.setObjectName("payments")
        self.payments.setModel(self.payments_model)
        self.payments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.payments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payments.verticalHeader().hide()
        header = self.payments.horizontalHeader()
        # Date and amount always whole; invoice, voucher and notes share the rest (full text in tooltips).
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 2 + (QHeaderView.ResizeMode.Stretch,) * 3
        ):
            header.setSectionResizeMode(column, mode)
        self.payments.doubleClicked.connect(lambda _i: self.payment_activated.emit())
        self.add_payment = QPushButton(self.tr("添加到款"))
        self.add_payment.setObjectName("addPayment")
        self.edit_payment_button = QPushButton(self.tr("编辑"))
        self.edit_payment_button.setObjectName("editPayment")
        self.delete_payment_button = QPushButton(self.tr("删除"))
        self.delete_payment_button.setObjectName("deletePayment")
        self.received = QLabel()
        self.received.setObjectName("receivedTotal")
        self.received.setWordWrap(True)

        self.provenance = wrapping_list("provenance")
        # Seven links at most (plus extra claims): enough room for them, the rest goes to the payments.
        self.provenance.setMaximumHeight(8 * self.provenance.fontMetrics().height() + 16)

        self.policy = QComboBox()
        self.policy.setObjectName("policy")
        self.policy.setToolTip(self.tr("按哪项奖励政策申请"))
        self.claim_button = QPushButton(self.tr("申请奖励"))
        self.claim_button.setObjectName("claimButton")
        self.problems = QLabel()
        self.problems.setObjectName("claimProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self._section(self.tr("到款")))
        layout.addWidget(self.payments, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_payment)
        buttons.addWidget(self.edit_payment_button)
        buttons.addWidget(self.delete_payment_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.received)
        layout.addWidget(self._section(self.tr("来源链：走访 → 需求 → 对接 → 合同 → 奖励申请")))
        layout.addWidget(self.provenance)
        claim_row = QHBoxLayout()
        claim_row.addWidget(QLabel(self.tr("奖励政策")))
        claim_row.addWidget(self.policy, 1)
        claim_row.addWidget(self.claim_button)
        layout.addLayout(claim_row)
        layout.addWidget(self.problems)
        self._load_policies()
        self.setEnabled(False)

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: bold; margin-top: 6px;")
        return label

    def _load_policies(self) -> None:
        current = self.policy.currentData()
        self.policy.clear()
        with self.ctx.store.session() as s:
            choices = policy_choices(s)
        default = current or choices.default_key
        for row in choices.policies:
            self.policy.addItem(f"{row.name}（v{row.version}）", row.key)
        index = self.policy.findData(default)
        self.policy.setCurrentIndex(max(index, 0))

    def load(self, contract_id: str | None) -> None:
        self.contract_id = contract_id
        if contract_id is None:
            self.setEnabled(False)
            return
        with self.ctx.store.session() as s:
            try:
                contract = CONTRACTS.get(s, contract_id)
            except WorkbenchError:
                self.contract_id = None
                self.setEnabled(False)
                return
            payments = CONTRACTS.payments(s, contract_id)
            found = chains(s, "contract", contract_id)
        self.setEnabled(True)
        self.total_fen = contract.total_fen
        self.heading.setText(contract.title)
        dates = []
        if contract.signed_on:
            dates.append(self.tr("签订 %1").replace("%1", contract.signed_on.isoformat()))
        if contract.registered_on:
            dates.append(self.tr("登记 %1").replace("%1", contract.registered_on.isoformat()))
        lines = [
            f"{ContractType(contract.contract_type).label}　{contract.seller_name} → {contract.buyer_name}",
            self.tr("登记编号：%1").replace("%1", contract.registration_no or self.tr("（未登记）")),
            "　".join(dates),
            self.tr("成交额 %1 元　技术交易额 %2 元")
            .replace("%1", yuan(contract.total_fen))
            .replace("%2", yuan(contract.tech_amount_fen)),
        ]
        self.facts.setText("\n".join(line for line in lines if line))
        self.payments_model.set_payments(payments)
        self._update_received()
        self._show_chain(found[0] if found else None)
        self.problems.hide()

    def _update_received(self) -> None:
        received = self.payments_model.total_fen()
        share = f"{received * 100 / self.total_fen:.1f}%" if self.total_fen else "—"
        self.received.setText(
            self.tr("已到款 %1 元 / 合同成交额 %2 元（%3）")
            .replace("%1", yuan(received))
            .replace("%2", yuan(self.total_fen))
            .replace("%3", share)
        )

    def _show_chain(self, chain: Any) -> None:
        from workbench.enums import ClaimStatus

        self.provenance.clear()
        if chain is None:
            return
        none = self.tr("（无）")
        visit = chain.visit
        self.provenance.addItem(
            self.tr("企业：%1").replace("%1", chain.enterprise.name if chain.enterprise else none)
        )
        self.provenance.addItem(
            self.tr("走访：%1").replace(
                "%1",
                (visit.started_at.strftime("%Y-%m-%d") + ("　" + visit.place if visit.place else ""))
                if visit
                else none,
            )
        )
        need = chain.need
        self.provenance.addItem(
            self.tr("需求：%1").replace(
                "%1", (need.title + (f"（{need.filing_no}）" if need.filing_no else "")) if need else none
            )
        )
        match, tech = chain.match, chain.technology
        self.provenance.addItem(
            self.tr("对接：%1").replace(
                "%1",
                f"{tech.title if tech else ''}（{MatchStage(match.stage).label}）" if match else none,
            )
        )
        contract = chain.contract
        self.provenance.addItem(self.tr("合同：%1").replace("%1", contract.title if contract else none))
        if not chain.claims:
            self.provenance.addItem(self.tr("奖励申请：%1").replace("%1", none))
        for claim in chain.claims:
            self.provenance.addItem(
                self.tr("奖励申请：%1").replace(
                    "%1", f"{claim.claim_no}　{ClaimStatus(claim.status).label}　{yuan(claim.amount_fen)} 元"
                )
            )

    def selected_payment(self) -> str | None:
        rows = self.payments.selectionModel().selectedRows()
        return self.payments_model.id_at(rows[0].row()) if rows else None

    def show_problems(self, lines: Sequence[str]) -> None:
        self.problems.setText(self.tr("不能申请奖励：") + "\n" + bullet_list(lines))
        self.problems.show()


class ContractsWorkspace(ListWorkspace):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        def title(key: str) -> str:
            return {
                "title": translate("ContractsWorkspace", "项目名称"),
                "type": translate("ContractsWorkspace", "合同类型"),
                "seller": translate("ContractsWorkspace", "卖方"),
                "buyer": translate("ContractsWorkspace", "买方"),
                "registration": translate("ContractsWorkspace", "登记编号"),
                "signed": translate("ContractsWorkspace", "签订日期"),
                "registered": translate("ContractsWorkspace", "登记日期"),
                "total": translate("ContractsWorkspace", "成交额（元）"),
                "tech": translate("ContractsWorkspace", "技术交易额（元）"),
                "received": translate("ContractsWorkspace", "已到款（元）"),
                "claims": translate("ContractsWorkspace", "奖励申请"),
            }[key]

        columns = [
            Column("title", title("title"), lambda r, _rel: r.title, sort="title", width=240),
            Column(
                "type",
                title("type"),
                lambda r, _rel: ContractType(r.contract_type).label,
                sort="contract_type",
                width=90,
            ),
            Column("seller", title("seller"), lambda r, _rel: r.seller_name, sort="seller_name", width=150),
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
            ),
            Column(
                "received",
                title("received"),
                lambda r, rel: yuan(rel.received_fen.get(r.id, 0)),
                align_right=True,
            ),
            Column("claims", title("claims"), lambda r, rel: rel.claims.get(r.id, 0), align_right=True),
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
        self.undo_bar.show_message(self.tr("已删除 1 笔到款"))

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
