"""Import, export and the period report reached from the app: list toolbars, the Today page, the File menu.

The export is driven through the real list (filter typed, column sorted, moved and hidden) and the file is
read back with python-calamine, so what a broker saves is what the list showed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from python_calamine import CalamineWorkbook

from tests.workbench.factories import HUAWEI_USCC, HUTOOL_USCC, make_chain
from ui.context import AppContext, TaskRunner
from ui.import_wizard import ImportWizard
from ui.listview import ListWorkspace
from ui.workspaces.contracts import ContractsWorkspace
from ui.workspaces.enterprises import EnterprisesWorkspace
from ui.workspaces.needs import NeedsWorkspace
from ui.workspaces.technologies import TechnologiesWorkspace
from ui.workspaces.today import TodayWorkspace
from ui.workspaces.visits import VisitsWorkspace
from workbench.services import CONTACTS, ENTERPRISES


@pytest.fixture
def sctx(ctx: AppContext) -> Iterator[AppContext]:
    """The application context with tasks run inline, so a click's file is written when the click returns."""
    yield dataclasses.replace(ctx, tasks=TaskRunner(synchronous=True))


def save_dialog_answers(monkeypatch: pytest.MonkeyPatch, path: Path, selected: str = "") -> list[str]:
    """The system's save dialog, answered with ``path``; returns the titles it was opened with."""
    asked: list[str] = []

    def answer(_parent: Any, title: str, *_args: Any) -> tuple[str, str]:
        asked.append(title)
        return str(path), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def show(qtbot: QtBot, ws: QWidget) -> None:
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()


def seed_enterprises(ctx: AppContext) -> None:
    with ctx.store.session() as s:
        firms = [
            ENTERPRISES.create(s, {"name": "宁波甲材料有限公司", "uscc": HUAWEI_USCC, "high_tech": True}),
            ENTERPRISES.create(
                s, {"name": "宁波乙化工有限公司", "uscc": HUTOOL_USCC, "division_code": "330211"}
            ),
            ENTERPRISES.create(s, {"name": "宁波丙机械有限公司", "industry_code": "C2929"}),
            ENTERPRISES.create(s, {"name": "杭州丁电子有限公司", "high_tech": True}),
            ENTERPRISES.create(s, {"name": "宁波戊模具有限公司", "address": "北仑区长江路 1 号"}),
        ]
        for n, firm in enumerate(firms[:3]):
            for k in range(n + 1):
                CONTACTS.create(
                    s, {"enterprise_id": firm.id, "name": f"联系人{n}{k}", "mobile": f"1395740000{n}"}
                )


def shown_rows(ws: ListWorkspace) -> list[list[str]]:
    """The heading row and every row as the list displays it: visible columns in their on-screen order."""
    header = ws.view.horizontalHeader()
    order = [header.logicalIndex(v) for v in range(header.count())]
    visible = [c for c in order if not header.isSectionHidden(c)]
    rows = [[str(ws.model.headerData(c, Qt.Orientation.Horizontal)) for c in visible]]
    for r in range(ws.model.rowCount()):
        rows.append([str(ws.model.data(ws.model.index(r, c))) for c in visible])
    return rows


def as_shown(cell: Any, shown: str) -> bool:
    """Whether a cell read back from the workbook is the text the list showed (typed cells as such)."""
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return Decimal(shown.replace(",", "")) == Decimal(str(cell))
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M") == shown
    if isinstance(cell, date):
        return cell.isoformat() == shown
    return str(cell) == shown


