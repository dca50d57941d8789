"""Technologies (results, patents): a list that stays fast at a million rows, the form, and who it is matched to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import sources
from ui.context import AppContext
from ui.forms import EntityFormDialog, FieldDef, Hint, catalog_fields
from ui.listview import ListWorkspace
from ui.models import Column
from ui.widgets.facts import FactGrid
from ui.widgets.lists import add_placeholder, open_match_item
from ui.widgets.money import amount_text, wan
from ui.widgets.panels import plug_in_panel
from ui.widgets.split import split_for_list
from workbench.enums import MatchStage, Maturity, PatentKind, TransferMode
from workbench.errors import WorkbenchError
from workbench.i18n import join_list
from workbench.queries import Session
from workbench.queries.common import name_of
from workbench.queries.sync import origin_text
from workbench.queries.technologies import TechnologyListFacts, technology_list_facts, technology_matches
from workbench.services import TECHNOLOGIES

translate = QCoreApplication.translate


def technology_fields() -> list[FieldDef]:
    return catalog_fields("technology", {"institution_id": Hint(source=sources.institutions)})


def format_patent(number: str) -> str:
    """Stored application numbers are shown the way they are printed on certificates: ZL201811564288.X."""
    return f"ZL{number}"


class TechnologyForm(EntityFormDialog):
    """Create or edit a technology; its patents are one number per line, normalised by the core."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        record_id: str | None = None,
        initial: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            translate("TechnologyForm", "编辑技术成果")
            if record_id
            else translate("TechnologyForm", "新建技术成果")
        )
        super().__init__(
            ctx,
            TECHNOLOGIES,
            technology_fields(),
            title=title,
            record_id=record_id,
            initial=initial,
            parent=parent,
        )
        for key, height in (("abstract", 110), ("patents", 90)):
            editor = self.rows[key].editor
            if isinstance(editor, QPlainTextEdit):
                editor.setFixedHeight(height)
        self.resize(640, 660)

    def extra_values(self, session: Session, record: Any) -> dict[str, Any]:
        return {
            "patents": "\n".join(format_patent(p.number) for p in TECHNOLOGIES.patents(session, record.id))
        }

    def reference_labels(self, session: Session, values: dict[str, Any]) -> dict[str, str]:
        name = name_of(session, "institution", values.get("institution_id"))
        return {"institution_id": name} if name else {}


def _patents(record: Any, rel: TechnologyListFacts) -> str:
    summary = rel.patents.get(record.id)
    if summary is None:
        return ""
    more = translate("TechnologiesWorkspace", " 等 %1 项").replace("%1", str(summary.count))
    return format_patent(summary.first) + (more if summary.count > 1 else "")


