"""Claims: computation under a frozen policy, caps across claims, shares, status steps, amendments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from tests.workbench.factories import ALL_REQUIRED, make_broker, make_chain
from workbench.errors import TransitionError, ValidationError
from workbench.models import Claim
from workbench.services import BROKERS, CLAIMS, CONTRACTS, PAYMENTS, ShareInput
from workbench.services import policies as pol
from workbench.store import Store


def test_claim_amount_and_lines_for_zhenhai(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id)
    assert claim.amount_fen == 185185 and claim.base_fen == 12345678
    assert claim.status == "draft" and claim.claim_no.startswith("ZHENHAI-")
    kinds = [line["kind"] for line in claim.computation["lines"]]
    assert kinds[0] == "base" and kinds[-1] == "result"
    assert claim.policy_snapshot["id"] == "zhenhai"


def test_unregistered_contract_is_refused_naming_the_field(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, registered=False)
        assert chain.contract is not None
        cid = chain.contract.id
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CLAIMS.create_claim(s, cid)
    assert "registration_number" in {i.field for i in exc.value.issues}
    with store.session() as s:
        assert s.exec(select(Claim)).all() == []


def test_contract_type_outside_the_policy_is_refused(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, contract_type="consulting")
        assert chain.contract is not None
        cid = chain.contract.id
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CLAIMS.create_claim(s, cid)
    assert "contract_type" in {i.field for i in exc.value.issues}


def test_a_second_claim_never_passes_the_per_project_cap(store: Store) -> None:
    # 25,000,000 yuan × 1.5 % = 375,000 > 300,000 cap.
    with store.session() as s:
        chain = make_chain(s, tech_amount="25000000", total_fen="30000000")
        assert chain.contract is not None
        cid = chain.contract.id
        first = CLAIMS.create_claim(s, cid, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, first.id)  # only a claim handed in counts as claimed before
    assert first.amount_fen == 30_000_000
    assert "per_project" in first.computation["caps_applied"]
    with pytest.raises(TransitionError, match="上限"), store.session() as s:
        CLAIMS.create_claim(s, cid)
    with store.session() as s:
        assert len(s.exec(select(Claim)).all()) == 1


def test_received_in_period_claims_accumulate_under_the_cap(store: Store) -> None:
    with store.session() as s:
        row = pol.new_version(
            s, "zhenhai", {"base_kind": "received_in_period", "cap_per_project_fen": 200_000}
        )
        assert row.version == 2
        chain = make_chain(s)
        assert chain.contract is not None
        cid = chain.contract.id
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-04-10", "amount_fen": "100000"})
        first = CLAIMS.create_claim(
            s, cid, period_end=__import__("datetime").date(2026, 4, 30), attachments=ALL_REQUIRED
        )
        assert first.amount_fen == 150_000  # 100,000 yuan × 1.5 %
        CLAIMS.submit(s, first.id)
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-06-10", "amount_fen": "100000"})
        second = CLAIMS.create_claim(s, cid, period_end=__import__("datetime").date(2026, 6, 30))
    # Cumulative 200,000 × 1.5 % = 3,000 yuan, capped at 2,000; 1,500 claimed before → 500 now.
    assert second.amount_fen == 50_000
    assert "per_project" in second.computation["caps_applied"]


def test_submission_lists_every_missing_field(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        BROKERS.update(s, chain.broker.id, {"account_number": None, "bank_name": None})
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED[:2])
    with pytest.raises(ValidationError) as exc, store.session() as s:
        CLAIMS.submit(s, claim.id)
    fields = {i.field for i in exc.value.issues}
    assert {"account_number", "bank_name", "attachments"} <= fields
    assert "发票" in exc.value.message
    with store.session() as s:
        assert CLAIMS.get(s, claim.id).status == "draft"


def test_status_steps_with_history_and_read_only_after_submission(store: Store) -> None:
    with store.session(actor="王经纪") as s:
        chain = make_chain(s)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, claim.id)
    with pytest.raises(TransitionError), store.session() as s:
        CLAIMS.update_draft(s, claim.id, attachments=[])
    with pytest.raises(TransitionError), store.session() as s:
        CLAIMS.mark_paid(s, claim.id)
    with pytest.raises(TransitionError), store.session() as s:
        CLAIMS.reject(s, claim.id, reason=" ")
    with store.session(actor="科技局") as s:
        CLAIMS.approve(s, claim.id)
        CLAIMS.mark_paid(s, claim.id)
        steps = [(e.from_status, e.to_status, e.actor) for e in CLAIMS.history(s, claim.id)]
    assert steps == [
        (None, "draft", "王经纪"),
        ("draft", "submitted", "王经纪"),
        ("submitted", "approved", "科技局"),
        ("approved", "paid", "科技局"),
    ]


def test_rejected_claim_is_amended_into_a_new_version(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, tech_amount="25000000", total_fen="30000000")
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, claim.id)
        CLAIMS.reject(s, claim.id, reason="发票抬头有误")
        amended = CLAIMS.amend(s, claim.id)
    assert amended.replaces_id == claim.id and amended.revision == 2
    assert amended.claim_no == claim.claim_no + "-R2"
    assert amended.amount_fen == 30_000_000  # the rejected claim does not count against the cap
    with pytest.raises(TransitionError), store.session() as s:
        CLAIMS.amend(s, claim.id)


def test_co_broker_shares_add_up_exactly(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        b2 = make_broker(s, name="李经纪", is_self=False, id_card=None)
        b3 = make_broker(s, name="赵经纪", is_self=False, id_card=None)
        shares = [
            ShareInput(chain.broker.id, Decimal("33.34")),
            ShareInput(b2.id, Decimal("33.33")),
            ShareInput(b3.id, Decimal("33.33")),
        ]
        claim = CLAIMS.create_claim(s, chain.contract.id, shares=shares)
        rows = CLAIMS.shares(s, claim.id)
    assert sum(r.amount_fen for r in rows) == claim.amount_fen == 185185
    assert [r.percent_bp for r in rows] == [3334, 3333, 3333]
    with pytest.raises(ValidationError, match="100"), store.session() as s:
        CLAIMS.set_shares(
            s, claim.id, [ShareInput(chain.broker.id, Decimal(60)), ShareInput(b2.id, Decimal(30))]
        )


def test_policy_version_used_by_a_submitted_claim_is_read_only(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        row = pol.get_policy(s, "zhenhai")
        pol.edit_version(s, row.id, {"notes": "草稿期间仍可修改"})
        CLAIMS.submit(s, claim.id)
    with pytest.raises(TransitionError, match="新版本"), store.session() as s:
        pol.edit_version(s, row.id, {"rate": "0.02"})
    with store.session() as s:
        newer = pol.new_version(s, "zhenhai", {"rate": "0.02"})
        assert pol.get_policy(s, "zhenhai").id == newer.id
        # The submitted claim keeps its frozen snapshot.
        assert CLAIMS.get(s, claim.id).policy_snapshot["rate"] == "0.015"


def test_a_bad_policy_edit_is_refused(store: Store) -> None:
    from workbench.errors import PolicyError

    with pytest.raises(PolicyError), store.session() as s:
        pol.new_version(s, "zhenhai", {"rate": "1.5"})


def test_unknown_policy_and_contract_are_reported(store: Store) -> None:
    from workbench.errors import NotFoundError

    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        cid = chain.contract.id
    with pytest.raises(NotFoundError), store.session() as s:
        CLAIMS.create_claim(s, cid, policy_key="atlantis")
    with pytest.raises(NotFoundError), store.session() as s:
        CLAIMS.create_claim(s, "no-such-contract")


def test_deleting_a_contract_with_a_submitted_claim_is_refused(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
        assert chain.contract is not None
        claim = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, claim.id)
    with pytest.raises(TransitionError), store.session() as s:
        CONTRACTS.delete(s, [chain.contract.id])
