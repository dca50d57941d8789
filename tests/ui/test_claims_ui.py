"""Claims workspace as a user drives it: computation lines, shares, attachments, status steps, a day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from tests.ui.typing_helpers import click, keep_out_of_prompts, key, type_text
from tests.workbench.factories import ALL_REQUIRED, Chain, make_chain
from ui.claim_preview import ClaimPreviewDialog
from ui.context import AppContext
from ui.forms import EntityFormDialog, ReferenceEdit
from ui.workspaces.claims import ClaimsWorkspace, NewClaimDialog
from ui.workspaces.contracts import ContractsWorkspace, PaymentForm
from ui.workspaces.pipeline import PipelineWorkspace
from workbench.errors import ValidationError
from workbench.models import Claim
from workbench.rules import compute
from workbench.services import BROKERS, CLAIMS, CONTRACTS, MATCHES
from workbench.services.claims import parse_percent
from workbench.services.policies import get_policy, rules_of


def _claim(s: Session, **chain_over: Any) -> tuple[Chain, Claim]:
    chain = make_chain(s, **chain_over)
    assert chain.contract is not None
    return chain, CLAIMS.create_claim(s, chain.contract.id)


def _workspace(qtbot: QtBot, ctx: AppContext) -> ClaimsWorkspace:
    ws = ClaimsWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    qtbot.waitExposed(ws)
    qtbot.waitUntil(lambda: ws.model.total is not None)
    return ws


def _select(qtbot: QtBot, ws: ClaimsWorkspace, claim_id: str) -> None:
    qtbot.waitUntil(lambda: ws.model.row_of(claim_id) >= 0)
    ws.select_id(claim_id)
    qtbot.waitUntil(lambda: ws.detail_pane.claim_id == claim_id)


def _status(ctx: AppContext, claim_id: str) -> str:
    with ctx.store.session() as s:
        return CLAIMS.get(s, claim_id).status


def _lines(ws: ClaimsWorkspace) -> list[tuple[str, str]]:
    model = ws.detail_pane.computation
    return [(model.cell(r, 0), model.cell(r, 3)) for r in range(model.rowCount())]


def _choose(qtbot: QtBot, editor: QWidget, text: str) -> None:
    assert isinstance(editor, ReferenceEdit)
    type_text(qtbot, editor, text)
    completer = editor.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    key(popup, Qt.Key.Key_Down)
    key(popup, Qt.Key.Key_Return)


def test_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
        other = BROKERS.create(s, {"name": "陈经纪"})
        from decimal import Decimal

        from workbench.services import ShareInput

        CLAIMS.set_shares(
            s, claim.id, [ShareInput(claim.broker_id, Decimal(60)), ShareInput(other.id, Decimal(40))]
        )
    ws = _workspace(qtbot, ctx)
    qtmodeltester.check(ws.model)
    _select(qtbot, ws, claim.id)
    qtmodeltester.check(ws.detail_pane.computation)
    qtmodeltester.check(ws.detail_pane.shares)
    assert ws.detail_pane.shares.rowCount() == 2


def test_each_line_of_the_computation_is_shown_with_the_amount_in_capitals(
    qtbot: QtBot, ctx: AppContext
) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    expected = [(line["label"], line["amount_fen"]) for line in claim.computation["lines"]]
    shown = _lines(ws)
    assert [label for label, _ in shown] == [label for label, _ in expected]
    assert [amount for _, amount in shown] == [
        "" if fen is None else f"{fen / 100:,.2f}" for _, fen in expected
    ]
    assert shown[-1] == ("本次申请奖励", "1,851.85")
    assert pane.computation.cell(1, 2) == "1.5%" and pane.computation.cell(1, 1) == "123,456.78"
    assert pane.amount.text() == "申请金额 1,851.85 元"
    assert pane.amount_words.text() == "人民币壹仟捌佰伍拾壹元捌角伍分"
    assert pane.caps.text() == "未触及上限"
    assert "镇海区技术经纪人奖励（第 1 版）" in pane.facts.text()
    row = ws.model.row_of(claim.id)
    assert ws.model.cell(row, "status") == "草稿"
    assert ws.model.cell(row, "amount") == "1,851.85"
    assert ws.model.cell(row, "policy") == "镇海区技术经纪人奖励 v1"
    assert ws.model.cell(row, "project") == "碳纤维复合材料成型技术转让"


def test_the_cap_that_applied_is_named(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s, tech_amount="30000000", total_fen="30000000")
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    assert pane.caps.text() == "适用上限：单个项目奖励上限"
    labels = [label for label, _ in _lines(ws)]
    assert "单个项目奖励上限 300,000.00 元" in labels or any("单个项目奖励上限" in x for x in labels)
    cap_row = next(r for r in range(pane.computation.rowCount()) if "上限" in pane.computation.cell(r, 0))
    assert (
        pane.computation.data(pane.computation.index(cap_row, 0), Qt.ItemDataRole.BackgroundRole) is not None
    )
    assert pane.amount.text() == "申请金额 300,000.00 元"
    assert pane.amount_words.text() == "人民币叁拾万元整"


def test_co_broker_shares_must_add_up_to_100(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
        other = BROKERS.create(s, {"name": "陈经纪"})
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    pane.tabs.setCurrentIndex(1)
    assert pane.shares_sum.text() == "合计 100%"
    _choose(qtbot, pane.share_broker, "陈")
    type_text(qtbot, pane.share_percent, "30")
    click(pane.add_share)
    assert pane.shares.rowCount() == 2
    assert pane.shares_sum.text() == "合计 130%（须为 100%）"
    assert pane.shares.data(pane.shares.index(1, 2)) == "—"

    click(pane.save_shares)
    assert pane.shares_error.isVisible() and "100" in pane.shares_error.text()
    with ctx.store.session() as s:
        assert [sh.percent_bp for sh in CLAIMS.shares(s, claim.id)] == [10000]

    # Edit the claimant's own share in place: F2 on the cell, type, Enter.
    view = pane.shares_view
    view.setFocus()
    view.setCurrentIndex(pane.shares.index(0, 1))
    key(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit) and editor.isVisible()
    editor.selectAll()
    type_text(qtbot, editor, "70")
    key(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.shares_sum.text() == "合计 100%")  # the view commits on its next turn
    # The split of 1,851.85: 70 % and 30 %, the odd fen to the earlier share.
    assert [pane.shares.data(pane.shares.index(r, 2)) for r in range(2)] == ["1,296.30", "555.55"]
    click(pane.save_shares)
    assert not pane.shares_error.isVisible()
    with ctx.store.session() as s:
        saved = [(sh.broker_id, sh.percent_bp, sh.amount_fen) for sh in CLAIMS.shares(s, claim.id)]
    assert saved == [(claim.broker_id, 7000, 129_630), (other.id, 3000, 55_555)]


def test_a_bad_percentage_is_refused_inline(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
        BROKERS.create(s, {"name": "陈经纪"})
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    pane.tabs.setCurrentIndex(1)
    _choose(qtbot, pane.share_broker, "陈")
    type_text(qtbot, pane.share_percent, "33.333")
    click(pane.add_share)
    with pytest.raises(ValidationError) as refused:
        parse_percent("33.333")
    assert pane.shares_error.isVisible() and pane.shares_error.text() == refused.value.issues[0].message
    assert pane.shares.rowCount() == 1
    assert pane.share_percent.text() == "33.333"  # nothing typed is lost


def test_attachments_checklist_is_edited_while_draft(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    pane.tabs.setCurrentIndex(2)
    items = [pane.attachments.item(i) for i in range(pane.attachments.count())]
    assert items[0].text() == "技术合同认定登记证明（必备）"
    assert items[-1].text() == "其他居间服务证明材料"
    assert pane.attachments_note.text() == "必备附件 0 / 6 已齐"
    pane.attachments.setFocus()
    pane.attachments.setCurrentRow(0)
    key(pane.attachments, Qt.Key.Key_Space)

    def saved() -> list[str]:
        with ctx.store.session() as s:
            return list(CLAIMS.get(s, claim.id).attachments)

    qtbot.waitUntil(lambda: saved() == ["registration_proof"])
    qtbot.waitUntil(lambda: pane.attachments_note.text() == "必备附件 1 / 6 已齐")


def test_submit_refusals_are_listed_naming_the_fields(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain, claim = _claim(s)
        BROKERS.update(s, chain.broker.id, {"bank_name": "", "account_number": ""})
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    # A draft already says what stands between it and submission.
    assert pane.problems.isVisible() and pane.problems.text().startswith("提交前还需处理：")
    click(pane.buttons["submit"])
    qtbot.waitUntil(lambda: pane.problems.text().startswith("不能提交："))
    lines = pane.problems.text().split("\n")[1:]
    assert "• 经纪人档案缺少开户银行" in lines
    assert "• 经纪人档案缺少银行账号" in lines
    assert any(line.startswith("• 缺少必备附件：技术合同认定登记证明") for line in lines)
    assert _status(ctx, claim.id) == "draft"
    assert pane.buttons["submit"].isEnabled()


def test_status_steps_submit_approve_pay_with_who_and_when(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.actor = "王经纪"
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
        CLAIMS.update_draft(s, claim.id, attachments=ALL_REQUIRED)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    enabled = {k for k, b in pane.buttons.items() if b.isEnabled()}
    assert enabled == {"submit", "preview"}
    click(pane.buttons["submit"])
    qtbot.waitUntil(lambda: pane.status == "submitted")
    with ctx.store.session() as s:
        assert CLAIMS.get(s, claim.id).pdf_sha256  # the printed form was archived on submission
    # Submitted claims are read-only.
    assert not pane.save_shares.isEnabled() and not pane.add_share.isEnabled()
    assert not pane.shares.flags(pane.shares.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not pane.attachments.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert {k for k, b in pane.buttons.items() if b.isEnabled()} == {"approve", "reject", "amend", "preview"}
    click(pane.buttons["approve"])
    assert _status(ctx, claim.id) == "approved"
    click(pane.buttons["pay"])
    assert _status(ctx, claim.id) == "paid"
    qtbot.waitUntil(lambda: pane.history.count() == 4)
    steps = [pane.history.item(i).text() for i in range(4)]
    assert "草稿" in steps[0]
    assert "草稿 → 已提交" in steps[1] and "王经纪" in steps[1]
    assert "已提交 → 已批准" in steps[2] and "王经纪" in steps[2]
    assert "已批准 → 已发放" in steps[3] and steps[3][:4].isdigit()
    assert {k for k, b in pane.buttons.items() if b.isEnabled()} == {"preview"}
    qtbot.waitUntil(lambda: ws.model.cell(ws.model.row_of(claim.id), "status") == "已发放")


def test_submitting_a_form_with_unprintable_characters_asks_first(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain, claim = _claim(s)
        CLAIMS.update_draft(s, claim.id, attachments=ALL_REQUIRED)
        BROKERS.update(s, chain.broker.id, {"name": "刘䶮"})  # 䶮 is not in the bundled font
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    asked: list[str] = []
    answers = iter([False, True])

    def answer(notice: str) -> bool:
        asked.append(notice)
        return next(answers)

    monkeypatch.setattr(ws, "confirm_unprintable", answer)
    click(pane.buttons["submit"])
    qtbot.waitUntil(lambda: len(asked) == 1 and pane.buttons["submit"].isEnabled())
    assert "“刘䶮”中的“䶮”（U+4DAE）" in asked[0]
    assert _status(ctx, claim.id) == "draft"  # declined: nothing archived
    click(pane.buttons["submit"])
    qtbot.waitUntil(lambda: pane.status == "submitted")
    assert len(asked) == 2


@pytest.mark.parametrize("submitted", [True, False])
def test_the_unprintable_warning_is_a_real_question(qtbot: QtBot, ctx: AppContext, submitted: bool) -> None:
    ws = _workspace(qtbot, ctx)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "unprintableConfirm"
        seen.append(box.text())
        # Cancel is the default: Enter on a warning must not archive a form by accident.
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        go_on = next(b for b in box.buttons() if b.text() == "仍然提交")
        (go_on if submitted else cancel).click()

    QTimer.singleShot(0, answer)
    assert ws.confirm_unprintable("内置字体缺少以下字符……“刘䶮”中的“䶮”") is submitted
    assert "不能再修改" in seen[0] and "“刘䶮”中的“䶮”" in seen[0]


def test_reject_asks_for_a_reason_then_amend_makes_a_new_draft(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
        CLAIMS.update_draft(s, claim.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, claim.id)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane
    monkeypatch.setattr(ws, "ask_reason", lambda: None)
    click(pane.buttons["reject"])
    assert _status(ctx, claim.id) == "submitted"
    monkeypatch.setattr(ws, "ask_reason", lambda: "")
    click(pane.buttons["reject"])
    assert pane.problems.isVisible() and "退回须填写原因" in pane.problems.text()
    monkeypatch.setattr(ws, "ask_reason", lambda: "缺少银行到款凭证原件")
    click(pane.buttons["reject"])
    assert _status(ctx, claim.id) == "rejected"
    assert "退回原因：缺少银行到款凭证原件" in pane.facts.text()
    click(pane.buttons["amend"])
    with ctx.store.session() as s:
        newer = [c for c in CLAIMS.list(s).rows if c.replaces_id == claim.id]
    assert len(newer) == 1 and newer[0].status == "draft" and newer[0].claim_no.endswith("-R2")
    qtbot.waitUntil(lambda: ws.selected_ids() == [newer[0].id])
    assert pane.claim_id == newer[0].id and pane.buttons["submit"].isEnabled()


def test_filter_by_status(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain, draft = _claim(s)
        CLAIMS.update_draft(s, draft.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, draft.id)
        CLAIMS.reject(s, draft.id, reason="补材料")
        newer = CLAIMS.amend(s, draft.id)
    ws = _workspace(qtbot, ctx)
    assert ws.model.rowCount() == 2
    combo = ws.status_filter
    combo.setCurrentIndex(combo.findData("draft"))
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1 and ws.model.id_at(0) == newer.id)
    combo.setCurrentIndex(combo.findData("rejected"))
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1 and ws.model.id_at(0) == draft.id)
    combo.setCurrentIndex(combo.findData("paid"))
    qtbot.waitUntil(lambda: ws.model.rowCount() == 0)
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)
    del chain


def _running(qtbot: QtBot, act: Callable[[QDialog], None]) -> Callable[[QDialog], int]:
    def run(dialog: QDialog) -> int:
        if dialog.parent() is None:  # a dialog with a parent goes with it
            qtbot.addWidget(dialog)
        if isinstance(dialog, EntityFormDialog):
            keep_out_of_prompts(dialog)
        dialog.show()
        act(dialog)
        return int(dialog.result())

    return run


def _enter_today(dialog: QDialog) -> None:
    """Answer a stage change's dialog with Enter: the step happened today."""
    focus = dialog.focusWidget()
    assert focus is not None
    key(focus, Qt.Key.Key_Return)


