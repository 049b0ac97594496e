"""Question plan and follow-ups: prompts, the output schema, validation, and the
deterministic template fallback. Pure: the caller passes the LLM, the template and
the retrieved resume chunks, and stores what comes back.

A generated question is accepted only when it ends with "?", is in the job's language
(Hangul share for Korean), carries nothing that looks like an instruction lifted from a
document, and names a concrete item (project, employer, technology, number) found in
the resume chunks it cites. Otherwise the model gets the error and retries; after
that a template question citing an item extracted from the chunks takes its place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipelines.llm import LLM, Generation, generate_structured_batch
from pipelines.llm.templates import file_template, render_messages
from pipelines.scoring.features import concreteness, extract, non_answer, off_topic, strip_injection
from pipelines.scoring.text import sentences

log = logging.getLogger(__name__)

NO_RESUME_NOTE = "no resume: questions come from the job and talent profile alone"
LANGUAGE_NAMES = {"en": "English", "ko": "Korean (한국어)"}
_HANGUL = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#./-]*[A-Za-z0-9+#]|[A-Za-z]|[0-9][0-9.,%+]*[0-9%+]?|[가-힣]+")
_INJECTION = re.compile(
    r"ignore (all |any |the )?(previous|prior|above|earlier)|previous instructions|system prompt|"
    r"disregard|you are (now )?an? (ai|assistant|language model)|rate (this|the) candidate|\b\d\s*/\s*5\b|"
    r"score (of|this)|hire (this|me)|지시(를|사항)?\s*무시|이전 지시|만점|합격시",
    re.IGNORECASE,
)
_STOP = frozenset(
    """a an and are as at be been but by can could did do does for from had has have how i in into is it its
    me my of on or our so than that the their them then there these they this to was we were what when where
    which while who why will with would you your yes no not very really just also about tell describe some
    any all more most much many one two such like well work worked working team teams project projects
    experience experiences company role job time way thing things lot able using used use make made get got
    i'm i've it's that's we're don't
    Experience Skills Projects Education Summary Profile Work Career Languages Contact
    경험 프로젝트 개발 담당 업무 회사 팀 사용 진행 관련 수행 통해 위해 대한 그리고 하지만 그래서 저는 제가 우리
    있습니다 했습니다 합니다 입니다 것 수 등 및 때 더 잘 좀 네 아니요""".split()
)
_PARTICLES = ("에서는", "에서", "으로는", "으로", "에게", "까지", "부터", "처럼", "하고", "이라는", "라는",
              "입니다", "했습니다", "합니다", "하였습니다", "을", "를", "은", "는", "의", "에",
              "로", "와", "과", "도", "만")


class QuestionDraft(BaseModel):
    """What the model returns for one planned question."""

    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=8, max_length=400)
    competency: str = ""
    cites: list[int] = Field(default_factory=list)
    rationale: str = Field("", max_length=600)

    @field_validator("cites", mode="before")
    @classmethod
    def _labels(cls, value: Any) -> Any:
        """Accept "[1]", "1" or 1 for an excerpt number."""
        if isinstance(value, (int, str)):
            value = [value]
        if isinstance(value, list):
            return [int(re.sub(r"\D", "", str(v)) or 0) for v in value]
        return value


class FollowUpDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=8, max_length=400)
    refers_to: str = Field("", max_length=300)
    rationale: str = Field("", max_length=600)


@dataclass(frozen=True)
class Competency:
    key: str
    name: str
    description: str


class ChunkLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    section: str = ""


@dataclass
class PlanInputs:
    """Everything a plan is made from (JSON-able: it travels to the gpu queue)."""

    job_title: str
    requirements: str
    talent_profile: str
    language: str
    question_count: int
    fixed_questions: list[str]
    competencies: list[Competency]
    chunks: dict[str, list[Chunk]]  # competency key -> retrieved resume chunks, best first
    has_resume: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanInputs:
        return cls(
            **{k: v for k, v in data.items() if k not in ("competencies", "chunks")},
            competencies=[Competency(**c) for c in data["competencies"]],
            chunks={k: [Chunk(**c) for c in v] for k, v in data["chunks"].items()},
        )


@dataclass
class PlanItem:
    text: str
    competency: str | None
    source: str  # fixed | generated | template
    cites: list[str] = field(default_factory=list)
    rationale: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    items: list[PlanItem]
    note: str = ""


@dataclass(frozen=True)
class FollowUp:
    text: str
    refers_to: str
    rationale: str
    provenance: dict[str, Any]


# --- text checks -------------------------------------------------------------

def hangul_ratio(text: str) -> float:
    """Share of Hangul among the letters (Latin technology names inside Korean text are normal)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def check_language(text: str, language: str) -> None:
    ratio = hangul_ratio(text)
    if language == "ko" and ratio < 0.4:
        raise ValueError("the question must be written in Korean (한국어로 작성하세요)")
    if language == "en" and ratio > 0.05:
        raise ValueError("the question must be written in English")


