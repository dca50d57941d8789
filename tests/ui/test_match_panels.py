"""The match panels driven as a broker would: candidates with reasons, filters, accept, dismiss and undo."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.workbench.test_search import Library, _library
from ui.context import AppContext
from ui.fonts import register_bundled_font
from ui.match_panels import CandidatesPanel, WhoMightWantPanel, highlight
from workbench.models import Match
from workbench.store import Store


def _lib(store: Store) -> Library:
    with store.session(actor="test") as s:
        return _library(s)


def _wait(qtbot: QtBot, panel: CandidatesPanel | WhoMightWantPanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)


def _panel(qtbot: QtBot, context: object, need_id: str) -> CandidatesPanel:
    panel = CandidatesPanel(context, need_id)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    _wait(qtbot, panel)
    return panel


def _titles(panel: CandidatesPanel | WhoMightWantPanel) -> list[str]:
    return [c.title for c in panel.model.rows]


def test_highlight_marks_terms_and_escapes_html() -> None:
    out = highlight("<b>碳纤维</b>增强碳纤维", ["碳纤维", "纤维"])
    assert out.count("background-color") == 2 and "&lt;b&gt;" in out


def test_candidates_show_reasons_and_highlighted_terms(
    qtbot: QtBot, qapp: QApplication, store: Store
) -> None:
    register_bundled_font(qapp)
    lib = _lib(store)
    panel = _panel(qtbot, store, lib.need.id)
    assert _titles(panel)[0] == lib.carbon.title and lib.far.title not in _titles(panel)
    assert panel.status.text() == "共 2 项候选成果"
    html = panel.detail.toHtml()
    assert "持有单位在宁波" in html and "行业契合" in html and "#ffe58a" in html
    tip = panel.model.data(panel.model.index(0, 3), 3)  # ToolTipRole: every reason with its points
    assert "+5.0  持有单位在宁波" in tip


def test_the_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, store: Store) -> None:
    lib = _lib(store)
    panel = _panel(qtbot, store, lib.need.id)
    qtmodeltester.check(panel.model)


def test_filters_rank_again_off_the_ui_thread(qtbot: QtBot, store: Store) -> None:
    lib = _lib(store)
    panel = _panel(qtbot, store, lib.need.id)
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.region.setCurrentIndex(panel.region.findData("ningbo"))
    assert _titles(panel) == [lib.carbon.title]
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.region.setCurrentIndex(0)
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.maturity.setCurrentIndex(panel.maturity.findData("lab"))
    assert _titles(panel) == [lib.ceramic.title]


def test_the_ui_stays_responsive_while_ranking(qtbot: QtBot, store: Store) -> None:
    lib = _lib(store)
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    panel = CandidatesPanel(store, lib.need.id, pool=pool)
    qtbot.addWidget(panel)
    assert not panel.busy  # hidden (a tab not chosen yet): nothing is ranked
    panel.show()
    # show() returned before the ranking finished: the work is on the pool, not here.
    assert panel.busy and panel.status.text() == "正在匹配…"
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert _titles(panel)[0] == lib.carbon.title
    pool.waitForDone()


def test_dismiss_undo_and_accept(qtbot: QtBot, ctx: AppContext) -> None:
    lib = _lib(ctx.store)
    published: list[object] = []
    ctx.bus.changed.connect(published.append)
    panel = _panel(qtbot, ctx, lib.need.id)
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.dismiss_button.click()
    assert lib.carbon.title not in _titles(panel) and panel.undo_button.isEnabled()
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.undo_button.click()
    assert _titles(panel)[0] == lib.carbon.title
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.recommend_button.click()
    with ctx.store.session() as s:
        match = s.exec(select(Match)).one()
    assert (match.technology_id, match.stage) == (lib.carbon.id, "recommended")
    assert lib.carbon.title not in _titles(panel)  # already in the pipeline: no longer a candidate
    assert any("match" in ch.kinds for ch in published)  # type: ignore[attr-defined]
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.show_dismissed.setChecked(True)


def test_set_need_follows_the_selection(qtbot: QtBot, store: Store) -> None:
    lib = _lib(store)
    panel = _panel(qtbot, store, lib.need.id)
    with store.session() as s:
        from workbench.services import NEEDS

        other = NEEDS.create(
            s,
            {
                "enterprise_id": lib.need.enterprise_id,
                "title": "陶瓷涂层耐磨性提升",
                "keywords": ["陶瓷", "涂层"],
            },
        )
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.set_need(other.id)
    assert _titles(panel)[0] == lib.ceramic.title


def test_who_might_want_lists_the_need_and_accepts(qtbot: QtBot, store: Store) -> None:
    lib = _lib(store)
    panel = WhoMightWantPanel(store, lib.carbon.id)
    qtbot.addWidget(panel)
    panel.show()
    _wait(qtbot, panel)
    assert _titles(panel) == [lib.need.title] and panel.model.rows[0].owner == "宁波材料科技有限公司"
    assert "碳纤维" in panel.detail.toHtml()
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        panel.accept_button.click()
    with store.session() as s:
        assert s.exec(select(Match.need_id, Match.stage)).one() == (lib.need.id, "candidate")
    assert _titles(panel) == []


def test_a_technology_added_elsewhere_ranks_again_through_the_change_bus(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from workbench.services import TECHNOLOGIES

    lib = _lib(ctx.store)
    panel = _panel(qtbot, ctx, lib.need.id)
    title = "碳纤维复合材料热压成型工艺"
    assert title not in _titles(panel)
    with qtbot.waitSignal(panel.resultsReady, timeout=10_000):
        ctx.write(
            lambda s: TECHNOLOGIES.create(s, {"title": title, "keywords": ["碳纤维", "复合材料"]}),
            {"technology"},
        )
    assert title in _titles(panel)
