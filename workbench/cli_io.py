"""The ``import``, ``export`` and ``report`` commands of the ``workbench`` CLI (``register`` adds them).

``workbench import KIND FILE [--sheet NAME] [--mapping FILE] [--dry-run] [--valid-only] [--json]``
previews the file (every row new / update / unchanged / invalid, with its problems) and, unless
``--dry-run``, writes it in one transaction. An import that refuses — invalid rows without
``--valid-only``, unconfirmed near-duplicate names — exits 1 and writes nothing; so does a dry run whose
import would refuse.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import t

MAX_PROBLEMS_SHOWN = 50


class IoCliError(WorkbenchError):
    """A usage problem of the import/export commands."""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``import``, ``export`` and ``report`` to the CLI's sub-command parsers."""
    p = sub.add_parser(
        "import", parents=[common], help=t("从 Excel/WPS 或 CSV 导入", "import from Excel/WPS or CSV")
    )
    p.add_argument("kind", help="enterprises, contacts, institutions, technologies, needs, visits")
    p.add_argument("file")
    p.add_argument("--sheet", help=t("工作表名称", "sheet name"))
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help=t("列映射 JSON：{表头: 字段}", "column mapping JSON: {heading: field}"),
    )
    p.add_argument("--dry-run", action="store_true", help=t("只预览，不写入", "preview only, write nothing"))
    p.add_argument(
        "--valid-only", action="store_true", help=t("只导入正确的行", "import the valid rows only")
    )
    p.add_argument(
        "--similar",
        choices=("update", "new"),
        help=t(
            "名称相近的企业：update=更新已有企业，new=作为新企业",
            "near-duplicate names: update the existing enterprise, or create a new one",
        ),
    )
    p.add_argument(
        "--problems", metavar="XLSX", help=t("把问题行保存为 .xlsx", "save the problem rows as .xlsx")
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export", parents=[common], help=t("导出列表为 .xlsx 或 .csv", "export a list to .xlsx or .csv")
    )
    p.add_argument("kind")
    p.add_argument("file")
    p.add_argument(
        "--filter",
        dest="text",
        help=t("按文字筛选（同列表的搜索框）", "filter text, as the list's search box"),
    )
    p.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")
    p.add_argument("--sort")
    p.add_argument("--desc", action="store_true", default=None)
    p.add_argument("--columns", help=t("只导出这些字段（逗号分隔）", "only these fields, comma-separated"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", parents=[common], help=t("期间工作报表（.xlsx）", "period report (.xlsx)"))
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_report)


def _open(args: argparse.Namespace) -> Any:
    from workbench.keys import TerminalKeyProvider
    from workbench.paths import default_paths, paths_for_db
    from workbench.store import AutoBackup, Store

    paths = paths_for_db(args.db) if args.db else default_paths()
    store = Store.open(
        paths.db, backup_dir=paths.backup_dir, keys=TerminalKeyProvider(), auto_backup=AutoBackup()
    )
    return store, paths


def _progress(args: argparse.Namespace) -> Callable[[str, int, int], None] | None:
    if args.json or not sys.stderr.isatty():
        return None

    def report(stage: str, done: int, total: int) -> None:
        print(f"\r{stage}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return report


def _read_mapping(path: str | None) -> dict[str, str] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IoCliError(
            t("无法读取映射文件“{p}”：{e}", "Cannot read the mapping file “{p}”: {e}", p=path, e=exc)
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise IoCliError(
            t(
                '映射文件应为 {"表头": "字段"} 形式的 JSON',
                'The mapping file must be JSON {"heading": "field"}',
            )
        )
    return data


def plan_json(plan: Any) -> dict[str, Any]:
    lay = plan.layout
    return {
        "kind": plan.kind,
        "file": plan.source,
        "sheet": plan.sheet.name,
        "header_row": lay.header_row + 1,
        "mapping": {lay.headers[c]: f for c, f in sorted(lay.mapping.items())},
        "notices": plan.notices,
        "counts": plan.counts,
        "blank_rows": plan.blank_rows,
        "rows": [
            {
                "row": r.row,
                "status": r.status.value,
                "target_id": r.target_id,
                "same_as_row": r.same_as_row,
                "changes": sorted(r.changes),
                "similar_to": r.similar[1] if r.similar else None,
                "problems": [
                    {"column": p.column, "message": p.message, "severity": str(p.severity)}
                    for p in r.problems
                ],
            }
            for r in plan.rows
        ],
    }


def _plan_text(plan: Any) -> str:
    from workbench.io.plan import RowStatus

    lines = [f"· {n}" for n in plan.notices]
    c = plan.counts
    lines.append(
        t(
            "共 {t} 行：新增 {n}，更新 {u}，无变化 {s}，有错误 {i}",
            "{t} rows: {n} new, {u} updates, {s} unchanged, {i} invalid",
            t=len(plan.rows),
            n=c["new"],
            u=c["update"],
            s=c["unchanged"],
            i=c["invalid"],
        )
    )
    if plan.blank_rows:
        lines.append(t("跳过空行 {n} 个", "{n} blank rows skipped", n=plan.blank_rows))
    shown = 0
    for r in plan.rows:
        for p in r.problems:
            if shown >= MAX_PROBLEMS_SHOWN:
                break
            mark = "✗" if r.status is RowStatus.INVALID and str(p.severity) == "error" else "!"
            lines.append(
                t(
                    "{m} 第 {r} 行 [{c}] {msg}",
                    "{m} row {r} [{c}] {msg}",
                    m=mark,
                    r=p.row,
                    c=p.column,
                    msg=p.message,
                )
            )
            shown += 1
    more = len(plan.problems) - shown
    if more > 0:
        lines.append(
            t(
                "……另有 {n} 个问题（--problems 保存全部）",
                "… {n} more problems (--problems saves all)",
                n=more,
            )
        )
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.io.apply import apply, check_can_apply
    from workbench.io.export import write_problems
    from workbench.io.importer import dry_run, import_kind, open_file
    from workbench.io.mapping import save_mapping

    kind = import_kind(args.kind)
    mapping = _read_mapping(args.mapping)
    store, paths = _open(args)
    with store:
        opened = open_file(args.file, kind, sheet=args.sheet, mapping=mapping, config_dir=paths.config_dir)
        plan = dry_run(store, opened, progress=_progress(args))
        if args.problems and plan.problems:
            write_problems(plan, args.problems)
        payload = plan_json(plan)
        if args.dry_run:
            refused = None
            try:
                check_can_apply(plan, valid_only=args.valid_only, similar=args.similar)
            except WorkbenchError as exc:
                refused = exc.message
            payload["refused"] = refused
            _emit(args, payload, lambda: _plan_text(plan) + ("\n" + refused if refused else ""))
            return 1 if refused else 0
        try:
            result = apply(
                store, plan, valid_only=args.valid_only, similar=args.similar, progress=_progress(args)
            )
        except WorkbenchError as exc:
            payload["refused"] = exc.message
            if args.json:
                print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            else:
                print(_plan_text(plan), file=sys.stderr)
            raise
        save_mapping(paths.config_dir, kind, opened.layout.headers, opened.layout.mapping)
        payload["result"] = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "owners_created": result.owners_created,
        }
        _emit(
            args,
            payload,
            lambda: (
                _plan_text(plan)
                + "\n"
                + t(
                    "已导入：新增 {c}，更新 {u}，无变化 {s}，跳过有错误的行 {k}",
                    "Imported: {c} created, {u} updated, {s} unchanged, {k} invalid rows skipped",
                    c=result.created,
                    u=result.updated,
                    s=result.unchanged,
                    k=result.skipped,
                )
            ),
        )
    return 0


def _emit(args: argparse.Namespace, payload: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        print(text())


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.io.export import export_list
    from workbench.services import service_for

    try:
        kind = service_for(args.kind).kind
    except KeyError:
        raise IoCliError(t("未知的记录类型“{k}”", "Unknown kind “{k}”", k=args.kind)) from None
    filters: dict[str, Any] = {}
    for item in args.where:
        if "=" not in item:
            raise IoCliError(t("筛选条件应写作 字段=值：{i}", "A filter is written field=value: {i}", i=item))
        key, value = item.split("=", 1)
        filters[key.strip()] = value.strip()
    visible = [c.strip() for c in args.columns.split(",")] if args.columns else None
    store, _paths = _open(args)
    with store, store.session() as session:
        n = export_list(
            session,
            kind,
            args.file,
            text=args.text,
            filters=filters,
            order_by=args.sort,
            descending=args.desc,
            visible=visible,
        )
    _emit(
        args,
        {"file": args.file, "rows": n},
        lambda: t("已导出 {n} 行到 {f}", "Exported {n} rows to {f}", n=n, f=args.file),
    )
    return 0


def _date(value: str, name: str) -> date:
    from workbench.validation import check_date

    checked = check_date(value, field=name, required=True)
    if not checked.ok or checked.value is None:
        raise IoCliError(f"{name}: " + "; ".join(i.message for i in checked.issues))
    return checked.value


def cmd_report(args: argparse.Namespace) -> int:
    from workbench.io.report import period_report

    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    store, _paths = _open(args)
    with store, store.session() as session:
        counts = period_report(session, start, end, args.output)
    _emit(
        args,
        {"file": args.output, "sheets": counts},
        lambda: t(
            "报表已保存：{f}（{c}）",
            "Report saved: {f} ({c})",
            f=args.output,
            c="，".join(f"{k} {v}" for k, v in counts.items()),
        ),
    )
    return 0
