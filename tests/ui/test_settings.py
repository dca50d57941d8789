"""Settings driven as a user would: profile with inline errors, policy versions, language, backups, keys."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QRadioButton, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from tests.ui.typing_helpers import type_text
from tests.workbench.factories import ALL_REQUIRED, make_chain, make_enterprise
from ui.context import AppContext
from ui.workspaces.settings import PolicyVersionDialog, SettingsWorkspace
from workbench.keys import RecoveryKey
from workbench.models import ENTITY_TABLES, Broker, Policy
from workbench.services import CLAIMS, ENTERPRISES
from workbench.services import policies as pol
from workbench.services.base import Changes

PASSPHRASE = "correct horse battery"


def _settings(qtbot: QtBot, ctx: AppContext) -> SettingsWorkspace:
    ws = SettingsWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1130, 780)
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def _click(qtbot: QtBot, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _retype(qtbot: QtBot, edit: QWidget, text: str) -> None:
    target = edit.focusProxy() or edit
    assert isinstance(target, QLineEdit)
    target.selectAll()
    qtbot.keyClick(target, Qt.Key.Key_Delete)
    type_text(qtbot, target, text)


# -- broker profile ---------------------------------------------------------------------------------------


def test_an_invalid_id_card_is_shown_inline_and_nothing_is_saved(qtbot: QtBot, ctx: AppContext) -> None:
    ws = _settings(qtbot, ctx)
    form = ws.profile.form
    assert "身份证号" in ws.profile.readiness.text()  # no profile yet: everything is missing
    type_text(qtbot, form.rows["name"].editor, "王经纪")
    type_text(qtbot, form.rows["id_card"].editor, "110105194912310021")  # wrong check character
    type_text(qtbot, form.rows["phone"].editor, "13805740001")
    _click(qtbot, form, "saveProfile")
    message = form.findChild(QLabel, "error_id_card")
    assert message is not None and message.isVisible() and "校验" in message.text()
    assert form.rows["name"].editor.text() == "王经纪"  # type: ignore[attr-defined]
    assert form.rows["id_card"].editor.text() == "110105194912310021"  # type: ignore[attr-defined]
    with ctx.store.session() as s:
        assert s.exec(select(Broker)).all() == []

    # Corrected, it saves as the app user's own profile and tells what claims still need.
    _retype(qtbot, form.rows["id_card"].editor, "11010519491231002X")
    _click(qtbot, form, "saveProfile")
    qtbot.waitUntil(lambda: not message.isVisible() or "必填" in message.text())
    with ctx.store.session() as s:
        (me,) = s.exec(select(Broker)).all()
    assert me.is_self and me.id_card == "11010519491231002X" and me.phone == "13805740001"
    readiness = ws.profile.readiness.text()
    assert "经纪人证书/备案编号" in readiness and "开户银行" in readiness and "身份证号" not in readiness
    bank_note = form.findChild(QLabel, "error_bank_name")
    assert bank_note is not None and bank_note.isVisible() and bank_note.text() == "申请奖励时必填"

    for key, text in (
        ("certificate_no", "ZHJJ-2024-017"),
        ("bank_name", "宁波银行镇海支行"),
        ("account_name", "王经纪"),
        ("account_number", "6222 0000 1111 2222"),
    ):
        type_text(qtbot, form.rows[key].editor, text)
    _click(qtbot, form, "saveProfile")
    qtbot.waitUntil(lambda: "档案完整" in ws.profile.readiness.text())
    with ctx.store.session() as s:
        assert len(s.exec(select(Broker)).all()) == 1  # updated, not created again
        assert CLAIMS.get_self_broker(s).certificate_no == "ZHJJ-2024-017"


def test_revert_brings_back_the_stored_profile(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_chain(s)
    ws = _settings(qtbot, ctx)
    form = ws.profile.form
    assert form.rows["name"].editor.text() == "王经纪"  # type: ignore[attr-defined]
    _retype(qtbot, form.rows["name"].editor, "改了名字")
    assert form.dirty
    _click(qtbot, form, "revertProfile")
    assert form.rows["name"].editor.text() == "王经纪"  # type: ignore[attr-defined]
    assert not form.dirty and "档案完整" in ws.profile.readiness.text()


# -- reward policies ---------------------------------------------------------------------------------------


def _submitted_claim(ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, claim.id)


def test_a_version_used_by_a_submitted_claim_is_read_only(qtbot: QtBot, ctx: AppContext) -> None:
    _submitted_claim(ctx)
    ws = _settings(qtbot, ctx)
    page = ws.policies
    ws.show_section(page)
    page.select_version("zhenhai", 1)
    assert page.lock.isVisible() and "1 份" in page.lock.text()
    assert "1.5%" in page.detail.toPlainText() and "技术交易额" in page.detail.toPlainText()
    seen: list[PolicyVersionDialog] = []

    def look(dialog: QDialog) -> int:
        assert isinstance(dialog, PolicyVersionDialog)
        seen.append(dialog)
        dialog.show()
        assert dialog.read_only and dialog.lock.isVisible()
        assert not dialog.rate.isEnabled() and not dialog.cap_project.isEnabled()
        assert not dialog.attachments.isEnabled() and not dialog.save_button.isVisible()
        dialog.save()  # even if reached, nothing is written
        dialog.reject()
        return int(dialog.result())

    page.run_dialog = look  # type: ignore[method-assign]
    _click(qtbot, page, "editVersion")
    assert seen
    with ctx.store.session() as s:
        assert [r.version for r in pol.list_policies(s, all_versions=True) if r.policy_key == "zhenhai"] == [
            1
        ]


def test_a_new_version_is_created_from_the_ui_with_the_core_validating(qtbot: QtBot, ctx: AppContext) -> None:
    _submitted_claim(ctx)
    ws = _settings(qtbot, ctx)
    page = ws.policies
    ws.show_section(page)
    page.select_version("zhenhai", 1)

    def refused(dialog: QDialog) -> int:
        assert isinstance(dialog, PolicyVersionDialog) and not dialog.read_only
        dialog.show()
        # Marginal tiers whose bounds fall: the core refuses; the message sits under the tiers.
        dialog.rate_mode.setCurrentIndex(dialog.rate_mode.findData("marginal"))
        assert dialog.tiers.isVisible() and not dialog.rate.isVisible()
        assert dialog.tiers.rowCount() == 0  # a flat policy has no tiers yet
        rows = (("500000", "2"), ("100000", "1.5"), ("", "1"))  # the second bound falls below the first
        for row, (up_to, rate) in enumerate(rows):
            qtbot.mouseClick(dialog.add_tier, Qt.MouseButton.LeftButton)
            dialog.tiers.item(row, 0).setText(up_to)  # type: ignore[union-attr]
            dialog.tiers.item(row, 1).setText(rate)  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        error = dialog.findChild(QLabel, "error_tiers")
        assert error is not None and error.isVisible() and "第 2 档" in error.text()
        assert dialog.isVisible()
        # A rate typed as nonsense is caught before the core, in words a person understands.
        dialog.rate_mode.setCurrentIndex(dialog.rate_mode.findData("flat"))
        _retype(qtbot, dialog.rate, "百分之二")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        rate_error = dialog.findChild(QLabel, "error_rate")
        assert rate_error is not None and rate_error.isVisible() and "数字" in rate_error.text()
        dialog.reject()
        return int(dialog.result())

    page.run_dialog = refused  # type: ignore[method-assign]
    _click(qtbot, page, "newVersion")
    with ctx.store.session() as s:
        assert pol.get_policy(s, "zhenhai").version == 1

    def accepted(dialog: QDialog) -> int:
        assert isinstance(dialog, PolicyVersionDialog)
        dialog.show()
        _retype(qtbot, dialog.rate, "2")
        _retype(qtbot, dialog.cap_project, "200000")
        _retype(qtbot, dialog.effective_from, "2027-01-01")
        invoice = next(
            r
            for r in range(dialog.attachments.rowCount())
            if dialog.attachments.item(r, 0).data(Qt.ItemDataRole.UserRole) == "invoice"  # type: ignore[union-attr]
        )
        flag = dialog.attachments.item(invoice, 1)
        assert flag is not None and flag.checkState() == Qt.CheckState.Checked
        flag.setCheckState(Qt.CheckState.Unchecked)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    page.run_dialog = accepted  # type: ignore[method-assign]
    _click(qtbot, page, "newVersion")
    with ctx.store.session() as s:
        v2 = pol.get_policy(s, "zhenhai")
        rules = pol.rules_of(v2)
        v1 = pol.get_policy(s, "zhenhai", version=1)
    assert v2.version == 2 and rules.rate == Decimal("0.02") and rules.cap_per_project_fen == 20_000_000
    assert str(rules.effective_from) == "2027-01-01"
    assert not next(a for a in rules.attachments if a.code == "invoice").required
    assert pol.rules_of(v1).rate == Decimal("0.015")  # the version in use is untouched
    assert page.current_id() == v2.id and "第 2 版" in page.message.text()
    assert not page.lock.isVisible() and page.edit_button.text() == "修改此版本…"
    assert "2%" in page.detail.toPlainText() and "200,000.00" in page.detail.toPlainText()

    # The new version is nobody's yet: it can be edited in place.
    def renamed(dialog: QDialog) -> int:
        assert isinstance(dialog, PolicyVersionDialog) and not dialog.read_only and not dialog.new_version
        dialog.show()
        _retype(qtbot, dialog.name, "镇海区技术经纪人奖励（2027 年起）")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    page.run_dialog = renamed  # type: ignore[method-assign]
    _click(qtbot, page, "editVersion")
    with ctx.store.session() as s:
        assert pol.get_policy(s, "zhenhai", version=2).name == "镇海区技术经纪人奖励（2027 年起）"
        assert len(s.exec(select(Policy).where(col(Policy.policy_key) == "zhenhai")).all()) == 2


def test_the_default_policy_is_chosen_in_settings(qtbot: QtBot, ctx: AppContext) -> None:
    ws = _settings(qtbot, ctx)
    page = ws.policies
    ws.show_section(page)
    page.select_version("zhenhai", 1)
    assert not page.default_button.isEnabled()  # already the default
    page.select_version("shanghai-2016", 1)
    _click(qtbot, page, "setDefault")
    with ctx.store.session() as s:
        assert pol.get_policy(s).policy_key == "shanghai-2016"
    assert ctx.prefs.get("default_policy") == "shanghai-2016"
    assert not page.default_button.isEnabled() and "（默认）" in page.tree.topLevelItem(1).text(0)  # type: ignore[union-attr]


# -- language ---------------------------------------------------------------------------------------------


def _choose(qtbot: QtBot, button: QRadioButton) -> None:
    """Click the radio button's circle (its label may end long before the row does)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_the_language_is_stored_and_applies_after_a_restart(qtbot: QtBot, ctx: AppContext) -> None:
    ws = _settings(qtbot, ctx)
    page = ws.language
    ws.show_section(page)
    assert page.buttons[""].isChecked()
    _choose(qtbot, page.buttons["en"])
    assert ctx.prefs.get("language") == "en"
    assert "重新启动" in page.note.text() and "English" in page.note.text()
    _choose(qtbot, page.buttons["zh_CN"])
    assert ctx.prefs.get("language") == "zh_CN"
    assert page.note.text() == "当前界面语言：简体中文"


