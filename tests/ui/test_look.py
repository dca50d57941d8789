"""How the workbench looks at a laptop's size: whole headings, key columns in view, names not codes,
status badges, a menu bar with the usual entries, and the pipeline's red only where it means something."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QStyle, QTableView
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.listview import ListWorkspace
from ui.mainwindow import MainWindow
from workbench import demo, i18n

# Columns a broker needs in view without scrolling sideways, per list (the findings).
KEY_COLUMNS = {
    "enterprises": ["name", "division", "industry"],
    "visits": ["enterprise", "attendees"],
    "needs": ["title", "status", "own_funds", "filing_no", "matches"],
    "technologies": ["title", "patents"],
    "contracts": ["title", "status", "registration", "total"],
    "claims": ["claim_no", "status", "policy"],
}


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication, tmp_path: Path) -> Iterator[str]:
    from ui.app import install_translators

    lang = request.param
    installed = install_translators(qapp, lang, tmp_path / "cache") if lang == "en" else []
    try:
        yield lang
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
            translator.deleteLater()
        i18n.set_language("zh_CN")


@pytest.fixture
def window_size() -> tuple[int, int]:
    return (1440, 900)


@pytest.fixture
def demo_window(qtbot: QtBot, ctx: AppContext, window_size: tuple[int, int]) -> MainWindow:
    demo.generate(ctx.store, technologies=60, enterprises=14, seed=2026)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*window_size)
    window.show()
    qtbot.waitExposed(window)
    return window


def _fitted_list(qtbot: QtBot, window: MainWindow, key: str) -> ListWorkspace:
    ws = window.show_workspace(key)
    assert isinstance(ws, ListWorkspace)
    qtbot.waitUntil(lambda: ws.model.rowCount() > 0 and ws._fitted, timeout=10000)
    return ws


@pytest.mark.parametrize("window_size", [(1440, 900), (1280, 800)])
@pytest.mark.parametrize("language", ["zh_CN", "en"], indirect=True)
def test_no_list_heading_is_elided_or_scrolls_sideways_at_laptop_sizes(
    qtbot: QtBot, demo_window: MainWindow, language: str, window_size: tuple[int, int]
) -> None:
    """At 1440x900 and 1280x800, first start: every heading whole, key columns in view, no sideways scroll."""
    for key, wanted in KEY_COLUMNS.items():
        ws = _fitted_list(qtbot, demo_window, key)
        header = ws.view.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        keys = [c.key for c in ws.model.columns]
        for column in range(len(keys)):
            if ws.view.isColumnHidden(column):
                continue
            text = str(ws.model.headerData(column, Qt.Orientation.Horizontal))
            assert metrics.horizontalAdvance(text) + 2 * margin <= header.sectionSize(column), (
                f"{language} {key}: heading {text!r} is elided ({header.sectionSize(column)} px)"
            )
        viewport = ws.view.viewport().width()
        for name in wanted:
            column = keys.index(name)
            assert not ws.view.isColumnHidden(column), f"{key}: {name} hidden by default"
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert right <= viewport + 1, f"{language} {key}: {name} needs a sideways scroll"
        shown = sum(header.sectionSize(c) for c in range(len(keys)) if not ws.view.isColumnHidden(c))
        assert shown <= viewport + 1, f"{language} {key}: the list scrolls sideways ({shown} > {viewport} px)"
        assert not ws.view.horizontalScrollBar().isVisible(), f"{language} {key}: sideways scroll bar"
    # The payments table in the contract pane: every heading whole ("Bank reference" was cut).
    contracts = _fitted_list(qtbot, demo_window, "contracts")
    pane = contracts.detail_pane  # type: ignore[attr-defined]
    paid = next(
        r for r in range(contracts.model.rowCount()) if contracts.model.cell(r, "status") != _status("signed")
    )
    contracts.view.selectRow(paid)
    qtbot.waitUntil(lambda: pane.payments_model.rowCount() > 0)
    qtbot.waitUntil(lambda: not _elided(pane.payments), timeout=3000)
    assert not pane.payments.horizontalScrollBar().isVisible(), f"{language}: payments scroll sideways"


def _status(value: str) -> str:
    from workbench.queries.contracts import ContractStatus

    return ContractStatus(value).label


def _elided(view: QTableView) -> list[str]:
    """Headings of ``view`` narrower than their text needs (the same measure as the lists above)."""
    header = view.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    model = view.model()
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    needed = [metrics.horizontalAdvance(t) + 2 * margin for t in texts]
    return [t for c, t in enumerate(texts) if needed[c] > header.sectionSize(c)]


@pytest.mark.parametrize("language", ["zh_CN", "en"], indirect=True)
def test_contracts_list_shows_each_contracts_status_as_a_coloured_badge(
    qtbot: QtBot, demo_window: MainWindow, language: str
) -> None:
    from ui.style import badge_colours
    from workbench.queries.contracts import ContractStatus

    ws = _fitted_list(qtbot, demo_window, "contracts")
    keys = [c.key for c in ws.model.columns]
    assert not any(ws.view.isColumnHidden(keys.index(k)) for k in ("status", "total"))
    labels = {ws.model.cell(r, "status") for r in range(ws.model.rowCount())}
    known = {s.label: s for s in ContractStatus}
    assert labels <= set(known) and len(labels) >= 2, labels  # the demo's contracts stand at different steps
    if language == "en":
        assert labels & {"Registered", "Partly paid", "Paid in full", "Reward claimed", "Reward paid"}
    ws.view.clearSelection()
    column = keys.index("status")
    for row in range(ws.model.rowCount()):
        status = known[ws.model.cell(row, "status")]
        rect = ws.view.visualRect(ws.model.index(row, column))
        image: QImage = ws.view.viewport().grab(rect).toImage()
        colours = {image.pixelColor(x, image.height() // 2).name() for x in range(image.width())}
        assert badge_colours(status.value)[0] in colours, f"{status.label}: no badge of its colour"


def test_enterprise_list_and_form_show_names_not_codes(qtbot: QtBot, demo_window: MainWindow) -> None:
    ws = _fitted_list(qtbot, demo_window, "enterprises")
    divisions = {ws.model.cell(r, "division") for r in range(ws.model.rowCount())}
    industries = {ws.model.cell(r, "industry") for r in range(ws.model.rowCount())}
    assert "镇海区" in divisions and not any(d.isdigit() for d in divisions)
    assert any(i.startswith("C") and " " in i for i in industries)
    assert all(len(i.split(" ", 1)) == 2 for i in industries if i), industries

    from ui.editors import CodePicker
    from ui.forms import EntityFormDialog
    from ui.workspaces.enterprises import enterprise_fields
    from workbench.services import ENTERPRISES

    ident = ws.model.id_at(0)
    dialog = EntityFormDialog(ws.ctx, ENTERPRISES, enterprise_fields(), title="x", record_id=ident, parent=ws)
    picker = dialog.rows["industry_code"].editor
    assert isinstance(picker, CodePicker)
    shown = picker.currentText()
    assert shown.split(" ", 1)[0] == dialog.rows["industry_code"].value() and " " in shown
    # Searching by name finds the code: typing 汽车 offers 汽车零部件及配件制造.
    labels = [picker.itemText(i) for i in range(picker.count())]
    assert "C3670 汽车零部件及配件制造" in labels
    picker.setCurrentIndex(labels.index("C3670 汽车零部件及配件制造"))
    assert dialog.rows["industry_code"].value() == "C3670"
    division = dialog.rows["division_code"].editor
    assert isinstance(division, CodePicker)
    assert "330206 北仑区" in [division.itemText(i) for i in range(division.count())]


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_enterprise_list_names_industries_in_english(
    qtbot: QtBot, demo_window: MainWindow, language: str
) -> None:
    ws = _fitted_list(qtbot, demo_window, "enterprises")
    industries = [ws.model.cell(r, "industry") for r in range(ws.model.rowCount())]
    assert all(i.isascii() for i in industries), industries  # no Chinese name left in the English list
    # The list drops the "Manufacture of" every English name starts with, so cut-off cells differ.
    assert "C3670 Auto parts and accessories" in industries
    assert not any(i.split(" ", 1)[1].startswith("Manufacture") for i in industries if " " in i)
    divisions = {ws.model.cell(r, "division") for r in range(ws.model.rowCount())}
    assert "Zhenhai District" in divisions
    # The pane gives the full name, as the standard words it.
    row = industries.index("C3670 Auto parts and accessories")
    ws.view.selectRow(row)
    pane = ws.detail_pane  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "C3670 Manufacture of auto parts and accessories" in pane.facts.text())


def test_status_cells_are_painted_as_coloured_badges(qtbot: QtBot, demo_window: MainWindow) -> None:
    from ui.style import badge_colours

    ws = _fitted_list(qtbot, demo_window, "claims")
    column = [c.key for c in ws.model.columns].index("status")
    rows = ws.model.rowCount()
    paid = next(r for r in range(rows) if ws.model.cell(r, "status") == "已发放")
    ws.view.clearSelection()
    rect = ws.view.visualRect(ws.model.index(paid, column))
    image: QImage = ws.view.viewport().grab(rect).toImage()
    background, _text = badge_colours("paid")
    colours = {image.pixelColor(x, image.height() // 2).name() for x in range(image.width())}
    assert background in colours, "the 已发放 cell has no green badge"
    returned = badge_colours("rejected")[0]
    assert returned not in colours


def test_menu_bar_has_file_edit_view_help_quit_about_and_shortcuts(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    titles = [a.text().replace("&", "") for a in demo_window.menuBar().actions()]
    assert titles == ["文件(F)", "编辑(E)", "视图(V)", "帮助(H)"]
    assert demo_window.quit_action.shortcut().toString() == "Ctrl+Q"
    rows = dict((keys, what) for what, keys in demo_window.shortcut_rows())
    assert rows["Ctrl+Q"] == "退出" and rows["Ctrl+K"].startswith("全局搜索") and "Ctrl+1" in rows
    from ui.about import about_text

    text = about_text()
    assert "Lucide" in text and "ISC" in text and "Apache" in text and "PySide6" in text
    assert (Path(__file__).parents[2] / "resources" / "icons" / "lucide" / "LICENSE").exists()
    demo_window.quit_action.trigger()
    assert not demo_window.isVisible()


def test_navigation_has_icons_and_no_focus_rectangle(demo_window: MainWindow) -> None:
    assert demo_window.nav.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert all(not demo_window.nav.item(i).icon().isNull() for i in range(demo_window.nav.count()))
    technologies = next(
        demo_window.nav.item(i).text()
        for i in range(demo_window.nav.count())
        if demo_window.nav.item(i).data(Qt.ItemDataRole.UserRole) == "technologies"
    )
    ws = demo_window.show_workspace("technologies")
    assert isinstance(ws, ListWorkspace)
    assert technologies == ws.title.text() == "技术成果"


def test_pipeline_red_means_stale_for_the_stage_and_no_empty_detail(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    from workbench.queries.pipeline import is_stale

    assert not is_stale("contracted", 400) and not is_stale("dropped", 400)
    assert is_stale("candidate", 20) and not is_stale("negotiating", 20)
    ws = demo_window.show_workspace("pipeline")
    columns = ws.columns  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: all(c.model.total is not None for c in columns.values()), timeout=10000)
    assert not ws.detail.isVisible()  # type: ignore[attr-defined]
    board_right = max(c.mapTo(ws, c.rect().topRight()).x() for c in columns.values())
    assert board_right <= ws.width(), "the 已放弃 column is cut off at 1440 px"
    column = next(c for c in columns.values() if c.model.rowCount())
    ws.select_match(column, 0)  # type: ignore[attr-defined]
    qtbot.waitUntil(ws.detail.isVisible)  # type: ignore[attr-defined]


def test_dates_are_picked_from_a_calendar_on_the_app_clock(qtbot: QtBot, ctx: AppContext) -> None:
    from datetime import date

    from ui.editors import DateEdit

    edit = DateEdit(today=lambda: date(2026, 11, 1))
    qtbot.addWidget(edit)
    assert edit.button.text() != "…" and not edit.button.icon().isNull()
    edit._sync_calendar()
    assert edit.calendar.selectedDate().toPython() == date(2026, 11, 1)
    edit.setText("2026/3/5")
    edit._sync_calendar()
    assert edit.calendar.selectedDate().toPython() == date(2026, 3, 5)


def test_english_lists_use_commas_and_returned_is_one_word(language_en: None) -> None:
    from workbench.enums import ClaimStatus

    assert i18n.join_list(["Transfer", "Equity"]) == "Transfer, Equity"
    assert ClaimStatus.REJECTED.label == "Returned"
    assert QCoreApplication.translate("ClaimDetail", "标记为已发放") == "Mark as paid"


@pytest.fixture
def language_en(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    from ui.app import install_translators

    installed = install_translators(qapp, "en", tmp_path / "cache")
    try:
        yield None
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
            translator.deleteLater()
        i18n.set_language("zh_CN")


def test_completer_popup_shows_its_last_row_whole(qtbot: QtBot, ctx: AppContext) -> None:
    from ui.editors import ReferenceEdit

    names = [("a", "宁波材料科技有限公司"), ("b", "Ningbo Materials Co."), ("c", "镇海 ABC 新材料 (Zhenhai)")]
    edit = ReferenceEdit(ctx, lambda _s, _text: names)
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit, "n")
    completer = edit.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    # Qt sizes the popup from the first row; where a later row is taller (a fallback font) it is cut.
    # Shrink it as that would, then the app's fit must give the last row its room back.
    from ui.editors import fit_popup

    popup.resize(popup.width(), popup.sizeHintForRow(0) * 2)
    fit_popup(completer)
    model = popup.model()
    last = popup.visualRect(model.index(model.rowCount() - 1, 0))
    assert last.bottom() <= popup.viewport().height(), "the last suggestion is clipped"


def test_a_long_project_title_and_reason_for_return_wrap_instead_of_widening_the_claim_pane(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """A returned claim with a long contract title and reason keeps the claim pane narrow enough at
    1280x800 that the claims list does not scroll sideways."""
    from tests.workbench.factories import ALL_REQUIRED, make_chain
    from ui.workspaces.claims import ClaimsWorkspace
    from workbench.services import CLAIMS

    # Under 40 characters each: the fact grid wraps only longer values by itself.
    title = "高性能碳纤维增强热塑性复合材料快速模压成型技术专利权许可"
    reason = "技术交易额与认定登记证明不一致，且缺少银行到款凭证原件，请核对"
    with ctx.store.session() as s:
        chain = make_chain(s, title=title)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id)
        CLAIMS.update_draft(s, claim.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, claim.id)
        CLAIMS.reject(s, claim.id, reason=reason)
    ws = ClaimsWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1100, 760)  # the workspace's share of a 1280x800 window, beside the navigation
    ws.show()
    qtbot.waitExposed(ws)
    qtbot.waitUntil(lambda: ws.detail_pane.claim_id == claim.id and ws._fitted, timeout=5000)
    pane = ws.detail_pane
    assert f"退回原因：{reason}" in pane.facts.text() and title in pane.facts.text()
    qtbot.waitUntil(lambda: pane.facts.minimumSizeHint().width() > 0)  # its labels show on the next turn
    assert pane.minimumSizeHint().width() <= 420, f"pane needs {pane.minimumSizeHint().width()} px"
    qtbot.waitUntil(lambda: not ws.view.horizontalScrollBar().isVisible(), timeout=3000)
    assert ws.splitter.sizes()[0] >= ws.splitter.width() * 3 // 5 - 2, "the pane pushed the list aside"
