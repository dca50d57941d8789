"""Demo data: counts, valid codes, every stage and status, claim arithmetic, determinism, refusals."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from workbench import demo
from workbench.claimdoc import build_claim_document
from workbench.demo import technologies as demo_technologies
from workbench.ids import SeededIds, ids_from, new_id
from workbench.models import (
    Broker,
    ChangeLog,
    Claim,
    ClaimShare,
    Contact,
    Contract,
    Enterprise,
    Institution,
    Match,
    MatchStageEvent,
    Need,
    Payment,
    Technology,
    TechPatent,
    Visit,
)
from workbench.rules import Policy as RulePolicy
from workbench.rules import compute
from workbench.search import index as search_index
from workbench.search.global_search import global_search
from workbench.services import ENTERPRISES
from workbench.services.stats import dashboard_stats
from workbench.store import Store
from workbench.validation import check_id_card, check_patent_number, check_phone, check_uscc

TECHNOLOGIES = 500
ENTERPRISES_N = 20


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, int]]]:
    """A new database (real migrations) with a small demo, services part and bulk part.

    Generating takes seconds, so the checks that only read share it; tests that write open their own.
    The key is explicit because the per-test in-memory keychain does not exist at module scope.
    """
    store = Store.open(tmp_path_factory.mktemp("demo") / "t.db", key=bytes(range(32)))
    counts = demo.generate(store, technologies=TECHNOLOGIES, enterprises=ENTERPRISES_N)
    yield store, counts
    store.close()


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_counts_match_the_database(demo_store: tuple[Store, dict[str, int]]) -> None:
    store, counts = demo_store
    tables = {
        "brokers": Broker,
        "institutions": Institution,
        "enterprises": Enterprise,
        "contacts": Contact,
        "visits": Visit,
        "needs": Need,
        "technologies": Technology,
        "patents": TechPatent,
        "matches": Match,
        "contracts": Contract,
        "payments": Payment,
        "claims": Claim,
    }
    with store.session() as session:
        assert counts == {kind: _count(session, model) for kind, model in tables.items()}
    assert counts["technologies"] == TECHNOLOGIES
    assert counts["enterprises"] == ENTERPRISES_N
    assert counts["needs"] == ENTERPRISES_N * 3 // 2
    assert counts["contracts"] == ENTERPRISES_N * 3 // 2 // 3


def test_codes_pass_their_checks(demo_store: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo_store
    with store.session() as session:
        enterprises = session.exec(select(Enterprise)).all()
        usccs = [e.uscc for e in enterprises]
        assert len(set(usccs)) == len(usccs)
        for ent in enterprises:
            checked = check_uscc(ent.uscc)
            assert checked.ok and not checked.issues, (ent.uscc, checked.issues)
            assert ent.division_code == ent.uscc[2:8]  # type: ignore[index]
        assert sum(e.division_code == "330211" for e in enterprises) == ENTERPRISES_N // 2
        numbers = session.exec(select(TechPatent.number, TechPatent.patent_kind)).all()
        assert len({n for n, _ in numbers}) == len(numbers)
        for number, kind in numbers:
            patent = check_patent_number(number, today=date(2026, 11, 1))
            assert patent.value is not None and not patent.issues, number
            assert patent.value.application_number == number and str(patent.value.kind) == kind
        for inst in session.exec(select(Institution)).all():
            assert not check_uscc(inst.uscc).issues
        me = session.exec(select(Broker).where(col(Broker.is_self))).one()
        assert not check_id_card(me.id_card, required=True).issues
        assert me.agency and me.certificate_no and me.bank_name and me.account_name and me.account_number
        for contact in session.exec(select(Contact)).all():
            assert contact.mobile and not check_phone(contact.mobile).issues
            assert contact.phone is None or contact.phone.startswith("0574-")
            assert not check_phone(contact.phone).issues


def test_every_stage_status_and_type_appears(demo_store: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo_store
    with store.session() as session:
        stages = set(session.exec(select(Match.stage)).all())
        assert stages == {
            "candidate",
            "recommended",
            "introduced",
            "negotiating",
            "intent",
            "contracted",
            "dropped",
        }
        assert all(session.exec(select(Match.dropped_reason).where(Match.stage == "dropped")).all())
        statuses = set(session.exec(select(Need.status)).all())
        assert statuses == {"new", "filed", "published", "matched", "contracted", "closed"}
        for need in session.exec(select(Need)).all():
            assert (need.filing_no is None) == (need.status == "new")
            assert 1 <= len(need.keywords) <= 5 and all(len(k) <= 10 for k in need.keywords)
        assert set(session.exec(select(Claim.status)).all()) == {
            "draft",
            "submitted",
            "approved",
            "paid",
            "rejected",
        }
        assert set(session.exec(select(Contract.contract_type)).all()) == {
            "development",
            "transfer",
            "licence",
            "consulting",
            "service",
        }
        assert (
            session.exec(select(Contract).where(col(Contract.registration_no).is_(None))).first() is not None
        )
        # A match reached "intent" through every stage before it: the history is real, not a set field.
        intent = session.exec(select(Match).where(Match.stage == "intent")).first()
        assert intent is not None
        steps = session.exec(
            select(MatchStageEvent.to_stage)
            .where(MatchStageEvent.match_id == intent.id)
            .order_by(col(MatchStageEvent.id))
        ).all()
        assert steps == ["candidate", "recommended", "introduced", "negotiating", "intent"]
        overdue = session.exec(select(Visit).where(col(Visit.follow_up_on) < demo.ANCHOR)).first()
        due = session.exec(select(Visit).where(col(Visit.follow_up_on) >= demo.ANCHOR)).first()
        assert overdue is not None and due is not None


def test_claims_recompute_to_their_amounts(demo_store: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo_store
    with store.session() as session:
        claims = session.exec(select(Claim)).all()
        assert {c.policy_snapshot["id"] for c in claims} == {"zhenhai", "ningbo-2014"}
        for claim in claims:
            contract = session.get(Contract, claim.contract_id)
            assert contract is not None and contract.registration_no and contract.registered_on
            assert 0 < contract.tech_amount_fen <= contract.total_fen
            assert claim.claimed_on.year == demo.ANCHOR.year
            assert claim.base_fen == contract.tech_amount_fen
            again = compute(
                RulePolicy.from_dict(claim.policy_snapshot),
                base_fen=claim.base_fen,
                claimed_before_fen=claim.computation["claimed_before_fen"],
                broker_year_claimed_fen=claim.computation["broker_year_claimed_fen"],
            )
            assert again.amount_fen == claim.amount_fen > 0
            if claim.policy_snapshot["id"] == "zhenhai":
                # 1.5 % of the technology amount, half up to the fen, at most 300,000 yuan.
                assert contract.buyer_division_code == "330211"
                assert claim.amount_fen == min((contract.tech_amount_fen * 15 + 500) // 1000, 30_000_000)
            shares = session.exec(select(ClaimShare).where(ClaimShare.claim_id == claim.id)).all()
            assert sum(s.amount_fen for s in shares) == claim.amount_fen
            assert sum(s.percent_bp for s in shares) == 10_000
        assert any(
            len(session.exec(select(ClaimShare).where(ClaimShare.claim_id == c.id)).all()) == 3
            for c in claims
        )
        rejected = session.exec(select(Claim).where(Claim.status == "rejected")).first()
        assert rejected is not None and rejected.status_reason


def test_claim_forms_tell_the_brokers_steps_in_date_order(demo_store: tuple[Store, dict[str, int]]) -> None:
    """A reviewer reads the printed steps top to bottom: visit, need found, match steps, signing,
    registration, then payments and the claim; a date out of order would look like a made-up record."""
    store, _ = demo_store
    with store.session() as session:
        claims = session.exec(select(Claim)).all()
        assert claims
        for claim in claims:
            doc = build_claim_document(session, claim.id)
            steps, project = doc.project.involvement, doc.project
            days = [step.on for step in steps if step.on is not None]
            assert len(days) == len(steps) and days == sorted(days), (doc.claim_no, steps)
            assert [step.step for step in steps[:2]] == ["走访企业", "挖掘需求"] and days[0] == days[1]
            assert project.signed_on is not None and project.registered_on is not None
            assert (days[-2], days[-1]) == (project.signed_on, project.registered_on)
            assert all(p.paid_on >= project.signed_on for p in doc.amounts.payments)
            assert project.registered_on <= doc.claimed_on
        for need, visit in session.exec(select(Need, Visit).join(Visit, col(Visit.id) == col(Need.visit_id))):
            assert timedelta(0) <= need.created_at - visit.started_at <= timedelta(hours=2)  # on the visit


def test_bulk_rows_are_like_service_rows(demo_store: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo_store
    with store.session() as session:
        techs = session.exec(select(Technology)).all()
        logged = set(session.exec(select(ChangeLog.entity_id).where(ChangeLog.entity == "technology")).all())
        bulk = [t for t in techs if t.id not in logged]
        assert logged and len(bulk) == TECHNOLOGIES - len(logged)
        for tech in bulk[:50]:
            assert tech.created_at.tzinfo is not None and tech.created_at.date() <= demo.ANCHOR
            assert isinstance(tech.keywords, list) and 3 <= len(tech.keywords) <= 10
            assert isinstance(tech.inventors, list) and 1 <= len(tech.inventors) <= 4
            assert tech.ipc_codes and tech.transfer_modes and tech.institution_id
            assert tech.title and tech.abstract.startswith("本成果针对")
    # The Core inserts were indexed for search as well.
    assert all(status.ok for status in search_index.verify(store))


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    def snapshot(name: str, seed: int) -> tuple[list[Any], list[Any], list[Any]]:
        with Store.open(tmp_path / name / "t.db") as store:
            demo.generate(
                store, technologies=demo.MIN_TECHNOLOGIES + 20, enterprises=demo.MIN_ENTERPRISES, seed=seed
            )
            with store.session() as session:
                ents = session.exec(
                    select(Enterprise.id, Enterprise.name, Enterprise.uscc).order_by(col(Enterprise.id))
                ).all()
                techs = session.exec(
                    select(Technology.id, Technology.title).order_by(col(Technology.id))
                ).all()
                claims = session.exec(
                    select(Claim.id, Claim.claim_no, Claim.amount_fen).order_by(col(Claim.id))
                ).all()
        return list(ents), list(techs), list(claims)

    first, second, other = snapshot("a", 7), snapshot("b", 7), snapshot("c", 8)
    assert first == second
    assert {e[1] for e in first[0]} != {e[1] for e in other[0]}
    assert {e[0] for e in first[0]}.isdisjoint(e[0] for e in other[0])


def test_refuses_a_database_that_holds_data(demo_store: tuple[Store, dict[str, int]], tmp_path: Path) -> None:
    # Refusing happens before anything is written, so the shared database stays as it was.
    store, counts = demo_store
    with pytest.raises(demo.DemoError, match="已有数据"):
        demo.generate(store)
    with store.session() as session:
        assert _count(session, Enterprise) == counts["enterprises"]
    with Store.open(tmp_path / "real" / "t.db") as real:
        with real.session() as session:
            ENTERPRISES.create(session, {"name": "宁波甬力新材料科技有限公司"})
        with pytest.raises(demo.DemoError, match="企业 1"):
            demo.generate(real)
        with real.session() as session:
            assert _count(session, Enterprise) == 1 and _count(session, Technology) == 0


def test_refuses_sizes_too_small_to_tell_the_story(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        with pytest.raises(demo.DemoError):
            demo.generate(store, enterprises=demo.MIN_ENTERPRISES - 1)
        with pytest.raises(demo.DemoError):
            demo.generate(store, technologies=demo.MIN_TECHNOLOGIES - 1)
        with store.session() as session:
            assert _count(session, Enterprise) == 0


def test_progress_reports_every_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_technologies, "BATCH_ROWS", 40)
    calls: list[tuple[str, int, int]] = []
    with Store.open(tmp_path / "t.db") as store:
        demo.generate(
            store,
            technologies=150,
            enterprises=demo.MIN_ENTERPRISES,
            progress=lambda stage, done, total: calls.append((stage, done, total)),
        )
        with store.session() as session:
            assert _count(session, Technology) == 150
    tech = [done for stage, done, total in calls if stage == "technologies" and total == 150]
    assert tech == sorted(tech) and tech[-1] == 150 and len(tech) >= 3
    assert ("enterprises", demo.MIN_ENTERPRISES, demo.MIN_ENTERPRISES) in calls


def test_bulk_technologies_are_indexed_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's bulk rows are indexed by the bulk path itself: the index is complete with no rebuild,
    and identical to what a rebuild makes of the same rows."""
    from workbench.search import index as search_index

    monkeypatch.setattr(demo_technologies, "BATCH_ROWS", 40)
    with Store.open(tmp_path / "t.db") as store:
        demo.generate(store, technologies=150, enterprises=demo.MIN_ENTERPRISES)
        status = {s.kind: s for s in search_index.verify(store)}["technology"]
        assert status.ok and status.live == 150

        def terms() -> list[tuple[Any, ...]]:
            # The FTS tables are contentless: what they hold shows in their vocabularies (term, documents,
            # occurrences), which do not depend on the rowids a rebuild hands out.
            with store.engine.connect() as conn:
                db = search_index.Db(conn)
                rows: list[tuple[Any, ...]] = []
                for table in ("tech_fts", "search_fts"):
                    db.run(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{table} "
                        f"USING fts5vocab(main, {table}, col)"
                    )
                    rows += db.rows(f"SELECT term, col, doc, cnt FROM temp.v_{table} ORDER BY term, col")
            return [tuple(r) for r in rows]

        written = terms()
        search_index.rebuild(store, kinds=["technology"])
        assert terms() == written and len(written) > 150


