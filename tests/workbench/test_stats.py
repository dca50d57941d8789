"""Dashboard figures: exact values on hand-made records, agreement with a row-by-row count on demo data."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from tests.workbench.factories import ALL_REQUIRED, HUTOOL_USCC, Chain, make_chain, make_enterprise
from workbench import demo
from workbench.models import Claim, Contract, Enterprise, Match, Need, Payment, Visit
from workbench.services import CLAIMS, CONTRACTS, ENTERPRISES, MATCHES, NEEDS, PAYMENTS, TECHNOLOGIES, VISITS
from workbench.services.stats import COUNTED, dashboard_stats
from workbench.store import Store

CST = timezone(timedelta(hours=8))


def _visit(session: Session, enterprise_id: str, at: datetime, follow: str | None = None) -> Visit:
    return VISITS.create(session, {"enterprise_id": enterprise_id, "started_at": at, "follow_up_on": follow})


def test_visits_and_follow_ups_count_local_months_and_open_follow_ups(store: Store) -> None:
    with store.session() as s:
        a = make_enterprise(s)
        b = ENTERPRISES.create(s, {"name": "宁波北仑港机有限公司"})
        c = ENTERPRISES.create(s, {"name": "镇海炼化配套有限公司"})
        gone = ENTERPRISES.create(s, {"name": "已删除企业"})
        # Beijing time: 00:30 on 1 March is still February in UTC, and must count for March.
        _visit(s, a.id, datetime(2026, 3, 1, 0, 30, tzinfo=CST))
        _visit(s, a.id, datetime(2026, 3, 10, 9, 0, tzinfo=CST), "2026-03-12")  # open, 3 days late
        first_b = _visit(s, b.id, datetime(2026, 2, 1, 10, 0, tzinfo=CST), "2026-03-01")  # done by the next
        _visit(s, b.id, datetime(2026, 3, 2, 14, 0, tzinfo=CST), "2026-03-25")  # open, due in 10 days
        _visit(s, c.id, datetime(2026, 3, 14, 9, 0, tzinfo=CST), "2026-04-30")  # beyond the 14 days
        _visit(s, c.id, datetime(2026, 2, 28, 23, 0, tzinfo=CST))  # February, local time
        _visit(s, c.id, datetime(2025, 12, 31, 23, 59, tzinfo=CST))  # last year
        dropped = _visit(s, a.id, datetime(2026, 3, 11, 9, 0, tzinfo=CST), "2026-03-13")
        VISITS.delete(s, [dropped.id])
        _visit(s, gone.id, datetime(2026, 3, 3, 9, 0, tzinfo=CST), "2026-03-05")
        ENTERPRISES.delete(s, [gone.id])
    with store.session() as s:
        stats = dashboard_stats(s, today=date(2026, 3, 15), zone=CST)
    assert stats.visits_this_month == 5  # a×2, b, c, and the deleted enterprise's visit (still a visit)
    assert stats.visits_last_month == 2  # b on 1 February and c late on 28 February, local time
    assert stats.visits_this_year == 7
    assert stats.enterprises_visited_this_year == 4
    assert (stats.follow_ups_overdue, stats.follow_ups_due_soon) == (1, 1)
    assert [(f.enterprise_name, f.due_on, f.days_late(stats.today)) for f in stats.follow_ups] == [
        ("宁波材料科技有限公司", date(2026, 3, 12), 3),
        ("宁波北仑港机有限公司", date(2026, 3, 25), -10),
    ]
    assert first_b.id not in {f.visit_id for f in stats.follow_ups}
    # In UTC the visit at 00:30 on 1 March belongs to February.
    with store.session() as s:
        assert dashboard_stats(s, today=date(2026, 3, 15), zone=UTC).visits_this_month == 4


def _extra_contract(
    session: Session, chain: Chain, n: int, *, signed: str, tech: str, total: str | None = None
) -> Contract:
    """Another technology matched to the chain's (filed) need, contracted: eligible for a Zhenhai claim."""
    tech_row = TECHNOLOGIES.create(
        session, {"title": f"第{n}项技术成果", "institution_id": chain.institution.id}
    )
    match = MATCHES.create(session, {"need_id": chain.need.id, "technology_id": tech_row.id})
    # The steps happened in the days before the signing (a claim refuses steps dated after it).
    day = date.fromisoformat(signed) - timedelta(days=10)
    MATCHES.history(session, match.id)[0].occurred_on = day
    for n_step, stage in enumerate(("recommended", "introduced", "negotiating", "intent"), start=1):
        MATCHES.move(session, match.id, stage, occurred_on=day + timedelta(days=n_step))
    return CONTRACTS.create(
        session,
        {
            "match_id": match.id,
            "title": f"第{n}号技术转让合同",
            "contract_type": "transfer",
            "seller_institution_id": chain.institution.id,
            "seller_uscc": HUTOOL_USCC,
            "buyer_enterprise_id": chain.enterprise.id,
            "signed_on": signed,
            "registration_no": f"330211202600{n:02d}",
            "registered_on": signed,
            "total_fen": total or tech,
            "tech_amount_fen": tech,
        },
    )


