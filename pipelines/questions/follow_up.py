"""Follow-ups that listen: read what the answer lacks (``scoring.analysis``: the candidate's
own part, the result, the reasoning, a number, what they learned) and ask for the first
missing piece, picking up what they said, in several wordings so two follow-ups in one
interview do not sound alike. A complete answer gets none; so does a non-answer (there is
nothing to pick up). An answer about another topic is brought back to work.

``make_follow_up`` asks the LLM for the same thing and holds its question to the same bar;
``template_follow_up`` is the interviewer's own wording when the model gives none in time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pipelines.llm import LLM, generate_structured_batch
from pipelines.llm.templates import file_template, render_messages
from pipelines.questions.plan import LANGUAGE_NAMES, QuestionDraft, seed_for
from pipelines.questions.validate import QuestionError, check_question, content_words, similarity, tidy
from pipelines.questions.wording import ko_particle
from pipelines.scoring.analysis import Analysis, analyse, relevance
from pipelines.scoring.features import non_answer, strip_injection
from pipelines.scoring.text import sentences

log = logging.getLogger(__name__)

# what the answer lacks, in the order an interviewer asks for it
PROBES = ("off_topic", "example", "own_part", "result", "reasoning", "measure", "learning")
_PROBE_WORDS = {  # a follow-up on a probe must ask about it
    "off_topic": r"work|job|업무|일하",
    "example": r"specific|one situation|example|구체적|사례|상황",
    "own_part": r"you yourself|your own|yourself|personally|your part|본인|직접|개인적으로",
    "result": r"result|outcome|change|turn out|came of|happen|결과|달라|어떻게 됐|변화|효과",
    "reasoning": r"why|decide|choose|chose|consider|option|instead|이유|왜|선택|판단|고려|대안",
    "measure": r"measure|number|how (big|much|many)|metric|how did you (know|check)|수치|숫자|얼마나|측정|확인",
    "learning": r"differently|learn|teach|taught|now|today|배운|다르게|지금|돌아보",
}
WORDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "off_topic": ("Thanks. Could you give me an example from your work instead: what was the situation, what did "
                      "you do yourself, and what was the result?",
                      "I'd like to hear about your work. Can you think of a situation at work like that: what did you "
                      "do, and how did it turn out?"),
        "example": ("Could you walk me through one specific situation: what happened, what did you do yourself, "
                    "and how did it turn out?",
                    "Can you give me one concrete example of that: when was it, what did you do, and what was the result?"),
        "own_part": ('You said "{quote}". What was your own part in that, step by step?',
                     'When you say "{quote}", which parts did you do yourself?',
                     "I'd like to understand your personal contribution there: what did you yourself decide or do?"),
        "result": ("After you {clause}, what changed, and how did you know?",
                   'You said "{quote}". What came of it in the end?',
                   "How did that turn out? What was the result of what you did?",
                   "Once you {clause}, what was different afterwards, and how could you tell?",
                   "What happened as a result, and who noticed the difference?"),
        "reasoning": ("Why did you go that way? What else did you consider before you {clause}?",
                      'You said "{quote}". What made you choose that over the other options?',
                      "What made you decide on that approach rather than another one?"),
        "measure": ("How big was the difference, in numbers, and how did you check it?",
                    'You said "{quote}". How did you measure that?',
                    "What numbers told you it had worked?"),
        "learning": ("Looking back, what would you do differently, and what do you do now because of it?",
                     "What did that experience teach you that you still use today?"),
    },
    "ko": {
        "off_topic": ("감사합니다. 업무에서 있었던 사례로 다시 말씀해 주시겠어요? "
                      "어떤 상황이었고, 본인이 무엇을 했고, 결과는 어땠나요?",
                      "업무 경험을 여쭤보고 싶은데요, 일하면서 비슷한 상황이 있었다면 본인이 무엇을 했고 결과는 "
                      "어땠는지 말씀해 주시겠어요?"),
        "example": ("구체적인 상황 하나를 예로 들어 주시겠어요? 어떤 일이 있었고, 본인이 무엇을 했고, 결과는 어땠나요?",
                    "실제 있었던 사례 하나로 말씀해 주시겠어요? 언제였고, 무엇을 하셨고, 결과는 어땠나요?"),
        "own_part": ("{claim} 하셨는데요, 그중에서 본인이 직접 하신 일은 무엇이었는지 순서대로 말씀해 주시겠어요?",
                     "‘{quote}’ 부분에서 본인이 직접 맡은 역할은 무엇이었나요?",
                     "그 일에서 본인이 개인적으로 결정하거나 직접 하신 일은 무엇이었나요?"),
        "result": ("{claim} 하셨는데요, 그 결과 무엇이 달라졌고 그건 어떻게 확인하셨나요?",
                   "그렇게 하신 뒤에 결과는 어떻게 됐나요?",
                   "말씀하신 조치가 실제로 어떤 변화를 만들었는지 들려주시겠어요?",
                   "{claim} 하셨는데, 그 뒤에 무엇이 어떻게 달라졌나요?",
                   "그 결과를 누가, 어떤 변화로 알아차렸는지 말씀해 주시겠어요?"),
        "reasoning": ("{claim} 하셨는데요, 다른 방법도 있었을 텐데 왜 그 방법을 선택하셨나요?",
                      "그 방법을 고르신 이유는 무엇이었고, 어떤 대안을 함께 고려하셨나요?",
                      "그렇게 판단하신 근거는 무엇이었나요?"),
        "measure": ("그 변화가 어느 정도였는지 수치로 말씀해 주시겠어요? 어떻게 측정하셨나요?",
                    "{claim} 하셨는데요, 효과는 무엇으로 확인하셨나요?",
                    "효과가 있었다는 건 어떤 숫자로 알 수 있었나요?"),
        "learning": ("지금 다시 한다면 무엇을 다르게 하시겠어요? 그 일 이후로 바뀐 습관이 있나요?",
                     "그 경험에서 배운 점 중 지금도 쓰고 있는 것은 무엇인가요?"),
    },
}
_QUOTE_WORDS = {"en": 12, "ko": 8}
_PAST_END = re.compile(r"[었았였했웠렸쳤겼냈졌줬왔봤썼]$")
# what the model is told the answer lacks
LACKS = {
    "off_topic": "an example from the candidate's work (the answer is about something else)",
    "example": "one specific situation the candidate was in (the answer is general or a list)",
    "own_part": "what the candidate did themselves (the answer tells what the team or others did)",
    "result": "the result of what the candidate did",
    "reasoning": "why the candidate chose that approach over the alternatives",
    "measure": "how big the change was, in numbers, and how the candidate checked it",
    "learning": "what the candidate learned, or would do differently now",
}


@dataclass(frozen=True)
class FollowUp:
    text: str
    refers_to: str
    rationale: str
    provenance: dict[str, Any]


class ChunkLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...


def missing(question: str, answer: str, analysis: Analysis) -> str | None:
    """The first thing the answer lacks (``PROBES``), or None: complete, or nothing to pick up."""
    if relevance(question, answer, analysis).status == "off":
        return "off_topic"
    if analysis.genre in ("keyword_list", "recited_resume") or (analysis.genre == "generic" and not analysis.own_actions):
        return "example"
    if analysis.agency in ("we_only", "someone_else"):
        return "own_part"
    if analysis.agency != "self":
        return "example"
    if not analysis.has("result"):
        return "result"
    if not (analysis.has("reasoning") or analysis.has("alternatives")):
        return "reasoning"
    if not (analysis.has("measure") or analysis.has("verification")):
        return "measure"
    if not analysis.has("learning"):
        return None if analysis.has("verification") or analysis.has("alternatives") else "learning"
    return None


# where a long sentence splits into clauses, and who acts in one (what an "own part" probe picks up)
_CLAUSE_BREAK = {"en": r"[,;:]\s+|\s+(?:and|but|so|then|because)\s+",
                 "ko": r"[,;]\s*|(?<=[고서며데면])\s+"}
_OTHERS_ACT = {"en": r"\b(we|the team|they|he|she|management|my (manager|lead|boss))\s+(?!(had|was|were|are|is|have)\b)\w+",
               "ko": r"(저희|팀|팀장님?|선배님?|상사|회사|다 같이)\S*(가|이|께서|는|은)?\s"}


def _short(text: str, lang: str, probe: str = "") -> str:
    """The words to quote back: the whole sentence when short, else its clause that carries the
    point (for an "own part" probe the one where the team or others act), never a cut mid-phrase
    when a clause fits."""
    text = re.sub(r'["“”‘’\n?？]+', " ", text).strip().rstrip(".!。 ")
    limit = _QUOTE_WORDS.get(lang, 12)
    if len(text.split()) <= limit:
        return text
    clauses = [c.strip(" ,") for c in re.split(_CLAUSE_BREAK.get(lang, _CLAUSE_BREAK["en"]), text)]
    fitting = [c for c in clauses if 3 <= len(c.split()) <= limit]
    if probe == "own_part":
        fitting.sort(key=lambda c: not re.search(_OTHERS_ACT.get(lang, _OTHERS_ACT["en"]), c, re.IGNORECASE))
    return fitting[0] if fitting else " ".join(text.split()[:limit]) + "…"


def _pick_sentence(answer: str, analysis: Analysis, probe: str) -> str:
    """The sentence to pick up: for "own part" the one told as "we"/someone else, otherwise the
    candidate's own most concrete action."""
    parts = sentences(answer)
    if not parts:
        return ""
    wanted = {"own_part": ("we", "other")}.get(probe, ("self",))
    indices = [c.sentence for c in analysis.clauses if c.actor in wanted and c.kind == "past"]
    index = indices[0] if indices else 0
    return parts[index] if index < len(parts) else parts[0]


