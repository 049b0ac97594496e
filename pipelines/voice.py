"""Delivery metrics of one spoken answer, and the voice confidence score (the seed's 자신감).

Input: the answer's audio (mono 16 kHz float32, as ``AnswerSegmenter`` returns it) and
the transcript's words (``pipelines.stt.Word``). Shown to recruiters and, as feedback,
to candidates; never used to end an answer.

How each metric is measured
- Frames of 20 ms; a frame's level is its RMS in dBFS. A frame is voiced when its level
  is at least ``max(-80, p10 + 10, p95 - 30)`` dBFS (p10/p95: percentiles of the
  answer's frame levels: 10 dB over the room's noise floor, and within 30 dB of the
  speaker's own peaks, so scaling the audio scales nothing but the level); for timing,
  voiced runs closer than 0.15 s are joined (gaps inside words).
- ``duration_s``: length of the audio. ``voiced_s`` (internal): voiced frames' time.
- ``words_per_minute``: transcript words / voiced minutes.
- Pauses: unvoiced gaps of at least 0.25 s between the first and last voiced frame.
  ``pause_ratio`` = pause time / that span; ``longest_pause_s`` = the longest gap.
- ``filler_count``: transcript tokens (lower-cased, punctuation stripped) that are
  fillers: en um, uh, erm, er, ah, hmm, "you know", "I mean", and "like" unless it
  follows a word that makes it a verb or preposition ("I like", "would like", "looks
  like"); ko 음, 어, 그, 저, 뭐, 이제, 약간, 막, 그러니까, 아, 에 (whole tokens only:
  "그게" or "저는" are not fillers).
- ``loudness_db``: mean level (dBFS) of voiced frames (before joining); ``loudness_std_db``:
  their standard deviation.

Confidence, 0-100 = round(100 * (0.25 level + 0.15 steadiness + 0.25 pace + 0.15 pauses
+ 0.20 fillers)), each part in [0, 1]:
- level = clip((loudness_db + 45) / 15): -45 dBFS or quieter 0, -30 dBFS or louder 1;
- steadiness = clip(1 - (loudness_std_db - 8) / 10): up to 8 dB of variation 1, 18 dB 0;
- pace = 1 inside the language's band, falling linearly to 0 at half the lower bound and
  at 1.5 times the upper bound. en: 120-200 words per minute of voiced time (pauses
  removed, so about 100-170 over the whole answer, the usual conversational band);
  ko: 3.0-6.0 Hangul syllables per second of voiced time (Korean words, eojeol, vary
  too much in length for words per minute);
- pauses = clip(1 - (pause_ratio - 0.15) / 0.45) * clip(1 - (longest_pause_s - 1.0) / 4.0);
- fillers = clip(1 - (filler_count / words) / 0.15): 15 % fillers or more 0.
An answer with no voiced audio or no transcribed words scores 0 (and words_per_minute 0).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipelines.stt import Word
from pipelines.vad import SAMPLE_RATE

FRAME_S = 0.02
MIN_PAUSE_S = 0.25
JOIN_GAP_S = 0.15
WEIGHTS = {"level": 0.25, "steadiness": 0.15, "pace": 0.25, "pauses": 0.15, "fillers": 0.20}
PACE_BANDS = {"en": (120.0, 200.0), "ko": (3.0, 6.0)}  # en words/min, ko syllables/s (voiced time)

FILLERS = {
    "en": {"um", "umm", "uh", "uhh", "uhm", "erm", "er", "ah", "hmm", "mm", "mhm", "like"},
    "ko": {"음", "음음", "으음", "어", "어어", "그", "저", "뭐", "이제", "약간", "막", "그러니까", "아", "에"},
}
FILLER_PHRASES = {"en": [("you", "know"), ("i", "mean")], "ko": []}
# "like" after these is a verb, a preposition or a comparison, not a filler
_LIKE_NOT_FILLER_AFTER = {
    "i", "you", "we", "they", "he", "she", "it", "would", "wouldn't", "i'd", "we'd", "you'd", "they'd",
    "do", "don't", "did", "didn't", "does", "doesn't", "to", "really", "also", "looks", "look", "looked",
    "feel", "feels", "felt", "seem", "seems", "sound", "sounds", "something", "nothing", "anything", "things",
    "much", "more", "most", "people", "just",
}
_STRIP = re.compile(r"^[^\w']+|[^\w']+$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Delivery:
    duration_s: float
    words_per_minute: float
    pause_ratio: float
    filler_count: int
    loudness_db: float
    confidence: int
    longest_pause_s: float
    loudness_std_db: float

    def to_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def tokens(words: Sequence[Word]) -> list[str]:
    """Lower-cased word tokens without surrounding punctuation (whisper words may hold several)."""
    out: list[str] = []
    for word in words:
        for part in word.text.lower().replace("~", " ").replace("…", " ").split():
            token = _STRIP.sub("", part)
            if token:
                out.append(token)
    return out


def count_fillers(toks: Sequence[str], language: str) -> int:
    lang = _lang(language)
    singles = FILLERS.get(lang, set())
    count = 0
    for i, token in enumerate(toks):
        if token in singles:
            if token == "like" and i > 0 and toks[i - 1] in _LIKE_NOT_FILLER_AFTER:
                continue
            count += 1
    for first, second in FILLER_PHRASES.get(lang, []):
        count += sum(1 for a, b in zip(toks, toks[1:], strict=False) if a == first and b == second)
    return count


def frame_levels(audio16k: np.ndarray) -> np.ndarray:
    """RMS level in dBFS of each 20 ms frame."""
    n = int(FRAME_S * SAMPLE_RATE)
    audio = np.asarray(audio16k, dtype=np.float64).reshape(-1)
    frames = audio[: len(audio) // n * n].reshape(-1, n)
    rms = np.sqrt(np.mean(frames**2, axis=1)) if len(frames) else np.zeros(0)
    return np.asarray(20 * np.log10(np.maximum(rms, 1e-6)))


def voiced_frames(levels: np.ndarray) -> np.ndarray:
    """Frames loud enough to be speech, relative to the answer's own noise floor and peaks."""
    if levels.size == 0:
        return np.zeros(0, bool)
    p10, p95 = np.percentile(levels, [10, 95])
    return np.asarray(levels >= max(-80.0, p10 + 10.0, p95 - 30.0))


