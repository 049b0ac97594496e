"""Text to speech: streamed per sentence, audible, understood by our own STT (English)."""

from __future__ import annotations

import json
import threading
import wave
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines import model_files
from pipelines.stt import transcribe
from pipelines.tts import EspeakEngine, TextToSpeech, split_sentences
from pipelines.vad import resample
from tests import media_factory as mf
from tests.http_stub import serving

QUESTION = ("Thank you for joining us today. Tell me about a database you designed. "
            "What would you change about it now?")


def to16k(rate: int, audio: np.ndarray) -> np.ndarray:
    return resample(audio.astype(np.float32) / 32768.0, rate, 16000)


def rms_db(audio: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean((audio.astype(np.float64) / 32768.0) ** 2)) + 1e-12))


def test_sentences_split_on_terminators_in_both_languages() -> None:
    assert split_sentences("Hello there. How are you?\nFine!") == ["Hello there.", "How are you?", "Fine!"]
    assert split_sentences("안녕하세요. 자기소개를 해 주세요? 네") == ["안녕하세요.", "자기소개를 해 주세요?", "네"]
    assert split_sentences("Version 2.5 is out") == ["Version 2.5 is out"]
    assert split_sentences("  ") == []


def test_english_streams_the_first_sentence_before_the_rest() -> None:
    chunks = mf.voices().stream(QUESTION, "en")
    rate, first = next(chunks)  # only the first sentence has been synthesised so far
    assert rate == 22050 and first.dtype == np.int16
    heard = transcribe(mf.registry(), to16k(rate, first), "en").text.lower()
    assert "joining" in heard and "database" not in heard and "change" not in heard
    rest = list(chunks)
    assert len(rest) == 2
    whole = transcribe(mf.registry(), to16k(rate, np.concatenate([first, *(a for _, a in rest)])), "en").text
    assert all(word in whole.lower() for word in ("joining", "database", "designed", "change")), whole


def test_korean_speech_is_audible(tmp_path: Path) -> None:
    rate, audio = mf.voices().synthesize("안녕하세요. 자기소개를 해 주세요.", "ko")
    assert rate == 22050 and audio.dtype == np.int16
    assert 1.0 < len(audio) / rate < 8.0
    assert rms_db(audio) > -35
    chunks = list(mf.voices().stream("안녕하세요. 자기소개를 해 주세요.", "ko"))
    assert len(chunks) == 2 and all(rms_db(a) > -35 for _, a in chunks)


def test_the_korean_voice_is_safe_from_several_threads() -> None:
    engine: EspeakEngine = mf.registry().get("tts_ko")
    texts = ["첫 번째 질문입니다.", "두 번째 질문은 조금 더 깁니다.", "세 번째."]
    expected = [engine.synthesize(t) for t in texts]
    results: dict[int, np.ndarray] = {}

    def speak(i: int) -> None:
        results[i] = engine.synthesize(texts[i % 3])

    threads = [threading.Thread(target=speak, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # espeak-ng's output varies by a few samples from call to call (its noise source), but
    # unserialised calls would mix sentences into one buffer and leave another empty
    for i in range(6):
        assert abs(len(results[i]) - len(expected[i % 3])) < 0.01 * len(expected[i % 3]), i


def test_an_unknown_espeak_voice_fails_at_load() -> None:
    with pytest.raises(ValueError, match="no voice"):
        EspeakEngine.load(model_files.espeak_ng()[0], voice="no-such-voice")


class _VoiceService(BaseHTTPRequestHandler):
    """A stand-in for the production voice service's HTTP API (module docstring of pipelines.tts),
    answering with real espeak-ng speech at 16 kHz, or failing when asked to."""

    requests: list[dict[str, Any]] = []
    fail = False

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if type(self).fail:
            self.send_response(503)
            self.end_headers()
            return
        rate, audio = mf.voices().synthesize(body["text"], "ko")
        pcm = (resample(audio.astype(np.float32) / 32768, rate, 16000) * 32767).astype(np.int16)
        out = BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(pcm.tobytes())
        self.send_response(200)
        self.send_header("Content-Type", "audio/wav")
        self.send_header("Content-Length", str(len(out.getvalue())))
        self.end_headers()
        self.wfile.write(out.getvalue())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def voice_service() -> Iterator[str]:
    _VoiceService.requests, _VoiceService.fail = [], False
    with serving(_VoiceService) as url:
        yield f"{url}/speak"


def test_the_service_voice_is_used_per_sentence(voice_service: str) -> None:
    reg = mf.registry()
    settings = reg.settings.model_copy(update={"tts_service_url": voice_service, "tts_service_voice": "ko-neural"})
    chunks = list(TextToSpeech(reg, settings).stream("안녕하세요. 시작하겠습니다.", "ko"))
    assert [rate for rate, _ in chunks] == [16000, 16000] and all(rms_db(a) > -35 for _, a in chunks)
    assert _VoiceService.requests == [
        {"text": "안녕하세요.", "language": "ko", "voice": "ko-neural"},
        {"text": "시작하겠습니다.", "language": "ko", "voice": "ko-neural"},
    ]


def test_a_failing_service_falls_back_to_the_offline_voice(voice_service: str) -> None:
    _VoiceService.fail = True
    reg = mf.registry()
    settings = reg.settings.model_copy(update={"tts_service_url": voice_service})
    rate, audio = TextToSpeech(reg, settings).synthesize("Tell me about yourself.", "en")
    assert len(_VoiceService.requests) == 1
    assert rate == 22050 and "yourself" in transcribe(reg, to16k(rate, audio), "en").text.lower()
