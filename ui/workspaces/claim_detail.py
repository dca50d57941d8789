"""One claim in full: facts, computation, shares, attachments, history, and its next status steps."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import ERROR_STYLE, WARNING_STYLE, ReferenceEdit
from ui.widgets.banner import error_label
from ui.widgets.columns import keep_fitted_to_rows
from ui.widgets.facts import FactGrid, FlowLayout
from ui.widgets.lists import bullet_list, issue_lines, wrapping_list
from ui.widgets.money import yuan
from ui.workspaces.claim_tables import ComputationModel, ShareRow, SharesModel, cap_label, percent_text
from workbench.enums import ClaimStatus
from workbench.errors import ValidationError, WorkbenchError
from workbench.i18n import join_list
from workbench.money import amount_in_words
from workbench.queries import as_local, sources
from workbench.queries.common import name_of, names_of
from workbench.services import CLAIMS, ShareInput
from workbench.services.claim_archive import form_hashes
from workbench.services.claims import parse_percent

translate = QCoreApplication.translate

# Which buttons a status enables.
ACTIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submit"}),
    "submitted": frozenset({"approve", "reject", "amend"}),
    "approved": frozenset({"pay", "reject"}),
    "paid": frozenset(),
    "rejected": frozenset({"amend"}),
}


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    return view


def _hash_field(name: str) -> QLineEdit:
    """A read-only, frameless field for a checksum: as wide as the pane allows, selectable whole."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setReadOnly(True)
    field.setFrame(False)
    field.setStyleSheet("QLineEdit { font-family: monospace; background: transparent; }")
    field.setMinimumWidth(120)
    return field


def _wrap_prose(facts: FactGrid, texts: set[str]) -> None:
    """Let the project title and the reason for return wrap: unbroken, they set the pane's minimum width,
    and a long one pushed the claims list into a sideways scroll at 1280 px.
    """
    grid = facts.grid
    for row in range(grid.rowCount()):
        item = grid.itemAtPosition(row, 1)
        value = item.widget() if item is not None else None
        if isinstance(value, QLabel) and value.text() and value.text() in texts:
            value.setWordWrap(True)


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
        self.facts = FactGrid("claimFacts")
        self.amount = QLabel()
        self.amount.setObjectName("claimAmount")
        self.amount.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1b5e20;")
        self.amount_words = QLabel()
        self.amount_words.setObjectName("amountInWords")
        self.amount_words.setWordWrap(True)
        self.amount_words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The form's two checksums, named as the form names them; the tooltips say what each proves.
        # Read-only line edits: 64 hex digits have no place to wrap, and as labels they made the pane
        # 600 px wide at least, which pushed the claims list into a sideways scroll. A line edit shows
        # what fits, and selects and copies the whole value.
        self.fingerprint = _hash_field("dataFingerprint")
        self.checksum = _hash_field("fileChecksum")
        hashes_box = QWidget()
        hashes = QGridLayout(hashes_box)
        hashes.setContentsMargins(0, 0, 0, 0)
        for row, (caption, value, tip) in enumerate(
            (
                (
                    self.tr("数据指纹"),
                    self.fingerprint,
                    self.tr(
                        "申请数据（当事人、合同、到账、金额、分配）的 SHA-256，印在表上、写在二维码里，"
                        "数据也附在 PDF 中。重新计算得到同一指纹，证明表上的数据未被改动。"
                    ),
                ),
                (
                    self.tr("文件校验码"),
                    self.checksum,
                    self.tr(
                        "提交时存档的 PDF 文件本身的 SHA-256。与交给区里的文件比对一致，"
                        "证明文件与存档一字不差；草稿提交后才有。"
                    ),
                ),
            )
        ):
            name = QLabel(caption)
            name.setToolTip(tip)
            value.setToolTip(tip)
            hashes.addWidget(name, row, 0)
            hashes.addWidget(value, row, 1)
        hashes.setColumnStretch(1, 1)

        self.buttons: dict[str, QPushButton] = {}
        # The step buttons wrap onto a second line in a narrow pane instead of widening it.
        actions_box = QWidget()
        actions = FlowLayout(actions_box)
        for key, text in (
            ("submit", self.tr("提交")),
            ("approve", self.tr("批准")),
            ("pay", self.tr("标记为已发放")),
            ("reject", self.tr("退回…")),
            ("amend", self.tr("修订")),
            ("preview", self.tr("预览/打印")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"action_{key}")
            self.buttons[key] = button
            actions.addWidget(button)
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
        computation_layout.addWidget(self.lines)
        computation_layout.addWidget(self.caps)
        computation_layout.addStretch(1)
        keep_fitted_to_rows(self.lines)

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
        self.shares_error = error_label("sharesError")
        shares_tab = QWidget()
        shares_layout = QVBoxLayout(shares_tab)
        shares_layout.addWidget(self.shares_view)
        keep_fitted_to_rows(self.shares_view, max_rows=8)
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
        shares_layout.addStretch(1)

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
        layout.addWidget(hashes_box)
        layout.addWidget(actions_box)
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
        self.facts.clear()
        for label in (self.amount, self.amount_words, self.caps, self.fingerprint, self.checksum):
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
        with self.ctx.store.session(write=False) as s:
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
            try:
                form = form_hashes(s, claim_id)
            except WorkbenchError:
                form = None  # a draft missing what its form needs has no form yet, so no fingerprint
        same = claim_id == self.claim_id
        self.claim_id = claim_id
        self.status = claim.status
        status = ClaimStatus(claim.status)
        snapshot = claim.policy_snapshot
        self.heading.setText(f"{claim.claim_no}　{status.label}")
        self.facts.set_facts(
            [
                (self.tr("项目"), contract_title or "—"),
                (
                    self.tr("政策"),
                    self.tr("%1（第 %2 版）")
                    .replace("%1", str(snapshot.get("name", "")))
                    .replace("%2", str(snapshot.get("version", ""))),
                ),
                (self.tr("申请人"), names.get(claim.broker_id, "—")),
                (self.tr("申请日期"), claim.claimed_on.isoformat()),
                (
                    self.tr("修订次数"),
                    self.tr("第 %1 次修订").replace("%1", str(claim.revision - 1))
                    if claim.revision > 1
                    else "",
                ),
                (self.tr("退回原因"), claim.status_reason or ""),
            ]
        )
        _wrap_prose(self.facts, {contract_title or "", claim.status_reason or ""})
        self.amount.setText(self.tr("申请金额 %1 元").replace("%1", yuan(claim.amount_fen)))
        self.amount_words.setText(amount_in_words(claim.amount_fen))
        self.fingerprint.setText(form.data_fingerprint if form else self.tr("（资料补齐后生成）"))
        self.checksum.setText(
            form.file_checksum if form and form.file_checksum else self.tr("（提交存档后生成）")
        )
        for field in (self.fingerprint, self.checksum):
            field.setCursorPosition(0)  # the start of the value, where a reader compares it
        self.computation.set_lines(claim.computation.get("lines", []))
        caps = claim.computation.get("caps_applied", [])
        self.caps.setText(
            self.tr("适用上限：%1").replace("%1", join_list(cap_label(c) for c in caps))
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
