"""Delivery metrics and the confidence score (formula in pipelines/voice.py)."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.stt import Word, transcribe
from pipelines.voice import confidence_score, count_fillers, delivery_metrics, tokens
from tests import media_factory as mf

API_KEYS = {"duration_s", "words_per_minute", "pause_ratio", "filler_count", "loudness_db", "confidence"}


def words_of(text: str) -> list[Word]:
    return [Word(t, i * 0.3, i * 0.3 + 0.25, 0.9) for i, t in enumerate(text.split())]


@pytest.fixture(scope="module")
def answer() -> tuple[np.ndarray, list[Word]]:
    audio = mf.utterance([0.3, "I led the migration of our billing system.", 0.8,
                          "It took six months and saved a lot of money.", 0.3], "en")
    return audio, transcribe(mf.registry(), audio, "en").words


def test_metrics_of_a_spoken_answer(answer: tuple[np.ndarray, list[Word]]) -> None:
    audio, words = answer
    metrics = delivery_metrics(audio, words, "en")
    assert set(metrics) == API_KEYS | {"longest_pause_s", "loudness_std_db"}
    assert metrics["duration_s"] == pytest.approx(len(audio) / 16000, abs=0.01)
    assert 0.8 <= metrics["longest_pause_s"] <= 1.2  # the 0.8 s pause, plus the voice's own edges
    assert 0.05 < metrics["pause_ratio"] < 0.5
    assert 100 < metrics["words_per_minute"] < 400
    assert -40 < metrics["loudness_db"] < -10
    half = delivery_metrics(audio * 0.5, words, "en")  # half the amplitude is 6 dB quieter
    assert metrics["loudness_db"] - half["loudness_db"] == pytest.approx(6.02, abs=0.3)
    assert metrics["filler_count"] == 0 and 0 < metrics["confidence"] <= 100


def test_a_quieter_voice_scores_lower(answer: tuple[np.ndarray, list[Word]]) -> None:
    audio, words = answer
    normal = delivery_metrics(audio, words, "en")
    quiet = delivery_metrics(audio * 0.02, words, "en")
    assert quiet["loudness_db"] < normal["loudness_db"] - 25
    assert quiet["confidence"] < normal["confidence"]


def test_more_fillers_score_lower(answer: tuple[np.ndarray, list[Word]]) -> None:
    audio, words = answer
    fillers = [Word(t, 0, 0, 1) for t in ("um,", "uh", "you", "know")]
    base = delivery_metrics(audio, words, "en")
    more = delivery_metrics(audio, words + fillers, "en")
    most = delivery_metrics(audio, words + fillers * 3, "en")
    assert (base["filler_count"], more["filler_count"], most["filler_count"]) == (0, 3, 9)
    assert base["confidence"] > more["confidence"] > most["confidence"]


def test_a_pace_outside_the_band_scores_lower() -> None:
    common = {"loudness_db": -25.0, "loudness_std_db": 6.0, "pause_ratio": 0.1, "longest_pause_s": 0.5,
              "filler_count": 0, "word_count": 40}
    inside = confidence_score(pace_rate=150, language="en", **common)
    assert confidence_score(pace_rate=70, language="en", **common) < inside
    assert confidence_score(pace_rate=280, language="en", **common) < inside
    assert confidence_score(pace_rate=40, language="en", **common) < confidence_score(pace_rate=70, language="en",
                                                                                      **common)
    ko_inside = confidence_score(pace_rate=4.5, language="ko", **common)
    assert confidence_score(pace_rate=1.5, language="ko", **common) < ko_inside
    assert confidence_score(pace_rate=9.0, language="ko", **common) < ko_inside


def test_long_pauses_and_unsteady_volume_score_lower() -> None:
    common = {"loudness_db": -25.0, "pace_rate": 150, "language": "en", "filler_count": 0, "word_count": 40}
    steady = confidence_score(loudness_std_db=6.0, pause_ratio=0.1, longest_pause_s=0.5, **common)
    assert confidence_score(loudness_std_db=15.0, pause_ratio=0.1, longest_pause_s=0.5, **common) < steady
    assert confidence_score(loudness_std_db=6.0, pause_ratio=0.45, longest_pause_s=3.0, **common) < steady
    assert steady == 100


def test_fillers_are_counted_as_tokens_not_substrings() -> None:
    en = tokens(words_of("Um, I like Python, like, you know, it's umbrella-like. I mean it."))
    assert count_fillers(en, "en") == 4  # um, the second "like", "you know", "I mean"
    assert count_fillers(tokens(words_of("The umbrella summary is unlikely.")), "en") == 0
    ko = tokens(words_of("음... 그게 저는 어 이제 프로젝트를 약간 뭐 했습니다"))
    assert count_fillers(ko, "ko") == 5  # 음, 어, 이제, 약간, 뭐; not 그게 or 저는


def test_korean_pace_uses_syllables() -> None:
    audio = mf.utterance([0.3, "저는 데이터베이스를 설계했습니다.", 0.3], "ko")
    words = words_of("저는 데이터베이스를 설계했습니다")
    metrics = delivery_metrics(audio, words, "ko")
    assert metrics["words_per_minute"] > 0 and metrics["confidence"] > 0
    slow = delivery_metrics(audio, words_of("저는"), "ko")  # 2 syllables over the same time: far too slow
    assert slow["confidence"] < metrics["confidence"]


def test_silence_has_no_delivery() -> None:
    metrics = delivery_metrics(mf.silence(3.0), [], "en")
    assert metrics["words_per_minute"] == 0 and metrics["confidence"] == 0 and metrics["duration_s"] == 3.0
