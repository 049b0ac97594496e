"""The report as a PDF (reportlab): overall, a radar chart of the competencies, and
per-answer cards with scores, evidence and rationale.

A report with Korean text is set in NanumGothic (``pipelines.fonts``), embedded as a subset, so
it reads the same in any viewer. Without that font file it falls back to reportlab's CID font
HYGothic-Medium, which the PDF only names (the viewer must supply Korean glyphs)."""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipelines.fonts import hangul_font_path

LATIN_FONTS = ("Helvetica", "Helvetica-Bold")
KOREAN_FONTS = ("NanumGothic", "NanumGothic-Bold")
CID_FALLBACK = "HYGothic-Medium"


def _fonts(report: dict[str, Any]) -> tuple[str, str]:
    """(regular, bold) font names for the report, registered with reportlab on first use."""
    if report.get("language") != "ko" and not _has_hangul(report):
        return LATIN_FONTS
    registered = pdfmetrics.getRegisteredFontNames()
    regular, bold = hangul_font_path("regular"), hangul_font_path("bold")
    if regular is not None and bold is not None:
        for name, path in zip(KOREAN_FONTS, (regular, bold), strict=True):
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        return KOREAN_FONTS
    if CID_FALLBACK not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK, CID_FALLBACK


def _has_hangul(report: dict[str, Any]) -> bool:
    text = " ".join(str(a.get("transcript", "")) + str(a.get("question", "")) for a in report.get("answers", []))
    text += str(report.get("candidate_name", ""))
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def radar(scores: list[tuple[str, float | None]], size: float = 70 * mm, font: str = "Helvetica") -> Drawing:
    """A radar (spider) chart of 1-5 scores; a missing score sits at the centre."""
    drawing = Drawing(size, size)
    cx = cy = size / 2
    radius = size / 2 - 14 * mm / 2 - 6
    n = max(3, len(scores))

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * max(0.0, value) / 5
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in range(1, 6):
        ring = [c for i in range(n) for c in point(i, level)]
        drawing.add(Polygon(ring, strokeColor=colors.lightgrey, fillColor=None, strokeWidth=0.5))
    for i, (label, _) in enumerate(scores):
        x, y = point(i, 5)
        drawing.add(Line(cx, cy, x, y, strokeColor=colors.lightgrey, strokeWidth=0.5))
        lx, ly = point(i, 5.9)
        drawing.add(String(lx, ly, label[:18], fontName=font, fontSize=7, textAnchor="middle"))
    shape = [c for i, (_, v) in enumerate(scores) for c in point(i, v or 0)]
    if scores:
        drawing.add(Polygon(shape, strokeColor=colors.HexColor("#1f6feb"), strokeWidth=1.5,
                            fillColor=colors.Color(0.12, 0.43, 0.92, alpha=0.25)))
        drawing.add(PolyLine(shape + shape[:2], strokeColor=colors.HexColor("#1f6feb"), strokeWidth=1.5))
    return drawing


def render_pdf(report: dict[str, Any]) -> bytes:
    font, bold = _fonts(report)
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=font, fontSize=9, leading=12)
    head = ParagraphStyle("head", parent=base["Heading2"], fontName=bold)
    title = ParagraphStyle("title", parent=base["Title"], fontName=bold)
    quote = ParagraphStyle("quote", parent=body, leftIndent=8, textColor=colors.HexColor("#444444"))

    def p(text: Any, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    story: list[Any] = [
        p(f"{report.get('candidate_name', '')} — {report.get('job_title', '')}", title),
        p(f"Status: {report['status']}   Overall: {_fmt(report.get('overall'))} / 5"),
        p(f"Model: {report.get('model') or '-'}   Prompt version: {report.get('prompt_version') or '-'}   "
          f"Rubric: {(report.get('rubric') or {}).get('name') or 'default'} "
          f"v{(report.get('rubric') or {}).get('version') or '-'}   "
          f"Scorers: {', '.join(report.get('scorers', [])) or '-'}"),
        Spacer(1, 4 * mm),
    ]
    if report.get("reason"):
        story.append(p(f"Reason: {report['reason']}"))
    if report.get("status") == "withdrawn":
        story.append(p("The candidate withdrew from this interview; their data was deleted at their request."))
    elif report.get("face_analysis") is False:
        story.append(p("The candidate declined face analysis; no face signals were recorded."))
    comps = report.get("competencies", [])
    story.append(radar([(c.get("label") or c["name"], c.get("score")) for c in comps], font=font))
    table = [["Competency", "Score", "Weight", "Original"]] + [
        [c.get("label") or c["name"], _fmt(c.get("score")), _fmt(c.get("weight")),
         _fmt(c.get("original")) + (" (override)" if c.get("overridden") else "")] for c in comps]
    grid = Table(table, hAlign="LEFT")
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTNAME", (0, 0), (-1, 0), bold),
                              ("FONTSIZE", (0, 0), (-1, -1), 9),
                              ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    story += [grid, Spacer(1, 6 * mm)]
    for number, answer in enumerate(report.get("answers", []), start=1):
        story.append(p(f"Q{number} ({answer.get('kind', '')}): {answer.get('question', '')}", head))
        story.append(p(answer.get("transcript") or "(no answer)"))
        for item in answer.get("scores", []):
            story.append(p(f"{item['competency']}: {_fmt(item.get('score'))} — {item.get('rationale', '')}"))
            for ev in item.get("evidence", []):
                story.append(p(f"“{ev}”", quote))
        story.append(Spacer(1, 3 * mm))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title="Interview report", leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=16 * mm, bottomMargin=16 * mm).build(story)
    return buffer.getvalue()


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
