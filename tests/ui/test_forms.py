"""Forms generated from the field catalogue: labels, help and required marks come from the core, and
problems are placed at the field the core names."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from tests.ui.typing_helpers import keep_out_of_prompts, type_text
from tests.workbench.factories import make_chain
from ui import sources
from ui.context import AppContext
from ui.forms import EntityFormDialog, FieldRow, Hint, catalog_fields
from ui.workspaces.contracts import contract_fields
from ui.workspaces.needs import need_fields
from workbench import catalog, i18n
from workbench.errors import TransitionError
from workbench.models import Broker
from workbench.services import BROKERS, CONTRACTS, MATCHES
from workbench.services.base import Changes


def _profile_fields() -> list[Any]:
    # What the settings page's profile form becomes (see the catalogue's worked example).
    return catalog_fields("broker", exclude=("is_self", "notes"))


def test_a_field_added_to_the_catalogue_appears_in_the_form_with_its_validation(
    qtbot: QtBot, ctx: AppContext
) -> None:
    fields = {f.key: f for f in _profile_fields()}
    assert fields["address"].label == "通讯地址"
    assert "不超过 200 字" in fields["address"].help
    dialog = EntityFormDialog(ctx, BROKERS, _profile_fields(), title="经纪人档案")
    qtbot.addWidget(dialog)
    keep_out_of_prompts(dialog)
    type_text(qtbot, dialog.rows["name"].editor, "王经纪")
    editor = dialog.rows["address"].editor
    assert isinstance(editor, QLineEdit)
    editor.setText("路" * 201)
    dialog.save()
    message = dialog.findChild(QLabel, "error_address")
    assert message is not None and not message.isHidden()
    assert "200" in message.text()
    assert editor.text() == "路" * 201  # nothing typed is lost
    editor.setText("宁波市镇海区庄市大道 1 号")
    dialog.save()
    assert dialog.result() == EntityFormDialog.DialogCode.Accepted
    with ctx.store.session() as s:
        saved = s.get(Broker, dialog.result_record.id)
        assert saved is not None and saved.address == "宁波市镇海区庄市大道 1 号"


def test_labels_help_and_required_marks_come_from_the_catalogue() -> None:
    contract = {f.key: f for f in contract_fields()}
    assert contract["total_fen"].label == "合同成交额（元）" and contract["total_fen"].required
    assert contract["contract_type"].required and contract["contract_type"].kind == "choice"
    assert "选择后自动填写买方名称" in contract["buyer_enterprise_id"].help
    need = {f.key: f for f in need_fields()}
    assert need["problem"].help == "现状和瓶颈；不超过 500 字"
    assert need["keywords"].placeholder == "1–5 个，用逗号、顿号或空格分开"
    assert "status" not in need  # moved by its own operation, never typed
    i18n.set_language("en")
    english = {f.key: f for f in need_fields()}
    assert english["own_funds_fen"].label == "Own funds (yuan)"


def test_a_reference_without_a_source_or_a_hint_for_no_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="needs a Hint"):
        catalog_fields("need")
    with pytest.raises(ValueError, match="not on the need form"):
        catalog_fields("need", {"enterprise_id": Hint(source=sources.enterprises), "nope": Hint()})


class _RefusingForm(EntityFormDialog):
    def after_save(self, session: Session, record: Any) -> None:
        raise TransitionError("备案号不符", code="need.no_filing_no", field="account_name")


def test_an_operation_error_naming_a_field_is_shown_at_that_field(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _RefusingForm(ctx, BROKERS, _profile_fields(), title="经纪人档案")
    qtbot.addWidget(dialog)
    keep_out_of_prompts(dialog)
    type_text(qtbot, dialog.rows["name"].editor, "王经纪")
    dialog.save()
    message = dialog.findChild(QLabel, "error_account_name")
    assert message is not None and not message.isHidden() and message.text() == "备案号不符"
    assert dialog.banner.isHidden()
    with ctx.store.session() as s:
        assert BROKERS.list(s).total == 0  # the unit of work was rolled back


def test_saving_a_contract_publishes_the_match_and_need_it_moved(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.session() as s:
        chain = make_chain(s, contract=False)
        for stage in ("recommended", "introduced", "negotiating", "intent"):
            MATCHES.move(s, chain.match.id, stage)
    published: list[Changes] = []
    ctx.bus.changed.connect(published.append)
    dialog = EntityFormDialog(
        ctx,
        CONTRACTS,
        contract_fields(),
        title="新建合同",
        initial={
            "match_id": chain.match.id,
            "seller_institution_id": chain.institution.id,
            "buyer_enterprise_id": chain.enterprise.id,
            "contract_type": "transfer",
        },
        labels={
            "match_id": "对接",
            "seller_institution_id": chain.institution.name,
            "buyer_enterprise_id": chain.enterprise.name,
        },
    )
    qtbot.addWidget(dialog)
    keep_out_of_prompts(dialog)
    type_text(qtbot, dialog.rows["title"].editor, "碳纤维成型技术转让")
    for key in ("total_fen", "tech_amount_fen"):
        type_text(qtbot, dialog.rows[key].editor, "100000")
    dialog.save()
    assert dialog.result() == EntityFormDialog.DialogCode.Accepted, dialog.banner.text()
    assert published and published[-1].kinds == {"contract", "match", "need"}


def test_every_editable_catalogue_field_gets_a_working_editor(qtbot: QtBot, ctx: AppContext) -> None:
    """A field added to any entity must produce a form row, whatever its kind."""

    def no_choices(session: Session, text: str) -> list[tuple[str, str]]:
        return []

    for entry in catalog.entities():
        refs = {f.name: Hint(source=no_choices) for f in entry.editable() if f.kind == "reference"}
        for fd in catalog_fields(entry.name, refs):
            row = FieldRow(ctx, fd)
            qtbot.addWidget(row.editor)
            assert row.editor.objectName() == f"field_{fd.key}"
            assert fd.label == entry.field(fd.key).heading()