def _claim(session: Session, contract: Contract, claimed_on: date, *steps: str) -> Claim:
    claim = CLAIMS.create_claim(session, contract.id, claimed_on=claimed_on, attachments=ALL_REQUIRED)
    for step in steps:
        if step == "submit":
            CLAIMS.submit(session, claim.id)
        elif step == "approve":
            CLAIMS.approve(session, claim.id, note="同意")
        elif step == "pay":
            CLAIMS.mark_paid(session, claim.id)
        elif step == "reject":
            CLAIMS.reject(session, claim.id, reason="材料不全")
    return claim


def test_needs_matches_contracts_and_rewards_by_exact_value(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)  # signed 2026-03-20, total 200,000.00, technology amount 123,456.78
        assert chain.contract is not None
        c2 = _extra_contract(s, chain, 2, signed="2026-04-01", tech="100000")
        c3 = _extra_contract(s, chain, 3, signed="2026-05-01", tech="200000")
        c4 = _extra_contract(s, chain, 4, signed="2025-11-01", tech="40000")
        c5 = _extra_contract(s, chain, 5, signed="2026-02-01", tech="50000")
        c6 = _extra_contract(s, chain, 6, signed="2026-02-02", tech="70000")
        CONTRACTS.delete(s, [c6.id])
        PAYMENTS.create(s, {"contract_id": chain.contract.id, "paid_on": "2026-03-25", "amount_fen": "80000"})
        PAYMENTS.create(s, {"contract_id": c2.id, "paid_on": "2026-04-15", "amount_fen": "100000"})
        PAYMENTS.create(s, {"contract_id": c4.id, "paid_on": "2025-12-15", "amount_fen": "40000"})

        _claim(s, chain.contract, date(2026, 4, 10), "submit", "approve", "pay")  # 185,185 fen
        _claim(s, c2, date(2026, 5, 1), "submit", "approve")  # 150,000 fen
        k3 = _claim(s, c3, date(2026, 5, 20), "submit")  # 300,000 fen, then amended:
        amended = CLAIMS.amend(s, k3.id)
        amended.claimed_on = date(2026, 6, 1)  # amend() dates it today; pin it inside the year
        s.add(amended)
        _claim(s, c4, date(2025, 12, 1), "submit")  # last year
        _claim(s, c5, date(2026, 2, 15), "submit", "reject")  # 75,000 fen

        spare = TECHNOLOGIES.create(s, {"title": "备选技术"})
        MATCHES.create(s, {"need_id": chain.need.id, "technology_id": spare.id})
        other = TECHNOLOGIES.create(s, {"title": "放弃的技术"})
        given_up = MATCHES.create(s, {"need_id": chain.need.id, "technology_id": other.id})
        MATCHES.move(s, given_up.id, "dropped", reason="企业预算不足")
        for title in ("新需求甲", "新需求乙", "已关闭需求"):
            need = NEEDS.create(
                s, {"enterprise_id": chain.enterprise.id, "title": title, "keywords": ["测试"]}
            )
        NEEDS.set_status(s, need.id, "closed")

    with store.session() as s:
        stats = dashboard_stats(s, today=date(2026, 6, 30), zone=CST)
    assert dict(stats.needs_by_status) == {
        "new": 2,
        "filed": 0,
        "published": 0,
        "matched": 0,
        "contracted": 1,
        "closed": 1,
    }
    assert stats.open_needs == 2
    assert stats.matches_by_stage["contracted"] == 6  # the chain's and c2–c6's (c6's contract was deleted)
    assert stats.matches_by_stage["candidate"] == 1 and stats.matches_by_stage["dropped"] == 1
    assert stats.active_matches == 1
    assert stats.contracts_this_year == 4
    assert stats.contract_total_fen == 20_000_000 + 10_000_000 + 20_000_000 + 5_000_000
    assert stats.contract_tech_fen == 12_345_678 + 10_000_000 + 20_000_000 + 5_000_000
    assert stats.received_this_year_fen == 18_000_000
    assert dict(stats.rewards_by_status) == {
        "draft": 300_000,  # the amendment; the submitted original it replaces is left out
        "submitted": 0,
        "approved": 150_000,
        "paid": 185_185,
        "rejected": 75_000,
    }
    assert dict(stats.claims_by_status) == {
        "draft": 1,
        "submitted": 0,
        "approved": 1,
        "paid": 1,
        "rejected": 1,
    }
    assert (stats.rewards_claimed_fen, stats.rewards_approved_fen, stats.rewards_paid_fen) == (
        335_185,
        335_185,
        185_185,
    )


