"""The ``workbench`` command: the headless CLI over the same services the desktop app uses."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlmodel import Session

from workbench import __version__, i18n
from workbench.errors import ValidationError, WorkbenchError
from workbench.i18n import t
from workbench.keys import TerminalKeyProvider
from workbench.money import amount_in_words, format_yuan, parse_yuan
from workbench.paths import DataPaths, default_paths, paths_for_db
from workbench.store import AutoBackup, CorruptFileError, Store

log = logging.getLogger("workbench")

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "broker": ("id", "name", "level", "agency", "phone"),
    "enterprise": ("id", "name", "uscc", "division_code", "industry_code"),
    "contact": ("id", "name", "title", "mobile", "enterprise_id"),
    "institution": ("id", "name", "institution_kind", "region"),
    "visit": ("id", "started_at", "place", "enterprise_id", "follow_up_on"),
    "need": ("id", "title", "status", "enterprise_id"),
    "technology": ("id", "title", "maturity", "institution_id"),
    "match": ("id", "stage", "need_id", "technology_id"),
    "contract": ("id", "title", "contract_type", "registration_no", "tech_amount_fen"),
    "payment": ("id", "paid_on", "amount_fen", "contract_id", "invoice_no"),
    "claim": ("id", "claim_no", "status", "amount_fen", "contract_id"),
    "policy": ("id", "policy_key", "version", "name", "active"),
}


class CliError(WorkbenchError):
    """A usage problem found after parsing (e.g. a malformed --filter)."""


def _paths(args: argparse.Namespace) -> DataPaths:
    return paths_for_db(args.db) if args.db else default_paths()


def _keys(args: argparse.Namespace) -> TerminalKeyProvider:
    """Keys for the CLI: keychain, else WORKBENCH_PASSPHRASE, else a hidden prompt on a terminal."""
    sheet = getattr(args, "recovery_sheet", None)
    return TerminalKeyProvider(sheet=Path(sheet) if sheet else None)


def _open(args: argparse.Namespace, *, create: bool = False, auto_backup: bool = True) -> Store:
    paths = _paths(args)
    store = Store.open(
        paths.db,
        create=create,
        backup_dir=paths.backup_dir,
        keys=_keys(args),
        auto_backup=AutoBackup() if auto_backup else None,
    )
    if create:
        from workbench.services.policies import sync_default_policies

        with store.session(actor="cli") as session:
            sync_default_policies(session)
    return store


def _record_json(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = obj.model_dump(mode="json", exclude={"pdf_bytes"})
    for key, value in list(data.items()):
        if key.endswith("_fen") and isinstance(value, int):
            data[key[:-4] + "_yuan"] = format_yuan(value)
    return data


def _emit(args: argparse.Namespace, payload: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        print(text())


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return t("（无记录）", "(no records)")
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(_width(c), *(_width(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


# -- commands --------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    with _open(args, create=True) as store:
        _emit(
            args,
            {"db": str(store.path), "revision": store.current_revision()},
            lambda: t("数据文件已就绪：{p}", "Data file ready: {p}", p=store.path),
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench.demo import generate

    # Fresh generated data needs no backup on close: copying a 1,000,000-row file costs minutes and disk.
    with _open(args, create=True, auto_backup=False) as store:
        summary = generate(
            store,
            technologies=args.technologies,
            enterprises=args.enterprises,
            seed=args.seed,
            progress=None if args.json else _progress_printer(),
        )
        _emit(
            args,
            summary,
            lambda: (
                t("演示数据已生成：", "Demo data generated: ")
                + ", ".join(f"{k} {v}" for k, v in summary.items())
            ),
        )
    return 0


def _progress_printer() -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        print(f"\r{stage}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return report


def cmd_policy_list(args: argparse.Namespace) -> int:
    from workbench.services.policies import list_policies

    with _open(args) as store, store.session() as session:
        rows = [_record_json(p) for p in list_policies(session, all_versions=args.all)]
    for r in rows:
        r.pop("data", None)
    _emit(args, rows, lambda: _table(rows, ("policy_key", "version", "name", "active")))
    return 0


def cmd_policy_show(args: argparse.Namespace) -> int:
    from workbench.services.policies import get_policy

    with _open(args) as store, store.session() as session:
        row = get_policy(session, args.policy_id, version=args.version)
        data = row.data
    _emit(args, data, lambda: json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_policy_compute(args: argparse.Namespace) -> int:
    from workbench.rules import compute
    from workbench.services.policies import get_policy, rules_of

    base = parse_yuan(args.base, field="--base")
    before = parse_yuan(args.claimed_before, field="--claimed-before")
    year = parse_yuan(args.broker_year_claimed, field="--broker-year-claimed")
    with _open(args) as store, store.session() as session:
        rules = rules_of(get_policy(session, args.policy_id))
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

    _emit(args, payload, text)
    return 0


def _parse_filters(items: Sequence[str]) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise CliError(t("筛选条件应写作 字段=值：{i}", "A filter is written field=value: {i}", i=item))
        key, value = item.split("=", 1)
        filters[key.strip()] = value.strip()
    return filters


def _service(kind: str) -> Any:
    from workbench.services import service_for

    try:
        return service_for(kind)
    except KeyError:
        kinds = ", ".join(sorted(LIST_COLUMNS))
        raise CliError(
            t("未知的记录类型“{k}”，可用：{a}", "Unknown kind “{k}”; one of: {a}", k=kind, a=kinds)
        ) from None


def cmd_list(args: argparse.Namespace) -> int:
    if args.kind in ("policy", "policies"):
        args.all = False
        return cmd_policy_list(args)
    service = _service(args.kind)
    with _open(args) as store, store.session() as session:
        page = service.list(
            session,
            text=args.text,
            filters=_parse_filters(args.filter),
            order_by=args.sort,
            descending=args.desc,
            offset=args.offset,
            limit=args.limit,
            include_deleted=args.include_deleted,
        )
        rows = [_record_json(r) for r in page.rows]
    payload = {
        "kind": service.kind,
        "total": page.total,
        "offset": page.offset,
        "count": len(rows),
        "rows": rows,
    }
    cols = LIST_COLUMNS[service.kind]
    _emit(
        args,
        payload,
        lambda: (
            _table(rows, cols)
            + "\n"
            + t("共 {n} 条，显示 {m} 条", "{n} in all, {m} shown", n=page.total, m=len(rows))
        ),
    )
    return 0


def _details(session: Session, kind: str, obj: Any) -> dict[str, Any]:
    from workbench.services import CLAIMS, CONTRACTS, MATCHES, TECHNOLOGIES, VISITS

    data = _record_json(obj)
    if kind == "technology":
        data["patents"] = [
            {"number": p.number, "kind": p.patent_kind} for p in TECHNOLOGIES.patents(session, obj.id)
        ]
    elif kind == "match":
        data["history"] = [e.model_dump(mode="json") for e in MATCHES.history(session, obj.id)]
    elif kind == "contract":
        data["payments"] = [_record_json(p) for p in CONTRACTS.payments(session, obj.id)]
        data["received_yuan"] = format_yuan(CONTRACTS.received_fen(session, obj.id))
    elif kind == "visit":
        data["broker_ids"] = VISITS.broker_ids(session, obj.id)
        data["contact_ids"] = VISITS.contact_ids(session, obj.id)
    elif kind == "claim":
        data["shares"] = [s.model_dump(mode="json") for s in CLAIMS.shares(session, obj.id)]
        data["history"] = [e.model_dump(mode="json") for e in CLAIMS.history(session, obj.id)]
        data["amount_in_words"] = amount_in_words(obj.amount_fen)
    return data


def cmd_show(args: argparse.Namespace) -> int:
    service = _service(args.kind)
    with _open(args) as store, store.session() as session:
        if service.kind == "claim":
            from workbench.services import get_claim

            obj = get_claim(session, args.id)
        else:
            obj = service.get(session, args.id, include_deleted=True)
        data = _details(session, service.kind, obj)
    _emit(args, data, lambda: "\n".join(f"{k}: {_show_value(v)}" for k, v in data.items()))
    return 0


def _show_value(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def cmd_delete(args: argparse.Namespace) -> int:
    service = _service(args.kind)
    with _open(args) as store, store.session(actor="cli") as session:
        changes = service.restore(session, args.ids) if args.undo else service.delete(session, args.ids)
    _emit(args, {"ids": list(changes.ids)}, lambda: t("完成：{n} 条", "Done: {n}", n=len(changes.ids)))
    return 0


def cmd_claim_create(args: argparse.Namespace) -> int:
    from workbench.services import CLAIMS, ShareInput
    from workbench.services.claims import parse_percent

    shares = []
    for item in args.share:
        broker_id, _, pct = item.partition("=")
        shares.append(ShareInput(broker_id.strip(), parse_percent(pct or "100", field="--share")))
    with _open(args) as store, store.session(actor="cli") as session:
        claim = CLAIMS.create_claim(
            session,
            args.contract_id,
            policy_key=args.policy,
            broker_id=args.broker,
            applicant_type=args.applicant_type,
            period_end=_date_arg(args.period_end, "--period-end"),
            period_start=_date_arg(args.period_start, "--period-start"),
            attachments=args.attachment,
            shares=shares,
        )
        data = _details(session, "claim", claim)
    _emit(
        args,
        data,
        lambda: t(
            "已创建申请 {n}：¥{a}", "Claim {n} created: ¥{a}", n=data["claim_no"], a=data["amount_yuan"]
        ),
    )
    return 0


def _date_arg(value: str | None, name: str) -> date | None:
    if not value:
        return None
    from workbench.validation import check_date

    return check_date(value, field=name).raise_for_errors(accept_warnings=False)


def cmd_claim_step(args: argparse.Namespace) -> int:
    from workbench.services import CLAIMS, get_claim

    with _open(args) as store, store.session(actor="cli") as session:
        claim = get_claim(session, args.claim)
        if args.step == "submit":
            from workbench.services.claim_archive import submit_with_archive

            claim = submit_with_archive(session, claim.id)
        elif args.step == "approve":
            claim = CLAIMS.approve(session, claim.id)
        elif args.step == "pay":
            claim = CLAIMS.mark_paid(session, claim.id)
        elif args.step == "reject":
            claim = CLAIMS.reject(session, claim.id, reason=args.reason or "")
        else:
            claim = CLAIMS.amend(session, claim.id)
        data = _details(session, "claim", claim)
    _emit(args, data, lambda: f"{data['claim_no']}: {data['status']}")
    return 0


def cmd_claim_pdf(args: argparse.Namespace) -> int:
    """One claim's form to a file, or every claim with a status to a folder (one file per claim)."""
    import hashlib

    from workbench.services.claim_archive import (
        claim_ids_with_status,
        export_claim_pdfs,
        make_folder,
        pdf_filename,
        printed_form,
        write_whole,
    )

    if (args.claim is None) == (args.status is None):
        raise CliError(t("请给出申请编号或 --status 之一", "Give either a claim or --status"))
    out = Path(args.output)
    with _open(args) as store, store.session() as session:
        if args.claim is not None:
            form = printed_form(session, args.claim)  # by id or by claim number
            if out.is_dir():
                out = out / pdf_filename(form.claim_no)
            make_folder(out.parent)
            write_whole(out, form.pdf)
            if form.notice:
                print(t("注意：{m}", "note: {m}", m=form.notice), file=sys.stderr)
            single = {
                "claim_no": form.claim_no,
                "file": str(out),
                "bytes": len(form.pdf),
                "sha256": hashlib.sha256(form.pdf).hexdigest(),
                "print_notice": form.notice,
            }
            _emit(args, single, lambda: t("已写入 {f}", "Written: {f}", f=out))
            return 0
        result = export_claim_pdfs(session, claim_ids_with_status(session, args.status), out)
    batch = {
        "written": [str(p) for p in result.written],
        "failed": [{"claim_no": n, "error": why} for n, why in result.failed],
        "print_notices": [{"claim_no": n, "notice": m} for n, m in result.notices],
    }
    for claim_no, why in result.failed:
        print(t("错误：{n}：{w}", "error: {n}: {w}", n=claim_no, w=why), file=sys.stderr)
    for claim_no, notice in result.notices:
        print(t("注意：{n}：{m}", "note: {n}: {m}", n=claim_no, m=notice), file=sys.stderr)
    _emit(
        args,
        batch,
        lambda: t("已写入 {n} 份到 {d}", "{n} written to {d}", n=len(result.written), d=out),
    )
    return 1 if result.failed else 0


