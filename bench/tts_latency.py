"""Text-to-speech latency: time to the first chunk (first sentence) and real-time factor
(synthesis seconds per second of speech) for a three-sentence question, en (Piper) and
ko (espeak-ng); median of 5 after a warm-up. Load time is printed separately.

    .venv/bin/python bench/tts_latency.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.settings import Settings  # noqa: E402
from pipelines.tts import TextToSpeech  # noqa: E402

QUESTIONS = {
    "en": ("Thank you, that was helpful. You mentioned migrating the billing system while both versions ran. "
           "How did you decide when the new system was safe to take all the traffic?"),
    "ko": ("좋은 답변 감사합니다. 두 시스템을 함께 운영하면서 결제 시스템을 옮겼다고 하셨는데요. "
           "새 시스템이 모든 요청을 처리해도 안전하다는 것은 어떻게 판단하셨나요?"),
}


def main() -> None:
    settings = Settings()
    models = ModelRegistry(settings)
    tts = TextToSpeech(models, settings)
    print(f"cpu threads: {os.cpu_count()}; median of 5")
    for language, text in QUESTIONS.items():
        started = time.perf_counter()
        tts.warm_up(language)
        load_s = time.perf_counter() - started
        list(tts.stream(text, language))  # warm-up
        firsts, totals, audio_s = [], [], 0.0
        for _ in range(5):
            started = time.perf_counter()
            first, seconds = None, 0.0
            for chunk_rate, chunk in tts.stream(text, language):
                if first is None:
                    first = time.perf_counter() - started
                seconds += len(chunk) / chunk_rate
            totals.append(time.perf_counter() - started)
            firsts.append(first or 0.0)
            audio_s = seconds
        print(f"{language}: load {load_s:.2f} s | first chunk {1000 * statistics.median(firsts):.0f} ms | "
              f"whole question {1000 * statistics.median(totals):.0f} ms for {audio_s:.1f} s of speech | "
              f"RTF {statistics.median(totals) / audio_s:.3f}")


if __name__ == "__main__":
    main()
