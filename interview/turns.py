"""The interviewer's turn logic, one service for the live stream and the REST API.

An answer (text, or audio that is transcribed) is committed with its delivery and
behaviour measures before the next question is chosen: a follow-up on what was just
said (LLM, at most ``max_follow_ups`` per planned question, only when the answer
gives it something to hold on to), the next planned question, or the close, which
finishes the interview and queues scoring.
"""

from __future__ import annotations

import logging
import time
import uuid
import wave
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from db.engine import Database
from db.repositories import behavior, sessions, turns
from interview.candidates import CandidateService, InviteView, face_consented
from interview.errors import Conflict
from pipelines.questions import template_follow_up
from pipelines.settings import Settings

if TYPE_CHECKING:
    from interview.plan import PlanService
    from interview.reports import ReportService
    from pipelines.models import ModelRegistry
    from pipelines.tasks import TaskRuntime

log = logging.getLogger(__name__)
MIN_WORDS_FOR_FOLLOW_UP = 8


@dataclass(frozen=True)
class QuestionView:
    id: uuid.UUID
    text: str
    kind: str


@dataclass(frozen=True)
class TurnState:
    session_id: uuid.UUID
    question: QuestionView | None
    number: int  # which planned question (1-based); a follow-up keeps its parent's number
    total: int
    language: str
    time_limit_s: int
    end_silence_s: float
    done: bool


@dataclass(frozen=True)
class TurnResult:
    answer_id: uuid.UUID
    transcript: str
    next_turn: TurnState
    # seconds per stage of ``submit``: commit (answer saved), follow_up (LLM, 0 when not
    # asked), advance (next position, close, next question read); for bench/live_latency.py
    timings: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class AnswerInput:
    text: str
    language: str
    end_reason: str = "submitted"
    words: list[dict[str, Any]] = field(default_factory=list)
    duration_s: float = 0.0
    delivery: dict[str, Any] = field(default_factory=dict)
    behavior: dict[str, Any] = field(default_factory=dict)
    audio16k: np.ndarray | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_audio(cls, audio16k: np.ndarray, *, language: str, end_reason: str, models: ModelRegistry,
                   behavior: dict[str, Any] | None = None) -> AnswerInput:
        """Transcribe and measure an answer's audio (16 kHz mono float32)."""
        from pipelines.stt import transcribe
        from pipelines.voice import delivery_metrics

        transcript = transcribe(models, audio16k, language)
        words = [{"text": w.text, "start": w.start, "end": w.end, "prob": w.prob} for w in transcript.words]
        delivery = delivery_metrics(audio16k, transcript.words, language) if audio16k.size else {}
        return cls(text=transcript.text, language=language, end_reason=end_reason, words=words,
                   duration_s=transcript.duration_s, delivery=delivery, behavior=behavior or {},
                   audio16k=audio16k)


