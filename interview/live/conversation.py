"""One candidate's live conversation, independent of the transport.

The WebRTC handler (``interview.live.handler``) feeds microphone audio and camera
frames in and drains ``outputs`` (spoken audio chunks and page events). Turn-taking:

* the interviewer speaks a question (sentence by sentence, so audio starts early).
  Synthesis is far faster than speech: the audio is queued within a second, then plays
  for as long as it lasts, so the state stays "speaking" until the queued audio has
  played out in the browser (``plays_until``), not until synthesis ends;
* the candidate speaking over it at any point of that stops the voice at once
  (barge-in: queued chunks are dropped and the transport's playback queue cleared). The
  segmenter hears the microphone while the interviewer speaks too, so what they said
  from their first word on (with its pre-roll) is the start of their answer. Echo: the
  browser's echo cancellation (fastrtc asks for ``echoCancellation``) keeps the
  interviewer's own voice out of the microphone; on a device without it the voice could
  interrupt itself, which is not worked around here;
* the answer clock (time limit, no-answer watchdog) starts when the voice has played out
  or was interrupted;
* pause detection ends an answer after the job's silence window once some speech
  was heard; the "I'm done" button ends it at once; the time limit ends it politely;
* the answer is transcribed, measured and committed through ``TurnService`` before
  the next question is sent; a turn runs on this conversation's own worker thread so
  the audio path never waits for a model.

No state lives outside this object; the database holds the interview itself, so a
new connection for the same invite resumes at the current question.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from interview.errors import ServiceError
from interview.turns import AnswerInput, TurnState
from interview.ui.locales import t
from pipelines.metrics import TURN_SECONDS
from pipelines.stt import PartialTranscriber
from pipelines.vad import AnswerSegmenter

if TYPE_CHECKING:
    from interview.runtime import Runtime

log = logging.getLogger(__name__)

State = Literal["connecting", "speaking", "listening", "thinking", "done", "error"]

# Queued audio → heard: emit's pick-up, fastrtc's real-time pacing, the network and the
# browser's jitter buffer (emit → first packet ~43 ms, DESIGN.md; jitter buffer tens of ms).
PLAYOUT_LAG_S = 0.25


@dataclass(frozen=True)
class AudioOut:
    sample_rate: int
    samples: np.ndarray  # int16, 1-D
    generation: int  # which utterance: stale chunks are dropped after a barge-in


@dataclass(frozen=True)
class EventOut:
    payload: dict[str, Any]


Output = AudioOut | EventOut


@dataclass
class TurnTimings:
    """Where one turn's time went, end of answer → first audio of the next question
    (``bench/live_latency.py``; logged at DEBUG). Instants are ``time.monotonic()``."""

    ended_at: float  # the answer ended: silence window over, button, or time limit
    reason: str
    stt_s: float = 0.0  # transcription and delivery measures
    commit_s: float = 0.0  # answer (and its audio) committed
    follow_up_s: float = 0.0  # LLM follow-up (0 when none was asked)
    advance_s: float = 0.0  # next position, close, next question read
    behavior_s: float = 0.0  # behaviour samples stored
    tts_first_s: float = 0.0  # first sentence of the next question synthesised
    first_audio_at: float | None = None  # None when the interview ended

    @property
    def after_window_s(self) -> float | None:
        return None if self.first_audio_at is None else self.first_audio_at - self.ended_at


class LiveConversation:
    """Per-connection state machine. ``feed_audio``/``feed_video`` are cheap and safe to
    call from the media threads; everything slow runs on ``self._worker``."""

    def __init__(self, rt: Runtime, token: str, *, session_id: uuid.UUID,
                 on_barge_in: Callable[[], None] | None = None) -> None:
        self.rt = rt
        self.token = token
        self.session_id = session_id
        self._on_barge_in = on_barge_in
        self.outputs: queue.Queue[Output] = queue.Queue()
        self.state: State = "connecting"
        self.turn: TurnState | None = None
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="turn")
        self._captions = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caption")
        self._generation = 0  # bumped by a barge-in: audio of an older generation is dropped
        self._speech_ends_at = 0.0  # monotonic time the queued audio has all been sent out
        self._synthesising = False
        self._listen_started = 0.0
        self._answer_started: float | None = None
        self._closed = False
        self.segmenter: AnswerSegmenter | None = None
        self.partials: PartialTranscriber | None = None
        self.vision: Any = None
        self.timings: list[TurnTimings] = []  # one per finished answer
        self._pending_timings: TurnTimings | None = None  # waiting for the next question's first audio

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        """Resolve the invite and speak the current question (on the worker)."""
        self._worker.submit(self._guard, self._start)

    def close(self) -> None:
        self._closed = True
        self._worker.shutdown(wait=False, cancel_futures=True)
        self._captions.shutdown(wait=False, cancel_futures=True)
        if self.vision is not None:
            self._flush_behavior(answer_id=None)
            self.vision.close()

    @property
    def current_generation(self) -> int:
        return self._generation

    @property
    def synthesising(self) -> bool:
        """Speech is being synthesised now (its audio is queued as it comes)."""
        return self._synthesising

    @property
    def plays_until(self) -> float:
        """``time.monotonic()`` at which the candidate has heard all the queued speech."""
        return self._speech_ends_at + PLAYOUT_LAG_S

    def superseded(self) -> None:
        """Another tab opened this interview: stop here, it continues there."""
        lang = self.turn.language if self.turn else "en"
        self._event(type="notice", text=t(lang, "live_taken_over"))
        self._set_state("done")
        self.close()

    def refuse_busy(self, language: str) -> None:
        self._set_state("error")
        self._event(type="notice", text=t(language, "live_busy"))

    # ------------------------------------------------------------------ media in
    def feed_audio(self, sample_rate: int, samples: np.ndarray) -> None:
        segmenter = self.segmenter
        if segmenter is None or self.state not in ("listening", "speaking"):
            return
        events = segmenter.feed(samples, sample_rate)
        now = time.monotonic()
        if segmenter.is_speaking and self.state == "speaking":
            self._barge_in()
        for event in events:
            if event.kind == "speech_start" and self._answer_started is None:
                self._answer_started = now
            elif event.kind == "speech_end":
                self._end_answer("silence", event.audio)
                return
        turn = self.turn
        if turn is None or self.state != "listening":
            return
        if self._answer_started is not None and now - self._answer_started > turn.time_limit_s:
            self._end_answer("time_limit", self._finish_audio())
        elif self._answer_started is None and now - self._listen_started > turn.time_limit_s:
            self._end_answer("no_answer", None)
        elif segmenter.in_answer and self.partials is not None and self.partials.due():
            audio = segmenter.answer_audio()
            self._captions.submit(self._guard, self._caption, audio)

    def feed_video(self, frame_bgr: np.ndarray) -> None:
        if self.vision is not None and self.state in ("listening", "speaking", "thinking"):
            self.vision.submit(frame_bgr)

    def done_answering(self) -> None:
        """The candidate pressed "I'm done answering"."""
        if self.state == "listening" and self.segmenter is not None:
            self._end_answer("button", self._finish_audio())

    # ------------------------------------------------------------------ internals
    def _finish_audio(self) -> np.ndarray | None:
        """End the answer now: the audio heard so far, or None if nobody spoke."""
        assert self.segmenter is not None
        event = self.segmenter.finish()
        return event.audio if event is not None else None

    def _guard(self, func: Any, *args: Any) -> None:
        try:
            func(*args)
        except ServiceError as err:
            self._set_state("error")
            self._event(type="notice", text=err.message)
        except Exception:
            log.exception("live turn failed", extra={"fields": {"state": self.state}})
            self._set_state("error")
            lang = self.turn.language if self.turn else "en"
            self._event(type="notice", text=t(lang, "live_error"))

    def _start(self) -> None:
        from pipelines.stt import model_for

        self._set_state("thinking")  # the plan may still be being written
        turn = self.rt.turns.start(self.token)
        self._begin_turn(turn)
        if not turn.done:  # load speech to text while the candidate answers, not after
            self.rt.models.get(model_for(turn.language))

    def _begin_turn(self, turn: TurnState) -> None:
        self.turn = turn
        if turn.done or turn.question is None:
            self._set_state("done")
            self._event(type="done", text=t(turn.language, "live_done"))
            self._speak(t(turn.language, "live_goodbye"), turn.language)
            return
        if self.segmenter is None:
            self.segmenter = AnswerSegmenter.from_settings(self.rt.models, self.rt.settings, turn.end_silence_s)
            self.partials = PartialTranscriber(self.rt.models, turn.language,
                                               interval_s=self.rt.settings.stt_partial_interval_s)
            self.vision = self._make_vision()
        else:
            self.segmenter.reset()
            assert self.partials is not None
            self.partials.reset()
        self._answer_started = None
        self._event(type="question", id=str(turn.question.id), text=turn.question.text, kind=turn.question.kind,
                    number=turn.number, total=turn.total, time_limit_s=turn.time_limit_s)
        generation = self._speak(turn.question.text, turn.language, state="speaking")
        self._await_playout(generation)
        self._watch_for_silence(turn)

    def _await_playout(self, generation: int) -> None:
        """Stay "speaking" (barge-in possible) until the question has played out, then listen."""
        with self._lock:
            if generation != self._generation or self.state != "speaking":
                return  # interrupted while it was being synthesised
            self._listen_started = self.plays_until  # the watchdog's first estimate
            delay = self._listen_started - time.monotonic()
        timer = threading.Timer(max(0.0, delay), self._played_out, args=(generation,))
        timer.daemon = True
        timer.start()

    def _played_out(self, generation: int) -> None:
        """The candidate has heard the whole question: the answer clock starts now."""
        with self._lock:
            if generation != self._generation or self.state != "speaking" or self._closed:
                return
            self._listen_started = time.monotonic()
            self._set_state("listening")

    def _watch_for_silence(self, turn: TurnState) -> None:
        """A muted microphone sends no frames, so ``feed_audio`` never sees the time limit
        pass: a timer ends such a turn with "no answer" too."""
        def check() -> None:
            if self.turn is not turn or self._answer_started is not None or self._closed:
                return
            waited = time.monotonic() - self._listen_started
            if self.state == "speaking" or (self.state == "listening" and waited < turn.time_limit_s):
                self._watch_for_silence(turn)
            elif self.state == "listening":
                self._end_answer("no_answer", None)

        delay = max(0.5, self._listen_started + turn.time_limit_s - time.monotonic() + 0.5)
        timer = threading.Timer(delay, check)
        timer.daemon = True
        timer.start()

    def _make_vision(self) -> Any:
        """The face-signal worker, only when the candidate agreed to face analysis; without it the
        camera is a preview and no frame is analysed."""
        if not self.rt.candidates.resolve(self.token).face_analysis:
            return None
        from pipelines.vision import VisionWorker

        return VisionWorker.from_settings(self.rt.settings, self.rt.models, name=f"vision-{self.session_id}")

    def _speak(self, text: str, language: str, *, state: State | None = None) -> int:
        """Queue ``text``'s audio sentence by sentence, after whatever is still playing; returns its
        generation. ``state`` is entered under the same lock, so no barge-in can fall between."""
        with self._lock:  # utterances queue one after another; only a barge-in drops them
            generation = self._generation
            self._synthesising = True
            if state is not None:
                self._set_state(state)
        try:
            for rate, audio in self.rt.tts.stream(text, language):
                if not self._queue_audio(AudioOut(rate, audio, generation)):
                    break  # barge-in or hang-up: stop producing
        finally:
            self._synthesising = False
        return generation

    def _queue_audio(self, chunk: AudioOut) -> bool:
        """Queue a chunk unless its utterance was interrupted; extends ``_speech_ends_at``."""
        with self._lock:  # atomic with a barge-in: no chunk, no playout time after it
            if chunk.generation != self._generation or self._closed:
                return False
            self.outputs.put(chunk)
            start = max(time.monotonic(), self._speech_ends_at)
            self._speech_ends_at = start + len(chunk.samples) / chunk.sample_rate
        pending = self._pending_timings
        if pending is not None:
            pending.first_audio_at = time.monotonic()
            self._pending_timings = None
        return True

    def _barge_in(self) -> None:
        """The candidate spoke over the interviewer: silence it and listen. What they have
        said so far stays in the segmenter as the start of their answer."""
        now = time.monotonic()
        with self._lock:
            if self.state != "speaking":
                return
            self._generation += 1
            left_s = self.plays_until - now
            self._speech_ends_at = now
            self._listen_started = now
            self._set_state("listening")
        if self._on_barge_in is not None:
            self._on_barge_in()
        self._drain_audio()
        log.info("live barge-in", extra={"fields": {"session": str(self.session_id),
                                                    "synthesising": self._synthesising, "left_s": round(left_s, 2)}})

    def _drain_audio(self) -> None:
        kept: list[Output] = []
        while True:
            try:
                item = self.outputs.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, EventOut):
                kept.append(item)
        for item in kept:
            self.outputs.put(item)

    def _end_answer(self, reason: str, audio16k: np.ndarray | None) -> None:
        with self._lock:  # the media thread, the button and the watchdog may all try
            if self.state != "listening":
                return
            self._set_state("thinking")
        timings = TurnTimings(ended_at=time.monotonic(), reason=reason)
        self._worker.submit(self._guard, self._finish_turn, reason, audio16k, timings)

    def _caption(self, audio16k: np.ndarray) -> None:
        assert self.partials is not None
        text = self.partials.maybe(audio16k)
        if text and self.state == "listening":
            self._event(type="caption", text=text)

    def _finish_turn(self, reason: str, audio16k: np.ndarray | None, timings: TurnTimings) -> None:
        assert self.turn is not None and self.turn.question is not None
        from pipelines.face_signals import aggregate_answer

        audio = audio16k if audio16k is not None else np.zeros(0, np.float32)
        samples = self.vision.drain(flush=True) if self.vision is not None else []
        mark = time.monotonic()
        answer = AnswerInput.from_audio(audio, language=self.turn.language, end_reason=reason,
                                        models=self.rt.models, behavior=aggregate_answer(samples) if samples else {})
        timings.stt_s = time.monotonic() - mark
        self._event(type="transcript", text=answer.text)
        result = self.rt.turns.submit(self.token, answer, question_id=self.turn.question.id)
        timings.commit_s = result.timings.get("commit_s", 0.0)
        timings.follow_up_s = result.timings.get("follow_up_s", 0.0)
        timings.advance_s = result.timings.get("advance_s", 0.0)
        mark = time.monotonic()
        self.rt.turns.store_behavior(self.session_id, answer_id=result.answer_id,
                                     question_id=self.turn.question.id, samples=samples)
        timings.behavior_s = time.monotonic() - mark
        if reason == "time_limit":
            self._speak(t(self.turn.language, "live_time_up"), self.turn.language)
        elif reason == "no_answer":
            self._event(type="notice", text=t(self.turn.language, "live_no_answer"))
        self.timings.append(timings)
        self._pending_timings = timings
        mark = time.monotonic()
        self._begin_turn(result.next_turn)
        if timings.first_audio_at is not None:
            timings.tts_first_s = max(0.0, timings.first_audio_at - mark)
        self._pending_timings = None
        if timings.after_window_s is not None:
            TURN_SECONDS.observe(timings.after_window_s)
        log.debug("turn timings", extra={"fields": {k: round(v, 3) for k, v in vars(timings).items()
                                                    if k.endswith("_s")}})

    def _flush_behavior(self, answer_id: uuid.UUID | None) -> None:
        """Samples of an answer cut short by a hang-up are kept against its question."""
        if self.vision is None or self.turn is None or self.turn.question is None:
            return
        self.rt.turns.store_behavior(self.session_id, answer_id=answer_id, question_id=self.turn.question.id,
                                     samples=self.vision.drain(flush=True))

    def _set_state(self, state: State) -> None:
        if state != self.state:
            self.state = state
            self._event(type="state", state=state)

    def _event(self, **payload: Any) -> None:
        self.outputs.put(EventOut(payload))
