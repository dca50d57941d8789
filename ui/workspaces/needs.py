"""Technical needs: the list with a status filter, the form, status steps and the matches of each need."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import sources
from ui.context import AppContext
from ui.forms import EntityFormDialog, FieldDef, Hint, ReferenceEdit, catalog_fields
from ui.listview import ListWorkspace
from ui.models import Column, Related
from ui.widgets.banner import error_label
from ui.widgets.facts import FactGrid, FlowLayout
from ui.widgets.lists import add_placeholder, open_match_item
from ui.widgets.money import amount_text, wan
from ui.widgets.panels import plug_in_panel
from ui.widgets.split import split_for_list
from workbench.enums import MatchStage, NeedStatus, SolutionMode
from workbench.errors import WorkbenchError
from workbench.i18n import join_list
from workbench.queries import Session
from workbench.queries import sources as queried_sources
from workbench.queries.common import name_of
from workbench.queries.needs import need_list_facts, need_matches
from workbench.queries.sync import origin_text
from workbench.services import NEEDS

translate = QCoreApplication.translate


def need_fields(visits: Any = None) -> list[FieldDef]:
    return catalog_fields(
        "need",
        {
            "enterprise_id": Hint(source=sources.enterprises),
            "visit_id": Hint(source=visits or visits_of_any_enterprise),
        },
    )


def visits_of_any_enterprise(session: Session, text: str) -> list[tuple[str, str]]:
    return queried_sources.visits(session, text)


class NeedForm(EntityFormDialog):
    """Create or edit a need; the visit list offers the chosen enterprise's visits."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        record_id: str | None = None,
        initial: dict[str, Any] | None = None,
        labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = translate("NeedForm", "编辑需求") if record_id else translate("NeedForm", "新建需求")
        super().__init__(
            ctx,
            NEEDS,
            need_fields(self._visits),
            title=title,
            record_id=record_id,
            initial=initial,
            labels=labels,
            parent=parent,
        )
        self.resize(640, 700)

    def _visits(self, session: Session, text: str) -> list[tuple[str, str]]:
        rows = getattr(self, "rows", {})
        enterprise = rows.get("enterprise_id")
        editor = enterprise.editor if enterprise is not None else None
        ident = editor.chosen_id() if isinstance(editor, ReferenceEdit) else None
        return queried_sources.visits(session, text, enterprise_id=ident)

    def reference_labels(self, session: Session, values: dict[str, Any]) -> dict[str, str]:
        labels = {}
        enterprise = name_of(session, "enterprise", values.get("enterprise_id"))
        if enterprise:
            labels["enterprise_id"] = enterprise
        visit = queried_sources.visit_choice_label(session, values.get("visit_id"))
        if visit:
            labels["visit_id"] = visit
        return labels


