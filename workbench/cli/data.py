"""The data file itself: ``init``, ``demo``, ``backup``/``restore``, ``check`` and the ``key`` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import (
    CliError,
    bounded_int,
    data_paths,
    emit,
    key_provider,
    open_store,
    progress_printer,
    table,
)
from workbench.i18n import t
from workbench.store import CorruptFileError, Store


def cmd_init(args: argparse.Namespace) -> int:
    with open_store(args, create=True) as store:
        emit(
            args,
            {"db": str(store.path), "revision": store.current_revision()},
            lambda: t("数据文件已就绪：{p}", "Data file ready: {p}", p=store.path),
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench.demo import generate

    # Fresh generated data needs no backup on close: copying a 1,000,000-row file costs minutes and disk.
    with open_store(args, create=True, auto_backup=False) as store:
        summary = generate(
            store,
            technologies=args.technologies,
            enterprises=args.enterprises,
            seed=args.seed,
            progress=None if args.json else progress_printer(),
        )
        emit(
            args,
            summary,
            lambda: (
                t("演示数据已生成：", "Demo data generated: ")
                + ", ".join(f"{k} {v}" for k, v in summary.items())
            ),
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    # `backup list` and `backup keep N` share the command with `backup [DEST]` (./list names a file).
    if args.dest == "list":
        return cmd_backup_list(args)
    if args.dest == "keep":
        return cmd_backup_keep(args)
    if args.value is not None:
        raise CliError(t("多余的参数：{v}", "Unexpected argument: {v}", v=args.value))
    with open_store(args) as store:
        path = store.backup(args.dest)
    emit(args, {"backup": str(path)}, lambda: t("已备份到 {p}", "Backed up to {p}", p=path))
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        infos = store.list_backups()
        keep = store.backup_keep
    rows = [
        {
            "file": str(b.path),
            "created": b.created.isoformat(timespec="seconds"),
            "size": b.size,
            "reason": b.reason,
        }
        for b in infos
    ]
    emit(
        args,
        {"keep": keep, "backups": rows},
        lambda: (
            table(
                [{**r, "file": Path(str(r["file"])).name} for r in rows],
                ("created", "reason", "size", "file"),
            )
            + "\n"
            + t("自动备份保留最近 {n} 份", "The newest {n} automatic backups are kept", n=keep)
        ),
    )
    return 0


def cmd_backup_keep(args: argparse.Namespace) -> int:
    try:
        keep = int(args.value)
    except (TypeError, ValueError):
        raise CliError(t("用法：workbench backup keep 份数", "Usage: workbench backup keep COUNT")) from None
    with open_store(args) as store:
        store.set_backup_keep(keep)
        removed = store.prune_backups(keep, automatic_only=True)
    emit(
        args,
        {"keep": keep, "removed": [str(p) for p in removed]},
        lambda: t("自动备份将保留最近 {n} 份", "The newest {n} automatic backups will be kept", n=keep),
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    paths = data_paths(args)
    key = None
    if args.recovery_key:
        from workbench.keys import RecoveryKey

        key = RecoveryKey.parse(args.recovery_key).database_key()
    try:
        store = open_store(args)
    except CorruptFileError:
        # The data file itself cannot be read: put the backup in its place, keeping the damaged file aside.
        store, aside = Store.replace_damaged(
            paths.db, Path(args.src), keys=key_provider(args), backup_dir=paths.backup_dir
        )
        store.close()
        emit(
            args,
            {"restored_from": args.src, "damaged_file": str(aside)},
            lambda: t(
                "已从 {s} 恢复；损坏的文件保留为 {p}",
                "Restored from {s}; the damaged file is kept as {p}",
                s=args.src,
                p=aside,
            ),
        )
        return 0
    with store:
        safety = store.restore(Path(args.src), key=key)
    emit(
        args,
        {"restored_from": args.src, "previous_data": str(safety)},
        lambda: t(
            "已从 {s} 恢复；恢复前的数据保存在 {p}",
            "Restored from {s}; the previous data is kept in {p}",
            s=args.src,
            p=safety,
        ),
    )
    return 0


def cmd_key_status(args: argparse.Namespace) -> int:
    from workbench.keys import keychain_name

    with open_store(args) as store:
        assert store.keystore is not None
        kf = store.keystore.read()
        data = {
            "db": str(store.path),
            "key_file": str(store.keystore.key_file),
            "key_id": kf.key_id if kf else None,
            "keychain": keychain_name(),
            "in_keychain": bool(kf and kf.keychain_username),
            "passphrase": bool(kf and kf.passphrase),
            "older_keys": len(kf.previous) if kf else 0,
            "rotated_at": kf.rotated_at if kf else None,
        }
    emit(args, data, lambda: "\n".join(f"{k}: {'' if v is None else v}" for k, v in data.items()))
    return 0


def cmd_key_change_passphrase(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.change_passphrase()
    emit(args, {"ok": True}, lambda: t("密码已设置。", "The passphrase is set."))
    return 0


def cmd_key_rotate(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.rotate_key()
        kid = store.keystore.read() if store.keystore else None
    emit(
        args,
        {"ok": True, "key_id": kid.key_id if kid else None},
        lambda: t(
            "已换用新密钥；数据文件和备份文件夹中的备份均已重新加密。旧的恢复密钥不再能打开它们。",
            "Switched to a new key; the data file and the backups in its folder are re-encrypted. "
            "The old recovery key no longer opens them.",
        ),
    )
    return 0


def cmd_key_recover(args: argparse.Namespace) -> int:
    import getpass

    text = args.recovery_key
    if not text:
        if not sys.stdin.isatty():
            raise CliError(t("请用 --recovery-key 给出恢复密钥", "Give the recovery key with --recovery-key"))
        text = getpass.getpass(t("恢复密钥：", "Recovery key: "))
    paths = data_paths(args)
    Store.recover(paths.db, text, keys=key_provider(args))
    with open_store(args):
        pass  # proves it opens now, with the key from this computer's keychain (or the new passphrase)
    emit(
        args,
        {"ok": True, "db": str(paths.db)},
        lambda: t(
            "恢复密钥正确；密钥已保存在这台电脑上，{p} 可以正常打开了。",
            "The recovery key is right; the key is now kept on this computer and {p} opens as usual.",
            p=paths.db,
        ),
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        problems = store.integrity_check()
        revision = store.current_revision()
    emit(
        args,
        {"ok": not problems, "problems": problems, "revision": revision},
        lambda: t("数据文件完好", "The data file is sound") if not problems else "\n".join(problems),
    )
    return 1 if problems else 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    sheet_help = t(
        "新建数据文件时把恢复密钥单（PDF）保存到此处", "save the recovery sheet (PDF) here when a key is made"
    )
    p = sub.add_parser(
        "init", parents=[common], help=t("创建或升级数据文件", "create or upgrade the data file")
    )
    p.add_argument("--recovery-sheet", metavar="PDF", help=sheet_help)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[common], help=t("生成演示数据", "generate demo data"))
    p.add_argument("--recovery-sheet", metavar="PDF", help=sheet_help)
    p.add_argument("--technologies", type=bounded_int(0, 10_000_000), default=2000)
    p.add_argument("--enterprises", type=bounded_int(0, 1_000_000), default=60)
    p.add_argument("--seed", type=bounded_int(0, 2**32 - 1), default=2026)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "backup",
        parents=[common],
        help=t(
            "备份数据；backup list 列出备份；backup keep N 设置自动备份保留份数",
            "back up the data; `backup list` lists backups; "
            "`backup keep N` sets how many automatic ones stay",
        ),
    )
    p.add_argument("dest", nargs="?")
    p.add_argument("value", nargs="?", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[common], help=t("从备份恢复", "restore from a backup"))
    p.add_argument("src")
    p.add_argument(
        "--recovery-key",
        help=t("备份来自另一把密钥时，给出它的恢复密钥", "the backup's recovery key, if it has another key"),
    )
    p.set_defaults(func=cmd_restore)

    key = sub.add_parser("key", parents=[common], help=t("数据文件密钥", "the data file's key"))
    ksub = key.add_subparsers(dest="key_command", required=True, parser_class=type(key))
    p = ksub.add_parser("status", parents=[common], help=t("密钥保存在哪里", "where the key is kept"))
    p.set_defaults(func=cmd_key_status)
    p = ksub.add_parser(
        "change-passphrase",
        parents=[common],
        help=t(
            "设置或更改密码（新密码取自 WORKBENCH_NEW_PASSPHRASE 或终端输入）",
            "set or change the passphrase (new one from WORKBENCH_NEW_PASSPHRASE or the terminal)",
        ),
    )
    p.set_defaults(func=cmd_key_change_passphrase)
    p = ksub.add_parser(
        "rotate",
        parents=[common],
        help=t("换用新密钥并显示新的恢复密钥", "re-encrypt under a new key and show its recovery key"),
    )
    p.add_argument("--recovery-sheet", metavar="PDF", help=sheet_help)
    p.set_defaults(func=cmd_key_rotate)
    p = ksub.add_parser(
        "recover",
        parents=[common],
        help=t("用恢复密钥打开数据文件并把密钥存到这台电脑", "open with the recovery key; keep the key here"),
    )
    p.add_argument("--recovery-key")
    p.set_defaults(func=cmd_key_recover)
    p = sub.add_parser("check", parents=[common], help=t("完整性检查", "integrity check"))
    p.set_defaults(func=cmd_check)
