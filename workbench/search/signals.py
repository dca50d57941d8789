"""The structured signals that re-rank a text match: industry against IPC, field against cluster, maturity,
transfer mode against solution mode, price against funds, the owner's region — each a :class:`Reason`.

Every addend of a candidate's score is a reason the user sees; the weights live in
:mod:`workbench.search.weights`. :mod:`workbench.search.matcher` runs the text stage and calls
:func:`signals` on its pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from workbench import enums
from workbench.i18n import t
from workbench.models import Enterprise, Need
from workbench.money import format_yuan
from workbench.search import taxonomy
from workbench.search.weights import Weights

ZHEJIANG_CITIES = (
    "浙江",
    "杭州",
    "宁波",
    "温州",
    "嘉兴",
    "湖州",
    "绍兴",
    "金华",
    "衢州",
    "舟山",
    "台州",
    "丽水",
)


class Reason(NamedTuple):
    """One addend of a score: which signal, what it means in the user's language, how many points."""

    signal: str
    label: str
    contribution: float


@dataclass(frozen=True)
class Candidate:
    """A ranked technology (``rank_technologies``) or need (``rank_needs``) with the reasons for its score."""

    id: str
    title: str
    score: float
    matched_terms: tuple[str, ...]
    reasons: tuple[Reason, ...]
    kind: str = "technology"
    owner: str = ""  # the technology's institution, or the need's enterprise
    dismissed: bool = False
    match_stage: str | None = None  # set when this pair is already a match

    @property
    def technology_id(self) -> str:
        return self.id

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "owner": self.owner,
            "score": self.score,
            "matched_terms": list(self.matched_terms),
            "reasons": [
                {"signal": r.signal, "label": r.label, "contribution": r.contribution} for r in self.reasons
            ],
            "dismissed": self.dismissed,
            "match_stage": self.match_stage,
        }


@dataclass(frozen=True)
class MatchFilters:
    """What the broker narrowed the list to; empty sets and None mean "any"."""

    maturities: frozenset[str] = frozenset()
    transfer_modes: frozenset[str] = frozenset()
    max_price_fen: int | None = None
    region: str | None = None  # "ningbo" or "zhejiang"
    technical_field: str | None = None
    include_dismissed: bool = False
    include_matched: bool = False


# -- the two sides of a pair -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _NeedSide:
    industry_code: str | None = None
    cluster: str | None = None
    technical_field: str | None = None
    solution_mode: str | None = None
    own_funds_fen: int | None = None

    @classmethod
    def of(cls, need: Need | None, enterprise: Enterprise | None) -> _NeedSide:
        if need is None:
            return cls()
        return cls(
            industry_code=enterprise.industry_code if enterprise else None,
            cluster=enterprise.cluster_code if enterprise else None,
            technical_field=need.technical_field,
            solution_mode=need.solution_mode,
            own_funds_fen=need.own_funds_fen,
        )


@dataclass(frozen=True)
class _TechSide:
    ipc_codes: tuple[str, ...] = ()
    technical_field: str | None = None
    maturity: str | None = None
    transfer_modes: tuple[str, ...] = ()
    asking_price_fen: int | None = None
    owner: str = ""
    owner_region: str = ""
    owner_division: str | None = None

    @property
    def region(self) -> str | None:
        """Where the owner is: ``ningbo``, ``zhejiang`` or None (from division code, region or name)."""
        place = f"{self.owner_region} {self.owner}"
        code = self.owner_division or ""
        if code.startswith("3302") or "宁波" in place or "甬" in self.owner_region:
            return "ningbo"
        if code.startswith("33") or any(city in place for city in ZHEJIANG_CITIES):
            return "zhejiang"
        return None


_SOLUTION_TO_MODES: dict[str, frozenset[str]] = {
    "transfer": frozenset({"transfer", "licence", "equity"}),
    "commissioned": frozenset({"joint_development", "service"}),
    "cooperative": frozenset({"joint_development", "equity"}),
    "consulting": frozenset({"service"}),
}


def _enum_label(enum: type[enums.LabelledEnum], value: str) -> str:
    """The member's label, or the stored value itself when it is not (or no longer) a member."""
    try:
        return enum(value).label
    except ValueError:
        return value


