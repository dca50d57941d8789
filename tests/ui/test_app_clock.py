"""One clock for the whole app: in demo mode every screen counts from the demo's own "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.workspaces.today import TodayWorkspace
from ui.workspaces.visits import VisitsWorkspace, overdue_mark
from workbench import demo
from workbench.clock import SYSTEM_CLOCK, FixedClock


def test_the_context_clock_is_the_computers_and_the_demos_in_demo_mode(ctx: AppContext) -> None:
    assert ctx.clock is SYSTEM_CLOCK
    assert abs((ctx.clock.now() - datetime.now(UTC)).total_seconds()) < 5
    ctx.demo = True
    assert ctx.clock.today() == demo.ANCHOR
    assert ctx.clock.now().tzinfo is not None
    pinned = FixedClock(datetime(2027, 3, 1, 9, tzinfo=UTC))
    ctx.fixed_clock = pinned
    assert ctx.clock.today() == date(2027, 3, 1)


def test_in_demo_mode_today_and_visits_agree_on_what_is_overdue(qtbot: QtBot, ctx: AppContext) -> None:
    demo.generate(ctx.store, technologies=300, enterprises=20, seed=2026)
    ctx.demo = True
    # The demo's "today" lies in the past of this computer, so the machine clock would mark more as overdue.
    assert date.today() > demo.ANCHOR
    today = TodayWorkspace(ctx)
    qtbot.addWidget(today)
    qtbot.waitUntil(lambda: today.stats is not None)
    stats = today.stats
    assert stats is not None and stats.today == demo.ANCHOR
    visits = VisitsWorkspace(ctx)
    qtbot.addWidget(visits)
    visits.show()
    qtbot.waitUntil(lambda: visits.model.total is not None)
    while visits.model.canFetchMore(visits.model.index(0, 0).parent()):
        visits.model.fetchMore(visits.model.index(0, 0).parent())
    assert visits.model.rowCount() == visits.model.total
    marked = {
        visits.model.cell(r, "enterprise")
        for r in range(visits.model.rowCount())
        if visits.model.cell(r, "follow_up").endswith(overdue_mark())
    }
    overdue = {f.enterprise_name for f in stats.follow_ups if f.days_late(stats.today) > 0}
    assert stats.follow_ups_overdue > 0
    assert len(overdue) == stats.follow_ups_overdue  # the dashboard's list is not cut short here
    assert marked == overdue
