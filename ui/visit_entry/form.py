"""The quick entry's form: its widgets and layout, the tab order, and where each problem is shown.

Strings keep the translation context ``VisitEntryDialog`` (the dialog built on this form), so the
English translations stay where translators put them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import sources
from ui.context import AppContext
from ui.forms import ERROR_STYLE, WARNING_STYLE, DateEdit, ReferenceEdit
from ui.visit_entry.parts import (
    NEW_CONTACT_ROLE,
    NeedBlock,
    hide_message,
    message_label,
    show_issues,
    text_edit,
)
from workbench.errors import Issue
from workbench.services.visits import UNKNOWN_ENTERPRISE, VisitProblems

translate = QCoreApplication.translate


class VisitEntryForm(QDialog):
    """The widgets of the quick entry, laid out; :class:`VisitEntryDialog` gives them behaviour."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.needs: list[NeedBlock] = []
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.banner = message_label("entryBanner")
        outer.addWidget(self.banner)

        body = QWidget()
        body.setObjectName("entryBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setSpacing(10)

        # Enterprise and time (left), brokers and attendees (right).
        top = QHBoxLayout()
        left_box = QGroupBox(translate("VisitEntryDialog", "企业与时间"))
        left = QFormLayout(left_box)
        left.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.enterprise = ReferenceEdit(self.ctx, sources.enterprises)
        self.enterprise.setObjectName("enterprise")
        self.enterprise.setPlaceholderText(
            translate("VisitEntryDialog", "输入名称、拼音首字母或统一社会信用代码")
        )
        self.new_enterprise = QCheckBox(translate("VisitEntryDialog", "新企业"))
        self.new_enterprise.setObjectName("newEnterprise")
        self.new_enterprise.setToolTip(translate("VisitEntryDialog", "企业还不在列表中：在这里直接建立"))
        picker = QHBoxLayout()
        picker.addWidget(self.enterprise, 1)
        picker.addWidget(self.new_enterprise)
        self.enterprise_message = message_label("error_enterprise")
        left.addRow(
            self._required(translate("VisitEntryDialog", "企业"), self.enterprise),
            self._stack(picker, self.enterprise_message),
        )

        self.new_panel = QWidget()
        self.new_panel.setObjectName("newEnterprisePanel")
        new_form = QFormLayout(self.new_panel)
        new_form.setContentsMargins(0, 0, 0, 0)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_enterprise_name")
        self.new_name.setPlaceholderText(translate("VisitEntryDialog", "企业全称"))
        self.new_uscc = QLineEdit()
        self.new_uscc.setObjectName("new_enterprise_uscc")
        self.new_uscc.setPlaceholderText(translate("VisitEntryDialog", "18 位，可不填"))
        self.new_name_message = message_label("error_new_enterprise_name")
        self.new_uscc_message = message_label("error_new_enterprise_uscc")
        new_form.addRow(
            self._required(translate("VisitEntryDialog", "企业名称"), self.new_name),
            self._stack(self.new_name, self.new_name_message),
        )
        uscc_label = QLabel(translate("VisitEntryDialog", "统一社会信用代码"))
        uscc_label.setBuddy(self.new_uscc)
        new_form.addRow(uscc_label, self._stack(self.new_uscc, self.new_uscc_message))
        self.new_panel.hide()
        left.addRow(self.new_panel)

        self.started_at = QLineEdit()
        self.started_at.setObjectName("started_at")
        self.started_at.setPlaceholderText("2026-03-05 14:30")
        self.started_message = message_label("error_started_at")
        left.addRow(
            self._required(translate("VisitEntryDialog", "时间"), self.started_at),
            self._stack(self.started_at, self.started_message),
        )
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(translate("VisitEntryDialog", "如：企业会议室"))
        self.place_message = message_label("error_place")
        place_label = QLabel(translate("VisitEntryDialog", "地点"))
        place_label.setBuddy(self.place)
        left.addRow(place_label, self._stack(self.place, self.place_message))
        self.follow_up = DateEdit(today=self.ctx.clock.today)
        self.follow_up.setObjectName("follow_up_on")
        self.follow_up.line.setObjectName("follow_up_line")
        self.follow_message = message_label("error_follow_up_on")
        follow_label = QLabel(translate("VisitEntryDialog", "回访日期"))
        follow_label.setBuddy(self.follow_up.line)
        left.addRow(follow_label, self._stack(self.follow_up, self.follow_message))

        right_box = QGroupBox(translate("VisitEntryDialog", "参加人员"))
        right = QGridLayout(right_box)
        right.setVerticalSpacing(4)
        brokers_label = QLabel(translate("VisitEntryDialog", "经纪人"))
        self.brokers = QListWidget()
        self.brokers.setObjectName("brokers")
        self.brokers.setFixedHeight(64)
        brokers_label.setBuddy(self.brokers)
        self.brokers_message = message_label("error_brokers")
        right.addWidget(brokers_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(self._stack(self.brokers, self.brokers_message), 0, 1, 1, 4)
        attendees_label = QLabel(translate("VisitEntryDialog", "企业参加人"))
        self.attendees = QListWidget()
        self.attendees.setObjectName("attendees")
        self.attendees.setMinimumHeight(96)
        # A long line (name, title, phone, “(new)”) wraps rather than hiding its end behind a scroll bar.
        for names in (self.attendees, self.brokers):
            names.setWordWrap(True)
            names.setResizeMode(QListView.ResizeMode.Adjust)
            names.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        attendees_label.setBuddy(self.attendees)
        self.attendees_message = message_label("error_attendees")
        right.addWidget(attendees_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(self._stack(self.attendees, self.attendees_message), 1, 1, 1, 4)
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("contact_name")
        self.contact_name.setPlaceholderText(translate("VisitEntryDialog", "姓名"))
        self.contact_title = QLineEdit()
        self.contact_title.setObjectName("contact_title")
        self.contact_title.setPlaceholderText(translate("VisitEntryDialog", "职务"))
        self.contact_mobile = QLineEdit()
        self.contact_mobile.setObjectName("contact_mobile")
        self.contact_mobile.setPlaceholderText(translate("VisitEntryDialog", "手机"))
        self.add_contact = QPushButton(translate("VisitEntryDialog", "添加"))
        self.add_contact.setObjectName("addContact")
        self.add_contact.setAutoDefault(False)
        self.add_contact.setToolTip(translate("VisitEntryDialog", "把新联系人加入参加人；保存走访时一并建立"))
        new_label = QLabel(translate("VisitEntryDialog", "新联系人"))
        new_label.setBuddy(self.contact_name)
        right.addWidget(new_label, 2, 0)
        right.addWidget(self.contact_name, 2, 1)
        right.addWidget(self.contact_title, 2, 2)
        right.addWidget(self.contact_mobile, 2, 3)
        right.addWidget(self.add_contact, 2, 4)
        self.contact_message = message_label("error_new_contact")
        right.addWidget(self.contact_message, 3, 1, 1, 4)
        right.setColumnStretch(1, 2)
        right.setColumnStretch(2, 2)
        right.setColumnStretch(3, 3)
        # The notes sit under enterprise and time, so both halves of the top row are filled.
        left_column = QVBoxLayout()
        left_column.addWidget(left_box)
        top.addLayout(left_column, 1)
        top.addWidget(right_box, 1)
        self.body_layout.addLayout(top)

        summary_box = QGroupBox(translate("VisitEntryDialog", "走访纪要"))
        summary_layout = QVBoxLayout(summary_box)
        self.summary = text_edit("summary", translate("VisitEntryDialog", "谈了什么、企业现状、下一步……"), 90)
        self.summary_message = message_label("error_summary")
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.summary_message)
        left_column.addWidget(summary_box, 1)

        needs_header = QHBoxLayout()
        needs_title = QLabel(translate("VisitEntryDialog", "发现的需求"))
        needs_title.setStyleSheet("font-weight: bold;")
        self.add_need_button = QPushButton(translate("VisitEntryDialog", "＋ 添加需求"))
        self.add_need_button.setObjectName("addNeed")
        self.add_need_button.setAutoDefault(False)
        self.add_need_button.setToolTip(translate("VisitEntryDialog", "再记录一项需求（Ctrl+N）"))
        needs_header.addWidget(needs_title)
        needs_header.addStretch(1)
        needs_header.addWidget(self.add_need_button)
        self.body_layout.addLayout(needs_header)
        self.needs_layout = QVBoxLayout()
        self.needs_layout.setSpacing(8)
        self.body_layout.addLayout(self.needs_layout)
        self.body_layout.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from Cancel back to the top
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)

        buttons = QHBoxLayout()
        self.draft_status = QLabel()
        self.draft_status.setObjectName("draftStatus")
        self.draft_status.setStyleSheet("color: #666;")
        self.override = QPushButton(translate("VisitEntryDialog", "忽略警告并保存"))
        self.override.setObjectName("overrideWarnings")
        self.override.setAutoDefault(False)
        self.override.hide()
        # No default button: Enter in a field must never save a half-typed visit (Ctrl+S saves).
        self.save_button = QPushButton(translate("VisitEntryDialog", "保存（Ctrl+S）"))
        self.save_button.setObjectName("saveVisit")
        self.save_button.setAutoDefault(False)
        self.cancel_button = QPushButton(translate("VisitEntryDialog", "取消"))
        self.cancel_button.setObjectName("cancelVisit")
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.draft_status, 1)
        buttons.addWidget(self.override)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)

    def _required(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text + "<span style='color:#c62828'> *</span>")
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _stack(top: QWidget | QHBoxLayout, message: QLabel) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        if isinstance(top, QHBoxLayout):
            box.addLayout(top)
        else:
            box.addWidget(top)
        box.addWidget(message)
        return box

    def _update_tab_order(self) -> None:
        """Top to bottom, left to right, as the broker fills it in; rebuilt when needs are added."""
        chain: list[QWidget] = [self.enterprise, self.new_enterprise, self.new_name, self.new_uscc]
        chain += [self.started_at, self.place, self.follow_up.line, self.brokers, self.attendees]
        chain += [self.contact_name, self.contact_title, self.contact_mobile, self.add_contact, self.summary]
        for block in self.needs:
            chain += block.focus_chain()
        chain += [self.add_need_button, self.override, self.save_button, self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _clear_issues(self) -> None:
        for label in (
            self.banner,
            self.enterprise_message,
            self.new_name_message,
            self.new_uscc_message,
            self.started_message,
            self.place_message,
            self.follow_message,
            self.brokers_message,
            self.attendees_message,
            self.contact_message,
            self.summary_message,
        ):
            hide_message(label)
        for block in self.needs:
            block.clear_issues()
        self.override.hide()

    def _show_problems(self, problems: VisitProblems) -> None:
        first: QWidget | None = None

        def mark(label: QLabel, issues: Sequence[Issue], widget: QWidget) -> None:
            nonlocal first
            if issues:
                show_issues(label, issues)
                first = first or widget

        label: QLabel
        widget: QWidget | None
        ent_fields: dict[str, tuple[QLabel, QWidget]] = {
            "name": (self.new_name_message, self.new_name),
            "uscc": (self.new_uscc_message, self.new_uscc),
        }
        for reported in problems.enterprise:
            item = reported
            label, widget = ent_fields.get(item.field, (self.enterprise_message, self.enterprise))
            if item.code == UNKNOWN_ENTERPRISE:
                # The core names the problem; the dialog says how to get out of it here.
                text = translate(
                    "VisitEntryDialog", "没有名为“%1”的企业：请从列表中选择，或勾选“新企业”"
                ).replace("%1", self.enterprise.text().strip())
                item = Issue(item.field, item.code, text, item.severity)
            mark(label, [item], widget)
        visit_fields: dict[str, tuple[QLabel, QWidget]] = {
            "enterprise_id": (self.enterprise_message, self.enterprise),
            "started_at": (self.started_message, self.started_at),
            "ended_at": (self.started_message, self.started_at),
            "place": (self.place_message, self.place),
            "follow_up_on": (self.follow_message, self.follow_up.line),
            "summary": (self.summary_message, self.summary),
            "broker_ids": (self.brokers_message, self.brokers),
            "contact_ids": (self.attendees_message, self.attendees),
        }
        for item in problems.visit:
            if item.field == "enterprise_id" and self.new_enterprise.isChecked():
                label, widget = self.new_name_message, self.new_name
            else:
                label, widget = visit_fields.get(item.field, (self.banner, self.started_at))
            mark(label, [item], widget)
        for name, item in problems.contacts:
            text = (
                translate("VisitEntryDialog", "新联系人“%1”：%2")
                .replace("%1", name)
                .replace("%2", item.message)
            )
            mark(self.attendees_message, [Issue(item.field, item.code, text, item.severity)], self.attendees)
        for index, issues in problems.needs.items():
            found = self.needs[index].show_issues(issues)
            first = first or found
        only_warnings = bool(problems) and all(not i.is_error for i in problems.all())
        if only_warnings:
            self.banner.setText(
                translate("VisitEntryDialog", "请核对标为黄色的提示；确认无误可点击“忽略警告并保存”。")
            )
            self.banner.setStyleSheet(WARNING_STYLE)
            self.banner.show()
        else:
            errors = sum(1 for i in problems.all() if i.is_error)
            stray = self.banner.text() if not self.banner.isHidden() else ""
            if errors:
                self.banner.setText(
                    translate(
                        "VisitEntryDialog",
                        "没有保存：有 %n 处需要修改（已在下方标红），填写的内容都还在。",
                        "",
                        errors,
                    )
                )
            else:
                self.banner.setText(translate("VisitEntryDialog", "没有保存：请检查填写的内容。"))
            if stray:
                self.banner.setText(self.banner.text() + "\n" + stray)
            self.banner.setStyleSheet(ERROR_STYLE)
            self.banner.show()
        self.override.setVisible(only_warnings)
        if first is not None:
            first.setFocus()
            self.scroll_area.ensureWidgetVisible(first)

    def _add_pending_item(self, data: dict[str, str], checked: bool) -> QListWidgetItem:
        text = "　".join(
            x for x in (data.get("name", ""), data.get("title", ""), data.get("mobile", "")) if x
        )
        item = QListWidgetItem(text + translate("VisitEntryDialog", "（新）"))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, None)
        item.setData(NEW_CONTACT_ROLE, dict(data))
        item.setToolTip(translate("VisitEntryDialog", "保存走访时建立此联系人；取消勾选则不建立"))
        self.attendees.addItem(item)
        return item

    def confirm_leave(self) -> QMessageBox.StandardButton:
        """Ask about unsaved input: Save means *keep the draft*, Discard deletes it, Cancel stays here."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("VisitEntryDialog", "走访还没有保存"))
        box.setText(translate("VisitEntryDialog", "这次走访还没有保存。要保留草稿，下次打开时继续吗？"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        for button, text in (
            (QMessageBox.StandardButton.Save, translate("VisitEntryDialog", "保留草稿")),
            (QMessageBox.StandardButton.Discard, translate("VisitEntryDialog", "放弃草稿")),
            (QMessageBox.StandardButton.Cancel, translate("VisitEntryDialog", "继续填写")),
        ):
            widget = box.button(button)
            if widget is not None:
                widget.setText(text)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())
