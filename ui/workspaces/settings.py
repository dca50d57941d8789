"""Settings: the broker's own profile, reward policies and their versions, language, data and backups.

Prompts (confirmations, passphrases, the recovery key, nested dialogs) are methods, so tests answer them
by overriding instead of leaving a modal box open.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid
from sqlmodel import Session, col, func, select

from ui.context import AppContext, CancelToken
from ui.forms import ERROR_STYLE, WARNING_STYLE, DateEdit, EntityFormDialog, FieldDef
from workbench import i18n
from workbench.enums import BrokerLevel, ContractType
from workbench.errors import Issue, PolicyError, Severity, ValidationError, WorkbenchError
from workbench.models import ENTITY_TABLES, Broker, Claim, Policy
from workbench.money import format_yuan, parse_yuan
from workbench.rules import BaseKind, RateMode, Rounding
from workbench.rules import Policy as RulePolicy
from workbench.services import BROKERS
from workbench.services import policies as pol
from workbench.services.base import Changes
from workbench.validation import check_date

translate = QCoreApplication.translate

OK_STYLE = "color: #188038;"
NOTE_STYLE = "color: #5f6368;"
LOCK_STYLE = "background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; padding: 6px;"


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: bold;")
    return label


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


# ====================================================================================== broker profile


def profile_fields() -> list[FieldDef]:
    claim = translate("Settings", "申请奖励时必填")
    return [
        FieldDef("name", translate("Settings", "姓名"), required=True),
        FieldDef("id_card", translate("Settings", "身份证号"), placeholder="330211199001011234", help=claim),
        FieldDef("certificate_no", translate("Settings", "经纪人证书/备案编号"), help=claim),
        FieldDef("level", translate("Settings", "经纪人等级"), kind="choice", choices=BrokerLevel),
        FieldDef("agency", translate("Settings", "所属机构")),
        FieldDef("agency_uscc", translate("Settings", "机构统一社会信用代码")),
        FieldDef("phone", translate("Settings", "联系电话"), placeholder="138 0574 0000", help=claim),
        FieldDef("email", translate("Settings", "电子邮箱")),
        FieldDef("bank_name", translate("Settings", "开户银行"), placeholder="宁波银行镇海支行", help=claim),
        FieldDef("account_name", translate("Settings", "账户名称"), help=claim),
        FieldDef("account_number", translate("Settings", "银行账号"), help=claim),
    ]


def _self_broker(session: Session) -> Broker | None:
    return session.exec(select(Broker).where(col(Broker.is_self), col(Broker.deleted_at).is_(None))).first()


class ProfileForm(EntityFormDialog):
    """The generated entity form, embedded in the page: saving keeps it open, "undo" reloads the record."""

    reloaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        with ctx.store.session() as session:
            me = _self_broker(session)
        super().__init__(
            ctx,
            BROKERS,
            profile_fields(),
            title=translate("Settings", "经纪人档案"),
            record_id=me.id if me else None,
            parent=parent,
        )
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setObjectName("profileForm")
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if save is not None:
            save.setText(self.tr("保存档案"))
            save.setObjectName("saveProfile")
        if cancel is not None:
            cancel.setText(self.tr("撤销修改"))
            cancel.setObjectName("revertProfile")
        self.override.hide()
        # Buttons right under the fields, not at the bottom of a tall page; the fields' box grows with
        # the error lines shown under them instead of scrolling.
        outer = self.layout()
        self._scroll = self.findChild(QScrollArea)
        if isinstance(outer, QVBoxLayout) and self._scroll is not None:
            outer.setStretch(outer.indexOf(self._scroll), 0)
            outer.addStretch(1)
        self.fit()
        self.setMinimumWidth(620)
        self.setMaximumWidth(760)

    def fit(self) -> None:
        """Make the fields' box as tall as its content (messages under fields come and go)."""
        body = self._scroll.widget() if self._scroll is not None else None
        if self._scroll is not None and body is not None:
            self._scroll.setMinimumHeight(body.sizeHint().height() + 2 * self._scroll.frameWidth() + 4)

    def save(self) -> None:
        super().save()
        self.fit()

    def values(self) -> dict[str, Any]:
        data = super().values()
        if not self.record_id:
            data["is_self"] = True  # the first save creates the app user's own profile
        return data

    def accept(self) -> None:
        # Saved: stay on the page, now editing the stored record (normalised values shown back).
        if self.result_record is not None:
            self.record_id = self.result_record.id
        self.reload()

    def reject(self) -> None:
        self.reload()

    def reload(self) -> None:
        for row in self.rows.values():
            row.show_issue(None)
        self.banner.hide()
        self.override.hide()
        self._load({}, {})
        self.reloaded.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()  # Escape must not throw away what was typed in an embedded form
            return
        super().keyPressEvent(event)


