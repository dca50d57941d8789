"""The printed claim form as a record: archived on submission, re-opened byte for byte, exported in batches.

Submitting freezes the claim (``CLAIMS.submit``) and stores the exact PDF and its SHA-256 with it, in the
same transaction, so the database (encrypted, backed up) protects the document a district received.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlmodel import Session, col, select

from workbench.claimdoc import ClaimDocument, build_claim_document
from workbench.errors import DocumentError, StoreError, ValidationError, WorkbenchError
from workbench.i18n import t
from workbench.models import Claim
from workbench.pdf import render_claim_pdf
from workbench.pdf.claim_form import MISSING_GLYPH, ClaimFormTemplate, register_fonts, unprintable_values
from workbench.pdf.status import stamp_status
from workbench.pdf.verify import embedded_fingerprint
from workbench.services.claim_status import claim_status
from workbench.services.claims import CLAIMS, get_claim

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def render_current(session: Session, claim_id: str) -> bytes:
    """The form as the store's data say now (``ValidationError`` naming each missing field)."""
    return render_claim_pdf(build_claim_document(session, claim_id))


def submit_with_archive(session: Session, claim_id: str) -> Claim:
    """Submit a draft and archive its form: the PDF bytes and SHA-256 are stored on the claim.

    Runs in a savepoint: if the form cannot be built (a missing field) the submission is undone too,
    so a claim is never submitted without its archived document.
    """
    claim = get_claim(session, claim_id)
    with session.begin_nested():
        claim = CLAIMS.submit(session, claim.id)
        pdf = render_current(session, claim.id)
        claim.pdf_bytes = pdf
        claim.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        session.add(claim)
        session.flush()
    return claim


def _archive_of(claim: Claim) -> bytes | None:
    """The form archived on submission, which is the claim's form from then on; None for a draft.

    The archive is checked against its stored SHA-256 so a damaged record is reported, never shown.
    """
    if claim.status == "draft" or claim.pdf_bytes is None:
        return None
    archive = bytes(claim.pdf_bytes)
    if hashlib.sha256(archive).hexdigest() != claim.pdf_sha256:
        raise StoreError(
            t(
                "申请 {n} 的存档申请表已损坏（校验值不符），请从备份恢复",
                "The archived form of claim {n} is damaged (checksum mismatch); restore a backup",
                n=claim.claim_no,
            )
        )
    return archive


@dataclass(frozen=True)
class PrintedForm:
    """A claim's form as the app shows and prints it, with what the printout will lack."""

    claim_no: str
    pdf: bytes
    notice: str  # print_notice(): characters to write in by hand; "" when nothing is missing


def printed_form(session: Session, claim_id: str) -> PrintedForm:
    """The archived form of a submitted claim (stamped with its later status once approved, paid,
    rejected or superseded); a fresh one for a draft, with its notice, from one reading of the claim's
    data (``ValidationError`` naming each missing field).
    """
    claim = get_claim(session, claim_id)
    archive = _archive_of(claim)
    if archive is not None:
        status = claim_status(session, claim)
        if status.code != "submitted":  # approved, paid, rejected, superseded: say so on a copy
            archive = stamp_status(
                archive, status, font=register_fonts(), footer_y=ClaimFormTemplate.footer_y
            )
        return PrintedForm(claim.claim_no, archive, "")
    doc = build_claim_document(session, claim.id)
    return PrintedForm(claim.claim_no, render_claim_pdf(doc), _notice(doc))


@dataclass(frozen=True)
class FormHashes:
    """The two checksums a claim's form has, named as the form and the app name them."""

    data_fingerprint: str  # 数据指纹: SHA-256 of the claim data (printed on the form, embedded in it)
    file_checksum: str  # 文件校验码: SHA-256 of the archived PDF file ("" for a draft: no file yet)

    def lines(self) -> list[str]:
        """Both, labelled for a detail pane or a message."""
        found = [t("数据指纹：{f}", "Data fingerprint: {f}", f=self.data_fingerprint)]
        if self.file_checksum:
            found.append(t("文件校验码：{f}", "File checksum: {f}", f=self.file_checksum))
        return found


def form_hashes(session: Session, claim_id: str) -> FormHashes:
    """The data fingerprint and, once archived, the file checksum of a claim's form.

    For an archived form the fingerprint is recomputed from the data embedded in the archive, so it is
    the one printed on the paper the district holds, whatever the store says today.
    """
    claim = get_claim(session, claim_id)
    archive = _archive_of(claim)
    if archive is not None:
        return FormHashes(embedded_fingerprint(archive), claim.pdf_sha256 or "")
    return FormHashes(build_claim_document(session, claim.id).fingerprint.upper(), "")


