"""Drafts left by a crash, offered back at start-up; and the quick entry filled in for review screenshots."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.context import AppContext
from ui.drafts import Draft, DraftStore, saved_time_label
from ui.visit_entry.dialog import VisitEntryDialog
from ui.visit_entry.parts import DRAFT_KIND
from workbench.services.visits import enterprise_with_a_contact

translate = QCoreApplication.translate


class DraftRecoveryPrompt:
    """Asks what to do with the drafts found at start-up; override :meth:`ask` to answer without a box."""

    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"

    def ask(self, parent: QWidget | None, descriptions: list[str]) -> str:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("DraftRecoveryPrompt", "找到未保存的走访"))
        box.setText(
            translate(
                "DraftRecoveryPrompt",
                "上次有 %n 份走访记录没有保存完（程序意外退出或断电）。要恢复吗？",
                "",
                len(descriptions),
            )
        )
        box.setInformativeText("\n".join(descriptions))
        restore = box.addButton(translate("DraftRecoveryPrompt", "恢复"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(translate("DraftRecoveryPrompt", "以后再说"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(
            translate("DraftRecoveryPrompt", "丢弃草稿"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore:
            return self.RESTORE
        if clicked is discard:
            return self.DISCARD
        del later
        return self.LATER


def describe_draft(draft: Draft) -> str:
    """“宁波材料科技有限公司 · 2 项需求 · 保存于 14:31:05” for the recovery prompt."""
    data = draft.data
    ent = data.get("enterprise") or {}
    name = (ent.get("name") if ent.get("new") else ent.get("text")) or translate(
        "DraftRecoveryPrompt", "（未选企业）"
    )
    needs = [n for n in data.get("needs") or [] if str(n.get("title") or "").strip()]
    return (
        translate("DraftRecoveryPrompt", "%1 · %2 项需求 · 保存于 %3")
        .replace("%1", str(name))
        .replace("%2", str(len(needs)))
        .replace("%3", saved_time_label(draft.saved_at))
    )


def offer_recovered_drafts(
    ctx: AppContext,
    parent: QWidget | None = None,
    *,
    prompt: DraftRecoveryPrompt | None = None,
    show: Callable[[VisitEntryDialog], None] | None = None,
) -> list[VisitEntryDialog]:
    """Offer the visit drafts left by a crash; the restored dialogs are shown and returned.

    Call once after the main window is shown. “Later” keeps the drafts for the next start, “discard”
    deletes them.
    """
    store = DraftStore.for_store(ctx.store, ctx.paths.drafts_dir)
    drafts = store.load_all(DRAFT_KIND)
    if not drafts:
        return []
    answer = (prompt or DraftRecoveryPrompt()).ask(parent, [describe_draft(d) for d in drafts])
    if answer == DraftRecoveryPrompt.DISCARD:
        for draft in drafts:
            store.discard(draft.kind, draft.ident)
        return []
    if answer != DraftRecoveryPrompt.RESTORE:
        return []
    dialogs = []
    for draft in drafts:
        dialog = VisitEntryDialog(ctx, draft=draft, parent=parent)
        (show or VisitEntryDialog.show)(dialog)
        dialogs.append(dialog)
    return dialogs


def screenshot_dialog(ctx: AppContext, parent: QWidget | None = None) -> VisitEntryDialog:
    """The quick entry as a broker leaves it on site: an enterprise, attendees and two needs (for review)."""
    with ctx.store.session(write=False) as s:
        row = enterprise_with_a_contact(s)
    dialog = VisitEntryDialog(ctx, parent=parent)
    state = dialog.state()
    if row is not None:
        ent, contact = row
        state["enterprise"] = {**state["enterprise"], "id": ent.id, "text": ent.name}
        state["attendees"] = [contact.id]
    state["place"] = translate("Screenshots", "企业二楼会议室")
    state["summary"] = translate(
        "Screenshots", "与技术副总座谈：复合材料车间良品率约80%，热压罐工艺周期长；污水站需要在线监测重金属。"
    )
    state["new_contacts"] = [
        {
            "name": translate("Screenshots", "张伟"),
            "title": translate("Screenshots", "技术总监"),
            "mobile": "13957400003",
            "checked": True,
        }
    ]
    state["needs"] = [
        {
            "need_id": None,
            "title": translate("Screenshots", "碳纤维复合材料快速成型工艺"),
            "problem": translate("Screenshots", "热压罐工艺周期长，良品率约80%"),
            "key_technology": translate("Screenshots", "成型周期≤15分钟，拉伸强度≥800MPa"),
            "expected_goals": translate("Screenshots", "良品率提升到95%，年节约成本300万元"),
            "keywords": translate("Screenshots", "碳纤维，复合材料，快速成型"),
        },
        {
            "need_id": None,
            "title": translate("Screenshots", "废水重金属在线监测"),
            "problem": translate("Screenshots", "人工取样化验，结果滞后一天"),
            "key_technology": translate("Screenshots", "检出限≤0.01mg/L，连续运行≥30天"),
            "expected_goals": translate("Screenshots", "超标即时报警，满足排放许可要求"),
            "keywords": translate("Screenshots", "重金属，在线监测"),
        },
    ]
    dialog.set_state(state)
    return dialog
