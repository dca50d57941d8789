"""Services of the working records: visits (with their people), needs (with their status), technologies
(with their patents and full-text search) and matches (with their stages). Fields: ``workbench.catalog.work``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, String, column, false
from sqlalchemy import text as sql_text
from sqlmodel import Session, col, delete, func, select

from workbench import enums
from workbench.errors import Issue, TransitionError
from workbench.i18n import t
from workbench.models import (
    Broker,
    Contact,
    Contract,
    Enterprise,
    Institution,
    Match,
    MatchStageEvent,
    Need,
    Record,
    Technology,
    TechPatent,
    Visit,
    VisitAttendee,
    VisitBroker,
    utcnow,
)
from workbench.services.base import EntityService, Page, issue, note_change
from workbench.services.checks import date_range, exists, text_or_enterprise
from workbench.services.claim_steps import check_occurred_on
from workbench.sync import children

R = TypeVar("R", bound=Record)


class FoundThroughEnterprise(EntityService[R]):
    """Records found by their own text or by their enterprise's name, pinyin initials or USCC."""

    def query(
        self,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        include_deleted: bool = False,
    ) -> list[ColumnElement[bool]]:
        clauses = super().query(filters=filters, include_deleted=include_deleted)
        return clauses + text_or_enterprise(self.model, self.search_columns, text)


class VisitService(FoundThroughEnterprise[Visit]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Visit | None) -> list[Issue]:
        found = exists(
            session, Enterprise, merged.get("enterprise_id"), "enterprise_id", t("企业", "enterprise")
        )
        found += date_range(merged, "started_at", "ended_at")
        follow = merged.get("follow_up_on")
        started = merged.get("started_at")
        if follow and started and follow < started.date():
            found.append(
                issue(
                    "follow_up_on",
                    "range.reversed",
                    t("回访日期早于走访日期", "The follow-up date is before the visit"),
                )
            )
        for cid in merged.get("contact_ids") or []:
            contact = session.get(Contact, cid)
            if contact is None or contact.enterprise_id != merged.get("enterprise_id"):
                found.append(
                    issue(
                        "contact_ids",
                        "visit.attendee",
                        t("参加人须是该企业的联系人", "Attendees must be contacts of this enterprise"),
                    )
                )
                break
        for bid in merged.get("broker_ids") or []:
            found += exists(session, Broker, bid, "broker_ids", t("经纪人", "broker"))
        return found

    def after_write(self, session: Session, obj: Visit, *, created: bool) -> None:
        extra = self.pending(obj)
        if "broker_ids" in extra:
            old = [] if created else children.read_all(session, "visit", obj.id)["_brokers"]
            session.exec(delete(VisitBroker).where(col(VisitBroker.visit_id) == obj.id))
            session.add_all(VisitBroker(visit_id=obj.id, broker_id=b) for b in extra["broker_ids"])
            children.log_change(session, obj, "_brokers", old, sorted(extra["broker_ids"]))
        if "contact_ids" in extra:
            old = [] if created else children.read_all(session, "visit", obj.id)["_attendees"]
            session.exec(delete(VisitAttendee).where(col(VisitAttendee.visit_id) == obj.id))
            session.add_all(VisitAttendee(visit_id=obj.id, contact_id=c) for c in extra["contact_ids"])
            children.log_change(session, obj, "_attendees", old, sorted(extra["contact_ids"]))

    def broker_ids(self, session: Session, visit_id: str) -> list[str]:
        return list(session.exec(select(VisitBroker.broker_id).where(VisitBroker.visit_id == visit_id)).all())

    def contact_ids(self, session: Session, visit_id: str) -> list[str]:
        return list(
            session.exec(select(VisitAttendee.contact_id).where(VisitAttendee.visit_id == visit_id)).all()
        )


