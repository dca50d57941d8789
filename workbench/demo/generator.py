"""Generating the demo: the entry point, the refusal to mix with real data, and dating the history."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from workbench.clock import Clock
from workbench.demo.common import (
    MIN_ENTERPRISES,
    MIN_TECHNOLOGIES,
    SERVICE_TECHNOLOGIES,
    DemoError,
    Progress,
    demo_clock,
)
from workbench.demo.deals import Builder
from workbench.demo.technologies import TechFactory, insert_technologies
from workbench.enums import MatchStage
from workbench.i18n import t
from workbench.ids import SeededIds, ids_from
from workbench.models import Broker, Contract, Enterprise, Match, MatchStageEvent, Need, Technology, Visit
from workbench.services.policies import sync_default_policies
from workbench.store import Store


def refuse_unless_empty(session: Session) -> None:
    """Demo records must never mix with real ones: refuse a database that holds any."""
    held = {
        t("企业", "enterprises"): session.exec(select(func.count()).select_from(Enterprise)).one(),
        t("技术成果", "technologies"): session.exec(select(func.count()).select_from(Technology)).one(),
        t("技术需求", "needs"): session.exec(select(func.count()).select_from(Need)).one(),
        t("经纪人", "brokers"): session.exec(select(func.count()).select_from(Broker)).one(),
    }
    found = {k: v for k, v in held.items() if v}
    if found:
        listing = t("、", ", ").join(f"{k} {v}" for k, v in found.items())
        raise DemoError(
            t(
                "数据库中已有数据（{found}），演示数据只能生成到空的数据文件中。请用 --db 指定一个新文件。",
                "The database already holds data ({found}); demo data is only generated into an empty "
                "data file. Use --db to choose a new file.",
                found=listing,
            )
        )


def generate(
    store: Store,
    *,
    technologies: int = 2000,
    enterprises: int = 60,
    seed: int = 2026,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> dict[str, int]:
    """Fill an empty database with a Zhenhai broker's demo year; returns the number of records per kind.

    The same seed and clock always give the same records and ids. ``clock`` says when "today" is
    (default :func:`demo_clock`: :data:`ANCHOR` in the computer's time zone, where the visits are at office
    hours); the year of visits ends on its date. ``progress`` is called as
    ``progress(stage, done, total)`` for the stages "enterprises" and "technologies".
    Raises :class:`DemoError` when the database already holds data or the sizes are too small.
    """
    if enterprises < MIN_ENTERPRISES or technologies < MIN_TECHNOLOGIES:
        raise DemoError(
            t(
                "演示数据至少需要 {e} 家企业和 {n} 项技术成果（现为 {ge} 和 {gn}）",
                "Demo data needs at least {e} enterprises and {n} technologies ({ge} and {gn} given)",
                e=MIN_ENTERPRISES,
                n=MIN_TECHNOLOGIES,
                ge=enterprises,
                gn=technologies,
            )
        )
    # Independent streams, so that (say) the number of technologies does not change the enterprises.
    story_rng = random.Random(f"{seed}:story")
    tech_rng = random.Random(f"{seed}:technologies")
    clock = clock or demo_clock()
    now = clock.now()
    assert now.tzinfo is not None
    with store.session(actor="demo") as session:
        refuse_unless_empty(session)
        sync_default_policies(session)
        builder = Builder(session, story_rng, progress, today=now.date(), zone=now.tzinfo)
        # Records take their ids from the seed (this thread only): the same seed gives the same ids.
        with ids_from(SeededIds(f"{seed}:ids")):
            builder.brokers()
            builder.institutions()
            factory = TechFactory(tech_rng, builder.owners, today=builder.today)
            builder.enterprises(enterprises)
            # Enough candidates for every need's matches; the rest of the library is bulk reference data.
            through_services = min(SERVICE_TECHNOLOGIES, technologies, 4 * len(builder.plans))
            builder.service_technologies(factory, through_services, technologies)
            builder.assign_roles()
            builder.create_needs()
            contracts = builder.pipeline()
            # Steps dated before the claims are handed in: submission refuses steps after the signing.
            _date_history(session, random.Random(seed * 7919 + 17), builder.today)
            builder.claims(contracts)
    counts = builder.counts
    bulk = technologies - counts["technologies"]
    if bulk > 0:
        counts["patents"] += insert_technologies(store, factory, bulk, progress, technologies)
        counts["technologies"] = technologies
        # insert_technologies indexes the rows it writes (the import's bulk path): no rebuild.
        store.optimize(analyze_all=True)
    return counts


def _date_history(session: Session, rng: random.Random, today: date) -> None:
    """Date each need on the visit that found it, and spread each match's stage steps over the weeks
    after that: up to the contract's signing for a signed match, otherwise up to ``today``.

    The services stamp records and steps with the moment they ran, so a fresh demo would say every need
    was found and every match moved today, and a claim form's list of the broker's steps would run out
    of order (found today, signed in spring). Brokers' pipelines move over weeks, in that order.
    """
    anchor = datetime.combine(today, time(12), UTC)
    found_on: dict[str, datetime] = {}
    per_visit: dict[str | None, int] = {}
    for need_id, visit_id, started in session.exec(
        select(Need.id, Need.visit_id, Visit.started_at)
        .outerjoin(Visit, col(Visit.id) == col(Need.visit_id))
        .order_by(col(Need.created_at), col(Need.id))
    ).all():
        # Needs noted on one visit keep the order they were typed in, a few minutes apart, during the
        # visit: so the need is found on the visit's day also in China time, which the claim form counts in,
        # whatever the zone of the computer that made the demo.
        rank = per_visit[visit_id] = per_visit.get(visit_id, -1) + 1
        noted = (started or anchor - timedelta(days=150)).astimezone(UTC)
        found_on[need_id] = noted + timedelta(minutes=10 + 5 * rank)
    for need_id, found in found_on.items():
        # Core, not the ORM: the change log and updated_at stamping are for edits a person makes.
        session.execute(update(Need).where(col(Need.id) == need_id).values(created_at=found))
    signed_on = {
        match_id: datetime.combine(signed, time(10), UTC)
        for match_id, signed in session.exec(
            select(col(Contract.match_id), col(Contract.signed_on)).where(col(Contract.match_id).is_not(None))
        ).all()
        if match_id is not None and signed is not None
    }
    rows = session.exec(
        select(MatchStageEvent, Match.need_id)
        .join(Match, col(Match.id) == col(MatchStageEvent.match_id))
        .order_by(col(MatchStageEvent.match_id), col(MatchStageEvent.id))
    ).all()
    by_match: dict[str, list[MatchStageEvent]] = {}
    needs: dict[str, str] = {}
    for event, need_id in rows:
        by_match.setdefault(event.match_id, []).append(event)
        needs[event.match_id] = need_id
    for match_id, events in by_match.items():
        start = found_on[needs[match_id]]
        end = signed_on.get(match_id, anchor)
        steps = events
        if match_id in signed_on and events[-1].to_stage == MatchStage.CONTRACTED:
            events[-1].at = end  # the match was contracted the day the contract was signed
            session.add(events[-1])
            steps = events[:-1]
        span = max((end - start).days - 1, len(steps))
        offsets = sorted(rng.sample(range(1, span + 1), len(steps)))
        for event, offset in zip(steps, offsets, strict=True):
            event.at = start + timedelta(days=offset, hours=rng.randrange(0, 8))
            session.add(event)
    session.flush()
