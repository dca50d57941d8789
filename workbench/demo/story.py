"""The broker-facing records of the demo year: brokers, institutions, enterprises, contacts and visits.

They go through the services (validation, change log), as if the broker had typed them in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlmodel import Session

from workbench.demo.common import (
    KINDS,
    TAXONOMY,
    ZHENHAI,
    ContractPlan,
    Progress,
    W,
    day_between,
    id_card,
    landline,
    mobile,
    person,
    uscc,
    workday,
)
from workbench.demo.technologies import TechFactory
from workbench.demo.vocabulary import District, Domain, Family, Industry
from workbench.models import Broker, Enterprise, Need, Technology
from workbench.services import BROKERS, CONTACTS, ENTERPRISES, INSTITUTIONS, TECHNOLOGIES, VISITS
from workbench.textnorm import pinyin_initials


@dataclass
class NeedPlan:
    enterprise: Enterprise
    district: District
    domain: Domain
    family: Family
    visit_id: str | None
    visit_day: date
    first: bool  # linked to the enterprise's first (early) visit: early enough to end in a contract
    role: str = ""
    contract: ContractPlan | None = None
    need: Need | None = None
    match_stages: list[str] = field(default_factory=list)


@dataclass
class StoryBuilder:
    """Builds the people, places and visits through the services, in one unit of work."""

    session: Session
    rng: random.Random
    progress: Progress | None
    today: date  # the demo's "today" (its clock's): the year of visits ends here
    zone: tzinfo  # visits are at office hours in this zone
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    me: Broker | None = None
    co_brokers: list[Broker] = field(default_factory=list)
    owners: list[tuple[str, int]] = field(default_factory=list)
    institution_division: dict[str, str] = field(default_factory=dict)
    enterprise_names: set[str] = field(default_factory=set)
    usccs: set[str] = field(default_factory=set)
    plans: list[NeedPlan] = field(default_factory=list)
    techs_by_family: dict[Family, list[Technology]] = field(default_factory=dict)
    all_techs: list[Technology] = field(default_factory=list)
    filing_seq: dict[str, int] = field(default_factory=dict)
    registration_seq: int = 0

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    # -- people and places ------------------------------------------------------------------------

    def brokers(self) -> None:
        rng = self.rng
        agency_uscc = uscc(rng, "51", ZHENHAI)
        self.usccs.add(agency_uscc)
        name = person(rng)
        self.me = BROKERS.create(
            self.session,
            {
                "name": name,
                "is_self": True,
                "id_card": id_card(rng, ZHENHAI, 1982, 1992),
                "certificate_no": f"ZHJJ-2019-{rng.randrange(1, 218):04d}",
                "level": "intermediate",
                "agency": "镇海区技术经纪人协会",
                "agency_uscc": agency_uscc,
                "phone": mobile(rng),
                "email": f"{pinyin_initials(name)}{rng.randrange(10, 99)}@163.com",
                "bank_name": "宁波银行镇海支行",
                "account_name": name,
                "account_number": f"6223{rng.randrange(10**14, 10**15)}",
                "notes": "本人档案（演示数据）。2019年参加浙江省技术经纪人培训，在镇海区科技局备案。",
            },
        )
        agencies = (
            "镇海区技术经纪人协会",
            "镇海科技市场",
            "中国科学院宁波材料技术与工程研究所技术转移中心",
            "宁波大学技术转移中心",
            "宁波市生产力促进中心",
        )
        for n, agency in enumerate(agencies):
            co_name = person(rng)
            data: dict[str, Any] = {
                "name": co_name,
                "level": rng.choice(("junior", "intermediate", "senior")),
                "agency": agency,
                "certificate_no": f"ZJJJ-{rng.randrange(2019, 2025)}-{rng.randrange(1, 2000):04d}",
                "phone": mobile(rng),
            }
            if n % 2 == 0:  # some co-brokers gave their full profile, others only a name and a phone
                data.update(
                    id_card=id_card(rng, rng.choice(tuple(W.districts)), 1975, 1998),
                    bank_name=rng.choice(("宁波银行", "中国工商银行宁波分行", "宁波鄞州农商银行")),
                    account_name=co_name,
                    account_number=f"6222{rng.randrange(10**14, 10**15)}",
                )
            self.co_brokers.append(BROKERS.create(self.session, data))
        self.count("brokers", 1 + len(agencies))

    def institutions(self) -> None:
        for row in W.institutions:
            name, kind, region, division, weight = row.name, row.kind, row.region, row.division, row.weight
            code = uscc(self.rng, "12", division)
            self.usccs.add(code)
            inst = INSTITUTIONS.create(
                self.session,
                {
                    "name": name,
                    "institution_kind": kind,
                    "region": region,
                    "division_code": division,
                    "uscc": code,
                },
            )
            self.owners.append((inst.id, weight))
            self.institution_division[inst.id] = division
        self.count("institutions", len(W.institutions))

    def enterprises(self, n: int) -> None:
        rng = self.rng
        divisions = [ZHENHAI] * ((n + 1) // 2) + [
            W.other_districts[i % len(W.other_districts)] for i in range(n // 2)
        ]
        rng.shuffle(divisions)
        two_needs = set(rng.sample(range(n), n // 2))  # about 1.5 needs per enterprise
        featured = divisions.index(ZHENHAI)
        for i, code in enumerate(divisions):
            self.enterprise(code, needs=2 if i in two_needs else 1, featured=i == featured)
            if self.progress:
                self.progress("enterprises", i + 1, n)

    def enterprise(self, code: str, *, needs: int, featured: bool = False) -> None:
        """One enterprise with its contacts, visits and needs; ``featured``: the one the README's
        search examples find (宁波材料…, pinyin initials ``nbcl``).
        """
        rng = self.rng
        district = W.districts[code]
        weights = [ind.zhenhai_weight if code == ZHENHAI else ind.other_weight for ind in W.industries]
        industry = rng.choices(W.industries, weights=weights)[0]
        while True:
            suffix = "股份有限公司" if rng.random() < 0.15 else "有限公司"
            brand = rng.choice(W.brand_first) + rng.choice(W.brand_second)
            name = f"{rng.choice(district.name_prefixes)}{brand}{rng.choice(industry.words)}{suffix}"
            if name not in self.enterprise_names:
                break
        if featured:
            show = W.featured_enterprise
            industry = next(i for i in W.industries if i.code == show["industry"])
            name, brand = show["name"], show["brand"]
        self.enterprise_names.add(name)
        while True:
            code18 = uscc(rng, "91", code)
            if code18 not in self.usccs:
                break
        self.usccs.add(code18)
        high_tech = rng.random() < 0.55
        notes = (
            f"主营{industry.products}，年产值约{rng.choice(W.output_yi)}亿元，"
            f"研发人员{rng.randrange(8, 160)}人。"
        )
        if high_tech:
            notes += f"{rng.randrange(2016, 2026)}年认定为国家高新技术企业。"
        street, road = rng.choice(district.streets), rng.choice(district.roads)
        address = f"{district.address_prefix}{street}{road}{rng.randrange(1, 2000)}号"
        ent = ENTERPRISES.create(
            self.session,
            {
                "name": name,
                "uscc": code18,
                "division_code": code,
                "address": address,
                "industry_code": industry.code,
                "cluster_code": industry.cluster,
                "cluster_taxonomy": TAXONOMY if industry.cluster else None,
                "high_tech": high_tech,
                "engineering_centre": rng.choices(
                    ("none", "district", "city", "province", "national"), weights=(40, 20, 25, 12, 3)
                )[0],
                "notes": notes,
            },
        )
        self.count("enterprises")
        contact_ids = []
        for k in range(rng.randrange(1, 4)):
            contact = person(rng)
            data: dict[str, Any] = {
                "enterprise_id": ent.id,
                "name": contact,
                "title": W.contact_titles[k] if k < 2 else rng.choice(W.contact_titles),
                "mobile": mobile(rng),
            }
            if rng.random() < 0.35:
                data["phone"] = landline(rng, district)
            if rng.random() < 0.3:
                data["email"] = (
                    f"{pinyin_initials(contact)}@{pinyin_initials(brand)}{rng.randrange(100, 999)}.com.cn"
                )
            contact_ids.append(CONTACTS.create(self.session, data).id)
        self.count("contacts", len(contact_ids))
        self.visits_and_needs(ent, district, industry, contact_ids, needs)

    def visits_and_needs(
        self, ent: Enterprise, district: District, industry: Industry, contact_ids: list[str], needs: int
    ) -> None:
        rng = self.rng
        assert self.me is not None
        # The first visit lies in the earlier half of the year, so its needs have time to reach a contract.
        days = [workday(day_between(self.today - timedelta(days=365), self.today - timedelta(days=180), rng))]
        days += sorted(
            workday(day_between(self.today - timedelta(days=179), self.today - timedelta(days=1), rng))
            for _ in range(rng.choice((0, 1, 1, 2)))
        )
        domains = [W.domain(k) for k in industry.domains]
        visit_ids = []
        for n, day in enumerate(days):
            start = datetime.combine(day, time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30))), self.zone)
            domain = rng.choice(domains)
            follow: date | None = None
            if n < len(days) - 1:
                follow = days[n + 1]
            elif rng.random() < 0.6:
                # The latest visit's follow-up: some due in the coming weeks, some already overdue.
                overdue = rng.random() < 0.45 and day < self.today - timedelta(days=3)
                follow = (
                    day_between(
                        max(day + timedelta(days=1), self.today - timedelta(days=25)),
                        self.today - timedelta(days=1),
                        rng,
                    )
                    if overdue
                    else day_between(self.today + timedelta(days=3), self.today + timedelta(days=35), rng)
                )
            brokers = [self.me.id] + ([rng.choice(self.co_brokers).id] if rng.random() < 0.4 else [])
            visit = VISITS.create(
                self.session,
                {
                    "enterprise_id": ent.id,
                    "started_at": start,
                    "ended_at": start + timedelta(minutes=rng.choice((60, 90, 120, 150))),
                    "place": rng.choice(W.places),
                    "summary": self.visit_summary(domain, industry),
                    "follow_up_on": follow,
                    "broker_ids": brokers,
                    "contact_ids": rng.sample(contact_ids, min(len(contact_ids), rng.randrange(1, 3))),
                },
            )
            visit_ids.append(visit.id)
        self.count("visits", len(visit_ids))
        for n in range(needs):
            if n == 0:
                visit_id, day = visit_ids[0], days[0]
            elif rng.random() < 0.15:
                # Phoned in, no visit.
                visit_id, day = None, self.today - timedelta(days=rng.randrange(20, 170))
            else:
                visit_id, day = visit_ids[-1], days[-1]
            domain = rng.choice(domains)
            family = rng.choice(domain.families)
            self.plans.append(NeedPlan(ent, district, domain, family, visit_id, day, first=n == 0))

    def visit_summary(self, domain: Domain, industry: Industry) -> str:
        rng = self.rng
        family = rng.choice(domain.families)
        topic, problem = rng.choice(family.keywords), rng.choice(family.problems)
        form = rng.randrange(4)
        if form == 0:
            return (
                f"与企业技术负责人座谈，了解{industry.products}的生产经营和研发投入情况。企业反映{problem}，"
                f"希望对接高校院所的{topic}成果。宣讲了{rng.choice(W.policy_talks)}。"
            )
        if form == 1:
            inst = rng.choice(W.institutions).name
            return (
                f"陪同{inst}专家到企业开展技术诊断，现场查看生产线，围绕{topic}交流。专家建议"
                f"{rng.choice(W.advice)}，双方同意进一步洽谈。"
            )
        if form == 2:
            return (
                f"回访企业，跟进前期需求进展。企业介绍了{topic}小试结果，"
                f"{problem}的问题仍未解决，需要外部技术支持。"
            )
        return (
            f"参加企业技术需求挖掘座谈会，梳理出{topic}相关需求，已协助填写《企业技术需求征集表》。"
            f"同时介绍了{rng.choice(W.policy_talks)}。"
        )

    # -- technologies through the service -----------------------------------------------------------

    def service_technologies(self, factory: TechFactory, n: int, total: int) -> None:
        for i in range(n):
            kit = factory.kits[i % len(factory.kits)]  # round robin: every family has some to match
            values, patents, _created = factory.make(kit)
            tech = TECHNOLOGIES.create(self.session, {**values, "patents": [num for num, _ in patents]})
            self.techs_by_family.setdefault(kit.family, []).append(tech)
            self.all_techs.append(tech)
            self.count("patents", len(patents))
        self.count("technologies", n)
        if self.progress:
            self.progress("technologies", n, total)
