"""Settings, reward policies: the dialog that edits a policy version or creates the next one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import ERROR_STYLE, DateEdit
from ui.workspaces.settings.common import LOCK_STYLE, note
from ui.workspaces.settings.policy_text import applies_to_text
from workbench.errors import PolicyError, ValidationError, WorkbenchError
from workbench.models import Policy
from workbench.money import format_yuan, parse_yuan
from workbench.rules import (
    BaseKind,
    RateMode,
    Rounding,
    decimal_text,
    format_percent,
    parse_percent,
    problem_lines,
)
from workbench.services import policies as pol
from workbench.services.base import Changes
from workbench.validation import check_date

# Which editor shows a problem, by the start of the key path the core gives it in the policy schema.
_PROBLEM_FIELDS: tuple[tuple[tuple[str | int, ...], str], ...] = (
    (("rate", "tiers"), "tiers"),
    (("rate", "rate"), "rate"),
    (("rate", "mode"), "rate_mode"),
    (("rate", "base"), "base_kind"),
    (("rate", "min_threshold"), "threshold"),
    (("rate", "rounding"), "rounding"),
    (("caps", "per_project"), "cap_project"),
    (("caps", "per_broker_year"), "cap_year"),
    (("policy", "effective_from"), "effective_from"),
    (("policy", "effective_to"), "effective_to"),
    (("policy", "name"), "name"),
    (("policy", "document_no"), "document_no"),
    (("policy", "stacking_group"), "stacking_group"),
    (("attachments",), "attachments"),
)


def _editor_for(path: tuple[str | int, ...]) -> str | None:
    return next((editor for prefix, editor in _PROBLEM_FIELDS if path[: len(prefix)] == prefix), None)


def _plain_yuan(fen: int | None) -> str:
    """An amount as typed in an editor: no grouping, empty for none."""
    return "" if fen is None else format_yuan(fen)


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
        self.document_no = QLineEdit(rules.document_no)
        self.document_no.setObjectName("field_document_no")
        self.document_no.setPlaceholderText(self.tr("如 甬科〔2024〕12号；印在申请表上"))
        self.stacking_group = QLineEdit(rules.stacking_group)
        self.stacking_group.setObjectName("field_stacking_group")
        self.stacking_group.setPlaceholderText(self.tr("留空表示自成一组"))
        self.stacking_help = note(
            self.tr("同一组的奖励互相抵减上限：同一合同已申请的同组奖励计入“已申请”；不同组的奖励可以叠加。")
        )
        self.stacking_help.setObjectName("stackingHelp")
        stacking_cell = QWidget()
        stacking_layout = QVBoxLayout(stacking_cell)
        stacking_layout.setContentsMargins(0, 0, 0, 0)
        stacking_layout.setSpacing(2)
        stacking_layout.addWidget(self.stacking_group)
        stacking_layout.addWidget(self.stacking_help)
        self.effective_from = DateEdit(today=ctx.clock.today)
        self.effective_from.setObjectName("field_effective_from")
        self.effective_from.setText(rules.effective_from.isoformat())
        self.effective_to = DateEdit(today=ctx.clock.today)
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
        self.rate = QLineEdit(format_percent(rules.rate, sign=False) if rules.rate is not None else "")
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
                _plain_yuan(tier.up_to_fen),
                format_percent(tier.rate, sign=False),
                _plain_yuan(tier.cap_fen),
            )
        self.add_tier = QPushButton(self.tr("添加一档"))
        self.add_tier.clicked.connect(lambda: self._add_tier("", "", ""))
        self.remove_tier = QPushButton(self.tr("删除所选档"))
        self.remove_tier.clicked.connect(self._remove_tier)
        self.cap_project = QLineEdit(_plain_yuan(rules.cap_per_project_fen))
        self.cap_project.setObjectName("field_cap_project")
        self.cap_project.setPlaceholderText(self.tr("留空表示不设上限"))
        self.cap_year = QLineEdit(_plain_yuan(rules.cap_per_broker_year_fen))
        self.cap_year.setObjectName("field_cap_year")
        self.cap_year.setPlaceholderText(self.tr("留空表示不设上限"))
        self.threshold = QLineEdit(_plain_yuan(rules.min_threshold_fen) if rules.min_threshold_fen else "")
        self.threshold.setObjectName("field_threshold")
        self.threshold.setPlaceholderText("0")
        self.rounding = QComboBox()
        self.rounding.setObjectName("field_rounding")
        for rounding in Rounding:
            self.rounding.addItem(rounding.label, rounding.value)
        self.rounding.setCurrentIndex(self.rounding.findData(rules.rounding.value))
        self.attachments = QTableWidget(len(rules.attachments), 3)
        self.attachments.setObjectName("field_attachments")
        self.attachments.setHorizontalHeaderLabels([self.tr("附件"), self.tr("必备"), self.tr("适用于")])
        self.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.attachments.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
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
            # Shown, and kept as it is on saving: who must bring the attachment is policy data.
            applies = QTableWidgetItem(applies_to_text(att.applies_to))
            applies.setData(Qt.ItemDataRole.UserRole, att.applies_to)
            applies.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.attachments.setItem(n, 2, applies)
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
            ("document_no", self.tr("文号"), self.document_no),
            ("stacking_group", self.tr("叠加分组"), stacking_cell),
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
        self.intro = note(
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
        with self.ctx.store.session(write=False) as session:
            return pol.next_version_number(session, self.row.policy_key)

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
        try:
            percent = parse_percent(text, field="rate")
        except ValidationError as exc:
            return _Input(error="；".join(i.message for i in exc.issues))
        if percent < 0 or percent > 100:
            return _Input(error=self.tr("比例应在 0 到 100 之间（单位：%）"))
        return _Input(decimal_text(percent.scaleb(-2)))

    def changes(self) -> dict[str, Any] | None:
        """The edited rules in the store's format, or None after showing what could not be read."""
        self._clear_messages()
        errors: dict[str, str] = {}
        data: dict[str, Any] = {
            "name": self.name.text().strip(),
            "document_no": self.document_no.text().strip(),
            "stacking_group": self.stacking_group.text().strip(),
        }
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
            applies = self.attachments.item(r, 2)
            if label is None or flag is None:
                continue
            attachments.append(
                {
                    "code": label.data(Qt.ItemDataRole.UserRole),
                    "label": label.text(),
                    "required": flag.checkState() == Qt.CheckState.Checked,
                    "applies_to": applies.data(Qt.ItemDataRole.UserRole) if applies is not None else "",
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
            self._show_problems(exc)
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

    def _show_problems(self, error: PolicyError) -> None:
        """Put each of the core's problems under the editor its key path names; the rest in the banner."""
        stray = []
        for problem in error.problems:
            editor = _editor_for(problem.path)
            if editor is None:
                stray.extend(problem_lines([problem]))
                continue
            message = problem.message
            tier = problem.path[2] if editor == "tiers" and len(problem.path) > 2 else None
            if isinstance(tier, int):
                message = self.tr("第 %1 档：%2").replace("%1", str(tier)).replace("%2", message)
            self._show(editor, message)
        if not error.problems:
            stray.append(error.message)
        if stray:
            self.banner.setText("\n".join(stray))
            self.banner.show()
