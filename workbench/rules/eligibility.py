"""Eligibility: which of a policy's conditions a claim fails, from facts the service layer gathers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workbench.enums import ContractType
from workbench.errors import Issue, Severity
from workbench.i18n import t
from workbench.rules.policy import Policy, policy_applies_on

__all__ = ["ClaimFacts", "check_eligibility", "division_prefix"]


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


def division_prefix(code: str) -> str:
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
        elif not any(code.startswith(division_prefix(prefix)) for prefix in policy.division_codes):
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
