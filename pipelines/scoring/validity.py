"""How well the scorer agrees with graded answers (``tests/data/graded_answers*.yaml``):
rank correlation and quadratic-weighted kappa with the grades, exact agreement, the
highest score any adversarial answer got, injected twins against their clean versions,
the order of answers to the same question, and verified evidence. Used by
``bench/scoring_validity.py`` (prints the figures) and by the regression gate in the
test suite (holds the targets on the held-out answers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pipelines.scoring import features as feats
from pipelines.scoring.blend import Blend, fit
from pipelines.scoring.engine import AnswerInput, ItemScore, Scorer
from pipelines.scoring.text import quote_in_transcript
from pipelines.scoring.text_model import Grams, TextModel, answer_grams, answer_vector, encode_answer, fit_text_model

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
SETS = {"team": "graded_answers.yaml", "blind": "graded_answers_blind.yaml", "blind2": "graded_answers_blind2.yaml",
        "blind3": "graded_answers_blind3.yaml", "blind4": "graded_answers_blind4.yaml",
        "blind5": "graded_answers_blind5.yaml", "blind6": "graded_answers_blind6.yaml",
        "blind7": "graded_answers_blind7.yaml", "blind8": "graded_answers_blind8.yaml",
        "blind9": "graded_answers_blind9.yaml", "blind10": "graded_answers_blind10.yaml",
        "blind11": "graded_answers_blind11.yaml", "blind12": "graded_answers_blind12.yaml",
        "blind13": "graded_answers_blind13.yaml", "blind14": "graded_answers_blind14.yaml",
        "blind15": "graded_answers_blind15.yaml", "blind16": "graded_answers_blind16.yaml",
        "blind17": "graded_answers_blind17.yaml", "blind18": "graded_answers_blind18.yaml",
        "blind19": "graded_answers_blind19.yaml", "blind20": "graded_answers_blind20.yaml",
        "blind21": "graded_answers_blind21.yaml", "blind22": "graded_answers_blind22.yaml",
        "blind23": "graded_answers_blind23.yaml", "blind24": "graded_answers_blind24.yaml",
        "blind25": "graded_answers_blind25.yaml", "blind26": "graded_answers_blind26.yaml",
        "blind27": "graded_answers_blind27.yaml", "blind28": "graded_answers_blind28.yaml",
        "blind29": "graded_answers_blind29.yaml", "blind30": "graded_answers_blind30.yaml",
        "blind31": "graded_answers_blind31.yaml", "blind32": "graded_answers_blind32.yaml"}
# What the analysis was developed on and the blend is fitted on (the team set: its calib split only).
# Held out: the team set's test split, blind7, blind10, blind16, blind17, blind20, blind22 and blind31 (written blind
# by helpers, never read). blind..blind6, blind8, blind9, blind11..blind15, blind18, blind19, blind21, blind23..blind30
# and blind32 were each held out for their first run(s), then read.
DEVELOPMENT = ("team", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind8", "blind9", "blind11",
               "blind12", "blind13", "blind14", "blind15", "blind18", "blind19", "blind21", "blind23", "blind24",
               "blind25", "blind26", "blind27", "blind28", "blind29", "blind30",
               "blind32")
BLEND_ALPHA = 50.0  # ridge penalty: 30-100 gave the same leave-one-set-out figures
TEXT_ALPHA = 5.0  # the text model's ridge penalties: its sentence-vector reader (2-20 measured; 5 and 10 ranked
GRAM_ALPHA = 0.5  # the left-out sets alike) and its n-gram readers (0.5 and 1 alike; words 0.25-2 alike)

# "trick": a way to game a scorer its writer invented (blind8), graded on what it actually shows
ADVERSARIAL = frozenset({"off_topic", "keyword_list", "we_only", "someone_else", "recited_resume", "fluent_empty",
                         "number_sprinkle", "trick"})


@dataclass(frozen=True)
class Graded:
    id: str
    lang: str
    split: str
    competency: str
    question: str
    score: int
    transcript: str
    kind: str = "genuine"
    twin_of: str | None = None

    @property
    def adversarial(self) -> bool:
        return self.kind in ADVERSARIAL


def load(path: Path) -> list[Graded]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    fields = set(Graded.__dataclass_fields__)
    items = [Graded(**{k: v for k, v in row.items() if k in fields}) for row in rows]
    return [g if g.twin_of is None or g.kind != "genuine" else Graded(**{**g.__dict__, "kind": "injected"})
            for g in items]


def score_inputs(items: Sequence[Graded]) -> list[AnswerInput]:
    return [AnswerInput(answer_id=g.id, question=g.question, transcript=g.transcript,
                        question_competency=g.competency, lang=g.lang) for g in items]


@dataclass
class DevelopmentSet:
    """One development set as the fit reads it."""

    rows: list[dict[str, float]]  # the blend's features of the answers that reach the ladder
    grades: list[int]
    row_vectors: list[np.ndarray]  # their answer vectors and n-grams (what ``text_model`` reads)
    row_grams: list[Grams]
    row_competencies: list[str]
    vectors: list[np.ndarray]  # every clean answer that is not a non-answer, gated ones too:
    grams: list[Grams]
    vector_competencies: list[str]
    vector_grades: list[int]  # what the text model is fitted on


def development_sets(scorer: Scorer, names: Sequence[str] = DEVELOPMENT) -> dict[str, DevelopmentSet]:
    """Per development set, what the fit reads (the team set: its calib split only)."""
    assert scorer.domain is not None and scorer.text_model is None, "the rows must not hold a text grade yet"
    out = {}
    for name in names:
        chosen = [g for g in load(DATA / SETS[name]) if name != "team" or g.split == "calib"]
        found = scorer.features(score_inputs(chosen), [(i, g.competency) for i, g in enumerate(chosen)])
        texts = [feats.strip_injection(g.transcript) for g in chosen]
        vectors = [answer_vector(encode_answer(scorer.domain.encoder, text)) for text in texts]
        grams = [answer_grams(text) for text in texts]
        ladder = [i for i, row in enumerate(found) if row is not None and row.get("gate=none")]
        clean = [i for i, row in enumerate(found) if row is not None and chosen[i].twin_of is None]
        out[name] = DevelopmentSet(rows=[found[i] for i in ladder],  # type: ignore[misc]
                                   grades=[chosen[i].score for i in ladder], row_vectors=[vectors[i] for i in ladder],
                                   row_grams=[grams[i] for i in ladder],
                                   row_competencies=[chosen[i].competency for i in ladder],
                                   vectors=[vectors[i] for i in clean], grams=[grams[i] for i in clean],
                                   vector_competencies=[chosen[i].competency for i in clean],
                                   vector_grades=[chosen[i].score for i in clean])
    return out


def fit_text(dev: dict[str, DevelopmentSet], names: Sequence[str]) -> TextModel:
    return fit_text_model([v for n in names for v in dev[n].vectors], [g for n in names for g in dev[n].grams],
                          [c for n in names for c in dev[n].vector_competencies],
                          [y for n in names for y in dev[n].vector_grades], alpha=TEXT_ALPHA, gram_alpha=GRAM_ALPHA,
                          fitted_on=tuple(names))


def fit_scoring(dev: dict[str, DevelopmentSet], names: Sequence[str]) -> tuple[TextModel, Blend]:
    """The text model and the blend fitted on the ``names`` sets. The blend learns the weight of
    ``text_grade`` from grades the text model never saw: each set's rows get the grade of a text
    model fitted on the other sets (cross-fitting), as a new answer would."""
    rows: list[dict[str, float]] = []
    grades: list[int] = []
    for name in names:
        inner = fit_text(dev, [n for n in names if n != name])
        rows += [{**row, "text_grade": inner.predict(v, t, c)} for row, v, t, c in zip(
            dev[name].rows, dev[name].row_vectors, dev[name].row_grams, dev[name].row_competencies, strict=True)]
        grades += dev[name].grades
    return fit_text(dev, names), fit(rows, grades, alpha=BLEND_ALPHA, fitted_on=tuple(names))


def score_all(scorer: Scorer, items: Sequence[Graded]) -> dict[str, ItemScore]:
    results = scorer.score(score_inputs(items), [(i, g.competency) for i, g in enumerate(items)])
    return {str(r.answer_id): r for r in results}


def _ranks(values: Sequence[float]) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = np.asarray(values, dtype=float)[order]
    i = 0
    while i < len(values):  # average ranks for ties
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(y: Sequence[float], p: Sequence[float]) -> float:
    ry, rp = _ranks(y), _ranks(p)
    if ry.std() == 0 or rp.std() == 0:
        return 0.0
    return float(np.corrcoef(ry, rp)[0, 1])


def qwk(y: Sequence[int], p: Sequence[int], levels: int = 5) -> float:
    """Quadratic-weighted Cohen's kappa on the 1..levels scale."""
    o = np.zeros((levels, levels))
    for a, b in zip(y, p, strict=True):
        o[a - 1, b - 1] += 1
    w = np.array([[(i - j) ** 2 for j in range(levels)] for i in range(levels)]) / (levels - 1) ** 2
    e = np.outer(o.sum(1), o.sum(0)) / o.sum()
    return float(1 - (w * o).sum() / (w * e).sum())