def check_form(text: str) -> None:
    stripped = text.strip()
    if not stripped.endswith(("?", "？")):
        raise ValueError('the question must be one sentence that ends with "?"')
    if "\n" in stripped or stripped.count("?") + stripped.count("？") > 2:
        raise ValueError("write exactly one question on one line")
    if _INJECTION.search(stripped):
        raise ValueError("the question repeats an instruction from the documents; ask only about the candidate's work")


def _stem(word: str) -> str:
    if _HANGUL.match(word):
        for particle in _PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= 2:
                return word[: -len(particle)]
    return word


def content_words(text: str) -> set[str]:
    """Lower-cased content words (Korean words without their particles)."""
    words = set()
    for raw in _WORD.findall(text):
        word = _stem(raw.strip(".,/-"))
        if word in _STOP or word.lower() in _STOP:
            continue
        if (_HANGUL.match(word) and len(word) >= 2) or (not _HANGUL.match(word) and len(word) >= 3):
            words.add(word.lower())
    return words


_ROLE_WORDS = frozenset(
    """senior junior lead principal staff head chief intern engineer engineering developer development manager
    backend frontend fullstack full-stack software data product designer architect analyst scientist consultant
    specialist officer director associate assistant present current jan feb mar apr may jun jul aug sep oct nov
    dec january february march april june july august september october november december built led wrote
    designed created developed managed improved reduced increased cut ran owned
    경력 학력 기술 스킬 자격 개발자 엔지니어 백엔드 프론트엔드 시니어 주니어 팀장 팀원 담당자 사원 대리 과장 부장 인턴
    현재 재직""".split()
)
_SECTION_PRIORITY = {"experience": 0, "projects": 1, "other": 2, "education": 3, "skills": 4}


def _is_number(item: str) -> bool:
    """A resume item with a digit in it: a quantity (3,000, 40%, 3x) rather than a name."""
    return bool(re.search(r"\d", item))


def concrete_items(texts: Sequence[str], requirements: str = "") -> list[str]:
    """Names a question can point at, best first: technologies and employers (capitalised or
    technical words such as PostgreSQL, Kafka, C++), numbers with units (40%, 3x), Korean
    nouns. Role words, months and bare years are left out; words the job's requirements
    also name, and words in several texts, rank first."""
    found: dict[str, int] = {}
    lowered_requirements = requirements.lower()
    for text in texts:
        seen_here: set[str] = set()
        for sentence in re.split(r"(?<=[.!?\n])\s+|[•·|;:]", text):
            for position, raw in enumerate(_WORD.findall(sentence)):
                word = _stem(raw.strip(".,/-"))
                lowered = word.lower()
                if not word or word in _STOP or lowered in _STOP or lowered in _ROLE_WORDS:
                    continue
                if re.fullmatch(r"(19|20)\d\d", word):
                    continue
                keep = False
                if _HANGUL.match(word):
                    keep = len(word) >= 2
                elif _is_number(word):
                    keep = bool(re.search(r"[%xX+]|\d,\d|\d{3,}", word))
                else:
                    keep = len(word) >= 2 and bool(
                        re.search(r"[a-z][A-Z]|[A-Z]{2}|[+#]|\.\w", word) or (word[0].isupper() and position > 0)
                    )
                if keep and word not in seen_here:
                    seen_here.add(word)
                    found[word] = found.get(word, 0) + 1
    order = list(found)

    def rank(word: str) -> tuple[int, int]:
        score = (2 if word.lower() in lowered_requirements else 0) + (1 if found[word] > 1 else 0)
        return (-score, order.index(word))

    return sorted(order, key=rank)


