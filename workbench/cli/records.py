"""Records of any kind: ``list``, ``show``, ``delete`` (and ``--undo``), ``provenance``."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli.common import (
    LIST_COLUMNS,
    bounded_int,
    details,
    emit,
    limited_text,
    open_store,
    parse_filters,
    record_json,
    service,
    show_value,
    table,
)
from workbench.i18n import t


def cmd_list(args: argparse.Namespace) -> int:
    if args.kind in ("policy", "policies"):
        from workbench.cli.policy import cmd_policy_list

        args.all = False
        return cmd_policy_list(args)
    svc = service(args.kind)
    text = limited_text(args.text, "--text")
    filters = parse_filters(args.filter)
    with open_store(args) as store, store.session() as session:
        page = svc.list(
            session,
            text=text,
            filters=filters,
            order_by=args.sort,
            descending=args.desc,
            offset=args.offset,
            limit=args.limit,
            include_deleted=args.include_deleted,
        )
        rows = [record_json(r) for r in page.rows]
    payload = {
        "kind": svc.kind,
        "total": page.total,
        "offset": page.offset,
        "count": len(rows),
        "rows": rows,
    }
    cols = LIST_COLUMNS[svc.kind]
    emit(
        args,
        payload,
        lambda: (
            table(rows, cols)
            + "\n"
            + t("共 {n} 条，显示 {m} 条", "{n} in all, {m} shown", n=page.total, m=len(rows))
        ),
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    svc = service(args.kind)
    with open_store(args) as store, store.session() as session:
        if svc.kind == "claim":
            from workbench.services import get_claim

            obj = get_claim(session, args.id)
        else:
            obj = svc.get(session, args.id, include_deleted=True)
        data = details(session, svc.kind, obj)
    emit(args, data, lambda: "\n".join(f"{k}: {show_value(v)}" for k, v in data.items()))
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    svc = service(args.kind)
    with open_store(args) as store, store.session(actor="cli") as session:
        changes = svc.restore(session, args.ids) if args.undo else svc.delete(session, args.ids)
    emit(args, {"ids": list(changes.ids)}, lambda: t("完成：{n} 条", "Done: {n}", n=len(changes.ids)))
    return 0


def cmd_provenance(args: argparse.Namespace) -> int:
    from workbench.services.provenance import chains

    svc = service(args.kind)
    with open_store(args) as store, store.session() as session:
        found = chains(session, svc.kind, args.id)
        payload: list[dict[str, Any]] = [
            {
                "enterprise": c.enterprise.name if c.enterprise else None,
                "visit": c.visit.id if c.visit else None,
                "need": c.need.title if c.need else None,
                "need_id": c.need.id if c.need else None,
                "match": c.match.id if c.match else None,
                "stage": c.match.stage if c.match else None,
                "technology": c.technology.title if c.technology else None,
                "contract": c.contract.title if c.contract else None,
                "contract_id": c.contract.id if c.contract else None,
                "claims": [cl.claim_no for cl in c.claims],
            }
            for c in found
        ]
    emit(
        args,
        payload,
        lambda: "\n".join(
            " → ".join(str(v) for k, v in p.items() if v and not k.endswith("_id")) for p in payload
        ),
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    dash = t(
        "以“-”开头的文字写作 --text=-涂层（带等号），或把参数放在 -- 之后。",
        "Text that starts with '-' is written --text=-coating (with '='), or after a lone --.",
    )
    p = sub.add_parser("list", parents=[common], help=t("列出记录", "list records"), epilog=dash)
    p.add_argument("kind")
    p.add_argument("--text", help=t("按文字筛选（如 --text=-涂层）", "filter by text (e.g. --text=-coating)"))
    p.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
    p.add_argument("--sort")
    p.add_argument("--desc", action="store_true", default=None)
    p.add_argument("--offset", type=bounded_int(0), default=0)
    p.add_argument("--limit", type=bounded_int(0, 100_000), default=50)
    p.add_argument("--include-deleted", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help=t("显示一条记录", "show one record"), epilog=dash)
    p.add_argument("kind")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("delete", parents=[common], help=t("删除（可恢复）", "soft delete (restorable)"))
    p.add_argument("kind")
    p.add_argument("ids", nargs="+")
    p.add_argument("--undo", action="store_true", help=t("恢复已删除的记录", "bring deleted records back"))
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("provenance", parents=[common], help=t("来龙去脉", "provenance chain"))
    p.add_argument("kind")
    p.add_argument("id")
    p.set_defaults(func=cmd_provenance)