def join_gaps(mask: np.ndarray, gap_s: float = JOIN_GAP_S) -> np.ndarray:
    """Voiced runs closer than ``gap_s`` joined (the short dips inside and between words)."""
    joined = mask.copy()
    idx = np.flatnonzero(mask)
    for a, b in zip(idx, idx[1:], strict=False):
        if 1 < b - a <= int(round(gap_s / FRAME_S)) + 1:
            joined[a:b] = True
    return joined


def _gaps(mask: np.ndarray) -> list[float]:
    """Lengths (s) of unvoiced runs between the first and last voiced frame."""
    idx = np.flatnonzero(mask)
    if idx.size < 2:
        return []
    steps = np.diff(idx) - 1
    return [float(s) * FRAME_S for s in steps if s > 0]


def _clip(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def _lang(language: str) -> str:
    return "ko" if language.lower().startswith("ko") else "en"


def pace_score(rate: float, language: str) -> float:
    low, high = PACE_BANDS[_lang(language)]
    if rate < low:
        return _clip(1 - (low - rate) / (0.5 * low))
    if rate > high:
        return _clip(1 - (rate - high) / (0.5 * high))
    return 1.0


def confidence_score(*, loudness_db: float, loudness_std_db: float, pace_rate: float, language: str,
                     pause_ratio: float, longest_pause_s: float, filler_count: int, word_count: int) -> int:
    """The 0-100 score of the module docstring; ``pace_rate`` is wpm (en) or syllables/s (ko)."""
    parts = {
        "level": _clip((loudness_db + 45.0) / 15.0),
        "steadiness": _clip(1 - (loudness_std_db - 8.0) / 10.0),
        "pace": pace_score(pace_rate, language),
        "pauses": _clip(1 - (pause_ratio - 0.15) / 0.45) * _clip(1 - (longest_pause_s - 1.0) / 4.0),
        "fillers": _clip(1 - (filler_count / max(word_count, 1)) / 0.15),
    }
    return int(round(100 * sum(WEIGHTS[k] * v for k, v in parts.items())))


def delivery_metrics(audio16k: np.ndarray, words: Sequence[Word], language: str) -> dict[str, float | int]:
    """The answer's delivery dict (keys: ``Delivery``'s fields)."""
    duration = len(audio16k) / SAMPLE_RATE
    levels = frame_levels(audio16k)
    raw = voiced_frames(levels)
    mask = join_gaps(raw)
    voiced_s = float(mask.sum()) * FRAME_S
    toks = tokens(words)
    fillers = count_fillers(toks, language)
    if voiced_s < FRAME_S or not toks:
        loud = float(levels[raw].mean()) if raw.any() else float(levels.mean()) if levels.size else -120.0
        return Delivery(round(duration, 2), 0.0, 0.0, fillers, round(loud, 1), 0, 0.0, 0.0).to_dict()
    idx = np.flatnonzero(mask)
    span = (idx[-1] - idx[0] + 1) * FRAME_S
    pauses = [g for g in _gaps(mask) if g >= MIN_PAUSE_S]
    pause_ratio = float(sum(pauses) / span) if span > 0 else 0.0
    longest = max(pauses, default=0.0)
    wpm = len(toks) / (voiced_s / 60.0)
    voiced_levels = levels[raw]
    loudness, spread = float(voiced_levels.mean()), float(voiced_levels.std())
    if _lang(language) == "ko":
        pace_rate = len(_HANGUL.findall(" ".join(toks))) / voiced_s
    else:
        pace_rate = wpm
    confidence = confidence_score(loudness_db=loudness, loudness_std_db=spread, pace_rate=pace_rate,
                                  language=language, pause_ratio=pause_ratio, longest_pause_s=longest,
                                  filler_count=fillers, word_count=len(toks))
    return Delivery(round(duration, 2), round(wpm, 1), round(pause_ratio, 3), fillers, round(loudness, 1),
                    confidence, round(longest, 2), round(spread, 1)).to_dict()
