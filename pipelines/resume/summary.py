"""A short structured profile of a resume, by rules (no model): roles, employers, projects,
skills, years of experience, education. Shown back to the candidate to confirm, so it
prefers leaving a field empty to guessing."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from pipelines.resume.sections import Section

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MONTH}\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}\s*년(?:\s*\d{1,2}\s*월)?"
    r"|(?:19|20)\d{2}(?:\s*[./-]\s*\d{1,2}(?!\d))?"
    r"|\d{1,2}\s*/\s*(?:19|20)\d{2})"
)
_NOW = r"(?:present|current|now|today|현재|재직\s*중|재직중)"
_RANGE = re.compile(rf"({_DATE})\s*(?:~|–|—|-|to|→|부터)\s*({_DATE}|{_NOW})", re.IGNORECASE)
_STATED_YEARS = re.compile(r"(\d{1,2})\s*\+?\s*(?:years?|yrs?)\b|(\d{1,2})\s*년\s*(?:차|이상|경력|간)", re.IGNORECASE)

_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|architect|scientist|analyst|manager|lead|head|director|designer|"
    r"consultant|intern|researcher|specialist|administrator|cto|ceo|founder|devops|sre)\b"
    r"|엔지니어|개발자|연구원|매니저|팀장|파트장|리더|인턴|디자이너|기획자|분석가|컨설턴트|아키텍트|책임|선임|수석|사원|대리|과장|차장|부장|대표",
    re.IGNORECASE,
)
_ROLE_MODIFIERS = re.compile(
    r"^(?:senior|junior|staff|principal|lead|chief|backend|back-end|frontend|front-end|full-?stack|software|data|"
    r"machine|ml|platform|site|mobile|web|research|product|시니어|주니어|백엔드|프론트엔드|풀스택|데이터|소프트웨어|머신러닝)$",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(
    r"\b(?:inc|corp|corporation|ltd|llc|gmbh|co|company|labs?|technologies|systems|group|bank)\b\.?"
    r"|주식회사|\(주\)|㈜|은행|그룹|연구소|전자|랩스?",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"\b(?:b\.?s\.?|b\.?a\.?|b\.?sc|m\.?s\.?|m\.?sc|m\.?a\.?|mba|ph\.?d|bachelor|master|doctor|diploma|"
    r"university|college|institute)\b|학사|석사|박사|대학교|대학원|고등학교|전문학사",
    re.IGNORECASE,
)
_SPLIT_ROLE = re.compile(r"\s+(?:at|@)\s+|\s*[|,·]\s*|\s+[–—-]\s+|\s*/\s*")
_BULLET = re.compile(r"^[-–•·*∙◦‣▪■□◆▶]\s*")
_SKILL_SPLIT = re.compile(r"[,;|/·•∙、]|\s{2,}|\band\b")
_LABEL = re.compile(r"^[^:：]{1,30}[:：]\s*")

# Recognised everywhere in the text, not only under a skills heading.
KNOWN_SKILLS = (
    "Python", "Java", "JavaScript", "TypeScript", "Go", "Rust", "C++", "C#", "Kotlin", "Swift", "Scala", "Ruby",
    "PHP", "SQL", "PostgreSQL", "MySQL", "Oracle", "MongoDB", "Redis", "Elasticsearch", "Kafka", "Spark", "Flink",
    "Airflow", "Hadoop", "Docker", "Kubernetes", "Terraform", "AWS", "GCP", "Azure", "Linux", "Django", "Flask",
    "FastAPI", "Spring", "Spring Boot", "React", "Vue", "Node.js", "GraphQL", "gRPC", "PyTorch", "TensorFlow",
    "scikit-learn", "Pandas", "Git", "CI/CD", "Jenkins", "RabbitMQ", "Celery",
)
_KNOWN = {s.lower(): s for s in KNOWN_SKILLS}
_KOREAN_SKILLS = {"쿠버네티스": "Kubernetes", "카프카": "Kafka", "파이썬": "Python", "자바": "Java", "도커": "Docker",
                  "스프링": "Spring", "리액트": "React", "텐서플로": "TensorFlow", "파이토치": "PyTorch"}

MAX_ITEMS = 12


@dataclass
class ResumeSummary:
    roles: list[str] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    years_of_experience: float | None = None
    education: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # sections found, in order
    language: str = "en"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _add(items: list[str], value: str, limit: int = MAX_ITEMS) -> None:
    value = value.strip(" \t-–—,.:;()[]")
    if value and len(items) < limit and value.lower() not in {v.lower() for v in items}:
        items.append(value)


def _parse_date(text: str, today: date) -> date | None:
    text = text.strip().lower()
    if re.fullmatch(_NOW, text, re.IGNORECASE):
        return today
    year_match = re.search(r"(19|20)\d{2}", text)
    if not year_match:
        return None
    year = int(year_match.group(0))
    month = 1
    named = re.match(r"[a-z]{3}", text)
    if named and named.group(0) in _MONTHS:
        month = _MONTHS[named.group(0)]
    else:
        rest = text[year_match.end():]
        after = re.search(r"\d{1,2}", rest)
        before = re.match(r"(\d{1,2})\s*/", text)
        if after:
            month = int(after.group(0))
        elif before:
            month = int(before.group(1))
    return date(year, min(max(month, 1), 12), 1)


def _months(ranges: list[tuple[date, date]]) -> int:
    """Total months covered, overlapping jobs counted once."""
    total, end_so_far = 0, None
    for start, end in sorted(ranges):
        if end_so_far is not None and start < end_so_far:
            start = end_so_far
        if end > start:
            total += (end.year - start.year) * 12 + end.month - start.month + 1
            end_so_far = end if end_so_far is None else max(end, end_so_far)
    return total


def _role_and_employer(head: str) -> tuple[str | None, str | None]:
    """``Senior Engineer at Globex``, ``Globex | Engineer``, ``네이버 주식회사 백엔드 개발자``."""
    parts = [p.strip() for p in _SPLIT_ROLE.split(head) if p and p.strip()]
    role = next((p for p in parts if _ROLE_WORDS.search(p) and not _COMPANY_WORDS.search(p)), None)
    employer = next((p for p in parts if p != role and _COMPANY_WORDS.search(p)), None)
    if len(parts) == 1:  # "네이버 주식회사 백엔드 개발자": employer words, then role words
        words = parts[0].split()
        cut = next((i for i, w in enumerate(words) if _ROLE_WORDS.search(w) or _ROLE_MODIFIERS.search(w)), None)
        if cut and _ROLE_WORDS.search(" ".join(words[cut:])):
            return " ".join(words[cut:]), " ".join(words[:cut])
    if employer is None and role is not None:
        others = [p for p in parts if p != role]
        employer = others[0] if len(others) == 1 else None
    if role is None and employer is not None:
        others = [p for p in parts if p != employer]
        role = others[0] if len(others) == 1 and _ROLE_WORDS.search(others[0]) else None
    return role, employer


def role_line(text: str) -> tuple[str | None, str | None] | None:
    """(role, employer) when a line heads a job ("Senior Engineer at Globex, Mar 2019 - Present",
    "네이버 주식회사 백엔드 개발자 (2019.03 ~ 2022.02)"); None for any other line."""
    match = _RANGE.search(text)
    head = text if match is None else text[: match.start()] + " " + text[match.end():]
    head = _BULLET.sub("", head.strip(" ,()[]|-–—")).strip(" ,()[]|-–—")
    if not head or (match is None and (len(head.split()) > 8 or not _ROLE_WORDS.search(head))):
        return None
    role, employer = _role_and_employer(head)
    return (role, employer) if role or employer else None


def _experience(section: Section, summary: ResumeSummary, ranges: list[tuple[date, date]], today: date) -> None:
    for line in section.body:
        match = _RANGE.search(line.text)
        if not match:
            continue
        start, end = _parse_date(match.group(1), today), _parse_date(match.group(2), today)
        if start and end and end >= start:
            ranges.append((start, end))
        head = (line.text[: match.start()] + " " + line.text[match.end():]).strip(" ,()[]|-–—")
        head = _BULLET.sub("", head)
        role, employer = _role_and_employer(head)
        if role:
            _add(summary.roles, role)
        if employer:
            _add(summary.employers, employer)


def _projects(section: Section, summary: ResumeSummary) -> None:
    for line in section.body:
        text = line.text.strip()
        if _BULLET.match(text) or len(text) > 80 or text.endswith("."):
            continue  # a description, not a project's name
        _add(summary.projects, _RANGE.sub("", text).split(":")[-1] if ":" in text else _RANGE.sub("", text), 8)


def _skills(section: Section, summary: ResumeSummary) -> None:
    for line in section.body:
        text = _LABEL.sub("", _BULLET.sub("", line.text))
        for item in _SKILL_SPLIT.split(text):
            item = item.strip()
            if 1 <= len(item) <= 30 and len(item.split()) <= 3:
                _add(summary.skills, _KNOWN.get(item.lower()) or _KOREAN_SKILLS.get(item) or item, 20)


def _known_skills(text: str, summary: ResumeSummary) -> None:
    lowered = text.lower()
    for key, name in _KNOWN.items():
        if re.search(rf"(?<![\w+#.]){re.escape(key)}(?![\w+#])", lowered):
            _add(summary.skills, name, 20)
    for korean, name in _KOREAN_SKILLS.items():
        if korean in text:
            _add(summary.skills, name, 20)


def summarize(sections: list[Section], *, today: date | None = None) -> ResumeSummary:
    today = today or date.today()
    summary = ResumeSummary()
    text = "\n".join(line.text for s in sections for line in s.lines)
    summary.language = "ko" if len(re.findall(r"[가-힣]", text)) > 0.2 * max(1, len(re.findall(r"\w", text))) else "en"
    ranges: list[tuple[date, date]] = []
    for section in sections:
        _add(summary.sections, section.name, len(sections))
        if section.name == "experience":
            _experience(section, summary, ranges, today)
        elif section.name == "projects":
            _projects(section, summary)
        elif section.name == "skills":
            _skills(section, summary)
        elif section.name == "education":
            for line in section.body:
                if _DEGREE.search(line.text):
                    _add(summary.education, _RANGE.sub("", _BULLET.sub("", line.text)).strip(" ,()")[:120], 4)
    _known_skills(text, summary)
    months = _months(ranges)
    if months:
        summary.years_of_experience = round(months / 12, 1)
    else:
        stated = _STATED_YEARS.search(text)
        if stated:
            summary.years_of_experience = float(stated.group(1) or stated.group(2))
    return summary
