"""Cap bookkeeping across stored claims: amendments, rejections, instalments, yearly totals, stacking groups.

Only claims handed in (submitted, approved, paid) under a policy of the same stacking group count as
claimed before; drafts and rejected claims never do, and a claim never counts itself or its original.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.workbench.factories import ALL_REQUIRED, make_chain
from workbench.errors import TransitionError
from workbench.models import Claim
from workbench.services import CLAIMS, PAYMENTS
from workbench.services import policies as pol
from workbench.store import Store
from workbench.validation import check_patent_number

FIFTEEN_THOUSAND = 1_500_000  # fen: 1,000,000 yuan × 1.5 %


def _earlier_line(claim: Claim) -> dict[str, object]:
    [line] = [x for x in claim.computation["lines"] if x["kind"] == "earlier_claims"]
    return dict(line)


def test_an_amendment_of_a_rejected_claim_does_not_count_itself(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, tech_amount="1000000", total_fen="1200000")
        assert chain.contract is not None
        first = CLAIMS.create_claim(s, chain.contract.id, attachments=ALL_REQUIRED)
        assert first.amount_fen == FIFTEEN_THOUSAND
        CLAIMS.submit(s, first.id)
        CLAIMS.reject(s, first.id, reason="补充发票")
        amendment = CLAIMS.amend(s, first.id)
        assert amendment.amount_fen == FIFTEEN_THOUSAND
        # Ticking an attachment recomputes the draft: it used to count its own 15,000 yuan and refuse.
        CLAIMS.update_draft(s, amendment.id, attachments=[*ALL_REQUIRED, "other_evidence"])
        assert amendment.amount_fen == FIFTEEN_THOUSAND
        assert amendment.computation["claimed_before_fen"] == 0
        CLAIMS.submit(s, amendment.id)


def test_a_rejected_claim_or_a_draft_never_reduces_a_new_claim(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, tech_amount="1000000", total_fen="1200000")
        assert chain.contract is not None
        cid = chain.contract.id
        rejected = CLAIMS.create_claim(s, cid, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, rejected.id)
        CLAIMS.reject(s, rejected.id, reason="材料不全")
        draft = CLAIMS.create_claim(s, cid)
        assert draft.amount_fen == FIFTEEN_THOUSAND  # the rejected claim is not claimed before
        again = CLAIMS.create_claim(s, cid)
        assert again.amount_fen == FIFTEEN_THOUSAND  # nor is the draft
        CLAIMS.update_draft(s, draft.id, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, draft.id)
    with pytest.raises(TransitionError, match=r"15,000\.00"), store.session() as s:
        CLAIMS.recompute(s, CLAIMS.get(s, again.id))  # now the submitted one has taken it all


def test_instalments_count_an_amended_original_once(store: Store) -> None:
    with store.session() as s:
        pol.new_version(s, "zhenhai", {"base_kind": "received_in_period"})
        chain = make_chain(s)
        assert chain.contract is not None
        cid = chain.contract.id
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-04-10", "amount_fen": "100000"})
        first = CLAIMS.create_claim(
            s, cid, claimed_on=date(2026, 4, 30), period_end=date(2026, 4, 30), attachments=ALL_REQUIRED
        )
        assert first.amount_fen == 150_000
        CLAIMS.submit(s, first.id)
        revised = CLAIMS.amend(s, first.id)
        CLAIMS.update_draft(s, revised.id, claimed_on=date(2026, 5, 2))
        assert revised.amount_fen == 150_000  # neither itself nor its original counted
        CLAIMS.submit(s, revised.id)
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-06-10", "amount_fen": "100000"})
        later = CLAIMS.create_claim(s, cid, claimed_on=date(2026, 6, 30), period_end=date(2026, 6, 30))
        # 200,000 received × 1.5 % = 3,000 yuan, less the revised claim's 1,500 once (not twice).
        assert later.computation["claimed_before_fen"] == 150_000
        assert later.amount_fen == 150_000
        assert revised.claim_no in str(_earlier_line(later)["note"])
        assert str(_earlier_line(later)["note"]).count(first.claim_no) == 1  # only inside "…-R2"


def test_the_broker_year_cap_counts_only_claims_of_that_year(store: Store) -> None:
    with store.session() as s:
        pol.new_version(s, "zhenhai", {"base_kind": "received_in_period", "cap_per_broker_year_fen": 100_000})
        chain = make_chain(s)
        assert chain.contract is not None
        cid = chain.contract.id
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-04-10", "amount_fen": "100000"})
        first = CLAIMS.create_claim(
            s, cid, claimed_on=date(2026, 4, 30), period_end=date(2026, 4, 30), attachments=ALL_REQUIRED
        )
        assert first.amount_fen == 100_000  # 1,500 yuan capped at 1,000 for 2026
        CLAIMS.submit(s, first.id)
        PAYMENTS.create(s, {"contract_id": cid, "paid_on": "2026-06-10", "amount_fen": "100000"})
        with pytest.raises(TransitionError, match="年度"):
            CLAIMS.create_claim(s, cid, claimed_on=date(2026, 6, 30), period_end=date(2026, 6, 30))
        # In the next year the 2026 claim does not count against the broker's yearly cap.
        next_year = CLAIMS.create_claim(s, cid, claimed_on=date(2027, 1, 15), period_end=date(2027, 1, 15))
        assert next_year.computation["broker_year_claimed_fen"] == 0
        assert next_year.amount_fen == 100_000  # 3,000 entitled − 1,000 before, capped at 1,000


def test_claims_under_policies_of_different_groups_stack(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s, tech_amount="1000000", total_fen="1200000")
        assert chain.contract is not None
        cid = chain.contract.id
        district = CLAIMS.create_claim(s, cid, attachments=ALL_REQUIRED)
        city_draft = CLAIMS.create_claim(s, cid, policy_key="ningbo-2014")
        assert city_draft.amount_fen == FIFTEEN_THOUSAND  # a district draft does not cut a city claim
        CLAIMS.submit(s, district.id)
        city = CLAIMS.create_claim(s, cid, policy_key="ningbo-2014")
        assert city.amount_fen == FIFTEEN_THOUSAND  # nor a submitted one: the two rewards stack
        assert city.computation["claimed_before_fen"] == 0


def test_claims_in_one_stacking_group_reduce_each_other_and_are_named(store: Store) -> None:
    with store.session() as s:
        pol.new_version(s, "ningbo-2014", {"stacking_group": "zhenhai-broker"})
        chain = make_chain(s, tech_amount="1000000", total_fen="1200000")
        assert chain.contract is not None
        cid = chain.contract.id
        district = CLAIMS.create_claim(s, cid, attachments=ALL_REQUIRED)
        CLAIMS.submit(s, district.id)
        with pytest.raises(TransitionError, match="已全部申请过"):
            CLAIMS.create_claim(s, cid, policy_key="ningbo-2014")
        # With a larger entitlement under the city policy, the district claim is deducted by number.
        pol.new_version(
            s,
            "ningbo-2014",
            {"rate_mode": "flat", "rate": "0.02", "tiers": [], "stacking_group": "zhenhai-broker"},
        )
        city = CLAIMS.create_claim(s, cid, policy_key="ningbo-2014")
    assert city.amount_fen == 2_000_000 - FIFTEEN_THOUSAND
    line = _earlier_line(city)
    assert line["amount_fen"] == FIFTEEN_THOUSAND and district.claim_no in str(line["note"])


def test_one_claim_per_contract_counts_only_claims_handed_in(store: Store) -> None:
    with store.session() as s:
        pol.new_version(
            s,
            "zhenhai",
            {
                "eligibility": {
                    **pol.get_policy(s, "zhenhai").data["eligibility"],
                    "one_claim_per_contract": True,
                }
            },
        )
        chain = make_chain(s)
        assert chain.contract is not None
        cid = chain.contract.id
        draft = CLAIMS.create_claim(s, cid, attachments=ALL_REQUIRED)
        other = CLAIMS.create_claim(s, cid, attachments=ALL_REQUIRED)  # a draft is no claim yet
        CLAIMS.submit(s, draft.id)
        problems = CLAIMS.submission_problems(s, other)
    assert [p.code for p in problems] == ["eligibility.already_claimed"]
    assert "已有 1 份申请" in problems[0].message


@pytest.mark.parametrize(
    ("number", "year", "old_format"),
    [
        ("03112345.7", 2003, True),  # applied for before 2003-10-01: 8 digits
        ("ZL200310012345.0", 2003, False),  # from 2003-10-01: 12 digits
    ],
)
def test_both_patent_number_formats_of_2003_are_valid(number: str, year: int, old_format: bool) -> None:
    checked = check_patent_number(number, today=date(2026, 1, 1))
    assert checked.issues == ()
    assert checked.value is not None and (checked.value.year, checked.value.old_format) == (year, old_format)


def test_an_8_digit_patent_number_of_2004_is_refused() -> None:
    checked = check_patent_number("04112345.X", today=date(2026, 1, 1))
    assert checked.value is None and [i.code for i in checked.issues] == ["patent.year"]
