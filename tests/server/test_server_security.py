"""Access is decided by the district server itself: hand-written SQL on a broker's own connection."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.server.conftest import District
from workbench.server import admin


def _push(
    conn: Any, kind: str, ident: str, op: str, field: str | None = None, base: Any = None, new: Any = None
) -> str:
    row = conn.execute(
        "SELECT wb.push(%s, %s, %s, %s, %s, %s, %s)",
        (str(uuid.uuid4()), kind, ident, op, field, Jsonb(base), Jsonb(new)),
    ).fetchone()
    assert row is not None
    return str(row[0])


def _create(conn: Any, kind: str, data: dict[str, Any]) -> str:
    ident = str(uuid.uuid4())
    assert _push(conn, kind, ident, "create", new=data) == "applied"
    return ident


@pytest.fixture
def two_brokers(district: District) -> Iterator[tuple[Any, Any]]:
    _, url_a = district.user("alice")
    _, url_b = district.user("bob")
    a = psycopg.connect(url_a, autocommit=True)
    b = psycopg.connect(url_b, autocommit=True)
    yield a, b
    a.close()
    b.close()


def test_a_broker_cannot_read_another_brokers_confidential_need(two_brokers: tuple[Any, Any]) -> None:
    a, b = two_brokers
    secret = _create(b, "need", {"title": "保密的电池隔膜需求", "confidential": True})
    open_need = _create(b, "need", {"title": "公开的涂层需求", "confidential": False})
    visit = _create(b, "visit", {"summary": "拜访"})
    seen = {r[0] for r in a.execute("SELECT id FROM wb.record").fetchall()}
    assert open_need in seen
    assert secret not in seen
    assert visit not in seen  # another broker's visit is theirs alone
    # Not even by naming it, nor through the push function.
    assert a.execute("SELECT count(*) FROM wb.record WHERE id = %s", (secret,)).fetchone() == (0,)
    assert _push(a, "need", secret, "update", "title", "保密的电池隔膜需求", "改掉") == "not_visible"
    # The owner still sees it.
    assert b.execute("SELECT count(*) FROM wb.record WHERE id = %s", (secret,)).fetchone() == (1,)


def test_a_broker_cannot_update_another_brokers_claim(two_brokers: tuple[Any, Any]) -> None:
    a, b = two_brokers
    claim = _create(b, "claim", {"claim_no": "ZH-1", "status": "draft", "amount_fen": 100000})
    updated = a.execute(
        "UPDATE wb.record SET data = jsonb_set(data, '{amount_fen}', '999999') WHERE id = %s", (claim,)
    )
    assert updated.rowcount == 0
    row = b.execute("SELECT data->>'amount_fen' FROM wb.record WHERE id = %s", (claim,)).fetchone()
    assert row == ("100000",)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("DELETE FROM wb.record WHERE id = %s", (claim,))


def test_a_broker_cannot_approve_their_own_claim(two_brokers: tuple[Any, Any], district: District) -> None:
    _, b = two_brokers
    claim = _create(b, "claim", {"claim_no": "ZH-2", "status": "draft", "amount_fen": 150000})
    assert _push(b, "claim", claim, "update", "status", "draft", "submitted") == "applied"
    # Straight SQL on the broker's own connection: refused by the server's trigger.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="submitted to approved"):
        b.execute(
            "UPDATE wb.record SET data = jsonb_set(data, '{status}', '\"approved\"') WHERE id = %s", (claim,)
        )
    # Through the push function the refusal is recorded, not applied.
    outcome = _push(b, "claim", claim, "update", "status", "submitted", "paid")
    assert outcome.startswith("refused")
    # A submitted claim's amount is frozen for its broker too.
    with pytest.raises(psycopg.errors.CheckViolation):
        b.execute("UPDATE wb.record SET data = jsonb_set(data, '{amount_fen}', '1') WHERE id = %s", (claim,))
    # The district office approves and pays; the broker sees it.
    assert admin.claim_step(district.admin_url, "ZH-2", "approve") == "approved"
    assert admin.claim_step(district.admin_url, claim, "pay") == "paid"
    row = b.execute("SELECT data->>'status' FROM wb.record WHERE id = %s", (claim,)).fetchone()
    assert row == ("paid",)
    # Even the office cannot skip steps.
    other = _create(b, "claim", {"claim_no": "ZH-3", "status": "draft"})
    with pytest.raises(admin.ServerError, match="draft"):
        admin.claim_step(district.admin_url, other, "pay")


def test_shared_registry_fields_are_guarded(two_brokers: tuple[Any, Any]) -> None:
    a, b = two_brokers
    firm = _create(
        b, "enterprise", {"name": "宁波甲材料有限公司", "uscc": "91330206MA2AAAAA1X", "address": "旧址"}
    )
    # Another broker may correct the address …
    assert _push(a, "enterprise", firm, "update", "address", "旧址", "新址") == "applied"
    # … but not the name or the code, nor delete it.
    assert _push(a, "enterprise", firm, "update", "name", "宁波甲材料有限公司", "别的公司").startswith(
        "refused"
    )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("UPDATE wb.record SET deleted_at = now() WHERE id = %s", (firm,))
    # Policies are published by the office only.
    assert _push(a, "policy", str(uuid.uuid4()), "create", new={"code": "x"}).startswith("refused")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("INSERT INTO wb.record (id, kind, data) VALUES ('p1', 'policy', '{}')")
    # Ownership cannot be taken over by hand-written SQL.
    mine = _create(a, "visit", {"summary": "x"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("UPDATE wb.record SET owner = 'someone' WHERE id = %s", (mine,))


def test_a_broker_cannot_grant_themselves_admin(two_brokers: tuple[Any, Any]) -> None:
    a, _ = two_brokers
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("UPDATE wb.account SET is_admin = true")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("GRANT wb_admin TO CURRENT_USER")


def test_push_is_idempotent_and_conflicts_are_recorded(two_brokers: tuple[Any, Any]) -> None:
    a, b = two_brokers
    firm = _create(b, "enterprise", {"name": "宁波乙公司", "notes": "base"})
    change_id = str(uuid.uuid4())
    args = (change_id, "enterprise", firm, "update", "notes", Jsonb("base"), Jsonb("bob's"))
    assert b.execute("SELECT wb.push(%s, %s, %s, %s, %s, %s, %s)", args).fetchone() == ("applied",)
    assert b.execute("SELECT wb.push(%s, %s, %s, %s, %s, %s, %s)", args).fetchone() == ("duplicate",)
    # Alice edited the same field offline from the same base: the server keeps Bob's value, records hers.
    assert _push(a, "enterprise", firm, "update", "notes", "base", "alice's") == "conflict"
    row = a.execute(
        "SELECT reason, base, mine, theirs, theirs_by FROM wb.conflict WHERE record_id = %s", (firm,)
    ).fetchone()
    assert row is not None
    assert row[:4] == ("edited", "base", "alice's", "bob's")
    assert row[4].startswith("bob_")
    assert b.execute("SELECT data->>'notes' FROM wb.record WHERE id = %s", (firm,)).fetchone() == ("bob's",)
    # Bob does not see Alice's conflicts.
    assert b.execute("SELECT count(*) FROM wb.conflict").fetchone() == (0,)


def test_same_uscc_created_twice_offline_is_a_duplicate_conflict(two_brokers: tuple[Any, Any]) -> None:
    a, b = two_brokers
    first = _create(a, "enterprise", {"name": "宁波丙公司", "uscc": "91330211MA2BBBBB2Y"})
    second = str(uuid.uuid4())
    outcome = _push(
        b, "enterprise", second, "create", new={"name": "宁波丙有限公司", "uscc": "91330211MA2BBBBB2Y"}
    )
    assert outcome == "duplicate_record"
    row = b.execute("SELECT reason, mine, theirs FROM wb.conflict WHERE record_id = %s", (second,)).fetchone()
    assert row == ("duplicate", second, first)


def test_claims_from_before_joining_arrive_marked(district: District) -> None:
    _, url = district.user("carol")
    with psycopg.connect(url, autocommit=True) as conn:
        old = _create(conn, "claim", {"claim_no": "ZH-2025-1", "status": "paid"})
        marked = conn.execute(
            "SELECT recorded_before_joining FROM wb.record WHERE id = %s", (old,)
        ).fetchone()
        assert marked == (True,)
        conn.execute("SELECT wb.mark_synced(true)")
        # After joining, a claim starts as a draft and every step is checked.
        assert _push(conn, "claim", str(uuid.uuid4()), "create", new={"status": "approved"}).startswith(
            "refused"
        )
        # And the old one stays as it was recorded.
        assert _push(conn, "claim", old, "update", "status", "paid", "draft").startswith("refused")
    state = admin.status(district.admin_url)
    carol = next(u for u in state.users if u.name.startswith("carol_"))
    assert carol.joined_at is not None and carol.last_sync_at is not None
