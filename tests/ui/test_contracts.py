"""Contracts workspace driven as a user would: the form, payments, provenance and the claim button."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMainWindow, QStackedWidget, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.typing_helpers import click, keep_out_of_prompts, key, type_text
from tests.workbench.factories import ALL_REQUIRED, make_chain
from ui.context import AppContext
from ui.forms import EntityFormDialog, ReferenceEdit
from ui.workspaces.claims import ClaimsWorkspace
from ui.workspaces.contracts import ContractForm, ContractsWorkspace, PaymentForm
from workbench.services import CLAIMS, CONTRACTS, PAYMENTS


def _workspace(qtbot: QtBot, ctx: AppContext) -> ContractsWorkspace:
    ws = ContractsWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    qtbot.waitExposed(ws)
    qtbot.waitUntil(lambda: ws.model.total is not None)
    return ws


def _select(qtbot: QtBot, ws: ContractsWorkspace, row: int = 0) -> None:
    ws.view.selectRow(row)
    ident = ws.model.id_at(row)
    qtbot.waitUntil(lambda: ws.detail_pane.contract_id == ident)


def _filling(qtbot: QtBot, fill: Callable[[EntityFormDialog], None]) -> Callable[[QDialog], int]:
    """A stand-in for ``run_dialog``: the test types into the form and saves, as the user would."""

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, EntityFormDialog)
        if dialog.parent() is None:  # a dialog with a parent goes with it
            qtbot.addWidget(dialog)
        keep_out_of_prompts(dialog)
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    return run


def _choose(qtbot: QtBot, editor: QWidget, text: str) -> None:
    """Type part of a name into a reference field and pick the first suggestion with the keyboard."""
    assert isinstance(editor, ReferenceEdit)
    type_text(qtbot, editor, text)
    completer = editor.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    key(popup, Qt.Key.Key_Down)
    key(popup, Qt.Key.Key_Return)


def _error(dialog: EntityFormDialog, key: str) -> str:
    message = dialog.rows[key].message
    return message.text() if message.isVisible() else ""


def test_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        PAYMENTS.create(s, {"contract_id": chain.contract.id, "paid_on": "2026-04-10", "amount_fen": "50000"})
        PAYMENTS.create(s, {"contract_id": chain.contract.id, "paid_on": "2026-05-10", "amount_fen": "30000"})
    ws = _workspace(qtbot, ctx)
    qtmodeltester.check(ws.model)
    _select(qtbot, ws)
    qtmodeltester.check(ws.detail_pane.payments_model)
    assert ws.detail_pane.payments_model.rowCount() == 2


def test_the_list_shows_amounts_right_aligned_with_received_and_claims(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        PAYMENTS.create(s, {"contract_id": chain.contract.id, "paid_on": "2026-04-10", "amount_fen": "50000"})
        CLAIMS.create_claim(s, chain.contract.id)
    ws = _workspace(qtbot, ctx)
    cells = {c.key: ws.model.cell(0, c.key) for c in ws.model.columns}
    assert cells == {
        "title": "碳纤维复合材料成型技术转让",
        "status": "已申请奖励",  # a draft claim is on it
        "type": "技术转让",
        "seller": "宁波大学",
        "buyer": "宁波材料科技有限公司",
        "registration": "33021120260312",
        "signed": "2026-03-20",
        "registered": "2026-04-02",
        "total": "200,000.00",
        "tech": "123,456.78",
        "received": "50,000.00",
        "claims": "1",
    }
    keys = [c.key for c in ws.model.columns]
    for name in ("total", "tech", "received"):
        alignment = ws.model.data(ws.model.index(0, keys.index(name)), Qt.ItemDataRole.TextAlignmentRole)
        assert alignment & Qt.AlignmentFlag.AlignRight


def test_create_a_contract_by_typing_and_picking(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    assert ws.model.rowCount() == 0

    def fill(form: EntityFormDialog) -> None:
        type_text(qtbot, form.rows["title"].editor, "碳纤维复合材料成型技术转让")
        _choose(qtbot, form.rows["seller_institution_id"].editor, "宁波")
        _choose(qtbot, form.rows["buyer_enterprise_id"].editor, "材料")
        type_text(qtbot, form.rows["registration_no"].editor, "33021120260312")
        type_text(qtbot, form.rows["signed_on"].editor, "2026-03-20")
        type_text(qtbot, form.rows["registered_on"].editor, "2026-04-02")
        type_text(qtbot, form.rows["total_fen"].editor, "200,000")
        type_text(qtbot, form.rows["tech_amount_fen"].editor, "123456.78")
        # Picking the parties filled their names and codes.
        assert form.rows["seller_name"].value() == "宁波大学"
        assert form.rows["buyer_name"].value() == chain.enterprise.name
        assert form.rows["buyer_uscc"].value() == chain.enterprise.uscc
        assert form.rows["buyer_division_code"].value() == "330211"
        save = form.buttons.button(form.buttons.StandardButton.Save)
        assert save is not None
        click(save)

    monkeypatch.setattr(ws, "run_dialog", _filling(qtbot, fill))
    click(ws.new_button)
    with ctx.store.session() as s:
        rows = CONTRACTS.list(s).rows
    assert len(rows) == 1
    contract = rows[0]
    assert (contract.total_fen, contract.tech_amount_fen) == (20_000_000, 12_345_678)
    assert contract.seller_institution_id == chain.institution.id
    assert contract.buyer_enterprise_id == chain.enterprise.id
    assert contract.contract_type == "transfer"
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    qtbot.waitUntil(lambda: ws.detail_pane.contract_id == contract.id)


def test_bad_amounts_and_dates_are_shown_at_the_field_and_nothing_is_lost(
    qtbot: QtBot, ctx: AppContext
) -> None:
    with ctx.store.session() as s:
        make_chain(s, contract=False)
    form = ContractForm(ctx)
    qtbot.addWidget(form)
    keep_out_of_prompts(form)
    form.show()
    type_text(qtbot, form.rows["title"].editor, "某技术开发合同")
    type_text(qtbot, form.rows["seller_name"].editor, "宁波大学")
    type_text(qtbot, form.rows["buyer_name"].editor, "某企业")
    type_text(qtbot, form.rows["total_fen"].editor, "100.123")
    type_text(qtbot, form.rows["tech_amount_fen"].editor, "300000")
    type_text(qtbot, form.rows["signed_on"].editor, "2026-04-02")
    type_text(qtbot, form.rows["registered_on"].editor, "2026-03-20")
    form.save()
    assert _error(form, "total_fen") == "最多两位小数"
    assert form.isVisible()

    total = form.rows["total_fen"].editor
    total.clear()  # type: ignore[attr-defined]
    type_text(qtbot, total, "200000")
    form.save()
    assert _error(form, "total_fen") == ""
    assert _error(form, "tech_amount_fen") == "技术交易额不能大于合同成交额"
    assert _error(form, "registered_on") == "结束早于开始"
    assert form.isVisible()
    values = form.values()
    assert (values["title"], values["total_fen"], values["tech_amount_fen"]) == (
        "某技术开发合同",
        "200000",
        "300000",
    )
    assert (values["signed_on"], values["registered_on"]) == ("2026-04-02", "2026-03-20")
    with ctx.store.session() as s:
        assert CONTRACTS.list(s).total == 0

    form.rows["tech_amount_fen"].editor.clear()  # type: ignore[attr-defined]
    type_text(qtbot, form.rows["tech_amount_fen"].editor, "-5")
    form.save()
    assert _error(form, "tech_amount_fen")
    with ctx.store.session() as s:
        assert CONTRACTS.list(s).total == 0


def test_an_unusual_registration_number_warns_and_one_click_saves(qtbot: QtBot, ctx: AppContext) -> None:
    form = ContractForm(ctx)
    qtbot.addWidget(form)
    keep_out_of_prompts(form)
    form.show()
    type_text(qtbot, form.rows["title"].editor, "某技术服务合同")
    type_text(qtbot, form.rows["seller_name"].editor, "宁波大学")
    type_text(qtbot, form.rows["buyer_name"].editor, "某企业")
    type_text(qtbot, form.rows["registration_no"].editor, "2026甬技登第12号")
    type_text(qtbot, form.rows["total_fen"].editor, "80000")
    type_text(qtbot, form.rows["tech_amount_fen"].editor, "80000")
    form.save()
    assert "14–20 位数字" in _error(form, "registration_no")
    assert form.override.isVisible()
    click(form.override)
    with ctx.store.session() as s:
        assert [c.registration_no for c in CONTRACTS.list(s).rows] == ["2026甬技登第12号"]


def test_edit_a_contract_from_the_list(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws)
    loaded: dict[str, str] = {}

    def fill(form: EntityFormDialog) -> None:
        loaded["match"] = form.rows["match_id"].editor.text()  # type: ignore[attr-defined]
        loaded["seller"] = form.rows["seller_institution_id"].editor.text()  # type: ignore[attr-defined]
        loaded["total"] = form.rows["total_fen"].editor.text()  # type: ignore[attr-defined]
        title = form.rows["title"].editor
        title.selectAll()  # type: ignore[attr-defined]
        type_text(qtbot, title, "碳纤维复合材料成型技术独占许可")
        form.rows["contract_type"].editor.setCurrentIndex(  # type: ignore[attr-defined]
            form.rows["contract_type"].editor.findData("licence")  # type: ignore[attr-defined]
        )
        form.save()

    monkeypatch.setattr(ws, "run_dialog", _filling(qtbot, fill))
    click(ws.open_button)
    assert loaded == {
        "match": f"{chain.need.title} ⇄ {chain.technology.title}",
        "seller": "宁波大学",
        "total": "200000.00",
    }
    qtbot.waitUntil(lambda: ws.model.cell(0, "title") == "碳纤维复合材料成型技术独占许可")
    assert ws.model.cell(0, "type") == "技术许可"


def test_delete_a_contract_and_undo(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_chain(s)
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    click(ws.delete_button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 0)
    assert ws.undo_bar.isVisible()
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)


def test_payments_add_edit_delete_with_totals(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
    assert chain.contract is not None
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws)
    pane = ws.detail_pane
    assert pane.received.text() == "已到账 0.00 元 / 合同成交额 200,000.00 元（0.0%）"

    def add(form: EntityFormDialog) -> None:
        assert isinstance(form, PaymentForm)
        type_text(qtbot, form.rows["paid_on"].editor, "2026-04-10")
        type_text(qtbot, form.rows["amount_fen"].editor, "50000")
        type_text(qtbot, form.rows["invoice_no"].editor, "33022600001234")
        type_text(qtbot, form.rows["voucher_ref"].editor, "NBCB20260410001")
        form.save()

    monkeypatch.setattr(ws, "run_dialog", _filling(qtbot, add))
    click(pane.add_payment)
    qtbot.waitUntil(lambda: pane.payments_model.rowCount() == 1)
    assert pane.received.text() == "已到账 50,000.00 元 / 合同成交额 200,000.00 元（25.0%）"
    assert pane.payments_model.data(pane.payments_model.index(0, 1)) == "50,000.00"
    assert pane.payments_model.data(pane.payments_model.index(0, 3)) == "NBCB20260410001"
    qtbot.waitUntil(lambda: ws.model.cell(0, "received") == "50,000.00")

    def edit(form: EntityFormDialog) -> None:
        assert form.rows["amount_fen"].editor.text() == "50000.00"  # type: ignore[attr-defined]
        form.rows["amount_fen"].editor.clear()  # type: ignore[attr-defined]
        type_text(qtbot, form.rows["amount_fen"].editor, "60000")
        form.save()

    pane.payments.selectRow(0)
    monkeypatch.setattr(ws, "run_dialog", _filling(qtbot, edit))
    click(pane.edit_payment_button)
    qtbot.waitUntil(lambda: pane.received.text().startswith("已到账 60,000.00 元"))

    pane.payments.selectRow(0)
    click(pane.delete_payment_button)
    qtbot.waitUntil(lambda: pane.payments_model.rowCount() == 0)
    assert ws.undo_bar.isVisible()
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: pane.payments_model.rowCount() == 1)
    with ctx.store.session() as s:
        assert CONTRACTS.received_fen(s, chain.contract.id) == 6_000_000
        assert CONTRACTS.get(s, chain.contract.id).deleted_at is None


def test_payment_bad_input_is_refused_at_the_field(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
    assert chain.contract is not None
    form = PaymentForm(ctx, chain.contract.id)
    qtbot.addWidget(form)
    keep_out_of_prompts(form)
    form.show()
    type_text(qtbot, form.rows["amount_fen"].editor, "-500")
    type_text(qtbot, form.rows["invoice_no"].editor, "33022600001234")
    form.save()
    assert _error(form, "paid_on") and _error(form, "amount_fen")
    assert form.rows["invoice_no"].value() == "33022600001234"
    form.rows["amount_fen"].editor.clear()  # type: ignore[attr-defined]
    type_text(qtbot, form.rows["amount_fen"].editor, "250000")
    type_text(qtbot, form.rows["paid_on"].editor, "2026-04-10")
    form.save()
    assert "超过合同成交额" in _error(form, "amount_fen")  # a warning: more than the contract total
    with ctx.store.session() as s:
        assert PAYMENTS.list(s).total == 0
    click(form.override)
    with ctx.store.session() as s:
        assert PAYMENTS.list(s).total == 1


def test_the_provenance_chain_runs_from_visit_to_claims(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws)
    items = [ws.detail_pane.provenance.item(i).text() for i in range(ws.detail_pane.provenance.count())]
    assert items == [
        "企业：宁波材料科技有限公司",
        "走访：2026-03-05",
        "需求：高性能碳纤维复合材料成型工艺（ZHKJ-XQ-2026-0001）",
        f"对接：{chain.technology.title}（已签约）",
        "合同：碳纤维复合材料成型技术转让",
        "奖励申请：（无）",
    ]


class _Window(QMainWindow):
    """A main window with just what the contracts workspace needs to hand over to the claims workspace."""

    def __init__(self, ctx: AppContext, contracts: ContractsWorkspace) -> None:
        super().__init__()
        self.pages = QStackedWidget()
        self.claims = ClaimsWorkspace(ctx)
        self.pages.addWidget(contracts)
        self.pages.addWidget(self.claims)
        self.setCentralWidget(self.pages)
        self.shown: list[str] = []

    def show_workspace(self, key: str) -> QWidget:
        self.shown.append(key)
        self.pages.setCurrentWidget(self.claims)
        return self.claims


def test_claim_button_creates_a_claim_and_opens_it(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
    ws = ContractsWorkspace(ctx)
    window = _Window(ctx, ws)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: ws.model.total == 1)
    _select(qtbot, ws)
    assert isinstance(ws.detail_pane.policy, QComboBox)
    assert ws.detail_pane.policy.currentData() == "zhenhai"
    click(ws.detail_pane.claim_button)
    assert window.shown == ["claims"]
    with ctx.store.session() as s:
        claims = CLAIMS.list(s).rows
    assert len(claims) == 1 and claims[0].amount_fen == 185_185
    claims_ws = window.claims
    qtbot.waitUntil(lambda: claims_ws.selected_ids() == [claims[0].id])
    assert claims_ws.detail_pane.claim_id == claims[0].id
    qtbot.waitUntil(lambda: ws.model.cell(0, "claims") == "1")
    items = [ws.detail_pane.provenance.item(i).text() for i in range(ws.detail_pane.provenance.count())]
    assert items[-1] == f"奖励申请：{claims[0].claim_no}　草稿　1,851.85 元"
    assert claims[0].contract_id == (chain.contract.id if chain.contract else None)


def test_claim_refusals_are_listed_plainly(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_chain(s, registered=False)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws)
    click(ws.detail_pane.claim_button)
    problems = ws.detail_pane.problems
    assert problems.isVisible()
    assert problems.text() == "不能申请奖励：\n• 本政策要求技术合同已认定登记（须有登记编号和登记日期）"
    with ctx.store.session() as s:
        assert CLAIMS.list(s).total == 0


def test_a_second_claim_past_the_project_cap_is_refused(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, tech_amount="30000000", total_fen="30000000")
        assert chain.contract is not None
        first = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, first.id)  # only a claim handed in counts as claimed before
    assert first.amount_fen == 30_000_000  # 1.5 % of 30 million is 450,000 yuan, capped at 300,000
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws)
    click(ws.detail_pane.claim_button)
    assert ws.detail_pane.problems.isVisible()
    assert ws.detail_pane.problems.text() == (
        "不能申请奖励：\n• 本合同的奖励已达到单项目上限，不能再申请（此前已申请 300,000.00 元）"
    )
    with ctx.store.session() as s:
        assert CLAIMS.list(s).total == 1


def test_a_second_claim_when_everything_was_claimed_says_so(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        first = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, first.id)  # only a claim handed in counts as claimed before
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws)
    click(ws.detail_pane.claim_button)
    assert ws.detail_pane.problems.text() == (
        "不能申请奖励：\n• 本合同按政策应得的 1,851.85 元奖励已全部申请过，不能再申请"
    )


def test_register_contract_from_match_prefills_seller_and_buyer(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    form = ContractForm.from_match(ctx, chain.match.id)
    qtbot.addWidget(form)
    values = form.values()
    assert values["seller_institution_id"] == chain.institution.id
    assert values["seller_name"] == "宁波大学"
    assert values["buyer_enterprise_id"] == chain.enterprise.id
    assert values["match_id"] == chain.match.id
    assert not form.dirty