class ProfilePage(QWidget):
    """The is_self broker: what the claim form prints, and which of it is still missing."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("profilePage")
        self.form = ProfileForm(ctx)
        self.readiness = QLabel()
        self.readiness.setObjectName("claimReadiness")
        self.readiness.setWordWrap(True)
        intro = _note(
            self.tr("奖励申请表上的申请人信息取自这里。身份证号、证书编号、电话和银行账户在申请奖励时必填。")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("经纪人档案")))
        layout.addWidget(intro)
        layout.addWidget(self.readiness)
        layout.addWidget(self.form, 1, Qt.AlignmentFlag.AlignLeft)
        self.form.reloaded.connect(self.update_readiness)
        ctx.bus.changed.connect(self._on_changes)
        self.update_readiness()

    def _on_changes(self, changes: Changes) -> None:
        if "broker" in changes.kinds and not self.form.dirty:
            with self.ctx.store.session() as session:
                me = _self_broker(session)
            self.form.record_id = me.id if me else None
            self.form.reload()
            self.update_readiness()

    def missing(self) -> list[Issue]:
        with self.ctx.store.session() as session:
            me = _self_broker(session)
            if me is None:
                return BROKERS.missing_for_claim(Broker(name=""))
            return BROKERS.missing_for_claim(me)

    def update_readiness(self) -> None:
        missing = self.missing()
        if not missing:
            self.readiness.setText(self.tr("✓ 档案完整，可以用于奖励申请。"))
            self.readiness.setStyleSheet(OK_STYLE)
        else:
            labels = "、".join(self.form.rows[i.field].fd.label for i in missing if i.field in self.form.rows)
            self.readiness.setText(self.tr("申请奖励前还需填写：%1").replace("%1", labels))
            self.readiness.setStyleSheet(WARNING_STYLE)
        # Mark the missing fields themselves, unless a save error is shown there.
        for issue in missing:
            row = self.form.rows.get(issue.field)
            if row is not None and row.message.isHidden():
                row.show_issue(Issue(issue.field, issue.code, self.tr("申请奖励时必填"), Severity.WARNING))
        self.form.fit()


# ====================================================================================== reward policies


def _percent(rate: Decimal) -> str:
    return format(rate.scaleb(2).normalize(), "f")


def _yuan(fen: int | None) -> str:
    return "" if fen is None else format_yuan(fen, grouping=True)


def describe_policy(rules: RulePolicy) -> str:
    """A policy version's rules as readable Chinese (or English) HTML."""
    e = html.escape
    parts: list[str] = [f"<h3>{e(rules.name)}　<span style='color:#5f6368'>"]
    parts.append(e(translate("Settings", "第 %1 版").replace("%1", str(rules.version))) + "</span></h3>")

    def row(label: str, value: str) -> str:
        return f"<tr><td style='color:#5f6368; padding-right:12px' valign='top'>{e(label)}</td><td>{value}</td></tr>"

    rows = [
        row(
            translate("Settings", "适用地区"),
            e(rules.jurisdiction)
            + (f"（{e('、'.join(rules.division_codes))}）" if rules.division_codes else ""),
        ),
        row(
            translate("Settings", "生效期间"),
            e(rules.effective_from.isoformat())
            + " — "
            + e(rules.effective_to.isoformat() if rules.effective_to else translate("Settings", "长期有效")),
        ),
        row(translate("Settings", "计算基数"), e(rules.base_kind.label)),
        row(translate("Settings", "计算方式"), e(rules.rate_mode.label)),
    ]
    if rules.rate_mode is RateMode.FLAT and rules.rate is not None:
        rows.append(row(translate("Settings", "奖励比例"), e(_percent(rules.rate) + "%")))
    else:
        lines, lower = [], 0
        for tier in rules.tiers:
            if tier.up_to_fen is None:
                span = translate("Settings", "%1 元以上").replace("%1", _yuan(lower))
            else:
                span = (
                    translate("Settings", "%1 – %2 元")
                    .replace("%1", _yuan(lower))
                    .replace("%2", _yuan(tier.up_to_fen))
                )
            line = f"{e(span)}：{e(_percent(tier.rate))}%"
            if tier.cap_fen is not None:
                line += e(translate("Settings", "，本档最多 %1 元").replace("%1", _yuan(tier.cap_fen)))
            lines.append(line)
            lower = tier.up_to_fen or lower
        note = (
            translate("Settings", "（各段分别按本段比例计算后相加）")
            if rules.rate_mode is RateMode.MARGINAL
            else translate("Settings", "（按基数所在档的比例对全额计算）")
        )
        rows.append(
            row(
                translate("Settings", "分档"),
                "<br>".join(lines) + f"<br><span style='color:#5f6368'>{e(note)}</span>",
            )
        )
    rows.append(
        row(
            translate("Settings", "起奖门槛"),
            e(translate("Settings", "基数达到 %1 元").replace("%1", _yuan(rules.min_threshold_fen)))
            if rules.min_threshold_fen
            else e(translate("Settings", "无")),
        )
    )
    none = translate("Settings", "不设上限")
    rows.append(
        row(
            translate("Settings", "单个项目上限"),
            e(
                _yuan(rules.cap_per_project_fen) + translate("Settings", " 元")
                if rules.cap_per_project_fen is not None
                else none
            ),
        )
    )
    rows.append(
        row(
            translate("Settings", "每人每年上限"),
            e(
                _yuan(rules.cap_per_broker_year_fen) + translate("Settings", " 元")
                if rules.cap_per_broker_year_fen is not None
                else none
            ),
        )
    )
    rows.append(row(translate("Settings", "取整"), e(rules.rounding.label)))
    elig = rules.eligibility
    conditions = []
    if elig.require_registered:
        conditions.append(translate("Settings", "合同须经技术合同认定登记"))
    if elig.buyer_in_jurisdiction:
        conditions.append(translate("Settings", "买方须在本地区"))
    if elig.require_need_filed:
        conditions.append(translate("Settings", "需求须已入库备案"))
    if elig.one_claim_per_contract:
        conditions.append(translate("Settings", "每份合同只能申请一次"))
    types = (
        "、".join(ContractType(c.value).label for c in elig.allowed_contract_types)
        if elig.allowed_contract_types
        else translate("Settings", "不限")
    )
    conditions.append(translate("Settings", "合同类型：%1").replace("%1", types))
    rows.append(row(translate("Settings", "申请条件"), "<br>".join(e(c) for c in conditions)))
    if rules.attachments:
        items = [
            e(a.label)
            + (
                " <b>" + e(translate("Settings", "（必备）")) + "</b>"
                if a.required
                else e(translate("Settings", "（可选）"))
            )
            for a in rules.attachments
        ]
        rows.append(row(translate("Settings", "附件"), "<br>".join(items)))
    form = rules.form
    if form.title:
        rows.append(row(translate("Settings", "申请表标题"), e(form.title)))
    if form.authority_boxes:
        rows.append(row(translate("Settings", "审核栏"), e("、".join(form.authority_boxes))))
    if form.declaration:
        rows.append(row(translate("Settings", "申请人声明"), e(form.declaration)))
    if rules.notes.strip():
        rows.append(row(translate("Settings", "说明"), e(rules.notes.strip()).replace("\n", "<br>")))
    if rules.source:
        rows.append(row(translate("Settings", "依据"), e(rules.source)))
    parts.append("<table cellspacing='4'>" + "".join(rows) + "</table>")
    return "".join(parts)


