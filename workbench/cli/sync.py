"""District sync on the command line: ``sync [connect|status]``, ``conflicts list|resolve``, ``update``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from workbench.cli.common import CliError, emit, open_store, progress_printer, service, table
from workbench.i18n import t


def _connector(password: str, sync_state: Any) -> Any:
    from workbench.sync import state

    return state.connector(sync_state, password)


def cmd_sync_connect(args: argparse.Namespace) -> int:
    from workbench.sync import state

    password = os.environ.get(state.PASSWORD_ENV)
    if not password:
        if not sys.stdin.isatty():
            raise CliError(
                t(
                    "请在 {env} 中提供区服务器密码，或在终端中运行以输入密码",
                    "Give the district server password in {env}, or run this in a terminal to type it",
                    env=state.PASSWORD_ENV,
                )
            )
        password = getpass.getpass(t("区服务器密码：", "District server password: "))
    url = state.strip_password(args.url)
    with open_store(args) as store:
        kept = state.connect_laptop(store, args.url, args.user, password)
    emit(
        args,
        {"url": url, "user": args.user, "password_in_keychain": kept},
        lambda: (
            t("已连接 {u}（用户 {n}）", "Connected to {u} as {n}", u=url, n=args.user)
            + (
                ""
                if kept
                else "\n"
                + t(
                    "本机没有钥匙串：同步时请设置 {env}",
                    "No keychain here: set {env} when syncing",
                    env=state.PASSWORD_ENV,
                )
            )
        ),
    )
    return 0


def _summary(report: Any) -> str:
    lines = [
        t("首次同步：已上传本机全部记录", "First sync: everything on this laptop was uploaded")
        if report.first_sync
        else "",
        t(
            "上传 {p} 项更改（已应用 {a}，重复 {d}，冲突 {c}），下载 {n} 条记录",
            "Pushed {p} changes ({a} applied, {d} already there, {c} conflicts), pulled {n} records",
            p=report.pushed,
            a=report.applied,
            d=report.duplicates,
            c=report.conflicts,
            n=report.pulled,
        ),
    ]
    if report.refused:
        lines.append(t("服务器拒绝了 {n} 项更改：", "The server refused {n} changes:", n=len(report.refused)))
        lines += [f"  {r}" for r in report.refused[:20]]
    if report.open_conflicts:
        lines.append(
            t(
                "有 {n} 个冲突待处理：workbench conflicts list",
                "{n} conflicts to decide: workbench conflicts list",
                n=report.open_conflicts,
            )
        )
    return "\n".join(line for line in lines if line)


def cmd_sync(args: argparse.Namespace) -> int:
    from workbench.sync import engine, state

    with open_store(args) as store:
        current = engine.status(store)
        report = engine.sync(
            store, _connector(state.password_for(current), current), None if args.json else progress_printer()
        )
    emit(args, report.as_dict(), lambda: _summary(report))
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    from workbench.sync import engine

    with open_store(args) as store:
        current = engine.status(store)
        pending = engine.pending_changes(store)
    payload = {
        "url": current.url,
        "user": current.user,
        "last_sync": current.last_sync,
        "pending_changes": pending,
        "open_conflicts": len(current.conflicts),
        "cursor": current.cursor,
    }
    emit(
        args,
        payload,
        lambda: (
            "\n".join(f"{k}: {'' if v is None else v}" for k, v in payload.items())
            if current.connected
            else t("本机尚未连接区服务器", "This laptop is not connected to a district server")
        ),
    )
    return 0


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from workbench.sync import engine

    with open_store(args) as store:
        conflicts = engine.status(store).conflicts
    columns = [
        "id",
        "kind",
        "record_id",
        "field",
        "reason",
        "base",
        "mine",
        "theirs",
        "theirs_by",
        "theirs_at",
    ]
    emit(args, conflicts, lambda: table(conflicts, columns))
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from workbench.sync import engine, state

    with open_store(args) as store:
        current = engine.status(store)
        report = engine.resolve(store, _connector(state.password_for(current), current), args.id, args.keep)
    emit(args, report.as_dict(), lambda: _summary(report))
    return 0


def _assignments(items: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise CliError(t("应写作 字段=值：{i}", "Write FIELD=VALUE: {i}", i=item))
        values[name.strip()] = value
    return values


def cmd_update(args: argparse.Namespace) -> int:
    """Edit fields of one record through its service: validated, logged, and so synced."""
    from workbench.cli.common import record_json

    svc = service(args.kind)
    values = _assignments(args.assignments)
    unknown = sorted(set(values) - set(svc.fields))
    if unknown:
        raise CliError(
            t(
                "{k} 没有可修改的字段：{f}（可改：{a}）",
                "{k} has no editable field {f} (editable: {a})",
                k=args.kind,
                f="、".join(unknown),
                a=", ".join(sorted(svc.fields)),
            )
        )
    with open_store(args) as store, store.session(actor="cli") as session:
        obj = svc.update(session, args.id, values, accept_warnings=args.accept_warnings)
        payload = record_json(obj)
    emit(args, payload, lambda: t("已更新 {k} {i}", "Updated {k} {i}", k=args.kind, i=args.id))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help=t("与区服务器同步", "sync with the district server"))
    p.set_defaults(func=cmd_sync)
    ssub = p.add_subparsers(dest="sync_command", required=False)
    c = ssub.add_parser("connect", parents=[common], help=t("连接区服务器", "connect to the district server"))
    c.add_argument("url", help=t("服务器地址 postgresql://host/db?sslmode=verify-full", "server URL"))
    c.add_argument("--user", required=True, help=t("您在服务器上的用户名", "your user name on the server"))
    c.set_defaults(func=cmd_sync_connect)
    s = ssub.add_parser("status", parents=[common], help=t("同步状态", "sync status"))
    s.set_defaults(func=cmd_sync_status)

    p = sub.add_parser("conflicts", parents=[common], help=t("同步冲突", "sync conflicts"))
    csub = p.add_subparsers(dest="conflicts_command", required=True)
    c = csub.add_parser("list", parents=[common], help=t("列出待处理的冲突", "list open conflicts"))
    c.set_defaults(func=cmd_conflicts_list)
    c = csub.add_parser("resolve", parents=[common], help=t("处理一个冲突", "decide one conflict"))
    c.add_argument("id", type=int)
    c.add_argument("--keep", choices=["mine", "theirs"], required=True)
    c.set_defaults(func=cmd_conflicts_resolve)

    p = sub.add_parser("update", parents=[common], help=t("修改一条记录的字段", "edit fields of a record"))
    p.add_argument("kind")
    p.add_argument("id")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.add_argument(
        "--accept-warnings", action="store_true", help=t("接受警告并保存", "save despite warnings")
    )
    p.set_defaults(func=cmd_update)
