"""End-of-answer detection on speech made by the product's own voices, streamed the way
WebRTC delivers it: 20 ms frames of 48 kHz int16 shaped (1, n)."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.vad import AnswerSegmenter, VadEvent
from tests import media_factory as mf

FIRST = "I led the migration of our billing system."
SECOND = "It took six months and saved a lot of money."


def stream(segmenter: AnswerSegmenter, audio48: np.ndarray) -> list[VadEvent]:
    pcm = (np.clip(audio48, -1, 1) * 32767).astype(np.int16)
    events: list[VadEvent] = []
    for start in range(0, len(pcm), 960):
        events += segmenter.feed(pcm[start:start + 960].reshape(1, -1), 48000)
    return events


def segmenter(end_silence_s: float = 1.2) -> AnswerSegmenter:
    reg = mf.registry()
    return AnswerSegmenter.from_settings(reg, reg.settings, end_silence_s=end_silence_s)


def ends(events: list[VadEvent]) -> list[VadEvent]:
    return [e for e in events if e.kind == "speech_end"]


def test_a_pause_shorter_than_the_window_keeps_one_answer() -> None:
    first = mf.speech(FIRST, "en", 48000)
    audio = np.concatenate([mf.silence(0.5, 48000), first, mf.silence(0.8, 48000),
                            mf.speech(SECOND, "en", 48000), mf.silence(2.0, 48000)])
    seg = segmenter(1.2)
    events = stream(seg, audio)
    finished = ends(events)
    assert len(finished) == 1
    assert events[0].kind == "speech_start" and 0.4 < events[0].at_s < 1.2
    answer = finished[0].audio
    assert answer is not None
    # the answer holds both sentences and the thinking pause between them
    assert len(answer) / 16000 > len(first) / 48000 + 0.8 + 1.0
    assert not seg.in_answer and not seg.is_speaking


def test_a_silence_longer_than_the_window_ends_the_answer() -> None:
    audio = mf.utterance([0.5, FIRST, 1.8, SECOND, 2.0], "en", 48000)
    finished = ends(stream(segmenter(1.2), audio))
    assert len(finished) == 2
    first_len = len(mf.speech(FIRST, "en", 48000)) / 48000
    assert finished[0].at_s < 0.5 + first_len + 1.8  # ended during the pause, before the second sentence
    assert finished[0].audio is not None and len(finished[0].audio) / 16000 < first_len + 0.5


def test_the_silence_window_is_the_jobs_setting() -> None:
    audio = mf.utterance([0.5, FIRST, 0.8, SECOND, 2.0], "en", 48000)
    assert len(ends(stream(segmenter(0.5), audio))) == 2
    assert len(ends(stream(segmenter(1.2), audio))) == 1


def test_silence_only_never_triggers() -> None:
    seg = segmenter()
    assert stream(seg, mf.silence(6.0, 48000)) == []
    assert not seg.in_answer and seg.finish() is None


@pytest.mark.parametrize("level_db", [-45.0, -25.0])
def test_noise_only_is_not_an_answer(level_db: float) -> None:
    seg = segmenter()
    events = stream(seg, mf.noise(6.0, 48000, level_db=level_db))
    assert ends(events) == []
    assert not seg.is_speaking and seg.finish() is None


def test_is_speaking_follows_the_voice_for_barge_in() -> None:
    seg = segmenter(1.2)
    speech = mf.speech(FIRST, "en", 48000)
    events = stream(seg, np.concatenate([mf.silence(0.3, 48000), speech[: 48000 * 3 // 2]]))
    assert [e.kind for e in events] == ["speech_start"]
    assert seg.is_speaking and seg.in_answer
    stream(seg, mf.silence(0.6, 48000))
    assert not seg.is_speaking and seg.in_answer  # a pause: the answer is still open
    assert seg.silence_s >= 0.5


def test_finish_ends_the_answer_at_once_with_its_audio() -> None:
    seg = segmenter(1.2)
    stream(seg, mf.utterance([0.3, FIRST], "en", 48000))
    event = seg.finish()
    assert event is not None and event.kind == "speech_end"
    assert event.audio is not None and len(event.audio) > 16000
    assert event.voiced_s > 1.0 and not seg.in_answer


def test_float32_at_16k_segments_like_int16_at_48k() -> None:
    audio16 = mf.utterance([0.5, FIRST, 1.8, SECOND, 2.0], "en", 16000)
    seg = segmenter(1.2)
    events: list[VadEvent] = []
    for start in range(0, len(audio16), 320):
        events += seg.feed(audio16[start:start + 320], 16000)
    assert len(ends(events)) == 2


def test_korean_speech_with_a_short_pause_is_one_answer() -> None:
    audio = mf.utterance([0.5, "저는 백엔드 개발자입니다.", 0.7, "데이터베이스를 설계했습니다.", 2.0], "ko", 48000)
    assert len(ends(stream(segmenter(1.2), audio))) == 1
