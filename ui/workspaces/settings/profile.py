"""Settings, broker profile: the is_self broker the claim form prints, and what it still lacks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import WARNING_STYLE, EntityFormDialog, FieldDef, catalog_fields
from ui.workspaces.settings.common import OK_STYLE, heading, note, translate
from workbench.errors import Issue, Severity
from workbench.models import Broker
from workbench.services import BROKERS
from workbench.services.base import Changes
from workbench.services.entities import self_broker


def profile_fields() -> list[FieldDef]:
    """The broker form from the catalogue; which profile is "me" is set by this page, not typed."""
    return catalog_fields("broker", exclude=("is_self", "notes"))


class ProfileForm(EntityFormDialog):
    """The generated entity form, embedded in the page: saving keeps it open, "undo" reloads the record."""

    reloaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        with ctx.store.session(write=False) as session:
            me = self_broker(session)
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
        intro = note(
            self.tr("奖励申请表上的申请人信息取自这里。身份证号、证书编号、电话和银行账户在申请奖励时必填。")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("经纪人档案")))
        layout.addWidget(intro)
        layout.addWidget(self.readiness)
        layout.addWidget(self.form, 1, Qt.AlignmentFlag.AlignLeft)
        self.form.reloaded.connect(self.update_readiness)
        ctx.bus.changed.connect(self._on_changes)
        self.update_readiness()

    def _on_changes(self, changes: Changes) -> None:
        if "broker" in changes.kinds and not self.form.dirty:
            with self.ctx.store.session(write=False) as session:
                me = self_broker(session)
            self.form.record_id = me.id if me else None
            self.form.reload()
            self.update_readiness()

    def missing(self) -> list[Issue]:
        with self.ctx.store.session(write=False) as session:
            me = self_broker(session)
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
