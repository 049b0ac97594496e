"""The report PDF: a Korean report carries its own (subset) Hangul font, so it reads the same in
any viewer; its text extracts back as typed. An English report stays on the built-in fonts."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from pipelines.scoring.pdf import render_pdf

ANSWER_KO = "저는 주문 파이프라인을 Airflow로 옮기고 실패율을 월 12회에서 1회로 줄였습니다."


def _report(lang: str, name: str, transcript: str) -> dict[str, Any]:
    return {"language": lang, "candidate_name": name, "job_title": "Data Engineer", "status": "scored",
            "overall": 3.5, "model": "calibrated", "prompt_version": 1, "scorers": ["features"],
            "competencies": [{"name": "ownership", "label": "주도성" if lang == "ko" else "Ownership",
                              "score": 4.0, "weight": 1.0}],
            "answers": [{"kind": "planned", "transcript": transcript,
                         "question": "가장 자랑스러운 프로젝트는?" if lang == "ko" else "Your proudest project?",
                         "scores": [{"competency": "ownership", "score": 4, "rationale": "specific result",
                                     "evidence": []}]}]}


def _fonts(pdf: bytes) -> dict[str, bool]:
    """Font name → whether its glyphs are embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            embedded = desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_korean_report_embeds_its_hangul_font_and_extracts_back() -> None:
    pdf = render_pdf(_report("ko", "김민준", ANSWER_KO))
    fonts = _fonts(pdf)
    assert any("NanumGothic" in name for name in fonts), fonts
    # every font travels with the file, but the base 14 that all viewers have (reportlab always lists Helvetica)
    assert all(embedded for name, embedded in fonts.items() if not name.startswith("/Helvetica")), fonts
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "김민준" in text and "실패율을" in text


def test_english_report_uses_the_built_in_fonts() -> None:
    pdf = render_pdf(_report("en", "Alex Strong", "I moved the pipeline to Airflow and cut failures to one."))
    assert set(_fonts(pdf)) <= {"/Helvetica", "/Helvetica-Bold"}
