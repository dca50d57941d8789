"""A broker's day on the real main window: visit with two needs → shortlist → contract → payment → claim."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from tests.ui.test_claims_ui import _enter_today, _lines, _running
from tests.ui.test_match_panels import _panel, _titles
from tests.ui.test_visit_entry import _dialog, _fill_need, _pick_enterprise
from tests.ui.typing_helpers import click, type_text
from tests.workbench.factories import make_broker, make_enterprise
from ui.context import AppContext
from ui.forms import EntityFormDialog
from ui.mainwindow import MainWindow
from ui.workspaces.claims import ClaimsWorkspace
from ui.workspaces.contracts import ContractsWorkspace, PaymentForm
from ui.workspaces.pipeline import PipelineWorkspace, StageColumn
from workbench.models import Match, Need
from workbench.rules import compute
from workbench.services import CLAIMS, CONTRACTS, INSTITUTIONS, NEEDS, TECHNOLOGIES
from workbench.services.policies import get_policy, rules_of


def test_a_brokers_day(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.actor = "王经纪"
    with ctx.store.session() as s:
        make_broker(s)
        make_enterprise(s)  # 宁波材料科技有限公司, in Zhenhai
        owner = INSTITUTIONS.create(s, {"name": "宁波大学", "institution_kind": "university"})
        carbon = TECHNOLOGIES.create(
            s,
            {
                "title": "碳纤维增强热塑性复合材料快速成型技术",
                "institution_id": owner.id,
                "abstract": "采用模压快速成型工艺，成型周期缩短至15分钟以内，适用于汽车结构件。",
                "keywords": ["碳纤维", "复合材料", "快速成型"],
                "patents": "ZL201811564288.X",
            },
        )
        TECHNOLOGIES.create(s, {"title": "水体重金属离子在线检测传感器", "keywords": ["重金属", "在线监测"]})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    # Morning: at the enterprise, record the visit and the two needs it turned up.
    dialog = _dialog(qtbot, ctx)
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    type_text(qtbot, dialog.summary, "座谈：复合材料车间良品率约80%，污水站需要在线监测重金属。")
    _fill_need(
        qtbot,
        dialog.needs[0],
        title="碳纤维复合材料快速成型工艺",
        problem="热压罐工艺周期长",
        key_technology="成型周期≤15分钟",
        expected_goals="良品率提升到95%",
        keywords="碳纤维，复合材料",
    )
    click(dialog.add_need_button)
    _fill_need(qtbot, dialog.needs[1], title="废水重金属在线监测", keywords="重金属，在线监测")
    click(dialog.save_button)
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        need = s.exec(select(Need).where(Need.title == "碳纤维复合材料快速成型工艺")).one()
        assert len(s.exec(select(Need).where(col(Need.visit_id).is_not(None))).all()) == 2

    # The district market files the need and gives it a number (required for the Zhenhai reward).
    with ctx.store.session() as s:
        NEEDS.update(s, need.id, {"filing_no": "ZHKJ-XQ-2026-0042"})
        NEEDS.set_status(s, need.id, "filed")

    # Afternoon: the candidates for the first need; the carbon-fibre technology comes first, shortlist it.
    panel = _panel(qtbot, ctx, need.id)
    assert _titles(panel)[0] == carbon.title
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.recommend_button.click()
    with ctx.store.session() as s:
        match = s.exec(select(Match)).one()
    assert (match.technology_id, match.stage) == (carbon.id, "recommended")

    # Weeks later: the match moves through the pipeline to an intent, and the contract is recorded.
    pipeline = window.show_workspace("pipeline")
    assert isinstance(pipeline, PipelineWorkspace)
    qtbot.waitUntil(lambda: pipeline.columns["recommended"].model.row_of(match.id) == 0)
    monkeypatch.setattr(pipeline, "run_dialog", _running(qtbot, _enter_today))
    for current, target in (("recommended", "已引荐"), ("introduced", "洽谈中"), ("negotiating", "达成意向")):
        column = pipeline.columns[current]

        def arrived(column: StageColumn = column) -> bool:
            return bool(column.model.row_of(match.id) == 0)

        qtbot.waitUntil(arrived)
        pipeline.select_match(pipeline.columns[current], 0)
        next(a for a in pipeline.detail.move_menu.actions() if a.text() == target).trigger()
    qtbot.waitUntil(lambda: pipeline.columns["intent"].model.row_of(match.id) == 0)
    pipeline.select_match(pipeline.columns["intent"], 0)
    qtbot.waitUntil(pipeline.detail.register_contract.isEnabled)

    def contract_form(form: QDialog) -> None:
        assert isinstance(form, EntityFormDialog)
        assert form.rows["seller_name"].value() == "宁波大学"
        title = form.rows["title"].editor
        title.selectAll()  # type: ignore[attr-defined]
        type_text(qtbot, title, "碳纤维复合材料成型技术转让")
        type_text(qtbot, form.rows["registration_no"].editor, "33021120260312")
        type_text(qtbot, form.rows["signed_on"].editor, "2026-03-20")
        type_text(qtbot, form.rows["registered_on"].editor, "2026-04-02")
        type_text(qtbot, form.rows["total_fen"].editor, "200000")
        type_text(qtbot, form.rows["tech_amount_fen"].editor, "123456.78")
        form.save()

    monkeypatch.setattr(pipeline, "run_dialog", _running(qtbot, contract_form))
    click(pipeline.detail.register_contract)
    qtbot.waitUntil(lambda: pipeline.columns["contracted"].model.row_of(match.id) == 0)
    with ctx.store.session() as s:
        contract = CONTRACTS.list(s).rows[0]

    # The first payment arrives; then the reward is claimed and its computation shown line by line.
    contracts = window.show_workspace("contracts")
    assert isinstance(contracts, ContractsWorkspace)
    qtbot.waitUntil(lambda: contracts.model.row_of(contract.id) >= 0)
    contracts.select_id(contract.id)
    qtbot.waitUntil(lambda: contracts.detail_pane.contract_id == contract.id)

    def payment_form(form: QDialog) -> None:
        assert isinstance(form, PaymentForm)
        type_text(qtbot, form.rows["paid_on"].editor, "2026-04-10")
        type_text(qtbot, form.rows["amount_fen"].editor, "120000")
        type_text(qtbot, form.rows["invoice_no"].editor, "33022600001234")
        form.save()

    monkeypatch.setattr(contracts, "run_dialog", _running(qtbot, payment_form))
    click(contracts.detail_pane.add_payment)
    qtbot.waitUntil(lambda: contracts.detail_pane.payments_model.rowCount() == 1)
    click(contracts.detail_pane.claim_button)
    qtbot.waitUntil(lambda: isinstance(window.pages.currentWidget(), ClaimsWorkspace))
    claims = window.pages.currentWidget()
    assert isinstance(claims, ClaimsWorkspace)
    with ctx.store.session() as s:
        claim = CLAIMS.list(s).rows[0]
        rules = rules_of(get_policy(s, "zhenhai"))
    qtbot.waitUntil(lambda: claims.selected_ids() == [claim.id])
    core = compute(rules, base_fen=contract.tech_amount_fen)
    expected = [
        (line.label, "" if line.amount_fen is None else f"{line.amount_fen / 100:,.2f}")
        for line in core.lines
    ]
    qtbot.waitUntil(lambda: _lines(claims) == expected)
    assert claim.amount_fen == 185185  # 1.5 % of 123,456.78 yuan, half up to the fen
    window.close()
