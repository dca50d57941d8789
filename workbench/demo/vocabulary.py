"""The demo's word tables, read from ``resources/demo/vocabulary.json``, and the shapes they take.

Texts (technology titles, needs, visit summaries, company names) are combined from these words at random,
so the tables are data a non-programmer can extend; this module only gives them types. Reading goes through
:func:`workbench.paths.resource_dir`, which also finds the file inside the packaged app.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from workbench.paths import resource_dir

VOCABULARY_FILE = "demo/vocabulary.json"


@dataclass(frozen=True)
class Family:
    """Words that combine sensibly: any qualifier fits any base, any process, problem and indicator."""

    quals: tuple[str, ...]
    bases: tuple[str, ...]
    processes: tuple[str, ...]
    applications: tuple[str, ...]
    problems: tuple[str, ...]
    indicators: tuple[tuple[str, tuple[str, ...]], ...]
    keywords: tuple[str, ...]
    ipc: tuple[str, ...]
    claim_suffix: str = "及其制备方法"  # how a patent title ends: "一种…及其制备方法"


@dataclass(frozen=True)
class Domain:
    """One technical area (its technical-field label) and the word families its texts are built from."""

    key: str
    field: str
    families: tuple[Family, ...]
    devices: bool = False  # devices (not materials or processes) also get design patents
    products: bool = True  # bases are products ("汽车用…"), not processes or waste streams


@dataclass(frozen=True)
class Industry:
    """A GB/T 4754-2017 class, with company-name words, Ningbo cluster and matching technical areas."""

    code: str
    words: tuple[str, ...]
    cluster: str | None
    domains: tuple[str, ...]
    products: str
    zhenhai_weight: int = 1
    other_weight: int = 1


@dataclass(frozen=True)
class District:
    code: str
    name_prefixes: tuple[str, ...]
    address_prefix: str
    streets: tuple[str, ...]
    roads: tuple[str, ...]
    landlines: tuple[str, ...]  # first four digits of the 8-digit local number


@dataclass(frozen=True)
class Institution:
    name: str
    kind: str
    region: str
    division: str
    weight: int  # as a technology owner: Ningbo owners weigh more


@dataclass(frozen=True)
class Vocabulary:
    domains: tuple[Domain, ...]
    industries: tuple[Industry, ...]
    districts: dict[str, District]
    other_districts: tuple[str, ...]
    institutions: tuple[Institution, ...]
    surnames: tuple[str, ...]
    given_names: tuple[str, ...]
    brand_first: tuple[str, ...]
    brand_second: tuple[str, ...]
    mobile_prefixes: tuple[str, ...]
    contact_titles: tuple[str, ...]
    places: tuple[str, ...]
    policy_talks: tuple[str, ...]
    advice: tuple[str, ...]
    consequences: tuple[str, ...]
    benefits: tuple[tuple[str, tuple[str, ...]], ...]
    need_suffixes: tuple[str, ...]
    drop_reasons: tuple[str, ...]
    reject_reasons: dict[str, str]
    maturity_text: dict[str, str]
    output_yi: tuple[str, ...]  # annual output, 100 million yuan
    featured_enterprise: dict[str, str]  # name, brand and industry of the one the README's examples find

    @property
    def families(self) -> tuple[tuple[Domain, Family], ...]:
        return tuple((d, f) for d in self.domains for f in d.families)

    def domain(self, key: str) -> Domain:
        return next(d for d in self.domains if d.key == key)


def _values(raw: Any) -> tuple[str, ...]:
    """A list of words, or ``{"span": [first, last, step]}`` for a run of whole numbers."""
    if isinstance(raw, dict):
        first, last, step = raw["span"]
        return tuple(str(v) for v in range(first, last + 1, step))
    return tuple(str(v) for v in raw)


def _templates(raw: list[list[Any]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(template), _values(values)) for template, values in raw)


def _family(raw: dict[str, Any]) -> Family:
    return Family(
        quals=tuple(raw["quals"]),
        bases=tuple(raw["bases"]),
        processes=tuple(raw["processes"]),
        applications=tuple(raw["applications"]),
        problems=tuple(raw["problems"]),
        indicators=_templates(raw["indicators"]),
        keywords=tuple(raw["keywords"]),
        ipc=tuple(raw["ipc"]),
        claim_suffix=str(raw.get("claim_suffix", "及其制备方法")),
    )


def parse(data: dict[str, Any]) -> Vocabulary:
    """The typed tables from the file's JSON; a missing key raises KeyError naming it."""
    return Vocabulary(
        domains=tuple(
            Domain(
                key=d["key"],
                field=d["field"],
                families=tuple(_family(f) for f in d["families"]),
                devices=bool(d.get("devices", False)),
                products=bool(d.get("products", True)),
            )
            for d in data["domains"]
        ),
        industries=tuple(
            Industry(
                code=i["code"],
                words=tuple(i["words"]),
                cluster=i["cluster"],
                domains=tuple(i["domains"]),
                products=i["products"],
                zhenhai_weight=int(i.get("zhenhai_weight", 1)),
                other_weight=int(i.get("other_weight", 1)),
            )
            for i in data["industries"]
        ),
        districts={
            d["code"]: District(
                code=d["code"],
                name_prefixes=tuple(d["name_prefixes"]),
                address_prefix=d["address_prefix"],
                streets=tuple(d["streets"]),
                roads=tuple(d["roads"]),
                landlines=tuple(d["landlines"]),
            )
            for d in data["districts"]
        },
        other_districts=tuple(data["other_districts"]),
        institutions=tuple(Institution(**i) for i in data["institutions"]),
        surnames=tuple(data["surnames"]),
        given_names=tuple(data["given_names"]),
        brand_first=tuple(data["brand_first"]),
        brand_second=tuple(data["brand_second"]),
        mobile_prefixes=tuple(data["mobile_prefixes"]),
        contact_titles=tuple(data["contact_titles"]),
        places=tuple(data["places"]),
        policy_talks=tuple(data["policy_talks"]),
        advice=tuple(data["advice"]),
        consequences=tuple(data["consequences"]),
        benefits=_templates(data["benefits"]),
        need_suffixes=tuple(data["need_suffixes"]),
        drop_reasons=tuple(data["drop_reasons"]),
        reject_reasons=dict(data["reject_reasons"]),
        maturity_text=dict(data["maturity_text"]),
        output_yi=tuple(data["output_yi"]),
        featured_enterprise=dict(data["featured_enterprise"]),
    )


@cache
def vocabulary() -> Vocabulary:
    """The bundled tables (read once per process)."""
    path = resource_dir() / VOCABULARY_FILE
    return parse(json.loads(path.read_text(encoding="utf-8")))
