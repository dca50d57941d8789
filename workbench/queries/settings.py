"""Read queries the settings screens need and the services do not already answer.

The settings pages build no SQL; they ask here (or ``services.policies``) with an open session.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from workbench.models import Broker

__all__ = ["self_broker"]


def self_broker(session: Session) -> Broker | None:
    """The broker profile marked as the app's own user (the claimant), if one exists."""
    return session.exec(select(Broker).where(col(Broker.is_self), col(Broker.deleted_at).is_(None))).first()
