"""The figures of the Today dashboard, each one aggregate query (no per-row work, whatever the data size).

What is counted (so the dashboard and its tests agree):

* **Visits this month / last month / this year**: visits whose start falls in that local calendar period.
* **Follow-ups**: a visit's follow-up date is *open* while no later visit to the same enterprise exists
  (a later visit is the follow-up). Open ones before ``today`` are overdue; those from ``today`` to
  ``today + horizon_days`` are due soon.
* **Open needs**: needs not yet contracted or closed (statuses new, filed, published, matched).
* **Matches by stage**: every live match, dropped ones included (shown apart).
* **Contracts this year**: contracts *signed* in the year of ``today``; their totals and technology amounts.
* **Rewards this year**: claims *dated* (``claimed_on``) in the year, by their current status; a claim
  replaced by an amendment is left out (its amendment counts), as the core's caps do. *Claimed* is what was
  handed in (submitted, approved or paid), *approved* includes what was paid since, *paid* is paid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from workbench.enums import ClaimStatus, MatchStage, NeedStatus
from workbench.models import Claim, Contract, Enterprise, Match, Need, Payment, Visit

OPEN_NEED_STATUSES: tuple[str, ...] = (
    NeedStatus.NEW.value,
    NeedStatus.FILED.value,
    NeedStatus.PUBLISHED.value,
    NeedStatus.MATCHED.value,
)
# Claims the dashboard counts (an amendment in one of these replaces its original there).
COUNTED: tuple[str, ...] = ("draft", "submitted", "approved", "paid")
HANDED_IN: tuple[str, ...] = (ClaimStatus.SUBMITTED.value, ClaimStatus.APPROVED.value, ClaimStatus.PAID.value)
FOLLOW_UP_HORIZON_DAYS = 14
FOLLOW_UP_LIST_LIMIT = 50


@dataclass(frozen=True)
class FollowUp:
    """One open follow-up: which visit asked for it, at which enterprise, and when it is due."""

    visit_id: str
    enterprise_id: str
    enterprise_name: str
    visited_at: datetime  # aware UTC
    due_on: date

    def days_late(self, today: date) -> int:
        """Days past due (negative: days left)."""
        return (today - self.due_on).days


@dataclass(frozen=True)
class DashboardStats:
    today: date
    visits_this_month: int
    visits_last_month: int
    visits_this_year: int
    enterprises_visited_this_year: int
    follow_ups_overdue: int
    follow_ups_due_soon: int
    follow_ups: tuple[FollowUp, ...]  # overdue first (oldest first), then due soon; at most the list limit
    needs_by_status: Mapping[str, int]  # every NeedStatus value, zero included
    matches_by_stage: Mapping[str, int]  # every MatchStage value, zero included
    contracts_this_year: int
    contract_total_fen: int
    contract_tech_fen: int
    received_this_year_fen: int
    rewards_by_status: Mapping[str, int]  # every ClaimStatus value: amount in fen of this year's claims
    claims_by_status: Mapping[str, int]  # every ClaimStatus value: number of this year's claims

    @property
    def open_needs(self) -> int:
        return sum(self.needs_by_status[s] for s in OPEN_NEED_STATUSES)

    @property
    def active_matches(self) -> int:
        """Matches still being worked on: neither contracted nor dropped."""
        done = {MatchStage.CONTRACTED.value, MatchStage.DROPPED.value}
        return sum(n for stage, n in self.matches_by_stage.items() if stage not in done)

    @property
    def rewards_claimed_fen(self) -> int:
        return sum(self.rewards_by_status[s] for s in HANDED_IN)

    @property
    def rewards_approved_fen(self) -> int:
        return (
            self.rewards_by_status[ClaimStatus.APPROVED.value]
            + self.rewards_by_status[ClaimStatus.PAID.value]
        )

    @property
    def rewards_paid_fen(self) -> int:
        return self.rewards_by_status[ClaimStatus.PAID.value]


def _utc_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight of ``day``, in UTC like the stored times."""
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _previous_month(day: date) -> date:
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