def cmd_provenance(args: argparse.Namespace) -> int:
    from workbench.services.provenance import chains

    service = _service(args.kind)
    with _open(args) as store, store.session() as session:
        found = chains(session, service.kind, args.id)
        payload = [
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
    _emit(
        args,
        payload,
        lambda: "\n".join(
            " → ".join(str(v) for k, v in p.items() if v and not k.endswith("_id")) for p in payload
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
    with _open(args) as store:
        path = store.backup(args.dest)
    _emit(args, {"backup": str(path)}, lambda: t("已备份到 {p}", "Backed up to {p}", p=path))
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
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
    _emit(
        args,
        {"keep": keep, "backups": rows},
        lambda: (
            _table(
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
    with _open(args) as store:
        store.set_backup_keep(keep)
        removed = store.prune_backups(keep, automatic_only=True)
    _emit(
        args,
        {"keep": keep, "removed": [str(p) for p in removed]},
        lambda: t("自动备份将保留最近 {n} 份", "The newest {n} automatic backups will be kept", n=keep),
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    paths = _paths(args)
    key = None
    if args.recovery_key:
        from workbench.keys import RecoveryKey

        key = RecoveryKey.parse(args.recovery_key).database_key()
    try:
        store = _open(args)
    except CorruptFileError:
        # The data file itself cannot be read: put the backup in its place, keeping the damaged file aside.
        store, aside = Store.replace_damaged(
            paths.db, Path(args.src), keys=_keys(args), backup_dir=paths.backup_dir
        )
        store.close()
        _emit(
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
    _emit(
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

    with _open(args) as store:
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
    _emit(args, data, lambda: "\n".join(f"{k}: {'' if v is None else v}" for k, v in data.items()))
    return 0


def cmd_key_change_passphrase(args: argparse.Namespace) -> int:
    with _open(args) as store:
        store.change_passphrase()
    _emit(args, {"ok": True}, lambda: t("密码已设置。", "The passphrase is set."))
    return 0


def cmd_key_rotate(args: argparse.Namespace) -> int:
    with _open(args) as store:
        store.rotate_key()
        kid = store.keystore.read() if store.keystore else None
    _emit(
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
    paths = _paths(args)
    Store.recover(paths.db, text, keys=_keys(args))
    with _open(args):
        pass  # proves it opens now, with the key from this computer's keychain (or the new passphrase)
    _emit(
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
    with _open(args) as store:
        problems = store.integrity_check()
        revision = store.current_revision()
    _emit(
        args,
        {"ok": not problems, "problems": problems, "revision": revision},
        lambda: t("数据文件完好", "The data file is sound") if not problems else "\n".join(problems),
    )
    return 1 if problems else 0


def _repair_index(args: argparse.Namespace, store: Store) -> None:
    """Check the search index against the data before using it (repairs after a crash or a bulk import)."""
    from workbench.search.index import verify_and_repair

    verify_and_repair(store, progress=None if args.json else _progress_printer())


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
    with _open(args) as store:
        _repair_index(args, store)
        with store.session() as session:
            found = rank_technologies(session, args.need_id, text=args.text, top=max(0, args.top))
            rows = [c.as_json() for c in found]
    _emit(args, rows, lambda: _candidate_text(rows))
    return 0


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    from workbench.search.index import KINDS, rebuild

    kinds = args.kind or list(KINDS)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise CliError(t("未知的索引类型：{k}", "Unknown index kind: {k}", k=", ".join(unknown)))
    # The index is derived from the data: rebuilding it is no reason for a backup on close.
    with _open(args, auto_backup=False) as store:
        counts = rebuild(store, kinds=kinds, progress=None if args.json else _progress_printer())
    _emit(
        args,
        counts,
        lambda: t("索引已重建：", "Index rebuilt: ") + ", ".join(f"{k} {v}" for k, v in counts.items()),
    )
    return 0


def cmd_index_check(args: argparse.Namespace) -> int:
    from workbench.search.index import verify_and_repair

    with _open(args) as store:
        report = verify_and_repair(store, progress=None if args.json else _progress_printer())
    payload = {
        "ok_before": all(s.ok for s in report.before),
        "kinds": [vars(s) | {"ok": s.ok} for s in report.before],
        "reindexed": report.reindexed,
        "rebuilt": report.rebuilt,
        "triggers_restored": report.triggers_restored,
    }
    _emit(
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

    with _open(args) as store:
        _repair_index(args, store)
        with store.session() as session:
            found = global_search(session, args.text, args.limit, kinds=args.kind or None)
            hits = [h.as_json() for h in found]
    for hit in hits:
        hit["kind_label"] = kind_label(hit["kind"])
    _emit(args, hits, lambda: _table(hits, ("kind_label", "title", "detail", "id")))
    return 0


# -- parser ----------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("{p}: 错误：{m}\n", "{p}: error: {m}\n", p=self.prog, m=message))


def _common_options(*, suppress: bool) -> _Parser:
    """The global options, accepted before or after the command.

    Sub-commands use SUPPRESS defaults so that an option given before the command is not reset.
    """
    common = _Parser(add_help=False)
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    common.add_argument(
        "--db",
        help=t("数据文件路径（默认在用户数据目录）", "database file (default: the user data folder)"),
        **default,
    )
    common.add_argument(
        "--json", action="store_true", help=t("输出 JSON", "machine-readable JSON output"), **default
    )
    common.add_argument("--lang", choices=["zh_CN", "en"], help=t("消息语言", "message language"), **default)
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(suppress=True)
    parser = _Parser(
        prog="workbench",
        description=t("技术经纪人工作台命令行", "Broker Workbench command line"),
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
    p.add_argument("--technologies", type=int, default=2000)
    p.add_argument("--enterprises", type=int, default=60)
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(func=cmd_demo)

    pol = sub.add_parser("policy", parents=[common], help=t("奖励政策", "reward policies"))
    psub = pol.add_subparsers(dest="policy_command", required=True, parser_class=_Parser)
    p = psub.add_parser("list", parents=[common])
    p.add_argument("--all", action="store_true", help=t("包括旧版本", "include older versions"))
    p.set_defaults(func=cmd_policy_list)
    p = psub.add_parser("show", parents=[common])
    p.add_argument("policy_id")
    p.add_argument("--version", type=int)
    p.set_defaults(func=cmd_policy_show)
    p = psub.add_parser("compute", parents=[common], help=t("按政策计算奖励", "compute a reward"))
    p.add_argument("policy_id")
    p.add_argument("--base", required=True, help=t("计奖基数（元）", "base amount in yuan"))
    p.add_argument(
        "--claimed-before", default="0", help=t("本项目此前已申请（元）", "already claimed (yuan)")
    )
    p.add_argument(
        "--broker-year-claimed", default="0", help=t("本年度已申请（元）", "claimed this year (yuan)")
    )
    p.set_defaults(func=cmd_policy_compute)

    p = sub.add_parser("list", parents=[common], help=t("列出记录", "list records"))
    p.add_argument("kind")
    p.add_argument("--text", help=t("按文字筛选", "filter by text"))
    p.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
    p.add_argument("--sort")
    p.add_argument("--desc", action="store_true", default=None)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--include-deleted", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help=t("显示一条记录", "show one record"))
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

    claim = sub.add_parser("claim", parents=[common], help=t("奖励申请", "reward claims"))
    csub = claim.add_subparsers(dest="claim_command", required=True, parser_class=_Parser)
    p = csub.add_parser("create", parents=[common])
    p.add_argument("contract_id")
    p.add_argument("--policy")
    p.add_argument("--broker")
    p.add_argument("--applicant-type", default="individual", choices=["individual", "organisation"])
    p.add_argument("--period-start")
    p.add_argument("--period-end")
    p.add_argument("--attachment", action="append", default=[])
    p.add_argument("--share", action="append", default=[], metavar="BROKER_ID=PERCENT")
    p.set_defaults(func=cmd_claim_create)
    for step in ("submit", "approve", "pay", "reject", "amend"):
        p = csub.add_parser(step, parents=[common])
        p.add_argument("claim", help=t("申请 id 或编号", "claim id or number"))
        if step == "reject":
            p.add_argument("--reason", required=True)
        p.set_defaults(func=cmd_claim_step, step=step)
    __import__("workbench.cli_claims_verify").cli_claims_verify.register(csub, common)  # claims branch
    p = csub.add_parser("pdf", parents=[common], help=t("生成奖励申请表 PDF", "write claim forms as PDF"))
    p.add_argument("claim", nargs="?", help=t("申请 id 或编号", "claim id or number"))
    p.add_argument(
        "--status",
        choices=["draft", "submitted", "approved", "paid", "rejected"],
        help=t("该状态的全部申请，每份一个文件", "every claim with this status, one file each"),
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help=t("PDF 文件（单份）或文件夹（--status）", "PDF file (one claim) or folder (--status)"),
    )
    p.set_defaults(func=cmd_claim_pdf)

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
    ksub = key.add_subparsers(dest="key_command", required=True, parser_class=_Parser)
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

    p = sub.add_parser(
        "match", parents=[common], help=t("为技术需求匹配技术成果", "rank technologies for a need")
    )
    p.add_argument("need_id", nargs="?", help=t("技术需求编号", "need id"))
    p.add_argument("--text", help=t("需求描述（代替需求编号）", "a need description (instead of an id)"))
    p.add_argument("--top", type=int, default=20, help=t("返回条数", "number of candidates"))
    p.set_defaults(func=cmd_match)

    idx = sub.add_parser("index", parents=[common], help=t("搜索索引", "the search index"))
    isub = idx.add_subparsers(dest="index_command", required=True, parser_class=_Parser)
    p = isub.add_parser("rebuild", parents=[common], help=t("重建搜索索引", "rebuild the search index"))
    p.add_argument("--kind", action="append", default=[], help=t("只重建这一类", "only this kind"))
    p.set_defaults(func=cmd_index_rebuild)
    p = isub.add_parser("check", parents=[common], help=t("检查并修复索引", "check and repair the index"))
    p.set_defaults(func=cmd_index_check)

    p = sub.add_parser("search", parents=[common], help=t("全局搜索", "search everything"))
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--kind", action="append", default=[], help=t("只搜索这一类", "only this kind"))
    p.set_defaults(func=cmd_search)
    __import__("workbench.cli_io").cli_io.register(sub, common)  # import, export, report
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in argv:
        idx = argv.index("--lang")
        if idx + 1 < len(argv):
            i18n.set_language(argv[idx + 1])
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ValidationError as exc:
        for item in exc.issues:
            prefix = t("警告", "warning") if not item.is_error else t("错误", "error")
            print(f"{prefix}: {item.field + ': ' if item.field else ''}{item.message}", file=sys.stderr)
        return 1
    except WorkbenchError as exc:
        print(t("错误：{m}", "error: {m}", m=exc.message), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("已取消", "cancelled"), file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