class NeedService(FoundThroughEnterprise[Need]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Need | None) -> list[Issue]:
        found = exists(
            session, Enterprise, merged.get("enterprise_id"), "enterprise_id", t("企业", "enterprise")
        )
        visit_id = merged.get("visit_id")
        if visit_id:
            visit = session.get(Visit, visit_id)
            if visit is None:
                found += exists(session, Visit, visit_id, "visit_id", t("走访记录", "visit"))
            elif visit.enterprise_id != merged.get("enterprise_id"):
                found.append(
                    issue(
                        "visit_id",
                        "need.visit_enterprise",
                        t("走访记录属于另一家企业", "The visit belongs to another enterprise"),
                    )
                )
        found += date_range(merged, "window_start", "window_end")
        return found

    def set_status(self, session: Session, ident: str, status: str, *, note: str = "") -> Need:
        """Move a need through new → filed → published → matched → contracted → closed."""
        need = self.get(session, ident)
        target = enums.NeedStatus(status)
        order = [s.value for s in enums.NeedStatus]
        if target.value == need.status:
            raise TransitionError(
                t("需求已是“{s}”状态", "The need is already “{s}”", s=target.label),
                code="need.status_same",
                field="status",
            )
        if target is not enums.NeedStatus.CLOSED and order.index(target.value) < order.index(need.status):
            raise TransitionError(
                t(
                    "需求状态不能从“{a}”退回“{b}”",
                    "A need cannot go back from “{a}” to “{b}”",
                    a=enums.NeedStatus(need.status).label,
                    b=target.label,
                ),
                code="need.status_back",
                field="status",
            )
        if target is enums.NeedStatus.FILED and not need.filing_no:
            raise TransitionError(
                t("备案前请先填写科技市场备案号", "Enter the market filing number before filing"),
                code="need.no_filing_no",
                field="filing_no",
            )
        if target is enums.NeedStatus.MATCHED and not _live_matches(session, need.id):
            raise TransitionError(
                t("该需求还没有对接的技术成果", "The need has no matched technology yet"),
                code="need.no_match",
                field="status",
            )
        if target is enums.NeedStatus.CONTRACTED and not _contracts_for_need(session, need.id):
            raise TransitionError(
                t("该需求还没有签订合同", "No contract has been signed for this need"),
                code="need.no_contract",
                field="status",
            )
        need.status = target.value
        session.add(need)
        session.flush()
        note_change(session, "need", need.id)
        return need


class TechnologyService(EntityService[Technology]):
    def query(
        self,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        include_deleted: bool = False,
    ) -> list[ColumnElement[bool]]:
        """Filter through the full-text index, not ``LIKE``: a million titles scan in seconds, not ms.

        The search box's substring semantics are kept (a phrase over single characters, numbers by prefix),
        so typing 碳纤 or a patent number narrows the list as before, only fast.
        """
        clauses = super().query(filters=filters, include_deleted=include_deleted)
        if not (text and text.strip()):
            return clauses
        from workbench.search.text import quote, search_query

        found = search_query(text)
        if not found:
            return [*clauses, false()]
        matched = (
            sql_text(
                "SELECT entity_id FROM search_key WHERE id IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH :fts_expression)"
            )
            .bindparams(fts_expression=f"({found.expression}) AND kind : {quote('technology')}")
            .columns(column("entity_id", String))
        )
        return [*clauses, col(Technology.id).in_(matched)]

    def list(
        self,
        session: Session,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        order_by: str | None = None,
        descending: bool | None = None,
        offset: int = 0,
        limit: int | None = 100,
        include_deleted: bool = False,
        with_total: bool = True,
    ) -> Page[Technology]:
        """As every list, but a search-box filter over live records takes the faster plans of
        :mod:`workbench.queries.technologies` (same rows, same order, same total).
        """
        order = order_by or self.default_order[0]
        if not (text and text.strip()) or filters or include_deleted or limit is None:
            order = ""
        if order not in Technology.model_fields:
            return super().list(
                session,
                text=text,
                filters=filters,
                order_by=order_by,
                descending=descending,
                offset=offset,
                limit=limit,
                include_deleted=include_deleted,
                with_total=with_total,
            )
        from workbench.queries import technologies as q

        assert text is not None and limit is not None  # checked above
        expression = q.search_expression(text)
        if not expression:
            return Page(rows=[], total=0, offset=offset, limit=limit)
        desc = self.default_order[1] if descending is None else descending
        ids = q.matching_ids(session, expression, order_by=order, descending=desc, offset=offset, limit=limit)
        rows = q.technologies_by_id(session, ids)
        total = q.matching_count(session, expression) if with_total else len(rows)
        return Page(rows=rows, total=total, offset=offset, limit=limit)

    def check(
        self, session: Session, merged: dict[str, Any], *, current: Technology | None
    ) -> builtins.list[Issue]:
        return exists(
            session,
            Institution,
            merged.get("institution_id"),
            "institution_id",
            t("技术持有单位", "institution"),
        )

    def after_write(self, session: Session, obj: Technology, *, created: bool) -> None:
        extra = self.pending(obj)
        if "patents" in extra:
            old = [] if created else children.read_all(session, "technology", obj.id)["_patents"]
            session.exec(delete(TechPatent).where(col(TechPatent.technology_id) == obj.id))
            session.add_all(
                TechPatent(technology_id=obj.id, number=n, patent_kind=k) for n, k in extra["patents"]
            )
            new = sorted([n, k] for n, k in extra["patents"])
            children.log_change(session, obj, "_patents", old, new)

    def patents(self, session: Session, technology_id: str) -> builtins.list[TechPatent]:
        return list(
            session.exec(
                select(TechPatent)
                .where(TechPatent.technology_id == technology_id)
                .order_by(col(TechPatent.id))
            ).all()
        )


def _live_matches(session: Session, need_id: str) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(Match)
            .where(
                Match.need_id == need_id,
                col(Match.deleted_at).is_(None),
                Match.stage != enums.MatchStage.DROPPED,
            )
        ).one()
    )


