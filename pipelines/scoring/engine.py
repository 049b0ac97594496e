"""Scores answers per competency: deterministic non-answer detection first, then the
rubric level read from the answer (``analysis`` → ``levels``: relevance, who acted,
STAR elements, the competency's anchors) blended with what the reading counts by a
learned ridge regression (``blend``), then with the LLM's verified rating when ``llm_weight`` > 0. A gate
(another topic, only "we", a keyword list...) holds the score at 2 or below whichever
signal raised it; the LLM's own relevance and ownership findings can hold it there too.

Which competencies an answer bears on (kept simple, documented in the README):
the question's competency (or, when the question has none, the competency whose
anchors the answer is closest to); ``communication`` for every answer (every answer
shows how the candidate communicates); and any other competency whose cue words
occur at least three times in the answer.

Injection: instruction-like sentences are removed before any scorer reads the
answer, so they cannot raise a score; when found, the rationale says so and the
item's confidence is marked lower.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipelines.llm import LLM
from pipelines.rubric import Rubric
from pipelines.scoring import features as feats
from pipelines.scoring.analysis import Analysis, Relevance, analyse, relevance
from pipelines.scoring.anchors import AnchorScorer
from pipelines.scoring.blend import LEVEL_EDGES, Blend, reading_features
from pipelines.scoring.domain import DomainScorer
from pipelines.scoring.explain import blend_note, explain, headed, pick_evidence
from pipelines.scoring.levels import Judgement, judge
from pipelines.scoring.llm_scorer import LLMItem, Renderer, rate
from pipelines.scoring.text import detect_language, quote_in_transcript
from pipelines.scoring.text_model import Grams, TextModel, answer_grams, answer_vector, encode_answer

log = logging.getLogger(__name__)

SCORER_FEATURES = "bars-rules"
SCORER_HYBRID = "hybrid"
SECONDARY_CUE_MIN = 3


@dataclass(frozen=True)
class AnswerInput:
    answer_id: Any
    question: str
    transcript: str
    question_competency: str | None = None
    lang: str = "en"


@dataclass
class ItemScore:
    answer_id: Any
    competency: str
    score: int | None
    evidence: list[str]
    rationale: str
    status: str  # ok | needs_review
    scorer: str
    model: str
    backend: str
    confidence: str = "normal"  # normal | low
    detail: dict[str, Any] = field(default_factory=dict)


def round_score(value: float) -> int:
    """Half up (2.5 → 3), clipped to 1-5."""
    return max(1, min(5, int(value + 0.5)))


def competencies_for(answer: AnswerInput, rubric: Rubric, anchors: AnchorScorer | None) -> list[str]:
    keys = rubric.keys
    primary = answer.question_competency if answer.question_competency in keys else None
    if primary is None:
        if anchors is not None and answer.transcript.strip():
            lang = answer.lang
            text = feats.strip_injection(answer.transcript)
            primary = anchors.closest(text, rubric.competencies, lang).key
        else:
            primary = keys[0]
    chosen = [primary]
    if "communication" in keys and "communication" not in chosen:
        chosen.append("communication")
    counts = feats.extract(answer.transcript).counts
    for key in keys:
        cues = [c for c in feats.COMPETENCY_CUES.get(key, ()) if c not in ("number", "outcome")]
        if key not in chosen and cues and sum(counts.get(c, 0) for c in cues) >= SECONDARY_CUE_MIN:
            chosen.append(key)
    return chosen


INJECTION_NOTE = {
    "en": " The answer contains text addressed to the scorer; it was ignored (it cannot raise a score) and "
          "this score has lower confidence.",
    "ko": " 답변에 채점자에게 지시하려는 문장이 있어 무시했습니다(점수를 올릴 수 없음). 이 점수의 신뢰도는 낮습니다.",
}
LEVEL_THREE = LEVEL_EDGES[1]  # a ladder level below where round_score gives 3 lacks something level 3 needs
WEAK_TEXT = 2.75  # a text grade below this reads as weak (2.75-3.0 measured; 3.0 held back genuine 3s)
GATE_CAP = 2.49  # an answer stopped at a gate (off-topic, "we" only, a keyword list...) stays at 2 or below


@dataclass
class _Reading:
    """One answer as the scorer reads it (``Scorer._read``); analysis and relevance stay None
    for a non-answer (``blocked``)."""

    lang: str
    ui: str  # the rationale's language
    injected: int  # instruction-like sentences found
    blocked: feats.NonAnswer | None
    clean: str  # the transcript without them
    analysis: Analysis | None = None
    margin: float | None = None
    relevance: Relevance | None = None
    vector: np.ndarray | None = None  # what the text model reads (``answer_vector`` and ``answer_grams``)
    grams: Grams = field(default_factory=dict)


@dataclass
class Scorer:
    """The combiner. ``llm`` may be None (the reading and the learned blend only); without
    ``blend`` the score is the rubric level read from the answer."""

    rubric: Rubric
    anchors: AnchorScorer | None = None  # picks the competency of a question that names none
    domain: DomainScorer | None = None  # work vs personal-life topics, multilingual
    blend: Blend | None = None
    text_model: TextModel | None = None  # the grade the whole answer reads as (needs ``domain``'s encoder)
    llm: LLM | None = None
    render: Renderer | None = None
    llm_weight: float = 0.0
    samples: int = 1
    retries: int = 2

    @property
    def uses_llm(self) -> bool:
        return self.llm is not None and self.render is not None and self.llm_weight > 0

    @property
    def name(self) -> str:
        return SCORER_HYBRID if self.uses_llm else SCORER_FEATURES

    @property
    def model(self) -> str:
        if self.uses_llm:
            assert self.llm is not None
            return self.llm.model_id
        parts = ["bars-rules"]
        if self.domain is not None:
            parts.append("use-multilingual-v3")
        if self.text_model is not None and self.domain is not None:
            parts.append("use-text-model")
        if self.blend is not None:
            parts.append("ridge-blend")
        return "+".join(parts)

    @property
    def backend(self) -> str:
        if self.uses_llm:
            assert self.llm is not None
            return self.llm.backend
        return "cpu-deterministic"

    def score(self, answers: Sequence[AnswerInput],
              pairs: Sequence[tuple[int, str]] | None = None) -> list[ItemScore]:
        """Score ``pairs`` (index into ``answers``, competency key); all bearing pairs if None."""
        if pairs is None:
            pairs = [(i, key) for i, a in enumerate(answers) for key in competencies_for(a, self.rubric, self.anchors)]
        results: list[ItemScore | None] = [None] * len(pairs)
        llm_jobs: list[tuple[int, LLMItem, float, bool]] = []
        readings: dict[int, _Reading] = {}  # an answer scored on several competencies is read once
        for slot, (index, key) in enumerate(pairs):
            answer = answers[index]
            if index not in readings:
                readings[index] = self._read(answer)
            reading = readings[index]
            lang, ui, clean, injected = reading.lang, reading.ui, reading.clean, reading.injected
            note = INJECTION_NOTE[ui] if injected else ""
            confidence = "low" if injected else "normal"
            if reading.blocked is not None:
                results[slot] = ItemScore(
                    answer_id=answer.answer_id, competency=key, score=1, evidence=[],
                    rationale=headed(1, reading.blocked.message[ui], ui) + note, status="ok", scorer="rules", model="rules",
                    backend="cpu-deterministic", confidence=confidence, detail={"non_answer": reading.blocked.reason},
                )
                continue
            analysis, rel, margin = reading.analysis, reading.relevance, reading.margin
            assert analysis is not None and rel is not None  # read for every answer that is not blocked
            judgement, found = self._assess(reading, key)
            # a gate decides the level itself (the anchor it follows, as the rationale says); the blend
            # ranks the answers that reach the ladder, but length and numbers cannot lift to 3 an action
            # named with no steps ("I looked into it and made some changes"), nor an answer below 3 on
            # the ladder that the text model also reads as weak
            base = self.blend.value(found) if self.blend is not None and not judgement.gate else judgement.level
            text_grade = found.get("text_grade")
            weak = judgement.level < LEVEL_THREE and text_grade is not None and text_grade < WEAK_TEXT
            if judgement.gate or weak or "steps" in judgement.missing:
                base = min(base, GATE_CAP)
            detail = {"level": round(judgement.level, 3), "gate": judgement.gate, "agency": analysis.agency,
                      "genre": analysis.genre, "relevance": rel.reason or "on",
                      "personal_margin": None if margin is None else round(margin, 3),
                      "text_grade": None if text_grade is None else round(text_grade, 3),
                      "non_llm": round(base, 3),
                      "injection_sentences": injected}
            if self.uses_llm:
                item = LLMItem(answer.question, clean, self.rubric.competency(key), lang)
                llm_jobs.append((slot, item, base, bool(judgement.gate)))
            level = round_score(base)
            rationale = explain(judgement, rel, level, ui)
            if self.blend is not None and not judgement.gate:
                rationale += blend_note(round_score(judgement.level), level, self.blend.drivers(found), ui)
            results[slot] = ItemScore(
                answer_id=answer.answer_id, competency=key, score=level,
                evidence=pick_evidence(answer.transcript, analysis, judgement),
                rationale=rationale + note,
                status="ok", scorer=SCORER_FEATURES, model=self.model if not self.uses_llm else "features",
                backend="cpu-deterministic", confidence=confidence, detail=detail,
            )
        if llm_jobs:
            self._blend_llm(answers, pairs, results, llm_jobs)
        return [r for r in results if r is not None]

    def features(self, answers: Sequence[AnswerInput], pairs: Sequence[tuple[int, str]]) -> list[dict[str, float] | None]:
        """What the blend reads for each pair (None for a non-answer, held at 1 by rule): the
        rows ``bench/scoring_validity.py --fit`` fits it on."""
        readings = {index: self._read(answers[index]) for index in {i for i, _ in pairs}}
        return [None if readings[i].blocked is not None else self._assess(readings[i], key)[1] for i, key in pairs]

    def _assess(self, reading: _Reading, key: str) -> tuple[Judgement, dict[str, float]]:
        """The rubric level of a read answer on one competency, and the blend's features."""
        assert reading.analysis is not None and reading.relevance is not None
        judgement = judge(reading.analysis, reading.relevance, key)
        text_grade = None if reading.vector is None or self.text_model is None else self.text_model.predict(
            reading.vector, reading.grams, key)
        return judgement, reading_features(reading.analysis, reading.relevance, judgement, reading.margin, text_grade)

    def _read(self, answer: AnswerInput) -> _Reading:
        """What the scorer reads once per answer, whatever competency it is scored on."""
        lang = answer.lang or detect_language(answer.transcript)
        reading = _Reading(lang=lang, ui="ko" if lang == "ko" else "en",
                           injected=len(feats.injection_sentences(answer.transcript)),
                           blocked=feats.non_answer(answer.transcript, lang=lang),
                           clean=feats.strip_injection(answer.transcript))
        if reading.blocked is not None:
            return reading
        reading.analysis = analyse(reading.clean, lang=lang)
        if self.domain is not None and self.text_model is None:
            reading.margin = self.domain.personal_margin(reading.clean)
        elif self.domain is not None and self.text_model is not None:
            encoded = encode_answer(self.domain.encoder, reading.clean)  # read by both
            reading.margin = self.domain.personal_margin(reading.clean, encoded[1:])
            reading.vector = answer_vector(encoded)
            reading.grams = answer_grams(reading.clean)
        reading.relevance = relevance(answer.question, reading.clean, reading.analysis,
                                      personal_margin=reading.margin)
        return reading

    def _blend_llm(self, answers: Sequence[AnswerInput], pairs: Sequence[tuple[int, str]],
                   results: list[ItemScore | None], jobs: list[tuple[int, LLMItem, float, bool]]) -> None:
        assert self.llm is not None and self.render is not None
        samples: list[list[Any]] = [[] for _ in jobs]
        errors: list[list[str]] = [[] for _ in jobs]
        for n in range(max(1, self.samples)):
            _, outcomes = rate(self.llm, [item for _, item, _, _ in jobs], self.render, retries=self.retries,
                               temperature=0.0 if n == 0 else 0.7)
            for j, outcome in enumerate(outcomes):
                if outcome.rating is not None:
                    samples[j].append(outcome.rating)
                errors[j].extend(outcome.errors)
        for j, (slot, item, base, gated) in enumerate(jobs):
            current = results[slot]
            assert current is not None
            lang = "ko" if item.lang == "ko" else "en"
            if not samples[j]:
                # the model's output could not be verified after the retries: a person decides
                results[slot] = ItemScore(
                    answer_id=current.answer_id, competency=current.competency, score=None, evidence=[],
                    rationale=("The model's rating could not be verified after retries; needs human review. "
                               if lang == "en" else "모델의 평가를 재시도 후에도 검증하지 못해 사람의 검토가 필요합니다. ")
                    + "; ".join(errors[j][-2:])[:500],
                    status="needs_review", scorer=SCORER_HYBRID, model=self.llm.model_id, backend=self.llm.backend,
                    confidence="low", detail={**current.detail, "llm_errors": errors[j][-3:]},
                )
                continue
            llm_mean = sum(r.score for r in samples[j]) / len(samples[j])
            value = (1 - self.llm_weight) * base + self.llm_weight * llm_mean
            # a gate either side holds: the rules found no own action or another topic, or the model did
            flagged = [r for r in samples[j] if not r.relevant or not r.own_actions]
            if gated or len(flagged) * 2 > len(samples[j]):
                value = min(value, GATE_CAP)
            level = round_score(value)
            quotes = [q for r in samples[j] for q in r.evidence]
            original = answers[pairs[slot][0]].transcript
            verified = [q for q in dict.fromkeys(quotes) if quote_in_transcript(q, original)]
            evidence = verified[:3] or current.evidence
            rationale = samples[j][0].rationale.strip()
            if current.confidence == "low":
                rationale += INJECTION_NOTE[lang]
            results[slot] = ItemScore(
                answer_id=current.answer_id, competency=current.competency, score=level, evidence=evidence,
                rationale=rationale, status="ok", scorer=SCORER_HYBRID, model=self.llm.model_id,
                backend=self.llm.backend, confidence=current.confidence,
                detail={**current.detail, "llm_scores": [r.score for r in samples[j]], "blend": round(value, 3),
                        "llm_flags": [{"relevant": r.relevant, "own_actions": len(r.own_actions)} for r in samples[j]]},
            )

