"""Visits workspace driven as a user would: record, open, filter, delete and see overdue follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.typing_helpers import click, type_text
from tests.workbench.factories import make_broker, make_chain, make_enterprise
from ui.context import AppContext
from ui.workspaces.visits import OverdueDelegate, VisitsWorkspace
from workbench.services import ENTERPRISES, VISITS
from workbench.services.base import Changes


def _workspace(qtbot: QtBot, ctx: AppContext) -> VisitsWorkspace:
    ws = VisitsWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    qtbot.waitUntil(lambda: ws.model.total is not None)
    return ws


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        for day in range(1, 29):
            VISITS.create(s, {"enterprise_id": ent.id, "started_at": f"2026-02-{day:02d} 09:00"})
    ws = _workspace(qtbot, ctx)
    qtmodeltester.check(ws.model)
    assert ws.model.rowCount() == 28
    assert ws.model.cell(0, "started").startswith("2026-02-28")  # newest first


def test_overdue_follow_ups_are_marked_until_the_enterprise_is_visited_again(
    qtbot: QtBot, ctx: AppContext
) -> None:
    past = date.today() - timedelta(days=10)
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        other = ENTERPRISES.create(s, {"name": "北仑汽车零部件有限公司"})
        VISITS.create(
            s,
            {
                "enterprise_id": ent.id,
                "started_at": (past - timedelta(days=30)).isoformat() + " 09:00",
                "follow_up_on": past.isoformat(),
            },
        )
        VISITS.create(
            s,
            {
                "enterprise_id": other.id,
                "started_at": (past - timedelta(days=20)).isoformat() + " 09:00",
                "follow_up_on": (date.today() + timedelta(days=5)).isoformat(),
            },
        )
    ws = _workspace(qtbot, ctx)
    cells = {ws.model.cell(r, "enterprise"): ws.model.cell(r, "follow_up") for r in range(2)}
    assert cells[ent.name] == past.isoformat() + "（逾期）"
    assert "逾期" not in cells["北仑汽车零部件有限公司"]
    # The delegate paints the overdue date in red.
    column = next(i for i, c in enumerate(ws.model.columns) if c.key == "follow_up")
    delegate = ws.view.itemDelegateForColumn(column)
    assert isinstance(delegate, OverdueDelegate)
    row = next(r for r in range(2) if ws.model.cell(r, "enterprise") == ent.name)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, ws.model.index(row, column))
    assert option.palette.color(QPalette.ColorRole.Text).name() == "#c62828" and option.font.bold()
    # The follow-up visit happens: the mark goes.
    with ctx.store.session() as s:
        VISITS.create(
            s, {"enterprise_id": ent.id, "started_at": (past + timedelta(days=1)).isoformat() + " 10:00"}
        )
    ctx.bus.publish(Changes(frozenset({"visit"})))
    qtbot.waitUntil(lambda: ws.model.rowCount() == 3)
    assert not any("逾期" in ws.model.cell(r, "follow_up") for r in range(3))


def test_new_opens_the_quick_entry_and_the_saved_visit_is_selected(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_broker(s)
        make_enterprise(s)
    ws = _workspace(qtbot, ctx)
    click(ws.new_button)
    dialog = ws.dialogs[-1]
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.enterprise, "宁波材料科技有限公司")
    qtbot.waitUntil(lambda: dialog.state()["enterprise"]["id"] is not None)
    type_text(qtbot, dialog.summary, "首次拜访")
    type_text(qtbot, dialog.needs[0].title_line, "高效换热器")
    type_text(qtbot, dialog.needs[0].keywords, "换热器")
    click(dialog.save_button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1 and bool(ws.selected_ids()))
    assert ws.model.cell(0, "enterprise") == "宁波材料科技有限公司"
    assert ws.model.cell(0, "brokers") == "王经纪" and ws.model.cell(0, "needs") == "1"
    qtbot.waitUntil(lambda: ws.detail_pane.needs.count() == 1)
    assert ws.detail_pane.summary.text() == "首次拜访"
    assert ws.dialogs == []


def test_enter_opens_the_visit_for_editing_and_the_detail_shows_it(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        VISITS.update(s, chain.visit.id, {"summary": "谈了成型工艺", "place": "会议室"})
    ws = _workspace(qtbot, ctx)
    rect = ws.view.visualRect(ws.model.index(0, 0))
    click(ws.view.viewport(), rect.center())
    detail = ws.detail_pane
    qtbot.waitUntil(lambda: detail.visit_id == chain.visit.id)
    assert detail.summary.text() == "谈了成型工艺"
    assert detail.attendees.count() == 1 and "李工" in detail.attendees.item(0).text()
    assert "高性能碳纤维复合材料成型工艺" in detail.needs.item(0).text()
    assert ws.model.cell(0, "attendees") == "1"
    QTest.keyClick(ws.view, Qt.Key.Key_Return)
    dialog = ws.dialogs[-1]
    assert dialog.visit_id == chain.visit.id and dialog.summary.toPlainText() == "谈了成型工艺"
    # Opening it again brings the same dialog forward instead of a second copy.
    click(detail.edit_button)
    assert len(ws.dialogs) == 1
    click(dialog.cancel_button)
    assert ws.dialogs == []
    click(detail.again_button)
    again = ws.dialogs[-1]
    assert again.visit_id is None and again.enterprise.text() == chain.enterprise.name
    assert again.attendees.count() == 1
    click(again.cancel_button)


def test_filter_by_enterprise_initials_and_delete_with_undo(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s, name="镇海石化设备有限公司")
        other = ENTERPRISES.create(s, {"name": "北仑汽车零部件有限公司"})
        VISITS.create(s, {"enterprise_id": ent.id, "started_at": "2026-03-05 09:00"})
        VISITS.create(s, {"enterprise_id": other.id, "started_at": "2026-03-06 09:00", "place": "车间"})
    ws = _workspace(qtbot, ctx)
    type_text(qtbot, ws.filter, "zhsh")
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "enterprise") == "镇海石化设备有限公司"
    ws.filter.clear()
    type_text(qtbot, ws.filter, "车间")
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1 and ws.model.cell(0, "place") == "车间")
    ws.filter.clear()
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)
    ws.view.selectAll()
    click(ws.delete_button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 0)
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)
