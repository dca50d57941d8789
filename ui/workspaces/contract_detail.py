"""One contract in full: its payments and their total, where it came from, and the reward claim button."""

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
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.models import TitledTableModel
from ui.widgets.banner import error_label
from ui.widgets.columns import keep_fitted_to_width
from ui.widgets.facts import FactGrid
from ui.widgets.lists import bullet_list, wrapping_list
from ui.widgets.money import yuan
from workbench.enums import ContractType, MatchStage
from workbench.errors import WorkbenchError
from workbench.models import Payment
from workbench.queries.contracts import policy_choices, status_of_contract
from workbench.services import CONTRACTS
from workbench.services.provenance import chains

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex


class PaymentsModel(TitledTableModel):
    """The payments of one contract (a handful), oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Payment] = []
        self.titles = [
            self.tr("到账日期"),
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
        self.facts = FactGrid("contractFacts")

        self.payments_model = PaymentsModel(self)
        self.payments = QTableView()
        self.payments.setObjectName("payments")
        self.payments.setModel(self.payments_model)
        self.payments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.payments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payments.verticalHeader().hide()
        # Headings, dates and amounts always whole; invoice, voucher and notes share the rest (tooltips).
        keep_fitted_to_width(self.payments, keep=frozenset({0, 1}))
        self.payments.doubleClicked.connect(lambda _i: self.payment_activated.emit())
        self.add_payment = QPushButton(self.tr("添加到账"))
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
        # A long policy name must not widen the whole pane (and squeeze the list beside it).
        self.policy.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.policy.setMinimumContentsLength(14)
        self.claim_button = QPushButton(self.tr("申请奖励"))
        self.claim_button.setObjectName("claimButton")
        self.problems = error_label("claimProblems")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self._section(self.tr("到账")))
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
        with self.ctx.store.session(write=False) as s:
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
        with self.ctx.store.session(write=False) as s:
            try:
                contract = CONTRACTS.get(s, contract_id)
            except WorkbenchError:
                self.contract_id = None
                self.setEnabled(False)
                return
            payments = CONTRACTS.payments(s, contract_id)
            found = chains(s, "contract", contract_id)
            status = status_of_contract(s, contract_id)
        self.setEnabled(True)
        self.total_fen = contract.total_fen
        self.heading.setText(contract.title)
        self.facts.set_facts(
            [
                (self.tr("状态"), status.label if status else ""),
                (self.tr("合同类型"), ContractType(contract.contract_type).label),
                (self.tr("卖方"), contract.seller_name),
                (self.tr("买方"), contract.buyer_name),
                (self.tr("登记编号"), contract.registration_no or self.tr("（未登记）")),
                (self.tr("签订日期"), contract.signed_on.isoformat() if contract.signed_on else ""),
                (self.tr("登记日期"), contract.registered_on.isoformat() if contract.registered_on else ""),
                (self.tr("成交额"), self.tr("%1 元").replace("%1", yuan(contract.total_fen))),
                (self.tr("技术交易额"), self.tr("%1 元").replace("%1", yuan(contract.tech_amount_fen))),
            ]
        )
        self.payments_model.set_payments(payments)
        self._update_received()
        self._show_chain(found[0] if found else None)
        self.problems.hide()

    def _update_received(self) -> None:
        received = self.payments_model.total_fen()
        share = f"{received * 100 / self.total_fen:.1f}%" if self.total_fen else "—"
        self.received.setText(
            self.tr("已到账 %1 元 / 合同成交额 %2 元（%3）")
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