def test_figures_never_read_the_technology_table(store: Store) -> None:
    """A million technologies must not slow the dashboard: no query may touch them."""
    with store.session() as s:
        make_chain(s)
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", remember)
    try:
        with store.session() as s:
            dashboard_stats(s, today=date(2026, 6, 30))
    finally:
        event.remove(store.engine, "before_cursor_execute", remember)
    queries = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert 0 < len(queries) <= 10
    assert not any("technology" in q.replace("technology_id", "") for q in queries)


def _expected_from_rows(session: Session, today: date) -> dict[str, Any]:
    """The same figures counted record by record in Python, independently of the SQL."""
    zone = demo.LOCAL
    visits = [v for v in session.exec(select(Visit)).all() if v.deleted_at is None]
    enterprises = {e.id: e for e in session.exec(select(Enterprise)).all()}

    def local(v: Visit) -> date:
        return v.started_at.replace(tzinfo=v.started_at.tzinfo or UTC).astimezone(zone).date()

    this_year = [v for v in visits if local(v).year == today.year]
    open_follow_ups = [
        v
        for v in visits
        if v.follow_up_on is not None
        and enterprises[v.enterprise_id].deleted_at is None
        and not any(w.enterprise_id == v.enterprise_id and w.started_at > v.started_at for w in visits)
        and v.follow_up_on <= today + timedelta(days=14)
    ]
    claims = [c for c in session.exec(select(Claim)).all() if c.deleted_at is None]
    replaced = {c.replaces_id for c in claims if c.replaces_id and c.status in COUNTED}
    year_claims = [c for c in claims if c.claimed_on.year == today.year and c.id not in replaced]
    contracts = [
        c
        for c in session.exec(select(Contract)).all()
        if c.deleted_at is None and c.signed_on and c.signed_on.year == today.year
    ]
    live_contracts = {
        c.id for c in session.exec(select(Contract).where(col(Contract.deleted_at).is_(None))).all()
    }
    payments = [
        p
        for p in session.exec(select(Payment)).all()
        if p.deleted_at is None and p.contract_id in live_contracts and p.paid_on.year == today.year
    ]
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    rewards: Counter[str] = Counter()
    for c in year_claims:
        rewards[c.status] += c.amount_fen
    return {
        "visits_this_month": sum(1 for v in this_year if local(v).month == today.month),
        "visits_last_month": sum(1 for v in visits if local(v).strftime("%Y-%m") == last_month),
        "visits_this_year": len(this_year),
        "enterprises_visited_this_year": len({v.enterprise_id for v in this_year}),
        "follow_ups_overdue": sum(1 for v in open_follow_ups if v.follow_up_on and v.follow_up_on < today),
        "follow_ups_due_soon": sum(1 for v in open_follow_ups if v.follow_up_on and v.follow_up_on >= today),
        "needs": Counter(n.status for n in session.exec(select(Need)).all() if n.deleted_at is None),
        "stages": Counter(m.stage for m in session.exec(select(Match)).all() if m.deleted_at is None),
        "contracts_this_year": len(contracts),
        "contract_total_fen": sum(c.total_fen for c in contracts),
        "contract_tech_fen": sum(c.tech_amount_fen for c in contracts),
        "received_this_year_fen": sum(p.amount_fen for p in payments),
        "rewards": rewards,
        "claims": Counter(c.status for c in year_claims),
    }


def test_demo_data_figures_equal_a_record_by_record_count(store: Store) -> None:
    demo.generate(store, technologies=300, enterprises=20, seed=2026)
    with store.session() as s:
        stats = dashboard_stats(s, today=demo.ANCHOR, zone=demo.LOCAL)
        expected = _expected_from_rows(s, demo.ANCHOR)
    for key in (
        "visits_this_month",
        "visits_last_month",
        "visits_this_year",
        "enterprises_visited_this_year",
        "follow_ups_overdue",
        "follow_ups_due_soon",
        "contracts_this_year",
        "contract_total_fen",
        "contract_tech_fen",
        "received_this_year_fen",
    ):
        assert getattr(stats, key) == expected[key], key
    assert {k: v for k, v in stats.needs_by_status.items() if v} == dict(expected["needs"])
    assert {k: v for k, v in stats.matches_by_stage.items() if v} == dict(expected["stages"])
    assert {k: v for k, v in stats.rewards_by_status.items() if v} == {
        k: v for k, v in expected["rewards"].items() if v
    }
    assert {k: v for k, v in stats.claims_by_status.items() if v} == dict(expected["claims"])
    # The demo year is not empty: the comparison above compared something.
    assert (
        stats.visits_last_month > 0
        and stats.visits_this_year > 10
        and stats.contracts_this_year > 0
        and stats.rewards_claimed_fen > 0
    )
    assert stats.follow_ups_overdue > 0 and stats.follow_ups_due_soon > 0
    assert len(stats.follow_ups) == stats.follow_ups_overdue + stats.follow_ups_due_soon
    assert [f.due_on for f in stats.follow_ups] == sorted(f.due_on for f in stats.follow_ups)
