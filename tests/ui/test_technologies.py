"""Technologies workspace: the form with patent numbers, bad input, matched needs and queries per page."""

from __future__ import annotations

import sys
import threading
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from tests.ui.typing_helpers import click, keep_out_of_prompts, type_text
from tests.workbench.factories import make_chain
from ui.context import AppContext
from ui.workspaces.technologies import TechnologiesWorkspace, TechnologyForm
from workbench.services import INSTITUTIONS, TECHNOLOGIES


def _workspace(qtbot: QtBot, ctx: AppContext) -> TechnologiesWorkspace:
    ws = TechnologiesWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    qtbot.waitUntil(lambda: ws.model.total is not None)
    return ws


def _save(form: TechnologyForm) -> None:
    save = form.buttons.button(form.buttons.StandardButton.Save)
    assert save is not None
    click(save)


def _seed(ctx: AppContext, n: int) -> None:
    with ctx.store.session() as s:
        insts = [
            INSTITUTIONS.create(s, {"name": f"研究院{i}", "institution_kind": "institute"}) for i in range(5)
        ]
        for i in range(n):
            data: dict[str, Any] = {"title": f"成果{i:03d}", "institution_id": insts[i % 5].id}
            if i % 2 == 0:
                data["patents"] = "ZL201811564288.X\nZL202110049384.6" if i % 4 == 0 else "ZL201811564288.X"
            TECHNOLOGIES.create(s, data)


@contextmanager
def _counting(ctx: AppContext) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(ctx.store.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(ctx.store.engine, "before_cursor_execute", count)


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext) -> None:
    _seed(ctx, 30)
    ws = _workspace(qtbot, ctx)
    qtmodeltester.check(ws.model)
    assert ws.model.rowCount() == 30


def test_a_page_costs_the_same_few_queries_whatever_its_size(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx, 120)
    ws = _workspace(qtbot, ctx)
    for size in (10, 100):
        ws.model.page_size = size
        with _counting(ctx) as statements:
            page = ws.model._query(ws.model._generation, 0, with_total=True)
        assert len(page.ids) == size
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        # the rows, the total, the owners' names, the patents and whether the laptop syncs (then whose
        # rows are someone else's): never one query per row
        assert len(selects) == 5, selects
    cells = dict(zip(page.ids, page.cells, strict=True))
    patents = next(i for i, c in enumerate(ws.model.columns) if c.key == "patents")
    shown = {c[patents] for c in cells.values()}
    assert shown == {"ZL201811564288.X 等 2 项", "ZL201811564288.X", ""}


