"""Settings, reward policies: every policy and version, the selected one in words; edit, new version, default."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.workspaces.settings.common import LOCK_STYLE, heading, note
from ui.workspaces.settings.policy_dialog import PolicyVersionDialog
from ui.workspaces.settings.policy_text import describe_policy
from workbench.errors import WorkbenchError
from workbench.models import Policy
from workbench.services import policies as pol
from workbench.services.base import Changes


@dataclass
class _VersionInfo:
    row: Policy
    claims: int  # submitted (or later) claims that use it


class PoliciesPage(QWidget):
    """Every policy and every version; the selected version's rules in words; new version, edit, default."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("policiesPage")
        self.versions: dict[str, _VersionInfo] = {}
        self.default_key = ""
        self.tree = QTreeWidget()
        self.tree.setObjectName("policyTree")
        self.tree.setHeaderLabels([self.tr("政策与版本"), self.tr("生效日期"), self.tr("状态")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.currentItemChanged.connect(lambda _c, _p: self._show_current())
        self.detail = QTextBrowser()
        self.detail.setObjectName("policyDetail")
        self.detail.setOpenExternalLinks(True)
        self.lock = QLabel()
        self.lock.setObjectName("policyLock")
        self.lock.setWordWrap(True)
        self.lock.setStyleSheet(LOCK_STYLE)
        self.lock.hide()
        self.edit_button = QPushButton(self.tr("修改此版本…"))
        self.edit_button.setObjectName("editVersion")
        self.new_button = QPushButton(self.tr("以此为基础新建版本…"))
        self.new_button.setObjectName("newVersion")
        self.default_button = QPushButton(self.tr("设为默认政策"))
        self.default_button.setObjectName("setDefault")
        self.edit_button.clicked.connect(lambda: self.open_editor(new_version=False))
        self.new_button.clicked.connect(lambda: self.open_editor(new_version=True))
        self.default_button.clicked.connect(self.make_default)
        self.message = note()
        self.message.setObjectName("policyMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.default_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.lock)
        right_layout.addWidget(self.detail, 1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("奖励政策")))
        layout.addWidget(
            note(
                self.tr(
                    "奖励申请按所选政策版本计算，并保存该版本的快照。修改政策请新建版本；"
                    "已被提交的申请使用的版本只读。新的申请默认使用“默认政策”的最新版本。"
                )
            )
        )
        layout.addWidget(splitter, 1)
        ctx.bus.changed.connect(self._on_changes)
        self.load()

    def _on_changes(self, changes: Changes) -> None:
        if changes.kinds & {"policy", "claim"}:
            self.load()

    def load(self, chosen_id: str | None = None) -> None:
        """Reload the tree, keeping (or moving to) the selected version."""
        current = chosen_id or self.current_id()
        with self.ctx.store.session(write=False) as session:
            rows = pol.list_policies(session, all_versions=True)
            counts = pol.submitted_claims_per_version(session)
            try:
                self.default_key = pol.get_policy(session).policy_key
            except WorkbenchError:
                self.default_key = ""
        self.versions = {r.id: _VersionInfo(r, int(counts.get(r.id, 0))) for r in rows}
        blocker = QSignalBlocker(self.tree)
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        newest: dict[str, QTreeWidgetItem] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for r in rows:
            group = groups.get(r.policy_key)
            if group is None:
                group = QTreeWidgetItem(self.tree)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setData(0, Qt.ItemDataRole.UserRole, None)
                group.setFont(0, bold)
                group.setFirstColumnSpanned(True)  # long policy names need the whole row
                groups[r.policy_key] = group
            group.setText(0, r.name + (self.tr("（默认）") if r.policy_key == self.default_key else ""))
            item = QTreeWidgetItem(group)
            item.setText(0, self.tr("第 %1 版").replace("%1", str(r.version)))
            rules = pol.rules_of(r)
            span = rules.effective_from.isoformat() + (
                f" — {rules.effective_to.isoformat()}" if rules.effective_to else ""
            )
            item.setText(1, span)
            info = self.versions[r.id]
            if not r.active:
                state = self.tr("已停用")
            elif info.claims:
                state = self.tr("已用于 %n 份申请（只读）", "", info.claims)
            else:
                state = self.tr("可修改")
            item.setText(2, state)
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            newest[r.policy_key] = item
        self.tree.expandAll()
        chosen = None
        for group_item in groups.values():
            for j in range(group_item.childCount()):
                child = group_item.child(j)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == current:
                    chosen = child
        if chosen is None:
            chosen = newest.get(self.default_key) or next(iter(newest.values()), None)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        del blocker
        self._show_current()

    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_version(self, key: str, version: int) -> None:
        for ident, info in self.versions.items():
            if info.row.policy_key == key and info.row.version == version:
                self.load(chosen_id=ident)
                return

    def _show_current(self) -> None:
        info = self.versions.get(self.current_id() or "")
        for button in (self.edit_button, self.new_button, self.default_button):
            button.setEnabled(info is not None)
        if info is None:
            self.detail.setHtml("<p>" + html.escape(self.tr("请在左侧选择一个政策版本。")) + "</p>")
            self.lock.hide()
            return
        self.detail.setHtml(describe_policy(pol.rules_of(info.row)))
        if info.claims:
            self.lock.setText(
                self.tr(
                    "此版本已被 %n 份已提交的奖励申请使用，只读：修改会改变这些申请所依据的规则。可以以此为基础新建版本。",
                    "",
                    info.claims,
                )
            )
            self.lock.show()
            self.edit_button.setText(self.tr("查看此版本…"))
        else:
            self.lock.hide()
            self.edit_button.setText(self.tr("修改此版本…"))
        self.default_button.setEnabled(info.row.policy_key != self.default_key)

    def run_dialog(self, dialog: QDialog) -> int:
        """Show a nested dialog modally; tests override this to fill it in and press its buttons."""
        return dialog.exec()

    def open_editor(self, *, new_version: bool) -> PolicyVersionDialog | None:
        info = self.versions.get(self.current_id() or "")
        if info is None:
            return None
        dialog = PolicyVersionDialog(
            self.ctx, info.row, new_version=new_version, in_use_by=info.claims, parent=self
        )
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.result_row is not None:
            row = dialog.result_row
            self.load(chosen_id=row.id)
            self.message.setText(
                self.tr("已创建 %1 第 %2 版。").replace("%1", row.name).replace("%2", str(row.version))
                if new_version
                else self.tr("已保存第 %1 版的修改。").replace("%1", str(row.version))
            )
        return dialog

    def make_default(self) -> None:
        info = self.versions.get(self.current_id() or "")
        if info is None:
            return
        key = info.row.policy_key
        try:
            self.ctx.write(lambda s: pol.set_default(s, key), {"policy"})
        except WorkbenchError as exc:
            self.message.setText(exc.message)
            return
        self.ctx.prefs.set("default_policy", key)  # kept in step with the data's own setting
        self.message.setText(self.tr("新的奖励申请将默认使用“%1”。").replace("%1", info.row.name))
        self.load()
