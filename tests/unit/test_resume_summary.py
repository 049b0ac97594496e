"""The deterministic resume profile, from the same PDFs the API tests upload."""

from __future__ import annotations

from datetime import date

from pipelines.resume import parse_pdf, process_pages
from pipelines.resume.normalize import normalize_text
from pipelines.resume.sections import split_sections
from pipelines.resume.summary import summarize
from tests import pdf_factory

TODAY = date(2024, 3, 1)


def _summary(data: bytes) -> dict[str, object]:
    parsed = parse_pdf(data, max_pages=30, max_chars=300_000, timeout_s=15, memory_mb=512)
    sections = process_pages(parsed.pages).sections
    return summarize(sections, today=TODAY).as_dict()


def test_english_profile() -> None:
    summary = _summary(pdf_factory.english_resume())
    assert summary["roles"] == ["Senior Backend Engineer", "Software Engineer"]
    assert summary["employers"] == ["Globex Corp", "Initech Inc"]
    assert summary["projects"] == ["Realtime Fraud Detector", "pg-queue-lite"]
    assert {"Python", "Go", "PostgreSQL", "Kafka", "Kubernetes", "Flink", "Django"} <= set(summary["skills"])  # type: ignore[arg-type]
    assert summary["years_of_experience"] == 8.2  # Jan 2016 - Mar 2024, the two jobs are back to back
    assert summary["education"] == ["B.S. in Computer Science, University of Waterloo"]
    assert summary["sections"] == ["summary", "experience", "projects", "skills", "education"]
    assert summary["language"] == "en"


def test_korean_profile() -> None:
    summary = _summary(pdf_factory.korean_resume())
    assert summary["roles"] == ["백엔드 개발자", "시니어 엔지니어"]
    assert summary["employers"] == ["네이버 주식회사", "카카오"]
    assert summary["projects"] == ["실시간 추천 시스템 구축"]
    assert {"Python", "Java", "Kafka", "PostgreSQL", "Kubernetes"} <= set(summary["skills"])  # type: ignore[arg-type]
    assert summary["years_of_experience"] == 5.1  # 2019.03 ~ 2024.03 (현재), months counted inclusively
    assert summary["education"] == ["서울대학교 컴퓨터공학 학사"]
    assert summary["language"] == "ko"


def test_stated_years_when_no_dates_and_empty_fields_rather_than_guesses() -> None:
    text = "Profile\nData engineer with 6+ years of experience.\nSkills\nSQL; Airflow | dbt"
    summary = summarize(split_sections(normalize_text(text)), today=TODAY)
    assert summary.years_of_experience == 6.0
    assert summary.skills[:3] == ["SQL", "Airflow", "dbt"]
    assert summary.roles == [] and summary.employers == [] and summary.education == []


def test_overlapping_jobs_count_once() -> None:
    text = "Experience\nEngineer at A Corp, 2018.01 ~ 2020.12\nAdvisor at B Labs, 2019.01 ~ 2019.12"
    summary = summarize(split_sections(normalize_text(text)), today=TODAY)
    assert summary.years_of_experience == 3.0
    assert summary.employers == ["A Corp", "B Labs"]
