"""The demo's deals: needs found on visits, matches along the pipeline, contracts, payments and claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from workbench.demo.common import (
    BANKS,
    CONTRACT_PLAN,
    MATCH_STAGES,
    PIPELINE,
    SOLUTION_FOR_CONTRACT,
    SOLUTION_POOL,
    ZHENHAI,
    ContractPlan,
    W,
    fill,
    indicators,
    span,
)
from workbench.demo.story import NeedPlan, StoryBuilder
from workbench.models import Contract, Technology
from workbench.services import CLAIMS, CONTRACTS, MATCHES, NEEDS, PAYMENTS, ShareInput
from workbench.services.policies import get_policy, rules_of


@dataclass
class Builder(StoryBuilder):
    """Adds the needs, matches, contracts and claims to the story, through the services."""

    def assign_roles(self) -> None:
        rng = self.rng
        n_contracts = min(len(CONTRACT_PLAN), len(self.plans) // 3)
        # Buyers in Zhenhai are placed first: half the enterprises are there, so they never run out.
        order = {"zhenhai": 0, "outside": 1, "any": 2}
        for spec in sorted(CONTRACT_PLAN[:n_contracts], key=lambda s: order[s.buyer]):
            free = [p for p in self.plans if p.first and not p.role]
            preferred = [p for p in free if (p.district.code == ZHENHAI) == (spec.buyer == "zhenhai")]
            chosen = rng.choice(preferred if preferred and spec.buyer != "any" else free)
            chosen.role, chosen.contract = "contracted", spec
        rest = [p for p in self.plans if not p.role]
        rng.shuffle(rest)
        fixed = ["matched", "matched", "closed", "new", "filed", "published"]  # every status appears
        pool = ("new",) * 4 + ("filed",) * 4 + ("published",) * 3 + ("matched",) * 7 + ("closed",) * 2
        for i, plan in enumerate(rest):
            plan.role = fixed[i] if i < len(fixed) else rng.choice(pool)
        # Stages of the matches that do not end in a contract: the first six cover every stage.
        slots: list[NeedPlan] = []
        for plan in self.plans:
            if plan.role == "matched":
                slots += [plan] * rng.randrange(1, 4)
        for plan in (p for p in self.plans if p.role == "matched"):
            while len(slots) < len(MATCH_STAGES) and slots.count(plan) < 3:
                slots.append(plan)
        rng.shuffle(slots)
        stages = list(MATCH_STAGES)
        rng.shuffle(stages)
        for i, plan in enumerate(slots):
            plan.match_stages.append(stages[i] if i < len(stages) else rng.choice(MATCH_STAGES))

    def create_needs(self) -> None:
        rng = self.rng
        for plan in self.plans:
            domain, family = plan.domain, plan.family
            qual, base = rng.choice(family.quals), rng.choice(family.bases)
            process, app = rng.choice(family.processes), rng.choice(family.applications)
            if domain.products and rng.random() < 0.5:
                title = f"{app}用{qual}{base}{rng.choice(W.need_suffixes)}"
            else:
                title = f"{qual}{base}{process}"
            problems = rng.sample(family.problems, 2)
            consequence = fill(rng, rng.choice(W.consequences), span(50, 800, 50))
            wanted = "；".join(indicators(rng, family, 3))
            benefit = fill(rng, *rng.choice(W.benefits))
            keywords = rng.sample(family.keywords, rng.randrange(1, 5))
            if len(base) <= 10 and base not in keywords:
                keywords.insert(0, base)
            data: dict[str, Any] = {
                "enterprise_id": plan.enterprise.id,
                "visit_id": plan.visit_id,
                "title": title,
                "problem": f"公司在{app}领域的{base}方面存在{'、'.join(problems)}等问题，{consequence}。",
                "key_technology": f"需突破{qual}{base}{process}等关键技术。主要指标：{wanted}。",
                "expected_goals": (
                    f"{rng.choice((6, 9, 12, 18, 24))}个月内完成"
                    f"{rng.choice(('小试', '中试', '样件试制', '工程化验证'))}，实现在{app}的工程化应用；"
                    f"{benefit}。"
                ),
                "keywords": keywords[:5],
                "own_funds_fen": rng.randrange(5, 101) * 100_000 * 100,
                "solution_mode": (
                    SOLUTION_FOR_CONTRACT[plan.contract.contract_type]
                    if plan.contract
                    else rng.choice(SOLUTION_POOL)
                ),
                "window_start": plan.visit_day,
                "window_end": date(plan.visit_day.year + rng.randrange(1, 3), 12, 31),
                "confidential": rng.random() < 0.1,
                "technical_field": domain.field,
            }
            if plan.role != "new":
                data["filing_no"] = self.filing_no(plan)
            need = NEEDS.create(self.session, data)
            plan.need = need
            if plan.role in {"filed", "published", "matched", "contracted", "closed"}:
                NEEDS.set_status(self.session, need.id, "filed")
            if plan.role in {"published", "matched", "contracted"}:
                NEEDS.set_status(self.session, need.id, "published")
        self.count("needs", len(self.plans))

    def filing_no(self, plan: NeedPlan) -> str:
        # Zhenhai needs are filed with the Zhenhai sci-tech market, the others with the city's market.
        prefix = "ZHKJ" if plan.district.code == ZHENHAI else "NBKJ"
        key = f"{prefix}-{plan.visit_day.year}"
        self.filing_seq[key] = self.filing_seq.get(key, 0) + self.rng.randrange(1, 6)
        return f"{prefix}-XQ-{plan.visit_day.year}-{self.filing_seq[key]:04d}"

    def pick_techs(self, plan: NeedPlan, k: int) -> list[Technology]:
        pool = self.techs_by_family.get(plan.family, [])
        if len(pool) < k:
            pool = [t for f in plan.domain.families for t in self.techs_by_family.get(f, [])]
        if len(pool) < k:
            pool = self.all_techs
        return self.rng.sample(pool, min(k, len(pool)))

    def match(self, plan: NeedPlan, tech: Technology, stage: str) -> str:
        assert plan.need is not None
        rng = self.rng
        match = MATCHES.create(
            self.session,
            {
                "need_id": plan.need.id,
                "technology_id": tech.id,
                "score": round(rng.uniform(0.45, 0.95), 3),
            },
        )
        self.count("matches")
        if stage == "dropped":
            # A match is dropped after getting somewhere: walk part of the pipeline first.
            for step in PIPELINE[1 : rng.randrange(1, 5)]:
                MATCHES.move(self.session, match.id, step)
            MATCHES.move(self.session, match.id, "dropped", reason=rng.choice(W.drop_reasons))
        else:
            for step in PIPELINE[1 : PIPELINE.index(stage) + 1]:
                MATCHES.move(self.session, match.id, step)
        return match.id

    def pipeline(self) -> list[tuple[ContractPlan, Contract]]:
        rng = self.rng
        contracts: list[tuple[ContractPlan, Contract]] = []
        for plan in self.plans:
            assert plan.need is not None
            if plan.role == "matched":
                techs = self.pick_techs(plan, len(plan.match_stages))
                for tech, stage in zip(techs, plan.match_stages, strict=False):
                    self.match(plan, tech, stage)
            elif plan.role == "closed":
                if rng.random() < 0.6:
                    self.match(plan, self.pick_techs(plan, 1)[0], "dropped")
                NEEDS.set_status(self.session, plan.need.id, "closed")
            elif plan.role == "contracted" and plan.contract is not None:
                techs = self.pick_techs(plan, 1 + rng.randrange(3))
                match_id = self.match(plan, techs[0], "intent")
                for tech in techs[1:]:
                    self.match(plan, tech, rng.choice(("candidate", "recommended", "dropped", "dropped")))
                contracts.append((plan.contract, self.contract(plan, plan.contract, techs[0], match_id)))
        return contracts

    def contract(self, plan: NeedPlan, spec: ContractPlan, tech: Technology, match_id: str) -> Contract:
        rng = self.rng
        assert plan.need is not None and tech.institution_id is not None
        signed = plan.visit_day + timedelta(days=rng.randrange(40, 121))
        registered = signed + timedelta(days=rng.randrange(7, 36))
        total_yuan = rng.randrange(spec.min_yuan // 1000, spec.max_yuan // 1000 + 1) * 1000
        share = {"transfer": 100, "licence": 100, "development": rng.choice((70, 75, 80, 85, 90))}.get(
            spec.contract_type, rng.choice((90, 95, 100))
        )
        tech_yuan = total_yuan * share // 100 // 1000 * 1000
        topic = plan.need.title
        for suffix in W.need_suffixes:
            topic = topic.removesuffix(suffix)
        topic = topic.removesuffix("技术")
        title = {
            "development": f"{topic}委托开发",
            "transfer": f"{tech.title}专利权转让",
            "licence": f"{tech.title}专利实施许可",
            "consulting": f"{topic}技术咨询",
            "service": f"{topic}技术服务",
        }[spec.contract_type]
        data: dict[str, Any] = {
            "match_id": match_id,
            "title": title,
            "contract_type": spec.contract_type,
            "seller_institution_id": tech.institution_id,
            "buyer_enterprise_id": plan.enterprise.id,
            "signed_on": signed,
            "valid_from": signed,
            "valid_to": signed + timedelta(days=365 * rng.randrange(1, 4)),
            "total_fen": total_yuan * 100,
            "tech_amount_fen": tech_yuan * 100,
            "notes": f"居间服务费按合同成交额的{rng.choice((2, 3, 5))}%收取，由买方支付。",
        }
        if spec.registered:
            # Contracts are registered on the seller's side, so the number starts with the seller's area.
            self.registration_seq += rng.randrange(1, 40)
            division = self.institution_division[tech.institution_id]
            data.update(
                registration_no=f"{division}{registered.year}{self.registration_seq:06d}",
                registered_on=registered,
            )
        contract = CONTRACTS.create(self.session, data)
        self.count("contracts")
        self.payments(contract, signed)
        return contract

    def payments(self, contract: Contract, signed: date) -> None:
        rng = self.rng
        split = rng.choice(((100,), (30, 70), (50, 50), (30, 40, 30), (20, 50, 30)))
        day = signed + timedelta(days=rng.randrange(5, 31))
        paid = 0
        for n, percent in enumerate(split):
            if n and day >= self.today:
                break  # later instalments are not due yet
            amount = contract.total_fen - paid if n == len(split) - 1 else contract.total_fen * percent // 100
            paid += amount
            PAYMENTS.create(
                self.session,
                {
                    "contract_id": contract.id,
                    "paid_on": day,
                    "amount_fen": amount,
                    "invoice_no": f"{day:%y}33{rng.randrange(10**15, 10**16)}",
                    "voucher_ref": f"{rng.choice(BANKS)}{day:%Y%m%d}{rng.randrange(10**6):06d}",
                    "notes": f"第{n + 1}期款",
                },
            )
            self.count("payments")
            day += timedelta(days=rng.randrange(30, 121))

    def claims(self, contracts: list[tuple[ContractPlan, Contract]]) -> None:
        rng = self.rng
        assert self.me is not None
        claims = [(spec.policy, spec, contract) for spec, contract in contracts if spec.policy]
        # Claims under ningbo-2014 first: its yearly cap counts every claim the broker made in the year.
        claims.sort(key=lambda c: c[0] != "ningbo-2014")
        for policy, spec, contract in claims:
            assert policy is not None and spec.claim_status is not None and contract.registered_on
            rules = rules_of(get_policy(self.session, policy))
            required = [a.code for a in rules.attachments if a.required]
            optional = [a.code for a in rules.attachments if not a.required]
            attachments = (
                required[:-2] if spec.claim_status == "draft" else required + optional[: rng.randrange(2)]
            )
            first_paid = min(p.paid_on for p in CONTRACTS.payments(self.session, contract.id))
            claimed = max(contract.registered_on, first_paid) + timedelta(days=rng.randrange(10, 31))
            claimed = min(max(claimed, date(self.today.year, 1, 5)), self.today - timedelta(days=1))
            partners = rng.sample(self.co_brokers, len(spec.shares) - 1)
            shares = [
                ShareInput(b.id, Decimal(p)) for b, p in zip([self.me, *partners], spec.shares, strict=True)
            ]
            claim = CLAIMS.create_claim(
                self.session,
                contract.id,
                policy_key=policy,
                claimed_on=claimed,
                attachments=attachments,
                shares=shares,
                applicant_type="individual" if policy == "zhenhai" else "organisation",
            )
            self.count("claims")
            if spec.claim_status == "draft":
                continue
            CLAIMS.submit(self.session, claim.id)
            if spec.claim_status == "rejected":
                CLAIMS.reject(self.session, claim.id, reason=W.reject_reasons[policy])
                continue
            if spec.claim_status in {"approved", "paid"}:
                CLAIMS.approve(self.session, claim.id, note="区科技局审核通过")
            if spec.claim_status == "paid":
                CLAIMS.mark_paid(self.session, claim.id, note="奖励资金已拨付至经纪人账户")


# -- entry point -------------------------------------------------------------------------------------
