"""The entity services: field rules and cross-record checks for every table a broker edits."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, column, false, or_
from sqlalchemy import text as sql_text
from sqlmodel import Session, col, delete, func, select

from workbench import enums
from workbench.errors import Issue, Severity, TransitionError
from workbench.i18n import t
from workbench.models import (
    Broker,
    Claim,
    Contact,
    Contract,
    Enterprise,
    Institution,
    Match,
    MatchStageEvent,
    Need,
    Payment,
    Technology,
    TechPatent,
    Visit,
    VisitAttendee,
    VisitBroker,
    utcnow,
)
from workbench.money import MAX_FEN
from workbench.services.base import EntityService, FieldSpec, _escape_like, issue, normalize_query
from workbench.services.claim_steps import check_occurred_on
from workbench.textnorm import pinyin_initials
from workbench.validation import (
    Checked,
    check_amount,
    check_date,
    check_email,
    check_id_card,
    check_keywords,
    check_patent_number,
    check_phone,
    check_uscc,
)

# -- cleaners ------------------------------------------------------------------------------------------


def _ok(value: Any) -> Checked[Any]:
    return Checked(value=value, issues=())


def _err(code: str, message: str) -> Checked[Any]:
    return Checked(value=None, issues=(Issue("", code, message, Severity.ERROR),))


def text(max_len: int = 200) -> Callable[[Any], Checked[Any]]:
    def clean(raw: Any) -> Checked[Any]:
        value = "" if raw is None else str(raw).strip()
        if len(value) > max_len:
            return _err(
                "text.too_long",
                t(
                    "不能超过 {n} 个字符（现有 {m} 个）",
                    "At most {n} characters ({m} given)",
                    n=max_len,
                    m=len(value),
                ),
            )
        return _ok(value)

    return clean


def optional_text(max_len: int = 200) -> Callable[[Any], Checked[Any]]:
    base = text(max_len)

    def clean(raw: Any) -> Checked[Any]:
        checked = base(raw)
        return _ok(checked.value or None) if checked.ok else checked

    return clean


def choice(enum: type[enums.LabelledEnum], *, optional: bool = True) -> Callable[[Any], Checked[Any]]:
    def clean(raw: Any) -> Checked[Any]:
        if raw is None or raw == "":
            return _ok(None) if optional else _err("required", t("必须选择一项", "Choose one"))
        try:
            return _ok(enum.parse(str(raw)).value)
        except ValueError:
            allowed = "、".join(m.label for m in enum)
            return _err(
                "choice.invalid",
                t("无效的选项“{v}”，可选：{a}", "Invalid choice “{v}”; allowed: {a}", v=raw, a=allowed),
            )

    return clean


def choices(enum: type[enums.LabelledEnum]) -> Callable[[Any], Checked[Any]]:
    one = choice(enum)

    def clean(raw: Any) -> Checked[Any]:
        items = re.split(r"[,，、;；\s]+", raw) if isinstance(raw, str) else list(raw or [])
        out: list[str] = []
        for item in items:
            if not item:
                continue
            checked = one(item)
            if not checked.ok:
                return checked
            if checked.value not in out:
                out.append(str(checked.value))
        return _ok(out)

    return clean


def fen(*, optional: bool = False, positive: bool = False) -> Callable[[Any], Checked[Any]]:
    """Money: an int is fen already (from forms and code); text is yuan as typed by a person."""

    def clean(raw: Any) -> Checked[Any]:
        if raw is None or raw == "":
            return _ok(None) if optional else _err("required", t("请填写金额", "Enter an amount"))
        if isinstance(raw, bool):
            return _err("amount.invalid", t("金额无效", "Invalid amount"))
        if isinstance(raw, int):
            if raw < 0:
                return _err("amount.negative", t("金额不能为负数", "The amount cannot be negative"))
            if raw >= MAX_FEN:
                return _err("amount.too_large", t("金额过大", "The amount is too large"))
            value: int = raw
        else:
            checked = check_amount(str(raw), field="", required=True)
            if not checked.ok or checked.value is None:
                return checked
            value = checked.value
        if positive and value == 0:
            return _err("amount.zero", t("金额必须大于零", "The amount must be greater than zero"))
        return _ok(value)

    return clean


def a_date(*, required: bool = False) -> Callable[[Any], Checked[Any]]:
    return lambda raw: check_date(raw, field="", required=required)


def a_datetime(*, required: bool = False) -> Callable[[Any], Checked[Any]]:
    def clean(raw: Any) -> Checked[Any]:
        if raw is None or raw == "":
            return _err("required", t("请填写时间", "Enter a time")) if required else _ok(None)
        if isinstance(raw, datetime):
            value = raw
        else:
            try:
                value = datetime.fromisoformat(str(raw).strip())
            except ValueError:
                return _err(
                    "datetime.invalid",
                    t("时间格式无效，例如 2026-03-05 14:30", "Invalid time; for example 2026-03-05 14:30"),
                )
        if value.tzinfo is None:
            value = value.astimezone()  # a time typed by a person is local time
        return _ok(value)

    return clean


def flag(raw: Any) -> Checked[Any]:
    if isinstance(raw, bool):
        return _ok(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return _ok(bool(raw))
    text_value = str(raw).strip().lower()
    if text_value in {"1", "true", "yes", "y", "是", "有"}:
        return _ok(True)
    if text_value in {"0", "false", "no", "n", "否", "无", ""}:
        return _ok(False)
    return _err("flag.invalid", t("请填写“是”或“否”", "Enter yes or no"))


def digits(length: int, *, optional: bool = True) -> Callable[[Any], Checked[Any]]:
    def clean(raw: Any) -> Checked[Any]:
        value = "" if raw is None else str(raw).strip()
        if not value:
            return _ok(None) if optional else _err("required", t("必填", "Required"))
        if not re.fullmatch(rf"\d{{{length}}}", value):
            return _err("digits.invalid", t("应为 {n} 位数字", "Must be {n} digits", n=length))
        return _ok(value)

    return clean


def industry_code(raw: Any) -> Checked[Any]:
    """GB/T 4754-2017: a section letter, optionally followed by a 2-, 3- or 4-digit class (C, C26, C2614)."""
    value = "" if raw is None else str(raw).strip().upper()
    if not value:
        return _ok(None)
    if re.fullmatch(r"\d{2,4}", value):
        return _ok(value)
    if re.fullmatch(r"[A-T](\d{2}|\d{3}|\d{4})?", value):
        return _ok(value)
    return _err(
        "industry.invalid",
        t("国民经济行业代码格式应如 C2614 或 26", "An industry code looks like C2614 or 26 (GB/T 4754)"),
    )


def uscc(raw: Any) -> Checked[Any]:
    return check_uscc(raw, field="")


def phone(raw: Any) -> Checked[Any]:
    return check_phone(raw, field="")


def email(raw: Any) -> Checked[Any]:
    return check_email(raw, field="")


def keywords(*, max_count: int = 5, min_count: int = 1) -> Callable[[Any], Checked[Any]]:
    return lambda raw: check_keywords(raw, field="", min_count=min_count, max_count=max_count)


def string_list(max_items: int = 50) -> Callable[[Any], Checked[Any]]:
    def clean(raw: Any) -> Checked[Any]:
        items = re.split(r"[,，、;；\n]+", raw) if isinstance(raw, str) else list(raw or [])
        out = []
        for item in items:
            value = str(item).strip()
            if value and value not in out:
                out.append(value)
        if len(out) > max_items:
            return _err("list.too_long", t("最多 {n} 项", "At most {n} items", n=max_items))
        return _ok(out)

    return clean


def patents(raw: Any) -> Checked[Any]:
    items = re.split(r"[,，、;；\n]+", raw) if isinstance(raw, str) else list(raw or [])
    out: list[tuple[str, str]] = []
    issues: list[Issue] = []
    for item in items:
        if not str(item).strip():
            continue
        checked = check_patent_number(str(item), field="")
        if not checked.ok or checked.value is None:
            # Name the number: a technology often lists several, and the user must see which one is wrong.
            number = str(item).strip()
            issues.extend(
                Issue(i.field, i.code, t("“{n}”：{m}", "'{n}': {m}", n=number, m=i.message), i.severity)
                for i in checked.issues
            )
            continue
        pair = (checked.value.application_number, str(checked.value.kind))
        if pair not in out:
            out.append(pair)
    if issues:
        return Checked(value=None, issues=tuple(issues))
    return _ok(out)


def ids(raw: Any) -> Checked[Any]:
    items = [str(i) for i in (raw or [])]
    return _ok(list(dict.fromkeys(items)))


def _exists(session: Session, model: type[Any], ident: str | None, field: str, label: str) -> list[Issue]:
    if not ident:
        return []
    obj = session.get(model, ident)
    if obj is None or obj.deleted_at is not None:
        return [
            issue(
                field,
                "ref.missing",
                t("所选{l}不存在或已删除", "The chosen {l} does not exist or was deleted", l=label),
            )
        ]
    return []


def _range(merged: Mapping[str, Any], start: str, end: str) -> list[Issue]:
    a, b = merged.get(start), merged.get(end)
    if a is not None and b is not None and b < a:
        return [issue(end, "range.reversed", t("结束早于开始", "The end is before the start"))]
    return []


def _text_or_enterprise(model: Any, columns: Sequence[str], text: str | None) -> list[ColumnElement[bool]]:
    """Filter text matching the record's own columns or its enterprise's name, pinyin initials or USCC."""
    needle = normalize_query(text)
    if not needle:
        return []
    pattern = f"%{_escape_like(needle)}%"
    firms = select(Enterprise.id).where(
        or_(
            col(Enterprise.name).ilike(pattern, escape="\\"),
            col(Enterprise.name_initials).ilike(pattern, escape="\\"),
            col(Enterprise.uscc).ilike(pattern, escape="\\"),
        )
    )
    own = [col(getattr(model, c)).ilike(pattern, escape="\\") for c in columns]
    return [or_(*own, col(model.enterprise_id).in_(firms))]


def _division_of(code: str | None) -> str | None:
    return code[2:8] if code and len(code) == 18 else None


# -- services ------------------------------------------------------------------------------------------


class BrokerService(EntityService[Broker]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Broker | None) -> list[Issue]:
        if merged.get("is_self"):
            others = session.exec(
                select(Broker.id).where(col(Broker.is_self), col(Broker.deleted_at).is_(None))
            ).all()
            if any(o != (current.id if current else None) for o in others):
                return [
                    issue(
                        "is_self",
                        "broker.self_exists",
                        t("已有一位“本人”经纪人档案", "Another broker profile is already marked as you"),
                    )
                ]
        return []

    def missing_for_claim(self, broker: Broker) -> list[Issue]:
        """The profile fields a claim form cannot do without."""
        needed = {
            "name": ("姓名", "name"),
            "id_card": ("身份证号", "ID-card number"),
            "certificate_no": ("经纪人证书/备案编号", "certificate or filing number"),
            "phone": ("联系电话", "phone"),
            "bank_name": ("开户银行", "bank"),
            "account_name": ("账户名称", "account name"),
            "account_number": ("银行账号", "account number"),
        }
        return [
            issue(
                key,
                "broker.incomplete",
                t("经纪人档案缺少{f}", "The broker profile lacks the {f}", f=t(*label)),
            )
            for key, label in needed.items()
            if not getattr(broker, key)
        ]


class EnterpriseService(EntityService[Enterprise]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Enterprise | None) -> list[Issue]:
        code = merged.get("uscc")
        if not code:
            return []
        stmt = select(Enterprise.id, Enterprise.name).where(
            Enterprise.uscc == code, col(Enterprise.deleted_at).is_(None)
        )
        for other_id, other_name in session.exec(stmt).all():
            if current is None or other_id != current.id:
                return [
                    issue(
                        "uscc",
                        "uscc.duplicate",
                        t(
                            "已有企业“{n}”使用此统一社会信用代码",
                            "Enterprise “{n}” already has this code",
                            n=other_name,
                        ),
                    )
                ]
        return []

    def derive(self, session: Session, obj: Enterprise) -> None:
        obj.name_initials = pinyin_initials(obj.name)
        if obj.uscc and not obj.division_code:
            obj.division_code = _division_of(obj.uscc)

    def check_delete(self, session: Session, obj: Enterprise) -> None:
        live = session.exec(
            select(func.count())
            .select_from(Contract)
            .where(Contract.buyer_enterprise_id == obj.id, col(Contract.deleted_at).is_(None))
        ).one()
        if live:
            raise TransitionError(
                t(
                    "企业“{n}”有 {c} 份合同，不能删除",
                    "“{n}” has {c} contracts and cannot be deleted",
                    n=obj.name,
                    c=live,
                )
            )


class ContactService(EntityService[Contact]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Contact | None) -> list[Issue]:
        found = _exists(
            session, Enterprise, merged.get("enterprise_id"), "enterprise_id", t("企业", "enterprise")
        )
        if (
            not merged.get("mobile")
            and not merged.get("phone")
            and not merged.get("email")
            and not merged.get("wechat")
        ):
            found.append(
                issue(
                    "mobile",
                    "contact.no_channel",
                    t("未填写任何联系方式", "No way to reach this contact was entered"),
                    Severity.WARNING,
                )
            )
        return found


class InstitutionService(EntityService[Institution]):
    def derive(self, session: Session, obj: Institution) -> None:
        if obj.uscc and not obj.division_code:
            obj.division_code = _division_of(obj.uscc)


class VisitService(EntityService[Visit]):
    def query(
        self,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        include_deleted: bool = False,
    ) -> list[ColumnElement[bool]]:
        """A visit is found by its place or summary, or by its enterprise's name, initials or USCC."""
        clauses = super().query(filters=filters, include_deleted=include_deleted)
        return clauses + _text_or_enterprise(Visit, self.search_columns, text)

    def check(self, session: Session, merged: dict[str, Any], *, current: Visit | None) -> list[Issue]:
        found = _exists(
            session, Enterprise, merged.get("enterprise_id"), "enterprise_id", t("企业", "enterprise")
        )
        found += _range(merged, "started_at", "ended_at")
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
            found += _exists(session, Broker, bid, "broker_ids", t("经纪人", "broker"))
        return found

    def after_write(self, session: Session, obj: Visit, *, created: bool) -> None:
        extra = self.pending(obj)
        if "broker_ids" in extra:
            session.exec(delete(VisitBroker).where(col(VisitBroker.visit_id) == obj.id))
            session.add_all(VisitBroker(visit_id=obj.id, broker_id=b) for b in extra["broker_ids"])
        if "contact_ids" in extra:
            session.exec(delete(VisitAttendee).where(col(VisitAttendee.visit_id) == obj.id))
            session.add_all(VisitAttendee(visit_id=obj.id, contact_id=c) for c in extra["contact_ids"])

    def broker_ids(self, session: Session, visit_id: str) -> list[str]:
        return list(session.exec(select(VisitBroker.broker_id).where(VisitBroker.visit_id == visit_id)).all())

    def contact_ids(self, session: Session, visit_id: str) -> list[str]:
        return list(
            session.exec(select(VisitAttendee.contact_id).where(VisitAttendee.visit_id == visit_id)).all()
        )


