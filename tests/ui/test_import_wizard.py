"""The import wizard driven like a user: choose a file, check the mapping, preview, import, and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import xlsxwriter
from pytestqt.qtbot import QtBot
from sqlmodel import func, select

from tests.workbench.factories import HUAWEI_USCC, HUTOOL_USCC
from ui.context import AppContext
from ui.import_wizard import ImportWizard
from workbench.models import Enterprise


def workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("企业名单")
    ws.write_row(0, 0, ["2026 年走访企业"])
    ws.write_row(2, 0, ["单位名称", "信用代码", "区县", "行业", "联系人"])
    ws.write_row(3, 0, ["宁波甲新材料有限公司", HUAWEI_USCC, "北仑区", "橡胶和塑料制品业", "张三"])
    ws.write_row(4, 0, ["宁波乙化工有限公司", HUTOOL_USCC, "镇海区", "C2614", "李四"])
    ws.write_row(5, 0, ["坏数据公司", "9.14403E+17", "火星", "", ""])
    book.close()
    return path


def enterprises(ctx: AppContext) -> int:
    with ctx.store.session() as s:
        return int(s.exec(select(func.count()).select_from(Enterprise)).one())


def to_preview(qtbot: QtBot, ctx: AppContext, path: Path) -> ImportWizard:
    wizard = ImportWizard(ctx, kind="enterprise")
    qtbot.addWidget(wizard)
    wizard.set_file(path)
    wizard.show()
    wizard.next()  # file → sheet
    assert wizard.currentPage() is wizard.sheet_page
    wizard.next()  # sheet → mapping
    assert wizard.currentPage() is wizard.mapping_page
    return wizard


def test_mapping_preview_and_import(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wizard = to_preview(qtbot, ctx, workbook(tmp_path / "企业.xlsx"))
    page = wizard.mapping_page
    chosen = [c.currentData() for c in page.combos]
    assert chosen == ["name", "uscc", "division_code", "industry_code", ""]
    assert "第 3 行" in page.note.text()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20000)
    assert "共 3 行：新增 2，更新 0，无变化 0，有错误 1" in preview.summary.text()
    items = [preview.table.item(r, 3) for r in range(preview.table.rowCount())]
    cells = [i.text() for i in items if i is not None]
    assert any("科学计数法" in c for c in cells) and any("无法识别的地区“火星”" in c for c in cells)
    assert not preview.isComplete()  # invalid rows: nothing imports unless asked
    preview.valid_only.setChecked(True)
    assert preview.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=20000)
    assert "导入完成：新增 2" in wizard.import_page.status.text()
    assert enterprises(ctx) == 2


def test_a_corrected_mapping_is_used_and_remembered(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    path = workbook(tmp_path / "企业.xlsx")
    wizard = to_preview(qtbot, ctx, path)
    combo = wizard.mapping_page.combos[1]
    combo.setCurrentIndex(0)  # the user says: do not import the code column
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20000)
    assert "未导入的列：信用代码" in wizard.preview_page.summary.text()
    plan = wizard.plan
    assert plan is not None
    assert not any("科学计数法" in r.problems[0].message for r in plan.rows if r.problems)
    wizard.preview_page.valid_only.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=20000)
    again = to_preview(qtbot, ctx, path)
    assert again.mapping_page.combos[1].currentData() == ""
    assert "上次保存" in again.mapping_page.note.text()


def test_cancel_during_import_writes_nothing(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["企业名称", "备注"])
    for i in range(1, 1500):
        ws.write_row(i, 0, [f"公司{i:04d}", "x"])
    book.close()
    wizard = to_preview(qtbot, ctx, path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=30000)
    page = wizard.import_page
    # Hold the pool's only thread, so the import waits in the queue while the user presses Cancel.
    gate = threading.Event()
    ctx.tasks.pool.setMaxThreadCount(1)
    ctx.tasks.start(lambda _p, _c: gate.wait(10))
    wizard.next()
    page._cancel()
    gate.set()
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert "导入已取消" in page.status.text() and "没有写入任何数据" in page.status.text()
    assert enterprises(ctx) == 0


def test_a_file_that_is_not_a_spreadsheet_is_explained_on_the_first_page(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    fake = tmp_path / "x.xlsx"
    fake.write_bytes(b"%PDF-1.4" + bytes(100))
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.set_file(fake)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "不是 Excel/WPS 表格文件" in wizard.file_page.error.text()


def test_export_list_and_period_report_dialog(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    from datetime import date

    import python_calamine as pc

    from ui.import_wizard.exports import PeriodReportDialog, export_list

    with ctx.store.session() as s:
        from tests.workbench.factories import make_enterprise

        make_enterprise(s)
    messages: list[str] = []
    target = tmp_path / "企业.xlsx"
    export_list(ctx, None, "enterprise", text="材料", path=target, on_done=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert messages == [f"已导出 1 行到 {target}"]
    rows = pc.CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "宁波材料科技有限公司"
    export_list(ctx, None, "enterprise", path=tmp_path / "无此目录" / "x.xlsx", on_done=messages.append)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=20000)
    assert "无法写入" in messages[1]
    dialog = PeriodReportDialog(ctx, today=date(2026, 11, 1))
    qtbot.addWidget(dialog)
    dialog.write(tmp_path / "报表.xlsx")
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20000)
    assert "报表已保存" in dialog.message.text()
    assert pc.CalamineWorkbook.from_path(str(tmp_path / "报表.xlsx")).sheet_names[0] == "汇总"