class TurnService:
    def __init__(self, db: Database, *, settings: Settings, candidates: CandidateService,
                 plans: PlanService, reports: ReportService, tasks: TaskRuntime) -> None:
        self.db = db
        self.settings = settings
        self.candidates = candidates
        self.plans = plans
        self.reports = reports
        self.tasks = tasks

    # ------------------------------------------------------------------ reading
    def start(self, token: str) -> TurnState:
        self.plans.start(token)
        return self.current(token)

    def current(self, token: str) -> TurnState:
        view = self.candidates.resolve(token)
        with self.db.session() as s:
            return self._state(s, view)

    def _state(self, s: Any, view: InviteView) -> TurnState:
        interview = sessions.get_session(s, session_id=view.session_id)
        assert interview is not None
        job = interview.job
        planned = turns.planned_numbers(s, session_id=view.session_id)
        question = turns.question_at(s, session_id=view.session_id, position=interview.current_position)
        done = question is None or interview.status not in ("in_progress",)
        number = 0
        if question is not None:
            root = question.parent_id or question.id
            number = next((i + 1 for i, (qid, _) in enumerate(planned) if qid == root), 0)
        return TurnState(
            session_id=view.session_id,
            question=None if done or question is None else QuestionView(question.id, question.text, question.kind),
            number=number, total=len(planned), language=job.language, time_limit_s=job.time_limit_s,
            end_silence_s=job.end_silence_s, done=done,
        )

    # ------------------------------------------------------------------ answering
    def submit(self, token: str, answer: AnswerInput, *, question_id: uuid.UUID | None = None) -> TurnResult:
        """Commit the answer to the current question, then move to the next turn."""
        started = time.monotonic()
        view = self.candidates.resolve(token)
        with self.db.session() as s:
            interview = sessions.get_session(s, session_id=view.session_id, for_update=True)
            assert interview is not None
            if interview.status != "in_progress":
                raise Conflict("the interview has not started or is already over: reload the page")
            question = turns.question_at(s, session_id=view.session_id, position=interview.current_position)
            if question is None:
                raise Conflict("there is no open question: the interview is over")
            if question_id is not None and question_id != question.id:
                existing = turns.answer_for(s, question_id=question_id)
                if existing is not None:  # a retried submit: answer already kept
                    return TurnResult(existing.id, existing.transcript, self._state(s, view))
                raise Conflict("that question is not the current one: reload the page")
            audio_path = self._store_audio(view.session_id, question.id, answer.audio16k)
            now = datetime.now(UTC)
            # face measures only with the candidate's separate consent to face analysis
            face = answer.behavior if face_consented(interview.consent) else {}
            saved = turns.save_answer(
                s, session_id=view.session_id, question_id=question.id, transcript=answer.text,
                words=answer.words, audio_path=audio_path, ended_at=now, end_reason=answer.end_reason,
                delivery=answer.delivery, behavior=face,
            )
            answer_id, position = saved.id, interview.current_position
            parent_id = question.parent_id or question.id
            competency, max_follow_ups = question.competency, interview.job.max_follow_ups
            follow_ups = turns.follow_up_count(s, parent_id=parent_id)
            asked_before = turns.follow_up_texts(s, session_id=view.session_id)
            question_text = question.text
        log.info("answer saved", extra={"fields": {"session": str(view.session_id), "words": len(answer.text.split()),
                                                   "reason": answer.end_reason}})
        committed = time.monotonic()
        follow_up = None
        if follow_ups < max_follow_ups and len(answer.text.split()) >= MIN_WORDS_FOR_FOLLOW_UP:
            follow_up = self._follow_up(view, question_text, answer.text, asked_before)
        asked = time.monotonic()
        with self.db.session() as s:
            interview = sessions.get_session(s, session_id=view.session_id, for_update=True)
            assert interview is not None
            if follow_up is not None:
                turns.insert_follow_up(s, session_id=view.session_id, after_position=position, parent_id=parent_id,
                                       text=follow_up["text"], competency=competency,
                                       rationale=follow_up.get("rationale", ""),
                                       provenance=follow_up.get("provenance", {}))
            interview.current_position = position + 1
            s.flush()
            finished = turns.question_at(s, session_id=view.session_id, position=position + 1) is None
        if finished:
            self.reports.finish(token)
        with self.db.session() as s:
            state = self._state(s, view)
        done = time.monotonic()
        timings = {"commit_s": committed - started, "follow_up_s": asked - committed, "advance_s": done - asked}
        return TurnResult(answer_id, answer.text, state, timings)

    def store_behavior(self, session_id: uuid.UUID, *, answer_id: uuid.UUID | None, question_id: uuid.UUID,
                       samples: list[Any]) -> None:
        """Store face samples, only while the interview is live and its candidate agreed to face
        analysis (a withdrawal or erasure may have come first: the row lock orders them)."""
        if not samples:
            return
        with self.db.session() as s:
            interview = sessions.get_session(s, session_id=session_id, for_update=True)
            if (interview is None or interview.withdrawn_at is not None or interview.purged_at is not None
                    or not face_consented(interview.consent)):
                return
            behavior.add_samples(s, session_id=session_id, answer_id=answer_id, question_id=question_id,
                                 samples=samples)

    def _follow_up(self, view: InviteView, question: str, answer: str, asked_before: list[str]) -> dict[str, Any] | None:
        """A follow-up on what the answer lacks: the LLM's (gpu queue, bounded wait), failing that the
        interviewer's own wording; None for a complete answer or when there is nothing to pick up."""
        generated = self._generated_follow_up(view, question, answer)
        if generated is not None:
            return generated
        probe = template_follow_up(question=question, answer=answer, language=view.language, previous=asked_before)
        if probe is None:
            return None
        return {"text": probe.text, "rationale": probe.rationale, "refers_to": probe.refers_to,
                "provenance": probe.provenance}

    def _generated_follow_up(self, view: InviteView, question: str, answer: str) -> dict[str, Any] | None:
        task = self.tasks.tasks.get("make_follow_up_question")
        if task is None or self.settings.follow_up_wait_s <= 0:
            return None
        handle = task(str(view.session_id), question, answer)
        try:
            result = handle.get(blocking=True, timeout=self.settings.follow_up_wait_s)
        except Exception as err:  # noqa: BLE001 - a slow or failed follow-up must not stop the interview
            # nobody waits for it any more: if it has not started, it must not hold the gpu queue
            # (a running generation cannot be stopped and finishes in the background)
            handle.revoke()
            log.warning("follow-up skipped", extra={"fields": {"reason": type(err).__name__}})
            return None
        return result if isinstance(result, dict) and result.get("text") else None

    def _store_audio(self, session_id: uuid.UUID, question_id: uuid.UUID, audio16k: np.ndarray | None) -> str | None:
        if audio16k is None or audio16k.size == 0:
            return None
        path = self.settings.data_dir / "media" / str(session_id) / f"{question_id}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        pcm = (np.clip(audio16k, -1, 1) * 32767).astype(np.int16)
        tmp = path.with_suffix(".tmp")
        with wave.open(str(tmp), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(pcm.tobytes())
        tmp.replace(path)
        return str(Path(path).relative_to(self.settings.data_dir))
