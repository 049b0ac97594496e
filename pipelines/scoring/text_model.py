"""The grade a whole answer reads as, learned from graded answers: one signal of the blend.

The reading (``analysis`` → ``levels``) counts what rules can name; a new writer's phrasing
slips past some of them. The multilingual sentence encoder (USE v3: English and Korean in
one space) places a whole answer near answers of the same quality and kind: a full
story of the candidate's own actions near other full stories, a "we"-only account, a
hypothetical or a recited CV near others of their kind, whatever words they use. A ridge
regression from the answer's vector to its grade, fitted on every clean graded answer of the
development sets (the adversarial ones with their low grades too), gives ``text_grade``,
which the blend weighs beside the reading. What makes a strong answer differs by competency
(a full incident story is strong problem solving and weak collaboration), so the regression
has a part shared by all competencies and one per competency it was fitted on; a competency
it never saw (a custom rubric's) is read by the shared part alone. It reads the answer and the
competency only, never the anchors or the question, and the injection finder's sentences are
removed before it reads.
Fitted by ``bench/scoring_validity.py --fit``; stored as JSON next to this module.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.scoring.domain import Encoder, unit_vectors
from pipelines.scoring.text import sentences

WEIGHTS = Path(__file__).with_name("text_model_weights.json")
MAX_SENTENCES = 20


def encode_answer(encoder: Encoder, text: str) -> np.ndarray:
    """Unit vectors of the whole answer (row 0) and of its first ``MAX_SENTENCES`` sentences: one
    encoder call that ``answer_vector`` and ``DomainScorer.personal_margin`` both read."""
    parts = sentences(text)[:MAX_SENTENCES] or [text]
    return unit_vectors(encoder, [text, *parts])


def answer_vector(encoded: np.ndarray) -> np.ndarray:
    """The whole answer's unit vector, then the mean of its sentences' unit vectors: the gist and
    the run of the telling (``encoded``: ``encode_answer``)."""
    return np.concatenate([encoded[0], encoded[1:].mean(axis=0)])


def expand(vector: np.ndarray, competency: str, competencies: Sequence[str]) -> np.ndarray:
    """What the regression reads: the answer vector, a copy of it in the block of its competency
    (zeros in the others'), and the competency's indicator."""
    vector = np.asarray(vector, dtype=float)
    indicator = np.array([float(c == competency) for c in competencies])
    return np.concatenate([vector, np.kron(indicator, vector), indicator])


@dataclass(frozen=True)
class TextModel:
    mean: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    alpha: float
    fitted_on: tuple[str, ...]
    competencies: tuple[str, ...]

    def predict(self, vector: np.ndarray, competency: str) -> float:
        mean = np.asarray(self.mean)
        x = expand(vector, competency, self.competencies)
        if competency not in self.competencies:
            x[len(vector):] = mean[len(vector):]  # the shared part alone
        return float((x - mean) @ np.asarray(self.coef) + self.intercept)

    def save(self, path: Path = WEIGHTS) -> None:
        path.write_text(json.dumps(asdict(self)) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> TextModel:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fields)


def fit_text_model(vectors: Sequence[np.ndarray], competencies: Sequence[str], grades: Sequence[int], *,
                   alpha: float, fitted_on: tuple[str, ...]) -> TextModel:
    """Ridge regression (closed form) from answer vectors, on their competencies, to grades."""
    known = tuple(sorted(set(competencies)))
    x = np.asarray([expand(v, c, known) for v, c in zip(vectors, competencies, strict=True)])
    y = np.asarray(grades, dtype=float)
    mean = x.mean(axis=0)
    z = x - mean
    # the dual form (fewer answers than features): the same solution as (ZᵀZ + αI)⁻¹Zᵀy
    coef = z.T @ np.linalg.solve(z @ z.T + alpha * np.eye(len(z)), y - y.mean())
    # rounded as stored, so a model read back from its file predicts what the fitted one does
    return TextModel(mean=tuple(round(float(v), 7) for v in mean), coef=tuple(round(float(v), 7) for v in coef),
                     intercept=float(y.mean()), alpha=alpha, fitted_on=fitted_on, competencies=known)
