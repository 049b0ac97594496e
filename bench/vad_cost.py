"""Pause detection cost per 20 ms WebRTC frame (48 kHz int16, resampled to 16 kHz, silero
VAD v6 on each 32 ms window): milliseconds of CPU per frame over 60 s of speech with
pauses, median of 5 runs, and the share of one core that a live connection uses.

    .venv/bin/python bench/vad_cost.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.settings import Settings  # noqa: E402
from pipelines.tts import TextToSpeech  # noqa: E402
from pipelines.vad import AnswerSegmenter, resample  # noqa: E402

TEXT = "I led the migration of our billing system. It took six months and saved a lot of money."


def main() -> None:
    settings = Settings()
    models = ModelRegistry(settings)
    rate, speech = TextToSpeech(models, settings).synthesize(TEXT, "en")
    speech48 = resample(speech.astype(np.float32) / 32768, rate, 48000)
    piece = np.concatenate([speech48, np.zeros(48000 * 2, np.float32)])
    audio = np.tile(piece, int(np.ceil(60 * 48000 / len(piece))))[: 60 * 48000]
    pcm = (audio * 32767).astype(np.int16)
    frames = [pcm[i:i + 960].reshape(1, -1) for i in range(0, len(pcm), 960)]
    costs, answers = [], 0
    for _ in range(5):
        segmenter = AnswerSegmenter.from_settings(models, settings)
        started = time.perf_counter()
        answers = sum(1 for f in frames for e in segmenter.feed(f, 48000) if e.kind == "speech_end")
        costs.append((time.perf_counter() - started) / len(frames))
    ms = 1000 * statistics.median(costs)
    print(f"VAD: {ms:.3f} ms per 20 ms frame ({100 * ms / 20:.2f} % of one core per connection); "
          f"{answers} answers found in 60 s")


if __name__ == "__main__":
    main()
