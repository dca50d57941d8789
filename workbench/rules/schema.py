"""The policy file's schema (resources/policies/README.md) as pydantic models, and reading TOML with it.

Every key is declared once here with its type; pydantic refuses a misspelt key, a wrong type or a
missing one, and each of its errors becomes a ``PolicyProblem`` naming the key path (``rate.tiers[2].rate``)
with a message in the user's language. What the schema cannot say alone (tiers that fit the rate mode,
bounds that rise) is checked by ``Policy`` itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from workbench.enums import ContractType
from workbench.errors import PolicyError, PolicyProblem, ValidationError
from workbench.i18n import t
from workbench.money import parse_yuan
from workbench.paths import resource_dir
from workbench.rules.kinds import BaseKind, RateMode, Rounding
from workbench.rules.percent import parse_percent
from workbench.rules.policy import Attachment, Eligibility, FormWording, Policy, Tier, problem_lines

__all__ = [
    "PolicyFile",
    "default_policy_dir",
    "load_default_policies",
    "load_policy_file",
    "load_policy_toml",
]

E = TypeVar("E", bound=ContractType | BaseKind | RateMode | Rounding)


def _custom(code: str, message: str) -> PydanticCustomError:
    # The message is translated already; "{message}" keeps pydantic from reading braces in it.
    return PydanticCustomError(code, "{message}", {"message": message})


def _amount(value: object) -> int:
    """An amount in yuan (text or number) as fen."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _custom(
            "amount.type", t('应为以元计的金额，如 "300000"', 'must be an amount in yuan, e.g. "300000"')
        )
    try:
        return parse_yuan(value)
    except ValidationError as exc:
        raise _custom("amount.invalid", "; ".join(issue.message for issue in exc.issues)) from None


def _rate(value: object) -> Decimal:
    """A rate written as a percentage ("1.5%") or a fraction ("0.015", 0.015), as a fraction."""
    try:
        return parse_percent(value, bare="fraction").scaleb(-2)
    except ValidationError:
        raise _custom(
            "rate.unreadable",
            t(
                '无法识别的比例“{value}”（应写作 "1.5%" 或 "0.015"）',
                'cannot read the rate \'{value}\' (write "1.5%" or "0.015")',
                value=value,
            ),
        ) from None


