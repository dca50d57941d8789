"""A process that types a visit into the quick-entry dialog and keeps typing until it is killed.

Used by ``test_visit_entry.py``: it types every field as a user would (Chinese through input-method commit
events), waits until the autosaved draft on disk holds all of it, prints ``ready`` and goes on typing into
the summary until the test kills it with SIGKILL. Run as
``python tests/ui/visit_entry_child.py --data-dir DIR --db FILE`` with the database key (hex) in
``WORKBENCH_TEST_DB_KEY``, so the key never appears on a command line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

# Qt must know before any QApplication exists that there is no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

KEY_ENV = "WORKBENCH_TEST_DB_KEY"

ENTERPRISE = "宁波材料科技有限公司"
TYPED: dict[str, Any] = {
    "place": "镇海区庄市街道 3 号楼会议室",
    "summary": "与研发部李工座谈：复合材料车间良品率约80%，希望引进快速成型工艺",
    "new_contact": {"name": "张伟", "title": "技术总监", "mobile": "13957400003"},
    "contact_input": {"name": "赵敏", "title": "", "mobile": ""},
    "needs": [
        {
            "title": "碳纤维复合材料快速成型工艺",
            "problem": "热压罐工艺周期长，良品率约80%",
            "key_technology": "成型周期≤15分钟，拉伸强度≥800MPa",
            "expected_goals": "良品率提升到95%",
            "keywords": "碳纤维，复合材料，快速成型",
        },
        {
            "title": "废水重金属在线监测",
            "problem": "",
            "key_technology": "检出限0.01mg/L",
            "expected_goals": "",
            "keywords": "重金属 在线监测",
        },
    ],
}
MORE = "。下一步安排宁波大学团队来厂交流"


def draft_holds_everything(data: dict[str, Any]) -> bool:
    """True when a saved draft contains every value typed before ``ready``."""
    needs = data.get("needs") or []
    if len(needs) != len(TYPED["needs"]):
        return False
    for saved, typed in zip(needs, TYPED["needs"], strict=True):
        if any(saved.get(k) != v for k, v in typed.items()):
            return False
    return (
        data.get("enterprise", {}).get("text") == ENTERPRISE
        and bool(data.get("enterprise", {}).get("id"))
        and data.get("place") == TYPED["place"]
        and str(data.get("summary", "")).startswith(TYPED["summary"])
        and TYPED["new_contact"] | {"checked": True} in data.get("new_contacts", [])
        and data.get("contact_input") == TYPED["contact_input"]
        and len(data.get("attendees", [])) == 1
    )


class _Typist:
    """The part of pytest-qt's qtbot that ``type_text`` needs, for a process without pytest."""

    @staticmethod
    def keyClicks(widget: Any, text: str) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tests.ui.typing_helpers import type_text
    from ui.context import AppContext
    from ui.drafts import DraftStore
    from ui.fonts import register_bundled_font
    from ui.visit_entry import DRAFT_KIND, VisitEntryDialog
    from workbench.paths import default_paths
    from workbench.store import Store

    app = QApplication(sys.argv[:1])
    register_bundled_font(app)
    paths = default_paths(data_dir=args.data_dir).ensure()
    store = Store.open(Path(args.db), key=bytes.fromhex(os.environ[KEY_ENV]), create=False)
    ctx = AppContext.for_paths(store, paths)
    dialog = VisitEntryDialog(ctx)
    dialog.show()
    typist: Any = _Typist()

    def wait_until(condition: Any, seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            if condition():
                return True
            time.sleep(0.01)
        return False

    type_text(typist, dialog.enterprise, ENTERPRISE)
    # A name typed in full is recognised after a short pause, and the enterprise's contacts appear.
    wait_until(lambda: dialog.attendees.count() > 0)
    QTest.mouseClick(dialog.place, Qt.MouseButton.LeftButton)
    type_text(typist, dialog.place, TYPED["place"])
    dialog.attendees.setFocus()
    dialog.attendees.setCurrentRow(0)
    QTest.keyClick(dialog.attendees, Qt.Key.Key_Space)  # tick the existing contact
    contact = TYPED["new_contact"]
    type_text(typist, dialog.contact_name, contact["name"])
    type_text(typist, dialog.contact_title, contact["title"])
    type_text(typist, dialog.contact_mobile, contact["mobile"])
    QTest.mouseClick(dialog.add_contact, Qt.MouseButton.LeftButton)
    type_text(typist, dialog.contact_name, TYPED["contact_input"]["name"])  # typed, not yet added
    type_text(typist, dialog.summary, TYPED["summary"])
    for index, need in enumerate(TYPED["needs"]):
        if index >= len(dialog.needs):
            QTest.mouseClick(dialog.add_need_button, Qt.MouseButton.LeftButton)
        block = dialog.needs[index]
        for key, widget in (
            ("title", block.title_line),
            ("problem", block.problem),
            ("key_technology", block.key_technology),
            ("expected_goals", block.expected_goals),
            ("keywords", block.keywords),
        ):
            if need[key]:
                type_text(typist, widget, need[key])

    drafts = DraftStore.for_store(store, paths.drafts_dir)

    def complete() -> bool:
        found = drafts.load(DRAFT_KIND, dialog.draft_id)
        return found is not None and draft_holds_everything(found.data)

    if not wait_until(complete, 60):
        found = drafts.load(DRAFT_KIND, dialog.draft_id)
        print("draft never complete:", None if found is None else found.data, flush=True)
        return 1
    print("ready", flush=True)

    # Go on typing, a character at a time, until the test kills this process.
    more = iter(MORE * 1000)

    def one_more() -> None:
        type_text(typist, dialog.summary, next(more))

    timer = QTimer()
    timer.timeout.connect(one_more)
    timer.start(40)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
