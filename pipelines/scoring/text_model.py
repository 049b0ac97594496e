"""The grade a whole answer reads as, learned from graded answers: one signal of the blend.

The reading (``analysis`` → ``levels``) counts what rules can name; a new writer's phrasing
slips past some of them. Two readers of the whole answer, each a ridge regression fitted on
every clean graded answer of the development sets (the adversarial ones with their low grades
too), average into ``text_grade``, which the blend weighs beside the reading:

- the multilingual sentence encoder (USE v3: English and Korean in one space) places an answer
  near answers of the same quality and kind: a full story of the candidate's own actions near
  other full stories, a "we"-only account, a hypothetical or a recited CV near others of their
  kind, whatever words they use;
- character n-grams (2-4 characters inside words, tf-idf weighted) read the wording itself:
  tenses, pronouns and particles ("I checked", "제가 확인했", "저희가"), hedges and the words of
  a trade, in either language, with no tokenizer to fail on a new word or on Korean endings.

What makes a strong answer differs by competency (a full incident story is strong problem
solving and weak collaboration), so each regression has a part shared by all competencies and
one per competency it was fitted on; a competency it never saw (a custom rubric's) is read by
the shared part alone. They read the answer and the competency only, never the anchors or the
question, and the injection finder's sentences are removed before they read.
Fitted by ``bench/scoring_validity.py --fit``; stored next to this module.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipelines.scoring.domain import Encoder, unit_vectors
from pipelines.scoring.text import sentences

WEIGHTS = Path(__file__).with_name("text_model_weights.npz")
MAX_SENTENCES = 20
GRAM_SIZES = (2, 3, 4)
MIN_DOCUMENTS = 3  # an n-gram in fewer training answers than this is noise
MAX_GRAMS = 20000  # the most frequent ones are kept (60,000 ranked the left-out sets alike)


def encode_answer(encoder: Encoder, text: str) -> np.ndarray:
    """Unit vectors of the whole answer (row 0) and of its first ``MAX_SENTENCES`` sentences: one
    encoder call that ``answer_vector`` and ``DomainScorer.personal_margin`` both read."""
    parts = sentences(text)[:MAX_SENTENCES] or [text]
    return unit_vectors(encoder, [text, *parts])


def answer_vector(encoded: np.ndarray) -> np.ndarray:
    """The whole answer's unit vector, then the mean of its sentences' unit vectors: the gist and
    the run of the telling (``encoded``: ``encode_answer``)."""
    return np.concatenate([encoded[0], encoded[1:].mean(axis=0)])


def char_grams(text: str) -> Counter[str]:
    """Counts of the 2-4 character n-grams inside each word, the word padded with a space either
    side (so "I " and " 제가" mark where words start and end)."""
    grams = []
    for word in text.lower().split():
        padded = f" {word} "
        grams += [padded[i:i + size] for size in GRAM_SIZES for i in range(len(padded) - size + 1)]
    return Counter(grams)


def tfidf(grams: Counter[str], index: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear tf-idf of the n-grams (``char_grams``) in the vocabulary (``index``), unit length."""
    out = np.zeros(len(idf))
    for gram, count in grams.items():
        if gram in index:
            out[index[gram]] = 1.0 + math.log(count)
    out *= idf
    norm = np.linalg.norm(out)
    return out / norm if norm else out


@dataclass(frozen=True, eq=False)
class BlockRidge:
    """A ridge regression whose weights are a part shared by all competencies plus one part per
    competency: row i of ``weights`` is competency i's sum of the two, the last row the shared
    part alone (for a competency the fit never saw)."""

    competencies: tuple[str, ...]
    weights: np.ndarray  # (len(competencies) + 1, features)
    bias: np.ndarray  # (len(competencies) + 1,)

    def predict(self, x: np.ndarray, competency: str) -> float:
        row = self.competencies.index(competency) if competency in self.competencies else -1
        return float(x @ self.weights[row] + self.bias[row])


