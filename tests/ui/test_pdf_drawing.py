"""What the claim form draws, as printed: PDFs rasterised by Qt's PDF engine and read pixel by pixel."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workbench.pdf.claim_form import register_fonts
from workbench.pdf.grid import Cell, Grid, Row
from workbench.pdf.qr import QrCode


def is_ink(colour: QColor) -> bool:
    """Dark and painted: Qt leaves unpainted paper transparent (all channels 0, so "black")."""
    return colour.alpha() > 128 and colour.lightness() < 128


def draw_alone(
    flowable: Flowable, size: tuple[float, float], margin: float, scale: float, tmp: Path
) -> QImage:
    """``flowable`` on a page of its own with ``margin`` points around it, rasterised at ``scale`` px/pt."""
    width, height = size[0] + 2 * margin, size[1] + 2 * margin
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    flowable.drawOn(canvas, margin, margin)
    canvas.showPage()
    canvas.save()
    path = tmp / "page.pdf"
    path.write_bytes(buffer.getvalue())
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    image = document.render(0, QSize(round(width * scale), round(height * scale)))
    document.close()
    return image


def test_the_drawn_code_has_every_module_of_the_matrix(tmp_path: Path) -> None:
    code = QrCode("CLAIM:ZHENHAI-2026-0042/SHA256:" + "0123456789ABCDEF" * 4, size=0)
    count = len(code.modules)
    code.size = float(count * 4)  # 4 points per module: at 2 px/pt module edges fall on whole pixels
    margin, px = 10.0, 8
    image = draw_alone(code, (code.size, code.size), margin, px / 4, tmp_path)
    origin = margin * px / 4

    def ink(x: float, y: float) -> bool:
        return is_ink(QColor.fromRgba(image.pixel(round(x), round(y))))

    drawn = [
        [ink(origin + (c + 0.5) * px, origin + (r + 0.5) * px) for c in range(count)] for r in range(count)
    ]
    assert drawn == code.modules
    # The quiet zone stays white: nothing is drawn outside the code.
    assert not any(ink(origin / 2, y) or ink(y, origin / 2) for y in range(image.height()))


def test_grid_rules_fills_and_spans_as_a_form_shows_them(tmp_path: Path) -> None:
    font = register_fonts()
    style = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    grey = Color(0.8, 0.8, 0.8)
    rows = [
        Row([Cell("一、申请人情况", style, span=3, fill=grey)]),
        Row([Cell("申请人", style, fill=grey), Cell("王经纪", style), Cell("", style)]),
        Row([Cell("项目名称", style), Cell("碳纤维复合材料成型技术转让", style, span=2)]),
    ]
    grid = Grid(rows, [60.0, 90.0, 90.0])
    width, height = grid.wrap(240, 500)
    scale = 4.0
    image = draw_alone(grid, (width, height), 10, scale, tmp_path)

    row_height = height / 3

    def colour(x: float, row: int, frac: float = 0.5) -> QColor:
        # x in points from the grid's left edge; rows counted from the top.
        px = (10 + x) * scale
        py = (10 + (row + frac) * row_height) * scale
        return QColor.fromRgba(image.pixel(round(px), round(py)))

    def ruled(x: float, row: int) -> bool:
        return any(is_ink(colour(x + dx, row, 0.08)) for dx in (-0.5, 0, 0.5))  # above the text

    assert ruled(60, 1) and ruled(150, 1)  # every column boundary of an ordinary row is ruled
    assert not ruled(60, 0) and not ruled(150, 0)  # none through the heading that spans the row
    assert ruled(60, 2) and not ruled(150, 2)  # the project name spans the last two columns
    heading = colour(235, 0, 0.2)
    assert heading.alpha() == 255 and 190 < heading.lightness() < 220  # the heading is filled grey ...
    assert colour(235, 1, 0.2).alpha() == 0  # ... a value cell is not
    assert is_ink(colour(0, 1)) and is_ink(colour(240, 1))  # the box closes both sides
