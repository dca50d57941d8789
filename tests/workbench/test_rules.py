"""Tests of the reward rules engine: exact amounts, caps over claims, splits, eligibility, policy files."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import enums
from workbench.errors import PolicyError, Severity, ValidationError
from workbench.i18n import set_language
from workbench.rules import (
    Attachment,
    BaseKind,
    ClaimFacts,
    Computation,
    ContractType,
    Eligibility,
    FormWording,
    LineKind,
    Policy,
    RateMode,
    Rounding,
    Tier,
    check_eligibility,
    compute,
    default_policy_dir,
    load_default_policies,
    load_policy_file,
    load_policy_toml,
    policy_applies_on,
    split_shares,
)

YUAN = 100
WAN = 10_000 * YUAN


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    yield
    set_language("zh_CN")


@pytest.fixture(scope="module")
def shipped() -> dict[str, Policy]:
    return {policy.id: policy for policy in load_default_policies()}


def make_policy(**changes: object) -> Policy:
    fields: dict[str, object] = {
        "id": "test",
        "name": "测试政策",
        "jurisdiction": "宁波市镇海区",
        "division_codes": ("330211",),
        "effective_from": date(2022, 3, 25),
        "base_kind": BaseKind.TECH_TRANSACTION,
        "rate_mode": RateMode.FLAT,
        "rate": Decimal("0.015"),
    }
    fields.update(changes)
    return Policy(**fields)  # type: ignore[arg-type]


def line(computation: Computation, kind: LineKind) -> list[str]:
    return [ln.label for ln in computation.lines if ln.kind is kind]


# ------------------------------------------------------------------------------------------ shipped files


def test_shipped_policies_load(shipped: dict[str, Policy]) -> None:
    assert set(shipped) == {"zhenhai", "ningbo-2014", "shanghai-2016"}
    zhenhai = shipped["zhenhai"]
    assert zhenhai.rate == Decimal("0.015")
    assert zhenhai.base_kind is BaseKind.TECH_TRANSACTION
    assert zhenhai.cap_per_project_fen == 300_000 * YUAN
    assert zhenhai.division_codes == ("330211",)
    assert zhenhai.effective_from == date(2022, 3, 25)
    assert zhenhai.eligibility.allowed_contract_types == (
        ContractType.DEVELOPMENT,
        ContractType.TRANSFER,
        ContractType.LICENCE,
    )
    assert zhenhai.form.title == "镇海区技术经纪人奖励申请表"
    assert zhenhai.form.authority_boxes == (
        "镇海区技术经纪人协会意见",
        "镇海区科学技术局意见",
        "镇海区财政局意见",
    )
    assert "真实、准确、完整" in zhenhai.form.declaration
    assert "技术合同认定登记证明" in [a.label for a in zhenhai.attachments]
    assert default_policy_dir().is_dir()


def test_contract_type_is_the_shared_enum() -> None:
    assert ContractType is enums.ContractType
    assert ContractType.LICENCE.label == "技术许可"


# ---------------------------------------------------------------------------------------- exact amounts


def test_zhenhai_flat_example(shipped: dict[str, Policy]) -> None:
    result = compute(shipped["zhenhai"], base_fen=12_345_678)
    assert result.amount_fen == 185_185
    assert result.gross_fen == 185_185
    assert result.caps_applied == ()
    assert [ln.kind for ln in result.lines] == [
        LineKind.BASE,
        LineKind.RATE,
        LineKind.ROUNDING,
        LineKind.GROSS,
        LineKind.RESULT,
    ]
    assert line(result, LineKind.RATE) == ["技术交易额 123,456.78 元 × 1.5%"]
    assert line(result, LineKind.ROUNDING) == ["四舍五入到分（精确值 1,851.8517 元）"]
    assert result.lines[-1].amount_fen == 185_185


def test_exact_product_has_no_rounding_line(shipped: dict[str, Policy]) -> None:
    result = compute(shipped["zhenhai"], base_fen=100 * WAN)
    assert result.amount_fen == 15_000 * YUAN
    assert not line(result, LineKind.ROUNDING)


def test_ningbo_marginal_tiers(shipped: dict[str, Policy]) -> None:
    ningbo = shipped["ningbo-2014"]
    result = compute(ningbo, base_fen=1_500 * WAN)
    assert result.amount_fen == 200_000 * YUAN
    slices = [ln for ln in result.lines if ln.kind is LineKind.SLICE]
    assert [(s.base_fen, s.rate, s.amount_fen) for s in slices] == [
        (1_000 * WAN, Decimal("0.015"), 150_000 * YUAN),
        (500 * WAN, Decimal("0.01"), 50_000 * YUAN),
    ]
    assert slices[1].label == "超过 10,000,000.00 元的部分 5,000,000.00 元 × 1%"

    capped = compute(ningbo, base_fen=3_000 * WAN)
    assert capped.gross_fen == 350_000 * YUAN
    assert capped.entitled_fen == capped.amount_fen == 300_000 * YUAN
    assert capped.caps_applied == ("per_project",)
    assert line(capped, LineKind.CAP_PROJECT) == ["单个项目奖励上限 300,000.00 元"]


def test_marginal_base_inside_first_tier_has_one_slice(shipped: dict[str, Policy]) -> None:
    result = compute(shipped["ningbo-2014"], base_fen=200 * WAN)
    assert line(result, LineKind.SLICE) == ["10,000,000.00 元以内的部分 2,000,000.00 元 × 1.5%"]
    assert result.amount_fen == 30_000 * YUAN


def test_zero_base_gives_zero(shipped: dict[str, Policy]) -> None:
    for policy in shipped.values():
        result = compute(policy, base_fen=0)
        assert result.amount_fen == 0
        assert result.lines[-1].kind is LineKind.RESULT


@pytest.mark.parametrize(
    ("base_yuan", "gross_yuan", "amount_yuan", "caps"),
    [
        (Decimal("4999999.99"), 0, 0, ()),
        (5_000_000, 100_000, 100_000, ()),
        (7_500_000, 150_000, 150_000, ()),
        (Decimal("9999999.99"), Decimal("200000.00"), 150_000, ("per_bracket",)),
        (10_000_000, 150_000, 150_000, ()),
        (40_000_000, 600_000, 500_000, ("per_bracket",)),
        (50_000_000, 500_000, 500_000, ()),
        (100_000_000, 1_000_000, 800_000, ("per_bracket",)),
    ],
)
def test_shanghai_brackets(
    shipped: dict[str, Policy],
    base_yuan: Decimal | int,
    gross_yuan: Decimal | int,
    amount_yuan: int,
    caps: tuple[str, ...],
) -> None:
    result = compute(shipped["shanghai-2016"], base_fen=int(base_yuan * YUAN))
    assert result.gross_fen == int(gross_yuan * YUAN)
    assert result.amount_fen == amount_yuan * YUAN
    assert result.caps_applied == caps


def test_threshold_line_below_and_above(shipped: dict[str, Policy]) -> None:
    below = compute(shipped["shanghai-2016"], base_fen=499_999_999)
    assert line(below, LineKind.THRESHOLD) == ["低于奖励起点 5,000,000.00 元，不予奖励"]
    assert below.amount_fen == 0
    above = compute(shipped["shanghai-2016"], base_fen=1_000 * WAN)
    assert line(above, LineKind.THRESHOLD) == ["达到奖励起点 5,000,000.00 元"]
    assert line(above, LineKind.RATE) == [
        "合同成交额 10,000,000.00 元，适用“10,000,000.00 元及以上、50,000,000.00 元以下”档，全额 × 1.5%"
    ]


def test_threshold_on_flat_policy() -> None:
    policy = make_policy(min_threshold_fen=250 * WAN, rate=Decimal("0.02"))
    assert compute(policy, base_fen=250 * WAN - 1).amount_fen == 0
    assert compute(policy, base_fen=250 * WAN).amount_fen == 50_000 * YUAN


@pytest.mark.parametrize(
    ("base", "rounding", "expected"),
    [
        (1, Rounding.HALF_UP, 1),  # 0.5 fen
        (1, Rounding.DOWN, 0),
        (1, Rounding.HALF_EVEN, 0),
        (3, Rounding.HALF_UP, 2),  # 1.5 fen
        (3, Rounding.HALF_EVEN, 2),
        (5, Rounding.HALF_EVEN, 2),  # 2.5 fen
        (5, Rounding.DOWN, 2),
        (7, Rounding.DOWN, 3),  # 3.5 fen
    ],
)
def test_rounding_at_half_a_fen(base: int, rounding: Rounding, expected: int) -> None:
    policy = make_policy(rate=Decimal("0.5"), rounding=rounding)
    assert compute(policy, base_fen=base).amount_fen == expected


def test_rounding_down_drops_the_fraction() -> None:
    policy = make_policy(rounding=Rounding.DOWN)
    result = compute(policy, base_fen=12_345_699)  # × 1.5% = 185185.485 fen
    assert result.amount_fen == 185_185
    assert line(result, LineKind.ROUNDING) == ["舍去尾数到分（精确值 1,851.85485 元）"]
    assert compute(make_policy(), base_fen=12_345_700).amount_fen == 185_186  # 185185.5 rounds up


def test_rounding_happens_once_on_the_sum() -> None:
    # Two slices of 0.5 fen each: rounding each would give 2 (half up), rounding the sum gives 1.
    policy = make_policy(
        rate_mode=RateMode.MARGINAL,
        rate=None,
        tiers=(Tier(1, Decimal("0.5")), Tier(None, Decimal("0.5"))),
        rounding=Rounding.HALF_UP,
    )
    result = compute(policy, base_fen=2)
    assert [ln.amount_fen for ln in result.lines if ln.kind is LineKind.SLICE] == [1, 1]
    assert result.gross_fen == 1
    assert result.amount_fen == 1


# ---------------------------------------------------------------------------------- caps across claims


def test_two_claims_on_one_contract_never_pass_the_cap(shipped: dict[str, Policy]) -> None:
    ningbo = shipped["ningbo-2014"]
    first = compute(ningbo, base_fen=1_500 * WAN)
    assert first.amount_fen == 200_000 * YUAN
    assert first.caps_applied == ()

    second = compute(ningbo, base_fen=3_000 * WAN, claimed_before_fen=first.amount_fen)
    assert second.amount_fen == 100_000 * YUAN
    assert "per_project" in second.caps_applied
    assert first.amount_fen + second.amount_fen == ningbo.cap_per_project_fen
    earlier = [ln for ln in second.lines if ln.kind is LineKind.EARLIER_CLAIMS]
    assert len(earlier) == 1
    assert earlier[0].amount_fen == 200_000 * YUAN
    assert earlier[0].label == "减：本合同此前已申请"
    assert earlier[0].note == "累计应得 300,000.00 元，尚可申请 100,000.00 元"
    kinds = [ln.kind for ln in second.lines]
    assert (
        kinds.index(LineKind.CAP_PROJECT)
        < kinds.index(LineKind.EARLIER_CLAIMS)
        < kinds.index(LineKind.RESULT)
    )

    third = compute(ningbo, base_fen=5_000 * WAN, claimed_before_fen=first.amount_fen + second.amount_fen)
    assert third.amount_fen == 0


def test_claimed_before_above_entitlement_gives_zero() -> None:
    result = compute(make_policy(), base_fen=100 * WAN, claimed_before_fen=20_000 * YUAN)
    assert result.entitled_fen == 15_000 * YUAN
    assert result.amount_fen == 0


def test_broker_year_cap() -> None:
    policy = make_policy(rate=Decimal("0.05"), cap_per_broker_year_fen=200_000 * YUAN)
    result = compute(policy, base_fen=400 * WAN, broker_year_claimed_fen=150_000 * YUAN)
    assert result.entitled_fen == 200_000 * YUAN
    assert result.amount_fen == 50_000 * YUAN
    assert result.caps_applied == ("per_broker_year",)
    assert line(result, LineKind.CAP_BROKER_YEAR) == ["年度奖励上限 200,000.00 元，本年度已获 150,000.00 元"]

    exhausted = compute(policy, base_fen=400 * WAN, broker_year_claimed_fen=250_000 * YUAN)
    assert exhausted.amount_fen == 0

    room = compute(policy, base_fen=100 * WAN, broker_year_claimed_fen=100_000 * YUAN)
    assert room.amount_fen == 50_000 * YUAN
    assert room.caps_applied == ()
    assert not line(room, LineKind.CAP_BROKER_YEAR)


@pytest.mark.parametrize("name", ["base_fen", "claimed_before_fen", "broker_year_claimed_fen"])
def test_negative_inputs_are_refused(name: str) -> None:
    kwargs = {"base_fen": 100, name: -1}
    with pytest.raises(ValidationError) as caught:
        compute(make_policy(), **kwargs)
    assert [(i.field, i.code) for i in caught.value.issues] == [(name, "amount.negative")]


def test_non_integer_base_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        compute(make_policy(), base_fen=True)
    assert caught.value.issues[0].code == "amount.invalid"


# ------------------------------------------------------------------------------------------------ splits


def test_split_thirds() -> None:
    shares = [("a", Decimal("33.33")), ("b", Decimal("33.33")), ("c", Decimal("33.34"))]
    assert split_shares(100, shares) == [("a", 33), ("b", 33), ("c", 34)]
    assert split_shares(1, shares) == [("a", 0), ("b", 0), ("c", 1)]
    assert split_shares(185_185, shares) == [("a", 61_722), ("b", 61_722), ("c", 61_741)]


def test_split_ties_go_to_the_earlier_share() -> None:
    assert split_shares(1, [("a", Decimal(50)), ("b", Decimal(50))]) == [("a", 1), ("b", 0)]
    halves = [("x", Decimal("12.5")), ("y", Decimal("12.5")), ("z", Decimal(75))]
    assert split_shares(4, halves) == [("x", 1), ("y", 0), ("z", 3)]  # 0.5, 0.5, 3: x wins the tie
    assert split_shares(2, halves) == [("x", 0), ("y", 0), ("z", 2)]  # 0.25, 0.25, 1.5: z has most
    assert split_shares(0, halves) == [("x", 0), ("y", 0), ("z", 0)]


def test_split_sum_must_be_100() -> None:
    with pytest.raises(ValidationError) as caught:
        split_shares(100, [("a", Decimal("33.33")), ("b", Decimal("33.33")), ("c", Decimal("33.33"))])
    assert caught.value.issues[0].message == "合计须为 100%，当前为 99.99%"


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-10)])
def test_split_refuses_zero_or_negative_percent(bad: Decimal) -> None:
    with pytest.raises(ValidationError) as caught:
        split_shares(100, [("a", Decimal(100) - bad), ("b", bad)])
    assert [i.code for i in caught.value.issues] == ["shares.not_positive"]


def test_split_refuses_empty_and_negative_total() -> None:
    with pytest.raises(ValidationError):
        split_shares(100, [])
    with pytest.raises(ValidationError):
        split_shares(-1, [("a", Decimal(100))])


# ------------------------------------------------------------------------------------------- eligibility


def good_facts(**changes: object) -> ClaimFacts:
    fields: dict[str, object] = {
        "contract_type": ContractType.TRANSFER,
        "registered": True,
        "registration_number": "2233021100001234",
        "buyer_division_code": "330211",
        "need_filed": True,
        "existing_claims_on_contract": 0,
        "signing_date": date(2023, 5, 1),
    }
    fields.update(changes)
    return ClaimFacts(**fields)  # type: ignore[arg-type]


def test_eligible_claim_has_no_issues(shipped: dict[str, Policy]) -> None:
    assert check_eligibility(shipped["zhenhai"], good_facts()) == []


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"registered": False}, "registration_number", "eligibility.not_registered"),
        ({"registration_number": None}, "registration_number", "eligibility.not_registered"),
        ({"buyer_division_code": "330212"}, "buyer_division_code", "eligibility.buyer_outside"),
        ({"buyer_division_code": None}, "buyer_division_code", "eligibility.buyer_division_missing"),
        ({"contract_type": ContractType.CONSULTING}, "contract_type", "eligibility.contract_type"),
        ({"need_filed": False}, "need_filed", "eligibility.need_not_filed"),
    ],
)
def test_eligibility_failures(
    shipped: dict[str, Policy], changes: dict[str, object], field: str, code: str
) -> None:
    issues = check_eligibility(shipped["zhenhai"], good_facts(**changes))
    assert [(i.field, i.code) for i in issues] == [(field, code)]
    assert issues[0].severity is Severity.ERROR


def test_eligibility_messages_are_readable(shipped: dict[str, Policy]) -> None:
    [issue] = check_eligibility(shipped["zhenhai"], good_facts(contract_type=ContractType.SERVICE))
    assert issue.message == "本政策只奖励技术开发、技术转让、技术许可合同，本合同为技术服务合同"
    [issue] = check_eligibility(shipped["zhenhai"], good_facts(buyer_division_code="330212"))
    assert issue.message == "买方（行政区划代码 330212）不在宁波市镇海区"


def test_city_policy_matches_by_prefix(shipped: dict[str, Policy]) -> None:
    ningbo = shipped["ningbo-2014"]
    assert check_eligibility(ningbo, good_facts(buyer_division_code="330212")) == []
    [issue] = check_eligibility(ningbo, good_facts(buyer_division_code="330102"))
    assert issue.code == "eligibility.buyer_outside"
    city_code = make_policy(division_codes=("330200",), eligibility=Eligibility(buyer_in_jurisdiction=True))
    assert check_eligibility(city_code, good_facts(buyer_division_code="330212")) == []


def test_one_claim_per_contract() -> None:
    policy = make_policy(eligibility=Eligibility(one_claim_per_contract=True))
    assert check_eligibility(policy, good_facts()) == []
    [issue] = check_eligibility(policy, good_facts(existing_claims_on_contract=1))
    assert (issue.field, issue.code) == ("contract", "eligibility.already_claimed")


def test_signing_date_outside_the_policy_warns(shipped: dict[str, Policy]) -> None:
    [issue] = check_eligibility(shipped["zhenhai"], good_facts(signing_date=date(2021, 12, 31)))
    assert (issue.field, issue.severity) == ("signing_date", Severity.WARNING)


def test_policy_applies_on() -> None:
    policy = make_policy(effective_from=date(2022, 3, 25), effective_to=date(2024, 12, 31))
    assert not policy_applies_on(policy, date(2022, 3, 24))
    assert policy_applies_on(policy, date(2022, 3, 25))
    assert policy_applies_on(policy, date(2024, 12, 31))
    assert not policy_applies_on(policy, date(2025, 1, 1))
    assert policy_applies_on(make_policy(), date(2099, 1, 1))


# ------------------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"rate": Decimal("1.5")}, "rate.rate"),
        ({"rate": Decimal("-0.01")}, "rate.rate"),
        ({"rate": None}, "rate.rate"),
        ({"cap_per_project_fen": -1}, "caps.per_project"),
        ({"cap_per_broker_year_fen": -1}, "caps.per_broker_year"),
        ({"min_threshold_fen": -1}, "rate.min_threshold"),
        ({"effective_to": date(2022, 3, 24)}, "policy.effective_to"),
        ({"base_kind": "turnover"}, "rate.base"),
        ({"rounding": "up"}, "rate.rounding"),
        ({"id": ""}, "policy.id"),
        ({"division_codes": ("33021",)}, "policy.division_codes"),
        ({"division_codes": (), "eligibility": Eligibility(buyer_in_jurisdiction=True)}, "eligibility"),
        ({"attachments": (Attachment("a", "甲"), Attachment("a", "乙"))}, "attachments[2].code"),
        ({"rate_mode": RateMode.MARGINAL, "rate": None}, "rate.tiers"),
        (
            {"rate_mode": RateMode.MARGINAL, "rate": None, "tiers": (Tier(100, Decimal("0.01")),)},
            "rate.tiers[1].up_to",
        ),
        (
            {
                "rate_mode": RateMode.MARGINAL,
                "rate": None,
                "tiers": (
                    Tier(200, Decimal("0.01")),
                    Tier(100, Decimal("0.01")),
                    Tier(None, Decimal("0.01")),
                ),
            },
            "rate.tiers[2].up_to",
        ),
        (
            {
                "rate_mode": RateMode.MARGINAL,
                "rate": None,
                "tiers": (Tier(100, Decimal("0.01"), cap_fen=5), Tier(None, Decimal("0.01"))),
            },
            "rate.tiers[1].cap",
        ),
    ],
)
def test_invalid_policies_are_refused(changes: dict[str, object], key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        make_policy(**changes)
    assert key in caught.value.message


def test_brackets_that_pay_less_for_more_are_refused() -> None:
    tiers = (Tier(100 * WAN, Decimal("0.02")), Tier(None, Decimal("0.01")))
    with pytest.raises(PolicyError) as caught:
        make_policy(rate_mode=RateMode.BRACKET, rate=None, tiers=tiers)
    assert "rate.tiers[2]" in caught.value.message
    # A cap on the lower bracket that meets the next bracket's reward makes the table sound.
    capped = (Tier(100 * WAN, Decimal("0.02"), cap_fen=10_000 * YUAN), Tier(None, Decimal("0.01")))
    make_policy(rate_mode=RateMode.BRACKET, rate=None, tiers=capped).validate()


def test_replace_revalidates(shipped: dict[str, Policy]) -> None:
    with pytest.raises(PolicyError):
        dataclasses.replace(shipped["zhenhai"], rate=Decimal(2))


# ------------------------------------------------------------------------------------- snapshots and JSON


def test_policy_round_trip(shipped: dict[str, Policy]) -> None:
    for policy in shipped.values():
        data = policy.to_dict()
        restored = Policy.from_dict(json.loads(json.dumps(data)))
        assert restored == policy
        assert restored.to_dict() == data
        assert restored.fingerprint() == policy.fingerprint()
    assert shipped["zhenhai"].to_dict()["rate"] == "0.015"
    assert shipped["zhenhai"].to_dict()["cap_per_project_fen"] == 30_000_000


def test_fingerprint_ignores_rate_spelling_but_not_value(shipped: dict[str, Policy]) -> None:
    zhenhai = shipped["zhenhai"]
    assert dataclasses.replace(zhenhai, rate=Decimal("0.0150")).fingerprint() == zhenhai.fingerprint()
    assert dataclasses.replace(zhenhai, rate=Decimal("0.014")).fingerprint() != zhenhai.fingerprint()
    assert len(zhenhai.fingerprint()) == 64


def test_damaged_snapshot_is_a_policy_error(shipped: dict[str, Policy]) -> None:
    data = shipped["zhenhai"].to_dict()
    for broken in (
        {k: v for k, v in data.items() if k != "tiers"},
        {**data, "rate_mode": "progressive"},
        {**data, "rate": "abc"},
        {**data, "format": 99},
    ):
        with pytest.raises(PolicyError):
            Policy.from_dict(broken)


def test_computation_round_trip(shipped: dict[str, Policy]) -> None:
    result = compute(shipped["ningbo-2014"], base_fen=3_000 * WAN, claimed_before_fen=10_000 * YUAN)
    data = json.loads(json.dumps(result.to_dict()))
    assert Computation.from_dict(data) == result
    with pytest.raises(PolicyError):
        Computation.from_dict({**data, "lines": [{"kind": "nonsense"}]})


# ------------------------------------------------------------------------------------------------- TOML

MINIMAL = """
[policy]
id = "demo"
name = "示例"
jurisdiction = "宁波市镇海区"
effective_from = 2024-01-01