# -- data, backups, keys ----------------------------------------------------------------------------------


def test_backup_and_restore_through_the_settings(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_enterprise(s)
    ws = _settings(qtbot, ctx)
    page = ws.data
    ws.show_section(page)
    assert page.path_label.text() == str(ctx.store.path)
    _click(qtbot, page, "backupNow")
    assert page.progress.isVisible() or "已备份" in page.status.text()
    qtbot.waitUntil(lambda: "已备份" in page.status.text())
    assert not page.progress.isVisible()
    (backup,) = ctx.store.list_backups()
    assert page.selected_backup() == backup.path
    assert page.backups.topLevelItem(0).text(1) == "手动"  # type: ignore[union-attr]

    with ctx.store.session() as s:
        ENTERPRISES.create(s, {"name": "备份之后新建的企业"})
    asked: list[Path] = []

    def decline(path: Path) -> bool:
        asked.append(path)
        return False

    page.confirm_restore = decline  # type: ignore[method-assign]
    _click(qtbot, page, "restoreSelected")
    assert asked == [backup.path]
    with ctx.store.session() as s:
        assert ENTERPRISES.list(s).total == 2  # declined: nothing changed

    heard: list[Changes] = []
    ctx.bus.changed.connect(heard.append)
    page.confirm_restore = lambda path: True  # type: ignore[method-assign]
    _click(qtbot, page, "restoreSelected")
    qtbot.waitUntil(lambda: "已从" in page.status.text(), timeout=10000)
    with ctx.store.session() as s:
        assert [e.name for e in ENTERPRISES.list(s).rows] == ["宁波材料科技有限公司"]
    assert heard and set(ENTITY_TABLES) <= heard[-1].kinds
    reasons = [page.backups.topLevelItem(i).text(1) for i in range(page.backups.topLevelItemCount())]  # type: ignore[union-attr]
    assert "恢复前的数据" in reasons  # the replaced data was kept


def test_how_many_backups_to_keep_and_the_integrity_check(qtbot: QtBot, ctx: AppContext) -> None:
    ws = _settings(qtbot, ctx)
    page = ws.data
    ws.show_section(page)
    assert page.backups.topLevelItemCount() == 1 and "还没有备份" in page.backups.topLevelItem(0).text(0)  # type: ignore[union-attr]
    assert not page.restore_button.isEnabled()
    page.keep.setValue(3)
    assert ctx.prefs.get("backup_keep") == 3 and ctx.store.backup_keep == 3
    _click(qtbot, page, "integrityCheck")
    qtbot.waitUntil(lambda: "检查通过" in page.check_result.text())
    opened: list[Path] = []
    page.open_folder = opened.append  # type: ignore[method-assign,assignment]
    _click(qtbot, page, "openDataFolder")
    assert opened == [ctx.store.path.parent]


def test_passphrase_and_key_rotation_from_the_data_section(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        make_enterprise(s)
    ws = _settings(qtbot, ctx)
    page = ws.data
    ws.show_section(page)
    assert "系统钥匙串" in page.protection_label.text()
    page.ask_new_passphrase = lambda: PASSPHRASE  # type: ignore[method-assign]
    _click(qtbot, page, "changePassphrase")
    qtbot.waitUntil(lambda: "密码已设置" in page.status.text(), timeout=10000)
    assert "数据文件密码" in page.protection_label.text()
    assert ctx.store.keystore is not None and "passphrase" in ctx.store.keystore.mode()

    old_key = ctx.store.key
    shown: list[str] = []
    page.confirm_rotate = lambda: True  # type: ignore[method-assign]
    page.ask_passphrase = lambda: PASSPHRASE  # type: ignore[method-assign]
    page.show_recovery_key = shown.append  # type: ignore[method-assign,assignment]
    _click(qtbot, page, "rotateKey")
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert ctx.store.key != old_key
    assert RecoveryKey.parse(shown[0]).database_key() == ctx.store.key
    assert "上次更换密钥" in page.protection_label.text()
    with ctx.store.session() as s:
        assert ENTERPRISES.list(s).total == 1
