"""The field catalogue: complete against the models, labelled, unambiguous for imports, and the one
source the services validate from."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from sqlmodel import Session

from tests.workbench.factories import make_chain
from workbench import catalog, enums, i18n
from workbench.catalog import schema
from workbench.errors import ValidationError
from workbench.models import Broker, Enterprise
from workbench.services import BROKERS, CONTRACTS, ENTERPRISES, MATCHES, NEEDS, SERVICES
from workbench.services.base import changes_in, contains_pattern, escape_like
from workbench.services.entities import self_broker
from workbench.store import Store

# Columns no person edits and no catalogue entry describes: identity and timestamps of every record, and
# what the claim and policy operations compute and freeze (snapshots, PDFs, fingerprints).
SYSTEM = {"id", "created_at", "updated_at", "deleted_at"}
COMPUTED = {
    "claim": {"policy_snapshot", "computation", "pdf_bytes", "pdf_sha256"},
    "policy": {"data", "fingerprint"},
}
# Inputs that are not columns: they become rows of link tables in the service's after_write.
NOT_COLUMNS = {"technology": {"patents"}, "visit": {"broker_ids", "contact_ids"}}

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_catalogue_covers_every_entity_a_broker_edits() -> None:
    assert set(SERVICES) <= set(catalog.CATALOG)
    assert {"claim_share", "policy"} <= set(catalog.CATALOG)


@pytest.mark.parametrize("entry", catalog.entities(), ids=lambda e: e.name)
def test_every_user_column_is_in_the_catalogue_and_every_field_is_a_column(entry: catalog.Entity) -> None:
    columns = set(entry.model.model_fields) - SYSTEM - COMPUTED.get(entry.name, set())
    if entry.name == "claim_share":
        columns -= {"id"}
    fields = set(entry.names()) - NOT_COLUMNS.get(entry.name, set())
    assert columns - fields == set(), "columns missing from the catalogue"
    assert fields - columns == set(), "catalogue fields that are no column"


@pytest.mark.parametrize("entry", catalog.entities(), ids=lambda e: e.name)
def test_every_field_has_a_chinese_and_an_english_label(entry: catalog.Entity) -> None:
    zh, en = entry.label
    assert CJK.search(zh) and en.isascii()
    for f in entry.fields:
        zh, en = f.label
        assert CJK.search(zh), f.name
        assert en and en.isascii() and not CJK.search(en), f.name
        if f.help:
            assert CJK.search(f.help[0]) and f.help[1] and not CJK.search(f.help[1]), f.name


@pytest.mark.parametrize("entry", catalog.entities(), ids=lambda e: e.name)
def test_an_import_heading_names_at_most_one_field(entry: catalog.Entity) -> None:
    owner: dict[str, str] = {}
    for f in entry.fields:
        for heading in f.headings():
            key = heading.strip().lower()
            assert owner.setdefault(key, f.name) == f.name, f"{heading!r}: {owner[key]} and {f.name}"


@pytest.mark.parametrize("entry", catalog.entities(), ids=lambda e: e.name)
def test_natural_keys_name_real_fields_and_agree_with_the_field_flags(entry: catalog.Entity) -> None:
    assert entry.natural_key, "every entity says how it is recognised outside the database"
    for name in entry.natural_key:
        assert name in entry
    assert {f.name for f in entry.fields if f.natural_key} == set(entry.natural_key)


def test_natural_keys_of_the_main_entities() -> None:
    assert catalog.entity("enterprise").natural_key == ("uscc",)
    assert catalog.entity("institution").natural_key == ("uscc",)
    assert catalog.entity("technology").natural_key == ("patents",)
    assert catalog.entity("need").natural_key == ("enterprise_id", "title")
    assert catalog.entity("visit").natural_key == ("enterprise_id", "started_at")
    note = catalog.entity("technology").natural_key_note
    assert note is not None and "201811564288.X" in note[0]


@pytest.mark.parametrize("entry", catalog.entities(), ids=lambda e: e.name)
def test_help_texts_state_the_limits(entry: catalog.Entity) -> None:
    for f in entry.editable():
        text = f.help_text()
        if f.max_len is not None and f.kind in {schema.TEXT, schema.MULTILINE}:
            assert f"不超过 {f.max_len} 字" in text, f.name
        if f.max_items is not None:
            assert str(f.max_items) in text, f.name
        if f.kind == schema.MONEY:
            assert "元" in text, f.name


def test_help_is_generated_in_the_current_language() -> None:
    problem = catalog.entity("need").field("problem")
    assert problem.help_text() == "现状和瓶颈；不超过 500 字"
    assert catalog.entity("need").field("keywords").help_text() == "1–5 个；用逗号、顿号或空格分开"
    i18n.set_language("en")
    assert problem.help_text() == "Where things stand and what blocks them; at most 500 characters"
    assert catalog.entity("contract").field("total_fen").heading() == "Contract total (yuan)"


def test_import_headings_find_their_field_by_label_alias_or_unit() -> None:
    ent = catalog.entity("enterprise")
    for heading in ("企业名称", "单位名称", "公司名称", "Company", " enterprise "):
        assert ent.match_heading(heading) is ent.field("name"), heading
    for heading in ("统一社会信用代码", "信用代码", "ＵＳＣＣ"):
        assert ent.match_heading(heading) is ent.field("uscc"), heading
    assert ent.match_heading("所属行业") is ent.field("industry_code")
    assert ent.match_heading("区县") is ent.field("division_code")
    assert ent.match_heading("拼音首字母") is None  # derived, never imported
    tech = catalog.entity("technology")
    assert tech.match_heading("专利申请号") is tech.field("patents")
    assert tech.match_heading("专利权人") is tech.field("institution_id")
    assert tech.match_heading("技术名称") is tech.field("title")
    assert catalog.entity("contract").match_heading("合同成交额（元）").name == "total_fen"  # type: ignore[union-attr]
    payment = catalog.entity("payment")
    assert payment.field("paid_on").label[0] == "到账日期"  # the app's one word for received money
    for heading in ("到账日期", "到款日期", "收款日期"):  # older sheets say 到款
        assert payment.match_heading(heading) is payment.field("paid_on"), heading
    assert payment.match_heading("到款金额") is payment.field("amount_fen")


def test_a_heading_row_maps_to_fields_and_says_what_did_not_fit() -> None:
    mapped = catalog.entity("enterprise").map_headings(
        ["单位名称", "信用代码", "备注栏", "公司名称", "所属行业"]
    )
    assert {i: f.name for i, f in mapped.columns.items()} == {0: "name", 1: "uscc", 4: "industry_code"}
    assert mapped.unknown == (2,) and mapped.repeated == (3,) and mapped.missing == ()
    assert catalog.entity("need").map_headings(["关键词"]).missing == ("enterprise_id", "title")


def test_natural_keys_compare_cleaned_values() -> None:
    tech = catalog.entity("technology")
    typed = [tech.field("patents").clean(raw).value for raw in ("ZL201811564288.X", " 2018 1156 4288.x ")]
    keys = {tech.key_of({"patents": value}) for value in typed}
    assert keys == {("201811564288.X",)}
    assert tech.key_of({"patents": []}) is None
    need = catalog.entity("need")
    assert need.key_of({"enterprise_id": "e1", "title": "碳纤维"}) == ("e1", "碳纤维")
    assert need.key_of({"enterprise_id": "e1", "title": ""}) is None


def test_values_are_displayed_as_yuan_labels_and_iso_dates() -> None:
    contract = catalog.entity("contract")
    assert contract.field("total_fen").format(12345678) == "123456.78"
    assert contract.field("contract_type").format("licence") == "技术许可"
    assert contract.field("signed_on").format(date(2026, 3, 5)) == "2026-03-05"
    assert catalog.entity("need").field("confidential").format(True) == "是"
    assert (
        catalog.entity("technology").field("transfer_modes").format(["transfer", "equity"])
        == "转让、作价入股"
    )
    assert catalog.entity("claim_share").field("percent_bp").format(3350) == "33.5"
    assert catalog.entity("contract").field("contract_type").format("future_kind") == "future_kind"


# (entity, field, raw input, cleaned value or None, issue codes) — what the services' own field specs
# gave before the catalogue existed, recorded from them; the catalogue must give the same.
BEFORE = [
    ("enterprise", "uscc", "91330211MA2H3XKC8X", "91330211MA2H3XKC8X", ["uscc.checksum"]),
    ("enterprise", "division_code", "33021", None, ["digits.invalid"]),
    ("enterprise", "industry_code", "Z99", None, ["industry.invalid"]),
    ("enterprise", "industry_code", "C2614", "C2614", []),
    ("enterprise", "high_tech", "是", True, []),
    ("enterprise", "high_tech", "maybe", None, ["flag.invalid"]),
    ("enterprise", "name", "x" * 600, None, ["text.too_long"]),
    ("enterprise", "engineering_centre", "", None, ["required"]),
    ("contact", "mobile", "13805740000", "13805740000", []),
    ("contact", "phone", "0574-88888888", "0574-88888888", []),
    ("contact", "email", "not-mail", None, ["email.invalid"]),
    ("need", "own_funds_fen", "1234.56", 123456, []),
    ("need", "own_funds_fen", "-5", None, ["amount.negative"]),
    ("need", "keywords", "a,b,c,d,e,f", None, ["keywords.too_many"]),
    ("need", "keywords", "", None, ["required"]),
    ("need", "title", "x" * 120, None, ["text.too_long"]),
    ("technology", "patents", "ZL201811564288.X", [("201811564288.X", "invention")], []),
    ("technology", "patents", "201811564288.5", None, ["patent.checksum"]),
    ("technology", "transfer_modes", "转让、许可", ["transfer", "licence"], []),
    ("technology", "maturity", "bogus", None, ["choice.invalid"]),
    ("technology", "inventors", "碳纤维，复合材料", ["碳纤维", "复合材料"], []),
    ("broker", "level", "初级", "junior", []),
    ("broker", "id_card", "330211199001011234", None, ["id_card.checksum"]),
    ("broker", "email", "a@b.cn", "a@b.cn", []),
    ("payment", "amount_fen", "0", None, ["amount.zero"]),
    ("contract", "signed_on", "2026/3/5", date(2026, 3, 5), []),
    ("contract", "signed_on", "2026-13-01", None, ["date.invalid"]),
    ("visit", "started_at", "", None, ["required"]),
]


@pytest.mark.parametrize(("kind", "name", "raw", "value", "codes"), BEFORE)
def test_cleaning_through_the_catalogue_gives_what_the_services_gave(
    kind: str, name: str, raw: Any, value: Any, codes: list[str]
) -> None:
    f = catalog.entity(kind).field(name)
    checked = f.clean(raw)
    assert sorted(i.code for i in checked.issues) == codes
    assert all(i.field == name for i in checked.issues)
    if checked.ok:
        assert checked.value == value


def test_the_services_validate_with_the_catalogue_fields_themselves() -> None:
    for kind, service in SERVICES.items():
        if kind == "claim":
            continue  # claims are written through their own operations
        entry = catalog.entity(kind)
        assert dict(service.field_specs) == {f.name: f for f in entry.editable()}
        assert entry.readonly() <= service.readonly_fields


def test_a_number_from_a_spreadsheet_cell_is_checked_as_its_text() -> None:
    contact = catalog.entity("contact")
    assert contact.field("mobile").clean(13805740000).value == "13805740000"
    assert catalog.entity("contract").field("signed_on").clean(20260305).value == date(2026, 3, 5)
    assert catalog.entity("technology").field("keywords").clean(42).value == ["42"]


def test_a_started_at_typed_without_zone_is_local_time() -> None:
    value = catalog.entity("visit").field("started_at").clean("2026-03-05 14:30").value
    assert isinstance(value, datetime) and value.tzinfo is not None


def test_every_labelled_enum_has_both_labels_for_every_member() -> None:
    core = [c for c in enums.LabelledEnum.__subclasses__() if c.__module__.startswith("workbench")]
    assert len(core) >= 10
    for cls in core:
        for member in cls:
            zh, en = member.labels
            assert CJK.search(zh) and en, member
            assert cls.parse(zh) is member and cls.parse(en.upper()) is member


def test_an_enum_declared_elsewhere_attaches_its_labels() -> None:
    @enums.labelled({"flat": ("统一比例", "Flat rate"), "tiered": ("分段", "Tiers")})
    class Mode(enums.LabelledEnum):
        FLAT = "flat"
        TIERED = "tiered"

    assert Mode.FLAT.label == "统一比例"
    assert Mode.parse("Tiers") is Mode.TIERED
    with pytest.raises(ValueError, match="no labels"):

        @enums.labelled({"a": ("甲", "A")})
        class Broken(enums.LabelledEnum):
            A = "a"
            B = "b"


def test_the_broker_address_needs_only_its_catalogue_entry(store: Store) -> None:
    """The worked example: a new field is validated, stored and exported with no service change."""
    entry = catalog.entity("broker")
    assert "address" in {f.name for f in entry.for_import()}
    assert "通讯地址" in [f.heading() for f in entry.for_export()]
    with pytest.raises(ValidationError) as exc, store.session() as s:
        BROKERS.create(s, {"name": "王经纪", "address": "路" * 201})
    assert [(i.field, i.code) for i in exc.value.issues] == [("address", "text.too_long")]
    with store.session() as s:
        broker = BROKERS.create(
            s, {"name": "王经纪", "address": " 宁波市镇海区庄市大道 1 号 ", "is_self": True}
        )
        ident = broker.id
    with store.session() as s:
        stored = s.get(Broker, ident)
        assert stored is not None and stored.address == "宁波市镇海区庄市大道 1 号"
        assert entry.row(stored)["address"] == "宁波市镇海区庄市大道 1 号"
        assert self_broker(s) is not None and self_broker(s).id == ident  # type: ignore[union-attr]


def test_every_write_notes_what_it_changed_side_effects_included(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, contract=False)
    with store.session() as s:
        for stage in ("recommended", "introduced", "negotiating", "intent"):
            MATCHES.move(s, chain.match.id, stage)
        assert changes_in(s).kinds == {"match"}
    with store.session() as s:
        contract = CONTRACTS.create(
            s,
            {
                "match_id": chain.match.id,
                "seller_institution_id": chain.institution.id,
                "buyer_enterprise_id": chain.enterprise.id,
                "title": "碳纤维成型技术转让",
                "contract_type": "transfer",
                "total_fen": "100000",
                "tech_amount_fen": "100000",
            },
        )
        changed = changes_in(s)
    # The contract moved its match to "contracted" and its need to "contracted": all three are reported.
    assert changed.kinds == {"contract", "match", "need"}
    assert {contract.id, chain.match.id, chain.need.id} <= set(changed.ids)
    with store.session() as s:
        done = ENTERPRISES.delete(s, [_spare_enterprise(s).id])
        assert changes_in(s) == done
    with store.session() as s:
        NEEDS.update(s, chain.need.id, {"title": "碳纤维复合材料成型工艺（修订）"})
        assert changes_in(s).ids == (chain.need.id,)


def _spare_enterprise(session: Session) -> Enterprise:
    return ENTERPRISES.create(session, {"name": "待删除企业"})


def test_like_wildcards_typed_by_a_person_match_literally() -> None:
    assert escape_like("50%_off\\") == "50\\%\\_off\\\\"
    assert contains_pattern("a_b") == "%a\\_b%"
