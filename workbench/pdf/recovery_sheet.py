"""The one-page A4 recovery sheet: the recovery key in large groups and how to use it, rendered in memory.

It knows nothing of how keys are made: it prints what a :class:`SheetKey` gives (``workbench.keys``'s
``RecoveryKey`` is one), so ``workbench.keys`` can use this module without the two importing each other.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Protocol

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from workbench.pdf.fonts import register_fonts

# The same registered name as the claim form, so the 4.6 MB font is parsed once per process.
GREY = Color(0.35, 0.35, 0.35)


class SheetKey(Protocol):
    """What the sheet prints of a recovery key: its groups of characters and its public key id."""

    def groups(self) -> list[str]: ...

    def key_id(self) -> str: ...


_font = register_fonts


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text to fit ``width``: at spaces for English, anywhere between Chinese characters."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = line + token
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line:
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ord(ch) > 0x2E80:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def render_recovery_sheet(recovery: SheetKey, *, db: Path, made_on: date | None = None) -> bytes:
    """The sheet as PDF bytes. Nothing is written to disk here: the caller saves it where the user chose,
    owner-only (:func:`save_recovery_sheet`).
    """
    font = _font()
    buf = io.BytesIO()
    # initialFontName: without it every PDF also names an unembedded Helvetica.
    canv = Canvas(buf, pagesize=A4, initialFontName=font, initialFontSize=10, pageCompression=1)
    canv.setTitle("恢复密钥单 Recovery sheet")
    canv.setAuthor("技术经纪人工作台 Broker Workbench")
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    y = height - 25 * mm

    canv.setFont(font, 20)
    canv.drawString(left, y, "技术经纪人工作台 · 恢复密钥单")
    y -= 8 * mm
    canv.setFont(font, 11)
    canv.setFillColor(GREY)
    canv.drawString(left, y, "Broker Workbench · Recovery sheet")
    canv.setFillColor(black)
    y -= 12 * mm

    canv.setFont(font, 10)
    facts = [
        ("数据文件 Data file", str(db)),
        ("密钥编号 Key id", recovery.key_id()),
        ("生成日期 Made on", (made_on or date.today()).isoformat()),
    ]
    for label, value in facts:
        canv.drawString(left, y, label)
        for i, line in enumerate(_wrap(value, font, 10, right - left - 45 * mm)):
            canv.drawString(left + 45 * mm, y - i * 5 * mm, line)
        y -= 6 * mm * max(1, len(_wrap(value, font, 10, right - left - 45 * mm)))
    y -= 6 * mm

    # The key: 14 groups of four in a framed box, large enough to copy by hand without mistakes.
    groups = recovery.groups()
    per_row = 7
    rows = (len(groups) + per_row - 1) // per_row
    box_h = rows * 14 * mm + 10 * mm
    canv.setLineWidth(1.2)
    canv.rect(left, y - box_h, right - left, box_h)
    canv.setFont(font, 9)
    canv.drawString(left + 4 * mm, y - 6 * mm, "恢复密钥 Recovery key")
    canv.setFont(font, 18)
    cell = (right - left - 8 * mm) / per_row
    for i, group in enumerate(groups):
        row, col = divmod(i, per_row)
        x = left + 4 * mm + col * cell + cell / 2
        canv.drawCentredString(x, y - 16 * mm - row * 14 * mm, group)
    y -= box_h + 10 * mm

    sections = [
        (
            "这张纸的用途",
            "数据文件是加密的，密钥保存在这台电脑的系统钥匙串中（或由您的密码保护）。"
            "电脑损坏、丢失后换用新电脑，或忘记密码时，用这把恢复密钥打开数据文件及其备份。"
            "恢复密钥只显示这一次，软件中不会再显示。",
            "The data file is encrypted; its key is kept in this computer's keychain (or protected by your "
            "passphrase). When the computer breaks or is replaced, or the passphrase is forgotten, this "
            "recovery key opens the data file and its backups. It is shown only once.",
        ),
        (
            "如何使用",
            "在工作台打开数据文件时选择“输入恢复密钥”，或在命令行运行：workbench key recover --recovery-key "
            "<恢复密钥>。大小写、空格和短横线均可忽略；输错一个字符会被发现。",
            "Choose “Enter recovery key” when the workbench opens the data file, or run: "
            "workbench key recover --recovery-key <key>. Case, spaces and dashes do not matter; "
            "a mistyped character is detected.",
        ),
        (
            "妥善保管",
            "拿到这张纸和数据文件副本的人可以读取全部数据。请打印后锁好，不要与电脑放在一起，"
            "不要拍照或保存在电脑、网盘上。更换密钥后，这张纸对新数据失效，请销毁。",
            "Anyone with this sheet and a copy of the data file can read all of it. Print it, lock it away "
            "from the laptop, and do not photograph it or keep it on a computer or in the cloud. After a key "
            "rotation this sheet no longer opens new data: destroy it.",
        ),
    ]
    for title, zh, en in sections:
        canv.setFont(font, 12)
        canv.drawString(left, y, title)
        y -= 6 * mm
        canv.setFont(font, 10)
        for line in _wrap(zh, font, 10, right - left):
            canv.drawString(left, y, line)
            y -= 5 * mm
        canv.setFillColor(GREY)
        canv.setFont(font, 8.5)
        for line in _wrap(en, font, 8.5, right - left):
            canv.drawString(left, y, line)
            y -= 4.2 * mm
        canv.setFillColor(black)
        y -= 5 * mm

    canv.setFont(font, 10)
    canv.drawString(left, 30 * mm, "存放地点 Kept at：")
    canv.line(left + 32 * mm, 29 * mm, right, 29 * mm)
    canv.drawString(left, 20 * mm, "保管人 Kept by：")
    canv.line(left + 32 * mm, 19 * mm, right, 19 * mm)
    canv.showPage()
    canv.save()
    return buf.getvalue()


def save_recovery_sheet(recovery: SheetKey, target: Path, *, db: Path) -> Path:
    """Render the sheet and write it owner-only (0600 on POSIX): it opens every copy of the data."""
    from workbench.paths import write_private

    write_private(target, render_recovery_sheet(recovery, db=db))
    return target
