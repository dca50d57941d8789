"""The claim form as plain data: every section of the printed 奖励申请表, from the store, fingerprinted.

This is the first of the two PDF steps (STYLE.md item 10): what the form says is decided and tested here;
``workbench.pdf.claim_form`` only lays it out. The form is a Chinese government form whatever the app's
language, so labels of stored codes (contract type, broker level, …) are taken in Simplified Chinese;
messages about missing data go to the user and follow the app's language.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from workbench import enums
from workbench.errors import Issue, ValidationError
from workbench.i18n import t
from workbench.models import Broker, Claim, Contract, Institution
from workbench.money import amount_in_words, format_yuan

# The rules engine's own labels and area-prefix rule, so the form and eligibility can never disagree.
from workbench.rules import LABELS as RULE_LABELS
from workbench.rules import Computation, division_prefix, format_percent
from workbench.rules import Policy as RulePolicy
from workbench.services.base import issue
from workbench.services.claim_status import Status, claim_status
from workbench.services.claim_steps import CHINA_TIME, local_day, step_day
from workbench.services.claims import CLAIMS, get_claim, stacking_group
from workbench.services.entities import BROKERS, CONTRACTS, MATCHES, TECHNOLOGIES
from workbench.services.provenance import Chain, chains

# Blanks for a date written by hand; full-width spaces so they keep their width in the printed line.
_DATE_BLANKS = "\u3000" * 4 + "年" + "\u3000" * 2 + "月" + "\u3000" * 2 + "日"
SEAL_LINE = "（盖章）" + _DATE_BLANKS
SIGN_LINE = "（签字/盖章）" + _DATE_BLANKS

# Each match stage as the broker's action it records, and what it says when the event has no note; worded
# for the form (Chinese only, like the form itself).
_STAGE_STEPS: dict[str, tuple[str, str]] = {
    "candidate": ("匹配成果", "匹配技术成果“{tech}”"),
    "recommended": ("推荐成果", "向企业推荐该成果"),
    "introduced": ("引荐对接", "引荐供需双方对接"),
    "negotiating": ("组织洽谈", "组织双方洽谈"),
    "intent": ("达成意向", "双方达成合作意向"),
    "dropped": ("中止对接", "对接中止"),
}


@dataclass(frozen=True)
class Choice:
    """One printed checkbox option (□个体经纪人 □经纪组织)."""

    label: str
    checked: bool


@dataclass(frozen=True)
class Applicant:
    name: str
    id_label: str
    id_number: str
    certificate_no: str
    level: str
    agency: str
    contact_person: str
    phone: str
    email: str
    address: str
    bank_name: str
    account_name: str
    account_number: str


@dataclass(frozen=True)
class Party:
    """A contract party as the form shows it: name, USCC and where it is."""

    role: str
    name: str
    uscc: str
    locality: str


@dataclass(frozen=True)
class Step:
    """One step of how the broker was involved, from the provenance chain."""

    on: date | None
    step: str
    detail: str


@dataclass(frozen=True)
class Project:
    name: str
    registration_no: str
    contract_type: str
    signed_on: date | None
    registered_on: date | None
    valid_from: date | None
    valid_to: date | None
    seller: Party
    buyer: Party
    patent_numbers: tuple[str, ...]
    need_title: str
    need_filing_no: str
    technology_title: str
    technology_filing_no: str
    involvement: tuple[Step, ...]


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount_fen: int
    invoice_no: str
    voucher_ref: str
    in_period: bool


@dataclass(frozen=True)
class EarlierClaim:
    claim_no: str
    claimed_on: date
    status: str
    amount_fen: int


@dataclass(frozen=True)
class Amounts:
    contract_total_fen: int
    tech_amount_fen: int
    received_to_date_fen: int
    received_in_period_fen: int | None  # None when the claim has no period
    period_start: date | None
    period_end: date | None
    claimed_before_fen: int
    base_label: str
    base_fen: int
    payments: tuple[PaymentLine, ...]
    earlier_claims: tuple[EarlierClaim, ...]


@dataclass(frozen=True)
class CalcLine:
    """One line of the rules engine's computation, as frozen on the claim."""

    kind: str
    label: str
    base_fen: int | None
    rate: str
    amount_fen: int | None
    note: str


