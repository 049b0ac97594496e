"""Speech to text on speech made by the product's voices, with the real offline models."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest

from pipelines.settings import Settings
from pipelines.stt import PartialTranscriber, Transcript, load_audio_file, model_for, transcribe
from pipelines.vad import resample
from tests import media_factory as mf

ANSWER = "I designed the database schema and wrote the billing service in Python."
KEY_WORDS = ("database", "billing", "python")


@pytest.fixture(scope="module")
def english() -> np.ndarray:
    return mf.utterance([0.3, ANSWER, 0.5], "en")


def _words(text: str) -> str:
    return text.lower()


def test_english_speech_comes_back_as_its_words(english: np.ndarray) -> None:
    result = transcribe(mf.registry(), english, "en")
    assert isinstance(result, Transcript) and result.model == "stt_en" and result.language == "en"
    assert all(word in _words(result.text) for word in KEY_WORDS), result.text
    assert abs(result.duration_s - len(english) / 16000) < 0.01


def test_word_timestamps_increase_and_lie_inside_the_audio(english: np.ndarray) -> None:
    words = transcribe(mf.registry(), english, "en").words
    assert len(words) >= 10
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert all(w.start <= w.end <= len(english) / 16000 + 0.05 and 0 <= w.prob <= 1 for w in words)
    assert " ".join(w.text for w in words).lower().count("billing") == 1


def test_korean_uses_the_multilingual_model() -> None:
    # espeak-ng Korean is not transcribed accurately by base (DESIGN.md): this checks plumbing
    audio = mf.utterance([0.3, "저는 데이터베이스를 설계했습니다.", 0.5], "ko")
    result = transcribe(mf.registry(), audio, "ko")
    assert model_for("ko") == result.model == "stt_multi" and result.language == "ko"
    assert isinstance(result.text, str) and abs(result.duration_s - len(audio) / 16000) < 0.01
    assert all(w.start <= w.end for w in result.words)


def test_silence_and_empty_audio_give_an_empty_transcript() -> None:
    assert transcribe(mf.registry(), np.zeros(0, np.float32), "en").text == ""
    assert transcribe(mf.registry(), mf.silence(0.05), "en").words == []


def test_one_model_serves_several_threads(english: np.ndarray) -> None:
    reg = mf.registry()
    expected = transcribe(reg, english, "en", beam_size=1).text
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(transcribe(reg, english, "en", beam_size=1).text))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 3


def test_partial_captions_are_rate_limited(english: np.ndarray) -> None:
    partial = PartialTranscriber(mf.registry(), "en", interval_s=3600)
    assert partial.maybe(english[:8000]) is None  # under a second of audio: nothing to say yet
    caption = partial.maybe(english)
    assert caption is not None and "database" in caption.lower()
    assert partial.maybe(english) is None  # not due again within the interval
    partial.reset()
    assert partial.maybe(english) is not None


def test_uploaded_wav_and_webm_decode_to_16k(tmp_path: Path, english: np.ndarray) -> None:
    wav = mf.write_wav(tmp_path / "answer.wav", resample(english, 16000, 48000), 48000)
    webm = tmp_path / "answer.webm"
    with av.open(str(webm), "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=48000, layout="mono")
        pcm = (resample(english, 16000, 48000) * 32767).astype(np.int16)
        for start in range(0, len(pcm), 960):
            frame = av.AudioFrame.from_ndarray(pcm[start:start + 960].reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = 48000
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    for path in (wav, webm):
        audio = load_audio_file(path)
        assert audio.dtype == np.float32 and abs(len(audio) / 16000 - len(english) / 16000) < 0.1
        assert "billing" in transcribe(mf.registry(), audio, "en").text.lower()


def test_the_cpu_task_transcribes_and_measures_an_upload(settings: Settings, tmp_path: Path,
                                                         english: np.ndarray) -> None:
    from db.engine import Database
    from pipelines.queues import make_queues
    from pipelines.tasks import TaskRuntime, bind_tasks

    wav = mf.write_wav(tmp_path / "answer.wav", resample(english, 16000, 48000), 48000)
    rt = TaskRuntime(settings=settings, db=Database(settings.database_url), models=mf.registry(),
                     queues=make_queues(settings))
    bind_tasks(rt)
    rt.queues.start_consumers()
    try:
        result = rt.tasks["transcribe_audio_file"](str(wav), "en").get(blocking=True, timeout=120)
    finally:
        rt.queues.stop_consumers()
        rt.db.dispose()
    assert "billing" in result["transcript"]["text"].lower()
    assert result["transcript"]["words"][0].keys() == {"text", "start", "end", "prob"}
    assert result["delivery"]["words_per_minute"] > 0 and result["delivery"]["duration_s"] > 4
