"""Reward rules engine: policies as versioned data, claim computations line by line, splits, eligibility."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn, TypeGuard, TypeVar

from workbench.enums import ContractType
from workbench.errors import Issue, PolicyError, Severity, ValidationError
from workbench.i18n import t
from workbench.money import MAX_FEN, format_yuan, parse_yuan, round_fen
from workbench.paths import resource_dir

__all__ = [
    "Attachment",
    "BaseKind",
    "ClaimFacts",
    "Computation",
    "ComputationLine",
    "ContractType",
    "Eligibility",
    "FormWording",
    "LineKind",
    "Policy",
    "RateMode",
    "Rounding",
    "Tier",
    "check_eligibility",
    "compute",
    "default_policy_dir",
    "load_default_policies",
    "load_policy_file",
    "load_policy_toml",
    "policy_applies_on",
    "split_shares",
]

K = TypeVar("K")
E = TypeVar("E", bound=StrEnum)

# Version of the dictionary layout written by Policy.to_dict; a claim keeps that dictionary for years.
SNAPSHOT_FORMAT = 1
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_DIVISION_RE = re.compile(r"[0-9]{2}(?:[0-9]{2}){0,2}")
# Base × rate needs more digits than the default context's 28 when rates carry many decimals.
_EXACT_PRECISION = 60


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        zh, en = _LABELS[type(self).__name__][self.value]
        return t(zh, en)


class BaseKind(_Labelled):
    """Which amount the rate applies to."""

    CONTRACT_TOTAL = "contract_total"
    TECH_TRANSACTION = "tech_transaction"
    RECEIVED_IN_PERIOD = "received_in_period"


class RateMode(_Labelled):
    """Flat rate, marginal tiers (each slice at its own rate) or whole-amount brackets."""

    FLAT = "flat"
    MARGINAL = "marginal"
    BRACKET = "bracket"


class Rounding(_Labelled):
    """How the exact reward is rounded to the fen (the values are money.round_fen's modes)."""

    HALF_UP = "half_up"
    DOWN = "down"
    HALF_EVEN = "half_even"


class LineKind(StrEnum):
    """What one line of a computation shows (lets the PDF and the UI style lines without parsing labels)."""

    BASE = "base"
    THRESHOLD = "threshold"
    SLICE = "slice"
    RATE = "rate"
    ROUNDING = "rounding"
    GROSS = "gross"
    CAP_PROJECT = "cap_project"
    EARLIER_CLAIMS = "earlier_claims"
    CAP_BROKER_YEAR = "cap_broker_year"
    RESULT = "result"


_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "BaseKind": {
        "contract_total": ("合同成交额", "Contract total"),
        "tech_transaction": ("技术交易额", "Technology transaction amount"),
        "received_in_period": ("累计到账金额", "Amount received to date"),
    },
    "RateMode": {
        "flat": ("固定比例", "Flat rate"),
        "marginal": ("分段累进", "Marginal tiers"),
        "bracket": ("全额分档", "Whole-amount brackets"),
    },
    "Rounding": {
        "half_up": ("四舍五入", "Rounded half up"),
        "down": ("舍去尾数", "Rounded down"),
        "half_even": ("四舍六入五成双", "Rounded half to even"),
    },
}


