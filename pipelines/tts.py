"""Text to speech, streamed sentence by sentence.

The first sentence's audio is yielded as soon as it is made, so the interviewer starts
speaking before a long question is fully synthesised, and a consumer that stops
iterating (barge-in) stops synthesis at the next sentence.

Voices (offline defaults ship in PyPI packages, DESIGN.md):
- English: Piper (``piper-tts``), voice from the registry's ``tts_en``.
- Korean (and any other language): espeak-ng through its shared library from the
  ``espeakng-loader`` wheel, called with ctypes (registry ``tts_ko``). espeak-ng keeps
  global state and is not thread-safe: every call holds one process-wide lock.
- Production: a neural voice service, ``TTS_SERVICE_URL``. The expected API, one
  request per sentence::

      POST {TTS_SERVICE_URL}
      Content-Type: application/json
      {"text": "<one sentence>", "language": "en" | "ko", "voice": "<TTS_SERVICE_VOICE>"}

      200 OK, Content-Type: audio/wav — a mono 16-bit PCM WAV at any sample rate.

  A sentence the service fails on (error status, timeout, bad WAV) is spoken by the
  offline voice instead, with a warning in the log, so a question is never silent.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
import threading
import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from pipelines.models import ModelRegistry
    from pipelines.settings import Settings

log = logging.getLogger(__name__)

Chunk = tuple[int, np.ndarray]  # (sample rate, mono int16 samples)

_SENTENCE_BREAK = re.compile(r"(?<=[.!?。？！…])[\"')\]]*\s+|\n+")
_SENTENCE_PAUSE_S = 0.15  # silence appended after each sentence but the last


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (ends: . ! ? and their CJK forms, or a line break)."""
    return [part.strip() for part in _SENTENCE_BREAK.split(text) if part and part.strip()]


# --- espeak-ng through ctypes -------------------------------------------------------

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

# espeak-ng is one global engine per process: a lock and the loaded library per path.
_ESPEAK_LOCK = threading.RLock()
_ESPEAK_LIBRARIES: dict[Path, _EspeakLibrary] = {}


class _EspeakLibrary:
    """One loaded, initialised libespeak-ng. Use only under ``_ESPEAK_LOCK``."""

    def __init__(self, library: Path, data_dir: Path | None) -> None:
        lib = ctypes.CDLL(str(library))
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synth.restype = ctypes.c_int
        path = str(data_dir).encode() if data_dir else None
        sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, path, _INITIALIZE_DONT_EXIT)
        if sample_rate <= 0:
            raise RuntimeError(f"espeak-ng failed to initialise from {library} (data {data_dir})")
        self.lib = lib
        self.sample_rate = int(sample_rate)
        self._sink: list[np.ndarray] = []
        self._callback = _SynthCallback(self._collect)  # keep a reference: C holds the pointer
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, count: int, events: Any) -> int:
        if count > 0 and wav:
            self._sink.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def synth(self, text: str, voice: str, rate: int) -> np.ndarray:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        self.lib.espeak_SetParameter(_PARAM_RATE, rate, 0)
        self._sink = []
        data = text.encode("utf-8")
        status = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if status != 0:
            raise RuntimeError(f"espeak-ng synthesis failed (status {status})")
        samples, self._sink = self._sink, []
        return np.concatenate(samples) if samples else np.zeros(0, np.int16)


@dataclass
class EspeakEngine:
    """espeak-ng speaking one voice; thread-safe (calls are serialised)."""

    library: _EspeakLibrary
    voice: str = "ko"
    rate: int = 160

    @classmethod
    def load(cls, library: Path, voice: str = "ko", rate: int = 160) -> EspeakEngine:
        """Load ``library`` once per process; its data dir is the ``espeak-ng-data`` beside it
        (as in the espeakng-loader wheel), else espeak-ng's built-in default."""
        library = library.resolve()
        with _ESPEAK_LOCK:
            if library not in _ESPEAK_LIBRARIES:
                data_dir = library.parent / "espeak-ng-data"
                _ESPEAK_LIBRARIES[library] = _EspeakLibrary(library, data_dir if data_dir.is_dir() else None)
            engine = cls(_ESPEAK_LIBRARIES[library], voice, rate)
        with _ESPEAK_LOCK:  # fail at load time, not mid-interview, on an unknown voice
            engine.library.synth(" ", voice, rate)
        return engine

    @property
    def sample_rate(self) -> int:
        return self.library.sample_rate

    def synthesize(self, text: str) -> np.ndarray:
        with _ESPEAK_LOCK:
            return self.library.synth(text, self.voice, self.rate)


