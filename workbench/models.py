"""SQLModel tables of the domain: the provenance chain from enterprise and visit to claim.

Conventions (DESIGN.md): text UUID keys, ``created_at``/``updated_at`` as aware UTC, soft delete through
``deleted_at``, money in integer fen, enums stored as their string values, lists stored as JSON text.
The change log is written by the store's flush hook, not by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from workbench.ids import new_id as _next_id


def new_id() -> str:
    # Through workbench.ids, so generated data (the demo) can give reproducible ids for one unit of work.
    return _next_id()


def utcnow() -> datetime:
    """Aware UTC; SQLModel stores it without an offset and hands it back in UTC."""
    return datetime.now(UTC)


def _money(*, nullable: bool = False, default: int | None = 0) -> Any:
    return Field(default=default, sa_type=BigInteger, nullable=nullable)


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))


class Record(SQLModel):
    """Identity, timestamps and soft delete shared by every entity table."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    deleted_at: datetime | None = Field(default=None, index=True)

    # Stable name used in the change log, the CLI and the UI (e.g. "enterprise").
    kind: ClassVar[str] = ""
    # Fields never written to the change log (large or derived).
    unlogged: ClassVar[frozenset[str]] = frozenset({"updated_at"})

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Broker(Record, table=True):
    kind: ClassVar[str] = "broker"

    name: str = Field(index=True)
    is_self: bool = Field(default=False, description="the app's own user (the claimant)")
    id_card: str | None = None
    certificate_no: str | None = None
    level: str | None = None
    agency: str | None = None
    agency_uscc: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None  # postal address, printed on the claim form
    bank_name: str | None = None
    account_name: str | None = None
    account_number: str | None = None
    notes: str = ""


class Enterprise(Record, table=True):
    kind: ClassVar[str] = "enterprise"

    name: str = Field(index=True)
    name_initials: str = Field(default="", index=True, description="pinyin initials for search")
    uscc: str | None = Field(default=None, index=True, max_length=18)
    division_code: str | None = Field(default=None, max_length=6)
    address: str = ""
    industry_code: str | None = Field(default=None, max_length=5)
    cluster_code: str | None = None
    cluster_taxonomy: str | None = None
    high_tech: bool = False
    engineering_centre: str = "none"
    notes: str = ""


class Contact(Record, table=True):
    kind: ClassVar[str] = "contact"

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    name: str
    title: str = ""
    mobile: str | None = None
    phone: str | None = None
    email: str | None = None
    wechat: str | None = None
    notes: str = ""


class Institution(Record, table=True):
    kind: ClassVar[str] = "institution"

    name: str = Field(index=True)
    institution_kind: str = "university"
    uscc: str | None = Field(default=None, max_length=18)
    region: str = ""
    division_code: str | None = Field(default=None, max_length=6)
    notes: str = ""


class VisitBroker(SQLModel, table=True):
    __tablename__ = "visit_broker"
    visit_id: str = Field(foreign_key="visit.id", primary_key=True)
    broker_id: str = Field(foreign_key="broker.id", primary_key=True)


class VisitAttendee(SQLModel, table=True):
    __tablename__ = "visit_attendee"
    visit_id: str = Field(foreign_key="visit.id", primary_key=True)
    contact_id: str = Field(foreign_key="contact.id", primary_key=True)


class Visit(Record, table=True):
    kind: ClassVar[str] = "visit"

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    started_at: datetime = Field(index=True)
    ended_at: datetime | None = None
    place: str = ""
    summary: str = ""
    follow_up_on: date | None = Field(default=None, index=True)


class Need(Record, table=True):
    kind: ClassVar[str] = "need"

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    visit_id: str | None = Field(default=None, foreign_key="visit.id", index=True)
    title: str = Field(index=True)
    problem: str = ""
    key_technology: str = ""
    expected_goals: str = ""
    keywords: list[str] = _json_list()
    own_funds_fen: int | None = _money(nullable=True, default=None)
    solution_mode: str | None = None
    window_start: date | None = None
    window_end: date | None = None
    confidential: bool = False
    status: str = Field(default="new", index=True)
    filing_no: str | None = None
    technical_field: str | None = None