[rate]
base = "tech_transaction"
mode = "flat"
rate = "1.5%"
"""

MARGINAL = """
[policy]
id = "demo"
name = "示例"
jurisdiction = "宁波市"
effective_from = "2024-01-01"

[rate]
base = "received_in_period"
mode = "marginal"

[[rate.tiers]]
up_to = "{first}"
rate = "1.5%"

[[rate.tiers]]
up_to = "{second}"
rate = "1%"

[[rate.tiers]]
rate = "0.5%"
"""


def test_minimal_toml_defaults() -> None:
    policy = load_policy_toml(MINIMAL, source_name="demo.toml")
    assert policy.version == 1
    assert policy.rounding is Rounding.HALF_UP
    assert policy.cap_per_project_fen is None
    assert policy.eligibility == Eligibility()
    assert policy.form == FormWording()


@pytest.mark.parametrize("written", ['"1.5%"', '"1.5 ％"', '"0.015"', "0.015", '"0.0150"'])
def test_rate_spellings(written: str) -> None:
    policy = load_policy_toml(MINIMAL.replace('"1.5%"', written))
    assert policy.rate == Decimal("0.015")


@pytest.mark.parametrize("written", ['"300000"', '"300,000"', "300000", "300_000", '"300000.00"'])
def test_amount_spellings(written: str) -> None:
    policy = load_policy_toml(MINIMAL + f"\n[caps]\nper_project = {written}\n")
    assert policy.cap_per_project_fen == 30_000_000


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (MINIMAL.replace('"1.5%"', '"abc"'), "rate.rate"),
        (MINIMAL.replace('"1.5%"', '"2"'), "rate.rate"),
        (MINIMAL.replace('"tech_transaction"', '"turnover"'), "rate.base"),
        (MINIMAL.replace('mode = "flat"', 'mode = "progressive"'), "rate.mode"),
        (MARGINAL.format(first="20000000", second="10000000"), "rate.tiers[2].up_to"),
        (MINIMAL + '\n[caps]\nper_project = "-1"\n', "caps.per_project"),
        (MINIMAL + '\n[caps]\nper_project = "1.234"\n', "caps.per_project"),
        (MINIMAL + '\n[caps]\nper_projet = "300000"\n', "caps.per_projet"),
        (MINIMAL + "\n[extra]\na = 1\n", "extra"),
        (MINIMAL + '\n[eligibility]\ncontract_types = ["lease"]\n', "eligibility.contract_types"),
        (MINIMAL + '\n[eligibility]\nrequire_registered = "yes"\n', "eligibility.require_registered"),
        (MINIMAL + '\n[[attachments]]\nlabel = "发票"\n', "attachments[1].code"),
        (MINIMAL.replace("2024-01-01", '"2024-13-01"'), "policy.effective_from"),
        (MINIMAL.replace('id = "demo"\n', ""), "policy.id"),
        (MINIMAL.replace("[policy]", "[polcy]"), "policy"),
    ],
)
def test_toml_errors_name_the_key_and_file(text: str, key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_toml(text, source_name="bad.toml")
    assert key in caught.value.message
    assert "bad.toml" in caught.value.message


def test_marginal_toml_loads() -> None:
    policy = load_policy_toml(MARGINAL.format(first="1000000", second="5000000"))
    assert policy.base_kind is BaseKind.RECEIVED_IN_PERIOD
    assert [t.up_to_fen for t in policy.tiers] == [1_000_000 * YUAN, 5_000_000 * YUAN, None]
    assert compute(policy, base_fen=600 * WAN).amount_fen == (15_000 + 40_000 + 5_000) * YUAN


def test_contract_types_accept_chinese_labels() -> None:
    policy = load_policy_toml(MINIMAL + '\n[eligibility]\ncontract_types = ["技术开发", "transfer"]\n')
    assert policy.eligibility.allowed_contract_types == (ContractType.DEVELOPMENT, ContractType.TRANSFER)


def test_broken_toml_syntax() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_toml("[policy\nid = 1", source_name="broken.toml")
    assert "broken.toml" in caught.value.message


def test_load_policy_file_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_file(tmp_path / "missing.toml")
    assert "missing.toml" in caught.value.message
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name = 'é'".encode("latin-1"))
    with pytest.raises(PolicyError):
        load_policy_file(bad)


def test_duplicate_policy_versions_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.toml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_default_policies(tmp_path)
    assert "a.toml" in caught.value.message
    assert "b.toml" in caught.value.message
    (tmp_path / "b.toml").write_text(
        MINIMAL.replace('id = "demo"', 'id = "demo"\nversion = 2'), encoding="utf-8"
    )
    assert [(p.id, p.version) for p in load_default_policies(tmp_path)] == [("demo", 1), ("demo", 2)]


# ---------------------------------------------------------------------------------------------- language


def test_labels_follow_the_language(shipped: dict[str, Policy]) -> None:
    set_language("en")
    result = compute(shipped["zhenhai"], base_fen=12_345_678)
    assert line(result, LineKind.RATE) == ["Technology transaction amount 123,456.78 yuan × 1.5%"]
    assert line(result, LineKind.RESULT) == ["Reward claimed now"]
    assert BaseKind.RECEIVED_IN_PERIOD.label == "Amount received to date"
    with pytest.raises(ValidationError) as caught:
        split_shares(100, [("a", Decimal(60)), ("b", Decimal(30))])
    assert caught.value.issues[0].message == "The shares must add up to 100%; they add up to 90%"
    with pytest.raises(PolicyError) as error:
        load_policy_toml(MINIMAL.replace('"1.5%"', '"abc"'), source_name="bad.toml")
    assert error.value.message.startswith("bad.toml: rate.rate: cannot read the rate 'abc'")


# ------------------------------------------------------------------------------------------- properties

amounts = st.integers(min_value=0, max_value=10**12)  # up to 10 billion yuan
optional_caps = st.none() | st.integers(min_value=0, max_value=10**10)
rates = st.decimals(min_value=0, max_value=Decimal("0.2"), places=4)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    mode = draw(st.sampled_from(RateMode))
    fields: dict[str, object] = {
        "rate_mode": mode,
        "rounding": draw(st.sampled_from(Rounding)),
        "cap_per_project_fen": draw(optional_caps),
        "cap_per_broker_year_fen": draw(optional_caps),
        "min_threshold_fen": draw(st.just(0) | st.integers(min_value=1, max_value=10**10)),
    }
    if mode is RateMode.FLAT:
        fields["rate"] = draw(rates)
        return make_policy(**fields)
    bounds = sorted(draw(st.sets(st.integers(min_value=1, max_value=10**11), max_size=4)))
    tier_rates = draw(st.lists(rates, min_size=len(bounds) + 1, max_size=len(bounds) + 1))
    uppers: list[int | None] = [*bounds, None]
    if mode is RateMode.MARGINAL:
        tiers = tuple(Tier(u, r) for u, r in zip(uppers, tier_rates, strict=True))
    else:
        # Rising rates and rising caps keep brackets monotone, which Policy insists on.
        caps = sorted(draw(st.lists(st.integers(0, 10**10), min_size=len(uppers), max_size=len(uppers))))
        use_caps = draw(st.booleans())
        tiers = tuple(
            Tier(u, r, c if use_caps else None)
            for u, r, c in zip(uppers, sorted(tier_rates), caps, strict=True)
        )
    return make_policy(rate=None, tiers=tiers, **fields)


@settings(deadline=None)
@given(policy=policies(), base=amounts, before=amounts, year_claimed=amounts)
def test_amount_respects_every_cap(policy: Policy, base: int, before: int, year_claimed: int) -> None:
    result = compute(policy, base_fen=base, claimed_before_fen=before, broker_year_claimed_fen=year_claimed)
    assert result.amount_fen >= 0
    assert result.amount_fen <= max(0, result.entitled_fen - before)
    assert result.entitled_fen <= result.gross_fen
    if policy.cap_per_project_fen is not None:
        assert result.entitled_fen <= policy.cap_per_project_fen
        assert result.amount_fen <= max(0, policy.cap_per_project_fen - before)
    if policy.cap_per_broker_year_fen is not None:
        assert result.amount_fen <= max(0, policy.cap_per_broker_year_fen - year_claimed)
    assert result.lines[-1].kind is LineKind.RESULT
    assert result.lines[-1].amount_fen == result.amount_fen
    assert all(ln.amount_fen is None or ln.amount_fen >= 0 for ln in result.lines)


@settings(deadline=None)
@given(policy=policies(), bases=st.tuples(amounts, amounts), before=amounts, year_claimed=amounts)
def test_amount_never_falls_as_the_base_grows(
    policy: Policy, bases: tuple[int, int], before: int, year_claimed: int
) -> None:
    low, high = sorted(bases)
    kwargs = {"claimed_before_fen": before, "broker_year_claimed_fen": year_claimed}
    assert (
        compute(policy, base_fen=low, **kwargs).amount_fen
        <= compute(policy, base_fen=high, **kwargs).amount_fen
    )


@settings(deadline=None)
@given(policy=policies(), bases=st.lists(amounts, min_size=1, max_size=5))
def test_instalment_claims_add_up_to_the_entitlement(policy: Policy, bases: list[int]) -> None:
    policy = dataclasses.replace(policy, cap_per_broker_year_fen=None)
    claimed = 0
    for base in sorted(bases):
        claimed += compute(policy, base_fen=base, claimed_before_fen=claimed).amount_fen
    assert claimed == compute(policy, base_fen=max(bases)).entitled_fen


@st.composite
def percentages(draw: st.DrawFn) -> list[Decimal]:
    """Positive percentages in hundredths of a percent that add up to exactly 100."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=9_999), max_size=6)))
    edges = [0, *cuts, 10_000]
    return [Decimal(b - a).scaleb(-2) for a, b in pairwise(edges)]


@given(total=amounts, pcts=percentages())
def test_shares_add_up_exactly(total: int, pcts: list[Decimal]) -> None:
    result = split_shares(total, list(enumerate(pcts)))
    assert [key for key, _ in result] == list(range(len(pcts)))
    assert sum(amount for _, amount in result) == total
    for (_, amount), pct in zip(result, pcts, strict=True):
        assert abs(amount - Fraction(total) * Fraction(pct) / 100) < 1
