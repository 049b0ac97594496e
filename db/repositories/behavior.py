"""Per-second face signals (``behavior_samples``) stored against an answer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.models import BehaviorSample


class SampleRow(Protocol):
    """What a sample must carry (``pipelines.face_signals.SecondSample`` fits)."""

    @property
    def t_s(self) -> float: ...
    @property
    def face_present(self) -> bool: ...
    @property
    def face_count(self) -> int: ...
    @property
    def blinks(self) -> int: ...
    @property
    def gaze_on_screen(self) -> bool | None: ...
    @property
    def emotion(self) -> str | None: ...
    @property
    def scores(self) -> Mapping[str, Any]: ...


def add_samples(
    session: Session, *, session_id: uuid.UUID, answer_id: uuid.UUID | None, question_id: uuid.UUID | None,
    samples: Iterable[SampleRow],
) -> int:
    """Insert samples in one statement; returns how many."""
    rows = [
        {
            "session_id": session_id, "answer_id": answer_id, "question_id": question_id,
            "t_s": float(s.t_s), "face_present": bool(s.face_present), "face_count": int(s.face_count),
            "blinks": int(s.blinks), "gaze_on_screen": s.gaze_on_screen, "emotion": s.emotion,
            "scores": dict(s.scores),
        }
        for s in samples
    ]
    if rows:
        session.execute(insert(BehaviorSample), rows)
    return len(rows)


def samples_for_session(session: Session, *, session_id: uuid.UUID) -> list[BehaviorSample]:
    return list(session.scalars(
        select(BehaviorSample).where(BehaviorSample.session_id == session_id)
        .order_by(BehaviorSample.t_s, BehaviorSample.created_at)
    ))


def samples_for_answer(session: Session, *, answer_id: uuid.UUID) -> list[BehaviorSample]:
    return list(session.scalars(
        select(BehaviorSample).where(BehaviorSample.answer_id == answer_id)
        .order_by(BehaviorSample.t_s, BehaviorSample.created_at)
    ))
