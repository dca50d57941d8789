"""A claim's status as its printout states it: its own status, or 已作废 once an amendment replaced it.

The footer of every page and the watermark of a draft, rejected or void form say this; the date is that
of the claim's last status change (China time), the reason that of a rejection or the replacing claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from workbench.models import Claim, ClaimStatusEvent
from workbench.services.claim_steps import local_day
from workbench.services.claims import CLAIMS, HANDED_IN


@dataclass(frozen=True)
class Status:
    """Where the claim stands when the form is printed, for the watermark and every page's footer."""

    code: str  # draft / submitted / approved / paid / rejected / superseded
    label: str  # 草稿 — 未提交
    on: date
    reason: str


STATUS_LABELS = {
    "draft": "草稿 — 未提交，不能作为正式申请材料",
    "submitted": "已提交",
    "approved": "已审核通过",
    "paid": "已拨付",
    "rejected": "已退回",
    "superseded": "已作废",
}


def superseding_claim(session: Session, claim: Claim) -> Claim | None:
    """The amendment that replaced ``claim`` once it was handed in (then ``claim`` is void)."""
    return session.exec(
        select(Claim).where(
            Claim.replaces_id == claim.id,
            col(Claim.status).in_(HANDED_IN),
            col(Claim.deleted_at).is_(None),
        )
    ).first()


def claim_status(session: Session, claim: Claim) -> Status:
    """The claim's status for the printout: its own, or 已作废 when an amendment replaced it."""
    events = CLAIMS.history(session, claim.id)
    last: ClaimStatusEvent | None = events[-1] if events else None
    on = local_day(last.at) if last else claim.claimed_on
    newer = superseding_claim(session, claim)
    if newer is not None:
        return Status("superseded", STATUS_LABELS["superseded"], on, f"已由 {newer.claim_no} 替代")
    reason = (claim.status_reason or "") if claim.status == "rejected" else ""
    return Status(claim.status, STATUS_LABELS.get(claim.status, claim.status), on, reason)
