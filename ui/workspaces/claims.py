"""Reward claims: the list by status, and a pane with the computation, shares, attachments and status steps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import ERROR_STYLE, WARNING_STYLE, ReferenceEdit
from ui.listview import ListWorkspace
from ui.models import Column, Related, TitledTableModel
from ui.widgets.lists import bullet_list, issue_lines, wrapping_list
from ui.widgets.money import yuan
from workbench.enums import ClaimStatus
from workbench.errors import ValidationError, WorkbenchError
from workbench.money import amount_in_words
from workbench.queries import Session, as_local, sources
from workbench.queries.claims import claim_list_facts
from workbench.queries.common import name_of, names_of
from workbench.queries.contracts import policy_choices
from workbench.rules import split_shares
from workbench.services import CLAIMS, ShareInput
from workbench.services.base import Changes
from workbench.services.claim_archive import PrintedForm, print_notice, printed_form, submit_with_archive
from workbench.services.claims import parse_percent

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex

# Which buttons a status enables.
ACTIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submit"}),
    "submitted": frozenset({"approve", "reject", "amend"}),
    "approved": frozenset({"pay", "reject"}),
    "paid": frozenset(),
    "rejected": frozenset({"amend"}),
}


def cap_label(code: str) -> str:
    return {
        "per_bracket": translate("ClaimsWorkspace", "本档奖励上限"),
        "per_project": translate("ClaimsWorkspace", "单个项目奖励上限"),
        "per_broker_year": translate("ClaimsWorkspace", "经纪人年度奖励上限"),
    }.get(code, code)


def percent_text(value: Decimal) -> str:
    """50 → "50", 33.30 → "33.3" (no exponent, no trailing zeros)."""
    return f"{value.normalize():f}"


class ComputationModel(TitledTableModel):
    """The lines of a claim's computation as the core wrote them: label, base, rate, amount, note."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[dict[str, Any]] = []
        self.titles = [
            self.tr("计算步骤"),
            self.tr("基数（元）"),
            self.tr("比例"),
            self.tr("金额（元）"),
            self.tr("说明"),
        ]

    def set_lines(self, lines: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._lines = [dict(line) for line in lines]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def cell(self, row: int, column: int) -> str:
        line = self._lines[row]
        if column == 0:
            return str(line.get("label", ""))
        if column == 1:
            return yuan(line.get("base_fen"))
        if column == 2:
            rate = line.get("rate")
            return f"{percent_text(Decimal(rate) * 100)}%" if rate is not None else ""
        if column == 3:
            return yuan(line.get("amount_fen"))
        return str(line.get("note", ""))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        kind = self._lines[index.row()].get("kind", "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in (1, 2, 3):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and kind in {"result", "gross"}:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if kind.startswith("cap"):
                return QBrush(QColor("#fff3e0"))  # a cap applied: the reason the amount is lower
            if kind == "result":
                return QBrush(QColor("#e8f5e9"))
        if role == Qt.ItemDataRole.UserRole:
            return kind
        return None


@dataclass
class ShareRow:
    broker_id: str
    name: str
    percent: Decimal
    amount_fen: int | None = None


class SharesModel(QAbstractTableModel):
    """Co-broker shares being edited: percentages typed in place, amounts recomputed as they change."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ShareRow] = []
        self.amount_fen = 0
        self.editable = False
        self.error = ""
        self.titles = [self.tr("经纪人"), self.tr("比例（%）"), self.tr("金额（元）")]

    # -- content --------------------------------------------------------------------------------------------

    def set_shares(self, rows: Sequence[ShareRow], amount_fen: int, *, editable: bool) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.amount_fen = amount_fen
        self.editable = editable
        self.endResetModel()
        self.recompute()

    def rows(self) -> list[ShareRow]:
        return list(self._rows)

    def total_percent(self) -> Decimal:
        return sum((r.percent for r in self._rows), Decimal(0))

    def add(self, broker_id: str, name: str, percent: Decimal) -> bool:
        if any(r.broker_id == broker_id for r in self._rows):
            return False
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(ShareRow(broker_id, name, percent))
        self.endInsertRows()
        self.recompute()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.recompute()

    def recompute(self) -> None:
        """Amounts per broker as the core would split them; none while the shares do not add up."""
        try:
            split = dict(split_shares(self.amount_fen, [(r.broker_id, r.percent) for r in self._rows]))
        except ValidationError as exc:
            self.error = "；".join(i.message for i in exc.issues)
            split = {}
        else:
            self.error = ""
        for r in self._rows:
            r.amount_fen = split.get(r.broker_id)
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    # -- Qt model interface ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.titles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return row.name
            if index.column() == 1:
                return percent_text(row.percent)
            return "—" if row.amount_fen is None else yuan(row.amount_fen)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.broker_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (
            self.editable and index.isValid() and index.column() == 1 and role == Qt.ItemDataRole.EditRole
        ):
            return False
        try:
            percent = parse_percent(value)
        except ValidationError as exc:
            self.error = "；".join(i.message for i in exc.issues)
            return False
        self._rows[index.row()].percent = percent
        self.dataChanged.emit(index, index)
        self.recompute()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.titles)
        ):
            return self.titles[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    return view


class ClaimDetail(QWidget):
    """Everything about one claim, and the buttons for its next status step."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.claim_id: str | None = None
        self.status = ""
        self.heading = QLabel()
        self.heading.setObjectName("claimHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.amount = QLabel()
        self.amount.setObjectName("claimAmount")
        self.amount.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1b5e20;")
        self.amount_words = QLabel()
        self.amount_words.setObjectName("amountInWords")
        self.amount_words.setWordWrap(True)
        self.amount_words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, text in (
            ("submit", self.tr("提交")),
            ("approve", self.tr("批准")),
            ("pay", self.tr("已发放")),
            ("reject", self.tr("退回…")),
            ("amend", self.tr("修订")),
            ("preview", self.tr("预览/打印")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"action_{key}")
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.problems = QLabel()
        self.problems.setObjectName("claimProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()

        # Tab 1: the computation.
        self.computation = ComputationModel(self)
        self.lines = _table(self.computation, "computationLines")
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in (1, 2, 3):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        # Long labels (a tier's bounds, a cap's wording) wrap instead of being cut off.
        self.lines.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.caps = QLabel()
        self.caps.setObjectName("capsApplied")
        self.caps.setWordWrap(True)
        computation_tab = QWidget()
        computation_layout = QVBoxLayout(computation_tab)
        computation_layout.addWidget(self.lines, 1)
        computation_layout.addWidget(self.caps)

        # Tab 2: co-broker shares.
        self.shares = SharesModel(self)
        self.shares_view = _table(self.shares, "shares")
        self.shares_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.shares_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.share_broker = ReferenceEdit(ctx, sources.brokers)
        self.share_broker.setObjectName("shareBroker")
        self.share_broker.setPlaceholderText(self.tr("合作经纪人（姓名或拼音首字母）"))
        self.share_percent = QLineEdit()
        self.share_percent.setObjectName("sharePercent")
        self.share_percent.setPlaceholderText(self.tr("比例，如 30"))
        self.share_percent.setMaximumWidth(110)
        self.add_share = QPushButton(self.tr("添加"))
        self.add_share.setObjectName("addShare")
        self.remove_share = QPushButton(self.tr("移除"))
        self.remove_share.setObjectName("removeShare")
        self.save_shares = QPushButton(self.tr("保存分配"))
        self.save_shares.setObjectName("saveShares")
        self.shares_sum = QLabel()
        self.shares_sum.setObjectName("sharesSum")
        self.shares_error = QLabel()
        self.shares_error.setObjectName("sharesError")
        self.shares_error.setWordWrap(True)
        self.shares_error.setStyleSheet(ERROR_STYLE)
        self.shares_error.hide()
        shares_tab = QWidget()
        shares_layout = QVBoxLayout(shares_tab)
        shares_layout.addWidget(self.shares_view, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.share_broker, 1)
        add_row.addWidget(self.share_percent)
        add_row.addWidget(self.add_share)
        add_row.addWidget(self.remove_share)
        shares_layout.addLayout(add_row)
        save_row = QHBoxLayout()
        save_row.addWidget(self.shares_sum, 1)
        save_row.addWidget(self.save_shares)
        shares_layout.addLayout(save_row)
        shares_layout.addWidget(self.shares_error)

        # Tab 3: attachments.
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        self.attachments_note = QLabel()
        self.attachments_note.setWordWrap(True)
        attachments_tab = QWidget()
        attachments_layout = QVBoxLayout(attachments_tab)
        attachments_layout.addWidget(self.attachments, 1)
        attachments_layout.addWidget(self.attachments_note)

        # Tab 4: status steps.
        self.history = wrapping_list("statusHistory")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("claimTabs")
        self.tabs.addTab(computation_tab, self.tr("计算过程"))
        self.tabs.addTab(shares_tab, self.tr("经纪人分配"))
        self.tabs.addTab(attachments_tab, self.tr("附件清单"))
        self.tabs.addTab(self.history, self.tr("状态记录"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.amount)
        layout.addWidget(self.amount_words)
        layout.addLayout(actions)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs, 1)

        self.add_share.clicked.connect(self._add_share)
        self.share_percent.returnPressed.connect(self._add_share)
        self.remove_share.clicked.connect(self._remove_share)
        self.save_shares.clicked.connect(self.save_share_split)
        self.shares.dataChanged.connect(lambda *_a: self._update_sum())
        self.shares.rowsInserted.connect(lambda *_a: self._update_sum())
        self.shares.rowsRemoved.connect(lambda *_a: self._update_sum())
        self.attachments.itemChanged.connect(self._attachment_toggled)
        self._loading = False
        self.clear()

    # -- loading --------------------------------------------------------------------------------------------

    def clear(self) -> None:
        self.claim_id = None
        self.status = ""
        self.heading.setText(self.tr("选择一项申请查看计算过程"))
        for label in (self.facts, self.amount, self.amount_words, self.caps):
            label.clear()
        self.problems.hide()
        self.computation.set_lines([])
        self.shares.set_shares([], 0, editable=False)
        self._loading = True
        self.attachments.clear()
        self._loading = False
        self.history.clear()
        for button in self.buttons.values():
            button.setEnabled(False)
        self._set_editable(False)

    def load(self, claim_id: str | None) -> None:
        if claim_id is None:
            self.clear()
            return
        with self.ctx.store.session() as s:
            try:
                claim = CLAIMS.get(s, claim_id)
            except WorkbenchError:
                self.clear()
                return
            contract_title = name_of(s, "contract", claim.contract_id)
            shares = CLAIMS.shares(s, claim_id)
            names = names_of(s, "broker", {sh.broker_id for sh in shares} | {claim.broker_id})
            events = CLAIMS.history(s, claim_id)
            pending = CLAIMS.submission_problems(s, claim) if claim.status == "draft" else []
        same = claim_id == self.claim_id
        self.claim_id = claim_id
        self.status = claim.status
        status = ClaimStatus(claim.status)
        snapshot = claim.policy_snapshot
        self.heading.setText(f"{claim.claim_no}　{status.label}")
        facts = [
            self.tr("项目：%1").replace("%1", contract_title or "—"),
            self.tr("政策：%1（第 %2 版）")
            .replace("%1", str(snapshot.get("name", "")))
            .replace("%2", str(snapshot.get("version", ""))),
            self.tr("申请人：%1　申请日期：%2")
            .replace("%1", names.get(claim.broker_id, "—"))
            .replace("%2", claim.claimed_on.isoformat()),
        ]
        if claim.revision > 1:
            facts.append(self.tr("第 %1 次修订").replace("%1", str(claim.revision - 1)))
        if claim.status_reason:
            facts.append(self.tr("退回原因：%1").replace("%1", claim.status_reason))
        self.facts.setText("\n".join(facts))
        self.amount.setText(self.tr("申请金额 %1 元").replace("%1", yuan(claim.amount_fen)))
        self.amount_words.setText(amount_in_words(claim.amount_fen))
        self.computation.set_lines(claim.computation.get("lines", []))
        caps = claim.computation.get("caps_applied", [])
        self.caps.setText(
            self.tr("适用上限：%1").replace("%1", "、".join(cap_label(c) for c in caps))
            if caps
            else self.tr("未触及上限")
        )
        self.caps.setStyleSheet(WARNING_STYLE if caps else "")
        editable = claim.status == "draft"
        self.shares.set_shares(
            [
                ShareRow(
                    sh.broker_id, names.get(sh.broker_id, "—"), Decimal(sh.percent_bp) / 100, sh.amount_fen
                )
                for sh in shares
            ],
            claim.amount_fen,
            editable=editable,
        )
        self._update_sum()
        if not same:
            self.shares_error.hide()
        self._load_attachments(snapshot.get("attachments", []), claim.attachments, editable)
        self.history.clear()
        for event in events:
            frm = ClaimStatus(event.from_status).label if event.from_status else ""
            step = (
                f"{frm} → {ClaimStatus(event.to_status).label}" if frm else ClaimStatus(event.to_status).label
            )
            parts = [as_local(event.at).strftime("%Y-%m-%d %H:%M"), step, event.actor or "—"]
            if event.reason:
                parts.append(event.reason)
            self.history.addItem("　".join(parts))
        allowed = ACTIONS.get(claim.status, frozenset())
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed or key == "preview")
        self._set_editable(editable)
        if pending:
            self.show_problems(self.tr("提交前还需处理："), [i.message for i in pending], warning=True)
        else:
            self.problems.hide()

    def _load_attachments(
        self, listed: Sequence[dict[str, Any]], ticked: Sequence[str], editable: bool
    ) -> None:
        self._loading = True
        self.attachments.clear()
        for item in listed:
            text = str(item.get("label", item.get("code", "")))
            if item.get("required", True):
                text += self.tr("（必备）")
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item.get("code"))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            entry.setFlags(flags)
            entry.setCheckState(
                Qt.CheckState.Checked if item.get("code") in ticked else Qt.CheckState.Unchecked
            )
            if item.get("required", True):
                font = entry.font()
                font.setBold(True)
                entry.setFont(font)
            self.attachments.addItem(entry)
        self._loading = False
        required = sum(1 for i in listed if i.get("required", True))
        done = sum(1 for i in listed if i.get("required", True) and i.get("code") in ticked)
        self.attachments_note.setText(
            self.tr("必备附件 %1 / %2 已齐").replace("%1", str(done)).replace("%2", str(required))
            + ("" if editable else self.tr("　（已提交的申请不能修改）"))
        )

    def _set_editable(self, editable: bool) -> None:
        for widget in (
            self.share_broker,
            self.share_percent,
            self.add_share,
            self.remove_share,
            self.save_shares,
        ):
            widget.setEnabled(editable)

    def show_problems(self, title: str, lines: Sequence[str], *, warning: bool = False) -> None:
        self.problems.setText(title + "\n" + bullet_list(lines))
        self.problems.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        self.problems.show()

    # -- shares ---------------------------------------------------------------------------------------------

    def _update_sum(self) -> None:
        total = self.shares.total_percent()
        ok = total == 100 and not self.shares.error
        text = self.tr("合计 %1%").replace("%1", percent_text(total))
        if not ok:
            text += self.tr("（须为 100%）")
        self.shares_sum.setText(text)
        self.shares_sum.setStyleSheet("" if ok else ERROR_STYLE)

    def _share_error(self, message: str) -> None:
        self.shares_error.setText(message)
        self.shares_error.setVisible(bool(message))

    def _add_share(self) -> None:
        broker_id = self.share_broker.reference()
        if broker_id is None:
            self._share_error(self.tr("请从列表中选择合作经纪人"))
            self.share_broker.setFocus()
            return
        try:
            percent = parse_percent(self.share_percent.text() or "0", field="percent")
        except ValidationError as exc:
            self._share_error("；".join(i.message for i in exc.issues))
            self.share_percent.setFocus()
            return
        if not self.shares.add(broker_id, self.share_broker.text(), percent):
            self._share_error(self.tr("该经纪人已在分配中"))
            return
        self._share_error("")
        self.share_broker.set_reference(None, "")
        self.share_percent.clear()

    def _remove_share(self) -> None:
        rows = self.shares_view.selectionModel().selectedRows()
        if rows:
            self.shares.remove(rows[0].row())

    def save_share_split(self) -> None:
        """Save the shares; the core refuses shares that do not add up to 100 %, and says so here."""
        if self.claim_id is None:
            return
        ident = self.claim_id
        shares = [ShareInput(r.broker_id, r.percent) for r in self.shares.rows()]
        try:
            self.ctx.write(lambda s: CLAIMS.set_shares(s, ident, shares), {"claim"})
        except WorkbenchError as exc:
            self._share_error("\n".join(issue_lines(exc)))
            return
        self._share_error("")

    # -- attachments ----------------------------------------------------------------------------------------

    def ticked_attachments(self) -> list[str]:
        codes = []
        for i in range(self.attachments.count()):
            item = self.attachments.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return codes

    def _attachment_toggled(self, _item: QListWidgetItem) -> None:
        if self._loading or self.claim_id is None or self.status != "draft":
            return
        # Saved on the next turn of the event loop: saving reloads the list, which must not delete the
        # item while Qt is still emitting its change.
        QTimer.singleShot(0, self._save_attachments)

    def _save_attachments(self) -> None:
        if self.claim_id is None or self.status != "draft":
            return
        ident, codes = self.claim_id, self.ticked_attachments()
        try:
            self.ctx.write(lambda s: CLAIMS.update_draft(s, ident, attachments=codes), {"claim"})
        except WorkbenchError as exc:
            self.show_problems(self.tr("附件未保存："), issue_lines(exc))
            self.load(ident)


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
        with ctx.store.session() as s:
            choices = policy_choices(s)
        for row in choices.policies:
            self.policy.addItem(f"{row.name}（v{row.version}）", row.key)
        self.policy.setCurrentIndex(max(self.policy.findData(choices.default_key), 0))
        self.problems = QLabel()
        self.problems.setObjectName("claimProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.hide()
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
            with store.session() as s:
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
            with store.session() as s:
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
