"""Pipeline workspace driven as a user would: drag cards between stage columns, read history, edit notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from tests.ui.typing_helpers import click, keep_out_of_prompts, type_text
from tests.workbench.factories import Chain, make_chain
from ui.context import AppContext
from ui.forms import EntityFormDialog
from ui.workspaces import pipeline_board
from ui.workspaces.pipeline import MIME_TYPE, PipelineWorkspace, StageColumn
from ui.workspaces.pipeline_step import StepDialog
from workbench.models import Match
from workbench.services import MATCHES, NEEDS, TECHNOLOGIES


def _workspace(qtbot: QtBot, ctx: AppContext) -> PipelineWorkspace:
    ws = PipelineWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    qtbot.waitExposed(ws)
    qtbot.waitUntil(lambda: ws.loaded)
    return ws


def _answer_steps(
    qtbot: QtBot,
    ws: PipelineWorkspace,
    monkeypatch: pytest.MonkeyPatch,
    act: Callable[[StepDialog], None] | None = None,
) -> list[StepDialog]:
    """Answer each stage-change dialog as a user would; by default with Enter (today's date, no note)."""
    asked: list[StepDialog] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, StepDialog)
        asked.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if act is None:
            QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        else:
            act(dialog)
        return int(dialog.result())

    monkeypatch.setattr(ws, "run_dialog", run)
    return asked


def _stage(ctx: AppContext, match_id: str) -> str:
    with ctx.store.session() as s:
        return MATCHES.get(s, match_id).stage


def _extra_matches(s: Session, chain: Chain, titles: list[str]) -> list[Match]:
    made = []
    for title in titles:
        tech = TECHNOLOGIES.create(s, {"title": title, "institution_id": chain.institution.id})
        made.append(MATCHES.create(s, {"need_id": chain.need.id, "technology_id": tech.id}))
    return made


def _drag_event(cls: Any, pos: QPointF, mime: QMimeData) -> Any:
    """A drag event as a window system sends it: PySide 6.12 wants a QPointF, older releases a QPoint."""
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:
        return cls(pos, *args)
    except TypeError:  # only the QPoint constructor (deprecated from 6.12 on) exists here
        return cls(pos.toPoint(), *args)


