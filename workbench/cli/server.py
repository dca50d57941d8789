"""The district office's commands: ``server init``, ``add-user``, ``status``, ``claim approve|reject|pay``.

Each takes the administrator's connection URL (``--url`` or ``WORKBENCH_SERVER_URL``); the password in it, or
in ``PGPASSWORD``/``~/.pgpass`` as psycopg reads them, is never stored by the workbench.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from workbench.cli.common import CliError, emit, table
from workbench.i18n import t

URL_ENV = "WORKBENCH_SERVER_URL"


def _url(args: argparse.Namespace) -> str:
    url = args.url or os.environ.get(URL_ENV)
    if not url:
        raise CliError(
            t(
                "请用 --url 或 {env} 给出区服务器的管理员连接地址",
                "Give the district server's administrator URL with --url or {env}",
                env=URL_ENV,
            )
        )
    return str(url)


def cmd_init(args: argparse.Namespace) -> int:
    from workbench.server import admin

    revision = admin.init(_url(args))
    emit(
        args,
        {"revision": revision},
        lambda: t("数据结构已是最新（{r}）", "Schema up to date ({r})", r=revision),
    )
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    from workbench.server import admin
    from workbench.sync.state import PASSWORD_ENV

    made = admin.add_user(
        _url(args), args.name, role=args.role, broker_id=args.broker_id, password=os.environ.get(PASSWORD_ENV)
    )
    payload: dict[str, Any] = {"name": made.name, "role": made.role}
    if made.generated:
        payload["password"] = made.password

    def text() -> str:
        line = t("已创建用户 {n}（{r}）", "Created user {n} ({r})", n=made.name, r=made.role)
        if made.generated:
            line += "\n" + t(
                "初始密码（只显示这一次）：{p}", "Initial password (shown this once): {p}", p=made.password
            )
        return line

    emit(args, payload, text)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from workbench.server import admin

    state = admin.status(_url(args))
    users = [
        {
            "name": u.name,
            "role": u.role,
            "broker_id": u.broker_id,
            "joined_at": u.joined_at.isoformat(timespec="seconds") if u.joined_at else None,
            "last_sync_at": u.last_sync_at.isoformat(timespec="seconds") if u.last_sync_at else None,
            "open_conflicts": u.open_conflicts,
        }
        for u in state.users
    ]
    payload = {"revision": state.revision, "records": state.records, "changes": state.changes, "users": users}

    def text() -> str:
        head = t(
            "数据结构 {r}；记录 {n} 条，更改 {c} 项",
            "Schema {r}; {n} records, {c} changes",
            r=state.revision,
            n=state.records,
            c=state.changes,
        )
        columns = ["name", "role", "joined_at", "last_sync_at", "open_conflicts"]
        return head + "\n" + table(users, columns)

    emit(args, payload, text)
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    from workbench.server import admin

    status = admin.claim_step(_url(args), args.claim, args.step, reason=args.reason)
    emit(args, {"claim": args.claim, "status": status}, lambda: f"{args.claim}: {status}")
    return 0


def cmd_policy_publish(args: argparse.Namespace) -> int:
    from workbench.server import admin

    key, version = admin.publish_policy(_url(args), args.file)
    emit(
        args,
        {"policy": key, "version": version},
        lambda: t(
            "已发布政策 {k} 第 {v} 版；各经纪人下次同步时收到",
            "Published policy {k} version {v}; brokers receive it at their next sync",
            k=key,
            v=version,
        ),
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("server", parents=[common], help=t("区服务器管理", "district server administration"))
    ssub = p.add_subparsers(dest="server_command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = ssub.add_parser(name, parents=[common], help=help_text)
        parser.add_argument("--url", help=t("管理员连接地址", "administrator connection URL"))
        return parser

    add("init", t("创建或升级服务器数据结构", "create or upgrade the server schema")).set_defaults(
        func=cmd_init
    )
    c = add("add-user", t("添加一位用户", "add a person"))
    c.add_argument("name")
    c.add_argument("--role", choices=["broker", "admin"], required=True)
    c.add_argument("--broker-id", help=t("对应的经纪人档案编号", "the matching broker record's id"))
    c.set_defaults(func=cmd_add_user)
    add("status", t("用户、同步和冲突概况", "users, syncs and conflicts")).set_defaults(func=cmd_status)
    c = add("policy-publish", t("向全区发布奖励政策", "publish a reward policy to the district"))
    c.add_argument("file", help=t("政策文件（TOML）", "policy file (TOML)"))
    c.set_defaults(func=cmd_policy_publish)
    c = add("claim", t("审批奖励申请", "decide a claim"))
    c.add_argument("step", choices=["approve", "reject", "pay"])
    c.add_argument("claim", help=t("申请编号或记录编号", "claim number or record id"))
    c.add_argument("--reason", help=t("退回原因", "reason for rejection"))
    c.set_defaults(func=cmd_claim)
