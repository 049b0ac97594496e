"""Split resume lines into sections by their headings, in Korean and English.

A heading is a short line that, once bullets, numbering, brackets and a trailing colon
are removed, equals one of the known names below (compared without spaces, so
``경력 사항`` and ``경력사항`` are one). Matching whole lines against a list, rather
than searching for words, keeps "Experience with AWS" a line of text, not a heading.
Lines before the first heading (name, headline) form a ``summary`` section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.resume.normalize import Line

SECTIONS = ("summary", "experience", "projects", "skills", "education", "other")

_NAMES: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience", "work experience", "professional experience", "relevant experience", "industry experience",
        "employment", "employment history", "work history", "career", "career history", "professional background",
        "experience and projects",
        "경력", "경력사항", "경력 사항", "경력기술", "경력기술서", "경력 기술서", "직장경력", "근무경력", "업무경력",
        "주요경력", "주요 경력", "경험", "업무경험", "업무 경험", "실무경험", "경력및경험", "경력 및 경험",
    ),
    "projects": (
        "projects", "project", "project experience", "key projects", "selected projects", "personal projects",
        "side projects", "notable projects", "project history", "open source", "open source projects",
        "projects and open source",
        "프로젝트", "프로젝트경험", "프로젝트 경험", "프로젝트경력", "주요프로젝트", "주요 프로젝트", "수행프로젝트",
        "수행 프로젝트", "참여프로젝트", "참여 프로젝트", "프로젝트이력", "개인프로젝트", "개인 프로젝트",
    ),
    "skills": (
        "skills", "technical skills", "skills and tools", "technical skills and tools",
        "tech stack", "technology stack", "technologies",
        "tools", "core skills", "core competencies", "competencies", "skills and expertise", "technical expertise",
        "expertise", "languages and tools", "languages and technologies", "skill set", "skillset",
        "기술", "보유기술", "보유 기술", "기술스택", "기술 스택", "보유기술스택", "기술역량", "기술 역량", "핵심역량",
        "핵심 역량", "역량", "스킬", "사용기술", "사용 기술", "활용기술", "기술및역량", "기술 및 역량", "보유역량",
    ),
    "education": (
        "education", "academic background", "education and training", "educational background", "academics",
        "education and certifications",
        "학력", "학력사항", "학력 사항", "학력및교육", "교육", "교육사항", "교육이수", "교육 이수", "교육이력", "학력및자격",
    ),
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "about", "about me", "objective",
        "career objective", "introduction", "overview", "personal statement", "career summary",
        "자기소개", "자기 소개", "자기소개서", "소개", "요약", "프로필", "간단소개", "경력요약", "경력 요약",
    ),
    "other": (
        "certifications", "certificates", "licenses and certifications", "awards", "honors", "awards and honors",
        "publications", "languages", "interests", "activities", "extracurricular activities", "volunteering",
        "volunteer experience", "references", "patents", "achievements", "training", "courses", "leadership",
        "additional information",
        "자격증", "자격사항", "자격 사항", "수상", "수상경력", "수상 경력", "수상내역", "어학", "어학능력", "외국어",
        "대외활동", "대외 활동", "활동", "기타", "논문", "특허", "병역", "병역사항", "봉사활동", "인적사항", "자격및수상",
    ),
}


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text.lower().replace("&", "and"))


_LOOKUP: dict[str, str] = {_key(name): section for section, names in _NAMES.items() for name in names}
_DECORATION = re.compile(
    r"^[\s#*•·●○■□◆◇▶▷►\-–—=|\[【<(]*(?:\d{1,2}[.)]|[ivx]{1,4}[.)])?\s*|[\s:：.\]】>)*=\-–—|]*$", re.IGNORECASE
)
_MAX_HEADING_CHARS = 40
_BULLET = re.compile(r"^[-–•·∙◦‣]\s")  # a list item, even when it reads "Tools"


@dataclass(frozen=True)
class Section:
    name: str  # one of SECTIONS
    heading: str  # the heading line as written; "" for the lines before the first heading
    lines: tuple[Line, ...]  # starting with the heading line when there is one

    @property
    def page(self) -> int:
        return self.lines[0].page if self.lines else 1

    @property
    def body(self) -> list[Line]:
        return list(self.lines[1:] if self.heading else self.lines)


def heading_section(text: str) -> str | None:
    """The section a heading line opens, or None when the line is not a heading."""
    if len(text) > _MAX_HEADING_CHARS or _BULLET.match(text):
        return None
    stripped = _DECORATION.sub("", text)
    return _LOOKUP.get(_key(stripped)) if stripped else None


def split_sections(lines: list[Line]) -> list[Section]:
    """Consecutive sections in document order; a heading with no lines under it is dropped."""
    sections: list[Section] = []
    name, heading, current = "summary", "", []
    for line in lines:
        found = heading_section(line.text)
        if found is None:
            current.append(line)
            continue
        if current and (not heading or len(current) > 1):
            sections.append(Section(name, heading, tuple(current)))
        name, heading, current = found, line.text, [line]
    if current and (not heading or len(current) > 1):
        sections.append(Section(name, heading, tuple(current)))
    return sections
