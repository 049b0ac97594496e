"""Embedding similarity of an answer to a competency's five anchors (all-MiniLM-L6-v2
by default, through the registry's "embedder"): the expected anchor level under a softmax
over cosine similarities. The scorer uses it to pick the competency of a question that names
none. It is not part of the score: a candidate could raise it by reciting the anchors."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from pipelines.rubric import Competency


class Encoder(Protocol):
    def encode(self, sentences: list[str], **kwargs: Any) -> Any: ...


class AnchorScorer:
    """Caches anchor embeddings per (competency, language); holds no session state."""

    def __init__(self, encoder: Encoder, *, temperature: float = 0.05) -> None:
        self.encoder = encoder
        self.temperature = temperature
        self._cache: dict[tuple[str, ...], np.ndarray] = {}
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.encoder.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True,
                                      show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def _anchors(self, competency: Competency, lang: str) -> np.ndarray:
        texts = tuple(competency.anchor(level, lang) for level in range(1, 6))
        with self._lock:
            if texts not in self._cache:
                self._cache[texts] = self._encode(texts)
            return self._cache[texts]

    def level(self, transcript: str, competency: Competency, lang: str) -> float:
        """Expected anchor level (1-5) of the answer; 1.0 for an empty answer."""
        if not transcript.strip():
            return 1.0
        return self._level(self._encode([transcript])[0], competency, lang)

    def closest(self, transcript: str, competencies: Sequence[Competency], lang: str) -> Competency:
        """The competency whose anchors the answer reads highest on (the answer encoded once)."""
        answer = self._encode([transcript])[0]
        return max(competencies, key=lambda c: self._level(answer, c, lang))

    def _level(self, answer: np.ndarray, competency: Competency, lang: str) -> float:
        anchors = self._anchors(competency, lang)
        sims = anchors @ answer
        weights = np.exp((sims - sims.max()) / self.temperature)
        weights /= weights.sum()
        return float(np.dot(weights, np.arange(1, 6)))
