"""Needs workspace driven as a user would: the form, bad input, status steps, the filter and the matches."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.ui.typing_helpers import click, keep_out_of_prompts, type_text
from tests.workbench.factories import make_chain, make_enterprise
from ui.context import AppContext
from ui.widgets.money import wan as format_wan
from ui.workspaces.needs import NeedForm, NeedsWorkspace
from workbench.models import Need
from workbench.services import ENTERPRISES, NEEDS


def _workspace(qtbot: QtBot, ctx: AppContext) -> NeedsWorkspace:
    ws = NeedsWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    qtbot.waitUntil(lambda: ws.model.total is not None)
    return ws


def _need(session: Any, enterprise_id: str, title: str, **over: Any) -> Need:
    return NEEDS.create(session, {"enterprise_id": enterprise_id, "title": title, "keywords": "测试", **over})


def _save(form: NeedForm) -> None:
    save = form.buttons.button(form.buttons.StandardButton.Save)
    assert save is not None
    click(save)


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        for i in range(25):
            _need(s, ent.id, f"需求{i:02d}", own_funds_fen=i * 1_000_000)
    ws = _workspace(qtbot, ctx)
    qtmodeltester.check(ws.model)
    assert ws.model.rowCount() == 25 and ws.count.text() == "共 25 条"


def test_own_funds_are_listed_in_wan_yuan() -> None:
    assert format_wan(500_000_000) == "500"
    assert format_wan(12_345_678) == "12.345678"
    assert format_wan(1_234_500_000_000) == "1,234,500"
    assert format_wan(None) == ""


def test_create_a_need_through_the_form_by_typing_and_clicking(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_enterprise(s)
    ws = _workspace(qtbot, ctx)
    click(ws.new_button)
    form = ws.forms[-1]
    qtbot.waitExposed(form)
    type_text(qtbot, form.rows["enterprise_id"].editor, "宁波材料科技有限公司")
    type_text(qtbot, form.rows["title"].editor, "高性能碳纤维复合材料成型工艺")
    type_text(qtbot, form.rows["problem"].editor, "强度不足")
    type_text(qtbot, form.rows["key_technology"].editor, "拉伸强度≥800MPa")
    type_text(qtbot, form.rows["expected_goals"].editor, "良品率95%")
    type_text(qtbot, form.rows["keywords"].editor, "碳纤维，复合材料")
    type_text(qtbot, form.rows["own_funds_fen"].editor, "500000")
    type_text(qtbot, form.rows["window_start"].editor, "2026-03-01")
    type_text(qtbot, form.rows["window_end"].editor, "2026-12-31")
    _save(form)
    assert not form.isVisible()
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "title") == "高性能碳纤维复合材料成型工艺"
    assert ws.model.cell(0, "own_funds") == "50"
    assert ws.model.cell(0, "status") == "新建"
    assert ws.model.cell(0, "keywords") == "碳纤维、复合材料"


def test_a_negative_amount_and_a_window_ending_before_it_starts_are_refused_at_their_fields(
    qtbot: QtBot, ctx: AppContext
) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
    ws = _workspace(qtbot, ctx)
    click(ws.new_button)
    form = ws.forms[-1]
    keep_out_of_prompts(form)
    type_text(qtbot, form.rows["enterprise_id"].editor, ent.name)
    type_text(qtbot, form.rows["title"].editor, "换热器需求")
    type_text(qtbot, form.rows["keywords"].editor, "换热器")
    type_text(qtbot, form.rows["own_funds_fen"].editor, "-5")
    _save(form)
    funds = form.findChild(QLabel, "error_own_funds_fen")
    assert funds is not None and funds.isVisible() and "负" in funds.text()
    funds_editor = form.rows["own_funds_fen"].editor
    assert isinstance(funds_editor, QLineEdit) and funds_editor.text() == "-5"
    funds_editor.clear()
    type_text(qtbot, funds_editor, "10000")
    type_text(qtbot, form.rows["window_start"].editor, "2026-06-01")
    type_text(qtbot, form.rows["window_end"].editor, "2026-01-31")
    _save(form)
    end = form.findChild(QLabel, "error_window_end")
    assert end is not None and end.isVisible() and "早于" in end.text()
    assert form.isVisible() and form.rows["title"].value() == "换热器需求"
    assert form.rows["window_end"].value() == "2026-01-31"
    with ctx.store.session() as s:
        assert NEEDS.list(s).total == 0
    assert ws.model.rowCount() == 0


def test_open_edit_and_delete_with_undo(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        need = _need(s, ent.id, "旧名称")
    ws = _workspace(qtbot, ctx)
    rect = ws.view.visualRect(ws.model.index(0, 0))
    click(ws.view.viewport(), rect.center())
    QTest.mouseDClick(
        ws.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    assert len(ws.forms) == 1
    form = ws.forms[-1]
    assert form.record_id == need.id
    assert form.rows["enterprise_id"].editor.text() == ent.name  # type: ignore[attr-defined]
    title = form.rows["title"].editor
    assert isinstance(title, QLineEdit)
    title.selectAll()
    type_text(qtbot, title, "新名称")
    _save(form)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1 and ws.model.cell(0, "title") == "新名称")
    ws.view.selectRow(0)
    click(ws.delete_button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 0)
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)


def test_status_filter_and_filter_by_enterprise_pinyin(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s, name="镇海石化设备有限公司")
        other = ENTERPRISES.create(s, {"name": "北仑汽车零部件有限公司"})
        _need(s, ent.id, "甲需求", filing_no="ZHKJ-1")
        b = _need(s, other.id, "乙需求", filing_no="ZHKJ-2")
        NEEDS.set_status(s, b.id, "filed")
    ws = _workspace(qtbot, ctx)
    assert ws.model.rowCount() == 2
    ws.status_filter.setCurrentIndex(ws.status_filter.findData("filed"))
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "title") == "乙需求"
    ws.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)
    type_text(qtbot, ws.filter, "zhsh")
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "title") == "甲需求"


def test_status_steps_go_through_the_core_which_says_why_not(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        need = _need(s, ent.id, "待备案需求")
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    detail = ws.detail_pane
    qtbot.waitUntil(lambda: detail.need_id == need.id)
    assert detail.steps.buttons["new"].isChecked()
    click(detail.steps.buttons["filed"])
    assert detail.status_message.isVisible() and "备案号" in detail.status_message.text()
    assert detail.steps.buttons["new"].isChecked() and not detail.steps.buttons["filed"].isChecked()
    with ctx.store.session() as s:
        NEEDS.update(s, need.id, {"filing_no": "ZHKJ-XQ-2026-0009"})
    click(detail.steps.buttons["filed"])
    assert not detail.status_message.isVisible()
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1 and ws.model.cell(0, "status") == "已备案")
    click(detail.steps.buttons["new"])
    assert "退回" in detail.status_message.text()
    with ctx.store.session() as s:
        assert NEEDS.get(s, need.id).status == "filed"


class _Host(QWidget):
    """Stands in for the main window: records which workspace was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []
        self.focused: list[str] = []

    def show_workspace(self, key: str) -> Any:
        self.shown.append(key)
        return self

    def focus_match(self, match_id: str) -> None:
        self.focused.append(match_id)