# --------------------------------------------------------------------------------------------- policy


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
        problems = _policy_problems(self)
        if problems:
            head = t("奖励政策“{id}”有误：", "Reward policy '{id}' is invalid:", id=self.id)
            raise PolicyError("\n".join([head, *problems]))

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
            "rate": _decimal_text(self.rate) if self.rate is not None else None,
            "tiers": [
                {"up_to_fen": tier.up_to_fen, "rate": _decimal_text(tier.rate), "cap_fen": tier.cap_fen}
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


def _decimal_text(value: Decimal) -> str:
    """Plain notation without trailing zeros, so equal rates always serialise (and fingerprint) the same."""
    return format(value.normalize(), "f")


def _percent(rate: Decimal) -> str:
    return _decimal_text(rate.scaleb(2)) + "%"


def _yuan(fen: int) -> str:
    return format_yuan(fen, grouping=True)


def _yuan_exact(fen: Decimal) -> str:
    """Format an exact amount that may hold fractions of a fen, in yuan with at least two decimals."""
    yuan = fen.scaleb(-2)
    cents = yuan.quantize(Decimal("0.01"))
    return format(cents if cents == yuan else yuan.normalize(), ",f")


def _is_amount(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _problem(key: str, zh: str, en: str, /, **params: Any) -> str:
    return t("{key}：{message}", "{key}: {message}", key=key, message=t(zh, en, **params))


def _rate_problem(key: str, rate: object) -> str | None:
    if not isinstance(rate, Decimal) or not rate.is_finite():
        return _problem(key, "比例须为数值", "the rate must be a number")
    if rate < 0 or rate > 1:
        return _problem(
            key,
            "比例 {rate} 超出 0%–100%（百分数请写成“2%”）",
            'rate {rate} is outside 0%–100% (write a percentage as "2%")',
            rate=_decimal_text(rate),
        )
    return None


def _amount_problem(key: str, value: object, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not _is_amount(value):
        return _problem(key, "金额须为整数分", "the amount must be whole fen")
    if value < 0:
        return _problem(key, "金额不能为负数", "the amount cannot be negative")
    if value >= MAX_FEN:
        return _problem(key, "金额过大", "the amount is too large")
    return None


def _enum_problem(key: str, value: object, enum_cls: type[StrEnum]) -> str | None:
    if isinstance(value, enum_cls):
        return None
    return _problem(
        key,
        "未知的取值“{value}”（可用：{allowed}）",
        "unknown value '{value}' (allowed: {allowed})",
        value=value,
        allowed=", ".join(m.value for m in enum_cls),
    )


def _policy_problems(policy: Policy) -> list[str]:
    problems: list[str] = []

    def add(problem: str | None) -> None:
        if problem is not None:
            problems.append(problem)

    if not isinstance(policy.id, str) or not _ID_RE.fullmatch(policy.id):
        add(
            _problem(
                "policy.id", "须为字母、数字、“-”“_”“.”组成的标识", "must be letters, digits, '-', '_' or '.'"
            )
        )
    if not _is_amount(policy.version) or policy.version < 1:
        add(_problem("policy.version", "版本号须为正整数", "the version must be a positive whole number"))
    if not isinstance(policy.name, str) or not policy.name.strip():
        add(_problem("policy.name", "必填", "required"))
    if not isinstance(policy.jurisdiction, str) or not policy.jurisdiction.strip():
        add(_problem("policy.jurisdiction", "必填", "required"))
    for code in policy.division_codes:
        if not isinstance(code, str) or not _DIVISION_RE.fullmatch(code):
            add(
                _problem(
                    "policy.division_codes",
                    "“{code}”不是 2、4 或 6 位的行政区划代码",
                    "'{code}' is not a 2-, 4- or 6-digit division code",
                    code=code,
                )
            )
    if not isinstance(policy.effective_from, date) or isinstance(policy.effective_from, datetime):
        add(_problem("policy.effective_from", "须为日期", "must be a date"))
    elif policy.effective_to is not None:
        if not isinstance(policy.effective_to, date) or isinstance(policy.effective_to, datetime):
            add(_problem("policy.effective_to", "须为日期", "must be a date"))
        elif policy.effective_to < policy.effective_from:
            add(
                _problem(
                    "policy.effective_to",
                    "失效日期 {to} 早于生效日期 {start}",
                    "the end date {to} is before the start date {start}",
                    to=policy.effective_to.isoformat(),
                    start=policy.effective_from.isoformat(),
                )
            )
    add(_enum_problem("rate.base", policy.base_kind, BaseKind))
    add(_enum_problem("rate.mode", policy.rate_mode, RateMode))
    add(_enum_problem("rate.rounding", policy.rounding, Rounding))
    add(_amount_problem("rate.min_threshold", policy.min_threshold_fen, optional=False))
    add(_amount_problem("caps.per_project", policy.cap_per_project_fen))
    add(_amount_problem("caps.per_broker_year", policy.cap_per_broker_year_fen))

    _check_tiers(policy, add)

    elig = policy.eligibility
    for ct in elig.allowed_contract_types:
        add(_enum_problem("eligibility.contract_types", ct, ContractType))
    if elig.buyer_in_jurisdiction and not policy.division_codes:
        add(
            _problem(
                "eligibility.buyer_in_jurisdiction",
                "要求买方在辖区内，但 policy.division_codes 为空",
                "requires a local buyer but policy.division_codes is empty",
            )
        )
    seen: set[str] = set()
    for n, att in enumerate(policy.attachments, start=1):
        if not att.code.strip() or not att.label.strip():
            add(_problem(f"attachments[{n}]", "code 和 label 均为必填", "code and label are both required"))
        elif att.code in seen:
            add(
                _problem(
                    f"attachments[{n}].code", "重复的代码“{code}”", "duplicate code '{code}'", code=att.code
                )
            )
        seen.add(att.code)

    # The cumulative-claim model (this claim = entitled(cumulative base) − claimed before) is only sound
    # when a larger base never earns less; brackets with falling rates can break that, so refuse them.
    if not problems and policy.rate_mode is RateMode.BRACKET:
        for n, tier in enumerate(policy.tiers[:-1], start=2):
            bound = tier.up_to_fen
            assert bound is not None  # only the last tier is open, checked above
            before = _evaluate(policy, bound - 1).entitled_fen
            after = _evaluate(policy, bound).entitled_fen
            if after < before:
                add(
                    _problem(
                        f"rate.tiers[{n}]",
                        "基数达到 {at} 元时奖励从 {before} 元降到 {after} 元；基数越大奖励不能越少，"
                        "请给较低一档设上限（cap）或改用分段累进（marginal）",
                        "at {at} yuan the reward drops from {before} to {after} yuan; a larger base must not "
                        "earn less: give the lower bracket a cap or use marginal mode",
                        at=_yuan(bound),
                        before=_yuan(before),
                        after=_yuan(after),
                    )
                )
    return problems


def _check_tiers(policy: Policy, add: Callable[[str | None], None]) -> None:
    """Check the rate and the tiers against the rate mode."""
    if policy.rate_mode is RateMode.FLAT:
        if policy.rate is None:
            add(_problem("rate.rate", "固定比例模式须填写比例", "flat mode needs a rate"))
        else:
            add(_rate_problem("rate.rate", policy.rate))
        if policy.tiers:
            add(_problem("rate.tiers", "固定比例模式不使用分档", "flat mode takes no tiers"))
        return
    if policy.rate is not None:
        add(_problem("rate.rate", "分档模式的比例写在各档中", "in tiered modes the rates go in the tiers"))
    if not policy.tiers:
        add(_problem("rate.tiers", "须至少有一档", "at least one tier is needed"))
        return
    previous = 0
    last = len(policy.tiers)
    for n, tier in enumerate(policy.tiers, start=1):
        key = f"rate.tiers[{n}]"
        add(_rate_problem(f"{key}.rate", tier.rate))
        if tier.up_to_fen is None:
            if n != last:
                add(
                    _problem(
                        f"{key}.up_to", "只有最后一档可以不设上限", "only the last tier may be open-ended"
                    )
                )
        elif not _is_amount(tier.up_to_fen) or tier.up_to_fen <= previous:
            add(
                _problem(
                    f"{key}.up_to",
                    "各档上限须从小到大递增（{value} 元不大于上一档的 {previous} 元）",
                    "tier bounds must increase ({value} yuan is not above the previous {previous} yuan)",
                    value=_yuan(tier.up_to_fen) if _is_amount(tier.up_to_fen) else tier.up_to_fen,
                    previous=_yuan(previous),
                )
            )
        else:
            previous = tier.up_to_fen
        if n == last and tier.up_to_fen is not None:
            add(
                _problem(
                    f"{key}.up_to",
                    "最后一档须不设上限（省略 up_to）",
                    "the last tier must be open-ended (leave out up_to)",
                )
            )
        if tier.cap_fen is not None:
            if policy.rate_mode is not RateMode.BRACKET:
                add(_problem(f"{key}.cap", "只有全额分档模式的档位可设上限", "only brackets can carry a cap"))
            else:
                add(_amount_problem(f"{key}.cap", tier.cap_fen))


# ---------------------------------------------------------------------------------------------- compute


@dataclass(frozen=True)
class ComputationLine:
    """One printed line of a computation: a localized label, the amount it applies to and its result."""

    kind: LineKind
    label: str
    base_fen: int | None = None
    rate: Decimal | None = None
    amount_fen: int | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "label": self.label,
            "base_fen": self.base_fen,
            "rate": _decimal_text(self.rate) if self.rate is not None else None,
            "amount_fen": self.amount_fen,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ComputationLine:
        return cls(
            kind=LineKind(data["kind"]),
            label=data["label"],
            base_fen=data["base_fen"],
            rate=Decimal(data["rate"]) if data["rate"] is not None else None,
            amount_fen=data["amount_fen"],
            note=data.get("note", ""),
        )


@dataclass(frozen=True, kw_only=True)
class Computation:
    """The result of ``compute``: the amounts at each stage and the lines that explain them.

    ``gross_fen`` is the rounded reward before any cap, ``entitled_fen`` the reward for the whole
    cumulative base after bracket and per-project caps, ``amount_fen`` what this claim asks for.
    The labels are in the language that was active when it was computed; ``compute`` is pure, so the
    policy snapshot and the inputs recreate it in another language.
    """

    policy_id: str
    policy_version: int
    base_fen: int
    gross_fen: int
    entitled_fen: int
    amount_fen: int
    lines: tuple[ComputationLine, ...]
    caps_applied: tuple[str, ...] = ()
    claimed_before_fen: int = 0
    broker_year_claimed_fen: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy_id": self.policy_id,
            "policy_version": self.policy_version,
            "base_fen": self.base_fen,
            "gross_fen": self.gross_fen,
            "entitled_fen": self.entitled_fen,
            "amount_fen": self.amount_fen,
            "lines": [line.to_dict() for line in self.lines],
            "caps_applied": list(self.caps_applied),
            "claimed_before_fen": self.claimed_before_fen,
            "broker_year_claimed_fen": self.broker_year_claimed_fen,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Computation:
        try:
            return cls(
                policy_id=data["policy_id"],
                policy_version=data["policy_version"],
                base_fen=data["base_fen"],
                gross_fen=data["gross_fen"],
                entitled_fen=data["entitled_fen"],
                amount_fen=data["amount_fen"],
                lines=tuple(ComputationLine.from_dict(line) for line in data["lines"]),
                caps_applied=tuple(data["caps_applied"]),
                claimed_before_fen=data["claimed_before_fen"],
                broker_year_claimed_fen=data["broker_year_claimed_fen"],
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            raise PolicyError(
                t(
                    "保存的计算过程已损坏：{error!r}",
                    "The stored computation is damaged: {error!r}",
                    error=exc,
                )
            ) from exc


@dataclass(frozen=True)
class _Evaluation:
    gross_fen: int
    entitled_fen: int
    lines: tuple[ComputationLine, ...]
    caps_applied: tuple[str, ...]


@dataclass(frozen=True)
class _Term:
    kind: LineKind
    label: str
    base_fen: int
    rate: Decimal
    exact: Decimal  # in fen, not rounded


def _slice_label(lower: int, upper: int | None, width: int, rate: Decimal) -> str:
    params = {"lower": _yuan(lower), "width": _yuan(width), "rate": _percent(rate)}
    if upper is None and lower == 0:
        return t("全额 {width} 元 × {rate}", "Whole amount {width} yuan × {rate}", **params)
    if upper is None:
        return t(
            "超过 {lower} 元的部分 {width} 元 × {rate}",
            "Part above {lower} yuan: {width} yuan × {rate}",
            **params,
        )
    if lower == 0:
        return t(
            "{upper} 元以内的部分 {width} 元 × {rate}",
            "Part up to {upper} yuan: {width} yuan × {rate}",
            upper=_yuan(upper),
            **params,
        )
    return t(
        "{lower} 至 {upper} 元的部分 {width} 元 × {rate}",
        "Part from {lower} to {upper} yuan: {width} yuan × {rate}",
        upper=_yuan(upper),
        **params,
    )


def _bracket_text(lower: int, upper: int | None) -> str:
    if upper is None:
        return t("{lower} 元及以上", "{lower} yuan and above", lower=_yuan(lower))
    if lower == 0:
        return t("{upper} 元以下", "below {upper} yuan", upper=_yuan(upper))
    return t(
        "{lower} 元及以上、{upper} 元以下",
        "{lower} to under {upper} yuan",
        lower=_yuan(lower),
        upper=_yuan(upper),
    )


def _terms(policy: Policy, base_fen: int) -> tuple[list[_Term], int | None]:
    """Return the products that make up the gross reward, and the cap of the bracket used (if any)."""
    base_label = policy.base_kind.label
    if policy.rate_mode is RateMode.FLAT:
        assert policy.rate is not None  # validated: flat mode has a rate
        label = t(
            "{base} {amount} 元 × {rate}",
            "{base} {amount} yuan × {rate}",
            base=base_label,
            amount=_yuan(base_fen),
            rate=_percent(policy.rate),
        )
        return [_Term(LineKind.RATE, label, base_fen, policy.rate, Decimal(base_fen) * policy.rate)], None
    lower = 0
    if policy.rate_mode is RateMode.MARGINAL:
        terms: list[_Term] = []
        for tier in policy.tiers:
            upper = tier.up_to_fen
            width = (base_fen if upper is None else min(base_fen, upper)) - lower
            if width <= 0:
                break
            label = _slice_label(lower, upper, width, tier.rate)
            terms.append(_Term(LineKind.SLICE, label, width, tier.rate, Decimal(width) * tier.rate))
            if upper is None:
                break
            lower = upper
        return terms, None
    for tier in policy.tiers:
        if tier.up_to_fen is None or base_fen < tier.up_to_fen:
            label = t(
                "{base} {amount} 元，适用“{bracket}”档，全额 × {rate}",
                "{base} {amount} yuan, bracket {bracket}: whole amount × {rate}",
                base=base_label,
                amount=_yuan(base_fen),
                bracket=_bracket_text(lower, tier.up_to_fen),
                rate=_percent(tier.rate),
            )
            return [
                _Term(LineKind.RATE, label, base_fen, tier.rate, Decimal(base_fen) * tier.rate)
            ], tier.cap_fen
        lower = tier.up_to_fen
    raise AssertionError("validated bracket tables end with an open tier")


def _evaluate(policy: Policy, base_fen: int) -> _Evaluation:
    """Reward for the whole cumulative base: threshold, terms, one rounding, bracket and project caps."""
    lines = [
        ComputationLine(
            LineKind.BASE,
            t(
                "{base} {amount} 元",
                "{base}: {amount} yuan",
                base=policy.base_kind.label,
                amount=_yuan(base_fen),
            ),
            base_fen=base_fen,
        )
    ]
    threshold = policy.min_threshold_fen
    if threshold > 0:
        if base_fen < threshold:
            lines.append(
                ComputationLine(
                    LineKind.THRESHOLD,
                    t(
                        "低于奖励起点 {min} 元，不予奖励",
                        "Below the threshold of {min} yuan: no reward",
                        min=_yuan(threshold),
                    ),
                    base_fen=threshold,
                    amount_fen=0,
                )
            )
            return _Evaluation(0, 0, tuple(lines), ())
        lines.append(
            ComputationLine(
                LineKind.THRESHOLD,
                t("达到奖励起点 {min} 元", "Reaches the threshold of {min} yuan", min=_yuan(threshold)),
                base_fen=threshold,
            )
        )
    with localcontext() as ctx:
        ctx.prec = _EXACT_PRECISION
        terms, bracket_cap = _terms(policy, base_fen)
        exact = sum((term.exact for term in terms), Decimal(0))
    mode = policy.rounding.value
    for term in terms:
        lines.append(
            ComputationLine(
                term.kind,
                term.label,
                base_fen=term.base_fen,
                rate=term.rate,
                amount_fen=round_fen(term.exact, mode),
            )
        )
    gross = round_fen(exact, mode)
    # Rounding happens once, on the sum, so slices never accumulate rounding errors; show it when it bites.
    if exact != gross:
        lines.append(
            ComputationLine(
                LineKind.ROUNDING,
                t(
                    "{mode}到分（精确值 {exact} 元）",
                    "{mode} to the fen (exact {exact} yuan)",
                    mode=policy.rounding.label,
                    exact=_yuan_exact(exact),
                ),
                amount_fen=gross,
            )
        )
    lines.append(
        ComputationLine(LineKind.GROSS, t("按政策计算的奖励", "Reward under the policy"), amount_fen=gross)
    )
    entitled = gross
    caps: list[str] = []
    capped_note = t("按上限计", "capped")
    if bracket_cap is not None and entitled > bracket_cap:
        entitled = bracket_cap
        caps.append("per_bracket")
        lines.append(
            ComputationLine(
                LineKind.CAP_PROJECT,
                t("本档奖励上限 {cap} 元", "Cap of this bracket: {cap} yuan", cap=_yuan(bracket_cap)),
                amount_fen=entitled,
                note=capped_note,
            )
        )
    cap = policy.cap_per_project_fen
    if cap is not None and entitled > cap:
        entitled = cap
        caps.append("per_project")
        lines.append(
            ComputationLine(
                LineKind.CAP_PROJECT,
                t("单个项目奖励上限 {cap} 元", "Per-project cap: {cap} yuan", cap=_yuan(cap)),
                amount_fen=entitled,
                note=capped_note,
            )
        )
    return _Evaluation(gross, entitled, tuple(lines), tuple(caps))


def _input_issues(values: Mapping[str, object]) -> list[Issue]:
    issues: list[Issue] = []
    for name, value in values.items():
        if not _is_amount(value):
            issues.append(Issue(name, "amount.invalid", t("金额须为整数分", "The amount must be whole fen")))
        elif value < 0:
            issues.append(
                Issue(name, "amount.negative", t("金额不能为负数", "The amount cannot be negative"))
            )
        elif value >= MAX_FEN:
            issues.append(Issue(name, "amount.too_large", t("金额过大", "The amount is too large")))
    return issues


def compute(
    policy: Policy, *, base_fen: int, claimed_before_fen: int = 0, broker_year_claimed_fen: int = 0
) -> Computation:
    """Compute the reward of one claim, line by line.

    ``base_fen`` is cumulative: for ``received_in_period`` the amount received on the contract up to the
    end of this claim's period; otherwise the whole contract amount of the policy's base kind.
    ``claimed_before_fen`` is what earlier claims on the same contract asked for, and
    ``broker_year_claimed_fen`` what the claimant already received in the cap's year.

    1. Below ``min_threshold_fen`` the reward is 0.
    2. Gross: flat = base × rate; marginal = Σ slice × slice rate; bracket = whole base × the rate of the
       bracket holding it. The exact sum is rounded once, to the fen, with the policy's rounding.
    3. Entitled = gross, capped by the bracket's cap and the per-project cap.
    4. This claim = max(0, entitled − claimed before), so successive claims on one contract add up to the
       entitlement of the cumulative base and never pass the cap.
    5. Then at most max(0, yearly cap − claimed this year).

    The result is never negative, never above any cap, and never falls when the base grows (``Policy``
    refuses bracket tables that would make it fall). Bad inputs raise ``ValidationError``.
    """
    issues = _input_issues(
        {
            "base_fen": base_fen,
            "claimed_before_fen": claimed_before_fen,
            "broker_year_claimed_fen": broker_year_claimed_fen,
        }
    )
    if issues:
        raise ValidationError(issues)
    evaluation = _evaluate(policy, base_fen)
    lines = list(evaluation.lines)
    caps = list(evaluation.caps_applied)
    amount = evaluation.entitled_fen
    if claimed_before_fen > 0:
        amount = max(0, evaluation.entitled_fen - claimed_before_fen)
        lines.append(
            ComputationLine(
                LineKind.EARLIER_CLAIMS,
                t("减：本合同此前已申请", "Less: already claimed on this contract"),
                amount_fen=claimed_before_fen,
                note=t(
                    "累计应得 {entitled} 元，尚可申请 {rest} 元",
                    "{entitled} yuan due in all, {rest} yuan left to claim",
                    entitled=_yuan(evaluation.entitled_fen),
                    rest=_yuan(amount),
                ),
            )
        )
    year_cap = policy.cap_per_broker_year_fen
    if year_cap is not None:
        room = max(0, year_cap - broker_year_claimed_fen)
        if amount > room:
            amount = room
            caps.append("per_broker_year")
            lines.append(
                ComputationLine(
                    LineKind.CAP_BROKER_YEAR,
                    t(
                        "年度奖励上限 {cap} 元，本年度已获 {claimed} 元",
                        "Yearly cap {cap} yuan, {claimed} yuan already this year",
                        cap=_yuan(year_cap),
                        claimed=_yuan(broker_year_claimed_fen),
                    ),
                    amount_fen=room,
                    note=t("按上限计", "capped"),
                )
            )
    lines.append(ComputationLine(LineKind.RESULT, t("本次申请奖励", "Reward claimed now"), amount_fen=amount))
    return Computation(
        policy_id=policy.id,
        policy_version=policy.version,
        base_fen=base_fen,
        gross_fen=evaluation.gross_fen,
        entitled_fen=evaluation.entitled_fen,
        amount_fen=amount,
        lines=tuple(lines),
        caps_applied=tuple(caps),
        claimed_before_fen=claimed_before_fen,
        broker_year_claimed_fen=broker_year_claimed_fen,
    )


# ----------------------------------------------------------------------------------------------- shares


def split_shares(total_fen: int, shares: Sequence[tuple[K, Decimal]]) -> list[tuple[K, int]]:
    """Divide ``total_fen`` by percentages that add up to exactly 100, to the fen, in input order.

    Each share first gets floor(total × percent / 100); the fen left over go one each to the shares with
    the largest dropped fractions, ties going to the earlier share. The parts add up to the total, and
    each is within one fen of its exact value. Raises ``ValidationError`` for bad percentages.
    """
    issues = _input_issues({"total_fen": total_fen})
    if not shares:
        issues.append(
            Issue("shares", "shares.empty", t("至少需要一个分配比例", "At least one share is needed"))
        )
    exact: list[Fraction] = []
    total_percent = Fraction(0)
    for n, (_key, percent) in enumerate(shares, start=1):
        if (
            isinstance(percent, bool)
            or not isinstance(percent, Decimal | int)
            or not Decimal(percent).is_finite()
        ):
            issues.append(
                Issue(
                    "shares",
                    "shares.invalid",
                    t("第 {n} 个比例不是数值", "Share {n} is not a number", n=n),
                )
            )
            continue
        if percent <= 0:
            issues.append(
                Issue(
                    "shares",
                    "shares.not_positive",
                    t(
                        "第 {n} 个比例须大于 0%，当前为 {pct}%",
                        "Share {n} must be above 0%; it is {pct}%",
                        n=n,
                        pct=_decimal_text(Decimal(percent)),
                    ),
                )
            )
        fraction = Fraction(percent)
        total_percent += fraction
        exact.append(fraction)
    if shares and len(exact) == len(shares) and total_percent != 100:
        issues.append(
            Issue(
                "shares",
                "shares.sum",
                t(
                    "合计须为 100%，当前为 {sum}%",
                    "The shares must add up to 100%; they add up to {sum}%",
                    sum=_decimal_text(Decimal(total_percent.numerator) / Decimal(total_percent.denominator)),
                ),
            )
        )
    if issues:
        raise ValidationError(issues)
    parts = [total_fen * fraction / 100 for fraction in exact]
    floors = [part.numerator // part.denominator for part in parts]
    leftover = total_fen - sum(floors)
    # sorted() is stable, so equal fractions keep the input order.
    order = sorted(range(len(parts)), key=lambda i: parts[i] - floors[i], reverse=True)
    for i in order[:leftover]:
        floors[i] += 1
    return [(key, amount) for (key, _percent), amount in zip(shares, floors, strict=True)]


# ---------------------------------------------------------------------------------------------- eligibility


@dataclass(frozen=True)
class ClaimFacts:
    """What eligibility depends on, gathered by the service layer from the contract and earlier claims."""

    contract_type: ContractType
    registered: bool = False
    registration_number: str | None = None
    buyer_division_code: str | None = None
    need_filed: bool = False
    existing_claims_on_contract: int = 0
    signing_date: date | None = None


def _division_prefix(code: str) -> str:
    """330200 means all of Ningbo and 330000 all of Zhejiang: trailing 00 pairs widen the area."""
    code = code.strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def check_eligibility(policy: Policy, facts: ClaimFacts) -> list[Issue]:
    """Every condition of the policy the claim fails, as issues (a signing date outside the policy warns)."""
    rules = policy.eligibility
    issues: list[Issue] = []
    if rules.require_registered and not (facts.registered and (facts.registration_number or "").strip()):
        issues.append(
            Issue(
                "registration_number",
                "eligibility.not_registered",
                t(
                    "本政策要求技术合同已认定登记（须有登记编号和登记日期）",
                    "This policy requires a registered contract (with registration number and date)",
                ),
            )
        )
    if rules.buyer_in_jurisdiction:
        code = (facts.buyer_division_code or "").strip()
        if not code:
            issues.append(
                Issue(
                    "buyer_division_code",
                    "eligibility.buyer_division_missing",
                    t(
                        "缺少买方的行政区划代码，无法确认买方在{area}",
                        "The buyer's division code is missing: cannot confirm the buyer is in {area}",
                        area=policy.jurisdiction,
                    ),
                )
            )
        elif not any(code.startswith(_division_prefix(prefix)) for prefix in policy.division_codes):
            issues.append(
                Issue(
                    "buyer_division_code",
                    "eligibility.buyer_outside",
                    t(
                        "买方（行政区划代码 {code}）不在{area}",
                        "The buyer (division code {code}) is not in {area}",
                        code=code,
                        area=policy.jurisdiction,
                    ),
                )
            )
    allowed = rules.allowed_contract_types
    if allowed and facts.contract_type not in allowed:
        issues.append(
            Issue(
                "contract_type",
                "eligibility.contract_type",
                t(
                    "本政策只奖励{allowed}合同，本合同为{actual}合同",
                    "This policy rewards only {allowed} contracts; this one is {actual}",
                    allowed=t("、", ", ").join(c.label for c in allowed),
                    actual=facts.contract_type.label,
                ),
            )
        )
    if rules.require_need_filed and not facts.need_filed:
        issues.append(
            Issue(
                "need_filed",
                "eligibility.need_not_filed",
                t(
                    "本政策要求企业技术需求或科技成果已审核入库备案",
                    "This policy requires the enterprise's need or the result to be filed",
                ),
            )
        )
    if rules.one_claim_per_contract and facts.existing_claims_on_contract > 0:
        issues.append(
            Issue(
                "contract",
                "eligibility.already_claimed",
                t(
                    "本政策规定每份合同只能申请一次，本合同已有 {n} 份申请",
                    "This policy allows one claim per contract; this contract already has {n}",
                    n=facts.existing_claims_on_contract,
                ),
            )
        )
    if facts.signing_date is not None and not policy_applies_on(policy, facts.signing_date):
        until = policy.effective_to.isoformat() if policy.effective_to else t("今", "now")
        issues.append(
            Issue(
                "signing_date",
                "eligibility.outside_period",
                t(
                    "合同签订日期 {day} 不在政策有效期（{start} 至 {end}）内",
                    "The signing date {day} is outside the policy's period ({start} to {end})",
                    day=facts.signing_date.isoformat(),
                    start=policy.effective_from.isoformat(),
                    end=until,
                ),
                Severity.WARNING,
            )
        )
    return issues


# --------------------------------------------------------------------------------------------- loading


class _Table:
    """One TOML table being read; remembers the keys it was asked for, so a misspelt key is refused."""

    def __init__(self, data: object, path: str, file: str) -> None:
        self.path = path
        self.file = file
        self.used: set[str] = set()
        if not isinstance(data, dict):
            self.data: dict[str, Any] = {}
            self.fail("", "应为表（[节] 或 [[数组]]）", "must be a table ([section] or [[array]])")
        self.data = data

    def key(self, name: str) -> str:
        return ".".join(part for part in (self.path, name) if part)

    def fail(self, name: str, zh: str, en: str, /, **params: Any) -> NoReturn:
        raise PolicyError(
            t(
                "{file}：{key}：{message}",
                "{file}: {key}: {message}",
                file=self.file,
                key=self.key(name) or "(root)",
                message=t(zh, en, **params),
            )
        )

    def get(self, name: str) -> Any:
        self.used.add(name)
        return self.data.get(name)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(
                unknown[0],
                "未知的键（可用：{allowed}）",
                "unknown key (allowed: {allowed})",
                allowed=", ".join(sorted(self.used)),
            )

    def table(self, name: str, *, required: bool = False) -> _Table:
        value = self.get(name)
        if value is None:
            if required:
                self.fail(name, "缺少 [{name}] 节", "the [{name}] section is missing", name=self.key(name))
            value = {}
        return _Table(value, self.key(name), self.file)

    def tables(self, name: str) -> list[_Table]:
        value = self.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(
                name, "应写作 [[{name}]] 数组", "must be an array of tables [[{name}]]", name=self.key(name)
            )
        return [_Table(item, f"{self.key(name)}[{n}]", self.file) for n, item in enumerate(value, start=1)]

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.get(name)
        if value is None:
            if required:
                self.fail(name, "必填", "required")
            return ""
        if not isinstance(value, str):
            self.fail(name, "应为文本（加引号）", "must be text (in quotes)")
        return value.strip()

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(name, '应为文本数组，如 ["a", "b"]', 'must be a list of text, e.g. ["a", "b"]')
        return tuple(item.strip() for item in value)

    def flag(self, name: str, *, default: bool = False) -> bool:
        value = self.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(name, "应为 true 或 false", "must be true or false")
        return value

    def whole(self, name: str, default: int) -> int:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, "应为整数", "must be a whole number")
        return value

    def amount(self, name: str) -> int | None:
        """Read an amount in yuan (text or number) as fen."""
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.fail(name, '应为以元计的金额，如 "300000"', 'must be an amount in yuan, e.g. "300000"')
        try:
            return parse_yuan(value, field=self.key(name))
        except ValidationError as exc:
            self.fail(name, "{reason}", "{reason}", reason="; ".join(issue.message for issue in exc.issues))

    def rate(self, name: str) -> Decimal | None:
        """Read a rate written as a percentage ("1.5%") or a fraction ("0.015", 0.015)."""
        value = self.get(name)
        if value is None:
            return None
        rate: Decimal | None = None
        if isinstance(value, Decimal):
            rate = value
        elif isinstance(value, int) and not isinstance(value, bool):
            rate = Decimal(value)
        elif isinstance(value, str):
            text = value.strip().replace("％", "%")
            try:
                rate = Decimal(text[:-1].strip()).scaleb(-2) if text.endswith("%") else Decimal(text)
            except InvalidOperation:
                rate = None
        if rate is None or not rate.is_finite():
            self.fail(
                name,
                '无法识别的比例“{value}”（应写作 "1.5%" 或 "0.015"）',
                'cannot read the rate \'{value}\' (write "1.5%" or "0.015")',
                value=value,
            )
        return rate

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.get(name)
        if value is None:
            if required:
                self.fail(name, "必填", "required")
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        elif isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.fail(name, "应为日期，如 2022-03-25", "must be a date, e.g. 2022-03-25")

    def choice(self, name: str, enum_cls: type[E], default: E | None = None) -> E:
        value = self.get(name)
        if value is None and default is not None:
            return default
        try:
            return enum_cls(value)
        except ValueError:
            self.fail(
                name,
                "未知的取值“{value}”（可用：{allowed}）",
                "unknown value '{value}' (allowed: {allowed})",
                value=value,
                allowed=", ".join(member.value for member in enum_cls),
            )


def load_policy_toml(text: str, *, source_name: str = "") -> Policy:
    """Read one policy from TOML (schema in resources/policies/README.md); errors name the key and file."""
    where = source_name or t("（未命名的政策文件）", "(unnamed policy file)")
    try:
        raw = tomllib.loads(text, parse_float=Decimal)  # Decimal: a TOML float must never become a float
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(
            t("{file}：不是有效的 TOML：{error}", "{file}: not valid TOML: {error}", file=where, error=exc)
        ) from exc
    root = _Table(raw, "", where)
    head = root.table("policy", required=True)
    rate = root.table("rate", required=True)
    caps = root.table("caps")
    elig = root.table("eligibility")
    form = root.table("form")

    tiers = []
    for tier in rate.tables("tiers"):
        tier_rate = tier.rate("rate")
        if tier_rate is None:
            tier.fail("rate", "必填", "required")
        tiers.append(Tier(up_to_fen=tier.amount("up_to"), rate=tier_rate, cap_fen=tier.amount("cap")))
        tier.done()
    attachments = []
    for item in root.tables("attachments"):
        attachments.append(
            Attachment(
                code=item.text("code", required=True),
                label=item.text("label", required=True),
                required=item.flag("required", default=True),
            )
        )
        item.done()
    contract_types = []
    for value in elig.texts("contract_types"):
        try:
            contract_types.append(ContractType(ContractType.parse(value).value))
        except ValueError:
            elig.fail(
                "contract_types",
                "未知的合同类型“{value}”（可用：{allowed}）",
                "unknown contract type '{value}' (allowed: {allowed})",
                value=value,
                allowed=", ".join(c.value for c in ContractType),
            )

    fields: dict[str, Any] = {
        "id": head.text("id", required=True),
        "version": head.whole("version", 1),
        "name": head.text("name", required=True),
        "jurisdiction": head.text("jurisdiction", required=True),
        "division_codes": head.texts("division_codes"),
        "effective_from": head.day("effective_from", required=True),
        "effective_to": head.day("effective_to"),
        "notes": head.text("notes"),
        "source": head.text("source"),
        "base_kind": rate.choice("base", BaseKind),
        "rate_mode": rate.choice("mode", RateMode),
        "rate": rate.rate("rate"),
        "tiers": tuple(tiers),
        "min_threshold_fen": rate.amount("min_threshold") or 0,
        "rounding": rate.choice("rounding", Rounding, Rounding.HALF_UP),
        "cap_per_project_fen": caps.amount("per_project"),
        "cap_per_broker_year_fen": caps.amount("per_broker_year"),
        "eligibility": Eligibility(
            require_registered=elig.flag("require_registered"),
            buyer_in_jurisdiction=elig.flag("buyer_in_jurisdiction"),
            allowed_contract_types=tuple(contract_types),
            require_need_filed=elig.flag("require_need_filed"),
            one_claim_per_contract=elig.flag("one_claim_per_contract"),
        ),
        "attachments": tuple(attachments),
        "form": FormWording(
            title=form.text("title"),
            jurisdiction_name=form.text("jurisdiction_name"),
            declaration=form.text("declaration"),
            authority_boxes=form.texts("authority_boxes"),
        ),
    }
    for table in (head, rate, caps, elig, form, root):
        table.done()
    try:
        return Policy(**fields)
    except PolicyError as exc:
        raise PolicyError(t("{file}：{error}", "{file}: {error}", file=where, error=exc.message)) from exc


def load_policy_file(path: str | Path) -> Policy:
    """Read a policy TOML file (UTF-8); errors name the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(
            t(
                "无法读取政策文件 {file}：{error}",
                "Cannot read the policy file {file}: {error}",
                file=path,
                error=exc,
            )
        ) from exc
    return load_policy_toml(text, source_name=str(path))


def default_policy_dir() -> Path:
    """Return the folder of the policies shipped with the app (source checkout or PyInstaller bundle)."""
    return resource_dir() / "policies"


def load_default_policies(directory: Path | None = None) -> list[Policy]:
    """Every ``*.toml`` policy in ``directory`` (default: the shipped ones), sorted by id and version."""
    folder = directory or default_policy_dir()
    policies: dict[tuple[str, int], tuple[Policy, Path]] = {}
    for path in sorted(folder.glob("*.toml")):
        policy = load_policy_file(path)
        key = (policy.id, policy.version)
        if key in policies:
            raise PolicyError(
                t(
                    "政策 {id} 第 {version} 版重复出现在 {first} 和 {second}",
                    "Policy {id} version {version} appears twice: {first} and {second}",
                    id=policy.id,
                    version=policy.version,
                    first=policies[key][1],
                    second=path,
                )
            )
        policies[key] = (policy, path)
    return [policies[key][0] for key in sorted(policies)]