# Which editor shows a problem the core names by its key in the policy schema.
_PROBLEM_FIELDS: tuple[tuple[str, str], ...] = (
    ("rate.tiers", "tiers"),
    ("rate.rate", "rate"),
    ("rate.mode", "rate_mode"),
    ("rate.base", "base_kind"),
    ("rate.min_threshold", "threshold"),
    ("rate.rounding", "rounding"),
    ("caps.per_project", "cap_project"),
    ("caps.per_broker_year", "cap_year"),
    ("policy.effective_from", "effective_from"),
    ("policy.effective_to", "effective_to"),
    ("policy.name", "name"),
    ("attachments", "attachments"),
)
_PROBLEM_RE = re.compile(r"^(?P<key>[A-Za-z_.\[\]0-9]+)(?:：|: )(?P<message>.*)$")


@dataclass
class _Input:
    """A value read from the editor, or why it could not be read."""

    value: Any = None
    error: str | None = None


class PolicyVersionDialog(QDialog):
    """Edit a policy version, or create the next version from it; read-only when a submitted claim uses it."""

    def __init__(
        self,
        ctx: AppContext,
        row: Policy,
        *,
        new_version: bool,
        in_use_by: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.new_version = new_version
        self.read_only = not new_version and in_use_by > 0
        self.result_row: Policy | None = None
        self.rules = pol.rules_of(row)
        self.setObjectName("policyVersionDialog")
        self.setWindowTitle(
            self.tr("以第 %1 版为基础新建版本").replace("%1", str(row.version))
            if new_version
            else self.tr("修改第 %1 版").replace("%1", str(row.version))
        )
        self.messages: dict[str, QLabel] = {}

        self.lock = QLabel(
            self.tr(
                "此版本已被 %n 份已提交的奖励申请使用，不能修改：修改会改变这些申请所依据的规则。"
                "如政策有变化，请关闭后点击“以此为基础新建版本”。",
                "",
                in_use_by,
            )
        )
        self.lock.setObjectName("readOnlyNote")
        self.lock.setWordWrap(True)
        self.lock.setStyleSheet(LOCK_STYLE)
        self.lock.setVisible(self.read_only)
        self.banner = QLabel()
        self.banner.setObjectName("policyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.hide()

        rules = self.rules
        self.name = QLineEdit(rules.name)
        self.name.setObjectName("field_name")
        self.effective_from = DateEdit()
        self.effective_from.setObjectName("field_effective_from")
        self.effective_from.setText(rules.effective_from.isoformat())
        self.effective_to = DateEdit()
        self.effective_to.setObjectName("field_effective_to")
        self.effective_to.setText(rules.effective_to.isoformat() if rules.effective_to else "")
        self.base_kind = QComboBox()
        self.base_kind.setObjectName("field_base_kind")
        for kind in BaseKind:
            self.base_kind.addItem(kind.label, kind.value)
        self.base_kind.setCurrentIndex(self.base_kind.findData(rules.base_kind.value))
        self.rate_mode = QComboBox()
        self.rate_mode.setObjectName("field_rate_mode")
        for mode in RateMode:
            self.rate_mode.addItem(mode.label, mode.value)
        self.rate_mode.setCurrentIndex(self.rate_mode.findData(rules.rate_mode.value))
        self.rate = QLineEdit(_percent(rules.rate) if rules.rate is not None else "")
        self.rate.setObjectName("field_rate")
        self.rate.setPlaceholderText("1.5")
        self.tiers = QTableWidget(0, 3)
        self.tiers.setObjectName("field_tiers")
        self.tiers.setHorizontalHeaderLabels(
            [self.tr("上限（元，末档留空）"), self.tr("比例（%）"), self.tr("本档封顶（元）")]
        )
        self.tiers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tiers.verticalHeader().setDefaultSectionSize(26)
        self.tiers.setMinimumHeight(120)
        for tier in rules.tiers:
            self._add_tier(
                _yuan(tier.up_to_fen).replace(",", ""),
                _percent(tier.rate),
                _yuan(tier.cap_fen).replace(",", ""),
            )
        self.add_tier = QPushButton(self.tr("添加一档"))
        self.add_tier.clicked.connect(lambda: self._add_tier("", "", ""))
        self.remove_tier = QPushButton(self.tr("删除所选档"))
        self.remove_tier.clicked.connect(self._remove_tier)
        self.cap_project = QLineEdit(_yuan(rules.cap_per_project_fen).replace(",", ""))
        self.cap_project.setObjectName("field_cap_project")
        self.cap_project.setPlaceholderText(self.tr("留空表示不设上限"))
        self.cap_year = QLineEdit(_yuan(rules.cap_per_broker_year_fen).replace(",", ""))
        self.cap_year.setObjectName("field_cap_year")
        self.cap_year.setPlaceholderText(self.tr("留空表示不设上限"))
        self.threshold = QLineEdit(
            _yuan(rules.min_threshold_fen).replace(",", "") if rules.min_threshold_fen else ""
        )
        self.threshold.setObjectName("field_threshold")
        self.threshold.setPlaceholderText("0")
        self.rounding = QComboBox()
        self.rounding.setObjectName("field_rounding")
        for rounding in Rounding:
            self.rounding.addItem(rounding.label, rounding.value)
        self.rounding.setCurrentIndex(self.rounding.findData(rules.rounding.value))
        self.attachments = QTableWidget(len(rules.attachments), 2)
        self.attachments.setObjectName("field_attachments")
        self.attachments.setHorizontalHeaderLabels([self.tr("附件"), self.tr("必备")])
        self.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.attachments.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.attachments.verticalHeader().hide()
        self.attachments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for n, att in enumerate(rules.attachments):
            label = QTableWidgetItem(att.label)
            label.setData(Qt.ItemDataRole.UserRole, att.code)
            self.attachments.setItem(n, 0, label)
            required = QTableWidgetItem()
            required.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            required.setCheckState(Qt.CheckState.Checked if att.required else Qt.CheckState.Unchecked)
            self.attachments.setItem(n, 1, required)
        self.attachments.setMinimumHeight(min(60 + 26 * len(rules.attachments), 260))

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        tier_buttons = QHBoxLayout()
        tier_buttons.addWidget(self.add_tier)
        tier_buttons.addWidget(self.remove_tier)
        tier_buttons.addStretch(1)
        tier_cell = QWidget()
        tier_layout = QVBoxLayout(tier_cell)
        tier_layout.setContentsMargins(0, 0, 0, 0)
        tier_layout.addWidget(self.tiers)
        tier_layout.addLayout(tier_buttons)
        rate_cell = QWidget()
        rate_layout = QHBoxLayout(rate_cell)
        rate_layout.setContentsMargins(0, 0, 0, 0)
        rate_layout.addWidget(self.rate, 1)
        rate_layout.addWidget(QLabel("%"))
        self._rate_label = QLabel(self.tr("奖励比例"))
        self._tiers_label = QLabel(self.tr("分档"))
        entries: list[tuple[str, QLabel | str, QWidget]] = [
            ("name", self.tr("政策名称"), self.name),
            ("effective_from", self.tr("生效日期"), self.effective_from),
            ("effective_to", self.tr("失效日期"), self.effective_to),
            ("base_kind", self.tr("计算基数"), self.base_kind),
            ("rate_mode", self.tr("计算方式"), self.rate_mode),
            ("rate", self._rate_label, rate_cell),
            ("tiers", self._tiers_label, tier_cell),
            ("threshold", self.tr("起奖门槛（元）"), self.threshold),
            ("cap_project", self.tr("单个项目上限（元）"), self.cap_project),
            ("cap_year", self.tr("每人每年上限（元）"), self.cap_year),
            ("rounding", self.tr("取整"), self.rounding),
            ("attachments", self.tr("附件（勾选为必备）"), self.attachments),
        ]
        self._cells: dict[str, QWidget] = {}
        for key, caption, editor in entries:
            message = QLabel()
            message.setObjectName(f"error_{key}")
            message.setWordWrap(True)
            message.setStyleSheet(ERROR_STYLE)
            message.hide()
            self.messages[key] = message
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(message)
            self._cells[key] = cell
            form.addRow(caption, cell)
        self._form = form
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("创建新版本") if new_version else self.tr("保存修改"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setObjectName("savePolicy")
        close = self.buttons.addButton(
            self.tr("关闭") if self.read_only else self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        close.setObjectName("closePolicy")
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self.intro = _note(
            self.tr("新版本保存为第 %1 版，之后的新申请按新版本计算；已有的申请仍按各自保存的版本。").replace(
                "%1", str(self._next_version())
            )
            if new_version
            else self.tr("修改只影响之后新建的申请；已建的申请（包括草稿）按创建时保存的规则计算。")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock)
        if not self.read_only:
            layout.addWidget(self.intro)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.rate_mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self._mode_changed()
        if self.read_only:
            for widget in (body, self.save_button):
                widget.setEnabled(False)
            self.save_button.hide()
            # Disabled placeholders read like values: say what an empty field means instead.
            self.cap_project.setPlaceholderText(self.tr("不设上限"))
            self.cap_year.setPlaceholderText(self.tr("不设上限"))
            self.effective_to.line.setPlaceholderText(self.tr("长期有效"))
            self.threshold.setPlaceholderText(self.tr("无"))
        self.resize(640, 720)

    def _next_version(self) -> int:
        with self.ctx.store.session() as session:
            newest = session.exec(
                select(func.max(Policy.version)).where(Policy.policy_key == self.row.policy_key)
            ).one()
        return int(newest or 0) + 1

    # -- editing -------------------------------------------------------------------------------------------

    def _add_tier(self, up_to: str, rate: str, cap: str) -> None:
        n = self.tiers.rowCount()
        self.tiers.insertRow(n)
        for column, text in enumerate((up_to, rate, cap)):
            self.tiers.setItem(n, column, QTableWidgetItem(text))

    def _remove_tier(self) -> None:
        rows = sorted({i.row() for i in self.tiers.selectedIndexes()}, reverse=True)
        for r in rows or [self.tiers.rowCount() - 1]:
            if r >= 0:
                self.tiers.removeRow(r)

    def _tier_text(self, row: int, column: int) -> str:
        item = self.tiers.item(row, column)
        return item.text() if item is not None else ""

    def _mode_changed(self) -> None:
        flat = self.rate_mode.currentData() == RateMode.FLAT.value
        self._form.setRowVisible(self._cells["rate"], flat)
        self._form.setRowVisible(self._cells["tiers"], not flat)
        self.tiers.setColumnHidden(2, self.rate_mode.currentData() != RateMode.BRACKET.value)

    # -- reading the inputs --------------------------------------------------------------------------------

    def _money(self, text: str, *, optional: bool) -> _Input:
        text = text.strip().replace(",", "")
        if not text:
            return _Input(None) if optional else _Input(0)
        try:
            return _Input(parse_yuan(text, field="amount"))
        except ValidationError as exc:
            return _Input(error="；".join(i.message for i in exc.issues))

    def _rate_of(self, text: str) -> _Input:
        cleaned = text.strip().rstrip("%％").strip()
        if not cleaned:
            return _Input(error=self.tr("请填写比例，例如 1.5 表示 1.5%"))
        try:
            percent = Decimal(cleaned)
        except InvalidOperation:
            return _Input(error=self.tr("比例应为数字，例如 1.5 表示 1.5%"))
        if not percent.is_finite() or percent < 0 or percent > 100:
            return _Input(error=self.tr("比例应在 0 到 100 之间（单位：%）"))
        return _Input(format((percent / 100).normalize(), "f"))

    def changes(self) -> dict[str, Any] | None:
        """The edited rules in the store's format, or None after showing what could not be read."""
        self._clear_messages()
        errors: dict[str, str] = {}
        data: dict[str, Any] = {"name": self.name.text().strip()}
        for key, edit in (("effective_from", self.effective_from), ("effective_to", self.effective_to)):
            checked = check_date(edit.text(), field=key, required=key == "effective_from")
            if checked.issues:
                errors[key] = "；".join(i.message for i in checked.issues)
            data[key] = checked.value.isoformat() if checked.value else None
        data["base_kind"] = self.base_kind.currentData()
        mode = self.rate_mode.currentData()
        data["rate_mode"] = mode
        data["rounding"] = self.rounding.currentData()
        if mode == RateMode.FLAT.value:
            rate = self._rate_of(self.rate.text())
            if rate.error:
                errors["rate"] = rate.error
            data["rate"], data["tiers"] = rate.value, []
        else:
            tiers, problems = [], []
            for r in range(self.tiers.rowCount()):
                cells = [self._tier_text(r, c) for c in range(3)]
                if not any(x.strip() for x in cells):
                    continue
                up_to = self._money(cells[0], optional=True)
                rate = self._rate_of(cells[1])
                cap = self._money(cells[2], optional=True) if mode == RateMode.BRACKET.value else _Input(None)
                for found in (up_to, rate, cap):
                    if found.error:
                        problems.append(
                            self.tr("第 %1 档：%2").replace("%1", str(r + 1)).replace("%2", found.error)
                        )
                tiers.append({"up_to_fen": up_to.value, "rate": rate.value, "cap_fen": cap.value})
            if problems:
                errors["tiers"] = "\n".join(problems)
            data["rate"], data["tiers"] = None, tiers
        for key, line, optional in (
            ("threshold", self.threshold, False),
            ("cap_project", self.cap_project, True),
            ("cap_year", self.cap_year, True),
        ):
            found = self._money(line.text(), optional=optional)
            if found.error:
                errors[key] = found.error
            data[
                {
                    "threshold": "min_threshold_fen",
                    "cap_project": "cap_per_project_fen",
                    "cap_year": "cap_per_broker_year_fen",
                }[key]
            ] = found.value
        attachments = []
        for r in range(self.attachments.rowCount()):
            label, flag = self.attachments.item(r, 0), self.attachments.item(r, 1)
            if label is None or flag is None:
                continue
            attachments.append(
                {
                    "code": label.data(Qt.ItemDataRole.UserRole),
                    "label": label.text(),
                    "required": flag.checkState() == Qt.CheckState.Checked,
                }
            )
        data["attachments"] = attachments
        if errors:
            for key, message in errors.items():
                self._show(key, message)
            return None
        return data

    # -- saving ----------------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.read_only:
            return
        data = self.changes()
        if data is None:
            return
        try:
            with self.ctx.store.session(actor=self.ctx.actor) as session:
                if self.new_version:
                    row = pol.new_version(session, self.row.policy_key, data, from_version=self.row.version)
                else:
                    row = pol.edit_version(session, self.row.id, data)
        except PolicyError as exc:
            self._show_problems(exc.message)
            return
        except WorkbenchError as exc:
            self.banner.setText(exc.message)
            self.banner.show()
            return
        self.result_row = row
        self.ctx.bus.publish(Changes(frozenset({"policy"}), (row.id,)))
        self.accept()

    def _clear_messages(self) -> None:
        self.banner.hide()
        for label in self.messages.values():
            label.hide()
            label.clear()

    def _show(self, key: str, message: str) -> None:
        label = self.messages[key]
        label.setText((label.text() + "\n" if label.text() else "") + message)
        label.show()

    def _show_problems(self, text: str) -> None:
        """Put each of the core's problems under the editor it names; the rest in the banner."""
        stray = []
        for line in text.splitlines()[1:] or text.splitlines():
            match = _PROBLEM_RE.match(line.strip())
            field = None
            if match:
                key = match["key"]
                field = next((f for prefix, f in _PROBLEM_FIELDS if key.startswith(prefix)), None)
                tier = re.search(r"tiers\[(\d+)\]", key)
                message = match["message"]
                if tier:
                    message = self.tr("第 %1 档：%2").replace("%1", tier.group(1)).replace("%2", message)
            if field is not None and match:
                self._show(field, message)
            elif line.strip():
                stray.append(line.strip())
        if stray:
            self.banner.setText("\n".join(stray))
            self.banner.show()


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
        self.message = _note()
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
        layout.addWidget(_heading(self.tr("奖励政策")))
        layout.addWidget(
            _note(
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
        with self.ctx.store.session() as session:
            rows = pol.list_policies(session, all_versions=True)
            counts = dict(
                session.exec(
                    select(Claim.policy_id, func.count())
                    .where(Claim.status != "draft", col(Claim.deleted_at).is_(None))
                    .group_by(col(Claim.policy_id))
                ).all()
            )
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


# ====================================================================================== language

LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "简体中文"), ("en", "English"))


class LanguagePage(QWidget):
    """The interface language, kept in the preferences; it takes effect at the next start."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("languagePage")
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        box = QGroupBox(self.tr("界面语言"))
        box.setMaximumWidth(560)
        box_layout = QVBoxLayout(box)
        choices = [("", self.tr("跟随系统（无法判断时使用简体中文）")), *LANGUAGES]
        for value, label in choices:
            button = QRadioButton(label)
            button.setObjectName(f"language_{value or 'system'}")
            self.buttons[value] = button
            self.group.addButton(button)
            box_layout.addWidget(button)
        chosen = str(ctx.prefs.get("language") or "")
        self.buttons.get(chosen, self.buttons[""]).setChecked(True)
        self.note = QLabel()
        self.note.setObjectName("languageNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("语言")))
        layout.addWidget(
            _note(self.tr("更改界面语言后，需要重新启动工作台才会生效（当前窗口保持原来的语言）。"))
        )
        layout.addWidget(box)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        self._update_note()

    def _toggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        value = next(v for v, b in self.buttons.items() if b is button)
        self.ctx.prefs.set("language", value)
        self._update_note()

    def _update_note(self) -> None:
        running = "English" if i18n.language() == "en" else "简体中文"
        chosen = str(self.ctx.prefs.get("language") or "")
        names = dict(LANGUAGES)
        if chosen and names.get(chosen) != running:
            self.note.setText(
                self.tr("已保存。重新启动工作台后界面将使用 %1；现在仍为 %2。")
                .replace("%1", names[chosen])
                .replace("%2", running)
            )
            self.note.setStyleSheet(WARNING_STYLE)
        else:
            self.note.setText(self.tr("当前界面语言：%1").replace("%1", running))
            self.note.setStyleSheet(NOTE_STYLE)


# ====================================================================================== data and backups


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"


def backup_reason_label(reason: str) -> str:
    if reason == "manual":
        return translate("Settings", "手动")
    if reason == "auto-close":
        return translate("Settings", "自动（关闭时）")
    if reason == "auto-daily":
        return translate("Settings", "自动（每日）")
    if reason.startswith("auto"):
        return translate("Settings", "自动")
    if reason == "pre-restore":
        return translate("Settings", "恢复前的数据")
    if reason.startswith("pre-migration"):
        return translate("Settings", "升级前的数据")
    return translate("Settings", "其他")


class _KeyAnswers:
    """A key provider for one operation: answers with what the user typed beforehand, keeps the recovery key.

    The core asks its provider from the worker thread; dialogs can only run on the UI thread, so the
    questions are asked first and the answers handed over here.
    """

    def __init__(self, *, current: str | None = None, new: str | None = None) -> None:
        self.current = current
        self.new = new
        self.recovery: Any = None

    def passphrase(self, request: Any) -> str | None:
        if request.attempt > 1:
            return None  # the same answer would fail the same way
        return self.new if request.new else self.current

    def show_recovery_key(self, db: Path, recovery: Any) -> None:
        self.recovery = recovery


class PassphraseDialog(QDialog):
    """Asks for a passphrase (a new one twice)."""

    def __init__(self, *, new: bool, minimum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = new
        self.minimum = minimum
        self.setWindowTitle(self.tr("设置数据文件密码") if new else self.tr("输入数据文件密码"))
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("密码") if not new else self.tr("新密码"), self.first)
        if new:
            form.addRow(self.tr("再输入一次"), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if new:
            layout.addWidget(
                _note(
                    self.tr("没有系统钥匙串的电脑上，用这个密码打开数据文件。至少 %1 个字符。").replace(
                        "%1", str(minimum)
                    )
                )
            )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if self.new and len(self.first.text()) < self.minimum:
            self.error.setText(self.tr("密码太短：至少 %1 个字符。").replace("%1", str(self.minimum)))
            self.error.show()
            return
        if self.new and self.first.text() != self.second.text():
            self.error.setText(self.tr("两次输入不一致。"))
            self.error.show()
            return
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once, with a copy button."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新的恢复密钥"))
        key = QLabel(text)
        key.setObjectName("recoveryKey")
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(QFont().pointSizeF() * 1.3)
        key.setFont(font)
        key.setWordWrap(True)
        copy = QPushButton(self.tr("复制"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
        done = QPushButton(self.tr("我已抄下"))
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addStretch(1)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(
                self.tr(
                    "密钥已更换。这是新的恢复密钥，只显示这一次：请抄写或打印后妥善保管，不要存放在这台电脑上。"
                    "电脑损坏或更换电脑时，用它打开数据文件及之后的备份。"
                )
            )
        )
        layout.addWidget(key)
        layout.addLayout(buttons)


class DataPage(QWidget):
    """Where the data file is, its protection, backups (make, list, restore, how many to keep), a check."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dataPage")
        self._busy = False

        # -- location
        self.path_label = QLabel(str(ctx.store.path))
        self.path_label.setObjectName("dataPath")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_folder_button.setObjectName("openDataFolder")
        self.open_folder_button.clicked.connect(lambda: self.open_folder(ctx.store.path.parent))
        location = QGroupBox(self.tr("数据文件"))
        location_layout = QHBoxLayout(location)
        location_layout.addWidget(self.path_label, 1)
        location_layout.addWidget(self.open_folder_button)

        # -- protection (only when the store exposes its keys)
        self.keystore = getattr(ctx.store, "keystore", None)
        self.protection_label = QLabel()
        self.protection_label.setObjectName("protectionState")
        self.protection_label.setWordWrap(True)
        self.passphrase_button = QPushButton(self.tr("设置或修改密码…"))
        self.passphrase_button.setObjectName("changePassphrase")
        self.rotate_button = QPushButton(self.tr("更换密钥…"))
        self.rotate_button.setObjectName("rotateKey")
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.rotate_button.clicked.connect(self.rotate_key)
        protection = QGroupBox(self.tr("加密与密钥"))
        protection_layout = QVBoxLayout(protection)
        protection_layout.addWidget(self.protection_label)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.passphrase_button)
        key_buttons.addWidget(self.rotate_button)
        key_buttons.addStretch(1)
        protection_layout.addLayout(key_buttons)
        protection.setVisible(self.keystore is not None and hasattr(ctx.store, "rotate_key"))

        # -- backups
        self.backups = QTreeWidget()
        self.backups.setObjectName("backupList")
        self.backups.setRootIsDecorated(False)
        self.backups.setAlternatingRowColors(True)
        self.backups.setHeaderLabels([self.tr("时间"), self.tr("类型"), self.tr("大小"), self.tr("文件名")])
        header = self.backups.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backupNow")
        self.restore_button = QPushButton(self.tr("从所选备份恢复…"))
        self.restore_button.setObjectName("restoreSelected")
        self.restore_file_button = QPushButton(self.tr("从其他文件恢复…"))
        self.restore_file_button.setObjectName("restoreFile")
        self.open_backups_button = QPushButton(self.tr("打开备份文件夹"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.open_backups_button.clicked.connect(lambda: self.open_folder(ctx.store.backup_dir))
        self.backups.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 100)
        # The store's own setting is what its automatic rotation obeys; show that when it has one.
        self.keep.setValue(int(getattr(ctx.store, "backup_keep", None) or ctx.prefs.get("backup_keep")))
        self.keep.setSuffix(self.tr(" 份"))
        self.keep.valueChanged.connect(self._keep_changed)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("自动备份保留")))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(_note(self.tr("（关闭程序时和每天自动备份；手动备份不会被自动删除）")), 1)
        backup_buttons = QHBoxLayout()
        backup_buttons.addWidget(self.backup_button)
        backup_buttons.addWidget(self.restore_button)
        backup_buttons.addWidget(self.restore_file_button)
        backup_buttons.addStretch(1)
        backup_buttons.addWidget(self.open_backups_button)
        backups = QGroupBox(self.tr("备份"))
        backups_layout = QVBoxLayout(backups)
        backups_layout.addWidget(self.backups, 1)
        backups_layout.addLayout(backup_buttons)
        backups_layout.addLayout(keep_row)

        # -- integrity
        self.check_button = QPushButton(self.tr("检查数据完整性"))
        self.check_button.setObjectName("integrityCheck")
        self.check_button.clicked.connect(self.check_integrity)
        self.check_result = QLabel()
        self.check_result.setObjectName("integrityResult")
        self.check_result.setWordWrap(True)
        integrity = QGroupBox(self.tr("完整性检查"))
        integrity_layout = QHBoxLayout(integrity)
        integrity_layout.addWidget(self.check_button)
        integrity_layout.addWidget(self.check_result, 1)

        # -- progress of whatever runs
        self.progress = QProgressBar()
        self.progress.setObjectName("dataProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("dataStatus")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("数据")))
        layout.addWidget(location)
        layout.addWidget(protection)
        layout.addWidget(backups, 1)
        layout.addWidget(integrity)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.load_backups()
        self.update_protection()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._busy:
            # Automatic backups appear while the app runs (daily, before a restore): list what is there now.
            self.load_backups()
            self.update_protection()

    # -- prompts and shell (overridable) --------------------------------------------------------------------

    def open_folder(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def confirm_restore(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("从备份恢复？"),
            self.tr(
                "用备份 %1 替换现在的全部数据？\n\n恢复前会先把现在的数据另存为一份备份，需要时可以再恢复回来。"
            ).replace("%1", path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_backup_file(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择备份文件"), str(self.ctx.store.backup_dir), self.tr("数据文件 (*.db)")
        )
        return Path(name) if name else None

    def ask_new_passphrase(self) -> str | None:
        from workbench.keys import MIN_PASSPHRASE_LENGTH

        dialog = PassphraseDialog(new=True, minimum=MIN_PASSPHRASE_LENGTH, parent=self)
        return dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_passphrase(self) -> str | None:
        dialog = PassphraseDialog(new=False, minimum=0, parent=self)
        return dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm_rotate(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("更换密钥？"),
            self.tr(
                "将用新密钥重新加密数据文件和备份文件夹中的备份，并显示新的恢复密钥（只显示一次）。"
                "数据较多时需要一些时间，期间请不要关闭程序。继续吗？"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_recovery_key(self, text: str) -> None:
        RecoveryKeyDialog(text, self).exec()

    # -- running work off the UI thread ------------------------------------------------------------------

    def _run(
        self,
        what: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._busy = True
        self._update_buttons()
        self.progress.show()
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText(what)

        def work(_progress: Callable[[int, int], None], _cancel: CancelToken) -> Any:
            return fn()

        def done(result: Any) -> None:
            if not isValid(self):
                return  # the page was closed while the work ran; the work itself is complete
            self._finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._finish()
            if on_error is not None:
                on_error(exc)
            message = exc.message if isinstance(exc, WorkbenchError) else self.tr("操作失败，详情见日志。")
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(message)

        self.ctx.tasks.start(work, on_done=done, on_error=failed)

    def _finish(self) -> None:
        self._busy = False
        self.progress.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy
        for button in (
            self.backup_button,
            self.restore_file_button,
            self.check_button,
            self.passphrase_button,
            self.rotate_button,
        ):
            button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected_backup() is not None)

    # -- backups --------------------------------------------------------------------------------------------

    def load_backups(self) -> None:
        current = self.selected_backup()
        self.backups.clear()
        infos = self.ctx.store.list_backups()
        for info in infos:
            item = QTreeWidgetItem(
                [
                    info.created.strftime("%Y-%m-%d %H:%M:%S"),
                    backup_reason_label(info.reason),
                    _size_text(info.size),
                    info.path.name,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(3, str(info.path))
            self.backups.addTopLevelItem(item)
            if current is not None and info.path == current:
                self.backups.setCurrentItem(item)
        if not infos:
            placeholder = QTreeWidgetItem([self.tr("还没有备份。点击“立即备份”创建第一份。"), "", "", ""])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            placeholder.setFirstColumnSpanned(True)
            self.backups.addTopLevelItem(placeholder)
        self._update_buttons()

    def selected_backup(self) -> Path | None:
        item = self.backups.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(value) if value else None

    def select_backup(self, path: Path) -> None:
        for i in range(self.backups.topLevelItemCount()):
            item = self.backups.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == str(path):
                self.backups.setCurrentItem(item)

    def backup_now(self) -> None:
        if self._busy:
            return
        started = time.monotonic()

        def done(path: Path) -> None:
            self.load_backups()
            self.select_backup(path)
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(
                self.tr("已备份到 %1（用时 %2 秒）。")
                .replace("%1", str(path))
                .replace("%2", f"{time.monotonic() - started:.1f}")
            )

        self._run(self.tr("正在备份…"), lambda: self.ctx.store.backup(reason="manual"), done)

    def _keep_changed(self, value: int) -> None:
        self.ctx.prefs.set("backup_keep", value)
        setter = getattr(self.ctx.store, "set_backup_keep", None)
        if callable(setter):
            # The store rotates its automatic backups by its own setting: keep it in step.
            try:
                setter(value)
            except WorkbenchError as exc:
                self.status.setText(exc.message)

    def restore_selected(self) -> None:
        path = self.selected_backup()
        if path is not None:
            self.restore(path)

    def restore_from_file(self) -> None:
        path = self.choose_backup_file()
        if path is not None:
            self.restore(path)

    def restore(self, path: Path) -> None:
        if self._busy or not self.confirm_restore(path):
            return

        def done(safety: Path) -> None:
            # Everything may have changed: every view reloads.
            self.ctx.bus.publish(Changes(frozenset(ENTITY_TABLES)))
            self.load_backups()
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(
                self.tr("已从 %1 恢复。恢复前的数据已另存为 %2。")
                .replace("%1", path.name)
                .replace("%2", safety.name)
            )

        self._run(self.tr("正在从备份恢复…"), lambda: self.ctx.store.restore(path), done)

    # -- integrity ------------------------------------------------------------------------------------------

    def check_integrity(self) -> None:
        if self._busy:
            return
        started = time.monotonic()

        def done(problems: list[str]) -> None:
            seconds = f"{time.monotonic() - started:.1f}"
            if problems:
                shown = "\n".join(problems[:10])
                more = len(problems) - 10
                if more > 0:
                    shown += "\n" + self.tr("……另有 %n 处", "", more)
                self.check_result.setText(
                    self.tr("发现 %n 处问题，请从备份恢复或联系技术支持：", "", len(problems)) + "\n" + shown
                )
                self.check_result.setStyleSheet(ERROR_STYLE)
            else:
                self.check_result.setText(
                    self.tr("检查通过：数据文件完好（用时 %1 秒）。").replace("%1", seconds)
                )
                self.check_result.setStyleSheet(OK_STYLE)
            self.status.clear()

        self.check_result.clear()
        self._run(self.tr("正在检查数据完整性…"), self.ctx.store.integrity_check, done)

    # -- keys -----------------------------------------------------------------------------------------------

    def protection_mode(self) -> str:
        if self.keystore is None:
            return ""
        try:
            return str(self.keystore.mode())
        except Exception:  # a locked or broken keychain must not break the settings page
            return "unknown"

    def update_protection(self) -> None:
        if self.keystore is None:
            return
        mode = self.protection_mode()
        places = []
        if "keychain" in mode:
            places.append(self.tr("系统钥匙串"))
        if "passphrase" in mode:
            places.append(self.tr("数据文件密码"))
        where = "、".join(places) if places else self.tr("未找到（打开时需要恢复密钥）")
        lines = [
            self.tr("数据文件已加密（SQLCipher，256 位密钥）。"),
            self.tr("密钥保存在：%1").replace("%1", where),
        ]
        try:
            kf = self.keystore.read()
        except Exception:
            kf = None
        if kf is not None and getattr(kf, "rotated_at", None):
            lines.append(self.tr("上次更换密钥：%1").replace("%1", str(kf.rotated_at)[:10]))
        self.protection_label.setText("\n".join(lines))
        self.passphrase_button.setText(self.tr("修改密码…") if "passphrase" in mode else self.tr("设置密码…"))

    def change_passphrase(self) -> None:
        if self._busy or self.keystore is None:
            return
        new = self.ask_new_passphrase()
        if not new:
            return
        keystore, answers = self.keystore, _KeyAnswers(new=new)

        def work() -> None:
            previous, keystore.provider = keystore.provider, answers
            try:
                self.ctx.store.change_passphrase()
            finally:
                keystore.provider = previous

        def done(_result: Any) -> None:
            self.update_protection()
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(self.tr("密码已设置。没有系统钥匙串的电脑上用它打开数据文件。"))

        self._run(self.tr("正在设置密码…"), work, done)

    def rotate_key(self) -> None:
        if self._busy or self.keystore is None or not self.confirm_rotate():
            return
        current = None
        if "passphrase" in self.protection_mode():
            current = self.ask_passphrase()
            if current is None:
                return
        keystore, answers = self.keystore, _KeyAnswers(current=current, new=current)

        def work() -> Any:
            previous, keystore.provider = keystore.provider, answers
            try:
                return self.ctx.store.rotate_key()
            finally:
                keystore.provider = previous

        def done(recovery: Any) -> None:
            self.update_protection()
            self.load_backups()
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(self.tr("密钥已更换，数据文件和备份已重新加密。"))
            key = answers.recovery or recovery
            if key is not None:
                self.show_recovery_key(key.text())

        self._run(self.tr("正在更换密钥并重新加密…"), work, done)


# ====================================================================================== the workspace


class SettingsWorkspace(QWidget):
    """Profile, policies, language and data, one tab each."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("workspace_settings")
        title = QLabel(self.tr("设置"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.profile = ProfilePage(ctx)
        self.policies = PoliciesPage(ctx)
        self.language = LanguagePage(ctx)
        self.data = DataPage(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.profile, self.tr("经纪人档案"))
        self.tabs.addTab(self.policies, self.tr("奖励政策"))
        self.tabs.addTab(self.language, self.tr("语言"))
        self.tabs.addTab(self.data, self.tr("数据"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def show_section(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)


__all__ = [
    "DataPage",
    "LanguagePage",
    "PoliciesPage",
    "PolicyVersionDialog",
    "ProfilePage",
    "SettingsWorkspace",
    "backup_reason_label",
    "describe_policy",
]
