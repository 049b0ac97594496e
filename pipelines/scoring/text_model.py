"""The grade a whole answer reads as, learned from graded answers: one signal of the blend.

The reading (``analysis`` → ``levels``) counts what rules can name; a new writer's phrasing
slips past some of them. Three readers of the whole answer, each a ridge regression fitted on
every clean graded answer of the development sets (the adversarial ones with their low grades
too), average into ``text_grade``, which the blend weighs beside the reading:

- the multilingual sentence encoder (USE v3: English and Korean in one space) places an answer
  near answers of the same quality and kind: a full story of the candidate's own actions near
  other full stories, a "we"-only account, a hypothetical or a recited CV near others of their
  kind, whatever words they use;
- character n-grams (2-4 characters inside words, tf-idf weighted) read the wording itself:
  tenses, pronouns and particles ("I checked", "제가 확인했", "저희가"), hedges and the words of
  a trade, in either language, with no tokenizer to fail on a new word or on Korean endings;
- words and pairs of adjacent words (tf-idf weighted) read who did what and how it is put: "i
  checked" against "we decided" or "he fixed", "i would", "don't know", "저희가 했습니다".

What makes a strong answer differs by competency (a full incident story is strong problem
solving and weak collaboration), so each regression has a part shared by all competencies and
one per competency it was fitted on; a competency it never saw (a custom rubric's) is read by
the shared part alone. They read the answer and the competency only, never the anchors or the
question, and the injection finder's sentences are removed before they read.
Fitted by ``bench/scoring_validity.py --fit``; stored next to this module.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.scoring.domain import Encoder, unit_vectors
from pipelines.scoring.text import sentences

WEIGHTS = Path(__file__).with_name("text_model_weights.npz")
MAX_SENTENCES = 20
GRAM_SIZES = (2, 3, 4)
MIN_DOCUMENTS = 3  # an n-gram in fewer training answers than this is noise
MAX_GRAMS = 20000  # the most frequent ones are kept (60,000 ranked the left-out sets alike)
_WORD = re.compile(r"\w+")


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


def word_grams(text: str) -> Counter[str]:
    """Counts of the words (letters and digits, lower case) and of each pair of adjacent words."""
    words = _WORD.findall(text.lower())
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


# an answer's n-gram counts, by the reader that reads them (``answer_grams``)
Grams = dict[str, Counter[str]]
GRAM_READERS: dict[str, Callable[[str], Counter[str]]] = {"chars": char_grams, "words": word_grams}


def answer_grams(text: str) -> Grams:
    return {name: count(text) for name, count in GRAM_READERS.items()}


def tfidf(grams: Counter[str], index: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear tf-idf of the n-grams in the vocabulary (``index``), unit length."""
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
class GramReader:
    """A ridge regression on the tf-idf of one kind of n-gram (``GRAM_READERS``)."""

    model: BlockRidge
    vocabulary: tuple[str, ...]
    idf: np.ndarray

    def vector(self, grams: Counter[str]) -> np.ndarray:
        return tfidf(grams, self._index, self.idf)

    def predict(self, grams: Counter[str], competency: str) -> float:
        return self.model.predict(self.vector(grams), competency)

    @property
    def _index(self) -> dict[str, int]:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {gram: i for i, gram in enumerate(self.vocabulary)}
            object.__setattr__(self, "_index_cache", cached)
        return cached


def fit_gram_reader(counts: Sequence[Counter[str]], competencies: Sequence[str], grades: Sequence[int],
                    alpha: float) -> GramReader:
    """The vocabulary (the ``MAX_GRAMS`` most frequent n-grams in at least ``MIN_DOCUMENTS`` answers),
    its idf, and the regression on the answers' tf-idf."""
    documents: Counter[str] = Counter(g for c in counts for g in c)
    totals: Counter[str] = Counter()
    for c in counts:
        totals.update(c)
    kept = sorted((g for g, d in documents.items() if d >= MIN_DOCUMENTS), key=lambda g: (-totals[g], g))[:MAX_GRAMS]
    vocabulary = tuple(sorted(kept))
    idf = np.array([math.log((1 + len(counts)) / (1 + documents[g])) + 1.0 for g in vocabulary],
                   dtype=np.float32).astype(float)
    index = {gram: i for i, gram in enumerate(vocabulary)}
    x = np.array([tfidf(c, index, idf) for c in counts])
    return GramReader(fit_block_ridge(x, competencies, grades, alpha), vocabulary, idf)


@dataclass(frozen=True, eq=False)
class TextModel:
    vectors: BlockRidge  # reads ``answer_vector``
    readers: dict[str, GramReader]  # read ``answer_grams``, by name
    fitted_on: tuple[str, ...]

    def predict(self, vector: np.ndarray, grams: Grams, competency: str) -> float:
        """The mean of the readers' grades (``vector``: the answer's ``answer_vector``, ``grams``: its
        ``answer_grams``)."""
        read = [self.vectors.predict(vector, competency)]
        read += [reader.predict(grams[name], competency) for name, reader in self.readers.items()]
        return sum(read) / len(read)

    def save(self, path: Path = WEIGHTS) -> None:
        arrays: dict[str, Any] = {}
        for name, reader in self.readers.items():  # float32: the fit rounds to it
            arrays |= {f"{name}_vocabulary": np.array(reader.vocabulary), f"{name}_idf": reader.idf.astype(np.float32),
                       f"{name}_weights": reader.model.weights.astype(np.float32), f"{name}_bias": reader.model.bias}
        with path.open("wb") as out:
            np.savez_compressed(
                out, competencies=np.array(self.vectors.competencies), fitted_on=np.array(self.fitted_on),
                readers=np.array(list(self.readers)), vector_weights=self.vectors.weights.astype(np.float32),
                vector_bias=self.vectors.bias, **arrays)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> TextModel:
        with np.load(path, allow_pickle=False) as data:
            known = tuple(str(c) for c in data["competencies"])
            readers = {str(name): GramReader(
                BlockRidge(known, data[f"{name}_weights"].astype(float), data[f"{name}_bias"]),
                tuple(str(g) for g in data[f"{name}_vocabulary"]), data[f"{name}_idf"].astype(float))
                for name in data["readers"]}
            return cls(vectors=BlockRidge(known, data["vector_weights"].astype(float), data["vector_bias"]),
                       readers=readers, fitted_on=tuple(str(n) for n in data["fitted_on"]))


def fit_text_model(vectors: Sequence[np.ndarray], grams: Sequence[Grams], competencies: Sequence[str],
                   grades: Sequence[int], *, alpha: float, gram_alpha: float, fitted_on: tuple[str, ...]) -> TextModel:
    """Every reader fitted on the same answers (``vectors``: their ``answer_vector``s, ``grams``: their
    ``answer_grams``)."""
    readers = {name: fit_gram_reader([g[name] for g in grams], competencies, grades, gram_alpha)
               for name in GRAM_READERS}
    return TextModel(vectors=fit_block_ridge(np.asarray(vectors), competencies, grades, alpha), readers=readers,
                     fitted_on=fitted_on)
