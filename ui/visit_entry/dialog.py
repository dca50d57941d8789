"""The quick entry dialog: loading a visit or a draft, reacting to what is typed, saving and leaving.

Saving hands everything to the core's :func:`workbench.services.visits.record_visit` (one unit of work:
a refused field saves nothing, and every typed character stays where it was). The whole state is also
kept as a draft (``ui.drafts``) on every change and every few seconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QMessageBox, QWidget

from ui import sources
from ui.context import AppContext
from ui.drafts import Draft, DraftAutosaver, DraftStore, saved_time_label
from ui.forms import ERROR_STYLE
from ui.visit_entry.form import VisitEntryForm
from ui.visit_entry.parts import (
    DRAFT_KIND,
    INFO_STYLE,
    NEW_CONTACT_ROLE,
    NeedBlock,
    hide_message,
    is_checked,
    list_items,
    set_checked,
    show_issues,
)
from workbench.errors import Issue, WorkbenchError
from workbench.ids import new_id
from workbench.models import Contact
from workbench.services import BROKERS, VISITS
from workbench.services.visits import (
    NeedEntry,
    NewContact,
    NewEnterprise,
    VisitEntry,
    VisitRefusedError,
    enterprise_contacts,
    live_enterprise,
    record_visit,
    visit_exists,
    visit_needs,
)
from workbench.validation import check_phone


class VisitEntryDialog(VisitEntryForm):
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
        super().__init__(ctx, parent)
        self.visit_id = visit_id
        self.draft_id = draft.ident if draft is not None else (visit_id or new_id())
        self.setObjectName("visitEntry")
        self.setWindowTitle(self.tr("编辑走访记录") if visit_id else self.tr("记录走访"))
        self._enterprise_id: str | None = None
        self._loaded_contacts_for: str | None = None
        self._loading = True
        self._dirty = False
        self._accept_warnings = False
        self._last_submitted = ""
        self.result_visit_id: str | None = None
        self.drafts = DraftStore.for_store(ctx.store, ctx.paths.drafts_dir)
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

        self._wire()
        self._load_brokers()
        if draft is not None:
            self._restore_draft(draft)
        elif visit_id:
            self._load_visit(visit_id)
        else:
            self.started_at.setText(ctx.clock.now().strftime("%Y-%m-%d %H:%M"))  # the app's one clock
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

    def _wire(self) -> None:
        """Every edit marks the dialog dirty and schedules a draft write; keys and buttons act."""
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

    # -- loading --------------------------------------------------------------------------------------

    def _load_brokers(self) -> None:
        with self.ctx.store.session(write=False) as s:
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
        # Show every broker of a usual office (up to 8) without a scroll bar; more scroll.
        rows = max(3, min(self.brokers.count(), 8))
        row_height = self.brokers.sizeHintForRow(0) if self.brokers.count() else 20
        self.brokers.setFixedHeight(rows * row_height + 2 * self.brokers.frameWidth() + 4)

    def _check_self_broker(self) -> None:
        with QSignalBlocker(self.brokers):
            for item in list_items(self.brokers):
                if item.data(NEW_CONTACT_ROLE):
                    item.setCheckState(Qt.CheckState.Checked)

    def _preset_enterprise(self, enterprise_id: str) -> None:
        with self.ctx.store.session(write=False) as s:
            ent = live_enterprise(s, enterprise_id)
        if ent is not None:
            self.enterprise.set_reference(ent.id, ent.name)
            self._enterprise_id = ent.id
            self._load_contacts(ent.id)

    def _load_visit(self, visit_id: str) -> None:
        with self.ctx.store.session(write=False) as s:
            visit = VISITS.get(s, visit_id)
            ent = live_enterprise(s, visit.enterprise_id)
            broker_ids = set(VISITS.broker_ids(s, visit.id))
            contact_ids = set(VISITS.contact_ids(s, visit.id))
            needs = visit_needs(s, visit.id)
        if ent is not None:
            self.enterprise.set_reference(ent.id, ent.name)
            self._enterprise_id = ent.id
            self._load_contacts(ent.id)
        self.started_at.setText(visit.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        self.place.setText(visit.place)
        self.summary.setPlainText(visit.summary)
        self.follow_up.setText(visit.follow_up_on.isoformat() if visit.follow_up_on else "")
        set_checked(self.brokers, broker_ids)
        set_checked(self.attendees, contact_ids)
        for need in needs:
            block = self.add_need(need_id=need.id)
            block.set_state(need.model_dump())
        if not needs:
            self.add_need()

    def _load_contacts(self, enterprise_id: str | None) -> None:
        """Show the enterprise's contacts; new contacts typed here stay, whatever the enterprise."""
        checked = {i.data(Qt.ItemDataRole.UserRole) for i in list_items(self.attendees) if is_checked(i)}
        pending = [i for i in list_items(self.attendees) if i.data(NEW_CONTACT_ROLE)]
        pending_state = [(dict(i.data(NEW_CONTACT_ROLE)), is_checked(i)) for i in pending]
        contacts: Sequence[Contact] = []
        self._loaded_contacts_for = enterprise_id
        if enterprise_id:
            with self.ctx.store.session(write=False) as s:
                contacts = enterprise_contacts(s, enterprise_id)
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
            with self.ctx.store.session(write=False) as s:
                ent = live_enterprise(s, ident)
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
        hide_message(self.contact_message)
        name = self.contact_name.text().strip()
        mobile = self.contact_mobile.text().strip()
        if not name:
            show_issues(self.contact_message, [Issue("name", "required", self.tr("请填写新联系人的姓名"))])
            self.contact_name.setFocus()
            return
        if mobile:
            checked = check_phone(mobile, field="mobile")
            if not checked.ok:
                show_issues(self.contact_message, list(checked.issues))
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
        for item in list_items(self.attendees):
            pending = item.data(NEW_CONTACT_ROLE)
            if pending:
                new_contacts.append({**pending, "checked": is_checked(item)})
            elif is_checked(item):
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
            "brokers": [i.data(Qt.ItemDataRole.UserRole) for i in list_items(self.brokers) if is_checked(i)],
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
            set_checked(self.attendees, set(data.get("attendees") or []))
            self.started_at.setText(str(data.get("started_at") or ""))
            self.place.setText(str(data.get("place") or ""))
            self.follow_up.setText(str(data.get("follow_up_on") or ""))
            self.summary.setPlainText(str(data.get("summary") or ""))
            set_checked(self.brokers, set(data.get("brokers") or []))
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
            with self.ctx.store.session(write=False) as s:
                gone = not visit_exists(s, data["visit_id"])
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
        """Record the enterprise, new contacts, the visit and its needs through the core, all or nothing."""
        self._clear_issues()
        entry = self.entry()
        try:
            with self.ctx.store.session(actor=self.ctx.actor) as session:
                done = record_visit(session, entry, accept_warnings=self._accept_warnings)
        except VisitRefusedError as refused:
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
        self.visit_id = done.visit_id
        self.result_visit_id = done.visit_id
        self.ctx.bus.publish(done.changes)
        self.saved.emit(done.visit_id)
        self.accept()

    def entry(self) -> VisitEntry:
        """What is typed, as the core's :class:`VisitEntry` (blank new need blocks left out)."""
        new_enterprise = (
            NewEnterprise(self.new_name.text(), self.new_uscc.text().strip() or None)
            if self.new_enterprise.isChecked()
            else None
        )
        enterprise_id = None if new_enterprise else self._chosen_enterprise()
        attendees, new_contacts = [], []
        for item in list_items(self.attendees):
            pending = item.data(NEW_CONTACT_ROLE)
            if not is_checked(item):
                continue
            if pending:
                new_contacts.append(
                    NewContact(
                        str(pending.get("name", "")),
                        str(pending.get("title", "")),
                        str(pending.get("mobile") or "") or None,
                    )
                )
            else:
                attendees.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return VisitEntry(
            started_at=self.started_at.text().strip() or None,
            broker_ids=[
                str(i.data(Qt.ItemDataRole.UserRole)) for i in list_items(self.brokers) if is_checked(i)
            ],
            enterprise_id=enterprise_id,
            new_enterprise=new_enterprise,
            enterprise_text=self.enterprise.text(),
            visit_id=self.visit_id,
            place=self.place.text(),
            summary=self.summary.toPlainText(),
            follow_up_on=self.follow_up.text().strip() or None,
            contact_ids=attendees,
            new_contacts=new_contacts,
            needs=[
                NeedEntry(index, block.values(), block.need_id)
                for index, block in enumerate(self.needs)
                if block.need_id is not None or not block.is_blank()  # an empty block left over is fine
            ],
        )

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
        with self.ctx.store.session(write=False) as s:
            found = sources.enterprises(s, text)
        ident = next((i for i, label in found if label == text), None)
        if ident is not None:
            self.enterprise.set_reference(ident, text)
        return ident

    # -- leaving --------------------------------------------------------------------------------------

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
