"""Reward policies: ``policy list``, ``policy show``, ``policy compute`` (which needs no data file)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from workbench.cli.common import bounded_int, data_paths, emit, open_store, record_json, table
from workbench.i18n import t
from workbench.money import amount_in_words, format_yuan, parse_yuan

if TYPE_CHECKING:
    from workbench.rules import Policy as RulePolicy


def cmd_policy_list(args: argparse.Namespace) -> int:
    from workbench.services.policies import list_policies

    with open_store(args) as store, store.session() as session:
        rows = [record_json(p) for p in list_policies(session, all_versions=args.all)]
    for r in rows:
        r.pop("data", None)
    emit(args, rows, lambda: table(rows, ("policy_key", "version", "name", "active")))
    return 0


def cmd_policy_show(args: argparse.Namespace) -> int:
    from workbench.services.policies import get_policy

    with open_store(args) as store, store.session() as session:
        row = get_policy(session, args.policy_id, version=args.version)
        data = row.data
    emit(args, data, lambda: json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def shipped_policy(key: str) -> RulePolicy:
    """The newest version of a policy shipped with the app, for a machine that has no data file yet."""
    from workbench.errors import NotFoundError
    from workbench.rules import load_default_policies

    shipped = load_default_policies()
    found = [p for p in shipped if p.id == key]
    if not found:
        known = ", ".join(sorted({p.id for p in shipped})) or "-"
        raise NotFoundError(t("奖励政策（可用：{k}）", "reward policy (known: {k})", k=known), key)
    return max(found, key=lambda p: p.version)


def cmd_policy_compute(args: argparse.Namespace) -> int:
    from workbench.rules import compute
    from workbench.services.policies import get_policy, rules_of

    base = parse_yuan(args.base, field="--base")
    before = parse_yuan(args.claimed_before, field="--claimed-before")
    year = parse_yuan(args.broker_year_claimed, field="--broker-year-claimed")
    if data_paths(args).db.exists():
        # The data file's policies, as the user may have edited or added them.
        with open_store(args) as store, store.session() as session:
            rules = rules_of(get_policy(session, args.policy_id))
    else:
        # A fresh machine (or a mistyped --db): the shipped policies, and nothing is created.
        rules = shipped_policy(args.policy_id)
    comp = compute(rules, base_fen=base, claimed_before_fen=before, broker_year_claimed_fen=year)
    payload: dict[str, Any] = {
        "policy": rules.id,
        "version": rules.version,
        "base": format_yuan(comp.base_fen),
        "amount": format_yuan(comp.amount_fen),
        "amount_in_words": amount_in_words(comp.amount_fen),
        "caps_applied": list(comp.caps_applied),
        "lines": [
            {
                "kind": str(line.kind),
                "label": line.label,
                "amount": None if line.amount_fen is None else format_yuan(line.amount_fen),
                "rate": None if line.rate is None else str(line.rate),
            }
            for line in comp.lines
        ],
    }

    def text() -> str:
        out = [
            f"{line['label']}" + (f"  = {line['amount']}" if line["amount"] is not None else "")
            for line in payload["lines"]
        ]
        out.append(
            t(
                "申请金额：¥{a}（{w}）",
                "Amount: ¥{a} ({w})",
                a=payload["amount"],
                w=payload["amount_in_words"],
            )
        )
        return "\n".join(out)

    emit(args, payload, text)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    pol = sub.add_parser("policy", parents=[common], help=t("奖励政策", "reward policies"))
    psub = pol.add_subparsers(dest="policy_command", required=True, parser_class=type(pol))
    p = psub.add_parser("list", parents=[common])
    p.add_argument("--all", action="store_true", help=t("包括旧版本", "include older versions"))
    p.set_defaults(func=cmd_policy_list)
    p = psub.add_parser("show", parents=[common])
    p.add_argument("policy_id")
    p.add_argument("--version", type=bounded_int(1, 1_000_000))
    p.set_defaults(func=cmd_policy_show)
    p = psub.add_parser(
        "compute",
        parents=[common],
        help=t(
            "按政策计算奖励（没有数据文件时用随软件提供的政策）",
            "compute a reward (with the shipped policies when there is no data file)",
        ),
    )
    p.add_argument("policy_id")
    p.add_argument("--base", required=True, help=t("计奖基数（元）", "base amount in yuan"))
    p.add_argument(
        "--claimed-before", default="0", help=t("本项目此前已申请（元）", "already claimed (yuan)")
    )
    p.add_argument(
        "--broker-year-claimed", default="0", help=t("本年度已申请（元）", "claimed this year (yuan)")
    )
    p.set_defaults(func=cmd_policy_compute)