def test_new_claim_from_the_list_and_a_refusal_inline(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        make_chain(s, registered=False)
    ws = _workspace(qtbot, ctx)

    def refused(dialog: QDialog) -> None:
        assert isinstance(dialog, NewClaimDialog)
        _choose(qtbot, dialog.contract, "碳纤维")
        dialog.buttons.accepted.emit()
        assert dialog.isVisible() and dialog.problems.isVisible()
        assert "本政策要求技术合同已认定登记" in dialog.problems.text()
        dialog.reject()

    monkeypatch.setattr(ws, "run_dialog", _running(qtbot, refused))
    click(ws.new_button)
    with ctx.store.session() as s:
        assert CLAIMS.list(s).total == 0
        contract = CONTRACTS.list(s).rows[0]
        CONTRACTS.update(s, contract.id, {"registration_no": "33021120260312", "registered_on": "2026-04-02"})

    def accepted(dialog: QDialog) -> None:
        assert isinstance(dialog, NewClaimDialog)
        _choose(qtbot, dialog.contract, "33021120260312")
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert ok is not None
        click(ok)

    monkeypatch.setattr(ws, "run_dialog", _running(qtbot, accepted))
    click(ws.new_button)
    with ctx.store.session() as s:
        claims = CLAIMS.list(s).rows
    assert len(claims) == 1
    qtbot.waitUntil(lambda: ws.selected_ids() == [claims[0].id])


def test_delete_a_draft_and_undo(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    click(ws.delete_button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 0)
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)


def test_preview_opens_the_printed_form(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    opened: list[QDialog] = []
    monkeypatch.setattr(ws, "show_preview", opened.append)
    assert ws.detail_pane.buttons["preview"].isVisible()
    click(ws.detail_pane.buttons["preview"])
    qtbot.waitUntil(lambda: len(opened) == 1)
    dialog = opened[0]
    assert isinstance(dialog, ClaimPreviewDialog)
    assert dialog.page_count >= 1 and dialog.windowTitle() == claim.claim_no
    dialog.close()


class _Window(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.by_key: dict[str, QWidget] = {
            "pipeline": PipelineWorkspace(ctx),
            "contracts": ContractsWorkspace(ctx),
            "claims": ClaimsWorkspace(ctx),
        }
        for widget in self.by_key.values():
            self.pages.addWidget(widget)

    def show_workspace(self, key: str) -> QWidget:
        self.pages.setCurrentWidget(self.by_key[key])
        return self.by_key[key]


def test_brokers_day_from_intent_to_a_claim_with_its_lines(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A match at intent → record the contract (the match becomes contracted) → a payment → a claim."""
    ctx.actor = "王经纪"
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        for stage in ("recommended", "introduced", "negotiating"):
            MATCHES.move(s, chain.match.id, stage)
    window = _Window(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    pipeline = window.show_workspace("pipeline")
    assert isinstance(pipeline, PipelineWorkspace)
    qtbot.waitUntil(lambda: pipeline.loaded)

    # Negotiations ended in an intent: move the card on (Enter: it happened today).
    monkeypatch.setattr(pipeline, "run_dialog", _running(qtbot, _enter_today))
    pipeline.select_match(pipeline.columns["negotiating"], 0)
    next(a for a in pipeline.detail.move_menu.actions() if a.text() == "达成意向").trigger()
    qtbot.waitUntil(lambda: pipeline.columns["intent"].model.row_of(chain.match.id) == 0)
    qtbot.waitUntil(pipeline.detail.register_contract.isEnabled)

    # Record the contract from the match: parties come pre-filled, the broker types the rest.
    def contract_form(dialog: QDialog) -> None:
        assert isinstance(dialog, EntityFormDialog)
        assert dialog.rows["seller_name"].value() == "宁波大学"
        assert dialog.rows["buyer_name"].value() == chain.enterprise.name
        title = dialog.rows["title"].editor
        title.selectAll()  # type: ignore[attr-defined]
        type_text(qtbot, title, "碳纤维复合材料成型技术转让")
        type_text(qtbot, dialog.rows["registration_no"].editor, "33021120260312")
        type_text(qtbot, dialog.rows["signed_on"].editor, "2026-03-20")
        type_text(qtbot, dialog.rows["registered_on"].editor, "2026-04-02")
        type_text(qtbot, dialog.rows["total_fen"].editor, "200000")
        type_text(qtbot, dialog.rows["tech_amount_fen"].editor, "123456.78")
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
        assert save is not None
        click(save)

    monkeypatch.setattr(pipeline, "run_dialog", _running(qtbot, contract_form))
    click(pipeline.detail.register_contract)
    with ctx.store.session() as s:
        assert MATCHES.get(s, chain.match.id).stage == "contracted"
        contract = CONTRACTS.list(s).rows[0]
    qtbot.waitUntil(lambda: pipeline.columns["contracted"].model.row_of(chain.match.id) == 0)
    qtbot.waitUntil(lambda: pipeline.columns["intent"].model.rowCount() == 0)  # columns reload independently

    # The first payment arrives.
    contracts = window.show_workspace("contracts")
    assert isinstance(contracts, ContractsWorkspace)
    qtbot.waitUntil(lambda: contracts.model.row_of(contract.id) >= 0)
    contracts.select_id(contract.id)
    qtbot.waitUntil(lambda: contracts.detail_pane.contract_id == contract.id)

    def payment_form(dialog: QDialog) -> None:
        assert isinstance(dialog, PaymentForm)
        type_text(qtbot, dialog.rows["paid_on"].editor, "2026-04-10")
        type_text(qtbot, dialog.rows["amount_fen"].editor, "120000")
        type_text(qtbot, dialog.rows["invoice_no"].editor, "33022600001234")
        dialog.save()

    monkeypatch.setattr(contracts, "run_dialog", _running(qtbot, payment_form))
    click(contracts.detail_pane.add_payment)
    qtbot.waitUntil(lambda: contracts.detail_pane.payments_model.rowCount() == 1)
    assert contracts.detail_pane.received.text().startswith("已到账 120,000.00 元")

    # Claim the reward: the claims workspace opens on the new claim and shows its lines.
    click(contracts.detail_pane.claim_button)
    claims = window.pages.currentWidget()
    assert isinstance(claims, ClaimsWorkspace)
    with ctx.store.session() as s:
        claim = CLAIMS.list(s).rows[0]
        rules = rules_of(get_policy(s, "zhenhai"))
    core = compute(rules, base_fen=contract.tech_amount_fen)
    qtbot.waitUntil(lambda: claims.selected_ids() == [claim.id])
    shown = _lines(claims)
    assert shown == [
        (line.label, "" if line.amount_fen is None else f"{line.amount_fen / 100:,.2f}")
        for line in core.lines
    ]
    assert shown[-1] == ("本次申请奖励", "1,851.85")
    assert claims.detail_pane.amount_words.text() == "人民币壹仟捌佰伍拾壹元捌角伍分"
    assert claim.amount_fen == core.amount_fen == 185_185
