"""A reward policy as versioned data: its parts, its validation and its snapshot dictionary.

``Policy`` validates on construction, so an invalid policy never exists; each problem is data
(``PolicyProblem``: the key path in the TOML schema, a code and the translated message), so an editor can
mark the field at fault without reading the message.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from workbench.enums import ContractType
from workbench.errors import PolicyError, PolicyProblem
from workbench.i18n import t
from workbench.money import MAX_FEN, format_yuan
from workbench.rules.compute import evaluate, is_amount
from workbench.rules.kinds import BaseKind, RateMode, Rounding
from workbench.rules.percent import decimal_text

__all__ = [
    "SNAPSHOT_FORMAT",
    "Attachment",
    "Eligibility",
    "FormWording",
    "Policy",
    "Tier",
    "policy_applies_on",
    "policy_problems",
    "problem_lines",
]

# Version of the dictionary layout written by Policy.to_dict; a claim keeps that dictionary for years.
SNAPSHOT_FORMAT = 1
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_DIVISION_RE = re.compile(r"[0-9]{2}(?:[0-9]{2}){0,2}")

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Tier:
    """One tier: a marginal slice up to ``up_to_fen``, or a bracket from the previous bound to ``up_to_fen``.

    Bounds: a marginal slice runs from the previous ``up_to_fen`` to this one; a bracket holds bases with
    previous ``up_to_fen`` ≤ base < ``up_to_fen`` (so a base equal to a bound takes the next bracket, as in
    "≥ 10 million → 1.5 %"). ``None`` closes the table upwards. ``cap_fen`` is a bracket's own cap.
    """

    up_to_fen: int | None
    rate: Decimal
    cap_fen: int | None = None


@dataclass(frozen=True)
class Eligibility:
    """Conditions a claim must meet; ``allowed_contract_types`` empty means every type."""

    require_registered: bool = False
    buyer_in_jurisdiction: bool = False
    allowed_contract_types: tuple[ContractType, ...] = ()
    require_need_filed: bool = False
    one_claim_per_contract: bool = False


@dataclass(frozen=True)
class Attachment:
    """A supporting document the claim lists (and, when required, the broker must tick off)."""

    code: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class FormWording:
    """The claim form's fixed wording, printed as the authority wrote it (so not translated)."""

    title: str = ""
    jurisdiction_name: str = ""
    declaration: str = ""
    authority_boxes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Policy:
    """One version of a reward policy; validated on construction, so an invalid policy never exists."""

    id: str
    version: int = 1
    name: str
    jurisdiction: str
    division_codes: tuple[str, ...] = ()
    effective_from: date
    effective_to: date | None = None
    base_kind: BaseKind
    rate_mode: RateMode
    rate: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    cap_per_project_fen: int | None = None
    cap_per_broker_year_fen: int | None = None
    min_threshold_fen: int = 0
    rounding: Rounding = Rounding.HALF_UP
    eligibility: Eligibility = Eligibility()
    attachments: tuple[Attachment, ...] = ()
    form: FormWording = FormWording()
    notes: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ``PolicyError`` listing every problem, each named by its key in the TOML schema."""
        problems = policy_problems(self)
        if problems:
            head = t("奖励政策“{id}”有误：", "Reward policy '{id}' is invalid:", id=self.id)
            raise PolicyError("\n".join([head, *problem_lines(problems)]), problems)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary (Decimals as strings, dates ISO, amounts as int fen): the claim's snapshot."""
        return {
            "format": SNAPSHOT_FORMAT,
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "jurisdiction": self.jurisdiction,
            "division_codes": list(self.division_codes),
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "base_kind": self.base_kind.value,
            "rate_mode": self.rate_mode.value,
            "rate": decimal_text(self.rate) if self.rate is not None else None,
            "tiers": [
                {"up_to_fen": tier.up_to_fen, "rate": decimal_text(tier.rate), "cap_fen": tier.cap_fen}
                for tier in self.tiers
            ],
            "cap_per_project_fen": self.cap_per_project_fen,
            "cap_per_broker_year_fen": self.cap_per_broker_year_fen,
            "min_threshold_fen": self.min_threshold_fen,
            "rounding": self.rounding.value,
            "eligibility": {
                "require_registered": self.eligibility.require_registered,
                "buyer_in_jurisdiction": self.eligibility.buyer_in_jurisdiction,
                "allowed_contract_types": [c.value for c in self.eligibility.allowed_contract_types],
                "require_need_filed": self.eligibility.require_need_filed,
                "one_claim_per_contract": self.eligibility.one_claim_per_contract,
            },
            "attachments": [
                {"code": a.code, "label": a.label, "required": a.required} for a in self.attachments
            ],
            "form": {
                "title": self.form.title,
                "jurisdiction_name": self.form.jurisdiction_name,
                "declaration": self.form.declaration,
                "authority_boxes": list(self.form.authority_boxes),
            },
            "notes": self.notes,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Rebuild a policy from ``to_dict`` output (a stored snapshot); ``PolicyError`` if it is damaged."""
        fmt = data.get("format", SNAPSHOT_FORMAT)
        if fmt != SNAPSHOT_FORMAT:
            raise PolicyError(
                t(
                    "政策快照格式 {fmt} 不受支持（本程序支持 {ours}）",
                    "Policy snapshot format {fmt} is not supported (this program reads {ours})",
                    fmt=fmt,
                    ours=SNAPSHOT_FORMAT,
                )
            )
        try:
            elig = data["eligibility"]
            form = data["form"]
            return cls(
                id=data["id"],
                version=data["version"],
                name=data["name"],
                jurisdiction=data["jurisdiction"],
                division_codes=tuple(data["division_codes"]),
                effective_from=date.fromisoformat(data["effective_from"]),
                effective_to=date.fromisoformat(data["effective_to"]) if data["effective_to"] else None,
                base_kind=BaseKind(data["base_kind"]),
                rate_mode=RateMode(data["rate_mode"]),
                rate=Decimal(data["rate"]) if data["rate"] is not None else None,
                tiers=tuple(
                    Tier(up_to_fen=tier["up_to_fen"], rate=Decimal(tier["rate"]), cap_fen=tier["cap_fen"])
                    for tier in data["tiers"]
                ),
                cap_per_project_fen=data["cap_per_project_fen"],
                cap_per_broker_year_fen=data["cap_per_broker_year_fen"],
                min_threshold_fen=data["min_threshold_fen"],
                rounding=Rounding(data["rounding"]),
                eligibility=Eligibility(
                    require_registered=elig["require_registered"],
                    buyer_in_jurisdiction=elig["buyer_in_jurisdiction"],
                    allowed_contract_types=tuple(ContractType(c) for c in elig["allowed_contract_types"]),
                    require_need_filed=elig["require_need_filed"],
                    one_claim_per_contract=elig["one_claim_per_contract"],
                ),
                attachments=tuple(
                    Attachment(code=a["code"], label=a["label"], required=a["required"])
                    for a in data["attachments"]
                ),
                form=FormWording(
                    title=form["title"],
                    jurisdiction_name=form["jurisdiction_name"],
                    declaration=form["declaration"],
                    authority_boxes=tuple(form["authority_boxes"]),
                ),
                notes=data["notes"],
                source=data["source"],
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            raise PolicyError(
                t("政策快照已损坏：{error!r}", "The policy snapshot is damaged: {error!r}", error=exc)
            ) from exc

    def fingerprint(self) -> str:
        """SHA-256 (hex) of the canonical JSON of ``to_dict``: equal policies give equal fingerprints."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def policy_applies_on(policy: Policy, day: date) -> bool:
    """Tell whether ``day`` falls inside the policy's effective period (both ends included)."""
    return policy.effective_from <= day and (policy.effective_to is None or day <= policy.effective_to)


# ------------------------------------------------------------------------------------------ validation


def problem_lines(problems: tuple[PolicyProblem, ...] | list[PolicyProblem], file: str = "") -> list[str]:
    """Each problem as one line, "key：message" (prefixed by the file when given)."""
    lines = [
        t("{key}：{message}", "{key}: {message}", key=p.key or "(root)", message=p.message) for p in problems
    ]
    if file:
        return [t("{file}：{line}", "{file}: {line}", file=file, line=line) for line in lines]
    return lines


class _Problems(list[PolicyProblem]):
    def add(self, path: KeyPath, code: str, zh: str, en: str, /, **params: Any) -> None:
        self.append(PolicyProblem(path, code, t(zh, en, **params)))

    def rate(self, path: KeyPath, rate: object) -> None:
        if not isinstance(rate, Decimal) or not rate.is_finite():
            self.add(path, "rate.invalid", "比例须为数值", "the rate must be a number")
        elif rate < 0 or rate > 1:
            self.add(
                path,
                "rate.range",
                "比例 {rate} 超出 0%–100%（百分数请写成“2%”）",
                'rate {rate} is outside 0%–100% (write a percentage as "2%")',
                rate=decimal_text(rate),
            )

    def amount(self, path: KeyPath, value: object, *, optional: bool = True) -> None:
        if value is None and optional:
            return
        if not is_amount(value):
            self.add(path, "amount.invalid", "金额须为整数分", "the amount must be whole fen")
        elif value < 0:
            self.add(path, "amount.negative", "金额不能为负数", "the amount cannot be negative")
        elif value >= MAX_FEN:
            self.add(path, "amount.too_large", "金额过大", "the amount is too large")

    def choice(self, path: KeyPath, value: object, enum_cls: type[StrEnum]) -> None:
        if not isinstance(value, enum_cls):
            self.add(
                path,
                "choice.unknown",
                "未知的取值“{value}”（可用：{allowed}）",
                "unknown value '{value}' (allowed: {allowed})",
                value=value,
                allowed=", ".join(m.value for m in enum_cls),
            )


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def policy_problems(policy: Policy) -> list[PolicyProblem]:
    """Every problem of ``policy``, each named by its key in the TOML schema (empty when it is sound)."""
    problems = _Problems()
    add = problems.add
    if not isinstance(policy.id, str) or not _ID_RE.fullmatch(policy.id):
        add(
            ("policy", "id"),
            "policy.id",
            "须为字母、数字、“-”“_”“.”组成的标识",
            "must be letters, digits, '-', '_' or '.'",
        )
    if not is_amount(policy.version) or policy.version < 1:
        add(
            ("policy", "version"),
            "policy.version",
            "版本号须为正整数",
            "the version must be a positive whole number",
        )
    for key in ("name", "jurisdiction"):
        value = getattr(policy, key)
        if not isinstance(value, str) or not value.strip():
            add(("policy", key), "required", "必填", "required")
    for code in policy.division_codes:
        if not isinstance(code, str) or not _DIVISION_RE.fullmatch(code):
            add(
                ("policy", "division_codes"),
                "policy.division_code",
                "“{code}”不是 2、4 或 6 位的行政区划代码",
                "'{code}' is not a 2-, 4- or 6-digit division code",
                code=code,
            )
    if not _is_day(policy.effective_from):
        add(("policy", "effective_from"), "date.invalid", "须为日期", "must be a date")
    elif policy.effective_to is not None:
        if not _is_day(policy.effective_to):
            add(("policy", "effective_to"), "date.invalid", "须为日期", "must be a date")
        elif policy.effective_to < policy.effective_from:
            add(
                ("policy", "effective_to"),
                "policy.period",
                "失效日期 {to} 早于生效日期 {start}",
                "the end date {to} is before the start date {start}",
                to=policy.effective_to.isoformat(),
                start=policy.effective_from.isoformat(),
            )
    problems.choice(("rate", "base"), policy.base_kind, BaseKind)
    problems.choice(("rate", "mode"), policy.rate_mode, RateMode)
    problems.choice(("rate", "rounding"), policy.rounding, Rounding)
    problems.amount(("rate", "min_threshold"), policy.min_threshold_fen, optional=False)
    problems.amount(("caps", "per_project"), policy.cap_per_project_fen)
    problems.amount(("caps", "per_broker_year"), policy.cap_per_broker_year_fen)

    _check_tiers(policy, problems)

    elig = policy.eligibility
    for ct in elig.allowed_contract_types:
        problems.choice(("eligibility", "contract_types"), ct, ContractType)
    if elig.buyer_in_jurisdiction and not policy.division_codes:
        add(
            ("eligibility", "buyer_in_jurisdiction"),
            "eligibility.no_divisions",
            "要求买方在辖区内，但 policy.division_codes 为空",
            "requires a local buyer but policy.division_codes is empty",
        )
    seen: set[str] = set()
    for n, att in enumerate(policy.attachments, start=1):
        if not att.code.strip() or not att.label.strip():
            add(
                ("attachments", n),
                "attachment.incomplete",
                "code 和 label 均为必填",
                "code and label are both required",
            )
        elif att.code in seen:
            add(
                ("attachments", n, "code"),
                "attachment.duplicate",
                "重复的代码“{code}”",
                "duplicate code '{code}'",
                code=att.code,
            )
        seen.add(att.code)

    # The cumulative-claim model (this claim = entitled(cumulative base) − claimed before) is only sound
    # when a larger base never earns less; brackets with falling rates can break that, so refuse them.
    if not problems and policy.rate_mode is RateMode.BRACKET:
        for n, tier in enumerate(policy.tiers[:-1], start=2):
            bound = tier.up_to_fen
            assert bound is not None  # only the last tier is open, checked above
            before = evaluate(policy, bound - 1).entitled_fen
            after = evaluate(policy, bound).entitled_fen
            if after < before:
                add(
                    ("rate", "tiers", n),
                    "tiers.falling",
                    "基数达到 {at} 元时奖励从 {before} 元降到 {after} 元；基数越大奖励不能越少，"
                    "请给较低一档设上限（cap）或改用分段累进（marginal）",
                    "at {at} yuan the reward drops from {before} to {after} yuan; a larger base must not "
                    "earn less: give the lower bracket a cap or use marginal mode",
                    at=format_yuan(bound, grouping=True),
                    before=format_yuan(before, grouping=True),
                    after=format_yuan(after, grouping=True),
                )
    return list(problems)


def _check_tiers(policy: Policy, problems: _Problems) -> None:
    """Check the rate and the tiers against the rate mode."""
    add = problems.add
    if policy.rate_mode is RateMode.FLAT:
        if policy.rate is None:
            add(("rate", "rate"), "rate.missing", "固定比例模式须填写比例", "flat mode needs a rate")
        else:
            problems.rate(("rate", "rate"), policy.rate)
        if policy.tiers:
            add(("rate", "tiers"), "tiers.unexpected", "固定比例模式不使用分档", "flat mode takes no tiers")
        return
    if policy.rate is not None:
        add(
            ("rate", "rate"),
            "rate.unexpected",
            "分档模式的比例写在各档中",
            "in tiered modes the rates go in the tiers",
        )
    if not policy.tiers:
        add(("rate", "tiers"), "tiers.missing", "须至少有一档", "at least one tier is needed")
        return
    previous = 0
    last = len(policy.tiers)
    for n, tier in enumerate(policy.tiers, start=1):
        key: KeyPath = ("rate", "tiers", n)
        problems.rate((*key, "rate"), tier.rate)
        if tier.up_to_fen is None:
            if n != last:
                add(
                    (*key, "up_to"),
                    "tiers.open_early",
                    "只有最后一档可以不设上限",
                    "only the last tier may be open-ended",
                )
        elif not is_amount(tier.up_to_fen) or tier.up_to_fen <= previous:
            add(
                (*key, "up_to"),
                "tiers.order",
                "各档上限须从小到大递增（{value} 元不大于上一档的 {previous} 元）",
                "tier bounds must increase ({value} yuan is not above the previous {previous} yuan)",
                value=format_yuan(tier.up_to_fen, grouping=True)
                if is_amount(tier.up_to_fen)
                else tier.up_to_fen,
                previous=format_yuan(previous, grouping=True),
            )
        else:
            previous = tier.up_to_fen
        if n == last and tier.up_to_fen is not None:
            add(
                (*key, "up_to"),
                "tiers.last_closed",
                "最后一档须不设上限（省略 up_to）",
                "the last tier must be open-ended (leave out up_to)",
            )
        if tier.cap_fen is not None:
            if policy.rate_mode is not RateMode.BRACKET:
                add(
                    (*key, "cap"),
                    "tiers.cap_not_bracket",
                    "只有全额分档模式的档位可设上限",
                    "only brackets can carry a cap",
                )
            else:
                problems.amount((*key, "cap"), tier.cap_fen)