def dashboard_stats(
    session: Session,
    *,
    today: date | None = None,
    zone: tzinfo | None = None,
    horizon_days: int = FOLLOW_UP_HORIZON_DAYS,
    follow_up_limit: int = FOLLOW_UP_LIST_LIMIT,
) -> DashboardStats:
    """All dashboard figures as of ``today`` in time zone ``zone`` (both default to the local ones)."""
    zone = zone or datetime.now().astimezone().tzinfo or UTC
    today = today or datetime.now(zone).date()
    month_start, year_start = today.replace(day=1), date(today.year, 1, 1)
    year_end = date(today.year, 12, 31)
    next_year = date(today.year + 1, 1, 1)

    # -- visits: one pass, three counts
    live_visit = col(Visit.deleted_at).is_(None)
    in_year = and_(
        col(Visit.started_at) >= _utc_start(year_start, zone),
        col(Visit.started_at) < _utc_start(next_year, zone),
    )
    month_start_utc = _utc_start(month_start, zone)
    in_month = and_(
        col(Visit.started_at) >= month_start_utc,
        col(Visit.started_at) < _utc_start(_next_month(today), zone),
    )
    in_last_month = and_(
        col(Visit.started_at) >= _utc_start(_previous_month(today), zone),
        col(Visit.started_at) < month_start_utc,
    )
    year_visits, enterprises_visited = session.exec(
        select(func.count(), func.count(func.distinct(Visit.enterprise_id))).where(live_visit, in_year)
    ).one()
    month_visits, last_month_visits = session.exec(
        select(
            func.coalesce(func.sum(case((in_month, 1), else_=0)), 0),
            func.coalesce(func.sum(case((in_last_month, 1), else_=0)), 0),
        ).where(live_visit, or_(in_month, in_last_month))
    ).one()

    # -- follow-ups: open while no later visit to the same enterprise exists
    later = aliased(Visit)
    followed_up = exists().where(
        col(later.enterprise_id) == col(Visit.enterprise_id),
        col(later.deleted_at).is_(None),
        col(later.started_at) > col(Visit.started_at),
    )
    horizon = today + timedelta(days=horizon_days)
    open_follow_up = and_(
        live_visit,
        col(Visit.follow_up_on).is_not(None),
        col(Visit.follow_up_on) <= horizon,
        col(Enterprise.deleted_at).is_(None),
        ~followed_up,
    )
    overdue_flag = col(Visit.follow_up_on) < today
    overdue, due_soon = session.exec(
        select(
            func.coalesce(func.sum(case((overdue_flag, 1), else_=0)), 0),
            func.coalesce(func.sum(case((overdue_flag, 0), else_=1)), 0),
        )
        .select_from(Visit)
        .join(Enterprise, col(Enterprise.id) == col(Visit.enterprise_id))
        .where(open_follow_up)
    ).one()
    follow_rows = session.exec(
        select(Visit, col(Enterprise.name))
        .join(Enterprise, col(Enterprise.id) == col(Visit.enterprise_id))
        .where(open_follow_up)
        .order_by(col(Visit.follow_up_on), col(Enterprise.name), col(Visit.id))
        .limit(follow_up_limit)
    ).all()
    follow_ups = tuple(
        FollowUp(
            visit_id=visit.id,
            enterprise_id=visit.enterprise_id,
            enterprise_name=name,
            visited_at=visit.started_at if visit.started_at.tzinfo else visit.started_at.replace(tzinfo=UTC),
            due_on=visit.follow_up_on,
        )
        for visit, name in follow_rows
        if visit.follow_up_on is not None
    )

    # -- needs and matches, grouped
    needs = {s.value: 0 for s in NeedStatus}
    for status, n in session.exec(
        select(Need.status, func.count()).where(col(Need.deleted_at).is_(None)).group_by(col(Need.status))
    ).all():
        needs[status] = int(n)
    stages = {s.value: 0 for s in MatchStage}
    for stage, n in session.exec(
        select(Match.stage, func.count()).where(col(Match.deleted_at).is_(None)).group_by(col(Match.stage))
    ).all():
        stages[stage] = int(n)

    # -- contracts signed this year, money received this year
    n_contracts, total_fen, tech_fen = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(Contract.total_fen), 0),
            func.coalesce(func.sum(Contract.tech_amount_fen), 0),
        ).where(
            col(Contract.deleted_at).is_(None),
            col(Contract.signed_on) >= year_start,
            col(Contract.signed_on) <= year_end,
        )
    ).one()
    received = session.exec(
        select(func.coalesce(func.sum(Payment.amount_fen), 0))
        .join(Contract, col(Contract.id) == col(Payment.contract_id))
        .where(
            col(Payment.deleted_at).is_(None),
            col(Contract.deleted_at).is_(None),
            col(Payment.paid_on) >= year_start,
            col(Payment.paid_on) <= year_end,
        )
    ).one()

    # -- rewards: this year's claims by status, amendments replacing their originals
    newer = aliased(Claim)
    replaced = exists().where(
        col(newer.replaces_id) == col(Claim.id),
        col(newer.deleted_at).is_(None),
        col(newer.status).in_(COUNTED),
    )
    rewards = {s.value: 0 for s in ClaimStatus}
    claims = {s.value: 0 for s in ClaimStatus}
    for status, n, amount in session.exec(
        select(Claim.status, func.count(), func.coalesce(func.sum(Claim.amount_fen), 0))
        .where(
            col(Claim.deleted_at).is_(None),
            col(Claim.claimed_on) >= year_start,
            col(Claim.claimed_on) <= year_end,
            ~replaced,
        )
        .group_by(col(Claim.status))
    ).all():
        rewards[status] = int(amount)
        claims[status] = int(n)

    return DashboardStats(
        today=today,
        visits_this_month=int(month_visits),
        visits_last_month=int(last_month_visits),
        visits_this_year=int(year_visits),
        enterprises_visited_this_year=int(enterprises_visited),
        follow_ups_overdue=int(overdue),
        follow_ups_due_soon=int(due_soon),
        follow_ups=follow_ups,
        needs_by_status=needs,
        matches_by_stage=stages,
        contracts_this_year=int(n_contracts),
        contract_total_fen=int(total_fen),
        contract_tech_fen=int(tech_fen),
        received_this_year_fen=int(received),
        rewards_by_status=rewards,
        claims_by_status=claims,
    )
