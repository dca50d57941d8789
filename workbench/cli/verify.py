"""``workbench claim verify FILE.pdf``: check a claim form on its own (embedded data, fingerprint, QR).

Needs no data file: everything it checks is inside the PDF. Exit status 0 when the form is consistent,
1 when anything disagrees (each disagreement is printed) or the file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.errors import DocumentError
from workbench.i18n import t


def cmd_claim_verify(args: argparse.Namespace) -> int:
    from workbench.pdf.verify import verify_claim_pdf

    path = Path(args.file)
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            t("无法读取 {f}：{e}", "Cannot read {f}: {e}", f=path, e=exc.strerror or exc)
        ) from exc
    result = verify_claim_pdf(pdf)
    print(t("申请编号：{n}", "claim: {n}", n=result.claim_no or "?"))
    print(
        t(
            "数据指纹（按内嵌数据重算）：{f}",
            "data fingerprint (recomputed): {f}",
            f=result.fingerprint or "?",
        )
    )
    print(t("文件校验码（SHA-256）：{f}", "file checksum (SHA-256): {f}", f=result.file_sha256))
    if result.ok:
        print(
            t(
                "核验通过：内嵌数据、印刷的数据指纹和二维码一致",
                "verified: embedded data, printed fingerprint and QR code agree",
            )
        )
        return 0
    for problem in result.problems:
        print(t("不符：{p}", "mismatch: {p}", p=problem), file=sys.stderr)
    return 1


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``verify`` to the ``claim`` command's subparsers ``sub``."""
    p = sub.add_parser(
        "verify",
        parents=[common],
        help=t(
            "核验申请表 PDF（内嵌数据、数据指纹、二维码）", "verify a claim form PDF (data, fingerprint, QR)"
        ),
    )
    p.add_argument("file", metavar="FILE.pdf")
    p.set_defaults(func=cmd_claim_verify)
