"""Speech to text with faster-whisper, models from the registry.

English uses ``stt_en`` (tiny.en); Korean and other languages use ``stt_multi``
(multilingual base). Word timestamps are always kept (delivery metrics need them).

Concurrency: one ``WhisperModel`` is shared by every thread of the process.
``WhisperModel.transcribe`` keeps no per-call state on the model object, and
CTranslate2 queues concurrent ``generate`` calls on its worker (``num_workers=1``),
so concurrent calls are safe without a lock (tests/unit/test_stt.py checks that
concurrent results equal sequential ones).

``vad_filter`` (``STT_VAD_FILTER``) is on by default although live answers arrive
already segmented by ``pipelines.vad``: in ``bench/stt_rtf.py`` (~26 s of speech, 2
cores) it gave the same words (WER 0.01) at the same cost (tiny.en RTF 0.065 on vs 0.061
off, base 0.138 vs 0.135), and it keeps whisper from decoding long silences, where it
hallucinates (uploaded recordings, answers ended by the button or the time limit).

Temperature fallback is capped at (0.0, 0.6) rather than faster-whisper's six steps:
audio the model cannot read (noise, synthetic Korean) otherwise runs up to six decodes
of repetition loops (35 s of espeak Korean took 44 s with base), which the live path's
latency cannot afford.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipelines.metrics import STT_RTF
from pipelines.tasks import runtime, task
from pipelines.vad import SAMPLE_RATE

if TYPE_CHECKING:
    from pipelines.models import ModelRegistry

log = logging.getLogger(__name__)

_TEMPERATURES = (0.0, 0.6)


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    prob: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: list[Word]
    language: str
    duration_s: float
    model: str  # registry name: stt_en / stt_multi

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def model_for(language: str) -> str:
    """Registry name of the STT model for a job's language."""
    return "stt_en" if language.lower().startswith("en") else "stt_multi"


def transcribe(models: ModelRegistry, audio16k: np.ndarray, language: str, *,
               beam_size: int = 5, vad_filter: bool = True, partial: bool = False,
               model_name: str | None = None) -> Transcript:
    """Transcribe mono 16 kHz float32 audio in ``language`` ("en", "ko", ...).

    ``partial`` uses cheap settings for live captions (greedy, no fallback temperatures);
    ``model_name`` overrides the registry model chosen by ``model_for(language)``."""
    name = model_name or model_for(language)
    model = models.get(name)
    audio = np.asarray(audio16k, dtype=np.float32).reshape(-1)
    duration = len(audio) / SAMPLE_RATE
    if duration < 0.1:
        return Transcript("", [], language, duration, name)
    options: dict[str, Any] = {"beam_size": beam_size, "vad_filter": vad_filter, "word_timestamps": True,
                               "condition_on_previous_text": False, "temperature": _TEMPERATURES}
    if partial:
        options.update(beam_size=1, best_of=1, temperature=0.0)
    whisper_language = "en" if name == "stt_en" else language.lower()
    started = time.monotonic()
    segments, _info = model.transcribe(audio, language=whisper_language, **options)
    words: list[Word] = []
    texts: list[str] = []
    for segment in segments:  # a generator: decoding happens here
        texts.append(segment.text.strip())
        for w in segment.words or []:
            words.append(Word(w.word.strip(), round(float(w.start), 3), round(float(w.end), 3),
                              round(float(w.probability), 3)))
    text = " ".join(t for t in texts if t)
    if not partial:
        STT_RTF.labels(name).observe((time.monotonic() - started) / duration)
    log.debug("transcribed", extra={"fields": {"model": name, "audio_s": round(duration, 2),
                                               "seconds": round(time.monotonic() - started, 2),
                                               "words": len(words)}})
    return Transcript(text, words, language, round(duration, 3), name)


@dataclass
class PartialTranscriber:
    """Live captions: transcribes the answer-so-far at most every ``interval_s``.

    ``maybe(audio16k)`` returns a new caption when one is due and none is running, else
    None; it never blocks a caller for more than one transcription, and two callers
    never run it at the same time for one answer. Per answer: call ``reset()`` between
    answers."""

    models: ModelRegistry
    language: str
    interval_s: float = 3.0
    min_audio_s: float = 1.0
    _last_at: float = field(default=float("-inf"), repr=False)
    _busy: threading.Lock = field(default_factory=threading.Lock, repr=False)
    last_text: str = ""

    def due(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return now - self._last_at >= self.interval_s and not self._busy.locked()

    def maybe(self, audio16k: np.ndarray) -> str | None:
        if len(audio16k) < self.min_audio_s * SAMPLE_RATE or not self.due():
            return None
        if not self._busy.acquire(blocking=False):
            return None
        try:
            self._last_at = time.monotonic()
            text = transcribe(self.models, audio16k, self.language, partial=True).text
            self.last_text = text
            return text
        finally:
            self._busy.release()

    def reset(self) -> None:
        self._last_at = float("-inf")
        self.last_text = ""


def load_audio_file(path: str | Path) -> np.ndarray:
    """Decode any audio file PyAV reads (WAV, WebM/Opus, ...) to mono 16 kHz float32."""
    from faster_whisper import decode_audio

    return np.asarray(decode_audio(str(path), sampling_rate=SAMPLE_RATE), dtype=np.float32)


@task("cpu")
def transcribe_audio_file(path: str, language: str) -> dict[str, Any]:
    """REST answers with an uploaded recording (WAV, WebM ...): decode, transcribe, and
    measure delivery while the audio is at hand. Returns ``{"transcript":
    Transcript.to_dict(), "delivery": pipelines.voice.delivery_metrics(...)}``; the
    caller stores them (pure: running it twice gives the same result)."""
    from pipelines.voice import delivery_metrics

    rt = runtime()
    audio = load_audio_file(path)
    result = transcribe(rt.models, audio, language, beam_size=rt.settings.stt_beam_size,
                        vad_filter=rt.settings.stt_vad_filter)
    return {"transcript": result.to_dict(), "delivery": delivery_metrics(audio, result.words, language)}
