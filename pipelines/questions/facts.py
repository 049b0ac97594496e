"""The items of one resume a good interviewer would ask about, best first: an achievement
with its outcome ("Cut p99 latency of the payments API from 900 ms to 210 ms"), a
project and the decision behind it, a role at an employer. Each is a whole line of the
resume (a bullet), never a word cut out of one, with the employer it was done at.

Resume text is data: lines that read as instructions are dropped here, before any
question can quote them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.resume.summary import role_line
from pipelines.scoring.features import injection_sentences

_BULLET = re.compile(r"^\s*(?:[-–•·*∙◦‣▪■□◆▶➢✓]|\d{1,2}[.)])\s*")
_DATE_RANGE = re.compile(r"\(?\s*((19|20)\d{2}([./-]\d{1,2})?|[A-Z][a-z]{2,8}\.? (19|20)\d{2})\s*[-–~→]\s*"
                         r"((19|20)\d{2}([./-]\d{1,2})?|[A-Z][a-z]{2,8}\.? (19|20)\d{2}|present|current|now|현재|재직\s*중)"
                         r"\s*\)?", re.IGNORECASE)
_HANGUL = re.compile(r"[가-힣]")
_NUMBER = re.compile(r"\d")
_OUTCOME = re.compile(
    r"\b(cut|reduc\w+|lower\w*|decreas\w+|increas\w+|improv\w+|grew|grow\w*|rais\w+|sav\w+|halv\w+|doubl\w+|"
    r"shorten\w*|sped|speed\w*|boost\w*|drop\w*|from \S+ to|by \d|x faster|fewer|won|launch\w*|shipped|"
    r"deliver\w*|achiev\w+|reach\w*)\b"
    r"|단축|감소|증가|개선|향상|절감|줄였|줄임|늘렸|높였|낮췄|달성|성공|출시|에서\s*\S+\s*(으)?로|→",
    re.IGNORECASE,
)
_ACTION = re.compile(
    r"^(led|built|designed|created|developed|implemented|launched|introduced|migrated|rebuilt|rewrote|cut|"
    r"reduced|improved|increased|automated|owned|drove|ran|managed|negotiated|trained|mentored|coordinated|"
    r"established|founded|scaled|optimi[sz]ed|redesigned|delivered|shipped|set up|wrote|presented|organi[sz]ed|"
    r"streamlined|resolved|handled|taught|coached|partnered|spearheaded|initiated|grew|saved|won|oversaw|"
    r"supervised|planned|analy[sz]ed|replaced|split|moved|consolidated|standardi[sz]ed|created|opened|closed)\b"
    r"|(구축|개발|설계|도입|주도|개선|단축|자동화|전환|운영|기획|총괄|관리|출시|담당|구현|작성|이끌|맡아|리드)",
    re.IGNORECASE,
)
_SKIP_LINE = re.compile(r"@|https?://|www\.|\+?\d[\d -]{7,}\d|^(tel|phone|email|e-mail|주소|연락처|전화)\b",
                        re.IGNORECASE)
_AFFINITY: dict[str, re.Pattern[str]] = {
    "problem_solving": re.compile(
        r"latency|performance|bug|incident|outage|fix|debug|slow|error|failure|defect|scrap|root cause|"
        r"bottleneck|optimi|reduc|cut|diagnos|troubleshoot|recover|resolv|found|duplicate|reconcil|redesign|"
        r"analy|investigat|mis-?pick|churn|variance|shorten|"
        r"장애|성능|오류|지연|병목|불량|해결|최적화|단축|원인|개선|중복|분석|재설계|대사|오배송|낙상", re.IGNORECASE),
    "ownership": re.compile(
        r"\bled\b|lead|owned|own\b|initiat|launch|drove|founded|introduced|proposed|spearhead|started|"
        r"from scratch|end-to-end|rescued|took over|주도|도입|기획|제안|런칭|총괄|맡아|처음|신규|직접|리드", re.IGNORECASE),
    "collaboration": re.compile(
        r"cross-functional|partner|coordinat|mentor|with (the |our )?\w+ team|stakeholder|across|together|"
        r"co-|vendor|client|협업|협력|조율|멘토|함께|부서|파트너|고객사|유관", re.IGNORECASE),
    "communication": re.compile(
        r"present|train|document|taught|teach|explain|workshop|report|wrote|publish|talk|onboard|coach|"
        r"발표|교육|문서|강의|보고|설명|공유|온보딩|가이드", re.IGNORECASE),
    "job_knowledge": re.compile(
        r"[A-Z][a-z]*[A-Z]\w*|[A-Z]{2,}|\b(python|java|sql|excel|model|algorithm|framework|system|platform|"
        r"pipeline|architecture|kubernetes|kafka|postgres\w*|forecast|analytics|regression)\b|"
        r"모델|알고리즘|시스템|플랫폼|파이프라인|아키텍처|예측|분석", re.IGNORECASE),
}


@dataclass(frozen=True)
class ResumeFact:
    text: str  # the resume's own words: one bullet or sentence, cleaned
    kind: str  # achievement (an outcome) | project (a thing built or led) | role (a job at an employer)
    employer: str  # where it was done, when the resume says
    role: str
    section: str
    chunk_id: str
    strength: float  # how telling: an outcome with a number > a decision or project > a role

    @property
    def has_number(self) -> bool:
        return bool(_NUMBER.search(self.text))


@dataclass(frozen=True)
class _Line:
    text: str
    section: str
    chunk_id: str


def _lines(chunks: Sequence[object]) -> list[_Line]:
    """The resume's lines in order, chunk overlaps removed, wrapped bullet lines joined."""
    seen: set[str] = set()
    out: list[_Line] = []
    for chunk in chunks:
        text = str(getattr(chunk, "text", ""))
        section = str(getattr(chunk, "section", "") or "other")
        chunk_id = str(getattr(chunk, "id", ""))
        for raw in re.split(r"\n|(?<=[.!?])\s+(?=[A-Z가-힣])|(?<=다\.)\s+|\s+(?=[•·▪■◆▶]\s)", text):
            line = raw.strip()
            if not line or line in seen:
                continue
            seen.add(line)
            starts_bullet = bool(_BULLET.match(line))
            if (out and not starts_bullet and line[:1].islower() and out[-1].section == section
                    and not out[-1].text.endswith((".", "다.", ":"))):
                out[-1] = _Line(out[-1].text + " " + line, section, out[-1].chunk_id)
                continue
            out.append(_Line(line, section, chunk_id))
    return out


