"""The read layer on a real encrypted store: every list, board and panel row the UI shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.workbench.claim_samples import normal_claim
from tests.workbench.factories import Chain, make_chain, make_enterprise
from workbench.errors import WorkbenchError
from workbench.queries import as_local, like_pattern
from workbench.queries.claims import claim_ids_by_number, claim_list_facts
from workbench.queries.common import name_of, names_of
from workbench.queries.contracts import (
    ContractStatus,
    contract_list_facts,
    policy_choices,
    prefill_from_match,
    status_of_contract,
)
from workbench.queries.enterprises import enterprise_detail, enterprise_list_facts
from workbench.queries.matching import need_descriptions, technology_abstracts
from workbench.queries.needs import need_list_facts, need_matches
from workbench.queries.pipeline import match_parties, stage_cards
from workbench.queries.search import enterprise_of, fallback_search
from workbench.queries.status import live_counts
from workbench.queries.technologies import technology_list_facts, technology_matches
from workbench.queries.visits import visit_detail, visit_list_facts
from workbench.services import (
    CLAIMS,
    CONTACTS,
    CONTRACTS,
    ENTERPRISES,
    MATCHES,
    NEEDS,
    PAYMENTS,
    TECHNOLOGIES,
    VISITS,
)
from workbench.store import Store


def _chain(store: Store, **over: object) -> Chain:
    with store.session(actor="test") as s:
        return make_chain(s, **over)  # type: ignore[arg-type]


def test_like_pattern_escapes_the_wildcards() -> None:
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_pipeline_cards_of_a_stage_with_owner_days_and_count(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session() as s:
        entered = as_local(MATCHES.history(s, chain.match.id)[-1].at).date()
        page = stage_cards(s, "candidate", with_total=True, today=entered - timedelta(days=3))
        week = stage_cards(s, "candidate", today=entered + timedelta(days=7))
        later = stage_cards(s, "candidate", today=date(2099, 1, 1))
        empty = stage_cards(s, "intent", with_total=True)
    assert page.total == 1
    (card,) = page.cards
    assert (card.id, card.need_title, card.enterprise, card.owner) == (
        chain.match.id,
        "高性能碳纤维复合材料成型工艺",
        "宁波材料科技有限公司",
        "宁波大学",
    )
    assert card.days == 0  # a "today" before the stage was entered never counts negative days
    assert week.cards[0].days == 7
    assert later.cards[0].days > 20000
    assert later.total is None and empty.cards == [] and empty.total == 0


def test_pipeline_filter_finds_by_enterprise_initials_and_treats_wildcards_literally(store: Store) -> None:
    _chain(store, contract=False)
    with store.session() as s:
        by_title = stage_cards(s, "candidate", text="碳纤维").cards
        by_initials = stage_cards(s, "candidate", text="nbcl").cards
        by_percent = stage_cards(s, "candidate", text="%").cards
    assert len(by_title) == 1 and len(by_initials) == 1
    assert by_percent == []  # "%" is a character to find, not "anything"


def test_match_parties_names_everyone_and_survives_a_missing_match(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session() as s:
        parties = match_parties(s, chain.match.id)
        nobody = match_parties(s, "no-such-match")
    assert parties.need_title == "高性能碳纤维复合材料成型工艺"
    assert (parties.enterprise, parties.owner) == ("宁波材料科技有限公司", "宁波大学")
    assert nobody.need_title == nobody.owner == ""


def test_visit_list_facts_count_per_visit_and_mark_overdue_follow_ups(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session(actor="test") as s:
        VISITS.update(s, chain.visit.id, {"follow_up_on": "2026-03-20"})
        visit = VISITS.get(s, chain.visit.id)
        facts = visit_list_facts(s, [visit])
    assert facts.enterprises == {chain.enterprise.id: "宁波材料科技有限公司"}
    assert facts.brokers == {visit.id: "王经纪"}
    assert facts.attendees == {visit.id: 1} and facts.needs == {visit.id: 1}
    assert facts.is_overdue(visit, today=date(2026, 3, 21))
    assert not facts.is_overdue(visit, today=date(2026, 3, 20))
    with store.session(actor="test") as s:
        VISITS.create(s, {"enterprise_id": chain.enterprise.id, "started_at": "2026-03-25 10:00"})
        again = visit_list_facts(s, [VISITS.get(s, chain.visit.id)])
    assert not again.is_overdue(visit, today=date(2026, 4, 1))  # visited again since


def test_visit_detail_lists_brokers_attendees_and_needs(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session() as s:
        detail = visit_detail(s, chain.visit.id)
    assert detail.enterprise == "宁波材料科技有限公司" and detail.brokers == ["王经纪"]
    assert [(p.name, p.phone) for p in detail.attendees] == [("李工", "13957400002")]
    assert [(n.id, n.title) for n in detail.needs] == [(chain.need.id, "高性能碳纤维复合材料成型工艺")]


def test_a_deleted_record_reads_as_not_found(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session(actor="test") as s:
        MATCHES.delete(s, [chain.match.id])
        NEEDS.delete(s, [chain.need.id])
        VISITS.delete(s, [chain.visit.id])
    with store.session() as s, pytest.raises(WorkbenchError):
        visit_detail(s, chain.visit.id)


def test_enterprise_detail_and_contact_counts(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session(actor="test") as s:
        other = make_enterprise(s, name="海天塑机集团有限公司", uscc=None)
        gone = CONTACTS.create(
            s, {"enterprise_id": chain.enterprise.id, "name": "离职员工", "mobile": "13957400003"}
        )
        CONTACTS.delete(s, [gone.id])
        ents = [ENTERPRISES.get(s, chain.enterprise.id), ENTERPRISES.get(s, other.id)]
        counts = enterprise_list_facts(s, ents)
        detail = enterprise_detail(s, chain.enterprise.id)
    assert counts.contacts == {chain.enterprise.id: 1}
    assert [c.name for c in detail.contacts] == ["李工"]
    assert [v.id for v in detail.visits] == [chain.visit.id]
    assert [n.title for n in detail.needs] == ["高性能碳纤维复合材料成型工艺"]


def test_need_and_technology_facts_and_their_matches(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session(actor="test") as s:
        TECHNOLOGIES.update(s, chain.technology.id, {"patents": "ZL201811564288.X\nZL201910000001.9"})
        need_facts = need_list_facts(s, [NEEDS.get(s, chain.need.id)])
        tech_facts = technology_list_facts(s, [TECHNOLOGIES.get(s, chain.technology.id)])
        of_need = need_matches(s, chain.need.id)
        of_tech = technology_matches(s, chain.technology.id)
    assert need_facts.matches == {chain.need.id: 1}
    assert need_facts.enterprises == {chain.enterprise.id: "宁波材料科技有限公司"}
    assert tech_facts.institutions == {chain.institution.id: "宁波大学"}
    assert tech_facts.patents[chain.technology.id].count == 2
    assert [(m.id, m.stage, m.institution) for m in of_need] == [(chain.match.id, "candidate", "宁波大学")]
    assert [(m.need, m.enterprise) for m in of_tech] == [
        ("高性能碳纤维复合材料成型工艺", "宁波材料科技有限公司")
    ]


def test_contract_facts_sum_live_payments_and_count_claims(store: Store) -> None:
    with store.session(actor="test") as s:
        sample = normal_claim(s)
        contract = sample.contract_id
        facts = contract_list_facts(s, [CONTRACTS.get(s, contract)])
        claims = claim_list_facts(s, [CLAIMS.get(s, sample.claim_id)])
        ids = claim_ids_by_number(s)
    assert facts.received_fen == {contract: 10_000_000} and facts.claims == {contract: 1}
    assert claims.contracts == {contract: "碳纤维复合材料成型技术转让"}
    assert claims.brokers == {sample.broker_id: "王经纪"}
    assert ids == [sample.claim_id]


def test_contract_status_follows_signing_registration_and_money(store: Store) -> None:
    chain = _chain(store, registered=False)
    assert chain.contract is not None
    cid = chain.contract.id

    def status() -> ContractStatus | None:
        with store.session() as s:
            return status_of_contract(s, cid)

    assert status() is ContractStatus.SIGNED and ContractStatus.SIGNED.label == "已签订"
    with store.session(actor="test") as s:
        CONTRACTS.update(s, cid, {"signed_on": ""})
    assert status() is ContractStatus.UNSIGNED
    with store.session(actor="test") as s:
        CONTRACTS.update(s, cid, {"signed_on": "2026-03-20", "registration_no": "33021120260312"})
    assert status() is ContractStatus.REGISTERED
    with store.session(actor="test") as s:
        first = PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-04-10", "amount_fen": "150000"})
    assert status() is ContractStatus.PART_PAID  # 150,000 of 200,000 yuan
    with store.session(actor="test") as s:
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-05-10", "amount_fen": "50000"})
    assert status() is ContractStatus.PAID_IN_FULL
    with store.session(actor="test") as s:
        PAYMENTS.delete(s, [first.id])  # a deleted payment no longer counts
    assert status() is ContractStatus.PART_PAID
    with store.session(actor="test") as s:
        CONTRACTS.delete(s, [cid])
    assert status() is None


def test_contract_status_follows_its_reward_claims(store: Store) -> None:
    with store.session(actor="test") as s:
        sample = normal_claim(s)  # registered, 100,000 of 200,000 yuan received, a draft claim
    cid = sample.contract_id

    def status() -> ContractStatus | None:
        with store.session() as s:
            return status_of_contract(s, cid)

    assert status() is ContractStatus.CLAIMED
    with store.session(actor="test") as s:
        CLAIMS.submit(s, sample.claim_id)
        CLAIMS.reject(s, sample.claim_id, reason="缺少发票")
    # Returned, the claim counts for nothing until it is amended: the money says where the contract is.
    assert status() is ContractStatus.PART_PAID
    with store.session(actor="test") as s:
        revised = CLAIMS.amend(s, sample.claim_id)
    assert status() is ContractStatus.CLAIMED
    with store.session(actor="test") as s:
        CLAIMS.submit(s, revised.id)
        CLAIMS.approve(s, revised.id)
        CLAIMS.mark_paid(s, revised.id)
        facts = contract_list_facts(s, [CONTRACTS.get(s, cid)])
    assert status() is ContractStatus.REWARDED
    assert facts.claim_statuses[cid] == frozenset({"rejected", "paid"}) and facts.claims[cid] == 2


def test_a_match_prefills_the_contract_form(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session() as s:
        prefill = prefill_from_match(s, chain.match.id)
        nothing = prefill_from_match(s, "no-such-match")
    assert prefill.values["seller_institution_id"] == chain.institution.id
    assert prefill.values["buyer_enterprise_id"] == chain.enterprise.id
    assert prefill.values["buyer_division_code"] == "330211"
    assert prefill.labels["match_id"] == "高性能碳纤维复合材料成型工艺 ⇄ 碳纤维增强热塑性复合材料快速成型技术"
    assert nothing.values == {} and nothing.labels == {}


def test_policy_choices_offer_the_shipped_policies_and_the_default(store: Store) -> None:
    with store.session() as s:
        choices = policy_choices(s)
    keys = [p.key for p in choices.policies]
    assert "zhenhai" in keys and len(keys) == len(set(keys))
    assert choices.default_key is None or choices.default_key in keys


def test_type_ahead_sources(store: Store) -> None:
    from workbench.queries import sources

    chain = _chain(store, contract=False)
    with store.session(actor="test") as s:
        by_need = sources.matches(s, "碳纤维")
        visits = sources.visits(s, "", enterprise_id=chain.enterprise.id)
        label = sources.visit_choice_label(s, chain.visit.id)
        MATCHES.move(s, chain.match.id, "dropped", reason="不合适")
        dropped = sources.matches(s, "碳纤维")
    assert [m[0] for m in by_need] == [chain.match.id] and dropped == []
    assert visits == [(chain.visit.id, label)] and "宁波材料科技有限公司" in label


def test_contract_picker_finds_by_registration_number(store: Store) -> None:
    from workbench.queries import sources

    chain = _chain(store)
    assert chain.contract is not None
    with store.session() as s:
        found = sources.contracts(s, "3302112026")
    assert found == [(chain.contract.id, "碳纤维复合材料成型技术转让（33021120260312）")]


def test_fallback_search_finds_a_technology_by_a_patent_number_typed_loosely(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session() as s:
        hits = fallback_search(s, "ZL2018 1156 4288")
        owner_of_visit = enterprise_of(s, "visit", chain.visit.id)
        owner_of_nothing = enterprise_of(s, "contact", "no-such-contact")
    assert ("technology", chain.technology.id) in [(h.kind, h.id) for h in hits]
    assert owner_of_visit == chain.enterprise.id and owner_of_nothing is None


def test_live_counts_leave_out_deleted_records(store: Store) -> None:
    with store.session(actor="test") as s:
        first = make_enterprise(s)
        make_enterprise(s, name="海天塑机集团有限公司", uscc=None)
        ENTERPRISES.delete(s, [first.id])
        counts = live_counts(s)
    assert counts == {"enterprise": 1, "need": 0, "technology": 0, "contract": 0}


def test_names_and_panel_texts(store: Store) -> None:
    chain = _chain(store, contract=False)
    with store.session() as s:
        names = names_of(s, "institution", [chain.institution.id, None, ""])
        missing = name_of(s, "enterprise", None)
        abstracts = technology_abstracts(s, [chain.technology.id])
        needs = need_descriptions(s, [chain.need.id])
    assert names == {chain.institution.id: "宁波大学"} and missing == ""
    assert abstracts == {chain.technology.id: ""}
    assert needs[chain.need.id].splitlines() == [
        "现有复合材料件强度不足",
        "拉伸强度≥800MPa",
        "良品率提升到95%",
    ]