def _drag(qtbot: QtBot, ws: PipelineWorkspace, match_id: str, target: str) -> bytes:
    """Press on the card, move past the drag distance (Qt starts its drag), then drop on ``target``.

    The offscreen platform ends QDrag.exec at once without delivering anything, so after the real mouse
    press and moves have started the drag, the drag-enter, drag-move and drop events that a window system
    would send are sent to the target column's viewport, carrying the MIME data the view put in the drag.
    """
    source = next(c for c in ws.columns.values() if c.model.row_of(match_id) >= 0)
    view = source.view
    rect = view.visualRect(source.model.index(source.model.row_of(match_id), 0))
    carried: list[bytes] = []

    def started(mime: QMimeData) -> None:
        carried.append(bytes(mime.data(MIME_TYPE).data()))

    view.drag_started.connect(started)
    start = rect.center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    step = QApplication.startDragDistance() + 10
    QTest.mouseMove(view.viewport(), start + QPoint(3, 3))
    QTest.mouseMove(view.viewport(), start + QPoint(step, step))
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(step, step)
    )
    view.drag_started.disconnect(started)
    assert carried, "the mouse gesture did not start a drag"

    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(carried[0]))
    viewport = ws.columns[target].view.viewport()
    pos = QPointF(viewport.rect().center())
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    enter = _drag_event(QDragEnterEvent, pos, mime)
    QApplication.sendEvent(viewport, enter)
    moved = _drag_event(QDragMoveEvent, pos, mime)
    QApplication.sendEvent(viewport, moved)
    drop = QDropEvent(pos, move, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return carried[0]


def test_stage_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        _extra_matches(s, chain, ["低温等离子体表面处理技术", "激光熔覆修复技术"])
    ws = _workspace(qtbot, ctx)
    model = ws.columns["candidate"].model
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    qtmodeltester.check(ws.columns["dropped"].model)
    assert ws.count.text() == "共 3 项对接"
    assert ws.columns["candidate"].header.text() == "候选　3"


def test_cards_show_need_enterprise_technology_owner_and_days(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    card = ws.columns["candidate"].model.card_at(0)
    assert card is not None
    assert (card.need_title, card.enterprise, card.technology, card.owner, card.days) == (
        chain.need.title,
        chain.enterprise.name,
        chain.technology.title,
        "宁波大学",
        0,
    )


def test_dragging_a_card_moves_the_match(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    asked = _answer_steps(qtbot, ws, monkeypatch)  # Enter: it happened today
    carried = _drag(qtbot, ws, chain.match.id, "recommended")
    expected = ws.columns["candidate"].model.mimeData([ws.columns["candidate"].model.index(0, 0)])
    assert carried == bytes(expected.data(MIME_TYPE).data())
    qtbot.waitUntil(lambda: _stage(ctx, chain.match.id) == "recommended")
    qtbot.waitUntil(lambda: ws.columns["recommended"].model.row_of(chain.match.id) == 0)
    assert ws.columns["candidate"].model.rowCount() == 0
    # The moved card is selected in its new column, with its history below.
    qtbot.waitUntil(lambda: ws.detail.history.count() == 2)
    assert "候选 → 已推荐" in ws.detail.history.item(1).text()
    assert not ws.banner.isVisible()
    assert len(asked) == 1 and asked[0].occurred_on.text() == ctx.clock.today().isoformat()
    with ctx.store.session() as s:
        assert MATCHES.history(s, chain.match.id)[-1].occurred_on == ctx.clock.today()


def test_a_refused_move_says_why_and_the_card_snaps_back(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    asked = _answer_steps(qtbot, ws, monkeypatch)
    _drag(qtbot, ws, chain.match.id, "contracted")
    qtbot.waitUntil(ws.banner.isVisible)
    assert ws.banner.text() == "请先登记合同：签约阶段由合同自动确定"
    assert _stage(ctx, chain.match.id) == "candidate"
    assert ws.columns["candidate"].model.row_of(chain.match.id) == 0
    assert ws.columns["contracted"].model.rowCount() == 0
    with ctx.store.session() as s:
        assert len(MATCHES.history(s, chain.match.id)) == 1
    assert asked == []  # refused before any date is asked for
    click(ws.dismiss)
    assert not ws.banner.isVisible()


def test_dropping_a_card_onto_its_own_column_is_not_accepted(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    model = ws.columns["candidate"].model
    mime = model.mimeData([model.index(0, 0)])
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(0, 0).parent())
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(0, 0).parent())
    foreign = QMimeData()
    foreign.setText(chain.match.id)
    assert not ws.columns["recommended"].model.canDropMimeData(
        foreign, Qt.DropAction.MoveAction, -1, -1, model.index(0, 0).parent()
    )


def test_dropping_asks_for_the_reason_and_records_it(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)

    def cancel(dialog: StepDialog) -> None:
        assert dialog.question.text() == f"为什么放弃“{chain.need.title}”的这项对接？"
        click(dialog.buttons.button(dialog.buttons.StandardButton.Cancel))

    asked = _answer_steps(qtbot, ws, monkeypatch, cancel)
    _drag(qtbot, ws, chain.match.id, "dropped")
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert _stage(ctx, chain.match.id) == "candidate"  # cancelled: nothing changes

    def blank(dialog: StepDialog) -> None:
        type_text(qtbot, dialog.text, "   ")
        QTest.keyClick(dialog.text, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.text_error.isVisible()  # refused at the field, dialog stays
        assert dialog.text_error.text() == "放弃对接须填写原因"
        dialog.reject()

    _answer_steps(qtbot, ws, monkeypatch, blank)
    _drag(qtbot, ws, chain.match.id, "dropped")
    qtbot.wait(50)
    assert _stage(ctx, chain.match.id) == "candidate"

    def reason(dialog: StepDialog) -> None:
        type_text(qtbot, dialog.text, "企业预算冻结，明年再议")
        QTest.keyClick(dialog.text, Qt.Key.Key_Return)

    _answer_steps(qtbot, ws, monkeypatch, reason)
    _drag(qtbot, ws, chain.match.id, "dropped")
    qtbot.waitUntil(lambda: _stage(ctx, chain.match.id) == "dropped")
    with ctx.store.session() as s:
        history = MATCHES.history(s, chain.match.id)
        assert (history[-1].from_stage, history[-1].to_stage) == ("candidate", "dropped")
        assert history[-1].note == "企业预算冻结，明年再议"
        assert MATCHES.get(s, chain.match.id).dropped_reason == "企业预算冻结，明年再议"
    qtbot.waitUntil(lambda: ws.columns["dropped"].model.row_of(chain.match.id) == 0)
    assert not ws.banner.isVisible()
    qtbot.waitUntil(lambda: "放弃原因：企业预算冻结，明年再议" in ws.detail.facts.text())


def test_moving_from_the_stage_menu_for_keyboard_users(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    _answer_steps(qtbot, ws, monkeypatch)
    ws.select_match(ws.columns["candidate"], 0)
    assert ws.detail.match_id == chain.match.id
    labels = [a.text() for a in ws.detail.move_menu.actions()]
    assert labels == [
        "已推荐",
        "已引荐",
        "洽谈中",
        "达成意向",
        "已放弃",
    ]  # never "contracted": a contract does that
    ws.detail.move_menu.actions()[3].trigger()
    qtbot.waitUntil(lambda: _stage(ctx, chain.match.id) == "intent")
    qtbot.waitUntil(lambda: ws.columns["intent"].model.row_of(chain.match.id) == 0)
    qtbot.waitUntil(ws.detail.register_contract.isEnabled)


def test_a_step_recorded_after_the_fact_keeps_the_day_it_happened(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)  # created on 2026-03-07
    ws = _workspace(qtbot, ctx)

    def set_date(dialog: StepDialog, text: str) -> None:
        dialog.occurred_on.line.selectAll()
        type_text(qtbot, dialog.occurred_on.line, text)
        QTest.keyClick(dialog.occurred_on.line, Qt.Key.Key_Return)

    # Cancelled: nothing is recorded and the card stays.
    _answer_steps(qtbot, ws, monkeypatch, lambda d: click(d.buttons.button(d.buttons.StandardButton.Cancel)))
    _drag(qtbot, ws, chain.match.id, "recommended")
    qtbot.wait(50)
    assert _stage(ctx, chain.match.id) == "candidate"
    with ctx.store.session() as s:
        assert len(MATCHES.history(s, chain.match.id)) == 1

    # A date in the future is refused at the date field; the dialog stays open and nothing is written.
    future = date.today() + timedelta(days=3)
    refusals: list[tuple[str, bool]] = []

    def future_day(dialog: StepDialog) -> None:
        set_date(dialog, future.isoformat())
        refusals.append((dialog.date_error.text(), dialog.isVisible()))
        dialog.reject()

    _answer_steps(qtbot, ws, monkeypatch, future_day)
    _drag(qtbot, ws, chain.match.id, "recommended")
    qtbot.waitUntil(lambda: len(refusals) == 1)
    assert refusals == [(f"发生日期 {future.isoformat()} 晚于今天，不能预填", True)]
    assert _stage(ctx, chain.match.id) == "candidate"
    assert ws.columns["candidate"].model.row_of(chain.match.id) == 0  # the card snapped back

    # A day before the previous step is refused the same way.
    def too_early(dialog: StepDialog) -> None:
        set_date(dialog, "2026/3/1")
        refusals.append((dialog.date_error.text(), dialog.isVisible()))
        dialog.reject()

    _answer_steps(qtbot, ws, monkeypatch, too_early)
    _drag(qtbot, ws, chain.match.id, "recommended")
    qtbot.waitUntil(lambda: len(refusals) == 2)
    assert refusals[1] == ("发生日期 2026-03-01 早于上一环节的日期 2026-03-07", True)

    # Backdated with a note: the step keeps its day, the log when it was typed.
    def backdated(dialog: StepDialog) -> None:
        type_text(qtbot, dialog.text, "电话里推荐给了企业")
        set_date(dialog, "2026年3月12日")

    _answer_steps(qtbot, ws, monkeypatch, backdated)
    _drag(qtbot, ws, chain.match.id, "recommended")
    qtbot.waitUntil(lambda: _stage(ctx, chain.match.id) == "recommended")
    with ctx.store.session() as s:
        last = MATCHES.history(s, chain.match.id)[-1]
        assert (last.to_stage, last.occurred_on, last.note) == (
            "recommended",
            date(2026, 3, 12),
            "电话里推荐给了企业",
        )
        assert last.at.date() >= date.today() - timedelta(days=1)
    qtbot.waitUntil(lambda: ws.detail.history.count() == 2)
    assert "（发生于 2026-03-12）" in ws.detail.history.item(1).text()


def test_history_shows_when_who_and_note(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.actor = "王经纪"
    with ctx.store.session(actor="李经纪") as s:
        chain = make_chain(s, contract=False)
        MATCHES.move(s, chain.match.id, "recommended", note="已发给企业技术总监")
    ws = _workspace(qtbot, ctx)
    ws.select_match(ws.columns["recommended"], 0)
    assert ws.detail.history.count() == 2
    first, second = (ws.detail.history.item(i).text() for i in range(2))
    assert "新建（候选）" in first and "李经纪" in first
    assert "候选 → 已推荐" in second and "李经纪" in second and "已发给企业技术总监" in second
    assert second[:4].isdigit() and second[4] == "-"  # dated


def test_notes_are_edited_and_saved(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    ws.select_match(ws.columns["candidate"], 0)
    assert not ws.detail.save_notes.isEnabled()
    type_text(qtbot, ws.detail.notes, "下周二带样品去企业")
    assert ws.detail.save_notes.isEnabled()
    click(ws.detail.save_notes)
    with ctx.store.session() as s:
        assert MATCHES.get(s, chain.match.id).notes == "下周二带样品去企业"
    assert not ws.detail.save_notes.isEnabled()


def test_notes_too_long_are_refused_inline_and_kept(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    ws.select_match(ws.columns["candidate"], 0)
    long_text = "样" * 4001
    ws.detail.notes.setPlainText(long_text)
    click(ws.detail.save_notes)
    assert ws.detail.notes_error.isVisible()
    assert "4000" in ws.detail.notes_error.text()
    assert ws.detail.notes.toPlainText() == long_text
    with ctx.store.session() as s:
        assert MATCHES.get(s, chain.match.id).notes == ""


def test_filter_by_need_technology_or_enterprise(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        extra = _extra_matches(s, chain, ["低温等离子体表面处理技术"])
        other = NEEDS.create(
            s,
            {
                "enterprise_id": chain.enterprise.id,
                "title": "注塑件翘曲变形控制",
                "keywords": ["注塑"],
            },
        )
        MATCHES.create(s, {"need_id": other.id, "technology_id": extra[0].technology_id})
    ws = _workspace(qtbot, ctx)
    assert ws.columns["candidate"].model.rowCount() == 3
    type_text(qtbot, ws.filter, "等离子")
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.rowCount() == 2)
    ws.filter.clear()
    type_text(qtbot, ws.filter, "注塑")
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.rowCount() == 1)
    ws.filter.clear()
    type_text(qtbot, ws.filter, "nbclkj")  # pinyin initials of the enterprise 宁波材料科技
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.rowCount() == 3)
    ws.filter.clear()
    type_text(qtbot, ws.filter, "没有这个")
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.rowCount() == 0)
    qtbot.waitUntil(lambda: ws.count.text() == "共 0 项对接")


def test_a_long_column_loads_a_page_at_a_time(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline_board, "PAGE_SIZE", 5)
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        _extra_matches(s, chain, [f"测试成果{i:02d}" for i in range(11)])
    ws = _workspace(qtbot, ctx)
    column: StageColumn = ws.columns["candidate"]
    # The view itself asks for more while its viewport is not full; then it waits for a scroll or a click.
    qtbot.waitUntil(
        lambda: (not column.model.busy and not column.model.canFetchMore()) or column.more.isVisible()
    )
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not column.model.busy)
    shown = column.model.rowCount()
    assert column.model.total == 12 and 5 <= shown < 12 and shown % 5 == 0
    assert column.more.isVisible() and column.more.text() == f"已显示 {shown} / 12，更多…"
    click(column.more)
    qtbot.waitUntil(lambda: column.model.rowCount() == min(shown + 5, 12))
    while column.model.canFetchMore() or column.model.busy:
        column.model.fetchMore()
        qtbot.waitUntil(lambda: not column.model.busy)
    assert column.model.rowCount() == 12
    assert not column.more.isVisible()
    # A refresh after a change keeps every card that was shown.
    ws.refresh()
    qtbot.waitUntil(lambda: ws.loaded)
    assert column.model.rowCount() == 12


def test_create_a_match_by_typing(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        tech = TECHNOLOGIES.create(s, {"title": "激光熔覆修复技术", "institution_id": chain.institution.id})
    ws = _workspace(qtbot, ctx)

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, EntityFormDialog)
        qtbot.addWidget(dialog)
        type_text(qtbot, dialog.rows["need_id"].editor, chain.need.title)
        type_text(qtbot, dialog.rows["technology_id"].editor, "激光熔覆修复技术")
        type_text(qtbot, dialog.rows["notes"].editor, "企业急需")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ws, "run_dialog", fill)
    click(ws.new_button)
    with ctx.store.session() as s:
        made = MATCHES.list(s, filters={"technology_id": tech.id}).rows
    assert len(made) == 1 and made[0].notes == "企业急需" and made[0].stage == "candidate"
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.rowCount() == 2)
    qtbot.waitUntil(lambda: ws.detail.match_id == made[0].id)


def test_a_duplicate_match_is_refused_at_the_field(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    form = ws.match_form()
    qtbot.addWidget(form)
    keep_out_of_prompts(form)
    form.show()
    type_text(qtbot, form.rows["need_id"].editor, chain.need.title)
    type_text(qtbot, form.rows["technology_id"].editor, chain.technology.title)
    form.save()
    assert form.rows["technology_id"].message.isVisible()
    assert "已与此技术成果对接" in form.rows["technology_id"].message.text()
    with ctx.store.session() as s:
        assert MATCHES.list(s).total == 1


def test_delete_a_match_and_undo(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    ws.select_match(ws.columns["candidate"], 0)
    click(ws.detail.delete_button)
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.rowCount() == 0)
    assert ws.undo_bar.isVisible() and ws.detail.match_id is None
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: ws.columns["candidate"].model.row_of(chain.match.id) == 0)


def test_register_contract_opens_the_form_prefilled_from_the_match(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        for stage in ("recommended", "introduced", "negotiating", "intent"):
            MATCHES.move(s, chain.match.id, stage)
    ws = _workspace(qtbot, ctx)
    ws.select_match(ws.columns["intent"], 0)
    assert ws.detail.register_contract.isEnabled()
    seen: dict[str, Any] = {}

    def inspect(dialog: QDialog) -> int:
        assert isinstance(dialog, EntityFormDialog)
        qtbot.addWidget(dialog)
        seen.update(dialog.values())
        seen["seller_label"] = dialog.rows["seller_institution_id"].editor.text()  # type: ignore[attr-defined]
        dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(ws, "run_dialog", inspect)
    click(ws.detail.register_contract)
    assert seen["match_id"] == chain.match.id
    assert seen["seller_institution_id"] == chain.institution.id and seen["seller_label"] == "宁波大学"
    assert seen["seller_name"] == "宁波大学"
    assert seen["buyer_enterprise_id"] == chain.enterprise.id
    assert seen["buyer_name"] == chain.enterprise.name and seen["buyer_uscc"] == chain.enterprise.uscc
    assert seen["title"] == chain.technology.title
    assert _stage(ctx, chain.match.id) == "intent"  # cancelled: nothing recorded


def test_register_contract_is_only_offered_at_intent(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    ws.select_match(ws.columns["candidate"], 0)
    assert not ws.detail.register_contract.isEnabled()
