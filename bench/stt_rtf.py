"""Speech-to-text real-time factor (seconds of compute per second of audio), median of 3.

On ~30 s of speech made by the offline voices (Piper English, espeak-ng Korean):
tiny.en and multilingual base on English, base on Korean: final transcripts (faster-whisper's
vad_filter on, our default; for English also off, the comparison behind that default) and
the partial-caption pass (beam 1). Word error rate against the spoken text is printed for
English; for Korean only the transcript's length (base cannot read espeak-ng Korean).

    .venv/bin/python bench/stt_rtf.py
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.settings import Settings  # noqa: E402
from pipelines.stt import transcribe  # noqa: E402
from pipelines.tts import TextToSpeech  # noqa: E402
from pipelines.vad import resample  # noqa: E402

EN = ("In my last role I led the migration of our billing system from a monolith to separate services. "
      "The hardest part was keeping invoices correct while both systems ran side by side. "
      "We wrote reconciliation jobs that compared every invoice each night and alerted us to any difference. "
      "After three months the new system handled all traffic, and support tickets about billing fell by half. "
      "If I did it again, I would invest earlier in automated tests for the old behaviour.")
KO = ("저는 지난 회사에서 결제 시스템을 새로 설계하는 일을 맡았습니다. 가장 어려웠던 점은 두 시스템을 함께 운영하면서 "
      "청구서를 정확하게 유지하는 것이었습니다. 매일 밤 모든 청구서를 비교하는 작업을 만들었고, 차이가 있으면 바로 알림을 "
      "받았습니다. 석 달 뒤에는 새 시스템이 모든 요청을 처리했고, 결제 관련 문의가 절반으로 줄었습니다. "
      "다시 한다면 기존 동작에 대한 자동 테스트를 더 일찍 만들겠습니다.")


def wer(reference: str, hypothesis: str) -> float:
    ref = re.findall(r"[\w']+", reference.lower())
    hyp = re.findall(r"[\w']+", hypothesis.lower())
    d = np.arange(len(hyp) + 1)
    for i, r in enumerate(ref, 1):
        prev, d[0] = d.copy(), i
        for j, h in enumerate(hyp, 1):
            d[j] = min(prev[j] + 1, d[j - 1] + 1, prev[j - 1] + (r != h))
    return float(d[len(hyp)]) / max(len(ref), 1)


def speech(tts: TextToSpeech, text: str, language: str) -> np.ndarray:
    rate, audio = tts.synthesize(text, language)
    return resample(audio.astype(np.float32) / 32768.0, rate, 16000)


def main() -> None:
    settings = Settings()
    models = ModelRegistry(settings)
    tts = TextToSpeech(models, settings)
    audio = {"en": speech(tts, EN, "en"), "ko": speech(tts, KO, "ko")}
    cases = [("tiny.en", "stt_en", "en"), ("base", "stt_multi", "en"), ("base", "stt_multi", "ko")]
    print(f"audio: en {len(audio['en']) / 16000:.1f} s, ko {len(audio['ko']) / 16000:.1f} s; "
          f"cpu threads: {os.cpu_count()}")
    for label, registry_name, language in cases:
        started = time.perf_counter()
        models.get(registry_name)
        load_s = time.perf_counter() - started
        clip = audio[language]
        seconds = len(clip) / 16000
        transcribe(models, clip[: 16000 * 3], language)  # warm up
        line = [f"{label:8s} {language}: load {load_s:.2f} s"]
        modes: list[tuple[str, dict[str, bool]]] = [("vad on", {}), ("partial", {"partial": True})]
        if language == "en":  # the vad_filter decision (pipelines/stt.py) rests on this pair
            modes.insert(0, ("vad off", {"vad_filter": False}))
        for mode, kwargs in modes:
            times, text = [], ""
            for _ in range(3):
                started = time.perf_counter()
                text = transcribe(models, clip, language, model_name=registry_name, **kwargs).text
                times.append(time.perf_counter() - started)
            rtf = statistics.median(times) / seconds
            quality = f" WER {wer(EN, text):.2f}" if language == "en" else f" chars {len(text)}"
            line.append(f"{mode}: RTF {rtf:.3f} ({statistics.median(times):.2f} s){quality}")
        print(" | ".join(line))


if __name__ == "__main__":
    main()
