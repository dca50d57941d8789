"""Recording a visit as it happens on site: enterprise, new contacts, the visit and its needs at once.

The quick entry (and any other caller: an import, a script) hands over what was typed as a
:class:`VisitEntry`; :func:`record_visit` writes it through the entity services, so every field is
validated exactly as when it is edited on its own, and either all of it is written or none of it. When
anything is refused, every problem is collected first (one click on Save shows them all), tied to the
part of the entry it concerns, and :class:`VisitRefusedError` carries them back.

The few reads the entry needs (an enterprise's contacts, a visit's needs) live here too, so the dialog
builds no query itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from workbench.errors import Issue, NotFoundError, ValidationError
from workbench.i18n import t
from workbench.models import Contact, Enterprise, Need, Visit
from workbench.services.base import Changes, EntityService
from workbench.services.entities import CONTACTS, ENTERPRISES, NEEDS, VISITS

UNKNOWN_ENTERPRISE = "visit.enterprise_unknown"
"""Issue code: a name was typed that no enterprise has (and no new enterprise was asked for)."""

_LINKS = frozenset({"enterprise_id", "visit_id", "contact_ids"})


@dataclass(frozen=True)
class NewEnterprise:
    """An enterprise first met on this visit."""

    name: str
    uscc: str | None = None


@dataclass(frozen=True)
class NewContact:
    """A person met on this visit who is not a contact yet."""

    name: str
    title: str = ""
    mobile: str | None = None


@dataclass(frozen=True)
class NeedEntry:
    """One need found on the visit: new (``need_id`` None) or an edit of one recorded before.

    ``key`` is the caller's own handle for it (the quick entry uses the block's position), so problems
    come back tied to the right block.
    """

    key: int
    values: Mapping[str, Any]
    need_id: str | None = None


@dataclass(frozen=True)
class VisitEntry:
    """Everything typed on site. Give ``enterprise_id`` for a known enterprise, ``new_enterprise`` for a
    new one; ``enterprise_text`` is the name typed when neither could be settled (for the message).
    """

    started_at: str | datetime | None
    broker_ids: Sequence[str] = ()
    enterprise_id: str | None = None
    new_enterprise: NewEnterprise | None = None
    enterprise_text: str = ""
    visit_id: str | None = None  # editing a recorded visit
    place: str = ""
    summary: str = ""
    follow_up_on: str | date | None = None
    contact_ids: Sequence[str] = ()
    new_contacts: Sequence[NewContact] = ()
    needs: Sequence[NeedEntry] = ()


@dataclass
class VisitProblems:
    """Issues found while recording, each tied to the part of the entry that shows it."""

    enterprise: list[Issue] = field(default_factory=list)
    visit: list[Issue] = field(default_factory=list)
    contacts: list[tuple[str, Issue]] = field(default_factory=list)  # (the new contact's name, issue)
    needs: dict[int, list[Issue]] = field(default_factory=dict)  # by NeedEntry.key

    def __bool__(self) -> bool:
        return bool(self.enterprise or self.visit or self.contacts or self.needs)

    def all(self) -> list[Issue]:
        out = self.enterprise + self.visit + [i for _n, i in self.contacts]
        for issues in self.needs.values():
            out += issues
        return out

    @property
    def only_warnings(self) -> bool:
        return bool(self) and not any(i.is_error for i in self.all())


class VisitRefusedError(ValidationError):
    """Nothing was recorded: errors, or warnings not accepted; :attr:`problems` says where each belongs."""

    def __init__(self, problems: VisitProblems) -> None:
        super().__init__(problems.all())
        self.problems = problems


@dataclass(frozen=True)
class RecordedVisit:
    """What :func:`record_visit` wrote."""

    visit_id: str
    enterprise_id: str
    contact_ids: tuple[str, ...]  # the new contacts created
    need_ids: tuple[str, ...]  # needs created or updated
    changes: Changes


def record_visit(session: Session, entry: VisitEntry, *, accept_warnings: bool = False) -> RecordedVisit:
    """Write the enterprise (if new), the new contacts, the visit and its needs: all of it or nothing.

    Runs in a savepoint of ``session``: when anything is refused, what was written so far is undone even
    if the caller goes on to commit, and :class:`VisitRefusedError` lists every problem found.
    Blank new needs are the caller's to leave out.
    """
    problems = VisitProblems()
    with session.begin_nested():
        recorded = _write(session, entry, problems, accept_warnings)
        if recorded is None or problems:
            raise VisitRefusedError(problems)
    return recorded


def _write(s: Session, entry: VisitEntry, problems: VisitProblems, accept: bool) -> RecordedVisit | None:
    kinds: set[str] = {"visit"}
    ids: list[str] = []
    enterprise_id = entry.enterprise_id
    blocked = False  # the enterprise is not settled: check the rest without it, so all problems show
    if entry.new_enterprise is not None:
        data = {"name": entry.new_enterprise.name, "uscc": (entry.new_enterprise.uscc or "").strip() or None}
        try:
            ent = ENTERPRISES.create(s, data, accept_warnings=accept)
        except ValidationError as exc:
            problems.enterprise += exc.issues
            blocked = True
        else:
            enterprise_id = ent.id
            kinds.add("enterprise")
            ids.append(ent.id)
    elif enterprise_id is None and entry.enterprise_text.strip():
        problems.enterprise.append(
            Issue(
                "enterprise_id",
                UNKNOWN_ENTERPRISE,
                t(
                    "没有名为“{name}”的企业",
                    'No enterprise is named "{name}"',
                    name=entry.enterprise_text.strip(),
                ),
            )
        )
        blocked = True

    contact_ids = list(entry.contact_ids)
    new_contact_ids: list[str] = []
    for contact in entry.new_contacts:
        data = {
            "name": contact.name,
            "title": contact.title,
            "mobile": contact.mobile or None,
            "enterprise_id": enterprise_id,
        }
        found = _attempt(s, CONTACTS, data, None, accept, blocked=blocked)
        if isinstance(found, list):
            problems.contacts += [(contact.name, i) for i in found]
        else:
            contact_ids.append(found.id)
            new_contact_ids.append(found.id)
            kinds.add("contact")
            ids.append(found.id)

    visit_data = {
        "enterprise_id": enterprise_id,
        "started_at": entry.started_at or None,
        "place": entry.place,
        "summary": entry.summary,
        "follow_up_on": entry.follow_up_on or None,
        "broker_ids": list(entry.broker_ids),
        "contact_ids": contact_ids,
    }
    found_visit = _attempt(s, VISITS, visit_data, entry.visit_id, accept, blocked=blocked)
    visit: Visit | None = None
    if isinstance(found_visit, list):
        problems.visit += found_visit
    else:
        visit = found_visit
        ids.append(found_visit.id)

    need_ids: list[str] = []
    for need in entry.needs:
        need_data: dict[str, Any] = {**need.values, "enterprise_id": enterprise_id}
        if visit is not None:
            need_data["visit_id"] = visit.id
        found_need = _attempt(s, NEEDS, need_data, need.need_id, accept, blocked=blocked or visit is None)
        if isinstance(found_need, list):
            if found_need:  # a blocked need with sound fields of its own has nothing to show
                problems.needs[need.key] = found_need
        else:
            kinds.add("need")
            ids.append(found_need.id)
            need_ids.append(found_need.id)
    if visit is None or enterprise_id is None:
        return None
    return RecordedVisit(
        visit_id=visit.id,
        enterprise_id=enterprise_id,
        contact_ids=tuple(new_contact_ids),
        need_ids=tuple(need_ids),
        changes=Changes(frozenset(kinds), tuple(ids)),
    )


def _attempt(
    s: Session,
    service: EntityService[Any],
    data: dict[str, Any],
    ident: str | None,
    accept: bool,
    *,
    blocked: bool,
) -> Any:
    """Create or update through ``service``; return the record, or the list of issues found.

    When an earlier part failed (``blocked``) the record cannot be written, but its own fields are still
    checked, so that one attempt reports every problem at once.
    """
    if blocked:
        current = service.get(s, ident) if ident else None
        data = {k: v for k, v in data.items() if k not in _LINKS}
        cleaned, issues = service.clean(s, data, current=current)
        issues = _without_links(issues)
        if not any(i.is_error for i in issues):
            # clean() stopped at the missing link; the cross-field rules (dates in order) still apply.
            merged = {**(current.model_dump() if current is not None else {}), **cleaned}
            issues += _without_links(service.check(s, merged, current=current))
        return issues
    try:
        if ident:
            return service.update(s, ident, data, accept_warnings=accept)
        return service.create(s, data, accept_warnings=accept)
    except ValidationError as exc:
        return exc.issues


def _without_links(issues: Sequence[Issue]) -> list[Issue]:
    return [i for i in issues if i.field not in _LINKS]


# -- what the entry shows ------------------------------------------------------------------------------


def enterprise_contacts(session: Session, enterprise_id: str) -> list[Contact]:
    """The enterprise's contacts (not deleted), by name: the attendees to tick."""
    return list(
        session.exec(
            select(Contact)
            .where(Contact.enterprise_id == enterprise_id, col(Contact.deleted_at).is_(None))
            .order_by(col(Contact.name))
        ).all()
    )


def visit_needs(session: Session, visit_id: str) -> list[Need]:
    """The needs found on a visit (not deleted), in the order they were noted."""
    return list(
        session.exec(
            select(Need)
            .where(Need.visit_id == visit_id, col(Need.deleted_at).is_(None))
            .order_by(col(Need.created_at))
        ).all()
    )


def live_enterprise(session: Session, enterprise_id: str) -> Enterprise | None:
    """The enterprise, or None when it does not exist or was deleted."""
    try:
        return ENTERPRISES.get(session, enterprise_id)
    except NotFoundError:
        return None


def visit_exists(session: Session, visit_id: str) -> bool:
    """Whether the visit is still there (including a deleted one that can be restored)."""
    return session.get(Visit, visit_id) is not None


def enterprise_with_a_contact(session: Session) -> tuple[Enterprise, Contact] | None:
    """The first enterprise by name that has a contact (for the review screenshots)."""
    row = session.exec(
        select(Enterprise, Contact)
        .join(Contact, col(Contact.enterprise_id) == col(Enterprise.id))
        .where(col(Enterprise.deleted_at).is_(None), col(Contact.deleted_at).is_(None))
        .order_by(col(Enterprise.name))
    ).first()
    return None if row is None else (row[0], row[1])
