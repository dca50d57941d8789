"""The desktop's sync button, connect dialog and Conflicts workspace, against a real district server."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.server.conftest import District
from tests.ui.typing_helpers import type_text
from ui.context import AppContext, TaskRunner
from ui.fonts import register_bundled_font
from ui.sync_widget import ConnectDialog, SyncWidget
from ui.workspaces.conflicts import ConflictsWorkspace
from workbench.models import Enterprise
from workbench.paths import default_paths
from workbench.services import ENTERPRISES
from workbench.services.base import Changes
from workbench.services.policies import sync_default_policies
from workbench.store import Store
from workbench.sync import engine, state


def _context(app: QApplication, base: Path) -> AppContext:
    register_bundled_font(app)
    store = Store.open(base / "workbench.db")
    with store.session(actor="test") as session:
        sync_default_policies(session)
    paths = default_paths(data_dir=base / "app").ensure()
    return AppContext.for_paths(store, paths, tasks=TaskRunner(synchronous=True))


@pytest.fixture
def laptop(qapp: QApplication, tmp_path: Path) -> Iterator[AppContext]:
    ctx = _context(qapp, tmp_path / "laptop")
    yield ctx
    ctx.store.close(backup=False)


def _connect(qtbot: QtBot, ctx: AppContext, district: District, name: str, password: str) -> ConnectDialog:
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    url = f"postgresql://{district.cluster.host}:{district.cluster.port}/{district.db}?sslmode=disable"
    dialog.url.setText(url)
    type_text(qtbot, dialog.user, name)
    type_text(qtbot, dialog.password, password)
    dialog.accept()
    return dialog


def test_connect_check_the_password_first_and_keep_what_was_typed(
    qtbot: QtBot, laptop: AppContext, district: District
) -> None:
    name = f"ui_{district.db[-8:]}"
    from workbench.server import admin

    admin.add_user(district.admin_url, name, role="broker", password="right-password-1")
    widget = SyncWidget(laptop)
    qtbot.addWidget(widget)
    assert widget.status.text() == "未连接区服务器"
    dialog = _connect(qtbot, laptop, district, name, "wrong-password")
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "无法连接区服务器" in dialog.error.text()
    assert dialog.user.text() == name  # nothing typed is lost
    assert not engine.status(laptop.store).connected
    dialog.password.clear()
    type_text(qtbot, dialog.password, "right-password-1")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert engine.status(laptop.store).user == name
    widget.refresh()
    assert widget.status.text().startswith("尚未同步")


def test_sync_button_then_a_conflict_decided_in_the_conflicts_workspace(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, district: District, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = _context(qapp, tmp_path / "alice")
    bob_user, bob_url = district.user("bob")
    alice_user, alice_url = district.user("alice")
    monkeypatch.setenv(state.PASSWORD_ENV, "unused")  # replaced per laptop below
    bob_store = Store.open(tmp_path / "bob" / "workbench.db")
    try:
        with bob_store.session(actor="t") as s:
            state.save(s, url=state.strip_password(bob_url), user=bob_user)
        with alice.store.session(actor="t") as s:
            state.save(s, url=state.strip_password(alice_url), user=alice_user)
            firm = ENTERPRISES.create(s, {"name": "宁波戊公司", "notes": "初始"})
            firm_id = firm.id
        monkeypatch.setenv(state.PASSWORD_ENV, str(psycopg.conninfo.conninfo_to_dict(alice_url)["password"]))
        widget = SyncWidget(alice)
        qtbot.addWidget(widget)
        with qtbot.waitSignal(widget.synced, timeout=30000):
            widget.sync_now()
        assert "上次同步" in widget.status.text()
        engine.sync(bob_store, lambda: psycopg.connect(bob_url))
        with bob_store.session(actor="t") as s:
            ENTERPRISES.update(s, firm_id, {"notes": "Bob 改的"})
        engine.sync(bob_store, lambda: psycopg.connect(bob_url))
        with alice.store.session(actor="t") as s:
            ENTERPRISES.update(s, firm_id, {"notes": "Alice 改的"})
        widget.refresh()
        assert "待上传 1 项" in widget.status.text()
        with qtbot.waitSignal(widget.synced, timeout=30000):
            widget.sync_now()
        assert "冲突 1 个" in widget.status.text()

        page = ConflictsWorkspace(alice)
        qtbot.addWidget(page)
        page.show()
        assert page.model.rowCount() == 1
        row = page.model.rows[0]
        assert (row.record, row.field_label, row.base, row.mine, row.theirs) == (
            "宁波戊公司",
            "备注",
            "初始",
            "Alice 改的",
            "Bob 改的",
        )
        assert row.theirs_by == bob_user
        page.keep_mine.click()
        assert page.model.rowCount() == 0 and page.empty.isVisibleTo(page)
        engine.sync(bob_store, lambda: psycopg.connect(bob_url))
        with bob_store.session(actor="t") as s:
            got = s.get(Enterprise, firm_id)
            assert got is not None and got.notes == "Alice 改的"
    finally:
        bob_store.close(backup=False)
        alice.store.close(backup=False)


def _join_and_sync(district: District, **laptops: AppContext) -> None:
    """Connect each laptop to the district server as the user named by its keyword, and sync it."""
    for stem, ctx in laptops.items():
        user, url = district.user(stem)
        with ctx.store.session(actor="t") as s:
            state.save(s, url=state.strip_password(url), user=user)
        engine.sync(ctx.store, functools.partial(psycopg.connect, url))


def test_detail_panes_say_whose_a_record_is(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, district: District
) -> None:
    from ui.workspaces.enterprises import EnterpriseDetail
    from ui.workspaces.needs import NeedDetail
    from workbench.services import NEEDS

    alice, bob = _context(qapp, tmp_path / "alice"), _context(qapp, tmp_path / "bob")
    try:
        with alice.store.session(actor="t") as s:
            firm = ENTERPRISES.create(s, {"name": "宁波己公司"}).id
            need = NEEDS.create(s, {"enterprise_id": firm, "title": "耐磨涂层", "keywords": ["涂层"]}).id
        loose = EnterpriseDetail(alice)
        qtbot.addWidget(loose)
        loose.load(firm)
        assert "来源" not in loose.facts.text()  # a laptop on its own: nothing to say
        _join_and_sync(district, alice=alice, bob=bob)
        mine, theirs = EnterpriseDetail(alice), EnterpriseDetail(bob)
        for pane in (mine, theirs):
            qtbot.addWidget(pane)
            pane.load(firm)
        assert "来源：本机录入 · 与全区共享" in mine.facts.text()
        assert "来源：全区共享 · 他人录入" in theirs.facts.text()
        other_need = NeedDetail(bob)
        qtbot.addWidget(other_need)
        other_need.load(need)
        assert "来源：其他经纪人的记录（本机的改动不会被服务器接受）" in other_need.facts.text()
    finally:
        alice.store.close(backup=False)
        bob.store.close(backup=False)


def test_list_rows_tell_someone_elses_records_apart(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, district: District
) -> None:
    from PySide6.QtCore import Qt

    from ui.models import Column, RecordTableModel

    alice, bob = _context(qapp, tmp_path / "alice"), _context(qapp, tmp_path / "bob")
    try:
        with alice.store.session(actor="t") as s:
            theirs = ENTERPRISES.create(s, {"name": "宁波庚公司"}).id
        with bob.store.session(actor="t") as s:
            mine = ENTERPRISES.create(s, {"name": "宁波辛公司"}).id
        columns = [Column("name", "名称", lambda r, _related: r.name, sort="name")]
        loose = RecordTableModel(bob, ENTERPRISES, columns)
        loose.refresh()
        assert not any(loose.is_received(row) for row in range(loose.rowCount()))  # never synced
        _join_and_sync(district, alice=alice, bob=bob)
        model = RecordTableModel(bob, ENTERPRISES, columns)
        model.refresh()
        rows = {model.id_at(row): row for row in range(model.rowCount())}
        assert set(rows) == {theirs, mine}
        first = model.index(rows[theirs], 0)
        assert model.is_received(rows[theirs]) and not model.is_received(rows[mine])
        assert model.data(first, Qt.ItemDataRole.DecorationRole) is not None
        assert "全区共享 · 他人录入" in model.data(first, Qt.ItemDataRole.ToolTipRole)
        own = model.index(rows[mine], 0)
        assert model.data(own, Qt.ItemDataRole.DecorationRole) is None
        assert model.data(own, Qt.ItemDataRole.ToolTipRole) == "宁波辛公司"
    finally:
        alice.store.close(backup=False)
        bob.store.close(backup=False)


def test_the_sync_status_is_worked_out_off_the_ui_thread(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting what waits to be uploaded reads the whole change log (before a first sync, every table):
    at a million technologies that must not hold up the first paint nor follow every write."""
    import threading

    import ui.sync_widget as sync_widget

    threads: list[threading.Thread] = []
    real = sync_widget.sync_summary  # type: ignore[attr-defined]

    def watched(session: Any) -> Any:
        threads.append(threading.current_thread())
        return real(session)

    monkeypatch.setattr(sync_widget, "sync_summary", watched)
    ctx = _context(qapp, tmp_path / "laptop")
    ctx.tasks = TaskRunner()  # a real pool, as in the app
    try:
        widget = SyncWidget(ctx)
        qtbot.addWidget(widget)
        qtbot.waitUntil(lambda: widget.status.text() == "未连接区服务器", timeout=5000)
        with ctx.store.session(actor="t") as s:
            ENTERPRISES.create(s, {"name": "宁波壬公司"})
        ctx.bus.changed.emit(Changes(frozenset({"enterprise"}), ()))
        qtbot.waitUntil(lambda: len(threads) >= 2, timeout=5000)
        assert threads and all(t is not threading.main_thread() for t in threads)
    finally:
        ctx.tasks.wait()
        ctx.store.close(backup=False)
