"""Audio files for tests, made with the product's own offline voices (Piper for English,
espeak-ng for Korean) — no recordings are checked in.

WAVs default to 48 kHz mono 16-bit, the format Chromium's
``--use-file-for-fake-audio-capture`` wants. Note (DESIGN.md): the multilingual base model
transcribes espeak-ng Korean poorly, so Korean speech checks plumbing, not accuracy.
"""

from __future__ import annotations

import wave
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipelines.models import ModelRegistry
from pipelines.settings import Settings
from pipelines.tts import TextToSpeech
from pipelines.vad import resample


@lru_cache(maxsize=1)
def registry() -> ModelRegistry:
    """One registry for test media (models load once per test process)."""
    from tests.conftest import shared_model_dir

    return ModelRegistry(Settings(model_dir=shared_model_dir()))


@lru_cache(maxsize=1)
def voices() -> TextToSpeech:
    reg = registry()
    return TextToSpeech(reg, reg.settings)


def speech(text: str, language: str, sample_rate: int = 16000) -> np.ndarray:
    """``text`` spoken in ``language`` as mono float32 at ``sample_rate``."""
    rate, audio = voices().synthesize(text, language)
    return resample(audio.astype(np.float32) / 32768.0, rate, sample_rate)


def silence(seconds: float, sample_rate: int = 16000) -> np.ndarray:
    return np.zeros(int(round(seconds * sample_rate)), np.float32)


def noise(seconds: float, sample_rate: int = 16000, level_db: float = -35.0, seed: int = 0) -> np.ndarray:
    """White noise at an RMS of ``level_db`` dBFS (fans, hiss: not speech)."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(round(seconds * sample_rate))) * 10 ** (level_db / 20)).astype(np.float32)


def utterance(parts: Sequence[str | float], language: str, sample_rate: int = 16000) -> np.ndarray:
    """Speech and pauses in order: strings are spoken, numbers are seconds of silence."""
    pieces = [silence(p, sample_rate) if isinstance(p, int | float) else speech(p, language, sample_rate)
              for p in parts]
    return np.concatenate(pieces) if pieces else np.zeros(0, np.float32)


def write_wav(path: str | Path, audio: np.ndarray, sample_rate: int = 48000) -> Path:
    """Write mono 16-bit PCM (float input in [-1, 1] or int16)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = audio if audio.dtype == np.int16 else (np.clip(audio, -1.0, 1.0) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(data.astype("<i2").tobytes())
    return path


def read_wav(path: str | Path) -> tuple[int, np.ndarray]:
    """(sample rate, mono int16) of a 16-bit WAV."""
    with wave.open(str(path), "rb") as reader:
        rate, channels = reader.getframerate(), reader.getnchannels()
        data = np.frombuffer(reader.readframes(reader.getnframes()), "<i2").astype(np.int16)
    return rate, data.reshape(-1, channels).mean(axis=1).astype(np.int16) if channels > 1 else data


def speech_wav(path: str | Path, text: str, language: str, sample_rate: int = 48000,
               leading_silence_s: float = 0.5, trailing_silence_s: float = 2.0) -> Path:
    """A WAV of ``text`` spoken in ``language`` between silences (48 kHz mono 16-bit)."""
    audio = np.concatenate([silence(leading_silence_s, sample_rate), speech(text, language, sample_rate),
                            silence(trailing_silence_s, sample_rate)])
    return write_wav(path, audio, sample_rate)


def silence_wav(path: str | Path, seconds: float, sample_rate: int = 48000) -> Path:
    return write_wav(path, silence(seconds, sample_rate), sample_rate)


def noise_wav(path: str | Path, seconds: float, sample_rate: int = 48000, level_db: float = -35.0,
              seed: int = 0) -> Path:
    return write_wav(path, noise(seconds, sample_rate, level_db, seed), sample_rate)
