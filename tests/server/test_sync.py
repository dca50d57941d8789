"""Laptops syncing with a real district server: push, pull, conflicts, joining with history, resuming."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlmodel import select

from tests.server.conftest import District
from tests.workbench.factories import make_chain
from workbench.models import Claim, Enterprise, Need, Visit
from workbench.services import ENTERPRISES, NEEDS
from workbench.services.policies import sync_default_policies
from workbench.store import Store
from workbench.sync import engine, state


class Laptop:
    def __init__(self, path: Path, district: District, stem: str) -> None:
        self.store = Store.open(path / "workbench.db")
        with self.store.session(actor="test") as session:
            sync_default_policies(session)
        self.user, self.url = district.user(stem)
        with self.store.session(actor="test") as session:
            state.save(session, url=state.strip_password(self.url), user=self.user)

    def connect(self) -> Callable[[], Any]:
        return lambda: psycopg.connect(self.url)

    def sync(self) -> engine.SyncReport:
        return engine.sync(self.store, self.connect())


@pytest.fixture
def laptops(tmp_path: Path, district: District) -> Iterator[Callable[[str], Laptop]]:
    made: list[Laptop] = []

    def make(stem: str) -> Laptop:
        laptop = Laptop(tmp_path / stem, district, stem)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.store.close(backup=False)


def test_joining_uploads_history_and_a_second_laptop_sees_the_shared_registry(
    laptops: Callable[[str], Laptop], district: District
) -> None:
    alice = laptops("alice")
    with alice.store.session(actor="test") as session:
        chain = make_chain(session)
        NEEDS.update(session, chain.need.id, {"confidential": True})
        firm_id, need_id, visit_id = chain.enterprise.id, chain.need.id, chain.visit.id
    first = alice.sync()
    assert first.first_sync and first.refused == [] and first.conflicts == 0
    assert (
        first.applied >= 8
    )  # broker, enterprise, contact, visit, need, institution, technology, match, contract …
    again = alice.sync()
    assert not again.first_sync and again.pushed == 0

    bob = laptops("bob")
    report = bob.sync()
    assert report.refused == []
    with bob.store.session(actor="test") as session:
        firm = session.get(Enterprise, firm_id)
        assert firm is not None and firm.name == "宁波材料科技有限公司"
        assert session.get(Need, need_id) is None  # confidential: never reaches another broker
        assert session.get(Visit, visit_id) is None  # another broker's visit
    # The district office sees everything, including the claim-free contract chain.
    with psycopg.connect(district.admin_url) as conn:
        kinds: dict[str, int] = dict(
            conn.execute("SELECT kind, count(*) FROM wb.record GROUP BY kind").fetchall()
        )
    assert kinds["need"] == 1 and kinds["contract"] == 1


def test_edits_flow_both_ways_and_a_concurrent_edit_becomes_a_conflict(
    laptops: Callable[[str], Laptop],
) -> None:
    alice, bob = laptops("alice"), laptops("bob")
    with alice.store.session(actor="test") as session:
        firm = ENTERPRISES.create(session, {"name": "宁波丁公司", "notes": "初始"})
        firm_id = firm.id
    alice.sync()
    bob.sync()
    # Both edit the same field offline.
    with alice.store.session(actor="test") as session:
        ENTERPRISES.update(session, firm_id, {"notes": "Alice 的备注"})
    with bob.store.session(actor="test") as session:
        ENTERPRISES.update(session, firm_id, {"notes": "Bob 的备注", "address": "镇海区庄市街道"})
    assert bob.sync().conflicts == 0
    report = alice.sync()
    assert report.conflicts == 1 and report.open_conflicts == 1
    status = engine.status(alice.store)
    (conflict,) = status.conflicts
    assert (conflict["base"], conflict["mine"], conflict["theirs"]) == ("初始", "Alice 的备注", "Bob 的备注")
    assert conflict["theirs_by"] == bob.user
    with alice.store.session(actor="test") as session:
        got = session.get(Enterprise, firm_id)
        assert got is not None
        # The server kept Bob's value and Alice's laptop now shows it; Bob's other edit arrived too.
        assert got.notes == "Bob 的备注" and got.address == "镇海区庄市街道"
    # Alice keeps hers: pushed as a new change, and Bob receives it.
    resolved = engine.resolve(alice.store, alice.connect(), conflict["id"], "mine")
    assert resolved.open_conflicts == 0
    bob.sync()
    with bob.store.session(actor="test") as session:
        got = session.get(Enterprise, firm_id)
        assert got is not None and got.notes == "Alice 的备注"


def test_a_sync_cut_off_midway_resumes_without_applying_anything_twice(
    laptops: Callable[[str], Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = laptops("alice")
    alice.sync()
    with alice.store.session(actor="test") as session:
        for i in range(30):
            ENTERPRISES.create(session, {"name": f"宁波企业{i:02d}号有限公司"})
    monkeypatch.setattr(engine, "PUSH_BATCH", 7)
    calls = {"n": 0}
    real_save = state.save

    def failing_save(session: Any, **changes: Any) -> None:
        # The server committed the second batch but the laptop dies before noting it.
        if "pushed" in changes:
            calls["n"] += 1
            if calls["n"] == 2:
                raise ConnectionError("network gone")
        real_save(session, **changes)

    monkeypatch.setattr(state, "save", failing_save)
    with pytest.raises(ConnectionError):
        alice.sync()
    monkeypatch.setattr(state, "save", real_save)
    report = alice.sync()
    assert report.duplicates == 7  # the batch the laptop did not note is answered "duplicate"
    assert report.refused == []
    bob = laptops("bob")
    bob.sync()
    with bob.store.session(actor="test") as session:
        names = [e.name for e in ENTERPRISES.list(session, limit=100).rows]
    assert len([n for n in names if n.startswith("宁波企业")]) == 30


def test_a_claim_submitted_before_joining_arrives_marked_and_the_office_decision_flows_back(
    laptops: Callable[[str], Laptop], district: District
) -> None:
    from tests.workbench.claim_samples import normal_claim
    from workbench.server import admin
    from workbench.services.claims import CLAIMS

    alice = laptops("alice")
    with alice.store.session(actor="test") as session:
        claim_id = normal_claim(session).claim_id
        CLAIMS.submit(session, claim_id)
    report = alice.sync()
    assert report.refused == []
    with psycopg.connect(district.admin_url) as conn:
        row = conn.execute(
            "SELECT data->>'status', recorded_before_joining FROM wb.record WHERE id = %s", (claim_id,)
        ).fetchone()
    assert row == ("submitted", True)
    admin.claim_step(district.admin_url, claim_id, "approve")
    alice.sync()
    with alice.store.session(actor="test") as session:
        got = session.get(Claim, claim_id)
        assert got is not None and got.status == "approved"


def test_a_first_sync_of_the_demo_data_finishes_with_a_summary(laptops: Callable[[str], Laptop]) -> None:
    from workbench import demo

    alice = laptops("alice")
    demo.generate(alice.store, technologies=demo.MIN_TECHNOLOGIES, enterprises=demo.MIN_ENTERPRISES)
    seen: list[tuple[str, int, int]] = []
    report = engine.sync(
        alice.store, alice.connect(), lambda stage, done, total: seen.append((stage, done, total))
    )
    assert report.first_sync and report.refused == [] and report.conflicts == 0
    assert report.applied == report.pushed > 100
    assert seen[-1][1] == seen[-1][2]  # the progress reached its end
    assert engine.pending_changes(alice.store) == 0
    assert alice.sync().pushed == 0


def test_a_policy_published_by_the_office_reaches_every_laptop(
    laptops: Callable[[str], Laptop], district: District, tmp_path: Path
) -> None:
    from decimal import Decimal

    from workbench.paths import resource_dir
    from workbench.rules import Policy as RulePolicy
    from workbench.server import admin
    from workbench.services.policies import get_policy

    shipped = (resource_dir() / "policies" / "zhenhai.toml").read_text(encoding="utf-8")
    second = shipped.replace("version = 1", "version = 2", 1).replace('rate = "1.5%"', 'rate = "1.8%"', 1)
    path = tmp_path / "zhenhai-v2.toml"
    path.write_text(second, encoding="utf-8")
    assert admin.publish_policy(district.admin_url, path) == ("zhenhai", 2)
    assert admin.publish_policy(district.admin_url, path) == ("zhenhai", 2)  # the same file again: nothing
    path.write_text(second.replace('rate = "1.8%"', 'rate = "2%"', 1), encoding="utf-8")
    with pytest.raises(admin.ServerError, match="新的版本"):
        admin.publish_policy(district.admin_url, path)
    alice = laptops("alice")
    alice.sync()
    with alice.store.session(actor="test") as session:
        newest = get_policy(session, "zhenhai")
        assert newest.version == 2
        assert RulePolicy.from_dict(newest.data).rate == Decimal("0.018")
    # A broker cannot publish.
    with psycopg.connect(alice.url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO wb.record (id, kind, data) VALUES ('x', 'policy', '{}')")


def test_the_same_enterprise_created_on_two_laptops_is_merged_with_its_children(
    laptops: Callable[[str], Laptop],
) -> None:
    from workbench.models import Contact
    from workbench.services import CONTACTS

    uscc = "91330211MA2CCCCC3A"
    alice, bob = laptops("alice"), laptops("bob")
    made: dict[str, tuple[str, str]] = {}
    for laptop, person in ((alice, "李工"), (bob, "王工")):
        with laptop.store.session(actor="test") as session:
            firm = ENTERPRISES.create(
                session, {"name": "宁波庚新材料有限公司", "uscc": uscc}, accept_warnings=True
            )
            contact = CONTACTS.create(
                session, {"enterprise_id": firm.id, "name": person, "mobile": "13957400002"}
            )
            made[person] = (firm.id, contact.id)
    alice.sync()
    report = bob.sync()
    assert report.conflicts == 1
    (conflict,) = engine.status(bob.store).conflicts
    assert conflict["reason"] == "duplicate"
    engine.resolve(bob.store, bob.connect(), conflict["id"], "theirs")
    alice.sync()
    kept, dropped = made["李工"][0], made["王工"][0]
    for laptop in (alice, bob):
        with laptop.store.session(actor="test") as session:
            live = [
                e.id
                for e in session.exec(select(Enterprise)).all()
                if e.deleted_at is None and e.uscc == uscc
            ]
            assert live == [kept]
            contacts = {c.name: c.enterprise_id for c in session.exec(select(Contact)).all()}
            assert contacts == {"李工": kept, "王工": kept}  # the duplicate's contact moved, nothing lost
            gone = session.get(Enterprise, dropped)
            assert gone is not None and gone.deleted_at is not None


def test_rows_that_belong_to_a_record_travel_with_it(
    laptops: Callable[[str], Laptop], district: District
) -> None:
    from tests.workbench.claim_samples import normal_claim
    from workbench.services import TECHNOLOGIES, VISITS

    alice, bob = laptops("alice"), laptops("bob")
    with alice.store.session(actor="test") as session:
        sample = normal_claim(
            session
        )  # a technology with a patent, a visit with brokers and attendees, shares
        tech_id = TECHNOLOGIES.list(session, limit=1).rows[0].id
        visit_id = VISITS.list(session, limit=1).rows[0].id
        patents = sorted(p.number for p in TECHNOLOGIES.patents(session, tech_id))
        attendees = VISITS.contact_ids(session, visit_id)
    assert patents and attendees
    alice.sync()  # joining: the first upload carries the collections
    bob.sync()
    with bob.store.session(actor="test") as session:
        assert sorted(p.number for p in TECHNOLOGIES.patents(session, tech_id)) == patents
    with psycopg.connect(district.admin_url) as conn:
        visit = conn.execute("SELECT data FROM wb.record WHERE id = %s", (visit_id,)).fetchone()
        claim = conn.execute("SELECT data FROM wb.record WHERE id = %s", (sample.claim_id,)).fetchone()
    assert visit is not None and visit[0]["_attendees"] == sorted(attendees)
    assert claim is not None and [s[0] for s in claim[0]["_shares"]] == [sample.broker_id]
    # A later edit of the collection travels as a change of its record.
    with alice.store.session(actor="test") as session:
        TECHNOLOGIES.update(session, tech_id, {"patents": "ZL201811564288.X, ZL202010107791.3"})
        patents = sorted(p.number for p in TECHNOLOGIES.patents(session, tech_id))
    assert len(patents) == 2
    assert alice.sync().applied >= 1
    bob.sync()
    with bob.store.session(actor="test") as session:
        assert sorted(p.number for p in TECHNOLOGIES.patents(session, tech_id)) == patents


def test_collections_of_records_made_after_joining_travel_without_conflicts(
    laptops: Callable[[str], Laptop],
) -> None:
    from workbench.services import INSTITUTIONS, TECHNOLOGIES

    alice, bob = laptops("alice"), laptops("bob")
    alice.sync()
    with alice.store.session(actor="test") as session:
        owner = INSTITUTIONS.create(session, {"name": "宁波大学", "institution_kind": "university"})
        tech = TECHNOLOGIES.create(
            session, {"title": "耐磨涂层", "institution_id": owner.id, "patents": "ZL201811564288.X"}
        )
        TECHNOLOGIES.update(session, tech.id, {"patents": "ZL201811564288.X, ZL202010107791.3"})
        tech_id = tech.id
    report = alice.sync()
    assert report.conflicts == 0 and report.refused == []
    bob.sync()
    with bob.store.session(actor="test") as session:
        assert len(TECHNOLOGIES.patents(session, tech_id)) == 2


def test_histories_travel_and_the_office_decision_joins_the_claims_history(
    laptops: Callable[[str], Laptop], district: District
) -> None:
    from tests.workbench.claim_samples import normal_claim
    from workbench.server import admin
    from workbench.services import MATCHES
    from workbench.services.claim_status import claim_status
    from workbench.services.claims import CLAIMS

    alice = laptops("alice")
    with alice.store.session(actor="test") as session:
        sample = normal_claim(session)
        match_id = MATCHES.list(session, limit=1).rows[0].id
        stages = [(e.from_stage, e.to_stage) for e in MATCHES.history(session, match_id)]
    assert alice.sync().refused == []  # joining uploads both histories with their records
    with alice.store.session(actor="test") as session:
        CLAIMS.submit(session, sample.claim_id)
    report = alice.sync()
    assert report.refused == [] and report.conflicts == 0
    admin.claim_step(district.admin_url, sample.claim_id, "approve")
    alice.sync()
    with psycopg.connect(district.admin_url) as conn:
        match = conn.execute("SELECT data FROM wb.record WHERE id = %s", (match_id,)).fetchone()
    assert match is not None and [(s[0], s[1]) for s in match[0]["_stages"]] == stages
    with alice.store.session(actor="test") as session:
        history = CLAIMS.history(session, sample.claim_id)
        assert [(e.from_status, e.to_status) for e in history][-2:] == [
            ("draft", "submitted"),
            ("submitted", "approved"),
        ]
        assert history[-1].actor not in ("", "test")  # the office's login, not the broker
        # The printout's footer dates the status by its last step: the approval, not the submission.
        status = claim_status(session, CLAIMS.get(session, sample.claim_id))
        assert (status.code, status.on) == ("approved", history[-1].at.astimezone().date())


def test_a_history_the_server_never_had_is_merged_not_a_conflict(
    laptops: Callable[[str], Laptop], district: District
) -> None:
    from workbench.services import MATCHES

    alice = laptops("alice")
    with alice.store.session(actor="test") as session:
        match_id = make_chain(session, contract=False).match.id
    alice.sync()
    # As for a record synced by an older version: the server holds no stage history for it.
    with psycopg.connect(district.admin_url) as conn:
        conn.execute("UPDATE wb.record SET data = data - '_stages' WHERE id = %s", (match_id,))
    with alice.store.session(actor="test") as session:
        MATCHES.move(session, match_id, "recommended")
        expected = [(e.from_stage, e.to_stage) for e in MATCHES.history(session, match_id)]
    report = alice.sync()
    assert report.conflicts == 0 and report.refused == []
    with psycopg.connect(district.admin_url) as conn:
        row = conn.execute("SELECT data->'_stages' FROM wb.record WHERE id = %s", (match_id,)).fetchone()
    # The laptop sends its whole history; the server takes every entry it did not hold.
    assert row is not None and [(s[0], s[1]) for s in row[0]] == expected
    alice.sync()  # pulling back what the server merged keeps the laptop's history as it was
    with alice.store.session(actor="test") as session:
        assert [(e.from_stage, e.to_stage) for e in MATCHES.history(session, match_id)] == expected