@dataclass
class Agreement:
    name: str
    n: int
    spearman: float
    qwk: float
    exact: float


@dataclass
class Validity:
    agreements: list[Agreement]
    max_adversarial: int | None  # the highest score any adversarial answer (twins included) received
    adversarial_above_2: list[str]
    twins_above_clean: list[str]
    order_violations: list[str]  # "question: a (grade 5, got 3) <= b (grade 2, got 3)"
    evidence_verified: tuple[int, int]
    injections_found: tuple[int, int]  # injected twins whose instruction was found (and said), of all twins
    needs_review: list[str] = field(default_factory=list)

    def agreement(self, name: str) -> Agreement | None:
        return next((a for a in self.agreements if a.name == name), None)


def agreement(name: str, pairs: Sequence[tuple[int, int]]) -> Agreement:
    y, p = [a for a, _ in pairs], [b for _, b in pairs]
    if len(pairs) < 3:
        return Agreement(name, len(pairs), float("nan"), float("nan"), float("nan"))
    return Agreement(name, len(pairs), spearman(y, p), qwk(y, p), sum(a == b for a, b in pairs) / len(pairs))


def _order_violations(items: Iterable[Graded], scores: dict[str, ItemScore]) -> list[str]:
    """Genuine answers to one question: two grades apart must be strictly ordered, one apart never inverted."""
    by_question: dict[str, list[Graded]] = defaultdict(list)
    for g in items:
        if g.kind == "genuine" and scores[g.id].score is not None:
            by_question[g.question].append(g)
    found = []
    for question, group in by_question.items():
        for hi in group:
            for lo in group:
                gap = hi.score - lo.score
                got_hi, got_lo = scores[hi.id].score, scores[lo.id].score
                assert got_hi is not None and got_lo is not None
                if (gap >= 2 and got_hi <= got_lo) or (gap == 1 and got_hi < got_lo):
                    found.append(f"{question[:50]}: {hi.id} (grade {hi.score}, got {got_hi}) vs "
                                 f"{lo.id} (grade {lo.score}, got {got_lo})")
    return found