def fit_block_ridge(x: np.ndarray, competencies: Sequence[str], grades: Sequence[int], alpha: float) -> BlockRidge:
    """Ridge regression (closed form, with an intercept) on the features ``[x, x in its competency's
    block (zeros in the others'), the competency's indicator]``, solved in the dual (fewer answers
    than features): the expanded rows are never built, their inner products are."""
    known = tuple(sorted(set(competencies)))
    x = np.asarray(x, dtype=float)
    n = len(x)
    onehot = np.array([[float(c == k) for k in known] for c in competencies])
    same = onehot @ onehot.T
    kernel = (x @ x.T) * (1.0 + same) + same
    centre = np.eye(n) - 1.0 / n
    y = np.asarray(grades, dtype=float)
    dual = np.linalg.solve(centre @ kernel @ centre + alpha * np.eye(n), y - y.mean())
    # the primal weights are (rows - their mean)ᵀ dual, block by block
    total, mean, block_means, shares = dual.sum(), x.mean(axis=0), onehot.T @ x / n, onehot.mean(axis=0)
    shared = x.T @ dual - mean * total
    blocks = (x.T @ (dual[:, None] * onehot)).T - block_means * total
    indicators = dual @ onehot - shares * total
    offset = y.mean() - mean @ shared - float(np.sum(block_means * blocks)) - float(shares @ indicators)
    weights = np.vstack([shared + blocks, shared])
    bias = np.append(offset + indicators, y.mean() - mean @ shared)
    # as stored (float32), so a model read back from its file predicts what the fitted one does
    return BlockRidge(known, weights.astype(np.float32).astype(float), bias)


@dataclass(frozen=True, eq=False)
class TextModel:
    vectors: BlockRidge  # reads ``answer_vector``
    grams: BlockRidge  # reads the ``tfidf`` of ``char_grams``
    vocabulary: tuple[str, ...]  # the character n-grams ``grams`` reads
    idf: np.ndarray
    fitted_on: tuple[str, ...]

    def gram_vector(self, grams: Counter[str]) -> np.ndarray:
        return tfidf(grams, self._index, self.idf)

    @property
    def _index(self) -> dict[str, int]:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {gram: i for i, gram in enumerate(self.vocabulary)}
            object.__setattr__(self, "_index_cache", cached)
        return cached

    def predict(self, vector: np.ndarray, grams: Counter[str], competency: str) -> float:
        """The mean of the two readers' grades (``vector``: the answer's ``answer_vector``, ``grams``: its
        ``char_grams``)."""
        return (self.vectors.predict(vector, competency) + self.grams.predict(self.gram_vector(grams), competency)) / 2

    def save(self, path: Path = WEIGHTS) -> None:
        with path.open("wb") as out:  # float32: the fit rounds to it
            np.savez_compressed(
                out, competencies=np.array(self.vectors.competencies), fitted_on=np.array(self.fitted_on),
                vocabulary=np.array(self.vocabulary), idf=self.idf.astype(np.float32),
                vector_weights=self.vectors.weights.astype(np.float32), vector_bias=self.vectors.bias,
                gram_weights=self.grams.weights.astype(np.float32), gram_bias=self.grams.bias)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> TextModel:
        with np.load(path, allow_pickle=False) as data:
            known = tuple(str(c) for c in data["competencies"])
            return cls(vectors=BlockRidge(known, data["vector_weights"].astype(float), data["vector_bias"]),
                       grams=BlockRidge(known, data["gram_weights"].astype(float), data["gram_bias"]),
                       vocabulary=tuple(str(g) for g in data["vocabulary"]), idf=data["idf"].astype(float),
                       fitted_on=tuple(str(n) for n in data["fitted_on"]))


def fit_text_model(vectors: Sequence[np.ndarray], counts: Sequence[Counter[str]], competencies: Sequence[str],
                   grades: Sequence[int], *, alpha: float, gram_alpha: float, fitted_on: tuple[str, ...]) -> TextModel:
    """Both readers fitted on the same answers (``vectors``: their ``answer_vector``s, ``counts``: their
    ``char_grams``)."""
    documents: Counter[str] = Counter(g for c in counts for g in c)
    totals: Counter[str] = Counter()
    for c in counts:
        totals.update(c)
    kept = sorted((g for g, d in documents.items() if d >= MIN_DOCUMENTS), key=lambda g: (-totals[g], g))[:MAX_GRAMS]
    vocabulary = tuple(sorted(kept))
    idf = np.array([math.log((1 + len(counts)) / (1 + documents[g])) + 1.0 for g in vocabulary],
                   dtype=np.float32).astype(float)
    index = {gram: i for i, gram in enumerate(vocabulary)}
    x_grams = np.array([tfidf(c, index, idf) for c in counts])
    return TextModel(vectors=fit_block_ridge(np.asarray(vectors), competencies, grades, alpha),
                     grams=fit_block_ridge(x_grams, competencies, grades, gram_alpha),
                     vocabulary=vocabulary, idf=idf, fitted_on=fitted_on)
