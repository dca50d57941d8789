"""The Today dashboard: its figures and charts equal the core's, it follows changes, follow-ups navigate."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.workbench.factories import make_enterprise
from ui.context import AppContext
from ui.widgets.money import wan_rounded as wan_text
from ui.workspaces.today import TodayWorkspace
from workbench import demo
from workbench.enums import MATCH_PIPELINE, ClaimStatus, MatchStage
from workbench.money import format_yuan
from workbench.services import VISITS
from workbench.services.base import Changes
from workbench.services.stats import dashboard_stats


def _today(qtbot: QtBot, ctx: AppContext, parent: QWidget | None = None) -> TodayWorkspace:
    ws = TodayWorkspace(ctx)
    if parent is None:
        qtbot.addWidget(ws)
        ws.resize(1280, 800)
        ws.show()
    else:
        layout = parent.layout()
        assert layout is not None
        layout.addWidget(ws)
    qtbot.waitUntil(lambda: ws.stats is not None)
    return ws


def test_figures_and_charts_equal_the_core_stats_on_demo_data(qtbot: QtBot, ctx: AppContext) -> None:
    demo.generate(ctx.store, technologies=300, enterprises=20, seed=2026)
    ctx.demo = True  # the dashboard then counts as of the demo's own "today"
    ws = _today(qtbot, ctx)
    with ctx.store.session() as s:
        core = dashboard_stats(s, today=demo.ANCHOR)
    assert ws.stats == core
    f = ws.figures
    assert f["visits_month"].number.text() == str(core.visits_this_month)
    assert f"上月 {core.visits_last_month} 次" in f["visits_month"].detail.text()
    assert f["follow_ups"].number.text() == str(core.follow_ups_overdue + core.follow_ups_due_soon)
    assert (
        f["follow_ups"].detail.text()
        == f"已逾期 {core.follow_ups_overdue} · 14 天内 {core.follow_ups_due_soon}"
    )
    assert f["open_needs"].number.text() == str(core.open_needs)
    assert f["active_matches"].number.text() == str(core.active_matches)
    # Money: big in 万元, exact in 元 underneath.
    assert core.contract_total_fen >= 1_000_000
    assert f["contract_total"].number.text() == wan_text(core.contract_total_fen)
    assert f["contract_total"].unit.text() == "万元"
    assert f"{format_yuan(core.contract_total_fen, grouping=True)} 元" in f["contract_total"].detail.text()
    assert f"技术交易额 {wan_text(core.contract_tech_fen)} 万元" in f["contract_total"].detail.text()
    assert f["received"].value == core.received_this_year_fen
    assert f["rewards_claimed"].value == core.rewards_claimed_fen
    assert format_yuan(core.rewards_approved_fen, grouping=True) in f["rewards_claimed"].detail.text()
    assert f["rewards_paid"].value == core.rewards_paid_fen
    # Charts: one bar per stage (pipeline order, dropped last) and per claim status.
    order = [*MATCH_PIPELINE, MatchStage.DROPPED]
    assert ws.matches_chart.categories == [s.label for s in order]
    assert ws.matches_chart.values == [core.matches_by_stage[s.value] for s in order]
    assert ws.rewards_chart.categories == [s.label for s in ClaimStatus]
    paid_wan = float(wan_text(core.rewards_by_status["paid"]).replace(",", ""))
    assert ws.rewards_chart.values[list(ClaimStatus).index(ClaimStatus.PAID)] == paid_wan
    # Follow-ups: overdue first, in red, with the enterprise's name.
    assert ws.follow_ups.count() == len(core.follow_ups) > 0
    first = ws.follow_ups.item(0)
    assert first is not None and first.text().startswith(core.follow_ups[0].enterprise_name)
    assert "逾期" in first.text()
    anchor = demo.ANCHOR
    assert f"{anchor.year}年{anchor.month}月{anchor.day}日" in ws.date_label.text()


def test_the_dashboard_follows_changes_on_the_bus(qtbot: QtBot, ctx: AppContext) -> None:
    ws = _today(qtbot, ctx)
    assert ws.figures["visits_month"].number.text() == "0"
    assert ws.follow_ups_empty.isVisible() and not ws.follow_ups.isVisible()
    with ctx.store.session() as s:
        ent = make_enterprise(s)
    now = datetime.now().astimezone()
    ctx.write(
        lambda s: VISITS.create(
            s,
            {
                "enterprise_id": ent.id,
                "started_at": now,
                "follow_up_on": (now + timedelta(days=3)).date(),
            },
        ),
        {"visit"},
    )
    qtbot.waitUntil(lambda: ws.figures["visits_month"].number.text() == "1")
    assert ws.figures["follow_ups"].number.text() == "1"
    assert ws.follow_ups.count() == 1 and "3 天后" in ws.follow_ups.item(0).text()
    # Kinds the page does not show leave it alone (the reload timer is not even started).
    ctx.bus.publish(Changes(frozenset({"policy"})))
    assert not ws._debounce.isActive()
    ctx.bus.publish(Changes(frozenset({"claim"})))
    assert ws._debounce.isActive()


class _Window(QMainWindow):
    """A main window that records navigation and hands out recording workspaces."""

    shown = Signal(str)

    def __init__(self, keys: tuple[str, ...]) -> None:
        super().__init__()
        self.entries = [type("Entry", (), {"key": k})() for k in keys]
        self.selected: dict[str, list[str]] = {}
        central = QWidget()
        central.setLayout(QVBoxLayout())
        self.setCentralWidget(central)

    def show_workspace(self, key: str) -> QWidget:
        window = self

        class Recorder(QWidget):
            def select_id(self, ident: str) -> None:
                window.selected.setdefault(key, []).append(ident)

        self.shown.emit(key)
        return Recorder()


def _follow_up(ctx: AppContext) -> tuple[str, str]:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        visit = VISITS.create(
            s,
            {
                "enterprise_id": ent.id,
                "started_at": datetime.now().astimezone() - timedelta(days=20),
                "follow_up_on": date.today() - timedelta(days=2),
            },
        )
    return ent.id, visit.id


def test_clicking_a_follow_up_opens_the_visit(qtbot: QtBot, ctx: AppContext) -> None:
    _ent, visit = _follow_up(ctx)
    window = _Window(("today", "enterprises", "visits"))
    qtbot.addWidget(window)
    ws = _today(qtbot, ctx, window.centralWidget())
    window.show()
    qtbot.waitUntil(lambda: ws.follow_ups.count() == 1)
    item = ws.follow_ups.item(0)
    assert item is not None and "逾期 2 天" in item.text()
    rect = ws.follow_ups.visualItemRect(item)
    with qtbot.waitSignal(window.shown) as shown:
        qtbot.mouseClick(ws.follow_ups.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.args == ["visits"] and window.selected["visits"] == [visit]


def test_without_a_visits_workspace_enter_opens_the_enterprise(qtbot: QtBot, ctx: AppContext) -> None:
    ent, _visit = _follow_up(ctx)
    window = _Window(("today", "enterprises"))
    qtbot.addWidget(window)
    ws = _today(qtbot, ctx, window.centralWidget())
    window.show()
    qtbot.waitUntil(lambda: ws.follow_ups.count() == 1)
    ws.follow_ups.setCurrentRow(0)
    with qtbot.waitSignal(window.shown) as shown:
        qtbot.keyClick(ws.follow_ups, Qt.Key.Key_Return)
    assert shown.args == ["enterprises"] and window.selected["enterprises"] == [ent]
