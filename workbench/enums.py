"""Closed vocabularies of the domain (stages, statuses, kinds) with their labels in both languages.

:class:`LabelledEnum` is the one labelled-enum mechanism of the core. The enums of this module keep their
labels in the ``_LABELS`` table below; an enum declared elsewhere (the reward rules' base kinds and rate
modes) attaches its own with the :func:`labelled` decorator::

    @labelled({"flat": ("统一比例", "Flat rate"), "marginal": ("超额累进", "Marginal tiers")})
    class RateMode(LabelledEnum):
        FLAT = "flat"
        MARGINAL = "marginal"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from workbench.i18n import t

E = TypeVar("E", bound="LabelledEnum")

# Labels attached with @labelled, by enum class (the classes of this module use _LABELS, by name).
_ATTACHED: dict[type, dict[str, tuple[str, str]]] = {}


def _labels_of(cls: type) -> Mapping[str, tuple[str, str]]:
    return _ATTACHED.get(cls) or _LABELS[cls.__name__]


class LabelledEnum(StrEnum):
    """A string enum whose members know their user-facing label in the current language."""

    @property
    def labels(self) -> tuple[str, str]:
        """The (中文, English) pair, for exports and imports that need both."""
        return _labels_of(type(self))[self.value]

    @property
    def label(self) -> str:
        return t(*self.labels)

    @classmethod
    def parse(cls, value: str) -> LabelledEnum:
        """Accept the stored value or either language's label (for imports and the CLI)."""
        text = value.strip()
        for member in cls:
            zh, en = member.labels
            if text in (member.value, zh) or text.lower() in (en.lower(), member.value.lower()):
                return member
        raise ValueError(text)


def labelled(labels: Mapping[str, tuple[str, str]]) -> Callable[[type[E]], type[E]]:
    """Attach (中文, English) labels to a LabelledEnum declared outside this module; all members need one."""

    def attach(cls: type[E]) -> type[E]:
        missing = sorted(m.value for m in cls if m.value not in labels)
        if missing:
            raise ValueError(f"{cls.__name__}: no labels for {missing}")
        _ATTACHED[cls] = dict(labels)
        return cls

    return attach


class BrokerLevel(LabelledEnum):
    JUNIOR = "junior"
    INTERMEDIATE = "intermediate"
    SENIOR = "senior"


class EngineeringCentreLevel(LabelledEnum):
    NONE = "none"
    DISTRICT = "district"
    CITY = "city"
    PROVINCE = "province"
    NATIONAL = "national"


class InstitutionKind(LabelledEnum):
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    COMPANY = "company"
    OTHER = "other"


class NeedStatus(LabelledEnum):
    NEW = "new"
    FILED = "filed"
    PUBLISHED = "published"
    MATCHED = "matched"
    CONTRACTED = "contracted"
    CLOSED = "closed"


class SolutionMode(LabelledEnum):
    INDEPENDENT = "independent"
    COMMISSIONED = "commissioned"
    COOPERATIVE = "cooperative"
    TRANSFER = "transfer"
    CONSULTING = "consulting"
    TALENT = "talent"
    OTHER = "other"


class PatentKind(LabelledEnum):
    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    PCT_INVENTION = "pct_invention"
    PCT_UTILITY_MODEL = "pct_utility_model"


class Maturity(LabelledEnum):
    LAB = "lab"
    PROTOTYPE = "prototype"
    PILOT = "pilot"
    SMALL_BATCH = "small_batch"
    INDUSTRIALISED = "industrialised"


class TransferMode(LabelledEnum):
    TRANSFER = "transfer"
    LICENCE = "licence"
    JOINT_DEVELOPMENT = "joint_development"
    EQUITY = "equity"
    SERVICE = "service"


class MatchStage(LabelledEnum):
    CANDIDATE = "candidate"
    RECOMMENDED = "recommended"
    INTRODUCED = "introduced"
    NEGOTIATING = "negotiating"
    INTENT = "intent"
    CONTRACTED = "contracted"
    DROPPED = "dropped"


