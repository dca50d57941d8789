"""The policy dialog marks fields from the core's structured problems; the settings pages build no SQL."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.test_settings import _retype
from ui.context import AppContext
from ui.workspaces.settings import PolicyVersionDialog
from ui.workspaces.settings.policy_text import describe_policy
from workbench.errors import PolicyError, PolicyProblem
from workbench.services import policies as pol

SETTINGS_UI = Path(__file__).resolve().parents[2] / "ui" / "workspaces" / "settings"


def _dialog(qtbot: QtBot, ctx: AppContext) -> PolicyVersionDialog:
    with ctx.store.session() as s:
        row = pol.get_policy(s, "zhenhai")
    dialog = PolicyVersionDialog(ctx, row, new_version=True)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _error(dialog: PolicyVersionDialog, key: str) -> QLabel:
    label = dialog.findChild(QLabel, f"error_{key}")
    assert label is not None, key
    return label


def test_the_settings_package_builds_no_sql() -> None:
    offenders = []
    for path in sorted(SETTINGS_UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            offenders += [
                f"{path.name}: {m}" for m in modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel")
            ]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "select":
                offenders.append(f"{path.name}: select(...)")
    assert offenders == []
    assert len(list(SETTINGS_UI.glob("*.py"))) >= 8  # one module per page and dialog


def test_core_problems_land_under_their_editors(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    assert dialog.rate.text() == "1.5"  # the rate is edited in percent, shown without a sign
    dialog.rate_mode.setCurrentIndex(dialog.rate_mode.findData("bracket"))
    # Brackets where the larger base earns less, and an end date before the start: both refused by the core.
    for row, (up_to, rate) in enumerate((("1000000", "2"), ("", "1%"))):
        qtbot.mouseClick(dialog.add_tier, Qt.MouseButton.LeftButton)
        dialog.tiers.item(row, 0).setText(up_to)  # type: ignore[union-attr]
        dialog.tiers.item(row, 1).setText(rate)  # type: ignore[union-attr]
    _retype(qtbot, dialog.effective_to, "2020-01-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.banner.isVisible()
    assert _error(dialog, "effective_to").isVisible() and "早于" in _error(dialog, "effective_to").text()
    # Falling brackets are checked once the rest is sound: fix the date and save again.
    _retype(qtbot, dialog.effective_to, "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    tiers = _error(dialog, "tiers")
    assert tiers.isVisible() and tiers.text().startswith("第 2 档：基数达到 1,000,000.00 元时")
    assert not _error(dialog, "effective_to").isVisible()
    with ctx.store.session() as s:
        assert pol.get_policy(s, "zhenhai").version == 1


def test_a_problem_without_an_editor_goes_to_the_banner(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    error = PolicyError(
        "奖励政策有误",
        [
            PolicyProblem(("policy", "jurisdiction"), "required", "必填"),
            PolicyProblem(("rate", "tiers", 3, "cap"), "amount.negative", "金额不能为负数"),
        ],
    )
    dialog._show_problems(error)
    assert dialog.banner.isVisible() and dialog.banner.text() == "policy.jurisdiction：必填"
    assert _error(dialog, "tiers").text() == "第 3 档：金额不能为负数"


def test_percentages_typed_with_or_without_a_sign_are_read_by_the_core_parser(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = _dialog(qtbot, ctx)
    _retype(qtbot, dialog.rate, "150")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "0 到 100" in _error(dialog, "rate").text()
    _retype(qtbot, dialog.rate, "1.75 %")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_row is not None
    with ctx.store.session() as s:
        newest = pol.get_policy(s, "zhenhai")
        assert newest.version == 2 and pol.rules_of(newest).rate == Decimal("0.0175")
        assert pol.next_version_number(s, "zhenhai") == 3


def test_document_number_and_stacking_group_are_edited_and_applies_to_kept(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = _dialog(qtbot, ctx)
    assert dialog.document_no.text() == "镇政办发〔2021〕50号"
    assert dialog.stacking_group.text() == "zhenhai-broker"
    assert "互相抵减上限" in dialog.stacking_help.text()
    # Who an attachment is asked of is shown beside it.
    table = dialog.attachments
    applies = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}  # type: ignore[union-attr]
    assert applies["营业执照复印件（经纪组织）"] == "经纪机构"
    assert applies["其他居间服务证明材料"] == "全部申请人"

    _retype(qtbot, dialog.document_no, "镇政办发〔2025〕8号")
    _retype(qtbot, dialog.stacking_group, "ningbo-city")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_row is not None
    with ctx.store.session() as s:
        rules = pol.rules_of(pol.get_policy(s, "zhenhai"))
    assert rules.version == 2
    assert (rules.document_no, rules.stacking_group) == ("镇政办发〔2025〕8号", "ningbo-city")
    # Saving the attachment list keeps each attachment's applicants as they were.
    assert {a.code: a.applies_to for a in rules.attachments}["business_licence"] == "organisation"


def test_the_policy_description_names_document_number_group_and_applicants(ctx: AppContext) -> None:
    with ctx.store.session() as s:
        text = describe_policy(pol.rules_of(pol.get_policy(s, "zhenhai")))
    assert "文号" in text and "镇政办发〔2021〕50号" in text
    assert "叠加分组" in text and "zhenhai-broker" in text
    assert "营业执照复印件（经纪组织）（可选）　经纪机构" in text
