"""The quick entry's unit of work in the core: enterprise, contacts, visit and needs, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, func, select

from tests.workbench.factories import make_broker, make_enterprise
from workbench.models import Contact, Enterprise, Need, Visit, VisitAttendee
from workbench.services.visits import (
    UNKNOWN_ENTERPRISE,
    NeedEntry,
    NewContact,
    NewEnterprise,
    VisitEntry,
    VisitRefusedError,
    enterprise_contacts,
    live_enterprise,
    record_visit,
    visit_needs,
)
from workbench.store import Store


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _need(key: int, title: str, keywords: str = "涂层") -> NeedEntry:
    return NeedEntry(key, {"title": title, "problem": "附着力差", "keywords": keywords})


def _broker(store: Store) -> str:
    with store.session() as s:
        return make_broker(s).id


def test_a_new_enterprise_contact_visit_and_two_needs_are_recorded_together(store: Store) -> None:
    broker = _broker(store)
    entry = VisitEntry(
        started_at="2026-03-05 09:30",
        broker_ids=[broker],
        new_enterprise=NewEnterprise("宁波新材料有限公司", "91310110666007217T"),
        place="企业会议室",
        summary="初次拜访",
        follow_up_on="2026-03-20",
        new_contacts=[NewContact("王工", "技术总监", "13957400009")],
        needs=[_need(0, "耐磨涂层"), _need(1, "高效换热器", "换热器")],
    )
    with store.session() as s:
        done = record_visit(s, entry)
    assert done.changes.kinds == {"enterprise", "contact", "visit", "need"}
    with store.session() as s:
        visit = s.get(Visit, done.visit_id)
        assert visit is not None and visit.enterprise_id == done.enterprise_id
        assert visit.follow_up_on is not None and visit.follow_up_on.isoformat() == "2026-03-20"
        (contact,) = enterprise_contacts(s, done.enterprise_id)
        assert contact.name == "王工" and done.contact_ids == (contact.id,)
        assert s.exec(select(VisitAttendee.contact_id)).all() == [contact.id]
        needs = visit_needs(s, done.visit_id)
        assert [n.title for n in needs] == ["耐磨涂层", "高效换热器"]
        assert {n.id for n in needs} == set(done.need_ids)
        assert all(n.enterprise_id == done.enterprise_id for n in needs)
        assert set(done.changes.ids) >= {done.visit_id, done.enterprise_id, contact.id, *done.need_ids}


def test_one_bad_field_records_nothing_and_every_problem_is_reported_where_it_belongs(store: Store) -> None:
    broker = _broker(store)
    entry = VisitEntry(
        started_at="2026-03-05 09:30",
        broker_ids=[broker],
        new_enterprise=NewEnterprise("宁波新材料有限公司", "91330211ABC"),
        new_contacts=[NewContact("钱工", mobile="12345")],
        follow_up_on="2026-03-01",  # before the visit
        needs=[_need(0, "耐磨涂层"), _need(7, "高效换热器", keywords="")],
    )
    with store.session() as s, pytest.raises(VisitRefusedError) as refused:
        record_visit(s, entry)
    problems = refused.value.problems
    assert [i.field for i in problems.enterprise] == ["uscc"]
    assert [(name, i.field) for name, i in problems.contacts] == [("钱工", "mobile")]
    assert "follow_up_on" in {i.field for i in problems.visit}
    assert list(problems.needs) == [7] and problems.needs[7][0].field == "keywords"
    assert not problems.only_warnings and refused.value.issues == problems.all()
    with store.session() as s:
        assert [_count(s, m) for m in (Enterprise, Contact, Visit, Need)] == [0, 0, 0, 0]


def test_a_caller_that_commits_after_a_refusal_still_writes_nothing(store: Store) -> None:
    """The service undoes its own writes (a savepoint), whatever the caller does next."""
    broker = _broker(store)
    entry = VisitEntry(
        started_at="2026-03-05 09:30",
        broker_ids=[broker],
        new_enterprise=NewEnterprise("宁波新材料有限公司"),
        new_contacts=[NewContact("王工", mobile="13957400009")],
        needs=[_need(0, "高效换热器", keywords="")],
    )
    # The refusal is caught inside the unit of work, which then commits. The enterprise and contact were
    # written before the need was refused; they went with it.
    with store.session() as s, pytest.raises(VisitRefusedError):
        record_visit(s, entry)
    with store.session() as s:
        assert [_count(s, m) for m in (Enterprise, Contact, Visit, Need)] == [0, 0, 0, 0]


def test_an_unknown_enterprise_is_named_and_the_rest_is_still_checked(store: Store) -> None:
    broker = _broker(store)
    entry = VisitEntry(
        started_at="2026-03-05 09:30",
        broker_ids=[broker],
        enterprise_text="不存在的企业",
        follow_up_on="2026-03-01",
        needs=[_need(0, "需求甲", keywords="")],
    )
    with store.session() as s, pytest.raises(VisitRefusedError) as refused:
        record_visit(s, entry)
    problems = refused.value.problems
    (unknown,) = problems.enterprise
    assert unknown.code == UNKNOWN_ENTERPRISE and "不存在的企业" in unknown.message
    assert "follow_up_on" in {i.field for i in problems.visit}
    assert problems.needs[0][0].field == "keywords"


def test_warnings_refuse_until_accepted(store: Store) -> None:
    broker = _broker(store)
    with store.session() as s:
        ent = make_enterprise(s)
    entry = VisitEntry(
        started_at="2026-03-05 09:30",
        broker_ids=[broker],
        enterprise_id=ent.id,
        new_contacts=[NewContact("孙工")],  # no way to reach: a warning
        needs=[_need(0, "需求乙")],
    )
    with store.session() as s, pytest.raises(VisitRefusedError) as refused:
        record_visit(s, entry)
    assert refused.value.problems.only_warnings
    assert [name for name, _ in refused.value.problems.contacts] == ["孙工"]
    with store.session() as s:
        done = record_visit(s, entry, accept_warnings=True)
    with store.session() as s:
        assert [c.name for c in enterprise_contacts(s, ent.id)] == ["孙工"]
        assert _count(s, Visit) == 1 and done.changes.kinds == {"contact", "visit", "need"}


def test_editing_a_visit_updates_its_need_and_adds_one(store: Store) -> None:
    broker = _broker(store)
    with store.session() as s:
        ent = make_enterprise(s)
    first = VisitEntry(
        started_at="2026-03-05 09:30", broker_ids=[broker], enterprise_id=ent.id, needs=[_need(0, "需求甲")]
    )
    with store.session() as s:
        done = record_visit(s, first)
    (need_id,) = done.need_ids
    again = VisitEntry(
        started_at="2026-03-05 10:00",
        broker_ids=[broker],
        enterprise_id=ent.id,
        visit_id=done.visit_id,
        summary="补充纪要",
        needs=[NeedEntry(0, {"title": "需求甲（改）", "keywords": "涂层"}, need_id), _need(1, "需求丙")],
    )
    with store.session() as s:
        edited = record_visit(s, again)
    assert edited.visit_id == done.visit_id and edited.need_ids[0] == need_id
    with store.session() as s:
        assert [n.title for n in visit_needs(s, done.visit_id)] == ["需求甲（改）", "需求丙"]
        assert _count(s, Visit) == 1
        assert live_enterprise(s, ent.id) is not None and live_enterprise(s, "nope") is None