MATCH_PIPELINE: tuple[MatchStage, ...] = (
    MatchStage.CANDIDATE,
    MatchStage.RECOMMENDED,
    MatchStage.INTRODUCED,
    MatchStage.NEGOTIATING,
    MatchStage.INTENT,
    MatchStage.CONTRACTED,
)


class ContractType(LabelledEnum):
    DEVELOPMENT = "development"
    TRANSFER = "transfer"
    LICENCE = "licence"
    CONSULTING = "consulting"
    SERVICE = "service"


class ClaimStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


class ApplicantType(LabelledEnum):
    INDIVIDUAL = "individual"
    ORGANISATION = "organisation"


_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "BrokerLevel": {
        "junior": ("初级", "Junior"),
        "intermediate": ("中级", "Intermediate"),
        "senior": ("高级", "Senior"),
    },
    "EngineeringCentreLevel": {
        "none": ("无", "None"),
        "district": ("区级", "District"),
        "city": ("市级", "City"),
        "province": ("省级", "Provincial"),
        "national": ("国家级", "National"),
    },
    "InstitutionKind": {
        "university": ("高等院校", "University"),
        "institute": ("科研院所", "Research institute"),
        "company": ("企业", "Company"),
        "other": ("其他", "Other"),
    },
    "NeedStatus": {
        "new": ("新建", "New"),
        "filed": ("已备案", "Filed"),
        "published": ("已发布", "Published"),
        "matched": ("已对接", "Matched"),
        "contracted": ("已签约", "Contracted"),
        "closed": ("已关闭", "Closed"),
    },
    "SolutionMode": {
        "independent": ("独立研发", "In-house R&D"),
        "commissioned": ("委托开发", "Commissioned development"),
        "cooperative": ("合作研发", "Joint R&D"),
        "transfer": ("技术转让/许可", "Transfer or licence"),
        "consulting": ("技术咨询/服务", "Consulting or service"),
        "talent": ("人才引进", "Talent recruitment"),
        "other": ("其他", "Other"),
    },
    "PatentKind": {
        "invention": ("发明", "Invention"),
        "utility_model": ("实用新型", "Utility model"),
        "design": ("外观设计", "Design"),
        "pct_invention": ("PCT发明", "PCT invention"),
        "pct_utility_model": ("PCT实用新型", "PCT utility model"),
    },
    "Maturity": {
        "lab": ("实验室阶段", "Laboratory"),
        "prototype": ("样机/样品", "Prototype"),
        "pilot": ("中试", "Pilot"),
        "small_batch": ("小批量生产", "Small batch"),
        "industrialised": ("产业化", "Industrialised"),
    },
    "TransferMode": {
        "transfer": ("转让", "Transfer"),
        "licence": ("许可", "Licence"),
        "joint_development": ("合作开发", "Joint development"),
        "equity": ("作价入股", "Equity"),
        "service": ("技术服务", "Technical service"),
    },
    "MatchStage": {
        "candidate": ("候选", "Candidate"),
        "recommended": ("已推荐", "Recommended"),
        "introduced": ("已引荐", "Introduced"),
        "negotiating": ("洽谈中", "Negotiating"),
        "intent": ("达成意向", "Intent"),
        "contracted": ("已签约", "Contracted"),
        "dropped": ("已放弃", "Dropped"),
    },
    "ContractType": {
        "development": ("技术开发", "Technology development"),
        "transfer": ("技术转让", "Technology transfer"),
        "licence": ("技术许可", "Technology licence"),
        "consulting": ("技术咨询", "Technology consulting"),
        "service": ("技术服务", "Technology service"),
    },
    "ClaimStatus": {
        "draft": ("草稿", "Draft"),
        "submitted": ("已提交", "Submitted"),
        "approved": ("已批准", "Approved"),
        "paid": ("已发放", "Paid"),
        "rejected": ("已退回", "Returned"),
    },
    "ApplicantType": {
        "individual": ("个体经纪人", "Individual broker"),
        "organisation": ("经纪组织", "Broker organisation"),
    },
}