class Technology(Record, table=True):
    kind: ClassVar[str] = "technology"
    # The technology list holds up to millions of rows: its default and title orders need their own
    # indexes over live rows, or the first page of the list waits for a full sort.
    __table_args__ = (
        Index("ix_technology_live_updated", "updated_at", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_technology_live_title", "title", "id", sqlite_where=text("deleted_at IS NULL")),
    )

    # No index of its own: every lookup and order by title is over live rows and uses
    # ix_technology_live_title (migration 0006 dropped the full one, 0.2 s of every 100,000 imported).
    title: str
    abstract: str = Field(default="", sa_type=Text)
    keywords: list[str] = _json_list()
    institution_id: str | None = Field(default=None, foreign_key="institution.id", index=True)
    inventors: list[str] = _json_list()
    ipc_codes: list[str] = _json_list()
    technical_field: str | None = None
    maturity: str | None = None
    transfer_modes: list[str] = _json_list()
    asking_price_fen: int | None = _money(nullable=True, default=None)
    filing_no: str | None = None


class TechPatent(SQLModel, table=True):
    """One patent of a technology; a table of its own so patent numbers can be looked up by index."""

    __tablename__ = "tech_patent"
    id: int | None = Field(default=None, primary_key=True)
    technology_id: str = Field(foreign_key="technology.id", index=True)
    number: str = Field(index=True, description="canonical application number, e.g. 201811564288.X")
    patent_kind: str = "invention"


class Match(Record, table=True):
    kind: ClassVar[str] = "match"
    __table_args__ = (UniqueConstraint("need_id", "technology_id", name="uq_match_need_technology"),)

    need_id: str = Field(foreign_key="need.id", index=True)
    technology_id: str = Field(foreign_key="technology.id", index=True)
    stage: str = Field(default="candidate", index=True)
    dropped_reason: str | None = None
    score: float | None = None  # a ranking score, not money
    notes: str = ""


class MatchStageEvent(SQLModel, table=True):
    __tablename__ = "match_stage_event"
    id: int | None = Field(default=None, primary_key=True)
    match_id: str = Field(foreign_key="match.id", index=True)
    from_stage: str | None = None
    to_stage: str
    at: datetime = Field(default_factory=utcnow)  # when it was entered
    occurred_on: date | None = None  # when it happened, as the broker says (None: the day it was entered)
    actor: str = ""
    note: str = ""


class Contract(Record, table=True):
    kind: ClassVar[str] = "contract"

    match_id: str | None = Field(default=None, foreign_key="match.id", index=True)
    title: str = Field(index=True)
    contract_type: str
    seller_name: str
    seller_uscc: str | None = None
    seller_institution_id: str | None = Field(default=None, foreign_key="institution.id")
    buyer_enterprise_id: str | None = Field(default=None, foreign_key="enterprise.id", index=True)
    buyer_name: str
    buyer_uscc: str | None = None
    buyer_division_code: str | None = None
    registration_no: str | None = Field(default=None, index=True)
    signed_on: date | None = None
    registered_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    total_fen: int = _money()
    tech_amount_fen: int = _money()
    notes: str = ""


class Payment(Record, table=True):
    kind: ClassVar[str] = "payment"

    contract_id: str = Field(foreign_key="contract.id", index=True)
    paid_on: date
    amount_fen: int = _money()
    invoice_no: str = ""
    voucher_ref: str = ""
    notes: str = ""


class Policy(Record, table=True):
    """One version of a reward policy; ``data`` is the full rule set as JSON (see workbench.rules)."""

    kind: ClassVar[str] = "policy"
    __table_args__ = (UniqueConstraint("policy_key", "version", name="uq_policy_key_version"),)

    policy_key: str = Field(index=True)
    version: int = 1
    name: str
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fingerprint: str = ""
    active: bool = True


class Claim(Record, table=True):
    kind: ClassVar[str] = "claim"
    unlogged: ClassVar[frozenset[str]] = frozenset({"updated_at", "pdf_bytes"})

    claim_no: str = Field(index=True, sa_column_kwargs={"unique": True})
    contract_id: str = Field(foreign_key="contract.id", index=True)
    policy_id: str = Field(foreign_key="policy.id", index=True)
    policy_snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    broker_id: str = Field(foreign_key="broker.id", index=True)
    applicant_type: str = "individual"
    claimed_on: date
    period_start: date | None = None
    period_end: date | None = None
    base_fen: int = _money()
    amount_fen: int = _money()
    computation: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attachments: list[str] = _json_list()
    status: str = Field(default="draft", index=True)
    status_reason: str | None = None
    replaces_id: str | None = Field(default=None, foreign_key="claim.id")
    revision: int = 1
    pdf_bytes: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    pdf_sha256: str | None = None


class ClaimStatusEvent(SQLModel, table=True):
    __tablename__ = "claim_status_event"
    id: int | None = Field(default=None, primary_key=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    from_status: str | None = None
    to_status: str
    at: datetime = Field(default_factory=utcnow)
    actor: str = ""
    reason: str = ""


class ClaimShare(SQLModel, table=True):
    """A co-broker's share of a claim; percent in hundredths of a percent (10000 = 100 %)."""

    __tablename__ = "claim_share"
    id: int | None = Field(default=None, primary_key=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    broker_id: str = Field(foreign_key="broker.id", index=True)
    percent_bp: int
    amount_fen: int = _money()
    position: int = 0


class ChangeLog(SQLModel, table=True):
    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = ""
    op: str = Field(sa_type=String(10))
    entity: str
    entity_id: str
    field: str | None = None
    old: str | None = Field(default=None, sa_type=Text)
    new: str | None = Field(default=None, sa_type=Text)


class Setting(SQLModel, table=True):
    """Small key/value facts kept with the data (default policy, claim number sequence, …)."""

    key: str = Field(primary_key=True)
    value: str = ""


ENTITY_TABLES: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (
        Broker,
        Enterprise,
        Contact,
        Institution,
        Visit,
        Need,
        Technology,
        Match,
        Contract,
        Payment,
        Policy,
        Claim,
    )
}
