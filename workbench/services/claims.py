"""Reward claims: creation from a contract under a frozen policy version, shares, and status steps.

A claim keeps a snapshot of the policy it used and the full computation, so what was claimed can be
explained years later even after the policy changes. Amounts never pass a cap across several claims on
one contract: earlier claims handed in (submitted, approved, paid; not superseded by an amendment handed
in) under a policy of the same stacking group are deducted first. Drafts and rejected claims never count,
and a claim never counts itself nor the claim it amends. Rewards of different groups stack.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, func, select

from workbench import enums
from workbench.errors import Issue, NotFoundError, TransitionError, ValidationError
from workbench.i18n import t
from workbench.models import (
    Broker,
    Claim,
    ClaimShare,
    ClaimStatusEvent,
    Contract,
    Match,
    Need,
    utcnow,
)
from workbench.money import format_yuan
from workbench.rules import (
    BaseKind,
    ClaimFacts,
    Computation,
    LineKind,
    check_eligibility,
    compute,
    split_shares,
)
from workbench.rules import ContractType as RuleContractType
from workbench.rules import Policy as RulePolicy
from workbench.rules import parse_percent as parse_rate_percent
from workbench.services import policies
from workbench.services.base import EntityService, issue
from workbench.services.claim_checks import co_broker_blanks, contract_blanks, step_contradictions
from workbench.services.entities import BROKERS, CONTRACTS, SERVICES
from workbench.sync import children

# Claims that count as claimed before, against caps and "one claim per contract": handed in.
HANDED_IN = ("submitted", "approved", "paid")


def stacking_group(snapshot: dict[str, Any]) -> str:
    """The group of rewards a policy may not be combined with; by default its own id.

    Claims under policies of one group reduce each other (a per-project cap across them, "one claim per
    contract"); a district's and a city's reward in different groups stack.
    """
    group = snapshot.get("stacking_group") or ""
    return str(group or snapshot.get("id", ""))


@dataclass(frozen=True)
class ShareInput:
    broker_id: str
    percent: Decimal


def parse_percent(raw: Any, *, field: str = "percent") -> Decimal:
    """A co-broker's share in percent points ("33.33", "33.33%"): two decimals, as kept in basis points."""
    return parse_rate_percent(raw, field=field, places=2)


def _check_attachments(rules: RulePolicy, attachments: Sequence[str]) -> None:
    """Refuse attachment codes the claim's policy does not list (a typo in the CLI, an old form)."""
    known = {a.code for a in rules.attachments}
    unknown = [a for a in attachments if a not in known]
    if unknown:
        raise ValidationError(
            [
                issue(
                    "attachments",
                    "claim.attachment_unknown",
                    t(
                        "政策未列出的附件：{a}",
                        "Attachments not listed by the policy: {a}",
                        a="、".join(unknown),
                    ),
                )
            ]
        )


class ClaimService(EntityService[Claim]):
    """Listing and soft delete come from the base; writes go through the claim-specific functions."""

    def get_self_broker(self, session: Session) -> Broker:
        broker = session.exec(
            select(Broker).where(col(Broker.is_self), col(Broker.deleted_at).is_(None))
        ).first()
        if broker is None:
            raise ValidationError(
                [
                    issue(
                        "broker_id",
                        "claim.no_broker",
                        t(
                            "请先在设置中填写本人的经纪人档案",
                            "Fill in your broker profile in Settings first",
                        ),
                    )
                ]
            )
        return broker

    def facts(
        self,
        session: Session,
        contract: Contract,
        *,
        group: str,
        exclude: Collection[str] = (),
    ) -> ClaimFacts:
        need_filed = False
        if contract.match_id:
            match = session.get(Match, contract.match_id)
            need = session.get(Need, match.need_id) if match else None
            # Filed means entered into the local market's database, which gives the need a filing number.
            need_filed = bool(need and need.filing_no)
        return ClaimFacts(
            contract_type=RuleContractType(contract.contract_type),
            registered=bool(contract.registration_no and contract.registered_on),
            registration_number=contract.registration_no,
            buyer_division_code=contract.buyer_division_code,
            need_filed=need_filed,
            existing_claims_on_contract=len(
                self.live_claims(session, contract.id, group=group, exclude=exclude)
            ),
            signing_date=contract.signed_on,
        )

    def live_claims(
        self, session: Session, contract_id: str, *, group: str, exclude: Collection[str] = ()
    ) -> list[Claim]:
        """Claims that count against the cap: handed in (not a draft, not rejected, not deleted), not
        replaced by an amendment that was handed in, under a policy of ``group``; by claim number.
        """
        rows = session.exec(
            select(Claim).where(
                Claim.contract_id == contract_id,
                col(Claim.status).in_(HANDED_IN),
                col(Claim.deleted_at).is_(None),
            )
        ).all()
        return self._counted(rows, group, exclude)

    def _counted(self, rows: Sequence[Claim], group: str, exclude: Collection[str]) -> list[Claim]:
        replaced = {c.replaces_id for c in rows if c.replaces_id}
        kept = [
            c
            for c in rows
            if c.id not in replaced and c.id not in exclude and stacking_group(c.policy_snapshot) == group
        ]
        return sorted(kept, key=lambda c: c.claim_no)

    def broker_year_claimed(
        self, session: Session, broker_id: str, year: int, *, group: str, exclude: Collection[str] = ()
    ) -> int:
        """What the broker claimed (handed in) in ``year`` under policies of ``group``."""
        rows = session.exec(
            select(Claim).where(
                Claim.broker_id == broker_id,
                col(Claim.status).in_(HANDED_IN),
                col(Claim.deleted_at).is_(None),
                col(Claim.claimed_on) >= date(year, 1, 1),
                col(Claim.claimed_on) <= date(year, 12, 31),
            )
        ).all()
        return sum(c.amount_fen for c in self._counted(rows, group, exclude))

    def base_for(
        self, session: Session, rules: RulePolicy, contract: Contract, period_end: date | None
    ) -> int:
        if rules.base_kind is BaseKind.CONTRACT_TOTAL:
            return contract.total_fen
        if rules.base_kind is BaseKind.TECH_TRANSACTION:
            return contract.tech_amount_fen
        return CONTRACTS.received_fen(session, contract.id, until=period_end)

    def computation(
        self,
        session: Session,
        rules: RulePolicy,
        contract: Contract,
        *,
        broker_id: str,
        claimed_on: date,
        period_end: date | None,
        group: str,
        exclude: Collection[str] = (),
    ) -> Computation:
        """The reward under ``rules``, less what earlier claims of ``group`` took; the line that deducts
        them names them by number, so a reviewer can look each one up.
        """
        earlier = self.live_claims(session, contract.id, group=group, exclude=exclude)
        comp = compute(
            rules,
            base_fen=self.base_for(session, rules, contract, period_end),
            claimed_before_fen=sum(c.amount_fen for c in earlier),
            broker_year_claimed_fen=self.broker_year_claimed(
                session, broker_id, claimed_on.year, group=group, exclude=exclude
            ),
        )
        if not earlier:
            return comp
        numbers = "、".join(c.claim_no for c in earlier)
        lines = tuple(
            dataclasses.replace(line, note=_joined(line.note, numbers))
            if line.kind is LineKind.EARLIER_CLAIMS
            else line
            for line in comp.lines
        )
        return dataclasses.replace(comp, lines=lines)

    # -- creating -------------------------------------------------------------------------------------

    def create_claim(
        self,
        session: Session,
        contract_id: str,
        *,
        policy_key: str | None = None,
        broker_id: str | None = None,
        applicant_type: str = "individual",
        claimed_on: date | None = None,
        period_start: date | None = None,
        period_end: date | None = None,
        attachments: Sequence[str] = (),
        shares: Sequence[ShareInput] = (),
        replaces: Claim | None = None,
    ) -> Claim:
        """Compute and record a draft claim; refuses ineligible contracts and claims past a cap."""
        contract = CONTRACTS.get(session, contract_id)
        broker = BROKERS.get(session, broker_id) if broker_id else self.get_self_broker(session)
        row = policies.get_policy(session, policy_key)
        rules = policies.rules_of(row)
        claimed_on = claimed_on or date.today()
        if rules.base_kind is BaseKind.RECEIVED_IN_PERIOD and period_end is None:
            period_end = claimed_on
        if period_start and period_end and period_end < period_start:
            raise ValidationError(
                [
                    issue(
                        "period_end",
                        "range.reversed",
                        t("申报期结束早于开始", "The claim period ends before it starts"),
                    )
                ]
            )
        try:
            enums.ApplicantType(applicant_type)
        except ValueError:
            raise ValidationError(
                [issue("applicant_type", "choice.invalid", t("申请人类型无效", "Invalid applicant type"))]
            ) from None
        exclude = replaces.id if replaces else None
        group = stacking_group(rules.to_dict())
        problems = check_eligibility(
            rules, self.facts(session, contract, group=group, exclude=[exclude] if exclude else [])
        )
        if problems:
            raise ValidationError(problems)
        comp = self.computation(
            session,
            rules,
            contract,
            broker_id=broker.id,
            claimed_on=claimed_on,
            period_end=period_end,
            group=group,
            exclude=[exclude] if exclude else [],
        )
        if comp.amount_fen <= 0:
            raise TransitionError(self._why_nothing(comp))
        _check_attachments(rules, attachments)
        claim = Claim(
            claim_no=self._number(session, row.policy_key, claimed_on, replaces),
            contract_id=contract.id,
            policy_id=row.id,
            policy_snapshot=rules.to_dict(),
            broker_id=broker.id,
            applicant_type=applicant_type,
            claimed_on=claimed_on,
            period_start=period_start,
            period_end=period_end,
            base_fen=comp.base_fen,
            amount_fen=comp.amount_fen,
            computation=comp.to_dict(),
            attachments=list(attachments),
            status="draft",
            replaces_id=exclude,
            revision=(replaces.revision + 1) if replaces else 1,
        )
        session.add(claim)
        session.flush()
        self._set_shares(session, claim, shares or [ShareInput(broker.id, Decimal(100))])
        self._event(session, claim, None, "draft", "")
        session.flush()
        return claim

    def _why_nothing(self, comp: Computation) -> str:
        if "per_project" in comp.caps_applied:
            return t(
                "本合同的奖励已达到单项目上限，不能再申请（此前已申请 {b} 元）",
                "This contract's reward has reached the per-project cap; nothing more can be claimed "
                "({b} yuan claimed before)",
                b=format_yuan(comp.claimed_before_fen, grouping=True),
            )
        if "per_broker_year" in comp.caps_applied:
            return t("已达到经纪人年度奖励上限", "The broker's yearly cap has been reached")
        if comp.claimed_before_fen > 0 and comp.entitled_fen > 0:
            return t(
                "本合同按政策应得的 {e} 元奖励已全部申请过，不能再申请",
                "The {e} yuan this contract earns under the policy have all been claimed already",
                e=format_yuan(comp.entitled_fen, grouping=True),
            )
        return t(
            "按该政策计算，本合同没有可申请的奖励（计奖基数未达到门槛或为零）",
            "Under this policy nothing can be claimed for this contract "
            "(the base is zero or below the threshold)",
        )

    def _number(self, session: Session, key: str, claimed_on: date, replaces: Claim | None) -> str:
        if replaces is not None:
            root = replaces.claim_no.split("-R")[0]
            return f"{root}-R{replaces.revision + 1}"
        prefix = f"{key.upper()}-{claimed_on.year}-"
        existing = session.exec(select(Claim.claim_no).where(col(Claim.claim_no).startswith(prefix))).all()
        seq = max(
            (int(n[len(prefix) :].split("-")[0]) for n in existing if n[len(prefix) :][:4].isdigit()),
            default=0,
        )
        return f"{prefix}{seq + 1:04d}"

    def _set_shares(self, session: Session, claim: Claim, shares: Sequence[ShareInput]) -> None:
        broker_ids = [s.broker_id for s in shares]
        if len(set(broker_ids)) != len(broker_ids):
            raise ValidationError(
                [issue("shares", "share.duplicate", t("同一经纪人不能重复分配", "A broker appears twice"))]
            )
        for s in shares:
            BROKERS.get(session, s.broker_id)
        split = split_shares(claim.amount_fen, [(s.broker_id, s.percent) for s in shares])
        old = children.read_all(session, "claim", claim.id)["_shares"]
        for row in session.exec(select(ClaimShare).where(ClaimShare.claim_id == claim.id)).all():
            session.delete(row)
        for pos, ((bid, amount), s) in enumerate(zip(split, shares, strict=True)):
            session.add(
                ClaimShare(
                    claim_id=claim.id,
                    broker_id=bid,
                    percent_bp=int(s.percent * 100),
                    amount_fen=amount,
                    position=pos,
                )
            )
        new = [
            [bid, int(s.percent * 100), amount, pos]
            for pos, ((bid, amount), s) in enumerate(zip(split, shares, strict=True))
        ]
        children.log_change(session, claim, "_shares", old, new)

    def shares(self, session: Session, claim_id: str) -> list[ClaimShare]:
        return list(
            session.exec(
                select(ClaimShare).where(ClaimShare.claim_id == claim_id).order_by(col(ClaimShare.position))
            ).all()
        )

    def set_shares(self, session: Session, claim_id: str, shares: Sequence[ShareInput]) -> Claim:
        claim = self._draft(session, claim_id)
        self._set_shares(session, claim, shares)
        session.flush()
        return claim

    def update_draft(
        self,
        session: Session,
        claim_id: str,
        *,
        attachments: Sequence[str] | None = None,
        applicant_type: str | None = None,
        period_start: date | None = None,
        period_end: date | None = None,
        claimed_on: date | None = None,
    ) -> Claim:
        """Change a draft's inputs and recompute it under its frozen policy snapshot."""
        claim = self._draft(session, claim_id)
        rules = RulePolicy.from_dict(claim.policy_snapshot)
        if attachments is not None:
            _check_attachments(rules, attachments)
            claim.attachments = list(attachments)
        if applicant_type is not None:
            claim.applicant_type = enums.ApplicantType(applicant_type).value
        if period_start is not None:
            claim.period_start = period_start
        if period_end is not None:
            claim.period_end = period_end
        if claimed_on is not None:
            claim.claimed_on = claimed_on
        if claim.period_start and claim.period_end and claim.period_end < claim.period_start:
            raise ValidationError(
                [
                    issue(
                        "period_end",
                        "range.reversed",
                        t("申报期结束早于开始", "The claim period ends before it starts"),
                    )
                ]
            )
        self.recompute(session, claim)
        return claim

    def recompute(self, session: Session, claim: Claim) -> Claim:
        rules = RulePolicy.from_dict(claim.policy_snapshot)
        contract = CONTRACTS.get(session, claim.contract_id)
        comp = self.computation(
            session,
            rules,
            contract,
            broker_id=claim.broker_id,
            claimed_on=claim.claimed_on,
            period_end=claim.period_end,
            group=stacking_group(claim.policy_snapshot),
            exclude=self._itself(claim),
        )
        if comp.amount_fen <= 0:
            raise TransitionError(self._why_nothing(comp))
        claim.base_fen, claim.amount_fen, claim.computation = comp.base_fen, comp.amount_fen, comp.to_dict()
        current = self.shares(session, claim.id)
        self._set_shares(
            session, claim, [ShareInput(s.broker_id, Decimal(s.percent_bp) / 100) for s in current]
        )
        session.add(claim)
        session.flush()
        return claim

    @staticmethod
    def _itself(claim: Claim) -> list[str]:
        """A claim never counts itself, nor the claim it amends, as claimed before."""
        return [claim.id, *([claim.replaces_id] if claim.replaces_id else [])]

    def _draft(self, session: Session, claim_id: str) -> Claim:
        claim = self.get(session, claim_id)
        if claim.status != "draft":
            raise TransitionError(
                t(
                    "只有草稿可以修改；已提交的申请请用“修订”另建新版本",
                    "Only a draft can be changed; amend a submitted claim to make a new version",
                )
            )
        return claim

    # -- status steps ---------------------------------------------------------------------------------

    def submission_problems(self, session: Session, claim: Claim) -> list[Issue]:
        """Everything that stops a claim from being handed in, each naming its field."""
        rules = RulePolicy.from_dict(claim.policy_snapshot)
        contract = CONTRACTS.get(session, claim.contract_id)
        problems = check_eligibility(
            rules,
            self.facts(
                session, contract, group=stacking_group(claim.policy_snapshot), exclude=self._itself(claim)
            ),
        )
        broker = BROKERS.get(session, claim.broker_id)
        problems += BROKERS.missing_for_claim(broker)
        if claim.applicant_type == enums.ApplicantType.ORGANISATION and not broker.agency_uscc:
            problems.append(
                issue(
                    "agency_uscc",
                    "claim.blank",
                    t("申请单位缺少统一社会信用代码", "The applicant organisation lacks its USCC"),
                )
            )
        problems += contract_blanks(session, contract)
        problems += co_broker_blanks(session, claim)
        problems += step_contradictions(session, contract)
        missing = [
            a["label"]
            for a in claim.policy_snapshot.get("attachments", [])
            if a["required"]
            and a["code"] not in claim.attachments
            and (a.get("applies_to") or claim.applicant_type) == claim.applicant_type
        ]
        if missing:
            problems.append(
                issue(
                    "attachments",
                    "claim.attachments_missing",
                    t("缺少必备附件：{a}", "Required attachments missing: {a}", a="、".join(missing)),
                )
            )
        total_bp = sum(s.percent_bp for s in self.shares(session, claim.id))
        if total_bp != 10000:
            problems.append(
                issue("shares", "share.total", t("分配比例合计须为 100%", "Shares must add up to 100%"))
            )
        return problems

    def submit(self, session: Session, claim_id: str) -> Claim:
        claim = self._draft(session, claim_id)
        problems = self.submission_problems(session, claim)
        if problems:
            raise ValidationError(problems)
        return self._move(session, claim, "submitted", "")

    def approve(self, session: Session, claim_id: str, *, note: str = "") -> Claim:
        return self._step(session, claim_id, {"submitted"}, "approved", note)

    def mark_paid(self, session: Session, claim_id: str, *, note: str = "") -> Claim:
        return self._step(session, claim_id, {"approved"}, "paid", note)

    def reject(self, session: Session, claim_id: str, *, reason: str) -> Claim:
        if not reason.strip():
            raise TransitionError(t("退回须填写原因", "Give a reason for the rejection"))
        claim = self._step(session, claim_id, {"submitted", "approved"}, "rejected", reason)
        claim.status_reason = reason.strip()
        session.add(claim)
        return claim

    def amend(self, session: Session, claim_id: str) -> Claim:
        """A new draft version that replaces a submitted or rejected claim (the old one stays as it was)."""
        old = self.get(session, claim_id)
        if old.status not in {"submitted", "rejected"}:
            raise TransitionError(
                t("只有已提交或已退回的申请可以修订", "Only a submitted or rejected claim can be amended")
            )
        newer = session.exec(
            select(Claim.id).where(Claim.replaces_id == old.id, col(Claim.deleted_at).is_(None))
        ).first()
        if newer:
            raise TransitionError(t("该申请已有修订版本", "This claim has already been amended"))
        rules = RulePolicy.from_dict(old.policy_snapshot)
        row = policies.get_policy(session, rules.id, version=rules.version)
        new = self.create_claim(
            session,
            old.contract_id,
            policy_key=row.policy_key,
            broker_id=old.broker_id,
            applicant_type=old.applicant_type,
            claimed_on=date.today(),
            period_start=old.period_start,
            period_end=old.period_end,
            attachments=old.attachments,
            shares=[
                ShareInput(s.broker_id, Decimal(s.percent_bp) / 100) for s in self.shares(session, old.id)
            ],
            replaces=old,
        )
        new.policy_id = old.policy_id  # the amendment keeps the exact policy version of the original
        session.add(new)
        session.flush()
        return new

    def _step(self, session: Session, claim_id: str, allowed: set[str], to: str, note: str) -> Claim:
        claim = self.get(session, claim_id)
        if claim.status not in allowed:
            raise TransitionError(
                t(
                    "申请当前为“{a}”，不能改为“{b}”",
                    "A claim that is “{a}” cannot become “{b}”",
                    a=enums.ClaimStatus(claim.status).label,
                    b=enums.ClaimStatus(to).label,
                )
            )
        return self._move(session, claim, to, note)

    def _move(self, session: Session, claim: Claim, to: str, note: str) -> Claim:
        self._event(session, claim, claim.status, to, note)
        claim.status = to
        session.add(claim)
        session.flush()
        return claim

    def _event(self, session: Session, claim: Claim, frm: str | None, to: str, note: str) -> None:
        session.add(
            ClaimStatusEvent(
                claim_id=claim.id,
                from_status=frm,
                to_status=to,
                at=utcnow(),
                actor=str(session.info.get("actor", "")),
                reason=note,
            )
        )
        children.log_appended(session, claim, "_history")

    def history(self, session: Session, claim_id: str) -> list[ClaimStatusEvent]:
        return list(
            session.exec(
                select(ClaimStatusEvent)
                .where(ClaimStatusEvent.claim_id == claim_id)
                .order_by(col(ClaimStatusEvent.id))
            ).all()
        )

    def check_delete(self, session: Session, obj: Claim) -> None:
        if obj.status != "draft":
            raise TransitionError(t("只能删除草稿", "Only drafts can be deleted"))

    def totals_by_status(self, session: Session, year: int) -> dict[str, int]:
        rows = session.exec(
            select(Claim.status, func.sum(Claim.amount_fen))
            .where(
                col(Claim.deleted_at).is_(None),
                col(Claim.claimed_on) >= date(year, 1, 1),
                col(Claim.claimed_on) <= date(year, 12, 31),
            )
            .group_by(col(Claim.status))
        ).all()
        return {status: int(total or 0) for status, total in rows}


def _joined(note: str, numbers: str) -> str:
    said = t("此前申请：{n}", "Earlier claims: {n}", n=numbers)
    return f"{note}；{said}" if note else said


CLAIMS = ClaimService(
    Claim,
    {},
    search_columns=("claim_no",),
    readonly_fields=frozenset(Claim.model_fields),
)
SERVICES["claim"] = CLAIMS  # ``service_for("claim")``: this module is loaded on first use


def get_claim(session: Session, ident: str) -> Claim:
    """A claim by id or by claim number (what a broker reads off a printout)."""
    claim = session.get(Claim, ident)
    if claim is None:
        claim = session.exec(select(Claim).where(Claim.claim_no == ident)).first()
    if claim is None or claim.deleted_at is not None:
        raise NotFoundError(t("奖励申请", "claim"), ident)
    return claim