def test_export_writes_the_list_as_shown(
    qtbot: QtBot, sctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seed_enterprises(sctx)
    ws = EnterprisesWorkspace(sctx)
    show(qtbot, ws)
    keys = [c.key for c in ws.model.columns]
    header = ws.view.horizontalHeader()
    ws.filter.setText("宁波")  # four of the five
    qtbot.waitUntil(lambda: ws.model.rowCount() == 4)
    ws.view.sortByColumn(keys.index("name"), Qt.SortOrder.DescendingOrder)
    ws.view.setColumnHidden(keys.index("contacts"), False)  # hidden until the user shows it
    header.moveSection(header.visualIndex(keys.index("contacts")), 0)  # contacts first
    ws.view.setColumnHidden(keys.index("address"), True)
    ws.view.setColumnHidden(keys.index("updated"), False)  # hidden until the user shows it
    qtbot.waitUntil(lambda: ws.model.rowCount() == 4)
    shown = shown_rows(ws)
    assert shown[0][0] == "联系人" and "地址" not in shown[0]
    names = [row[shown[0].index("企业名称")] for row in shown[1:]]
    assert names == sorted(names, reverse=True) and "杭州丁电子有限公司" not in names

    target = tmp_path / "企业.xlsx"
    asked = save_dialog_answers(monkeypatch, target)
    qtbot.mouseClick(ws.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["导出列表"]
    assert ws.last_message == f"已导出 4 行到 {target}"

    read = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert read[0] == shown[0]
    assert len(read) == len(shown)
    for got, want in zip(read[1:], shown[1:], strict=True):
        assert len(got) == len(want)
        assert all(as_shown(g, w) for g, w in zip(got, want, strict=True)), (got, want)
    # Typed where the list shows numbers and times: counts are numbers, the update time a date-time.
    first = read[1]
    assert isinstance(first[0], int | float)
    assert isinstance(first[shown[0].index("更新时间")], datetime)
    assert first[shown[0].index("统一社会信用代码")] in ("", HUAWEI_USCC, HUTOOL_USCC)


def test_export_to_csv_keeps_the_shown_texts(
    qtbot: QtBot, sctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seed_enterprises(sctx)
    ws = EnterprisesWorkspace(sctx)
    show(qtbot, ws)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 5)
    save_dialog_answers(monkeypatch, tmp_path / "企业", selected="CSV 文件（UTF-8） (*.csv)")
    ws.export_button.click()
    target = tmp_path / "企业.csv"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(shown_rows(ws)[0])
    assert len(lines) == 6


@pytest.mark.parametrize(
    "workspace", [EnterprisesWorkspace, TechnologiesWorkspace, NeedsWorkspace, VisitsWorkspace]
)
def test_import_opens_from_the_toolbar_with_the_list_kind(
    qtbot: QtBot, ctx: AppContext, workspace: Callable[[AppContext], ListWorkspace]
) -> None:
    ws = workspace(ctx)
    show(qtbot, ws)
    assert ws.import_button is not None and ws.import_button.isVisible()
    qtbot.mouseClick(ws.import_button, Qt.MouseButton.LeftButton)
    wizard = ws.import_wizard
    assert isinstance(wizard, ImportWizard)
    qtbot.waitUntil(wizard.isVisible)
    assert wizard.file_page.kind.currentData() == ws.kind
    wizard.reject()


def test_lists_files_cannot_fill_export_but_do_not_import(qtbot: QtBot, ctx: AppContext) -> None:
    ws = ContractsWorkspace(ctx)
    show(qtbot, ws)
    assert ws.import_button is None
    assert ws.export_button.isVisible()


def test_an_import_from_the_toolbar_refreshes_the_list(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    ws = EnterprisesWorkspace(ctx)
    show(qtbot, ws)
    qtbot.waitUntil(lambda: ws.model.total == 0)
    source = tmp_path / "企业.csv"
    source.write_text(
        f"单位名称,信用代码\n宁波甲材料有限公司,{HUAWEI_USCC}\n宁波乙化工有限公司,{HUTOOL_USCC}\n",
        encoding="gbk",
    )
    assert ws.import_button is not None
    ws.import_button.click()
    wizard = ws.import_wizard
    assert isinstance(wizard, ImportWizard)
    wizard.set_file(source)
    wizard.next()  # file → sheet
    wizard.next()  # sheet → mapping
    wizard.next()  # mapping → preview
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20000)
    wizard.next()  # preview → import
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=20000)
    # Nobody told the list: the change bus did.
    qtbot.waitUntil(lambda: ws.model.total == 2, timeout=10000)
    assert sorted(ws.model.data(ws.model.index(r, 0)) for r in range(2)) == [
        "宁波乙化工有限公司",
        "宁波甲材料有限公司",
    ]


def test_period_report_from_the_today_page(
    qtbot: QtBot, sctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with sctx.store.session() as s:
        make_chain(s)  # a visit on 2026-03-05, a contract signed on 2026-03-20
    today = TodayWorkspace(sctx)
    today.today_override = date(2026, 3, 17)
    show(qtbot, today)
    qtbot.mouseClick(today.report_button, Qt.MouseButton.LeftButton)
    dialog = today.report_dialog
    assert dialog is not None and dialog.isVisible()
    # The month of the day the page shows.
    assert dialog.start.date().toPython() == date(2026, 3, 1)
    assert dialog.end.date().toPython() == date(2026, 3, 31)
    target = tmp_path / "报表"
    save_dialog_answers(monkeypatch, target)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    written = tmp_path / "报表.xlsx"
    assert dialog.saved == written
    assert str(written) in dialog.message.text()
    book = CalamineWorkbook.from_path(str(written))
    assert book.sheet_names == ["汇总", "走访", "需求", "对接", "合同", "到账", "奖励申请"]
    visits = book.get_sheet_by_name("走访").to_python()
    assert visits[1][1] == "宁波材料科技有限公司"
    contracts = book.get_sheet_by_name("合同").to_python()
    assert len(contracts) >= 2 and contracts[-1][0] == "合计"


def test_file_menu_imports_exports_and_reports(
    qtbot: QtBot, sctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui.mainwindow import MainWindow

    seed_enterprises(sctx)
    window = MainWindow(sctx)
    qtbot.addWidget(window)
    window.show()
    texts = [a.text() for a in window.menus["file"].actions() if a.text()]
    assert texts == ["导入…", "导出当前列表…", "导出期间报表…", "退出"]
    assert window.import_action.shortcut().toString() == "Ctrl+I"

    window.menus["file"].aboutToShow.emit()  # on Today: nothing to export
    assert not window.export_action.isEnabled()
    ws = window.show_workspace("needs")
    assert isinstance(ws, NeedsWorkspace)
    window.import_action.trigger()
    assert isinstance(ws.import_wizard, ImportWizard)
    assert ws.import_wizard.file_page.kind.currentData() == "need"
    ws.import_wizard.reject()

    firms = window.show_workspace("enterprises")
    assert isinstance(firms, EnterprisesWorkspace)
    window.menus["file"].aboutToShow.emit()
    assert window.export_action.isEnabled()
    target = tmp_path / "企业.xlsx"
    save_dialog_answers(monkeypatch, target)
    window.export_action.trigger()
    assert window.statusBar().currentMessage() == f"已导出 5 行到 {target}"
    assert len(CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()) == 6

    window.report_action.trigger()
    dialog = window.findChild(QWidget, "periodReportDialog")
    assert dialog is not None and dialog.isVisible()
    first = sctx.clock.today().replace(day=1)
    assert dialog.start.date().toPython() == first  # type: ignore[attr-defined]
    dialog.close()