def test_the_matches_of_a_need_open_in_the_pipeline(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    host = _Host()
    qtbot.addWidget(host)
    ws = NeedsWorkspace(ctx, parent=host)
    host.resize(1280, 800)
    host.show()
    qtbot.waitUntil(lambda: ws.model.total is not None)
    ws.view.selectRow(0)
    detail = ws.detail_pane
    qtbot.waitUntil(lambda: detail.matches.count() == 1)
    assert "候选" in detail.matches.item(0).text()
    assert "碳纤维增强热塑性复合材料快速成型技术" in detail.matches.item(0).text()
    assert detail.tabs.tabText(detail.matches_tab) == "对接（1）"
    assert detail.parts["key_technology"].text() == "拉伸强度≥800MPa"
    detail.tabs.setCurrentIndex(detail.matches_tab)
    rect = detail.matches.visualItemRect(detail.matches.item(0))
    click(detail.matches.viewport(), rect.center())
    QTest.mouseDClick(
        detail.matches.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    assert host.shown == ["pipeline"] and host.focused == [chain.match.id]
    assert ws.model.cell(0, "matches") == "1"


def test_the_candidates_tab_is_there_only_when_its_panel_exists(qtbot: QtBot, ctx: AppContext) -> None:
    import importlib.util

    with ctx.store.session() as s:
        ent = make_enterprise(s)
        _need(s, ent.id, "需求")
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    qtbot.waitUntil(lambda: ws.detail_pane.need_id is not None)
    titles = [ws.detail_pane.tabs.tabText(i) for i in range(ws.detail_pane.tabs.count())]
    has_panel = importlib.util.find_spec("ui.match_panels") is not None and hasattr(
        importlib.import_module("ui.match_panels"), "CandidatesPanel"
    )
    assert ("候选成果" in titles) == has_panel


def test_the_visit_list_of_the_form_offers_the_chosen_enterprises_visits(
    qtbot: QtBot, ctx: AppContext
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    form = NeedForm(ctx, record_id=chain.need.id)
    qtbot.addWidget(form)
    keep_out_of_prompts(form)
    visit_editor = form.rows["visit_id"].editor
    assert isinstance(visit_editor, QLineEdit) and "2026-03-05" in visit_editor.text()
    with ctx.store.session() as s:
        found = form._visits(s, "")
        assert [i for i, _label in found] == [chain.visit.id]
        assert s.exec(select(Need)).one().visit_id == chain.visit.id


def test_a_candidates_panel_plugs_into_its_tab_and_follows_the_selection(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    class CandidatesPanel(QWidget):
        def __init__(self, ctx: AppContext, need_id: str) -> None:
            super().__init__()
            self.ctx = ctx
            self.shown = [need_id]

        def set_need(self, need_id: str) -> None:
            self.shown.append(need_id)

    module = types.ModuleType("ui.match_panels")
    module.CandidatesPanel = CandidatesPanel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.match_panels", module)
    with ctx.store.session() as s:
        ent = make_enterprise(s)
        first, second = _need(s, ent.id, "甲"), _need(s, ent.id, "乙")
    ws = _workspace(qtbot, ctx)
    row = {ws.model.cell(r, "title"): r for r in range(2)}
    ws.view.selectRow(row["甲"])
    detail = ws.detail_pane
    qtbot.waitUntil(lambda: detail.need_id == first.id)
    panel = detail.candidates
    assert isinstance(panel, CandidatesPanel) and panel.ctx is ctx
    assert detail.tabs.tabText(detail.candidates_tab) == "候选成果"
    ws.view.selectRow(row["乙"])
    qtbot.waitUntil(lambda: detail.need_id == second.id)
    assert detail.candidates is panel and panel.shown[-2:] == [first.id, second.id]