def pick_focus(chunks: Sequence[Chunk], requirements: str, avoid: Sequence[str],
               language: str) -> tuple[str, int]:
    """The item a question is built around and the 1-based number of its chunk (0: none):
    experience and project chunks first, an item no earlier question used; a name from any
    chunk before a number ("Toss" reads better than "3,000")."""
    ranked = sorted(range(len(chunks)), key=lambda i: (_SECTION_PRIORITY.get(chunks[i].section, 2), i))
    unused: list[tuple[str, int]] = []
    for index in ranked:
        candidates = [c for c in concrete_items([chunks[index].text], requirements) if c not in avoid]
        if language == "en":
            candidates = [c for c in candidates if not _HANGUL.search(c)]
        unused += [(c, index + 1) for c in candidates]
    best = [pair for pair in unused if not _is_number(pair[0])] or unused
    if best:
        return best[0]
    for index in ranked:  # every item was used: repeat the best one
        every = concrete_items([chunks[index].text], requirements)
        if every:
            return every[0], index + 1
    return "", 0


_WORD_CHAR = r"[^\s.,;:!?()]"  # inside a word of a phrase: not a space, punctuation or a bracket


def item_phrase(item: str, text: str) -> str:
    """A number with the words that say what it counts ("3,000 transactions per second"), or,
    at the end of a sentence, what led to it ("cut settlement latency by 40%")."""
    if not _is_number(item):
        return item
    number = re.escape(item) + _WORD_CHAR + "*"
    after = re.search(number + rf"(?:[ \t]+{_WORD_CHAR}+){{1,3}}", text)
    before = re.search(rf"(?:{_WORD_CHAR}+[ \t]+){{1,4}}" + number, text)
    found = after or before
    return found.group(0) if found else item


def items_named(question: str, items: Sequence[str]) -> list[str]:
    lowered = question.lower()
    return [item for item in items if item.lower() in lowered]


# --- the plan ------------------------------------------------------------------

def competency_slots(competencies: Sequence[Competency], count: int) -> list[Competency]:
    """``count`` competencies, round-robin over the rubric's order."""
    if count <= 0 or not competencies:
        return []
    return [competencies[i % len(competencies)] for i in range(count)]


def plan_variables(inputs: PlanInputs, competency: Competency, chunks: Sequence[Chunk], focus: str = "",
                   focus_label: int = 0) -> dict[str, Any]:
    return {
        "job_title": inputs.job_title, "requirements": inputs.requirements,
        "talent_profile": inputs.talent_profile or "-", "language": inputs.language,
        "language_name": LANGUAGE_NAMES.get(inputs.language, inputs.language),
        "competency_key": competency.key, "competency_name": competency.name,
        "competency_description": competency.description,
        "chunks": [{"label": i + 1, "id": c.id, "text": c.text, "section": c.section} for i, c in enumerate(chunks)],
        "has_resume": inputs.has_resume, "focus": focus, "focus_label": focus_label,
    }


def question_check(*, language: str, chunks: Sequence[Chunk]) -> Any:
    """The check ``generate_structured`` runs on a draft; it also fills ``cites`` when the
    model named an item but cited the wrong excerpt (the repair keeps the citation honest)."""

    def check(draft: QuestionDraft) -> None:
        draft.text = draft.text.strip().strip('"').strip()
        check_form(draft.text)
        check_language(draft.text, language)
        if not chunks:
            draft.cites = []
            return
        bad = [n for n in draft.cites if not 1 <= n <= len(chunks)]
        if bad:
            raise ValueError(f"cites must be excerpt numbers from 1 to {len(chunks)}, got {bad}")
        named = [n for n, c in enumerate(chunks, 1) if items_named(draft.text, concrete_items([c.text]))]
        if not named:
            example = ", ".join(concrete_items([c.text for c in chunks])[:4])
            raise ValueError(f"the question must name a concrete item from the excerpts (for example {example})")
        draft.cites = [n for n in draft.cites if n in named] or named[:2]

    return check


