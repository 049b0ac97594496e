"""Section detection from Korean and English headings."""

from __future__ import annotations

import pytest

from pipelines.resume.normalize import Line
from pipelines.resume.sections import heading_section, split_sections


@pytest.mark.parametrize(("line", "section"), [
    ("Experience", "experience"), ("WORK EXPERIENCE", "experience"), ("Professional Experience:", "experience"),
    ("경력", "experience"), ("경력사항", "experience"), ("1. 경력 사항", "experience"), ("[경력기술서]", "experience"),
    ("Projects", "projects"), ("프로젝트", "projects"), ("■ 주요 프로젝트", "projects"),
    ("Technical Skills", "skills"), ("Skills & Tools", "skills"), ("기술", "skills"), ("보유 기술", "skills"),
    ("기술 스택", "skills"), ("Education", "education"), ("학력", "education"), ("【학력사항】", "education"),
    ("Summary", "summary"), ("About me", "summary"), ("자기소개", "summary"),
    ("Certifications", "other"), ("수상 경력", "other"), ("자격증", "other"),
])
def test_headings(line: str, section: str) -> None:
    assert heading_section(line) == section


@pytest.mark.parametrize("line", [
    "Experience with AWS and GCP", "- Tools", "Python, Go, PostgreSQL", "경력 5년 차 개발자입니다",
    "Senior Backend Engineer at Globex Corp, Mar 2019 - Present",
])
def test_text_lines_are_not_headings(line: str) -> None:
    assert heading_section(line) is None


def test_split_keeps_order_pages_and_preamble() -> None:
    lines = [Line(1, "김민지"), Line(1, "백엔드 개발자"), Line(1, "경력사항"), Line(1, "네이버 (2019 ~ 2022)"),
             Line(2, "- 검색 파이프라인"), Line(2, "보유 기술"), Line(2, "Python, Kafka"), Line(2, "학력")]
    sections = split_sections(lines)
    assert [(s.name, s.heading, s.page) for s in sections] == [
        ("summary", "", 1), ("experience", "경력사항", 1), ("skills", "보유 기술", 2),
    ]  # a heading with nothing under it ("학력" at the end) is dropped
    assert [line.page for line in sections[1].lines] == [1, 1, 2]
    assert [line.text for line in sections[2].body] == ["Python, Kafka"]
