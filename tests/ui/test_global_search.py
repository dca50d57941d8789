"""Global search (Ctrl+K) from the keyboard: pinyin initials, patent and registration numbers, navigation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.typing_helpers import type_text
from tests.workbench.factories import Chain, make_chain
from ui.context import AppContext
from ui.global_search import (
    GlobalSearchDialog,
    Hit,
    SearchResultsModel,
    fallback_search,
    install_global_search,
    search_dialog_of,
    search_records,
)
from ui.mainwindow import MainWindow
from workbench.services import CONTACTS, ENTERPRISES


class StubWorkspace(QWidget):
    """A workspace that records what it was asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []
        self.opened: list[str] = []

    def select_id(self, ident: str) -> None:
        self.selected.append(ident)

    def open_record(self, ident: str) -> None:
        self.opened.append(ident)


class StubWindow(QMainWindow):
    """A main window whose workspaces are stubs, for kinds whose real workspace lives elsewhere."""

    shown = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.workspaces: dict[str, StubWorkspace] = {}

    def show_workspace(self, key: str) -> QWidget:
        self.shown.emit(key)
        return self.workspaces.setdefault(key, StubWorkspace())


def _chain(ctx: AppContext) -> Chain:
    with ctx.store.session() as s:
        return make_chain(s)


def _activate(qtbot: QtBot, window: QWidget) -> None:
    """Shortcuts fire only in the active window; the offscreen platform activates on request only."""
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


def _open(qtbot: QtBot, window: QMainWindow, ctx: AppContext) -> GlobalSearchDialog:
    action = install_global_search(window, ctx)
    window.show()
    qtbot.waitExposed(window)
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = search_dialog_of(action)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.edit.hasFocus() or dialog.edit.isVisible()
    return dialog


def _search(qtbot: QtBot, dialog: GlobalSearchDialog, text: str) -> list[Hit]:
    dialog.edit.clear()
    type_text(qtbot, dialog.edit, text)
    qtbot.waitUntil(lambda: dialog._answered == text, timeout=5000)
    return [h for r in range(dialog.model.rowCount()) if (h := dialog.model.hit(r)) is not None]


def test_results_model_passes_the_model_tester(qtmodeltester: ModelTester, ctx: AppContext) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_hits(
        [
            Hit("contract", "k1", "碳纤维复合材料成型技术转让", "33021120260312"),
            Hit("enterprise", "e1", "宁波材料科技有限公司", "914403001922038216"),
            Hit("enterprise", "e2", "宁波北仑港机有限公司"),
            Hit("technology", "t1", "碳纤维增强热塑性复合材料快速成型技术", "201811564288.X"),
        ]
    )
    qtmodeltester.check(model)
    # Grouped in the fixed kind order, each group under a header that cannot be selected.
    rows = [(model.is_header(r), model.data(model.index(r, 0))) for r in range(model.rowCount())]
    assert (
        rows[0] == (True, "企业（2）")
        and rows[3] == (True, "技术成果（1）")
        and rows[5] == (True, "合同（1）")
    )
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.data(model.index(1, 0), SearchResultsModel.DetailRole) == "914403001922038216"
    assert model.hit_count() == 4


def test_pinyin_initials_find_the_enterprise_and_enter_opens_it(qtbot: QtBot, ctx: AppContext) -> None:
    chain = _chain(ctx)
    with ctx.store.session() as s:
        ENTERPRISES.create(s, {"name": "北仑汽车零部件有限公司"})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = _open(qtbot, window, ctx)
    hits = _search(qtbot, dialog, "nbcl")
    assert [(h.kind, h.title) for h in hits] == [("enterprise", "宁波材料科技有限公司")]
    assert dialog.current_hit() == hits[0]  # the first hit is ready for Enter
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    workspace = window.workspaces.get("enterprises")
    assert workspace is not None and window.pages.currentWidget() is workspace
    qtbot.waitUntil(lambda: workspace.selected_ids() == [chain.enterprise.id])  # type: ignore[attr-defined]


def test_a_patent_number_finds_the_technology_in_any_common_form(
    qtbot: QtBot, ctx: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    chain = _chain(ctx)
    window = StubWindow()
    qtbot.addWidget(window)
    dialog = _open(qtbot, window, ctx)
    for typed in ("201811564288", "ZL201811564288.X", "2018115642"):
        hits = _search(qtbot, dialog, typed)
        assert ("technology", chain.technology.id) in {(h.kind, h.id) for h in hits}, typed
    tech = next(h for h in hits if h.kind == "technology")
    assert "201811564288" in tech.detail
    with qtbot.waitSignal(window.shown) as shown:
        row = next(r for r in range(dialog.model.rowCount()) if dialog.model.hit(r) == tech)
        while dialog.current_row() != row:
            qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Enter)
    assert shown.args == ["technologies"]
    assert window.workspaces["technologies"].selected == [chain.technology.id]
    # Found by the full-text index itself, not by the fallback after a failure.
    assert not [r for r in caplog.records if r.name == "ui.global_search"]