class StatusSteps(QWidget):
    """new › filed › published › matched › contracted › closed, the current one highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The steps wrap onto a second line in a narrow pane (each "› step" as one piece) rather than
        # widen the pane and squeeze the needs list beside it.
        layout = FlowLayout(self, spacing=4)
        self.buttons: dict[str, QToolButton] = {}
        for i, status in enumerate(NeedStatus):
            button = QToolButton()
            button.setText(status.label)
            button.setObjectName(f"status_{status.value}")
            button.setCheckable(True)
            button.setToolTip(self.tr("改为“%1”").replace("%1", status.label))
            self.buttons[status.value] = button
            if not i:
                layout.addWidget(button)
                continue
            step = QWidget()
            row = QHBoxLayout(step)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            arrow = QLabel("›")
            arrow.setStyleSheet("color: #999;")
            row.addWidget(arrow)
            row.addWidget(button)
            layout.addWidget(step)

    def show_status(self, status: str) -> None:
        for value, button in self.buttons.items():
            button.setChecked(value == status)
            button.setStyleSheet("font-weight: bold; background: #e3f2fd;" if value == status else "")


class NeedDetail(QWidget):
    """The selected need: facts, status steps, the three-part description and its matches."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.need_id: str | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("needHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.facts = FactGrid("needFacts")
        self.steps = StatusSteps()
        self.status_message = error_label("statusMessage")
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.steps)
        layout.addWidget(self.status_message)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("needTabs")
        description = QWidget()
        d_layout = QVBoxLayout(description)
        self.parts: dict[str, QLabel] = {}
        for key, caption in (
            ("problem", self.tr("主要问题")),
            ("key_technology", self.tr("关键技术及指标")),
            ("expected_goals", self.tr("预期目标")),
        ):
            title = QLabel(caption)
            title.setStyleSheet("font-weight: bold; color: #455a64;")
            body = QLabel()
            body.setObjectName(f"part_{key}")
            body.setWordWrap(True)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.parts[key] = body
            d_layout.addWidget(title)
            d_layout.addWidget(body)
        d_layout.addStretch(1)
        self.tabs.addTab(description, self.tr("需求描述"))
        self.matches = QListWidget()
        self.matches.setObjectName("needMatches")
        self.matches.setToolTip(self.tr("双击到“对接”中查看"))
        self.matches.itemDoubleClicked.connect(lambda item: open_match_item(self, item))
        self.matches_tab = self.tabs.addTab(self.matches, self.tr("对接"))
        # 候选成果: ui.match_panels.CandidatesPanel plugs in here when that module exists (see plug_in_panel).
        self.candidates: QWidget | None = None
        self.candidates_tab = -1
        layout.addWidget(self.tabs, 1)
        self.setEnabled(False)
        for value, button in self.steps.buttons.items():
            button.clicked.connect(lambda _c=False, v=value: self.set_status(v))
        ctx.bus.changed.connect(
            lambda ch: (
                self.load(self.need_id)
                if self.need_id and ch.kinds & {"need", "match", "technology", "enterprise", "contract"}
                else None
            )
        )

    def load(self, need_id: str | None) -> None:
        changed_need = need_id != self.need_id
        self.need_id = need_id
        self.matches.clear()
        if changed_need:
            self.status_message.hide()
        if need_id is None:
            self.setEnabled(False)
            return
        with self.ctx.store.session(write=False) as s:
            try:
                need = NEEDS.get(s, need_id)
            except WorkbenchError:
                self.need_id = None
                self.setEnabled(False)
                return
            enterprise = name_of(s, "enterprise", need.enterprise_id)
            matches = need_matches(s, need.id)
            origin = origin_text(s, "need", need.id)
        self.setEnabled(True)
        self.heading.setText(need.title)
        window = ""
        if need.window_start or need.window_end:
            window = (
                self.tr("%1 至 %2")
                .replace("%1", need.window_start.isoformat() if need.window_start else "…")
                .replace("%2", need.window_end.isoformat() if need.window_end else "…")
            )
        self.facts.set_facts(
            [
                (self.tr("企业"), enterprise),
                (self.tr("自筹资金"), amount_text(need.own_funds_fen)),
                (self.tr("解决方式"), SolutionMode(need.solution_mode).label if need.solution_mode else ""),
                (self.tr("时间"), window),
                (self.tr("备案号"), need.filing_no or ""),
                (self.tr("保密"), self.tr("是") if need.confidential else ""),
                (self.tr("关键词"), list(need.keywords or [])),
                (self.tr("来源"), origin),
            ]
        )
        self.steps.show_status(need.status)
        for key, label in self.parts.items():
            text = getattr(need, key)
            label.setText(text or self.tr("（未填写）"))
        for match in matches:
            text = (
                self.tr("[%1] %2")
                .replace("%1", MatchStage(match.stage).label)
                .replace("%2", match.technology)
            )
            if match.institution:
                text += "　" + match.institution
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            self.matches.addItem(item)
        if not matches:
            add_placeholder(self.matches, self.tr("（还没有对接的技术成果）"))
        self.tabs.setTabText(self.matches_tab, self.tr("对接（%1）").replace("%1", str(len(matches))))
        if changed_need:
            self._plug_candidates(need.id)

    def _plug_candidates(self, need_id: str) -> None:
        if self.candidates is not None:
            reload = getattr(self.candidates, "set_need", None) or getattr(self.candidates, "load", None)
            if callable(reload):
                reload(need_id)
                return
            self.tabs.removeTab(self.candidates_tab)
            self.candidates.deleteLater()
            self.candidates = None
        panel = plug_in_panel("CandidatesPanel", self.ctx, need_id)
        if panel is not None:
            self.candidates = panel
            self.candidates_tab = self.tabs.addTab(panel, self.tr("候选成果"))

    def set_status(self, status: str) -> None:
        """One status step through the core, which refuses impossible moves and says why."""
        self.status_message.hide()
        if self.need_id is None:
            return
        ident = self.need_id
        try:
            self.ctx.write(lambda s: NEEDS.set_status(s, ident, status), {"need"})
        except WorkbenchError as exc:
            self.status_message.setText(exc.message)
            self.status_message.show()
            self.load(ident)  # put the highlight back on the real status