def claim_pdf_bytes(session: Session, claim_id: str) -> bytes:
    """The claim's form as ``printed_form`` gives it, without the notice."""
    return printed_form(session, claim_id).pdf


def print_notice(session: Session, claim_id: str) -> str:
    """What the broker must write in by hand on the printout ("" when the font prints everything).

    Only for a form printed from the data as they are now (a draft): an archived form was printed, and
    warned about, when it was submitted, and today's data may no longer be what it shows. When the form
    cannot be built (a field missing) there is nothing to print and so nothing to say.
    """
    if _archive_of(get_claim(session, claim_id)) is not None:
        return ""
    try:
        return _notice(build_claim_document(session, claim_id))
    except WorkbenchError:
        return ""


def _notice(doc: ClaimDocument) -> str:
    values = unprintable_values(doc)
    if not values:
        return ""
    # The code point too: the screen's fonts may lack the character as well and show a box.
    where = t("；", "; ").join(
        t(
            "“{v}”中的{c}",
            "{c} in “{v}”",
            v=value,
            c=t("、", ", ").join(t("“{c}”（U+{u:04X}）", "“{c}” (U+{u:04X})", c=c, u=ord(c)) for c in chars),
        )
        for value, chars in values
    )
    return t(
        "内置字体缺少以下字符，申请表上以“{g}”代替，请在打印件上手写补全：{w}",
        "The built-in font lacks these characters; the form shows “{g}” instead, so write them in by hand "
        "on the printout: {w}",
        g=MISSING_GLYPH,
        w=where,
    )


def pdf_filename(claim_no: str) -> str:
    """A file name from the claim number that every file system accepts: ZHENHAI-2026-0001.pdf."""
    return (_UNSAFE_FILENAME.sub("_", claim_no).strip("._") or "claim") + ".pdf"


def claim_ids_with_status(session: Session, status: str) -> list[str]:
    rows = session.exec(
        select(Claim.id)
        .where(Claim.status == status, col(Claim.deleted_at).is_(None))
        .order_by(col(Claim.claim_no))
    ).all()
    return list(rows)


class ExportProgress(Protocol):
    """Told after each claim; returns False to stop the export (the UI's cancel button)."""

    def __call__(self, done: int, total: int, claim_no: str) -> bool: ...


@dataclass(frozen=True)
class ExportResult:
    written: tuple[Path, ...]
    failed: tuple[tuple[str, str], ...]  # (claim number, why) for each claim that could not be written
    cancelled: bool = False
    notices: tuple[tuple[str, str], ...] = ()  # (claim number, print_notice) for forms written with 〓


def make_folder(directory: Path) -> None:
    """Create ``directory`` and its parents; a failure is a ``DocumentError`` naming it and the reason."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc
        raise DocumentError(
            t("无法创建文件夹 {d}：{e}", "Cannot create the folder {d}: {e}", d=directory, e=reason)
        ) from exc


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all: a temporary name, then an atomic rename.

    A failure (no such folder, no permission, a full disk) leaves no partial file and is a
    ``DocumentError`` naming the file and the reason.
    """
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise DocumentError(
            t("无法写入 {f}：{e}", "Cannot write {f}: {e}", f=target, e=exc.strerror or exc)
        ) from exc


def export_claim_pdfs(
    session: Session,
    claim_ids: Sequence[str],
    directory: Path,
    *,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Write one PDF per claim into ``directory``, named by claim number.

    A claim that cannot be printed (missing fields) or written (a full disk) is reported and skipped; the
    others are still written. Each file is written whole or not at all (a temporary name, then an atomic
    rename). A folder that cannot be created is a ``DocumentError``.
    """
    make_folder(directory)
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    notices: list[tuple[str, str]] = []
    total = len(claim_ids)
    for done, claim_id in enumerate(claim_ids, start=1):
        claim = get_claim(session, claim_id)
        try:
            form = printed_form(session, claim.id)
            target = directory / pdf_filename(claim.claim_no)
            write_whole(target, form.pdf)
        except ValidationError as exc:
            failed.append((claim.claim_no, "；".join(i.message for i in exc.issues)))
        except WorkbenchError as exc:
            failed.append((claim.claim_no, exc.message))
        else:
            written.append(target)
            if form.notice:
                notices.append((claim.claim_no, form.notice))
        if progress is not None and not progress(done, total, claim.claim_no):
            return ExportResult(tuple(written), tuple(failed), done < total, tuple(notices))
    return ExportResult(tuple(written), tuple(failed), notices=tuple(notices))