def _day(value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise _custom("date.invalid", t("应为日期，如 2022-03-25", "must be a date, e.g. 2022-03-25"))


def _choice(enum_cls: type[E], *, labels: bool = False) -> Callable[[object], E]:
    """A validator for one of ``enum_cls``'s values (or, with ``labels``, its label in either language)."""

    def read(value: object) -> E:
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return enum_cls(ContractType.parse(value).value if labels else value)
        except ValueError:
            raise _custom(
                "choice.unknown",
                t(
                    "未知的取值“{value}”（可用：{allowed}）",
                    "unknown value '{value}' (allowed: {allowed})",
                    value=value,
                    allowed=", ".join(member.value for member in enum_cls),
                ),
            ) from None

    return read


# The validator sits outside "| None" so that pydantic does not try each branch of the union and report both.
Amount = Annotated[int | None, BeforeValidator(_amount)]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
OptionalRate = Annotated[Decimal | None, BeforeValidator(_rate)]
Day = Annotated[date, BeforeValidator(_day)]
OptionalDay = Annotated[date | None, BeforeValidator(_day)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class PolicySection(_Strict):
    """``[policy]``: what the policy is and when it applies."""

    id: str
    version: int = 1
    name: str
    jurisdiction: str
    division_codes: list[str] = Field(default_factory=list)
    effective_from: Day
    effective_to: OptionalDay = None
    notes: str = ""
    source: str = ""


class TierTable(_Strict):
    """``[[rate.tiers]]``: a bound in yuan (none on the last), a rate, a bracket's own cap."""

    up_to: Amount = None
    rate: Rate
    cap: Amount = None


class RateSection(_Strict):
    """``[rate]``: the base, the mode, a flat rate or the tiers, the threshold and the rounding."""

    base: Annotated[BaseKind, BeforeValidator(_choice(BaseKind))]
    mode: Annotated[RateMode, BeforeValidator(_choice(RateMode))]
    rate: OptionalRate = None
    tiers: list[TierTable] = Field(default_factory=list)
    min_threshold: Amount = None
    rounding: Annotated[Rounding, BeforeValidator(_choice(Rounding))] = Rounding.HALF_UP


class CapsSection(_Strict):
    """``[caps]``: per project and per broker and year, in yuan."""

    per_project: Amount = None
    per_broker_year: Amount = None


class EligibilitySection(_Strict):
    """``[eligibility]``: the conditions a claim must meet."""

    require_registered: bool = False
    buyer_in_jurisdiction: bool = False
    contract_types: list[Annotated[ContractType, BeforeValidator(_choice(ContractType, labels=True))]] = (
        Field(default_factory=list)
    )
    require_need_filed: bool = False
    one_claim_per_contract: bool = False


class FormSection(_Strict):
    """``[form]``: the claim form's fixed wording."""

    title: str = ""
    jurisdiction_name: str = ""
    declaration: str = ""
    authority_boxes: list[str] = Field(default_factory=list)


class AttachmentTable(_Strict):
    """``[[attachments]]``: a supporting document the claim lists."""

    code: str
    label: str
    required: bool = True


class PolicyFile(_Strict):
    """A whole policy file."""

    policy: PolicySection
    rate: RateSection
    caps: CapsSection = CapsSection()
    eligibility: EligibilitySection = EligibilitySection()
    form: FormSection = FormSection()
    attachments: list[AttachmentTable] = Field(default_factory=list)

    def to_policy(self) -> Policy:
        """The policy this file describes (``PolicyError`` with problems if its rules do not hold)."""
        head, rate, caps, elig, form = self.policy, self.rate, self.caps, self.eligibility, self.form
        return Policy(
            id=head.id,
            version=head.version,
            name=head.name,
            jurisdiction=head.jurisdiction,
            division_codes=tuple(head.division_codes),
            effective_from=head.effective_from,
            effective_to=head.effective_to,
            notes=head.notes,
            source=head.source,
            base_kind=rate.base,
            rate_mode=rate.mode,
            rate=rate.rate,
            tiers=tuple(Tier(up_to_fen=r.up_to, rate=r.rate, cap_fen=r.cap) for r in rate.tiers),
            min_threshold_fen=rate.min_threshold or 0,
            rounding=rate.rounding,
            cap_per_project_fen=caps.per_project,
            cap_per_broker_year_fen=caps.per_broker_year,
            eligibility=Eligibility(
                require_registered=elig.require_registered,
                buyer_in_jurisdiction=elig.buyer_in_jurisdiction,
                allowed_contract_types=tuple(elig.contract_types),
                require_need_filed=elig.require_need_filed,
                one_claim_per_contract=elig.one_claim_per_contract,
            ),
            attachments=tuple(Attachment(a.code, a.label, a.required) for a in self.attachments),
            form=FormWording(
                title=form.title,
                jurisdiction_name=form.jurisdiction_name,
                declaration=form.declaration,
                authority_boxes=tuple(form.authority_boxes),
            ),
        )


# ------------------------------------------------------------------------------------------ errors


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The schema model that holds the key at ``loc`` (None below a plain value)."""
    model: type[BaseModel] = PolicyFile
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _nested_model(field.annotation) if field is not None else None
        if inner is None:
            return None
        model = inner
    return model


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _problem(error: ErrorDetails) -> PolicyProblem:
    """One pydantic error as a problem: key path counted as in the file (from 1), message translated."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "string_type" and loc and isinstance(loc[-1], int):
        loc, kind = loc[:-1], "text_list"  # an item of a list of text: name the list
    path = tuple(part + 1 if isinstance(part, int) else part for part in loc)
    name = ".".join(str(part) for part in loc if isinstance(part, str))
    holder = _model_at(loc)
    field = holder.model_fields.get(str(loc[-1])) if holder is not None and loc else None
    section = field is not None and _nested_model(field.annotation) is not None
    messages: dict[str, Callable[[], str]] = {
        "missing": lambda: (
            t("缺少 [{name}] 节", "the [{name}] section is missing", name=name)
            if section
            else t("必填", "required")
        ),
        "extra_forbidden": lambda: t(
            "未知的键（可用：{allowed}）",
            "unknown key (allowed: {allowed})",
            allowed=", ".join(sorted(holder.model_fields)) if holder is not None else "",
        ),
        "string_type": lambda: t("应为文本（加引号）", "must be text (in quotes)"),
        "text_list": lambda: t('应为文本数组，如 ["a", "b"]', 'must be a list of text, e.g. ["a", "b"]'),
        "bool_type": lambda: t("应为 true 或 false", "must be true or false"),
        "int_type": lambda: t("应为整数", "must be a whole number"),
        "model_type": lambda: t("应为表（[节] 或 [[数组]]）", "must be a table ([section] or [[array]])"),
        "list_type": lambda: (
            t("应写作 [[{name}]] 数组", "must be an array of tables [[{name}]]", name=name)
            if field is not None and _nested_model(field.annotation) is not None
            else t('应为文本数组，如 ["a", "b"]', 'must be a list of text, e.g. ["a", "b"]')
        ),
    }
    make = messages.get(kind)
    if make is not None:
        return PolicyProblem(path, kind, make())
    if "message" in error.get("ctx", {}):  # one of ours, translated already
        return PolicyProblem(path, kind, str(error["ctx"]["message"]))
    return PolicyProblem(path, kind, t("取值无效：{detail}", "invalid value: {detail}", detail=error["msg"]))


# ------------------------------------------------------------------------------------------ loading


def load_policy_toml(text: str, *, source_name: str = "") -> Policy:
    """Read one policy from TOML (schema in resources/policies/README.md); errors name the key and file."""
    where = source_name or t("（未命名的政策文件）", "(unnamed policy file)")
    try:
        raw = tomllib.loads(text, parse_float=Decimal)  # Decimal: a TOML float must never become a float
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(
            t("{file}：不是有效的 TOML：{error}", "{file}: not valid TOML: {error}", file=where, error=exc)
        ) from exc
    try:
        parsed = PolicyFile.model_validate(raw)
    except PydanticValidationError as exc:
        problems = [_problem(error) for error in exc.errors()]
        raise PolicyError("\n".join(problem_lines(problems, where)), problems) from None
    try:
        return parsed.to_policy()
    except PolicyError as exc:
        raise PolicyError(
            t("{file}：{error}", "{file}: {error}", file=where, error=exc.message), exc.problems
        ) from exc


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
