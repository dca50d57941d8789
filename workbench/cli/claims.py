"""Reward claims: ``claim create``, the status steps (submit … amend), and ``claim pdf``."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, date_arg, details, emit, open_store
from workbench.errors import Issue, Severity, ValidationError
from workbench.i18n import t


def share_percent(raw: str) -> Decimal:
    """A co-broker's share as typed after ``=``; NaN and Infinity are numbers to Decimal, not to a clerk."""
    from workbench.services.claims import parse_percent

    try:
        value = Decimal(raw.strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        value = None
    if value is not None and not value.is_finite():
        message = t("比例应为数字，如 50 或 33.33", "A share is a number such as 50 or 33.33")
        raise ValidationError([Issue("--share", "share.invalid", message, Severity.ERROR)])
    return parse_percent(raw, field="--share")


def cmd_claim_create(args: argparse.Namespace) -> int:
    from workbench.services import CLAIMS, ShareInput

    shares = []
    for item in args.share:
        broker_id, _, pct = item.partition("=")
        shares.append(ShareInput(broker_id.strip(), share_percent(pct or "100")))
    with open_store(args) as store, store.session(actor="cli") as session:
        claim = CLAIMS.create_claim(
            session,
            args.contract_id,
            policy_key=args.policy,
            broker_id=args.broker,
            applicant_type=args.applicant_type,
            period_end=date_arg(args.period_end, "--period-end"),
            period_start=date_arg(args.period_start, "--period-start"),
            attachments=args.attachment,
            shares=shares,
        )
        data = details(session, "claim", claim)
    emit(
        args,
        data,
        lambda: t(
            "已创建申请 {n}：¥{a}", "Claim {n} created: ¥{a}", n=data["claim_no"], a=data["amount_yuan"]
        ),
    )
    return 0


def cmd_claim_step(args: argparse.Namespace) -> int:
    from workbench.services import CLAIMS, get_claim

    with open_store(args) as store, store.session(actor="cli") as session:
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
        data = details(session, "claim", claim)
    emit(args, data, lambda: f"{data['claim_no']}: {data['status']}")
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
    with open_store(args) as store, store.session() as session:
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
            emit(args, single, lambda: t("已写入 {f}", "Written: {f}", f=out))
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
    emit(
        args,
        batch,
        lambda: t("已写入 {n} 份到 {d}", "{n} written to {d}", n=len(result.written), d=out),
    )
    return 1 if result.failed else 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    claim = sub.add_parser("claim", parents=[common], help=t("奖励申请", "reward claims"))
    csub = claim.add_subparsers(dest="claim_command", required=True, parser_class=type(claim))
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
