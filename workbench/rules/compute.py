"""Claim computations line by line, and the split of a reward among co-brokers, to the fen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from workbench.errors import Issue, PolicyError, ValidationError
from workbench.i18n import t
from workbench.money import MAX_FEN, format_yuan, round_fen
from workbench.rules.kinds import LineKind, RateMode
from workbench.rules.percent import decimal_text, format_percent

if TYPE_CHECKING:
    from workbench.rules.policy import Policy

__all__ = ["Computation", "ComputationLine", "compute", "evaluate", "is_amount", "split_shares"]

K = TypeVar("K")
# Base × rate needs more digits than the default context's 28 when rates carry many decimals.
_EXACT_PRECISION = 60


def is_amount(value: object) -> TypeGuard[int]:
    """A whole number of fen (``bool`` is an ``int`` to Python, not to us)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _yuan_exact(fen: Decimal) -> str:
    """Format an exact amount that may hold fractions of a fen, in yuan with at least two decimals."""
    yuan = fen.scaleb(-2)
    cents = yuan.quantize(Decimal("0.01"))
    return format(cents if cents == yuan else yuan.normalize(), ",f")


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
            "rate": decimal_text(self.rate) if self.rate is not None else None,
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
    params = {
        "lower": format_yuan(lower, grouping=True),
        "width": format_yuan(width, grouping=True),
        "rate": format_percent(rate),
    }
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
            upper=format_yuan(upper, grouping=True),
            **params,
        )
    return t(
        "{lower} 至 {upper} 元的部分 {width} 元 × {rate}",
        "Part from {lower} to {upper} yuan: {width} yuan × {rate}",
        upper=format_yuan(upper, grouping=True),
        **params,
    )


def _bracket_text(lower: int, upper: int | None) -> str:
    if upper is None:
        return t("{lower} 元及以上", "{lower} yuan and above", lower=format_yuan(lower, grouping=True))
    if lower == 0:
        return t("{upper} 元以下", "below {upper} yuan", upper=format_yuan(upper, grouping=True))
    return t(
        "{lower} 元及以上、{upper} 元以下",
        "{lower} to under {upper} yuan",
        lower=format_yuan(lower, grouping=True),
        upper=format_yuan(upper, grouping=True),
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
            amount=format_yuan(base_fen, grouping=True),
            rate=format_percent(policy.rate),
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
                amount=format_yuan(base_fen, grouping=True),
                bracket=_bracket_text(lower, tier.up_to_fen),
                rate=format_percent(tier.rate),
            )
            return [
                _Term(LineKind.RATE, label, base_fen, tier.rate, Decimal(base_fen) * tier.rate)
            ], tier.cap_fen
        lower = tier.up_to_fen
    raise AssertionError("validated bracket tables end with an open tier")


def evaluate(policy: Policy, base_fen: int) -> _Evaluation:
    """Reward for the whole cumulative base: threshold, terms, one rounding, bracket and project caps."""
    lines = [
        ComputationLine(
            LineKind.BASE,
            t(
                "{base} {amount} 元",
                "{base}: {amount} yuan",
                base=policy.base_kind.label,
                amount=format_yuan(base_fen, grouping=True),
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
                        min=format_yuan(threshold, grouping=True),
                    ),
                    base_fen=threshold,
                    amount_fen=0,
                )
            )
            return _Evaluation(0, 0, tuple(lines), ())
        lines.append(
            ComputationLine(
                LineKind.THRESHOLD,
                t(
                    "达到奖励起点 {min} 元",
                    "Reaches the threshold of {min} yuan",
                    min=format_yuan(threshold, grouping=True),
                ),
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
                t(
                    "本档奖励上限 {cap} 元",
                    "Cap of this bracket: {cap} yuan",
                    cap=format_yuan(bracket_cap, grouping=True),
                ),
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
                t(
                    "单个项目奖励上限 {cap} 元",
                    "Per-project cap: {cap} yuan",
                    cap=format_yuan(cap, grouping=True),
                ),
                amount_fen=entitled,
                note=capped_note,
            )
        )
    return _Evaluation(gross, entitled, tuple(lines), tuple(caps))


def _input_issues(values: Mapping[str, object]) -> list[Issue]:
    issues: list[Issue] = []
    for name, value in values.items():
        if not is_amount(value):
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
    evaluation = evaluate(policy, base_fen)
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
                    entitled=format_yuan(evaluation.entitled_fen, grouping=True),
                    rest=format_yuan(amount, grouping=True),
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
                        cap=format_yuan(year_cap, grouping=True),
                        claimed=format_yuan(broker_year_claimed_fen, grouping=True),
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
                        pct=decimal_text(Decimal(percent)),
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
                    sum=decimal_text(Decimal(total_percent.numerator) / Decimal(total_percent.denominator)),
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