def _updated(record: Any, _rel: Related) -> str:
    return str(record.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))


class NeedsWorkspace(ListWorkspace):
    keep_whole = frozenset({"status", "own_funds", "filing_no"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns = [
            Column(
                "title",
                translate("NeedsWorkspace", "需求名称"),
                lambda r, _rel: r.title,
                sort="title",
                width=220,
            ),
            Column(
                "enterprise",
                translate("NeedsWorkspace", "企业"),
                lambda r, rel: rel.enterprises.get(r.enterprise_id, ""),
                width=180,
            ),
            Column(
                "status",
                translate("NeedsWorkspace", "状态"),
                lambda r, _rel: NeedStatus(r.status).label,
                sort="status",
                width=60,
            ),
            Column(
                "keywords",
                translate("NeedsWorkspace", "关键词"),
                lambda r, _rel: join_list(r.keywords),
                width=160,
                visible=False,
            ),
            Column(
                "own_funds",
                translate("NeedsWorkspace", "自筹资金（万元）"),
                lambda r, _rel: wan(r.own_funds_fen),
                sort="own_funds_fen",
                align_right=True,
                width=110,
            ),
            Column(
                "filing_no",
                translate("NeedsWorkspace", "备案号"),
                lambda r, _rel: r.filing_no,
                sort="filing_no",
                width=150,
            ),
            Column(
                "matches",
                translate("NeedsWorkspace", "对接数"),
                lambda r, rel: rel.matches.get(r.id, 0),
                align_right=True,
                width=60,
            ),
            Column(
                "updated",
                translate("NeedsWorkspace", "更新时间"),
                _updated,
                sort="updated_at",
                width=130,
                visible=False,
            ),
        ]
        self.detail_pane = NeedDetail(ctx)
        super().__init__(
            ctx,
            NEEDS,
            columns,
            title=translate("NeedsWorkspace", "需求"),
            related=need_list_facts,
            detail=self.detail_pane,
            parent=parent,
        )
        self.filter.setPlaceholderText(self.tr("筛选：需求名称、问题、企业名称或拼音首字母…（Ctrl+F）"))
        self.show_badges("status", NeedStatus)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("全部状态"), None)
        for status in NeedStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(self._status_chosen)
        self.status_filter.setToolTip(self.tr("只看某一状态的需求"))
        outer = self.layout()  # the filter sits in ListWorkspace's top bar, next to the text filter
        bar = outer.itemAt(0) if outer is not None else None
        bar_layout = bar.layout() if bar is not None else None
        if isinstance(bar_layout, QHBoxLayout):
            bar_layout.insertWidget(bar_layout.indexOf(self.filter) + 1, self.status_filter)
        self.forms: list[NeedForm] = []

    def showEvent(self, event: QShowEvent) -> None:
        first = not self._split_restored
        super().showEvent(event)
        if first and self._split_restored:
            # The list gets two thirds the first time: six columns need the room, the pane's text wraps.
            split_for_list(self.splitter, 2 / 3)

    def _status_chosen(self, _index: int) -> None:
        value = self.status_filter.currentData()
        self.model.set_filters({"status": value} if value else {})

    def depends_on(self) -> set[str]:
        return {"enterprise", "match"}

    def show_detail(self, ident: str) -> None:
        self.detail_pane.load(ident)

    def _open(self, form: NeedForm) -> NeedForm:
        """Window-modal but not blocking, so tests and the rest of the app keep running."""
        self.forms.append(form)
        form.finished.connect(lambda _r, f=form: self.forms.remove(f) if f in self.forms else None)
        form.open()
        return form

    def create_record(self) -> None:
        self._open(NeedForm(self.ctx, parent=self))

    def open_record(self, ident: str) -> None:
        self._open(NeedForm(self.ctx, record_id=ident, parent=self))