def _you_clause(sentence: str) -> str:
    """ "I split the import into batches, and ..." -> "split the import into batches" (to follow "you")."""
    found = re.search(r"\b(?:I|we)\s+(?:then\s+|also\s+|first\s+)?(\w+ed|\w+)\b(.*)", sentence)
    if not found:
        return ""
    clause = re.split(r",\s|;\s|\sand\s(?=I\b|we\b)|\sbecause\s|\sso\s", found.group(1) + found.group(2))[0]
    clause = re.sub(r"\bmy\b", "your", re.sub(r"\bme\b", "you", re.sub(r"\bmyself\b", "yourself", clause)))
    clause = clause.rstrip(".,")
    if len(clause.split()) > 12:  # "went through the records ... and changed how ...": the first action
        clause = re.split(r"\s(?:and|then)\s", clause)[0]
    words = clause.split()
    return clause if 2 <= len(words) <= 12 else ""


def _ko_claim(sentence: str) -> str:
    """What the candidate said, as Korean indirect speech: "제가 큰 파일을 나눠서 처리하도록 바꾸었고"
    -> "큰 파일을 나눠서 처리하도록 바꾸었다고"; "" when the clause does not end in a past verb."""
    text = sentence.strip().rstrip(".!?。 ")
    clause = re.split(r"(?<=[었았였했웠렸쳤겼냈졌줬왔봤썼])(?:고|는데|으며|지만|습니다|어요|다)(?:[,\s]|$)", text + " ")[0]
    clause = re.sub(r"^.*?(제가|저는|저도)\s+", "", clause.strip())
    words = clause.split()
    if len(words) > _QUOTE_WORDS["ko"] + 2:  # long: the last clause of it, after its final connective
        tail = re.split(r"(?<=[고서며데])\s+", clause)[-1]
        words = tail.split()
        clause = tail
    if not words or not _PAST_END.search(words[-1]) or len(words) > _QUOTE_WORDS["ko"] + 2:
        return ""
    return clause + "다고"


