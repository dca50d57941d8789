"""Enterprises workspace driven as a user would: type, click, filter, delete and undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.typing_helpers import keep_out_of_prompts, type_text
from tests.workbench.factories import HUTOOL_USCC, PILOT_USCC, make_enterprise
from ui.context import AppContext
from ui.forms import EntityFormDialog
from ui.workspaces.enterprises import EnterprisesWorkspace, enterprise_fields
from workbench.services import ENTERPRISES


def _workspace(qtbot: QtBot, ctx: AppContext) -> EnterprisesWorkspace:
    ws = EnterprisesWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.model.total is not None)
    return ws


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        for i in range(30):
            ENTERPRISES.create(s, {"name": f"宁波测试企业{i:02d}有限公司"})
    ws = _workspace(qtbot, ctx)
    qtmodeltester.check(ws.model)
    assert ws.model.rowCount() == 30
    assert ws.count.text() == "共 30 条"


def test_lists_fetch_more_as_the_user_scrolls(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.prefs.set("page_size", 50)
    with ctx.store.session() as s:
        for i in range(120):
            ENTERPRISES.create(s, {"name": f"企业{i:03d}"})
    ws = _workspace(qtbot, ctx)
    assert ws.model.rowCount() == 50 and ws.model.total == 120
    ws.model.fetchMore()
    qtbot.waitUntil(lambda: ws.model.rowCount() == 100)


def test_create_through_the_form_by_typing(qtbot: QtBot, ctx: AppContext) -> None:
    ws = _workspace(qtbot, ctx)
    dialog = EntityFormDialog(
        ctx, ENTERPRISES, enterprise_fields(), title="新建企业", initial={"engineering_centre": "none"}
    )
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.rows["name"].editor, "宁波新材料有限公司")
    type_text(qtbot, dialog.rows["uscc"].editor, HUTOOL_USCC)
    dialog.save()
    assert dialog.result() == EntityFormDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "name") == "宁波新材料有限公司"


def test_invalid_uscc_is_shown_at_the_field_and_nothing_typed_is_lost(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = EntityFormDialog(
        ctx, ENTERPRISES, enterprise_fields(), title="新建企业", initial={"engineering_centre": "none"}
    )
    qtbot.addWidget(dialog)
    keep_out_of_prompts(dialog)
    dialog.show()
    type_text(qtbot, dialog.rows["name"].editor, "某企业")
    type_text(qtbot, dialog.rows["uscc"].editor, "91330211ABC")
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert save is not None
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    message = dialog.findChild(QLabel, "error_uscc")
    assert message is not None and message.isVisible() and message.text()
    assert dialog.isVisible()
    assert isinstance(dialog.rows["uscc"].editor, QLineEdit)
    assert dialog.rows["uscc"].editor.text() == "91330211ABC"
    assert dialog.rows["name"].editor.text() == "某企业"  # type: ignore[attr-defined]
    with ctx.store.session() as s:
        assert ENTERPRISES.list(s).total == 0


def test_a_legacy_code_warns_and_one_click_saves(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = EntityFormDialog(
        ctx, ENTERPRISES, enterprise_fields(), title="新建企业", initial={"engineering_centre": "none"}
    )
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.rows["name"].editor, "厦门试点企业")
    type_text(qtbot, dialog.rows["uscc"].editor, PILOT_USCC)
    dialog.save()
    override = dialog.findChild(QPushButton, "overrideWarnings")
    assert override is not None and override.isVisible()
    qtbot.mouseClick(override, Qt.MouseButton.LeftButton)
    with ctx.store.session() as s:
        assert [e.uscc for e in ENTERPRISES.list(s).rows] == [PILOT_USCC]


def test_leaving_with_unsaved_changes_asks_first(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = EntityFormDialog(
        ctx, ENTERPRISES, enterprise_fields(), title="新建企业", initial={"engineering_centre": "none"}
    )
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.rows["name"].editor, "还没保存")

    asked: list[QMessageBox.StandardButton] = []

    def answer(choice: QMessageBox.StandardButton) -> Callable[[], QMessageBox.StandardButton]:
        def confirm() -> QMessageBox.StandardButton:
            asked.append(choice)
            return choice

        return confirm

    dialog.confirm_leave = answer(QMessageBox.StandardButton.Cancel)  # type: ignore[method-assign]
    dialog.reject()
    assert dialog.isVisible() and dialog.dirty and asked
    dialog.confirm_leave = answer(QMessageBox.StandardButton.Discard)  # type: ignore[method-assign]
    dialog.reject()
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        assert ENTERPRISES.list(s).total == 0


def test_filter_as_you_type_by_pinyin_and_delete_with_undo(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_enterprise(s, name="镇海石化设备有限公司")
        ENTERPRISES.create(s, {"name": "北仑汽车零部件有限公司"})
    ws = _workspace(qtbot, ctx)
    assert ws.model.rowCount() == 2
    type_text(qtbot, ws.filter, "zhsh")
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "name") == "镇海石化设备有限公司"
    ws.filter.clear()
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)
    ws.view.selectAll()
    qtbot.mouseClick(ws.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 0)
    assert ws.undo_bar.isVisible()
    qtbot.mouseClick(ws.undo_bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)


def test_sorting_is_done_by_the_store(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        for name in ("乙企业", "甲企业", "丙企业"):
            ENTERPRISES.create(s, {"name": name})
    ws = _workspace(qtbot, ctx)
    ws.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: ws.model.cell(0, "name") != "" and ws.model._descending is True)
    qtbot.wait(50)
    names = [ws.model.cell(r, "name") for r in range(3)]
    assert names == sorted(names, reverse=True)


def test_contacts_are_added_from_the_detail_pane(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        ent = make_enterprise(s)
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    qtbot.waitUntil(lambda: ws.detail_pane.enterprise_id == ent.id)
    from ui.workspaces.enterprises import ContactForm

    form = ContactForm(ctx, ent.id)
    qtbot.addWidget(form)
    type_text(qtbot, form.rows["name"].editor, "李工")
    type_text(qtbot, form.rows["mobile"].editor, "139 5740 0002")
    form.save()
    qtbot.waitUntil(lambda: ws.detail_pane.contacts.count() == 1)
    assert "13957400002" in ws.detail_pane.contacts.item(0).text()