def _label(enum: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(enum(value).label)
    except ValueError:
        return value


class TechnologyDetail(QWidget):
    """Abstract, patents with their kinds, the needs it is matched to, and who might want it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.technology_id: str | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("technologyHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = FactGrid("technologyFacts")
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("technologyTabs")
        about = QWidget()
        about_layout = QVBoxLayout(about)
        self.abstract = QLabel()
        self.abstract.setObjectName("technologyAbstract")
        self.abstract.setWordWrap(True)
        self.abstract.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.abstract.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about_layout.addWidget(self.abstract)
        caption = QLabel(self.tr("专利"))
        caption.setStyleSheet("font-weight: bold; color: #455a64;")
        about_layout.addWidget(caption)
        self.patents = QListWidget()
        self.patents.setObjectName("technologyPatents")
        self.patents.setMaximumHeight(120)
        about_layout.addWidget(self.patents)
        about_layout.addStretch(1)
        self.tabs.addTab(about, self.tr("简介与专利"))
        self.needs = QListWidget()
        self.needs.setObjectName("technologyNeeds")
        self.needs.setToolTip(self.tr("双击到“对接”中查看"))
        self.needs.itemDoubleClicked.connect(lambda item: open_match_item(self, item))
        self.needs_tab = self.tabs.addTab(self.needs, self.tr("已对接需求"))
        # 谁可能需要: ui.match_panels.WhoMightWantPanel plugs in here when that module exists.
        self.who: QWidget | None = None
        self.who_tab = -1
        layout.addWidget(self.tabs, 1)
        self.setEnabled(False)
        ctx.bus.changed.connect(
            lambda ch: (
                self.load(self.technology_id)
                if self.technology_id
                and ch.kinds & {"technology", "match", "need", "institution", "enterprise"}
                else None
            )
        )

    def load(self, technology_id: str | None) -> None:
        changed = technology_id != self.technology_id
        self.technology_id = technology_id
        self.patents.clear()
        self.needs.clear()
        if technology_id is None:
            self.setEnabled(False)
            return
        # Each of these is an indexed lookup by id, fast on a million-row table.
        with self.ctx.store.session(write=False) as s:
            try:
                tech = TECHNOLOGIES.get(s, technology_id)
            except WorkbenchError:
                self.technology_id = None
                self.setEnabled(False)
                return
            owner = name_of(s, "institution", tech.institution_id)
            patents = TECHNOLOGIES.patents(s, tech.id)
            matches = technology_matches(s, tech.id)
            origin = origin_text(s, "technology", tech.id)
        self.setEnabled(True)
        self.heading.setText(tech.title)
        self.facts.set_facts(
            [
                (self.tr("持有单位"), owner),
                (self.tr("成熟度"), _label(Maturity, tech.maturity) if tech.maturity else ""),
                (self.tr("转化方式"), join_list(_label(TransferMode, m) for m in tech.transfer_modes or [])),
                (self.tr("意向价格"), amount_text(tech.asking_price_fen)),
                (self.tr("发明人"), join_list(tech.inventors or [])),
                (self.tr("IPC"), join_list(tech.ipc_codes or [])),
                (self.tr("备案号"), tech.filing_no or ""),
                (self.tr("关键词"), list(tech.keywords or [])),
                (self.tr("来源"), origin),
            ]
        )
        self.abstract.setText(tech.abstract or self.tr("（没有简介）"))
        for p in patents:
            self.patents.addItem(
                self.tr("%1　%2")
                .replace("%1", format_patent(p.number))
                .replace("%2", _label(PatentKind, p.patent_kind))
            )
        if not patents:
            add_placeholder(self.patents, self.tr("（没有登记专利）"))
        for match in matches:
            item = QListWidgetItem(
                self.tr("[%1] %2　%3")
                .replace("%1", MatchStage(match.stage).label)
                .replace("%2", match.need)
                .replace("%3", match.enterprise)
            )
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            self.needs.addItem(item)
        if not matches:
            add_placeholder(self.needs, self.tr("（还没有对接到需求）"))
        self.tabs.setTabText(self.needs_tab, self.tr("已对接需求（%1）").replace("%1", str(len(matches))))
        if changed:
            self._plug_who(tech.id)

    def _plug_who(self, technology_id: str) -> None:
        if self.who is not None:
            reload = getattr(self.who, "set_technology", None) or getattr(self.who, "load", None)
            if callable(reload):
                reload(technology_id)
                return
            self.tabs.removeTab(self.who_tab)
            self.who.deleteLater()
            self.who = None
        panel = plug_in_panel("WhoMightWantPanel", self.ctx, technology_id)
        if panel is not None:
            self.who = panel
            self.who_tab = self.tabs.addTab(panel, self.tr("谁可能需要"))


class TechnologiesWorkspace(ListWorkspace):
    keep_whole = frozenset({"patents", "price"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column(
                "title",
                translate("TechnologiesWorkspace", "成果名称"),
                lambda r, _rel: r.title,
                sort="title",
                width=250,
            ),
            Column(
                "institution",
                translate("TechnologiesWorkspace", "持有单位"),
                lambda r, rel: rel.institutions.get(r.institution_id or "", ""),
                width=170,
            ),
            Column(
                "maturity",
                translate("TechnologiesWorkspace", "成熟度"),
                lambda r, _rel: _label(Maturity, r.maturity),
                sort="maturity",
                width=90,
            ),
            Column(
                "transfer_modes",
                translate("TechnologiesWorkspace", "转化方式"),
                lambda r, _rel: join_list(_label(TransferMode, m) for m in r.transfer_modes),
                width=130,
                # Shown in the detail pane; hidden here so titles and patent numbers fit at 1280 px.
                visible=False,
            ),
            Column(
                "price",
                translate("TechnologiesWorkspace", "意向价格（万元）"),
                lambda r, _rel: wan(r.asking_price_fen),
                sort="asking_price_fen",
                align_right=True,
                width=110,
            ),
            Column(
                "patents",
                translate("TechnologiesWorkspace", "专利"),
                _patents,
                width=170,
            ),
            Column(
                "filing_no",
                translate("TechnologiesWorkspace", "备案号"),
                lambda r, _rel: r.filing_no,
                sort="filing_no",
                width=140,
                visible=False,
            ),
        ]
        self.detail_pane = TechnologyDetail(ctx)
        super().__init__(
            ctx,
            TECHNOLOGIES,
            columns,
            title=translate("TechnologiesWorkspace", "技术成果"),
            related=technology_list_facts,
            detail=self.detail_pane,
            parent=parent,
        )
        self.filter.setPlaceholderText(self.tr("筛选：成果名称…（Ctrl+F）"))
        self.forms: list[TechnologyForm] = []

    def showEvent(self, event: QShowEvent) -> None:
        first = not self._split_restored
        super().showEvent(event)
        if first and self._split_restored:
            # Most of the width for the list the first time: patent numbers and prices are shown whole,
            # and the pane's facts and abstract wrap in the rest (its ~370 px even at 1280 px).
            split_for_list(self.splitter, 0.65)

    def depends_on(self) -> set[str]:
        return {"institution"}

    def show_detail(self, ident: str) -> None:
        self.detail_pane.load(ident)

    def _open(self, form: TechnologyForm) -> TechnologyForm:
        self.forms.append(form)
        form.finished.connect(lambda _r, f=form: self.forms.remove(f) if f in self.forms else None)
        form.open()
        return form

    def create_record(self) -> None:
        self._open(TechnologyForm(self.ctx, parent=self))

    def open_record(self, ident: str) -> None:
        self._open(TechnologyForm(self.ctx, record_id=ident, parent=self))