def template_question(competency: Competency, language: str, chunks: Sequence[Chunk], requirements: str,
                      job_title: str, avoid: Sequence[str] = ()) -> PlanItem:
    """The deterministic fallback: names an item from the chunks (or the job's requirements)."""
    item, label = pick_focus(chunks, requirements, avoid, language)
    cite = [chunks[label - 1].id] if label else []
    if not item:
        item = next(iter(concrete_items([requirements], requirements)), "") or job_title
    name = competency.name
    numeric = _is_number(item)
    if numeric and label:
        item = item_phrase(item, chunks[label - 1].text)
    if language == "ko":
        lead = f"이력서의 '{item}' 부분과 관련해" if numeric else f"{item} 관련 경험에서"
        text = f"{lead} {name} 역량을 보여 준 구체적인 사례를 하나 들어, 본인이 한 일과 그 결과를 말씀해 주시겠어요?"
    else:
        lead = f"Your resume mentions {item}. Thinking of that work" if numeric else f"Thinking of your work with {item}"
        text = (f"{lead}, can you describe a specific situation that shows your "
                f"{name.lower()}: what you did yourself and what the result was?")
    return PlanItem(text=text, competency=competency.key, source="template", cites=cite,
                    rationale=f"template question: {competency.key} probed through {item!r}",
                    provenance={"model": "template", "backend": "template"})


def make_plan(llm: LLM | None, inputs: PlanInputs, *, template: str | None = None, prompt_version: int = 0,
              retries: int = 1, max_tokens: int = 120) -> Plan:
    """Fixed questions first, verbatim; then one generated question per competency slot, each
    built around a different resume item. ``llm=None`` gives the template plan (used when
    the model is unavailable or too slow)."""
    items = [PlanItem(text=q, competency=None, source="fixed", rationale="fixed question of the job")
             for q in inputs.fixed_questions]
    slots = competency_slots(inputs.competencies, max(0, inputs.question_count - len(items)))
    notes = [] if inputs.has_resume else [NO_RESUME_NOTE]
    if not slots:
        return Plan(items=items, note="; ".join(notes))
    source = template or file_template("question_plan")
    conversations: list[list[dict[str, str]]] = []
    checks: list[Any] = []
    chunk_lists: list[list[Chunk]] = []
    focuses: list[str] = []
    for competency in slots:
        chunks = inputs.chunks.get(competency.key, [])
        focus, label = pick_focus(chunks, inputs.requirements, focuses, inputs.language)
        if not chunks:
            focus = next((i for i in concrete_items([inputs.requirements], inputs.requirements)
                          if i not in focuses), "")
        focuses.append(focus)
        chunk_lists.append(chunks)
        conversations.append(render_messages(
            source, "question_plan", **plan_variables(inputs, competency, chunks, focus, label)))
        checks.append(question_check(language=inputs.language, chunks=chunks))
    results = None
    if llm is not None:
        results = generate_structured_batch(llm, conversations, QuestionDraft, retries=retries,
                                            max_tokens=max_tokens, checks=checks)
    fallbacks = 0
    for index, (competency, chunks) in enumerate(zip(slots, chunk_lists, strict=True)):
        result = results[index] if results is not None else None
        draft = result.value if result is not None else None
        if result is not None and draft is not None and draft.text not in [i.text for i in items]:
            last: Generation = result.attempts[-1]
            items.append(PlanItem(
                text=draft.text, competency=competency.key, source="generated",
                cites=[chunks[n - 1].id for n in draft.cites],
                rationale=draft.rationale.strip() or f"probes {competency.key} through {focuses[index]!r}",
                provenance={**last.provenance(), "prompt_version": prompt_version, "attempts": len(result.attempts),
                            "errors": result.errors},
            ))
            continue
        fallbacks += 1
        avoid = [f for i, f in enumerate(focuses) if i != index]
        item = template_question(competency, inputs.language, chunks, inputs.requirements, inputs.job_title, avoid)
        if result is not None:
            item.provenance.update(errors=result.errors, attempts=len(result.attempts), prompt_version=prompt_version)
        items.append(item)
    if fallbacks:
        notes.append(f"{fallbacks} of {len(slots)} generated questions used the template fallback"
                     if llm is not None else "template plan: the LLM was not used")
    return Plan(items=items, note="; ".join(notes))


# --- follow-ups ------------------------------------------------------------------