def _contracts_for_need(session: Session, need_id: str) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(Contract)
            .join(Match, col(Contract.match_id) == col(Match.id))
            .where(Match.need_id == need_id, col(Contract.deleted_at).is_(None))
        ).one()
    )


class MatchService(EntityService[Match]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Match | None) -> list[Issue]:
        found = exists(session, Need, merged.get("need_id"), "need_id", t("技术需求", "need"))
        found += exists(
            session, Technology, merged.get("technology_id"), "technology_id", t("技术成果", "technology")
        )
        if current is None and not found:
            dup = session.exec(
                select(Match).where(
                    Match.need_id == merged["need_id"], Match.technology_id == merged["technology_id"]
                )
            ).first()
            if dup is not None:
                found.append(
                    issue(
                        "technology_id",
                        "match.duplicate",
                        t(
                            "该需求已与此技术成果对接（{s}）",
                            "This need is already matched with this technology ({s})",
                            s=enums.MatchStage(dup.stage).label,
                        ),
                    )
                )
        return found

    def after_write(self, session: Session, obj: Match, *, created: bool) -> None:
        if created:
            session.add(
                MatchStageEvent(
                    match_id=obj.id,
                    from_stage=None,
                    to_stage=obj.stage,
                    actor=str(session.info.get("actor", "")),
                )
            )
            children.log_appended(session, obj, "_stages")
            need = session.get(Need, obj.need_id)
            if need is not None and need.status in {"new", "filed", "published"}:
                need.status = enums.NeedStatus.MATCHED.value
                session.add(need)
                note_change(session, "need", need.id)

    def move(
        self,
        session: Session,
        ident: str,
        stage: str,
        *,
        reason: str = "",
        note: str = "",
        occurred_on: date | None = None,
    ) -> Match:
        """Change a match's stage; refuses moves the pipeline does not allow, saying why.

        ``occurred_on`` is the day the step happened (default today): never in the future, never before
        the previous step (``claim_steps.check_occurred_on``); the log keeps when it was entered.
        """
        match = self.get(session, ident)
        occurred_on = check_occurred_on(occurred_on, self.history(session, match.id))
        try:
            target = enums.MatchStage(stage)
        except ValueError:
            raise TransitionError(
                t("未知阶段：{s}", "Unknown stage: {s}", s=stage), code="match.stage_unknown", field="stage"
            ) from None
        current = enums.MatchStage(match.stage)
        has_contract = bool(
            session.exec(
                select(func.count())
                .select_from(Contract)
                .where(Contract.match_id == match.id, col(Contract.deleted_at).is_(None))
            ).one()
        )
        if target is current:
            raise TransitionError(
                t("已处于“{s}”阶段", "Already at “{s}”", s=target.label),
                code="match.stage_same",
                field="stage",
            )
        if current is enums.MatchStage.CONTRACTED and has_contract:
            raise TransitionError(
                t(
                    "已签约的对接不能改变阶段；请先处理其合同",
                    "A contracted match cannot change stage while its contract exists",
                ),
                code="match.contracted",
                field="stage",
            )
        if target is enums.MatchStage.CONTRACTED and not has_contract:
            raise TransitionError(
                t(
                    "请先登记合同：签约阶段由合同自动确定",
                    "Record the contract first: a match becomes contracted through its contract",
                ),
                code="match.needs_contract",
                field="stage",
            )
        if target is enums.MatchStage.DROPPED and not reason.strip():
            raise TransitionError(
                t("放弃对接须填写原因", "Give a reason for dropping the match"),
                code="match.drop_reason",
                field="dropped_reason",
            )
        self._record(session, match, target, note=note or reason, occurred_on=occurred_on)
        match.dropped_reason = reason.strip() if target is enums.MatchStage.DROPPED else None
        session.add(match)
        session.flush()
        note_change(session, "match", match.id)
        return match

    def _record(
        self,
        session: Session,
        match: Match,
        target: enums.MatchStage,
        *,
        note: str,
        occurred_on: date | None = None,
    ) -> None:
        session.add(
            MatchStageEvent(
                match_id=match.id,
                from_stage=match.stage,
                to_stage=target.value,
                at=utcnow(),
                occurred_on=occurred_on,
                actor=str(session.info.get("actor", "")),
                note=note,
            )
        )
        children.log_appended(session, match, "_stages")
        match.stage = target.value

    def history(self, session: Session, ident: str) -> list[MatchStageEvent]:
        return list(
            session.exec(
                select(MatchStageEvent)
                .where(MatchStageEvent.match_id == ident)
                .order_by(col(MatchStageEvent.id))
            ).all()
        )


VISITS = VisitService(Visit, search_columns=("place", "summary"), default_order=("started_at", True))
NEEDS = NeedService(Need, search_columns=("title", "problem", "key_technology"))
TECHNOLOGIES = TechnologyService(Technology, search_columns=("title",))
MATCHES = MatchService(Match, search_columns=("notes",))
