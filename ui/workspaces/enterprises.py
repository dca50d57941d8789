"""Enterprises and their contacts: the list, the forms, and a detail pane with contacts, visits and needs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.forms import EntityFormDialog, FieldDef, Hint, catalog_fields
from ui.listview import ListWorkspace
from ui.models import Column, Related
from ui.widgets.facts import FactGrid
from ui.widgets.split import split_for_list
from workbench.errors import WorkbenchError
from workbench.queries.enterprises import enterprise_detail, enterprise_list_facts
from workbench.queries.sync import origin_text
from workbench.services import CONTACTS, ENTERPRISES
from workbench.taxonomy import (
    division_choices,
    division_name,
    industry_choices,
    industry_label,
    industry_short_label,
)

translate = QCoreApplication.translate


def enterprise_fields() -> list[FieldDef]:
    # Division and industry are picked by name from searchable lists; an unlisted code may still be typed.
    return catalog_fields(
        "enterprise",
        {
            "division_code": Hint(editor="code", options=division_choices, width=24),
            "industry_code": Hint(editor="code", options=industry_choices, width=30),
        },
    )


def contact_fields() -> list[FieldDef]:
    return catalog_fields("contact", exclude=("enterprise_id",))  # a contact is entered on its enterprise


class ContactForm(EntityFormDialog):
    def __init__(
        self,
        ctx: AppContext,
        enterprise_id: str,
        *,
        record_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.enterprise_id = enterprise_id
        title = (
            translate("ContactForm", "编辑联系人") if record_id else translate("ContactForm", "新建联系人")
        )
        super().__init__(ctx, CONTACTS, contact_fields(), title=title, record_id=record_id, parent=parent)

    def values(self) -> dict[str, Any]:
        data = super().values()
        if not self.record_id:
            data["enterprise_id"] = self.enterprise_id
        return data


class EnterpriseDetail(QWidget):
    """Contacts (add, edit, delete), recent visits and needs of the selected enterprise."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enterprise_id: str | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = FactGrid("enterpriseFacts")
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel(self.tr("联系人")))
        self.contacts = QListWidget()
        self.contacts.setObjectName("contacts")
        self.contacts.itemDoubleClicked.connect(self._edit_contact)
        layout.addWidget(self.contacts, 1)
        buttons = QHBoxLayout()
        self.add_contact = QPushButton(self.tr("添加联系人"))
        self.add_contact.setObjectName("addContact")
        self.remove_contact = QPushButton(self.tr("删除联系人"))
        buttons.addWidget(self.add_contact)
        buttons.addWidget(self.remove_contact)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("走访与需求")))
        self.history = QListWidget()
        layout.addWidget(self.history, 1)
        self.add_contact.clicked.connect(self._new_contact)
        self.remove_contact.clicked.connect(self._delete_contact)
        self.setEnabled(False)
        ctx.bus.changed.connect(
            lambda ch: (
                self.load(self.enterprise_id)
                if self.enterprise_id and ch.kinds & {"contact", "enterprise", "visit", "need"}
                else None
            )
        )

    def load(self, enterprise_id: str | None) -> None:
        self.enterprise_id = enterprise_id
        self.contacts.clear()
        self.history.clear()
        if enterprise_id is None:
            self.setEnabled(False)
            return
        with self.ctx.store.session(write=False) as s:
            try:
                ent = enterprise_detail(s, enterprise_id)
                origin = origin_text(s, "enterprise", enterprise_id)
            except WorkbenchError:
                self.setEnabled(False)
                return
        self.setEnabled(True)
        contacts, visits, needs = ent.contacts, ent.visits, ent.needs
        self.heading.setText(ent.name)
        self.facts.set_facts(
            [
                (self.tr("统一社会信用代码"), ent.uscc or self.tr("（未填）")),
                (self.tr("行政区划"), division_name(ent.division_code)),
                (self.tr("行业"), industry_label(ent.industry_code)),
                (self.tr("产业集群"), ent.cluster_code),
                (self.tr("地址"), ent.address or ""),
                (self.tr("高新技术企业"), self.tr("是") if ent.high_tech else ""),
                (self.tr("来源"), origin),
            ]
        )
        for c in contacts:
            item = QListWidgetItem("　".join(x for x in (c.name, c.title, c.phone) if x))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.contacts.addItem(item)
        for v in visits:
            self.history.addItem(
                self.tr("走访 %1　%2")
                .replace("%1", v.started_at.astimezone().strftime("%Y-%m-%d"))
                .replace("%2", v.place)
            )
        for n in needs:
            self.history.addItem(self.tr("需求　%1").replace("%1", n.title))

    def _new_contact(self) -> None:
        if self.enterprise_id:
            ContactForm(self.ctx, self.enterprise_id, parent=self).exec()

    def _edit_contact(self, item: QListWidgetItem) -> None:
        if self.enterprise_id:
            ContactForm(
                self.ctx, self.enterprise_id, record_id=item.data(Qt.ItemDataRole.UserRole), parent=self
            ).exec()

    def _delete_contact(self) -> None:
        item = self.contacts.currentItem()
        if item is None:
            return
        ident = item.data(Qt.ItemDataRole.UserRole)
        try:
            self.ctx.write(lambda s: CONTACTS.delete(s, [ident]), {"contact"})
        except WorkbenchError as exc:
            QMessageBox.warning(self, self.tr("不能删除"), exc.message)