def follow_up_check(*, answer: str, language: str) -> Any:
    answer_words = content_words(answer)

    def check(draft: FollowUpDraft) -> None:
        draft.text = draft.text.strip().strip('"').strip()
        check_form(draft.text)
        check_language(draft.text, language)
        shared = content_words(draft.text) & answer_words
        if not shared:
            raise ValueError("the follow-up must repeat a specific word or phrase the candidate used in the answer")

    return check


def make_follow_up(llm: LLM, *, question: str, answer: str, chunks: Sequence[ChunkLike], language: str,
                   template: str | None = None, prompt_version: int = 0, retries: int = 1,
                   max_tokens: int = 120) -> FollowUp | None:
    """A follow-up that picks up something the candidate said, or None (empty answer, or
    no valid question from the model: the caller moves on to the next planned question)."""
    if not content_words(answer):
        return None
    source = template or file_template("follow_up")
    messages = render_messages(
        source, "follow_up", question=question, answer=answer[:4000], language=language,
        language_name=LANGUAGE_NAMES.get(language, language),
        chunks=[{"id": c.id, "text": c.text} for c in chunks][:3],
    )
    result = generate_structured_batch(llm, [messages], FollowUpDraft, retries=retries, max_tokens=max_tokens,
                                       checks=[follow_up_check(answer=answer, language=language)])[0]
    if result.value is None:
        log.info("no valid follow-up", extra={"fields": {"attempts": len(result.attempts)}})
        return None
    last = result.attempts[-1]
    return FollowUp(text=result.value.text, refers_to=result.value.refers_to.strip(),
                    rationale=result.value.rationale.strip(),
                    provenance={**last.provenance(), "prompt_version": prompt_version})


# STAR probes, by the first element the answer lacks: the candidate's own action, then the result,
# then reflection. {quote} is the candidate's own words.
_PROBES: dict[str, dict[str, str]] = {
    "action": {"en": 'You said: "{quote}". What did you do there yourself, step by step?',
               "ko": '"{quote}"라고 하셨는데, 그 과정에서 본인이 직접 하신 일을 순서대로 말씀해 주시겠어요?'},
    "result": {"en": 'You said: "{quote}". What was the result, and how did you know it worked?',
               "ko": '"{quote}"라고 하셨는데, 그 결과는 어땠고 효과가 있었다는 것을 어떻게 확인하셨나요?'},
    "reflection": {"en": 'You said: "{quote}". What other options did you weigh, and what would you do differently now?',
                   "ko": '"{quote}"라고 하셨는데, 다른 방법도 고려하셨나요? 지금 다시 한다면 무엇을 다르게 하시겠어요?'},
}
_QUOTE_WORDS = {"en": 14, "ko": 8}  # words (eojeol in Korean) quoted back at most


def _quote(answer: str, language: str) -> str:
    """The answer's most concrete sentence, shortened to its first clause or its first words."""
    parts = sentences(answer)
    if not parts:
        return ""
    best = max(parts, key=lambda p: (concreteness(p), -parts.index(p)))
    best = re.sub(r'["“”\n?？]+', " ", best).strip().rstrip(".!。 ")
    limit = _QUOTE_WORDS.get(language, 14)
    words = best.split()
    if len(words) <= limit:
        return best
    clause = re.split(r"[,;:]\s", best)[0]
    if 3 <= len(clause.split()) <= limit:
        return clause
    return " ".join(words[:limit]) + "…"


def template_follow_up(*, question: str, answer: str, language: str) -> FollowUp | None:
    """The deterministic follow-up when the LLM gives none in time: it quotes the candidate's most
    concrete sentence and probes the first STAR element the answer lacks, as a structured
    interviewer would. None for a non-answer (nothing to follow up on). Instruction-like
    sentences are never quoted."""
    lang = language if language in ("en", "ko") else "en"
    if non_answer(answer, lang=lang) is not None:
        return None
    clean = strip_injection(answer)
    quote = _quote(clean, lang)
    cues = extract(clean, lang=lang)
    if not quote or (off_topic(question, clean) and not cues.has("action")):  # nothing about work to probe
        return None
    probe = ("action" if not cues.has("action") else
             "result" if not (cues.has("outcome") or cues.has("number")) else "reflection")
    return FollowUp(text=_PROBES[probe][lang].format(quote=quote), refers_to=quote,
                    rationale=f"template follow-up: probes the {probe} through the candidate's words",
                    provenance={"model": "template", "backend": "template", "probe": probe})
