"""Pause detection: silero VAD v6 (the onnx file in faster-whisper's assets) on a live stream.

``SileroVad`` wraps the onnx session (shared, thread-safe, one per process via the
registry's ``vad``). ``AnswerSegmenter`` is per connection: feed it the microphone's
frames at any sample rate and it reports when the candidate starts speaking and when an
answer ends, and keeps the answer's audio (16 kHz float32) for speech to text.

The model is run as faster-whisper runs it: 16 kHz, 512-sample windows (32 ms), each
prefixed with the previous window's last 64 samples, LSTM state ``h``/``c`` carried from
window to window (the onnx graph treats its batch axis as time, so several windows
may go in one call).

Segmentation, with ``p`` the speech probability of a window:
- a window is speech when ``p >= threshold`` and silence when ``p < threshold - 0.15``
  (in between keeps the current state, as silero's own segmenter does);
- ``speech_start``: ``start_s`` of continuous speech while not speaking (also when
  resuming after a pause: the barge-in signal);
- ``is_speaking`` drops after ``_HANGOVER_S`` of silence;
- ``speech_end`` (end of answer): ``end_silence_s`` of silence after at least
  ``min_speech_s`` of voiced time in the answer. Shorter pauses keep the answer open;
  a blip shorter than ``min_speech_s`` followed by that silence is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from pipelines.models import ModelRegistry
    from pipelines.settings import Settings

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
WINDOW = 512  # samples per model call at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous window prefixed to each window
WINDOW_S = WINDOW / SAMPLE_RATE
_HANGOVER_S = 0.3  # silence before is_speaking drops
_TAIL_S = 0.3  # audio kept after the last voiced window of an answer


# --- audio helpers ----------------------------------------------------------------------

def to_mono_float32(samples: np.ndarray) -> np.ndarray:
    """Mono float32 in [-1, 1] from int16 or float arrays, 1-D or 2-D.

    2-D input is ``(channels, n)`` when the first axis is the short one (fastrtc gives
    ``(1, n)``), else ``(n, channels)``; channels are averaged."""
    audio = np.asarray(samples)
    if audio.dtype == np.int16:
        audio = audio.astype(np.float32) / 32768.0
    elif np.issubdtype(audio.dtype, np.integer):
        raise ValueError(f"unsupported sample type {audio.dtype}; use int16 or float")
    if audio.ndim == 2:
        if 1 in audio.shape:
            audio = audio.reshape(-1)
        else:
            audio = audio.mean(axis=0 if audio.shape[0] <= audio.shape[1] else 1)
    elif audio.ndim != 1:
        raise ValueError(f"expected 1-D or 2-D audio, got shape {audio.shape}")
    return audio.astype(np.float32, copy=False)


def resample(audio: np.ndarray, from_rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Resample a whole mono float32 signal (soxr, high quality)."""
    if from_rate == to_rate:
        return audio.astype(np.float32, copy=False)
    import soxr

    return np.asarray(soxr.resample(audio.astype(np.float32, copy=False), from_rate, to_rate), dtype=np.float32)


class StreamResampler:
    """Chunk-by-chunk resampling to 16 kHz without edge clicks (soxr's stream state)."""

    def __init__(self, to_rate: int = SAMPLE_RATE) -> None:
        self.to_rate = to_rate
        self._from_rate = 0
        self._stream: Any = None

    def __call__(self, audio: np.ndarray, from_rate: int) -> np.ndarray:
        if from_rate == self.to_rate:
            return audio
        if from_rate != self._from_rate:
            import soxr

            self._stream = soxr.ResampleStream(from_rate, self.to_rate, 1, dtype="float32")
            self._from_rate = from_rate
        return np.asarray(self._stream.resample_chunk(audio), dtype=np.float32)


# --- the model ---------------------------------------------------------------------------