def _used(form: str, previous: Sequence[str]) -> bool:
    """Whether an earlier follow-up was this wording (its fixed words all appear in it)."""
    fixed = [part.strip(" ,.‘’\"") for part in re.split(r"\{\w+\}", form)]
    fixed = [part for part in fixed if len(part) >= 8]
    return any(fixed and all(part in text for part in fixed) for text in previous)


def _render(form: str, answer: str, analysis: Analysis, probe: str, lang: str) -> tuple[str, str, str] | None:
    """(text, the words it picks up, the wording) of one wording, or None when its slot cannot be
    filled. ``answer`` has its instruction-like sentences removed already."""
    sentence = _pick_sentence(answer, analysis, probe)
    quote = _short(sentence, lang, probe)
    clause = _you_clause(sentence) if lang == "en" else ""
    if "{clause}" in form and not clause:
        return None
    if "{quote}" in form and not quote:
        return None
    claim = ""
    if lang == "ko":
        claim = _ko_claim(sentence) or f"‘{quote}’{ko_particle(quote, '이라고/라고')}"
    text = form.format(quote=quote, clause=clause, claim=claim)
    picked = quote if "{quote}" in form else clause if "{clause}" in form else claim if "{claim}" in form else ""
    return text, picked, form


def _read(question: str, answer: str, language: str) -> tuple[str, str, Analysis, str] | None:
    """(language, the answer without instruction-like sentences, its analysis, the probe), or None
    when there is nothing to follow up: a non-answer, or a complete answer."""
    lang = language if language in ("en", "ko") else "en"
    if non_answer(answer, lang=lang) is not None:
        return None
    clean = strip_injection(answer)
    analysis = analyse(clean, lang=lang)
    probe = missing(question, clean, analysis)
    return None if probe is None else (lang, clean, analysis, probe)