@dataclass(frozen=True)
class Share:
    """A co-broker's row: enough for the district to pay them, and room for their signature."""

    name: str
    certificate_no: str
    id_number: str
    bank_name: str
    account_number: str
    percent: str
    amount_fen: int


@dataclass(frozen=True)
class AttachmentItem:
    code: str
    label: str
    required: bool
    attached: bool
    applies: bool = True  # False: not for this applicant type (a licence for an individual broker)


@dataclass(frozen=True)
class SignatureBox:
    title: str
    seal_line: str


@dataclass(frozen=True)
class ClaimDocument:
    """Everything the printed form says; ``fingerprint`` is the SHA-256 of all the rest (see ``data``)."""

    title: str
    jurisdiction_name: str
    policy_name: str
    claim_no: str
    claimed_on: date
    revision: int
    replaces_claim_no: str
    status: Status
    issued_at: str  # ISO time of the status (the archived PDF's creation time)
    applicant_types: tuple[Choice, ...]
    applicant: Applicant
    project: Project
    amounts: Amounts
    computation: tuple[CalcLine, ...]
    shares: tuple[Share, ...]
    amount_fen: int
    amount_figures: str
    amount_words: str
    declaration: str
    signatures: tuple[SignatureBox, ...]
    attachments: tuple[AttachmentItem, ...]
    fingerprint: str = ""
    qr_payload: str = ""

    def data(self) -> dict[str, Any]:
        """The document as JSON-safe data, without the fingerprint and the QR payload derived from it."""
        raw = dataclasses.asdict(self)
        del raw["fingerprint"], raw["qr_payload"]
        result: dict[str, Any] = json.loads(json.dumps(raw, default=_json_default))
        return result


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def fingerprint_of(doc: ClaimDocument) -> str:
    """SHA-256 (hex) of the canonical JSON of ``doc.data()``: sorted keys, no spaces, UTF-8."""
    canonical = json.dumps(doc.data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


QR_HEADER = "BWCLAIM/1"
QR_KEYS = ("NO", "APPLICANT", "REG", "AMOUNT", "DATE", "SHA256")


def qr_payload_for(doc: ClaimDocument, fingerprint: str) -> str:
    """What the QR code carries: a header line, then claim number, applicant, registration number,
    amount (yuan), filing date and fingerprint, one ``KEY:value`` per line.

    A phone reading it shows who claims what for which contract, and ``workbench claim verify`` compares
    each value with the data embedded in the PDF.
    """
    values = qr_values(doc, fingerprint)
    return "\n".join([QR_HEADER, *(f"{key}:{values[key]}" for key in QR_KEYS)])


def qr_values(doc: ClaimDocument, fingerprint: str) -> dict[str, str]:
    return {
        "NO": doc.claim_no,
        "APPLICANT": doc.applicant.name,
        "REG": doc.project.registration_no,
        "AMOUNT": format_yuan(doc.amount_fen),
        "DATE": doc.claimed_on.isoformat(),
        "SHA256": fingerprint.upper(),
    }


def parse_qr_payload(text: str) -> dict[str, str]:
    """The values of a QR payload written by ``qr_payload_for`` (empty when it is not one)."""
    lines = text.splitlines()
    if not lines or lines[0] != QR_HEADER:
        return {}
    values = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
    return values if set(QR_KEYS) <= values.keys() else {}


# ------------------------------------------------------------------------------------------- checks


def missing_fields(session: Session, claim_id: str) -> list[Issue]:
    """What the form cannot be printed without, each issue naming its field (empty list: ready)."""
    claim = get_claim(session, claim_id)
    broker = BROKERS.get(session, claim.broker_id, include_deleted=True)
    contract = CONTRACTS.get(session, claim.contract_id, include_deleted=True)
    rules = RulePolicy.from_dict(claim.policy_snapshot)
    problems = BROKERS.missing_for_claim(broker)
    if claim.applicant_type == enums.ApplicantType.ORGANISATION:
        if not broker.agency:
            problems.append(
                issue(
                    "agency",
                    "broker.incomplete",
                    t("经纪人档案缺少所属机构（经纪组织名称）", "The broker profile lacks the agency"),
                )
            )
        if not broker.agency_uscc:
            problems.append(
                issue(
                    "agency_uscc",
                    "broker.incomplete",
                    t(
                        "经纪人档案缺少机构统一社会信用代码",
                        "The broker profile lacks the agency's unified social credit code",
                    ),
                )
            )
    if rules.eligibility.require_registered:
        if not (contract.registration_no or "").strip():
            problems.append(
                issue(
                    "registration_no",
                    "contract.registration_missing",
                    t(
                        "技术合同缺少合同登记编号（本政策要求合同已认定登记）",
                        "The contract lacks its registration number (the policy requires registration)",
                    ),
                )
            )
        if contract.registered_on is None:
            problems.append(
                issue(
                    "registered_on",
                    "contract.registration_missing",
                    t(
                        "技术合同缺少登记日期（本政策要求合同已认定登记）",
                        "The contract lacks its registration date (the policy requires registration)",
                    ),
                )
            )
    return problems


# ------------------------------------------------------------------------------------------- build


def build_claim_document(session: Session, claim_id: str) -> ClaimDocument:
    """Gather the claim form's content from the store; ``ValidationError`` lists what is missing."""
    problems = missing_fields(session, claim_id)
    if problems:
        raise ValidationError(problems)
    claim = get_claim(session, claim_id)
    rules = RulePolicy.from_dict(claim.policy_snapshot)
    broker = BROKERS.get(session, claim.broker_id, include_deleted=True)
    contract = CONTRACTS.get(session, claim.contract_id, include_deleted=True)
    year = claim.claimed_on.year
    form = rules.form
    replaced = CLAIMS.get(session, claim.replaces_id, include_deleted=True) if claim.replaces_id else None
    signatures = (
        SignatureBox(_applicant_box_title(claim.applicant_type), SIGN_LINE),
        *(SignatureBox(title, SEAL_LINE) for title in form.authority_boxes),
    )
    document_no = str(claim.policy_snapshot.get("document_no") or "")
    status, issued_at = _status(session, claim)
    doc = ClaimDocument(
        title=f"{year}年度{form.title or rules.name + '申请表'}",
        jurisdiction_name=form.jurisdiction_name or rules.jurisdiction,
        policy_name=f"{rules.name}（{document_no}）" if document_no else rules.name,
        claim_no=claim.claim_no,
        claimed_on=claim.claimed_on,
        revision=claim.revision,
        replaces_claim_no=replaced.claim_no if replaced else "",
        status=status,
        issued_at=issued_at,
        applicant_types=tuple(
            Choice(_zh(member), member.value == claim.applicant_type) for member in enums.ApplicantType
        ),
        applicant=_applicant(broker, claim.applicant_type),
        project=_project(session, claim, contract, rules),
        amounts=_amounts(session, claim, contract, rules),
        computation=_calc_lines(claim),
        shares=_shares(session, claim),
        amount_fen=claim.amount_fen,
        amount_figures="¥" + format_yuan(claim.amount_fen, grouping=True),
        amount_words=amount_in_words(claim.amount_fen),
        declaration=form.declaration,
        signatures=signatures,
        attachments=tuple(_attachments(claim)),
    )
    fingerprint = fingerprint_of(doc)
    return dataclasses.replace(doc, fingerprint=fingerprint, qr_payload=qr_payload_for(doc, fingerprint))


def _status(session: Session, claim: Claim) -> tuple[Status, str]:
    status = claim_status(session, claim)
    events = CLAIMS.history(session, claim.id)
    moment = events[-1].at if events and claim.status != "draft" else claim.updated_at
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return status, aware.astimezone(CHINA_TIME).replace(microsecond=0).isoformat()


def _attachments(claim: Claim) -> Iterable[AttachmentItem]:
    """The policy's attachment list; an item for organisations only does not apply to an individual."""
    for a in claim.policy_snapshot.get("attachments", []):
        applies_to = a.get("applies_to") or ""
        applies = not applies_to or applies_to == claim.applicant_type
        yield AttachmentItem(
            a["code"],
            a["label"],
            a["required"] and applies,
            applies and a["code"] in claim.attachments,
            applies,
        )


def _zh(member: enums.LabelledEnum) -> str:
    """A stored code's Chinese label whatever the app's language (the form is always Chinese)."""
    return enums._LABELS[type(member).__name__][member.value][0]


def _applicant_box_title(applicant_type: str) -> str:
    if applicant_type == enums.ApplicantType.ORGANISATION:
        return "申请单位（盖章）及法定代表人签字"
    return "申请人签字"


def _applicant(broker: Broker, applicant_type: str) -> Applicant:
    organisation = applicant_type == enums.ApplicantType.ORGANISATION
    return Applicant(
        name=(broker.agency or "") if organisation else broker.name,
        id_label="统一社会信用代码" if organisation else "身份证号",
        id_number=(broker.agency_uscc or "") if organisation else (broker.id_card or ""),
        certificate_no=broker.certificate_no or "",
        level=_zh(enums.BrokerLevel(broker.level)) if broker.level else "",
        agency=broker.agency or "",
        contact_person=broker.name,
        phone=broker.phone or "",
        email=broker.email or "",
        address=broker.address or "",
        bank_name=broker.bank_name or "",
        account_name=broker.account_name or "",
        account_number=broker.account_number or "",
    )


def _in_area(code: str | None, rules: RulePolicy) -> bool:
    return bool(code) and any(
        (code or "").startswith(division_prefix(prefix)) for prefix in rules.division_codes
    )


def _locality(code: str | None, place: str, rules: RulePolicy) -> str:
    """The policy's area name and code inside it (宁波市镇海区（330211）), else region and code."""
    code = (code or "").strip()
    if _in_area(code, rules):
        where = f"{rules.form.jurisdiction_name or rules.jurisdiction}（{code}）"
    elif code:
        where = f"{place}（{code}）" if place else f"行政区划代码 {code}"
    else:
        where = place
    return where


def _project(session: Session, claim: Claim, contract: Contract, rules: RulePolicy) -> Project:
    chain = chains(session, "claim", claim.id)[0]
    seller_inst = (
        session.get(Institution, contract.seller_institution_id) if contract.seller_institution_id else None
    )
    buyer_address = chain.enterprise.address if chain.enterprise else ""
    seller = Party(
        role="卖方（供方）",
        name=contract.seller_name,
        uscc=contract.seller_uscc or (seller_inst.uscc if seller_inst and seller_inst.uscc else ""),
        locality=_locality(
            seller_inst.division_code if seller_inst else None,
            seller_inst.region if seller_inst else "",
            rules,
        ),
    )
    buyer = Party(
        role="买方（需方）",
        name=contract.buyer_name,
        uscc=contract.buyer_uscc or "",
        locality=_locality(contract.buyer_division_code, buyer_address, rules),
    )
    patents: tuple[str, ...] = ()
    if chain.technology is not None:
        patents = tuple(
            f"{p.number}（{_zh(enums.PatentKind(p.patent_kind))}）"
            for p in TECHNOLOGIES.patents(session, chain.technology.id)
        )
    return Project(
        name=contract.title,
        registration_no=contract.registration_no or "",
        contract_type=_zh(enums.ContractType(contract.contract_type)),
        signed_on=contract.signed_on,
        registered_on=contract.registered_on,
        valid_from=contract.valid_from,
        valid_to=contract.valid_to,
        seller=seller,
        buyer=buyer,
        patent_numbers=patents,
        need_title=chain.need.title if chain.need else "",
        need_filing_no=(chain.need.filing_no or "") if chain.need else "",
        technology_title=chain.technology.title if chain.technology else "",
        technology_filing_no=(chain.technology.filing_no or "") if chain.technology else "",
        # In the order the steps happened, whatever the order they were entered in.
        involvement=tuple(sorted(_involvement(session, chain, contract), key=lambda s: s.on or date.max)),
    )


def _involvement(session: Session, chain: Chain, contract: Contract) -> Iterable[Step]:
    """Visit → need → each match stage → signing → registration, each with its date."""
    if chain.visit is not None:
        where = f"（{chain.visit.place}）" if chain.visit.place else ""
        name = chain.enterprise.name if chain.enterprise else ""
        yield Step(local_day(chain.visit.started_at), "走访企业", f"走访{name}{where}")
    events = MATCHES.history(session, chain.match.id) if chain.match is not None else []
    if chain.need is not None:
        # Dated by the day it was entered, but a need is found before it is matched: a need written up
        # after the fact takes its first match step's day.
        found = min([local_day(chain.need.created_at), *(step_day(e) for e in events[:1])])
        yield Step(found, "挖掘需求", f"梳理技术需求“{chain.need.title}”")
    if chain.match is not None:
        tech = chain.technology.title if chain.technology else ""
        for event in events:
            # The contract's own steps below say when it was signed; its stage event would repeat them.
            if event.to_stage == enums.MatchStage.CONTRACTED:
                continue
            step, default = _STAGE_STEPS.get(event.to_stage, (event.to_stage, ""))
            detail = default.format(tech=tech) if event.to_stage == enums.MatchStage.CANDIDATE else default
            yield Step(step_day(event), step, event.note or detail)
    yield Step(contract.signed_on, "签订合同", f"促成双方签订《{contract.title}》")
    if contract.registration_no:
        yield Step(contract.registered_on, "认定登记", f"合同登记编号 {contract.registration_no}")


def _amounts(session: Session, claim: Claim, contract: Contract, rules: RulePolicy) -> Amounts:
    """Money of the contract as the claim sees it: only payments up to its filing date (or the end of
    its period), so the listed payments add up to the cumulative figure beside them.
    """
    until = min(claim.period_end or claim.claimed_on, claim.claimed_on)
    has_period = claim.period_start is not None or claim.period_end is not None
    payments = tuple(
        PaymentLine(
            paid_on=p.paid_on,
            amount_fen=p.amount_fen,
            invoice_no=p.invoice_no,
            voucher_ref=p.voucher_ref,
            in_period=has_period
            and p.paid_on <= until
            and (claim.period_start is None or p.paid_on >= claim.period_start),
        )
        for p in CONTRACTS.payments(session, contract.id)
        if p.paid_on <= until
    )
    itself = [claim.id, *([claim.replaces_id] if claim.replaces_id else [])]
    earlier = [
        c
        for c in CLAIMS.live_claims(
            session, contract.id, group=stacking_group(claim.policy_snapshot), exclude=itself
        )
        if c.created_at < claim.created_at
    ]
    earlier.sort(key=lambda c: (c.claimed_on, c.claim_no))
    comp = Computation.from_dict(claim.computation)
    return Amounts(
        contract_total_fen=contract.total_fen,
        tech_amount_fen=contract.tech_amount_fen,
        received_to_date_fen=sum(p.amount_fen for p in payments),
        received_in_period_fen=sum(p.amount_fen for p in payments if p.in_period) if has_period else None,
        period_start=claim.period_start,
        period_end=claim.period_end,
        claimed_before_fen=comp.claimed_before_fen,
        base_label=_zh_base(rules),
        base_fen=claim.base_fen,
        payments=payments,
        earlier_claims=tuple(
            EarlierClaim(c.claim_no, c.claimed_on, _zh(enums.ClaimStatus(c.status)), c.amount_fen)
            for c in earlier
        ),
    )


def _zh_base(rules: RulePolicy) -> str:
    return RULE_LABELS["BaseKind"][rules.base_kind.value][0]


def _calc_lines(claim: Claim) -> tuple[CalcLine, ...]:
    comp = Computation.from_dict(claim.computation)
    return tuple(
        CalcLine(
            kind=line.kind.value,
            label=line.label,
            base_fen=line.base_fen,
            rate=format_percent(line.rate) if line.rate is not None else "",
            amount_fen=line.amount_fen,
            note=line.note,
        )
        for line in comp.lines
    )


def _shares(session: Session, claim: Claim) -> tuple[Share, ...]:
    rows = []
    for share in CLAIMS.shares(session, claim.id):
        broker = BROKERS.get(session, share.broker_id, include_deleted=True)
        rows.append(
            Share(
                name=broker.name,
                certificate_no=broker.certificate_no or "",
                id_number=broker.id_card or "",
                bank_name=broker.bank_name or "",
                account_number=broker.account_number or "",
                percent=f"{Decimal(share.percent_bp).scaleb(-2):.2f}%",
                amount_fen=share.amount_fen,
            )
        )
    return tuple(rows)
