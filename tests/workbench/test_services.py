"""Entity services: validation at the field, nothing written on refusal, stages, lists, provenance."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tests.workbench.factories import HUAWEI_USCC, HUTOOL_USCC, PILOT_USCC, make_chain, make_enterprise
from workbench import i18n
from workbench.errors import NotFoundError, TransitionError, ValidationError
from workbench.models import ChangeLog, Enterprise, MatchStageEvent, Need, Technology
from workbench.services import (
    CONTACTS,
    CONTRACTS,
    ENTERPRISES,
    MATCHES,
    NEEDS,
    PAYMENTS,
    TECHNOLOGIES,
    VISITS,
    service_for,
)
from workbench.services.provenance import chains
from workbench.store import Store


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[tuple[str, str]]:
    return {(i.field, i.code) for i in exc.value.issues}


def test_invalid_uscc_is_refused_with_a_field_message_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(ValidationError) as exc, store.session() as s:
        ENTERPRISES.create(s, {"name": "测试企业", "uscc": "91330211ABC"})
    assert exc.value.issues[0].field == "uscc"
    assert "统一社会信用代码" in exc.value.issues[0].message or "18" in exc.value.issues[0].message
    with store.session() as s:
        assert s.exec(select(Enterprise)).all() == []
        assert s.exec(select(ChangeLog).where(ChangeLog.entity == "enterprise")).all() == []


def test_legacy_pilot_uscc_warns_and_saves_only_when_overridden(store: Store) -> None:
    with pytest.raises(ValidationError) as exc, store.session() as s:
        ENTERPRISES.create(s, {"name": "厦门试点企业", "uscc": PILOT_USCC})
    assert exc.value.errors == [] and exc.value.warnings[0].code == "uscc.checksum"
    with store.session() as s:
        ent = ENTERPRISES.create(s, {"name": "厦门试点企业", "uscc": PILOT_USCC}, accept_warnings=True)
    assert ent.uscc == PILOT_USCC


def test_uscc_is_normalised_and_gives_the_district_and_pinyin(store: Store) -> None:
    with store.session() as s:
        ent = ENTERPRISES.create(s, {"name": "宁波材料所", "uscc": " ９１４４０３００１９２２０３８２１６ "})
    assert ent.uscc == HUAWEI_USCC
    assert ent.division_code == "440300"
    assert ent.name_initials == "nbcls"


def test_duplicate_uscc_is_refused(store: Store) -> None:
    with store.session() as s:
        make_enterprise(s)
    with pytest.raises(ValidationError) as exc, store.session() as s:
        make_enterprise(s, name="另一家")
    assert ("uscc", "uscc.duplicate") in _codes(exc)


def test_update_keeps_other_fields_and_validates_only_what_changed(store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s, address="旧地址")
    with pytest.raises(ValidationError), store.session() as s:
        ENTERPRISES.update(s, ent.id, {"industry_code": "bad!"})
    with store.session() as s:
        again = ENTERPRISES.update(s, ent.id, {"address": "新地址"})
    assert again.address == "新地址" and again.uscc == HUAWEI_USCC


def test_unknown_field_and_missing_required_field_are_named(store: Store) -> None:
    with pytest.raises(ValidationError) as exc, store.session() as s:
        ENTERPRISES.create(s, {"colour": "red"})
    assert {("colour", "field.unknown"), ("name", "required")} <= _codes(exc)


def test_contact_phone_is_normalised_and_a_bad_one_refused(store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s)
        c = CONTACTS.create(
            s,
            {
                "enterprise_id": ent.id,
                "name": "李工",
                "mobile": "+86 139-5740-0002",
                "phone": "0574 62722436",
            },
        )
    assert (c.mobile, c.phone) == ("13957400002", "0574-62722436")
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CONTACTS.create(s, {"enterprise_id": ent.id, "name": "张工", "mobile": "12345"})
    assert exc.value.issues[0].field == "mobile"


def test_need_rules_keywords_and_dates(store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s)
    base = {"enterprise_id": ent.id, "title": "耐高温涂层"}
    with pytest.raises(ValidationError) as exc, store.session() as s:
        NEEDS.create(s, {**base, "keywords": "一,二,三,四,五,六"})
    assert exc.value.issues[0].field == "keywords"
    with pytest.raises(ValidationError) as exc, store.session() as s:
        NEEDS.create(
            s, {**base, "keywords": "涂层", "window_start": "2026-06-01", "window_end": "2026-01-01"}
        )
    assert ("window_end", "range.reversed") in _codes(exc)
    with pytest.raises(ValidationError) as exc, store.session() as s:
        NEEDS.create(s, {**base, "keywords": "涂层", "own_funds_fen": "-100"})
    assert exc.value.issues[0].field == "own_funds_fen"
    with store.session() as s:
        need = NEEDS.create(s, {**base, "keywords": "涂层，耐高温", "own_funds_fen": "500000.5"})
    assert need.keywords == ["涂层", "耐高温"] and need.own_funds_fen == 50000050 and need.status == "new"


def test_visit_cannot_end_before_it_starts_and_attendees_belong_to_the_enterprise(store: Store) -> None:
    with store.session() as s:
        a = make_enterprise(s)
        b = make_enterprise(s, name="另一家", uscc=HUTOOL_USCC)
        stranger = CONTACTS.create(s, {"enterprise_id": b.id, "name": "外人", "mobile": "13800000000"})
    with pytest.raises(ValidationError) as exc, store.session() as s:
        VISITS.create(
            s, {"enterprise_id": a.id, "started_at": "2026-03-05 10:00", "ended_at": "2026-03-05 09:00"}
        )
    assert ("ended_at", "range.reversed") in _codes(exc)
    with pytest.raises(ValidationError) as exc, store.session() as s:
        VISITS.create(
            s, {"enterprise_id": a.id, "started_at": "2026-03-05 10:00", "contact_ids": [stranger.id]}
        )
    assert ("contact_ids", "visit.attendee") in _codes(exc)


def test_technology_patents_are_normalised_and_a_wrong_check_digit_refused(store: Store) -> None:
    with store.session() as s:
        tech = TECHNOLOGIES.create(
            s, {"title": "石墨烯导热膜", "patents": "ＺＬ２０１９１０６０３５６５．１；cn 202110049384.6"}
        )
        numbers = [(p.number, p.patent_kind) for p in TECHNOLOGIES.patents(s, tech.id)]
    assert numbers == [("201910603565.1", "invention"), ("202110049384.6", "invention")]
    with pytest.raises(ValidationError) as exc, store.session() as s:
        TECHNOLOGIES.create(s, {"title": "占位", "patents": "ZL202310123456.7"})
    assert exc.value.issues[0].field == "patents"
    with store.session() as s:
        assert s.exec(select(Technology).where(Technology.title == "占位")).all() == []


def test_match_pipeline_refuses_impossible_moves_with_reasons(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, contract=False)
        m = chain.match
        assert s.get(Need, chain.need.id).status == "matched"  # type: ignore[union-attr]
    with pytest.raises(TransitionError, match="合同"), store.session() as s:
        MATCHES.move(s, m.id, "contracted")
    with pytest.raises(TransitionError, match="原因"), store.session() as s:
        MATCHES.move(s, m.id, "dropped")
    with pytest.raises(TransitionError), store.session() as s:
        MATCHES.move(s, m.id, "candidate")
    with store.session() as s:
        MATCHES.move(s, m.id, "negotiating", note="双方见面")
        MATCHES.move(s, m.id, "dropped", reason="价格谈不拢")
        history = [(e.from_stage, e.to_stage) for e in MATCHES.history(s, m.id)]
    assert history == [(None, "candidate"), ("candidate", "negotiating"), ("negotiating", "dropped")]
    with pytest.raises(ValidationError) as exc, store.session() as s:
        MATCHES.create(s, {"need_id": chain.need.id, "technology_id": chain.technology.id})
    assert ("technology_id", "match.duplicate") in _codes(exc)


def test_contract_from_a_match_moves_the_match_and_the_need(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        assert chain.contract.buyer_name == "宁波材料科技有限公司"
        assert chain.contract.seller_name == "宁波大学"
        assert chain.contract.buyer_division_code == "330211"
        match = MATCHES.get(s, chain.match.id)
        assert match.stage == "contracted"
        assert NEEDS.get(s, chain.need.id).status == "contracted"
        events = s.exec(select(MatchStageEvent).where(MatchStageEvent.match_id == match.id)).all()
        assert events[-1].to_stage == "contracted"
    with pytest.raises(TransitionError), store.session() as s:
        MATCHES.move(s, chain.match.id, "intent")


def test_contract_amount_rules(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, contract=False)
    base = {"title": "项目", "contract_type": "技术开发", "seller_name": "宁波大学", "buyer_name": "某企业"}
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CONTRACTS.create(s, {**base, "total_fen": "100", "tech_amount_fen": "200"})
    assert ("tech_amount_fen", "contract.tech_gt_total") in _codes(exc)
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CONTRACTS.create(s, {**base, "total_fen": "100.123", "tech_amount_fen": "1"})
    assert exc.value.issues[0].field == "total_fen"
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CONTRACTS.create(s, {**base, "total_fen": "100", "tech_amount_fen": "1", "registration_no": "ABC-1"})
    assert exc.value.errors == [] and exc.value.warnings[0].code == "contract.registration_format"
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CONTRACTS.create(
            s,
            {
                **base,
                "total_fen": "1",
                "tech_amount_fen": "1",
                "signed_on": "2026-05-01",
                "registered_on": "2026-04-01",
            },
        )
    assert ("registered_on", "range.reversed") in _codes(exc)
    assert chain.contract is None


def test_payments_total_and_over_payment_warning(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        cid = chain.contract.id
        PAYMENTS.create(
            s, {"contract_id": cid, "paid_on": "2026-04-10", "amount_fen": "150000", "invoice_no": "No.0001"}
        )
    with pytest.raises(ValidationError) as exc, store.session() as s:
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-05-10", "amount_fen": "60000"})
    assert exc.value.warnings[0].code == "payment.over_total"
    with pytest.raises(ValidationError) as exc, store.session() as s:
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-05-10", "amount_fen": "0"})
    assert exc.value.issues[0].field == "amount_fen"
    with store.session() as s:
        assert CONTRACTS.received_fen(s, cid) == 15_000_000


def test_list_filters_sorts_pages_and_finds_by_pinyin(store: Store) -> None:
    names = ["宁波材料科技有限公司", "镇海石化设备有限公司", "北仑汽车零部件有限公司"]
    with store.session() as s:
        for name in names:
            ENTERPRISES.create(s, {"name": name})
    with store.session() as s:
        assert [e.name for e in ENTERPRISES.list(s, text="zhsh").rows] == ["镇海石化设备有限公司"]
        assert [e.name for e in ENTERPRISES.list(s, text="石化").rows] == ["镇海石化设备有限公司"]
        assert ENTERPRISES.list(s, text="１００%").total == 0  # LIKE wildcards in user text are literal
        page = ENTERPRISES.list(s, order_by="name", offset=1, limit=1)
        assert page.total == 3 and len(page.rows) == 1
        with pytest.raises(ValidationError):
            ENTERPRISES.list(s, order_by="nope")


def test_soft_delete_hides_and_restore_brings_back(store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s)
    with store.session() as s:
        ENTERPRISES.delete(s, [ent.id])
    with store.session() as s:
        assert ENTERPRISES.list(s).total == 0
        assert ENTERPRISES.list(s, include_deleted=True).total == 1
        with pytest.raises(NotFoundError):
            ENTERPRISES.get(s, ent.id)
        ENTERPRISES.restore(s, [ent.id])
    with store.session() as s:
        assert ENTERPRISES.list(s).total == 1


def test_an_enterprise_with_contracts_cannot_be_deleted(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
    with pytest.raises(TransitionError), store.session() as s:
        ENTERPRISES.delete(s, [chain.enterprise.id])


def test_provenance_is_queryable_from_both_ends(store: Store) -> None:
    from workbench.services import CLAIMS

    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id)
    with store.session() as s:
        up = chains(s, "claim", claim.id)
        down = chains(s, "visit", chain.visit.id)
    for found in (up, down):
        assert len(found) == 1
        c = found[0]
        assert c.visit is not None and c.visit.id == chain.visit.id
        assert c.need is not None and c.need.id == chain.need.id
        assert c.technology is not None and c.technology.id == chain.technology.id
        assert c.contract is not None and [x.id for x in c.claims] == [claim.id]


def test_messages_follow_the_language(store: Store) -> None:
    i18n.set_language("en")
    with pytest.raises(ValidationError) as exc, store.session() as s:
        ENTERPRISES.create(s, {"name": ""})
    assert exc.value.issues[0].message == "Name is required"


def test_service_for_accepts_plurals() -> None:
    assert service_for("contracts").kind == "contract"
    assert service_for("technologies").kind == "technology"
    with pytest.raises(KeyError):
        service_for("widgets")


def test_deleted_records_are_not_valid_references(store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s)
        ENTERPRISES.delete(s, [ent.id])
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CONTACTS.create(s, {"enterprise_id": ent.id, "name": "某人", "mobile": "13800000000"})
    assert ("enterprise_id", "ref.missing") in _codes(exc)
    with store.session() as s:
        assert s.exec(select(Enterprise).where(col(Enterprise.deleted_at).is_not(None))).one().id == ent.id