def _points(value: float) -> float:
    return round(value, 1)


def _signals(need: _NeedSide, tech: _TechSide, w: Weights, *, explain: bool = True) -> list[Reason]:
    """The structured reasons of one need–technology pair (zero contributions are left out).

    ``explain=False`` skips writing the labels: the whole pool is scored, only the top is shown.
    """
    out: list[Reason] = []

    def add(signal: str, points: float, zh: str, en: str, **params: Any) -> None:
        out.append(Reason(signal, t(zh, en, **params) if explain else "", _points(points)))

    division = taxonomy.industry_division(need.industry_code)
    if division and tech.ipc_codes:
        fits = taxonomy.divisions_for_ipc(tech.ipc_codes)
        near = fits.get(division)
        if near:
            add(
                "industry",
                w.industry_division,
                "行业契合：行业代码 {i} ↔ IPC {c}",
                "Industry fit: industry {i} ↔ IPC {c}",
                i=need.industry_code,
                c=near,
            )
        else:
            broad = taxonomy.broad_field(division)
            near = next((cls for d, cls in fits.items() if broad and taxonomy.broad_field(d) == broad), None)
            if near:
                add(
                    "industry",
                    w.industry_section,
                    "行业相近：行业代码 {i} ↔ IPC {c}",
                    "Related industry: industry {i} ↔ IPC {c}",
                    i=need.industry_code,
                    c=near,
                )
    tech_groups = taxonomy.field_groups(tech.technical_field)
    for other in (need.technical_field, need.cluster):
        if tech_groups and other and tech_groups & taxonomy.field_groups(other):
            add(
                "field",
                w.field_match,
                "领域契合：{a} ↔ {b}",
                "Field fit: {a} ↔ {b}",
                a=tech.technical_field,
                b=other,
            )
            break
    if tech.maturity and w.maturity.get(tech.maturity):
        add(
            "maturity",
            w.maturity[tech.maturity],
            "成熟度：{m}",
            "Maturity: {m}",
            m=_enum_label(enums.Maturity, tech.maturity) if explain else "",
        )
    wanted = _SOLUTION_TO_MODES.get(need.solution_mode or "")
    if wanted and tech.transfer_modes:
        fit = bool(wanted & set(tech.transfer_modes))
        labels = {}
        if explain:
            labels = {
                "n": _enum_label(enums.SolutionMode, need.solution_mode or "other"),
                "m": "、".join(_enum_label(enums.TransferMode, m) for m in tech.transfer_modes),
            }
        if fit:
            add("mode", w.mode_match, "转化方式契合：{n} ↔ {m}", "Mode fit: {n} ↔ {m}", **labels)
        else:
            add("mode", w.mode_clash, "转化方式不符：{n} ↔ {m}", "Mode mismatch: {n} ↔ {m}", **labels)
    price, funds = tech.asking_price_fen, need.own_funds_fen
    if price is not None and funds:
        money = (
            {"p": format_yuan(price, grouping=True), "f": format_yuan(funds, grouping=True)}
            if explain
            else {}
        )
        if price <= funds:
            add(
                "price",
                w.price_within_funds,
                "意向价格 ¥{p} 在自筹资金 ¥{f} 以内",
                "Asking ¥{p}, within own funds ¥{f}",
                **money,
            )
        elif price <= funds * w.price_reach_factor:
            add(
                "price",
                w.price_within_reach,
                "意向价格 ¥{p} 略高于自筹资金 ¥{f}",
                "Asking ¥{p}, a little above own funds ¥{f}",
                **money,
            )
        elif price > funds * w.price_far_factor:
            add(
                "price",
                w.price_far_beyond,
                "意向价格 ¥{p} 远超自筹资金 ¥{f}",
                "Asking ¥{p}, far above own funds ¥{f}",
                **money,
            )
    region = tech.region
    if region == "ningbo":
        add("region", w.region_ningbo, "持有单位在宁波", "Owner in Ningbo")
    elif region == "zhejiang":
        add("region", w.region_zhejiang, "持有单位在浙江", "Owner in Zhejiang")
    return out