# --- neural service ------------------------------------------------------------------

@dataclass
class ServiceVoice:
    """Client for the production voice service (API in the module docstring)."""

    url: str
    voice: str = ""
    timeout_s: float = 10.0
    _client: Any = field(default=None, repr=False)

    def synthesize(self, text: str, language: str) -> Chunk:
        import httpx

        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout_s)
        response = self._client.post(self.url, json={"text": text, "language": language, "voice": self.voice})
        response.raise_for_status()
        return read_wav(response.content)


def read_wav(data: bytes) -> Chunk:
    """(rate, mono int16) from 16-bit PCM WAV bytes; several channels are averaged."""
    with wave.open(io.BytesIO(data), "rb") as reader:
        if reader.getsampwidth() != 2:
            raise ValueError(f"expected 16-bit PCM WAV, got {8 * reader.getsampwidth()}-bit")
        frames = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        channels, rate = reader.getnchannels(), reader.getframerate()
    if channels > 1:
        frames = frames.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return rate, frames.astype(np.int16, copy=False)


# --- the interface the interview uses ------------------------------------------------

class TextToSpeech:
    """Speaks questions in the job's language. One per process is enough: thread-safe."""

    def __init__(self, models: ModelRegistry, settings: Settings) -> None:
        self.models = models
        self.settings = settings
        self.service = (
            ServiceVoice(settings.tts_service_url, settings.tts_service_voice, settings.tts_service_timeout_s)
            if settings.tts_service_url else None
        )

    def stream(self, text: str, language: str) -> Iterator[Chunk]:
        """Yield ``(sample_rate, int16 array)`` per sentence, each as soon as it is made."""
        sentences = split_sentences(text)
        for index, sentence in enumerate(sentences):
            rate, audio = self._sentence(sentence, language)
            if audio.size == 0:
                continue
            if index < len(sentences) - 1:
                audio = np.concatenate([audio, np.zeros(int(rate * _SENTENCE_PAUSE_S), np.int16)])
            yield rate, audio

    def synthesize(self, text: str, language: str) -> Chunk:
        """The whole text as one array (files, tests, benchmarks)."""
        chunks = list(self.stream(text, language))
        if not chunks:
            return 22050, np.zeros(0, np.int16)
        rate = chunks[0][0]
        if any(r != rate for r, _ in chunks):
            raise ValueError("voice changed sample rate mid-text")
        return rate, np.concatenate([a for _, a in chunks])

    def warm_up(self, language: str) -> None:
        """Load the voice for ``language`` now rather than on the first question."""
        self._offline(language, "")

    def _sentence(self, sentence: str, language: str) -> Chunk:
        if self.service is not None:
            try:
                return self.service.synthesize(sentence, language)
            except Exception as err:  # noqa: BLE001 - any service failure falls back to the offline voice
                log.warning("tts service failed; using the offline voice",
                            extra={"fields": {"url": self.service.url, "error": repr(err)}})
        return self._offline(language, sentence)

    def _offline(self, language: str, sentence: str) -> Chunk:
        if language.lower().startswith("en"):
            voice = self.models.get("tts_en")
            chunks = [c.audio_int16_array for c in voice.synthesize(sentence)] if sentence else []
            audio = np.concatenate(chunks) if chunks else np.zeros(0, np.int16)
            return int(voice.config.sample_rate), audio
        engine: EspeakEngine = self.models.get("tts_ko")
        if not sentence:
            return engine.sample_rate, np.zeros(0, np.int16)
        voice_name = engine.voice if language.lower().startswith("ko") else language.lower()
        with _ESPEAK_LOCK:
            audio = engine.library.synth(sentence, voice_name, engine.rate)
        return engine.sample_rate, audio
