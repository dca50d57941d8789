"""Policy errors as data (key path, code, message), the policy-file schema, and the one percent parser."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.workbench.test_rules import MARGINAL, MINIMAL, make_policy
from workbench import rules
from workbench.errors import PolicyError, PolicyProblem, ValidationError
from workbench.i18n import set_language
from workbench.rules import RateMode, Tier, format_percent, load_policy_toml, parse_percent
from workbench.services.claims import parse_percent as parse_share

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    yield
    set_language("zh_CN")


def problems_of(text: str) -> list[PolicyProblem]:
    with pytest.raises(PolicyError) as caught:
        load_policy_toml(text, source_name="bad.toml")
    assert caught.value.problems, caught.value.message
    return list(caught.value.problems)


# ------------------------------------------------------------------------------------ problems as data


def test_policy_problems_name_the_key_path_and_code_without_the_key_in_the_message() -> None:
    tiers = (Tier(200, Decimal("0.01")), Tier(100, Decimal("2")), Tier(None, Decimal("0.01")))
    with pytest.raises(PolicyError) as caught:
        make_policy(rate_mode=RateMode.MARGINAL, rate=None, tiers=tiers)
    found = {(p.path, p.code) for p in caught.value.problems}
    assert (("rate", "tiers", 2, "up_to"), "tiers.order") in found
    assert (("rate", "tiers", 2, "rate"), "rate.range") in found
    order = next(p for p in caught.value.problems if p.code == "tiers.order")
    assert order.key == "rate.tiers[2].up_to"
    assert "tiers" not in order.message and "递增" in order.message
    # The message people read still lists every problem under its key.
    assert "rate.tiers[2].up_to：各档上限须从小到大递增" in caught.value.message


def test_every_schema_error_is_reported_at_once_with_its_path() -> None:
    text = (
        MARGINAL.format(first="1000000", second="5000000").replace('rate = "1%"', 'rate = "abc"')
        + '\n[caps]\nper_projet = "1"\n\n[eligibility]\nrequire_registered = "yes"\n'
    )
    problems = problems_of(text)
    assert [(p.key, p.code) for p in problems] == [
        ("rate.tiers[2].rate", "rate.unreadable"),
        ("caps.per_projet", "extra_forbidden"),
        ("eligibility.require_registered", "bool_type"),
    ]
    assert problems[1].message == "未知的键（可用：per_broker_year, per_project）"
    assert problems[2].message == "应为 true 或 false"


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (MINIMAL.replace("[policy]", "[polcy]"), "policy", "缺少 [policy] 节"),
        (MINIMAL.replace('name = "示例"\n', ""), "policy.name", "必填"),
        (MINIMAL.replace('name = "示例"', "name = 3"), "policy.name", "应为文本（加引号）"),
        (MINIMAL.replace('id = "demo"', 'id = "demo"\nversion = "2"'), "policy.version", "应为整数"),
        (
            MINIMAL.replace('name = "示例"', 'name = "示例"\ndivision_codes = ["330211", 330212]'),
            "policy.division_codes",
            '应为文本数组，如 ["a", "b"]',
        ),
        (MINIMAL + "\n[caps]\nper_project = true\n", "caps.per_project", '应为以元计的金额，如 "300000"'),
        (MINIMAL + "\n[rate.tiers]\nrate = 1\n", "rate.tiers", "应写作 [[rate.tiers]] 数组"),
        (MINIMAL.replace("2024-01-01", "2024-01-01T08:00:00"), "policy.effective_from", "应为日期"),
    ],
)
def test_schema_messages_say_what_to_write(text: str, key: str, message: str) -> None:
    problems = problems_of(text)
    assert problems[0].key == key
    assert problems[0].message.startswith(message)


def test_a_rate_out_of_range_in_a_file_is_named_by_its_tier() -> None:
    text = MARGINAL.format(first="1000000", second="5000000").replace('rate = "1%"', 'rate = "150%"')
    (problem,) = problems_of(text)
    assert (problem.key, problem.code) == ("rate.tiers[2].rate", "rate.range")
    assert "1.5" in problem.message


def test_schema_errors_follow_the_language() -> None:
    set_language("en")
    problems = problems_of(MINIMAL + '\n[eligibility]\ncontract_types = ["lease"]\n')
    assert problems[0].key == "eligibility.contract_types[1]"
    assert problems[0].message.startswith("unknown value 'lease' (allowed: development,")


# --------------------------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("raw", "bare", "points"),
    [
        ("1.5", "percent", "1.5"),
        ("1.5%", "percent", "1.5"),
        (" 1.5 ％ ", "percent", "1.5"),
        ("0.015", "fraction", "1.5"),
        ("1.5%", "fraction", "1.5"),
        (Decimal("0.015"), "fraction", "1.5"),
        (50, "percent", "50"),
    ],
)
def test_percent_spellings(raw: object, bare: str, points: str) -> None:
    assert parse_percent(raw, bare=bare) == Decimal(points)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "code"), [("", "percent.empty"), ("abc", "percent.invalid"), (True, "percent.invalid")]
)
def test_unreadable_percentages_are_refused_with_a_code(raw: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_percent(raw, field="rate")
    assert [(i.field, i.code) for i in caught.value.issues] == [("rate", code)]


def test_shares_keep_two_decimals_and_use_the_same_parser() -> None:
    assert parse_share("33.33%") == Decimal("33.33")
    with pytest.raises(ValidationError) as caught:
        parse_share("33.333", field="--share")
    assert [(i.field, i.code) for i in caught.value.issues] == [("--share", "percent.precision")]
    assert caught.value.issues[0].message == "比例最多 2 位小数"


def test_percent_format_round_trips() -> None:
    assert format_percent(Decimal("0.015")) == "1.5%"
    assert format_percent(Decimal("0.0150"), sign=False) == "1.5"
    assert format_percent(Decimal("0.1")) == "10%"
    for rate in (Decimal("0.015"), Decimal("0.00125"), Decimal("1")):
        assert parse_percent(format_percent(rate)).scaleb(-2) == rate


# ----------------------------------------------------------------------------------------- public API


def test_nothing_imports_a_private_name_from_the_rules_package() -> None:
    offenders = []
    for folder in ("workbench", "ui", "scripts", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workbench.rules"):
                    inside = path.is_relative_to(ROOT / "workbench" / "rules")
                    offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
                    if not inside and node.module != "workbench.rules":
                        offenders.append(f"{path.name}: {node.module} (import from workbench.rules)")
    assert offenders == []


def test_the_names_other_modules_use_stay_importable() -> None:
    for name in (
        "BaseKind",
        "ClaimFacts",
        "Computation",
        "ContractType",
        "Policy",
        "RateMode",
        "Rounding",
        "check_eligibility",
        "compute",
        "split_shares",
        "load_default_policies",
        "LABELS",
        "division_prefix",
    ):
        assert hasattr(rules, name), name
    assert rules.division_prefix("330200") == "3302"
    assert rules.LABELS["BaseKind"]["tech_transaction"][0] == "技术交易额"
