"""Texts the match panels show beside a ranked candidate: a technology's abstract, a need's description."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from workbench.models import Need, Technology

EXCERPT = 600  # characters shown in the detail pane


def technology_abstracts(session: Session, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(Technology.id, Technology.abstract).where(col(Technology.id).in_(list(ids)))
    ).all()
    return {ident: (abstract or "")[:EXCERPT] for ident, abstract in rows}


def need_descriptions(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """Problem, key technology and expected goals of each need, as one text."""
    if not ids:
        return {}
    rows = session.exec(
        select(Need.id, Need.problem, Need.key_technology, Need.expected_goals).where(
            col(Need.id).in_(list(ids))
        )
    ).all()
    return {r[0]: "\n".join(p for p in r[1:] if p)[:EXCERPT] for r in rows}