class NeedService(EntityService[Need]):
    def query(
        self,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        include_deleted: bool = False,
    ) -> list[ColumnElement[bool]]:
        """A need is found by its own text, or by its enterprise's name, initials or USCC."""
        clauses = super().query(filters=filters, include_deleted=include_deleted)
        return clauses + _text_or_enterprise(Need, self.search_columns, text)

    def check(self, session: Session, merged: dict[str, Any], *, current: Need | None) -> list[Issue]:
        found = _exists(
            session, Enterprise, merged.get("enterprise_id"), "enterprise_id", t("企业", "enterprise")
        )
        visit_id = merged.get("visit_id")
        if visit_id:
            visit = session.get(Visit, visit_id)
            if visit is None:
                found += _exists(session, Visit, visit_id, "visit_id", t("走访记录", "visit"))
            elif visit.enterprise_id != merged.get("enterprise_id"):
                found.append(
                    issue(
                        "visit_id",
                        "need.visit_enterprise",
                        t("走访记录属于另一家企业", "The visit belongs to another enterprise"),
                    )
                )
        found += _range(merged, "window_start", "window_end")
        return found

    def set_status(self, session: Session, ident: str, status: str, *, note: str = "") -> Need:
        """Move a need through new → filed → published → matched → contracted → closed."""
        need = self.get(session, ident)
        target = enums.NeedStatus(status)
        order = [s.value for s in enums.NeedStatus]
        if target.value == need.status:
            raise TransitionError(t("需求已是“{s}”状态", "The need is already “{s}”", s=target.label))
        if target is not enums.NeedStatus.CLOSED and order.index(target.value) < order.index(need.status):
            raise TransitionError(
                t(
                    "需求状态不能从“{a}”退回“{b}”",
                    "A need cannot go back from “{a}” to “{b}”",
                    a=enums.NeedStatus(need.status).label,
                    b=target.label,
                )
            )
        if target is enums.NeedStatus.FILED and not need.filing_no:
            raise TransitionError(
                t("备案前请先填写科技市场备案号", "Enter the market filing number before filing")
            )
        if target is enums.NeedStatus.MATCHED and not _live_matches(session, need.id):
            raise TransitionError(t("该需求还没有对接的技术成果", "The need has no matched technology yet"))
        if target is enums.NeedStatus.CONTRACTED and not _contracts_for_need(session, need.id):
            raise TransitionError(t("该需求还没有签订合同", "No contract has been signed for this need"))
        need.status = target.value
        session.add(need)
        session.flush()
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

    def check(self, session: Session, merged: dict[str, Any], *, current: Technology | None) -> list[Issue]:
        return _exists(
            session,
            Institution,
            merged.get("institution_id"),
            "institution_id",
            t("技术持有单位", "institution"),
        )

    def after_write(self, session: Session, obj: Technology, *, created: bool) -> None:
        extra = self.pending(obj)
        if "patents" in extra:
            session.exec(delete(TechPatent).where(col(TechPatent.technology_id) == obj.id))
            session.add_all(
                TechPatent(technology_id=obj.id, number=n, patent_kind=k) for n, k in extra["patents"]
            )

    def patents(self, session: Session, technology_id: str) -> list[TechPatent]:
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
        found = _exists(session, Need, merged.get("need_id"), "need_id", t("技术需求", "need"))
        found += _exists(
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
            need = session.get(Need, obj.need_id)
            if need is not None and need.status in {"new", "filed", "published"}:
                need.status = enums.NeedStatus.MATCHED.value
                session.add(need)

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
        the previous step (``claim_steps.check_occurred_on``).
        """
        match = self.get(session, ident)
        occurred_on = check_occurred_on(occurred_on, self.history(session, match.id))
        try:
            target = enums.MatchStage(stage)
        except ValueError:
            raise TransitionError(t("未知阶段：{s}", "Unknown stage: {s}", s=stage)) from None
        current = enums.MatchStage(match.stage)
        has_contract = bool(
            session.exec(
                select(func.count())
                .select_from(Contract)
                .where(Contract.match_id == match.id, col(Contract.deleted_at).is_(None))
            ).one()
        )
        if target is current:
            raise TransitionError(t("已处于“{s}”阶段", "Already at “{s}”", s=target.label))
        if current is enums.MatchStage.CONTRACTED and has_contract:
            raise TransitionError(
                t(
                    "已签约的对接不能改变阶段；请先处理其合同",
                    "A contracted match cannot change stage while its contract exists",
                )
            )
        if target is enums.MatchStage.CONTRACTED and not has_contract:
            raise TransitionError(
                t(
                    "请先登记合同：签约阶段由合同自动确定",
                    "Record the contract first: a match becomes contracted through its contract",
                )
            )
        if target is enums.MatchStage.DROPPED and not reason.strip():
            raise TransitionError(t("放弃对接须填写原因", "Give a reason for dropping the match"))
        self._record(session, match, target, note=note or reason, occurred_on=occurred_on)
        match.dropped_reason = reason.strip() if target is enums.MatchStage.DROPPED else None
        session.add(match)
        session.flush()
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
        match.stage = target.value

    def history(self, session: Session, ident: str) -> list[MatchStageEvent]:
        return list(
            session.exec(
                select(MatchStageEvent)
                .where(MatchStageEvent.match_id == ident)
                .order_by(col(MatchStageEvent.id))
            ).all()
        )


class ContractService(EntityService[Contract]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Contract | None) -> list[Issue]:
        found = _exists(session, Match, merged.get("match_id"), "match_id", t("对接", "match"))
        found += _exists(
            session,
            Enterprise,
            merged.get("buyer_enterprise_id"),
            "buyer_enterprise_id",
            t("企业", "enterprise"),
        )
        found += _exists(
            session,
            Institution,
            merged.get("seller_institution_id"),
            "seller_institution_id",
            t("技术持有单位", "institution"),
        )
        found += _range(merged, "signed_on", "registered_on")
        found += _range(merged, "valid_from", "valid_to")
        total, tech = merged.get("total_fen"), merged.get("tech_amount_fen")
        if total is not None and tech is not None and tech > total:
            found.append(
                issue(
                    "tech_amount_fen",
                    "contract.tech_gt_total",
                    t(
                        "技术交易额不能大于合同成交额",
                        "The technology amount cannot exceed the contract total",
                    ),
                )
            )
        reg = merged.get("registration_no")
        if reg:
            if not re.fullmatch(r"\d{14,20}", reg):
                found.append(
                    issue(
                        "registration_no",
                        "contract.registration_format",
                        t(
                            "登记编号通常为 14–20 位数字，请核对",
                            "Registration numbers are usually 14–20 digits; check it",
                        ),
                        Severity.WARNING,
                    )
                )
            dup = session.exec(
                select(Contract.id, Contract.title).where(
                    Contract.registration_no == reg, col(Contract.deleted_at).is_(None)
                )
            ).first()
            if dup is not None and (current is None or dup[0] != current.id):
                found.append(
                    issue(
                        "registration_no",
                        "contract.registration_duplicate",
                        t("登记编号已被合同“{n}”使用", "The registration number is used by “{n}”", n=dup[1]),
                    )
                )
        if merged.get("match_id") and current is None:
            taken = session.exec(
                select(Contract.id).where(
                    Contract.match_id == merged["match_id"], col(Contract.deleted_at).is_(None)
                )
            ).first()
            if taken:
                found.append(
                    issue(
                        "match_id",
                        "contract.match_taken",
                        t("该对接已有合同", "This match already has a contract"),
                    )
                )
            match = session.get(Match, merged["match_id"])
            if match is not None and match.stage == enums.MatchStage.DROPPED:
                found.append(
                    issue(
                        "match_id",
                        "contract.match_dropped",
                        t("该对接已放弃，不能签约", "This match was dropped and cannot be contracted"),
                    )
                )
        return found

    def derive(self, session: Session, obj: Contract) -> None:
        if obj.buyer_enterprise_id:
            buyer = session.get(Enterprise, obj.buyer_enterprise_id)
            if buyer is not None:
                obj.buyer_name = obj.buyer_name or buyer.name
                obj.buyer_uscc = obj.buyer_uscc or buyer.uscc
                obj.buyer_division_code = obj.buyer_division_code or buyer.division_code
        if obj.buyer_uscc and not obj.buyer_division_code:
            obj.buyer_division_code = _division_of(obj.buyer_uscc)

    def clean(
        self, session: Session, data: Mapping[str, Any], *, current: Contract | None
    ) -> tuple[dict[str, Any], list[Issue]]:
        # Names may come from the linked records, so fill them before "required" is judged.
        filled = dict(data)
        if current is None and not filled.get("buyer_name") and filled.get("buyer_enterprise_id"):
            buyer = session.get(Enterprise, filled["buyer_enterprise_id"])
            if buyer is not None:
                filled["buyer_name"] = buyer.name
        if current is None and not filled.get("seller_name") and filled.get("seller_institution_id"):
            seller = session.get(Institution, filled["seller_institution_id"])
            if seller is not None:
                filled["seller_name"] = seller.name
                filled.setdefault("seller_uscc", seller.uscc)
        return super().clean(session, filled, current=current)

    def after_write(self, session: Session, obj: Contract, *, created: bool) -> None:
        if not obj.match_id:
            return
        match = session.get(Match, obj.match_id)
        if match is None:
            return
        if match.stage != enums.MatchStage.CONTRACTED:
            MATCHES._record(
                session,
                match,
                enums.MatchStage.CONTRACTED,
                note=t("登记合同", "contract recorded"),
                occurred_on=obj.signed_on,
            )
            session.add(match)
        need = session.get(Need, match.need_id)
        if need is not None and need.status not in {"contracted", "closed"}:
            need.status = enums.NeedStatus.CONTRACTED.value
            session.add(need)

    def check_delete(self, session: Session, obj: Contract) -> None:
        live = session.exec(
            select(func.count())
            .select_from(Claim)
            .where(Claim.contract_id == obj.id, col(Claim.deleted_at).is_(None), Claim.status != "draft")
        ).one()
        if live:
            raise TransitionError(
                t(
                    "合同已有提交的奖励申请，不能删除",
                    "The contract has submitted claims and cannot be deleted",
                )
            )

    def received_fen(
        self, session: Session, contract_id: str, *, until: Any = None, since: Any = None
    ) -> int:
        stmt = select(func.coalesce(func.sum(Payment.amount_fen), 0)).where(
            Payment.contract_id == contract_id, col(Payment.deleted_at).is_(None)
        )
        if until is not None:
            stmt = stmt.where(col(Payment.paid_on) <= until)
        if since is not None:
            stmt = stmt.where(col(Payment.paid_on) >= since)
        return int(session.exec(stmt).one())

    def payments(self, session: Session, contract_id: str) -> list[Payment]:
        return list(
            session.exec(
                select(Payment)
                .where(Payment.contract_id == contract_id, col(Payment.deleted_at).is_(None))
                .order_by(col(Payment.paid_on))
            ).all()
        )


class PaymentService(EntityService[Payment]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Payment | None) -> list[Issue]:
        found = _exists(session, Contract, merged.get("contract_id"), "contract_id", t("合同", "contract"))
        if found or merged.get("amount_fen") is None:
            return found
        contract = session.get(Contract, merged["contract_id"])
        assert contract is not None
        received = CONTRACTS.received_fen(session, contract.id) - (current.amount_fen if current else 0)
        if contract.total_fen and received + merged["amount_fen"] > contract.total_fen:
            found.append(
                issue(
                    "amount_fen",
                    "payment.over_total",
                    t("到款合计将超过合同成交额", "Payments would exceed the contract total"),
                    Severity.WARNING,
                )
            )
        signed = contract.signed_on
        if signed and merged.get("paid_on") and merged["paid_on"] < signed:
            found.append(
                issue(
                    "paid_on",
                    "payment.before_signing",
                    t("到款日期早于合同签订日期", "The payment date is before the signing date"),
                    Severity.WARNING,
                )
            )
        return found


def _f(
    zh: str, en: str, cleaner: Callable[[Any], Checked[Any]] | None = None, *, required: bool = False
) -> FieldSpec:
    return FieldSpec((zh, en), cleaner, required)


BROKERS = BrokerService(
    Broker,
    {
        "name": _f("姓名", "Name", text(50), required=True),
        "is_self": _f("本人", "This is me", flag),
        "id_card": _f("身份证号", "ID-card number", lambda r: check_id_card(r, field="")),
        "certificate_no": _f("证书/备案编号", "Certificate or filing number", optional_text(50)),
        "level": _f("等级", "Level", choice(enums.BrokerLevel)),
        "agency": _f("所属机构", "Agency", text(100)),
        "agency_uscc": _f("机构统一社会信用代码", "Agency USCC", uscc),
        "phone": _f("联系电话", "Phone", phone),
        "email": _f("电子邮箱", "E-mail", email),
        "address": _f("通讯地址", "Address", text(200)),
        "bank_name": _f("开户银行", "Bank", optional_text(100)),
        "account_name": _f("账户名称", "Account name", optional_text(100)),
        "account_number": _f("银行账号", "Account number", optional_text(40)),
        "notes": _f("备注", "Notes", text(2000)),
    },
    search_columns=("name", "agency", "certificate_no", "phone"),
    default_order=("name", False),
)
ENTERPRISES = EnterpriseService(
    Enterprise,
    {
        "name": _f("企业名称", "Name", text(100), required=True),
        "uscc": _f("统一社会信用代码", "USCC", uscc),
        "division_code": _f("行政区划代码", "Division code", digits(6)),
        "address": _f("地址", "Address", text(200)),
        "industry_code": _f("国民经济行业代码", "Industry code", industry_code),
        "cluster_code": _f("产业集群", "Industry cluster", optional_text(40)),
        "cluster_taxonomy": _f("集群分类版本", "Cluster taxonomy", optional_text(20)),
        "high_tech": _f("高新技术企业", "High-tech enterprise", flag),
        "engineering_centre": _f(
            "工程中心级别", "Engineering centre", choice(enums.EngineeringCentreLevel, optional=False)
        ),
        "notes": _f("备注", "Notes", text(4000)),
    },
    search_columns=("name", "name_initials", "uscc", "address"),
    default_order=("name", False),
    readonly_fields=frozenset({"name_initials"}),
)
CONTACTS = ContactService(
    Contact,
    {
        "enterprise_id": _f("企业", "Enterprise", required=True),
        "name": _f("姓名", "Name", text(50), required=True),
        "title": _f("职务", "Title", text(50)),
        "mobile": _f("手机", "Mobile", phone),
        "phone": _f("电话", "Phone", phone),
        "email": _f("电子邮箱", "E-mail", email),
        "wechat": _f("微信", "WeChat", optional_text(50)),
        "notes": _f("备注", "Notes", text(2000)),
    },
    search_columns=("name", "mobile", "phone", "email"),
    default_order=("name", False),
)
INSTITUTIONS = InstitutionService(
    Institution,
    {
        "name": _f("单位名称", "Name", text(100), required=True),
        "institution_kind": _f("类型", "Kind", choice(enums.InstitutionKind, optional=False)),
        "uscc": _f("统一社会信用代码", "USCC", uscc),
        "region": _f("所在地区", "Region", text(50)),
        "division_code": _f("行政区划代码", "Division code", digits(6)),
        "notes": _f("备注", "Notes", text(2000)),
    },
    search_columns=("name", "region", "uscc"),
    default_order=("name", False),
)
VISITS = VisitService(
    Visit,
    {
        "enterprise_id": _f("企业", "Enterprise", required=True),
        "started_at": _f("开始时间", "Start", a_datetime(required=True), required=True),
        "ended_at": _f("结束时间", "End", a_datetime()),
        "place": _f("地点", "Place", text(200)),
        "summary": _f("走访纪要", "Summary", text(10000)),
        "follow_up_on": _f("回访日期", "Follow-up date", a_date()),
        "broker_ids": _f("经纪人", "Brokers", ids),
        "contact_ids": _f("参加人", "Attendees", ids),
    },
    search_columns=("place", "summary"),
    default_order=("started_at", True),
)
NEEDS = NeedService(
    Need,
    {
        "enterprise_id": _f("企业", "Enterprise", required=True),
        "visit_id": _f("走访记录", "Visit", optional_text(36)),
        "title": _f("需求名称", "Title", text(100), required=True),
        "problem": _f("主要问题", "Main problem", text(500)),
        "key_technology": _f("关键技术及指标", "Key technology and indicators", text(500)),
        "expected_goals": _f("预期目标", "Expected goals", text(500)),
        "keywords": _f("关键词", "Keywords", keywords(), required=True),
        "own_funds_fen": _f("自筹资金", "Own funds", fen(optional=True)),
        "solution_mode": _f("解决方式", "Solution mode", choice(enums.SolutionMode)),
        "window_start": _f("起始日期", "From", a_date()),
        "window_end": _f("截止日期", "To", a_date()),
        "confidential": _f("保密", "Confidential", flag),
        "filing_no": _f("备案号", "Filing number", optional_text(50)),
        "technical_field": _f("技术领域", "Technical field", optional_text(50)),
    },
    search_columns=("title", "problem", "key_technology"),
    readonly_fields=frozenset({"status"}),
)
TECHNOLOGIES = TechnologyService(
    Technology,
    {
        "title": _f("成果名称", "Title", text(200), required=True),
        "abstract": _f("成果简介", "Abstract", text(20000)),
        "keywords": _f("关键词", "Keywords", keywords(max_count=10, min_count=0)),
        "institution_id": _f("持有单位", "Owner", optional_text(36)),
        "inventors": _f("发明人", "Inventors", string_list(50)),
        "patents": _f("专利号", "Patent numbers", patents),
        "ipc_codes": _f("IPC 分类号", "IPC codes", string_list(20)),
        "technical_field": _f("技术领域", "Technical field", optional_text(50)),
        "maturity": _f("成熟度", "Maturity", choice(enums.Maturity)),
        "transfer_modes": _f("转化方式", "Transfer modes", choices(enums.TransferMode)),
        "asking_price_fen": _f("意向价格", "Asking price", fen(optional=True)),
        "filing_no": _f("备案号", "Filing number", optional_text(50)),
    },
    search_columns=("title",),
)
MATCHES = MatchService(
    Match,
    {
        "need_id": _f("技术需求", "Need", required=True),
        "technology_id": _f("技术成果", "Technology", required=True),
        "notes": _f("备注", "Notes", text(4000)),
        "score": _f("匹配分", "Score"),
    },
    search_columns=("notes",),
    readonly_fields=frozenset({"stage", "dropped_reason"}),
)
CONTRACTS = ContractService(
    Contract,
    {
        "match_id": _f("来源对接", "From match", optional_text(36)),
        "title": _f("项目名称", "Project name", text(200), required=True),
        "contract_type": _f(
            "合同类型", "Contract type", choice(enums.ContractType, optional=False), required=True
        ),
        "seller_name": _f("卖方", "Seller", text(100), required=True),
        "seller_uscc": _f("卖方统一社会信用代码", "Seller USCC", uscc),
        "seller_institution_id": _f("卖方单位", "Seller institution", optional_text(36)),
        "buyer_enterprise_id": _f("买方企业", "Buyer enterprise", optional_text(36)),
        "buyer_name": _f("买方", "Buyer", text(100), required=True),
        "buyer_uscc": _f("买方统一社会信用代码", "Buyer USCC", uscc),
        "buyer_division_code": _f("买方行政区划", "Buyer division", digits(6)),
        "registration_no": _f("合同登记编号", "Registration number", optional_text(30)),
        "signed_on": _f("签订日期", "Signed on", a_date()),
        "registered_on": _f("登记日期", "Registered on", a_date()),
        "valid_from": _f("有效期自", "Valid from", a_date()),
        "valid_to": _f("有效期至", "Valid to", a_date()),
        "total_fen": _f("合同成交额", "Contract total", fen(), required=True),
        "tech_amount_fen": _f("技术交易额", "Technology transaction amount", fen(), required=True),
        "notes": _f("备注", "Notes", text(4000)),
    },
    search_columns=("title", "registration_no", "seller_name", "buyer_name"),
)
PAYMENTS = PaymentService(
    Payment,
    {
        "contract_id": _f("合同", "Contract", required=True),
        "paid_on": _f("到款日期", "Paid on", a_date(required=True), required=True),
        "amount_fen": _f("金额", "Amount", fen(positive=True), required=True),
        "invoice_no": _f("发票号", "Invoice number", text(50)),
        "voucher_ref": _f("银行凭证号", "Bank voucher", text(50)),
        "notes": _f("备注", "Notes", text(2000)),
    },
    search_columns=("invoice_no", "voucher_ref"),
    default_order=("paid_on", True),
)

SERVICES: dict[str, EntityService[Any]] = {
    s.kind: s
    for s in (
        BROKERS,
        ENTERPRISES,
        CONTACTS,
        INSTITUTIONS,
        VISITS,
        NEEDS,
        TECHNOLOGIES,
        MATCHES,
        CONTRACTS,
        PAYMENTS,
    )
}


def service_for(kind: str) -> EntityService[Any]:
    """The service of a kind, accepting plurals as typed on the command line (``contracts``)."""
    key = kind.strip().lower()
    aliases = {
        "technologies": "technology",
        "enterprises": "enterprise",
        "needs": "need",
        "visits": "visit",
        "contacts": "contact",
        "institutions": "institution",
        "matches": "match",
        "contracts": "contract",
        "payments": "payment",
        "brokers": "broker",
        "claims": "claim",
    }
    key = aliases.get(key, key)
    if key not in SERVICES:
        raise KeyError(kind)
    return SERVICES[key]