def _updated(record: Any, _related: Related) -> str:
    return str(record.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))


class EnterprisesWorkspace(ListWorkspace):
    keep_whole = frozenset({"uscc", "division", "high_tech"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column(
                "name",
                translate("EnterprisesWorkspace", "企业名称"),
                lambda r, _rel: r.name,
                sort="name",
                width=260,
            ),
            Column(
                "uscc",
                translate("EnterprisesWorkspace", "统一社会信用代码"),
                lambda r, _rel: r.uscc,
                sort="uscc",
                width=170,
            ),
            Column(
                "division",
                translate("EnterprisesWorkspace", "行政区划"),
                lambda r, _rel: division_name(r.division_code),
                sort="division_code",
            ),
            Column(
                "industry",
                translate("EnterprisesWorkspace", "行业"),
                lambda r, _rel: industry_short_label(r.industry_code),
                sort="industry_code",
            ),
            Column(
                "cluster",
                translate("EnterprisesWorkspace", "产业集群"),
                lambda r, _rel: r.cluster_code,
                sort="cluster_code",
            ),
            Column(
                "high_tech",
                translate("EnterprisesWorkspace", "高新"),
                lambda r, _rel: r.high_tech,
                sort="high_tech",
            ),
            Column(
                "contacts",
                translate("EnterprisesWorkspace", "联系人"),
                lambda r, rel: rel.contacts.get(r.id, 0),
                align_right=True,
                visible=False,  # the pane lists them; the list keeps its width for name and industry
            ),
            Column(
                "address",
                translate("EnterprisesWorkspace", "地址"),
                lambda r, _rel: r.address,
                sort="address",
                visible=False,
            ),
            Column(
                "updated",
                translate("EnterprisesWorkspace", "更新时间"),
                _updated,
                sort="updated_at",
                visible=False,
            ),
        ]
        self.detail_pane = EnterpriseDetail(ctx)
        super().__init__(
            ctx,
            ENTERPRISES,
            columns,
            title=translate("EnterprisesWorkspace", "企业"),
            related=enterprise_list_facts,
            detail=self.detail_pane,
            parent=parent,
        )

    def showEvent(self, event: QShowEvent) -> None:
        first = not self._split_restored
        super().showEvent(event)
        if first and self._split_restored:
            # Most of the width for the list the first time: names, codes and industry names need the room,
            # and the pane's facts, contacts and visits fit in the rest (its ~360 px even at 1280 px).
            split_for_list(self.splitter, 0.65)

    def depends_on(self) -> set[str]:
        return {"contact"}

    def show_detail(self, ident: str) -> None:
        self.detail_pane.load(ident)

    def create_record(self) -> None:
        EntityFormDialog(
            self.ctx,
            ENTERPRISES,
            enterprise_fields(),
            title=self.tr("新建企业"),
            parent=self,
            initial={"engineering_centre": "none"},
        ).exec()

    def open_record(self, ident: str) -> None:
        EntityFormDialog(
            self.ctx,
            ENTERPRISES,
            enterprise_fields(),
            title=self.tr("编辑企业"),
            record_id=ident,
            parent=self,
        ).exec()