def validity(items: Sequence[Graded], scores: dict[str, ItemScore], groups: dict[str, Any]) -> Validity:
    """``groups``: name -> predicate on a Graded, for the agreement lines (clean answers only)."""
    clean = [g for g in items if g.twin_of is None and scores[g.id].score is not None]
    agreements = [agreement(name, [(g.score, scores[g.id].score) for g in clean if keep(g)])  # type: ignore[misc]
                  for name, keep in groups.items()]
    adversarial = [g for g in items if (g.adversarial or g.twin_of) and scores[g.id].score is not None]
    top = max((scores[g.id].score for g in adversarial), default=None)  # type: ignore[type-var]
    twins = [g.id for g in items if g.twin_of and g.twin_of in scores
             and (scores[g.id].score or 0) > (scores[g.twin_of].score or 0)]
    quotes = [(q, g.transcript) for g in items for q in scores[g.id].evidence]
    verified = sum(1 for q, t in quotes if quote_in_transcript(q, t))
    return Validity(
        agreements=agreements, max_adversarial=top,
        adversarial_above_2=[g.id for g in adversarial if (scores[g.id].score or 0) > 2 and g.score <= 2],
        twins_above_clean=twins, order_violations=_order_violations(items, scores),
        evidence_verified=(verified, len(quotes)),
        injections_found=(sum(1 for g in items if g.twin_of and scores[g.id].confidence == "low"),
                          sum(1 for g in items if g.twin_of)),
        needs_review=[g.id for g in items if scores[g.id].score is None],
    )
