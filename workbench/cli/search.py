"""Finding things: ``match`` (technologies for a need), ``search`` (everything) and ``index``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from workbench.cli.common import (
    MAX_DESCRIPTION_CHARS,
    CliError,
    bounded_int,
    emit,
    limited_text,
    open_store,
    progress_printer,
    table,
)
from workbench.i18n import t
from workbench.store import Store


def _repair_index(args: argparse.Namespace, store: Store) -> None:
    """Check the search index against the data before using it (repairs after a crash or a bulk import)."""
    from workbench.search.index import verify_and_repair

    verify_and_repair(store, progress=None if args.json else progress_printer())


def _candidate_text(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return t("（没有匹配的结果）", "(no matches)")
    lines = []
    for i, row in enumerate(rows, 1):
        owner = f"（{row['owner']}）" if row.get("owner") else ""
        lines.append(f"{i:>2}. {row['score']:>5.1f}  {row['title']}{owner}  [{row['id']}]")
        lines += [f"        {r['contribution']:+6.1f}  {r['label']}" for r in row["reasons"]]
    return "\n".join(lines)


def cmd_match(args: argparse.Namespace) -> int:
    from workbench.search.matcher import rank_technologies

    if bool(args.need_id) == bool(args.text):
        raise CliError(
            t(
                "请给出技术需求编号，或用 --text 给出需求描述（二者选一）",
                "Give a need id, or a need description with --text (one of the two)",
            )
        )
    limited_text(args.text, "--text", MAX_DESCRIPTION_CHARS)
    with open_store(args) as store:
        _repair_index(args, store)
        with store.session() as session:
            found = rank_technologies(session, args.need_id, text=args.text, top=max(0, args.top))
            rows = [c.as_json() for c in found]
    emit(args, rows, lambda: _candidate_text(rows))
    return 0


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    from workbench.search.index import KINDS, rebuild

    kinds = args.kind or list(KINDS)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise CliError(t("未知的索引类型：{k}", "Unknown index kind: {k}", k=", ".join(unknown)))
    # The index is derived from the data: rebuilding it is no reason for a backup on close.
    with open_store(args, auto_backup=False) as store:
        counts = rebuild(store, kinds=kinds, progress=None if args.json else progress_printer())
    emit(
        args,
        counts,
        lambda: t("索引已重建：", "Index rebuilt: ") + ", ".join(f"{k} {v}" for k, v in counts.items()),
    )
    return 0


def cmd_index_check(args: argparse.Namespace) -> int:
    from workbench.search.index import verify_and_repair

    with open_store(args) as store:
        report = verify_and_repair(store, progress=None if args.json else progress_printer())
    payload = {
        "ok_before": all(s.ok for s in report.before),
        "kinds": [vars(s) | {"ok": s.ok} for s in report.before],
        "reindexed": report.reindexed,
        "rebuilt": report.rebuilt,
        "triggers_restored": report.triggers_restored,
    }
    emit(
        args,
        payload,
        lambda: (
            t("索引与数据一致", "The index matches the data")
            if not report.changed
            else t("索引已修复：", "Index repaired: ")
            + json.dumps({"reindexed": report.reindexed, "rebuilt": report.rebuilt}, ensure_ascii=False)
        ),
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from workbench.search.global_search import global_search
    from workbench.services.labels import kind_label

    limited_text(args.text, t("搜索文字", "the search text"))
    with open_store(args) as store:
        _repair_index(args, store)
        with store.session() as session:
            found = global_search(session, args.text, args.limit, kinds=args.kind or None)
            hits = [h.as_json() for h in found]
    for hit in hits:
        hit["kind_label"] = kind_label(hit["kind"])
    emit(args, hits, lambda: table(hits, ("kind_label", "title", "detail", "id")))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "match", parents=[common], help=t("为技术需求匹配技术成果", "rank technologies for a need")
    )
    p.add_argument("need_id", nargs="?", help=t("技术需求编号", "need id"))
    p.add_argument(
        "--text",
        help=t(
            "需求描述（代替需求编号）；以“-”开头时写作 --text=-涂层",
            "a need description (instead of an id); written --text=-coating when it starts with '-'",
        ),
    )
    p.add_argument(
        "--top", type=bounded_int(0, 10_000), default=20, help=t("返回条数", "number of candidates")
    )
    p.set_defaults(func=cmd_match)

    idx = sub.add_parser("index", parents=[common], help=t("搜索索引", "the search index"))
    isub = idx.add_subparsers(dest="index_command", required=True, parser_class=type(idx))
    p = isub.add_parser("rebuild", parents=[common], help=t("重建搜索索引", "rebuild the search index"))
    p.add_argument("--kind", action="append", default=[], help=t("只重建这一类", "only this kind"))
    p.set_defaults(func=cmd_index_rebuild)
    p = isub.add_parser("check", parents=[common], help=t("检查并修复索引", "check and repair the index"))
    p.set_defaults(func=cmd_index_check)

    p = sub.add_parser(
        "search",
        parents=[common],
        help=t("全局搜索", "search everything"),
        epilog=t(
            "以“-”开头的文字放在 -- 之后：workbench search -- -涂层",
            "Text that starts with '-' goes after a lone --: workbench search -- -coating",
        ),
    )
    p.add_argument("text")
    p.add_argument("--limit", type=bounded_int(0, 10_000), default=20)
    p.add_argument("--kind", action="append", default=[], help=t("只搜索这一类", "only this kind"))
    p.set_defaults(func=cmd_search)