def test_create_with_patents_typed_the_way_people_type_them(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        INSTITUTIONS.create(s, {"name": "宁波大学", "institution_kind": "university"})
    ws = _workspace(qtbot, ctx)
    click(ws.new_button)
    form = ws.forms[-1]
    type_text(qtbot, form.rows["title"].editor, "碳纤维增强热塑性复合材料快速成型技术")
    type_text(qtbot, form.rows["institution_id"].editor, "宁波大学")
    type_text(qtbot, form.rows["patents"].editor, "ZL 2018 1 1564288.X")
    QTest.keyClick(form.rows["patents"].editor, Qt.Key.Key_Return)
    type_text(qtbot, form.rows["patents"].editor, "ＺＬ２０１９１０６０３５６５．１")
    type_text(qtbot, form.rows["asking_price_fen"].editor, "300,000")
    box = form.findChild(QCheckBox, "choice_licence")
    assert box is not None
    click(box)
    _save(form)
    assert not form.isVisible()
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert ws.model.cell(0, "patents") == "ZL201811564288.X 等 2 项"
    assert ws.model.cell(0, "institution") == "宁波大学"
    assert ws.model.cell(0, "price") == "30" and ws.model.cell(0, "transfer_modes") == "许可"
    with ctx.store.session() as s:
        tech = TECHNOLOGIES.list(s).rows[0]
        assert [p.number for p in TECHNOLOGIES.patents(s, tech.id)] == ["201811564288.X", "201910603565.1"]
        assert tech.transfer_modes == ["licence"]


def test_a_bad_patent_number_is_named_at_the_field_and_nothing_is_saved(
    qtbot: QtBot, ctx: AppContext
) -> None:
    ws = _workspace(qtbot, ctx)
    click(ws.new_button)
    form = ws.forms[-1]
    keep_out_of_prompts(form)
    type_text(qtbot, form.rows["title"].editor, "石墨烯导热膜")
    typed = "ZL201811564288.X\nZL202310123456.7"
    for i, line in enumerate(typed.split("\n")):
        if i:
            QTest.keyClick(form.rows["patents"].editor, Qt.Key.Key_Return)
        type_text(qtbot, form.rows["patents"].editor, line)
    type_text(qtbot, form.rows["asking_price_fen"].editor, "-100")
    _save(form)
    message = form.findChild(QLabel, "error_patents")
    assert message is not None and message.isVisible()
    assert "ZL202310123456.7" in message.text() and "ZL201811564288.X" not in message.text()
    price = form.findChild(QLabel, "error_asking_price_fen")
    assert price is not None and price.isVisible() and "负" in price.text()
    patents = form.rows["patents"].editor
    assert isinstance(patents, QPlainTextEdit) and patents.toPlainText() == typed
    with ctx.store.session() as s:
        assert TECHNOLOGIES.list(s).total == 0


def test_edit_shows_patents_one_per_line_and_saves_changes(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        tech = TECHNOLOGIES.create(
            s, {"title": "旧成果", "patents": "ZL201811564288.X", "transfer_modes": ["transfer", "equity"]}
        )
    ws = _workspace(qtbot, ctx)
    rect = ws.view.visualRect(ws.model.index(0, 0))
    click(ws.view.viewport(), rect.center())
    QTest.keyClick(ws.view, Qt.Key.Key_Return)
    form = ws.forms[-1]
    patents = form.rows["patents"].editor
    assert isinstance(patents, QPlainTextEdit) and patents.toPlainText() == "ZL201811564288.X"
    equity = form.findChild(QCheckBox, "choice_equity")
    assert equity is not None and equity.isChecked()
    click(equity)
    title = form.rows["title"].editor
    assert isinstance(title, QLineEdit)
    title.selectAll()
    type_text(qtbot, title, "新成果")
    _save(form)
    qtbot.waitUntil(lambda: ws.model.cell(0, "title") == "新成果")
    with ctx.store.session() as s:
        again = TECHNOLOGIES.get(s, tech.id)
        assert again.transfer_modes == ["transfer"]
        assert [p.number for p in TECHNOLOGIES.patents(s, tech.id)] == ["201811564288.X"]


def test_detail_shows_patents_and_the_needs_it_is_matched_to(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    detail = ws.detail_pane
    qtbot.waitUntil(lambda: detail.technology_id == chain.technology.id)
    assert detail.patents.item(0).text() == "ZL201811564288.X　发明"
    assert detail.needs.count() == 1
    assert "高性能碳纤维复合材料成型工艺" in detail.needs.item(0).text()
    assert chain.enterprise.name in detail.needs.item(0).text()
    assert detail.tabs.tabText(detail.needs_tab) == "已对接需求（1）"


def test_delete_and_undo(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx, 3)
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    click(ws.delete_button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 2)
    click(ws.undo_bar.button)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 3)


def test_a_who_might_want_panel_plugs_into_its_tab(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    class WhoMightWantPanel(QWidget):
        def __init__(self, store: Any, technology_id: str) -> None:
            super().__init__()
            self.store = store
            self.technology_id = technology_id

    module = types.ModuleType("ui.match_panels")
    module.WhoMightWantPanel = WhoMightWantPanel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.match_panels", module)
    _seed(ctx, 2)
    ws = _workspace(qtbot, ctx)
    ws.view.selectRow(0)
    detail = ws.detail_pane
    qtbot.waitUntil(lambda: detail.who is not None)
    first = detail.who
    assert isinstance(first, WhoMightWantPanel) and first.store is ctx.store
    assert detail.tabs.tabText(detail.who_tab) == "谁可能需要"
    ws.view.selectRow(1)
    # No method to reload it: a new panel for the new technology replaces the old one in the same tab.
    qtbot.waitUntil(lambda: detail.who is not first)
    assert isinstance(detail.who, WhoMightWantPanel) and detail.who.technology_id == ws.model.id_at(1)
    assert [detail.tabs.tabText(i) for i in range(detail.tabs.count())].count("谁可能需要") == 1


def test_typing_fast_shows_the_rows_of_the_last_text_and_no_error(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx, 120)
    ws = _workspace(qtbot, ctx)
    failures: list[BaseException] = []
    ws.model.failed.connect(failures.append)
    for text in ("成", "成果", "成果0", "成果01", "成果011"):
        ws.model.set_text(text)  # each one makes the earlier questions stale
    qtbot.waitUntil(lambda: ws.model.total == 1)
    assert ws.model.rowCount() == 1 and ws.model.cell(0, "title") == "成果011"
    ctx.tasks.wait()
    assert failures == [] and "失败" not in ws.count.text()


def test_a_stale_query_is_interrupted_not_reported(qtbot: QtBot, ctx: AppContext) -> None:
    """A query still running when the user types again stops at once and is not an error."""
    ws = _workspace(qtbot, ctx)
    model = ws.model
    generation = model._generation
    started = threading.Event()
    answers: list[Any] = []

    def endless() -> int:
        with ctx.store.session(write=False) as s, model._in_flight.track(generation, s):
            started.set()
            # Counts to a billion: minutes, unless interrupted.
            sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000) "
            return int(s.connection().exec_driver_sql(sql + "SELECT count(*) FROM c").scalar_one())

    worker = threading.Thread(target=lambda: answers.append(model._guarded(generation, endless)))
    worker.start()
    assert started.wait(10)
    time.sleep(0.05)
    model.set_text("成果")  # a newer question
    worker.join(10)
    assert not worker.is_alive() and answers == [None]
    qtbot.waitUntil(lambda: model.total is not None)