def template_follow_up(*, question: str, answer: str, language: str,
                       previous: Sequence[str] = ()) -> FollowUp | None:
    """The interviewer's own follow-up on what the answer lacks; None for a non-answer or a
    complete one. ``previous``: follow-ups already asked in this interview (not repeated)."""
    read = _read(question, answer, language)
    if read is None:
        return None
    lang, clean, analysis, probe = read
    forms = WORDINGS[lang][probe]
    start = seed_for(clean) % len(forms)
    rendered = [_render(forms[(start + k) % len(forms)], clean, analysis, probe, lang) for k in range(len(forms))]
    options = [r for r in rendered if r is not None]
    if not options:
        return None
    # a wording not used yet in this interview, one that picks up the candidate's words first
    options.sort(key=lambda r: (_used(r[2], previous), not r[1]))
    fresh = [r for r in options if all(similarity(r[0], p) <= 0.75 for p in previous)] or options
    text, picked, _ = fresh[0]
    return FollowUp(text=text, refers_to=picked, rationale=f"template follow-up: asks for the {probe.replace('_', ' ')}",
                    provenance={"model": "template", "backend": "template", "probe": probe})


def follow_up_check(*, answer: str, language: str, probe: str, names: Sequence[str] = ()) -> Any:
    """A model's follow-up must be a good question, pick up the answer's words, and ask for ``probe``."""
    answer_words = content_words(answer)
    wants = re.compile(_PROBE_WORDS[probe], re.IGNORECASE)

    def check(draft: QuestionDraft) -> None:
        draft.text = tidy(draft.text)
        check_question(draft.text, language=language, names=names)
        if probe != "off_topic" and not content_words(draft.text) & answer_words:
            raise QuestionError("pick up something the candidate said: repeat their own words for it")
        if not wants.search(draft.text):
            raise QuestionError(f"ask about what the answer lacks: {probe.replace('_', ' ')}")

    return check


def make_follow_up(llm: LLM, *, question: str, answer: str, chunks: Sequence[ChunkLike], language: str,
                   template: str | None = None, prompt_version: int = 0, retries: int = 1, max_tokens: int = 120,
                   names: Sequence[str] = ()) -> FollowUp | None:
    """The model's follow-up on what the answer lacks, or None (nothing to follow up on, or no
    valid question from the model: the caller falls back to ``template_follow_up``)."""
    read = _read(question, answer, language)
    if read is None:
        return None
    lang, clean, _, probe = read
    messages = render_messages(
        template or file_template("follow_up"), "follow_up", question=question, answer=clean[:4000], language=lang,
        language_name=LANGUAGE_NAMES.get(lang, lang), missing=LACKS[probe],
        chunks=[{"id": c.id, "text": c.text} for c in chunks][:2],
    ).with_version(prompt_version or None)
    result = generate_structured_batch(llm, [messages], QuestionDraft, retries=retries, max_tokens=max_tokens,
                                       checks=[follow_up_check(answer=clean, language=lang, probe=probe,
                                                               names=names)])[0]
    if result.value is None:
        log.info("no valid follow-up", extra={"fields": {"attempts": len(result.attempts), "probe": probe}})
        return None
    last = result.attempts[-1]
    return FollowUp(text=result.value.text, refers_to="", rationale=result.value.rationale.strip() or f"asks for the {probe}",
                    provenance={**last.provenance(), "prompt_version": prompt_version, "probe": probe})
