"""The broker's decisions on candidates: dismissing one for a need (and undoing it), accepting one as a Match.

A dismissed candidate stays hidden for that need until the dismissal is undone; accepting goes through the
match service, like a match made by hand.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

from workbench import enums
from workbench.i18n import t
from workbench.models import Match, utcnow


def dismiss(session: Session, need_id: str, technology_id: str, *, reason: str = "") -> None:
    """Hide a candidate technology for this need (and this need in the technology's reverse list)."""
    from workbench.services import NEEDS, TECHNOLOGIES

    NEEDS.get(session, need_id)
    TECHNOLOGIES.get(session, technology_id)
    session.execute(
        sql(
            "INSERT OR REPLACE INTO match_dismissal(need_id, technology_id, dismissed_at, actor, reason) "
            "VALUES (:n, :t, :at, :actor, :reason)"
        ),
        {
            "n": need_id,
            "t": technology_id,
            "at": utcnow().isoformat(),
            "actor": str(session.info.get("actor", "")),
            "reason": reason.strip()[:500],
        },
    )


def undismiss(session: Session, need_id: str, technology_id: str) -> bool:
    """Undo a dismissal; returns whether there was one."""
    result = session.execute(
        sql("DELETE FROM match_dismissal WHERE need_id = :n AND technology_id = :t"),
        {"n": need_id, "t": technology_id},
    )
    return bool(getattr(result, "rowcount", 0))


def dismissed_ids(
    session: Session, *, need_id: str | None = None, technology_id: str | None = None
) -> set[str]:
    """Technologies dismissed for a need, or needs for which a technology was dismissed."""
    if need_id is not None:
        rows = session.execute(
            sql("SELECT technology_id FROM match_dismissal WHERE need_id = :n"), {"n": need_id}
        )
    else:
        rows = session.execute(
            sql("SELECT need_id FROM match_dismissal WHERE technology_id = :t"), {"t": technology_id}
        )
    return {str(r[0]) for r in rows}


def accept(
    session: Session,
    need_id: str,
    technology_id: str,
    *,
    stage: str = enums.MatchStage.CANDIDATE.value,
    score: float | None = None,
    note: str = "",
) -> Match:
    """Make a candidate a Match at the candidate or recommended stage (through the match service)."""
    from workbench.errors import TransitionError
    from workbench.services import MATCHES

    if stage not in (enums.MatchStage.CANDIDATE.value, enums.MatchStage.RECOMMENDED.value):
        raise TransitionError(
            t(
                "只能以“候选”或“已推荐”阶段接受：{s}",
                "A candidate can only be accepted as candidate or recommended: {s}",
                s=stage,
            )
        )
    data: dict[str, Any] = {"need_id": need_id, "technology_id": technology_id, "notes": note}
    if score is not None:
        data["score"] = score
    match = MATCHES.create(session, data)
    if stage == enums.MatchStage.RECOMMENDED.value:
        match = MATCHES.move(session, match.id, stage, note=note)
    undismiss(session, need_id, technology_id)
    return match
