"""The PDF parsing child process: each hostile or broken file becomes a kind, within limits."""

from __future__ import annotations

import zlib

import pytest

from pipelines.resume import sandbox
from pipelines.resume.sandbox import PdfParseError, parse_pdf
from tests import pdf_factory

LIMITS = {"max_pages": 30, "max_chars": 300_000, "timeout_s": 15.0, "memory_mb": 512}


def test_text_of_english_and_korean_pdfs_with_pages() -> None:
    english = parse_pdf(pdf_factory.english_resume(), **LIMITS)  # type: ignore[arg-type]
    assert english.total_pages == 2 and len(english.pages) == 2 and not english.truncated_pages
    assert "Globex Corp" in english.pages[0] and "Realtime Fraud Detector" in english.pages[1]
    korean = parse_pdf(pdf_factory.korean_resume(), **LIMITS)  # type: ignore[arg-type]
    assert "경력사항" in korean.pages[0] and "보유 기술" in korean.pages[1]


def test_white_text_is_extracted_like_any_text() -> None:
    parsed = parse_pdf(pdf_factory.injected_resume(), **LIMITS)  # type: ignore[arg-type]
    assert pdf_factory.INJECTION in parsed.pages[0]


@pytest.mark.parametrize(("data", "kind"), [
    (pdf_factory.encrypted_resume(), sandbox.ENCRYPTED),
    (pdf_factory.truncated_resume(), sandbox.DAMAGED),
    (pdf_factory.bomb_pdf(), sandbox.TOO_COMPLEX),
])
def test_bad_files(data: bytes, kind: str) -> None:
    with pytest.raises(PdfParseError) as err:
        parse_pdf(data, **LIMITS)  # type: ignore[arg-type]
    assert err.value.kind == kind


def test_owner_password_only_pdf_opens() -> None:
    parsed = parse_pdf(pdf_factory.encrypted_resume(password=""), **LIMITS)  # type: ignore[arg-type]
    assert "Globex Corp" in parsed.pages[0]


def test_scanned_image_has_no_text() -> None:
    parsed = parse_pdf(pdf_factory.image_only_resume(), **LIMITS)  # type: ignore[arg-type]
    assert parsed.total_pages == 1 and parsed.pages[0].strip() == ""


def test_pages_past_the_limit_are_not_read() -> None:
    parsed = parse_pdf(pdf_factory.long_resume(35), **{**LIMITS, "max_pages": 30})  # type: ignore[arg-type]
    assert parsed.total_pages == 35 and len(parsed.pages) == 30 and parsed.truncated_pages
    assert "project number 30 " in parsed.pages[29]


def test_text_past_the_character_limit_is_cut() -> None:
    parsed = parse_pdf(pdf_factory.english_resume(), **{**LIMITS, "max_chars": 100})  # type: ignore[arg-type]
    assert parsed.truncated_chars and sum(len(p) for p in parsed.pages) == 100


def test_wall_time_limit_kills_the_child() -> None:
    with pytest.raises(PdfParseError) as err:
        parse_pdf(pdf_factory.english_resume(), **{**LIMITS, "timeout_s": 0.01})  # type: ignore[arg-type]
    assert err.value.kind == sandbox.TIMEOUT


def test_memory_limit_stops_the_child_not_the_parent() -> None:
    """9 MB of text operators (23 KB compressed): parsing them needs far more than 100 MB."""
    flood = pdf_factory.raw_pdf(zlib.compress(b"BT /F1 1 Tf 10 10 Td (A) Tj ET\n" * 300_000, 9))
    assert len(flood) < 30_000
    with pytest.raises(PdfParseError) as err:
        parse_pdf(flood, **{**LIMITS, "memory_mb": 100})  # type: ignore[arg-type]
    assert err.value.kind == sandbox.TOO_COMPLEX


def test_limits_too_tight_for_the_parser_say_so() -> None:
    with pytest.raises(PdfParseError) as err:
        parse_pdf(pdf_factory.english_resume(), **{**LIMITS, "memory_mb": 24})  # type: ignore[arg-type]
    assert err.value.kind == sandbox.UNAVAILABLE