class SileroVad:
    """The silero VAD v6 onnx session; stateless between calls (state is passed in)."""

    def __init__(self, path: Path | str) -> None:
        import onnxruntime

        opts = onnxruntime.SessionOptions()
        opts.inter_op_num_threads = 1
        opts.intra_op_num_threads = 1
        opts.enable_cpu_mem_arena = False
        opts.log_severity_level = 4
        self.session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"], sess_options=opts)

    @staticmethod
    def initial_state() -> tuple[np.ndarray, np.ndarray]:
        return np.zeros((1, 1, 128), np.float32), np.zeros((1, 1, 128), np.float32)

    def __call__(self, windows: np.ndarray, h: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``windows``: (n, 576) = 64 context + 512 samples each; returns (probs (n,), h, c)."""
        probs, h, c = self.session.run(None, {"input": windows, "h": h, "c": c})
        return np.asarray(probs, dtype=np.float32).reshape(-1), h, c


def speech_probabilities(vad: SileroVad, audio16k: np.ndarray) -> np.ndarray:
    """Speech probability per 32 ms window of a whole 16 kHz signal (tests, offline use)."""
    audio = np.pad(audio16k.astype(np.float32), (0, -len(audio16k) % WINDOW))
    windows = audio.reshape(-1, WINDOW)
    context = np.zeros((len(windows), CONTEXT), np.float32)
    context[1:] = windows[:-1, -CONTEXT:]
    h, c = vad.initial_state()
    probs, _, _ = vad(np.concatenate([context, windows], axis=1), h, c)
    return probs


# --- streaming segmentation --------------------------------------------------------------

@dataclass(frozen=True)
class VadEvent:
    """``speech_start``: the candidate (re)started speaking. ``speech_end``: the answer is over;
    ``audio`` holds it (16 kHz float32) and ``voiced_s`` its voiced time."""

    kind: Literal["speech_start", "speech_end"]
    at_s: float  # stream time (seconds of audio fed) at which it happened
    audio: np.ndarray | None = field(default=None, repr=False, compare=False)
    voiced_s: float = 0.0


class AnswerSegmenter:
    """Per-connection end-of-answer detector. Not thread-safe: feed from one thread."""

    def __init__(self, vad: SileroVad, *, threshold: float = 0.5, min_speech_s: float = 0.25,
                 end_silence_s: float = 1.2, start_s: float = 0.096, preroll_s: float = 0.3) -> None:
        self.vad = vad
        self.threshold = threshold
        self.neg_threshold = max(threshold - 0.15, 0.01)
        self.min_speech_s = min_speech_s
        self.end_silence_s = end_silence_s
        self.start_windows = max(1, round(start_s / WINDOW_S))
        self.preroll = int(preroll_s * SAMPLE_RATE)
        self._resampler = StreamResampler()
        self._pending = np.zeros(0, np.float32)  # 16 kHz samples not yet in a window
        self._h, self._c = vad.initial_state()
        self._context = np.zeros(CONTEXT, np.float32)
        self._windows_done = 0
        self._recent: list[np.ndarray] = []  # last windows, for the pre-roll
        self._reset_answer()

    @classmethod
    def from_settings(cls, models: ModelRegistry, settings: Settings,
                      end_silence_s: float | None = None) -> AnswerSegmenter:
        """A segmenter with the live-audio settings; ``end_silence_s`` is the job's setting."""
        return cls(models.get("vad"), threshold=settings.vad_threshold, min_speech_s=settings.vad_min_speech_s,
                   end_silence_s=end_silence_s if end_silence_s is not None else settings.vad_end_silence_s,
                   start_s=settings.vad_start_s, preroll_s=settings.vad_preroll_s)

    # -- state the caller reads
    @property
    def is_speaking(self) -> bool:
        """The candidate is speaking now (barge-in: stop the interviewer's voice)."""
        return self._speaking

    @property
    def in_answer(self) -> bool:
        """Speech has started and the answer has not ended yet."""
        return self._in_answer

    @property
    def voiced_s(self) -> float:
        return self._voiced_windows * WINDOW_S

    @property
    def silence_s(self) -> float:
        """Current run of silence (seconds)."""
        return self._silence_windows * WINDOW_S

    @property
    def stream_s(self) -> float:
        return self._windows_done * WINDOW_S

    def answer_audio(self) -> np.ndarray:
        """The current answer's audio so far (16 kHz float32; empty before speech)."""
        return np.concatenate(self._answer) if self._answer else np.zeros(0, np.float32)

    # -- driving it
    def feed(self, samples: np.ndarray, sample_rate: int) -> list[VadEvent]:
        """Add microphone audio (int16 or float32, any rate); return the events it caused."""
        audio = self._resampler(to_mono_float32(samples), sample_rate)
        self._pending = np.concatenate([self._pending, audio]) if self._pending.size else audio
        count = len(self._pending) // WINDOW
        if count == 0:
            return []
        windows = self._pending[: count * WINDOW].reshape(count, WINDOW)
        self._pending = self._pending[count * WINDOW:].copy()
        context = np.empty((count, CONTEXT), np.float32)
        context[0] = self._context
        context[1:] = windows[:-1, -CONTEXT:]
        self._context = windows[-1, -CONTEXT:].copy()
        probs, self._h, self._c = self.vad(np.concatenate([context, windows], axis=1), self._h, self._c)
        events: list[VadEvent] = []
        for window, prob in zip(windows, probs, strict=True):
            event = self._step(window, float(prob))
            if event is not None:
                events.append(event)
        return events

    def finish(self) -> VadEvent | None:
        """End the answer now (button, time limit): its ``speech_end``, or None if nobody spoke."""
        if not self._in_answer:
            self._reset_answer()
            return None
        return self._end()

    def reset(self) -> None:
        """Drop the current answer (e.g. a new question starts); the model state is kept."""
        self._reset_answer()

    # -- internals
    def _reset_answer(self) -> None:
        self._speaking = False
        self._in_answer = False
        self._answer: list[np.ndarray] = []
        self._voiced_windows = 0
        self._speech_run = 0
        self._silence_windows = 0
        self._last_voiced_len = 0  # windows of the answer up to its last voiced one

    def _step(self, window: np.ndarray, prob: float) -> VadEvent | None:
        self._windows_done += 1
        if self._in_answer:
            self._answer.append(window)
        else:
            self._recent.append(window)
            keep = max(1, self.preroll // WINDOW) + self.start_windows
            del self._recent[:-keep]

        if prob >= self.threshold:
            self._speech_run += 1
            self._silence_windows = 0
            if self._in_answer:
                self._voiced_windows += 1
                self._last_voiced_len = len(self._answer)
        elif prob < self.neg_threshold:
            self._speech_run = 0
            self._silence_windows += 1
        elif self._speaking and self._in_answer:  # in between, keep the state: still speaking
            self._voiced_windows += 1
            self._last_voiced_len = len(self._answer)

        event: VadEvent | None = None
        if not self._speaking and self._speech_run >= self.start_windows:
            self._speaking = True
            at_s = (self._windows_done - self._speech_run) * WINDOW_S
            if not self._in_answer:
                self._in_answer = True
                self._answer = list(self._recent)
                self._recent = []
                self._voiced_windows = self._speech_run
                self._last_voiced_len = len(self._answer)
            event = VadEvent("speech_start", at_s)
        if self._speaking and self._silence_windows * WINDOW_S >= _HANGOVER_S:
            self._speaking = False
        if self._in_answer and self._silence_windows * WINDOW_S >= self.end_silence_s:
            if self.voiced_s >= self.min_speech_s:
                return self._end()
            log.debug("dropped a blip shorter than min_speech_s", extra={"fields": {"voiced_s": self.voiced_s}})
            self._reset_answer()
        return event

    def _end(self) -> VadEvent:
        tail = int(_TAIL_S / WINDOW_S)
        kept = self._answer[: self._last_voiced_len + tail]
        audio = np.concatenate(kept) if kept else np.zeros(0, np.float32)
        event = VadEvent("speech_end", self.stream_s, audio=audio, voiced_s=self.voiced_s)
        self._reset_answer()
        return event
