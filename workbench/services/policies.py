"""Reward policies in the store: loading the shipped TOML files, versions, and the read-only rule."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from workbench.errors import NotFoundError, PolicyError, TransitionError
from workbench.i18n import t
from workbench.models import Claim, Policy, Setting
from workbench.rules import Policy as RulePolicy
from workbench.rules import load_default_policies
from workbench.services.base import Changes

DEFAULT_POLICY_SETTING = "default_policy"


def sync_default_policies(session: Session) -> Changes:
    """Load each shipped policy whose key the store does not know yet (never overwrites user edits)."""
    known = set(session.exec(select(Policy.policy_key)).all())
    added = []
    for rules in load_default_policies():
        if rules.id in known:
            continue
        row = Policy(
            policy_key=rules.id,
            version=rules.version,
            name=rules.name,
            data=rules.to_dict(),
            fingerprint=rules.fingerprint(),
        )
        session.add(row)
        added.append(row.id)
    if session.get(Setting, DEFAULT_POLICY_SETTING) is None:
        session.add(Setting(key=DEFAULT_POLICY_SETTING, value="zhenhai"))
    session.flush()
    return Changes(frozenset({"policy"}), tuple(added))


def list_policies(session: Session, *, all_versions: bool = False) -> list[Policy]:
    rows = list(
        session.exec(
            select(Policy)
            .where(col(Policy.deleted_at).is_(None))
            .order_by(col(Policy.policy_key), col(Policy.version))
        ).all()
    )
    if all_versions:
        return rows
    latest: dict[str, Policy] = {}
    for row in rows:
        if row.active:
            latest[row.policy_key] = row
    return list(latest.values())


def get_policy(session: Session, key: str | None = None, *, version: int | None = None) -> Policy:
    """The newest active version of a policy (or the given version); the default policy if no key."""
    if key is None:
        setting = session.get(Setting, DEFAULT_POLICY_SETTING)
        key = setting.value if setting else "zhenhai"
    stmt = select(Policy).where(Policy.policy_key == key, col(Policy.deleted_at).is_(None))
    # A given version may be an inactive one (an amendment keeps its original's version).
    stmt = stmt.where(Policy.version == version) if version is not None else stmt.where(col(Policy.active))
    row = session.exec(stmt.order_by(col(Policy.version).desc())).first()
    if row is None:
        known = ", ".join(sorted({p.policy_key for p in list_policies(session)})) or "-"
        raise NotFoundError(t("奖励政策（可用：{k}）", "reward policy (known: {k})", k=known), key)
    return row


def rules_of(row: Policy) -> RulePolicy:
    return RulePolicy.from_dict(row.data)


def next_version_number(session: Session, key: str) -> int:
    """The number the next version of policy ``key`` will get (versions are never reused)."""
    newest = session.exec(select(func.max(Policy.version)).where(Policy.policy_key == key)).one()
    return int(newest or 0) + 1


def submitted_claims_per_version(session: Session) -> dict[str, int]:
    """How many claims past draft use each policy version (by row id); those versions are frozen."""
    rows = session.exec(
        select(Claim.policy_id, func.count())
        .where(Claim.status != "draft", col(Claim.deleted_at).is_(None))
        .group_by(col(Claim.policy_id))
    ).all()
    return {policy_id: int(n) for policy_id, n in rows}


def in_use(session: Session, row: Policy) -> bool:
    """A version used by a claim that has left draft is frozen: editing it would rewrite history."""
    n = session.exec(
        select(func.count())
        .select_from(Claim)
        .where(Claim.policy_id == row.id, Claim.status != "draft", col(Claim.deleted_at).is_(None))
    ).one()
    return bool(n)


def _validated(data: dict[str, Any]) -> RulePolicy:
    try:
        rules = RulePolicy.from_dict(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise PolicyError(t("政策数据无效：{e}", "Invalid policy data: {e}", e=exc)) from exc
    rules.validate()
    return rules


def new_version(
    session: Session, key: str, changes: dict[str, Any], *, from_version: int | None = None
) -> Policy:
    """Create the next version of a policy from an existing one with ``changes`` applied on top."""
    base = get_policy(session, key, version=from_version)
    data = {**base.data, **changes, "id": key, "version": next_version_number(session, key)}
    rules = _validated(data)
    row = Policy(
        policy_key=key,
        version=rules.version,
        name=rules.name,
        data=rules.to_dict(),
        fingerprint=rules.fingerprint(),
    )
    session.add(row)
    session.flush()
    return row


def edit_version(session: Session, row_id: str, changes: dict[str, Any]) -> Policy:
    """Edit a version in place, unless a submitted claim already relies on it."""
    row = session.get(Policy, row_id)
    if row is None:
        raise NotFoundError(t("奖励政策", "reward policy"), row_id)
    if in_use(session, row):
        raise TransitionError(
            t(
                "该政策版本已被提交的申请使用，只能另建新版本",
                "This version is used by a submitted claim; create a new version instead",
            )
        )
    data = {**row.data, **changes, "id": row.policy_key, "version": row.version}
    rules = _validated(data)
    row.data = rules.to_dict()
    row.name = rules.name
    row.fingerprint = rules.fingerprint()
    session.add(row)
    session.flush()
    return row


def set_default(session: Session, key: str) -> None:
    get_policy(session, key)
    setting = session.get(Setting, DEFAULT_POLICY_SETTING) or Setting(key=DEFAULT_POLICY_SETTING)
    setting.value = key
    session.add(setting)
    session.flush()
