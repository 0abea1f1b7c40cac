"""Lay the report's blocks out as an A4 PDF with reportlab (platypus).

Why reportlab: it flows text, tables that split over pages (header row repeated) and images
onto pages with a footer on each, embeds TrueType fonts (the Bitstream Vera fonts it ships, so
the euro sign, dashes and Dutch accents print on any machine) and writes real text that
``pdftotext`` and screen readers read; it is maintained since 2000 (BSD licence). Markup in
block text: ``**bold**`` and ``[title](url)`` become bold and clickable links.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import Flowable

from webapp.report.blocks import Block, Bullets, Figure, Heading, PageBreak, Para, Table

MARGIN = 16 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN
FONT, BOLD, ITALIC = "WerkpadSans", "WerkpadSans-Bold", "WerkpadSans-Italic"
ACCENT = colors.HexColor("#1f4e79")


@lru_cache(maxsize=1)
def _fonts() -> None:
    """Register the Vera TrueType fonts shipped inside reportlab (once)."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in ((FONT, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _style(name: str, size: float, bold: bool = False, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.3, **kw)


STYLES = {
    "title": _style("title", 20, True, textColor=ACCENT, spaceAfter=4),
    "h1": _style("h1", 14, True, textColor=ACCENT, spaceBefore=10, spaceAfter=4, keepWithNext=1),
    "h2": _style("h2", 11, True, spaceBefore=6, spaceAfter=2, keepWithNext=1),
    "body": _style("body", 9.5, spaceAfter=5),
    "small": _style("small", 8, spaceAfter=3, textColor=colors.HexColor("#333333")),
    "cell": _style("cell", 7.2),
    "cell_right": _style("cell_right", 7.2, alignment=2),
    "cell_head": _style("cell_head", 7.5, True),
    "cell_head_right": _style("cell_head_right", 7.5, True, alignment=2),
    "warning": _style(
        "warning",
        9.5,
        borderColor=colors.HexColor("#b45309"),
        borderWidth=1,
        borderPadding=5,
        backColor=colors.HexColor("#fff7ed"),
        spaceBefore=6,
        spaceAfter=10,
    ),
}


def markup(text: str) -> str:
    """Block text to reportlab's paragraph markup: escape, then bold and links."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<link href="\2" color="#1f4e79"><u>\1</u></link>', text)


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(markup(text), STYLES[style])


def _table(block: Table) -> RLTable:
    widths = [TEXT_WIDTH * w for w in (block.widths or [1 / len(block.header)] * len(block.header))]
    head = [_para(h, "cell_head_right" if j >= block.numeric_from else "cell_head") for j, h in enumerate(block.header)]
    body = [
        [_para(c, "cell_right" if j >= block.numeric_from else "cell") for j, c in enumerate(row)] for row in block.rows
    ]
    table = RLTable([head, *body], colWidths=widths, repeatRows=1)
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6f9")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("LINEABOVE", (0, r + 1), (-1, r + 1), 0.4, colors.grey) for r in block.bold_rows[:1]]
    table.setStyle(TableStyle(style))
    return table


def _figure(block: Figure) -> Image:
    img = Image(io.BytesIO(block.png))
    scale = min(TEXT_WIDTH / img.imageWidth, (A4[1] * 0.42) / img.imageHeight)
    img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
    return img


def flowables(blocks: list[Block]) -> list[Flowable]:
    """The blocks as reportlab flowables."""
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(_para(b.text, ("title", "h1", "h2")[min(b.level, 2)]))
        elif isinstance(b, Para):
            out.append(_para(b.text, "warning" if b.warning else "small" if b.small else "body"))
        elif isinstance(b, Bullets):
            items = [ListItem(_para(t, "small" if b.small else "body"), leftIndent=10) for t in b.items]
            out.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=10, bulletFontName=FONT))
        elif isinstance(b, Table):
            out += [_table(b), Spacer(1, 4)]
        elif isinstance(b, Figure):
            out.append(KeepTogether([_figure(b), Spacer(1, 6)]))
        elif isinstance(b, PageBreak):
            out.append(RLPageBreak())
    return out


def render(blocks: list[Block], footer: str, title: str) -> bytes:
    """The PDF bytes of the blocks, with ``footer`` and the page number at the foot of every page."""
    _fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="Werkpad",
        creator="Werkpad",
    )

    def foot(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN - 2 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 2 * mm, str(doc_.page))
        canvas.restoreState()

    doc.build(flowables(blocks), onFirstPage=foot, onLaterPages=foot)
    return buf.getvalue()