def test_a_registration_number_finds_the_contract_and_navigates(qtbot: QtBot, ctx: AppContext) -> None:
    chain = _chain(ctx)
    assert chain.contract is not None
    window = StubWindow()
    qtbot.addWidget(window)
    dialog = _open(qtbot, window, ctx)
    hits = _search(qtbot, dialog, "33021120260312")
    assert [(h.kind, h.id, h.detail) for h in hits] == [("contract", chain.contract.id, "33021120260312")]
    with qtbot.waitSignal(window.shown) as shown:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert shown.args == ["contracts"]
    assert window.workspaces["contracts"].selected == [chain.contract.id]


def test_arrows_move_across_groups_skipping_headers(qtbot: QtBot, ctx: AppContext) -> None:
    chain = _chain(ctx)
    with ctx.store.session() as s:
        CONTACTS.create(s, {"enterprise_id": chain.enterprise.id, "name": "宁工", "mobile": "13957400003"})
    window = StubWindow()
    qtbot.addWidget(window)
    dialog = _open(qtbot, window, ctx)
    hits = _search(qtbot, dialog, "宁")
    kinds = [h.kind for h in hits]
    assert {"enterprise", "contact"} <= set(kinds)
    visited = [dialog.current_hit()]
    for _ in range(len(hits) + 2):  # past the end it stays on the last hit
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
        visited.append(dialog.current_hit())
    assert all(h is not None for h in visited)
    assert [h for h in dict.fromkeys(visited)] == hits
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    assert dialog.current_hit() == hits[-2]
    # A contact is shown with its enterprise.
    contact = next(h for h in hits if h.kind == "contact")
    while dialog.current_hit() != contact:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    with qtbot.waitSignal(window.shown) as shown:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert shown.args == ["enterprises"]
    assert window.workspaces["enterprises"].selected == [chain.enterprise.id]


def test_typing_on_drops_answers_to_earlier_text(qtbot: QtBot, ctx: AppContext) -> None:
    _chain(ctx)
    dialog = GlobalSearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.edit, "nb")
    generation = dialog._generation
    type_text(qtbot, dialog.edit, "cl")
    # An answer to "nb" that arrives after "cl" was typed is ignored.
    dialog._show_hits(generation, "nb", [Hit("enterprise", "x", "旧结果")])
    assert dialog.model.hit_count() == 0 and dialog._answered == ""
    qtbot.waitUntil(lambda: dialog._answered == "nbcl", timeout=5000)
    assert [dialog.model.hit(r).title for r in range(dialog.model.rowCount()) if dialog.model.hit(r)] == [  # type: ignore[union-attr]
        "宁波材料科技有限公司"
    ]
    assert dialog.status.text() == "找到 1 条"
    dialog.edit.clear()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    type_text(qtbot, dialog.edit, "没有这家")
    qtbot.waitUntil(lambda: dialog._answered == "没有这家", timeout=5000)
    assert "没有找到" in dialog.status.text()


def test_the_simple_search_finds_the_same_records_without_the_index(ctx: AppContext) -> None:
    """The LIKE fallback used when the full-text index is missing or fails."""
    chain = _chain(ctx)
    assert chain.contract is not None
    with ctx.store.session() as s:
        found: dict[str, list[tuple[str, str]]] = {
            text: [(h.kind, h.id) for h in fallback_search(s, text)]
            for text in ("nbcl", "ZL201811564288.X", "201811564288X", "33021120260312", "李工")
        }
        contact_id = CONTACTS.list(s).rows[0].id
    # (the needs list also matches its enterprise's name, so the firm's need may come along)
    assert [f for f in found["nbcl"] if f[0] == "enterprise"] == [("enterprise", chain.enterprise.id)]
    assert found["ZL201811564288.X"] == [("technology", chain.technology.id)]
    assert found["201811564288X"] == [("technology", chain.technology.id)]
    assert found["33021120260312"] == [("contract", chain.contract.id)]
    assert found["李工"] == [("contact", contact_id)]


def test_a_failing_index_falls_back_to_the_simple_search(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    chain = _chain(ctx)
    import workbench.search.global_search as core_search

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("index damaged")

    monkeypatch.setattr(core_search, "global_search", broken)
    with ctx.store.session() as s:
        hits = search_records(s, "ZL201811564288.X")
    assert [(h.kind, h.id) for h in hits] == [("technology", chain.technology.id)]
    assert "full-text search failed" in caplog.text


def test_escape_closes_and_ctrl_k_reopens_with_the_text_selected(qtbot: QtBot, ctx: AppContext) -> None:
    _chain(ctx)
    window = StubWindow()
    qtbot.addWidget(window)
    dialog = _open(qtbot, window, ctx)
    _search(qtbot, dialog, "nbcl")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.edit.selectedText() == "nbcl"