def test_demo_month_is_lived_in_at_office_hours_on_working_days(
    demo_store: tuple[Store, dict[str, int]],
) -> None:
    """The Today figures of a fresh demo are not empty, and no visit is at night or on a weekend."""
    store, _ = demo_store
    clock = demo.demo_clock()
    with store.session() as session:
        stats = dashboard_stats(session, today=clock.today(), zone=clock.now().tzinfo)
        assert stats.visits_this_month > 0 and stats.visits_last_month > 0
        for visit in session.exec(select(Visit)).all():
            local = visit.started_at.replace(tzinfo=visit.started_at.tzinfo or UTC).astimezone(
                clock.now().tzinfo
            )
            assert 9 <= local.hour <= 16 and local.weekday() < 5, local
            assert local.date() < clock.today()


def test_visits_are_at_office_hours_in_the_zone_of_the_clock_given(tmp_path: Path) -> None:
    """Made on a machine in UTC or in Ningbo, a demo's visits are at 9:00-15:30 there."""
    for zone in (UTC, demo.LOCAL, timezone(timedelta(hours=-5))):
        clock = demo.demo_clock(zone)
        with Store.open(tmp_path / str(zone.utcoffset(None)) / "t.db") as store:
            demo.generate(
                store, technologies=demo.MIN_TECHNOLOGIES, enterprises=demo.MIN_ENTERPRISES, clock=clock
            )
            with store.session() as session:
                hours = {
                    v.started_at.replace(tzinfo=UTC).astimezone(zone).hour
                    for v in session.exec(select(Visit)).all()
                }
        assert hours and hours <= {9, 10, 14, 15}, (zone, hours)


def test_the_readme_search_examples_find_a_demo_enterprise(demo_store: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo_store
    with store.session() as session:
        for text in ("nbcl", "宁波材料"):
            hits = global_search(session, text)
            assert any(h.kind == "enterprise" and h.title == "宁波材料科技有限公司" for h in hits), text


def test_seeded_ids_stay_in_the_generating_thread(tmp_path: Path) -> None:
    """Ids come from the seed only for the demo's own unit of work, not for the whole process."""
    seen: list[str] = []
    seeded = SeededIds("x")
    with ids_from(seeded):
        first = new_id()
        worker = threading.Thread(target=lambda: seen.append(new_id()))
        worker.start()
        worker.join()
    assert first == SeededIds("x")()
    assert seen and seen[0] != SeededIds("x")() and uuid.UUID(seen[0]).version == 4
    assert new_id() != SeededIds("x")()
    assert uuid.uuid4.__module__ == "uuid"
