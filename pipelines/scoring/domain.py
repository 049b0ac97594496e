"""Is an answer about work at all? Each sentence is compared, with a multilingual sentence
encoder (the registry's "sentence_encoder", USE v3 by default: English and Korean in one
space), with short prototypes of personal life (a wedding, a marathon, a pet, a hobby)
and of work (a service, a client, patients, a class); the mean margin says which the
answer is about. A keyword list cannot know every hobby; this generalises to ones it
has never seen, in either language."""

from __future__ import annotations

import threading
from typing import Any, Protocol

import numpy as np

from pipelines.scoring.text import sentences

PERSONAL = (
    "I planned my wedding and family events.", "I trained for a marathon and improved my running times.",
    "I taught my dog new tricks.", "I learned to play the guitar as a hobby.", "I went on a holiday trip with friends.",
    "I lost weight by changing my diet and going to the gym.", "I renovated my apartment at home.",
    "I organised a birthday party for my friend.", "I studied a foreign language on my own and passed the test.",
    "I repaired my car at home on the weekend.", "I moved house and sorted out the deposit with my landlord.",
    "취미로 악기를 배웠습니다.", "가족 여행을 계획했습니다.", "다이어트와 운동으로 체중을 줄였습니다.",
    "친구들과 여행을 다녀왔습니다.",
    "혼자 외국어를 공부해서 시험에 합격했습니다.", "이사를 준비하면서 집주인과 보증금 문제를 해결했습니다.",
)
WORK = (
    "I fixed a bug in our production service at work.", "I worked with my colleagues to deliver a project for a client.",
    "I improved the performance of our company's system.", "I handled a difficult customer complaint at my job.",
    "I led a team meeting and presented results to my manager.", "I cared for patients on the hospital ward as a nurse.",
    "I taught a class of students at school.", "I negotiated a contract with a supplier for the business.",
    "회사에서 서비스 장애를 해결했습니다.", "팀원들과 프로젝트를 진행했습니다.", "고객 불만을 처리했습니다.",
    "업무 프로세스를 개선했습니다.",
    "I studied a new technology so I could do my job better.", "업무에 필요한 기술을 공부해서 적용했습니다.",
)
# mean (personal - work) similarity above which an answer is about personal life, when a personal word agrees
# (2x without one): stories about hobbies, pets, races, weddings measured 0.14-0.24; work stories up to 0.10
PERSONAL_MARGIN = 0.08


class Encoder(Protocol):
    def encode(self, sentences: list[str], **kwargs: Any) -> Any: ...


def unit_vectors(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """One unit-length row per text."""
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


class DomainScorer:
    """Holds the prototype vectors; no session state."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._prototypes: tuple[np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()

    def _protos(self) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if self._prototypes is None:
                self._prototypes = (unit_vectors(self.encoder, list(PERSONAL)), unit_vectors(self.encoder, list(WORK)))
            return self._prototypes

    def personal_margin(self, text: str, sentence_vectors: np.ndarray | None = None) -> float:
        """Mean over the answer's sentences of (closest personal prototype - closest work prototype).
        ``sentence_vectors``: the unit vectors of the answer's first sentences, when the caller has
        encoded them already (``text_model.encode_answer``)."""
        parts = sentences(text)[:12]
        if not parts:
            return 0.0
        personal, work = self._protos()
        vectors = unit_vectors(self.encoder, parts) if sentence_vectors is None else sentence_vectors[:len(parts)]
        margins = (vectors @ personal.T).max(axis=1) - (vectors @ work.T).max(axis=1)
        return float(margins.mean())
