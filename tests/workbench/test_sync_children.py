"""Histories carried with their record for sync: logged as one field, replaced in order on a pull."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tests.workbench.factories import make_chain
from workbench.i18n import set_language
from workbench.models import ChangeLog
from workbench.queries.sync import conflict_rows
from workbench.services import MATCHES
from workbench.services.claims import CLAIMS
from workbench.store import Store
from workbench.sync import children, state

ROOT = Path(__file__).resolve().parents[2]


def _logged(session: Session, kind: str, ident: str, name: str) -> list[tuple[list[Any], list[Any]]]:
    rows = session.exec(
        select(ChangeLog)
        .where(ChangeLog.entity == kind, ChangeLog.entity_id == ident, ChangeLog.field == name)
        .order_by(col(ChangeLog.id))
    ).all()
    return [(json.loads(r.old or "[]"), json.loads(r.new or "[]")) for r in rows]


def test_a_stage_move_is_logged_as_a_change_of_the_matchs_history(store: Store) -> None:
    with store.session(actor="test") as session:
        match_id = make_chain(session, contract=False).match.id
        before = children.read_all(session, "match", match_id)["_stages"]
        MATCHES.move(session, match_id, "recommended", note="发给王总")
        old, new = _logged(session, "match", match_id, "_stages")[-1]
    assert old == before
    assert new[:-1] == before and new[-1][:2] == ["candidate", "recommended"]
    assert new[-1][4:] == ["test", "发给王总"]  # who and the note travel too
    assert datetime.fromisoformat(new[-1][2]).tzinfo is not None  # one spelling of the time everywhere


def test_a_claim_step_logs_its_history_before_the_status(store: Store) -> None:
    from tests.workbench.claim_samples import normal_claim

    with store.session(actor="test") as session:
        claim_id = normal_claim(session).claim_id
        mark = session.exec(select(ChangeLog.id).order_by(col(ChangeLog.id).desc())).first()
        CLAIMS.submit(session, claim_id)
        fields = session.exec(
            select(ChangeLog.field)
            .where(ChangeLog.entity_id == claim_id, col(ChangeLog.id) > mark)
            .order_by(col(ChangeLog.id))
        ).all()
    # The server accepts a history change of a draft only: it must arrive before the status step.
    assert fields.index("_history") < fields.index("status")


def test_a_pulled_history_replaces_the_local_one_in_the_servers_order(store: Store) -> None:
    from tests.workbench.claim_samples import normal_claim

    at = datetime(2026, 11, 3, 2, 15, tzinfo=UTC)
    pulled = [
        children.status_event(None, "draft", at, "alice"),
        children.status_event("draft", "submitted", at.replace(hour=3), "alice"),
        children.status_event("submitted", "rejected", at.replace(day=5), "office_zh", "缺少登记证明"),
    ]
    with store.session(actor="test") as session:
        claim_id = normal_claim(session).claim_id
        children.write(session, "claim", claim_id, "_history", pulled)
    with store.session(actor="test") as session:
        history = CLAIMS.history(session, claim_id)
        assert [(e.to_status, e.actor, e.reason) for e in history] == [
            ("draft", "alice", ""),
            ("submitted", "alice", ""),
            ("rejected", "office_zh", "缺少登记证明"),
        ]
        assert children.read_all(session, "claim", claim_id)["_history"] == pulled  # unchanged round trip


def test_the_servers_merge_names_the_same_histories() -> None:
    path = ROOT / "workbench/server/migrations/versions/s0002_history_merge.py"
    spec = importlib.util.spec_from_file_location("s0002", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.HISTORIES == children.HISTORIES
    assert set(children.HISTORIES) <= {name for kinds in children.COLLECTIONS.values() for name in kinds}


def test_a_conflict_on_a_collection_is_labelled_in_the_users_language(store: Store) -> None:
    conflict = {
        "id": 1,
        "kind": "technology",
        "record_id": "t1",
        "field": "_patents",
        "reason": "edited",
        "base": [],
        "mine": [["ZL201811564288.X", "invention"]],
        "theirs": [],
    }
    with store.session(actor="test") as session:
        state.save(session, conflicts=[conflict])
    try:
        for lang, expected in (("zh", "专利"), ("en", "Patents")):
            set_language(lang)
            with store.session(actor="test") as session:
                assert conflict_rows(session)[0].field_label == expected
    finally:
        set_language("zh")