def _clean(text: str) -> str:
    text = _BULLET.sub("", text).strip()
    text = re.sub(r"^[A-Za-z가-힣 ]{1,12}[:：]\s+", "", text)  # "Experience: ...", "경력: ..."
    return re.sub(r"\s+", " ", text).strip(" ;,")


def _role_of(line: str) -> tuple[str, str] | None:
    found = role_line(line)
    has_range = bool(_DATE_RANGE.search(line))
    if found is None and has_range and len(line.split()) <= 12:
        parts = [p.strip() for p in re.split(r",|\s+at\s+|\||·", _DATE_RANGE.sub("", line)) if p.strip(" ()")]
        found = (parts[0], parts[1]) if len(parts) >= 2 else (parts[0], "") if parts else None
    if found is None or (not has_range and len(line.split()) > 10):
        return None
    role, employer = found
    return (role or "").strip(" ,()"), (employer or "").strip(" ,()")


def _strength(text: str, section: str, requirements: str) -> float:
    score = {"experience": 1.0, "projects": 0.7, "other": 0.3, "summary": 0.2}.get(section, 0.0)
    if _NUMBER.search(text) and _OUTCOME.search(text):
        score += 3.0
    elif _OUTCOME.search(text):
        score += 1.5
    elif _NUMBER.search(text):
        score += 0.8
    if _ACTION.search(text):
        score += 1.0
    words = len(text.split())
    if words < 4 or words > 45:
        score -= 1.5
    wanted = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z+#.]{1,}|[가-힣]{2,}", requirements)}
    found = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z+#.]{1,}|[가-힣]{2,}", text)}
    score += 0.5 * min(2, len(wanted & found))
    return score


