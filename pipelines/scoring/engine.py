"""Scores answers per competency: deterministic non-answer detection first, then a
calibrated non-LLM signal (specificity features + anchor similarity), blended with
the LLM's verified rating when ``llm_weight`` > 0.

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

from pipelines.llm import LLM
from pipelines.rubric import Rubric
from pipelines.scoring import features as feats
from pipelines.scoring.anchors import AnchorScorer
from pipelines.scoring.calibration import DEFAULT, Calibration
from pipelines.scoring.llm_scorer import LLMItem, Renderer, rate
from pipelines.scoring.text import detect_language, quote_in_transcript, sentences

log = logging.getLogger(__name__)

SCORER_FEATURES = "features+anchors"
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
            primary = max(keys, key=lambda k: anchors.level(text, rubric.competency(k), lang))
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


_CUE_LABELS = {
    "en": {"action": "concrete actions of their own", "number": "numbers or metrics", "outcome": "an outcome",
           "analysis": "analysis of causes or data", "alternatives": "alternatives or trade-offs",
           "verification": "verification that it held", "reflection": "reflection or a lesson learned",
           "collaboration": "work with others", "audience": "adapting the message to an audience"},
    "ko": {"action": "본인의 구체적 행동", "number": "수치나 지표", "outcome": "결과", "analysis": "원인·데이터 분석",
           "alternatives": "대안이나 절충", "verification": "효과 검증", "reflection": "성찰이나 배운 점",
           "collaboration": "다른 사람과의 협업", "audience": "청중에 맞춘 전달"},
}
_SHOWN = ("action", "number", "outcome", "analysis", "alternatives", "verification", "reflection",
          "collaboration", "audience")


def feature_rationale(f: feats.Features, level: int, lang: str) -> str:
    labels = _CUE_LABELS["ko" if lang == "ko" else "en"]
    shown = [labels[c] for c in _SHOWN if f.has(c)]
    missing = [labels[c] for c in ("action", "outcome", "analysis", "alternatives", "reflection") if not f.has(c)]
    if lang == "ko":
        text = f"수준 {level}: 답변에 " + (
            ", ".join(shown) + "이(가) 있습니다." if shown else "구체적인 내용이 거의 없습니다.")
        if missing:
            text += " 부족한 점: " + ", ".join(missing) + "."
        return text
    text = f"Level {level}: the answer shows " + (", ".join(shown) if shown else "little concrete content") + "."
    if missing:
        text += " Missing: " + ", ".join(missing) + "."
    return text


INJECTION_NOTE = {
    "en": " The answer contains text addressed to the scorer; it was ignored (it cannot raise a score) and "
          "this score has lower confidence.",
    "ko": " 답변에 채점자에게 지시하려는 문장이 있어 무시했습니다(점수를 올릴 수 없음). 이 점수의 신뢰도는 낮습니다.",
}


def pick_evidence(transcript: str, competency: str, limit: int = 2) -> list[str]:
    """The sentences with the most cue hits for this competency (verbatim, so verifiable)."""
    clean = feats.strip_injection(transcript)
    cues = set(feats.COMPETENCY_CUES.get(competency, ())) | {"action", "outcome", "number"}
    ranked: list[tuple[int, int, str]] = []
    for index, sentence in enumerate(sentences(clean)):
        f = feats.extract(sentence)
        hits = sum(1 for c in cues if f.has(c))
        if hits:
            ranked.append((-hits, index, sentence))
    best = sorted(ranked)[:limit]
    return [s for _, _, s in sorted(best, key=lambda r: r[1]) if quote_in_transcript(s, transcript)]


@dataclass
class Scorer:
    """The combiner. ``llm`` may be None (features + anchors only)."""

    rubric: Rubric
    anchors: AnchorScorer | None = None
    llm: LLM | None = None
    render: Renderer | None = None
    llm_weight: float = 0.0
    samples: int = 1
    retries: int = 2
    calibration: Calibration = DEFAULT

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
        return "all-MiniLM-L6-v2+features" if self.anchors is not None else "features"

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
        llm_jobs: list[tuple[int, LLMItem, float, feats.Features]] = []
        for slot, (index, key) in enumerate(pairs):
            answer = answers[index]
            lang = answer.lang or detect_language(answer.transcript)
            competency = self.rubric.competency(key)
            f = feats.extract(answer.transcript, lang=lang)
            blocked = feats.non_answer(answer.transcript, question=answer.question, lang=lang)
            if blocked is not None:
                results[slot] = ItemScore(
                    answer_id=answer.answer_id, competency=key, score=1, evidence=[],
                    rationale=blocked.message["ko" if lang == "ko" else "en"]
                    + (INJECTION_NOTE[lang if lang == "ko" else "en"] if f.injection else ""),
                    status="ok", scorer="rules", model="rules", backend="cpu-deterministic",
                    confidence="low" if f.injection else "normal", detail={"non_answer": blocked.reason},
                )
                continue
            clean = feats.strip_injection(answer.transcript)
            spec = feats.specificity(f, key)
            anchor = self.anchors.level(clean, competency, lang) if self.anchors is not None else None
            base = self.calibration.blend(spec, anchor)
            detail = {"specificity": round(spec, 3), "anchor_level": None if anchor is None else round(anchor, 3),
                      "non_llm": round(base, 3), "injection_sentences": f.injection}
            if self.uses_llm:
                llm_jobs.append((slot, LLMItem(answer.question, clean, competency, lang), base, f))
            level = round_score(base)
            results[slot] = ItemScore(
                answer_id=answer.answer_id, competency=key, score=level,
                evidence=pick_evidence(answer.transcript, key),
                rationale=feature_rationale(f, level, lang) + (INJECTION_NOTE["ko" if lang == "ko" else "en"]
                                                               if f.injection else ""),
                status="ok", scorer=SCORER_FEATURES, model=self.model if not self.uses_llm else "features",
                backend="cpu-deterministic", confidence="low" if f.injection else "normal", detail=detail,
            )
        if llm_jobs:
            self._blend_llm(answers, pairs, results, llm_jobs)
        return [r for r in results if r is not None]

    def _blend_llm(self, answers: Sequence[AnswerInput], pairs: Sequence[tuple[int, str]],
                   results: list[ItemScore | None], jobs: list[tuple[int, LLMItem, float, feats.Features]]) -> None:
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
        for j, (slot, item, base, f) in enumerate(jobs):
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
            level = round_score(value)
            quotes = [q for r in samples[j] for q in r.evidence]
            original = answers[pairs[slot][0]].transcript
            verified = [q for q in dict.fromkeys(quotes) if quote_in_transcript(q, original)]
            evidence = verified[:3] or current.evidence
            rationale = samples[j][0].rationale.strip()
            if f.injection:
                rationale += INJECTION_NOTE[lang]
            results[slot] = ItemScore(
                answer_id=current.answer_id, competency=current.competency, score=level, evidence=evidence,
                rationale=rationale, status="ok", scorer=SCORER_HYBRID, model=self.llm.model_id,
                backend=self.llm.backend, confidence=current.confidence,
                detail={**current.detail, "llm_scores": [r.score for r in samples[j]], "blend": round(value, 3)},
            )

