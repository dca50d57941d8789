"""Reward rules engine: policies as versioned data, claim computations line by line, splits, eligibility.

The package's parts: ``kinds`` (the policy's vocabularies), ``percent`` (reading and writing
percentages), ``policy`` (the policy, its validation and snapshot), ``compute`` (computations and
splits), ``eligibility`` and ``schema`` (the policy file's schema and loading). Import from here.
"""

from __future__ import annotations

from workbench.enums import ContractType
from workbench.rules.compute import Computation, ComputationLine, compute, split_shares
from workbench.rules.eligibility import ClaimFacts, check_eligibility, division_prefix
from workbench.rules.kinds import LABELS, BaseKind, LineKind, RateMode, Rounding
from workbench.rules.percent import decimal_text, format_percent, parse_percent
from workbench.rules.policy import (
    SNAPSHOT_FORMAT,
    Attachment,
    Eligibility,
    FormWording,
    Policy,
    Tier,
    policy_applies_on,
    policy_problems,
    problem_lines,
)
from workbench.rules.schema import (
    PolicyFile,
    default_policy_dir,
    load_default_policies,
    load_policy_file,
    load_policy_toml,
)

__all__ = [
    "LABELS",
    "SNAPSHOT_FORMAT",
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
    "PolicyFile",
    "RateMode",
    "Rounding",
    "Tier",
    "check_eligibility",
    "compute",
    "decimal_text",
    "default_policy_dir",
    "division_prefix",
    "format_percent",
    "load_default_policies",
    "load_policy_file",
    "load_policy_toml",
    "parse_percent",
    "policy_applies_on",
    "policy_problems",
    "problem_lines",
    "split_shares",
]