def extract_facts(chunks: Sequence[object], *, requirements: str = "", avoid: Sequence[str] = ()) -> list[ResumeFact]:
    """The resume's askable items, strongest first. ``avoid``: words that must not be quoted
    (the candidate's name)."""
    facts: list[ResumeFact] = []
    employer = role = ""
    avoid_words = {w.lower() for name in avoid for w in name.split() if len(w) > 1}
    for line in _lines(chunks):
        if line.section in ("skills", "education") or _SKIP_LINE.search(line.text):
            continue
        if injection_sentences(line.text):
            continue  # resume text addressed to the system: data, never quoted back
        heading = _role_of(line.text) if line.section != "summary" else None
        if heading is not None:
            role, employer = heading
            if employer or role:
                facts.append(ResumeFact(text=_clean(_DATE_RANGE.sub("", line.text)), kind="role", employer=employer,
                                        role=role, section=line.section, chunk_id=line.chunk_id,
                                        strength=0.8 + (0.5 if line.section == "experience" else 0.0)))
            continue
        text = _clean(line.text)
        if len(text) < 12 or (not _HANGUL.search(text) and len(text.split()) < 4):
            continue  # a project title, a heading fragment: not a whole item
        if avoid_words & {w.lower().strip(".,") for w in text.split()}:
            continue
        if text.count(",") >= 2 and not _ACTION.search(text) and not _OUTCOME.search(text):
            continue  # "간호사 면허, 기본심폐소생술(BLS), ...": a list, not an item
        if line.section == "other" and not (_ACTION.search(text) or _OUTCOME.search(text)):
            continue  # a licence, an award's name, a language: nothing the candidate did to ask about
        kind = "achievement" if _OUTCOME.search(text) else "project"
        if line.section == "summary" and kind != "achievement":
            continue  # "8년 차 병동 간호사입니다": a self-description, not an item to ask about
        facts.append(ResumeFact(text=text, kind=kind, employer=employer, role=role, section=line.section,
                                chunk_id=line.chunk_id, strength=_strength(text, line.section, requirements)))
    return sorted(facts, key=lambda f: -f.strength)


def affinity(fact: ResumeFact, competency: str) -> float:
    """How well a fact lets a question probe ``competency`` (keyword hits, 0-2)."""
    rx = _AFFINITY.get(competency)
    return min(2.0, float(len(rx.findall(fact.text)))) if rx is not None else 0.0


def assign(facts: Sequence[ResumeFact], competencies: Sequence[str]) -> list[ResumeFact | None]:
    """One distinct fact per competency slot, the best (slot, fact) pairs first: a strong fact
    that suits the competency; a role only when no achievement or project is left."""
    pool = [f for f in facts if f.kind != "role"]
    roles = [f for f in facts if f.kind == "role"]
    chosen: list[ResumeFact | None] = [None] * len(competencies)
    for candidates, reuse in ((pool, False), (roles, False), (roles, True)):
        pairs = sorted(((f.strength + 2.0 * affinity(f, key), i, n) for i, key in enumerate(competencies)
                        for n, f in enumerate(candidates)), reverse=True)
        used: set[int] = set()
        for _, i, n in pairs:
            taken = candidates[n].text in {c.text for c in chosen if c}
            if chosen[i] is None and n not in used and (reuse or not taken):
                chosen[i] = candidates[n]  # a role may open two questions ("At Coupang, tell me about...")
                used.add(n)
    return chosen
