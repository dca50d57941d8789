"""The broker's on-site tool: one dialog for a visit, its enterprise, attendees and the needs found there.

Everything is saved in one unit of work through the services, so a refused field saves nothing and every
typed character stays where it was. The whole state of the dialog is also kept as a draft (see
``ui.drafts``): on every change (debounced) and every few seconds, so a crash, a killed process or a flat
battery loses nothing; :func:`offer_recovered_drafts` offers the drafts back at the next start.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session, col, select

from ui import sources
from ui.context import AppContext
from ui.drafts import Draft, DraftAutosaver, DraftStore, saved_time_label
from ui.forms import ERROR_STYLE, WARNING_STYLE, DateEdit, ReferenceEdit
from workbench.errors import Issue, ValidationError, WorkbenchError
from workbench.models import Contact, Enterprise, Need, Visit
from workbench.services import BROKERS, CONTACTS, ENTERPRISES, NEEDS, VISITS
from workbench.services.base import Changes
from workbench.validation import check_phone

translate = QCoreApplication.translate

DRAFT_KIND = "visit"
NEW_CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1
INFO_STYLE = "color: #1b5e20;"
NEED_TEXT_FIELDS = ("title", "problem", "key_technology", "expected_goals", "keywords")


def _message_label(name: str) -> QLabel:
    """A red (or amber) line under a field; hidden until the core has something to say about it."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, issues: Sequence[Issue]) -> None:
    if not issues:
        return
    text = "\n".join(i.message for i in issues)
    previous = label.text() if not label.isHidden() else ""
    label.setText(f"{previous}\n{text}" if previous else text)
    label.setStyleSheet(ERROR_STYLE if any(i.is_error for i in issues) else WARNING_STYLE)
    label.show()


def _hide(label: QLabel) -> None:
    label.clear()
    label.hide()


