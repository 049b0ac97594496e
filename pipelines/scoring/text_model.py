"""The grade a whole answer reads as, learned from graded answers: one signal of the blend.

The reading (``analysis`` → ``levels``) counts what rules can name; a new writer's phrasing
slips past some of them. The multilingual sentence encoder (USE v3: English and Korean in
one space) places a whole answer near answers of the same quality and kind: a full
story of the candidate's own actions near other full stories, a "we"-only account, a
hypothetical or a recited CV near others of their kind, whatever words they use. A ridge
regression from the answer's vector to its grade, fitted on every clean graded answer of the
development sets (the adversarial ones with their low grades too), gives ``text_grade``,
which the blend weighs beside the reading. It reads the answer only, never the anchors or
the question, and the injection finder's sentences are removed before it reads.
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


@dataclass(frozen=True)
class TextModel:
    mean: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    alpha: float
    fitted_on: tuple[str, ...]

    def predict(self, vector: np.ndarray) -> float:
        return float((np.asarray(vector, dtype=float) - np.asarray(self.mean)) @ np.asarray(self.coef) + self.intercept)

    def save(self, path: Path = WEIGHTS) -> None:
        path.write_text(json.dumps(asdict(self)) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> TextModel:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fields)


def fit_text_model(vectors: Sequence[np.ndarray], grades: Sequence[int], *, alpha: float,
                   fitted_on: tuple[str, ...]) -> TextModel:
    """Ridge regression (closed form) from answer vectors to grades."""
    x = np.asarray(vectors, dtype=float)
    y = np.asarray(grades, dtype=float)
    mean = x.mean(axis=0)
    z = x - mean
    coef = np.linalg.solve(z.T @ z + alpha * np.eye(x.shape[1]), z.T @ (y - y.mean()))
    # rounded as stored, so a model read back from its file predicts what the fitted one does
    return TextModel(mean=tuple(round(float(v), 7) for v in mean), coef=tuple(round(float(v), 7) for v in coef),
                     intercept=float(y.mean()), alpha=alpha, fitted_on=fitted_on)
