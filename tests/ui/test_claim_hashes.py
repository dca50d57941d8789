"""The claim detail names the form's two checksums plainly: 数据指纹 of the data, 文件校验码 of the PDF."""

from __future__ import annotations

import hashlib

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.test_claims_ui import _claim, _select, _workspace
from tests.ui.typing_helpers import click
from tests.workbench.factories import ALL_REQUIRED
from ui.context import AppContext
from workbench.pdf.verify import embedded_fingerprint
from workbench.services import CLAIMS
from workbench.services.claim_archive import claim_pdf_bytes


def _caption(pane: QWidget, text: str) -> QLabel:
    found = [w for w in pane.findChildren(QLabel) if w.text() == text]
    assert len(found) == 1, text
    return found[0]


def test_both_hashes_are_shown_named_and_explained(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        _chain, claim = _claim(s)
        CLAIMS.update_draft(s, claim.id, attachments=ALL_REQUIRED)
    ws = _workspace(qtbot, ctx)
    _select(qtbot, ws, claim.id)
    pane = ws.detail_pane

    # A draft: its data already have a fingerprint; there is no archived file yet.
    draft_fingerprint = pane.fingerprint.text()
    assert len(draft_fingerprint) == 64 and all(c in "0123456789ABCDEF" for c in draft_fingerprint)
    assert pane.checksum.text() == "（提交存档后生成）"
    data_caption, file_caption = _caption(pane, "数据指纹"), _caption(pane, "文件校验码")
    assert "申请数据" in data_caption.toolTip() and "未被改动" in data_caption.toolTip()
    assert "PDF 文件本身" in file_caption.toolTip() and "一字不差" in file_caption.toolTip()
    assert pane.fingerprint.toolTip() == data_caption.toolTip()

    click(pane.buttons["submit"])
    qtbot.waitUntil(lambda: pane.status == "submitted")
    qtbot.waitUntil(lambda: pane.checksum.text() != "（提交存档后生成）")
    with ctx.store.session() as s:
        archived = claim_pdf_bytes(s, claim.id)
    # The checksum is the archived file's own SHA-256, and the fingerprint the one printed in that file.
    assert pane.checksum.text().lower() == hashlib.sha256(archived).hexdigest()
    assert pane.fingerprint.text() == embedded_fingerprint(archived)