def _text_edit(name: str, placeholder: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field of a quick-entry form
    edit.setPlaceholderText(placeholder)
    # A fixed height keeps the form steady inside its scroll area; long text scrolls within the box.
    edit.setFixedHeight(height)
    return edit


class NeedBlock(QGroupBox):
    """One need captured on site: title, the three-part description and 1–5 keywords."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, number: int, *, need_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.need_id = need_id
        self.setObjectName("needBlock")
        self.title_line = QLineEdit()
        self.title_line.setObjectName("need_title")
        self.title_line.setPlaceholderText(self.tr("需求名称，如：碳纤维复合材料快速成型工艺"))
        self.problem = _text_edit("need_problem", self.tr("① 主要问题：现状、瓶颈"))
        self.key_technology = _text_edit("need_key_technology", self.tr("② 关键技术及指标：要达到的参数"))
        self.expected_goals = _text_edit("need_expected_goals", self.tr("③ 预期目标：效益、用途"))
        self.keywords = QLineEdit()
        self.keywords.setObjectName("need_keywords")
        self.keywords.setPlaceholderText(self.tr("1–5 个，用逗号、顿号或空格分开"))
        self.remove = QPushButton(self.tr("删除此需求"))
        self.remove.setObjectName("removeNeed")
        self.remove.setAutoDefault(False)
        if need_id is not None:
            # A saved need may already have matches; it is deleted in the Needs workspace, not here.
            self.remove.hide()
        self.message = _message_label("need_message")
        self.messages = {key: _message_label(f"error_need_{key}") for key in NEED_TEXT_FIELDS}

        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        head = QHBoxLayout()
        title_label = QLabel(self.tr("需求名称") + "<span style='color:#c62828'> *</span>")
        title_label.setBuddy(self.title_line)
        head.addWidget(title_label)
        head.addWidget(self.title_line, 1)
        head.addWidget(self.remove)
        layout.addLayout(head)
        layout.addWidget(self.messages["title"])
        parts = QHBoxLayout()
        parts.setSpacing(10)
        for key, caption, edit in (
            ("problem", self.tr("主要问题"), self.problem),
            ("key_technology", self.tr("关键技术及指标"), self.key_technology),
            ("expected_goals", self.tr("预期目标"), self.expected_goals),
        ):
            cell = QVBoxLayout()
            cell.setSpacing(2)
            label = QLabel(caption)
            label.setBuddy(edit)
            cell.addWidget(label)
            cell.addWidget(edit)
            cell.addWidget(self.messages[key])
            parts.addLayout(cell, 1)
        layout.addLayout(parts)
        tail = QHBoxLayout()
        keywords_label = QLabel(self.tr("关键词") + "<span style='color:#c62828'> *</span>")
        keywords_label.setBuddy(self.keywords)
        tail.addWidget(keywords_label)
        tail.addWidget(self.keywords, 1)
        layout.addLayout(tail)
        layout.addWidget(self.messages["keywords"])
        layout.addWidget(self.message)
        self.set_number(number)

        for line in (self.title_line, self.keywords):
            line.textChanged.connect(lambda _t: self.changed.emit())
        for edit in (self.problem, self.key_technology, self.expected_goals):
            edit.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def set_number(self, number: int) -> None:
        self.setTitle(self.tr("需求 %1").replace("%1", str(number)))

    def state(self) -> dict[str, Any]:
        return {
            "need_id": self.need_id,
            "title": self.title_line.text(),
            "problem": self.problem.toPlainText(),
            "key_technology": self.key_technology.toPlainText(),
            "expected_goals": self.expected_goals.toPlainText(),
            "keywords": self.keywords.text(),
        }

    def set_state(self, data: dict[str, Any]) -> None:
        self.title_line.setText(str(data.get("title") or ""))
        self.problem.setPlainText(str(data.get("problem") or ""))
        self.key_technology.setPlainText(str(data.get("key_technology") or ""))
        self.expected_goals.setPlainText(str(data.get("expected_goals") or ""))
        keywords = data.get("keywords") or ""
        self.keywords.setText("，".join(keywords) if isinstance(keywords, list) else str(keywords))

    def is_blank(self) -> bool:
        return not any(str(v).strip() for k, v in self.state().items() if k != "need_id")

    def values(self) -> dict[str, Any]:
        """What the need service is given; it trims, splits the keywords and validates."""
        data = self.state()
        data.pop("need_id")
        return data

    def clear_issues(self) -> None:
        _hide(self.message)
        for label in self.messages.values():
            _hide(label)

    def show_issues(self, issues: Sequence[Issue]) -> QWidget | None:
        """Show each issue under its field; return the first field with a problem (to focus it)."""
        first: QWidget | None = None
        editors: dict[str, QWidget] = {
            "title": self.title_line,
            "problem": self.problem,
            "key_technology": self.key_technology,
            "expected_goals": self.expected_goals,
            "keywords": self.keywords,
        }
        for item in issues:
            if item.field in self.messages:
                _show(self.messages[item.field], [item])
                first = first or editors[item.field]
            else:
                _show(self.message, [item])
                first = first or self.title_line
        return first

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [
            self.title_line,
            self.problem,
            self.key_technology,
            self.expected_goals,
            self.keywords,
        ]
        if self.need_id is None:
            chain.append(self.remove)
        return chain


@dataclass
class _Problems:
    """Issues found while saving, each tied to the part of the dialog that shows it."""

    enterprise: list[Issue] = field(default_factory=list)
    visit: list[Issue] = field(default_factory=list)
    contacts: list[tuple[str, Issue]] = field(default_factory=list)
    needs: dict[int, list[Issue]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.enterprise or self.visit or self.contacts or self.needs)

    def all(self) -> list[Issue]:
        out = self.enterprise + self.visit + [i for _n, i in self.contacts]
        for issues in self.needs.values():
            out += issues
        return out


class _RefusedError(Exception):
    """Raised inside the unit of work so that everything written so far is rolled back."""

    def __init__(self, problems: _Problems) -> None:
        super().__init__("refused")
        self.problems = problems


def _without(issues: Sequence[Issue], fields: set[str]) -> list[Issue]:
    return [i for i in issues if i.field not in fields]


class VisitEntryDialog(QDialog):
    """Record (or edit) a visit with its enterprise, attendees and needs; autosaves a draft as you type."""

    saved = Signal(str)  # the visit's id

    def __init__(
        self,
        ctx: AppContext,
        visit_id: str | None = None,
        *,
        draft: Draft | None = None,
        enterprise_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id = visit_id
        self.draft_id = draft.ident if draft is not None else (visit_id or str(uuid.uuid4()))
        self.setObjectName("visitEntry")
        self.setWindowTitle(self.tr("编辑走访记录") if visit_id else self.tr("记录走访"))
        self.needs: list[NeedBlock] = []
        self._enterprise_id: str | None = None
        self._loaded_contacts_for: str | None = None
        self._loading = True
        self._dirty = False
        self._accept_warnings = False
        self._last_submitted = ""
        self.result_visit_id: str | None = None
        self.drafts = DraftStore(ctx.paths.drafts_dir)
        self.autosaver = DraftAutosaver(self.drafts, DRAFT_KIND, self.draft_id)
        self.autosaver.saved.connect(self._draft_saved)
        self.autosaver.failed.connect(self._draft_failed)

        # Drafts are written ~300 ms after the last change and every few seconds (preference).
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.autosave)
        self._periodic = QTimer(self)
        self._periodic.setInterval(max(1, int(ctx.prefs.get("autosave_seconds"))) * 1000)
        self._periodic.timeout.connect(self.autosave)

        self._build()
        self._load_brokers()
        if draft is not None:
            self._restore_draft(draft)
        elif visit_id:
            self._load_visit(visit_id)
        else:
            self.started_at.setText(datetime.now().strftime("%Y-%m-%d %H:%M"))
            self._check_self_broker()
            if enterprise_id:
                self._preset_enterprise(enterprise_id)
            self.add_need()
        self._loading = False
        self._update_tab_order()

        self._periodic.start()
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting the app while the dialog is open keeps every last keystroke in the draft.
            app.aboutToQuit.connect(self._keep_draft_now)
        self.resize(1000, 780)

    # -- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.banner = _message_label("entryBanner")
        outer.addWidget(self.banner)

        body = QWidget()
        body.setObjectName("entryBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setSpacing(10)

        # Enterprise and time (left), brokers and attendees (right).
        top = QHBoxLayout()
        left_box = QGroupBox(self.tr("企业与时间"))
        left = QFormLayout(left_box)
        left.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.enterprise = ReferenceEdit(self.ctx, sources.enterprises)
        self.enterprise.setObjectName("enterprise")
        self.enterprise.setPlaceholderText(self.tr("输入名称、拼音首字母或统一社会信用代码"))
        self.new_enterprise = QCheckBox(self.tr("新企业"))
        self.new_enterprise.setObjectName("newEnterprise")
        self.new_enterprise.setToolTip(self.tr("企业还不在列表中：在这里直接建立"))
        picker = QHBoxLayout()
        picker.addWidget(self.enterprise, 1)
        picker.addWidget(self.new_enterprise)
        self.enterprise_message = _message_label("error_enterprise")
        left.addRow(
            self._required(self.tr("企业"), self.enterprise), self._stack(picker, self.enterprise_message)
        )

        self.new_panel = QWidget()
        self.new_panel.setObjectName("newEnterprisePanel")
        new_form = QFormLayout(self.new_panel)
        new_form.setContentsMargins(0, 0, 0, 0)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_enterprise_name")
        self.new_name.setPlaceholderText(self.tr("企业全称"))
        self.new_uscc = QLineEdit()
        self.new_uscc.setObjectName("new_enterprise_uscc")
        self.new_uscc.setPlaceholderText(self.tr("18 位，可不填"))
        self.new_name_message = _message_label("error_new_enterprise_name")
        self.new_uscc_message = _message_label("error_new_enterprise_uscc")
        new_form.addRow(
            self._required(self.tr("企业名称"), self.new_name),
            self._stack(self.new_name, self.new_name_message),
        )
        uscc_label = QLabel(self.tr("统一社会信用代码"))
        uscc_label.setBuddy(self.new_uscc)
        new_form.addRow(uscc_label, self._stack(self.new_uscc, self.new_uscc_message))
        self.new_panel.hide()
        left.addRow(self.new_panel)

        self.started_at = QLineEdit()
        self.started_at.setObjectName("started_at")
        self.started_at.setPlaceholderText("2026-03-05 14:30")
        self.started_message = _message_label("error_started_at")
        left.addRow(
            self._required(self.tr("时间"), self.started_at),
            self._stack(self.started_at, self.started_message),
        )
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("如：企业会议室"))
        self.place_message = _message_label("error_place")
        place_label = QLabel(self.tr("地点"))
        place_label.setBuddy(self.place)
        left.addRow(place_label, self._stack(self.place, self.place_message))
        self.follow_up = DateEdit()
        self.follow_up.setObjectName("follow_up_on")
        self.follow_up.line.setObjectName("follow_up_line")
        self.follow_message = _message_label("error_follow_up_on")
        follow_label = QLabel(self.tr("回访日期"))
        follow_label.setBuddy(self.follow_up.line)
        left.addRow(follow_label, self._stack(self.follow_up, self.follow_message))

        right_box = QGroupBox(self.tr("参加人员"))
        right = QGridLayout(right_box)
        right.setVerticalSpacing(4)
        brokers_label = QLabel(self.tr("经纪人"))
        self.brokers = QListWidget()
        self.brokers.setObjectName("brokers")
        self.brokers.setFixedHeight(64)
        brokers_label.setBuddy(self.brokers)
        self.brokers_message = _message_label("error_brokers")
        right.addWidget(brokers_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(self._stack(self.brokers, self.brokers_message), 0, 1, 1, 4)
        attendees_label = QLabel(self.tr("企业参加人"))
        self.attendees = QListWidget()
        self.attendees.setObjectName("attendees")
        self.attendees.setFixedHeight(96)
        attendees_label.setBuddy(self.attendees)
        self.attendees_message = _message_label("error_attendees")
        right.addWidget(attendees_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(self._stack(self.attendees, self.attendees_message), 1, 1, 1, 4)
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("contact_name")
        self.contact_name.setPlaceholderText(self.tr("姓名"))
        self.contact_title = QLineEdit()
        self.contact_title.setObjectName("contact_title")
        self.contact_title.setPlaceholderText(self.tr("职务"))
        self.contact_mobile = QLineEdit()
        self.contact_mobile.setObjectName("contact_mobile")
        self.contact_mobile.setPlaceholderText(self.tr("手机"))
        self.add_contact = QPushButton(self.tr("添加"))
        self.add_contact.setObjectName("addContact")
        self.add_contact.setAutoDefault(False)
        self.add_contact.setToolTip(self.tr("把新联系人加入参加人；保存走访时一并建立"))
        new_label = QLabel(self.tr("新联系人"))
        new_label.setBuddy(self.contact_name)
        right.addWidget(new_label, 2, 0)
        right.addWidget(self.contact_name, 2, 1)
        right.addWidget(self.contact_title, 2, 2)
        right.addWidget(self.contact_mobile, 2, 3)
        right.addWidget(self.add_contact, 2, 4)
        self.contact_message = _message_label("error_new_contact")
        right.addWidget(self.contact_message, 3, 1, 1, 4)
        right.setColumnStretch(1, 2)
        right.setColumnStretch(2, 2)
        right.setColumnStretch(3, 3)
        top.addWidget(left_box, 1)
        top.addWidget(right_box, 1)
        self.body_layout.addLayout(top)

        summary_box = QGroupBox(self.tr("走访纪要"))
        summary_layout = QVBoxLayout(summary_box)
        self.summary = _text_edit("summary", self.tr("谈了什么、企业现状、下一步……"), 90)
        self.summary_message = _message_label("error_summary")
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.summary_message)
        self.body_layout.addWidget(summary_box)

        needs_header = QHBoxLayout()
        needs_title = QLabel(self.tr("发现的需求"))
        needs_title.setStyleSheet("font-weight: bold;")
        self.add_need_button = QPushButton(self.tr("＋ 添加需求"))
        self.add_need_button.setObjectName("addNeed")
        self.add_need_button.setAutoDefault(False)
        self.add_need_button.setToolTip(self.tr("再记录一项需求（Ctrl+N）"))
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
        self.override = QPushButton(self.tr("忽略警告并保存"))
        self.override.setObjectName("overrideWarnings")
        self.override.setAutoDefault(False)
        self.override.hide()
        # No default button: Enter in a field must never save a half-typed visit (Ctrl+S saves).
        self.save_button = QPushButton(self.tr("保存（Ctrl+S）"))
        self.save_button.setObjectName("saveVisit")
        self.save_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelVisit")
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.draft_status, 1)
        buttons.addWidget(self.override)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)

        # Wiring: every edit marks the dialog dirty and schedules a draft write.
        self._resolve_timer = QTimer(self)
        self._resolve_timer.setSingleShot(True)
        self._resolve_timer.setInterval(400)
        self._resolve_timer.timeout.connect(self._resolve_enterprise)
        self.enterprise.textEdited.connect(self._enterprise_edited)
        completer = self.enterprise.completer()
        if completer is not None:
            completer.activated.connect(lambda _label: self._resolve_enterprise())
        self.enterprise.editingFinished.connect(self._resolve_enterprise)
        self.new_enterprise.toggled.connect(self._new_enterprise_toggled)
        for line in (
            self.new_name,
            self.new_uscc,
            self.started_at,
            self.place,
            self.follow_up.line,
            self.contact_name,
            self.contact_title,
            self.contact_mobile,
        ):
            line.textChanged.connect(lambda _t: self._changed())
        self.summary.textChanged.connect(self._changed)
        self.brokers.itemChanged.connect(lambda _i: self._changed())
        self.attendees.itemChanged.connect(lambda _i: self._changed())
        self.add_contact.clicked.connect(self.add_new_contact)
        self.contact_mobile.returnPressed.connect(self.add_new_contact)
        self.add_need_button.clicked.connect(lambda: self.add_need(focus=True))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.override.clicked.connect(self._save_anyway)
        for keys in ("Ctrl+S", "Ctrl+Return"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)
        add_need = QShortcut(QKeySequence("Ctrl+N"), self)
        add_need.activated.connect(lambda: self.add_need(focus=True))

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

    # -- loading --------------------------------------------------------------------------------------

    def _load_brokers(self) -> None:
        with self.ctx.store.session() as s:
            brokers = BROKERS.list(s, limit=500, with_total=False).rows
        brokers.sort(key=lambda b: not b.is_self)  # the broker using the app first, where it is seen
        with QSignalBlocker(self.brokers):
            self.brokers.clear()
            for broker in brokers:
                item = QListWidgetItem(broker.name + (self.tr("（本人）") if broker.is_self else ""))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, broker.id)
                item.setData(NEW_CONTACT_ROLE, broker.is_self)
                self.brokers.addItem(item)

    def _check_self_broker(self) -> None:
        with QSignalBlocker(self.brokers):
            for item in _items(self.brokers):
                if item.data(NEW_CONTACT_ROLE):
                    item.setCheckState(Qt.CheckState.Checked)

    def _preset_enterprise(self, enterprise_id: str) -> None:
        with self.ctx.store.session() as s:
            ent = s.get(Enterprise, enterprise_id)
        if ent is not None:
            self.enterprise.set_reference(ent.id, ent.name)
            self._enterprise_id = ent.id
            self._load_contacts(ent.id)

    def _load_visit(self, visit_id: str) -> None:
        with self.ctx.store.session() as s:
            visit = VISITS.get(s, visit_id)
            ent = s.get(Enterprise, visit.enterprise_id)
            broker_ids = set(VISITS.broker_ids(s, visit.id))
            contact_ids = set(VISITS.contact_ids(s, visit.id))
            needs = s.exec(
                select(Need)
                .where(Need.visit_id == visit.id, col(Need.deleted_at).is_(None))
                .order_by(col(Need.created_at))
            ).all()
        if ent is not None:
            self.enterprise.set_reference(ent.id, ent.name)
            self._enterprise_id = ent.id
            self._load_contacts(ent.id)
        self.started_at.setText(visit.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        self.place.setText(visit.place)
        self.summary.setPlainText(visit.summary)
        self.follow_up.setText(visit.follow_up_on.isoformat() if visit.follow_up_on else "")
        _set_checked(self.brokers, broker_ids)
        _set_checked(self.attendees, contact_ids)
        for need in needs:
            block = self.add_need(need_id=need.id)
            block.set_state(need.model_dump())
        if not needs:
            self.add_need()

    def _load_contacts(self, enterprise_id: str | None) -> None:
        """Show the enterprise's contacts; new contacts typed here stay, whatever the enterprise."""
        checked = {i.data(Qt.ItemDataRole.UserRole) for i in _items(self.attendees) if _is_checked(i)}
        pending = [i for i in _items(self.attendees) if i.data(NEW_CONTACT_ROLE)]
        pending_state = [(dict(i.data(NEW_CONTACT_ROLE)), _is_checked(i)) for i in pending]
        contacts: Sequence[Contact] = []
        self._loaded_contacts_for = enterprise_id
        if enterprise_id:
            with self.ctx.store.session() as s:
                contacts = s.exec(
                    select(Contact)
                    .where(Contact.enterprise_id == enterprise_id, col(Contact.deleted_at).is_(None))
                    .order_by(col(Contact.name))
                ).all()
        with QSignalBlocker(self.attendees):
            self.attendees.clear()
            for c in contacts:
                item = QListWidgetItem(
                    "　".join(x for x in (c.name, c.title, c.mobile or c.phone or "") if x)
                )
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if c.id in checked else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.attendees.addItem(item)
            for data, on in pending_state:
                self._add_pending_item(data, on)

    def _add_pending_item(self, data: dict[str, str], checked: bool) -> QListWidgetItem:
        text = "　".join(
            x for x in (data.get("name", ""), data.get("title", ""), data.get("mobile", "")) if x
        )
        item = QListWidgetItem(text + self.tr("（新）"))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, None)
        item.setData(NEW_CONTACT_ROLE, dict(data))
        item.setToolTip(self.tr("保存走访时建立此联系人；取消勾选则不建立"))
        self.attendees.addItem(item)
        return item

    # -- reacting ---------------------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        if self._accept_warnings:
            self._accept_warnings = False
            self.override.hide()
        self._debounce.start()

    def _enterprise_edited(self, _text: str) -> None:
        # ReferenceEdit forgets its id when the text is edited; so does the dialog. A name typed in full
        # is recognised after a pause, so the attendees appear without having to pick from the list.
        self._enterprise_id = None
        self._resolve_timer.start()
        self._changed()

    def _resolve_enterprise(self) -> None:
        if self._loading or self.new_enterprise.isChecked():
            return
        ident = self._enterprise_id or self._find_enterprise(self.enterprise.text())
        if ident is not None and self._loaded_contacts_for == ident:
            self._enterprise_id = ident
            return
        self._enterprise_id = ident
        self._load_contacts(ident)
        if ident and not self.place.text().strip():
            with self.ctx.store.session() as s:
                ent = s.get(Enterprise, ident)
            if ent is not None and ent.address:
                self.place.setText(ent.address)
        self._changed()

    def _new_enterprise_toggled(self, on: bool) -> None:
        self.new_panel.setVisible(on)
        self.enterprise.setEnabled(not on)
        if on:
            if not self.new_name.text() and self.enterprise.text().strip() and not self._enterprise_id:
                self.new_name.setText(self.enterprise.text().strip())
            self._enterprise_id = None
            self._load_contacts(None)
            if not self._loading:
                self.new_name.setFocus()
        elif not self._loading:
            self._resolve_enterprise()
        self._changed()

    def add_new_contact(self) -> None:
        """Put the typed contact among the attendees; the phone number is checked by the core right away."""
        _hide(self.contact_message)
        name = self.contact_name.text().strip()
        mobile = self.contact_mobile.text().strip()
        if not name:
            _show(self.contact_message, [Issue("name", "required", self.tr("请填写新联系人的姓名"))])
            self.contact_name.setFocus()
            return
        if mobile:
            checked = check_phone(mobile, field="mobile")
            if not checked.ok:
                _show(self.contact_message, list(checked.issues))
                self.contact_mobile.setFocus()
                return
        data = {"name": name, "title": self.contact_title.text().strip(), "mobile": mobile}
        self._add_pending_item(data, True)
        for line in (self.contact_name, self.contact_title, self.contact_mobile):
            line.clear()
        self.contact_name.setFocus()
        self._changed()

    def add_need(self, *, need_id: str | None = None, focus: bool = False) -> NeedBlock:
        block = NeedBlock(len(self.needs) + 1, need_id=need_id)
        block.changed.connect(self._changed)
        block.remove_requested.connect(self.remove_need)
        self.needs.append(block)
        self.needs_layout.addWidget(block)
        block.show()  # at once, not when the layout gets round to it: focus and errors need it visible
        if not self._loading:
            self._update_tab_order()
            self._changed()
        if focus:
            block.title_line.setFocus()
            QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(block))
        return block

    def remove_need(self, block: NeedBlock) -> None:
        if block not in self.needs or block.need_id is not None:
            return
        self._drop_block(block)
        for number, other in enumerate(self.needs, start=1):
            other.set_number(number)
        self._update_tab_order()
        self._changed()

    def _drop_block(self, block: NeedBlock) -> None:
        # Hidden and detached at once: deleteLater alone leaves it drawn until the event loop runs.
        self.needs.remove(block)
        self.needs_layout.removeWidget(block)
        block.hide()
        block.setParent(None)
        block.deleteLater()

    # -- state and drafts -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def state(self) -> dict[str, Any]:
        """Everything typed or chosen, as plain JSON data (the draft)."""
        attendees, new_contacts = [], []
        for item in _items(self.attendees):
            pending = item.data(NEW_CONTACT_ROLE)
            if pending:
                new_contacts.append({**pending, "checked": _is_checked(item)})
            elif _is_checked(item):
                attendees.append(item.data(Qt.ItemDataRole.UserRole))
        return {
            "visit_id": self.visit_id,
            "enterprise": {
                "id": self._enterprise_id,
                "text": self.enterprise.text(),
                "new": self.new_enterprise.isChecked(),
                "name": self.new_name.text(),
                "uscc": self.new_uscc.text(),
            },
            "started_at": self.started_at.text(),
            "place": self.place.text(),
            "follow_up_on": self.follow_up.text(),
            "summary": self.summary.toPlainText(),
            "brokers": [i.data(Qt.ItemDataRole.UserRole) for i in _items(self.brokers) if _is_checked(i)],
            "attendees": attendees,
            "new_contacts": new_contacts,
            "contact_input": {
                "name": self.contact_name.text(),
                "title": self.contact_title.text(),
                "mobile": self.contact_mobile.text(),
            },
            "needs": [block.state() for block in self.needs],
        }

    def set_state(self, data: dict[str, Any]) -> None:
        """Put a saved state back into the widgets (a recovered draft)."""
        was_loading, self._loading = self._loading, True
        try:
            ent = data.get("enterprise") or {}
            self.new_name.setText(str(ent.get("name") or ""))
            self.new_uscc.setText(str(ent.get("uscc") or ""))
            self.new_enterprise.setChecked(bool(ent.get("new")))
            self.enterprise.set_reference(ent.get("id"), str(ent.get("text") or ""))
            self._enterprise_id = None if ent.get("new") else ent.get("id")
            with QSignalBlocker(self.attendees):
                self.attendees.clear()
                for pending in data.get("new_contacts") or []:
                    info = {k: str(pending.get(k) or "") for k in ("name", "title", "mobile")}
                    self._add_pending_item(info, bool(pending.get("checked", True)))
            self._load_contacts(self._enterprise_id)
            _set_checked(self.attendees, set(data.get("attendees") or []))
            self.started_at.setText(str(data.get("started_at") or ""))
            self.place.setText(str(data.get("place") or ""))
            self.follow_up.setText(str(data.get("follow_up_on") or ""))
            self.summary.setPlainText(str(data.get("summary") or ""))
            _set_checked(self.brokers, set(data.get("brokers") or []))
            typed = data.get("contact_input") or {}
            self.contact_name.setText(str(typed.get("name") or ""))
            self.contact_title.setText(str(typed.get("title") or ""))
            self.contact_mobile.setText(str(typed.get("mobile") or ""))
            for block in list(self.needs):
                self._drop_block(block)
            for need in data.get("needs") or []:
                block = self.add_need(need_id=need.get("need_id"))
                block.set_state(need)
        finally:
            self._loading = was_loading
        self._update_tab_order()

    def _restore_draft(self, draft: Draft) -> None:
        data = dict(draft.data)
        if data.get("visit_id"):
            with self.ctx.store.session() as s:
                gone = s.get(Visit, data["visit_id"]) is None
            if gone:
                # The visit was deleted meanwhile: save the draft as a new visit rather than lose it.
                data["visit_id"] = None
                for need in data.get("needs") or []:
                    need["need_id"] = None
        self.visit_id = data.get("visit_id")
        if self.visit_id:
            self.setWindowTitle(self.tr("编辑走访记录"))
        self.set_state(data)
        self._dirty = True  # a recovered draft is unsaved work
        self._last_submitted = json.dumps(data, sort_keys=True, ensure_ascii=False)
        self.banner.setText(
            self.tr("已恢复 %1 自动保存的草稿。核对后保存即可。").replace(
                "%1", saved_time_label(draft.saved_at)
            )
        )
        self.banner.setStyleSheet(INFO_STYLE)
        self.banner.show()

    def autosave(self) -> None:
        """Queue the current state for writing when it differs from the last one written."""
        if not self._dirty:
            return
        state = self.state()
        text = json.dumps(state, sort_keys=True, ensure_ascii=False)
        if text == self._last_submitted:
            return
        self._last_submitted = text
        self.autosaver.submit(state)

    def _keep_draft_now(self) -> None:
        if self._dirty:
            self.autosaver.save_now(self.state())
        self.autosaver.stop()

    def _draft_saved(self, when: datetime) -> None:
        self.draft_status.setText(self.tr("草稿已自动保存 %1").replace("%1", saved_time_label(when)))
        self.draft_status.setStyleSheet("color: #666;")

    def _draft_failed(self, reason: str) -> None:
        self.draft_status.setText(self.tr("草稿无法保存：%1").replace("%1", reason))
        self.draft_status.setStyleSheet(ERROR_STYLE)

    # -- saving ---------------------------------------------------------------------------------------

    def _save_anyway(self) -> None:
        self._accept_warnings = True
        self.save()

    def save(self) -> None:
        """Create or update the enterprise, new contacts, the visit and its needs in one unit of work."""
        self._clear_issues()
        enterprise_id = self._chosen_enterprise()
        kinds: set[str] = {"visit"}
        ids: list[str] = []
        try:
            with self.ctx.store.session(actor=self.ctx.actor) as session:
                visit = self._write(session, enterprise_id, kinds, ids)
        except _RefusedError as refused:
            self._show_problems(refused.problems)
            return
        except WorkbenchError as exc:
            self.banner.setText(exc.message)
            self.banner.setStyleSheet(ERROR_STYLE)
            self.banner.show()
            return
        self._debounce.stop()
        self._periodic.stop()
        self.autosaver.discard()
        self._dirty = False
        self.visit_id = visit.id
        self.result_visit_id = visit.id
        self.ctx.bus.publish(Changes(frozenset(kinds), tuple(ids)))
        self.saved.emit(visit.id)
        self.accept()

    def _chosen_enterprise(self) -> str | None:
        if self.new_enterprise.isChecked():
            return None
        if self._enterprise_id is None:
            self._enterprise_id = self._find_enterprise(self.enterprise.text())
        return self._enterprise_id

    def _find_enterprise(self, text: str) -> str | None:
        """The enterprise whose name was typed in full (ReferenceEdit.reference() would pop the list up)."""
        text = text.strip()
        if not text:
            return None
        with self.ctx.store.session() as s:
            found = sources.enterprises(s, text)
        ident = next((i for i, label in found if label == text), None)
        if ident is not None:
            self.enterprise.set_reference(ident, text)
        return ident

    def _write(self, s: Session, enterprise_id: str | None, kinds: set[str], ids: list[str]) -> Visit:
        problems = _Problems()
        accept = self._accept_warnings
        blocked = False  # the enterprise could not be created: check the rest without it
        if self.new_enterprise.isChecked():
            data = {"name": self.new_name.text(), "uscc": self.new_uscc.text().strip() or None}
            try:
                ent = ENTERPRISES.create(s, data, accept_warnings=accept)
            except ValidationError as exc:
                problems.enterprise += exc.issues
                blocked = True
            else:
                enterprise_id = ent.id
                kinds.add("enterprise")
                ids.append(ent.id)
        elif self.enterprise.text().strip() and enterprise_id is None:
            problems.enterprise.append(
                Issue(
                    "enterprise_id",
                    "visit.enterprise_unknown",
                    self.tr("没有名为“%1”的企业：请从列表中选择，或勾选“新企业”").replace(
                        "%1", self.enterprise.text().strip()
                    ),
                )
            )
            blocked = True

        contact_ids = [
            i.data(Qt.ItemDataRole.UserRole)
            for i in _items(self.attendees)
            if _is_checked(i) and not i.data(NEW_CONTACT_ROLE)
        ]
        for item in _items(self.attendees):
            pending = item.data(NEW_CONTACT_ROLE)
            if not pending or not _is_checked(item):
                continue
            data = {**pending, "mobile": pending.get("mobile") or None, "enterprise_id": enterprise_id}
            found = self._attempt(s, CONTACTS, data, None, accept, blocked=blocked)
            if isinstance(found, list):
                problems.contacts += [(str(pending.get("name", "")), i) for i in found]
            else:
                contact_ids.append(found.id)
                kinds.add("contact")
                ids.append(found.id)

        visit_data = {
            "enterprise_id": enterprise_id,
            "started_at": self.started_at.text().strip() or None,
            "place": self.place.text(),
            "summary": self.summary.toPlainText(),
            "follow_up_on": self.follow_up.text().strip() or None,
            "broker_ids": [i.data(Qt.ItemDataRole.UserRole) for i in _items(self.brokers) if _is_checked(i)],
            "contact_ids": contact_ids,
        }
        found_visit = self._attempt(s, VISITS, visit_data, self.visit_id, accept, blocked=blocked)
        visit: Visit | None = None
        if isinstance(found_visit, list):
            problems.visit += found_visit
        else:
            visit = found_visit
            ids.append(visit.id)

        for index, block in enumerate(self.needs):
            if block.need_id is None and block.is_blank():
                continue  # an empty block left over is not an error
            need_data: dict[str, Any] = {**block.values(), "enterprise_id": enterprise_id}
            if visit is not None:
                need_data["visit_id"] = visit.id
            found_need = self._attempt(
                s, NEEDS, need_data, block.need_id, accept, blocked=blocked or visit is None
            )
            if isinstance(found_need, list):
                problems.needs[index] = found_need
            else:
                kinds.add("need")
                ids.append(found_need.id)
        if problems or visit is None:
            raise _RefusedError(problems)
        return visit

    @staticmethod
    def _attempt(
        s: Session,
        service: Any,
        data: dict[str, Any],
        ident: str | None,
        accept: bool,
        *,
        blocked: bool,
    ) -> Any:
        """Create or update through ``service``; return the record, or the issues found.

        When an earlier part failed (``blocked``), the record cannot be written, but its own fields are still
        checked, so that one click on Save shows every problem at once.
        """
        if blocked:
            links = {"enterprise_id", "visit_id", "contact_ids"}
            current = service.get(s, ident) if ident else None
            data = {k: v for k, v in data.items() if k not in links}
            cleaned, issues = service.clean(s, data, current=current)
            issues = _without(issues, links)
            if not any(i.is_error for i in issues):
                # clean() stopped at the missing link; the cross-field rules (dates in order) still apply.
                merged = {**(current.model_dump() if current is not None else {}), **cleaned}
                issues += _without(service.check(s, merged, current=current), links)
            return issues
        try:
            if ident:
                return service.update(s, ident, data, accept_warnings=accept)
            return service.create(s, data, accept_warnings=accept)
        except ValidationError as exc:
            return exc.issues

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
            _hide(label)
        for block in self.needs:
            block.clear_issues()
        self.override.hide()

    def _show_problems(self, problems: _Problems) -> None:
        first: QWidget | None = None

        def mark(label: QLabel, issues: Sequence[Issue], widget: QWidget) -> None:
            nonlocal first
            if issues:
                _show(label, issues)
                first = first or widget

        label: QLabel
        widget: QWidget | None
        ent_fields: dict[str, tuple[QLabel, QWidget]] = {
            "name": (self.new_name_message, self.new_name),
            "uscc": (self.new_uscc_message, self.new_uscc),
        }
        for item in problems.enterprise:
            label, widget = ent_fields.get(item.field, (self.enterprise_message, self.enterprise))
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
            text = self.tr("新联系人“%1”：%2").replace("%1", name).replace("%2", item.message)
            mark(self.attendees_message, [Issue(item.field, item.code, text, item.severity)], self.attendees)
        for index, issues in problems.needs.items():
            found = self.needs[index].show_issues(issues)
            first = first or found
        only_warnings = bool(problems) and all(not i.is_error for i in problems.all())
        if only_warnings:
            self.banner.setText(self.tr("请核对标为黄色的提示；确认无误可点击“忽略警告并保存”。"))
            self.banner.setStyleSheet(WARNING_STYLE)
            self.banner.show()
        else:
            errors = sum(1 for i in problems.all() if i.is_error)
            stray = self.banner.text() if not self.banner.isHidden() else ""
            if errors:
                self.banner.setText(
                    self.tr("没有保存：有 %n 处需要修改（已在下方标红），填写的内容都还在。", "", errors)
                )
            else:
                self.banner.setText(self.tr("没有保存：请检查填写的内容。"))
            if stray:
                self.banner.setText(self.banner.text() + "\n" + stray)
            self.banner.setStyleSheet(ERROR_STYLE)
            self.banner.show()
        self.override.setVisible(only_warnings)
        if first is not None:
            first.setFocus()
            self.scroll_area.ensureWidgetVisible(first)

    # -- leaving --------------------------------------------------------------------------------------

    def confirm_leave(self) -> QMessageBox.StandardButton:
        """Ask about unsaved input: Save means *keep the draft*, Discard deletes it, Cancel stays here."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("走访还没有保存"))
        box.setText(self.tr("这次走访还没有保存。要保留草稿，下次打开时继续吗？"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        for button, text in (
            (QMessageBox.StandardButton.Save, self.tr("保留草稿")),
            (QMessageBox.StandardButton.Discard, self.tr("放弃草稿")),
            (QMessageBox.StandardButton.Cancel, self.tr("继续填写")),
        ):
            widget = box.button(button)
            if widget is not None:
                widget.setText(text)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def reject(self) -> None:
        if self._dirty:
            answer = self.confirm_leave()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            self._debounce.stop()
            self._periodic.stop()
            if answer == QMessageBox.StandardButton.Discard:
                self.autosaver.discard()
            else:
                self.autosaver.save_now(self.state())
                self.autosaver.stop()
            self._dirty = False
        else:
            self.autosaver.stop()
        super().reject()

    def done(self, result: int) -> None:
        self._resolve_timer.stop()
        self._debounce.stop()
        self._periodic.stop()
        self.autosaver.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _items(widget: QListWidget) -> list[QListWidgetItem]:
    return [item for item in (widget.item(r) for r in range(widget.count())) if item is not None]


def _is_checked(item: QListWidgetItem) -> bool:
    return item.checkState() == Qt.CheckState.Checked


def _set_checked(widget: QListWidget, ids: set[str]) -> None:
    with QSignalBlocker(widget):
        for item in _items(widget):
            ident = item.data(Qt.ItemDataRole.UserRole)
            if ident is not None:
                item.setCheckState(Qt.CheckState.Checked if ident in ids else Qt.CheckState.Unchecked)


# -- recovery at start-up --------------------------------------------------------------------------------


class DraftRecoveryPrompt:
    """Asks what to do with the drafts found at start-up; override :meth:`ask` to answer without a box."""

    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"

    def ask(self, parent: QWidget | None, descriptions: list[str]) -> str:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("DraftRecoveryPrompt", "找到未保存的走访"))
        box.setText(
            translate(
                "DraftRecoveryPrompt",
                "上次有 %n 份走访记录没有保存完（程序意外退出或断电）。要恢复吗？",
                "",
                len(descriptions),
            )
        )
        box.setInformativeText("\n".join(descriptions))
        restore = box.addButton(translate("DraftRecoveryPrompt", "恢复"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(translate("DraftRecoveryPrompt", "以后再说"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(
            translate("DraftRecoveryPrompt", "丢弃草稿"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore:
            return self.RESTORE
        if clicked is discard:
            return self.DISCARD
        del later
        return self.LATER


def describe_draft(draft: Draft) -> str:
    """“宁波材料科技有限公司 · 2 项需求 · 保存于 14:31:05” for the recovery prompt."""
    data = draft.data
    ent = data.get("enterprise") or {}
    name = (ent.get("name") if ent.get("new") else ent.get("text")) or translate(
        "DraftRecoveryPrompt", "（未选企业）"
    )
    needs = [n for n in data.get("needs") or [] if str(n.get("title") or "").strip()]
    return (
        translate("DraftRecoveryPrompt", "%1 · %2 项需求 · 保存于 %3")
        .replace("%1", str(name))
        .replace("%2", str(len(needs)))
        .replace("%3", saved_time_label(draft.saved_at))
    )


def offer_recovered_drafts(
    ctx: AppContext,
    parent: QWidget | None = None,
    *,
    prompt: DraftRecoveryPrompt | None = None,
    show: Callable[[VisitEntryDialog], None] | None = None,
) -> list[VisitEntryDialog]:
    """Offer the visit drafts left by a crash; the restored dialogs are shown and returned.

    Call once after the main window is shown. “Later” keeps the drafts for the next start, “discard”
    deletes them.
    """
    store = DraftStore(ctx.paths.drafts_dir)
    drafts = store.load_all(DRAFT_KIND)
    if not drafts:
        return []
    answer = (prompt or DraftRecoveryPrompt()).ask(parent, [describe_draft(d) for d in drafts])
    if answer == DraftRecoveryPrompt.DISCARD:
        for draft in drafts:
            store.discard(draft.kind, draft.ident)
        return []
    if answer != DraftRecoveryPrompt.RESTORE:
        return []
    dialogs = []
    for draft in drafts:
        dialog = VisitEntryDialog(ctx, draft=draft, parent=parent)
        (show or VisitEntryDialog.show)(dialog)
        dialogs.append(dialog)
    return dialogs


def screenshot_dialog(ctx: AppContext, parent: QWidget | None = None) -> VisitEntryDialog:
    """The quick entry as a broker leaves it on site: an enterprise, attendees and two needs (for review)."""
    with ctx.store.session() as s:
        row = s.exec(
            select(Enterprise, Contact)
            .join(Contact, col(Contact.enterprise_id) == col(Enterprise.id))
            .where(col(Enterprise.deleted_at).is_(None), col(Contact.deleted_at).is_(None))
            .order_by(col(Enterprise.name))
        ).first()
    dialog = VisitEntryDialog(ctx, parent=parent)
    state = dialog.state()
    if row is not None:
        ent, contact = row
        state["enterprise"] = {**state["enterprise"], "id": ent.id, "text": ent.name}
        state["attendees"] = [contact.id]
    state["place"] = translate("Screenshots", "企业二楼会议室")
    state["summary"] = translate(
        "Screenshots", "与技术副总座谈：复合材料车间良品率约80%，热压罐工艺周期长；污水站需要在线监测重金属。"
    )
    state["new_contacts"] = [
        {
            "name": translate("Screenshots", "张伟"),
            "title": translate("Screenshots", "技术总监"),
            "mobile": "13957400003",
            "checked": True,
        }
    ]
    state["needs"] = [
        {
            "need_id": None,
            "title": translate("Screenshots", "碳纤维复合材料快速成型工艺"),
            "problem": translate("Screenshots", "热压罐工艺周期长，良品率约80%"),
            "key_technology": translate("Screenshots", "成型周期≤15分钟，拉伸强度≥800MPa"),
            "expected_goals": translate("Screenshots", "良品率提升到95%，年节约成本300万元"),
            "keywords": translate("Screenshots", "碳纤维，复合材料，快速成型"),
        },
        {
            "need_id": None,
            "title": translate("Screenshots", "废水重金属在线监测"),
            "problem": translate("Screenshots", "人工取样化验，结果滞后一天"),
            "key_technology": translate("Screenshots", "检出限≤0.01mg/L，连续运行≥30天"),
            "expected_goals": translate("Screenshots", "超标即时报警，满足排放许可要求"),
            "keywords": translate("Screenshots", "重金属，在线监测"),
        },
    ]
    dialog.set_state(state)
    return dialog
