"""The site-visit quick entry driven as a broker would, its drafts, and recovery after a SIGKILL."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import Session, col, func, select

from tests.ui import visit_entry_child as child
from tests.ui.typing_helpers import click, keep_out_of_prompts, type_text
from tests.workbench.factories import HUAWEI_USCC, make_broker, make_enterprise
from ui.context import AppContext
from ui.drafts import DraftStore
from ui.visit_entry import (
    DRAFT_KIND,
    DraftRecoveryPrompt,
    NeedBlock,
    VisitEntryDialog,
    offer_recovered_drafts,
)
from workbench.models import Contact, Enterprise, Need, Visit
from workbench.services import CONTACTS, NEEDS, VISITS

REPO = Path(__file__).resolve().parents[2]


def _count(session: Session, model: Any) -> int:
    return int(
        session.exec(select(func.count()).select_from(model).where(col(model.deleted_at).is_(None))).one()
    )


def _seed(ctx: AppContext) -> tuple[str, str, str]:
    with ctx.store.session() as s:
        broker = make_broker(s)
        ent = make_enterprise(s)
        contact = CONTACTS.create(
            s, {"enterprise_id": ent.id, "name": "李工", "title": "研发部经理", "mobile": "13957400002"}
        )
    return broker.id, ent.id, contact.id


def _dialog(qtbot: QtBot, ctx: AppContext, **kwargs: Any) -> VisitEntryDialog:
    dialog = VisitEntryDialog(ctx, **kwargs)
    qtbot.addWidget(dialog)
    keep_out_of_prompts(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _pick_enterprise(qtbot: QtBot, dialog: VisitEntryDialog, name: str) -> None:
    """Type the name in full and go on to the next field, as a broker does."""
    type_text(qtbot, dialog.enterprise, name)
    qtbot.waitUntil(lambda: dialog.state()["enterprise"]["id"] is not None)
    click(dialog.place)


def _fill_need(qtbot: QtBot, block: NeedBlock, **values: str) -> None:
    widgets = {
        "title": block.title_line,
        "problem": block.problem,
        "key_technology": block.key_technology,
        "expected_goals": block.expected_goals,
        "keywords": block.keywords,
    }
    for key, text in values.items():
        type_text(qtbot, widgets[key], text)


class _Answer(DraftRecoveryPrompt):
    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.asked: list[list[str]] = []

    def ask(self, parent: QWidget | None, descriptions: list[str]) -> str:
        self.asked.append(descriptions)
        return self.answer


# -- recording a visit ---------------------------------------------------------------------------------


def test_a_visit_with_two_needs_and_a_new_contact_is_saved_in_one_go(qtbot: QtBot, ctx: AppContext) -> None:
    broker_id, ent_id, contact_id = _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    assert dialog.started_at.text()  # defaults to now
    assert dialog.state()["brokers"] == [broker_id]  # the broker using the app
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    assert dialog.attendees.count() == 1
    dialog.attendees.setFocus()
    dialog.attendees.setCurrentRow(0)
    QTest.keyClick(dialog.attendees, Qt.Key.Key_Space)
    assert dialog.state()["attendees"] == [contact_id]
    type_text(qtbot, dialog.contact_name, "张伟")
    type_text(qtbot, dialog.contact_title, "技术总监")
    type_text(qtbot, dialog.contact_mobile, "139 5740 0003")
    click(dialog.add_contact)
    assert dialog.attendees.count() == 2 and dialog.contact_name.text() == ""
    type_text(qtbot, dialog.summary, "座谈复合材料成型")
    type_text(qtbot, dialog.follow_up, "2099-01-15")
    _fill_need(
        qtbot,
        dialog.needs[0],
        title="碳纤维复合材料快速成型工艺",
        problem="周期长",
        key_technology="≤15分钟",
        expected_goals="良品率95%",
        keywords="碳纤维，复合材料",
    )
    click(dialog.add_need_button)
    assert len(dialog.needs) == 2
    _fill_need(qtbot, dialog.needs[1], title="废水重金属在线监测", keywords="重金属")
    with qtbot.waitSignal(ctx.bus.changed) as blocker:
        click(dialog.save_button)
    assert not dialog.isVisible()
    assert {"visit", "need", "contact"} <= blocker.args[0].kinds
    with ctx.store.session() as s:
        visit = s.exec(select(Visit)).one()
        assert visit.enterprise_id == ent_id and visit.follow_up_on is not None
        assert VISITS.broker_ids(s, visit.id) == [broker_id]
        attendees = {s.get(Contact, c).name for c in VISITS.contact_ids(s, visit.id)}  # type: ignore[union-attr]
        assert attendees == {"李工", "张伟"}
        needs = s.exec(select(Need).order_by(col(Need.title))).all()
        assert [n.title for n in needs] == ["废水重金属在线监测", "碳纤维复合材料快速成型工艺"]
        assert all(n.visit_id == visit.id and n.enterprise_id == ent_id for n in needs)
        assert needs[1].keywords == ["碳纤维", "复合材料"]
    assert DraftStore.for_store(ctx.store, ctx.paths.drafts_dir).load_all() == []


def test_enterprise_is_picked_from_the_type_ahead_list_by_pinyin_initials(
    qtbot: QtBot, ctx: AppContext
) -> None:
    _broker, ent_id, _contact = _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    type_text(qtbot, dialog.enterprise, "nbcl")
    completer = dialog.enterprise.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.state()["enterprise"]["id"] == ent_id)
    assert dialog.enterprise.text() == "宁波材料科技有限公司"
    assert dialog.attendees.count() == 1


def test_a_new_enterprise_with_a_bad_code_saves_nothing_and_keeps_every_word(
    qtbot: QtBot, ctx: AppContext
) -> None:
    _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    click(dialog.new_enterprise)
    assert dialog.new_panel.isVisible() and not dialog.enterprise.isEnabled()
    type_text(qtbot, dialog.new_name, "宁波新材料有限公司")
    type_text(qtbot, dialog.new_uscc, "91330211ABC")
    type_text(qtbot, dialog.contact_name, "王工")
    type_text(qtbot, dialog.contact_mobile, "13957400009")
    click(dialog.add_contact)
    type_text(qtbot, dialog.summary, "初次拜访")
    _fill_need(qtbot, dialog.needs[0], title="高效换热器", keywords="")  # no keywords: also an error
    before = dialog.state()
    click(dialog.save_button)
    assert dialog.isVisible()
    uscc_error = dialog.findChild(QLabel, "error_new_enterprise_uscc")
    assert uscc_error is not None and uscc_error.isVisible() and uscc_error.text()
    keywords_error = dialog.needs[0].messages["keywords"]
    assert keywords_error.isVisible() and "关键词" in keywords_error.text()
    assert dialog.state() == before
    with ctx.store.session() as s:
        assert _count(s, Enterprise) == 1 and _count(s, Visit) == 0
        assert _count(s, Contact) == 1 and _count(s, Need) == 0
    # Fix the code: everything is created together.
    dialog.new_uscc.clear()
    type_text(qtbot, dialog.new_uscc, "91310110666007217T")
    type_text(qtbot, dialog.needs[0].keywords, "换热器")
    click(dialog.save_button)
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        ent = s.exec(select(Enterprise).where(Enterprise.name == "宁波新材料有限公司")).one()
        visit = s.exec(select(Visit)).one()
        assert visit.enterprise_id == ent.id
        assert s.exec(select(Contact).where(Contact.name == "王工")).one().enterprise_id == ent.id
        assert s.exec(select(Need)).one().visit_id == visit.id


def test_unknown_enterprise_and_a_follow_up_before_the_visit_are_shown_at_their_fields(
    qtbot: QtBot, ctx: AppContext
) -> None:
    _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    type_text(qtbot, dialog.enterprise, "不存在的企业")
    dialog.started_at.clear()
    type_text(qtbot, dialog.started_at, "2026-03-05 09:30")
    type_text(qtbot, dialog.follow_up, "2026-03-01")
    _fill_need(qtbot, dialog.needs[0], title="需求甲", keywords="甲")
    click(dialog.save_button)
    message = dialog.findChild(QLabel, "error_enterprise")
    assert message is not None and message.isVisible() and "不存在的企业" in message.text()
    # The enterprise blocks the visit, but its own fields were checked too.
    with ctx.store.session() as s:
        assert _count(s, Visit) == 0
    type_text(qtbot, dialog.enterprise, "")
    dialog.enterprise.clear()
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    click(dialog.save_button)
    follow = dialog.findChild(QLabel, "error_follow_up_on")
    assert follow is not None and follow.isVisible() and "早于" in follow.text()
    assert dialog.follow_up.text() == "2026-03-01"
    with ctx.store.session() as s:
        assert _count(s, Visit) == 0 and _count(s, Need) == 0


def test_a_bad_mobile_is_refused_when_the_contact_is_added(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    type_text(qtbot, dialog.contact_name, "钱工")
    type_text(qtbot, dialog.contact_mobile, "12345")
    click(dialog.add_contact)
    assert dialog.contact_message.isVisible()
    assert dialog.contact_name.text() == "钱工" and dialog.contact_mobile.text() == "12345"
    assert dialog.attendees.count() == 0


def test_a_contact_without_a_way_to_reach_warns_and_one_click_saves(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    type_text(qtbot, dialog.contact_name, "孙工")
    click(dialog.add_contact)
    _fill_need(qtbot, dialog.needs[0], title="需求乙", keywords="乙")
    click(dialog.save_button)
    assert dialog.override.isVisible() and dialog.attendees_message.isVisible()
    assert "孙工" in dialog.attendees_message.text()
    click(dialog.override)
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        assert _count(s, Visit) == 1 and _count(s, Contact) == 2


def test_removing_a_need_block_and_empty_blocks_are_ignored(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    _fill_need(qtbot, dialog.needs[0], title="需求甲", keywords="甲")
    click(dialog.add_need_button)
    _fill_need(qtbot, dialog.needs[1], title="写错了")
    click(dialog.add_need_button)  # left empty
    click(dialog.needs[1].remove)
    assert len(dialog.needs) == 2 and dialog.needs[1].title() == "需求 2"
    click(dialog.save_button)
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        assert [n.title for n in s.exec(select(Need)).all()] == ["需求甲"]


def test_the_keyboard_alone_fills_the_dialog_in_order(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx)
    dialog = _dialog(qtbot, ctx)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    dialog.enterprise.setFocus()
    names: list[str] = []
    for _ in range(22):
        widget = QApplication.focusWidget()
        assert widget is not None, names
        names.append(widget.objectName())
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    assert names[:9] == [
        "enterprise",
        "newEnterprise",
        "started_at",
        "place",
        "follow_up_line",
        "brokers",
        "attendees",
        "contact_name",
        "contact_title",
    ]
    assert names[11:21] == [
        "summary",
        "need_title",
        "need_problem",
        "need_key_technology",
        "need_expected_goals",
        "need_keywords",
        "removeNeed",
        "addNeed",
        "saveVisit",
        "cancelVisit",
    ]
    assert names[21] == "enterprise"  # round again, without stopping on the scroll area
    # Shortcuts: Ctrl+N adds a need and puts the cursor in its title; Ctrl+S saves (here: refused).
    QTest.keyClick(dialog.enterprise, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.needs) == 2 and QApplication.focusWidget() is dialog.needs[1].title_line
    type_text(qtbot, dialog.needs[1].title_line, "键盘录入的需求")
    QTest.keyClick(dialog.needs[1].title_line, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.enterprise_message.isVisible() and "企业" in dialog.enterprise_message.text()
    assert dialog.needs[1].messages["keywords"].isVisible()
    assert QApplication.focusWidget() is dialog.enterprise  # the first problem has the cursor
    assert "需要修改" in dialog.banner.text()


def test_editing_an_existing_visit_updates_it_and_adds_a_need(qtbot: QtBot, ctx: AppContext) -> None:
    broker_id, ent_id, contact_id = _seed(ctx)
    with ctx.store.session() as s:
        visit = VISITS.create(
            s,
            {
                "enterprise_id": ent_id,
                "started_at": "2026-03-05 09:30",
                "summary": "初访",
                "broker_ids": [broker_id],
                "contact_ids": [contact_id],
            },
        )
        NEEDS.create(s, {"enterprise_id": ent_id, "visit_id": visit.id, "title": "旧需求", "keywords": "旧"})
    dialog = _dialog(qtbot, ctx, visit_id=visit.id)
    assert dialog.summary.toPlainText() == "初访"
    assert len(dialog.needs) == 1 and not dialog.needs[0].remove.isVisible()
    assert dialog.state()["attendees"] == [contact_id]
    QTest.keyClick(dialog.summary, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, dialog.summary, "，复访")
    click(dialog.add_need_button)
    _fill_need(qtbot, dialog.needs[1], title="新需求", keywords="新")
    click(dialog.save_button)
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        assert VISITS.get(s, visit.id).summary == "初访，复访"
        assert sorted(n.title for n in s.exec(select(Need)).all()) == ["新需求", "旧需求"]
        assert _count(s, Visit) == 1


# -- drafts --------------------------------------------------------------------------------------------


def test_every_change_is_autosaved_and_the_draft_goes_when_the_visit_is_saved(
    qtbot: QtBot, ctx: AppContext
) -> None:
    _seed(ctx)
    drafts = DraftStore.for_store(ctx.store, ctx.paths.drafts_dir)
    dialog = _dialog(qtbot, ctx)
    assert drafts.load_all() == []  # nothing typed, nothing written
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    type_text(qtbot, dialog.summary, "谈到了成型工艺")

    def saved_summary() -> str:
        draft = drafts.load(DRAFT_KIND, dialog.draft_id)
        return "" if draft is None else str(draft.data["summary"])

    qtbot.waitUntil(lambda: saved_summary() == "谈到了成型工艺", timeout=5000)
    assert dialog.draft_status.text().startswith("草稿已自动保存")
    path = drafts.path_for(DRAFT_KIND, dialog.draft_id)
    assert path.parent == ctx.paths.drafts_dir
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0  # owner only
    _fill_need(qtbot, dialog.needs[0], title="需求甲", keywords="甲")
    click(dialog.save_button)
    assert not dialog.isVisible()
    assert not path.exists() and drafts.load_all() == []


def test_cancel_asks_and_keeps_or_discards_the_draft(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx)
    drafts = DraftStore.for_store(ctx.store, ctx.paths.drafts_dir)
    dialog = _dialog(qtbot, ctx)
    type_text(qtbot, dialog.place, "会议室")
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton) -> Any:
        def ask() -> QMessageBox.StandardButton:
            asked.append(str(choice.name))
            return choice

        return ask

    dialog.confirm_leave = answer(QMessageBox.StandardButton.Cancel)  # type: ignore[method-assign]
    click(dialog.cancel_button)
    assert dialog.isVisible() and asked == ["Cancel"]
    dialog.confirm_leave = answer(QMessageBox.StandardButton.Save)  # type: ignore[method-assign]
    click(dialog.cancel_button)
    assert not dialog.isVisible()
    kept = drafts.load(DRAFT_KIND, dialog.draft_id)
    assert kept is not None and kept.data["place"] == "会议室"

    second = _dialog(qtbot, ctx)
    type_text(qtbot, second.place, "车间")
    second.confirm_leave = answer(QMessageBox.StandardButton.Discard)  # type: ignore[method-assign]
    click(second.cancel_button)
    assert drafts.load(DRAFT_KIND, second.draft_id) is None
    assert [d.ident for d in drafts.load_all()] == [dialog.draft_id]


def test_recovered_drafts_are_offered_restored_or_thrown_away(qtbot: QtBot, ctx: AppContext) -> None:
    _seed(ctx)
    drafts = DraftStore.for_store(ctx.store, ctx.paths.drafts_dir)
    assert offer_recovered_drafts(ctx, None, prompt=_Answer("restore")) == []  # nothing to offer
    dialog = _dialog(qtbot, ctx)
    _pick_enterprise(qtbot, dialog, "宁波材料科技有限公司")
    _fill_need(qtbot, dialog.needs[0], title="需求甲", keywords="甲")
    dialog.autosave()
    assert dialog.autosaver.flush()
    dialog.autosaver.stop()  # as if the process had died here

    later = _Answer("later")
    assert offer_recovered_drafts(ctx, None, prompt=later) == []
    assert "宁波材料科技有限公司 · 1 项需求" in later.asked[0][0]
    assert len(drafts.load_all()) == 1

    restored = offer_recovered_drafts(ctx, None, prompt=_Answer("restore"), show=lambda d: None)
    assert len(restored) == 1
    again = restored[0]
    qtbot.addWidget(again)
    keep_out_of_prompts(again)
    assert again.draft_id == dialog.draft_id and again.dirty
    assert again.needs[0].title_line.text() == "需求甲" and not again.banner.isHidden()

    assert offer_recovered_drafts(ctx, None, prompt=_Answer("discard")) == []
    assert drafts.load_all() == []


def test_draft_files_survive_interrupted_writes_and_ignore_junk(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save("visit", "a", {"summary": "第一版"})
    drafts.save("visit", "a", {"summary": "第二版"})
    # What a write killed before its rename leaves behind: a half temporary file.
    (tmp_path / "visit-a.json.123.456.tmp").write_bytes(b'{"format": "broker-')
    (tmp_path / "visit-b.json").write_text("not json", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    found = drafts.load_all()
    assert [(d.ident, d.data) for d in found] == [("a", {"summary": "第二版"})]
    assert not (tmp_path / "visit-a.json.123.456.tmp").exists()
    assert (tmp_path / "visit-b.json").exists()  # unreadable, but never deleted
    envelope = json.loads((tmp_path / "visit-a.json").read_text(encoding="utf-8"))
    assert envelope["format"] == "broker-workbench-draft" and envelope["kind"] == "visit"


# -- the kill test ---------------------------------------------------------------------------------------


def _lines(stream: Any, out: queue.Queue[str]) -> None:
    for line in stream:
        out.put(line.rstrip("\n"))
    out.put("")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_draft_typed_in_a_process_killed_mid_typing_comes_back_whole(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_broker(s)
        ent = make_enterprise(s, name=child.ENTERPRISE, uscc=HUAWEI_USCC)
        CONTACTS.create(s, {"enterprise_id": ent.id, "name": "李工", "mobile": "13957400002"})
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
        child.KEY_ENV: ctx.store.key.hex(),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests" / "ui" / "visit_entry_child.py"),
            "--data-dir",
            str(ctx.paths.data_dir),
            "--db",
            str(ctx.store.path),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    drafts = DraftStore.for_store(ctx.store, ctx.paths.drafts_dir)
    try:
        first = lines.get(timeout=120)
        assert first == "ready", first + (
            proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
        )
        # It is still typing: kill it once the draft on disk shows more than was typed before "ready".
        qtbot.waitUntil(
            lambda: any(len(d.data["summary"]) > len(child.TYPED["summary"]) for d in drafts.load_all()),
            timeout=30000,
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL

    [left] = drafts.load_all(DRAFT_KIND)
    assert child.draft_holds_everything(left.data)
    prompt = _Answer("restore")
    [dialog] = offer_recovered_drafts(ctx, None, prompt=prompt, show=lambda d: None)
    qtbot.addWidget(dialog)
    keep_out_of_prompts(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert child.ENTERPRISE in prompt.asked[0][0]
    # Every value typed before "ready" is back in its widget, and nothing else was lost.
    assert dialog.state() == {**left.data}
    assert dialog.enterprise.text() == child.ENTERPRISE
    assert dialog.place.text() == child.TYPED["place"]
    assert dialog.summary.toPlainText().startswith(child.TYPED["summary"] + child.MORE[:1])
    assert dialog.contact_name.text() == child.TYPED["contact_input"]["name"]
    assert any("张伟" in (dialog.attendees.item(r).text()) for r in range(dialog.attendees.count()))
    for block, typed in zip(dialog.needs, child.TYPED["needs"], strict=True):
        assert block.title_line.text() == typed["title"]
        assert block.problem.toPlainText() == typed["problem"]
        assert block.key_technology.toPlainText() == typed["key_technology"]
        assert block.expected_goals.toPlainText() == typed["expected_goals"]
        assert block.keywords.text() == typed["keywords"]

    with qtbot.waitSignal(ctx.bus.changed):
        click(dialog.save_button)
    assert not dialog.isVisible()
    with ctx.store.session() as s:
        visit = s.exec(select(Visit)).one()
        assert visit.place == child.TYPED["place"] and visit.summary.startswith(child.TYPED["summary"])
        assert sorted(n.title for n in s.exec(select(Need).where(Need.visit_id == visit.id)).all()) == sorted(
            n["title"] for n in child.TYPED["needs"]
        )
        assert {s.get(Contact, c).name for c in VISITS.contact_ids(s, visit.id)} == {"李工", "张伟"}  # type: ignore[union-attr]
    assert drafts.load_all() == []


def test_the_quick_entry_builds_no_sql_and_leaves_the_unit_of_work_to_the_core() -> None:
    """The dialog hands what was typed to ``record_visit``; no module of it imports the database layer."""
    import ast

    package = REPO / "ui" / "visit_entry"
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not {m for m in imported if m.split(".")[0] in {"sqlalchemy", "sqlmodel"}}, path.name
        assert len(path.read_text(encoding="utf-8").splitlines()) < 600, path.name
    assert "record_visit(" in (package / "dialog.py").read_text(encoding="utf-8")
